#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Sets everything up, builds rbonding.ko, boots the test kernel and shows a
# bond made by rbonding: `modprobe rbonding mode=active-backup miimon=100`.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

"$RB_TOP/scripts/setup.sh"
make -C "$RB_TOP" modules >/dev/null
kdir=$(rb_kdir)
out=$(mktemp -d /tmp/rbonding-demo.XXXXXX)
kver=$(cat "$kdir/include/config/kernel.release")
cat >"$out/demo.sh" <<EOS
set -x
mount -t tmpfs none /lib/modules
mkdir -p /lib/modules/$kver/extra
cp -a $kdir/mods/lib/modules/$kver/. /lib/modules/$kver/
cp $RB_TOP/rbonding.ko /lib/modules/$kver/extra/
depmod -a
modprobe rbonding mode=active-backup miimon=100
cat /sys/class/net/bonding_masters
ip link set bond0 up
ip -d link show bond0
cat /sys/class/net/bond0/bonding/mode
cat /proc/net/bonding/bond0
EOS
vng --run "$kdir/arch/x86/boot/bzImage" --disable-kvm --memory 1G --rwdir "$out" \
	--exec "bash $out/demo.sh > $out/log 2>&1" </dev/null >/dev/null 2>&1 || true
cat "$out/log"
