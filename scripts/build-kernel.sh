#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Builds a kernel into the cache (outside the checkout), keyed by the kernel
# source version, the config fragments and the toolchain: the test kernel,
# with "bench" the benchmark kernel (the same without debug options), with
# "kasan" the KASAN kernel (built by clang). A second run with the same key
# does nothing. Prints the build directory on stdout.
#
#   build-kernel.sh [test|bench|kasan]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

variant=${1:-test}
kdir=$(rb_kdir "$variant")
fragments=$(rb_kernel_fragments "$variant")
read -ra mflags <<<"$(rb_kernel_make_flags "$variant")"
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
echo "building the $variant kernel in $kdir (log: $log)" >&2
jobs=$(($(nproc) + 1))
{
	make -C "$src" O="$kdir" "${mflags[@]}" x86_64_defconfig
	# shellcheck disable=SC2086
	"$src/scripts/kconfig/merge_config.sh" -m -O "$kdir" "$kdir/.config" $fragments
	make -C "$src" O="$kdir" "${mflags[@]}" olddefconfig
} >"$log" 2>&1

# Every line of the fragments must have survived olddefconfig (of an option
# set twice, the later fragment's line), but for an earlier fragment's
# option that a later one hid by turning off what it depends on.
missing=0
last=$(echo "$fragments" | tail -n 1)
# shellcheck disable=SC2086
while IFS=$'\t' read -r from line; do
	opt=${line#\# }; opt=${opt%%[= ]*}
	if [ "$from" != "$last" ] && ! grep -q "^$opt=\|^# $opt is not set" "$kdir/.config"; then
		continue
	fi
	case "$line" in
	CONFIG_*=*) grep -qx "$line" "$kdir/.config" || { echo "config: $line did not stick" >&2; missing=1; } ;;
	"# CONFIG_"*" is not set")
		grep -q "^$opt=[ym]" "$kdir/.config" && { echo "config: $opt still set" >&2; missing=1; } ;;
	esac
done < <(awk '{ o = $0; sub(/^# /, "", o); sub(/[= ].*/, "", o) }
	o ~ /^CONFIG_/ { if (!(o in at)) order[++n] = o; at[o] = FILENAME "\t" $0 }
	END { for (i = 1; i <= n; i++) print at[order[i]] }' $fragments)
[ "$missing" = 0 ] || { echo "the config fragment does not apply cleanly" >&2; exit 1; }

if ! make -C "$src" O="$kdir" "${mflags[@]}" -j"$jobs" bzImage modules >>"$log" 2>&1; then
	tail -n 40 "$log" >&2
	exit 1
fi
rm -rf "$kdir/mods"
make -C "$src" O="$kdir" "${mflags[@]}" INSTALL_MOD_PATH="$kdir/mods" INSTALL_MOD_STRIP=1 \
	DEPMOD=/bin/true modules_install >>"$log" 2>&1
touch "$kdir/.rbonding-built"
echo "$kdir"
