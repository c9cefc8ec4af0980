// SPDX-License-Identifier: GPL-2.0

//! Slaves: what the bond keeps per slave, the table the monitors and the
//! option code work on, and the values the data path reads without locks.

use crate::logic::log::{Bytes, Level, Log};
use crate::logic::slave::{Actions, Bond as Selection, Link, SlaveState};
use crate::logic::stats::{fold, AdStats, Stats64, STATS_N};
use crate::sys::bindings;
use crate::sys::kobject::SysfsDir;
use crate::sys::kvec;
use crate::sys::netdev::{DevRef, IfName, NetDev};
use crate::sys::rtnl::Rtnl;
use core::fmt;
use core::sync::atomic::{AtomicBool, AtomicU16, AtomicU64, Ordering};
use kernel::prelude::*;
use kernel::sync::Arc;

/// One slave of a bond, shared (`Arc`) by the bond's table, its
/// RCU-published arrays and the slave's rx_handler. It holds both devices,
/// so they stay allocated while anyone can reach it; it is dropped without
/// a sleep (perhaps from an RCU callback): its sysfs directory belongs to
/// the table.
pub(crate) struct Slave {
    dev: DevRef,
    bond_dev: DevRef,
    /// Frames received on this slave are only delivered to exact matches.
    pub(crate) inactive: AtomicBool,
    /// `link == BOND_LINK_UP`, for the transmit path.
    pub(crate) link_up: AtomicBool,
    /// Not a backup slave (`bond_is_active_slave`), for the transmit path.
    pub(crate) active: AtomicBool,
    /// queue_id of the slave, for the queue_id override on transmit.
    pub(crate) queue_id: AtomicU16,
    /// The 802.3ad port number, for the receive path to find its port.
    pub(crate) ad_port: AtomicU16,
    /// The MTU to restore on release.
    pub(crate) original_mtu: u32,
    /// The slave's counters when the bond last looked (`slave_stats`).
    snapshot: StatsSnapshot,
    /// The slave's 802.3ad frame counters.
    pub(crate) ad_stats: AdStats,
}

/// A slave's last seen counters, only changed with its bond's stats lock
/// held (so relaxed atomics suffice).
struct StatsSnapshot([AtomicU64; STATS_N]);

impl Slave {
    /// Makes the slave object of `dev` enslaved to `bond_dev`.
    pub(crate) fn new(dev: &NetDev, bond_dev: &NetDev) -> Self {
        Self {
            dev: dev.into(),
            bond_dev: bond_dev.into(),
            inactive: AtomicBool::new(false),
            link_up: AtomicBool::new(false),
            active: AtomicBool::new(false),
            queue_id: AtomicU16::new(0),
            ad_port: AtomicU16::new(0),
            original_mtu: dev.mtu(),
            snapshot: StatsSnapshot(dev.stats64().map(AtomicU64::new)),
            ad_stats: AdStats::default(),
        }
    }

    /// The slave device.
    pub(crate) fn dev(&self) -> &NetDev {
        &self.dev
    }

    /// The bond device.
    pub(crate) fn bond_dev(&self) -> &NetDev {
        &self.bond_dev
    }

    /// Adds what the slave counted since last time to `total`, the bond's
    /// counters, borrowed from the bond's stats lock.
    pub(crate) fn fold_stats(&self, total: &mut Stats64, new: &Stats64) {
        // The caller holds the bond's stats lock (it lends us the total it
        // guards), which serialises every fold.
        let old = self
            .snapshot
            .0
            .each_ref()
            .map(|a| a.load(Ordering::Relaxed));
        fold(total, new, &old);
        for (a, v) in self.snapshot.0.iter().zip(new.iter()) {
            a.store(*v, Ordering::Relaxed);
        }
    }

    /// `bond_slave_is_up`: running, with carrier.
    pub(crate) fn is_up(&self) -> bool {
        let d = self.dev();
        d.is_running() && d.carrier_ok()
    }

    /// `bond_slave_can_tx`: up, link up and not a backup.
    pub(crate) fn can_tx(&self) -> bool {
        self.is_up() && self.link_up.load(Ordering::Relaxed) && self.active.load(Ordering::Relaxed)
    }

    /// A reference to the slave device, to use after the table is
    /// unlocked.
    pub(crate) fn dev_ref(&self) -> DevRef {
        self.dev.clone()
    }
}

/// A lower-state notification to send once the table is unlocked.
pub(crate) struct LowerState {
    pub(crate) dev: DevRef,
    pub(crate) link_up: bool,
    pub(crate) tx_enabled: bool,
}

/// The slaves of a bond in list order, with their state, and the bond's
/// selection state (active and primary slave by index).
///
/// Changed with RTNL held and this table's mutex taken; the MII monitor's
/// inspection and the sysfs and /proc readers only take the mutex. Nobody
/// calls out of the driver (notifiers, device changes) with it held.
pub(crate) struct SlaveTable {
    pub(crate) slaves: KVec<Arc<Slave>>,
    pub(crate) states: KVec<SlaveState>,
    /// Each slave's `/sys/class/net/<slave>/bonding_slave` (taken out to
    /// be removed, which must not happen under the table's lock).
    dirs: KVec<Option<SysfsDir>>,
    names: KVec<IfName>,
    /// Scratch space for the MII monitor: each slave's link as read.
    pub(crate) carriers: KVec<bool>,
    pub(crate) sel: Selection,
}

/// Read-only access to the slaves while their states are borrowed mutably.
#[derive(Clone, Copy)]
pub(crate) struct Ctx<'t> {
    slaves: &'t [Arc<Slave>],
    names: &'t [IfName],
}

impl<'t> Ctx<'t> {
    /// Name of slave `i` (as refreshed by `split`).
    pub(crate) fn name(self, i: usize) -> &'t [u8] {
        self.names.get(i).map_or(&[][..], |n| n.as_bytes())
    }

    /// Slave `i`.
    pub(crate) fn slave(self, i: usize) -> Option<&'t Slave> {
        self.slaves.get(i).map(|b| &**b)
    }

    /// `bond_slave_is_up()`: running with carrier.
    pub(crate) fn slave_up(self, i: usize) -> bool {
        self.slave(i)
            .is_some_and(|s| s.dev().is_running() && s.dev().carrier_ok())
    }

    /// The slave device has a link-watch event pending.
    pub(crate) fn linkwatch_pending(self, i: usize) -> bool {
        self.slave(i).is_some_and(|s| s.dev().linkwatch_pending())
    }
}

impl SlaveTable {
    /// An empty table.
    pub(crate) const fn new() -> Self {
        Self {
            slaves: KVec::new(),
            states: KVec::new(),
            dirs: KVec::new(),
            names: KVec::new(),
            carriers: KVec::new(),
            sel: Selection {
                curr_active: None,
                primary: None,
                force_primary: false,
                send_peer_notif: 0,
            },
        }
    }

    /// Number of slaves.
    pub(crate) fn len(&self) -> usize {
        self.slaves.len()
    }

    /// The index of the slave on `dev`.
    pub(crate) fn index_of(&self, dev: &NetDev) -> Option<usize> {
        self.slaves.iter().position(|s| core::ptr::eq(s.dev(), dev))
    }

    /// The index of the slave named `name`.
    pub(crate) fn index_by_name(&self, name: &[u8]) -> Option<usize> {
        self.slaves
            .iter()
            .position(|s| s.dev().name().as_bytes() == name)
    }

    /// Makes room for one more slave, so that `push` cannot fail.
    pub(crate) fn reserve_one(&mut self) -> Result {
        self.slaves.reserve(1, GFP_KERNEL)?;
        self.states.reserve(1, GFP_KERNEL)?;
        self.dirs.reserve(1, GFP_KERNEL)?;
        self.names.reserve(1, GFP_KERNEL)?;
        self.carriers.reserve(1, GFP_KERNEL)?;
        Ok(())
    }

    /// Appends a slave (after `reserve_one`); returns its index.
    pub(crate) fn push(&mut self, slave: Arc<Slave>, dir: SysfsDir, state: SlaveState) -> usize {
        let name = slave.dev().name();
        // Capacity was reserved, so these do not allocate.
        let _ = self.names.push(name, GFP_ATOMIC);
        let _ = self.carriers.push(false, GFP_ATOMIC);
        let _ = self.states.push(state, GFP_ATOMIC);
        let _ = self.dirs.push(Some(dir), GFP_ATOMIC);
        let _ = self.slaves.push(slave, GFP_ATOMIC);
        self.slaves.len() - 1
    }

    /// Takes out slave `i`'s sysfs directory, if still there.
    pub(crate) fn take_dir(&mut self, i: usize) -> Option<SysfsDir> {
        self.dirs.get_mut(i).and_then(Option::take)
    }

    /// Removes slave `i`, fixing up the selection's indices; the sysfs
    /// directory comes back too unless it was taken out before.
    #[allow(clippy::type_complexity)]
    pub(crate) fn remove(
        &mut self,
        i: usize,
    ) -> Option<(Arc<Slave>, SlaveState, Option<SysfsDir>)> {
        let slave = kvec::remove(&mut self.slaves, i)?;
        let state = kvec::remove(&mut self.states, i)?;
        let dir = kvec::remove(&mut self.dirs, i).flatten();
        kvec::remove(&mut self.names, i);
        kvec::remove(&mut self.carriers, i);
        let fix = |x: Option<usize>| match x {
            Some(j) if j == i => None,
            Some(j) if j > i => Some(j - 1),
            other => other,
        };
        self.sel.curr_active = fix(self.sel.curr_active);
        self.sel.primary = fix(self.sel.primary);
        Some((slave, state, dir))
    }

    /// The states to change, the selection, and read access to the rest;
    /// names are refreshed first.
    pub(crate) fn split(&mut self) -> (&mut [SlaveState], &mut Selection, Ctx<'_>) {
        let (st, sel, ctx, _) = self.split_with_carriers();
        (st, sel, ctx)
    }

    /// `split`, plus the monitor's scratch space.
    pub(crate) fn split_with_carriers(
        &mut self,
    ) -> (&mut [SlaveState], &mut Selection, Ctx<'_>, &mut [bool]) {
        for (n, s) in self.names.iter_mut().zip(self.slaves.iter()) {
            *n = s.dev().name();
        }
        let ctx = Ctx {
            slaves: &self.slaves,
            names: &self.names,
        };
        (
            self.states.as_mut_slice(),
            &mut self.sel,
            ctx,
            self.carriers.as_mut_slice(),
        )
    }

    /// Copies what the data path reads into each slave's atomics and
    /// collects the lower-state notifications the states ask for. Returns
    /// whether a link went up or down in a mode that reacts to it
    /// (`bond_miimon_link_change`).
    pub(crate) fn publish(&mut self, out: &mut KVec<LowerState>) -> bool {
        let mut link_change = false;
        for (s, st) in self.slaves.iter().zip(self.states.iter_mut()) {
            s.inactive.store(st.inactive, Ordering::Relaxed);
            s.link_up.store(st.link == Link::Up, Ordering::Relaxed);
            s.active.store(st.is_active(), Ordering::Relaxed);
            s.queue_id.store(st.queue_id, Ordering::Relaxed);
            link_change |= st.actions.has(Actions::LINK_UP)
                || st.actions.has(Actions::LINK_DOWN)
                || st.actions.has(Actions::ACTIVE_LINK_UP);
            let notify = st.actions.has(Actions::NOTIFY);
            st.actions = Actions::EMPTY;
            if notify {
                let n = LowerState {
                    dev: s.dev_ref(),
                    link_up: matches!(st.link, Link::Up | Link::Fail),
                    tx_enabled: st.is_active(),
                };
                // Only a notification is lost if this fails.
                let _ = out.push(n, GFP_KERNEL);
            }
        }
        link_change
    }

    /// The slave device at `i`.
    pub(crate) fn dev_at(&self, i: usize) -> Option<DevRef> {
        self.slaves.get(i).map(|s| s.dev_ref())
    }

    /// Slave `i`, shared (for the RCU-published active slave).
    pub(crate) fn slave_arc(&self, i: Option<usize>) -> Option<Arc<Slave>> {
        i.and_then(|i| self.slaves.get(i)).cloned()
    }

    /// Whether any slave's link is up (`bond_set_carrier` outside 802.3ad).
    pub(crate) fn any_link_up(&self) -> bool {
        crate::logic::slave::carrier_wanted(&self.states)
    }
}

/// Sends collected lower-state notifications.
pub(crate) fn send_lower_states(rtnl: &Rtnl, notes: &[LowerState]) {
    for n in notes {
        n.dev.lower_state_changed(rtnl, n.link_up, n.tx_enabled);
    }
}

/// Messages about a slave, as bonding.ko's `slave_info()` and friends:
/// the bond's device prefix, then `(slave <name>): `.
pub(crate) struct SlaveLog<'a> {
    pub(crate) log: &'a mut dyn Log,
    pub(crate) name: IfName,
}

impl Log for SlaveLog<'_> {
    fn log(&mut self, level: Level, args: fmt::Arguments<'_>) {
        self.log.log(
            level,
            format_args!("(slave {}): {}", Bytes(self.name.as_bytes()), args),
        );
    }
}

/// Whether `dev` is a slave of one of our bonds, and that slave.
pub(crate) fn slave_of(dev: &NetDev, rtnl: &Rtnl) -> Option<Arc<Slave>> {
    if dev.flags() & bindings::RB_IFF_SLAVE == 0 {
        return None;
    }
    dev.rx_handler_data_of::<Slave>(rtnl)
}
