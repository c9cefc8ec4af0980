// SPDX-License-Identifier: GPL-2.0
//! The bonding option table and everything that only needs it: value
//! parsing with the exact rules of the C driver, mode/state dependency
//! checks, error reporting, and applying an option to [`Params`].
//!
//! Only options whose effect is on the parameter block itself are applied
//! here; the caller performs the side effects reported in [`Effects`].
//!
//! One file per concern: `mode`, the option `table`, the C text helpers
//! (`scan`), parsing with dependency checks and error reports (`parse`),
//! the parameter block (`bond_params`), `apply` with its effects and the
//! ARP/NS `targets`. Their items are re-exported here, so users keep
//! naming them `logic::options::X`. The unit tests are in `tests/`.

mod apply;
mod bond_params;
mod mode;
mod parse;
mod scan;
mod table;
mod targets;

pub(crate) use apply::*;
pub(crate) use bond_params::*;
pub(crate) use mode::*;
pub(crate) use parse::*;
pub(crate) use scan::*;
pub(crate) use table::*;
pub(crate) use targets::*;

/// Size of an interface name buffer including the terminating NUL.
pub(crate) const IFNAMSIZ: usize = 16;
/// Maximum number of ARP (and NS) targets.
pub(crate) const MAX_ARP_TARGETS: usize = 16;
/// Default MII monitoring interval forced by some modes.
pub(crate) const BOND_DEFAULT_MIIMON: i32 = 100;

#[cfg(test)]
mod tests;
