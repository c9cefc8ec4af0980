#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# rbonding-only
# miimon with use_carrier=0 reads the link through ethtool. bonding.ko of
# 6.12 calls ethtool_op_get_link without RTNL there, which splats (RCU and
# RTNL assertions, sleeping under rcu_read_lock), so it cannot run in the
# same boot; rbonding reads it under RTNL. A failover and a recovery must
# happen with dmesg clean.
. "$RB_TESTING/lib.sh"
set -e
B=/sys/class/net/bond0/bonding
ip netns add peer
for i in 0 1; do ip link add a$i address 00:00:5e:00:53:a$i type veth peer name b$i address 00:00:5e:00:53:b$i netns peer; ip -n peer link set b$i up; done
load mode=active-backup miimon=50 use_carrier=0
wr $B/slaves +a0
wr $B/slaves +a1
ip link set bond0 up
sleep 1
grep -q 'Currently Active Slave: a0' /proc/net/bonding/bond0
ip -n peer link set b0 down
sleep 1
grep -q 'Currently Active Slave: a1' /proc/net/bonding/bond0
ip -n peer link set b0 up
sleep 1
grep -A1 'Slave Interface: a0' /proc/net/bonding/bond0 | grep -q 'MII Status: up'
unload
echo ok
