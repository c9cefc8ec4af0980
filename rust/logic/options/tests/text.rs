// SPDX-License-Identifier: GPL-2.0
//! Tests of the address and interface name text helpers.

use crate::logic::options::*;
use std::string::String;
use std::vec;

#[test]
fn in4() {
    let ok: &[(&[u8], [u8; 4])] = &[
        (b"1.2.3.4", [1, 2, 3, 4]),
        (b"1.2.3.4\n", [1, 2, 3, 4]),
        (b"1.2.3.4 x", [1, 2, 3, 4]),
        (b"1.2.3.4:80", [1, 2, 3, 4]),
        (b"1.2.3.4/24", [1, 2, 3, 4]),
        (b"1.2.3.4\xff", [1, 2, 3, 4]),
        (b"1.2.3.4\0junk", [1, 2, 3, 4]),
        (b"01.002.3.0004", [1, 2, 3, 4]),
        (b"0.0.0.0", [0, 0, 0, 0]),
        (b"255.255.255.255", [255; 4]),
    ];
    for (s, want) in ok {
        assert_eq!(in4_pton(s), Some(*want), "{:?}", String::from_utf8_lossy(s));
    }
    let bad: &[&[u8]] = &[
        b"",
        b"1.2.3",
        b"1.2.3.4.5",
        b"1.2.3.4.",
        b"256.1.1.1",
        b"1..2.3",
        b".1.2.3",
        b"a.b.c.d",
        b"1.2.3.4a",
        b"1.2.3.1000",
        b"1:2.3.4",
        b" 1.2.3.4",
        b"1.2.3.4e5",
    ];
    for s in bad {
        assert_eq!(in4_pton(s), None, "{:?}", String::from_utf8_lossy(s));
    }
    assert!(ip_target_ok([0, 1, 2, 3]) && !ip_target_ok([0; 4]) && !ip_target_ok([255; 4]));
    let mut t = [[0u8; 4]; MAX_ARP_TARGETS];
    t[0] = [1, 1, 1, 1];
    t[2] = [2, 2, 2, 2];
    assert_eq!(find_arp_target(&t, [1, 1, 1, 1]), Some(0));
    assert_eq!(find_arp_target(&t, [2, 2, 2, 2]), None);
    assert_eq!(find_arp_target(&t, [0; 4]), Some(1));
}

#[test]
fn mac() {
    assert_eq!(
        mac_pton(b"00:11:22:33:44:55"),
        Some([0, 0x11, 0x22, 0x33, 0x44, 0x55])
    );
    assert_eq!(
        mac_pton(b"0A:bB:cc:DD:ee:FF\n"),
        Some([0x0a, 0xbb, 0xcc, 0xdd, 0xee, 0xff])
    );
    assert_eq!(
        mac_pton(b"00:11:22:33:44:55xyz"),
        Some([0, 0x11, 0x22, 0x33, 0x44, 0x55])
    );
    for bad in [
        &b"00-11-22-33-44-55"[..],
        b"0:11:22:33:44:55",
        b"g0:11:22:33:44:55",
        b"00:11:22:33:44:5",
        b"00:11:22:33:44\x0055",
        b"00:11:22:33:44:5g",
    ] {
        assert_eq!(mac_pton(bad), None);
    }
}

#[test]
fn ifnames() {
    let valid: &[(&[u8], bool)] = &[
        (b"eth0", true),
        (b"", false),
        (b".", false),
        (b"..", false),
        (b"...", true),
        (b"a/b", false),
        (b"a:b", false),
        (b"a b", false),
        (b"a\xa0b", false),
        (b"a\tb", false),
        (b"abcdefghijklmno", true),
        (b"abcdefghijklmnop", false),
        (b"eth0\0xx", true),
        (b"\xff", true),
    ];
    for (n, want) in valid {
        assert_eq!(dev_valid_name(n), *want, "{:?}", String::from_utf8_lossy(n));
    }

    type Cmd<'a> = Result<(u8, &'a [u8]), ()>;
    let cmds: &[(&[u8], Cmd<'_>)] = &[
        (b"+eth0\n", Ok((b'+', b"eth0"))),
        (b"-eth0", Ok((b'-', b"eth0"))),
        (b"  +eth0  ", Ok((b'+', b"eth0"))),
        (b"+eth0 +eth1", Ok((b'+', b"eth0"))),
        (b"+abcdefghijklmnopqrstu", Ok((b'+', b"abcdefghijklmno"))),
        (b"eth0", Err(())),
        (b"+", Err(())),
        (b"+\n", Err(())),
        (b"", Err(())),
        (b"*eth0", Err(())),
        (b"+a/b", Err(())),
        (b"+.", Err(())),
        (b"+a:1", Err(())),
    ];
    for (c, want) in cmds {
        assert_eq!(
            parse_ifname_command(c),
            *want,
            "{:?}",
            String::from_utf8_lossy(c)
        );
    }

    type Qid<'a> = Result<(&'a [u8], u16), ()>;
    let q: &[(&[u8], Qid<'_>)] = &[
        (b"eth0:1\n", Ok((b"eth0", 1))),
        (b"eth0: 3", Ok((b"eth0", 3))),
        (b"eth0:-1", Ok((b"eth0", 65535))),
        (b"eth0:70000", Ok((b"eth0", 4464))),
        (b"eth0:1:2", Ok((b"eth0", 1))),
        (b"eth0", Err(())),
        (b"eth0:", Err(())),
        (b"eth0:x", Err(())),
        (b":1", Err(())),
        (b"a b:1", Err(())),
        (b"\neth0:1", Err(())),
        (b"eth0\0:1", Err(())),
    ];
    for (c, want) in q {
        assert_eq!(parse_queue_id(c), *want, "{:?}", String::from_utf8_lossy(c));
    }

    let w: &[(&[u8], &[u8])] = &[
        (b"eth0\n", b"eth0"),
        (b"\neth0", b""),
        (b" \neth0", b"eth0"),
        (b"", b""),
        (b"   ", b""),
        (b"abcdefghijklmnopq", b"abcdefghijklmno"),
        (b"eth1 eth2", b"eth1"),
    ];
    for (c, want) in w {
        assert_eq!(
            first_word_ifname(c),
            *want,
            "{:?}",
            String::from_utf8_lossy(c)
        );
    }
    assert_eq!(&ifname_pad(b"eth0"), b"eth0\0\0\0\0\0\0\0\0\0\0\0\0");
    let _ = vec![0u8];
}
