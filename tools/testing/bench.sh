#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Benchmarks (not tests): boots the benchmark kernel (the test kernel's
# config without its debug options, built into the cache on first use) and
# prints tables of rbonding.ko against bonding.ko measured in the same boot.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../scripts/lib.sh"

kdir=$("$RB_TOP/scripts/build-kernel.sh" bench) || exit 1
results=$(mktemp -d /tmp/rbonding-bench.XXXXXX)
src=$results/src
rb_build_module_copy bench "$src" || exit 1
# The guest does not inherit this environment: the sizes go in a file.
for v in ${!RB_BENCH_*}; do printf '%s=%q\n' "$v" "${!v}"; done >"$results/bench.env"
RB_VNG_KDIR=$kdir RB_VNG_KO=$src/rbonding.ko RB_VM_TIMEOUT=7200 \
	rb_vng "$results" "$here/bench-guest.sh"
if [ ! -f "$results/bench" ]; then
	echo "the VM did not finish; console:"
	tail -n 40 "$results/console.log"
	exit 1
fi
cat "$results/bench"
[ ! -f "$results/profile" ] || cat "$results/profile"
echo "logs: $results"
