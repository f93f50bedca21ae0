#!/usr/bin/python3
"""The module inside processes (issue 10, "Processes"): threads, fork(),
descriptors, memory and a setuid program, in the lab, through glibc.  Run
with the lab up (make check-lab runs it; O= names the build directory).

Every run happens in a mount namespace set up by tests/e2e/check-e2e.py,
imported here as a module and used unchanged (see its docstring): the lab's
nsswitch.conf ("hosts: files dnssec"), resolv.conf (honest resolver) and
nss-dnssec.conf over /etc, the module under test copied over the multiarch
library directory (so glibc's NSS dlopen() and setuid programs find it as
after "make install"), /dev/log captured.  The programs are
tests/procs/procs_driver.c (see its header) and tests/procs/procs_setuid.py.

Default (make check):
  threads    32 threads x 2000 lookups in one process (getaddrinfo
             AF_UNSPEC/AF_INET/AF_INET6 and gethostbyname2_r from random
             small buffers, ERANGE and retry), names of every kind of
             tests/lab/expect.tsv (honest resolver: secure, insecure,
             bogus, NXDOMAIN, NODATA; a family without a row is asked of
             the lab's validating reference) plus names with a random label
             that miss every cache (about 13% of the lookups); each result
             against the expected one.  A random-label name may end
             indeterminate (EAI_AGAIN) when the lab's NSD rate-limits the
             ISP resolver (response rate limiting, 200/s): up to 5% of
             those are allowed and counted, nothing else.
  fork       8 threads resolving (the same names) while the main thread
             forks 1000 times (4 children at a time), starting cold, so
             the first forks come while the threads load the configuration
             and initialise OpenSSL; each child resolves a secure and a
             bogus name through the module's entry point (not getaddrinfo:
             see tests/e2e/e2e_fork.py) and _exit()s; none may take over
             5 s (a hung child's stacks are printed with gdb).
  resources  10 000 lookups (4 threads), then 10 000 more: descriptors
             (/proc/self/fd) and threads (/proc/self/task) back to the
             count after the first lookup, RSS bounded; RLIMIT_NOFILE 16
             with 0..12 descriptors free (failures allowed, no crash, no
             wrong answer, no descriptor kept); a first lookup made with no
             descriptor free; every descriptor up to 1100 taken (c-ares
             must be driven by poll(), not select()).
  setuid     a setuid-root copy of getent run by nobody with hostile
             LOCALDOMAIN, RES_OPTIONS, HOSTALIASES and NSS_DNSSEC_CONF:
             the same output and the same files opened as with a clean
             environment (procs_setuid.py).
--slow (make check-procs-slow):
  tsan       the threads test with the module and the driver built with
             clang -fsanitize=thread: no ThreadSanitizer report.
  asan       the threads test under the SANITIZE=1 build (ASan+UBSan) with
             LeakSanitizer on: no error, no leak from our code.
  valgrind   1 thread x 200 lookups under valgrind memcheck: no byte
             "definitely lost", no memcheck error.
Bugs found and not fixed yet are listed in KNOWN_BUGS: their checks print
XFAIL and do not fail the run (an XPASS does).
--only NAME[,NAME] runs some of the groups; -v prints every check.
Prints one line per failed check, one per group and
"procs: N passed, M failed"; exits 1 on any failure."""
import argparse, collections, importlib.util, json, os, re, shutil, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
PY = '/usr/bin/python3'

sys.dont_write_bytecode = True   # no __pycache__ in tests/e2e from the import
_spec = importlib.util.spec_from_file_location('check_e2e', os.path.join(TOP, 'tests', 'e2e', 'check-e2e.py'))
E2E = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(E2E)

DNSSEC = 'hosts: files dnssec\n'
SECURE, SECURE_ADDRS, BOGUS = 'www.alg13.lab', '127.53.10.13', 'www.expired.lab'
FAMILIES = ('unspec', 'inet', 'inet6')

# Names with a random label ("%r", replaced at every use): they miss the
# process cache, so each lookup goes to the resolver and through the
# validator (with the zone's keys from the chain cache).  (kind, addresses)
# per family.
RANDOM_CASES = {
    '%r.wild.alg13.lab': {'inet': ('ok', '127.53.12.13'), 'inet6': ('nodata', '-'), 'unspec': ('ok', '127.53.12.13')},
    '%r.wild.alg8.lab': {'inet': ('ok', '127.53.12.8'), 'inet6': ('nodata', '-'), 'unspec': ('ok', '127.53.12.8')},
    '%r.wild.nsec3.lab': {'inet': ('ok', '127.53.12.30'), 'inet6': ('nodata', '-'), 'unspec': ('ok', '127.53.12.30')},
    '%r.alg13.lab': {f: ('nx', '-') for f in FAMILIES},
    '%r.nsec3.lab': {f: ('nx', '-') for f in FAMILIES},
    '%r.unsigned.lab': {f: ('nx', '-') for f in FAMILIES},
    '%r.expired.lab': {f: ('bogus', '-') for f in FAMILIES},
}


def reference(name, family, server):
    """The outcome for a family the table has no row for, from the lab's
    validating reference (unbound, 127.53.54.1): the table's rule ("a
    family without a row is NODATA, or fails like the row") is wrong for
    the zones where only one RRset is broken (badsig, nosig-rrset,
    wrongkey: www A is bogus, its AAAA a secure NODATA)."""
    import dns.flags, dns.message, dns.query, dns.rcode, dns.rdatatype
    rtype = dns.rdatatype.A if family == 'inet' else dns.rdatatype.AAAA
    q = dns.message.make_query(name, rtype, want_dnssec=True)
    r = dns.query.udp(q, server, timeout=5)
    rc = r.rcode()
    if rc == dns.rcode.SERVFAIL:
        return ('bogus', None)
    if rc == dns.rcode.NXDOMAIN:
        return ('nx', None)
    addrs = {a.to_text() for rrset in r.answer if rrset.rdtype == rtype for a in rrset}
    return ('ok', addrs) if addrs else ('nodata', None)


def honest_expectations(rows, server):
    """name -> {family: (kind, addresses)} for every honest A/AAAA name."""
    exps = collections.OrderedDict()
    for r in rows:
        if r['resolver'] == 'honest' and r['type'] in ('A', 'AAAA'):
            exps.setdefault(r['name'], {})['inet' if r['type'] == 'A' else 'inet6'] = E2E.row_outcome(r)
    for name, e in exps.items():
        for fam in ('inet', 'inet6'):
            if fam not in e:
                e[fam] = reference(name, fam, server)
        e['unspec'] = E2E.combine(e['inet'], e['inet6'])
    return exps


def case_lines(exps, random_weight):
    """The cases file: every honest A/AAAA name of the table in the three
    families, and the random-label names repeated random_weight times."""
    lines = []
    for name, e in exps.items():
        for fam in FAMILIES:
            kind, addrs = e[fam]
            lines.append(f'{name}\t{fam}\t{kind}\t{",".join(sorted(addrs)) if addrs else "-"}')
    for _ in range(random_weight):
        for name, e in RANDOM_CASES.items():
            for fam in FAMILIES:
                lines.append(f'{name}\t{fam}\t{e[fam][0]}\t{e[fam][1]}')
    return lines


def write_cases(tmp, label, lines):
    p = os.path.join(tmp, f'cases-{label}.tsv')
    with open(p, 'w') as fh:
        fh.write('\n'.join(lines) + '\n')
    return p


def figures(out, key):
    """The key=value pairs of the driver's "info KEY ..." line."""
    for line in out.splitlines():
        if line.startswith(f'info {key} '):
            return {k: v for k, v in re.findall(r'(\w+)=(\S+)', line)}
    return {}


def driver_checks(R, group, r):
    """The driver's own ok/FAIL lines, each a check; and its exit."""
    n = 0
    for line in r['out'].splitlines():
        if line.startswith(('ok ', 'FAIL ')):
            R.check(group, line.startswith('ok '), line.split(' ', 1)[1])
            n += 1
    R.check(group, r['rc'] == 0 and n > 0, f'{group}: the driver ran and exited 0 (rc {r["rc"]}, {n} checks)'
            + (f'; stderr: {r["err"][-3000:]!r}' if r['rc'] != 0 or r['err'] else ''))


def show_info(out, prefix):
    for line in out.splitlines():
        if line.startswith('info '):
            print(f'  {prefix}: {line[5:]}')


def scenario(tmp, name, conf, so, jobs, outer_mntns, env):
    return E2E.run_scenario(tmp, name, DNSSEC, E2E.resolv_for(env, 'honest'), conf, so, jobs, outer_mntns)


# ---------------------------------------------------------------------------
# The default groups

def run_fast(args, R, env, exps, conf, so, o, tmp, outer_mntns):
    driver = os.path.join(TOP, o, 'tests', 'procs_driver')
    asan = bool(E2E.sanitizer_env(so))
    cases = write_cases(tmp, 'all', case_lines(exps, 2))
    random_only = write_cases(tmp, 'random', case_lines({}, 1))
    jobs = []
    want = lambda g: not args.only or g in args.only
    if want('threads'):
        jobs.append(dict(id='threads', kind='proc', sequential=True, timeout=600,
                         argv=[driver, 'stress', cases, str(args.threads), str(args.lookups)]))
    # GCC 12's libasan does not reset its allocator's locks in a forked
    # child: children forked while a thread allocates hang in
    # __sanitizer::SizeClassAllocator64::GetFromAllocator (gdb), whatever
    # the module does.  The fork test runs in the plain build only.
    if want('fork') and asan:
        print('info: ASan build: fork test skipped (libasan 12 hangs forked children in its allocator lock)')
    if want('fork') and not asan:
        jobs.append(dict(id='fork', kind='proc', sequential=True, timeout=900,
                         argv=[driver, 'fork', cases, '8', str(args.forks), '5000', '4',
                               SECURE, SECURE_ADDRS, BOGUS]))
    if want('resources'):
        jobs += [dict(id='resources', kind='proc', sequential=True, timeout=600,
                      argv=[driver, 'resources', cases, '10000', '4']),
                 dict(id='nofile', kind='proc', sequential=True, timeout=600, argv=[driver, 'nofile', random_only]),
                 dict(id='nofile-first', kind='proc', sequential=True, timeout=120,
                      argv=[driver, 'nofile-first', random_only]),
                 dict(id='highfd', kind='proc', sequential=True, timeout=300, argv=[driver, 'highfd', cases])]
    if want('setuid') and not asan:
        jobs.append(dict(id='setuid', kind='proc', sequential=True, timeout=600,
                         argv=[PY, os.path.join(HERE, 'procs_setuid.py'), env['LAB_ATTACKER'], outer_mntns]))
    elif want('setuid'):
        print('info: setuid skipped: an ASan module cannot be loaded by a setuid program (libasan would have '
              'to come first, and LD_PRELOAD is ignored there)')
    if not jobs:
        return
    t0 = time.monotonic()
    out = scenario(tmp, 'procs', conf, so, jobs, outer_mntns, env)
    by = out['by_id']
    R.check('driver', not out['driver_output'], f'the namespace driver printed nothing: {out["driver_output"]!r}')
    for j in jobs:
        R.timing[j['id']] = by[j['id']]['ms'] / 1000

    if 'threads' in by:
        r = by['threads']
        driver_checks(R, 'threads', r)
        show_info(r['out'], 'threads')
        R.check('threads', r['err'] == '', f'threads: nothing on stderr: {r["err"][-2000:]!r}')
    if 'fork' in by:
        r = by['fork']
        driver_checks(R, 'fork', r)
        show_info(r['out'], 'fork')
        f = figures(r['out'], 'fork-figures')
        R.check('fork', f.get('children') == str(args.forks) and f.get('correct') == str(args.forks),
                f'fork: {args.forks} children forked, all finished correctly within 5 s: {f}')
    if 'resources' in by:
        judge_resources(R, by, asan)
    if 'setuid' in by:
        judge_setuid(R, by['setuid'])


def judge_resources(R, by, asan):
    r = by['resources']
    driver_checks(R, 'resources', r)
    show_info(r['out'], 'resources')
    f = {k: int(float(v)) for k, v in figures(r['out'], 'resources-figures').items() if k != 'seconds'}
    if not f:
        R.check('resources', False, 'resources: no figures from the driver')
    else:
        R.check('resources', f['fds1'] == f['fds0'] and f['fds2'] == f['fds0'],
                f'open descriptors after 10 000 and 20 000 lookups as after the first: '
                f'{f["fds0"]} -> {f["fds1"]} -> {f["fds2"]}')
        R.check('resources', f['tasks1'] == f['tasks0'] and f['tasks2'] == f['tasks0'],
                f'threads after 10 000 and 20 000 lookups (4 threads joined) as after the first: '
                f'{f["tasks0"]} -> {f["tasks1"]} -> {f["tasks2"]}')
        # The process cache is bounded at 1 MiB (STUB_CACHE_BYTES_MAX); glibc
        # gives each of the 4 threads a malloc arena (up to a few MiB each
        # before trimming).  A leak of even 100 octets per lookup would add
        # 1 MiB between the second and the third reading.
        grow1, grow2 = f['rss1_kb'] - f['rss0_kb'], f['rss2_kb'] - f['rss1_kb']
        if asan:
            print(f'info: ASan build: RSS {f["rss0_kb"]} -> {f["rss1_kb"]} -> {f["rss2_kb"]} kB not judged '
                  '(ASan\'s quarantine and shadow memory)')
        else:
            R.check('resources', grow1 < 16 * 1024 and grow2 < 1024,
                    f'RSS bounded: {f["rss0_kb"]} kB after the first lookup, {f["rss1_kb"]} kB after 10 000 '
                    f'(+{grow1}, limit +16 MiB), {f["rss2_kb"]} kB after 20 000 (+{grow2}, limit +1 MiB)')
    for j in ('nofile', 'nofile-first', 'highfd'):
        r = by[j]
        driver_checks(R, j, r)
        show_info(r['out'], j)
        R.check(j, r['rc'] >= 0, f'{j}: not killed by a signal (rc {r["rc"]})')


def judge_setuid(R, r):
    g = 'setuid'
    if r['rc'] != 0:
        R.check(g, False, f'procs_setuid.py ran: rc {r["rc"]} {r["err"][-3000:]!r}')
        return
    res = json.loads(r['out'])
    R.check(g, 'nosuid' not in res['mount_options'].split(','),
            f'the directory of the setuid copies is not mounted nosuid: {res["mount_options"]}')
    for k in ('id_setpriv', 'id_strace'):
        o = res[k]['out']
        R.check(g, 'uid=65534(nobody)' in o and 'euid=0(root)' in o,
                f'{k}: the setuid copy runs as nobody with euid 0: {o.strip()!r} {res[k]["err"][-300:]!r}')
    want = {'www.alg13.lab': {SECURE_ADDRS}, 'dual.alg13.lab': {'127.53.14.13', '2001:db8:53:1::d'}}
    for name, runs in res['runs'].items():
        c = runs['setuid-clean']
        got = E2E.getent_addrs(c['out'])
        if name in want:
            R.check(g, c['rc'] == 0 and got == want[name],
                    f'setuid getent ahosts {name}, clean environment: {sorted(want[name])}: rc {c["rc"]} {c["out"]!r}')
        else:
            R.check(g, c['rc'] == 2 and c['out'] == '',
                    f'setuid getent ahosts {name}, clean environment: not found: rc {c["rc"]} {c["out"]!r}')
        for a, b in (('setuid-clean', 'setuid-hostile'), ('plain-clean', 'plain-hostile'),
                     ('setuid-clean', 'plain-clean')):
            x, y = runs[a], runs[b]
            R.check(g, (x['rc'], x['out'], x['err']) == (y['rc'], y['out'], y['err']),
                    f'getent ahosts {name}: {b} as {a}: rc {y["rc"]} {y["out"]!r} {y["err"]!r}; '
                    f'{a}: rc {x["rc"]} {x["out"]!r} {x["err"]!r}')
        for a, b in (('setuid-clean', 'setuid-hostile'), ('plain-clean', 'plain-hostile')):
            x, y = runs[a + '-strace'], runs[b + '-strace']
            fx, fy = [tuple(f) for f in x['files']], [tuple(f) for f in y['files']]
            diff = sorted(set(fx) ^ set(fy))
            R.check(g, x['out'] == runs[a]['out'] and y['out'] == runs[b]['out'],
                    f'getent ahosts {name} under strace -u nobody gives the same output as without: '
                    f'{x["out"]!r} {y["out"]!r}')
            R.check(g, fx == fy and len(fx) > 10,
                    f'getent ahosts {name}: {b} opens the same {len(fx)} files as {a} (open/openat, '
                    f'path and result): differences {diff}')
        if name == 'www.alg13.lab':
            files = [f[0] for f in runs['setuid-clean-strace']['files']]
            R.check(g, '/etc/nss-dnssec.conf' in files and any('libnss_dnssec.so.2' in f for f in files),
                    f'the setuid getent opened /etc/nss-dnssec.conf and libnss_dnssec.so.2: {files}')


# ---------------------------------------------------------------------------
# --slow: TSan, ASan+LSan, valgrind

OUR_CODE = re.compile(r'libnss_dnssec\.so|\b(?:stub|validator|nss_dnssec)/\w+\.c|\b_nss_dnssec_')


def run_slow(args, R, env, exps, conf, so, o, tmp, outer_mntns):
    want = lambda g: not args.only or g in args.only
    cases = write_cases(tmp, 'all', case_lines(exps, 2))
    if want('tsan'):
        tso = os.path.join(TOP, o, 'tsan', 'libnss_dnssec.so.2')
        tdrv = os.path.join(TOP, o, 'tsan', 'procs_driver')
        supp = os.path.join(HERE, 'tsan.supp')
        topts = 'halt_on_error=0:second_deadlock_stack=1:history_size=4' + \
            (f':suppressions={supp}' if os.path.exists(supp) else '')
        job = dict(id='tsan', kind='proc', sequential=True, timeout=1800,
                   argv=['env', f'TSAN_OPTIONS={topts}', tdrv, 'stress', cases, str(args.tsan_threads),
                         str(args.tsan_lookups)])
        out = scenario(tmp, 'tsan', conf, tso, [job], outer_mntns, env)
        r = out['by_id']['tsan']
        R.timing['tsan'] = r['ms'] / 1000
        driver_checks(R, 'tsan', r)
        show_info(r['out'], 'tsan')
        reports = r['err'].count('WARNING: ThreadSanitizer')
        R.check('tsan', reports == 0 and 'ThreadSanitizer' not in r['err'],
                f'tsan: {args.tsan_threads} threads x {args.tsan_lookups} lookups under ThreadSanitizer: '
                f'{reports} reports' + (f'\n{r["err"][:20000]}' if reports or r['err'] else ''))
    if want('asan'):
        ao = os.environ.get('PROCS_ASAN_O', o + '-san')
        aso = os.path.join(TOP, ao, 'libnss_dnssec.so.2')
        adrv = os.path.join(TOP, ao, 'tests', 'procs_driver')
        aopts = 'detect_leaks=1:abort_on_error=0:halt_on_error=1:malloc_context_size=30'
        job = dict(id='asan', kind='proc', sequential=True, timeout=1800,
                   argv=['env', f'ASAN_OPTIONS={aopts}', 'UBSAN_OPTIONS=print_stacktrace=1',
                         'LSAN_OPTIONS=report_objects=0', adrv, 'stress', cases, str(args.asan_threads),
                         str(args.asan_lookups)])
        out = scenario(tmp, 'asan', conf, aso, [job], outer_mntns, env)
        r = out['by_id']['asan']
        R.timing['asan'] = r['ms'] / 1000
        driver_checks(R, 'asan', r)
        show_info(r['out'], 'asan')
        err = r['err']
        R.check('asan', 'ERROR: AddressSanitizer' not in err and 'runtime error' not in err,
                f'asan: no AddressSanitizer or UBSan error: {err[:20000]!r}')
        leaks = [b for b in re.split(r'\n(?=(?:Direct|Indirect) leak of )', err) if 'leak of' in b]
        ours = [b for b in leaks if OUR_CODE.search(b)]
        summary = re.search(r'SUMMARY: AddressSanitizer: (\d+) byte\(s\) leaked in (\d+) allocation', err)
        print(f'  asan: LeakSanitizer: {len(leaks)} leak reports, {len(ours)} through our code; '
              f'{summary.group(0) if summary else "no leak summary"}')
        R.check('asan', not ours, 'asan: no leak report through libnss_dnssec.so.2 (stub/, validator/, '
                'nss_dnssec/): ' + '\n'.join(ours)[:20000])
        for b in leaks[:5]:
            if b not in ours:
                print('  asan: leak outside our code (info):\n    ' + b.strip()[:1500].replace('\n', '\n    '))
    if want('valgrind'):
        # --run-libc-freeres=no: at exit glibc's __libc_freeres dlclose()s
        # the NSS modules, unmapping the module's statics, which point to
        # its process-wide configuration, cache and OpenSSL fetches (kept
        # for the life of the process by design): memcheck would then call
        # those blocks "definitely lost" (about 180 KB here) although
        # nothing was lost while the module was loaded.
        drv = os.path.join(TOP, o, 'tests', 'procs_driver')
        job = dict(id='valgrind', kind='proc', sequential=True, timeout=1800,
                   argv=['valgrind', '--tool=memcheck', '--leak-check=full', '--show-leak-kinds=definite',
                         '--errors-for-leak-kinds=definite', '--num-callers=30', '--run-libc-freeres=no',
                         drv, 'stress', cases, '1', str(args.valgrind_lookups)])
        out = scenario(tmp, 'valgrind', conf, so, [job], outer_mntns, env)
        r = out['by_id']['valgrind']
        R.timing['valgrind'] = r['ms'] / 1000
        err = re.sub(r'(?m)^==\d+== ?', '', r['err'])
        # The driver exits 0 or 1 by its own checks; memcheck's errors are
        # judged here (no --error-exitcode).
        driver_checks(R, 'valgrind', dict(r, err=''))
        show_info(r['out'], 'valgrind')
        m = re.search(r'definitely lost: ([\d,]+) bytes in ([\d,]+) blocks', err)
        lost = int(m.group(1).replace(',', '')) if m else None
        leak = re.search(r'LEAK SUMMARY:.*?(?=\n\n|\Z)', err, re.S)
        errs = re.search(r'ERROR SUMMARY: (\d+) errors from (\d+) contexts', err)
        print('  valgrind: ' + (leak.group(0).replace('\n', '\n  valgrind: ') if leak
                                else 'no LEAK SUMMARY (all heap blocks freed?)'))
        if errs:
            print(f'  valgrind: {errs.group(0)}')
        R.check('valgrind', lost == 0 or (lost is None and 'All heap blocks were freed' in err),
                f'valgrind: 1 thread x {args.valgrind_lookups} lookups: no byte definitely lost: {lost}'
                + ('' if lost == 0 else f'\n{err[-20000:]}'))
        blocks = [b for b in err.split('\n\n') if re.match(r'(Invalid|Conditional|Use of|Syscall|Mismatched|'
                                                          r'Source and destination|Argument)', b)]
        known = [b for b in blocks if DNAME_UAR.search(b)]
        other = [b for b in blocks if b not in known]
        R.check('valgrind', errs is not None and not other,
                f'valgrind: no memcheck error other than the known one below ({len(other)} contexts):\n'
                + '\n\n'.join(other)[:20000])
        R.check('valgrind', not known, f'valgrind: no read of a dead stack frame through the names of a lookup '
                f'({len(known)} contexts): ' + (known[0][:1500] if known else ''))


# The DNAME use-after-return (KNOWN_BUGS): a read in name_out/take_lookup of
# memory on a thread's stack, below the stack pointer.
DNAME_UAR = re.compile(r'take_lookup \(stub_host\.c:\d+\)[\s\S]*is on thread \d+\'s stack')


# Bugs this suite found in the module and that are not fixed yet: checks
# whose description starts with one of the prefixes are expected to fail
# ("XFAIL", reported, not counted as failures).  One that passes is an
# "XPASS" and fails the run, so that the entry is removed with the fix.
KNOWN_BUGS = {
}


class Results(E2E.Results):
    def __init__(self, verbose):
        super().__init__(verbose)
        self.timing = {}
        self.xfail = []

    def check(self, group, ok, what):
        bug = next((b for (g, prefix), b in KNOWN_BUGS.items() if g == group and what.startswith(prefix)), None)
        if bug is None:
            return super().check(group, ok, what)
        if ok:
            return super().check(group, False, f'XPASS (known bug fixed? remove it from KNOWN_BUGS): {what}')
        self.xfail.append(what)
        print(f'XFAIL [{group}] {what}\n      known bug: {bug}', flush=True)
        return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('-v', '--verbose', action='store_true', help='print every check, not only failures')
    ap.add_argument('--slow', action='store_true', help='TSan, ASan+LSan and valgrind instead of the default groups')
    ap.add_argument('--only', type=lambda s: s.split(','), default=None,
                    help='groups: threads,fork,resources,setuid (default); tsan,asan,valgrind (--slow)')
    ap.add_argument('--threads', type=int, default=32)
    ap.add_argument('--lookups', type=int, default=2000, help='per thread')
    ap.add_argument('--forks', type=int, default=1000)
    ap.add_argument('--tsan-threads', type=int, default=32)
    ap.add_argument('--tsan-lookups', type=int, default=2000)
    ap.add_argument('--asan-threads', type=int, default=32)
    ap.add_argument('--asan-lookups', type=int, default=2000)
    ap.add_argument('--valgrind-lookups', type=int, default=200)
    args = ap.parse_args()
    if os.geteuid() != 0:
        print('procs: needs root (mount namespaces)', file=sys.stderr)
        return 2
    o = os.environ.get('O', 'build')
    so = os.path.join(TOP, o, 'libnss_dnssec.so.2')
    need = [so, os.path.join(TOP, o, 'tests', 'procs_driver')]
    for f in need:
        if not os.path.exists(f):
            print(f'procs: {f} is missing (make O={o} check-lab builds it)', file=sys.stderr)
            return 2
    if not os.path.exists(os.path.join(E2E.LAB, 'run', 'env')):
        print('procs: the lab is not up (make lab-up)', file=sys.stderr)
        return 2
    env = E2E.lab_env()
    rows = E2E.table()
    exps = honest_expectations(rows, env['LAB_REF_HONEST'])
    conf = f'trust-anchor-file {env["LAB_ANCHOR_KEY"]}\n'
    R = Results(args.verbose)
    outer_mntns = os.readlink('/proc/self/ns/mnt')
    tmp = tempfile.mkdtemp(prefix='nss-dnssec-procs.')
    t0 = time.monotonic()
    try:
        (run_slow if args.slow else run_fast)(args, R, env, exps, conf, so, o, tmp, outer_mntns)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    passed = sum(g[0] for g in R.groups.values())
    failed = sum(g[1] for g in R.groups.values())
    for g, (p, f) in R.groups.items():
        print(f'  {g:16} {p} passed, {f} failed')
    print('  runtimes: ' + ', '.join(f'{k} {v:.1f} s' for k, v in R.timing.items()))
    xf = f', {len(R.xfail)} known bugs (XFAIL)' if R.xfail else ''
    print(f'procs: {passed} passed, {failed} failed{xf} ({time.monotonic() - t0:.1f} s)')
    return 1 if failed or not passed else 0


if __name__ == '__main__':
    sys.exit(main())
