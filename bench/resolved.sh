#!/bin/bash
# bench/resolved.sh start DIR UPSTREAM ANCHOR_DS | stop DIR (bench/run.sh):
# systemd-resolved as a bench peer, with nss-resolve as its client, never
# touching the host.  Both come from tests/install-deps.sh, unpacked into
# $RESOLVED_ROOT (default /opt/nss-dnssec-tests/systemd-resolved), not
# installed: the packages' maintainer scripts take over /etc/resolv.conf
# and enable the service.
#
# start runs the daemon in a mount namespace of its own, as root so that it
# drops to "systemd-resolve" itself as under systemd, and writes its PID to
# DIR/pid once its varlink socket (/run/systemd/resolve/io.systemd.Resolve,
# what nss-resolve connects to) is there.  Clients join that namespace:
#   nsenter --mount=/proc/PID/ns/mnt \
#       env LD_LIBRARY_PATH=$RESOLVED_ROOT/usr/lib/x86_64-linux-gnu \
#       getent -s hosts:resolve ahosts NAME
# In the namespace:
# - /run is a tmpfs: the varlink socket, the positive trust anchor in
#   /run/dnssec-trust-anchors.d (the lab's root DS; with a root anchor in a
#   file the built-in one of the real root is not added), and no D-Bus
#   (sd-bus waits for /run/dbus/system_bus_socket, which never appears);
# - /etc/systemd is a tmpfs holding resolved.conf: the lab resolver
#   UPSTREAM only (FallbackDNS= empty: the compiled-in fallback is public
#   resolvers), DNSSEC=yes, no LLMNR, mDNS, DNS-over-TLS or stub listener,
#   and CacheFromLocalhost=yes, since every lab resolver is on 127.0.0.0/8
#   and resolved does not cache answers from loopback by default: the
#   cache is how it is used;
# - /etc/resolv.conf names UPSTREAM too (resolved ignores it once DNS= is
#   set; belt and braces), /etc/passwd and /etc/group gain the user.
# resolved answers every query with "network-down" unless a link other
# than loopback is up with an address of global scope.  In a network
# namespace of its own (the lab's tests run so) start adds one, a veth
# pair with 10.255.1.1/32 that routes nothing: the lab is on 127.53/16.
# stop kills that PID and waits for it to go.
set -euo pipefail
ROOT=${RESOLVED_ROOT:-/opt/nss-dnssec-tests/systemd-resolved}
cmd=$1 dir=$2

alive() { [ -r "/proc/$1/stat" ] && ! sed 's/^.*) //' "/proc/$1/stat" | grep -q '^[ZX]'; }

case $cmd in
start)
	up=$3 ds=$4
	if [ ! -x "$ROOT/lib/systemd/systemd-resolved" ]; then
		echo "resolved.sh: no systemd-resolved in $ROOT (tests/install-deps.sh unpacks it)" >&2
		exit 1
	fi
	if [ -z "$(ip -o addr show scope global up | awk '$2 != "lo"')" ]; then
		[ "$(readlink /proc/self/ns/net)" != "$(readlink /proc/1/ns/net)" ] || {
			echo "resolved.sh: no link but loopback is up with a global address: systemd-resolved would answer network-down" >&2
			exit 1
		}
		ip link add nssdnssec0 type veth peer name nssdnssec1
		ip link set nssdnssec1 up
		ip link set nssdnssec0 up
		ip addr add 10.255.1.1/32 dev nssdnssec0
	fi
	rm -rf "$dir"
	mkdir -p "$dir"
	printf '[Resolve]\nDNS=%s\nFallbackDNS=\nDNSSEC=yes\nDNSOverTLS=no\nLLMNR=no\nMulticastDNS=no\nDNSStubListener=no\nCache=yes\nCacheFromLocalhost=yes\n' \
		"$up" >"$dir/resolved.conf"
	grep -v '^;' "$ds" >"$dir/lab.positive"
	printf 'nameserver %s\n' "$up" >"$dir/resolv.conf"
	# A user of its own, with an id free on this machine.
	id=999
	while grep -q "^[^:]*:[^:]*:$id:" /etc/passwd /etc/group; do id=$((id - 1)); done
	{ cat /etc/passwd; echo "systemd-resolve:x:$id:$id:systemd Resolver:/:/usr/sbin/nologin"; } >"$dir/passwd"
	{ cat /etc/group; echo "systemd-resolve:x:$id:"; } >"$dir/group"
	# shellcheck disable=SC2016
	unshare -m --propagation private sh -ec '
		d=$1
		mount -t tmpfs -o mode=0755 nss-dnssec-resolved-run /run
		mkdir -p /run/systemd /run/dnssec-trust-anchors.d
		cp "$d/lab.positive" /run/dnssec-trust-anchors.d/
		mount -t tmpfs -o mode=0755 nss-dnssec-resolved-etc /etc/systemd
		cp "$d/resolved.conf" /etc/systemd/
		for f in resolv.conf passwd group; do mount --bind "$d/$f" "/etc/$f"; done
		exec env SYSTEMD_LOG_TARGET=console "$2/lib/systemd/systemd-resolved"
	' resolved "$dir" "$ROOT" >"$dir/log" 2>&1 9>&- &
	pid=$!
	for _ in $(seq 100); do
		[ -S "/proc/$pid/root/run/systemd/resolve/io.systemd.Resolve" ] && break
		alive "$pid" || break
		sleep 0.1
	done
	[ -S "/proc/$pid/root/run/systemd/resolve/io.systemd.Resolve" ] || {
		echo "resolved.sh: systemd-resolved did not start: $(tail -3 "$dir/log")" >&2
		kill "$pid" 2>/dev/null || true
		exit 1
	}
	echo "$pid" >"$dir/pid"
	;;
stop)
	[ -s "$dir/pid" ] || exit 0
	pid=$(cat "$dir/pid")
	kill "$pid" 2>/dev/null || true
	for _ in $(seq 50); do alive "$pid" || break; sleep 0.1; done
	rm -f "$dir/pid"
	;;
*)
	echo "usage: bench/resolved.sh start DIR UPSTREAM ANCHOR_DS | stop DIR" >&2
	exit 2
	;;
esac
