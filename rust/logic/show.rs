// SPDX-License-Identifier: GPL-2.0
//! Text of the per-bond sysfs files, of `bonding_masters` and of the
//! master part of `/proc/net/bonding/<bond>`, byte for byte as bonding.ko
//! prints them. The PAGE_SIZE "++more++" truncation of the list files is
//! not reproduced.

use core::fmt::{self, Write};

use super::log::{decode_raw, Bytes, Ip4, Ip6c, Mac};
use super::options::{value_name, Mode, OptId, Params};

/// One slave as seen by the show functions.
#[derive(Clone, Copy, Debug)]
pub(crate) struct SlaveView<'a> {
    /// Interface name.
    pub(crate) name: &'a [u8],
    /// queue_id of the slave.
    pub(crate) queue_id: u16,
}

/// Information on the active 802.3ad aggregator (`struct ad_info`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct AdInfo {
    /// Aggregator identifier.
    pub(crate) aggregator_id: u16,
    /// Number of ports in it.
    pub(crate) ports: u16,
    /// Actor operational key.
    pub(crate) actor_key: u16,
    /// Partner operational key.
    pub(crate) partner_key: u16,
    /// Partner system MAC.
    pub(crate) partner_system: [u8; 6],
}

/// Read access to a bond for the show functions.
pub(crate) trait BondView {
    /// Current parameters.
    fn params(&self) -> &Params;
    /// Device name.
    fn name(&self) -> &[u8];
    /// netif_carrier_ok() of the bond.
    fn carrier_ok(&self) -> bool;
    /// The reader has CAP_NET_ADMIN.
    fn net_admin(&self) -> bool;
    /// Number of slaves.
    fn slave_count(&self) -> usize;
    /// Slave `i` in list order.
    fn slave(&self, i: usize) -> Option<SlaveView<'_>>;
    /// Name of curr_active_slave, whatever the mode.
    fn active_slave(&self) -> Option<&[u8]>;
    /// Name of primary_slave.
    fn primary_slave(&self) -> Option<&[u8]>;
    /// Active aggregator info; `None` when there is none
    /// (`bond_3ad_get_active_agg_info()` failing).
    fn ad_info(&self) -> Option<AdInfo>;
    /// 802.3ad system priority and MAC (`BOND_AD_INFO(bond).system`).
    fn ad_system(&self) -> (u16, [u8; 6]);
}

/// A per-bond sysfs attribute in `/sys/class/net/<bond>/bonding/`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct SysfsAttr {
    /// File name, NUL-terminated for sysfs.
    pub(crate) cname: &'static core::ffi::CStr,
    /// File mode: 0o644 or 0o444.
    pub(crate) mode: u16,
    /// Option set by writing the file; `None` for read-only files.
    pub(crate) option: Option<OptId>,
}

impl SysfsAttr {
    /// File name.
    pub(crate) fn name(&self) -> &'static str {
        self.cname.to_str().unwrap_or("")
    }
}

const fn rw(cname: &'static core::ffi::CStr, id: OptId) -> SysfsAttr {
    SysfsAttr {
        cname,
        mode: 0o644,
        option: Some(id),
    }
}

const fn ro(cname: &'static core::ffi::CStr) -> SysfsAttr {
    SysfsAttr {
        cname,
        mode: 0o444,
        option: None,
    }
}

/// The attributes in the order of `per_bond_attrs` in bond_sysfs.c.
pub(crate) static BOND_SYSFS_ATTRS: [SysfsAttr; 38] = [
    rw(c"slaves", OptId::Slaves),
    rw(c"mode", OptId::Mode),
    rw(c"fail_over_mac", OptId::FailOverMac),
    rw(c"arp_validate", OptId::ArpValidate),
    rw(c"arp_all_targets", OptId::ArpAllTargets),
    rw(c"arp_interval", OptId::ArpInterval),
    rw(c"arp_ip_target", OptId::ArpTargets),
    rw(c"downdelay", OptId::Downdelay),
    rw(c"updelay", OptId::Updelay),
    rw(c"peer_notif_delay", OptId::PeerNotifDelay),
    rw(c"lacp_active", OptId::LacpActive),
    rw(c"lacp_rate", OptId::LacpRate),
    rw(c"ad_select", OptId::AdSelect),
    rw(c"xmit_hash_policy", OptId::XmitHash),
    rw(c"num_grat_arp", OptId::NumPeerNotifAlias),
    rw(c"num_unsol_na", OptId::NumPeerNotif),
    rw(c"miimon", OptId::Miimon),
    rw(c"primary", OptId::Primary),
    rw(c"primary_reselect", OptId::PrimaryReselect),
    rw(c"use_carrier", OptId::UseCarrier),
    rw(c"active_slave", OptId::ActiveSlave),
    ro(c"mii_status"),
    ro(c"ad_aggregator"),
    ro(c"ad_num_ports"),
    ro(c"ad_actor_key"),
    ro(c"ad_partner_key"),
    ro(c"ad_partner_mac"),
    rw(c"queue_id", OptId::QueueId),
    rw(c"all_slaves_active", OptId::AllSlavesActive),
    rw(c"resend_igmp", OptId::ResendIgmp),
    rw(c"min_links", OptId::MinLinks),
    rw(c"lp_interval", OptId::LpInterval),
    rw(c"packets_per_slave", OptId::PacketsPerSlave),
    rw(c"tlb_dynamic_lb", OptId::TlbDynamicLb),
    rw(c"ad_actor_sys_prio", OptId::AdActorSysPrio),
    rw(c"ad_actor_system", OptId::AdActorSystem),
    rw(c"ad_user_port_key", OptId::AdUserPortKey),
    rw(c"arp_missed_max", OptId::MissedMax),
];

/// Index of the sysfs attribute called `name`.
pub(crate) fn sysfs_attr_index(name: &[u8]) -> Option<usize> {
    BOND_SYSFS_ATTRS
        .iter()
        .position(|a| a.cname.to_bytes() == name)
}

/// `"%s %d\n"` of a table option value (C prints "(null)" if the value
/// has no name, which cannot happen for values set through options).
fn named(out: &mut dyn Write, id: OptId, v: i64) -> fmt::Result {
    let name = if v < 0 {
        None
    } else {
        value_name(id, v as u64)
    };
    writeln!(out, "{} {}", name.unwrap_or("(null)"), v)
}

/// Writes the items produced by `item` separated by single spaces and
/// terminated by a newline; nothing at all when there are none.
fn spaced_list(
    out: &mut dyn Write,
    n: usize,
    item: &mut dyn FnMut(&mut dyn Write, usize) -> Result<bool, fmt::Error>,
) -> fmt::Result {
    let mut any = false;
    for i in 0..n {
        // Write the separator lazily so skipped items leave no trace.
        let mut sep = SepWriter {
            out: &mut *out,
            pending: if any { Some(' ') } else { None },
        };
        if item(&mut sep, i)? {
            any = true;
        }
    }
    if any {
        out.write_char('\n')?;
    }
    Ok(())
}

/// Writer emitting a pending separator before the first real output.
struct SepWriter<'a> {
    out: &'a mut dyn Write,
    pending: Option<char>,
}

impl Write for SepWriter<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        if s.is_empty() {
            return Ok(());
        }
        if let Some(c) = self.pending.take() {
            self.out.write_char(c)?;
        }
        self.out.write_str(s)
    }
}

fn ad_number(out: &mut dyn Write, bond: &dyn BondView, f: fn(&AdInfo) -> u16) -> fmt::Result {
    let v = bond.ad_info().map_or(0, |i| f(&i));
    writeln!(out, "{}", v)
}

/// Writes the content of sysfs attribute `BOND_SYSFS_ATTRS[attr_index]`
/// (possibly nothing). An unknown index is an error.
pub(crate) fn show_attr(
    attr_index: usize,
    bond: &dyn BondView,
    out: &mut dyn Write,
) -> fmt::Result {
    let attr = BOND_SYSFS_ATTRS.get(attr_index).ok_or(fmt::Error)?;
    let p = bond.params();
    let lacp = p.mode == Mode::Ieee8023ad;
    let lacp_admin = lacp && bond.net_admin();
    match attr.name() {
        "slaves" => spaced_list(out, bond.slave_count(), &mut |w, i| match bond.slave(i) {
            Some(s) => {
                write!(w, "{}", Bytes(s.name))?;
                Ok(true)
            }
            None => Ok(false),
        }),
        "mode" => named(out, OptId::Mode, p.mode as i64),
        "fail_over_mac" => named(out, OptId::FailOverMac, p.fail_over_mac.into()),
        "arp_validate" => named(out, OptId::ArpValidate, p.arp_validate.into()),
        "arp_all_targets" => named(out, OptId::ArpAllTargets, p.arp_all_targets.into()),
        "arp_interval" => writeln!(out, "{}", p.arp_interval),
        "arp_ip_target" => spaced_list(out, p.arp_targets.len(), &mut |w, i| match p
            .arp_targets
            .get(i)
        {
            Some(t) if *t != [0; 4] => {
                write!(w, "{}", Ip4(t))?;
                Ok(true)
            }
            _ => Ok(false),
        }),
        "downdelay" => writeln!(out, "{}", p.downdelay.wrapping_mul(p.miimon)),
        "updelay" => writeln!(out, "{}", p.updelay.wrapping_mul(p.miimon)),
        "peer_notif_delay" => writeln!(out, "{}", p.peer_notif_delay.wrapping_mul(p.miimon)),
        "lacp_active" => named(out, OptId::LacpActive, p.lacp_active.into()),
        "lacp_rate" => named(out, OptId::LacpRate, p.lacp_fast.into()),
        "ad_select" => named(out, OptId::AdSelect, p.ad_select.into()),
        "xmit_hash_policy" => named(out, OptId::XmitHash, p.xmit_policy.into()),
        "num_grat_arp" | "num_unsol_na" => writeln!(out, "{}", p.num_peer_notif),
        "miimon" => writeln!(out, "{}", p.miimon),
        "primary" => match bond.primary_slave() {
            Some(n) => writeln!(out, "{}", Bytes(n)),
            None => Ok(()),
        },
        "primary_reselect" => named(out, OptId::PrimaryReselect, p.primary_reselect.into()),
        "use_carrier" => writeln!(out, "{}", p.use_carrier),
        "active_slave" => match bond.active_slave() {
            Some(n) if p.mode.uses_primary() => writeln!(out, "{}", Bytes(n)),
            _ => Ok(()),
        },
        "mii_status" => writeln!(out, "{}", if bond.carrier_ok() { "up" } else { "down" }),
        "ad_aggregator" if lacp => ad_number(out, bond, |i| i.aggregator_id),
        "ad_num_ports" if lacp => ad_number(out, bond, |i| i.ports),
        "ad_actor_key" if lacp_admin => ad_number(out, bond, |i| i.actor_key),
        "ad_partner_key" if lacp_admin => ad_number(out, bond, |i| i.partner_key),
        "ad_partner_mac" if lacp_admin => match bond.ad_info() {
            Some(i) => writeln!(out, "{}", Mac(&i.partner_system)),
            None => Ok(()),
        },
        "queue_id" => spaced_list(out, bond.slave_count(), &mut |w, i| match bond.slave(i) {
            Some(s) => {
                write!(w, "{}:{}", Bytes(s.name), s.queue_id)?;
                Ok(true)
            }
            None => Ok(false),
        }),
        "all_slaves_active" => writeln!(out, "{}", p.all_slaves_active),
        "resend_igmp" => writeln!(out, "{}", p.resend_igmp),
        "min_links" => writeln!(out, "{}", p.min_links),
        "lp_interval" => writeln!(out, "{}", p.lp_interval),
        "packets_per_slave" => writeln!(out, "{}", p.packets_per_slave as u32),
        "tlb_dynamic_lb" => writeln!(out, "{}", p.tlb_dynamic_lb),
        "ad_actor_sys_prio" if lacp_admin => writeln!(out, "{}", p.ad_actor_sys_prio),
        "ad_actor_system" if lacp_admin => writeln!(out, "{}", Mac(&p.ad_actor_system)),
        "ad_user_port_key" if lacp_admin => writeln!(out, "{}", p.ad_user_port_key),
        "arp_missed_max" => writeln!(out, "{}", p.missed_max),
        // The 802.3ad attributes outside their conditions are empty.
        _ => Ok(()),
    }
}

/// Content of `/sys/class/net/bonding_masters` for the bonds `names`.
pub(crate) fn bonding_masters(
    names: &mut dyn Iterator<Item = &[u8]>,
    out: &mut dyn Write,
) -> fmt::Result {
    let mut any = false;
    for n in names {
        if any {
            out.write_char(' ')?;
        }
        write!(out, "{}", Bytes(n))?;
        any = true;
    }
    if any {
        out.write_char('\n')?;
    }
    Ok(())
}

/// Prints `title`, then ` a, b, c` and a newline (the /proc target lists).
fn comma_list<T: fmt::Display>(
    out: &mut dyn Write,
    title: &str,
    items: impl Iterator<Item = T>,
) -> fmt::Result {
    out.write_str(title)?;
    for (i, t) in items.enumerate() {
        write!(out, "{} {}", if i == 0 { "" } else { "," }, t)?;
    }
    out.write_str("\n")
}

/// The master section of `/proc/net/bonding/<bond>` (everything after the
/// "Ethernet Channel Bonding Driver" version line and its blank line).
pub(crate) fn proc_master(bond: &dyn BondView, out: &mut dyn Write) -> fmt::Result {
    let p = bond.params();

    write!(out, "Bonding Mode: {}", p.mode.description())?;
    if p.mode == Mode::ActiveBackup && p.fail_over_mac != 0 {
        let n = value_name(OptId::FailOverMac, p.fail_over_mac as i64 as u64);
        write!(out, " (fail_over_mac {})", n.unwrap_or("(null)"))?;
    }
    out.write_str("\n")?;

    if p.mode.uses_xmit_hash(p.tlb_dynamic_lb) {
        let n = value_name(OptId::XmitHash, p.xmit_policy.into());
        writeln!(
            out,
            "Transmit Hash Policy: {} ({})",
            n.unwrap_or("(null)"),
            p.xmit_policy
        )?;
    }

    if p.mode.uses_primary() {
        let primary = bond.primary_slave();
        write!(out, "Primary Slave: {}", Bytes(primary.unwrap_or(b"None")))?;
        if primary.is_some() {
            let n = value_name(OptId::PrimaryReselect, p.primary_reselect as i64 as u64);
            write!(out, " (primary_reselect {})", n.unwrap_or("(null)"))?;
        }
        writeln!(
            out,
            "\nCurrently Active Slave: {}",
            Bytes(bond.active_slave().unwrap_or(b"None"))
        )?;
    }

    writeln!(
        out,
        "MII Status: {}",
        if bond.carrier_ok() { "up" } else { "down" }
    )?;
    writeln!(out, "MII Polling Interval (ms): {}", p.miimon)?;
    writeln!(out, "Up Delay (ms): {}", p.updelay.wrapping_mul(p.miimon))?;
    writeln!(
        out,
        "Down Delay (ms): {}",
        p.downdelay.wrapping_mul(p.miimon)
    )?;
    writeln!(
        out,
        "Peer Notification Delay (ms): {}",
        p.peer_notif_delay.wrapping_mul(p.miimon)
    )?;

    if p.arp_interval > 0 {
        writeln!(out, "ARP Polling Interval (ms): {}", p.arp_interval)?;
        writeln!(out, "ARP Missed Max: {}", p.missed_max)?;
        let arp = p.arp_targets.iter().take_while(|t| **t != [0; 4]).map(Ip4);
        comma_list(out, "ARP IP target/s (n.n.n.n form):", arp)?;
        let ns = p.ns_targets.iter().take_while(|t| **t != [0; 16]).map(Ip6c);
        comma_list(out, "NS IPv6 target/s (xx::xx form):", ns)?;
    }

    if p.mode == Mode::Ieee8023ad {
        out.write_str("\n802.3ad info\n")?;
        writeln!(
            out,
            "LACP active: {}",
            if p.lacp_active != 0 { "on" } else { "off" }
        )?;
        writeln!(
            out,
            "LACP rate: {}",
            if p.lacp_fast != 0 { "fast" } else { "slow" }
        )?;
        // "%d" of an unsigned int
        writeln!(out, "Min links: {}", p.min_links as i32)?;
        let n = value_name(OptId::AdSelect, p.ad_select as i64 as u64);
        writeln!(
            out,
            "Aggregator selection policy (ad_select): {}",
            n.unwrap_or("(null)")
        )?;
        if bond.net_admin() {
            let (prio, mac) = bond.ad_system();
            writeln!(out, "System priority: {}", prio)?;
            writeln!(out, "System MAC address: {}", Mac(&mac))?;
            match bond.ad_info() {
                None => writeln!(out, "bond {} has no active aggregator", Bytes(bond.name()))?,
                Some(i) => {
                    out.write_str("Active Aggregator Info:\n")?;
                    writeln!(out, "\tAggregator ID: {}", i.aggregator_id)?;
                    writeln!(out, "\tNumber of ports: {}", i.ports)?;
                    writeln!(out, "\tActor Key: {}", i.actor_key)?;
                    writeln!(out, "\tPartner Key: {}", i.partner_key)?;
                    writeln!(out, "\tPartner Mac Address: {}", Mac(&i.partner_system))?;
                }
            }
        }
    }
    Ok(())
}

/// Fixed-capacity byte buffer implementing `fmt::Write`. Characters that
/// stand for raw bytes (see `log::Bytes`) are stored as those bytes. When
/// the buffer is full, as much as fits is stored and `Err` is returned.
pub(crate) struct BufWriter<'a> {
    buf: &'a mut [u8],
    len: usize,
}

impl<'a> BufWriter<'a> {
    /// Writer filling `buf` from its start.
    pub(crate) fn new(buf: &'a mut [u8]) -> Self {
        BufWriter { buf, len: 0 }
    }

    /// Number of bytes written.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// True when nothing was written.
    pub(crate) fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The bytes written so far.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or(&[])
    }

    fn push(&mut self, bytes: &[u8]) -> bool {
        let room = self.buf.len().saturating_sub(self.len);
        let n = bytes.len().min(room);
        if let (Some(dst), Some(src)) = (
            self.buf.get_mut(self.len..self.len.wrapping_add(n)),
            bytes.get(..n),
        ) {
            dst.copy_from_slice(src);
            self.len = self.len.wrapping_add(n);
        }
        n == bytes.len()
    }
}

impl Write for BufWriter<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let mut ok = true;
        decode_raw(s, &mut |chunk| {
            if ok {
                ok = self.push(chunk);
            }
        });
        if ok {
            Ok(())
        } else {
            Err(fmt::Error)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logic::log::RecLog;
    use crate::logic::options::{apply, by_name, get, parse, ApplyCtx, Input};
    use crate::logic::params::{check_params, RawParams};
    use std::string::String;
    use std::vec::Vec;

    struct TB {
        params: Params,
        name: Vec<u8>,
        carrier: bool,
        admin: bool,
        slaves: Vec<(Vec<u8>, u16)>,
        active: Option<Vec<u8>>,
        primary: Option<Vec<u8>>,
        ad: Option<AdInfo>,
        sys: (u16, [u8; 6]),
    }

    impl BondView for TB {
        fn params(&self) -> &Params {
            &self.params
        }
        fn name(&self) -> &[u8] {
            &self.name
        }
        fn carrier_ok(&self) -> bool {
            self.carrier
        }
        fn net_admin(&self) -> bool {
            self.admin
        }
        fn slave_count(&self) -> usize {
            self.slaves.len()
        }
        fn slave(&self, i: usize) -> Option<SlaveView<'_>> {
            self.slaves.get(i).map(|(n, q)| SlaveView {
                name: n,
                queue_id: *q,
            })
        }
        fn active_slave(&self) -> Option<&[u8]> {
            self.active.as_deref()
        }
        fn primary_slave(&self) -> Option<&[u8]> {
            self.primary.as_deref()
        }
        fn ad_info(&self) -> Option<AdInfo> {
            self.ad
        }
        fn ad_system(&self) -> (u16, [u8; 6]) {
            self.sys
        }
    }

    fn default_params() -> Params {
        let mut l = RecLog::new();
        check_params(&RawParams::defaults(), &mut l).unwrap().params
    }

    fn bond(params: Params) -> TB {
        TB {
            params,
            name: b"bond0".to_vec(),
            carrier: false,
            admin: true,
            slaves: Vec::new(),
            active: None,
            primary: None,
            ad: None,
            sys: (65535, [0x52, 0x54, 0, 0x12, 0x34, 0x56]),
        }
    }

    const AD: AdInfo = AdInfo {
        aggregator_id: 1,
        ports: 2,
        actor_key: 9,
        partner_key: 17,
        partner_system: [0, 0x11, 0x22, 0x33, 0x44, 0x55],
    };

    fn set(p: &mut Params, name: &str, val: &str) {
        let opt = by_name(name.as_bytes()).unwrap();
        let v = if opt.is_raw() {
            0
        } else {
            parse(opt, Input::Str(val.as_bytes())).unwrap()
        };
        let mut l = RecLog::new();
        apply(p, opt.id, v, val.as_bytes(), &ApplyCtx::new(false), &mut l).unwrap();
    }

    fn show(b: &TB, name: &str) -> String {
        let mut s = String::new();
        show_attr(sysfs_attr_index(name.as_bytes()).unwrap(), b, &mut s).unwrap();
        s
    }

    fn all(b: &TB) -> Vec<(&'static str, String)> {
        BOND_SYSFS_ATTRS
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let mut s = String::new();
                show_attr(i, b, &mut s).unwrap();
                (a.name(), s)
            })
            .collect()
    }

    fn expect(v: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
        v.iter().map(|(a, b)| (*a, String::from(*b))).collect()
    }

    #[test]
    fn attr_table() {
        let names = [
            "slaves",
            "mode",
            "fail_over_mac",
            "arp_validate",
            "arp_all_targets",
            "arp_interval",
            "arp_ip_target",
            "downdelay",
            "updelay",
            "peer_notif_delay",
            "lacp_active",
            "lacp_rate",
            "ad_select",
            "xmit_hash_policy",
            "num_grat_arp",
            "num_unsol_na",
            "miimon",
            "primary",
            "primary_reselect",
            "use_carrier",
            "active_slave",
            "mii_status",
            "ad_aggregator",
            "ad_num_ports",
            "ad_actor_key",
            "ad_partner_key",
            "ad_partner_mac",
            "queue_id",
            "all_slaves_active",
            "resend_igmp",
            "min_links",
            "lp_interval",
            "packets_per_slave",
            "tlb_dynamic_lb",
            "ad_actor_sys_prio",
            "ad_actor_system",
            "ad_user_port_key",
            "arp_missed_max",
        ];
        for (i, (a, n)) in BOND_SYSFS_ATTRS.iter().zip(names).enumerate() {
            assert_eq!(a.name(), n);
            assert_eq!(sysfs_attr_index(n.as_bytes()), Some(i));
            let ro = n.starts_with("ad_")
                && !n.starts_with("ad_actor_s")
                && !n.starts_with("ad_user")
                && n != "ad_select"
                || n == "mii_status";
            assert_eq!(a.mode, if ro { 0o444 } else { 0o644 }, "{n}");
            // the store looks the option up by the file name
            match a.option {
                Some(id) => {
                    assert!(!ro);
                    assert_eq!(get(id).name, n);
                }
                None => assert!(ro),
            }
        }
        assert_eq!(sysfs_attr_index(b"bogus"), None);
        let b = bond(default_params());
        let mut s = String::new();
        assert!(show_attr(38, &b, &mut s).is_err());
    }

    #[test]
    fn sysfs_default_bond() {
        let b = bond(default_params());
        assert_eq!(
            all(&b),
            expect(&[
                ("slaves", ""),
                ("mode", "balance-rr 0\n"),
                ("fail_over_mac", "none 0\n"),
                ("arp_validate", "none 0\n"),
                ("arp_all_targets", "any 0\n"),
                ("arp_interval", "0\n"),
                ("arp_ip_target", ""),
                ("downdelay", "0\n"),
                ("updelay", "0\n"),
                ("peer_notif_delay", "0\n"),
                ("lacp_active", "on 1\n"),
                ("lacp_rate", "slow 0\n"),
                ("ad_select", "stable 0\n"),
                ("xmit_hash_policy", "layer2 0\n"),
                ("num_grat_arp", "1\n"),
                ("num_unsol_na", "1\n"),
                ("miimon", "0\n"),
                ("primary", ""),
                ("primary_reselect", "always 0\n"),
                ("use_carrier", "1\n"),
                ("active_slave", ""),
                ("mii_status", "down\n"),
                ("ad_aggregator", ""),
                ("ad_num_ports", ""),
                ("ad_actor_key", ""),
                ("ad_partner_key", ""),
                ("ad_partner_mac", ""),
                ("queue_id", ""),
                ("all_slaves_active", "0\n"),
                ("resend_igmp", "1\n"),
                ("min_links", "0\n"),
                ("lp_interval", "1\n"),
                ("packets_per_slave", "1\n"),
                ("tlb_dynamic_lb", "1\n"),
                ("ad_actor_sys_prio", ""),
                ("ad_actor_system", ""),
                ("ad_user_port_key", ""),
                ("arp_missed_max", "2\n"),
            ])
        );
    }

    #[test]
    fn sysfs_mode_line() {
        let names = [
            "balance-rr 0\n",
            "active-backup 1\n",
            "balance-xor 2\n",
            "broadcast 3\n",
            "802.3ad 4\n",
            "balance-tlb 5\n",
            "balance-alb 6\n",
        ];
        for (m, want) in Mode::ALL.iter().zip(names) {
            let mut p = default_params();
            set(&mut p, "mode", m.name());
            let b = bond(p);
            assert_eq!(show(&b, "mode"), want);
            let lacp = *m == Mode::Ieee8023ad;
            assert_eq!(show(&b, "ad_aggregator"), if lacp { "0\n" } else { "" });
            assert_eq!(
                show(&b, "ad_actor_sys_prio"),
                if lacp { "65535\n" } else { "" }
            );
            assert_eq!(
                show(&b, "miimon"),
                if m.uses_arp() { "0\n" } else { "100\n" }
            );
        }
    }

    #[test]
    fn sysfs_after_settings() {
        let mut p = default_params();
        for (o, v) in [
            ("mode", "active-backup"),
            ("miimon", "100"),
            ("updelay", "200"),
            ("downdelay", "300"),
            ("peer_notif_delay", "500"),
            ("fail_over_mac", "follow"),
            ("primary_reselect", "failure"),
            ("num_grat_arp", "3"),
            ("use_carrier", "0"),
            ("all_slaves_active", "1"),
            ("resend_igmp", "0"),
            ("min_links", "2"),
            ("lp_interval", "7"),
            ("xmit_hash_policy", "encap3+4"),
            ("arp_all_targets", "all"),
            ("arp_missed_max", "9"),
            ("primary", "eth0"),
        ] {
            set(&mut p, o, v);
        }
        set(&mut p, "arp_ip_target", "+10.0.0.1");
        set(&mut p, "arp_ip_target", "+10.0.0.2\n");
        let mut b = bond(p);
        b.carrier = true;
        b.slaves = std::vec![(b"eth0".to_vec(), 0), (b"eth1".to_vec(), 2)];
        b.active = Some(b"eth1".to_vec());
        b.primary = Some(b"eth0".to_vec());
        assert_eq!(
            all(&b),
            expect(&[
                ("slaves", "eth0 eth1\n"),
                ("mode", "active-backup 1\n"),
                ("fail_over_mac", "follow 2\n"),
                ("arp_validate", "none 0\n"),
                ("arp_all_targets", "all 1\n"),
                ("arp_interval", "0\n"),
                ("arp_ip_target", "10.0.0.1 10.0.0.2\n"),
                ("downdelay", "300\n"),
                ("updelay", "200\n"),
                ("peer_notif_delay", "500\n"),
                ("lacp_active", "on 1\n"),
                ("lacp_rate", "slow 0\n"),
                ("ad_select", "stable 0\n"),
                ("xmit_hash_policy", "encap3+4 4\n"),
                ("num_grat_arp", "3\n"),
                ("num_unsol_na", "3\n"),
                ("miimon", "100\n"),
                ("primary", "eth0\n"),
                ("primary_reselect", "failure 2\n"),
                ("use_carrier", "0\n"),
                ("active_slave", "eth1\n"),
                ("mii_status", "up\n"),
                ("ad_aggregator", ""),
                ("ad_num_ports", ""),
                ("ad_actor_key", ""),
                ("ad_partner_key", ""),
                ("ad_partner_mac", ""),
                ("queue_id", "eth0:0 eth1:2\n"),
                ("all_slaves_active", "1\n"),
                ("resend_igmp", "0\n"),
                ("min_links", "2\n"),
                ("lp_interval", "7\n"),
                ("packets_per_slave", "1\n"),
                ("tlb_dynamic_lb", "1\n"),
                ("ad_actor_sys_prio", ""),
                ("ad_actor_system", ""),
                ("ad_user_port_key", ""),
                ("arp_missed_max", "9\n"),
            ])
        );
        // miimon changes rescale the delays (stored as multiples)
        set(&mut b.params, "miimon", "50");
        assert_eq!(
            (show(&b, "updelay"), show(&b, "downdelay")),
            (String::from("100\n"), String::from("150\n"))
        );
        // active_slave is only shown in modes with a primary
        b.params.mode = Mode::RoundRobin;
        assert_eq!(show(&b, "active_slave"), "");
        assert_eq!(show(&b, "primary"), "eth0\n");
        b.params.min_links = u32::MAX;
        assert_eq!(show(&b, "min_links"), "4294967295\n");
        b.params.packets_per_slave = -1;
        assert_eq!(show(&b, "packets_per_slave"), "4294967295\n");
    }

    #[test]
    fn sysfs_8023ad() {
        let mut p = default_params();
        set(&mut p, "mode", "802.3ad");
        set(&mut p, "lacp_rate", "fast");
        set(&mut p, "ad_actor_system", "02:00:00:00:00:01");
        set(&mut p, "ad_user_port_key", "12");
        set(&mut p, "ad_actor_sys_prio", "100");
        set(&mut p, "ad_select", "bandwidth");
        set(&mut p, "lacp_active", "off");
        let mut b = bond(p);
        b.ad = Some(AD);
        let ad_attrs = [
            "ad_aggregator",
            "ad_num_ports",
            "ad_actor_key",
            "ad_partner_key",
            "ad_partner_mac",
            "ad_actor_sys_prio",
            "ad_actor_system",
            "ad_user_port_key",
            "lacp_rate",
            "ad_select",
            "lacp_active",
        ];
        let get_ad = |b: &TB| -> Vec<(&'static str, String)> {
            all(b)
                .into_iter()
                .filter(|(n, _)| ad_attrs.contains(n))
                .collect()
        };
        assert_eq!(
            get_ad(&b),
            expect(&[
                ("lacp_active", "off 0\n"),
                ("lacp_rate", "fast 1\n"),
                ("ad_select", "bandwidth 1\n"),
                ("ad_aggregator", "1\n"),
                ("ad_num_ports", "2\n"),
                ("ad_actor_key", "9\n"),
                ("ad_partner_key", "17\n"),
                ("ad_partner_mac", "00:11:22:33:44:55\n"),
                ("ad_actor_sys_prio", "100\n"),
                ("ad_actor_system", "02:00:00:00:00:01\n"),
                ("ad_user_port_key", "12\n"),
            ])
        );
        b.admin = false;
        assert_eq!(
            get_ad(&b),
            expect(&[
                ("lacp_active", "off 0\n"),
                ("lacp_rate", "fast 1\n"),
                ("ad_select", "bandwidth 1\n"),
                ("ad_aggregator", "1\n"),
                ("ad_num_ports", "2\n"),
                ("ad_actor_key", ""),
                ("ad_partner_key", ""),
                ("ad_partner_mac", ""),
                ("ad_actor_sys_prio", ""),
                ("ad_actor_system", ""),
                ("ad_user_port_key", ""),
            ])
        );
        b.admin = true;
        b.ad = None;
        assert_eq!(
            get_ad(&b),
            expect(&[
                ("lacp_active", "off 0\n"),
                ("lacp_rate", "fast 1\n"),
                ("ad_select", "bandwidth 1\n"),
                ("ad_aggregator", "0\n"),
                ("ad_num_ports", "0\n"),
                ("ad_actor_key", "0\n"),
                ("ad_partner_key", "0\n"),
                ("ad_partner_mac", ""),
                ("ad_actor_sys_prio", "100\n"),
                ("ad_actor_system", "02:00:00:00:00:01\n"),
                ("ad_user_port_key", "12\n"),
            ])
        );
    }

    #[test]
    fn masters() {
        let mut s = String::new();
        bonding_masters(&mut core::iter::empty(), &mut s).unwrap();
        assert_eq!(s, "");
        let names: [&[u8]; 1] = [b"bond0"];
        bonding_masters(&mut names.iter().copied(), &mut s).unwrap();
        assert_eq!(s, "bond0\n");
        let names: [&[u8]; 3] = [b"bond0", b"bond1", b"x"];
        let mut s = String::new();
        bonding_masters(&mut names.iter().copied(), &mut s).unwrap();
        assert_eq!(s, "bond0 bond1 x\n");
    }

    fn proc(b: &TB) -> String {
        let mut s = String::new();
        proc_master(b, &mut s).unwrap();
        s
    }

    const TAIL0: &str = "MII Polling Interval (ms): 0\nUp Delay (ms): 0\nDown Delay (ms): 0\nPeer Notification Delay (ms): 0\n";
    const TAIL100: &str = "MII Polling Interval (ms): 100\nUp Delay (ms): 0\nDown Delay (ms): 0\nPeer Notification Delay (ms): 0\n";

    fn moded(m: &str) -> TB {
        let mut p = default_params();
        set(&mut p, "mode", m);
        bond(p)
    }

    #[test]
    fn proc_modes() {
        let b = moded("balance-rr");
        assert_eq!(
            proc(&b),
            std::format!("Bonding Mode: load balancing (round-robin)\nMII Status: down\n{TAIL0}")
        );

        let mut b = moded("active-backup");
        set(&mut b.params, "miimon", "100");
        set(&mut b.params, "updelay", "200");
        set(&mut b.params, "fail_over_mac", "active");
        set(&mut b.params, "primary_reselect", "better");
        b.carrier = true;
        assert_eq!(
            proc(&b),
            "Bonding Mode: fault-tolerance (active-backup) (fail_over_mac active)\n\
            Primary Slave: None\nCurrently Active Slave: None\nMII Status: up\n\
            MII Polling Interval (ms): 100\nUp Delay (ms): 200\nDown Delay (ms): 0\n\
            Peer Notification Delay (ms): 0\n"
        );
        b.primary = Some(b"eth0".to_vec());
        b.active = Some(b"eth1".to_vec());
        assert!(proc(&b).contains(
            "\nPrimary Slave: eth0 (primary_reselect better)\nCurrently Active Slave: eth1\n"
        ));

        let mut b = moded("balance-xor");
        set(&mut b.params, "xmit_hash_policy", "layer3+4");
        set(&mut b.params, "fail_over_mac", "active");
        assert_eq!(proc(&b), std::format!("Bonding Mode: load balancing (xor)\nTransmit Hash Policy: layer3+4 (1)\nMII Status: down\n{TAIL0}"));

        let b = moded("broadcast");
        assert_eq!(
            proc(&b),
            std::format!("Bonding Mode: fault-tolerance (broadcast)\nMII Status: down\n{TAIL0}")
        );

        let mut b = moded("balance-tlb");
        b.active = Some(b"eth0".to_vec());
        assert_eq!(proc(&b), std::format!("Bonding Mode: transmit load balancing\nPrimary Slave: None\nCurrently Active Slave: eth0\nMII Status: down\n{TAIL100}"));
        set(&mut b.params, "tlb_dynamic_lb", "0");
        assert_eq!(proc(&b), std::format!("Bonding Mode: transmit load balancing\nTransmit Hash Policy: layer2 (0)\nPrimary Slave: None\nCurrently Active Slave: eth0\nMII Status: down\n{TAIL100}"));

        let b = moded("balance-alb");
        assert_eq!(proc(&b), std::format!("Bonding Mode: adaptive load balancing\nPrimary Slave: None\nCurrently Active Slave: None\nMII Status: down\n{TAIL100}"));

        let mut b = moded("802.3ad");
        b.carrier = true;
        b.ad = Some(AD);
        let head = std::format!("Bonding Mode: IEEE 802.3ad Dynamic link aggregation\nTransmit Hash Policy: layer2 (0)\nMII Status: up\n{TAIL100}\n802.3ad info\nLACP active: on\nLACP rate: slow\nMin links: 0\nAggregator selection policy (ad_select): stable\n");
        assert_eq!(
            proc(&b),
            std::format!(
                "{head}System priority: 65535\nSystem MAC address: 52:54:00:12:34:56\n\
            Active Aggregator Info:\n\tAggregator ID: 1\n\tNumber of ports: 2\n\tActor Key: 9\n\
            \tPartner Key: 17\n\tPartner Mac Address: 00:11:22:33:44:55\n"
            )
        );
        b.ad = None;
        assert_eq!(proc(&b), std::format!("{head}System priority: 65535\nSystem MAC address: 52:54:00:12:34:56\nbond bond0 has no active aggregator\n"));
        b.admin = false;
        assert_eq!(proc(&b), head);
        b.params.min_links = u32::MAX;
        b.params.lacp_active = 0;
        b.params.lacp_fast = 1;
        assert!(proc(&b).contains("LACP active: off\nLACP rate: fast\nMin links: -1\n"));
    }

    fn ip6(s: &str) -> [u8; 16] {
        let a: std::net::Ipv6Addr = s.parse().unwrap();
        a.octets()
    }

    #[test]
    fn proc_arp() {
        let mut b = moded("active-backup");
        set(&mut b.params, "arp_interval", "1000");
        set(&mut b.params, "arp_ip_target", "+10.0.0.1");
        set(&mut b.params, "arp_ip_target", "+192.168.1.254");
        set(&mut b.params, "arp_validate", "all");
        let base = "Bonding Mode: fault-tolerance (active-backup)\nPrimary Slave: None\n\
            Currently Active Slave: None\nMII Status: down\nMII Polling Interval (ms): 0\n\
            Up Delay (ms): 0\nDown Delay (ms): 0\nPeer Notification Delay (ms): 0\n\
            ARP Polling Interval (ms): 1000\nARP Missed Max: 2\n\
            ARP IP target/s (n.n.n.n form): 10.0.0.1, 192.168.1.254\n";
        assert_eq!(
            proc(&b),
            std::format!("{base}NS IPv6 target/s (xx::xx form):\n")
        );
        let mut l = RecLog::new();
        for a in [
            "2001:db8::1",
            "fe80::1",
            "::ffff:192.0.2.1",
            "2001:db8:0:0:1:0:0:1",
        ] {
            apply(
                &mut b.params,
                OptId::NsTargets,
                u64::MAX,
                &ip6(a),
                &ApplyCtx::new(false),
                &mut l,
            )
            .unwrap();
        }
        assert_eq!(proc(&b), std::format!("{base}NS IPv6 target/s (xx::xx form): 2001:db8::1, fe80::1, ::ffff:192.0.2.1, 2001:db8::1:0:0:1\n"));
        b.params.arp_interval = 0;
        assert!(!proc(&b).contains("ARP"));
        // a single target has no comma
        let mut b = moded("balance-rr");
        set(&mut b.params, "arp_interval", "100");
        set(&mut b.params, "arp_ip_target", "+1.1.1.1");
        assert!(proc(&b).ends_with(
            "ARP IP target/s (n.n.n.n form): 1.1.1.1\nNS IPv6 target/s (xx::xx form):\n"
        ));
    }

    #[test]
    fn buf_writer() {
        let mut buf = [0u8; 8];
        let mut w = BufWriter::new(&mut buf);
        assert!(w.is_empty());
        assert!(write!(w, "ab{}", 12).is_ok());
        assert_eq!((w.len(), w.as_bytes()), (4, &b"ab12"[..]));
        assert!(write!(w, "{}", Bytes(b"\xffz")).is_ok());
        assert_eq!(w.as_bytes(), b"ab12\xffz");
        assert!(w.write_str("xyz").is_err());
        assert_eq!(w.as_bytes(), b"ab12\xffzxy");
        assert!(w.write_str("").is_ok());
        assert!(w.write_str("q").is_err());
        assert_eq!(w.len(), 8);

        // raw names go through byte-exact
        let mut b = moded("balance-rr");
        b.slaves = std::vec![(b"e\xfft".to_vec(), 1), (b"x".to_vec(), 0)];
        let mut buf = [0u8; 64];
        let mut w = BufWriter::new(&mut buf);
        show_attr(sysfs_attr_index(b"queue_id").unwrap(), &b, &mut w).unwrap();
        assert_eq!(w.as_bytes(), b"e\xfft:1 x:0\n");
        let mut buf = [0u8; 4];
        let mut w = BufWriter::new(&mut buf);
        assert!(show_attr(sysfs_attr_index(b"slaves").unwrap(), &b, &mut w).is_err());
        assert_eq!(w.as_bytes(), b"e\xfft ");
        let mut buf = [0u8; 0];
        let w = BufWriter::new(&mut buf);
        assert_eq!(w.as_bytes(), b"");
    }
}
