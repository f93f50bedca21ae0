/* tools/tool_trace.h: `nss-dnssec trace` and `why`: the links the validator
 * walked (struct val_trace), for people and for Graphviz.
 *
 * stub_lookup keeps no trace (the module must not pay for one), so the tool
 * replays the validator over the responses the lookup gathered: the
 * validator is pure, and each round's call sees exactly the responses the
 * stub had then, so the replay walks as the lookup did, budgets included.
 * The verdict reported stays the lookup's own. */
#pragma once

#include <stdint.h>
#include <stdio.h>

#include "stub/stub.h"

struct tool_run {
	const struct stub_config *c;	/* its anchors give the anchor links their FILE:LINE */
	const uint8_t *qname;
	uint16_t qtype;
	uint64_t now;			/* validation time: windows and "time left" */
	const struct stub_lookup *lk;	/* the lookup: lk->ans[0] is the answer reported */
	struct val_trace trace;		/* the walk of the validator's last call */
	struct val_answer replay;	/* what that call concluded */
	bool replayed;			/* the replay reached a verdict (the validator ran to the end) */
};

/* Replays the lookup's validation with a trace.  The pointers must outlive
 * the result.  NULL when out of memory.  Free with tool_run_free. */
struct tool_run *tool_run_new(const struct stub_config *c, const uint8_t *qname, uint16_t qtype, uint64_t now,
			      const struct stub_lookup *lk);
void tool_run_free(struct tool_run *r);

/* `trace`: every link from the trust anchor down, the broken one marked. */
void tool_trace_text(FILE *f, const struct tool_run *r);
/* `trace --format dot`: the same as a Graphviz digraph; edges run from what
 * vouches to what it vouches for, coloured by the verdict of the link they
 * lead to (secure green, insecure grey, bogus red, indeterminate orange). */
void tool_trace_dot(FILE *f, const struct tool_run *r);
/* `why`: the verdict, the one link that decided it, the EDE and reason,
 * and what to do about it (tool_why.c). */
void tool_why(FILE *f, const struct tool_run *r);

/* The link that decided the verdict: the first one whose verdict is the
 * answer's (the validator keeps the first weakest link's reason); for a
 * require-secure failure, the first insecure one.  NULL when none (secure,
 * or a failure before the walk: deadline, clock, configuration). */
const struct val_link *tool_decisive(const struct tool_run *r);

/* One line of text about a link: two names, a type and some words. */
#define TOOL_LINE_MAX (3 * VAL_NAME_STR_MAX + 128)

/* Helpers shared by the printers. */
const char *tool_alg_str(uint8_t alg, char buf[16]);	/* "ECDSAP256SHA256" or "100" */
const char *tool_key_role(uint16_t flags);		/* "KSK", "ZSK", "REVOKED KSK", ... */
unsigned tool_key_bits(const struct val_dnskey *key);	/* the size of the key itself */
/* "2026-11-23 14:29 UTC"; out holds 24 octets. */
char *tool_time_str(uint32_t t, char out[24]);
/* What a DENIAL link proves, in words: "no DS at x.lab.: NSEC3 of lab. (opt-out)". */
void tool_denial_str(char *out, size_t cap, const struct val_link *l);
/* The trust anchor of the configuration that rr is, or NULL. */
const struct stub_anchor *tool_anchor_of(const struct tool_run *r, const struct val_rr *rr);
