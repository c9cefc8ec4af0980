// SPDX-License-Identifier: GPL-2.0

//! The netdevice notifier chain: a driver's handler of device events.

use super::bindings;
use super::netdev::NetDev;
use super::rtnl::Rtnl;
use super::sync::{zeroed, CStatic};
use core::marker::PhantomData;
use kernel::error::{to_result, Result};
use kernel::ffi::{c_int, c_ulong, c_void};

/// What a driver does on netdevice events (NETDEV_*), with RTNL held.
pub(crate) trait NetdevEvents: 'static {
    /// `event` happened to `dev`.
    fn event(dev: &NetDev, event: u64, rtnl: &Rtnl);
}

/// A `notifier_block` calling `T`.
///
/// # Invariants
///
/// The block's callback is `call::<T>`; C owns the list link while the
/// block is registered (Rust never touches the contents).
pub(crate) struct NetdevNotifier<T: NetdevEvents> {
    nb: CStatic<bindings::notifier_block>,
    _events: PhantomData<T>,
}

// SAFETY: Rust never reads or writes the block (see `CStatic`); C
// serialises its list under its own lock.
unsafe impl<T: NetdevEvents> Sync for NetdevNotifier<T> {}

impl<T: NetdevEvents> NetdevNotifier<T> {
    /// An unregistered block.
    pub(crate) const fn new() -> Self {
        // SAFETY: A C struct of a function pointer, a link and an int.
        let mut nb: bindings::notifier_block = unsafe { zeroed() };
        nb.notifier_call = Some(call::<T>);
        Self {
            nb: CStatic::new(nb),
            _events: PhantomData,
        }
    }

    /// `register_netdevice_notifier` (it replays REGISTER and UP for the
    /// devices that exist).
    pub(crate) fn register(&'static self) -> Result {
        // SAFETY: The block is static, so it outlives its registration.
        to_result(unsafe { bindings::register_netdevice_notifier(self.nb.get()) })
    }

    /// `unregister_netdevice_notifier` (it replays DOWN and UNREGISTER).
    ///
    /// Unregistering a block that is not registered is a no-op in C.
    pub(crate) fn unregister(&'static self) {
        // SAFETY: The block is static; C checks that it is on the chain.
        unsafe { bindings::unregister_netdevice_notifier(self.nb.get()) };
    }
}

/// # Safety
///
/// Only C calls it, as the callback it is installed as, with the
/// arguments that callback's contract gives.
unsafe extern "C" fn call<T: NetdevEvents>(
    _nb: *mut bindings::notifier_block,
    event: c_ulong,
    ptr: *mut c_void,
) -> c_int {
    // SAFETY: netdevice notifiers get a `netdev_notifier_info` for a device
    // that stays alive during the call, and run with RTNL held.
    let (dev, rtnl) = unsafe {
        (
            NetDev::from_raw(bindings::rb_notifier_info_to_dev(ptr)),
            Rtnl::assume_held(),
        )
    };
    T::event(dev, event as u64, rtnl);
    bindings::RB_NOTIFY_DONE
}
