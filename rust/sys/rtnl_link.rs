// SPDX-License-Identifier: GPL-2.0

//! rtnetlink link kinds (`struct rtnl_link_ops`) and their attribute
//! policies.

use super::bindings;
use super::c_ret::int_of;
use super::netdev::NetDev;
use super::netdev_ops::{NetDevOps, NetDevice};
use super::nla::{AttrTable, ExtAck, MsgFull, NlMsg};
use super::rtnl::Rtnl;
use super::sync::{zeroed, CStatic};
use crate::logic::netlink::NlType;
use core::ffi::CStr;
use core::marker::PhantomData;
use kernel::error::{to_result, Result};
use kernel::ffi::{c_int, c_uint};

/// An attribute policy table of `N` entries (`struct nla_policy[N]`).
///
/// # Invariants
///
/// Every entry's range pointer, when set, points to a `'static` range.
#[repr(transparent)]
pub(crate) struct Policy<const N: usize>([bindings::nla_policy; N]);

// SAFETY: Read-only after construction; the only pointers in it are to
// immutable statics (the type invariant).
unsafe impl<const N: usize> Sync for Policy<N> {}

/// A `0..=max` range for [`NlType::U32Max`] attributes.
#[repr(transparent)]
pub(crate) struct Range(bindings::netlink_range_validation);

// SAFETY: Plain integers, never written after construction.
unsafe impl Sync for Range {}

impl Range {
    /// The range `0..=max`.
    pub(crate) const fn up_to(max: u32) -> Self {
        // SAFETY: A struct of two integers.
        let mut r: bindings::netlink_range_validation = unsafe { zeroed() };
        r.max = max as u64;
        Self(r)
    }
}

impl<const N: usize> Policy<N> {
    /// The table for `entries` (attribute, type); other slots accept
    /// anything, as C's zero entries. `range` serves `U32Max` entries.
    pub(crate) const fn new(entries: &[(u16, NlType)], range: &'static Range) -> Self {
        // SAFETY: `nla_policy` is integers and a union of pointers and
        // integers; all-zero is C's empty entry.
        let mut t: [bindings::nla_policy; N] = unsafe { zeroed() };
        let mut i = 0;
        while i < entries.len() {
            let (a, ty) = entries[i];
            let e = &mut t[a as usize];
            match ty {
                NlType::U8 => e.type_ = bindings::RB_NLA_U8 as u8,
                NlType::U16 => e.type_ = bindings::RB_NLA_U16 as u8,
                NlType::U32 => e.type_ = bindings::RB_NLA_U32 as u8,
                NlType::S32 => e.type_ = bindings::RB_NLA_S32 as u8,
                NlType::Nested => e.type_ = bindings::RB_NLA_NESTED as u8,
                NlType::Binary(len) => {
                    e.type_ = bindings::RB_NLA_BINARY as u8;
                    e.len = len;
                }
                NlType::U32Max(_) => {
                    // NLA_POLICY_FULL_RANGE(NLA_U32, range)
                    e.type_ = bindings::RB_NLA_U32 as u8;
                    e.validation_type = bindings::RB_NLA_VALIDATE_RANGE_PTR as u8;
                    e.__bindgen_anon_1.range = &range.0;
                }
            }
            i += 1;
        }
        // INVARIANT: The only range pointer set is to `range`, a static.
        Self(t)
    }

    /// The table for C.
    pub(crate) const fn as_ptr(&'static self) -> *const bindings::nla_policy {
        self.0.as_ptr()
    }
}

/// A link kind (`ip link add ... type KIND`) whose devices are `Self`'s.
/// Every callback runs with RTNL held.
pub(crate) trait LinkKind: NetDevice {
    /// The kind's name.
    const KIND: &'static CStr;
    /// Highest IFLA_INFO_DATA attribute and its policy.
    const MAXTYPE: u32;
    /// The policy of the IFLA_INFO_DATA attributes (`MAXTYPE + 1` entries).
    const POLICY: *const bindings::nla_policy;
    /// Highest IFLA_INFO_SLAVE_DATA attribute and its policy.
    const SLAVE_MAXTYPE: u32;
    /// The policy of the IFLA_INFO_SLAVE_DATA attributes.
    const SLAVE_POLICY: *const bindings::nla_policy;
    /// Room `fill_info` needs.
    const INFO_SIZE: usize;
    /// Room `fill_slave_info` needs.
    const SLAVE_INFO_SIZE: usize;

    /// `validate`: the generic IFLA_* attributes (`tb`, up to IFLA_ADDRESS).
    fn validate(tb: &AttrTable<'_>) -> Result;
    /// `newlink`, after the trampoline registered `dev`; on an error the
    /// driver unregisters it again.
    fn newlink(&self, dev: &NetDev, rtnl: &Rtnl, data: AttrTable<'_>, ext: ExtAck<'_>) -> Result;
    /// `changelink`.
    fn changelink(&self, dev: &NetDev, rtnl: &Rtnl, data: AttrTable<'_>, ext: ExtAck<'_>)
        -> Result;
    /// `slave_changelink`.
    fn slave_changelink(
        &self,
        dev: &NetDev,
        rtnl: &Rtnl,
        slave: &NetDev,
        data: AttrTable<'_>,
        ext: ExtAck<'_>,
    ) -> Result;
    /// `get_num_tx_queues` and `get_num_rx_queues`.
    fn num_queues() -> u32;
    /// `fill_info`.
    fn fill_info(&self, dev: &NetDev, rtnl: &Rtnl, msg: &mut NlMsg<'_>) -> Result<(), MsgFull>;
    /// `fill_slave_info` (`slave` of the driver's device `dev`).
    fn fill_slave_info(
        dev: &NetDev,
        slave: &NetDev,
        rtnl: &Rtnl,
        msg: &mut NlMsg<'_>,
    ) -> Result<(), MsgFull>;
    /// `get_linkxstats_size`.
    fn linkxstats_size(attr: i32) -> usize;
    /// `fill_linkxstats` for `dev`: one of the driver's devices or one of
    /// their lower devices. `Err(EMSGSIZE)` when the message is full.
    fn fill_linkxstats(dev: &NetDev, rtnl: &Rtnl, attr: i32, msg: &mut NlMsg<'_>) -> Result;
}

/// The `rtnl_link_ops` of a [`LinkKind`].
pub(crate) struct LinkOps<T: LinkKind> {
    ops: CStatic<bindings::rtnl_link_ops>,
    _kind: PhantomData<T>,
}

// SAFETY: Rust never touches the C struct after construction (see
// `CStatic`); rtnetlink serialises its own use under RTNL.
unsafe impl<T: LinkKind> Sync for LinkOps<T> {}

impl<T: LinkKind> LinkOps<T> {
    /// The table of `T`'s callbacks.
    pub(crate) const fn new() -> Self {
        // SAFETY: A C struct of integers, pointers and optional callbacks.
        let mut o: bindings::rtnl_link_ops = unsafe { zeroed() };
        o.kind = T::KIND.as_ptr().cast();
        o.priv_size = NetDevOps::<T>::priv_size();
        o.setup = Some(NetDevOps::<T>::setup_fn());
        o.maxtype = T::MAXTYPE;
        o.policy = T::POLICY;
        o.validate = Some(validate::<T>);
        o.newlink = Some(newlink::<T>);
        o.changelink = Some(changelink::<T>);
        o.get_size = Some(get_size::<T>);
        o.fill_info = Some(fill_info::<T>);
        o.get_num_tx_queues = Some(num_queues::<T>);
        o.get_num_rx_queues = Some(num_queues::<T>);
        o.slave_maxtype = T::SLAVE_MAXTYPE;
        o.slave_policy = T::SLAVE_POLICY;
        o.slave_changelink = Some(slave_changelink::<T>);
        o.get_slave_size = Some(get_slave_size::<T>);
        o.fill_slave_info = Some(fill_slave_info::<T>);
        o.fill_linkxstats = Some(fill_linkxstats::<T>);
        o.get_linkxstats_size = Some(linkxstats_size::<T>);
        Self {
            ops: CStatic::new(o),
            _kind: PhantomData,
        }
    }

    /// Registers the kind (`rtnl_link_register`).
    pub(crate) fn register(&'static self) -> Result {
        // SAFETY: The table is static, so it outlives the registration.
        to_result(unsafe { bindings::rtnl_link_register(self.ops.get()) })
    }

    /// Unregisters it; every device of the kind, in every namespace, is
    /// deleted first (`rtnl_link_unregister`).
    pub(crate) fn unregister(&'static self) {
        // SAFETY: Registered by `register` (module init registers before
        // anything can unregister).
        unsafe { bindings::rtnl_link_unregister(self.ops.get()) };
    }

    /// The C table, for `dev->rtnl_link_ops`.
    pub(crate) fn as_ptr(&'static self) -> *mut bindings::rtnl_link_ops {
        self.ops.get()
    }
}

fn fill_errno(r: Result<(), MsgFull>) -> c_int {
    r.map_or(-(crate::logic::errno::EMSGSIZE), |()| 0)
}

/// The device, driver state and token of a callback on one of `T`'s
/// devices.
///
/// # Safety
///
/// `dev` must be a device of the kind (allocated with `T`'s setup), alive
/// for `'a`, and RTNL held for `'a`.
unsafe fn link_args<'a, T: LinkKind>(
    dev: *const bindings::net_device,
) -> Option<(&'a NetDev, &'a T, &'a Rtnl)> {
    // SAFETY: The caller's contract.
    let (dev, rtnl) = unsafe { (NetDev::from_raw(dev.cast_mut()), Rtnl::assume_held()) };
    NetDevOps::<T>::priv_of(dev).map(|t| (dev, t, rtnl))
}

/// # Safety
///
/// rtnetlink's `validate`: `tb` is the request's IFLA_* table.
unsafe extern "C" fn validate<T: LinkKind>(
    tb: *mut *mut bindings::nlattr,
    _data: *mut *mut bindings::nlattr,
    _extack: *mut bindings::netlink_ext_ack,
) -> c_int {
    // SAFETY: rtnetlink passes its parsed IFLA_* table (IFLA_MAX + 1
    // entries, so room for IFLA_ADDRESS) of the message being processed.
    let tb = unsafe { AttrTable::from_raw(tb, u32::from(bindings::RB_IFLA_ADDRESS)) };
    int_of(T::validate(&tb))
}

/// # Safety
///
/// rtnetlink's `newlink`: RTNL held, `dev` allocated by it with `T`'s
/// setup and not registered, `data` the IFLA_INFO_DATA table (`MAXTYPE +
/// 1` entries) and `extack` the request's.
unsafe extern "C" fn newlink<T: LinkKind>(
    _src_net: *mut bindings::net,
    dev: *mut bindings::net_device,
    _tb: *mut *mut bindings::nlattr,
    data: *mut *mut bindings::nlattr,
    extack: *mut bindings::netlink_ext_ack,
) -> c_int {
    // SAFETY: The callback's contract (above).
    let Some((dev, this, rtnl)) = (unsafe { link_args::<T>(dev) }) else {
        return kernel::error::code::EINVAL.to_errno();
    };
    // SAFETY: A newlink device is allocated, set up and not registered.
    if let Err(e) = unsafe { dev.register(rtnl) } {
        return e.to_errno();
    }
    // SAFETY: The callback's contract.
    let (data, ext) = unsafe {
        (
            AttrTable::from_raw(data, T::MAXTYPE),
            ExtAck::from_raw(extack),
        )
    };
    int_of(this.newlink(dev, rtnl, data, ext))
}

/// # Safety
///
/// rtnetlink's `changelink`: RTNL held, `dev` a registered device of the
/// kind, `data` and `extack` as for `newlink`.
unsafe extern "C" fn changelink<T: LinkKind>(
    dev: *mut bindings::net_device,
    _tb: *mut *mut bindings::nlattr,
    data: *mut *mut bindings::nlattr,
    extack: *mut bindings::netlink_ext_ack,
) -> c_int {
    // SAFETY: The callback's contract.
    let Some((dev, this, rtnl)) = (unsafe { link_args::<T>(dev) }) else {
        return kernel::error::code::EINVAL.to_errno();
    };
    // SAFETY: The callback's contract.
    let (data, ext) = unsafe {
        (
            AttrTable::from_raw(data, T::MAXTYPE),
            ExtAck::from_raw(extack),
        )
    };
    int_of(this.changelink(dev, rtnl, data, ext))
}

/// # Safety
///
/// rtnetlink's `slave_changelink`: RTNL held, `bond_dev` a registered
/// device of the kind and `slave_dev` its registered lower device, `data`
/// the IFLA_INFO_SLAVE_DATA table (`SLAVE_MAXTYPE + 1` entries) or null.
unsafe extern "C" fn slave_changelink<T: LinkKind>(
    bond_dev: *mut bindings::net_device,
    slave_dev: *mut bindings::net_device,
    _tb: *mut *mut bindings::nlattr,
    data: *mut *mut bindings::nlattr,
    extack: *mut bindings::netlink_ext_ack,
) -> c_int {
    // SAFETY: The callback's contract.
    let Some((dev, this, rtnl)) = (unsafe { link_args::<T>(bond_dev) }) else {
        return kernel::error::code::EINVAL.to_errno();
    };
    // SAFETY: The callback's contract.
    let (sdev, data, ext) = unsafe {
        (
            NetDev::from_raw(slave_dev),
            AttrTable::from_raw(data, T::SLAVE_MAXTYPE),
            ExtAck::from_raw(extack),
        )
    };
    int_of(this.slave_changelink(dev, rtnl, sdev, data, ext))
}

/// # Safety
///
/// rtnetlink's `get_size`.
unsafe extern "C" fn get_size<T: LinkKind>(_dev: *const bindings::net_device) -> usize {
    T::INFO_SIZE
}

/// # Safety
///
/// rtnetlink's `get_slave_size`.
unsafe extern "C" fn get_slave_size<T: LinkKind>(
    _dev: *const bindings::net_device,
    _slave: *const bindings::net_device,
) -> usize {
    T::SLAVE_INFO_SIZE
}

/// # Safety
///
/// rtnetlink's `get_num_tx_queues` / `get_num_rx_queues`.
unsafe extern "C" fn num_queues<T: LinkKind>() -> c_uint {
    T::num_queues()
}

/// # Safety
///
/// rtnetlink's `fill_info`: RTNL held, `dev` a registered device of the
/// kind, `skb` the message being built.
unsafe extern "C" fn fill_info<T: LinkKind>(
    skb: *mut bindings::sk_buff,
    dev: *const bindings::net_device,
) -> c_int {
    // SAFETY: The callback's contract.
    let Some((dev, this, rtnl)) = (unsafe { link_args::<T>(dev) }) else {
        return kernel::error::code::EINVAL.to_errno();
    };
    // SAFETY: The message is ours during the call.
    let mut msg = unsafe { NlMsg::from_raw(skb) };
    fill_errno(this.fill_info(dev, rtnl, &mut msg))
}

/// # Safety
///
/// rtnetlink's `fill_slave_info`: RTNL held, `slave_dev` a registered
/// lower device of `bond_dev`, a device of the kind; `skb` the message.
unsafe extern "C" fn fill_slave_info<T: LinkKind>(
    skb: *mut bindings::sk_buff,
    bond_dev: *const bindings::net_device,
    slave_dev: *const bindings::net_device,
) -> c_int {
    // SAFETY: The callback's contract.
    let (dev, sdev, rtnl, mut msg) = unsafe {
        (
            NetDev::from_raw(bond_dev.cast_mut()),
            NetDev::from_raw(slave_dev.cast_mut()),
            Rtnl::assume_held(),
            NlMsg::from_raw(skb),
        )
    };
    fill_errno(T::fill_slave_info(dev, sdev, rtnl, &mut msg))
}

/// # Safety
///
/// rtnetlink's `get_linkxstats_size`.
unsafe extern "C" fn linkxstats_size<T: LinkKind>(
    _dev: *const bindings::net_device,
    attr: c_int,
) -> usize {
    T::linkxstats_size(attr)
}

/// # Safety
///
/// rtnetlink's `fill_linkxstats`: RTNL held, `dev` registered (a device of
/// the kind or a lower device of one), `skb` the message being built.
unsafe extern "C" fn fill_linkxstats<T: LinkKind>(
    skb: *mut bindings::sk_buff,
    dev: *const bindings::net_device,
    _prividx: *mut c_int,
    attr: c_int,
) -> c_int {
    // SAFETY: The callback's contract.
    let (dev, rtnl, mut msg) = unsafe {
        (
            NetDev::from_raw(dev.cast_mut()),
            Rtnl::assume_held(),
            NlMsg::from_raw(skb),
        )
    };
    int_of(T::fill_linkxstats(dev, rtnl, attr, &mut msg))
}
