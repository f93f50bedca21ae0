#!/usr/bin/python3
"""Turn the RFC DNSSEC vectors into recorded DNS messages for the unit tests.

Usage: python3 tests/unit/vectors/gen.py /path/to/shared/rfc-vectors

Run from the repository root (or anywhere: the output goes next to this
script, in ../data/).  Needs Debian's python3-dnspython (2.3).

Each vector file becomes tests/unit/data/NAME.msg: a 12-octet header
(ID 0, QR=1, QDCOUNT 0, ANCOUNT = number of records, no other sections)
followed by every record of the file in the answer section, in uncompressed
wire form, owner names and RDATA names exactly as written (case kept).
RRsets keep the order of their first appearance in the file; dnspython
merges records of the same owner, type and class, and drops exact
duplicates (there are none in these files).

The RFC 8080 "*-asprinted.txt" files are skipped: their RRSIGs do not parse
(no algorithm and labels fields, unbalanced parentheses; erratum 4935).
The corrected records are in rfc/errata/ and are converted.
"""
import hashlib
import io
import os
import struct
import sys

import dns.name
import dns.rdataclass
import dns.zonefile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(os.path.dirname(HERE), 'data')

# (source path relative to the vectors folder, output name without .msg)
SOURCES = [
    ('rfc/algorithms/rfc4034-5.4-ds-sha1.txt', 'rfc4034-5.4-ds-sha1'),
    ('rfc/algorithms/rfc4509-2.3-ds-sha256.txt', 'rfc4509-2.3-ds-sha256'),
    ('rfc/algorithms/rfc5702-6.1.txt', 'rfc5702-6.1'),
    ('rfc/algorithms/rfc5702-6.2.txt', 'rfc5702-6.2'),
    ('rfc/algorithms/rfc6605-6.1.txt', 'rfc6605-6.1'),
    ('rfc/algorithms/rfc6605-6.2.txt', 'rfc6605-6.2'),
    ('rfc/errata/rfc8080-6.1-1-eid4935.txt', 'rfc8080-6.1-1-eid4935'),
    ('rfc/errata/rfc8080-6.1-2-eid4935.txt', 'rfc8080-6.1-2-eid4935'),
    ('rfc/errata/rfc8080-6.2-1-eid4935.txt', 'rfc8080-6.2-1-eid4935'),
    ('rfc/errata/rfc8080-6.2-2-eid4935.txt', 'rfc8080-6.2-2-eid4935'),
    ('corrupt/rfc6605-6.1-flipped-sig.txt', 'corrupt-rfc6605-6.1-flipped-sig'),
    ('corrupt/rfc4509-2.3-wrong-digest.txt', 'corrupt-rfc4509-2.3-wrong-digest'),
    ('rfc/rfc4035/example.zone', 'rfc4035-example-zone'),
    ('rfc/rfc5155/example.zone', 'rfc5155-example-zone'),
    ('corrupt/rfc4035-flipped-sig.zone', 'corrupt-rfc4035-flipped-sig-zone'),
    ('corrupt/rfc5155-flipped-sig.zone', 'corrupt-rfc5155-flipped-sig-zone'),
    ('rfc/rfc4035/example.anchor', 'rfc4035-example-anchor'),
    ('rfc/rfc5155/example.anchor', 'rfc5155-example-anchor'),
    ('rfc/rfc4035/example.ds', 'rfc4035-example-ds'),
    ('rfc/rfc5155/example.ds', 'rfc5155-example-ds'),
    ('corrupt/rfc4035-wrong-digest.ds', 'corrupt-rfc4035-wrong-digest-ds'),
    ('corrupt/rfc5155-wrong-digest.ds', 'corrupt-rfc5155-wrong-digest-ds'),
]
SKIPPED = [
    'rfc/algorithms/rfc8080-6.1-1-asprinted.txt',
    'rfc/algorithms/rfc8080-6.1-2-asprinted.txt',
    'rfc/algorithms/rfc8080-6.2-1-asprinted.txt',
    'rfc/algorithms/rfc8080-6.2-2-asprinted.txt',
]


def record_text(path):
    """The zone-file lines of a vector file: the private key block of the
    algorithm examples (from 'Private-key-format' to the first blank line)
    is not zone-file data and is dropped."""
    out, skip = [], False
    with open(path, encoding='ascii') as f:
        for line in f:
            if line.startswith('Private-key-format'):
                skip = True
            if skip and not line.strip():
                skip = False
            if not skip:
                out.append(line)
    return ''.join(out)


def message(rrsets):
    """Header (QR=1, QDCOUNT 0) + every record in the answer section."""
    body = bytearray()
    count = 0
    for rrset in rrsets:
        buf = io.BytesIO()
        count += rrset.to_wire(buf, compress=None, origin=None)
        body += buf.getvalue()
    if count > 0xffff:
        raise ValueError('too many records')
    header = struct.pack('!HHHHHH', 0, 0x8000, 0, count, 0, 0)
    msg = bytes(header) + bytes(body)
    if len(msg) > 65535:
        raise ValueError('message longer than 65535 octets')
    return msg, count


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__.split('\n\n')[1])
    vectors = sys.argv[1]
    os.makedirs(OUT, exist_ok=True)
    rows = []
    for rel, name in SOURCES:
        src = os.path.join(vectors, rel)
        with open(src, 'rb') as f:
            sha = hashlib.sha256(f.read()).hexdigest()
        # The RFC 5155 zone gives TTL and class once, on the SOA; the
        # reader carries the last TTL forward (RFC 1035 §5.1).
        # dnspython insists that an SOA sits at the origin; every name in
        # the files is absolute, so the origin changes nothing else.
        origin = dns.name.from_text('example.' if rel.endswith('.zone') else '.')
        rrsets = dns.zonefile.read_rrsets(record_text(src), origin=origin, rdclass=None,
                                          relativize=False,
                                          default_rdclass=dns.rdataclass.IN)
        msg, count = message(rrsets)
        with open(os.path.join(OUT, name + '.msg'), 'wb') as f:
            f.write(msg)
        rows.append((name, rel, count, len(msg), sha))
        print(f'{name}.msg\t{count} records\t{len(msg)} octets\t<- {rel}')

    with open(os.path.join(OUT, 'README.md'), 'w', encoding='ascii') as f:
        f.write('# Recorded DNS messages made from the RFC vectors\n\n'
                'Generated files: do not edit. Regenerate with\n\n'
                '    python3 tests/unit/vectors/gen.py /path/to/shared/rfc-vectors\n\n'
                '(Debian 12: `/usr/bin/python3` with python3-dnspython 2.3). The\n'
                'vectors are the `rfc-vectors` set described in its README.md:\n'
                'RFC text transcribed as printed, RFC 8080 with erratum 4935, and\n'
                'the `corrupt/` copies and `*.ds` anchors, which are NOT RFC data\n'
                '(made by the vector set\'s authors, each file says what changed).\n\n'
                'Each `NAME.msg` is a DNS message: a 12-octet header (ID 0, QR=1,\n'
                'QDCOUNT 0, ANCOUNT = records) and then every record of the source\n'
                'file in the answer section, uncompressed, names as written. Private\n'
                'key blocks of the algorithm examples are not zone data and are left\n'
                'out. The tests read these files; they need neither python nor the\n'
                'vector folder at run time.\n\n'
                '| file | source (in rfc-vectors) | records | octets | sha256 of the source |\n'
                '|---|---|---|---|---|\n')
        for name, rel, count, size, sha in rows:
            f.write(f'| `{name}.msg` | `{rel}` | {count} | {size} | `{sha}` |\n')
        f.write('\nNot converted: ' + ', '.join(f'`{s}`' for s in SKIPPED) +
                ' (RFC 8080 as printed: the RRSIGs do not parse, erratum 4935;\n'
                'expect.tsv requires them to be rejected, which a parser does\n'
                'before any message exists).\n')


if __name__ == '__main__':
    main()
