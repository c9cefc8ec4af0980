// SPDX-License-Identifier: GPL-2.0
//! The option table: option identifiers, the named values of every option
//! (with the numeric constants behind them) and lookups by name and id.

use super::Mode;

/// xmit_hash_policy values.
pub(crate) const XMIT_POLICY_LAYER2: u8 = 0;
/// layer3+4
pub(crate) const XMIT_POLICY_LAYER34: u8 = 1;
/// layer2+3
pub(crate) const XMIT_POLICY_LAYER23: u8 = 2;
/// encap2+3
pub(crate) const XMIT_POLICY_ENCAP23: u8 = 3;
/// encap3+4
pub(crate) const XMIT_POLICY_ENCAP34: u8 = 4;
/// vlan+srcmac
pub(crate) const XMIT_POLICY_VLAN_SRCMAC: u8 = 5;

/// arp_validate values.
pub(crate) const ARP_VALIDATE_NONE: i32 = 0;
/// Validate on the active slave.
pub(crate) const ARP_VALIDATE_ACTIVE: i32 = 1;
/// Validate on backup slaves.
pub(crate) const ARP_VALIDATE_BACKUP: i32 = 2;
/// Validate on all slaves.
pub(crate) const ARP_VALIDATE_ALL: i32 = 3;
/// Filter flag.
pub(crate) const ARP_FILTER: i32 = 4;
/// filter_active
pub(crate) const ARP_FILTER_ACTIVE: i32 = 5;
/// filter_backup
pub(crate) const ARP_FILTER_BACKUP: i32 = 6;

/// primary_reselect values.
pub(crate) const PRI_RESELECT_ALWAYS: i32 = 0;
/// better
pub(crate) const PRI_RESELECT_BETTER: i32 = 1;
/// failure
pub(crate) const PRI_RESELECT_FAILURE: i32 = 2;

/// fail_over_mac values.
pub(crate) const FOM_NONE: i32 = 0;
/// active
pub(crate) const FOM_ACTIVE: i32 = 1;
/// follow
pub(crate) const FOM_FOLLOW: i32 = 2;

/// arp_all_targets values.
pub(crate) const ARP_TARGETS_ANY: i32 = 0;
/// all
pub(crate) const ARP_TARGETS_ALL: i32 = 1;

/// ad_select values.
pub(crate) const AD_SELECT_STABLE: i32 = 0;
/// bandwidth
pub(crate) const AD_SELECT_BANDWIDTH: i32 = 1;
/// count
pub(crate) const AD_SELECT_COUNT: i32 = 2;

/// lacp_rate values.
pub(crate) const LACP_SLOW: i32 = 0;
/// fast
pub(crate) const LACP_FAST: i32 = 1;

const INT_MAX: u64 = i32::MAX as u64;

/// Option identifiers, in the order of `bond_options.h`.
#[repr(u8)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum OptId {
    /// mode
    Mode = 0,
    /// packets_per_slave
    PacketsPerSlave,
    /// xmit_hash_policy
    XmitHash,
    /// arp_validate
    ArpValidate,
    /// arp_all_targets
    ArpAllTargets,
    /// fail_over_mac
    FailOverMac,
    /// arp_interval
    ArpInterval,
    /// arp_ip_target
    ArpTargets,
    /// downdelay
    Downdelay,
    /// updelay
    Updelay,
    /// lacp_rate
    LacpRate,
    /// min_links
    MinLinks,
    /// ad_select
    AdSelect,
    /// num_unsol_na
    NumPeerNotif,
    /// miimon
    Miimon,
    /// primary
    Primary,
    /// primary_reselect
    PrimaryReselect,
    /// use_carrier
    UseCarrier,
    /// active_slave
    ActiveSlave,
    /// queue_id
    QueueId,
    /// all_slaves_active
    AllSlavesActive,
    /// resend_igmp
    ResendIgmp,
    /// lp_interval
    LpInterval,
    /// slaves
    Slaves,
    /// tlb_dynamic_lb
    TlbDynamicLb,
    /// ad_actor_sys_prio
    AdActorSysPrio,
    /// ad_actor_system
    AdActorSystem,
    /// ad_user_port_key
    AdUserPortKey,
    /// num_grat_arp
    NumPeerNotifAlias,
    /// peer_notif_delay
    PeerNotifDelay,
    /// lacp_active
    LacpActive,
    /// arp_missed_max
    MissedMax,
    /// ns_ip6_target
    NsTargets,
    /// prio (per slave)
    Prio,
    /// coupled_control
    CoupledControl,
    /// broadcast_neighbor
    BroadcastNeigh,
    /// actor_port_prio (per slave)
    ActorPortPrio,
}

/// Number of options.
pub(crate) const OPT_COUNT: usize = 37;

impl OptId {
    /// Option with index `i` (its numeric value), if any.
    pub(crate) fn from_index(i: usize) -> Option<OptId> {
        OPTIONS.get(i).map(|o| o.id)
    }
}

/// One named value of an option.
#[derive(Debug)]
pub(crate) struct OptValue {
    /// Keyword accepted on input and shown on output.
    pub(crate) name: &'static str,
    /// Numeric value.
    pub(crate) value: u64,
    /// `DEFAULT` / `MIN` / `MAX` flags.
    pub(crate) flags: u8,
}

impl OptValue {
    /// Value used for the "default" keyword.
    pub(crate) const DEFAULT: u8 = 1 << 0;
    /// Lower bound of the accepted numeric range.
    pub(crate) const MIN: u8 = 1 << 1;
    /// Upper bound of the accepted numeric range.
    pub(crate) const MAX: u8 = 1 << 2;
}

/// Static description of one option.
#[derive(Debug)]
pub(crate) struct BondOption {
    /// Identifier (equal to the index in [`OPTIONS`]).
    pub(crate) id: OptId,
    /// Name (sysfs file name / option name in messages).
    pub(crate) name: &'static str,
    /// Description, when the C table has one.
    pub(crate) desc: Option<&'static str>,
    /// `NOSLAVES` / `IFDOWN` / `RAWVAL` flags.
    pub(crate) flags: u8,
    /// Modes (by [`Mode::bit`]) in which the option may not be set.
    pub(crate) unsupported_modes: u8,
    /// Accepted values (empty for raw options).
    pub(crate) values: &'static [OptValue],
}

impl BondOption {
    /// The bond must have no slaves to change this option.
    pub(crate) const NOSLAVES: u8 = 1 << 0;
    /// The bond must be down to change this option.
    pub(crate) const IFDOWN: u8 = 1 << 1;
    /// The option parses its input itself; [`parse`] is not used.
    ///
    /// [`parse`]: super::parse()
    pub(crate) const RAWVAL: u8 = 1 << 2;

    /// True for options taking their raw input ([`Self::RAWVAL`]).
    pub(crate) fn is_raw(&self) -> bool {
        self.flags & Self::RAWVAL != 0
    }

    /// True when the option may be set in `mode`.
    pub(crate) fn supported_in(&self, mode: Mode) -> bool {
        self.unsupported_modes & mode.bit() == 0
    }

    fn first_with_flag(&self, flag: u8) -> Option<&'static OptValue> {
        self.values.iter().find(|v| v.flags & flag != 0)
    }

    /// Lower bound of the numeric range (entry flagged `MIN`).
    pub(crate) fn min_value(&self) -> Option<u64> {
        self.first_with_flag(OptValue::MIN).map(|v| v.value)
    }

    /// Upper bound of the numeric range (entry flagged `MAX`).
    pub(crate) fn max_value(&self) -> Option<u64> {
        self.first_with_flag(OptValue::MAX).map(|v| v.value)
    }
}

pub(super) const D: u8 = OptValue::DEFAULT;
pub(super) const MN: u8 = OptValue::MIN;
pub(super) const MX: u8 = OptValue::MAX;

const fn v(name: &'static str, value: u64, flags: u8) -> OptValue {
    OptValue { name, value, flags }
}

static MODE_TBL: [OptValue; 7] = [
    v("balance-rr", 0, D),
    v("active-backup", 1, 0),
    v("balance-xor", 2, 0),
    v("broadcast", 3, 0),
    v("802.3ad", 4, 0),
    v("balance-tlb", 5, 0),
    v("balance-alb", 6, 0),
];
static PPS_TBL: [OptValue; 2] = [v("default", 1, D), v("maxval", u16::MAX as u64, MX)];
static XMIT_HASH_TBL: [OptValue; 6] = [
    v("layer2", XMIT_POLICY_LAYER2 as u64, D),
    v("layer3+4", XMIT_POLICY_LAYER34 as u64, 0),
    v("layer2+3", XMIT_POLICY_LAYER23 as u64, 0),
    v("encap2+3", XMIT_POLICY_ENCAP23 as u64, 0),
    v("encap3+4", XMIT_POLICY_ENCAP34 as u64, 0),
    v("vlan+srcmac", XMIT_POLICY_VLAN_SRCMAC as u64, 0),
];
static ARP_VALIDATE_TBL: [OptValue; 7] = [
    v("none", ARP_VALIDATE_NONE as u64, D),
    v("active", ARP_VALIDATE_ACTIVE as u64, 0),
    v("backup", ARP_VALIDATE_BACKUP as u64, 0),
    v("all", ARP_VALIDATE_ALL as u64, 0),
    v("filter", ARP_FILTER as u64, 0),
    v("filter_active", ARP_FILTER_ACTIVE as u64, 0),
    v("filter_backup", ARP_FILTER_BACKUP as u64, 0),
];
static ARP_ALL_TARGETS_TBL: [OptValue; 2] = [
    v("any", ARP_TARGETS_ANY as u64, D),
    v("all", ARP_TARGETS_ALL as u64, 0),
];
static FAIL_OVER_MAC_TBL: [OptValue; 3] = [
    v("none", FOM_NONE as u64, D),
    v("active", FOM_ACTIVE as u64, 0),
    v("follow", FOM_FOLLOW as u64, 0),
];
static INTMAX_TBL: [OptValue; 2] = [v("off", 0, D), v("maxval", INT_MAX, MX)];
static LACP_ACTIVE_TBL: [OptValue; 2] = [v("off", 0, 0), v("on", 1, D)];
static LACP_RATE_TBL: [OptValue; 2] = [
    v("slow", LACP_SLOW as u64, 0),
    v("fast", LACP_FAST as u64, 0),
];
static AD_SELECT_TBL: [OptValue; 3] = [
    v("stable", AD_SELECT_STABLE as u64, D),
    v("bandwidth", AD_SELECT_BANDWIDTH as u64, 0),
    v("count", AD_SELECT_COUNT as u64, 0),
];
static NUM_PEER_NOTIF_TBL: [OptValue; 3] =
    [v("off", 0, 0), v("maxval", 255, MX), v("default", 1, D)];
static PEER_NOTIF_DELAY_TBL: [OptValue; 2] = [v("off", 0, 0), v("maxval", 300_000, MX)];
static PRIMARY_RESELECT_TBL: [OptValue; 3] = [
    v("always", PRI_RESELECT_ALWAYS as u64, D),
    v("better", PRI_RESELECT_BETTER as u64, 0),
    v("failure", PRI_RESELECT_FAILURE as u64, 0),
];
static USE_CARRIER_TBL: [OptValue; 2] = [v("off", 0, 0), v("on", 1, D)];
static ALL_SLAVES_ACTIVE_TBL: [OptValue; 2] = [v("off", 0, D), v("on", 1, 0)];
static RESEND_IGMP_TBL: [OptValue; 3] = [v("off", 0, 0), v("maxval", 255, MX), v("default", 1, D)];
static LP_INTERVAL_TBL: [OptValue; 2] = [v("minval", 1, MN | D), v("maxval", INT_MAX, MX)];
static TLB_DYNAMIC_LB_TBL: [OptValue; 2] = [v("off", 0, 0), v("on", 1, D)];
static AD_ACTOR_SYS_PRIO_TBL: [OptValue; 2] = [v("minval", 1, MN), v("maxval", 65535, MX | D)];
static AD_USER_PORT_KEY_TBL: [OptValue; 2] = [v("minval", 0, MN | D), v("maxval", 1023, MX)];
static MISSED_MAX_TBL: [OptValue; 3] =
    [v("minval", 1, MN), v("maxval", 255, MX), v("default", 2, D)];
static COUPLED_CONTROL_TBL: [OptValue; 2] = [v("on", 1, D), v("off", 0, 0)];
static BROADCAST_NEIGH_TBL: [OptValue; 2] = [v("off", 0, D), v("on", 1, 0)];

const ALL_MODES: u8 = 0x7f;
const fn bit(m: Mode) -> u8 {
    1u8 << (m as u8)
}
const fn all_except(mask: u8) -> u8 {
    ALL_MODES & !mask
}
const NOT_ARP_MODES: u8 = bit(Mode::Ieee8023ad) | bit(Mode::Tlb) | bit(Mode::Alb);
const ONLY_PRIMARY_MODES: u8 =
    all_except(bit(Mode::ActiveBackup) | bit(Mode::Tlb) | bit(Mode::Alb));
const ONLY_8023AD: u8 = all_except(bit(Mode::Ieee8023ad));

/// Same as [`BondOption::NOSLAVES`].
pub(crate) const NOSLAVES: u8 = BondOption::NOSLAVES;
/// Same as [`BondOption::IFDOWN`].
pub(crate) const IFDOWN: u8 = BondOption::IFDOWN;
/// Same as [`BondOption::RAWVAL`].
pub(crate) const RAWVAL: u8 = BondOption::RAWVAL;

const fn opt(
    id: OptId,
    name: &'static str,
    desc: Option<&'static str>,
    flags: u8,
    unsupported_modes: u8,
    values: &'static [OptValue],
) -> BondOption {
    BondOption {
        id,
        name,
        desc,
        flags,
        unsupported_modes,
        values,
    }
}

const PEER_NOTIF_DESC: &str = "Number of peer notifications to send on failover event";

/// The option table, indexed by [`OptId`].
pub(crate) static OPTIONS: [BondOption; OPT_COUNT] = [
    opt(OptId::Mode, "mode", Some("bond device mode"), NOSLAVES | IFDOWN, 0, &MODE_TBL),
    opt(
        OptId::PacketsPerSlave,
        "packets_per_slave",
        Some("Packets to send per slave in RR mode"),
        0,
        all_except(bit(Mode::RoundRobin)),
        &PPS_TBL,
    ),
    opt(
        OptId::XmitHash,
        "xmit_hash_policy",
        Some("balance-xor, 802.3ad, and tlb hashing method"),
        0,
        0,
        &XMIT_HASH_TBL,
    ),
    opt(
        OptId::ArpValidate,
        "arp_validate",
        Some("validate src/dst of ARP probes"),
        0,
        NOT_ARP_MODES,
        &ARP_VALIDATE_TBL,
    ),
    opt(
        OptId::ArpAllTargets,
        "arp_all_targets",
        Some("fail on any/all arp targets timeout"),
        0,
        0,
        &ARP_ALL_TARGETS_TBL,
    ),
    opt(
        OptId::FailOverMac,
        "fail_over_mac",
        Some("For active-backup, do not set all slaves to the same MAC"),
        NOSLAVES,
        0,
        &FAIL_OVER_MAC_TBL,
    ),
    opt(
        OptId::ArpInterval,
        "arp_interval",
        Some("arp interval in milliseconds"),
        0,
        NOT_ARP_MODES,
        &INTMAX_TBL,
    ),
    opt(
        OptId::ArpTargets,
        "arp_ip_target",
        Some("arp targets in n.n.n.n form"),
        RAWVAL,
        0,
        &[],
    ),
    opt(
        OptId::Downdelay,
        "downdelay",
        Some("Delay before considering link down, in milliseconds"),
        0,
        0,
        &INTMAX_TBL,
    ),
    opt(
        OptId::Updelay,
        "updelay",
        Some("Delay before considering link up, in milliseconds"),
        0,
        0,
        &INTMAX_TBL,
    ),
    opt(
        OptId::LacpRate,
        "lacp_rate",
        Some("LACPDU tx rate to request from 802.3ad partner"),
        IFDOWN,
        ONLY_8023AD,
        &LACP_RATE_TBL,
    ),
    opt(
        OptId::MinLinks,
        "min_links",
        Some("Minimum number of available links before turning on carrier"),
        0,
        0,
        &INTMAX_TBL,
    ),
    opt(
        OptId::AdSelect,
        "ad_select",
        Some("803.ad aggregation selection logic"),
        IFDOWN,
        0,
        &AD_SELECT_TBL,
    ),
    opt(OptId::NumPeerNotif, "num_unsol_na", Some(PEER_NOTIF_DESC), 0, 0, &NUM_PEER_NOTIF_TBL),
    opt(
        OptId::Miimon,
        "miimon",
        Some("Link check interval in milliseconds"),
        0,
        0,
        &INTMAX_TBL,
    ),
    opt(
        OptId::Primary,
        "primary",
        Some("Primary network device to use"),
        RAWVAL,
        ONLY_PRIMARY_MODES,
        &[],
    ),
    opt(
        OptId::PrimaryReselect,
        "primary_reselect",
        Some("Reselect primary slave once it comes up"),
        0,
        0,
        &PRIMARY_RESELECT_TBL,
    ),
    opt(
        OptId::UseCarrier,
        "use_carrier",
        Some("Use netif_carrier_ok (vs MII ioctls) in miimon"),
        0,
        0,
        &USE_CARRIER_TBL,
    ),
    opt(
        OptId::ActiveSlave,
        "active_slave",
        Some("Currently active slave"),
        RAWVAL,
        ONLY_PRIMARY_MODES,
        &[],
    ),
    opt(OptId::QueueId, "queue_id", Some("Set queue id of a slave"), RAWVAL, 0, &[]),
    opt(
        OptId::AllSlavesActive,
        "all_slaves_active",
        Some("Keep all frames received on an interface by setting active flag for all slaves"),
        0,
        0,
        &ALL_SLAVES_ACTIVE_TBL,
    ),
    opt(
        OptId::ResendIgmp,
        "resend_igmp",
        Some("Number of IGMP membership reports to send on link failure"),
        0,
        0,
        &RESEND_IGMP_TBL,
    ),
    opt(
        OptId::LpInterval,
        "lp_interval",
        Some("The number of seconds between instances where the bonding driver sends learning packets to each slave's peer switch"),
        0,
        0,
        &LP_INTERVAL_TBL,
    ),
    opt(OptId::Slaves, "slaves", Some("Slave membership management"), RAWVAL, 0, &[]),
    opt(
        OptId::TlbDynamicLb,
        "tlb_dynamic_lb",
        Some("Enable dynamic flow shuffling"),
        IFDOWN,
        all_except(bit(Mode::Tlb) | bit(Mode::Alb)),
        &TLB_DYNAMIC_LB_TBL,
    ),
    opt(OptId::AdActorSysPrio, "ad_actor_sys_prio", None, 0, ONLY_8023AD, &AD_ACTOR_SYS_PRIO_TBL),
    opt(OptId::AdActorSystem, "ad_actor_system", None, RAWVAL, ONLY_8023AD, &[]),
    opt(
        OptId::AdUserPortKey,
        "ad_user_port_key",
        None,
        IFDOWN,
        ONLY_8023AD,
        &AD_USER_PORT_KEY_TBL,
    ),
    opt(
        OptId::NumPeerNotifAlias,
        "num_grat_arp",
        Some(PEER_NOTIF_DESC),
        0,
        0,
        &NUM_PEER_NOTIF_TBL,
    ),
    opt(
        OptId::PeerNotifDelay,
        "peer_notif_delay",
        Some("Delay between each peer notification on failover event, in milliseconds"),
        0,
        0,
        &PEER_NOTIF_DELAY_TBL,
    ),
    opt(
        OptId::LacpActive,
        "lacp_active",
        Some("Send LACPDU frames with configured lacp rate or acts as speak when spoken to"),
        IFDOWN,
        ONLY_8023AD,
        &LACP_ACTIVE_TBL,
    ),
    opt(
        OptId::MissedMax,
        "arp_missed_max",
        Some("Maximum number of missed ARP interval"),
        0,
        NOT_ARP_MODES,
        &MISSED_MAX_TBL,
    ),
    opt(
        OptId::NsTargets,
        "ns_ip6_target",
        Some("NS targets in ffff:ffff::ffff:ffff form"),
        RAWVAL,
        0,
        &[],
    ),
    opt(
        OptId::Prio,
        "prio",
        Some("Link priority for failover re-selection"),
        RAWVAL,
        ONLY_PRIMARY_MODES,
        &[],
    ),
    opt(
        OptId::CoupledControl,
        "coupled_control",
        Some("Opt into using coupled control MUX for LACP states"),
        IFDOWN,
        ONLY_8023AD,
        &COUPLED_CONTROL_TBL,
    ),
    opt(
        OptId::BroadcastNeigh,
        "broadcast_neighbor",
        Some("Broadcast neighbor packets to all active slaves"),
        0,
        ONLY_8023AD,
        &BROADCAST_NEIGH_TBL,
    ),
    opt(OptId::ActorPortPrio, "actor_port_prio", None, RAWVAL, ONLY_8023AD, &[]),
];

/// Option called `name` (exact match).
pub(crate) fn by_name(name: &[u8]) -> Option<&'static BondOption> {
    OPTIONS.iter().find(|o| o.name.as_bytes() == name)
}

/// The table entry of option `id`.
pub(crate) fn get(id: OptId) -> &'static BondOption {
    // Every discriminant is below OPT_COUNT (checked by a unit test).
    &OPTIONS[id as usize]
}

/// Name of the first table entry of option `id` whose value is `value`
/// (`bond_opt_get_val()`).
pub(crate) fn value_name(id: OptId, value: u64) -> Option<&'static str> {
    get(id)
        .values
        .iter()
        .find(|v| v.value == value)
        .map(|v| v.name)
}
