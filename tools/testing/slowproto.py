#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Sends one slow-protocol frame (ethertype 0x8809) out of DEV and, for a
marker, prints the marker response that comes back.

Run inside the test VM, in the namespace of the bond's link partner.

  slowproto.py DEV KIND

KIND is one of:
  marker           a marker information PDU; waits 2 s for the response
  marker-response  a marker response PDU
  marker-unknown   a marker PDU of an unknown TLV type
  short            a LACPDU cut to 24 bytes
  unknown          a slow-protocol PDU of an unknown subtype
"""

import select
import socket
import struct
import sys
import time

SLOW = 0x8809
DST = bytes.fromhex("0180c2000002")


def main():
    dev, kind = sys.argv[1], sys.argv[2]
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(SLOW))
    s.bind((dev, 0))
    with open("/sys/class/net/%s/address" % dev) as f:
        src = bytes.fromhex(f.read().strip().replace(":", ""))

    def marker(tlv):
        return (bytes([2, 1, tlv, 0x16]) + struct.pack("!H", 7) + src +
                struct.pack("!I", 0x01020304) + bytes(2 + 2 + 90))

    pdus = {
        "marker": marker(1),
        "marker-response": marker(2),
        "marker-unknown": marker(9),
        "short": bytes([1, 1, 1, 20]) + bytes(20),
        "unknown": bytes([0x0A]) + bytes(109),
    }
    s.send(DST + src + struct.pack("!H", SLOW) + pdus[kind])
    print("sent %s on %s" % (kind, dev))
    if kind != "marker":
        return 0
    end = time.monotonic() + 2
    while time.monotonic() < end:
        r, _, _ = select.select([s], [], [], max(0.0, end - time.monotonic()))
        if not r:
            break
        data, addr = s.recvfrom(2048)
        if addr[2] == socket.PACKET_OUTGOING or len(data) < 14 + 110:
            continue
        pdu = data[14:]
        if pdu[0] != 2:
            continue
        port, = struct.unpack("!H", pdu[4:6])
        tid, = struct.unpack("!I", pdu[12:16])
        print("marker response from %s: length %d, tlv %d, requester port %d, "
              "system %s, transaction %#x" %
              (data[6:12].hex(":"), len(pdu), pdu[2], port, pdu[6:12].hex(":"), tid))
        return 0
    print("no marker response")
    return 1


if __name__ == "__main__":
    sys.exit(main())
