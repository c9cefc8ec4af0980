// SPDX-License-Identifier: GPL-2.0
//! 802.3ad (LACP) as bonding.ko runs it (bond_3ad.c): per port the
//! receive, periodic, mux, transmit and churn machines, the selection of
//! an aggregator for each port and of the bond's active aggregator, and
//! the frames. Each slave owns one port and one aggregator ([`AdSlave`]);
//! the caller keeps them in slave list order, next to the slaves'
//! [`SlaveState`]s, behind the bond's mode lock.
//!
//! Where bonding.ko links ports into their aggregator's list, a port here
//! names its aggregator by identifier and carries the order in which it
//! joined (the list's head is the latest).

mod machines;
pub(crate) mod pdu;
mod select;
#[cfg(test)]
mod tests;

use core::fmt;
use core::sync::atomic::{AtomicBool, Ordering};

use super::log::{Bytes, Level};
use super::options::Params;
use super::slave::{SlaveState, DUPLEX_FULL, SPEED_UNKNOWN};
use super::slave_show::AdPort;
use crate::logic::show::AdInfo;
use pdu::Lacpdu;

pub(crate) use select::{agg_selection, port_selection, unbind};

/// The bits of an actor or partner state (`LACP_STATE_*`).
pub(crate) mod state {
    /// LACP_Activity: active LACP.
    pub(crate) const ACTIVITY: u8 = 0x1;
    /// LACP_Timeout: short timeout.
    pub(crate) const TIMEOUT: u8 = 0x2;
    /// Aggregation: aggregatable.
    pub(crate) const AGGREGATION: u8 = 0x4;
    /// Synchronization.
    pub(crate) const SYNC: u8 = 0x8;
    /// Collecting.
    pub(crate) const COLLECTING: u8 = 0x10;
    /// Distributing.
    pub(crate) const DISTRIBUTING: u8 = 0x20;
    /// Defaulted: partner information from the administrative defaults.
    pub(crate) const DEFAULTED: u8 = 0x40;
    /// Expired: the receive machine is in EXPIRED.
    pub(crate) const EXPIRED: u8 = 0x80;
}

/// The machines' shared variables (`AD_PORT_*` of `sm_vars`).
pub(crate) mod vars {
    /// BEGIN: (re)initialise the machines.
    pub(crate) const BEGIN: u16 = 0x1;
    /// LACP is enabled on the port (full duplex).
    pub(crate) const LACP_ENABLED: u16 = 0x2;
    /// Actor churn seen.
    pub(crate) const ACTOR_CHURN: u16 = 0x4;
    /// Partner churn seen.
    pub(crate) const PARTNER_CHURN: u16 = 0x8;
    /// Ready: every port of the aggregator waited.
    pub(crate) const READY: u16 = 0x10;
    /// Ready_N: this port's wait_while timer expired.
    pub(crate) const READY_N: u16 = 0x20;
    /// Matched: the partner sees us as we are.
    pub(crate) const MATCHED: u16 = 0x40;
    /// Standby.
    pub(crate) const STANDBY: u16 = 0x80;
    /// Selected: attached to an aggregator.
    pub(crate) const SELECTED: u16 = 0x100;
    /// Moved.
    pub(crate) const MOVED: u16 = 0x200;
    /// Both churn bits.
    pub(crate) const CHURNED: u16 = ACTOR_CHURN | PARTNER_CHURN;
}

/// The machines' period in milliseconds (`AD_TIMER_INTERVAL`).
pub(crate) const TICK_MS: u32 = 100;
/// Machine ticks per second.
pub(crate) const TICKS_PER_SEC: u16 = 10;
/// Ticks of the current_while timer with a short timeout.
const SHORT_TIMEOUT_TICKS: u16 = 3 * TICKS_PER_SEC;
/// Ticks of the current_while timer with a long timeout.
const LONG_TIMEOUT_TICKS: u16 = 90 * TICKS_PER_SEC;
/// Ticks of the churn detection timers.
const CHURN_TICKS: u16 = 60 * TICKS_PER_SEC;
/// Ticks of the fast periodic timer.
const FAST_PERIODIC_TICKS: u16 = TICKS_PER_SEC;
/// Ticks of the slow periodic timer.
const SLOW_PERIODIC_TICKS: u16 = 30 * TICKS_PER_SEC;
/// Ticks of the wait_while timer (aggregate wait).
const WAIT_WHILE_TICKS: u16 = 2 * TICKS_PER_SEC;
/// Ticks between two LACPDUs at most (3 per second).
const TX_TICKS: u16 = TICKS_PER_SEC / 3;
/// Ticks before the first aggregator selection after the first enslave.
pub(crate) const AGG_SELECT_TICKS: u32 = 8 * TICKS_PER_SEC as u32;

/// Set once the unknown-speed error was printed (bonding.ko prints it
/// once per module load).
static UNKNOWN_SPEED_SAID: AtomicBool = AtomicBool::new(false);

/// Duplex bit of a port key.
const KEY_DUPLEX: u16 = 0x1;
/// Speed bits of a port key.
const KEY_SPEED: u16 = 0x3e;

/// `ad_select` values.
pub(crate) const SELECT_STABLE: i32 = 0;
/// ad_select bandwidth.
pub(crate) const SELECT_BANDWIDTH: i32 = 1;
/// ad_select count.
pub(crate) const SELECT_COUNT: i32 = 2;

/// Receive machine states (`rx_states_t`).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub(crate) enum RxState {
    /// Not yet run.
    #[default]
    Dummy = 0,
    /// INITIALIZE.
    Initialize,
    /// PORT_DISABLED.
    PortDisabled,
    /// LACP_DISABLED.
    LacpDisabled,
    /// EXPIRED.
    Expired,
    /// DEFAULTED.
    Defaulted,
    /// CURRENT.
    Current,
}

/// Periodic machine states (`periodic_states_t`).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub(crate) enum PeriodicState {
    /// Not yet run.
    #[default]
    Dummy = 0,
    /// NO_PERIODIC.
    NoPeriodic,
    /// FAST_PERIODIC.
    Fast,
    /// SLOW_PERIODIC.
    Slow,
    /// PERIODIC_TX.
    Tx,
}

/// Mux machine states (`mux_states_t`).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub(crate) enum MuxState {
    /// Not yet run.
    #[default]
    Dummy = 0,
    /// DETACHED.
    Detached,
    /// WAITING.
    Waiting,
    /// ATTACHED.
    Attached,
    /// COLLECTING (coupled_control off).
    Collecting,
    /// DISTRIBUTING (coupled_control off).
    Distributing,
    /// COLLECTING_DISTRIBUTING.
    CollectingDistributing,
}

/// Churn machine states (`churn_state_t`, as /proc numbers them).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub(crate) enum ChurnState {
    /// Monitoring for churn.
    #[default]
    Monitor = 0,
    /// Churn detected.
    Churn = 1,
    /// No churn.
    NoChurn = 2,
}

/// A system's view of one port end (`struct port_params`).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub(crate) struct PortParams {
    /// System MAC.
    pub(crate) system: [u8; 6],
    /// System priority.
    pub(crate) system_priority: u16,
    /// Key.
    pub(crate) key: u16,
    /// Port number.
    pub(crate) port_number: u16,
    /// Port priority.
    pub(crate) port_priority: u16,
    /// Port state (`LACP_STATE_*`, kept in 16 bits as bonding.ko does).
    pub(crate) port_state: u16,
}

impl PortParams {
    /// The partner administrative defaults (`ad_initialize_port`).
    const ADMIN: PortParams = PortParams {
        system: [0; 6],
        system_priority: 0xffff,
        key: 1,
        port_number: 1,
        port_priority: 0xff,
        port_state: 0,
    };

    fn has(&self, bit: u8) -> bool {
        self.port_state & u16::from(bit) != 0
    }

    fn set(&mut self, bit: u8, on: bool) {
        if on {
            self.port_state |= u16::from(bit);
        } else {
            self.port_state &= !u16::from(bit);
        }
    }

    /// Whether `pdu`'s actor differs from these values where selection
    /// cares (`__update_selected`, `__update_default_selected`).
    fn differs(&self, o: &PortParams) -> bool {
        self.port_number != o.port_number
            || self.port_priority != o.port_priority
            || self.system != o.system
            || self.system_priority != o.system_priority
            || self.key != o.key
            || (self.port_state ^ o.port_state) & u16::from(state::AGGREGATION) != 0
    }
}

/// An 802.3ad port (`struct port`).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub(crate) struct Port {
    /// Set while the port is bound to its slave (`port->slave`).
    pub(crate) bound: bool,
    /// actor_port_number (the slave's 802.3ad id).
    pub(crate) actor_port_number: u16,
    /// actor_port_priority.
    pub(crate) actor_port_priority: u16,
    /// actor_system.
    pub(crate) actor_system: [u8; 6],
    /// actor_system_priority.
    pub(crate) actor_system_priority: u16,
    /// actor_port_aggregator_identifier.
    pub(crate) actor_port_aggregator_identifier: u16,
    /// Need to transmit.
    pub(crate) ntt: bool,
    /// actor_admin_port_key.
    pub(crate) actor_admin_port_key: u16,
    /// actor_oper_port_key.
    pub(crate) actor_oper_port_key: u16,
    /// actor_admin_port_state.
    pub(crate) actor_admin_port_state: u8,
    /// actor_oper_port_state.
    pub(crate) actor_oper_port_state: u8,
    /// partner_admin.
    pub(crate) partner_admin: PortParams,
    /// partner_oper.
    pub(crate) partner_oper: PortParams,
    /// is_enabled: the link is up.
    pub(crate) is_enabled: bool,
    /// sm_vars ([`vars`]).
    pub(crate) sm_vars: u16,
    /// Receive machine.
    pub(crate) rx_state: RxState,
    /// Its timer (current_while).
    pub(crate) rx_timer: u16,
    /// Periodic machine.
    pub(crate) periodic_state: PeriodicState,
    /// Its timer.
    pub(crate) periodic_timer: u16,
    /// Mux machine.
    pub(crate) mux_state: MuxState,
    /// Its timer (wait_while).
    pub(crate) mux_timer: u16,
    /// Transmit rate limiter.
    pub(crate) tx_timer: u16,
    /// Actor churn timer.
    pub(crate) churn_actor_timer: u16,
    /// Partner churn timer.
    pub(crate) churn_partner_timer: u16,
    /// Actor churn count.
    pub(crate) churn_actor_count: u32,
    /// Partner churn count.
    pub(crate) churn_partner_count: u32,
    /// Actor churn state.
    pub(crate) churn_actor_state: ChurnState,
    /// Partner churn state.
    pub(crate) churn_partner_state: ChurnState,
    /// The aggregator it is attached to, by identifier.
    pub(crate) aggregator: Option<u16>,
    /// When it joined its aggregator (the latest heads the list).
    pub(crate) joined: u32,
    /// The slave's permanent address, the source of its LACPDUs.
    pub(crate) perm_addr: [u8; 6],
    /// Its slave is being released: the machines leave it alone until the
    /// unbind (bonding.ko may still run them in that window, and enable
    /// the port again; which release message follows is then chance).
    pub(crate) leaving: bool,
}

impl Port {
    fn has(&self, v: u16) -> bool {
        self.sm_vars & v != 0
    }

    fn set(&mut self, v: u16, on: bool) {
        if on {
            self.sm_vars |= v;
        } else {
            self.sm_vars &= !v;
        }
    }

    fn actor(&self, bit: u8) -> bool {
        self.actor_oper_port_state & bit != 0
    }

    fn set_actor(&mut self, bit: u8, on: bool) {
        if on {
            self.actor_oper_port_state |= bit;
        } else {
            self.actor_oper_port_state &= !bit;
        }
    }

    /// The actor as a LACPDU names it.
    fn actor_params(&self) -> PortParams {
        PortParams {
            system: self.actor_system,
            system_priority: self.actor_system_priority,
            key: self.actor_oper_port_key,
            port_number: self.actor_port_number,
            port_priority: self.actor_port_priority,
            port_state: u16::from(self.actor_oper_port_state),
        }
    }

    /// The LACPDU this port sends now (`__update_lacpdu_from_port`).
    pub(crate) fn lacpdu(&self) -> Lacpdu {
        Lacpdu {
            actor: self.actor_params(),
            partner: self.partner_oper,
        }
    }

    /// The frame of [`Port::lacpdu`] (`ad_lacpdu_send`).
    pub(crate) fn lacpdu_frame(&self) -> [u8; pdu::FRAME_LEN] {
        self.lacpdu().frame(&self.perm_addr)
    }
}

/// An aggregator (`struct aggregator`).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub(crate) struct Aggregator {
    /// aggregator_mac_address (the bond's address at enslave).
    pub(crate) mac: [u8; 6],
    /// aggregator_identifier (unique in the bond, from 1).
    pub(crate) id: u16,
    /// is_individual.
    pub(crate) is_individual: bool,
    /// actor_admin_aggregator_key.
    pub(crate) actor_admin_key: u16,
    /// actor_oper_aggregator_key.
    pub(crate) actor_oper_key: u16,
    /// partner_system.
    pub(crate) partner_system: [u8; 6],
    /// partner_system_priority.
    pub(crate) partner_system_priority: u16,
    /// partner_oper_aggregator_key.
    pub(crate) partner_oper_key: u16,
    /// receive_state.
    pub(crate) receive_state: bool,
    /// transmit_state.
    pub(crate) transmit_state: bool,
    /// is_active: the bond's active aggregator.
    pub(crate) is_active: bool,
}

impl Aggregator {
    /// `__agg_has_partner`.
    fn has_partner(&self) -> bool {
        self.partner_system != [0; 6]
    }

    /// `ad_clear_agg`: empty, keeping identifier and address.
    fn clear(&mut self) {
        *self = Aggregator {
            mac: self.mac,
            id: self.id,
            ..Aggregator::default()
        };
    }
}

/// What the machines read of a slave, refreshed by the caller before
/// each entry.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub(crate) struct PortLink {
    /// `slave->link == BOND_LINK_UP`.
    pub(crate) link_up: bool,
    /// `bond_slave_is_up()`: running with carrier.
    pub(crate) dev_up: bool,
    /// `slave->speed`.
    pub(crate) speed: u32,
    /// `slave->duplex`.
    pub(crate) duplex: u8,
}

impl PortLink {
    /// The link values of a slave's state; `dev_up` from the device.
    pub(crate) fn of(st: &SlaveState, dev_up: bool) -> PortLink {
        PortLink {
            link_up: st.link == super::slave::Link::Up,
            dev_up,
            speed: st.speed,
            duplex: st.duplex,
        }
    }
}

/// One slave's 802.3ad part (`struct ad_slave_info`).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub(crate) struct AdSlave {
    /// Its port.
    pub(crate) port: Port,
    /// Its aggregator.
    pub(crate) agg: Aggregator,
    /// The slave's link as the caller last saw it.
    pub(crate) link: PortLink,
    /// The port priority set for the slave (`actor_port_prio`).
    pub(crate) port_priority: u16,
}

/// The bond's 802.3ad state (`struct ad_bond_info`).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub(crate) struct AdBond {
    /// System priority.
    pub(crate) sys_priority: u16,
    /// System MAC.
    pub(crate) sys_mac: [u8; 6],
    /// Ticks until the aggregator is (re)selected (`agg_select_timer`).
    pub(crate) agg_select_timer: u32,
    /// The last aggregator identifier handed out.
    pub(crate) last_agg_id: u16,
    /// Join counter for [`Port::joined`].
    pub(crate) joins: u32,
}

impl AdBond {
    /// `bond_3ad_initialize` / the system part of
    /// `bond_3ad_update_ad_actor_settings`: the system from the options,
    /// the bond's own address when ad_actor_system is zero.
    pub(crate) fn set_system(&mut self, p: &Params, bond_addr: [u8; 6]) {
        self.sys_priority = p.ad_actor_sys_prio;
        self.sys_mac = if p.ad_actor_system == [0; 6] {
            bond_addr
        } else {
            p.ad_actor_system
        };
    }

    /// `bond_3ad_initiate_agg_selection`.
    pub(crate) fn initiate_agg_selection(&mut self, ticks: u32) {
        self.agg_select_timer = ticks;
    }
}

/// What the machines need besides the ports: messages, the bond's carrier
/// and sending LACPDUs.
pub(crate) trait AdOut {
    /// Sends the LACPDU `frame` on slave `i` (`ad_lacpdu_send`), counting
    /// it; false when no frame could be allocated.
    fn send_lacpdu(&mut self, i: usize, frame: &[u8; pdu::FRAME_LEN]) -> bool;
    /// `netif_carrier_ok()` of the bond.
    fn carrier_ok(&self) -> bool;
    /// `netif_carrier_on/off()` of the bond.
    fn set_carrier(&mut self, on: bool);
    /// A message with the bond's prefix.
    fn log(&mut self, level: Level, args: fmt::Arguments<'_>);
    /// The name of slave `i`.
    fn name(&self, i: usize) -> &[u8];
    /// `net_ratelimit()`.
    fn ratelimit(&mut self) -> bool;
}

/// `slave_err()` and friends: "(slave NAME): text".
fn slave_log(out: &mut dyn AdOut, level: Level, i: usize, args: fmt::Arguments<'_>) {
    let mut name = [0u8; 16];
    let n = out.name(i);
    let len = n.len().min(16);
    name[..len].copy_from_slice(&n[..len]);
    out.log(
        level,
        format_args!("(slave {}): {}", Bytes(&name[..len]), args),
    );
}

/// The AD link speed code of `speed` in Mb/s (`__get_link_speed`), 0 when
/// the link is not up or the speed is not one 802.3ad knows.
fn speed_code(link: &PortLink) -> u16 {
    if !link.link_up {
        return 0;
    }
    const SPEEDS: [u32; 16] = [
        10, 100, 1000, 2500, 5000, 10000, 14000, 20000, 25000, 40000, 50000, 56000, 100000, 200000,
        400000, 800000,
    ];
    SPEEDS
        .iter()
        .position(|&s| s == link.speed)
        .map_or(0, |i| i as u16 + 2)
}

/// Mb/s of one port with AD speed code `code` (`__get_agg_bandwidth`).
fn code_mbps(code: u16) -> u32 {
    match code {
        1 => 1,
        2 => 10,
        3 => 100,
        4 => 1000,
        5 => 2500,
        6 => 5000,
        7 => 10000,
        8 => 14000,
        9 => 20000,
        10 => 25000,
        11 => 40000,
        12 => 50000,
        13 => 56000,
        14 => 100000,
        15 => 200000,
        16 => 400000,
        17 => 800000,
        _ => 0,
    }
}

/// `__get_duplex`: 1 for full duplex with the link up.
fn duplex_bit(link: &PortLink) -> u16 {
    u16::from(link.link_up && link.duplex == DUPLEX_FULL)
}

/// `ad_initialize_port` and the rest of `bond_3ad_bind_slave`'s port part.
fn init_port(port: &mut Port, p: &Params) {
    let mut st = state::AGGREGATION;
    if p.lacp_active != 0 {
        st |= state::ACTIVITY;
    }
    *port = Port {
        actor_port_priority: 0xff,
        actor_admin_port_state: st,
        actor_oper_port_state: st | if p.lacp_fast != 0 { state::TIMEOUT } else { 0 },
        partner_admin: PortParams::ADMIN,
        partner_oper: PortParams::ADMIN,
        is_enabled: true,
        sm_vars: vars::BEGIN | vars::LACP_ENABLED,
        ..Port::default()
    };
}

/// `bond_3ad_bind_slave` for the slave at `i`, the last of `slaves`
/// (`bond_3ad_initialize` first when it is the only one), whose link and
/// permanent address `perm` the caller set; `bond_addr` is the bond's
/// address. The caller has marked the slave inactive (`__disable_port`).
pub(crate) fn bind(
    ad: &mut AdBond,
    slaves: &mut [AdSlave],
    i: usize,
    p: &Params,
    (bond_addr, perm): ([u8; 6], [u8; 6]),
    out: &mut dyn AdOut,
) {
    if i == 0 {
        ad.last_agg_id = 0;
        ad.set_system(p, bond_addr);
        ad.initiate_agg_selection(AGG_SELECT_TICKS);
    }
    let id = match i.checked_sub(1).and_then(|j| slaves.get(j)) {
        Some(prev) => prev.port.actor_port_number.wrapping_add(1),
        None => 1,
    };
    let Some(s) = slaves.get_mut(i) else {
        return;
    };
    init_port(&mut s.port, p);
    s.port_priority = s.port.actor_port_priority;
    s.port.bound = true;
    s.port.actor_port_number = id;
    s.port.actor_admin_port_key = p.ad_user_port_key << 6;
    update_actor_keys(s, i, false, out);
    s.port.actor_system = ad.sys_mac;
    s.port.actor_system_priority = ad.sys_priority;
    s.port.actor_port_priority = s.port_priority;
    s.port.tx_timer = TX_TICKS;
    s.port.perm_addr = perm;
    ad.last_agg_id = ad.last_agg_id.wrapping_add(1);
    s.agg = Aggregator {
        mac: bond_addr,
        id: ad.last_agg_id,
        ..Aggregator::default()
    };
}

/// `ad_update_actor_keys`: the port key from speed and duplex (`reset`:
/// the link went down, speed and duplex count as zero).
fn update_actor_keys(s: &mut AdSlave, i: usize, reset: bool, out: &mut dyn AdOut) {
    let port = &mut s.port;
    let old = port.actor_oper_port_key;
    port.actor_admin_port_key &= !(KEY_SPEED | KEY_DUPLEX);
    let (mut speed, mut duplex, mut ospeed) = (0, 0, 0);
    if !reset {
        speed = speed_code(&s.link);
        if s.link.link_up
            && speed == 0
            && s.link.speed != SPEED_UNKNOWN
            && !UNKNOWN_SPEED_SAID.swap(true, Ordering::Relaxed)
        {
            let (v, n) = (s.link.speed as i32, port.actor_port_number);
            slave_log(
                out,
                Level::Err,
                i,
                format_args!("unknown ethtool speed ({}) for port {} (set it to 0)", v, n),
            );
        }
        ospeed = (old & KEY_SPEED) >> 1;
        duplex = duplex_bit(&s.link);
        port.actor_admin_port_key |= (speed << 1) | duplex;
    }
    port.actor_oper_port_key = port.actor_admin_port_key;
    if old == port.actor_oper_port_key {
        return;
    }
    port.set(vars::LACP_ENABLED, duplex != 0);
    if reset {
        return;
    }
    if speed == 0 {
        let n = port.actor_port_number;
        slave_log(
            out,
            Level::Err,
            i,
            format_args!("speed changed to 0 on port {}", n),
        );
    } else if duplex != 0 && ospeed != speed {
        port.set(vars::BEGIN, true);
    }
}

/// `bond_3ad_adapter_speed_duplex_changed`.
pub(crate) fn speed_duplex_changed(slaves: &mut [AdSlave], i: usize, out: &mut dyn AdOut) {
    let Some(s) = slaves.get_mut(i) else {
        return;
    };
    if !s.port.bound {
        slave_log(
            out,
            Level::Warn,
            i,
            format_args!("speed/duplex changed for uninitialized port"),
        );
        return;
    }
    update_actor_keys(s, i, false, out);
}

/// `bond_3ad_handle_link_change` (without the slave array rebuild, which
/// the caller does once the mode lock is released).
pub(crate) fn link_changed(
    ad: &mut AdBond,
    slaves: &mut [AdSlave],
    states: &mut [SlaveState],
    i: usize,
    up: bool,
    p: &Params,
    out: &mut dyn AdOut,
) {
    let Some(s) = slaves.get_mut(i) else {
        return;
    };
    if !s.port.bound {
        slave_log(
            out,
            Level::Warn,
            i,
            format_args!("link status changed for uninitialized port"),
        );
        return;
    }
    s.port.is_enabled = up;
    update_actor_keys(s, i, !up, out);
    if !slaves.is_empty() {
        agg_selection(ad, slaves, states, 0, p, out);
    }
}

/// `bond_3ad_update_lacp_rate`.
pub(crate) fn update_lacp_rate(slaves: &mut [AdSlave], fast: bool) {
    for s in slaves {
        s.port.set_actor(state::TIMEOUT, fast);
    }
}

/// `bond_3ad_update_lacp_active`.
pub(crate) fn update_lacp_active(slaves: &mut [AdSlave], active: bool) {
    for s in slaves {
        s.port.set_actor(state::ACTIVITY, active);
    }
}

/// `bond_3ad_update_ad_actor_settings`: the system from the options and
/// each slave's port priority into its port, with a LACPDU due.
pub(crate) fn update_actor_settings(
    ad: &mut AdBond,
    slaves: &mut [AdSlave],
    p: &Params,
    bond_addr: [u8; 6],
) {
    ad.set_system(p, bond_addr);
    for s in slaves {
        s.port.actor_system = ad.sys_mac;
        s.port.actor_system_priority = ad.sys_priority;
        s.port.actor_port_priority = s.port_priority;
        s.port.ntt = true;
    }
}

/// The number of enabled ports of aggregator `id` (`__agg_active_ports`).
fn active_ports(slaves: &[AdSlave], id: u16) -> usize {
    slaves
        .iter()
        .filter(|s| s.port.aggregator == Some(id) && s.port.is_enabled)
        .count()
}

/// Whether aggregator `id` has ports (`agg->lag_ports != NULL`).
fn has_ports(slaves: &[AdSlave], id: u16) -> bool {
    slaves.iter().any(|s| s.port.aggregator == Some(id))
}

/// Index of the slave whose aggregator has identifier `id`.
fn agg_index(slaves: &[AdSlave], id: u16) -> Option<usize> {
    slaves.iter().position(|s| s.agg.id == id)
}

/// Index of the active aggregator's slave (`__get_active_agg`).
fn active_agg(slaves: &[AdSlave]) -> Option<usize> {
    slaves.iter().position(|s| s.agg.is_active)
}

/// `__bond_3ad_get_active_agg_info`: the first port's aggregator that is
/// active.
pub(crate) fn active_agg_info(slaves: &[AdSlave]) -> Option<AdInfo> {
    let a = slaves.iter().find_map(|s| {
        let id = s.port.aggregator?;
        let a = &slaves[agg_index(slaves, id)?].agg;
        a.is_active.then_some(a)
    })?;
    Some(AdInfo {
        aggregator_id: a.id,
        ports: active_ports(slaves, a.id) as u16,
        actor_key: a.actor_oper_key,
        partner_key: a.partner_oper_key,
        partner_system: a.partner_system,
    })
}

/// `bond_3ad_set_carrier`: the carrier is on while the active aggregator
/// has at least min_links enabled ports. Returns false without slaves.
pub(crate) fn set_carrier(slaves: &[AdSlave], p: &Params, out: &mut dyn AdOut) -> bool {
    if slaves.is_empty() {
        return false;
    }
    match active_agg(slaves) {
        Some(a) => {
            let n = active_ports(slaves, slaves[a].agg.id);
            if n < p.min_links as usize {
                if out.carrier_ok() {
                    out.set_carrier(false);
                }
            } else if !out.carrier_ok() {
                out.set_carrier(true);
            }
        }
        None => {
            if out.carrier_ok() {
                out.set_carrier(false);
            }
        }
    }
    true
}

/// The values the slave's /proc section and sysfs files show, while its
/// port has an aggregator.
pub(crate) fn port_show(slaves: &[AdSlave], i: usize) -> Option<AdPort> {
    let s = slaves.get(i)?;
    let id = s.port.aggregator?;
    let agg = &slaves[agg_index(slaves, id)?].agg;
    let p = &s.port;
    Some(AdPort {
        aggregator_id: agg.id,
        actor_churn_state: p.churn_actor_state as u32,
        partner_churn_state: p.churn_partner_state as u32,
        actor_churn_count: p.churn_actor_count,
        partner_churn_count: p.churn_partner_count,
        actor_system_priority: p.actor_system_priority,
        actor_system: p.actor_system,
        actor_oper_port_key: p.actor_oper_port_key,
        actor_port_priority: p.actor_port_priority,
        actor_port_number: p.actor_port_number,
        actor_oper_port_state: p.actor_oper_port_state,
        partner_system_priority: p.partner_oper.system_priority,
        partner_system: p.partner_oper.system,
        partner_key: p.partner_oper.key,
        partner_port_priority: p.partner_oper.port_priority,
        partner_port_number: p.partner_oper.port_number,
        partner_port_state: p.partner_oper.port_state,
    })
}

/// Whether slave `i`'s port belongs to aggregator `agg_id` (the transmit
/// array holds the active aggregator's ports).
pub(crate) fn in_aggregator(slaves: &[AdSlave], i: usize, agg_id: u16) -> bool {
    slaves
        .get(i)
        .is_some_and(|s| s.port.aggregator == Some(agg_id))
}

/// What one run of the state machines asks of the caller.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub(crate) struct TickResult {
    /// The transmit array must be rebuilt.
    pub(crate) update_slave_arr: bool,
}

/// One 100 ms run of `bond_3ad_state_machine_handler` over all ports.
pub(crate) fn tick(
    ad: &mut AdBond,
    slaves: &mut [AdSlave],
    states: &mut [SlaveState],
    p: &Params,
    out: &mut dyn AdOut,
) -> TickResult {
    let mut r = TickResult::default();
    if slaves.is_empty() {
        return r;
    }
    // A port is unbound only while its slave is being released (between
    // the unbind and leaving the table, under RTNL): it is skipped.
    if agg_timer_advance(ad) && slaves[0].port.bound {
        agg_selection(ad, slaves, states, 0, p, out);
        set_carrier(slaves, p, out);
    }
    for i in 0..slaves.len() {
        if !slaves[i].port.bound || slaves[i].port.leaving {
            continue;
        }
        machines::rx(&mut slaves[i].port, None, i, out);
        machines::periodic(&mut slaves[i].port);
        r.update_slave_arr |= port_selection(ad, slaves, states, i, p, out);
        r.update_slave_arr |= machines::mux(ad, slaves, states, i, p);
        machines::tx(&mut slaves[i].port, i, out);
        machines::churn(&mut slaves[i].port);
        slaves[i].port.set(vars::BEGIN, false);
    }
    r
}

/// `bond_agg_timer_advance`: counts the selection timer down; true when it
/// reaches zero now.
fn agg_timer_advance(ad: &mut AdBond) -> bool {
    if ad.agg_select_timer == 0 {
        return false;
    }
    ad.agg_select_timer -= 1;
    ad.agg_select_timer == 0
}

/// A LACPDU received on slave `i` (`ad_rx_machine` from
/// `bond_3ad_rx_indication`); the caller counts it.
pub(crate) fn rx_lacpdu(slaves: &mut [AdSlave], i: usize, pdu: &Lacpdu, out: &mut dyn AdOut) {
    if let Some(s) = slaves.get_mut(i) {
        machines::rx(&mut s.port, Some(pdu), i, out);
    }
}

/// The slave flag changes of the machines (`__enable_port` and friends).
mod flags {
    use super::{AdSlave, Params, SlaveState};

    /// `__disable_port`: inactive.
    pub(super) fn disable_port(st: &mut SlaveState, p: &Params) {
        st.set_inactive_flags(p, false);
    }

    /// `__enable_port`: active, if the link is up.
    pub(super) fn enable_port(s: &AdSlave, st: &mut SlaveState, p: &Params) {
        if s.link.link_up && s.link.dev_up {
            st.set_active_flags(p.mode, false);
        }
    }

    /// `__disable_distributing_port`: backup, still receiving.
    pub(super) fn disable_distributing(st: &mut SlaveState) {
        st.set_state(true, false);
    }

    /// `__enable_collecting_port`: receiving, if the link is up.
    pub(super) fn enable_collecting(s: &AdSlave, st: &mut SlaveState) {
        if s.link.link_up && s.link.dev_up {
            st.rx_disabled = false;
        }
    }
}
