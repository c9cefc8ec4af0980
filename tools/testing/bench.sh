#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Benchmarks (not tests): boots the test kernel and prints tables of
# rbonding.ko against bonding.ko measured in the same boot.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../scripts/lib.sh"

rb_vm_ready || exit 1
results=$(mktemp -d /tmp/rbonding-bench.XXXXXX)
RB_VM_TIMEOUT=7200 rb_vng "$results" "$here/bench-guest.sh"
if [ ! -f "$results/bench" ]; then
	echo "the VM did not finish; console:"
	tail -n 40 "$results/console.log"
	exit 1
fi
cat "$results/bench"
echo "logs: $results"
