#!/usr/bin/python3
"""For every zone of the lab that is broken on purpose, the reason that
nss-dnssec query gives must name the broken link: the zone or record, a key
tag where a key is involved, and the operator's likely mistake.  Key tags
change with every lab build, so only their presence is checked.  Prints
"N passed, N failed".  Run with the lab up (make check-lab runs it)."""
import os, re, subprocess, sys

here = os.path.dirname(os.path.abspath(__file__))
tool = os.path.join(os.path.dirname(os.path.dirname(here)), os.environ.get('O', 'build'), 'nss-dnssec')
env = dict(l.strip().split('=', 1) for l in open(os.path.join(here, 'run', 'env')) if '=' in l and not l.startswith('#'))

# name, type, EDE, phrases that must all appear, whether a key tag must appear
CASES = [
    ('www.expired.lab', 'A', 7, ['expired.lab.', 'expired at', 'signatures not refreshed'], True),
    ('tobogus.alg13.lab', 'A', 7, ['expired.lab.', 'expired at'], True),
    ('www.future.lab', 'A', 8, ['future.lab.', 'not valid before'], True),
    ('www.dsmismatch.lab', 'A', 9, ['in the parent zone lab.', 'dsmismatch.lab.', 'KSK rolled without updating the DS'], True),
    ('www.ds-unsigned.lab', 'A', 9, ['ds-unsigned.lab. has no DNSKEY', 'DS still published'], True),
    ('www.zsk-only.lab', 'A', 6, ['zsk-only.lab.', 'the KSK must sign the DNSKEY set'], True),
    ('www.ds-badalg.lab', 'A', 9, ['ds-badalg.lab.', 'DS made with the wrong algorithm'], True),
    ('www.badsig.lab', 'A', 6, ['www.badsig.lab. A', 'badsig.lab.', 'does not verify'], True),
    ('www.nosig-rrset.lab', 'A', 10, ['www.nosig-rrset.lab. A has no RRSIG', 'nosig-rrset.lab. is signed'], False),
    ('www.wrongkey.lab', 'A', 6, ['signed by alg13.lab.', 'not by its zone wrongkey.lab.'], True),
]
passed = failed = 0
for name, rtype, ede, phrases, tag in CASES:
    p = subprocess.run([tool, 'query', '--anchor', env['LAB_ANCHOR_KEY'], '--server', env['LAB_HONEST'], name, rtype],
                       capture_output=True, text=True, timeout=60)
    reason = next((l for l in p.stdout.splitlines() if l.startswith('reason:')), '')
    missing = [ph for ph in phrases if ph not in reason]
    if not reason.startswith(f'reason: EDE {ede} '):
        missing.append(f'EDE {ede}')
    if tag and not re.search(r'(key|DS|keys) \d+', reason):
        missing.append('a key tag')
    ok = p.returncode == 2 and not missing
    passed += ok
    failed += not ok
    print(f"{'ok  ' if ok else 'FAIL'} {name} {rtype}: {reason}" + ('' if ok else f'  (missing: {missing})'))
print(f'lab-why: {passed} passed, {failed} failed')
sys.exit(1 if failed else 0)
