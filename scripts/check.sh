#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Runs every test: host unit tests (cargo test), the module build with
# clippy, the VM tests, then bonding.ko against rbonding.ko in two guests. The last line is "N passed, N failed" over
# all of them.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

"$RB_TOP/scripts/setup.sh" || exit 1
kdir=$(rb_kdir)

hostlog=$(mktemp)
cargo test --manifest-path "$RB_TOP/Cargo.toml" 2>&1 | tee "$hostlog"
host_pass=$(sed -n 's/^test result: .* \([0-9]*\) passed; \([0-9]*\) failed.*/\1/p' "$hostlog" | awk '{s+=$1} END {print s+0}')
host_fail=$(sed -n 's/^test result: .* \([0-9]*\) passed; \([0-9]*\) failed.*/\2/p' "$hostlog" | awk '{s+=$1} END {print s+0}')
grep -q '^test result: ok' "$hostlog" || host_fail=$((host_fail + 1))
rm -f "$hostlog"

# The module is built with clippy (the kernel's CLIPPY=1): its lints, as
# the compiler's warnings, fail the check.
if ! make -C "$RB_TOP" KDIR="$kdir" CLIPPY=1 modules >/tmp/rbonding-build.log 2>&1; then
	tail -n 60 /tmp/rbonding-build.log
	echo "module build: FAIL"
	echo "$host_pass passed, $((host_fail + 1)) failed"
	exit 1
fi
if grep -q 'warning:' /tmp/rbonding-build.log; then
	grep -B2 -A8 'warning:' /tmp/rbonding-build.log | head -40
	echo "module build has warnings: FAIL"
	host_fail=$((host_fail + 1))
fi

RB_SUMMARY=0 "$RB_TOP/tools/testing/run.sh"
vm_rc=$?
read -r vm_pass vm_fail < "${RB_RESULTS:-/tmp}/rbonding-vm-counts" 2>/dev/null || { vm_pass=0; vm_fail=1; }
# bonding.ko and rbonding.ko in two guests, aggregated with each other.
RB_SUMMARY=0 "$RB_TOP/tools/testing/cross.sh"
cross_rc=$?
read -r x_pass x_fail < "${RB_RESULTS:-/tmp}/rbonding-cross-counts" 2>/dev/null || { x_pass=0; x_fail=1; }
echo "$((host_pass + vm_pass + x_pass)) passed, $((host_fail + vm_fail + x_fail)) failed"
[ "$host_fail" = 0 ] && [ "$vm_rc" = 0 ] && [ "$cross_rc" = 0 ]
