// SPDX-License-Identifier: GPL-2.0
//! Unit tests of the option layer, one file per concern (the sections of
//! the former single test module).

mod apply;
mod errors;
mod parse;
mod table;
mod text;
