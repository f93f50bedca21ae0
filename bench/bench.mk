# bench/: nss-dnssec against plain glibc DNS and the peers, on the lab.
#   make bench     runs bench/run.sh (root; about 10 minutes), writes bench/results.md
# Not part of make check: performance is measured here, never asserted in tests.
BENCH_BIN := $(O)/bench/gai_bench

$(BENCH_BIN): bench/gai_bench.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 $(WARN) -O2 -g -pthread -o $@ $<

.PHONY: bench
bench: $(NSS_SO) $(BENCH_BIN)
	O=$(O) bench/run.sh
