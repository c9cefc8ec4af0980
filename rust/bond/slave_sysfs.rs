// SPDX-License-Identifier: GPL-2.0

//! /sys/class/net/<slave>/bonding_slave/: the files of bond_sysfs_slave.c,
//! with their text from `logic::slave_show`.

use crate::bond::device::Bond;
use crate::bond::slave::Slave;
use crate::logic::slave_show::{show_slave_attr, SLAVE_SYSFS_ATTRS};
use crate::sys::bindings;
use crate::sys::kobject;
use crate::sys::rcu::RcuGuard;
use crate::sys::sync::{zeroed, CStatic};
use crate::sys::sysfs;

const N: usize = SLAVE_SYSFS_ATTRS.len();

static ATTRS: CStatic<[bindings::kobj_attribute; N]> = CStatic::new({
    // SAFETY: C structs of pointers and integers; all-zero is valid.
    let mut a: [bindings::kobj_attribute; N] = unsafe { zeroed() };
    let mut i = 0;
    while i < N {
        a[i].attr.name = SLAVE_SYSFS_ATTRS[i].cname.as_ptr().cast();
        a[i].attr.mode = SLAVE_SYSFS_ATTRS[i].mode;
        a[i].show = Some(attr_show);
        i += 1;
    }
    a
});

static ATTR_PTRS: CStatic<[*const bindings::attribute; N + 1]> = CStatic::new({
    let mut p = [core::ptr::null(); N + 1];
    let base = ATTRS.get().cast::<bindings::kobj_attribute>();
    let mut i = 0;
    while i < N {
        // SAFETY: In bounds of the `N`-element array (only the address is
        // computed here; sysfs reads it later).
        p[i] = unsafe { &raw const (*base.add(i)).attr };
        i += 1;
    }
    p
});

/// Adds the files to the slave's `bonding_slave` directory.
///
/// # Safety
///
/// `remove_files` must be called before the slave leaves its bond.
pub(crate) unsafe fn add_files(slave: &Slave) -> kernel::error::Result {
    // SAFETY: The list is static and NULL-terminated; the callbacks find
    // the slave through its device (see `attr_show`) while it is enslaved.
    unsafe { slave.dir.add_files(ATTR_PTRS.get().cast()) }
}

/// Removes the files (waiting for running reads).
///
/// # Safety
///
/// The files must have been added by `add_files`.
pub(crate) unsafe fn remove_files(slave: &Slave) {
    // SAFETY: The list given to `add_files`.
    unsafe { slave.dir.remove_files(ATTR_PTRS.get().cast()) };
}

/// The index of `attr` in `ATTRS`.
fn index_of(attr: *const bindings::kobj_attribute) -> usize {
    let base = ATTRS.get() as usize;
    (attr as usize).wrapping_sub(base) / core::mem::size_of::<bindings::kobj_attribute>()
}

/// # Safety
///
/// Only C calls it, as the callback it is installed as, with the
/// arguments that callback's contract gives.
unsafe extern "C" fn attr_show(
    kobj: *mut bindings::kobject,
    attr: *mut bindings::kobj_attribute,
    buf: *mut kernel::ffi::c_char,
) -> isize {
    // SAFETY: Our files live in a `bonding_slave` directory under a slave
    // device; they are removed before the slave is released, and removal
    // waits for this call.
    let sdev = unsafe { kobject::parent_dev(kobj) };
    // SAFETY: `buf` is the page sysfs passed.
    let mut out = unsafe { sysfs::show_buffer(buf) };
    let rcu = RcuGuard::new();
    // SAFETY: While our files exist the device's rx_handler is ours and its
    // data is the `Slave`, which stays alive until after the files are
    // removed (release removes them first, waiting for this call).
    let slave = unsafe { &*sdev.rx_handler_data_rcu(&rcu).cast::<Slave>() };
    drop(rcu);
    let Some(bond) = Bond::from_dev(slave.bond_dev()) else {
        return 0;
    };
    let mode = bond.config().params.mode;
    let tbl = bond.table.lock();
    if let Some(st) = tbl.index_of(sdev).and_then(|i| tbl.states.get(i)) {
        let _ = show_slave_attr(index_of(attr), st, mode, None, &mut out);
    }
    out.len() as isize
}
