#!/usr/bin/python3
"""The module inside a host-wide cache: glibc's nscd and unscd (Debian's
packages), in the lab.  Run with the lab up (make check-lab runs it; O=
names the build directory).  Prints one line per failed test ("-v": every
test), a summary per scenario and "N passed, M failed"; exits 1 on any
failure, 2 when something it needs is missing.

Each scenario is one mount namespace (as in check-e2e.py) holding its own
daemon, started by PID and stopped by that PID (also on failure):

* /etc is an overlay (tmpfs above the real /etc) with our nsswitch.conf
  ("hosts: files dnssec"), resolv.conf, nss-dnssec.conf and nscd.conf;
  /usr/lib/<multiarch> an overlay with the freshly built module; /dev an
  overlay with a /dev/log catcher (the module's log lines, with the PID
  that wrote them).
* /run is a tmpfs: glibc clients find the daemon at /run/nscd/socket, and
  unscd also binds /run/.nscd_socket (outside /run/nscd), so the whole of
  /run is private: the host's daemon (if any) is never asked and never sees
  ours.  /var/cache/nscd, where glibc's nscd keeps its database file (the
  one clients map), is a tmpfs too (/var/cache if it does not exist).
* The daemon's resolver is a forwarder run by the driver itself on
  127.53.58.N (loopback, one address per scenario), in front of the lab's
  honest resolver.  It caps every TTL at TTL_CAP seconds (a lower TTL is
  legitimate: the RRSIG keeps the original one), so that "after its TTL"
  is seconds away; it counts every query (how often validation reached the
  network); it answers SERVFAIL for INDET (an upstream failure: the module
  says indeterminate); and at a point of the timeline it switches to the
  lab's attacker, which forges TURNS's A record (RRSIG kept): the path
  turns hostile while the daemon holds a validated answer.  resolv.conf
  never changes, so no cache is flushed by it.

Scenarios (all at once): nscd with negative-time-to-live hosts 0 (what
README.md recommends), nscd with 5, unscd with positive-time-to-live
TTL_CAP and negative-time-to-live 5.  In each:
* secure and insecure names: the first cold "getent ahosts" reaches the
  module, the next ones are answered by the daemon (no upstream query, no
  lookup in nscd's debug log); nscd keeps them for the TTL the module
  reports (its positive-time-to-live, 3600 here, is not used), unscd for
  its positive-time-to-live (it cannot learn a TTL);
* bogus (www.expired.lab) and indeterminate (INDET), through getaddrinfo
  and gethostbyname2: what programs get (error code, h_errno), and how
  often the lookup reached the module (nscd: its debug log, since inside
  nscd the module's log rate limit is the host's; unscd: the module's log
  lines, one worker process each): every time with negative-time-to-live
  0, once per negative entry otherwise, and that entry expires;
* a name that turns bogus is still the validated answer within its TTL,
  refused after it (nscd: up to its 15 s prune interval later), and the
  forged address never reaches a program;
* the log line says "via nscd[PID]" / "via unscd[PID]": neither daemon
  tells its NSS modules which program asked (nscd -d logs the PID that
  sent each request, which is checked too).
The expectations are the measured behaviour of nscd 2.36 and unscd 0.54
(scenarios()); README.md, "A host-wide cache", describes it.
"""
import argparse, json, os, re, shutil, signal, socket, struct, subprocess, sys, sysconfig
import tempfile, threading, time

HERE = os.path.dirname(os.path.abspath(__file__))


def _e2e():
    """check-e2e.py, whose namespace helpers and /dev/log catcher this
    test shares."""
    import importlib.util
    spec = importlib.util.spec_from_file_location('check_e2e', os.path.join(HERE, 'check-e2e.py'))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


_E2E = _e2e()
sh, multiarch_dir, overlay = _E2E.sh, _E2E.multiarch_dir, _E2E.overlay
SyslogCatcher, lab_env = _E2E.SyslogCatcher, _E2E.lab_env
TOP = os.path.dirname(os.path.dirname(HERE))
LAB = os.path.join(TOP, 'tests', 'lab')
PY = '/usr/bin/python3'
FORGED = '127.53.80.66'
# tests/install-deps.sh unpacks both packages here (they conflict: both are
# /usr/sbin/nscd; and an installed one would be enabled at boot).
DAEMON_ROOT = '/opt/nss-dnssec-tests'
TTL_CAP = 6

SECURE, SECURE_ADDR = 'www.alg13.lab', '127.53.10.13'
INSECURE, INSECURE_ADDR = 'www.unsigned.lab', '127.53.10.40'
BOGUS = 'www.expired.lab'
INDET = 'www.alg8.lab'                      # the forwarder answers SERVFAIL for it
TURNS, TURNS_ADDR = 'sigkept.victim.lab', '127.53.80.1'

# nscd.conf of each scenario.  GLIBC: the Debian conffile's hosts lines,
# but no persistent database (it would live in /var/cache/nscd) and the
# negative TTL under test.  UNSCD: Debian's unscd conffile enables no hosts
# cache; positive-time-to-live is what bounds a cached answer there.
def glibc_conf(negttl):
    return ('debug-level 0\nparanoia no\n'
            'enable-cache passwd no\nenable-cache group no\nenable-cache services no\n'
            'enable-cache netgroup no\n'
            'enable-cache hosts yes\n'
            'positive-time-to-live hosts 3600\n'
            f'negative-time-to-live hosts {negttl}\n'
            'suggested-size hosts 211\ncheck-files hosts yes\n'
            'persistent hosts no\nshared hosts yes\nmax-db-size hosts 33554432\n')


def unscd_conf(posttl, negttl):
    return ('debug-level 0\n'
            'enable-cache passwd no\nenable-cache group no\n'
            'enable-cache hosts yes\n'
            f'positive-time-to-live hosts {posttl}\n'
            f'negative-time-to-live hosts {negttl}\n'
            'suggested-size hosts 1001\ncheck-files hosts yes\n')


# ---------------------------------------------------------------------------
# The forwarder (in the scenario's driver: loopback is shared by namespaces)

def skip_name(b, off):
    while True:
        n = b[off]
        if n == 0:
            return off + 1
        if n & 0xC0 == 0xC0:
            return off + 2
        off += 1 + n


def question(b):
    """(qname, qtype) of a DNS message, qname lower case without the dot."""
    labels, off = [], 12
    while b[off]:
        n = b[off]
        labels.append(bytes(b[off + 1:off + 1 + n]).decode('ascii', 'replace').lower())
        off += 1 + n
    return '.'.join(labels), struct.unpack('!H', b[off + 1:off + 3])[0]


def cap_ttls(wire, cap):
    """Every RR's TTL lowered to cap (OPT's field is flags: left alone)."""
    b = bytearray(wire)
    try:
        qd, an, ns, ar = struct.unpack('!HHHH', b[4:12])
        off = 12
        for _ in range(qd):
            off = skip_name(b, off) + 4
        for _ in range(an + ns + ar):
            off = skip_name(b, off)
            rtype, _, ttl, rdlen = struct.unpack('!HHIH', b[off:off + 10])
            if rtype != 41 and ttl > cap:
                b[off + 4:off + 8] = struct.pack('!I', cap)
            off += 10 + rdlen
    except (struct.error, IndexError):
        return wire
    return bytes(b)


def servfail(query):
    qd_end = skip_name(query, 12) + 4
    flags = 0x8000 | (struct.unpack('!H', query[2:4])[0] & 0x0110) | 0x0080 | 2
    return query[:2] + struct.pack('!HHHHH', flags, 1, 0, 0, 0) + query[12:qd_end]


class Forwarder:
    def __init__(self, addr, upstream, t0):
        self.addr, self.upstream, self.t0 = addr, upstream, t0
        self.servfail = set()
        self.queries = []           # [t, qname, qtype, upstream]
        self.lock = threading.Lock()
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind((addr, 53))
        self.tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.tcp.bind((addr, 53))
        self.tcp.listen(16)
        for f in (self.udp_loop, self.tcp_loop):
            threading.Thread(target=f, daemon=True).start()

    def answer(self, query, tcp):
        qname, qtype = question(query)
        up = self.upstream
        with self.lock:
            self.queries.append([round(time.monotonic() - self.t0, 3), qname, qtype, up])
        if qname in self.servfail:
            return servfail(query)
        if tcp:
            s = socket.create_connection((up, 53), timeout=4)
            try:
                s.sendall(struct.pack('!H', len(query)) + query)
                n = struct.unpack('!H', recv_exact(s, 2))[0]
                resp = recv_exact(s, n)
            finally:
                s.close()
        else:
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.settimeout(4)
            try:
                s.sendto(query, (up, 53))
                resp = s.recv(65535)
            finally:
                s.close()
        return cap_ttls(resp, TTL_CAP)

    def udp_one(self, query, client):
        try:
            self.udp.sendto(self.answer(query, False), client)
        except (OSError, IndexError, struct.error):
            pass

    def udp_loop(self):
        while True:
            query, client = self.udp.recvfrom(65535)
            threading.Thread(target=self.udp_one, args=(query, client), daemon=True).start()

    def tcp_one(self, conn):
        try:
            conn.settimeout(5)
            while True:
                hdr = conn.recv(2, socket.MSG_WAITALL)
                if len(hdr) < 2:
                    break
                query = recv_exact(conn, struct.unpack('!H', hdr)[0])
                resp = self.answer(query, True)
                conn.sendall(struct.pack('!H', len(resp)) + resp)
        except (OSError, IndexError, struct.error):
            pass
        finally:
            conn.close()

    def tcp_loop(self):
        while True:
            conn, _ = self.tcp.accept()
            threading.Thread(target=self.tcp_one, args=(conn,), daemon=True).start()

    def count(self, qname=None):
        with self.lock:
            return sum(1 for q in self.queries if qname is None or q[1] == qname)


def recv_exact(s, n):
    buf = b''
    while len(buf) < n:
        d = s.recv(n - len(buf))
        if not d:
            raise OSError('short read')
        buf += d
    return buf


# ---------------------------------------------------------------------------
# Inside the namespace: mounts, the syslog catcher, the daemon, the timeline

def setup_namespace(spec):
    ns = spec['ns']
    if os.readlink('/proc/self/ns/mnt') == spec['outer_mntns']:
        raise SystemExit('check-nscd: not in a new mount namespace; refusing to mount')
    sh('mount', '-t', 'tmpfs', '-o', 'mode=0755', 'nss-dnssec-nscd', ns)
    for d in ('etc.u', 'etc.w', 'lib.u', 'lib.w', 'dev.u', 'dev.w', 'olddev'):
        os.mkdir(os.path.join(ns, d))
    for f, text in spec['etc'].items():
        with open(os.path.join(ns, 'etc.u', f), 'w') as fh:
            fh.write(text)
    overlay('/etc', os.path.join(ns, 'etc.u'), os.path.join(ns, 'etc.w'), 'nss-dnssec-nscd-etc')
    shutil.copy(spec['so'], os.path.join(ns, 'lib.u', 'libnss_dnssec.so.2'))
    overlay(multiarch_dir(), os.path.join(ns, 'lib.u'), os.path.join(ns, 'lib.w'), 'nss-dnssec-nscd-lib')
    old = os.path.join(ns, 'olddev')
    sh('mount', '--rbind', '/dev', old)
    overlay('/dev', os.path.join(ns, 'dev.u'), os.path.join(ns, 'dev.w'), 'nss-dnssec-nscd-dev')
    for sub in sorted(os.listdir(old)):
        p = os.path.join(old, sub)
        if os.path.isdir(p) and not os.path.islink(p) and os.path.ismount(p):
            sh('mount', '--rbind', p, os.path.join('/dev', sub))
    # /run (= /var/run) private: the daemon's sockets and PID file live there.
    sh('mount', '-t', 'tmpfs', '-o', 'mode=0755', 'nss-dnssec-nscd-run', '/run')
    os.mkdir('/run/nscd', 0o755)
    # glibc's nscd keeps its shared database file in /var/cache/nscd even
    # when not persistent (without it clients cannot map the cache).
    cache = '/var/cache/nscd' if os.path.isdir('/var/cache/nscd') else '/var/cache'
    sh('mount', '-t', 'tmpfs', '-o', 'mode=0755', 'nss-dnssec-nscd-cache', cache)
    os.makedirs('/var/cache/nscd', 0o755, exist_ok=True)
    for f, text in spec['etc'].items():
        with open('/etc/' + f) as fh:
            if fh.read() != text:
                raise SystemExit(f'check-nscd: the overlay on /etc did not take ({f})')


def nscd_socket_ready():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        s.connect('/run/nscd/socket')
        return True
    except OSError:
        return False
    finally:
        s.close()


class Daemon:
    """The scenario's nscd or unscd in the foreground, by PID."""

    def __init__(self, argv, log, env):
        self.log = open(log, 'w')
        self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log,
                                     env=env, start_new_session=True)
        deadline = time.monotonic() + 10
        while not nscd_socket_ready():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise SystemExit(f'check-nscd: {argv[0]} did not start: see {log}')
            time.sleep(0.05)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


GAI = ('import socket, sys\n'
       'try:\n'
       '    print(sorted({a[4][0] for a in socket.getaddrinfo(sys.argv[1], None, 0, socket.SOCK_STREAM)}))\n'
       'except socket.gaierror as e:\n'
       '    print(e.errno)\n')


# gethostbyname2(NAME, AF_INET): the h_errno a program gets.
HERRNO = ('import ctypes, socket, sys\n'
          'libc = ctypes.CDLL("libc.so.6")\n'
          'libc.gethostbyname2.restype = ctypes.c_void_p\n'
          'libc.__h_errno_location.restype = ctypes.POINTER(ctypes.c_int)\n'
          'hp = libc.gethostbyname2(sys.argv[1].encode(), socket.AF_INET)\n'
          'print("found" if hp else libc.__h_errno_location()[0])\n')


class Timeline:
    def __init__(self, t0, env):
        self.t0, self.env, self.runs = t0, env, []

    def now(self):
        return time.monotonic() - self.t0

    def run(self, tag, argv):
        t = self.now()
        p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                             text=True, errors='replace', env=self.env)
        try:
            out, err = p.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            p.kill()
            out, err = p.communicate()
            err += '(timed out)'
        r = dict(tag=tag, t=round(t, 3), argv=argv, pid=p.pid, rc=p.returncode, out=out, err=err)
        self.runs.append(r)
        return r

    def getent(self, tag, name, db='ahosts'):
        return self.run(tag, ['getent', db, name])

    def gai(self, tag, name):
        return self.run(tag, [PY, '-c', GAI, name])

    def sleep_until(self, t):
        d = t - self.now()
        if d > 0:
            time.sleep(d)


def timeline(spec, tl, fwd):
    """The lookups of one scenario; what they gave is judged outside."""
    obs = {}
    # Bogus and indeterminate first, three times each in a row: their
    # burst, slow on a loaded machine (the module validates each miss), is
    # then outside the TTL of the names cached below, which must still be
    # cached when the path turns hostile.
    for i in range(3):
        tl.getent(f'bogus|{i}', BOGUS)
    tl.gai('bogus|gai', BOGUS)
    for i in range(3):
        tl.getent(f'indet|{i}', INDET)
    tl.gai('indet|gai', INDET)
    # The same through gethostbyname2 (the daemon's other cache: GETHOSTBYNAME
    # and GETHOSTBYNAMEv6 requests): getent hosts asks AAAA, then A.
    for tag, n in (('bogus', BOGUS), ('indet', INDET)):
        for i in range(2):
            tl.getent(f'{tag}|hosts{i}', n, 'hosts')
        tl.run(f'{tag}|herrno', [PY, '-c', HERRNO, n])
    obs['t_burst_end'] = tl.now()
    # Secure, insecure, and the name that will turn bogus: first and repeated.
    obs['q_before_first'] = fwd.count()
    for n in (SECURE, INSECURE, TURNS):
        tl.getent(f'first|{n}', n)
    obs['q_after_first'] = fwd.count()
    for i in range(3):
        for n in (SECURE, INSECURE, TURNS):
            tl.getent(f'again|{n}', n)
    obs['q_after_again'] = fwd.count()
    tl.getent(f'hosts|{SECURE}', SECURE, 'hosts')
    # The path turns hostile: every answer from now on comes through the
    # attacker, which forges TURNS's A record.
    fwd.upstream = spec['attacker']
    obs['t_switch'] = tl.now()
    first = min(r['t'] for r in tl.runs if r['tag'] == f'first|{TURNS}')
    obs['t_turns_first'] = first
    limit = first + spec['turn_limit']
    while tl.now() < limit:
        r = tl.getent('turns', TURNS)
        if r['rc'] != 0:
            break
        time.sleep(0.25)
    # After the burst's negative entries expired (or right away with 0): do
    # the bogus and indeterminate names reach the module again?
    tl.sleep_until(obs['t_burst_end'] + spec['neg_wait'])
    tl.getent('bogus|later', BOGUS)
    tl.getent('indet|later', INDET)
    obs['q_total'] = fwd.count()
    return obs


def inner(spec_path, out_path):
    with open(spec_path) as fh:
        spec = json.load(fh)
    os.environ.update(spec['sanitizer'])    # for every process started from now on
    setup_namespace(spec)
    t0 = time.monotonic()
    fwd = Forwarder(spec['fwd'], spec['honest'], t0)
    fwd.servfail.add(INDET)
    catcher = SyslogCatcher(os.path.join(spec['ns'], 'syslog'))
    env = dict(os.environ)
    daemon = None
    res = dict(error=None)
    try:
        daemon = Daemon(spec['argv'], os.path.join(spec['ns'], 'daemon.log'), env)
        res['daemon_pid'] = daemon.proc.pid
        tl = Timeline(t0, env)
        res['obs'] = timeline(spec, tl, fwd)
        res['runs'] = tl.runs
    except BaseException as e:      # reported, after the daemon is stopped
        res['error'] = f'{type(e).__name__}: {e}'
    finally:
        if daemon:
            daemon.stop()
            res['daemon_rc'] = daemon.proc.returncode
        catcher.close()
    res['syslog'] = catcher.lines
    res['queries'] = fwd.queries
    try:
        with open(os.path.join(spec['ns'], 'daemon.log'), errors='replace') as fh:
            res['daemon_log'] = fh.read()
    except OSError:
        res['daemon_log'] = ''
    with open(out_path, 'w') as fh:
        json.dump(res, fh)


# ---------------------------------------------------------------------------
# Outside: the scenarios and the verdicts

def sanitizer_env(so):
    p = subprocess.run(['ldd', so], capture_output=True, text=True)
    m = re.search(r'libasan\.so\.\d+ => (\S+)', p.stdout)
    return m.group(1) if m else None


def daemon_binary(kind):
    """The unpacked package's nscd, else an installed one of that package."""
    p = os.path.join(DAEMON_ROOT, kind, 'usr', 'sbin', 'nscd')
    if os.access(p, os.X_OK):
        return p
    q = subprocess.run(['dpkg-query', '-W', '-f', '${Status}', kind], capture_output=True, text=True)
    if q.stdout.endswith('installed') and os.access('/usr/sbin/nscd', os.X_OK):
        return '/usr/sbin/nscd'
    return None


class Results:
    def __init__(self, verbose):
        self.verbose, self.groups = verbose, {}

    def check(self, group, ok, what):
        g = self.groups.setdefault(group, [0, 0])
        g[0 if ok else 1] += 1
        if not ok or self.verbose:
            print(f'{"ok  " if ok else "FAIL"} [{group}] {what}', flush=True)
        return ok


def addrs(out):
    return {l.split()[0] for l in out.splitlines() if l.strip()}


REQ = {'A+AAAA': 'GETAI', 'AAAA': 'GETHOSTBYNAMEv6', 'A': 'GETHOSTBYNAME'}


def nscd_misses(log):
    """{(request type, name): how many programs had their request looked up
    (nscd -d: "request received ... from PID n", the request's line, then
    "Haven't found").  Programs, not requests: a glibc client sends its
    request again when nscd's prune thread ran meanwhile (the database it
    maps changed under it: __nscd_drop_map_ref), which on a loaded machine,
    the prune coming at a TTL's end, made a sixth lookup of five programs."""
    pid = cur = None
    seen = {}
    for line in log.splitlines():
        m = re.search(r'request received \(Version = \d+\) from PID (\d+)$', line)
        if m:
            pid, cur = int(m.group(1)), None
            continue
        m = re.search(r'\t(GET\w+) \((.*)\)$', line)
        if m:
            cur = (m.group(1), m.group(2))
            continue
        m = re.search(r'Haven\'t found "(.*)" in hosts cache!', line)
        if m and cur and cur[1] == m.group(1):
            seen.setdefault(cur, set()).add(pid)
            cur = None
    return {k: len(v) for k, v in seen.items()}


def module_lines(res, name):
    return [l for l in res['syslog'] if 'nss-dnssec: ' in l and f' {name} ' in l]


def judge(R, g, sc, res):
    kind = sc['kind']
    if not R.check(g, res.get('error') is None, f'the scenario ran: {res.get("error")}'):
        print(res.get('daemon_log', '')[-3000:])
        return
    obs, runs = res['obs'], res['runs']
    by = lambda tag: [r for r in runs if r['tag'] == tag]
    dpid = res['daemon_pid']
    # The daemon answered every program: no module line from a client.
    client_pids = {r['pid'] for r in runs}
    mine = [l for l in res['syslog'] if 'nss-dnssec: ' in l]
    R.check(g, not [l for l in mine if any(f'[{p}]' in l for p in client_pids)],
            f'no log line from a program: the daemon did every lookup: {mine[:3]}')
    # Secure and insecure: the addresses, first and again.
    for n, want in ((SECURE, SECURE_ADDR), (INSECURE, INSECURE_ADDR), (TURNS, TURNS_ADDR)):
        for r in by(f'first|{n}') + by(f'again|{n}'):
            R.check(g, r['rc'] == 0 and addrs(r['out']) == {want} and r['err'] == '',
                    f'{r["tag"]} at {r["t"]} s: getent ahosts {n}: {want}: rc {r["rc"]} {r["out"]!r} {r["err"]!r}')
    r = by(f'hosts|{SECURE}')[0]
    R.check(g, r['rc'] == 0 and r['out'].split()[:2] == [SECURE_ADDR, SECURE],
            f'getent hosts {SECURE} (gethostbyname2): {r["out"]!r}')
    R.check(g, obs['q_after_first'] > obs['q_before_first'],
            f'the first lookups reached the upstream: {obs["q_after_first"] - obs["q_before_first"]} queries')
    R.check(g, obs['q_after_again'] == obs['q_after_first'],
            f'9 more cold getent processes for the same 3 names: no upstream query '
            f'({obs["q_after_again"] - obs["q_after_first"]}): validated once for the host')
    if kind == 'nscd':
        misses = nscd_misses(res['daemon_log'])
        got = {n: misses.get(('GETAI', n), 0) for n in (SECURE, INSECURE, TURNS)}
        # TURNS: its expired entry was reloaded by the prune thread (bogus
        # then), so the refused client's request may be looked up again.
        R.check(g, got[SECURE] == 1 and got[INSECURE] == 1 and got[TURNS] in (1, 2),
                f'nscd looked each name up once for 4 getent ahosts (its debug log), the rest came from its '
                f'cache: {got}')
    # Bogus and indeterminate: refused; what programs get; how often the
    # module was asked (its log lines: "NAME A+AAAA:" for getaddrinfo's
    # GETAI requests, "NAME AAAA:" and "NAME A:" for gethostbyname2's).
    for tag, n in (('bogus', BOGUS), ('indet', INDET)):
        verdict = 'bogus' if tag == 'bogus' else 'indeterminate'
        for r in [r for r in runs if r['tag'].startswith(tag + '|') and r['argv'][0] == 'getent']:
            R.check(g, r['rc'] == 2 and r['out'] == '' and r['err'] == '',
                    f'{r["tag"]} at {r["t"]} s: {" ".join(r["argv"])} refused: rc {r["rc"]} {r["out"]!r} {r["err"]!r}')
        got = by(f'{tag}|gai')[0]['out'].strip()
        want = sc['gai'][tag]
        R.check(g, got == str(want), f'getaddrinfo {n} ({verdict}) through {kind}: {want}: {got}')
        got = by(f'{tag}|herrno')[0]['out'].strip()
        want = sc['herrno'][tag]
        R.check(g, got == str(want), f'gethostbyname2 {n} AF_INET ({verdict}) through {kind}: h_errno {want}: {got}')
        lines = module_lines(res, n)
        R.check(g, lines and all(f': {verdict}, EDE ' in l for l in lines),
                f'{n}: the lines say {verdict}: {lines[:1]}')
        for what, want in sc['lines'][tag].items():
            if kind == 'nscd':
                # One process for the host: the module's log rate limit
                # (NSS_LOG_BURST lines, then one per interval) is the
                # host's, so nscd's own debug log counts the lookups.
                count, how = nscd_misses(res['daemon_log']).get((REQ[what], n), 0), "lookups in nscd's debug log"
            else:
                count, how = len([l for l in lines if f' {n} {what}: ' in l]), 'log lines of the module'
            R.check(g, count == want, f'{n} {what}: the module was asked {want} times '
                    f'({sc["why"][tag][what]}): {count} {how}')
    for r in by('bogus|later') + by('indet|later'):
        R.check(g, r['rc'] == 2 and r['out'] == '', f'{r["tag"]} at {r["t"]} s: still refused: {r["out"]!r}')
    if kind == 'nscd':
        # Who asked is in nscd's own debug log (nscd -d): the request's PID.
        for r in by('bogus|0') + by('indet|0'):
            R.check(g, re.search(rf'from PID {r["pid"]}\n[^\n]*\tGETAI \({re.escape(r["argv"][-1])}\)',
                                 res['daemon_log']) is not None,
                    f'nscd -d names the program that asked for {r["argv"][-1]} (PID {r["pid"]})')
    # The log line names the daemon: "via nscd[PID]" / "via unscd[PID]".
    via = 'nscd' if kind == 'nscd' else 'unscd'
    ident = 'nscd' if kind == 'nscd' else 'worker_nscd'
    pat = re.compile(rf'^<28>{ident}: nss-dnssec: via {via}\[(\d+)\]: ')
    ms = [pat.match(l) for l in mine]
    R.check(g, mine and all(ms), f'every line reads "<28>{ident}: nss-dnssec: via {via}[PID]: ...": {mine[:2]}')
    pids = {int(m.group(1)) for m in ms if m}
    if kind == 'nscd':
        R.check(g, pids == {dpid}, f'the PID is the daemon\'s ({dpid}): {pids}')
    else:
        R.check(g, dpid not in pids and not pids & client_pids and len(pids) == len(mine),
                f'the PID is a worker\'s, one per lookup (unscd execs a worker per cache miss): {pids}')
    # The name that turns bogus.
    turns = by('turns')
    t_first, t_switch = obs['t_turns_first'], obs['t_switch']
    leaked = [r for r in runs if FORGED in r['out']]
    R.check(g, not leaked, f'the forged address {FORGED} never reached a program: {leaked[:1]}')
    ok_runs = [r for r in turns if r['rc'] == 0]
    refused = [r for r in turns if r['rc'] != 0]
    R.check(g, turns and turns[0]['rc'] == 0 and addrs(turns[0]['out']) == {TURNS_ADDR},
            f'right after the path turned hostile ({t_switch:.1f} s), {TURNS} is still the validated answer '
            f'from the cache: {turns[:1]}')
    R.check(g, all(addrs(r['out']) == {TURNS_ADDR} for r in ok_runs) and
            all(r['t'] < t_first + sc['ttl'] + sc['slack'] for r in ok_runs),
            f'served from the cache only within its TTL {sc["ttl"]} s (+{sc["slack"]} s, {sc["why_slack"]}): '
            f'last at {ok_runs[-1]["t"] - t_first if ok_runs else float("nan"):.1f} s after the first lookup')
    R.check(g, refused and refused[0]['rc'] == 2 and refused[0]['out'] == '' and
            refused[0]['t'] >= t_first + sc['ttl'] - 0.5,
            f'refused after its TTL ({sc["ttl"]} s): at {refused[0]["t"] - t_first if refused else None} s '
            f'after the first lookup')
    tl_lines = [l for l in module_lines(res, TURNS) if ': bogus, EDE ' in l]
    R.check(g, tl_lines and all('127.53.58.' in l for l in tl_lines),
            f'{TURNS} turned bogus is logged, naming the forwarder: {tl_lines[:1]}')
    print(f'info: {g}: {TURNS} served from the cache until {ok_runs[-1]["t"] - t_first if ok_runs else 0:.1f} s, '
          f'refused from {refused[0]["t"] - t_first if refused else float("nan"):.1f} s after its first lookup '
          f'(TTL {sc["ttl"]} s); {obs["q_total"]} upstream queries in all')


def run_scenario(tmp, sc, env, so, outer_mntns, asan):
    ns = os.path.join(tmp, 'ns-' + sc['name'])
    os.mkdir(ns)
    conf = open(env['LAB_CONF']).read() if 'LAB_CONF' in env and os.path.exists(env['LAB_CONF']) \
        else f'trust-anchor-file {env["LAB_ANCHOR_KEY"]}\n'
    etc = {'nsswitch.conf': 'hosts: files dnssec\n', 'resolv.conf': f'nameserver {sc["fwd"]}\n',
           'nss-dnssec.conf': conf, 'nscd.conf': sc['conf']}
    san = {}
    if asan:
        # unscd execs its workers with an empty environment: the ASan
        # runtime goes first through the namespace's /etc/ld.so.preload.
        etc['ld.so.preload'] = asan + '\n'
        san = {'ASAN_OPTIONS': 'detect_leaks=0:abort_on_error=1'}
    spec = dict(ns=ns, outer_mntns=outer_mntns, etc=etc, so=so, argv=sc['argv'], fwd=sc['fwd'],
                honest=env['LAB_HONEST'], attacker=env['LAB_ATTACKER'], sanitizer=san,
                turn_limit=sc['ttl'] + sc['slack'] + 3, neg_wait=sc['neg_wait'])
    sp, op = os.path.join(tmp, sc['name'] + '.spec.json'), os.path.join(tmp, sc['name'] + '.out.json')
    with open(sp, 'w') as fh:
        json.dump(spec, fh)
    p = subprocess.Popen(['unshare', '--mount', '--propagation', 'private', PY, os.path.abspath(__file__),
                          '--inner', sp, op], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return p, op


def scenarios(nscd, unscd):
    """Three daemons at once, each in its own namespace and forwarder.  The
    expectations are what nscd 2.36 and unscd 0.54 were measured to do (see
    README.md, "A host-wide cache")."""
    NONAME, HNF = socket.EAI_NONAME, 1        # HOST_NOT_FOUND
    out = []
    if nscd:
        # glibc's nscd keeps an answer for the TTL the module reports; an
        # expired entry is reloaded or dropped by its prune thread, which
        # runs at most every 15 s (CACHE_PRUNE_INTERVAL).  Every failure,
        # TRYAGAIN (indeterminate) included, becomes "not found" (getaddrinfo
        # EAI_NONAME, gethostbyname HOST_NOT_FOUND) and is kept as a
        # negative entry for negative-time-to-live (until the next prune);
        # with 0, none is kept.
        base = dict(kind='nscd', argv=[nscd, '-d'], ttl=TTL_CAP, slack=17,
                    why_slack='nscd prunes at most every 15 s',
                    gai={'bogus': NONAME, 'indet': NONAME}, herrno={'bogus': HNF, 'indet': HNF})
        never = 'negative-time-to-live 0: never cached'
        out.append(dict(base, name='nscd', fwd='127.53.58.1', conf=glibc_conf(0), neg_wait=0,
                        lines={'bogus': {'A+AAAA': 5, 'AAAA': 2, 'A': 3}, 'indet': {'A+AAAA': 5, 'AAAA': 2, 'A': 3}},
                        why={t: {w: never for w in ('A+AAAA', 'AAAA', 'A')} for t in ('bogus', 'indet')}))
        # The negative TTL outlasts a burst on a loaded machine (2 s did not:
        # a third lookup when the entry was pruned mid-burst).
        neg = 'one negative entry for the burst (negative-time-to-live 5, pruned within 15 s), gone later'
        out.append(dict(base, name='nscd-negttl', fwd='127.53.58.2', conf=glibc_conf(5), neg_wait=22,
                        lines={t: {'A+AAAA': 2, 'AAAA': 1, 'A': 1} for t in ('bogus', 'indet')},
                        why={t: {w: neg for w in ('A+AAAA', 'AAAA', 'A')} for t in ('bogus', 'indet')}))
    if unscd:
        # unscd asks a worker process per cache miss (getaddrinfo or
        # gethostbyname2 there, no TTL), keeps answers for
        # positive-time-to-live and every failure as "not found" for
        # negative-time-to-live, aging its cache every half negative TTL.
        # A failed gethostbyname comes back with h_errno 0 (its worker sends
        # only the "not found" header).
        # The negative TTL outlasts a burst on a loaded machine; the aging
        # every 2.5 s is the positive entries' slack.
        neg = 'every failure is one negative entry (negative-time-to-live 5), gone later'
        out.append(dict(kind='unscd', name='unscd', argv=[unscd, '-ddd'], fwd='127.53.58.3',
                        conf=unscd_conf(TTL_CAP, 5), ttl=TTL_CAP, slack=3.5, neg_wait=9,
                        why_slack='positive-time-to-live; unscd ages its cache every half negative TTL',
                        gai={'bogus': NONAME, 'indet': NONAME}, herrno={'bogus': 0, 'indet': 0},
                        lines={t: {'A+AAAA': 2, 'AAAA': 1, 'A': 1} for t in ('bogus', 'indet')},
                        why={t: {w: neg for w in ('A+AAAA', 'AAAA', 'A')} for t in ('bogus', 'indet')}))
    return out


def outer(args):
    if os.geteuid() != 0:
        print('check-nscd: needs root (mount namespaces, port 53)', file=sys.stderr)
        return 2
    o = os.environ.get('O', 'build')
    so = os.path.join(TOP, o, 'libnss_dnssec.so.2')
    if not os.path.exists(so):
        print(f'check-nscd: {so} is missing (make O={o} check-lab builds it)', file=sys.stderr)
        return 2
    if not os.path.exists(os.path.join(LAB, 'run', 'env')):
        print('check-nscd: the lab is not up (make lab-up)', file=sys.stderr)
        return 2
    nscd, unscd = daemon_binary('nscd'), daemon_binary('unscd')
    missing = [k for k, b in (('nscd', nscd), ('unscd', unscd)) if not b]
    if missing:
        print(f'check-nscd: {" and ".join(missing)} not found in {DAEMON_ROOT}/ nor installed '
              f'(tests/install-deps.sh unpacks them)', file=sys.stderr)
        return 2
    env = lab_env()
    asan = sanitizer_env(so)
    R = Results(args.verbose)
    outer_mntns = os.readlink('/proc/self/ns/mnt')
    tmp = tempfile.mkdtemp(prefix='nss-dnssec-nscd.')
    t0 = time.monotonic()
    try:
        scs = [s for s in scenarios(nscd, unscd) if not args.only or s['name'] in args.only]
        procs = [(sc, run_scenario(tmp, sc, env, so, outer_mntns, asan)) for sc in scs]
        for sc, (p, op) in procs:
            try:
                drv, _ = p.communicate(timeout=120)
            except subprocess.TimeoutExpired:
                p.kill()
                drv, _ = p.communicate()
            g = sc['name']
            if not os.path.exists(op):
                R.check(g, False, f'the driver failed (rc {p.returncode}): {drv[-2000:]}')
                continue
            with open(op) as fh:
                res = json.load(fh)
            R.check(g, drv == '', f'the driver printed nothing: {drv[-2000:]!r}')
            R.check(g, res.get('daemon_rc') is not None, 'the daemon was stopped by its PID')
            judge(R, g, sc, res)
            if args.keep:
                print(f'info: {g}: raw results in {op}')
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    passed = sum(g[0] for g in R.groups.values())
    failed = sum(g[1] for g in R.groups.values())
    for g, (p, f) in R.groups.items():
        print(f'  {g:16} {p} passed, {f} failed')
    print(f'nscd: {passed} passed, {failed} failed ({time.monotonic() - t0:.1f} s)')
    return 1 if failed or not passed else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('-v', '--verbose', action='store_true', help='print every test, not only failures')
    ap.add_argument('--only', action='append', help='run only this scenario (nscd, nscd-negttl, unscd)')
    ap.add_argument('--keep', action='store_true', help='keep the raw results (debugging)')
    ap.add_argument('--inner', nargs=2, metavar=('SPEC', 'OUT'), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.inner:
        inner(*args.inner)
        return 0
    return outer(args)


if __name__ == '__main__':
    sys.exit(main())
