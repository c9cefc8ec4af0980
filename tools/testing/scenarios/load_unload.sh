#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Loading and unloading 20 times, with bonds up and extra bonds created.
. "$RB_TESTING/lib.sh"

for i in $(seq 1 20); do
	modprobe -C /dev/null "$DRV" max_bonds=2 mode=$((i % 7)) miimon=100 || echo "load $i failed"
	echo +bond9 >/sys/class/net/bonding_masters
	ip link set bond0 up
	ip link set bond9 up
	echo "$i: $(cat /sys/class/net/bonding_masters) $(ls /proc/net/bonding | tr '\n' ' ')"
	modprobe -r "$DRV" || echo "unload $i failed"
done
echo "loops done"
masters
ls /proc/net/bonding 2>&1 | sed -E 's/^ls: //'
