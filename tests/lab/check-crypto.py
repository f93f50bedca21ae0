#!/usr/bin/python3
"""OpenSSL in the validator fails closed, and the host's OpenSSL setup does
not change what DNSSEC accepts (validator/val_crypto.c).  Run with the lab
up (make check-lab runs it); prints "N passed, N failed".

  linking   the module and the tool are not linked with libcrypto: it is
            loaded while the first queries are on the wire (the overlap the
            benchmarks measure), so a DT_NEEDED would bring its cost back.
  config    an OpenSSL configuration that makes the default library context
            fetch nothing (default_properties "fips=yes", no FIPS provider),
            given through OPENSSL_CONF: the forged answer of the lab's
            attacker is still bogus and the honest name secure.  Before the
            validator had a library context of its own, every algorithm read
            as unsupported here, every zone as unsigned, and the forgery was
            accepted as insecure.
  missing   libcrypto.so.3 replaced by an empty file (a bind mount in a
            private mount namespace): the tool says indeterminate and names
            the library, and getent through the module resolves nothing;
            never insecure, never the forged address.  A control run of the
            same getent in the same namespace through plain dns shows the
            name does resolve there."""
import os, re, subprocess, sys, tempfile

here = os.path.dirname(os.path.abspath(__file__))
top = os.path.dirname(os.path.dirname(here))
build = os.path.join(top, os.environ.get('O', 'build'))
tool = os.path.join(build, 'nss-dnssec')
so = os.path.join(build, 'libnss_dnssec.so.2')
env = dict(l.strip().split('=', 1) for l in open(os.path.join(here, 'run', 'env')) if '=' in l and not l.startswith('#'))

passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f'FAIL {what}')


def run(argv, extra_env=None, timeout=30):
    e = dict(os.environ)
    e.pop('OPENSSL_CONF', None)
    e.update(extra_env or {})
    r = subprocess.run(argv, capture_output=True, text=True, env=e, timeout=timeout)
    return r.returncode, r.stdout, r.stderr


def needed(path):
    out = subprocess.run(['readelf', '-d', path], capture_output=True, text=True, check=True).stdout
    return [l.split('[', 1)[1].rstrip(']') for l in out.splitlines() if '(NEEDED)' in l]


def libcrypto_path():
    """Where the dynamic linker finds libcrypto.so.3 (ldconfig's cache)."""
    out = subprocess.run(['ldconfig', '-p'], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        if line.strip().startswith('libcrypto.so.3 ') and ' => ' in line:
            return line.split(' => ', 1)[1].strip()
    return None


def sanitizer_env(path):
    """An ASan build of the module (make check SANITIZE=1) loads into getent
    only with libasan preloaded."""
    p = subprocess.run(['ldd', path], capture_output=True, text=True)
    m = re.search(r'libasan\.so\.\d+ => (\S+)', p.stdout)
    return {'LD_PRELOAD': m.group(1), 'ASAN_OPTIONS': 'detect_leaks=0'} if m else {}


def query(server, name, extra_env=None, prefix=()):
    return run(list(prefix) + [tool, 'query', '--server', server, '--anchor', env['LAB_ANCHOR_KEY'], name, 'A'],
               extra_env)


# linking
for path in (so, tool):
    libs = needed(path)
    check(libs and not any(l.startswith('libcrypto') or l.startswith('libssl') for l in libs),
          f'linking: {os.path.basename(path)} needs {libs}, no libcrypto')

with tempfile.TemporaryDirectory(prefix='nss-dnssec-crypto.') as tmp:
    # config
    cnf = os.path.join(tmp, 'fips-properties.cnf')
    with open(cnf, 'w') as f:
        f.write('openssl_conf = openssl_init\n[openssl_init]\nalg_section = evp_properties\n'
                '[evp_properties]\ndefault_properties = "fips=yes"\n')
    rc, out, err = query(env['LAB_ATTACKER'], 'sigkept.victim.lab', {'OPENSSL_CONF': cnf})
    check(rc == 2 and out.startswith('verdict: bogus') and env['LAB_HTTP_FORGED'] not in out,
          f'config: forged sigkept.victim.lab with OPENSSL_CONF={cnf}: bogus, exit 2 (got {rc}: {out[:300]!r} {err[:200]!r})')
    rc, out, err = query(env['LAB_HONEST'], 'www.alg13.lab', {'OPENSSL_CONF': cnf})
    check(rc == 0 and out.startswith('verdict: secure'),
          f'config: www.alg13.lab with OPENSSL_CONF: secure, exit 0 (got {rc}: {out[:300]!r} {err[:200]!r})')

    # missing
    lib = libcrypto_path()
    check(lib is not None and os.path.exists(lib), f'missing: ldconfig names libcrypto.so.3 ({lib})')
    if lib:
        empty = os.path.join(tmp, 'empty')
        open(empty, 'w').close()
        conf = os.path.join(tmp, 'nss-dnssec.conf')
        with open(conf, 'w') as f:
            f.write(f'trust-anchor-file {env["LAB_ANCHOR_KEY"]}\n')
        for mode in ('dns', 'dnssec'):
            with open(os.path.join(tmp, f'nsswitch.{mode}'), 'w') as f:
                f.write(f'hosts: files {mode}\n')
        for label, server in (('honest', env['LAB_HONEST']), ('attacker', env['LAB_ATTACKER'])):
            with open(os.path.join(tmp, f'resolv.{label}'), 'w') as f:
                f.write(f'nameserver {server}\n')
        # One private mount namespace per run: libcrypto hidden, the lab's
        # resolver and an nsswitch.conf bound over /etc's.
        ns = ['unshare', '-m', 'sh', '-c',
              'mount --bind "$1" "$2" && mount --bind "$3" /etc/nsswitch.conf && '
              'mount --bind "$4" /etc/resolv.conf && shift 4 && exec "$@"', 'ns', empty, lib]
        for label, name, server in (('honest', 'www.alg13.lab', env['LAB_HONEST']),
                                    ('attacker', 'sigkept.victim.lab', env['LAB_ATTACKER'])):
            res = os.path.join(tmp, f'resolv.{label}')
            rc, out, err = query(server, name,
                                 prefix=ns + [os.path.join(tmp, 'nsswitch.dnssec'), res])
            check(rc == 3 and out.startswith('verdict: indeterminate') and 'OpenSSL could not be started' in out
                  and 'libcrypto.so.3' in out and env['LAB_HTTP_FORGED'] not in out,
                  f'missing: tool on {name} ({label}): indeterminate, exit 3, libcrypto named '
                  f'(got {rc}: {out[:400]!r} {err[:200]!r})')
            lenv = {'LD_LIBRARY_PATH': build, 'NSS_DNSSEC_CONF': conf, **sanitizer_env(so)}
            rc, out, err = run(ns + [os.path.join(tmp, 'nsswitch.dnssec'), res, 'getent', 'ahosts', name], lenv)
            check(rc == 2 and out == '',
                  f'missing: getent ahosts {name} ({label}) through dnssec: nothing, exit 2 (got {rc}: {out!r} {err[:200]!r})')
            rc, out, err = run(ns + [os.path.join(tmp, 'nsswitch.dns'), res, 'getent', 'ahosts', name], lenv)
            check(rc == 0 and out != '',
                  f'missing: control, getent ahosts {name} ({label}) through dns in the same namespace resolves '
                  f'(got {rc}: {out!r})')

print(f'lab-crypto: {passed} passed, {failed} failed')
sys.exit(1 if failed else 0)
