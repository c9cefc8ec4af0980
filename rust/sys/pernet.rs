// SPDX-License-Identifier: GPL-2.0

//! Per-network-namespace registration (`struct pernet_operations`).

use super::bindings;
use super::sync::CStatic;
use kernel::error::{to_result, Result};

/// Registers `ops`; its `init` runs for every existing namespace.
pub(crate) fn register(ops: &'static CStatic<bindings::pernet_operations>) -> Result {
    // SAFETY: `ops` is a static that outlives the registration, which the
    // caller undoes with `unregister` before the module goes away.
    to_result(unsafe { bindings::register_pernet_subsys(ops.get()) })
}

/// Undoes `register`; `exit` runs for every namespace.
pub(crate) fn unregister(ops: &'static CStatic<bindings::pernet_operations>) {
    // SAFETY: `ops` was registered by `register`.
    unsafe { bindings::unregister_pernet_subsys(ops.get()) };
}

/// The per-namespace area of `ops` in `net` (`net_generic`).
///
/// # Safety
///
/// `ops` must be registered and `net` alive.
pub(crate) unsafe fn data<T>(
    net: *mut bindings::net,
    ops: &'static CStatic<bindings::pernet_operations>,
) -> *mut T {
    // SAFETY: `ops` is registered, so its id is set and stable.
    let id = unsafe { *(*ops.get()).id };
    // SAFETY: The caller guarantees `net` is alive and `ops` registered.
    unsafe { bindings::rb_net_generic(net, id) }.cast()
}

/// The initial network namespace.
pub(crate) fn init_net() -> *mut bindings::net {
    // SAFETY: Plain FFI call returning a static object.
    unsafe { bindings::rb_init_net() }
}
