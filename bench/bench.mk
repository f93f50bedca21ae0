# bench/: nss-dnssec against plain glibc DNS and the peers, on the lab.
#   make bench     runs bench/run.sh (root; about 10 minutes), writes bench/results.md
# Not part of make check: performance is measured here, never asserted in tests.
BENCH_BIN := $(O)/bench/gai_bench
BENCH_FWD := $(O)/bench/delayfwd
BENCH_CRYPTO := $(O)/bench/crypto_start

$(BENCH_BIN): bench/gai_bench.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 $(WARN) -O2 -g -pthread -o $@ $<

$(BENCH_FWD): bench/delayfwd.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 $(WARN) -O2 -g -o $@ $<

$(BENCH_CRYPTO): bench/crypto_start.c $(LIB_A)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB_A) $(ALL_LDFLAGS) $(DEP_LIBS)

.PHONY: bench
bench: $(NSS_SO) $(BENCH_BIN) $(BENCH_FWD) $(BENCH_CRYPTO)
	O=$(O) bench/run.sh
