# SPDX-License-Identifier: GPL-2.0
# Helpers for scenario scripts (sourced inside the VM). A scenario is run as
# `scenario.sh DRIVER` with DRIVER bonding or rbonding and prints what a user
# would observe; the harness compares the two outputs. Anything that may
# legitimately differ (driver name, random MACs) is normalised here.

DRV=${1:?driver}
set -u

# Kernel messages since the last call, normalised.
_kmsg_mark=$(dmesg | wc -l)
kmsg() {
	local n
	n=$(dmesg | wc -l)
	dmesg | tail -n +$((_kmsg_mark + 1)) | head -n $((n - _kmsg_mark)) |
		sed -E 's/^\[[ 0-9.]+\] //; s/^r?bonding: /DRV: /' |
		grep -vE '^(systemd|audit|virtme|random:|IPv6: ADDRCONF)|loading out-of-tree module taints kernel|used greatest stack depth' | sed 's/^/  kmsg: /'
	_kmsg_mark=$n
}

# Masks MAC addresses that are random per boot/driver.
mask_macs() {
	sed -E 's/([0-9a-f]{2}:){5}[0-9a-f]{2}/MAC/g'
}

load() {
	local out rc
	out=$(modprobe "$DRV" "$@" 2>&1)
	rc=$?
	echo "load $* -> rc=$rc $(echo "$out" | sed -E "s/'r?bonding'/'DRV'/g; s/r?bonding\.ko/DRV.ko/g")"
	kmsg
	return 0
}

unload() {
	modprobe -r "$DRV"
	echo "unload -> rc=$?"
	kmsg
}

# Writes $2 to $1 as `echo` does and reports the outcome and messages.
wr() {
	local f=$1 v=$2 err
	if err=$( { printf '%s\n' "$v" >"$f"; } 2>&1 ); then
		echo "write '$v' > ${f#/sys/class/net/} : ok"
	else
		echo "write '$v' > ${f#/sys/class/net/} : ${err##*: }"
	fi
	kmsg
}

# Prints every file of the bond's bonding/ directory.
show_sysfs() {
	local b=$1 f
	for f in $(ls /sys/class/net/$b/bonding/ | sort); do
		printf '%s/%s: ' "$b" "$f"
		cat /sys/class/net/$b/bonding/$f 2>&1 | tr '\n' '|'
		echo
	done | mask_macs
}

show_proc() {
	echo "--- /proc/net/bonding/$1"
	tail -n +2 /proc/net/bonding/$1 2>&1 | mask_macs
}

show_link() {
	ip -o link show "$1" | sed -E 's/^[0-9]+: //; s/link\/ether [0-9a-f:]+/link\/ether MAC/' | mask_macs
}

masters() {
	echo "bonding_masters: $(cat /sys/class/net/bonding_masters 2>&1)"
}
