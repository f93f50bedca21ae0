# tests/e2e: the module end to end, through glibc, in the lab (see the
# docstring of tests/e2e/check-e2e.py).  Runs under check-lab, while the lab
# is up and its lock held; needs the module and the buffer-contract program.

E2E_BUFFERS := $(O)/tests/e2e_nss_buffers

# Plain glibc program: it reaches the module through dlopen, as glibc does.
$(E2E_BUFFERS): tests/e2e/e2e_nss_buffers.c tests/e2e/e2e.mk
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(ALL_LDFLAGS) -ldl

LAB_TESTS += tests/e2e/check-e2e.py tests/e2e/check-dns64.py
check-lab: $(NSS_SO) $(E2E_BUFFERS)

# The e2e tests alone, on a lab that is already up (hold its lock):
#   flock /tmp/nss-dnssec-lab.lock make O=... lab-up check-e2e lab-down
check-e2e: $(NSS_SO) $(E2E_BUFFERS)
	O=$(O) tests/e2e/check-e2e.py
.PHONY: check-e2e
