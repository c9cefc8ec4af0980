// SPDX-License-Identifier: GPL-2.0
//! Tests of the dependency checks and of the error messages.

use super::table::{supported, EXPECTED};
use crate::logic::errno::{EACCES, EBUSY, EINVAL, ENODEV, ENOENT, ENOTEMPTY, EPERM};
use crate::logic::log::{Level, RecLog};
use crate::logic::options::*;
use std::string::String;
use std::vec::Vec;

#[test]
fn deps() {
    for (o, exp) in OPTIONS.iter().zip(EXPECTED.iter()) {
        for m in Mode::ALL {
            for slaves in [false, true] {
                for up in [false, true] {
                    let want = if !supported(exp.2, m) {
                        Err(EACCES)
                    } else if exp.1 & NOSLAVES != 0 && slaves {
                        Err(ENOTEMPTY)
                    } else if exp.1 & IFDOWN != 0 && up {
                        Err(EBUSY)
                    } else {
                        Ok(())
                    };
                    assert_eq!(check_deps(o, m, slaves, up), want, "{} {m:?}", o.name);
                }
            }
        }
    }
    let mode = get(OptId::Mode);
    assert_eq!(check_deps(mode, Mode::Xor, true, true), Err(ENOTEMPTY));
    assert_eq!(check_deps(mode, Mode::Xor, false, true), Err(EBUSY));
    let lr = get(OptId::LacpRate);
    assert_eq!(check_deps(lr, Mode::ActiveBackup, true, true), Err(EACCES));
    assert_eq!(
        check_deps(get(OptId::FailOverMac), Mode::Xor, false, true),
        Ok(())
    );
}

fn report(id: OptId, err: i32, input: Input<'_>, mode: Mode) -> Vec<(Level, String)> {
    let mut l = RecLog::new();
    report_error(get(id), err, input, mode, &mut l);
    l.msgs
}

fn errs(v: &[&str]) -> Vec<(Level, String)> {
    v.iter().map(|s| (Level::Err, String::from(*s))).collect()
}

#[test]
fn error_reports() {
    let rr = Mode::RoundRobin;
    assert_eq!(
        report(OptId::Mode, EINVAL, Input::Str(b"foo\n"), rr),
        errs(&["option mode: invalid value (foo)"])
    );
    assert_eq!(
        report(OptId::Miimon, EINVAL, Input::Str(b"-5"), rr),
        errs(&[
            "option miimon: invalid value (-5)",
            "option miimon: allowed values 0 - 2147483647"
        ])
    );
    assert_eq!(
        report(OptId::LpInterval, EINVAL, Input::Num(0), rr),
        errs(&[
            "option lp_interval: invalid value (0)",
            "option lp_interval: allowed values 1 - 2147483647"
        ])
    );
    assert_eq!(
        report(OptId::NsTargets, EINVAL, Input::Num(u64::MAX), rr),
        errs(&["option ns_ip6_target: invalid value (18446744073709551615)"])
    );
    assert_eq!(
        report(OptId::ArpTargets, EINVAL, Input::Str(b"+1.2.3.4\nx"), rr),
        errs(&["option arp_ip_target: invalid value (+1.2.3.4)"])
    );
    assert_eq!(
        report(
            OptId::LacpRate,
            EACCES,
            Input::Str(b"fast"),
            Mode::ActiveBackup
        ),
        errs(&["option lacp_rate: mode dependency failed, not supported in mode active-backup(1)"])
    );
    assert_eq!(
        report(
            OptId::Primary,
            EACCES,
            Input::Str(b"eth0"),
            Mode::Ieee8023ad
        ),
        errs(&["option primary: mode dependency failed, not supported in mode 802.3ad(4)"])
    );
    assert_eq!(
        report(OptId::Miimon, EACCES, Input::Str(b"1"), rr),
        errs(&[])
    );
    assert_eq!(
        report(OptId::Mode, ENOTEMPTY, Input::Str(b"1"), rr),
        errs(&["option mode: unable to set because the bond device has slaves"])
    );
    assert_eq!(
        report(OptId::Mode, EBUSY, Input::Str(b"1"), rr),
        errs(&["option mode: unable to set because the bond device is up"])
    );
    assert_eq!(
        report(
            OptId::ActiveSlave,
            ENODEV,
            Input::Str(b"eth9\n"),
            Mode::ActiveBackup
        ),
        errs(&["option active_slave: interface eth9 does not exist!"])
    );
    assert_eq!(report(OptId::Slaves, ENODEV, Input::Num(3), rr), errs(&[]));
    assert_eq!(
        report(OptId::Updelay, EPERM, Input::Str(b"100"), rr),
        errs(&[])
    );
    assert_eq!(report(OptId::Mode, ENOENT, Input::Str(b"1"), rr), errs(&[]));

    let ex = |id, err, input| extack_message(get(id), err, input, Mode::RoundRobin);
    let s = Input::Str(b"x");
    assert_eq!(ex(OptId::Mode, EINVAL, s), Some(c"invalid option value"));
    assert_eq!(
        ex(OptId::LacpRate, EACCES, s),
        Some(c"option not supported in mode")
    );
    assert_eq!(ex(OptId::Miimon, EACCES, s), None);
    assert_eq!(
        ex(OptId::Mode, ENOTEMPTY, s),
        Some(c"unable to set option because the bond device has slaves")
    );
    assert_eq!(
        ex(OptId::Mode, EBUSY, Input::Num(1)),
        Some(c"unable to set option because the bond is up")
    );
    assert_eq!(
        ex(OptId::Primary, ENODEV, s),
        Some(c"interface does not exist")
    );
    assert_eq!(ex(OptId::Primary, ENODEV, Input::Num(1)), None);
    assert_eq!(ex(OptId::Mode, EPERM, s), None);
}
