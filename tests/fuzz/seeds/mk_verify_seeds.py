#!/usr/bin/python3
"""Seed inputs for tests/fuzz/fuzz_verify.c: every RRSIG of the recorded
RFC vectors in tests/unit/data/*.msg whose DNSKEY is also there (algorithms
5, 7, 8, 10, 13, 14, 15, 16), as (algorithm, flags, key, signed data,
signature) followed by a DS for that key (the vectors' own when there is
one, else a SHA-256 one made here); and every DS of the vectors with its
key and no signature.  See fuzz_verify.c for the layout.
Deterministic; needs python3-dnspython.
Usage: mk_verify_seeds.py OUTDIR  (run from the repository root)"""
import glob, hashlib, io, os, struct, sys
import dns.dnssec, dns.message, dns.rdatatype

out = sys.argv[1]
os.makedirs(out, exist_ok=True)

msgs = {}
for path in sorted(glob.glob('tests/unit/data/*.msg')):
    if 'corrupt' in path:
        continue
    with open(path, 'rb') as f:
        msgs[path] = dns.message.from_wire(f.read())

keys, dss = {}, {}
for m in msgs.values():
    for section in (m.answer, m.authority, m.additional):
        for rrset in section:
            for rd in rrset:
                if rd.rdtype == dns.rdatatype.DNSKEY:
                    keys.setdefault((rrset.name, dns.dnssec.key_id(rd), rd.algorithm), rd)
                elif rd.rdtype == dns.rdatatype.DS:
                    dss.setdefault((rrset.name, rd.key_tag, rd.algorithm), rd)

def field(b):
    return struct.pack('!H', len(b)) + b

seeds = {}
for path, m in msgs.items():
    for section in (m.answer, m.authority, m.additional):
        for sigset in section:
            if sigset.rdtype != dns.rdatatype.RRSIG:
                continue
            for sig in sigset:
                key = keys.get((sig.signer, sig.key_tag, sig.algorithm))
                covered = [s for s in section if s.name == sigset.name and s.rdtype == sig.type_covered]
                if key is None or not covered:
                    continue
                data = dns.dnssec._make_rrsig_signature_data(covered[0], sig)
                ds = dss.get((sig.signer, sig.key_tag, sig.algorithm))
                if ds is None:
                    ds = dns.dnssec.make_ds(sig.signer, key, 'SHA256')
                buf = io.BytesIO()
                ds.to_wire(buf, None, None, False)
                seed = (struct.pack('!BH', key.algorithm, key.flags) + field(key.key) + field(data) +
                        field(sig.signature) + sig.signer.to_wire() + buf.getvalue())
                # one per algorithm and covered type keeps the set small
                seeds.setdefault((key.algorithm, sig.type_covered, len(covered[0]) > 1), seed)

# The DS vectors (RFC 4034 §5.4 SHA-1, RFC 4509 §2.3 SHA-256, RFC 6605 SHA-256
# and SHA-384) with their key and no signature.
for (owner, tag, alg), ds in sorted(dss.items(), key=lambda kv: (str(kv[0][0]), kv[0][1], kv[0][2])):
    key = keys.get((owner, tag, alg))
    if key is None:
        continue
    buf = io.BytesIO()
    ds.to_wire(buf, None, None, False)
    seeds.setdefault(('ds', owner, tag, ds.digest_type),
                     struct.pack('!BH', alg, key.flags) + field(key.key) + field(b'') + field(b'') +
                     owner.to_wire() + buf.getvalue())

for seed in seeds.values():
    with open(os.path.join(out, hashlib.sha1(seed).hexdigest()), 'wb') as f:
        f.write(seed)
print(f'{len(seeds)} seeds written to {out}')
