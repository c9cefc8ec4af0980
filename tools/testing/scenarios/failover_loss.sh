#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# rbonding-only
# Ping loss over an active-backup failover (miimon=100), bonding.ko and
# rbonding.ko in this same boot: rbonding may not lose more (with a margin
# for TCG timing noise: 50% plus 10 packets).
. "$RB_TESTING/lib.sh"
. "$RB_TESTING/peer.sh"

lost() {
	local drv=$1
	peer_setup 2
	modprobe -C /dev/null "$drv" mode=active-backup miimon=100
	ip addr add 192.0.2.1/24 dev bond0
	echo +a0 >/sys/class/net/bond0/bonding/slaves
	echo +a1 >/sys/class/net/bond0/bonding/slaves
	ip link set bond0 up
	sleep 1
	ping -c 2 -W 1 -q 192.0.2.2 >/dev/null 2>&1
	ping -i 0.01 -c 300 -W 1 -q 192.0.2.2 >/tmp/loss.ping 2>&1 &
	sleep 1
	ip -n peer link set b0 down
	wait
	modprobe -r "$drv"
	ip netns del peer
	sleep 0.5
	sed -nE 's/^([0-9]+) packets transmitted, ([0-9]+) received.*/\1 \2/p' /tmp/loss.ping |
		awk '{print $1 - $2}'
}

b=$(lost bonding)
r=$(lost rbonding)
echo "packets lost over a failover: bonding $b, rbonding $r"
[ -n "$b" ] && [ -n "$r" ] && [ "$r" -le $((b + b / 2 + 10)) ]
