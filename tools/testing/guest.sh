#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside the test VM: installs the modules, runs each scenario against
# both drivers, compares, scans dmesg. Writes report and summary to $1.
set -uo pipefail
results=$1 mods=$2 rbko=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
export RB_TESTING=$here
set -a
. "$results/host.env"
set +a

. "$here/guest-setup.sh"

export RB_KLOG=$results/kernel.log
dmesg -c >"$RB_KLOG"
mask() { sed -E 's/([0-9a-f]{2}:){5}[0-9a-f]{2}/MAC/g' "$1"; }

pass=0 fail=0
: >"$results/report"
report() { echo "$1" >>"$results/report"; }

# When each scenario's run with each driver began, in jiffies: kmemleak
# gives every leaked object its allocation time, so a leak is pinned on
# the run that made it.
timeline=$results/timeline
mark() { echo "$(awk '/^jiffies:/ { print $2; exit }' /proc/timer_list) $1" >>"$timeline"; }
mark "boot -"

scenarios=("$@")
# Scenarios marked "# by-name-only" run only when named (they do not fit
# the CI time budget yet).
if [ ${#scenarios[@]} -eq 0 ]; then
	for f in "$here"/scenarios/*.sh; do
		grep -q '^# by-name-only' "$f" && continue
		scenarios+=("$(basename "$f" .sh)")
	done
fi

# What a scenario may leave behind: the modules, its namespaces.
cleanup() {
	modprobe -r bonding rbonding 2>/dev/null
	# A read-only /sys would make every later sysfs write fail alike
	# with both drivers: make it fail the run instead.
	if [ -n "$(awk '$2 == "/sys" && $4 ~ /^ro/' /proc/mounts)" ]; then
		echo "FAIL: /sys left read-only" >>"$results/report"
		sysfs_ro=1
	fi
	for ns in $(ip netns list | awk '{print $1}'); do ip netns del "$ns"; done
}

for name in "${scenarios[@]}"; do
	script="$here/scenarios/$name.sh"
	start=$SECONDS
	out="$results/$name"
	mkdir -p "$out"
	export RB_OUT=$out
	# "# timeout: N" in a scenario raises its limit (seconds per driver).
	limit=$(sed -n 's/^# timeout: //p' "$script")
	limit=${limit:-900}
	if grep -q '^# rbonding-only' "$script"; then
		dmesg -c >>"$RB_KLOG"
		mark "$name rbonding"
		timeout "$limit" bash "$script" rbonding >"$out/rbonding.out" 2>&1
		rc=$?
		cleanup
		if [ $rc = 0 ]; then
			pass=$((pass + 1)); report "PASS $name ($((SECONDS - start)) s)"
		else
			fail=$((fail + 1)); report "FAIL $name (rbonding-only; output in $out)"
			tail -n 20 "$out/rbonding.out" | sed 's/^/    /' >>"$results/report"
		fi
		continue
	fi
	ok=1
	for drv in bonding rbonding; do
		dmesg -c >>"$RB_KLOG"
		mark "$name $drv"
		timeout "$limit" bash "$script" "$drv" >"$out/$drv.out" 2>&1 || { ok=0; echo "exit $?" >>"$out/$drv.out"; }
		cleanup
	done
	if [ $ok = 1 ] && diff -u <(mask "$out/bonding.out") <(mask "$out/rbonding.out") >"$out/diff"; then
		pass=$((pass + 1)); report "PASS $name ($((SECONDS - start)) s)"
		# Lines a scenario wants in the report (what it skipped, say).
		[ ! -f "$out/notes" ] || sed 's/^/    /' "$out/notes" >>"$results/report"
	else
		fail=$((fail + 1)); report "FAIL $name (bonding.ko vs rbonding.ko; $out/diff)"
		head -n 40 "$out/diff" | sed 's/^/    /' >>"$results/report"
	fi
done

mark "end -"

# Memory leaks: one kmemleak scan over the whole boot (after the minimum
# age of 5 s), each object attributed to the run during which it was
# allocated. A leak during an rbonding run, or one whose backtrace passes
# through rbonding, fails; one during a bonding.ko run (the reference) or
# outside any run is reported, not counted.
K=/sys/kernel/debug/kmemleak
if [ -w $K ]; then
	sleep 6
	echo scan >$K; echo scan >$K
	cat $K >"$results/kmemleak"
	awk -v out="$results/leaks" '
		FNR == NR { t[++n] = $1; run[n] = $2 " " $3; next }
		/^unreferenced object/ { obj++ }
		/^  comm .* jiffies / {
			j = $NF + 0; r = "boot -"
			for (i = 1; i <= n && t[i] <= j; i++) r = run[i]
			who[obj] = r
		}
		/\[rbonding\]/ { ours[obj] = 1 }
		END {
			for (o = 1; o <= obj; o++) {
				split(who[o], w, " ")
				bad = (w[2] == "rbonding" || ours[o])
				key = (bad ? "FAIL" : "note") " " who[o]
				c[key]++
			}
			for (k in c) print k, c[k] > out
		}' "$timeline" "$results/kmemleak"
	details=$(while read -r verdict scen drv count; do
		what="during $scen with $drv"
		[ "$drv" != - ] || what="outside any scenario"
		if [ "$verdict" = FAIL ]; then
			echo "    $count objects leaked $what"
		else
			echo "    $count objects leaked $what (not rbonding's)"
		fi
	done <"$results/leaks" 2>/dev/null)
	if grep -q '^FAIL' "$results/leaks" 2>/dev/null; then
		fail=$((fail + 1)); report "FAIL kmemleak ($results/kmemleak)"
	else
		pass=$((pass + 1)); report "PASS kmemleak"
	fi
	[ -z "$details" ] || report "$details"
fi

# Any splat anywhere in this boot fails the run (kmemleak's are judged
# above, run by run).
dmesg -c >>"$RB_KLOG"
if grep -nE 'WARNING:|BUG:|Oops|general protection|possible circular locking|possible recursive locking|inconsistent lock state|DEBUG_LOCKS_WARN_ON|suspicious RCU usage|refcount_t:|sleeping function called from invalid context|UBSAN|KASAN|Call Trace' "$RB_KLOG" >"$results/splats"; then
	fail=$((fail + 1)); report "FAIL dmesg (splats: $results/splats)"
	head -n 40 "$results/splats" | sed 's/^/    /' >>"$results/report"
else
	pass=$((pass + 1)); report "PASS dmesg"
fi
[ "${sysfs_ro:-0}" = 0 ] || fail=$((fail + 1))
echo "$pass $fail" >"$results/summary"
