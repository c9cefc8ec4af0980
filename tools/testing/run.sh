#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Boots the test kernel under virtme-ng (TCG), runs the scenarios inside it
# (each against bonding.ko and rbonding.ko when both can run it), scans dmesg
# and prints one line per scenario and "N passed, N failed".
#
#   tools/testing/run.sh [scenario ...]     (names from tools/testing/scenarios)
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../scripts/lib.sh"

rb_vm_ready || exit 1

results=$(mktemp -d /tmp/rbonding-vm.XXXXXX)
counts=${RB_RESULTS:-/tmp}/rbonding-vm-counts
rm -f "$counts"

rb_vng "$results" "$here/guest.sh" "$@"
vm_rc=$?

if [ ! -f "$results/summary" ]; then
	echo "the VM did not finish (vng exit $vm_rc); console:"
	tail -n 50 "$results/console.log"
	echo "0 1" >"$counts"
	echo "0 passed, 1 failed"
	exit 1
fi
cat "$results/report"
read -r pass fail <"$results/summary"
echo "$pass $fail" >"$counts"
echo "VM logs: $results"
[ "${RB_SUMMARY:-1}" = 0 ] || echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
