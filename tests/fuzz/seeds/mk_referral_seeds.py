#!/usr/bin/python3
"""Writes seed inputs for tests/fuzz/fuzz_referral.c: one octet (how many
of the question's last labels make the zone the question was sent to),
then an authoritative server's reply.

Recorded: the replies of the lab's NSD servers (tests/lab, up) to the
questions the fallback asks them (no RD, DO, EDNS 1232), down the
delegations of the lab's 2-, 3- and 4-label names: referrals with glue,
DS answers, denials.  Made (dnspython, no lab needed): the shapes the
reader must refuse or trim, which the lab's honest servers never send:
out-of-bailiwick glue, more NS than STUB_ITER_SERVERS_PER_ZONE_MAX, an
upward and a sideways referral, a DS question referred to its own name.

Usage: mk_referral_seeds.py OUTDIR [run/env of a running lab]"""
import hashlib
import os
import sys

import dns.flags
import dns.message
import dns.query
import dns.rrset

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
written = 0


def put(zone_labels, wire):
    global written
    data = bytes([zone_labels]) + wire
    with open(os.path.join(out, hashlib.sha1(data).hexdigest()), 'wb') as f:
        f.write(data)
    written += 1


def query(qname, qtype):
    q = dns.message.make_query(qname, qtype, want_dnssec=True, payload=1232)
    q.flags &= ~dns.flags.RD
    q.flags |= dns.flags.CD
    return q


if len(sys.argv) > 2:
    env = {}
    for line in open(sys.argv[2]):
        if '=' in line:
            k, v = line.rstrip('\n').split('=', 1)
            env[k] = v
    levels = [env['LAB_ROOT_NS'], env['LAB_TLD_NS'], env['LAB_CHILD_NS'], env['LAB_GRANDCHILD_NS']]
    asked = [
        # (name, type, zone labels): each level of each walk
        ('alg13.lab.', 'A', 0), ('alg13.lab.', 'A', 1), ('alg13.lab.', 'DNSKEY', 2),
        ('www.alg13.lab.', 'A', 0), ('www.alg13.lab.', 'A', 1), ('www.alg13.lab.', 'A', 2),
        ('alg13.lab.', 'DS', 1), ('lab.', 'DS', 0), ('lab.', 'DNSKEY', 1), ('.', 'DNSKEY', 0),
        ('www.sub.alg13.lab.', 'A', 0), ('www.sub.alg13.lab.', 'A', 1), ('www.sub.alg13.lab.', 'A', 2),
        ('www.sub.alg13.lab.', 'A', 3), ('sub.alg13.lab.', 'DS', 2), ('www.sub.alg13.lab.', 'AAAA', 2),
        ('nothere.lab.', 'A', 1), ('nothere.alg13.lab.', 'A', 2), ('www.insecure.nsec3.lab.', 'A', 2),
        ('1.80.53.127.in-addr.arpa.', 'PTR', 0), ('1.80.53.127.in-addr.arpa.', 'PTR', 1),
        ('1.80.53.127.in-addr.arpa.', 'PTR', 2),
    ]
    for name, qtype, zl in asked:
        server = levels[min(zl, 3)]
        try:
            r = dns.query.udp(query(name, qtype), server, timeout=2)
        except Exception as e:  # a level that does not serve the name: skip
            print(f"{name} {qtype} @{server}: {e}", file=sys.stderr)
            continue
        put(zl, r.to_wire())


def made(qname, qtype, zone_labels, authority=(), additional=(), answer=()):
    r = dns.message.make_response(query(qname, qtype))
    r.flags &= ~dns.flags.AA
    for sec, rrs in ((r.answer, answer), (r.authority, authority), (r.additional, additional)):
        for owner, ttl, rdtype, *rdatas in rrs:
            sec.append(dns.rrset.from_text(owner, ttl, 'IN', rdtype, *rdatas))
    put(zone_labels, r.to_wire())


made('www.example.com.', 'A', 1,
     authority=[('example.com.', 3600, 'NS', 'ns1.example.com.', 'ns.other.net.')],
     additional=[('ns1.example.com.', 3600, 'A', '192.0.2.1'), ('ns.other.net.', 3600, 'A', '198.51.100.66')])
made('www.example.com.', 'A', 1,
     authority=[('example.com.', 3600, 'NS', *[f'ns{i}.example.com.' for i in range(12)])],
     additional=[(f'ns{i}.example.com.', 3600, 'A', f'192.0.2.{i + 1}') for i in range(12)])
made('www.example.com.', 'A', 2, authority=[('com.', 3600, 'NS', 'a.gtld.com.')],
     additional=[('a.gtld.com.', 3600, 'A', '192.0.2.9')])
made('www.example.com.', 'A', 1, authority=[('example.net.', 3600, 'NS', 'ns.example.net.')],
     additional=[('ns.example.net.', 3600, 'A', '192.0.2.10')])
made('sub.example.com.', 'DS', 2, authority=[('sub.example.com.', 3600, 'NS', 'ns.sub.example.com.')],
     additional=[('ns.sub.example.com.', 3600, 'AAAA', '2001:db8::53')])
made('www.example.com.', 'A', 1, authority=[('example.com.', 3600, 'NS', 'ns.elsewhere.org.')])
print(f"{written} seeds written to {out}")
