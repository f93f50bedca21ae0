#!/usr/bin/python3
"""nss-dnssec probe, and the module, behind real misbehaving resolvers (issue 16).

The probe (tools/tool_probe.c) runs against each lab resolver with
--name alg13.lab --bogus www.expired.lab --aaaa v6.alg13.lab
--large big.alg13.lab TXT and a root hints file written here (the lab root,
127.53.0.1; never the real root servers).  Every check line's result (ok,
FAIL, skip) is asserted, and the exit status:

* honest (unbound iterator, 127.53.53.1): every line ok, exit 0;
* strip (the lab's stripping proxy, 127.53.53.3): DO cleared, no RRSIG, no
  DNSKEY, no DS or its proof, no denial proof: exit 1 (the root hints
  answer), and exit 2 with a hints file that names only 127.53.94.1, where
  nothing listens;
* pdns (PowerDNS Recursor, dnssec=off, 127.53.57.1): EDNS with a 512-octet
  buffer, DO cleared, DNSKEY and DS without RRSIG, no denial proof: exit 1;
* dnsmasq (2.90, cache on, 127.53.57.2): DNSSEC-transparent, every line ok
  (its cache serves only queries without DO; a name first asked without EDNS
  comes back with its proof), exit 0;
* dnsmasq --filter-AAAA (127.53.57.3): AAAA answered NOERROR without the
  records and without a proof; every other line ok; exit 1.

A probe's run time per resolver is printed (20-90 ms in the lab); a silent
server and hint take 8.5 s, within the probe's bounds (asserted).

Then the module itself: through glibc (getent ahosts, getaddrinfo; the mount
namespace of tests/e2e/check-e2e.py --run) and through `nss-dnssec query
--server`, behind pdns, dnsmasq and dnsmasq --filter-AAAA: which verdict,
which EAI, which log line.  These record the module without the
authoritative fallback (issue 16's other half changes the pdns and filter
rows).  Assertions are on results, never on timings; the probe's run time
per resolver is printed.  Run with the lab up (make check-lab runs it)."""
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from labcheck import HERE, TOP, TOOL, E2E, Tally, lab_env  # noqa: E402

env = lab_env()
T = Tally('probe')
check = T.check


tmp = tempfile.mkdtemp(prefix='nss-dnssec-probe.')
HINTS = os.path.join(tmp, 'root.hints')
DEAD = os.path.join(tmp, 'dead.hints')
with open(HINTS, 'w') as f:
    f.write(f'.\t3600000\tNS\ta.root.lab.\na.root.lab.\t3600000\tA\t{env["LAB_ROOT_NS"]}\n')
with open(DEAD, 'w') as f:   # 127.53.94.x: nothing listens there (the "unreachable" of the lab)
    f.write('.\t3600000\tNS\ta.root.lab.\na.root.lab.\t3600000\tA\t127.53.94.1\n')

# The probe judges "only through the fallback" (exit 1) for a host whose
# configuration turns the fallback on; CONF_OFF is the lab's own (off).
CONF_ON = os.path.join(tmp, 'fallback-on.conf')
with open(CONF_ON, 'w') as f:
    f.write(open(env['LAB_CONF']).read() + f'authoritative-fallback yes\nroot-hints {HINTS}\n')

ARGS = ['--name', 'alg13.lab', '--bogus', 'www.expired.lab', '--aaaa', 'v6.alg13.lab',
        '--large', 'big.alg13.lab', 'TXT']
CHECKS = ['edns', 'do', 'cd', 'rrsig', 'dnskey', 'ds', 'denial', 'tcp', 'large', 'cached', 'aaaa']


def probe(server, hints=HINTS, args=ARGS, conf=CONF_ON):
    t0 = time.monotonic()
    hint_args = ['--root-hints', hints] if hints else []
    p = subprocess.run([TOOL, 'probe', '--config', conf, '--server', server] + hint_args
                       + args, capture_output=True, text=True, timeout=60)
    took = time.monotonic() - t0
    lines = dict((m.group(1), (m.group(2), m.group(3)))
                 for m in re.finditer(r'^  (\w+) +(ok|FAIL|skip) +(.*)$', p.stdout, re.M))
    return p, lines, took


ALL_OK = {c: 'ok' for c in CHECKS}
STRIPPED = dict(ALL_OK, do='FAIL', rrsig='FAIL', dnskey='FAIL', ds='FAIL', denial='FAIL', large='FAIL',
                aaaa='FAIL')
EXPECT = [
    # resolver, server, expected results, exit, how the detail reads
    ('honest', env['LAB_HONEST'], ALL_OK, 0, {'edns': 'buffer size 1232'}),
    ('strip', env['LAB_STRIP'], STRIPPED, 1, {'do': 'DO cleared', 'dnskey': 'NOERROR without the records'}),
    ('pdns', env['LAB_PDNS'], STRIPPED, 1,
     {'edns': 'buffer size 512', 'do': 'DO cleared', 'dnskey': 'without RRSIG', 'ds': 'without RRSIG',
      'denial': 'NXDOMAIN without NSEC/NSEC3 proof'}),
    ('dnsmasq', env['LAB_DNSMASQ'], ALL_OK, 0, {'cached': 'the same as a fresh name (NXDOMAIN, with proof)'}),
    ('dnsmasq --filter-AAAA', env['LAB_DNSMASQ_FILTER'], dict(ALL_OK, aaaa='FAIL'), 1,
     {'aaaa': 'NOERROR without records and without proof'}),
]
timings = []
for name, server, want, rc, details in EXPECT:
    p, lines, took = probe(server)
    timings.append((name, took))
    got = {c: lines.get(c, ('missing', ''))[0] for c in CHECKS}
    check(got == want, f'probe {name} ({server}): lines {got}, want {want}: {p.stdout}')
    check(p.returncode == rc, f'probe {name}: exit {p.returncode}, want {rc}: {p.stdout}{p.stderr}')
    check(f'server {server} (from --server)' in p.stdout, f'probe {name}: the output names the server: {p.stdout}')
    for c, text in details.items():
        check(text in lines.get(c, ('', ''))[1], f'probe {name}: the {c} line says "{text}": {lines.get(c)}')
    check(re.search(rf'^  {re.escape(env["LAB_ROOT_NS"])} +ok +DNSKEY \. with RRSIG', p.stdout, re.M) is not None,
          f'probe {name}: the lab root hint answers: {p.stdout}')

# The resolver unable and the root hints unreachable: not at all (2).
p, lines, took = probe(env['LAB_STRIP'], hints=DEAD)
timings.append(('strip, hints unreachable', took))
check(p.returncode == 2, f'probe strip with unreachable hints: exit 2: {p.returncode} {p.stdout}')
check(re.search(r'^  127\.53\.94\.1 +FAIL ', p.stdout, re.M) is not None,
      f'probe strip with unreachable hints: the hint line fails: {p.stdout}')
# A hints file as Debian ships it (comments, NS and A lines, TTLs): each
# address gets its own line; one that answers is enough for exit 1.
MIXED = os.path.join(tmp, 'mixed.hints')
with open(MIXED, 'w') as f:
    f.write(';       This file holds the information on root name servers\n'
            '.                        3600000      NS    A.ROOT.LAB.\n'
            'A.ROOT.LAB.              3600000      A     127.53.94.2 ; nothing listens\n'
            '.                        3600000      NS    B.ROOT.LAB.\n'
            f'B.ROOT.LAB.              3600000      A     {env["LAB_ROOT_NS"]}\n')
p, lines, took = probe(env['LAB_PDNS'], hints=MIXED)
check(p.returncode == 1 and re.search(r'^  127\.53\.94\.2 +FAIL ', p.stdout, re.M) is not None
      and re.search(rf'^  {re.escape(env["LAB_ROOT_NS"])} +ok ', p.stdout, re.M) is not None,
      f'probe pdns with a Debian-style hints file: one line per address, exit 1: {p.stdout}')
# The hints are read as the module reads them (strict): a malformed line is
# an error naming the file and line, and nothing is tried.
BAD = os.path.join(tmp, 'bad.hints')
with open(BAD, 'w') as f:
    f.write(open(MIXED).read() + 'B.ROOT.LAB.              3600000      A     not-an-address\n')
p, lines, took = probe(env['LAB_PDNS'], hints=BAD)
check(p.returncode == 2 and f'{BAD}:6' in p.stdout and 'DNSKEY .' not in p.stdout,
      f'probe with a malformed hints file: the error names FILE:LINE, exit 2: {p.stdout}')
# Without --root-hints the probe tries the configuration's root-hints.
p, lines, took = probe(env['LAB_STRIP'], hints=None)
check(p.returncode == 1 and f'root hints {HINTS}' in p.stdout,
      f'probe without --root-hints: the configuration\'s file: {p.stdout}')
# The fallback off in the configuration: the root servers answering does
# not make lookups validate (2), and the result line says why.
p, lines, took = probe(env['LAB_STRIP'], conf=env['LAB_CONF'])
check(p.returncode == 2 and 'authoritative-fallback is off' in p.stdout,
      f'probe with the fallback off: exit 2, saying so: {p.stdout}')
# A resolver that never answers (UDP read and dropped, TCP accepted and left
# silent, here on 127.53.94.9) and hints that do not either: every round
# ends at its deadline (STUB_PROBE_QUERY_MS 3000, three rounds; the hints
# STUB_PROBE_HINT_MS each): exit 2 in bounded time, every check FAIL.
SILENT = '127.53.94.9'
silent_u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
silent_u.bind((SILENT, 53))
silent_t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
silent_t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
silent_t.bind((SILENT, 53))
silent_t.listen(16)
SILENT_HINTS = os.path.join(tmp, 'silent.hints')
with open(SILENT_HINTS, 'w') as f:
    f.write(f'. 3600000 NS a.root.lab.\na.root.lab. 3600000 A {SILENT}\n')
p, lines, took = probe(SILENT, hints=SILENT_HINTS, args=['--name', 'alg13.lab'])
timings.append(('a silent server and hint', took))
silent_u.close()
silent_t.close()
check(p.returncode == 2 and all(lines.get(c, ('',))[0] == 'FAIL' for c in CHECKS if c not in ('large', 'aaaa')),
      f'probe of a silent server: every check FAIL, exit 2: {p.stdout}')
check(took < 3 * 3 + 1 + 5, f'probe of a silent server: within its bounds (3 rounds of 3 s, 1 s for the hint, '
      f'5 s of slack): {took:.1f} s')
# Without the optional names, their lines say they were skipped.
p, lines, took = probe(env['LAB_HONEST'], args=['--name', 'alg13.lab'])
check(p.returncode == 0 and lines.get('large', ('',))[0] == 'skip' and lines.get('aaaa', ('',))[0] == 'skip',
      f'probe honest without --large/--aaaa: exit 0, those lines skip: {p.stdout}')
# The default zone is the root: its DS is a NODATA proven by NSEC.
p, lines, took = probe(env['LAB_HONEST'], args=[])
check(p.returncode == 0 and 'no DS, proven by NSEC' in lines.get('ds', ('', ''))[1],
      f'probe honest, zone the root: exit 0, DS denied with a proof: {p.stdout}')
# A usage error is 64.
p = subprocess.run([TOOL, 'probe', '--large', 'big.alg13.lab'], capture_output=True, text=True, timeout=10)
check(p.returncode == 64, f'probe --large without TYPE: exit 64: {p.returncode} {p.stderr}')

# --- the module through the tool: nss-dnssec query --server ---------------


def query(server, name, qtype):
    p = subprocess.run([TOOL, 'query', '--config', env['LAB_CONF'], '--server', server, name, qtype],
                       capture_output=True, text=True, timeout=60)
    v = re.search(r'^verdict: (\S+)', p.stdout, re.M)
    r = re.search(r'^reason: (.*)$', p.stdout, re.M)
    return dict(out=p.stdout, verdict=v.group(1) if v else None, reason=r.group(1) if r else '')


TOOL_ROWS = [
    # server, name, type, verdict, a phrase of the reason (None: secure)
    (env['LAB_PDNS'], 'www.alg13.lab', 'A', 'indeterminate', 'without the DO bit'),
    (env['LAB_PDNS'], 'nothere.alg13.lab', 'A', 'indeterminate', 'without the DO bit'),
    (env['LAB_DNSMASQ'], 'www.alg13.lab', 'A', 'secure', None),
    (env['LAB_DNSMASQ'], 'nothere.alg13.lab', 'A', 'secure', None),
    (env['LAB_DNSMASQ'], 'v6.alg13.lab', 'AAAA', 'secure', None),
    (env['LAB_DNSMASQ_FILTER'], 'www.alg13.lab', 'A', 'secure', None),
    # The filtered AAAA is a NOERROR without a proof: bogus, EDE 12.
    (env['LAB_DNSMASQ_FILTER'], 'v6.alg13.lab', 'AAAA', 'bogus', 'EDE 12'),
]
for server, name, qtype, verdict, reason in TOOL_ROWS:
    r = query(server, name, qtype)
    check(r['verdict'] == verdict and (reason is None or reason in r['reason']),
          f'query --server {server} {name} {qtype}: {verdict}{" (" + reason + ")" if reason else ""}: {r["out"]!r}')

# --- the module through glibc: getent and getaddrinfo in a mount namespace --
GAI = ('import socket, sys\n'
       'for n in sys.argv[1:]:\n'
       '    try: print(n, "ok", sorted({a[4][0] for a in socket.getaddrinfo(n, None)}))\n'
       '    except socket.gaierror as e: print(n, "gaierror", e.errno)\n')
SCRIPT = ('getent ahosts www.alg13.lab >/dev/null; echo "getent $?"; '
          f'{sys.executable} -c \'{GAI}\' www.alg13.lab v6.alg13.lab dual.alg13.lab nothere.alg13.lab')
EAI_AGAIN, EAI_NONAME = socket.EAI_AGAIN, socket.EAI_NONAME
GLIBC = {
    # resolver: (getent exit, {name: outcome}, log phrase or None)
    'pdns': (2, {'www.alg13.lab': f'gaierror {EAI_AGAIN}', 'v6.alg13.lab': f'gaierror {EAI_AGAIN}',
                 'dual.alg13.lab': f'gaierror {EAI_AGAIN}', 'nothere.alg13.lab': f'gaierror {EAI_AGAIN}'},
             'indeterminate, EDE 5 (DNSSEC Indeterminate): 127.53.57.1 answered www.alg13.lab. A without the DO bit'),
    'dnsmasq': (0, {'www.alg13.lab': "ok ['127.53.10.13']", 'v6.alg13.lab': "ok ['2001:db8:53::d']",
                    'dual.alg13.lab': "ok ['127.53.14.13', '2001:db8:53:1::d']",
                    'nothere.alg13.lab': f'gaierror {EAI_NONAME}'}, None),
    'dnsmasq_filter': (0, None, 'EDE 12'),   # per name below
}
glibc_seen = {}
for res, (getent_rc, outcomes, log) in GLIBC.items():
    p = subprocess.run([E2E, '--run', res, 'sh', '-c', SCRIPT], capture_output=True, text=True, timeout=180)
    got = dict(line.split(' ', 1) for line in p.stdout.splitlines() if ' ' in line)
    syslog = [line for line in p.stderr.splitlines() if line.startswith('syslog:')]
    glibc_seen[res] = (got, syslog)
    check(got.get('getent') == str(getent_rc), f'getent ahosts www.alg13.lab behind {res}: exit {getent_rc}: {p.stdout!r}')
    if outcomes:
        for n, want in outcomes.items():
            check(got.get(n) == want, f'getaddrinfo {n} behind {res}: {want}: {got.get(n)!r}')
    if log:
        check(any(log in line for line in syslog), f'behind {res}: a log line with "{log}": {syslog}')
    else:
        check(not syslog, f'behind {res}: no log line: {syslog}')

# Behind --filter-AAAA the AAAA half of a name with AAAA records is a
# NOERROR without proof: bogus (DESIGN.md: NOTFOUND, NO_RECOVERY, so
# EAI_NONAME), and the whole name fails with it, the secure A of
# dual.alg13.lab too (fail closed: no half-validated answer).  A name with
# only A records is whole.
got, syslog = glibc_seen['dnsmasq_filter']
for n, want in [('www.alg13.lab', "ok ['127.53.10.13']"), ('v6.alg13.lab', f'gaierror {EAI_NONAME}'),
                ('dual.alg13.lab', f'gaierror {EAI_NONAME}'), ('nothere.alg13.lab', f'gaierror {EAI_NONAME}')]:
    check(got.get(n) == want, f'getaddrinfo {n} behind dnsmasq --filter-AAAA: {want}: {got.get(n)!r}')
check(any('v6.alg13.lab A+AAAA: bogus, EDE 12' in line for line in syslog),
      f'behind dnsmasq --filter-AAAA: the log line says bogus, EDE 12 for v6.alg13.lab: {syslog}')
check(not any('www.alg13.lab' in line for line in syslog),
      f'behind dnsmasq --filter-AAAA: no log line for www.alg13.lab: {syslog}')

for name, took in timings:
    print(f'probe run time, {name}: {took * 1000:.0f} ms')
shutil.rmtree(tmp, ignore_errors=True)
T.finish()
