"""The signed hierarchy the hostile upstream answers from.

Built in memory at test time, the same bytes every run: Ed25519 keys
(RFC 8080, algorithm 15) from fixed seeds (SHA-256 of "nss-dnssec hostile
<zone> <role>"), Ed25519 signatures have no random nonce, and every RRSIG
has the window INCEPTION .. EXPIRATION unless a case re-signs something.
The tool runs with --at NOW.  Made-up zones for the tests: NOT real data.

    .                       NSEC, the trust anchor (its KSK, as a DS line)
    hostile.                NSEC, the TLD; delegates everything below
    ok.hostile.             NSEC; www, aliases, CNAME loop and chain, DNAME,
                            plus a revoked ZSK (flags 384) and a key without
                            the Zone Key bit (flags 0) for re-signing cases
    other.hostile.          NSEC; the CNAME targets, replay material
    n3.hostile.             NSEC3 salt ab, 1 iteration, 60 names
    o3.hostile.             NSEC3 with the same parameters (replay material)
    unsigned.hostile.       no DNSSEC; hostile.'s NSEC proves "no DS"
    keytrap.hostile.        62 extra DNSKEYs with the ZSK's key tag (64 in all)
    keytrap2.hostile.       62 extra DNSKEYs with the KSK's key tag
    iter.hostile.           NSEC3 with 65535 iterations (RFC 9276: insecure)
    salt.hostile.           NSEC3 with a 255-octet salt (likewise)
    amp1..amp9.hostile.     www.ampN CNAME www.amp(N+1): nine zones deep
    a.b.c.d.e.f.g.deepN.hostile.  (N = 1..3) www CNAME www of the next one

World.resolve() answers like a recursive resolver with everything cached:
the deepest zone holding the name answers (the parent for a DS at a cut),
CNAMEs are chased and DNAMEs expanded inside the same answer, and negative
answers carry the SOA and the NSEC/NSEC3 proof, all with their RRSIGs.
"""
import calendar
import hashlib

import dns.dnssec
import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.rrset
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

IN = dns.rdataclass.IN
T = dns.rdatatype
TTL = 3600
ED25519 = dns.dnssec.Algorithm.ED25519


def ts(s):
    """UTC YYYYmmddHHMMSS as seconds since the epoch."""
    return calendar.timegm((int(s[0:4]), int(s[4:6]), int(s[6:8]), int(s[8:10]), int(s[10:12]), int(s[12:14])))


NOW = '20260101000000'
INCEPTION, EXPIRATION = '20250101000000', '20350101000000'
EXPIRED = ('20240101000000', '20250101000000')
NOT_YET = ('20270101000000', '20370101000000')


def name(text):
    return text if isinstance(text, dns.name.Name) else dns.name.from_text(text)


def keytag(rdata_wire):
    """RFC 4034 Appendix B."""
    ac = 0
    for i, b in enumerate(rdata_wire):
        ac += b if i & 1 else b << 8
    ac += (ac >> 16) & 0xFFFF
    return ac & 0xFFFF


class Key:
    def __init__(self, zone, role, flags):
        seed = hashlib.sha256(('nss-dnssec hostile %s %s' % (zone, role)).encode()).digest()
        self.priv = Ed25519PrivateKey.from_private_bytes(seed)
        self.dnskey = dns.dnssec.make_dnskey(self.priv.public_key(), ED25519, flags)
        self.tag = dns.dnssec.key_id(self.dnskey)
        self.flags = flags
        self.role = role


def colliding_keys(zone, tag, flags, count):
    """count DNSKEYs (algorithm 15, 32 deterministic octets that are no key
    anyone holds) whose key tag is `tag`: the KeyTrap material (CVE-2023-50387)."""
    out = []
    i = 0
    while len(out) < count:
        body = hashlib.sha256(('nss-dnssec hostile collide %s %d' % (zone, i)).encode()).digest()[:30]
        i += 1
        head = bytes([flags >> 8, flags & 0xFF, 3, ED25519]) + body
        s = sum(b if j & 1 else b << 8 for j, b in enumerate(head))
        for w in ((tag - s - c) % 65536 for c in range(64)):
            if keytag(head + bytes([w >> 8, w & 0xFF])) == tag:
                key = body + bytes([w >> 8, w & 0xFF])
                rd = dns.rdata.from_wire(IN, T.DNSKEY, head + key[30:], 0, 36)
                assert dns.dnssec.key_id(rd) == tag
                out.append(rd)
                break
    return out


def make_rrsig(rrset, key_tag, signer, window=(INCEPTION, EXPIRATION), labels=None):
    """An RRSIG over rrset with an empty signature (to be filled)."""
    if labels is None:
        labels = len(rrset.name) - 1 - (1 if rrset.name.is_wild() else 0)
    return dns.rdata.from_text(IN, T.RRSIG, '%s %d %d %d %d %d %d %s AA==' % (
        T.to_text(rrset.rdtype), ED25519, labels, rrset.ttl, ts(window[1]), ts(window[0]),
        key_tag, name(signer).to_text()))


def sign_rdata(rrset, key, signer, window=(INCEPTION, EXPIRATION)):
    rrsig = make_rrsig(rrset, key.tag, signer, window)
    data = dns.dnssec._make_rrsig_signature_data(rrset, rrsig)
    return rrsig.replace(signature=key.priv.sign(data))


def sigset(rrset, rdatas):
    sigs = dns.rrset.RRset(rrset.name, IN, T.RRSIG, rrset.rdtype)
    for r in rdatas:
        sigs.add(r, TTL)
    return sigs


class Signed:
    """An RRset and its RRSIG RRset (None when unsigned)."""

    def __init__(self, rrset, sigs):
        self.rrset = rrset
        self.sigs = sigs

    def copy(self, rrset=None, sigs=False):
        return Signed(rrset if rrset is not None else self.rrset, self.sigs if sigs is False else sigs)


def sign(rrset, key, signer, window=(INCEPTION, EXPIRATION)):
    return Signed(rrset, sigset(rrset, [sign_rdata(rrset, key, signer, window)]))


_HASHES = {}


def nsec3_hash(owner, salt, iterations):
    """Remembered: the 65535-iteration zone would otherwise cost the fake
    resolver 30 ms of Python per name and query."""
    key = (owner.canonicalize() if isinstance(owner, dns.name.Name) else owner, salt, iterations)
    if key not in _HASHES:
        _HASHES[key] = dns.dnssec.nsec3_hash(owner, salt, iterations, 1).lower()
    return _HASHES[key]


class Zone:
    """A zone: add() data, then build() signs it and makes its NSEC or NSEC3
    chain.  signed=False: no keys, no RRSIG, no chain."""

    def __init__(self, origin, nsec3=None, signed=True, extra_keys=False):
        self.origin = name(origin)
        self.text = origin
        self.nsec3 = nsec3  # (salt hex, iterations) or None
        self.is_signed = signed
        self.keys = []
        if signed:
            self.ksk = Key(origin, 'ksk', 257)
            self.zsk = Key(origin, 'zsk', 256)
            self.keys = [self.ksk, self.zsk]
            if extra_keys:
                self.revoked = Key(origin, 'revoked zsk', 256 | 128)
                self.nozone = Key(origin, 'no zone bit', 0)
                self.keys += [self.revoked, self.nozone]
        self.fake_keys = []
        self.data = {}  # name -> {rdtype: [rdata text]}
        self.add('@', 'SOA', 'ns.%s hostmaster.%s 2025010101 3600 900 604800 300' % (
            origin if origin != '.' else '', origin if origin != '.' else ''))
        self.add('@', 'NS', 'ns.' + (origin if origin != '.' else ''))

    def abs(self, rel):
        return self.origin if rel == '@' else dns.name.from_text(rel, self.origin)

    def add(self, rel, rdtype, *texts):
        self.data.setdefault(self.abs(rel), {}).setdefault(T.from_text(rdtype), []).extend(texts)

    def delegate(self, child):
        rel = child.origin.relativize(self.origin).to_text()
        self.add(rel, 'NS', 'ns.' + child.text)
        if child.is_signed:
            self.add(rel, 'DS', dns.dnssec.make_ds(child.origin, child.ksk.dnskey, 'SHA256').to_text())

    def rrset(self, owner, rdtype, texts):
        rrset = dns.rrset.RRset(owner, IN, rdtype)
        for t in texts:
            rrset.add(dns.rdata.from_text(IN, rdtype, t, origin=self.origin, relativize=False), TTL)
        return rrset

    def build(self):
        o = self.origin
        self.cuts = {n for n, d in self.data.items() if n != o and T.NS in d}
        self.signed = {}
        keyset = dns.rrset.RRset(o, IN, T.DNSKEY)
        for k in self.keys:
            keyset.add(k.dnskey, TTL)
        for rd in self.fake_keys:
            keyset.add(rd, TTL)
        if self.is_signed:
            self.dnskey = sign(keyset, self.ksk, o)
            self.signed[(o, T.DNSKEY)] = self.dnskey
            self.data[o].setdefault(T.DNSKEY, [])
        for n, types in self.data.items():
            for rdtype, texts in types.items():
                if rdtype == T.DNSKEY:
                    continue
                rrset = self.rrset(n, rdtype, texts)
                unsigned = not self.is_signed or (n in self.cuts and rdtype == T.NS)
                self.signed[(n, rdtype)] = Signed(rrset, None) if unsigned else sign(rrset, self.zsk, o)
        self.names = sorted(self.data)
        # Empty non-terminals: names on the way to a name of the zone.
        self.ents = set()
        for n in self.names:
            p = n
            while p != o:
                p = p.parent()
                if p not in self.data:
                    self.ents.add(p)
        if not self.is_signed:
            return self
        if not self.nsec3:
            self.nsec = {}
            for i, n in enumerate(self.names):
                nxt = self.names[(i + 1) % len(self.names)]
                types = set(self.data[n]) | {T.RRSIG, T.NSEC}
                text = '%s %s' % (nxt.to_text(), ' '.join(sorted(T.to_text(t) for t in types)))
                self.nsec[n] = sign(self.rrset(n, T.NSEC, [text]), self.zsk, o)
            return self
        salt, iterations = self.nsec3
        self.add('@', 'NSEC3PARAM', '1 0 %d %s' % (iterations, salt or '-'))
        params = self.rrset(o, T.NSEC3PARAM, self.data[o][T.NSEC3PARAM])
        self.signed[(o, T.NSEC3PARAM)] = sign(params, self.zsk, o)
        hashed = sorted((nsec3_hash(n, salt, iterations), n) for n in set(self.names) | self.ents)
        self.chain = {}  # hash -> (name, Signed)
        for i, (h, n) in enumerate(hashed):
            nxt = hashed[(i + 1) % len(hashed)][0]
            types = set(self.data.get(n, ()))
            if types and not (n in self.cuts and T.DS not in types):
                types.add(T.RRSIG)
            text = '1 0 %d %s %s %s' % (iterations, salt or '-', nxt,
                                        ' '.join(sorted(T.to_text(t) for t in types)))
            owner = dns.name.from_text(h, o)
            self.chain[h] = (n, sign(self.rrset(owner, T.NSEC3, [text]), self.zsk, o))
        self.hashes = sorted(self.chain)
        return self

    # Lookups ---------------------------------------------------------------

    def rr(self, rel, rdtype):
        n = rel if isinstance(rel, dns.name.Name) else self.abs(rel)
        return self.signed[(n, T.from_text(rdtype) if isinstance(rdtype, str) else rdtype)]

    def soa(self):
        return self.signed[(self.origin, T.SOA)]

    def exists(self, n):
        return n in self.data or n in self.ents

    def nsec_covering(self, q):
        before = [n for n in self.names if n < q]
        return self.nsec[before[-1] if before else self.names[-1]]

    def nsec3_match(self, q):
        salt, it = self.nsec3
        return self.chain[nsec3_hash(q, salt, it)][1]

    def nsec3_covering(self, q):
        salt, it = self.nsec3
        h = nsec3_hash(q, salt, it)
        assert h not in self.chain, q
        before = [x for x in self.hashes if x < h]
        return self.chain[before[-1] if before else self.hashes[-1]][1]

    def nsec3_all(self):
        return [self.chain[h][1] for h in self.hashes]

    def denial(self, q, nxdomain):
        """The proof for q: NXDOMAIN, or NODATA at an existing name / ENT."""
        if not self.is_signed:
            return []
        out = []
        if not self.nsec3:
            if not nxdomain:
                return [self.nsec[q]] if q in self.nsec else [self.nsec_covering(q)]
            ce = q.parent()
            while not self.exists(ce):
                ce = ce.parent()
            out = [self.nsec_covering(q), self.nsec_covering(dns.name.from_text('*', ce))]
        else:
            if not nxdomain:
                return [self.nsec3_match(q)]
            ce = q.parent()
            nc = q
            while not self.exists(ce):
                nc = ce
                ce = ce.parent()
            out = [self.nsec3_match(ce), self.nsec3_covering(nc), self.nsec3_covering(dns.name.from_text('*', ce))]
        uniq = []
        for s in out:
            if all(s is not u for u in uniq):
                uniq.append(s)
        return uniq


class Answer:
    """What a recursive resolver would return: rcode and the sections as
    lists of Signed (each RRset with its RRSIGs)."""

    def __init__(self, rcode=0, answer=None, authority=None):
        self.rcode = rcode
        self.answer = answer or []
        self.authority = authority or []


class World:
    def __init__(self):
        self.zones = {}

    def add(self, zone):
        self.zones[zone.origin] = zone
        return zone

    def zone_for(self, q, rdtype):
        best = None
        for o, z in self.zones.items():
            if q.is_subdomain(o) and (best is None or len(o) > len(best.origin)):
                if rdtype == T.DS and q == o and o != dns.name.root:
                    continue  # DS lives in the parent
                best = z
        return best

    def resolve(self, q, rdtype, steps=24):
        q = name(q)
        a = Answer()
        seen = set()
        while True:
            z = self.zone_for(q, rdtype)
            if (q, rdtype) in z.signed:
                a.answer.append(z.signed[(q, rdtype)])
                return a
            if rdtype != T.CNAME and (q, T.CNAME) in z.signed and steps > 0 and q not in seen:
                seen.add(q)
                cn = z.signed[(q, T.CNAME)]
                a.answer.append(cn)
                q = cn.rrset[0].target
                steps -= 1
                continue
            if (q, T.CNAME) in z.signed:
                return a  # loop or too long: what it has so far
            dn = None
            p = q
            while p != z.origin and dn is None:
                p = p.parent()
                if (p, T.DNAME) in z.signed:
                    dn = z.signed[(p, T.DNAME)]
            if dn is not None and steps > 0:
                a.answer.append(dn)
                try:
                    target = q.relativize(dn.rrset.name).concatenate(dn.rrset[0].target)
                except dns.name.NameTooLong:
                    return a  # RFC 6672 would say YXDOMAIN; a hostile upstream says nothing
                cn = dns.rrset.RRset(q, IN, T.CNAME)
                cn.add(dns.rdata.from_text(IN, T.CNAME, target.to_text()), TTL)
                a.answer.append(Signed(cn, None))
                if rdtype == T.CNAME:
                    return a  # the synthesized CNAME is the answer
                q = target
                steps -= 1
                continue
            nx = not z.exists(q)
            a.rcode = 3 if nx else 0
            a.authority = [z.soa()] + z.denial(q, nx)
            return a


def long_label(c, n=60):
    return c * n


# KeyTrap: colliding keys per zone (the DNSKEY RRset then holds 64, the most
# an RRset may) and bad RRSIGs per RRset: an unbounded validator would try
# 62 x 60 = 3720 Ed25519 verifications (about 200 ms).
KEYTRAP_KEYS = 62
KEYTRAP_SIGS = 60

DNAME_TARGET = '%s.%s.%s.other.hostile.' % (long_label('x'), long_label('y'), long_label('z'))
DNAME_QNAME = '%s.d.ok.hostile.' % long_label('q')
# Zones eight labels deep, delegated straight from hostile.: the plan asks
# for DS and DNSKEY of every label on the way (VAL_PLAN_LABELS), so a CNAME
# chain through three of them needs more than VAL_QUERIES_MAX queries.
DEEP = 'a.b.c.d.e.f.g.deep%d.hostile'


def build_world():
    w = World()
    root = w.add(Zone('.'))
    tld = w.add(Zone('hostile.'))
    ok = w.add(Zone('ok.hostile.', extra_keys=True))
    other = w.add(Zone('other.hostile.'))
    n3 = w.add(Zone('n3.hostile.', nsec3=('ab', 1)))
    o3 = w.add(Zone('o3.hostile.', nsec3=('ab', 1)))
    uns = w.add(Zone('unsigned.hostile.', signed=False))
    kt = w.add(Zone('keytrap.hostile.'))
    kt2 = w.add(Zone('keytrap2.hostile.'))
    it = w.add(Zone('iter.hostile.', nsec3=('', 65535)))
    salt = w.add(Zone('salt.hostile.', nsec3=((hashlib.sha256(b'salt').hexdigest() * 8)[:510], 0)))
    amps = [w.add(Zone('amp%d.hostile.' % i)) for i in range(1, 10)]
    # Zones whose holder is not the signer's claim (issue 20): an internal
    # zone under the built-in NTA "internal" with an anchor of its own, a
    # signed island below the unsigned zone with its own anchor, a signed
    # child of ok.hostile., and an NSEC3 zone above the iteration limit
    # (100) with an unsigned delegation below it.
    internal = w.add(Zone('internal.', signed=False))
    corp = w.add(Zone('corp.internal.'))
    island = w.add(Zone('island.unsigned.hostile.'))
    child = w.add(Zone('child.ok.hostile.'))
    it100 = w.add(Zone('it100.hostile.', nsec3=('', 100)))
    kid = w.add(Zone('kid.it100.hostile.', signed=False))
    deeps = [w.add(Zone(DEEP % i + '.')) for i in range(1, 4)]

    ok.add('www', 'A', '192.0.2.1')
    ok.add('www', 'TXT', '"www"')
    ok.add('alias', 'CNAME', 'www.other.hostile.')
    ok.add('alias-unsigned', 'CNAME', 'www.unsigned.hostile.')
    ok.add('loopa', 'CNAME', 'loopb.ok.hostile.')
    ok.add('loopb', 'CNAME', 'loopa.ok.hostile.')
    for i in range(1, 21):
        ok.add('c%d' % i, 'CNAME', ('c%d.ok.hostile.' % (i + 1)) if i < 20 else 'www.ok.hostile.')
    ok.add('d', 'DNAME', DNAME_TARGET)
    ok.add('b.ent', 'A', '192.0.2.9')
    other.add('www', 'A', '192.0.2.2')
    other.add('a', 'A', '192.0.2.22')
    other.add('zz', 'A', '192.0.2.23')
    n3.add('www', 'A', '192.0.2.3')
    for i in range(1, 61):
        n3.add('h%02d' % i, 'A', '192.0.2.%d' % (100 + i))
    o3.add('www', 'A', '192.0.2.33')
    for i in range(1, 6):
        o3.add('h%02d' % i, 'A', '192.0.2.%d' % (200 + i))
    uns.add('www', 'A', '192.0.2.4')
    kt.add('www', 'A', '192.0.2.5')
    kt.fake_keys = colliding_keys(kt.text, kt.zsk.tag, 256, KEYTRAP_KEYS)
    kt2.add('www', 'A', '192.0.2.6')
    kt2.fake_keys = colliding_keys(kt2.text, kt2.ksk.tag, 257, KEYTRAP_KEYS)
    it.add('www', 'A', '192.0.2.7')
    salt.add('www', 'A', '192.0.2.8')
    for i, z in enumerate(amps):
        if i + 1 < len(amps):
            z.add('www', 'CNAME', 'www.amp%d.hostile.' % (i + 2))
        else:
            z.add('www', 'A', '192.0.2.99')

    for i, z in enumerate(deeps):
        if i + 1 < len(deeps):
            z.add('www', 'CNAME', 'www.' + DEEP % (i + 2) + '.')
        else:
            z.add('www', 'A', '192.0.2.98')
    for i in range(1, 65):  # VAL_RRSET_RR_MAX records: the most an RRset may hold
        ok.add('big', 'A', '198.51.100.%d' % i)
    corp.add('www', 'A', '192.0.2.51')
    island.add('www', 'A', '192.0.2.52')
    child.add('www', 'A', '192.0.2.53')
    it100.add('www', 'A', '192.0.2.54')
    kid.add('www', 'A', '192.0.2.55')
    ok.add('*.wild', 'A', '192.0.2.77')
    ok.add('dn', 'DNAME', 'other.hostile.')
    ok.add('alias-island', 'CNAME', 'www.island.unsigned.hostile.')
    for c in [ok, other, n3, o3, uns, kt, kt2, it, salt, it100] + amps + deeps:
        tld.delegate(c)
    root.delegate(tld)
    root.delegate(internal)
    internal.delegate(corp)  # unsigned parent: NS and an unsigned DS nobody can trust
    uns.add('island', 'NS', 'ns.' + island.text)  # an island of security: no DS at all
    ok.delegate(child)
    it100.delegate(kid)
    for z in w.zones.values():
        z.build()
    return w


def anchor_text(world, zones=('.',)):
    """The KSKs of zones (the root by default) as DS lines, as --anchor
    wants them."""
    out = ''
    for z in zones:
        zone = world.zones[name(z)]
        ds = dns.dnssec.make_ds(zone.origin, zone.ksk.dnskey, 'SHA256')
        out += '%s %d IN DS %s\n' % (zone.origin.to_text(), TTL, ds.to_text())
    return out
