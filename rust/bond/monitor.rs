// SPDX-License-Identifier: GPL-2.0

//! Work items: the MII link monitor (`bond_mii_monitor`) and the IGMP
//! re-joins after a failover. Both run on the bond's ordered workqueue and
//! take RTNL only with trylock, re-arming when it is busy, so that
//! `ndo_stop` may cancel them synchronously with RTNL held.

use crate::bond::active::{self, with_env, Pending};
use crate::bond::device::Bond;
use crate::logic::slave as logic;
use crate::sys::bindings;
use crate::sys::rcu::RcuGuard;
use crate::sys::rtnl::Rtnl;
use crate::sys::work::{impl_has_delayed_work, msecs_to_jiffies, WorkItem};
use kernel::prelude::*;

/// The MII monitor.
pub(crate) const MII_WORK: u64 = 0;
/// The IGMP re-joins.
pub(crate) const MCAST_WORK: u64 = 1;

impl_has_delayed_work!(Bond, MII_WORK, mii_work);
impl_has_delayed_work!(Bond, MCAST_WORK, mcast_work);

impl WorkItem<MII_WORK> for Bond {
    fn run(&self) {
        mii_monitor(self);
    }
}

impl WorkItem<MCAST_WORK> for Bond {
    fn run(&self) {
        resend_igmp(self);
    }
}

/// The MII monitor (`bond_mii_monitor`).
fn mii_monitor(bond: &Bond) {
    let dev = bond.dev();
    let p = bond.config().params;
    let mut delay = msecs_to_jiffies(p.miimon.max(0) as u32);

    // Without use_carrier the link comes from ethtool's get_link, which
    // drivers may only call with RTNL held (6.12's ethtool_op_get_link
    // syncs link-watch state, asserting RTNL): inspect under RTNL then.
    let early = if p.use_carrier == 0 {
        match Rtnl::try_lock() {
            Some(g) => Some(g),
            None => {
                rearm(bond, 1);
                return;
            }
        }
    } else {
        None
    };

    // get_link may run link-watch work that sends netdevice events, which
    // our notifier handles with the slave table locked: ask before locking.
    let links = match early.as_deref().map(|r| ethtool_links(bond, r)) {
        None => None,
        Some(Ok(l)) => Some(l),
        Some(Err(_)) => {
            drop(early);
            rearm(bond, 1);
            return;
        }
    };

    let (commit, should_notify, send_peer_notif) = {
        let mut tbl = bond.table.lock();
        if tbl.len() == 0 {
            drop(tbl);
            rearm(bond, delay);
            return;
        }
        let has_active = tbl.sel.curr_active.is_some();
        let (states, sel, ctx, carriers) = tbl.split_with_carriers();
        for (i, c) in carriers.iter_mut().enumerate() {
            *c = match &links {
                Some(l) => l.get(i).copied().unwrap_or(false),
                None => ctx
                    .slave(i)
                    .is_some_and(|s| s.dev().is_running() && s.dev().carrier_ok()),
            };
        }
        let usable = {
            let rcu = RcuGuard::new();
            bond.usable.get(&rcu).map(|a| a.slaves.len() as u32)
        };
        let ignore = logic::ignore_updelay(p.mode, has_active, usable);
        let curr = sel.curr_active;
        with_env!(dev, ctx, |env| {
            let should = logic::should_notify_peers(sel, &p, curr, &mut env);
            let commit = logic::miimon_inspect(states, carriers, &p, ignore, &mut env);
            (commit, should, sel.send_peer_notif)
        })
    };

    if commit || send_peer_notif != 0 {
        match early.or_else(Rtnl::try_lock) {
            None => delay = 1,
            Some(rtnl) => {
                if commit {
                    commit_links(bond, &rtnl);
                }
                let notify = {
                    let mut tbl = bond.table.lock();
                    tbl.sel.peer_notif_tick(should_notify)
                };
                if notify {
                    dev.notify(&rtnl, bindings::RB_NETDEV_NOTIFY_PEERS as u32);
                }
            }
        }
    }
    rearm(bond, delay);
}

/// Re-arms the monitor unless miimon was turned off meanwhile.
fn rearm(bond: &Bond, delay: u64) {
    if bond.config().params.miimon != 0 {
        bond.queue_mii_work(delay);
    }
}

/// `bond_check_dev_link(bond, dev, 0)` without use_carrier, for every
/// slave in list order: ethtool's link (drivers without get_link count as
/// up). RTNL keeps the list as it is until the caller has used the result.
fn ethtool_links(bond: &Bond, rtnl: &Rtnl) -> kernel::error::Result<KVec<bool>> {
    let devs = bond.slave_devs(rtnl)?;
    let mut links = KVec::with_capacity(devs.len(), GFP_KERNEL)?;
    for dev in devs.iter() {
        let up = dev.is_running() && dev.ethtool_link(rtnl).unwrap_or(true);
        links.push(up, GFP_KERNEL)?;
    }
    Ok(links)
}

/// `bond_miimon_commit()` and what follows it.
fn commit_links(bond: &Bond, rtnl: &Rtnl) {
    let dev = bond.dev();
    let p = bond.config().params;
    let mut pending = Pending::new();
    let failover = {
        let mut tbl = bond.table.lock();
        let (states, sel, ctx) = tbl.split();
        let mut ks = |i: usize| ctx.slave(i).and_then(|s| s.dev().link_ksettings(rtnl));
        let r = with_env!(dev, ctx, |env| logic::miimon_commit(
            states, &p, sel, &mut ks, &mut env
        ));
        pending.collect(bond, &mut tbl, None);
        r.do_failover
    };
    pending.run(dev, bond, rtnl);
    if failover {
        active::select(dev, bond, rtnl);
    }
    active::set_carrier(dev, bond, rtnl);
}

/// IGMP re-joins (`bond_resend_igmp_join_requests_delayed`).
fn resend_igmp(bond: &Bond) {
    let Some(rtnl) = Rtnl::try_lock() else {
        bond.queue_mcast_work(1);
        return;
    };
    bond.dev()
        .notify(&rtnl, bindings::RB_NETDEV_RESEND_IGMP as u32);
    let left = bond.igmp_retrans.get(&rtnl);
    if left > 1 {
        bond.igmp_retrans.set(&rtnl, left - 1);
        bond.queue_mcast_work(bindings::RB_HZ as u64 / 5);
    }
}
