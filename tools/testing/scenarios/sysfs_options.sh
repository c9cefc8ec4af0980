#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Every per-bond sysfs file: read back after sets of writes in each mode,
# and the error (and message) for bad writes, including writes not allowed
# in the bond's current mode or state.
. "$RB_TESTING/lib.sh"

B=/sys/class/net/bond0/bonding
load
ip link add veth0 address 00:00:5e:00:53:10 type veth peer name veth1 address 00:00:5e:00:53:11

for mode in balance-rr active-backup balance-xor broadcast 802.3ad balance-tlb balance-alb; do
	echo "=== mode $mode"
	wr $B/mode $mode
	show_sysfs bond0
	show_proc bond0
done

echo "=== valid writes"
wr $B/mode 1
while read -r f v; do
	wr "$B/$f" "$v"
done <<'LIST'
miimon 100
updelay 300
downdelay 250
peer_notif_delay 200
miimon 50
updelay default
use_carrier 0
use_carrier on
primary veth0
primary_reselect better
primary_reselect 2
fail_over_mac follow
fail_over_mac 0
num_grat_arp 3
num_unsol_na 7
resend_igmp 10
all_slaves_active 1
min_links 2
lp_interval 4
arp_interval 200
arp_ip_target +192.0.2.1
arp_ip_target +198.51.100.7
arp_ip_target -192.0.2.1
arp_ip_target +192.0.2.9
arp_validate filter_active
arp_all_targets all
arp_missed_max 5
arp_validate 3
miimon 100
active_slave
xmit_hash_policy encap3+4
LIST
show_sysfs bond0
show_proc bond0

echo "=== 802.3ad and tlb/alb writes"
wr $B/mode 4
for kv in "lacp_rate fast" "lacp_rate 0" "lacp_active off" "ad_select bandwidth" "ad_actor_sys_prio 100" \
	"ad_actor_system 02:11:22:33:44:55" "ad_user_port_key 77" "xmit_hash_policy vlan+srcmac" \
	"min_links 3" "packets_per_slave 3" "tlb_dynamic_lb 0" "arp_interval 100" "arp_validate all"; do
	wr "$B/${kv%% *}" "${kv#* }"
done
show_sysfs bond0
show_proc bond0
wr $B/mode balance-tlb
wr $B/tlb_dynamic_lb 0
show_proc bond0
wr $B/mode balance-alb
show_sysfs bond0
wr $B/mode balance-rr
wr $B/packets_per_slave 0
wr $B/packets_per_slave 65535
wr $B/packets_per_slave 65536
show_proc bond0

# Bad writes, in modes where each option applies and where it does not.
bad_writes() {
	while read -r f v; do
		wr "$B/$f" "$v"
	done <<'LIST'
mode 7
mode balance
mode -1
mode
miimon -1
miimon abc
miimon 2147483648
miimon 99999999999999999999
updelay 1
downdelay x
xmit_hash_policy layer5
arp_validate bogus
arp_all_targets some
fail_over_mac yes
primary_reselect 3
use_carrier 2
num_grat_arp 256
num_unsol_na -1
resend_igmp 256
lp_interval 0
arp_missed_max 0
arp_missed_max 256
ad_actor_sys_prio 0
ad_user_port_key 1024
ad_actor_system 01:00:5e:00:00:01
ad_actor_system nonsense
arp_ip_target 192.0.2.1
arp_ip_target +192.0.2.300
arp_ip_target +255.255.255.255
arp_ip_target +0.0.0.0
arp_ip_target -203.0.113.1
lacp_rate fast
tlb_dynamic_lb 1
active_slave veth0
active_slave nosuch
active_slave lo
queue_id veth0:1
queue_id nosuch:1
queue_id veth0
queue_id veth0:99
slaves veth0
slaves -veth0
slaves +nosuch
slaves +
mii_status up
ad_aggregator 1
miimon 18446744073709551716
mode  2 x
updelay 99
peer_notif_delay default
lacp_rate default
arp_ip_target +192.0.2.44 junk
num_grat_arp default
LIST
}
for mode in balance-rr active-backup 802.3ad balance-alb; do
	echo "=== bad writes in $mode"
	wr $B/mode $mode
	wr $B/arp_interval 0
	bad_writes
	show_sysfs bond0
done
ip link set bond0 up
for kv in "mode 1" "lacp_rate fast" "ad_select count" "tlb_dynamic_lb 1" "lacp_active on" "ad_user_port_key 5"; do
	wr "$B/${kv%% *}" "${kv#* }"
done
wr $B/mode 4
ip link set bond0 down
wr $B/mode 4
ip link set bond0 up
for kv in "lacp_rate fast" "ad_select count" "lacp_active off" "ad_user_port_key 5" "coupled_control 0"; do
	[ -e "$B/${kv%% *}" ] && wr "$B/${kv%% *}" "${kv#* }"
done
show_sysfs bond0
ip link set bond0 down
ip link del veth0
unload
