#!/bin/bash
# bench/profile.sh OUT NAME (bench/run.sh, the "owncost" part; run inside
# its namespace with nsswitch.conf "hosts: files dnssec" and resolv.conf
# naming the lab's resolver on loopback): what one cold lookup of NAME
# costs a process in instructions (valgrind --tool=callgrind), system
# calls (strace -f -c), peak RSS and page faults (GNU time), through dns, through
# dnssec, for the floor (crypto_floor), the empty process (crypto_floor
# -n) and the peers, systemd-resolved's nss-resolve among them (with
# RESOLVED_PID set: run inside that daemon's mount namespace, its cache
# warm).  Counts, not times: they do not depend on the
# machine's load.  Writes OUT/profile.tsv, one line per command:
#   label  instructions  syscalls  sends  recvs  writes  reads  polls  sockets  stats  rss_kib  faults
# (sends and recvs on sockets; writes and reads: write/writev and read,
# files and the terminal included: the module's own reads are of files)
# OUT/profile-resolved.txt: the daemon's own memory (VmRSS, VmHWM of
# /proc/PID/status), since its client only asks it and the work happens
# there;
# and OUT/profile-cached.txt: the instructions of a second, cached lookup
# in the same process (callgrind, only inside the NSS call).
set -uo pipefail
OUT=$1
NAME=$2
T=$OUT/profile
mkdir -p "$T"
. tests/lab/run/env

# strace -c's table: the count column of the named system calls, summed.
calls() { # calls FILE SYSCALL...
	local f=$1
	shift
	awk -v want=" $* " '$NF != "total" && index(want, " " $NF " ") { n += $4 } END { print n + 0 }' "$f"
}

measure() { # measure LABEL CMD...
	local label=$1
	shift
	local cg=$T/$label.cg st=$T/$label.strace ir
	valgrind -q --tool=callgrind --callgrind-out-file="$cg" "$@" >/dev/null 2>"$T/$label.vg" || true
	ir=$(awk '/^(summary|totals):/ { print $2; exit }' "$cg" 2>/dev/null)
	strace -f -c -o "$st" "$@" >/dev/null 2>&1 || true
	# Peak RSS and minor page faults (GNU time: the process's rusage),
	# medians of 5 processes: the faults vary by a few from run to run.
	local i tm=() rss faults
	for i in 1 2 3 4 5; do tm+=("$(/usr/bin/time -f '%M %R' "$@" 2>&1 >/dev/null | tail -1)"); done
	rss=$(printf '%s\n' "${tm[@]}" | awk '{ print $1 }' | sort -n | sed -n 3p)
	faults=$(printf '%s\n' "${tm[@]}" | awk '{ print $2 }' | sort -n | sed -n 3p)
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "${ir:--}" \
		"$(awk '$NF == "total" { print $4 }' "$st")" \
		"$(calls "$st" sendto sendmsg sendmmsg)" \
		"$(calls "$st" recvfrom recvmsg recvmmsg)" \
		"$(calls "$st" write writev)" \
		"$(calls "$st" read)" \
		"$(calls "$st" poll ppoll epoll_wait select pselect6)" \
		"$(calls "$st" socket)" \
		"$(calls "$st" stat lstat fstat newfstatat statx)" "${rss:--}" "${faults:--}"
}

# In the environment, not through env(1): callgrind would follow env, not
# the program it starts.  The directory holds only libnss_dnssec.so.2 and
# libnss_resolve.so.2.
export LD_LIBRARY_PATH=$OUT/lib
{
	measure dns getent -s hosts:dns ahosts "$NAME"
	measure dnssec getent -s hosts:dnssec ahosts "$NAME"
	measure floor "$OUT/crypto_floor"
	# The chain's floor of NAME (bench/run.sh counted its verifications).
	chain=$(awk -v n="$NAME" '$1 == n { print $2 "," $3 "," $4 "," $5 }' "$OUT/owncost-chain.tsv" 2>/dev/null)
	[ -z "$chain" ] || measure "chain floor" "$OUT/crypto_floor" -c "$chain"
	measure empty "$OUT/crypto_floor" -n
	command -v delv >/dev/null &&
		measure delv delv -a "$LAB_DELV_ANCHOR" +root=. @"$LAB_HONEST" "$NAME" A
	command -v unbound-host >/dev/null &&
		measure unbound-host unbound-host -C "$OUT/unbound-host.loopback.conf" -f "$LAB_ANCHOR_KEY" -t A "$NAME"
	command -v getdns_query >/dev/null &&
		measure getdns_query getdns_query -s @"$LAB_HONEST" -f "$LAB_ANCHOR_KEY" +dnssec_return_only_secure -q "$NAME" A
	if [ -n "${RESOLVED_PID:-}" ]; then
		getent -s hosts:resolve ahosts "$NAME" >/dev/null	# the daemon's cache warm
		measure resolve getent -s hosts:resolve ahosts "$NAME"
	fi
} >"$OUT/profile.tsv"
[ -z "${RESOLVED_PID:-}" ] ||
	grep -E '^Vm(RSS|HWM):' "/proc/$RESOLVED_PID/status" >"$OUT/profile-resolved.txt"

# A second lookup of the same name in the same process: from the module's
# result cache (dnssec) or asked again (dns).  Instructions inside the NSS
# call only, the first lookup subtracted.
cached() { # cached MODULE FUNCTION
	local one two
	valgrind -q --tool=callgrind --callgrind-out-file="$T/c1.cg" --toggle-collect="$2" \
		getent -s "hosts:$1" ahosts "$NAME" >/dev/null 2>&1
	valgrind -q --tool=callgrind --callgrind-out-file="$T/c2.cg" --toggle-collect="$2" \
		getent -s "hosts:$1" ahosts "$NAME" "$NAME" >/dev/null 2>&1
	one=$(awk '/^(summary|totals):/ { print $2; exit }' "$T/c1.cg")
	two=$(awk '/^(summary|totals):/ { print $2; exit }' "$T/c2.cg")
	echo "$1_first=$one $1_second=$((two - one))"
}
{
	cached dns _nss_dns_gethostbyname4_r
	cached dnssec _nss_dnssec_gethostbyname4_r
} >"$OUT/profile-cached.txt"
