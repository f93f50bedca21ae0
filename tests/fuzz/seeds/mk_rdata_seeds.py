#!/usr/bin/python3
"""Seed inputs for tests/fuzz/fuzz_rdata.c: every distinct (type, RDATA) of
the recorded messages in tests/unit/data/ (RFC vectors, attack cases,
rfc-server bundles), plus a few types the vectors lack.  An input is the
type (2 octets, big-endian) and the RDATA, uncompressed, case kept.
Deterministic; needs python3-dnspython.
Usage: mk_rdata_seeds.py OUTDIR  (run from the repository root)"""
import glob, hashlib, io, os, struct, sys
import dns.message, dns.rdata, dns.rdataclass, dns.rdatatype

out = sys.argv[1]
os.makedirs(out, exist_ok=True)

def messages():
    for path in sorted(glob.glob('tests/unit/data/**/*.msg', recursive=True)):
        with open(path, 'rb') as f:
            yield f.read()
    for path in sorted(glob.glob('tests/unit/data/rfc-server/*.bundle')):
        with open(path, 'rb') as f:
            b = f.read()
        o = 0
        while o + 2 <= len(b):
            n = b[o] << 8 | b[o + 1]
            yield b[o + 2:o + 2 + n]
            o += 2 + n

seen = {}
for wire in messages():
    try:
        m = dns.message.from_wire(wire)
    except Exception:
        continue
    for section in (m.answer, m.authority, m.additional):
        for rrset in section:
            for rd in rrset:
                buf = io.BytesIO()
                rd.to_wire(buf, None, None, False)
                seed = struct.pack('!H', rd.rdtype) + buf.getvalue()
                # one seed per (type, length class) keeps the set small
                key = (rd.rdtype, len(seed) // 16)
                seen.setdefault(key, seed)

# MINFO (14) in RFC 3597 form: dnspython 2.3 has no MINFO class.
extra = [('MX', '10 Mail.Example.COM.'), ('SOA', 'NS.example. Host.Master.example. 1 2 3 4 5'),
         ('TXT', '"a" "" "bc"'), ('HINFO', '"CPU" "OS"'), ('SRV', '0 5 443 Srv.Example.'),
         ('NAPTR', '100 10 "s" "SIP+D2U" "" _sip._udp.Example.'), ('CNAME', 'Target.Example.'),
         ('DNAME', 'Other.Example.'), ('PTR', 'P.Example.'), ('RP', 'A.Example. T.Example.'),
         ('NSEC3PARAM', '1 0 10 aabbccdd'), ('KX', '1 Kx.Example.'), ('AFSDB', '1 Afs.Example.'),
         ('TYPE14', r'\# 6 015200014500'), ('PX', '1 A.Example. B.Example.'), ('RT', '1 Rt.Example.'),
         ('NSEC', 'Next.Example. A NS SOA MX RRSIG NSEC DNSKEY TYPE1234 TYPE65534'),
         ('AAAA', '2001:db8::1'), ('A', '192.0.2.1')]
for t, text in extra:
    rd = dns.rdata.from_text(dns.rdataclass.IN, dns.rdatatype.from_text(t), text)
    buf = io.BytesIO()
    rd.to_wire(buf, None, None, False)
    seen.setdefault((rd.rdtype, 'extra'), struct.pack('!H', rd.rdtype) + buf.getvalue())

for seed in seen.values():
    with open(os.path.join(out, hashlib.sha1(seed).hexdigest()), 'wb') as f:
        f.write(seed)
print(f'{len(seen)} seeds written to {out}')
