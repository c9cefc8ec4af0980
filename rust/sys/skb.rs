// SPDX-License-Identifier: GPL-2.0

//! `struct sk_buff`, owned.

use super::bindings;
use super::netdev::NetDev;
use crate::logic::hash::{Frame, TxMeta};

/// Ethernet header length.
const ETH_HLEN: i32 = 14;

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

    /// The C pointer, still owned by `self`.
    pub(crate) fn as_raw(&self) -> *mut bindings::sk_buff {
        self.0
    }

    /// What the transmit hash reads besides the frame's bytes.
    pub(crate) fn tx_meta(&self) -> TxMeta {
        let skb = self.0;
        // SAFETY: By the type invariant the skb is valid; these are plain
        // field reads.
        unsafe {
            TxMeta {
                proto: u16::from_be(bindings::rb_skb_protocol_be(skb)),
                nhoff: usize::try_from(bindings::rb_skb_network_offset(skb)).unwrap_or(0),
                vlan_tci: bindings::rb_skb_vlan_tag_present(skb)
                    .then(|| bindings::rb_skb_vlan_tag_get(skb)),
                l4_hash: bindings::rb_skb_l4_hash(skb).then(|| bindings::rb_skb_hash(skb)),
            }
        }
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

    /// A new frame of `bytes` (Ethernet header included) for `dev`, as
    /// bonding.ko builds its LACPDUs: MAC header at the start, network
    /// header after the Ethernet header, the given protocol (host order)
    /// and priority. `None` when no memory could be had (atomic).
    pub(crate) fn new_frame(
        dev: &NetDev,
        bytes: &[u8],
        proto: u16,
        priority: u32,
    ) -> Option<SkBuff> {
        let len = u32::try_from(bytes.len()).ok()?;
        // SAFETY: Allocation has no preconditions.
        let skb = unsafe { bindings::rb_dev_alloc_skb(len) };
        if skb.is_null() {
            return None;
        }
        // SAFETY: `skb` is new and ours, with room for `len` bytes of
        // tailroom (`dev_alloc_skb(len)`), which `skb_put` hands out.
        unsafe {
            let data = bindings::skb_put(skb, len).cast::<u8>();
            core::ptr::copy_nonoverlapping(bytes.as_ptr(), data, bytes.len());
            bindings::rb_skb_set_dev(skb, dev.as_raw());
            bindings::rb_skb_reset_mac_header(skb);
            bindings::rb_skb_set_network_header(skb, ETH_HLEN);
            bindings::rb_skb_set_protocol(skb, proto.to_be());
            bindings::rb_skb_set_priority(skb, priority);
        }
        Some(SkBuff(skb))
    }

    /// `dev_queue_xmit` on the device the skb is on.
    pub(crate) fn queue_xmit(self) -> bindings::netdev_tx_t {
        // SAFETY: By the type invariant we own the skb, which
        // `dev_queue_xmit` takes whatever it returns.
        unsafe { bindings::rb_dev_queue_xmit(self.into_raw()) as bindings::netdev_tx_t }
    }

    /// `skb->protocol` in host order.
    pub(crate) fn protocol(&self) -> u16 {
        // SAFETY: By the type invariant the skb is valid.
        u16::from_be(unsafe { bindings::rb_skb_protocol_be(self.0) })
    }

    /// The destination of the Ethernet header (receive path, where the MAC
    /// header is set).
    pub(crate) fn eth_dest(&self) -> [u8; 6] {
        let mut d = [0u8; 6];
        // SAFETY: By the type invariant the skb is valid; on the receive
        // path the MAC header is set and its ETH_HLEN bytes are in the
        // linear part (eth_type_trans pulled them).
        unsafe {
            let p = bindings::rb_skb_eth_dest(self.0);
            core::ptr::copy_nonoverlapping(p, d.as_mut_ptr(), 6);
        }
        d
    }

    /// `skb_clone` (atomic allocation): a second skb sharing the data.
    pub(crate) fn try_clone(&self) -> Option<SkBuff> {
        // SAFETY: By the type invariant the skb is valid; the clone, if
        // any, is a new reference we own.
        let c = unsafe { bindings::skb_clone(self.0, bindings::RB_GFP_ATOMIC) };
        (!c.is_null()).then_some(SkBuff(c))
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

impl Frame for SkBuff {
    fn read(&self, off: usize, buf: &mut [u8]) -> bool {
        let skb = self.0;
        let Some(end) = off.checked_add(buf.len()) else {
            return false;
        };
        // SAFETY: By the type invariant the skb is valid. The linear part
        // holds `headlen` bytes from `data`; the rest is copied out of the
        // fragments by `skb_copy_bits`, which checks the length itself.
        unsafe {
            if end <= bindings::rb_skb_headlen(skb) as usize {
                let data = bindings::rb_skb_data(skb).cast::<u8>();
                core::ptr::copy_nonoverlapping(data.add(off), buf.as_mut_ptr(), buf.len());
                true
            } else {
                let (Ok(o), Ok(n)) = (i32::try_from(off), i32::try_from(buf.len())) else {
                    return false;
                };
                bindings::skb_copy_bits(skb, o, buf.as_mut_ptr().cast(), n) == 0
            }
        }
    }
}
