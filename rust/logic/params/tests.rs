// SPDX-License-Identifier: GPL-2.0
//! Tests of the module parameter check against the C driver's messages
//! and results.

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
    assert_eq!(
        m[1].1,
        "Warning: downdelay (150) is not a multiple of miimon (100), downdelay rounded to 100 ms"
    );

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
