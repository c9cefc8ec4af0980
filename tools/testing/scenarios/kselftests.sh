#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 2400
# The kernel's bonding selftests from linux-source-6.12
# (tools/testing/selftests/drivers/net/bonding), run unmodified with the
# driver under test providing the "bond" link kind. kselftests/features
# says which bonding features each script, or each test case of a script
# that can pick its cases, needs: what rbonding has every feature for runs
# against either driver (so that the outputs compare), the rest is
# reported as skipped with the missing features named. Prints each run's
# TEST lines and exit status; exits 1 if a run failed or a script or case
# is missing from the table.
#
# The skipped parts run against rbonding in the scenario kselftests_skipped
# (RB_KSELFTESTS_PART=skipped), reported apart: the report's notes say how
# many of their TEST lines pass. They show how far rbonding is, and the
# harness's dmesg and kmemleak scans cover them. RB_KSELFTESTS_ALL=1 runs
# them here against bonding.ko (it proves they work in this guest; the
# outputs then differ by design).
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

# The features of $1 (a script, or script:case) that rbonding lacks.
lacks() {
	local f missing=
	for f in $(awk -v p="$1" '$1 == p { $1 = ""; print }' "$table"); do
		case $have in *" $f "*) ;; *) missing="$missing $f" ;; esac
	done
	echo "$missing"
}

# Runs script $1 (with TESTS=$2 when given, for at most $4 s, default
# 1500) and returns its exit status. Its log goes to $logs/$3.log.
run_prog() {
	local rc
	(cd "$dir" && TESTS=$2 timeout "${4:-1500}" bash "./$1") >"$logs/$3.log" 2>&1
	rc=$?
	# The link kind must still be the driver under test's.
	if [ -e "/sys/module/$other" ]; then
		echo "FAIL $1: $other got loaded"
		rc=1
		modprobe -r "$other"
	fi
	for ns in $(ip netns list | awk '{print $1}'); do ip netns del "$ns"; done
	kmsg >/dev/null
	return $rc
}

part=${RB_KSELFTESTS_PART:-main}
failed=0
skipped=()
for prog in $progs; do
	cases=$(awk -v p="$prog" 'index($1, p ":") == 1 { print substr($1, length(p) + 2) }' "$table")
	all=$(sed -n '/^ALL_TESTS="/,/"/p' "$dir/$prog" | tr -d '"' | sed 's/^ALL_TESTS=//')
	if [ -z "$cases" ] && ! grep -q "^$prog " "$table"; then
		echo "FAIL $prog: not in the feature table"
		failed=1
		continue
	fi
	if [ -n "$cases" ]; then
		for c in $all; do
			grep -qx "$c" <<<"$cases" || { echo "FAIL $prog: case $c not in the feature table"; failed=1; }
		done
		units=$(sed "s|^|$prog:|" <<<"$cases")
	else
		units=$prog
	fi
	run= skip=
	for u in $units; do
		missing=$(lacks "$u")
		if [ -z "$missing" ]; then
			run="$run ${u#*:}"
		else
			if [ "$part" = main ]; then
				echo "SKIP $u: rbonding lacks$missing"
				[ "$DRV" = bonding ] || echo "SKIP $u: rbonding lacks$missing" >>"$RB_OUT/notes"
			fi
			skip="$skip ${u#*:}"
		fi
	done
	[ -z "$cases" ] || run=${run# } skip=${skip# }
	if [ -n "$run" ] && [ "$part" = main ]; then
		tests=
		[ -z "$cases" ] || tests=$run
		run_prog "$prog" "$tests" "$prog"
		rc=$?
		echo "RUN $prog${tests:+ ($tests)}: exit $rc"
		grep -E '^TEST: ' "$logs/$prog.log" | sed -E 's/[[:space:]]+/ /g; s/^/  /'
		if [ $rc != 0 ]; then
			failed=1
			tail -n 15 "$logs/$prog.log" | sed 's/^/  | /'
		fi
	fi
	[ -z "$skip" ] || skipped+=("$prog:${cases:+$skip}")
done

# The skipped parts (kselftests_skipped, or with RB_KSELFTESTS_ALL=1 here
# against bonding.ko), reported apart.
if [ "$part" = skipped ] || { [ "$DRV" = bonding ] && [ "${RB_KSELFTESTS_ALL:-0}" = 1 ]; }; then
	for s in "${skipped[@]}"; do
		prog=${s%%:*} tests=${s#*:}
		# Against rbonding a skipped part mostly waits for what never comes:
		# each script gets 90 s, which shows which TEST lines it can pass.
		run_prog "$prog" "$tests" "$prog.skipped" 90
		rc=$?
		n=$(grep -cE '^TEST: ' "$logs/$prog.skipped.log")
		ok=$(grep -cE '^TEST: .*\[ *OK *\]' "$logs/$prog.skipped.log")
		line="skipped $prog${tests:+ ($tests)} against $DRV: exit $rc, $ok of $n TEST lines pass"
		[ $rc != 124 ] || line="$line (stopped after 90 s)"
		echo "$line"
		[ "$part" = main ] || echo "$line" >>"$RB_OUT/notes"
	done
fi
unload >/dev/null
exit $failed
