#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The MII monitor and failover details in active-backup: updelay and
# downdelay (and their rounding), primary_reselect,
# fail_over_mac none/active/follow, peer notifications (gratuitous ARPs
# counted at the peer) and IGMP re-joins after a failover.
. "$RB_TESTING/lib.sh"
. "$RB_TESTING/peer.sh"

# When the monitor cannot take RTNL it re-arms and inspects again, which
# repeats its messages, and whether two slaves' links commit in one tick
# (one "new active" after both) or in two depends on when their carriers
# came up: both drivers do that, at random. Messages of one step are
# compared as a set.
eval "$(declare -f kmsg | sed '1s/kmsg/kmsg_raw/')"
kmsg() { kmsg_raw | sort -u; }

B=/sys/class/net/bond0/bonding

teardown_peer() {
	ip netns del peer
	sleep 0.3
}

mac_of() {
	local m
	read -r m </sys/class/net/"$1"/address
	echo "$m"
}

# Which devices carry the bond's address, and which slaves their own.
macs() {
	local b s m
	b=$(mac_of bond0)
	for s in a0 a1; do
		m=$(mac_of $s)
		echo "  $s: bond's address $([ "$m" = "$b" ] && echo yes || echo no)," \
			"own address $([ "$m" = "${PERM[$s]}" ] && echo yes || echo no)"
	done
}

brief() {
	local v
	IFS= read -r v <"$B/active_slave"; echo "active_slave: $v"
	grep -E '^(MII Status|Link Failure Count|Slave Interface|Currently Active)' /proc/net/bonding/bond0 | tr '\n' ';'
	echo
}

# Runs the given bond configuration through a failover and a recovery.
cycle() {
	peer_setup 2
	declare -gA PERM=([a0]=$(mac_of a0) [a1]=$(mac_of a1))
	load "$@"
	ip addr add 192.0.2.1/24 dev bond0
	# Enslaving while the monitor runs races with it in bonding.ko (its
	# inspection changes slaves without RTNL): enslave first.
	wr $B/slaves +a0
	wr $B/slaves +a1
	ip link set bond0 up
	ip addr add 239.1.1.1/32 dev bond0 autojoin
	sleep 1
	kmsg
	brief
	macs
	ip netns exec peer tcpdump -n -l -i br0 arp or igmp >/tmp/peer.cap 2>/tmp/peer.err &
	local tcpd=$! i=0
	# Under TCG tcpdump may need seconds to start: wait until it listens.
	until grep -q '^listening' /tmp/peer.err 2>/dev/null || [ $i -ge 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	ip -n peer link set b0 down
	sleep 2
	kmsg
	brief
	macs
	ping -c 2 -i 0.2 -W 1 -q 192.0.2.2 >/dev/null 2>&1 && echo "ping: ok" || unmet "ping: no reply"
	ip -n peer link set b0 up
	sleep 2
	kmsg
	brief
	macs
	kill -INT $tcpd; wait $tcpd 2>/dev/null
	local garps
	garps=$(grep -c 'Request who-has 192.0.2.1 tell 192.0.2.1' /tmp/peer.cap)
	echo "gratuitous ARPs at the peer: $garps"
	[ "$garps" -gt 0 ] || unmet "no gratuitous ARP after two failovers"
	echo "IGMP reports at the peer: $(grep -c 'igmp' /tmp/peer.cap | sed 's/^[1-9][0-9]*$/some/')"
	unload
	teardown_peer
}

echo "=== updelay and downdelay"
cycle mode=active-backup miimon=100 updelay=200 downdelay=300
echo "=== rounding"
cycle mode=active-backup miimon=100 updelay=250 downdelay=150 num_grat_arp=3
echo "=== primary, primary_reselect=failure"
cycle mode=active-backup miimon=50 primary=a0 primary_reselect=failure
echo "=== primary_reselect=better, num_unsol_na=2, peer_notif_delay"
peer_setup 2
load mode=active-backup miimon=100 primary=a0 primary_reselect=better num_unsol_na=2
wr $B/peer_notif_delay 200
teardown_peer
unload
cycle mode=active-backup miimon=100 primary=a0 primary_reselect=better num_unsol_na=2
echo "=== fail_over_mac=active"
cycle mode=active-backup miimon=100 fail_over_mac=active
echo "=== fail_over_mac=follow"
cycle mode=active-backup miimon=100 fail_over_mac=follow
echo "=== resend_igmp=0"
cycle mode=active-backup miimon=100 resend_igmp=0
