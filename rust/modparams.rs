// SPDX-License-Identifier: GPL-2.0

//! Module parameters: read once at load, checked as bonding.ko checks them.

use crate::bond::device::Defaults;
use crate::logic::params::{check_params, RawParams};
use crate::sys::bindings;
use crate::sys::print::PlainLog;
use kernel::prelude::*;

/// A `charp` parameter as bytes, if it was given.
///
/// # Safety
///
/// `p` must be NULL or a NUL-terminated string that lives as long as the
/// module (the parameter parser's copy).
unsafe fn charp<'a>(p: *const kernel::ffi::c_char) -> Option<&'a [u8]> {
    if p.is_null() {
        None
    } else {
        // SAFETY: The caller's contract.
        Some(unsafe { core::ffi::CStr::from_ptr(p.cast()) }.to_bytes())
    }
}

/// Checks the parameters; returns the bonds' defaults and `max_bonds`.
pub(crate) fn check(module: &'static ThisModule) -> Result<(Defaults, i32)> {
    // SAFETY: The parameters were set by the loader before init and, but for
    // the two 0644 peer-notification ones (read under the parameter lock as
    // their sysfs writers take it), never change afterwards. `charp` values
    // are NULL or strings owned by the parameter code until unload.
    let checked = unsafe {
        bindings::kernel_param_lock(module.as_ptr().cast());
        let mut raw = RawParams::defaults();
        raw.max_bonds = bindings::rb_param_max_bonds;
        raw.tx_queues = bindings::rb_param_tx_queues;
        raw.num_peer_notif = bindings::rb_param_num_peer_notif;
        raw.miimon = bindings::rb_param_miimon;
        raw.updelay = bindings::rb_param_updelay;
        raw.downdelay = bindings::rb_param_downdelay;
        raw.use_carrier = bindings::rb_param_use_carrier;
        raw.mode = charp(bindings::rb_param_mode);
        raw.primary = charp(bindings::rb_param_primary);
        raw.primary_reselect = charp(bindings::rb_param_primary_reselect);
        raw.lacp_rate = charp(bindings::rb_param_lacp_rate);
        raw.ad_select = charp(bindings::rb_param_ad_select);
        raw.min_links = bindings::rb_param_min_links;
        raw.xmit_hash_policy = charp(bindings::rb_param_xmit_hash_policy);
        raw.arp_interval = bindings::rb_param_arp_interval;
        for (i, t) in raw.arp_ip_target.iter_mut().enumerate() {
            *t = charp(bindings::rb_param_arp_ip_target[i]);
        }
        raw.arp_validate = charp(bindings::rb_param_arp_validate);
        raw.arp_all_targets = charp(bindings::rb_param_arp_all_targets);
        raw.fail_over_mac = charp(bindings::rb_param_fail_over_mac);
        raw.all_slaves_active = bindings::rb_param_all_slaves_active;
        raw.resend_igmp = bindings::rb_param_resend_igmp;
        raw.packets_per_slave = bindings::rb_param_packets_per_slave;
        raw.lp_interval = bindings::rb_param_lp_interval;
        let r = check_params(&raw, &mut PlainLog);
        bindings::kernel_param_unlock(module.as_ptr().cast());
        r
    };
    let d = checked.map_err(|e| Error::from_errno(-e))?;
    Ok((
        Defaults {
            params: d.params,
            tx_queues: d.tx_queues as u32,
        },
        d.max_bonds,
    ))
}
