// SPDX-License-Identifier: GPL-2.0

//! Enslaving and releasing, as bonding.ko's `bond_enslave()` and
//! `__bond_release_one()`: the same checks, messages, order of changes and
//! undo on failure.

use crate::bond::active::{self, Pending};
use crate::bond::device::Bond;
use crate::bond::link_type;
use crate::bond::mode;
use crate::bond::procfs;
use crate::bond::slave::{send_lower_states, Slave, SlaveLog};
use crate::bond::slave_sysfs;
use crate::logic::ad::pdu::SLOW_PROTOCOLS_ADDR;
use crate::logic::errno;
use crate::logic::log::{Bytes, Level, Log};
use crate::logic::options::{Mode, FOM_ACTIVE, FOM_FOLLOW, FOM_NONE};
use crate::logic::slave::{Link, SlaveState, MAX_ADDR_LEN};
use crate::sys::bindings;
use crate::sys::c_ret;
use crate::sys::kobject::SysfsDir;
use crate::sys::netdev::NetDev;
use crate::sys::netdev_cfg::random_ether_addr;
use crate::sys::nla::ExtAck;
use crate::sys::print::DevLog;
use crate::sys::rcu;
use crate::sys::rtnl::Rtnl;
use crate::sys::work::jiffies;
use core::ffi::CStr;
use kernel::prelude::*;
use kernel::sync::Arc;

type Res = core::result::Result<(), i32>;

/// `bond_check_dev_link()`: `Some(true)` link up, `Some(false)` down,
/// `None` cannot tell (only when `reporting`).
fn check_dev_link(use_carrier: bool, dev: &NetDev, reporting: bool, rtnl: &Rtnl) -> Option<bool> {
    if !reporting && !dev.is_running() {
        return Some(false);
    }
    if use_carrier {
        return Some(dev.carrier_ok());
    }
    if let Some(up) = dev.ethtool_link(rtnl) {
        return Some(up);
    }
    // No MII ioctl support here: drivers without get_link are treated as
    // bonding.ko treats drivers whose MII ioctls fail.
    if reporting {
        None
    } else {
        Some(true)
    }
}

/// `BOND_NL_ERR` / `SLAVE_NL_ERR`: the message goes to the netlink caller
/// if there is one, else to the log as "Error: ...".
fn nl_err(ext: ExtAck<'_>, log: &mut dyn Log, msg: &'static CStr) {
    if ext.is_some() {
        ext.set_msg(msg);
    } else {
        log.log(Level::Err, format_args!("Error: {}", Bytes(msg.to_bytes())));
    }
}

/// Enslaves `sdev` to the bond (`bond_enslave`); `ext` is the netlink
/// request's ack, or none for sysfs.
pub(crate) fn enslave(
    bdev: &NetDev,
    bond: &Bond,
    sdev: &NetDev,
    ext: ExtAck<'_>,
    rtnl: &Rtnl,
) -> Res {
    let mut blog = DevLog::new(bdev);
    let sname = sdev.name();
    let mut slog = DevLog::new(bdev);
    let mut slog = SlaveLog {
        log: &mut slog,
        name: sname,
    };
    let mut p = bond.config().params;

    if !mode::of(p.mode).can_enslave() {
        slog.log(
            Level::Err,
            format_args!(
                "Error: rbonding cannot enslave in mode {} yet",
                p.mode.name()
            ),
        );
        return Err(errno::EOPNOTSUPP);
    }
    if sdev.dev_type() == bindings::RB_ARPHRD_CAN {
        nl_err(ext, &mut blog, c"CAN devices cannot be enslaved");
        return Err(errno::EPERM);
    }
    let is_bond_master = sdev.flags() & bindings::RB_IFF_MASTER != 0
        && sdev.priv_flags() & bindings::RB_IFF_BONDING != 0;
    if sdev.flags() & bindings::RB_IFF_MASTER != 0 && !is_bond_master {
        nl_err(
            ext,
            &mut blog,
            c"Device type (master device) cannot be enslaved",
        );
        return Err(errno::EPERM);
    }
    if p.use_carrier == 0 && !sdev.has_link_reporting() {
        slog.log(Level::Warn, format_args!("no link monitoring support"));
    }
    if sdev.rx_handler_busy(rtnl) {
        nl_err(ext, &mut slog, c"Device is in use and cannot be enslaved");
        return Err(errno::EBUSY);
    }
    if core::ptr::eq(bdev, sdev) {
        nl_err(ext, &mut blog, c"Cannot enslave bond to itself.");
        return Err(errno::EPERM);
    }
    if sdev.features() & bindings::RB_NETIF_F_VLAN_CHALLENGED != 0 {
        slog.log(Level::Debug, format_args!("is NETIF_F_VLAN_CHALLENGED"));
        if bdev.vlan_uses(rtnl) {
            nl_err(
                ext,
                &mut slog,
                c"Can not enslave VLAN challenged device to VLAN enabled bond",
            );
            return Err(errno::EPERM);
        }
        slog.log(Level::Warn, format_args!("enslaved VLAN challenged slave. Adding VLANs will be blocked as long as it is part of bond."));
    } else {
        slog.log(Level::Debug, format_args!("is !NETIF_F_VLAN_CHALLENGED"));
    }
    if sdev.is_up() {
        nl_err(ext, &mut slog, c"Device can not be enslaved while up");
        return Err(errno::EPERM);
    }
    let first = !bond.has_slaves();
    if bdev.dev_type() != sdev.dev_type() {
        if !first {
            nl_err(
                ext,
                &mut slog,
                c"Device type is different from other slaves",
            );
            return Err(errno::EINVAL);
        }
        link_type::follow_first_slave(bdev, sdev, p.mode, &mut slog, rtnl)?;
    }
    let infiniband = sdev.dev_type() == bindings::RB_ARPHRD_INFINIBAND;
    if infiniband && p.mode != Mode::ActiveBackup {
        nl_err(
            ext,
            &mut slog,
            c"Only active-backup mode is supported for infiniband slaves",
        );
        return undo_flags(bdev, bond, sdev, rtnl, errno::EOPNOTSUPP);
    }
    if !sdev.can_set_mac() || infiniband {
        slog.log(
            Level::Warn,
            format_args!("The slave device specified does not support setting the MAC address"),
        );
        if p.fail_over_mac != FOM_ACTIVE {
            if first {
                p.fail_over_mac = FOM_ACTIVE;
                bond.update(rtnl, |c| c.params.fail_over_mac = FOM_ACTIVE);
                slog.log(
                    Level::Warn,
                    format_args!("Setting fail_over_mac to active for active-backup mode"),
                );
            } else {
                nl_err(ext, &mut slog, c"Slave device does not support setting the MAC address, but fail_over_mac is not set to active");
                return undo_flags(bdev, bond, sdev, rtnl, errno::EOPNOTSUPP);
            }
        }
    }

    sdev.notify(rtnl, bindings::RB_NETDEV_JOIN as u32);

    if first && bdev.addr_assign_type() == bindings::RB_NET_ADDR_RANDOM {
        if let Err(e) = active::take_addr_of(bdev, sdev, rtnl) {
            return undo_flags(bdev, bond, sdev, rtnl, c_ret::positive_of(e));
        }
    }

    // bond_alloc_slave: the bonding_slave directory comes first.
    let dir = match SysfsDir::create(sdev, c"bonding_slave") {
        Ok(d) => d,
        Err(_) => return undo_flags(bdev, bond, sdev, rtnl, errno::ENOMEM),
    };
    let Ok(slave) = Arc::new(Slave::new(sdev, bdev), GFP_KERNEL) else {
        return undo_flags(bdev, bond, sdev, rtnl, errno::ENOMEM);
    };
    if bond.table.lock().reserve_one().is_err() {
        drop(slave);
        return undo_flags(bdev, bond, sdev, rtnl, errno::ENOMEM);
    }

    if let Err(e) = sdev.set_mtu(rtnl, bdev.mtu()) {
        slog.log(
            Level::Err,
            format_args!("Error {} calling dev_set_mtu", e.to_errno()),
        );
        drop(slave);
        return undo_flags(bdev, bond, sdev, rtnl, c_ret::positive_of(e));
    }

    let (perm, perm_len) = sdev.hw_addr();
    let mac_target: Option<[u8; MAX_ADDR_LEN]> = if p.fail_over_mac == FOM_NONE {
        Some(bdev.hw_addr().0)
    } else if p.fail_over_mac == FOM_FOLLOW && !first && sdev.hw_addr().0 == bdev.hw_addr().0 {
        let mut a = [0u8; MAX_ADDR_LEN];
        a[..6].copy_from_slice(&random_ether_addr());
        Some(a)
    } else {
        None
    };
    let mac_set = mac_target.is_some();
    if let Some(a) = mac_target {
        if let Err(e) = sdev.set_mac(rtnl, &a[..bdev.addr_len()]) {
            slog.log(
                Level::Err,
                format_args!("Error {} calling set_mac_address", e.to_errno()),
            );
            sdev.set_mtu(rtnl, slave.original_mtu).ok();
            drop(slave);
            return undo_flags(bdev, bond, sdev, rtnl, c_ret::positive_of(e));
        }
    }

    // From here on, failures unwind through `Undo`.
    let undo = Undo {
        bdev,
        bond,
        sdev,
        perm,
        perm_len,
        mac_set,
        rtnl,
    };
    sdev.update_priv_flags(rtnl, bindings::RB_IFF_NO_ADDRCONF, 0);
    if let Err(e) = sdev.open(rtnl) {
        slog.log(Level::Err, format_args!("Opening slave failed"));
        return undo.restore_mac(slave, c_ret::positive_of(e));
    }
    sdev.update_priv_flags(rtnl, bindings::RB_IFF_BONDING, 0);

    if let Err(e) = sdev.vlan_vids_add_from(rtnl, bdev) {
        slog.log(Level::Err, format_args!("Couldn't add bond vlan ids"));
        return undo.close(slave, c_ret::positive_of(e));
    }

    let mut st = SlaveState::new();
    st.update_speed_duplex(sdev.link_ksettings(rtnl));
    st.perm_hwaddr = perm;
    st.addr_len = perm_len as u8;

    let use_carrier = p.use_carrier != 0;
    if p.miimon != 0 && !use_carrier && check_dev_link(false, sdev, true, rtnl).is_none() {
        if p.arp_interval == 0 {
            slog.log(Level::Warn, format_args!("MII and ETHTOOL support not available for slave, and arp_interval/arp_ip_target module parameters not specified, thus bonding will not detect link failures! see bonding.txt for details"));
        } else {
            slog.log(Level::Warn, format_args!("can't get link status from slave; the network driver associated with this interface does not support MII or ETHTOOL link status reporting, thus miimon has no effect on this interface"));
        }
    }

    let link = if p.miimon != 0 {
        if check_dev_link(use_carrier, sdev, false, rtnl) == Some(true) {
            if p.updelay != 0 {
                st.delay = p.updelay;
                Link::Back
            } else {
                Link::Up
            }
        } else {
            Link::Down
        }
    } else if p.arp_interval != 0 {
        if sdev.carrier_ok() {
            Link::Up
        } else {
            Link::Down
        }
    } else {
        Link::Up
    };
    st.set_link_state(link, true);
    if st.link != Link::Down {
        st.last_link_up = jiffies();
    }
    let lname = match st.link {
        Link::Down => "DOWN",
        Link::Up => "UP",
        _ => "BACK",
    };
    slog.log(
        Level::Debug,
        format_args!("Initial state of slave is BOND_LINK_{}", lname),
    );

    let primary_name = crate::logic::options::cstr(&p.primary);
    let is_primary =
        p.mode.uses_primary() && !primary_name.is_empty() && primary_name == sname.as_bytes();
    let trunk = mode::of(p.mode).new_slave(&mut st, &p);
    if trunk {
        slog.log(
            Level::Debug,
            format_args!("This slave is always active in trunk mode"),
        );
    }
    slave
        .inactive
        .store(st.inactive, core::sync::atomic::Ordering::Relaxed);

    if bdev.features() & bindings::RB_NETIF_F_LRO == 0 {
        sdev.disable_lro(rtnl);
    }

    if let Err(e) = sdev.rx_handler_register(rtnl, slave.clone()) {
        slog.log(
            Level::Debug,
            format_args!("Error {} calling netdev_rx_handler_register", e.to_errno()),
        );
        return undo.detach(slave, c_ret::positive_of(e));
    }
    let (tx_type, hash_type) = lag_types(p.mode, p.xmit_policy);
    if let Err(e) = sdev.master_link(
        rtnl,
        bdev,
        (&*slave as *const Slave).cast_mut().cast(),
        tx_type as u32,
        hash_type as u32,
    ) {
        slog.log(
            Level::Debug,
            format_args!("Error {} calling bond_master_upper_dev_link", e.to_errno()),
        );
        sdev.rx_handler_unregister_of::<Slave>(rtnl);
        return undo.detach(slave, c_ret::positive_of(e));
    }

    if let Err(e) = slave_sysfs::add_files(&dir) {
        slog.log(
            Level::Debug,
            format_args!("Error {} calling bond_sysfs_slave_add", e.to_errno()),
        );
        sdev.master_unlink(rtnl, bdev);
        sdev.rx_handler_unregister_of::<Slave>(rtnl);
        return undo.detach(slave, c_ret::positive_of(e));
    }

    // The slave is in the list from here on.
    let mut notes = KVec::new();
    let added = {
        let mut tbl = bond.table.lock();
        let i = tbl.push(slave, dir, st);
        if is_primary {
            tbl.sel.primary = Some(i);
            tbl.sel.force_primary = true;
        }
        let added = mode::of(p.mode).slave_added(bond, &mut tbl, i, &p);
        tbl.publish(&mut notes);
        added
    };
    send_lower_states(rtnl, &notes);
    if let Err(e) = added {
        return undo.unlist(c_ret::positive_of(e));
    }

    // Without a primary, every slave follows the bond's flags and lists
    // (with one, the active slave does: see `active::hw_addr_swap`).
    if !p.mode.uses_primary() {
        if let Err(e) = follow_bond_flags(bdev, sdev, p.mode == Mode::Ieee8023ad, rtnl) {
            return undo.unlist(c_ret::positive_of(e));
        }
    }
    if bond.republish_slaves(rtnl).is_err() {
        return undo.unlist(errno::ENOMEM);
    }

    // In trunk modes the first slave with its link up becomes the
    // "active" one without a change of active slave (bonding.ko does it
    // earlier; only failure paths could tell the difference).
    if trunk {
        let mut tbl = bond.table.lock();
        if let Some(i) = tbl.index_of(sdev) {
            let up = tbl.states.get(i).is_some_and(|s| s.link == Link::Up);
            if tbl.sel.curr_active.is_none() && up {
                tbl.sel.curr_active = Some(i);
                bond.curr_active.replace(rtnl, tbl.slave_arc(Some(i)));
            }
        }
    }

    bdev.compute_master_features(rtnl);
    active::set_carrier(bdev, bond, rtnl);
    if p.mode.uses_primary() {
        active::select(bdev, bond, rtnl);
    }
    if p.mode.can_use_xmit_hash() {
        bond.update_slave_arr(rtnl, None);
    }

    let (is_active, up) = {
        let tbl = bond.table.lock();
        let i = tbl.index_of(sdev);
        let st = i.and_then(|i| tbl.states.get(i));
        (
            st.is_some_and(|s| s.is_active()),
            st.is_some_and(|s| s.link != Link::Down),
        )
    };
    slog.log(
        Level::Info,
        format_args!(
            "Enslaving as {} interface with {} link",
            if is_active { "an active" } else { "a backup" },
            if up { "an up" } else { "a down" }
        ),
    );
    Ok(())
}

/// The LAG transmit and hash types lower devices are told
/// (`bond_lag_tx_type`, `bond_lag_hash_type`).
fn lag_types(mode: Mode, policy: u8) -> (i32, i32) {
    use crate::logic::options as o;
    let tx = match mode {
        Mode::RoundRobin => bindings::RB_NETDEV_LAG_TX_TYPE_ROUNDROBIN,
        Mode::ActiveBackup => bindings::RB_NETDEV_LAG_TX_TYPE_ACTIVEBACKUP,
        Mode::Broadcast => bindings::RB_NETDEV_LAG_TX_TYPE_BROADCAST,
        Mode::Xor | Mode::Ieee8023ad => bindings::RB_NETDEV_LAG_TX_TYPE_HASH,
        _ => bindings::RB_NETDEV_LAG_TX_TYPE_UNKNOWN,
    };
    if tx != bindings::RB_NETDEV_LAG_TX_TYPE_HASH {
        return (tx, bindings::RB_NETDEV_LAG_HASH_NONE);
    }
    let hash = match policy {
        o::XMIT_POLICY_LAYER2 => bindings::RB_NETDEV_LAG_HASH_L2,
        o::XMIT_POLICY_LAYER34 => bindings::RB_NETDEV_LAG_HASH_L34,
        o::XMIT_POLICY_LAYER23 => bindings::RB_NETDEV_LAG_HASH_L23,
        o::XMIT_POLICY_ENCAP23 => bindings::RB_NETDEV_LAG_HASH_E23,
        o::XMIT_POLICY_ENCAP34 => bindings::RB_NETDEV_LAG_HASH_E34,
        o::XMIT_POLICY_VLAN_SRCMAC => bindings::RB_NETDEV_LAG_HASH_VLAN_SRCMAC,
        _ => bindings::RB_NETDEV_LAG_HASH_UNKNOWN,
    };
    (tx, hash)
}

/// A new slave in a mode without a primary takes the bond's promiscuity,
/// allmulti and (if the bond is up) address lists, in 802.3ad the
/// slow-protocols address too; undone on failure.
fn follow_bond_flags(
    bdev: &NetDev,
    sdev: &NetDev,
    is_8023ad: bool,
    rtnl: &Rtnl,
) -> kernel::error::Result {
    let flags = bdev.flags();
    if flags & bindings::RB_IFF_PROMISC != 0 {
        sdev.set_promiscuity(rtnl, 1)?;
    }
    if flags & bindings::RB_IFF_ALLMULTI != 0 {
        if let Err(e) = sdev.set_allmulti(rtnl, 1) {
            if flags & bindings::RB_IFF_PROMISC != 0 {
                let _ = sdev.set_promiscuity(rtnl, -1);
            }
            return Err(e);
        }
    }
    if flags & bindings::RB_IFF_UP != 0 {
        bdev.sync_addrs_multiple_locked(rtnl, sdev);
        if is_8023ad {
            sdev.mc_add(rtnl, &SLOW_PROTOCOLS_ADDR);
        }
    }
    Ok(())
}

/// The slave of `sdev` in the bond's table.
fn slave_arc(bond: &Bond, sdev: &NetDev, _rtnl: &Rtnl) -> Arc<Slave> {
    let tbl = bond.table.lock();
    let i = tbl.index_of(sdev).expect("slave vanished under RTNL");
    tbl.slaves[i].clone()
}

/// Removes the slave's bonding_slave files and directory (waiting for
/// running reads, so not under the table's lock).
fn remove_sysfs(bond: &Bond, sdev: &NetDev, _rtnl: &Rtnl) {
    let dir = {
        let mut tbl = bond.table.lock();
        tbl.index_of(sdev).and_then(|i| tbl.take_dir(i))
    };
    if let Some(dir) = dir {
        slave_sysfs::remove_files(&dir);
    }
}

/// Takes the slave of `sdev` out of the table (and out of its mode).
fn take_out(bond: &Bond, sdev: &NetDev, rtnl: &Rtnl) -> Arc<Slave> {
    remove_sysfs(bond, sdev, rtnl);
    let p = bond.config().params;
    let mut tbl = bond.table.lock();
    let i = tbl.index_of(sdev).expect("slave vanished under RTNL");
    mode::of(p.mode).slave_leaving(bond, &mut tbl, i, &p);
    bond.mode_state.lock().remove_slave(i);
    tbl.remove(i).expect("index in range").0
}

/// `err_undo_flags` of bond_enslave: a first slave that failed gives the
/// bond a random address again if it had taken the slave's, and a bond
/// that took another link-layer type is closed and made Ethernet again.
fn undo_flags(bdev: &NetDev, bond: &Bond, sdev: &NetDev, rtnl: &Rtnl, err: i32) -> Res {
    if !bond.has_slaves() {
        if bdev.dev_addr() == sdev.dev_addr() {
            bdev.random_addr(rtnl);
        }
        link_type::undo_first(bdev, rtnl);
    }
    Err(err)
}

/// The later undo stages of bond_enslave.
struct Undo<'a> {
    bdev: &'a NetDev,
    bond: &'a Bond,
    sdev: &'a NetDev,
    perm: [u8; MAX_ADDR_LEN],
    perm_len: usize,
    mac_set: bool,
    rtnl: &'a Rtnl,
}

impl Undo<'_> {
    /// Undoes enslaving from the point where the slave was listed.
    fn unlist(&self, err: i32) -> Res {
        self.sdev.master_unlink(self.rtnl, self.bdev);
        self.sdev.rx_handler_unregister_of::<Slave>(self.rtnl);
        let slave = take_out(self.bond, self.sdev, self.rtnl);
        rcu::synchronize();
        self.detach(slave, err)
    }

    fn detach(&self, slave: Arc<Slave>, err: i32) -> Res {
        self.sdev.vlan_vids_del_from(self.rtnl, self.bdev);
        self.close(slave, err)
    }

    fn close(&self, slave: Arc<Slave>, err: i32) -> Res {
        if self.sdev.flags() & bindings::RB_IFF_MASTER == 0 {
            self.sdev
                .update_priv_flags(self.rtnl, 0, bindings::RB_IFF_BONDING);
        }
        self.sdev.close(self.rtnl);
        self.restore_mac(slave, err)
    }

    fn restore_mac(&self, slave: Arc<Slave>, err: i32) -> Res {
        self.sdev
            .update_priv_flags(self.rtnl, 0, bindings::RB_IFF_NO_ADDRCONF);
        if self.mac_set {
            let _ = self.sdev.set_mac(self.rtnl, &self.perm[..self.perm_len]);
        }
        let _ = self.sdev.set_mtu(self.rtnl, slave.original_mtu);
        drop(slave);
        undo_flags(self.bdev, self.bond, self.sdev, self.rtnl, err)
    }
}

/// Releases `sdev` (`__bond_release_one`). `all`: the bond is going away;
/// `unregister`: the slave is.
pub(crate) fn release(
    bdev: &NetDev,
    bond: &Bond,
    sdev: &NetDev,
    all: bool,
    unregister: bool,
    rtnl: &Rtnl,
) -> Res {
    let mut blog = DevLog::new(bdev);
    let mut slog = SlaveLog {
        log: &mut blog,
        name: sdev.name(),
    };
    if sdev.flags() & bindings::RB_IFF_SLAVE == 0 || !sdev.has_upper(rtnl, bdev) {
        slog.log(Level::Debug, format_args!("cannot release slave"));
        return Err(errno::EINVAL);
    }
    let p = bond.config().params;
    let old_features = bdev.features();
    let old_flags = bdev.flags();

    let mut pending = Pending::new();
    {
        let mut tbl = bond.table.lock();
        let Some(i) = tbl.index_of(sdev) else {
            drop(tbl);
            slog.log(Level::Info, format_args!("interface not enslaved"));
            return Err(errno::EINVAL);
        };
        if let Some(st) = tbl.states.get_mut(i) {
            st.set_inactive_flags(&p, true);
        }
        mode::of(p.mode).slave_releasing(bond, i);
        pending.collect(bond, &mut tbl, None);
    }
    pending.run(bdev, bond, rtnl);

    let slave = slave_arc(bond, sdev, rtnl);
    remove_sysfs(bond, sdev, rtnl);
    bond.fold_slave_stats(&slave);

    sdev.rx_handler_unregister_of::<Slave>(rtnl);
    let mut pending = Pending::new();
    {
        let mut tbl = bond.table.lock();
        if let Some(i) = tbl.index_of(sdev) {
            mode::of(p.mode).slave_leaving(bond, &mut tbl, i, &p);
        }
        pending.collect(bond, &mut tbl, None);
    }
    pending.run(bdev, bond, rtnl);
    sdev.master_unlink(rtnl, bdev);
    if p.mode.can_use_xmit_hash() {
        bond.update_slave_arr(rtnl, Some(sdev));
    }

    // The slave leaves the list; an active-slave change to none is decided
    // while it is still there, as bonding.ko does it on the unlinked slave.
    let mut pending = Pending::new();
    let (_, st, was_current) = {
        let mut tbl = bond.table.lock();
        let i = tbl.index_of(sdev).expect("slave vanished under RTNL");
        let was_current = tbl.sel.curr_active == Some(i);
        if tbl.sel.primary == Some(i) {
            tbl.sel.primary = None;
        }
        let is_active = tbl.states.get(i).is_some_and(|s| s.is_active());
        slog.log(
            Level::Info,
            format_args!(
                "Releasing {} interface",
                if is_active { "active" } else { "backup" }
            ),
        );
        if was_current {
            let (states, sel, ctx) = tbl.split();
            let ac = active::with_env!(bdev, ctx, |env| {
                crate::logic::slave::change_active_slave(states, sel, None, &p, &mut env)
            });
            pending.collect(bond, &mut tbl, ac);
        }
        bond.mode_state.lock().remove_slave(i);
        let (slave, st, _) = tbl.remove(i).expect("index in range");
        (slave, st, was_current)
    };
    let others = bond.has_slaves();
    if !all
        && (p.fail_over_mac != FOM_ACTIVE || p.mode != Mode::ActiveBackup)
        && bdev.dev_addr()[..] == st.perm_hwaddr[..6]
        && others
    {
        slog.log(Level::Warn, format_args!("the permanent HWaddr of slave - {} - is still in use by bond - set the HWaddr of slave to a different address to avoid conflicts", crate::logic::log::Mac(&st.perm_hwaddr[..6].try_into().unwrap_or([0; 6]))));
    }
    pending.run(bdev, bond, rtnl);
    // The published views must not keep a released slave (its reference
    // would hold the slave device).
    if bond.curr_active.is(&slave) {
        bond.curr_active.replace(rtnl, None);
    }
    if !all && was_current {
        active::select(bdev, bond, rtnl);
    }
    active::set_carrier(bdev, bond, rtnl);
    if !others {
        bdev.random_addr(rtnl);
    }
    let _ = bond.republish_slaves(rtnl);
    rcu::synchronize();

    if !others {
        bdev.notify(rtnl, bindings::RB_NETDEV_CHANGEADDR as u32);
        bdev.notify(rtnl, bindings::RB_NETDEV_RELEASE as u32);
    }
    bdev.compute_master_features(rtnl);
    if bdev.features() & bindings::RB_NETIF_F_VLAN_CHALLENGED == 0
        && old_features & bindings::RB_NETIF_F_VLAN_CHALLENGED != 0
    {
        slog.log(
            Level::Info,
            format_args!("last VLAN challenged slave left bond - VLAN blocking is removed"),
        );
    }
    sdev.vlan_vids_del_from(rtnl, bdev);

    // With a primary this went with the active slave.
    if !p.mode.uses_primary() {
        if old_flags & bindings::RB_IFF_PROMISC != 0 {
            let _ = sdev.set_promiscuity(rtnl, -1);
        }
        if old_flags & bindings::RB_IFF_ALLMULTI != 0 {
            let _ = sdev.set_allmulti(rtnl, -1);
        }
        if old_flags & bindings::RB_IFF_UP != 0 {
            bdev.sync_addrs_to(sdev, false);
            if p.mode == Mode::Ieee8023ad {
                sdev.mc_del(rtnl, &SLOW_PROTOCOLS_ADDR);
            }
        }
    }

    sdev.close(rtnl);
    sdev.update_priv_flags(rtnl, 0, bindings::RB_IFF_NO_ADDRCONF);
    if p.fail_over_mac != FOM_ACTIVE || p.mode != Mode::ActiveBackup {
        let _ = sdev.set_mac(rtnl, st.perm_addr());
    }
    if unregister {
        sdev.set_mtu_quiet(rtnl, slave.original_mtu);
    } else {
        let _ = sdev.set_mtu(rtnl, slave.original_mtu);
    }
    if sdev.flags() & bindings::RB_IFF_MASTER == 0 {
        sdev.update_priv_flags(rtnl, 0, bindings::RB_IFF_BONDING);
    }
    drop(slave);
    Ok(())
}

/// A non-Ethernet slave going away (`bond_release_and_destroy`): released,
/// and a bond left without slaves is destroyed with it.
pub(crate) fn release_and_destroy(bdev: &NetDev, bond: &Bond, sdev: &NetDev, rtnl: &Rtnl) {
    if release(bdev, bond, sdev, false, true, rtnl).is_err()
        || bond.has_slaves()
        || bdev.is_unregistering()
    {
        return;
    }
    bdev.update_priv_flags(rtnl, bindings::RB_IFF_DISABLE_NETPOLL, 0);
    DevLog::new(bdev).log(Level::Info, format_args!("Destroying bond"));
    procfs::remove_entry(bdev, bond, rtnl);
    bdev.unregister(rtnl);
}

/// Releases every slave of a bond that is being unregistered.
pub(crate) fn release_all(bdev: &NetDev, bond: &Bond, rtnl: &Rtnl) {
    loop {
        // Not in the loop condition: its temporary guard would live on
        // through the body and `release` takes the lock again.
        let first = bond.table.lock().dev_at(0);
        let Some(sdev) = first else { break };
        let sdev = &*sdev;
        if release(bdev, bond, sdev, true, true, rtnl).is_err() {
            // Cannot happen for a listed slave; avoid looping forever.
            let _ = take_out(bond, sdev, rtnl);
        }
    }
}
