#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside one of the two guests of cross.sh: the driver $5 makes an
# 802.3ad bond of the two virtio NICs whose addresses start with $6, at
# 198.51.100.$7, waits for the ports to aggregate with the other guest and
# pings it at 198.51.100.$8. What it saw goes to $1/$4.out, its verdict
# lines to $1/$4.result; it waits for the other guest's verdict (or 120 s)
# before it ends, so that the other one can still ping it.
set -uo pipefail
results=$1 mods=$2 rbko=$3 role=$4 drv=$5 prefix=$6 me=$7 peer=$8
here=$(cd "$(dirname "$0")" && pwd)
. "$here/guest-setup.sh"
out=$results/$role.out res=$results/$role.result
exec >"$out" 2>&1

nics=
for d in /sys/class/net/*; do
	case $(cat "$d/address") in "$prefix"*) nics="$nics ${d##*/}" ;; esac
done
echo "driver $drv, NICs:$nics"
# virtio-net reports no speed or duplex unless told; 802.3ad needs both.
for n in $nics; do ethtool -s "$n" speed 10000 duplex full; done
modprobe "$drv" mode=4 miimon=100 lacp_rate=fast max_bonds=1
for n in $nics; do echo "+$n" >/sys/class/net/bond0/bonding/slaves; done
ip addr add "198.51.100.$me/24" dev bond0
ip link set bond0 up

agg=no
for _ in $(seq 120); do
	n=0
	for s in $nics; do
		[ "$(cat /sys/class/net/$s/bonding_slave/ad_actor_oper_port_state)" = 63 ] && n=$((n + 1))
	done
	[ "$n" = 2 ] && { agg=yes; break; }
	sleep 1
done
ping=no
for _ in $(seq 30); do
	ping -c 3 -i 0.3 -W 1 -q "198.51.100.$peer" >/dev/null 2>&1 && { ping=ok; break; }
	sleep 1
done
cat /proc/net/bonding/bond0
{
	echo "aggregated: $agg"
	echo "ping: $ping"
	echo "bond address: $(cat /sys/class/net/bond0/address)"
	echo "partner: $(cat /sys/class/net/bond0/bonding/ad_partner_mac)"
	echo "ports: $(cat /sys/class/net/bond0/bonding/ad_num_ports)"
} >"$res.tmp"
mv "$res.tmp" "$res"
cat "$res"

other=a
[ "$role" = a ] && other=b
for _ in $(seq 120); do
	[ -e "$results/$other.result" ] && break
	sleep 1
done
sleep 5
modprobe -r "$drv"
dmesg >"$results/$role.dmesg"
