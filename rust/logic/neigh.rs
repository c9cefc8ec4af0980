// SPDX-License-Identifier: GPL-2.0
//! Neighbour frames: what 802.3ad's `broadcast_neighbor` sends on every
//! port of the active aggregator instead of the hashed one (ARP, and IPv6
//! neighbour solicitations and advertisements).

use super::hash::{Frame, TxMeta};

const ETH_P_ARP: u16 = 0x0806;
const ETH_P_IPV6: u16 = 0x86dd;
const NEXTHDR_ICMP: u8 = 58;
const NDISC_NEIGHBOUR_SOLICITATION: u8 = 135;
const NDISC_NEIGHBOUR_ADVERTISEMENT: u8 = 136;
/// The IPv6 header, then the ICMPv6 type.
const IPV6_NEXTHDR_OFF: usize = 6;
const IPV6_HLEN: usize = 40;

/// Whether `f` is an ARP frame, or an IPv6 frame whose first header after
/// the fixed one is ICMPv6 neighbour solicitation or advertisement
/// (extension headers are not followed, as in bonding.ko).
pub(crate) fn is_neighbour_frame<F: Frame + ?Sized>(f: &F, meta: &TxMeta) -> bool {
    match meta.proto {
        ETH_P_ARP => true,
        ETH_P_IPV6 => {
            let mut h = [0u8; IPV6_HLEN + 1];
            f.read(meta.nhoff, &mut h)
                && h[IPV6_NEXTHDR_OFF] == NEXTHDR_ICMP
                && matches!(
                    h[IPV6_HLEN],
                    NDISC_NEIGHBOUR_SOLICITATION | NDISC_NEIGHBOUR_ADVERTISEMENT
                )
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(proto: u16) -> TxMeta {
        TxMeta {
            proto,
            nhoff: 14,
            vlan_tci: None,
            l4_hash: None,
        }
    }

    /// An Ethernet header, an IPv6 header with next header `next`, and
    /// `icmp` after it.
    fn ipv6(next: u8, icmp: &[u8]) -> [u8; 80] {
        let mut f = [0u8; 80];
        f[12..14].copy_from_slice(&ETH_P_IPV6.to_be_bytes());
        f[14] = 0x60;
        f[14 + 6] = next;
        f[54..54 + icmp.len()].copy_from_slice(icmp);
        f
    }

    #[test]
    fn arp_always() {
        assert!(is_neighbour_frame(&[0u8; 4][..], &meta(ETH_P_ARP)));
    }

    #[test]
    fn ndisc_solicit_and_advert_only() {
        let m = meta(ETH_P_IPV6);
        assert!(is_neighbour_frame(&ipv6(58, &[135])[..], &m));
        assert!(is_neighbour_frame(&ipv6(58, &[136])[..], &m));
        // Router solicitation, echo request: hashed as usual.
        assert!(!is_neighbour_frame(&ipv6(58, &[133])[..], &m));
        assert!(!is_neighbour_frame(&ipv6(58, &[128])[..], &m));
        // Behind a hop-by-hop header: not looked for.
        assert!(!is_neighbour_frame(&ipv6(0, &[135])[..], &m));
        // Too short to hold the ICMPv6 type.
        assert!(!is_neighbour_frame(&ipv6(58, &[135])[..54], &m));
    }

    #[test]
    fn other_protocols_hashed() {
        let mut f = ipv6(58, &[135]);
        f[12..14].copy_from_slice(&0x0800u16.to_be_bytes());
        assert!(!is_neighbour_frame(&f[..], &meta(0x0800)));
    }
}
