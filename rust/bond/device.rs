// SPDX-License-Identifier: GPL-2.0

//! The bond's net_device: creation, its private state, its netdev ops.

use crate::bond::net::BondNet;
use crate::logic::log::{Level, Log};
use crate::logic::options::Params;
use crate::sys::print::DevLog;
use crate::sys::bindings;
use crate::sys::netdev::{self, IfName, NetDev, SkBuff};
use crate::sys::rtnl::{Rtnl, RtnlCell};
use crate::sys::sync::{zeroed, CStatic};
use core::mem::MaybeUninit;
use kernel::prelude::*;
use kernel::sync::SpinLock;

/// `EADDRNOTAVAIL`, which the kernel crate does not name.
const EADDRNOTAVAIL: kernel::ffi::c_int = 99;

/// What module parameters set for every new bond.
#[derive(Clone, Copy)]
pub(crate) struct Defaults {
    /// Options of a new bond.
    pub(crate) params: Params,
    /// Transmit queues of a new bond (`tx_queues`).
    pub(crate) tx_queues: u32,
}

static DEFAULTS: CStatic<MaybeUninit<Defaults>> = CStatic::new(MaybeUninit::uninit());

/// Records the module-wide defaults.
///
/// # Safety
///
/// Must be called once, in module init, before anything that can create a
/// bond is registered.
pub(crate) unsafe fn set_defaults(d: Defaults) {
    // SAFETY: No reader can run yet (the caller's contract).
    unsafe { (*DEFAULTS.get()).write(d) };
}

fn defaults() -> Defaults {
    // SAFETY: Written once by `set_defaults` before any bond can be created,
    // never written again, so reads do not race and see an initialised value.
    unsafe { (*DEFAULTS.get()).assume_init() }
}

/// A bond's configuration, read by sysfs and /proc without RTNL, changed
/// with RTNL held.
#[derive(Clone, Copy)]
pub(crate) struct Config {
    /// The options (bonding.ko's `bond->params`).
    pub(crate) params: Params,
    /// 802.3ad system priority and MAC (`BOND_AD_INFO(bond).system`).
    pub(crate) ad_system: (u16, [u8; 6]),
}

/// A bond: the private area of its net_device.
#[pin_data]
pub(crate) struct Bond {
    #[pin]
    config: SpinLock<Config>,
    /// The name of its /proc/net/bonding entry, while it exists.
    pub(crate) proc_name: RtnlCell<Option<IfName>>,
}

impl Bond {
    /// The bond behind `dev`, if `dev` is one of ours.
    pub(crate) fn from_dev(dev: &NetDev) -> Option<&Bond> {
        if !core::ptr::eq(dev.ops(), &BOND_NETDEV_OPS) {
            return None;
        }
        // SAFETY: Only `bond_setup` installs `BOND_NETDEV_OPS`, right after
        // initialising a `Bond` in the private area; the `Bond` is dropped
        // by the priv destructor, which runs when the device is freed, after
        // every borrow of the device has ended.
        Some(unsafe { &*dev.priv_ptr().cast::<Bond>() })
    }

    /// A copy of the configuration.
    pub(crate) fn config(&self) -> Config {
        *self.config.lock()
    }

    /// Changes the configuration (RTNL serialises writers).
    pub(crate) fn update<R>(&self, _rtnl: &Rtnl, f: impl FnOnce(&mut Config) -> R) -> R {
        f(&mut self.config.lock())
    }
}

/// Creates a bond named `name` (or `bond%d`) in `net`.
pub(crate) fn create(net: *mut bindings::net, name: Option<&IfName>) -> Result {
    let rtnl = Rtnl::lock();
    let d = defaults();
    let name = name.copied().unwrap_or(IfName::new(b"bond%d"));
    let dev = netdev::create(
        &rtnl,
        net,
        core::mem::size_of::<Bond>(),
        &name,
        bond_setup,
        d.tx_queues,
    )?;
    dev.carrier_off(&rtnl);
    Ok(())
}

/// `SET_NETDEV_DEVTYPE`: uevents and udev see `DEVTYPE=bond`.
static BOND_TYPE: CStatic<bindings::device_type> = CStatic::new({
    // SAFETY: `device_type` is a C struct of pointers; all-zero is valid.
    let mut t: bindings::device_type = unsafe { zeroed() };
    t.name = c"bond".as_ptr().cast();
    t
});

pub(crate) static BOND_NETDEV_OPS: bindings::net_device_ops = {
    // SAFETY: `net_device_ops` is a C struct of optional function pointers.
    let mut ops: bindings::net_device_ops = unsafe { zeroed() };
    ops.ndo_init = Some(bond_init);
    ops.ndo_uninit = Some(bond_uninit);
    ops.ndo_open = Some(bond_open);
    ops.ndo_stop = Some(bond_stop);
    ops.ndo_start_xmit = Some(bond_start_xmit);
    ops.ndo_set_mac_address = Some(bond_set_mac_address);
    ops.ndo_validate_addr = Some(bindings::eth_validate_addr);
    ops.ndo_vlan_rx_add_vid = Some(bond_vlan_rx_add_vid);
    ops.ndo_vlan_rx_kill_vid = Some(bond_vlan_rx_kill_vid);
    ops.ndo_fix_features = Some(bond_fix_features);
    ops.ndo_features_check = Some(bindings::passthru_features_check);
    ops
};

static BOND_ETHTOOL_OPS: bindings::ethtool_ops = {
    // SAFETY: `ethtool_ops` is a C struct of integers and optional function
    // pointers.
    let mut ops: bindings::ethtool_ops = unsafe { zeroed() };
    ops.get_drvinfo = Some(bond_get_drvinfo);
    ops.get_link = Some(bindings::ethtool_op_get_link);
    ops.get_link_ksettings = Some(bond_get_link_ksettings);
    ops.get_ts_info = Some(bond_get_ts_info);
    ops
};

/// `alloc_netdev_mqs` setup callback.
///
/// # Safety
///
/// Called by C with a freshly allocated device whose private area has room
/// for a `Bond`.
unsafe extern "C" fn bond_setup(dev: *mut bindings::net_device) {
    let d = defaults();
    let init = pin_init!(Bond {
        config <- kernel::new_spinlock!(Config { params: d.params, ad_system: (0, [0; 6]) }),
        proc_name: RtnlCell::new(None),
    });
    // SAFETY: The private area is allocated, aligned to NETDEV_ALIGN (32)
    // and sized for a `Bond` (see `create`); it never moves. The initialiser
    // cannot fail.
    let _ = unsafe { init.__pinned_init(bindings::rb_netdev_priv(dev).cast::<Bond>()) };

    // SAFETY: `dev` is allocated and not yet registered: its fields are ours
    // to set, as bonding.ko's bond_setup sets them.
    unsafe {
        bindings::ether_setup(dev);
        (*dev).max_mtu = bindings::RB_ETH_MAX_MTU as u32;
        (*dev).netdev_ops = &BOND_NETDEV_OPS;
        (*dev).ethtool_ops = &BOND_ETHTOOL_OPS;
        (*dev).needs_free_netdev = true;
        (*dev).priv_destructor = Some(bond_destructor);
        bindings::rb_netdev_set_devtype(dev, BOND_TYPE.get());
        (*dev).flags |= bindings::RB_IFF_MASTER;
        bindings::rb_netdev_priv_flags_update(
            dev,
            (bindings::RB_IFF_BONDING | bindings::RB_IFF_UNICAST_FLT | bindings::RB_IFF_NO_QUEUE)
                as _,
            (bindings::RB_IFF_XMIT_DST_RELEASE | bindings::RB_IFF_TX_SKB_SHARING) as _,
        );
        bindings::rb_netdev_set_lltx(dev);
        bindings::rb_netdev_set_netns_immutable(dev);
        (*dev).hw_features = bindings::RB_BOND_HW_FEATURES;
        (*dev).features |= bindings::RB_BOND_HW_FEATURES | bindings::RB_BOND_EXTRA_FEATURES;
    }
}

/// `priv_destructor`: drops the `Bond`.
///
/// # Safety
///
/// Called by C once, when the device is freed (or registration failed after
/// `ndo_init`); nothing borrows the `Bond` any more.
unsafe extern "C" fn bond_destructor(dev: *mut bindings::net_device) {
    // SAFETY: The private area holds the `Bond` written by `bond_setup`.
    unsafe { core::ptr::drop_in_place(bindings::rb_netdev_priv(dev).cast::<Bond>()) };
}

/// Borrows the device and the RTNL token of an ndo called with RTNL held.
///
/// # Safety
///
/// `dev` must be one of our registered bonds and RTNL held for `'a`.
unsafe fn ndo_args<'a>(dev: *mut bindings::net_device) -> (&'a NetDev, &'a Bond, &'a Rtnl) {
    // SAFETY: The caller's contract.
    let dev = unsafe { NetDev::from_raw(dev) };
    let bond = Bond::from_dev(dev).expect("ndo on a device that is not a bond");
    // SAFETY: The caller's contract.
    (dev, bond, unsafe { Rtnl::assume_held() })
}

/// `ndo_init` (bonding.ko's bond_init).
unsafe extern "C" fn bond_init(dev: *mut bindings::net_device) -> kernel::ffi::c_int {
    // SAFETY: The core calls ndo_init on our device from register_netdevice,
    // with RTNL held.
    let (dev, _bond, rtnl) = unsafe { ndo_args(dev) };
    if let Err(e) = BondNet::of(dev).add_bond(dev, rtnl) {
        return e.to_errno();
    }
    crate::bond::sysfs::attach_group(dev);
    if dev.dev_addr() == [0; 6] {
        // SAFETY: RTNL is held during ndo_init; the address is ours to set.
        unsafe { bindings::rb_eth_hw_addr_random(dev.as_raw()) };
    }
    0
}

/// `ndo_uninit`.
unsafe extern "C" fn bond_uninit(dev: *mut bindings::net_device) {
    // SAFETY: Called by the core on our device with RTNL held.
    let (dev, _bond, rtnl) = unsafe { ndo_args(dev) };
    DevLog::new(dev).log(Level::Info, format_args!("Released all slaves"));
    BondNet::of(dev).remove_bond(dev, rtnl);
}

/// `ndo_open`.
unsafe extern "C" fn bond_open(dev: *mut bindings::net_device) -> kernel::ffi::c_int {
    // SAFETY: Called by the core on our device with RTNL held.
    let (_dev, _bond, _rtnl) = unsafe { ndo_args(dev) };
    0
}

/// `ndo_stop`.
unsafe extern "C" fn bond_stop(dev: *mut bindings::net_device) -> kernel::ffi::c_int {
    // SAFETY: Called by the core on our device with RTNL held.
    let (_dev, _bond, _rtnl) = unsafe { ndo_args(dev) };
    0
}

/// `ndo_start_xmit`: without slaves every frame is dropped and counted.
unsafe extern "C" fn bond_start_xmit(
    skb: *mut bindings::sk_buff,
    dev: *mut bindings::net_device,
) -> bindings::netdev_tx_t {
    // SAFETY: The core passes ownership of `skb` to ndo_start_xmit.
    let skb = unsafe { SkBuff::from_raw(skb) };
    // SAFETY: `dev` is the registered device transmitting; the counter is
    // per-CPU and lock-free.
    unsafe { bindings::rb_dev_core_stats_tx_dropped_inc(dev) };
    drop(skb);
    bindings::RB_NETDEV_TX_OK as bindings::netdev_tx_t
}

/// `ndo_set_mac_address` (bond_set_mac_address with no slaves).
unsafe extern "C" fn bond_set_mac_address(
    dev: *mut bindings::net_device,
    addr: *mut kernel::ffi::c_void,
) -> kernel::ffi::c_int {
    // SAFETY: Called by the core on our device with RTNL held.
    let (dev, bond, _rtnl) = unsafe { ndo_args(dev) };
    let mut mac = [0u8; 6];
    // SAFETY: The core passes a `struct sockaddr` (family + at least 14 data
    // bytes); the address starts after the 2-byte family.
    unsafe { core::ptr::copy_nonoverlapping(addr.cast::<u8>().add(2), mac.as_mut_ptr(), 6) };
    let p = bond.config().params;
    // With fail_over_mac, active-backup keeps its address and says yes.
    if p.fail_over_mac != 0 && p.mode == crate::logic::options::Mode::ActiveBackup {
        return 0;
    }
    let valid = mac != [0; 6] && mac[0] & 1 == 0;
    if !valid {
        return -EADDRNOTAVAIL;
    }
    // SAFETY: RTNL is held; `mac` has ETH_ALEN bytes.
    unsafe { bindings::rb_dev_addr_set(dev.as_raw(), mac.as_ptr()) };
    0
}

/// `ndo_vlan_rx_add_vid`: the bond filters VLANs on its slaves (none yet).
unsafe extern "C" fn bond_vlan_rx_add_vid(
    dev: *mut bindings::net_device,
    _proto: bindings::__be16,
    _vid: u16,
) -> kernel::ffi::c_int {
    // SAFETY: Called by the core on our device with RTNL held.
    let (_dev, _bond, _rtnl) = unsafe { ndo_args(dev) };
    0
}

/// `ndo_vlan_rx_kill_vid`.
unsafe extern "C" fn bond_vlan_rx_kill_vid(
    dev: *mut bindings::net_device,
    _proto: bindings::__be16,
    _vid: u16,
) -> kernel::ffi::c_int {
    // SAFETY: Called by the core on our device with RTNL held.
    let (_dev, _bond, _rtnl) = unsafe { ndo_args(dev) };
    0
}

/// `ndo_fix_features` (bond_fix_features): the features every slave allows;
/// with no slaves, the generic base set plus TSO.
unsafe extern "C" fn bond_fix_features(
    _dev: *mut bindings::net_device,
    features: bindings::netdev_features_t,
) -> bindings::netdev_features_t {
    // SAFETY: Pure functions of their arguments.
    unsafe {
        let base = bindings::rb_netdev_base_features(features);
        bindings::rb_netdev_add_tso_features(base, features)
    }
}

/// ethtool `get_drvinfo`: the name and ABI version bonding.ko reports, so
/// that tools that identify bonds by driver keep working.
unsafe extern "C" fn bond_get_drvinfo(
    _dev: *mut bindings::net_device,
    info: *mut bindings::ethtool_drvinfo,
) {
    // SAFETY: ethtool passes a zeroed, writable `ethtool_drvinfo`.
    let info = unsafe { &mut *info };
    for (d, s) in info.driver.iter_mut().zip(b"bonding\0") {
        *d = *s as _;
    }
    let ver = [b'0' + bindings::RB_BOND_ABI_VERSION as u8, 0];
    for (d, s) in info.fw_version.iter_mut().zip(ver.iter()) {
        *d = *s as _;
    }
}

/// ethtool `get_link_ksettings`: the sum of the usable slaves' speeds
/// (unknown without slaves).
unsafe extern "C" fn bond_get_link_ksettings(
    _dev: *mut bindings::net_device,
    cmd: *mut bindings::ethtool_link_ksettings,
) -> kernel::ffi::c_int {
    // SAFETY: ethtool passes a writable `ethtool_link_ksettings`.
    let base = unsafe { &mut (*cmd).base };
    base.duplex = bindings::RB_DUPLEX_UNKNOWN as u8;
    base.port = bindings::RB_PORT_OTHER as u8;
    base.speed = bindings::RB_SPEED_UNKNOWN as u32;
    0
}

/// ethtool `get_ts_info`: the active slave's (nothing without slaves).
unsafe extern "C" fn bond_get_ts_info(
    _dev: *mut bindings::net_device,
    _info: *mut bindings::kernel_ethtool_ts_info,
) -> kernel::ffi::c_int {
    0
}
