// SPDX-License-Identifier: GPL-2.0

//! The RTNL lock as a type: functions that change configuration take `&Rtnl`.

use super::bindings;
use core::marker::PhantomData;

/// Proof that the caller holds the RTNL mutex.
///
/// # Invariants
///
/// A `&Rtnl` only exists while the current thread holds RTNL.
pub(crate) struct Rtnl(PhantomData<*mut ()>);

/// Holds RTNL until dropped.
pub(crate) struct RtnlGuard(Rtnl);

impl Rtnl {
    /// Takes RTNL, sleeping if needed.
    pub(crate) fn lock() -> RtnlGuard {
        // SAFETY: Plain FFI call; released when the guard drops.
        unsafe { bindings::rtnl_lock() };
        RtnlGuard(Rtnl(PhantomData))
    }

    /// Takes RTNL if it is free.
    pub(crate) fn try_lock() -> Option<RtnlGuard> {
        // SAFETY: Plain FFI call; on success released when the guard drops.
        if unsafe { bindings::rtnl_trylock() } != 0 {
            Some(RtnlGuard(Rtnl(PhantomData)))
        } else {
            None
        }
    }

    /// The token for code that C calls with RTNL held.
    ///
    /// # Safety
    ///
    /// RTNL must be held by the current thread for all of `'a`.
    pub(crate) unsafe fn assume_held<'a>() -> &'a Rtnl {
        // SAFETY: Plain FFI call.
        debug_assert!(unsafe { bindings::rtnl_is_locked() } != 0);
        &Rtnl(PhantomData)
    }
}

impl core::ops::Deref for RtnlGuard {
    type Target = Rtnl;
    fn deref(&self) -> &Rtnl {
        &self.0
    }
}

impl Drop for RtnlGuard {
    fn drop(&mut self) {
        // SAFETY: By the type invariant this thread holds RTNL.
        unsafe { bindings::rtnl_unlock() };
    }
}

/// The errno that asks the VFS to restart a syscall (sysfs stores that could
/// not take RTNL without blocking, as bonding.ko does).
pub(crate) fn restart_syscall() -> kernel::error::Error {
    // SAFETY: Plain FFI call; it only sets a thread flag.
    kernel::error::Error::from_errno(unsafe { bindings::rb_restart_syscall() })
}

/// A value that is only read and written with RTNL held, like bonding.ko's
/// RTNL-protected fields. `Copy` values only: no reference ever escapes, so
/// two holders of `&Rtnl` on one thread cannot alias a `&mut`.
pub(crate) struct RtnlCell<T: Copy>(core::cell::UnsafeCell<T>);

// SAFETY: Every access requires `&Rtnl`, i.e. holding the RTNL mutex, which
// serialises all threads.
unsafe impl<T: Copy + Send> Sync for RtnlCell<T> {}

impl<T: Copy> RtnlCell<T> {
    /// Wraps `v`.
    pub(crate) const fn new(v: T) -> Self {
        Self(core::cell::UnsafeCell::new(v))
    }

    /// Reads the value.
    pub(crate) fn get(&self, _rtnl: &Rtnl) -> T {
        // SAFETY: RTNL is held, so no other thread accesses the cell; no
        // reference into it exists (only copies leave).
        unsafe { *self.0.get() }
    }

    /// Replaces the value.
    pub(crate) fn set(&self, _rtnl: &Rtnl, v: T) {
        // SAFETY: As in `get`.
        unsafe { *self.0.get() = v };
    }
}
