#!/bin/sh
# The README's first command: nss-dnssec on the built-in lab, through
# glibc's own NSS machinery.  `getent ahosts` of a signed name through
# "hosts: files dnssec" (validated); the same name through an on-path
# attacker with plain "dns" (the forged address) and with "dnssec"
# (refused, with the module's log line); and a broken zone explained by
# `nss-dnssec why`.  Each getent runs in its own mount namespace with the
# lab's nsswitch.conf, resolv.conf and nss-dnssec.conf over /etc
# (tests/e2e/check-e2e.py --run): the host's own files are never touched.
# Starts the lab (root: port 53 on 127.53.0.0/16) and stops it.
set -eu
cd "$(dirname "$0")/.."
O=${O:-build}
export O
T=$O/nss-dnssec
# One lab per machine: hold its lock (tests/lab/lab.mk).
exec 9>/tmp/nss-dnssec-lab.lock
flock 9
tests/lab/up.sh >/dev/null
trap 'tests/lab/down.sh >/dev/null' EXIT INT TERM
. tests/lab/run/env
run() { # run RESOLVER(honest|attacker|dns-attacker) CMD...: in the namespace
	tests/e2e/check-e2e.py --run "$@" 2>&1 || echo "(exit status $?)"
	echo
}

echo "== 1. hosts: files dnssec, through the ISP resolver ($LAB_HONEST): validated"
echo "\$ getent ahosts sigkept.victim.lab"
run honest getent ahosts sigkept.victim.lab
echo "== 2. hosts: files dns, through an on-path attacker ($LAB_ATTACKER): the forged address"
echo "\$ getent ahosts sigkept.victim.lab"
run dns-attacker getent ahosts sigkept.victim.lab
echo "== 3. hosts: files dnssec, through the same attacker: refused, and the log line says why"
echo "\$ getent ahosts sigkept.victim.lab"
run attacker getent ahosts sigkept.victim.lab
echo "== 4. A zone whose KSK was rolled without updating the DS at the parent"
echo "\$ nss-dnssec why www.dsmismatch.lab"
"$T" why --anchor "$LAB_ANCHOR_KEY" --server "$LAB_HONEST" www.dsmismatch.lab || echo "(exit status $?)"
