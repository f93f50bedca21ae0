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
const uint8_t *val_rdata_expand(struct val_wire *w, uint16_t type, uint16_t rdlen,
				struct val_arena *a, uint16_t *out_len);

/* Walks an already expanded RDATA of `type` and appends it to out with,
 * when lower is true, every domain name in it lower-cased (the same length
 * as rdata).  Returns 0, or -EBADMSG when rdata is malformed or out is
 * full. */
int val_rdata_canon(uint16_t type, const uint8_t *rdata, uint16_t rdlen, struct val_wbuf *out, bool lower);

/* Records the reason (code and facts f, or NULL; val_reason.c renders the
 * sentence) and returns v, so that failing code reads
 * `return val_fail(vc, VAL_BOGUS, VAL_R_SIG_EXPIRED, &facts)`. */
enum val_verdict val_fail(struct val_ctx *vc, enum val_verdict v, enum val_code code,
			  const struct val_facts *f);

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

/* ------------------------------------------------------------------ */
/* Used only inside validator/ (and its tests): moved from validator.h   */

/* true for types whose RDATA names are lower-cased in canonical form
 * (RFC 4034 §6.2 item 3 as corrected by RFC 6840 §5.1: not NSEC, not
 * HINFO). */
bool val_canon_type_lowers(uint16_t type);
/* Canonical RDATA of rr into out (cap >= rr->rdlen is always enough,
 * since names are already decompressed).  Returns the length or -EBADMSG. */
int val_canon_rdata(const struct val_rr *rr, uint8_t *out, size_t cap);
/* RFC 4034 §6.3: compare two canonical RDATAs as left-justified octet
 * strings. */
int val_canon_rdata_cmp(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen);

/* The data an RRSIG signs (RFC 4034 §3.1.8.1): RRSIG RDATA without the
 * signature, then every RR of set in canonical form and order, duplicates
 * removed (§6.3), TTL = Original TTL, owner lower-cased and, when the
 * labels field is smaller than the owner's label count, rebuilt as the
 * wildcard "*." + the last `labels` labels (§3.1.3, RFC 4035 §5.3.2).
 * Allocates *out (free()).  Returns 0, -EBADMSG (labels field larger than
 * the owner's label count, malformed RDATA), or -ENOMEM. */
int val_signed_data(const struct val_rrsig *sig, const struct val_rrset *set,
		    uint8_t **out, size_t *outlen);

/* Does the DS (digest over owner | DNSKEY RDATA, RFC 4034 §5.1.4) match this
 * key?  Also requires key tag and algorithm to agree.  VALID, INVALID, or
 * UNSUPPORTED for a digest type we cannot compute. */
enum val_crypto val_ds_match(const struct val_ds *ds, const uint8_t *owner,
			     const struct val_dnskey *key);

/* The name of one val_verify() call in a struct val_memo: SHA-256 over the
 * algorithm, the key, the signature and the data, each with its length.
 * 0, or -EIO when OpenSSL cannot compute it (then nothing is remembered). */
int val_verify_id(uint8_t id[32], uint8_t algorithm, const uint8_t *key, size_t key_len,
		  const uint8_t *data, size_t data_len, const uint8_t *sig, size_t sig_len);

/* Verifies sig over data with a DNSKEY public key of the given algorithm.
 * RSA keys in RFC 3110 form (any modulus size OpenSSL accepts, 512 bits
 * included); ECDSA keys are x|y and signatures r|s (RFC 6605); EdDSA per
 * RFC 8080.  Frees everything it allocated on every path. */
enum val_crypto val_verify(uint8_t algorithm, const uint8_t *key, size_t key_len,
			   const uint8_t *data, size_t data_len,
			   const uint8_t *sig, size_t sig_len);

/* Verifies an RRset with the validated DNSKEY RRset `keys` of `zone`
 * (RFC 4035 §5.3): an RRSIG whose signer is the zone, covering the type,
 * with a labels field between the signer's and the owner's label counts,
 * inside its validity window, made by a key of `keys` with the Zone Key bit
 * and without the REVOKE bit, verifies.  Bounded by VAL_RRSIG_PER_RRSET_MAX,
 * VAL_KEYS_PER_TAG_MAX, VAL_SIG_PER_RRSET_MAX and the context's budget.
 * VAL_SECURE (with *ok filled) or VAL_BOGUS with the reason in vc. */
enum val_verdict val_rrset_verify(struct val_ctx *vc, const struct val_rrset *set,
				  const uint8_t *zone, const struct val_rrset *keys,
				  struct val_sigok *ok);

/* Validates the DNSKEY RRset of `zone` from what vouches for it: `trust`
 * holds DS records (validated, from the parent, or trust anchors when
 * from_anchor) and/or DNSKEY records (trust anchors in DNSKEY form), all
 * owned by `zone`; from_anchor only changes the wording of reasons.  RFC 4035 §5.2:
 * a DS of a supported algorithm and digest (SHA-1 ignored for a key that
 * also has a SHA-256/384 DS, RFC 4509 §3) matches a key of the set with the
 * Zone Key bit, and that key signs the set.
 * VAL_SECURE; VAL_INSECURE when no DS/anchor has a supported algorithm and
 * digest (RFC 4035 §5.2, RFC 6840 §5.2); VAL_BOGUS with the reason. */
enum val_verdict val_dnskey_verify(struct val_ctx *vc, const struct val_rrset *dnskeys,
				   const uint8_t *zone, const struct val_rr *const *trust,
				   size_t ntrust, bool from_anchor, struct val_sigok *ok);

/* Checks the denial proof for d in the authority section of msg, using only
 * NSEC or NSEC3 RRsets of `zone` that verify with `keys` (at most
 * VAL_DENIAL_RECORDS_MAX of them, one NSEC3 parameter set).  An NSEC from a
 * delegation point (NS without SOA) or with DNAME proves nothing below its
 * owner; an NSEC expanded from a wildcard proves only for the wildcard owner.
 * VAL_SECURE when proven; VAL_INSECURE for opt-out, or NSEC3 iterations or
 * salt above the RFC 9276 limits (EDE 27, checked after the NSEC3's RRSIG
 * verified); VAL_BOGUS with the reason otherwise. */
enum val_verdict val_denial_check(struct val_ctx *vc, const struct val_msg *msg, const uint8_t *zone,
				  const struct val_rrset *keys, struct val_denial *d);
