#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# rtnetlink link kind "bond" through iproute2: creating a bond with options
# (ip link add type bond), changing them (ip link set type bond), what
# fill_info reports (ip -d [-j] link show), the errors for bad values (policy,
# option tables, mode dependencies, bond up, changelink stopping at the first
# error without rollback), values iproute2 cannot send (raw RTM_NEWLINK),
# enslaving and releasing through IFLA_MASTER (master / nomaster, moving a
# slave to another bond, the errors), slave options (type bond_slave),
# deleting bonds, a bond in another namespace, an 802.3ad bond.
. "$RB_TESTING/lib.sh"
. "$RB_TESTING/peer.sh"

PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

# For each device named: info_kind (and info_slave_kind, master), then the
# keys of linkinfo info_data and info_slave_data of `ip -d -j link show`,
# sorted, one key=value a line (lists joined by commas, nested objects as
# key.subkey=value).
details() {
	ip -d -j link show | "$PY" -c '
import json, sys

links = {l["ifname"]: l for l in json.load(sys.stdin)}

def fmt(v):
    if v is None:
        return "null"
    if isinstance(v, list):
        return ",".join(fmt(x) for x in v)
    return str(v)

def show(prefix, data):
    for k in sorted(data):
        if isinstance(data[k], dict):
            show(prefix + k + ".", data[k])
        else:
            print("  %s%s=%s" % (prefix, k, fmt(data[k])))

for name in sys.argv[1:]:
    link = links.get(name)
    if link is None:
        print("%s: absent" % name)
        continue
    info = link.get("linkinfo", {})
    head = ["info_kind=%s" % info.get("info_kind", "-")]
    if "info_slave_kind" in info:
        head.append("info_slave_kind=%s" % info["info_slave_kind"])
    if "master" in link:
        head.append("master=%s" % link["master"])
    print("%s: %s" % (name, " ".join(head)))
    show("", info.get("info_data", {}))
    show("", info.get("info_slave_data", {}))
' "$@"
}

# `ip -d link show` text without the ifindex and the operstate (linkwatch
# sets it asynchronously).
details_text() {
	ip -d link show "$1" | sed -E '1s/^[0-9]+: //; 1s/ state [A-Z_]+//'
}

# RTM_NEWLINK requests on bond $1 with one IFLA_BOND_* attribute each, of
# values or sizes iproute2 does not send; prints errno and extack message.
raw_changelink() {
	"$PY" - "$1" <<'EOF'
import errno, socket, struct, sys

def attr(kind, payload):
    n = 4 + len(payload)
    return struct.pack("HH", n, kind) + payload + bytes((4 - n % 4) % 4)

def u8(v):
    return struct.pack("B", v)

def u32(v):
    return struct.pack("I", v)

big = 0x7FFFFFFF
cases = [
    ("mode u8 9", 1, u8(9)),
    ("mode u32 1 (wrong size)", 1, u32(1)),
    ("use_carrier 2", 6, u8(2)),
    ("arp_validate 7", 9, u32(7)),
    ("arp_all_targets 2", 10, u32(2)),
    ("primary_reselect 3", 12, u8(3)),
    ("fail_over_mac 3", 13, u8(3)),
    ("xmit_hash_policy 6", 14, u8(6)),
    ("resend_igmp 256", 15, u32(256)),
    ("all_slaves_active 2", 17, u8(2)),
    ("lp_interval 0", 19, u32(0)),
    ("ad_lacp_active 1", 29, u8(1)),
    ("coupled_control 0", 32, u8(0)),
    ("active_slave ifindex %d" % big, 2, u32(big)),
    ("primary ifindex %d" % big, 11, u32(big)),
    ("ad_actor_system 4 bytes", 26, bytes(4)),
    ("ad_actor_system 8 bytes", 26, bytes(8)),
    ("peer_notif_delay 300001", 28, u32(300001)),
    ("arp_ip_target entry of 2 bytes", 8, attr(0, bytes(2))),
    ("ns_ip6_target entry of 4 bytes", 31, attr(0, bytes(4))),
    ("attribute 40 (unknown)", 40, u32(1)),
]

s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
s.setsockopt(270, 11, 1)  # SOL_NETLINK, NETLINK_EXT_ACK
index = socket.if_nametoindex(sys.argv[1])
for seq, (label, kind, payload) in enumerate(cases, 1):
    info = attr(1, b"bond\0") + attr(2, attr(kind, payload))
    body = struct.pack("BxHiII", 0, 0, index, 0, 0) + attr(18, info)
    s.send(struct.pack("IHHII", 16 + len(body), 16, 5, seq, 0) + body)
    reply = s.recv(65536)
    _, typ, flags, _, _ = struct.unpack_from("IHHII", reply)
    err = struct.unpack_from("i", reply, 16)[0] if typ == 2 else 0
    msg = ""
    if flags & 0x200:  # NLM_F_ACK_TLVS
        off = 20 + (16 if flags & 0x100 else struct.unpack_from("I", reply, 20)[0])
        while off + 4 <= len(reply):
            n, t = struct.unpack_from("HH", reply, off)
            if n < 4:
                break
            if t == 1:  # NLMSGERR_ATTR_MSG
                msg = reply[off + 4:off + n].rstrip(b"\0").decode()
            off += (n + 3) & ~3
    res = errno.errorcode.get(-err, str(err)) if err else "ok"
    print("  raw %s -> %s%s" % (label, res, " (%s)" % msg if msg else ""))
EOF
	echo "raw -> rc=$?"
	kmsg
}

# Two pings to the peer: answered or not.
ping_peer() {
	local got=ok
	ping -c 2 -i 0.2 -W 1 -q 192.0.2.2 >/dev/null 2>&1 || got="no reply"
	echo "ping: $got"
	[ "$got" = ok ] || unmet "ping: $got"
}

B=/sys/class/net/bond0/bonding

echo "=== create"
load max_bonds=0
masters
try ip link add bond0 type bond mode active-backup miimon 100 primary_reselect better
masters
show_sysfs bond0
show_proc bond0
details bond0
details_text bond0
echo "--- no name: the kernel picks bond%d"
try ip link add type bond
masters
try ip link del bond1
masters

echo "=== bad values"
echo "--- refused by iproute2 or by the policy"
try ip link set bond0 type bond mode 9
try ip link set bond0 type bond primary nosuchdev
try ip link set bond0 type bond miimon 2147483648
try ip link set bond0 type bond arp_missed_max 0
try ip link set bond0 type bond peer_notify_delay 400000
echo "--- options that need the bond down"
try ip link set bond0 up
try ip link set bond0 type bond mode balance-rr
try ip link set bond0 type bond ad_select count
try ip link set bond0 down
echo "--- options of other modes"
try ip link set bond0 type bond lacp_rate fast
try ip link set bond0 type bond ad_actor_system 01:00:00:00:00:01
try ip link set bond0 type bond packets_per_slave 3
try ip link set bond0 type bond tlb_dynamic_lb 0
try ip link set bond0 type bond xmit_hash_policy layer3+4
echo "--- changelink stops at the first error, keeping what it set before"
try ip link set bond0 type bond miimon 100 arp_validate active
try ip link set bond0 type bond miimon 200 arp_interval 100
try ip link set bond0 type bond downdelay 300 lacp_rate fast
try ip link set bond0 type bond mode balance-rr packets_per_slave 3
try ip link set bond0 type bond mode active-backup
details bond0
echo "--- delays are multiples of miimon"
try ip link set bond0 type bond miimon 100
try ip link set bond0 type bond updelay 50
try ip link set bond0 type bond updelay 250 peer_notify_delay 300
details bond0
echo "--- ARP and NS targets"
try ip link set bond0 type bond arp_interval 100 arp_ip_target 192.0.2.9
details bond0
try ip link set bond0 type bond arp_ip_target 192.0.2.10,255.255.255.255
try ip link set bond0 type bond arp_ip_target 192.0.2.11,192.0.2.11
try ip link set bond0 type bond ns_ip6_target 2001:db8::1,ff02::1
details bond0
try ip link set bond0 type bond arp_ip_target
try ip link set bond0 type bond miimon 100 updelay 0 downdelay 0 peer_notify_delay 0
details bond0
echo "--- values iproute2 cannot send"
try ip link set bond0 type bond arp_ip_target 192.0.2.9
try ip link set bond0 type bond primary lo
IFS= read -r v <$B/primary; echo "primary (sysfs): $v"
raw_changelink bond0
IFS= read -r v <$B/primary; echo "primary (sysfs): $v"
details bond0
echo "--- creating"
try ip link add bond1 type bond mode 99
try ip link add bond1 type bond address 01:02:03:04:05:06
try ip link add bond1 type bond miimon 100 arp_interval 100
try ip link add bond0 type bond
masters
show_sysfs bond0
show_proc bond0

echo "=== enslave through netlink"
peer_setup 2
kmsg >/dev/null
try ip link set bond0 type bond primary a0
IFS= read -r v <$B/primary; echo "primary (sysfs): $v"
ip link set a0 up
try ip link set a0 master bond0
ip link set a0 down
try ip link set a0 master bond0
try ip link set a1 master bond0
try ip link set a0 master bond0
ip addr add 192.0.2.1/24 dev bond0
ip link set bond0 up
echo "bond0 up -> rc=$?"
sleep 1
kmsg
show_proc bond0
ping_peer
details bond0 a0 a1
details_text a0
echo "--- active_slave"
try ip link set bond0 type bond active_slave a1
try ip link set bond0 type bond active_slave lo
details bond0 a0 a1
try ip link set bond0 type bond clear_active_slave
details bond0 a0 a1
echo "--- slave options"
try ip link set a1 type bond_slave queue_id 2
try ip link set a0 type bond_slave queue_id 2
try ip link set a0 type bond_slave queue_id 17
try ip link set a0 type bond_slave prio 10
details a0 a1
show_proc bond0
echo "--- errors"
try ip link set bond0 master bond0
try ip link set lo master bond0
try ip link set nosuch master bond0
echo "--- a slave moves to another bond"
try ip link add bond1 type bond
try ip link set a1 master bond1
links a1
details bond0 bond1 a1
show_proc bond0
show_proc bond1
try ip link del bond1
links a1
masters
echo "--- nomaster"
try ip link set a0 nomaster
try ip link set a0 nomaster
links a0
details bond0 a0
show_proc bond0

echo "=== delete, a bond in another namespace"
try ip link set a0 master bond0
try ip link del bond0
links a0
masters
ip netns add nsb
try ip -n nsb link add bondn type bond mode 1
ip netns exec nsb cat /sys/class/net/bonding_masters
ip netns exec nsb ls /proc/net/bonding
masters
ip netns del nsb
# Namespaces die asynchronously: wait for the bond's teardown message.
for _ in $(seq 100); do dmesg | grep -q 'bondn (unregistering)' && break; sleep 0.2; done
kmsg
masters
unload

echo "=== 802.3ad with options"
load max_bonds=0
try ip link add bond0 type bond mode 802.3ad miimon 100 lacp_rate fast ad_select bandwidth \
	xmit_hash_policy layer3+4 min_links 2 lacp_active on ad_actor_sys_prio 100 \
	ad_user_port_key 5 ad_actor_system 02:00:00:00:00:04
details bond0
details_text bond0
show_proc bond0
show_sysfs bond0
try ip link set bond0 type bond ad_actor_system 01:00:00:00:00:01
try ip link set bond0 type bond ad_actor_sys_prio 0
try ip link set bond0 type bond ad_user_port_key 1024
try ip link set bond0 type bond arp_interval 100
try ip link set bond0 type bond tlb_dynamic_lb 0
try ip link set bond0 type bond primary lo
details bond0
try ip link del bond0
masters
unload
