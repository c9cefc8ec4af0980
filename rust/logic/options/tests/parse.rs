// SPDX-License-Identifier: GPL-2.0
//! Tests of option input parsing and of the `sscanf()` scanners.

use crate::logic::options::*;
use std::string::String;

fn ps(name: &str, s: &[u8]) -> Option<u64> {
    parse(by_name(name.as_bytes()).unwrap(), Input::Str(s))
}

fn pn(name: &str, n: u64) -> Option<u64> {
    parse(by_name(name.as_bytes()).unwrap(), Input::Num(n))
}

#[test]
fn parse_mode() {
    let names = [
        "balance-rr",
        "active-backup",
        "balance-xor",
        "broadcast",
        "802.3ad",
        "balance-tlb",
        "balance-alb",
    ];
    for (i, n) in names.iter().enumerate() {
        let i = i as u64;
        assert_eq!(ps("mode", n.as_bytes()), Some(i));
        assert_eq!(ps("mode", std::format!("{n}\n").as_bytes()), Some(i));
        assert_eq!(ps("mode", std::format!("  {n} junk\n").as_bytes()), Some(i));
        assert_eq!(ps("mode", std::format!("{i}").as_bytes()), Some(i));
        assert_eq!(ps("mode", std::format!(" {i} \n").as_bytes()), Some(i));
        assert_eq!(pn("mode", i), Some(i));
    }
    let cases: &[(&[u8], Option<u64>)] = &[
        (b"default", Some(0)),
        (b"default\n", Some(0)),
        (b"7", None),
        (b"Balance-rr", None),
        (b"balance", None),
        (b"", None),
        (b"\n", None),
        (b"   ", None),
        (b" \t\n", None),
        (b"-1", None),
        (b"+1", None),
        (b"1x", None),
        (b"4 5", Some(4)),
        (b"4\t", Some(4)),
        (b"\x0b4", Some(4)),
        (b"\xa04", Some(4)),
        (b"balance-rr\nbalance-alb", Some(0)),
        (b"\nbalance-alb", None),
        (b"1\0balance-alb", Some(1)),
        (b"\x00", None),
        (b"18446744073709551620", Some(4)),
        (b"balance-xor\xa0x", Some(2)),
    ];
    for (inp, want) in cases {
        assert_eq!(ps("mode", inp), *want, "{:?}", String::from_utf8_lossy(inp));
    }
    assert_eq!(pn("mode", 7), None);
    assert_eq!(pn("mode", u64::MAX), None);
}

#[test]
fn parse_ranges() {
    let cases: &[(&str, &[u8], Option<u64>)] = &[
        ("packets_per_slave", b"0", Some(0)),
        ("packets_per_slave", b"1", Some(1)),
        ("packets_per_slave", b"65535", Some(65535)),
        ("packets_per_slave", b"65536", None),
        ("packets_per_slave", b"default", Some(1)),
        ("packets_per_slave", b"maxval", Some(65535)),
        ("packets_per_slave", b"minval", None),
        ("miimon", b"off", Some(0)),
        ("miimon", b"maxval", Some(2147483647)),
        ("miimon", b"default", Some(0)),
        ("miimon", b"100\n", Some(100)),
        ("miimon", b"2147483647", Some(2147483647)),
        ("miimon", b"2147483648", None),
        ("miimon", b"18446744073709551616", Some(0)),
        ("miimon", b"18446744073709551716", Some(100)),
        (
            "miimon",
            b"00000000000000000000000000000000000000000000000000100",
            Some(100),
        ),
        ("miimon", b"-100", None),
        ("miimon", b"100ms", None),
        ("miimon", b"on", None),
        ("arp_interval", b"1000", Some(1000)),
        ("updelay", b"200", Some(200)),
        ("downdelay", b"200", Some(200)),
        ("min_links", b"3", Some(3)),
        ("lp_interval", b"0", None),
        ("lp_interval", b"1", Some(1)),
        ("lp_interval", b"default", Some(1)),
        ("lp_interval", b"minval", Some(1)),
        ("lp_interval", b"2147483647", Some(2147483647)),
        ("lp_interval", b"2147483648", None),
        ("ad_actor_sys_prio", b"0", None),
        ("ad_actor_sys_prio", b"1", Some(1)),
        ("ad_actor_sys_prio", b"65535", Some(65535)),
        ("ad_actor_sys_prio", b"65536", None),
        ("ad_actor_sys_prio", b"default", Some(65535)),
        ("ad_user_port_key", b"0", Some(0)),
        ("ad_user_port_key", b"1023", Some(1023)),
        ("ad_user_port_key", b"1024", None),
        ("ad_user_port_key", b"default", Some(0)),
        ("arp_missed_max", b"0", None),
        ("arp_missed_max", b"1", Some(1)),
        ("arp_missed_max", b"255", Some(255)),
        ("arp_missed_max", b"256", None),
        ("arp_missed_max", b"default", Some(2)),
        ("num_unsol_na", b"off", Some(0)),
        ("num_unsol_na", b"0", Some(0)),
        ("num_unsol_na", b"255", Some(255)),
        ("num_unsol_na", b"256", None),
        ("num_unsol_na", b"default", Some(1)),
        ("num_grat_arp", b"maxval", Some(255)),
        ("resend_igmp", b"default", Some(1)),
        ("resend_igmp", b"256", None),
        ("peer_notif_delay", b"300000", Some(300000)),
        ("peer_notif_delay", b"300001", None),
        ("peer_notif_delay", b"default", None),
        ("peer_notif_delay", b"off", Some(0)),
    ];
    for (o, inp, want) in cases {
        assert_eq!(ps(o, inp), *want, "{o} {:?}", String::from_utf8_lossy(inp));
    }
    assert_eq!(pn("miimon", 2147483648), None);
    assert_eq!(pn("miimon", 5), Some(5));
    assert_eq!(pn("lp_interval", 0), None);
    assert_eq!(pn("ad_user_port_key", 0), Some(0));
}

#[test]
fn parse_names() {
    let cases: &[(&str, &[u8], Option<u64>)] = &[
        ("xmit_hash_policy", b"layer2", Some(0)),
        ("xmit_hash_policy", b"layer3+4", Some(1)),
        ("xmit_hash_policy", b"layer2+3", Some(2)),
        ("xmit_hash_policy", b"encap2+3", Some(3)),
        ("xmit_hash_policy", b"encap3+4", Some(4)),
        ("xmit_hash_policy", b"vlan+srcmac\n", Some(5)),
        ("xmit_hash_policy", b"5", Some(5)),
        ("xmit_hash_policy", b"6", None),
        ("xmit_hash_policy", b"default", Some(0)),
        ("xmit_hash_policy", b"layer34", None),
        ("arp_validate", b"none", Some(0)),
        ("arp_validate", b"active", Some(1)),
        ("arp_validate", b"backup", Some(2)),
        ("arp_validate", b"all", Some(3)),
        ("arp_validate", b"filter", Some(4)),
        ("arp_validate", b"filter_active", Some(5)),
        ("arp_validate", b"filter_backup", Some(6)),
        ("arp_validate", b"7", None),
        ("arp_all_targets", b"any", Some(0)),
        ("arp_all_targets", b"all", Some(1)),
        ("arp_all_targets", b"2", None),
        ("fail_over_mac", b"none", Some(0)),
        ("fail_over_mac", b"active", Some(1)),
        ("fail_over_mac", b"follow", Some(2)),
        ("fail_over_mac", b"3", None),
        ("lacp_rate", b"slow", Some(0)),
        ("lacp_rate", b"fast", Some(1)),
        ("lacp_rate", b"1", Some(1)),
        ("lacp_rate", b"2", None),
        ("lacp_rate", b"default", None),
        ("ad_select", b"stable", Some(0)),
        ("ad_select", b"bandwidth", Some(1)),
        ("ad_select", b"count", Some(2)),
        ("ad_select", b"3", None),
        ("primary_reselect", b"always", Some(0)),
        ("primary_reselect", b"better", Some(1)),
        ("primary_reselect", b"failure", Some(2)),
        ("primary_reselect", b"default", Some(0)),
        ("use_carrier", b"on", Some(1)),
        ("use_carrier", b"off", Some(0)),
        ("use_carrier", b"default", Some(1)),
        ("use_carrier", b"2", None),
        ("all_slaves_active", b"on", Some(1)),
        ("all_slaves_active", b"default", Some(0)),
        ("tlb_dynamic_lb", b"off", Some(0)),
        ("tlb_dynamic_lb", b"default", Some(1)),
        ("lacp_active", b"off", Some(0)),
        ("lacp_active", b"default", Some(1)),
        ("coupled_control", b"default", Some(1)),
        ("coupled_control", b"off", Some(0)),
        ("broadcast_neighbor", b"on", Some(1)),
        ("broadcast_neighbor", b"default", Some(0)),
        ("broadcast_neighbor", b"2", None),
    ];
    for (o, inp, want) in cases {
        assert_eq!(ps(o, inp), *want, "{o} {:?}", String::from_utf8_lossy(inp));
    }
    for raw in [
        "arp_ip_target",
        "primary",
        "active_slave",
        "queue_id",
        "slaves",
        "ad_actor_system",
        "ns_ip6_target",
        "prio",
        "actor_port_prio",
    ] {
        assert_eq!(ps(raw, b"1"), None);
        assert_eq!(pn(raw, 1), None);
    }
    // A 40 character word is cut to 32 characters and matches nothing.
    assert_eq!(
        ps("mode", b"balance-rrbalance-rrbalance-rrbalance-rr"),
        None
    );
}

#[test]
fn scanners() {
    assert_eq!(scan_word(b"", 16), None);
    assert_eq!(scan_word(b"  ", 16), Some(&b""[..]));
    assert_eq!(scan_word(b" abc def", 2), Some(&b"ab"[..]));
    assert_eq!(scan_word(b"\0abc", 5), None);
    assert_eq!(scan_ull(b""), None);
    assert_eq!(scan_ull(b"  "), None);
    assert_eq!(scan_ull(b" 12 3"), Some(12));
    assert_eq!(scan_ull(b"x1"), None);
    let hd: &[(&[u8], Option<u16>)] = &[
        (b"5", Some(5)),
        (b"-1", Some(65535)),
        (b"70000", Some(4464)),
        (b" 7\n", Some(7)),
        (b"x", None),
        (b"", None),
        (b"-", None),
        (b"+5", None),
        (b"-x", None),
        (b"12abc", Some(12)),
        (b"65535", Some(65535)),
    ];
    for (i, w) in hd {
        assert_eq!(scan_hd(i), *w, "{:?}", String::from_utf8_lossy(i));
    }
    assert!(is_space(0xa0) && is_space(b'\x0c') && !is_space(0x85) && !is_space(0));
    assert_eq!(cstr(b"ab\0cd"), b"ab");
    assert_eq!(strip_nl(b"ab\ncd\n"), b"ab");
}
