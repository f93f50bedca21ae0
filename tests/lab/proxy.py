#!/usr/bin/python3
"""DNS proxies of the lab, in front of the ISP resolver (UDP and TCP).

    proxy.py --mode forge|strip|delay|replay --listen ADDR --upstream ADDR
             --log FILE --pidfile FILE [--delay-ms 20] [--data FILE]

forge   the on-path attacker.  Passes everything through untouched except the
        fixed forgery list FORGERIES below (keyed by query name and type).
        --data (forge only, required): run/forgeries.txt from mkzones.py, the
        forged RRsets whose RRSIGs need the lab's keys or build time.
strip   a broken home router: clears the DO bit on the way up and removes every
        RRSIG, DS, DNSKEY, NSEC and NSEC3 record (and the AD bit) on the way down.
delay   adds --delay-ms (default 20) to every answer, nothing else.
replay  a caching stub seen in the field that keeps NXDOMAIN packets by name and
        replays them to a query of another type: a DS query for a name that does
        not exist gets the NXDOMAIN packet of that name's A question (question
        section and all, only the ID is the client's).  A client that checks
        the question (c-ares does) drops it, so the DS is never answered.
        Everything else passes untouched.

Every query received is logged, one tab-separated line written when it is
answered (or dropped), stamped with the time it was received:

    received(UTC, ms)  proto  client#port  qname  qtype  flags  action  rcode  ms

ms is the time from receipt to answer (the delay proxy's sleep included).

flags is e.g. "rd,do,cd"; action is "pass", "strip", "delay", a forgery name
from FORGERIES, "nxdomain-replayed-as-a" (replay), "drop-busy",
"upstream-timeout" or "bad-query".

Bounds: at most MAX_UDP_INFLIGHT UDP queries and MAX_TCP_CONNS TCP
connections are handled at once (each in its own thread); upstream sockets
time out after UPSTREAM_TIMEOUT s; a TCP connection is closed after
TCP_IDLE s idle or TCP_MAX_MSGS messages.  The PID file is written once both
sockets are bound.
"""
import argparse
import os
import socket
import struct
import sys
import threading
import time

import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.rrset

MAX_UDP_INFLIGHT = 128
MAX_TCP_CONNS = 32
UPSTREAM_TIMEOUT = 4.0
TCP_IDLE = 5.0
TCP_MAX_MSGS = 100

FORGED_ADDR = "127.53.80.66"     # where the lab's HTTP server answers "FORGED"

N = dns.name.from_text
A, DS, RRSIG = dns.rdatatype.A, dns.rdatatype.DS, dns.rdatatype.RRSIG

# The forgery list (also in README.md and expect.tsv).  qtype None = any type.
FORGERIES = {
    # A replaced by FORGED_ADDR, the genuine RRSIG(A) kept
    (N("sigkept.victim.lab."), A): "a-replaced-rrsig-kept",
    # A replaced by FORGED_ADDR, RRSIG(A) removed
    (N("nosig.victim.lab."), A): "a-replaced-rrsig-removed",
    # NXDOMAIN for any type, unsigned SOA, no NSEC/NSEC3 (upstream not asked)
    (N("nxforged.victim.lab."), None): "nxdomain-without-proof",
    # DS digest altered (last octet inverted), the genuine RRSIG(DS) kept
    (N("dsforged.lab."), DS): "ds-digest-replaced",
    # DS removed: NOERROR/NODATA, unsigned SOA of lab., no NSEC (upstream not asked)
    (N("dsremoved.lab."), DS): "ds-removed-nodata-without-proof",
    # A of a zone with 100 NSEC3 iterations replaced, RRSIG(A) removed: the name is
    # not an unsigned delegation however many iterations the zone's NSEC3 uses
    (N("www.nsec3-iter100.lab."), A): "a-replaced-rrsig-removed",
    # A inside the signed child.parentsig.lab. replaced by --data's: FORGED_ADDR with
    # a valid RRSIG made by the parent parentsig.lab.'s ZSK (signer parentsig.lab.)
    (N("www.child.parentsig.lab."), A): "a-signed-by-parent-zone",
    # A in island.unsigned.lab. (its own trust anchor) replaced by --data's:
    # FORGED_ADDR with a garbage RRSIG whose signer is the unsigned parent
    # unsigned.lab.; also when it is reached through toisland.alg13.lab. CNAME
    (N("www.island.unsigned.lab."), A): "a-replaced-signer-unsigned-parent",
    (N("toisland.alg13.lab."), A): "a-replaced-signer-unsigned-parent",
}
# Actions that put --data's RRsets (A and RRSIG(A) of an owner) in place of the
# genuine ones, at the question name or at the target of a CNAME in the answer.
DATA_ACTIONS = ("a-signed-by-parent-zone", "a-replaced-signer-unsigned-parent")
DATA = {}   # owner name -> [A RRset, RRSIG RRset], from --data
# Every RRSIG made by this zone's keys removed from every answer to a query
# at or below it (the DS at lab. and its RRSIG by lab. stay).
SIGSTRIP_ZONE = N("sigstripped.lab.")
STRIP_TYPES = {dns.rdatatype.RRSIG, dns.rdatatype.DS, dns.rdatatype.DNSKEY,
               dns.rdatatype.NSEC, dns.rdatatype.NSEC3}

ARGS = None
_loglock = threading.Lock()
LOGF = None


def log(proto, client, q, action, rcode, ms, t):
    """t: wall-clock time the query was received."""
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + f".{int(t * 1000) % 1000:03d}Z"
    if q is not None and q.question:
        qq = q.question[0]
        qname, qtype = qq.name.to_text(), dns.rdatatype.to_text(qq.rdtype)
        fl = [f for f, b in (("rd", dns.flags.RD), ("cd", dns.flags.CD)) if q.flags & b]
        if q.ednsflags & dns.flags.DO:
            fl.append("do")
        flags = ",".join(fl) or "-"
    else:
        qname, qtype, flags = "-", "-", "-"
    line = (f"{stamp}\t{proto}\t{client[0]}#{client[1]}\t{qname}\t{qtype}\t{flags}\t"
            f"{action}\t{rcode}\t{ms}\n")
    with _loglock:
        LOGF.write(line)
        LOGF.flush()


# ------------------------------------------------------------------ upstream

def ask_udp(wire):
    qid = wire[:2]
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        s.bind((ARGS.listen, 0))
        s.connect((ARGS.upstream, 53))
        s.send(wire)
        deadline = time.monotonic() + UPSTREAM_TIMEOUT
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            s.settimeout(left)
            try:
                data = s.recv(65535)
            except socket.timeout:
                return None
            if len(data) >= 12 and data[:2] == qid:
                return data
    finally:
        s.close()


def recv_exact(s, n):
    buf = b""
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return buf


def ask_tcp(wire):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.settimeout(UPSTREAM_TIMEOUT)
        s.bind((ARGS.listen, 0))
        s.connect((ARGS.upstream, 53))
        s.sendall(struct.pack("!H", len(wire)) + wire)
        hdr = recv_exact(s, 2)
        if hdr is None:
            return None
        return recv_exact(s, struct.unpack("!H", hdr)[0])
    except OSError:
        return None
    finally:
        s.close()


# ------------------------------------------------------------------ transforms

def nodata_like(q, rcode, soa_owner, soa_text):
    """A forged negative answer: unsigned SOA, no denial proof."""
    r = dns.message.make_response(q, recursion_available=True)
    if q.edns >= 0 and q.ednsflags & dns.flags.DO:
        r.ednsflags |= dns.flags.DO
    r.set_rcode(rcode)
    soa = dns.rrset.from_text(soa_owner, 300, "IN", "SOA", soa_text)
    r.authority.append(soa)
    return r


def load_data(path):
    """--data: one RR per line, absolute owner names, ';' comments."""
    rrsets = {}
    with open(path) as f:
        for line in f:
            line = line.split(";", 1)[0].strip()
            if not line:
                continue
            owner, ttl, rdclass, rdtype, rdata = line.split(None, 4)
            rd = dns.rdata.from_text(rdclass, rdtype, rdata)
            key = (N(owner), rd.rdtype, rd.covers())
            if key not in rrsets:
                rrsets[key] = dns.rrset.RRset(N(owner), rd.rdclass, rd.rdtype, rd.covers())
                rrsets[key].update_ttl(int(ttl))
            rrsets[key].add(rd)
    data = {}
    for (owner, _, _), rrset in rrsets.items():
        data.setdefault(owner, []).append(rrset)
    return data


def replace_from_data(q, resp):
    """The answer with DATA's A and RRSIG(A) in place of the genuine ones, for
    the question name and for any CNAME target in the answer that DATA has."""
    r = dns.message.from_wire(resp)
    qname = q.question[0].name
    targets = {qname} | {rd.target for rr in r.answer if rr.rdtype == dns.rdatatype.CNAME
                         for rd in rr}
    owners = [o for o in DATA if o in targets]
    r.answer = [rr for rr in r.answer
                if not (rr.name in owners and (rr.rdtype == A or (rr.rdtype == RRSIG
                                                                  and rr.covers == A)))]
    for o in owners:
        r.answer += DATA[o]
    if owners:
        r.set_rcode(dns.rcode.NOERROR)
    return r


def forge(q, resp):
    """Returns (message or None for pass-through, action)."""
    qq = q.question[0]
    qname, qtype = qq.name, qq.rdtype
    action = FORGERIES.get((qname, qtype)) or FORGERIES.get((qname, None))
    if action == "nxdomain-without-proof":
        return nodata_like(q, dns.rcode.NXDOMAIN, "victim.lab.",
                           "ns.victim.lab. hostmaster.victim.lab. 1 3600 900 604800 300"), action
    if action == "ds-removed-nodata-without-proof":
        return nodata_like(q, dns.rcode.NOERROR, "lab.",
                           "ns.lab. hostmaster.lab. 1 3600 900 604800 300"), action
    if resp is None:
        return None, "upstream-timeout"
    if action in DATA_ACTIONS:
        return replace_from_data(q, resp), action
    if action in ("a-replaced-rrsig-kept", "a-replaced-rrsig-removed"):
        r = dns.message.from_wire(resp)
        for rr in r.answer:
            if rr.name == qname and rr.rdtype == A:
                rr.clear()
                rr.add(dns.rdata.from_text("IN", "A", FORGED_ADDR))
        if action == "a-replaced-rrsig-removed":
            r.answer = [rr for rr in r.answer
                        if not (rr.name == qname and rr.rdtype == RRSIG and rr.covers == A)]
        return r, action
    if action == "ds-digest-replaced":
        r = dns.message.from_wire(resp)
        for rr in r.answer:
            if rr.name == qname and rr.rdtype == DS:
                items = list(rr)
                rr.clear()
                for d in items:
                    dig = bytearray(d.digest)
                    dig[-1] ^= 0xFF
                    rr.add(d.replace(digest=bytes(dig)))
        return r, action
    if qname.is_subdomain(SIGSTRIP_ZONE):
        r = dns.message.from_wire(resp)
        removed = 0
        for sec in ("answer", "authority", "additional"):
            kept = []
            for rr in getattr(r, sec):
                if rr.rdtype == RRSIG:
                    sigs = [s for s in rr if s.signer != SIGSTRIP_ZONE]
                    removed += len(rr) - len(sigs)
                    if not sigs:
                        continue
                    if len(sigs) != len(rr):
                        rr.clear()
                        for s in sigs:
                            rr.add(s)
                kept.append(rr)
            setattr(r, sec, kept)
        if removed:
            return r, "zone-rrsigs-removed"
    return None, "pass"


def strip(resp):
    r = dns.message.from_wire(resp)
    for sec in ("answer", "authority", "additional"):
        setattr(r, sec, [rr for rr in getattr(r, sec) if rr.rdtype not in STRIP_TYPES])
    r.flags &= ~dns.flags.AD
    r.ednsflags &= ~dns.flags.DO
    return r


def render(q, r, maxsize):
    try:
        return r.to_wire(max_size=maxsize)
    except dns.exception.TooBig:
        t = dns.message.make_response(q, recursion_available=True)
        t.flags |= dns.flags.TC
        return t.to_wire()


def handle(wire, proto, client):
    """One query in, one answer (bytes) or None out."""
    t0, now = time.monotonic(), time.time()
    try:
        q = dns.message.from_wire(wire)
        if len(q.question) != 1:
            raise dns.exception.FormError("not exactly one question")
    except Exception:
        log(proto, client, None, "bad-query", "-", "-", now)
        return None
    maxsize = 65535 if proto == "tcp" else max(512, q.payload if q.edns >= 0 else 512)
    ask = ask_tcp if proto == "tcp" else ask_udp
    out = None
    action = ARGS.mode
    if ARGS.mode == "strip":
        q2 = dns.message.from_wire(wire)
        q2.ednsflags &= ~dns.flags.DO
        resp = ask(q2.to_wire())
        if resp is not None:
            out = render(q, strip(resp), maxsize)
    elif ARGS.mode == "replay":
        resp = ask(wire)
        action = "pass"
        qq = q.question[0]
        if resp is not None and qq.rdtype == DS and (resp[3] & 0x0F) == dns.rcode.NXDOMAIN:
            # What the stub had cached for the name: the NXDOMAIN of its A
            # question.  Sent as is, with the DS query's ID.
            qa = dns.message.make_query(qq.name, A, want_dnssec=bool(q.ednsflags & dns.flags.DO))
            qa.flags = q.flags
            cached = ask(qa.to_wire())
            if cached is not None and (cached[3] & 0x0F) == dns.rcode.NXDOMAIN:
                out, action = wire[:2] + cached[2:], "nxdomain-replayed-as-a"
            else:
                out = resp
        else:
            out = resp
    elif ARGS.mode == "delay":
        resp = ask(wire)
        if resp is not None:
            time.sleep(ARGS.delay_ms / 1000.0)
            out = resp
    else:  # forge
        qq = q.question[0]
        key = (qq.name, qq.rdtype)
        direct = (FORGERIES.get(key) or FORGERIES.get((qq.name, None))) in (
            "nxdomain-without-proof", "ds-removed-nodata-without-proof")
        resp = None if direct else ask(wire)
        if resp is not None and resp[2] & 0x02:      # TC: let the client come over TCP
            out, action = resp, "pass-truncated"
        else:
            r, action = forge(q, resp)
            out = resp if r is None else render(q, r, maxsize)
    ms = f"{(time.monotonic() - t0) * 1000:.1f}"
    if out is None:
        log(proto, client, q, "upstream-timeout", "-", ms, now)
        r = dns.message.make_response(q, recursion_available=True)
        r.set_rcode(dns.rcode.SERVFAIL)
        return r.to_wire()
    try:
        rc = dns.rcode.to_text(((out[3] & 0x0F)))
    except Exception:
        rc = "-"
    log(proto, client, q, action, rc, ms, now)
    return out


# ------------------------------------------------------------------ servers

def udp_worker(sock, sem, wire, client):
    try:
        out = handle(wire, "udp", client)
        if out is not None:
            sock.sendto(out, client)
    except Exception as e:  # keep serving; report on stderr
        print(f"udp {client}: {e!r}", file=sys.stderr, flush=True)
    finally:
        sem.release()


def udp_loop(sock):
    sem = threading.BoundedSemaphore(MAX_UDP_INFLIGHT)
    while True:
        wire, client = sock.recvfrom(65535)
        if not sem.acquire(blocking=False):
            log("udp", client, None, "drop-busy", "-", "-", time.time())
            continue
        threading.Thread(target=udp_worker, args=(sock, sem, wire, client), daemon=True).start()


def tcp_conn(conn, client, sem):
    try:
        conn.settimeout(TCP_IDLE)
        for _ in range(TCP_MAX_MSGS):
            hdr = recv_exact(conn, 2)
            if hdr is None:
                break
            wire = recv_exact(conn, struct.unpack("!H", hdr)[0])
            if wire is None:
                break
            out = handle(wire, "tcp", client)
            if out is None:
                break
            conn.sendall(struct.pack("!H", len(out)) + out)
    except OSError:
        pass
    except Exception as e:
        print(f"tcp {client}: {e!r}", file=sys.stderr, flush=True)
    finally:
        conn.close()
        sem.release()


def tcp_loop(lsock):
    sem = threading.BoundedSemaphore(MAX_TCP_CONNS)
    while True:
        conn, client = lsock.accept()
        if not sem.acquire(blocking=False):
            log("tcp", client, None, "drop-busy", "-", "-", time.time())
            conn.close()
            continue
        threading.Thread(target=tcp_conn, args=(conn, client, sem), daemon=True).start()


def main():
    global ARGS, LOGF
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mode", choices=("forge", "strip", "delay", "replay"), required=True)
    ap.add_argument("--listen", required=True)
    ap.add_argument("--upstream", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--pidfile", required=True)
    ap.add_argument("--delay-ms", type=float, default=20.0)
    ap.add_argument("--data", help="forge: forged RRsets (run/forgeries.txt)")
    ARGS = ap.parse_args()
    if ARGS.mode == "forge":
        if not ARGS.data:
            sys.exit("proxy.py: --mode forge needs --data FILE (run/forgeries.txt)")
        DATA.update(load_data(ARGS.data))
    if not ARGS.listen.startswith("127.") or not ARGS.upstream.startswith("127."):
        sys.exit("proxy.py: loopback (127.0.0.0/8) addresses only")
    LOGF = open(ARGS.log, "a")
    us = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    us.bind((ARGS.listen, 53))
    ts = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ts.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ts.bind((ARGS.listen, 53))
    ts.listen(64)
    with open(ARGS.pidfile + ".tmp", "w") as f:
        f.write(f"{os.getpid()}\n")
    os.rename(ARGS.pidfile + ".tmp", ARGS.pidfile)
    threading.Thread(target=tcp_loop, args=(ts,), daemon=True).start()
    udp_loop(us)


if __name__ == "__main__":
    main()
