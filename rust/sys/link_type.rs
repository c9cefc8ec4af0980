// SPDX-License-Identifier: GPL-2.0

//! A master taking over the link-layer type of its first lower device, and
//! going back to Ethernet, as bonding.ko's `bond_setup_by_slave()` and
//! `bond_ether_setup()` do.

use super::bindings;
use super::netdev::NetDev;
use super::netdev_cfg::MAX_ADDR_LEN;
use super::rtnl::Rtnl;
use kernel::error::{to_result, Result};

/// Link-layer header operations (`struct header_ops`): only static tables
/// of function pointers are installed on devices.
pub(crate) type HeaderOps = bindings::header_ops;

impl NetDev {
    /// Whether the device has link-layer header operations.
    pub(crate) fn has_header_ops(&self) -> bool {
        // SAFETY: By the type invariant the struct is allocated; a pointer
        // read, as C's READ_ONCE readers do.
        !unsafe { core::ptr::read_volatile(&raw const (*self.as_raw()).header_ops) }.is_null()
    }

    /// Sends NETDEV_PRE_TYPE_CHANGE; an error if a listener refuses.
    pub(crate) fn pre_type_change(&self, rtnl: &Rtnl) -> Result {
        let ret = self.notify(rtnl, bindings::RB_NETDEV_PRE_TYPE_CHANGE as u32);
        // SAFETY: A pure conversion of a notifier chain result.
        to_result(unsafe { bindings::rb_notifier_to_errno(ret) })
    }

    /// `dev_uc_flush` and `dev_mc_flush`.
    pub(crate) fn flush_addr_lists(&self, _rtnl: &Rtnl) {
        // SAFETY: RTNL is held; the device is registered.
        unsafe {
            bindings::dev_uc_flush(self.as_raw());
            bindings::dev_mc_flush(self.as_raw());
        }
    }

    /// Takes over `lower`'s link-layer type: its type, header and address
    /// lengths, headroom and broadcast address, `ops` as header operations
    /// (`None` if `lower` has none), and for a point-to-point `lower` the
    /// point-to-point flags instead of broadcast and multicast. The device
    /// must be down.
    pub(crate) fn take_link_type_of(
        &self,
        _rtnl: &Rtnl,
        lower: &NetDev,
        ops: Option<&'static HeaderOps>,
    ) {
        let (d, l) = (self.as_raw(), lower.as_raw());
        // SAFETY: RTNL is held and the device is down, so nothing builds
        // headers with these fields while they change (bond_setup_by_slave
        // does the same). Both devices are allocated; `broadcast` holds
        // MAX_ADDR_LEN bytes on both, and `addr_len` never exceeds it.
        unsafe {
            (*d).header_ops = ops.map_or(core::ptr::null(), |o| o as *const HeaderOps);
            (*d).type_ = (*l).type_;
            (*d).hard_header_len = (*l).hard_header_len;
            (*d).needed_headroom = (*l).needed_headroom;
            (*d).addr_len = (*l).addr_len;
            let n = usize::from((*l).addr_len).min(MAX_ADDR_LEN);
            core::ptr::copy_nonoverlapping(
                (&raw const (*l).broadcast).cast::<u8>(),
                (&raw mut (*d).broadcast).cast::<u8>(),
                n,
            );
            if (*l).flags & bindings::RB_IFF_POINTOPOINT != 0 {
                (*d).flags &= !(bindings::RB_IFF_BROADCAST | bindings::RB_IFF_MULTICAST);
                (*d).flags |= bindings::RB_IFF_POINTOPOINT | bindings::RB_IFF_NOARP;
            }
        }
    }

    /// Makes a master Ethernet again: `ether_setup()`, which also resets
    /// the MTU, its limits and the flags, then IFF_MASTER and the
    /// IFF_SLAVE/IFF_UP it had; no shared-skb transmit.
    pub(crate) fn ether_setup_master(&self, _rtnl: &Rtnl) {
        let d = self.as_raw();
        let keep = self.flags() & (bindings::RB_IFF_SLAVE | bindings::RB_IFF_UP);
        // SAFETY: RTNL is held; bonding.ko re-runs ether_setup on a
        // registered master the same way.
        unsafe {
            bindings::ether_setup(d);
            (*d).flags |= bindings::RB_IFF_MASTER | keep;
            bindings::rb_netdev_priv_flags_update(d, 0, bindings::RB_IFF_TX_SKB_SHARING as _);
        }
    }

    /// Calls this device's `header_ops->create`, 0 if it has none.
    ///
    /// # Safety
    ///
    /// The arguments are those the stack passed to a `create` call on an
    /// upper device whose frames this device will transmit; `skb` is owned
    /// by the caller for the duration of the call.
    pub(crate) unsafe fn header_create(
        &self,
        skb: *mut bindings::sk_buff,
        ty: u16,
        daddr: *const kernel::ffi::c_void,
        saddr: *const kernel::ffi::c_void,
        len: u32,
    ) -> i32 {
        // SAFETY: By the type invariant the struct is allocated; header_ops
        // is a static table or NULL, read once as C does.
        let ops = unsafe { core::ptr::read_volatile(&raw const (*self.as_raw()).header_ops) };
        // SAFETY: A non-NULL `header_ops` points to a static table.
        match unsafe { ops.as_ref() }.and_then(|o| o.create) {
            // SAFETY: The caller's arguments are valid for the call; this
            // device is alive as the caller holds a reference (RCU).
            Some(create) => unsafe { create(skb, self.as_raw(), ty, daddr, saddr, len) },
            None => 0,
        }
    }

    /// Calls this device's `header_ops->parse`, 0 if it has none.
    ///
    /// # Safety
    ///
    /// `skb` and `haddr` are the arguments of a `parse` call the stack made
    /// on an upper device; `haddr` has room for MAX_ADDR_LEN bytes.
    pub(crate) unsafe fn header_parse(&self, skb: *const bindings::sk_buff, haddr: *mut u8) -> i32 {
        // SAFETY: As in `header_create`.
        let ops = unsafe { core::ptr::read_volatile(&raw const (*self.as_raw()).header_ops) };
        // SAFETY: A non-NULL `header_ops` points to a static table.
        match unsafe { ops.as_ref() }.and_then(|o| o.parse) {
            // SAFETY: The caller's arguments are valid for the call.
            Some(parse) => unsafe { parse(skb, self.as_raw(), haddr) },
            None => 0,
        }
    }
}
