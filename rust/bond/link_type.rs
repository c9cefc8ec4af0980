// SPDX-License-Identifier: GPL-2.0

//! The bond's link-layer type follows its first slave: a bond with no
//! slaves takes a non-Ethernet device's type when enslaving it and becomes
//! Ethernet again with the next Ethernet first slave (or when that first
//! enslave fails), as bonding.ko does.

use crate::bond::device::Bond;
use crate::logic::errno;
use crate::logic::log::{Level, Log};
use crate::logic::options::Mode;
use crate::sys::bindings;
use crate::sys::link_type::HeaderOps;
use crate::sys::netdev::NetDev;
use crate::sys::rcu::RcuGuard;
use crate::sys::rtnl::Rtnl;

/// Header operations of a bond whose slaves have some: the active slave's.
static BOND_HEADER_OPS: HeaderOps = HeaderOps {
    create: Some(bond_header_create),
    parse: Some(bond_header_parse),
    cache: None,
    cache_update: None,
    validate: None,
    parse_protocol: None,
};

/// `header_ops->create` of a bond: the active slave builds the header.
///
/// # Safety
///
/// Only C calls it, as the callback it is installed as, with the
/// arguments that callback's contract gives.
unsafe extern "C" fn bond_header_create(
    skb: *mut bindings::sk_buff,
    dev: *mut bindings::net_device,
    ty: u16,
    daddr: *const kernel::ffi::c_void,
    saddr: *const kernel::ffi::c_void,
    len: u32,
) -> i32 {
    // SAFETY: The stack calls header ops on a registered device.
    let dev = unsafe { NetDev::from_raw(dev) };
    let Some(bond) = Bond::from_dev(dev) else {
        return 0;
    };
    let rcu = RcuGuard::new();
    match bond.curr_active.get(&rcu) {
        // SAFETY: The stack's arguments, passed on for a device the bond
        // transmits through; the slave is alive under `rcu`.
        Some(s) => unsafe { s.dev().header_create(skb, ty, daddr, saddr, len) },
        None => 0,
    }
}

/// `header_ops->parse` of a bond: the active slave reads the header.
///
/// # Safety
///
/// Only C calls it, as the callback it is installed as, with the
/// arguments that callback's contract gives.
unsafe extern "C" fn bond_header_parse(
    skb: *const bindings::sk_buff,
    dev: *const bindings::net_device,
    haddr: *mut u8,
) -> i32 {
    // SAFETY: The stack calls header ops on a registered device.
    let dev = unsafe { NetDev::from_raw(dev.cast_mut()) };
    let Some(bond) = Bond::from_dev(dev) else {
        return 0;
    };
    let rcu = RcuGuard::new();
    match bond.curr_active.get(&rcu) {
        // SAFETY: As in `bond_header_create`.
        Some(s) => unsafe { s.dev().header_parse(skb, haddr) },
        None => 0,
    }
}

/// The first slave `sdev` has another type than the bond: the bond takes
/// it (or becomes Ethernet again). Errors carry the errno to return; the
/// bond is unchanged then.
pub(crate) fn follow_first_slave(
    bdev: &NetDev,
    sdev: &NetDev,
    mode: Mode,
    slog: &mut dyn Log,
    rtnl: &Rtnl,
) -> Result<(), i32> {
    let ether = sdev.dev_type() == bindings::RB_ARPHRD_ETHER;
    if !ether && mode == Mode::Ieee8023ad {
        slog.log(
            Level::Err,
            format_args!("Error: 8023AD mode requires Ethernet devices"),
        );
        return Err(errno::EINVAL);
    }
    slog.log(
        Level::Debug,
        format_args!(
            "change device type from {} to {}",
            bdev.dev_type(),
            sdev.dev_type()
        ),
    );
    if bdev.pre_type_change(rtnl).is_err() {
        slog.log(Level::Err, format_args!("refused to change device type"));
        return Err(errno::EBUSY);
    }
    bdev.flush_addr_lists(rtnl);
    if ether {
        bdev.ether_setup_master(rtnl);
    } else {
        setup_by_slave(bdev, sdev, rtnl);
    }
    bdev.notify(rtnl, bindings::RB_NETDEV_POST_TYPE_CHANGE as u32);
    Ok(())
}

/// `bond_setup_by_slave()`: closed, retyped, reopened if it was up.
fn setup_by_slave(bdev: &NetDev, sdev: &NetDev, rtnl: &Rtnl) {
    let was_up = bdev.is_up();
    bdev.close(rtnl);
    let ops = sdev.has_header_ops().then_some(&BOND_HEADER_OPS);
    bdev.take_link_type_of(rtnl, sdev, ops);
    if was_up {
        // bonding.ko ignores a failure to reopen, too.
        let _ = bdev.open(rtnl);
    }
}

/// The failed first enslave of a bond that is not Ethernet: closed and made
/// Ethernet again.
pub(crate) fn undo_first(bdev: &NetDev, rtnl: &Rtnl) {
    if bdev.dev_type() != bindings::RB_ARPHRD_ETHER {
        bdev.close(rtnl);
        bdev.ether_setup_master(rtnl);
    }
}
