// SPDX-License-Identifier: GPL-2.0

//! The data path: transmit, queue selection, receive. It takes no lock:
//! it reads RCU-published slave pointers and per-slave atomics.

use crate::bond::device::Bond;
use crate::bond::slave::Slave;
use crate::logic::options::Mode;
use crate::sys::bindings;
use crate::sys::netdev::NetDev;
use crate::sys::netdev_cfg::RxHandler;
use crate::sys::rcu::RcuGuard;
use crate::sys::skb::SkBuff;
use core::sync::atomic::Ordering;
use kernel::prelude::*;

/// The rx_handler installed on every slave.
pub(crate) const HANDLE_FRAME: RxHandler = bond_handle_frame;

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
}

/// `bond_tx_drop`: frees the skb and counts it.
fn tx_drop(dev: &NetDev, skb: SkBuff) -> bindings::netdev_tx_t {
    // SAFETY: `dev` is the registered device transmitting; the counter is
    // per-CPU and lock-free.
    unsafe { bindings::rb_dev_core_stats_tx_dropped_inc(dev.as_raw()) };
    drop(skb);
    bindings::RB_NETDEV_TX_OK as bindings::netdev_tx_t
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
pub(crate) unsafe extern "C" fn bond_start_xmit(
    skb: *mut bindings::sk_buff,
    dev: *mut bindings::net_device,
) -> bindings::netdev_tx_t {
    // SAFETY: The core passes ownership of `skb` to ndo_start_xmit.
    let skb = unsafe { SkBuff::from_raw(skb) };
    // SAFETY: The core transmits on a registered device.
    let dev = unsafe { NetDev::from_raw(dev) };
    let Some(bond) = Bond::from_dev(dev) else {
        return tx_drop(dev, skb);
    };
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
    match mode {
        Mode::ActiveBackup => match bond.curr_active.get(&rcu) {
            Some(s) => skb.xmit_on(s.dev()),
            None => tx_drop(dev, skb),
        },
        // Enslaving is refused in the other modes for now.
        _ => tx_drop(dev, skb),
    }
}

/// `ndo_select_queue`: the receive queue recorded in the frame, folded
/// into the bond's range; the original mapping is saved for the slave.
pub(crate) unsafe extern "C" fn bond_select_queue(
    dev: *mut bindings::net_device,
    skb: *mut bindings::sk_buff,
    _sb_dev: *mut bindings::net_device,
) -> u16 {
    // SAFETY: The core passes a registered device and an skb it keeps
    // owning; we borrow it for the call.
    let (dev, mut skb) = unsafe { (NetDev::from_raw(dev), SkBuff::from_raw(skb)) };
    let mut txq = skb.rx_queue().unwrap_or(0);
    skb.save_slave_queue();
    let _ = skb.into_raw();
    let n = dev.real_num_tx_queues() as u16;
    while n != 0 && txq >= n {
        txq -= n;
    }
    txq
}

/// `ndo_set_rx_mode` (address lock held): the active slave follows the
/// bond's unicast and multicast lists.
pub(crate) unsafe extern "C" fn bond_set_rx_mode(dev: *mut bindings::net_device) {
    // SAFETY: The core calls this on a registered device.
    let dev = unsafe { NetDev::from_raw(dev) };
    let Some(bond) = Bond::from_dev(dev) else {
        return;
    };
    let rcu = RcuGuard::new();
    if bond.mode().uses_primary() {
        if let Some(s) = bond.curr_active.get(&rcu) {
            dev.sync_addrs_to(s.dev(), true);
        }
    }
}

/// The rx_handler (`bond_handle_frame`).
unsafe extern "C" fn bond_handle_frame(
    pskb: *mut *mut bindings::sk_buff,
) -> bindings::rx_handler_result_t {
    // SAFETY: The core passes the skb it received, which the handler may
    // replace or consume.
    let skb = unsafe { SkBuff::from_raw(*pskb) };
    let Some(mut skb) = skb.share_check() else {
        return bindings::RB_RX_HANDLER_CONSUMED as bindings::rx_handler_result_t;
    };
    // SAFETY: The skb arrived on a device whose rx_handler is ours (we run
    // as it, under RCU); its data is the `Slave`, alive until
    // `netdev_rx_handler_unregister` has waited for running handlers.
    let slave = unsafe {
        let dev = NetDev::from_raw(skb.dev_raw());
        &*dev.rx_handler_data().cast::<Slave>()
    };
    let ret = if slave.inactive.load(Ordering::Relaxed) {
        if skb.dest_is_link_local() {
            bindings::RB_RX_HANDLER_PASS
        } else {
            bindings::RB_RX_HANDLER_EXACT
        }
    } else {
        skb.set_dev(slave.bond_dev());
        bindings::RB_RX_HANDLER_ANOTHER
    };
    // SAFETY: The (possibly new) skb goes back to the core.
    unsafe { *pskb = skb.into_raw() };
    ret as bindings::rx_handler_result_t
}
