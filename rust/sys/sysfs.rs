// SPDX-License-Identifier: GPL-2.0

//! sysfs show/store buffers.

use super::bindings;
use super::netdev::NetDev;
use super::netdev_ops::{NetDevOps, NetDevice};
use super::sync::{zeroed, CStatic};
use crate::logic::show::BufWriter;
use kernel::prelude::*;

/// sysfs hands `show` a buffer of one page.
const PAGE_SIZE: usize = 4096;

/// The buffer of a sysfs `show` call.
///
/// # Safety
///
/// `buf` must be the page-sized buffer sysfs passed to `show`.
pub(crate) unsafe fn show_buffer<'a>(buf: *mut kernel::ffi::c_char) -> BufWriter<'a> {
    // SAFETY: sysfs passes a zeroed, writable page that lives for the call.
    let page = unsafe { core::slice::from_raw_parts_mut(buf.cast::<u8>(), PAGE_SIZE) };
    BufWriter::new(page)
}

/// The bytes written to a sysfs `store` call.
///
/// # Safety
///
/// `buf` and `count` must be what sysfs passed to `store`.
pub(crate) unsafe fn store_input<'a>(buf: *const kernel::ffi::c_char, count: usize) -> &'a [u8] {
    // SAFETY: sysfs passes `count` readable bytes that live for the call.
    unsafe { core::slice::from_raw_parts(buf.cast::<u8>(), count) }
}

/// A file of a sysfs attribute table.
#[derive(Clone, Copy)]
pub(crate) struct AttrSpec {
    /// File name.
    pub(crate) name: &'static core::ffi::CStr,
    /// File mode (0o644, 0o444).
    pub(crate) mode: u16,
    /// Whether writes go to `store`.
    pub(crate) writable: bool,
}

/// The files of an attribute group on the driver's net_devices.
pub(crate) trait DevAttrs: NetDevice {
    /// The files, in order.
    const SPECS: &'static [AttrSpec];

    /// Writes file `index` of `dev`.
    fn show(&self, dev: &NetDev, index: usize, out: &mut BufWriter<'_>);

    /// A write of `input` to file `index` of `dev`: the bytes taken.
    fn store(&self, dev: &NetDev, index: usize, input: &[u8]) -> Result<usize>;
}

/// The `device_attribute`s of a [`DevAttrs`], `N` of them.
pub(crate) struct DevAttrTable<const N: usize>(CStatic<[bindings::device_attribute; N]>);

impl<const N: usize> DevAttrTable<N> {
    /// The table of `T`'s files, whose callbacks are `T`'s.
    pub(crate) const fn new<T: DevAttrs>() -> Self {
        assert!(T::SPECS.len() == N);
        // SAFETY: C structs of pointers and integers; all-zero is valid.
        let mut a: [bindings::device_attribute; N] = unsafe { zeroed() };
        let mut i = 0;
        while i < N {
            a[i].attr.name = T::SPECS[i].name.as_ptr().cast();
            a[i].attr.mode = T::SPECS[i].mode;
            a[i].show = Some(dev_show::<T>);
            if T::SPECS[i].writable {
                a[i].store = Some(dev_store::<T>);
            }
            i += 1;
        }
        Self(CStatic::new(a))
    }
}

/// A NULL-terminated list of attributes (`M` entries, the NULL included).
///
/// # Invariants
///
/// The first `M - 1` pointers point into a static `DevAttrTable`; the last
/// is NULL.
pub(crate) struct AttrList<const M: usize>(CStatic<[*mut bindings::attribute; M]>);

impl<const M: usize> AttrList<M> {
    /// The attributes of `table`.
    pub(crate) const fn of<const N: usize>(table: &'static DevAttrTable<N>) -> Self {
        assert!(M == N + 1);
        let mut p = [core::ptr::null_mut(); M];
        let base = table.0.get().cast::<bindings::device_attribute>();
        let mut i = 0;
        while i < N {
            // SAFETY: In bounds of the `N`-element array (only the address
            // is computed here; sysfs reads it later).
            p[i] = unsafe { &raw mut (*base.add(i)).attr };
            i += 1;
        }
        Self(CStatic::new(p))
    }
}

/// A named attribute group: a directory of files under the device.
pub(crate) struct AttrGroup(CStatic<bindings::attribute_group>);

impl AttrGroup {
    /// The group `name` of `list`.
    pub(crate) const fn new<const M: usize>(
        name: &'static core::ffi::CStr,
        list: &'static AttrList<M>,
    ) -> Self {
        // SAFETY: A C struct of pointers; all-zero is valid.
        let mut g: bindings::attribute_group = unsafe { zeroed() };
        g.name = name.as_ptr().cast();
        g.attrs = list.0.get().cast();
        Self(CStatic::new(g))
    }

    /// The C group.
    pub(crate) const fn as_ptr(&'static self) -> *const bindings::attribute_group {
        self.0.get()
    }
}

/// The index in `specs` of the file named by `name` (the pointer given to
/// sysfs, so a pointer comparison).
fn index_of(specs: &[AttrSpec], name: *const kernel::ffi::c_char) -> Option<usize> {
    specs
        .iter()
        .position(|s| core::ptr::eq(s.name.as_ptr().cast(), name))
}

/// The device and driver state of a callback on one of `T`'s files.
///
/// # Safety
///
/// `d` and `attr` must be what sysfs passed to a callback of a
/// `DevAttrTable` of `T`.
unsafe fn dev_args<'a, T: DevAttrs>(
    d: *mut bindings::device,
    attr: *mut bindings::device_attribute,
) -> Option<(&'a NetDev, &'a T, usize)> {
    // SAFETY: The files are on net_devices (the group is only attached to
    // them), which sysfs keeps alive during the callback (unregistration
    // waits for it); `attr` is one of the table's.
    let (dev, name) = unsafe {
        (
            NetDev::from_raw(bindings::rb_to_net_dev(d)),
            (*attr).attr.name,
        )
    };
    let this = NetDevOps::<T>::priv_of(dev)?;
    Some((dev, this, index_of(T::SPECS, name)?))
}

/// # Safety
///
/// Only C calls it, as the callback it is installed as, with the
/// arguments that callback's contract gives.
unsafe extern "C" fn dev_show<T: DevAttrs>(
    d: *mut bindings::device,
    attr: *mut bindings::device_attribute,
    buf: *mut kernel::ffi::c_char,
) -> isize {
    // SAFETY: sysfs calls this for a file of `T`'s table.
    let Some((dev, this, i)) = (unsafe { dev_args::<T>(d, attr) }) else {
        return 0;
    };
    // SAFETY: `buf` is the page sysfs passed.
    let mut out = unsafe { show_buffer(buf) };
    this.show(dev, i, &mut out);
    out.len() as isize
}

/// # Safety
///
/// Only C calls it, as the callback it is installed as, with the
/// arguments that callback's contract gives.
unsafe extern "C" fn dev_store<T: DevAttrs>(
    d: *mut bindings::device,
    attr: *mut bindings::device_attribute,
    buf: *const kernel::ffi::c_char,
    count: usize,
) -> isize {
    // SAFETY: sysfs calls this for a file of `T`'s table.
    let Some((dev, this, i)) = (unsafe { dev_args::<T>(d, attr) }) else {
        return 0;
    };
    // SAFETY: `buf`/`count` are what sysfs passed.
    let input = unsafe { store_input(buf, count) };
    super::c_ret::ssize_of(this.store(dev, i, input))
}

/// Whether `path` names something in the caller's view of the file system
/// (`kern_path`).
pub(crate) fn path_exists(path: &core::ffi::CStr) -> bool {
    // SAFETY: All-zero is a valid `struct path` (two NULL pointers).
    let mut p: bindings::path = unsafe { zeroed() };
    // SAFETY: `path` is NUL-terminated; `p` is written on success and then
    // released with `path_put`.
    unsafe {
        if bindings::kern_path(path.as_ptr().cast(), 0, &mut p) == 0 {
            bindings::path_put(&p);
            true
        } else {
            false
        }
    }
}
