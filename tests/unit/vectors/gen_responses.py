#!/usr/bin/python3
"""Turn the RFC 4035 / RFC 5155 Appendix B example responses into DNS messages.

Usage: /usr/bin/python3 tests/unit/vectors/gen_responses.py /path/to/rfc-vectors

Needs Debian's python3-dnspython (2.3).  Writes, next to gen.py's output in
tests/unit/data/:

    rfc4035-B.<N>.msg   from rfc/rfc4035/responses/B.<N>.txt
    rfc5155-B.<N>.msg   from rfc/rfc5155/responses/B.<N>.txt

and replaces (or appends) the section between the RESPONSES markers at the
end of tests/unit/data/README.md.  gen.py rewrites README.md from scratch,
so run this script again after gen.py.

Each message: ID 0; the header flags named on the ";; Header:" line (QR, AA,
TC, RD, RA, AD, CD); its RCODE; the question; every record of the Answer,
Authority and Additional sections in the printed order (records of one RRset
together, RRsets in order of first appearance); and, when the Header line
says DO, an OPT RR (version 0, UDP payload 4096 -- the RFCs give none --
DO bit set, no options) at the end of the additional section.  The wire form
is dnspython's Message.to_wire(want_shuffle=False) (records in the printed
order, output reproducible) with its default name compression (owner
names and the RFC 1035 names inside NS/SOA/MX RDATA; never RRSIG signer or
NSEC next names, which dnspython writes uncompressed).

Reading the text:
  - ";; Question" / ";; Answer" / ";; Authority" / ";; Additional" start a
    section; other ";" lines are prose or comments; ";; (empty)" must sit in
    a section without records (checked).
  - Records are zone-file syntax: "(" ... ")" continue a record over lines;
    a line starting with blank space repeats the previous owner (RFC 5155
    B.3 "NS ns2.c.example."); the TTL and class may be omitted: RFC 5155's
    responses print no TTL, and 3600 is used, the TTL of every record of the
    RFC 5155 Appendix A zone (given once on its SOA); the class is IN.
  - Owner names keep their printed case (dns.name.from_text keeps case;
    the round trip compares case-sensitively).
  - Quirk, RFC 5155 B.6: the NSEC3 RRSIG of 0p9mhaveqvm6t7vbl5lop2u3t2rp3tom
    is printed without its "(" but with the ")" (an error in the RFC text).
    It is read as if the "(" ended that line; the fix is applied to exactly
    that line of that file and nowhere else, and any other unbalanced
    parenthesis is an error.

Checks (any failure exits non-zero):
  - dns.message.from_wire(wire) gives the same header, question and, per
    section, the same records (owner, type, TTL, RDATA, compared as text,
    case-sensitively) as the text, and the record counts of the text;
  - every RRSIG of every response validates (dns.dnssec.validate) against
    the RRset it covers in the same section, with the DNSKEY RRset of the
    zone (rfc/<rfc>/example.zone) at the vector time: 20040420000000 for
    RFC 4035, 20100101000000 for RFC 5155; an RRSIG covering nothing is an
    error.  The RRsets left unsigned are listed (referral NS and glue).
"""
import calendar
import hashlib
import os
import re
import sys
import time

import dns.dnssec
import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.rrset
import dns.zone

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(os.path.dirname(HERE), 'data')
README = os.path.join(OUT, 'README.md')
BEGIN = '<!-- BEGIN RESPONSES (tests/unit/vectors/gen_responses.py) -->'
END = '<!-- END RESPONSES -->'

DEFAULT_TTL = 3600
EDNS_PAYLOAD = 4096

# (rfc, appendix section, one line on what the response is).  The lines
# follow the transcription's own heading and prose and the vector set's
# README / expect.tsv.
RESPONSES = [
    ('rfc4035', '1', 'x.w.example MX: positive answer, RRSIG labels 3, signed NS in authority, signed glue'),
    ('rfc4035', '2', 'ml.example A: NXDOMAIN, NSEC b.example->ns1.example covers the name, apex NSEC rules out `*.example`'),
    ('rfc4035', '3', 'ns1.example MX: NODATA, NSEC ns1.example (A RRSIG NSEC) has no MX bit'),
    ('rfc4035', '4', 'mc.a.example MX: referral to the signed zone a.example, signed DS, unsigned NS and glue, no AA'),
    ('rfc4035', '5', 'mc.b.example MX: referral to the unsigned zone b.example, NSEC b.example (no DS bit) proves no DS, no AA'),
    ('rfc4035', '6', 'a.z.w.example MX: wildcard `*.w.example` expanded (RRSIG labels 2), NSEC x.y.w.example->xx.example proves no closer match'),
    ('rfc4035', '7', 'a.z.w.example AAAA: wildcard NODATA, NSEC x.y.w.example (no closer match) + NSEC `*.w.example` (no AAAA)'),
    ('rfc4035', '8', 'example DS sent to the child: NODATA from the apex NSEC (SOA bit set); needs the parent, not in expect.tsv'),
    ('rfc5155', '1', 'a.c.x.w.example A: NXDOMAIN, closest encloser x.w.example, next closer covered by an Opt-Out NSEC3 (expect.tsv: insecure)'),
    ('rfc5155', '2', 'ns1.example MX: NODATA, NSEC3 matching H(ns1.example) has A RRSIG only (secure)'),
    ('rfc5155', '2.1', 'y.w.example A: NODATA at an empty non-terminal, matching NSEC3 with an empty type bitmap (secure)'),
    ('rfc5155', '3', 'mc.c.example MX: referral to the unsigned c.example inside an Opt-Out span, no AA (c.example DS: insecure)'),
    ('rfc5155', '4', 'a.z.w.example MX: wildcard expansion (RRSIG labels 2), next closer z.w.example covered by Opt-Out NSEC3 (insecure)'),
    ('rfc5155', '5', 'a.z.w.example AAAA: wildcard NODATA, closest encloser w.example, Opt-Out next closer, NSEC3 for `*.w.example` (insecure)'),
    ('rfc5155', '6', 'example DS sent to the child: NODATA, NSEC3 of the apex (SOA bit set); needs the parent, not in expect.tsv'),
]

VECTOR_TIME = {'rfc4035': '20040420000000', 'rfc5155': '20100101000000'}

# The one known text problem (see the vector set's README): RFC 5155 B.6.
QUIRKS = {
    ('rfc5155', '6'): (
        '0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example. RRSIG NSEC3 7 2 3600',
        'NSEC3 RRSIG printed without "(" (the ")" is there); read with the "(" added',
    ),
}

HEADER_FLAGS = {
    'QR': dns.flags.QR, 'AA': dns.flags.AA, 'TC': dns.flags.TC,
    'RD': dns.flags.RD, 'RA': dns.flags.RA, 'AD': dns.flags.AD,
    'CD': dns.flags.CD,
}
SECTIONS = ('Question', 'Answer', 'Authority', 'Additional')


class VectorError(Exception):
    pass


def ts(s):
    return calendar.timegm(time.strptime(s, '%Y%m%d%H%M%S'))


def fail(where, msg):
    raise VectorError(f'{where}: {msg}')


def read_vector(path, where, quirk):
    """Returns (flags, do, rcode, question_lines, {section: [record line]},
    quirk_note).  Record lines are logical: parentheses resolved."""
    lines = open(path, encoding='ascii').read().split('\n')
    note = None
    if quirk:
        hits = [i for i, l in enumerate(lines) if l.rstrip() == quirk[0]]
        if len(hits) != 1:
            fail(where, f'quirk line not found exactly once: {quirk[0]!r}')
        lines[hits[0]] = lines[hits[0]].rstrip() + ' ('
        note = quirk[1]

    header = None
    section = None
    raw = {s: [] for s in SECTIONS}     # (line number, text) per section
    empty = set()
    for n, line in enumerate(lines, 1):
        s = line.strip()
        m = re.match(r';; Header:(.*)$', s)
        if m:
            if header is not None:
                fail(where, 'two Header lines')
            header = m.group(1).split()
            continue
        m = re.match(r';; (Question|Answer|Authority|Additional)$', s)
        if m:
            section = m.group(1)
            continue
        if s == ';; (empty)':
            if section is None:
                fail(where, f'line {n}: "(empty)" outside a section')
            empty.add(section)
            continue
        if s.startswith(';') or not s:
            if section:
                raw[section].append((n, ''))
            continue
        if section is None:
            fail(where, f'line {n}: record before any section: {s!r}')
        raw[section].append((n, re.sub(r';.*$', '', line.rstrip())))
    if header is None:
        fail(where, 'no ";; Header:" line')

    flags, do, rcode = 0, False, None
    for tok in header:
        if tok in HEADER_FLAGS:
            flags |= HEADER_FLAGS[tok]
        elif tok == 'DO':
            do = True
        elif tok.startswith('RCODE='):
            rcode = int(tok[6:])
        else:
            fail(where, f'unknown token on the Header line: {tok!r}')
    if rcode is None:
        fail(where, 'no RCODE on the Header line')

    logical = {}
    for sec in SECTIONS:
        out, buf, depth = [], None, 0
        for n, text in raw[sec]:
            if buf is None:
                if not text.strip():
                    continue
                if ')' in text and '(' not in text:
                    fail(where, f'line {n}: ")" without "("')
                buf, start = text, n
            else:
                buf += ' ' + text.strip()
            depth += text.count('(') - text.count(')')
            if depth < 0:
                fail(where, f'line {n}: unbalanced ")"')
            if depth == 0:
                out.append((start, buf))
                buf = None
        if buf is not None:
            fail(where, f'line {start}: "(" never closed in {sec}')
        logical[sec] = out
        if sec in empty and out:
            fail(where, f'{sec} is marked "(empty)" but has records')
    return flags, do, rcode, logical, note


def parse_records(logical_lines, where, owner=None):
    """[(owner text, dns.rrset.RRset)] in order of first appearance, and the
    number of records printed."""
    rrsets = []
    count = 0
    for n, line in logical_lines:
        toks = line.replace('(', ' ').replace(')', ' ').split()
        if not line[0].isspace():
            owner_text = toks.pop(0)
            owner = dns.name.from_text(owner_text)
        elif owner is None:
            fail(where, f'line {n}: no owner')
        ttl = DEFAULT_TTL
        if toks and toks[0].isdigit():
            ttl = int(toks.pop(0))
        if toks and toks[0].upper() == 'IN':
            toks.pop(0)
        if not toks:
            fail(where, f'line {n}: no type')
        rdtype = dns.rdatatype.from_text(toks[0])
        try:
            rd = dns.rdata.from_text(dns.rdataclass.IN, rdtype, ' '.join(toks[1:]))
        except Exception as e:
            fail(where, f'line {n}: {e}')
        covers = rd.covers() if rdtype == dns.rdatatype.RRSIG else dns.rdatatype.NONE
        for rs in rrsets:
            # same owner (case-sensitively: the printed case is kept)
            if (rs.name.to_text() == owner.to_text() and rs.rdtype == rdtype
                    and rs.covers == covers):
                if rs.ttl != ttl:
                    fail(where, f'line {n}: TTL differs within the RRset')
                before = len(rs)
                rs.add(rd, ttl)
                if len(rs) == before:
                    fail(where, f'line {n}: duplicate record')
                break
        else:
            rs = dns.rrset.RRset(owner, dns.rdataclass.IN, rdtype, covers)
            rs.add(rd, ttl)
            rrsets.append(rs)
        count += 1
    return rrsets, count


def rr_lines(rrsets):
    """Every record as (owner text, type, covers, TTL, uncompressed RDATA
    wire), in order: case-sensitive for owners and RDATA names, and blind to
    presentation differences such as 2001:db8:0:0:0:0:f00:baa9 vs
    2001:db8::f00:baa9 (RFC 5155 B.4 prints the long form)."""
    out = []
    for rs in rrsets:
        for rd in rs:
            out.append((rs.name.to_text(), rs.rdtype, rs.covers, rs.ttl,
                        rd.to_wire(origin=None)))
    return out


def zone_keys(path):
    z = dns.zone.from_file(path, origin='example.', relativize=False)
    name = dns.name.from_text('example.')
    keys = z.find_rdataset(name, dns.rdatatype.DNSKEY)
    rs = dns.rrset.RRset(name, dns.rdataclass.IN, dns.rdatatype.DNSKEY)
    rs.update(keys)
    return {name: rs}


def check_sigs(where, msg, keys, now):
    """Validates every RRSIG of every section of msg; returns (number valid,
    list of unsigned RRsets)."""
    nvalid, unsigned = 0, []
    for secname, sec in (('answer', msg.answer), ('authority', msg.authority),
                         ('additional', msg.additional)):
        sigs = [r for r in sec if r.rdtype == dns.rdatatype.RRSIG]
        for rs in sec:
            if rs.rdtype in (dns.rdatatype.RRSIG, dns.rdatatype.OPT):
                continue
            if not any(s.name == rs.name and s.covers == rs.rdtype for s in sigs):
                unsigned.append(f'{secname} {rs.name} {dns.rdatatype.to_text(rs.rdtype)}')
        for sig in sigs:
            data = [r for r in sec if r.name == sig.name and r.rdtype == sig.covers
                    and r.rdtype != dns.rdatatype.RRSIG]
            what = f'{where} {secname} {sig.name} RRSIG {dns.rdatatype.to_text(sig.covers)}'
            if len(data) != 1:
                fail(what, f'covers {len(data)} RRsets in its section (need 1)')
            for rd in sig:
                one = dns.rrset.RRset(sig.name, dns.rdataclass.IN,
                                      dns.rdatatype.RRSIG, sig.covers)
                one.add(rd, sig.ttl)
                try:
                    dns.dnssec.validate(data[0], one, keys, None, now)
                except dns.dnssec.ValidationFailure as e:
                    fail(what, f'tag {rd.key_tag}: does not validate: {e}')
                nvalid += 1
    return nvalid, unsigned


def build(vectors, rfc, sec, what):
    rel = f'rfc/{rfc}/responses/B.{sec}.txt'
    where = rel
    path = os.path.join(vectors, rel)
    flags, do, rcode, logical, note = read_vector(path, where, QUIRKS.get((rfc, sec)))

    qlines = logical['Question']
    if len(qlines) != 1:
        fail(where, f'{len(qlines)} question lines (need 1)')
    qt = qlines[0][1].split()
    if len(qt) != 3 or qt[1].upper() != 'IN':
        fail(where, f'question not "NAME IN TYPE": {qlines[0][1]!r}')
    qname = dns.name.from_text(qt[0])
    qtype = dns.rdatatype.from_text(qt[2])

    msg = dns.message.Message(id=0)
    msg.flags = flags
    msg.set_rcode(rcode)
    msg.question = [dns.rrset.RRset(qname, dns.rdataclass.IN, qtype)]
    counts = {}
    text_sets = {}
    for name, attr in (('Answer', 'answer'), ('Authority', 'authority'),
                       ('Additional', 'additional')):
        rrsets, n = parse_records(logical[name], where)
        setattr(msg, attr, list(rrsets))
        counts[attr] = n
        text_sets[attr] = rrsets
    if do:
        msg.use_edns(edns=0, ednsflags=dns.flags.DO, payload=EDNS_PAYLOAD)
    # Default name compression; want_shuffle=False keeps the printed record
    # order inside each RRset (dnspython shuffles by default, which would make
    # the output differ from run to run).
    wire = msg.to_wire(want_shuffle=False)

    # Round trip.
    back = dns.message.from_wire(wire)
    if back.id != 0 or back.flags & ~0x000f != flags or back.rcode() != rcode:
        fail(where, 'header differs after from_wire')
    if (len(back.question) != 1 or back.question[0].name.to_text() != qname.to_text()
            or back.question[0].rdtype != qtype):
        fail(where, 'question differs after from_wire')
    if do and not (back.edns == 0 and back.ednsflags & dns.flags.DO
                   and back.payload == EDNS_PAYLOAD):
        fail(where, 'OPT differs after from_wire')
    if not do and back.edns >= 0:
        fail(where, 'unexpected OPT after from_wire')
    for attr in ('answer', 'authority', 'additional'):
        got = getattr(back, attr)
        if sum(len(r) for r in got) != counts[attr]:
            fail(where, f'{attr}: {sum(len(r) for r in got)} records on the wire, '
                        f'{counts[attr]} in the text')
        if rr_lines(got) != rr_lines(text_sets[attr]):
            fail(where, f'{attr}: records differ after from_wire:\n'
                        + '\n'.join(r.to_text() for r in got))
    # The header counts as written (the additional count includes the OPT).
    qd, an, ns, ar = (int.from_bytes(wire[i:i + 2], 'big') for i in (4, 6, 8, 10))
    if (qd, an, ns, ar) != (1, counts['answer'], counts['authority'],
                            counts['additional'] + (1 if do else 0)):
        fail(where, f'header counts {qd}/{an}/{ns}/{ar} do not match the text')

    keys = zone_keys(os.path.join(vectors, f'rfc/{rfc}/example.zone'))
    nvalid, unsigned = check_sigs(where, back, keys, ts(VECTOR_TIME[rfc]))

    with open(path, 'rb') as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    return {
        'name': f'{rfc}-B.{sec}.msg', 'rel': rel, 'wire': wire,
        'rcode': dns.rcode.to_text(rcode), 'flags': dns.flags.to_text(flags),
        'do': do, 'q': f'{qname} {dns.rdatatype.to_text(qtype)}',
        'an': counts['answer'], 'ns': counts['authority'],
        'ar': counts['additional'], 'nsig': nvalid, 'unsigned': unsigned,
        'note': note, 'what': what, 'sha': sha, 'time': VECTOR_TIME[rfc],
    }


def readme_section(rows):
    out = [BEGIN, '',
           '## RFC 4035 / RFC 5155 Appendix B responses (gen_responses.py)', '',
           'Regenerate with', '',
           '    /usr/bin/python3 tests/unit/vectors/gen_responses.py /path/to/shared/rfc-vectors',
           '',
           'after gen.py (which rewrites this file from scratch). Each',
           '`rfcNNNN-B.N.msg` is a complete DNS response made from',
           '`rfc/rfcNNNN/responses/B.N.txt`: ID 0, the header flags and RCODE',
           'of its `;; Header:` line, one question, then the Answer, Authority',
           'and Additional records in the printed order (RRsets in order of',
           'first appearance), owner names in their printed case. When the',
           'Header line says DO, an OPT RR ends the additional section: EDNS',
           f'version 0, UDP payload **{EDNS_PAYLOAD}** (our choice: the RFCs give',
           'none), DO set, no options. The wire form is dnspython 2.3',
           '`Message.to_wire(want_shuffle=False)` (records in printed order,',
           'byte-for-byte reproducible) with its default **name compression** (owners',
           'and NS/SOA/MX RDATA names; RRSIG signer and NSEC next names are',
           'never compressed), so these files exercise the parser\'s',
           'decompression. RFC 5155 prints no TTLs in its responses: **3600**',
           'is used, the TTL of its Appendix A zone. Class IN throughout.',
           '',
           'Quirk handled: RFC 5155 B.6 prints the NSEC3 RRSIG of',
           '`0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example.` without its `(` (the',
           '`)` is there). The generator adds the `(` on exactly that line of',
           'that file; any other unbalanced parenthesis stops it. The record',
           'is unchanged otherwise and its signature validates.',
           '',
           'Checked by the generator (it exits non-zero otherwise): the message',
           'read back with `dns.message.from_wire` has the same header,',
           'question, OPT and, per section, the same records (owner text,',
           'type, TTL and uncompressed RDATA octets, so case-sensitive) and',
           'counts as the transcription; and',
           'every RRSIG validates (`dns.dnssec.validate`) over the RRset it',
           'covers in its section, with the DNSKEY RRset of',
           '`rfc/rfcNNNN/example.zone`, at 20040420000000 (RFC 4035) or',
           '20100101000000 (RFC 5155). Unsigned RRsets are only the referral',
           'NS sets and glue (B.4, B.5, 5155 B.3).',
           '',
           'Counts are records: an = answer, ns = authority, ar = additional',
           'without the OPT (the header ARCOUNT is ar + 1 when OPT is "DO").',
           '',
           '| file | source (in rfc-vectors) | flags | OPT | rcode | qd | an | ns | ar | RRSIGs valid | octets | what | sha256 of the source |',
           '|---|---|---|---|---|---|---|---|---|---|---|---|---|']
    for r in rows:
        out.append(f'| `{r["name"]}` | `{r["rel"]}` | {r["flags"]} | '
                   f'{"DO, 4096" if r["do"] else "-"} | {r["rcode"]} | 1 | '
                   f'{r["an"]} | {r["ns"]} | {r["ar"]} | {r["nsig"]} | '
                   f'{len(r["wire"])} | {r["what"]} | `{r["sha"]}` |')
    out += ['', END, '']
    return '\n'.join(out)


def update_readme(section):
    text = open(README, encoding='ascii').read()
    if BEGIN in text:
        if text.count(BEGIN) != 1 or END not in text.split(BEGIN, 1)[1]:
            raise VectorError(f'{README}: damaged RESPONSES markers')
        head, rest = text.split(BEGIN, 1)
        tail = rest.split(END, 1)[1].lstrip('\n')
        text = head.rstrip('\n') + '\n\n' + section + tail
    else:
        text = text.rstrip('\n') + '\n\n' + section
    with open(README, 'w', encoding='ascii') as f:
        f.write(text)


def main():
    if len(sys.argv) != 2:
        sys.exit('usage: gen_responses.py /path/to/rfc-vectors')
    vectors = sys.argv[1]
    rows = []
    try:
        for rfc, sec, what in RESPONSES:
            rows.append(build(vectors, rfc, sec, what))
    except VectorError as e:
        sys.exit(f'gen_responses.py: FAILED: {e}')
    # Only write once everything has been checked.
    for r in rows:
        with open(os.path.join(OUT, r['name']), 'wb') as f:
            f.write(r['wire'])
    update_readme(readme_section(rows))
    total = 0
    for r in rows:
        total += r['nsig']
        print(f'{r["name"]:18} {r["rcode"]:8} an {r["an"]:2} ns {r["ns"]:2} ar {r["ar"]:2}'
              f'{" +OPT" if r["do"] else ""}  {len(r["wire"]):5} octets  '
              f'{r["nsig"]:2} RRSIGs valid at {r["time"]}'
              + (f'  unsigned: {", ".join(r["unsigned"])}' if r['unsigned'] else '')
              + (f'  QUIRK: {r["note"]}' if r['note'] else ''))
    print(f'{len(rows)} responses written, {total} RRSIGs valid, 0 failures')


if __name__ == '__main__':
    main()
