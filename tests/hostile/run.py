#!/usr/bin/python3
"""The hostile-upstream suite: nss-dnssec query against a scripted fake
resolver on 127.55.S.0/24 (see README.md).

    tests/hostile/run.py [-v] [--discover] [--mutate] [--list] [CASE...]

Needs Debian's /usr/bin/python3 with python3-dnspython and
python3-cryptography.  The tool is $O/nss-dnssec (O=build by default).

-v          print every case, not only failures
--discover  print what the tool did for each case, assert nothing
--mutate    change every expectation of every case one way at a time (EDE,
            verdict, queries, signatures, answer, timing) and check that the
            case then fails; exits non-zero if a mutation survives
--list      print the cases as a Markdown table (README.md has it)

Prints one line per failed case and "hostile: N passed, M failed (K known)";
exits non-zero if anything failed.
"""
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # nothing left behind in the source tree

import cases as C  # noqa: E402
import server as S  # noqa: E402
import zones  # noqa: E402

TOOL = os.path.join(TOP, os.environ.get('O', 'build'), 'nss-dnssec')
EXIT = {'secure': 0, 'insecure': 1, 'bogus': 2, 'indeterminate': 3}
HANG_S = 20          # a tool still running after this is a hang: killed
HANG_COUNT_S = 300   # the same under callgrind
PARALLEL = 8

# Disagreements between the tool and DESIGN.md, kept as expected failures so
# the suite stays green until they are fixed: case -> what happens / what
# should.  A case listed here that passes is a failure too (remove the line).
KNOWN_BUGS = {
}

def _is_sanitized(path):
    try:
        with open(path, 'rb') as f:
            return b'__asan_init' in f.read()
    except OSError:
        return False


SANITIZED = _is_sanitized(TOOL)
VALGRIND = '/usr/bin/valgrind'
# valgrind cannot run a sanitizer build: its work is not counted there
# (the plain build counts the same code).
COUNT_WORK = not SANITIZED and os.access(VALGRIND, os.X_OK)
SANITIZER = re.compile(r'ERROR: (Address|Leak)Sanitizer|runtime error:|AddressSanitizer')


class Result:
    pass


def parse(out):
    r = {}
    m = re.search(r'^verdict: (\S+)', out, re.M)
    r['verdict'] = m.group(1) if m else None
    m = re.search(r'^reason: EDE (\d+) \([^)]*\): (.*)$', out, re.M)
    r['ede'], r['why'] = (int(m.group(1)), m.group(2)) if m else (None, None)
    m = re.search(r'^cost: (\d+) quer(?:y|ies) in (\d+) rounds? to (.*); (\d+) signatures? verified$', out, re.M)
    if m:
        r['queries'], r['rounds'], r['servers'], r['sigs'] = int(m.group(1)), int(m.group(2)), m.group(3), int(m.group(4))
    else:
        r['queries'] = r['rounds'] = r['servers'] = r['sigs'] = None
    r['answer'] = sorted(re.findall(r'^\s+\S+\s+\d+\s+IN\s+A+\s+(\S+)$', out, re.M))
    return r


# The work a lookup does, counted where the machine's load cannot change it:
# the calls the tool's own code makes into libcrypto, under callgrind (the
# validator dlopens libcrypto, so an LD_PRELOAD shim would not see them).
# EVP_DigestFinal_ex ends every digest: a DS digest, an NSEC3 hash
# iteration, a signature's memo id; EVP_DigestVerify is one signature
# check.  A sanitizer build cannot run under valgrind: there the counts are
# not taken (they are the plain build's, the same code).
COUNTED = {'digests': 'EVP_DigestFinal_ex', 'verifies': 'EVP_DigestVerify'}


def callgrind_calls(path, obj):
    """{function name: calls made to it from code in the object obj} of a
    callgrind output file (names are compressed: "(id) name" the first
    time, "(id)" after)."""
    names, calls = {}, {}
    ob = cfn = None

    def name(kind, v):
        m = re.match(r'\((\d+)\)(?: (.*))?$', v)
        if not m:
            return v
        if m.group(2) is not None:
            names[(kind, m.group(1))] = m.group(2)
        return names.get((kind, m.group(1)))
    with open(path, errors='replace') as f:
        for line in f:
            line = line.rstrip('\n')
            if line.startswith('ob='):
                ob = name('ob', line[3:])
            elif line.startswith('cob='):
                name('ob', line[4:])
            elif line.startswith('fn='):
                name('fn', line[3:])
            elif line.startswith('cfn='):
                cfn = name('fn', line[4:])
            elif line.startswith('calls=') and ob == obj and cfn:
                calls[cfn] = calls.get(cfn, 0) + int(line[6:].split()[0])
    return calls


def count_work(case, env, tmpdir):
    """The case's lookup again under callgrind (with a long timeout: it
    runs some 50 times slower): {'digests': n, 'verifies': n}, or None
    when it could not be counted."""
    assert not case.conf, 'a counted case takes no configuration lines'
    out = os.path.join(tmpdir, case.name + '.callgrind')
    wrap = [VALGRIND, '--tool=callgrind', '--callgrind-out-file=' + out, '--dump-instr=no',
            '--collect-jumps=no', '-q']
    r = run_tool(case, env, wrap=wrap, conf=env['conf_count'], hang_s=HANG_COUNT_S)
    if not os.path.exists(out):
        return None, r
    calls = callgrind_calls(out, os.path.realpath(TOOL))
    return {k: calls.get(fn, 0) for k, fn in COUNTED.items()}, r


# How a lookup waits, from strace: every poll() the tool made, with the
# milliseconds it asked to wait and whether it ran out (returned 0: nothing
# arrived, a c-ares retry was due or the deadline came).  What the code
# asks for, not how long the machine took: load cannot make a wait longer
# (a slow machine only asks for less, the deadline being nearer).
STRACE = ['/usr/bin/strace', '-f', '-qq', '--seccomp-bpf', '-e', 'trace=poll', '-e', 'signal=none']
POLL = re.compile(r'\bpoll\(\[.*\], \d+, (-?\d+)\)\s+= (-?\d+)')


class Polls:
    def __init__(self, asked, ran_out):
        self.asked = asked        # every poll's timeout (ms)
        self.ran_out = ran_out    # the timeouts of those that ran out

    def __repr__(self):
        return 'polls=%d longest=%s ran-out=%s' % (len(self.asked), max(self.asked, default=0), self.ran_out)


def polls(path):
    """The tool's polls from an strace file; None when there is none.  The
    tool polls from one thread, so each call is on one line."""
    try:
        with open(path, errors='replace') as f:
            calls = [(int(m.group(1)), int(m.group(2))) for m in POLL.finditer(f.read())]
    except OSError:
        return None
    return Polls([t for t, _ in calls], [t for t, r in calls if r == 0])


def run_tool(case, env, wrap=(), conf=None, hang_s=None, extra_env=None):
    args = list(wrap) + [TOOL, 'query', '--config', conf or case.conf_path or env['conf'][case.timeout],
            '--anchor', case.anchor_path or env['anchor'], '--at', zones.NOW]
    for a in case.addrs:
        args += ['--server', '%s#%d' % (a, S.PORT)]
    args += [case.qname.to_text(), case.qtype]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.monotonic()
        p = subprocess.Popen(args, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                             env=dict(os.environ, **extra_env) if extra_env else None)
        timer = threading.Timer(hang_s or HANG_S, p.kill)
        timer.start()
        _, status, ru = os.wait4(p.pid, 0)
        timer.cancel()
        p.returncode = os.waitstatus_to_exitcode(status)
        elapsed = time.monotonic() - t0
        out.seek(0)
        err.seek(0)
        r = Result()
        r.stdout = out.read().decode(errors='replace')
        r.stderr = err.read().decode(errors='replace')
    r.code, r.elapsed = p.returncode, elapsed
    r.cpu_ms = (ru.ru_utime + ru.ru_stime) * 1000
    r.args = args
    r.__dict__.update(parse(r.stdout))
    return r


def run_case(case, env):
    results = []
    for i in range(case.runs):
        if i:
            case.state['run%d_t' % (i + 1)] = time.monotonic()
        trace = os.path.join(env['tmp'], '%s.%d.strace' % (case.name, i))
        if SANITIZED:
            r = run_tool(case, env)
        else:
            r = run_tool(case, env, wrap=STRACE + ['-o', trace])
            r.polls = polls(trace)
        results.append(r)
    if SANITIZED:
        # LeakSanitizer cannot run under ptrace (it exits 1): the waits
        # come from one more lookup under strace, leak checks off there.
        trace = os.path.join(env['tmp'], '%s.san.strace' % case.name)
        opts = os.environ.get('ASAN_OPTIONS', '')
        run_tool(case, env, wrap=STRACE + ['-o', trace],
                 extra_env={'ASAN_OPTIONS': (opts + ':' if opts else '') + 'detect_leaks=0'})
        results[0].polls = polls(trace)
    return results


def problems(case, results, exp):
    """What is wrong, against the expectations exp (a dict, so that
    --mutate can change it)."""
    out = []
    r = results[0]
    if r.code < 0 or r.code > 3 and r.code not in (64, 78) or SANITIZER.search(r.stderr):
        return ['CRASH: exit %d; stderr: %s' % (r.code, r.stderr.strip()[-1500:])]
    if r.elapsed >= HANG_S - 1:
        return ['HANG: killed after %d s' % HANG_S]
    for extra in results[1:]:
        if extra.code != EXIT['secure'] or SANITIZER.search(extra.stderr):
            out.append('run %d: exit %d, %s' % (results.index(extra) + 1, extra.code,
                                                (extra.stderr.strip() or extra.stdout.strip())[-300:]))
    if r.code != EXIT[exp['verdict']]:
        out.append('exit %d (%s), expected %d (%s)' % (r.code, r.verdict, EXIT[exp['verdict']], exp['verdict']))
    if r.ede != exp['ede']:
        out.append('EDE %s, expected %s' % (r.ede, exp['ede']))
    if exp['why'] and (r.why is None or exp['why'].lower() not in r.why.lower()):
        out.append('reason %r does not mention %r' % (r.why, exp['why']))
    for k in ('queries', 'sigs', 'rounds'):
        want, got = exp[k], getattr(r, k)
        if want is None:
            continue
        if got is None:
            out.append('no cost line')
            break
        if isinstance(want, tuple):
            if got > want[1]:
                out.append('%s %d, expected at most %d' % (k, got, want[1]))
        elif got != want:
            out.append('%s %d, expected %d' % (k, got, want))
    if exp['answer'] is not None and r.answer != sorted(exp['answer']):
        out.append('answer %s, expected %s' % (r.answer, exp['answer']))
    # How it waited (strace): no poll waits forever, and the waits that
    # ran out add up to no more than the timeout.  A deadline case waits
    # its deadline out: it runs out a wait and cannot end before the
    # deadline (a lower bound no load can break).  Any other case runs out
    # at most exp['waited_ms'] of waits.
    p = r.polls
    if p is None:
        out.append('no strace of the lookup')
    else:
        if min(p.asked, default=0) < 0:
            out.append('a poll without a timeout')
        if sum(p.ran_out) > case.timeout * 1000:
            out.append('the waits that ran out add up to %d ms, more than the %d s timeout'
                       % (sum(p.ran_out), case.timeout))
        if exp['deadline']:
            if not p.ran_out or r.elapsed < case.timeout - 0.05:
                out.append('ended after %.2f s having run out %d waits, expected the %d s deadline'
                           % (r.elapsed, len(p.ran_out), case.timeout))
        elif sum(p.ran_out) > exp['waited_ms']:
            out.append('waits of %s ms ran out, expected at most %d ms in all' % (p.ran_out, exp['waited_ms']))
    # What it computed (callgrind): digests and signature checks.
    if exp['work'] is not None:
        if r.work is None:
            out.append('the work was not counted: %s' % getattr(r, 'count_err', 'not run'))
        else:
            for k, most in sorted(exp['work'].items()):
                if r.work[k] > most:
                    out.append('%s %d, expected at most %d' % (k, r.work[k], most))
    if case.check:
        out += case.check(case, results)
    return out


def expectations(case):
    return {'verdict': case.verdict, 'ede': case.ede, 'why': case.why, 'queries': case.queries,
            'sigs': case.sigs, 'rounds': case.rounds, 'answer': case.answer, 'deadline': case.deadline,
            'waited_ms': case.waited_ms, 'work': case.work if COUNT_WORK else None}


def mutations(exp):
    """Each a copy of exp with one expectation changed."""
    out = []

    def m(label, **kw):
        e = dict(exp)
        e.update(kw)
        out.append((label, e))
    other = {'secure': 'bogus', 'insecure': 'secure', 'bogus': 'indeterminate', 'indeterminate': 'bogus'}
    m('verdict', verdict=other[exp['verdict']])
    m('ede', ede=(exp['ede'] + 1) if exp['ede'] is not None else 6)
    for k in ('queries', 'sigs', 'rounds'):
        v = exp[k]
        if isinstance(v, tuple):
            m(k, **{k: v[1] - 99})   # an impossible bound
        elif v is not None:
            m(k, **{k: v + 1})
    if exp['answer'] is not None:
        m('answer', answer=['198.51.100.1'])
    if exp['why']:
        m('why', why=exp['why'] + ' no such words')
    m('waits', deadline=not exp['deadline'], waited_ms=-1)
    if exp['work'] is not None:
        for k in exp['work']:
            w = dict(exp['work'])
            w[k] = -1
            m(k, work=w)
    return out


def main():
    argv = sys.argv[1:]
    verbose = '-v' in argv
    discover = '--discover' in argv
    mutate = '--mutate' in argv
    only = [a for a in argv if not a.startswith('-')]
    if '--list' in argv:
        fmt = lambda v: '-' if v is None else ('<= %d' % v[1] if isinstance(v, tuple) else str(v))
        print('| case | what the upstream does | verdict | EDE | queries | sigs | timing |')
        print('|---|---|---|---|---|---|---|')
        for c in C.build():
            print('| `%s`%s | %s | %s | %s | %s | %s | %s |' % (
                c.name, ' (known bug)' if c.name in KNOWN_BUGS else '', c.what.replace('|', '/'), c.verdict,
                fmt(c.ede), fmt(c.queries), fmt(c.sigs),
                'deadline %d s' % c.timeout if c.deadline else 'waits <= %d ms' % c.waited_ms
                + ''.join('; %s <= %d' % kv for kv in sorted((c.work or {}).items()))))
        return 0
    if not os.access(TOOL, os.X_OK):
        sys.exit('hostile: %s not built' % TOOL)
    if not os.access(STRACE[0], os.X_OK):
        sys.exit('hostile: needs %s (tests/install-deps.sh)' % STRACE[0])

    t_start = time.monotonic()
    world = zones.build_world()
    all_cases = C.build()
    names = [c.name for c in all_cases]
    assert len(set(names)) == len(names), 'duplicate case names'
    for k in KNOWN_BUGS:
        assert k in names, 'KNOWN_BUGS names no case: ' + k
    todo = [c for c in all_cases if not only or c.name in only]

    # Addresses: host 1.. in order, a case with two servers takes two.
    plan, host = [], 1
    for c in all_cases:
        c.hosts = list(range(host, host + c.servers))
        host += c.servers
        for h in c.hosts:
            plan.append((h, c, c.tcp))
    assert host < 250, 'too many addresses for one /24'
    srv = S.Server(world)
    tmp = tempfile.TemporaryDirectory(prefix='nss-dnssec-hostile.')
    try:
        srv.bind_all(plan, os.getpid() % 250)
        for c in all_cases:
            c.addrs = [srv.addr(h) for h in c.hosts]
        srv.start()
        env = {'anchor': os.path.join(tmp.name, 'anchor.ds'), 'conf': {}, 'tmp': tmp.name}
        with open(env['anchor'], 'w') as f:
            f.write(zones.anchor_text(world))
        for t in sorted({c.timeout for c in all_cases}):
            path = os.path.join(tmp.name, 'timeout%d.conf' % t)
            with open(path, 'w') as f:
                f.write('# nss-dnssec hostile suite\ntimeout %d\n' % t)
            env['conf'][t] = path
        # Cases with trust anchors or configuration lines of their own.
        for c in all_cases:
            if c.anchors:
                c.anchor_path = os.path.join(tmp.name, c.name + '.anchor')
                with open(c.anchor_path, 'w') as f:
                    f.write(zones.anchor_text(world, ('.',) + tuple(c.anchors)))
            if c.conf:
                c.conf_path = os.path.join(tmp.name, c.name + '.conf')
                with open(c.conf_path, 'w') as f:
                    f.write('timeout %d\n%s\n' % (c.timeout, '\n'.join(c.conf)))
        t_ready = time.monotonic()

        path = os.path.join(tmp.name, 'count.conf')
        with open(path, 'w') as f:
            f.write('# nss-dnssec hostile suite, under callgrind\ntimeout 30\n')
        env['conf_count'] = path
        res = {}
        with ThreadPoolExecutor(max_workers=PARALLEL) as ex:
            # deadline cases first: they overlap with everything else
            order = sorted(todo, key=lambda c: not c.deadline)
            for c, r in zip(order, ex.map(lambda c: run_case(c, env), order)):
                res[c.name] = r
                for x in r:
                    x.work = None
            # The work of the cases that bound it, under callgrind (two at
            # a time: each takes a second or more of CPU).
            counted = [c for c in todo if c.work and COUNT_WORK]
            with ThreadPoolExecutor(max_workers=2) as cx:
                for c, (work, r) in zip(counted, cx.map(lambda c: count_work(c, env, tmp.name), counted)):
                    first = res[c.name][0]
                    # the same lookup, or its count says nothing
                    same = work is not None and (r.code, r.ede, r.sigs) == (first.code, first.ede, first.sigs)
                    first.work = work if same else None
                    first.count_err = 'under callgrind: exit %d ede %s sigs %s; %s' % (
                        r.code, r.ede, r.sigs, r.stderr.strip()[-300:])
        t_done = time.monotonic()
    finally:
        srv.stop()
        tmp.cleanup()

    if srv.errors:
        print('hostile: the fake resolver failed (a broken test):')
        for e in srv.errors:
            print('  ' + e)
    passed = failed = known = 0
    survived = []
    for c in todo:
        rs = res[c.name]
        exp = expectations(c)
        r = rs[0]
        cost = 'q=%s r=%s sigs=%s' % (r.queries, r.rounds, r.sigs)
        if discover:
            print('%-34s exit=%d ede=%s %s %.2fs cpu=%.1fms %s work=%s answer=%s\n    why: %s%s' % (
                c.name, r.code, r.ede, cost, r.elapsed, r.cpu_ms, r.polls, r.work, r.answer, r.why,
                ('\n    stderr: ' + r.stderr.strip()[-2000:]) if r.stderr.strip() else ''))
            continue
        p = problems(c, rs, exp)
        if mutate and not p:
            for label, e in mutations(exp):
                if not problems(c, rs, e):
                    survived.append('%s: mutation of %s not caught' % (c.name, label))
            if c.check is C.log_check_do:
                # the log check must see a lookup that lost DO
                saved = [dict(e) for e in c.log]
                for e in c.log:
                    e['do'] = False
                if not problems(c, rs, exp):
                    survived.append('%s: queries without DO not caught' % c.name)
                c.log[:] = saved
        if c.name in KNOWN_BUGS:
            if p:
                known += 1
                if verbose:
                    print('known  %-34s %s' % (c.name, '; '.join(p)))
                continue
            failed += 1
            print('FAIL %s: listed in KNOWN_BUGS but passes now (remove it from the list)' % c.name)
            continue
        if p:
            failed += 1
            print('FAIL %s (%s): %s' % (c.name, c.what, '; '.join(p)))
            print('     %s' % ' '.join(r.args))
        else:
            passed += 1
            if verbose:
                print('ok     %-34s exit=%d ede=%s %s %.2fs cpu=%.1fms %s%s' % (
                    c.name, r.code, r.ede, cost, r.elapsed, r.cpu_ms, r.polls,
                    ' work=%s' % r.work if r.work else ''))
    if discover:
        return 0
    if srv.errors:
        failed += 1
    for s in survived:
        print('MUTANT ' + s)
    print('hostile: %d cases against %s in %.1f s (fixtures %.1f s, lookups %.1f s)%s%s' % (
        len(todo), TOOL, time.monotonic() - t_start, t_ready - t_start, t_done - t_ready,
        '; %d mutations survived' % len(survived) if mutate else '',
        '' if COUNT_WORK else '; work not counted (%s)' % (
            'a sanitizer build' if SANITIZED else 'no ' + VALGRIND)))
    print('hostile: %d passed, %d failed (%d known)' % (passed, failed, known))
    return 1 if failed or survived or passed + known == 0 else 0


if __name__ == '__main__':
    sys.exit(main())
