// SPDX-License-Identifier: GPL-2.0

//! Small helpers for C objects that live in Rust statics.

use core::cell::UnsafeCell;

/// A C object in a `static` that the C side may write (e.g. the id field of
/// `pernet_operations`) or that holds raw pointers.
///
/// # Invariants
///
/// Rust code only hands out raw pointers to the contents; every access
/// through them is done by C, under C's own rules, or by Rust in an `unsafe`
/// block that states why it does not race.
#[repr(transparent)]
pub(crate) struct CStatic<T>(UnsafeCell<T>);

// SAFETY: By the type invariant, Rust never creates references to the
// contents, so sharing the wrapper between threads cannot race in Rust.
unsafe impl<T> Sync for CStatic<T> {}

impl<T> CStatic<T> {
    /// Wraps `value`.
    pub(crate) const fn new(value: T) -> Self {
        Self(UnsafeCell::new(value))
    }

    /// A raw pointer to the C object.
    pub(crate) const fn get(&self) -> *mut T {
        self.0.get()
    }
}

/// An all-zero C struct, as C's `= { }` gives.
///
/// # Safety
///
/// All-zero bytes must be a valid value of `T` (true for bindgen structs of
/// integers, raw pointers and `Option<fn>`).
pub(crate) const unsafe fn zeroed<T>() -> T {
    // SAFETY: The caller guarantees all-zero is a valid `T`.
    unsafe { core::mem::zeroed() }
}
