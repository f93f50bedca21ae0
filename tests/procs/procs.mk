# tests/procs: the module inside processes (issue 10, "Processes"): 32
# threads, fork() while threads resolve, descriptors/threads/RSS over many
# lookups, descriptor limits, a setuid program with a hostile environment;
# and, slower, the same threads under ThreadSanitizer, ASan+LSan and
# valgrind.  See the docstring of tests/procs/check-procs.py.
#
#   make check-lab          runs check-procs.py (the fast part) with the lab
#   make check-procs        the fast part alone, on a lab that is already up
#                           (hold its lock: flock /tmp/nss-dnssec-lab.lock ...)
#   make check-procs-slow   TSan, ASan+LSan and valgrind; takes the lab lock,
#                           brings the lab up and down itself

PROCS_DRIVER := $(O)/tests/procs_driver

# Plain glibc program: it reaches the module through getaddrinfo (NSS) and,
# for fork children, dlopen, as e2e_nss_buffers does.  With SANITIZE=1 it
# is built with ASan like the module it loads.
$(PROCS_DRIVER): tests/procs/procs_driver.c tests/procs/procs.mk
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(ALL_LDFLAGS) -ldl -pthread

LAB_TESTS += tests/procs/check-procs.py
check-lab: $(NSS_SO) $(PROCS_DRIVER)

check-procs: $(NSS_SO) $(PROCS_DRIVER)
	O=$(O) tests/procs/check-procs.py

# ThreadSanitizer: the module rebuilt with clang -fsanitize=thread from the
# same sources (the top-level Makefile has no such mode), and the driver
# built with it as the main executable (the TSan runtime lives there; the
# module resolves __tsan_* from it, hence no -z defs).
PROCS_TSAN_CC ?= clang
PROCS_TSAN := $(O)/tsan
PROCS_TSAN_SO := $(PROCS_TSAN)/libnss_dnssec.so.2
PROCS_TSAN_DRIVER := $(PROCS_TSAN)/procs_driver
PROCS_TSAN_OBJS := $(LIB_SRCS:%.c=$(PROCS_TSAN)/%.o) $(NSS_SRCS:%.c=$(PROCS_TSAN)/%.o)
PROCS_TSAN_CFLAGS := $(filter-out -fsanitize=% -fno-sanitize-recover=% -O%,$(ALL_CFLAGS)) \
	-O1 -g -fno-omit-frame-pointer -fsanitize=thread

$(PROCS_TSAN)/%.o: %.c $(wildcard */*.h) tests/procs/procs.mk
	@mkdir -p $(dir $@)
	$(PROCS_TSAN_CC) $(PROCS_TSAN_CFLAGS) -c -o $@ $<

$(PROCS_TSAN_SO): $(PROCS_TSAN_OBJS) nss_dnssec/nss_dnssec.map
	$(PROCS_TSAN_CC) -shared -fsanitize=thread -o $@ -Wl,-soname,libnss_dnssec.so.2 \
		-Wl,--version-script=nss_dnssec/nss_dnssec.map -Wl,-z,relro,-z,now \
		$(PROCS_TSAN_OBJS) $(DEP_LIBS)

$(PROCS_TSAN_DRIVER): tests/procs/procs_driver.c tests/procs/procs.mk
	@mkdir -p $(dir $@)
	$(PROCS_TSAN_CC) $(PROCS_TSAN_CFLAGS) -o $@ $< -fsanitize=thread -ldl -pthread

# ASan+LSan: the top-level Makefile's own SANITIZE=1 build (ASan+UBSan),
# into a directory of its own, module and driver (with libasan first).
PROCS_ASAN_O ?= $(O)-san
.PHONY: procs-asan-build
procs-asan-build:
	$(MAKE) O=$(PROCS_ASAN_O) SANITIZE=1 $(PROCS_ASAN_O)/libnss_dnssec.so.2 $(PROCS_ASAN_O)/tests/procs_driver

.PHONY: check-procs check-procs-slow
check-procs-slow: $(NSS_SO) $(PROCS_DRIVER) $(PROCS_TSAN_SO) $(PROCS_TSAN_DRIVER) procs-asan-build
	@exec 9>$(LAB_LOCK); flock 9; trap '$(LAB_DIR)/down.sh >/dev/null 2>&1; exit 130' INT TERM HUP; \
	st=0; $(LAB_DIR)/up.sh || st=$$?; \
	if [ $$st -eq 0 ]; then \
		O=$(O) PROCS_ASAN_O=$(PROCS_ASAN_O) tests/procs/check-procs.py --slow || st=1; \
	fi; \
	$(LAB_DIR)/down.sh || true; \
	exit $$st
