#!/bin/sh
# bench/test-tools.sh O: checks of the benchmark's own tools (make
# check-bench-tools), which make bench's figures rest on: bench/paired's
# rounds and its refusals, crypto_floor's counts, analyze.py's interval.
# Nothing here is timed.
set -eu
O=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "check-bench-tools: $*" >&2; exit 1; }

# paired: every command once per round, in orders drawn per round.
printf 'a\ttrue\nb\tsh\t-c\texit 0\n# a comment\n\nc\tenv\n' >"$T/cmds"
"$O/bench/paired" -w 1 -r 12 "$T/cmds" "$T/out" || fail "paired failed on three commands that succeed"
[ "$(wc -l <"$T/out")" -eq 36 ] || fail "paired: want 36 lines (12 rounds x 3), got $(wc -l <"$T/out")"
awk -F '\t' 'NF != 5 || $3 !~ /^[0-9]+$/ || $4 !~ /^[0-9]+$/ || $5 !~ /^[0-9]+$/ { bad = 1 }
	{ seen[$1 " " $2]++ } END { for (k in seen) if (seen[k] != 1) bad = 1; exit bad }' "$T/out" ||
	fail "paired: a line is not round, label, three counts, or a command ran twice in a round"
orders=$(awk -F '\t' '{ o[$1] = o[$1] $2 } END { for (r in o) print o[r] }' "$T/out" | sort -u | wc -l)
[ "$orders" -ge 3 ] || fail "paired: the 12 rounds ran in $orders orders only"
# The same seed draws the same orders.
"$O/bench/paired" -w 1 -r 12 "$T/cmds" "$T/out2"
[ "$(cut -f1,2 "$T/out")" = "$(cut -f1,2 "$T/out2")" ] || fail "paired: one seed, two different orders"

# A command that fails stops the run, named.
printf 'ok\ttrue\nbroken\tfalse\n' >"$T/bad"
if "$O/bench/paired" -r 3 "$T/bad" "$T/out" 2>"$T/err"; then fail "paired: a failing command was timed"; fi
grep -q '^paired: broken: exited with 1$' "$T/err" || fail "paired: the failure does not name the command: $(cat "$T/err")"
printf 'lonely\n' >"$T/nocmd"
if "$O/bench/paired" "$T/nocmd" "$T/out" 2>"$T/err"; then fail "paired: a line without a command was accepted"; fi
grep -q "nocmd:1: want a label, a tab and a command" "$T/err" || fail "paired: no FILE:LINE for a bad line: $(cat "$T/err")"
if "$O/bench/paired" -r x "$T/cmds" "$T/out" 2>/dev/null; then fail "paired: -r x accepted"; fi

# crypto_floor: the floor, the chain's floor, refusals.
"$O/bench/crypto_floor" || fail "crypto_floor: the recorded signatures do not verify"
"$O/bench/crypto_floor" -c 4,4,2,4 || fail "crypto_floor -c 4,4,2,4 failed"
"$O/bench/crypto_floor" -c 0,3,0,1 || fail "crypto_floor -c 0,3,0,1 failed"
for bad in 1,1,0,1 2,1,3,1 65,0,1,0 1,1 x; do
	if "$O/bench/crypto_floor" -c "$bad" 2>/dev/null; then fail "crypto_floor -c $bad accepted"; fi
done

# analyze.py: the median's 95 % interval from order statistics.
/usr/bin/python3 - <<'PY' || fail "analyze.py: median_ci"
import importlib.util, sys
sys.argv = ["analyze.py", "--none"]
src = open("bench/analyze.py").read()
ns = {}
exec(compile(src.split("\nSECTIONS = ")[0], "analyze.py", "exec"), ns)
m = ns["median_ci"](list(range(100, 0, -1)))
assert m == (50.5, 41, 60), m
m = ns["median_ci"]([5.0])
assert m == (5.0, 5.0, 5.0), m
PY
echo "check-bench-tools: paired, crypto_floor and analyze.py as expected"
