// SPDX-License-Identifier: GPL-2.0

//! /sys/class/net/<bond>/bonding/: one attribute per entry of the option
//! table's sysfs list, shown and stored through the option table.

use crate::bond::device::{Bond, Config};
use crate::bond::options;
use crate::logic::ad;
use crate::logic::options::{Mode, Params};
use crate::logic::show::{show_attr, AdInfo, BondView, BufWriter, SlaveView, BOND_SYSFS_ATTRS};
use crate::logic::slave::SlaveState;
use crate::logic::slave_show::AdPort;
use crate::sys::netdev::{IfName, NetDev};
use crate::sys::rtnl::{restart_syscall, Rtnl};
use crate::sys::sysfs::{AttrGroup, AttrList, AttrSpec, DevAttrTable, DevAttrs};
use kernel::prelude::*;

const N: usize = BOND_SYSFS_ATTRS.len();

const SPECS: [AttrSpec; N] = {
    let mut a = [AttrSpec {
        name: c"",
        mode: 0,
        writable: false,
    }; N];
    let mut i = 0;
    while i < N {
        a[i] = AttrSpec {
            name: BOND_SYSFS_ATTRS[i].cname,
            mode: BOND_SYSFS_ATTRS[i].mode,
            writable: BOND_SYSFS_ATTRS[i].option.is_some(),
        };
        i += 1;
    }
    a
};

static ATTRS: DevAttrTable<N> = DevAttrTable::new::<Bond>();
static LIST: AttrList<{ N + 1 }> = AttrList::of(&ATTRS);
/// `bonding/` under every bond's device.
pub(crate) static GROUP: AttrGroup = AttrGroup::new(c"bonding", &LIST);

impl DevAttrs for Bond {
    const SPECS: &'static [AttrSpec] = &SPECS;

    fn show(&self, dev: &NetDev, index: usize, out: &mut BufWriter<'_>) {
        let _ = show_attr(index, &View::new(dev, self), out);
    }

    fn store(&self, dev: &NetDev, index: usize, input: &[u8]) -> Result<usize> {
        let Some(id) = BOND_SYSFS_ATTRS.get(index).and_then(|a| a.option) else {
            return Err(EPERM);
        };
        // As bonding.ko: never sleep on RTNL here (unregistration holds
        // RTNL while it waits for sysfs users); let the syscall restart
        // instead.
        let Some(rtnl) = Rtnl::try_lock() else {
            return Err(restart_syscall());
        };
        options::set_and_notify(dev, self, id, input, &rtnl)?;
        Ok(input.len())
    }
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
    ad_info: Option<AdInfo>,
    ad_system: (u16, [u8; 6]),
    /// 802.3ad: each slave's port values while it has an aggregator.
    pub(crate) ad_ports: KVec<Option<AdPort>>,
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
        let (ad_info, ad_system, ad_ports) = {
            let ms = bond.mode_state.lock();
            let mut ports = KVec::new();
            if config.params.mode == Mode::Ieee8023ad
                && ports.reserve(ms.ports.len(), GFP_ATOMIC).is_ok()
            {
                for i in 0..ms.ports.len() {
                    let _ = ports.push(ad::port_show(&ms.ports, i), GFP_ATOMIC);
                }
            }
            let info = ad::active_agg_info(&ms.ports);
            (info, (ms.ad.sys_priority, ms.ad.sys_mac), ports)
        };
        drop(tbl);
        Self {
            dev,
            name: dev.name(),
            config,
            slaves,
            active,
            primary,
            ad_info,
            ad_system,
            ad_ports,
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
        self.ad_info
    }
    fn ad_system(&self) -> (u16, [u8; 6]) {
        self.ad_system
    }
}
