// SPDX-License-Identifier: GPL-2.0
//! Tests of applying options to the parameter block, and a fuzz test
//! of every entry point.

use crate::logic::errno::{EACCES, EBUSY, EINVAL, ENODEV, ENOTEMPTY, EOPNOTSUPP, EPERM};
use crate::logic::flags::Flags;
use crate::logic::log::{Level, RecLog};
use crate::logic::options::*;
use std::string::String;
use std::vec::Vec;

/// Parameters of a bond created with default module parameters.
fn defaults() -> Params {
    let mut p = Params::zeroed();
    p.miimon = 0;
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

type Out = (Result<Effects, i32>, Vec<(Level, String)>);

fn run_ctx(p: &mut Params, id: OptId, inp: &[u8], ctx: &ApplyCtx<'_>) -> Out {
    let opt = get(id);
    let mut l = RecLog::new();
    let value = if opt.is_raw() {
        0
    } else {
        parse(opt, Input::Str(inp)).expect("parse")
    };
    let r = apply(p, id, value, inp, ctx, &mut l);
    (r, l.msgs)
}

fn run(p: &mut Params, id: OptId, inp: &str, up: bool) -> Out {
    run_ctx(p, id, inp.as_bytes(), &ApplyCtx::new(up))
}

fn msgs(v: &[(Level, &str)]) -> Vec<(Level, String)> {
    v.iter().map(|(l, s)| (*l, String::from(*s))).collect()
}

fn fx(flags: EffectFlags) -> Result<Effects, i32> {
    Ok(Effects { flags, slot: 0 })
}

const DBG: Level = Level::Debug;

#[test]
fn apply_mode() {
    let mut p = defaults();
    p.arp_validate = 3;
    p.broadcast_neighbor = 1;
    let r = run(&mut p, OptId::Mode, "802.3ad\n", false);
    assert_eq!(
        r,
        (
            Ok(Effects::none()),
            msgs(&[(DBG, "Setting MII monitoring interval to 100")])
        )
    );
    assert_eq!(
        (p.mode, p.miimon, p.arp_validate, p.broadcast_neighbor),
        (Mode::Ieee8023ad, 100, 0, 0)
    );

    let mut p = defaults();
    p.arp_interval = 1000;
    p.tlb_dynamic_lb = 0;
    let r = run(&mut p, OptId::Mode, "balance-tlb", false);
    assert_eq!(
        r.1,
        msgs(&[
            (
                DBG,
                "balance-tlb mode is incompatible with arp monitoring, start mii monitoring"
            ),
            (DBG, "Setting MII monitoring interval to 100"),
        ])
    );
    assert_eq!((p.arp_interval, p.miimon, p.tlb_dynamic_lb), (0, 100, 0));
    let r = run(&mut p, OptId::Mode, "6", false);
    assert_eq!(r.1, msgs(&[]));
    assert_eq!((p.mode, p.tlb_dynamic_lb), (Mode::Alb, 1));

    let mut p = defaults();
    p.arp_interval = 100;
    let r = run(&mut p, OptId::Mode, "active-backup", false);
    assert_eq!(r, (Ok(Effects::none()), msgs(&[])));
    assert_eq!(
        (p.mode, p.miimon, p.arp_interval),
        (Mode::ActiveBackup, 0, 100)
    );

    let mut l = RecLog::new();
    assert_eq!(
        apply(&mut p, OptId::Mode, 9, b"", &ApplyCtx::new(false), &mut l),
        Err(EINVAL)
    );
}

#[test]
fn apply_miimon() {
    let mut p = defaults();
    p.miimon = 100;
    p.updelay = 2;
    p.downdelay = 3;
    p.peer_notif_delay = 1;
    p.arp_interval = 100;
    p.arp_validate = 3;
    let r = run(&mut p, OptId::Miimon, "200\n", true);
    assert_eq!(r, (fx(Effects::MII_RESTART), msgs(&[
        (DBG, "Setting MII monitoring interval to 200"),
        (DBG, "Note: Updating updelay (to 400) since it is a multiple of the miimon value"),
        (DBG, "Note: Updating downdelay (to 600) since it is a multiple of the miimon value"),
        (DBG, "Note: Updating peer_notif_delay (to 200) since it is a multiple of the miimon value"),
        (DBG, "MII monitoring cannot be used with ARP monitoring - disabling ARP monitoring..."),
    ])));
    assert_eq!(
        (p.miimon, p.arp_interval, p.arp_validate, p.updelay),
        (200, 0, 0, 2)
    );
    assert_eq!(
        run(&mut p, OptId::Miimon, "0", true).0,
        fx(Effects::MII_STOP)
    );
    assert_eq!(run(&mut p, OptId::Miimon, "0", false).0, fx(Flags::EMPTY));
    assert_eq!(run(&mut p, OptId::Miimon, "50", false).0, fx(Flags::EMPTY));
    // overflowing product in the note wraps like C
    p.updelay = 3;
    let r = run(&mut p, OptId::Miimon, "maxval", false);
    assert_eq!(
        r.1[1].1,
        "Note: Updating updelay (to 2147483645) since it is a multiple of the miimon value"
    );
    p.updelay = 4;
    let r = run(&mut p, OptId::Miimon, "maxval", false);
    assert_eq!(
        r.1[1].1,
        "Note: Updating updelay (to -4) since it is a multiple of the miimon value"
    );
}

#[test]
fn apply_delays() {
    let mut p = defaults();
    for (id, name) in [
        (OptId::Updelay, "up delay"),
        (OptId::Downdelay, "down delay"),
        (OptId::PeerNotifDelay, "peer notification delay"),
    ] {
        p.miimon = 0;
        let r = run(&mut p, id, "100", false);
        assert_eq!(
            r,
            (
                Err(EPERM),
                msgs(&[(
                    Level::Err,
                    &std::format!("Unable to set {name} as MII monitoring is disabled")
                )])
            )
        );
        p.miimon = 100;
        let r = run(&mut p, id, "250", false);
        assert_eq!(r, (fx(Flags::EMPTY), msgs(&[
            (Level::Warn, &std::format!("{name} (250) is not a multiple of miimon (100), value rounded to 200 ms")),
            (DBG, &std::format!("Setting {name} to 200")),
        ])));
        let r = run(&mut p, id, "300", false);
        assert_eq!(r.1, msgs(&[(DBG, &std::format!("Setting {name} to 300"))]));
        let r = run(&mut p, id, "50", false);
        assert_eq!(
            r.1[0].1,
            std::format!("{name} (50) is not a multiple of miimon (100), value rounded to 0 ms")
        );
    }
    let mut p = defaults();
    p.miimon = 100;
    run(&mut p, OptId::Updelay, "250", false).0.unwrap();
    run(&mut p, OptId::Downdelay, "300", false).0.unwrap();
    run(&mut p, OptId::PeerNotifDelay, "1000", false).0.unwrap();
    assert_eq!((p.updelay, p.downdelay, p.peer_notif_delay), (2, 3, 10));
}

#[test]
fn apply_arp_interval() {
    let mut p = defaults();
    p.miimon = 100;
    let r = run(&mut p, OptId::ArpInterval, "100", true);
    assert_eq!(
        r,
        (
            fx(Effects::ARP_RESTART),
            msgs(&[
                (DBG, "Setting ARP monitoring interval to 100"),
                (
                    DBG,
                    "ARP monitoring cannot be used with MII monitoring. Disabling MII monitoring"
                ),
                (
                    DBG,
                    "ARP monitoring has been set up, but no ARP targets have been specified"
                ),
            ])
        )
    );
    assert_eq!((p.arp_interval, p.miimon), (100, 0));
    p.arp_targets[0] = [10, 0, 0, 1];
    let r = run(&mut p, OptId::ArpInterval, "200", false);
    assert_eq!(
        r,
        (
            fx(Flags::EMPTY),
            msgs(&[(DBG, "Setting ARP monitoring interval to 200")])
        )
    );
    p.arp_validate = 1;
    assert_eq!(
        run(&mut p, OptId::ArpInterval, "0", true).0,
        fx(Effects::ARP_STOP | Effects::CLEAR_RECV_PROBE)
    );
    p.arp_validate = 0;
    assert_eq!(
        run(&mut p, OptId::ArpInterval, "0", true).0,
        fx(Effects::ARP_STOP)
    );
    assert_eq!(p.arp_interval, 0);
}

fn added(slot: u8) -> Result<Effects, i32> {
    Ok(Effects {
        flags: Effects::ARP_TARGET_ADDED,
        slot,
    })
}

#[test]
fn apply_arp_targets() {
    let mut p = defaults();
    let e = Level::Err;
    let r = run(&mut p, OptId::ArpTargets, "+192.0.2.1\n", false);
    assert_eq!(r, (added(0), msgs(&[(DBG, "Adding ARP target 192.0.2.1")])));
    let r = run(&mut p, OptId::ArpTargets, "+192.0.2.1", false);
    assert_eq!(
        r,
        (
            Err(EINVAL),
            msgs(&[(e, "ARP target 192.0.2.1 is already present")])
        )
    );
    let r = run(&mut p, OptId::ArpTargets, "+192.0.2.2 trailing", false);
    assert_eq!(r.0, added(1));
    let cases: &[(&str, i32, &str)] = &[
        (
            "+255.255.255.255",
            EINVAL,
            "invalid ARP target 255.255.255.255 specified for addition",
        ),
        (
            "+0.0.0.0",
            EINVAL,
            "invalid ARP target 0.0.0.0 specified for addition",
        ),
        (
            "-0.0.0.0",
            EINVAL,
            "invalid ARP target 0.0.0.0 specified for removal",
        ),
        (
            "-255.255.255.255\n",
            EINVAL,
            "invalid ARP target 255.255.255.255 specified for removal",
        ),
        (
            "-10.0.0.9",
            EINVAL,
            "unable to remove nonexistent ARP target 10.0.0.9",
        ),
        ("\0", EPERM, "invalid ARP target specified"),
        ("+", EPERM, "invalid ARP target specified"),
        ("+\n", EPERM, "invalid ARP target specified"),
        ("+1.2.3", EPERM, "invalid ARP target specified"),
        ("+1.2.3.256", EPERM, "invalid ARP target specified"),
        (" +1.2.3.4", EPERM, "invalid ARP target specified"),
        ("1.2.3.4", EPERM, "invalid ARP target specified"),
        (
            "x1.2.3.4",
            EPERM,
            "no command found in arp_ip_targets file - use +<addr> or -<addr>",
        ),
        (
            "11.2.3.4",
            EPERM,
            "no command found in arp_ip_targets file - use +<addr> or -<addr>",
        ),
    ];
    for (inp, err, msg) in cases {
        let r = run(&mut p, OptId::ArpTargets, inp, false);
        assert_eq!(r, (Err(*err), msgs(&[(e, msg)])), "{inp:?}");
    }
    assert_eq!(p.arp_target_count(), 2);
    // netlink: value carries the address in network order
    let mut l = RecLog::new();
    let v = u32::from_ne_bytes([10, 0, 0, 1]) as u64;
    assert_eq!(
        apply(
            &mut p,
            OptId::ArpTargets,
            v,
            b"",
            &ApplyCtx::new(false),
            &mut l
        ),
        added(2)
    );
    assert_eq!(p.arp_targets[2], [10, 0, 0, 1]);

    // removal shifts the following targets down
    let r = run(&mut p, OptId::ArpTargets, "-192.0.2.2", false);
    assert_eq!(
        r,
        (
            Ok(Effects {
                flags: Effects::ARP_TARGET_REMOVED,
                slot: 1
            }),
            msgs(&[(DBG, "Removing ARP target 192.0.2.2")])
        )
    );
    assert_eq!(
        &p.arp_targets[..3],
        &[[192, 0, 2, 1], [10, 0, 0, 1], [0; 4]]
    );
    run(&mut p, OptId::ArpTargets, "-192.0.2.1", false)
        .0
        .unwrap();
    assert_eq!(&p.arp_targets[..2], &[[10, 0, 0, 1], [0; 4]]);
    p.arp_interval = 100;
    let r = run(&mut p, OptId::ArpTargets, "-10.0.0.1", false);
    assert_eq!(
        r.1,
        msgs(&[
            (Level::Warn, "Removing last arp target with arp_interval on"),
            (DBG, "Removing ARP target 10.0.0.1")
        ])
    );
    assert_eq!(p.arp_target_count(), 0);

    // full table
    for i in 0..16u8 {
        let s = std::format!("+10.0.0.{}", i + 1);
        assert_eq!(run(&mut p, OptId::ArpTargets, &s, false).0, added(i));
    }
    let r = run(&mut p, OptId::ArpTargets, "+10.0.1.1", false);
    assert_eq!(r, (Err(EINVAL), msgs(&[(e, "ARP target table is full!")])));
    // removing from a full table
    let r = run(&mut p, OptId::ArpTargets, "-10.0.0.1", false);
    assert_eq!(
        r.0,
        Ok(Effects {
            flags: Effects::ARP_TARGET_REMOVED,
            slot: 0
        })
    );
    assert_eq!(p.arp_targets[14], [10, 0, 0, 16]);
    assert_eq!(p.arp_targets[15], [0; 4]);
    let r = run(&mut p, OptId::ArpTargets, "-10.0.0.16", false);
    assert_eq!(
        r.0,
        Ok(Effects {
            flags: Effects::ARP_TARGET_REMOVED,
            slot: 14
        })
    );
    assert_eq!(p.arp_target_count(), 14);
}

fn ip6(s: &str) -> [u8; 16] {
    let a: std::net::Ipv6Addr = s.parse().unwrap();
    a.octets()
}

#[test]
fn apply_ns_targets() {
    let mut p = defaults();
    let ctx = ApplyCtx::new(false);
    let go = |p: &mut Params, raw: &[u8]| {
        let mut l = RecLog::new();
        let r = apply(p, OptId::NsTargets, u64::MAX, raw, &ctx, &mut l);
        (r, l.msgs)
    };
    let r = go(&mut p, &ip6("2001:db8::1"));
    assert_eq!(
        r,
        (
            Ok(Effects {
                flags: Effects::NS_TARGET_ADDED,
                slot: 0
            }),
            msgs(&[(DBG, "Adding NS target 2001:db8::1")])
        )
    );
    let r = go(&mut p, &ip6("2001:db8::1"));
    assert_eq!(
        r,
        (
            Err(EINVAL),
            msgs(&[(Level::Err, "NS target 2001:db8::1 is already present")])
        )
    );
    for (a, t) in [("::", "::"), ("::1", "::1"), ("ff02::1", "ff02::1")] {
        let r = go(&mut p, &ip6(a));
        let m = std::format!("invalid NS target {t} specified for addition");
        assert_eq!(r, (Err(EINVAL), msgs(&[(Level::Err, &m)])));
    }
    assert_eq!(go(&mut p, &[1, 2, 3, 4]).0, Err(EINVAL));
    for i in 1..16u8 {
        let a = ip6(&std::format!("fe80::{:x}", i + 1));
        assert_eq!(
            go(&mut p, &a).0,
            Ok(Effects {
                flags: Effects::NS_TARGET_ADDED,
                slot: i
            })
        );
    }
    let r = go(&mut p, &ip6("fe80::1234"));
    assert_eq!(
        r,
        (
            Err(EINVAL),
            msgs(&[(Level::Err, "NS target table is full!")])
        )
    );
    assert_eq!(find_ns_target(&p.ns_targets, &ip6("fe80::3")), Some(2));
    assert_eq!(
        find_ns_target(&p.ns_targets, &solicited_node(&ip6("fe80::3"))),
        Some(2)
    );
    assert_eq!(
        solicited_node(&ip6("2001:db8::aabb:ccdd")),
        ip6("ff02::1:ffbb:ccdd")
    );
    assert!(ip6_target_ok(&ip6("::2")) && !ip6_target_ok(&ip6("ff00::")));
}

#[test]
fn apply_simple_named() {
    // (option, input, debug message, check)
    let mut p = defaults();
    let cases: &[(OptId, &str, &str, EffectFlags)] = &[
        (
            OptId::ArpValidate,
            "active",
            "Setting arp_validate to active (1)",
            Effects::NS_MADDRS_SYNC,
        ),
        (
            OptId::ArpValidate,
            "all\n",
            "Setting arp_validate to all (3)",
            Flags::EMPTY,
        ),
        (
            OptId::ArpValidate,
            "0",
            "Setting arp_validate to none (0)",
            Effects::NS_MADDRS_SYNC,
        ),
        (
            OptId::ArpAllTargets,
            "all",
            "Setting arp_all_targets to all (1)",
            Flags::EMPTY,
        ),
        (
            OptId::MissedMax,
            "5",
            "Setting missed max to 5 (5)",
            Flags::EMPTY,
        ),
        (
            OptId::MissedMax,
            " 7\n",
            "Setting missed max to  7 (7)",
            Flags::EMPTY,
        ),
        (
            OptId::MissedMax,
            "1",
            "Setting missed max to minval (1)",
            Flags::EMPTY,
        ),
        (
            OptId::MissedMax,
            "default",
            "Setting missed max to default (2)",
            Flags::EMPTY,
        ),
        (
            OptId::PrimaryReselect,
            "better",
            "Setting primary_reselect to better (1)",
            Effects::RESELECT_ACTIVE,
        ),
        (
            OptId::FailOverMac,
            "follow",
            "Setting fail_over_mac to follow (2)",
            Flags::EMPTY,
        ),
        (
            OptId::XmitHash,
            "layer3+4",
            "Setting xmit hash policy to layer3+4 (1)",
            Flags::EMPTY,
        ),
        (
            OptId::LacpActive,
            "off",
            "Setting LACP active to off (0)",
            Effects::AD_UPDATE_LACP_ACTIVE,
        ),
        (
            OptId::LacpRate,
            "fast",
            "Setting LACP rate to fast (1)",
            Effects::AD_UPDATE_LACP_RATE,
        ),
        (
            OptId::AdSelect,
            "count",
            "Setting ad_select to count (2)",
            Flags::EMPTY,
        ),
        (
            OptId::TlbDynamicLb,
            "off",
            "Setting dynamic-lb to off (0)",
            Flags::EMPTY,
        ),
        (
            OptId::UseCarrier,
            "off",
            "Setting use_carrier to 0",
            Flags::EMPTY,
        ),
        (
            OptId::ResendIgmp,
            "3",
            "Setting resend_igmp to 3",
            Flags::EMPTY,
        ),
        (
            OptId::MinLinks,
            "2",
            "Setting min links value to 2",
            Effects::UPDATE_CARRIER,
        ),
        (
            OptId::PacketsPerSlave,
            "0",
            "Setting packets per slave to 0",
            Flags::EMPTY,
        ),
        (
            OptId::AdActorSysPrio,
            "100",
            "Setting ad_actor_sys_prio to 100",
            Effects::AD_UPDATE_ACTOR,
        ),
        (
            OptId::AdUserPortKey,
            "5",
            "Setting ad_user_port_key to 5",
            Flags::EMPTY,
        ),
    ];
    for (id, inp, m, f) in cases {
        let r = run(&mut p, *id, inp, false);
        assert_eq!(r, (fx(*f), msgs(&[(DBG, m)])), "{id:?} {inp:?}");
    }
    assert_eq!(
        (
            p.arp_validate,
            p.arp_all_targets,
            p.missed_max,
            p.primary_reselect
        ),
        (0, 1, 2, 1)
    );
    assert_eq!(
        (p.fail_over_mac, p.xmit_policy, p.lacp_active, p.lacp_fast),
        (2, 1, 0, 1)
    );
    assert_eq!(
        (p.ad_select, p.tlb_dynamic_lb, p.use_carrier, p.resend_igmp),
        (2, 0, 0, 3)
    );
    assert_eq!(
        (
            p.min_links,
            p.packets_per_slave,
            p.ad_actor_sys_prio,
            p.ad_user_port_key
        ),
        (2, 0, 100, 5)
    );

    // silent ones
    for (id, inp) in [
        (OptId::NumPeerNotif, "5"),
        (OptId::NumPeerNotifAlias, "7"),
        (OptId::LpInterval, "10"),
    ] {
        assert_eq!(run(&mut p, id, inp, false), (fx(Flags::EMPTY), msgs(&[])));
    }
    assert_eq!((p.num_peer_notif, p.lp_interval), (7, 10));

    // numeric (netlink) input prints "(null)" when no table entry matches
    let mut l = RecLog::new();
    apply(
        &mut p,
        OptId::MissedMax,
        9,
        b"",
        &ApplyCtx::new(false),
        &mut l,
    )
    .unwrap();
    apply(
        &mut p,
        OptId::LacpRate,
        0,
        b"",
        &ApplyCtx::new(false),
        &mut l,
    )
    .unwrap();
    assert_eq!(
        l.msgs,
        msgs(&[
            (DBG, "Setting missed max to (null) (9)"),
            (DBG, "Setting LACP rate to slow (0)")
        ])
    );

    let r = run(&mut p, OptId::CoupledControl, "off", false);
    assert_eq!(
        r,
        (
            fx(Flags::EMPTY),
            msgs(&[(Level::Info, "Setting coupled_control to off (0)")])
        )
    );
    assert_eq!(p.coupled_control, 0);

    assert_eq!(
        run(&mut p, OptId::AllSlavesActive, "1", false),
        (fx(Effects::SLAVE_INACTIVE_FLAGS), msgs(&[]))
    );
    assert_eq!(
        run(&mut p, OptId::AllSlavesActive, "on", false),
        (fx(Flags::EMPTY), msgs(&[]))
    );
    assert_eq!(
        run(&mut p, OptId::AllSlavesActive, "0", false).0,
        fx(Effects::SLAVE_INACTIVE_FLAGS)
    );
    assert_eq!(p.all_slaves_active, 0);
}

#[test]
fn apply_broadcast_neighbor() {
    let mut p = defaults();
    let r = run(&mut p, OptId::BroadcastNeigh, "on", true);
    assert_eq!(
        r,
        (
            fx(Flags::EMPTY),
            msgs(&[(DBG, "Setting broadcast_neighbor to on (1)")])
        )
    );
    assert_eq!(
        run(&mut p, OptId::BroadcastNeigh, "1", true),
        (fx(Flags::EMPTY), msgs(&[]))
    );
    let r = run(&mut p, OptId::BroadcastNeigh, "off", true);
    assert_eq!(
        r,
        (
            fx(Flags::EMPTY),
            msgs(&[(DBG, "Setting broadcast_neighbor to off (0)")])
        )
    );
    assert_eq!(
        run(&mut p, OptId::BroadcastNeigh, "on", false).0,
        fx(Flags::EMPTY)
    );
    assert_eq!(p.broadcast_neighbor, 1);
}

#[test]
fn apply_ad_actor_system() {
    let mut p = defaults();
    let r = run(&mut p, OptId::AdActorSystem, "00:11:22:AA:bb:cc\n", false);
    assert_eq!(
        r,
        (
            fx(Effects::AD_UPDATE_ACTOR),
            msgs(&[(DBG, "Setting ad_actor_system to 00:11:22:aa:bb:cc")])
        )
    );
    assert_eq!(p.ad_actor_system, [0, 0x11, 0x22, 0xaa, 0xbb, 0xcc]);
    for bad in [
        "01:00:5e:00:00:01",
        "ff:ff:ff:ff:ff:ff",
        "00:11:22:33:44",
        "00-11-22-33-44-55",
        "\0",
        "zz:11:22:33:44:55",
    ] {
        let r = run(&mut p, OptId::AdActorSystem, bad, false);
        assert_eq!(
            r,
            (
                Err(EINVAL),
                msgs(&[(Level::Err, "Invalid ad_actor_system MAC address.")])
            ),
            "{bad}"
        );
    }
    let mut l = RecLog::new();
    let v = u64::from_ne_bytes([2, 0, 0, 0, 0, 7, 0xee, 0xee]);
    assert_eq!(
        apply(
            &mut p,
            OptId::AdActorSystem,
            v,
            b"",
            &ApplyCtx::new(false),
            &mut l
        ),
        fx(Effects::AD_UPDATE_ACTOR)
    );
    assert_eq!(p.ad_actor_system, [2, 0, 0, 0, 0, 7]);
    let v = u64::from_ne_bytes([3, 0, 0, 0, 0, 7, 0, 0]);
    assert_eq!(
        apply(
            &mut p,
            OptId::AdActorSystem,
            v,
            b"",
            &ApplyCtx::new(false),
            &mut l
        ),
        Err(EINVAL)
    );
    assert_eq!(p.ad_actor_system, [2, 0, 0, 0, 0, 7]);
}

#[test]
fn apply_primary() {
    let mut p = defaults();
    let r = run(&mut p, OptId::Primary, "eth0\n", false);
    assert_eq!(
        r,
        (
            fx(Flags::EMPTY),
            msgs(&[(
                DBG,
                "Recording eth0 as primary, but it has not been enslaved yet"
            )])
        )
    );
    assert_eq!(p.primary_name(), b"eth0");

    let is_eth1 = |n: &[u8]| n == b"eth1";
    let ctx = ApplyCtx {
        is_up: true,
        has_primary_slave: true,
        is_slave_name: &is_eth1,
    };
    let r = run_ctx(&mut p, OptId::Primary, b"eth1\n", &ctx);
    assert_eq!(
        r,
        (
            fx(Effects::PRIMARY_SET | Effects::RESELECT_ACTIVE),
            msgs(&[(DBG, "(slave eth1): Setting as primary slave")])
        )
    );
    assert_eq!(p.primary_name(), b"eth1");

    let r = run_ctx(&mut p, OptId::Primary, b"eth2", &ctx);
    assert_eq!(
        r,
        (
            fx(Effects::PRIMARY_CLEAR | Effects::RESELECT_ACTIVE),
            msgs(&[
                (DBG, "Setting primary slave to None"),
                (
                    DBG,
                    "Recording eth2 as primary, but it has not been enslaved yet"
                ),
            ])
        )
    );
    assert_eq!(p.primary_name(), b"eth2");

    let r = run(&mut p, OptId::Primary, "abcdefghijklmnopqrst", false);
    assert_eq!(
        r.1,
        msgs(&[(
            DBG,
            "Recording abcdefghijklmnopqrst as primary, but it has not been enslaved yet"
        )])
    );
    assert_eq!(&p.primary, b"abcdefghijklmno\0");

    for clear in ["\n", "", "\0eth0"] {
        let r = run(&mut p, OptId::Primary, clear, false);
        assert_eq!(
            r,
            (
                fx(Effects::PRIMARY_CLEAR | Effects::RESELECT_ACTIVE),
                msgs(&[(DBG, "Setting primary slave to None")])
            )
        );
        assert_eq!(p.primary, [0; 16]);
    }
}

#[test]
fn apply_unhandled() {
    let mut p = defaults();
    for id in [
        OptId::Slaves,
        OptId::ActiveSlave,
        OptId::QueueId,
        OptId::Prio,
        OptId::ActorPortPrio,
    ] {
        assert_eq!(
            run(&mut p, id, "+eth0", false),
            (Err(EOPNOTSUPP), msgs(&[]))
        );
    }
    assert_eq!(p, defaults());
}

#[test]
fn effects_helpers() {
    let e = Effects {
        flags: Effects::MII_RESTART | Effects::UPDATE_CARRIER,
        slot: 0,
    };
    assert!(e.contains(Effects::MII_RESTART));
    assert!(!e.contains(Effects::MII_STOP));
    assert!(!e.contains(Effects::MII_RESTART | Effects::MII_STOP));
    assert_eq!(Effects::none(), Effects::default());
    let all = [
        Effects::MII_RESTART,
        Effects::MII_STOP,
        Effects::ARP_RESTART,
        Effects::ARP_STOP,
        Effects::CLEAR_RECV_PROBE,
        Effects::RESELECT_ACTIVE,
        Effects::UPDATE_CARRIER,
        Effects::AD_UPDATE_ACTOR,
        Effects::AD_UPDATE_LACP_RATE,
        Effects::AD_UPDATE_LACP_ACTIVE,
        Effects::SLAVE_INACTIVE_FLAGS,
        Effects::NS_MADDRS_SYNC,
        Effects::ARP_TARGET_ADDED,
        Effects::ARP_TARGET_REMOVED,
        Effects::NS_TARGET_ADDED,
        Effects::PRIMARY_SET,
        Effects::PRIMARY_CLEAR,
    ];
    let mut acc = Flags::EMPTY;
    for f in all {
        assert_eq!(f.bits().count_ones(), 1);
        assert!(!acc.intersects(f));
        acc |= f;
    }
    assert_eq!(acc, Effects::ALL);
    let ctx = ApplyCtx::new(true);
    assert!(ctx.is_up && !ctx.has_primary_slave && !(ctx.is_slave_name)(b"eth0"));
}

/// Pseudo-random inputs never make any entry point panic (overflow
/// checks are on in test builds).
#[test]
fn no_panics_on_garbage() {
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let alphabet = b"0123456789+-:./ \n\t\0\xa0\xffabcdefxyzABCDEF";
    for round in 0..4000 {
        let len = (next() % 24) as usize;
        let buf: Vec<u8> = (0..len)
            .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
            .collect();
        let num = match round % 4 {
            0 => next(),
            1 => next() % 300,
            2 => u64::MAX,
            _ => next() % 3,
        };
        let mut p = defaults();
        p.miimon = (next() % 3) as i32 * 100;
        p.arp_interval = (next() % 2) as i32 * 100;
        let mut l = RecLog::new();
        for o in OPTIONS.iter() {
            let _ = parse(o, Input::Str(&buf));
            let _ = parse(o, Input::Num(num));
            let _ = apply(
                &mut p,
                o.id,
                num,
                &buf,
                &ApplyCtx::new(round % 2 == 0),
                &mut l,
            );
            let _ = apply(&mut p, o.id, num, b"", &ApplyCtx::new(true), &mut l);
            for err in [EINVAL, EACCES, ENOTEMPTY, EBUSY, ENODEV, EPERM] {
                report_error(o, err, Input::Str(&buf), Mode::Alb, &mut l);
            }
        }
        let _ = parse_ifname_command(&buf);
        let _ = parse_queue_id(&buf);
        let _ = first_word_ifname(&buf);
        let _ = in4_pton(&buf);
        let _ = mac_pton(&buf);
        let _ = dev_valid_name(&buf);
        let _ = scan_hd(&buf);
        let _ = std::format!("{}", crate::logic::log::Bytes(&buf));
    }
}
