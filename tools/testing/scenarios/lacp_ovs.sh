#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# 802.3ad against Open vSwitch's LACP (ovs-vswitchd in namespace "peer",
# a bond of b0 and b1 on bridge br0): active with fast rate, passive with
# slow rate, the bond passive against an active switch; traffic on every
# port, a port's link going down and back, min_links, the switch going
# away (defaulted), a second partner system on one port.
. "$RB_TESTING/lib.sh"
. "$RB_TESTING/lacp-lib.sh"

# The datapath module says hello on its first load only.
RB_QUIET="$RB_QUIET|^openvswitch: |entered promiscuous mode$|left promiscuous mode$"

ovs=/tmp/ovs
ovs_env=(OVS_RUNDIR=$ovs OVS_LOGDIR=$ovs OVS_DBDIR=$ovs OVS_SYSCONFDIR=$ovs)
vsctl() { env "${ovs_env[@]}" ovs-vsctl --db=unix:$ovs/db.sock --timeout=30 "$@"; }
appctl() { env "${ovs_env[@]}" ovs-appctl -t $ovs/ovs-vswitchd.ctl "$@"; }

# ovsdb-server and ovs-vswitchd in "peer", their files in $ovs.
ovs_start() {
	rm -rf $ovs
	mkdir -p $ovs
	modprobe openvswitch || unmet "no openvswitch module"
	ovsdb-tool create $ovs/conf.db /usr/share/openvswitch/vswitch.ovsschema
	ip netns exec peer env "${ovs_env[@]}" ovsdb-server $ovs/conf.db \
		--remote=punix:$ovs/db.sock --unixctl=$ovs/ovsdb-server.ctl \
		--pidfile=$ovs/ovsdb-server.pid --log-file=$ovs/ovsdb-server.log --detach 2>/dev/null ||
		unmet "ovsdb-server did not start"
	vsctl --no-wait init
	ip netns exec peer env "${ovs_env[@]}" ovs-vswitchd unix:$ovs/db.sock \
		--unixctl=$ovs/ovs-vswitchd.ctl --pidfile=$ovs/ovs-vswitchd.pid \
		--log-file=$ovs/ovs-vswitchd.log --detach 2>/dev/null || unmet "ovs-vswitchd did not start"
}

# Bridge br$1 with LACP bond "lag$1" over ports $4.. (one port: a plain
# port with LACP), system id ...:c$1, LACP $2 (active/passive), rate $3.
ovs_lag() {
	local n=$1 lacp=$2 rate=$3 sys=00:00:5e:00:53:c$1 p k
	shift 3
	vsctl add-br br$n -- set bridge br$n other_config:hwaddr=$sys
	if [ $# -gt 1 ]; then
		vsctl add-bond br$n lag$n "$@" lacp=$lacp bond_mode=balance-tcp \
			other_config:lacp-time=$rate other_config:lacp-system-id=$sys
	else
		vsctl add-port br$n "$1" -- set port "$1" lacp=$lacp \
			other_config:lacp-time=$rate other_config:lacp-system-id=$sys
	fi
	# Port numbers and keys in LACPDUs are fixed (the switch would derive
	# them from port numbers it gives in no fixed order).
	k=1
	for p in "$@"; do
		vsctl set interface "$p" other_config:lacp-port-id=$k other_config:lacp-aggregation-key=1
		k=$((k + 1))
	done
	ip -n peer link set br$n up
	# The switch leaves its ports' links as they are.
	for p in "$@"; do ip -n peer link set "$p" up; done
}

# What the switch thinks of its LACP port $1: negotiated or not, and
# whether each member may carry traffic.
ovs_lacp() {
	appctl lacp/show "$1" | sed -nE 's/^\s*(status|member|slave|may_enable)\b/\1/p' |
		sed -E 's/: ([a-z0-9]+): .*/: \1/'
}

ovs_stop() {
	local p
	for p in ovs-vswitchd ovsdb-server; do
		[ -f $ovs/$p.pid ] && kill -9 "$(cat $ovs/$p.pid)" 2>/dev/null
	done
	rm -f $ovs/*.pid
}

teardown() {
	local s
	# The bond first, then the switch.
	unload
	ovs_stop
	for s in /sys/class/net/a*; do ip link del "${s##*/}" 2>/dev/null; done
	ip netns del peer
}

echo "=== Open vSwitch active, fast rate; bond with lacp_rate=fast"
setup 2
ovs_start
ovs_lag 0 active fast b0 b1
ip -n peer addr add 192.0.2.2/24 dev br0
bond_up 2 mode=802.3ad miimon=100 lacp_rate=fast xmit_hash_policy=layer3+4
wait_state 63 40 a0 a1
ad_state a0 a1
ovs_lacp lag0
ping_peer ok
spread a0,a1
port_flap 40
echo "--- min_links 3 with two ports, then 2"
wr $B/min_links 3
echo "bond0 carrier: $(cat /sys/class/net/bond0/carrier)"
wr $B/min_links 2
echo "bond0 carrier: $(cat /sys/class/net/bond0/carrier)"
echo "--- the switch goes away, the links stay: the ports expire, then default"
ovs_stop
sleep 6
wait_defaulted 30 a0 a1
kmsg
defaulted a0 a1
ip stats show dev bond0 group xstats | grep -q 'LACPDU Rx [1-9]' || unmet "no LACPDU counted"
teardown

echo "=== modprobe mode=4 miimon=100; Open vSwitch passive, slow rate"
setup 2
ovs_start
ovs_lag 0 passive slow b0 b1
ip -n peer addr add 192.0.2.2/24 dev br0
bond_up 2 mode=4 miimon=100
wait_state 61 40 a0 a1
ad_state a0 a1
ovs_lacp lag0
ping_peer ok
teardown

echo "=== bond passive, fast rate; Open vSwitch active, slow rate"
setup 2
ovs_start
ovs_lag 0 active slow b0 b1
ip -n peer addr add 192.0.2.2/24 dev br0
load mode=4 miimon=100 lacp_rate=1
wr $B/lacp_active off
sysctl -qw net.ipv6.conf.bond0.disable_ipv6=1
for i in 0 1; do wr $B/slaves +a$i; done
ip addr add 192.0.2.1/24 dev bond0
ip link set bond0 up
# Passive and fast: activity bit off (62 is collecting and distributing).
wait_state 62 40 a0 a1
ovs_lacp lag0
ping_peer ok
teardown

echo "=== two partner systems: another aggregator for the second"
setup 3
ovs_start
ovs_lag 0 active fast b0 b1
ovs_lag 1 active fast b2
ip -n peer addr add 192.0.2.2/24 dev br0
bond_up 3 mode=802.3ad miimon=100 lacp_rate=fast ad_select=count
wait_state 63 40 a0 a1
ad_state a0 a1 a2
ping_peer ok
teardown
