# tests/hostile: nss-dnssec query against a scripted hostile upstream (a fake
# recursive resolver in Python on 127.55.S.0/24, port 5399, UDP and TCP) that
# answers from a signed hierarchy built at test time; see tests/hostile/README.md.
# Needs /usr/bin/python3 with python3-dnspython and python3-cryptography; no
# root, no lab.
#
#   make check-hostile                 the suite (about 10 s)
#   tests/hostile/run.py -v [CASE...]  by hand (O=build-dir), --discover, --mutate

.PHONY: check-hostile
check-hostile: $(TOOL)
	O=$(O) /usr/bin/python3 tests/hostile/run.py

CHECK_TARGETS += check-hostile
