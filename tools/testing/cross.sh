#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# bonding.ko against rbonding.ko over LACP: the two cannot load in one
# kernel, so two guests boot, bonding.ko in guest a and rbonding.ko in
# guest b, linked by two QEMU socket NICs on 127.0.0.1 (a listens, b
# connects). Each makes an 802.3ad bond of its two NICs; both must
# aggregate, see the other as partner and ping it, and neither guest's
# kernel log may show a splat. Prints "PASS cross" or "FAIL cross" with
# the reasons, and "N passed, N failed" (one test) unless RB_SUMMARY=0;
# the counts also go to ${RB_RESULTS:-/tmp}/rbonding-cross-counts.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../scripts/lib.sh"

counts=${RB_RESULTS:-/tmp}/rbonding-cross-counts
echo "0 1" >"$counts"
rb_vm_ready || exit 1
work=$(mktemp -d /tmp/rbonding-cross.XXXXXX)
t0=$SECONDS

# Two free ports in a row for the sockets.
port=
for _ in $(seq 20); do
	p=$((20000 + RANDOM % 20000))
	if ! ss -Htln "sport = :$p or sport = :$((p + 1))" | grep -q .; then port=$p; break; fi
done
[ -n "$port" ] || { echo "FAIL cross: no free port"; exit 1; }

nics() {
	local mode=$1 prefix=$2 i o=
	for i in 0 1; do
		o="$o -netdev socket,id=x$i,$mode=127.0.0.1:$((port + i))"
		o="$o -device virtio-net-pci,netdev=x$i,mac=${prefix}$i"
	done
	echo "$o"
}

RB_VNG_CONSOLE=$work/a.console RB_VM_CPUS=1 RB_VNG_EXTRA="--qemu-opts=$(nics listen 00:00:5e:00:53:d)" \
	rb_vng "$work" "$here/cross-guest.sh" a bonding 00:00:5e:00:53:d 1 2 &
apid=$!
# b connects once a's QEMU listens.
for _ in $(seq 120); do
	ss -Htln "sport = :$port" | grep -q . && break
	sleep 0.5
done
RB_VNG_CONSOLE=$work/b.console RB_VM_CPUS=1 RB_VNG_EXTRA="--qemu-opts=$(nics connect 00:00:5e:00:53:e)" \
	rb_vng "$work" "$here/cross-guest.sh" b rbonding 00:00:5e:00:53:e 2 1
wait $apid

why=
splat=$(grep -v '^#' "$here/splats" | paste -sd '|')
for r in a b; do
	f=$work/$r.result
	[ -s "$f" ] || { why="$why; guest $r gave no result"; continue; }
	grep -q '^aggregated: yes' "$f" || why="$why; guest $r did not aggregate"
	grep -q '^ping: ok' "$f" || why="$why; guest $r could not ping"
	grep -q '^ports: 2' "$f" || why="$why; guest $r has not 2 ports"
	if [ ! -s "$work/$r.dmesg" ]; then
		why="$why; guest $r left no kernel log"
	elif grep -Eq "$splat" "$work/$r.dmesg"; then
		why="$why; guest $r's kernel log has a splat"
	fi
done
# Each sees the other's bond address as partner.
addr() { sed -n "s/^$1: //p" "$work/$2.result" 2>/dev/null; }
[ "$(addr partner a)" = "$(addr 'bond address' b)" ] || why="$why; a's partner is not b's bond"
[ "$(addr partner b)" = "$(addr 'bond address' a)" ] || why="$why; b's partner is not a's bond"

echo "cross (bonding.ko in a, rbonding.ko in b): $((SECONDS - t0)) s, logs in $work"
for r in a b; do sed "s/^/  $r: /" "$work/$r.result" 2>/dev/null; done
if [ -z "$why" ]; then
	echo "PASS cross"
	echo "1 0" >"$counts"
else
	echo "FAIL cross: ${why#; }"
	echo "0 1" >"$counts"
fi
read -r p f <"$counts"
[ "${RB_SUMMARY:-1}" = 0 ] || echo "$p passed, $f failed"
[ "$f" = 0 ]
