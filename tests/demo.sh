#!/bin/sh
# The README's first command: nss-dnssec on the built-in lab.  A validated
# lookup; the same name forged by an on-path attacker, which plain DNS
# believes and nss-dnssec refuses; and the operator mistake it names.
# Starts the lab (root: it binds port 53 on 127.53.0.0/16) and stops it.
set -eu
cd "$(dirname "$0")/.."
O=${O:-build}
T=$O/nss-dnssec
tests/lab/up.sh >/dev/null
trap 'tests/lab/down.sh >/dev/null' EXIT INT TERM
. tests/lab/run/env
q() { echo "\$ nss-dnssec query --server $1 ${2} ${3}"; "$T" query --anchor "$LAB_ANCHOR_KEY" --server "$1" "$2" "$3" || echo "(exit status $?)"; echo; }

echo "== 1. A signed name through the ISP resolver ($LAB_HONEST): validated"
q "$LAB_HONEST" sigkept.victim.lab A
echo "== 2. The same name through an on-path attacker ($LAB_ATTACKER)"
echo "\$ dig +short @$LAB_ATTACKER sigkept.victim.lab A        # plain, unvalidated DNS"
dig +short +time=2 +tries=1 "@$LAB_ATTACKER" sigkept.victim.lab A
echo "(the forged address; what every program gets without validation)"
echo
q "$LAB_ATTACKER" sigkept.victim.lab A
echo "== 3. A zone whose KSK was rolled without updating the DS at the parent"
q "$LAB_HONEST" www.dsmismatch.lab A
