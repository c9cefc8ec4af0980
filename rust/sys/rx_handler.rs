// SPDX-License-Identifier: GPL-2.0

//! A lower device's receive hook (`netdev_rx_handler_register`), typed: the
//! handler is `T::handle` and its data a `T`, so that finding the `T` of a
//! device is checked by the handler's identity.

use super::bindings;
use super::netdev::NetDev;
use super::rcu::RcuGuard;
use super::rtnl::Rtnl;
use super::skb::SkBuff;
use kernel::prelude::*;
use kernel::sync::{Arc, ArcBorrow};

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
    /// Installs `T::handle` with `data` as the device's receive hook; the
    /// hook keeps a reference to `data` until `rx_handler_unregister_of`.
    pub(crate) fn rx_handler_register<T: RxHandler>(&self, _rtnl: &Rtnl, data: Arc<T>) -> Result {
        let p = Arc::into_raw(data);
        // SAFETY: RTNL is held; the hook owns the reference `p` until
        // `rx_handler_unregister_of` takes it back, and only reads it as a
        // `T`.
        let r = kernel::error::to_result(unsafe {
            bindings::netdev_rx_handler_register(
                self.as_raw(),
                Some(handle::<T>),
                p.cast_mut().cast(),
            )
        });
        if r.is_err() {
            // SAFETY: Not installed, so the reference is still ours.
            drop(unsafe { Arc::from_raw(p) });
        }
        r
    }

    /// Removes the device's hook if it is `T`'s, and returns its data once
    /// no hook runs any more (`netdev_rx_handler_unregister` waits).
    pub(crate) fn rx_handler_unregister_of<T: RxHandler>(&self, _rtnl: &Rtnl) -> Option<Arc<T>> {
        let p = self.rx_handler_raw_of::<T>()?;
        // SAFETY: RTNL is held.
        unsafe { bindings::netdev_rx_handler_unregister(self.as_raw()) };
        // SAFETY: The hook was `T`'s, so `p` is the reference given to
        // `rx_handler_register`; the hook is gone and no call of it still
        // runs, so the reference is ours again.
        Some(unsafe { Arc::from_raw(p) })
    }

    /// The data of the device's hook if the hook is `T`'s (RTNL held).
    fn rx_handler_raw_of<T: RxHandler>(&self) -> Option<*const T> {
        // SAFETY: Reads pointers; callers hold RTNL, which writers of both
        // hold.
        let (h, data) = unsafe {
            (
                bindings::rb_rx_handler_rtnl(self.as_raw()),
                bindings::rb_rx_handler_data_rtnl(self.as_raw()),
            )
        };
        let ours = h.is_some_and(|h| h as *const () == handle::<T> as *const ());
        (ours && !data.is_null()).then_some(data.cast::<T>().cast_const())
    }

    /// A reference to the `T` of the device's hook, if it is `T`'s.
    pub(crate) fn rx_handler_data_of<T: RxHandler>(&self, _rtnl: &Rtnl) -> Option<Arc<T>> {
        let p = self.rx_handler_raw_of::<T>()?;
        // SAFETY: The hook holds the reference `p` until it is unregistered,
        // which needs RTNL, held by this thread for the whole call.
        let b = unsafe { ArcBorrow::from_raw(p) };
        Some(Arc::from(b))
    }

    /// A reference to the `T` of the device's hook, if the hook is `T`'s,
    /// without RTNL (read under RCU).
    pub(crate) fn rx_handler_data_get<T: RxHandler>(&self) -> Option<Arc<T>> {
        let rcu = RcuGuard::new();
        // SAFETY: Reads RCU-protected pointers under `rcu`.
        let h = unsafe { bindings::rb_rx_handler_rcu(self.as_raw()) };
        if !h.is_some_and(|h| h as *const () == handle::<T> as *const ()) {
            return None;
        }
        // SAFETY: As above. The data is set before the hook and cleared a
        // grace period after it, so a reader that saw our hook sees our
        // data (or NULL).
        let data = unsafe { bindings::rb_rx_handler_data(self.as_raw()) }.cast::<T>();
        if data.is_null() {
            return None;
        }
        // SAFETY: The data is the reference of `rx_handler_register`, given
        // back only after unregistration has waited for readers such as
        // this one, so the count is not zero.
        let a = Arc::from(unsafe { ArcBorrow::from_raw(data) });
        drop(rcu);
        Some(a)
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
