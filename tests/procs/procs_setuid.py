#!/usr/bin/python3
"""procs_setuid.py ATTACKER OUTER_MNTNS: a setuid-root getent run by an unprivileged user with a hostile
environment (tests/procs, run by check-procs.py inside check-e2e.py's mount
namespace: nsswitch "files dnssec", the lab's honest resolver and anchor,
the module under test in the multiarch directory, so that a setuid program,
which ignores LD_LIBRARY_PATH, loads it as after "make install").

Inside the namespace only: a tmpfs (suid allowed, checked) on a directory
made in the /etc overlay (its upper layer is the namespace's tmpfs, so
nothing reaches the host; the scenario's own directory under /tmp is 0700,
which "nobody" could not traverse) holds copies of getent and id made
setuid root, the hostile files, and strace's output.

For every name, getent ahosts runs as nobody (setpriv) with a clean
environment and with a hostile one:
  LOCALDOMAIN=wild.alg13.lab RES_OPTIONS="ndots:15 attempts:5"
      (a resolver that honoured them would ask www.alg13.lab.wild.alg13.lab
      first, which the wildcard answers with another address, and "www"
      would become www.wild.alg13.lab)
  HOSTALIASES=<file mapping procshost to www.victim.lab>
  NSS_DNSSEC_CONF=<config: the attacker as nameserver, an anchor (DS) that
      matches no key: every lookup would be bogus>
and both runs are compared (exit code, stdout, stderr).  Then each runs
under strace -f -u nobody (strace as root runs the command as nobody and
lets its setuid bit take effect, like an unprivileged exec) and the files
each opened are compared.  The same with the plain /usr/bin/getent (not
setuid) and the hostile environment without NSS_DNSSEC_CONF (which a test
may set for a program that is not setuid): DESIGN.md says no other variable
changes behaviour.

Prints one JSON object on stdout; check-procs.py judges it."""
import json, os, re, shutil, subprocess, sys

DIR = '/etc/nss-dnssec-procs-setuid'
NAMES = ['www.alg13.lab', 'www', 'procshost', 'dual.alg13.lab', 'www.expired.lab', 'nothere.alg13.lab']
NOBODY = ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups', '--']


def run(argv, **kw):
    p = subprocess.run(argv, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60, **kw)
    return {'rc': p.returncode, 'out': p.stdout, 'err': p.stderr}


def opened(path):
    """(path, "ok"|errno) of every open/openat in an strace -f log, sorted,
    without duplicates; and the raw lines."""
    files, lines = set(), []
    pat = re.compile(r'open(?:at)?\((?:AT_FDCWD|\d+), "([^"]*)", [^)]*\)\s+=\s+(-?\d+)(?:\s+(\w+))?')
    with open(path) as fh:
        for line in fh:
            m = pat.search(line)
            if m:
                lines.append(line.rstrip('\n'))
                files.add((m.group(1), 'ok' if int(m.group(2)) >= 0 else m.group(3)))
    return sorted(files), lines


def main():
    attacker, outer_mntns = sys.argv[1:3]
    if os.readlink('/proc/self/ns/mnt') == outer_mntns:
        raise SystemExit('procs_setuid: not in a private mount namespace; refusing to mount')
    os.mkdir(DIR, 0o755)
    subprocess.run(['mount', '-t', 'tmpfs', '-o', 'mode=0755,suid,exec,size=64m', 'nss-dnssec-procs-setuid', DIR],
                   check=True)
    opts = subprocess.run(['findmnt', '-no', 'OPTIONS', DIR], capture_output=True, text=True).stdout.strip()
    for prog in ('getent', 'id'):
        shutil.copy('/usr/bin/' + prog, os.path.join(DIR, prog))
        os.chown(os.path.join(DIR, prog), 0, 0)
        os.chmod(os.path.join(DIR, prog), 0o4755)
    with open(os.path.join(DIR, 'hostaliases'), 'w') as fh:
        fh.write('procshost www.victim.lab\nwww www.victim.lab\n')
    with open(os.path.join(DIR, 'evil.key'), 'w') as fh:
        fh.write('. IN DS 4242 8 2 ' + '42' * 32 + '\n')
    with open(os.path.join(DIR, 'evil.conf'), 'w') as fh:
        fh.write(f'nameserver {attacker}\ntrust-anchor-file {DIR}/evil.key\nlog-level debug\n')
    for f in ('hostaliases', 'evil.key', 'evil.conf'):
        os.chmod(os.path.join(DIR, f), 0o644)
    hostile_env = {'LOCALDOMAIN': 'wild.alg13.lab', 'RES_OPTIONS': 'ndots:15 attempts:5',
                   'HOSTALIASES': os.path.join(DIR, 'hostaliases'),
                   'NSS_DNSSEC_CONF': os.path.join(DIR, 'evil.conf')}
    clean = ['env', '-i', 'PATH=/usr/bin:/bin']
    hostile = clean + [f'{k}={v}' for k, v in hostile_env.items()]
    hostile_nonsuid = clean + [f'{k}={v}' for k, v in hostile_env.items() if k != 'NSS_DNSSEC_CONF']
    res = {'mount_options': opts, 'dir': DIR}
    # The setuid bit takes effect, for setpriv and for strace -u: euid 0.
    res['id_setpriv'] = run(NOBODY + hostile + [os.path.join(DIR, 'id')])
    res['id_strace'] = run(['strace', '-qq', '-f', '-e', 'trace=none', '-u', 'nobody'] + hostile +
                           [os.path.join(DIR, 'id')])
    getent = os.path.join(DIR, 'getent')
    res['runs'] = {}
    for name in NAMES:
        r = res['runs'][name] = {}
        r['setuid-clean'] = run(NOBODY + clean + [getent, 'ahosts', name])
        r['setuid-hostile'] = run(NOBODY + hostile + [getent, 'ahosts', name])
        r['plain-clean'] = run(NOBODY + clean + ['/usr/bin/getent', 'ahosts', name])
        r['plain-hostile'] = run(NOBODY + hostile_nonsuid + ['/usr/bin/getent', 'ahosts', name])
        for label, env, prog in (('setuid-clean', clean, getent), ('setuid-hostile', hostile, getent),
                                 ('plain-clean', clean, '/usr/bin/getent'),
                                 ('plain-hostile', hostile_nonsuid, '/usr/bin/getent')):
            log = os.path.join(DIR, f'strace.{label}.{name}')
            t = run(['strace', '-qq', '-f', '-e', 'trace=open,openat', '-o', log, '-u', 'nobody'] + env +
                    [prog, 'ahosts', name])
            files, lines = opened(log)
            r[label + '-strace'] = {'rc': t['rc'], 'out': t['out'], 'err': t['err'], 'files': files,
                                    'lines': lines}
    json.dump(res, sys.stdout)


if __name__ == '__main__':
    main()
