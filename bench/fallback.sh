#!/bin/bash
# bench/fallback.sh (make bench-fallback): the authoritative fallback's cold
# lookups beside a cold iterating validating unbound, and the fast path,
# in one run on the lab (bench/fallback.py says what and how).  Writes the
# "fallback" section of bench/results.md.  Needs root (the lab binds port
# 53), unbound, strace, python3-dnspython.  Knobs: BENCH_RUNS (default 7),
# BENCH_NAMES, BENCH_BASE_TOOL (an nss-dnssec built from main before the
# fallback, e.g. aa40f50: `git archive aa40f50 | tar -x -C DIR; make -C DIR`),
# BENCH_BASE_LABEL, LAB_LOCK (as tests/lab/lab.mk).  The lab runs here
# (a private network namespace is fine: unshare -n).
set -euo pipefail
cd "$(dirname "$0")/.."
O=${O:-build}
for tool in unbound strace ss; do
	command -v "$tool" >/dev/null || { echo "bench-fallback: $tool is missing" >&2; exit 1; }
done
[ -x "$O/nss-dnssec" ] || { echo "bench-fallback: build first (make bench-fallback does)" >&2; exit 1; }
exec 9>"${LAB_LOCK:-/tmp/nss-dnssec-lab.lock}"
flock 9
trap 'tests/lab/down.sh >/dev/null 2>&1 9>&- || true' EXIT
trap 'exit 130' INT TERM HUP
tests/lab/up.sh >/dev/null 9>&-
O=$O /usr/bin/python3 bench/fallback.py 9>&-
