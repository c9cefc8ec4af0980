// SPDX-License-Identifier: GPL-2.0

//! /proc/net entries and seq_file output.

use super::bindings;
use super::netdev::{IfName, NetDev};
use super::netdev_ops::{NetDevOps, NetDevice};
use super::pernet::Net;
use core::fmt;
use core::ptr::NonNull;

/// A directory in a namespace's /proc/net whose files show devices of
/// that namespace.
///
/// # Invariants
///
/// Points to a live `proc_dir_entry` made by `mkdir`, whose data is its
/// namespace; only `sys::pernet` makes one, and removes it with its files
/// (`remove`) before the namespace goes.
pub(crate) struct ProcDir(NonNull<bindings::proc_dir_entry>);

// SAFETY: proc entries are reference counted by procfs and may be used from
// any thread.
unsafe impl Send for ProcDir {}
// SAFETY: As above; `ProcDir` offers no interior mutation.
unsafe impl Sync for ProcDir {}

impl ProcDir {
    /// Creates `/proc/net/<name>` in `net`.
    pub(super) fn mkdir(net: &Net, name: &'static core::ffi::CStr) -> Option<ProcDir> {
        // SAFETY: `proc_net` of a live namespace is its /proc/net; the data
        // (the namespace) outlives the directory (type invariant).
        let dir = unsafe {
            bindings::proc_mkdir_data(name.as_ptr().cast(), 0, net.proc_net(), net.as_raw().cast())
        };
        NonNull::new(dir).map(ProcDir)
    }

    /// Removes the directory `name` of `net` and what is in it (waits for
    /// readers).
    pub(super) fn remove(self, net: &Net, name: &'static core::ffi::CStr) {
        // SAFETY: By the type invariant the entry exists under /proc/net.
        unsafe { bindings::remove_proc_subtree(name.as_ptr().cast(), net.proc_net()) };
    }

    /// Creates a file `name` in this directory that shows `dev`, one of
    /// `T`'s devices, by `T::proc_show`. Returns whether it was created.
    pub(crate) fn create_dev_file<T: ProcShow>(&self, name: &IfName, dev: &NetDev) -> bool {
        // SAFETY: By the type invariant the directory is live; the ops are
        // static. The file's data is the ifindex, not a pointer: `seq_show`
        // looks the device up, so the file may outlive the device.
        let e = unsafe {
            bindings::proc_create_seq_private(
                name.as_ptr(),
                0o444,
                self.0.as_ptr(),
                &SeqOps::<T>::OPS,
                0,
                dev.ifindex() as usize as *mut kernel::ffi::c_void,
            )
        };
        !e.is_null()
    }

    /// Removes the file `name` from this directory; waits for readers.
    pub(crate) fn remove_entry(&self, name: &IfName) {
        // SAFETY: By the type invariant the directory is live.
        unsafe { bindings::remove_proc_entry(name.as_ptr(), self.0.as_ptr()) };
    }
}

/// A single-record seq_file about one of the driver's devices.
pub(crate) trait ProcShow: NetDevice {
    /// Writes the file.
    fn proc_show(&self, dev: &NetDev, out: &mut SeqWriter);
}

struct SeqOps<T>(core::marker::PhantomData<T>);

impl<T: ProcShow> SeqOps<T> {
    const OPS: bindings::seq_operations = {
        // SAFETY: A C struct of optional function pointers.
        let mut ops: bindings::seq_operations = unsafe { super::sync::zeroed() };
        ops.start = Some(seq_start);
        ops.next = Some(seq_next);
        ops.stop = Some(seq_stop);
        ops.show = Some(seq_show::<T>);
        ops
    };
}

/// `SEQ_START_TOKEN`.
const START: *mut kernel::ffi::c_void = 1 as *mut kernel::ffi::c_void;

/// # Safety
///
/// Only C calls it, as the callback it is installed as, with the
/// arguments that callback's contract gives.
unsafe extern "C" fn seq_start(
    _seq: *mut bindings::seq_file,
    pos: *mut bindings::loff_t,
) -> *mut kernel::ffi::c_void {
    // SAFETY: seq_file passes a valid position.
    if unsafe { *pos } == 0 {
        START
    } else {
        core::ptr::null_mut()
    }
}

/// # Safety
///
/// Only C calls it, as the callback it is installed as, with the
/// arguments that callback's contract gives.
unsafe extern "C" fn seq_next(
    _seq: *mut bindings::seq_file,
    _v: *mut kernel::ffi::c_void,
    pos: *mut bindings::loff_t,
) -> *mut kernel::ffi::c_void {
    // SAFETY: seq_file passes a valid position.
    unsafe { *pos += 1 };
    core::ptr::null_mut()
}

/// # Safety
///
/// Only C calls it, as the callback it is installed as, with the
/// arguments that callback's contract gives.
unsafe extern "C" fn seq_stop(_seq: *mut bindings::seq_file, _v: *mut kernel::ffi::c_void) {}

/// # Safety
///
/// Only C calls it, as the callback it is installed as, with the
/// arguments that callback's contract gives.
unsafe extern "C" fn seq_show<T: ProcShow>(
    seq: *mut bindings::seq_file,
    _v: *mut kernel::ffi::c_void,
) -> kernel::ffi::c_int {
    // SAFETY: seq_files of proc entries have a file whose inode is the
    // entry's; the file is in a `ProcDir`, whose data is its namespace,
    // alive while the directory (being read) exists. The file's data is an
    // ifindex (`create_dev_file`).
    let (net, ifindex) = unsafe {
        let inode = bindings::rb_file_inode((*seq).file);
        (
            Net::from_raw(bindings::proc_get_parent_data(inode).cast()),
            bindings::rb_pde_data(inode) as usize as i32,
        )
    };
    let Some(dev) = super::netdev::dev_get_by_index_ref(net, ifindex) else {
        return 0;
    };
    let Some(this) = NetDevOps::<T>::priv_of(&dev) else {
        return 0;
    };
    let mut out = SeqWriter(seq);
    this.proc_show(&dev, &mut out);
    0
}

/// A seq_file being shown, as a `fmt::Write`.
///
/// # Invariants
///
/// Holds the seq_file of the running `show` callback (only `seq_show`
/// makes one).
pub(crate) struct SeqWriter(*mut bindings::seq_file);

impl fmt::Write for SeqWriter {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        // SAFETY: By the type invariant the seq_file is live for this call; the
        // slice is valid for `s.len()` bytes. Overflow is handled by seq_file
        // itself (it retries with a larger buffer).
        unsafe { bindings::seq_write(self.0, s.as_ptr().cast(), s.len()) };
        Ok(())
    }
}
