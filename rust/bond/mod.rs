// SPDX-License-Identifier: GPL-2.0

//! The bonding driver proper, in safe Rust over `sys`.
//!
//! # Locks, outermost first
//!
//! 1. RTNL ([`crate::sys::rtnl::Rtnl`]): every change to a bond, its slaves
//!    and its options; the token is passed down as `&Rtnl`.
//! 2. `BondNet::bonds` (mutex): the namespace's list of bonds.
//! 3. `Bond::table` (mutex): the slaves, their states and the selection.
//!    Nothing calls out of the driver (notifiers, device changes, sysfs
//!    removal, whose `show`s take this lock) while holding it: work
//!    decided under it is carried out after unlocking (`active::Pending`).
//! 4. `Bond::mode_state` (spinlock, bottom halves off: receive takes it
//!    in softirq): the modes' shared state, 802.3ad's ports and
//!    aggregators. Inside it only frames are sent (dev_queue_xmit) and the
//!    carrier set, as bonding.ko does under its mode_lock.
//! 5. `Bond::config` and `Bond::stats` (spinlocks): copies in and out,
//!    nothing taken inside them.
//!
//! The data path takes none of these but the mode lock for a received
//! LACPDU: it reads RCU-published values (`Bond::curr_active`, the slave
//! arrays) and per-slave atomics. A
//! replaced value is released after a grace period (`sys::rcu::RcuArc`).

#![deny(unsafe_code)]

pub(crate) mod active;
pub(crate) mod datapath;
pub(crate) mod device;
pub(crate) mod enslave;
pub(crate) mod link_type;
pub(crate) mod mode;
pub(crate) mod monitor;
pub(crate) mod net;
pub(crate) mod netlink;
pub(crate) mod notifier;
pub(crate) mod options;
pub(crate) mod procfs;
pub(crate) mod slave;
pub(crate) mod slave_sysfs;
pub(crate) mod sysfs;
