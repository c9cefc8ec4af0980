// SPDX-License-Identifier: GPL-2.0

//! The data path: transmit, queue selection, receive. It takes no lock:
//! it reads RCU-published slave pointers and per-slave atomics.

use crate::bond::device::Bond;
use crate::bond::mode;
use crate::bond::slave::Slave;
use crate::sys::bindings;
use crate::sys::netdev::NetDev;
use crate::sys::rcu::RcuGuard;
use crate::sys::rx_handler::{RxHandler, RxVerdict};
use crate::sys::skb::SkBuff;
use core::sync::atomic::Ordering;
use kernel::prelude::*;
use kernel::sync::Arc;

/// The slaves in list order, as the data path sees them: rebuilt and
/// republished under RTNL whenever a slave comes or goes.
pub(crate) struct SlaveArray {
    pub(crate) slaves: KVec<Arc<Slave>>,
}

impl SlaveArray {
    /// The slaves.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &Slave> {
        self.slaves.iter().map(|s| &**s)
    }

    /// Slave `i`, in constant time (the transmit hash picks by index).
    pub(crate) fn get(&self, i: usize) -> Option<&Slave> {
        self.slaves.get(i).map(|s| &**s)
    }
}

/// `bond_tx_drop`: frees the skb and counts it; the sender sees a drop
/// (ENOBUFS for a packet socket).
pub(crate) fn tx_drop(dev: &NetDev, skb: SkBuff) -> bindings::netdev_tx_t {
    drop(skb);
    count_drop(dev)
}

/// Counts a dropped frame; NET_XMIT_DROP.
pub(crate) fn count_drop(dev: &NetDev) -> bindings::netdev_tx_t {
    dev.count_tx_dropped();
    bindings::RB_NET_XMIT_DROP as bindings::netdev_tx_t
}

/// `bond_slave_override`: a frame whose queue mapping names a slave's
/// queue_id goes to that slave if it is up.
fn slave_override(
    bond: &Bond,
    skb: SkBuff,
    rcu: &RcuGuard,
) -> Result<bindings::netdev_tx_t, SkBuff> {
    if skb.rx_queue().is_none() {
        return Err(skb);
    }
    let Some(all) = bond.all_slaves.get(rcu) else {
        return Err(skb);
    };
    let q = skb.queue_mapping();
    for s in all.iter() {
        if s.queue_id.load(Ordering::Relaxed) == q {
            let d = s.dev();
            if d.is_running() && d.carrier_ok() && s.link_up.load(Ordering::Relaxed) {
                return Ok(skb.xmit_on(d));
            }
            break;
        }
    }
    Err(skb)
}

/// `ndo_start_xmit`: the mode sends the frame, unless its queue mapping
/// names a slave by queue_id in a mode that allows it.
pub(crate) fn start_xmit(bond: &Bond, dev: &NetDev, skb: SkBuff) -> bindings::netdev_tx_t {
    let rcu = RcuGuard::new();
    let mode = mode::of(bond.mode());
    let skb = if mode.overrides_tx_queue() {
        match slave_override(bond, skb, &rcu) {
            Ok(ret) => return ret,
            Err(skb) => skb,
        }
    } else {
        skb
    };
    mode.xmit(bond, dev, skb, &rcu)
}

/// `ndo_select_queue`: the receive queue recorded in the frame, folded
/// into the bond's range; the original mapping is saved for the slave.
pub(crate) fn select_queue(dev: &NetDev, skb: &mut SkBuff) -> u16 {
    let mut txq = skb.rx_queue().unwrap_or(0);
    skb.save_slave_queue();
    let n = dev.real_num_tx_queues() as u16;
    while n != 0 && txq >= n {
        txq -= n;
    }
    txq
}

/// `ndo_set_rx_mode` (address lock held): the active slave follows the
/// bond's unicast and multicast lists.
pub(crate) fn set_rx_mode(bond: &Bond, dev: &NetDev) {
    let rcu = RcuGuard::new();
    if bond.mode().uses_primary() {
        if let Some(s) = bond.curr_active.get(&rcu) {
            dev.sync_addrs_to(s.dev(), true);
        }
    } else if let Some(all) = bond.all_slaves.get(&rcu) {
        for s in all.iter() {
            dev.sync_addrs_multiple(s.dev());
        }
    }
}

/// The rx_handler (`bond_handle_frame`) installed on every slave.
impl RxHandler for Slave {
    fn handle(&self, skb: SkBuff) -> RxVerdict {
        let Some(mut skb) = skb.share_check() else {
            return RxVerdict::Consumed;
        };
        // The mode's look first (`recv_probe`: 802.3ad takes LACPDUs).
        if let Some(bond) = Bond::from_dev(self.bond_dev()) {
            match mode::of(bond.mode()).receive(bond, self, skb) {
                Some(s) => skb = s,
                None => return RxVerdict::Consumed,
            }
        }
        if self.inactive.load(Ordering::Relaxed) {
            if skb.dest_is_link_local() {
                RxVerdict::Pass(skb)
            } else {
                RxVerdict::Exact(skb)
            }
        } else {
            skb.set_dev(self.bond_dev());
            RxVerdict::Another(skb)
        }
    }
}
