// SPDX-License-Identifier: GPL-2.0

//! The kernel's flow dissector, set up with the keys bonding hashes on
//! (the encap2+3 and encap3+4 policies look through tunnels with it).

use super::bindings;
use super::skb::SkBuff;
use crate::logic::hash::{FlowAddrs, FlowKeys};
use core::mem::offset_of;
use kernel::types::Opaque;

/// A flow dissector, filled in once at module load.
///
/// # Invariants
///
/// After `init` the dissector is only read.
struct Dissector(Opaque<bindings::flow_dissector>);

// SAFETY: Written once by `init` before any reader exists, read-only after.
unsafe impl Sync for Dissector {}

static DISSECTOR: Dissector = Dissector(Opaque::uninit());

const fn key(id: u32, offset: usize) -> bindings::flow_dissector_key {
    bindings::flow_dissector_key {
        key_id: id as _,
        offset,
    }
}

/// The keys of bonding.ko's `flow_keys_bonding`.
static KEYS: [bindings::flow_dissector_key; 10] = {
    use bindings::flow_keys as K;
    [
        key(bindings::RB_FLOW_KEY_CONTROL, offset_of!(K, control)),
        key(bindings::RB_FLOW_KEY_BASIC, offset_of!(K, basic)),
        key(bindings::RB_FLOW_KEY_IPV4_ADDRS, offset_of!(K, addrs)),
        key(bindings::RB_FLOW_KEY_IPV6_ADDRS, offset_of!(K, addrs)),
        key(bindings::RB_FLOW_KEY_TIPC, offset_of!(K, addrs)),
        key(bindings::RB_FLOW_KEY_PORTS, offset_of!(K, ports)),
        key(bindings::RB_FLOW_KEY_ICMP, offset_of!(K, icmp)),
        key(bindings::RB_FLOW_KEY_VLAN, offset_of!(K, vlan)),
        key(bindings::RB_FLOW_KEY_FLOW_LABEL, offset_of!(K, tags)),
        key(bindings::RB_FLOW_KEY_GRE_KEYID, offset_of!(K, keyid)),
    ]
};

/// Fills in the dissector.
///
/// # Safety
///
/// Called once, at module load, before any bond can transmit.
pub(crate) unsafe fn init() {
    // SAFETY: No reader exists yet (the caller's guarantee); the key table
    // is static and well-formed (ids below FLOW_DISSECTOR_KEY_MAX, offsets
    // inside `struct flow_keys`).
    unsafe {
        bindings::skb_flow_dissector_init(DISSECTOR.0.get(), KEYS.as_ptr(), KEYS.len() as u32)
    };
}

impl SkBuff {
    /// Dissects the frame as bonding.ko's encap policies do, from the
    /// network header on, through tunnels.
    pub(crate) fn flow_keys(&self, net: &super::pernet::Net) -> Option<FlowKeys> {
        // SAFETY: An all-zero `flow_keys` is valid (bonding.ko clears it
        // the same way before dissecting).
        let mut k: bindings::flow_keys = unsafe { core::mem::zeroed() };
        let skb = self.as_raw();
        // SAFETY: The skb is valid (type invariant of `SkBuff`); the
        // dissector was set up at load (invariant of `Dissector`) and `k`
        // is a `flow_keys` it writes into; data and length are the skb's
        // linear part, as the kernel's own callers pass them.
        let found = unsafe {
            bindings::__skb_flow_dissect(
                net.as_raw(),
                skb,
                DISSECTOR.0.get(),
                (&raw mut k).cast(),
                bindings::rb_skb_data(skb).cast(),
                bindings::rb_skb_protocol_be(skb),
                bindings::rb_skb_network_offset(skb),
                bindings::rb_skb_headlen(skb) as i32,
                0,
            )
        };
        if !found {
            return None;
        }
        // SAFETY: `addr_type` says which member of the address union the
        // dissector wrote; the others are not read.
        let addrs = unsafe {
            match u32::from(k.control.addr_type) {
                bindings::RB_FLOW_KEY_IPV4_ADDRS => {
                    let a = &k.addrs.__bindgen_anon_1.v4addrs;
                    FlowAddrs::V4 {
                        src: a.src.to_ne_bytes(),
                        dst: a.dst.to_ne_bytes(),
                    }
                }
                bindings::RB_FLOW_KEY_IPV6_ADDRS => {
                    let a = &k.addrs.__bindgen_anon_1.v6addrs;
                    FlowAddrs::V6 {
                        src: a.src.in6_u.u6_addr8,
                        dst: a.dst.in6_u.u6_addr8,
                    }
                }
                bindings::RB_FLOW_KEY_TIPC => {
                    FlowAddrs::Tipc(k.addrs.__bindgen_anon_1.tipckey.key.to_ne_bytes())
                }
                _ => FlowAddrs::None,
            }
        };
        // SAFETY: `ports` is a union of one 32-bit word and two 16-bit
        // ports; the word covers both.
        let ports = unsafe { k.ports.__bindgen_anon_1.ports }.to_ne_bytes();
        let (ty, code) = (k.icmp.__bindgen_anon_1.type_, k.icmp.__bindgen_anon_1.code);
        Some(FlowKeys {
            addrs,
            ports,
            icmp_type: ty,
            icmp_code: code,
            icmp_id: k.icmp.id,
        })
    }
}
