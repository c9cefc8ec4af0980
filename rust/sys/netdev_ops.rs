// SPDX-License-Identifier: GPL-2.0

//! A driver's own net_device: its private state, its netdev and ethtool
//! callbacks. The driver implements [`NetDevice`] in safe Rust; the C tables
//! and the `extern "C"` trampolines here are generic over it.

use super::bindings;
use super::c_ret::int_of;
use super::netdev::{IfName, NetDev};
use super::nla::ExtAck;
use super::rtnl::Rtnl;
use super::skb::SkBuff;
use crate::logic::stats::Stats64;
use core::ffi::CStr;
use core::marker::PhantomData;
use kernel::ffi::{c_int, c_void};
use kernel::prelude::*;

/// What ethtool's `get_link_ksettings` reports.
pub(crate) struct LinkSettings {
    /// Mb/s, or `SPEED_UNKNOWN`.
    pub(crate) speed: u32,
    /// `DUPLEX_*`.
    pub(crate) duplex: u8,
    /// `PORT_*`.
    pub(crate) port: u8,
}

/// A `kernel_ethtool_ts_info` being filled in for ethtool.
///
/// # Invariants
///
/// `ptr` points to a writable `kernel_ethtool_ts_info`, used only through
/// this value for its lifetime.
pub(crate) struct TsInfo<'a> {
    ptr: *mut bindings::kernel_ethtool_ts_info,
    _info: PhantomData<&'a mut bindings::kernel_ethtool_ts_info>,
}

impl TsInfo<'_> {
    /// Fills it in from `dev`'s own answer (`ethtool_get_ts_info_by_layer`).
    pub(crate) fn fill_from(&mut self, dev: &NetDev, _rtnl: &Rtnl) -> Result {
        // SAFETY: `self.ptr` is writable (type invariant); `dev` stays
        // registered while RTNL is held.
        let ret = unsafe { bindings::ethtool_get_ts_info_by_layer(dev.as_raw(), self.ptr) };
        kernel::error::to_result(ret)
    }

    /// `so_timestamping` (SOF_TIMESTAMPING_*).
    pub(crate) fn so_timestamping(&self) -> u32 {
        // SAFETY: By the type invariant the struct is ours to read.
        unsafe { (*self.ptr).so_timestamping }
    }

    /// Adds SOF_TIMESTAMPING_* flags.
    pub(crate) fn add_so_timestamping(&mut self, flags: u32) {
        // SAFETY: By the type invariant the struct is ours to write.
        unsafe { (*self.ptr).so_timestamping |= flags };
    }
}

/// What `dev` answers to ethtool's `get_ts_info`, for a caller that only
/// looks at it (a bond asking a slave).
pub(crate) fn ts_info_of(dev: &NetDev, rtnl: &Rtnl) -> Result<u32> {
    // SAFETY: All-zero is a valid `kernel_ethtool_ts_info` (integers).
    let mut raw: bindings::kernel_ethtool_ts_info = unsafe { super::sync::zeroed() };
    let mut info = TsInfo {
        ptr: &mut raw,
        _info: PhantomData,
    };
    info.fill_from(dev, rtnl)?;
    Ok(info.so_timestamping())
}

/// Feature arithmetic of the core (`netdev_features_t` as `u64`).
pub(crate) mod features {
    use super::bindings;

    /// `netdev_base_features()`: what a master may always offer.
    pub(crate) fn base(f: u64) -> u64 {
        // SAFETY: Pure function of its argument.
        unsafe { bindings::rb_netdev_base_features(f) }
    }

    /// `netdev_increment_features()`: `all` as far as `one` allows.
    pub(crate) fn increment(all: u64, one: u64, mask: u64) -> u64 {
        // SAFETY: Pure function of its arguments.
        unsafe { bindings::netdev_increment_features(all, one, mask) }
    }

    /// `netdev_add_tso_features()`.
    pub(crate) fn add_tso(f: u64, mask: u64) -> u64 {
        // SAFETY: Pure function of its arguments.
        unsafe { bindings::rb_netdev_add_tso_features(f, mask) }
    }
}

/// A `SET_NETDEV_DEVTYPE` device type (what uevents say as `DEVTYPE=`).
#[repr(transparent)]
pub(crate) struct DevType(bindings::device_type);

// SAFETY: Never written after construction; C only reads it.
unsafe impl Sync for DevType {}

impl DevType {
    /// A type named `name`.
    pub(crate) const fn new(name: &'static CStr) -> Self {
        // SAFETY: `device_type` is a C struct of pointers; all-zero is valid.
        let mut t: bindings::device_type = unsafe { super::sync::zeroed() };
        t.name = name.as_ptr().cast();
        Self(t)
    }
}

/// A device being set up (`alloc_netdev`'s setup callback): allocated, not
/// registered, its fields the driver's to set.
///
/// # Invariants
///
/// The device is allocated and not yet registered.
pub(crate) struct NewNetDev<'a>(&'a NetDev);

impl NewNetDev<'_> {
    fn raw(&self) -> *mut bindings::net_device {
        self.0.as_raw()
    }

    /// `ether_setup`: the Ethernet defaults.
    pub(crate) fn ether_setup(&self) {
        // SAFETY: Unregistered (type invariant): nothing else uses it yet.
        unsafe { bindings::ether_setup(self.raw()) };
    }

    /// `dev->max_mtu`.
    pub(crate) fn set_max_mtu(&self, mtu: u32) {
        // SAFETY: As in `ether_setup`.
        unsafe { (*self.raw()).max_mtu = mtu };
    }

    /// `dev->rtnl_link_ops`: the link kind the device reports.
    pub(crate) fn set_link_ops<T: super::rtnl_link::LinkKind>(
        &self,
        ops: &'static super::rtnl_link::LinkOps<T>,
    ) {
        // SAFETY: As in `ether_setup`; the ops are static.
        unsafe { (*self.raw()).rtnl_link_ops = ops.as_ptr() };
    }

    /// `SET_NETDEV_DEVTYPE`.
    pub(crate) fn set_devtype(&self, t: &'static DevType) {
        // SAFETY: As in `ether_setup`; `t` is static and never written.
        unsafe { bindings::rb_netdev_set_devtype(self.raw(), &t.0) };
    }

    /// Adds IFF_* flags.
    pub(crate) fn add_flags(&self, flags: u32) {
        // SAFETY: As in `ether_setup`.
        unsafe { (*self.raw()).flags |= flags };
    }

    /// Sets and clears IFF_* private flags.
    pub(crate) fn update_priv_flags(&self, set: u64, clear: u64) {
        // SAFETY: As in `ether_setup`.
        unsafe { bindings::rb_netdev_priv_flags_update(self.raw(), set as _, clear as _) };
    }

    /// `dev->lltx`: transmit needs no queue lock.
    pub(crate) fn set_lltx(&self) {
        // SAFETY: As in `ether_setup`.
        unsafe { bindings::rb_netdev_set_lltx(self.raw()) };
    }

    /// `dev->netns_local`: the device cannot change namespace.
    pub(crate) fn set_netns_immutable(&self) {
        // SAFETY: As in `ether_setup`.
        unsafe { bindings::rb_netdev_set_netns_immutable(self.raw()) };
    }

    /// `dev->hw_features`.
    pub(crate) fn set_hw_features(&self, f: u64) {
        // SAFETY: As in `ether_setup`.
        unsafe { (*self.raw()).hw_features = f };
    }

    /// Adds to `dev->features`.
    pub(crate) fn add_features(&self, f: u64) {
        // SAFETY: As in `ether_setup`.
        unsafe { (*self.raw()).features |= f };
    }
}

/// The `struct sockaddr` of `ndo_set_mac_address`: the family (2 bytes),
/// then at least 14 bytes of address.
pub(crate) struct SockAddr<'a>(&'a [u8; 16]);

impl SockAddr<'_> {
    /// The first 14 address bytes (`sa_data`).
    pub(crate) fn data(&self) -> [u8; 14] {
        let mut d = [0u8; 14];
        d.copy_from_slice(&self.0[2..]);
        d
    }
}

impl NetDev {
    /// Sets `dev->mtu` (`ndo_change_mtu` once the change is allowed).
    fn write_mtu(&self, mtu: u32) {
        // SAFETY: The core calls ndo_change_mtu with RTNL held and lets the
        // driver set the field; readers use READ_ONCE.
        unsafe { core::ptr::write_volatile(&raw mut (*self.as_raw()).mtu, mtu) };
    }

    /// Sets the hardware address (`dev_addr_set`) of a device whose
    /// address is its driver's to set, as in `ndo_set_mac_address`.
    pub(crate) fn dev_addr_set(&self, _rtnl: &Rtnl, mac: &[u8; 6]) {
        // SAFETY: RTNL is held; `mac` has ETH_ALEN bytes.
        unsafe { bindings::rb_dev_addr_set(self.as_raw(), mac.as_ptr()) };
    }
}

/// A driver's net_device: the state in its private area and its callbacks.
/// Every callback gets the device; those the core calls with RTNL held get
/// the token too.
pub(crate) trait NetDevice: Sized + Sync + 'static {
    /// The driver name ethtool reports.
    const DRIVER: &'static CStr;
    /// The firmware version ethtool reports.
    const FW_VERSION: &'static CStr;

    /// The C tables of the driver: a `static` holding [`NetDevOps::new`].
    fn ops() -> &'static NetDevOps<Self>;

    /// The private state of a device being set up; `own` is its way back
    /// to the device.
    fn new(dev: &NetDev, own: OwnDev) -> impl PinInit<Self>;

    /// The rest of setup: the device's fields.
    fn setup(dev: &NewNetDev<'_>);

    /// The attribute group every device of the driver has in sysfs.
    fn sysfs_group() -> Option<&'static super::sysfs::AttrGroup> {
        None
    }

    /// `ndo_init`.
    fn init(&self, dev: &NetDev, rtnl: &Rtnl) -> Result;
    /// `ndo_uninit`.
    fn uninit(&self, dev: &NetDev, rtnl: &Rtnl);
    /// `ndo_open`.
    fn open(&self, dev: &NetDev, rtnl: &Rtnl) -> Result;
    /// `ndo_stop`.
    fn stop(&self, dev: &NetDev, rtnl: &Rtnl) -> Result;
    /// `ndo_start_xmit`: owns `skb` from here on.
    fn start_xmit(&self, dev: &NetDev, skb: SkBuff) -> bindings::netdev_tx_t;
    /// `ndo_select_queue`.
    fn select_queue(&self, dev: &NetDev, skb: &mut SkBuff) -> u16;
    /// `ndo_set_rx_mode` (address list lock held, no RTNL).
    fn set_rx_mode(&self, dev: &NetDev);
    /// `ndo_change_rx_flags` (IFF_* that changed).
    fn change_rx_flags(&self, dev: &NetDev, rtnl: &Rtnl, change: u32);
    /// `ndo_change_mtu`; on success the device takes `mtu`.
    fn change_mtu(&self, dev: &NetDev, rtnl: &Rtnl, mtu: u32) -> Result;
    /// `ndo_get_stats64`.
    fn get_stats64(&self, dev: &NetDev) -> Stats64;
    /// `ndo_set_mac_address`.
    fn set_mac_address(&self, dev: &NetDev, rtnl: &Rtnl, addr: &SockAddr<'_>) -> Result;
    /// `ndo_vlan_rx_add_vid` (`proto` in network order).
    fn vlan_rx_add_vid(&self, dev: &NetDev, rtnl: &Rtnl, proto: u16, vid: u16) -> Result;
    /// `ndo_vlan_rx_kill_vid`.
    fn vlan_rx_kill_vid(&self, dev: &NetDev, rtnl: &Rtnl, proto: u16, vid: u16) -> Result;
    /// `ndo_fix_features`.
    fn fix_features(&self, dev: &NetDev, rtnl: &Rtnl, features: u64) -> u64;
    /// `ndo_add_slave`.
    fn add_slave(&self, dev: &NetDev, rtnl: &Rtnl, slave: &NetDev, ext: ExtAck<'_>) -> Result;
    /// `ndo_del_slave`.
    fn del_slave(&self, dev: &NetDev, rtnl: &Rtnl, slave: &NetDev) -> Result;
    /// ethtool `get_link_ksettings`.
    fn link_settings(&self, dev: &NetDev, rtnl: &Rtnl) -> LinkSettings;
    /// ethtool `get_ts_info`.
    fn ts_info(&self, dev: &NetDev, rtnl: &Rtnl, info: &mut TsInfo<'_>) -> Result;
}

/// The C tables of a [`NetDevice`].
///
/// # Invariants
///
/// The callbacks in the tables are the trampolines of `T`, and only
/// [`create`] and the setup trampoline of `T` install them on a device,
/// after initialising a `T` in its private area: a device with these
/// netdev ops has a live `T` there.
pub(crate) struct NetDevOps<T: NetDevice> {
    ndo: bindings::net_device_ops,
    ethtool: bindings::ethtool_ops,
    _driver: PhantomData<T>,
}

impl<T: NetDevice> NetDevOps<T> {
    /// The tables, with the Ethernet helpers of the core where the driver
    /// has nothing of its own (address validation, features check, link).
    pub(crate) const fn new() -> Self {
        // SAFETY: A C struct of optional function pointers.
        let mut ndo: bindings::net_device_ops = unsafe { super::sync::zeroed() };
        ndo.ndo_init = Some(ndo_init::<T>);
        ndo.ndo_uninit = Some(ndo_uninit::<T>);
        ndo.ndo_open = Some(ndo_open::<T>);
        ndo.ndo_stop = Some(ndo_stop::<T>);
        ndo.ndo_start_xmit = Some(ndo_start_xmit::<T>);
        ndo.ndo_select_queue = Some(ndo_select_queue::<T>);
        ndo.ndo_set_rx_mode = Some(ndo_set_rx_mode::<T>);
        ndo.ndo_change_rx_flags = Some(ndo_change_rx_flags::<T>);
        ndo.ndo_change_mtu = Some(ndo_change_mtu::<T>);
        ndo.ndo_get_stats64 = Some(ndo_get_stats64::<T>);
        ndo.ndo_set_mac_address = Some(ndo_set_mac_address::<T>);
        ndo.ndo_validate_addr = Some(bindings::eth_validate_addr);
        ndo.ndo_vlan_rx_add_vid = Some(ndo_vlan_rx_add_vid::<T>);
        ndo.ndo_vlan_rx_kill_vid = Some(ndo_vlan_rx_kill_vid::<T>);
        ndo.ndo_fix_features = Some(ndo_fix_features::<T>);
        ndo.ndo_features_check = Some(bindings::passthru_features_check);
        ndo.ndo_add_slave = Some(ndo_add_slave::<T>);
        ndo.ndo_del_slave = Some(ndo_del_slave::<T>);
        // SAFETY: A C struct of integers and optional function pointers.
        let mut ethtool: bindings::ethtool_ops = unsafe { super::sync::zeroed() };
        ethtool.get_drvinfo = Some(get_drvinfo::<T>);
        ethtool.get_link = Some(bindings::ethtool_op_get_link);
        ethtool.get_link_ksettings = Some(get_link_ksettings::<T>);
        ethtool.get_ts_info = Some(get_ts_info::<T>);
        Self {
            ndo,
            ethtool,
            _driver: PhantomData,
        }
    }

    /// The driver state of `dev`, if `dev` is one of the driver's devices.
    pub(crate) fn priv_of(dev: &NetDev) -> Option<&T> {
        if !core::ptr::eq(dev.ops(), &T::ops().ndo) {
            return None;
        }
        // SAFETY: By the type invariant a device with these ops has a live
        // `T` in its private area, dropped only when the device is freed,
        // after every borrow of the device has ended.
        Some(unsafe { private::<T>(dev.as_raw()) })
    }

    /// The setup callback of `alloc_netdev` for the driver's devices (for
    /// rtnl_link_ops, which allocates them itself).
    pub(crate) const fn setup_fn() -> unsafe extern "C" fn(*mut bindings::net_device) {
        setup::<T>
    }

    /// The private area size to allocate with [`Self::setup_fn`].
    pub(crate) const fn priv_size() -> usize {
        core::mem::size_of::<T>()
    }
}

/// A device's handle to itself, for its private state (bonding.ko's
/// `bond->dev`).
///
/// # Invariants
///
/// `dev` is the device for whose private area of `size` bytes the handle
/// was made; only `netdev_ops` makes handles.
pub(crate) struct OwnDev {
    dev: *mut bindings::net_device,
    size: usize,
}

// SAFETY: The pointer becomes a reference only in `get`, which checks that
// the handle lies in that device's private area.
unsafe impl Send for OwnDev {}
// SAFETY: As above; `&OwnDev` offers nothing else.
unsafe impl Sync for OwnDev {}

impl OwnDev {
    fn new<T: NetDevice>(dev: *mut bindings::net_device) -> Self {
        Self {
            dev,
            size: core::mem::size_of::<T>(),
        }
    }

    /// The device. Panics if the handle was moved out of the device's
    /// private area (then the device could be gone).
    pub(crate) fn get(&self) -> &NetDev {
        // SAFETY: Only computes the address of the private area.
        let start = unsafe { bindings::rb_netdev_priv(self.dev) } as usize;
        let me = self as *const Self as usize;
        assert!(
            me >= start && me + core::mem::size_of::<Self>() <= start + self.size,
            "OwnDev outside its device"
        );
        // SAFETY: The handle (borrowed for the returned lifetime) lies in
        // the private area of `dev` (checked), which is part of the
        // device's allocation, so the device is allocated meanwhile.
        unsafe { NetDev::from_raw(self.dev) }
    }
}

// The core aligns the private area to NETDEV_ALIGN (32 bytes).
const NETDEV_ALIGN: usize = 32;

/// Allocates and registers one of the driver's devices in `net`.
pub(crate) fn create<'a, T: NetDevice>(
    rtnl: &'a Rtnl,
    net: &super::pernet::Net,
    name: &IfName,
    queues: u32,
) -> Result<&'a NetDev> {
    super::netdev::create(
        rtnl,
        net,
        NetDevOps::<T>::priv_size(),
        name,
        setup::<T>,
        queues,
    )
}

/// The `T` in the private area of `dev`.
///
/// # Safety
///
/// `dev` must be a device set up by `setup::<T>` and not yet freed, for `'a`.
unsafe fn private<'a, T: NetDevice>(dev: *mut bindings::net_device) -> &'a T {
    // SAFETY: The caller's contract: `setup::<T>` initialised a `T` there.
    unsafe { &*bindings::rb_netdev_priv(dev).cast::<T>() }
}

/// The device, the driver state and the RTNL token of a callback the core
/// makes with RTNL held.
///
/// # Safety
///
/// `dev` must be one of `T`'s devices (its ops are `T`'s: the core calls
/// `dev->netdev_ops` or `dev->ethtool_ops`), RTNL held for `'a`.
unsafe fn rtnl_args<'a, T: NetDevice>(
    dev: *mut bindings::net_device,
) -> (&'a NetDev, &'a T, &'a Rtnl) {
    // SAFETY: The caller's contract; see `NetDevOps`' invariant.
    unsafe {
        (
            NetDev::from_raw(dev),
            private::<T>(dev),
            Rtnl::assume_held(),
        )
    }
}

/// # Safety
///
/// Called by `alloc_netdev_mqs` with a new device whose private area has
/// `size_of::<T>()` bytes.
unsafe extern "C" fn setup<T: NetDevice>(raw: *mut bindings::net_device) {
    const { assert!(core::mem::align_of::<T>() <= NETDEV_ALIGN) };
    // SAFETY: A new device, allocated until it is freed.
    let dev = unsafe { NetDev::from_raw(raw) };
    // SAFETY: The private area is allocated, aligned to NETDEV_ALIGN (at
    // least `T`'s, checked above), sized for a `T` and never moves; the
    // initialiser cannot fail.
    let _ = unsafe {
        T::new(dev, OwnDev::new::<T>(raw)).__pinned_init(bindings::rb_netdev_priv(raw).cast::<T>())
    };
    // SAFETY: Not registered yet: the fields are ours to set. The tables
    // are `T`'s, installed after `T` was initialised (`NetDevOps`).
    unsafe {
        (*raw).netdev_ops = &T::ops().ndo;
        (*raw).ethtool_ops = &T::ops().ethtool;
        (*raw).needs_free_netdev = true;
        (*raw).priv_destructor = Some(destructor::<T>);
    }
    T::setup(&NewNetDev(dev));
}

/// # Safety
///
/// `priv_destructor`: called once, when the device is freed (or
/// registration failed after `ndo_init`); nothing borrows its state.
unsafe extern "C" fn destructor<T: NetDevice>(dev: *mut bindings::net_device) {
    // SAFETY: The private area holds the `T` written by `setup::<T>`, which
    // nobody uses any more.
    unsafe { core::ptr::drop_in_place(bindings::rb_netdev_priv(dev).cast::<T>()) };
}

/// # Safety
///
/// Only C calls it, as the callback it is installed as, with the
/// arguments that callback's contract gives.
unsafe extern "C" fn ndo_init<T: NetDevice>(dev: *mut bindings::net_device) -> c_int {
    // SAFETY: register_netdevice calls it with RTNL held.
    let (dev, this, rtnl) = unsafe { rtnl_args::<T>(dev) };
    if let Some(g) = T::sysfs_group() {
        // SAFETY: In ndo_init the core has not created the device's sysfs
        // files yet; it does so from `sysfs_groups` after this returns. The
        // group is static.
        unsafe { (*dev.as_raw()).sysfs_groups[0] = g.as_ptr() };
    }
    int_of(this.init(dev, rtnl))
}

/// # Safety
///
/// Only C calls it, as the callback it is installed as, with the
/// arguments that callback's contract gives.
unsafe extern "C" fn ndo_uninit<T: NetDevice>(dev: *mut bindings::net_device) {
    // SAFETY: Called with RTNL held.
    let (dev, this, rtnl) = unsafe { rtnl_args::<T>(dev) };
    this.uninit(dev, rtnl);
}

/// # Safety
///
/// Only C calls it, as the callback it is installed as, with the
/// arguments that callback's contract gives.
unsafe extern "C" fn ndo_open<T: NetDevice>(dev: *mut bindings::net_device) -> c_int {
    // SAFETY: Called with RTNL held.
    let (dev, this, rtnl) = unsafe { rtnl_args::<T>(dev) };
    int_of(this.open(dev, rtnl))
}

/// # Safety
///
/// Only C calls it, as the callback it is installed as, with the
/// arguments that callback's contract gives.
unsafe extern "C" fn ndo_stop<T: NetDevice>(dev: *mut bindings::net_device) -> c_int {
    // SAFETY: Called with RTNL held.
    let (dev, this, rtnl) = unsafe { rtnl_args::<T>(dev) };
    int_of(this.stop(dev, rtnl))
}

/// # Safety
///
/// Only C calls it, as the callback it is installed as, with the
/// arguments that callback's contract gives.
unsafe extern "C" fn ndo_start_xmit<T: NetDevice>(
    skb: *mut bindings::sk_buff,
    dev: *mut bindings::net_device,
) -> bindings::netdev_tx_t {
    // SAFETY: The core passes ownership of `skb`, on a registered device of
    // `T` (its ops).
    let (skb, this, dev) = unsafe {
        (
            SkBuff::from_raw(skb),
            private::<T>(dev),
            NetDev::from_raw(dev),
        )
    };
    this.start_xmit(dev, skb)
}

/// # Safety
///
/// Only C calls it, as the callback it is installed as, with the
/// arguments that callback's contract gives.
unsafe extern "C" fn ndo_select_queue<T: NetDevice>(
    dev: *mut bindings::net_device,
    skb: *mut bindings::sk_buff,
    _sb_dev: *mut bindings::net_device,
) -> u16 {
    // SAFETY: A registered device of `T`; the core keeps owning `skb`, lent
    // for the call (given back below).
    let (dev, this, mut skb) = unsafe {
        (
            NetDev::from_raw(dev),
            private::<T>(dev),
            SkBuff::from_raw(skb),
        )
    };
    let q = this.select_queue(dev, &mut skb);
    let _ = skb.into_raw();
    q
}

/// # Safety
///
/// Only C calls it, as the callback it is installed as, with the
/// arguments that callback's contract gives.
unsafe extern "C" fn ndo_set_rx_mode<T: NetDevice>(dev: *mut bindings::net_device) {
    // SAFETY: A registered device of `T`.
    let (this, dev) = unsafe { (private::<T>(dev), NetDev::from_raw(dev)) };
    this.set_rx_mode(dev);
}

/// # Safety
///
/// Only C calls it, as the callback it is installed as, with the
/// arguments that callback's contract gives.
unsafe extern "C" fn ndo_change_rx_flags<T: NetDevice>(
    dev: *mut bindings::net_device,
    change: c_int,
) {
    // SAFETY: Called with RTNL held.
    let (dev, this, rtnl) = unsafe { rtnl_args::<T>(dev) };
    this.change_rx_flags(dev, rtnl, change as u32);
}

/// # Safety
///
/// Only C calls it, as the callback it is installed as, with the
/// arguments that callback's contract gives.
unsafe extern "C" fn ndo_change_mtu<T: NetDevice>(
    dev: *mut bindings::net_device,
    mtu: c_int,
) -> c_int {
    // SAFETY: Called with RTNL held.
    let (dev, this, rtnl) = unsafe { rtnl_args::<T>(dev) };
    let r = this.change_mtu(dev, rtnl, mtu as u32);
    if r.is_ok() {
        dev.write_mtu(mtu as u32);
    }
    int_of(r)
}

/// # Safety
///
/// Only C calls it, as the callback it is installed as, with the
/// arguments that callback's contract gives.
unsafe extern "C" fn ndo_get_stats64<T: NetDevice>(
    dev: *mut bindings::net_device,
    out: *mut bindings::rtnl_link_stats64,
) {
    // SAFETY: A registered device of `T`.
    let (this, dev) = unsafe { (private::<T>(dev), NetDev::from_raw(dev)) };
    // SAFETY: `out` is the struct the core passed.
    unsafe { super::netdev_cfg::write_stats64(out, &this.get_stats64(dev)) };
}

/// # Safety
///
/// Only C calls it, as the callback it is installed as, with the
/// arguments that callback's contract gives.
unsafe extern "C" fn ndo_set_mac_address<T: NetDevice>(
    dev: *mut bindings::net_device,
    addr: *mut c_void,
) -> c_int {
    // SAFETY: Called with RTNL held.
    let (dev, this, rtnl) = unsafe { rtnl_args::<T>(dev) };
    // SAFETY: The core passes a `struct sockaddr` of at least its 16 bytes
    // (a `sockaddr_storage`, or rtnetlink's copy of at least that size).
    let addr = SockAddr(unsafe { &*addr.cast::<[u8; 16]>() });
    int_of(this.set_mac_address(dev, rtnl, &addr))
}

/// # Safety
///
/// Only C calls it, as the callback it is installed as, with the
/// arguments that callback's contract gives.
unsafe extern "C" fn ndo_vlan_rx_add_vid<T: NetDevice>(
    dev: *mut bindings::net_device,
    proto: bindings::__be16,
    vid: u16,
) -> c_int {
    // SAFETY: Called with RTNL held.
    let (dev, this, rtnl) = unsafe { rtnl_args::<T>(dev) };
    int_of(this.vlan_rx_add_vid(dev, rtnl, proto, vid))
}

/// # Safety
///
/// Only C calls it, as the callback it is installed as, with the
/// arguments that callback's contract gives.
unsafe extern "C" fn ndo_vlan_rx_kill_vid<T: NetDevice>(
    dev: *mut bindings::net_device,
    proto: bindings::__be16,
    vid: u16,
) -> c_int {
    // SAFETY: Called with RTNL held.
    let (dev, this, rtnl) = unsafe { rtnl_args::<T>(dev) };
    int_of(this.vlan_rx_kill_vid(dev, rtnl, proto, vid))
}

/// # Safety
///
/// Only C calls it, as the callback it is installed as, with the
/// arguments that callback's contract gives.
unsafe extern "C" fn ndo_fix_features<T: NetDevice>(
    dev: *mut bindings::net_device,
    features: bindings::netdev_features_t,
) -> bindings::netdev_features_t {
    // SAFETY: Called with RTNL held (netdev_update_features).
    let (dev, this, rtnl) = unsafe { rtnl_args::<T>(dev) };
    this.fix_features(dev, rtnl, features)
}

/// # Safety
///
/// Only C calls it, as the callback it is installed as, with the
/// arguments that callback's contract gives.
unsafe extern "C" fn ndo_add_slave<T: NetDevice>(
    dev: *mut bindings::net_device,
    slave: *mut bindings::net_device,
    extack: *mut bindings::netlink_ext_ack,
) -> c_int {
    // SAFETY: rtnetlink calls it with RTNL held, with a registered slave
    // (registered while RTNL is held) and the request's ack.
    let ((dev, this, rtnl), sdev, ext) = unsafe {
        (
            rtnl_args::<T>(dev),
            NetDev::from_raw(slave),
            ExtAck::from_raw(extack),
        )
    };
    int_of(this.add_slave(dev, rtnl, sdev, ext))
}

/// # Safety
///
/// Only C calls it, as the callback it is installed as, with the
/// arguments that callback's contract gives.
unsafe extern "C" fn ndo_del_slave<T: NetDevice>(
    dev: *mut bindings::net_device,
    slave: *mut bindings::net_device,
) -> c_int {
    // SAFETY: As in `ndo_add_slave`.
    let ((dev, this, rtnl), sdev) = unsafe { (rtnl_args::<T>(dev), NetDev::from_raw(slave)) };
    int_of(this.del_slave(dev, rtnl, sdev))
}

/// Copies `s` into a C char array, NUL-terminated, cut to fit.
fn copy_cstr(dst: &mut [kernel::ffi::c_char], s: &CStr) {
    let n = s.to_bytes().len().min(dst.len().saturating_sub(1));
    for (d, b) in dst.iter_mut().zip(s.to_bytes()[..n].iter()) {
        *d = *b as _;
    }
    if let Some(d) = dst.get_mut(n) {
        *d = 0;
    }
}

/// # Safety
///
/// Only C calls it, as the callback it is installed as, with the
/// arguments that callback's contract gives.
unsafe extern "C" fn get_drvinfo<T: NetDevice>(
    _dev: *mut bindings::net_device,
    info: *mut bindings::ethtool_drvinfo,
) {
    // SAFETY: ethtool passes a zeroed, writable `ethtool_drvinfo`.
    let info = unsafe { &mut *info };
    copy_cstr(&mut info.driver, T::DRIVER);
    copy_cstr(&mut info.fw_version, T::FW_VERSION);
}

/// # Safety
///
/// Only C calls it, as the callback it is installed as, with the
/// arguments that callback's contract gives.
unsafe extern "C" fn get_link_ksettings<T: NetDevice>(
    dev: *mut bindings::net_device,
    cmd: *mut bindings::ethtool_link_ksettings,
) -> c_int {
    // SAFETY: ethtool ops run with RTNL held.
    let (dev, this, rtnl) = unsafe { rtnl_args::<T>(dev) };
    let ls = this.link_settings(dev, rtnl);
    // SAFETY: ethtool passes a writable `ethtool_link_ksettings`.
    let base = unsafe { &mut (*cmd).base };
    base.speed = ls.speed;
    base.duplex = ls.duplex;
    base.port = ls.port;
    0
}

/// # Safety
///
/// Only C calls it, as the callback it is installed as, with the
/// arguments that callback's contract gives.
unsafe extern "C" fn get_ts_info<T: NetDevice>(
    dev: *mut bindings::net_device,
    info: *mut bindings::kernel_ethtool_ts_info,
) -> c_int {
    // SAFETY: ethtool ops run with RTNL held.
    let (dev, this, rtnl) = unsafe { rtnl_args::<T>(dev) };
    // By the invariant of `TsInfo`: ethtool's struct, lent for the call.
    let mut info = TsInfo {
        ptr: info,
        _info: PhantomData,
    };
    int_of(this.ts_info(dev, rtnl, &mut info))
}
