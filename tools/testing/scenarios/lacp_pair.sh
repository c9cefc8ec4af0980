#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# 802.3ad against itself: bond0 here and bond1 in namespace "peer", both of
# the driver under test, over two veth pairs. They aggregate, traffic
# passes both ways, and releasing a port, deleting the far bond and
# unloading under traffic are clean.
. "$RB_TESTING/lib.sh"

B=/sys/class/net/bond0/bonding
# Which slave's aggregator the ports share depends on which port heard the
# partner first, and so whether releasing that slave removes the active
# aggregator.
RB_QUIET="$RB_QUIET|Removing an active aggregator$"
# bonding.ko runs the machines on a port between its release's inactive
# flags and its unbind, and may enable it again: whether the release says
# "active" or "backup" is chance there (rbonding leaves the port alone).
RB_QUIET="$RB_QUIET|Releasing (active|backup) interface$"
# bonding.ko's machine work can run between a port's unbind and its slave
# leaving the list, and says so; rbonding skips such a port silently.
RB_QUIET="$RB_QUIET|^bond0: Warning: Found an uninitialized port$"

# The actor state of each slave here ($1..) and there (b*).
states() {
	local s v
	for s in "$@"; do
		IFS= read -r v <"/sys/class/net/$s/bonding_slave/ad_actor_oper_port_state" || v=
		echo "$s actor state: $v"
	done
	ip netns exec peer sh -c 'for s in b0 b1; do echo "$s actor state: $(cat /sys/class/net/$s/bonding_slave/ad_actor_oper_port_state 2>/dev/null)"; done'
}

# Waits up to 30 s for every port on both sides to collect and distribute.
wait_agg() {
	local t=30
	while [ $t -gt 0 ]; do
		[ "$(states a0 a1 | grep -c 'state: 63$')" = 4 ] && break
		sleep 1
		t=$((t - 1))
	done
	states a0 a1
	[ $t -gt 0 ] || unmet "no aggregate"
}

ping_both() {
	local a=ok b=ok
	ping -c 3 -i 0.3 -W 1 -q 192.0.2.2 >/dev/null 2>&1 || a="no reply"
	ip netns exec peer ping -c 3 -i 0.3 -W 1 -q 192.0.2.1 >/dev/null 2>&1 || b="no reply"
	echo "ping here -> peer: $a; peer -> here: $b"
	[ "$a$b" = okok ] || unmet "ping: $a / $b"
}

ip netns add peer
for i in 0 1; do
	ip link add a$i address 00:00:5e:00:53:a$i type veth \
		peer name b$i address 00:00:5e:00:53:b$i netns peer
	sysctl -qw net.ipv6.conf.a$i.disable_ipv6=1
	ip netns exec peer sysctl -qw net.ipv6.conf.b$i.disable_ipv6=1
done
load mode=802.3ad miimon=100 lacp_rate=fast
sysctl -qw net.ipv6.conf.bond0.disable_ipv6=1
wr $B/slaves +a0
wr $B/slaves +a1
ip addr add 192.0.2.1/24 dev bond0
ip link set bond0 up
ip -n peer link add bond1 address 00:00:5e:00:53:c1 type bond mode 802.3ad miimon 100 lacp_rate fast
ip netns exec peer sysctl -qw net.ipv6.conf.bond1.disable_ipv6=1
ip -n peer link set b0 master bond1
ip -n peer link set b1 master bond1
ip -n peer addr add 192.0.2.2/24 dev bond1
ip -n peer link set bond1 up
kmsg
wait_agg
ping_both
# Churn is judged 60 s after the last reset, on the scenario's clock; the
# aggregator a pair lands on depends on which port hears the partner first.
agg_mask() {
	sed -E 's/^(Actor|Partner) Churn(ed)? (State|Count): .*/\1 Churn\2 \3: (timing)/
		s/(Aggregator ID: )[0-9]+/\1N/'
}
show_proc bond0 | agg_mask
ip netns exec peer cat /proc/net/bonding/bond1 | sed -n '/^802.3ad info/,/^Slave Interface/p' | agg_mask
echo "--- a1 released under traffic"
ping -f -c 2000 -W 1 -q 192.0.2.2 >/dev/null 2>&1 &
echo -a1 >$B/slaves
echo "released a1: rc=$?"
wait
# The far side's MII monitor sees a1's peer go down shortly after.
sleep 1
kmsg
ping_both
echo "--- the far bond deleted, then unload under traffic"
ip -n peer link del bond1
# a0 loses its carrier when the far bond lets b0 go; the monitor here
# says so within its interval.
sleep 1
kmsg
ping -f -c 2000 -W 1 -q 192.0.2.2 >/dev/null 2>&1 &
unload
wait
ip link del a0
ip link del a1
ip netns del peer
