#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# balance-rr (packets_per_slave 1, 3 and 0), balance-xor with every transmit
# hash policy, broadcast: the slave each test frame leaves on (frames of many
# kinds, counted in the slaves' tx_packets), flows moving when a slave's
# link goes down and back, /proc and sysfs in each mode.
. "$RB_TESTING/lib.sh"

B=/sys/class/net/bond0/bonding
S=a0,a1,a2,a3
flows() { python3 "$RB_TESTING/flows.py" "$@"; }

# A bond with four veth slaves whose peers sit in namespace "peer". IPv6 is
# off on the bond and the slaves, so nothing but test frames is sent.
setup() {
	local i
	ip netns add peer
	for i in 0 1 2 3; do
		ip link add a$i address 00:00:5e:00:53:a$i type veth peer name b$i address 00:00:5e:00:53:b$i netns peer
		sysctl -qw net.ipv6.conf.a$i.disable_ipv6=1
		ip -n peer link set b$i up
	done
	load "$@"
	sysctl -qw net.ipv6.conf.bond0.disable_ipv6=1
	for i in 0 1 2 3; do wr $B/slaves +a$i; done
	ip link set bond0 up
	sleep 1
	kmsg
	show_proc bond0
	show_sysfs bond0
}

teardown() {
	unload
	ip netns del peer
}

# Peer end of slave $1 down or up ($2), then the monitor's messages.
peer_link() {
	ip -n peer link set "b${1#a}" "$2"
	sleep 1
	kmsg
}

echo "=== no slaves: frames are dropped"
load mode=balance-xor
ip link set bond0 up
flows bond0 - send
echo "bond0 tx_dropped: $(cat /sys/class/net/bond0/statistics/tx_dropped)"
unload

echo "=== balance-xor"
setup mode=balance-xor miimon=100
for pol in layer2 layer2+3 layer3+4 encap2+3 encap3+4 vlan+srcmac; do
	wr $B/xmit_hash_policy $pol
	flows bond0 $S hash 2
done
echo "--- through a VLAN (tag outside the frame)"
ip link add link bond0 name bond0.7 type vlan id 7
sysctl -qw net.ipv6.conf.bond0/7.disable_ipv6=1
ip link set bond0.7 up
for pol in vlan+srcmac layer2+3; do
	wr $B/xmit_hash_policy $pol
	flows bond0.7 $S hash 1 | head -n 12
done
ip link del bond0.7
echo "--- a1 down: its flows move"
wr $B/xmit_hash_policy layer3+4
peer_link a1 down
show_proc bond0
flows bond0 $S hash 1
echo "--- a1 back"
peer_link a1 up
flows bond0 $S hash 1 | head -n 16
teardown

echo "=== balance-rr"
setup mode=balance-rr miimon=100
flows bond0 $S rr 12
wr $B/packets_per_slave 3
flows bond0 $S rr 12
wr $B/packets_per_slave 0
flows bond0 $S spread 64
wr $B/packets_per_slave 1
echo "--- a2 down: skipped"
peer_link a2 down
flows bond0 $S rr 8
peer_link a2 up
flows bond0 $S rr 8
teardown

echo "=== broadcast"
setup mode=broadcast miimon=100
flows bond0 $S rr 3
echo "--- a3 down"
peer_link a3 down
flows bond0 $S rr 2
show_proc bond0
teardown
