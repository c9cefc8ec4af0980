// SPDX-License-Identifier: GPL-2.0

//! /proc/net/bonding/<bond>.

use crate::bond::device::Bond;
use crate::bond::net::BondNet;
use crate::bond::sysfs::View;
use crate::logic::log::{Level, Log};
use crate::logic::show::{proc_master, BondView};
use crate::logic::slave_show::proc_slave;
use crate::sys::bindings;
use crate::sys::netdev::NetDev;
use crate::sys::print::DevLog;
use crate::sys::procfs::{seq_data, SeqWriter};
use crate::sys::rtnl::Rtnl;
use crate::sys::sync::zeroed;
use core::fmt::Write;

/// The first line of the file. bonding.ko prints its own name and version.
const VERSION_LINE: &str = "Ethernet Channel Bonding Driver: rbonding v0.1";

/// `SEQ_START_TOKEN`.
const START: *mut kernel::ffi::c_void = 1 as *mut kernel::ffi::c_void;

static SEQ_OPS: bindings::seq_operations = {
    // SAFETY: A C struct of optional function pointers.
    let mut ops: bindings::seq_operations = unsafe { zeroed() };
    ops.start = Some(seq_start);
    ops.next = Some(seq_next);
    ops.stop = Some(seq_stop);
    ops.show = Some(seq_show);
    ops
};

/// Creates the bond's /proc entry (bonding.ko does it on NETDEV_REGISTER).
pub(crate) fn create_entry(dev: &NetDev, bond: &Bond, rtnl: &Rtnl) {
    let Some(dir) = BondNet::of(dev).proc_dir() else {
        return;
    };
    let name = dev.name();
    // SAFETY: The entry's data is the device, which stays registered until
    // `remove_entry` (on NETDEV_UNREGISTER) has removed the entry and waited
    // for its readers.
    if unsafe { dir.create_seq(&name, &SEQ_OPS, dev.as_raw().cast()) } {
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
    let Some(dir) = BondNet::of(dev).proc_dir() else {
        return;
    };
    if let Some(name) = bond.proc_name.get(rtnl) {
        dir.remove_entry(&name);
        bond.proc_name.set(rtnl, None);
    }
}

unsafe extern "C" fn seq_start(
    _seq: *mut bindings::seq_file,
    pos: *mut bindings::loff_t,
) -> *mut kernel::ffi::c_void {
    // SAFETY: seq_file passes a valid position.
    if unsafe { *pos } == 0 {
        START
    } else {
        core::ptr::null_mut()
    }
}

unsafe extern "C" fn seq_next(
    _seq: *mut bindings::seq_file,
    _v: *mut kernel::ffi::c_void,
    pos: *mut bindings::loff_t,
) -> *mut kernel::ffi::c_void {
    // SAFETY: seq_file passes a valid position.
    unsafe { *pos += 1 };
    core::ptr::null_mut()
}

unsafe extern "C" fn seq_stop(_seq: *mut bindings::seq_file, _v: *mut kernel::ffi::c_void) {}

unsafe extern "C" fn seq_show(
    seq: *mut bindings::seq_file,
    _v: *mut kernel::ffi::c_void,
) -> kernel::ffi::c_int {
    // SAFETY: The entry was made by `create_entry` with the device as data;
    // the device outlives the entry (see there).
    let dev = unsafe { NetDev::from_raw(seq_data(seq).cast()) };
    let Some(bond) = Bond::from_dev(dev) else {
        return 0;
    };
    // SAFETY: `seq` is the seq_file of this show call.
    let mut out = unsafe { SeqWriter::new(seq) };
    let view = View::new(dev, bond);
    let _ = write!(out, "{}\n\n", VERSION_LINE);
    let _ = proc_master(&view, &mut out);
    let mode = view.params().mode;
    let admin = view.net_admin();
    for (name, st) in view.slaves.iter() {
        let _ = proc_slave(name.as_bytes(), st, mode, None, admin, &mut out);
    }
    0
}
