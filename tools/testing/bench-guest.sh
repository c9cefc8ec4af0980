#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside the test VM: failover time of active-backup and 802.3ad,
# 802.3ad convergence and packets per second through the bond (802.3ad
# with a teamd partner), bonding.ko and rbonding.ko in the same boot.
# Writes the tables to $1/bench.
set -uo pipefail
results=$1 mods=$2 rbko=$3
here=$(cd "$(dirname "$0")" && pwd)
. "$here/guest-setup.sh"
. "$here/peer.sh"
set -a
. "$results/bench.env"
set +a

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
	gap_after "$t0" </tmp/bench.ping
	sleep 1.5
}

# Milliseconds from $1 (a time) to the reply that ends the longest gap
# after it, in `ping -D` output on stdin ("nan" without one): a fixed gap
# threshold would miss fast failovers.
gap_after() {
	awk -v t0="$1" -F'[][]' '/bytes from/ {
		t = $2 + 0
		if (t > t0 && prev > 0 && t - prev > best) { best = t - prev; end = t }
		prev = t
	} END { if (end > 0) printf "%.1f\n", (end - t0) * 1000; else print "nan" }'
}

# Of numbers on stdin, one per line ("nan": a failed round), the median of
# the others and how many failed (a failed round must not sort first).
median_failed() {
	awk '$1 == "nan" { failed++; next } { v[++n] = $1 }
		END {
			for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
			printf "%s %d\n", (n > 0) ? v[int((n + 1) / 2)] : "-", failed + 0
		}'
}

# rbonding's value over bonding's ($2 / $1), or "-".
ratio() {
	awk -v b="$1" -v r="$2" 'BEGIN { if (b > 0 && r > 0) printf "%.2f", r / b; else print "-" }'
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
	for i in $(seq "$ROUNDS"); do one_failover; done | median_failed
	modprobe -r "$drv"
	ip netns del peer
	sleep 0.5
}

# Throughput: four veth pairs a0..a3 / b0..b3 (peers up in namespace
# "peer"), IPv6 off so that only generated frames flow. Each driver is
# loaded once per sweep; its bond0 is reconfigured through sysfs for every
# mode, policy and slave count, so a sweep costs no module or namespace
# set-up per measurement.
AD_POLICIES="layer2 layer2+3 layer3+4 encap2+3 encap3+4 vlan+srcmac"
CONFIGS="active-backup:- balance-rr:- broadcast:-"
for pol in $AD_POLICIES; do
	CONFIGS="$CONFIGS balance-xor:$pol"
done

# Namespace "peer" and $1 veth pairs a0.. / b0.. (peers up), IPv6 off here.
veth_pairs() {
	local i
	ip netns add peer
	for i in $(seq 0 $(($1 - 1))); do
		ip link add a$i type veth peer name b$i netns peer
		sysctl -qw net.ipv6.conf.a$i.disable_ipv6=1
		ip -n peer link set b$i up
	done
}

tput_setup() {
	veth_pairs 4
}

# bond0 in mode $1 (xmit_hash_policy $2 unless "-") over slaves a0..a$3-1.
bond_config() {
	local mode=$1 pol=$2 n=$3 b=/sys/class/net/bond0/bonding s i
	ip link set bond0 down
	for s in $(cat $b/slaves); do echo "-$s" >$b/slaves; done
	echo "$mode" >$b/mode
	[ "$pol" = - ] || echo "$pol" >$b/xmit_hash_policy
	echo 100 >$b/miimon
	for i in $(seq 0 $((n - 1))); do echo "+a$i" >$b/slaves; done
	ip link set bond0 up
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

# Frames the peers b0..b3 received.
arrived() {
	ip -n peer -j -s link show | jq '[.[] | select(.ifname | test("^b[0-9]$")) | .stats64.rx.packets] | add'
}

# Transmit: pktgen on the bond; frames that arrived at the peers per second
# of the pktgen run (what the bond accepted but did not send is not
# counted; in broadcast each copy counts). Receive: pktgen on b0, the peer
# of the first slave (the active one in active-backup), frames delivered as
# the bond's per second of the pktgen run.
measure_tx() {
	local a0 a1 usec pps
	a0=$(arrived)
	read -r usec pps <<<"$(pktgen_run bond0 "")"
	a1=$(arrived)
	echo $(((a1 - a0) * 1000000 / usec))
}

measure_rx() {
	local r0 r1 usec pps
	r0=$(delivered)
	read -r usec pps <<<"$(pktgen_run b0 peer)"
	r1=$(delivered)
	echo $(((r1 - r0) * 1000000 / usec))
}

# One sweep of driver $1 over every configuration and slave count:
# lines "direction mode policy slaves pps".
sweep() {
	local drv=$1 n cfg dir
	modprobe -C /dev/null "$drv"
	sysctl -qw net.ipv6.conf.bond0.disable_ipv6=1
	for n in 2 4; do
		for cfg in $CONFIGS; do
			bond_config "${cfg%%:*}" "${cfg#*:}" "$n"
			for dir in $RB_TPUT_DIRS; do
				echo "$dir ${cfg%%:*} ${cfg#*:} $n $(measure_"$dir")"
			done
		done
	done
	modprobe -r "$drv"
}

# The tables: per direction and configuration, the median pps of each
# driver over the rounds, their ratio, and the spread of the per-round
# ratios.
tables() {
	awk -v pkts="$PKTS" -v rounds="$TROUNDS" '
		function median(a, n,   i, j, t) {
			for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
			return a[int((n + 1) / 2)]
		}
		{
			key = $2 " " $3 " " $4 " " $5
			if (!(key in seen)) { seen[key] = 1; order[++nk] = key }
			v[$1, key, ++cnt[$1, key]] = $6
		}
		END {
			split("tx rx", dirs, " ")
			for (d = 1; d <= 2; d++) {
				dir = dirs[d]
				header = 0
				for (k = 1; k <= nk; k++) {
					key = order[k]
					split(key, f, " ")
					n = cnt["bonding", key]
					if (f[1] != dir || n == 0 || cnt["rbonding", key] != n) continue
					if (!header) {
						print ""
						print dir " packets per second through the bond (pktgen, 60-byte frames,"
						print pkts " per run; median of " rounds " alternated sweeps, ratio and its spread)"
						print "(\"noise\": the per-round ratios reach both sides of 1, so the"
						print "spread is wider than the difference)"
						printf "%-26s %10s %10s %6s  %s\n", "mode, slaves", "bonding", "rbonding", "ratio", "spread"
						header = 1
					}
					lo = 1e9; hi = 0
					for (i = 1; i <= n; i++) {
						b[i] = v["bonding", key, i]; r[i] = v["rbonding", key, i]
						q = (b[i] > 0) ? r[i] / b[i] : 0
						if (q < lo) lo = q
						if (q > hi) hi = q
					}
					mb = median(b, n); mr = median(r, n)
					label = (f[3] == "-") ? f[2] : (f[2] == "balance-xor") ? "xor " f[3] : "802.3ad " f[3]
					label = label ", " f[4]
					printf "%-26s %10d %10d %6.2f  %.2f-%.2f%s\n", label, mb, mr, (mb > 0) ? mr / mb : 0, lo, hi,
						(lo <= 1 && hi >= 1) ? "  noise" : ""
				}
			}
		}'
}

throughput() {
	local i
	tput_setup
	# Which driver goes first alternates between rounds, so that neither
	# always runs on a freshly set-up or a longer-running guest.
	for i in $(seq "$TROUNDS"); do
		local order="bonding rbonding" drv
		[ $((i % 2)) = 0 ] && order="rbonding bonding"
		for drv in $order; do
			sweep "$drv" | sed "s/^/$drv /"
		done
	done >"$results/throughput.raw"
	ip netns del peer
	tables <"$results/throughput.raw"
}

# Where the time goes: a system-wide cpu-clock profile (perf record, 4000
# samples a second per CPU) of one transmit and one receive run per driver,
# balance-xor layer3+4 over two slaves; the top symbols of each go to
# $results/profile, and a per-packet cost: the CPU time whose samples land
# in the driver's own code, per packet of the run. Under TCG it is steadier
# than pps, which the whole guest's speed sets.
profile() {
	local drv dir n
	tput_setup
	echo "CPU time in the driver's own code per packet (ns; perf cpu-clock" >"$results/cost"
	echo "samples in the module, $PROFILE_PKTS packets per run)" >>"$results/cost"
	printf '%-10s %-4s %10s %10s\n' driver dir samples "ns/packet" >>"$results/cost"
	for drv in bonding rbonding; do
		modprobe -C /dev/null "$drv"
		sysctl -qw net.ipv6.conf.bond0.disable_ipv6=1
		bond_config balance-xor layer3+4 2
		for dir in tx rx; do
			perf record -q -a -e cpu-clock -F 4000 -o "/tmp/perf.$drv.$dir" -- \
				bash -c "$(declare -f pktgen_run delivered arrived measure_"$dir"); PKTS=$PROFILE_PKTS measure_$dir" \
				>/dev/null 2>&1
			n=$(perf report -q -n -i "/tmp/perf.$drv.$dir" --stdio --sort dso 2>/dev/null |
				awk -v d="[$drv]" '$3 == d { print $2 }')
			awk -v drv="$drv" -v dir="$dir" -v n="${n:-0}" -v p="$PROFILE_PKTS" \
				'BEGIN { printf "%-10s %-4s %10d %10.1f\n", drv, dir, n, n / 4000 / p * 1e9 }' >>"$results/cost"
			echo "=== $drv $dir: symbols over 0.5% of the samples"
			perf report -q -i "/tmp/perf.$drv.$dir" --stdio --sort dso,sym 2>/dev/null |
				awk '$1 + 0 >= 0.5' | head -n 40
			echo "=== $drv $dir: the driver's own share, and its symbols"
			perf report -q -i "/tmp/perf.$drv.$dir" --stdio --sort dso 2>/dev/null |
				grep -F "[$drv]"
			perf report -q -i "/tmp/perf.$drv.$dir" --stdio --sort dso,sym 2>/dev/null |
				grep -F "[$drv]" | head -n 10
		done
		modprobe -r "$drv"
	done >>"$results/profile"
	ip netns del peer
	cat "$results/cost" >>"$results/profile"
}

PKTS=${RB_BENCH_PKTS:-50000}
PROFILE_PKTS=${RB_BENCH_PROFILE_PKTS:-500000}
TROUNDS=${RB_BENCH_TPUT_ROUNDS:-5}
modprobe pktgen

failover() {
	local m b r bf rf
	echo "active-backup failover time (ms): link down on the active slave to"
	echo "traffic on the new one; median of the rounds of $ROUNDS that recovered"
	echo "(failed: those that did not), veth under TCG; ratio rbonding/bonding"
	echo "(below 1: rbonding recovers faster)"
	printf '%-8s %10s %7s %10s %7s %8s\n' miimon bonding failed rbonding failed ratio
	for m in 100 10; do
		read -r b bf <<<"$(measure bonding $m)"
		read -r r rf <<<"$(measure rbonding $m)"
		printf '%-8s %10s %7s %10s %7s %8s\n' "$m" "$b" "$bf" "$r" "$rf" "$(ratio "$b" "$r")"
	done
}

# 802.3ad convergence: seconds from enslaving the first of two ports (the
# bond up, teamd's LACP runner as partner, fast rate) to both ports
# collecting and distributing (actor state 63).
one_convergence() {
	local drv=$1 t0 t1=
	veth_pairs 2
	teamd_partner b0 b1
	modprobe -C /dev/null "$drv" mode=802.3ad miimon=100 lacp_rate=fast
	ip link set bond0 up
	t0=$(date +%s.%N)
	echo +a0 >/sys/class/net/bond0/bonding/slaves
	echo +a1 >/sys/class/net/bond0/bonding/slaves
	ad_wait a0 a1 && t1=$(date +%s.%N)
	ad_teardown "$drv"
	if [ -n "$t1" ]; then awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f\n", b - a }'; else echo nan; fi
}

convergence() {
	local drv b r
	echo "802.3ad convergence (s): enslaving two ports of an up bond to both"
	echo "collecting and distributing, teamd LACP partner, fast rate; median of"
	echo "$ROUNDS rounds (failed: rounds that did not converge in 30 s); ratio"
	echo "rbonding/bonding"
	for drv in bonding rbonding; do
		for i in $(seq "$ROUNDS"); do one_convergence "$drv"; done |
			median_failed >/tmp/bench.conv.$drv
	done
	read -r b bf </tmp/bench.conv.bonding
	read -r r rf </tmp/bench.conv.rbonding
	printf '%10s %7s %10s %7s %8s\n' bonding failed rbonding failed ratio
	printf '%10s %7s %10s %7s %8s\n' "$b" "$bf" "$r" "$rf" "$(ratio "$b" "$r")"
}

# teamd's LACP runner in "peer" as team0 (fast rate) over ports $1..,
# at 192.0.2.2.
teamd_partner() {
	local ports= p
	for p in "$@"; do
		ports="$ports${ports:+,}\"$p\":{}"
		# teamd takes only ports that are down.
		ip -n peer link set "$p" down
	done
	mkdir -p /run/teamd
	ip netns exec peer teamd -d -c "{\"device\":\"team0\",\"runner\":{\"name\":\"lacp\",
		\"active\":true,\"fast_rate\":true,\"tx_hash\":[\"eth\",\"ipv4\",\"l4\"]},
		\"link_watch\":{\"name\":\"ethtool\"},\"ports\":{$ports}}" >/dev/null 2>&1
	ip -n peer addr add 192.0.2.2/24 dev team0
	ip -n peer link set team0 up
}

# Waits up to 30 s for slaves $@ to collect and distribute (actor state
# 63), looking every 50 ms; fails if they do not.
ad_wait() {
	local end=$((SECONDS + 30)) s n v
	while [ $SECONDS -lt $end ]; do
		n=0
		for s in "$@"; do
			read -r v <"/sys/class/net/$s/bonding_slave/ad_actor_oper_port_state"
			[ "$v" = 63 ] && n=$((n + 1))
		done
		[ $n = $# ] && return 0
		sleep 0.05
	done
	return 1
}

# 802.3ad transmit: one sweep of driver $1 over two and four aggregated
# ports (teamd partner over b0..b3) and every hash policy, changed while
# the bond is up: lines "tx 802.3ad policy slaves pps" (nothing for a
# count whose ports did not aggregate).
ad_sweep() {
	local drv=$1 b=/sys/class/net/bond0/bonding n pol i
	modprobe -C /dev/null "$drv" mode=802.3ad miimon=100 lacp_rate=fast
	sysctl -qw net.ipv6.conf.bond0.disable_ipv6=1
	ip link set bond0 up
	for n in 2 4; do
		for i in $(seq 0 $((n - 1))); do
			[ -e /sys/class/net/a$i/bonding_slave ] || echo "+a$i" >$b/slaves
		done
		ad_wait $(seq -f 'a%g' 0 $((n - 1))) || continue
		for pol in $AD_POLICIES; do
			echo "$pol" >$b/xmit_hash_policy
			echo "tx 802.3ad $pol $n $(measure_tx)"
		done
	done
	modprobe -r "$drv"
}

ad_throughput() {
	local i order drv
	tput_setup
	teamd_partner b0 b1 b2 b3
	for i in $(seq "$TROUNDS"); do
		order="bonding rbonding"
		[ $((i % 2)) = 0 ] && order="rbonding bonding"
		for drv in $order; do
			ad_sweep "$drv" | sed "s/^/$drv /"
		done
	done >"$results/ad-throughput.raw"
	peer_down
	tables <"$results/ad-throughput.raw"
}

# 802.3ad failover: milliseconds from the link of the port carrying a ping
# (every 2 ms) going down to the first reply after the gap, two aggregated
# ports, teamd partner, miimon 100; the port comes back and aggregates
# before the next round. Prints the median and the failed rounds.
ad_failover_rounds() {
	local drv=$1 i s p t0 c0 c1 d best
	veth_pairs 2
	teamd_partner b0 b1
	modprobe -C /dev/null "$drv" mode=802.3ad miimon=100 lacp_rate=fast
	ip addr add 192.0.2.1/24 dev bond0
	echo +a0 >/sys/class/net/bond0/bonding/slaves
	echo +a1 >/sys/class/net/bond0/bonding/slaves
	ip link set bond0 up
	for i in $(seq "$ROUNDS"); do
		ad_wait a0 a1 || { echo nan; continue; }
		ping -c 3 -i 0.2 -W 1 192.0.2.2 >/dev/null 2>&1
		# The port the ping's flow hashes to: the one whose transmit count
		# grows with it.
		best=0 p=0
		c0=($(cat /sys/class/net/a[01]/statistics/tx_packets))
		ping -c 20 -i 0.01 -W 1 192.0.2.2 >/dev/null 2>&1
		c1=($(cat /sys/class/net/a[01]/statistics/tx_packets))
		for s in 0 1; do
			d=$((c1[s] - c0[s]))
			[ $d -le $best ] || { best=$d; p=$s; }
		done
		ping -D -n -i 0.002 -W 1 -c 1200 192.0.2.2 >/tmp/bench.ping 2>/dev/null &
		local pid=$!
		sleep 0.7
		t0=$(date +%s.%N)
		ip -n peer link set b$p down
		wait $pid
		ip -n peer link set b$p up
		gap_after "$t0" </tmp/bench.ping
	done | median_failed
	ad_teardown "$drv"
}

# Unloads driver $1, then peer_down.
ad_teardown() {
	modprobe -r "$1"
	peer_down
}

# Stops teamd and removes namespace "peer" and its veths (deleting a veth
# takes its peer along at once; the namespace's own teardown is not).
peer_down() {
	ip netns exec peer teamd -k -t team0 >/dev/null 2>&1
	ip -n peer -o link show type veth | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }' |
		while read -r v; do ip -n peer link del "$v"; done
	ip netns del peer
	sleep 0.5
}

ad_failover() {
	local b bf r rf
	echo "802.3ad failover (ms): link down on the port carrying a ping to"
	echo "traffic on the other, two aggregated ports, teamd partner, miimon 100;"
	echo "median of the rounds of $ROUNDS that recovered; ratio rbonding/bonding"
	read -r b bf <<<"$(ad_failover_rounds bonding)"
	read -r r rf <<<"$(ad_failover_rounds rbonding)"
	printf '%10s %7s %10s %7s %8s\n' bonding failed rbonding failed ratio
	printf '%10s %7s %10s %7s %8s\n' "$b" "$bf" "$r" "$rf" "$(ratio "$b" "$r")"
}

# RB_BENCH_PARTS picks the parts: failover, convergence, ad-failover,
# tx, rx (tables), ad-tx (802.3ad transmit table), profile.
PARTS=${RB_BENCH_PARTS:-failover convergence ad-failover tx rx ad-tx profile}
RB_TPUT_DIRS=
for part in $PARTS; do
	case $part in
	tx | rx) RB_TPUT_DIRS="$RB_TPUT_DIRS $part" ;;
	esac
done
{
	case " $PARTS " in
	*" failover "*) failover ;;
	esac
	case " $PARTS " in
	*" convergence "*) convergence ;;
	esac
	case " $PARTS " in
	*" ad-failover "*) ad_failover ;;
	esac
	[ -z "$RB_TPUT_DIRS" ] || throughput
	case " $PARTS " in
	*" ad-tx "*) ad_throughput ;;
	esac
	case " $PARTS " in
	*" profile "*) profile ;;
	esac
} >"$results/bench"
dmesg >"$results/kernel.log"
