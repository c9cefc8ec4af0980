/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The C API rbonding uses that the 6.12 `kernel` crate does not bind.
 * Kbuild runs bindgen on this header at build time.
 */

#include <linux/capability.h>
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/if_arp.h>
#include <linux/namei.h>
#include <linux/netdevice.h>
#include <linux/proc_fs.h>
#include <linux/rtnetlink.h>
#include <linux/seq_file.h>
#include <linux/sysfs.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "helpers.h"

/* Bonding's private flags and constants bindgen cannot see through enums. */
const unsigned long long RB_IFF_BONDING = IFF_BONDING;
const unsigned long long RB_IFF_UNICAST_FLT = IFF_UNICAST_FLT;
const unsigned long long RB_IFF_NO_QUEUE = IFF_NO_QUEUE;
const unsigned long long RB_IFF_XMIT_DST_RELEASE = IFF_XMIT_DST_RELEASE;
const unsigned long long RB_IFF_TX_SKB_SHARING = IFF_TX_SKB_SHARING;
const unsigned int RB_IFF_MASTER = IFF_MASTER;
const unsigned int RB_IFF_UP = IFF_UP;
const unsigned long long RB_BOND_HW_FEATURES =
	MASTER_UPPER_DEV_VLAN_FEATURES | NETIF_F_HW_VLAN_CTAG_RX |
	NETIF_F_HW_VLAN_CTAG_FILTER | NETIF_F_HW_VLAN_STAG_RX |
	NETIF_F_HW_VLAN_STAG_FILTER | NETIF_F_GSO_ENCAP_ALL;
const unsigned long long RB_BOND_EXTRA_FEATURES =
	NETIF_F_HW_VLAN_CTAG_TX | NETIF_F_HW_VLAN_STAG_TX | NETIF_F_GSO_PARTIAL;
const int RB_NETREG_REGISTERED = NETREG_REGISTERED;
const int RB_CAP_NET_ADMIN = CAP_NET_ADMIN;
const int RB_ETH_MAX_MTU = ETH_MAX_MTU;
const unsigned long RB_NETDEV_CHANGENAME = NETDEV_CHANGENAME;
const unsigned long RB_NETDEV_UNREGISTER = NETDEV_UNREGISTER;
const int RB_NOTIFY_DONE = NOTIFY_DONE;
const int RB_NET_NAME_UNKNOWN = NET_NAME_UNKNOWN;
const int RB_NETDEV_TX_OK = NETDEV_TX_OK;
const unsigned int RB_IFF_SLAVE = IFF_SLAVE;
const unsigned long RB_NETDEV_CHANGEINFODATA = NETDEV_CHANGEINFODATA;
const unsigned long RB_NETDEV_REGISTER = NETDEV_REGISTER;
const int RB_NETREG_UNINITIALIZED = NETREG_UNINITIALIZED;
const int RB_NETREG_UNREGISTERING = NETREG_UNREGISTERING;
const int RB_NETREG_UNREGISTERED = NETREG_UNREGISTERED;
const int RB_NETREG_RELEASED = NETREG_RELEASED;
const int RB_NETREG_DUMMY = NETREG_DUMMY;
const int RB_DUPLEX_UNKNOWN = DUPLEX_UNKNOWN;
const int RB_SPEED_UNKNOWN = SPEED_UNKNOWN;
const int RB_PORT_OTHER = PORT_OTHER;
const int RB_BOND_ABI_VERSION = 2;
