// SPDX-License-Identifier: GPL-2.0

//! Kernel log output in the forms bonding.ko uses: `pr_*` with the module
//! prefix and `netdev_*` with the device name.

use crate::logic::log::{Bytes, Level, Log};
use crate::sys::netdev::{IfName, NetDev};
use core::fmt;

fn kern_level(level: Level) -> &'static core::ffi::CStr {
    match level {
        Level::Err => c"\x013%pA\n",
        Level::Warn => c"\x014%pA\n",
        Level::Notice => c"\x015%pA\n",
        Level::Info => c"\x016%pA\n",
        Level::Debug => c"\x017%pA\n",
    }
}

/// Prints one line at `level`.
///
/// Debug lines are dropped: bonding.ko's `pr_debug`/`netdev_dbg` print
/// nothing in a kernel without DEBUG or dynamic debug, and rbonding says
/// the same whether or not it is built with debug assertions.
pub(crate) fn print(level: Level, args: fmt::Arguments<'_>) {
    if level == Level::Debug {
        return;
    }
    // SAFETY: The format string is a valid NUL-terminated string with one
    // `%pA`, whose argument is a pointer to a live `fmt::Arguments`.
    unsafe {
        kernel::bindings::_printk(
            kern_level(level).as_ptr().cast(),
            &args as *const fmt::Arguments<'_> as *const kernel::ffi::c_void,
        )
    };
}

/// A `Log` whose lines are the bare text, as bonding.ko's `pr_*` outside its
/// sysfs code.
pub(crate) struct PlainLog;

impl Log for PlainLog {
    fn log(&mut self, level: Level, args: fmt::Arguments<'_>) {
        print(level, args);
    }
}

/// A `Log` whose lines read `rbonding: <text>`, as bonding.ko's `pr_*` in its
/// sysfs code (bonding_masters).
pub(crate) struct ModuleLog;

impl Log for ModuleLog {
    fn log(&mut self, level: Level, args: fmt::Arguments<'_>) {
        print(level, format_args!("rbonding: {}", args));
    }
}

/// A `Log` whose lines read `<dev>: <text>`, as `netdev_*` in bonding.ko
/// (with the registration state the kernel appends, e.g. " (unregistering)").
pub(crate) struct DevLog {
    name: IfName,
    state: &'static str,
}

impl DevLog {
    /// Messages about `dev`.
    pub(crate) fn new(dev: &NetDev) -> Self {
        Self {
            name: dev.name(),
            state: dev.reg_state_suffix(),
        }
    }
}

impl Log for DevLog {
    fn log(&mut self, level: Level, args: fmt::Arguments<'_>) {
        let name = self.name.as_bytes();
        if name.is_empty() || name.contains(&b'%') {
            print(
                level,
                format_args!("(unnamed net_device){}: {}", self.state, args),
            );
        } else {
            print(
                level,
                format_args!("{}{}: {}", Bytes(name), self.state, args),
            );
        }
    }
}
