#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Writes rust-project.json so that rust-analyzer understands rbonding: the
# kernel's own crates (from the kernel's generator) plus the module's crate
# root and the host test crate.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
kdir=${1:-$(rb_kdir)}
src=$(rb_ksrc_dir)
sysroot=$(rustc --print sysroot)
edition=2021
rustc --version | awk '{split($2,v,"."); exit !(v[1] > 1 || v[2] >= 87)}' && edition=2024
python3 "$src/scripts/generate_rust_analyzer.py" --cfgs='core=no_fp_fmt_parse' "$edition" \
	"$src" "$kdir" "$sysroot" "$sysroot/lib/rustlib/src/rust/library" |
	python3 -c '
import json, sys
p = json.load(sys.stdin)
idx = {c["display_name"]: i for i, c in enumerate(p["crates"])}
top = sys.argv[1]
def crate(name, root, deps):
    p["crates"].append({"display_name": name, "root_module": root, "edition": "2021",
        "deps": [{"crate": idx[d], "name": d} for d in deps], "cfg": [],
        "is_workspace_member": True, "is_proc_macro": False, "env": {}})
crate("rbonding_main", top + "/rust/rbonding_main.rs", ["core", "kernel"])
json.dump(p, sys.stdout, indent=4, sort_keys=True)
' "$RB_TOP" >"$RB_TOP/rust-project.json"
echo "wrote $RB_TOP/rust-project.json"
