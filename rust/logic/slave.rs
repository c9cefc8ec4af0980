// SPDX-License-Identifier: GPL-2.0
//! Per-slave link state and the decisions of the MII link monitor and of
//! active slave selection, as pure functions over plain data.
//!
//! The functions here follow bonding.ko's `bond_miimon_inspect()`,
//! `bond_miimon_commit()`, `bond_find_best_slave()`,
//! `bond_choose_primary_or_current()`, `bond_change_active_slave()` and
//! `bond_select_active_slave()`. They never touch a device: whatever the C
//! driver does to devices (notifier calls, 802.3ad/ALB hooks, MAC address
//! juggling) is reported back, per slave in [`SlaveState::actions`] and per
//! bond in [`ActiveChange::flags`], for the kernel side to carry out.
//!
//! Slaves are identified by their index in the slave slice, which must be
//! in the bond's list order (the order of `bond_for_each_slave()`).
//!
//! One monitor tick (`bond_mii_monitor()`) on the kernel side:
//!
//! 1. `should = should_notify_peers(..)` for the current active slave;
//! 2. `commit = miimon_inspect(..)`;
//! 3. if `commit` or `Bond::send_peer_notif != 0`, take RTNL (with
//!    `rtnl_trylock()`; on failure re-arm after one jiffy), then
//!    - if `commit`: `miimon_commit(..)`, carry out and clear the slave
//!      actions; if `do_failover`, `select_active_slave(..)` and, when it
//!      returns a change, carry it out, set the bond carrier and pass the
//!      outcome to [`select_active_finish`]; then set the bond carrier
//!      (`bond_set_carrier()`, see [`carrier_wanted`]);
//!    - if [`Bond::peer_notif_tick`] says so, send `NETDEV_NOTIFY_PEERS`.

use core::fmt;

use super::flags::Flags;
use super::log::{Bytes, Level, Log};
use super::options::{
    Mode, Params, PRI_RESELECT_ALWAYS, PRI_RESELECT_BETTER, PRI_RESELECT_FAILURE,
};

/// `SPEED_UNKNOWN` (-1 as an `int`, stored in the `u32` speed).
pub(crate) const SPEED_UNKNOWN: u32 = u32::MAX;
/// `DUPLEX_HALF`.
pub(crate) const DUPLEX_HALF: u8 = 0;
/// `DUPLEX_FULL`.
pub(crate) const DUPLEX_FULL: u8 = 1;
/// `DUPLEX_UNKNOWN`.
pub(crate) const DUPLEX_UNKNOWN: u8 = 0xff;
/// `MAX_ADDR_LEN`: size of a hardware address buffer.
pub(crate) const MAX_ADDR_LEN: usize = 32;

/// Link state of a slave (`BOND_LINK_*`, values as in `if_bonding.h`).
#[repr(i8)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Link {
    /// The link is up and in use.
    Up = 0,
    /// The link went down; downdelay is running.
    Fail = 1,
    /// The link is down.
    Down = 2,
    /// The link came back; updelay is running.
    Back = 3,
}

impl Link {
    /// Numeric value (`BOND_LINK_*`).
    pub(crate) fn value(self) -> i8 {
        self as i8
    }

    /// State with numeric value `v`, if any.
    pub(crate) fn from_value(v: i8) -> Option<Link> {
        match v {
            0 => Some(Link::Up),
            1 => Some(Link::Fail),
            2 => Some(Link::Down),
            3 => Some(Link::Back),
            _ => None,
        }
    }

    /// Name used in /proc and sysfs (`bond_slave_link_status()`).
    pub(crate) fn status(self) -> &'static str {
        match self {
            Link::Up => "up",
            Link::Fail => "going down",
            Link::Down => "down",
            Link::Back => "going back",
        }
    }
}

/// `bond_slave_link_status()` of a raw value ("unknown" when invalid).
pub(crate) fn link_status_name(v: i8) -> &'static str {
    Link::from_value(v).map_or("unknown", Link::status)
}

/// Slave state as the `backup` bit holds it (`BOND_STATE_*`).
#[repr(u8)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Role {
    /// `BOND_STATE_ACTIVE`.
    Active = 0,
    /// `BOND_STATE_BACKUP`.
    Backup = 1,
}

impl Role {
    /// Text of the sysfs `state` file (without newline).
    pub(crate) fn name(self) -> &'static str {
        match self {
            Role::Active => "active",
            Role::Backup => "backup",
        }
    }
}

/// The kind of [`Actions`] flags.
pub(crate) enum ActionKind {}

/// Device work a slave needs after a call into this module. Set flags
/// accumulate until the kernel side clears them.
pub(crate) type Actions = Flags<ActionKind>;

impl Actions {
    /// `bond_queue_slave_event()` and `bond_lower_state_changed()` (link
    /// or active/backup state changed with immediate notification; the C
    /// driver may do this up to three times in one go, with the final
    /// state each time but for intermediate lower-state events).
    pub(crate) const NOTIFY: Actions = Flags::bit(0);
    /// `bond_3ad_adapter_speed_duplex_changed()` (802.3ad only).
    pub(crate) const AD_SPEED_DUPLEX: Actions = Flags::bit(1);
    /// `bond_miimon_link_change(slave, BOND_LINK_UP)`: in 802.3ad
    /// `bond_3ad_handle_link_change()`, in tlb/alb
    /// `bond_alb_handle_link_change()`, in balance-xor
    /// `bond_update_slave_arr(bond, NULL)`. Set only in those modes.
    pub(crate) const LINK_UP: Actions = Flags::bit(2);
    /// The same with `BOND_LINK_DOWN`.
    pub(crate) const LINK_DOWN: Actions = Flags::bit(3);
    /// A slave going back was made active before its updelay ran out:
    /// `bond_3ad_handle_link_change(slave, BOND_LINK_UP)` in 802.3ad,
    /// `bond_alb_handle_link_change(bond, slave, BOND_LINK_UP)` in
    /// tlb/alb (nothing in balance-xor). Set only in those modes.
    pub(crate) const ACTIVE_LINK_UP: Actions = Flags::bit(4);
}

/// The part of `struct slave` the link monitor, the selection and the
/// show functions use.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct SlaveState {
    /// Current link state.
    pub(crate) link: Link,
    /// Proposed link state (`link_new_state`); `None` is
    /// `BOND_LINK_NOCHANGE`.
    pub(crate) new_link: Option<Link>,
    /// Remaining updelay/downdelay in monitor ticks.
    pub(crate) delay: i32,
    /// `last_link_up` in jiffies.
    pub(crate) last_link_up: u64,
    /// Backup (not active) slave.
    pub(crate) backup: bool,
    /// Inactive slave (drops received frames).
    pub(crate) inactive: bool,
    /// Receive disabled (802.3ad).
    pub(crate) rx_disabled: bool,
    /// Active/backup change awaiting a deferred notification.
    pub(crate) should_notify: bool,
    /// Link change awaiting a deferred notification.
    pub(crate) should_notify_link: bool,
    /// `DUPLEX_*`.
    pub(crate) duplex: u8,
    /// Link failure counter.
    pub(crate) link_failure_count: u32,
    /// Speed in Mb/s or [`SPEED_UNKNOWN`].
    pub(crate) speed: u32,
    /// queue_id.
    pub(crate) queue_id: u16,
    /// Permanent hardware address (first `addr_len` bytes are valid).
    pub(crate) perm_hwaddr: [u8; MAX_ADDR_LEN],
    /// `dev->addr_len` of the slave.
    pub(crate) addr_len: u8,
    /// Slave priority for active slave selection.
    pub(crate) prio: i32,
    /// Pending device work for the kernel side.
    pub(crate) actions: Actions,
}

impl Default for SlaveState {
    fn default() -> Self {
        SlaveState::new()
    }
}

impl SlaveState {
    /// A slave with link down, no proposed change, unknown speed and
    /// duplex and everything else zero. The kernel side fills in the
    /// values `bond_enslave()` sets up.
    pub(crate) const fn new() -> SlaveState {
        SlaveState {
            link: Link::Down,
            new_link: None,
            delay: 0,
            last_link_up: 0,
            backup: false,
            inactive: false,
            rx_disabled: false,
            should_notify: false,
            should_notify_link: false,
            duplex: DUPLEX_UNKNOWN,
            link_failure_count: 0,
            speed: SPEED_UNKNOWN,
            queue_id: 0,
            perm_hwaddr: [0; MAX_ADDR_LEN],
            addr_len: 0,
            prio: 0,
            actions: Actions::EMPTY,
        }
    }

    /// `bond_slave_state()`.
    pub(crate) fn role(&self) -> Role {
        if self.backup {
            Role::Backup
        } else {
            Role::Active
        }
    }

    /// `bond_is_active_slave()`.
    pub(crate) fn is_active(&self) -> bool {
        !self.backup
    }

    /// The valid part of the permanent hardware address.
    pub(crate) fn perm_addr(&self) -> &[u8] {
        let n = usize::from(self.addr_len).min(MAX_ADDR_LEN);
        self.perm_hwaddr.get(..n).unwrap_or(&[])
    }

    /// `bond_propose_link_state()`.
    pub(crate) fn propose_link_state(&mut self, state: Option<Link>) {
        self.new_link = state;
    }

    /// `bond_commit_link_state()`: applies the proposed state. With
    /// `notify` the slave gets [`Actions::NOTIFY`]; without, the deferred
    /// notification flag toggles as in C.
    pub(crate) fn commit_link_state(&mut self, notify: bool) {
        let Some(state) = self.new_link else {
            return;
        };
        self.link = state;
        if notify {
            self.actions |= Actions::NOTIFY;
            self.should_notify_link = false;
        } else {
            self.should_notify_link = !self.should_notify_link;
        }
    }

    /// `bond_set_slave_link_state()`.
    pub(crate) fn set_link_state(&mut self, state: Link, notify: bool) {
        self.propose_link_state(Some(state));
        self.commit_link_state(notify);
    }

    /// `bond_set_slave_state()`: sets the backup bit.
    pub(crate) fn set_state(&mut self, backup: bool, notify: bool) {
        if self.backup == backup {
            return;
        }
        self.backup = backup;
        if notify {
            self.actions |= Actions::NOTIFY;
            self.should_notify = false;
        } else {
            self.should_notify = !self.should_notify;
        }
    }

    /// `bond_set_active_slave()`.
    pub(crate) fn set_active(&mut self) {
        if self.backup {
            self.backup = false;
            self.actions |= Actions::NOTIFY;
        }
    }

    /// `bond_set_backup_slave()`.
    pub(crate) fn set_backup(&mut self) {
        if !self.backup {
            self.backup = true;
            self.actions |= Actions::NOTIFY;
        }
    }

    /// `bond_set_slave_inactive_flags()`.
    pub(crate) fn set_inactive_flags(&mut self, params: &Params, notify: bool) {
        if !params.mode.is_lb() {
            self.set_state(true, notify);
        }
        if params.all_slaves_active == 0 {
            self.inactive = true;
        }
        if params.mode == Mode::Ieee8023ad {
            self.rx_disabled = true;
        }
    }

    /// `bond_set_slave_active_flags()`.
    pub(crate) fn set_active_flags(&mut self, mode: Mode, notify: bool) {
        self.set_state(false, notify);
        self.inactive = false;
        if mode == Mode::Ieee8023ad {
            self.rx_disabled = false;
        }
    }

    /// `bond_update_speed_duplex()` given the result of
    /// `__ethtool_get_link_ksettings()` (`None` on error, else the
    /// reported speed and duplex). Returns true when speed or duplex ended
    /// up unknown.
    pub(crate) fn update_speed_duplex(&mut self, ksettings: Option<(u32, u8)>) -> bool {
        match ksettings {
            Some((speed, duplex))
                if speed != 0
                    && speed != SPEED_UNKNOWN
                    && (duplex == DUPLEX_FULL || duplex == DUPLEX_HALF) =>
            {
                self.speed = speed;
                self.duplex = duplex;
                false
            }
            _ => {
                self.speed = SPEED_UNKNOWN;
                self.duplex = DUPLEX_UNKNOWN;
                true
            }
        }
    }
}

/// Bond-wide selection state. Slave references are indices into the
/// slave slice; indices out of range count as no slave.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub(crate) struct Bond {
    /// `curr_active_slave`.
    pub(crate) curr_active: Option<usize>,
    /// `primary_slave`.
    pub(crate) primary: Option<usize>,
    /// `force_primary`.
    pub(crate) force_primary: bool,
    /// `send_peer_notif`.
    pub(crate) send_peer_notif: u32,
}

impl Bond {
    /// The peer notification step at the end of a monitor tick: when
    /// `send_peer_notif` is non-zero it is decremented, and the result is
    /// true when `NETDEV_NOTIFY_PEERS` must then be sent (`should` being
    /// the [`should_notify_peers`] value taken at the start of the tick).
    pub(crate) fn peer_notif_tick(&mut self, should: bool) -> bool {
        if self.send_peer_notif == 0 {
            return false;
        }
        self.send_peer_notif = self.send_peer_notif.wrapping_sub(1);
        should
    }
}

/// What the functions of this module need from the kernel side (`'n` is
/// the lifetime of the slave names).
pub(crate) struct Env<'a, 'n> {
    /// Message sink (messages get the bond prefix from the caller).
    pub(crate) log: &'a mut dyn Log,
    /// Interface name of slave `i`.
    pub(crate) names: &'a dyn Fn(usize) -> &'n [u8],
    /// `net_ratelimit()`; consulted exactly where the C driver calls it.
    pub(crate) ratelimit: &'a mut dyn FnMut() -> bool,
    /// `jiffies`, stored into `last_link_up`.
    pub(crate) now: u64,
    /// `netif_running()` of the bond.
    pub(crate) running: bool,
    /// `netif_carrier_ok()` of the bond.
    pub(crate) carrier_ok: bool,
    /// `bond_slave_is_up()` (running and carrier) of slave `i`.
    pub(crate) slave_up: &'a dyn Fn(usize) -> bool,
    /// `__LINK_STATE_LINKWATCH_PENDING` set on slave `i`'s device.
    pub(crate) linkwatch_pending: &'a dyn Fn(usize) -> bool,
}

impl Env<'_, '_> {
    /// `slave_info()` and friends: "(slave NAME): text".
    fn slave_log(&mut self, level: Level, i: usize, args: fmt::Arguments<'_>) {
        let name = (self.names)(i);
        self.log
            .log(level, format_args!("(slave {}): {}", Bytes(name), args));
    }
}

/// Initial `ignore_updelay` of `bond_miimon_inspect()`: in active-backup
/// when there is no active slave, otherwise when the usable slave array
/// exists (`usable_count` is `Some`; it is maintained only by the
/// xmit-hash modes) and is empty.
pub(crate) fn ignore_updelay(mode: Mode, has_active: bool, usable_count: Option<u32>) -> bool {
    if mode == Mode::ActiveBackup {
        !has_active
    } else {
        usable_count == Some(0)
    }
}

/// `bond_miimon_inspect()`: looks at every slave's link (`carrier[i]` is
/// `bond_check_dev_link() != 0`; missing entries count as down), runs the
/// updelay/downdelay counters and proposes new link states in
/// `new_link`. Returns true when [`miimon_commit`] must run.
pub(crate) fn miimon_inspect(
    slaves: &mut [SlaveState],
    carrier: &[bool],
    params: &Params,
    ignore_updelay: bool,
    env: &mut Env<'_, '_>,
) -> bool {
    let mut ignore_updelay = ignore_updelay;
    let mut commit = false;
    let ab = params.mode == Mode::ActiveBackup;
    let miimon = params.miimon;

    for (i, s) in slaves.iter_mut().enumerate() {
        s.propose_link_state(None);
        let up = carrier.get(i).copied().unwrap_or(false);

        // The C switch falls through from UP to FAIL and from DOWN to
        // BACK; `state` walks the same path.
        let mut state = s.link;
        if state == Link::Up {
            if up {
                continue;
            }
            s.propose_link_state(Some(Link::Fail));
            commit = true;
            s.delay = params.downdelay;
            if s.delay != 0 && (env.ratelimit)() {
                let which = match (ab, s.is_active()) {
                    (false, _) => "",
                    (true, true) => "active ",
                    (true, false) => "backup ",
                };
                env.slave_log(
                    Level::Info,
                    i,
                    format_args!(
                        "link status down for {}interface, disabling it in {} ms",
                        which,
                        params.downdelay.wrapping_mul(miimon)
                    ),
                );
            }
            state = Link::Fail;
        }
        if state == Link::Fail {
            if up {
                // Came back before downdelay ran out.
                s.propose_link_state(Some(Link::Up));
                s.last_link_up = env.now;
                if (env.ratelimit)() {
                    let ms = params.downdelay.wrapping_sub(s.delay).wrapping_mul(miimon);
                    env.slave_log(
                        Level::Info,
                        i,
                        format_args!("link status up again after {} ms", ms),
                    );
                }
                commit = true;
                continue;
            }
            if s.delay <= 0 {
                s.propose_link_state(Some(Link::Down));
                commit = true;
                continue;
            }
            s.delay = s.delay.wrapping_sub(1);
            continue;
        }
        if state == Link::Down {
            if !up {
                continue;
            }
            s.propose_link_state(Some(Link::Back));
            commit = true;
            s.delay = params.updelay;
            if s.delay != 0 && (env.ratelimit)() {
                let ms = if ignore_updelay {
                    0
                } else {
                    params.updelay.wrapping_mul(miimon)
                };
                env.slave_log(
                    Level::Info,
                    i,
                    format_args!("link status up, enabling it in {} ms", ms),
                );
            }
            state = Link::Back;
        }
        if state == Link::Back {
            if !up {
                s.propose_link_state(Some(Link::Down));
                if (env.ratelimit)() {
                    let ms = params.updelay.wrapping_sub(s.delay).wrapping_mul(miimon);
                    env.slave_log(
                        Level::Info,
                        i,
                        format_args!("link status down again after {} ms", ms),
                    );
                }
                commit = true;
                continue;
            }
            if ignore_updelay {
                s.delay = 0;
            }
            if s.delay <= 0 {
                s.propose_link_state(Some(Link::Up));
                commit = true;
                // Only the first slave coming back skips its updelay.
                ignore_updelay = false;
                continue;
            }
            s.delay = s.delay.wrapping_sub(1);
        }
    }
    commit
}

/// Outcome of [`miimon_commit`].
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub(crate) struct CommitResult {
    /// `select_active_slave()` must run (`do_failover`).
    pub(crate) do_failover: bool,
}

/// The commit half of a monitor tick: first the `bond_commit_link_state(
/// slave, BOND_SLAVE_NOTIFY_LATER)` pass of `bond_mii_monitor()` over all
/// slaves, then `bond_miimon_commit()` without its final
/// `bond_select_active_slave()` and `bond_set_carrier()` calls, which are
/// left to the kernel side (see the module documentation).
///
/// `ksettings(i)` is `__ethtool_get_link_ksettings()` of slave `i` (`None`
/// on error, else speed and duplex as reported); it is called only for
/// slaves whose link is coming up, in list order.
pub(crate) fn miimon_commit(
    slaves: &mut [SlaveState],
    params: &Params,
    bond: &Bond,
    ksettings: &mut dyn FnMut(usize) -> Option<(u32, u8)>,
    env: &mut Env<'_, '_>,
) -> CommitResult {
    for s in slaves.iter_mut() {
        s.commit_link_state(false);
    }

    let mode = params.mode;
    let needs_speed_duplex = mode == Mode::Ieee8023ad || mode.is_lb();
    let mode_link_change = matches!(mode, Mode::Ieee8023ad | Mode::Tlb | Mode::Alb | Mode::Xor);
    let active = bond.curr_active.filter(|&a| a < slaves.len());
    let active_prio = active.and_then(|a| slaves.get(a)).map(|s| s.prio);
    let primary = bond.primary.filter(|&p| p < slaves.len());
    let mut do_failover = false;

    for (i, s) in slaves.iter_mut().enumerate() {
        match s.new_link {
            None => {
                // 802.3ad re-checks speed/duplex of up ports each tick.
                if mode == Mode::Ieee8023ad && s.link == Link::Up {
                    s.actions |= Actions::AD_SPEED_DUPLEX;
                }
            }
            Some(Link::Up) => {
                if s.update_speed_duplex(ksettings(i)) && needs_speed_duplex {
                    s.link = Link::Down;
                    if (env.ratelimit)() {
                        env.slave_log(
                            Level::Warn,
                            i,
                            format_args!("failed to get link speed/duplex"),
                        );
                    }
                    continue;
                }
                s.set_link_state(Link::Up, true);
                s.last_link_up = env.now;
                if mode == Mode::Ieee8023ad {
                    // Not a candidate for the active slave.
                    s.set_backup();
                } else if mode != Mode::ActiveBackup {
                    s.set_active();
                }
                let speed = if s.speed == SPEED_UNKNOWN { 0 } else { s.speed };
                let duplex = if s.duplex != 0 { "full" } else { "half" };
                env.slave_log(
                    Level::Info,
                    i,
                    format_args!(
                        "link status definitely up, {} Mbps {} duplex",
                        speed, duplex
                    ),
                );
                if mode_link_change {
                    s.actions |= Actions::LINK_UP;
                }
                let better = active_prio.is_some_and(|p| s.prio > p);
                if active.is_none() || primary == Some(i) || better {
                    do_failover = true;
                }
            }
            Some(Link::Down) => {
                s.link_failure_count = s.link_failure_count.saturating_add(1);
                s.set_link_state(Link::Down, true);
                if mode == Mode::ActiveBackup || mode == Mode::Ieee8023ad {
                    s.set_inactive_flags(params, true);
                }
                env.slave_log(
                    Level::Info,
                    i,
                    format_args!("link status definitely down, disabling slave"),
                );
                if mode_link_change {
                    s.actions |= Actions::LINK_DOWN;
                }
                if active == Some(i) {
                    do_failover = true;
                }
            }
            Some(l @ (Link::Fail | Link::Back)) => {
                env.slave_log(
                    Level::Debug,
                    i,
                    format_args!("link_new_state {} on slave", l.value()),
                );
            }
        }
    }
    CommitResult { do_failover }
}

/// `bond_set_carrier()` outside 802.3ad: whether the bond should have
/// carrier (some slave's link is up).
pub(crate) fn carrier_wanted(slaves: &[SlaveState]) -> bool {
    slaves.iter().any(|s| s.link == Link::Up)
}

fn link_up(slaves: &[SlaveState], i: Option<usize>) -> bool {
    i.and_then(|i| slaves.get(i))
        .is_some_and(|s| s.link == Link::Up)
}

/// `bond_choose_primary_or_current()`: the primary (or, when the primary
/// is unset or not up, the highest-prio up slave) or the current active
/// slave, per primary_reselect. May clear `bond.force_primary`.
pub(crate) fn choose_primary_or_current(
    slaves: &[SlaveState],
    bond: &mut Bond,
    primary_reselect: i32,
    log: &mut dyn Log,
) -> Option<usize> {
    let curr = bond.curr_active.filter(|&c| c < slaves.len());
    let mut prim = bond.primary.filter(|&p| p < slaves.len());

    if !link_up(slaves, prim) {
        // Highest prio among up slaves; the first one wins ties.
        let mut hprio: Option<(usize, i32)> = None;
        for (i, s) in slaves.iter().enumerate() {
            let higher = match hprio {
                None => true,
                Some((_, p)) => s.prio > p,
            };
            if s.link == Link::Up && higher {
                hprio = Some((i, s.prio));
            }
        }
        let hprio = hprio.map(|(i, _)| i);
        if hprio.is_none() || hprio == curr {
            return if link_up(slaves, curr) { curr } else { None };
        }
        prim = hprio;
    } else if bond.force_primary {
        bond.force_primary = false;
        return prim;
    }

    // Reselection between `prim` and `curr`.
    if !link_up(slaves, curr) {
        return prim;
    }
    let (Some(p), Some(c)) = (
        prim.and_then(|i| slaves.get(i)),
        curr.and_then(|i| slaves.get(i)),
    ) else {
        return curr;
    };
    match primary_reselect {
        PRI_RESELECT_ALWAYS => prim,
        PRI_RESELECT_BETTER => {
            if p.speed < c.speed || (p.speed == c.speed && p.duplex <= c.duplex) {
                curr
            } else {
                prim
            }
        }
        PRI_RESELECT_FAILURE => curr,
        other => {
            log.log(
                Level::Err,
                format_args!("impossible primary_reselect {}", other),
            );
            curr
        }
    }
}

/// `bond_find_best_slave()`: [`choose_primary_or_current`], else the
/// first up slave, else the running slave going back whose remaining
/// updelay is smallest (and below the full updelay).
pub(crate) fn find_best_slave(
    slaves: &[SlaveState],
    bond: &mut Bond,
    params: &Params,
    env: &mut Env<'_, '_>,
) -> Option<usize> {
    if let Some(i) = choose_primary_or_current(slaves, bond, params.primary_reselect, env.log) {
        return Some(i);
    }
    let mut mintime = params.updelay;
    let mut best = None;
    for (i, s) in slaves.iter().enumerate() {
        if s.link == Link::Up {
            return Some(i);
        }
        if s.link == Link::Back && (env.slave_up)(i) && s.delay < mintime {
            mintime = s.delay;
            best = Some(i);
        }
    }
    best
}

/// `bond_should_notify_peers()` for active slave `active` (with its
/// linkwatch state taken from `env`). Logs its debug line when true.
pub(crate) fn should_notify_peers(
    bond: &Bond,
    params: &Params,
    active: Option<usize>,
    env: &mut Env<'_, '_>,
) -> bool {
    let Some(a) = active else {
        return false;
    };
    let period = params.peer_notif_delay.max(1) as u32;
    if bond.send_peer_notif == 0
        || bond.send_peer_notif.checked_rem(period) != Some(0)
        || !env.carrier_ok
        || (env.linkwatch_pending)(a)
    {
        return false;
    }
    let name = (env.names)(a);
    env.log.log(
        Level::Debug,
        format_args!("bond_should_notify_peers: slave {}", Bytes(name)),
    );
    true
}

/// Bond-level work of an active slave change, in the order the kernel
/// side must do it: first the `ACTIVE_LINK_UP`/`NOTIFY` slave actions of
/// the new slave, then these flags from lowest to highest bit. Each
/// change is also wrapped in `bond_ipsec_del_sa_all()` (before) and
/// `bond_ipsec_add_sa_all()` (before `RESEND_IGMP`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct ActiveChange {
    /// Previous active slave.
    pub(crate) old: Option<usize>,
    /// New active slave (already in `Bond::curr_active`).
    pub(crate) new: Option<usize>,
    /// `ActiveChange::*` flags.
    pub(crate) flags: ChangeFlags,
}

/// The kind of [`ActiveChange`] flags.
pub(crate) enum ChangeKind {}

/// [`ActiveChange`] flags.
pub(crate) type ChangeFlags = Flags<ChangeKind>;

impl ActiveChange {
    /// `bond_hw_addr_swap(bond, new, old)`.
    pub(crate) const HW_ADDR_SWAP: ChangeFlags = Flags::bit(0);
    /// `bond_alb_handle_active_change(bond, new)` (it switches the
    /// kernel's curr_active_slave pointer itself, from `old`).
    pub(crate) const ALB_ACTIVE_CHANGE: ChangeFlags = Flags::bit(1);
    /// Otherwise the kernel's curr_active_slave pointer becomes `new`
    /// here (set whenever `ALB_ACTIVE_CHANGE` is not).
    pub(crate) const SET_CURR: ChangeFlags = Flags::bit(2);
    /// `bond_do_fail_over_mac(bond, new, old)`.
    pub(crate) const FAIL_OVER_MAC: ChangeFlags = Flags::bit(3);
    /// `call_netdevice_notifiers(NETDEV_BONDING_FAILOVER, bond)`.
    pub(crate) const FAILOVER_EVENT: ChangeFlags = Flags::bit(4);
    /// `call_netdevice_notifiers(NETDEV_NOTIFY_PEERS, bond)`
    /// (`send_peer_notif` was already decremented).
    pub(crate) const NOTIFY_PEERS: ChangeFlags = Flags::bit(5);
    /// `igmp_retrans = resend_igmp` and queue `mcast_work` with delay 1.
    pub(crate) const RESEND_IGMP: ChangeFlags = Flags::bit(6);

    /// True if `f` is set.
    pub(crate) fn has(self, f: ChangeFlags) -> bool {
        self.flags.has(f)
    }
}

/// `bond_change_active_slave()`: makes `new` the active slave, updating
/// the slaves' link and active/backup state and `bond`. `None` when `new`
/// already is the active slave (nothing to do). An index out of range
/// counts as `None`.
pub(crate) fn change_active_slave(
    slaves: &mut [SlaveState],
    bond: &mut Bond,
    new: Option<usize>,
    params: &Params,
    env: &mut Env<'_, '_>,
) -> Option<ActiveChange> {
    let old = bond.curr_active;
    let new = new.filter(|&n| n < slaves.len());
    if old == new {
        return None;
    }
    let mode = params.mode;
    let uses_primary = mode.uses_primary();
    let mut flags = ChangeFlags::EMPTY;

    if let Some(n) = new {
        if let Some(s) = slaves.get_mut(n) {
            s.last_link_up = env.now;
            if s.link == Link::Back {
                if uses_primary {
                    let ms = params
                        .updelay
                        .wrapping_sub(s.delay)
                        .wrapping_mul(params.miimon);
                    env.slave_log(
                        Level::Info,
                        n,
                        format_args!("making interface the new active one {} ms earlier", ms),
                    );
                }
                s.delay = 0;
                s.set_link_state(Link::Up, true);
                if mode == Mode::Ieee8023ad || mode.is_lb() {
                    s.actions |= Actions::ACTIVE_LINK_UP;
                }
            } else if uses_primary {
                env.slave_log(
                    Level::Info,
                    n,
                    format_args!("making interface the new active one"),
                );
            }
        }
    }

    if uses_primary {
        flags |= ActiveChange::HW_ADDR_SWAP;
    }

    if mode.is_lb() {
        flags |= ActiveChange::ALB_ACTIVE_CHANGE;
        if let Some(s) = old.and_then(|o| slaves.get_mut(o)) {
            s.set_inactive_flags(params, true);
        }
        if let Some(s) = new.and_then(|n| slaves.get_mut(n)) {
            s.set_active_flags(mode, true);
        }
    } else {
        flags |= ActiveChange::SET_CURR;
    }
    bond.curr_active = new;

    if mode == Mode::ActiveBackup {
        if let Some(s) = old.and_then(|o| slaves.get_mut(o)) {
            s.set_inactive_flags(params, true);
        }
        if let Some(s) = new.and_then(|n| slaves.get_mut(n)) {
            s.set_active_flags(mode, true);
            if params.fail_over_mac != 0 {
                flags |= ActiveChange::FAIL_OVER_MAC;
            }
            let mut notify = false;
            if env.running {
                let n =
                    i32::from(params.num_peer_notif).wrapping_mul(params.peer_notif_delay.max(1));
                bond.send_peer_notif = n as u32;
                notify = should_notify_peers(bond, params, new, env);
            }
            flags |= ActiveChange::FAILOVER_EVENT;
            if notify {
                bond.send_peer_notif = bond.send_peer_notif.wrapping_sub(1);
                flags |= ActiveChange::NOTIFY_PEERS;
            }
        }
    }

    if env.running
        && params.resend_igmp > 0
        && ((uses_primary && new.is_some()) || mode == Mode::RoundRobin)
    {
        flags |= ActiveChange::RESEND_IGMP;
    }

    Some(ActiveChange { old, new, flags })
}

/// `bond_select_active_slave()` up to its `bond_set_carrier()` call:
/// picks the best slave and, if it is not the active one, changes to it.
/// When a change is returned, the kernel side carries it out, sets the
/// bond carrier and calls [`select_active_finish`].
pub(crate) fn select_active_slave(
    slaves: &mut [SlaveState],
    bond: &mut Bond,
    params: &Params,
    env: &mut Env<'_, '_>,
) -> Option<ActiveChange> {
    let best = find_best_slave(slaves, bond, params, env);
    if best == bond.curr_active {
        return None;
    }
    change_active_slave(slaves, bond, best, params, env)
}

/// The end of `bond_select_active_slave()` after a change: the message
/// when `bond_set_carrier()` changed the carrier (`carrier_ok` being the
/// bond's carrier afterwards).
pub(crate) fn select_active_finish(carrier_changed: bool, carrier_ok: bool, log: &mut dyn Log) {
    if !carrier_changed {
        return;
    }
    if carrier_ok {
        log.log(Level::Info, format_args!("active interface up!"));
    } else {
        log.log(
            Level::Info,
            format_args!("now running without any active interface!"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logic::log::RecLog;
    use crate::logic::options::{FOM_ACTIVE, PRI_RESELECT_ALWAYS};
    use crate::logic::params::{check_params, RawParams};
    use std::format;
    use std::string::String;
    use std::vec::Vec;

    const NAMES: [&[u8]; 4] = [b"eth0", b"eth1", b"eth2", b"eth3"];

    fn name(i: usize) -> &'static [u8] {
        NAMES.get(i).copied().unwrap_or(b"?")
    }

    fn no(_: usize) -> bool {
        false
    }

    fn yes(_: usize) -> bool {
        true
    }

    fn lvl(l: Level) -> char {
        match l {
            Level::Err => 'E',
            Level::Warn => 'W',
            Level::Notice => 'N',
            Level::Info => 'I',
            Level::Debug => 'D',
        }
    }

    fn params(mode: Mode, updelay: i32, downdelay: i32) -> Params {
        let mut l = RecLog::new();
        let mut p = check_params(&RawParams::defaults(), &mut l).unwrap().params;
        p.mode = mode;
        p.miimon = 100;
        p.updelay = updelay;
        p.downdelay = downdelay;
        p
    }

    fn link_of(c: u8) -> Link {
        match c {
            b'U' => Link::Up,
            b'F' => Link::Fail,
            b'B' => Link::Back,
            _ => Link::Down,
        }
    }

    fn letter(l: Link) -> char {
        match l {
            Link::Up => 'U',
            Link::Fail => 'F',
            Link::Down => 'D',
            Link::Back => 'B',
        }
    }

    /// A bond driven like `bond_mii_monitor()` does.
    struct Sim {
        slaves: Vec<SlaveState>,
        bond: Bond,
        params: Params,
        carrier_ok: bool,
        running: bool,
        rate: bool,
        ksettings: Vec<Option<(u32, u8)>>,
        usable: Option<u32>,
        now: u64,
        log: RecLog,
        /// (tick, message) with the level letter in front.
        msgs: Vec<String>,
        changes: Vec<ActiveChange>,
        peer_notifies: u32,
        /// ksettings() calls.
        queried: Vec<usize>,
    }

    impl Sim {
        fn new(params: Params, links: &str, active: Option<usize>) -> Sim {
            let slaves: Vec<SlaveState> = links
                .bytes()
                .enumerate()
                .map(|(i, c)| SlaveState {
                    link: link_of(c),
                    backup: params.mode == Mode::ActiveBackup && Some(i) != active,
                    speed: 1000,
                    duplex: DUPLEX_FULL,
                    ..SlaveState::new()
                })
                .collect();
            let n = slaves.len();
            let carrier_ok = carrier_wanted(&slaves);
            Sim {
                slaves,
                bond: Bond {
                    curr_active: active,
                    ..Bond::default()
                },
                params,
                carrier_ok,
                running: true,
                rate: true,
                ksettings: std::vec![Some((1000, DUPLEX_FULL)); n],
                usable: None,
                now: 0,
                log: RecLog::new(),
                msgs: Vec::new(),
                changes: Vec::new(),
                peer_notifies: 0,
                queried: Vec::new(),
            }
        }

        fn links(&self) -> String {
            self.slaves.iter().map(|s| letter(s.link)).collect()
        }

        /// One monitor tick with carrier samples `c` ('1' = link).
        fn tick(&mut self, c: &str) {
            self.now += 1;
            let carrier: Vec<bool> = c.bytes().map(|b| b == b'1').collect();
            let rate = self.rate;
            let mut rl = move || rate;
            let up = carrier.clone();
            let slave_up = move |i: usize| up.get(i).copied().unwrap_or(false);
            let ign = ignore_updelay(
                self.params.mode,
                self.bond.curr_active.is_some(),
                self.usable,
            );
            let mut env = Env {
                log: &mut self.log,
                names: &name,
                ratelimit: &mut rl,
                now: self.now,
                running: self.running,
                carrier_ok: self.carrier_ok,
                slave_up: &slave_up,
                linkwatch_pending: &no,
            };
            let should =
                should_notify_peers(&self.bond, &self.params, self.bond.curr_active, &mut env);
            let commit = miimon_inspect(&mut self.slaves, &carrier, &self.params, ign, &mut env);
            if commit {
                let ks = &self.ksettings;
                let q = &mut self.queried;
                let mut query = |i: usize| {
                    q.push(i);
                    ks.get(i).copied().flatten()
                };
                let r = miimon_commit(
                    &mut self.slaves,
                    &self.params,
                    &self.bond,
                    &mut query,
                    &mut env,
                );
                if r.do_failover {
                    if let Some(ch) = select_active_slave(
                        &mut self.slaves,
                        &mut self.bond,
                        &self.params,
                        &mut env,
                    ) {
                        self.changes.push(ch);
                        let want = carrier_wanted(&self.slaves);
                        let changed = want != self.carrier_ok;
                        self.carrier_ok = want;
                        select_active_finish(changed, want, env.log);
                    }
                }
                self.carrier_ok = carrier_wanted(&self.slaves);
            }
            if self.bond.peer_notif_tick(should) {
                self.peer_notifies += 1;
            }
            for (l, m) in self.log.msgs.drain(..) {
                self.msgs.push(format!("{} {} {}", self.now, lvl(l), m));
            }
        }
    }

    struct MonCase {
        name: &'static str,
        mode: Mode,
        updelay: i32,
        downdelay: i32,
        init: &'static str,
        active: Option<usize>,
        samples: &'static [&'static str],
        /// Link letters after each tick.
        states: &'static [&'static str],
        msgs: &'static [&'static str],
        active_after: Option<usize>,
        failures: &'static [u32],
    }

    static MON_CASES: &[MonCase] = &[
        MonCase {
            name: "ab active fails, downdelay 0",
            mode: Mode::ActiveBackup,
            updelay: 0,
            downdelay: 0,
            init: "UU",
            active: Some(0),
            samples: &["01", "01"],
            states: &["DU", "DU"],
            msgs: &[
                "1 I (slave eth0): link status definitely down, disabling slave",
                "1 I (slave eth1): making interface the new active one",
                "1 D bond_should_notify_peers: slave eth1",
            ],
            active_after: Some(1),
            failures: &[1, 0],
        },
        MonCase {
            name: "ab active fails, downdelay 1",
            mode: Mode::ActiveBackup,
            updelay: 0,
            downdelay: 1,
            init: "UU",
            active: Some(0),
            samples: &["01", "01", "01"],
            states: &["FU", "DU", "DU"],
            msgs: &[
                "1 I (slave eth0): link status down for active interface, disabling it in 100 ms",
                "1 D (slave eth0): link_new_state 1 on slave",
                "2 I (slave eth0): link status definitely down, disabling slave",
                "2 I (slave eth1): making interface the new active one",
                "2 D bond_should_notify_peers: slave eth1",
            ],
            active_after: Some(1),
            failures: &[1, 0],
        },
        MonCase {
            name: "ab backup fails, downdelay 3",
            mode: Mode::ActiveBackup,
            updelay: 0,
            downdelay: 3,
            init: "UU",
            active: Some(0),
            samples: &["10", "10", "10", "10", "10"],
            states: &["UF", "UF", "UF", "UD", "UD"],
            msgs: &[
                "1 I (slave eth1): link status down for backup interface, disabling it in 300 ms",
                "1 D (slave eth1): link_new_state 1 on slave",
                "4 I (slave eth1): link status definitely down, disabling slave",
            ],
            active_after: Some(0),
            failures: &[0, 1],
        },
        MonCase {
            name: "recovery within downdelay",
            mode: Mode::ActiveBackup,
            updelay: 0,
            downdelay: 3,
            init: "UU",
            active: Some(0),
            samples: &["01", "01", "11", "11"],
            states: &["FU", "FU", "UU", "UU"],
            msgs: &[
                "1 I (slave eth0): link status down for active interface, disabling it in 300 ms",
                "1 D (slave eth0): link_new_state 1 on slave",
                "3 I (slave eth0): link status up again after 200 ms",
                "3 I (slave eth0): link status definitely up, 1000 Mbps full duplex",
            ],
            active_after: Some(0),
            failures: &[0, 0],
        },
        MonCase {
            name: "balance-rr downdelay message has no active/backup word",
            mode: Mode::RoundRobin,
            updelay: 0,
            downdelay: 2,
            init: "UU",
            active: Some(0),
            samples: &["10", "10", "10"],
            states: &["UF", "UF", "UD"],
            msgs: &[
                "1 I (slave eth1): link status down for interface, disabling it in 200 ms",
                "1 D (slave eth1): link_new_state 1 on slave",
                "3 I (slave eth1): link status definitely down, disabling slave",
            ],
            active_after: Some(0),
            failures: &[0, 1],
        },
        MonCase {
            name: "backup comes up, updelay 0",
            mode: Mode::ActiveBackup,
            updelay: 0,
            downdelay: 0,
            init: "DU",
            active: Some(1),
            samples: &["11"],
            states: &["UU"],
            msgs: &["1 I (slave eth0): link status definitely up, 1000 Mbps full duplex"],
            active_after: Some(1),
            failures: &[0, 0],
        },
        MonCase {
            name: "backup comes up, updelay 1",
            mode: Mode::ActiveBackup,
            updelay: 1,
            downdelay: 0,
            init: "DU",
            active: Some(1),
            samples: &["11", "11"],
            states: &["BU", "UU"],
            msgs: &[
                "1 I (slave eth0): link status up, enabling it in 100 ms",
                "1 D (slave eth0): link_new_state 3 on slave",
                "2 I (slave eth0): link status definitely up, 1000 Mbps full duplex",
            ],
            active_after: Some(1),
            failures: &[0, 0],
        },
        MonCase {
            name: "backup comes up, updelay 3",
            mode: Mode::ActiveBackup,
            updelay: 3,
            downdelay: 0,
            init: "DU",
            active: Some(1),
            samples: &["11", "11", "11", "11", "11"],
            states: &["BU", "BU", "BU", "UU", "UU"],
            msgs: &[
                "1 I (slave eth0): link status up, enabling it in 300 ms",
                "1 D (slave eth0): link_new_state 3 on slave",
                "4 I (slave eth0): link status definitely up, 1000 Mbps full duplex",
            ],
            active_after: Some(1),
            failures: &[0, 0],
        },
        MonCase {
            name: "down again during updelay counts a failure",
            mode: Mode::ActiveBackup,
            updelay: 3,
            downdelay: 0,
            init: "DU",
            active: Some(1),
            samples: &["11", "11", "01"],
            states: &["BU", "BU", "DU"],
            msgs: &[
                "1 I (slave eth0): link status up, enabling it in 300 ms",
                "1 D (slave eth0): link_new_state 3 on slave",
                "3 I (slave eth0): link status down again after 200 ms",
                "3 I (slave eth0): link status definitely down, disabling slave",
            ],
            active_after: Some(1),
            failures: &[1, 0],
        },
        MonCase {
            name: "no active slave: the first one back skips updelay",
            mode: Mode::ActiveBackup,
            updelay: 3,
            downdelay: 0,
            init: "DD",
            active: None,
            samples: &["11", "11", "11", "11"],
            states: &["UB", "UB", "UB", "UU"],
            msgs: &[
                "1 I (slave eth0): link status up, enabling it in 0 ms",
                "1 I (slave eth1): link status up, enabling it in 300 ms",
                "1 I (slave eth0): link status definitely up, 1000 Mbps full duplex",
                "1 D (slave eth1): link_new_state 3 on slave",
                "1 I (slave eth0): making interface the new active one",
                "1 I active interface up!",
                "4 I (slave eth1): link status definitely up, 1000 Mbps full duplex",
            ],
            active_after: Some(0),
            failures: &[0, 0],
        },
        MonCase {
            name: "last link lost",
            mode: Mode::ActiveBackup,
            updelay: 0,
            downdelay: 0,
            init: "UD",
            active: Some(0),
            samples: &["00"],
            states: &["DD"],
            msgs: &[
                "1 I (slave eth0): link status definitely down, disabling slave",
                "1 I now running without any active interface!",
            ],
            active_after: None,
            failures: &[1, 0],
        },
        MonCase {
            name: "going back slave promoted early when nothing is up",
            mode: Mode::ActiveBackup,
            updelay: 3,
            downdelay: 0,
            init: "UD",
            active: Some(0),
            samples: &["01", "00"],
            states: &["DU", "DD"],
            msgs: &[
                "1 I (slave eth1): link status up, enabling it in 300 ms",
                "1 I (slave eth0): link status definitely down, disabling slave",
                "1 D (slave eth1): link_new_state 3 on slave",
                "1 I (slave eth1): making interface the new active one 100 ms earlier",
                "1 D bond_should_notify_peers: slave eth1",
                "2 I (slave eth1): link status definitely down, disabling slave",
                "2 I now running without any active interface!",
            ],
            active_after: None,
            failures: &[1, 1],
        },
        MonCase {
            name: "balance-xor: usable array empty skips updelay",
            mode: Mode::Xor,
            updelay: 2,
            downdelay: 0,
            init: "DD",
            active: None,
            samples: &["11"],
            states: &["UB"],
            msgs: &[
                "1 I (slave eth0): link status up, enabling it in 0 ms",
                "1 I (slave eth1): link status up, enabling it in 200 ms",
                "1 I (slave eth0): link status definitely up, 1000 Mbps full duplex",
                "1 D (slave eth1): link_new_state 3 on slave",
                "1 I active interface up!",
            ],
            active_after: Some(0),
            failures: &[0, 0],
        },
    ];

    #[test]
    fn monitor_sequences() {
        for c in MON_CASES {
            let mut sim = Sim::new(params(c.mode, c.updelay, c.downdelay), c.init, c.active);
            if c.mode == Mode::Xor {
                sim.usable = Some(0);
            }
            let mut states = Vec::new();
            for s in c.samples {
                sim.tick(s);
                states.push(sim.links());
            }
            assert_eq!(states, c.states, "{}: states", c.name);
            assert_eq!(sim.msgs, c.msgs, "{}: messages", c.name);
            assert_eq!(sim.bond.curr_active, c.active_after, "{}: active", c.name);
            let f: Vec<u32> = sim.slaves.iter().map(|s| s.link_failure_count).collect();
            assert_eq!(f, c.failures, "{}: failure counts", c.name);
            // Every committed state change leaves no proposal behind
            // that could be mistaken for a pending one on the next tick.
            for s in &sim.slaves {
                assert!(s.delay >= 0, "{}", c.name);
            }
        }
    }

    #[test]
    fn ab_failover_details() {
        let mut sim = Sim::new(params(Mode::ActiveBackup, 0, 0), "UU", Some(0));
        sim.tick("01");
        let s0 = sim.slaves[0];
        let s1 = sim.slaves[1];
        // The failed slave became an inactive backup; the other took over.
        assert!(s0.backup && s0.inactive && !s0.rx_disabled);
        assert!(!s1.backup && !s1.inactive);
        assert!(s0.actions.has(Actions::NOTIFY) && s1.actions.has(Actions::NOTIFY));
        assert!(!s0.actions.has(Actions::LINK_DOWN));
        assert!(!s0.should_notify_link);
        assert_eq!(s1.last_link_up, 1);
        assert_eq!(
            sim.changes,
            [ActiveChange {
                old: Some(0),
                new: Some(1),
                flags: ActiveChange::HW_ADDR_SWAP
                    | ActiveChange::SET_CURR
                    | ActiveChange::FAILOVER_EVENT
                    | ActiveChange::NOTIFY_PEERS
                    | ActiveChange::RESEND_IGMP,
            }]
        );
        // num_grat_arp 1: the one notification went out with the change.
        assert_eq!(sim.bond.send_peer_notif, 0);
        assert_eq!(sim.peer_notifies, 0);
        // No speed query for slaves going down.
        assert!(sim.queried.is_empty());
    }

    #[test]
    fn peer_notifications_spread_over_ticks() {
        let mut p = params(Mode::ActiveBackup, 0, 0);
        p.num_peer_notif = 2;
        p.peer_notif_delay = 2;
        let mut sim = Sim::new(p, "UU", Some(0));
        sim.tick("01");
        // 2 * 2 = 4 pending; 4 % 2 == 0 so one went out at once.
        assert!(sim.changes[0].has(ActiveChange::NOTIFY_PEERS));
        // The end of the same tick consumes one more (without notifying:
        // there was nothing to send when the tick started).
        assert_eq!((sim.bond.send_peer_notif, sim.peer_notifies), (2, 0));
        let mut counts = Vec::new();
        for _ in 0..3 {
            sim.tick("01");
            counts.push((sim.bond.send_peer_notif, sim.peer_notifies));
        }
        // 2 % 2 == 0: notify; 1: no; then nothing is left.
        assert_eq!(counts, [(1, 1), (0, 1), (0, 1)]);
    }

    #[test]
    fn prio_and_primary_failover() {
        // (mode, primary, prio of eth0, primary_reselect, active after eth0 comes up)
        let cases = [
            (None, 0, PRI_RESELECT_ALWAYS, Some(1)),
            (None, 10, PRI_RESELECT_ALWAYS, Some(0)),
            (None, 10, PRI_RESELECT_FAILURE, Some(1)),
            (None, 10, PRI_RESELECT_BETTER, Some(1)),
            (Some(0), 0, PRI_RESELECT_ALWAYS, Some(0)),
            (Some(0), 0, PRI_RESELECT_FAILURE, Some(1)),
            (Some(0), -5, PRI_RESELECT_ALWAYS, Some(0)),
        ];
        for (i, (primary, prio, resel, want)) in cases.into_iter().enumerate() {
            let mut p = params(Mode::ActiveBackup, 0, 0);
            p.primary_reselect = resel;
            let mut sim = Sim::new(p, "DU", Some(1));
            sim.bond.primary = primary;
            sim.slaves[0].prio = prio;
            sim.tick("11");
            assert_eq!(sim.bond.curr_active, want, "case {i}");
            let switched = want == Some(0);
            assert_eq!(
                sim.msgs
                    .iter()
                    .any(|m| m.ends_with("making interface the new active one")),
                switched,
                "case {i}"
            );
        }
    }

    #[test]
    fn commit_by_mode() {
        // 802.3ad: link up makes the slave a backup; unchanged up slaves get
        // their speed/duplex re-checked; down slaves lose rx.
        let mut sim = Sim::new(params(Mode::Ieee8023ad, 0, 0), "UDU", Some(0));
        sim.tick("110");
        let a: Vec<Actions> = sim.slaves.iter().map(|s| s.actions).collect();
        assert_eq!(
            a,
            [
                Actions::AD_SPEED_DUPLEX,
                Actions::NOTIFY | Actions::LINK_UP,
                Actions::NOTIFY | Actions::LINK_DOWN,
            ]
        );
        assert!(sim.slaves[1].backup);
        assert!(sim.slaves[2].backup && sim.slaves[2].inactive && sim.slaves[2].rx_disabled);
        assert_eq!(sim.queried, [1]);

        // balance-xor: link up makes the slave active, arrays get rebuilt.
        let mut sim = Sim::new(params(Mode::Xor, 0, 0), "DU", Some(1));
        sim.slaves[0].backup = true;
        sim.tick("11");
        assert_eq!(sim.slaves[0].actions, Actions::NOTIFY | Actions::LINK_UP);
        assert!(!sim.slaves[0].backup);
        sim.tick("10");
        assert_eq!(sim.slaves[1].actions, Actions::NOTIFY | Actions::LINK_DOWN);
        // Not active-backup/802.3ad: no inactive flags on link down.
        assert!(!sim.slaves[1].backup && !sim.slaves[1].inactive);

        // balance-rr: no mode hook.
        let mut sim = Sim::new(params(Mode::RoundRobin, 0, 0), "DU", Some(1));
        sim.tick("11");
        assert_eq!(sim.slaves[0].actions, Actions::NOTIFY);
        assert!(sim.changes.is_empty());

        // active-backup: the backup bit is left alone on link up.
        let mut sim = Sim::new(params(Mode::ActiveBackup, 0, 0), "DU", Some(1));
        sim.tick("11");
        assert!(sim.slaves[0].backup);
        assert_eq!(sim.slaves[0].actions, Actions::NOTIFY);
    }

    #[test]
    fn speed_duplex_failures() {
        // Modes needing speed/duplex keep the link down and warn.
        for mode in [Mode::Ieee8023ad, Mode::Tlb, Mode::Alb] {
            let mut sim = Sim::new(params(mode, 0, 0), "DU", Some(1));
            sim.ksettings[0] = None;
            sim.tick("11");
            assert_eq!(sim.links(), "DU", "{mode:?}");
            assert_eq!(
                sim.msgs,
                ["1 W (slave eth0): failed to get link speed/duplex"],
                "{mode:?}"
            );
            assert_eq!(sim.slaves[0].new_link, Some(Link::Up));
            assert_eq!(sim.slaves[0].actions, Actions::EMPTY);
            assert!(sim.slaves[0].should_notify_link);
            assert_eq!(sim.slaves[0].speed, SPEED_UNKNOWN);
            // Next tick goes through BACK again.
            sim.ksettings[0] = Some((100, DUPLEX_HALF));
            sim.tick("11");
            assert_eq!(sim.links(), "UU", "{mode:?}");
            assert_eq!(
                sim.msgs.last().map(String::as_str),
                Some("2 I (slave eth0): link status definitely up, 100 Mbps half duplex")
            );
        }
        // Other modes go up with speed unknown: "0 Mbps", duplex 0xff is
        // printed as "full".
        for ks in [
            None,
            Some((0, DUPLEX_FULL)),
            Some((u32::MAX, DUPLEX_FULL)),
            Some((10, 2)),
        ] {
            let mut sim = Sim::new(params(Mode::ActiveBackup, 0, 0), "DU", Some(1));
            sim.ksettings[0] = ks;
            sim.tick("11");
            assert_eq!(sim.links(), "UU");
            assert_eq!(
                sim.msgs,
                ["1 I (slave eth0): link status definitely up, 0 Mbps full duplex"]
            );
            assert_eq!(
                (sim.slaves[0].speed, sim.slaves[0].duplex),
                (SPEED_UNKNOWN, DUPLEX_UNKNOWN)
            );
        }
        // Suppressed by the rate limit.
        let mut sim = Sim::new(params(Mode::Alb, 0, 0), "DU", Some(1));
        sim.ksettings[0] = None;
        sim.rate = false;
        sim.tick("11");
        assert!(sim.msgs.is_empty());
    }

    #[test]
    fn ratelimited_messages() {
        const SAMPLES: [&str; 8] = ["01", "11", "01", "01", "00", "10", "10", "10"];
        // (message, guarded by net_ratelimit())
        const ALL: [(&str, bool); 14] = [
            (
                "1 I (slave eth0): link status down for active interface, disabling it in 200 ms",
                true,
            ),
            (
                "1 I (slave eth1): link status up, enabling it in 200 ms",
                true,
            ),
            ("2 I (slave eth0): link status up again after 100 ms", true),
            (
                "2 I (slave eth0): link status definitely up, 1000 Mbps full duplex",
                false,
            ),
            (
                "3 I (slave eth0): link status down for active interface, disabling it in 200 ms",
                true,
            ),
            (
                "3 I (slave eth1): link status definitely up, 1000 Mbps full duplex",
                false,
            ),
            (
                "5 I (slave eth1): link status down for backup interface, disabling it in 200 ms",
                true,
            ),
            (
                "5 I (slave eth0): link status definitely down, disabling slave",
                false,
            ),
            ("5 I now running without any active interface!", false),
            (
                "6 I (slave eth0): link status up, enabling it in 0 ms",
                true,
            ),
            (
                "6 I (slave eth0): link status definitely up, 1000 Mbps full duplex",
                false,
            ),
            (
                "6 I (slave eth0): making interface the new active one",
                false,
            ),
            ("6 I active interface up!", false),
            (
                "7 I (slave eth1): link status definitely down, disabling slave",
                false,
            ),
        ];
        for rate in [true, false] {
            let mut sim = Sim::new(params(Mode::ActiveBackup, 2, 2), "UD", Some(0));
            sim.rate = rate;
            let mut states = Vec::new();
            for s in SAMPLES {
                sim.tick(s);
                states.push(sim.links());
            }
            assert_eq!(states, ["FB", "UB", "FU", "FU", "DF", "UF", "UD", "UD"]);
            let got: Vec<&str> = sim
                .msgs
                .iter()
                .map(|m| m.as_str())
                .filter(|m| !m.contains(" D "))
                .collect();
            let want: Vec<&str> = ALL
                .iter()
                .filter(|(_, limited)| rate || !limited)
                .map(|(m, _)| *m)
                .collect();
            assert_eq!(got, want, "rate {rate}");
        }
    }

    #[test]
    fn failure_count_saturates() {
        let mut sim = Sim::new(params(Mode::RoundRobin, 0, 0), "UU", Some(0));
        sim.slaves[1].link_failure_count = u32::MAX - 1;
        for s in ["10", "11", "10", "11", "10"] {
            sim.tick(s);
        }
        assert_eq!(sim.slaves[1].link_failure_count, u32::MAX);
        assert_eq!(sim.slaves[0].link_failure_count, 0);
    }

    #[test]
    fn link_and_role_names() {
        let cases = [
            (0i8, Some(Link::Up), "up"),
            (1, Some(Link::Fail), "going down"),
            (2, Some(Link::Down), "down"),
            (3, Some(Link::Back), "going back"),
            (-1, None, "unknown"),
            (4, None, "unknown"),
        ];
        for (v, l, n) in cases {
            assert_eq!(Link::from_value(v), l);
            assert_eq!(link_status_name(v), n);
            if let Some(l) = l {
                assert_eq!(l.value(), v);
                assert_eq!(l.status(), n);
            }
        }
        let s = SlaveState::new();
        assert_eq!((s.role(), s.role().name()), (Role::Active, "active"));
        let s = SlaveState {
            backup: true,
            ..SlaveState::new()
        };
        assert_eq!((s.role(), s.role().name()), (Role::Backup, "backup"));
        assert_eq!(Role::Backup as u8, 1);
        assert_eq!(SlaveState::default(), SlaveState::new());
    }

    #[test]
    fn state_helpers() {
        // Deferred link commits toggle should_notify_link.
        let mut s = SlaveState::new();
        s.propose_link_state(Some(Link::Back));
        s.commit_link_state(false);
        assert_eq!((s.link, s.should_notify_link), (Link::Back, true));
        s.commit_link_state(false);
        assert!(!s.should_notify_link);
        s.propose_link_state(None);
        s.commit_link_state(false);
        assert!(!s.should_notify_link);
        assert_eq!(s.actions, Actions::EMPTY);
        s.set_link_state(Link::Up, true);
        assert_eq!((s.link, s.actions), (Link::Up, Actions::NOTIFY));

        let mut s = SlaveState::new();
        s.set_state(true, false);
        assert!(s.backup && s.should_notify && s.actions.is_empty());
        s.set_state(true, false);
        assert!(s.should_notify);
        s.set_state(false, true);
        assert!(!s.backup && !s.should_notify && s.actions.has(Actions::NOTIFY));

        // Inactive flags: no backup bit in tlb/alb; all_slaves_active
        // keeps frames flowing; 802.3ad disables rx.
        let cases = [
            (Mode::ActiveBackup, 0, (true, true, false)),
            (Mode::ActiveBackup, 1, (true, false, false)),
            (Mode::Alb, 0, (false, true, false)),
            (Mode::Ieee8023ad, 0, (true, true, true)),
        ];
        for (mode, all, want) in cases {
            let mut p = params(mode, 0, 0);
            p.all_slaves_active = all;
            let mut s = SlaveState::new();
            s.set_inactive_flags(&p, true);
            assert_eq!((s.backup, s.inactive, s.rx_disabled), want, "{mode:?}");
            s.set_active_flags(mode, true);
            assert_eq!((s.backup, s.inactive, s.rx_disabled), (false, false, false));
        }

        let cases = [
            (None, true, (SPEED_UNKNOWN, DUPLEX_UNKNOWN)),
            (
                Some((0, DUPLEX_FULL)),
                true,
                (SPEED_UNKNOWN, DUPLEX_UNKNOWN),
            ),
            (
                Some((u32::MAX, DUPLEX_FULL)),
                true,
                (SPEED_UNKNOWN, DUPLEX_UNKNOWN),
            ),
            (
                Some((1000, DUPLEX_UNKNOWN)),
                true,
                (SPEED_UNKNOWN, DUPLEX_UNKNOWN),
            ),
            (Some((1000, DUPLEX_FULL)), false, (1000, DUPLEX_FULL)),
            (Some((10, DUPLEX_HALF)), false, (10, DUPLEX_HALF)),
        ];
        for (ks, unknown, want) in cases {
            let mut s = SlaveState::new();
            assert_eq!(s.update_speed_duplex(ks), unknown);
            assert_eq!((s.speed, s.duplex), want);
        }

        let mut s = SlaveState::new();
        s.addr_len = 6;
        s.perm_hwaddr[..6].copy_from_slice(&[1, 2, 3, 4, 5, 6]);
        assert_eq!(s.perm_addr(), [1, 2, 3, 4, 5, 6]);
        s.addr_len = 200;
        assert_eq!(s.perm_addr().len(), MAX_ADDR_LEN);
    }

    #[test]
    fn ignore_updelay_rules() {
        let cases = [
            (Mode::ActiveBackup, false, None, true),
            (Mode::ActiveBackup, true, Some(0), false),
            (Mode::Xor, false, None, false),
            (Mode::Xor, true, Some(0), true),
            (Mode::Ieee8023ad, false, Some(2), false),
            (Mode::RoundRobin, false, None, false),
        ];
        for (mode, active, usable, want) in cases {
            assert_eq!(ignore_updelay(mode, active, usable), want, "{mode:?}");
        }
    }

    fn slaves(links: &str, prio: &[i32], speed: &[u32], duplex: &[u8]) -> Vec<SlaveState> {
        links
            .bytes()
            .enumerate()
            .map(|(i, c)| SlaveState {
                link: link_of(c),
                prio: prio.get(i).copied().unwrap_or(0),
                speed: speed.get(i).copied().unwrap_or(1000),
                duplex: duplex.get(i).copied().unwrap_or(DUPLEX_FULL),
                ..SlaveState::new()
            })
            .collect()
    }

    struct ChooseCase {
        name: &'static str,
        links: &'static str,
        prio: &'static [i32],
        speed: &'static [u32],
        duplex: &'static [u8],
        primary: Option<usize>,
        curr: Option<usize>,
        reselect: i32,
        force: bool,
        want: Option<usize>,
        force_after: bool,
    }

    const fn cc(
        name: &'static str,
        links: &'static str,
        primary: Option<usize>,
        curr: Option<usize>,
        reselect: i32,
        want: Option<usize>,
    ) -> ChooseCase {
        ChooseCase {
            name,
            links,
            prio: &[],
            speed: &[],
            duplex: &[],
            primary,
            curr,
            reselect,
            force: false,
            want,
            force_after: false,
        }
    }

    const AL: i32 = PRI_RESELECT_ALWAYS;
    const BE: i32 = PRI_RESELECT_BETTER;
    const FA: i32 = PRI_RESELECT_FAILURE;

    static CHOOSE_CASES: &[ChooseCase] = &[
        cc("nothing up", "DDB", None, None, AL, None),
        cc("nothing up, curr set", "DDB", None, Some(1), AL, None),
        cc(
            "no primary, curr is first up",
            "UUU",
            None,
            Some(0),
            AL,
            Some(0),
        ),
        cc(
            "no primary, always: first up beats curr",
            "UUU",
            None,
            Some(1),
            AL,
            Some(0),
        ),
        cc(
            "no primary, failure: curr stays",
            "UUU",
            None,
            Some(1),
            FA,
            Some(1),
        ),
        cc(
            "no primary, better, equal: curr stays",
            "UUU",
            None,
            Some(1),
            BE,
            Some(1),
        ),
        cc("no primary, curr down", "UDU", None, Some(1), FA, Some(0)),
        cc("no primary, no curr", "DUU", None, None, FA, Some(1)),
        cc(
            "primary up, curr up, always",
            "UU",
            Some(1),
            Some(0),
            AL,
            Some(1),
        ),
        cc(
            "primary up, curr up, failure",
            "UU",
            Some(1),
            Some(0),
            FA,
            Some(0),
        ),
        cc(
            "primary up, curr down, failure",
            "DU",
            Some(1),
            Some(0),
            FA,
            Some(1),
        ),
        cc(
            "primary up, no curr, failure",
            "DU",
            Some(1),
            None,
            FA,
            Some(1),
        ),
        cc("primary is curr", "UU", Some(1), Some(1), AL, Some(1)),
        cc(
            "primary down: first up",
            "UUD",
            Some(2),
            Some(1),
            AL,
            Some(0),
        ),
        cc(
            "primary going back is not up",
            "DUB",
            Some(2),
            Some(1),
            AL,
            Some(1),
        ),
        cc("primary out of range", "UU", Some(7), Some(1), FA, Some(1)),
        ChooseCase {
            prio: &[0, 5, 9],
            ..cc("prio: highest up wins", "UUD", None, Some(0), AL, Some(1))
        },
        ChooseCase {
            prio: &[0, 5, 5],
            ..cc(
                "prio: ties go to the first",
                "UUU",
                None,
                Some(0),
                AL,
                Some(1),
            )
        },
        ChooseCase {
            prio: &[0, 5, 5],
            ..cc(
                "prio: a tie with curr still goes to the first",
                "UUU",
                None,
                Some(2),
                AL,
                Some(1),
            )
        },
        ChooseCase {
            prio: &[0, 5, 5],
            ..cc(
                "prio: a tie with curr, failure",
                "UUU",
                None,
                Some(2),
                FA,
                Some(2),
            )
        },
        ChooseCase {
            prio: &[0, 5, 9],
            ..cc(
                "prio: curr has the top prio",
                "UUU",
                None,
                Some(2),
                AL,
                Some(2),
            )
        },
        ChooseCase {
            prio: &[0, 5, 5],
            ..cc(
                "prio: failure keeps curr",
                "UUU",
                None,
                Some(0),
                FA,
                Some(0),
            )
        },
        ChooseCase {
            prio: &[0, 5, 0],
            ..cc(
                "prio ignored while primary is up",
                "UUU",
                Some(2),
                Some(0),
                AL,
                Some(2),
            )
        },
        ChooseCase {
            prio: &[0, 5, 0],
            ..cc(
                "prio used when primary is down",
                "UUD",
                Some(2),
                Some(0),
                AL,
                Some(1),
            )
        },
        ChooseCase {
            prio: &[0, -3],
            ..cc("negative prio", "UU", None, None, AL, Some(0))
        },
        ChooseCase {
            speed: &[100, 1000],
            ..cc(
                "better: faster primary",
                "UU",
                Some(1),
                Some(0),
                BE,
                Some(1),
            )
        },
        ChooseCase {
            speed: &[1000, 100],
            ..cc(
                "better: slower primary",
                "UU",
                Some(1),
                Some(0),
                BE,
                Some(0),
            )
        },
        ChooseCase {
            duplex: &[DUPLEX_HALF, DUPLEX_FULL],
            ..cc(
                "better: same speed, full beats half",
                "UU",
                Some(1),
                Some(0),
                BE,
                Some(1),
            )
        },
        ChooseCase {
            duplex: &[DUPLEX_FULL, DUPLEX_HALF],
            ..cc(
                "better: same speed, half loses",
                "UU",
                Some(1),
                Some(0),
                BE,
                Some(0),
            )
        },
        ChooseCase {
            speed: &[1000, SPEED_UNKNOWN],
            ..cc(
                "better: unknown speed counts as fastest",
                "UU",
                Some(1),
                Some(0),
                BE,
                Some(1),
            )
        },
        ChooseCase {
            force: true,
            force_after: false,
            ..cc("force_primary", "UU", Some(1), Some(0), FA, Some(1))
        },
        ChooseCase {
            force: true,
            force_after: true,
            ..cc(
                "force_primary kept while primary down",
                "UD",
                Some(1),
                Some(0),
                FA,
                Some(0),
            )
        },
        ChooseCase {
            force: true,
            force_after: false,
            ..cc(
                "force_primary, curr down",
                "DU",
                Some(1),
                Some(0),
                FA,
                Some(1),
            )
        },
        ChooseCase {
            force: true,
            force_after: false,
            ..cc(
                "force_primary, primary is curr",
                "UU",
                Some(1),
                Some(1),
                FA,
                Some(1),
            )
        },
    ];

    #[test]
    fn choose_primary_or_current_rules() {
        for c in CHOOSE_CASES {
            let sl = slaves(c.links, c.prio, c.speed, c.duplex);
            let mut bond = Bond {
                curr_active: c.curr,
                primary: c.primary,
                force_primary: c.force,
                send_peer_notif: 0,
            };
            let mut l = RecLog::new();
            let got = choose_primary_or_current(&sl, &mut bond, c.reselect, &mut l);
            assert_eq!(got, c.want, "{}", c.name);
            assert_eq!(bond.force_primary, c.force_after, "{}", c.name);
            assert!(l.msgs.is_empty(), "{}", c.name);
        }
        // An impossible primary_reselect keeps the current slave.
        let sl = slaves("UU", &[], &[], &[]);
        let mut bond = Bond {
            curr_active: Some(0),
            primary: Some(1),
            ..Bond::default()
        };
        let mut l = RecLog::new();
        assert_eq!(
            choose_primary_or_current(&sl, &mut bond, 7, &mut l),
            Some(0)
        );
        assert_eq!(l.list(), [(Level::Err, "impossible primary_reselect 7")]);
    }

    #[test]
    fn find_best_slave_rules() {
        // (links, delays, slave_up, want) with updelay 3.
        let cases: [(&str, &[i32], &str, Option<usize>); 7] = [
            ("DBB", &[0, 2, 1], "111", Some(2)),
            ("DBB", &[0, 1, 1], "111", Some(1)),
            ("DBB", &[0, 3, 3], "111", None),
            ("DBB", &[0, 2, 1], "110", Some(1)),
            ("BBU", &[0, 0, 0], "111", Some(2)),
            ("FDD", &[0, 0, 0], "111", None),
            ("", &[], "", None),
        ];
        for (links, delays, up, want) in cases {
            let mut sl = slaves(links, &[], &[], &[]);
            for (s, d) in sl.iter_mut().zip(delays) {
                s.delay = *d;
            }
            let upv: Vec<bool> = up.bytes().map(|b| b == b'1').collect();
            let slave_up = move |i: usize| upv.get(i).copied().unwrap_or(false);
            let mut l = RecLog::new();
            let mut rl = || true;
            let mut env = Env {
                log: &mut l,
                names: &name,
                ratelimit: &mut rl,
                now: 0,
                running: true,
                carrier_ok: true,
                slave_up: &slave_up,
                linkwatch_pending: &no,
            };
            let mut bond = Bond::default();
            let p = params(Mode::ActiveBackup, 3, 0);
            assert_eq!(
                find_best_slave(&sl, &mut bond, &p, &mut env),
                want,
                "{links} {delays:?} {up}"
            );
        }
    }

    struct ChangeOut {
        change: Option<ActiveChange>,
        slaves: Vec<SlaveState>,
        bond: Bond,
        msgs: Vec<(Level, String)>,
    }

    fn change(
        p: &Params,
        links: &str,
        bond: Bond,
        new: Option<usize>,
        running: bool,
        lw: bool,
    ) -> ChangeOut {
        let mut sl = slaves(links, &[], &[], &[]);
        for (i, s) in sl.iter_mut().enumerate() {
            s.delay = 1;
            s.backup = Some(i) != bond.curr_active;
        }
        let mut bond = bond;
        let mut l = RecLog::new();
        let mut rl = || true;
        let mut env = Env {
            log: &mut l,
            names: &name,
            ratelimit: &mut rl,
            now: 42,
            running,
            carrier_ok: true,
            slave_up: &yes,
            linkwatch_pending: if lw { &yes } else { &no },
        };
        let change = change_active_slave(&mut sl, &mut bond, new, p, &mut env);
        ChangeOut {
            change,
            slaves: sl,
            bond,
            msgs: l.msgs,
        }
    }

    fn m(v: &[(Level, &str)]) -> Vec<(Level, String)> {
        v.iter().map(|(l, s)| (*l, String::from(*s))).collect()
    }

    #[test]
    fn change_active_rules() {
        let ab = params(Mode::ActiveBackup, 3, 0);
        let from0 = Bond {
            curr_active: Some(0),
            ..Bond::default()
        };

        // Same slave: nothing.
        let o = change(&ab, "UU", from0, Some(0), true, false);
        assert!(o.change.is_none() && o.msgs.is_empty());
        // Out of range counts as none.
        let o = change(&ab, "UU", Bond::default(), Some(9), true, false);
        assert!(o.change.is_none());

        // A going back slave is promoted early.
        let o = change(&ab, "UB", from0, Some(1), true, false);
        assert_eq!(
            o.msgs,
            m(&[
                (
                    Level::Info,
                    "(slave eth1): making interface the new active one 200 ms earlier"
                ),
                (Level::Debug, "bond_should_notify_peers: slave eth1"),
            ])
        );
        let s1 = o.slaves[1];
        assert_eq!(
            (s1.link, s1.delay, s1.backup, s1.last_link_up),
            (Link::Up, 0, false, 42)
        );
        assert_eq!(s1.actions, Actions::NOTIFY);
        assert!(o.slaves[0].backup && o.slaves[0].inactive);
        let c = o.change.unwrap();
        assert_eq!((c.old, c.new), (Some(0), Some(1)));
        assert_eq!(
            c.flags,
            ActiveChange::HW_ADDR_SWAP
                | ActiveChange::SET_CURR
                | ActiveChange::FAILOVER_EVENT
                | ActiveChange::NOTIFY_PEERS
                | ActiveChange::RESEND_IGMP
        );
        assert_eq!(o.bond.curr_active, Some(1));
        assert_eq!(o.bond.send_peer_notif, 0);

        // fail_over_mac, peer notification count and linkwatch.
        let mut p = ab;
        p.fail_over_mac = FOM_ACTIVE;
        p.num_peer_notif = 3;
        p.peer_notif_delay = 2;
        let o = change(&p, "UU", from0, Some(1), true, true);
        let c = o.change.unwrap();
        assert!(c.has(ActiveChange::FAIL_OVER_MAC) && c.has(ActiveChange::FAILOVER_EVENT));
        assert!(!c.has(ActiveChange::NOTIFY_PEERS));
        assert_eq!(o.bond.send_peer_notif, 6);
        assert_eq!(
            o.msgs,
            m(&[(
                Level::Info,
                "(slave eth1): making interface the new active one"
            )])
        );
        let o = change(&p, "UU", from0, Some(1), true, false);
        assert_eq!(o.bond.send_peer_notif, 5);

        // Bond not running: no peer notification, no IGMP.
        let o = change(&ab, "UU", from0, Some(1), false, false);
        let c = o.change.unwrap();
        assert_eq!(
            c.flags,
            ActiveChange::HW_ADDR_SWAP | ActiveChange::SET_CURR | ActiveChange::FAILOVER_EVENT
        );
        assert_eq!(o.bond.send_peer_notif, 0);

        // resend_igmp 0.
        let mut p = ab;
        p.resend_igmp = 0;
        let c = change(&p, "UU", from0, Some(1), true, false)
            .change
            .unwrap();
        assert!(!c.has(ActiveChange::RESEND_IGMP));

        // Losing the active slave.
        let o = change(&ab, "DU", from0, None, true, false);
        assert_eq!(
            o.change,
            Some(ActiveChange {
                old: Some(0),
                new: None,
                flags: ActiveChange::HW_ADDR_SWAP | ActiveChange::SET_CURR,
            })
        );
        assert!(o.slaves[0].backup && o.slaves[0].inactive);
        assert!(o.msgs.is_empty());

        // tlb/alb: the ALB hook switches; no backup bit on the old slave.
        for mode in [Mode::Tlb, Mode::Alb] {
            let p = params(mode, 3, 0);
            let o = change(&p, "UB", from0, Some(1), true, false);
            let c = o.change.unwrap();
            assert_eq!(
                c.flags,
                ActiveChange::HW_ADDR_SWAP
                    | ActiveChange::ALB_ACTIVE_CHANGE
                    | ActiveChange::RESEND_IGMP
            );
            assert_eq!(
                o.slaves[1].actions,
                Actions::NOTIFY | Actions::ACTIVE_LINK_UP
            );
            assert!(!o.slaves[1].backup && !o.slaves[1].inactive);
            assert!(!o.slaves[0].backup && o.slaves[0].inactive);
            assert_eq!(o.msgs.len(), 1);
        }

        // Modes without a primary: no messages, IGMP only in balance-rr
        // (also when losing the slave), no link hook in balance-xor.
        let rr = params(Mode::RoundRobin, 3, 0);
        let o = change(&rr, "UB", from0, Some(1), true, false);
        assert!(o.msgs.is_empty());
        assert_eq!(
            o.change.unwrap().flags,
            ActiveChange::SET_CURR | ActiveChange::RESEND_IGMP
        );
        assert_eq!(o.slaves[1].link, Link::Up);
        let o = change(&rr, "DU", from0, None, true, false);
        assert_eq!(
            o.change.unwrap().flags,
            ActiveChange::SET_CURR | ActiveChange::RESEND_IGMP
        );
        let xor = params(Mode::Xor, 3, 0);
        let o = change(&xor, "UB", from0, Some(1), true, false);
        assert_eq!(o.change.unwrap().flags, ActiveChange::SET_CURR);
        assert_eq!(o.slaves[1].actions, Actions::NOTIFY);
        let ad = params(Mode::Ieee8023ad, 3, 0);
        let o = change(&ad, "UB", from0, Some(1), true, false);
        assert_eq!(o.change.unwrap().flags, ActiveChange::SET_CURR);
        assert_eq!(
            o.slaves[1].actions,
            Actions::NOTIFY | Actions::ACTIVE_LINK_UP
        );
    }

    #[test]
    fn select_active_rules() {
        let p = params(Mode::ActiveBackup, 0, 0);
        let mut sl = slaves("UU", &[], &[], &[]);
        let mut bond = Bond {
            curr_active: Some(0),
            ..Bond::default()
        };
        let mut l = RecLog::new();
        let mut rl = || true;
        let mut env = Env {
            log: &mut l,
            names: &name,
            ratelimit: &mut rl,
            now: 0,
            running: false,
            carrier_ok: true,
            slave_up: &yes,
            linkwatch_pending: &no,
        };
        // Already the best: nothing.
        assert_eq!(select_active_slave(&mut sl, &mut bond, &p, &mut env), None);
        sl[0].link = Link::Down;
        let c = select_active_slave(&mut sl, &mut bond, &p, &mut env).unwrap();
        assert_eq!((c.old, c.new), (Some(0), Some(1)));
        sl[1].link = Link::Down;
        let c = select_active_slave(&mut sl, &mut bond, &p, &mut env).unwrap();
        assert_eq!((c.old, c.new), (Some(1), None));
        assert_eq!(select_active_slave(&mut sl, &mut bond, &p, &mut env), None);

        let cases = [
            (false, false, None),
            (false, true, None),
            (true, true, Some("active interface up!")),
            (
                true,
                false,
                Some("now running without any active interface!"),
            ),
        ];
        for (changed, ok, want) in cases {
            let mut l = RecLog::new();
            select_active_finish(changed, ok, &mut l);
            let want: Vec<(Level, &str)> = want.map(|w| (Level::Info, w)).into_iter().collect();
            assert_eq!(l.list(), want);
        }
    }

    #[test]
    fn should_notify_peers_rules() {
        // (send_peer_notif, peer_notif_delay, active, carrier, linkwatch, want)
        let cases = [
            (1, 0, Some(1), true, false, true),
            (0, 0, Some(1), true, false, false),
            (1, 0, None, true, false, false),
            (1, 0, Some(1), false, false, false),
            (1, 0, Some(1), true, true, false),
            (4, 2, Some(1), true, false, true),
            (3, 2, Some(1), true, false, false),
            (5, -7, Some(1), true, false, true),
        ];
        for (n, d, active, carrier, lw, want) in cases {
            let mut p = params(Mode::ActiveBackup, 0, 0);
            p.peer_notif_delay = d;
            let bond = Bond {
                send_peer_notif: n,
                curr_active: active,
                ..Bond::default()
            };
            let mut l = RecLog::new();
            let mut rl = || true;
            let mut env = Env {
                log: &mut l,
                names: &name,
                ratelimit: &mut rl,
                now: 0,
                running: true,
                carrier_ok: carrier,
                slave_up: &yes,
                linkwatch_pending: if lw { &yes } else { &no },
            };
            assert_eq!(should_notify_peers(&bond, &p, active, &mut env), want);
            let dbg: Vec<(Level, &str)> = if want {
                std::vec![(Level::Debug, "bond_should_notify_peers: slave eth1")]
            } else {
                Vec::new()
            };
            assert_eq!(l.list(), dbg);
        }
        let mut b = Bond {
            send_peer_notif: 2,
            ..Bond::default()
        };
        assert!(b.peer_notif_tick(true));
        assert!(!b.peer_notif_tick(false));
        assert!(!b.peer_notif_tick(true));
        assert_eq!(b.send_peer_notif, 0);
    }

    #[test]
    fn carrier_rule() {
        assert!(!carrier_wanted(&[]));
        assert!(!carrier_wanted(&slaves("DFB", &[], &[], &[])));
        assert!(carrier_wanted(&slaves("DBU", &[], &[], &[])));
    }

    #[test]
    fn no_panic_on_odd_input() {
        // Short carrier slice, out-of-range bond indices, empty slaves.
        let p = params(Mode::ActiveBackup, 2, 2);
        let mut sim = Sim::new(p, "UUU", Some(9));
        sim.bond.primary = Some(12);
        sim.tick("1");
        sim.tick("");
        let mut sim = Sim::new(p, "", None);
        sim.tick("111");
        assert!(sim.msgs.is_empty());
    }
}
