// SPDX-License-Identifier: GPL-2.0

//! The rtnetlink link kind "bond" (bonding.ko's bond_netlink.c): `ip link
//! add ... type bond`, `ip link set ... type bond[_slave]`, `ip -d link`.
//! Every attribute is set through the option table, as sysfs writes are.

use crate::bond::device::{self, Bond};
use crate::bond::options;
use crate::bond::slave::slave_of;
use crate::logic::errno;
use crate::logic::log::{Level, Log};
use crate::logic::netlink::{
    self as nl, attr, mac_value, num_value, queue_id_text, slave_attr, xstats_attr, BondLive, Full,
    NlType, SlaveLive, Value, CHANGELINK, DELAY_MAX,
};
use crate::logic::options::{Input, Mode, OptId};
use crate::sys::bindings;
use crate::sys::c_ret;
use crate::sys::netdev::{dev_get_by_index, NetDev, IFNAMSIZ};
use crate::sys::nla::{Attr, AttrTable, ExtAck, MsgFull, Nest, NlMsg};
use crate::sys::print::DevLog;
use crate::sys::rcu::RcuGuard;
use crate::sys::rtnl::Rtnl;
use crate::sys::rtnl_link::{LinkKind, LinkOps, Policy, Range};
use core::ffi::CStr;
use kernel::prelude::*;

const _: () = assert!(attr::MAX as u32 == bindings::RB_IFLA_BOND_MAX);
const _: () = assert!(slave_attr::MAX as u32 == bindings::RB_IFLA_BOND_SLAVE_MAX);

const MAX: usize = attr::MAX as usize;
const SLAVE_MAX: usize = slave_attr::MAX as usize;

static DELAY_RANGE: Range = Range::up_to(DELAY_MAX);
static BOND_POLICY: Policy<{ MAX + 1 }> = Policy::new(&nl::POLICY, &DELAY_RANGE);
static SLAVE_POLICY: Policy<{ SLAVE_MAX + 1 }> = Policy::new(&nl::SLAVE_POLICY, &DELAY_RANGE);

/// The link kind, registered by module init.
pub(crate) static BOND_LINK_OPS: LinkOps<Bond> = LinkOps::new();

/// Registers the link kind.
pub(crate) fn register() -> Result {
    BOND_LINK_OPS.register()
}

/// Unregisters it, deleting every bond of every namespace.
pub(crate) fn unregister() {
    BOND_LINK_OPS.unregister();
}

/// A name as the option code takes text: the name, then a NUL (an empty
/// name is "" rather than "no string").
struct NameText {
    buf: [u8; IFNAMSIZ + 1],
    len: usize,
}

impl NameText {
    fn of(name: &[u8]) -> Self {
        let mut buf = [0u8; IFNAMSIZ + 1];
        let n = name.len().min(IFNAMSIZ - 1);
        buf[..n].copy_from_slice(&name[..n]);
        Self { buf, len: n + 1 }
    }

    fn bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

/// `bond_changelink`: each attribute present, in bonding.ko's order; the
/// first failure ends the request and is returned (positive errno).
fn changelink(
    dev: &NetDev,
    bond: &Bond,
    data: AttrTable<'_>,
    ext: ExtAck<'_>,
    rtnl: &Rtnl,
) -> core::result::Result<(), i32> {
    let set = |id: OptId, input: Input<'_>, a: Attr<'_>| {
        options::set_nl(dev, bond, id, input, Some(a), ext, rtnl).map_err(c_ret::positive_of)
    };
    let mut miimon = 0;
    for step in CHANGELINK.iter() {
        let Some(a) = data.get(step.attr) else {
            continue;
        };
        match step.value {
            Value::Num(t) => {
                let raw = match t {
                    NlType::U8 => u32::from(a.u8()),
                    NlType::U16 => u32::from(a.u16()),
                    _ => a.u32(),
                };
                if step.attr == attr::MIIMON {
                    miimon = raw;
                }
                if step.attr == attr::ARP_INTERVAL && raw != 0 && miimon != 0 {
                    ext.set_msg_attr(
                        c"ARP monitoring cannot be used with MII monitoring",
                        Some(a),
                    );
                    return Err(errno::EINVAL);
                }
                if step.attr == attr::ARP_VALIDATE && raw != 0 && miimon != 0 {
                    // As bonding.ko: the message points at ARP_INTERVAL.
                    ext.set_msg_attr(
                        c"ARP validating cannot be used with MII monitoring",
                        data.get(attr::ARP_INTERVAL),
                    );
                    return Err(errno::EINVAL);
                }
                set(step.opt, Input::Num(num_value(t, raw)), a)?;
            }
            Value::ActiveSlaveIndex => {
                let ifindex = a.u32() as i32;
                let name = if ifindex != 0 {
                    match dev_get_by_index(dev.net(), ifindex, rtnl) {
                        Some(d) => NameText::of(d.name().as_bytes()),
                        None => return Err(errno::ENODEV),
                    }
                } else {
                    NameText::of(b"")
                };
                set(step.opt, Input::Str(name.bytes()), a)?;
            }
            Value::PrimaryIndex => {
                let name = match dev_get_by_index(dev.net(), a.u32() as i32, rtnl) {
                    Some(d) => NameText::of(d.name().as_bytes()),
                    None => NameText::of(b""),
                };
                set(step.opt, Input::Str(name.bytes()), a)?;
            }
            Value::ArpTargets => {
                options::clear_arp_targets(bond, rtnl);
                let add = |b: &[u8]| {
                    let v = u32::from_ne_bytes([b[0], b[1], b[2], b[3]]);
                    set(step.opt, Input::Num(u64::from(v)), a)
                };
                set_targets(dev, bond, a, 4, None, "arp", add, ext)?;
            }
            Value::NsTargets => {
                options::clear_ns_targets(bond, rtnl);
                let add = |b: &[u8]| set(step.opt, Input::Extra(&b[..16]), a);
                set_targets(
                    dev,
                    bond,
                    a,
                    16,
                    Some(c"Invalid IPv6 address"),
                    "ns",
                    add,
                    ext,
                )?;
            }
            Value::Mac => {
                if a.bytes().len() != 6 {
                    return Err(errno::EINVAL);
                }
                set(step.opt, Input::Num(mac_value(a.bytes())), a)?;
            }
        }
    }
    Ok(())
}

/// The nested target lists of `bond_changelink` (already cleared): each
/// entry of at least `len` bytes is added until one fails; a shorter one
/// ends the request (with `short_msg` for the netlink caller, if any); an
/// empty list while the ARP monitor runs is warned about.
#[allow(clippy::too_many_arguments)]
fn set_targets(
    dev: &NetDev,
    bond: &Bond,
    list: Attr<'_>,
    len: usize,
    short_msg: Option<&'static CStr>,
    kind: &str,
    mut add: impl FnMut(&[u8]) -> core::result::Result<(), i32>,
    ext: ExtAck<'_>,
) -> core::result::Result<(), i32> {
    let mut added = 0;
    let mut err = Ok(());
    for t in list.nested() {
        let b = t.bytes();
        if b.len() < len {
            if let Some(m) = short_msg {
                ext.set_msg(m);
            }
            return Err(errno::EINVAL);
        }
        err = add(b);
        if err.is_err() {
            break;
        }
        added += 1;
    }
    if added == 0 && bond.config().params.arp_interval != 0 {
        DevLog::new(dev).log(
            Level::Warn,
            format_args!("Removing last {} target with arp_interval on", kind),
        );
    }
    err
}

/// `bond_slave_changelink`.
fn slave_changelink(
    dev: &NetDev,
    bond: &Bond,
    sdev: &NetDev,
    data: AttrTable<'_>,
    ext: ExtAck<'_>,
    rtnl: &Rtnl,
) -> Result {
    if let Some(a) = data.get(slave_attr::QUEUE_ID) {
        let mut buf = [0u8; 32];
        let n = queue_id_text(sdev.name().as_bytes(), a.u16(), &mut buf);
        options::set_nl(
            dev,
            bond,
            OptId::QueueId,
            Input::Str(&buf[..n]),
            Some(a),
            ext,
            rtnl,
        )?;
    }
    if let Some(a) = data.get(slave_attr::PRIO) {
        options::set_slave_prio(dev, bond, sdev, a.s32(), Some(a), ext, rtnl)?;
    }
    if let Some(a) = data.get(slave_attr::ACTOR_PORT_PRIO) {
        options::set_slave_actor_port_prio(dev, bond, sdev, a.u16(), Some(a), ext, rtnl)?;
    }
    Ok(())
}

/// The message as the logic layer writes to it.
impl nl::Sink for NlMsg<'_> {
    type Nest = Nest;

    fn put(&mut self, t: u16, data: &[u8]) -> core::result::Result<(), Full> {
        NlMsg::put(self, t, data).map_err(|MsgFull| Full)
    }

    fn nest_start(&mut self, t: u16, flagged: bool) -> core::result::Result<Nest, Full> {
        NlMsg::nest_start(self, t, flagged).map_err(|MsgFull| Full)
    }

    fn nest_end(&mut self, n: Nest) {
        NlMsg::nest_end(self, n)
    }

    fn nest_cancel(&mut self, n: Nest) {
        NlMsg::nest_cancel(self, n)
    }
}

/// What fill_info reports besides the options.
fn live_info(bond: &Bond, rtnl: &Rtnl) -> BondLive {
    // bond_option_active_slave_get_rcu: only modes with a primary have one.
    let active_ifindex = if bond.mode().uses_primary() {
        let rcu = RcuGuard::new();
        bond.curr_active.get(&rcu).map_or(0, |s| s.dev().ifindex())
    } else {
        0
    };
    let primary_ifindex = {
        let tbl = bond.table.lock();
        tbl.sel
            .primary
            .and_then(|i| tbl.dev_at(i))
            .map(|d| d.ifindex())
    };
    let _ = rtnl;
    BondLive {
        active_ifindex,
        primary_ifindex,
        net_admin: crate::sys::netdev_cfg::capable_net_admin(),
        ad_info: (bond.mode() == Mode::Ieee8023ad)
            .then(|| crate::bond::mode::ad::agg_info(bond))
            .flatten(),
    }
}

impl LinkKind for Bond {
    const KIND: &'static CStr = c"bond";
    const MAXTYPE: u32 = MAX as u32;
    const POLICY: *const bindings::nla_policy = BOND_POLICY.as_ptr();
    const SLAVE_MAXTYPE: u32 = SLAVE_MAX as u32;
    const SLAVE_POLICY: *const bindings::nla_policy = SLAVE_POLICY.as_ptr();
    const INFO_SIZE: usize = nl::INFO_SIZE;
    const SLAVE_INFO_SIZE: usize = nl::SLAVE_INFO_SIZE;

    /// An address given must be a valid unicast Ethernet one.
    fn validate(tb: &AttrTable<'_>) -> Result {
        if let Some(a) = tb.get(bindings::RB_IFLA_ADDRESS) {
            let mac = a.bytes();
            if mac.len() != 6 {
                return Err(EINVAL);
            }
            if mac[0] & 1 != 0 || mac.iter().all(|&b| b == 0) {
                return Err(c_ret::error_of(errno::EADDRNOTAVAIL));
            }
        }
        Ok(())
    }

    /// Applies the attributes to the new bond; if one fails the bond is
    /// unregistered again.
    fn newlink(&self, dev: &NetDev, rtnl: &Rtnl, data: AttrTable<'_>, ext: ExtAck<'_>) -> Result {
        dev.carrier_off(rtnl);
        if let Err(e) = changelink(dev, self, data, ext, rtnl) {
            self.cancel_works();
            dev.unregister(rtnl);
            return Err(c_ret::error_of(e));
        }
        Ok(())
    }

    fn changelink(
        &self,
        dev: &NetDev,
        rtnl: &Rtnl,
        data: AttrTable<'_>,
        ext: ExtAck<'_>,
    ) -> Result {
        changelink(dev, self, data, ext, rtnl).map_err(c_ret::error_of)
    }

    fn slave_changelink(
        &self,
        dev: &NetDev,
        rtnl: &Rtnl,
        slave: &NetDev,
        data: AttrTable<'_>,
        ext: ExtAck<'_>,
    ) -> Result {
        if !data.is_present() {
            return Ok(());
        }
        slave_changelink(dev, self, slave, data, ext, rtnl)
    }

    fn num_queues() -> u32 {
        device::default_tx_queues()
    }

    fn fill_info(&self, _dev: &NetDev, rtnl: &Rtnl, msg: &mut NlMsg<'_>) -> Result<(), MsgFull> {
        let live = live_info(self, rtnl);
        let p = self.config().params;
        nl::with_sink(msg, |s| nl::fill_info(&p, &live, s)).map_err(|Full| MsgFull)
    }

    fn fill_slave_info(
        _dev: &NetDev,
        sdev: &NetDev,
        rtnl: &Rtnl,
        msg: &mut NlMsg<'_>,
    ) -> Result<(), MsgFull> {
        let Some(slave) = slave_of(sdev, rtnl) else {
            return Ok(());
        };
        let Some(bond) = Bond::from_dev(slave.bond_dev()) else {
            return Ok(());
        };
        let (st, ad) = {
            let tbl = bond.table.lock();
            let Some(i) = tbl.index_of(sdev) else {
                return Ok(());
            };
            let Some(st) = tbl.states.get(i).copied() else {
                return Ok(());
            };
            let ad = (bond.mode() == Mode::Ieee8023ad)
                .then(|| crate::bond::mode::ad::port_of(bond, i))
                .flatten()
                .map(|(port, prio)| nl::SlaveAd {
                    aggregator: port.map(|p| {
                        (
                            p.aggregator_id,
                            p.actor_oper_port_state,
                            p.partner_port_state,
                            p.actor_churn_state as u8,
                            p.partner_churn_state as u8,
                        )
                    }),
                    port_priority: prio,
                });
            (st, ad)
        };
        let addr_len = usize::from(st.addr_len).min(st.perm_hwaddr.len());
        let live = SlaveLive {
            backup: u8::from(st.backup),
            link: st.link as u8,
            link_failure_count: st.link_failure_count,
            perm_hwaddr: &st.perm_hwaddr[..addr_len],
            queue_id: slave.queue_id.load(core::sync::atomic::Ordering::Relaxed),
            prio: st.prio,
            ad,
        };
        nl::with_sink(msg, |s| nl::fill_slave_info(&live, s)).map_err(|Full| MsgFull)
    }

    fn linkxstats_size(attr: i32) -> usize {
        match attr {
            xstats_attr::LINK_XSTATS | xstats_attr::LINK_XSTATS_SLAVE => nl::XSTATS_SIZE,
            _ => 0,
        }
    }

    /// For a bond (`dev` is the bond) or for one of its slaves (`dev` is
    /// the slave); the 802.3ad counters in 802.3ad mode.
    fn fill_linkxstats(dev: &NetDev, rtnl: &Rtnl, attr: i32, msg: &mut NlMsg<'_>) -> Result {
        let mut fill = |bond: &Bond, ad: &nl::AdStats| {
            let counters = (bond.mode() == Mode::Ieee8023ad).then(|| ad.read());
            nl::with_sink(&mut *msg, |s| nl::fill_xstats(counters.as_ref(), s))
                .map_err(|Full| c_ret::error_of(errno::EMSGSIZE))
        };
        match attr {
            xstats_attr::LINK_XSTATS => match Bond::from_dev(dev) {
                Some(bond) => fill(bond, &bond.ad_stats),
                None => Err(EINVAL),
            },
            xstats_attr::LINK_XSTATS_SLAVE => {
                let Some(slave) = slave_of(dev, rtnl) else {
                    return Ok(());
                };
                match Bond::from_dev(slave.bond_dev()) {
                    Some(bond) => fill(bond, &slave.ad_stats),
                    None => Ok(()),
                }
            }
            _ => Err(EINVAL),
        }
    }
}
