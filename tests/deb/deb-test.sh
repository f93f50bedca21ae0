#!/bin/sh
# make deb / make deb-test: build the Debian packages on a copy of the tree,
# run lintian on them, then install them into a throw-away root, an overlayfs
# of the live system in a private mount namespace (lower /, upper a tmpfs),
# and check there, with the lab running:
#   - the nsswitch.conf edit of postinst on several starting hosts lines, and
#     that remove/purge give back the file byte for byte;
#   - the package life cycle: remove, reinstall, upgrade after the admin took
#     the entry out, purge; the conffile;
#   - getent and getaddrinfo through the installed module: a secure lab name,
#     the same name forged by the lab's attacker, a bogus zone, a stripping
#     resolver; and what the hosts line without [!UNAVAIL=return] would let
#     through.
# The real /etc, /lib and dpkg database are never written: checked at the end.
#
#   tests/deb/deb-test.sh [--build-only] [--debs DIR]
#     --build-only  stop after the build and lintian (make deb)
#     --debs DIR    skip the build: use the .debs in DIR
# Environment: DEB_OUT (where the .debs and logs go; default build-deb/deb),
# LAB_LOCK (default /tmp/nss-dnssec-lab.lock), O (for make lab-up).
# Prints a summary; exits 1 if anything failed.
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd -P)
cd "$TOP"
O=${O:-build-deb}
DEB_OUT=${DEB_OUT:-$O/deb}
LAB_LOCK=${LAB_LOCK:-/tmp/nss-dnssec-lab.lock}

# ------------------------------------------------------------------ inner
# Runs in the private mount namespace (unshare -m): $2 is the work dir.
if [ "${1:-}" = --inner ]; then
	W=$2
	. "$W/lab.env"
	R=$W/root
	pass=0 fail=0
	ok() { pass=$((pass + 1)); echo "  ok    $*"; }
	ko() { fail=$((fail + 1)); echo "  FAIL  $*"; }
	# Everything mounted below stays in this namespace.
	mount --make-rprivate /
	mkdir -p "$W/ovl" "$R"
	mount -t tmpfs -o mode=0755 nss-dnssec-deb "$W/ovl"
	mkdir -p "$W/ovl/upper" "$W/ovl/work"
	mount -t overlay nss-dnssec-deb -o "lowerdir=/,upperdir=$W/ovl/upper,workdir=$W/ovl/work" "$R"
	mount --bind /proc "$R/proc"
	mount --rbind /dev "$R/dev"
	mount --make-rslave "$R/dev"
	# The package turns the authoritative fallback on, with dns-root-data's
	# hints: the real root servers.  No test may ever ask them, so in this
	# overlay the default hints file is the lab's (its root on loopback),
	# and the lab drop-in below names the lab's file as well.
	[ -n "${LAB_ROOT_HINTS:-}" ] && [ -f "$LAB_ROOT_HINTS" ] || { echo "FAIL no lab root hints"; exit 1; }
	mkdir -p "$R/usr/share/dns"
	rm -f "$R/usr/share/dns/root.hints"
	cp "$LAB_ROOT_HINTS" "$R/usr/share/dns/root.hints"
	mkdir -p "$R/tmp/debs"
	cp "$W"/debs/*.deb "$R/tmp/debs/"
	run() { chroot "$R" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8 HOME=/root "$@"; }
	LIB=$(ls "$R"/tmp/debs/libnss-dnssec_*.deb | sed "s|^$R||")
	TOOLS=$(ls "$R"/tmp/debs/nss-dnssec-tools_*.deb | sed "s|^$R||")
	NSS=$R/etc/nsswitch.conf
	E='dnssec [!UNAVAIL=return]'

	# The overlay's nsswitch.conf with its hosts line replaced by $1.
	set_hosts() {
		awk -v l="hosts:          $1" '/^hosts:/ { print l; next } { print }' /etc/nsswitch.conf >"$NSS"
	}
	hosts_line() { sed -n 's/^hosts:[[:space:]]*//p' "$NSS"; }
	install_pkgs() { run dpkg -i "$LIB" "$TOOLS" >"$W/dpkg.log" 2>&1; }
	dpkg_said() { grep -F "$1" "$W/dpkg.log" >/dev/null; }

	echo "== nsswitch.conf on install and purge"
	# start | expected hosts line after install | expected message
	while IFS='|' read -r start want msg; do
		set_hosts "$start"
		cp "$NSS" "$W/before"
		if ! install_pkgs; then ko "[$start]: dpkg -i failed: $(tail -3 "$W/dpkg.log")"; continue; fi
		got=$(hosts_line)
		if [ "$got" = "$want" ]; then ok "[$start] -> [$got]"; else ko "[$start] -> [$got], want [$want]"; fi
		if [ -n "$msg" ]; then
			if dpkg_said "$msg"; then ok "   dpkg said: $(grep -F "$msg" "$W/dpkg.log" | head -1 | cut -c1-120)"
			else ko "   dpkg did not say [$msg]: $(grep libnss-dnssec: "$W/dpkg.log" | head -3)"; fi
		fi
		run dpkg --purge nss-dnssec-tools libnss-dnssec >"$W/dpkg.log" 2>&1 || ko "[$start]: purge failed"
		if cmp -s "$NSS" "$W/before"; then ok "   purge: nsswitch.conf byte for byte as before"
		else ko "   purge: nsswitch.conf differs: $(diff "$W/before" "$NSS" | tr '\n' ' ')"; fi
	done <<-EOF
	files dns|files $E dns|added "dnssec [!UNAVAIL=return]"
	files mdns4_minimal [NOTFOUND=return] dns|files mdns4_minimal [NOTFOUND=return] $E dns|
	files resolve [!UNAVAIL=return] myhostname dns|files resolve [!UNAVAIL=return] myhostname $E dns|warning: resolve comes before dnssec
	files $E dns|files $E dns|dnssec is already on the hosts line
	files dnssec dns|files dnssec dns|fall through to dns
	files myhostname|files myhostname|warning: no dns on the hosts line
	EOF

	echo "== life cycle (hosts: files dns)"
	set_hosts "files dns"
	cp "$NSS" "$W/orig"
	install_pkgs || ko "install failed"
	[ "$(hosts_line)" = "files $E dns" ] && ok "installed: entry added" || ko "installed: [$(hosts_line)]"
	[ -f "$R/etc/nss-dnssec.conf" ] && ok "conffile /etc/nss-dnssec.conf installed" || ko "no /etc/nss-dnssec.conf"
	# Active: the time-server names (nss-dnssec.conf(5): they matter
	# before anyone could edit the file, on a host whose clock is not set)
	# and authoritative-fallback yes (issue 16).
	if run sh -c "grep -v '^#' /etc/nss-dnssec.conf | grep -v '^time-server ' | grep -v '^authoritative-fallback yes$' | grep -q '[^[:space:]]'"; then
		ko "nss-dnssec.conf has active lines other than time-server and authoritative-fallback"
	else ok "nss-dnssec.conf: every line but time-server and authoritative-fallback commented out"; fi
	grep -q "^authoritative-fallback yes$" "$R/etc/nss-dnssec.conf" || ko "nss-dnssec.conf does not turn the fallback on"
	grep -q "^time-server pool.ntp.org$" "$R/etc/nss-dnssec.conf" || ko "nss-dnssec.conf does not list pool.ntp.org"
	h="$R/usr/lib/NetworkManager/dispatcher.d/90-nss-dnssec"
	[ "$(stat -c '%u %a' "$h" 2>/dev/null)" = "0 755" ] && ok "NetworkManager hook installed, root 0755" \
		|| ko "NetworkManager hook: $(stat -c '%u %a' "$h" 2>&1)"
	for kw in trust-anchor-file nameserver negative-trust-anchor require-secure timeout log-level \
		networkmanager-vpn-ntas; do
		grep -q "^#$kw " "$R/etc/nss-dnssec.conf" || ko "nss-dnssec.conf does not show $kw"
	done
	v=$(run nss-dnssec --version 2>&1) && ok "nss-dnssec --version: $v" || ko "nss-dnssec --version: $v"
	run dpkg -r libnss-dnssec nss-dnssec-tools >"$W/dpkg.log" 2>&1 || ko "dpkg -r failed"
	cmp -s "$NSS" "$W/orig" && ok "remove: nsswitch.conf restored byte for byte" || ko "remove: $(hosts_line)"
	[ -f "$R/etc/nss-dnssec.conf" ] && ok "remove: conffile kept" || ko "remove: conffile gone"
	install_pkgs || ko "reinstall failed"
	[ "$(hosts_line)" = "files $E dns" ] && ok "reinstall after remove: entry added again" || ko "reinstall: [$(hosts_line)]"
	cp "$W/orig" "$NSS"	# the admin takes dnssec out by hand
	install_pkgs || ko "upgrade failed"
	cmp -s "$NSS" "$W/orig" && ok "upgrade after the admin removed the entry: not re-added" || ko "upgrade re-added: $(hosts_line)"
	run dpkg --purge libnss-dnssec nss-dnssec-tools >"$W/dpkg.log" 2>&1 || ko "purge failed"
	cmp -s "$NSS" "$W/orig" && ok "purge: nsswitch.conf byte for byte as before" || ko "purge: $(hosts_line)"
	[ ! -e "$R/etc/nss-dnssec.conf" ] && ok "purge: conffile gone" || ko "purge: conffile left"
	[ ! -e "$R/var/lib/libnss-dnssec" ] && ok "purge: /var/lib/libnss-dnssec gone" || ko "purge: /var/lib/libnss-dnssec left"

	echo "== getent through the installed module (lab: $LAB_HONEST honest, $LAB_ATTACKER attacker)"
	set_hosts "files dns"
	install_pkgs || ko "install failed"
	cp "$LAB_ANCHOR_KEY" "$R/etc/nss-dnssec-lab.key"
	cp "$LAB_ROOT_HINTS" "$R/etc/nss-dnssec-lab.hints"
	printf 'trust-anchor-file /etc/nss-dnssec-lab.key\nroot-hints /etc/nss-dnssec-lab.hints\n' >"$R/etc/nss-dnssec.d/lab.conf"
	resolver() { rm -f "$R/etc/resolv.conf"; printf 'nameserver %s\n' "$1" >"$R/etc/resolv.conf"; }
	# gai NAME [SERVICE-LINE]: getent ahosts; prints "exit N: addresses".
	gai() {
		if [ -n "${2:-}" ]; then out=$(run getent -s "hosts:$2" ahosts "$1" 2>&1) && st=0 || st=$?
		else out=$(run getent ahosts "$1" 2>&1) && st=0 || st=$?; fi
		echo "exit $st: $(printf '%s\n' "$out" | awk '{print $1}' | sort -u | tr '\n' ' ')"
	}
	# eai NAME: the getaddrinfo error name Python gets (or the addresses).
	eai() {
		run /usr/bin/python3 -c '
import socket, sys
try:
    print(" ".join(sorted({a[4][0] for a in socket.getaddrinfo(sys.argv[1], None)})))
except socket.gaierror as e:
    print({v: k for k, v in vars(socket).items() if k.startswith("EAI_")}.get(e.errno, e.errno))' "$1" 2>&1
	}
	expect() { # what got want
		case $2 in *"$3"*) ok "$1: $2" ;; *) ko "$1: got [$2], want [$3]" ;; esac
	}
	if cc=$(run nss-dnssec check-config 2>&1); then ok "nss-dnssec check-config: $(printf '%s\n' "$cc" | grep -A1 '^trust anchors' | tail -1 | sed 's/^ *//')"
	else ko "nss-dnssec check-config: $cc"; fi
	if nm -D --defined-only "$R"/lib/*/libnss_dnssec.so.2 | grep -q _nss_dnssec_gethostbyname4_r; then
		resolver "$LAB_HONEST"
		expect "secure   sigkept.victim.lab via honest" "$(gai sigkept.victim.lab)" "exit 0: 127.53.80.1 "
		expect "secure   www.alg13.lab via honest (getaddrinfo)" "$(eai www.alg13.lab)" "127.53.10.13"
		expect "bogus    www.dsmismatch.lab via honest" "$(gai www.dsmismatch.lab)" "exit 2: "
		expect "bogus    www.dsmismatch.lab via honest (getaddrinfo)" "$(eai www.dsmismatch.lab)" "EAI_NONAME"
		expect "bogus    plain dns would give it" "$(gai www.dsmismatch.lab dns)" "exit 0: 127.53.10.52 "
		expect "insecure www.unsigned.lab via honest" "$(gai www.unsigned.lab)" "exit 0: 127.53.10.40 "
		expect "nxdomain nothere.alg13.lab via honest (getaddrinfo)" "$(eai nothere.alg13.lab)" "EAI_NONAME"
		resolver "$LAB_ATTACKER"
		expect "forged   sigkept.victim.lab via attacker" "$(gai sigkept.victim.lab)" "exit 2: "
		# The forgery without its RRSIG: absent data, so the package's
		# authoritative fallback asks the (lab's) authoritative servers and
		# gets the genuine, validated address, never the forged one.
		expect "forged   nosig.victim.lab via attacker: routed around" "$(gai nosig.victim.lab)" "exit 0: 127.53.80.1 "
		expect "forged   plain dns believes it" "$(gai sigkept.victim.lab dns)" "exit 0: 127.53.80.66 "
		expect "forged   hosts 'dnssec dns' lets it through to dns" "$(gai sigkept.victim.lab 'dnssec dns')" "exit 0: 127.53.80.66 "
		expect "forged   hosts 'dnssec [!UNAVAIL=return] dns' stops it" "$(gai sigkept.victim.lab "$E dns")" "exit 2: "
		resolver "$LAB_STRIP"
		# The package's authoritative fallback asks the lab's authoritative
		# servers (the lab root hints) and gets the genuine, validated A.
		expect "fallback sigkept.victim.lab via strip (getaddrinfo)" "$(eai sigkept.victim.lab)" "127.53.80.1"
		expect "indeterm hosts 'dnssec [NOTFOUND=return] dns' lets it through" "$(gai sigkept.victim.lab 'dnssec [NOTFOUND=return] dns')" "exit 0: 127.53.80.1 "
		# The admin's own entry: installed over it (not edited, no
		# marker), then the package removed.
		resolver "$LAB_HONEST"
		run dpkg --purge libnss-dnssec >"$W/dpkg.log" 2>&1 || ko "purge failed"
		set_hosts "files $E dns"
		install_pkgs || ko "install failed"
		run dpkg -r libnss-dnssec >"$W/dpkg.log" 2>&1 || ko "dpkg -r failed"
		expect "removed  the admin's own entry stays" "$(hosts_line)" "files $E dns"
		expect "removed  module gone: UNAVAIL, dns answers" "$(gai www.dsmismatch.lab)" "exit 0: 127.53.10.52 "
	else
		ko "getent: the module exports no _nss_dnssec_gethostbyname4_r yet (nss_dnssec/*.c)"
	fi
	echo "== nsswitch edit script as installed"
	install_pkgs || ko "install failed"
	if NSSWITCH_HOSTS="$R/usr/share/nss-dnssec/nsswitch-hosts" sh tests/deb/test-nsswitch.sh >"$W/edit.log" 2>&1; then
		ok "$(tail -1 "$W/edit.log")"
	else
		ko "$(grep FAIL "$W/edit.log" | head -5)"
	fi
	echo "$pass $fail" >"$W/inner.result"
	exit 0
fi

# ------------------------------------------------------------------ outer
build_only= debs=
while [ $# -gt 0 ]; do
	case $1 in
	--build-only) build_only=1 ;;
	--debs) debs=$2; shift ;;
	*) echo "usage: $0 [--build-only] [--debs DIR]" >&2; exit 64 ;;
	esac
	shift
done
W=$(mktemp -d /tmp/nss-dnssec-deb.XXXXXX)
lab_started=
cleanup() {
	[ -z "$lab_started" ] || make -s O="$O" lab-down >/dev/null 2>&1 || true
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
summary=""
failed=0
step() { summary="$summary$(printf '%-10s %s' "$1" "$2")
"; [ "$1" != FAIL ] || failed=1; }

# Fingerprint of what must not change on the real system.
fingerprint() {
	for f in /etc/nsswitch.conf /etc/resolv.conf /etc/nss-dnssec.conf /var/lib/libnss-dnssec; do
		[ -e "$f" ] && { sha256sum "$f" 2>/dev/null || ls -ld "$f"; } || echo "absent $f"
	done
	ls /lib/*/libnss_dnssec.so.2 /usr/bin/nss-dnssec 2>/dev/null || true
	# Our packages in the real dpkg database (not the whole file: apt may
	# run on the machine meanwhile for other reasons).
	dpkg-query -W -f '${Package} ${Status} ${Version}\n' libnss-dnssec nss-dnssec-tools 2>&1 || true
}
fingerprint >"$W/fp.before"

mkdir -p "$DEB_OUT"
if [ -z "$debs" ]; then
	echo "== build: dpkg-buildpackage -us -uc -b on a copy of the tree ($W/src)"
	mkdir -p "$W/src"
	tar -C "$TOP" --exclude=./.git --exclude='./build*' --exclude=./tests/lab/run \
		--exclude=./debian/_build --exclude='./debian/.debhelper' -cf - . | tar -C "$W/src" -xf -
	if (cd "$W/src" && dpkg-buildpackage -us -uc -b) >"$DEB_OUT/build.log" 2>&1; then
		rm -f "$DEB_OUT"/*.deb "$DEB_OUT"/*.changes "$DEB_OUT"/*.buildinfo
		cp "$W"/*.deb "$W"/*.changes "$W"/*.buildinfo "$DEB_OUT/"
		step ok "build: $(cd "$DEB_OUT" && ls ./*.deb | grep -v dbgsym | sed 's|^\./||' | tr '\n' ' ')"
		grep -E '^(100%|[0-9]+%): Checks|^check-exports:|^nsswitch edit:' "$DEB_OUT/build.log" | sed 's/^/  /'
	else
		tail -30 "$DEB_OUT/build.log"
		step FAIL "build (see $DEB_OUT/build.log)"
		printf '\n== summary\n%s' "$summary"
		exit 1
	fi
	debs=$DEB_OUT
fi
for d in "$debs"/*.deb; do
	case $d in *dbgsym*) ;; *) printf '  %-44s %8s octets, installed %s KiB\n' "$(basename "$d")" \
		"$(stat -c %s "$d")" "$(dpkg-deb -f "$d" Installed-Size)" ;; esac
done

echo "== lintian"
if command -v lintian >/dev/null; then
	ch=$(ls "$debs"/*.changes 2>/dev/null | head -1)
	[ -n "$ch" ] || ch="$debs/*.deb"
	# shellcheck disable=SC2086
	lintian --pedantic -EI --show-overrides $ch >"$DEB_OUT/lintian.log" 2>&1 || true
	grep -v '^running with root privileges' "$DEB_OUT/lintian.log" | sed 's/^/  /'
	if grep -q '^[EW]: ' "$DEB_OUT/lintian.log"; then step FAIL "lintian: errors or warnings"
	else step ok "lintian: no errors, no warnings ($(grep -c '^[IPX]: ' "$DEB_OUT/lintian.log") info/pedantic, $(grep -c '^O: ' "$DEB_OUT/lintian.log") overridden with reasons)"; fi
else
	step FAIL "lintian not installed"
fi
if [ -n "$build_only" ]; then
	printf '\n== summary\n%s' "$summary"
	exit $failed
fi

[ "$(id -u)" = 0 ] || { step FAIL "install tests need root"; printf '\n== summary\n%s' "$summary"; exit 1; }
mkdir -p "$W/debs"
for d in "$debs"/*.deb; do case $d in *dbgsym*) ;; *) cp "$d" "$W/debs/" ;; esac; done

echo "== lab (waiting for $LAB_LOCK)"
exec 9>"$LAB_LOCK"
flock 9
lab_started=1
if ! make -s O="$O" lab-up >"$DEB_OUT/lab-up.log" 2>&1; then
	tail -20 "$DEB_OUT/lab-up.log"
	step FAIL "lab-up (see $DEB_OUT/lab-up.log)"
else
	cp tests/lab/run/env "$W/lab.env"
	unshare -m --propagation private "$0" --inner "$W" 2>&1 | tee "$DEB_OUT/install.log"
	if [ -f "$W/inner.result" ]; then
		read -r p f <"$W/inner.result"
		if [ "$f" = 0 ]; then step ok "install tests: $p passed"; else step FAIL "install tests: $f failed, $p passed"; fi
	else
		step FAIL "install tests did not finish (see $DEB_OUT/install.log)"
	fi
fi
make -s O="$O" lab-down >/dev/null 2>&1 || true
lab_started=
flock -u 9

fingerprint >"$W/fp.after"
if cmp -s "$W/fp.before" "$W/fp.after"; then step ok "the real /etc/nsswitch.conf, resolv.conf, /lib, /usr/bin and dpkg database (our packages) untouched"
else step FAIL "the real system changed: $(diff "$W/fp.before" "$W/fp.after" | tr '\n' ' ')"; fi
if findmnt -rn | grep -q nss-dnssec-deb; then step FAIL "overlay mounts leaked into the host namespace"; fi

printf '\n== summary\n%s' "$summary"
exit $failed
