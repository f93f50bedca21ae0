#!/usr/bin/python3
"""Run the lab's two validating references over every row of expect.tsv.

    check-references.py [--tsv FILE] [--env FILE] [--jobs N] [--verbose]

References (both on the running lab; start it with tests/lab/up.sh):
  delv     BIND 9.18 `delv -a run/anchor.delv.conf +root=. @RESOLVER NAME TYPE`,
           RESOLVER being the row's resolver (honest / attacker / strip / delay);
           delv validates itself, the resolver only fetches.  delv uses one trust
           anchor per run (the +root one; others in -a are ignored), so with the
           island's anchor (run/anchor-island.delv.conf) it runs once per anchor:
           from the deepest anchor covering the name, and again from a deeper
           anchor covering an owner in the answer (a CNAME target); each RRset's
           status comes from the run with the deepest anchor covering its owner,
           and a failed run fails the row (what a validator holding both does).
  unbound  a validating unbound per resolver: ref-honest iterates from the lab
           root itself, ref-attacker / ref-strip / ref-delay forward to the
           attacker / strip / delay proxy.  Queried with DO and AD set.

Mapping of what a reference says to a verdict class:
  delv:    "; fully validated" on every RRset -> secure; any "; unsigned answer"
           -> insecure; ";; resolution failed: X" with X other than "ncache
           nxdomain" / "ncache nxrrset" -> fail.
  unbound: SERVFAIL -> fail; AD set -> secure; otherwise -> insecure.
  Expected bogus and indeterminate both map to fail: neither reference tells
  "the zone is broken" from "the resolver withheld the data" in a way that is
  stable to compare, so strip rows (indeterminate) and bogus rows expect fail.
For secure and insecure rows the rcode and the RDATA of the question's type
(sorted, comma-joined; '*' = any non-empty, '-' = none) must match too.

A row's 'known' column documents an expected disagreement, e.g.
    delv=secure,unbound=secure: reason
which means that reference is expected to say 'secure' instead (with the
row's rcode and RDATA).  VERDICT/RDATA (RDATA items joined by '|', e.g.
delv=secure/127.53.80.66) gives the RDATA the reference returns instead,
for rows that expect a failure; the rcode is then not compared.  Rows that
match neither the expectation nor the documented disagreement fail the run
(exit 1).  Exit 2: the lab is not running or the table is malformed.
"""
import argparse
import concurrent.futures
import os
import subprocess
import sys
import time

import dns.edns
import dns.flags
import dns.message
import dns.query
import dns.rcode
import dns.rdata
import dns.rdatatype

LAB = os.path.dirname(os.path.abspath(__file__))
DELV_SRC = "127.53.55.1"      # source addresses, so proxy logs tell the references apart
UNBOUND_SRC = "127.53.55.2"
VERDICTS = ("secure", "insecure", "bogus", "indeterminate")
RESOLVERS = {  # resolver -> (env var of the resolver delv uses, env var of the unbound reference)
    "honest": ("LAB_HONEST", "LAB_REF_HONEST"),
    "attacker": ("LAB_ATTACKER", "LAB_REF_ATTACKER"),
    "strip": ("LAB_STRIP", "LAB_REF_STRIP"),
    "delay": ("LAB_DELAY", "LAB_REF_DELAY"),
}


class Res:
    def __init__(self, cls, rcode="-", rdata=(), detail=""):
        self.cls, self.rcode, self.rdata, self.detail = cls, rcode, sorted(rdata), detail

    def short(self):
        rd = ",".join(self.rdata) if self.rdata else "-"
        if len(rd) > 60:
            rd = rd[:57] + "..."
        return f"{self.cls}/{self.rcode}/{rd}"


def norm(rtype, text):
    try:
        return dns.rdata.from_text("IN", rtype, text).to_text()
    except Exception:
        return text.strip()


def delv_anchors(env):
    """[(anchor name, delv -a file)], deepest first."""
    out = [(dns.name.root, env["LAB_DELV_ANCHOR"])]
    if env.get("LAB_ISLAND") and env.get("LAB_DELV_ANCHOR_ISLAND"):
        out.append((dns.name.from_text(env["LAB_ISLAND"]), env["LAB_DELV_ANCHOR_ISLAND"]))
    return sorted(out, key=lambda a: -len(a[0]))


def deepest(anchors, owner):
    return next(a for a in anchors if dns.name.from_text(owner).is_subdomain(a[0]))


def ask_delv(env, server, name, rtype):
    anchors = delv_anchors(env)
    runs = {}

    def run(anchor):
        if anchor not in runs:
            runs[anchor] = delv_once(anchor, server, name, rtype)
        return runs[anchor]

    first = deepest(anchors, name)
    res, owners = run(first)
    if res.cls == "fail" or len(anchors) == 1:
        return res
    statuses = []
    for owner, st in owners:
        a = deepest(anchors, owner)
        if a == first:
            statuses.append(st)
            continue
        other, other_owners = run(a)
        if other.cls == "fail":
            return Res("fail", other.rcode, (), f"+root={a[0]}: {other.detail}")
        statuses += [s for o, s in other_owners if deepest(anchors, o) == a]
    if len(runs) > 1:
        res.cls = "insecure" if "unsigned answer" in statuses else "secure"
        res.detail = f"runs +root={', '.join(str(a[0]) for a in runs)}: " + res.detail
    return res


def delv_once(anchor, server, name, rtype):
    """One delv run from one anchor: (Res, [(owner, status) per RRset])."""
    cmd = ["delv", "-a", anchor[1], f"+root={anchor[0]}", "-b", DELV_SRC,
           "@" + server, name, rtype]
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                           timeout=40)
    except subprocess.TimeoutExpired:
        return Res("fail", "-", (), "delv timed out after 40 s"), []
    failed, statuses, rdata, rcode = None, [], [], "NOERROR"
    owners = []     # [owner, status]: a status line, then the RRs it is about
    for line in p.stdout.splitlines():
        s = line.strip()
        if not s:
            continue
        if s.startswith(";; resolution failed:"):
            why = s.split(":", 1)[1].strip()
            if why == "ncache nxdomain":
                rcode = "NXDOMAIN"
            elif why == "ncache nxrrset":
                rcode = "NOERROR"
            else:
                failed = why
        elif s.startswith("; "):
            body = s[2:]
            if body.startswith("negative response, "):
                body = body[len("negative response, "):]
            if body in ("fully validated", "unsigned answer"):
                statuses.append(body)
                owners.append([None, body])
        elif not s.startswith(";"):
            f = s.split(None, 4)
            if owners and owners[-1][0] is None:
                owners[-1][0] = f[0]
            if len(f) == 5 and f[2] == "IN" and f[3] == rtype.upper():
                rdata.append(norm(rtype, f[4]))
    detail = " | ".join(l.strip() for l in p.stdout.splitlines()
                        if l.startswith(";;"))[:300]
    if failed:
        return Res("fail", "SERVFAIL", (), f"resolution failed: {failed}"), []
    if not statuses:
        return Res("fail", "SERVFAIL", (), f"no validation status in output: {detail}"), []
    cls = "insecure" if "unsigned answer" in statuses else "secure"
    return Res(cls, rcode, rdata, detail), [(o or name, st) for o, st in owners]


def ask_unbound(server, name, rtype):
    q = dns.message.make_query(name, rtype, want_dnssec=True, use_edns=0, payload=1232)
    q.flags |= dns.flags.AD
    try:
        r = dns.query.udp(q, server, timeout=15, source=UNBOUND_SRC)
        if r.flags & dns.flags.TC:
            r = dns.query.tcp(q, server, timeout=15, source=UNBOUND_SRC)
    except Exception as e:
        return Res("fail", "-", (), f"no answer from {server}: {e!r}")
    rcode = dns.rcode.to_text(r.rcode())
    ede = "; ".join(f"EDE {o.code}: {o.text or ''}" for o in r.options
                    if isinstance(o, dns.edns.EDEOption))
    if r.rcode() == dns.rcode.SERVFAIL:
        return Res("fail", rcode, (), ede)
    want = dns.rdatatype.from_text(rtype)
    rdata = [rd.to_text() for rr in r.answer if rr.rdtype == want for rd in rr]
    cls = "secure" if r.flags & dns.flags.AD else "insecure"
    if r.rcode() not in (dns.rcode.NOERROR, dns.rcode.NXDOMAIN):
        cls = "fail"
    return Res(cls, rcode, rdata, ede)


def matches(res, verdict, rcode, rdata):
    want = verdict if verdict in ("secure", "insecure") else "fail"
    if res.cls != want:
        return False
    if want == "fail":
        return True
    if res.rcode != rcode:
        return False
    if rdata == "*":
        return bool(res.rdata)
    if rdata == "-":
        return not res.rdata
    return ",".join(res.rdata) == ",".join(sorted(rdata.split(",")))


def matches_known(res, over, rcode, rdata):
    """over: (verdict, RDATA or None) of a documented disagreement."""
    verdict, odata = over
    if odata is None:
        return matches(res, verdict, rcode, rdata)
    return res.cls == verdict and res.rdata == sorted(odata.split("|"))


def parse_known(known):
    """'delv=secure,unbound=secure/1.2.3.4: reason'
    -> ({'delv': ('secure', None), 'unbound': ('secure', '1.2.3.4')}, reason)"""
    if known in ("", "-"):
        return {}, ""
    head, _, reason = known.partition(":")
    over = {}
    for item in head.split(","):
        ref, _, v = item.strip().partition("=")
        v, slash, odata = v.partition("/")
        if ref not in ("delv", "unbound") or v not in VERDICTS or (slash and not odata):
            raise ValueError(f"bad 'known' column {known!r}")
        over[ref] = (v, odata if slash else None)
    if not reason.strip():
        raise ValueError(f"'known' column without a reason: {known!r}")
    return over, reason.strip()


def load_rows(path):
    rows = []
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 8:
                sys.exit(f"{path}:{n}: expected 8 tab-separated columns, got {len(cols)}")
            name, rtype, resolver, verdict, rdata, rcode, case, known = cols
            if resolver not in RESOLVERS or verdict not in VERDICTS:
                sys.exit(f"{path}:{n}: bad resolver {resolver!r} or verdict {verdict!r}")
            try:
                over, reason = parse_known(known)
            except ValueError as e:
                sys.exit(f"{path}:{n}: {e}")
            rows.append(dict(line=n, name=name, type=rtype, resolver=resolver, verdict=verdict,
                             rdata=rdata, rcode=rcode, case=case, over=over, reason=reason))
    return rows


def load_env(path):
    env = {}
    try:
        with open(path) as f:
            for line in f:
                k, sep, v = line.strip().partition("=")
                if sep and not k.startswith("#"):
                    env[k] = v
    except OSError:
        sys.exit(f"check-references: {path} missing: is the lab up? (tests/lab/up.sh)")
    return env


def main():
    ap = argparse.ArgumentParser(description="Cross-check expect.tsv against delv and unbound.")
    ap.add_argument("--tsv", default=os.path.join(LAB, "expect.tsv"))
    ap.add_argument("--env", default=os.path.join(LAB, "run", "env"))
    ap.add_argument("--jobs", type=int, default=8)
    ap.add_argument("--verbose", "-v", action="store_true")
    a = ap.parse_args()
    env = load_env(a.env)
    rows = load_rows(a.tsv)
    probe = ask_unbound(env["LAB_REF_HONEST"], "www.alg13.lab", "A")
    if probe.cls != "secure":
        print(f"check-references: the lab does not answer as expected (www.alg13.lab A via "
              f"{env['LAB_REF_HONEST']}: {probe.short()} {probe.detail}); run tests/lab/up.sh",
              file=sys.stderr)
        return 2

    def one(row):
        dsrv, usrv = (env[v] for v in RESOLVERS[row["resolver"]])
        return (ask_delv(env, dsrv, row["name"], row["type"]),
                ask_unbound(usrv, row["name"], row["type"]))

    t0 = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max(1, a.jobs)) as ex:
        results = list(ex.map(one, rows))
    took = time.monotonic() - t0

    score = {r: {"agree": 0, "known": 0, "fixed": 0, "fail": 0} for r in ("delv", "unbound")}
    failures = 0
    for row, (rd, ru) in zip(rows, results):
        marks = []
        bad = False
        for ref, res in (("delv", rd), ("unbound", ru)):
            if ref in row["over"]:
                if matches_known(res, row["over"][ref], row["rcode"], row["rdata"]):
                    score[ref]["known"] += 1
                    marks.append(f"{ref}=known")
                    continue
                if matches(res, row["verdict"], row["rcode"], row["rdata"]):
                    score[ref]["fixed"] += 1   # documented disagreement no longer happens
                    marks.append(f"{ref}=agree(known-disagreement-gone)")
                    continue
            elif matches(res, row["verdict"], row["rcode"], row["rdata"]):
                score[ref]["agree"] += 1
                marks.append(f"{ref}=agree")
                continue
            score[ref]["fail"] += 1
            bad = True
            marks.append(f"{ref}=DISAGREE[{res.short()}; {res.detail}]")
        failures += bad
        status = "FAIL" if bad else ("KNOWN" if any("known" in m for m in marks) else "ok")
        if bad or a.verbose or status == "KNOWN":
            exp = f"{row['verdict']}/{row['rcode']}/{row['rdata'] if len(row['rdata']) < 60 else row['rdata'][:57] + '...'}"
            print(f"{status:5} {row['name']} {row['type']} via {row['resolver']}: expect {exp}; "
                  + " ".join(marks) + (f"  # {row['reason']}" if row["reason"] and not bad else ""))
    n = len(rows)
    print(f"\n{n} rows, checked in {took:.1f} s")
    for ref, s in score.items():
        print(f"{ref:8} agrees {s['agree'] + s['fixed']}/{n}, documented disagreements "
              f"{s['known']}, undocumented {s['fail']}"
              + (f" ({s['fixed']} documented disagreement(s) no longer occur)" if s["fixed"] else ""))
    if failures:
        print(f"check-references: FAIL: {failures} row(s) with undocumented disagreement")
        return 1
    print("check-references: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
