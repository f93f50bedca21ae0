#!/usr/bin/python3
"""fork() while other threads are inside the module (tests/e2e, run by
check-e2e.py in its namespace): every child must resolve a secure name and
refuse a bogus one, and none may hang (a lock of the module, or of what it
uses, held across fork() by another thread).

The children call the module's _nss_dnssec_gethostbyname4_r directly
(ctypes), not getaddrinfo(): glibc 2.36 itself takes locks in getaddrinfo()
and syslog() that fork() does not reset (resolv_conf.c's lock,
syslog_lock), so a child of a threaded program may hang in glibc whatever
the module does; POSIX allows only async-signal-safe calls there anyway.
What the module can promise, and what is tested, is its own code and the
stub, c-ares and OpenSSL below it.

Prints "N of M children resolved correctly" and one line per child that
did not; exits 1 if any did not.  --gdb: print a hung child's stacks."""
import ctypes, os, socket, sys, threading, time

CHILDREN = 20
HANG_S = 10
DEBUG = sys.argv[1:2] == ['--gdb']
names = sys.argv[1 + DEBUG:] or ['www.alg13.lab', 'www.expired.lab', 'dual.alg13.lab', 'nothere.alg13.lab']
NSS_STATUS_SUCCESS, NSS_STATUS_NOTFOUND = 1, 0
NO_RECOVERY = 3


class Tuple(ctypes.Structure):
    pass


Tuple._fields_ = [('next', ctypes.POINTER(Tuple)), ('name', ctypes.c_char_p), ('family', ctypes.c_int),
                  ('addr', ctypes.c_uint32 * 4), ('scopeid', ctypes.c_uint32)]

# Before any thread: the module (the same handle glibc's NSS gets), and
# Python's own lazily imported codecs (a child forked while another thread
# holds Python's import lock hangs in Python).
lib = ctypes.CDLL('libnss_dnssec.so.2')
gethostbyname4 = lib._nss_dnssec_gethostbyname4_r
gethostbyname4.restype = ctypes.c_int
gethostbyname4.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.POINTER(Tuple)), ctypes.c_char_p, ctypes.c_size_t,
                           ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_int), ctypes.c_void_p]
socket.getaddrinfo('www.alg13.lab', None)


def lookup(name):
    pat = ctypes.POINTER(Tuple)()
    buf = ctypes.create_string_buffer(65536)
    err, herr = ctypes.c_int(0), ctypes.c_int(0)
    st = gethostbyname4(name, ctypes.byref(pat), buf, len(buf), ctypes.byref(err), ctypes.byref(herr), None)
    addrs = set()
    p = pat
    while p:
        t = p.contents
        raw = bytes(t.addr)[:4 if t.family == socket.AF_INET else 16]
        addrs.add(socket.inet_ntop(t.family, raw))
        p = t.next
    return st, herr.value, addrs


stop = time.monotonic() + 2


def spin():
    while time.monotonic() < stop:
        for n in names:
            try:
                socket.getaddrinfo(n, None)
            except socket.gaierror:
                pass


threads = [threading.Thread(target=spin) for _ in range(4)]
for t in threads:
    t.start()
good = 0
for i in range(CHILDREN):
    pid = os.fork()
    if pid == 0:
        code = 7
        try:
            st, herr, addrs = lookup(b'www.alg13.lab')
            code = 3 if st != NSS_STATUS_SUCCESS else 4 if addrs != {'127.53.10.13'} else 0
            if code == 0:
                st, herr, addrs = lookup(b'www.expired.lab')
                code = 0 if st == NSS_STATUS_NOTFOUND and herr == NO_RECOVERY and not addrs else 5
        finally:
            os._exit(code)
    deadline = time.monotonic() + HANG_S
    while True:
        r, st = os.waitpid(pid, os.WNOHANG)
        if r:
            break
        if time.monotonic() > deadline:
            print(f'child {i}: hung for {HANG_S} s; killed', file=sys.stderr, flush=True)
            if DEBUG:
                os.system(f'gdb -p {pid} -batch -ex "thread apply all bt" 2>&1 | grep -E "^#" >&2')
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            st = -1
            break
        time.sleep(0.01)
    if st == 0:
        good += 1
    elif st != -1:
        print(f'child {i}: exit {os.waitstatus_to_exitcode(st)} (3: secure name not found, 4: wrong addresses, '
              '5: bogus name not refused as such, 7: exception)', file=sys.stderr, flush=True)
    time.sleep(0.05)
for t in threads:
    t.join()
print(f'{good} of {CHILDREN} children resolved correctly')
sys.exit(0 if good == CHILDREN else 1)
