// SPDX-License-Identifier: GPL-2.0

//! rbonding: the Linux bonding driver, in Rust, with bonding.ko's semantics.
//!
//! Layers: `sys` (the only `unsafe`: bindings and safe wrappers over the C
//! API), `bond` (the driver in safe Rust), `logic` (option table, parameter
//! check, text formats: plain `core` Rust, unit-tested on the host).

#![recursion_limit = "256"]

use kernel::prelude::*;

// The logic layer is shared with the host test crate; parts of it serve
// only later features or the tests.
#[allow(dead_code)]
#[path = "logic/mod.rs"]
mod logic;

mod bond;
mod modparams;
mod sys;

use logic::log::{Level, Log};
use sys::print::ModuleLog;

module! {
    type: RBonding,
    name: "rbonding",
    author: "The rbonding developers",
    description: "Ethernet Channel Bonding Driver, in Rust",
    license: "GPL",
    alias: ["rtnl-link-bond"],
}

struct RBonding;

impl kernel::Module for RBonding {
    fn init(module: &'static ThisModule) -> Result<Self> {
        if bond::net::other_driver_loaded() {
            ModuleLog.log(
                Level::Err,
                format_args!(
                    "another bonding driver (bonding.ko?) is loaded: \
                     /sys/class/net/bonding_masters exists; unload it first"
                ),
            );
            // Not EEXIST: modprobe takes that for "already loaded" and
            // reports success.
            return Err(EBUSY);
        }
        let defaults = modparams::check(module)?;
        bond::device::set_defaults(defaults.0);
        // SAFETY: Called once, before any bond exists.
        unsafe { sys::flow::init() };

        // As bonding.ko: namespaces, the link kind, the bonds, the notifier.
        bond::net::BOND_NET_OPS.register()?;
        if let Err(e) = bond::netlink::register() {
            bond::net::BOND_NET_OPS.unregister();
            return Err(e);
        }
        let undo = || {
            bond::netlink::unregister();
            bond::net::BOND_NET_OPS.unregister();
        };
        for _ in 0..defaults.1 {
            if let Err(e) = bond::device::create(sys::pernet::Net::init(), None) {
                undo();
                return Err(e);
            }
        }
        if let Err(e) = bond::notifier::register() {
            undo();
            return Err(e);
        }
        Ok(RBonding)
    }
}

impl Drop for RBonding {
    fn drop(&mut self) {
        // As bonding.ko: the notifier first (its replayed UNREGISTER removes
        // the /proc entries), then the link kind (deleting every bond), then
        // every namespace's files.
        bond::notifier::unregister();
        bond::netlink::unregister();
        bond::net::BOND_NET_OPS.unregister();
        // Values dropped after a grace period hold module code.
        sys::rcu::barrier();
    }
}
