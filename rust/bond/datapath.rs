// SPDX-License-Identifier: GPL-2.0

//! The data path: transmit, queue selection, receive. It takes no lock:
//! it reads RCU-published slave pointers and per-slave atomics.

use crate::bond::device::Bond;
use crate::bond::slave::Slave;
use crate::logic::hash::{self, Frame};
use crate::logic::log::{Bytes, Level, Log};
use crate::logic::options::Mode;
use crate::sys::bindings;
use crate::sys::netdev::NetDev;
use crate::sys::netdev_cfg::{net_ratelimit, random_u32};
use crate::sys::print::PlainLog;
use crate::sys::rcu::RcuGuard;
use crate::sys::rx_handler::{RxHandler, RxVerdict};
use crate::sys::skb::SkBuff;
use core::sync::atomic::Ordering;
use kernel::prelude::*;

const IPPROTO_IGMP: u8 = 2;

/// The slaves in list order, as the data path sees them: rebuilt and
/// republished under RTNL whenever a slave comes or goes.
pub(crate) struct SlaveArray {
    pub(crate) slaves: KVec<*const Slave>,
}

impl SlaveArray {
    /// The slaves.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &Slave> {
        // SAFETY: The array is published only while its slaves are in the
        // table; a slave is freed only after a newer array is published
        // and a grace period has passed, so an array read under RCU points
        // to live slaves.
        self.slaves.iter().map(|&p| unsafe { &*p })
    }

    /// Slave `i`, in constant time (the transmit hash picks by index).
    pub(crate) fn get(&self, i: usize) -> Option<&Slave> {
        // SAFETY: As in `iter`.
        self.slaves.get(i).map(|&p| unsafe { &*p })
    }
}

/// `bond_tx_drop`: frees the skb and counts it; the sender sees a drop
/// (ENOBUFS for a packet socket).
fn tx_drop(dev: &NetDev, skb: SkBuff) -> bindings::netdev_tx_t {
    drop(skb);
    count_drop(dev)
}

/// Counts a dropped frame; NET_XMIT_DROP.
fn count_drop(dev: &NetDev) -> bindings::netdev_tx_t {
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

/// `ndo_start_xmit`.
pub(crate) fn start_xmit(bond: &Bond, dev: &NetDev, skb: SkBuff) -> bindings::netdev_tx_t {
    let rcu = RcuGuard::new();
    let mode = bond.mode();
    let skb = if matches!(mode, Mode::ActiveBackup | Mode::RoundRobin) {
        match slave_override(bond, skb, &rcu) {
            Ok(ret) => return ret,
            Err(skb) => skb,
        }
    } else {
        skb
    };
    let slave = match mode {
        Mode::ActiveBackup => bond.curr_active.get(&rcu),
        Mode::RoundRobin => roundrobin_slave(bond, &skb, &rcu),
        Mode::Xor => xor_slave(bond, dev, &skb, &rcu),
        Mode::Broadcast => return xmit_broadcast(bond, dev, skb, &rcu),
        // Enslaving is refused in the other modes for now.
        _ => None,
    };
    match slave {
        Some(s) => skb.xmit_on(s.dev()),
        None => tx_drop(dev, skb),
    }
}

/// `bond_rr_gen_slave_id`: a random number, the packet count, or the
/// packet count divided by packets_per_slave.
fn rr_gen_slave_id(bond: &Bond) -> u32 {
    match bond.packets_per_slave() {
        0 => random_u32(),
        1 => bond.rr_counter.inc_return(),
        n => bond.rr_counter.inc_return() / n,
    }
}

/// `bond_get_slave_by_id`: the first slave that can transmit, starting at
/// list position `id` and wrapping around.
fn slave_by_id<'a>(all: &'a SlaveArray, id: usize) -> Option<&'a Slave> {
    let n = all.slaves.len();
    Iterator::chain(all.iter().skip(id), all.iter().take(id.min(n))).find(|s| s.can_tx())
}

/// `bond_xmit_roundrobin_slave_get`: IGMP leaves through the active slave
/// (or the first one that can transmit); other frames take turns.
fn roundrobin_slave<'a>(bond: &Bond, skb: &SkBuff, rcu: &'a RcuGuard) -> Option<&'a Slave> {
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
    slave_by_id(all, (rr_gen_slave_id(bond) % n) as usize)
}

/// `bond_xmit_3ad_xor_slave_get`: the transmit hash picks a slave of the
/// usable array.
fn xor_slave<'a>(bond: &Bond, dev: &NetDev, skb: &SkBuff, rcu: &'a RcuGuard) -> Option<&'a Slave> {
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

/// `bond_xmit_broadcast`: a copy to every slave that is up with its link
/// up, the original to the last slave of the list.
fn xmit_broadcast(bond: &Bond, dev: &NetDev, skb: SkBuff, rcu: &RcuGuard) -> bindings::netdev_tx_t {
    let mut sent = false;
    let mut skb = Some(skb);
    if let Some(all) = bond.all_slaves.get(rcu) {
        let n = all.slaves.len();
        for (i, s) in all.iter().enumerate() {
            if !(s.is_up() && s.link_up.load(Ordering::Relaxed)) {
                continue;
            }
            let copy = if i + 1 == n {
                skb.take()
            } else {
                let c = skb.as_ref().and_then(SkBuff::try_clone);
                if c.is_none() && net_ratelimit() {
                    PlainLog.log(
                        Level::Err,
                        format_args!(
                            "{}: Error: bond_xmit_broadcast: skb_clone() failed",
                            Bytes(dev.name().as_bytes())
                        ),
                    );
                }
                c
            };
            if let Some(c) = copy {
                sent |= c.xmit_on(s.dev()) == bindings::RB_NETDEV_TX_OK as bindings::netdev_tx_t;
            }
        }
    }
    drop(skb);
    if sent {
        bindings::RB_NETDEV_TX_OK as bindings::netdev_tx_t
    } else {
        count_drop(dev)
    }
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
