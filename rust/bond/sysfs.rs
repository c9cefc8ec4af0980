// SPDX-License-Identifier: GPL-2.0

//! /sys/class/net/<bond>/bonding/: one attribute per entry of the option
//! table's sysfs list, shown and stored through the option table.

use crate::bond::device::{Bond, Config};
use crate::bond::options;
use crate::logic::options::Params;
use crate::logic::show::{show_attr, AdInfo, BondView, SlaveView, BOND_SYSFS_ATTRS};
use crate::logic::slave::SlaveState;
use crate::sys::bindings;
use crate::sys::netdev::{IfName, NetDev};
use crate::sys::rtnl::{restart_syscall, Rtnl};
use crate::sys::sync::{zeroed, CStatic};
use crate::sys::sysfs;
use kernel::prelude::*;

const N: usize = BOND_SYSFS_ATTRS.len();

static ATTRS: CStatic<[bindings::device_attribute; N]> = CStatic::new({
    // SAFETY: C structs of pointers and integers; all-zero is valid.
    let mut a: [bindings::device_attribute; N] = unsafe { zeroed() };
    let mut i = 0;
    while i < N {
        a[i].attr.name = BOND_SYSFS_ATTRS[i].cname.as_ptr().cast();
        a[i].attr.mode = BOND_SYSFS_ATTRS[i].mode;
        a[i].show = Some(attr_show);
        if BOND_SYSFS_ATTRS[i].option.is_some() {
            a[i].store = Some(attr_store);
        }
        i += 1;
    }
    a
});

static ATTR_PTRS: CStatic<[*mut bindings::attribute; N + 1]> = CStatic::new({
    let mut p = [core::ptr::null_mut(); N + 1];
    let base = ATTRS.get().cast::<bindings::device_attribute>();
    let mut i = 0;
    while i < N {
        // SAFETY: In bounds of the `N`-element array (only the address is
        // computed here; sysfs reads it later).
        p[i] = unsafe { &raw mut (*base.add(i)).attr };
        i += 1;
    }
    p
});

static GROUP: CStatic<bindings::attribute_group> = CStatic::new({
    // SAFETY: A C struct of pointers; all-zero is valid.
    let mut g: bindings::attribute_group = unsafe { zeroed() };
    g.name = c"bonding".as_ptr().cast();
    g.attrs = ATTR_PTRS.get().cast();
    g
});

/// Gives a bond being registered its `bonding/` directory.
pub(crate) fn attach_group(dev: &NetDev) {
    // SAFETY: Called from ndo_init, before the core creates the device's
    // sysfs files from `sysfs_groups`; the group is static.
    unsafe { (*dev.as_raw()).sysfs_groups[0] = GROUP.get() };
}

/// The bond as the formatting code sees it: a snapshot of its state.
pub(crate) struct View<'a> {
    dev: &'a NetDev,
    name: IfName,
    config: Config,
    /// The slaves in list order, with their state.
    pub(crate) slaves: KVec<(IfName, SlaveState)>,
    active: Option<IfName>,
    primary: Option<IfName>,
}

impl<'a> View<'a> {
    /// Snapshots `bond` (without slaves if memory is short).
    pub(crate) fn new(dev: &'a NetDev, bond: &Bond) -> Self {
        let config = bond.config();
        let tbl = bond.table.lock();
        let mut slaves = KVec::new();
        if slaves.reserve(tbl.len(), GFP_KERNEL).is_ok() {
            for (s, st) in tbl.slaves.iter().zip(tbl.states.iter()) {
                let _ = slaves.push((s.dev().name(), *st), GFP_KERNEL);
            }
        }
        let name_of = |i: Option<usize>| i.and_then(|i| tbl.slaves.get(i)).map(|s| s.dev().name());
        let active = name_of(tbl.sel.curr_active);
        let primary = name_of(tbl.sel.primary);
        drop(tbl);
        Self {
            dev,
            name: dev.name(),
            config,
            slaves,
            active,
            primary,
        }
    }
}

impl BondView for View<'_> {
    fn params(&self) -> &Params {
        &self.config.params
    }
    fn name(&self) -> &[u8] {
        self.name.as_bytes()
    }
    fn carrier_ok(&self) -> bool {
        self.dev.carrier_ok()
    }
    fn net_admin(&self) -> bool {
        crate::sys::netdev_cfg::capable_net_admin()
    }
    fn slave_count(&self) -> usize {
        self.slaves.len()
    }
    fn slave(&self, i: usize) -> Option<SlaveView<'_>> {
        self.slaves.get(i).map(|(n, st)| SlaveView {
            name: n.as_bytes(),
            queue_id: st.queue_id,
        })
    }
    fn active_slave(&self) -> Option<&[u8]> {
        self.active.as_ref().map(|n| n.as_bytes())
    }
    fn primary_slave(&self) -> Option<&[u8]> {
        self.primary.as_ref().map(|n| n.as_bytes())
    }
    fn ad_info(&self) -> Option<AdInfo> {
        None
    }
    fn ad_system(&self) -> (u16, [u8; 6]) {
        self.config.ad_system
    }
}

/// The index of `attr` in `ATTRS`.
fn index_of(attr: *const bindings::device_attribute) -> usize {
    let base = ATTRS.get() as usize;
    (attr as usize).wrapping_sub(base) / core::mem::size_of::<bindings::device_attribute>()
}

/// Recovers the bond of a sysfs callback.
///
/// # Safety
///
/// `d` must be the `struct device` of a registered net_device.
unsafe fn bond_of<'a>(d: *mut bindings::device) -> Option<(&'a NetDev, &'a Bond)> {
    // SAFETY: The caller's contract; sysfs keeps the device alive during
    // show/store (unregistration waits for them).
    let dev = unsafe { NetDev::from_raw(bindings::rb_to_net_dev(d)) };
    Bond::from_dev(dev).map(|b| (dev, b))
}

unsafe extern "C" fn attr_show(
    d: *mut bindings::device,
    attr: *mut bindings::device_attribute,
    buf: *mut kernel::ffi::c_char,
) -> isize {
    // SAFETY: Our group is only attached to bonds' devices.
    let Some((dev, bond)) = (unsafe { bond_of(d) }) else {
        return 0;
    };
    // SAFETY: `buf` is the page sysfs passed.
    let mut out = unsafe { sysfs::show_buffer(buf) };
    let _ = show_attr(index_of(attr), &View::new(dev, bond), &mut out);
    out.len() as isize
}

unsafe extern "C" fn attr_store(
    d: *mut bindings::device,
    attr: *mut bindings::device_attribute,
    buf: *const kernel::ffi::c_char,
    count: usize,
) -> isize {
    // SAFETY: Our group is only attached to bonds' devices.
    let Some((dev, bond)) = (unsafe { bond_of(d) }) else {
        return 0;
    };
    // SAFETY: `buf`/`count` are what sysfs passed.
    let input = unsafe { sysfs::store_input(buf, count) };
    let Some(id) = BOND_SYSFS_ATTRS[index_of(attr)].option else {
        return sysfs::ret(Err(kernel::error::code::EPERM));
    };
    // As bonding.ko: never sleep on RTNL here (unregistration holds RTNL
    // while it waits for sysfs users); let the syscall restart instead.
    let Some(rtnl) = Rtnl::try_lock() else {
        return sysfs::ret(Err(restart_syscall()));
    };
    let r = options::set_and_notify(dev, bond, id, input, &rtnl);
    drop(rtnl);
    sysfs::ret(r.map(|()| count))
}
