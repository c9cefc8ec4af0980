// SPDX-License-Identifier: GPL-2.0

//! Per-namespace state: the list of bonds, /sys/class/net/bonding_masters
//! and /proc/net/bonding.

use crate::logic::log::Bytes;
use crate::logic::log::{Level, Log};
use crate::logic::options::parse_ifname_command;
use crate::logic::show::{bonding_masters, BufWriter};
use crate::sys::kvec;
use crate::sys::netdev::{DevRef, IfName, NetDev};
use crate::sys::pernet::{Net, PerNet, PerNetOps};
use crate::sys::print::{ModuleLog, PlainLog};
use crate::sys::procfs::ProcDir;
use crate::sys::rtnl::Rtnl;
use crate::sys::sysfs;
use core::ffi::CStr;
use kernel::prelude::*;
use kernel::sync::Mutex;

/// The directory name under /proc/net, as bonding.ko's.
pub(crate) const PROC_DIR: &core::ffi::CStr = c"bonding";

/// Per-namespace state (bonding.ko's `struct bond_net`).
#[pin_data]
pub(crate) struct BondNet {
    /// Registered bonds of this namespace, in creation order. A device is
    /// added by its ndo_init and removed by its ndo_uninit (before the core
    /// waits for its references to go).
    #[pin]
    bonds: Mutex<KVec<DevRef>>,
}

/// The pernet registration.
pub(crate) static BOND_NET_OPS: PerNetOps<BondNet> = PerNetOps::new();

impl BondNet {
    /// The state of `dev`'s namespace.
    pub(crate) fn of(dev: &NetDev) -> Option<&BondNet> {
        BOND_NET_OPS.of(dev.net())
    }

    /// The /proc/net/bonding directory of `dev`'s namespace, if it could be
    /// created.
    pub(crate) fn proc_dir(dev: &NetDev) -> Option<&ProcDir> {
        BOND_NET_OPS.proc_dir(dev.net())
    }

    /// Adds a bond being registered.
    pub(crate) fn add_bond(&self, dev: &NetDev, _rtnl: &Rtnl) -> Result {
        self.bonds.lock().push(dev.into(), GFP_KERNEL)?;
        Ok(())
    }

    /// Removes a bond being unregistered.
    pub(crate) fn remove_bond(&self, dev: &NetDev, _rtnl: &Rtnl) {
        let mut bonds = self.bonds.lock();
        if let Some(i) = bonds.iter().position(|d| core::ptr::eq(&**d, dev)) {
            kvec::remove(&mut bonds, i);
        }
    }

    /// The bond named `name`, if any.
    fn bond_by_name(&self, name: &[u8], _rtnl: &Rtnl) -> Option<DevRef> {
        let bonds = self.bonds.lock();
        bonds.iter().find(|d| d.name().as_bytes() == name).cloned()
    }

    fn show_masters(&self, out: &mut dyn core::fmt::Write) -> core::fmt::Result {
        let bonds = self.bonds.lock();
        let names: KVec<IfName> = {
            let mut v = KVec::new();
            for d in bonds.iter() {
                if v.push(d.name(), GFP_KERNEL).is_err() {
                    break;
                }
            }
            v
        };
        drop(bonds);
        bonding_masters(&mut names.iter().map(|n| n.as_bytes()), out)
    }

    fn store_masters(&self, net: &Net, input: &[u8]) -> Result {
        let mut log = ModuleLog;
        let Ok((cmd, ifname)) = parse_ifname_command(input) else {
            log.log(
                Level::Err,
                format_args!("no command found in bonding_masters - use +ifname or -ifname"),
            );
            return Err(EPERM);
        };
        if cmd == b'+' {
            log.log(
                Level::Info,
                format_args!("{} is being created...", Bytes(ifname)),
            );
            if let Err(e) = crate::bond::device::create(net, Some(&IfName::new(ifname))) {
                if e == EEXIST {
                    log.log(
                        Level::Info,
                        format_args!("{} already exists", Bytes(ifname)),
                    );
                } else {
                    log.log(
                        Level::Info,
                        format_args!("{} creation failed", Bytes(ifname)),
                    );
                }
                return Err(e);
            }
            return Ok(());
        }
        let rtnl = Rtnl::lock();
        match self.bond_by_name(ifname, &rtnl) {
            Some(dev) => {
                log.log(
                    Level::Info,
                    format_args!("{} is being deleted...", Bytes(ifname)),
                );
                dev.unregister(&rtnl);
                Ok(())
            }
            None => {
                log.log(
                    Level::Err,
                    format_args!("unable to delete non-existent {}", Bytes(ifname)),
                );
                Err(ENODEV)
            }
        }
    }
}

/// Whether /sys/class/net/bonding_masters exists in the caller's namespace,
/// i.e. another bonding driver is loaded.
pub(crate) fn other_driver_loaded() -> bool {
    sysfs::path_exists(c"/sys/class/net/bonding_masters")
}

impl PerNet for BondNet {
    fn ops() -> &'static PerNetOps<Self> {
        &BOND_NET_OPS
    }

    fn init(_net: &Net) -> impl PinInit<Self, Error> {
        try_pin_init!(BondNet {
            bonds <- kernel::new_mutex!(KVec::new()),
        }? Error)
    }

    const PROC_DIR: Option<&'static CStr> = Some(PROC_DIR);

    fn proc_dir_failed(_net: &Net) {
        PlainLog.log(
            Level::Warn,
            format_args!("Warning: Cannot create /proc/net/bonding"),
        );
    }

    const CLASS_FILE: Option<&'static CStr> = Some(c"bonding_masters");

    fn class_file_failed(&self, _net: &Net, e: Error) {
        if e == EEXIST {
            // As bonding.ko: a device called bonding_masters blocks the file.
            ModuleLog.log(
                Level::Err,
                format_args!("network device named bonding_masters already exists in sysfs"),
            );
        }
    }

    fn class_show(&self, _net: &Net, out: &mut BufWriter<'_>) {
        let _ = self.show_masters(out);
    }

    fn class_store(&self, net: &Net, input: &[u8]) -> Result {
        self.store_masters(net, input)
    }

    /// Destroys the namespace's bonds (bonding_masters is gone by now).
    fn exit(&self, _net: &Net) {
        let rtnl = Rtnl::lock();
        loop {
            let first = self.bonds.lock().first().cloned();
            let Some(d) = first else { break };
            d.unregister(&rtnl);
        }
    }
}
