# SPDX-License-Identifier: GPL-2.0
# Shared paths for the rbonding scripts. Source it; it prints nothing.

RB_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RB_CACHE=${RBONDING_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rbonding}
RB_KSRC_TAR=/usr/src/linux-source-6.12.tar.xz

# The Debian package version of the kernel source, e.g. 6.12.117-1.
rb_ksrc_version() {
	dpkg-query -W -f '${Version}' linux-source-6.12 2>/dev/null || echo unknown
}

# Unpacked kernel source, one per Debian package version.
rb_ksrc_dir() {
	echo "$RB_CACHE/src-$(rb_ksrc_version)/linux-source-6.12"
}

# The cache key of the test kernel: source version, config fragment, the
# Rust toolchain (modules must be built by the kernel's own rustc).
rb_kernel_key() {
	{
		rb_ksrc_version
		cat "$RB_TOP/scripts/kernel.config"
		rustc --version 2>/dev/null
		bindgen --version 2>/dev/null
		gcc --version 2>/dev/null | head -n 1
	} | sha256sum | cut -c1-12
}

# The test kernel's build directory (make O=...).
rb_kdir() {
	echo "$RB_CACHE/kernel-$(rb_ksrc_version)-$(rb_kernel_key)"
}

export PATH="$HOME/.cargo/bin:$PATH"

# Checks that the test kernel and rbonding.ko are built.
rb_vm_ready() {
	[ -f "$(rb_kdir)/.rbonding-built" ] || { echo "no test kernel: run scripts/setup.sh" >&2; return 1; }
	[ -f "$RB_TOP/rbonding.ko" ] || { echo "no rbonding.ko: run make" >&2; return 1; }
}

# Boots the test kernel under virtme-ng (TCG: no nested KVM here), with
# directory $1 writable, running the guest script $2 with the directory, the
# test kernel's modules, rbonding.ko and the remaining arguments. Console
# output goes to $1/console.log.
rb_vng() {
	local results=$1 guest=$2 kdir kver
	shift 2
	kdir=$(rb_kdir)
	kver=$(cat "$kdir/include/config/kernel.release")
	# What the guest needs to know of the host: the kernel source (for
	# its selftests).
	{
		printf 'RB_KSRC=%q\n' "$(rb_ksrc_dir)"
		[ -z "${RB_KSELFTESTS_ALL:-}" ] || printf 'RB_KSELFTESTS_ALL=%q\n' "$RB_KSELFTESTS_ALL"
	} >"$results/host.env"
	timeout "${RB_VM_TIMEOUT:-5000}" vng --run "$kdir/arch/x86/boot/bzImage" --disable-kvm \
		--cpus 2 --memory 2G --rwdir "$results" --append "log_buf_len=8M" \
		--exec "$guest $results $kdir/mods/lib/modules/$kver $RB_TOP/rbonding.ko $*" \
		</dev/null >"$results/console.log" 2>&1
}
