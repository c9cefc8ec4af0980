#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Installs everything rbonding needs on Debian 12 (packages, the Rust
# toolchain parts, bindgen, virtme-ng) and builds the test kernel into the
# cache. Idempotent: a second run only checks.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo

debs=(linux-source-6.12 qemu-system-x86 libclang-dev clang lld llvm flex bison bc
	libelf-dev libssl-dev cpio kmod iproute2 udev iputils-ping ethtool jq
	tcpdump python3 python3-pip libteam-utils openvswitch-switch rsync make gcc netsniff-ng ifupdown ifenslave
	linux-perf)
missing=()
for p in "${debs[@]}"; do
	dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "setup: installing ${missing[*]}" >&2
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v rustc >/dev/null; then
	echo "setup: no rustc; install Rust with rustup first" >&2
	exit 1
fi
if ! rustup component list --installed 2>/dev/null | grep -q '^rust-src'; then
	echo "setup: adding rust-src" >&2
	rustup component add rust-src >/dev/null
fi
if ! rustup component list --installed 2>/dev/null | grep -q '^clippy'; then
	echo "setup: adding clippy" >&2
	rustup component add clippy >/dev/null
fi
if ! bindgen --version 2>/dev/null | grep -q '0.73.2'; then
	echo "setup: installing bindgen-cli 0.73.2" >&2
	cargo install bindgen-cli --version 0.73.2 --locked >/dev/null 2>&1
fi
if ! command -v vng >/dev/null; then
	echo "setup: installing virtme-ng" >&2
	pip install --quiet virtme-ng==1.42 2>/dev/null || pip install --quiet virtme-ng
fi

"$RB_TOP/scripts/build-kernel.sh"
