# tests/e2e/check-field.py: the host's own situations through glibc in the
# lab (DESIGN.md, "Field conditions"): runtime drop-ins and the
# NetworkManager hook, time-server names while the clock is unsynchronized,
# the hotspot sign-on window.  Runs under check-lab, while the lab is up and
# its lock held.  Needs libfaketime (tests/install-deps.sh) and the
# test-only adjtimex() preload library built here.

FAKE_ADJTIMEX := $(O)/tests/fake_adjtimex.so

$(FAKE_ADJTIMEX): tests/e2e/fake_adjtimex.c tests/e2e/field.mk
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 $(WARN) -fPIC -shared -O2 -o $@ $<

LAB_TESTS += tests/e2e/check-field.py
check-lab: $(NSS_SO) $(TOOL) $(FAKE_ADJTIMEX)

# Alone, on a lab that is already up (hold its lock):
#   flock /tmp/nss-dnssec-lab.lock make O=... lab-up check-field lab-down
check-field: $(NSS_SO) $(TOOL) $(FAKE_ADJTIMEX)
	O=$(O) tests/e2e/check-field.py
.PHONY: check-field
