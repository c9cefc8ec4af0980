// SPDX-License-Identifier: GPL-2.0

//! `struct net_device` and `struct sk_buff`, borrowed.

use super::bindings;
use super::pernet::Net;
use super::rtnl::Rtnl;
use kernel::types::{ARef, AlwaysRefCounted, Opaque};

/// Interface name size, with the NUL (IFNAMSIZ).
pub(crate) const IFNAMSIZ: usize = 16;

/// A copy of an interface name.
#[derive(Clone, Copy)]
pub(crate) struct IfName {
    buf: [u8; IFNAMSIZ],
}

impl IfName {
    /// Copies `name` (at most 15 bytes are kept, as C's strscpy does).
    pub(crate) fn new(name: &[u8]) -> Self {
        let mut buf = [0u8; IFNAMSIZ];
        let n = name.len().min(IFNAMSIZ - 1);
        buf[..n].copy_from_slice(&name[..n]);
        Self { buf }
    }

    /// The name without the NUL padding.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        let len = self.buf.iter().position(|&b| b == 0).unwrap_or(IFNAMSIZ);
        &self.buf[..len]
    }

    /// The NUL-terminated name, for C.
    pub(crate) fn as_ptr(&self) -> *const kernel::ffi::c_char {
        // The last byte is always NUL (see `new`).
        self.buf.as_ptr().cast()
    }
}

/// A network device.
///
/// # Invariants
///
/// A `&NetDev` points to a `struct net_device` that stays allocated for the
/// lifetime of the reference (registered, or held by the code that made it).
#[repr(transparent)]
pub(crate) struct NetDev(Opaque<bindings::net_device>);

// SAFETY: A `net_device` is not tied to a thread: any CPU may use it while
// it is allocated, and `dev_put` may drop the last reference anywhere.
unsafe impl Send for NetDev {}
// SAFETY: Every method on `&NetDev` is one the C API lets concurrent
// threads call: those that change the device take `&Rtnl` (or the core's
// own locks inside the C function), and the plain reads are the same
// unlocked reads of single fields that C makes.
unsafe impl Sync for NetDev {}

// SAFETY: `dev_hold`/`dev_put` are the device's reference count; a held
// device is not freed (unregistration waits for the count to drop).
unsafe impl AlwaysRefCounted for NetDev {
    fn inc_ref(&self) {
        // SAFETY: By the type invariant the device is allocated.
        unsafe { bindings::rb_dev_hold(self.as_raw()) };
    }

    unsafe fn dec_ref(obj: core::ptr::NonNull<Self>) {
        // SAFETY: The caller gives back a reference taken by `inc_ref`.
        unsafe { bindings::rb_dev_put(obj.as_ptr().cast()) };
    }
}

/// A counted reference to a device (`dev_hold`): the device stays
/// allocated while it lives, registered or not.
pub(crate) type DevRef = ARef<NetDev>;

impl NetDev {
    /// Borrows a C `net_device`.
    ///
    /// # Safety
    ///
    /// `ptr` must point to a `net_device` that stays allocated for `'a`.
    pub(crate) unsafe fn from_raw<'a>(ptr: *mut bindings::net_device) -> &'a NetDev {
        // SAFETY: `NetDev` is a transparent wrapper of the C struct and the
        // caller guarantees the lifetime.
        unsafe { &*ptr.cast::<NetDev>() }
    }

    /// The C pointer.
    pub(crate) fn as_raw(&self) -> *mut bindings::net_device {
        self.0.get()
    }

    /// The interface name, copied as C reads it (`%s` on `dev->name`).
    pub(crate) fn name(&self) -> IfName {
        // SAFETY: By the type invariant the struct is allocated; the name is
        // a plain array that C also reads without a lock (a concurrent rename
        // under RTNL can at worst give a mixed name, as in bonding.ko).
        let raw = unsafe { core::ptr::read_volatile(&raw const (*self.as_raw()).name) };
        let mut buf = [0u8; IFNAMSIZ];
        for (b, c) in buf.iter_mut().zip(raw.iter()) {
            *b = *c;
        }
        buf[IFNAMSIZ - 1] = 0;
        IfName { buf }
    }

    /// `dev->flags` (IFF_*).
    pub(crate) fn flags(&self) -> u32 {
        // SAFETY: By the type invariant the struct is allocated; a word read,
        // as C's READ_ONCE-free readers do.
        unsafe { core::ptr::read_volatile(&raw const (*self.as_raw()).flags) }
    }

    /// Whether the device is administratively up (IFF_UP).
    pub(crate) fn is_up(&self) -> bool {
        self.flags() & bindings::RB_IFF_UP != 0
    }

    /// Whether the device has carrier.
    pub(crate) fn carrier_ok(&self) -> bool {
        // SAFETY: By the type invariant the device is allocated.
        unsafe { bindings::rb_netif_carrier_ok(self.as_raw()) }
    }

    /// Turns carrier off.
    pub(crate) fn carrier_off(&self, _rtnl: &Rtnl) {
        // SAFETY: By the type invariant the device is allocated.
        unsafe { bindings::netif_carrier_off(self.as_raw()) };
    }

    /// Whether the device is registered (NETREG_REGISTERED).
    pub(crate) fn is_registered(&self) -> bool {
        // SAFETY: By the type invariant the struct is allocated.
        let state = unsafe { core::ptr::read_volatile(&raw const (*self.as_raw()).reg_state) };
        state as i32 == bindings::RB_NETREG_REGISTERED
    }

    /// What the kernel's `netdev_reg_state()` appends to the device name in
    /// log messages.
    pub(crate) fn reg_state_suffix(&self) -> &'static str {
        // SAFETY: By the type invariant the struct is allocated.
        let state = unsafe { core::ptr::read_volatile(&raw const (*self.as_raw()).reg_state) };
        match state as i32 {
            s if s == bindings::RB_NETREG_UNINITIALIZED => " (uninitialized)",
            s if s == bindings::RB_NETREG_REGISTERED => "",
            s if s == bindings::RB_NETREG_UNREGISTERING => " (unregistering)",
            s if s == bindings::RB_NETREG_UNREGISTERED => " (unregistered)",
            s if s == bindings::RB_NETREG_RELEASED => " (released)",
            s if s == bindings::RB_NETREG_DUMMY => " (dummy)",
            _ => " (unknown)",
        }
    }

    /// The device's hardware address (the first six bytes).
    pub(crate) fn dev_addr(&self) -> [u8; 6] {
        let mut mac = [0u8; 6];
        // SAFETY: By the type invariant the struct is allocated; a non-NULL
        // `dev_addr` points to MAX_ADDR_LEN bytes (dev_addr_init), whatever
        // the device's `addr_len`.
        unsafe {
            let addr = (*self.as_raw()).dev_addr;
            if !addr.is_null() {
                core::ptr::copy_nonoverlapping(addr, mac.as_mut_ptr(), 6);
            }
        }
        mac
    }

    /// The network namespace of the device.
    pub(crate) fn net(&self) -> &Net {
        // SAFETY: By the type invariant the device is allocated, and a
        // device's namespace outlives it.
        unsafe { Net::from_raw(bindings::rb_dev_net(self.as_raw())) }
    }

    /// The C `net_device_ops` of the device, to tell drivers apart.
    pub(crate) fn ops(&self) -> *const bindings::net_device_ops {
        // SAFETY: By the type invariant the struct is allocated; the ops
        // pointer is set once in setup.
        unsafe { (*self.as_raw()).netdev_ops }
    }

    /// Whether the device is being unregistered.
    pub(crate) fn is_unregistering(&self) -> bool {
        // SAFETY: By the type invariant the struct is allocated.
        let state = unsafe { core::ptr::read_volatile(&raw const (*self.as_raw()).reg_state) };
        state as i32 == bindings::RB_NETREG_UNREGISTERING
    }

    /// Unregisters the device (the C `unregister_netdevice`).
    pub(crate) fn unregister(&self, _rtnl: &Rtnl) {
        // SAFETY: RTNL is held; the device is registered (callers only pass
        // devices from their list of registered ones).
        unsafe { bindings::unregister_netdevice_queue(self.as_raw(), core::ptr::null_mut()) };
    }

    /// Registers a device rtnetlink allocated (`register_netdevice`).
    ///
    /// # Safety
    ///
    /// The device must be allocated, set up and not registered yet (a
    /// device handed to an rtnl_link_ops `newlink`).
    pub(crate) unsafe fn register(&self, _rtnl: &Rtnl) -> kernel::error::Result {
        // SAFETY: RTNL is held; the caller guarantees the device state.
        kernel::error::to_result(unsafe { bindings::register_netdevice(self.as_raw()) })
    }

    /// Counts a dropped transmit (`dev_core_stats_tx_dropped_inc`).
    pub(crate) fn count_tx_dropped(&self) {
        // SAFETY: By the type invariant the device is allocated; the counter
        // is per-CPU and lock-free (any context).
        unsafe { bindings::rb_dev_core_stats_tx_dropped_inc(self.as_raw()) };
    }

    /// `dev->ifindex`.
    pub(crate) fn ifindex(&self) -> u32 {
        // SAFETY: By the type invariant the struct is allocated; the index
        // is set at registration and never changes afterwards.
        unsafe { core::ptr::read_volatile(&raw const (*self.as_raw()).ifindex) as u32 }
    }
}

/// Looks a device up by index in a namespace (`__dev_get_by_index`).
pub(crate) fn dev_get_by_index<'a>(net: &Net, ifindex: i32, _rtnl: &'a Rtnl) -> Option<&'a NetDev> {
    // SAFETY: RTNL is held, so the device found stays registered while the
    // `&Rtnl` borrow lasts.
    let dev = unsafe { bindings::__dev_get_by_index(net.as_raw(), ifindex) };
    // SAFETY: Non-null pointers are alive for `'a` as said above.
    (!dev.is_null()).then(|| unsafe { NetDev::from_raw(dev) })
}

/// Looks a device up by index in a namespace and holds it
/// (`dev_get_by_index`); no lock needed.
pub(crate) fn dev_get_by_index_ref(net: &Net, ifindex: i32) -> Option<DevRef> {
    // SAFETY: The namespace is alive; the function takes a reference on
    // the device it returns.
    let dev = unsafe { bindings::dev_get_by_index(net.as_raw(), ifindex) };
    // SAFETY: A non-NULL result carries the reference taken for us.
    core::ptr::NonNull::new(dev).map(|d| unsafe { ARef::from_raw(d.cast::<NetDev>()) })
}

/// Looks a device up by name in a namespace (`__dev_get_by_name`).
pub(crate) fn dev_get_by_name<'a>(net: &Net, name: &IfName, _rtnl: &'a Rtnl) -> Option<&'a NetDev> {
    // SAFETY: RTNL is held, so the device list is stable and the device found
    // stays registered while the `&Rtnl` borrow lasts.
    let dev = unsafe { bindings::__dev_get_by_name(net.as_raw(), name.as_ptr()) };
    if dev.is_null() {
        None
    } else {
        // SAFETY: Non-null, and alive for `'a` as said above.
        Some(unsafe { NetDev::from_raw(dev) })
    }
}

/// Allocates and registers a network device (`alloc_netdev_mqs` +
/// `register_netdevice`), freeing it again if registration fails.
///
/// `setup` must initialise the private area of `priv_size` bytes; the
/// device's `priv_destructor` (set by `setup`) releases it once the device
/// has run `ndo_init`, as the core calls it from then on.
pub(crate) fn create<'a>(
    _rtnl: &'a Rtnl,
    net: &Net,
    priv_size: usize,
    name: &IfName,
    setup: unsafe extern "C" fn(*mut bindings::net_device),
    queues: u32,
) -> kernel::error::Result<&'a NetDev> {
    // SAFETY: `name` is NUL-terminated; `setup` is a valid callback; the
    // size fits an int (the private area of a bond is small).
    let dev = unsafe {
        bindings::alloc_netdev_mqs(
            priv_size as kernel::ffi::c_int,
            name.as_ptr(),
            bindings::RB_NET_NAME_UNKNOWN as u8,
            Some(setup),
            queues,
            queues,
        )
    };
    if dev.is_null() {
        return Err(kernel::error::code::ENOMEM);
    }
    // SAFETY: `dev` was just allocated and is not registered yet; `net` is
    // alive (the caller runs in it or holds it).
    unsafe { bindings::rb_dev_net_set(dev, net.as_raw()) };
    // SAFETY: RTNL is held and `dev` is a fully set-up, unregistered device.
    let ret = unsafe { bindings::register_netdevice(dev) };
    if ret < 0 {
        // SAFETY: Registration failed, so the device is ours to free.
        unsafe { bindings::free_netdev(dev) };
        return Err(kernel::error::Error::from_errno(ret));
    }
    // SAFETY: Registered; it stays allocated while RTNL (borrowed for 'a)
    // is held, as unregistering needs RTNL too.
    Ok(unsafe { NetDev::from_raw(dev) })
}

impl NetDev {
    /// `dev->priv_flags` (IFF_* private flags).
    pub(crate) fn priv_flags(&self) -> u64 {
        // SAFETY: By the type invariant the device is allocated.
        unsafe { bindings::rb_netdev_priv_flags(self.as_raw()) as u64 }
    }

    /// The number of transmit queues in use.
    pub(crate) fn real_num_tx_queues(&self) -> u32 {
        // SAFETY: By the type invariant the struct is allocated.
        unsafe { core::ptr::read_volatile(&raw const (*self.as_raw()).real_num_tx_queues) }
    }
}
