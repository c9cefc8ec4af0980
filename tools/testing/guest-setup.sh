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

