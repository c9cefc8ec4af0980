// SPDX-License-Identifier: GPL-2.0

//! Per-namespace state: the list of bonds, /sys/class/net/bonding_masters
//! and /proc/net/bonding.

use crate::logic::log::Bytes;
use crate::logic::log::{Level, Log};
use crate::logic::options::parse_ifname_command;
use crate::logic::show::bonding_masters;
use crate::sys::bindings;
use crate::sys::c_ret;
use crate::sys::kvec;
use crate::sys::netdev::{DevPtr, IfName, NetDev};
use crate::sys::pernet;
use crate::sys::print::{ModuleLog, PlainLog};
use crate::sys::procfs::ProcDir;
use crate::sys::rtnl::Rtnl;
use crate::sys::sync::{zeroed, CStatic};
use crate::sys::sysfs;
use kernel::prelude::*;
use kernel::sync::Mutex;
use kernel::types::Opaque;

/// The directory name under /proc/net, as bonding.ko's.
pub(crate) const PROC_DIR: &core::ffi::CStr = c"bonding";

/// Per-namespace state (bonding.ko's `struct bond_net`).
#[pin_data]
pub(crate) struct BondNet {
    net: NetPtr,
    /// Registered bonds of this namespace, in creation order. A device is
    /// added by its ndo_init and removed by its ndo_uninit, so every entry
    /// is registered.
    #[pin]
    bonds: Mutex<KVec<DevPtr>>,
    proc_dir: Option<ProcDir>,
    /// This namespace's copy of the bonding_masters attribute: its callbacks
    /// find the `BondNet` from it.
    #[pin]
    masters: Opaque<bindings::class_attribute>,
}

#[derive(Clone, Copy)]
struct NetPtr(*mut bindings::net);
// SAFETY: A pointer to the namespace that owns this state; used from any
// thread while the namespace lives.
unsafe impl Send for NetPtr {}
// SAFETY: As above.
unsafe impl Sync for NetPtr {}

static BOND_NET_ID: CStatic<kernel::ffi::c_uint> = CStatic::new(0);

/// The pernet registration.
pub(crate) static BOND_NET_OPS: CStatic<bindings::pernet_operations> = CStatic::new({
    // SAFETY: `pernet_operations` is a C struct of pointers and integers.
    let mut ops: bindings::pernet_operations = unsafe { zeroed() };
    ops.init = Some(bond_net_init);
    ops.pre_exit = Some(bond_net_pre_exit);
    ops.exit = Some(bond_net_exit);
    ops.id = BOND_NET_ID.get();
    ops.size = core::mem::size_of::<BondNet>();
    ops
});

impl BondNet {
    /// The state of `dev`'s namespace.
    pub(crate) fn of(dev: &NetDev) -> &BondNet {
        // SAFETY: Our pernet ops are registered while any bond or notifier
        // exists; a device's namespace outlives the device; `init` wrote a
        // `BondNet` into the area, dropped only by `exit` after all bonds of
        // the namespace are gone.
        unsafe { &*pernet::data::<BondNet>(dev.net(), &BOND_NET_OPS) }
    }

    /// Adds a bond being registered.
    pub(crate) fn add_bond(&self, dev: &NetDev, _rtnl: &Rtnl) -> Result {
        self.bonds.lock().push(DevPtr::new(dev), GFP_KERNEL)?;
        Ok(())
    }

    /// Removes a bond being unregistered.
    pub(crate) fn remove_bond(&self, dev: &NetDev, _rtnl: &Rtnl) {
        let mut bonds = self.bonds.lock();
        let me = DevPtr::new(dev);
        if let Some(i) = bonds.iter().position(|&d| d == me) {
            kvec::remove(&mut bonds, i);
        }
    }

    /// The bond named `name`, if any.
    fn bond_by_name<'a>(&self, name: &[u8], _rtnl: &'a Rtnl) -> Option<&'a NetDev> {
        let bonds = self.bonds.lock();
        bonds.iter().find_map(|d| {
            // SAFETY: Entries are registered devices; with RTNL held none
            // can be unregistered while the borrow lasts.
            let dev = unsafe { d.get() };
            (dev.name().as_bytes() == name).then_some(dev)
        })
    }

    /// The /proc/net/bonding directory, if it could be created.
    pub(crate) fn proc_dir(&self) -> Option<&ProcDir> {
        self.proc_dir.as_ref()
    }

    fn show_masters(&self, out: &mut dyn core::fmt::Write) -> core::fmt::Result {
        let bonds = self.bonds.lock();
        let names: KVec<IfName> = {
            let mut v = KVec::new();
            for d in bonds.iter() {
                // SAFETY: Entries are registered while the lock is held.
                let name = unsafe { d.get() }.name();
                if v.push(name, GFP_KERNEL).is_err() {
                    break;
                }
            }
            v
        };
        drop(bonds);
        bonding_masters(&mut names.iter().map(|n| n.as_bytes()), out)
    }

    fn store_masters(&self, input: &[u8]) -> Result {
        let mut log = ModuleLog;
        let Ok((cmd, ifname)) = parse_ifname_command(input) else {
            log.log(
                Level::Err,
                format_args!("no command found in bonding_masters - use +ifname or -ifname"),
            );
            return Err(EPERM);
        };
        if cmd == b'+' {
            log.log(
                Level::Info,
                format_args!("{} is being created...", Bytes(ifname)),
            );
            if let Err(e) = crate::bond::device::create(self.net.0, Some(&IfName::new(ifname))) {
                if e == EEXIST {
                    log.log(
                        Level::Info,
                        format_args!("{} already exists", Bytes(ifname)),
                    );
                } else {
                    log.log(
                        Level::Info,
                        format_args!("{} creation failed", Bytes(ifname)),
                    );
                }
                return Err(e);
            }
            return Ok(());
        }
        let rtnl = Rtnl::lock();
        match self.bond_by_name(ifname, &rtnl) {
            Some(dev) => {
                log.log(
                    Level::Info,
                    format_args!("{} is being deleted...", Bytes(ifname)),
                );
                dev.unregister(&rtnl);
                Ok(())
            }
            None => {
                log.log(
                    Level::Err,
                    format_args!("unable to delete non-existent {}", Bytes(ifname)),
                );
                Err(ENODEV)
            }
        }
    }
}

/// Whether /sys/class/net/bonding_masters exists in the caller's namespace,
/// i.e. another bonding driver is loaded.
pub(crate) fn other_driver_loaded() -> bool {
    sysfs::path_exists(c"/sys/class/net/bonding_masters")
}

/// Recovers the `BondNet` from its bonding_masters attribute.
///
/// # Safety
///
/// `attr` must be the `masters` field of a live `BondNet`.
unsafe fn from_masters_attr<'a>(attr: *const bindings::class_attribute) -> &'a BondNet {
    let off = core::mem::offset_of!(BondNet, masters);
    // SAFETY: The caller's contract: `attr` is inside a live `BondNet`.
    unsafe { &*attr.cast::<u8>().sub(off).cast::<BondNet>() }
}

/// # Safety
///
/// Only C calls it, as the callback it is installed as, with the
/// arguments that callback's contract gives.
unsafe extern "C" fn masters_show(
    _class: *const bindings::class,
    attr: *const bindings::class_attribute,
    buf: *mut kernel::ffi::c_char,
) -> isize {
    // SAFETY: sysfs calls this for the attribute registered by
    // `bond_net_init`, removed in pre_exit before the `BondNet` goes.
    let bn = unsafe { from_masters_attr(attr) };
    // SAFETY: `buf` is the page sysfs passed.
    let mut out = unsafe { sysfs::show_buffer(buf) };
    let _ = bn.show_masters(&mut out);
    out.len() as isize
}

/// # Safety
///
/// Only C calls it, as the callback it is installed as, with the
/// arguments that callback's contract gives.
unsafe extern "C" fn masters_store(
    _class: *const bindings::class,
    attr: *const bindings::class_attribute,
    buf: *const kernel::ffi::c_char,
    count: usize,
) -> isize {
    // SAFETY: As in `masters_show`.
    let bn = unsafe { from_masters_attr(attr) };
    // SAFETY: `buf`/`count` are what sysfs passed.
    let input = unsafe { sysfs::store_input(buf, count) };
    c_ret::ssize_of(bn.store_masters(input).map(|()| count))
}

/// Pernet init: builds the `BondNet`, bonding_masters and /proc/net/bonding.
///
/// # Safety
///
/// Only C calls it, as the callback it is installed as, with the
/// arguments that callback's contract gives.
unsafe extern "C" fn bond_net_init(net: *mut bindings::net) -> kernel::ffi::c_int {
    let proc_dir = ProcDir::mkdir(net, PROC_DIR);
    if proc_dir.is_none() {
        PlainLog.log(
            Level::Warn,
            format_args!("Warning: Cannot create /proc/net/bonding"),
        );
    }
    let init = pin_init!(BondNet {
        net: NetPtr(net),
        bonds <- kernel::new_mutex!(KVec::new()),
        proc_dir,
        masters <- Opaque::ffi_init(|a: *mut bindings::class_attribute| {
            // SAFETY: `a` points to the uninitialised field; we fill every
            // member before sysfs can see it.
            unsafe {
                a.write(zeroed());
                (*a).attr.name = c"bonding_masters".as_ptr().cast();
                (*a).attr.mode = 0o644;
                (*a).show = Some(masters_show);
                (*a).store = Some(masters_store);
                bindings::rb_sysfs_attr_init(&raw mut (*a).attr);
            }
        }),
    });
    // SAFETY: Our ops are being registered, so the area exists; `net` is
    // alive during its init.
    let slot = unsafe { pernet::data::<BondNet>(net, &BOND_NET_OPS) };
    // SAFETY: The area is sized for a `BondNet`, aligned by kmalloc, unused
    // so far and never moves. The initialiser cannot fail.
    let _ = unsafe { init.__pinned_init(slot) };
    // SAFETY: Just initialised.
    let bn = unsafe { &*slot };
    // SAFETY: The attribute lives in `bn` until exit, after pre_exit removed it.
    let ret = unsafe { bindings::netdev_class_create_file_ns(bn.masters.get(), net.cast()) };
    if ret == EEXIST.to_errno() {
        // As bonding.ko: a device called bonding_masters blocks the file.
        ModuleLog.log(
            Level::Err,
            format_args!("network device named bonding_masters already exists in sysfs"),
        );
    }
    0
}

/// Pernet pre_exit: removes bonding_masters before the bonds go.
///
/// # Safety
///
/// Only C calls it, as the callback it is installed as, with the
/// arguments that callback's contract gives.
unsafe extern "C" fn bond_net_pre_exit(net: *mut bindings::net) {
    // SAFETY: The namespace is alive until its exit; `init` built the state.
    let bn = unsafe { &*pernet::data::<BondNet>(net, &BOND_NET_OPS) };
    // SAFETY: The attribute was created (or creation failed, which removal
    // tolerates) by `bond_net_init` for this namespace.
    unsafe { bindings::netdev_class_remove_file_ns(bn.masters.get(), net.cast()) };
}

/// Pernet exit: destroys the namespace's bonds, then the state.
///
/// # Safety
///
/// Only C calls it, as the callback it is installed as, with the
/// arguments that callback's contract gives.
unsafe extern "C" fn bond_net_exit(net: *mut bindings::net) {
    // SAFETY: As in pre_exit.
    let slot = unsafe { pernet::data::<BondNet>(net, &BOND_NET_OPS) };
    // SAFETY: Built by `bond_net_init`.
    let bn = unsafe { &*slot };
    {
        let rtnl = Rtnl::lock();
        loop {
            let first = bn.bonds.lock().first().copied();
            let Some(d) = first else { break };
            // SAFETY: In the list, hence registered; RTNL is held.
            unsafe { d.get() }.unregister(&rtnl);
        }
    }
    if let Some(dir) = bn.proc_dir() {
        dir.remove(net, PROC_DIR);
    }
    // SAFETY: All bonds are gone (their /proc entries with them) and
    // bonding_masters was removed in pre_exit: nothing uses the state any
    // more. It is dropped in place, once.
    unsafe { core::ptr::drop_in_place(slot) };
}
