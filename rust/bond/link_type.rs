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
use crate::sys::link_type::{ForwardHeaders, HeaderCreate, HeaderOps, HeaderParse};
use crate::sys::netdev::NetDev;
use crate::sys::rcu::RcuGuard;
use crate::sys::rtnl::Rtnl;

/// Header operations of a bond whose slaves have some: the active slave's.
static BOND_HEADER_OPS: HeaderOps<Bond> = HeaderOps::new();

impl ForwardHeaders for Bond {
    fn header_create(&self, _dev: &NetDev, args: &HeaderCreate) -> i32 {
        let rcu = RcuGuard::new();
        self.curr_active
            .get(&rcu)
            .map_or(0, |s| s.dev().header_create(args))
    }

    fn header_parse(&self, _dev: &NetDev, args: &HeaderParse) -> i32 {
        let rcu = RcuGuard::new();
        self.curr_active
            .get(&rcu)
            .map_or(0, |s| s.dev().header_parse(args))
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
