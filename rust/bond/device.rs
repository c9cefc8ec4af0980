// SPDX-License-Identifier: GPL-2.0

//! The bond's net_device: creation, its private state, its netdev ops.

use crate::bond::active::Pending;
use crate::bond::datapath::SlaveArray;
use crate::bond::mode::ad::AD_WORK;
use crate::bond::mode::ModeState;
use crate::bond::monitor::{MCAST_WORK, MII_WORK};
use crate::bond::net::BondNet;
use crate::bond::slave::{Slave, SlaveTable};
use crate::bond::{datapath, enslave};
use crate::logic::log::{Level, Log};
use crate::logic::options::{Mode, Params};
use crate::logic::slave::{Link, DUPLEX_UNKNOWN, SPEED_UNKNOWN};
use crate::logic::stats::{AdStats, Stats64, STATS_N};
use crate::sys::bindings;
use crate::sys::c_ret;
use crate::sys::netdev::{DevRef, IfName, NetDev};
use crate::sys::netdev_ops::{
    self, features, ts_info_of, DevType, LinkSettings, NetDevOps, NetDevice, NewNetDev, OwnDev,
    SockAddr, TsInfo,
};
use crate::sys::nla::ExtAck;
use crate::sys::percpu::PerCpuCounter;
use crate::sys::pernet::Net;
use crate::sys::print::DevLog;
use crate::sys::rcu::{RcuArc, RcuGuard};
use crate::sys::rtnl::{Rtnl, RtnlCell};
use crate::sys::skb::SkBuff;
use crate::sys::sync::{SetOnce, SpinLockBh};
use crate::sys::sysfs::AttrGroup;
use crate::sys::work::{DelayedWork, Workqueue, WqSlot};
use core::ffi::CStr;
use core::sync::atomic::{AtomicBool, AtomicU32, AtomicU8, Ordering};
use kernel::prelude::*;
use kernel::sync::{Arc, Mutex, SpinLock};

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

static DEFAULTS: SetOnce<Defaults> = SetOnce::new();

/// Records the module-wide defaults (module init, before anything that can
/// create a bond is registered).
pub(crate) fn set_defaults(d: Defaults) {
    DEFAULTS.set(d);
}

/// Transmit queues of a new bond (`tx_queues`), for rtnetlink.
pub(crate) fn default_tx_queues() -> u32 {
    defaults().tx_queues
}

fn defaults() -> Defaults {
    *DEFAULTS
        .get()
        .expect("module init sets the defaults before bonds exist")
}

/// A bond's configuration, read by sysfs and /proc without RTNL, changed
/// with RTNL held.
#[derive(Clone, Copy)]
pub(crate) struct Config {
    /// The options (bonding.ko's `bond->params`).
    pub(crate) params: Params,
}

/// A bond: the private area of its net_device.
#[pin_data(PinnedDrop)]
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
    pub(crate) curr_active: RcuArc<Slave>,
    /// All slaves as the data path sees them.
    pub(crate) all_slaves: RcuArc<SlaveArray>,
    /// The slaves hashed over (`usable_slaves`): those that could transmit
    /// when it was last rebuilt, in the modes that hash.
    pub(crate) usable: RcuArc<SlaveArray>,
    /// The mode, for the data path (a copy of `config.params.mode`).
    mode: AtomicU8,
    /// xmit_hash_policy, for the data path.
    xmit_policy: AtomicU8,
    /// packets_per_slave, for the data path.
    packets_per_slave: AtomicU32,
    /// broadcast_neighbor, for the data path.
    broadcast_neighbor: AtomicBool,
    /// balance-rr's packet counter (`rr_tx_counter`).
    pub(crate) rr_counter: PerCpuCounter,
    /// The MII link monitor.
    #[pin]
    pub(crate) mii_work: DelayedWork<Bond, MII_WORK>,
    /// IGMP re-joins after a failover.
    #[pin]
    pub(crate) mcast_work: DelayedWork<Bond, MCAST_WORK>,
    /// The 802.3ad state machines.
    #[pin]
    pub(crate) ad_work: DelayedWork<Bond, AD_WORK>,
    /// The modes' state that receive and the works share (`mode_lock`).
    #[pin]
    pub(crate) mode_state: SpinLockBh<ModeState>,
    /// Received LACPDUs go to the 802.3ad machines (`recv_probe`).
    pub(crate) lacp_rx: AtomicBool,
    /// The 802.3ad transmit array waits for RTNL.
    pub(crate) ad_arr_pending: AtomicBool,
    /// IGMP re-joins still to send.
    pub(crate) igmp_retrans: RtnlCell<u32>,
    /// What released slaves and past reads added up (`bond_stats`).
    #[pin]
    stats: SpinLock<Stats64>,
    /// Set while the notifier recomputes features (no recursion).
    pub(crate) notifier_ctx: RtnlCell<bool>,
    /// The 802.3ad frame counters of all slaves together.
    pub(crate) ad_stats: AdStats,
    dev: OwnDev,
}

impl Bond {
    /// The bond behind `dev`, if `dev` is one of ours.
    pub(crate) fn from_dev(dev: &NetDev) -> Option<&Bond> {
        NetDevOps::<Bond>::priv_of(dev)
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
        self.broadcast_neighbor
            .store(cfg.params.broadcast_neighbor != 0, Ordering::Relaxed);
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

    /// broadcast_neighbor, read without locks.
    pub(crate) fn broadcast_neighbor(&self) -> bool {
        self.broadcast_neighbor.load(Ordering::Relaxed)
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
        let mut no_agg = false;
        let built = {
            let tbl = self.table.lock();
            arr.reserve(tbl.len(), GFP_KERNEL).and_then(|()| {
                // 802.3ad: only the active aggregator's ports; without one
                // no array at all (`bond_reset_slave_arr`).
                let ad = (self.mode() == Mode::Ieee8023ad).then(|| self.mode_state.lock());
                let agg = ad.as_deref().map(crate::bond::mode::ad::active_agg_id);
                if agg == Some(None) {
                    no_agg = true;
                    return Ok(());
                }
                for (i, s) in tbl.slaves.iter().enumerate() {
                    if skip.is_some_and(|d| core::ptr::eq(d, s.dev())) || !s.can_tx() {
                        continue;
                    }
                    if let (Some(ms), Some(Some(id))) = (ad.as_deref(), agg) {
                        if !crate::logic::ad::in_aggregator(&ms.ports, i, id) {
                            continue;
                        }
                    }
                    // Within the capacity reserved above: no allocation
                    // (the mode lock may be held).
                    arr.push(s.clone(), GFP_ATOMIC)?;
                }
                Ok(())
            })
        };
        if built.is_err() {
            arr = KVec::new();
        }
        let new = if no_agg {
            None
        } else {
            Arc::new(SlaveArray { slaves: arr }, GFP_KERNEL).ok()
        };
        self.usable.replace(rtnl, new);
    }

    /// Republishes the data path's array of slaves from the table, then
    /// frees the old one after a grace period.
    ///
    /// If memory is short, nothing is published (the data path then sees
    /// no slaves in it) and the error is returned: a stale array must never
    /// outlive its slaves.
    pub(crate) fn republish_slaves(&self, rtnl: &Rtnl) -> Result {
        let new = self.slave_array();
        let ret = new.as_ref().map(|_| ()).map_err(|e| *e);
        self.all_slaves.replace(rtnl, new.ok());
        ret
    }

    /// A new array of the table's slaves.
    fn slave_array(&self) -> Result<Arc<SlaveArray>> {
        let mut arr = KVec::new();
        {
            let tbl = self.table.lock();
            arr.reserve(tbl.len(), GFP_KERNEL)?;
            for s in tbl.slaves.iter() {
                arr.push(s.clone(), GFP_KERNEL)?;
            }
        }
        Ok(Arc::new(SlaveArray { slaves: arr }, GFP_KERNEL)?)
    }

    /// The bond's device.
    pub(crate) fn dev(&self) -> &NetDev {
        self.dev.get()
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
        self.ad_work.cancel_sync();
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
    pub(crate) fn slave_devs(&self, _rtnl: &Rtnl) -> Result<KVec<DevRef>> {
        let tbl = self.table.lock();
        let mut v = KVec::with_capacity(tbl.len(), GFP_KERNEL)?;
        for s in tbl.slaves.iter() {
            v.push(s.dev_ref(), GFP_KERNEL)?;
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
            if let Err(e) = apply(d) {
                for d in &devs[..i] {
                    undo(d);
                }
                return Err(e);
            }
        }
        Ok(())
    }
}

#[pinned_drop]
impl PinnedDrop for Bond {
    fn drop(self: Pin<&mut Self>) {
        // Nothing of the bond may run while it goes (the works' contract).
        self.cancel_works();
    }
}

/// Creates a bond named `name` (or `bond%d`) in `net`.
pub(crate) fn create(net: &Net, name: Option<&IfName>) -> Result {
    let rtnl = Rtnl::lock();
    let name = name.copied().unwrap_or(IfName::new(b"bond%d"));
    let dev = netdev_ops::create::<Bond>(&rtnl, net, &name, defaults().tx_queues)?;
    dev.carrier_off(&rtnl);
    Ok(())
}

/// `SET_NETDEV_DEVTYPE`: uevents and udev see `DEVTYPE=bond`.
static BOND_TYPE: DevType = DevType::new(c"bond");

/// The bond's netdev and ethtool tables.
static BOND_OPS: NetDevOps<Bond> = NetDevOps::new();

const _: () = assert!(bindings::RB_BOND_ABI_VERSION == 2);

impl NetDevice for Bond {
    // What bonding.ko reports, so that tools that identify bonds by driver
    // keep working (the firmware version is the ABI version).
    const DRIVER: &'static CStr = c"bonding";
    const FW_VERSION: &'static CStr = c"2";

    fn ops() -> &'static NetDevOps<Self> {
        &BOND_OPS
    }

    fn sysfs_group() -> Option<&'static AttrGroup> {
        Some(&crate::bond::sysfs::GROUP)
    }

    fn new(_dev: &NetDev, own: OwnDev) -> impl PinInit<Self> {
        let d = defaults();
        pin_init!(Bond {
            wq: WqSlot::new(),
            config <- kernel::new_spinlock!(Config { params: d.params }),
            proc_name: RtnlCell::new(None),
            table <- kernel::new_mutex!(SlaveTable::new()),
            curr_active: RcuArc::null(),
            all_slaves: RcuArc::null(),
            usable: RcuArc::null(),
            mode: AtomicU8::new(d.params.mode as u8),
            xmit_policy: AtomicU8::new(d.params.xmit_policy),
            packets_per_slave: AtomicU32::new(d.params.packets_per_slave as u32),
            broadcast_neighbor: AtomicBool::new(d.params.broadcast_neighbor != 0),
            rr_counter: PerCpuCounter::none(),
            mii_work <- DelayedWork::new(),
            mcast_work <- DelayedWork::new(),
            ad_work <- DelayedWork::new(),
            mode_state <- crate::new_spinlock_bh!(ModeState::new(), "Bond::mode_state"),
            lacp_rx: AtomicBool::new(false),
            ad_arr_pending: AtomicBool::new(false),
            igmp_retrans: RtnlCell::new(0),
            notifier_ctx: RtnlCell::new(false),
            ad_stats: AdStats::default(),
            stats <- kernel::new_spinlock!([0; STATS_N]),
            dev: own,
        })
    }

    /// As bonding.ko's bond_setup.
    fn setup(dev: &NewNetDev<'_>) {
        dev.ether_setup();
        dev.set_max_mtu(bindings::RB_ETH_MAX_MTU as u32);
        // Bonds made by sysfs or module load are of the link kind too.
        dev.set_link_ops(&crate::bond::netlink::BOND_LINK_OPS);
        dev.set_devtype(&BOND_TYPE);
        dev.add_flags(bindings::RB_IFF_MASTER);
        dev.update_priv_flags(
            bindings::RB_IFF_BONDING | bindings::RB_IFF_UNICAST_FLT | bindings::RB_IFF_NO_QUEUE,
            bindings::RB_IFF_XMIT_DST_RELEASE | bindings::RB_IFF_TX_SKB_SHARING,
        );
        dev.set_lltx();
        dev.set_netns_immutable();
        dev.set_hw_features(bindings::RB_BOND_HW_FEATURES);
        dev.add_features(bindings::RB_BOND_HW_FEATURES | bindings::RB_BOND_EXTRA_FEATURES);
    }

    /// bonding.ko's bond_init.
    fn init(&self, dev: &NetDev, rtnl: &Rtnl) -> Result {
        self.rr_counter.alloc()?;
        self.wq.install(Workqueue::new_ordered(&dev.name())?);
        BondNet::of(dev).ok_or(ENODEV)?.add_bond(dev, rtnl)?;
        if dev.dev_addr() == [0; 6] {
            dev.random_addr(rtnl);
        }
        Ok(())
    }

    fn uninit(&self, dev: &NetDev, rtnl: &Rtnl) {
        enslave::release_all(dev, self, rtnl);
        DevLog::new(dev).log(Level::Info, format_args!("Released all slaves"));
        if let Some(bn) = BondNet::of(dev) {
            bn.remove_bond(dev, rtnl);
        }
    }

    /// Slaves get their active/backup flags back, monitors start.
    fn open(&self, dev: &NetDev, rtnl: &Rtnl) -> Result {
        let p = self.config().params;
        let mut pending = Pending::new();
        {
            let mut tbl = self.table.lock();
            let curr = tbl.sel.curr_active;
            let (states, _, _) = tbl.split();
            let mode = crate::bond::mode::of(p.mode);
            for (i, st) in states.iter_mut().enumerate() {
                mode.open_slave(st, &p, Some(i) == curr);
            }
            pending.collect(self, &mut tbl, None);
        }
        pending.run(dev, self, rtnl);
        if p.miimon != 0 {
            self.queue_mii_work(0);
        }
        crate::bond::mode::of(p.mode).opened(self, rtnl);
        if p.mode.can_use_xmit_hash() {
            self.update_slave_arr(rtnl, None);
        }
        Ok(())
    }

    /// Monitors stop, the slaves that follow the bond lose its address
    /// lists.
    fn stop(&self, dev: &NetDev, rtnl: &Rtnl) -> Result {
        // The works take RTNL only with trylock, so waiting here is safe.
        self.cancel_works();
        self.table.lock().sel.send_peer_notif = 0;
        crate::bond::mode::of(self.config().params.mode).closing(self, rtnl);
        self.for_each_lower(rtnl, |s| {
            dev.sync_addrs_to(s, false);
            Ok(())
        })
    }

    fn start_xmit(&self, dev: &NetDev, skb: SkBuff) -> bindings::netdev_tx_t {
        datapath::start_xmit(self, dev, skb)
    }

    fn select_queue(&self, dev: &NetDev, skb: &mut SkBuff) -> u16 {
        datapath::select_queue(dev, skb)
    }

    fn set_rx_mode(&self, dev: &NetDev) {
        datapath::set_rx_mode(self, dev)
    }

    /// Promiscuity and allmulti follow the bond to the active slave, or to
    /// every slave in modes without one (`bond_set_promiscuity`,
    /// `bond_set_allmulti`).
    fn change_rx_flags(&self, dev: &NetDev, rtnl: &Rtnl, change: u32) {
        let flags = dev.flags();
        let inc = |flag: u32| if flags & flag != 0 { 1 } else { -1 };
        // Each stops at the first slave that refuses, as bonding.ko does.
        if change & bindings::RB_IFF_PROMISC != 0 {
            let inc = inc(bindings::RB_IFF_PROMISC);
            let _ = self.for_each_lower(rtnl, |s| s.set_promiscuity(rtnl, inc));
        }
        if change & bindings::RB_IFF_ALLMULTI != 0 {
            let inc = inc(bindings::RB_IFF_ALLMULTI);
            let _ = self.for_each_lower(rtnl, |s| s.set_allmulti(rtnl, inc));
        }
    }

    /// Every slave first, rolled back if one refuses.
    fn change_mtu(&self, dev: &NetDev, rtnl: &Rtnl, mtu: u32) -> Result {
        self.apply_to_slaves(
            rtnl,
            |d| d.set_mtu(rtnl, mtu),
            |d| {
                let _ = d.set_mtu(rtnl, dev.mtu());
            },
        )
    }

    fn get_stats64(&self, _dev: &NetDev) -> Stats64 {
        self.stats()
    }

    /// bond_set_mac_address with no slaves.
    fn set_mac_address(&self, dev: &NetDev, rtnl: &Rtnl, addr: &SockAddr<'_>) -> Result {
        let mut mac = [0u8; 6];
        mac.copy_from_slice(&addr.data()[..6]);
        let p = self.config().params;
        // With fail_over_mac, active-backup keeps its address and says yes.
        if p.fail_over_mac != 0 && p.mode == Mode::ActiveBackup {
            return Ok(());
        }
        let valid = mac != [0; 6] && mac[0] & 1 == 0;
        if !valid {
            return Err(c_ret::error_of(EADDRNOTAVAIL));
        }
        let (old, n) = dev.hw_addr();
        self.apply_to_slaves(
            rtnl,
            |d| d.set_mac(rtnl, &mac),
            |d| {
                let _ = d.set_mac(rtnl, &old[..n]);
            },
        )?;
        dev.dev_addr_set(rtnl, &mac);
        Ok(())
    }

    /// Every slave filters the VLAN too; if one refuses, the slaves before
    /// it drop it again.
    fn vlan_rx_add_vid(&self, _dev: &NetDev, rtnl: &Rtnl, proto: u16, vid: u16) -> Result {
        self.apply_to_slaves(
            rtnl,
            |d| d.vlan_vid_add(rtnl, proto, vid),
            |d| d.vlan_vid_del(rtnl, proto, vid),
        )
    }

    /// Every slave drops the VLAN.
    fn vlan_rx_kill_vid(&self, _dev: &NetDev, rtnl: &Rtnl, proto: u16, vid: u16) -> Result {
        self.for_each_slave_dev(rtnl, |d| {
            d.vlan_vid_del(rtnl, proto, vid);
            Ok(())
        })
    }

    /// bond_fix_features: the features every slave allows; with no slaves,
    /// the generic base set plus TSO.
    fn fix_features(&self, _dev: &NetDev, _rtnl: &Rtnl, mask: u64) -> u64 {
        let mut f = features::base(mask);
        for s in self.table.lock().slaves.iter() {
            f = features::increment(f, s.dev().features(), mask);
        }
        features::add_tso(f, mask)
    }

    /// `ip link set DEV master BOND`.
    fn add_slave(&self, dev: &NetDev, rtnl: &Rtnl, slave: &NetDev, ext: ExtAck<'_>) -> Result {
        enslave::enslave(dev, self, slave, ext, rtnl).map_err(c_ret::error_of)
    }

    /// `ip link set DEV nomaster`.
    fn del_slave(&self, dev: &NetDev, rtnl: &Rtnl, slave: &NetDev) -> Result {
        enslave::release(dev, self, slave, false, false, rtnl).map_err(c_ret::error_of)
    }

    /// The sum of the usable slaves' speeds (the largest in broadcast),
    /// unknown without slaves.
    fn link_settings(&self, _dev: &NetDev, rtnl: &Rtnl) -> LinkSettings {
        let broadcast = self.mode() == Mode::Broadcast;
        let mut speed: u32 = 0;
        let mut duplex = DUPLEX_UNKNOWN;
        let mut tbl = self.table.lock();
        let (states, _, ctx) = tbl.split();
        for (i, st) in states.iter_mut().enumerate() {
            // bond_slave_can_tx: up, link up, active.
            let can_tx = ctx.slave_up(i) && st.link == Link::Up && st.is_active();
            if !can_tx {
                continue;
            }
            if let Some(s) = ctx.slave(i) {
                st.update_speed_duplex(s.dev().link_ksettings(rtnl));
            }
            if st.speed != SPEED_UNKNOWN {
                speed = if broadcast {
                    speed.max(st.speed)
                } else {
                    speed.wrapping_add(st.speed)
                };
            }
            if duplex == DUPLEX_UNKNOWN && st.duplex != DUPLEX_UNKNOWN {
                duplex = st.duplex;
            }
        }
        drop(tbl);
        LinkSettings {
            speed: if speed != 0 {
                speed
            } else {
                bindings::RB_SPEED_UNKNOWN as u32
            },
            duplex,
            port: bindings::RB_PORT_OTHER as u8,
        }
    }

    /// The active slave's; without one, software transmit stamps if every
    /// slave has them.
    fn ts_info(&self, _dev: &NetDev, rtnl: &Rtnl, info: &mut TsInfo<'_>) -> Result {
        if let Some(s) = self.curr_active.get_arc() {
            if self.mode().uses_primary() {
                return info.fill_from(s.dev(), rtnl);
            }
        }
        let sw = bindings::RB_SOF_TIMESTAMPING_TX_SOFTWARE;
        let mut all_sw = false;
        let mut stopped = None;
        let walk = self.for_each_slave_dev(rtnl, |d| match ts_info_of(d, rtnl) {
            Ok(ts) if ts & sw != 0 => {
                all_sw = true;
                Ok(())
            }
            r => {
                all_sw = false;
                stopped = Some(r.map(|_| ()));
                Err(EAGAIN)
            }
        });
        if all_sw {
            info.add_so_timestamping(sw);
        }
        // A slave without software stamps ends the walk with its answer.
        stopped.unwrap_or(walk)
    }
}

impl Bond {
    /// Calls `f` on every slave device in list order, stopping at the first
    /// error (a copy of the list: the table is not held while calling out).
    pub(crate) fn for_each_slave_dev(
        &self,
        rtnl: &Rtnl,
        mut f: impl FnMut(&NetDev) -> Result,
    ) -> Result {
        for d in self.slave_devs(rtnl)?.iter() {
            f(d)?;
        }
        Ok(())
    }

    /// Calls `f` on the slaves that follow the bond's flags and address
    /// lists: the active one in the modes with a primary, all of them
    /// otherwise. Stops at the first error.
    pub(crate) fn for_each_lower(
        &self,
        rtnl: &Rtnl,
        mut f: impl FnMut(&NetDev) -> Result,
    ) -> Result {
        if self.config().params.mode.uses_primary() {
            match self.curr_active.get_arc() {
                Some(s) => f(s.dev()),
                None => Ok(()),
            }
        } else {
            self.for_each_slave_dev(rtnl, f)
        }
    }
}
