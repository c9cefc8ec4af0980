// SPDX-License-Identifier: GPL-2.0

//! Return values across the C boundary: kernel `Result`s to the integers C
//! callbacks return, and the positive errnos of the option logic.

use kernel::error::{Error, Result};
use kernel::ffi::c_int;

/// What an `int`-returning callback gives C: 0 or a negative errno.
pub(crate) fn int_of(r: Result) -> c_int {
    r.map_or_else(|e| e.to_errno(), |()| 0)
}

/// What a `ssize_t`-returning callback gives C: a byte count or a negative
/// errno.
pub(crate) fn ssize_of(r: Result<usize>) -> isize {
    match r {
        // A show/store count is at most a page.
        Ok(n) => n as isize,
        Err(e) => e.to_errno() as isize,
    }
}

/// A positive errno of `crate::logic` as a kernel error.
pub(crate) fn error_of(positive: i32) -> Error {
    Error::from_errno(-positive)
}

/// A kernel error as the positive errno `crate::logic` uses.
pub(crate) fn positive_of(e: Error) -> i32 {
    -e.to_errno()
}
