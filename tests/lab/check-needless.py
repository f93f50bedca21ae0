#!/usr/bin/python3
"""A verdict never waits on a query it does not need (issue 16).

Behind the lab's replaying proxy (127.53.53.5, proxy.py --mode replay: a
caching stub seen in the field that answers the DS query of a name that does
not exist with the cached NXDOMAIN packet of the name's A question, which
c-ares drops, so the speculative DS is never answered):

* nss-dnssec query NAME A/AAAA for names that do not exist: verdict secure,
  NXDOMAIN, in one round, with the unanswered DS queries counted as
  cancelled (the tool's "cost:" line), not waited for;
* the proxy's log shows that each of those DS queries was indeed replayed
  (so the rows test the case, not a resolver that answered);
* getaddrinfo() through "hosts: files dnssec" (tests/e2e/check-e2e.py --run,
  a mount namespace) gives EAI_NONAME for such a name, the address for a
  name that exists;
* the control: an existing name through the same proxy is secure in one round
  (a speculative query may be cancelled there too).

And with an authoritative server as upstream (--server the lab root's NSD):
a referral is not an answer, so a name below the root is indeterminate with
a reason that says "referral" (not bogus "no DNSKEY"), while the root's own
data validates through it.

Assertions are on verdicts and counts (rounds, queries, cancelled), never
on timings.  Run with the lab up (make check-lab runs it)."""
import os
import re
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from labcheck import HERE, TOP, TOOL, E2E, Tally, lab_env  # noqa: E402

env = lab_env()
T = Tally('needless')
check = T.check


def query(server, name, qtype):
    p = subprocess.run([TOOL, 'query', '--config', env['LAB_CONF'], '--server', server, name, qtype],
                       capture_output=True, text=True, timeout=60)
    out = p.stdout
    verdict = re.search(r'^verdict: (\S+)', out, re.M)
    cost = re.search(r'^cost: (\d+) queries in (\d+) rounds? to .*?(?:, (\d+) cancelled[^;]*)?;', out, re.M)
    return dict(out=out, rc=p.returncode, verdict=verdict.group(1) if verdict else None,
                queries=int(cost.group(1)) if cost else None, rounds=int(cost.group(2)) if cost else None,
                cancelled=int(cost.group(3) or 0) if cost else None)


replay_log = os.path.join(env['LAB_RUN'], 'proxy-replay.log')


def replayed_ds():
    """(qname, action) of every DS query the replaying proxy logged."""
    with open(replay_log) as f:
        return [(c[3], c[6]) for c in (line.rstrip('\n').split('\t') for line in f)
                if len(c) > 6 and c[4] == 'DS']


def ds_logged_since(before, fq):
    """The DS lines logged since line `before`, once the replay of the DS
    of fq (or of an ancestor) is among them.  The proxy logs a query when
    it has answered it, after asking the resolver twice (the DS, then the
    A whose NXDOMAIN it replays); the tool, which needs no answer to that
    DS, may have exited before, and on a loaded machine the line comes
    later still.  So wait for it: up to the proxy's two upstream timeouts
    and then some (it comes by then or never), which only a failing check
    ever waits out."""
    end = time.monotonic() + 2 * 4.0 + 20
    while True:
        ds = replayed_ds()[before:]
        if any(a == 'nxdomain-replayed-as-a' and (n == fq or fq.endswith('.' + n)) for n, a in ds) \
                or time.monotonic() > end:
            return ds
        time.sleep(0.05)


# --- names that do not exist, behind the replaying proxy ---------------
NX = [('nothere.alg13.lab', 'A'), ('nothere.alg13.lab', 'AAAA'), ('a.nothere.alg13.lab', 'A'),
      ('nothere.nsec3.lab', 'A'), ('nothere.alg8.lab', 'A')]
for name, qtype in NX:
    before = len(replayed_ds())
    r = query(env['LAB_REPLAY'], name, qtype)
    what = f'{name} {qtype} via replay'
    check(r['verdict'] == 'secure' and 'the name does not exist (NXDOMAIN)' in r['out'],
          f'{what}: secure NXDOMAIN, not waiting for the DS the proxy never answers: {r["out"]!r}')
    check(r['rounds'] == 1, f'{what}: one round: {r["rounds"]}')
    # The DS of the name, or of its first missing ancestor (what the plan asks).
    fq = name + '.'
    ds = ds_logged_since(before, fq)
    replayed = {n for n, a in ds if a == 'nxdomain-replayed-as-a'}
    check(any(n == fq or fq.endswith('.' + n) for n in replayed),
          f'{what}: the proxy replayed an NXDOMAIN packet to the DS query: {ds}')
    # Each replayed DS is one query left unanswered: cancelled, not waited for.
    check(r['cancelled'] is not None and r['cancelled'] >= 1 and r['cancelled'] <= r['queries'],
          f'{what}: the unanswered DS counted as cancelled: {r["cancelled"]} of {r["queries"]}')

# The control: a name that exists, through the same proxy.  A speculative
# query still out when the verdict is reached may be cancelled (the order
# in which answers arrive decides), so only the verdict and the one round
# are asserted.
r = query(env['LAB_REPLAY'], 'www.alg13.lab', 'A')
check(r['verdict'] == 'secure' and '127.53.10.13' in r['out'] and r['rounds'] == 1,
      f'www.alg13.lab A via replay: secure, one round: {r["out"]!r}')

# --- through glibc: getaddrinfo in a mount namespace ---------------------
GAI = ('import socket, sys\n'
       'for n in sys.argv[1:]:\n'
       '    try: print(n, "ok", sorted({a[4][0] for a in socket.getaddrinfo(n, None)}))\n'
       '    except socket.gaierror as e: print(n, "gaierror", e.errno)\n')
p = subprocess.run([E2E, '--run', 'replay', sys.executable, '-c', GAI, 'nothere.alg13.lab', 'www.alg13.lab'],
                   capture_output=True, text=True, timeout=120)
lines = dict(line.split(' ', 1) for line in p.stdout.splitlines() if ' ' in line)
check(lines.get('nothere.alg13.lab') == f'gaierror {socket.EAI_NONAME}',
      f'getaddrinfo nothere.alg13.lab via replay: EAI_NONAME ({socket.EAI_NONAME}), not EAI_AGAIN '
      f'({socket.EAI_AGAIN}): {p.stdout!r} {p.stderr!r}')
check(lines.get('www.alg13.lab') == "ok ['127.53.10.13']",
      f'getaddrinfo www.alg13.lab via replay: its address: {p.stdout!r} {p.stderr!r}')

# --- an authoritative server as upstream: a referral is not an answer ---
root = env['LAB_ROOT_NS']
r = query(root, 'www.alg13.lab', 'A')
check(r['verdict'] == 'indeterminate' and re.search(r'^reason: .*referral', r['out'], re.M) is not None,
      f'www.alg13.lab A via the root server {root}: indeterminate, the reason names the referral: {r["out"]!r}')
r = query(root, 'lab', 'DS')
check(r['verdict'] == 'secure', f'lab. DS via the root server {root} (its own data): secure: {r["out"]!r}')

T.finish()
