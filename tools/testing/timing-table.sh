#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Prints where the time of a VM test run went: per scenario and driver the
# run's time, and of it the module loads/unloads and the sleeps; per VM its
# boot and shutdown, set-up, runs and final scans. Also writes
# $1/timings, the measured costs in the format of tools/testing/timings.
#
#   timing-table.sh RESULTS NVM WALL SCENARIO...
set -uo pipefail
results=$1 nvm=$2 wall=$3
shift 3

printf '\nTime per run (s): total, of it module load/unload and sleep\n'
printf '%-16s %8s %7s %6s  %8s %7s %6s\n' scenario bonding module sleep rbonding module sleep
for name in "$@"; do
	row=$name
	for drv in bonding rbonding; do
		f=$results/$name/$drv.acct
		if [ -s "$f" ]; then
			row="$row $(awk '{ s[$1] += $3 - $2 }
				END { printf "%s %.0f %.0f", ("run" in s) ? sprintf("%.0f", s["run"]) : "-", s["module"], s["sleep"] }' "$f")"
			awk -v n="$name" -v d="$drv" '$1 == "run" { printf "%s %s %.0f\n", n, d, $3 - $2 }' \
				"$f" >>"$results/timings"
		else
			row="$row - - -"
		fi
	done
	echo "$row"
done | awk '{ printf "%-16s %8s %7s %6s  %8s %7s %6s\n", $1, $2, $3, $4, $5, $6, $7
	for (i = 2; i <= 7; i++) t[i] += $i }
	END { printf "%-16s %8.0f %7.0f %6.0f  %8.0f %7.0f %6.0f\n", "all", t[2], t[3], t[4], t[5], t[6], t[7] }'

printf '\nTime per VM (s): host wall, of it boot and shutdown, set-up, runs, final scans\n'
printf '%-5s %6s %6s %6s %6s %6s\n' vm wall boot setup runs scans
for ((v = 0; v < nvm; v++)); do
	read -r _ h0 h1 2>/dev/null <"$results/vm$v/host-time" || { echo "vm$v -"; continue; }
	if read -r _ g0 gs gr ge 2>/dev/null <"$results/vm$v/guest-time"; then
		awk -v v=vm$v -v h0="$h0" -v h1="$h1" -v g0="$g0" -v gs="$gs" -v gr="$gr" -v ge="$ge" \
			'BEGIN { printf "%-5s %6.0f %6.0f %6.0f %6.0f %6.0f\n", v, h1 - h0, (h1 - h0) - (ge - g0), gs - g0, gr - gs, ge - gr }'
	else
		awk -v v=vm$v -v h0="$h0" -v h1="$h1" 'BEGIN { printf "%-5s %6.0f (did not finish)\n", v, h1 - h0 }'
	fi
done
printf 'VM tests: %d s wall with %d VMs\n' "$wall" "$nvm"
