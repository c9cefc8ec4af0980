#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Sends test frames through a bond and prints which slaves carried them.

Run inside the test VM. Frames are written to a packet socket on DEV
(the bond, or a VLAN device on it) and counted in the slaves' tx_packets.

  flows.py DEV SLAVES SET [COUNT]

SLAVES is a comma-separated list. SET is one of:
  hash    one line per flow: how many of COUNT frames each slave sent
  rr      the slave of each of COUNT frames, in order
  spread  whether COUNT frames reached every slave
  send    what sending one frame returns (SLAVES may be "-": none)
The process stays on CPU 0: balance-rr counts packets per CPU.
"""

import os
import socket
import struct
import sys

MAC_PEER = bytes.fromhex("020000000002")


def mac(n):
    return bytes([0x02, 0, 0, 0, n >> 8 & 0xFF, n & 0xFF])


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def eth(dst, src, proto, payload):
    return dst + src + struct.pack("!H", proto) + payload


def ipv4(src, dst, proto, payload, frag=0x4000):
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 1, frag, 64,
                      proto, 0, socket.inet_aton(src), socket.inet_aton(dst))
    hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
    return hdr + payload


def ipv6(src, dst, nexthdr, payload, label=0):
    return (struct.pack("!IHBB", 0x60000000 | label, len(payload), nexthdr, 64)
            + socket.inet_pton(socket.AF_INET6, src)
            + socket.inet_pton(socket.AF_INET6, dst) + payload)


def l4(sport, dport):
    return struct.pack("!HH", sport, dport) + bytes(16)


def icmp(typ, ident, payload=b""):
    return struct.pack("!BBHHH", typ, 0, 0, ident, 1) + payload


def gre(proto, payload):
    return struct.pack("!HH", 0, proto) + payload


def flows():
    """(name, frame) pairs covering what the hash policies look at."""
    a, b = "192.0.2.1", "192.0.2.2"
    f = []
    for i in range(8):
        f.append(("mac-%d" % i, eth(MAC_PEER, mac(0x10 + i), 0x0800,
                                    ipv4(a, b, 17, l4(1000, 2000)))))
    for i in range(8):
        f.append(("ip4-dst-%d" % i, eth(MAC_PEER, mac(1), 0x0800,
                                        ipv4(a, "198.51.100.%d" % (i + 1), 17, l4(1000, 2000)))))
    for i in range(8):
        f.append(("tcp4-port-%d" % i, eth(MAC_PEER, mac(1), 0x0800,
                                          ipv4(a, b, 6, l4(40000 + 7 * i, 80)))))
    for i in range(6):
        f.append(("udp6-port-%d" % i, eth(MAC_PEER, mac(1), 0x86DD,
                                          ipv6("2001:db8::1", "2001:db8::2", 17, l4(5000 + i, 53)))))
    for i in range(4):
        f.append(("ip6-dst-%d" % i, eth(MAC_PEER, mac(1), 0x86DD,
                                        ipv6("2001:db8::1", "2001:db8::%x" % (i + 16), 6, l4(5000, 443)))))
    for i in range(4):
        f.append(("frag4-%d" % i, eth(MAC_PEER, mac(1), 0x0800,
                                      ipv4(a, b, 17, l4(3000 + i, 53), frag=0x2000 if i % 2 else 0x0010))))
    for i in range(4):
        f.append(("icmp-echo-%d" % i, eth(MAC_PEER, mac(1), 0x0800,
                                          ipv4(a, b, 1, icmp(8, 0x100 + i)))))
    quoted = ipv4(b, a, 6, l4(40000, 80))
    for i in range(2):
        f.append(("icmp-err-%d" % i, eth(MAC_PEER, mac(1), 0x0800,
                                         ipv4("198.51.100.%d" % (9 + i), a, 1, icmp(3, 0, quoted)))))
    for i in range(4):
        inner = ipv4("10.0.0.1", "10.0.%d.2" % i, 6, l4(1000 + i, 80))
        f.append(("gre-%d" % i, eth(MAC_PEER, mac(1), 0x0800, ipv4(a, b, 47, gre(0x0800, inner)))))
    for i in range(4):
        inner = eth(mac(0x40 + i), mac(0x50), 0x0800, ipv4("10.1.0.1", "10.1.0.%d" % (i + 2), 17, l4(7, 7 + i)))
        f.append(("gretap-%d" % i, eth(MAC_PEER, mac(1), 0x0800, ipv4(a, b, 47, gre(0x6558, inner)))))
    for i in range(4):
        inner = ipv4("10.2.%d.1" % i, "10.2.0.2", 17, l4(1000, 1000 + i))
        f.append(("ipip-%d" % i, eth(MAC_PEER, mac(1), 0x0800, ipv4(a, b, 4, inner))))
    for i in range(2):
        inner = ipv6("2001:db8::1", "2001:db8:%x::2" % i, 17, l4(1, 2))
        f.append(("sit-%d" % i, eth(MAC_PEER, mac(1), 0x0800, ipv4(a, b, 41, inner))))
    for i in range(4):
        tag = struct.pack("!HH", 100 + i, 0x0800)
        f.append(("inband-vlan-%d" % i, eth(MAC_PEER, mac(1), 0x8100,
                                            tag + ipv4(a, b, 17, l4(1000, 2000 + i)))))
    f.append(("arp", eth(b"\xff" * 6, mac(1), 0x0806, bytes(28))))
    return f


def counters(slaves):
    out = []
    for s in slaves:
        with open("/sys/class/net/%s/statistics/tx_packets" % s) as fh:
            out.append(int(fh.read()))
    return out


def main():
    dev, what = sys.argv[1], sys.argv[3]
    slaves = [] if sys.argv[2] == "-" else sys.argv[2].split(",")
    count = int(sys.argv[4]) if len(sys.argv) > 4 else 4
    os.sched_setaffinity(0, {0})
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0)
    sock.bind((dev, 0))
    if what == "hash":
        for name, frame in flows():
            before = counters(slaves)
            for _ in range(count):
                sock.send(frame)
            after = counters(slaves)
            got = " ".join("%s=%d" % (s, y - x) for s, x, y in zip(slaves, before, after))
            print("%s: %s" % (name, got))
    elif what == "rr":
        frame = flows()[0][1]
        seq = []
        for _ in range(count):
            before = counters(slaves)
            sock.send(frame)
            after = counters(slaves)
            seq.append("+".join(s for s, x, y in zip(slaves, before, after) if y > x) or "-")
        print("rr: " + " ".join(seq))
    elif what == "spread":
        frame = flows()[0][1]
        before = counters(slaves)
        for _ in range(count):
            sock.send(frame)
        after = counters(slaves)
        used = all(y > x for x, y in zip(before, after))
        print("every slave used: %s, frames sent: %d" % ("yes" if used else "no",
                                                          sum(after) - sum(before)))
    elif what == "send":
        try:
            sock.send(flows()[0][1])
            print("send: ok")
        except OSError as e:
            print("send: " + os.strerror(e.errno))
    else:
        sys.exit("unknown set " + what)


if __name__ == "__main__":
    main()
