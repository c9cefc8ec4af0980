// SPDX-License-Identifier: GPL-2.0

//! /sys/class/net/<slave>/bonding_slave/: the files of bond_sysfs_slave.c,
//! with their text from `logic::slave_show`.

use crate::bond::device::Bond;
use crate::bond::slave::Slave;
use crate::logic::show::BufWriter;
use crate::logic::slave_show::{show_slave_attr, SLAVE_SYSFS_ATTRS};
use crate::sys::kobject::{DirFileList, DirFileTable, DirFiles, SysfsDir};
use crate::sys::netdev::NetDev;
use crate::sys::sysfs::AttrSpec;

const N: usize = SLAVE_SYSFS_ATTRS.len();

const SPECS: [AttrSpec; N] = {
    let mut a = [AttrSpec {
        name: c"",
        mode: 0,
        writable: false,
    }; N];
    let mut i = 0;
    while i < N {
        a[i] = AttrSpec {
            name: SLAVE_SYSFS_ATTRS[i].cname,
            mode: SLAVE_SYSFS_ATTRS[i].mode,
            writable: false,
        };
        i += 1;
    }
    a
};

/// The files of a slave's bonding_slave directory.
struct SlaveFiles;

impl DirFiles for SlaveFiles {
    const SPECS: &'static [AttrSpec] = &SPECS;

    fn show(sdev: &NetDev, index: usize, out: &mut BufWriter<'_>) {
        let Some(slave) = sdev.rx_handler_data_get::<Slave>() else {
            return;
        };
        let Some(bond) = Bond::from_dev(slave.bond_dev()) else {
            return;
        };
        let mode = bond.config().params.mode;
        let tbl = bond.table.lock();
        let Some(i) = tbl.index_of(sdev) else {
            return;
        };
        let ad = crate::bond::mode::ad::port_of(bond, i).and_then(|(p, _)| p);
        if let Some(st) = tbl.states.get(i) {
            let _ = show_slave_attr(index, st, mode, ad.as_ref(), out);
        }
    }
}

static TABLE: DirFileTable<N> = DirFileTable::new::<SlaveFiles>();
static LIST: DirFileList<{ N + 1 }> = DirFileList::of(&TABLE);

/// Adds the files to a slave's `bonding_slave` directory.
pub(crate) fn add_files(dir: &SysfsDir) -> kernel::error::Result {
    dir.add_files(&LIST)
}

/// Removes the files (waiting for running reads).
pub(crate) fn remove_files(dir: &SysfsDir) {
    dir.remove_files(&LIST);
}
