# tests/e2e/check-nscd.py: the module inside a host-wide cache, glibc's nscd
# and unscd (README.md, "A host-wide cache").  Runs under check-lab, while the
# lab is up and its lock held; needs the module and the two daemons, which
# tests/install-deps.sh unpacks into /opt/nss-dnssec-tests (never installed:
# an installed one would serve the whole host).
LAB_TESTS += tests/e2e/check-nscd.py
check-lab: $(NSS_SO)

# Alone, on a lab that is already up (hold its lock):
#   flock /tmp/nss-dnssec-lab.lock make O=... lab-up check-nscd lab-down
check-nscd: $(NSS_SO)
	O=$(O) tests/e2e/check-nscd.py
.PHONY: check-nscd
