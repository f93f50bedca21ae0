# tests/fault: every system call and allocation of a lookup made to fail in
# turn (issue 20, item 11; see the comment at the top of
# tests/fault/fault_lookup.c).  No root, no lab: the upstream is a process
# of the test on 127.0.0.1.  Part of make check, and of make check SANITIZE=1.
#
#   make check-fault                             all of it (3 s; 7 s under ASan)
#   $(O)/tests/fault_lookup -v [FUNCTION...]     by hand, some functions only

FAULT_BIN := $(O)/tests/fault_lookup
FAULT_SRCS := tests/fault/fault_lookup.c tests/fault/fault_wrap.c tests/fault/fault_zone.c

# Every libc call that stub/ and validator/ make on a lookup's path; --wrap
# redirects the calls of the objects linked into the program (our library
# and the test), not those inside shared libraries: c-ares reaches its
# sockets through our functions, and the allocations of c-ares and libcrypto
# are routed through the test's (which is why it links libcrypto itself).
FAULT_WRAP := malloc calloc realloc free strdup getrandom socket connect sendmsg recvfrom recvmmsg poll \
	open openat fstat stat fdopen fdopendir readdir __uflow gethostname dlopen dlvsym
FAULT_LDFLAGS := $(foreach f,$(FAULT_WRAP),-Wl,--wrap=$(f))

$(FAULT_BIN): $(FAULT_SRCS) tests/fault/fault.h $(LIB_A) tests/fault/fault.mk
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $(FAULT_SRCS) $(LIB_A) $(ALL_LDFLAGS) $(FAULT_LDFLAGS) \
		$(DEP_LIBS) $(CRYPTO_LIBS)

.PHONY: check-fault
check-fault: $(FAULT_BIN)
	$(FAULT_BIN)

CHECK_TARGETS += check-fault
