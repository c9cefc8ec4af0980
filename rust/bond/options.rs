// SPDX-License-Identifier: GPL-2.0

//! Setting an option on a bond: every interface (sysfs, module parameters,
//! later netlink) comes through `set`, which goes through the option table.

use crate::bond::device::{Bond, Config};
use crate::logic::errno;
use crate::logic::log::{Level, Log};
use crate::logic::options::{
    self as opts, apply, check_deps, dev_valid_name, first_word_ifname, parse,
    parse_ifname_command, parse_queue_id, report_error, ApplyCtx, Effects, Input, OptId,
};
use crate::sys::bindings;
use crate::sys::netdev::{dev_get_by_name, IfName, NetDev};
use crate::logic::log::Bytes;
use crate::sys::print::DevLog;
use crate::sys::rtnl::Rtnl;
use kernel::prelude::*;

/// Sets option `id` from `input` and, on success, tells userspace
/// (NETDEV_CHANGEINFODATA), as bonding.ko's sysfs path does.
pub(crate) fn set_and_notify(
    dev: &NetDev,
    bond: &Bond,
    id: OptId,
    input: &[u8],
    rtnl: &Rtnl,
) -> Result {
    set(dev, bond, id, Input::Str(input), rtnl)?;
    if dev.is_registered() {
        // SAFETY: RTNL is held and the device is registered.
        unsafe {
            bindings::call_netdevice_notifiers(
                bindings::RB_NETDEV_CHANGEINFODATA as _,
                dev.as_raw(),
            )
        };
    }
    Ok(())
}

/// Sets option `id` of the bond: dependencies, parsing, the change and its
/// side effects; on error, bonding.ko's message and nothing changed.
pub(crate) fn set(dev: &NetDev, bond: &Bond, id: OptId, input: Input<'_>, rtnl: &Rtnl) -> Result {
    let mut log = DevLog::new(dev);
    let opt = opts::get(id);
    let mode = bond.config().params.mode;
    let r = set_checked(dev, bond, id, input, rtnl, &mut log);
    if let Err(e) = r {
        report_error(opt, e, input, mode, &mut log);
        return Err(Error::from_errno(-e));
    }
    Ok(())
}

fn set_checked(
    dev: &NetDev,
    bond: &Bond,
    id: OptId,
    input: Input<'_>,
    rtnl: &Rtnl,
    log: &mut DevLog,
) -> core::result::Result<(), i32> {
    let opt = opts::get(id);
    let cfg = bond.config();
    check_deps(opt, cfg.params.mode, false, dev.is_up())?;
    let raw = match input {
        Input::Str(s) => s,
        Input::Num(_) => &[][..],
    };
    match id {
        OptId::Slaves => return set_slaves(dev, raw, rtnl, log),
        OptId::ActiveSlave => return set_active_slave(dev, raw, rtnl, log),
        OptId::QueueId => return set_queue_id(dev, raw, rtnl, log),
        _ => {}
    }
    let value = if opt.flags & opts::RAWVAL != 0 {
        match input {
            Input::Num(v) => v,
            Input::Str(_) => 0,
        }
    } else {
        parse(opt, input).ok_or(errno::EINVAL)?
    };
    // Work on a copy and commit only on success: a failed set changes nothing.
    let mut next = cfg;
    let effects = apply(&mut next.params, id, value, raw, &ApplyCtx::new(dev.is_up()), log)?;
    if effects.contains(Effects::AD_UPDATE_ACTOR) {
        next.ad_system = ad_system_of(&next, dev);
    }
    // The other effects (monitor restarts, reselection, carrier, per-slave
    // flags) act on slaves and monitors, which bonds do not have yet.
    bond.update(rtnl, |c| *c = next);
    Ok(())
}

/// The 802.3ad system identity (bond_3ad_update_ad_actor_settings).
fn ad_system_of(cfg: &Config, dev: &NetDev) -> (u16, [u8; 6]) {
    let p = &cfg.params;
    let mac = if p.ad_actor_system == [0; 6] { dev.dev_addr() } else { p.ad_actor_system };
    (p.ad_actor_sys_prio, mac)
}

/// `slaves`: `+ifname` enslaves, `-ifname` releases.
fn set_slaves(
    dev: &NetDev,
    raw: &[u8],
    rtnl: &Rtnl,
    log: &mut DevLog,
) -> core::result::Result<(), i32> {
    let Ok((cmd, ifname)) = parse_ifname_command(raw) else {
        log.log(
            Level::Err,
            format_args!("no command found in slaves file - use +ifname or -ifname"),
        );
        return Err(errno::EPERM);
    };
    let Some(slave) = dev_get_by_name(dev.net(), &IfName::new(ifname), rtnl) else {
        log.log(Level::Debug, format_args!("interface {} does not exist!", Bytes(ifname)));
        return Err(errno::ENODEV);
    };
    let sname = slave.name();
    if cmd == b'+' {
        log.log(
            Level::Err,
            format_args!("(slave {}): enslaving is not supported yet", Bytes(sname.as_bytes())),
        );
        return Err(errno::EOPNOTSUPP);
    }
    // This bond has no slaves yet, so nothing can be released.
    log.log(
        Level::Debug,
        format_args!("(slave {}): bond_release: cannot release slave", Bytes(sname.as_bytes())),
    );
    Err(errno::EINVAL)
}

/// `active_slave`: an empty value clears it; otherwise it names a slave.
fn set_active_slave(
    dev: &NetDev,
    raw: &[u8],
    rtnl: &Rtnl,
    log: &mut DevLog,
) -> core::result::Result<(), i32> {
    let ifname = first_word_ifname(raw);
    if ifname.is_empty() {
        log.log(Level::Debug, format_args!("Clearing current active slave"));
        return Ok(());
    }
    let Some(slave) = dev_get_by_name(dev.net(), &IfName::new(ifname), rtnl) else {
        return Err(errno::ENODEV);
    };
    let is_bond_slave = slave.flags() & bindings::RB_IFF_SLAVE != 0
        && slave.priv_flags() & bindings::RB_IFF_BONDING != 0;
    let msg = if is_bond_slave { "Device is not our slave" } else { "Device is not bonding slave" };
    log.log(Level::Err, format_args!("(slave {}): {}", Bytes(slave.name().as_bytes()), msg));
    Err(errno::EINVAL)
}

/// `queue_id`: `ifname:queue` for one of the slaves.
fn set_queue_id(
    dev: &NetDev,
    raw: &[u8],
    rtnl: &Rtnl,
    log: &mut DevLog,
) -> core::result::Result<(), i32> {
    let invalid = |log: &mut DevLog| {
        log.log(Level::Debug, format_args!("invalid input for queue_id set"));
        Err(errno::EPERM)
    };
    let Ok((ifname, qid)) = parse_queue_id(raw) else { return invalid(log) };
    if !dev_valid_name(ifname) || u32::from(qid) > dev.real_num_tx_queues() {
        return invalid(log);
    }
    if dev_get_by_name(dev.net(), &IfName::new(ifname), rtnl).is_none() {
        return invalid(log);
    }
    // The device is not a slave of this bond (it has none yet).
    invalid(log)
}
