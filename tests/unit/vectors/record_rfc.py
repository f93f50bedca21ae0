#!/usr/bin/python3
"""Records what the validator needs for every server row of the RFC vectors'
expect.tsv, as answered by the vectors' own NSD servers, so that the chain
of trust can be unit-tested on real answers without a network.

  cd /copy/of/rfc-vectors && NO_UNBOUND=1 ./up.sh     # NSD on 127.0.4.1-4
  tests/unit/vectors/record_rfc.py /copy/of/rfc-vectors tests/unit/data/rfc-server
  cd /copy/of/rfc-vectors && ./down.sh

Each row becomes ROW.bundle: the answers, each as a 2-octet length and the
message (RFC 1035 §4.2.2 framing), to the queries the validator's plan
makes: the question, DNSKEY of the anchor zone, and DS and DNSKEY of every
name below it down to the name that holds the data.  Queries are sent as the
stub sends them: RD and CD set, EDNS0 payload 1232 with DO, TCP when
truncated.  index.tsv lists the rows with what to expect."""
import csv, os, sys
import dns.flags, dns.message, dns.name, dns.query, dns.rdatatype

vectors, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)

def ask(server, qname, qtype):
    q = dns.message.make_query(qname, qtype, want_dnssec=True, payload=1232)
    q.flags |= dns.flags.RD | dns.flags.CD
    r = dns.query.udp(q, server, timeout=3)
    if r.flags & dns.flags.TC:
        r = dns.query.tcp(q, server, timeout=3)
    return r.to_wire()

def plan(qname, qtype, anchor_zone):
    holder = qname.parent() if qtype == 'DS' else qname
    wants = [(qname, qtype), (anchor_zone, 'DNSKEY')]
    labels = holder.labels
    for l in range(len(anchor_zone.labels) + 1, len(labels) + 1):
        a = dns.name.Name(labels[-l:])
        wants += [(a, 'DS'), (a, 'DNSKEY')]
    seen, res = set(), []
    for w in wants:
        if w not in seen:
            seen.add(w)
            res.append(w)
    return res

rows = []
with open(os.path.join(vectors, 'expect.tsv')) as f:
    for line in f:
        if line.startswith('#') or not line.strip():
            continue
        c = line.rstrip('\n').split('\t')
        if c[7] == '-':
            continue
        rows.append(c)

index = []
for i, c in enumerate(rows, 1):
    qname, qtype, verdict, addrs, at, source, note, server, anchor, rcode = c
    qn = dns.name.from_text(qname)
    anchor_zone = dns.name.from_text('example.')
    bundle = b''
    for name, t in plan(qn, qtype, anchor_zone):
        wire = ask(server, name, t)
        bundle += len(wire).to_bytes(2, 'big') + wire
    fname = f'row{i:02d}.bundle'
    with open(os.path.join(out, fname), 'wb') as f:
        f.write(bundle)
    anchor_msg = anchor.replace('rfc/', '').replace('/', '-').replace('.anchor', '-anchor').replace('.ds', '-ds') + '.msg'
    anchor_msg = anchor_msg.replace('corrupt-', 'corrupt-')
    index.append([fname, qname, qtype, verdict, addrs, at, anchor_msg, rcode, f'{source}: {note}'])

with open(os.path.join(out, 'index.tsv'), 'w') as f:
    f.write('# bundle\tqname\tqtype\tverdict\tanswer\tat\tanchor\trcode\twhat\n')
    for r in index:
        f.write('\t'.join(r) + '\n')
print(f'{len(index)} rows recorded in {out}')
