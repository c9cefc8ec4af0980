// SPDX-License-Identifier: GPL-2.0

//! What the 6.12 `KVec` lacks.

use kernel::alloc::KVec;

/// Removes and returns element `i`, shifting the rest down (`Vec::remove`).
pub(crate) fn remove<T>(v: &mut KVec<T>, i: usize) -> Option<T> {
    let len = v.len();
    if i >= len {
        return None;
    }
    v.as_mut_slice()[i..].rotate_left(1);
    // SAFETY: `len - 1 < len` is in bounds and initialised; after the read
    // the length drops so that the moved-out value is never dropped twice.
    unsafe {
        let x = core::ptr::read(v.as_ptr().add(len - 1));
        v.set_len(len - 1);
        Some(x)
    }
}
