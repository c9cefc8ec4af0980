// SPDX-License-Identifier: GPL-2.0

//! The modes, each behind [`BondMode`] at the points where bonding.ko's
//! code asks the mode: enslaving, opening the bond, a link change, and
//! transmit. A mode is a module here (its logic under `crate::logic`) and
//! one line in [`of`].

mod activebackup;
mod broadcast;
mod roundrobin;
mod xor;

use crate::bond::datapath::tx_drop;
use crate::bond::device::Bond;
use crate::bond::slave::Slave;
use crate::logic::options::{Mode, Params};
use crate::logic::slave::SlaveState;
use crate::sys::bindings;
use crate::sys::netdev::NetDev;
use crate::sys::rcu::RcuGuard;
use crate::sys::rtnl::Rtnl;
use crate::sys::skb::SkBuff;

/// What a mode does at each hook. The defaults are those of the modes
/// without state of their own.
pub(crate) trait BondMode: Sync {
    /// Whether rbonding can enslave in this mode yet.
    fn can_enslave(&self) -> bool {
        true
    }

    /// The role of a new slave (`bond_enslave`); returns whether the slave
    /// is always active ("trunk mode").
    fn new_slave(&self, st: &mut SlaveState, p: &Params) -> bool;

    /// A slave's flags when the bond opens (`bond_open`); `is_current`:
    /// it is the active slave.
    fn open_slave(&self, st: &mut SlaveState, p: &Params, is_current: bool) {
        let _ = is_current;
        st.set_active_flags(p.mode, true);
    }

    /// A slave's link went up or down (`bond_miimon_link_change`).
    fn link_changed(&self, _bond: &Bond, _rtnl: &Rtnl) {}

    /// Whether a frame's queue mapping may name its slave by queue_id
    /// (`bond_should_override_tx_queue`).
    fn overrides_tx_queue(&self) -> bool {
        false
    }

    /// Sends `skb` (`ndo_start_xmit`, under RCU).
    fn xmit(&self, bond: &Bond, dev: &NetDev, skb: SkBuff, rcu: &RcuGuard)
        -> bindings::netdev_tx_t;
}

/// Modes rbonding cannot enslave in yet (802.3ad, balance-tlb,
/// balance-alb): options and bonds work, enslaving fails.
struct NotYet;

impl BondMode for NotYet {
    fn can_enslave(&self) -> bool {
        false
    }

    fn new_slave(&self, _st: &mut SlaveState, _p: &Params) -> bool {
        false
    }

    fn open_slave(&self, _st: &mut SlaveState, _p: &Params, _is_current: bool) {}

    fn xmit(
        &self,
        _bond: &Bond,
        dev: &NetDev,
        skb: SkBuff,
        _rcu: &RcuGuard,
    ) -> bindings::netdev_tx_t {
        tx_drop(dev, skb)
    }
}

/// The behaviour of `mode`.
pub(crate) fn of(mode: Mode) -> &'static dyn BondMode {
    match mode {
        Mode::RoundRobin => &roundrobin::RoundRobin,
        Mode::ActiveBackup => &activebackup::ActiveBackup,
        Mode::Xor => &xor::Xor,
        Mode::Broadcast => &broadcast::Broadcast,
        Mode::Ieee8023ad | Mode::Tlb | Mode::Alb => &NotYet,
    }
}

/// Sends `skb` on `slave`, or drops it without one.
fn send_on(slave: Option<&Slave>, dev: &NetDev, skb: SkBuff) -> bindings::netdev_tx_t {
    match slave {
        Some(s) => skb.xmit_on(s.dev()),
        None => tx_drop(dev, skb),
    }
}

/// The trunk modes' new slave: always active.
fn trunk_slave(st: &mut SlaveState) -> bool {
    st.set_active();
    true
}
