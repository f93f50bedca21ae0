#!/usr/bin/python3
"""The authoritative fallback's limits (stub/stub_limits.h), each tripped by
a hostile authoritative server, with the lab's stripping proxy as the
resolver (so that every lookup falls back) and root hints naming the
hostile server:

* referral depth (STUB_ITER_DEPTH_MAX 12): servers on 127.53.95.1-.14, each
  referring one label deeper to the next (glue in bailiwick), for a
  16-label name;
* NS names resolved (STUB_ITER_NS_NAMES_MAX 8) and their nesting
  (STUB_ITER_NEST_MAX 2): a root on 127.53.96.1 whose every referral names
  only glueless NS names under new TLDs, which it refers the same way;
* an unreachable outside (STUB_ITER_TRY_MS, STUB_OUTSIDE_DOWN_REMEMBER_S): a
  silent root on 127.53.97.1 (reads, never answers): the lookup ends within
  the deadline, indeterminate, with a reason that names both the resolver
  and the authoritative servers; a second lookup in the same process
  (getaddrinfo through NSS in a mount namespace) does not ask again.

Every lookup must end indeterminate, within the lookup deadline, with a
bounded number of packets at the hostile servers, and (where a limit is
what stopped it) the reason naming that limit.
Run with the lab up (make check-lab runs it)."""
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time

import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdatatype
import dns.rrset

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from labcheck import HERE, TOP, TOOL, E2E, Tally, lab_env  # noqa: E402

env = lab_env()
T = Tally('fallback-limits')
check = T.check


DEPTH_BASE = '127.53.95.'
DEPTH_SERVERS = 14
FLOOD = '127.53.96.1'
SILENT = '127.53.97.1'
counts = {}
lock = threading.Lock()


def bump(kind):
    with lock:
        counts[kind] = counts.get(kind, 0) + 1


def referral(q, cut, nsnames, glue=None):
    r = dns.message.make_response(q)
    r.flags &= ~dns.flags.AA
    r.authority.append(dns.rrset.from_text_list(cut, 300, 'IN', 'NS', [n.to_text() for n in nsnames]))
    for n, a in (glue or []):
        r.additional.append(dns.rrset.from_text(n, 300, 'IN', 'A', a))
    return r


def depth_answer(level, q):
    """Server 127.53.95.<level> serves the zone of level-1 labels and refers
    to the ancestor of the question's name with level labels."""
    qn = q.question[0].name
    labels = len(qn) - 1           # without the root label
    if labels <= level - 1 or level >= DEPTH_SERVERS:
        r = dns.message.make_response(q)
        r.set_rcode(dns.rcode.REFUSED)
        return r
    cut = qn.split(level + 1)[1]
    ns = dns.name.from_text('ns', cut)
    return referral(q, cut, [ns], [(ns, DEPTH_BASE + str(level + 1))])


def flood_answer(q):
    """Every name: a referral for its TLD naming eight glueless NS names,
    each under a TLD of its own (out of bailiwick)."""
    qn = q.question[0].name
    if len(qn) <= 1:
        r = dns.message.make_response(q)
        r.set_rcode(dns.rcode.REFUSED)
        return r
    tld = qn.split(2)[1]
    t = tld.labels[0].decode()[:40]
    names = [dns.name.from_text(f'ns{i}.{t}x{i}.') for i in range(8)]
    return referral(q, tld, names)


def serve(addr, kind, answer):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, 53))

    def loop():
        while True:
            wire, peer = s.recvfrom(4096)
            bump(kind)
            if answer is None:
                continue
            try:
                q = dns.message.from_wire(wire)
                s.sendto(answer(q).to_wire(), peer)
            except Exception:
                pass
    threading.Thread(target=loop, daemon=True).start()


for i in range(1, DEPTH_SERVERS + 1):
    serve(DEPTH_BASE + str(i), 'depth', lambda q, lv=i: depth_answer(lv, q))
serve(FLOOD, 'flood', flood_answer)
serve(SILENT, 'silent', None)

tmp = tempfile.mkdtemp(prefix='nss-dnssec-limits.')
os.chmod(tmp, 0o755)
base = open(env['LAB_CONF']).read()


def conf_for(root_addr):
    hints = os.path.join(tmp, f'{root_addr}.hints')
    with open(hints, 'w') as f:
        f.write(f'. 3600000 NS a.root-servers.\na.root-servers. 3600000 A {root_addr}\n')
    os.chmod(hints, 0o644)
    path = os.path.join(tmp, f'{root_addr}.conf')
    with open(path, 'w') as f:
        f.write(base + f'authoritative-fallback yes\nroot-hints {hints}\n')
    os.chmod(path, 0o644)
    return path


def query(conf, name, qtype='A'):
    t0 = time.monotonic()
    p = subprocess.run([TOOL, 'query', '--config', conf, '--server', env['LAB_STRIP'], name, qtype],
                       capture_output=True, text=True, timeout=60)
    took = time.monotonic() - t0
    v = re.search(r'^verdict: (\S+)', p.stdout, re.M)
    return dict(out=p.stdout + p.stderr, verdict=v.group(1) if v else None, took=took)


# The lookup's deadline (timeout 5: the resolver pass and the walk share
# it) and a margin for starting the tool.
BOUND_S = 6.5

# --- referral depth -------------------------------------------------------
name = '.'.join(f'l{i}' for i in range(16, 0, -1)) + '.deep'
before = counts.get('depth', 0)
r = query(conf_for(DEPTH_BASE + '1'), name)
sent = counts.get('depth', 0) - before
check(r['verdict'] == 'indeterminate' and r['took'] < BOUND_S and 'referrals followed per query' in r['out'],
      f'referral depth: indeterminate within {BOUND_S} s naming the limit ({r["took"]:.1f} s): {r["out"]!r}')
check(0 < sent <= 128, f'referral depth: {sent} queries at the hostile servers (1..128)')
print(f'  referral depth: {r["verdict"]}, {sent} queries, {r["took"]:.2f} s')

# --- NS names and nesting -------------------------------------------------
before = counts.get('flood', 0)
r = query(conf_for(FLOOD), 'www.victim.flood')
sent = counts.get('flood', 0) - before
check(r['verdict'] == 'indeterminate' and r['took'] < BOUND_S and
      re.search(r'name-server names resolved per lookup|nesting of name-server lookups', r['out']) is not None,
      f'NS names: indeterminate within {BOUND_S} s naming the limit ({r["took"]:.1f} s): {r["out"]!r}')
check(0 < sent <= 128, f'NS names: {sent} queries at the hostile root (1..128)')
print(f'  NS-name flood: {r["verdict"]}, {sent} queries, {r["took"]:.2f} s')

# --- unreachable outside: one bounded attempt per process -----------------
before = counts.get('silent', 0)
r = query(conf_for(SILENT), 'www.alg13.lab')
sent = counts.get('silent', 0) - before
check(r['verdict'] == 'indeterminate' and r['took'] < BOUND_S and 'could not be reached' in r['out'] and
      'resolver' in r['out'], f'silent root: indeterminate, reason names both ({r["took"]:.1f} s): {r["out"]!r}')
print(f'  silent root: {r["verdict"]}, {sent} queries, {r["took"]:.2f} s')

GAI = ('import socket, sys, time\n'
       'for n in sys.argv[1:]:\n'
       '    t = time.monotonic()\n'
       '    try: r = "ok"; socket.getaddrinfo(n, None)\n'
       '    except socket.gaierror as e: r = "gaierror %d" % e.errno\n'
       '    print(n, r, "%.2f" % (time.monotonic() - t))\n')
before = counts.get('silent', 0)
p = subprocess.run([E2E, '--run', 'strip', sys.executable, '-c', GAI, 'www.alg13.lab', 'www.alg8.lab',
                    'www.alg15.lab'], capture_output=True, text=True, timeout=120,
                   env=dict(os.environ, E2E_RUN_CONF=conf_for(SILENT)))
sent = counts.get('silent', 0) - before
lines = [line.split() for line in p.stdout.splitlines()]
ok = len(lines) == 3 and all(len(x) == 4 and x[1] == 'gaierror' and x[2] == str(socket.EAI_AGAIN) for x in lines)
check(ok, f'silent root through NSS: EAI_AGAIN for each name: {p.stdout!r} {p.stderr[-300:]!r}')
if ok:
    check(float(lines[1][3]) < 0.5 and float(lines[2][3]) < 0.5,
          f'silent root through NSS: the second and third lookups do not wait again: {p.stdout!r}')
first = counts.get('silent', 0)
check(0 < sent <= 4, f'silent root through NSS: {sent} packets for three lookups (one bounded attempt)')
print(f'  silent root, one process, three lookups: {sent} packets; times {[x[3] for x in lines if len(x) == 4]}')

subprocess.run(['rm', '-rf', tmp])
T.finish()
