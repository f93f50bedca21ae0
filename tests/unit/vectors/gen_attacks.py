#!/usr/bin/python3
"""Signed zones and responses for the denial-of-existence tests.

Usage: /usr/bin/python3 tests/unit/vectors/gen_attacks.py [--check]

Needs Debian's python3-dnspython (2.3) and python3-cryptography.  Writes
tests/unit/data/attack/:

    <zone>-dnskey.msg   the DNSKEY RRset of <zone> with its RRSIGs
    <case>.msg          one response per case of CASES below
    README.md           the table of cases, verdicts and EDE codes

With --check nothing is written: the script exits non-zero when a file
on disk differs from what it would write (the fixtures are reproducible
byte for byte).

Everything is deterministic: Ed25519 keys (RFC 8080) come from fixed seeds
(SHA-256 of "nss-dnssec attack <zone> <role>"), Ed25519 signatures have no
random nonce, every RRSIG has the same validity window (INCEPTION ..
EXPIRATION) unless a case says otherwise, and the messages are written with
dnspython's Message.to_wire(want_shuffle=False) (records in the order
given here, default name compression).  The tests run at NOW.

Each zone has a KSK (257), which signs the DNSKEY RRset, and a ZSK (256),
which signs everything else; nsec.test. also carries a revoked ZSK (384)
and a key without the Zone Key bit (0) for the cases that sign with them.
Zones are small and built here (not by a signer): NSEC chains over the
authoritative names and delegation points; NSEC3 chains (RFC 5155 §7.1)
over those plus the empty non-terminals, unsigned delegations left out
when the zone uses opt-out.

Responses look like a recursive resolver's answer to a stub that sent RD,
CD and DO: ID 0, QR RD RA CD, one question, the RCODE, the answer and
authority sections with their RRSIGs, and an OPT RR (payload 1232, DO).

Checks (any failure exits non-zero): every RRSIG the script makes
validates with dns.dnssec.validate_rrsig inside its own window, except the
ones a case breaks on purpose; every message reads back with
dns.message.from_wire and writes again to the same octets.
"""
import base64
import calendar
import hashlib
import os
import sys

import dns.dnssec
import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdata
import dns.rdataclass
import dns.rdataset
import dns.rdatatype
import dns.rrset
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(os.path.dirname(HERE), 'data', 'attack')

IN = dns.rdataclass.IN
T = dns.rdatatype
TTL = 3600
EDNS_PAYLOAD = 1232
ED25519 = dns.dnssec.Algorithm.ED25519


def ts(s):
    """UTC YYYYmmddHHMMSS as seconds since the epoch."""
    return calendar.timegm((int(s[0:4]), int(s[4:6]), int(s[6:8]),
                            int(s[8:10]), int(s[10:12]), int(s[12:14])))


NOW = '20260101000000'
INCEPTION, EXPIRATION = '20250101000000', '20350101000000'
EXPIRED = ('20240101000000', '20250101000000')
NOT_YET = ('20270101000000', '20370101000000')


def name(text):
    return dns.name.from_text(text)


# ---------------------------------------------------------------------
# Keys and signatures

class Key:
    def __init__(self, zone, role, flags):
        seed = hashlib.sha256(('nss-dnssec attack %s %s' % (zone, role)).encode()).digest()
        self.priv = Ed25519PrivateKey.from_private_bytes(seed)
        self.dnskey = dns.dnssec.make_dnskey(self.priv.public_key(), ED25519, flags)
        self.tag = dns.dnssec.key_id(self.dnskey)
        self.flags = flags
        self.role = role


KEYSETS = {}  # zone name -> DNSKEY rdataset, filled by Zone.build


class Signed:
    """An RRset and the RRSIG RRset over it (None when unsigned)."""

    def __init__(self, rrset, sigs):
        self.rrset = rrset
        self.sigs = sigs

    def at(self, owner, forged=False):
        """The same records and RRSIGs under another owner: a wildcard
        expansion (RFC 4035 §5.3.2), checked to validate, or a forged
        rename."""
        owner = name(owner) if isinstance(owner, str) else owner
        rrset = dns.rrset.RRset(owner, IN, self.rrset.rdtype)
        rrset.update(self.rrset)
        sigs = None
        if self.sigs is not None:
            sigs = dns.rrset.RRset(owner, IN, T.RRSIG, self.rrset.rdtype)
            sigs.update(self.sigs)
            for s in sigs if not forged else ():
                dns.dnssec.validate_rrsig(rrset, s, KEYSETS, now=s.inception + 86400)
        return Signed(rrset, sigs)

    def broken(self):
        """The last octet of every signature flipped."""
        sigs = dns.rrset.RRset(self.sigs.name, IN, T.RRSIG, self.rrset.rdtype)
        sigs.ttl = self.sigs.ttl
        for s in self.sigs:
            sigs.add(s.replace(signature=s.signature[:-1] + bytes([s.signature[-1] ^ 1])))
        return Signed(self.rrset, sigs)


def sign(rrset, key, signer, window=(INCEPTION, EXPIRATION)):
    # dns.dnssec.sign (2.3) counts the "*" of a wildcard owner in the labels
    # field; RFC 4034 §3.1.3 does not.  So the RRSIG is made here, with
    # dnspython's own signed-data builder.
    labels = len(rrset.name) - 1 - (1 if rrset.name.is_wild() else 0)
    rrsig = dns.rdata.from_text(IN, T.RRSIG, '%s %d %d %d %d %d %d %s AA==' % (
        T.to_text(rrset.rdtype), ED25519, labels, rrset.ttl, ts(window[1]), ts(window[0]),
        key.tag, signer.to_text()))
    data = dns.dnssec._make_rrsig_signature_data(rrset, rrsig)
    rrsig = rrsig.replace(signature=key.priv.sign(data))
    # Checked at a time inside the window, with only this key.
    keyset = dns.rdataset.from_rdata(TTL, key.dnskey)
    dns.dnssec.validate_rrsig(rrset, rrsig, {signer: keyset}, now=ts(window[0]) + 86400)
    sigs = dns.rrset.RRset(rrset.name, IN, T.RRSIG, rrset.rdtype)
    sigs.add(rrsig, TTL)
    return Signed(rrset, sigs)


# ---------------------------------------------------------------------
# Zones

def nsec3_hash(owner, salt, iterations):
    return dns.dnssec.nsec3_hash(owner, salt, iterations, 1).lower()


class Zone:
    """A small zone: data given with add(), then build() signs it and makes
    its NSEC or NSEC3 chain (or chains: nsec3 is a list of (salt hex,
    iterations))."""

    def __init__(self, origin, nsec3=None, optout=False, extra_keys=False):
        self.origin = name(origin)
        self.text = origin
        self.nsec3 = nsec3 or []
        self.optout = optout
        self.ksk = Key(origin, 'ksk', 257)
        self.zsk = Key(origin, 'zsk', 256)
        self.keys = [self.ksk, self.zsk]
        if extra_keys:
            self.revoked = Key(origin, 'revoked zsk', 256 | 128)
            self.nozone = Key(origin, 'no zone bit', 0)
            self.keys += [self.revoked, self.nozone]
        self.data = {}  # name -> {rdtype: [rdata text]}, in order of adding
        self.add('@', 'SOA', 'ns.%s hostmaster.%s 2025010101 3600 900 604800 300' % (origin, origin))
        self.add('@', 'NS', 'ns.' + origin)

    def abs(self, rel):
        return self.origin if rel == '@' else dns.name.from_text(rel, self.origin)

    def add(self, rel, rdtype, *texts):
        self.data.setdefault(self.abs(rel), {}).setdefault(T.from_text(rdtype), []).extend(texts)

    def rrset(self, owner, rdtype, texts):
        rrset = dns.rrset.RRset(owner, IN, rdtype)
        for t in texts:
            rrset.add(dns.rdata.from_text(IN, rdtype, t, origin=self.origin, relativize=False), TTL)
        return rrset

    def ds_of(self, child):
        return dns.dnssec.make_ds(child.origin, child.ksk.dnskey, 'SHA256').to_text()

    def build(self):
        o = self.origin
        cuts = [n for n, d in self.data.items() if n != o and T.NS in d]
        below = lambda n: any(n != c and n.is_subdomain(c) for c in cuts)
        self.signed = {}
        keyset = dns.rrset.RRset(o, IN, T.DNSKEY)
        for k in self.keys:
            keyset.add(k.dnskey, TTL)
        self.dnskey = sign(keyset, self.ksk, o)
        KEYSETS[o] = keyset
        self.signed[(o, T.DNSKEY)] = self.dnskey
        for n, types in self.data.items():
            for rdtype, texts in types.items():
                rrset = self.rrset(n, rdtype, texts)
                unsigned = below(n) or (n in cuts and rdtype == T.NS)
                self.signed[(n, rdtype)] = Signed(rrset, None) if unsigned else sign(rrset, self.zsk, o)
        # Names in the chain: authoritative names and delegation points.
        names = sorted(n for n in self.data if not below(n))
        types_at = {n: set(self.data[n]) for n in names}
        types_at[o].add(T.DNSKEY)
        if not self.nsec3:
            self.nsec = {}
            for i, n in enumerate(names):
                nxt = names[(i + 1) % len(names)]
                ts_ = types_at[n] | {T.RRSIG, T.NSEC}
                text = '%s %s' % (nxt.to_text(), ' '.join(sorted(T.to_text(t) for t in ts_)))
                self.nsec[n] = sign(self.rrset(n, T.NSEC, [text]), self.zsk, o)
            return self
        # NSEC3 (RFC 5155 §7.1): with opt-out, unsigned delegations are out.
        if self.optout:
            names = [n for n in names if not (n in cuts and T.DS not in types_at[n])]
        chain_names = set(names)
        for n in names:
            p = n
            while p != o:
                p = p.parent()
                chain_names.add(p)  # empty non-terminals
        salt0, iter0 = self.nsec3[0]
        self.add('@', 'NSEC3PARAM', '1 0 %d %s' % (iter0, salt0 or '-'))
        params = self.rrset(o, T.NSEC3PARAM, self.data[o][T.NSEC3PARAM])
        self.signed[(o, T.NSEC3PARAM)] = sign(params, self.zsk, o)
        types_at[o].add(T.NSEC3PARAM)
        self.chains = []
        for salt, iterations in self.nsec3:
            hashed = sorted((nsec3_hash(n, salt, iterations), n) for n in chain_names)
            chain = {}
            for i, (h, n) in enumerate(hashed):
                nxt = hashed[(i + 1) % len(hashed)][0]
                ts_ = set(types_at.get(n, ()))
                if ts_ and not (n in cuts and T.DS not in ts_):
                    ts_.add(T.RRSIG)
                text = '1 %d %d %s %s %s' % (1 if self.optout else 0, iterations, salt or '-', nxt,
                                             ' '.join(sorted(T.to_text(t) for t in ts_)))
                owner = dns.name.from_text(h, o)
                chain[n] = (h, sign(self.rrset(owner, T.NSEC3, [text]), self.zsk, o))
            self.chains.append(chain)
        return self

    # Lookups for building responses -------------------------------------

    def rr(self, rel, rdtype):
        return self.signed[(self.abs(rel), T.from_text(rdtype))]

    def soa(self):
        return self.rr('@', 'SOA')

    def nsec_at(self, rel):
        return self.nsec[self.abs(rel)]

    def nsec_covering(self, qname):
        q = name(qname)
        names = sorted(self.nsec)
        before = [n for n in names if n < q]
        return self.nsec[before[-1] if before else names[-1]]

    def nsec3_at(self, qname, chain=0):
        return self.chains[chain][name(qname)][1]

    def nsec3_covering(self, qname, chain=0):
        salt, iterations = self.nsec3[chain]
        h = nsec3_hash(qname, salt, iterations)
        hashes = sorted(self.chains[chain].values(), key=lambda x: x[0])
        assert h not in [x[0] for x in hashes], qname + ' exists'
        before = [x for x in hashes if x[0] < h]
        return (before[-1] if before else hashes[-1])[1]

    def nsec3_all(self, chain=0):
        return [s for h, s in sorted(self.chains[chain].values(), key=lambda x: x[0])]


# ---------------------------------------------------------------------
# The zones

def zones():
    z = {}
    # Children first: their parents publish their DS.
    z['child.nsec.test.'] = Zone('child.nsec.test.')
    z['child.nsec.test.'].add('www', 'A', '192.0.2.80')
    z['child.nsec.test.'].add('ns', 'A', '192.0.2.81')
    z['child.nsec3.test.'] = Zone('child.nsec3.test.', nsec3=[('d00d', 2)])
    z['child.nsec3.test.'].add('www', 'A', '192.0.2.90')
    z['child.nsec3.test.'].add('ns', 'A', '192.0.2.91')

    for origin, nsec3 in (('nsec.test.', None), ('nsec3.test.', [('cafe', 5), ('beef', 10)])):
        zn = Zone(origin, nsec3=nsec3, extra_keys=nsec3 is None)
        child = z['child.' + origin]
        zn.add('ns', 'A', '192.0.2.53')
        zn.add('a', 'A', '192.0.2.1')
        zn.add('a', 'TXT', '"a"')
        zn.add('b.ent', 'A', '192.0.2.2')
        zn.add('dname', 'DNAME', 'other.test.')
        zn.add('child', 'NS', 'ns.child.' + origin)
        zn.add('child', 'DS', zn.ds_of(child))
        zn.add('ns.child', 'A', '192.0.2.81' if nsec3 is None else '192.0.2.91')
        zn.add('sub', 'NS', 'ns.sub.' + origin)
        zn.add('ns.sub', 'A', '192.0.2.54')
        zn.add('*.w', 'A', '192.0.2.10')
        zn.add('x.w', 'A', '192.0.2.11')
        zn.add('x.w', 'TXT', '"x"')
        z[origin] = zn

    z['optout.test.'] = zo = Zone('optout.test.', nsec3=[('ab', 3)], optout=True)
    zo.add('ns', 'A', '192.0.2.53')
    zo.add('a', 'A', '192.0.2.1')
    zo.add('ins1', 'NS', 'ns.ins1.optout.test.')
    zo.add('ns.ins1', 'A', '192.0.2.55')
    zo.add('ins2', 'NS', 'ns.ins2.optout.test.')
    zo.add('ns.ins2', 'A', '192.0.2.56')
    zo.add('sec', 'NS', 'ns.child.nsec3.test.')
    zo.add('sec', 'DS', zo.ds_of(Zone('sec.optout.test.')))

    z['other.test.'] = Zone('other.test.')
    z['other.test.'].add('a', 'A', '198.51.100.1')
    z['other.test.'].add('zz', 'A', '198.51.100.2')
    z['other3.test.'] = Zone('other3.test.', nsec3=[('cafe', 5)])
    z['other3.test.'].add('a', 'A', '198.51.100.3')

    # RFC 9276 §3.2 limits: iterations and salt as large as the fields allow.
    z['iter65535.test.'] = Zone('iter65535.test.', nsec3=[('', 65535)])
    z['iter65535.test.'].add('a', 'A', '192.0.2.1')
    z['salt255.test.'] = Zone('salt255.test.', nsec3=[((hashlib.sha256(b'salt').hexdigest() * 8)[:510], 0)])
    z['salt255.test.'].add('a', 'A', '192.0.2.1')
    for zone in z.values():
        zone.build()
    return z


# ---------------------------------------------------------------------
# Responses

FLAGS = dns.flags.QR | dns.flags.RD | dns.flags.RA | dns.flags.CD


def message(qname, qtype, rcode='NOERROR', answer=(), authority=(), flags=FLAGS):
    msg = dns.message.Message(id=0)
    msg.flags = flags
    msg.set_rcode(dns.rcode.from_text(rcode))
    msg.question.append(dns.rrset.RRset(name(qname), IN, T.from_text(qtype)))
    for section, items in ((msg.answer, answer), (msg.authority, authority)):
        seen = set()
        for s in items:
            key = (s.rrset.name, s.rrset.rdtype)
            if key in seen:
                continue
            seen.add(key)
            section.append(s.rrset)
            if s.sigs is not None:
                section.append(s.sigs)
    msg.use_edns(edns=0, ednsflags=dns.flags.DO, payload=EDNS_PAYLOAD)
    wire = msg.to_wire(max_size=65535, want_shuffle=False)
    back = dns.message.from_wire(wire)
    assert back.to_wire(max_size=65535, want_shuffle=False) == wire, qname
    return wire


def cases(z):
    """(file, description, verdict, EDE, wire) for every case."""
    n, n3, oo, c, c3 = z['nsec.test.'], z['nsec3.test.'], z['optout.test.'], z['child.nsec.test.'], z['child.nsec3.test.']
    other, other3, it, sa = z['other.test.'], z['other3.test.'], z['iter65535.test.'], z['salt255.test.']
    out = []

    def case(file, what, verdict, ede, wire):
        out.append((file, what, verdict, ede, wire))

    def nxdomain(qname, *auth):
        return message(qname, 'A', 'NXDOMAIN', authority=auth)

    def nodata(qname, qtype, *auth):
        return message(qname, qtype, authority=auth)

    # ---- NSEC: nsec.test.
    nope_cover = n.nsec_covering('nope.nsec.test.')
    apex = n.nsec_at('@')
    case('nsec-nxdomain', 'nope.nsec.test. A: NSEC b.ent->ns covers it, apex NSEC covers *.nsec.test.',
         'secure', '-', nxdomain('nope.nsec.test.', n.soa(), nope_cover, apex))
    case('nsec-nodata', 'a.nsec.test. MX: NSEC a (A TXT RRSIG NSEC)', 'secure', '-',
         nodata('a.nsec.test.', 'MX', n.soa(), n.nsec_at('a')))
    case('nsec-nodata-ent', 'ent.nsec.test. A: empty non-terminal, NSEC dname->b.ent.nsec.test.', 'secure', '-',
         nodata('ent.nsec.test.', 'A', n.soa(), n.nsec_covering('ent.nsec.test.')))
    wild_a = n.rr('*.w', 'A').at('y.w.nsec.test.')
    case('nsec-wildcard-answer', 'y.w.nsec.test. A from *.w (RRSIG labels 3), NSEC x.w->apex proves no closer name',
         'secure', '-', message('y.w.nsec.test.', 'A', answer=[wild_a],
                                authority=[n.nsec_covering('y.w.nsec.test.')]))
    case('nsec-wildcard-nodata', 'y.w.nsec.test. MX: NSEC x.w->apex covers it, NSEC *.w has no MX', 'secure', '-',
         nodata('y.w.nsec.test.', 'MX', n.soa(), n.nsec_covering('y.w.nsec.test.'), n.nsec_at('*.w')))
    case('nsec-ds-unsigned-delegation', 'sub.nsec.test. DS: parent NSEC at sub (NS RRSIG NSEC), no DS bit',
         'secure, delegation', '-', nodata('sub.nsec.test.', 'DS', n.soa(), n.nsec_at('sub')))
    case('nsec-replayed-from-other', 'nope.nsec.test. NXDOMAIN with the NSECs of other.test. (signed by other.test.)',
         'bogus', '12', nxdomain('nope.nsec.test.', n.soa(), other.nsec_at('@'), other.nsec_at('a')))
    case('nsec-replayed-renamed', 'NSEC a.other.test.->zz.other.test. renamed b.ent.nsec.test., its RRSIG names other.test.',
         'bogus', '6', nxdomain('nope.nsec.test.', n.soa(), other.nsec_at('a').at('b.ent.nsec.test.', forged=True), apex))
    case('nsec-wildcard-no-proof', 'y.w.nsec.test. A from *.w with no NSEC at all', 'bogus', '12',
         message('y.w.nsec.test.', 'A', answer=[wild_a]))
    case('nsec-wildcard-expanded-as-denial',
         'x.w.nsec.test. TXT (exists) "NODATA": NSEC *.w (A RRSIG NSEC) expanded to owner x.w, labels 3',
         'bogus', '12', nodata('x.w.nsec.test.', 'TXT', n.soa(), n.nsec_at('*.w').at('x.w.nsec.test.')))
    case('nsec-delegation-denies-below-cut', 'host.sub.nsec.test. NXDOMAIN from the parent NSEC at sub (NS, no SOA)',
         'bogus', '12', nxdomain('host.sub.nsec.test.', n.soa(), n.nsec_at('sub'), apex))
    case('nsec-delegation-nodata-a', 'sub.nsec.test. A NODATA from the parent NSEC at the cut', 'bogus', '6',
         nodata('sub.nsec.test.', 'A', n.soa(), n.nsec_at('sub')))
    case('nsec-dname-denies-below', 'x.dname.nsec.test. NXDOMAIN from the NSEC of the DNAME owner', 'bogus', '12',
         nxdomain('x.dname.nsec.test.', n.soa(), n.nsec_at('dname'), apex))
    case('nsec-nxdomain-no-wildcard-proof', 'nope.nsec.test. NXDOMAIN without the NSEC covering *.nsec.test.',
         'bogus', '12', nxdomain('nope.nsec.test.', n.soa(), nope_cover))
    case('nsec-nodata-type-listed', 'a.nsec.test. TXT NODATA, but NSEC a lists TXT', 'bogus', '6',
         nodata('a.nsec.test.', 'TXT', n.soa(), n.nsec_at('a')))
    for file, window, ede, what in (('nsec-nxdomain-expired', EXPIRED, '7', 'expired 2025-01-01'),
                                    ('nsec-nxdomain-not-yet-valid', NOT_YET, '8', 'valid from 2027-01-01')):
        resigned = [sign(s.rrset, n.zsk, n.origin, window) for s in (nope_cover, apex)]
        case(file, 'nsec-nxdomain with NSEC RRSIGs %s' % what, 'bogus', ede,
             nxdomain('nope.nsec.test.', n.soa(), *resigned))
    for file, key, ede, what in (('nsec-nxdomain-revoked-key', n.revoked, '6', 'revoked ZSK (flags 384)'),
                                 ('nsec-nxdomain-no-zone-bit', n.nozone, '11', 'key without Zone Key bit (flags 0)')):
        resigned = [sign(s.rrset, key, n.origin) for s in (nope_cover, apex)]
        case(file, 'nsec-nxdomain with the NSECs signed only by the %s' % what, 'bogus', ede,
             nxdomain('nope.nsec.test.', n.soa(), *resigned))
    case('nsec-child-apex-as-ds-proof',
         'child.nsec.test. DS answered by the child: child SOA, child apex NSEC (SOA, no DS)',
         'bogus (6 with either zone)', '6',
         nodata('child.nsec.test.', 'DS', c.soa(), c.nsec_at('@')))

    # ---- NSEC3: nsec3.test. (salt cafe, 5 iterations; old chain beef/10)
    q = 'nope.nsec3.test.'
    ce, nc, wc = n3.nsec3_at('nsec3.test.'), n3.nsec3_covering(q), n3.nsec3_covering('*.nsec3.test.')
    assert len({id(ce), id(nc), id(wc)}) == 3, 'pick another qname'
    case('nsec3-nxdomain', 'nope.nsec3.test. A: closest encloser apex, next closer and *.nsec3.test. covered',
         'secure', '-', nxdomain(q, n3.soa(), ce, nc, wc))
    case('nsec3-nodata', 'a.nsec3.test. MX: matching NSEC3 (A TXT RRSIG)', 'secure', '-',
         nodata('a.nsec3.test.', 'MX', n3.soa(), n3.nsec3_at('a.nsec3.test.')))
    case('nsec3-nodata-ent', 'ent.nsec3.test. A: the empty non-terminal\'s NSEC3 (empty bitmap)', 'secure', '-',
         nodata('ent.nsec3.test.', 'A', n3.soa(), n3.nsec3_at('ent.nsec3.test.')))
    wild3 = n3.rr('*.w', 'A').at('y.w.nsec3.test.')
    case('nsec3-wildcard-answer', 'y.w.nsec3.test. A from *.w (labels 3), NSEC3 covering H(y.w)', 'secure', '-',
         message('y.w.nsec3.test.', 'A', answer=[wild3], authority=[n3.nsec3_covering('y.w.nsec3.test.')]))
    case('nsec3-wildcard-nodata', 'y.w.nsec3.test. MX: w (match), H(y.w) covered, *.w (match, no MX)', 'secure', '-',
         nodata('y.w.nsec3.test.', 'MX', n3.soa(), n3.nsec3_at('w.nsec3.test.'),
                n3.nsec3_covering('y.w.nsec3.test.'), n3.nsec3_at('*.w.nsec3.test.')))
    case('nsec3-ds-unsigned-delegation', 'sub.nsec3.test. DS: matching NSEC3 with NS only', 'secure, delegation', '-',
         nodata('sub.nsec3.test.', 'DS', n3.soa(), n3.nsec3_at('sub.nsec3.test.')))
    case('nsec3-ds-nodata-without-optout', 'nope.nsec3.test. DS: no matching NSEC3, the covering one is not opt-out',
         'bogus', '12', nodata(q, 'DS', n3.soa(), ce, nc))
    case('nsec3-replayed-from-other', 'nope.nsec3.test. NXDOMAIN with all NSEC3 of other3.test. (same parameters)',
         'bogus', '12', nxdomain(q, n3.soa(), *other3.nsec3_all()))
    h_other = other3.nsec3_all()[0]
    case('nsec3-replayed-renamed', 'an NSEC3 of other3.test. moved under nsec3.test. (RRSIG names other3.test.)',
         'bogus', '6', nxdomain(q, n3.soa(), ce, h_other.at(dns.name.Name(h_other.rrset.name.labels[:1]) + n3.origin, forged=True), wc))
    case('nsec3-child-apex-as-ds-proof',
         'child.nsec3.test. DS answered by the child: child SOA, child apex NSEC3 (SOA, no DS)',
         'bogus (12 as nsec3.test., 6 as child)', '12 / 6',
         nodata('child.nsec3.test.', 'DS', c3.soa(), c3.nsec3_at('child.nsec3.test.')))
    case('nsec3-mixed-params', 'nope.nsec3.test. NXDOMAIN, next closer cover from the old chain (beef, 10)',
         'bogus', '6', nxdomain(q, n3.soa(), ce, n3.nsec3_covering(q, chain=1), wc))
    case('nsec3-wildcard-no-proof', 'y.w.nsec3.test. A from *.w with no NSEC3', 'bogus', '12',
         message('y.w.nsec3.test.', 'A', answer=[wild3]))
    case('nsec3-nxdomain-no-wildcard-proof', 'nope.nsec3.test. NXDOMAIN without the NSEC3 covering *.nsec3.test.',
         'bogus', '12', nxdomain(q, n3.soa(), ce, nc))
    case('nsec3-nodata-type-listed', 'a.nsec3.test. TXT NODATA, but the NSEC3 of a lists TXT', 'bogus', '6',
         nodata('a.nsec3.test.', 'TXT', n3.soa(), n3.nsec3_at('a.nsec3.test.')))
    case('nsec3-delegation-denies-below-cut',
         'host.sub.nsec3.test. NXDOMAIN: closest encloser sub is a delegation (NS, no SOA)', 'bogus', '6',
         nxdomain('host.sub.nsec3.test.', n3.soa(), n3.nsec3_at('sub.nsec3.test.'),
                  n3.nsec3_covering('host.sub.nsec3.test.'), n3.nsec3_covering('*.sub.nsec3.test.')))
    pad = [s for s in n3.nsec3_all() if s not in (ce, nc, wc)]
    case('nsec3-eight-records', 'nsec3-nxdomain plus 5 unrelated NSEC3 of the zone: 8, the limit', 'secure', '-',
         nxdomain(q, n3.soa(), ce, nc, wc, *pad[:5]))
    case('nsec3-nine-records', 'nsec3-nxdomain plus 6 unrelated NSEC3 of the zone: 9, one over the limit',
         'bogus', '6', nxdomain(q, n3.soa(), ce, nc, wc, *pad[:6]))

    # ---- Opt-out: optout.test.
    q = 'nope.optout.test.'
    case('optout-nxdomain', 'nope.optout.test. A: next closer covered by an opt-out NSEC3', 'insecure, optout', '0',
         nxdomain(q, oo.soa(), oo.nsec3_at('optout.test.'), oo.nsec3_covering(q),
                  oo.nsec3_covering('*.optout.test.')))
    case('optout-ds-unsigned-delegation', 'ins1.optout.test. DS: no NSEC3 of its own, opt-out span covers it',
         'insecure, optout', '0',
         nodata('ins1.optout.test.', 'DS', oo.soa(), oo.nsec3_at('optout.test.'),
                oo.nsec3_covering('ins1.optout.test.')))
    case('optout-nodata', 'a.optout.test. MX: matching NSEC3 (opt-out flag set, irrelevant to a match)', 'secure', '-',
         nodata('a.optout.test.', 'MX', oo.soa(), oo.nsec3_at('a.optout.test.')))

    # ---- RFC 9276 limits
    for zone, label, what in ((it, 'iter65535', '65535 iterations'), (sa, 'salt255', 'a 255-octet salt')):
        q = 'nope.' + zone.text
        proof = [zone.nsec3_at(zone.text), zone.nsec3_covering(q), zone.nsec3_covering('*.' + zone.text)]
        uniq = []
        for s in proof:
            if s not in uniq:
                uniq.append(s)
        case('%s-nxdomain' % label, '%s NXDOMAIN, NSEC3 with %s (%d NSEC3 RRsets)' % (q, what, len(uniq)),
             'insecure', '27', nxdomain(q, zone.soa(), *uniq))
        case('%s-nxdomain-bad-rrsig' % label, 'the same with the first NSEC3\'s RRSIG altered', 'bogus', '6',
             nxdomain(q, zone.soa(), uniq[0].broken(), *uniq[1:]))
    return out


def dnskey_message(zone):
    return message(zone.text, 'DNSKEY', answer=[zone.dnskey])


def files():
    z = zones()
    out = {}
    for origin, zone in z.items():
        out['%s-dnskey.msg' % origin.rstrip('.')] = dnskey_message(zone)
    rows = []
    for file, what, verdict, ede, wire in cases(z):
        assert file + '.msg' not in out, file
        out[file + '.msg'] = wire
        rows.append('| `%s.msg` | %s | %s | %s | %d |' % (file, what, verdict, ede, len(wire)))
    keys = []
    for origin, zone in z.items():
        keys.append('| `%s` | %s | %s |' % (origin, ', '.join('%d/%d %s' % (k.tag, k.flags, k.role) for k in zone.keys),
                                            'NSEC' if not zone.nsec3 else 'NSEC3 ' + ', '.join(
                                                '%s/%d' % ((s[:8] + '...(%d octets)' % (len(s) // 2)) if len(s) > 16
                                                           else (s or '-'), i) for s, i in zone.nsec3)
                                            + (' opt-out' if zone.optout else '')))
    out['README.md'] = README % {'now': NOW, 'inc': INCEPTION, 'exp': EXPIRATION,
                                 'keys': '\n'.join(keys), 'rows': '\n'.join(rows)}
    return out


README = """# Denial-of-existence fixtures (gen_attacks.py)

Generated files: do not edit.  Regenerate (and check that nothing changed)
with

    /usr/bin/python3 tests/unit/vectors/gen_attacks.py
    /usr/bin/python3 tests/unit/vectors/gen_attacks.py --check

Debian 12: python3-dnspython 2.3, python3-cryptography.  All keys are
Ed25519 (algorithm 15) from fixed seeds, so every file is reproducible
byte for byte.  RRSIGs are valid %(inc)s .. %(exp)s unless a case says
otherwise; the tests run at %(now)s.  These zones are made up for the
tests: NOT RFC data.

`<zone>-dnskey.msg` holds the zone's DNSKEY RRset signed by its KSK;
the tests validate it with the KSK itself as the trust anchor.  Case
files are responses as a recursive resolver returns them to a stub that
sent RD, CD and DO: ID 0, QR RD RA CD, one question, answer and authority
with RRSIGs, OPT (1232, DO).

| zone | keys (tag/flags role) | denial |
|---|---|---|
%(keys)s

Verdict is what `val_denial_check` must return for the case (EDE: RFC 8914
info-code in `vc.ede`; `-` for secure).  "delegation" and "optout" are the
outputs of the same names.

| file | what | verdict | EDE | octets |
|---|---|---|---|---|
%(rows)s
"""


def main():
    check = sys.argv[1:] == ['--check']
    if sys.argv[1:] and not check:
        sys.exit(__doc__)
    out = files()
    again = files()
    assert out == again, 'two runs in one process differ'
    bad = 0
    if not check:
        os.makedirs(OUT, exist_ok=True)
    for fname, data in sorted(out.items()):
        path = os.path.join(OUT, fname)
        data = data.encode() if isinstance(data, str) else data
        if check:
            try:
                with open(path, 'rb') as f:
                    same = f.read() == data
            except FileNotFoundError:
                same = False
            if not same:
                print('differs: ' + path)
                bad += 1
            continue
        with open(path, 'wb') as f:
            f.write(data)
    if check:
        extra = sorted(set(os.listdir(OUT)) - set(out)) if os.path.isdir(OUT) else []
        for e in extra:
            print('not generated: ' + os.path.join(OUT, e))
        bad += len(extra)
        print('%d files, %d differ' % (len(out), bad))
        sys.exit(1 if bad else 0)
    print('wrote %d files to %s' % (len(out), OUT))


if __name__ == '__main__':
    main()
