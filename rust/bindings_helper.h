/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The C API rbonding uses that the 6.12 `kernel` crate does not bind.
 * Kbuild runs bindgen on this header at build time.
 */

#include <linux/capability.h>
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/if_arp.h>
#include <linux/if_packet.h>
#include <linux/if_vlan.h>
#include <linux/kobject.h>
#include <linux/net_tstamp.h>
#include <linux/namei.h>
#include <linux/netdevice.h>
#include <linux/proc_fs.h>
#include <linux/rtnetlink.h>
#include <linux/seq_file.h>
#include <linux/sysfs.h>
#include <linux/workqueue.h>
#include <net/flow_dissector.h>
#include <net/net_namespace.h>
#include <net/netlink.h>
#include <net/rtnetlink.h>
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
const unsigned int RB_IFF_PROMISC = IFF_PROMISC;
const unsigned int RB_IFF_ALLMULTI = IFF_ALLMULTI;
const unsigned long long RB_IFF_NO_ADDRCONF = IFF_NO_ADDRCONF;
const unsigned long long RB_IFF_DISABLE_NETPOLL = IFF_DISABLE_NETPOLL;
const unsigned long long RB_NETIF_F_VLAN_CHALLENGED = NETIF_F_VLAN_CHALLENGED;
const unsigned long long RB_NETIF_F_LRO = NETIF_F_LRO;
const unsigned short RB_ARPHRD_ETHER = ARPHRD_ETHER;
const unsigned short RB_ARPHRD_CAN = ARPHRD_CAN;
const unsigned short RB_ARPHRD_INFINIBAND = ARPHRD_INFINIBAND;
const unsigned int RB_IFF_POINTOPOINT = IFF_POINTOPOINT;
const unsigned int RB_IFF_NOARP = IFF_NOARP;
const unsigned int RB_IFF_BROADCAST = IFF_BROADCAST;
const unsigned int RB_IFF_MULTICAST = IFF_MULTICAST;
const unsigned char RB_NET_ADDR_RANDOM = NET_ADDR_RANDOM;
const unsigned char RB_NET_ADDR_STOLEN = NET_ADDR_STOLEN;
const int RB_RX_HANDLER_CONSUMED = RX_HANDLER_CONSUMED;
const int RB_RX_HANDLER_ANOTHER = RX_HANDLER_ANOTHER;
const int RB_RX_HANDLER_EXACT = RX_HANDLER_EXACT;
const int RB_RX_HANDLER_PASS = RX_HANDLER_PASS;
const unsigned int RB_PACKET_BROADCAST = PACKET_BROADCAST;
const unsigned int RB_PACKET_MULTICAST = PACKET_MULTICAST;
const int RB_NETDEV_LAG_TX_TYPE_ACTIVEBACKUP = NETDEV_LAG_TX_TYPE_ACTIVEBACKUP;
const int RB_NETDEV_LAG_HASH_NONE = NETDEV_LAG_HASH_NONE;
const unsigned long RB_NETDEV_UP = NETDEV_UP;
const unsigned long RB_NETDEV_DOWN = NETDEV_DOWN;
const unsigned long RB_NETDEV_CHANGE = NETDEV_CHANGE;
const unsigned long RB_NETDEV_CHANGEADDR = NETDEV_CHANGEADDR;
const unsigned long RB_NETDEV_FEAT_CHANGE = NETDEV_FEAT_CHANGE;
const unsigned long RB_NETDEV_JOIN = NETDEV_JOIN;
const unsigned long RB_NETDEV_RELEASE = NETDEV_RELEASE;
const unsigned long RB_NETDEV_NOTIFY_PEERS = NETDEV_NOTIFY_PEERS;
const unsigned long RB_NETDEV_BONDING_FAILOVER = NETDEV_BONDING_FAILOVER;
const unsigned long RB_NETDEV_RESEND_IGMP = NETDEV_RESEND_IGMP;
const unsigned long RB_NETDEV_PRE_TYPE_CHANGE = NETDEV_PRE_TYPE_CHANGE;
const unsigned long RB_NETDEV_POST_TYPE_CHANGE = NETDEV_POST_TYPE_CHANGE;
const unsigned long RB_HZ = HZ;
const gfp_t RB_GFP_ATOMIC = GFP_ATOMIC;
const int RB_NETDEV_LAG_TX_TYPE_ROUNDROBIN = NETDEV_LAG_TX_TYPE_ROUNDROBIN;
const int RB_NETDEV_LAG_TX_TYPE_BROADCAST = NETDEV_LAG_TX_TYPE_BROADCAST;
const int RB_NETDEV_LAG_TX_TYPE_HASH = NETDEV_LAG_TX_TYPE_HASH;
const int RB_NETDEV_LAG_TX_TYPE_UNKNOWN = NETDEV_LAG_TX_TYPE_UNKNOWN;
const int RB_NETDEV_LAG_HASH_L2 = NETDEV_LAG_HASH_L2;
const int RB_NETDEV_LAG_HASH_L34 = NETDEV_LAG_HASH_L34;
const int RB_NETDEV_LAG_HASH_L23 = NETDEV_LAG_HASH_L23;
const int RB_NETDEV_LAG_HASH_E23 = NETDEV_LAG_HASH_E23;
const int RB_NETDEV_LAG_HASH_E34 = NETDEV_LAG_HASH_E34;
const int RB_NETDEV_LAG_HASH_VLAN_SRCMAC = NETDEV_LAG_HASH_VLAN_SRCMAC;
const int RB_NETDEV_LAG_HASH_UNKNOWN = NETDEV_LAG_HASH_UNKNOWN;
const unsigned short RB_ETH_P_IP = ETH_P_IP;
const int RB_NET_XMIT_DROP = NET_XMIT_DROP;
const unsigned int RB_FLOW_KEY_CONTROL = FLOW_DISSECTOR_KEY_CONTROL;
const unsigned int RB_FLOW_KEY_BASIC = FLOW_DISSECTOR_KEY_BASIC;
const unsigned int RB_FLOW_KEY_IPV4_ADDRS = FLOW_DISSECTOR_KEY_IPV4_ADDRS;
const unsigned int RB_FLOW_KEY_IPV6_ADDRS = FLOW_DISSECTOR_KEY_IPV6_ADDRS;
const unsigned int RB_FLOW_KEY_TIPC = FLOW_DISSECTOR_KEY_TIPC;
const unsigned int RB_FLOW_KEY_PORTS = FLOW_DISSECTOR_KEY_PORTS;
const unsigned int RB_FLOW_KEY_ICMP = FLOW_DISSECTOR_KEY_ICMP;
const unsigned int RB_FLOW_KEY_VLAN = FLOW_DISSECTOR_KEY_VLAN;
const unsigned int RB_FLOW_KEY_FLOW_LABEL = FLOW_DISSECTOR_KEY_FLOW_LABEL;
const unsigned int RB_FLOW_KEY_GRE_KEYID = FLOW_DISSECTOR_KEY_GRE_KEYID;
const unsigned int RB_SOF_TIMESTAMPING_TX_SOFTWARE = SOF_TIMESTAMPING_TX_SOFTWARE;
const int RB_NLA_U8 = NLA_U8;
const int RB_NLA_U16 = NLA_U16;
const int RB_NLA_U32 = NLA_U32;
const int RB_NLA_S32 = NLA_S32;
const int RB_NLA_NESTED = NLA_NESTED;
const int RB_NLA_BINARY = NLA_BINARY;
const int RB_NLA_VALIDATE_RANGE_PTR = NLA_VALIDATE_RANGE_PTR;
const unsigned int RB_IFLA_BOND_MAX = IFLA_BOND_MAX;
const unsigned int RB_IFLA_BOND_SLAVE_MAX = IFLA_BOND_SLAVE_MAX;
const unsigned short RB_IFLA_ADDRESS = IFLA_ADDRESS;
