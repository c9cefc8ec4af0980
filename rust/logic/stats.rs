// SPDX-License-Identifier: GPL-2.0
//! Bond statistics: what the slaves counted since they were enslaved,
//! accumulated as bonding.ko's `bond_fold_stats()` does, and the 802.3ad
//! frame counters of the extended statistics.

use core::sync::atomic::{AtomicU64, Ordering};

/// Number of `u64` counters in `struct rtnl_link_stats64` (6.12).
pub(crate) const STATS_N: usize = 25;

/// `struct rtnl_link_stats64` as an array of counters.
pub(crate) type Stats64 = [u64; STATS_N];

/// Adds to `res` what each counter grew from `old` to `new`. Counters that
/// fit in 32 bits on both sides are taken as 32-bit counters (which wrap);
/// counters that went backwards (a driver reset) add nothing.
pub(crate) fn fold(res: &mut Stats64, new: &Stats64, old: &Stats64) {
    for ((r, &nv), &ov) in res.iter_mut().zip(new.iter()).zip(old.iter()) {
        let mut delta = nv.wrapping_sub(ov) as i64;
        if (nv | ov) >> 32 == 0 {
            delta = i64::from((nv as u32).wrapping_sub(ov as u32) as i32);
        }
        if delta > 0 {
            *r = r.wrapping_add(delta as u64);
        }
    }
}

/// Number of 802.3ad frame counters (`struct bond_3ad_stats`).
pub(crate) const AD_STATS_N: usize = 9;

/// The 802.3ad frame counters of a bond or of one slave, in the order of
/// `BOND_3AD_STAT_*`: LACPDUs received, sent, of unknown and of illegal
/// type; markers received, sent, responses received and sent, unknown.
/// The 802.3ad receive path and state machines count here.
#[derive(Default)]
pub(crate) struct AdStats([AtomicU64; AD_STATS_N]);

/// Index of LACPDUs received in [`AdStats`].
pub(crate) const AD_LACPDU_RX: usize = 0;
/// LACPDUs sent.
pub(crate) const AD_LACPDU_TX: usize = 1;
/// Slow-protocol frames of unknown subtype received.
pub(crate) const AD_LACPDU_UNKNOWN_RX: usize = 2;
/// Slow-protocol frames too short to be a LACPDU.
pub(crate) const AD_LACPDU_ILLEGAL_RX: usize = 3;
/// Marker PDUs received.
pub(crate) const AD_MARKER_RX: usize = 4;
/// Marker responses received.
pub(crate) const AD_MARKER_RESP_RX: usize = 6;
/// Marker responses sent.
pub(crate) const AD_MARKER_RESP_TX: usize = 7;
/// Markers of unknown type received.
pub(crate) const AD_MARKER_UNKNOWN_RX: usize = 8;

impl AdStats {
    /// Counts one frame of kind `i` (an `AD_*` index).
    pub(crate) fn inc(&self, i: usize) {
        if let Some(c) = self.0.get(i) {
            c.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// The counters now.
    pub(crate) fn read(&self) -> [u64; AD_STATS_N] {
        core::array::from_fn(|i| self.0[i].load(Ordering::Relaxed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(i: usize, v: u64) -> Stats64 {
        let mut s = [0; STATS_N];
        s[i] = v;
        s
    }

    #[test]
    fn adds_growth() {
        let mut r = with(0, 10);
        fold(&mut r, &with(0, 7), &with(0, 2));
        assert_eq!(r[0], 15);
    }

    #[test]
    fn ignores_resets() {
        let mut r = with(3, 10);
        fold(&mut r, &with(3, 1), &with(3, 5));
        assert_eq!(r[3], 10);
    }

    #[test]
    fn wraps_32bit_counters() {
        let mut r = [0; STATS_N];
        fold(&mut r, &with(1, 3), &with(1, 0xffff_fffe));
        assert_eq!(r[1], 5);
    }

    #[test]
    fn large_counters_are_64bit() {
        let mut r = [0; STATS_N];
        fold(&mut r, &with(2, 0x1_0000_0005), &with(2, 0x1_0000_0001));
        assert_eq!(r[2], 4);
    }
}
