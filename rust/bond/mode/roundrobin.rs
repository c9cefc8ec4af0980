// SPDX-License-Identifier: GPL-2.0

//! balance-rr: slaves take turns, `packets_per_slave` frames each.

use super::{send_on, trunk_slave, BondMode};
use crate::bond::datapath::SlaveArray;
use crate::bond::device::Bond;
use crate::bond::slave::Slave;
use crate::logic::hash::Frame;
use crate::logic::options::Params;
use crate::logic::slave::SlaveState;
use crate::sys::bindings;
use crate::sys::netdev::NetDev;
use crate::sys::netdev_cfg::random_u32;
use crate::sys::rcu::RcuGuard;
use crate::sys::skb::SkBuff;

const IPPROTO_IGMP: u8 = 2;

pub(super) struct RoundRobin;

impl BondMode for RoundRobin {
    fn new_slave(&self, st: &mut SlaveState, _p: &Params) -> bool {
        trunk_slave(st)
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
        let slave = pick(bond, &skb, rcu);
        send_on(slave, dev, skb)
    }
}

/// `bond_rr_gen_slave_id`: a random number, the packet count, or the
/// packet count divided by packets_per_slave.
fn gen_slave_id(bond: &Bond) -> u32 {
    match bond.packets_per_slave() {
        0 => random_u32(),
        1 => bond.rr_counter.inc_return(),
        n => bond.rr_counter.inc_return() / n,
    }
}

/// `bond_get_slave_by_id`: the first slave that can transmit, starting at
/// list position `id` and wrapping around.
fn slave_by_id(all: &SlaveArray, id: usize) -> Option<&Slave> {
    let n = all.slaves.len();
    Iterator::chain(all.iter().skip(id), all.iter().take(id.min(n))).find(|s| s.can_tx())
}

/// `bond_xmit_roundrobin_slave_get`: IGMP leaves through the active slave
/// (or the first one that can transmit); other frames take turns.
fn pick<'a>(bond: &Bond, skb: &SkBuff, rcu: &'a RcuGuard) -> Option<&'a Slave> {
    let meta = skb.tx_meta();
    if meta.proto == bindings::RB_ETH_P_IP {
        let mut iph = [0u8; 20];
        if skb.read(meta.nhoff, &mut iph) && iph[9] == IPPROTO_IGMP {
            return match bond.curr_active.get(rcu) {
                Some(s) => Some(s),
                None => slave_by_id(bond.all_slaves.get(rcu)?, 0),
            };
        }
    }
    let all = bond.all_slaves.get(rcu)?;
    let n = all.slaves.len() as u32;
    if n == 0 {
        return None;
    }
    slave_by_id(all, (gen_slave_id(bond) % n) as usize)
}
