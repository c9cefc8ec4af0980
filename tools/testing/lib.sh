# SPDX-License-Identifier: GPL-2.0
# Helpers for scenario scripts (sourced inside the VM). A scenario is run as
# `scenario.sh DRIVER` with DRIVER bonding or rbonding and prints what a user
# would observe; the harness compares the two outputs after masking MAC
# addresses (random per driver). Helpers avoid forks: under TCG each process
# costs tens of milliseconds.

DRV=${1:?driver}
set -u
: "${RB_KLOG:=/dev/null}"

# Kernel messages since the last call, normalised. The raw messages are kept
# in $RB_KLOG, which the harness scans for splats at the end.
kmsg() {
	local raw
	raw=$(dmesg -c)
	[ -n "$raw" ] || return 0
	printf '%s\n' "$raw" >>"$RB_KLOG"
	printf '%s\n' "$raw" | sed -E \
		-e '/loading out-of-tree module taints kernel|used greatest stack depth/d' \
		-e '/^\[[ 0-9.]+\] br[0-9]+: port /d' \
		-e '/^\[[ 0-9.]+\] (clocksource|hrtimer|sched|rcu|workqueue|perf|watchdog|NOHZ|tsc|TSC|virtio|9pnet|random|audit|systemd|virtme|kmemleak|IPv6: ADDRCONF)[: ]/d' \
		-e 's/^\[[ 0-9.]+\] //; s/^r?bonding: /DRV: /; s/^/  kmsg: /'
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
wr() {
	local f=$1 v=$2 err
	if err=$( { printf '%s\n' "$v" >"$f"; } 2>&1 ); then
		echo "write '$v' > ${f#/sys/class/net/} : ok"
	else
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
