// SPDX-License-Identifier: GPL-2.0
/*
 * One-line wrappers of static inline functions and macros, and the module
 * parameters. Everything else is Rust.
 */

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/rcupdate.h>
#include <linux/rtnetlink.h>
#include <net/sch_generic.h>
#include <net/netlink.h>
#include <linux/sched/signal.h>
#include <net/netns/generic.h>

#include "helpers.h"

void *rb_netdev_priv(const struct net_device *dev) { return netdev_priv(dev); }
struct net *rb_dev_net(const struct net_device *dev) { return dev_net(dev); }
void rb_dev_net_set(struct net_device *dev, struct net *net) { dev_net_set(dev, net); }
void *rb_net_generic(const struct net *net, unsigned int id) { return net_generic(net, id); }
struct net *rb_init_net(void) { return &init_net; }
void rb_eth_hw_addr_random(struct net_device *dev) { eth_hw_addr_random(dev); }
bool rb_netif_carrier_ok(const struct net_device *dev) { return netif_carrier_ok(dev); }
int rb_restart_syscall(void) { return restart_syscall(); }
struct net_device *rb_to_net_dev(struct device *d) { return to_net_dev(d); }
struct inode *rb_file_inode(const struct file *f) { return file_inode(f); }
void *rb_pde_data(const struct inode *inode) { return pde_data(inode); }
struct net_device *rb_notifier_info_to_dev(void *info) { return netdev_notifier_info_to_dev(info); }
void rb_sysfs_attr_init(struct attribute *attr) { sysfs_attr_init(attr); }
struct kobject *rb_netdev_kobj(struct net_device *dev) { return &dev->dev.kobj; }
void rb_dev_addr_set(struct net_device *dev, const u8 *addr) { dev_addr_set(dev, addr); }
void rb_dev_core_stats_tx_dropped_inc(struct net_device *dev) { dev_core_stats_tx_dropped_inc(dev); }
void rb_netdev_set_lltx(struct net_device *dev) { dev->lltx = true; }
void rb_netdev_set_netns_immutable(struct net_device *dev) { dev->netns_immutable = true; }
void rb_netdev_priv_flags_update(struct net_device *dev, unsigned long set, unsigned long clear) { dev->priv_flags = (dev->priv_flags | set) & ~clear; }
unsigned long rb_netdev_priv_flags(const struct net_device *dev) { return dev->priv_flags; }
void rb_dev_hold(struct net_device *dev) { dev_hold(dev); }
void rb_dev_put(struct net_device *dev) { dev_put(dev); }
netdev_features_t rb_netdev_base_features(netdev_features_t f) { return netdev_base_features(f); }
netdev_features_t rb_netdev_add_tso_features(netdev_features_t f, netdev_features_t mask) { return netdev_add_tso_features(f, mask); }
void rb_netdev_set_devtype(struct net_device *dev, const struct device_type *type) { SET_NETDEV_DEVTYPE(dev, type); }
bool rb_netif_running(const struct net_device *dev) { return netif_running(dev); }
void rb_rcu_read_lock(void) { rcu_read_lock(); }
void rb_rcu_read_unlock(void) { rcu_read_unlock(); }
void *rb_rx_handler_data(const struct net_device *dev) { return rcu_dereference(dev->rx_handler_data); }
void *rb_rx_handler_data_rtnl(const struct net_device *dev) { return rtnl_dereference(dev->rx_handler_data); }
rx_handler_func_t *rb_rx_handler_rtnl(const struct net_device *dev) { return rtnl_dereference(dev->rx_handler); }
rx_handler_func_t *rb_rx_handler_rcu(const struct net_device *dev) { return rcu_dereference(dev->rx_handler); }
bool rb_linkwatch_pending(const struct net_device *dev) { return test_bit(__LINK_STATE_LINKWATCH_PENDING, &dev->state); }
struct net_device *rb_skb_dev(const struct sk_buff *skb) { return skb->dev; }
void rb_skb_set_dev(struct sk_buff *skb, struct net_device *dev) { skb->dev = dev; }
struct sk_buff *rb_skb_share_check(struct sk_buff *skb) { return skb_share_check(skb, GFP_ATOMIC); }
bool rb_skb_dest_is_link_local(const struct sk_buff *skb) { return is_link_local_ether_addr(eth_hdr(skb)->h_dest); }
unsigned int rb_skb_pkt_type(const struct sk_buff *skb) { return skb->pkt_type; }
bool rb_skb_rx_queue_recorded(const struct sk_buff *skb) { return skb_rx_queue_recorded(skb); }
u16 rb_skb_get_rx_queue(const struct sk_buff *skb) { return skb_get_rx_queue(skb); }
u16 rb_skb_get_queue_mapping(const struct sk_buff *skb) { return skb_get_queue_mapping(skb); }
void rb_skb_save_slave_queue(struct sk_buff *skb) { qdisc_skb_cb(skb)->slave_dev_queue_mapping = skb_get_queue_mapping(skb); }
void rb_skb_restore_slave_queue(struct sk_buff *skb) { skb_set_queue_mapping(skb, qdisc_skb_cb(skb)->slave_dev_queue_mapping); }
int rb_dev_queue_xmit(struct sk_buff *skb) { return dev_queue_xmit(skb); }
struct sk_buff *rb_dev_alloc_skb(unsigned int len) { return dev_alloc_skb(len); }
void rb_skb_reset_mac_header(struct sk_buff *skb) { skb_reset_mac_header(skb); }
void rb_skb_set_network_header(struct sk_buff *skb, int offset) { skb_set_network_header(skb, offset); }
void rb_skb_set_protocol(struct sk_buff *skb, __be16 proto) { skb->protocol = proto; }
void rb_skb_set_priority(struct sk_buff *skb, u32 prio) { skb->priority = prio; }
const u8 *rb_skb_eth_dest(const struct sk_buff *skb) { return eth_hdr(skb)->h_dest; }
void rb_spin_lock_bh(spinlock_t *lock) { spin_lock_bh(lock); }
void rb_spin_unlock_bh(spinlock_t *lock) { spin_unlock_bh(lock); }
const void *rb_skb_data(const struct sk_buff *skb) { return skb->data; }
unsigned int rb_skb_headlen(const struct sk_buff *skb) { return skb_headlen(skb); }
__be16 rb_skb_protocol_be(const struct sk_buff *skb) { return skb->protocol; }
int rb_skb_network_offset(const struct sk_buff *skb) { return skb_network_offset(skb); }
bool rb_skb_vlan_tag_present(const struct sk_buff *skb) { return skb_vlan_tag_present(skb); }
u16 rb_skb_vlan_tag_get(const struct sk_buff *skb) { return skb_vlan_tag_get(skb); }
bool rb_skb_l4_hash(const struct sk_buff *skb) { return skb->l4_hash; }
u32 rb_skb_hash(const struct sk_buff *skb) { return skb->hash; }
u32 rb_this_cpu_inc_return_u32(u32 __percpu *p) { return this_cpu_inc_return(*p); }
u32 __percpu *rb_alloc_percpu_u32(void) { return alloc_percpu(u32); }
struct workqueue_struct *rb_alloc_ordered_wq(const char *name) { return alloc_ordered_workqueue("%s", WQ_MEM_RECLAIM, name); }
void rb_init_delayed_work(struct delayed_work *w, work_func_t f) { INIT_DELAYED_WORK(w, f); }
struct delayed_work *rb_to_delayed_work(struct work_struct *w) { return to_delayed_work(w); }
bool rb_queue_delayed_work(struct workqueue_struct *wq, struct delayed_work *w, unsigned long delay) { return queue_delayed_work(wq, w, delay); }
unsigned long rb_msecs_to_jiffies(unsigned int ms) { return msecs_to_jiffies(ms); }
unsigned long rb_jiffies(void) { return jiffies; }
void rb_netif_addr_lock_bh(struct net_device *dev) { netif_addr_lock_bh(dev); }
void rb_netif_addr_unlock_bh(struct net_device *dev) { netif_addr_unlock_bh(dev); }
void rb_dev_addr_set_len(struct net_device *dev, const u8 *addr, unsigned char len) { __dev_addr_set(dev, addr, len); }
void rb_eth_random_addr(u8 *addr) { eth_random_addr(addr); }
int rb_notifier_to_errno(int ret) { return notifier_to_errno(ret); }
struct net_device *rb_kobj_to_net_dev(struct kobject *kobj) { return to_net_dev(kobj_to_dev(kobj)); }
unsigned char rb_addr_assign_type(const struct net_device *dev) { return dev->addr_assign_type; }
void rb_set_addr_assign_type(struct net_device *dev, unsigned char t) { dev->addr_assign_type = t; }

void *rb_nla_data(const struct nlattr *nla) { return nla_data(nla); }
int rb_nla_len(const struct nlattr *nla) { return nla_len(nla); }
bool rb_nla_ok(const struct nlattr *nla, int remaining) { return nla_ok(nla, remaining); }
struct nlattr *rb_nla_next(const struct nlattr *nla, int *remaining) { return nla_next(nla, remaining); }
struct nlattr *rb_nla_nest_start(struct sk_buff *skb, int type, bool flagged) { return flagged ? nla_nest_start(skb, type) : nla_nest_start_noflag(skb, type); }
void rb_nla_nest_end(struct sk_buff *skb, struct nlattr *start) { nla_nest_end(skb, start); }
void rb_nla_nest_cancel(struct sk_buff *skb, struct nlattr *start) { nla_nest_cancel(skb, start); }
/* NL_SET_ERR_MSG_ATTR with a message Rust keeps in a static. */
void rb_nl_set_err_msg(struct netlink_ext_ack *extack, const char *msg, const struct nlattr *attr) { if (extack) { extack->_msg = msg; extack->bad_attr = attr; extack->policy = NULL; } }

/* Names, types, permissions and defaults as bonding.ko has them. */
int rb_param_max_bonds = 1;
module_param_named(max_bonds, rb_param_max_bonds, int, 0);
MODULE_PARM_DESC(max_bonds, "Max number of bonded devices");
int rb_param_tx_queues = 16;
module_param_named(tx_queues, rb_param_tx_queues, int, 0);
MODULE_PARM_DESC(tx_queues, "Max number of transmit queues (default = 16)");
int rb_param_num_peer_notif = 1;
module_param_named(num_grat_arp, rb_param_num_peer_notif, int, 0644);
MODULE_PARM_DESC(num_grat_arp, "Number of peer notifications to send on failover event (alias of num_unsol_na)");
module_param_named(num_unsol_na, rb_param_num_peer_notif, int, 0644);
MODULE_PARM_DESC(num_unsol_na, "Number of peer notifications to send on failover event (alias of num_grat_arp)");
int rb_param_miimon;
module_param_named(miimon, rb_param_miimon, int, 0);
MODULE_PARM_DESC(miimon, "Link check interval in milliseconds");
int rb_param_updelay;
module_param_named(updelay, rb_param_updelay, int, 0);
MODULE_PARM_DESC(updelay, "Delay before considering link up, in milliseconds");
int rb_param_downdelay;
module_param_named(downdelay, rb_param_downdelay, int, 0);
MODULE_PARM_DESC(downdelay, "Delay before considering link down, in milliseconds");
int rb_param_use_carrier = 1;
module_param_named(use_carrier, rb_param_use_carrier, int, 0);
MODULE_PARM_DESC(use_carrier, "Use netif_carrier_ok (vs MII ioctls) in miimon; 0 for off, 1 for on (default)");
char *rb_param_mode;
module_param_named(mode, rb_param_mode, charp, 0);
MODULE_PARM_DESC(mode, "Mode of operation; 0 for balance-rr, 1 for active-backup, 2 for balance-xor, 3 for broadcast, 4 for 802.3ad, 5 for balance-tlb, 6 for balance-alb");
char *rb_param_primary;
module_param_named(primary, rb_param_primary, charp, 0);
MODULE_PARM_DESC(primary, "Primary network device to use");
char *rb_param_primary_reselect;
module_param_named(primary_reselect, rb_param_primary_reselect, charp, 0);
MODULE_PARM_DESC(primary_reselect, "Reselect primary slave once it comes up; 0 for always (default), 1 for only if speed of primary is better, 2 for only on active slave failure");
char *rb_param_lacp_rate;
module_param_named(lacp_rate, rb_param_lacp_rate, charp, 0);
MODULE_PARM_DESC(lacp_rate, "LACPDU tx rate to request from 802.3ad partner; 0 for slow, 1 for fast");
char *rb_param_ad_select;
module_param_named(ad_select, rb_param_ad_select, charp, 0);
MODULE_PARM_DESC(ad_select, "802.3ad aggregation selection logic; 0 for stable (default), 1 for bandwidth, 2 for count");
int rb_param_min_links;
module_param_named(min_links, rb_param_min_links, int, 0);
MODULE_PARM_DESC(min_links, "Minimum number of available links before turning on carrier");
char *rb_param_xmit_hash_policy;
module_param_named(xmit_hash_policy, rb_param_xmit_hash_policy, charp, 0);
MODULE_PARM_DESC(xmit_hash_policy, "balance-alb, balance-tlb, balance-xor, 802.3ad hashing method; 0 for layer 2 (default), 1 for layer 3+4, 2 for layer 2+3, 3 for encap layer 2+3, 4 for encap layer 3+4, 5 for vlan+srcmac");
int rb_param_arp_interval;
module_param_named(arp_interval, rb_param_arp_interval, int, 0);
MODULE_PARM_DESC(arp_interval, "arp interval in milliseconds");
char *rb_param_arp_ip_target[16];
module_param_array_named(arp_ip_target, rb_param_arp_ip_target, charp, NULL, 0);
MODULE_PARM_DESC(arp_ip_target, "arp targets in n.n.n.n form");
char *rb_param_arp_validate;
module_param_named(arp_validate, rb_param_arp_validate, charp, 0);
MODULE_PARM_DESC(arp_validate, "validate src/dst of ARP probes; 0 for none (default), 1 for active, 2 for backup, 3 for all");
char *rb_param_arp_all_targets;
module_param_named(arp_all_targets, rb_param_arp_all_targets, charp, 0);
MODULE_PARM_DESC(arp_all_targets, "fail on any/all arp targets timeout; 0 for any (default), 1 for all");
char *rb_param_fail_over_mac;
module_param_named(fail_over_mac, rb_param_fail_over_mac, charp, 0);
MODULE_PARM_DESC(fail_over_mac, "For active-backup, do not set all slaves to the same MAC; 0 for none (default), 1 for active, 2 for follow");
int rb_param_all_slaves_active;
module_param_named(all_slaves_active, rb_param_all_slaves_active, int, 0);
MODULE_PARM_DESC(all_slaves_active, "Keep all frames received on an interface by setting active flag for all slaves; 0 for never (default), 1 for always.");
int rb_param_resend_igmp = 1;
module_param_named(resend_igmp, rb_param_resend_igmp, int, 0);
MODULE_PARM_DESC(resend_igmp, "Number of IGMP membership reports to send on link failure");
int rb_param_packets_per_slave = 1;
module_param_named(packets_per_slave, rb_param_packets_per_slave, int, 0);
MODULE_PARM_DESC(packets_per_slave, "Packets to send per slave in balance-rr mode; 0 for a random slave, 1 packet per slave (default), >1 packets per slave.");
unsigned int rb_param_lp_interval = 1;
module_param_named(lp_interval, rb_param_lp_interval, uint, 0);
MODULE_PARM_DESC(lp_interval, "The number of seconds between instances where the bonding driver sends learning packets to each slaves peer switch. The default is 1.");
