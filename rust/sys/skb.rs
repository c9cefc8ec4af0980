// SPDX-License-Identifier: GPL-2.0

//! `struct sk_buff`, owned.

use super::bindings;
use super::netdev::NetDev;

/// An owned `struct sk_buff` that must be consumed: sent, handed back to
/// C, or freed when dropped.
///
/// # Invariants
///
/// Owns one reference to a valid skb.
pub(crate) struct SkBuff(*mut bindings::sk_buff);

impl SkBuff {
    /// Takes ownership of an skb C hands over.
    ///
    /// # Safety
    ///
    /// `skb` must be valid and its ownership passed to the callee.
    pub(crate) unsafe fn from_raw(skb: *mut bindings::sk_buff) -> Self {
        Self(skb)
    }

    /// Gives the skb back to C.
    pub(crate) fn into_raw(self) -> *mut bindings::sk_buff {
        let skb = self.0;
        core::mem::forget(self);
        skb
    }

    /// The device the skb is on (`skb->dev`).
    pub(crate) fn dev_raw(&self) -> *mut bindings::net_device {
        // SAFETY: By the type invariant the skb is valid.
        unsafe { bindings::rb_skb_dev(self.0) }
    }

    /// Moves the skb to `dev` (`skb->dev = dev`).
    pub(crate) fn set_dev(&mut self, dev: &NetDev) {
        // SAFETY: By the type invariant the skb is ours to change.
        unsafe { bindings::rb_skb_set_dev(self.0, dev.as_raw()) };
    }

    /// Whether the destination MAC is link-local (01:80:c2:00:00:0X).
    pub(crate) fn dest_is_link_local(&self) -> bool {
        // SAFETY: By the type invariant the skb is valid; on the receive
        // path the MAC header is set.
        unsafe { bindings::rb_skb_dest_is_link_local(self.0) }
    }

    /// The receive queue recorded in the skb, if any.
    pub(crate) fn rx_queue(&self) -> Option<u16> {
        // SAFETY: By the type invariant the skb is valid.
        unsafe {
            if bindings::rb_skb_rx_queue_recorded(self.0) {
                Some(bindings::rb_skb_get_rx_queue(self.0))
            } else {
                None
            }
        }
    }

    /// `skb->queue_mapping`.
    pub(crate) fn queue_mapping(&self) -> u16 {
        // SAFETY: By the type invariant the skb is valid.
        unsafe { bindings::rb_skb_get_queue_mapping(self.0) }
    }

    /// Saves the queue mapping chosen for the bond in the qdisc control
    /// block, to restore it before the slave's own queue selection.
    pub(crate) fn save_slave_queue(&mut self) {
        // SAFETY: By the type invariant the skb is ours to change.
        unsafe { bindings::rb_skb_save_slave_queue(self.0) };
    }

    /// Transmits on `dev` as bonding.ko's `bond_dev_queue_xmit` does:
    /// restore the saved queue mapping, then `dev_queue_xmit`.
    pub(crate) fn xmit_on(mut self, dev: &NetDev) -> bindings::netdev_tx_t {
        self.set_dev(dev);
        // SAFETY: By the type invariant the skb is ours to change; then
        // `dev_queue_xmit` takes ownership whatever it returns.
        unsafe {
            bindings::rb_skb_restore_slave_queue(self.0);
            bindings::rb_dev_queue_xmit(self.into_raw()) as bindings::netdev_tx_t
        }
    }

    /// `skb_share_check`: an skb this code may change, or `None` when it
    /// had to copy and could not (the original is freed then).
    pub(crate) fn share_check(self) -> Option<SkBuff> {
        // SAFETY: We own the reference we pass; the function returns an
        // owned skb or NULL after freeing ours.
        let skb = unsafe { bindings::rb_skb_share_check(self.into_raw()) };
        (!skb.is_null()).then_some(SkBuff(skb))
    }
}

impl Drop for SkBuff {
    fn drop(&mut self) {
        // SAFETY: By the type invariant we own the skb; any context may free
        // with the _any variant.
        unsafe {
            bindings::dev_kfree_skb_any_reason(
                self.0,
                bindings::skb_drop_reason_SKB_DROP_REASON_NOT_SPECIFIED,
            )
        };
    }
}
