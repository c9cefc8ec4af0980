/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One-line wrappers of static inline functions and macros that Rust cannot
 * call through bindgen, and the module parameters (module_param is a macro
 * and the 6.12 `module!` has no parameters).
 */
#ifndef RBONDING_HELPERS_H
#define RBONDING_HELPERS_H

#include <linux/fs.h>
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
netdev_features_t rb_netdev_base_features(netdev_features_t f);
netdev_features_t rb_netdev_add_tso_features(netdev_features_t f, netdev_features_t mask);
void rb_netdev_set_devtype(struct net_device *dev, const struct device_type *type);

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
