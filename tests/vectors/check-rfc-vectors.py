#!/usr/bin/python3
"""Every server row of the RFC vectors' expect.tsv through the real tool:
  nss-dnssec query --short --at AT --anchor ANCHOR --server SERVER QNAME QTYPE
against the vectors' own NSD servers (127.0.4.1-4, started here from a copy
of tests/vectors/rfc-vectors and stopped again).  tests/vectors/rfc-vectors
is a verbatim copy of the project's shared ../shared/rfc-vectors, kept in
the repository so that a clone tests the same on any machine.  Compares the verdict and the
answer; prints one line per row and "N passed, N failed".  Needs root."""
import os, shutil, subprocess, sys, tempfile

top = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
vectors = os.path.join(top, 'tests', 'vectors', 'rfc-vectors')
tool = os.path.join(top, os.environ.get('O', 'build'), 'nss-dnssec')
if not os.path.isdir(vectors):
    sys.exit(f'check-rfc-vectors: {vectors} not found')
if not os.access(tool, os.X_OK):
    sys.exit(f'check-rfc-vectors: {tool} not built')

tmp = tempfile.mkdtemp(prefix='nss-dnssec-vectors-')
copy = os.path.join(tmp, 'rfc-vectors')
shutil.copytree(vectors, copy, ignore=shutil.ignore_patterns('.run'))
env = dict(os.environ, NO_UNBOUND='1')
passed = failed = 0
try:
    subprocess.run([os.path.join(copy, 'up.sh')], check=True, env=env, stdout=subprocess.DEVNULL)
    with open(os.path.join(copy, 'expect.tsv')) as f:
        rows = [l.rstrip('\n').split('\t') for l in f if l.strip() and not l.startswith('#')]
    for qname, qtype, verdict, answer, at, source, note, server, anchor, rcode in rows:
        if server == '-':
            continue  # offline rows: the unit tests check those
        cmd = [tool, 'query', '--short', '--at', at, '--anchor', os.path.join(copy, anchor),
               '--server', server, qname, qtype]
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
        lines = p.stdout.splitlines()
        got = lines[0] if lines else '(nothing)'
        data = ','.join(sorted(lines[1:])) or '-'
        ok = got == verdict and (answer == '-' or data.upper() == answer.upper().replace(' ', '') or
                                 data.replace(' ', '').upper() == answer.replace(' ', '').upper())
        if qtype == 'DNSKEY':
            ok = got == verdict
        print(f"{'ok  ' if ok else 'FAIL'} {qname} {qtype} at {at} via {server}: {got} {data}"
              + ('' if ok else f'  (expected {verdict} {answer}; {source}: {note}) {p.stderr.strip()}'))
        passed += ok
        failed += not ok
finally:
    subprocess.run([os.path.join(copy, 'down.sh')], env=env, stdout=subprocess.DEVNULL)
    shutil.rmtree(tmp, ignore_errors=True)
print(f'rfc-vectors: {passed} passed, {failed} failed')
sys.exit(1 if failed or not passed else 0)
