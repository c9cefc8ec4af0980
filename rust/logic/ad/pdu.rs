// SPDX-License-Identifier: GPL-2.0
//! The slow-protocol frames: LACPDUs and marker PDUs (802.3ad 43.4.2.2
//! and 43.5.3.2), byte for byte as bonding.ko lays them out.

use super::PortParams;

/// The slow-protocols multicast address LACPDUs go to.
pub(crate) const SLOW_PROTOCOLS_ADDR: [u8; 6] = [0x01, 0x80, 0xc2, 0x00, 0x00, 0x02];
/// ETH_P_SLOW.
pub(crate) const ETH_P_SLOW: u16 = 0x8809;
/// Length of a LACPDU or marker PDU after the Ethernet header.
pub(crate) const PDU_LEN: usize = 110;
/// Ethernet header length.
pub(crate) const ETH_HLEN: usize = 14;
/// A whole frame: Ethernet header and PDU.
pub(crate) const FRAME_LEN: usize = ETH_HLEN + PDU_LEN;

/// Subtype of a LACPDU.
const SUBTYPE_LACP: u8 = 1;
/// Subtype of a marker PDU.
const SUBTYPE_MARKER: u8 = 2;
/// Marker information TLV.
const MARKER_INFO: u8 = 1;
/// Marker response TLV.
const MARKER_RESPONSE: u8 = 2;

/// The actor and partner of a LACPDU (the rest of it is fixed).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub(crate) struct Lacpdu {
    /// The sender.
    pub(crate) actor: PortParams,
    /// The sender's view of its partner.
    pub(crate) partner: PortParams,
}

/// Writes one actor or partner information TLV at `b` (20 bytes).
fn put_info(b: &mut [u8], tlv: u8, p: &PortParams) {
    b[0] = tlv;
    b[1] = 20;
    b[2..4].copy_from_slice(&p.system_priority.to_be_bytes());
    b[4..10].copy_from_slice(&p.system);
    b[10..12].copy_from_slice(&p.key.to_be_bytes());
    b[12..14].copy_from_slice(&p.port_priority.to_be_bytes());
    b[14..16].copy_from_slice(&p.port_number.to_be_bytes());
    b[16] = p.port_state as u8;
    b[17..20].fill(0);
}

/// Reads one information TLV's values at `b`.
fn get_info(b: &[u8]) -> PortParams {
    let be = |i: usize| u16::from_be_bytes([b[i], b[i + 1]]);
    let mut system = [0; 6];
    system.copy_from_slice(&b[4..10]);
    PortParams {
        system_priority: be(2),
        system,
        key: be(10),
        port_priority: be(12),
        port_number: be(14),
        port_state: u16::from(b[16]),
    }
}

/// Writes the Ethernet header: to the slow-protocols address from `src`.
fn put_eth(f: &mut [u8; FRAME_LEN], src: &[u8; 6]) {
    f[..6].copy_from_slice(&SLOW_PROTOCOLS_ADDR);
    f[6..12].copy_from_slice(src);
    f[12..14].copy_from_slice(&ETH_P_SLOW.to_be_bytes());
}

impl Lacpdu {
    /// The whole frame from `src` (the slave's permanent address).
    pub(crate) fn frame(&self, src: &[u8; 6]) -> [u8; FRAME_LEN] {
        let mut f = [0u8; FRAME_LEN];
        put_eth(&mut f, src);
        let b = &mut f[ETH_HLEN..];
        b[0] = SUBTYPE_LACP;
        b[1] = 1;
        put_info(&mut b[2..22], 1, &self.actor);
        put_info(&mut b[22..42], 2, &self.partner);
        // Collector information: max delay 0, then the terminator.
        b[42] = 3;
        b[43] = 16;
        f
    }
}

/// A marker PDU: the bytes as received (bonding.ko answers with a copy).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Marker(pub(crate) [u8; PDU_LEN]);

impl Marker {
    /// The response frame to this information marker from `src`.
    pub(crate) fn response_frame(&self, src: &[u8; 6]) -> [u8; FRAME_LEN] {
        let mut f = [0u8; FRAME_LEN];
        put_eth(&mut f, src);
        f[ETH_HLEN..].copy_from_slice(&self.0);
        f[ETH_HLEN + 2] = MARKER_RESPONSE;
        f
    }
}

/// What a received slow-protocol PDU is (`bond_3ad_rx_indication`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Pdu {
    /// A LACPDU: consumed, run through the receive machine.
    Lacp(Lacpdu),
    /// A marker information PDU: consumed, answered.
    MarkerInfo(Marker),
    /// A marker response: consumed, counted.
    MarkerResponse,
    /// A marker of another TLV type: consumed, counted as unknown.
    MarkerUnknown,
    /// Another subtype: counted as unknown, passed on.
    Unknown,
}

/// The PDU in `b`, the first [`PDU_LEN`] bytes after the Ethernet header
/// of a frame to the slow-protocols address with type ETH_P_SLOW; `None`
/// when the frame is too short (counted as illegal, passed on).
pub(crate) fn parse(b: &[u8]) -> Option<Pdu> {
    let b = b.get(..PDU_LEN)?;
    Some(match b[0] {
        SUBTYPE_LACP => Pdu::Lacp(Lacpdu {
            actor: get_info(&b[2..22]),
            partner: get_info(&b[22..42]),
        }),
        SUBTYPE_MARKER => match b[2] {
            MARKER_INFO => {
                let mut m = [0; PDU_LEN];
                m.copy_from_slice(b);
                Pdu::MarkerInfo(Marker(m))
            }
            MARKER_RESPONSE => Pdu::MarkerResponse,
            _ => Pdu::MarkerUnknown,
        },
        _ => Pdu::Unknown,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(n: u16) -> PortParams {
        PortParams {
            system: [2, 0, 0, 0, 0, n as u8],
            system_priority: 0x1234,
            key: 0x0f11,
            port_number: n,
            port_priority: 0xff,
            port_state: 0x3d,
        }
    }

    #[test]
    fn lacpdu_layout() {
        let pdu = Lacpdu {
            actor: params(1),
            partner: params(2),
        };
        let f = pdu.frame(&[2, 0, 0, 0, 0, 9]);
        assert_eq!(f.len(), 124);
        assert_eq!(
            &f[..14],
            &[1, 0x80, 0xc2, 0, 0, 2, 2, 0, 0, 0, 0, 9, 0x88, 0x09]
        );
        let b = &f[14..];
        assert_eq!(&b[..4], &[1, 1, 1, 20]);
        assert_eq!(&b[4..6], &[0x12, 0x34]);
        assert_eq!(&b[6..12], &[2, 0, 0, 0, 0, 1]);
        assert_eq!(&b[12..18], &[0x0f, 0x11, 0, 0xff, 0, 1]);
        assert_eq!(b[18], 0x3d);
        assert_eq!(&b[22..24], &[2, 20]);
        assert_eq!(&b[36..38], &[0, 2]);
        assert_eq!(&b[42..46], &[3, 16, 0, 0]);
        assert!(b[46..].iter().all(|&x| x == 0));
        assert_eq!(parse(b), Some(Pdu::Lacp(pdu)));
    }

    #[test]
    fn short_and_other_subtypes() {
        assert_eq!(parse(&[1; 109]), None);
        let mut b = [0u8; PDU_LEN];
        b[0] = 3;
        assert_eq!(parse(&b), Some(Pdu::Unknown));
        b[0] = 2;
        b[2] = 2;
        assert_eq!(parse(&b), Some(Pdu::MarkerResponse));
        b[2] = 7;
        assert_eq!(parse(&b), Some(Pdu::MarkerUnknown));
    }

    #[test]
    fn marker_response_copies_the_request() {
        let mut b = [0u8; PDU_LEN];
        b[..4].copy_from_slice(&[2, 1, 1, 0x16]);
        b[4..6].copy_from_slice(&[0, 7]);
        b[12..16].copy_from_slice(&[1, 2, 3, 4]);
        let Some(Pdu::MarkerInfo(m)) = parse(&b) else {
            panic!("not a marker");
        };
        let f = m.response_frame(&[2, 0, 0, 0, 0, 1]);
        assert_eq!(&f[14..18], &[2, 1, 2, 0x16]);
        assert_eq!(&f[18..], &b[4..]);
    }
}
