// SPDX-License-Identifier: GPL-2.0

//! rtnetlink link kinds (`struct rtnl_link_ops`) and their attribute
//! policies.

use super::bindings;
use super::sync::{zeroed, CStatic};
use crate::logic::netlink::NlType;
use kernel::error::{to_result, Result};

/// An attribute policy table of `N` entries (`struct nla_policy[N]`).
///
/// # Invariants
///
/// Every entry's range pointer, when set, points to a `'static` range.
#[repr(transparent)]
pub(crate) struct Policy<const N: usize>([bindings::nla_policy; N]);

// SAFETY: Read-only after construction; the only pointers in it are to
// immutable statics (the type invariant).
unsafe impl<const N: usize> Sync for Policy<N> {}

/// A `0..=max` range for [`NlType::U32Max`] attributes.
#[repr(transparent)]
pub(crate) struct Range(bindings::netlink_range_validation);

// SAFETY: Plain integers, never written after construction.
unsafe impl Sync for Range {}

impl Range {
    /// The range `0..=max`.
    pub(crate) const fn up_to(max: u32) -> Self {
        // SAFETY: A struct of two integers.
        let mut r: bindings::netlink_range_validation = unsafe { zeroed() };
        r.max = max as u64;
        Self(r)
    }
}

impl<const N: usize> Policy<N> {
    /// The table for `entries` (attribute, type); other slots accept
    /// anything, as C's zero entries. `range` serves `U32Max` entries.
    pub(crate) const fn new(entries: &[(u16, NlType)], range: &'static Range) -> Self {
        // SAFETY: `nla_policy` is integers and a union of pointers and
        // integers; all-zero is C's empty entry.
        let mut t: [bindings::nla_policy; N] = unsafe { zeroed() };
        let mut i = 0;
        while i < entries.len() {
            let (a, ty) = entries[i];
            let e = &mut t[a as usize];
            match ty {
                NlType::U8 => e.type_ = bindings::RB_NLA_U8 as u8,
                NlType::U16 => e.type_ = bindings::RB_NLA_U16 as u8,
                NlType::U32 => e.type_ = bindings::RB_NLA_U32 as u8,
                NlType::S32 => e.type_ = bindings::RB_NLA_S32 as u8,
                NlType::Nested => e.type_ = bindings::RB_NLA_NESTED as u8,
                NlType::Binary(len) => {
                    e.type_ = bindings::RB_NLA_BINARY as u8;
                    e.len = len;
                }
                NlType::U32Max(_) => {
                    // NLA_POLICY_FULL_RANGE(NLA_U32, range)
                    e.type_ = bindings::RB_NLA_U32 as u8;
                    e.validation_type = bindings::RB_NLA_VALIDATE_RANGE_PTR as u8;
                    e.__bindgen_anon_1.range = &range.0;
                }
            }
            i += 1;
        }
        // INVARIANT: The only range pointer set is to `range`, a static.
        Self(t)
    }

    /// The table for C.
    pub(crate) const fn as_ptr(&'static self) -> *const bindings::nla_policy {
        self.0.as_ptr()
    }
}

/// Registers a link kind (`rtnl_link_register`).
pub(crate) fn register(ops: &'static CStatic<bindings::rtnl_link_ops>) -> Result {
    // SAFETY: `ops` is a static that outlives the registration, undone by
    // `unregister` before the module goes.
    to_result(unsafe { bindings::rtnl_link_register(ops.get()) })
}

/// Unregisters a link kind; every device of that kind, in every
/// namespace, is deleted first (`rtnl_link_unregister`).
pub(crate) fn unregister(ops: &'static CStatic<bindings::rtnl_link_ops>) {
    // SAFETY: `ops` was registered by `register`.
    unsafe { bindings::rtnl_link_unregister(ops.get()) };
}
