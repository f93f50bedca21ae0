#!/usr/bin/python3
"""End-to-end test of DNS64 (issue 17, part 1; RFC 6147 §5.5, RFC 7050,
RFC 6052): libnss_dnssec.so.2 behind the lab's DNS64 resolver (unbound
"dns64 iterator", 64:ff9b::/96, in front of the honest resolver), beside
glibc's own dns module on the same resolver.  Run with the lab up (make
check-lab runs it; O= names the build directory).  One line per failed
check ("-v": every check), then the table of names, verdicts and addresses
via dnssec and via dns, and "N passed, M failed"; exit 1 on any failure.

Asked with DO and CD, the DNS64 gives the real AAAA NODATA; the module
learns 64:ff9b::/96 from ipv4only.arpa. and synthesizes from validated A
records.  Checked, through getent (ahosts: gethostbyname4_r; ahostsv6:
gethostbyname3_r AF_INET6; hosts: gethostbyname2_r AF_INET6) and Python's
socket.getaddrinfo (AF_UNSPEC, AF_INET6), in a mount namespace as
check-e2e.py does it:
* secure and insecure names with only A records: exactly the dns module's
  addresses, the synthesized AAAA among them;
* names with real AAAA: nothing synthesized (same as dns);
* bogus names: nothing at all (the dns module gets synthesized addresses,
  which shows that the DNS64 did synthesize for them);
* reverse lookups (getent hosts ADDR, gethostbyaddr) of synthesized
  addresses: the IPv4 PTR, validated (the DNS64's own ip6.arpa answer is
  unsigned under the signed ip6.arpa. of the lab);
* "dns64-prefix none": no synthesis; "dns64-prefix 2001:db8:64::/96": that
  prefix, for names and reverse lookups;
* one process that sees resolv.conf change (DNS64, then the honest
  resolver without DNS64, then the DNS64 again) forgets what it learnt;
* nss-dnssec query NAME AAAA: the answer as the DNS64 gives it (NODATA),
  and a "dns64:" line saying what the module would synthesize.
"""
import subprocess
import argparse, importlib.util, os, shutil, socket, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location('check_e2e', os.path.join(HERE, 'check-e2e.py'))
E2E = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(E2E)

WKP = '64:ff9b::'
NSP = '2001:db8:64::'   # a configured Network-Specific Prefix (/96)


def v6(prefix, v4):
    """RFC 6052 /96: the IPv4 address in the last 32 bits."""
    b = socket.inet_pton(socket.AF_INET6, prefix)[:12] + socket.inet_aton(v4)
    return socket.inet_ntop(socket.AF_INET6, b)


# name, verdict, A addresses, real AAAA addresses
NAMES = [
    ('www.alg13.lab', 'secure', ['127.53.10.13'], []),
    ('www.alg8.lab', 'secure', ['127.53.10.8'], []),
    ('alias.alg13.lab', 'secure', ['127.53.10.13'], []),        # CNAME -> www
    ('www.zone.ec', 'secure', ['127.53.10.90'], []),            # NSEC3 NODATA for AAAA
    ('www.unsigned.lab', 'insecure', ['127.53.10.40'], []),
    ('www.insecure.optout.lab', 'insecure', ['127.53.10.35'], []),
    ('ipv4only.arpa', 'insecure', ['192.0.0.170', '192.0.0.171'], []),
    ('dual.alg8.lab', 'secure', ['127.53.14.8'], ['2001:db8:53:1::8']),
    ('v6.alg13.lab', 'secure', [], ['2001:db8:53::d']),
    ('www.expired.lab', 'bogus', ['127.53.10.50'], []),
    ('www.dsmismatch.lab', 'bogus', ['127.53.10.52'], []),
    ('www.badsig.lab', 'bogus', ['127.53.10.58'], []),          # A bogus, AAAA NODATA secure
]
REVERSE = [('127.53.10.13', 'www.alg13.lab'), ('127.53.80.1', 'http.alg13.lab')]


def expected_v6(a, aaaa, prefix):
    return set(aaaa) if aaaa else {v6(prefix, x) for x in a}


def name_jobs(name):
    jobs = [dict(id=f'getent {db}|{name}', kind='proc', argv=['getent', db, name])
            for db in ('ahosts', 'ahostsv6', 'hosts')]
    jobs.append(dict(id=f'gai unspec|{name}', kind='gai', name=name, family='unspec'))
    jobs.append(dict(id=f'gai inet6|{name}', kind='gai', name=name, family='inet6'))
    return jobs


def rev_jobs(addr):
    return [dict(id=f'getent hosts|{addr}', kind='proc', argv=['getent', 'hosts', addr]),
            dict(id=f'ghba|{addr}', kind='ghba', addr=addr)]


# One process, three resolv.conf files in turn (the namespace's /etc is an
# overlay on a tmpfs: the host's resolv.conf is never written).
RELEARN = r"""
import socket, sys
def overlay_etc():
    with open('/proc/self/mountinfo') as f:
        return any(l.split()[4] == '/etc' and 'nss-dnssec-e2e-etc' in l for l in f)
if not overlay_etc():
    sys.exit('relearn: /etc is not the test overlay; refusing to write resolv.conf')
def v6(name):
    try:
        return sorted({a[4][0] for a in socket.getaddrinfo(name, None, socket.AF_INET6, socket.SOCK_STREAM)})
    except socket.gaierror as e:
        return ['error %d' % e.errno]
def use(addr):
    with open('/etc/resolv.conf', 'w') as f:
        f.write('nameserver %s\n' % addr)
out = [v6('www.alg13.lab')]
use(sys.argv[2]); out.append(v6('www.alg8.lab'))
use(sys.argv[1]); out.append(v6('www.alg13.lab.'))
print(repr(out))
"""


def gai_addrs(r):
    return set(r['ok']) if 'ok' in r else None


def getent_set(r):
    return E2E.getent_addrs(r.get('out', '')) if r.get('rc') == 0 else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('-v', '--verbose', action='store_true')
    args = ap.parse_args()
    o = os.environ.get('O', 'build')
    so = os.path.join(E2E.TOP, o, 'libnss_dnssec.so.2')
    env = E2E.lab_env()
    if 'LAB_DNS64' not in env:
        print('check-dns64: the lab has no DNS64 resolver (LAB_DNS64); is it up?', file=sys.stderr)
        return 2
    base_conf = open(env['LAB_CONF']).read()
    resolv = f'nameserver {env["LAB_DNS64"]}\n'
    mntns = os.readlink('/proc/self/ns/mnt')
    R = E2E.Results(args.verbose)
    tmp = tempfile.mkdtemp(prefix='nss-dnssec-dns64.')
    try:
        jobs = [j for n in NAMES for j in name_jobs(n[0])]
        for v4, _ in REVERSE:
            jobs += rev_jobs(v6(WKP, v4))
        relearn = dict(id='relearn', kind='proc', sequential=True,
                       argv=[E2E.PY, '-c', RELEARN, env['LAB_DNS64'], env['LAB_HONEST']])
        out = {
            'dns': E2E.run_scenario(tmp, 'dns', 'hosts: files dns\n', resolv, None, None, jobs, mntns),
            'dnssec': E2E.run_scenario(tmp, 'dnssec', 'hosts: files dnssec\n', resolv, base_conf, so,
                                       [relearn] + jobs, mntns),
        }
        cfg_jobs = name_jobs('www.alg13.lab') + name_jobs('dual.alg8.lab') + rev_jobs(v6(NSP, '127.53.10.13'))
        out['none'] = E2E.run_scenario(tmp, 'none', 'hosts: files dnssec\n', resolv,
                                       base_conf + 'dns64-prefix none\n', so, cfg_jobs, mntns)
        out['nsp'] = E2E.run_scenario(tmp, 'nsp', 'hosts: files dnssec\n', resolv,
                                      base_conf + f'dns64-prefix {NSP}/96\n', so, cfg_jobs, mntns)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for k, v in out.items():
        for r in v['results']:
            R.check(k, not r.get('err', '').strip(), f'{r["id"]}: nothing on stderr: {r.get("err", "")!r}')

    rows = []
    d, s = out['dns']['by_id'], out['dnssec']['by_id']
    for name, verdict, a, aaaa in NAMES:
        want6 = expected_v6(a, aaaa, WKP)
        want = set(a) | want6
        dns_set = gai_addrs(d[f'gai unspec|{name}'])
        sec_set = gai_addrs(s[f'gai unspec|{name}'])
        rows.append((name, verdict, sec_set, dns_set))
        # The dns module shows what the DNS64 synthesizes, bogus or not.
        R.check('dns', dns_set == want, f'{name}: dns module gets {sorted(want)}: {sorted(dns_set or [])}')
        if verdict in ('secure', 'insecure'):
            for db in ('ahosts', 'ahostsv6', 'hosts'):
                key = f'getent {db}|{name}'
                wd = want if db == 'ahosts' else want6
                R.check('dnssec', getent_set(s[key]) == wd and getent_set(d[key]) == wd,
                        f'{key}: dnssec {getent_set(s[key])} = dns {getent_set(d[key])} = {sorted(wd)}')
            R.check('dnssec', sec_set == want and sec_set == dns_set,
                    f'gai unspec {name}: dnssec {sorted(sec_set or [])} = dns = {sorted(want)}: {s[f"gai unspec|{name}"]}')
            s6 = gai_addrs(s[f'gai inet6|{name}'])
            R.check('dnssec', s6 == want6 and s6 == gai_addrs(d[f'gai inet6|{name}']),
                    f'gai inet6 {name}: dnssec {sorted(s6 or [])} = dns = {sorted(want6)}')
        else:
            for key in [f'getent {db}|{name}' for db in ('ahosts', 'ahostsv6', 'hosts')]:
                R.check('dnssec', s[key].get('rc') == 2 and not s[key].get('out'),
                        f'{key}: bogus, nothing (exit 2): rc {s[key].get("rc")} {s[key].get("out")!r}')
            for fam in ('unspec', 'inet6'):
                r = s[f'gai {fam}|{name}']
                R.check('dnssec', r.get('gaierror', [None])[0] == socket.EAI_NONAME,
                        f'gai {fam} {name}: bogus, EAI_NONAME: {r}')
    for v4, host in REVERSE:
        addr = v6(WKP, v4)
        for k in ('dns', 'dnssec'):
            g = out[k]['by_id'][f'getent hosts|{addr}']
            R.check(k, g.get('rc') == 0 and g.get('out', '').split() == [addr, host],
                    f'getent hosts {addr}: {host}: {g.get("rc")} {g.get("out")!r}')
            r = out[k]['by_id'][f'ghba|{addr}']
            R.check(k, r.get('ok') == [host, [], [addr]], f'gethostbyaddr {addr}: {host}: {r}')
        rows.append((addr, 'secure (PTR of ' + v4 + ')', {out['dnssec']['by_id'][f'ghba|{addr}'].get('ok', ['-'])[0]},
                     {out['dns']['by_id'][f'ghba|{addr}'].get('ok', ['-'])[0]}))

    rl = s['relearn']
    want_rl = repr([[v6(WKP, '127.53.10.13')], ['error %d' % socket.EAI_NODATA], [v6(WKP, '127.53.10.13')]])
    R.check('dnssec', rl.get('rc') == 0 and rl.get('out', '').strip() == want_rl,
            f'one process: resolv.conf DNS64 -> honest -> DNS64: synthesized, none, synthesized again: '
            f'{rl.get("out", "").strip()} {rl.get("err", "").strip()} (want {want_rl})')

    n = out['none']['by_id']
    R.check('none', getent_set(n['getent ahosts|www.alg13.lab']) == {'127.53.10.13'},
            f'dns64-prefix none: ahosts www.alg13.lab: the A only: {n["getent ahosts|www.alg13.lab"].get("out")!r}')
    R.check('none', n['gai inet6|www.alg13.lab'].get('gaierror', [None])[0] == socket.EAI_NODATA,
            f'dns64-prefix none: gai inet6 www.alg13.lab: EAI_NODATA: {n["gai inet6|www.alg13.lab"]}')
    R.check('none', getent_set(n['getent ahosts|dual.alg8.lab']) == {'127.53.14.8', '2001:db8:53:1::8'},
            'dns64-prefix none: dual.alg8.lab as it is')
    p = out['nsp']['by_id']
    mine = v6(NSP, '127.53.10.13')
    R.check('nsp', getent_set(p['getent ahosts|www.alg13.lab']) == {'127.53.10.13', mine},
            f'dns64-prefix {NSP}/96: ahosts www.alg13.lab has {mine}: {p["getent ahosts|www.alg13.lab"].get("out")!r}')
    R.check('nsp', gai_addrs(p['gai inet6|www.alg13.lab']) == {mine}, f'dns64-prefix {NSP}/96: gai inet6')
    R.check('nsp', getent_set(p['getent ahosts|dual.alg8.lab']) == {'127.53.14.8', '2001:db8:53:1::8'},
            f'dns64-prefix {NSP}/96: real AAAA, nothing synthesized')
    g = p[f'getent hosts|{mine}']
    R.check('nsp', g.get('out', '').split() == [mine, 'www.alg13.lab'],
            f'dns64-prefix {NSP}/96: getent hosts {mine}: www.alg13.lab: {g.get("out")!r}')

    tool = os.path.join(E2E.TOP, o, 'nss-dnssec')
    for server, name, want in [
            ('DNS64', 'www.alg13.lab', 'dns64: the module would synthesize 64:ff9b::7f35:a0d (secure, TTL '),
            ('DNS64', 'www.unsigned.lab', 'dns64: the module would synthesize 64:ff9b::7f35:a28 (insecure, TTL '),
            ('DNS64', 'dual.alg8.lab', 'dns64: nothing synthesized: the name has AAAA records'),
            ('DNS64', 'www.badsig.lab', 'dns64: nothing synthesized: the A answer is bogus'),
            ('DNS64', 'nothere.alg13.lab', 'dns64: nothing synthesized: the name does not exist'),
            ('HONEST', 'www.alg13.lab', 'dns64: nothing synthesized: no DNS64 prefix ('),
    ]:
        cmd = [tool, 'query', '--config', env['LAB_CONF'], '--server', env['LAB_' + server], name, 'AAAA']
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        lines = p.stdout.splitlines()
        got = [l for l in lines if l.startswith('dns64:')]
        ok = len(got) == 1 and got[0].startswith(want)
        if want.startswith('dns64: the module would'):
            ok = ok and any(l.startswith('answer: no record of that type (NODATA)') for l in lines) and 'under 64:ff9b::/96' in got[0]
        R.check('tool', ok, f'nss-dnssec query {name} AAAA via {server.lower()}: "{want}...": {got or lines}')

    cdir = tempfile.mkdtemp(prefix='nss-dnssec-dns64-conf.')
    try:
        for extra, want in [('', 'dns64: learnt from the resolver (ipv4only.arpa., RFC 7050)'),
                            ('dns64-prefix none\n', 'dns64: off (dns64-prefix none)'),
                            (f'dns64-prefix {NSP}/96\ndns64-prefix 64:ff9b::/96\n',
                             f'dns64: {NSP}/96, 64:ff9b::/96 (dns64-prefix)')]:
            cf = os.path.join(cdir, 'nss-dnssec.conf')
            with open(cf, 'w') as fh:
                fh.write(base_conf + extra)
            p = subprocess.run([tool, 'check-config', '--config', cf], capture_output=True, text=True, timeout=60)
            R.check('tool', p.returncode == 0 and want in p.stdout.splitlines(),
                    f'check-config with {extra.strip() or "no dns64-prefix"}: "{want}": '
                    f'{[l for l in p.stdout.splitlines() if l.startswith("dns64")]} {p.stderr.strip()}')
    finally:
        shutil.rmtree(cdir, ignore_errors=True)

    print('\nname | verdict | via dnssec (DNS64 resolver) | via dns (same resolver)')
    for name, verdict, sec, dns in rows:
        fmt = lambda x: ' '.join(sorted(x)) if x else '(nothing)'
        print(f'{name} | {verdict} | {fmt(sec)} | {fmt(dns)}')
    passed = sum(g[0] for g in R.groups.values())
    failed = sum(g[1] for g in R.groups.values())
    for grp, (ok, bad) in R.groups.items():
        print(f'[{grp}] {ok} passed, {bad} failed')
    print(f'check-dns64: {passed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
