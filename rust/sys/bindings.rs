// SPDX-License-Identifier: GPL-2.0

//! Bindings generated at build time by the module's Kbuild (bindgen on
//! `rust/bindings_helper.h`); never committed.

#![allow(
    dead_code,
    improper_ctypes,
    missing_docs,
    non_camel_case_types,
    non_snake_case,
    non_upper_case_globals,
    unreachable_pub,
    unsafe_op_in_unsafe_fn,
    clippy::all,
    clippy::undocumented_unsafe_blocks
)]

include!("../bindings_generated.rs");
