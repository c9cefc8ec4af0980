// SPDX-License-Identifier: GPL-2.0

//! Setting an option on a bond: every interface (sysfs, module parameters,
//! later netlink) comes through `set`, which goes through the option table.

use crate::bond::active::{self, Pending};
use crate::bond::device::Bond;
use crate::bond::enslave;
use crate::bond::slave::{slave_of, SlaveLog};
use crate::logic::errno;
use crate::logic::log::Bytes;
use crate::logic::log::{Level, Log};
use crate::logic::options::{
    self as opts, apply, check_deps, dev_valid_name, first_word_ifname, parse,
    parse_ifname_command, parse_queue_id, report_error, ApplyCtx, EffectFlags, Effects, Input,
    OptId, Params,
};
use crate::sys::bindings;
use crate::sys::c_ret;
use crate::sys::netdev::{dev_get_by_name, IfName, NetDev};
use crate::sys::nla::{Attr, ExtAck};
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
        dev.notify(rtnl, bindings::RB_NETDEV_CHANGEINFODATA as u32);
    }
    Ok(())
}

/// Sets option `id` of the bond: dependencies, parsing, the change and its
/// side effects; on error, bonding.ko's message and nothing changed.
pub(crate) fn set(dev: &NetDev, bond: &Bond, id: OptId, input: Input<'_>, rtnl: &Rtnl) -> Result {
    set_nl(dev, bond, id, input, None, ExtAck::NONE, rtnl)
}

/// [`set`] for netlink (`__bond_opt_set` with an attribute and extack):
/// errors are logged as from sysfs and also told to the netlink caller,
/// pointing at `attr`.
pub(crate) fn set_nl(
    dev: &NetDev,
    bond: &Bond,
    id: OptId,
    input: Input<'_>,
    attr: Option<Attr<'_>>,
    ext: ExtAck<'_>,
    rtnl: &Rtnl,
) -> Result {
    let mut log = DevLog::new(dev);
    let opt = opts::get(id);
    let mode = bond.config().params.mode;
    let r = set_checked(dev, bond, id, input, rtnl, &mut log);
    if let Err(e) = r {
        fail(opt, e, input, mode, attr, ext, &mut log);
        return Err(c_ret::error_of(e));
    }
    Ok(())
}

/// `bond_opt_error_interpret`: the log message and the extack text.
fn fail(
    opt: &opts::BondOption,
    e: i32,
    input: Input<'_>,
    mode: opts::Mode,
    attr: Option<Attr<'_>>,
    ext: ExtAck<'_>,
    log: &mut DevLog,
) {
    if let Some(msg) = opts::extack_message(opt, e, input, mode) {
        ext.set_msg_attr(msg, attr);
    }
    report_error(opt, e, input, mode, log);
}

/// `bond_option_arp_ip_targets_clear` (netlink sets the whole list).
pub(crate) fn clear_arp_targets(bond: &Bond, rtnl: &Rtnl) {
    bond.update(rtnl, |c| {
        c.params.arp_targets = [[0; 4]; opts::MAX_ARP_TARGETS]
    });
}

/// `bond_option_ns_ip6_targets_clear`.
pub(crate) fn clear_ns_targets(bond: &Bond, rtnl: &Rtnl) {
    bond.update(rtnl, |c| {
        c.params.ns_targets = [[0; 16]; opts::MAX_ARP_TARGETS]
    });
}

/// The per-slave `prio` (netlink only): the new priority, then a new
/// selection unless a primary is set.
pub(crate) fn set_slave_prio(
    dev: &NetDev,
    bond: &Bond,
    sdev: &NetDev,
    prio: i32,
    attr: Option<Attr<'_>>,
    ext: ExtAck<'_>,
    rtnl: &Rtnl,
) -> Result {
    let mut log = DevLog::new(dev);
    let opt = opts::get(OptId::Prio);
    let mode = bond.config().params.mode;
    let input = Input::Num(prio as i64 as u64);
    let r = check_deps(opt, mode, bond.has_slaves(), dev.is_up()).and_then(|()| {
        let mut tbl = bond.table.lock();
        let i = tbl.index_of(sdev).ok_or(errno::ENODEV)?;
        if let Some(st) = tbl.states.get_mut(i) {
            st.prio = prio;
        }
        Ok(tbl.sel.primary.is_some())
    });
    match r {
        Ok(true) => {
            let mut slog = SlaveLog {
                log: &mut log,
                name: sdev.name(),
            };
            slog.log(
                Level::Warn,
                format_args!(
                    "prio updated, but will not affect failover re-selection as primary slave have been set"
                ),
            );
            Ok(())
        }
        Ok(false) => {
            active::select(dev, bond, rtnl);
            Ok(())
        }
        Err(e) => {
            fail(opt, e, input, mode, attr, ext, &mut log);
            Err(c_ret::error_of(e))
        }
    }
}

/// The per-slave 802.3ad `actor_port_prio`: only 802.3ad bonds take it;
/// the actor settings are updated (`bond_option_actor_port_prio_set`).
pub(crate) fn set_slave_actor_port_prio(
    dev: &NetDev,
    bond: &Bond,
    sdev: &NetDev,
    prio: u16,
    attr: Option<Attr<'_>>,
    ext: ExtAck<'_>,
    _rtnl: &Rtnl,
) -> Result {
    let mut log = DevLog::new(dev);
    let opt = opts::get(OptId::ActorPortPrio);
    let p = bond.config().params;
    let r = check_deps(opt, p.mode, bond.has_slaves(), dev.is_up()).and_then(|()| {
        let tbl = bond.table.lock();
        let i = tbl.index_of(sdev).ok_or(errno::ENODEV)?;
        DevLog::new(sdev).log(
            Level::Debug,
            format_args!("Setting actor_port_prio to {}", prio),
        );
        crate::bond::mode::ad::set_port_priority(bond, i, prio, &p)
            .then_some(())
            .ok_or(errno::ENODEV)
    });
    r.map_err(|e| {
        fail(
            opt,
            e,
            Input::Num(u64::from(prio)),
            p.mode,
            attr,
            ext,
            &mut log,
        );
        c_ret::error_of(e)
    })
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
    check_deps(opt, cfg.params.mode, bond.has_slaves(), dev.is_up())?;
    let raw = match input {
        Input::Str(s) | Input::Extra(s) => s,
        Input::Num(_) => &[][..],
    };
    match id {
        OptId::Slaves => return set_slaves(dev, bond, raw, rtnl, log),
        OptId::ActiveSlave => return set_active_slave(dev, bond, raw, rtnl, log),
        OptId::QueueId => return set_queue_id(dev, bond, raw, rtnl, log),
        _ => {}
    }
    let value = if opt.flags & opts::RAWVAL != 0 {
        match input {
            Input::Num(v) => v,
            Input::Str(_) | Input::Extra(_) => 0,
        }
    } else {
        parse(opt, input).ok_or(errno::EINVAL)?
    };
    // Work on a copy and commit only on success: a failed set changes nothing.
    let mut next = cfg;
    let names = slave_names(bond).map_err(|_| errno::ENOMEM)?;
    let is_slave_name = |n: &[u8]| names.iter().any(|s| s.as_bytes() == n);
    let ctx = ApplyCtx {
        is_up: dev.is_up(),
        has_primary_slave: bond.table.lock().sel.primary.is_some(),
        is_slave_name: &is_slave_name,
    };
    let effects = apply(&mut next.params, id, value, raw, &ctx, log)?;
    bond.update(rtnl, |c| *c = next);
    carry_out(dev, bond, &next.params, effects, rtnl);
    Ok(())
}

/// The names of the bond's slaves.
fn slave_names(bond: &Bond) -> Result<KVec<IfName>> {
    let tbl = bond.table.lock();
    let mut v = KVec::with_capacity(tbl.len(), GFP_KERNEL)?;
    for s in tbl.slaves.iter() {
        v.push(s.dev().name(), GFP_KERNEL)?;
    }
    Ok(v)
}

/// The effects `carry_out` performs.
const HANDLED: EffectFlags = Effects::MII_RESTART
    .union(Effects::MII_STOP)
    .union(Effects::PRIMARY_CLEAR)
    .union(Effects::PRIMARY_SET)
    .union(Effects::SLAVE_INACTIVE_FLAGS)
    .union(Effects::RESELECT_ACTIVE)
    .union(Effects::UPDATE_CARRIER)
    .union(Effects::AD_UPDATE_ACTOR)
    .union(Effects::AD_UPDATE_LACP_RATE)
    .union(Effects::AD_UPDATE_LACP_ACTIVE);

/// The effects on machinery rbonding does not have yet; they come with
/// it: the ARP and NS monitor (ARP_*, NS_*, CLEAR_RECV_PROBE).
const WAITING: EffectFlags = Effects::ARP_RESTART
    .union(Effects::ARP_STOP)
    .union(Effects::CLEAR_RECV_PROBE)
    .union(Effects::NS_MADDRS_SYNC)
    .union(Effects::ARP_TARGET_ADDED)
    .union(Effects::ARP_TARGET_REMOVED)
    .union(Effects::NS_TARGET_ADDED);

// A new effect must be handled or listed as waiting.
const _: () =
    assert!(HANDLED.union(WAITING).bits() == Effects::ALL.bits() && !HANDLED.intersects(WAITING));

/// The side effects of a committed option change (bond_options.c's
/// setters after they store the value).
fn carry_out(dev: &NetDev, bond: &Bond, p: &Params, fx: Effects, rtnl: &Rtnl) {
    let (rate, lacp_active, actor) = (
        fx.contains(Effects::AD_UPDATE_LACP_RATE),
        fx.contains(Effects::AD_UPDATE_LACP_ACTIVE),
        fx.contains(Effects::AD_UPDATE_ACTOR),
    );
    if rate || lacp_active || actor {
        crate::bond::mode::ad::options_changed(bond, p, rate, lacp_active, actor);
    }
    if fx.contains(Effects::MII_RESTART) {
        bond.queue_mii_work(0);
    }
    if fx.contains(Effects::MII_STOP) {
        bond.mii_work.cancel_sync();
    }
    if fx.contains(Effects::PRIMARY_CLEAR) {
        bond.table.lock().sel.primary = None;
    }
    if fx.contains(Effects::PRIMARY_SET) {
        let mut tbl = bond.table.lock();
        let i = tbl.index_by_name(opts::cstr(&p.primary));
        tbl.sel.primary = i;
        tbl.sel.force_primary = true;
    }
    if fx.contains(Effects::SLAVE_INACTIVE_FLAGS) {
        let mut pending = Pending::new();
        {
            let mut tbl = bond.table.lock();
            for st in tbl.states.iter_mut() {
                if !st.is_active() {
                    st.inactive = p.all_slaves_active == 0;
                }
            }
            pending.collect(bond, &mut tbl, None);
        }
        pending.run(dev, bond, rtnl);
    }
    if fx.contains(Effects::RESELECT_ACTIVE) {
        active::select(dev, bond, rtnl);
    }
    if fx.contains(Effects::UPDATE_CARRIER) {
        active::set_carrier(dev, bond, rtnl);
    }
}

/// `slaves`: `+ifname` enslaves, `-ifname` releases.
fn set_slaves(
    dev: &NetDev,
    bond: &Bond,
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
        log.log(
            Level::Debug,
            format_args!("interface {} does not exist!", Bytes(ifname)),
        );
        return Err(errno::ENODEV);
    };
    let sname = slave.name();
    if cmd == b'+' {
        log.log(
            Level::Debug,
            format_args!("(slave {}): Enslaving interface", Bytes(sname.as_bytes())),
        );
        return enslave::enslave(dev, bond, slave, ExtAck::NONE, rtnl);
    }
    log.log(
        Level::Debug,
        format_args!("(slave {}): Releasing interface", Bytes(sname.as_bytes())),
    );
    enslave::release(dev, bond, slave, false, false, rtnl)
}

/// `active_slave`: an empty value clears it; otherwise it names a slave.
fn set_active_slave(
    dev: &NetDev,
    bond: &Bond,
    raw: &[u8],
    rtnl: &Rtnl,
    log: &mut DevLog,
) -> core::result::Result<(), i32> {
    let ifname = first_word_ifname(raw);
    if ifname.is_empty() {
        log.log(Level::Debug, format_args!("Clearing current active slave"));
        active::change_to(dev, bond, None, rtnl);
        active::select(dev, bond, rtnl);
        return Ok(());
    }
    let Some(sdev) = dev_get_by_name(dev.net(), &IfName::new(ifname), rtnl) else {
        return Err(errno::ENODEV);
    };
    let sname = sdev.name();
    let is_bond_slave = sdev.flags() & bindings::RB_IFF_SLAVE != 0
        && sdev.priv_flags() & bindings::RB_IFF_BONDING != 0;
    if !is_bond_slave {
        log.log(
            Level::Err,
            format_args!(
                "(slave {}): Device is not bonding slave",
                Bytes(sname.as_bytes())
            ),
        );
        return Err(errno::EINVAL);
    }
    let ours = slave_of(sdev, rtnl).is_some_and(|s| core::ptr::eq(s.bond_dev(), dev));
    if !ours {
        log.log(
            Level::Err,
            format_args!(
                "(slave {}): Device is not our slave",
                Bytes(sname.as_bytes())
            ),
        );
        return Err(errno::EINVAL);
    }
    let (idx, curr, link_up) = {
        let tbl = bond.table.lock();
        let i = tbl.index_of(sdev);
        let up = i
            .and_then(|i| tbl.states.get(i))
            .is_some_and(|s| s.link == crate::logic::slave::Link::Up);
        (i, tbl.sel.curr_active, up)
    };
    if idx == curr {
        log.log(
            Level::Debug,
            format_args!(
                "(slave {}): is already the current active slave",
                Bytes(sname.as_bytes())
            ),
        );
        return Ok(());
    }
    let slave_up = sdev.is_running() && sdev.carrier_ok();
    if curr.is_some() && link_up && slave_up {
        log.log(
            Level::Debug,
            format_args!(
                "(slave {}): Setting as active slave",
                Bytes(sname.as_bytes())
            ),
        );
        active::change_to(dev, bond, idx, rtnl);
        return Ok(());
    }
    log.log(
        Level::Err,
        format_args!(
            "(slave {0}): Could not set as active slave; either {0} is down or the link is down",
            Bytes(sname.as_bytes())
        ),
    );
    Err(errno::EINVAL)
}

/// `queue_id`: `ifname:queue` for one of the slaves.
fn set_queue_id(
    dev: &NetDev,
    bond: &Bond,
    raw: &[u8],
    rtnl: &Rtnl,
    log: &mut DevLog,
) -> core::result::Result<(), i32> {
    let invalid = |log: &mut DevLog| {
        log.log(Level::Debug, format_args!("invalid input for queue_id set"));
        Err(errno::EPERM)
    };
    let Ok((ifname, qid)) = parse_queue_id(raw) else {
        return invalid(log);
    };
    if !dev_valid_name(ifname) || u32::from(qid) > dev.real_num_tx_queues() {
        return invalid(log);
    }
    let Some(sdev) = dev_get_by_name(dev.net(), &IfName::new(ifname), rtnl) else {
        return invalid(log);
    };
    let mut pending = Pending::new();
    {
        let mut tbl = bond.table.lock();
        let Some(i) = tbl.index_of(sdev) else {
            drop(tbl);
            return invalid(log);
        };
        let dup = tbl
            .states
            .iter()
            .enumerate()
            .any(|(j, s)| j != i && qid != 0 && s.queue_id == qid);
        if dup {
            drop(tbl);
            return invalid(log);
        }
        if let Some(s) = tbl.states.get_mut(i) {
            s.queue_id = qid;
        }
        pending.collect(bond, &mut tbl, None);
    }
    pending.run(dev, bond, rtnl);
    Ok(())
}
