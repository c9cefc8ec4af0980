#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# What rtnetlink listeners see of a bond: the RTM_NEWLINK/RTM_DELLINK
# notifications and their IFLA_EVENT (failover, notify peers, option
# changes through sysfs and netlink, enslave, release, delete) as a raw
# listener and `ip monitor link` print them, and the extended statistics
# (`ip stats ... group xstats[_slave]`) of active-backup and 802.3ad bonds
# and their slaves. `ip link xstats type bond` is not used: iproute2 6.1
# aborts in it ("stack smashing detected") with either driver.
#
# The bond's own notifications are compared in order. Those about slaves
# (lower-state changes among them) are compared per slave as the distinct
# states in the order first seen: rbonding sends one lower-state
# notification per slave and change, in slave order, where bonding.ko may
# send up to three, the old active slave's first.
. "$RB_TESTING/lib.sh"
. "$RB_TESTING/peer.sh"

PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
ev=/tmp/link_events.$$
mon=/tmp/link_monitor.$$

# A listener on RTMGRP_LINK: one line per notification about a device
# whose name starts with "a" or "bond" (message type, name, flags, master,
# IFLA_EVENT), until it is killed.
listen() {
	"$PY" -u - <<'EOF' &
import socket, struct

EVENTS = ["NONE", "REBOOT", "FEATURES", "BONDING_FAILOVER", "NOTIFY_PEERS",
          "IGMP_RESEND", "BONDING_OPTIONS"]
FLAGS = [(0x1, "UP"), (0x800, "SLAVE"), (0x400, "MASTER"), (0x10000, "LOWER_UP")]
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
s.bind((0, 1))
names = {}
print("ready", flush=True)
while True:
    data = s.recv(1 << 16)
    off = 0
    while off + 16 <= len(data):
        ln, typ = struct.unpack_from("IH", data, off)
        if typ in (16, 17):
            _, _, _, index, flags, _ = struct.unpack_from("BBHiII", data, off + 16)
            a = off + 32
            attrs = {}
            while a + 4 <= off + ln:
                alen, kind = struct.unpack_from("HH", data, a)
                if alen < 4:
                    break
                attrs[kind & 0x3FFF] = data[a + 4:a + alen]
                a += (alen + 3) & ~3
            name = attrs.get(3, b"?").rstrip(b"\0").decode()
            names[index] = name
            if name.startswith(("a", "bond")):
                f = ",".join(n for bit, n in FLAGS if flags & bit) or "-"
                line = "%s %s <%s>" % ("NEWLINK" if typ == 16 else "DELLINK", name, f)
                if 10 in attrs:
                    m = struct.unpack("I", attrs[10][:4])[0]
                    try:
                        line += " master " + socket.if_indextoname(m)
                    except OSError:
                        line += " master " + names.get(m, "?")
                if 44 in attrs:
                    e = struct.unpack("I", attrs[44][:4])[0]
                    line += " event " + (EVENTS[e] if e < len(EVENTS) else str(e))
                print(line, flush=True)
        off += (ln + 3) & ~3
EOF
	LISTENER=$!
	ip monitor link >"$mon" 2>&1 &
	MONITOR=$!
}

# Stops both listeners and prints what they saw in this phase: the raw
# listener's lines, then the `ip monitor` lines that name an event, with
# the ifindex dropped.
collect() {
	sleep 1.5
	kill "$LISTENER" "$MONITOR"
	wait "$LISTENER" "$MONITOR" 2>/dev/null
	echo "--- notifications about the bond: $1"
	sed -n '/^ready$/d; /^[A-Z]* bond/s/^/  /p' "$ev"
	echo "--- notifications about slaves, distinct states per slave: $1"
	sed -n '/^[A-Z]* a/s/^/  /p' "$ev" | awk '!seen[$0]++' | sort -s -k2,2
	echo "--- ip monitor link, lines with an event: $1"
	grep -E 'event|Deleted' "$mon" | sed -E 's/^(Deleted )?[0-9]+: /\1/; s/@if[0-9]+//; s/ state [A-Z_]+//; s/^/  /'
	kmsg
}

phase() {
	listen >"$ev"
	until grep -q '^ready$' "$ev"; do sleep 0.1; done
	sleep 0.3
}

load max_bonds=0
peer_setup 2
ip link add bond0 type bond mode active-backup miimon 100 num_grat_arp 1
kmsg

phase
ip link set a0 master bond0
ip link set a1 master bond0
ip link set bond0 up
sleep 1
collect "enslave a0 a1, bond up"

phase
echo a1 >/sys/class/net/bond0/bonding/active_slave
sleep 0.5
collect "active_slave a1 through sysfs"

phase
echo 200 >/sys/class/net/bond0/bonding/miimon
collect "miimon 200 through sysfs"

phase
ip link set bond0 type bond miimon 300
collect "miimon 300 through netlink"

phase
ip link set bond0 type bond active_slave a0
collect "active_slave a0 through netlink"

phase
ip -n peer link set b0 down
sleep 1
collect "link of the active slave a0 lost"

phase
ip -n peer link set b0 up
sleep 1
collect "a0 back"

echo "=== extended statistics"
# Runs a command and prints its output without ifindexes; its rc.
noidx() {
	local out rc
	out=$("$@" 2>&1)
	rc=$?
	sed -E 's/^[0-9]+: //; s/"ifindex":[0-9]+,//g' <<<"$out"
	return $rc
}
try noidx ip stats show dev bond0 group xstats
try noidx ip stats show dev a0 group xstats_slave
try noidx ip -j stats show dev bond0 group xstats subgroup bond
ip link add bond1 type bond mode 802.3ad
kmsg
try noidx ip stats show dev bond1 group xstats subgroup bond
try noidx ip stats show dev bond1 group xstats subgroup bond suite 802.3ad
try noidx ip -j stats show dev bond1 group xstats subgroup bond
try noidx ip stats show group xstats subgroup bond
ip link del bond1
kmsg

phase
ip link set a1 nomaster
collect "release a1 through netlink"

phase
echo -a0 >/sys/class/net/bond0/bonding/slaves
collect "release a0 through sysfs"

phase
ip link del bond0
collect "delete bond0"

rm -f "$ev" "$mon"
ip netns del peer
unload
