// SPDX-License-Identifier: GPL-2.0

//! The active slave: selection (decided in `logic::slave`) and carrying out
//! a change on the devices, as bonding.ko's `bond_change_active_slave()`,
//! `bond_select_active_slave()` and `bond_set_carrier()`.

use crate::bond::device::Bond;
use crate::bond::slave::{send_lower_states, LowerState, Slave, SlaveLog, SlaveTable};
use crate::logic::log::{Level, Log};
use crate::logic::options::{Params, FOM_ACTIVE, FOM_FOLLOW};
use crate::logic::slave::{self as logic, ActiveChange};
use crate::sys::bindings;
use crate::sys::netdev::{DevRef, NetDev};
use crate::sys::print::DevLog;
use crate::sys::rtnl::Rtnl;
use kernel::prelude::*;
use kernel::sync::Arc;

/// Builds the `logic::slave::Env` of a bond for `$body`, from the `Ctx`
/// of its (locked) slave table.
macro_rules! with_env {
    ($dev:expr, $ctx:expr, |$env:ident| $body:expr) => {{
        let ctx = $ctx;
        let names = move |i: usize| ctx.name(i);
        let up = move |i: usize| ctx.slave_up(i);
        let lw = move |i: usize| ctx.linkwatch_pending(i);
        let mut rl = || crate::sys::netdev_cfg::net_ratelimit();
        let mut log = crate::sys::print::DevLog::new($dev);
        #[allow(unused_mut)]
        let mut $env = crate::logic::slave::Env {
            log: &mut log,
            names: &names,
            ratelimit: &mut rl,
            now: crate::sys::work::jiffies(),
            running: $dev.is_running(),
            carrier_ok: $dev.carrier_ok(),
            slave_up: &up,
            linkwatch_pending: &lw,
        };
        $body
    }};
}
pub(crate) use with_env;

/// Device work decided under the table lock, done after unlocking.
pub(crate) struct Pending {
    notes: KVec<LowerState>,
    change: Option<Change>,
    link_change: bool,
}

struct Change {
    ac: ActiveChange,
    old: Option<DevRef>,
    new: Option<DevRef>,
    new_slave: Option<Arc<Slave>>,
}

impl Pending {
    /// Nothing to do yet.
    pub(crate) fn new() -> Self {
        Self {
            notes: KVec::new(),
            change: None,
            link_change: false,
        }
    }

    /// Records `ac` (decided on `tbl`) and the table's notifications, and
    /// publishes the data path's view of the table (after the mode saw
    /// the slaves' link changes).
    pub(crate) fn collect(&mut self, bond: &Bond, tbl: &mut SlaveTable, ac: Option<ActiveChange>) {
        let p = bond.config().params;
        crate::bond::mode::of(p.mode).states_changed(bond, tbl, &p);
        if let Some(ac) = ac {
            self.change = Some(Change {
                ac,
                old: ac.old.and_then(|i| tbl.dev_at(i)),
                new: ac.new.and_then(|i| tbl.dev_at(i)),
                new_slave: tbl.slave_arc(ac.new),
            });
        }
        self.link_change |= tbl.publish(&mut self.notes);
    }

    /// Whether the active slave changed.
    pub(crate) fn changed(&self) -> bool {
        self.change.is_some()
    }

    /// Carries the work out (RTNL held, table unlocked).
    pub(crate) fn run(self, dev: &NetDev, bond: &Bond, rtnl: &Rtnl) {
        let p = bond.config().params;
        if let Some(c) = &self.change {
            carry_out_change(dev, bond, c, rtnl);
        }
        send_lower_states(rtnl, &self.notes);
        // bond_miimon_link_change(): balance-xor rebuilds its array.
        if self.link_change {
            crate::bond::mode::of(p.mode).link_changed(bond, rtnl);
        }
        if let Some(c) = &self.change {
            carry_out_events(dev, bond, &p, c, rtnl);
        }
    }
}

/// The first half of `bond_change_active_slave()` on devices: address
/// lists and flags move to the new active slave, which is published.
fn carry_out_change(dev: &NetDev, bond: &Bond, c: &Change, rtnl: &Rtnl) {
    let old = c.old.as_deref();
    let new = c.new.as_deref();
    if c.ac.has(ActiveChange::HW_ADDR_SWAP) {
        hw_addr_swap(dev, new, old, rtnl);
    }
    if c.ac.has(ActiveChange::SET_CURR) {
        bond.curr_active.replace(rtnl, c.new_slave.clone());
    }
}

/// The second half: fail_over_mac, notifications to userspace and peers,
/// IGMP re-joins.
fn carry_out_events(dev: &NetDev, bond: &Bond, p: &Params, c: &Change, rtnl: &Rtnl) {
    let old = c.old.as_deref();
    let new = c.new.as_deref();
    if c.ac.has(ActiveChange::FAIL_OVER_MAC) {
        if let Some(new) = new {
            do_fail_over_mac(dev, bond, p, new, old, rtnl);
        }
    }
    if c.ac.has(ActiveChange::FAILOVER_EVENT) {
        dev.notify(rtnl, bindings::RB_NETDEV_BONDING_FAILOVER as u32);
    }
    if c.ac.has(ActiveChange::NOTIFY_PEERS) {
        dev.notify(rtnl, bindings::RB_NETDEV_NOTIFY_PEERS as u32);
    }
    if c.ac.has(ActiveChange::RESEND_IGMP) {
        bond.igmp_retrans.set(rtnl, p.resend_igmp as u32);
        bond.queue_mcast_work(1);
    }
}

/// `bond_hw_addr_swap()`: promiscuity, allmulti and address lists go from
/// the old active slave to the new one.
pub(crate) fn hw_addr_swap(dev: &NetDev, new: Option<&NetDev>, old: Option<&NetDev>, rtnl: &Rtnl) {
    let flags = dev.flags();
    if let Some(old) = old {
        if flags & bindings::RB_IFF_PROMISC != 0 {
            let _ = old.set_promiscuity(rtnl, -1);
        }
        if flags & bindings::RB_IFF_ALLMULTI != 0 {
            let _ = old.set_allmulti(rtnl, -1);
        }
        if flags & bindings::RB_IFF_UP != 0 {
            dev.sync_addrs_to(old, false);
        }
    }
    if let Some(new) = new {
        if flags & bindings::RB_IFF_PROMISC != 0 {
            let _ = new.set_promiscuity(rtnl, 1);
        }
        if flags & bindings::RB_IFF_ALLMULTI != 0 {
            let _ = new.set_allmulti(rtnl, 1);
        }
        if flags & bindings::RB_IFF_UP != 0 {
            dev.sync_addrs_locked(rtnl, new);
        }
    }
}

/// `bond_set_dev_addr()`: the bond takes `from`'s address.
pub(crate) fn take_addr_of(dev: &NetDev, from: &NetDev, rtnl: &Rtnl) -> Result {
    let (a, n) = from.hw_addr();
    dev.steal_addr(rtnl, &a[..n])?;
    dev.notify(rtnl, bindings::RB_NETDEV_CHANGEADDR as u32);
    Ok(())
}

/// `bond_do_fail_over_mac()`.
fn do_fail_over_mac(
    dev: &NetDev,
    bond: &Bond,
    p: &Params,
    new: &NetDev,
    old: Option<&NetDev>,
    rtnl: &Rtnl,
) {
    let mut log = DevLog::new(dev);
    match p.fail_over_mac {
        FOM_ACTIVE => {
            if let Err(e) = take_addr_of(dev, new, rtnl) {
                SlaveLog {
                    log: &mut log,
                    name: new.name(),
                }
                .log(
                    Level::Err,
                    format_args!("Error {} setting bond MAC from slave", -e.to_errno()),
                );
            }
        }
        FOM_FOLLOW => {
            let by_addr;
            let old = match old {
                Some(o) => Some(o),
                None => {
                    by_addr = old_active_by_addr(dev, bond, new);
                    by_addr.as_deref()
                }
            };
            let (new_addr, n) = new.hw_addr();
            let target = match old {
                Some(o) => o.hw_addr(),
                None => dev.hw_addr(),
            };
            if let Err(e) = new.set_mac(rtnl, &target.0[..target.1]) {
                SlaveLog {
                    log: &mut log,
                    name: new.name(),
                }
                .log(
                    Level::Err,
                    format_args!("Error {} setting MAC of new active slave", -e.to_errno()),
                );
                return;
            }
            if let Some(o) = old {
                if let Err(e) = o.set_mac(rtnl, &new_addr[..n]) {
                    SlaveLog {
                        log: &mut log,
                        name: o.name(),
                    }
                    .log(
                        Level::Err,
                        format_args!("Error {} setting MAC of old active slave", -e.to_errno()),
                    );
                }
            }
        }
        other => log.log(
            Level::Err,
            format_args!("bond_do_fail_over_mac impossible: bad policy {}", other),
        ),
    }
}

/// `bond_get_old_active()`: another slave that has the bond's address.
fn old_active_by_addr(dev: &NetDev, bond: &Bond, new: &NetDev) -> Option<DevRef> {
    let mine = dev.hw_addr();
    let tbl = bond.table.lock();
    tbl.slaves
        .iter()
        .find(|s| !core::ptr::eq(s.dev(), new) && s.dev().hw_addr().0[..6] == mine.0[..6])
        .map(|s| s.dev_ref())
}

/// `bond_set_carrier()`; returns whether it changed (802.3ad: whether
/// the bond has slaves).
pub(crate) fn set_carrier(dev: &NetDev, bond: &Bond, rtnl: &Rtnl) -> bool {
    if let Some(r) = crate::bond::mode::of(bond.mode()).set_carrier(bond, rtnl) {
        return r;
    }
    let want = bond.table.lock().any_link_up();
    let have = dev.carrier_ok();
    if want && !have {
        dev.carrier_on(rtnl);
        true
    } else if !want && have {
        dev.carrier_off(rtnl);
        true
    } else {
        false
    }
}

/// `bond_select_active_slave()`.
pub(crate) fn select(dev: &NetDev, bond: &Bond, rtnl: &Rtnl) {
    let p = bond.config().params;
    let mut pending = Pending::new();
    {
        let mut tbl = bond.table.lock();
        let (states, sel, ctx) = tbl.split();
        let ac = with_env!(dev, ctx, |env| logic::select_active_slave(
            states, sel, &p, &mut env
        ));
        pending.collect(bond, &mut tbl, ac);
    }
    finish_select(dev, bond, pending, rtnl);
}

/// Carries out a selection and sets the carrier, with the messages of
/// `bond_select_active_slave()`.
pub(crate) fn finish_select(dev: &NetDev, bond: &Bond, pending: Pending, rtnl: &Rtnl) {
    let changed = pending.changed();
    pending.run(dev, bond, rtnl);
    if changed {
        let c = set_carrier(dev, bond, rtnl);
        logic::select_active_finish(c, dev.carrier_ok(), &mut DevLog::new(dev));
    }
}

/// `bond_change_active_slave(bond, new)` (by index in the table).
pub(crate) fn change_to(dev: &NetDev, bond: &Bond, new: Option<usize>, rtnl: &Rtnl) {
    let p = bond.config().params;
    let mut pending = Pending::new();
    {
        let mut tbl = bond.table.lock();
        let (states, sel, ctx) = tbl.split();
        let ac = with_env!(dev, ctx, |env| logic::change_active_slave(
            states, sel, new, &p, &mut env
        ));
        pending.collect(bond, &mut tbl, ac);
    }
    pending.run(dev, bond, rtnl);
}
