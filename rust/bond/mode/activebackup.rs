// SPDX-License-Identifier: GPL-2.0

//! active-backup: one slave at a time, the active slave.

use super::{send_on, BondMode};
use crate::bond::device::Bond;
use crate::logic::options::Params;
use crate::logic::slave::SlaveState;
use crate::sys::bindings;
use crate::sys::netdev::NetDev;
use crate::sys::rcu::RcuGuard;
use crate::sys::skb::SkBuff;

pub(super) struct ActiveBackup;

impl BondMode for ActiveBackup {
    fn new_slave(&self, st: &mut SlaveState, p: &Params) -> bool {
        st.set_inactive_flags(p, true);
        false
    }

    fn open_slave(&self, st: &mut SlaveState, p: &Params, is_current: bool) {
        if is_current {
            st.set_active_flags(p.mode, true);
        } else {
            st.set_inactive_flags(p, true);
        }
    }

    fn overrides_tx_queue(&self) -> bool {
        true
    }

    fn xmit(
        &self,
        bond: &Bond,
        dev: &NetDev,
        skb: SkBuff,
        rcu: &RcuGuard,
    ) -> bindings::netdev_tx_t {
        send_on(bond.curr_active.get(rcu), dev, skb)
    }
}
