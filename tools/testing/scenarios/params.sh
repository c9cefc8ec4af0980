#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Module parameters: every check of bonding.ko's parameter validation, the
# bonds they create and the defaults they give (sysfs and /proc).
. "$RB_TESTING/lib.sh"

while read -r params; do
	echo "=== params: $params"
	# shellcheck disable=SC2086
	load $params
	masters
	bonds=
	[ ! -e /sys/class/net/bonding_masters ] || read -r bonds </sys/class/net/bonding_masters
	for b in $bonds; do
		show_sysfs "$b"
		show_proc "$b"
	done
	[ ! -d "/sys/module/$DRV" ] || unload
done <<'LIST'
max_bonds=1
mode=1
mode=active-backup miimon=100
mode=4 miimon=100 lacp_rate=fast
mode=4
mode=802.3ad lacp_rate=1 ad_select=count xmit_hash_policy=layer2+3
mode=9
mode=foo
mode=balance-xor xmit_hash_policy=layer3+4
mode=2 xmit_hash_policy=bogus
xmit_hash_policy=layer3+4
lacp_rate=fast
mode=4 lacp_rate=medium
ad_select=bandwidth
ad_select=nope
max_bonds=3
max_bonds=0
max_bonds=-1
miimon=-5
miimon=100 updelay=250 downdelay=120
downdelay=50
use_carrier=2
use_carrier=0
num_grat_arp=300
num_unsol_na=5
tx_queues=0
tx_queues=300
all_slaves_active=5
all_slaves_active=1
resend_igmp=300
resend_igmp=0
packets_per_slave=70000
packets_per_slave=-1
packets_per_slave=0
arp_interval=100 arp_ip_target=192.0.2.1,192.0.2.2
arp_interval=100
arp_interval=-3
arp_interval=100 arp_ip_target=192.0.2.1,192.0.2.1
arp_interval=100 arp_ip_target=300.1.1.1
arp_interval=100 arp_ip_target=255.255.255.255
arp_interval=100 arp_ip_target=192.0.2.1 arp_validate=all
arp_interval=100 arp_ip_target=192.0.2.1 arp_validate=filter_backup mode=1
arp_validate=all
arp_interval=100 arp_ip_target=192.0.2.1 arp_validate=bogus
arp_interval=100 arp_ip_target=192.0.2.1 arp_all_targets=all
arp_all_targets=bogus
miimon=100 arp_interval=100 arp_ip_target=192.0.2.1
mode=4 arp_interval=100 arp_ip_target=192.0.2.1
primary=eth0
mode=1 primary=eth0 primary_reselect=better
mode=1 primary=eth0 primary_reselect=bad
mode=1 primary_reselect=bad
fail_over_mac=active mode=1
fail_over_mac=2
fail_over_mac=bad
lp_interval=0
lp_interval=7
mode=6 updelay=200 miimon=100
mode=5 miimon=50
mode=4 min_links=2
min_links=-1
LIST
