// SPDX-License-Identifier: GPL-2.0

//! /proc/net entries and seq_file output.

use super::bindings;
use super::netdev::{IfName, NetDev};
use super::netdev_ops::{NetDevOps, NetDevice};
use core::fmt;
use core::ptr::NonNull;

/// A /proc directory created by `mkdir`.
///
/// # Invariants
///
/// Points to a live `proc_dir_entry` created by `proc_mkdir` and removed only
/// by `remove`.
pub(crate) struct ProcDir(NonNull<bindings::proc_dir_entry>);

// SAFETY: proc entries are reference counted by procfs and may be used from
// any thread.
unsafe impl Send for ProcDir {}
// SAFETY: As above; `ProcDir` offers no interior mutation.
unsafe impl Sync for ProcDir {}

impl ProcDir {
    /// Creates `/proc/net/<name>` in namespace `net`.
    pub(crate) fn mkdir(net: *mut bindings::net, name: &core::ffi::CStr) -> Option<ProcDir> {
        // SAFETY: `net` is alive (the caller is its pernet init); `proc_net`
        // is its /proc/net directory.
        let dir = unsafe { bindings::proc_mkdir(name.as_ptr().cast(), (*net).proc_net) };
        NonNull::new(dir).map(ProcDir)
    }

    /// Removes the directory `name` of namespace `net` (it must be empty and
    /// not used afterwards).
    pub(crate) fn remove(&self, net: *mut bindings::net, name: &core::ffi::CStr) {
        // SAFETY: By the type invariant the entry exists under /proc/net.
        unsafe { bindings::remove_proc_entry(name.as_ptr().cast(), (*net).proc_net) };
    }

    /// Creates a file `name` in this directory that shows `dev`, one of
    /// `T`'s devices, by `T::proc_show`.
    ///
    /// # Safety
    ///
    /// The file must be removed (`remove_entry`) before `dev` is freed.
    pub(crate) unsafe fn create_dev_file<T: ProcShow>(&self, name: &IfName, dev: &NetDev) -> bool {
        // SAFETY: By the type invariant the directory is live; the ops are
        // static and the caller keeps `dev` alive while the file exists.
        let e = unsafe {
            bindings::proc_create_seq_private(
                name.as_ptr(),
                0o444,
                self.0.as_ptr(),
                &SeqOps::<T>::OPS,
                0,
                dev.as_raw().cast(),
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
    // SAFETY: seq_files of proc entries have a file whose inode carries the
    // entry's data: the device given to `create_dev_file`, alive while the
    // file exists (its contract).
    let dev = unsafe {
        NetDev::from_raw(bindings::rb_pde_data(bindings::rb_file_inode((*seq).file)).cast())
    };
    let Some(this) = NetDevOps::<T>::priv_of(dev) else {
        return 0;
    };
    let mut out = SeqWriter(seq);
    this.proc_show(dev, &mut out);
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
