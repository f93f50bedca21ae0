#!/bin/sh
# NetworkManager dispatcher hook of libnss-dnssec, installed as
# /usr/lib/NetworkManager/dispatcher.d/90-nss-dnssec.
#
# Off unless the configuration says "networkmanager-vpn-ntas yes"
# (nss-dnssec.conf(5)).  When on: while a VPN connection is up (vpn-up, and
# "up" of a WireGuard interface), its DNS search domains are negative trust
# anchors in /run/nss-dnssec.d/nm-UUID.conf, so that the internal zones only
# the VPN's resolver knows are answered as insecure instead of bogus; the
# file goes away on vpn-down / down.  The module notices the change of the
# directory at its next lookup.
#
# NetworkManager-dispatcher(8): $1 the interface, $2 the action; the
# connection's UUID in CONNECTION_UUID, its search domains in
# VPN_IP4_DOMAINS / VPN_IP6_DOMAINS (VPN) or IP4_DOMAINS / IP6_DOMAINS
# (device), space-separated; routing-only domains start with "~".
set -uf
export LC_ALL=C
PATH=/usr/sbin:/usr/bin:/sbin:/bin

IFACE=${1:-}
ACTION=${2:-}
CONF=/etc/nss-dnssec.conf
CONF_DIR=/etc/nss-dnssec.d
RUN_DIR=/run/nss-dnssec.d
# More than this from one connection is not a list of search domains; the
# module accepts 256 negative trust anchors in all (STUB_NTAS_MAX).
MAX_DOMAINS=32

# Bounded: a log daemon that does not read must not hold the dispatcher
# (or the link) up.
say() {
	timeout 5 logger -t nss-dnssec -p daemon.notice -- "NetworkManager hook: $*" 2>/dev/null || true
}

# The last networkmanager-vpn-ntas line of the configuration and its
# drop-ins, in the order the module reads them.
enabled=no
set +f
for f in "$CONF" "$CONF_DIR"/*.conf; do
	[ -f "$f" ] || continue
	v=$(sed -n 's/^[[:space:]]*networkmanager-vpn-ntas[[:space:]][[:space:]]*\([a-z]*\)[[:space:]]*\(#.*\)\{0,1\}$/\1/p' "$f" | tail -n 1)
	[ -n "$v" ] && enabled=$v
done
set -f
[ "$enabled" = yes ] || exit 0

uuid=${CONNECTION_UUID:-}
case "$uuid" in
"" | *[!0-9A-Fa-f-]*) exit 0 ;;
esac
file="$RUN_DIR/nm-$uuid.conf"

is_wireguard() {
	case "$IFACE" in
	"" | . | .. | */*) return 1 ;;
	esac
	grep -qx 'DEVTYPE=wireguard' "/sys/class/net/$IFACE/uevent" 2>/dev/null
}

write_ntas() {
	out=""
	n=0
	# Split on blanks on purpose; globbing is off (set -f).
	# shellcheck disable=SC2048
	for d in $*; do
		d=${d#\~}
		d=${d%.}
		case "$d" in
		"" | *[!A-Za-z0-9._-]* | .* | *..*)
			# "~." routes every name through the VPN: an NTA for the
			# root would turn validation off; never.
			[ -z "$d" ] || say "connection $uuid: search domain \"$d\" skipped (not a domain name)"
			continue ;;
		esac
		n=$((n + 1))
		if [ "$n" -gt "$MAX_DOMAINS" ]; then
			say "connection $uuid: more than $MAX_DOMAINS search domains, the rest skipped"
			break
		fi
		out="${out}negative-trust-anchor $d
"
	done
	if [ -z "$out" ]; then
		rm -f "$file"
		return 0
	fi
	mkdir -p "$RUN_DIR" && chmod 0755 "$RUN_DIR" || return 1
	# A hidden name is not a drop-in; the rename makes the whole file
	# appear at once, and changes the directory the module watches.
	tmp=$(mktemp "$RUN_DIR/.nm-XXXXXXXX") || return 1
	if printf '# written by the NetworkManager hook for connection %s (%s)\n%s' \
		"$uuid" "$IFACE" "$out" >"$tmp" && chmod 0644 "$tmp" && mv -f "$tmp" "$file"; then
		say "connection $uuid ($IFACE): negative trust anchors for $(printf '%s' "$out" | sed 's/^negative-trust-anchor //' | tr '\n' ' ')"
	else
		rm -f "$tmp"
		return 1
	fi
}

case "$ACTION" in
vpn-up)
	write_ntas "${VPN_IP4_DOMAINS:-} ${VPN_IP6_DOMAINS:-}" ;;
up)
	if is_wireguard; then
		write_ntas "${IP4_DOMAINS:-} ${IP6_DOMAINS:-}"
	fi ;;
vpn-down | down)
	if [ -e "$file" ]; then
		rm -f "$file"
		say "connection $uuid ($IFACE) down: its negative trust anchors removed"
	fi ;;
esac
exit 0
