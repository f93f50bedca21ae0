"""The scripted fake resolver: UDP and TCP on loopback, one address per case.

Every address of the run's /24 (127.55.S.0/24, port PORT) belongs to one
case; a query arriving there is answered by that case's behaviour, which
returns the steps to take (what to send, when, from where, how).  The
default behaviour is an honest recursive resolver with the whole World in
its cache (zones.World.resolve).  Every query received is logged per case
(protocol, name, type, DO, EDNS, ID) so that tests can check what the tool
sent.

Threads only, inside the test process: when the process ends, for whatever
reason, the sockets go with it.
"""
import errno
import select
import socket
import struct
import threading
import time

import dns.exception
import dns.flags
import dns.message
import dns.rcode
import dns.rdatatype


PORT = 5399
NET = '127.55'
T = dns.rdatatype


class Send:
    """One thing to send.  UDP: data after delay seconds, from src (another
    local address) if given.  TCP: data with its length prefix (raw=True:
    as is), dripped one octet every drip seconds if given, then close the
    connection if close."""

    def __init__(self, data, delay=0.0, src=None, raw=False, drip=None, close=False):
        self.data, self.delay, self.src, self.raw, self.drip, self.close = data, delay, src, raw, drip, close


class Close:
    """TCP: close the connection now."""


class Ctx:
    """One query as a behaviour sees it."""

    def __init__(self, server, ep, proto, wire, q):
        self.server, self.ep, self.case, self.proto, self.wire, self.q = server, ep, ep.case, proto, wire, q
        self.qname = q.question[0].name
        self.qtype = q.question[0].rdtype
        self.edns = q.edns >= 0
        self.do = self.edns and bool(q.ednsflags & dns.flags.DO)
        self.state = ep.case.state
        self.lock = ep.case.lock

    @property
    def world(self):
        return self.server.world

    def resolve(self, qname=None, qtype=None):
        return self.world.resolve(qname or self.qname, qtype or self.qtype)

    def message(self, ans=None, rcode=None, opt=True, do=None, flags_on=0, flags_off=0):
        """A response message for ans (default: the honest one)."""
        if ans is None:
            ans = self.resolve()
        q = self.q
        m = dns.message.Message(id=q.id)
        m.flags = (dns.flags.QR | dns.flags.RA | (q.flags & (dns.flags.RD | dns.flags.CD)) | flags_on) & ~flags_off
        m.question = list(q.question)
        m.set_rcode(ans.rcode if rcode is None else rcode)
        with_sigs = self.do if do is None else do
        for section, items in ((m.answer, ans.answer), (m.authority, ans.authority)):
            seen = set()
            for s in items:
                key = (s.rrset.name, s.rrset.rdtype, s.rrset.covers)
                if key in seen:
                    continue
                if not with_sigs and s.rrset.rdtype in (T.NSEC, T.NSEC3, T.RRSIG):
                    continue
                seen.add(key)
                section.append(s.rrset)
                if with_sigs and s.sigs is not None:
                    section.append(s.sigs)
        if opt and self.edns:
            m.use_edns(0, ednsflags=dns.flags.DO if with_sigs else 0, payload=1232)
        return m

    def limit(self):
        if self.proto == 'tcp':
            return 65535
        return max(512, self.q.payload) if self.edns else 512

    def render(self, m, truncate=True):
        """Wire form; over UDP, an answer too big for the query's payload
        becomes an empty one with TC=1 (RFC 2181 §9), as a resolver does."""
        wire = m.to_wire(max_size=65535, want_shuffle=False)
        if truncate and len(wire) > self.limit():
            m.flags |= dns.flags.TC
            for sec in (m.answer, m.authority):
                del sec[:]
            m.additional = []
            wire = m.to_wire(max_size=65535, want_shuffle=False)
        return wire

    def honest(self, ans=None, **kw):
        return [Send(self.render(self.message(ans, **kw)))]


def honest(ctx):
    return ctx.honest()


class Endpoint:
    def __init__(self, addr, case, tcp):
        self.addr, self.case, self.tcp = addr, case, tcp
        self.udp_sock = self.tcp_sock = None


class Server:
    def __init__(self, world):
        self.world = world
        self.endpoints = []
        self.threads = []
        self.stopping = False
        self.loglock = threading.Lock()
        self.errors = []  # exceptions in behaviours: a broken test, not a tool bug

    # Sockets ----------------------------------------------------------------

    def bind_all(self, plan, first_slot):
        """plan: [(host index, case, tcp)].  Finds a /24 of 127.55.0.0/16
        where every address binds (none in use, e.g. by a stale or a
        concurrent run) and returns its third octet."""
        for k in range(250):
            slot = (first_slot + k) % 250 + 1
            eps = [Endpoint('%s.%d.%d' % (NET, slot, h), case, tcp) for h, case, tcp in plan]
            try:
                for ep in eps:
                    ep.udp_sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                    ep.udp_sock.bind((ep.addr, PORT))
                    if ep.tcp:
                        ep.tcp_sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                        ep.tcp_sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                        ep.tcp_sock.bind((ep.addr, PORT))
                        ep.tcp_sock.listen(64)
            except OSError as e:
                for ep in eps:
                    for s in (ep.udp_sock, ep.tcp_sock):
                        if s:
                            s.close()
                if e.errno in (errno.EADDRINUSE, errno.EADDRNOTAVAIL):
                    continue
                raise
            self.endpoints = eps
            self.slot = slot
            return slot
        raise RuntimeError('no free /24 in %s.0.0/16 for port %d' % (NET, PORT))

    def addr(self, host):
        return '%s.%d.%d' % (NET, self.slot, host)

    def start(self):
        for ep in self.endpoints:
            self._thread(self._udp_loop, ep)
            if ep.tcp:
                self._thread(self._tcp_accept, ep)

    def stop(self):
        self.stopping = True
        for ep in self.endpoints:
            for s in (ep.udp_sock, ep.tcp_sock):
                if s:
                    try:
                        s.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
                    s.close()

    def _thread(self, fn, *args):
        t = threading.Thread(target=fn, args=args, daemon=True)
        t.start()
        self.threads.append(t)
        return t

    # Queries ----------------------------------------------------------------

    def _handle(self, ep, proto, wire):
        try:
            q = dns.message.from_wire(wire)
            if len(q.question) != 1:
                raise dns.exception.FormError('not one question')
        except Exception as e:  # the tool sent something we cannot read: log it
            with self.loglock:
                ep.case.log.append({'proto': proto, 'bad': str(e), 'len': len(wire), 't': time.monotonic()})
            return []
        ctx = Ctx(self, ep, proto, wire, q)
        with self.loglock:
            ep.case.log.append({'proto': proto, 'qname': ctx.qname.to_text(), 'qtype': T.to_text(ctx.qtype),
                                'do': ctx.do, 'edns': ctx.edns, 'id': q.id, 'addr': ep.addr,
                                't': time.monotonic()})
        try:
            return ep.case.behave(ctx) or []
        except Exception as e:
            import traceback
            self.errors.append('%s: %s\n%s' % (ep.case.name, e, traceback.format_exc()))
            return []

    def _udp_loop(self, ep):
        s = ep.udp_sock
        while not self.stopping:
            try:
                wire, client = s.recvfrom(65535)
            except OSError:
                return
            if self.stopping:
                return
            for step in self._handle(ep, 'udp', wire):
                if isinstance(step, Send):
                    if step.delay:
                        t = threading.Timer(step.delay, self._udp_send, (ep, step, client))
                        t.daemon = True
                        t.start()
                    else:
                        self._udp_send(ep, step, client)

    def _udp_send(self, ep, step, client):
        try:
            if step.src:
                o = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                try:
                    o.bind((step.src, PORT))
                except OSError:
                    o.bind((step.src, 0))
                o.sendto(step.data, client)
                o.close()
            else:
                ep.udp_sock.sendto(step.data, client)
        except OSError:
            pass

    def _tcp_accept(self, ep):
        while not self.stopping:
            try:
                c, _ = ep.tcp_sock.accept()
            except OSError:
                return
            self._thread(self._tcp_conn, ep, c)

    def _tcp_conn(self, ep, c):
        c.settimeout(10)
        try:
            while not self.stopping:
                hdr = _recv_exact(c, 2)
                if hdr is None:
                    return
                wire = _recv_exact(c, struct.unpack('!H', hdr)[0])
                if wire is None:
                    return
                for step in self._handle(ep, 'tcp', wire):
                    if isinstance(step, Close):
                        return
                    if step.delay:
                        time.sleep(step.delay)
                    data = step.data if step.raw else struct.pack('!H', len(step.data)) + step.data
                    if step.drip:
                        # Octets sent while the client still listened:
                        # how long it sat through the drip (state
                        # 'dripped', the most of any connection).
                        sent = 0
                        for i in range(len(data)):
                            if _peer_closed(c):
                                break
                            c.sendall(data[i:i + 1])
                            sent += 1
                            with ep.case.lock:
                                ep.case.state['dripped'] = max(ep.case.state.get('dripped', 0), sent)
                            time.sleep(step.drip)
                    else:
                        c.sendall(data)
                    if step.close:
                        return
        except OSError:
            return
        finally:
            try:
                c.close()
            except OSError:
                pass


def _peer_closed(s):
    """The client has closed or reset the connection (nothing it sends
    is read here while an answer drips)."""
    try:
        if not select.select([s], [], [], 0)[0]:
            return False
        return s.recv(1, socket.MSG_PEEK) == b''
    except OSError:
        return True


def _recv_exact(s, n):
    buf = b''
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return buf
