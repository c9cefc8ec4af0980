// SPDX-License-Identifier: GPL-2.0

//! The netdevice notifier: what happens to bonds (and later slaves) outside
//! the driver's own calls.

use crate::bond::device::Bond;
use crate::bond::procfs;
use crate::sys::bindings;
use crate::sys::netdev::NetDev;
use crate::sys::rtnl::Rtnl;
use crate::sys::sync::{zeroed, CStatic};
use kernel::error::{to_result, Result};

static NOTIFIER: CStatic<bindings::notifier_block> = CStatic::new({
    // SAFETY: A C struct of a function pointer, a link and an int.
    let mut nb: bindings::notifier_block = unsafe { zeroed() };
    nb.notifier_call = Some(netdev_event);
    nb
});

/// Registers the notifier (it replays REGISTER for existing devices).
pub(crate) fn register() -> Result {
    // SAFETY: The block is static and unregistered before the module goes.
    to_result(unsafe { bindings::register_netdevice_notifier(NOTIFIER.get()) })
}

/// Unregisters the notifier (it replays UNREGISTER for existing devices).
pub(crate) fn unregister() {
    // SAFETY: Registered by `register`.
    unsafe { bindings::unregister_netdevice_notifier(NOTIFIER.get()) };
}

fn bond_event(dev: &NetDev, bond: &Bond, event: u64, rtnl: &Rtnl) {
    match event {
        e if e == bindings::RB_NETDEV_REGISTER as u64 => procfs::create_entry(dev, bond, rtnl),
        e if e == bindings::RB_NETDEV_UNREGISTER as u64 => procfs::remove_entry(dev, bond, rtnl),
        e if e == bindings::RB_NETDEV_CHANGENAME as u64 => {
            procfs::remove_entry(dev, bond, rtnl);
            procfs::create_entry(dev, bond, rtnl);
        }
        _ => {}
    }
}

unsafe extern "C" fn netdev_event(
    _nb: *mut bindings::notifier_block,
    event: kernel::ffi::c_ulong,
    ptr: *mut kernel::ffi::c_void,
) -> kernel::ffi::c_int {
    // SAFETY: netdevice notifiers get a `netdev_notifier_info` for a device
    // that stays alive during the call, and run with RTNL held.
    let (dev, rtnl) = unsafe {
        (NetDev::from_raw(bindings::rb_notifier_info_to_dev(ptr)), Rtnl::assume_held())
    };
    if let Some(bond) = Bond::from_dev(dev) {
        bond_event(dev, bond, event as u64, rtnl);
    }
    bindings::RB_NOTIFY_DONE
}
