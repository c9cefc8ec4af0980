// SPDX-License-Identifier: GPL-2.0

//! A plain sysfs directory under a device (a dynamic kobject), with files.

use super::bindings;
use super::netdev::NetDev;
use super::sync::{zeroed, CStatic};
use super::sysfs::AttrSpec;
use crate::logic::show::BufWriter;
use kernel::prelude::*;

/// A directory `name` under a device's sysfs directory.
///
/// # Invariants
///
/// Holds the only reference we took on a kobject made by
/// `kobject_create_and_add`; dropping it removes the directory (waiting for
/// running `show` calls) and frees the kobject once sysfs lets go.
pub(crate) struct SysfsDir(core::ptr::NonNull<bindings::kobject>);

// SAFETY: kobject reference counting and removal work from any thread.
unsafe impl Send for SysfsDir {}
// SAFETY: No method mutates through `&self` without the kobject's own locks.
unsafe impl Sync for SysfsDir {}

impl SysfsDir {
    /// Creates `<dev>/<name>/`.
    pub(crate) fn create(dev: &NetDev, name: &'static core::ffi::CStr) -> Result<Self> {
        // SAFETY: The device is registered, so its kobject is live; the
        // name is static.
        let kobj = unsafe {
            bindings::kobject_create_and_add(
                name.as_ptr().cast(),
                bindings::rb_netdev_kobj(dev.as_raw()),
            )
        };
        core::ptr::NonNull::new(kobj).map(Self).ok_or(ENOMEM)
    }

    /// Adds the files of `list`, whose callbacks may run until they are
    /// removed or the directory goes.
    pub(crate) fn add_files<const M: usize>(&self, list: &'static DirFileList<M>) -> Result {
        // SAFETY: By the type invariant the kobject is live; the list is a
        // static NULL-terminated array of `kobj_attribute`s (`DirFileList`).
        kernel::error::to_result(unsafe {
            bindings::sysfs_create_files(self.0.as_ptr(), list.0.get().cast())
        })
    }

    /// Removes the files of `list` (waits for running `show`s); files that
    /// are not there are skipped.
    pub(crate) fn remove_files<const M: usize>(&self, list: &'static DirFileList<M>) {
        // SAFETY: By the type invariant the kobject is live; the list is as
        // in `add_files`.
        unsafe { bindings::sysfs_remove_files(self.0.as_ptr(), list.0.get().cast()) };
    }
}

impl Drop for SysfsDir {
    fn drop(&mut self) {
        // SAFETY: By the type invariant we hold a reference.
        unsafe { bindings::kobject_put(self.0.as_ptr()) };
    }
}

/// The read-only files of a [`SysfsDir`] under a device.
pub(crate) trait DirFiles: 'static {
    /// The files, in order (none writable).
    const SPECS: &'static [AttrSpec];

    /// Writes file `index` of the directory under `dev`.
    fn show(dev: &NetDev, index: usize, out: &mut BufWriter<'_>);
}

/// The `kobj_attribute`s of a [`DirFiles`], `N` of them.
pub(crate) struct DirFileTable<const N: usize>(CStatic<[bindings::kobj_attribute; N]>);

impl<const N: usize> DirFileTable<N> {
    /// The table of `T`'s files, whose callbacks are `T`'s.
    pub(crate) const fn new<T: DirFiles>() -> Self {
        assert!(T::SPECS.len() == N);
        // SAFETY: C structs of pointers and integers; all-zero is valid.
        let mut a: [bindings::kobj_attribute; N] = unsafe { zeroed() };
        let mut i = 0;
        while i < N {
            assert!(!T::SPECS[i].writable);
            a[i].attr.name = T::SPECS[i].name.as_ptr().cast();
            a[i].attr.mode = T::SPECS[i].mode;
            a[i].show = Some(dir_show::<T>);
            i += 1;
        }
        Self(CStatic::new(a))
    }
}

/// A NULL-terminated list of a [`DirFileTable`]'s attributes (`M` entries,
/// the NULL included).
///
/// # Invariants
///
/// The first `M - 1` pointers point into a static `DirFileTable`; the last
/// is NULL.
pub(crate) struct DirFileList<const M: usize>(CStatic<[*const bindings::attribute; M]>);

impl<const M: usize> DirFileList<M> {
    /// The attributes of `table`.
    pub(crate) const fn of<const N: usize>(table: &'static DirFileTable<N>) -> Self {
        assert!(M == N + 1);
        let mut p = [core::ptr::null(); M];
        let base = table.0.get().cast::<bindings::kobj_attribute>();
        let mut i = 0;
        while i < N {
            // SAFETY: In bounds of the `N`-element array (only the address
            // is computed here; sysfs reads it later).
            p[i] = unsafe { &raw const (*base.add(i)).attr };
            i += 1;
        }
        Self(CStatic::new(p))
    }
}

/// # Safety
///
/// Only C calls it, as the callback it is installed as, with the
/// arguments that callback's contract gives.
unsafe extern "C" fn dir_show<T: DirFiles>(
    kobj: *mut bindings::kobject,
    attr: *mut bindings::kobj_attribute,
    buf: *mut kernel::ffi::c_char,
) -> isize {
    // SAFETY: `T`'s files are only added to `SysfsDir`s, which are made
    // under a net_device (`create`); the parent outlives its children, and
    // the directory exists while this runs.
    let (dev, name) = unsafe {
        (
            NetDev::from_raw(bindings::rb_kobj_to_net_dev((*kobj).parent)),
            (*attr).attr.name,
        )
    };
    let Some(i) = T::SPECS
        .iter()
        .position(|s| core::ptr::eq(s.name.as_ptr().cast(), name))
    else {
        return 0;
    };
    // SAFETY: `buf` is the page sysfs passed.
    let mut out = unsafe { super::sysfs::show_buffer(buf) };
    T::show(dev, i, &mut out);
    out.len() as isize
}
