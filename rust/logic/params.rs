// SPDX-License-Identifier: GPL-2.0
//! Module parameters: their defaults and the load-time check that turns
//! them into the default parameter block of new bonds
//! (`bond_check_params()`).

use core::fmt;

use super::errno::EINVAL;
use super::log::{Bytes, Ip4, Level, Log};
use super::options::{
    self, cstr, find_arp_target, get, ifname_pad, in4_pton, ip_target_ok, mode_description, parse,
    strip_nl, value_name, Input, Mode, OptId, Params, BOND_DEFAULT_MIIMON, FOM_NONE,
    MAX_ARP_TARGETS, PRI_RESELECT_ALWAYS,
};

/// Default of `max_bonds`.
pub(crate) const BOND_DEFAULT_MAX_BONDS: i32 = 1;
/// Default of `tx_queues`.
pub(crate) const BOND_DEFAULT_TX_QUEUES: i32 = 16;
/// Default of `resend_igmp`.
pub(crate) const BOND_DEFAULT_RESEND_IGMP: i32 = 1;
/// Default of `lp_interval`.
pub(crate) const BOND_ALB_DEFAULT_LP_INTERVAL: u32 = 1;

/// The module parameters as loaded (C types: `int`, `uint`, `charp`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct RawParams<'a> {
    /// max_bonds
    pub(crate) max_bonds: i32,
    /// tx_queues
    pub(crate) tx_queues: i32,
    /// num_grat_arp / num_unsol_na
    pub(crate) num_peer_notif: i32,
    /// miimon
    pub(crate) miimon: i32,
    /// updelay
    pub(crate) updelay: i32,
    /// downdelay
    pub(crate) downdelay: i32,
    /// use_carrier
    pub(crate) use_carrier: i32,
    /// mode
    pub(crate) mode: Option<&'a [u8]>,
    /// primary
    pub(crate) primary: Option<&'a [u8]>,
    /// primary_reselect
    pub(crate) primary_reselect: Option<&'a [u8]>,
    /// lacp_rate
    pub(crate) lacp_rate: Option<&'a [u8]>,
    /// ad_select
    pub(crate) ad_select: Option<&'a [u8]>,
    /// min_links
    pub(crate) min_links: i32,
    /// xmit_hash_policy
    pub(crate) xmit_hash_policy: Option<&'a [u8]>,
    /// arp_interval
    pub(crate) arp_interval: i32,
    /// arp_ip_target array (entries after the first `None` are ignored)
    pub(crate) arp_ip_target: [Option<&'a [u8]>; MAX_ARP_TARGETS],
    /// arp_validate
    pub(crate) arp_validate: Option<&'a [u8]>,
    /// arp_all_targets
    pub(crate) arp_all_targets: Option<&'a [u8]>,
    /// fail_over_mac
    pub(crate) fail_over_mac: Option<&'a [u8]>,
    /// all_slaves_active
    pub(crate) all_slaves_active: i32,
    /// resend_igmp
    pub(crate) resend_igmp: i32,
    /// packets_per_slave
    pub(crate) packets_per_slave: i32,
    /// lp_interval
    pub(crate) lp_interval: u32,
}

impl RawParams<'_> {
    /// The values of the module parameters when none is given.
    pub(crate) const fn defaults() -> Self {
        RawParams {
            max_bonds: BOND_DEFAULT_MAX_BONDS,
            tx_queues: BOND_DEFAULT_TX_QUEUES,
            num_peer_notif: 1,
            miimon: 0,
            updelay: 0,
            downdelay: 0,
            use_carrier: 1,
            mode: None,
            primary: None,
            primary_reselect: None,
            lacp_rate: None,
            ad_select: None,
            min_links: 0,
            xmit_hash_policy: None,
            arp_interval: 0,
            arp_ip_target: [None; MAX_ARP_TARGETS],
            arp_validate: None,
            arp_all_targets: None,
            fail_over_mac: None,
            all_slaves_active: 0,
            resend_igmp: BOND_DEFAULT_RESEND_IGMP,
            packets_per_slave: 1,
            lp_interval: BOND_ALB_DEFAULT_LP_INTERVAL,
        }
    }
}

impl Default for RawParams<'_> {
    fn default() -> Self {
        Self::defaults()
    }
}

/// Result of the module parameter check.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct ModuleDefaults {
    /// Parameters new bonds start with.
    pub(crate) params: Params,
    /// Number of bonds to create at load time.
    pub(crate) max_bonds: i32,
    /// Number of tx queues of new bonds.
    pub(crate) tx_queues: i32,
}

fn err(log: &mut dyn Log, args: fmt::Arguments<'_>) {
    log.log(Level::Err, args);
}

fn warn(log: &mut dyn Log, args: fmt::Arguments<'_>) {
    log.log(Level::Warn, args);
}

fn info(log: &mut dyn Log, args: fmt::Arguments<'_>) {
    log.log(Level::Info, args);
}

/// A string parameter as C prints it after `bond_opt_parse()` cut it at
/// its first newline.
fn parsed_str(s: &[u8]) -> Bytes<'_> {
    Bytes(strip_nl(cstr(s)))
}

/// The " a b c" tail of the ARP monitoring message: the first `n` raw
/// arp_ip_target strings.
struct TargetList<'a>(&'a [Option<&'a [u8]>; MAX_ARP_TARGETS], usize);

impl fmt::Display for TargetList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for t in self.0.iter().take(self.1) {
            write!(f, " {}", Bytes(cstr(t.unwrap_or(b"(null)"))))?;
        }
        Ok(())
    }
}

/// Checks the module parameters like `bond_check_params()`: same order of
/// checks, messages, resets and `EINVAL` failures.
pub(crate) fn check_params(raw: &RawParams<'_>, log: &mut dyn Log) -> Result<ModuleDefaults, i32> {
    let mut params = Params::zeroed();
    // The checks reset the numeric parameters and primary in this copy.
    let mut mp = *raw;

    let (bond_mode, xmit_hashtype, lacp_fast) = check_mode_params(raw, &mut params, log)?;
    check_int_params(&mut mp, bond_mode, log);
    check_intervals(&mut mp, bond_mode, log);
    let (arp_target, arp_ip_count) = check_arp_targets(&mut mp, log);
    let (arp_validate_value, arp_all_targets_value) = check_arp_validate(&mp, log)?;
    log_monitoring(&mp, arp_validate_value, arp_ip_count, log);
    let (primary_reselect_value, fail_over_mac_value) = check_primary(&mut mp, bond_mode, log)?;
    let (ad_actor_sys_prio, ad_user_port_key, tlb_dynamic_lb) = option_defaults(log)?;
    check_lp_interval(&mut mp, log);

    params.mode = bond_mode;
    params.xmit_policy = xmit_hashtype as u8;
    params.miimon = mp.miimon;
    params.num_peer_notif = mp.num_peer_notif as u8;
    params.arp_interval = mp.arp_interval;
    params.arp_validate = arp_validate_value as i32;
    params.arp_all_targets = arp_all_targets_value as i32;
    params.missed_max = 2;
    params.updelay = mp.updelay;
    params.downdelay = mp.downdelay;
    params.peer_notif_delay = 0;
    params.use_carrier = mp.use_carrier;
    params.lacp_active = 1;
    params.lacp_fast = lacp_fast as i32;
    params.primary = [0; 16];
    params.primary_reselect = primary_reselect_value as i32;
    params.fail_over_mac = fail_over_mac_value as i32;
    params.tx_queues = mp.tx_queues;
    params.all_slaves_active = mp.all_slaves_active;
    params.resend_igmp = mp.resend_igmp;
    params.min_links = raw.min_links as u32;
    params.lp_interval = mp.lp_interval as i32;
    params.packets_per_slave = mp.packets_per_slave;
    params.tlb_dynamic_lb = tlb_dynamic_lb as i32;
    params.ad_actor_sys_prio = ad_actor_sys_prio as u16;
    params.ad_actor_system = [0; 6];
    params.ad_user_port_key = ad_user_port_key as u16;
    params.coupled_control = 1;
    params.broadcast_neighbor = 0;
    if let Some(p) = mp.primary {
        params.primary = ifname_pad(p);
    }
    params.arp_targets = arp_target;
    params.ns_targets = [[0; 16]; MAX_ARP_TARGETS];

    Ok(ModuleDefaults {
        params,
        max_bonds: mp.max_bonds,
        tx_queues: mp.tx_queues,
    })
}

/// mode, then the parameters whose meaning depends on it: xmit_hash_policy,
/// lacp_rate and ad_select (stored in `params`). Returns the mode, the
/// xmit hash policy and the lacp rate.
fn check_mode_params(
    raw: &RawParams<'_>,
    params: &mut Params,
    log: &mut dyn Log,
) -> Result<(Mode, u64, u64), i32> {
    let mut bond_mode = Mode::RoundRobin;
    let mut xmit_hashtype: u64 = 0;
    let mut lacp_fast: u64 = 0;

    if let Some(s) = raw.mode {
        match parse(get(OptId::Mode), Input::Str(s)).and_then(Mode::from_u64) {
            Some(m) => bond_mode = m,
            None => {
                err(
                    log,
                    format_args!("Error: Invalid bonding mode \"{}\"", parsed_str(s)),
                );
                return Err(EINVAL);
            }
        }
    }

    if let Some(s) = raw.xmit_hash_policy {
        if matches!(
            bond_mode,
            Mode::RoundRobin | Mode::ActiveBackup | Mode::Broadcast
        ) {
            info(
                log,
                format_args!(
                    "xmit_hash_policy param is irrelevant in mode {}",
                    bond_mode.description()
                ),
            );
        } else {
            match parse(get(OptId::XmitHash), Input::Str(s)) {
                Some(v) => xmit_hashtype = v,
                None => {
                    err(
                        log,
                        format_args!("Error: Invalid xmit_hash_policy \"{}\"", parsed_str(s)),
                    );
                    return Err(EINVAL);
                }
            }
        }
    }

    if let Some(s) = raw.lacp_rate {
        if bond_mode != Mode::Ieee8023ad {
            info(
                log,
                format_args!(
                    "lacp_rate param is irrelevant in mode {}",
                    bond_mode.description()
                ),
            );
        } else {
            match parse(get(OptId::LacpRate), Input::Str(s)) {
                Some(v) => lacp_fast = v,
                None => {
                    err(
                        log,
                        format_args!("Error: Invalid lacp rate \"{}\"", parsed_str(s)),
                    );
                    return Err(EINVAL);
                }
            }
        }
    }

    if let Some(s) = raw.ad_select {
        match parse(get(OptId::AdSelect), Input::Str(s)) {
            Some(v) => params.ad_select = v as i32,
            None => {
                err(
                    log,
                    format_args!("Error: Invalid ad_select \"{}\"", parsed_str(s)),
                );
                return Err(EINVAL);
            }
        }
        if bond_mode != Mode::Ieee8023ad {
            warn(
                log,
                format_args!("ad_select param only affects 802.3ad mode"),
            );
        }
    } else {
        params.ad_select = options::AD_SELECT_STABLE;
    }

    Ok((bond_mode, xmit_hashtype, lacp_fast))
}

/// The range checks of the integer parameters, max_bonds to
/// packets_per_slave (with miimon forced on in the modes without ARP
/// monitoring): out-of-range values are reset with a warning.
fn check_int_params(mp: &mut RawParams<'_>, bond_mode: Mode, log: &mut dyn Log) {
    if mp.max_bonds < 0 {
        warn(
            log,
            format_args!(
                "Warning: max_bonds ({}) not in range {}-{}, so it was reset to BOND_DEFAULT_MAX_BONDS ({})",
                mp.max_bonds,
                0,
                i32::MAX,
                BOND_DEFAULT_MAX_BONDS
            ),
        );
        mp.max_bonds = BOND_DEFAULT_MAX_BONDS;
    }

    if mp.miimon < 0 {
        warn(
            log,
            format_args!(
                "Warning: miimon module parameter ({}), not in range 0-{}, so it was reset to 0",
                mp.miimon,
                i32::MAX
            ),
        );
        mp.miimon = 0;
    }

    if mp.updelay < 0 {
        warn(
            log,
            format_args!(
                "Warning: updelay module parameter ({}), not in range 0-{}, so it was reset to 0",
                mp.updelay,
                i32::MAX
            ),
        );
        mp.updelay = 0;
    }

    if mp.downdelay < 0 {
        warn(
            log,
            format_args!(
                "Warning: downdelay module parameter ({}), not in range 0-{}, so it was reset to 0",
                mp.downdelay,
                i32::MAX
            ),
        );
        mp.downdelay = 0;
    }

    if mp.use_carrier != 0 && mp.use_carrier != 1 {
        warn(
            log,
            format_args!(
                "Warning: use_carrier module parameter ({}), not of valid value (0/1), so it was set to 1",
                mp.use_carrier
            ),
        );
        mp.use_carrier = 1;
    }

    if !(0..=255).contains(&mp.num_peer_notif) {
        warn(
            log,
            format_args!(
                "Warning: num_grat_arp/num_unsol_na ({}) not in range 0-255 so it was reset to 1",
                mp.num_peer_notif
            ),
        );
        mp.num_peer_notif = 1;
    }

    if !bond_mode.uses_arp() && mp.miimon == 0 {
        warn(log, format_args!("Warning: miimon must be specified, otherwise bonding will not detect link failure, speed and duplex which are essential for 802.3ad operation"));
        warn(log, format_args!("Forcing miimon to 100msec"));
        mp.miimon = BOND_DEFAULT_MIIMON;
    }

    if !(1..=255).contains(&mp.tx_queues) {
        warn(
            log,
            format_args!(
                "Warning: tx_queues ({}) should be between 1 and 255, resetting to {}",
                mp.tx_queues, BOND_DEFAULT_TX_QUEUES
            ),
        );
        mp.tx_queues = BOND_DEFAULT_TX_QUEUES;
    }

    if mp.all_slaves_active != 0 && mp.all_slaves_active != 1 {
        warn(
            log,
            format_args!(
                "Warning: all_slaves_active module parameter ({}), not of valid value (0/1), so it was set to 0",
                mp.all_slaves_active
            ),
        );
        mp.all_slaves_active = 0;
    }

    if !(0..=255).contains(&mp.resend_igmp) {
        warn(
            log,
            format_args!(
                "Warning: resend_igmp ({}) should be between 0 and 255, resetting to {}",
                mp.resend_igmp, BOND_DEFAULT_RESEND_IGMP
            ),
        );
        mp.resend_igmp = BOND_DEFAULT_RESEND_IGMP;
    }

    // The int is widened to u64 with sign extension, like in C.
    if parse(
        get(OptId::PacketsPerSlave),
        Input::Num(mp.packets_per_slave as i64 as u64),
    )
    .is_none()
    {
        warn(
            log,
            format_args!(
                "Warning: packets_per_slave ({}) should be between 0 and {} resetting to 1",
                mp.packets_per_slave,
                u16::MAX
            ),
        );
        mp.packets_per_slave = 1;
    }
}

/// The ALB updelay notice, miimon against updelay and downdelay (rounded
/// down to multiples of miimon, then stored as such) and against
/// arp_interval, and the range of arp_interval.
fn check_intervals(mp: &mut RawParams<'_>, bond_mode: Mode, log: &mut dyn Log) {
    if bond_mode == Mode::Alb {
        log.log(
            Level::Notice,
            format_args!(
                "In ALB mode you might experience client disconnections upon reconnection of a link if the bonding module updelay parameter ({} msec) is incompatible with the forwarding delay time of the switch",
                mp.updelay
            ),
        );
    }

    if mp.miimon == 0 {
        if mp.updelay != 0 || mp.downdelay != 0 {
            warn(
                log,
                format_args!(
                    "Warning: miimon module parameter not set and updelay ({}) or downdelay ({}) module parameter is set; updelay and downdelay have no effect unless miimon is set",
                    mp.updelay, mp.downdelay
                ),
            );
        }
    } else {
        if mp.arp_interval != 0 {
            warn(
                log,
                format_args!(
                    "Warning: miimon ({}) and arp_interval ({}) can't be used simultaneously, disabling ARP monitoring",
                    mp.miimon, mp.arp_interval
                ),
            );
            mp.arp_interval = 0;
        }

        if mp.updelay.checked_rem(mp.miimon).unwrap_or(0) != 0 {
            warn(
                log,
                format_args!(
                    "Warning: updelay ({}) is not a multiple of miimon ({}), updelay rounded to {} ms",
                    mp.updelay,
                    mp.miimon,
                    mp.updelay.checked_div(mp.miimon).unwrap_or(0).wrapping_mul(mp.miimon)
                ),
            );
        }
        mp.updelay = mp.updelay.checked_div(mp.miimon).unwrap_or(0);

        if mp.downdelay.checked_rem(mp.miimon).unwrap_or(0) != 0 {
            warn(
                log,
                format_args!(
                    "Warning: downdelay ({}) is not a multiple of miimon ({}), downdelay rounded to {} ms",
                    mp.downdelay,
                    mp.miimon,
                    mp.downdelay.checked_div(mp.miimon).unwrap_or(0).wrapping_mul(mp.miimon)
                ),
            );
        }
        mp.downdelay = mp.downdelay.checked_div(mp.miimon).unwrap_or(0);
    }

    if mp.arp_interval < 0 {
        warn(
            log,
            format_args!(
                "Warning: arp_interval module parameter ({}), not in range 0-{}, so it was reset to 0",
                mp.arp_interval,
                i32::MAX
            ),
        );
        mp.arp_interval = 0;
    }
}

/// The arp_ip_target strings: the valid, distinct targets and their
/// count; a bad one turns ARP monitoring off, as does the lack of targets.
fn check_arp_targets(
    mp: &mut RawParams<'_>,
    log: &mut dyn Log,
) -> ([[u8; 4]; MAX_ARP_TARGETS], usize) {
    let mut arp_target = [[0u8; 4]; MAX_ARP_TARGETS];
    let mut arp_ip_count = 0usize;
    for s in mp.arp_ip_target.iter().map_while(|t| *t) {
        match in4_pton(s) {
            Some(ip) if ip_target_ok(ip) => {
                if find_arp_target(&arp_target, ip).is_none() {
                    if let Some(slot) = arp_target.get_mut(arp_ip_count) {
                        *slot = ip;
                    }
                    arp_ip_count = arp_ip_count.wrapping_add(1);
                } else {
                    warn(
                        log,
                        format_args!(
                            "Warning: duplicate address {} in arp_ip_target, skipping",
                            Ip4(&ip)
                        ),
                    );
                }
            }
            _ => {
                warn(
                    log,
                    format_args!(
                        "Warning: bad arp_ip_target module parameter ({}), ARP monitoring will not be performed",
                        Bytes(cstr(s))
                    ),
                );
                mp.arp_interval = 0;
            }
        }
    }

    if mp.arp_interval != 0 && arp_ip_count == 0 {
        warn(
            log,
            format_args!(
                "Warning: arp_interval module parameter ({}) specified without providing an arp_ip_target parameter, arp_interval was reset to 0",
                mp.arp_interval
            ),
        );
        mp.arp_interval = 0;
    }

    (arp_target, arp_ip_count)
}

/// arp_validate (which needs arp_interval) and arp_all_targets: their
/// values.
fn check_arp_validate(mp: &RawParams<'_>, log: &mut dyn Log) -> Result<(u64, u64), i32> {
    let arp_validate_value: u64 = if let Some(s) = mp.arp_validate {
        if mp.arp_interval == 0 {
            err(log, format_args!("arp_validate requires arp_interval"));
            return Err(EINVAL);
        }
        match parse(get(OptId::ArpValidate), Input::Str(s)) {
            Some(v) => v,
            None => {
                err(
                    log,
                    format_args!("Error: invalid arp_validate \"{}\"", parsed_str(s)),
                );
                return Err(EINVAL);
            }
        }
    } else {
        0
    };

    let mut arp_all_targets_value: u64 = 0;
    if let Some(s) = mp.arp_all_targets {
        match parse(get(OptId::ArpAllTargets), Input::Str(s)) {
            Some(v) => arp_all_targets_value = v,
            None => {
                err(
                    log,
                    format_args!("Error: invalid arp_all_targets_value \"{}\"", parsed_str(s)),
                );
                arp_all_targets_value = 0;
            }
        }
    }

    Ok((arp_validate_value, arp_all_targets_value))
}

/// The message saying which link monitoring is set up, if any.
fn log_monitoring(
    mp: &RawParams<'_>,
    arp_validate_value: u64,
    arp_ip_count: usize,
    log: &mut dyn Log,
) {
    if mp.miimon != 0 {
        info(
            log,
            format_args!("MII link monitoring set to {} ms", mp.miimon),
        );
    } else if mp.arp_interval != 0 {
        info(
            log,
            format_args!(
                "ARP monitoring set to {} ms, validate {}, with {} target(s):{}",
                mp.arp_interval,
                value_name(OptId::ArpValidate, arp_validate_value).unwrap_or("(null)"),
                arp_ip_count,
                TargetList(&mp.arp_ip_target, arp_ip_count)
            ),
        );
    } else if mp.max_bonds != 0 {
        log.log(Level::Debug, format_args!("Warning: either miimon or arp_interval and arp_ip_target module parameters must be specified, otherwise bonding will not detect link failures! see bonding.txt for details"));
    }
}

/// primary (dropped in modes without one), primary_reselect and
/// fail_over_mac: the values of the last two.
fn check_primary(
    mp: &mut RawParams<'_>,
    bond_mode: Mode,
    log: &mut dyn Log,
) -> Result<(u64, u64), i32> {
    if let Some(p) = mp.primary {
        if !bond_mode.uses_primary() {
            warn(
                log,
                format_args!(
                    "Warning: {} primary device specified but has no effect in {} mode",
                    Bytes(cstr(p)),
                    mode_description(bond_mode as i64)
                ),
            );
            mp.primary = None;
        }
    }

    let primary_reselect_value: u64 = match (mp.primary, mp.primary_reselect) {
        (Some(_), Some(s)) => match parse(get(OptId::PrimaryReselect), Input::Str(s)) {
            Some(v) => v,
            None => {
                err(
                    log,
                    format_args!("Error: Invalid primary_reselect \"{}\"", parsed_str(s)),
                );
                return Err(EINVAL);
            }
        },
        _ => PRI_RESELECT_ALWAYS as u64,
    };

    let fail_over_mac_value: u64 = if let Some(s) = mp.fail_over_mac {
        let v = match parse(get(OptId::FailOverMac), Input::Str(s)) {
            Some(v) => v,
            None => {
                err(
                    log,
                    format_args!("Error: invalid fail_over_mac \"{}\"", parsed_str(s)),
                );
                return Err(EINVAL);
            }
        };
        if bond_mode != Mode::ActiveBackup {
            warn(
                log,
                format_args!("Warning: fail_over_mac only affects active-backup mode"),
            );
        }
        v
    } else {
        FOM_NONE as u64
    };

    Ok((primary_reselect_value, fail_over_mac_value))
}

/// The option table defaults of ad_actor_sys_prio, ad_user_port_key and
/// tlb_dynamic_lb, which have no module parameter.
fn option_defaults(log: &mut dyn Log) -> Result<(u64, u64, u64), i32> {
    let Some(ad_actor_sys_prio) = parse(get(OptId::AdActorSysPrio), Input::Str(b"default")) else {
        err(
            log,
            format_args!("Error: No ad_actor_sys_prio default value"),
        );
        return Err(EINVAL);
    };
    let Some(ad_user_port_key) = parse(get(OptId::AdUserPortKey), Input::Str(b"default")) else {
        err(
            log,
            format_args!("Error: No ad_user_port_key default value"),
        );
        return Err(EINVAL);
    };
    let Some(tlb_dynamic_lb) = parse(get(OptId::TlbDynamicLb), Input::Str(b"default")) else {
        err(log, format_args!("Error: No tlb_dynamic_lb default value"));
        return Err(EINVAL);
    };

    Ok((ad_actor_sys_prio, ad_user_port_key, tlb_dynamic_lb))
}

/// lp_interval: 0 is reset to the default.
fn check_lp_interval(mp: &mut RawParams<'_>, log: &mut dyn Log) {
    if mp.lp_interval == 0 {
        warn(
            log,
            format_args!(
                "Warning: ip_interval must be between 1 and {}, so it was reset to {}",
                i32::MAX,
                BOND_ALB_DEFAULT_LP_INTERVAL
            ),
        );
        mp.lp_interval = BOND_ALB_DEFAULT_LP_INTERVAL;
    }
}

#[cfg(test)]
mod tests;
