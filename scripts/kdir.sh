#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Prints the test kernel's build directory (building it first if needed).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
kdir=$(rb_kdir)
if [ ! -f "$kdir/.rbonding-built" ]; then
	"$RB_TOP/scripts/build-kernel.sh" >/dev/null
fi
echo "$kdir"
