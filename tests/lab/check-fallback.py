#!/usr/bin/python3
"""The authoritative fallback (issue 16): when the resolver cannot serve
DNSSEC, the module asks the authoritative servers from the root hints.

* Behind the stripping proxy (127.53.53.3: DO cleared, every RRSIG, DS,
  DNSKEY, NSEC and NSEC3 removed), every honest row of expect.tsv gets its
  honest verdict and answer with "authoritative-fallback yes" and the lab's
  root hints (run/root.hints, the lab root 127.53.0.1), and stays
  indeterminate with the fallback off.
* Behind the honest resolver nothing changes with the fallback on: the same
  verdicts and answers, the same rounds and queries as with it off, and no
  packet to the root hints: the hints name a counting listener
  (127.53.99.1, never answers) that counts what reaches it.  Exception,
  listed: honest rows whose zone itself lacks the data (an RRset without
  RRSIG, a DS for an unsigned zone) cannot be told from a resolver that
  strips it; they fall back and stay bogus.
* The on-path attacker (127.53.53.2): a forgery that keeps its bad RRSIG
  stays bogus; one that strips the RRSIG (or the proof) is routed around.
  The rows that change from the table's verdict are printed and must be
  exactly the RRSIG/proof-stripping forgeries.
* getent ahosts (real NSS, "hosts: files dnssec", a mount namespace:
  tests/e2e/check-e2e.py --run) through the stripping proxy with the
  fallback on gives the genuine address; with it off, nothing.
* A lookup whose outside is unreachable (the hints name the counting
  listener) behind the stripping proxy ends indeterminate with a reason
  that says both, within the deadline.

Run with the lab up (make check-lab runs it)."""
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import dns.message
import dns.rdatatype

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from labcheck import HERE, TOP, TOOL, E2E, Tally, lab_env, write_conf  # noqa: E402

COUNTER = '127.53.99.1'  # the counting listener (README.md, address plan)

env = lab_env()
T = Tally('fallback')
check = T.check


rows = []
with open(os.path.join(HERE, 'expect.tsv')) as f:
    for line in f:
        if line.startswith('#') or not line.strip():
            continue
        rows.append(line.rstrip('\n').split('\t'))

# --- configurations (root-owned, 0644: the module's checks apply) --------
tmp = tempfile.mkdtemp(prefix='nss-dnssec-fallback.')
os.chmod(tmp, 0o755)
base = open(env['LAB_CONF']).read()


def write(name, text):
    return write_conf(tmp, name, text)


counting_hints = write('counting.hints', f'. 3600000 NS a.root-servers.\na.root-servers. 3600000 A {COUNTER}\n')
CONF_OFF = write('off.conf', base)
CONF_ON = write('on.conf', base + f'authoritative-fallback yes\nroot-hints {env["LAB_ROOT_HINTS"]}\n')
CONF_COUNT = write('count.conf', base + f'authoritative-fallback yes\nroot-hints {counting_hints}\n')


# --- the counting listener on 127.53.99.1 (UDP and TCP, never answers) ---
class Counter:
    def __init__(self):
        self.n = 0
        self.lock = threading.Lock()
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.udp.bind((COUNTER, 53))
        self.tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.tcp.bind((COUNTER, 53))
        self.tcp.listen(16)
        for fn in (self.serve_udp, self.serve_tcp):
            threading.Thread(target=fn, daemon=True).start()

    def bump(self):
        with self.lock:
            self.n += 1

    def serve_udp(self):
        while True:
            self.udp.recvfrom(4096)
            self.bump()

    def serve_tcp(self):
        while True:
            c, _ = self.tcp.accept()
            self.bump()
            c.close()

    def count(self):
        with self.lock:
            return self.n


counter = Counter()


def query(conf, server, name, qtype):
    p = subprocess.run([TOOL, 'query', '--config', conf, '--server', server, name, qtype],
                       capture_output=True, text=True, timeout=60)
    out = p.stdout
    verdict = re.search(r'^verdict: (\S+)', out, re.M)
    cost = re.search(r'^cost: (\d+) queries in (\d+) rounds? to ', out, re.M)
    data = []
    in_answer = False
    for line in out.splitlines():
        if line.startswith('answer'):
            in_answer = True
            continue
        if in_answer and line.startswith('  '):
            f = line.split(None, 4)
            if len(f) == 5 and f[3].upper() == qtype.upper():
                data.append(f[4])
        elif in_answer:
            in_answer = False
    return dict(out=out + p.stderr, verdict=verdict.group(1) if verdict else None,
                queries=int(cost.group(1)) if cost else None, rounds=int(cost.group(2)) if cost else None,
                fallback='fallback: ' in out, data=data)


def norm(items):
    return ','.join(sorted(x.strip().lower().replace(' ', '') for x in items if x.strip()))


def matches(row, r):
    name, rtype, resolver, verdict, rdata, rcode, case, known = row
    if r['verdict'] != verdict:
        return False
    if verdict in ('secure', 'insecure') and rdata == '-':
        return not r['data']
    if verdict in ('secure', 'insecure') and rdata == '*':
        return bool(r['data'])
    if verdict in ('secure', 'insecure'):
        return norm(r['data']) == norm(rdata.split(','))
    return True


honest = [r for r in rows if r[2] == 'honest']


def parallel(fn, items):
    with ThreadPoolExecutor(max_workers=6) as ex:
        return list(ex.map(fn, items))


# --- 1. behind the stripping proxy: on gets the honest verdicts, off none --
t0 = time.monotonic()
res_on = parallel(lambda row: query(CONF_ON, env['LAB_STRIP'], row[0], row[1]), honest)
t_on = time.monotonic() - t0
res_off = parallel(lambda row: query(CONF_OFF, env['LAB_STRIP'], row[0], row[1]), honest)
on_ok = off_ok = 0
for row, on, off in zip(honest, res_on, res_off):
    ok_on = matches(row, on)
    on_ok += ok_on
    check(ok_on, f'{row[0]} {row[1]} via strip, fallback on: expected {row[3]} {row[4]}, got {on["verdict"]} '
          f'{norm(on["data"]) or "-"}: {on["out"]!r}')
    # Names under a negative trust anchor are insecure without any DNSSEC data.
    ok_off = off['verdict'] == 'indeterminate' or (row[3] == 'insecure' and off['verdict'] == 'insecure')
    off_ok += ok_off
    check(ok_off, f'{row[0]} {row[1]} via strip, fallback off: indeterminate, got {off["verdict"]}')
print(f'  strip + fallback on: {on_ok}/{len(honest)} honest verdicts ({t_on:.1f} s); '
      f'fallback off: {off_ok}/{len(honest)} indeterminate (or NTA-insecure)')
for name in ('www.alg13.lab', 'www.sub.alg13.lab'):
    r = query(CONF_ON, env['LAB_STRIP'], name, 'A')
    print(f'  figure: {name} A via strip + fallback: {r["verdict"]}, {r["queries"]} queries in {r["rounds"]} rounds')

# --- 2. behind the honest resolver nothing changes, nothing to the hints --
# Rows whose zone itself lacks DNSSEC data: no stub can tell them from a
# resolver that strips it, so they fall back (and stay bogus).
ZONE_LACKS = {('www.nosig-rrset.lab', 'A'), ('www.ds-unsigned.lab', 'A')}
before = counter.count()
res_cnt = [query(CONF_COUNT, env['LAB_HONEST'], row[0], row[1]) for row in honest if (row[0], row[1]) not in ZONE_LACKS]
sent_to_hints = counter.count() - before
res_base = [query(CONF_OFF, env['LAB_HONEST'], row[0], row[1]) for row in honest if (row[0], row[1]) not in ZONE_LACKS]
same = 0
for row, a, b in zip([r for r in honest if (r[0], r[1]) not in ZONE_LACKS], res_cnt, res_base):
    ok = a['verdict'] == b['verdict'] == row[3] and norm(a['data']) == norm(b['data']) and \
        a['rounds'] == b['rounds'] and a['queries'] == b['queries'] and not a['fallback']
    same += ok
    check(ok, f'{row[0]} {row[1]} via honest: fallback on changes nothing: on {a["verdict"]} '
          f'{a["queries"]}q/{a["rounds"]}r, off {b["verdict"]} {b["queries"]}q/{b["rounds"]}r')
check(sent_to_hints == 0, f'honest resolver, fallback on: {sent_to_hints} packets reached the root hints (want 0)')
print(f'  honest + fallback on: {same}/{len(res_cnt)} rows unchanged (verdict, answer, queries, rounds); '
      f'{sent_to_hints} packets to the root hints')
for name, qtype in sorted(ZONE_LACKS):
    r = query(CONF_ON, env['LAB_HONEST'], name, qtype)
    check(r['verdict'] == 'bogus', f'{name} {qtype} via honest, fallback on: stays bogus: {r["out"]!r}')
    print(f'  zone lacks the data: {name} {qtype} falls back ({r["fallback"]}) and stays {r["verdict"]}')

# --- 3. the on-path attacker ---------------------------------------------
attacker = [r for r in rows if r[2] == 'attacker']
res_att = parallel(lambda row: query(CONF_ON, env['LAB_ATTACKER'], row[0], row[1]), attacker)
# What the attacker does to these (proxy.py FORGERIES, SIGSTRIP_ZONE): the
# RRSIGs removed (with the A replaced, or every RRSIG of sigstripped.lab's
# keys), or a denial or DS removed without its proof.  Absent data: the
# fallback asks the authoritative servers and gets the genuine, validated
# answer.  The forgeries that keep a (bad) RRSIG or carry one by another
# key stay bogus: data present that fails.
ROUTED_AROUND = {('nosig.victim.lab', 'A'), ('www.nsec3-iter100.lab', 'A'), ('nxforged.victim.lab', 'A'),
                 ('nxforged.victim.lab', 'AAAA'), ('dsremoved.lab', 'DS'), ('www.dsremoved.lab', 'A'),
                 ('www.sigstripped.lab', 'A'), ('sigstripped.lab', 'DNSKEY'), ('nothere.sigstripped.lab', 'A')}
changed = []
for row, r in zip(attacker, res_att):
    key = (row[0], row[1])
    if r['verdict'] != row[3]:
        changed.append(f'{row[0]} {row[1]}: {row[3]} -> {r["verdict"]}')
    if key in ROUTED_AROUND:
        check(r['verdict'] == 'secure' and r['fallback'] and '127.53.80.66' not in r['out'],
              f'{row[0]} {row[1]} via attacker: routed around (fallback), genuine and secure: {r["out"]!r}')
    else:
        check(matches(row, r), f'{row[0]} {row[1]} via attacker, fallback on: expected {row[3]}, '
              f'got {r["verdict"]}: {r["out"]!r}')
print('  attacker rows that changed with the fallback on: ' + ('; '.join(changed) or 'none'))
check(len(changed) == len(ROUTED_AROUND), f'attacker: exactly the {len(ROUTED_AROUND)} stripping forgeries change')
r = query(CONF_ON, env['LAB_ATTACKER'], 'sigkept.victim.lab', 'A')
check(r['verdict'] == 'bogus' and not r['fallback'],
      f'sigkept.victim.lab A (forged A, its RRSIG kept): stays bogus, no fallback: {r["out"]!r}')
r = query(CONF_ON, env['LAB_ATTACKER'], 'nosig.victim.lab', 'A')
check(r['verdict'] == 'secure' and r['fallback'] and '127.53.80.66' not in r['out'],
      f'nosig.victim.lab A (forged A, RRSIG removed): the genuine answer, secure: {r["out"]!r}')

# --- 4. getent through NSS in a mount namespace --------------------------
for conf, want in ((CONF_ON, True), (CONF_OFF, False)):
    p = subprocess.run([E2E, '--run', 'strip', 'getent', 'ahosts', 'www.alg13.lab'], capture_output=True, text=True,
                       timeout=120, env=dict(os.environ, E2E_RUN_CONF=conf))
    got = '127.53.10.13' in p.stdout
    check(got == want and (p.returncode == 0) == want,
          f'getent ahosts www.alg13.lab via strip, fallback {"on" if want else "off"}: '
          f'{"the address" if want else "nothing"}: rc {p.returncode} {p.stdout!r} {p.stderr[-400:]!r}')

# One process, several names: the second and later lookups go straight to
# the authoritative servers (the resolver is remembered unable) and start
# at the zone cuts the first one left in the process cache.
GAI = ('import socket, sys\n'
       'for n in sys.argv[1:]:\n'
       '    try: print(n, "ok", sorted({a[4][0] for a in socket.getaddrinfo(n, None, socket.AF_INET)}))\n'
       '    except socket.gaierror as e: print(n, "gaierror", e.errno)\n')
p = subprocess.run([E2E, '--run', 'strip', sys.executable, '-c', GAI, 'www.alg13.lab', 'www.alg8.lab',
                    'http.sub.alg13.lab', 'nothere.alg13.lab'], capture_output=True, text=True, timeout=120,
                   env=dict(os.environ, E2E_RUN_CONF=CONF_ON))
want = {'www.alg13.lab': "ok ['127.53.10.13']", 'www.alg8.lab': "ok ['127.53.10.8']",
        'http.sub.alg13.lab': "ok ['127.53.80.1']", 'nothere.alg13.lab': f'gaierror {socket.EAI_NONAME}'}
got = dict(line.split(' ', 1) for line in p.stdout.splitlines() if ' ' in line)
check(got == want, f'getaddrinfo of four names in one process via strip, fallback on: {got} (want {want}) '
      f'{p.stderr[-300:]!r}')

# --- 5. what never leaves the resolver ------------------------------------
# A name made with the search list (a local name): "www" with "search
# alg13.lab" is tried as www.alg13.lab. through the stripping proxy; it
# must not fall back (indeterminate, EAI_AGAIN), and nothing reaches the
# root hints (the counting listener).  The same name given in full does
# fall back (the control: the listener counts).
before = counter.count()
p = subprocess.run([E2E, '--run', 'strip', sys.executable, '-c', GAI, 'www'], capture_output=True, text=True,
                   timeout=120, env=dict(os.environ, E2E_RUN_CONF=CONF_COUNT, E2E_RUN_RESOLV_EXTRA='search alg13.lab\n'))
local = counter.count() - before
check(p.stdout.strip() == f'www gaierror {socket.EAI_AGAIN}' and local == 0,
      f'search-list name "www" (search alg13.lab) via strip, fallback on: EAI_AGAIN and 0 packets to the '
      f'root hints: {p.stdout!r}, {local} packets')
before = counter.count()
p = subprocess.run([E2E, '--run', 'strip', sys.executable, '-c', GAI, 'www.alg13.lab.'], capture_output=True,
                   text=True, timeout=120, env=dict(os.environ, E2E_RUN_CONF=CONF_COUNT))
full = counter.count() - before
check(full > 0, f'control: www.alg13.lab. in full via strip, fallback on: packets to the root hints ({full})')
# A name under a negative trust anchor: through the stripping proxy it is
# indeterminate (the resolver clears DO), exactly as with the fallback off,
# and nothing goes to the root hints.
nta = write('nta.conf', open(CONF_COUNT).read() + 'negative-trust-anchor alg13.lab\n')
nta_off = write('nta-off.conf', base + 'negative-trust-anchor alg13.lab\n')
before = counter.count()
r = query(nta, env['LAB_STRIP'], 'www.alg13.lab', 'A')
r_off = query(nta_off, env['LAB_STRIP'], 'www.alg13.lab', 'A')
check(r['verdict'] == r_off['verdict'] and counter.count() == before and not r['fallback'],
      f'www.alg13.lab under a negative trust anchor via strip, fallback on: as with it off '
      f'({r_off["verdict"]}), 0 packets to the hints: {r["out"]!r}')
print(f'  search-list name: {local} packets to the root hints (the full name: {full})')

# --- 6. nothing works: stripping resolver, unreachable outside ------------
t0 = time.monotonic()
r = query(CONF_COUNT, env['LAB_STRIP'], 'www.alg13.lab', 'A')
took = time.monotonic() - t0
check(r['verdict'] == 'indeterminate' and 'could not be reached' in r['out'] and 'resolver' in r['out'] and took < 7,
      f'strip + unreachable root hints: indeterminate naming both, within the deadline ({took:.1f} s): {r["out"]!r}')

# --- 7. a resolver that never answers DS and DNSKEY queries ----------------
# (a middlebox dropping "unusual" types: DNSSEC-type queries not answered at
# all while the others are).  127.53.99.2 forwards every other question to
# the honest resolver and drops DS and DNSKEY.  The resolver pass leaves
# the walk STUB_FALLBACK_RESERVE_MS of the deadline.
DROPPER = '127.53.99.2'


def serve_dropper(sock):
    up = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    up.settimeout(2)
    while True:
        data, peer = sock.recvfrom(4096)
        try:
            qtype = dns.message.from_wire(data).question[0].rdtype
        except Exception:
            continue
        if qtype in (dns.rdatatype.DS, dns.rdatatype.DNSKEY):
            continue
        up.sendto(data, (env['LAB_HONEST'], 53))
        try:
            sock.sendto(up.recv(4096), peer)
        except OSError:
            pass


dsock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
dsock.bind((DROPPER, 53))
threading.Thread(target=serve_dropper, args=(dsock,), daemon=True).start()
r_on = query(CONF_ON, DROPPER, 'www.alg13.lab', 'A')
check(r_on['verdict'] == 'secure' and r_on['data'] == ['127.53.10.13'] and
      'does not answer DS and DNSKEY queries' in r_on['out'],
      f'a resolver that drops DS and DNSKEY queries: the fallback gets the secure answer: {r_on["out"]}')
r_off = query(CONF_OFF, DROPPER, 'www.alg13.lab', 'A')
check(r_off['verdict'] == 'indeterminate' and not r_off['data'],
      f'... and with the fallback off it stays indeterminate: {r_off["out"]}')

subprocess.run(['rm', '-rf', tmp])
T.finish()
