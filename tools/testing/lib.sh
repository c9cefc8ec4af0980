# SPDX-License-Identifier: GPL-2.0
# Helpers for scenario scripts (sourced inside the VM). A scenario is run as
# `scenario.sh DRIVER` with DRIVER bonding or rbonding and prints what a user
# would observe; the harness compares the two outputs after masking MAC
# addresses (random per driver). Helpers avoid forks: under TCG each process
# costs tens of milliseconds.

DRV=${1:?driver}
set -u
: "${RB_KLOG:=/dev/null}" "${RB_ACCT:=/dev/null}"

# Where a run's time goes: module loads and unloads, and sleeps, as
# "what start end" lines in $RB_ACCT (the harness's timing table sums them).
modprobe() {
	local t0=$EPOCHREALTIME rc
	command modprobe "$@"
	rc=$?
	echo "module $t0 $EPOCHREALTIME" >>"$RB_ACCT"
	return $rc
}
sleep() {
	local t0=$EPOCHREALTIME
	command sleep "$@"
	echo "sleep $t0 $EPOCHREALTIME" >>"$RB_ACCT"
}

# What a scenario expects of any driver (a ping that answers, a count that
# is not zero): `unmet WHAT` says that it did not hold, and the run then
# exits 1, so that a failure both drivers share still fails.
RB_UNMET=/tmp/rb-unmet.$$
: >"$RB_UNMET"
unmet() {
	echo "UNMET: $*"
	echo "$*" >>"$RB_UNMET"
}
trap 'rc=$?; [ ! -s "$RB_UNMET" ] || rc=1; rm -f "$RB_UNMET" "$RB_ERRF"; exit $rc' EXIT

# Kernel messages since the last call, normalised. One `dmesg --follow-new`
# per run feeds them through a pipe; each call writes a marker to
# /dev/kmsg and reads up to it, so it sees every message printed before
# the call and forks nothing. The harness keeps every raw message in its
# kernel log and scans that for splats.
rb_mark() {
	RB_MARK="rbonding-test-mark $BASHPID $EPOCHREALTIME"
	echo "<7>$RB_MARK" >/dev/kmsg
}
exec {RB_KFD}< <(exec dmesg --follow-new)
# A bare `wait` would also wait for that follower, which never ends: it
# waits for the background jobs only.
wait() {
	local jobs_left
	[ $# -eq 0 ] || { builtin wait "$@"; return; }
	jobs_left=$(jobs -p)
	[ -z "$jobs_left" ] || builtin wait $jobs_left
}
# The follower reads only what comes after it opened /dev/kmsg: mark until
# it sees a marker, then once more and skip up to that one.
until rb_mark && read -r -t 0.5 -u "$RB_KFD" _; do :; done
rb_mark
while read -r -t 30 -u "$RB_KFD" RB_LINE && [[ $RB_LINE != *"$RB_MARK" ]]; do :; done
RB_QUIET='rbonding-test-mark|loading out-of-tree module taints kernel|used greatest stack depth|^br[0-9]+: port '
RB_QUIET="$RB_QUIET|^(clocksource|hrtimer|sched|rcu|workqueue|perf|watchdog|NOHZ|tsc|TSC|virtio|9pnet|random|audit|systemd|virtme|kmemleak|IPv6: ADDRCONF)[: ]"
kmsg() {
	local line
	rb_mark
	while read -r -t 30 -u "$RB_KFD" line; do
		[[ $line == *"$RB_MARK" ]] && return 0
		[[ $line =~ ^\[[\ 0-9.]+\]\ ?(.*)$ ]] && line=${BASH_REMATCH[1]}
		[[ $line =~ $RB_QUIET ]] && continue
		[[ $line =~ ^r?bonding:\ (.*)$ ]] && line="DRV: ${BASH_REMATCH[1]}"
		printf '  kmsg: %s\n' "$line"
	done
	echo "  kmsg: (no marker within 30 s)"
}

load() {
	local out rc
	out=$(modprobe -C /dev/null "$DRV" "$@" 2>&1)
	rc=$?
	out=${out//\'rbonding\'/\'DRV\'}
	echo "load $* -> rc=$rc ${out//\'bonding\'/\'DRV\'}"
	kmsg
}

unload() {
	modprobe -r "$DRV"
	echo "unload -> rc=$?"
	kmsg
}

# Writes $2 to $1 as `echo` does and reports the outcome and messages.
RB_ERRF=/tmp/rb-err.$$
wr() {
	local f=$1 v=$2 err
	if { printf '%s\n' "$v" >"$f"; } 2>"$RB_ERRF"; then
		echo "write '$v' > ${f#/sys/class/net/} : ok"
	else
		IFS= read -r -d '' err <"$RB_ERRF"
		err=${err%%$'\n'*}
		echo "write '$v' > ${f#/sys/class/net/} : ${err##*: }"
	fi
	kmsg
}

# Prints every file of the bond's bonding/ directory (no forks).
show_sysfs() {
	local b=$1 f v
	for f in /sys/class/net/"$b"/bonding/*; do
		v=
		IFS= read -r -d '' v <"$f"
		v=${v//$'\n'/|}
		echo "$b/${f##*/}: $v"
	done
}

show_proc() {
	local v
	echo "--- /proc/net/bonding/$1"
	IFS= read -r -d '' v <"/proc/net/bonding/$1"
	printf '%s' "${v#*$'\n'}"
}

show_link() {
	ip -o link show "$1" | sed -E 's/^[0-9]+: //'
}

masters() {
	local v=
	if [ -e /sys/class/net/bonding_masters ]; then
		IFS= read -r -d '' v </sys/class/net/bonding_masters
		echo "bonding_masters: ${v%$'\n'}"
	else
		echo "bonding_masters: absent"
	fi
}

# Runs a command; prints it, its rc, its output (iproute2 errors) indented,
# then the kernel's messages.
try() {
	local out rc l
	out=$("$@" 2>&1)
	rc=$?
	echo "\$ $* -> rc=$rc"
	if [ -n "$out" ]; then
		while IFS= read -r l; do echo "  $l"; done <<<"$out"
	fi
	kmsg
}

# show_link of each device named, without the operstate (linkwatch sets it
# asynchronously).
links() {
	local s
	for s in "$@"; do show_link "$s" | sed -E 's/ state [A-Z_]+//'; done
}
