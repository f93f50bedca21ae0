/* validator/val_int.h: internals shared between validator/ files.  Not for
 * stub/, tools/ or nss_dnssec/ (use validator.h). */
#pragma once

#include "validator.h"

/* Memory of one parsed message: chunks that never move, freed at once. */
struct val_arena;
struct val_arena *val_arena_new(void);
void *val_arena_alloc(struct val_arena *a, size_t n);
void val_arena_free(struct val_arena *a);

/* RDATA layout of the types validator.h lists (see val_rdata.c).
 * val_rdata_expand checks the RDATA of rr type `type` that sits at
 * w->pos .. w->pos + rdlen inside the message, decompresses the names of
 * the types that may be compressed (RFC 3597 §4) and returns the RDATA to
 * keep: a pointer into the message when nothing was expanded, else a copy
 * in the arena.  NULL with w->err set on malformed RDATA (or "out of
 * memory").  w->pos ends after the RDATA. */
const uint8_t *val_rdata_expand(struct wire *w, uint16_t type, uint16_t rdlen,
				struct val_arena *a, uint16_t *out_len);

/* Walks an already expanded RDATA of `type` and, when lower is true,
 * lower-cases every domain name in it (in place in out, which holds a copy
 * of rdata).  Returns 0 or -EBADMSG. */
int val_rdata_canon(uint16_t type, const uint8_t *rdata, uint16_t rdlen, uint8_t *out, bool lower);

/* How telling a reason is among one RRset's failed RRSIGs (val_reason.c's
 * table; 0: not such a reason). */
unsigned val_code_rank(enum val_code code);

/* The trace recorder (val_trace.c).  With vc->trace NULL every call does
 * nothing and val_trace_open returns NULL, which the others accept. */
void val_trace_reset(struct val_ctx *vc);
/* Starts the next link (zone may be NULL) and makes it the current one. */
struct val_link *val_trace_open(struct val_ctx *vc, enum val_link_kind kind, const uint8_t *zone,
				const uint8_t *name, uint16_t type, const struct val_rrset *set);
/* The link being checked between open and close, or NULL. */
struct val_link *val_trace_cur(const struct val_ctx *vc);
/* Ends l with verdict v (the reason from vc when not secure), the RRSIG
 * that verified (ok) and a denial's outcome (d), either may be NULL. */
void val_trace_close(struct val_ctx *vc, struct val_link *l, enum val_verdict v,
		     const struct val_sigok *ok, const struct val_denial *d);

/* Is set signed, and only by zones strictly below zone?  Such an RRset in
 * an answer belongs to a child's proof (a mixed answer, e.g. a CNAME into a
 * child's NXDOMAIN), not to zone's. */
bool val_signed_below(const struct val_rrset *set, const uint8_t *zone);

static inline uint8_t val_lower(uint8_t c)
{
	return (c >= 'A' && c <= 'Z') ? (uint8_t)(c + ('a' - 'A')) : c;
}

static inline uint16_t val_get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t val_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
