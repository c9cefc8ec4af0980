// SPDX-License-Identifier: GPL-2.0

//! Workqueues and delayed work.

use super::bindings;
use super::netdev::IfName;
use core::marker::PhantomData;
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

/// What a delayed work embedded in `Self` as work `ID` does.
pub(crate) trait WorkItem<const ID: u64>: HasDelayedWork<ID> + Sync + Sized {
    /// Runs in process context on the owner's workqueue.
    fn run(&self);
}

/// A type with a [`DelayedWork`] field for work `ID`. Implemented by
/// [`impl_has_delayed_work!`], which checks the field.
///
/// # Safety
///
/// `OFFSET` must be the offset in `Self` of a `DelayedWork<Self, ID>`, and
/// the owner must cancel that work (or drop it: dropping cancels) before
/// dropping anything its [`WorkItem::run`] uses.
pub(crate) unsafe trait HasDelayedWork<const ID: u64> {
    /// Offset of the work in `Self`.
    const OFFSET: usize;
}

/// Implements [`HasDelayedWork`] for `$owner`'s field `$field`, a
/// `DelayedWork<$owner, $id>`, that `$owner` cancels before dropping
/// what the work uses.
macro_rules! impl_has_delayed_work {
    ($owner:ty, $id:expr, $field:ident) => {
        // SAFETY: The offset is the field's, and the function below only
        // compiles if the field is a `DelayedWork<$owner, $id>`. The owner
        // (the macro's caller) cancels it before dropping what it uses.
        #[allow(unsafe_code)]
        unsafe impl $crate::sys::work::HasDelayedWork<{ $id }> for $owner {
            const OFFSET: usize = {
                #[allow(dead_code)]
                fn field_type(o: &$owner) -> &$crate::sys::work::DelayedWork<$owner, { $id }> {
                    &o.$field
                }
                core::mem::offset_of!($owner, $field)
            };
        }
    };
}
pub(crate) use impl_has_delayed_work;

/// A `struct delayed_work` embedded in a pinned `T`, running
/// `<T as WorkItem<ID>>::run` on it. Dropping it cancels it.
///
/// # Invariants
///
/// `work` was initialised by `new` with `run::<T, ID>` as its function and
/// is embedded in a `T` at the offset `HasDelayedWork<ID>` gives; it does
/// not move (the owner is pinned).
#[repr(transparent)]
pub(crate) struct DelayedWork<T, const ID: u64> {
    work: Opaque<bindings::delayed_work>,
    _owner: PhantomData<fn(&T)>,
}

// SAFETY: The C workqueue API queues, runs and cancels a work item from
// any thread; Rust never touches the C struct itself.
unsafe impl<T, const ID: u64> Send for DelayedWork<T, ID> {}
// SAFETY: As above: every method takes `&self` and goes through C.
unsafe impl<T, const ID: u64> Sync for DelayedWork<T, ID> {}

impl<T: WorkItem<ID>, const ID: u64> DelayedWork<T, ID> {
    /// Initialises the work item.
    pub(crate) fn new() -> impl PinInit<Self> {
        let init = Opaque::ffi_init(move |slot: *mut bindings::delayed_work| {
            // SAFETY: `slot` is valid, pinned memory for a delayed_work.
            unsafe { bindings::rb_init_delayed_work(slot, Some(run::<T, ID>)) }
        });
        // SAFETY: `DelayedWork` is a transparent wrapper of the `Opaque`.
        unsafe {
            kernel::init::pin_init_from_closure(move |slot: *mut Self| {
                init.__pinned_init(slot.cast())
            })
        }
    }
}

impl<T, const ID: u64> DelayedWork<T, ID> {
    /// Cancels the work and waits for a running instance
    /// (`cancel_delayed_work_sync`); it may re-queue itself meanwhile.
    pub(crate) fn cancel_sync(&self) {
        // SAFETY: The work item is initialised; process context.
        unsafe { bindings::cancel_delayed_work_sync(self.work.get()) };
    }
}

impl<T, const ID: u64> Drop for DelayedWork<T, ID> {
    fn drop(&mut self) {
        self.cancel_sync();
    }
}

/// The work function of every `DelayedWork<T, ID>`.
///
/// # Safety
///
/// Called by the workqueue for the `work_struct` of a `DelayedWork<T, ID>`.
unsafe extern "C" fn run<T: WorkItem<ID>, const ID: u64>(work: *mut bindings::work_struct) {
    // SAFETY: The delayed_work embeds `work`; it is the first (only) field
    // of a `DelayedWork<T, ID>` at `T::OFFSET` in a live `T` (the contract
    // of `HasDelayedWork`: it is not dropped before the work is cancelled).
    let owner = unsafe {
        let dw = bindings::rb_to_delayed_work(work).cast::<u8>();
        &*dw.sub(<T as HasDelayedWork<ID>>::OFFSET).cast::<T>()
    };
    owner.run();
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
    pub(crate) fn queue<T, const ID: u64>(&self, work: &DelayedWork<T, ID>, delay: u64) {
        let p = self.0.load(core::sync::atomic::Ordering::Acquire);
        if p.is_null() {
            return;
        }
        // SAFETY: By the type invariant `p` is a live workqueue; it is only
        // destroyed when the slot is dropped, which needs ownership.
        unsafe { bindings::rb_queue_delayed_work(p, work.work.get(), delay as _) };
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
