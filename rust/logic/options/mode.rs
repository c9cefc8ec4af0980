// SPDX-License-Identifier: GPL-2.0
//! The bonding mode ([`Mode`]) and what each mode implies (ARP
//! monitoring, primary slave, transmit hashing).

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
    ///
    /// [`BondOption::unsupported_modes`]: super::BondOption::unsupported_modes
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
