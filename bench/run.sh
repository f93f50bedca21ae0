#!/bin/bash
# bench/run.sh (make bench): nss-dnssec against plain glibc DNS and the
# validators people would otherwise use, all in the same run on the lab.
# Writes bench/results.md (bench/analyze.py) from the raw data in
# $BENCH_OUT (default build/bench-out).
#
# Needs root (the lab binds port 53 on 127.53.0.0/16; unshare -m for the
# nsswitch.conf and resolv.conf bind mounts), hyperfine, delv,
# unbound-host, getdns_query, kdig, and nscd, unscd and systemd-resolved
# (with nss-resolve) unpacked by tests/install-deps.sh.  Knobs:
# BENCH_RUNS (default 30), BENCH_NAMES (default: 2-, 3- and 4-label names
# with ECDSA and RSA chains), BENCH_THREAD_LOOKUPS, BENCH_DISTINCT,
# BENCH_PARTS (default "main owncost hostcache"; without "main", only the
# sections of the parts named are replaced in bench/results.md:
# "hostcache" is bench/hostcache.py, the host-wide cache; "owncost" the
# module's own cost against the floor, bench/crypto_floor.c).
# BENCH_OWNCOST_NAMES: the names of that part, BENCH_OWNCOST_ROUNDS its
# rounds (default 300).  RESOLVED_ROOT: where
# systemd-resolved is unpacked (bench/resolved.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
O=${O:-build}
RUNS=${BENCH_RUNS:-30}
NAMES=${BENCH_NAMES:-"alg13.lab www.alg13.lab www.sub.alg13.lab alg8.lab www.alg8.lab www.sub.alg8.lab"}
THREAD_LOOKUPS=${BENCH_THREAD_LOOKUPS:-20000}
DISTINCT=${BENCH_DISTINCT:-10000}
OUT=${BENCH_OUT:-$O/bench-out}
PARTS=${BENCH_PARTS:-main owncost hostcache}
OWNCOST_NAMES=${BENCH_OWNCOST_NAMES:-"www.alg13.lab www.alg8.lab"}
OWNCOST_ROUNDS=${BENCH_OWNCOST_ROUNDS:-300}
part() { case " $PARTS " in *" $1 "*) return 0 ;; esac; return 1; }

for tool in hyperfine delv unbound-host getdns_query kdig unshare valgrind; do
	command -v "$tool" >/dev/null || { echo "bench: $tool is missing (tests/install-deps.sh installs it)" >&2; exit 1; }
done
[ -f "$O/libnss_dnssec.so.2" ] && [ -x "$O/bench/gai_bench" ] && [ -x "$O/bench/delayfwd" ] &&
	[ -x "$O/bench/crypto_start" ] && [ -x "$O/bench/crypto_floor" ] && [ -x "$O/bench/paired" ] ||
	{ echo "bench: build first (make bench does)" >&2; exit 1; }
RESOLVED_ROOT=${RESOLVED_ROOT:-/opt/nss-dnssec-tests/systemd-resolved}
NSS_RESOLVE=$RESOLVED_ROOT/usr/lib/x86_64-linux-gnu/libnss_resolve.so.2
[ -f "$NSS_RESOLVE" ] || { echo "bench: no nss-resolve in $RESOLVED_ROOT (tests/install-deps.sh unpacks it)" >&2; exit 1; }
export RESOLVED_ROOT

rm -rf "$OUT"
mkdir -p "$OUT/lib"
OUT=$(cd "$OUT" && pwd)
cp "$O/libnss_dnssec.so.2" "$NSS_RESOLVE" "$OUT/lib/"
cp "$O/bench/gai_bench" "$O/bench/crypto_start" "$O/bench/crypto_floor" "$O/bench/paired" "$OUT/"

# One lab per machine (tests/lab/lab.mk): hold its lock for the whole run.
# The trap is set before anything is started, so that the lab comes down
# however the run ends (a failed up.sh, a delayfwd that did not start, a
# failed check, Ctrl-C).  Nothing started here inherits the lock's
# descriptor (9>&-): a daemon that outlived the run would otherwise hold
# the lab lock and block every other lab user.
# LAB_LOCK as in tests/lab/lab.mk.
exec 9>"${LAB_LOCK:-/tmp/nss-dnssec-lab.lock}"
flock 9
DELAYFWD_PID=$OUT/delayfwd.pid
bench_down() {
	[ -s "$DELAYFWD_PID" ] && kill "$(cat "$DELAYFWD_PID")" 2>/dev/null
	for d in loopback delay attacker; do bench/resolved.sh stop "$OUT/resolved-$d"; done
	tests/lab/down.sh >/dev/null 2>&1 9>&- || true
	exec 9>&-
}
trap bench_down EXIT
trap 'exit 130' INT TERM HUP
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
tests/lab/up.sh >/dev/null 9>&-
. tests/lab/run/env
# The 20 ms path of the timings: bench/delayfwd (C, one epoll loop) in front
# of the lab's resolver.  The lab's Python delay proxy stays the capture
# point for queries and rounds, but it handles one query at a time and
# spread the nine answers of one lookup over 2 ms (see delayfwd.c).
# Bench-only listeners use 127.53.53.20 and up: tests/lab/up.sh has
# 127.53.53.1-5 (127.53.53.5 is its replaying proxy: the delayfwd that sat
# there clashed with it), 127.53.54.x and 127.53.56.x.
DELAY_FWD=127.53.53.20
"$O/bench/delayfwd" "$DELAY_FWD" "$LAB_HONEST" 20 "$DELAYFWD_PID" 2>"$OUT/delayfwd.stderr" 9>&- &
for _ in $(seq 50); do [ -s "$DELAYFWD_PID" ] && break; sleep 0.1; done
[ -s "$DELAYFWD_PID" ] || { echo "bench: delayfwd did not start: $(cat "$OUT/delayfwd.stderr")" >&2; exit 1; }

printf 'hosts: files dns\n' >"$OUT/nsswitch.dns"
printf 'hosts: files dnssec\n' >"$OUT/nsswitch.dnssec"
printf 'trust-anchor-file %s\n' "$LAB_ANCHOR_KEY" >"$OUT/nss-dnssec.conf"
printf 'nameserver %s\n' "$LAB_HONEST" >"$OUT/resolv.loopback"
printf 'nameserver %s\n' "$DELAY_FWD" >"$OUT/resolv.delay"
printf 'nameserver %s\n' "$LAB_DELAY" >"$OUT/resolv.proxy"
upstream() { # upstream NET: the resolver address of loopback, delay or proxy
	case $1 in loopback) echo "$LAB_HONEST" ;; delay) echo "$DELAY_FWD" ;; proxy) echo "$LAB_DELAY" ;; esac
}
for net in loopback delay proxy; do
	up=$(upstream $net)
	printf 'server:\n  module-config: "validator iterator"\n  chroot: ""\n  username: ""\n  directory: "%s"\nforward-zone:\n  name: "."\n  forward-addr: %s\n' \
		"$OUT" "$up" >"$OUT/unbound-host.$net.conf"
done

# systemd-resolved (bench/resolved.sh), validating, one daemon per path:
# its client nss-resolve ("getent -s hosts:resolve") reaches it only from
# inside the daemon's mount namespace (MNTNS=$(resolved_ns NET) inns ...).
resolved=
if part main || part owncost; then
	resolved=1
	for net in loopback delay; do
		bench/resolved.sh start "$OUT/resolved-$net" "$(upstream $net)" "$LAB_ANCHOR_DS" 9>&-
	done
fi
resolved_ns() { echo "/proc/$(cat "$OUT/resolved-$1/pid")/ns/mnt"; }

# inns NSSWITCH RESOLV CMD...: CMD with those two files over /etc's, in a
# private mount namespace (the machine's own files are never touched),
# made from the one of MNTNS if set.  The modules are found through
# LD_LIBRARY_PATH (glibc's NSS dlopen honours it for programs that are not
# setuid) and nss-dnssec's configuration through NSS_DNSSEC_CONF (read
# with secure_getenv).
inns() {
	local nss=$1 res=$2 ns=()
	shift 2
	# (setns into a mount namespace moves to its root: --wd comes back)
	[ -z "${MNTNS:-}" ] || ns=(nsenter --mount="$MNTNS" --wd="$PWD")
	"${ns[@]}" unshare -m sh -c 'mount --bind "$1" /etc/nsswitch.conf && mount --bind "$2" /etc/resolv.conf && shift 2 && exec "$@"' \
		inns "$nss" "$res" env LD_LIBRARY_PATH="$OUT/lib" NSS_DNSSEC_CONF="$OUT/nss-dnssec.conf" "$@"
}

# Sanity: every name validates through dnssec and resolves through dns, so
# that nothing below measures failures.
for n in $NAMES; do
	for net in loopback delay; do
		inns "$OUT/nsswitch.dnssec" "$OUT/resolv.$net" getent ahosts "$n" >/dev/null ||
			{ echo "bench: getent ahosts $n through dnssec ($net) failed" >&2; exit 1; }
		[ -z "$resolved" ] || MNTNS=$(resolved_ns $net) inns "$OUT/nsswitch.dns" "$OUT/resolv.$net" \
			getent -s hosts:resolve ahosts "$n" >/dev/null ||
			{ echo "bench: getent ahosts $n through systemd-resolved ($net) failed" >&2; exit 1; }
	done
done

if part main; then
# What nss-resolve answers for lab names of each verdict, and what
# systemd-resolved logged about each: behind the honest resolver (the
# loopback daemon) and behind the lab's forging one (a third daemon).
bench/resolved.sh start "$OUT/resolved-attacker" "$LAB_ATTACKER" "$LAB_ANCHOR_DS" 9>&-
printf 'hosts: resolve\n' >"$OUT/nsswitch.resolve"
: >"$OUT/resolve-verdicts.tsv"
for v in loopback:www.alg13.lab=secure loopback:www.insecure.nsec3.lab=insecure loopback:nothere.alg13.lab=nxdomain \
	loopback:www.badsig.lab=bogus loopback:www.expired.lab=bogus loopback:www.dsmismatch.lab=bogus \
	loopback:www.nosig-rrset.lab=bogus attacker:http.victim.lab=secure attacker:sigkept.victim.lab=bogus \
	attacker:nosig.victim.lab=bogus attacker:nxforged.victim.lab=bogus; do
	d=${v%%:*} n=${v#*:}
	n=${n%=*}
	got=$(MNTNS=$(resolved_ns "$d") inns "$OUT/nsswitch.resolve" "$OUT/resolv.loopback" /usr/bin/python3 -c '
import socket, sys
try:
    print(" ".join(sorted({a[4][0] for a in socket.getaddrinfo(sys.argv[1], None)})))
except socket.gaierror as e:
    print(f"getaddrinfo: {e.strerror} ({e.errno})")' "$n")
	why=$({ grep -F "question $n IN" "$OUT/resolved-$d/log" || true; } | sed 's/.*: //' | sort -u | paste -sd, -)
	printf '%s\t%s\t%s\t%s\t%s\n' "$n" "$([ "$d" = loopback ] && echo honest || echo attacker)" "${v#*=}" \
		"$got" "${why:--}" >>"$OUT/resolve-verdicts.tsv"
done
bench/resolved.sh stop "$OUT/resolved-attacker"

peers() { # peers NET NAME: the peer command lines for hyperfine
	local net=$1 n=$2 up ref
	up=$(upstream "$net")
	ref=$([ "$net" = loopback ] && echo "$LAB_REF_HONEST" || echo "$LAB_REF_DELAY")
	printf '%s\n' \
		"delv -a $LAB_DELV_ANCHOR +root=. @$up $n A" \
		"unbound-host -C $OUT/unbound-host.$net.conf -f $LAB_ANCHOR_KEY -t A $n" \
		"getdns_query -s @$up -f $LAB_ANCHOR_KEY +dnssec_return_only_secure -q $n A" \
		"kdig @$ref +dnssec $n A"
}

for net in loopback delay; do
	res="$OUT/resolv.$net"
	echo "== $net: getent through dns, peers, floors"
	args=()
	for n in $NAMES; do
		args+=(-n "dns $n" "getent ahosts $n")
		while IFS= read -r cmd; do args+=(-n "${cmd%% *} $n" "$cmd"); done < <(peers $net "$n")
		# systemd-resolved's cache is warm: hyperfine's warm-up runs fill it.
		args+=(-n "resolve $n" "getent -s hosts:resolve ahosts $n")
	done
	args+=(-n "floor getent localhost" "getent ahosts localhost" -n "floor process" "true")
	# In systemd-resolved's mount namespace (nss-resolve's socket): /run
	# is a tmpfs there, which none of the others use.
	MNTNS=$(resolved_ns $net) inns "$OUT/nsswitch.dns" "$res" hyperfine -N --style basic --warmup 3 --runs "$RUNS" \
		--export-json "$OUT/hf-$net-dns.json" "${args[@]}" >"$OUT/hf-$net-dns.log"
	# The daemon's memory, its cache holding every name.
	grep -E '^Vm(RSS|HWM):' "/proc/$(cat "$OUT/resolved-$net/pid")/status" >"$OUT/resolved-$net.status"
	echo "== $net: getent through dnssec"
	args=()
	for n in $NAMES; do args+=(-n "dnssec $n" "getent ahosts $n"); done
	inns "$OUT/nsswitch.dnssec" "$res" hyperfine -N --style basic --warmup 3 --runs "$RUNS" \
		--export-json "$OUT/hf-$net-dnssec.json" "${args[@]}" >"$OUT/hf-$net-dnssec.log"
done

# Upstream queries and sequential rounds per cold lookup, from the delay
# proxy's log (every query it received, stamped at receipt): a query that
# arrives 15 ms or more after the previous one waited for an answer (each
# answer takes 20 ms), so it starts a new round.
echo "== queries and rounds per lookup (delay proxy log)"
capture() { # capture LABEL CMD...
	local label=$1 before
	shift
	before=$(wc -l <"$LAB_RUN/proxy-delay.log")
	"$@" >/dev/null 2>&1 || true
	sleep 0.3
	tail -n +"$((before + 1))" "$LAB_RUN/proxy-delay.log" | sed "s/^/$label\t/" >>"$OUT/capture.tsv"
}
: >"$OUT/capture.tsv"
for n in $NAMES; do
	capture "dns $n" inns "$OUT/nsswitch.dns" "$OUT/resolv.proxy" getent ahosts "$n"
	capture "dnssec $n" inns "$OUT/nsswitch.dnssec" "$OUT/resolv.proxy" getent ahosts "$n"
	while IFS= read -r cmd; do
		case $cmd in kdig*) continue ;; esac	# asks the validating unbound, not the proxy
		# shellcheck disable=SC2086
		capture "${cmd%% *} $n" $cmd
	done < <(peers proxy "$n")
done

echo "== OpenSSL start-up inside the process (crypto_start), loopback"
: >"$OUT/crypto.txt"
for _ in $(seq 11); do
	inns "$OUT/nsswitch.dnssec" "$OUT/resolv.loopback" "$OUT/crypto_start" www.alg13.lab >>"$OUT/crypto.txt"
done
# ... and what loading libcrypto costs a process that does nothing else.
hyperfine -N --style basic --warmup 3 --runs 100 --export-json "$OUT/hf-libcrypto.json" \
	-n "process" "true" -n "process + libcrypto" "env LD_PRELOAD=$(ldconfig -p | awk '/libcrypto\.so\.3 / {print $NF; exit}') true" \
	-n "process (env)" "env true" >"$OUT/hf-libcrypto.log"

echo "== in-process (gai_bench), loopback"
: >"$OUT/inproc.txt"
N3=www.alg13.lab
for mode in dns dnssec; do
	run() { inns "$OUT/nsswitch.$mode" "$OUT/resolv.loopback" "$OUT/gai_bench" "$@" | sed "s/^/$mode /" >>"$OUT/inproc.txt"; }
	for _ in 1 2 3 4 5; do run cold "$N3"; done
	run warm "$N3" 2000
	for t in 1 4 16; do run threads "$N3" "$t" $((THREAD_LOOKUPS / t)); done
	# A failed lookup among thousands is reported in the table (and its
	# name on stderr), not a reason to throw the run away.
	run distinct "wild.alg13.lab" "$DISTINCT" || true
done
fi

if part owncost; then
	# The module's own cost in a cold process (issue 18): getent through
	# dns and through dnssec (getent -s picks the module, so both run
	# under the same nsswitch.conf), the floor (bench/crypto_floor.c:
	# libcrypto and one ECDSA P-256 and one RSA-2048 verification) and the
	# same binary exiting at once.  bench/paired runs them in rounds, one
	# process of each command per round in an order drawn for the round,
	# so that the differences are taken between processes that ran within
	# tens of milliseconds of each other (analyze.py): a slow spell of the
	# machine falls on every command of a round alike.
	echo "== own cost: dns, dnssec, floor, loopback ($OWNCOST_ROUNDS interleaved rounds)"
	# Every command through env, so that a second build of the module
	# (BENCH_OWNCOST_BEFORE=path/to/libnss_dnssec.so.2, "before") can be
	# timed in the same rounds; env's own start cancels out of each
	# difference.
	mkdir -p "$OUT/lib-before"
	tab=$'\t'
	: >"$OUT/owncost-commands.tsv"
	: >"$OUT/owncost-chain.tsv"
	for n in $OWNCOST_NAMES; do
		# The chain's floor of n: as many ECDSA and RSA verifications and
		# keys as one lookup of n makes (crypto_floor -c), counted in
		# libcrypto's functions under callgrind: a key is imported with
		# one EC_KEY_set_public_key or RSA_set0_key (less the module's
		# RSA probe's, val_crypto.c), verified with ECDSA_do_verify or
		# RSA_verify.
		inns "$OUT/nsswitch.dnssec" "$OUT/resolv.loopback" valgrind -q --tool=callgrind --compress-strings=no \
			--callgrind-out-file="$OUT/owncost-count.cg" getent -s hosts:dnssec ahosts "$n" >/dev/null 2>&1 ||
			{ echo "bench: getent ahosts $n under callgrind failed" >&2; exit 1; }
		counts=$(awk '/^fn=/ { fn = substr($0, 4) }
			/^cfn=/ { f = $0; next }
			/^calls=/ { c = substr($1, 7)
				if (f ~ /[= ]ECDSA_do_verify$/) e += c; else if (f ~ /[= ]RSA_verify$/) r += c
				else if (f ~ /[= ]EC_KEY_set_public_key$/) ke += c; else if (f ~ /[= ]RSA_set0_key$/) kr += c
				else if (f ~ /[= ]EVP_PKEY_fromdata$/ && fn ~ /rsa_probe/) probe += c
				else if (f ~ /[= ](ED25519_verify|ossl_ed448_verify)$/) x += c
				f = "" }
			END { print e + 0, r + 0, ke + 0, kr - probe, x + 0 }' "$OUT/owncost-count.cg")
		read -r n_ec n_rsa k_ec k_rsa n_other <<<"$counts"
		[ "$n_other" = 0 ] && [ $((n_ec + n_rsa)) -gt 0 ] && [ "$k_ec" -le "$n_ec" ] && [ "$k_rsa" -le "$n_rsa" ] ||
			{ echo "bench: $n: counted $n_ec ECDSA and $n_rsa RSA verifications with $k_ec and $k_rsa keys, $n_other EdDSA: the chain's floor knows ECDSA and RSA only" >&2; exit 1; }
		printf '%s\t%s\t%s\t%s\t%s\n' "$n" "$n_ec" "$n_rsa" "$k_ec" "$k_rsa" >>"$OUT/owncost-chain.tsv"
		{
			echo "dns $n${tab}env${tab}LD_LIBRARY_PATH=$OUT/lib${tab}getent${tab}-s${tab}hosts:dns${tab}ahosts${tab}$n"
			echo "dnssec $n${tab}env${tab}LD_LIBRARY_PATH=$OUT/lib${tab}getent${tab}-s${tab}hosts:dnssec${tab}ahosts${tab}$n"
			echo "chain floor $n${tab}env${tab}LD_LIBRARY_PATH=$OUT/lib${tab}$OUT/crypto_floor${tab}-c${tab}$n_ec,$n_rsa,$k_ec,$k_rsa"
			[ -z "${BENCH_OWNCOST_BEFORE:-}" ] ||
				echo "before $n${tab}env${tab}LD_LIBRARY_PATH=$OUT/lib-before${tab}getent${tab}-s${tab}hosts:dnssec${tab}ahosts${tab}$n"
		} >>"$OUT/owncost-commands.tsv"
	done
	if [ -n "${BENCH_OWNCOST_BEFORE:-}" ]; then
		cp "$BENCH_OWNCOST_BEFORE" "$OUT/lib-before/libnss_dnssec.so.2"
		echo "before=${BENCH_OWNCOST_BEFORE_LABEL:-$BENCH_OWNCOST_BEFORE}" >"$OUT/owncost-before.txt"
	fi
	{
		echo "floor${tab}env${tab}LD_LIBRARY_PATH=$OUT/lib${tab}$OUT/crypto_floor"
		echo "empty${tab}env${tab}LD_LIBRARY_PATH=$OUT/lib${tab}$OUT/crypto_floor${tab}-n"
	} >>"$OUT/owncost-commands.tsv"
	"$OUT/crypto_floor" || { echo "bench: crypto_floor failed" >&2; exit 1; }
	inns "$OUT/nsswitch.dnssec" "$OUT/resolv.loopback" "$OUT/paired" -w 5 -r "$OWNCOST_ROUNDS" \
		"$OUT/owncost-commands.tsv" "$OUT/owncost-paired.tsv" ||
		{ echo "bench: bench/paired failed (a lookup failed?)" >&2; exit 1; }
	: >"$OUT/floor.txt"
	for _ in $(seq 11); do "$OUT/crypto_floor" -v >>"$OUT/floor.txt"; done
	# Counts beside the times: instructions, system calls, peak RSS and
	# page faults (bench/profile.sh), for the first of the names.
	echo "== own cost: instructions, system calls, peak RSS, page faults (callgrind, strace -c, time)"
	MNTNS=$(resolved_ns loopback) RESOLVED_PID=$(cat "$OUT/resolved-loopback/pid") \
		inns "$OUT/nsswitch.dnssec" "$OUT/resolv.loopback" bench/profile.sh "$OUT" "${OWNCOST_NAMES%% *}"
fi

if part hostcache; then
	echo "== host-wide cache (bench/hostcache.py): nscd and unscd with the module inside"
	/usr/bin/python3 bench/hostcache.py "$OUT" "$RUNS" "$NAMES" "$LAB_HONEST" "$DELAY_FWD" 9>&-
fi

{
	echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "kernel=$(uname -r)"
	echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
	echo "cores=$(nproc)"
	echo "glibc=$(getconf GNU_LIBC_VERSION)"
	echo "nss_dnssec=$(git describe --always --dirty 2>/dev/null || echo unknown)"
	for p in hyperfine bind9-dnsutils unbound-host getdns-utils knot-dnsutils unbound nsd libc-ares2 libssl3; do
		echo "pkg_$p=$(dpkg-query -W -f '${Version}' "$p" 2>/dev/null || echo -)"
	done
	for p in nscd unscd; do
		echo "pkg_$p=$(cat "/opt/nss-dnssec-tests/$p/VERSION" 2>/dev/null || echo -)"
	done
	echo "pkg_systemd-resolved=$(cat "$RESOLVED_ROOT/VERSION" 2>/dev/null || echo -)"
	echo "parts=$PARTS"
	echo "load=$LOAD_BEFORE"
	echo "runs=$RUNS"
	echo "owncost_rounds=$OWNCOST_ROUNDS"
	echo "owncost_names=$OWNCOST_NAMES"
	echo "owncost_profile_name=${OWNCOST_NAMES%% *}"
} >"$OUT/machine.txt"

if part main; then
	/usr/bin/python3 bench/analyze.py "$OUT" >bench/results.md.new
else	# only the sections of the parts run replaced, the rest kept
	/usr/bin/python3 bench/analyze.py --splice bench/results.md "$OUT" >bench/results.md.new
fi
mv bench/results.md.new bench/results.md
echo "bench: wrote bench/results.md"
