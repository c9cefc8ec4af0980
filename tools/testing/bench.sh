#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Benchmarks (not tests): boots the test kernel and prints tables of
# rbonding.ko against bonding.ko measured in the same boot.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../scripts/lib.sh"

rb_vm_ready || exit 1
results=$(mktemp -d /tmp/rbonding-bench.XXXXXX)
# The guest does not inherit this environment: the sizes go in a file.
for v in ${!RB_BENCH_*}; do printf '%s=%q\n' "$v" "${!v}"; done >"$results/bench.env"
RB_VM_TIMEOUT=7200 rb_vng "$results" "$here/bench-guest.sh"
if [ ! -f "$results/bench" ]; then
	echo "the VM did not finish; console:"
	tail -n 40 "$results/console.log"
	exit 1
fi
cat "$results/bench"
[ ! -f "$results/profile" ] || cat "$results/profile"
echo "logs: $results"
