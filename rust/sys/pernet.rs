// SPDX-License-Identifier: GPL-2.0

//! Network namespaces and per-namespace state (`struct pernet_operations`),
//! with an optional namespace-tagged file in /sys/class/net.

use super::bindings;
use super::c_ret;
use super::procfs::ProcDir;
use super::sysfs;
use crate::logic::show::BufWriter;
use core::cell::UnsafeCell;
use core::ffi::CStr;
use core::marker::PhantomData;
use core::sync::atomic::{AtomicBool, Ordering};
use kernel::error::{to_result, Result};
use kernel::ffi::{c_char, c_int, c_uint};
use kernel::prelude::*;
use kernel::types::Opaque;

/// A network namespace.
///
/// # Invariants
///
/// A `&Net` points to a `struct net` that stays alive for the lifetime of
/// the reference.
#[repr(transparent)]
pub(crate) struct Net(Opaque<bindings::net>);

// SAFETY: A namespace is not tied to a thread; the methods on `&Net` are
// C functions that any thread may call on a live namespace.
unsafe impl Send for Net {}
// SAFETY: As above.
unsafe impl Sync for Net {}

impl Net {
    /// Borrows a C namespace.
    ///
    /// # Safety
    ///
    /// `ptr` must point to a `struct net` that stays alive for `'a`.
    pub(crate) unsafe fn from_raw<'a>(ptr: *mut bindings::net) -> &'a Net {
        // SAFETY: `Net` is a transparent wrapper; the caller vouches for
        // the lifetime.
        unsafe { &*ptr.cast::<Net>() }
    }

    /// The C pointer.
    pub(crate) fn as_raw(&self) -> *mut bindings::net {
        self.0.get()
    }

    /// The initial namespace, which never goes away.
    pub(crate) fn init() -> &'static Net {
        // SAFETY: `init_net` is a static object.
        unsafe { Net::from_raw(bindings::rb_init_net()) }
    }

    /// The namespace's /proc/net directory.
    pub(crate) fn proc_net(&self) -> *mut bindings::proc_dir_entry {
        // SAFETY: By the type invariant the namespace is alive.
        unsafe { (*self.as_raw()).proc_net }
    }
}

/// The state of one subsystem in every namespace.
pub(crate) trait PerNet: Send + Sync + Sized + 'static {
    /// The registration, a static.
    fn ops() -> &'static PerNetOps<Self>;

    /// The state of a new namespace (pernet `init`).
    fn init(net: &Net) -> impl PinInit<Self, Error>;

    /// Before the namespace's devices go (pernet `pre_exit`).
    fn pre_exit(&self, _net: &Net) {}

    /// The namespace goes; the state is dropped afterwards (pernet `exit`).
    fn exit(&self, _net: &Net) {}

    /// The name of a file in /sys/class/net that each namespace sees as
    /// its own, shown and written by `class_show` and `class_store`.
    const CLASS_FILE: Option<&'static CStr> = None;

    /// The name of a directory in each namespace's /proc/net for files
    /// about devices (see [`PerNetOps::proc_dir`]).
    const PROC_DIR: Option<&'static CStr> = None;

    /// Could not create `PROC_DIR` in `net`; the namespace lives on.
    fn proc_dir_failed(_net: &Net) {}

    /// Could not create `CLASS_FILE` in `net` (`e`); the namespace lives on.
    fn class_file_failed(&self, _net: &Net, _e: Error) {}

    /// Reads the class file.
    fn class_show(&self, _net: &Net, _out: &mut BufWriter<'_>) {}

    /// Writes the class file.
    fn class_store(&self, _net: &Net, _input: &[u8]) -> Result {
        Err(EPERM)
    }
}

/// What `init` puts in each namespace's area.
///
/// # Invariants
///
/// `net` is the namespace whose area this is; `data` is initialised while
/// `alive` is true.
#[pin_data]
struct Area<T: PerNet> {
    net: *mut bindings::net,
    alive: AtomicBool,
    proc_dir: Option<ProcDir>,
    #[pin]
    attr: Opaque<bindings::class_attribute>,
    #[pin]
    data: T,
}

/// The registration of `T`'s per-namespace state.
///
/// # Invariants
///
/// `ops` and `id` are changed only by `register` before the ops are handed
/// to C, which `registered` guards.
pub(crate) struct PerNetOps<T: PerNet> {
    ops: UnsafeCell<bindings::pernet_operations>,
    id: UnsafeCell<c_uint>,
    registered: AtomicBool,
    _t: PhantomData<T>,
}

// SAFETY: C reads the ops while registered; Rust changes them only in
// `register`, before C sees them (type invariant).
unsafe impl<T: PerNet> Sync for PerNetOps<T> {}

impl<T: PerNet> PerNetOps<T> {
    /// The operations of `T`.
    pub(crate) const fn new() -> Self {
        // kzalloc'ed areas are aligned to at least 8 bytes.
        assert!(core::mem::align_of::<Area<T>>() <= 8);
        // SAFETY: A C struct of integers and pointers; all-zero is valid.
        let mut ops: bindings::pernet_operations = unsafe { super::sync::zeroed() };
        ops.init = Some(net_init::<T>);
        ops.pre_exit = Some(net_pre_exit::<T>);
        ops.exit = Some(net_exit::<T>);
        ops.size = core::mem::size_of::<Area<T>>();
        Self {
            ops: UnsafeCell::new(ops),
            id: UnsafeCell::new(0),
            registered: AtomicBool::new(false),
            _t: PhantomData,
        }
    }

    /// Registers the subsystem: `init` runs for every namespace.
    pub(crate) fn register(&'static self) -> Result {
        if self.registered.swap(true, Ordering::AcqRel) {
            return Err(EBUSY);
        }
        // SAFETY: Not registered, so C does not look at the ops (type
        // invariant); the static outlives the registration, undone by
        // `unregister` before the module goes.
        let r = to_result(unsafe {
            (*self.ops.get()).id = self.id.get();
            bindings::register_pernet_subsys(self.ops.get())
        });
        if r.is_err() {
            self.registered.store(false, Ordering::Release);
        }
        r
    }

    /// Undoes `register`: `exit` runs for every namespace.
    pub(crate) fn unregister(&'static self) {
        if self.registered.load(Ordering::Acquire) {
            // SAFETY: Registered by `register`.
            unsafe { bindings::unregister_pernet_subsys(self.ops.get()) };
            self.registered.store(false, Ordering::Release);
        }
    }

    /// The area of `net`.
    ///
    /// # Safety
    ///
    /// The ops must be registered and `net` alive.
    unsafe fn area(&self, net: *mut bindings::net) -> *mut Area<T> {
        // SAFETY: Registered, so the id is set and stable; `net` is alive.
        unsafe { bindings::rb_net_generic(net, *self.id.get()) }.cast()
    }

    /// The state of `net`, unless the subsystem is not registered or the
    /// namespace is past its `exit`.
    pub(crate) fn of<'a>(&'static self, net: &'a Net) -> Option<&'a T> {
        if !self.registered.load(Ordering::Acquire) {
            return None;
        }
        // SAFETY: Registered and `net` alive; the area exists from before
        // `init` until the namespace's memory goes, after every device of
        // it is gone. `data` is valid while `alive` (type invariant).
        let a = unsafe { &*self.area(net.as_raw()) };
        a.alive.load(Ordering::Acquire).then_some(&a.data)
    }

    /// The `PROC_DIR` of `net`, if it was created.
    pub(crate) fn proc_dir<'a>(&'static self, net: &'a Net) -> Option<&'a ProcDir> {
        if !self.registered.load(Ordering::Acquire) {
            return None;
        }
        // SAFETY: As in `of`.
        let a = unsafe { &*self.area(net.as_raw()) };
        if !a.alive.load(Ordering::Acquire) {
            return None;
        }
        a.proc_dir.as_ref()
    }
}

/// # Safety
///
/// Only C calls it, as the callback it is installed as, with the
/// arguments that callback's contract gives.
unsafe extern "C" fn net_init<T: PerNet>(raw: *mut bindings::net) -> c_int {
    // SAFETY: The namespace is alive while it is set up.
    let net = unsafe { Net::from_raw(raw) };
    // `net` names the field inside the initialiser.
    let ns = net;
    let init = try_pin_init!(Area::<T> {
        net: raw,
        alive: AtomicBool::new(false),
        proc_dir: None,
        attr <- Opaque::ffi_init(|a: *mut bindings::class_attribute| {
            // SAFETY: `a` points to the uninitialised field; every member
            // is set before sysfs can see it.
            unsafe {
                a.write(super::sync::zeroed());
                if let Some(name) = T::CLASS_FILE {
                    (*a).attr.name = name.as_ptr().cast();
                    (*a).attr.mode = 0o644;
                    (*a).show = Some(class_show::<T>);
                    (*a).store = Some(class_store::<T>);
                    bindings::rb_sysfs_attr_init(&raw mut (*a).attr);
                }
            }
        }),
        data <- T::init(ns),
    }? Error);
    // SAFETY: The ops are being registered or are registered (C calls
    // init only then), and `raw` is alive.
    let slot = unsafe { T::ops().area(raw) };
    // SAFETY: The area is kzalloc'ed for an `Area<T>` (size from `new`,
    // alignment checked there), unused so far, and never moves.
    if let Err(e) = unsafe { init.__pinned_init(slot) } {
        return e.to_errno();
    }
    if let Some(name) = T::PROC_DIR {
        let dir = ProcDir::mkdir(net, name);
        if dir.is_none() {
            T::proc_dir_failed(net);
        }
        // SAFETY: Initialised above and not yet `alive`: nobody else looks.
        unsafe { (*slot).proc_dir = dir };
    }
    // SAFETY: Just initialised.
    let area = unsafe { &*slot };
    area.alive.store(true, Ordering::Release);
    if T::CLASS_FILE.is_some() {
        // SAFETY: The attribute lives in the area until `exit`, after
        // `pre_exit` removed the file.
        let r = to_result(unsafe {
            bindings::netdev_class_create_file_ns(area.attr.get(), raw.cast())
        });
        if let Err(e) = r {
            area.data.class_file_failed(net, e);
        }
    }
    0
}

/// # Safety
///
/// Only C calls it, as the callback it is installed as, with the
/// arguments that callback's contract gives.
unsafe extern "C" fn net_pre_exit<T: PerNet>(raw: *mut bindings::net) {
    // SAFETY: The namespace is alive until its exit; `init` succeeded for it
    // (C calls pre_exit only then), so the area holds live data.
    let (net, area) = unsafe { (Net::from_raw(raw), &*T::ops().area(raw)) };
    if T::CLASS_FILE.is_some() {
        // SAFETY: Created (or not, which removal tolerates) by `net_init`.
        unsafe { bindings::netdev_class_remove_file_ns(area.attr.get(), raw.cast()) };
    }
    area.data.pre_exit(net);
}

/// # Safety
///
/// Only C calls it, as the callback it is installed as, with the
/// arguments that callback's contract gives.
unsafe extern "C" fn net_exit<T: PerNet>(raw: *mut bindings::net) {
    // SAFETY: As in `net_pre_exit`.
    let (net, slot) = unsafe { (Net::from_raw(raw), T::ops().area(raw)) };
    // SAFETY: As above.
    let area = unsafe { &*slot };
    area.data.exit(net);
    area.alive.store(false, Ordering::Release);
    // SAFETY: The class file is gone (pre_exit) and `alive` is false, so
    // nothing reaches the area any more; its parts go once, here.
    let dir = unsafe { (*slot).proc_dir.take() };
    if let (Some(dir), Some(name)) = (dir, T::PROC_DIR) {
        dir.remove(net, name);
    }
    // SAFETY: As above.
    unsafe { core::ptr::drop_in_place(&raw mut (*slot).data) };
}

/// The area whose class attribute is `attr`, and its namespace.
///
/// # Safety
///
/// `attr` must be the `attr` of a live `Area<T>`.
unsafe fn area_of_attr<'a, T: PerNet>(
    attr: *const bindings::class_attribute,
) -> (&'a Net, &'a Area<T>) {
    let off = core::mem::offset_of!(Area<T>, attr);
    // SAFETY: The caller's contract: `attr` is inside a live `Area<T>`,
    // whose namespace is alive while the area is (type invariant).
    unsafe {
        let area = &*attr.cast::<u8>().sub(off).cast::<Area<T>>();
        (Net::from_raw(area.net), area)
    }
}

/// # Safety
///
/// Only C calls it, as the callback it is installed as, with the
/// arguments that callback's contract gives.
unsafe extern "C" fn class_show<T: PerNet>(
    _class: *const bindings::class,
    attr: *const bindings::class_attribute,
    buf: *mut c_char,
) -> isize {
    // SAFETY: sysfs calls this for the file `net_init` made from this
    // attribute; `pre_exit` removes it (waiting for us) before `exit`.
    let (net, area) = unsafe { area_of_attr::<T>(attr) };
    // SAFETY: `buf` is the page sysfs passed.
    let mut out = unsafe { sysfs::show_buffer(buf) };
    area.data.class_show(net, &mut out);
    out.len() as isize
}

/// # Safety
///
/// Only C calls it, as the callback it is installed as, with the
/// arguments that callback's contract gives.
unsafe extern "C" fn class_store<T: PerNet>(
    _class: *const bindings::class,
    attr: *const bindings::class_attribute,
    buf: *const c_char,
    count: usize,
) -> isize {
    // SAFETY: As in `class_show`.
    let (net, area) = unsafe { area_of_attr::<T>(attr) };
    // SAFETY: `buf` and `count` are what sysfs passed.
    let input = unsafe { sysfs::store_input(buf, count) };
    c_ret::ssize_of(area.data.class_store(net, input).map(|()| count))
}
