// SPDX-License-Identifier: GPL-2.0

//! RCU: a read-side guard, grace periods, and a published pointer.

use super::bindings;
use super::rtnl::Rtnl;
use core::marker::PhantomData;
use core::sync::atomic::{AtomicPtr, Ordering};
use kernel::prelude::*;
use kernel::sync::{Arc, ArcBorrow};
use kernel::types::Opaque;

/// An RCU read-side critical section, held until dropped.
///
/// # Invariants
///
/// `rcu_read_lock` was called on this thread by `new` (the guard is
/// neither `Send` nor `Sync`; the pointer type only makes it so).
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

/// Waits for every callback queued by `call_rcu` (`rcu_barrier`): the
/// module's callbacks must have run before its code goes away.
pub(crate) fn barrier() {
    // SAFETY: Plain FFI call from process context.
    unsafe { bindings::rcu_barrier() };
}

/// An `Arc<T>` published to RCU readers and replaced with RTNL held, as
/// bonding.ko's `__rcu` pointers. A replaced value is released after a
/// grace period without blocking (as `kfree_rcu`); its last reference may
/// then be dropped in softirq context, so `T`'s drop must not sleep.
///
/// # Invariants
///
/// `ptr` is NULL or comes from `Arc::into_raw` and owns that reference. A
/// reference that `ptr` owned is released only after a grace period that
/// started after `ptr` stopped pointing to it.
pub(crate) struct RcuArc<T: Send + Sync + 'static> {
    ptr: AtomicPtr<T>,
    _owns: PhantomData<Arc<T>>,
}

impl<T: Send + Sync + 'static> RcuArc<T> {
    /// Nothing published.
    pub(crate) const fn null() -> Self {
        Self {
            ptr: AtomicPtr::new(core::ptr::null_mut()),
            _owns: PhantomData,
        }
    }

    /// Reads the value under an RCU read lock (`rcu_dereference`).
    pub(crate) fn get<'g>(&self, _rcu: &'g RcuGuard) -> Option<&'g T> {
        let p = self.ptr.load(Ordering::Acquire);
        // SAFETY: By the type invariant a value read from `ptr` keeps its
        // reference until a grace period after it is replaced, which
        // cannot end while the guard (borrowed for 'g) is held.
        unsafe { p.as_ref() }
    }

    /// A new reference to the value, if any.
    pub(crate) fn get_arc(&self) -> Option<Arc<T>> {
        let rcu = RcuGuard::new();
        let p = self.ptr.load(Ordering::Acquire);
        if p.is_null() {
            return None;
        }
        // SAFETY: `p` came from `Arc::into_raw` (type invariant) and its
        // reference is held until a grace period after it is replaced,
        // which cannot end while `rcu` is held, so the count is not zero.
        let b = unsafe { ArcBorrow::from_raw(p) };
        let a = Arc::from(b);
        drop(rcu);
        Some(a)
    }

    /// Whether `v` is the published value (an address comparison).
    pub(crate) fn is(&self, v: &T) -> bool {
        core::ptr::eq(self.ptr.load(Ordering::Relaxed), v)
    }

    /// Publishes `new` (`rcu_assign_pointer`) and releases the old value
    /// after a grace period.
    pub(crate) fn replace(&self, _rtnl: &Rtnl, new: Option<Arc<T>>) {
        let p = new.map_or(core::ptr::null_mut(), |a| Arc::into_raw(a).cast_mut());
        let old = self.ptr.swap(p, Ordering::AcqRel);
        if !old.is_null() {
            // SAFETY: `old` owned a reference from `Arc::into_raw` (type
            // invariant); it is no longer published, so ownership moves here.
            drop_after_grace_period(unsafe { Arc::from_raw(old) });
        }
    }
}

impl<T: Send + Sync + 'static> Drop for RcuArc<T> {
    fn drop(&mut self) {
        let old = *self.ptr.get_mut();
        if !old.is_null() {
            // SAFETY: As in `replace`: readers may still hold the value.
            drop_after_grace_period(unsafe { Arc::from_raw(old) });
        }
    }
}

/// A reference parked until a grace period has passed.
///
/// # Invariants
///
/// Lives in a leaked `KBox` from `drop_after_grace_period` until
/// `free_deferred` frees it; `head` is queued with `call_rcu`.
#[repr(C)]
struct Deferred<T: Send + Sync + 'static> {
    /// First, so that the callback finds the `Deferred` from the head.
    head: Opaque<bindings::callback_head>,
    val: Arc<T>,
}

/// Drops `val` after a grace period (`call_rcu`), or, short of memory,
/// waits for one (process context only).
pub(crate) fn drop_after_grace_period<T: Send + Sync + 'static>(val: Arc<T>) {
    let Ok(slot) = KBox::<Deferred<T>>::new_uninit(GFP_KERNEL) else {
        synchronize();
        drop(val);
        return;
    };
    let d = slot.write(Deferred {
        head: Opaque::uninit(),
        val,
    });
    let raw = KBox::into_raw(d);
    // SAFETY: `raw` is a live `Deferred<T>` whose head `call_rcu`
    // initialises; `free_deferred::<T>` frees it once, after a grace
    // period. The module waits for such callbacks in `barrier` before
    // unloading.
    unsafe { bindings::call_rcu((*raw).head.get(), Some(free_deferred::<T>)) };
}

/// # Safety
///
/// Called by RCU once for a head queued by `drop_after_grace_period::<T>`.
unsafe extern "C" fn free_deferred<T: Send + Sync + 'static>(head: *mut bindings::callback_head) {
    // SAFETY: `head` is the first field of a `#[repr(C)]` `Deferred<T>`
    // leaked from a `KBox` by `drop_after_grace_period`.
    drop(unsafe { KBox::from_raw(head.cast::<Deferred<T>>()) });
}
