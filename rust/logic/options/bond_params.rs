// SPDX-License-Identifier: GPL-2.0
//! [`Params`], the mirror of `struct bond_params`: the per-bond parameter
//! block the options change.

use super::{cstr, Mode, IFNAMSIZ, MAX_ARP_TARGETS};

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
