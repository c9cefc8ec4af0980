#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside the test VM: failover time of active-backup, bonding.ko and
# rbonding.ko in the same boot. Writes the table to $1/bench.
set -uo pipefail
results=$1 mods=$2 rbko=$3
here=$(cd "$(dirname "$0")" && pwd)
. "$here/guest-setup.sh"
. "$here/peer.sh"

ROUNDS=${RB_BENCH_ROUNDS:-5}

# Milliseconds from the active slave's link going down to the first ping
# reply after the gap (ping every 2 ms, timestamps from ping -D).
one_failover() {
	local t0
	ping -D -n -i 0.002 -W 1 -c 1200 192.0.2.2 >/tmp/bench.ping 2>/dev/null &
	local pid=$!
	sleep 0.7
	t0=$(date +%s.%N)
	ip -n peer link set b0 down
	wait $pid
	ip -n peer link set b0 up
	awk -v t0="$t0" -F'[][]' '/bytes from/ {
		t = $2 + 0
		if (t > t0 && (prev == 0 || t - prev > 0.02)) { printf "%.1f\n", (t - t0) * 1000; found = 1; exit }
		prev = t
	} END { if (!found) print "nan" }' /tmp/bench.ping
	sleep 1.5
}

measure() {
	local drv=$1 miimon=$2 i
	peer_setup 2
	modprobe -C /dev/null "$drv" mode=active-backup miimon="$miimon" primary=a0
	ip addr add 192.0.2.1/24 dev bond0
	echo +a0 >/sys/class/net/bond0/bonding/slaves
	echo +a1 >/sys/class/net/bond0/bonding/slaves
	ip link set bond0 up
	sleep 1
	ping -c 2 -W 1 192.0.2.2 >/dev/null 2>&1
	for i in $(seq "$ROUNDS"); do one_failover; done | sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'
	modprobe -r "$drv"
	ip netns del peer
	sleep 0.5
}

{
	echo "active-backup failover time (ms): link down on the active slave to"
	echo "traffic on the new one; median of $ROUNDS, veth under TCG"
	printf '%-8s %10s %10s %8s\n' miimon bonding rbonding ratio
	for m in 100 10; do
		b=$(measure bonding $m)
		r=$(measure rbonding $m)
		ratio=$(awk -v b="$b" -v r="$r" 'BEGIN { if (b > 0) printf "%.2f", r / b; else print "-" }')
		printf '%-8s %10s %10s %8s\n' "$m" "$b" "$r" "$ratio"
	done
} >"$results/bench"
dmesg >"$results/kernel.log"
