// SPDX-License-Identifier: GPL-2.0
//! Host crate root for rbonding's pure logic layer.
//!
//! The kernel module includes `logic/` as a plain module; this file lets
//! cargo build and unit-test the very same sources on the host.

#![no_std]
#![cfg_attr(not(test), allow(dead_code, unused_imports))]

#[cfg(test)]
extern crate std;

#[path = "logic/mod.rs"]
mod logic;
