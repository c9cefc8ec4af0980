#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# systemd-networkd creating and configuring bonds through rtnetlink, as its
# users write them: a .netdev of Kind=bond with [Bond] options, a .network
# with an address for the bond and one per slave with Bond= (and
# PrimarySlave=). The daemon is started by hand (the guest has no systemd
# as init) and stopped before the bonds are deleted. /etc is an overlay in
# the guest: the files never reach the host.
. "$RB_TESTING/lib.sh"
. "$RB_TESTING/peer.sh"

dir=/etc/systemd/network

# Waits (up to $2 s) until bond $1 has carrier and every slave named after.
wait_bond() {
	local b=$1 t=$(($2 * 10)) s
	shift 2
	while [ $t -gt 0 ]; do
		if [ "$(cat /sys/class/net/"$b"/carrier 2>/dev/null)" = 1 ]; then
			local all=1
			for s in "$@"; do
				[ -e /sys/class/net/"$b"/lower_"$s" ] || all=0
			done
			[ $all = 1 ] && return 0
		fi
		sleep 0.1
		t=$((t - 1))
	done
	echo "timeout waiting for $b"
}

load max_bonds=0
peer_setup 4
ip -n peer addr add 198.51.100.2/24 dev br0
mkdir -p "$dir"
cat >"$dir/10-bond0.netdev" <<'EOF'
[NetDev]
Name=bond0
Kind=bond

[Bond]
Mode=active-backup
MIIMonitorSec=100ms
DownDelaySec=200ms
PrimaryReselectPolicy=better
FailOverMACPolicy=none
GratuitousARP=2
ResendIGMP=3
MinLinks=1
EOF
cat >"$dir/10-bond0.network" <<'EOF'
[Match]
Name=bond0

[Network]
Address=192.0.2.1/24
LinkLocalAddressing=no
IPv6AcceptRA=no
EOF
cat >"$dir/10-bond1.netdev" <<'EOF'
[NetDev]
Name=bond1
Kind=bond

[Bond]
Mode=balance-xor
TransmitHashPolicy=layer3+4
MIIMonitorSec=50ms
UpDelaySec=100ms
AllSlavesActive=yes
EOF
cat >"$dir/10-bond1.network" <<'EOF'
[Match]
Name=bond1

[Network]
Address=198.51.100.1/24
LinkLocalAddressing=no
IPv6AcceptRA=no
EOF
for s in a0 a1; do
	cat >"$dir/20-$s.network" <<EOF
[Match]
Name=$s

[Network]
Bond=bond0
$([ $s = a1 ] && echo PrimarySlave=yes)
EOF
done
for s in a2 a3; do
	cat >"$dir/20-$s.network" <<EOF
[Match]
Name=$s

[Network]
Bond=bond1
EOF
done
kmsg

echo "=== systemd-networkd starts"
mkdir -p /run/systemd/netif
# networkd waits for udev to initialise each link unless /sys is read-only
# (as in containers); the guest runs no udevd, so networkd gets a mount
# namespace with its /sys mount read-only (a bind remount: a plain remount
# would make the sysfs superblock, and so every /sys, read-only).
unshare -m --propagation private bash -c \
	'mount -o remount,bind,ro /sys && exec /lib/systemd/systemd-networkd' \
	>"${RB_OUT:-/tmp}/networkd-$DRV.log" 2>&1 &
nd=$!
wait_bond bond0 60 a0 a1
wait_bond bond1 60 a2 a3
sleep 1
# The messages of enslaving come in networkd's order, which depends on
# when it sees each link: grouped by the device they name (bond, or bond
# and slave), each device's in the order they came.
kmsg | awk '{ k = $2; if ($3 == "(slave") k = k " " $4; print k "\t" $0 }' | sort -s -t"$(printf '\t')" -k1,1 | cut -f2-
for b in bond0 bond1; do
	show_sysfs $b
	show_proc $b
	ip -o -4 addr show dev $b | sed -E 's/^[0-9]+: //; s/\\.*//'
	links $b
done
for a in 192.0.2.2 198.51.100.2; do
	out=$(ping -c 2 -W 2 -q $a 2>&1)
	rc=$?
	echo "ping $a -> rc=$rc: $(sed -n 's/, time.*//p' <<<"$out")"
	[ $rc = 0 ] || unmet "ping $a -> rc=$rc"
done

echo "=== the active slave loses its link"
ip -n peer link set b1 down
sleep 1
# A monitor pass that cannot take RTNL (networkd reacting to the link
# change holds it) is repeated a tick later and logs the downdelay message
# again, with either driver: repeats of "link status" lines are dropped.
kmsg | awk '!/link status/ || !seen[$0]++'
show_proc bond0

echo "=== systemd-networkd stops; bonds deleted"
kill $nd
wait $nd 2>/dev/null
ip link del bond0
ip link del bond1
kmsg
masters
rm -f "$dir"/10-bond[01].net* "$dir"/20-a[0-3].network
ip netns del peer
unload
