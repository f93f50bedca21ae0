#!/usr/bin/python3
"""Seed inputs for tests/fuzz/fuzz_validate.c from the recorded bundles of
tests/unit/data/rfc-server/ (index.tsv says which anchor and time each row
validates with).  An input is one selector octet (bits 0-2: the anchor set
of fuzz_validate.c, bits 3-4: its time) and then the bundle unchanged (a
2-octet length and a message, repeated).  Deterministic; standard library
only.  Usage: mk_validate_seeds.py OUTDIR  (run from the repository root)"""
import os, sys

DATA = 'tests/unit/data/rfc-server'
# fuzz_validate.c anchor_sets[] and times[]: keep in step.
ANCHORS = {
    'rfc4035-example-anchor.msg': 0, 'rfc5155-example-anchor.msg': 1,
    'rfc4035-example-ds.msg': 2, 'rfc5155-example-ds.msg': 3,
    'corrupt-rfc4035-wrong-digest-ds.msg': 4, 'corrupt-rfc5155-wrong-digest-ds.msg': 5,
}
TIMES = {'20040420000000': 0, '20100101000000': 1, '20040401000000': 2, '20200101000000': 3,
         '20160101000000': 3}  # both after every expiration of their zone

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
n = 0
with open(os.path.join(DATA, 'index.tsv')) as index:
    for line in index:
        if line.startswith('#'):
            continue
        bundle, qname, qtype, verdict, answer, at, anchor, *_ = line.rstrip('\n').split('\t')
        with open(os.path.join(DATA, bundle), 'rb') as f:
            wire = f.read()
        selector = ANCHORS[anchor] | TIMES[at] << 3
        name = bundle.replace('.bundle', '')
        with open(os.path.join(out, f'{name}-{qname.rstrip(".")}-{qtype}-{verdict}'), 'wb') as f:
            f.write(bytes([selector]) + wire)
        n += 1
print(f'{n} seeds written to {out}')
