// SPDX-License-Identifier: GPL-2.0
//! ARP (IPv4) and NS (IPv6) monitoring targets: validity, lookup and
//! adding/removing them in [`Params`].

use super::apply::dbg;
use super::{cstr, in4_pton, Effects, Params, MAX_ARP_TARGETS};
use crate::logic::errno::{EINVAL, EPERM};
use crate::logic::log::{Ip4, Ip6c, Level, Log};

/// `bond_is_ip_target_ok()`: not 255.255.255.255 and not 0.0.0.0.
pub(crate) fn ip_target_ok(t: [u8; 4]) -> bool {
    t != [255; 4] && t != [0; 4]
}

/// `bond_is_ip6_target_ok()`: not ::, not ::1, not multicast.
pub(crate) fn ip6_target_ok(t: &[u8; 16]) -> bool {
    let mut lo = [0u8; 16];
    lo[15] = 1;
    *t != [0; 16] && *t != lo && t[0] != 0xff
}

/// Slot of `ip` in `targets` (`bond_get_targets_ip()`): searching stops at
/// the first empty slot, and `ip == 0` finds the first empty slot.
pub(crate) fn find_arp_target(targets: &[[u8; 4]; MAX_ARP_TARGETS], ip: [u8; 4]) -> Option<usize> {
    for (i, t) in targets.iter().enumerate() {
        if *t == ip {
            return Some(i);
        } else if *t == [0; 4] {
            break;
        }
    }
    None
}

/// Solicited-node multicast address of `a` (ff02::1:ffXX:XXXX).
pub(crate) fn solicited_node(a: &[u8; 16]) -> [u8; 16] {
    [
        0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, a[13], a[14], a[15],
    ]
}

/// Slot of `ip` in the NS targets (`bond_get_targets_ip6()`): matches the
/// target or its solicited-node address; stops at the first empty slot,
/// and `ip == ::` finds the first empty slot.
pub(crate) fn find_ns_target(
    targets: &[[u8; 16]; MAX_ARP_TARGETS],
    ip: &[u8; 16],
) -> Option<usize> {
    for (i, t) in targets.iter().enumerate() {
        if t == ip || solicited_node(t) == *ip {
            return Some(i);
        } else if *t == [0; 16] {
            break;
        }
    }
    None
}

pub(super) fn apply_arp_targets(
    params: &mut Params,
    value: u64,
    raw: &[u8],
    log: &mut dyn Log,
) -> Result<Effects, i32> {
    if raw.is_empty() {
        return arp_target_add(params, (value as u32).to_ne_bytes(), log);
    }
    let s = cstr(raw);
    let target = match s.split_first() {
        Some((_, rest)) => in4_pton(rest),
        None => None,
    };
    let (Some(target), Some(&cmd)) = (target, s.first()) else {
        log.log(Level::Err, format_args!("invalid ARP target specified"));
        return Err(EPERM);
    };
    match cmd {
        b'+' => arp_target_add(params, target, log),
        b'-' => arp_target_rem(params, target, log),
        _ => {
            log.log(
                Level::Err,
                format_args!("no command found in arp_ip_targets file - use +<addr> or -<addr>"),
            );
            Err(EPERM)
        }
    }
}

/// Adds ARP target `target` (network order), as the sysfs "+" command and
/// the netlink path do.
pub(crate) fn arp_target_add(
    params: &mut Params,
    target: [u8; 4],
    log: &mut dyn Log,
) -> Result<Effects, i32> {
    if !ip_target_ok(target) {
        log.log(
            Level::Err,
            format_args!("invalid ARP target {} specified for addition", Ip4(&target)),
        );
        return Err(EINVAL);
    }
    if find_arp_target(&params.arp_targets, target).is_some() {
        log.log(
            Level::Err,
            format_args!("ARP target {} is already present", Ip4(&target)),
        );
        return Err(EINVAL);
    }
    let Some(ind) = find_arp_target(&params.arp_targets, [0; 4]) else {
        log.log(Level::Err, format_args!("ARP target table is full!"));
        return Err(EINVAL);
    };
    dbg(log, format_args!("Adding ARP target {}", Ip4(&target)));
    if let Some(slot) = params.arp_targets.get_mut(ind) {
        *slot = target;
    }
    Ok(Effects {
        flags: Effects::ARP_TARGET_ADDED,
        slot: ind as u8,
    })
}

/// Removes ARP target `target`, shifting the following ones down.
pub(crate) fn arp_target_rem(
    params: &mut Params,
    target: [u8; 4],
    log: &mut dyn Log,
) -> Result<Effects, i32> {
    if !ip_target_ok(target) {
        log.log(
            Level::Err,
            format_args!("invalid ARP target {} specified for removal", Ip4(&target)),
        );
        return Err(EINVAL);
    }
    let Some(ind) = find_arp_target(&params.arp_targets, target) else {
        log.log(
            Level::Err,
            format_args!("unable to remove nonexistent ARP target {}", Ip4(&target)),
        );
        return Err(EINVAL);
    };
    if ind == 0 && params.arp_targets[1] == [0; 4] && params.arp_interval != 0 {
        log.log(
            Level::Warn,
            format_args!("Removing last arp target with arp_interval on"),
        );
    }
    dbg(log, format_args!("Removing ARP target {}", Ip4(&target)));
    let t = &mut params.arp_targets;
    let mut i = ind;
    while i < MAX_ARP_TARGETS - 1 && t[i + 1] != [0; 4] {
        t[i] = t[i + 1];
        i += 1;
    }
    if let Some(last) = t.get_mut(i) {
        *last = [0; 4];
    }
    Ok(Effects {
        flags: Effects::ARP_TARGET_REMOVED,
        slot: ind as u8,
    })
}

/// Adds NS target `target` (`bond_option_ns_ip6_targets_set()`).
pub(crate) fn ns_target_add(
    params: &mut Params,
    target: [u8; 16],
    log: &mut dyn Log,
) -> Result<Effects, i32> {
    if !ip6_target_ok(&target) {
        log.log(
            Level::Err,
            format_args!("invalid NS target {} specified for addition", Ip6c(&target)),
        );
        return Err(EINVAL);
    }
    if find_ns_target(&params.ns_targets, &target).is_some() {
        log.log(
            Level::Err,
            format_args!("NS target {} is already present", Ip6c(&target)),
        );
        return Err(EINVAL);
    }
    let Some(ind) = find_ns_target(&params.ns_targets, &[0; 16]) else {
        log.log(Level::Err, format_args!("NS target table is full!"));
        return Err(EINVAL);
    };
    dbg(log, format_args!("Adding NS target {}", Ip6c(&target)));
    if let Some(slot) = params.ns_targets.get_mut(ind) {
        *slot = target;
    }
    Ok(Effects {
        flags: Effects::NS_TARGET_ADDED,
        slot: ind as u8,
    })
}
