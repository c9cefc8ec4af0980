// SPDX-License-Identifier: GPL-2.0

//! The bonding driver proper, in safe Rust over `sys`.

pub(crate) mod device;
pub(crate) mod net;
pub(crate) mod notifier;
pub(crate) mod options;
pub(crate) mod procfs;
pub(crate) mod sysfs;
