#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 2400
# The kernel's bonding selftests from linux-source-6.12
# (tools/testing/selftests/drivers/net/bonding), run unmodified with the
# driver under test providing the "bond" link kind. kselftests/features
# says which bonding features each script needs: a script is run when
# rbonding has them all (against either driver, so the same harness runs
# it against bonding.ko), and reported as skipped with the missing features
# named otherwise. Prints each script's TEST lines and exit status; exits 1
# if a script that ran failed or a script is missing from the table.
#
# RB_KSELFTESTS_ALL=1 also runs the skipped scripts (against bonding.ko
# only: it proves they work in this guest).
. "$RB_TESTING/lib.sh"

table=$RB_TESTING/kselftests/features
src=${RB_KSRC:?}/tools/testing/selftests
work=/tmp/kselftests
: "${RB_OUT:=/tmp}"
logs=$RB_OUT/logs-$DRV
mkdir -p "$logs"

# The scripts with what they source, in the tree layout they expect.
rm -rf "$work"
mkdir -p "$work/drivers/net" "$work/net/forwarding"
cp -a "$src/drivers/net/bonding" "$work/drivers/net/"
cp "$src/net/lib.sh" "$work/net/"
cp "$src/net/forwarding/lib.sh" "$work/net/forwarding/"
dir=$work/drivers/net/bonding

have=" $(sed -n 's/^have: //p' "$table") "
progs=$(sed -n '/^TEST_PROGS/,/^$/p' "$dir/Makefile" | grep -o '[A-Za-z0-9_.-]*\.sh')

load max_bonds=0
other=bonding
[ "$DRV" = bonding ] && other=rbonding

failed=0
for prog in $progs; do
	needs=$(awk -v p="$prog" '$1 == p { $1 = ""; print }' "$table")
	if [ -z "$needs" ]; then
		echo "FAIL $prog: not in the feature table"
		failed=1
		continue
	fi
	missing=
	for f in $needs; do
		case $have in *" $f "*) ;; *) missing="$missing $f" ;; esac
	done
	if [ -n "$missing" ] && ! { [ "${RB_KSELFTESTS_ALL:-0}" = 1 ] && [ "$DRV" = bonding ]; }; then
		echo "SKIP $prog: rbonding lacks$missing"
		[ "$DRV" = bonding ] || echo "SKIP $prog: rbonding lacks$missing" >>"$RB_OUT/notes"
		continue
	fi
	(cd "$dir" && timeout 1500 bash "./$prog") >"$logs/$prog.log" 2>&1
	rc=$?
	echo "RUN $prog: exit $rc${missing:+ (needs$missing)}"
	grep -E '^TEST: ' "$logs/$prog.log" | sed -E 's/[[:space:]]+/ /g; s/^/  /'
	if [ $rc != 0 ]; then
		[ -n "$missing" ] || failed=1
		tail -n 15 "$logs/$prog.log" | sed 's/^/  | /'
	fi
	# The link kind must still be the driver under test's.
	if [ -e "/sys/module/$other" ]; then
		echo "FAIL $prog: $other got loaded"
		failed=1
		modprobe -r "$other"
	fi
	for ns in $(ip netns list | awk '{print $1}'); do ip netns del "$ns"; done
	kmsg >/dev/null
done
unload >/dev/null
exit $failed
