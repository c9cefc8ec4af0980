// SPDX-License-Identifier: GPL-2.0

//! The netdevice notifier: what happens to bonds (and later slaves) outside
//! the driver's own calls.

use crate::bond::active::Pending;
use crate::bond::device::Bond;
use crate::bond::mode::ad;
use crate::bond::procfs;
use crate::bond::slave::{slave_of, Slave};
use crate::bond::{active, enslave};
use crate::logic::log::{Bytes, Level, Log};
use crate::logic::options::Mode;
use crate::logic::slave::Actions;
use crate::sys::bindings;
use crate::sys::netdev::NetDev;
use crate::sys::notifier::{NetdevEvents, NetdevNotifier};
use crate::sys::print::DevLog;
use crate::sys::rtnl::Rtnl;
use kernel::error::Result;

/// The driver's events.
struct BondEvents;

static NOTIFIER: NetdevNotifier<BondEvents> = NetdevNotifier::new();

/// Registers the notifier (it replays REGISTER for existing devices).
pub(crate) fn register() -> Result {
    NOTIFIER.register()
}

/// Unregisters the notifier (it replays UNREGISTER for existing devices).
pub(crate) fn unregister() {
    NOTIFIER.unregister();
}

fn bond_event(dev: &NetDev, bond: &Bond, event: u64, rtnl: &Rtnl) {
    match event {
        e if e == bindings::RB_NETDEV_REGISTER as u64 => procfs::create_entry(dev, bond, rtnl),
        e if e == bindings::RB_NETDEV_UNREGISTER as u64 => procfs::remove_entry(dev, bond, rtnl),
        e if e == bindings::RB_NETDEV_CHANGENAME as u64 => {
            procfs::remove_entry(dev, bond, rtnl);
            procfs::create_entry(dev, bond, rtnl);
        }
        _ => {}
    }
}

/// What bonding.ko's `bond_slave_netdev_event()` does for active-backup.
fn slave_event(sdev: &NetDev, slave: &Slave, event: u64, rtnl: &Rtnl) {
    let bdev = slave.bond_dev();
    let Some(bond) = Bond::from_dev(bdev) else {
        return;
    };
    let is = |e: kernel::ffi::c_ulong| event == e as u64;
    if is(bindings::RB_NETDEV_UNREGISTER) {
        if bdev.dev_type() != bindings::RB_ARPHRD_ETHER {
            enslave::release_and_destroy(bdev, bond, sdev, rtnl);
        } else {
            let _ = enslave::release(bdev, bond, sdev, false, true, rtnl);
        }
    } else if is(bindings::RB_NETDEV_UP)
        || is(bindings::RB_NETDEV_CHANGE)
        || is(bindings::RB_NETDEV_DOWN)
    {
        if !is(bindings::RB_NETDEV_DOWN) {
            let ks = sdev.link_ksettings(rtnl);
            let lacp = bond.mode() == Mode::Ieee8023ad;
            let mut pending = Pending::new();
            {
                let mut tbl = bond.table.lock();
                if let Some(st) = tbl.index_of(sdev).and_then(|i| tbl.states.get_mut(i)) {
                    // 802.3ad: a slave without speed and duplex fails
                    // until the MII monitor sees them right.
                    if st.update_speed_duplex(ks) && lacp {
                        ad::speed_duplex_failed(st);
                    }
                    if lacp {
                        st.actions |= Actions::AD_SPEED_DUPLEX;
                    }
                }
                pending.collect(bond, &mut tbl, None);
            }
            pending.run(bdev, bond, rtnl);
        }
        // The hash modes' array must not keep a slave that went down
        // when no monitor runs.
        if bond.config().params.mode.can_use_xmit_hash() {
            bond.update_slave_arr(rtnl, None);
        }
    } else if is(bindings::RB_NETDEV_CHANGENAME) {
        slave_renamed(bdev, bond, sdev, rtnl);
    } else if is(bindings::RB_NETDEV_FEAT_CHANGE) {
        if !bond.notifier_ctx.get(rtnl) {
            bond.notifier_ctx.set(rtnl, true);
            bdev.compute_master_features(rtnl);
            bond.notifier_ctx.set(rtnl, false);
        }
    } else if is(bindings::RB_NETDEV_RESEND_IGMP) {
        bdev.notify(rtnl, bindings::RB_NETDEV_RESEND_IGMP as u32);
    }
}

/// A renamed slave may stop or start being the configured primary.
fn slave_renamed(bdev: &NetDev, bond: &Bond, sdev: &NetDev, rtnl: &Rtnl) {
    let p = bond.config().params;
    let primary = crate::logic::options::cstr(&p.primary);
    if !p.mode.uses_primary() || primary.is_empty() {
        return;
    }
    let name = sdev.name();
    let had_primary = {
        let mut tbl = bond.table.lock();
        let Some(i) = tbl.index_of(sdev) else { return };
        let had = tbl.sel.primary.is_some();
        if tbl.sel.primary == Some(i) {
            tbl.sel.primary = None;
        } else if name.as_bytes() == primary {
            tbl.sel.primary = Some(i);
        } else {
            return;
        }
        had
    };
    let shown: &[u8] = if had_primary {
        name.as_bytes()
    } else {
        b"none"
    };
    DevLog::new(bdev).log(
        Level::Info,
        format_args!(
            "Primary slave changed to {}, reselecting active slave",
            Bytes(shown)
        ),
    );
    active::select(bdev, bond, rtnl);
}

impl NetdevEvents for BondEvents {
    fn event(dev: &NetDev, event: u64, rtnl: &Rtnl) {
        if let Some(bond) = Bond::from_dev(dev) {
            bond_event(dev, bond, event, rtnl);
        }
        if let Some(slave) = slave_of(dev, rtnl) {
            slave_event(dev, &slave, event, rtnl);
        }
    }
}
