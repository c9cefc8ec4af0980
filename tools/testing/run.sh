#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Boots the test kernel under virtme-ng (TCG) in several VMs at once and runs
# the scenarios inside them: each scenario once against bonding.ko and once
# against rbonding.ko (or only against rbonding.ko when it says so). The runs
# are spread over the VMs by their measured cost (tools/testing/timings);
# the outputs are compared here, on the host. Prints one line per scenario,
# the verdicts of the kmemleak and dmesg scans of every VM, a timing table
# and "N passed, N failed".
#
#   tools/testing/run.sh [scenario ...]     (names from tools/testing/scenarios)
#
# RB_VMS (default 3) sets how many VMs run at once. Each has two vCPUs but
# boots with one online (maxcpus=1): under TCG a second online vCPU halves
# the speed of everything (cross-CPU TLB flushes stop every vCPU), so
# guest.sh brings the second one up only for the runs of scenarios marked
# "# smp" (concurrency on several CPUs at once). Every VM has the same
# possible CPUs, which some outputs show (a veth's queue count).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../scripts/lib.sh"

rb_vm_ready || exit 1

results=$(mktemp -d /tmp/rbonding-vm.XXXXXX)
counts=${RB_RESULTS:-/tmp}/rbonding-vm-counts
rm -f "$counts"
report=$results/report
: >"$report"

scenarios=("$@")
# Scenarios marked "# by-name-only" run only when named.
if [ ${#scenarios[@]} -eq 0 ]; then
	for f in "$here"/scenarios/*.sh; do
		grep -q '^# by-name-only' "$f" && continue
		scenarios+=("$(basename "$f" .sh)")
	done
fi
for name in "${scenarios[@]}"; do
	[ -f "$here/scenarios/$name.sh" ] || { echo "no scenario $name"; echo "0 1" >"$counts"; exit 1; }
done

# The runs, longest first (by the timings table; 60 s when unknown), each
# given to the VM with the least work so far.
units=$(for name in "${scenarios[@]}"; do
	drivers="bonding rbonding"
	grep -q '^# rbonding-only' "$here/scenarios/$name.sh" && drivers=rbonding
	for drv in $drivers; do
		cost=$(awk -v n="$name" -v d="$drv" '$1 == n && $2 == d { print $3; exit }' "$here/timings")
		echo "${cost:-60} $name:$drv"
	done
done | sort -rn)
nvm=${RB_VMS:-3}
nunits=$(wc -l <<<"$units")
[ "$nvm" -le "$nunits" ] || nvm=$nunits
declare -a load list
for ((v = 0; v < nvm; v++)); do load[v]=0; list[v]=; done
while read -r cost unit; do
	best=0
	for ((v = 1; v < nvm; v++)); do
		[ "${load[v]}" -lt "${load[best]}" ] && best=$v
	done
	load[best]=$((load[best] + cost))
	list[best]="${list[best]} $unit"
done <<<"$units"

start=$SECONDS
pids=()
for ((v = 0; v < nvm; v++)); do
	mkdir -p "$results/vm$v"
	(
		t0=$EPOCHREALTIME
		# An oops ends the VM at once (what it did not run is reported as
		# such, the oops is on the console: warnings and worse go there); a
		# VM that hangs is stopped at twice its expected time (times
		# RB_TIME_SCALE on slower kernels).
		RB_VNG_CONSOLE=$results/vm$v/console.log RB_VNG_VERBOSE=1 RB_VM_CPUS=2 \
			RB_VM_APPEND="oops=panic loglevel=5 maxcpus=1 ${RB_VM_APPEND:-}" \
			RB_VM_TIMEOUT=${RB_VM_TIMEOUT:-$(((2 * load[v] + 600) * ${RB_TIME_SCALE:-1}))} \
			rb_vng "$results" "$here/guest.sh" "vm$v" ${list[v]}
		echo "$? $t0 $EPOCHREALTIME" >"$results/vm$v/host-time"
	) &
	pids+=($!)
done
wait "${pids[@]}"
wall=$((SECONDS - start))

# MAC addresses are compared as they are when fixed: the test devices'
# (00:00:5e:00:53:xx, the documentation range), multicast and zero ones.
# The rest are random (a new bond's, say) and numbered in order of first
# appearance, so that "the slave took the bond's address" and "it got its
# own back" still compare.
mask() {
	awk '
	function name(m) {
		if (m ~ /^00:00:5e:00:53:/ || m == "00:00:00:00:00:00" || m ~ /^.[13579bdf]:/)
			return m
		if (!(m in seen))
			seen[m] = "MAC" (++n)
		return seen[m]
	}
	{
		line = $0; out = ""
		while (match(line, /[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]/)) {
			out = out substr(line, 1, RSTART - 1) name(substr(line, RSTART, RLENGTH))
			line = substr(line, RSTART + RLENGTH)
		}
		print out line
	}' "$1"
}
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "PASS $1" >>"$report"; }
ko() { fail=$((fail + 1)); echo "FAIL $1" >>"$report"; }
indent() { sed 's/^/    /' >>"$report"; }
# "exit N" of one run, or why there is none.
run_rc() {
	local f=$results/$1/$2.rc
	if [ -f "$f" ]; then cat "$f"; else echo "missing"; fi
}
why() {
	case $1 in
	0) ;;
	124) echo "$2: timed out" ;;
	missing) echo "$2: did not run (its VM did not finish)" ;;
	*) echo "$2: exit $1" ;;
	esac
}

for name in "${scenarios[@]}"; do
	out=$results/$name
	if grep -q '^# rbonding-only' "$here/scenarios/$name.sh"; then
		rc=$(run_rc "$name" rbonding)
		if [ "$rc" = 0 ]; then
			ok "$name"
			[ ! -f "$out/notes" ] || indent <"$out/notes"
		else
			ko "$name (rbonding-only; $(why "$rc" rbonding); output in $out)"
			tail -n 20 "$out/rbonding.out" 2>/dev/null | indent
		fi
		continue
	fi
	b=$(run_rc "$name" bonding) r=$(run_rc "$name" rbonding)
	problems=$(why "$b" bonding.ko; why "$r" rbonding.ko)
	for drv in bonding rbonding; do
		[ ! -f "$out/$drv.out" ] || [ -s "$out/$drv.out" ] || problems="$problems${problems:+$'\n'}$drv: empty output"
	done
	same=1
	if [ -f "$out/bonding.out" ] && [ -f "$out/rbonding.out" ]; then
		diff -u <(mask "$out/bonding.out") <(mask "$out/rbonding.out") >"$out/diff" || same=0
	fi
	if [ -z "$problems" ] && [ $same = 1 ]; then
		ok "$name"
		# Lines a scenario wants in the report (what it skipped, say).
		[ ! -f "$out/notes" ] || indent <"$out/notes"
	else
		ko "$name (bonding.ko vs rbonding.ko; $out)"
		[ -z "$problems" ] || indent <<<"$problems"
		[ $same = 1 ] || head -n 40 "$out/diff" | indent
		# A run that failed on its own shows where it stopped.
		for drv in bonding rbonding; do
			rc=$(run_rc "$name" $drv)
			[ "$rc" = 0 ] || [ "$rc" = missing ] || { echo "$drv.out ends:"; tail -n 8 "$out/$drv.out"; } | indent
		done
	fi
done

# Each VM's own checks: it scanned kmemleak and dmesg at its end.
for check in kmemleak dmesg; do
	bad= notes=
	for ((v = 0; v < nvm; v++)); do
		f=$results/vm$v/$check
		if [ ! -f "$f" ]; then
			bad="$bad vm$v: did not finish"$'\n'
			[ "$check" != dmesg ] ||
				bad="$bad$(grep -nE "$(grep -v '^#' "$here/splats" | paste -sd '|')" "$results/vm$v/kernel.stream" 2>/dev/null | head -n 20)"$'\n'
		elif [ "$(head -n 1 "$f")" != PASS ]; then
			bad="$bad vm$v:"$'\n'"$(tail -n +2 "$f")"$'\n'
		else
			notes="$notes$(tail -n +2 "$f")"
		fi
	done
	if [ -z "$bad" ]; then ok "$check"; else ko "$check"; printf '%s' "$bad" | indent; fi
	[ -z "$notes" ] || indent <<<"$notes"
done

# VMs that did not finish: their console's end.
for ((v = 0; v < nvm; v++)); do
	[ -f "$results/vm$v/guest-time" ] && continue
	echo "vm$v did not finish (vng: $(cut -d' ' -f1 "$results/vm$v/host-time" 2>/dev/null)); its last kernel messages:" >>"$report"
	tail -n 40 "$results/vm$v/kernel.stream" 2>/dev/null | indent
	echo "  console (warnings and worse):" >>"$report"
	grep -v '^\[ *[0-9.]*\] \(virtme-ng-init\|rbonding-test-mark\)' "$results/vm$v/console.log" | tail -n 60 | indent
done

"$here/timing-table.sh" "$results" "$nvm" "$wall" "${scenarios[@]}" >"$results/timing"

cat "$report" "$results/timing"
echo "$pass $fail" >"$counts"
echo "VM logs: $results"
[ "${RB_SUMMARY:-1}" = 0 ] || echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
