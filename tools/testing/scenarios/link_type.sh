#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The bond's link-layer type follows its first slave: nlmon (netlink) and
# sit (IPv6-in-IPv4) slaves, the way back to Ethernet, a type change a VLAN
# refuses, a failed first enslave undoing it, a bond nested in a bond, a bond
# destroyed with its last non-Ethernet slave, and IPv6 traffic through an
# active-backup bond of two sit tunnels with a failover.
. "$RB_TESTING/lib.sh"

B=/sys/class/net/bond0/bonding

# The link-layer view of devices: sysfs attributes and `ip link`.
ltype() {
	local d f v
	for d in "$@"; do
		for f in type addr_len flags mtu address broadcast tx_queue_len carrier; do
			v=
			IFS= read -r v <"/sys/class/net/$d/$f" 2>/dev/null || v="($?)"
			echo "$d/$f: $v"
		done
		show_link "$d" | sed -E 's/ qdisc [a-z_]+//; s/ group default.*//'
	done
}

# Runs a command, reports its status and first error line.
try() {
	local out
	out=$("$@" 2>&1)
	echo "$* -> rc=$? ${out%%$'\n'*}"
	kmsg
}

kmsg >/dev/null
load mode=active-backup miimon=100
ip link add nl0 type nlmon
ip link add nl1 type nlmon
ip link add e0 address 00:00:5e:00:53:e0 type veth peer name e0p address 00:00:5e:00:53:e1
ltype bond0

echo "--- nlmon as first slave of a bond that is down"
wr $B/slaves +nl0
ltype bond0
show_proc bond0
show_sysfs bond0

echo "--- Ethernet next to it, then a second nlmon"
wr $B/slaves +e0
wr $B/slaves +nl1
ip link set bond0 up
sleep 1
kmsg
ltype bond0 nl0 nl1
show_proc bond0

echo "--- failover between nlmon slaves"
ip link set nl0 down
sleep 1
kmsg
ltype bond0
show_proc bond0
ip link set nl0 up
sleep 1
kmsg

echo "--- release both: the type stays"
wr $B/slaves -nl0
wr $B/slaves -nl1
ltype bond0 nl0

echo "--- an Ethernet first slave makes the bond Ethernet again"
wr $B/slaves +e0
sleep 1
kmsg
ltype bond0
try ip link set bond0 mtu 9000
wr $B/slaves -e0
ltype bond0

echo "--- a VLAN on the bond refuses the type change"
ip link add link bond0 name bond0.5 type vlan id 5
kmsg
wr $B/slaves +nl0
ltype bond0
ip link del bond0.5
kmsg

echo "--- a failed first enslave undoes the type change"
ip link add s9 type sit local 192.0.2.91 remote 192.0.2.92
try ip link set bond0 mtu 1000
wr $B/slaves +s9
ltype bond0 s9
ip link set bond0 up
ip link del s9
kmsg

echo "--- a bond in a bond changes type and back"
echo +bond1 >/sys/class/net/bonding_masters
kmsg
echo active-backup >/sys/class/net/bond1/bonding/mode
ip link set bond0 down
wr /sys/class/net/bond1/bonding/slaves +bond0
wr $B/slaves +nl0
ltype bond0
wr $B/slaves -nl0
wr $B/slaves +e0
ltype bond0 bond1
wr $B/slaves -e0
wr /sys/class/net/bond1/bonding/slaves -bond0
ltype bond0
echo -bond1 >/sys/class/net/bonding_masters
kmsg

echo "--- deleting the last non-Ethernet slave destroys the bond"
wr $B/slaves +nl0
ip link del nl0
kmsg
masters
[ -e /sys/class/net/bond0 ] && echo "bond0 still there" || echo "bond0 gone"
[ -e /proc/net/bonding/bond0 ] && echo "/proc entry still there" || echo "/proc entry gone"

echo "--- IPv6 over two sit tunnels, failover"
echo +bond0 >/sys/class/net/bonding_masters
echo active-backup >$B/mode
echo 100 >$B/miimon
kmsg
ip netns add peer
ip link add u0 address 00:00:5e:00:53:c0 type veth peer name u0p address 00:00:5e:00:53:c1 netns peer
ip addr add 192.0.2.1/24 dev u0
ip addr add 192.0.2.11/24 dev u0
ip link set u0 up
ip -n peer addr add 192.0.2.2/24 dev u0p
ip -n peer addr add 192.0.2.12/24 dev u0p
ip -n peer link set u0p up
ip -n peer link set lo up
ip link add s0 type sit local 192.0.2.1 remote 192.0.2.2
ip link add s1 type sit local 192.0.2.11 remote 192.0.2.12
ip -n peer link add p0 type sit local 192.0.2.2 remote 192.0.2.1
ip -n peer link add p1 type sit local 192.0.2.12 remote 192.0.2.11
ip -n peer link set p0 up
ip -n peer link set p1 up
ip -n peer addr add 2001:db8:1::2/128 dev lo
ip -n peer route add 2001:db8:1::1/128 dev p0
wr $B/slaves +s0
wr $B/slaves +s1
ip addr add 2001:db8:1::1/64 dev bond0
ip link set bond0 up
sleep 1
kmsg
ltype bond0
show_proc bond0
ping6() {
	local got=ok
	ping -6 -c 2 -i 0.2 -W 1 -q 2001:db8:1::2 >/dev/null 2>&1 || got="no reply"
	echo "ping6: $got"
	[ "$got" = ok ] || unmet "ping6: $got"
}
ping6
ip link set s0 down
sleep 1
kmsg
ip -n peer route replace 2001:db8:1::1/128 dev p1
ping6
ltype bond0
show_proc bond0
ip link set s0 up
sleep 1
kmsg
echo "--- unload with sit slaves"
unload
ltype s0 s1
# Devices outside the namespaces are the scenario's to remove.
for d in nl1 e0 s0 s1 u0; do ip link del "$d"; done
