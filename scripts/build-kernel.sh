#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Builds the test kernel into the cache (outside the checkout), keyed by the
# kernel source version, the config fragment and the toolchain. A second run
# with the same key does nothing. Prints the build directory on stdout.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

kdir=$(rb_kdir)
if [ -f "$kdir/.rbonding-built" ]; then
	echo "$kdir"
	exit 0
fi

src=$(rb_ksrc_dir)
if [ ! -f "$src/Makefile" ]; then
	echo "unpacking $RB_KSRC_TAR" >&2
	mkdir -p "$(dirname "$src")"
	tar -C "$(dirname "$src")" -xf "$RB_KSRC_TAR"
fi

mkdir -p "$kdir"
log="$kdir/build.log"
echo "building the test kernel in $kdir (log: $log)" >&2
jobs=$(($(nproc) + 1))
{
	make -C "$src" O="$kdir" x86_64_defconfig
	"$src/scripts/kconfig/merge_config.sh" -m -O "$kdir" "$kdir/.config" \
		"$RB_TOP/scripts/kernel.config"
	make -C "$src" O="$kdir" olddefconfig
} >"$log" 2>&1

# Every line of the fragment must have survived olddefconfig.
missing=0
while IFS= read -r line; do
	case "$line" in
	CONFIG_*=*) grep -qx "$line" "$kdir/.config" || { echo "config: $line did not stick" >&2; missing=1; } ;;
	"# CONFIG_"*" is not set") opt=${line#\# }; opt=${opt%% *}
		grep -q "^$opt=[ym]" "$kdir/.config" && { echo "config: $opt still set" >&2; missing=1; } ;;
	esac
done <"$RB_TOP/scripts/kernel.config"
[ "$missing" = 0 ] || { echo "the config fragment does not apply cleanly" >&2; exit 1; }

if ! make -C "$src" O="$kdir" -j"$jobs" bzImage modules >>"$log" 2>&1; then
	tail -n 40 "$log" >&2
	exit 1
fi
rm -rf "$kdir/mods"
make -C "$src" O="$kdir" INSTALL_MOD_PATH="$kdir/mods" INSTALL_MOD_STRIP=1 \
	DEPMOD=/bin/true modules_install >>"$log" 2>&1
touch "$kdir/.rbonding-built"
echo "$kdir"
