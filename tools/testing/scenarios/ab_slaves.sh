#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# active-backup with veth slaves: enslave and release (and the errors),
# traffic to a peer namespace, failover on link loss, failback to the
# primary, active_slave, queue_id, MTU and address changes with slaves,
# renaming the primary slave, deleting a slave, unloading with slaves.
. "$RB_TESTING/lib.sh"
. "$RB_TESTING/peer.sh"

B=/sys/class/net/bond0/bonding

# Slave files of every slave, then the bond's view.
state() {
	local s f v
	for s in "$@"; do
		for f in /sys/class/net/"$s"/bonding_slave/*; do
			[ -e "$f" ] || continue
			IFS= read -r v <"$f"
			echo "$s/${f##*/}: $v"
		done
	done
	show_proc bond0
	show_sysfs bond0
	for s in bond0 "$@"; do show_link "$s" | sed -E 's/ qdisc [a-z_]+//; s/ group default.*//'; done
}

# Two pings to the peer: answered or not; details when not as expected ($1).
ping_peer() {
	local got=ok
	ping -c 2 -i 0.2 -W 1 -q 192.0.2.2 >/dev/null 2>&1 || got="no reply"
	echo "ping: $got"
	if [ "$got" != "${1:-ok}" ]; then
		unmet "ping: $got, expected ${1:-ok}"
		ip neigh show dev bond0
		ip -n peer neigh show dev br0
		bridge -n peer fdb show br br0 | grep -v permanent
	fi
}

# The bond counts what its slaves counted (bond_get_stats): did it grow?
stats_grew() {
	local rx tx
	read -r rx </sys/class/net/bond0/statistics/rx_packets
	read -r tx </sys/class/net/bond0/statistics/tx_packets
	echo "bond stats grew: rx $((rx > ${RX0:-0})) tx $((tx > ${TX0:-0}))"
	RX0=$rx TX0=$tx
}

peer_setup 3
kmsg >/dev/null

load mode=active-backup miimon=100
ip addr add 192.0.2.1/24 dev bond0
ip link set bond0 up
kmsg
wr $B/slaves +a0
wr $B/slaves +a1
sleep 1
state a0 a1
stats_grew
ping_peer
stats_grew
kmsg

echo "--- errors"
wr $B/slaves +a0
wr $B/slaves +bond0
wr $B/slaves +nosuch
wr $B/slaves -a2
ip link set a2 up
wr $B/slaves +a2
ip link set a2 down
wr $B/slaves +lo
wr $B/active_slave a2
wr $B/active_slave nosuch
wr $B/queue_id a2:1
wr $B/queue_id a1:99
wr $B/mode balance-rr

echo "--- failover"
ip -n peer link set b0 down
sleep 1
kmsg
state a0 a1
ping_peer

echo "--- failback to the primary"
wr $B/primary a0
ip -n peer link set b0 up
sleep 1
kmsg
state a0 a1
ping_peer

echo "--- active_slave, queue_id"
wr $B/active_slave a1
wr $B/queue_id a1:2
wr $B/queue_id a0:2
wr $B/active_slave a1
state a0 a1
ping_peer
wr $B/active_slave ''
state a0 a1

echo "--- MTU and address with slaves"
ip link set bond0 mtu 1400; echo "mtu -> $?"
ip link set bond0 address 02:00:00:00:00:0a; echo "address -> $?"
kmsg
show_link a0; show_link a1; show_link bond0

echo "--- rename the primary slave"
ip link set a0 down
ip link set a0 name c0; echo "rename -> $?"
kmsg
wr $B/primary c0
ip link set c0 name a0
kmsg
ip link set a0 up
sleep 1
kmsg
state a0 a1

echo "--- release"
wr $B/slaves -a1
wr $B/slaves -a1
state a0
wr $B/slaves -a0
state
show_link a0; show_link a1
ping_peer "no reply"
stats_grew

echo "--- delete a slave under traffic"
wr $B/slaves +a0
wr $B/slaves +a1
sleep 1
kmsg >/dev/null
ping -i 0.02 -c 100 -q 192.0.2.2 >/dev/null 2>&1 &
sleep 0.5
ip link del a1; echo "del -> $?"
wait
sleep 1
kmsg
state a0
ping_peer

echo "--- unload with slaves and traffic"
ping -i 0.02 -c 100 -q 192.0.2.2 >/dev/null 2>&1 &
sleep 0.5
unload
wait
show_link a0
