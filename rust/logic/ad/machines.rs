// SPDX-License-Identifier: GPL-2.0
//! The per-port machines: receive, periodic, mux, transmit and churn
//! (`ad_rx_machine`, `ad_periodic_machine`, `ad_mux_machine`,
//! `ad_tx_machine`, `ad_churn_machine`).

use super::pdu::Lacpdu;
use super::{
    agg_index, flags, slave_log, state, vars, AdBond, AdOut, AdSlave, ChurnState, MuxState,
    PeriodicState, Port, PortParams, RxState, CHURN_TICKS, FAST_PERIODIC_TICKS, KEY_DUPLEX,
    LONG_TIMEOUT_TICKS, SHORT_TIMEOUT_TICKS, SLOW_PERIODIC_TICKS, TX_TICKS, WAIT_WHILE_TICKS,
};
use crate::logic::log::Level;
use crate::logic::options::Params;
use crate::logic::slave::SlaveState;

/// current_while in ticks for a short (`true`) or long timeout.
fn current_while(short: bool) -> u16 {
    if short {
        SHORT_TIMEOUT_TICKS
    } else {
        LONG_TIMEOUT_TICKS
    }
}

/// `__record_default`: the partner from the administrative defaults.
fn record_default(port: &mut Port) {
    port.partner_oper = port.partner_admin;
    port.set_actor(state::DEFAULTED, true);
}

/// Whether the partner's view of us in `pdu` is what we are, where
/// `mask` selects the state bits compared.
fn partner_sees_us(pdu: &Lacpdu, port: &Port, mask: u8) -> bool {
    let us = port.actor_params();
    let seen = &pdu.partner;
    seen.port_number == us.port_number
        && seen.port_priority == us.port_priority
        && seen.system == us.system
        && seen.system_priority == us.system_priority
        && seen.key == us.key
        && (seen.port_state ^ us.port_state) & u16::from(mask) == 0
}

/// `__choose_matched`.
fn choose_matched(pdu: &Lacpdu, port: &mut Port) {
    let matched = partner_sees_us(pdu, port, state::AGGREGATION)
        || pdu.actor.port_state & u16::from(state::AGGREGATION) == 0;
    port.set(vars::MATCHED, matched);
}

/// `__record_pdu`: the partner as the LACPDU's actor says.
fn record_pdu(pdu: &Lacpdu, port: &mut Port) {
    choose_matched(pdu, port);
    port.partner_oper = PortParams {
        port_state: pdu.actor.port_state,
        ..pdu.actor
    };
    port.set_actor(state::DEFAULTED, false);
    let sync = port.has(vars::MATCHED) && pdu.actor.port_state & u16::from(state::SYNC) != 0;
    port.partner_oper.set(state::SYNC, sync);
}

/// `__update_ntt`: a LACPDU is due when the partner's view of us is out
/// of date.
fn update_ntt(pdu: &Lacpdu, port: &mut Port) {
    let mask = state::ACTIVITY | state::TIMEOUT | state::SYNC | state::AGGREGATION;
    if !partner_sees_us(pdu, port, mask) {
        port.ntt = true;
    }
}

/// The receive machine, on a tick (`pdu` is `None`) or for a LACPDU
/// received on slave `i`.
pub(super) fn rx(port: &mut Port, pdu: Option<&Lacpdu>, i: usize, out: &mut dyn AdOut) {
    let last = port.rx_state;
    if port.has(vars::BEGIN) {
        port.rx_state = RxState::Initialize;
        port.set(vars::CHURNED, true);
    } else if !port.is_enabled {
        port.rx_state = RxState::PortDisabled;
    } else if pdu.is_some()
        && matches!(
            port.rx_state,
            RxState::Expired | RxState::Defaulted | RxState::Current
        )
    {
        if port.rx_state != RxState::Current {
            port.set(vars::CHURNED, true);
        }
        port.rx_timer = 0;
        port.rx_state = RxState::Current;
    } else if port.rx_timer != 0 && {
        port.rx_timer -= 1;
        port.rx_timer == 0
    } {
        match port.rx_state {
            RxState::Expired => port.rx_state = RxState::Defaulted,
            RxState::Current => port.rx_state = RxState::Expired,
            _ => {}
        }
    } else if port.rx_state == RxState::PortDisabled && port.is_enabled {
        port.rx_state = if port.has(vars::LACP_ENABLED) {
            RxState::Expired
        } else {
            RxState::LacpDisabled
        };
    }

    if port.rx_state == last && pdu.is_none() {
        return;
    }
    match port.rx_state {
        RxState::Initialize => {
            let lacp = port.actor_oper_port_key & KEY_DUPLEX != 0;
            port.set(vars::LACP_ENABLED, lacp);
            port.set(vars::SELECTED, false);
            record_default(port);
            port.set_actor(state::EXPIRED, false);
            port.rx_state = RxState::PortDisabled;
            port_disabled(port);
        }
        RxState::PortDisabled => port_disabled(port),
        RxState::LacpDisabled => {
            port.set(vars::SELECTED, false);
            record_default(port);
            port.partner_oper.set(state::AGGREGATION, false);
            port.set(vars::MATCHED, true);
            port.set_actor(state::EXPIRED, false);
        }
        RxState::Expired => {
            port.set(vars::MATCHED, false);
            port.partner_oper.set(state::SYNC, false);
            port.partner_oper.set(state::TIMEOUT, true);
            port.rx_timer = current_while(true);
            port.set_actor(state::EXPIRED, true);
            port.set(vars::CHURNED, true);
        }
        RxState::Defaulted => {
            if port.partner_admin.differs(&port.partner_oper) {
                port.set(vars::SELECTED, false);
            }
            record_default(port);
            port.set(vars::MATCHED, true);
            port.set_actor(state::EXPIRED, false);
        }
        RxState::Current => {
            // Only a LACPDU leads here (the timer only leaves CURRENT).
            let Some(pdu) = pdu else {
                return;
            };
            if pdu.actor.system == port.actor_system {
                slave_log(
                    out,
                    Level::Err,
                    i,
                    format_args!(
                        "An illegal loopback occurred on slave\nCheck the configuration to verify that all adapters are connected to 802.3ad compliant switch ports"
                    ),
                );
                return;
            }
            if pdu.actor.differs(&port.partner_oper) {
                port.set(vars::SELECTED, false);
            }
            update_ntt(pdu, port);
            record_pdu(pdu, port);
            port.rx_timer = current_while(port.actor(state::TIMEOUT));
            port.set_actor(state::EXPIRED, false);
        }
        RxState::Dummy => {}
    }
}

/// Entry to PORT_DISABLED (also the end of INITIALIZE).
fn port_disabled(port: &mut Port) {
    port.set(vars::MATCHED, false);
    port.partner_oper.set(state::SYNC, false);
}

/// The periodic machine.
pub(super) fn periodic(port: &mut Port) {
    let last = port.periodic_state;
    let partner_short = port.partner_oper.has(state::TIMEOUT);
    if port.has(vars::BEGIN)
        || !port.has(vars::LACP_ENABLED)
        || !port.is_enabled
        || (!port.actor(state::ACTIVITY) && !port.partner_oper.has(state::ACTIVITY))
    {
        port.periodic_state = PeriodicState::NoPeriodic;
    } else if port.periodic_timer != 0 {
        port.periodic_timer -= 1;
        if port.periodic_timer == 0 {
            port.periodic_state = PeriodicState::Tx;
        } else {
            match port.periodic_state {
                PeriodicState::Fast if !partner_short => {
                    port.periodic_state = PeriodicState::Slow;
                }
                PeriodicState::Slow if partner_short => {
                    port.periodic_timer = 0;
                    port.periodic_state = PeriodicState::Tx;
                }
                _ => {}
            }
        }
    } else {
        match port.periodic_state {
            PeriodicState::NoPeriodic => port.periodic_state = PeriodicState::Fast,
            PeriodicState::Tx => {
                port.periodic_state = if partner_short {
                    PeriodicState::Fast
                } else {
                    PeriodicState::Slow
                };
            }
            _ => {}
        }
    }

    if port.periodic_state == last {
        return;
    }
    // Fast and slow take one tick less: PERIODIC_TX took one.
    match port.periodic_state {
        PeriodicState::NoPeriodic => port.periodic_timer = 0,
        PeriodicState::Fast => port.periodic_timer = FAST_PERIODIC_TICKS - 1,
        PeriodicState::Slow => port.periodic_timer = SLOW_PERIODIC_TICKS - 1,
        PeriodicState::Tx => port.ntt = true,
        PeriodicState::Dummy => {}
    }
}

/// The transmit machine: at most one LACPDU per [`TX_TICKS`], when one is
/// due and LACP is enabled.
pub(super) fn tx(port: &mut Port, i: usize, out: &mut dyn AdOut) {
    if port.tx_timer == 0 {
        return;
    }
    port.tx_timer -= 1;
    if port.tx_timer != 0 {
        return;
    }
    if port.ntt && port.has(vars::LACP_ENABLED) && out.send_lacpdu(i, &port.lacpdu_frame()) {
        port.ntt = false;
    }
    port.tx_timer = TX_TICKS;
}

/// The churn machine.
pub(super) fn churn(port: &mut Port) {
    if port.has(vars::CHURNED) {
        port.set(vars::CHURNED, false);
        port.churn_actor_state = ChurnState::Monitor;
        port.churn_partner_state = ChurnState::Monitor;
        port.churn_actor_timer = CHURN_TICKS;
        port.churn_partner_timer = CHURN_TICKS;
        return;
    }
    if countdown(&mut port.churn_actor_timer) && port.churn_actor_state == ChurnState::Monitor {
        if port.actor(state::SYNC) {
            port.churn_actor_state = ChurnState::NoChurn;
        } else {
            port.churn_actor_count = port.churn_actor_count.wrapping_add(1);
            port.churn_actor_state = ChurnState::Churn;
        }
    }
    if countdown(&mut port.churn_partner_timer) && port.churn_partner_state == ChurnState::Monitor {
        if port.partner_oper.has(state::SYNC) {
            port.churn_partner_state = ChurnState::NoChurn;
        } else {
            port.churn_partner_count = port.churn_partner_count.wrapping_add(1);
            port.churn_partner_state = ChurnState::Churn;
        }
    }
}

/// Counts a running timer down; true when it expires now.
fn countdown(t: &mut u16) -> bool {
    if *t == 0 {
        return false;
    }
    *t -= 1;
    *t == 0
}

/// `__agg_ports_are_ready` then `__set_agg_ports_ready` for aggregator
/// `id`: READY on all its ports when each has READY_N.
pub(super) fn refresh_ready(slaves: &mut [AdSlave], id: Option<u16>) {
    let Some(id) = id else {
        return;
    };
    let members = || slaves.iter().filter(|s| s.port.aggregator == Some(id));
    let ready = members().all(|s| s.port.has(vars::READY_N));
    for s in slaves.iter_mut().filter(|s| s.port.aggregator == Some(id)) {
        s.port.set(vars::READY, ready);
    }
}

/// Whether the aggregator of slave `i`'s port is the active one.
fn agg_active(slaves: &[AdSlave], i: usize) -> Option<bool> {
    let id = slaves[i].port.aggregator?;
    Some(slaves[agg_index(slaves, id)?].agg.is_active)
}

/// Whether the aggregator of slave `i`'s port has a partner.
fn agg_has_partner(slaves: &[AdSlave], i: usize) -> bool {
    slaves[i]
        .port
        .aggregator
        .and_then(|id| agg_index(slaves, id))
        .is_some_and(|a| slaves[a].agg.has_partner())
}

/// `__port_move_to_attached_state`.
fn to_attached(port: &mut Port) -> bool {
    if !port.has(vars::SELECTED)
        || port.has(vars::STANDBY)
        || !port.partner_oper.has(state::SYNC)
        || !port.actor(state::SYNC)
    {
        port.mux_state = MuxState::Attached;
    }
    port.mux_state == MuxState::Attached
}

/// The mux machine of slave `i`'s port; returns whether the transmit
/// array needs a rebuild.
pub(super) fn mux(
    ad: &AdBond,
    slaves: &mut [AdSlave],
    states: &mut [SlaveState],
    i: usize,
    p: &Params,
) -> bool {
    let mut update = false;
    let last = slaves[i].port.mux_state;
    let active = agg_active(slaves, i).unwrap_or(false);
    let agg_id = slaves[i].port.aggregator;
    let st = &mut states[i];

    if slaves[i].port.has(vars::BEGIN) {
        slaves[i].port.mux_state = MuxState::Detached;
    } else {
        match slaves[i].port.mux_state {
            MuxState::Detached => {
                let port = &mut slaves[i].port;
                if port.has(vars::SELECTED) || port.has(vars::STANDBY) {
                    port.mux_state = MuxState::Waiting;
                }
            }
            MuxState::Waiting => {
                if !slaves[i].port.has(vars::SELECTED) {
                    slaves[i].port.set(vars::READY_N, false);
                    refresh_ready(slaves, agg_id);
                    slaves[i].port.mux_state = MuxState::Detached;
                } else {
                    if countdown(&mut slaves[i].port.mux_timer) {
                        slaves[i].port.set(vars::READY_N, true);
                    }
                    refresh_ready(slaves, agg_id);
                    let port = &mut slaves[i].port;
                    if port.has(vars::READY) && port.mux_timer == 0 {
                        port.mux_state = MuxState::Attached;
                    }
                }
            }
            MuxState::Attached => {
                let port = &mut slaves[i].port;
                if port.has(vars::SELECTED)
                    && port.partner_oper.has(state::SYNC)
                    && ad.agg_select_timer == 0
                {
                    if active {
                        port.mux_state = if p.coupled_control != 0 {
                            MuxState::CollectingDistributing
                        } else {
                            MuxState::Collecting
                        };
                    }
                } else if !port.has(vars::SELECTED) || port.has(vars::STANDBY) {
                    port.set(vars::READY_N, false);
                    refresh_ready(slaves, agg_id);
                    slaves[i].port.mux_state = MuxState::Detached;
                } else if active {
                    port.set_actor(state::SYNC, true);
                }
            }
            MuxState::CollectingDistributing => {
                if !to_attached(&mut slaves[i].port) && active && !st.is_active() {
                    flags::enable_port(&slaves[i], st, p);
                    update = true;
                }
            }
            MuxState::Collecting => {
                let port = &mut slaves[i].port;
                if !to_attached(port) {
                    if port.has(vars::SELECTED)
                        && port.partner_oper.has(state::SYNC)
                        && port.partner_oper.has(state::COLLECTING)
                    {
                        port.mux_state = MuxState::Distributing;
                    } else if active && st.rx_disabled {
                        flags::enable_collecting(&slaves[i], st);
                        update = true;
                    }
                }
            }
            MuxState::Distributing => {
                let port = &mut slaves[i].port;
                if !port.has(vars::SELECTED)
                    || port.has(vars::STANDBY)
                    || !port.partner_oper.has(state::COLLECTING)
                    || !port.partner_oper.has(state::SYNC)
                    || !port.actor(state::SYNC)
                {
                    port.mux_state = MuxState::Collecting;
                } else if active && !st.is_active() {
                    flags::enable_port(&slaves[i], st, p);
                    update = true;
                }
            }
            MuxState::Dummy => {}
        }
    }

    let now = slaves[i].port.mux_state;
    if now == last {
        return update;
    }
    let has_partner = agg_has_partner(slaves, i);
    let s = &mut slaves[i];
    let port = &mut s.port;
    match now {
        MuxState::Detached => {
            port.set_actor(state::SYNC, false);
            if has_partner {
                flags::disable_port(st, p);
                update = true;
            }
            port.set_actor(state::COLLECTING | state::DISTRIBUTING, false);
            port.ntt = true;
        }
        MuxState::Waiting => port.mux_timer = WAIT_WHILE_TICKS,
        MuxState::Attached => {
            port.set_actor(state::SYNC, active);
            port.set_actor(state::COLLECTING | state::DISTRIBUTING, false);
            if has_partner {
                flags::disable_port(st, p);
                update = true;
            }
            port.ntt = true;
        }
        MuxState::CollectingDistributing => {
            port.set_actor(state::COLLECTING | state::DISTRIBUTING | state::SYNC, true);
            if active {
                flags::enable_port(s, st, p);
                update = true;
            }
            s.port.ntt = true;
        }
        MuxState::Collecting => {
            port.set_actor(state::COLLECTING | state::SYNC, true);
            port.set_actor(state::DISTRIBUTING, false);
            if active {
                flags::enable_collecting(s, st);
            }
            if has_partner {
                flags::disable_distributing(st);
                update = true;
            }
            s.port.ntt = true;
        }
        MuxState::Distributing => {
            port.set_actor(state::DISTRIBUTING | state::SYNC, true);
            if active {
                flags::enable_port(s, st, p);
                update = true;
            }
        }
        MuxState::Dummy => {}
    }
    update
}
