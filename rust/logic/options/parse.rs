// SPDX-License-Identifier: GPL-2.0
//! Setting an option from user input: parsing the input
//! (`bond_opt_parse()`) against the option's named values and range,
//! checking that the option may be changed now (`bond_opt_check_deps()`),
//! and the kernel log and extack text of a failure
//! (`bond_opt_error_interpret()`).

use core::ffi::CStr;

use super::{cstr, is_space, scan_ull, scan_word, strip_nl, BondOption, Mode, OptValue};
use crate::logic::errno::{EACCES, EBUSY, EINVAL, ENODEV, ENOTEMPTY};
use crate::logic::log::{Bytes, Level, Log};

/// Width limit of the `%32s` conversion used when parsing option words.
const OPT_MAX_NAMELEN: usize = 32;

/// Input of an option: text (sysfs, module parameters) or a number
/// (netlink).
#[derive(Clone, Copy, Debug)]
pub(crate) enum Input<'a> {
    /// A C string; anything from the first NUL on is ignored.
    Str(&'a [u8]),
    /// A numeric value; `u64::MAX` means "no value" like in C.
    Num(u64),
    /// Binary data and no value (netlink's `bond_opt_initextra`, e.g. an
    /// IPv6 target): reported as the value `u64::MAX`, as C does.
    Extra(&'a [u8]),
}

fn check_range(opt: &BondOption, val: u64) -> bool {
    let Some(max) = opt.max_value() else {
        return false;
    };
    if let Some(min) = opt.min_value() {
        if val < min {
            return false;
        }
    }
    val <= max
}

/// Parses `input` for option `opt` exactly like `bond_opt_parse()`.
///
/// Returns the value to set, or `None` when the input is invalid
/// (`-EINVAL`). Must not be used for [`BondOption::RAWVAL`] options, whose
/// input goes to [`apply`] (or the caller's own handling) untouched; for
/// those it returns `None`.
///
/// Text rules: the input ends at the first newline; if it only contains
/// digits and white space it is read with `%llu` (first number, wrapping
/// on overflow), otherwise its first word (max 32 chars) is matched
/// against the value names and `default`. Numbers first match table
/// entries, then the `MIN..=MAX` range (no `MAX` entry: no range).
///
/// [`apply`]: super::apply()
pub(crate) fn parse(opt: &BondOption, input: Input<'_>) -> Option<u64> {
    if opt.is_raw() || opt.values.is_empty() {
        return None;
    }
    match input {
        Input::Num(v) => {
            if v == u64::MAX {
                return None;
            }
            parse_number(opt, v)
        }
        Input::Extra(_) => None,
        Input::Str(s) => {
            let s = strip_nl(cstr(s));
            if s.iter().all(|&c| c.is_ascii_digit() || is_space(c)) {
                parse_number(opt, scan_ull(s)?)
            } else {
                let word = scan_word(s, OPT_MAX_NAMELEN)?;
                opt.values
                    .iter()
                    .find(|v| {
                        (word == b"default" && v.flags & OptValue::DEFAULT != 0)
                            || word == v.name.as_bytes()
                    })
                    .map(|v| v.value)
            }
        }
    }
}

fn parse_number(opt: &BondOption, v: u64) -> Option<u64> {
    if opt.values.iter().any(|e| e.value == v) || check_range(opt, v) {
        Some(v)
    } else {
        None
    }
}

// ---------------------------------------------------------------------------
// Dependencies and errors

/// Checks whether `opt` may be changed now (`bond_opt_check_deps()`).
pub(crate) fn check_deps(
    opt: &BondOption,
    mode: Mode,
    has_slaves: bool,
    is_up: bool,
) -> Result<(), i32> {
    if !opt.supported_in(mode) {
        return Err(EACCES);
    }
    if opt.flags & BondOption::NOSLAVES != 0 && has_slaves {
        return Err(ENOTEMPTY);
    }
    if opt.flags & BondOption::IFDOWN != 0 && is_up {
        return Err(EBUSY);
    }
    Ok(())
}

/// Logs the netdev_err messages of `bond_opt_error_interpret()` for error
/// `err` (positive errno) while setting `opt` from `input` in `mode`.
pub(crate) fn report_error(
    opt: &BondOption,
    err: i32,
    input: Input<'_>,
    mode: Mode,
    log: &mut dyn Log,
) {
    match err {
        EINVAL => {
            match input {
                Input::Str(s) => log.log(
                    Level::Err,
                    format_args!(
                        "option {}: invalid value ({})",
                        opt.name,
                        Bytes(strip_nl(cstr(s)))
                    ),
                ),
                Input::Num(v) => log.log(
                    Level::Err,
                    format_args!("option {}: invalid value ({})", opt.name, v),
                ),
                Input::Extra(_) => log.log(
                    Level::Err,
                    format_args!("option {}: invalid value ({})", opt.name, u64::MAX),
                ),
            }
            if let Some(max) = opt.max_value() {
                log.log(
                    Level::Err,
                    format_args!(
                        "option {}: allowed values {} - {}",
                        opt.name,
                        opt.min_value().unwrap_or(0),
                        max
                    ),
                );
            }
        }
        EACCES if !opt.supported_in(mode) => log.log(
            Level::Err,
            format_args!(
                "option {}: mode dependency failed, not supported in mode {}({})",
                opt.name,
                mode.name(),
                mode as u8
            ),
        ),
        ENOTEMPTY => log.log(
            Level::Err,
            format_args!(
                "option {}: unable to set because the bond device has slaves",
                opt.name
            ),
        ),
        EBUSY => log.log(
            Level::Err,
            format_args!(
                "option {}: unable to set because the bond device is up",
                opt.name
            ),
        ),
        ENODEV => {
            if let Input::Str(s) = input {
                log.log(
                    Level::Err,
                    format_args!(
                        "option {}: interface {} does not exist!",
                        opt.name,
                        Bytes(strip_nl(cstr(s)))
                    ),
                );
            }
        }
        _ => {}
    }
}

/// Netlink extack text `bond_opt_error_interpret()` attaches for `err`
/// while setting `opt` from `input` in `mode`: `EACCES` only when the mode
/// is the reason, `ENODEV` only for text input.
pub(crate) fn extack_message(
    opt: &BondOption,
    err: i32,
    input: Input<'_>,
    mode: Mode,
) -> Option<&'static CStr> {
    match err {
        EINVAL => Some(c"invalid option value"),
        EACCES if !opt.supported_in(mode) => Some(c"option not supported in mode"),
        ENOTEMPTY => Some(c"unable to set option because the bond device has slaves"),
        EBUSY => Some(c"unable to set option because the bond is up"),
        ENODEV if matches!(input, Input::Str(_)) => Some(c"interface does not exist"),
        _ => None,
    }
}
