// SPDX-License-Identifier: GPL-2.0
//! The bonding option table and everything that only needs it: value
//! parsing with the exact rules of the C driver, mode/state dependency
//! checks, error reporting, and applying an option to [`Params`].
//!
//! Only options whose effect is on the parameter block itself are applied
//! here; the caller performs the side effects reported in [`Effects`].

use core::ffi::CStr;
use core::fmt;

use super::errno::{EACCES, EBUSY, EINVAL, ENODEV, ENOTEMPTY, EOPNOTSUPP, EPERM};
use super::log::{Bytes, Ip4, Ip6c, Level, Log, Mac};

/// Size of an interface name buffer including the terminating NUL.
pub(crate) const IFNAMSIZ: usize = 16;
/// Maximum number of ARP (and NS) targets.
pub(crate) const MAX_ARP_TARGETS: usize = 16;
/// Default MII monitoring interval forced by some modes.
pub(crate) const BOND_DEFAULT_MIIMON: i32 = 100;
/// Width limit of the `%32s` conversion used when parsing option words.
const OPT_MAX_NAMELEN: usize = 32;

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

// ---------------------------------------------------------------------------
// Modes

/// Bonding mode (values as in `if_bonding.h`).
#[repr(u8)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Mode {
    /// balance-rr
    RoundRobin = 0,
    /// active-backup
    ActiveBackup = 1,
    /// balance-xor
    Xor = 2,
    /// broadcast
    Broadcast = 3,
    /// 802.3ad
    Ieee8023ad = 4,
    /// balance-tlb
    Tlb = 5,
    /// balance-alb
    Alb = 6,
}

impl Mode {
    /// All modes in numeric order.
    pub(crate) const ALL: [Mode; 7] = [
        Mode::RoundRobin,
        Mode::ActiveBackup,
        Mode::Xor,
        Mode::Broadcast,
        Mode::Ieee8023ad,
        Mode::Tlb,
        Mode::Alb,
    ];

    /// Mode with numeric value `v`, if any.
    pub(crate) fn from_u64(v: u64) -> Option<Mode> {
        Mode::ALL.iter().copied().find(|m| *m as u64 == v)
    }

    /// Name in the option table (`balance-rr`, ...).
    pub(crate) fn name(self) -> &'static str {
        match self {
            Mode::RoundRobin => "balance-rr",
            Mode::ActiveBackup => "active-backup",
            Mode::Xor => "balance-xor",
            Mode::Broadcast => "broadcast",
            Mode::Ieee8023ad => "802.3ad",
            Mode::Tlb => "balance-tlb",
            Mode::Alb => "balance-alb",
        }
    }

    /// Human readable description (`bond_mode_name()`).
    pub(crate) fn description(self) -> &'static str {
        match self {
            Mode::RoundRobin => "load balancing (round-robin)",
            Mode::ActiveBackup => "fault-tolerance (active-backup)",
            Mode::Xor => "load balancing (xor)",
            Mode::Broadcast => "fault-tolerance (broadcast)",
            Mode::Ieee8023ad => "IEEE 802.3ad Dynamic link aggregation",
            Mode::Tlb => "transmit load balancing",
            Mode::Alb => "adaptive load balancing",
        }
    }

    /// Bit of this mode in [`BondOption::unsupported_modes`].
    pub(crate) fn bit(self) -> u8 {
        1u8 << (self as u8)
    }

    /// ARP monitoring is possible in this mode.
    pub(crate) fn uses_arp(self) -> bool {
        !matches!(self, Mode::Ieee8023ad | Mode::Tlb | Mode::Alb)
    }

    /// The mode has a primary / single active slave.
    pub(crate) fn uses_primary(self) -> bool {
        matches!(self, Mode::ActiveBackup | Mode::Tlb | Mode::Alb)
    }

    /// balance-tlb or balance-alb.
    pub(crate) fn is_lb(self) -> bool {
        matches!(self, Mode::Tlb | Mode::Alb)
    }

    /// The mode hashes for transmit given the current `tlb_dynamic_lb`.
    pub(crate) fn uses_xmit_hash(self, tlb_dynamic_lb: i32) -> bool {
        matches!(self, Mode::Ieee8023ad | Mode::Xor) || (self.is_lb() && tlb_dynamic_lb == 0)
    }

    /// The mode can hash for transmit (independently of tlb_dynamic_lb).
    pub(crate) fn can_use_xmit_hash(self) -> bool {
        matches!(self, Mode::Ieee8023ad | Mode::Xor | Mode::Tlb | Mode::Alb)
    }
}

/// Description for a raw mode number, "unknown" when out of range.
pub(crate) fn mode_description(mode: i64) -> &'static str {
    if mode < 0 {
        return "unknown";
    }
    Mode::from_u64(mode as u64).map_or("unknown", Mode::description)
}

// ---------------------------------------------------------------------------
// Option table

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

const D: u8 = OptValue::DEFAULT;
const MN: u8 = OptValue::MIN;
const MX: u8 = OptValue::MAX;

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

// ---------------------------------------------------------------------------
// C string and sscanf helpers

/// The part of `b` before the first NUL (C string view).
pub(crate) fn cstr(b: &[u8]) -> &[u8] {
    match b.iter().position(|&c| c == 0) {
        Some(n) => b.get(..n).unwrap_or(b),
        None => b,
    }
}

/// The part of `b` before the first newline.
pub(crate) fn strip_nl(b: &[u8]) -> &[u8] {
    match b.iter().position(|&c| c == b'\n') {
        Some(n) => b.get(..n).unwrap_or(b),
        None => b,
    }
}

/// The kernel's `isspace()` (`\t\n\v\f\r`, space and Latin-1 NBSP 0xa0).
pub(crate) fn is_space(c: u8) -> bool {
    matches!(c, 9..=13 | b' ' | 0xa0)
}

fn skip_spaces(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|&&c| is_space(c)).count();
    b.get(n..).unwrap_or(&[])
}

/// `sscanf(buf, "%<width>s", dst)` on the C string `buf`: `None` when no
/// conversion happens (empty input), else the (possibly empty) word.
pub(crate) fn scan_word(buf: &[u8], width: usize) -> Option<&[u8]> {
    let buf = cstr(buf);
    if buf.is_empty() {
        return None;
    }
    let s = skip_spaces(buf);
    let n = s.iter().take(width).take_while(|&&c| !is_space(c)).count();
    Some(s.get(..n).unwrap_or(&[]))
}

/// Decimal digits as `simple_strntoull()` accumulates them (wrapping on
/// overflow); returns the value and the number of digits consumed.
fn strtoull10(s: &[u8]) -> (u64, usize) {
    let mut res: u64 = 0;
    let mut n = 0usize;
    for &c in s {
        if !c.is_ascii_digit() {
            break;
        }
        res = res.wrapping_mul(10).wrapping_add(u64::from(c - b'0'));
        n = n.wrapping_add(1);
    }
    (res, n)
}

/// `sscanf(buf, "%llu", &v)` on the C string `buf`.
pub(crate) fn scan_ull(buf: &[u8]) -> Option<u64> {
    let buf = cstr(buf);
    if buf.is_empty() {
        return None;
    }
    let s = skip_spaces(buf);
    match s.first() {
        Some(c) if c.is_ascii_digit() => Some(strtoull10(s).0),
        _ => None,
    }
}

/// `sscanf(buf, "%hd", &u16_var)`: the bits stored into the u16.
pub(crate) fn scan_hd(buf: &[u8]) -> Option<u16> {
    let buf = cstr(buf);
    if buf.is_empty() {
        return None;
    }
    let s = skip_spaces(buf);
    let (neg, digits) = match s.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, s),
    };
    match digits.first() {
        Some(c) if c.is_ascii_digit() => {}
        _ => return None,
    }
    let v = strtoull10(digits).0;
    let v = if neg { v.wrapping_neg() } else { v };
    Some(v as u16)
}

// ---------------------------------------------------------------------------
// Parsing

/// Input of an option: text (sysfs, module parameters) or a number
/// (netlink).
#[derive(Clone, Copy, Debug)]
pub(crate) enum Input<'a> {
    /// A C string; anything from the first NUL on is ignored.
    Str(&'a [u8]),
    /// A numeric value; `u64::MAX` means "no value" like in C.
    Num(u64),
    /// Binary data and no value (netlink's `bond_opt_initextra`, e.g. an
    /// IPv6 target): reported as the value `u64::MAX`, as C does.
    Extra(&'a [u8]),
}

fn check_range(opt: &BondOption, val: u64) -> bool {
    let Some(max) = opt.max_value() else {
        return false;
    };
    if let Some(min) = opt.min_value() {
        if val < min {
            return false;
        }
    }
    val <= max
}

/// Parses `input` for option `opt` exactly like `bond_opt_parse()`.
///
/// Returns the value to set, or `None` when the input is invalid
/// (`-EINVAL`). Must not be used for [`BondOption::RAWVAL`] options, whose
/// input goes to [`apply`] (or the caller's own handling) untouched; for
/// those it returns `None`.
///
/// Text rules: the input ends at the first newline; if it only contains
/// digits and white space it is read with `%llu` (first number, wrapping
/// on overflow), otherwise its first word (max 32 chars) is matched
/// against the value names and `default`. Numbers first match table
/// entries, then the `MIN..=MAX` range (no `MAX` entry: no range).
pub(crate) fn parse(opt: &BondOption, input: Input<'_>) -> Option<u64> {
    if opt.is_raw() || opt.values.is_empty() {
        return None;
    }
    match input {
        Input::Num(v) => {
            if v == u64::MAX {
                return None;
            }
            parse_number(opt, v)
        }
        Input::Extra(_) => None,
        Input::Str(s) => {
            let s = strip_nl(cstr(s));
            if s.iter().all(|&c| c.is_ascii_digit() || is_space(c)) {
                parse_number(opt, scan_ull(s)?)
            } else {
                let word = scan_word(s, OPT_MAX_NAMELEN)?;
                opt.values
                    .iter()
                    .find(|v| {
                        (word == b"default" && v.flags & OptValue::DEFAULT != 0)
                            || word == v.name.as_bytes()
                    })
                    .map(|v| v.value)
            }
        }
    }
}

fn parse_number(opt: &BondOption, v: u64) -> Option<u64> {
    if opt.values.iter().any(|e| e.value == v) || check_range(opt, v) {
        Some(v)
    } else {
        None
    }
}

// ---------------------------------------------------------------------------
// Dependencies and errors

/// Checks whether `opt` may be changed now (`bond_opt_check_deps()`).
pub(crate) fn check_deps(
    opt: &BondOption,
    mode: Mode,
    has_slaves: bool,
    is_up: bool,
) -> Result<(), i32> {
    if !opt.supported_in(mode) {
        return Err(EACCES);
    }
    if opt.flags & BondOption::NOSLAVES != 0 && has_slaves {
        return Err(ENOTEMPTY);
    }
    if opt.flags & BondOption::IFDOWN != 0 && is_up {
        return Err(EBUSY);
    }
    Ok(())
}

/// Logs the netdev_err messages of `bond_opt_error_interpret()` for error
/// `err` (positive errno) while setting `opt` from `input` in `mode`.
pub(crate) fn report_error(
    opt: &BondOption,
    err: i32,
    input: Input<'_>,
    mode: Mode,
    log: &mut dyn Log,
) {
    match err {
        EINVAL => {
            match input {
                Input::Str(s) => log.log(
                    Level::Err,
                    format_args!(
                        "option {}: invalid value ({})",
                        opt.name,
                        Bytes(strip_nl(cstr(s)))
                    ),
                ),
                Input::Num(v) => log.log(
                    Level::Err,
                    format_args!("option {}: invalid value ({})", opt.name, v),
                ),
                Input::Extra(_) => log.log(
                    Level::Err,
                    format_args!("option {}: invalid value ({})", opt.name, u64::MAX),
                ),
            }
            if let Some(max) = opt.max_value() {
                log.log(
                    Level::Err,
                    format_args!(
                        "option {}: allowed values {} - {}",
                        opt.name,
                        opt.min_value().unwrap_or(0),
                        max
                    ),
                );
            }
        }
        EACCES if !opt.supported_in(mode) => log.log(
            Level::Err,
            format_args!(
                "option {}: mode dependency failed, not supported in mode {}({})",
                opt.name,
                mode.name(),
                mode as u8
            ),
        ),
        ENOTEMPTY => log.log(
            Level::Err,
            format_args!(
                "option {}: unable to set because the bond device has slaves",
                opt.name
            ),
        ),
        EBUSY => log.log(
            Level::Err,
            format_args!(
                "option {}: unable to set because the bond device is up",
                opt.name
            ),
        ),
        ENODEV => {
            if let Input::Str(s) = input {
                log.log(
                    Level::Err,
                    format_args!(
                        "option {}: interface {} does not exist!",
                        opt.name,
                        Bytes(strip_nl(cstr(s)))
                    ),
                );
            }
        }
        _ => {}
    }
}

/// Netlink extack text `bond_opt_error_interpret()` attaches for `err`
/// while setting `opt` from `input` in `mode`: `EACCES` only when the mode
/// is the reason, `ENODEV` only for text input.
pub(crate) fn extack_message(
    opt: &BondOption,
    err: i32,
    input: Input<'_>,
    mode: Mode,
) -> Option<&'static CStr> {
    match err {
        EINVAL => Some(c"invalid option value"),
        EACCES if !opt.supported_in(mode) => Some(c"option not supported in mode"),
        ENOTEMPTY => Some(c"unable to set option because the bond device has slaves"),
        EBUSY => Some(c"unable to set option because the bond is up"),
        ENODEV if matches!(input, Input::Str(_)) => Some(c"interface does not exist"),
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// Parameters

/// Mirror of `struct bond_params`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Params {
    /// Bonding mode.
    pub(crate) mode: Mode,
    /// xmit_hash_policy.
    pub(crate) xmit_policy: u8,
    /// MII monitor interval in ms (0 = off).
    pub(crate) miimon: i32,
    /// Peer notifications on failover.
    pub(crate) num_peer_notif: u8,
    /// ARP monitor interval in ms (0 = off).
    pub(crate) arp_interval: i32,
    /// arp_validate.
    pub(crate) arp_validate: i32,
    /// arp_all_targets.
    pub(crate) arp_all_targets: i32,
    /// arp_missed_max.
    pub(crate) missed_max: u8,
    /// Up delay as a multiple of miimon.
    pub(crate) updelay: i32,
    /// Down delay as a multiple of miimon.
    pub(crate) downdelay: i32,
    /// Peer notification delay as a multiple of miimon.
    pub(crate) peer_notif_delay: i32,
    /// use_carrier.
    pub(crate) use_carrier: i32,
    /// lacp_active.
    pub(crate) lacp_active: i32,
    /// lacp_rate (1 = fast).
    pub(crate) lacp_fast: i32,
    /// min_links.
    pub(crate) min_links: u32,
    /// ad_select.
    pub(crate) ad_select: i32,
    /// Name of the primary slave, NUL padded.
    pub(crate) primary: [u8; IFNAMSIZ],
    /// primary_reselect.
    pub(crate) primary_reselect: i32,
    /// fail_over_mac.
    pub(crate) fail_over_mac: i32,
    /// Number of tx queues.
    pub(crate) tx_queues: i32,
    /// all_slaves_active.
    pub(crate) all_slaves_active: i32,
    /// resend_igmp.
    pub(crate) resend_igmp: i32,
    /// lp_interval.
    pub(crate) lp_interval: i32,
    /// packets_per_slave.
    pub(crate) packets_per_slave: i32,
    /// tlb_dynamic_lb.
    pub(crate) tlb_dynamic_lb: i32,
    /// ad_actor_sys_prio.
    pub(crate) ad_actor_sys_prio: u16,
    /// ad_actor_system MAC.
    pub(crate) ad_actor_system: [u8; 6],
    /// ad_user_port_key.
    pub(crate) ad_user_port_key: u16,
    /// coupled_control.
    pub(crate) coupled_control: i32,
    /// broadcast_neighbor.
    pub(crate) broadcast_neighbor: i32,
    /// ARP targets, network order; all-zero slots are empty and only
    /// trail the used ones.
    pub(crate) arp_targets: [[u8; 4]; MAX_ARP_TARGETS],
    /// NS (IPv6) targets; all-zero slots are empty.
    pub(crate) ns_targets: [[u8; 16]; MAX_ARP_TARGETS],
}

impl Params {
    /// All-zero parameter block (balance-rr). Real defaults come from
    /// `params::check_params`.
    pub(crate) const fn zeroed() -> Params {
        Params {
            mode: Mode::RoundRobin,
            xmit_policy: 0,
            miimon: 0,
            num_peer_notif: 0,
            arp_interval: 0,
            arp_validate: 0,
            arp_all_targets: 0,
            missed_max: 0,
            updelay: 0,
            downdelay: 0,
            peer_notif_delay: 0,
            use_carrier: 0,
            lacp_active: 0,
            lacp_fast: 0,
            min_links: 0,
            ad_select: 0,
            primary: [0; IFNAMSIZ],
            primary_reselect: 0,
            fail_over_mac: 0,
            tx_queues: 0,
            all_slaves_active: 0,
            resend_igmp: 0,
            lp_interval: 0,
            packets_per_slave: 0,
            tlb_dynamic_lb: 0,
            ad_actor_sys_prio: 0,
            ad_actor_system: [0; 6],
            ad_user_port_key: 0,
            coupled_control: 0,
            broadcast_neighbor: 0,
            arp_targets: [[0; 4]; MAX_ARP_TARGETS],
            ns_targets: [[0; 16]; MAX_ARP_TARGETS],
        }
    }

    /// The primary name without NUL padding.
    pub(crate) fn primary_name(&self) -> &[u8] {
        cstr(&self.primary)
    }

    /// Number of configured ARP targets (leading non-zero slots).
    pub(crate) fn arp_target_count(&self) -> usize {
        self.arp_targets
            .iter()
            .take_while(|t| **t != [0; 4])
            .count()
    }
}

/// `strscpy_pad(dst, src, IFNAMSIZ)` of a C string.
pub(crate) fn ifname_pad(src: &[u8]) -> [u8; IFNAMSIZ] {
    let mut out = [0u8; IFNAMSIZ];
    for (d, s) in out.iter_mut().zip(cstr(src).iter().take(IFNAMSIZ - 1)) {
        *d = *s;
    }
    out
}

// ---------------------------------------------------------------------------
// Applying options

/// Side effects the kernel side must perform after a successful [`apply`].
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub(crate) struct Effects {
    /// `Effects::*` bits.
    pub(crate) flags: u32,
    /// Target slot for the `*_TARGET_*` effects.
    pub(crate) slot: u8,
}

impl Effects {
    /// Bond is up and miimon became non-zero: cancel arp_work, queue
    /// mii_work immediately.
    pub(crate) const MII_RESTART: u32 = 1 << 0;
    /// Bond is up and miimon became 0: cancel mii_work.
    pub(crate) const MII_STOP: u32 = 1 << 1;
    /// Bond is up and arp_interval became non-zero: set recv_probe to the
    /// ARP validator, cancel mii_work, queue arp_work immediately.
    pub(crate) const ARP_RESTART: u32 = 1 << 2;
    /// Bond is up and arp_interval became 0: cancel arp_work.
    pub(crate) const ARP_STOP: u32 = 1 << 3;
    /// With `ARP_STOP`: arp_validate is set, clear recv_probe.
    pub(crate) const CLEAR_RECV_PROBE: u32 = 1 << 4;
    /// Call bond_select_active_slave() (inside block_netpoll_tx()).
    pub(crate) const RESELECT_ACTIVE: u32 = 1 << 5;
    /// Call bond_set_carrier().
    pub(crate) const UPDATE_CARRIER: u32 = 1 << 6;
    /// Call bond_3ad_update_ad_actor_settings().
    pub(crate) const AD_UPDATE_ACTOR: u32 = 1 << 7;
    /// Call bond_3ad_update_lacp_rate().
    pub(crate) const AD_UPDATE_LACP_RATE: u32 = 1 << 8;
    /// Call bond_3ad_update_lacp_active().
    pub(crate) const AD_UPDATE_LACP_ACTIVE: u32 = 1 << 9;
    /// For every slave that is not active: inactive = !all_slaves_active.
    pub(crate) const SLAVE_INACTIVE_FLAGS: u32 = 1 << 10;
    /// Bond is up and broadcast_neighbor was enabled: static_branch_inc.
    pub(crate) const BCAST_NEIGH_INC: u32 = 1 << 11;
    /// Bond is up and broadcast_neighbor was disabled: static_branch_dec.
    pub(crate) const BCAST_NEIGH_DEC: u32 = 1 << 12;
    /// Mode changed: if registered, update the XFRM wanted features
    /// (netdev_update_features); always refresh the XDP features.
    pub(crate) const UPDATE_FEATURES: u32 = 1 << 13;
    /// arp_validate switched between zero and non-zero: for each slave
    /// add (arp_validate != 0) or remove the NS multicast addresses.
    pub(crate) const NS_MADDRS_SYNC: u32 = 1 << 14;
    /// ARP target stored in `slot`: set each slave's
    /// target_last_arp_rx[slot] = jiffies.
    pub(crate) const ARP_TARGET_ADDED: u32 = 1 << 15;
    /// ARP target removed from `slot`: for each slave shift
    /// target_last_arp_rx down from `slot` while the (new)
    /// arp_targets[i] != 0 (i < 15), then zero the entry reached.
    pub(crate) const ARP_TARGET_REMOVED: u32 = 1 << 16;
    /// NS target stored in `slot` (slot was empty before): for each slave
    /// set target_last_arp_rx[slot] = jiffies and add the target's NS
    /// multicast MAC when arp_validate is on and the slave qualifies.
    pub(crate) const NS_TARGET_ADDED: u32 = 1 << 17;
    /// Set bond->primary_slave to the slave named params.primary and
    /// force_primary = true.
    pub(crate) const PRIMARY_SET: u32 = 1 << 18;
    /// Set bond->primary_slave to NULL.
    pub(crate) const PRIMARY_CLEAR: u32 = 1 << 19;
    /// packets_per_slave changed: recompute its reciprocal.
    pub(crate) const UPDATE_PPS_RECIPROCAL: u32 = 1 << 20;

    /// No effect.
    pub(crate) const fn none() -> Effects {
        Effects { flags: 0, slot: 0 }
    }

    const fn with(flags: u32) -> Effects {
        Effects { flags, slot: 0 }
    }

    /// True if all bits of `flag` are set.
    pub(crate) fn contains(&self, flag: u32) -> bool {
        self.flags & flag == flag
    }
}

fn no_slave(_name: &[u8]) -> bool {
    false
}

/// State of the bond needed by [`apply`].
pub(crate) struct ApplyCtx<'a> {
    /// The bond device is up (IFF_UP).
    pub(crate) is_up: bool,
    /// bond->primary_slave is currently set.
    pub(crate) has_primary_slave: bool,
    /// Returns true if the bond has a slave with exactly this name.
    pub(crate) is_slave_name: &'a dyn Fn(&[u8]) -> bool,
}

impl ApplyCtx<'static> {
    /// Context without slaves and without primary slave.
    pub(crate) fn new(is_up: bool) -> ApplyCtx<'static> {
        ApplyCtx {
            is_up,
            has_primary_slave: false,
            is_slave_name: &no_slave,
        }
    }
}

/// The text C prints for `newval->string`: the matched table entry name,
/// else the caller's text (cut at newline), else "(null)" (numeric input).
struct ValStr<'a>(OptId, u64, &'a [u8]);

impl fmt::Display for ValStr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(n) = value_name(self.0, self.1) {
            return f.write_str(n);
        }
        let raw = strip_nl(cstr(self.2));
        if self.2.is_empty() {
            f.write_str("(null)")
        } else {
            fmt::Display::fmt(&Bytes(raw), f)
        }
    }
}

fn dbg(log: &mut dyn Log, args: fmt::Arguments<'_>) {
    log.log(Level::Debug, args);
}

/// Applies option `id` to `params` like the C `bond_option_*_set()`
/// functions, returning the remaining side effects or a positive errno.
///
/// For parsed options `value` is the result of [`parse`] and `raw` is the
/// original text (used only where C prints `newval->string`; pass an empty
/// slice for numeric/netlink input, printed as "(null)"). An empty `raw`
/// always means "no string": sysfs never passes empty writes to a store
/// (a written "\0" arrives as the one-byte slice and means "").
///
/// Raw options: `ArpTargets` takes `raw` = "+a.b.c.d"/"-a.b.c.d" text or,
/// when `raw` is empty, adds the target `(value as u32).to_ne_bytes()`
/// (netlink); `NsTargets` takes the 16 address bytes in `raw` (other
/// lengths: `EINVAL`); `Primary` takes the name text; `AdActorSystem`
/// takes "xx:xx:xx:xx:xx:xx" text or, when `raw` is empty, the first six
/// bytes of `value.to_ne_bytes()` (netlink's nla_get_u64).
///
/// `Slaves`, `ActiveSlave`, `QueueId`, `Prio` and `ActorPortPrio` need
/// device lookups and are not handled: they return `Err(EOPNOTSUPP)`. The
/// XDP program checks of `mode` and `xmit_hash_policy` are also left to
/// the caller (do them before calling). Dependencies ([`check_deps`]) and
/// error reporting ([`report_error`]) are the caller's job too.
pub(crate) fn apply(
    params: &mut Params,
    id: OptId,
    value: u64,
    raw: &[u8],
    ctx: &ApplyCtx<'_>,
    log: &mut dyn Log,
) -> Result<Effects, i32> {
    let vs = ValStr(id, value, raw);
    match id {
        OptId::Mode => {
            let new = Mode::from_u64(value).ok_or(EINVAL)?;
            if !new.uses_arp() {
                if params.arp_interval != 0 {
                    dbg(
                        log,
                        format_args!(
                            "{} mode is incompatible with arp monitoring, start mii monitoring",
                            vs
                        ),
                    );
                    params.arp_interval = 0;
                }
                if params.miimon == 0 {
                    params.miimon = BOND_DEFAULT_MIIMON;
                    dbg(
                        log,
                        format_args!("Setting MII monitoring interval to {}", params.miimon),
                    );
                }
            }
            if new == Mode::Alb {
                params.tlb_dynamic_lb = 1;
            }
            params.arp_validate = ARP_VALIDATE_NONE;
            params.mode = new;
            params.broadcast_neighbor = 0;
            Ok(Effects::with(Effects::UPDATE_FEATURES))
        }
        OptId::PacketsPerSlave => {
            dbg(log, format_args!("Setting packets per slave to {}", value));
            params.packets_per_slave = value as i32;
            Ok(Effects::with(Effects::UPDATE_PPS_RECIPROCAL))
        }
        OptId::XmitHash => {
            dbg(
                log,
                format_args!("Setting xmit hash policy to {} ({})", vs, value),
            );
            params.xmit_policy = value as u8;
            Ok(Effects::none())
        }
        OptId::ArpValidate => {
            let changed = (params.arp_validate != 0) != (value != 0);
            dbg(
                log,
                format_args!("Setting arp_validate to {} ({})", vs, value),
            );
            params.arp_validate = value as i32;
            Ok(if changed {
                Effects::with(Effects::NS_MADDRS_SYNC)
            } else {
                Effects::none()
            })
        }
        OptId::ArpAllTargets => {
            dbg(
                log,
                format_args!("Setting arp_all_targets to {} ({})", vs, value),
            );
            params.arp_all_targets = value as i32;
            Ok(Effects::none())
        }
        OptId::FailOverMac => {
            dbg(
                log,
                format_args!("Setting fail_over_mac to {} ({})", vs, value),
            );
            params.fail_over_mac = value as i32;
            Ok(Effects::none())
        }
        OptId::ArpInterval => {
            dbg(
                log,
                format_args!("Setting ARP monitoring interval to {}", value),
            );
            params.arp_interval = value as i32;
            if value != 0 {
                if params.miimon != 0 {
                    dbg(log, format_args!("ARP monitoring cannot be used with MII monitoring. Disabling MII monitoring"));
                    params.miimon = 0;
                }
                if params.arp_targets[0] == [0; 4] {
                    dbg(log, format_args!("ARP monitoring has been set up, but no ARP targets have been specified"));
                }
            }
            let mut fx = Effects::none();
            if ctx.is_up {
                if value == 0 {
                    if params.arp_validate != 0 {
                        fx.flags |= Effects::CLEAR_RECV_PROBE;
                    }
                    fx.flags |= Effects::ARP_STOP;
                } else {
                    fx.flags |= Effects::ARP_RESTART;
                }
            }
            Ok(fx)
        }
        OptId::ArpTargets => apply_arp_targets(params, value, raw, log),
        OptId::Downdelay => delay_set(params, value, "down delay", DelayKind::Down, log),
        OptId::Updelay => delay_set(params, value, "up delay", DelayKind::Up, log),
        OptId::PeerNotifDelay => delay_set(
            params,
            value,
            "peer notification delay",
            DelayKind::PeerNotif,
            log,
        ),
        OptId::LacpRate => {
            dbg(log, format_args!("Setting LACP rate to {} ({})", vs, value));
            params.lacp_fast = value as i32;
            Ok(Effects::with(Effects::AD_UPDATE_LACP_RATE))
        }
        OptId::MinLinks => {
            dbg(log, format_args!("Setting min links value to {}", value));
            params.min_links = value as u32;
            Ok(Effects::with(Effects::UPDATE_CARRIER))
        }
        OptId::AdSelect => {
            dbg(log, format_args!("Setting ad_select to {} ({})", vs, value));
            params.ad_select = value as i32;
            Ok(Effects::none())
        }
        OptId::NumPeerNotif | OptId::NumPeerNotifAlias => {
            params.num_peer_notif = value as u8;
            Ok(Effects::none())
        }
        OptId::Miimon => {
            dbg(
                log,
                format_args!("Setting MII monitoring interval to {}", value),
            );
            params.miimon = value as i32;
            let m = params.miimon;
            if params.updelay != 0 {
                dbg(
                    log,
                    format_args!(
                        "Note: Updating updelay (to {}) since it is a multiple of the miimon value",
                        params.updelay.wrapping_mul(m)
                    ),
                );
            }
            if params.downdelay != 0 {
                dbg(log, format_args!("Note: Updating downdelay (to {}) since it is a multiple of the miimon value", params.downdelay.wrapping_mul(m)));
            }
            if params.peer_notif_delay != 0 {
                dbg(log, format_args!("Note: Updating peer_notif_delay (to {}) since it is a multiple of the miimon value", params.peer_notif_delay.wrapping_mul(m)));
            }
            if value != 0 && params.arp_interval != 0 {
                dbg(log, format_args!("MII monitoring cannot be used with ARP monitoring - disabling ARP monitoring..."));
                params.arp_interval = 0;
                if params.arp_validate != 0 {
                    params.arp_validate = ARP_VALIDATE_NONE;
                }
            }
            let mut fx = Effects::none();
            if ctx.is_up {
                fx.flags |= if value == 0 {
                    Effects::MII_STOP
                } else {
                    Effects::MII_RESTART
                };
            }
            Ok(fx)
        }
        OptId::Primary => apply_primary(params, raw, ctx, log),
        OptId::PrimaryReselect => {
            dbg(
                log,
                format_args!("Setting primary_reselect to {} ({})", vs, value),
            );
            params.primary_reselect = value as i32;
            Ok(Effects::with(Effects::RESELECT_ACTIVE))
        }
        OptId::UseCarrier => {
            dbg(log, format_args!("Setting use_carrier to {}", value));
            params.use_carrier = value as i32;
            Ok(Effects::none())
        }
        OptId::AllSlavesActive => {
            if value == params.all_slaves_active as i64 as u64 {
                return Ok(Effects::none());
            }
            params.all_slaves_active = value as i32;
            Ok(Effects::with(Effects::SLAVE_INACTIVE_FLAGS))
        }
        OptId::ResendIgmp => {
            dbg(log, format_args!("Setting resend_igmp to {}", value));
            params.resend_igmp = value as i32;
            Ok(Effects::none())
        }
        OptId::LpInterval => {
            params.lp_interval = value as i32;
            Ok(Effects::none())
        }
        OptId::TlbDynamicLb => {
            dbg(
                log,
                format_args!("Setting dynamic-lb to {} ({})", vs, value),
            );
            params.tlb_dynamic_lb = value as i32;
            Ok(Effects::none())
        }
        OptId::AdActorSysPrio => {
            dbg(log, format_args!("Setting ad_actor_sys_prio to {}", value));
            params.ad_actor_sys_prio = value as u16;
            Ok(Effects::with(Effects::AD_UPDATE_ACTOR))
        }
        OptId::AdActorSystem => {
            let mac = if raw.is_empty() {
                let b = value.to_ne_bytes();
                Some([b[0], b[1], b[2], b[3], b[4], b[5]])
            } else {
                mac_pton(cstr(raw))
            };
            match mac {
                Some(m) if m[0] & 1 == 0 => {
                    dbg(log, format_args!("Setting ad_actor_system to {}", Mac(&m)));
                    params.ad_actor_system = m;
                    Ok(Effects::with(Effects::AD_UPDATE_ACTOR))
                }
                _ => {
                    log.log(
                        Level::Err,
                        format_args!("Invalid ad_actor_system MAC address."),
                    );
                    Err(EINVAL)
                }
            }
        }
        OptId::AdUserPortKey => {
            dbg(log, format_args!("Setting ad_user_port_key to {}", value));
            params.ad_user_port_key = value as u16;
            Ok(Effects::none())
        }
        OptId::LacpActive => {
            dbg(
                log,
                format_args!("Setting LACP active to {} ({})", vs, value),
            );
            params.lacp_active = value as i32;
            Ok(Effects::with(Effects::AD_UPDATE_LACP_ACTIVE))
        }
        OptId::MissedMax => {
            dbg(
                log,
                format_args!("Setting missed max to {} ({})", vs, value),
            );
            params.missed_max = value as u8;
            Ok(Effects::none())
        }
        OptId::NsTargets => {
            let t: [u8; 16] = raw.try_into().map_err(|_| EINVAL)?;
            ns_target_add(params, t, log)
        }
        OptId::CoupledControl => {
            log.log(
                Level::Info,
                format_args!("Setting coupled_control to {} ({})", vs, value),
            );
            params.coupled_control = value as i32;
            Ok(Effects::none())
        }
        OptId::BroadcastNeigh => {
            if params.broadcast_neighbor as i64 as u64 == value {
                return Ok(Effects::none());
            }
            params.broadcast_neighbor = value as i32;
            let mut fx = Effects::none();
            if ctx.is_up {
                fx.flags |= if params.broadcast_neighbor != 0 {
                    Effects::BCAST_NEIGH_INC
                } else {
                    Effects::BCAST_NEIGH_DEC
                };
            }
            dbg(
                log,
                format_args!("Setting broadcast_neighbor to {} ({})", vs, value),
            );
            Ok(fx)
        }
        OptId::Slaves
        | OptId::ActiveSlave
        | OptId::QueueId
        | OptId::Prio
        | OptId::ActorPortPrio => Err(EOPNOTSUPP),
    }
}

#[derive(Clone, Copy)]
enum DelayKind {
    Up,
    Down,
    PeerNotif,
}

fn delay_set(
    params: &mut Params,
    value: u64,
    name: &str,
    kind: DelayKind,
    log: &mut dyn Log,
) -> Result<Effects, i32> {
    let value = value as i32;
    let miimon = params.miimon;
    if miimon == 0 {
        log.log(
            Level::Err,
            format_args!("Unable to set {} as MII monitoring is disabled", name),
        );
        return Err(EPERM);
    }
    if value.checked_rem(miimon).unwrap_or(0) != 0 {
        log.log(
            Level::Warn,
            format_args!(
                "{} ({}) is not a multiple of miimon ({}), value rounded to {} ms",
                name,
                value,
                miimon,
                value.checked_div(miimon).unwrap_or(0).wrapping_mul(miimon)
            ),
        );
    }
    let mult = value.checked_div(miimon).unwrap_or(0);
    match kind {
        DelayKind::Up => params.updelay = mult,
        DelayKind::Down => params.downdelay = mult,
        DelayKind::PeerNotif => params.peer_notif_delay = mult,
    }
    dbg(
        log,
        format_args!("Setting {} to {}", name, mult.wrapping_mul(miimon)),
    );
    Ok(Effects::none())
}

fn apply_primary(
    params: &mut Params,
    raw: &[u8],
    ctx: &ApplyCtx<'_>,
    log: &mut dyn Log,
) -> Result<Effects, i32> {
    let name = strip_nl(cstr(raw));
    if name.is_empty() {
        dbg(log, format_args!("Setting primary slave to None"));
        params.primary = [0; IFNAMSIZ];
        return Ok(Effects::with(
            Effects::PRIMARY_CLEAR | Effects::RESELECT_ACTIVE,
        ));
    }
    if (ctx.is_slave_name)(name) {
        dbg(
            log,
            format_args!("(slave {}): Setting as primary slave", Bytes(name)),
        );
        params.primary = ifname_pad(name);
        return Ok(Effects::with(
            Effects::PRIMARY_SET | Effects::RESELECT_ACTIVE,
        ));
    }
    let mut fx = Effects::none();
    if ctx.has_primary_slave {
        dbg(log, format_args!("Setting primary slave to None"));
        fx.flags |= Effects::PRIMARY_CLEAR | Effects::RESELECT_ACTIVE;
    }
    params.primary = ifname_pad(name);
    dbg(
        log,
        format_args!(
            "Recording {} as primary, but it has not been enslaved yet",
            Bytes(name)
        ),
    );
    Ok(fx)
}

/// `in4_pton(src, -1, dst, -1, NULL)`: dotted quad at the start of the C
/// string `src`, ended by the string end or any character other than a
/// hex digit, ':' or '.' (so "1.2.3.4\n" and "1.2.3.4 x" parse).
pub(crate) fn in4_pton(src: &[u8]) -> Option<[u8; 4]> {
    let src = cstr(src);
    let mut out = [0u8; 4];
    let mut i = 0usize;
    let mut w: u32 = 0;
    let mut have_digit = false;
    let mut pos = 0usize;
    loop {
        let c = src.get(pos).copied().unwrap_or(0);
        let is_delim = c == 0 || !(c.is_ascii_hexdigit() || c == b':' || c == b'.');
        if c == b'.' || c == b':' || is_delim {
            if !have_digit {
                return None;
            }
            *out.get_mut(i)? = (w & 0xff) as u8;
            w = 0;
            have_digit = false;
            i = i.wrapping_add(1);
            if c != b'.' {
                return if i == 4 { Some(out) } else { None };
            }
        } else if c.is_ascii_digit() {
            w = w.wrapping_mul(10).wrapping_add(u32::from(c - b'0'));
            have_digit = true;
            if w > 255 {
                return None;
            }
        } else {
            // hex letters are not decimal digits
            return None;
        }
        if i >= 4 {
            return None;
        }
        pos = pos.wrapping_add(1);
    }
}

/// `mac_pton()`: "xx:xx:xx:xx:xx:xx" at the start of C string `s`
/// (anything after the 17th character is ignored).
pub(crate) fn mac_pton(s: &[u8]) -> Option<[u8; 6]> {
    let s = cstr(s);
    if s.len() < 17 {
        return None;
    }
    let mut mac = [0u8; 6];
    for (i, m) in mac.iter_mut().enumerate() {
        let hi = hex_val(*s.get(i * 3)?)?;
        let lo = hex_val(*s.get(i * 3 + 1)?)?;
        if i != 5 && *s.get(i * 3 + 2)? != b':' {
            return None;
        }
        *m = (hi << 4) | lo;
    }
    Some(mac)
}

fn hex_val(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

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

fn apply_arp_targets(
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

// ---------------------------------------------------------------------------
// Helpers for the options handled by the kernel side

/// `dev_valid_name()` on the C string `name`.
pub(crate) fn dev_valid_name(name: &[u8]) -> bool {
    let name = cstr(name);
    if name.is_empty() || name.len() >= IFNAMSIZ {
        return false;
    }
    if name == b"." || name == b".." {
        return false;
    }
    !name.iter().any(|&c| c == b'/' || c == b':' || is_space(c))
}

/// Parses "+ifname" / "-ifname" like the slaves and bonding_masters
/// stores: first word (at most 16 chars), longer than one char, starting
/// with '+' or '-', rest a valid device name. The name may be a truncated
/// version of what was written.
pub(crate) fn parse_ifname_command(buf: &[u8]) -> Result<(u8, &[u8]), ()> {
    let word = scan_word(buf, IFNAMSIZ).unwrap_or(&[]);
    let Some((&cmd, name)) = word.split_first() else {
        return Err(());
    };
    if name.is_empty() || (cmd != b'+' && cmd != b'-') || !dev_valid_name(name) {
        return Err(());
    }
    Ok((cmd, name))
}

/// Textual part of the queue_id store, "ifname:qid": the name before the
/// first ':' and the `%hd` read after it, name checked with
/// [`dev_valid_name`]. The caller still checks qid against
/// real_num_tx_queues, the device lookup and duplicates (all failures:
/// debug "invalid input for queue_id set" and `EPERM`).
pub(crate) fn parse_queue_id(buf: &[u8]) -> Result<(&[u8], u16), ()> {
    let s = cstr(buf);
    let colon = s.iter().position(|&c| c == b':').ok_or(())?;
    let name = s.get(..colon).ok_or(())?;
    let rest = s.get(colon.wrapping_add(1)..).ok_or(())?;
    let qid = scan_hd(rest).ok_or(())?;
    if !dev_valid_name(name) {
        return Err(());
    }
    Ok((name, qid))
}

/// Interface name written to active_slave (`%15s`); empty means "clear
/// the active slave" (also when the input starts with a newline).
pub(crate) fn first_word_ifname(buf: &[u8]) -> &[u8] {
    let s = cstr(buf);
    if s.first() == Some(&b'\n') {
        return &[];
    }
    scan_word(s, IFNAMSIZ - 1).unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logic::errno::ENOENT;
    use crate::logic::log::RecLog;
    use std::string::String;
    use std::vec;
    use std::vec::Vec;

    // ---- table -----------------------------------------------------------

    /// (name, flags, supported modes as digits, values as (name, value, flags))
    type Row = (
        &'static str,
        u8,
        &'static str,
        &'static [(&'static str, u64, u8)],
    );

    const INTMAX: &[(&str, u64, u8)] = &[("off", 0, D), ("maxval", 2147483647, MX)];
    const PEER: &[(&str, u64, u8)] = &[("off", 0, 0), ("maxval", 255, MX), ("default", 1, D)];

    const EXPECTED: [Row; OPT_COUNT] = [
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

    fn supported(digits: &str, m: Mode) -> bool {
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
                    "ad_actor_sys_prio"
                        | "ad_actor_system"
                        | "ad_user_port_key"
                        | "actor_port_prio"
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

    // ---- parsing ---------------------------------------------------------

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

    // ---- dependencies and errors ----------------------------------------

    #[test]
    fn deps() {
        for (o, exp) in OPTIONS.iter().zip(EXPECTED.iter()) {
            for m in Mode::ALL {
                for slaves in [false, true] {
                    for up in [false, true] {
                        let want = if !supported(exp.2, m) {
                            Err(EACCES)
                        } else if exp.1 & NOSLAVES != 0 && slaves {
                            Err(ENOTEMPTY)
                        } else if exp.1 & IFDOWN != 0 && up {
                            Err(EBUSY)
                        } else {
                            Ok(())
                        };
                        assert_eq!(check_deps(o, m, slaves, up), want, "{} {m:?}", o.name);
                    }
                }
            }
        }
        let mode = get(OptId::Mode);
        assert_eq!(check_deps(mode, Mode::Xor, true, true), Err(ENOTEMPTY));
        assert_eq!(check_deps(mode, Mode::Xor, false, true), Err(EBUSY));
        let lr = get(OptId::LacpRate);
        assert_eq!(check_deps(lr, Mode::ActiveBackup, true, true), Err(EACCES));
        assert_eq!(
            check_deps(get(OptId::FailOverMac), Mode::Xor, false, true),
            Ok(())
        );
    }

    fn report(id: OptId, err: i32, input: Input<'_>, mode: Mode) -> Vec<(Level, String)> {
        let mut l = RecLog::new();
        report_error(get(id), err, input, mode, &mut l);
        l.msgs
    }

    fn errs(v: &[&str]) -> Vec<(Level, String)> {
        v.iter().map(|s| (Level::Err, String::from(*s))).collect()
    }

    #[test]
    fn error_reports() {
        let rr = Mode::RoundRobin;
        assert_eq!(
            report(OptId::Mode, EINVAL, Input::Str(b"foo\n"), rr),
            errs(&["option mode: invalid value (foo)"])
        );
        assert_eq!(
            report(OptId::Miimon, EINVAL, Input::Str(b"-5"), rr),
            errs(&[
                "option miimon: invalid value (-5)",
                "option miimon: allowed values 0 - 2147483647"
            ])
        );
        assert_eq!(
            report(OptId::LpInterval, EINVAL, Input::Num(0), rr),
            errs(&[
                "option lp_interval: invalid value (0)",
                "option lp_interval: allowed values 1 - 2147483647"
            ])
        );
        assert_eq!(
            report(OptId::NsTargets, EINVAL, Input::Num(u64::MAX), rr),
            errs(&["option ns_ip6_target: invalid value (18446744073709551615)"])
        );
        assert_eq!(
            report(OptId::ArpTargets, EINVAL, Input::Str(b"+1.2.3.4\nx"), rr),
            errs(&["option arp_ip_target: invalid value (+1.2.3.4)"])
        );
        assert_eq!(
            report(
                OptId::LacpRate,
                EACCES,
                Input::Str(b"fast"),
                Mode::ActiveBackup
            ),
            errs(&[
                "option lacp_rate: mode dependency failed, not supported in mode active-backup(1)"
            ])
        );
        assert_eq!(
            report(
                OptId::Primary,
                EACCES,
                Input::Str(b"eth0"),
                Mode::Ieee8023ad
            ),
            errs(&["option primary: mode dependency failed, not supported in mode 802.3ad(4)"])
        );
        assert_eq!(
            report(OptId::Miimon, EACCES, Input::Str(b"1"), rr),
            errs(&[])
        );
        assert_eq!(
            report(OptId::Mode, ENOTEMPTY, Input::Str(b"1"), rr),
            errs(&["option mode: unable to set because the bond device has slaves"])
        );
        assert_eq!(
            report(OptId::Mode, EBUSY, Input::Str(b"1"), rr),
            errs(&["option mode: unable to set because the bond device is up"])
        );
        assert_eq!(
            report(
                OptId::ActiveSlave,
                ENODEV,
                Input::Str(b"eth9\n"),
                Mode::ActiveBackup
            ),
            errs(&["option active_slave: interface eth9 does not exist!"])
        );
        assert_eq!(report(OptId::Slaves, ENODEV, Input::Num(3), rr), errs(&[]));
        assert_eq!(
            report(OptId::Updelay, EPERM, Input::Str(b"100"), rr),
            errs(&[])
        );
        assert_eq!(report(OptId::Mode, ENOENT, Input::Str(b"1"), rr), errs(&[]));

        let ex = |id, err, input| extack_message(get(id), err, input, Mode::RoundRobin);
        let s = Input::Str(b"x");
        assert_eq!(ex(OptId::Mode, EINVAL, s), Some(c"invalid option value"));
        assert_eq!(
            ex(OptId::LacpRate, EACCES, s),
            Some(c"option not supported in mode")
        );
        assert_eq!(ex(OptId::Miimon, EACCES, s), None);
        assert_eq!(
            ex(OptId::Mode, ENOTEMPTY, s),
            Some(c"unable to set option because the bond device has slaves")
        );
        assert_eq!(
            ex(OptId::Mode, EBUSY, Input::Num(1)),
            Some(c"unable to set option because the bond is up")
        );
        assert_eq!(
            ex(OptId::Primary, ENODEV, s),
            Some(c"interface does not exist")
        );
        assert_eq!(ex(OptId::Primary, ENODEV, Input::Num(1)), None);
        assert_eq!(ex(OptId::Mode, EPERM, s), None);
    }

    // ---- apply -----------------------------------------------------------

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

    fn fx(flags: u32) -> Result<Effects, i32> {
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
                fx(Effects::UPDATE_FEATURES),
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
        assert_eq!(r, (fx(Effects::UPDATE_FEATURES), msgs(&[])));
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
        assert_eq!(run(&mut p, OptId::Miimon, "0", false).0, fx(0));
        assert_eq!(run(&mut p, OptId::Miimon, "50", false).0, fx(0));
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
            assert_eq!(r, (fx(0), msgs(&[
                (Level::Warn, &std::format!("{name} (250) is not a multiple of miimon (100), value rounded to 200 ms")),
                (DBG, &std::format!("Setting {name} to 200")),
            ])));
            let r = run(&mut p, id, "300", false);
            assert_eq!(r.1, msgs(&[(DBG, &std::format!("Setting {name} to 300"))]));
            let r = run(&mut p, id, "50", false);
            assert_eq!(
                r.1[0].1,
                std::format!(
                    "{name} (50) is not a multiple of miimon (100), value rounded to 0 ms"
                )
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
        assert_eq!(r, (fx(Effects::ARP_RESTART), msgs(&[
            (DBG, "Setting ARP monitoring interval to 100"),
            (DBG, "ARP monitoring cannot be used with MII monitoring. Disabling MII monitoring"),
            (DBG, "ARP monitoring has been set up, but no ARP targets have been specified"),
        ])));
        assert_eq!((p.arp_interval, p.miimon), (100, 0));
        p.arp_targets[0] = [10, 0, 0, 1];
        let r = run(&mut p, OptId::ArpInterval, "200", false);
        assert_eq!(
            r,
            (
                fx(0),
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
        let cases: &[(OptId, &str, &str, u32)] = &[
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
                0,
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
                0,
            ),
            (OptId::MissedMax, "5", "Setting missed max to 5 (5)", 0),
            (OptId::MissedMax, " 7\n", "Setting missed max to  7 (7)", 0),
            (OptId::MissedMax, "1", "Setting missed max to minval (1)", 0),
            (
                OptId::MissedMax,
                "default",
                "Setting missed max to default (2)",
                0,
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
                0,
            ),
            (
                OptId::XmitHash,
                "layer3+4",
                "Setting xmit hash policy to layer3+4 (1)",
                0,
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
                0,
            ),
            (
                OptId::TlbDynamicLb,
                "off",
                "Setting dynamic-lb to off (0)",
                0,
            ),
            (OptId::UseCarrier, "off", "Setting use_carrier to 0", 0),
            (OptId::ResendIgmp, "3", "Setting resend_igmp to 3", 0),
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
                Effects::UPDATE_PPS_RECIPROCAL,
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
                0,
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
            assert_eq!(run(&mut p, id, inp, false), (fx(0), msgs(&[])));
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
                fx(0),
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
            (fx(0), msgs(&[]))
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
                fx(Effects::BCAST_NEIGH_INC),
                msgs(&[(DBG, "Setting broadcast_neighbor to on (1)")])
            )
        );
        assert_eq!(
            run(&mut p, OptId::BroadcastNeigh, "1", true),
            (fx(0), msgs(&[]))
        );
        let r = run(&mut p, OptId::BroadcastNeigh, "off", true);
        assert_eq!(
            r,
            (
                fx(Effects::BCAST_NEIGH_DEC),
                msgs(&[(DBG, "Setting broadcast_neighbor to off (0)")])
            )
        );
        assert_eq!(run(&mut p, OptId::BroadcastNeigh, "on", false).0, fx(0));
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
                fx(0),
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
            Effects::BCAST_NEIGH_INC,
            Effects::BCAST_NEIGH_DEC,
            Effects::UPDATE_FEATURES,
            Effects::NS_MADDRS_SYNC,
            Effects::ARP_TARGET_ADDED,
            Effects::ARP_TARGET_REMOVED,
            Effects::NS_TARGET_ADDED,
            Effects::PRIMARY_SET,
            Effects::PRIMARY_CLEAR,
            Effects::UPDATE_PPS_RECIPROCAL,
        ];
        let mut acc = 0u32;
        for f in all {
            assert_eq!(f.count_ones(), 1);
            assert_eq!(acc & f, 0);
            acc |= f;
        }
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

    // ---- text helpers ---------------------------------------------------

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
}
