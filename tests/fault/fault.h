/* tests/fault/fault.h: fault injection for whole lookups (issue 20, item
 * 11).  The test program is linked with -Wl,--wrap=F for every libc call
 * that the code of stub/ and validator/ makes on a lookup's path
 * (fault_wrap.c); a wrapped call counts itself and, when it is the call
 * chosen to fail, fails as the kernel or libc would (errno set).  Only the
 * thread that is "armed" counts and fails, so the upstream (fault_zone.c)
 * and the test's own bookkeeping run untouched. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The calls that can be made to fail.  The allocations of c-ares and of
 * libcrypto are routed through the same counters (ares_library_init_mem,
 * CRYPTO_set_mem_functions). */
enum fault_fn {
	FN_MALLOC,
	FN_CALLOC,
	FN_STRDUP,
	FN_ARES_MALLOC,
	FN_ARES_REALLOC,
	FN_OPENSSL_MALLOC,
	FN_OPENSSL_REALLOC,
	FN_GETRANDOM,
	FN_SOCKET,
	FN_CONNECT,
	FN_SENDMSG,
	FN_RECVFROM,
	FN_RECVMMSG,
	FN_POLL,
	FN_OPEN,
	FN_OPENAT,
	FN_FSTAT,
	FN_STAT,
	FN_FDOPEN,
	FN_FDOPENDIR,
	FN_READDIR,
	FN_READ,	/* __uflow: the stdio refill under getc_unlocked */
	FN_GETHOSTNAME,
	FN_DLOPEN,
	FN_DLVSYM,
	FN_COUNT
};

/* What a failure of the call looks like. */
struct fault_fn_desc {
	const char *name;	/* as printed */
	int err;		/* the errno it fails with */
	bool alloc;		/* an allocation: NULL with ENOMEM is an acceptable end */
};
extern const struct fault_fn_desc fault_fns[FN_COUNT];

/* The failure to inject in this process: the at-th call of fn (counting
 * from 1) fails, and with from_on every later one too.  fn FN_COUNT: none. */
struct fault_plan {
	enum fault_fn fn;
	unsigned at;
	bool from_on;
	int err;	/* 0: the call's usual errno (fault_fns) */
};

void fault_set_plan(const struct fault_plan *p);
/* Counting and failing happen only while the calling thread is armed;
 * allocations made while armed are tracked until freed. */
void fault_arm(bool on);
/* How often fn was called while armed, and whether a failure was injected. */
unsigned fault_calls(enum fault_fn fn);
bool fault_injected(void);
/* Allocations made while armed that are still live, and forgetting them
 * (after a leak has been reported). */
size_t fault_live_allocs(size_t *bytes);
void fault_forget_allocs(void);
/* Routes c-ares' and OpenSSL's allocations through the counters (before
 * their first use); 0 or -1. */
int fault_libs_init(void);

/* ------------------------------------------------------------------ */
/* The upstream (fault_zone.c)                                          */

/* A signed hierarchy, test. (the trust anchor, a DS) -> a.test., with
 * www.a.test. A 192.0.2.1 and AAAA 2001:db8::1, ftp.a.test. A 192.0.2.2,
 * signed with Ed25519 for [now - 1 day, now + 30 days].  Writes the anchor
 * file to anchor_path; 0 or -1. */
int zone_build(const char *anchor_path);
/* Serves the zone (zone_build first) over UDP on 127.0.0.1 from a process
 * of its own; returns the port, or 0 on failure. */
uint16_t zone_serve(void);
void zone_stop(void);
/* Questions the zone had no answer for (a test bug, not a fault). */
unsigned zone_unknown(void);
