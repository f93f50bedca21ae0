#!/bin/sh
# Build the lab from scratch (keys, zones, signatures) and start it:
# 4 NSD (one per zone level), the ISP resolver (unbound, iterator only), the
# forging / stripping / delaying proxies, 4 validating unbound references and
# the HTTP server.  Addresses in README.md and run/env.  Needs root (ports 53
# and 80 on 127.53.0.0/16).  Running it again restarts the lab (down.sh first).
# Everything is written under tests/lab/run/; nothing outside it is touched.
set -eu
LAB=$(cd "$(dirname "$0")" && pwd -P)
RUN=$LAB/run
PY=/usr/bin/python3
T0=$(date +%s.%N)

die() { echo "lab up: $*" >&2; exit 1; }

# ---------------------------------------------------------------- checks
missing=""
for t in nsd nsd-checkconf unbound unbound-checkconf dig delv dnssec-keygen \
    dnssec-signzone dnssec-dsfromkey ldns-signzone; do
    command -v "$t" >/dev/null 2>&1 || missing="$missing $t"
done
"$PY" -c 'import dns.dnssec' 2>/dev/null || missing="$missing python3-dnspython"
"$PY" -c 'import cryptography' 2>/dev/null || missing="$missing python3-cryptography"
[ -z "$missing" ] || die "missing:$missing (apt-get install nsd unbound bind9-utils bind9-dnsutils ldnsutils python3-dnspython python3-cryptography)"
[ "$(id -u)" = 0 ] || die "needs root (binds port 53 and 80 on 127.53.0.0/16)"

"$LAB/down.sh" >/dev/null
rm -rf "$RUN"
mkdir -p "$RUN"

# On failure, stop whatever already started; keep run/ for the logs.
ok=0
trap '[ $ok = 1 ] || { echo "lab up: FAILED, stopping what was started (logs kept in $RUN)" >&2; "$LAB/down.sh" >/dev/null 2>&1 || true; }' EXIT

# ---------------------------------------------------------------- addresses
ROOT_NS=127.53.0.1; TLD_NS=127.53.1.1; CHILD_NS=127.53.2.1; GRAND_NS=127.53.3.1
HONEST=127.53.53.1; ATTACKER=127.53.53.2; STRIP=127.53.53.3; DELAY=127.53.53.4; REPLAY=127.53.53.5
DNS64=127.53.56.1
PDNS=127.53.57.1; DNSMASQ=127.53.57.2; DNSMASQ_FILTER=127.53.57.3
REF_HONEST=127.53.54.1; REF_ATTACKER=127.53.54.2; REF_STRIP=127.53.54.3; REF_DELAY=127.53.54.4
HTTP=127.53.80.1; HTTP_FORGED=127.53.80.66
HONEST_CTL_PORT=8953

# ---------------------------------------------------------------- helpers
alive() { [ -r "/proc/$1/stat" ] && ! sed 's/^.*) //' "/proc/$1/stat" | grep -q '^[ZX]'; }

# wait_dns WHAT PIDFILE LOG ADDR QNAME QTYPE [WANT]: bounded wait until ADDR
# answers (dig exit 0 and, if given, the reply contains WANT).
wait_dns() {
    what=$1 pidf=$2 logf=$3 addr=$4 qn=$5 qt=$6 want=${7:-}
    i=0
    while [ $i -lt 60 ]; do
        spawn=${pidf%.pid}.spawn
        if [ ! -s "$pidf" ] && [ -s "$spawn" ] && ! alive "$(cat "$spawn")"; then
            die "$what exited right after start; see $logf"
        fi
        if [ -s "$pidf" ]; then
            pid=$(cat "$pidf")
            alive "$pid" || die "$what exited right after start; see $logf"
            if out=$(dig @"$addr" +time=1 +tries=1 +dnssec "$qn" "$qt" 2>&1); then
                if [ -z "$want" ] || printf '%s\n' "$out" | grep -q -- "$want"; then
                    return 0
                fi
            fi
        fi
        sleep 0.25
        i=$((i + 1))
    done
    die "$what on $addr did not answer $qn/$qt${want:+ with '$want'} within 15 s; see $logf"
}

# ---------------------------------------------------------------- zones
"$PY" "$LAB/mkzones.py" "$RUN" || die "building keys/zones failed; see $RUN/build.log"
T1=$(date +%s.%N)

# ---------------------------------------------------------------- NSD, one per level
start_nsd() { # name level addr
    n=$1 lvl=$2 addr=$3
    conf=$RUN/nsd-$n.conf
    mkdir -p "$RUN/nsd-$n"
    cat > "$conf" <<EOF
server:
    ip-address: $addr
    port: 53
    do-ip6: no
    username: ""
    chroot: ""
    zonesdir: "$RUN/zones"
    pidfile: "$RUN/nsd-$n.pid"
    logfile: "$RUN/nsd-$n.log"
    xfrdfile: "$RUN/nsd-$n/xfrd.state"
    zonelistfile: "$RUN/nsd-$n/zone.list"
    xfrdir: "$RUN/nsd-$n"
    database: ""
    server-count: 1
    verbosity: 1
    hide-version: yes
    # The authoritative fallback (check-fallback.py) sends a lookup's
    # walks as bursts from one address; NSD's response rate limiting
    # would answer some of them truncated or not at all.
    rrl-ratelimit: 0
remote-control:
    control-enable: no
EOF
    awk -F '\t' -v l="$lvl" '$1 == l { printf "zone:\n    name: \"%s\"\n    zonefile: \"%s\"\n", $2, $3 }' \
        "$RUN/zones/manifest.tsv" >> "$conf"
    nsd-checkconf "$conf" || die "nsd-checkconf rejected $conf"
    nsd -c "$conf" || die "NSD $n failed to start; see $RUN/nsd-$n.log"
    first=$(awk -F '\t' -v l="$lvl" '$1 == l { print $2; exit }' "$RUN/zones/manifest.tsv")
    wait_dns "NSD $n" "$RUN/nsd-$n.pid" "$RUN/nsd-$n.log" "$addr" "$first" SOA "flags: qr aa"
    # every zone of the level must have loaded
    awk -F '\t' -v l="$lvl" '$1 == l { print $2 }' "$RUN/zones/manifest.tsv" | while read -r z; do
        dig @"$addr" +time=1 +tries=2 +norec "$z" SOA | grep -q 'flags: qr aa' ||
            die "NSD $n does not serve $z; see $RUN/nsd-$n.log"
    done
}
start_nsd root 0 $ROOT_NS
start_nsd tld 1 $TLD_NS
start_nsd child 2 $CHILD_NS
start_nsd grandchild 3 $GRAND_NS

# ---------------------------------------------------------------- unbound
# start_unbound NAME ADDR MODULES [FORWARD_TO]
start_unbound() {
    n=$1 addr=$2 modules=$3 fwd=${4:-}
    conf=$RUN/unbound-$n.conf
    cat > "$conf" <<EOF
server:
    interface: $addr
    outgoing-interface: $addr
    port: 53
    num-threads: 1
    username: ""
    chroot: ""
    directory: "$RUN"
    pidfile: "$RUN/unbound-$n.pid"
    logfile: "$RUN/unbound-$n.log"
    use-syslog: no
    verbosity: 1
    log-queries: yes
    log-servfail: yes
    do-ip6: no
    do-not-query-localhost: no
    access-control: 127.0.0.0/8 allow
    module-config: "$modules"
    root-hints: "$RUN/root.hints"
    harden-referral-path: no
    prefetch: no
    serve-expired: no
    # the lab serves signed reverse zones that unbound would otherwise answer itself
    local-zone: "127.in-addr.arpa." nodefault
    local-zone: "8.b.d.0.1.0.0.2.ip6.arpa." nodefault
EOF
    case $modules in
    dns64*) printf '    dns64-prefix: 64:ff9b::/96\n' >> "$conf" ;;
    validator*) cat >> "$conf" <<EOF
    trust-anchor-file: "$RUN/anchor.key"
    trust-anchor-file: "$RUN/anchor-island.key"
    val-log-level: 2
    ede: yes
EOF
    esac
    if [ "$n" = isp ]; then
        cat >> "$conf" <<EOF
remote-control:
    control-enable: yes
    control-interface: $addr
    control-port: $HONEST_CTL_PORT
    control-use-cert: no
EOF
    else
        printf 'remote-control:\n    control-enable: no\n' >> "$conf"
    fi
    if [ -n "$fwd" ]; then
        printf 'forward-zone:\n    name: "."\n    forward-addr: %s\n    forward-first: no\n' "$fwd" >> "$conf"
    fi
    unbound-checkconf "$conf" >/dev/null || die "unbound-checkconf rejected $conf"
    unbound -c "$conf" || die "unbound $n failed to start; see $RUN/unbound-$n.log"
}

start_unbound isp $HONEST "iterator"
wait_dns "unbound isp (honest resolver)" "$RUN/unbound-isp.pid" "$RUN/unbound-isp.log" \
    $HONEST www.alg13.lab A "RRSIG"

# The DNS64 of an IPv6-only network (RFC 6147), no validation, in front of
# the honest resolver: synthesizes AAAA under 64:ff9b::/96 for names with
# only A records (RFC 6147 §5.5: not for queries with DO and CD).
start_unbound dns64 $DNS64 "dns64 iterator" $HONEST
wait_dns "unbound dns64" "$RUN/unbound-dns64.pid" "$RUN/unbound-dns64.log" \
    $DNS64 ipv4only.arpa AAAA "64:ff9b::c000:aa"

# ---------------------------------------------------------------- proxies, HTTP
start_py() { # name script args...
    n=$1; shift; script=$1; shift
    setsid "$PY" "$LAB/$script" "$@" --pidfile "$RUN/$n.pid" \
        </dev/null >>"$RUN/$n.stderr" 2>&1 &
    echo $! > "$RUN/$n.spawn"   # the script writes $n.pid itself once its sockets are bound
}
start_py proxy-forge proxy.py --mode forge --listen $ATTACKER --upstream $HONEST --log "$RUN/proxy-forge.log" --data "$RUN/forgeries.txt"
start_py proxy-strip proxy.py --mode strip --listen $STRIP --upstream $HONEST --log "$RUN/proxy-strip.log"
start_py proxy-delay proxy.py --mode delay --listen $DELAY --upstream $HONEST --log "$RUN/proxy-delay.log" --delay-ms 20
start_py proxy-replay proxy.py --mode replay --listen $REPLAY --upstream $HONEST --log "$RUN/proxy-replay.log"
start_py httpd httpd.py --log "$RUN/httpd.log"
wait_dns "forging proxy" "$RUN/proxy-forge.pid" "$RUN/proxy-forge.stderr" $ATTACKER sigkept.victim.lab A "127.53.80.66"
wait_dns "stripping proxy" "$RUN/proxy-strip.pid" "$RUN/proxy-strip.stderr" $STRIP www.alg13.lab A "127.53.10.13"
wait_dns "delay proxy" "$RUN/proxy-delay.pid" "$RUN/proxy-delay.stderr" $DELAY www.alg13.lab A "RRSIG"
wait_dns "replaying proxy" "$RUN/proxy-replay.pid" "$RUN/proxy-replay.stderr" $REPLAY www.alg13.lab A "RRSIG"
dig @$STRIP +dnssec +time=2 +tries=1 www.alg13.lab A | grep -q RRSIG &&
    die "stripping proxy lets RRSIG through; see $RUN/proxy-strip.log"

i=0
until "$PY" -c "import urllib.request as u, sys; o = u.build_opener(u.ProxyHandler({})); sys.exit('genuine' not in o.open('http://$HTTP/', timeout=1).read().decode())" 2>/dev/null; do
    i=$((i + 1))
    [ $i -lt 40 ] || die "HTTP server on $HTTP:80 does not answer; see $RUN/httpd.stderr"
    sleep 0.25
done

# ---------------------------------------------------------------- misbehaving resolvers
# Real resolver programs from Debian that mishandle DNSSEC (issue 16), each
# on its own address.  tests/install-deps.sh unpacks pdns_recursor into
# PDNS_ROOT without installing it (no service, nothing in /etc changes);
# dnsmasq-base ships no service at all.
PDNS_ROOT=${PDNS_ROOT:-/opt/nss-dnssec-tests/pdns-recursor}
PDNS_BIN=$PDNS_ROOT/usr/sbin/pdns_recursor
DNSMASQ_BIN=$(command -v dnsmasq || echo /usr/sbin/dnsmasq)
[ -x "$PDNS_BIN" ] || die "missing $PDNS_BIN (tests/install-deps.sh unpacks pdns-recursor there)"
[ -x "$DNSMASQ_BIN" ] || die "missing dnsmasq (apt-get install dnsmasq-base)"

# PowerDNS Recursor with dnssec=off, iterating from the lab root: it sends
# no DO upstream and answers DO queries without any DNSSEC record.
mkdir -p "$RUN/pdns"
cat > "$RUN/pdns/recursor.conf" <<EOF
local-address=$PDNS
local-port=53
query-local-address=$PDNS
allow-from=127.0.0.0/8
dont-query=
hint-file=$RUN/root.hints
dnssec=off
daemon=no
write-pid=no
socket-dir=$RUN/pdns
disable-syslog=yes
log-timestamp=no
quiet=no
threads=1
pdns-distributes-queries=no
reuseport=no
EOF
setsid "$PDNS_BIN" --config-dir="$RUN/pdns" </dev/null >>"$RUN/pdns.log" 2>&1 &
echo $! > "$RUN/pdns.pid"
wait_dns "pdns_recursor (dnssec=off)" "$RUN/pdns.pid" "$RUN/pdns.log" $PDNS www.alg13.lab A "127.53.10.13"

# dnsmasq with its cache on, forwarding to the honest resolver: a home
# router.  The third filters AAAA records out of every answer
# (--filter-AAAA, a router option).
start_dnsmasq() { # name addr extra-options...
    n=$1 addr=$2; shift 2
    setsid "$DNSMASQ_BIN" --keep-in-foreground --conf-file=/dev/null --no-resolv --no-hosts \
        --no-poll --user=root --group=root --listen-address="$addr" --bind-interfaces --port=53 \
        --server=$HONEST --cache-size=1000 --pid-file= --log-queries=extra \
        --log-facility="$RUN/$n.log" "$@" </dev/null >>"$RUN/$n.stderr" 2>&1 &
    echo $! > "$RUN/$n.pid"
}
start_dnsmasq dnsmasq $DNSMASQ
start_dnsmasq dnsmasq-filter $DNSMASQ_FILTER --filter-AAAA
wait_dns "dnsmasq" "$RUN/dnsmasq.pid" "$RUN/dnsmasq.stderr" $DNSMASQ www.alg13.lab A "127.53.10.13"
wait_dns "dnsmasq --filter-AAAA" "$RUN/dnsmasq-filter.pid" "$RUN/dnsmasq-filter.stderr" $DNSMASQ_FILTER www.alg13.lab A "127.53.10.13"
# Each must misbehave as README.md says, or the tests behind it test nothing.
dig @$PDNS +dnssec +cd +time=2 +tries=1 alg13.lab DNSKEY | grep -q RRSIG &&
    die "pdns_recursor with dnssec=off returns RRSIGs; see $RUN/pdns.log"
dig @$DNSMASQ_FILTER +dnssec +cd +time=2 +tries=1 v6.alg13.lab AAAA | grep -q '2001:db8' &&
    die "dnsmasq --filter-AAAA lets AAAA through; see $RUN/dnsmasq-filter.log"

# ---------------------------------------------------------------- validating references
start_unbound ref-honest $REF_HONEST "validator iterator"
start_unbound ref-attacker $REF_ATTACKER "validator iterator" $ATTACKER
start_unbound ref-strip $REF_STRIP "validator iterator" $STRIP
start_unbound ref-delay $REF_DELAY "validator iterator" $DELAY
wait_dns "unbound ref-honest" "$RUN/unbound-ref-honest.pid" "$RUN/unbound-ref-honest.log" $REF_HONEST www.alg13.lab A "flags: qr rd ra ad"
wait_dns "unbound ref-attacker" "$RUN/unbound-ref-attacker.pid" "$RUN/unbound-ref-attacker.log" $REF_ATTACKER www.alg13.lab A "flags: qr rd ra ad"
wait_dns "unbound ref-strip" "$RUN/unbound-ref-strip.pid" "$RUN/unbound-ref-strip.log" $REF_STRIP www.alg13.lab A "status: SERVFAIL"
wait_dns "unbound ref-delay" "$RUN/unbound-ref-delay.pid" "$RUN/unbound-ref-delay.log" $REF_DELAY www.alg13.lab A "flags: qr rd ra ad"

# ---------------------------------------------------------------- files for tests
for r in honest:$HONEST attacker:$ATTACKER strip:$STRIP delay:$DELAY replay:$REPLAY dns64:$DNS64 \
    pdns:$PDNS dnsmasq:$DNSMASQ dnsmasq-filter:$DNSMASQ_FILTER; do
    printf '# nss-dnssec lab: %s resolver\nnameserver %s\n' "${r%%:*}" "${r#*:}" > "$RUN/resolv.conf.${r%%:*}"
done
cat > "$RUN/env" <<EOF
# nss-dnssec lab, written by up.sh on $(date -u +%Y-%m-%dT%H:%M:%SZ); source it.
LAB_DIR=$LAB
LAB_RUN=$RUN
LAB_ROOT_NS=$ROOT_NS
LAB_TLD_NS=$TLD_NS
LAB_CHILD_NS=$CHILD_NS
LAB_GRANDCHILD_NS=$GRAND_NS
LAB_HONEST=$HONEST
LAB_ATTACKER=$ATTACKER
LAB_STRIP=$STRIP
LAB_DELAY=$DELAY
LAB_DNS64=$DNS64
LAB_REPLAY=$REPLAY
LAB_PDNS=$PDNS
LAB_DNSMASQ=$DNSMASQ
LAB_DNSMASQ_FILTER=$DNSMASQ_FILTER
LAB_REF_HONEST=$REF_HONEST
LAB_REF_ATTACKER=$REF_ATTACKER
LAB_REF_STRIP=$REF_STRIP
LAB_REF_DELAY=$REF_DELAY
LAB_HONEST_CONTROL=$HONEST@$HONEST_CTL_PORT
LAB_HTTP=$HTTP
LAB_HTTP_FORGED=$HTTP_FORGED
LAB_ANCHOR_KEY=$RUN/anchor.key
LAB_ANCHOR_DS=$RUN/anchor.ds
LAB_DELV_ANCHOR=$RUN/anchor.delv.conf
LAB_ANCHOR_ISLAND=$RUN/anchor-island.key
LAB_DELV_ANCHOR_ISLAND=$RUN/anchor-island.delv.conf
LAB_ISLAND=island.unsigned.lab.
LAB_CONF=$RUN/nss-dnssec.conf
LAB_ROOT_HINTS=$RUN/root.hints
LAB_ROOT_KEYTAG=$(sed -n 's/.*key tag \([0-9]*\).*/\1/p' "$RUN/anchor.key")
LAB_BUILT=$(date -u +%Y%m%d%H%M%S)
EOF

T2=$(date +%s.%N)
ok=1
awk -v a="$T0" -v b="$T1" -v c="$T2" 'BEGIN { printf "lab up: built in %.1f s, started in %.1f s, total %.1f s\n", b - a, c - b, c - a }' |
    tee "$RUN/timing"
echo "lab up: $(ls "$RUN"/*.pid | wc -l) processes; addresses in $RUN/env"
