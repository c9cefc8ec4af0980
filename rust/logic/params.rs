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
    let mut max_bonds = raw.max_bonds;
    let mut tx_queues = raw.tx_queues;
    let mut num_peer_notif = raw.num_peer_notif;
    let mut miimon = raw.miimon;
    let mut updelay = raw.updelay;
    let mut downdelay = raw.downdelay;
    let mut use_carrier = raw.use_carrier;
    let mut arp_interval = raw.arp_interval;
    let mut all_slaves_active = raw.all_slaves_active;
    let mut resend_igmp = raw.resend_igmp;
    let mut packets_per_slave = raw.packets_per_slave;
    let mut lp_interval = raw.lp_interval;
    let mut primary = raw.primary;

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

    if max_bonds < 0 {
        warn(
            log,
            format_args!(
                "Warning: max_bonds ({}) not in range {}-{}, so it was reset to BOND_DEFAULT_MAX_BONDS ({})",
                max_bonds,
                0,
                i32::MAX,
                BOND_DEFAULT_MAX_BONDS
            ),
        );
        max_bonds = BOND_DEFAULT_MAX_BONDS;
    }

    if miimon < 0 {
        warn(
            log,
            format_args!(
                "Warning: miimon module parameter ({}), not in range 0-{}, so it was reset to 0",
                miimon,
                i32::MAX
            ),
        );
        miimon = 0;
    }

    if updelay < 0 {
        warn(
            log,
            format_args!(
                "Warning: updelay module parameter ({}), not in range 0-{}, so it was reset to 0",
                updelay,
                i32::MAX
            ),
        );
        updelay = 0;
    }

    if downdelay < 0 {
        warn(
            log,
            format_args!(
                "Warning: downdelay module parameter ({}), not in range 0-{}, so it was reset to 0",
                downdelay,
                i32::MAX
            ),
        );
        downdelay = 0;
    }

    if use_carrier != 0 && use_carrier != 1 {
        warn(
            log,
            format_args!(
                "Warning: use_carrier module parameter ({}), not of valid value (0/1), so it was set to 1",
                use_carrier
            ),
        );
        use_carrier = 1;
    }

    if !(0..=255).contains(&num_peer_notif) {
        warn(
            log,
            format_args!(
                "Warning: num_grat_arp/num_unsol_na ({}) not in range 0-255 so it was reset to 1",
                num_peer_notif
            ),
        );
        num_peer_notif = 1;
    }

    if !bond_mode.uses_arp() && miimon == 0 {
        warn(log, format_args!("Warning: miimon must be specified, otherwise bonding will not detect link failure, speed and duplex which are essential for 802.3ad operation"));
        warn(log, format_args!("Forcing miimon to 100msec"));
        miimon = BOND_DEFAULT_MIIMON;
    }

    if !(1..=255).contains(&tx_queues) {
        warn(
            log,
            format_args!(
                "Warning: tx_queues ({}) should be between 1 and 255, resetting to {}",
                tx_queues, BOND_DEFAULT_TX_QUEUES
            ),
        );
        tx_queues = BOND_DEFAULT_TX_QUEUES;
    }

    if all_slaves_active != 0 && all_slaves_active != 1 {
        warn(
            log,
            format_args!(
                "Warning: all_slaves_active module parameter ({}), not of valid value (0/1), so it was set to 0",
                all_slaves_active
            ),
        );
        all_slaves_active = 0;
    }

    if !(0..=255).contains(&resend_igmp) {
        warn(
            log,
            format_args!(
                "Warning: resend_igmp ({}) should be between 0 and 255, resetting to {}",
                resend_igmp, BOND_DEFAULT_RESEND_IGMP
            ),
        );
        resend_igmp = BOND_DEFAULT_RESEND_IGMP;
    }

    // The int is widened to u64 with sign extension, like in C.
    if parse(
        get(OptId::PacketsPerSlave),
        Input::Num(packets_per_slave as i64 as u64),
    )
    .is_none()
    {
        warn(
            log,
            format_args!(
                "Warning: packets_per_slave ({}) should be between 0 and {} resetting to 1",
                packets_per_slave,
                u16::MAX
            ),
        );
        packets_per_slave = 1;
    }

    if bond_mode == Mode::Alb {
        log.log(
            Level::Notice,
            format_args!(
                "In ALB mode you might experience client disconnections upon reconnection of a link if the bonding module updelay parameter ({} msec) is incompatible with the forwarding delay time of the switch",
                updelay
            ),
        );
    }

    if miimon == 0 {
        if updelay != 0 || downdelay != 0 {
            warn(
                log,
                format_args!(
                    "Warning: miimon module parameter not set and updelay ({}) or downdelay ({}) module parameter is set; updelay and downdelay have no effect unless miimon is set",
                    updelay, downdelay
                ),
            );
        }
    } else {
        if arp_interval != 0 {
            warn(
                log,
                format_args!(
                    "Warning: miimon ({}) and arp_interval ({}) can't be used simultaneously, disabling ARP monitoring",
                    miimon, arp_interval
                ),
            );
            arp_interval = 0;
        }

        if updelay.checked_rem(miimon).unwrap_or(0) != 0 {
            warn(
                log,
                format_args!(
                    "Warning: updelay ({}) is not a multiple of miimon ({}), updelay rounded to {} ms",
                    updelay,
                    miimon,
                    updelay.checked_div(miimon).unwrap_or(0).wrapping_mul(miimon)
                ),
            );
        }
        updelay = updelay.checked_div(miimon).unwrap_or(0);

        if downdelay.checked_rem(miimon).unwrap_or(0) != 0 {
            warn(
                log,
                format_args!(
                    "Warning: downdelay ({}) is not a multiple of miimon ({}), downdelay rounded to {} ms",
                    downdelay,
                    miimon,
                    downdelay.checked_div(miimon).unwrap_or(0).wrapping_mul(miimon)
                ),
            );
        }
        downdelay = downdelay.checked_div(miimon).unwrap_or(0);
    }

    if arp_interval < 0 {
        warn(
            log,
            format_args!(
                "Warning: arp_interval module parameter ({}), not in range 0-{}, so it was reset to 0",
                arp_interval,
                i32::MAX
            ),
        );
        arp_interval = 0;
    }

    let mut arp_target = [[0u8; 4]; MAX_ARP_TARGETS];
    let mut arp_ip_count = 0usize;
    for s in raw.arp_ip_target.iter().map_while(|t| *t) {
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
                arp_interval = 0;
            }
        }
    }

    if arp_interval != 0 && arp_ip_count == 0 {
        warn(
            log,
            format_args!(
                "Warning: arp_interval module parameter ({}) specified without providing an arp_ip_target parameter, arp_interval was reset to 0",
                arp_interval
            ),
        );
        arp_interval = 0;
    }

    let arp_validate_value: u64 = if let Some(s) = raw.arp_validate {
        if arp_interval == 0 {
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
    if let Some(s) = raw.arp_all_targets {
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

    if miimon != 0 {
        info(
            log,
            format_args!("MII link monitoring set to {} ms", miimon),
        );
    } else if arp_interval != 0 {
        info(
            log,
            format_args!(
                "ARP monitoring set to {} ms, validate {}, with {} target(s):{}",
                arp_interval,
                value_name(OptId::ArpValidate, arp_validate_value).unwrap_or("(null)"),
                arp_ip_count,
                TargetList(&raw.arp_ip_target, arp_ip_count)
            ),
        );
    } else if max_bonds != 0 {
        log.log(Level::Debug, format_args!("Warning: either miimon or arp_interval and arp_ip_target module parameters must be specified, otherwise bonding will not detect link failures! see bonding.txt for details"));
    }

    if let Some(p) = primary {
        if !bond_mode.uses_primary() {
            warn(
                log,
                format_args!(
                    "Warning: {} primary device specified but has no effect in {} mode",
                    Bytes(cstr(p)),
                    mode_description(bond_mode as i64)
                ),
            );
            primary = None;
        }
    }

    let primary_reselect_value: u64 = match (primary, raw.primary_reselect) {
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

    let fail_over_mac_value: u64 = if let Some(s) = raw.fail_over_mac {
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

    if lp_interval == 0 {
        warn(
            log,
            format_args!(
                "Warning: ip_interval must be between 1 and {}, so it was reset to {}",
                i32::MAX,
                BOND_ALB_DEFAULT_LP_INTERVAL
            ),
        );
        lp_interval = BOND_ALB_DEFAULT_LP_INTERVAL;
    }

    params.mode = bond_mode;
    params.xmit_policy = xmit_hashtype as u8;
    params.miimon = miimon;
    params.num_peer_notif = num_peer_notif as u8;
    params.arp_interval = arp_interval;
    params.arp_validate = arp_validate_value as i32;
    params.arp_all_targets = arp_all_targets_value as i32;
    params.missed_max = 2;
    params.updelay = updelay;
    params.downdelay = downdelay;
    params.peer_notif_delay = 0;
    params.use_carrier = use_carrier;
    params.lacp_active = 1;
    params.lacp_fast = lacp_fast as i32;
    params.primary = [0; 16];
    params.primary_reselect = primary_reselect_value as i32;
    params.fail_over_mac = fail_over_mac_value as i32;
    params.tx_queues = tx_queues;
    params.all_slaves_active = all_slaves_active;
    params.resend_igmp = resend_igmp;
    params.min_links = raw.min_links as u32;
    params.lp_interval = lp_interval as i32;
    params.packets_per_slave = packets_per_slave;
    params.tlb_dynamic_lb = tlb_dynamic_lb as i32;
    params.ad_actor_sys_prio = ad_actor_sys_prio as u16;
    params.ad_actor_system = [0; 6];
    params.ad_user_port_key = ad_user_port_key as u16;
    params.coupled_control = 1;
    params.broadcast_neighbor = 0;
    if let Some(p) = primary {
        params.primary = ifname_pad(p);
    }
    params.arp_targets = arp_target;
    params.ns_targets = [[0; 16]; MAX_ARP_TARGETS];

    Ok(ModuleDefaults {
        params,
        max_bonds,
        tx_queues,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logic::log::RecLog;
    use crate::logic::options::IFNAMSIZ;
    use std::string::String;
    use std::vec::Vec;

    const E: Level = Level::Err;
    const W: Level = Level::Warn;
    const I: Level = Level::Info;
    const N: Level = Level::Notice;
    const DBG: Level = Level::Debug;
    const NO_MON: &str = "Warning: either miimon or arp_interval and arp_ip_target module parameters must be specified, otherwise bonding will not detect link failures! see bonding.txt for details";
    const FORCE1: &str = "Warning: miimon must be specified, otherwise bonding will not detect link failure, speed and duplex which are essential for 802.3ad operation";
    const FORCE2: &str = "Forcing miimon to 100msec";

    fn check(raw: &RawParams<'_>) -> (Result<ModuleDefaults, i32>, Vec<(Level, String)>) {
        let mut l = RecLog::new();
        let r = check_params(raw, &mut l);
        (r, l.msgs)
    }

    fn ok(raw: &RawParams<'_>) -> (ModuleDefaults, Vec<(Level, String)>) {
        let (r, m) = check(raw);
        (r.expect("check_params failed"), m)
    }

    fn msgs(v: &[(Level, &str)]) -> Vec<(Level, String)> {
        v.iter().map(|(l, s)| (*l, String::from(*s))).collect()
    }

    fn expected_defaults() -> Params {
        let mut p = Params::zeroed();
        p.mode = Mode::RoundRobin;
        p.num_peer_notif = 1;
        p.missed_max = 2;
        p.use_carrier = 1;
        p.lacp_active = 1;
        p.tx_queues = 16;
        p.resend_igmp = 1;
        p.lp_interval = 1;
        p.packets_per_slave = 1;
        p.tlb_dynamic_lb = 1;
        p.ad_actor_sys_prio = 65535;
        p.coupled_control = 1;
        p
    }

    #[test]
    fn defaults() {
        let raw = RawParams::default();
        assert_eq!(raw.max_bonds, 1);
        assert_eq!(raw.tx_queues, 16);
        assert_eq!(raw.num_peer_notif, 1);
        assert_eq!(raw.use_carrier, 1);
        assert_eq!(raw.resend_igmp, 1);
        assert_eq!(raw.packets_per_slave, 1);
        assert_eq!(raw.lp_interval, 1);
        assert_eq!(
            (
                raw.miimon,
                raw.updelay,
                raw.downdelay,
                raw.min_links,
                raw.arp_interval
            ),
            (0, 0, 0, 0, 0)
        );
        assert_eq!(raw.all_slaves_active, 0);
        assert!(
            raw.mode.is_none()
                && raw.primary.is_none()
                && raw.arp_ip_target.iter().all(|t| t.is_none())
        );
        let (d, m) = ok(&raw);
        assert_eq!(m, msgs(&[(DBG, NO_MON)]));
        assert_eq!(
            d,
            ModuleDefaults {
                params: expected_defaults(),
                max_bonds: 1,
                tx_queues: 16
            }
        );
        assert_eq!(
            (
                BOND_DEFAULT_MAX_BONDS,
                BOND_DEFAULT_TX_QUEUES,
                BOND_DEFAULT_RESEND_IGMP,
                BOND_ALB_DEFAULT_LP_INTERVAL
            ),
            (1, 16, 1, 1)
        );
    }

    #[test]
    fn mode_param() {
        let mut raw = RawParams::defaults();
        raw.mode = Some(b"foo\n");
        assert_eq!(
            check(&raw),
            (
                Err(EINVAL),
                msgs(&[(E, "Error: Invalid bonding mode \"foo\"")])
            )
        );
        raw.mode = Some(b"7");
        assert_eq!(check(&raw).0, Err(EINVAL));
        for (s, m) in [
            (&b"1"[..], Mode::ActiveBackup),
            (b"balance-xor", Mode::Xor),
            (b"broadcast", Mode::Broadcast),
        ] {
            raw.mode = Some(s);
            let (d, msg) = ok(&raw);
            assert_eq!(d.params.mode, m);
            assert_eq!(msg, msgs(&[(DBG, NO_MON)]));
        }
        for (s, m) in [(&b"802.3ad"[..], Mode::Ieee8023ad), (b"5", Mode::Tlb)] {
            raw.mode = Some(s);
            let (d, msg) = ok(&raw);
            assert_eq!((d.params.mode, d.params.miimon), (m, 100));
            assert_eq!(
                msg,
                msgs(&[
                    (W, FORCE1),
                    (W, FORCE2),
                    (I, "MII link monitoring set to 100 ms")
                ])
            );
        }
        raw.mode = Some(b"balance-alb");
        let (d, msg) = ok(&raw);
        assert_eq!(d.params.mode, Mode::Alb);
        assert_eq!(msg, msgs(&[
            (W, FORCE1), (W, FORCE2),
            (N, "In ALB mode you might experience client disconnections upon reconnection of a link if the bonding module updelay parameter (0 msec) is incompatible with the forwarding delay time of the switch"),
            (I, "MII link monitoring set to 100 ms"),
        ]));
    }

    #[test]
    fn hash_lacp_adselect() {
        let mut raw = RawParams::defaults();
        raw.xmit_hash_policy = Some(b"bogus");
        let (d, m) = ok(&raw);
        assert_eq!(d.params.xmit_policy, 0);
        assert_eq!(
            m[0],
            (
                I,
                String::from(
                    "xmit_hash_policy param is irrelevant in mode load balancing (round-robin)"
                )
            )
        );
        raw.mode = Some(b"active-backup");
        assert_eq!(
            ok(&raw).1[0].1,
            "xmit_hash_policy param is irrelevant in mode fault-tolerance (active-backup)"
        );
        raw.mode = Some(b"xor\n");
        assert_eq!(check(&raw).0, Err(EINVAL));
        raw.mode = Some(b"balance-xor");
        assert_eq!(
            check(&raw),
            (
                Err(EINVAL),
                msgs(&[(E, "Error: Invalid xmit_hash_policy \"bogus\"")])
            )
        );
        raw.xmit_hash_policy = Some(b"layer3+4");
        assert_eq!(ok(&raw).0.params.xmit_policy, 1);

        let mut raw = RawParams::defaults();
        raw.lacp_rate = Some(b"fast");
        raw.mode = Some(b"balance-tlb");
        let (d, m) = ok(&raw);
        assert_eq!(d.params.lacp_fast, 0);
        assert_eq!(
            m[0],
            (
                I,
                String::from("lacp_rate param is irrelevant in mode transmit load balancing")
            )
        );
        raw.mode = Some(b"802.3ad");
        assert_eq!(ok(&raw).0.params.lacp_fast, 1);
        raw.lacp_rate = Some(b"2");
        assert_eq!(
            check(&raw),
            (Err(EINVAL), msgs(&[(E, "Error: Invalid lacp rate \"2\"")]))
        );

        let mut raw = RawParams::defaults();
        raw.ad_select = Some(b"count");
        let (d, m) = ok(&raw);
        assert_eq!(d.params.ad_select, 2);
        assert_eq!(
            m[0],
            (W, String::from("ad_select param only affects 802.3ad mode"))
        );
        raw.mode = Some(b"4");
        let (d, m) = ok(&raw);
        assert_eq!(d.params.ad_select, 2);
        assert!(!m.iter().any(|(_, s)| s.contains("ad_select")));
        raw.ad_select = Some(b"nope\n");
        assert_eq!(
            check(&raw),
            (
                Err(EINVAL),
                msgs(&[(E, "Error: Invalid ad_select \"nope\"")])
            )
        );
    }

    #[test]
    fn integer_resets() {
        type Setter = fn(&mut RawParams<'_>);
        let cases: &[(Setter, &str)] = &[
            (|r| r.max_bonds = -1, "Warning: max_bonds (-1) not in range 0-2147483647, so it was reset to BOND_DEFAULT_MAX_BONDS (1)"),
            (|r| r.miimon = -5, "Warning: miimon module parameter (-5), not in range 0-2147483647, so it was reset to 0"),
            (|r| r.updelay = -1, "Warning: updelay module parameter (-1), not in range 0-2147483647, so it was reset to 0"),
            (|r| r.downdelay = -2, "Warning: downdelay module parameter (-2), not in range 0-2147483647, so it was reset to 0"),
            (|r| r.use_carrier = 2, "Warning: use_carrier module parameter (2), not of valid value (0/1), so it was set to 1"),
            (|r| r.num_peer_notif = 256, "Warning: num_grat_arp/num_unsol_na (256) not in range 0-255 so it was reset to 1"),
            (|r| r.num_peer_notif = -1, "Warning: num_grat_arp/num_unsol_na (-1) not in range 0-255 so it was reset to 1"),
            (|r| r.tx_queues = 0, "Warning: tx_queues (0) should be between 1 and 255, resetting to 16"),
            (|r| r.tx_queues = 256, "Warning: tx_queues (256) should be between 1 and 255, resetting to 16"),
            (|r| r.all_slaves_active = 2, "Warning: all_slaves_active module parameter (2), not of valid value (0/1), so it was set to 0"),
            (|r| r.resend_igmp = 256, "Warning: resend_igmp (256) should be between 0 and 255, resetting to 1"),
            (|r| r.resend_igmp = -1, "Warning: resend_igmp (-1) should be between 0 and 255, resetting to 1"),
            (|r| r.packets_per_slave = 65536, "Warning: packets_per_slave (65536) should be between 0 and 65535 resetting to 1"),
            (|r| r.packets_per_slave = -1, "Warning: packets_per_slave (-1) should be between 0 and 65535 resetting to 1"),
            (|r| r.packets_per_slave = -2, "Warning: packets_per_slave (-2) should be between 0 and 65535 resetting to 1"),
            (|r| r.arp_interval = -1, "Warning: arp_interval module parameter (-1), not in range 0-2147483647, so it was reset to 0"),
            (|r| r.lp_interval = 0, "Warning: ip_interval must be between 1 and 2147483647, so it was reset to 1"),
        ];
        for (set, msg) in cases {
            let mut raw = RawParams::defaults();
            set(&mut raw);
            let (d, m) = ok(&raw);
            // lp_interval is checked after the monitoring summary
            let want = if msg.contains("ip_interval") {
                msgs(&[(DBG, NO_MON), (W, msg)])
            } else {
                msgs(&[(W, msg), (DBG, NO_MON)])
            };
            assert_eq!(m, want, "{msg}");
            assert_eq!(
                d,
                ModuleDefaults {
                    params: expected_defaults(),
                    max_bonds: 1,
                    tx_queues: 16
                },
                "{msg}"
            );
        }
        // accepted boundary values
        let mut raw = RawParams::defaults();
        raw.max_bonds = 0;
        raw.use_carrier = 0;
        raw.num_peer_notif = 255;
        raw.tx_queues = 255;
        raw.all_slaves_active = 1;
        raw.resend_igmp = 0;
        raw.packets_per_slave = 0;
        raw.min_links = -1;
        raw.lp_interval = u32::MAX;
        let (d, m) = ok(&raw);
        assert_eq!(m, msgs(&[]));
        let p = d.params;
        assert_eq!((d.max_bonds, d.tx_queues, p.tx_queues), (0, 255, 255));
        assert_eq!(
            (
                p.use_carrier,
                p.num_peer_notif,
                p.all_slaves_active,
                p.resend_igmp
            ),
            (0, 255, 1, 0)
        );
        assert_eq!(
            (p.packets_per_slave, p.min_links, p.lp_interval),
            (0, u32::MAX, -1)
        );
    }

    #[test]
    fn miimon_and_delays() {
        let mut raw = RawParams::defaults();
        raw.updelay = 200;
        let (d, m) = ok(&raw);
        assert_eq!(m, msgs(&[
            (W, "Warning: miimon module parameter not set and updelay (200) or downdelay (0) module parameter is set; updelay and downdelay have no effect unless miimon is set"),
            (DBG, NO_MON),
        ]));
        // kept unscaled, like C
        assert_eq!(d.params.updelay, 200);

        let mut raw = RawParams::defaults();
        raw.miimon = 100;
        raw.updelay = 250;
        raw.downdelay = 300;
        raw.arp_interval = 1000;
        raw.arp_ip_target[0] = Some(b"10.0.0.1");
        let (d, m) = ok(&raw);
        assert_eq!(m, msgs(&[
            (W, "Warning: miimon (100) and arp_interval (1000) can't be used simultaneously, disabling ARP monitoring"),
            (W, "Warning: updelay (250) is not a multiple of miimon (100), updelay rounded to 200 ms"),
            (I, "MII link monitoring set to 100 ms"),
        ]));
        let p = d.params;
        assert_eq!(
            (p.miimon, p.updelay, p.downdelay, p.arp_interval),
            (100, 2, 3, 0)
        );
        assert_eq!(p.arp_targets[0], [10, 0, 0, 1]);

        raw.downdelay = 150;
        raw.arp_interval = 0;
        let (_, m) = ok(&raw);
        assert_eq!(m[1].1, "Warning: downdelay (150) is not a multiple of miimon (100), downdelay rounded to 100 ms");

        let mut raw = RawParams::defaults();
        raw.mode = Some(b"6");
        raw.updelay = 150;
        raw.miimon = 100;
        let (d, m) = ok(&raw);
        assert_eq!(m[0].1, "In ALB mode you might experience client disconnections upon reconnection of a link if the bonding module updelay parameter (150 msec) is incompatible with the forwarding delay time of the switch");
        assert_eq!(m[1].0, W);
        assert_eq!(d.params.updelay, 1);
    }

    #[test]
    fn arp_params() {
        let mut raw = RawParams::defaults();
        raw.arp_interval = 1000;
        let (d, m) = ok(&raw);
        assert_eq!(m, msgs(&[
            (W, "Warning: arp_interval module parameter (1000) specified without providing an arp_ip_target parameter, arp_interval was reset to 0"),
            (DBG, NO_MON),
        ]));
        assert_eq!(d.params.arp_interval, 0);

        raw.arp_ip_target[0] = Some(b"10.0.0.1");
        raw.arp_ip_target[1] = Some(b"10.0.0.1");
        raw.arp_ip_target[2] = Some(b"10.0.0.2");
        raw.arp_ip_target[4] = Some(b"10.0.0.9");
        raw.arp_validate = Some(b"active");
        raw.arp_all_targets = Some(b"all");
        let (d, m) = ok(&raw);
        assert_eq!(m, msgs(&[
            (W, "Warning: duplicate address 10.0.0.1 in arp_ip_target, skipping"),
            // C prints the first <count> raw strings, duplicates included
            (I, "ARP monitoring set to 1000 ms, validate active, with 2 target(s): 10.0.0.1 10.0.0.1"),
        ]));
        let p = d.params;
        assert_eq!(
            (p.arp_interval, p.arp_validate, p.arp_all_targets),
            (1000, 1, 1)
        );
        assert_eq!(&p.arp_targets[..3], &[[10, 0, 0, 1], [10, 0, 0, 2], [0; 4]]);
        assert_eq!(p.arp_target_count(), 2);

        raw.arp_ip_target[1] = Some(b"1.2.3");
        let (r, m) = check(&raw);
        assert_eq!((r, m), (Err(EINVAL), msgs(&[
            (W, "Warning: bad arp_ip_target module parameter (1.2.3), ARP monitoring will not be performed"),
            (E, "arp_validate requires arp_interval"),
        ])));
        raw.arp_validate = None;
        let (d, m) = ok(&raw);
        assert_eq!(m, msgs(&[
            (W, "Warning: bad arp_ip_target module parameter (1.2.3), ARP monitoring will not be performed"),
            (DBG, NO_MON),
        ]));
        assert_eq!(d.params.arp_interval, 0);
        assert_eq!(d.params.arp_target_count(), 2);

        let mut raw = RawParams::defaults();
        raw.arp_interval = 500;
        raw.arp_ip_target[0] = Some(b"255.255.255.255");
        raw.arp_ip_target[1] = Some(b"0.0.0.0");
        raw.arp_ip_target[2] = Some(b"192.168.1.1\n");
        let (d, m) = ok(&raw);
        assert_eq!(m[0].1, "Warning: bad arp_ip_target module parameter (255.255.255.255), ARP monitoring will not be performed");
        assert_eq!(m[1].1, "Warning: bad arp_ip_target module parameter (0.0.0.0), ARP monitoring will not be performed");
        assert_eq!(d.params.arp_targets[0], [192, 168, 1, 1]);
        assert_eq!(d.params.arp_interval, 0);

        let mut raw = RawParams::defaults();
        raw.arp_interval = 500;
        raw.arp_ip_target[0] = Some(b"192.168.1.1");
        raw.arp_validate = Some(b"bogus\n");
        assert_eq!(
            check(&raw),
            (
                Err(EINVAL),
                msgs(&[(E, "Error: invalid arp_validate \"bogus\"")])
            )
        );
        raw.arp_validate = Some(b"filter_backup");
        raw.arp_all_targets = Some(b"most");
        let (d, m) = ok(&raw);
        assert_eq!(m, msgs(&[
            (E, "Error: invalid arp_all_targets_value \"most\""),
            (I, "ARP monitoring set to 500 ms, validate filter_backup, with 1 target(s): 192.168.1.1"),
        ]));
        assert_eq!((d.params.arp_validate, d.params.arp_all_targets), (6, 0));

        // 16 targets fill the table
        let names: Vec<String> = (1..=16).map(|i| std::format!("10.1.0.{i}")).collect();
        let mut raw = RawParams::defaults();
        raw.arp_interval = 100;
        for (slot, n) in raw.arp_ip_target.iter_mut().zip(names.iter()) {
            *slot = Some(n.as_bytes());
        }
        let (d, m) = ok(&raw);
        assert_eq!(d.params.arp_target_count(), 16);
        assert!(m[0].1.ends_with("with 16 target(s): 10.1.0.1 10.1.0.2 10.1.0.3 10.1.0.4 10.1.0.5 10.1.0.6 10.1.0.7 10.1.0.8 10.1.0.9 10.1.0.10 10.1.0.11 10.1.0.12 10.1.0.13 10.1.0.14 10.1.0.15 10.1.0.16"));
    }

    #[test]
    fn primary_and_fom() {
        let mut raw = RawParams::defaults();
        raw.primary = Some(b"eth0");
        raw.primary_reselect = Some(b"invalid");
        let (d, m) = ok(&raw);
        assert_eq!(m, msgs(&[
            (DBG, NO_MON),
            (W, "Warning: eth0 primary device specified but has no effect in load balancing (round-robin) mode"),
        ]));
        assert_eq!(
            (d.params.primary, d.params.primary_reselect),
            ([0; IFNAMSIZ], 0)
        );

        raw.mode = Some(b"active-backup");
        assert_eq!(
            check(&raw),
            (
                Err(EINVAL),
                msgs(&[
                    (DBG, NO_MON),
                    (E, "Error: Invalid primary_reselect \"invalid\""),
                ])
            )
        );
        raw.primary_reselect = Some(b"better\n");
        let (d, _) = ok(&raw);
        assert_eq!(
            (d.params.primary_name(), d.params.primary_reselect),
            (&b"eth0"[..], 1)
        );
        raw.primary = Some(b"averyveryverylongname");
        assert_eq!(ok(&raw).0.params.primary_name(), b"averyveryverylo");
        raw.primary = None;
        assert_eq!(ok(&raw).0.params.primary_reselect, 0);

        let mut raw = RawParams::defaults();
        raw.fail_over_mac = Some(b"follow");
        let (d, m) = ok(&raw);
        assert_eq!(d.params.fail_over_mac, 2);
        assert_eq!(
            m[1],
            (
                W,
                String::from("Warning: fail_over_mac only affects active-backup mode")
            )
        );
        raw.mode = Some(b"1");
        let (d, m) = ok(&raw);
        assert_eq!((d.params.fail_over_mac, m.len()), (2, 1));
        raw.fail_over_mac = Some(b"sometimes");
        assert_eq!(
            check(&raw),
            (
                Err(EINVAL),
                msgs(&[
                    (DBG, NO_MON),
                    (E, "Error: invalid fail_over_mac \"sometimes\"")
                ])
            )
        );
    }

    #[test]
    fn full_8023ad_load() {
        let mut raw = RawParams::defaults();
        raw.mode = Some(b"802.3ad");
        raw.miimon = 100;
        raw.lacp_rate = Some(b"fast");
        raw.xmit_hash_policy = Some(b"layer2+3");
        raw.ad_select = Some(b"bandwidth");
        raw.min_links = 2;
        raw.max_bonds = 2;
        let (d, m) = ok(&raw);
        assert_eq!(m, msgs(&[(I, "MII link monitoring set to 100 ms")]));
        let mut want = expected_defaults();
        want.mode = Mode::Ieee8023ad;
        want.miimon = 100;
        want.lacp_fast = 1;
        want.xmit_policy = 2;
        want.ad_select = 1;
        want.min_links = 2;
        assert_eq!(
            d,
            ModuleDefaults {
                params: want,
                max_bonds: 2,
                tx_queues: 16
            }
        );
    }
}
