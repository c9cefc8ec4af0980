// SPDX-License-Identifier: GPL-2.0
//! The transmit hash of balance-xor and 802.3ad (`xmit_hash_policy`), as
//! bonding.ko's `bond_xmit_hash()` computes it from a frame. Words taken
//! from the frame are read in the machine's byte order, as the C code reads
//! them with `memcpy`, so the hash of a frame is the one bonding.ko gets on
//! the same machine.

use super::options::{
    XMIT_POLICY_ENCAP23, XMIT_POLICY_ENCAP34, XMIT_POLICY_LAYER2, XMIT_POLICY_LAYER23,
    XMIT_POLICY_LAYER34, XMIT_POLICY_VLAN_SRCMAC,
};

const ETH_HLEN: usize = 14;
const IPV4_HLEN: usize = 20;
const IPV6_HLEN: usize = 40;
const ICMP_HLEN: usize = 8;

const ETH_P_IP: u16 = 0x0800;
const ETH_P_IPV6: u16 = 0x86dd;

const IPPROTO_ICMP: u8 = 1;
const IPPROTO_TCP: u8 = 6;
const IPPROTO_UDP: u8 = 17;
const IPPROTO_DCCP: u8 = 33;
const IPPROTO_ESP: u8 = 50;
const IPPROTO_AH: u8 = 51;
const IPPROTO_ICMPV6: u8 = 58;
const IPPROTO_SCTP: u8 = 132;
const IPPROTO_UDPLITE: u8 = 136;

/// The bytes of a frame, from its link-layer header on.
pub(crate) trait Frame {
    /// Copies the bytes at `off` into `buf`; `false` if the frame is shorter.
    fn read(&self, off: usize, buf: &mut [u8]) -> bool;
}

impl Frame for [u8] {
    fn read(&self, off: usize, buf: &mut [u8]) -> bool {
        match off
            .checked_add(buf.len())
            .and_then(|end| self.get(off..end))
        {
            Some(s) => {
                buf.copy_from_slice(s);
                true
            }
            None => false,
        }
    }
}

fn read<const N: usize, F: Frame + ?Sized>(f: &F, off: usize) -> Option<[u8; N]> {
    let mut b = [0u8; N];
    f.read(off, &mut b).then_some(b)
}

/// What the hash takes from the skb besides the frame's bytes.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TxMeta {
    /// `skb->protocol`, in host order.
    pub(crate) proto: u16,
    /// Where the network header starts (`skb_network_offset`).
    pub(crate) nhoff: usize,
    /// The VLAN tag kept out of the frame (`skb_vlan_tag_get`), whole TCI.
    pub(crate) vlan_tci: Option<u16>,
    /// `skb->hash` if it is a layer-4 hash (`skb->l4_hash`).
    pub(crate) l4_hash: Option<u32>,
}

/// Network addresses of a flow as the flow dissector keeps them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FlowAddrs {
    /// No network header found.
    None,
    /// IPv4 source and destination, as on the wire.
    V4 { src: [u8; 4], dst: [u8; 4] },
    /// IPv6 source and destination, as on the wire.
    V6 { src: [u8; 16], dst: [u8; 16] },
    /// A TIPC node key, as on the wire.
    Tipc([u8; 4]),
}

/// The parts of `struct flow_keys` the hash reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct FlowKeys {
    /// Network addresses.
    pub(crate) addrs: FlowAddrs,
    /// Source and destination port (or SPI), as on the wire.
    pub(crate) ports: [u8; 4],
    /// ICMP type.
    pub(crate) icmp_type: u8,
    /// ICMP code.
    pub(crate) icmp_code: u8,
    /// ICMP identifier; 0 when the message has none.
    pub(crate) icmp_id: u16,
}

impl FlowKeys {
    /// No keys.
    pub(crate) const EMPTY: FlowKeys = FlowKeys {
        addrs: FlowAddrs::None,
        ports: [0; 4],
        icmp_type: 0,
        icmp_code: 0,
        icmp_id: 0,
    };

    /// The source address folded to a word (`flow_get_u32_src`).
    fn src_word(&self) -> u32 {
        match &self.addrs {
            FlowAddrs::V4 { src, .. } => u32::from_ne_bytes(*src),
            FlowAddrs::V6 { src, .. } => v6_word(src),
            FlowAddrs::Tipc(key) => u32::from_ne_bytes(*key),
            FlowAddrs::None => 0,
        }
    }

    /// The destination address folded to a word (`flow_get_u32_dst`; TIPC
    /// has none).
    fn dst_word(&self) -> u32 {
        match &self.addrs {
            FlowAddrs::V4 { dst, .. } => u32::from_ne_bytes(*dst),
            FlowAddrs::V6 { dst, .. } => v6_word(dst),
            _ => 0,
        }
    }
}

/// `ipv6_addr_hash`: the four words of the address xor-ed.
fn v6_word(a: &[u8; 16]) -> u32 {
    a.chunks_exact(4)
        .map(|w| u32::from_ne_bytes([w[0], w[1], w[2], w[3]]))
        .fold(0, |h, w| h ^ w)
}

/// `bond_eth_hash`: last bytes of both MAC addresses and the EtherType.
fn eth_hash<F: Frame + ?Sized>(f: &F) -> u32 {
    match read::<ETH_HLEN, F>(f, 0) {
        Some(h) => u32::from(h[5] ^ h[11]) ^ u32::from(u16::from_be_bytes([h[12], h[13]])),
        None => 0,
    }
}

/// `bond_vlan_srcmac_hash`: the VLAN tag and both halves of the source MAC.
fn vlan_srcmac_hash<F: Frame + ?Sized>(f: &F, meta: &TxMeta) -> u32 {
    let Some(h) = read::<ETH_HLEN, F>(f, 0) else {
        return 0;
    };
    let vendor = u32::from_be_bytes([0, h[6], h[7], h[8]]);
    let device = u32::from_be_bytes([0, h[9], h[10], h[11]]);
    u32::from(meta.vlan_tci.unwrap_or(0)) ^ vendor ^ device
}

/// Where the ports are in a transport header (`proto_ports_offset`).
fn ports_offset(proto: u8) -> Option<usize> {
    match proto {
        IPPROTO_TCP | IPPROTO_UDP | IPPROTO_DCCP | IPPROTO_ESP | IPPROTO_SCTP | IPPROTO_UDPLITE => {
            Some(0)
        }
        IPPROTO_AH => Some(4),
        _ => None,
    }
}

/// `bond_flow_ip`: the addresses of the IP header at `*nhoff`, which moves
/// past it; the protocol (`None` for IPv4 fragments); with `l34`, ports.
fn flow_ip<F: Frame + ?Sized>(
    f: &F,
    keys: &mut FlowKeys,
    proto: u16,
    nhoff: &mut usize,
    ip_proto: &mut Option<u8>,
    l34: bool,
) -> bool {
    if proto == ETH_P_IP {
        let Some(h) = read::<IPV4_HLEN, F>(f, *nhoff) else {
            return false;
        };
        keys.addrs = FlowAddrs::V4 {
            src: [h[12], h[13], h[14], h[15]],
            dst: [h[16], h[17], h[18], h[19]],
        };
        *nhoff += usize::from(h[0] & 0x0f) * 4;
        if u16::from_be_bytes([h[6], h[7]]) & 0x3fff == 0 {
            *ip_proto = Some(h[9]);
        }
    } else if proto == ETH_P_IPV6 {
        let Some(h) = read::<IPV6_HLEN, F>(f, *nhoff) else {
            return false;
        };
        let mut src = [0u8; 16];
        let mut dst = [0u8; 16];
        src.copy_from_slice(&h[8..24]);
        dst.copy_from_slice(&h[24..40]);
        keys.addrs = FlowAddrs::V6 { src, dst };
        *nhoff += IPV6_HLEN;
        *ip_proto = Some(h[6]);
    } else {
        return false;
    }
    if l34 {
        if let Some(p) = *ip_proto {
            keys.ports = ports_offset(p)
                .and_then(|o| read::<4, F>(f, *nhoff + o))
                .unwrap_or([0; 4]);
        }
    }
    true
}

/// `skb_flow_get_icmp_tci`: type, code and identifier of the ICMP header
/// at `off`; nothing changes if the frame is too short.
fn icmp_tci<F: Frame + ?Sized>(f: &F, keys: &mut FlowKeys, off: usize) {
    let Some(h) = read::<ICMP_HLEN, F>(f, off) else {
        return;
    };
    keys.icmp_type = h[0];
    keys.icmp_code = h[1];
    // Echo (request, reply) and timestamp messages of either ICMP version.
    keys.icmp_id = match h[0] {
        0 | 8 | 13 | 14 | 128 | 129 => match u16::from_be_bytes([h[4], h[5]]) {
            0 => 1,
            id => id,
        },
        _ => 0,
    };
}

/// `icmp_is_err`.
fn icmp_is_err(ty: u8) -> bool {
    matches!(ty, 3 | 4 | 5 | 11 | 12)
}

/// `icmpv6_is_err`.
fn icmpv6_is_err(ty: u8) -> bool {
    matches!(ty, 1..=4)
}

/// `bond_flow_dissect` for the layer2+3 and layer3+4 policies; ICMP errors
/// are hashed by the packet they quote.
fn flow_dissect<F: Frame + ?Sized>(f: &F, meta: &TxMeta, l34: bool) -> Option<FlowKeys> {
    let mut keys = FlowKeys::EMPTY;
    let mut nhoff = meta.nhoff;
    let mut ip_proto = None;
    if !flow_ip(f, &mut keys, meta.proto, &mut nhoff, &mut ip_proto, l34) {
        return None;
    }
    let is_err: fn(u8) -> bool = match ip_proto {
        Some(IPPROTO_ICMP) => icmp_is_err,
        Some(IPPROTO_ICMPV6) => icmpv6_is_err,
        _ => return Some(keys),
    };
    icmp_tci(f, &mut keys, nhoff);
    if !is_err(keys.icmp_type) {
        return Some(keys);
    }
    nhoff += ICMP_HLEN;
    flow_ip(f, &mut keys, meta.proto, &mut nhoff, &mut ip_proto, l34).then_some(keys)
}

/// `bond_ip_hash`: addresses folded into `hash`; the layer-4 policies drop
/// the lowest bit (even port numbers are common).
fn ip_hash(mut hash: u32, keys: &FlowKeys, policy: u8) -> u32 {
    hash ^= keys.dst_word() ^ keys.src_word();
    hash ^= hash >> 16;
    hash ^= hash >> 8;
    if policy == XMIT_POLICY_LAYER34 || policy == XMIT_POLICY_ENCAP34 {
        hash >> 1
    } else {
        hash
    }
}

/// `bond_xmit_hash`. `dissect` is the kernel's flow dissector, which the
/// encap policies use (it looks through tunnels); `None` if it failed.
pub(crate) fn xmit_hash<F: Frame + ?Sized>(
    policy: u8,
    f: &F,
    meta: &TxMeta,
    dissect: impl FnOnce() -> Option<FlowKeys>,
) -> u32 {
    if policy == XMIT_POLICY_ENCAP34 {
        if let Some(h) = meta.l4_hash {
            return h;
        }
    }
    if policy == XMIT_POLICY_VLAN_SRCMAC {
        return vlan_srcmac_hash(f, meta);
    }
    if policy == XMIT_POLICY_LAYER2 {
        return eth_hash(f);
    }
    let keys = if policy == XMIT_POLICY_ENCAP23 || policy == XMIT_POLICY_ENCAP34 {
        dissect()
    } else {
        flow_dissect(f, meta, policy == XMIT_POLICY_LAYER34)
    };
    let Some(keys) = keys else {
        return eth_hash(f);
    };
    let hash = if policy == XMIT_POLICY_LAYER23 || policy == XMIT_POLICY_ENCAP23 {
        eth_hash(f)
    } else if keys.icmp_id != 0 {
        let id = keys.icmp_id.to_ne_bytes();
        u32::from_ne_bytes([keys.icmp_type, keys.icmp_code, id[0], id[1]])
    } else {
        u32::from_ne_bytes(keys.ports)
    };
    ip_hash(hash, &keys, policy)
}

/// Whether a policy hashes with the kernel's flow dissector.
pub(crate) fn uses_dissector(policy: u8) -> bool {
    policy == XMIT_POLICY_ENCAP23 || policy == XMIT_POLICY_ENCAP34
}

#[cfg(all(test, target_endian = "little"))]
mod tests {
    //! Expected values were worked out from bonding.ko's C code on paper
    //! and checked with a separate script (little-endian words), not with
    //! this module.
    use super::*;
    use std::vec::Vec;

    const MAC_A: [u8; 6] = [0x02, 0x00, 0x00, 0x00, 0x00, 0x0a];
    const MAC_B: [u8; 6] = [0x02, 0x00, 0x00, 0x00, 0x00, 0x0b];

    fn eth(proto: u16) -> Vec<u8> {
        let mut v = Vec::new();
        v.extend_from_slice(&MAC_B);
        v.extend_from_slice(&MAC_A);
        v.extend_from_slice(&proto.to_be_bytes());
        v
    }

    fn ipv4(v: &mut Vec<u8>, proto: u8, frag: u16, src: [u8; 4], dst: [u8; 4]) {
        v.extend_from_slice(&[0x45, 0, 0, 40, 0, 1]);
        v.extend_from_slice(&frag.to_be_bytes());
        v.extend_from_slice(&[64, proto, 0, 0]);
        v.extend_from_slice(&src);
        v.extend_from_slice(&dst);
    }

    fn ipv6(v: &mut Vec<u8>, next: u8, src_last: u8, dst_last: u8) {
        v.extend_from_slice(&[0x60, 0, 0, 0, 0, 8, next, 64]);
        let mut a = [0u8; 16];
        a[..4].copy_from_slice(&[0x20, 0x01, 0x0d, 0xb8]);
        a[15] = src_last;
        v.extend_from_slice(&a);
        a[15] = dst_last;
        v.extend_from_slice(&a);
    }

    fn ports(v: &mut Vec<u8>, sport: u16, dport: u16) {
        v.extend_from_slice(&sport.to_be_bytes());
        v.extend_from_slice(&dport.to_be_bytes());
        v.extend_from_slice(&[0; 16]);
    }

    fn meta(proto: u16) -> TxMeta {
        TxMeta {
            proto,
            nhoff: ETH_HLEN,
            vlan_tci: None,
            l4_hash: None,
        }
    }

    fn hash(policy: u8, f: &[u8], m: &TxMeta) -> u32 {
        xmit_hash(policy, f, m, || panic!("no dissector for this policy"))
    }

    /// 192.0.2.1 -> 192.0.2.2, TCP 1000 -> 80.
    fn tcp4() -> Vec<u8> {
        let mut f = eth(ETH_P_IP);
        ipv4(&mut f, IPPROTO_TCP, 0x4000, [192, 0, 2, 1], [192, 0, 2, 2]);
        ports(&mut f, 1000, 80);
        f
    }

    #[test]
    fn layer2() {
        // 0x0b ^ 0x0a ^ 0x0800
        assert_eq!(hash(XMIT_POLICY_LAYER2, &tcp4(), &meta(ETH_P_IP)), 0x0801);
        // Too short for an Ethernet header.
        assert_eq!(hash(XMIT_POLICY_LAYER2, &tcp4()[..13], &meta(ETH_P_IP)), 0);
    }

    #[test]
    fn layer23_ipv4() {
        // src ^ dst as LE words: 0x010200c0 ^ 0x020200c0 = 0x03000000;
        // ^ eth hash 0x0801 = 0x03000801; h ^= h >> 16: 0x03000b01;
        // h ^= h >> 8: 0x03030b0a.
        assert_eq!(
            hash(XMIT_POLICY_LAYER23, &tcp4(), &meta(ETH_P_IP)),
            0x0303_0b0a
        );
    }

    #[test]
    fn layer34_ipv4_tcp() {
        // ports word (LE of 03 e8 00 50) = 0x5000e803; ^ 0x03000000 =
        // 0x5300e803; ^ >>16 = 0x5300bb03; ^ >>8 = 0x5353bbb8; >> 1.
        assert_eq!(
            hash(XMIT_POLICY_LAYER34, &tcp4(), &meta(ETH_P_IP)),
            0x29a9_dddc
        );
    }

    #[test]
    fn layer34_fragment_has_no_ports() {
        let mut f = eth(ETH_P_IP);
        ipv4(&mut f, IPPROTO_UDP, 0x2000, [192, 0, 2, 1], [192, 0, 2, 2]);
        ports(&mut f, 1000, 80);
        // Only the addresses: 0x03000000 -> 0x03000300 -> 0x03030303 >> 1.
        assert_eq!(
            hash(XMIT_POLICY_LAYER34, &f, &meta(ETH_P_IP)),
            0x0303_0303 >> 1
        );
        // A later fragment (offset set) is the same.
        let mut g = eth(ETH_P_IP);
        ipv4(&mut g, IPPROTO_UDP, 0x0010, [192, 0, 2, 1], [192, 0, 2, 2]);
        ports(&mut g, 1000, 80);
        assert_eq!(
            hash(XMIT_POLICY_LAYER34, &g, &meta(ETH_P_IP)),
            0x0303_0303 >> 1
        );
    }

    #[test]
    fn layer34_ipv6_udp() {
        let mut f = eth(ETH_P_IPV6);
        ipv6(&mut f, IPPROTO_UDP, 1, 2);
        ports(&mut f, 5000, 53);
        // Address words: both fold to 0xb80d0120 ^ (last << 24); their xor
        // is 0x03000000. Ports LE of 13 88 00 35 = 0x35008813.
        // 0x36008813 -> 0x3600be13 -> 0x3636beac >> 1.
        assert_eq!(
            hash(XMIT_POLICY_LAYER34, &f, &meta(ETH_P_IPV6)),
            0x3636_beac >> 1
        );
    }

    #[test]
    fn layer34_ipv6_extension_header_has_no_ports() {
        let mut f = eth(ETH_P_IPV6);
        ipv6(&mut f, 0, 1, 2); // hop-by-hop options first
        ports(&mut f, 5000, 53);
        // Hop-by-hop is no port protocol: addresses only.
        assert_eq!(
            hash(XMIT_POLICY_LAYER34, &f, &meta(ETH_P_IPV6)),
            0x0303_0303 >> 1
        );
    }

    #[test]
    fn layer34_icmp_echo_uses_id() {
        let mut f = eth(ETH_P_IP);
        ipv4(&mut f, IPPROTO_ICMP, 0, [192, 0, 2, 1], [192, 0, 2, 2]);
        f.extend_from_slice(&[8, 0, 0, 0, 0x12, 0x34, 0, 1]);
        // type 8, code 0, id 0x1234 as LE u16 in the upper half:
        // 0x12340008 ^ 0x03000000 = 0x11340008 -> 0x1134113c -> 0x1125252d.
        assert_eq!(
            hash(XMIT_POLICY_LAYER34, &f, &meta(ETH_P_IP)),
            0x1125_252d >> 1
        );
        // Id 0 counts as 1.
        let n = f.len();
        f[n - 4] = 0;
        f[n - 3] = 0;
        // 0x00010008 ^ 0x03000000 = 0x03010008 -> 0x03010309 -> 0x0302020a.
        assert_eq!(
            hash(XMIT_POLICY_LAYER34, &f, &meta(ETH_P_IP)),
            0x0302_020a >> 1
        );
    }

    #[test]
    fn layer34_icmp_error_uses_quoted_packet() {
        let mut f = eth(ETH_P_IP);
        ipv4(&mut f, IPPROTO_ICMP, 0, [198, 51, 100, 9], [192, 0, 2, 1]);
        f.extend_from_slice(&[3, 3, 0, 0, 0, 0, 0, 0]);
        // The quoted packet: 192.0.2.1 -> 192.0.2.2, TCP 1000 -> 80.
        ipv4(&mut f, IPPROTO_TCP, 0x4000, [192, 0, 2, 1], [192, 0, 2, 2]);
        f.extend_from_slice(&[0x03, 0xe8, 0x00, 0x50, 0, 0, 0, 0]);
        assert_eq!(
            hash(XMIT_POLICY_LAYER34, &f, &meta(ETH_P_IP)),
            hash(XMIT_POLICY_LAYER34, &tcp4(), &meta(ETH_P_IP))
        );
        // A quoted header cut short: the Ethernet hash.
        let cut = &f[..f.len() - 16];
        assert_eq!(hash(XMIT_POLICY_LAYER34, cut, &meta(ETH_P_IP)), 0x0801);
    }

    #[test]
    fn layer34_ipv6_icmp_error() {
        let mut f = eth(ETH_P_IPV6);
        ipv6(&mut f, IPPROTO_ICMPV6, 9, 1);
        f.extend_from_slice(&[1, 0, 0, 0, 0, 0, 0, 0]);
        ipv6(&mut f, IPPROTO_UDP, 1, 2);
        f.extend_from_slice(&[0x13, 0x88, 0x00, 0x35]);
        assert_eq!(
            hash(XMIT_POLICY_LAYER34, &f, &meta(ETH_P_IPV6)),
            0x3636_beac >> 1
        );
    }

    #[test]
    fn short_headers_fall_back_to_layer2() {
        let f = tcp4();
        let cut = &f[..ETH_HLEN + 19];
        assert_eq!(hash(XMIT_POLICY_LAYER34, cut, &meta(ETH_P_IP)), 0x0801);
        assert_eq!(hash(XMIT_POLICY_LAYER23, cut, &meta(ETH_P_IP)), 0x0801);
        // No ports in the frame: they count as zero.
        let cut = &f[..ETH_HLEN + 20 + 3];
        assert_eq!(
            hash(XMIT_POLICY_LAYER34, cut, &meta(ETH_P_IP)),
            0x0303_0303 >> 1
        );
        // ARP is not IP.
        assert_eq!(hash(XMIT_POLICY_LAYER34, &f, &meta(0x0806)), 0x0801);
    }

    #[test]
    fn in_band_vlan_is_not_looked_through() {
        // A tag inside the frame: protocol 802.1Q, not IP.
        let mut f = eth(0x8100);
        f.extend_from_slice(&[0, 5, 0x08, 0x00]);
        let mut ip = Vec::new();
        ipv4(&mut ip, IPPROTO_TCP, 0, [192, 0, 2, 1], [192, 0, 2, 2]);
        f.extend_from_slice(&ip);
        // 0x0b ^ 0x0a ^ 0x8100
        assert_eq!(hash(XMIT_POLICY_LAYER34, &f, &meta(0x8100)), 0x8101);
    }

    #[test]
    fn vlan_srcmac() {
        let mut m = meta(ETH_P_IP);
        // 0x020000 ^ 0x00000a
        assert_eq!(hash(XMIT_POLICY_VLAN_SRCMAC, &tcp4(), &m), 0x02_000a);
        // The whole TCI counts, priority bits too.
        m.vlan_tci = Some(0x2005);
        assert_eq!(hash(XMIT_POLICY_VLAN_SRCMAC, &tcp4(), &m), 0x02_200f);
    }

    #[test]
    fn ah_and_esp_use_the_spi() {
        let mut f = eth(ETH_P_IP);
        ipv4(&mut f, IPPROTO_AH, 0, [192, 0, 2, 1], [192, 0, 2, 2]);
        f.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0, 0x07, 0, 0, 0, 0]);
        // SPI 7 -> LE word 0x07000000 ^ 0x03000000 = 0x04000000 ->
        // 0x04000400 -> 0x04040404.
        assert_eq!(
            hash(XMIT_POLICY_LAYER34, &f, &meta(ETH_P_IP)),
            0x0404_0404 >> 1
        );
    }

    #[test]
    fn encap_policies_use_the_dissector() {
        let keys = FlowKeys {
            addrs: FlowAddrs::V4 {
                src: [192, 0, 2, 1],
                dst: [192, 0, 2, 2],
            },
            ports: [0x03, 0xe8, 0x00, 0x50],
            ..FlowKeys::EMPTY
        };
        let m = meta(ETH_P_IP);
        let f = tcp4();
        assert_eq!(
            xmit_hash(XMIT_POLICY_ENCAP34, &f[..], &m, || Some(keys)),
            0x29a9_dddc
        );
        assert_eq!(
            xmit_hash(XMIT_POLICY_ENCAP23, &f[..], &m, || Some(keys)),
            0x0303_0b0a
        );
        // TIPC keys count as a source only.
        let tipc = FlowKeys {
            addrs: FlowAddrs::Tipc([0, 0, 0, 0x11]),
            ..FlowKeys::EMPTY
        };
        // 0x11000000 -> 0x11001100 -> 0x11111111
        assert_eq!(
            xmit_hash(XMIT_POLICY_ENCAP34, &f[..], &m, || Some(tipc)),
            0x1111_1111 >> 1
        );
        // The dissector failing: the Ethernet hash.
        assert_eq!(xmit_hash(XMIT_POLICY_ENCAP34, &f[..], &m, || None), 0x0801);
        // encap3+4 takes a layer-4 hash the stack already has.
        let mut m = m;
        m.l4_hash = Some(0xdead_beef);
        assert_eq!(
            xmit_hash(XMIT_POLICY_ENCAP34, &f[..], &m, || None),
            0xdead_beef
        );
        assert_eq!(
            xmit_hash(XMIT_POLICY_ENCAP23, &f[..], &m, || Some(keys)),
            0x0303_0b0a
        );
    }
}
