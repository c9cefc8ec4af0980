// SPDX-License-Identifier: GPL-2.0

//! The bonding driver proper, in safe Rust over `sys`.

pub(crate) mod active;
pub(crate) mod datapath;
pub(crate) mod device;
pub(crate) mod enslave;
pub(crate) mod link_type;
pub(crate) mod monitor;
pub(crate) mod net;
pub(crate) mod netlink;
pub(crate) mod notifier;
pub(crate) mod options;
pub(crate) mod procfs;
pub(crate) mod slave;
pub(crate) mod slave_sysfs;
pub(crate) mod sysfs;
