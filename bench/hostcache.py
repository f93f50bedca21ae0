#!/usr/bin/python3
"""bench/hostcache.py OUT RUNS NAMES LOOPBACK DELAY: the host-wide cache
part of bench/run.sh (BENCH_PARTS=hostcache runs it alone).

Cold-process "getent ahosts NAME" (hyperfine -N, a fresh process per run)
with a host cache that is warm (hyperfine's warm-up runs fill it), against
plain glibc dns without a cache, on the lab's resolver on loopback
(LOOPBACK) and behind bench/delayfwd's 20 ms (DELAY).  Modes:

    dns            hosts: files dns, no cache (the baseline)
    dnssec         hosts: files dnssec, no cache (each process validates)
    nscd+dns       glibc's nscd caching the dns module
    nscd+dnssec    glibc's nscd with the module inside it
    unscd+dnssec   unscd with the module inside it (its workers)

Each mode runs in a mount namespace of its own, built as
tests/e2e/check-nscd.py builds its scenarios (the module in the default
library directory, /etc and /run private, the daemon started and stopped by
PID): unscd execs its workers with an empty environment, so the module must
be where glibc finds it without LD_LIBRARY_PATH, and its configuration at
/etc/nss-dnssec.conf.  The daemons are the ones tests/install-deps.sh
unpacks.  Writes OUT/hf-NET-hc-MODE.json (and .log)."""
import importlib.util
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
PY = '/usr/bin/python3'
_spec = importlib.util.spec_from_file_location('check_nscd', os.path.join(TOP, 'tests', 'e2e', 'check-nscd.py'))
cn = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(cn)

MODES = ('dns', 'dnssec', 'nscd+dns', 'nscd+dnssec', 'unscd+dnssec')
# The configurations README.md recommends (the cache's lifetimes do not
# matter here: every name stays cached during a run).
NSCD_CONF = cn.glibc_conf(0)
UNSCD_CONF = cn.unscd_conf(300, 1)


def inner(spec_path):
    with open(spec_path) as fh:
        spec = json.load(fh)
    cn.setup_namespace(spec)
    daemon = None
    try:
        if spec['daemon']:
            daemon = cn.Daemon(spec['daemon'], os.path.join(spec['ns'], 'daemon.log'), dict(os.environ))
        args = ['hyperfine', '-N', '--style', 'basic', '--warmup', '3', '--runs', str(spec['runs']),
                '--export-json', spec['json']]
        for n in spec['names']:
            args += ['-n', f'{spec["mode"]} {n}', f'getent ahosts {n}']
        if spec['mode'] == 'dns':     # the floors of this run, in this namespace
            args += ['-n', 'floor getent localhost', 'getent ahosts localhost', '-n', 'floor process', 'true']
        with open(spec['log'], 'w') as log:
            rc = subprocess.run(args, stdout=log, stderr=subprocess.STDOUT).returncode
    finally:
        if daemon:
            daemon.stop()
    return rc


def main():
    if len(sys.argv) == 3 and sys.argv[1] == '--inner':
        return inner(sys.argv[2])
    out, runs, names, loopback, delay = sys.argv[1:6]
    names = names.split()
    so = os.path.join(out, 'lib', 'libnss_dnssec.so.2')
    nscd, unscd = cn.daemon_binary('nscd'), cn.daemon_binary('unscd')
    if not nscd or not unscd:
        print(f'bench: nscd or unscd missing in {cn.DAEMON_ROOT} (tests/install-deps.sh)', file=sys.stderr)
        return 1
    env = cn.lab_env()
    conf = open(env['LAB_CONF']).read() if os.path.exists(env.get('LAB_CONF', '')) \
        else f'trust-anchor-file {env["LAB_ANCHOR_KEY"]}\n'
    outer_mntns = os.readlink('/proc/self/ns/mnt')
    tmp = tempfile.mkdtemp(prefix='nss-dnssec-bench-hc.')
    try:
        for net, server in (('loopback', loopback), ('delay', delay)):
            for mode in MODES:
                daemon = None
                if mode.startswith('nscd'):
                    daemon = [nscd, '-F']
                elif mode.startswith('unscd'):
                    daemon = [unscd, '-d']
                module = 'dnssec' if mode.endswith('dnssec') else 'dns'
                etc = {'nsswitch.conf': f'hosts: files {module}\n', 'resolv.conf': f'nameserver {server}\n',
                       'nss-dnssec.conf': conf,
                       'nscd.conf': UNSCD_CONF if mode.startswith('unscd') else NSCD_CONF}
                ns = tempfile.mkdtemp(dir=tmp)
                spec = dict(ns=ns, outer_mntns=outer_mntns, etc=etc, so=so, daemon=daemon, mode=mode,
                            names=names, runs=int(runs), json=os.path.join(out, f'hf-{net}-hc-{mode}.json'),
                            log=os.path.join(out, f'hf-{net}-hc-{mode}.log'))
                sp = os.path.join(tmp, f'{net}-{mode.replace("+", "-")}.json')
                with open(sp, 'w') as fh:
                    json.dump(spec, fh)
                print(f'== hostcache: {net}: {mode}', flush=True)
                p = subprocess.run(['unshare', '--mount', '--propagation', 'private', PY,
                                    os.path.abspath(__file__), '--inner', sp])
                if p.returncode != 0:
                    print(f'bench: hostcache {net} {mode} failed: see {spec["log"]}', file=sys.stderr)
                    return 1
    finally:
        subprocess.run(['rm', '-rf', tmp])
    return 0


if __name__ == '__main__':
    sys.exit(main())
