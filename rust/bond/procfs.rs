// SPDX-License-Identifier: GPL-2.0

//! /proc/net/bonding/<bond>.

use crate::bond::device::Bond;
use crate::bond::net::BondNet;
use crate::bond::sysfs::View;
use crate::logic::log::{Level, Log};
use crate::logic::show::{proc_master, BondView};
use crate::logic::slave_show::proc_slave;
use crate::sys::netdev::NetDev;
use crate::sys::print::DevLog;
use crate::sys::procfs::{ProcShow, SeqWriter};
use crate::sys::rtnl::Rtnl;
use core::fmt::Write;

/// The first line of the file. bonding.ko prints its own name and version.
const VERSION_LINE: &str = "Ethernet Channel Bonding Driver: rbonding v0.1";

/// Creates the bond's /proc entry (bonding.ko does it on NETDEV_REGISTER).
pub(crate) fn create_entry(dev: &NetDev, bond: &Bond, rtnl: &Rtnl) {
    let Some(dir) = BondNet::proc_dir(dev) else {
        return;
    };
    let name = dev.name();
    if dir.create_dev_file::<Bond>(&name, dev) {
        bond.proc_name.set(rtnl, Some(name));
    } else {
        DevLog::new(dev).log(
            Level::Warn,
            format_args!(
                "Cannot create /proc/net/bonding/{}",
                crate::logic::log::Bytes(name.as_bytes())
            ),
        );
    }
}

/// Removes the bond's /proc entry.
pub(crate) fn remove_entry(dev: &NetDev, bond: &Bond, rtnl: &Rtnl) {
    let Some(dir) = BondNet::proc_dir(dev) else {
        return;
    };
    if let Some(name) = bond.proc_name.get(rtnl) {
        dir.remove_entry(&name);
        bond.proc_name.set(rtnl, None);
    }
}

impl ProcShow for Bond {
    fn proc_show(&self, dev: &NetDev, out: &mut SeqWriter) {
        let view = View::new(dev, self);
        let _ = write!(out, "{}\n\n", VERSION_LINE);
        let _ = proc_master(&view, out);
        let mode = view.params().mode;
        let admin = view.net_admin();
        for (i, (name, st)) in view.slaves.iter().enumerate() {
            let ad = view.ad_ports.get(i).and_then(|p| p.as_ref());
            let _ = proc_slave(name.as_bytes(), st, mode, ad, admin, out);
        }
    }
}
