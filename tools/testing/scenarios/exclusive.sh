#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# rbonding-only
# rbonding refuses to load while bonding.ko is loaded, and leaves it intact.
. "$RB_TESTING/lib.sh"

modprobe -C /dev/null bonding max_bonds=1 mode=1 || exit 1
before=$(cat /proc/net/bonding/bond0; cat /sys/class/net/bonding_masters)
if modprobe rbonding 2>/dev/null; then
	echo "rbonding loaded next to bonding.ko"
	exit 1
fi
dmesg | tail -n 3 | grep -q 'rbonding: another bonding driver' || { echo "no message"; dmesg | tail -n 5; exit 1; }
after=$(cat /proc/net/bonding/bond0; cat /sys/class/net/bonding_masters)
[ "$before" = "$after" ] || { echo "bonding.ko changed"; exit 1; }
modprobe -r bonding
modprobe rbonding || exit 1
modprobe -r rbonding
echo ok
