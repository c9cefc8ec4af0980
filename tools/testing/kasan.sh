#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make check-kasan (not CI): the stress scenario and the slave scenarios on
# the KASAN kernel (clang-built, cached like the test kernel, built on first
# use), against both drivers, judged as run.sh judges the test kernel's runs.
#
#   tools/testing/kasan.sh [scenario ...]
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../scripts/lib.sh"

kdir=$("$RB_TOP/scripts/build-kernel.sh" kasan) || exit 1
work=$(mktemp -d /tmp/rbonding-kasan.XXXXXX)
rb_build_module_copy kasan "$work/src" || exit 1
[ $# -gt 0 ] || set -- stress ab_slaves ab_monitor link_events lb_modes load_unload leak lacp_pair
# KASAN under TCG runs at about half the test kernel's speed: two VMs, and
# no5lvl (without it an early-boot KASAN report comes before any module).
RB_VNG_KDIR=$kdir RB_VNG_KO=$work/src/rbonding.ko RB_VM_APPEND=no5lvl \
	RB_VMS=${RB_VMS:-2} RB_TIME_SCALE=${RB_TIME_SCALE:-3} exec "$here/run.sh" "$@"
