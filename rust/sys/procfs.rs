// SPDX-License-Identifier: GPL-2.0

//! /proc/net entries and seq_file output.

use super::bindings;
use super::netdev::IfName;
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

    /// Creates a seq_file `name` in this directory with `data` for `ops`.
    ///
    /// # Safety
    ///
    /// `data` must stay valid until `remove_entry` removes the file.
    pub(crate) unsafe fn create_seq(
        &self,
        name: &IfName,
        ops: &'static bindings::seq_operations,
        data: *mut kernel::ffi::c_void,
    ) -> bool {
        // SAFETY: By the type invariant the directory is live; `ops` is
        // static and the caller keeps `data` valid.
        let e = unsafe {
            bindings::proc_create_seq_private(name.as_ptr(), 0o444, self.0.as_ptr(), ops, 0, data)
        };
        !e.is_null()
    }

    /// Removes the file `name` from this directory; waits for readers.
    pub(crate) fn remove_entry(&self, name: &IfName) {
        // SAFETY: By the type invariant the directory is live.
        unsafe { bindings::remove_proc_entry(name.as_ptr(), self.0.as_ptr()) };
    }
}

/// The `data` given to `create_seq`, from a seq_file callback.
///
/// # Safety
///
/// `seq` must be a seq_file opened on an entry made by `create_seq`.
pub(crate) unsafe fn seq_data(seq: *mut bindings::seq_file) -> *mut kernel::ffi::c_void {
    // SAFETY: seq_files of proc entries have a file whose inode carries the
    // entry's data.
    unsafe { bindings::rb_pde_data(bindings::rb_file_inode((*seq).file)) }
}

/// A seq_file being shown, as a `fmt::Write`.
pub(crate) struct SeqWriter(*mut bindings::seq_file);

impl SeqWriter {
    /// Wraps the seq_file of a `show` callback.
    ///
    /// # Safety
    ///
    /// `seq` must be the seq_file passed to the running `show` callback.
    pub(crate) unsafe fn new(seq: *mut bindings::seq_file) -> Self {
        Self(seq)
    }
}

impl fmt::Write for SeqWriter {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        // SAFETY: By `new`'s contract the seq_file is live for this call; the
        // slice is valid for `s.len()` bytes. Overflow is handled by seq_file
        // itself (it retries with a larger buffer).
        unsafe { bindings::seq_write(self.0, s.as_ptr().cast(), s.len()) };
        Ok(())
    }
}
