#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# VLANs over a bond: the bond passes every VLAN id it is given (and VLAN 0
# while it is up) to its slaves and takes them back, also through a nested
# bond. Traffic over a VLAN device on the bond, a failover onto the nested
# bond, the bond going down and up, a slave released and enslaved again
# and the bonds deleted while VLAN ids are in use. The harness's kmemleak
# check pins any VLAN filter entry left on a slave on this run.
. "$RB_TESTING/lib.sh"
. "$RB_TESTING/peer.sh"

# Pings the peer's VLAN 10 address until one reply (5 s at most).
ping_vlan() {
	if ping -c 10 -i 0.2 -w 5 -q 198.51.100.2 2>/dev/null | grep -q ' [1-9][0-9]* received'; then
		echo "ping over VLAN 10: ok"
	else
		unmet "ping over VLAN 10: no reply"
	fi
}

active() {
	local v
	IFS= read -r v </sys/class/net/"$1"/bonding/active_slave
	echo "$1 active slave: ${v:-none}"
}

peer_setup 2
ip -n peer link add link br0 name br0.10 type vlan id 10
ip -n peer addr add 198.51.100.2/24 dev br0.10
ip -n peer link set br0.10 up
kmsg >/dev/null

load max_bonds=0
try ip link add bond0 type bond mode active-backup miimon 100 primary a0
try ip link add bond1 type bond mode active-backup miimon 100
try ip link set a1 master bond1
try ip link set a0 master bond0
try ip link set bond1 master bond0
try ip link set bond0 up
try ip link add link bond0 name bond0.10 type vlan id 10
try ip addr add 198.51.100.1/24 dev bond0.10
try ip link set bond0.10 up
sleep 1
active bond0
ping_vlan

echo "=== the primary's link goes: bond1 (a bond) carries the VLAN"
ip -n peer link set b0 down
sleep 1
kmsg
active bond0
ping_vlan

echo "=== bond0 down and up with its VLAN in use"
try ip link set bond0 down
try ip link set bond0 up
sleep 1
active bond0
ping_vlan

echo "=== VLAN 20 comes and goes with slaves in place"
try ip link add link bond0 name bond0.20 type vlan id 20
try ip link set bond0.20 up
try ip link del bond0.20

echo "=== the nested bond leaves and comes back with VLAN 10 in use"
try ip link set bond1 nomaster
try ip link set bond1 master bond0
sleep 1
active bond0
ping_vlan

echo "=== a VLAN on the nested bond itself, then the primary back"
try ip link add link bond1 name bond1.30 type vlan id 30
ip -n peer link set b0 up
sleep 1
kmsg
active bond0
ping_vlan
links bond0 bond1 a0 a1 bond0.10 bond1.30

echo "=== deleting with VLANs in use"
try ip link del bond0
try ip link del bond1.30
try ip link del bond1
links a0 a1
unload
