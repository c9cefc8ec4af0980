// SPDX-License-Identifier: GPL-2.0
//! Text of the per-slave part of `/proc/net/bonding/<bond>` and of the
//! files in `/sys/class/net/<slave>/bonding_slave/`, byte for byte as
//! bonding.ko prints them.

use core::fmt::{self, Write};

use super::log::{Bytes, Mac};
use super::options::Mode;
use super::slave::{SlaveState, DUPLEX_UNKNOWN, SPEED_UNKNOWN};

/// The 802.3ad port values the slave texts show. The kernel side supplies
/// it only while the port has an aggregator.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub(crate) struct AdPort {
    /// `aggregator_identifier` of the port's aggregator.
    pub(crate) aggregator_id: u16,
    /// `sm_churn_actor_state` (`churn_state_t`).
    pub(crate) actor_churn_state: u32,
    /// `sm_churn_partner_state`.
    pub(crate) partner_churn_state: u32,
    /// `churn_actor_count`.
    pub(crate) actor_churn_count: u32,
    /// `churn_partner_count`.
    pub(crate) partner_churn_count: u32,
    /// `actor_system_priority`.
    pub(crate) actor_system_priority: u16,
    /// `actor_system`.
    pub(crate) actor_system: [u8; 6],
    /// `actor_oper_port_key`.
    pub(crate) actor_oper_port_key: u16,
    /// `actor_port_priority`.
    pub(crate) actor_port_priority: u16,
    /// `actor_port_number`.
    pub(crate) actor_port_number: u16,
    /// `actor_oper_port_state`.
    pub(crate) actor_oper_port_state: u8,
    /// `partner_oper.system_priority`.
    pub(crate) partner_system_priority: u16,
    /// `partner_oper.system`.
    pub(crate) partner_system: [u8; 6],
    /// `partner_oper.key`.
    pub(crate) partner_key: u16,
    /// `partner_oper.port_priority`.
    pub(crate) partner_port_priority: u16,
    /// `partner_oper.port_number`.
    pub(crate) partner_port_number: u16,
    /// `partner_oper.port_state`.
    pub(crate) partner_port_state: u16,
}

/// `bond_3ad_churn_desc()`.
pub(crate) fn churn_desc(state: u32) -> &'static str {
    match state {
        0 => "monitoring",
        1 => "churned",
        2 => "none",
        _ => "unknown",
    }
}

/// `%*phC`: bytes as two hex digits each, separated by colons.
struct HexColon<'a>(&'a [u8]);

impl fmt::Display for HexColon<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, b) in self.0.iter().take(64).enumerate() {
            if i != 0 {
                f.write_char(':')?;
            }
            write!(f, "{:02x}", b)?;
        }
        Ok(())
    }
}

/// One slave's section of `/proc/net/bonding/<bond>`
/// (`bond_info_show_slave()`), starting with its blank line. `ad` is the
/// port's data when it has an aggregator (802.3ad only); `net_admin` is
/// the reader's CAP_NET_ADMIN.
pub(crate) fn proc_slave(
    name: &[u8],
    s: &SlaveState,
    mode: Mode,
    ad: Option<&AdPort>,
    net_admin: bool,
    out: &mut dyn Write,
) -> fmt::Result {
    writeln!(out, "\nSlave Interface: {}", Bytes(name))?;
    writeln!(out, "MII Status: {}", s.link.status())?;
    if s.speed == SPEED_UNKNOWN {
        out.write_str("Speed: Unknown\n")?;
    } else {
        // "%d" of the u32 speed
        writeln!(out, "Speed: {} Mbps", s.speed as i32)?;
    }
    if s.duplex == DUPLEX_UNKNOWN {
        out.write_str("Duplex: Unknown\n")?;
    } else {
        let d = if s.duplex != 0 { "full" } else { "half" };
        writeln!(out, "Duplex: {}", d)?;
    }
    writeln!(out, "Link Failure Count: {}", s.link_failure_count)?;
    writeln!(out, "Permanent HW addr: {}", HexColon(s.perm_addr()))?;
    writeln!(out, "Slave queue ID: {}", s.queue_id)?;

    if mode != Mode::Ieee8023ad {
        return Ok(());
    }
    let Some(p) = ad else {
        return out.write_str("Aggregator ID: N/A\n");
    };
    writeln!(out, "Aggregator ID: {}", p.aggregator_id)?;
    writeln!(
        out,
        "Actor Churn State: {}",
        churn_desc(p.actor_churn_state)
    )?;
    writeln!(
        out,
        "Partner Churn State: {}",
        churn_desc(p.partner_churn_state)
    )?;
    writeln!(out, "Actor Churned Count: {}", p.actor_churn_count as i32)?;
    writeln!(
        out,
        "Partner Churned Count: {}",
        p.partner_churn_count as i32
    )?;
    if net_admin {
        out.write_str("details actor lacp pdu:\n")?;
        writeln!(out, "    system priority: {}", p.actor_system_priority)?;
        writeln!(out, "    system mac address: {}", Mac(&p.actor_system))?;
        writeln!(out, "    port key: {}", p.actor_oper_port_key)?;
        writeln!(out, "    port priority: {}", p.actor_port_priority)?;
        writeln!(out, "    port number: {}", p.actor_port_number)?;
        writeln!(out, "    port state: {}", p.actor_oper_port_state)?;
        out.write_str("details partner lacp pdu:\n")?;
        writeln!(out, "    system priority: {}", p.partner_system_priority)?;
        writeln!(out, "    system mac address: {}", Mac(&p.partner_system))?;
        writeln!(out, "    oper key: {}", p.partner_key)?;
        writeln!(out, "    port priority: {}", p.partner_port_priority)?;
        writeln!(out, "    port number: {}", p.partner_port_number)?;
        writeln!(out, "    port state: {}", p.partner_port_state)?;
    }
    Ok(())
}

/// A file in `/sys/class/net/<slave>/bonding_slave/`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct SlaveSysfsAttr {
    /// File name, NUL-terminated for sysfs.
    pub(crate) cname: &'static core::ffi::CStr,
    /// File mode (all are read-only).
    pub(crate) mode: u16,
}

impl SlaveSysfsAttr {
    /// File name.
    pub(crate) fn name(&self) -> &'static str {
        self.cname.to_str().unwrap_or("")
    }
}

const fn ro(cname: &'static core::ffi::CStr) -> SlaveSysfsAttr {
    SlaveSysfsAttr { cname, mode: 0o444 }
}

/// The attributes in the order of `slave_attrs` in bond_sysfs_slave.c.
pub(crate) static SLAVE_SYSFS_ATTRS: [SlaveSysfsAttr; 8] = [
    ro(c"state"),
    ro(c"mii_status"),
    ro(c"link_failure_count"),
    ro(c"perm_hwaddr"),
    ro(c"queue_id"),
    ro(c"ad_aggregator_id"),
    ro(c"ad_actor_oper_port_state"),
    ro(c"ad_partner_oper_port_state"),
];

/// Index of the slave sysfs attribute called `name`.
pub(crate) fn slave_sysfs_attr_index(name: &[u8]) -> Option<usize> {
    SLAVE_SYSFS_ATTRS
        .iter()
        .position(|a| a.cname.to_bytes() == name)
}

/// Writes the content of `SLAVE_SYSFS_ATTRS[attr_index]` for slave `s` of
/// a bond in `mode`; `ad` is the port's data when it has an aggregator.
/// An unknown index is an error.
pub(crate) fn show_slave_attr(
    attr_index: usize,
    s: &SlaveState,
    mode: Mode,
    ad: Option<&AdPort>,
    out: &mut dyn Write,
) -> fmt::Result {
    let attr = SLAVE_SYSFS_ATTRS.get(attr_index).ok_or(fmt::Error)?;
    let ad = if mode == Mode::Ieee8023ad { ad } else { None };
    match attr.name() {
        "state" => writeln!(out, "{}", s.role().name()),
        "mii_status" => writeln!(out, "{}", s.link.status()),
        // "%d" of the u32 counter
        "link_failure_count" => writeln!(out, "{}", s.link_failure_count as i32),
        "perm_hwaddr" => writeln!(out, "{}", HexColon(s.perm_addr())),
        "queue_id" => writeln!(out, "{}", s.queue_id),
        "ad_aggregator_id" => match ad {
            Some(p) => writeln!(out, "{}", p.aggregator_id),
            None => out.write_str("N/A\n"),
        },
        "ad_actor_oper_port_state" => match ad {
            Some(p) => writeln!(out, "{}", p.actor_oper_port_state),
            None => out.write_str("N/A\n"),
        },
        "ad_partner_oper_port_state" => match ad {
            Some(p) => writeln!(out, "{}", p.partner_port_state),
            None => out.write_str("N/A\n"),
        },
        _ => Err(fmt::Error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logic::slave::{Link, DUPLEX_FULL, DUPLEX_HALF};
    use std::string::String;
    use std::vec::Vec;

    fn slave(link: Link, speed: u32, duplex: u8) -> SlaveState {
        let mut s = SlaveState {
            link,
            speed,
            duplex,
            link_failure_count: 3,
            queue_id: 2,
            addr_len: 6,
            ..SlaveState::new()
        };
        s.perm_hwaddr[..6].copy_from_slice(&[0x52, 0x54, 0x00, 0xab, 0xcd, 0x0f]);
        s
    }

    fn proc(s: &SlaveState, mode: Mode, ad: Option<&AdPort>, admin: bool) -> String {
        let mut out = String::new();
        proc_slave(b"eth0", s, mode, ad, admin, &mut out).unwrap();
        out
    }

    const HEAD_TAIL: &str =
        "Link Failure Count: 3\nPermanent HW addr: 52:54:00:ab:cd:0f\nSlave queue ID: 2\n";

    #[test]
    fn proc_typical_slaves() {
        let cases = [
            (
                Link::Up,
                1000,
                DUPLEX_FULL,
                "up",
                "Speed: 1000 Mbps\nDuplex: full\n",
            ),
            (
                Link::Up,
                10,
                DUPLEX_HALF,
                "up",
                "Speed: 10 Mbps\nDuplex: half\n",
            ),
            (
                Link::Down,
                SPEED_UNKNOWN,
                DUPLEX_UNKNOWN,
                "down",
                "Speed: Unknown\nDuplex: Unknown\n",
            ),
            (
                Link::Fail,
                100,
                DUPLEX_UNKNOWN,
                "going down",
                "Speed: 100 Mbps\nDuplex: Unknown\n",
            ),
            (
                Link::Back,
                SPEED_UNKNOWN,
                DUPLEX_FULL,
                "going back",
                "Speed: Unknown\nDuplex: full\n",
            ),
            // "%d" of the u32 speed; any duplex but 0 and 0xff is "full".
            (
                Link::Up,
                0x8000_0000,
                7,
                "up",
                "Speed: -2147483648 Mbps\nDuplex: full\n",
            ),
        ];
        for (link, speed, duplex, status, mid) in cases {
            let s = slave(link, speed, duplex);
            let want =
                std::format!("\nSlave Interface: eth0\nMII Status: {status}\n{mid}{HEAD_TAIL}");
            for mode in [Mode::RoundRobin, Mode::ActiveBackup, Mode::Alb] {
                assert_eq!(proc(&s, mode, None, true), want);
                // Port data is ignored outside 802.3ad.
                assert_eq!(proc(&s, mode, Some(&AD), true), want);
            }
        }
        // Counter "%u", raw name bytes, other address lengths.
        let mut s = slave(Link::Up, 1000, DUPLEX_FULL);
        s.link_failure_count = u32::MAX;
        s.addr_len = 0;
        let mut out = String::new();
        proc_slave(b"e\xfft", &s, Mode::Xor, None, true, &mut out).unwrap();
        assert!(out.starts_with("\nSlave Interface: e"));
        assert!(out.contains("Link Failure Count: 4294967295\nPermanent HW addr: \n"));
        let mut buf = [0u8; 64];
        let mut w = crate::logic::show::BufWriter::new(&mut buf);
        proc_slave(b"e\xfft", &s, Mode::Xor, None, true, &mut w).ok();
        assert!(w.as_bytes().starts_with(b"\nSlave Interface: e\xfft\n"));
        s.addr_len = 20;
        s.perm_hwaddr[6..20].fill(0xee);
        assert!(proc(&s, Mode::ActiveBackup, None, true).contains(
            "Permanent HW addr: 52:54:00:ab:cd:0f:ee:ee:ee:ee:ee:ee:ee:ee:ee:ee:ee:ee:ee:ee\n"
        ));
    }

    const AD: AdPort = AdPort {
        aggregator_id: 2,
        actor_churn_state: 2,
        partner_churn_state: 0,
        actor_churn_count: 1,
        partner_churn_count: u32::MAX,
        actor_system_priority: 65535,
        actor_system: [0x52, 0x54, 0, 0x12, 0x34, 0x56],
        actor_oper_port_key: 9,
        actor_port_priority: 255,
        actor_port_number: 1,
        actor_oper_port_state: 61,
        partner_system_priority: 32768,
        partner_system: [0, 0x11, 0x22, 0x33, 0x44, 0x55],
        partner_key: 17,
        partner_port_priority: 255,
        partner_port_number: 3,
        partner_port_state: 63,
    };

    #[test]
    fn proc_8023ad() {
        let s = slave(Link::Up, 1000, DUPLEX_FULL);
        let base = std::format!(
            "\nSlave Interface: eth0\nMII Status: up\nSpeed: 1000 Mbps\nDuplex: full\n{HEAD_TAIL}"
        );
        assert_eq!(
            proc(&s, Mode::Ieee8023ad, None, true),
            std::format!("{base}Aggregator ID: N/A\n")
        );
        let churn = "Aggregator ID: 2\nActor Churn State: none\nPartner Churn State: monitoring\n\
            Actor Churned Count: 1\nPartner Churned Count: -1\n";
        assert_eq!(
            proc(&s, Mode::Ieee8023ad, Some(&AD), false),
            std::format!("{base}{churn}")
        );
        assert_eq!(
            proc(&s, Mode::Ieee8023ad, Some(&AD), true),
            std::format!(
                "{base}{churn}details actor lacp pdu:\n    system priority: 65535\n    \
                system mac address: 52:54:00:12:34:56\n    port key: 9\n    port priority: 255\n    \
                port number: 1\n    port state: 61\ndetails partner lacp pdu:\n    \
                system priority: 32768\n    system mac address: 00:11:22:33:44:55\n    \
                oper key: 17\n    port priority: 255\n    port number: 3\n    port state: 63\n"
            )
        );
        let names: Vec<&str> = (0..6).map(churn_desc).collect();
        assert_eq!(
            names,
            [
                "monitoring",
                "churned",
                "none",
                "unknown",
                "unknown",
                "unknown"
            ]
        );
        assert_eq!(churn_desc(u32::MAX), "unknown");
    }

    fn show(name: &str, s: &SlaveState, mode: Mode, ad: Option<&AdPort>) -> String {
        let i = slave_sysfs_attr_index(name.as_bytes()).unwrap();
        let mut out = String::new();
        show_slave_attr(i, s, mode, ad, &mut out).unwrap();
        out
    }

    fn all(s: &SlaveState, mode: Mode, ad: Option<&AdPort>) -> Vec<(&'static str, String)> {
        SLAVE_SYSFS_ATTRS
            .iter()
            .map(|a| (a.name(), show(a.name(), s, mode, ad)))
            .collect()
    }

    fn expect(v: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
        v.iter().map(|(n, t)| (*n, String::from(*t))).collect()
    }

    #[test]
    fn sysfs_table() {
        let names: Vec<&str> = SLAVE_SYSFS_ATTRS.iter().map(|a| a.name()).collect();
        assert_eq!(
            names,
            [
                "state",
                "mii_status",
                "link_failure_count",
                "perm_hwaddr",
                "queue_id",
                "ad_aggregator_id",
                "ad_actor_oper_port_state",
                "ad_partner_oper_port_state",
            ]
        );
        assert!(SLAVE_SYSFS_ATTRS.iter().all(|a| a.mode == 0o444));
        assert_eq!(slave_sysfs_attr_index(b"nope"), None);
        let s = SlaveState::new();
        let mut out = String::new();
        assert!(show_slave_attr(8, &s, Mode::RoundRobin, None, &mut out).is_err());
        assert!(out.is_empty());
    }

    #[test]
    fn sysfs_files() {
        let s = slave(Link::Up, 1000, DUPLEX_FULL);
        assert_eq!(
            all(&s, Mode::ActiveBackup, Some(&AD)),
            expect(&[
                ("state", "active\n"),
                ("mii_status", "up\n"),
                ("link_failure_count", "3\n"),
                ("perm_hwaddr", "52:54:00:ab:cd:0f\n"),
                ("queue_id", "2\n"),
                ("ad_aggregator_id", "N/A\n"),
                ("ad_actor_oper_port_state", "N/A\n"),
                ("ad_partner_oper_port_state", "N/A\n"),
            ])
        );
        let mut s = slave(Link::Back, SPEED_UNKNOWN, DUPLEX_UNKNOWN);
        s.backup = true;
        s.link_failure_count = u32::MAX;
        s.queue_id = 65535;
        assert_eq!(
            all(&s, Mode::Ieee8023ad, Some(&AD)),
            expect(&[
                ("state", "backup\n"),
                ("mii_status", "going back\n"),
                ("link_failure_count", "-1\n"),
                ("perm_hwaddr", "52:54:00:ab:cd:0f\n"),
                ("queue_id", "65535\n"),
                ("ad_aggregator_id", "2\n"),
                ("ad_actor_oper_port_state", "61\n"),
                ("ad_partner_oper_port_state", "63\n"),
            ])
        );
        s.link = Link::Fail;
        s.addr_len = 0;
        assert_eq!(
            show("mii_status", &s, Mode::Ieee8023ad, None),
            "going down\n"
        );
        assert_eq!(show("perm_hwaddr", &s, Mode::Ieee8023ad, None), "\n");
        for a in [
            "ad_aggregator_id",
            "ad_actor_oper_port_state",
            "ad_partner_oper_port_state",
        ] {
            assert_eq!(show(a, &s, Mode::Ieee8023ad, None), "N/A\n");
        }
        s.link = Link::Down;
        assert_eq!(show("mii_status", &s, Mode::Xor, None), "down\n");
    }
}
