/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One-line wrappers of static inline functions and macros that Rust cannot
 * call through bindgen, and the module parameters (module_param is a macro
 * and the 6.12 `module!` has no parameters).
 */
#ifndef RBONDING_HELPERS_H
#define RBONDING_HELPERS_H

#include <linux/fs.h>
#include <linux/kobject.h>
#include <linux/workqueue.h>
#include <linux/netdevice.h>
#include <linux/proc_fs.h>
#include <linux/sysfs.h>
#include <net/net_namespace.h>

void *rb_netdev_priv(const struct net_device *dev);
struct net *rb_dev_net(const struct net_device *dev);
void rb_dev_net_set(struct net_device *dev, struct net *net);
void *rb_net_generic(const struct net *net, unsigned int id);
struct net *rb_init_net(void);
void rb_eth_hw_addr_random(struct net_device *dev);
bool rb_netif_carrier_ok(const struct net_device *dev);
int rb_restart_syscall(void);
struct net_device *rb_to_net_dev(struct device *d);
struct inode *rb_file_inode(const struct file *f);
void *rb_pde_data(const struct inode *inode);
struct net_device *rb_notifier_info_to_dev(void *info);
void rb_sysfs_attr_init(struct attribute *attr);
struct kobject *rb_netdev_kobj(struct net_device *dev);
void rb_dev_addr_set(struct net_device *dev, const u8 *addr);
void rb_dev_core_stats_tx_dropped_inc(struct net_device *dev);
void rb_netdev_set_lltx(struct net_device *dev);
void rb_netdev_set_netns_immutable(struct net_device *dev);
void rb_netdev_priv_flags_update(struct net_device *dev, unsigned long set, unsigned long clear);
unsigned long rb_netdev_priv_flags(const struct net_device *dev);
void rb_dev_hold(struct net_device *dev);
void rb_dev_put(struct net_device *dev);
netdev_features_t rb_netdev_base_features(netdev_features_t f);
netdev_features_t rb_netdev_add_tso_features(netdev_features_t f, netdev_features_t mask);
void rb_netdev_set_devtype(struct net_device *dev, const struct device_type *type);
bool rb_netif_running(const struct net_device *dev);
void rb_rcu_read_lock(void);
void rb_rcu_read_unlock(void);
void *rb_rx_handler_data(const struct net_device *dev);
void *rb_rx_handler_data_rtnl(const struct net_device *dev);
rx_handler_func_t *rb_rx_handler_rtnl(const struct net_device *dev);
rx_handler_func_t *rb_rx_handler_rcu(const struct net_device *dev);
bool rb_linkwatch_pending(const struct net_device *dev);
struct net_device *rb_skb_dev(const struct sk_buff *skb);
void rb_skb_set_dev(struct sk_buff *skb, struct net_device *dev);
struct sk_buff *rb_skb_share_check(struct sk_buff *skb);
bool rb_skb_dest_is_link_local(const struct sk_buff *skb);
unsigned int rb_skb_pkt_type(const struct sk_buff *skb);
bool rb_skb_rx_queue_recorded(const struct sk_buff *skb);
u16 rb_skb_get_rx_queue(const struct sk_buff *skb);
u16 rb_skb_get_queue_mapping(const struct sk_buff *skb);
void rb_skb_save_slave_queue(struct sk_buff *skb);
void rb_skb_restore_slave_queue(struct sk_buff *skb);
int rb_dev_queue_xmit(struct sk_buff *skb);
struct sk_buff *rb_dev_alloc_skb(unsigned int len);
void rb_skb_reset_mac_header(struct sk_buff *skb);
void rb_skb_set_network_header(struct sk_buff *skb, int offset);
void rb_skb_set_protocol(struct sk_buff *skb, __be16 proto);
void rb_skb_set_priority(struct sk_buff *skb, u32 prio);
const u8 *rb_skb_eth_dest(const struct sk_buff *skb);
void rb_spin_lock_bh(spinlock_t *lock);
void rb_spin_unlock_bh(spinlock_t *lock);
const void *rb_skb_data(const struct sk_buff *skb);
unsigned int rb_skb_headlen(const struct sk_buff *skb);
__be16 rb_skb_protocol_be(const struct sk_buff *skb);
int rb_skb_network_offset(const struct sk_buff *skb);
bool rb_skb_vlan_tag_present(const struct sk_buff *skb);
u16 rb_skb_vlan_tag_get(const struct sk_buff *skb);
bool rb_skb_l4_hash(const struct sk_buff *skb);
u32 rb_skb_hash(const struct sk_buff *skb);
u32 rb_this_cpu_inc_return_u32(u32 __percpu *p);
u32 __percpu *rb_alloc_percpu_u32(void);
struct workqueue_struct *rb_alloc_ordered_wq(const char *name);
void rb_init_delayed_work(struct delayed_work *w, work_func_t f);
struct delayed_work *rb_to_delayed_work(struct work_struct *w);
bool rb_queue_delayed_work(struct workqueue_struct *wq, struct delayed_work *w, unsigned long delay);
unsigned long rb_msecs_to_jiffies(unsigned int ms);
unsigned long rb_jiffies(void);
void rb_netif_addr_lock_bh(struct net_device *dev);
void rb_netif_addr_unlock_bh(struct net_device *dev);
void rb_dev_addr_set_len(struct net_device *dev, const u8 *addr, unsigned char len);
void rb_eth_random_addr(u8 *addr);
int rb_notifier_to_errno(int ret);
struct net_device *rb_kobj_to_net_dev(struct kobject *kobj);
unsigned char rb_addr_assign_type(const struct net_device *dev);
void rb_set_addr_assign_type(struct net_device *dev, unsigned char t);

/* Netlink attributes and extended acks. */
struct nlattr;
struct netlink_ext_ack;
struct sk_buff;
void *rb_nla_data(const struct nlattr *nla);
int rb_nla_len(const struct nlattr *nla);
bool rb_nla_ok(const struct nlattr *nla, int remaining);
struct nlattr *rb_nla_next(const struct nlattr *nla, int *remaining);
struct nlattr *rb_nla_nest_start(struct sk_buff *skb, int type, bool flagged);
void rb_nla_nest_end(struct sk_buff *skb, struct nlattr *start);
void rb_nla_nest_cancel(struct sk_buff *skb, struct nlattr *start);
void rb_nl_set_err_msg(struct netlink_ext_ack *extack, const char *msg, const struct nlattr *attr);

/* Module parameters, as bonding.ko declares them. */
extern int rb_param_max_bonds;
extern int rb_param_tx_queues;
extern int rb_param_num_peer_notif;
extern int rb_param_miimon;
extern int rb_param_updelay;
extern int rb_param_downdelay;
extern int rb_param_use_carrier;
extern char *rb_param_mode;
extern char *rb_param_primary;
extern char *rb_param_primary_reselect;
extern char *rb_param_lacp_rate;
extern char *rb_param_ad_select;
extern int rb_param_min_links;
extern char *rb_param_xmit_hash_policy;
extern int rb_param_arp_interval;
extern char *rb_param_arp_ip_target[16];
extern char *rb_param_arp_validate;
extern char *rb_param_arp_all_targets;
extern char *rb_param_fail_over_mac;
extern int rb_param_all_slaves_active;
extern int rb_param_resend_igmp;
extern int rb_param_packets_per_slave;
extern unsigned int rb_param_lp_interval;

#endif
