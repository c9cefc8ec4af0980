#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Debian's ifupdown with the ifenslave hooks, as users configure bonds: an
# /etc/network/interfaces stanza (bond-mode, bond-miimon, bond-primary,
# bond-slaves, an address) brought up with ifup and down with ifdown, a bond
# whose slaves name it with bond-master, a stanza with a bad value. The
# hooks create the bond through rtnetlink (`ip link add type bond`) and
# configure it through sysfs. /etc is an overlay in the guest: the stanzas
# never reach the host.
. "$RB_TESTING/lib.sh"
. "$RB_TESTING/peer.sh"

conf=/etc/network/interfaces.d/rbonding-test

show_bond() {
	show_sysfs "$1"
	show_proc "$1"
	ip -o -4 addr show dev "$1" | sed -E 's/^[0-9]+: //; s/\\.*//'
	links "$1"
}

# Two pings; prints how many came back.
pings() {
	local out rc
	out=$(ping -c 2 -W 2 -q "$1" 2>&1)
	rc=$?
	echo "ping $1 -> rc=$rc: $(sed -n 's/, time.*//p' <<<"$out")"
	[ $rc = 0 ] || unmet "ping $1 -> rc=$rc"
}

load max_bonds=0
peer_setup 4
ip -n peer addr add 198.51.100.2/24 dev br0
mkdir -p /run/network
cat >"$conf" <<'EOF'
auto bond0
iface bond0 inet static
	address 192.0.2.1/24
	bond-slaves a0 a1
	bond-mode active-backup
	bond-miimon 100
	bond-downdelay 100
	bond-primary a1

iface bond1 inet static
	address 198.51.100.1/24
	bond-slaves none
	bond-mode balance-xor
	bond-xmit-hash-policy layer3+4
	bond-miimon 100

iface a2 inet manual
	bond-master bond1

iface a3 inet manual
	bond-master bond1

iface bond2 inet manual
	bond-slaves none
	bond-mode balance-xor
	bond-xmit-hash-policy layer5
	bond-miimon 100
EOF
kmsg

echo "=== ifup bond0 (active-backup, slaves a0 a1, primary a1)"
try ifup bond0
sleep 1
show_bond bond0
pings 192.0.2.2
try ifquery --state

echo "=== ifup a2 a3 (bond-master bond1: brings bond1 up first)"
try ifup a2
try ifup a3
sleep 1
show_bond bond1
links a2 a3
pings 198.51.100.2
try ifquery --state

echo "=== ifdown a2"
try ifdown a2
show_bond bond1
links a2

echo "=== ifdown bond0 (releases a0 a1, deletes bond0)"
try ifdown bond0
masters
links a0 a1

echo "=== ifup bond0 again, then ifdown"
try ifup bond0
sleep 1
show_bond bond0
try ifdown bond0
masters

echo "=== a bad value: bond-xmit-hash-policy layer5"
try ifup bond2
show_bond bond2
try ifdown bond2
masters

echo "=== ifdown a3 and bond1"
try ifdown a3
try ifdown bond1
masters
links a2 a3
try ifquery --state

rm -f "$conf"
ip netns del peer
unload
