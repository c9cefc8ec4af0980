#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# smp: runs with both vCPUs online (guest.sh)
# Reliability: for a minute, at once, an active-backup bond over three veth
# slaves has slaves released and enslaved again, its options written
# (miimon, primary, primary_reselect, a mode change its slaves forbid), its
# slaves' peers flapped, and pings flowing through it as fast as they are
# answered. Then the bond must work again (every slave back, a ping
# answered) and the module must unload while pings still flow. What happens
# during the minute is random; only the end is printed and compared, and
# each loop must have got through at least once. The harness's dmesg and
# kmemleak scans judge the rest.
. "$RB_TESTING/lib.sh"
. "$RB_TESTING/peer.sh"

B=/sys/class/net/bond0/bonding
SECS=${RB_STRESS_SECONDS:-60}
count=/tmp/stress.$$
peer_setup 3
load mode=active-backup miimon=50 >/dev/null
ip addr add 192.0.2.1/24 dev bond0
ip link set bond0 up
for s in a0 a1 a2; do echo "+$s" >$B/slaves; done

# One loop: runs "$@" until the minute is over, counting the rounds in
# which every write of it succeeded.
loop() {
	local name=$1 end=$((SECONDS + SECS)) ok=0
	shift
	while [ $SECONDS -lt $end ]; do
		"$@" 2>/dev/null && ok=$((ok + 1))
	done
	echo "$name $ok" >>"$count"
}
churn() {
	local s=a$((RANDOM % 3))
	echo "-$s" >$B/slaves && echo "+$s" >$B/slaves
}
options() {
	echo $((RANDOM % 2 * 50 + 50)) >$B/miimon &&
		echo "a$((RANDOM % 3))" >$B/primary &&
		echo "$([ $((RANDOM % 2)) = 0 ] && echo always || echo failure)" >$B/primary_reselect &&
		{ ! echo balance-xor >$B/mode; }
}
flap() {
	local p=b$((RANDOM % 3))
	ip -n peer link set "$p" down && ip -n peer link set "$p" up
}

: >"$count"
ping -i 0.002 -w "$SECS" -q 192.0.2.2 >/tmp/stress-ping.$$ 2>&1 &
pinger=$!
loops=()
for l in churn options flap; do
	loop $l $l &
	loops+=($!)
done
wait "${loops[@]}" "$pinger"
sed -n 's/^\([0-9]*\) packets transmitted, \([0-9]*\) received.*/pings \2/p' /tmp/stress-ping.$$ >>"$count"
kmsg >/dev/null
while read -r what n; do
	[ "$n" -gt 0 ] || unmet "$what: no round got through in $SECS s"
done <"$count"
[ "$(wc -l <"$count")" = 4 ] || unmet "a loop did not report"

echo "=== after the stress"
for p in b0 b1 b2; do ip -n peer link set "$p" up; done
for s in a0 a1 a2; do [ -e /sys/class/net/$s/master ] || echo "+$s" >$B/slaves; done
echo a0 >$B/primary
echo always >$B/primary_reselect
echo 100 >$B/miimon
# Which slave the churn released last is random, and with it their order.
read -ra slaves <$B/slaves
echo "slaves: $(printf '%s\n' "${slaves[@]}" | sort | paste -sd ' ')"
[ ${#slaves[@]} = 3 ] || unmet "not every slave is back"
i=0
until ping -c 1 -W 1 -q 192.0.2.2 >/dev/null 2>&1 || [ $i -ge 10 ]; do sleep 0.5; i=$((i + 1)); done
i=0
until read -r active <$B/active_slave && [ "$active" = a0 ] || [ $i -ge 20 ]; do sleep 0.2; i=$((i + 1)); done
echo "active slave: $active"
if ping -c 3 -i 0.2 -W 1 -q 192.0.2.2 >/dev/null 2>&1; then
	echo "ping: ok"
else
	unmet "ping after the stress: no reply"
fi
kmsg >/dev/null

echo "=== unload with pings flowing"
ping -i 0.005 -w 5 -q 192.0.2.2 >/dev/null 2>&1 &
pinger=$!
sleep 1
unload >/tmp/stress-unload.$$
head -n 1 /tmp/stress-unload.$$
wait "$pinger"
[ ! -d "/sys/module/$DRV" ] || unmet "$DRV still loaded"
rm -f "$count" /tmp/stress-ping.$$ /tmp/stress-unload.$$
