// SPDX-License-Identifier: GPL-2.0

//! Changing network devices under RTNL, and what a master does to its lower
//! devices: the C calls `bond_enslave` and friends make.

use super::bindings;
use super::netdev::NetDev;
use super::rtnl::Rtnl;
use kernel::error::{to_result, Result};

/// Size of a hardware address buffer (`MAX_ADDR_LEN`).
pub(crate) const MAX_ADDR_LEN: usize = 32;

/// A `struct sockaddr_storage` holding a hardware address.
#[repr(C, align(8))]
struct SockAddrStorage {
    family: u16,
    data: [u8; 126],
}

impl NetDev {
    /// `dev->type` (ARPHRD_*).
    pub(crate) fn dev_type(&self) -> u16 {
        // SAFETY: By the type invariant the struct is allocated.
        unsafe { (*self.as_raw()).type_ }
    }

    /// `dev->mtu`.
    pub(crate) fn mtu(&self) -> u32 {
        // SAFETY: By the type invariant the struct is allocated.
        unsafe { core::ptr::read_volatile(&raw const (*self.as_raw()).mtu) }
    }

    /// `dev->addr_len`.
    pub(crate) fn addr_len(&self) -> usize {
        // SAFETY: By the type invariant the struct is allocated.
        usize::from(unsafe { (*self.as_raw()).addr_len }).min(MAX_ADDR_LEN)
    }

    /// The hardware address, `addr_len` bytes of it.
    pub(crate) fn hw_addr(&self) -> ([u8; MAX_ADDR_LEN], usize) {
        let mut a = [0u8; MAX_ADDR_LEN];
        let n = self.addr_len();
        // SAFETY: `dev_addr` has room for `addr_len` bytes once the device
        // is set up; RTNL holders change it, readers copy as C does.
        unsafe {
            let p = (*self.as_raw()).dev_addr;
            if !p.is_null() {
                core::ptr::copy_nonoverlapping(p, a.as_mut_ptr(), n);
            }
        }
        (a, n)
    }

    /// `dev->features`.
    pub(crate) fn features(&self) -> u64 {
        // SAFETY: By the type invariant the struct is allocated.
        unsafe { core::ptr::read_volatile(&raw const (*self.as_raw()).features) }
    }

    /// `netif_running()`.
    pub(crate) fn is_running(&self) -> bool {
        // SAFETY: By the type invariant the struct is allocated.
        unsafe { bindings::rb_netif_running(self.as_raw()) }
    }

    /// `dev->addr_assign_type` (NET_ADDR_*).
    pub(crate) fn addr_assign_type(&self) -> u8 {
        // SAFETY: By the type invariant the struct is allocated.
        unsafe { bindings::rb_addr_assign_type(self.as_raw()) }
    }

    /// Whether the driver can change its address (`ndo_set_mac_address`).
    pub(crate) fn can_set_mac(&self) -> bool {
        // SAFETY: The ops table of a registered device is static.
        unsafe {
            self.ops()
                .as_ref()
                .is_some_and(|o| o.ndo_set_mac_address.is_some())
        }
    }

    /// Whether the driver has `ethtool_ops->get_link` or `ndo_eth_ioctl`.
    pub(crate) fn has_link_reporting(&self) -> bool {
        // SAFETY: The ops tables of a registered device are static.
        unsafe {
            let eth = (*self.as_raw()).ethtool_ops;
            let ioctl = self
                .ops()
                .as_ref()
                .is_some_and(|o| o.ndo_eth_ioctl.is_some());
            ioctl || eth.as_ref().is_some_and(|e| e.get_link.is_some())
        }
    }

    /// `ethtool_ops->get_link`, if the driver has it.
    pub(crate) fn ethtool_link(&self, _rtnl: &Rtnl) -> Option<bool> {
        // SAFETY: The ops table is static; drivers expect RTNL, held here.
        unsafe {
            let eth = (*self.as_raw()).ethtool_ops.as_ref()?;
            let f = eth.get_link?;
            Some(f(self.as_raw()) != 0)
        }
    }

    /// Speed and duplex from ethtool (`__ethtool_get_link_ksettings`).
    pub(crate) fn link_ksettings(&self, _rtnl: &Rtnl) -> Option<(u32, u8)> {
        // SAFETY: All-zero is a valid ethtool_link_ksettings.
        let mut ks: bindings::ethtool_link_ksettings = unsafe { core::mem::zeroed() };
        // SAFETY: RTNL is held as the function requires; `ks` is writable.
        let r = unsafe { bindings::__ethtool_get_link_ksettings(self.as_raw(), &mut ks) };
        (r >= 0).then_some((ks.base.speed, ks.base.duplex))
    }

    /// Sends `event` to the netdevice notifier chain for this device.
    pub(crate) fn notify(&self, _rtnl: &Rtnl, event: u32) -> i32 {
        // SAFETY: RTNL is held; the device is registered.
        unsafe { bindings::call_netdevice_notifiers(event as _, self.as_raw()) }
    }

    /// `dev_set_mtu`.
    pub(crate) fn set_mtu(&self, _rtnl: &Rtnl, mtu: u32) -> Result {
        // SAFETY: RTNL is held.
        to_result(unsafe { bindings::dev_set_mtu(self.as_raw(), mtu as _) })
    }

    /// `__dev_set_mtu`: without notifications (for devices going away).
    pub(crate) fn set_mtu_quiet(&self, _rtnl: &Rtnl, mtu: u32) {
        // SAFETY: RTNL is held.
        unsafe { bindings::__dev_set_mtu(self.as_raw(), mtu as _) };
    }

    /// `dev_set_mac_address` with the first `addr_len` bytes of `addr`.
    pub(crate) fn set_mac(&self, _rtnl: &Rtnl, addr: &[u8]) -> Result {
        let mut ss = SockAddrStorage {
            family: self.dev_type(),
            data: [0; 126],
        };
        let n = addr.len().min(MAX_ADDR_LEN);
        ss.data[..n].copy_from_slice(&addr[..n]);
        // SAFETY: RTNL is held; `ss` is laid out as sockaddr_storage.
        to_result(unsafe {
            bindings::dev_set_mac_address(
                self.as_raw(),
                (&raw mut ss).cast(),
                core::ptr::null_mut(),
            )
        })
    }

    /// `dev_pre_changeaddr_notify` then `__dev_addr_set`: takes `addr`
    /// (`len` bytes) as this device's address, marking it stolen.
    pub(crate) fn steal_addr(&self, _rtnl: &Rtnl, addr: &[u8]) -> Result {
        // SAFETY: RTNL is held; `addr` has the device's addr_len bytes.
        unsafe {
            to_result(bindings::dev_pre_changeaddr_notify(
                self.as_raw(),
                addr.as_ptr().cast(),
                core::ptr::null_mut(),
            ))?;
            bindings::rb_dev_addr_set_len(self.as_raw(), addr.as_ptr(), addr.len() as u8);
            bindings::rb_set_addr_assign_type(self.as_raw(), bindings::RB_NET_ADDR_STOLEN);
        }
        Ok(())
    }

    /// `eth_hw_addr_random`.
    pub(crate) fn random_addr(&self, _rtnl: &Rtnl) {
        // SAFETY: RTNL is held.
        unsafe { bindings::rb_eth_hw_addr_random(self.as_raw()) };
    }

    /// `dev_open`.
    pub(crate) fn open(&self, _rtnl: &Rtnl) -> Result {
        // SAFETY: RTNL is held.
        to_result(unsafe { bindings::dev_open(self.as_raw(), core::ptr::null_mut()) })
    }

    /// `dev_close`.
    pub(crate) fn close(&self, _rtnl: &Rtnl) {
        // SAFETY: RTNL is held.
        unsafe { bindings::dev_close(self.as_raw()) };
    }

    /// Sets and clears private flags (IFF_BONDING, IFF_NO_ADDRCONF).
    pub(crate) fn update_priv_flags(&self, _rtnl: &Rtnl, set: u64, clear: u64) {
        // SAFETY: RTNL is held, which serialises writers of priv_flags.
        unsafe { bindings::rb_netdev_priv_flags_update(self.as_raw(), set as _, clear as _) };
    }

    /// Sets and clears `dev->flags` bits (IFF_SLAVE).
    pub(crate) fn update_flags(&self, _rtnl: &Rtnl, set: u32, clear: u32) {
        // SAFETY: RTNL is held, which serialises writers of flags.
        unsafe { (*self.as_raw()).flags = ((*self.as_raw()).flags | set) & !clear };
    }

    /// `dev_set_promiscuity` (ignoring errors, as bonding.ko mostly does).
    pub(crate) fn set_promiscuity(&self, _rtnl: &Rtnl, inc: i32) -> Result {
        // SAFETY: RTNL is held.
        to_result(unsafe { bindings::dev_set_promiscuity(self.as_raw(), inc) })
    }

    /// `dev_set_allmulti`.
    pub(crate) fn set_allmulti(&self, _rtnl: &Rtnl, inc: i32) -> Result {
        // SAFETY: RTNL is held.
        to_result(unsafe { bindings::dev_set_allmulti(self.as_raw(), inc) })
    }

    /// `dev_disable_lro`.
    pub(crate) fn disable_lro(&self, _rtnl: &Rtnl) {
        // SAFETY: RTNL is held.
        unsafe { bindings::dev_disable_lro(self.as_raw()) };
    }

    /// `vlan_uses_dev`.
    pub(crate) fn vlan_uses(&self, _rtnl: &Rtnl) -> bool {
        // SAFETY: RTNL is held.
        unsafe { bindings::vlan_uses_dev(self.as_raw()) }
    }

    /// `vlan_vids_add_by_dev(self, by)`.
    pub(crate) fn vlan_vids_add_from(&self, _rtnl: &Rtnl, by: &NetDev) -> Result {
        // SAFETY: RTNL is held.
        to_result(unsafe { bindings::vlan_vids_add_by_dev(self.as_raw(), by.as_raw()) })
    }

    /// `vlan_vid_add`: one more user of VLAN `vid` of protocol `proto`
    /// (network order) on this device, programmed into its filter.
    pub(crate) fn vlan_vid_add(&self, _rtnl: &Rtnl, proto: u16, vid: u16) -> Result {
        // SAFETY: RTNL is held.
        to_result(unsafe { bindings::vlan_vid_add(self.as_raw(), proto, vid) })
    }

    /// `vlan_vid_del`: drops one user of a VLAN added by `vlan_vid_add`.
    pub(crate) fn vlan_vid_del(&self, _rtnl: &Rtnl, proto: u16, vid: u16) {
        // SAFETY: RTNL is held.
        unsafe { bindings::vlan_vid_del(self.as_raw(), proto, vid) };
    }

    /// `vlan_vids_del_by_dev(self, by)`.
    pub(crate) fn vlan_vids_del_from(&self, _rtnl: &Rtnl, by: &NetDev) {
        // SAFETY: RTNL is held.
        unsafe { bindings::vlan_vids_del_by_dev(self.as_raw(), by.as_raw()) };
    }

    /// `netdev_is_rx_handler_busy`.
    pub(crate) fn rx_handler_busy(&self, _rtnl: &Rtnl) -> bool {
        // SAFETY: RTNL is held.
        unsafe { bindings::netdev_is_rx_handler_busy(self.as_raw()) }
    }

    /// Links `self` under `master` as an active-backup LAG lower device
    /// and marks it IFF_SLAVE (`bond_master_upper_dev_link`).
    pub(crate) fn master_link(
        &self,
        rtnl: &Rtnl,
        master: &NetDev,
        priv_: *mut kernel::ffi::c_void,
        tx_type: u32,
        hash_type: u32,
    ) -> Result {
        let mut info = bindings::netdev_lag_upper_info { tx_type, hash_type };
        // SAFETY: RTNL is held; `info` lives for the call.
        to_result(unsafe {
            bindings::netdev_master_upper_dev_link(
                self.as_raw(),
                master.as_raw(),
                priv_,
                (&raw mut info).cast(),
                core::ptr::null_mut(),
            )
        })?;
        self.update_flags(rtnl, bindings::RB_IFF_SLAVE, 0);
        Ok(())
    }

    /// Undoes `master_link`.
    pub(crate) fn master_unlink(&self, rtnl: &Rtnl, master: &NetDev) {
        // SAFETY: RTNL is held; the link exists.
        unsafe { bindings::netdev_upper_dev_unlink(self.as_raw(), master.as_raw()) };
        self.update_flags(rtnl, 0, bindings::RB_IFF_SLAVE);
    }

    /// `netdev_has_upper_dev(self, upper)`.
    pub(crate) fn has_upper(&self, _rtnl: &Rtnl, upper: &NetDev) -> bool {
        // SAFETY: RTNL is held.
        unsafe { bindings::netdev_has_upper_dev(self.as_raw(), upper.as_raw()) }
    }

    /// `netdev_lower_state_changed` with the LAG state of a lower device.
    pub(crate) fn lower_state_changed(&self, _rtnl: &Rtnl, link_up: bool, tx_enabled: bool) {
        let mut info = bindings::netdev_lag_lower_state_info::default();
        info.set_link_up(link_up.into());
        info.set_tx_enabled(tx_enabled.into());
        // SAFETY: RTNL is held; `info` lives for the call.
        unsafe { bindings::netdev_lower_state_changed(self.as_raw(), (&raw mut info).cast()) };
    }

    /// `netdev_compute_master_upper_features(self, true)`.
    pub(crate) fn compute_master_features(&self, _rtnl: &Rtnl) {
        // SAFETY: RTNL is held.
        unsafe { bindings::netdev_compute_master_upper_features(self.as_raw(), true) };
    }

    /// Syncs (or, with `sync == false`, unsyncs) this device's unicast and
    /// multicast lists to `lower` (`dev_uc_sync` + `dev_mc_sync`).
    pub(crate) fn sync_addrs_to(&self, lower: &NetDev, sync: bool) {
        // SAFETY: The functions take the address-list locks they need;
        // callers hold RTNL or run in ndo_set_rx_mode (address lock held,
        // which the sync functions expect for `self`).
        unsafe {
            if sync {
                bindings::dev_uc_sync(lower.as_raw(), self.as_raw());
                bindings::dev_mc_sync(lower.as_raw(), self.as_raw());
            } else {
                bindings::dev_uc_unsync(lower.as_raw(), self.as_raw());
                bindings::dev_mc_unsync(lower.as_raw(), self.as_raw());
            }
        }
    }

    /// `dev_mc_add`: receive frames to multicast `addr` (a reference
    /// counted entry of the device's list); errors count as done, as
    /// bonding.ko ignores them.
    pub(crate) fn mc_add(&self, _rtnl: &Rtnl, addr: &[u8; 6]) {
        // SAFETY: The function takes the address-list lock itself and
        // copies the address.
        unsafe { bindings::dev_mc_add(self.as_raw(), addr.as_ptr()) };
    }

    /// `dev_mc_del`: drops one reference of multicast `addr`.
    pub(crate) fn mc_del(&self, _rtnl: &Rtnl, addr: &[u8; 6]) {
        // SAFETY: As for `mc_add`.
        unsafe { bindings::dev_mc_del(self.as_raw(), addr.as_ptr()) };
    }

    /// `dev_uc_sync` + `dev_mc_sync` to `lower` inside `netif_addr_lock_bh`.
    pub(crate) fn sync_addrs_locked(&self, _rtnl: &Rtnl, lower: &NetDev) {
        // SAFETY: Lock and unlock pair on this device.
        unsafe { bindings::rb_netif_addr_lock_bh(self.as_raw()) };
        self.sync_addrs_to(lower, true);
        // SAFETY: Taken above.
        unsafe { bindings::rb_netif_addr_unlock_bh(self.as_raw()) };
    }

    /// `dev_uc_sync_multiple` + `dev_mc_sync_multiple` to `lower` (the
    /// caller holds this device's address lock).
    pub(crate) fn sync_addrs_multiple(&self, lower: &NetDev) {
        // SAFETY: The functions take the lower device's locks; the caller
        // holds ours (ndo_set_rx_mode or `sync_addrs_multiple_locked`).
        unsafe {
            bindings::dev_uc_sync_multiple(lower.as_raw(), self.as_raw());
            bindings::dev_mc_sync_multiple(lower.as_raw(), self.as_raw());
        }
    }

    /// `sync_addrs_multiple` inside `netif_addr_lock_bh` (multicast
    /// first, as bond_enslave does).
    pub(crate) fn sync_addrs_multiple_locked(&self, _rtnl: &Rtnl, lower: &NetDev) {
        // SAFETY: Lock and unlock pair on this device; the sync functions
        // expect it held.
        unsafe {
            bindings::rb_netif_addr_lock_bh(self.as_raw());
            bindings::dev_mc_sync_multiple(lower.as_raw(), self.as_raw());
            bindings::dev_uc_sync_multiple(lower.as_raw(), self.as_raw());
            bindings::rb_netif_addr_unlock_bh(self.as_raw());
        }
    }

    /// Turns carrier on.
    /// `netif_carrier_on/off` from any context (the 802.3ad machines set
    /// the bond's carrier under their spinlock, as bonding.ko does).
    pub(crate) fn set_carrier_any_context(&self, on: bool) {
        // SAFETY: By the type invariant the device is allocated; both
        // functions only flip a bit and queue link-watch work.
        unsafe {
            if on {
                bindings::netif_carrier_on(self.as_raw());
            } else {
                bindings::netif_carrier_off(self.as_raw());
            }
        }
    }

    pub(crate) fn carrier_on(&self, _rtnl: &Rtnl) {
        // SAFETY: By the type invariant the device is allocated.
        unsafe { bindings::netif_carrier_on(self.as_raw()) };
    }
}

/// `eth_random_addr`.
pub(crate) fn random_ether_addr() -> [u8; 6] {
    let mut a = [0u8; 6];
    // SAFETY: Writes six bytes.
    unsafe { bindings::rb_eth_random_addr(a.as_mut_ptr()) };
    a
}

impl NetDev {
    /// A link-watch event is pending for the device.
    pub(crate) fn linkwatch_pending(&self) -> bool {
        // SAFETY: By the type invariant the struct is allocated.
        unsafe { bindings::rb_linkwatch_pending(self.as_raw()) }
    }
}

/// `get_random_u32()`.
pub(crate) fn random_u32() -> u32 {
    // SAFETY: No preconditions; callable in any context.
    unsafe { bindings::get_random_u32() }
}

/// Whether the current task has CAP_NET_ADMIN.
pub(crate) fn capable_net_admin() -> bool {
    // SAFETY: Plain FFI call about the current task.
    unsafe { bindings::capable(bindings::RB_CAP_NET_ADMIN) }
}

/// `net_ratelimit()`.
pub(crate) fn net_ratelimit() -> bool {
    // SAFETY: Plain FFI call.
    unsafe { bindings::net_ratelimit() != 0 }
}

const _: () = assert!(
    core::mem::size_of::<bindings::rtnl_link_stats64>()
        == core::mem::size_of::<crate::logic::stats::Stats64>()
);

impl NetDev {
    /// The device's statistics (`dev_get_stats`).
    pub(crate) fn stats64(&self) -> crate::logic::stats::Stats64 {
        let mut s = [0u64; crate::logic::stats::STATS_N];
        // SAFETY: `s` has the size and alignment of rtnl_link_stats64 (all
        // of its fields are u64, checked above); the device is registered.
        unsafe { bindings::dev_get_stats(self.as_raw(), s.as_mut_ptr().cast()) };
        s
    }
}

/// Writes `s` to the `rtnl_link_stats64` C passed to `ndo_get_stats64`.
///
/// `out` need not be 8-byte aligned: for a netlink dump the core passes the
/// payload of an attribute, which is only 4-byte aligned on x86_64.
///
/// # Safety
///
/// `out` must be the writable struct the core passed.
pub(crate) unsafe fn write_stats64(
    out: *mut bindings::rtnl_link_stats64,
    s: &crate::logic::stats::Stats64,
) {
    // SAFETY: Same size and all-u64 layout (checked above); the caller
    // vouches that `out` is writable, and the write makes no alignment
    // assumption.
    unsafe { core::ptr::write_unaligned(out.cast::<crate::logic::stats::Stats64>(), *s) };
}
