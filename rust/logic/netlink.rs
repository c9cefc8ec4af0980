// SPDX-License-Identifier: GPL-2.0
//! The rtnetlink "bond" link kind as bonding.ko defines it: the attribute
//! numbers of `if_link.h`, the order in which changelink applies them, and
//! what fill_info and fill_slave_info report, in their order.

use super::options::{OptId, Params, MAX_ARP_TARGETS};
pub(crate) use super::show::AdInfo;
pub(crate) use super::stats::{AdStats, AD_STATS_N};

/// `IFLA_BOND_*`.
pub(crate) mod attr {
    pub(crate) const MODE: u16 = 1;
    pub(crate) const ACTIVE_SLAVE: u16 = 2;
    pub(crate) const MIIMON: u16 = 3;
    pub(crate) const UPDELAY: u16 = 4;
    pub(crate) const DOWNDELAY: u16 = 5;
    pub(crate) const USE_CARRIER: u16 = 6;
    pub(crate) const ARP_INTERVAL: u16 = 7;
    pub(crate) const ARP_IP_TARGET: u16 = 8;
    pub(crate) const ARP_VALIDATE: u16 = 9;
    pub(crate) const ARP_ALL_TARGETS: u16 = 10;
    pub(crate) const PRIMARY: u16 = 11;
    pub(crate) const PRIMARY_RESELECT: u16 = 12;
    pub(crate) const FAIL_OVER_MAC: u16 = 13;
    pub(crate) const XMIT_HASH_POLICY: u16 = 14;
    pub(crate) const RESEND_IGMP: u16 = 15;
    pub(crate) const NUM_PEER_NOTIF: u16 = 16;
    pub(crate) const ALL_SLAVES_ACTIVE: u16 = 17;
    pub(crate) const MIN_LINKS: u16 = 18;
    pub(crate) const LP_INTERVAL: u16 = 19;
    pub(crate) const PACKETS_PER_SLAVE: u16 = 20;
    pub(crate) const AD_LACP_RATE: u16 = 21;
    pub(crate) const AD_SELECT: u16 = 22;
    pub(crate) const AD_INFO: u16 = 23;
    pub(crate) const AD_ACTOR_SYS_PRIO: u16 = 24;
    pub(crate) const AD_USER_PORT_KEY: u16 = 25;
    pub(crate) const AD_ACTOR_SYSTEM: u16 = 26;
    pub(crate) const TLB_DYNAMIC_LB: u16 = 27;
    pub(crate) const PEER_NOTIF_DELAY: u16 = 28;
    pub(crate) const AD_LACP_ACTIVE: u16 = 29;
    pub(crate) const MISSED_MAX: u16 = 30;
    pub(crate) const NS_IP6_TARGET: u16 = 31;
    pub(crate) const COUPLED_CONTROL: u16 = 32;
    /// `IFLA_BOND_MAX`.
    pub(crate) const MAX: u16 = 32;
}

/// `IFLA_BOND_AD_INFO_*`.
pub(crate) mod ad_info_attr {
    pub(crate) const AGGREGATOR: u16 = 1;
    pub(crate) const NUM_PORTS: u16 = 2;
    pub(crate) const ACTOR_KEY: u16 = 3;
    pub(crate) const PARTNER_KEY: u16 = 4;
    pub(crate) const PARTNER_MAC: u16 = 5;
}

/// `IFLA_BOND_SLAVE_*`.
pub(crate) mod slave_attr {
    pub(crate) const STATE: u16 = 1;
    pub(crate) const MII_STATUS: u16 = 2;
    pub(crate) const LINK_FAILURE_COUNT: u16 = 3;
    pub(crate) const PERM_HWADDR: u16 = 4;
    pub(crate) const QUEUE_ID: u16 = 5;
    pub(crate) const AD_AGGREGATOR_ID: u16 = 6;
    pub(crate) const AD_ACTOR_OPER_PORT_STATE: u16 = 7;
    pub(crate) const AD_PARTNER_OPER_PORT_STATE: u16 = 8;
    pub(crate) const PRIO: u16 = 9;
    pub(crate) const ACTOR_PORT_PRIO: u16 = 10;
    pub(crate) const AD_CHURN_ACTOR_STATE: u16 = 11;
    pub(crate) const AD_CHURN_PARTNER_STATE: u16 = 12;
    /// `IFLA_BOND_SLAVE_MAX`.
    pub(crate) const MAX: u16 = 12;
}

/// The attribute types of the policy (`NLA_*` as the policy names them).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum NlType {
    /// `NLA_U8`.
    U8,
    /// `NLA_U16`.
    U16,
    /// `NLA_U32`.
    U32,
    /// `NLA_S32`.
    S32,
    /// `NLA_NESTED`.
    Nested,
    /// `NLA_BINARY` of at most this many bytes.
    Binary(u16),
    /// `NLA_U32` limited to `0..=max`.
    U32Max(u32),
}

/// The most a delay attribute may ask for (bonding.ko's `delay_range`).
pub(crate) const DELAY_MAX: u32 = 300_000;

/// `bond_policy`: the type of each attribute rtnetlink checks for us.
pub(crate) const POLICY: [(u16, NlType); 32] = [
    (attr::MODE, NlType::U8),
    (attr::ACTIVE_SLAVE, NlType::U32),
    (attr::MIIMON, NlType::U32),
    (attr::UPDELAY, NlType::U32),
    (attr::DOWNDELAY, NlType::U32),
    (attr::USE_CARRIER, NlType::U8),
    (attr::ARP_INTERVAL, NlType::U32),
    (attr::ARP_IP_TARGET, NlType::Nested),
    (attr::ARP_VALIDATE, NlType::U32),
    (attr::ARP_ALL_TARGETS, NlType::U32),
    (attr::PRIMARY, NlType::U32),
    (attr::PRIMARY_RESELECT, NlType::U8),
    (attr::FAIL_OVER_MAC, NlType::U8),
    (attr::XMIT_HASH_POLICY, NlType::U8),
    (attr::RESEND_IGMP, NlType::U32),
    (attr::NUM_PEER_NOTIF, NlType::U8),
    (attr::ALL_SLAVES_ACTIVE, NlType::U8),
    (attr::MIN_LINKS, NlType::U32),
    (attr::LP_INTERVAL, NlType::U32),
    (attr::PACKETS_PER_SLAVE, NlType::U32),
    (attr::AD_LACP_ACTIVE, NlType::U8),
    (attr::AD_LACP_RATE, NlType::U8),
    (attr::AD_SELECT, NlType::U8),
    (attr::AD_INFO, NlType::Nested),
    (attr::AD_ACTOR_SYS_PRIO, NlType::U16),
    (attr::AD_USER_PORT_KEY, NlType::U16),
    (attr::AD_ACTOR_SYSTEM, NlType::Binary(6)),
    (attr::TLB_DYNAMIC_LB, NlType::U8),
    (attr::PEER_NOTIF_DELAY, NlType::U32Max(DELAY_MAX)),
    (attr::MISSED_MAX, NlType::U8),
    (attr::NS_IP6_TARGET, NlType::Nested),
    (attr::COUPLED_CONTROL, NlType::U8),
];

/// `bond_slave_policy`.
pub(crate) const SLAVE_POLICY: [(u16, NlType); 3] = [
    (slave_attr::QUEUE_ID, NlType::U16),
    (slave_attr::PRIO, NlType::S32),
    (slave_attr::ACTOR_PORT_PRIO, NlType::U16),
];

/// How changelink turns one attribute into an option value.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Value {
    /// A number of the attribute's width, as `bond_opt_initval`.
    Num(NlType),
    /// An ifindex, set as the device's name (`active_slave`: an unknown
    /// index fails with `ENODEV`, zero clears).
    ActiveSlaveIndex,
    /// An ifindex, set as the device's name (`primary`: an unknown index
    /// clears).
    PrimaryIndex,
    /// Nested IPv4 targets: cleared, then each added.
    ArpTargets,
    /// Nested IPv6 targets: cleared, then each added.
    NsTargets,
    /// Six bytes of MAC address.
    Mac,
}

/// One step of `bond_changelink`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Step {
    /// The attribute.
    pub(crate) attr: u16,
    /// The option it sets.
    pub(crate) opt: OptId,
    /// How its value is read.
    pub(crate) value: Value,
}

const fn step(attr: u16, opt: OptId, value: Value) -> Step {
    Step { attr, opt, value }
}

const U8: Value = Value::Num(NlType::U8);
const U16: Value = Value::Num(NlType::U16);
const U32: Value = Value::Num(NlType::U32);

/// `bond_changelink`'s order: each present attribute is set in turn, and
/// the first failure ends the request (earlier steps stay applied).
pub(crate) const CHANGELINK: [Step; 31] = [
    step(attr::MODE, OptId::Mode, U8),
    step(
        attr::ACTIVE_SLAVE,
        OptId::ActiveSlave,
        Value::ActiveSlaveIndex,
    ),
    step(attr::MIIMON, OptId::Miimon, U32),
    step(attr::UPDELAY, OptId::Updelay, U32),
    step(attr::DOWNDELAY, OptId::Downdelay, U32),
    step(attr::PEER_NOTIF_DELAY, OptId::PeerNotifDelay, U32),
    step(attr::USE_CARRIER, OptId::UseCarrier, U8),
    step(attr::ARP_INTERVAL, OptId::ArpInterval, U32),
    step(attr::ARP_IP_TARGET, OptId::ArpTargets, Value::ArpTargets),
    step(attr::NS_IP6_TARGET, OptId::NsTargets, Value::NsTargets),
    step(attr::ARP_VALIDATE, OptId::ArpValidate, U32),
    step(attr::ARP_ALL_TARGETS, OptId::ArpAllTargets, U32),
    step(attr::PRIMARY, OptId::Primary, Value::PrimaryIndex),
    step(attr::PRIMARY_RESELECT, OptId::PrimaryReselect, U8),
    step(attr::FAIL_OVER_MAC, OptId::FailOverMac, U8),
    step(attr::XMIT_HASH_POLICY, OptId::XmitHash, U8),
    step(attr::RESEND_IGMP, OptId::ResendIgmp, U32),
    step(attr::NUM_PEER_NOTIF, OptId::NumPeerNotif, U8),
    step(attr::ALL_SLAVES_ACTIVE, OptId::AllSlavesActive, U8),
    step(attr::MIN_LINKS, OptId::MinLinks, U32),
    step(attr::LP_INTERVAL, OptId::LpInterval, U32),
    step(attr::PACKETS_PER_SLAVE, OptId::PacketsPerSlave, U32),
    step(attr::AD_LACP_ACTIVE, OptId::LacpActive, U8),
    step(attr::AD_LACP_RATE, OptId::LacpRate, U8),
    step(attr::AD_SELECT, OptId::AdSelect, U8),
    step(attr::AD_ACTOR_SYS_PRIO, OptId::AdActorSysPrio, U16),
    step(attr::AD_USER_PORT_KEY, OptId::AdUserPortKey, U16),
    step(attr::AD_ACTOR_SYSTEM, OptId::AdActorSystem, Value::Mac),
    step(attr::TLB_DYNAMIC_LB, OptId::TlbDynamicLb, U8),
    step(attr::MISSED_MAX, OptId::MissedMax, U8),
    step(attr::COUPLED_CONTROL, OptId::CoupledControl, U8),
];

/// What a netlink value means to the option code: the C code sign-extends
/// through an `int` before `bond_opt_initval` takes it as `u64`.
pub(crate) fn num_value(t: NlType, raw: u32) -> u64 {
    match t {
        NlType::U8 => u64::from(raw as u8),
        NlType::U16 => u64::from(raw as u16),
        _ => raw as i32 as i64 as u64,
    }
}

/// The value `nla_get_u64` reads from a six-byte MAC attribute (the two
/// bytes after it are the attribute padding, zero).
pub(crate) fn mac_value(mac: &[u8]) -> u64 {
    let mut b = [0u8; 8];
    for (d, s) in b.iter_mut().zip(mac.iter().take(6)) {
        *d = *s;
    }
    u64::from_ne_bytes(b)
}

/// `nla_total_size`: header and payload, padded to four bytes.
pub(crate) const fn total_size(payload: usize) -> usize {
    (4 + payload + 3) & !3
}

/// `bond_get_size`: 13 u8 and 13 u32 options, three nest headers, the
/// targets, the aggregator's four u16 and MAC, the 802.3ad identity.
pub(crate) const INFO_SIZE: usize = total_size(1) * 13
    + total_size(4) * 13
    + total_size(4) * 3
    + total_size(4) * MAX_ARP_TARGETS
    + total_size(2) * 4
    + total_size(6) * 2
    + total_size(2) * 2
    + total_size(16) * MAX_ARP_TARGETS;

/// `bond_get_slave_size`.
pub(crate) const SLAVE_INFO_SIZE: usize =
    total_size(1) * 5 + total_size(4) * 2 + total_size(32) + total_size(2) * 4;

/// Extended statistics (`RTM_GETSTATS`): `if_link.h` and `if_bonding.h`.
pub(crate) mod xstats_attr {
    /// `IFLA_STATS_LINK_XSTATS`: a bond's own.
    pub(crate) const LINK_XSTATS: i32 = 2;
    /// `IFLA_STATS_LINK_XSTATS_SLAVE`: a slave's, asked of its master.
    pub(crate) const LINK_XSTATS_SLAVE: i32 = 3;
    /// `LINK_XSTATS_TYPE_BOND`.
    pub(crate) const TYPE_BOND: u16 = 2;
    /// `BOND_XSTATS_3AD`, inside `TYPE_BOND`; its attributes are the
    /// counters of [`AdStats`] in order, from `BOND_3AD_STAT_LACPDU_RX` (0).
    pub(crate) const BOND_3AD: u16 = 1;
}

/// `bond_get_linkxstats_size`: the 802.3ad counters (64-bit attributes,
/// no padding on x86_64) and one empty attribute.
pub(crate) const XSTATS_SIZE: usize = total_size(8) * AD_STATS_N + total_size(0);

/// `bond_fill_linkxstats`: a `TYPE_BOND` nest, holding the 802.3ad
/// counters `ad` when the bond is in 802.3ad mode.
pub(crate) fn fill_xstats(
    ad: Option<&[u64; AD_STATS_N]>,
    out: &mut dyn SinkDyn,
) -> Result<(), Full> {
    let nest = out.nest_start(xstats_attr::TYPE_BOND, false)?;
    if let Some(ad) = ad {
        let Ok(inner) = out.nest_start(xstats_attr::BOND_3AD, false) else {
            out.nest_end(nest);
            return Err(Full);
        };
        for (t, v) in (0u16..).zip(ad.iter()) {
            if out.put(t, &v.to_ne_bytes()).is_err() {
                out.nest_cancel(inner);
                out.nest_end(nest);
                return Err(Full);
            }
        }
        out.nest_end(inner);
    }
    out.nest_end(nest);
    Ok(())
}

/// A message that attributes are written to.
pub(crate) trait Sink {
    /// An open nest.
    type Nest;
    /// `nla_put`; `Err` when the message is full.
    fn put(&mut self, t: u16, data: &[u8]) -> Result<(), Full>;
    /// Opens a nest (`flagged`: with NLA_F_NESTED).
    fn nest_start(&mut self, t: u16, flagged: bool) -> Result<Self::Nest, Full>;
    /// Closes a nest.
    fn nest_end(&mut self, n: Self::Nest);
    /// Drops a nest and its contents.
    fn nest_cancel(&mut self, n: Self::Nest);
}

/// The message has no room left (`-EMSGSIZE`).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Full;

/// What fill_info reports beyond the options.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct BondLive {
    /// The active slave's ifindex, 0 without one.
    pub(crate) active_ifindex: u32,
    /// The primary slave's ifindex, if there is one.
    pub(crate) primary_ifindex: Option<u32>,
    /// The reader has CAP_NET_ADMIN (802.3ad identity is shown to it only).
    pub(crate) net_admin: bool,
    /// The active aggregator, in 802.3ad with one.
    pub(crate) ad_info: Option<AdInfo>,
}

fn put_u8(out: &mut dyn SinkDyn, t: u16, v: u8) -> Result<(), Full> {
    out.put(t, &[v])
}

fn put_u16(out: &mut dyn SinkDyn, t: u16, v: u16) -> Result<(), Full> {
    out.put(t, &v.to_ne_bytes())
}

fn put_u32(out: &mut dyn SinkDyn, t: u16, v: u32) -> Result<(), Full> {
    out.put(t, &v.to_ne_bytes())
}

/// [`Sink`] with its nests erased, so the fill functions are not generic.
pub(crate) trait SinkDyn {
    /// `nla_put`.
    fn put(&mut self, t: u16, data: &[u8]) -> Result<(), Full>;
    /// Opens a nest and returns its handle.
    fn nest_start(&mut self, t: u16, flagged: bool) -> Result<usize, Full>;
    /// Closes the nest `n`.
    fn nest_end(&mut self, n: usize);
    /// Drops the nest `n`.
    fn nest_cancel(&mut self, n: usize);
}

/// Runs `f` over `sink` with at most four nests open at once.
pub(crate) fn with_sink<S: Sink, R>(sink: &mut S, f: impl FnOnce(&mut dyn SinkDyn) -> R) -> R {
    struct Adapter<'s, S: Sink> {
        sink: &'s mut S,
        open: [Option<S::Nest>; 4],
    }
    impl<S: Sink> SinkDyn for Adapter<'_, S> {
        fn put(&mut self, t: u16, data: &[u8]) -> Result<(), Full> {
            self.sink.put(t, data)
        }
        fn nest_start(&mut self, t: u16, flagged: bool) -> Result<usize, Full> {
            let slot = self.open.iter().position(Option::is_none).ok_or(Full)?;
            self.open[slot] = Some(self.sink.nest_start(t, flagged)?);
            Ok(slot)
        }
        fn nest_end(&mut self, n: usize) {
            if let Some(nest) = self.open.get_mut(n).and_then(Option::take) {
                self.sink.nest_end(nest);
            }
        }
        fn nest_cancel(&mut self, n: usize) {
            if let Some(nest) = self.open.get_mut(n).and_then(Option::take) {
                self.sink.nest_cancel(nest);
            }
        }
    }
    let mut a = Adapter {
        sink,
        open: [None, None, None, None],
    };
    f(&mut a)
}

/// `bond_fill_info`: the options in bonding.ko's order, then the 802.3ad
/// identity and aggregator.
pub(crate) fn fill_info(p: &Params, live: &BondLive, out: &mut dyn SinkDyn) -> Result<(), Full> {
    let ms = |ticks: i32| ticks.wrapping_mul(p.miimon) as u32;
    put_u8(out, attr::MODE, p.mode as u8)?;
    if live.active_ifindex != 0 {
        put_u32(out, attr::ACTIVE_SLAVE, live.active_ifindex)?;
    }
    put_u32(out, attr::MIIMON, p.miimon as u32)?;
    put_u32(out, attr::UPDELAY, ms(p.updelay))?;
    put_u32(out, attr::DOWNDELAY, ms(p.downdelay))?;
    put_u32(out, attr::PEER_NOTIF_DELAY, ms(p.peer_notif_delay))?;
    put_u8(out, attr::USE_CARRIER, p.use_carrier as u8)?;
    put_u32(out, attr::ARP_INTERVAL, p.arp_interval as u32)?;

    let nest = out.nest_start(attr::ARP_IP_TARGET, false)?;
    let mut any = false;
    for (i, t) in p.arp_targets.iter().enumerate() {
        if *t != [0; 4] {
            out.put(i as u16, t)?;
            any = true;
        }
    }
    if any {
        out.nest_end(nest);
    } else {
        out.nest_cancel(nest);
    }

    put_u32(out, attr::ARP_VALIDATE, p.arp_validate as u32)?;
    put_u32(out, attr::ARP_ALL_TARGETS, p.arp_all_targets as u32)?;

    let nest = out.nest_start(attr::NS_IP6_TARGET, true)?;
    let mut any = false;
    for (i, t) in p.ns_targets.iter().enumerate() {
        if *t != [0; 16] {
            out.put(i as u16, t)?;
            any = true;
        }
    }
    if any {
        out.nest_end(nest);
    } else {
        out.nest_cancel(nest);
    }

    if let Some(i) = live.primary_ifindex {
        put_u32(out, attr::PRIMARY, i)?;
    }
    put_u8(out, attr::PRIMARY_RESELECT, p.primary_reselect as u8)?;
    put_u8(out, attr::FAIL_OVER_MAC, p.fail_over_mac as u8)?;
    put_u8(out, attr::XMIT_HASH_POLICY, p.xmit_policy)?;
    put_u32(out, attr::RESEND_IGMP, p.resend_igmp as u32)?;
    put_u8(out, attr::NUM_PEER_NOTIF, p.num_peer_notif)?;
    put_u8(out, attr::ALL_SLAVES_ACTIVE, p.all_slaves_active as u8)?;
    put_u32(out, attr::MIN_LINKS, p.min_links)?;
    put_u32(out, attr::LP_INTERVAL, p.lp_interval as u32)?;
    put_u32(out, attr::PACKETS_PER_SLAVE, p.packets_per_slave as u32)?;
    put_u8(out, attr::AD_LACP_ACTIVE, p.lacp_active as u8)?;
    put_u8(out, attr::AD_LACP_RATE, p.lacp_fast as u8)?;
    put_u8(out, attr::AD_SELECT, p.ad_select as u8)?;
    put_u8(out, attr::TLB_DYNAMIC_LB, p.tlb_dynamic_lb as u8)?;
    put_u8(out, attr::MISSED_MAX, p.missed_max)?;
    put_u8(out, attr::COUPLED_CONTROL, p.coupled_control as u8)?;

    if p.mode == super::options::Mode::Ieee8023ad {
        if live.net_admin {
            put_u16(out, attr::AD_ACTOR_SYS_PRIO, p.ad_actor_sys_prio)?;
            put_u16(out, attr::AD_USER_PORT_KEY, p.ad_user_port_key)?;
            out.put(attr::AD_ACTOR_SYSTEM, &p.ad_actor_system)?;
        }
        if let Some(ad) = live.ad_info {
            // As bonding.ko: a full message leaves this nest open.
            let nest = out.nest_start(attr::AD_INFO, false)?;
            put_u16(out, ad_info_attr::AGGREGATOR, ad.aggregator_id)?;
            put_u16(out, ad_info_attr::NUM_PORTS, ad.ports)?;
            put_u16(out, ad_info_attr::ACTOR_KEY, ad.actor_key)?;
            put_u16(out, ad_info_attr::PARTNER_KEY, ad.partner_key)?;
            out.put(ad_info_attr::PARTNER_MAC, &ad.partner_system)?;
            out.nest_end(nest);
        }
    }
    Ok(())
}

/// A slave's 802.3ad port, for fill_slave_info.
#[derive(Clone, Copy, Debug)]
pub(crate) struct SlaveAd {
    /// The port's aggregator: id, actor and partner oper state, churn
    /// states; `None` when it has none.
    pub(crate) aggregator: Option<(u16, u8, u16, u8, u8)>,
    /// The port priority.
    pub(crate) port_priority: u16,
}

/// What fill_slave_info reports of one slave.
#[derive(Clone, Copy, Debug)]
pub(crate) struct SlaveLive<'a> {
    /// 1 when backup (`bond_slave_state`).
    pub(crate) backup: u8,
    /// The MII link state (`BOND_LINK_*`).
    pub(crate) link: u8,
    /// Link failures counted.
    pub(crate) link_failure_count: u32,
    /// The permanent address, `addr_len` bytes.
    pub(crate) perm_hwaddr: &'a [u8],
    /// queue_id.
    pub(crate) queue_id: u16,
    /// prio.
    pub(crate) prio: i32,
    /// The 802.3ad port, in 802.3ad mode.
    pub(crate) ad: Option<SlaveAd>,
}

/// `bond_fill_slave_info`.
pub(crate) fn fill_slave_info(s: &SlaveLive<'_>, out: &mut dyn SinkDyn) -> Result<(), Full> {
    put_u8(out, slave_attr::STATE, s.backup)?;
    put_u8(out, slave_attr::MII_STATUS, s.link)?;
    put_u32(out, slave_attr::LINK_FAILURE_COUNT, s.link_failure_count)?;
    out.put(slave_attr::PERM_HWADDR, s.perm_hwaddr)?;
    put_u16(out, slave_attr::QUEUE_ID, s.queue_id)?;
    out.put(slave_attr::PRIO, &s.prio.to_ne_bytes())?;
    if let Some(ad) = s.ad {
        if let Some((id, actor, partner, churn_a, churn_p)) = ad.aggregator {
            put_u16(out, slave_attr::AD_AGGREGATOR_ID, id)?;
            put_u8(out, slave_attr::AD_ACTOR_OPER_PORT_STATE, actor)?;
            put_u16(out, slave_attr::AD_PARTNER_OPER_PORT_STATE, partner)?;
            put_u8(out, slave_attr::AD_CHURN_ACTOR_STATE, churn_a)?;
            put_u8(out, slave_attr::AD_CHURN_PARTNER_STATE, churn_p)?;
        }
        put_u16(out, slave_attr::ACTOR_PORT_PRIO, ad.port_priority)?;
    }
    Ok(())
}

/// `queue_id` text for the option code (`"%s:%u\n"` of slave name and id).
pub(crate) fn queue_id_text(name: &[u8], qid: u16, buf: &mut [u8; 32]) -> usize {
    let mut n = 0;
    for &c in name.iter().take(15) {
        buf[n] = c;
        n += 1;
    }
    buf[n] = b':';
    n += 1;
    let mut digits = [0u8; 5];
    let mut v = qid;
    let mut d = 0;
    loop {
        digits[d] = b'0' + (v % 10) as u8;
        d += 1;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    while d > 0 {
        d -= 1;
        buf[n] = digits[d];
        n += 1;
    }
    buf[n] = b'\n';
    n + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logic::options::Mode;
    use std::vec::Vec;

    /// A message as a flat list: ("put", type, bytes) and nest markers.
    #[derive(Default)]
    struct Rec {
        items: Vec<(char, u16, Vec<u8>)>,
        room: usize,
    }

    impl Sink for Rec {
        type Nest = usize;
        fn put(&mut self, t: u16, data: &[u8]) -> Result<(), Full> {
            if self.items.len() >= self.room {
                return Err(Full);
            }
            self.items.push(('p', t, data.to_vec()));
            Ok(())
        }
        fn nest_start(&mut self, t: u16, _flagged: bool) -> Result<usize, Full> {
            self.items.push(('[', t, Vec::new()));
            Ok(self.items.len() - 1)
        }
        fn nest_end(&mut self, _n: usize) {
            self.items.push((']', 0, Vec::new()));
        }
        fn nest_cancel(&mut self, n: usize) {
            self.items.truncate(n);
        }
    }

    fn params() -> Params {
        let mut p = Params::zeroed();
        p.mode = Mode::ActiveBackup;
        p.miimon = 100;
        p.updelay = 2;
        p.downdelay = 1;
        p.peer_notif_delay = 3;
        p.use_carrier = 1;
        p.num_peer_notif = 1;
        p.missed_max = 2;
        p.resend_igmp = 1;
        p.lp_interval = 1;
        p.packets_per_slave = 1;
        p.lacp_active = 1;
        p.tlb_dynamic_lb = 1;
        p.coupled_control = 1;
        p
    }

    fn fill(p: &Params, live: &BondLive, room: usize) -> (Result<(), Full>, Rec) {
        let mut r = Rec {
            room,
            ..Rec::default()
        };
        let res = with_sink(&mut r, |s| fill_info(p, live, s));
        (res, r)
    }

    fn types(r: &Rec) -> Vec<u16> {
        r.items.iter().filter(|i| i.0 == 'p').map(|i| i.1).collect()
    }

    #[test]
    fn fill_info_order_and_values() {
        let (res, r) = fill(&params(), &BondLive::default(), 100);
        assert_eq!(res, Ok(()));
        assert_eq!(
            types(&r),
            [
                3, 4, 5, 28, 6, 7, 9, 10, 12, 13, 14, 15, 16, 17, 18, 19, 20, 29, 21, 22, 27, 30,
                32
            ]
            .iter()
            .fold(std::vec![1u16], |mut v, t| {
                v.push(*t);
                v
            })
        );
        // Delays in ms: ticks times miimon.
        let get = |t: u16| {
            r.items
                .iter()
                .find(|i| i.0 == 'p' && i.1 == t)
                .unwrap()
                .2
                .clone()
        };
        assert_eq!(get(attr::UPDELAY), 200u32.to_ne_bytes());
        assert_eq!(get(attr::DOWNDELAY), 100u32.to_ne_bytes());
        assert_eq!(get(attr::PEER_NOTIF_DELAY), 300u32.to_ne_bytes());
        assert_eq!(get(attr::MODE), [1]);
        // Empty target nests are cancelled: no nest markers at all.
        assert!(r.items.iter().all(|i| i.0 == 'p'));
    }

    #[test]
    fn fill_info_targets_slaves_and_8023ad() {
        let mut p = params();
        p.arp_targets[0] = [192, 0, 2, 1];
        p.arp_targets[1] = [192, 0, 2, 9];
        p.ns_targets[3] = [0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
        let live = BondLive {
            active_ifindex: 7,
            primary_ifindex: Some(8),
            ..BondLive::default()
        };
        let (_, r) = fill(&p, &live, 100);
        let pos = |c: char, t: u16| r.items.iter().position(|i| i.0 == c && i.1 == t).unwrap();
        assert_eq!(
            r.items[1],
            ('p', attr::ACTIVE_SLAVE, 7u32.to_ne_bytes().to_vec())
        );
        let arp = pos('[', attr::ARP_IP_TARGET);
        assert_eq!(r.items[arp + 1], ('p', 0, std::vec![192, 0, 2, 1]));
        assert_eq!(r.items[arp + 2], ('p', 1, std::vec![192, 0, 2, 9]));
        assert_eq!(r.items[arp + 3].0, ']');
        let ns = pos('[', attr::NS_IP6_TARGET);
        assert_eq!(r.items[ns + 1].1, 3);
        assert!(pos('p', attr::PRIMARY) > ns);
        assert!(!types(&r).contains(&attr::AD_ACTOR_SYSTEM));

        p.mode = Mode::Ieee8023ad;
        let mut live = BondLive::default();
        let (_, r) = fill(&p, &live, 100);
        assert!(!types(&r).contains(&attr::AD_ACTOR_SYSTEM));
        live.net_admin = true;
        live.ad_info = Some(AdInfo {
            aggregator_id: 1,
            ports: 2,
            actor_key: 9,
            partner_key: 3,
            partner_system: [2, 0, 0, 0, 0, 1],
        });
        let (_, r) = fill(&p, &live, 100);
        let t = types(&r);
        assert_eq!(&t[t.len() - 8..], [24, 25, 26, 1, 2, 3, 4, 5]);
    }

    #[test]
    fn fill_info_full_message() {
        for room in 0..23 {
            assert_eq!(fill(&params(), &BondLive::default(), room).0, Err(Full));
        }
        assert_eq!(fill(&params(), &BondLive::default(), 24).0, Ok(()));
    }

    #[test]
    fn slave_info() {
        let s = SlaveLive {
            backup: 1,
            link: 0,
            link_failure_count: 4,
            perm_hwaddr: &[2, 0, 0, 0, 0, 5],
            queue_id: 2,
            prio: -3,
            ad: None,
        };
        let mut r = Rec {
            room: 100,
            ..Rec::default()
        };
        with_sink(&mut r, |o| fill_slave_info(&s, o)).unwrap();
        assert_eq!(types(&r), [1, 2, 3, 4, 5, 9]);
        assert_eq!(r.items[5].2, (-3i32).to_ne_bytes());
        let s = SlaveLive {
            ad: Some(SlaveAd {
                aggregator: None,
                port_priority: 255,
            }),
            ..s
        };
        let mut r = Rec {
            room: 100,
            ..Rec::default()
        };
        with_sink(&mut r, |o| fill_slave_info(&s, o)).unwrap();
        assert_eq!(types(&r), [1, 2, 3, 4, 5, 9, 10]);
    }

    #[test]
    fn changelink_covers_every_settable_attribute_once() {
        let mut seen = std::vec::Vec::new();
        for s in CHANGELINK.iter() {
            assert!(!seen.contains(&s.attr));
            seen.push(s.attr);
        }
        for a in 1..=attr::MAX {
            assert_eq!(seen.contains(&a), a != attr::AD_INFO, "attribute {a}");
        }
        // The policy names every attribute once.
        for a in 1..=attr::MAX {
            assert_eq!(
                POLICY.iter().filter(|p| p.0 == a).count(),
                1,
                "attribute {a}"
            );
        }
    }

    #[test]
    fn values() {
        assert_eq!(num_value(NlType::U8, 0x1ff), 0xff);
        assert_eq!(num_value(NlType::U32, 100), 100);
        // An int in between: large u32 values become huge u64 ones.
        assert_eq!(num_value(NlType::U32, u32::MAX), u64::MAX);
        let m = mac_value(&[1, 2, 3, 4, 5, 6]);
        assert_eq!(&m.to_ne_bytes()[..6], &[1, 2, 3, 4, 5, 6]);
        let mut b = [0u8; 32];
        let n = queue_id_text(b"eth0", 0, &mut b);
        assert_eq!(&b[..n], b"eth0:0\n");
        let n = queue_id_text(b"a_long_name_xyz", 65535, &mut b);
        assert_eq!(&b[..n], b"a_long_name_xyz:65535\n");
    }

    #[test]
    fn xstats() {
        let mut r = Rec {
            room: 100,
            ..Rec::default()
        };
        assert_eq!(with_sink(&mut r, |s| fill_xstats(None, s)), Ok(()));
        let shape: Vec<(char, u16)> = r.items.iter().map(|i| (i.0, i.1)).collect();
        assert_eq!(shape, [('[', 2), (']', 0)]);

        let ad: [u64; AD_STATS_N] = core::array::from_fn(|i| i as u64 * 10);
        let mut r = Rec {
            room: 100,
            ..Rec::default()
        };
        assert_eq!(with_sink(&mut r, |s| fill_xstats(Some(&ad), s)), Ok(()));
        assert_eq!((r.items[0].0, r.items[0].1), ('[', 2));
        assert_eq!((r.items[1].0, r.items[1].1), ('[', 1));
        for (i, item) in r.items[2..11].iter().enumerate() {
            assert_eq!((item.0, item.1), ('p', i as u16));
            assert_eq!(item.2, (i as u64 * 10).to_ne_bytes());
        }
        assert_eq!(r.items.len(), 13);

        // Full inside the counters: the counters' nest goes, the outer
        // one is closed.
        let mut r = Rec {
            room: 3,
            ..Rec::default()
        };
        assert_eq!(with_sink(&mut r, |s| fill_xstats(Some(&ad), s)), Err(Full));
        let shape: Vec<(char, u16)> = r.items.iter().map(|i| (i.0, i.1)).collect();
        assert_eq!(shape, [('[', 2), (']', 0)]);
        assert_eq!(AdStats::default().read(), [0; AD_STATS_N]);
    }

    #[test]
    fn sizes() {
        assert_eq!(total_size(1), 8);
        assert_eq!(total_size(4), 8);
        assert_eq!(total_size(6), 12);
        assert_eq!(total_size(16), 20);
        // Checked by hand against bond_get_size's terms.
        assert_eq!(XSTATS_SIZE, 112);
        assert_eq!(INFO_SIZE, 752);
        assert_eq!(SLAVE_INFO_SIZE, 40 + 16 + 36 + 32);
    }
}
