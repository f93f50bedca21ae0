#!/usr/bin/python3
"""Build the lab's keys and zones from scratch (called by up.sh).

    mkzones.py RUNDIR

Writes, under RUNDIR:
  keys/<zone>/         K*.key / K*.private (dnssec-keygen, fresh every build)
  zones/<zone>.zone    unsigned input, zones/<zone>.signed  what NSD serves
  zones/manifest.tsv   level <TAB> zone <TAB> file   (up.sh makes NSD configs from it)
  root.hints           for the unbounds
  anchor.key           root KSK as a DNSKEY line (like /usr/share/dns/root.key)
  anchor.ds            the same as a DS line
  anchor.delv.conf     trust-anchors { } form for delv -a
  anchor-island.key    KSK of island.unsigned.lab. (an anchor below an unsigned
                       delegation), DNSKEY line; anchor-island.delv.conf for delv
  nss-dnssec.conf      trust-anchor-file lines for both anchors (the lab's config)
  forgeries.txt        RRsets the forging proxy serves (proxy.py --data): RRSIGs
                       made here because the proxy has no keys
  build.log            every command run, with its output

Signing: dnssec-signzone (BIND 9.18); ldns-signzone for NSEC3 iterations above
150, which dnssec-signzone refuses.  Signatures valid from now-1h to now+30d
unless a case says otherwise.  Broken zones are broken the way an operator
breaks them (see README.md); the few that no tool produces (a corrupted RRSIG,
an RRSIG by another zone's key, an unassigned algorithm) are edited after
signing with dnspython.
"""
import base64
import concurrent.futures
import hashlib
import os
import shutil
import subprocess
import sys
import threading
import time

import dns.dnssec
import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.rdtypes.ANY.DNSKEY
import dns.rrset
import dns.zone

LEVEL_ADDR = {0: "127.53.0.1", 1: "127.53.1.1", 2: "127.53.2.1", 3: "127.53.3.1"}
HTTP_ADDR = "127.53.80.1"
HTTP_FORGED_ADDR = "127.53.80.66"

ALG_NAME = {5: "RSASHA1", 7: "NSEC3RSASHA1", 8: "RSASHA256", 10: "RSASHA512",
            13: "ECDSAP256SHA256", 14: "ECDSAP384SHA384", 15: "ED25519", 16: "ED448"}
DIGEST_NAME = {1: "SHA-1", 2: "SHA-256", 4: "SHA-384"}
UNKNOWN_ALG = 100      # unassigned in the IANA DNSSEC algorithm registry
UNKNOWN_DIGEST = 100   # unassigned in the IANA DS digest type registry


class Z:
    def __init__(self, name, level, idx=None, alg=13, signed=True, nsec3=None,
                 ds=(2,), brk=None, extras=(), hosts=True):
        self.name = name            # absolute, with trailing dot
        self.level = level
        self.idx = idx              # fixed; addresses derive from it (expect.tsv)
        self.alg = alg
        self.signed = signed and brk != "ds-unsigned"
        self.nsec3 = nsec3          # None = NSEC; dict(salt, it, optout, tool)
        self.ds = ds                # digest types of the DS at the parent; () = none
        self.brk = brk
        self.extras = list(extras)
        self.hosts = hosts and idx is not None
        self.children = []
        self.ds_lines = []          # DS records for this zone, put into the parent
        self.ksk = self.zsk = None  # key basenames (paths without .key)

    @property
    def file(self):
        return "root" if self.name == "." else self.name.rstrip(".")

    @property
    def parent(self):
        if self.name == ".":
            return None
        return self.name.split(".", 1)[1] or "."

    @property
    def ns(self):
        return "a.root-servers." if self.name == "." else "ns." + self.name


def N3(salt, it, optout=False, tool="bind"):
    return dict(salt=salt, it=it, optout=optout, tool=tool)


def rich(z, i):
    """Names every 'rich' zone has: AAAA, CNAME, wildcard, empty non-terminal."""
    return [
        f"v6 AAAA 2001:db8:53::{i:x}",
        f"dual A 127.53.14.{i}", f"dual AAAA 2001:db8:53:1::{i:x}",
        "alias CNAME www",
        "chain CNAME alias",
        f"*.wild A 127.53.12.{i}",
        f"x.ent A 127.53.13.{i}",
        f'txt TXT "nss-dnssec lab {z}"',
        f"tonx CNAME nothere.{z}",
    ]


WILD = lambda i: [f"*.wild A 127.53.12.{i}"]

# One RRset of about 1400 octets (six 230-octet strings): over the 1232 of
# EDNS, so a UDP answer is truncated and the whole comes over TCP
# (nss-dnssec probe --large, issue 16).
BIG_TXT = "big TXT " + " ".join(
    '"' + ("nss-dnssec lab big answer, string %d. " % k * 8)[:230] + '"' for k in range(1, 7))

ALG13_EXTRA = (
    [f"many A 127.53.100.{k}" for k in range(1, 31)] + [
        "cross CNAME www.alg8.lab.",
        "tounsigned CNAME www.unsigned.lab.",
        "tobogus CNAME www.expired.lab.",
        "dname DNAME alg8.lab.",
        "toisland CNAME www.island.unsigned.lab.",
    ] + [BIG_TXT])

# A signed zone below an unsigned one (no DS), with its own trust anchor.
ISLAND = "island.unsigned.lab."

VICTIM = [f"sigkept A {HTTP_ADDR}", f"nosig A {HTTP_ADDR}", f"nxforged A {HTTP_ADDR}"]


def nothost(i):
    """Names that are DNS names but not host names (glibc's res_hnok: labels
    of letters, digits, '-' and '_', the first not starting with '-'), as
    CNAME targets and owners, with a control that is one (tests/e2e)."""
    return [
        "badcname CNAME x|`id`", f"x|`id` A 127.53.15.{i}",
        "badchain CNAME -dash", "-dash CNAME www",
        "goodcname CNAME under_score", f"under_score A 127.53.16.{i}",
    ]


# 10.0.0.N PTR: not host names (1, 4, 6) and host names (2, 3, 5).
TEN_PTR = ["1.0.0 PTR `reboot`|nc.evil.", "2.0.0 PTR www.nothost.lab.",
           "3.0.0 PTR under_score.nothost.lab.", "4.0.0 PTR -dash.evil.",
           "5.0.0 PTR mid.-dash.evil.", "6.0.0 PTR a\\.b.evil."]


def ptr4(addr, target):
    o = addr.split(".")
    return f"{o[3]}.{o[2]} PTR {target}"


def ptr6(i, target):  # 2001:db8:53::i inside 3.5.0.0.8.b.d.0.1.0.0.2.ip6.arpa.
    nib = f"{i:020x}"
    return ".".join(reversed(nib)) + f" PTR {target}"


ZONES = [
    Z(".", 0, alg=8, hosts=False),
    Z("lab.", 1, alg=8, hosts=False),
    Z("arpa.", 1, alg=8, hosts=False),
    Z("ec.", 1, alg=13, nsec3=N3("-", 0), hosts=False),
    # one zone per algorithm
    Z("alg5.lab.", 2, 5, alg=5, ds=(1,)),
    Z("alg7.lab.", 2, 7, alg=7, nsec3=N3("a1b2c3d4", 0)),
    Z("alg8.lab.", 2, 8, alg=8, extras=rich("alg8.lab.", 8)),
    Z("alg10.lab.", 2, 10, alg=10),
    Z("alg13.lab.", 2, 13, alg=13, extras=rich("alg13.lab.", 13) + ALG13_EXTRA),
    Z("alg14.lab.", 2, 14, alg=14, ds=(4,)),
    Z("alg15.lab.", 2, 15, alg=15),
    Z("alg16.lab.", 2, 16, alg=16),
    Z("sub.alg8.lab.", 3, 108, alg=8),
    Z("sub.alg13.lab.", 3, 113, alg=13),
    # NSEC3
    Z("nsec3.lab.", 2, 30, nsec3=N3("cafe0123beef4567", 10), extras=rich("nsec3.lab.", 30)),
    Z("insecure.nsec3.lab.", 3, 31, signed=False),
    Z("nsec3-iter100.lab.", 2, 32, nsec3=N3("0badc0de", 100), extras=WILD(32)),
    Z("nsec3-iter200.lab.", 2, 33, nsec3=N3("0badc0de", 200, tool="ldns"), extras=WILD(33)),
    # unsigned delegation below the 100-iteration zone (no-DS proof by NSEC3, 100 iterations)
    Z("insecure.nsec3-iter100.lab.", 3, 37, signed=False),
    Z("optout.lab.", 2, 34, nsec3=N3("5a175a17", 0, optout=True)),
    Z("insecure.optout.lab.", 3, 35, signed=False),
    Z("secure.optout.lab.", 3, 36),
    # unsigned island and a signed zone below it (no DS anywhere)
    Z("unsigned.lab.", 2, 40, signed=False),
    Z("signed.unsigned.lab.", 3, 41, ds=()),
    # the same, but with its own trust anchor (anchor-island.key): secure
    Z(ISLAND, 3, 42, ds=()),
    # broken on purpose
    Z("expired.lab.", 2, 50, brk="expired"),
    Z("future.lab.", 2, 51, brk="future"),
    Z("dsmismatch.lab.", 2, 52, brk="dsmismatch"),
    Z("ds-unsigned.lab.", 2, 53, brk="ds-unsigned"),
    Z("zsk-only.lab.", 2, 54, brk="zsk-only"),
    Z("ds-badalg.lab.", 2, 55, brk="ds-badalg"),
    Z("unknown-alg.lab.", 2, 56, brk="unknown-alg"),
    Z("unknown-digest.lab.", 2, 57, brk="unknown-digest"),
    Z("badsig.lab.", 2, 58, brk="badsig"),
    Z("nosig-rrset.lab.", 2, 59, brk="nosig-rrset"),
    Z("wrongkey.lab.", 2, 60, brk="wrongkey"),
    # targets of the forging proxy (honest data; proxy.py forges)
    Z("victim.lab.", 2, 70, extras=VICTIM),
    Z("dsforged.lab.", 2, 71),
    Z("dsremoved.lab.", 2, 72),
    Z("sigstripped.lab.", 2, 73),
    # www.child.parentsig.lab. A forged with a valid RRSIG by parentsig.lab.'s ZSK
    Z("parentsig.lab.", 2, 74),
    Z("child.parentsig.lab.", 3, 75),
    # an all-ECDSA TLD below the RSA root
    Z("zone.ec.", 2, 90),
    Z("sub.zone.ec.", 3, 91),
    # names that are not host names: secure, insecure, and PTRs (tests/e2e)
    Z("nothost.lab.", 2, 95, extras=nothost(95)),
    Z("nothost.unsigned.lab.", 3, 96, signed=False, extras=nothost(96)),
    # reverse
    Z("in-addr.arpa.", 2, alg=8, hosts=False),
    Z("53.127.in-addr.arpa.", 3, hosts=False, extras=[
        ptr4(HTTP_ADDR, "http.alg13.lab."),
        ptr4("127.53.10.13", "www.alg13.lab."),
        ptr4("127.53.10.8", "www.alg8.lab."),
        ptr4("127.53.0.1", "a.root-servers."),
        ptr4("127.53.15.1", "`reboot`|nc.evil."),            # secure, not a host name
        ptr4("127.53.15.2", "under_score.nothost.lab."),    # secure, a host name
    ]),
    # RFC 1918, unsigned (no DS in in-addr.arpa.; a built-in NTA of the module too).
    # The lab's unbounds answer 10.in-addr.arpa. themselves (a default local
    # zone): tests/e2e asks the grandchild NSD that serves it.
    Z("10.in-addr.arpa.", 3, signed=False, hosts=False, extras=TEN_PTR),
    Z("ip6.arpa.", 2, hosts=False),
    # RFC 7050 §2.2: the name a host asks to learn a DNS64's prefix; unsigned
    # by design (no DS in arpa.), as in the real tree.  The DNS64 resolver
    # (127.53.56.1) synthesizes 64:ff9b::c000:aa and ::c000:ab from it.
    Z("ipv4only.arpa.", 2, signed=False, hosts=False, extras=[
        "@ A 192.0.0.170", "@ A 192.0.0.171",
    ]),
    Z("3.5.0.0.8.b.d.0.1.0.0.2.ip6.arpa.", 3, hosts=False, extras=[
        ptr6(13, "v6.alg13.lab."), ptr6(8, "v6.alg8.lab."),
    ]),
]
BYNAME = {z.name: z for z in ZONES}
for _z in ZONES:  # the parent is the closest enclosing zone of the list
    _p = _z.parent
    while _p is not None and _p not in BYNAME:
        _p = _p.split(".", 1)[1] or "."
    if _p is not None:
        BYNAME[_p].children.append(_z)

# ---------------------------------------------------------------- helpers

RUN = None
LOG = None
_loglock = threading.Lock()


def log(msg):
    with _loglock:
        LOG.write(msg + "\n")
        LOG.flush()


def run(cmd, cwd=None):
    t = time.monotonic()
    # cwd=RUN: the tools drop side files (dnssec-signzone's dsset-*) in the cwd
    p = subprocess.run(cmd, cwd=cwd or RUN, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, timeout=120)
    log(f"$ {' '.join(cmd)}   ({time.monotonic() - t:.2f} s, exit {p.returncode})\n"
        f"{p.stdout}{p.stderr}")
    if p.returncode != 0:
        sys.exit(f"mkzones: command failed (exit {p.returncode}): {' '.join(cmd)}\n"
                 f"{p.stdout}{p.stderr}\nsee {RUN}/build.log")
    return p.stdout


def ts(t):
    return time.strftime("%Y%m%d%H%M%S", time.gmtime(t))


def keygen(z, ksk, subdir=""):
    d = os.path.join(RUN, "keys", z.file, subdir)
    os.makedirs(d, exist_ok=True)
    cmd = ["dnssec-keygen", "-q", "-K", d, "-a", ALG_NAME[z.alg], "-n", "ZONE", "-L", "3600"]
    if z.alg in (5, 7, 8, 10):
        cmd += ["-b", "2048"]
    if ksk:
        cmd += ["-f", "KSK"]
    base = run(cmd + [z.name]).strip()
    return os.path.join(d, base)


def keyline(base):
    with open(base + ".key") as f:
        return "".join(l for l in f if not l.startswith(";")).strip()


def dnskey_of(base):
    parts = keyline(base).split()
    i = parts.index("DNSKEY")
    return dns.rdata.from_text("IN", "DNSKEY", " ".join(parts[i + 1:]))


def dsfromkey(base, digest):
    # "owner IN DS tag alg digesttype digest"
    return run(["dnssec-dsfromkey", "-a", DIGEST_NAME[digest], base + ".key"]).strip()


def ec_private(base):
    """The P-256 private key of a BIND .private file, for dnspython signing."""
    from cryptography.hazmat.primitives.asymmetric import ec
    with open(base + ".private") as f:
        for line in f:
            if line.startswith("PrivateKey:"):
                d = int.from_bytes(base64.b64decode(line.split(":", 1)[1].strip()), "big")
                return ec.derive_private_key(d, ec.SECP256R1())
    sys.exit(f"mkzones: no PrivateKey in {base}.private")


# ---------------------------------------------------------------- build

def make_keys(z):
    if z.brk == "ds-unsigned":       # signing was switched off, DS left at the parent
        z.ksk = keygen(z, True, "abandoned")
        return
    if not z.signed:
        return
    z.ksk = keygen(z, True)
    z.zsk = keygen(z, False)
    if z.brk == "dsmismatch":        # the KSK the parent's DS still points at
        z.oldksk = keygen(z, True, "old")


def make_ds(z):
    """The DS lines the parent publishes for z."""
    if not z.ds or z.ksk is None:
        return
    if z.brk == "dsmismatch":
        z.ds_lines = [dsfromkey(z.oldksk, d) for d in z.ds]
    elif z.brk == "ds-badalg":       # DS typed in by hand with the wrong algorithm field
        lines = []
        for d in z.ds:
            f = dsfromkey(z.ksk, d).split()
            f[4] = "8"               # owner IN DS tag ALG digesttype digest
            lines.append(" ".join(f))
        z.ds_lines = lines
    elif z.brk == "unknown-alg":     # the zone's keys carry an unassigned algorithm number
        k = dnskey_of(z.ksk).replace(algorithm=UNKNOWN_ALG)
        wire = dns.name.from_text(z.name).to_digestable() + k.to_digestable()
        z.ds_lines = [f"{z.name} IN DS {dns.dnssec.key_id(k)} {UNKNOWN_ALG} 2 "
                      f"{hashlib.sha256(wire).hexdigest().upper()}"]
    elif z.brk == "unknown-digest":  # only a DS of a digest type nobody implements
        f = dsfromkey(z.ksk, 2).split()
        f[5] = str(UNKNOWN_DIGEST)
        z.ds_lines = [" ".join(f)]
    else:
        z.ds_lines = [dsfromkey(z.ksk, d) for d in z.ds]


def zone_text(z, serial):
    i = z.idx
    L = [f"$ORIGIN {z.name}", "$TTL 3600",
         f"@ SOA {z.ns} hostmaster.{z.name if z.name != '.' else 'lab.'} {serial} 3600 900 604800 300",
         f"@ NS {z.ns}",
         f"{z.ns} A {LEVEL_ADDR[z.level]}"]
    if z.hosts:
        L += [f"@ A 127.53.11.{i}", f"www A 127.53.10.{i}", f"http A {HTTP_ADDR}"]
    L += z.extras
    for c in z.children:
        L += [f"{c.name} NS {c.ns}", f"{c.ns} A {LEVEL_ADDR[c.level]}"]
        L += c.ds_lines
    if z.signed:  # (unknown-alg: alg 13 keys, algorithm numbers rewritten after signing)
        L += [keyline(z.ksk), keyline(z.zsk)]
    return "\n".join(L) + "\n"


def sign(z, now):
    zdir = os.path.join(RUN, "zones")
    src = os.path.join(zdir, z.file + ".zone")
    out = os.path.join(zdir, z.file + ".signed")
    if not z.signed:
        shutil.copy(src, out)
        return
    start, end = now - 3600, now + 30 * 86400
    if z.brk == "expired":           # the re-signing cron job died 40 days ago
        start, end = now - 40 * 86400, now - 10 * 86400
    elif z.brk == "future":          # signed on a host whose clock ran 10 days ahead
        start, end = now + 10 * 86400, now + 40 * 86400
    n3 = z.nsec3
    if n3 and n3["tool"] == "ldns":
        cmd = ["ldns-signzone", "-n", "-t", str(n3["it"]), "-s", n3["salt"],
               "-i", ts(start), "-e", ts(end), "-f", out, "-o", z.name]
        if n3["optout"]:
            cmd.append("-p")
        run(cmd + [src, z.ksk, z.zsk])
        return
    cmd = ["dnssec-signzone", "-o", z.name, "-f", out, "-s", ts(start), "-e", ts(end),
           "-K", os.path.dirname(z.ksk), "-d", zdir]
    if n3:
        cmd += ["-3", n3["salt"], "-H", str(n3["it"])]
        if n3["optout"]:
            cmd.append("-A")
    keys = [z.ksk + ".key", z.zsk + ".key"]
    if z.brk in ("expired", "future"):
        cmd.append("-P")             # the built-in verifier would refuse them
    if z.brk == "zsk-only":          # KSK private key offline/lost: only the ZSK signs,
        cmd.append("-P")             # the DNSKEY RRset included
        keys = [z.zsk + ".key"]
    run(cmd + [src] + keys)


def load(z):
    return dns.zone.from_file(os.path.join(RUN, "zones", z.file + ".signed"),
                              z.name, relativize=False)


def save(z, zone):
    with open(os.path.join(RUN, "zones", z.file + ".signed"), "w") as f:
        zone.to_file(f, relativize=False)


def postprocess(z, now):
    """The breakages no signer produces on its own."""
    if z.brk not in ("badsig", "nosig-rrset", "wrongkey", "unknown-alg"):
        return
    zone = load(z)
    www = dns.name.from_text("www." + z.name)
    A, RRSIG = dns.rdatatype.A, dns.rdatatype.RRSIG
    if z.brk == "badsig":            # one bit flipped in one signature (disk/transfer rot)
        node = zone.find_node(www)
        rds = node.find_rdataset(dns.rdataclass.IN, RRSIG, A)
        old = list(rds)[0]
        sig = bytearray(old.signature)
        sig[len(sig) // 2] ^= 0x01
        rds.clear()
        rds.add(old.replace(signature=bytes(sig)))
    elif z.brk == "nosig-rrset":     # the signer skipped one RRset
        zone.find_node(www).delete_rdataset(dns.rdataclass.IN, RRSIG, A)
    elif z.brk == "wrongkey":        # www's A signed with alg13.lab.'s ZSK (signer alg13.lab.)
        other = BYNAME["alg13.lab."]
        node = zone.find_node(www)
        arr = node.find_rdataset(dns.rdataclass.IN, A)
        rrset = dns.rrset.RRset(www, dns.rdataclass.IN, A)
        rrset.update(arr)
        sig = dns.dnssec.sign(rrset, ec_private(other.zsk), dns.name.from_text(other.name),
                              dnskey_of(other.zsk), inception=now - 3600,
                              expiration=now + 30 * 86400)
        rds = node.find_rdataset(dns.rdataclass.IN, RRSIG, A)
        rds.clear()
        rds.add(sig)
    elif z.brk == "unknown-alg":     # keys and signatures carry algorithm 100
        newtag = {}
        for name, node in zone.items():
            for rds in node.rdatasets:
                if rds.rdtype == dns.rdatatype.DNSKEY:
                    items = list(rds)
                    rds.clear()
                    for k in items:
                        nk = k.replace(algorithm=UNKNOWN_ALG)
                        newtag[dns.dnssec.key_id(k)] = dns.dnssec.key_id(nk)
                        rds.add(nk)
        for name, node in zone.items():
            for rds in node.rdatasets:
                if rds.rdtype == RRSIG:
                    items = list(rds)
                    rds.clear()
                    for s in items:
                        rds.add(s.replace(algorithm=UNKNOWN_ALG,
                                          key_tag=newtag.get(s.key_tag, s.key_tag)))
    save(z, zone)


def anchors(root):
    k = dnskey_of(root.ksk)
    tag = dns.dnssec.key_id(k)
    with open(os.path.join(RUN, "anchor.key"), "w") as f:
        f.write(f"; nss-dnssec lab root KSK, key tag {tag}, built {ts(time.time())}\n")
        f.write(f". IN DNSKEY {k.to_text(chunksize=0)}\n")
    ds = dns.dnssec.make_ds(dns.name.root, k, "SHA256")
    with open(os.path.join(RUN, "anchor.ds"), "w") as f:
        f.write(f". IN DS {ds.to_text()}\n")
    key_b64 = base64.b64encode(k.key).decode()
    with open(os.path.join(RUN, "anchor.delv.conf"), "w") as f:
        f.write("trust-anchors {\n"
                f'\t. static-key {k.flags} {k.protocol} {int(k.algorithm)} "{key_b64}";\n'
                "};\n")
    with open(os.path.join(RUN, "root.hints"), "w") as f:
        f.write(". 3600000 NS a.root-servers.\n"
                f"a.root-servers. 3600000 A {LEVEL_ADDR[0]}\n")


def island_anchor(island):
    """A second trust anchor, for a signed zone below an unsigned delegation,
    and the lab's nss-dnssec.conf naming both anchor files."""
    k = dnskey_of(island.ksk)
    with open(os.path.join(RUN, "anchor-island.key"), "w") as f:
        f.write(f"; nss-dnssec lab: KSK of {island.name} (below the unsigned {island.parent}), "
                f"key tag {dns.dnssec.key_id(k)}, built {ts(time.time())}\n")
        f.write(f"{island.name} IN DNSKEY {k.to_text(chunksize=0)}\n")
    key_b64 = base64.b64encode(k.key).decode()
    with open(os.path.join(RUN, "anchor-island.delv.conf"), "w") as f:
        f.write("trust-anchors {\n"
                f'\t"{island.name}" static-key {k.flags} {k.protocol} {int(k.algorithm)} "{key_b64}";\n'
                "};\n")
    with open(os.path.join(RUN, "nss-dnssec.conf"), "w") as f:
        f.write("# nss-dnssec lab: the lab root's KSK and the island's (tests/lab/README.md)\n"
                f"trust-anchor-file {os.path.join(RUN, 'anchor.key')}\n"
                f"trust-anchor-file {os.path.join(RUN, 'anchor-island.key')}\n")
    os.chmod(os.path.join(RUN, "nss-dnssec.conf"), 0o644)


def forgeries(now):
    """RRsets the forging proxy serves in place of the genuine ones
    (run/forgeries.txt, one RR per line, absolute names).  Signatures are made
    here: the proxy has no keys."""
    lines = []
    win = dict(inception=now - 3600, expiration=now + 30 * 86400)
    # item: data signed by the parent inside a signed child.  www.child.parentsig.lab. A
    # with a valid RRSIG by parentsig.lab.'s ZSK (signer parentsig.lab., labels 4)
    par = BYNAME["parentsig.lab."]
    www = dns.name.from_text("www.child.parentsig.lab.")
    a = dns.rrset.from_text(www, 3600, "IN", "A", HTTP_FORGED_ADDR)
    sig = dns.dnssec.sign(a, ec_private(par.zsk), dns.name.from_text(par.name),
                          dnskey_of(par.zsk), **win)
    lines += [a.to_text(), f"{www} 3600 IN RRSIG {sig.to_text()}"]
    # item: an island name forged with a garbage RRSIG whose signer is the unsigned
    # parent (the attacker's claim: "this name belongs to the unsigned zone")
    isl = BYNAME[ISLAND]
    www = dns.name.from_text("www." + isl.name)
    a = dns.rrset.from_text(www, 3600, "IN", "A", HTTP_FORGED_ADDR)
    garbage = dns.rdata.from_text(
        "IN", "RRSIG", f"A 13 {len(www) - 1} 3600 {ts(now + 30 * 86400)} {ts(now - 3600)} "
        f"{dns.dnssec.key_id(dnskey_of(isl.zsk))} {isl.parent} "
        + base64.b64encode(os.urandom(64)).decode())
    lines += [a.to_text(), f"{www} 3600 IN RRSIG {garbage.to_text()}"]
    with open(os.path.join(RUN, "forgeries.txt"), "w") as f:
        f.write("; nss-dnssec lab: forged RRsets served by proxy.py --mode forge\n")
        f.write("\n".join(lines) + "\n")


def main():
    global RUN, LOG
    if len(sys.argv) != 2:
        sys.exit("usage: mkzones.py RUNDIR")
    RUN = os.path.abspath(sys.argv[1])
    for d in ("keys", "zones"):
        shutil.rmtree(os.path.join(RUN, d), ignore_errors=True)
        os.makedirs(os.path.join(RUN, d))
    LOG = open(os.path.join(RUN, "build.log"), "w")
    now = int(time.time())
    t0 = time.monotonic()
    workers = max(2, os.cpu_count() or 2)
    with concurrent.futures.ThreadPoolExecutor(workers) as ex:
        list(ex.map(make_keys, ZONES))
        t1 = time.monotonic()
        list(ex.map(make_ds, ZONES))
        for z in ZONES:
            with open(os.path.join(RUN, "zones", z.file + ".zone"), "w") as f:
                f.write(zone_text(z, now))
        list(ex.map(lambda z: sign(z, now), ZONES))
    for z in ZONES:
        postprocess(z, now)
    anchors(BYNAME["."])
    island_anchor(BYNAME[ISLAND])
    forgeries(now)
    with open(os.path.join(RUN, "zones", "manifest.tsv"), "w") as f:
        for z in ZONES:
            f.write(f"{z.level}\t{z.name}\t{os.path.join(RUN, 'zones', z.file + '.signed')}\n")
    print(f"mkzones: {len(ZONES)} zones, {sum(1 for z in ZONES if z.signed)} signed; "
          f"keys {t1 - t0:.1f} s, zones+signing {time.monotonic() - t1:.1f} s")


if __name__ == "__main__":
    main()
