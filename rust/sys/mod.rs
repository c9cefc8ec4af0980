// SPDX-License-Identifier: GPL-2.0

//! The only layer with `unsafe`: generated bindings, the C helpers, and small
//! safe types over the C API. Everything above it is safe Rust.

pub(crate) mod bindings;
pub(crate) mod c_ret;
pub(crate) mod flow;
pub(crate) mod kobject;
pub(crate) mod kvec;
pub(crate) mod link_type;
pub(crate) mod netdev;
pub(crate) mod netdev_cfg;
pub(crate) mod netdev_ops;
pub(crate) mod nla;
pub(crate) mod notifier;
pub(crate) mod percpu;
pub(crate) mod pernet;
pub(crate) mod print;
pub(crate) mod procfs;
pub(crate) mod rcu;
pub(crate) mod rtnl;
pub(crate) mod rtnl_link;
pub(crate) mod rx_handler;
pub(crate) mod skb;
pub(crate) mod sync;
pub(crate) mod sysfs;
pub(crate) mod work;
