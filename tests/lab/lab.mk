# tests/lab: the private signed DNS lab on 127.53.0.0/16 (see tests/lab/README.md).
# Needs root (ports 53 and 80) and the packages nsd, unbound, bind9-utils,
# bind9-dnsutils, ldnsutils, python3-dnspython.
#
#   make lab-up      build keys/zones and start everything (restarts a running lab)
#   make lab-down    stop exactly the processes the lab recorded
#   make check-lab   lab-up, every LAB_TESTS script in order, lab-down (also when a
#                    test fails or on Ctrl-C); fails if any script failed
#
# Other subsystems add scripts that need the running lab with (they run after
# the references check)
#   LAB_TESTS += path/to/script
# (each runs from the top directory; tests/lab/run/env has the addresses).

LAB_DIR := tests/lab
LAB_TESTS := $(LAB_DIR)/check-references.py $(LAB_DIR)/check-tool.py $(LAB_DIR)/check-why.py $(LAB_DIR)/check-trace.py $(LAB_DIR)/check-crypto.py $(LAB_DIR)/check-needless.py $(LAB_DIR)/check-fallback.py $(LAB_DIR)/check-fallback-limits.py $(LAB_DIR)/check-probe.py $(LAB_TESTS)

.PHONY: lab-up lab-down check-lab
lab-up:
	$(LAB_DIR)/up.sh

lab-down:
	$(LAB_DIR)/down.sh

# The lab's addresses are fixed: one lab per machine.  check-lab holds
# LAB_LOCK while it runs, and anything else that starts the lab should too
# (flock $(LAB_LOCK) -c '...'), so that concurrent runs wait, not collide.
LAB_LOCK ?= /tmp/nss-dnssec-lab.lock

check-lab: $(TOOL)
	@exec 9>$(LAB_LOCK); flock 9; export O=$(O); trap '$(LAB_DIR)/down.sh >/dev/null 2>&1; exit 130' INT TERM HUP; \
	st=0; $(LAB_DIR)/up.sh || st=$$?; \
	if [ $$st -eq 0 ]; then \
		for t in $(LAB_TESTS); do \
			echo "== lab: $$t"; $$t || { echo "== lab: $$t FAILED"; st=1; }; \
		done; \
	fi; \
	$(LAB_DIR)/down.sh || true; \
	exit $$st

CHECK_TARGETS += check-lab
