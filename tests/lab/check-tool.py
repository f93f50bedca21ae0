#!/usr/bin/python3
"""The lab's whole table (tests/lab/expect.tsv) through the project's own
validator:  nss-dnssec query --short --config run/nss-dnssec.conf --server
RESOLVER NAME TYPE, for the honest resolver, the attacker and the stripping
resolver.  run/nss-dnssec.conf names the lab's two trust anchors (the root's
and island.unsigned.lab.'s, see README.md).
Compares the verdict and, where the table gives one, the answer.  Prints one
line per row that fails, a summary per resolver and "N passed, N failed".
Run with the lab up (make check-lab runs it)."""
import collections, os, subprocess, sys
from concurrent.futures import ThreadPoolExecutor

here = os.path.dirname(os.path.abspath(__file__))
top = os.path.dirname(os.path.dirname(here))
tool = os.path.join(top, os.environ.get('O', 'build'), 'nss-dnssec')
sys.path.insert(0, here)
from labcheck import lab_env  # noqa: E402
env = lab_env()
servers = {'honest': env['LAB_HONEST'], 'attacker': env['LAB_ATTACKER'],
           'strip': env['LAB_STRIP'], 'delay': env['LAB_DELAY']}

rows = []
with open(os.path.join(here, 'expect.tsv')) as f:
    for line in f:
        if line.startswith('#') or not line.strip():
            continue
        rows.append(line.rstrip('\n').split('\t'))

def norm(s):
    return ','.join(sorted(x.strip().lower().replace(' ', '') for x in s.split(',') if x.strip()))

def run(row):
    name, rtype, resolver, verdict, rdata, rcode, case, known = row
    cmd = [tool, 'query', '--short', '--config', env['LAB_CONF'], '--server', servers[resolver], name, rtype]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    lines = p.stdout.splitlines()
    got = lines[0] if lines else '(nothing: ' + p.stderr.strip() + ')'
    data = ','.join(lines[1:]) or '-'
    ok = got == verdict
    if ok and rdata not in ('*', '-') and verdict in ('secure', 'insecure'):
        ok = norm(data) == norm(rdata)
    why = ''
    if not ok:
        long = subprocess.run([c for c in cmd if c != '--short'], capture_output=True, text=True, timeout=60)
        why = ' | '.join(l for l in long.stdout.splitlines() if l.startswith(('reason', 'verdict')))
    return row, ok, got, data, why

with ThreadPoolExecutor(max_workers=4) as ex:
    results = list(ex.map(run, rows))

per = collections.defaultdict(lambda: [0, 0])
for (name, rtype, resolver, verdict, rdata, rcode, case, known), ok, got, data, why in results:
    per[resolver][0 if ok else 1] += 1
    if not ok:
        print(f'FAIL {name} {rtype} via {resolver}: got {got} {data}; expected {verdict} {rdata} ({case}) :: {why}')
passed = sum(v[0] for v in per.values())
failed = sum(v[1] for v in per.values())
for r, (p, f) in sorted(per.items()):
    print(f'  {r:9} {p} passed, {f} failed')
print(f'lab-tool: {passed} passed, {failed} failed')
sys.exit(1 if failed or not passed else 0)
