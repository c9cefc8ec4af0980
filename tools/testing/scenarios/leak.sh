#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# rbonding-only
# kmemleak finds nothing allocated by rbonding after 20 load/unload cycles
# with bonds created, configured, brought up and renamed.
. "$RB_TESTING/lib.sh"

K=/sys/kernel/debug/kmemleak
[ -w $K ] || { echo "kmemleak not available"; exit 1; }
echo clear >$K
for i in $(seq 1 20); do
	modprobe rbonding max_bonds=3 mode=$((i % 7)) || exit 1
	echo +bond7 >/sys/class/net/bonding_masters
	echo 200 >/sys/class/net/bond0/bonding/arp_interval
	echo +192.0.2.1 >/sys/class/net/bond0/bonding/arp_ip_target
	cat /proc/net/bonding/bond1 >/dev/null
	ip link set bond1 name bondr
	ip link set bond0 up
	echo -bond2 >/sys/class/net/bonding_masters
	modprobe -r rbonding || exit 1
done
sleep 6
echo scan >$K; sleep 2; echo scan >$K
if grep -q rbonding $K; then
	echo "leaks:"; cat $K
	exit 1
fi
echo "no leak attributed to rbonding"
