# SPDX-License-Identifier: GPL-2.0
# Sourced inside the test VM with $mods and $rbko set: the modules of the
# test kernel plus rbonding.ko, so that modprobe works.
kver=$(uname -r)
mount -t tmpfs none /lib/modules
mkdir -p "/lib/modules/$kver"
cp -a "$mods/." "/lib/modules/$kver/"
mkdir -p "/lib/modules/$kver/extra"
cp "$rbko" "/lib/modules/$kver/extra/"
depmod -a "$kver"
mount -t debugfs none /sys/kernel/debug 2>/dev/null || true

# udevd answers every uevent (each bond, veth and module load makes some)
# with new workers; under TCG that costs more CPU than the tests. No test
# needs it once /dev is populated.
udevadm control --exit 2>/dev/null || pkill -x systemd-udevd 2>/dev/null || true
