// SPDX-License-Identifier: GPL-2.0

//! broadcast: every frame on every slave.

use super::{trunk_slave, BondMode};
use crate::bond::datapath::{count_drop, SlaveArray};
use crate::bond::device::Bond;
use crate::logic::log::{Bytes, Level, Log};
use crate::logic::options::Params;
use crate::logic::slave::SlaveState;
use crate::sys::bindings;
use crate::sys::netdev::NetDev;
use crate::sys::netdev_cfg::net_ratelimit;
use crate::sys::print::PlainLog;
use crate::sys::rcu::RcuGuard;
use crate::sys::skb::SkBuff;
use core::sync::atomic::Ordering;

pub(super) struct Broadcast;

impl BondMode for Broadcast {
    fn new_slave(&self, st: &mut SlaveState, _p: &Params) -> bool {
        trunk_slave(st)
    }

    fn xmit(
        &self,
        bond: &Bond,
        dev: &NetDev,
        skb: SkBuff,
        rcu: &RcuGuard,
    ) -> bindings::netdev_tx_t {
        send_to_all(bond.all_slaves.get(rcu), dev, skb)
    }
}

/// `bond_xmit_broadcast`: a copy to every slave of `slaves` that is up
/// with its link up, the original to the last slave of the array.
pub(super) fn send_to_all(
    slaves: Option<&SlaveArray>,
    dev: &NetDev,
    skb: SkBuff,
) -> bindings::netdev_tx_t {
    let mut sent = false;
    let mut skb = Some(skb);
    if let Some(all) = slaves {
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
