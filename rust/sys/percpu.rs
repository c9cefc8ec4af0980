// SPDX-License-Identifier: GPL-2.0

//! A per-CPU `u32` counter, as balance-rr counts packets
//! (`this_cpu_inc_return`).

use super::bindings;
use core::sync::atomic::{AtomicPtr, Ordering};
use kernel::error::{code::ENOMEM, Result};

/// A per-CPU counter, allocated once and read without locks.
///
/// # Invariants
///
/// The pointer is NULL or a live `alloc_percpu(u32)` allocation owned by
/// this value; once set it does not change until the value is dropped.
pub(crate) struct PerCpuCounter(AtomicPtr<u32>);

impl PerCpuCounter {
    /// No counter yet: `inc_return` counts nothing and returns 0.
    pub(crate) const fn none() -> Self {
        Self(AtomicPtr::new(core::ptr::null_mut()))
    }

    /// Allocates the counter (all CPUs at zero). Called once, before any
    /// `inc_return`.
    pub(crate) fn alloc(&self) -> Result {
        // SAFETY: A plain allocation of one zeroed `u32` per CPU.
        let p = unsafe { bindings::rb_alloc_percpu_u32() };
        if p.is_null() {
            return Err(ENOMEM);
        }
        if self
            .0
            .compare_exchange(
                core::ptr::null_mut(),
                p,
                Ordering::Release,
                Ordering::Relaxed,
            )
            .is_err()
        {
            // SAFETY: Allocated above and never published.
            unsafe { bindings::free_percpu(p.cast()) };
        }
        Ok(())
    }

    /// Adds one on this CPU and returns the new value.
    pub(crate) fn inc_return(&self) -> u32 {
        let p = self.0.load(Ordering::Acquire);
        if p.is_null() {
            return 0;
        }
        // SAFETY: By the type invariant `p` is a live per-CPU allocation;
        // the helper disables preemption around the increment.
        unsafe { bindings::rb_this_cpu_inc_return_u32(p) }
    }
}

impl Drop for PerCpuCounter {
    fn drop(&mut self) {
        let p = *self.0.get_mut();
        if !p.is_null() {
            // SAFETY: By the type invariant we own the allocation; `&mut
            // self` means no reader is left.
            unsafe { bindings::free_percpu(p.cast()) };
        }
    }
}
