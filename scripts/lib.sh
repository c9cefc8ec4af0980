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

# The config fragments of a kernel variant: "test" (the default: the test
# kernel, with its debug options), "bench" (the same without them) or
# "kasan" (the same with KASAN, built by clang).
rb_kernel_fragments() {
	echo "$RB_TOP/scripts/kernel.config"
	[ "${1:-test}" = test ] || echo "$RB_TOP/scripts/kernel-$1.config"
}

# The cache key of a kernel variant: source version, config fragments, the
# Rust toolchain (modules must be built by the kernel's own rustc).
rb_kernel_key() {
	{
		rb_ksrc_version
		cat $(rb_kernel_fragments "${1:-test}")
		rustc --version 2>/dev/null
		bindgen --version 2>/dev/null
		gcc --version 2>/dev/null | head -n 1
		rb_kernel_make_flags "${1:-test}"
		[ -z "$(rb_kernel_make_flags "${1:-test}")" ] || clang --version 2>/dev/null | head -n 1
	} | sha256sum | cut -c1-12
}

# The make flags a kernel variant, and every module built for it, needs.
rb_kernel_make_flags() {
	[ "${1:-test}" != kasan ] || echo LLVM=1
}

# A kernel variant's build directory (make O=...): the test kernel's unless
# another variant is given.
rb_kdir() {
	local v=${1:-test} name=kernel
	[ "$v" = test ] || name=kernel-$v
	echo "$RB_CACHE/$name-$(rb_ksrc_version)-$(rb_kernel_key "$v")"
}

export PATH="$HOME/.cargo/bin:$PATH"

# Checks that the kernel the VMs boot (the test kernel unless RB_VNG_KDIR
# says) and rbonding.ko are built.
rb_vm_ready() {
	[ -f "${RB_VNG_KDIR:-$(rb_kdir)}/.rbonding-built" ] || { echo "no test kernel: run scripts/setup.sh" >&2; return 1; }
	[ -f "${RB_VNG_KO:-$RB_TOP/rbonding.ko}" ] || { echo "no rbonding.ko: run make" >&2; return 1; }
}

# Builds rbonding.ko for kernel variant $1 in a copy of the checkout at $2
# (the checkout's rbonding.ko stays the test kernel's); the build log goes
# to $2.log.
rb_build_module_copy() {
	local variant=$1 dst=$2 kdir
	kdir=$(rb_kdir "$variant")
	mkdir -p "$dst"
	(cd "$RB_TOP" && git ls-files -co --exclude-standard | grep -v '^rust/bindings_generated.rs$' |
		rsync -a --files-from=- ./ "$dst/")
	# shellcheck disable=SC2046
	if ! make -C "$kdir" M="$dst" $(rb_kernel_make_flags "$variant") modules >"$dst.log" 2>&1; then
		tail -n 30 "$dst.log" >&2
		return 1
	fi
}

# Boots the test kernel under virtme-ng (TCG: no nested KVM here), with
# directory $1 writable, running the guest script $2 with the directory, the
# test kernel's (or $RB_VNG_KDIR's) modules, rbonding.ko ($RB_VNG_KO, default
# the checkout's) and the remaining arguments. Console
# output goes to $RB_VNG_CONSOLE (default $1/console.log). RB_VM_CPUS
# (default 2) sets the vCPUs; several of these VMs may run at once.
# RB_VNG_EXTRA is one more vng argument (cross.sh: --qemu-opts=...).
rb_vng() {
	local results=$1 guest=$2 kdir kver
	shift 2
	kdir=${RB_VNG_KDIR:-$(rb_kdir)}
	kver=$(cat "$kdir/include/config/kernel.release")
	# What the guest needs to know of the host: the kernel source (for
	# its selftests).
	{
		printf 'RB_KSRC=%q\n' "$(rb_ksrc_dir)"
		[ -z "${RB_KSELFTESTS_ALL:-}" ] || printf 'RB_KSELFTESTS_ALL=%q\n' "$RB_KSELFTESTS_ALL"
	} >"$results/host.env"
	timeout "${RB_VM_TIMEOUT:-3000}" vng --run "$kdir/arch/x86/boot/bzImage" --disable-kvm ${RB_VNG_VERBOSE:+--verbose} \
		--cpus "${RB_VM_CPUS:-2}" --memory 2G --rwdir "$results" --append "log_buf_len=8M ${RB_VM_APPEND:-}" \
		${RB_VNG_EXTRA:+"$RB_VNG_EXTRA"} \
		--exec "$guest $results $kdir/mods/lib/modules/$kver ${RB_VNG_KO:-$RB_TOP/rbonding.ko} $*" \
		</dev/null >"${RB_VNG_CONSOLE:-$results/console.log}" 2>&1
}
