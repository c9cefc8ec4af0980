// SPDX-License-Identifier: GPL-2.0

//! A lower device's receive hook (`netdev_rx_handler_register`), typed: the
//! handler is `T::handle` and its data a `T`, so that finding the `T` of a
//! device is checked by the handler's identity.

use super::bindings;
use super::netdev::NetDev;
use super::rtnl::Rtnl;
use super::skb::SkBuff;
use kernel::prelude::*;

/// What the hook does with a frame (`rx_handler_result_t`).
pub(crate) enum RxVerdict {
    /// The hook took the frame (it freed or kept it).
    Consumed,
    /// Deliver again, on the device the skb now names (`skb->dev`).
    Another(SkBuff),
    /// Deliver only to exact matches (packet handlers bound to the device).
    Exact(SkBuff),
    /// Deliver as if there were no hook.
    Pass(SkBuff),
}

/// The receive hook of the devices whose rx_handler data is a `Self`.
pub(crate) trait RxHandler: Sync + Sized + 'static {
    /// A frame received on `dev` (softirq, under RCU).
    fn handle(&self, skb: SkBuff) -> RxVerdict;
}

impl NetDev {
    /// Installs `T::handle` with `data` as the device's receive hook.
    ///
    /// # Safety
    ///
    /// `data` must stay alive until `rx_handler_unregister` has returned.
    pub(crate) unsafe fn rx_handler_register_for<T: RxHandler>(
        &self,
        _rtnl: &Rtnl,
        data: &T,
    ) -> Result {
        // SAFETY: RTNL is held; the caller keeps `data` alive while the
        // hook is installed; the hook only reads it as a `T`.
        kernel::error::to_result(unsafe {
            bindings::netdev_rx_handler_register(
                self.as_raw(),
                Some(handle::<T>),
                (data as *const T).cast_mut().cast(),
            )
        })
    }

    /// Whether the device's hook is `T`'s (read with RTNL held).
    fn rx_handler_is_of<T: RxHandler>(&self) -> bool {
        // SAFETY: Reads a pointer; callers hold RTNL.
        let h = unsafe { bindings::rb_rx_handler_rtnl(self.as_raw()) };
        h.is_some_and(|h| h as *const () == handle::<T> as *const ())
    }

    /// The `T` of the device's hook, if it is `T`'s; the `T` stays alive
    /// while RTNL (borrowed for `'r`) is held: it is only freed after
    /// `rx_handler_unregister`, which needs RTNL.
    pub(crate) fn rx_handler_data_of<'r, T: RxHandler>(&self, _rtnl: &'r Rtnl) -> Option<&'r T> {
        if !self.rx_handler_is_of::<T>() {
            return None;
        }
        // SAFETY: The hook is `T`'s, so its data is the `T` given to
        // `rx_handler_register_for` (its contract keeps it alive until
        // unregistration, which waits for RTNL).
        unsafe {
            bindings::rb_rx_handler_data_rtnl(self.as_raw())
                .cast::<T>()
                .as_ref()
        }
    }
}

/// # Safety
///
/// Called by `__netif_receive_skb_core` as the hook installed by
/// `rx_handler_register_for::<T>`, under RCU, with the received skb.
unsafe extern "C" fn handle<T: RxHandler>(
    pskb: *mut *mut bindings::sk_buff,
) -> bindings::rx_handler_result_t {
    // SAFETY: The core passes the skb it received, which the hook may
    // replace or consume.
    let skb = unsafe { SkBuff::from_raw(*pskb) };
    // SAFETY: The skb arrived on a device whose hook is this one, so the
    // hook's data is the `T` registered with it, alive until
    // `netdev_rx_handler_unregister` has waited for running hooks.
    let this = unsafe { &*bindings::rb_rx_handler_data(skb.dev_raw()).cast::<T>() };
    let (ret, skb) = match this.handle(skb) {
        RxVerdict::Consumed => return bindings::RB_RX_HANDLER_CONSUMED as _,
        RxVerdict::Another(s) => (bindings::RB_RX_HANDLER_ANOTHER, s),
        RxVerdict::Exact(s) => (bindings::RB_RX_HANDLER_EXACT, s),
        RxVerdict::Pass(s) => (bindings::RB_RX_HANDLER_PASS, s),
    };
    // SAFETY: The (possibly new) skb goes back to the core.
    unsafe { *pskb = skb.into_raw() };
    ret as bindings::rx_handler_result_t
}
