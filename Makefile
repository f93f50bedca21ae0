# nss-dnssec — build, test, install.
#
#   make                  the module, the internal library and the tool
#   make check            unit tests, fuzz-corpus replay, export check (+ lab, e2e)
#   make check SANITIZE=1 the same, built with ASan+UBSan into build-san/
#   make CC=clang         clean with clang too
#   make fuzz-smoke       each libFuzzer target for FUZZ_SECONDS (clang)
#   make install DESTDIR=...

VERSION := 0.1.0

CC ?= cc
ifeq ($(origin CC),default)
CC := cc
endif
PKG_CONFIG ?= pkg-config

ifeq ($(SANITIZE),1)
O ?= build-san
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
else
O ?= build
SANFLAGS :=
endif

DEP_PKGS := libcares libcrypto
DEP_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(DEP_PKGS))
# libcrypto is not linked: validator/val_crypto.c loads it at run time, so
# that the millisecond it costs overlaps a lookup's first round trip.  Only
# tests that make keys and signatures themselves link it (CRYPTO_LIBS).
DEP_LIBS := $(shell $(PKG_CONFIG) --libs libcares) -pthread
CRYPTO_LIBS := $(shell $(PKG_CONFIG) --libs libcrypto)
CHECK_CFLAGS = $(shell $(PKG_CONFIG) --cflags check)
CHECK_LIBS = $(shell $(PKG_CONFIG) --libs check)

WARN := -Wall -Wextra -Werror -Wshadow -Wpointer-arith -Wstrict-prototypes \
	-Wmissing-prototypes -Wformat=2 -Wvla
CFLAGS ?= -O2 -g
# A system clock before the build is "not set" (DESIGN.md, limits): the time
# of the last commit, so that rebuilding the same source gives the same value.
# SOURCE_DATE_EPOCH (Debian's reproducible builds) when set.
BUILD_EPOCH := $(or $(SOURCE_DATE_EPOCH),$(shell git log -1 --format=%ct 2>/dev/null || date +%s))
ALL_CFLAGS := -std=gnu11 $(WARN) -fPIC -fvisibility=hidden -D_GNU_SOURCE $(CPPFLAGS) \
	-DNSS_DNSSEC_VERSION='"$(VERSION)"' -DNSS_DNSSEC_BUILD_EPOCH=$(BUILD_EPOCH)ULL \
	-I. $(DEP_CFLAGS) $(SANFLAGS) $(CFLAGS)
ALL_LDFLAGS := $(SANFLAGS) $(LDFLAGS)

# Debian's multiarch directory for the module (glibc looks there).
MULTIARCH := $(shell $(CC) -print-multiarch 2>/dev/null)
PREFIX ?= /usr
LIBDIR ?= /lib/$(MULTIARCH)
BINDIR ?= $(PREFIX)/bin
ANCHORDIR ?= $(PREFIX)/share/nss-dnssec

LIB_SRCS := $(wildcard validator/*.c stub/*.c)
LIB_OBJS := $(LIB_SRCS:%.c=$(O)/%.o)
LIB_A := $(O)/libnssdnssec_int.a

NSS_SRCS := $(wildcard nss_dnssec/*.c)
NSS_OBJS := $(NSS_SRCS:%.c=$(O)/%.o)
NSS_SO := $(O)/libnss_dnssec.so.2

TOOL_SRCS := $(wildcard tools/*.c)
TOOL_OBJS := $(TOOL_SRCS:%.c=$(O)/%.o)
TOOL := $(O)/nss-dnssec

UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_SUPPORT := $(filter-out $(UNIT_SRCS),$(wildcard tests/unit/*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(O)/tests/%)

FUZZ_SRCS := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_NAMES := $(FUZZ_SRCS:tests/fuzz/%.c=%)
REPLAY_BINS := $(FUZZ_NAMES:%=$(O)/tests/replay_%)

.PHONY: all check check-unit check-replay check-exports install clean fuzz fuzz-smoke
all: $(NSS_SO) $(TOOL)

# Each object depends on the headers it includes (the compiler lists them in
# a .d file beside it, -MP keeps a removed header from breaking the build),
# not on every header of the tree.
$(O)/%.o: %.c Makefile
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<
-include $(LIB_OBJS:.o=.d) $(NSS_OBJS:.o=.d) $(TOOL_OBJS:.o=.d)

$(LIB_A): $(LIB_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

# The whole internal library goes into the module; the version script keeps
# every symbol but _nss_dnssec_* local.
$(NSS_SO): $(NSS_OBJS) $(LIB_A) nss_dnssec/nss_dnssec.map
	$(CC) -shared -o $@ -Wl,-soname,libnss_dnssec.so.2 \
		-Wl,--version-script=nss_dnssec/nss_dnssec.map -Wl,-z,relro,-z,now,-z,defs \
		$(NSS_OBJS) -Wl,--whole-archive $(LIB_A) -Wl,--no-whole-archive \
		$(ALL_LDFLAGS) $(DEP_LIBS)

$(TOOL): $(TOOL_OBJS) $(LIB_A)
	$(CC) -o $@ $(TOOL_OBJS) $(LIB_A) $(ALL_LDFLAGS) $(DEP_LIBS)

# Unit tests: one Check binary per tests/unit/test_*.c.  test_trace signs
# its own zones with OpenSSL.
$(O)/tests/test_trace: TEST_LIBS = $(CRYPTO_LIBS)
$(O)/tests/test_%: tests/unit/test_%.c $(UNIT_SUPPORT) $(LIB_A) $(wildcard tests/unit/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CHECK_CFLAGS) -o $@ $< $(UNIT_SUPPORT) $(LIB_A) \
		$(ALL_LDFLAGS) $(CHECK_LIBS) $(DEP_LIBS) $(TEST_LIBS)

# Fuzz targets replayed over their committed corpus without libFuzzer, so
# gcc builds (and make check) run them too.
$(O)/tests/replay_%: tests/fuzz/%.c tests/fuzz/replay.c $(LIB_A)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< tests/fuzz/replay.c $(LIB_A) $(ALL_LDFLAGS) $(DEP_LIBS) $(CRYPTO_LIBS)

CHECK_TARGETS := check-unit check-replay check-exports
# Subsystems (tests/lab, tests/e2e, ...) add their rules and append to
# CHECK_TARGETS in their own .mk file.
include $(sort $(wildcard tests/*/*.mk)) bench/bench.mk

check: $(CHECK_TARGETS)

check-unit: $(UNIT_BINS)
	@set -e; for t in $(UNIT_BINS); do echo "== $$t"; CK_VERBOSITY=$${CK_VERBOSITY:-normal} $$t; done

check-replay: $(REPLAY_BINS)
	@set -e; for n in $(FUZZ_NAMES); do \
		echo "== replay $$n"; $(O)/tests/replay_$$n tests/fuzz/corpus/$$n; done

check-exports: $(NSS_SO)
	tests/check-exports.sh $(NSS_SO)

# libFuzzer builds (clang only).
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_O := build-fuzz
FUZZ_BINS := $(FUZZ_NAMES:%=$(FUZZ_O)/%)
FUZZ_FLAGS := -std=gnu11 -g -O1 -D_GNU_SOURCE -I. $(DEP_CFLAGS) \
	-fsanitize=fuzzer,address,undefined -fno-omit-frame-pointer
# The internal library, instrumented for libFuzzer (coverage without
# libFuzzer's main) and the sanitizers, built once into $(FUZZ_O) by the
# rules above; each target is its own source linked against it.
FUZZ_LIB := $(FUZZ_O)/libnssdnssec_int.a
FUZZ_LIB_SAN := -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer

.PHONY: fuzz-lib
fuzz-lib:
	$(MAKE) O=$(FUZZ_O) CC=$(FUZZ_CC) CFLAGS='-g -O1' SANFLAGS='$(FUZZ_LIB_SAN)' $(FUZZ_LIB)

fuzz: $(FUZZ_BINS)
$(FUZZ_O)/%: tests/fuzz/%.c fuzz-lib
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $< $(FUZZ_LIB) $(DEP_LIBS) $(CRYPTO_LIBS)

fuzz-smoke: $(FUZZ_BINS)
	@set -e; for n in $(FUZZ_NAMES); do \
		echo "== fuzz $$n for $(FUZZ_SECONDS) s"; mkdir -p $(FUZZ_O)/corpus-$$n; \
		$(FUZZ_O)/$$n -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
			$(FUZZ_O)/corpus-$$n tests/fuzz/corpus/$$n; done

install: all
	install -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(BINDIR) $(DESTDIR)$(ANCHORDIR)
	install -m 0644 $(NSS_SO) $(DESTDIR)$(LIBDIR)/libnss_dnssec.so.2
	install -m 0755 $(TOOL) $(DESTDIR)$(BINDIR)/nss-dnssec
	install -m 0644 trust-anchors/root.key $(DESTDIR)$(ANCHORDIR)/root.key

# Only the build directory asked for: `make O=build-x clean` must not wipe
# the default build that another run in the same tree is using.
clean:
	rm -rf $(if $(filter command line environment,$(origin O)),$(O),build build-san $(FUZZ_O))

# The README's first command: the lab, a validated lookup and a forged one.
demo: $(TOOL) $(NSS_SO)
	O=$(O) tests/demo.sh
.PHONY: demo
