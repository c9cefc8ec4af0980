// SPDX-License-Identifier: GPL-2.0

//! balance-xor: the transmit hash picks a slave of the usable array.

use super::{send_on, trunk_slave, BondMode};
use crate::bond::device::Bond;
use crate::bond::slave::Slave;
use crate::logic::hash;
use crate::logic::options::Params;
use crate::logic::slave::SlaveState;
use crate::sys::bindings;
use crate::sys::netdev::NetDev;
use crate::sys::rcu::RcuGuard;
use crate::sys::rtnl::Rtnl;
use crate::sys::skb::SkBuff;

pub(super) struct Xor;

impl BondMode for Xor {
    fn new_slave(&self, st: &mut SlaveState, _p: &Params) -> bool {
        trunk_slave(st)
    }

    /// The usable array follows the links.
    fn link_changed(&self, bond: &Bond, rtnl: &Rtnl) {
        bond.update_slave_arr(rtnl, None);
    }

    fn xmit(
        &self,
        bond: &Bond,
        dev: &NetDev,
        skb: SkBuff,
        rcu: &RcuGuard,
    ) -> bindings::netdev_tx_t {
        let slave = hashed_slave(bond, dev, &skb, rcu);
        send_on(slave, dev, skb)
    }
}

/// `bond_xmit_3ad_xor_slave_get`: the transmit hash picks a slave of the
/// usable array (802.3ad will share it).
pub(crate) fn hashed_slave<'a>(
    bond: &Bond,
    dev: &NetDev,
    skb: &SkBuff,
    rcu: &'a RcuGuard,
) -> Option<&'a Slave> {
    let usable = bond.usable.get(rcu)?;
    let n = usable.slaves.len() as u32;
    if n == 0 {
        return None;
    }
    let policy = bond.xmit_policy();
    let meta = skb.tx_meta();
    let h = hash::xmit_hash(policy, skb, &meta, || skb.flow_keys(dev.net()));
    usable.get((h % n) as usize)
}
