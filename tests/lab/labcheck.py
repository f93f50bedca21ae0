"""What the lab's check scripts share: where things are, the running lab's
run/env, and a tally of checks that ends the script (exit 1 on any failure
or when nothing was checked)."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
TOOL = os.path.join(TOP, os.environ.get('O', 'build'), 'nss-dnssec')
E2E = os.path.join(TOP, 'tests', 'e2e', 'check-e2e.py')


def lab_env():
    env = {}
    with open(os.path.join(HERE, 'run', 'env')) as f:
        for line in f:
            if '=' in line and not line.startswith('#'):
                k, v = line.strip().split('=', 1)
                env[k] = v
    return env


class Tally:
    def __init__(self, name):
        self.name, self.passed, self.failed = name, 0, 0

    def check(self, ok, what):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print('FAIL', what)

    def finish(self):
        print(f'{self.name}: {self.passed} passed, {self.failed} failed')
        sys.exit(1 if self.failed or not self.passed else 0)


def write_conf(directory, name, text):
    """A file the module will read (root-owned, 0644: its checks apply)."""
    path = os.path.join(directory, name)
    with open(path, 'w') as f:
        f.write(text)
    os.chmod(path, 0o644)
    return path
