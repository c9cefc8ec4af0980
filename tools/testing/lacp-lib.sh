# SPDX-License-Identifier: GPL-2.0
# Helpers of the 802.3ad scenarios against an independent LACP partner in
# namespace "peer" (lacp_teamd, lacp_ovs), sourced after lib.sh: veth
# pairs a0.. (here) and b0.. (there), the bond over them, waiting for port
# states, the ad_* files and /proc masked where chance decides, pings and
# the flows' spread over the slaves.
B=/sys/class/net/bond0/bonding
# bonding.ko's machine work can run between a port's unbind and its slave
# leaving the list, and says so; rbonding skips such a port silently.
RB_QUIET="$RB_QUIET|^bond0: Warning: Found an uninitialized port$"
# Which slave's aggregator the ports share depends on which port heard the
# partner first (see agg_mask), and so whether releasing that slave removes
# the active aggregator.
RB_QUIET="$RB_QUIET|Removing an active aggregator$"
# bonding.ko runs the machines on a port between its release's inactive
# flags and its unbind, and may enable it again: whether the release says
# "active" or "backup" is chance there (rbonding leaves the port alone).
RB_QUIET="$RB_QUIET|Releasing (active|backup) interface$"

# Which aggregator a port lands on depends on which port hears the partner
# first: the numbers are masked, the sharing is said.
agg_mask() {
	sed -E 's/(Aggregator ID|ad_aggregator_id|ad_aggregator|aggregator)([: ]+)[0-9]+/\1\2N/'
}

# Namespace "peer" with veth pairs a0.. (here) and b0.. (there).
setup() {
	local i
	ip netns add peer
	for i in $(seq 0 $(($1 - 1))); do
		ip link add a$i address 00:00:5e:00:53:a$i type veth \
			peer name b$i address 00:00:5e:00:53:b$i netns peer
		sysctl -qw net.ipv6.conf.a$i.disable_ipv6=1
		ip netns exec peer sysctl -qw net.ipv6.conf.b$i.disable_ipv6=1
	done
}

# The bond with slaves a0..a$1-1, up, at 192.0.2.1 (module options after).
bond_up() {
	local n=$1 i
	shift
	load "$@"
	sysctl -qw net.ipv6.conf.bond0.disable_ipv6=1
	for i in $(seq 0 $((n - 1))); do wr $B/slaves +a$i; done
	ip addr add 192.0.2.1/24 dev bond0
	ip link set bond0 up
}

# Waits up to $2 s until slaves $3.. have actor state $1 (63: fast and
# collecting/distributing, 61 slow), then says which state each has.
wait_state() {
	local want=$1 t=$2 s v ok
	shift 2
	while :; do
		ok=1
		for s in "$@"; do
			IFS= read -r v <"/sys/class/net/$s/bonding_slave/ad_actor_oper_port_state" || v=
			[ "$v" = "$want" ] || ok=0
		done
		[ $ok = 1 ] && break
		t=$((t - 1))
		[ $t -gt 0 ] || break
		sleep 1
	done
	for s in "$@"; do
		IFS= read -r v <"/sys/class/net/$s/bonding_slave/ad_actor_oper_port_state" || v=
		echo "$s actor state: $v"
	done
	[ $ok = 1 ] || unmet "actor state $want on $*"
}

# The slaves' ad_* files, the bond's ad_* files and the 802.3ad details,
# aggregator numbers masked; which ports share the active aggregator.
ad_state() {
	ad_state_raw "$@" | agg_mask
	local s v active
	IFS= read -r active <$B/ad_aggregator || active=
	for s in "$@"; do
		IFS= read -r v <"/sys/class/net/$s/bonding_slave/ad_aggregator_id" || v=
		echo "$s in the active aggregator: $([ -n "$v" ] && [ "$v" = "$active" ] && echo yes || echo no)"
	done
}

ad_state_raw() {
	local s f v
	for s in "$@"; do
		for f in /sys/class/net/"$s"/bonding_slave/ad_*; do
			IFS= read -r v <"$f"
			echo "$s/${f##*/}: $v"
		done
	done
	for f in $B/ad_*; do
		IFS= read -r v <"$f" || v=
		echo "bond0/${f##*/}: $v"
	done
	# Churn is judged 60 s after the last reset, on the scenario's clock.
	show_proc bond0 | sed -E 's/^(Actor|Partner) Churn(ed)? (State|Count): .*/\1 Churn\2 \3: (timing)/'
}

# Waits up to $1 s for ports $2.. to default (actor state bit 64): the
# receive machine takes two short timeouts, 6 s, and under load its ticks
# come late.
wait_defaulted() {
	local t=$1 s v ok
	shift
	while :; do
		ok=1
		for s in "$@"; do
			IFS= read -r v <"/sys/class/net/$s/bonding_slave/ad_actor_oper_port_state" || v=0
			(( v & 64 )) || ok=0
		done
		[ $ok = 1 ] && return 0
		t=$((t - 1))
		[ $t -gt 0 ] || { unmet "ports $* not defaulted"; return 1; }
		sleep 1
	done
}

# For ports whose partner went: their partner's state and whether their
# actor state says defaulted, sorted (the ports lose the partner in no
# fixed order), and how many are in the active aggregator.
defaulted() {
	local s v p n=0 active
	IFS= read -r active <$B/ad_aggregator || active=
	for s in "$@"; do
		IFS= read -r v <"/sys/class/net/$s/bonding_slave/ad_actor_oper_port_state"
		IFS= read -r p <"/sys/class/net/$s/bonding_slave/ad_partner_oper_port_state"
		echo "a port: partner state $p, defaulted: $(( v & 64 ? 1 : 0 ))"
	done | sort
	for s in "$@"; do
		IFS= read -r v <"/sys/class/net/$s/bonding_slave/ad_aggregator_id"
		[ "$v" != "$active" ] || n=$((n + 1))
	done
	echo "ports in the active aggregator: $n"
	echo "bond0 partner: $(cat $B/ad_partner_mac), ports: $(cat $B/ad_num_ports)"
}

# Pings through the bond: answered or not, against what is expected ($1).
ping_peer() {
	local got=ok
	ping -c 3 -i 0.3 -W 1 -q 192.0.2.2 >/dev/null 2>&1 || got="no reply"
	echo "ping 192.0.2.2: $got"
	[ "$got" = "$1" ] || unmet "ping: $got, expected $1"
}

# Frames of many flows, eight each: which slave carries each flow (a
# LACPDU may add one to a count, so "all" is four or more, "none" fewer);
# every slave must carry some.
spread() {
	local out s
	out=$(python3 "$RB_TESTING/flows.py" bond0 "$1" hash 8 |
		sed -E 's/=([4-9]|[1-9][0-9]+)( |$)/=all\2/g; s/=[0-3]( |$)/=none\1/g')
	echo "$out"
	for s in ${1//,/ }; do
		grep -q "$s=all" <<<"$out" || unmet "no flow on $s"
	done
}

# Takes the partner's end of a1 (b1) down and back up: a1 leaves the
# aggregate and comes back within $1 s, with pings through at each step.
port_flap() {
	local re='^(MII Status|.Number of ports|Slave Interface)'
	echo "--- b1 down: a1 leaves the aggregate"
	ip -n peer link set b1 down
	sleep 1
	kmsg
	grep -E "$re" /proc/net/bonding/bond0
	ping_peer ok
	echo "--- b1 back"
	ip -n peer link set b1 up
	wait_state 63 "$1" a0 a1
	kmsg
	grep -E "$re" /proc/net/bonding/bond0
	ping_peer ok
}
