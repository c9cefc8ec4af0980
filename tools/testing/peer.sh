# SPDX-License-Identifier: GPL-2.0
# Sourced inside the test VM. `peer_setup N` makes a namespace "peer" with a
# bridge br0 at 192.0.2.2/24 and N veth pairs: a0.. here, b0.. bridge ports
# there. The bridge has a fixed address: it would otherwise take its lowest
# port's, which changes when a port goes and leaves neighbours stale.
# Every device has a fixed address from the documentation range
# (00:00:5e:00:53:xx; a0 is ...:a0, b0 ...:b0), which the comparison of
# outputs leaves unmasked.
peer_setup() {
	local i=0
	ip netns add peer
	ip -n peer link add br0 address 00:00:5e:00:53:02 type bridge
	while [ $i -lt "$1" ]; do
		ip link add a$i address 00:00:5e:00:53:a$i type veth \
			peer name b$i address 00:00:5e:00:53:b$i netns peer
		ip -n peer link set b$i master br0 up
		i=$((i + 1))
	done
	ip -n peer addr add 192.0.2.2/24 dev br0
	ip -n peer link set br0 up
}
