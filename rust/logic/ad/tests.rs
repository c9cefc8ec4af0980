// SPDX-License-Identifier: GPL-2.0
//! The 802.3ad machines against a simulated partner: events in, states and
//! frames out, one case per rule of bond_3ad.c.

extern crate std;

use std::string::String;
use std::vec::Vec;

use super::pdu::Lacpdu;
use super::*;
use crate::logic::options::Mode;
use crate::logic::slave::Link;

const BOND_ADDR: [u8; 6] = [0x02, 0, 0, 0, 0, 0x10];
const PARTNER: [u8; 6] = [0x02, 0, 0, 0, 0, 0xaa];
const OTHER_PARTNER: [u8; 6] = [0x02, 0, 0, 0, 0, 0xbb];

/// Everything the machines ask of the kernel side, recorded.
#[derive(Default)]
struct Rec {
    sent: Vec<(usize, Lacpdu)>,
    carrier: bool,
    logs: Vec<String>,
}

impl AdOut for Rec {
    fn send_lacpdu(&mut self, i: usize, frame: &[u8; pdu::FRAME_LEN]) -> bool {
        assert_eq!(&frame[..6], &pdu::SLOW_PROTOCOLS_ADDR);
        assert_eq!(&frame[6..11], &[0x02, 0, 0, 0, 1]);
        let Some(pdu::Pdu::Lacp(l)) = pdu::parse(&frame[14..]) else {
            panic!("not a LACPDU");
        };
        self.sent.push((i, l));
        true
    }
    fn carrier_ok(&self) -> bool {
        self.carrier
    }
    fn set_carrier(&mut self, on: bool) {
        self.carrier = on;
    }
    fn log(&mut self, _level: Level, args: fmt::Arguments<'_>) {
        self.logs.push(std::format!("{}", args));
    }
    fn name(&self, _i: usize) -> &[u8] {
        b"eth"
    }
    fn ratelimit(&mut self) -> bool {
        true
    }
}

/// A bond in 802.3ad mode with its ports and slave states.
struct Bench {
    ad: AdBond,
    slaves: Vec<AdSlave>,
    states: Vec<SlaveState>,
    p: Params,
    out: Rec,
}

fn params() -> Params {
    let mut p = Params::zeroed();
    p.mode = Mode::Ieee8023ad;
    p.lacp_active = 1;
    p.coupled_control = 1;
    p
}

fn up_link(speed: u32) -> PortLink {
    PortLink {
        link_up: true,
        dev_up: true,
        speed,
        duplex: DUPLEX_FULL,
    }
}

impl Bench {
    fn new(p: Params, n: usize) -> Bench {
        let mut b = Bench {
            ad: AdBond::default(),
            slaves: Vec::new(),
            states: Vec::new(),
            p,
            out: Rec::default(),
        };
        for _ in 0..n {
            b.enslave(up_link(10000));
        }
        b
    }

    fn enslave(&mut self, link: PortLink) {
        self.slaves.push(AdSlave {
            link,
            ..AdSlave::default()
        });
        let mut st = SlaveState::new();
        st.link = if link.link_up { Link::Up } else { Link::Down };
        st.speed = link.speed;
        st.duplex = link.duplex;
        st.set_inactive_flags(&self.p, true);
        self.states.push(st);
        let i = self.slaves.len() - 1;
        let perm = [0x02, 0, 0, 0, 1, i as u8];
        bind(
            &mut self.ad,
            &mut self.slaves,
            i,
            &self.p,
            (BOND_ADDR, perm),
            &mut self.out,
        );
    }

    fn tick(&mut self) -> TickResult {
        tick(
            &mut self.ad,
            &mut self.slaves,
            &mut self.states,
            &self.p,
            &mut self.out,
        )
    }

    fn ticks(&mut self, n: usize) {
        for _ in 0..n {
            self.tick();
        }
    }

    /// A partner that has heard port `i`: it answers as system `sys` with
    /// the given state, echoing our actor as its partner.
    fn partner_says(&mut self, i: usize, sys: [u8; 6], st: u8) {
        let us = self.slaves[i].port.actor_params();
        let pdu = Lacpdu {
            actor: PortParams {
                system: sys,
                system_priority: 0x8000,
                key: 9,
                port_number: 100 + i as u16,
                port_priority: 0xff,
                port_state: u16::from(st),
            },
            partner: us,
        };
        rx_lacpdu(&mut self.slaves, i, &pdu, &mut self.out);
    }

    /// Runs `n` ticks with a compliant partner answering every port each
    /// tick.
    fn with_partner(&mut self, n: usize, sys: [u8; 6]) {
        let all = state::ACTIVITY
            | state::AGGREGATION
            | state::SYNC
            | state::COLLECTING
            | state::DISTRIBUTING;
        for _ in 0..n {
            for i in 0..self.slaves.len() {
                self.partner_says(i, sys, all);
            }
            self.tick();
        }
    }

    fn port(&self, i: usize) -> &Port {
        &self.slaves[i].port
    }
}

#[test]
fn keys_from_speed_and_duplex() {
    let mut b = Bench::new(params(), 0);
    b.enslave(up_link(10000));
    b.enslave(up_link(1000));
    b.enslave(PortLink {
        duplex: 0,
        ..up_link(100)
    });
    b.enslave(PortLink::default());
    let keys: Vec<u16> = b
        .slaves
        .iter()
        .map(|s| s.port.actor_oper_port_key)
        .collect();
    assert_eq!(keys, [15, 9, 6, 0]);
    assert!(b.port(0).has(vars::LACP_ENABLED));
    assert!(!b.port(2).has(vars::LACP_ENABLED), "half duplex: no LACP");
    let ids: Vec<u16> = b.slaves.iter().map(|s| s.port.actor_port_number).collect();
    assert_eq!(ids, [1, 2, 3, 4]);
    let aggs: Vec<u16> = b.slaves.iter().map(|s| s.agg.id).collect();
    assert_eq!(aggs, [1, 2, 3, 4]);
    assert_eq!(b.ad.agg_select_timer, AGG_SELECT_TICKS);
    assert_eq!(b.ad.sys_mac, BOND_ADDR);
}

#[test]
fn user_port_key_and_actor_system() {
    let mut p = params();
    p.ad_user_port_key = 5;
    p.ad_actor_system = [0x02, 1, 2, 3, 4, 5];
    p.ad_actor_sys_prio = 100;
    let b = Bench::new(p, 1);
    assert_eq!(b.port(0).actor_oper_port_key, (5 << 6) | 15);
    assert_eq!(b.port(0).actor_system, [0x02, 1, 2, 3, 4, 5]);
    assert_eq!(b.port(0).actor_system_priority, 100);
}

#[test]
fn aggregates_with_a_partner() {
    let mut b = Bench::new(params(), 2);
    b.with_partner(100, PARTNER);
    for i in 0..2 {
        let port = b.port(i);
        assert_eq!(
            port.mux_state,
            MuxState::CollectingDistributing,
            "port {}",
            i
        );
        assert_eq!(port.rx_state, RxState::Current);
        assert_eq!(port.actor_oper_port_state, 0x3d);
        assert_eq!(port.aggregator, Some(1));
        assert!(b.states[i].is_active() && !b.states[i].inactive);
    }
    assert!(b.out.carrier);
    let info = active_agg_info(&b.slaves).expect("an active aggregator");
    assert_eq!(info.aggregator_id, 1);
    assert_eq!(info.ports, 2);
    assert_eq!(info.actor_key, 15);
    assert_eq!(info.partner_key, 9);
    assert_eq!(info.partner_system, PARTNER);
    let show = port_show(&b.slaves, 1).expect("attached");
    assert_eq!(show.partner_port_number, 101);
    assert_eq!(show.partner_port_state, 0x3d);
}

#[test]
fn waits_for_the_selection_timer_and_wait_while() {
    let mut b = Bench::new(params(), 1);
    // 8 s of selection timer: no port collects before it ran out.
    b.with_partner(79, PARTNER);
    assert_eq!(b.port(0).mux_state, MuxState::Attached);
    b.with_partner(2, PARTNER);
    assert_eq!(b.port(0).mux_state, MuxState::CollectingDistributing);
}

#[test]
fn fast_rate_in_lacpdus() {
    let mut p = params();
    p.lacp_fast = 1;
    let mut b = Bench::new(p, 1);
    b.with_partner(100, PARTNER);
    assert_eq!(b.port(0).actor_oper_port_state, 0x3f);
    let (_, last) = b.out.sent.last().copied().expect("sent");
    assert_eq!(last.actor.port_state, 0x3f);
    assert_eq!(last.partner.system, PARTNER);
}

#[test]
fn at_most_one_lacpdu_per_three_ticks() {
    let mut b = Bench::new(params(), 1);
    for _ in 0..30 {
        b.slaves[0].port.ntt = true;
        b.tick();
    }
    assert_eq!(b.out.sent.len(), 10);
}

#[test]
fn periodic_follows_the_partners_timeout() {
    let mut b = Bench::new(params(), 1);
    b.with_partner(100, PARTNER);
    // Partner with a long timeout: slow periodic, one LACPDU per 30 s.
    assert_eq!(b.port(0).periodic_state, PeriodicState::Slow);
    b.out.sent.clear();
    b.ticks(600);
    // The partner's information expires after 90 s; within 60 s only the
    // periodic transmissions happen.
    assert_eq!(b.out.sent.len(), 2);
    // A partner asking for fast: a LACPDU each second.
    let fast = state::ACTIVITY | state::TIMEOUT | state::AGGREGATION | state::SYNC;
    b.partner_says(0, PARTNER, fast | state::COLLECTING | state::DISTRIBUTING);
    b.tick();
    assert_eq!(b.port(0).periodic_state, PeriodicState::Tx);
    b.out.sent.clear();
    b.ticks(100);
    assert!((9..=11).contains(&b.out.sent.len()), "{}", b.out.sent.len());
}

#[test]
fn passive_ports_wait_for_an_active_partner() {
    let mut p = params();
    p.lacp_active = 0;
    let mut b = Bench::new(p, 1);
    b.ticks(50);
    assert_eq!(b.port(0).periodic_state, PeriodicState::NoPeriodic);
    // Only the BEGIN entries of mux (DETACHED) asked for a LACPDU.
    let n = b.out.sent.len();
    b.ticks(50);
    assert_eq!(b.out.sent.len(), n);
    b.with_partner(1, PARTNER);
    b.ticks(2);
    assert_ne!(b.port(0).periodic_state, PeriodicState::NoPeriodic);
}

#[test]
fn without_partner_the_port_defaults() {
    let mut b = Bench::new(params(), 2);
    b.ticks(100);
    for i in 0..2 {
        let port = b.port(i);
        assert_eq!(port.rx_state, RxState::Defaulted);
        assert_ne!(port.actor_oper_port_state & state::DEFAULTED, 0);
        assert_eq!(port.partner_oper, PortParams::ADMIN);
    }
    // Each port on its own aggregator; only the active one's port is up.
    assert_eq!(b.port(0).aggregator, Some(1));
    assert_eq!(b.port(1).aggregator, Some(2));
    let info = active_agg_info(&b.slaves).expect("active");
    assert_eq!(info.partner_system, [0; 6]);
    assert_eq!(info.ports, 1);
    let active: Vec<bool> = b.states.iter().map(|s| s.is_active()).collect();
    assert_eq!(active.iter().filter(|a| **a).count(), 1);
    assert!(b.out.carrier);
}

#[test]
fn expiry_then_defaulted_when_the_partner_goes_away() {
    let mut b = Bench::new(params(), 1);
    b.with_partner(100, PARTNER);
    // Long timeout: 90 s of current_while (the last tick with the partner
    // took one), then expired (3 s), defaulted.
    b.ticks(898);
    assert_eq!(b.port(0).rx_state, RxState::Current);
    b.tick();
    assert_eq!(b.port(0).rx_state, RxState::Expired);
    assert_ne!(b.port(0).actor_oper_port_state & state::EXPIRED, 0);
    assert_ne!(
        b.port(0).partner_oper.port_state & u16::from(state::TIMEOUT),
        0
    );
    b.ticks(30);
    assert_eq!(b.port(0).rx_state, RxState::Defaulted);
    assert_eq!(b.port(0).actor_oper_port_state & state::EXPIRED, 0);
}

#[test]
fn min_links_holds_the_carrier_off() {
    let mut p = params();
    p.min_links = 3;
    let mut b = Bench::new(p, 2);
    b.with_partner(100, PARTNER);
    assert!(!b.out.carrier);
    b.enslave(up_link(10000));
    b.with_partner(100, PARTNER);
    assert!(b.out.carrier);
    assert_eq!(active_agg_info(&b.slaves).map(|i| i.ports), Some(3));
}

#[test]
fn link_down_leaves_the_aggregate() {
    let mut b = Bench::new(params(), 2);
    b.with_partner(100, PARTNER);
    b.slaves[1].link = PortLink::default();
    b.states[1].link = Link::Down;
    b.states[1].set_inactive_flags(&b.p, true);
    link_changed(
        &mut b.ad,
        &mut b.slaves,
        &mut b.states,
        1,
        false,
        &b.p,
        &mut b.out,
    );
    assert_eq!(b.port(1).actor_oper_port_key, 0);
    assert_eq!(active_agg_info(&b.slaves).map(|i| i.ports), Some(1));
    b.ticks(5);
    assert_eq!(b.port(1).rx_state, RxState::PortDisabled);
    assert!(b.out.carrier);
    // Back up: a new key, BEGIN, and the port joins again.
    b.slaves[1].link = up_link(10000);
    b.states[1].link = Link::Up;
    link_changed(
        &mut b.ad,
        &mut b.slaves,
        &mut b.states,
        1,
        true,
        &b.p,
        &mut b.out,
    );
    assert_eq!(b.port(1).actor_oper_port_key, 15);
    b.with_partner(60, PARTNER);
    assert_eq!(b.port(1).mux_state, MuxState::CollectingDistributing);
    assert_eq!(active_agg_info(&b.slaves).map(|i| i.ports), Some(2));
}

#[test]
fn a_second_partner_gets_another_aggregator() {
    let mut b = Bench::new(params(), 3);
    let all = state::ACTIVITY | state::AGGREGATION | state::SYNC | state::COLLECTING;
    for _ in 0..120 {
        b.partner_says(0, PARTNER, all | state::DISTRIBUTING);
        b.partner_says(1, PARTNER, all | state::DISTRIBUTING);
        b.partner_says(2, OTHER_PARTNER, all | state::DISTRIBUTING);
        b.tick();
    }
    assert_eq!(b.port(0).aggregator, b.port(1).aggregator);
    assert_ne!(b.port(2).aggregator, b.port(0).aggregator);
    let info = active_agg_info(&b.slaves).expect("active");
    assert_eq!(info.partner_system, PARTNER);
    assert_eq!(info.ports, 2);
    // The port on the inactive aggregator is attached, not distributing.
    assert_eq!(b.port(2).mux_state, MuxState::Attached);
    assert!(!b.states[2].is_active());
}

#[test]
fn ad_select_count_prefers_more_ports() {
    // The first aggregator formed (one port) stays with "stable" but
    // yields to the two-port one with "count".
    for (sel, want) in [(SELECT_STABLE, PARTNER), (SELECT_COUNT, OTHER_PARTNER)] {
        let mut p = params();
        p.ad_select = sel;
        let mut b = Bench::new(p, 3);
        let all = state::ACTIVITY
            | state::AGGREGATION
            | state::SYNC
            | state::COLLECTING
            | state::DISTRIBUTING;
        for t in 0..200 {
            b.partner_says(0, PARTNER, all);
            if t > 100 {
                b.partner_says(1, OTHER_PARTNER, all);
                b.partner_says(2, OTHER_PARTNER, all);
            }
            b.tick();
        }
        // Reselection happens on the next trigger (here a link change).
        let p = b.p;
        link_changed(
            &mut b.ad,
            &mut b.slaves,
            &mut b.states,
            0,
            true,
            &p,
            &mut b.out,
        );
        let info = active_agg_info(&b.slaves).expect("active");
        assert_eq!(info.partner_system, want, "ad_select {}", sel);
    }
}

#[test]
fn loopback_is_refused() {
    let mut b = Bench::new(params(), 1);
    b.ticks(5);
    let before = *b.port(0);
    let me = b.port(0).actor_params();
    let pdu = Lacpdu {
        actor: me,
        partner: me,
    };
    rx_lacpdu(&mut b.slaves, 0, &pdu, &mut b.out);
    assert!(b
        .out
        .logs
        .iter()
        .any(|l| l.contains("An illegal loopback occurred")));
    assert_eq!(b.port(0).partner_oper, before.partner_oper);
}

#[test]
fn churn_counts_a_partner_out_of_sync() {
    let mut b = Bench::new(params(), 1);
    // A partner that never synchronises.
    for _ in 0..700 {
        b.partner_says(0, PARTNER, state::ACTIVITY | state::AGGREGATION);
        b.tick();
    }
    assert_eq!(b.port(0).churn_partner_state, ChurnState::Churn);
    assert_eq!(b.port(0).churn_partner_count, 1);
    assert_eq!(b.port(0).churn_actor_state, ChurnState::NoChurn);
}

#[test]
fn uncoupled_control_collects_before_distributing() {
    let mut p = params();
    p.coupled_control = 0;
    let mut b = Bench::new(p, 1);
    let sync = state::ACTIVITY | state::AGGREGATION | state::SYNC;
    for _ in 0..100 {
        b.partner_says(0, PARTNER, sync);
        b.tick();
    }
    assert_eq!(b.port(0).mux_state, MuxState::Collecting);
    assert!(!b.states[0].rx_disabled);
    assert!(!b.states[0].is_active(), "not distributing yet");
    b.with_partner(2, PARTNER);
    assert_eq!(b.port(0).mux_state, MuxState::Distributing);
    assert!(b.states[0].is_active());
}

#[test]
fn unbinding_moves_the_other_ports() {
    let mut b = Bench::new(params(), 3);
    b.with_partner(100, PARTNER);
    assert_eq!(b.port(2).aggregator, Some(1));
    let p = b.p;
    unbind(&mut b.ad, &mut b.slaves, &mut b.states, 0, &p, &mut b.out);
    // The goodbye LACPDU: not aggregatable, not in sync.
    let (i, last) = b.out.sent.last().copied().expect("sent");
    assert_eq!(i, 0);
    assert_eq!(last.actor.port_state & 0x3c, 0);
    b.slaves.remove(0);
    b.states.remove(0);
    // Ports 2 and 3 now sit on slave 2's aggregator, still active.
    assert_eq!(b.port(0).aggregator, Some(2));
    assert_eq!(b.port(1).aggregator, Some(2));
    let info = active_agg_info(&b.slaves).expect("active");
    assert_eq!((info.aggregator_id, info.ports), (2, 2));
    b.with_partner(10, PARTNER);
    assert_eq!(b.port(0).mux_state, MuxState::CollectingDistributing);
    assert!(b.out.carrier);
}

#[test]
fn unbinding_the_last_port_clears_the_active_aggregator() {
    let mut b = Bench::new(params(), 1);
    b.with_partner(100, PARTNER);
    let p = b.p;
    unbind(&mut b.ad, &mut b.slaves, &mut b.states, 0, &p, &mut b.out);
    assert!(b
        .out
        .logs
        .iter()
        .any(|l| l.contains("Removing an active aggregator")));
    assert!(!b.port(0).bound);
    assert_eq!(b.slaves[0].agg.partner_system, [0; 6]);
}

#[test]
fn lacp_rate_and_activity_changes() {
    let mut b = Bench::new(params(), 2);
    update_lacp_rate(&mut b.slaves, true);
    assert!(b.slaves.iter().all(|s| s.port.actor(state::TIMEOUT)));
    update_lacp_active(&mut b.slaves, false);
    assert!(b.slaves.iter().all(|s| !s.port.actor(state::ACTIVITY)));
    let mut p = b.p;
    p.ad_actor_sys_prio = 7;
    b.slaves[1].port_priority = 3;
    update_actor_settings(&mut b.ad, &mut b.slaves, &p, BOND_ADDR);
    assert_eq!(b.port(0).actor_system_priority, 7);
    assert_eq!(b.port(1).actor_port_priority, 3);
    assert!(b.port(0).ntt);
}

#[test]
fn a_leaving_slaves_aggregator_is_not_reused() {
    let mut b = Bench::new(params(), 3);
    b.with_partner(100, PARTNER);
    let p = b.p;
    // Slave 1 is being released: unbound, still in the list for a while;
    // its aggregator is empty and first in line.
    unbind(&mut b.ad, &mut b.slaves, &mut b.states, 1, &p, &mut b.out);
    let leaving = b.slaves[1].agg.id;
    // Port 0 hears another system and must select again in that window.
    let all = state::ACTIVITY | state::AGGREGATION | state::SYNC;
    b.partner_says(0, OTHER_PARTNER, all);
    b.tick();
    assert!(b.port(0).aggregator.is_some());
    assert_ne!(b.port(0).aggregator, Some(leaving));
}
