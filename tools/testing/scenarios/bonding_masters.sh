#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# /sys/class/net/bonding_masters: creating, listing and deleting bonds, the
# errors for bad commands; bonds as net_devices (flags, rename, up/down).
. "$RB_TESTING/lib.sh"

M=/sys/class/net/bonding_masters
load max_bonds=0
masters
for cmd in +bond1 +bond1 +bond2 -bond1 -nosuch garbage + - '+bad/name' '+a_very_long_bond_name_x' \
	'+bond%d' '+ bond5' '+bond6 extra' '-bond2' '+bond2' '+bond3' '-bond3'; do
	wr $M "$cmd"
	masters
done
ip link set bond2 name bondx; echo "rename -> $?"; kmsg
masters
ls /proc/net/bonding
show_proc bondx
show_link bondx
ip -o -d link show bondx | grep -o 'bond_slave\|master\|MASTER' | sort -u
cat /sys/class/net/bondx/uevent | grep -E 'DEVTYPE|INTERFACE'
cat /sys/class/net/bondx/type /sys/class/net/bondx/addr_len /sys/class/net/bondx/mtu \
	/sys/class/net/bondx/tx_queue_len /sys/class/net/bondx/flags
ls /sys/class/net/bondx/queues | sort | tr '\n' ' '; echo
ethtool -i bondx
ethtool bondx
ethtool -k bondx
ethtool -T bondx
ip link set bondx up; echo "up -> $?"; kmsg
show_link bondx
show_proc bondx
ip link set bondx mtu 9000; echo "mtu 9000 -> $?"
ip link set bondx mtu 70000 2>&1 | sed 's/^/  /'
ip link set bondx address 02:00:00:00:00:01; echo "address -> $?"
ip link set bondx address 01:00:00:00:00:01 2>&1 | sed 's/^/  /'
ip -o link show bondx | grep -o 'mtu [0-9]*\|link/ether [0-9a-f:]*'
ping -c1 -W1 -I bondx 192.0.2.1 >/dev/null 2>&1; echo "ping through a bond without slaves -> $?"
ip link set bondx down; echo "down -> $?"
show_link bondx
ip netns add ns1
ip -n ns1 link 2>&1 | grep -c bond
ip link set bondx netns ns1 2>&1 | sed 's/^/  /'
echo "--- in namespace ns1"
ip netns exec ns1 sh -c 'cat /sys/class/net/bonding_masters; echo +bondn > /sys/class/net/bonding_masters;
	echo +bondm > /sys/class/net/bonding_masters; echo -bondm > /sys/class/net/bonding_masters;
	cat /sys/class/net/bonding_masters; ls /proc/net/bonding; echo 1 > /sys/class/net/bondn/bonding/mode;
	tail -n +3 /proc/net/bonding/bondn; ip link set bondn up'
kmsg
masters
ls /proc/net/bonding
ip netns del ns1
# Namespaces die asynchronously: wait for the bond's teardown message.
for _ in $(seq 100); do dmesg | grep -q 'bondn (unregistering)' && break; sleep 0.2; done
kmsg
unload
masters
ls /proc/net/bonding 2>&1 | sed -E 's/^ls: //'
