// SPDX-License-Identifier: GPL-2.0

//! A plain sysfs directory under a device (a dynamic kobject), with files.

use super::bindings;
use super::netdev::NetDev;
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

    /// Adds the NULL-terminated attribute list `attrs`.
    ///
    /// # Safety
    ///
    /// `attrs` must be a static, NULL-terminated array of `kobj_attribute`
    /// attributes whose callbacks may run until `remove_files`/drop.
    pub(crate) unsafe fn add_files(&self, attrs: *const *const bindings::attribute) -> Result {
        // SAFETY: By the type invariant the kobject is live; the caller
        // vouches for `attrs`.
        kernel::error::to_result(unsafe { bindings::sysfs_create_files(self.0.as_ptr(), attrs) })
    }

    /// Removes the files added by `add_files` (waits for running `show`s).
    ///
    /// # Safety
    ///
    /// `attrs` must be the list given to `add_files`.
    pub(crate) unsafe fn remove_files(&self, attrs: *const *const bindings::attribute) {
        // SAFETY: By the type invariant the kobject is live.
        unsafe { bindings::sysfs_remove_files(self.0.as_ptr(), attrs) };
    }
}

impl Drop for SysfsDir {
    fn drop(&mut self) {
        // SAFETY: By the type invariant we hold a reference.
        unsafe { bindings::kobject_put(self.0.as_ptr()) };
    }
}

/// The net_device whose sysfs directory holds `kobj`'s directory.
///
/// # Safety
///
/// `kobj` must be the kobject of a `SysfsDir` made under a net_device,
/// passed to one of its files' callbacks.
pub(crate) unsafe fn parent_dev<'a>(kobj: *mut bindings::kobject) -> &'a NetDev {
    // SAFETY: The parent of the directory is the device's kobject, which
    // outlives its children; while a callback runs the directory exists.
    unsafe { NetDev::from_raw(bindings::rb_kobj_to_net_dev((*kobj).parent)) }
}
