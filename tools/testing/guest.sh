#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside one test VM: installs the modules, runs the given runs
# ("scenario:driver"), then scans kmemleak and dmesg over the whole boot.
# Each run leaves in $results/<scenario>/: <driver>.out (what it printed),
# <driver>.rc (its exit status) and <driver>.acct (where its time went).
# The VM's own verdicts go to $results/<vm>/kmemleak and .../dmesg (first
# line PASS or FAIL, details after), its times to .../guest-time.
set -uo pipefail
results=$1 mods=$2 rbko=$3 vm=$4
shift 4
t_start=$EPOCHREALTIME
read -r up_start _ </proc/uptime
here=$(cd "$(dirname "$0")" && pwd)
export RB_TESTING=$here
set -a
. "$results/host.env"
set +a

. "$here/guest-setup.sh"

mine=$results/$vm
export RB_KLOG=$mine/kernel.log
dmesg -c >"$RB_KLOG"
# Every kernel message also goes to the host as it comes: a VM that panics
# (oops=panic) or hangs still shows why.
dmesg --follow-new >"$mine/kernel.stream" 2>&1 &

# When each run began, in jiffies: kmemleak gives every leaked object its
# allocation time, so a leak is pinned on the run that made it.
timeline=$mine/timeline
mark() { echo "$(awk '/^jiffies:/ { print $2; exit }' /proc/timer_list) $1" >>"$timeline"; }
mark "boot -"

# What a run may leave behind: the modules, its namespaces.
cleanup() {
	modprobe -r bonding rbonding 2>/dev/null
	# A read-only /sys would make every later sysfs write fail alike
	# with both drivers: make it fail the run instead.
	if [ -n "$(awk '$2 == "/sys" && $4 ~ /^ro/' /proc/mounts)" ]; then
		echo "FAIL: /sys left read-only" >>"$1"
		echo 1 >"$2"
		mount -o remount,rw /sys 2>/dev/null
	fi
	for ns in $(ip netns list | awk '{print $1}'); do ip netns del "$ns"; done
}

# Brings every CPU but the first up (1) or down (0).
cpus_online() {
	local c
	for c in /sys/devices/system/cpu/cpu[1-9]*/online; do
		[ -w "$c" ] && [ "$(cat "$c")" != "$1" ] && echo "$1" >"$c"
	done
}

t_setup=$EPOCHREALTIME
for unit in "$@"; do
	name=${unit%%:*} drv=${unit#*:}
	script=$here/scenarios/$name.sh
	out=$results/$name
	mkdir -p "$out"
	export RB_OUT=$out RB_ACCT=$out/$drv.acct
	: >"$RB_ACCT"
	# "# timeout: N" in a scenario raises its limit (seconds per driver).
	limit=$(sed -n 's/^# timeout: //p' "$script")
	# Only "# smp" runs get the second CPU: under TCG it slows the rest.
	if grep -q '^# smp' "$script"; then cpus_online 1; else cpus_online 0; fi
	dmesg -c >>"$RB_KLOG"
	mark "$name $drv"
	t0=$EPOCHREALTIME
	timeout "${limit:-900}" bash "$script" "$drv" >"$out/$drv.out" 2>&1
	echo $? >"$out/$drv.rc"
	t1=$EPOCHREALTIME
	cleanup "$out/$drv.out" "$out/$drv.rc"
	echo "run $t0 $t1" >>"$RB_ACCT"
	echo "cleanup $t1 $EPOCHREALTIME" >>"$RB_ACCT"
done
mark "end -"
t_runs=$EPOCHREALTIME

# Memory leaks: one kmemleak scan over the whole boot (after the minimum
# age of 5 s), each object attributed to the run during which it was
# allocated. A leak during an rbonding run, or one whose backtrace passes
# through rbonding, fails; one during a bonding.ko run (the reference) or
# outside any run is reported, not counted.
K=/sys/kernel/debug/kmemleak
if [ -w $K ]; then
	sleep 6
	echo scan >$K; echo scan >$K
	cat $K >"$mine/kmemleak.raw"
	awk -v out="$mine/leaks" '
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
		}' "$timeline" "$mine/kmemleak.raw"
	verdict=PASS
	touch "$mine/leaks"
	grep -q '^FAIL' "$mine/leaks" && verdict=FAIL
	{
		echo "$verdict"
		while read -r v scen d count; do
			what="during $scen with $d"
			[ "$d" != - ] || what="outside any scenario"
			if [ "$v" = FAIL ]; then
				echo "$count objects leaked $what ($mine/kmemleak.raw)"
			else
				echo "$count objects leaked $what (not rbonding's)"
			fi
		done <"$mine/leaks"
	} >"$mine/kmemleak"
else
	printf 'FAIL\nkmemleak is not available\n' >"$mine/kmemleak"
fi

# Any splat anywhere in this boot fails the run (kmemleak's are judged
# above, run by run); tools/testing/splats lists what counts as one.
dmesg -c >>"$RB_KLOG"
splat=$(grep -v '^#' "$here/splats" | paste -sd '|')
if grep -nE "$splat" "$RB_KLOG" >"$mine/splats"; then
	{ echo FAIL; echo "splats ($mine/splats):"; head -n 40 "$mine/splats"; } >"$mine/dmesg"
else
	echo PASS >"$mine/dmesg"
fi
echo "$up_start $t_start $t_setup $t_runs $EPOCHREALTIME" >"$mine/guest-time"
