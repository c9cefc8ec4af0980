#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# rbonding-only
# kmemleak finds nothing allocated by rbonding after 12 load/unload cycles
# with bonds created, configured, brought up and renamed, and an
# active-backup bond whose veth slaves are enslaved, released, deleted
# while enslaved, or still enslaved when the module goes.
. "$RB_TESTING/lib.sh"

K=/sys/kernel/debug/kmemleak
[ -w $K ] || { echo "kmemleak not available"; exit 1; }
# Objects allocated from now on are this scenario's. Their rbonding frames
# no longer resolve once the module is gone, so allocation time, not the
# backtrace, says whose they are.
start=$(awk '/^jiffies:/ { print $2; exit }' /proc/timer_list)
for i in $(seq 1 12); do
	modprobe rbonding max_bonds=3 mode=$((i % 7)) || exit 1
	echo +bond7 >/sys/class/net/bonding_masters
	echo 200 >/sys/class/net/bond0/bonding/arp_interval
	echo +192.0.2.1 >/sys/class/net/bond0/bonding/arp_ip_target
	cat /proc/net/bonding/bond1 >/dev/null
	ip link set bond1 name bondr
	ip link set bond0 up
	echo -bond2 >/sys/class/net/bonding_masters
	echo +bondab >/sys/class/net/bonding_masters
	A=/sys/class/net/bondab/bonding
	echo active-backup >$A/mode
	echo 50 >$A/miimon
	for v in 0 1; do
		ip link add v$v type veth peer name w$v
		ip link set w$v up
		echo +v$v >$A/slaves || exit 1
	done
	ip link set bondab up
	cat /proc/net/bonding/bondab /sys/class/net/v0/bonding_slave/* >/dev/null
	sleep 0.2
	if [ $((i % 2)) = 0 ]; then
		echo -v0 >$A/slaves
		ip link del v1
	fi
	modprobe -r rbonding || exit 1
	ip link del v0 2>/dev/null
	ip link del v1 2>/dev/null
done
sleep 6
echo scan >$K; sleep 2; echo scan >$K
leaks=$(awk -v start="$start" '/^  comm .* jiffies / && $NF + 0 >= start { n++ } END { print n + 0 }' $K)
if [ "$leaks" != 0 ]; then
	echo "$leaks objects leaked:"; cat $K
	exit 1
fi
echo "no leak since the scenario started"
