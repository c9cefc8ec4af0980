#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Benchmarks (not tests): boots the test kernel and prints tables of
# rbonding.ko against bonding.ko measured in the same boot.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../scripts/lib.sh"

kdir=$(rb_kdir)
[ -f "$kdir/.rbonding-built" ] || { echo "no test kernel: run scripts/setup.sh" >&2; exit 1; }
[ -f "$RB_TOP/rbonding.ko" ] || { echo "no rbonding.ko: run make" >&2; exit 1; }
results=$(mktemp -d /tmp/rbonding-bench.XXXXXX)
kver=$(cat "$kdir/include/config/kernel.release")
timeout 1800 vng --run "$kdir/arch/x86/boot/bzImage" --disable-kvm --cpus 2 --memory 2G \
	--rwdir "$results" --append "log_buf_len=8M" \
	--exec "$here/bench-guest.sh $results $kdir/mods/lib/modules/$kver $RB_TOP/rbonding.ko" \
	</dev/null >"$results/console.log" 2>&1
if [ ! -f "$results/bench" ]; then
	echo "the VM did not finish; console:"
	tail -n 40 "$results/console.log"
	exit 1
fi
cat "$results/bench"
echo "logs: $results"
