# bench/: nss-dnssec against plain glibc DNS and the peers, on the lab.
#   make bench     runs bench/run.sh (root; about 10 minutes), writes bench/results.md
#   make bench-fallback   bench/fallback.sh (root; about 2 minutes): the "fallback" section
# Not part of make check: performance is measured here, never asserted in tests.
BENCH_BIN := $(O)/bench/gai_bench
BENCH_FWD := $(O)/bench/delayfwd
BENCH_CRYPTO := $(O)/bench/crypto_start
BENCH_FLOOR := $(O)/bench/crypto_floor
BENCH_PAIRED := $(O)/bench/paired

$(BENCH_BIN): bench/gai_bench.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 $(WARN) -O2 -g -pthread -o $@ $<

$(BENCH_FWD): bench/delayfwd.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 $(WARN) -O2 -g -o $@ $<

$(BENCH_CRYPTO): bench/crypto_start.c $(LIB_A)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB_A) $(ALL_LDFLAGS) $(DEP_LIBS)

# The floor of a validated lookup (issue 18): libcrypto and two
# verifications, none of the module; not linked with libcrypto (it dlopens
# it as the module does), only its headers.
$(BENCH_FLOOR): bench/crypto_floor.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 $(WARN) -O2 -g $(DEP_CFLAGS) -o $@ $<

# Interleaved rounds of processes, for the own cost's differences.
$(BENCH_PAIRED): bench/paired.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 $(WARN) -O2 -g -o $@ $<

.PHONY: bench
bench: $(NSS_SO) $(BENCH_BIN) $(BENCH_FWD) $(BENCH_CRYPTO) $(BENCH_FLOOR) $(BENCH_PAIRED)
	O=$(O) bench/run.sh

# The authoritative fallback (issue 16): cold lookups beside a cold
# iterating unbound, and the fast path; bench/fallback.sh (root, a few
# minutes) writes the "fallback" section of bench/results.md.
.PHONY: bench-fallback
bench-fallback: $(TOOL)
	O=$(O) bench/fallback.sh

# The benchmark's own tools, checked (not timed): part of make check.
.PHONY: check-bench-tools
check-bench-tools: $(BENCH_PAIRED) $(BENCH_FLOOR)
	bench/test-tools.sh $(O)
CHECK_TARGETS += check-bench-tools
