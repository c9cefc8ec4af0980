// SPDX-License-Identifier: GPL-2.0
//! Tests of the option table (against the C one) and of the modes.

use crate::logic::options::table::{D, MN, MX};
use crate::logic::options::*;
use std::vec::Vec;

/// (name, flags, supported modes as digits, values as (name, value, flags))
pub(super) type Row = (
    &'static str,
    u8,
    &'static str,
    &'static [(&'static str, u64, u8)],
);

const INTMAX: &[(&str, u64, u8)] = &[("off", 0, D), ("maxval", 2147483647, MX)];
const PEER: &[(&str, u64, u8)] = &[("off", 0, 0), ("maxval", 255, MX), ("default", 1, D)];

pub(super) const EXPECTED: [Row; OPT_COUNT] = [
    (
        "mode",
        NOSLAVES | IFDOWN,
        "0123456",
        &[
            ("balance-rr", 0, D),
            ("active-backup", 1, 0),
            ("balance-xor", 2, 0),
            ("broadcast", 3, 0),
            ("802.3ad", 4, 0),
            ("balance-tlb", 5, 0),
            ("balance-alb", 6, 0),
        ],
    ),
    (
        "packets_per_slave",
        0,
        "0",
        &[("default", 1, D), ("maxval", 65535, MX)],
    ),
    (
        "xmit_hash_policy",
        0,
        "0123456",
        &[
            ("layer2", 0, D),
            ("layer3+4", 1, 0),
            ("layer2+3", 2, 0),
            ("encap2+3", 3, 0),
            ("encap3+4", 4, 0),
            ("vlan+srcmac", 5, 0),
        ],
    ),
    (
        "arp_validate",
        0,
        "0123",
        &[
            ("none", 0, D),
            ("active", 1, 0),
            ("backup", 2, 0),
            ("all", 3, 0),
            ("filter", 4, 0),
            ("filter_active", 5, 0),
            ("filter_backup", 6, 0),
        ],
    ),
    (
        "arp_all_targets",
        0,
        "0123456",
        &[("any", 0, D), ("all", 1, 0)],
    ),
    (
        "fail_over_mac",
        NOSLAVES,
        "0123456",
        &[("none", 0, D), ("active", 1, 0), ("follow", 2, 0)],
    ),
    ("arp_interval", 0, "0123", INTMAX),
    ("arp_ip_target", RAWVAL, "0123456", &[]),
    ("downdelay", 0, "0123456", INTMAX),
    ("updelay", 0, "0123456", INTMAX),
    ("lacp_rate", IFDOWN, "4", &[("slow", 0, 0), ("fast", 1, 0)]),
    ("min_links", 0, "0123456", INTMAX),
    (
        "ad_select",
        IFDOWN,
        "0123456",
        &[("stable", 0, D), ("bandwidth", 1, 0), ("count", 2, 0)],
    ),
    ("num_unsol_na", 0, "0123456", PEER),
    ("miimon", 0, "0123456", INTMAX),
    ("primary", RAWVAL, "156", &[]),
    (
        "primary_reselect",
        0,
        "0123456",
        &[("always", 0, D), ("better", 1, 0), ("failure", 2, 0)],
    ),
    ("use_carrier", 0, "0123456", &[("off", 0, 0), ("on", 1, D)]),
    ("active_slave", RAWVAL, "156", &[]),
    ("queue_id", RAWVAL, "0123456", &[]),
    (
        "all_slaves_active",
        0,
        "0123456",
        &[("off", 0, D), ("on", 1, 0)],
    ),
    ("resend_igmp", 0, "0123456", PEER),
    (
        "lp_interval",
        0,
        "0123456",
        &[("minval", 1, MN | D), ("maxval", 2147483647, MX)],
    ),
    ("slaves", RAWVAL, "0123456", &[]),
    (
        "tlb_dynamic_lb",
        IFDOWN,
        "56",
        &[("off", 0, 0), ("on", 1, D)],
    ),
    (
        "ad_actor_sys_prio",
        0,
        "4",
        &[("minval", 1, MN), ("maxval", 65535, MX | D)],
    ),
    ("ad_actor_system", RAWVAL, "4", &[]),
    (
        "ad_user_port_key",
        IFDOWN,
        "4",
        &[("minval", 0, MN | D), ("maxval", 1023, MX)],
    ),
    ("num_grat_arp", 0, "0123456", PEER),
    (
        "peer_notif_delay",
        0,
        "0123456",
        &[("off", 0, 0), ("maxval", 300000, MX)],
    ),
    ("lacp_active", IFDOWN, "4", &[("off", 0, 0), ("on", 1, D)]),
    (
        "arp_missed_max",
        0,
        "0123",
        &[("minval", 1, MN), ("maxval", 255, MX), ("default", 2, D)],
    ),
    ("ns_ip6_target", RAWVAL, "0123456", &[]),
    ("prio", RAWVAL, "156", &[]),
    (
        "coupled_control",
        IFDOWN,
        "4",
        &[("on", 1, D), ("off", 0, 0)],
    ),
    ("broadcast_neighbor", 0, "4", &[("off", 0, D), ("on", 1, 0)]),
    ("actor_port_prio", RAWVAL, "4", &[]),
];

pub(super) fn supported(digits: &str, m: Mode) -> bool {
    digits.as_bytes().contains(&(b'0' + m as u8))
}

#[test]
fn table_matches_c() {
    for (i, (o, exp)) in OPTIONS.iter().zip(EXPECTED.iter()).enumerate() {
        assert_eq!(o.id as usize, i, "{}", o.name);
        assert_eq!(OptId::from_index(i), Some(o.id));
        assert_eq!(o.name, exp.0);
        assert_eq!(o.flags, exp.1, "{}", o.name);
        assert_eq!(o.is_raw(), exp.1 & RAWVAL != 0);
        for m in Mode::ALL {
            assert_eq!(o.supported_in(m), supported(exp.2, m), "{} {:?}", o.name, m);
        }
        let vals: Vec<(&str, u64, u8)> = o
            .values
            .iter()
            .map(|v| (v.name, v.value, v.flags))
            .collect();
        assert_eq!(vals, exp.3, "{}", o.name);
        assert!(get(o.id).name == o.name);
        assert!(core::ptr::eq(by_name(o.name.as_bytes()).unwrap(), o));
        assert_eq!(
            o.desc.is_none(),
            matches!(
                o.name,
                "ad_actor_sys_prio" | "ad_actor_system" | "ad_user_port_key" | "actor_port_prio"
            )
        );
    }
    assert_eq!(OptId::from_index(OPT_COUNT), None);
    assert!(by_name(b"nonexistent").is_none());
    assert!(by_name(b"mode\n").is_none());
    assert_eq!(get(OptId::LpInterval).min_value(), Some(1));
    assert_eq!(get(OptId::Miimon).min_value(), None);
    assert_eq!(get(OptId::Miimon).max_value(), Some(2147483647));
    assert_eq!(get(OptId::Mode).max_value(), None);
    assert_eq!(get(OptId::Mode).desc, Some("bond device mode"));
    assert_eq!(OptValue::DEFAULT | OptValue::MIN | OptValue::MAX, 7);
    assert_eq!(
        BondOption::NOSLAVES | BondOption::IFDOWN | BondOption::RAWVAL,
        7
    );
}

#[test]
fn value_names() {
    assert_eq!(value_name(OptId::Mode, 4), Some("802.3ad"));
    assert_eq!(value_name(OptId::Mode, 7), None);
    assert_eq!(
        value_name(OptId::XmitHash, XMIT_POLICY_VLAN_SRCMAC as u64),
        Some("vlan+srcmac")
    );
    assert_eq!(
        value_name(OptId::ArpValidate, ARP_FILTER_BACKUP as u64),
        Some("filter_backup")
    );
    assert_eq!(value_name(OptId::MissedMax, 2), Some("default"));
    assert_eq!(value_name(OptId::Slaves, 0), None);
    let c = [
        (XMIT_POLICY_LAYER2, 0),
        (XMIT_POLICY_LAYER34, 1),
        (XMIT_POLICY_LAYER23, 2),
        (XMIT_POLICY_ENCAP23, 3),
        (XMIT_POLICY_ENCAP34, 4),
    ];
    for (a, b) in c {
        assert_eq!(a, b);
    }
    let c = [
        (ARP_VALIDATE_NONE, 0),
        (ARP_VALIDATE_ACTIVE, 1),
        (ARP_VALIDATE_BACKUP, 2),
        (ARP_VALIDATE_ALL, 3),
        (ARP_FILTER, 4),
        (ARP_FILTER_ACTIVE, 5),
        (PRI_RESELECT_ALWAYS, 0),
        (PRI_RESELECT_BETTER, 1),
        (PRI_RESELECT_FAILURE, 2),
        (FOM_NONE, 0),
        (FOM_ACTIVE, 1),
        (FOM_FOLLOW, 2),
        (ARP_TARGETS_ANY, 0),
        (ARP_TARGETS_ALL, 1),
        (AD_SELECT_STABLE, 0),
        (AD_SELECT_BANDWIDTH, 1),
        (AD_SELECT_COUNT, 2),
        (LACP_SLOW, 0),
        (LACP_FAST, 1),
    ];
    for (a, b) in c {
        assert_eq!(a, b);
    }
}

#[test]
fn modes() {
    // (mode, name, description, uses_arp, uses_primary, is_lb, can_use_xmit_hash)
    let t = [
        (
            Mode::RoundRobin,
            "balance-rr",
            "load balancing (round-robin)",
            true,
            false,
            false,
            false,
        ),
        (
            Mode::ActiveBackup,
            "active-backup",
            "fault-tolerance (active-backup)",
            true,
            true,
            false,
            false,
        ),
        (
            Mode::Xor,
            "balance-xor",
            "load balancing (xor)",
            true,
            false,
            false,
            true,
        ),
        (
            Mode::Broadcast,
            "broadcast",
            "fault-tolerance (broadcast)",
            true,
            false,
            false,
            false,
        ),
        (
            Mode::Ieee8023ad,
            "802.3ad",
            "IEEE 802.3ad Dynamic link aggregation",
            false,
            false,
            false,
            true,
        ),
        (
            Mode::Tlb,
            "balance-tlb",
            "transmit load balancing",
            false,
            true,
            true,
            true,
        ),
        (
            Mode::Alb,
            "balance-alb",
            "adaptive load balancing",
            false,
            true,
            true,
            true,
        ),
    ];
    for (i, (m, n, d, arp, pri, lb, cx)) in t.into_iter().enumerate() {
        assert_eq!(m as usize, i);
        assert_eq!(Mode::from_u64(i as u64), Some(m));
        assert_eq!(m.name(), n);
        assert_eq!(value_name(OptId::Mode, i as u64), Some(n));
        assert_eq!(m.description(), d);
        assert_eq!(mode_description(i as i64), d);
        assert_eq!(m.uses_arp(), arp);
        assert_eq!(m.uses_primary(), pri);
        assert_eq!(m.is_lb(), lb);
        assert_eq!(m.can_use_xmit_hash(), cx);
        assert_eq!(m.bit(), 1 << i);
        let xh = matches!(m, Mode::Xor | Mode::Ieee8023ad);
        assert_eq!(m.uses_xmit_hash(1), xh);
        assert_eq!(m.uses_xmit_hash(0), xh || lb);
    }
    assert_eq!(Mode::from_u64(7), None);
    assert_eq!(mode_description(7), "unknown");
    assert_eq!(mode_description(-1), "unknown");
}
