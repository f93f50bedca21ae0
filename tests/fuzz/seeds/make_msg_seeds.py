#!/usr/bin/python3
"""Writes seed inputs for tests/fuzz/fuzz_msg.c: compressed DNS responses
with every RR type the parser knows, made with dnspython.  Deterministic:
re-running gives the same files.  Usage: make_msg_seeds.py OUTDIR"""
import hashlib, os, sys
import dns.message, dns.rrset, dns.flags, dns.rcode, dns.edns

out = sys.argv[1]
os.makedirs(out, exist_ok=True)

def response(qname, qtype, answer=(), authority=(), additional=(), rcode=0, do=True):
    q = dns.message.make_query(qname, qtype, want_dnssec=do, payload=1232)
    q.id = 4660
    r = dns.message.make_response(q)
    r.flags |= dns.flags.RA | dns.flags.CD
    r.set_rcode(rcode)
    for sec, rrs in ((r.answer, answer), (r.authority, authority), (r.additional, additional)):
        for owner, ttl, rdtype, *rdatas in rrs:
            sec.append(dns.rrset.from_text(owner, ttl, 'IN', rdtype, *rdatas))
    return r.to_wire()

sig = ('A 13 3 300 20300101000000 20200101000000 12345 example.com. '
       'aGVsbG8gd29ybGQgdGhpcyBpcyBub3QgYSByZWFsIHNpZ25hdHVyZSBidXQgaXQgaXMgNjQgYnl0ZXMgbG9uZyEhISEh')
seeds = {
    'a-with-rrsig': response('www.example.com.', 'A', answer=[
        ('www.example.com.', 300, 'A', '192.0.2.1', '192.0.2.2'),
        ('www.example.com.', 300, 'RRSIG', sig)]),
    'aaaa': response('www.example.com.', 'AAAA', answer=[('www.example.com.', 300, 'AAAA', '2001:db8::1')]),
    'cname-chain': response('a.example.com.', 'A', answer=[
        ('a.example.com.', 60, 'CNAME', 'b.example.net.'),
        ('b.example.net.', 60, 'DNAME', 'c.example.org.'),
        ('b.example.net.', 60, 'A', '192.0.2.7')]),
    'nxdomain-nsec': response('nx.example.com.', 'A', rcode=dns.rcode.NXDOMAIN, authority=[
        ('example.com.', 3600, 'SOA', 'ns.example.com. hostmaster.example.com. 1 7200 3600 1209600 3600'),
        ('example.com.', 3600, 'NSEC', 'a.example.com. NS SOA RRSIG NSEC DNSKEY TYPE65534'),
        ('mm.example.com.', 3600, 'NSEC', 'zz.example.com. A MX RRSIG NSEC')]),
    'nodata-nsec3': response('x.example.com.', 'MX', authority=[
        ('example.com.', 3600, 'SOA', 'ns.example.com. hostmaster.example.com. 1 7200 3600 1209600 3600'),
        ('0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example.com.', 3600, 'NSEC3',
         '1 1 12 aabbccdd 2t7b4g4vsa5smi47k61mv5bv1a22bojr A RRSIG'),
        ('example.com.', 3600, 'NSEC3PARAM', '1 0 0 -')]),
    'dnskey-ds': response('example.com.', 'DNSKEY', answer=[
        ('example.com.', 3600, 'DNSKEY',
         '257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ=='),
        ('example.com.', 3600, 'DS', '55648 13 2 b4c8c1fe2e7477127b27115656ad6256f424625bf5c1e2770ce6d6e37df61d17')]),
    'misc-types': response('m.example.com.', 'ANY', answer=[
        ('m.example.com.', 60, 'MX', '10 mail.example.com.'),
        ('m.example.com.', 60, 'TXT', '"hello" "world"'),
        ('m.example.com.', 60, 'SRV', '0 5 443 m.example.com.'),
        ('m.example.com.', 60, 'NAPTR', '100 10 "s" "SIP+D2U" "" _sip._udp.example.com.'),
        ('m.example.com.', 60, 'HINFO', '"cpu" "os"'),
        ('m.example.com.', 60, 'RP', 'admin.example.com. txt.example.com.'),
        ('m.example.com.', 60, 'PTR', 'p.example.com.'),
        ('m.example.com.', 60, 'CAA', '0 issue "ca.example"'),
        ('m.example.com.', 60, 'TYPE65280', '\\# 3 010203')]),
    'referral': response('www.sub.example.com.', 'A', authority=[
        ('sub.example.com.', 3600, 'NS', 'ns1.sub.example.com.'),
        ('sub.example.com.', 3600, 'DS', '12345 8 2 ' + '00' * 32)],
        additional=[('ns1.sub.example.com.', 3600, 'A', '192.0.2.53')]),
    'no-opt': response('www.example.com.', 'A', answer=[('www.example.com.', 1, 'A', '127.0.0.1')], do=False),
}
for name, wire in seeds.items():
    with open(os.path.join(out, name), 'wb') as f:
        f.write(wire)
print(f"{len(seeds)} seeds written to {out}")
