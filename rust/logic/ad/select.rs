// SPDX-License-Identifier: GPL-2.0
//! Selection: an aggregator for each port (`ad_port_selection_logic`),
//! the bond's active aggregator (`ad_agg_selection_logic`), and moving
//! ports off a leaving slave's aggregator (`bond_3ad_unbind_slave`).

use super::machines::refresh_ready;
use super::{
    active_agg, active_ports, agg_index, code_mbps, flags, has_ports, set_carrier, slave_log,
    speed_code, state, vars, AdBond, AdOut, AdSlave, Params, KEY_DUPLEX, SELECT_BANDWIDTH,
    SELECT_COUNT, SELECT_STABLE,
};
use crate::logic::log::Level;
use crate::logic::slave::SlaveState;

/// Indices of the slaves whose ports are attached to aggregator `id`.
fn members(slaves: &[AdSlave], id: u16) -> impl Iterator<Item = usize> + '_ {
    (0..slaves.len()).filter(move |&j| slaves[j].port.aggregator == Some(id))
}

/// Whether aggregator `id`'s only port is slave `i`'s.
fn only_port(slaves: &[AdSlave], id: u16, i: usize) -> bool {
    let mut m = members(slaves, id);
    m.next() == Some(i) && m.next().is_none()
}

/// The port heading aggregator `id`'s list: the one that joined last.
fn head(slaves: &[AdSlave], id: u16) -> Option<usize> {
    members(slaves, id).max_by_key(|&j| slaves[j].port.joined)
}

/// `__get_agg_bandwidth` of the aggregator of slave `a`.
fn bandwidth(slaves: &[AdSlave], a: usize) -> u32 {
    let id = slaves[a].agg.id;
    let n = active_ports(slaves, id) as u32;
    if n == 0 {
        return 0;
    }
    head(slaves, id).map_or(0, |h| {
        n.wrapping_mul(code_mbps(speed_code(&slaves[h].link)))
    })
}

/// `agg_device_up`: a port of the aggregator of slave `a` is running with
/// carrier.
fn device_up(slaves: &[AdSlave], a: usize) -> bool {
    members(slaves, slaves[a].agg.id).any(|j| slaves[j].link.dev_up)
}

/// Attaches slave `i`'s port to the aggregator of slave `a`.
fn attach(ad: &mut AdBond, slaves: &mut [AdSlave], i: usize, a: usize) {
    let id = slaves[a].agg.id;
    ad.joins = ad.joins.wrapping_add(1);
    let port = &mut slaves[i].port;
    port.aggregator = Some(id);
    port.actor_port_aggregator_identifier = id;
    port.joined = ad.joins;
    port.set(vars::SELECTED, true);
}

/// The port selection logic for slave `i`'s port; returns whether the
/// transmit array needs a rebuild.
pub(crate) fn port_selection(
    ad: &mut AdBond,
    slaves: &mut [AdSlave],
    states: &mut [SlaveState],
    i: usize,
    p: &Params,
    out: &mut dyn AdOut,
) -> bool {
    if slaves[i].port.has(vars::SELECTED) {
        return false;
    }
    if let Some(old) = slaves[i].port.aggregator {
        slaves[i].port.aggregator = None;
        slaves[i].port.actor_port_aggregator_identifier = 0;
        if !has_ports(slaves, old) {
            if let Some(a) = agg_index(slaves, old) {
                slaves[a].agg.clear();
            }
        }
    }

    let port = slaves[i].port;
    let mut free = None;
    let mut found = None;
    for (j, s) in slaves.iter().enumerate() {
        // A slave being released (unbound, not yet out of the list) is
        // gone for bonding.ko, which unlinks it right after the unbind.
        if !s.port.bound {
            continue;
        }
        let agg = &s.agg;
        if !has_ports(slaves, agg.id) {
            free = free.or(Some(j));
            continue;
        }
        if agg.actor_oper_key == port.actor_oper_port_key
            && agg.partner_system == port.partner_oper.system
            && agg.partner_system_priority == port.partner_oper.system_priority
            && agg.partner_oper_key == port.partner_oper.key
            && agg.has_partner()
            && !agg.is_individual
        {
            found = Some(j);
            break;
        }
    }
    let a = match (found, free) {
        (Some(a), _) => a,
        (None, Some(f)) => {
            let agg = &mut slaves[f].agg;
            agg.is_individual = port.actor_oper_port_key & KEY_DUPLEX == 0;
            agg.actor_admin_key = port.actor_admin_port_key;
            agg.actor_oper_key = port.actor_oper_port_key;
            agg.partner_system = port.partner_oper.system;
            agg.partner_system_priority = port.partner_oper.system_priority;
            agg.partner_oper_key = port.partner_oper.key;
            agg.receive_state = true;
            agg.transmit_state = true;
            f
        }
        (None, None) => {
            let n = port.actor_port_number;
            slave_log(
                out,
                Level::Err,
                i,
                format_args!("Port {} did not find a suitable aggregator", n),
            );
            return false;
        }
    };
    attach(ad, slaves, i, a);
    let id = slaves[a].agg.id;
    refresh_ready(slaves, Some(id));
    let update = agg_selection(ad, slaves, states, 0, p, out);
    if !slaves[a].agg.is_active {
        slaves[i].port.set_actor(state::SYNC, false);
    }
    update
}

/// `ad_agg_selection_test`: the better of `best` and `curr` (aggregators
/// by slave index) as the active aggregator.
fn selection_test(
    slaves: &[AdSlave],
    best: Option<usize>,
    curr: usize,
    p: &Params,
    out: &mut dyn AdOut,
) -> Option<usize> {
    let Some(b) = best else {
        return Some(curr);
    };
    let (ca, ba) = (&slaves[curr].agg, &slaves[b].agg);
    if ca.is_individual != ba.is_individual {
        return Some(if ca.is_individual { b } else { curr });
    }
    if ca.has_partner() != ba.has_partner() {
        return Some(if ca.has_partner() { curr } else { b });
    }
    match p.ad_select {
        SELECT_COUNT | SELECT_STABLE | SELECT_BANDWIDTH => {
            if p.ad_select == SELECT_COUNT {
                let (c, bn) = (active_ports(slaves, ca.id), active_ports(slaves, ba.id));
                if c != bn {
                    return Some(if c > bn { curr } else { b });
                }
            }
            if bandwidth(slaves, curr) > bandwidth(slaves, b) {
                return Some(curr);
            }
        }
        m => {
            if out.ratelimit() {
                slave_log(
                    out,
                    Level::Warn,
                    curr,
                    format_args!("Impossible agg select mode {}", m),
                );
            }
        }
    }
    Some(b)
}

/// The aggregator selection logic: keeps or replaces the active
/// aggregator (by `ad_select`), moves the ports' slaves' flags along and
/// sets the bond's carrier. `_origin` is the slave whose aggregator
/// bonding.ko passes (only to find the bond). Returns whether the
/// transmit array needs a rebuild.
pub(crate) fn agg_selection(
    _ad: &mut AdBond,
    slaves: &mut [AdSlave],
    states: &mut [SlaveState],
    _origin: usize,
    p: &Params,
    out: &mut dyn AdOut,
) -> bool {
    let active = active_agg(slaves);
    let mut best = active.filter(|&a| device_up(slaves, a));
    for j in 0..slaves.len() {
        slaves[j].agg.is_active = false;
        if slaves[j].port.bound
            && active_ports(slaves, slaves[j].agg.id) != 0
            && device_up(slaves, j)
        {
            best = selection_test(slaves, best, j, p, out);
        }
    }

    if let (Some(b), Some(a)) = (best, active) {
        if p.ad_select == SELECT_STABLE {
            let (aa, ba) = (&slaves[a].agg, &slaves[b].agg);
            if has_ports(slaves, aa.id)
                && active_ports(slaves, aa.id) != 0
                && (aa.has_partner() || !ba.has_partner())
                && !(aa.actor_oper_key == 0 && ba.actor_oper_key != 0)
            {
                best = None;
                slaves[a].agg.is_active = true;
            }
        }
    }
    if best.is_some() && best == active {
        best = None;
        if let Some(a) = active {
            slaves[a].agg.is_active = true;
        }
    }

    let mut update = false;
    if let Some(b) = best {
        if slaves[b].agg.is_individual && out.ratelimit() {
            out.log(
                Level::Warn,
                format_args!(
                    "Warning: No 802.3ad response from the link partner for any adapters in the bond"
                ),
            );
        }
        slaves[b].agg.is_active = true;
        if let Some(a) = active {
            let id = slaves[a].agg.id;
            for j in 0..slaves.len() {
                if slaves[j].port.aggregator == Some(id) {
                    flags::disable_port(&mut states[j], p);
                }
            }
        }
        update = true;
    }

    if let Some(a) = active_agg(slaves) {
        if !slaves[a].agg.has_partner() {
            let id = slaves[a].agg.id;
            for j in 0..slaves.len() {
                if slaves[j].port.aggregator == Some(id) {
                    flags::enable_port(&slaves[j], &mut states[j], p);
                }
            }
            update = true;
        }
    }
    set_carrier(slaves, p, out);
    update
}

/// `bond_3ad_unbind_slave` for slave `i`, still in `slaves`: tells the
/// partner, moves the other ports off its aggregator and detaches its
/// port, reselecting the active aggregator where it went away.
pub(crate) fn unbind(
    ad: &mut AdBond,
    slaves: &mut [AdSlave],
    states: &mut [SlaveState],
    i: usize,
    p: &Params,
    out: &mut dyn AdOut,
) {
    if !slaves[i].port.bound {
        slave_log(
            out,
            Level::Warn,
            i,
            format_args!("Trying to unbind an uninitialized port"),
        );
        return;
    }
    let port = &mut slaves[i].port;
    port.set_actor(
        state::SYNC | state::COLLECTING | state::DISTRIBUTING | state::AGGREGATION,
        false,
    );
    let frame = port.lacpdu_frame();
    out.send_lacpdu(i, &frame);

    let old = slaves[i].agg.id;
    if has_ports(slaves, old) {
        if !only_port(slaves, old, i) {
            let new = (0..slaves.len()).find(|&j| {
                let id = slaves[j].agg.id;
                !has_ports(slaves, id) || only_port(slaves, id, i)
            });
            if let Some(n) = new {
                let new_id = slaves[n].agg.id;
                let mut select = false;
                if only_port(slaves, new_id, i) {
                    // Its list is replaced by the old one's.
                    slaves[i].port.aggregator = None;
                    if slaves[n].agg.is_active {
                        slave_log(
                            out,
                            Level::Info,
                            i,
                            format_args!("Removing an active aggregator"),
                        );
                        select = true;
                    }
                }
                let from = slaves[i].agg;
                let to = &mut slaves[n].agg;
                *to = crate::logic::ad::Aggregator {
                    mac: to.mac,
                    id: to.id,
                    ..from
                };
                for s in slaves.iter_mut().filter(|s| s.port.aggregator == Some(old)) {
                    s.port.aggregator = Some(new_id);
                    s.port.actor_port_aggregator_identifier = new_id;
                }
                slaves[i].agg.clear();
                if select {
                    agg_selection(ad, slaves, states, 0, p, out);
                }
            } else {
                slave_log(
                    out,
                    Level::Warn,
                    i,
                    format_args!(
                        "unbinding aggregator, and could not find a new aggregator for its ports"
                    ),
                );
            }
        } else {
            let select = slaves[i].agg.is_active;
            slaves[i].agg.clear();
            slaves[i].port.aggregator = None;
            if select {
                slave_log(
                    out,
                    Level::Info,
                    i,
                    format_args!("Removing an active aggregator"),
                );
                agg_selection(ad, slaves, states, 0, p, out);
            }
        }
    }

    if let Some(id) = slaves[i].port.aggregator.take() {
        if active_ports(slaves, id) == 0 {
            if let Some(a) = agg_index(slaves, id) {
                let select = slaves[a].agg.is_active;
                if !has_ports(slaves, id) {
                    slaves[a].agg.clear();
                }
                if select {
                    slave_log(
                        out,
                        Level::Info,
                        i,
                        format_args!("Removing an active aggregator"),
                    );
                    agg_selection(ad, slaves, states, 0, p, out);
                }
            }
        }
    }
    slaves[i].port.bound = false;
}
