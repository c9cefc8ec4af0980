// SPDX-License-Identifier: GPL-2.0

//! The modes, each behind [`BondMode`] at the points where bonding.ko's
//! code asks the mode: enslaving and releasing, opening and closing the
//! bond, link changes, the carrier, receive and transmit. A mode is a
//! module here (its logic under `crate::logic`) and one line in [`of`];
//! what a mode keeps per bond that the data path and the works both
//! change is in [`ModeState`], behind the bond's mode lock.

mod activebackup;
pub(crate) mod ad;
mod broadcast;
mod roundrobin;
mod xor;

use crate::bond::datapath::tx_drop;
use crate::bond::device::Bond;
use crate::bond::slave::{Slave, SlaveTable};
use crate::logic::ad::{AdBond, AdSlave};
use crate::logic::options::{Mode, Params};
use crate::logic::slave::SlaveState;
use crate::sys::bindings;
use crate::sys::netdev::NetDev;
use crate::sys::rcu::RcuGuard;
use crate::sys::rtnl::Rtnl;
use crate::sys::skb::SkBuff;
use kernel::prelude::*;

/// What the modes keep per bond that softirq (receive) and the works both
/// change: `Bond::mode_state`, bonding.ko's `mode_lock`. Taken inside the
/// slave table's lock, never the other way round.
pub(crate) struct ModeState {
    /// 802.3ad: the bond's system and selection timer.
    pub(crate) ad: AdBond,
    /// 802.3ad: each slave's port and aggregator, in slave list order
    /// (empty in the other modes).
    pub(crate) ports: KVec<AdSlave>,
}

impl ModeState {
    /// No mode state yet.
    pub(crate) const fn new() -> Self {
        Self {
            ad: AdBond {
                sys_priority: 0,
                sys_mac: [0; 6],
                agg_select_timer: 0,
                last_agg_id: 0,
                joins: 0,
            },
            ports: KVec::new(),
        }
    }

    /// Slave `i` leaves the table: its mode state goes with it.
    pub(crate) fn remove_slave(&mut self, i: usize) {
        if i < self.ports.len() {
            let _ = crate::sys::kvec::remove(&mut self.ports, i);
        }
    }
}

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

    /// Slave `i` was just added to `tbl` (`bond_3ad_bind_slave`); an
    /// error undoes the enslave.
    fn slave_added(&self, _bond: &Bond, _tbl: &mut SlaveTable, _i: usize, _p: &Params) -> Result {
        Ok(())
    }

    /// Slave `i`'s release begins (its inactive flags are set).
    fn slave_releasing(&self, _bond: &Bond, _i: usize) {}

    /// Slave `i` is being released, its receive handler gone, still in
    /// the table (`bond_3ad_unbind_slave`).
    fn slave_leaving(&self, _bond: &Bond, _tbl: &mut SlaveTable, _i: usize, _p: &Params) {}

    /// The slaves' states in `tbl` changed and are about to be published:
    /// the mode follows their link and speed changes
    /// (`bond_3ad_handle_link_change`, `..._speed_duplex_changed`).
    fn states_changed(&self, _bond: &Bond, _tbl: &mut SlaveTable, _p: &Params) {}

    /// The bond opened (`bond_open`, after the MII monitor started).
    fn opened(&self, _bond: &Bond, _rtnl: &Rtnl) {}

    /// The bond is closing, its works cancelled (`bond_close`).
    fn closing(&self, _bond: &Bond, _rtnl: &Rtnl) {}

    /// `bond_set_carrier` when the mode decides it: whether the call
    /// counts as done (`None`: the bond's carrier follows its slaves).
    fn set_carrier(&self, _bond: &Bond, _rtnl: &Rtnl) -> Option<bool> {
        None
    }

    /// A frame received on `slave` before the bond sees it
    /// (`bond->recv_probe`); `None` when the mode consumed it.
    fn receive(&self, _bond: &Bond, _slave: &Slave, skb: SkBuff) -> Option<SkBuff> {
        Some(skb)
    }
}

/// Modes rbonding cannot enslave in yet (balance-tlb, balance-alb):
/// options and bonds work, enslaving fails.
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
        Mode::Ieee8023ad => &ad::Ad,
        Mode::Tlb | Mode::Alb => &NotYet,
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
