#!/usr/bin/python3
"""bench/fallback.py (make bench-fallback): cold lookups in authoritative
fallback mode (issue 16) beside an iterating validating unbound with a
cold cache, and the fast path behind the honest resolver, in one run on
the lab (tests/lab, up: bench/fallback.sh brings it up and down).

For each name (BENCH_NAMES, default the lab's 2-, 3- and 4-label ECDSA
names), BENCH_RUNS times (default 7), each a cold process or a restarted
unbound:
* fallback: `nss-dnssec query NAME A` behind the stripping proxy with
  authoritative-fallback yes and the lab's root hints; queries and rounds
  from its cost line (resolver attempts and the walk, both), wall time of
  the whole process;
* unbound: the lab's reference unbound (validating, iterating from the
  lab root) on 127.53.58.1, started fresh (cold cache) for every lookup; one
  query (RD, DO) timed from the client; its queries and rounds from strace
  of a separate run of the same (connect() to port 53 per outgoing query;
  a round starts at the first query sent after an answer came in: an
  upper bound on its critical path);
* fast path: `nss-dnssec query NAME A` behind the honest resolver with the
  fallback on, and (BENCH_BASE_TOOL, main's parent aa40f50 built apart)
  the same without the fallback, for the same names.

The machine has no netem: the 20 ms path exists only in front of the
resolver.  The modelled cold time over a 20 ms path is rounds x 20 ms
(plus the loopback time), never measured.  Writes the "fallback" section
of bench/results.md (between its markers) and the raw rows to
$BENCH_OUT/fallback.tsv."""
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time

import dns.flags
import dns.message
import dns.query

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'tests', 'lab'))
from labcheck import lab_env, write_conf  # noqa: E402

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
O = os.environ.get('O', 'build')
TOOL = os.path.join(TOP, O, 'nss-dnssec')
BASE_TOOL = os.environ.get('BENCH_BASE_TOOL', '')
BASE_LABEL = os.environ.get('BENCH_BASE_LABEL', 'aa40f50')
RUNS = int(os.environ.get('BENCH_RUNS', '7'))
NAMES = os.environ.get('BENCH_NAMES', 'alg13.lab www.alg13.lab www.sub.alg13.lab').split()
OUT = os.environ.get('BENCH_OUT', os.path.join(TOP, O, 'bench-out'))
UB_ADDR = '127.53.58.1'
RESULTS = os.path.join(TOP, 'bench', 'results.md')
BEGIN, END = '<!-- fallback: begin -->', '<!-- fallback: end -->'

env = lab_env()
RUN = env['LAB_RUN']
os.makedirs(OUT, exist_ok=True)
tmp = tempfile.mkdtemp(prefix='nss-dnssec-bench-fallback.')
os.chmod(tmp, 0o755)


def write(name, text):
    return write_conf(tmp, name, text)


base = open(env['LAB_CONF']).read()
CONF_OFF = write('off.conf', base)
CONF_ON = write('on.conf', base + f'authoritative-fallback yes\nroot-hints {env["LAB_ROOT_HINTS"]}\n')
COST = re.compile(r'^cost: (\d+) queries in (\d+) rounds? to ', re.M)


def tool_query(tool, conf, server, name):
    t0 = time.monotonic()
    p = subprocess.run([tool, 'query', '--config', conf, '--server', server, name, 'A'],
                       capture_output=True, text=True, timeout=60)
    ms = (time.monotonic() - t0) * 1000
    verdict = re.search(r'^verdict: (\S+)', p.stdout, re.M)
    cost = COST.search(p.stdout)
    if not verdict or verdict.group(1) != 'secure' or not cost:
        sys.exit(f'bench-fallback: {tool} query {name} @{server}: not secure\n{p.stdout}{p.stderr}')
    return int(cost.group(1)), int(cost.group(2)), ms


# The lab's reference unbound (validating, iterating from the lab root),
# on an address of its own, in the foreground, started anew for each lookup.
UB_CONF = os.path.join(tmp, 'unbound.conf')
conf = open(os.path.join(RUN, 'unbound-ref-honest.conf')).read().replace(env['LAB_REF_HONEST'], UB_ADDR)
for key, value in (('directory', tmp), ('pidfile', f'{tmp}/unbound.pid'), ('logfile', f'{tmp}/unbound.log')):
    conf = re.sub(rf'^    {key}: .*$', f'    {key}: "{value}"', conf, flags=re.M)
# No RFC 8145 key-tag query (not part of a lookup); a second instance must
# fail to bind, not share the port with a warm one.
conf = conf.replace('server:\n', 'server:\n    do-daemonize: no\n    trust-anchor-signaling: no\n    so-reuseport: no\n', 1)
with open(UB_CONF, 'w') as f:
    f.write(conf)


def ub_up(trace=None):
    cmd = ['unbound', '-d', '-c', UB_CONF]
    if trace:
        cmd = ['strace', '-f', '-tt', '-e', 'trace=connect,recvfrom,recv,recvmsg,read', '-o', trace] + cmd
    log = os.path.join(tmp, 'unbound.log')
    open(log, 'w').close()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # Wait (bounded: 20 s) until it serves; a query of ours would warm it.
    for _ in range(400):
        time.sleep(0.05)
        if 'start of service' in open(log).read():
            return p
    p.kill()
    sys.exit('bench-fallback: the bench unbound did not start')


def ub_down(p):
    """Stops unbound by its own PID: under strace, p is strace, which
    would only detach on a signal and leave unbound running, warm."""
    pid = int(open(os.path.join(tmp, 'unbound.pid')).read().split()[0])
    os.kill(pid, signal.SIGTERM)
    try:
        p.wait(10)
    except subprocess.TimeoutExpired:
        os.kill(pid, signal.SIGKILL)
        p.kill()
        p.wait()


def ub_query(name):
    q = dns.message.make_query(name, 'A', want_dnssec=True)
    t0 = time.monotonic()
    r = dns.query.udp(q, UB_ADDR, timeout=10)
    ms = (time.monotonic() - t0) * 1000
    if not r.flags & dns.flags.AD or not r.answer:
        sys.exit(f'bench-fallback: unbound {name}: not secure\n{r}')
    return ms


CONNECT = re.compile(r'^(\d+) +\S+ connect\((\d+), \{sa_family=AF_INET, sin_port=htons\(53\), sin_addr=inet_addr\("([\d.]+)"\)')
RECV = re.compile(r'^(\d+) +\S+ (?:recvfrom|recv|recvmsg|read)\((\d+),.*= (\d+)$')


def ub_count(trace):
    """Outgoing queries and rounds from the strace of one cold lookup."""
    out_fds, queries, rounds, answered = set(), 0, 0, True
    for line in open(trace):
        m = CONNECT.match(line)
        if m and m.group(3) != UB_ADDR:
            out_fds.add(m.group(2))
            queries += 1
            if answered:
                rounds += 1
                answered = False
            continue
        m = RECV.match(line)
        if m and m.group(2) in out_fds and int(m.group(3)) > 0:
            answered = True
    return queries, rounds


LOAD_BEFORE = open('/proc/loadavg').read().split()[:3]
rows = []	# (name, what, queries, rounds, ms)
for name in NAMES:
    for _ in range(RUNS):
        rows.append((name, 'fallback', *tool_query(TOOL, CONF_ON, env['LAB_STRIP'], name)))
        rows.append((name, 'fast', *tool_query(TOOL, CONF_ON, env['LAB_HONEST'], name)))
        if BASE_TOOL:
            rows.append((name, 'fast-base', *tool_query(BASE_TOOL, CONF_OFF, env['LAB_HONEST'], name)))
        p = ub_up()
        try:
            ms = ub_query(name)
        finally:
            ub_down(p)
        trace = os.path.join(tmp, 'unbound.strace')
        p = ub_up(trace)
        try:
            ub_query(name)
        finally:
            ub_down(p)
        q, rounds = ub_count(trace)
        if q == 0:
            sys.exit(f'bench-fallback: unbound answered {name} without a query: not cold')
        rows.append((name, 'unbound', q, rounds, ms))

subprocess.run(['rm', '-rf', tmp])
with open(os.path.join(OUT, 'fallback.tsv'), 'w') as f:
    f.write('name\twhat\tqueries\trounds\tms\n')
    for r in rows:
        f.write('\t'.join(str(x) if not isinstance(x, float) else f'{x:.2f}' for x in r) + '\n')


def med(name, what):
    sel = [r for r in rows if r[0] == name and r[1] == what]
    if not sel:
        return None
    return (statistics.median(r[2] for r in sel), statistics.median(r[3] for r in sel),
            statistics.median(r[4] for r in sel), min(r[4] for r in sel), max(r[4] for r in sel))


def cell(x):
    return '- | -' if x is None else f'{x[0]:g} / {x[1]:g} | {x[2]:.2f} ({x[3]:.2f}-{x[4]:.2f})'


def model(x):
    return '-' if x is None else f'{x[1] * 20 + x[2]:.0f}'


lines = [BEGIN, '## Authoritative fallback: cold lookups (issue 16)', '',
         f'Generated by `make bench-fallback` (bench/fallback.sh, bench/fallback.py) on '
         f'{time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}; nss-dnssec '
         f'{subprocess.run(["git", "describe", "--always", "--dirty"], cwd=TOP, capture_output=True, text=True).stdout.strip()}; '
         f'median of {RUNS} runs each, all in the same run; load average before/after '
         f'{" ".join(LOAD_BEFORE)} / {" ".join(open("/proc/loadavg").read().split()[:3])} (2 cores, shared).', '',
         'A cold lookup, every time: nss-dnssec in a fresh process (`nss-dnssec query NAME A`, empty process cache) '
         'behind the lab\'s stripping proxy with `authoritative-fallback yes` (its cost counts the resolver\'s '
         'attempt and the walk from the lab root); a validating unbound iterating from the lab root, restarted '
         'before every lookup (cold cache), one query timed from the client (unbound\'s start not included).  '
         'unbound\'s queries: its connect() calls to port 53 (strace, a separate run of the same lookup); its '
         'rounds: a round starts at the first query sent after an answer came in (an upper bound on its '
         'critical path).  The milliseconds are not alike: nss-dnssec\'s are a whole process (exec, OpenSSL start, '
         'the stripping proxy in Python, the resolver\'s attempt), unbound\'s one query to a running daemon.', '',
         'No netem on this machine: the lab\'s 20 ms path exists only in front of the resolver, so the time '
         'over a 20 ms path to every authoritative server is **modelled**, rounds × 20 ms + the loopback time, '
         'not measured.  Queries and rounds are the figures to compare; milliseconds are on loopback, median (min-max).', '',
         '| name | labels | nss-dnssec fallback q / rounds | ms | unbound cold q / rounds | ms '
         '| modelled @20 ms: nss-dnssec | modelled @20 ms: unbound |',
         '|---|---|---|---|---|---|---|---|']
for n in NAMES:
    fb, ub = med(n, 'fallback'), med(n, 'unbound')
    lines.append(f'| {n} | {n.count(".") + 1} | {cell(fb)} | {cell(ub)} | {model(fb)} | {model(ub)} |')
lines += ['', '### Fast path behind the honest resolver', '',
          'The same names, the same run: `nss-dnssec query` behind the lab\'s honest resolver (warm) with the '
          'fallback on' + (f', and the build of {BASE_LABEL} (main before the fallback) with its configuration'
                           if BASE_TOOL else '') + '.  It must not have become slower: same queries, one round.', '',
          '| name | labels | fallback on: q / rounds | ms' + (f' | {BASE_LABEL}: q / rounds | ms' if BASE_TOOL else '') + ' |',
          '|---|---|---|---' + ('|---|---' if BASE_TOOL else '') + '|']
for n in NAMES:
    lines.append(f'| {n} | {n.count(".") + 1} | {cell(med(n, "fast"))}' +
                 (f' | {cell(med(n, "fast-base"))}' if BASE_TOOL else '') + ' |')
lines.append(END)
section = '\n'.join(lines) + '\n'

text = open(RESULTS).read()
if BEGIN in text:
    text = text[:text.index(BEGIN)] + section + text[text.index(END) + len(END) + 1:]
else:
    text = text.rstrip('\n') + '\n\n' + section
with open(RESULTS, 'w') as f:
    f.write(text)
print(section)
