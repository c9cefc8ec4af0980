// SPDX-License-Identifier: GPL-2.0
//! Applying an option to [`Params`] like the C `bond_option_*_set()`
//! functions ([`apply`]), and the side effects left to the caller
//! ([`Effects`]).

use core::fmt;

use super::targets::apply_arp_targets;
use super::{
    cstr, ifname_pad, mac_pton, ns_target_add, strip_nl, value_name, Mode, OptId, Params,
    ARP_VALIDATE_NONE, BOND_DEFAULT_MIIMON, IFNAMSIZ,
};
use crate::logic::errno::{EINVAL, EOPNOTSUPP, EPERM};
use crate::logic::flags::Flags;
use crate::logic::log::{Bytes, Level, Log, Mac};

/// The kind of [`Effects`] flags.
pub(crate) enum EffectKind {}

/// [`Effects`] flags.
pub(crate) type EffectFlags = Flags<EffectKind>;

/// Side effects the kernel side must perform after a successful [`apply`].
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub(crate) struct Effects {
    /// `Effects::*` flags.
    pub(crate) flags: EffectFlags,
    /// Target slot for the `*_TARGET_*` effects.
    pub(crate) slot: u8,
}

impl Effects {
    /// Bond is up and miimon became non-zero: cancel arp_work, queue
    /// mii_work immediately.
    pub(crate) const MII_RESTART: EffectFlags = Flags::bit(0);
    /// Bond is up and miimon became 0: cancel mii_work.
    pub(crate) const MII_STOP: EffectFlags = Flags::bit(1);
    /// Bond is up and arp_interval became non-zero: set recv_probe to the
    /// ARP validator, cancel mii_work, queue arp_work immediately.
    pub(crate) const ARP_RESTART: EffectFlags = Flags::bit(2);
    /// Bond is up and arp_interval became 0: cancel arp_work.
    pub(crate) const ARP_STOP: EffectFlags = Flags::bit(3);
    /// With `ARP_STOP`: arp_validate is set, clear recv_probe.
    pub(crate) const CLEAR_RECV_PROBE: EffectFlags = Flags::bit(4);
    /// Call bond_select_active_slave() (inside block_netpoll_tx()).
    pub(crate) const RESELECT_ACTIVE: EffectFlags = Flags::bit(5);
    /// Call bond_set_carrier().
    pub(crate) const UPDATE_CARRIER: EffectFlags = Flags::bit(6);
    /// Call bond_3ad_update_ad_actor_settings().
    pub(crate) const AD_UPDATE_ACTOR: EffectFlags = Flags::bit(7);
    /// Call bond_3ad_update_lacp_rate().
    pub(crate) const AD_UPDATE_LACP_RATE: EffectFlags = Flags::bit(8);
    /// Call bond_3ad_update_lacp_active().
    pub(crate) const AD_UPDATE_LACP_ACTIVE: EffectFlags = Flags::bit(9);
    /// For every slave that is not active: inactive = !all_slaves_active.
    pub(crate) const SLAVE_INACTIVE_FLAGS: EffectFlags = Flags::bit(10);
    /// arp_validate switched between zero and non-zero: for each slave
    /// add (arp_validate != 0) or remove the NS multicast addresses.
    pub(crate) const NS_MADDRS_SYNC: EffectFlags = Flags::bit(14);
    /// ARP target stored in `slot`: set each slave's
    /// target_last_arp_rx[slot] = jiffies.
    pub(crate) const ARP_TARGET_ADDED: EffectFlags = Flags::bit(15);
    /// ARP target removed from `slot`: for each slave shift
    /// target_last_arp_rx down from `slot` while the (new)
    /// arp_targets[i] != 0 (i < 15), then zero the entry reached.
    pub(crate) const ARP_TARGET_REMOVED: EffectFlags = Flags::bit(16);
    /// NS target stored in `slot` (slot was empty before): for each slave
    /// set target_last_arp_rx[slot] = jiffies and add the target's NS
    /// multicast MAC when arp_validate is on and the slave qualifies.
    pub(crate) const NS_TARGET_ADDED: EffectFlags = Flags::bit(17);
    /// Set bond->primary_slave to the slave named params.primary and
    /// force_primary = true.
    pub(crate) const PRIMARY_SET: EffectFlags = Flags::bit(18);
    /// Set bond->primary_slave to NULL.
    pub(crate) const PRIMARY_CLEAR: EffectFlags = Flags::bit(19);

    /// Every effect.
    pub(crate) const ALL: EffectFlags = Self::MII_RESTART
        .union(Self::MII_STOP)
        .union(Self::ARP_RESTART)
        .union(Self::ARP_STOP)
        .union(Self::CLEAR_RECV_PROBE)
        .union(Self::RESELECT_ACTIVE)
        .union(Self::UPDATE_CARRIER)
        .union(Self::AD_UPDATE_ACTOR)
        .union(Self::AD_UPDATE_LACP_RATE)
        .union(Self::AD_UPDATE_LACP_ACTIVE)
        .union(Self::SLAVE_INACTIVE_FLAGS)
        .union(Self::NS_MADDRS_SYNC)
        .union(Self::ARP_TARGET_ADDED)
        .union(Self::ARP_TARGET_REMOVED)
        .union(Self::NS_TARGET_ADDED)
        .union(Self::PRIMARY_SET)
        .union(Self::PRIMARY_CLEAR);

    /// No effect.
    pub(crate) const fn none() -> Effects {
        Effects {
            flags: Flags::EMPTY,
            slot: 0,
        }
    }

    const fn with(flags: EffectFlags) -> Effects {
        Effects { flags, slot: 0 }
    }

    /// True if all flags of `flag` are set.
    pub(crate) fn contains(&self, flag: EffectFlags) -> bool {
        self.flags.has(flag)
    }
}

fn no_slave(_name: &[u8]) -> bool {
    false
}

/// State of the bond needed by [`apply`].
pub(crate) struct ApplyCtx<'a> {
    /// The bond device is up (IFF_UP).
    pub(crate) is_up: bool,
    /// bond->primary_slave is currently set.
    pub(crate) has_primary_slave: bool,
    /// Returns true if the bond has a slave with exactly this name.
    pub(crate) is_slave_name: &'a dyn Fn(&[u8]) -> bool,
}

impl ApplyCtx<'static> {
    /// Context without slaves and without primary slave.
    pub(crate) fn new(is_up: bool) -> ApplyCtx<'static> {
        ApplyCtx {
            is_up,
            has_primary_slave: false,
            is_slave_name: &no_slave,
        }
    }
}

/// The text C prints for `newval->string`: the matched table entry name,
/// else the caller's text (cut at newline), else "(null)" (numeric input).
struct ValStr<'a>(OptId, u64, &'a [u8]);

impl fmt::Display for ValStr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(n) = value_name(self.0, self.1) {
            return f.write_str(n);
        }
        let raw = strip_nl(cstr(self.2));
        if self.2.is_empty() {
            f.write_str("(null)")
        } else {
            fmt::Display::fmt(&Bytes(raw), f)
        }
    }
}

pub(super) fn dbg(log: &mut dyn Log, args: fmt::Arguments<'_>) {
    log.log(Level::Debug, args);
}

/// Applies option `id` to `params` like the C `bond_option_*_set()`
/// functions, returning the remaining side effects or a positive errno.
///
/// For parsed options `value` is the result of [`parse`] and `raw` is the
/// original text (used only where C prints `newval->string`; pass an empty
/// slice for numeric/netlink input, printed as "(null)"). An empty `raw`
/// always means "no string": sysfs never passes empty writes to a store
/// (a written "\0" arrives as the one-byte slice and means "").
///
/// Raw options: `ArpTargets` takes `raw` = "+a.b.c.d"/"-a.b.c.d" text or,
/// when `raw` is empty, adds the target `(value as u32).to_ne_bytes()`
/// (netlink); `NsTargets` takes the 16 address bytes in `raw` (other
/// lengths: `EINVAL`); `Primary` takes the name text; `AdActorSystem`
/// takes "xx:xx:xx:xx:xx:xx" text or, when `raw` is empty, the first six
/// bytes of `value.to_ne_bytes()` (netlink's nla_get_u64).
///
/// `Slaves`, `ActiveSlave`, `QueueId`, `Prio` and `ActorPortPrio` need
/// device lookups and are not handled: they return `Err(EOPNOTSUPP)`. The
/// XDP program checks of `mode` and `xmit_hash_policy` are also left to
/// the caller (do them before calling). Dependencies ([`check_deps`]) and
/// error reporting ([`report_error`]) are the caller's job too.
///
/// [`parse`]: super::parse()
/// [`check_deps`]: super::check_deps
/// [`report_error`]: super::report_error
pub(crate) fn apply(
    params: &mut Params,
    id: OptId,
    value: u64,
    raw: &[u8],
    ctx: &ApplyCtx<'_>,
    log: &mut dyn Log,
) -> Result<Effects, i32> {
    let vs = ValStr(id, value, raw);
    match id {
        OptId::Mode => {
            let new = Mode::from_u64(value).ok_or(EINVAL)?;
            if !new.uses_arp() {
                if params.arp_interval != 0 {
                    dbg(
                        log,
                        format_args!(
                            "{} mode is incompatible with arp monitoring, start mii monitoring",
                            vs
                        ),
                    );
                    params.arp_interval = 0;
                }
                if params.miimon == 0 {
                    params.miimon = BOND_DEFAULT_MIIMON;
                    dbg(
                        log,
                        format_args!("Setting MII monitoring interval to {}", params.miimon),
                    );
                }
            }
            if new == Mode::Alb {
                params.tlb_dynamic_lb = 1;
            }
            params.arp_validate = ARP_VALIDATE_NONE;
            params.mode = new;
            params.broadcast_neighbor = 0;
            // bonding.ko also refreshes its XFRM and XDP features here;
            // rbonding offers neither.
            Ok(Effects::none())
        }
        OptId::PacketsPerSlave => {
            dbg(log, format_args!("Setting packets per slave to {}", value));
            params.packets_per_slave = value as i32;
            // bonding.ko caches a reciprocal; rbonding divides.
            Ok(Effects::none())
        }
        OptId::XmitHash => {
            dbg(
                log,
                format_args!("Setting xmit hash policy to {} ({})", vs, value),
            );
            params.xmit_policy = value as u8;
            Ok(Effects::none())
        }
        OptId::ArpValidate => {
            let changed = (params.arp_validate != 0) != (value != 0);
            dbg(
                log,
                format_args!("Setting arp_validate to {} ({})", vs, value),
            );
            params.arp_validate = value as i32;
            Ok(if changed {
                Effects::with(Effects::NS_MADDRS_SYNC)
            } else {
                Effects::none()
            })
        }
        OptId::ArpAllTargets => {
            dbg(
                log,
                format_args!("Setting arp_all_targets to {} ({})", vs, value),
            );
            params.arp_all_targets = value as i32;
            Ok(Effects::none())
        }
        OptId::FailOverMac => {
            dbg(
                log,
                format_args!("Setting fail_over_mac to {} ({})", vs, value),
            );
            params.fail_over_mac = value as i32;
            Ok(Effects::none())
        }
        OptId::ArpInterval => {
            dbg(
                log,
                format_args!("Setting ARP monitoring interval to {}", value),
            );
            params.arp_interval = value as i32;
            if value != 0 {
                if params.miimon != 0 {
                    dbg(log, format_args!("ARP monitoring cannot be used with MII monitoring. Disabling MII monitoring"));
                    params.miimon = 0;
                }
                if params.arp_targets[0] == [0; 4] {
                    dbg(log, format_args!("ARP monitoring has been set up, but no ARP targets have been specified"));
                }
            }
            let mut fx = Effects::none();
            if ctx.is_up {
                if value == 0 {
                    if params.arp_validate != 0 {
                        fx.flags |= Effects::CLEAR_RECV_PROBE;
                    }
                    fx.flags |= Effects::ARP_STOP;
                } else {
                    fx.flags |= Effects::ARP_RESTART;
                }
            }
            Ok(fx)
        }
        OptId::ArpTargets => apply_arp_targets(params, value, raw, log),
        OptId::Downdelay => delay_set(params, value, "down delay", DelayKind::Down, log),
        OptId::Updelay => delay_set(params, value, "up delay", DelayKind::Up, log),
        OptId::PeerNotifDelay => delay_set(
            params,
            value,
            "peer notification delay",
            DelayKind::PeerNotif,
            log,
        ),
        OptId::LacpRate => {
            dbg(log, format_args!("Setting LACP rate to {} ({})", vs, value));
            params.lacp_fast = value as i32;
            Ok(Effects::with(Effects::AD_UPDATE_LACP_RATE))
        }
        OptId::MinLinks => {
            dbg(log, format_args!("Setting min links value to {}", value));
            params.min_links = value as u32;
            Ok(Effects::with(Effects::UPDATE_CARRIER))
        }
        OptId::AdSelect => {
            dbg(log, format_args!("Setting ad_select to {} ({})", vs, value));
            params.ad_select = value as i32;
            Ok(Effects::none())
        }
        OptId::NumPeerNotif | OptId::NumPeerNotifAlias => {
            params.num_peer_notif = value as u8;
            Ok(Effects::none())
        }
        OptId::Miimon => {
            dbg(
                log,
                format_args!("Setting MII monitoring interval to {}", value),
            );
            params.miimon = value as i32;
            let m = params.miimon;
            if params.updelay != 0 {
                dbg(
                    log,
                    format_args!(
                        "Note: Updating updelay (to {}) since it is a multiple of the miimon value",
                        params.updelay.wrapping_mul(m)
                    ),
                );
            }
            if params.downdelay != 0 {
                dbg(log, format_args!("Note: Updating downdelay (to {}) since it is a multiple of the miimon value", params.downdelay.wrapping_mul(m)));
            }
            if params.peer_notif_delay != 0 {
                dbg(log, format_args!("Note: Updating peer_notif_delay (to {}) since it is a multiple of the miimon value", params.peer_notif_delay.wrapping_mul(m)));
            }
            if value != 0 && params.arp_interval != 0 {
                dbg(log, format_args!("MII monitoring cannot be used with ARP monitoring - disabling ARP monitoring..."));
                params.arp_interval = 0;
                if params.arp_validate != 0 {
                    params.arp_validate = ARP_VALIDATE_NONE;
                }
            }
            let mut fx = Effects::none();
            if ctx.is_up {
                fx.flags |= if value == 0 {
                    Effects::MII_STOP
                } else {
                    Effects::MII_RESTART
                };
            }
            Ok(fx)
        }
        OptId::Primary => apply_primary(params, raw, ctx, log),
        OptId::PrimaryReselect => {
            dbg(
                log,
                format_args!("Setting primary_reselect to {} ({})", vs, value),
            );
            params.primary_reselect = value as i32;
            Ok(Effects::with(Effects::RESELECT_ACTIVE))
        }
        OptId::UseCarrier => {
            dbg(log, format_args!("Setting use_carrier to {}", value));
            params.use_carrier = value as i32;
            Ok(Effects::none())
        }
        OptId::AllSlavesActive => {
            if value == params.all_slaves_active as i64 as u64 {
                return Ok(Effects::none());
            }
            params.all_slaves_active = value as i32;
            Ok(Effects::with(Effects::SLAVE_INACTIVE_FLAGS))
        }
        OptId::ResendIgmp => {
            dbg(log, format_args!("Setting resend_igmp to {}", value));
            params.resend_igmp = value as i32;
            Ok(Effects::none())
        }
        OptId::LpInterval => {
            params.lp_interval = value as i32;
            Ok(Effects::none())
        }
        OptId::TlbDynamicLb => {
            dbg(
                log,
                format_args!("Setting dynamic-lb to {} ({})", vs, value),
            );
            params.tlb_dynamic_lb = value as i32;
            Ok(Effects::none())
        }
        OptId::AdActorSysPrio => {
            dbg(log, format_args!("Setting ad_actor_sys_prio to {}", value));
            params.ad_actor_sys_prio = value as u16;
            Ok(Effects::with(Effects::AD_UPDATE_ACTOR))
        }
        OptId::AdActorSystem => {
            let mac = if raw.is_empty() {
                let b = value.to_ne_bytes();
                Some([b[0], b[1], b[2], b[3], b[4], b[5]])
            } else {
                mac_pton(cstr(raw))
            };
            match mac {
                Some(m) if m[0] & 1 == 0 => {
                    dbg(log, format_args!("Setting ad_actor_system to {}", Mac(&m)));
                    params.ad_actor_system = m;
                    Ok(Effects::with(Effects::AD_UPDATE_ACTOR))
                }
                _ => {
                    log.log(
                        Level::Err,
                        format_args!("Invalid ad_actor_system MAC address."),
                    );
                    Err(EINVAL)
                }
            }
        }
        OptId::AdUserPortKey => {
            dbg(log, format_args!("Setting ad_user_port_key to {}", value));
            params.ad_user_port_key = value as u16;
            Ok(Effects::none())
        }
        OptId::LacpActive => {
            dbg(
                log,
                format_args!("Setting LACP active to {} ({})", vs, value),
            );
            params.lacp_active = value as i32;
            Ok(Effects::with(Effects::AD_UPDATE_LACP_ACTIVE))
        }
        OptId::MissedMax => {
            dbg(
                log,
                format_args!("Setting missed max to {} ({})", vs, value),
            );
            params.missed_max = value as u8;
            Ok(Effects::none())
        }
        OptId::NsTargets => {
            let t: [u8; 16] = raw.try_into().map_err(|_| EINVAL)?;
            ns_target_add(params, t, log)
        }
        OptId::CoupledControl => {
            log.log(
                Level::Info,
                format_args!("Setting coupled_control to {} ({})", vs, value),
            );
            params.coupled_control = value as i32;
            Ok(Effects::none())
        }
        OptId::BroadcastNeigh => {
            if params.broadcast_neighbor as i64 as u64 == value {
                return Ok(Effects::none());
            }
            // bonding.ko also counts the bonds that broadcast in a static
            // key, a global shortcut for its data path; the per-bond value
            // alone decides (the option exists in 802.3ad only).
            params.broadcast_neighbor = value as i32;
            dbg(
                log,
                format_args!("Setting broadcast_neighbor to {} ({})", vs, value),
            );
            Ok(Effects::none())
        }
        OptId::Slaves
        | OptId::ActiveSlave
        | OptId::QueueId
        | OptId::Prio
        | OptId::ActorPortPrio => Err(EOPNOTSUPP),
    }
}

#[derive(Clone, Copy)]
enum DelayKind {
    Up,
    Down,
    PeerNotif,
}

fn delay_set(
    params: &mut Params,
    value: u64,
    name: &str,
    kind: DelayKind,
    log: &mut dyn Log,
) -> Result<Effects, i32> {
    let value = value as i32;
    let miimon = params.miimon;
    if miimon == 0 {
        log.log(
            Level::Err,
            format_args!("Unable to set {} as MII monitoring is disabled", name),
        );
        return Err(EPERM);
    }
    if value.checked_rem(miimon).unwrap_or(0) != 0 {
        log.log(
            Level::Warn,
            format_args!(
                "{} ({}) is not a multiple of miimon ({}), value rounded to {} ms",
                name,
                value,
                miimon,
                value.checked_div(miimon).unwrap_or(0).wrapping_mul(miimon)
            ),
        );
    }
    let mult = value.checked_div(miimon).unwrap_or(0);
    match kind {
        DelayKind::Up => params.updelay = mult,
        DelayKind::Down => params.downdelay = mult,
        DelayKind::PeerNotif => params.peer_notif_delay = mult,
    }
    dbg(
        log,
        format_args!("Setting {} to {}", name, mult.wrapping_mul(miimon)),
    );
    Ok(Effects::none())
}

fn apply_primary(
    params: &mut Params,
    raw: &[u8],
    ctx: &ApplyCtx<'_>,
    log: &mut dyn Log,
) -> Result<Effects, i32> {
    let name = strip_nl(cstr(raw));
    if name.is_empty() {
        dbg(log, format_args!("Setting primary slave to None"));
        params.primary = [0; IFNAMSIZ];
        return Ok(Effects::with(
            Effects::PRIMARY_CLEAR | Effects::RESELECT_ACTIVE,
        ));
    }
    if (ctx.is_slave_name)(name) {
        dbg(
            log,
            format_args!("(slave {}): Setting as primary slave", Bytes(name)),
        );
        params.primary = ifname_pad(name);
        return Ok(Effects::with(
            Effects::PRIMARY_SET | Effects::RESELECT_ACTIVE,
        ));
    }
    let mut fx = Effects::none();
    if ctx.has_primary_slave {
        dbg(log, format_args!("Setting primary slave to None"));
        fx.flags |= Effects::PRIMARY_CLEAR | Effects::RESELECT_ACTIVE;
    }
    params.primary = ifname_pad(name);
    dbg(
        log,
        format_args!(
            "Recording {} as primary, but it has not been enslaved yet",
            Bytes(name)
        ),
    );
    Ok(fx)
}
