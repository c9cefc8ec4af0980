// SPDX-License-Identifier: GPL-2.0
//! Error numbers used by the logic layer (positive; the kernel side negates).

/// Operation not permitted.
pub(crate) const EPERM: i32 = 1;
/// No such file or directory.
pub(crate) const ENOENT: i32 = 2;
/// Out of memory.
pub(crate) const ENOMEM: i32 = 12;
/// Permission denied (used for "option not supported in this mode").
pub(crate) const EACCES: i32 = 13;
/// Device or resource busy (bond is up).
pub(crate) const EBUSY: i32 = 16;
/// File exists.
pub(crate) const EEXIST: i32 = 17;
/// No such device.
pub(crate) const ENODEV: i32 = 19;
/// Invalid argument.
pub(crate) const EINVAL: i32 = 22;
/// Directory not empty (bond has slaves).
pub(crate) const ENOTEMPTY: i32 = 39;
/// Message too long (a netlink message is full).
pub(crate) const EMSGSIZE: i32 = 90;
/// Operation not supported.
pub(crate) const EOPNOTSUPP: i32 = 95;
/// Address not available (an invalid link-layer address).
pub(crate) const EADDRNOTAVAIL: i32 = 99;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_match_linux() {
        let all = [
            (EPERM, 1),
            (ENOENT, 2),
            (ENOMEM, 12),
            (EACCES, 13),
            (EBUSY, 16),
            (EEXIST, 17),
            (ENODEV, 19),
            (EINVAL, 22),
            (ENOTEMPTY, 39),
            (EOPNOTSUPP, 95),
        ];
        for (a, b) in all {
            assert_eq!(a, b);
        }
    }
}
