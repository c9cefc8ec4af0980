// SPDX-License-Identifier: GPL-2.0

//! 802.3ad: the ports and aggregators of `logic::ad` behind the bond's
//! mode lock. A 100 ms work item runs the machines, the receive path hands
//! them LACPDUs and answers markers, and transmit hashes over the active
//! aggregator's ports as balance-xor does.

use super::broadcast::send_to_all;
use super::xor::hashed_slave;
use super::{send_on, BondMode, ModeState};
use crate::bond::device::Bond;
use crate::bond::slave::{send_lower_states, Ctx, Slave, SlaveTable};
use crate::logic::ad::pdu::{self, Pdu, ETH_P_SLOW, FRAME_LEN, PDU_LEN, SLOW_PROTOCOLS_ADDR};
use crate::logic::ad::{self, AdOut, AdSlave, PortLink};
use crate::logic::hash::Frame;
use crate::logic::log::{Level, Log};
use crate::logic::neigh::is_neighbour_frame;
use crate::logic::options::Params;
use crate::logic::slave::{Actions, Link, SlaveState};
use crate::logic::stats::{
    AD_LACPDU_ILLEGAL_RX, AD_LACPDU_RX, AD_LACPDU_TX, AD_LACPDU_UNKNOWN_RX, AD_MARKER_RESP_RX,
    AD_MARKER_RESP_TX, AD_MARKER_RX, AD_MARKER_UNKNOWN_RX,
};
use crate::sys::bindings;
use crate::sys::netdev::{IfName, NetDev};
use crate::sys::print::DevLog;
use crate::sys::rcu::RcuGuard;
use crate::sys::rtnl::Rtnl;
use crate::sys::skb::SkBuff;
use crate::sys::work::{impl_has_delayed_work, msecs_to_jiffies, WorkItem};
use core::fmt;
use core::sync::atomic::Ordering;
use kernel::prelude::*;

/// The state machine work (`ad_work`).
pub(crate) const AD_WORK: u64 = 2;

impl_has_delayed_work!(Bond, AD_WORK, ad_work);

impl WorkItem<AD_WORK> for Bond {
    fn run(&self) {
        state_machine_tick(self);
    }
}

/// `TC_PRIO_CONTROL`: the priority of LACPDUs.
const TC_PRIO_CONTROL: u32 = 7;

/// 802.3ad.
pub(super) struct Ad;

impl BondMode for Ad {
    /// The machines activate the slaves of the selected aggregator.
    fn new_slave(&self, st: &mut SlaveState, p: &Params) -> bool {
        st.set_inactive_flags(p, true);
        false
    }

    /// The slaves keep the flags the machines gave them.
    fn open_slave(&self, _st: &mut SlaveState, _p: &Params, _is_current: bool) {}

    /// After `bond_3ad_handle_link_change`: the transmit array.
    fn link_changed(&self, bond: &Bond, rtnl: &Rtnl) {
        bond.update_slave_arr(rtnl, None);
    }

    fn xmit(
        &self,
        bond: &Bond,
        dev: &NetDev,
        skb: SkBuff,
        rcu: &RcuGuard,
    ) -> bindings::netdev_tx_t {
        // broadcast_neighbor: neighbour frames go to every port of the
        // active aggregator, so that each partner switch learns them.
        if bond.broadcast_neighbor() && is_neighbour_frame(&skb, &skb.tx_meta()) {
            return send_to_all(bond.usable.get(rcu), dev, skb);
        }
        let slave = hashed_slave(bond, dev, &skb, rcu);
        send_on(slave, dev, skb)
    }

    fn slave_added(&self, bond: &Bond, tbl: &mut SlaveTable, i: usize, p: &Params) -> Result {
        let (Some(st), Some(slave)) = (tbl.states.get(i).copied(), tbl.slave_arc(Some(i))) else {
            return Err(EINVAL);
        };
        let mut perm = [0; 6];
        perm.copy_from_slice(&st.perm_hwaddr[..6]);
        let bond_addr = bond.dev().dev_addr();
        let (_, _, ctx) = tbl.split();
        let mut ms = bond.mode_state.lock();
        if ms.ports.len() != i {
            return Err(EINVAL);
        }
        let port = AdSlave {
            link: PortLink::of(&st, slave.is_up()),
            ..AdSlave::default()
        };
        ms.ports.push(port, GFP_ATOMIC)?;
        let ModeState { ad, ports } = &mut *ms;
        let mut out = Out::new(bond, ctx);
        ad::bind(ad, ports, i, p, (bond_addr, perm), &mut out);
        if let Some(s) = ports.get(i) {
            slave
                .ad_port
                .store(s.port.actor_port_number, Ordering::Relaxed);
        }
        Ok(())
    }

    fn slave_releasing(&self, bond: &Bond, i: usize) {
        if let Some(s) = bond.mode_state.lock().ports.get_mut(i) {
            s.port.leaving = true;
        }
    }

    fn slave_leaving(&self, bond: &Bond, tbl: &mut SlaveTable, i: usize, p: &Params) {
        let (states, _, ctx) = tbl.split();
        let mut ms = bond.mode_state.lock();
        refresh_links(&mut ms.ports, states, ctx);
        let ModeState { ad, ports } = &mut *ms;
        if i < ports.len() {
            ad::unbind(ad, ports, states, i, p, &mut Out::new(bond, ctx));
        }
    }

    fn states_changed(&self, bond: &Bond, tbl: &mut SlaveTable, p: &Params) {
        const WATCHED: Actions = Actions::AD_SPEED_DUPLEX
            .union(Actions::LINK_UP)
            .union(Actions::LINK_DOWN)
            .union(Actions::ACTIVE_LINK_UP);
        let (states, _, ctx) = tbl.split();
        if !states.iter().any(|s| s.actions.intersects(WATCHED)) {
            return;
        }
        let mut ms = bond.mode_state.lock();
        refresh_links(&mut ms.ports, states, ctx);
        let ModeState { ad, ports } = &mut *ms;
        let mut out = Out::new(bond, ctx);
        for i in 0..states.len().min(ports.len()) {
            let a = states[i].actions;
            if a.has(Actions::AD_SPEED_DUPLEX) {
                ad::speed_duplex_changed(ports, i, &mut out);
            }
            if a.has(Actions::LINK_UP) || a.has(Actions::ACTIVE_LINK_UP) {
                ad::link_changed(ad, ports, states, i, true, p, &mut out);
            } else if a.has(Actions::LINK_DOWN) {
                ad::link_changed(ad, ports, states, i, false, p, &mut out);
            }
        }
    }

    fn opened(&self, bond: &Bond, rtnl: &Rtnl) {
        bond.wq.queue(&bond.ad_work, 0);
        bond.lacp_rx.store(true, Ordering::Release);
        bond.mode_state.lock().ad.initiate_agg_selection(1);
        let _ = bond.for_each_lower(rtnl, |s| {
            s.mc_add(rtnl, &SLOW_PROTOCOLS_ADDR);
            Ok(())
        });
    }

    fn closing(&self, bond: &Bond, rtnl: &Rtnl) {
        bond.lacp_rx.store(false, Ordering::Release);
        // In-flight receive handlers finish before the bond is closed.
        crate::sys::rcu::synchronize();
        let _ = bond.for_each_lower(rtnl, |s| {
            s.mc_del(rtnl, &SLOW_PROTOCOLS_ADDR);
            Ok(())
        });
    }

    /// `bond_set_carrier`: off without slaves, else `bond_3ad_set_carrier`.
    fn set_carrier(&self, bond: &Bond, _rtnl: &Rtnl) -> Option<bool> {
        let p = bond.config().params;
        let ms = bond.mode_state.lock();
        let dev = bond.dev();
        if ms.ports.is_empty() {
            let on = dev.carrier_ok();
            if on {
                dev.set_carrier_any_context(false);
            }
            return Some(on);
        }
        Some(ad::set_carrier(&ms.ports, &p, &mut Out::carrier(bond)))
    }

    fn receive(&self, bond: &Bond, slave: &Slave, skb: SkBuff) -> Option<SkBuff> {
        if !bond.lacp_rx.load(Ordering::Acquire)
            || skb.protocol() != ETH_P_SLOW
            || skb.eth_dest() != SLOW_PROTOCOLS_ADDR
        {
            return Some(skb);
        }
        lacpdu_recv(bond, slave, skb)
    }
}

/// `bond_3ad_lacpdu_recv` and `bond_3ad_rx_indication`.
fn lacpdu_recv(bond: &Bond, slave: &Slave, skb: SkBuff) -> Option<SkBuff> {
    let count = |i: usize| {
        slave.ad_stats.inc(i);
        bond.ad_stats.inc(i);
    };
    let mut b = [0u8; PDU_LEN];
    let parsed = if skb.read(0, &mut b) {
        pdu::parse(&b)
    } else {
        None
    };
    let Some(parsed) = parsed else {
        count(AD_LACPDU_ILLEGAL_RX);
        return Some(skb);
    };
    let id = slave.ad_port.load(Ordering::Relaxed);
    match parsed {
        Pdu::Lacp(lacpdu) => {
            let mut ms = bond.mode_state.lock();
            let Some(i) = ms
                .ports
                .iter()
                .position(|s| s.port.bound && s.port.actor_port_number == id)
            else {
                return Some(skb);
            };
            count(AD_LACPDU_RX);
            let mut out = Out::rx(bond, slave);
            ad::rx_lacpdu(&mut ms.ports, i, &lacpdu, &mut out);
        }
        Pdu::MarkerInfo(m) => {
            count(AD_MARKER_RX);
            let perm = {
                let ms = bond.mode_state.lock();
                ms.ports
                    .iter()
                    .find(|s| s.port.bound && s.port.actor_port_number == id)
                    .map(|s| s.port.perm_addr)
            };
            let Some(perm) = perm else {
                return Some(skb);
            };
            // Markers go at the default priority (only LACPDUs are
            // control traffic in bonding.ko).
            if send_frame(slave.dev(), &m.response_frame(&perm), 0) {
                count(AD_MARKER_RESP_TX);
            }
        }
        Pdu::MarkerResponse => count(AD_MARKER_RESP_RX),
        Pdu::MarkerUnknown => count(AD_MARKER_UNKNOWN_RX),
        Pdu::Unknown => {
            count(AD_LACPDU_UNKNOWN_RX);
            return Some(skb);
        }
    }
    drop(skb);
    None
}

/// Sends a slow-protocol frame on `dev` at `priority`; false without
/// memory.
fn send_frame(dev: &NetDev, frame: &[u8; FRAME_LEN], priority: u32) -> bool {
    match SkBuff::new_frame(dev, frame, ETH_P_SLOW, priority) {
        Some(skb) => {
            skb.queue_xmit();
            true
        }
        None => false,
    }
}

/// Refreshes what the machines read of each slave's link.
fn refresh_links(ports: &mut [AdSlave], states: &[SlaveState], ctx: Ctx<'_>) {
    for (i, (p, st)) in ports.iter_mut().zip(states.iter()).enumerate() {
        p.link = PortLink::of(st, ctx.slave(i).is_some_and(|s| s.is_up()));
    }
}

/// What the machines reach of the slaves from where they run.
enum Reach<'a> {
    /// The work item and the control path: the slave table at hand.
    Table(Ctx<'a>),
    /// The receive path: the one slave a frame came in on, nothing sent.
    Rx(IfName),
    /// Only the bond's carrier (`bond_3ad_set_carrier` outside them).
    Carrier,
}

/// The machines' view of the kernel.
struct Out<'a> {
    bond: &'a Bond,
    reach: Reach<'a>,
    log: DevLog,
}

impl<'a> Out<'a> {
    fn new(bond: &'a Bond, ctx: Ctx<'a>) -> Self {
        Self::with(bond, Reach::Table(ctx))
    }

    fn rx(bond: &'a Bond, slave: &Slave) -> Self {
        Self::with(bond, Reach::Rx(slave.dev().name()))
    }

    fn carrier(bond: &'a Bond) -> Self {
        Self::with(bond, Reach::Carrier)
    }

    fn with(bond: &'a Bond, reach: Reach<'a>) -> Self {
        Self {
            bond,
            reach,
            log: DevLog::new(bond.dev()),
        }
    }
}

impl AdOut for Out<'_> {
    fn send_lacpdu(&mut self, i: usize, frame: &[u8; FRAME_LEN]) -> bool {
        let Reach::Table(ctx) = &self.reach else {
            return false;
        };
        let Some(slave) = ctx.slave(i) else {
            return false;
        };
        if !send_frame(slave.dev(), frame, TC_PRIO_CONTROL) {
            return false;
        }
        slave.ad_stats.inc(AD_LACPDU_TX);
        self.bond.ad_stats.inc(AD_LACPDU_TX);
        true
    }
    fn carrier_ok(&self) -> bool {
        self.bond.dev().carrier_ok()
    }
    fn set_carrier(&mut self, on: bool) {
        self.bond.dev().set_carrier_any_context(on);
    }
    fn log(&mut self, level: Level, args: fmt::Arguments<'_>) {
        self.log.log(level, args);
    }
    fn name(&self, i: usize) -> &[u8] {
        match &self.reach {
            Reach::Table(ctx) => ctx.name(i),
            Reach::Rx(name) => name.as_bytes(),
            Reach::Carrier => b"",
        }
    }
    fn ratelimit(&mut self) -> bool {
        crate::sys::netdev_cfg::net_ratelimit()
    }
}

/// The active aggregator's identifier, for the transmit array; `None`
/// when there is none (no array then).
pub(crate) fn active_agg_id(ms: &ModeState) -> Option<u16> {
    ad::active_agg_info(&ms.ports).map(|i| i.aggregator_id)
}

/// One run of `bond_3ad_state_machine_handler`: the machines under the
/// mode lock, then (with RTNL if it is free, else on a later run) the
/// transmit array and the deferred notifications.
fn state_machine_tick(bond: &Bond) {
    let p = bond.config().params;
    let mut notes = KVec::new();
    let (update, notify) = {
        let mut tbl = bond.table.lock();
        let (states, _, ctx) = tbl.split();
        let r = {
            let mut ms = bond.mode_state.lock();
            refresh_links(&mut ms.ports, states, ctx);
            let ModeState { ad, ports } = &mut *ms;
            ad::tick(ad, ports, states, &p, &mut Out::new(bond, ctx))
        };
        let notify = states.iter().any(|s| s.should_notify);
        tbl.publish(&mut notes);
        (r.update_slave_arr, notify)
    };
    if update {
        bond.ad_arr_pending.store(true, Ordering::Relaxed);
    }
    let pending = bond.ad_arr_pending.load(Ordering::Relaxed);
    if pending || notify || !notes.is_empty() {
        if let Some(rtnl) = Rtnl::try_lock() {
            send_lower_states(&rtnl, &notes);
            if bond.ad_arr_pending.swap(false, Ordering::Relaxed) {
                bond.update_slave_arr(&rtnl, None);
            }
            if notify {
                slave_state_notify(bond, &rtnl);
            }
        }
    }
    bond.wq.queue(&bond.ad_work, msecs_to_jiffies(ad::TICK_MS));
}

/// `bond_slave_state_notify`: the deferred active/backup notifications.
fn slave_state_notify(bond: &Bond, rtnl: &Rtnl) {
    let mut notes = KVec::new();
    {
        let mut tbl = bond.table.lock();
        for st in tbl.states.iter_mut() {
            if st.should_notify {
                st.should_notify = false;
                st.actions |= Actions::NOTIFY;
            }
        }
        tbl.publish(&mut notes);
    }
    send_lower_states(rtnl, &notes);
}

/// The 802.3ad values of slave `i` for /proc, sysfs and netlink.
pub(crate) fn port_of(
    bond: &Bond,
    i: usize,
) -> Option<(Option<crate::logic::slave_show::AdPort>, u16)> {
    let ms = bond.mode_state.lock();
    let s = ms.ports.get(i)?;
    Some((ad::port_show(&ms.ports, i), s.port_priority))
}

/// The active aggregator's information (`bond_3ad_get_active_agg_info`).
pub(crate) fn agg_info(bond: &Bond) -> Option<crate::logic::show::AdInfo> {
    ad::active_agg_info(&bond.mode_state.lock().ports)
}

/// Applies a changed 802.3ad option to the ports (bond_options.c's
/// `bond_3ad_update_*` calls).
pub(crate) fn options_changed(bond: &Bond, p: &Params, rate: bool, active: bool, actor: bool) {
    let bond_addr = bond.dev().dev_addr();
    let mut ms = bond.mode_state.lock();
    let ModeState { ad, ports } = &mut *ms;
    if rate {
        ad::update_lacp_rate(ports, p.lacp_fast != 0);
    }
    if active {
        ad::update_lacp_active(ports, p.lacp_active != 0);
    }
    if actor {
        ad::update_actor_settings(ad, ports, p, bond_addr);
    }
}

/// Sets slave `i`'s `actor_port_prio` and updates the actor settings.
pub(crate) fn set_port_priority(bond: &Bond, i: usize, prio: u16, p: &Params) -> bool {
    let bond_addr = bond.dev().dev_addr();
    let mut ms = bond.mode_state.lock();
    let ModeState { ad, ports } = &mut *ms;
    let Some(s) = ports.get_mut(i) else {
        return false;
    };
    s.port_priority = prio;
    ad::update_actor_settings(ad, ports, p, bond_addr);
    true
}

/// A slave whose speed or duplex could not be read on NETDEV_UP or
/// NETDEV_CHANGE (`bond_slave_netdev_event`): failing if it was up
/// before, else down, until the MII monitor sees it right.
pub(crate) fn speed_duplex_failed(st: &mut SlaveState) {
    st.link = if st.last_link_up != 0 {
        Link::Fail
    } else {
        Link::Down
    };
}
