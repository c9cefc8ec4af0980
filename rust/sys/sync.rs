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

/// A value set once (in module init) and read from anywhere afterwards.
///
/// # Invariants
///
/// `value` is initialised once `state` is `READY`, and never written again.
pub(crate) struct SetOnce<T> {
    state: core::sync::atomic::AtomicU8,
    value: UnsafeCell<core::mem::MaybeUninit<T>>,
}

const EMPTY: u8 = 0;
const WRITING: u8 = 1;
const READY: u8 = 2;

// SAFETY: The value is written by one thread only (the one that won the
// EMPTY -> WRITING exchange) before it is published with release ordering,
// and only read afterwards: shared like a `&T` between threads.
unsafe impl<T: Send + Sync> Sync for SetOnce<T> {}

impl<T> SetOnce<T> {
    /// Not set yet.
    pub(crate) const fn new() -> Self {
        Self {
            state: core::sync::atomic::AtomicU8::new(EMPTY),
            value: UnsafeCell::new(core::mem::MaybeUninit::uninit()),
        }
    }

    /// Sets the value; false (and `v` dropped) if it was set already.
    pub(crate) fn set(&self, v: T) -> bool {
        use core::sync::atomic::Ordering;
        if self
            .state
            .compare_exchange(EMPTY, WRITING, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            return false;
        }
        // SAFETY: Only the thread that moved the state to WRITING writes,
        // and no reader looks before READY.
        unsafe { (*self.value.get()).write(v) };
        self.state.store(READY, Ordering::Release);
        true
    }

    /// The value, once set.
    pub(crate) fn get(&self) -> Option<&T> {
        if self.state.load(core::sync::atomic::Ordering::Acquire) != READY {
            return None;
        }
        // SAFETY: READY: initialised and never written again (invariant).
        Some(unsafe { (*self.value.get()).assume_init_ref() })
    }
}

/// The backend of [`SpinLockBh`]: `spin_lock_bh` and `spin_unlock_bh`.
pub(crate) struct BhBackend;

// SAFETY: `spin_lock_bh` excludes every other holder, on other CPUs and in
// softirq on this one, until `spin_unlock_bh`; `init` initialises the
// spinlock (with its lockdep class) before any use, as `Lock::new` does.
unsafe impl kernel::sync::lock::Backend for BhBackend {
    type State = kernel::bindings::spinlock_t;
    type GuardState = ();

    unsafe fn init(
        ptr: *mut Self::State,
        name: *const kernel::ffi::c_char,
        key: *mut kernel::bindings::lock_class_key,
    ) {
        // SAFETY: The caller passes valid memory for the lock and a name
        // and key that live as long as it.
        unsafe { kernel::bindings::__spin_lock_init(ptr, name, key) }
    }

    unsafe fn lock(ptr: *mut Self::State) -> Self::GuardState {
        // SAFETY: The caller passes an initialised lock; our bindings name
        // the same C type.
        unsafe { super::bindings::rb_spin_lock_bh(ptr.cast()) }
    }

    unsafe fn unlock(ptr: *mut Self::State, _guard_state: &Self::GuardState) {
        // SAFETY: The caller holds the lock, taken by `lock` above.
        unsafe { super::bindings::rb_spin_unlock_bh(ptr.cast()) }
    }
}

/// A spinlock that process context and softirq (the receive path) can both
/// take: bottom halves are off while it is held (bonding.ko's `mode_lock`).
pub(crate) type SpinLockBh<T> = kernel::sync::lock::Lock<T, BhBackend>;

/// A new [`SpinLockBh`] with its own lockdep class, named by the caller.
#[macro_export]
macro_rules! new_spinlock_bh {
    ($inner:expr, $name:literal) => {
        kernel::sync::lock::Lock::<_, $crate::sys::sync::BhBackend>::new(
            $inner,
            kernel::c_str!($name),
            kernel::static_lock_class!(),
        )
    };
}
