// SPDX-License-Identifier: GPL-2.0

//! sysfs show/store buffers.

use crate::logic::show::BufWriter;

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

/// What a `show`/`store` returns to C: a byte count or a negative errno.
pub(crate) fn ret(r: kernel::error::Result<usize>) -> isize {
    match r {
        Ok(n) => n as isize,
        Err(e) => e.to_errno() as isize,
    }
}
