#!/usr/bin/python3
"""`nss-dnssec trace` and `check-config` against the lab.

trace: for secure names, every zone from "." down must appear with the DS
and DNSKEY key tags that the lab's own authoritative servers publish (dig,
key tags computed with dnspython's dns.dnssec.key_id), each DS matching a
key, the KSK's RRSIG over each DNSKEY set and the answer's RRSIG verified;
for www.dsmismatch.lab the broken link must be marked on dsmismatch.lab.'s
DNSKEY set, its DS shown matching no key.  --format dot must give a
digraph with one red edge into that link (rendered with `dot -Tsvg` when
graphviz is installed).

check-config: a good configuration is shown as it will be used (files,
servers and their source, anchors with FILE:LINE and key tag, NTAs,
require-secure, timeout, log level); a bad line in the configuration or in
an anchor file is an error naming FILE:LINE, exit status 78.

Prints "N passed, N failed".  Run with the lab up (make check-lab runs it)."""
import os, re, shutil, subprocess, sys, tempfile

import dns.dnssec
import dns.flags
import dns.message
import dns.query
import dns.rdatatype

here = os.path.dirname(os.path.abspath(__file__))
tool = os.path.join(os.path.dirname(os.path.dirname(here)), os.environ.get('O', 'build'), 'nss-dnssec')
env = dict(l.strip().split('=', 1) for l in open(os.path.join(here, 'run', 'env')) if '=' in l and not l.startswith('#'))
COMMON = ['--anchor', env['LAB_ANCHOR_KEY'], '--server', env['LAB_HONEST']]
# which lab server is authoritative for each zone used here (tests/lab/README.md)
SERVER = {'.': env['LAB_ROOT_NS'], 'lab.': env['LAB_TLD_NS'], 'alg13.lab.': env['LAB_CHILD_NS'],
          'dsmismatch.lab.': env['LAB_CHILD_NS'], 'sub.alg13.lab.': env['LAB_GRANDCHILD_NS']}

passed = failed = 0


def report(ok, what, detail=''):
    global passed, failed
    passed += ok
    failed += not ok
    print(f"{'ok  ' if ok else 'FAIL'} {what}" + ('' if ok else f'\n     {detail}'))


def run(*args):
    return subprocess.run([tool, *args], capture_output=True, text=True, timeout=60)


def dig(zone, rtype):
    """The RRset as the zone's (for DS: its parent's) own server has it."""
    holder = zone if rtype == 'DNSKEY' or zone == '.' else zone.split('.', 1)[1] or '.'
    q = dns.message.make_query(zone, rtype, want_dnssec=True)
    r = dns.query.udp(q, SERVER[holder], timeout=5)
    return [rr for s in r.answer if s.rdtype == dns.rdatatype.from_text(rtype) for rr in s]


def sections(text):
    """zone -> the lines of its section ("zone X" headers, in order)."""
    out, cur = {}, None
    for line in text.splitlines():
        m = re.match(r'zone (\S+)', line)
        if m:
            cur = m.group(1)
            out.setdefault(cur, [])
        elif cur:
            out[cur].append(line)
    return out


def check_secure(name, zones, answer_zone):
    p = run('trace', *COMMON, name)
    secs = sections(p.stdout)
    problems = []
    if p.returncode != 0 or 'verdict: secure' not in p.stdout:
        problems.append(f'exit {p.returncode}, not secure')
    if list(secs) != zones:
        problems.append(f'zones {list(secs)}, want {zones} in that order')
    for z in zones:
        body = '\n'.join(secs.get(z, []))
        keys = {dns.dnssec.key_id(k): k for k in dig(z, 'DNSKEY')}
        shown = {int(t): (role, int(bits)) for t, role, bits in
                 re.findall(r'DNSKEY (\d+) (KSK|ZSK) \S+ (\d+) bits', body)}
        if set(shown) != set(keys):
            problems.append(f'{z}: DNSKEY tags {sorted(shown)}, the server has {sorted(keys)}')
        for t, k in keys.items():
            want_role = 'KSK' if k.flags & 1 else 'ZSK'
            want_bits = 256 if k.algorithm == 13 else 2048
            if t in shown and shown[t] != (want_role, want_bits):
                problems.append(f'{z}: key {t} shown as {shown[t]}, want {(want_role, want_bits)}')
        ksks = [t for t, k in keys.items() if k.flags & 1]
        if not re.search(rf'RRSIG DNSKEY by {re.escape(z)} key {ksks[0]}/\S+, \d{{4}}-\S+ \S+ UTC \.\. '
                         rf'\d{{4}}-\S+ \S+ UTC \(\d+ days left\): verified', body):
            problems.append(f'{z}: no verified RRSIG over the DNSKEY set by KSK {ksks[0]} with its window')
        if z == '.':
            anchor = re.search(r'anchor DNSKEY (\d+)/RSASHA256: matches key (\d+)  \((\S+):(\d+)\)', body)
            if not anchor or int(anchor.group(1)) != int(env['LAB_ROOT_KEYTAG']) or anchor.group(3) != env['LAB_ANCHOR_KEY']:
                problems.append(f'.: anchor line missing or wrong: {anchor and anchor.group(0)}')
            continue
        ds = {(r.key_tag, r.algorithm, r.digest_type) for r in dig(z, 'DS')}
        names = {1: 'SHA-1', 2: 'SHA-256', 4: 'SHA-384'}
        shown_ds = set(re.findall(r'DS (\d+)/(\S+)/(\S+): matches key (\d+)', body))
        want_ds = {(str(t), dns.dnssec.algorithm_to_text(a), names[d], str(t)) for t, a, d in ds}
        if shown_ds != want_ds:
            problems.append(f'{z}: DS {sorted(shown_ds)}, the parent has {sorted(want_ds)}')
        if not re.search(r'ok  DS of .*\n.*\n\s+RRSIG DS by \S+ key \d+/\S+, .*: verified', body):
            problems.append(f'{z}: the DS link is not shown verified')
    body = '\n'.join(secs.get(answer_zone, []))
    if not re.search(rf'ok  {re.escape(name)}\. A \(the answer\)\n.* IN A .*\n\s+RRSIG A by {re.escape(answer_zone)} '
                     r'key \d+/ECDSAP256SHA256, .*: verified', body):
        problems.append('the answer and its verified RRSIG are not shown')
    if '!!' in p.stdout or 'BROKEN' in p.stdout:
        problems.append('a secure trace marks a broken link')
    report(not problems, f'trace {name}: {len(zones)} zones, tags as the servers publish them', '; '.join(problems))
    return p


check_secure('www.alg13.lab', ['.', 'lab.', 'alg13.lab.'], 'alg13.lab.')
check_secure('www.sub.alg13.lab', ['.', 'lab.', 'alg13.lab.', 'sub.alg13.lab.'], 'sub.alg13.lab.')

# The broken link of dsmismatch.lab: its DNSKEY set, below a DS that
# matches no key; everything above it verified.
p = run('trace', *COMMON, 'www.dsmismatch.lab')
secs = sections(p.stdout)
body = '\n'.join(secs.get('dsmismatch.lab.', []))
old = {r.key_tag for r in dig('dsmismatch.lab.', 'DS')}
problems = []
if p.returncode != 2:
    problems.append(f'exit {p.returncode}, want 2')
if list(secs) != ['.', 'lab.', 'dsmismatch.lab.']:
    problems.append(f'zones {list(secs)}')
if not re.search(r'ok  DS of dsmismatch\.lab\., signed by lab\.\n\s+DS (\d+)/ECDSAP256SHA256/SHA-256: matches no key', body) \
        or int(re.search(r'DS (\d+)/', body).group(1)) not in old:
    problems.append(f'the DS of the old key {old} is not shown matching no key')
if not re.search(r'!!  DNSKEY set of dsmismatch\.lab\., vouched for by its DS\n(\s+(DNSKEY|RRSIG) .*\n)+'
                 r'\s+\^ BROKEN LINK, bogus: EDE 9 \(DNSKEY Missing\): DS \d+/13 in the parent zone lab\.', body + '\n'):
    problems.append('the DNSKEY link of dsmismatch.lab. is not marked broken')
if p.stdout.count('!!') != 1 or p.stdout.count('BROKEN LINK') != 1:
    problems.append('not exactly one broken link')
report(not problems, 'trace www.dsmismatch.lab: the DNSKEY set of dsmismatch.lab. is the broken link',
       '; '.join(problems) + '\n' + p.stdout)

# Graphviz: a digraph, edges from the anchor down, one red edge into the
# broken link.
for name, status, red_into in [('www.dsmismatch.lab', 2, 'dsmismatch.lab. DNSKEY'), ('www.sub.alg13.lab', 0, None)]:
    p = run('trace', '--format', 'dot', *COMMON, name)
    out = p.stdout
    nodes = dict(re.findall(r'^\s+(n\d+|anchor) \[label="((?:[^"\\]|\\.)*)"', out, re.M))
    edges = re.findall(r'^\s+(n\d+|anchor) -> (n\d+) \[color=(\w+)', out, re.M)
    red = [e for e in edges if e[2] == 'red']
    problems = []
    if p.returncode != status or not out.startswith('digraph ') or not out.rstrip().endswith('}'):
        problems.append(f'exit {p.returncode} or not a digraph')
    if out.count('{') != out.count('}') or not edges or any(a not in nodes or b not in nodes for a, b, _ in edges):
        problems.append('unbalanced, no edges, or an edge to an unknown node')
    if len(edges) != len(nodes) - 1:
        problems.append(f'{len(edges)} edges for {len(nodes)} nodes: not a tree from the anchor')
    if red_into:
        if len(red) != 1 or not nodes.get(red[0][1], '').startswith(red_into):
            problems.append(f'red edges {red}, want one into "{red_into}"')
    elif red or any(e[2] != 'green3' for e in edges):
        problems.append('a secure graph has an edge that is not green')
    if shutil.which('dot'):
        svg = subprocess.run(['dot', '-Tsvg'], input=out, capture_output=True, text=True, timeout=60)
        if svg.returncode != 0 or '<svg' not in svg.stdout:
            problems.append(f'dot -Tsvg: {svg.stderr.strip()}')
    report(not problems, f'trace --format dot {name}: {len(nodes)} nodes, {len(edges)} edges, '
           f'{len(red)} red{"" if shutil.which("dot") else " (graphviz not installed: structure only)"}',
           '; '.join(problems) + '\n' + out)

# check-config
with tempfile.TemporaryDirectory() as d:
    anchor_line = next(i for i, l in enumerate(open(env['LAB_ANCHOR_KEY']), 1) if ' DNSKEY ' in l)
    good = os.path.join(d, 'good.conf')
    with open(good, 'w') as f:
        f.write(f"# lab\ntrust-anchor-file {env['LAB_ANCHOR_KEY']}\nnameserver {env['LAB_HONEST']}\n"
                "negative-trust-anchor corp.example\nrequire-secure bank.example\ntimeout 7\nlog-level info\n")
    p = run('check-config', '--config', good)
    want = [f'  {good}: read', 'servers (from nameserver lines of the configuration):', f"  {env['LAB_HONEST']}",
            f". DNSKEY key {env['LAB_ROOT_KEYTAG']}, algorithm RSASHA256, flags 257  ({env['LAB_ANCHOR_KEY']}:{anchor_line})",
            'corp.example.', 'require-secure: bank.example.', 'timeout: 7 s per lookup', 'log-level: info',
            'configuration ok']
    missing = [w for w in want if w not in p.stdout]
    if not re.search(r'built-in: home\.arpa\. local\. internal\. localhost\. 10\.in-addr\.arpa\.', p.stdout):
        missing.append('the built-in NTAs')
    if re.search(r'built-in:.*corp\.example', p.stdout) or not re.search(r'configured: corp\.example\.$', p.stdout, re.M):
        missing.append('corp.example. listed as configured, not built-in')
    report(p.returncode == 0 and not missing, 'check-config of a good configuration', f'missing {missing}\n{p.stdout}{p.stderr}')

    p = run('check-config', '--config', good, '--server', '192.0.2.1#5353')
    report(p.returncode == 0 and 'servers (from --server):\n  192.0.2.1#5353\n' in p.stdout,
           'check-config --server: the server and where it came from', p.stdout + p.stderr)

    bad = os.path.join(d, 'bad.conf')
    with open(bad, 'w') as f:
        f.write(f"trust-anchor-file {env['LAB_ANCHOR_KEY']}\ntimeout 5\nfrobnicate yes\n")
    p = run('check-config', '--config', bad)
    report(p.returncode == 78 and f'{bad}:3: unknown keyword (frobnicate)' in p.stderr,
           f'check-config of a bad line: exit {p.returncode}: {p.stderr.strip()}', p.stdout + p.stderr)

    badkey = os.path.join(d, 'bad.key')
    with open(badkey, 'w') as f:
        f.write('; a trust anchor file\n. IN DS 12345 8 2 NOTHEX\n')
    withkey = os.path.join(d, 'withkey.conf')
    with open(withkey, 'w') as f:
        f.write(f'trust-anchor-file {badkey}\n')
    p = run('check-config', '--config', withkey)
    report(p.returncode == 78 and f'{badkey}:2: ' in p.stderr,
           f'check-config of a bad anchor file: exit {p.returncode}: {p.stderr.strip()}', p.stdout + p.stderr)

print(f'lab-trace: {passed} passed, {failed} failed')
sys.exit(1 if failed or not passed else 0)
