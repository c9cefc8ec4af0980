// SPDX-License-Identifier: GPL-2.0

//! A master taking over the link-layer type of its first lower device, and
//! going back to Ethernet, as bonding.ko's `bond_setup_by_slave()` and
//! `bond_ether_setup()` do.

use super::bindings;
use super::netdev::NetDev;
use super::netdev_cfg::MAX_ADDR_LEN;
use super::netdev_ops::{NetDevOps, NetDevice};
use super::rtnl::Rtnl;
use kernel::error::{to_result, Result};

/// The arguments of a `header_ops->create` call, to pass on to a lower
/// device's.
///
/// # Invariants
///
/// They are those the stack gave the running `create` call.
pub(crate) struct HeaderCreate {
    skb: *mut bindings::sk_buff,
    ty: u16,
    daddr: *const kernel::ffi::c_void,
    saddr: *const kernel::ffi::c_void,
    len: u32,
}

/// The arguments of a `header_ops->parse` call, to pass on.
///
/// # Invariants
///
/// They are those the stack gave the running `parse` call.
pub(crate) struct HeaderParse {
    skb: *const bindings::sk_buff,
    haddr: *mut u8,
}

/// Header operations that a driver's devices forward to a lower device.
pub(crate) trait ForwardHeaders: NetDevice {
    /// `create`: typically `lower.header_create(args)`; 0 if none.
    fn header_create(&self, dev: &NetDev, args: &HeaderCreate) -> i32;
    /// `parse`.
    fn header_parse(&self, dev: &NetDev, args: &HeaderParse) -> i32;
}

/// Link-layer header operations (`struct header_ops`) of a driver.
pub(crate) struct HeaderOps<T: ForwardHeaders> {
    ops: bindings::header_ops,
    _driver: core::marker::PhantomData<T>,
}

// SAFETY: A table of function pointers, never written after construction.
unsafe impl<T: ForwardHeaders> Sync for HeaderOps<T> {}

impl<T: ForwardHeaders> HeaderOps<T> {
    /// `T`'s table.
    pub(crate) const fn new() -> Self {
        Self {
            ops: bindings::header_ops {
                create: Some(header_create::<T>),
                parse: Some(header_parse::<T>),
                cache: None,
                cache_update: None,
                validate: None,
                parse_protocol: None,
            },
            _driver: core::marker::PhantomData,
        }
    }
}

/// # Safety
///
/// The stack's `header_ops->create` call on a device with `T`'s table.
unsafe extern "C" fn header_create<T: ForwardHeaders>(
    skb: *mut bindings::sk_buff,
    dev: *mut bindings::net_device,
    ty: u16,
    daddr: *const kernel::ffi::c_void,
    saddr: *const kernel::ffi::c_void,
    len: u32,
) -> i32 {
    // SAFETY: The stack calls header ops on a registered device.
    let dev = unsafe { NetDev::from_raw(dev) };
    let Some(this) = NetDevOps::<T>::priv_of(dev) else {
        return 0;
    };
    let args = HeaderCreate {
        skb,
        ty,
        daddr,
        saddr,
        len,
    };
    this.header_create(dev, &args)
}

/// # Safety
///
/// The stack's `header_ops->parse` call on a device with `T`'s table.
unsafe extern "C" fn header_parse<T: ForwardHeaders>(
    skb: *const bindings::sk_buff,
    dev: *const bindings::net_device,
    haddr: *mut u8,
) -> i32 {
    // SAFETY: The stack calls header ops on a registered device.
    let dev = unsafe { NetDev::from_raw(dev.cast_mut()) };
    let Some(this) = NetDevOps::<T>::priv_of(dev) else {
        return 0;
    };
    this.header_parse(dev, &HeaderParse { skb, haddr })
}

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
    pub(crate) fn take_link_type_of<T: ForwardHeaders>(
        &self,
        _rtnl: &Rtnl,
        lower: &NetDev,
        ops: Option<&'static HeaderOps<T>>,
    ) {
        let (d, l) = (self.as_raw(), lower.as_raw());
        // SAFETY: RTNL is held and the device is down, so nothing builds
        // headers with these fields while they change (bond_setup_by_slave
        // does the same). Both devices are allocated; `broadcast` holds
        // MAX_ADDR_LEN bytes on both, and `addr_len` never exceeds it.
        unsafe {
            (*d).header_ops = ops.map_or(core::ptr::null(), |o| &raw const o.ops);
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

    /// Calls this device's `header_ops->create` with the arguments of an
    /// upper device's call (this device transmits its frames), 0 if it has
    /// none. The caller keeps the device alive (RCU).
    pub(crate) fn header_create(&self, args: &HeaderCreate) -> i32 {
        // SAFETY: By the type invariant the struct is allocated; header_ops
        // is a static table or NULL, read once as C does.
        let ops = unsafe { core::ptr::read_volatile(&raw const (*self.as_raw()).header_ops) };
        // SAFETY: A non-NULL `header_ops` points to a static table.
        match unsafe { ops.as_ref() }.and_then(|o| o.create) {
            // SAFETY: By `HeaderCreate`'s invariant the arguments are those
            // of the running call, valid for it.
            Some(create) => unsafe {
                create(
                    args.skb,
                    self.as_raw(),
                    args.ty,
                    args.daddr,
                    args.saddr,
                    args.len,
                )
            },
            None => 0,
        }
    }

    /// Calls this device's `header_ops->parse` with the arguments of an
    /// upper device's call, 0 if it has none.
    pub(crate) fn header_parse(&self, args: &HeaderParse) -> i32 {
        // SAFETY: As in `header_create`.
        let ops = unsafe { core::ptr::read_volatile(&raw const (*self.as_raw()).header_ops) };
        // SAFETY: A non-NULL `header_ops` points to a static table.
        match unsafe { ops.as_ref() }.and_then(|o| o.parse) {
            // SAFETY: By `HeaderParse`'s invariant the arguments are valid.
            Some(parse) => unsafe { parse(args.skb, self.as_raw(), args.haddr) },
            None => 0,
        }
    }
}
