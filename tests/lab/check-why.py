#!/usr/bin/python3
"""For every zone of the lab that is broken on purpose, `nss-dnssec why` must
name the broken link (the zone or record, a key tag where a key is
involved), give the reason (EDE and the operator's likely mistake) and say
what to do about it, specific to the case.  Key tags change with every lab
build: the headline case (dsmismatch) checks them against what the lab's
own servers publish (dig, dnspython's key_id); the others check their
presence.  Then a secure, two insecure and an indeterminate name: `why`
says they are not failing and why, or names the resolver.  Prints
"N passed, N failed".  Run with the lab up (make check-lab runs it)."""
import os, re, subprocess, sys

import dns.dnssec
import dns.flags
import dns.message
import dns.query
import dns.rdatatype

here = os.path.dirname(os.path.abspath(__file__))
tool = os.path.join(os.path.dirname(os.path.dirname(here)), os.environ.get('O', 'build'), 'nss-dnssec')
env = dict(l.strip().split('=', 1) for l in open(os.path.join(here, 'run', 'env')) if '=' in l and not l.startswith('#'))

# name, type, EDE, phrases the reason must hold, whether a key tag must
# appear in it, phrases the "what to do" paragraph must hold (regular
# expressions; \d+ stands for a key tag)
CASES = [
    ('www.expired.lab', 'A', 7, ['expired.lab.', 'expired at', 'signatures not refreshed'], True,
     [r'Re-sign expired\.lab\.', r'by key \d+ expired at \d{4}-\d\d-\d\d', 're-signing job']),
    ('tobogus.alg13.lab', 'A', 7, ['expired.lab.', 'expired at'], True,
     [r'Re-sign expired\.lab\.', 're-signing job']),
    ('www.future.lab', 'A', 8, ['future.lab.', 'not valid before'], True,
     [r'valid only from \d{4}-', r"signer's clock is ahead, or this host's clock is behind", r're-sign future\.lab\.']),
    ('www.dsmismatch.lab', 'A', 9, ['in the parent zone lab.', 'dsmismatch.lab.', 'KSK rolled without updating the DS'], True,
     [r'Publish a DS for key \d+ at the registrar of dsmismatch\.lab\. \(the parent lab\.\)',
      r're-add the old KSK \d+ to dsmismatch\.lab\.']),
    ('www.ds-unsigned.lab', 'A', 9, ['ds-unsigned.lab. has no DNSKEY', 'DS still published'], True,
     [r'publishes no DNSKEY', r'remove the DS at the registrar of ds-unsigned\.lab\. \(the parent lab\.\)']),
    ('www.zsk-only.lab', 'A', 6, ['zsk-only.lab.', 'the KSK must sign the DNSKEY set'], True,
     [r'Sign the DNSKEY set of zsk-only\.lab\. with the KSK the DS at lab\. names \(key \d+\)',
      r'signed only by \d+', "without the KSK's private key"]),
    ('www.ds-badalg.lab', 'A', 9, ['ds-badalg.lab.', 'DS made with the wrong algorithm'], True,
     [r'says algorithm RSASHA256, but key \d+ of ds-badalg\.lab\. is algorithm ECDSAP256SHA256 \(13\)',
      r'Replace the DS at the registrar of ds-badalg\.lab\. \(the parent lab\.\)']),
    ('www.badsig.lab', 'A', 6, ['www.badsig.lab. A', 'badsig.lab.', 'does not verify'], True,
     [r'RRSIG over www\.badsig\.lab\. A by key \d+ of badsig\.lab\. does not verify', r'Re-sign badsig\.lab\.',
      'altered or forged']),
    ('www.nosig-rrset.lab', 'A', 10, ['www.nosig-rrset.lab. A has no RRSIG', 'nosig-rrset.lab. is signed'], False,
     [r'www\.nosig-rrset\.lab\. A carries no RRSIG', r're-sign nosig-rrset\.lab\.', 'skipped this RRset']),
    ('www.wrongkey.lab', 'A', 6, ['signed by alg13.lab.', 'not by its zone wrongkey.lab.'], True,
     [r'signed by alg13\.lab\. \(key \d+\), not by its own zone wrongkey\.lab\.',
      r'Sign it with the keys of wrongkey\.lab\.']),
]
# the broken link each case must name: "zone Z, record R"
LINK = {
    'www.expired.lab': 'zone expired.lab., record expired.lab. DNSKEY',
    'tobogus.alg13.lab': 'zone expired.lab., record expired.lab. DNSKEY',
    'www.future.lab': 'zone future.lab., record future.lab. DNSKEY',
    'www.dsmismatch.lab': 'zone dsmismatch.lab., record dsmismatch.lab. DNSKEY',
    'www.ds-unsigned.lab': 'zone ds-unsigned.lab., record ds-unsigned.lab. DNSKEY (keys none)',
    'www.zsk-only.lab': 'zone zsk-only.lab., record zsk-only.lab. DNSKEY',
    'www.ds-badalg.lab': 'zone ds-badalg.lab., record ds-badalg.lab. DNSKEY',
    'www.badsig.lab': 'zone badsig.lab., record www.badsig.lab. A, RRSIG by badsig.lab. key',
    'www.nosig-rrset.lab': 'zone nosig-rrset.lab., record www.nosig-rrset.lab. A, no RRSIG',
    'www.wrongkey.lab': 'zone wrongkey.lab., record www.wrongkey.lab. A, RRSIG by alg13.lab. key',
}


def why(name, rtype, server=env['LAB_HONEST']):
    p = subprocess.run([tool, 'why', '--anchor', env['LAB_ANCHOR_KEY'], '--server', server, name, rtype],
                       capture_output=True, text=True, timeout=60)
    fields, key = {}, None
    for line in p.stdout.splitlines():
        m = re.match(r'([a-z ]+): (.*)', line)
        if m and not line.startswith(' '):
            key = m.group(1)
            fields[key] = m.group(2)
        elif key and line.startswith('  '):
            fields[key] += ' ' + line.strip()
    return p, fields


def rrset(server, name, rtype):
    q = dns.message.make_query(name, rtype, want_dnssec=True)
    q.flags |= dns.flags.CD
    r = dns.query.udp(q, server, timeout=5)
    for rr in r.answer:
        if rr.rdtype == dns.rdatatype.from_text(rtype):
            return rr
    return []


passed = failed = 0


def report(ok, what, detail=''):
    global passed, failed
    passed += ok
    failed += not ok
    print(f"{'ok  ' if ok else 'FAIL'} {what}" + ('' if ok else f'  ({detail})'))


for name, rtype, ede, phrases, tag, todo in CASES:
    p, f = why(name, rtype)
    reason, advice, link = f.get('reason', ''), f.get('what to do', ''), f.get('broken link', '')
    missing = [ph for ph in phrases if ph not in reason]
    if not reason.startswith(f'EDE {ede} '):
        missing.append(f'EDE {ede}')
    if tag and not re.search(r'(key|DS|keys) \d+', reason):
        missing.append('a key tag in the reason')
    missing += [f'advice /{rx}/' for rx in todo if not re.search(rx, advice)]
    if not link.startswith(LINK[name]):
        missing.append(f'broken link "{LINK[name]}" (got "{link}")')
    if f.get('verdict') != 'bogus':
        missing.append('verdict: bogus')
    report(p.returncode == 2 and not missing, f'why {name} {rtype}: {advice[:100]}...', f'missing: {missing}')

# The headline case, against what the lab's servers publish: the DS at lab.
# names the old key, the zone's KSK (the key that signs its DNSKEY set with
# the SEP flag) is the one to publish.
p, f = why('www.dsmismatch.lab', 'A')
ds_tags = {r.key_tag for r in rrset(env['LAB_TLD_NS'], 'dsmismatch.lab.', 'DS')}
keys = rrset(env['LAB_CHILD_NS'], 'dsmismatch.lab.', 'DNSKEY')
ksk_tags = {dns.dnssec.key_id(k) for k in keys if k.flags & 1}
m = re.search(r'Publish a DS for key (\d+) at the registrar.*re-add the old KSK (\d+)', f.get('what to do', ''))
ok = bool(m) and int(m.group(1)) in ksk_tags and int(m.group(2)) in ds_tags and len(ksk_tags) == 1
report(ok, f'why www.dsmismatch.lab: publish the DS of KSK {ksk_tags}, old KSK {ds_tags} (from dig)',
       f'advice: {f.get("what to do")}')

# Names that do not fail: why says so, and why.
for name, server, status, rx in [
    ('www.sub.alg13.lab', env['LAB_HONEST'], 0,
     r'^secure: every link verified from the trust anchor: \. \(anchor, key \d+\) -> lab\. \(key \d+\) -> '
     r'alg13\.lab\. \(key \d+\) -> sub\.alg13\.lab\. \(key \d+\) -> www\.sub\.alg13\.lab\. signed by key \d+'),
    ('www.unsigned.lab', env['LAB_HONEST'], 1, r'^insecure: lab\. proves there is no DS for unsigned\.lab\. \(NSEC\)'),
    ('www.insecure.optout.lab', env['LAB_HONEST'], 1,
     r'^insecure: optout\.lab\. proves there is no DS for insecure\.optout\.lab\. \(NSEC3 opt-out\)'),
]:
    p, f = why(name, 'A', server)
    got = f.get('not failing', '')
    report(p.returncode == status and re.search(rx, got) is not None and 'what to do' not in f,
           f'why {name}: exit {p.returncode}: {got[:90]}...', f'want /{rx}/, exit {status}; got {f}')

# Through the DNSSEC-stripping resolver: indeterminate, naming it and what
# it failed to return.
p, f = why('www.alg13.lab', 'A', env['LAB_STRIP'])
ok = (p.returncode == 3 and f.get('verdict') == 'indeterminate' and
      f.get('broken link', '').startswith(f"the resolver {env['LAB_STRIP']}, the answer for") and
      env['LAB_STRIP'] in f.get('reason', '') and f"@{env['LAB_STRIP']}" in f.get('what to do', '') and
      'use another resolver' in f.get('what to do', ''))
report(ok, f"why www.alg13.lab via the stripping resolver: {f.get('broken link')}", f'got {f}')

print(f'lab-why: {passed} passed, {failed} failed')
sys.exit(1 if failed or not passed else 0)
