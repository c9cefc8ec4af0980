#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside the test VM: failover time of active-backup and packets per
# second through the bond, bonding.ko and rbonding.ko in the same boot.
# Writes the tables to $1/bench.
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

# A bond (module parameters "$3"...) of $2 veth slaves of driver $1, peers
# up in namespace "peer"; IPv6 off so that only generated frames flow.
lb_setup() {
	local drv=$1 n=$2 i
	shift 2
	ip netns add peer
	for i in $(seq 0 $((n - 1))); do
		ip link add a$i type veth peer name b$i netns peer
		sysctl -qw net.ipv6.conf.a$i.disable_ipv6=1
		ip -n peer link set b$i up
	done
	modprobe -C /dev/null "$drv" "$@"
	sysctl -qw net.ipv6.conf.bond0.disable_ipv6=1
	for i in $(seq 0 $((n - 1))); do echo +a$i >/sys/class/net/bond0/bonding/slaves; done
	ip link set bond0 up
	sleep 1
}

lb_teardown() {
	modprobe -r "$1"
	ip netns del peer
	sleep 0.5
}

# pktgen on device $1 (in namespace $2, "" for this one): $PKTS small UDP
# frames with random destination addresses, source ports and source MACs,
# so that every hash policy spreads them. Prints the run's duration in
# microseconds and the sender's pps.
pktgen_run() {
	local dev=$1 ns=$2 run=()
	[ -n "$ns" ] && run=(ip netns exec "$ns")
	"${run[@]}" bash -c '
		pg() { echo "$2" >/proc/net/pktgen/$1; }
		pg kpktgend_0 rem_device_all
		pg kpktgend_0 "add_device '"$dev"'"
		for c in "count '"$PKTS"'" "pkt_size 60" "clone_skb 0" "burst 1" \
			"dst_mac 02:00:00:00:00:02" "src_mac 02:00:00:00:01:00" "src_mac_count 64" \
			"dst_min 198.51.100.1" "dst_max 198.51.100.254" "flag IPDST_RND" \
			"udp_src_min 1024" "udp_src_max 65000" "flag UDPSRC_RND"; do
			pg '"$dev"' "$c"
		done
		pg pgctrl start
		sed -n -e "s/.*OK: \([0-9]*\)(c.*/\1/p" -e "s/.* \([0-9]*\)pps .*/\1/p" \
			/proc/net/pktgen/'"$dev"' | paste -sd " "
		pg kpktgend_0 rem_device_all'
}

# Frames that went through a slave's rx_handler and reached the stack as
# the bond's: addressed to another host, IPv4 drops them and counts them in
# the bond's rx_otherhost_dropped.
delivered() {
	ip -j -s -s link show bond0 |
		python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["stats64"]["rx"].get("otherhost", 0))'
}

# Transmit: pktgen on the bond, the sender's pps. Receive: pktgen on the
# peer of slave a0, frames delivered as the bond's per second of the
# pktgen run.
tx_pps() {
	local drv=$1 n=$2
	shift 2
	lb_setup "$drv" "$n" "$@"
	pktgen_run bond0 "" | cut -d " " -f 2
	lb_teardown "$drv"
}

rx_pps() {
	local drv=$1 n=$2 r0 r1 usec pps
	shift 2
	lb_setup "$drv" "$n" "$@"
	r0=$(delivered)
	read -r usec pps < <(pktgen_run b0 peer)
	r1=$(delivered)
	echo $(((r1 - r0) * 1000000 / usec))
	lb_teardown "$drv"
}

# One table row: $TROUNDS alternated runs of each driver; the median pps
# of each and the ratio, with the spread of the per-round ratios.
row() {
	local what=$1 label=$2 i b r
	shift 2
	for i in $(seq "$TROUNDS"); do
		b=$("$what" bonding "$@")
		r=$("$what" rbonding "$@")
		echo "$b $r"
	done | awk -v label="$label" '{ b[NR] = $1; r[NR] = $2; q[NR] = ($1 > 0) ? $2 / $1 : 0 }
		function median(a, n,   i, j, t) {
			for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
			return a[int((n + 1) / 2)]
		}
		END {
			n = NR; lo = hi = q[1]
			for (i = 2; i <= n; i++) { if (q[i] < lo) lo = q[i]; if (q[i] > hi) hi = q[i] }
			mb = median(b, n); mr = median(r, n)
			printf "%-26s %10d %10d %6.2f  %.2f-%.2f\n", label, mb, mr, (mb > 0) ? mr / mb : 0, lo, hi
		}'
}

throughput() {
	local dir=$1 n pol
	echo
	echo "$dir packets per second through the bond (pktgen, 60-byte frames,"
	echo "$PKTS per run; median of $TROUNDS alternated runs, ratio and its spread)"
	printf '%-26s %10s %10s %6s  %s\n' "mode, slaves" bonding rbonding ratio spread
	for n in 2 4; do
		row "$dir"_pps "active-backup, $n" "$n" mode=active-backup miimon=100
		row "$dir"_pps "balance-rr, $n" "$n" mode=balance-rr miimon=100
		row "$dir"_pps "broadcast, $n" "$n" mode=broadcast miimon=100
		for pol in layer2 layer2+3 layer3+4 encap2+3 encap3+4 vlan+srcmac; do
			row "$dir"_pps "xor $pol, $n" "$n" mode=balance-xor miimon=100 xmit_hash_policy=$pol
		done
	done
}

PKTS=${RB_BENCH_PKTS:-100000}
TROUNDS=${RB_BENCH_TPUT_ROUNDS:-3}
modprobe pktgen

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
	throughput tx
	throughput rx
} >"$results/bench"
dmesg >"$results/kernel.log"
