// SPDX-License-Identifier: GPL-2.0
//! Pure, allocation-free logic of the bonding driver: the option table and
//! value parsing, module parameter checking and the text of sysfs/procfs
//! files. Uses `core` only so it builds both in the kernel and on the host.

#![deny(unsafe_code)]

pub(crate) mod ad;
pub(crate) mod errno;
pub(crate) mod flags;
pub(crate) mod hash;
pub(crate) mod log;
pub(crate) mod neigh;
pub(crate) mod netlink;
pub(crate) mod options;
pub(crate) mod params;
pub(crate) mod show;
pub(crate) mod slave;
pub(crate) mod slave_show;
pub(crate) mod stats;
