#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Sets everything up, builds rbonding.ko, boots the test kernel and shows
# bonds made by rbonding: `modprobe rbonding mode=active-backup miimon=100`
# with two veth slaves, a ping to a peer namespace and a failover; then
# `modprobe rbonding mode=4 miimon=100` aggregating two ports with teamd's
# LACP runner in the peer namespace, and a ping through the aggregate.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

"$RB_TOP/scripts/setup.sh"
make -C "$RB_TOP" modules >/dev/null
kdir=$(rb_kdir)
out=$(mktemp -d /tmp/rbonding-demo.XXXXXX)
kver=$(cat "$kdir/include/config/kernel.release")
cat >"$out/demo.sh" <<EOS
set -x
mount -t tmpfs none /lib/modules
mkdir -p /lib/modules/$kver/extra
cp -a $kdir/mods/lib/modules/$kver/. /lib/modules/$kver/
cp $RB_TOP/rbonding.ko /lib/modules/$kver/extra/
depmod -a
modprobe -C /dev/null rbonding mode=active-backup miimon=100
cat /sys/class/net/bonding_masters
ip netns add peer
ip -n peer link add br0 address 02:00:00:00:00:02 type bridge
for i in 0 1; do ip link add eth\$i type veth peer name p\$i netns peer; ip -n peer link set p\$i master br0 up; done
ip -n peer addr add 192.0.2.2/24 dev br0
ip -n peer link set br0 up
echo +eth0 > /sys/class/net/bond0/bonding/slaves
echo +eth1 > /sys/class/net/bond0/bonding/slaves
ip addr add 192.0.2.1/24 dev bond0
ip link set bond0 up
sleep 1
ip -br link show master bond0
cat /sys/class/net/bond0/bonding/mode
cat /proc/net/bonding/bond0
ping -c 3 192.0.2.2
ip -n peer link set p0 down
sleep 1
grep 'Currently Active Slave' /proc/net/bonding/bond0
ping -c 3 192.0.2.2
dmesg | grep -E '\] (bond0|rbonding)' | tail -n 12
modprobe -r rbonding
ip netns del peer
sleep 1
: 802.3ad with teamd as the link partner
ip netns add peer
for i in 0 1; do ip link add eth\$i type veth peer name p\$i netns peer; done
mkdir -p /run/teamd
ip netns exec peer teamd -d -c '{"device":"team0","runner":{"name":"lacp","active":true,"fast_rate":true},"link_watch":{"name":"ethtool"},"ports":{"p0":{},"p1":{}}}'
ip -n peer addr add 192.0.2.2/24 dev team0
ip -n peer link set team0 up
modprobe -C /dev/null rbonding mode=4 miimon=100
echo +eth0 > /sys/class/net/bond0/bonding/slaves
echo +eth1 > /sys/class/net/bond0/bonding/slaves
ip addr add 192.0.2.1/24 dev bond0
ip link set bond0 up
sleep 6
cat /proc/net/bonding/bond0
ip netns exec peer teamdctl team0 state view
ping -c 3 192.0.2.2
EOS
vng --run "$kdir/arch/x86/boot/bzImage" --disable-kvm --memory 1G --rwdir "$out" \
	--exec "bash $out/demo.sh > $out/log 2>&1" </dev/null >/dev/null 2>&1 || true
cat "$out/log"
