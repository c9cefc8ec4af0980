// SPDX-License-Identifier: GPL-2.0

//! RCU: a read-side guard, grace periods, and a published pointer.

use super::bindings;
use super::rtnl::Rtnl;
use core::marker::PhantomData;
use core::sync::atomic::{AtomicPtr, Ordering};

/// An RCU read-side critical section, held until dropped.
pub(crate) struct RcuGuard(PhantomData<*mut ()>);

impl RcuGuard {
    /// `rcu_read_lock()`.
    pub(crate) fn new() -> Self {
        // SAFETY: Plain FFI call; undone on drop on this same thread (the
        // guard is neither Send nor Sync).
        unsafe { bindings::rb_rcu_read_lock() };
        Self(PhantomData)
    }
}

impl Drop for RcuGuard {
    fn drop(&mut self) {
        // SAFETY: Paired with the lock in `new`.
        unsafe { bindings::rb_rcu_read_unlock() };
    }
}

/// Waits for all RCU readers that started before (`synchronize_rcu`).
pub(crate) fn synchronize() {
    // SAFETY: Plain FFI call from process context.
    unsafe { bindings::synchronize_rcu() };
}

/// A pointer published to RCU readers and replaced with RTNL held, as
/// bonding.ko's `__rcu` slave pointers.
///
/// # Invariants
///
/// The pointee is valid while the pointer is published and, after it is
/// replaced, until the writer has waited for a grace period.
pub(crate) struct RcuPtr<T>(AtomicPtr<T>);

impl<T> RcuPtr<T> {
    /// A NULL pointer.
    pub(crate) const fn null() -> Self {
        Self(AtomicPtr::new(core::ptr::null_mut()))
    }

    /// Reads the pointer under an RCU read lock (`rcu_dereference`).
    pub(crate) fn get<'g>(&self, _rcu: &'g RcuGuard) -> Option<&'g T> {
        let p = self.0.load(Ordering::Acquire);
        // SAFETY: By the type invariant a published pointee stays valid
        // until a grace period after it is replaced, which cannot end while
        // the guard (borrowed for 'g) is held.
        unsafe { p.as_ref() }
    }

    /// Reads the pointer as the writer (`rtnl_dereference`).
    pub(crate) fn get_rtnl<'r>(&self, _rtnl: &'r Rtnl) -> Option<&'r T> {
        let p = self.0.load(Ordering::Relaxed);
        // SAFETY: Only RTNL holders replace the pointer and free old
        // pointees, and they wait for RTNL to do so.
        unsafe { p.as_ref() }
    }

    /// Publishes `p` (`rcu_assign_pointer`). The old pointee must stay
    /// valid until the caller has waited for a grace period.
    ///
    /// # Safety
    ///
    /// `p`, if not NULL, must stay valid until it is replaced and a grace
    /// period has passed.
    pub(crate) unsafe fn set(&self, _rtnl: &Rtnl, p: *const T) {
        self.0.store(p.cast_mut(), Ordering::Release);
    }
}

impl<T> RcuPtr<T> {
    /// Takes the pointer out when no reader can exist any more (the owner
    /// is being destroyed).
    pub(crate) fn take_unpublished(&self) -> *mut T {
        self.0.swap(core::ptr::null_mut(), Ordering::AcqRel)
    }
}
