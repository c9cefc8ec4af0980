#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# 802.3ad against teamd's LACP runner in namespace "peer": aggregation with
# fast and slow rate, active and passive partners, traffic on every port,
# a port's link going down and back, the partner going away (defaulted),
# a second partner system on one port (another aggregator), min_links with
# too few ports; /proc, the slaves' ad_* files, `ip -d link` and the
# 802.3ad counters on the way.
. "$RB_TESTING/lib.sh"
. "$RB_TESTING/lacp-lib.sh"

mkdir -p /run/teamd

# teamd in "peer" as team device $1 (address ...:c$2) over ports $3..,
# with LACP active ($4: true/false) and fast rate ($5).
teamd_start() {
	local dev=$1 n=$2 active=$3 fast=$4 ports= p
	shift 4
	for p in "$@"; do ports="$ports${ports:+,}\"$p\":{}"; done
	ip netns exec peer teamd -d -c "{\"device\":\"$dev\",\"hwaddr\":\"00:00:5e:00:53:c$n\",
		\"runner\":{\"name\":\"lacp\",\"active\":$active,\"fast_rate\":$fast,
		\"tx_hash\":[\"eth\",\"ipv4\",\"l4\"]},
		\"link_watch\":{\"name\":\"ethtool\"},\"ports\":{$ports}}" >/dev/null 2>&1 ||
		unmet "teamd $dev did not start"
	ip -n peer link set "$dev" up
}

teamd_stop() {
	ip netns exec peer teamd -k -t "$1" >/dev/null 2>&1 || return 0
	sleep 0.5
}

teardown() {
	local s
	# The bond first: teamd's going would take the links down, whose
	# messages come in no fixed order.
	unload
	teamd_stop team0
	teamd_stop team1
	# Deleting a veth takes its peer along at once; the namespace's own
	# teardown is asynchronous.
	for s in /sys/class/net/a*; do ip link del "${s##*/}" 2>/dev/null; done
	ip netns del peer
}

echo "=== teamd active, fast rate; bond with lacp_rate=fast"
setup 2
teamd_start team0 0 true true b0 b1
ip -n peer addr add 192.0.2.2/24 dev team0
bond_up 2 mode=802.3ad miimon=100 lacp_rate=fast xmit_hash_policy=layer3+4
wait_state 63 30 a0 a1
ad_state a0 a1
ip -d link show bond0 | sed -n 's/.*\(ad_info .*\)/\1/p; s/.*\(lacp_rate [a-z]*\).*/\1/p' | agg_mask
ip -d link show a0 | sed -n 's/.*\(ad_aggregator_id .*\)/\1/p' | agg_mask
ping_peer ok
spread a0,a1
echo "--- slow-protocol frames from the partner's side"
for k in marker marker-response marker-unknown short unknown; do
	ip netns exec peer python3 "$RB_TESTING/slowproto.py" b0 $k || unmet "no marker response"
done
kmsg
ip stats show dev a0 group xstats_slave | sed -E 's/(LACPDU (Rx|Tx):?) [0-9]+/\1 N/; s/^[0-9]+: //'
port_flap 30
echo "--- options while aggregated"
wr $B/ad_select count
wr $B/lacp_rate slow
wr $B/mode active-backup
wr $B/ad_actor_sys_prio 100
wr $B/ad_actor_system 00:00:5e:00:53:99
wait_state 63 30 a0 a1
grep -E '^(System priority|System MAC address|    system priority|    system mac address)' /proc/net/bonding/bond0
ip link set bond0 down
wr $B/lacp_rate slow
wr $B/ad_select bandwidth
ip link set bond0 up
wait_state 61 30 a0 a1
ping_peer ok
ip link set bond0 down
wr $B/lacp_rate fast
ip link set bond0 up
wait_state 63 30 a0 a1
echo "--- teamd goes away, the links stay: the ports expire, then default"
# Killed, teamd leaves its device and ports as they are: only LACP stops.
pkill -9 -f '"device":"team0"'
sleep 6
wait_defaulted 30 a0 a1
kmsg
# Each port is on its own aggregator now; which one is active follows
# from the aggregator the pair was on (see agg_mask).
defaulted a0 a1
echo "--- counters (zero or not)"
ip stats show dev bond0 group xstats | sed -E 's/[1-9][0-9]*/N/g; s/^[0-9]+: //'
ip stats show dev bond0 group xstats | grep -q 'LACPDU Rx [1-9]' || unmet "no LACPDU counted"
teardown

echo "=== modprobe mode=4 miimon=100; teamd passive, slow rate"
setup 2
teamd_start team0 0 false false b0 b1
ip -n peer addr add 192.0.2.2/24 dev team0
bond_up 2 mode=4 miimon=100
wait_state 61 30 a0 a1
ad_state a0 a1
ping_peer ok
teardown

echo "=== both passive: nobody speaks, the ports default"
setup 2
teamd_start team0 0 false false b0 b1
ip -n peer addr add 192.0.2.2/24 dev team0
load mode=4 miimon=100
wr $B/lacp_active off
for i in 0 1; do wr $B/slaves +a$i; done
ip link set bond0 up
sleep 6
kmsg
ad_state a0 a1
teardown

echo "=== two partner systems: another aggregator for the second"
setup 3
teamd_start team0 0 true true b0 b1
teamd_start team1 1 true true b2
ip -n peer addr add 192.0.2.2/24 dev team0
# ad_select count: the aggregator with more ports wins, whichever formed
# first (with "stable" the first one formed would stay).
bond_up 3 mode=802.3ad miimon=100 lacp_rate=fast ad_select=count
wait_state 63 30 a0 a1
ad_state a0 a1 a2
ping_peer ok
teardown

echo "=== min_links 3 with two ports: no carrier"
setup 2
teamd_start team0 0 true true b0 b1
bond_up 2 mode=802.3ad miimon=100 lacp_rate=fast min_links=3
wait_state 63 30 a0 a1
echo "bond0 carrier: $(cat /sys/class/net/bond0/carrier)"
wr $B/min_links 2
echo "bond0 carrier: $(cat /sys/class/net/bond0/carrier)"
teardown
