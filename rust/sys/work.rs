// SPDX-License-Identifier: GPL-2.0

//! Workqueues and delayed work.

use super::bindings;
use super::netdev::IfName;
use kernel::prelude::*;
use kernel::types::Opaque;

/// An ordered workqueue, destroyed (after its work has run) when dropped.
///
/// # Invariants
///
/// Holds a valid workqueue that nobody else destroys.
pub(crate) struct Workqueue(core::ptr::NonNull<bindings::workqueue_struct>);

// SAFETY: Workqueues may be used and destroyed from any thread.
unsafe impl Send for Workqueue {}
// SAFETY: Queueing is thread-safe.
unsafe impl Sync for Workqueue {}

impl Workqueue {
    /// `alloc_ordered_workqueue(name, WQ_MEM_RECLAIM)`.
    pub(crate) fn new_ordered(name: &IfName) -> Result<Self> {
        // SAFETY: `name` is NUL-terminated; the core copies it.
        let wq = unsafe { bindings::rb_alloc_ordered_wq(name.as_ptr()) };
        core::ptr::NonNull::new(wq).map(Self).ok_or(ENOMEM)
    }
}

impl Drop for Workqueue {
    fn drop(&mut self) {
        // SAFETY: By the type invariant we own the workqueue; destroying
        // drains it first.
        unsafe { bindings::destroy_workqueue(self.0.as_ptr()) };
    }
}

/// A `struct delayed_work` embedded in a pinned Rust object.
#[repr(transparent)]
pub(crate) struct DelayedWork(Opaque<bindings::delayed_work>);

impl DelayedWork {
    /// Initialises the work item to run `f`.
    pub(crate) fn new(f: unsafe extern "C" fn(*mut bindings::work_struct)) -> impl PinInit<Self> {
        let init = Opaque::ffi_init(move |slot: *mut bindings::delayed_work| {
            // SAFETY: `slot` is valid, pinned memory for a delayed_work.
            unsafe { bindings::rb_init_delayed_work(slot, Some(f)) }
        });
        // SAFETY: `DelayedWork` is a transparent wrapper of the `Opaque`.
        unsafe {
            kernel::init::pin_init_from_closure(move |slot: *mut Self| {
                init.__pinned_init(slot.cast())
            })
        }
    }

    /// Cancels the work and waits for a running instance
    /// (`cancel_delayed_work_sync`); it may re-queue itself meanwhile.
    pub(crate) fn cancel_sync(&self) {
        // SAFETY: The work item is initialised; process context.
        unsafe { bindings::cancel_delayed_work_sync(self.0.get()) };
    }

    /// The `DelayedWork` a work function was called for.
    ///
    /// # Safety
    ///
    /// `work` must be the `work_struct` C passed to the function of a
    /// `DelayedWork`.
    pub(crate) unsafe fn from_work<'a>(work: *mut bindings::work_struct) -> &'a DelayedWork {
        // SAFETY: The caller's contract; the delayed_work embeds the work.
        unsafe { &*bindings::rb_to_delayed_work(work).cast::<DelayedWork>() }
    }
}

/// `msecs_to_jiffies`.
pub(crate) fn msecs_to_jiffies(ms: u32) -> u64 {
    // SAFETY: Pure function.
    unsafe { bindings::rb_msecs_to_jiffies(ms) as u64 }
}

/// The current `jiffies`.
pub(crate) fn jiffies() -> u64 {
    // SAFETY: Reads a global counter.
    unsafe { bindings::rb_jiffies() as u64 }
}

/// A workqueue installed once (in `ndo_init`) and destroyed with its owner.
///
/// # Invariants
///
/// The pointer is NULL or a workqueue owned by the slot.
pub(crate) struct WqSlot(core::sync::atomic::AtomicPtr<bindings::workqueue_struct>);

impl WqSlot {
    /// No workqueue yet.
    pub(crate) const fn new() -> Self {
        Self(core::sync::atomic::AtomicPtr::new(core::ptr::null_mut()))
    }

    /// Installs `wq` (once).
    pub(crate) fn install(&self, wq: Workqueue) {
        let p = wq.0.as_ptr();
        core::mem::forget(wq);
        let old = self.0.swap(p, core::sync::atomic::Ordering::AcqRel);
        if let Some(old) = core::ptr::NonNull::new(old) {
            drop(Workqueue(old));
        }
    }

    /// Queues `work` after `delay` jiffies, if a workqueue is installed.
    pub(crate) fn queue(&self, work: &DelayedWork, delay: u64) {
        let p = self.0.load(core::sync::atomic::Ordering::Acquire);
        if p.is_null() {
            return;
        }
        // SAFETY: By the type invariant `p` is a live workqueue; it is only
        // destroyed when the slot is dropped, which needs ownership.
        unsafe { bindings::rb_queue_delayed_work(p, work.0.get(), delay as _) };
    }
}

impl Drop for WqSlot {
    fn drop(&mut self) {
        let p = *self.0.get_mut();
        if let Some(p) = core::ptr::NonNull::new(p) {
            drop(Workqueue(p));
        }
    }
}
