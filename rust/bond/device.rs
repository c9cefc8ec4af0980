// SPDX-License-Identifier: GPL-2.0

//! The bond's net_device: creation, its private state, its netdev ops.

use crate::bond::active::Pending;
use crate::bond::datapath::SlaveArray;
use crate::bond::net::BondNet;
use crate::bond::slave::{Slave, SlaveTable};
use crate::bond::{datapath, enslave, monitor};
use crate::logic::log::{Level, Log};
use crate::logic::options::{Mode, Params};
use crate::logic::stats::{AdStats, Stats64, STATS_N};
use crate::sys::bindings;
use crate::sys::netdev::{self, DevPtr, IfName, NetDev};
use crate::sys::nla::ExtAck;
use crate::sys::percpu::PerCpuCounter;
use crate::sys::print::DevLog;
use crate::sys::rcu::{self, RcuGuard, RcuPtr};
use crate::sys::rtnl::{Rtnl, RtnlCell};
use crate::sys::sync::{zeroed, CStatic};
use crate::sys::work::{DelayedWork, Workqueue, WqSlot};
use core::mem::MaybeUninit;
use core::sync::atomic::{AtomicU32, AtomicU8, Ordering};
use kernel::prelude::*;
use kernel::sync::{Mutex, SpinLock};

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

/// Transmit queues of a new bond (`tx_queues`), for rtnetlink.
pub(crate) fn default_tx_queues() -> u32 {
    defaults().tx_queues
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
    /// The bond's ordered workqueue (dropped first: it drains the works).
    pub(crate) wq: WqSlot,
    #[pin]
    config: SpinLock<Config>,
    /// The name of its /proc/net/bonding entry, while it exists.
    pub(crate) proc_name: RtnlCell<Option<IfName>>,
    /// The slaves.
    #[pin]
    pub(crate) table: Mutex<SlaveTable>,
    /// The active slave as the data path sees it (`curr_active_slave`).
    pub(crate) curr_active: RcuPtr<Slave>,
    /// All slaves as the data path sees them.
    pub(crate) all_slaves: RcuPtr<SlaveArray>,
    /// The slaves hashed over (`usable_slaves`): those that could transmit
    /// when it was last rebuilt, in the modes that hash.
    pub(crate) usable: RcuPtr<SlaveArray>,
    /// The mode, for the data path (a copy of `config.params.mode`).
    mode: AtomicU8,
    /// xmit_hash_policy, for the data path.
    xmit_policy: AtomicU8,
    /// packets_per_slave, for the data path.
    packets_per_slave: AtomicU32,
    /// balance-rr's packet counter (`rr_tx_counter`).
    pub(crate) rr_counter: PerCpuCounter,
    /// The MII link monitor.
    #[pin]
    pub(crate) mii_work: DelayedWork,
    /// IGMP re-joins after a failover.
    #[pin]
    pub(crate) mcast_work: DelayedWork,
    /// IGMP re-joins still to send.
    pub(crate) igmp_retrans: RtnlCell<u32>,
    /// What released slaves and past reads added up (`bond_stats`).
    #[pin]
    stats: SpinLock<Stats64>,
    /// Set while the notifier recomputes features (no recursion).
    pub(crate) notifier_ctx: RtnlCell<bool>,
    /// The 802.3ad frame counters of all slaves together.
    pub(crate) ad_stats: AdStats,
    dev: DevPtr,
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
        let mut cfg = self.config.lock();
        let r = f(&mut cfg);
        self.mode.store(cfg.params.mode as u8, Ordering::Relaxed);
        self.xmit_policy
            .store(cfg.params.xmit_policy, Ordering::Relaxed);
        self.packets_per_slave
            .store(cfg.params.packets_per_slave as u32, Ordering::Relaxed);
        r
    }

    /// Folds a slave's counters into the bond's (`bond_get_stats` for one).
    pub(crate) fn fold_slave_stats(&self, slave: &Slave) {
        let new = slave.dev().stats64();
        slave.fold_stats(&mut self.stats.lock(), &new);
    }

    /// The bond's counters: its own plus what each slave counted since it
    /// was enslaved.
    pub(crate) fn stats(&self) -> Stats64 {
        let rcu = RcuGuard::new();
        if let Some(all) = self.all_slaves.get(&rcu) {
            for s in all.iter() {
                self.fold_slave_stats(s);
            }
        }
        *self.stats.lock()
    }

    /// The mode, read without locks (for the data path).
    pub(crate) fn mode(&self) -> Mode {
        Mode::from_u64(u64::from(self.mode.load(Ordering::Relaxed))).unwrap_or(Mode::RoundRobin)
    }

    /// xmit_hash_policy, read without locks.
    pub(crate) fn xmit_policy(&self) -> u8 {
        self.xmit_policy.load(Ordering::Relaxed)
    }

    /// packets_per_slave, read without locks.
    pub(crate) fn packets_per_slave(&self) -> u32 {
        self.packets_per_slave.load(Ordering::Relaxed)
    }

    /// `bond_update_slave_arr()`: rebuilds the array of slaves that can
    /// transmit (leaving out `skip`, a slave being released) and publishes
    /// it, freeing the old one after a grace period. Short of memory, an
    /// empty array is published: a stale one must not outlive a slave.
    pub(crate) fn update_slave_arr(&self, rtnl: &Rtnl, skip: Option<&NetDev>) {
        let mut arr = KVec::new();
        let built = {
            let tbl = self.table.lock();
            arr.reserve(tbl.len(), GFP_KERNEL).and_then(|()| {
                for s in tbl.slaves.iter() {
                    if skip.is_some_and(|d| core::ptr::eq(d, s.dev())) || !s.can_tx() {
                        continue;
                    }
                    arr.push(&**s as *const Slave, GFP_KERNEL)?;
                }
                Ok(())
            })
        };
        if built.is_err() {
            arr = KVec::new();
        }
        let new = KBox::new(SlaveArray { slaves: arr }, GFP_KERNEL)
            .map_or(core::ptr::null_mut(), KBox::into_raw);
        self.replace_array(&self.usable, new, rtnl);
    }

    /// Publishes `new` in `slot` and frees what was there after a grace
    /// period.
    fn replace_array(&self, slot: &RcuPtr<SlaveArray>, new: *mut SlaveArray, rtnl: &Rtnl) {
        let old = slot.get_rtnl(rtnl).map(|o| o as *const SlaveArray);
        // SAFETY: The array's slaves are in the table; it stays published
        // until replaced here, under RTNL, and freed after a grace period.
        unsafe { slot.set(rtnl, new) };
        if let Some(old) = old {
            rcu::synchronize();
            // SAFETY: Made by `KBox::into_raw` in an earlier call and
            // unpublished, with no reader left after the grace period.
            drop(unsafe { KBox::from_raw(old.cast_mut()) });
        }
    }

    /// Republishes the data path's array of slaves from the table, then
    /// frees the old one after a grace period.
    ///
    /// If memory is short, nothing is published (the data path then sees
    /// no slaves in it) and the error is returned: a stale array must never
    /// outlive its slaves.
    pub(crate) fn republish_slaves(&self, rtnl: &Rtnl) -> Result {
        let new = self.slave_array();
        let (ptr, ret) = match new {
            Ok(b) => (KBox::into_raw(b), Ok(())),
            Err(e) => (core::ptr::null_mut(), Err(e)),
        };
        self.replace_array(&self.all_slaves, ptr, rtnl);
        ret
    }

    /// A new array of the table's slaves.
    fn slave_array(&self) -> Result<KBox<SlaveArray>> {
        let mut arr = KVec::new();
        {
            let tbl = self.table.lock();
            arr.reserve(tbl.len(), GFP_KERNEL)?;
            for s in tbl.slaves.iter() {
                arr.push(&**s as *const Slave, GFP_KERNEL)?;
            }
        }
        Ok(KBox::new(SlaveArray { slaves: arr }, GFP_KERNEL)?)
    }

    /// The bond's device.
    pub(crate) fn dev(&self) -> &NetDev {
        // SAFETY: The `Bond` lives in the device's private area, so the
        // device outlives it.
        unsafe { self.dev.get() }
    }

    /// Whether the bond has slaves.
    pub(crate) fn has_slaves(&self) -> bool {
        self.table.lock().len() != 0
    }

    /// Stops every work of the bond and waits for them
    /// (`bond_work_cancel_all`).
    pub(crate) fn cancel_works(&self) {
        self.mii_work.cancel_sync();
        self.mcast_work.cancel_sync();
    }

    /// Queues the MII monitor after `delay` jiffies.
    pub(crate) fn queue_mii_work(&self, delay: u64) {
        self.wq.queue(&self.mii_work, delay);
    }

    /// Queues the IGMP re-join work after `delay` jiffies.
    pub(crate) fn queue_mcast_work(&self, delay: u64) {
        self.wq.queue(&self.mcast_work, delay);
    }

    /// The slave devices in list order (a copy, to call out without the
    /// table lock).
    pub(crate) fn slave_devs(&self, _rtnl: &Rtnl) -> Result<KVec<DevPtr>> {
        let tbl = self.table.lock();
        let mut v = KVec::with_capacity(tbl.len(), GFP_KERNEL)?;
        for s in tbl.slaves.iter() {
            v.push(s.dev_ptr(), GFP_KERNEL)?;
        }
        Ok(v)
    }

    /// Calls `apply` on every slave device in list order; when one fails,
    /// calls `undo` on the ones before it and returns that error (the
    /// all-or-nothing of bonding.ko's MTU, address and VLAN callbacks).
    pub(crate) fn apply_to_slaves(
        &self,
        rtnl: &Rtnl,
        apply: impl Fn(&NetDev) -> Result,
        undo: impl Fn(&NetDev),
    ) -> Result {
        let devs = self.slave_devs(rtnl)?;
        for (i, d) in devs.iter().enumerate() {
            // SAFETY: Slaves stay registered while RTNL is held.
            if let Err(e) = apply(unsafe { d.get() }) {
                for d in &devs[..i] {
                    // SAFETY: As above.
                    undo(unsafe { d.get() });
                }
                return Err(e);
            }
        }
        Ok(())
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
    ops.ndo_start_xmit = Some(datapath::bond_start_xmit);
    ops.ndo_select_queue = Some(datapath::bond_select_queue);
    ops.ndo_set_rx_mode = Some(datapath::bond_set_rx_mode);
    ops.ndo_change_rx_flags = Some(bond_change_rx_flags);
    ops.ndo_change_mtu = Some(bond_change_mtu);
    ops.ndo_get_stats64 = Some(bond_get_stats64);
    ops.ndo_set_mac_address = Some(bond_set_mac_address);
    ops.ndo_validate_addr = Some(bindings::eth_validate_addr);
    ops.ndo_vlan_rx_add_vid = Some(bond_vlan_rx_add_vid);
    ops.ndo_vlan_rx_kill_vid = Some(bond_vlan_rx_kill_vid);
    ops.ndo_fix_features = Some(bond_fix_features);
    ops.ndo_features_check = Some(bindings::passthru_features_check);
    ops.ndo_add_slave = Some(bond_add_slave);
    ops.ndo_del_slave = Some(bond_del_slave);
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
pub(crate) unsafe extern "C" fn bond_setup(dev: *mut bindings::net_device) {
    let d = defaults();
    let init = pin_init!(Bond {
        wq: WqSlot::new(),
        config <- kernel::new_spinlock!(Config { params: d.params, ad_system: (0, [0; 6]) }),
        proc_name: RtnlCell::new(None),
        table <- kernel::new_mutex!(SlaveTable::new()),
        curr_active: RcuPtr::null(),
        all_slaves: RcuPtr::null(),
        usable: RcuPtr::null(),
        mode: AtomicU8::new(d.params.mode as u8),
        xmit_policy: AtomicU8::new(d.params.xmit_policy),
        packets_per_slave: AtomicU32::new(d.params.packets_per_slave as u32),
        rr_counter: PerCpuCounter::none(),
        mii_work <- DelayedWork::new(monitor::mii_work_fn),
        mcast_work <- DelayedWork::new(monitor::mcast_work_fn),
        igmp_retrans: RtnlCell::new(0),
        notifier_ctx: RtnlCell::new(false),
        ad_stats: AdStats::default(),
        stats <- kernel::new_spinlock!([0; STATS_N]),
        // SAFETY: `dev` is the device being set up.
        dev: DevPtr::new(unsafe { NetDev::from_raw(dev) }),
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
        // Bonds made by sysfs or module load are of the link kind too.
        (*dev).rtnl_link_ops = crate::bond::netlink::BOND_LINK_OPS.get();
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
    let bond = unsafe { &*bindings::rb_netdev_priv(dev).cast::<Bond>() };
    // The device is unregistered: no reader of the arrays is left.
    for slot in [&bond.all_slaves, &bond.usable] {
        let arr = slot.take_unpublished();
        if !arr.is_null() {
            // SAFETY: Made by `KBox::into_raw` in `replace_array`'s callers.
            drop(unsafe { KBox::from_raw(arr) });
        }
    }
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
    let (dev, bond, rtnl) = unsafe { ndo_args(dev) };
    if let Err(e) = bond.rr_counter.alloc() {
        return e.to_errno();
    }
    match Workqueue::new_ordered(&dev.name()) {
        Ok(wq) => bond.wq.install(wq),
        Err(e) => return e.to_errno(),
    }
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
    let (dev, bond, rtnl) = unsafe { ndo_args(dev) };
    enslave::release_all(dev, bond, rtnl);
    DevLog::new(dev).log(Level::Info, format_args!("Released all slaves"));
    BondNet::of(dev).remove_bond(dev, rtnl);
}

/// `ndo_open`: slaves get their active/backup flags back, monitors start.
unsafe extern "C" fn bond_open(dev: *mut bindings::net_device) -> kernel::ffi::c_int {
    // SAFETY: Called by the core on our device with RTNL held.
    let (dev, bond, rtnl) = unsafe { ndo_args(dev) };
    let p = bond.config().params;
    let mut pending = Pending::new();
    {
        let mut tbl = bond.table.lock();
        let curr = tbl.sel.curr_active;
        let (states, _, _) = tbl.split();
        for (i, st) in states.iter_mut().enumerate() {
            if p.mode.uses_primary() && Some(i) != curr {
                st.set_inactive_flags(&p, true);
            } else if p.mode != Mode::Ieee8023ad {
                st.set_active_flags(p.mode, true);
            }
        }
        pending.collect(&mut tbl, None);
    }
    pending.run(dev, bond, rtnl);
    if p.miimon != 0 {
        bond.queue_mii_work(0);
    }
    if p.mode.can_use_xmit_hash() {
        bond.update_slave_arr(rtnl, None);
    }
    0
}

/// `ndo_add_slave`: `ip link set DEV master BOND`.
unsafe extern "C" fn bond_add_slave(
    dev: *mut bindings::net_device,
    slave: *mut bindings::net_device,
    extack: *mut bindings::netlink_ext_ack,
) -> kernel::ffi::c_int {
    // SAFETY: Called by rtnetlink on our device with RTNL held.
    let (dev, bond, rtnl) = unsafe { ndo_args(dev) };
    // SAFETY: The slave is registered while RTNL is held; `extack` is the
    // request's.
    let (sdev, ext) = unsafe { (NetDev::from_raw(slave), ExtAck::from_raw(extack)) };
    match enslave::enslave(dev, bond, sdev, ext, rtnl) {
        Ok(()) => 0,
        Err(e) => -e,
    }
}

/// `ndo_del_slave`: `ip link set DEV nomaster`.
unsafe extern "C" fn bond_del_slave(
    dev: *mut bindings::net_device,
    slave: *mut bindings::net_device,
) -> kernel::ffi::c_int {
    // SAFETY: Called by rtnetlink on our device with RTNL held.
    let (dev, bond, rtnl) = unsafe { ndo_args(dev) };
    // SAFETY: The slave is registered while RTNL is held.
    let sdev = unsafe { NetDev::from_raw(slave) };
    match enslave::release(dev, bond, sdev, false, false, rtnl) {
        Ok(()) => 0,
        Err(e) => -e,
    }
}

/// `ndo_stop`: monitors stop, the active slave loses the address lists.
unsafe extern "C" fn bond_stop(dev: *mut bindings::net_device) -> kernel::ffi::c_int {
    // SAFETY: Called by the core on our device with RTNL held.
    let (dev, bond, rtnl) = unsafe { ndo_args(dev) };
    // The works take RTNL only with trylock, so waiting here is safe.
    bond.mii_work.cancel_sync();
    bond.mcast_work.cancel_sync();
    bond.table.lock().sel.send_peer_notif = 0;
    for s in lower_targets(bond, rtnl) {
        dev.sync_addrs_to(s.dev(), false);
    }
    0
}

/// The slaves that follow the bond's flags and address lists: the active
/// one in the modes with a primary, all of them otherwise.
fn lower_targets<'r>(bond: &Bond, rtnl: &'r Rtnl) -> impl Iterator<Item = &'r Slave> {
    let primary = bond.config().params.mode.uses_primary();
    let active = if primary {
        bond.curr_active.get_rtnl(rtnl)
    } else {
        None
    };
    let all = if primary {
        None
    } else {
        bond.all_slaves.get_rtnl(rtnl)
    };
    Iterator::chain(active.into_iter(), all.into_iter().flat_map(|a| a.iter()))
}

/// `ndo_change_rx_flags`: promiscuity and allmulti follow the bond to the
/// active slave, or to every slave in modes without one
/// (`bond_set_promiscuity`, `bond_set_allmulti`).
unsafe extern "C" fn bond_change_rx_flags(
    dev: *mut bindings::net_device,
    change: kernel::ffi::c_int,
) {
    // SAFETY: Called by the core on our device with RTNL held.
    let (dev, bond, rtnl) = unsafe { ndo_args(dev) };
    let change = change as u32;
    let flags = dev.flags();
    let inc = |flag: u32| if flags & flag != 0 { 1 } else { -1 };
    // Each stops at the first slave that refuses, as bonding.ko does.
    if change & bindings::RB_IFF_PROMISC != 0 {
        let inc = inc(bindings::RB_IFF_PROMISC);
        let _ = lower_targets(bond, rtnl).try_for_each(|s| s.dev().set_promiscuity(rtnl, inc));
    }
    if change & bindings::RB_IFF_ALLMULTI != 0 {
        let inc = inc(bindings::RB_IFF_ALLMULTI);
        let _ = lower_targets(bond, rtnl).try_for_each(|s| s.dev().set_allmulti(rtnl, inc));
    }
}

/// `ndo_change_mtu`: every slave first, rolled back if one refuses.
unsafe extern "C" fn bond_change_mtu(
    dev: *mut bindings::net_device,
    new_mtu: kernel::ffi::c_int,
) -> kernel::ffi::c_int {
    // SAFETY: Called by the core on our device with RTNL held.
    let (dev, bond, rtnl) = unsafe { ndo_args(dev) };
    let set = bond.apply_to_slaves(
        rtnl,
        |d| d.set_mtu(rtnl, new_mtu as u32),
        |d| {
            let _ = d.set_mtu(rtnl, dev.mtu());
        },
    );
    if let Err(e) = set {
        return e.to_errno();
    }
    // SAFETY: RTNL is held; the core lets ndo_change_mtu set the MTU.
    unsafe { core::ptr::write_volatile(&raw mut (*dev.as_raw()).mtu, new_mtu as u32) };
    0
}

/// `ndo_set_mac_address` (bond_set_mac_address with no slaves).
unsafe extern "C" fn bond_set_mac_address(
    dev: *mut bindings::net_device,
    addr: *mut kernel::ffi::c_void,
) -> kernel::ffi::c_int {
    // SAFETY: Called by the core on our device with RTNL held.
    let (dev, bond, rtnl) = unsafe { ndo_args(dev) };
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
    let (old, n) = dev.hw_addr();
    let set = bond.apply_to_slaves(
        rtnl,
        |d| d.set_mac(rtnl, &mac),
        |d| {
            let _ = d.set_mac(rtnl, &old[..n]);
        },
    );
    if let Err(e) = set {
        return e.to_errno();
    }
    // SAFETY: RTNL is held; `mac` has ETH_ALEN bytes.
    unsafe { bindings::rb_dev_addr_set(dev.as_raw(), mac.as_ptr()) };
    0
}

/// `ndo_get_stats64`.
unsafe extern "C" fn bond_get_stats64(
    dev: *mut bindings::net_device,
    out: *mut bindings::rtnl_link_stats64,
) {
    // SAFETY: The core asks for the stats of a registered device.
    let dev = unsafe { NetDev::from_raw(dev) };
    let Some(bond) = Bond::from_dev(dev) else {
        return;
    };
    // SAFETY: `out` is the struct the core passed.
    unsafe { crate::sys::netdev_cfg::write_stats64(out, &bond.stats()) };
}

/// `ndo_vlan_rx_add_vid`: every slave filters the VLAN too; if one
/// refuses, the slaves before it drop it again.
unsafe extern "C" fn bond_vlan_rx_add_vid(
    dev: *mut bindings::net_device,
    proto: bindings::__be16,
    vid: u16,
) -> kernel::ffi::c_int {
    // SAFETY: Called by the core on our device with RTNL held.
    let (_dev, bond, rtnl) = unsafe { ndo_args(dev) };
    let added = bond.apply_to_slaves(
        rtnl,
        |d| d.vlan_vid_add(rtnl, proto, vid),
        |d| d.vlan_vid_del(rtnl, proto, vid),
    );
    added.map_or_else(|e| e.to_errno(), |()| 0)
}

/// `ndo_vlan_rx_kill_vid`: every slave drops the VLAN.
unsafe extern "C" fn bond_vlan_rx_kill_vid(
    dev: *mut bindings::net_device,
    proto: bindings::__be16,
    vid: u16,
) -> kernel::ffi::c_int {
    // SAFETY: Called by the core on our device with RTNL held.
    let (_dev, bond, rtnl) = unsafe { ndo_args(dev) };
    let devs = match bond.slave_devs(rtnl) {
        Ok(d) => d,
        Err(e) => return e.to_errno(),
    };
    for d in devs.iter() {
        // SAFETY: Slaves stay registered while RTNL is held.
        unsafe { d.get() }.vlan_vid_del(rtnl, proto, vid);
    }
    0
}

/// `ndo_fix_features` (bond_fix_features): the features every slave allows;
/// with no slaves, the generic base set plus TSO.
unsafe extern "C" fn bond_fix_features(
    dev: *mut bindings::net_device,
    features: bindings::netdev_features_t,
) -> bindings::netdev_features_t {
    // SAFETY: Called by the core on our device with RTNL held.
    let (_dev, bond, _rtnl) = unsafe { ndo_args(dev) };
    let mask = features;
    // SAFETY: Pure function of its argument.
    let mut f = unsafe { bindings::rb_netdev_base_features(features) };
    for s in bond.table.lock().slaves.iter() {
        // SAFETY: Pure function of its arguments.
        f = unsafe { bindings::netdev_increment_features(f, s.dev().features(), mask) };
    }
    // SAFETY: Pure function of its arguments.
    unsafe { bindings::rb_netdev_add_tso_features(f, mask) }
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
    dev: *mut bindings::net_device,
    cmd: *mut bindings::ethtool_link_ksettings,
) -> kernel::ffi::c_int {
    // SAFETY: ethtool ops run with RTNL held, on our device.
    let (_dev, bond, rtnl) = unsafe { ndo_args(dev) };
    // SAFETY: ethtool passes a writable `ethtool_link_ksettings`.
    let base = unsafe { &mut (*cmd).base };
    let broadcast = bond.mode() == Mode::Broadcast;
    let mut speed: u32 = 0;
    let mut duplex = crate::logic::slave::DUPLEX_UNKNOWN;
    let mut tbl = bond.table.lock();
    let (states, _, ctx) = tbl.split();
    for (i, st) in states.iter_mut().enumerate() {
        // bond_slave_can_tx: up, link up, active.
        let can_tx = ctx.slave_up(i) && st.link == crate::logic::slave::Link::Up && st.is_active();
        if !can_tx {
            continue;
        }
        if let Some(s) = ctx.slave(i) {
            st.update_speed_duplex(s.dev().link_ksettings(rtnl));
        }
        if st.speed != crate::logic::slave::SPEED_UNKNOWN {
            speed = if broadcast {
                speed.max(st.speed)
            } else {
                speed.wrapping_add(st.speed)
            };
        }
        if duplex == crate::logic::slave::DUPLEX_UNKNOWN
            && st.duplex != crate::logic::slave::DUPLEX_UNKNOWN
        {
            duplex = st.duplex;
        }
    }
    drop(tbl);
    base.duplex = duplex;
    base.port = bindings::RB_PORT_OTHER as u8;
    base.speed = if speed != 0 {
        speed
    } else {
        bindings::RB_SPEED_UNKNOWN as u32
    };
    0
}

/// ethtool `get_ts_info`: the active slave's; without one, software
/// transmit stamps if every slave has them.
unsafe extern "C" fn bond_get_ts_info(
    dev: *mut bindings::net_device,
    info: *mut bindings::kernel_ethtool_ts_info,
) -> kernel::ffi::c_int {
    // SAFETY: ethtool ops run with RTNL held, on our device.
    let (_dev, bond, rtnl) = unsafe { ndo_args(dev) };
    if let Some(s) = bond.curr_active.get_rtnl(rtnl) {
        if bond.mode().uses_primary() {
            // SAFETY: `info` is the struct ethtool passed; the slave is
            // registered while RTNL is held.
            return unsafe { bindings::ethtool_get_ts_info_by_layer(s.dev().as_raw(), info) };
        }
    }
    let devs = match bond.slave_devs(rtnl) {
        Ok(d) => d,
        Err(e) => return e.to_errno(),
    };
    let mut ret = 0;
    let mut sw_tx = false;
    for d in devs.iter() {
        // SAFETY: All-zero is a valid kernel_ethtool_ts_info.
        let mut ts: bindings::kernel_ethtool_ts_info = unsafe { zeroed() };
        // SAFETY: The slave is registered while RTNL is held; `ts` is ours.
        ret = unsafe { bindings::ethtool_get_ts_info_by_layer(d.get().as_raw(), &mut ts) };
        if ret == 0 && ts.so_timestamping & bindings::RB_SOF_TIMESTAMPING_TX_SOFTWARE != 0 {
            sw_tx = true;
            continue;
        }
        sw_tx = false;
        break;
    }
    if sw_tx {
        // SAFETY: `info` is the struct ethtool passed.
        unsafe { (*info).so_timestamping |= bindings::RB_SOF_TIMESTAMPING_TX_SOFTWARE };
    }
    ret
}
