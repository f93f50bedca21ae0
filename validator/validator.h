/* validator/validator.h: the one public header of validator/.
 *
 * Pure code: no sockets, no clock ("now" is an argument), no files (anchors
 * come as data), no mutable globals but OpenSSL's state in val_crypto.c:
 * libcrypto loaded at run time and the validator's library context, filled
 * once by val_crypto_start() and read-only afterwards; the algorithm table,
 * whose optional algorithms are probed at their first use; and the public
 * keys already built (at most VAL_KEY_CACHE_MAX), under their own lock.
 * None of it changes a verdict: a kept key is the key its octets make.
 *
 * Conventions (STYLE.md):
 *  - plumbing returns 0 or -errno; parse failures are -EBADMSG with a fixed
 *    English sentence in *err (static storage, never freed);
 *  - names are in uncompressed wire form (length-prefixed labels ending in
 *    the root label), at most VAL_NAME_MAX octets;
 *  - parsed records are const views into their struct val_msg and live as
 *    long as it does. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "val_limits.h"

/* ------------------------------------------------------------------ */
/* RR types and classes used by name                                    */

enum {
	VAL_T_A = 1, VAL_T_NS = 2, VAL_T_MD = 3, VAL_T_MF = 4, VAL_T_CNAME = 5,
	VAL_T_SOA = 6, VAL_T_MB = 7, VAL_T_MG = 8, VAL_T_MR = 9, VAL_T_NULL = 10,
	VAL_T_WKS = 11, VAL_T_PTR = 12, VAL_T_HINFO = 13, VAL_T_MINFO = 14,
	VAL_T_MX = 15, VAL_T_TXT = 16, VAL_T_RP = 17, VAL_T_AFSDB = 18,
	VAL_T_RT = 21, VAL_T_SIG = 24, VAL_T_KEY = 25, VAL_T_PX = 26,
	VAL_T_AAAA = 28, VAL_T_NXT = 30, VAL_T_SRV = 33, VAL_T_NAPTR = 35,
	VAL_T_KX = 36, VAL_T_A6 = 38, VAL_T_DNAME = 39, VAL_T_OPT = 41,
	VAL_T_DS = 43, VAL_T_RRSIG = 46, VAL_T_NSEC = 47, VAL_T_DNSKEY = 48,
	VAL_T_NSEC3 = 50, VAL_T_NSEC3PARAM = 51, VAL_T_ANY = 255,
};
enum { VAL_C_IN = 1 };

enum val_section {
	VAL_SEC_ANSWER = 1, VAL_SEC_AUTHORITY = 2, VAL_SEC_ADDITIONAL = 3,
};

/* Header flag bits (second 16-bit word of the header). */
enum {
	VAL_F_QR = 0x8000, VAL_F_AA = 0x0400, VAL_F_TC = 0x0200,
	VAL_F_RD = 0x0100, VAL_F_RA = 0x0080, VAL_F_AD = 0x0020,
	VAL_F_CD = 0x0010,
};
/* DNSKEY flags (RFC 4034 §2.1.1, RFC 5011 §7). */
enum { VAL_DNSKEY_ZONE = 0x0100, VAL_DNSKEY_REVOKE = 0x0080,
       VAL_DNSKEY_SEP = 0x0001 };
/* NSEC3 flags (RFC 5155 §3.1.2). */
enum { VAL_NSEC3_OPTOUT = 0x01 };

/* ------------------------------------------------------------------ */
/* Wire reader with a sticky error (STYLE.md #2)                        */

struct val_wire {
	const uint8_t *buf;	/* the whole message (compression targets) */
	size_t len;		/* octets in buf */
	size_t pos;		/* read position */
	size_t end;		/* reads stop here (RDATA end, or len) */
	const char *err;	/* first failure; later reads return 0 */
	bool in_rdata;		/* end is an RDATA's end: for the error text */
};

void val_wire_init(struct val_wire *w, const uint8_t *buf, size_t len);
uint8_t val_wire_u8(struct val_wire *w);
uint16_t val_wire_u16(struct val_wire *w);
uint32_t val_wire_u32(struct val_wire *w);
/* Returns a pointer to n octets inside buf and advances, or NULL. */
const uint8_t *val_wire_bytes(struct val_wire *w, size_t n);
/* Reads a possibly compressed name into out (uncompressed wire form,
 * VAL_NAME_MAX octets at most) and returns its length, or 0 with w->err set.
 * Pointers must point strictly backwards (STYLE.md #3); at most
 * VAL_COMPRESS_HOPS_MAX hops.  With allow_compression false, a pointer is an
 * error (names in RDATA of types that RFC 3597 §4 says are never
 * compressed). */
size_t val_wire_name(struct val_wire *w, uint8_t out[VAL_NAME_MAX], bool allow_compression);

/* ------------------------------------------------------------------ */
/* Wire writer with a sticky error (STYLE.md #2, the reader's mirror)   */

struct val_wbuf {
	uint8_t *buf;		/* caller's buffer */
	size_t cap;		/* octets in buf */
	size_t pos;		/* write position: octets written so far */
	const char *err;	/* first failure; later puts write nothing */
};

void val_wbuf_init(struct val_wbuf *b, uint8_t *buf, size_t cap);
/* Each put appends in network byte order.  One that does not fit sets
 * b->err, writes nothing and leaves pos alone; after an error every put
 * does nothing.  So a sequence of puts is checked once, at its end. */
void val_wbuf_put8(struct val_wbuf *b, uint8_t v);
void val_wbuf_put16(struct val_wbuf *b, uint16_t v);
void val_wbuf_put32(struct val_wbuf *b, uint32_t v);
void val_wbuf_put_bytes(struct val_wbuf *b, const void *p, size_t n);
/* A well-formed uncompressed name, as it is (val_name_len octets). */
void val_wbuf_put_name(struct val_wbuf *b, const uint8_t *name);

/* ------------------------------------------------------------------ */
/* Names (uncompressed wire form)                                       */

/* Length in octets of a wire name known to be well formed. */
size_t val_name_len(const uint8_t *name);
/* Number of labels, not counting the root label ("." has 0). */
unsigned val_name_labels(const uint8_t *name);
/* Case-insensitive (ASCII) equality. */
bool val_name_eq(const uint8_t *a, const uint8_t *b);
/* true when name equals zone or lies below it. */
bool val_name_is_subdomain(const uint8_t *name, const uint8_t *zone);
/* Pointer to the parent name inside name (name must not be the root). */
const uint8_t *val_name_parent(const uint8_t *name);
/* The last n labels of name (n <= labels); a pointer inside name. */
const uint8_t *val_name_suffix(const uint8_t *name, unsigned n);
/* Copies name into out, ASCII letters lower-cased; returns the length. */
size_t val_name_lower(uint8_t out[VAL_NAME_MAX], const uint8_t *name);
/* RFC 4034 §6.1 canonical order: <0, 0, >0. */
int val_name_cmp(const uint8_t *a, const uint8_t *b);
/* Presentation form with RFC 1035 §5.1 escapes, always ending in "."; out
 * must hold VAL_NAME_STR_MAX octets.  Returns out. */
char *val_name_str(const uint8_t *name, char out[VAL_NAME_STR_MAX]);
/* Parses a presentation name (relative names are taken as absolute,
 * escapes \X and \DDD understood).  Returns the wire length, or 0 with
 * *err set. */
size_t val_name_from_str(uint8_t out[VAL_NAME_MAX], const char *str, const char **err);

/* ------------------------------------------------------------------ */
/* Parsed messages                                                      */

struct val_rr {
	const uint8_t *owner;	/* uncompressed, as received (case kept) */
	uint16_t type, rclass;
	uint32_t ttl;
	const uint8_t *rdata;	/* names of RFC 1035 types decompressed */
	uint16_t rdlen;
	uint8_t section;	/* enum val_section */
};

/* The records of one (owner, class, type) in one section, with the RRSIGs
 * of the same owner, class and section whose Type Covered is this type. */
struct val_rrset {
	const uint8_t *owner;
	uint16_t type, rclass;
	uint8_t section;
	uint32_t ttl;		/* smallest TTL of the records */
	const struct val_rr **rrs;
	size_t nrr;		/* 1 .. VAL_RRSET_RR_MAX */
	const struct val_rr **sigs;
	size_t nsig;
};

struct val_arena;

struct val_msg {
	uint16_t id, flags;	/* flags: header word 2, see VAL_F_* */
	uint16_t rcode;		/* 12 bits: header RCODE | OPT extended RCODE << 4 */
	uint16_t qdcount;	/* 0 or 1; more is malformed */
	const uint8_t *qname;	/* NULL when qdcount == 0 */
	uint16_t qtype, qclass;

	bool has_opt;
	uint16_t opt_payload;	/* OPT CLASS */
	uint8_t opt_version;
	bool opt_do;		/* DO bit of the OPT TTL */

	const struct val_rr *rrs; /* answer, authority, additional, in order; OPT excluded */
	size_t nrr;
	size_t nanswer, nauthority, nadditional; /* counts per section in rrs */

	/* RRsets in order of first appearance.  Each RRSIG is attached to the
	 * set of the same owner, class and section whose type it covers; an
	 * RRSIG covering nothing present is kept in orphan_sigs, so that a
	 * signature without data stays visible.  RRSIGs never form sets. */
	const struct val_rrset *sets;
	size_t nsets;
	const struct val_rr **orphan_sigs;
	size_t norphan_sigs;

	struct val_arena *arena; /* owns everything above */
};

/* Parses a complete DNS message.  Checks: header, at most one question,
 * every name (pointers backwards, hop limit, <= 255 octets, labels <= 63),
 * every RDATA inside its RDLENGTH and structurally valid for the types this
 * header lists (trailing octets are an error), at most one OPT (in the
 * additional section, owner root), RRsets of <= VAL_RRSET_RR_MAX records and
 * <= VAL_MSG_RRSET_MAX sets.
 * On success returns 0 and *out (free with val_msg_free).  On malformed input
 * returns -EBADMSG and sets *err to a fixed sentence; -ENOMEM on allocation
 * failure.  *out is NULL on any failure. */
int val_msg_parse(const uint8_t *buf, size_t len, struct val_msg **out, const char **err);
void val_msg_free(struct val_msg *msg);

/* ------------------------------------------------------------------ */
/* Typed RDATA views (all pointers into the RR's rdata).  The message
 * parser has already checked the structure of these types, so for records
 * from val_msg_parse these return 0; they still check and return -EBADMSG
 * for data from elsewhere. */

struct val_soa { const uint8_t *mname, *rname; uint32_t serial, refresh, retry, expire, minimum; };
struct val_mx { uint16_t preference; const uint8_t *exchange; };
struct val_ds { uint16_t key_tag; uint8_t algorithm, digest_type; const uint8_t *digest; uint16_t digest_len; };
struct val_dnskey { uint16_t flags; uint8_t protocol, algorithm; const uint8_t *key; uint16_t key_len;
		    const uint8_t *rdata; uint16_t rdlen; };
struct val_rrsig {
	uint16_t type_covered;
	uint8_t algorithm, labels;
	uint32_t original_ttl, expiration, inception;
	uint16_t key_tag;
	const uint8_t *signer;	/* never compressed (RFC 4034 §3.1.7) */
	const uint8_t *signature;
	uint16_t signature_len;
	const uint8_t *rdata;	/* the whole RDATA */
	uint16_t fields_len;	/* octets of rdata before the signature */
};
struct val_nsec { const uint8_t *next; const uint8_t *bitmap; uint16_t bitmap_len; };
struct val_nsec3 {
	uint8_t hash_alg, flags;
	uint16_t iterations;
	const uint8_t *salt; uint8_t salt_len;
	const uint8_t *next_hash; uint8_t hash_len;
	const uint8_t *bitmap; uint16_t bitmap_len;
};
struct val_nsec3param { uint8_t hash_alg, flags; uint16_t iterations; const uint8_t *salt; uint8_t salt_len; };

/* Target name of NS, CNAME, DNAME, PTR (and MB, MD, MF, MG, MR). */
int val_rdata_name(const struct val_rr *rr, const uint8_t **name);
int val_rdata_soa(const struct val_rr *rr, struct val_soa *soa);
int val_rdata_mx(const struct val_rr *rr, struct val_mx *mx);
int val_rdata_ds(const struct val_rr *rr, struct val_ds *ds);
int val_rdata_dnskey(const struct val_rr *rr, struct val_dnskey *key);
int val_rdata_rrsig(const struct val_rr *rr, struct val_rrsig *sig);
int val_rdata_nsec(const struct val_rr *rr, struct val_nsec *nsec);
int val_rdata_nsec3(const struct val_rr *rr, struct val_nsec3 *nsec3);
int val_rdata_nsec3param(const struct val_rr *rr, struct val_nsec3param *p);
/* Mnemonic of an RR type ("A", "DNSKEY"), or RFC 3597's "TYPE%u" in buf. */
const char *val_type_str(uint16_t type, char buf[16]);
/* Checks an NSEC/NSEC3 type bitmap (RFC 4034 §4.1.2): windows ascending,
 * lengths 1..32, no trailing octets.  0 or -EBADMSG. */
int val_bitmap_check(const uint8_t *bitmap, size_t len);
/* true when type is set in a bitmap that passed val_bitmap_check. */
bool val_bitmap_has(const uint8_t *bitmap, size_t len, uint16_t type);

/* ------------------------------------------------------------------ */
/* Query writer (DESIGN.md, c-ares section)                             */

enum {
	VAL_Q_RD = 1 << 0,	/* recursion desired */
	VAL_Q_CD = 1 << 1,	/* checking disabled: we validate ourselves */
	VAL_Q_DO = 1 << 2,	/* EDNS0 OPT with DO; payload VAL_EDNS_PAYLOAD */
};
/* Writes a query for (qname, qtype, IN) with the given ID and VAL_Q_* flags
 * into buf.  With VAL_Q_DO the message ends in an 11-octet OPT RR
 * (root owner, payload 1232, DO set, no options).  qname must be a
 * well-formed name from val_wire_name or val_name_from_str.  Returns the length,
 * or -ENOSPC when cap is too small (VAL_QUERY_MAX always suffices). */
#define VAL_QUERY_MAX (12 + VAL_NAME_MAX + 4 + 11)
int val_query_write(uint8_t *buf, size_t cap, uint16_t id, const uint8_t *qname,
		    uint16_t qtype, unsigned flags);

/* ------------------------------------------------------------------ */
/* Canonical form (RFC 4034 §6, RFC 6840 §5.1)                          */

/* ------------------------------------------------------------------ */
/* Keys, digests and signatures (OpenSSL 3 EVP)                         */

enum val_crypto {
	VAL_CRYPTO_FAILED = 0,	/* internal failure (e.g. out of memory); never "valid" */
	VAL_CRYPTO_INVALID,	/* well-formed, does not verify / does not match */
	VAL_CRYPTO_BADKEY,	/* key or signature malformed for its algorithm */
	VAL_CRYPTO_UNSUPPORTED,	/* algorithm/digest unknown, not implemented, or refused by OpenSSL */
	VAL_CRYPTO_VALID,
};
const char *val_crypto_str(enum val_crypto r);

/* RFC 4034 Appendix B (with B.1 for algorithm 1) over a DNSKEY RDATA. */
uint16_t val_keytag(const uint8_t *rdata, size_t rdlen);

/* Loads libcrypto and starts OpenSSL in this process, if not yet: cheap
 * once it has succeeded.  False, with the reason in why (may be NULL),
 * when libcrypto cannot be loaded or does not give SHA-1, SHA-256 and the
 * algorithms RFC 8624 requires (8, 13); a later call tries again.
 * val_validate() calls it before it checks anything and fails closed
 * (indeterminate); a caller may call it earlier, while its queries are on
 * the wire, to overlap the millisecond it costs. */
bool val_crypto_start(char *why, size_t whylen);

/* Whether val_crypto_start() has succeeded in this process. */
bool val_crypto_started(void);

/* DNSKEY algorithm / DS digest type implemented and usable in this process
 * (the OpenSSL run-time answer included).  Algorithms 5, 7, 8, 10, 13, 14,
 * 15, 16; digests 1, 2, 4. */
bool val_alg_supported(uint8_t algorithm);
bool val_digest_supported(uint8_t digest_type);
/* Mnemonic (RFC 8624 names: "RSASHA256", "ECDSAP256SHA256", ...) or NULL. */
const char *val_alg_name(uint8_t algorithm);
const char *val_digest_name(uint8_t digest_type);

/* ------------------------------------------------------------------ */
/* Signature validity window (RFC 4034 §3.1.5, RFC 1982)                */

enum val_time {
	VAL_TIME_BAD = 0,	/* expiration before inception: never valid */
	VAL_TIME_NOT_YET,	/* now + skew is before the inception */
	VAL_TIME_EXPIRED,	/* now - skew is after the expiration */
	VAL_TIME_OK,
};
/* now is seconds since the epoch (64-bit); compared in RFC 1982 serial
 * arithmetic against the 32-bit fields; skew in seconds. */
enum val_time val_time_check(uint32_t inception, uint32_t expiration,
			     uint64_t now, uint32_t skew);
/* RFC 1982: seconds from now until the 32-bit time field t, the field read
 * as the time nearest to now (negative: t is past). */
int64_t val_time_left(uint32_t t, uint64_t now);
struct val_rrsig;
/* How long data signed by sig may be kept: the smallest of ttl, the RRSIG's
 * original TTL and the time left before it expires (0 once it has). */
uint32_t val_ttl_cap(uint32_t ttl, const struct val_rrsig *sig, uint64_t now);

/* ------------------------------------------------------------------ */
/* NSEC3 hashing (RFC 5155 §5)                                          */

#define VAL_NSEC3_HASH_LEN 20	/* SHA-1 */
/* H(name) with the given iterations and salt; name is lower-cased first.
 * Costs iterations + 1 SHA-1 computations, taken from *budget: when the
 * budget does not cover them nothing is computed and -E2BIG is returned.
 * -ENOTSUP for a hash algorithm other than 1.  0 on success. */
int val_nsec3_hash(uint8_t out[VAL_NSEC3_HASH_LEN], uint8_t hash_alg, const uint8_t *name,
		   uint16_t iterations, const uint8_t *salt, size_t salt_len,
		   unsigned *budget);
/* RFC 4648 §7 base32hex without padding, lower case.  Encode returns the
 * length written (out needs (len * 8 + 4) / 5 + 1 octets, NUL-terminated);
 * decode is case-insensitive and returns the octets written or -EINVAL. */
size_t val_base32hex_encode(char *out, const uint8_t *in, size_t len);
int val_base32hex_decode(uint8_t *out, size_t cap, const char *in, size_t len);

/* ------------------------------------------------------------------ */
/* Verdicts, reasons and the validation context (STYLE.md #4, #5)       */

/* RFC 4033 §5; the zero value is never secure. */
enum val_verdict {
	VAL_UNCHECKED = 0, VAL_BOGUS, VAL_INDETERMINATE, VAL_INSECURE, VAL_SECURE,
};
const char *val_verdict_str(enum val_verdict v);

/* RFC 8914 Extended DNS Error info-codes used by the validator. */
enum val_ede {
	EDE_OTHER = 0,
	EDE_UNSUPPORTED_DNSKEY_ALG = 1,
	EDE_UNSUPPORTED_DS_DIGEST = 2,
	EDE_DNSSEC_INDETERMINATE = 5,
	EDE_DNSSEC_BOGUS = 6,
	EDE_SIGNATURE_EXPIRED = 7,
	EDE_SIGNATURE_NOT_YET_VALID = 8,
	EDE_DNSKEY_MISSING = 9,
	EDE_RRSIGS_MISSING = 10,
	EDE_NO_ZONE_KEY_BIT = 11,
	EDE_NSEC_MISSING = 12,
	EDE_NO_REACHABLE_AUTHORITY = 22,
	EDE_NETWORK_ERROR = 23,
	EDE_INVALID_DATA = 24,
	EDE_UNSUPPORTED_NSEC3_ITERATIONS = 27,
};
const char *val_ede_str(uint16_t ede);

struct val_trace;

/* Signatures checked earlier in the same lookup (the other address
 * family's walk, an earlier round, a check made while queries were still
 * out): each is named by a SHA-256 over everything val_verify() was given
 * (val_verify_id), so that a hit stands for exactly the same check, with
 * its result (enum val_crypto: VALID, or INVALID/BADKEY/UNSUPPORTED after
 * the second try that rules out the library; never FAILED).  At most
 * VAL_MEMO_MAX; past that nothing more is remembered.  A hit costs no
 * signature budget, so a lookup that walks its chain several times pays
 * for each signature once.  Zero-initialise; one per lookup, never shared
 * between lookups (the stub keeps it in struct stub_lookup). */
struct val_memo {
	unsigned n;
	uint8_t id[VAL_MEMO_MAX][32];
	uint8_t result[VAL_MEMO_MAX];
};

/* Why a verdict is not secure, as data (STYLE.md #4): a code for each
 * distinct failure, its EDE (one table, val_reason.c), the facts it is
 * about and the one sentence for people.  Code that needs to know why
 * switches on code and reads the facts; only people read the sentence. */
enum val_code {
	VAL_R_NONE = 0,
	/* one RRset against its zone's keys (RFC 4035 §5.3) */
	VAL_R_RRSIG_MISSING, VAL_R_OUTSIDE_ZONE, VAL_R_SIGNER_NOT_ZONE, VAL_R_RRSIG_LABELS,
	VAL_R_SIG_ALG_UNSUPPORTED, VAL_R_RRSIG_TOO_MANY, VAL_R_SIG_EXPIRED, VAL_R_SIG_NOT_YET,
	VAL_R_SIG_WINDOW_BAD, VAL_R_KEY_NOT_ZONE, VAL_R_KEY_REVOKED, VAL_R_KEYS_SAME_TAG,
	VAL_R_SIG_BUDGET, VAL_R_SIG_MALFORMED, VAL_R_CRYPTO_FAILED, VAL_R_KEY_MALFORMED,
	VAL_R_KEY_ALG_REFUSED, VAL_R_SIG_INVALID, VAL_R_KEY_NOT_IN_SET, VAL_R_KEY_NOT_VOUCHED,
	VAL_R_RRSIG_UNUSABLE,
	/* a DNSKEY set against its DS or anchors (RFC 4035 §5.2) */
	VAL_R_NO_DS, VAL_R_DS_ALG_UNSUPPORTED, VAL_R_DS_DIGEST_UNSUPPORTED, VAL_R_DNSKEY_NONE,
	VAL_R_DS_WRONG_ALG, VAL_R_DS_MATCHES_NO_KEY, VAL_R_KSK_NOT_SIGNING,
	/* denial of existence (RFC 4035 §5.4, RFC 5155 §8) */
	VAL_R_DENIAL_MISSING, VAL_R_DENIAL_TOO_MANY, VAL_R_DENIAL_NOT_ONE, VAL_R_DENIAL_MALFORMED,
	VAL_R_NSEC_NEXT_OUTSIDE, VAL_R_NSEC3_WILDCARD, VAL_R_NSEC3_PARAMS_DIFFER,
	VAL_R_NSEC3_NONE_USABLE, VAL_R_NSEC3_ITER_LIMIT, VAL_R_TYPE_EXISTS, VAL_R_TYPE_IS_CNAME,
	VAL_R_DS_AT_APEX, VAL_R_PARENT_SIDE, VAL_R_WILDCARD_NODATA_MISSING, VAL_R_NAME_EXISTS,
	VAL_R_EMPTY_NONTERMINAL, VAL_R_WILDCARD_EXISTS, VAL_R_WILDCARD_NOT_DENIED,
	VAL_R_CLOSER_NAME, VAL_R_NOT_COVERED, VAL_R_HASH_BUDGET, VAL_R_SHA1_UNAVAILABLE,
	VAL_R_CE_IS_CUT, VAL_R_NEXT_CLOSER_MISSING, VAL_R_NO_CLOSEST_ENCLOSER, VAL_R_OPTOUT,
	VAL_R_NAME_TOO_LONG, VAL_R_WILDCARD_LABELS, VAL_R_NO_CLOSER_MISSING, VAL_R_DENY_KIND,
	/* the chain (val_chain.c) */
	VAL_R_NO_ANSWER, VAL_R_RCODE, VAL_R_NO_DO, VAL_R_TRUNCATED, VAL_R_REFERRAL,
	VAL_R_UNSIGNED_DELEGATION, VAL_R_NO_ANCHOR, VAL_R_NTA, VAL_R_RESOLVER_STRIPS,
	VAL_R_RESOLVER_NO_KEYS, VAL_R_ABOVE_NONEXISTENT, VAL_R_DNAME_TOO_LONG,
	VAL_R_CNAME_NOT_FROM_DNAME, VAL_R_CNAME_NOT_ONE, VAL_R_CHAIN_TOO_LONG,
	VAL_R_QUERY_LIMIT, VAL_R_CRYPTO_START, VAL_R_REQUIRE_SECURE, VAL_R_NOMEM,
	/* the lookup around it (stub_lookup.c) */
	VAL_R_CONFIG_ERROR, VAL_R_CLOCK_UNSET, VAL_R_TRANSPORT, VAL_R_ROUNDS_LIMIT, VAL_R_DEADLINE,
	/* the authoritative fallback (stub_iter.c) */
	VAL_R_FALLBACK_SETUP, VAL_R_AUTH_UNREACHABLE,
	VAL_R_COUNT
};

/* A DS or trust anchor as the sentences name it: "DS 1234/8",
 * "anchor 1234/8". */
struct val_trust_ref {
	uint16_t tag;
	uint8_t algorithm;
	bool anchor;			/* a trust anchor in DNSKEY form, not a DS */
};

/* Which variant of its code's sentence a failure needs (val_facts.flags). */
enum val_fact_flag {
	VAL_FACT_NSEC3 = 1 << 0,	/* the denial is made of NSEC3, not NSEC */
	VAL_FACT_WILDCARD = 1 << 1,	/* about the wildcard: its NSEC or NSEC3, its NODATA */
	VAL_FACT_ANCHOR = 1 << 2,	/* the trust is the trust-anchor file, not the parent's DS */
	VAL_FACT_DS = 1 << 3,		/* CRYPTO_FAILED: the digest of a DS, not an RRSIG */
	VAL_FACT_CUT = 1 << 4,		/* NSEC3_ITER_LIMIT: where a zone cut could lie */
	VAL_FACT_EDNS = 1 << 5,		/* NO_DO: the answer had EDNS, only the DO bit was missing */
};

/* The facts a failure is about; those that do not apply stay zero (a
 * NULL name or string: not known).  val_reason.c renders the sentence
 * from the code and these alone. */
struct val_facts {
	const uint8_t *zone;		/* whose keys, denial or anchor */
	const uint8_t *owner;		/* the RRset's owner, the name denied */
	/* The second name a sentence names: the RRSIG's signer, the NSEC's
	 * next name, a wildcard, a closest encloser, a referral's cut, the
	 * name a DNAME rewrites or the DNAME a CNAME should follow. */
	const uint8_t *other;
	const uint8_t *record;		/* the NSEC or NSEC3 (its owner) the failure is about */
	uint16_t type;			/* 0 in a denial: NXDOMAIN, "(any type)" */
	uint16_t key_tag;		/* the RRSIG's or the key's */
	uint16_t ds_tag;		/* the DS (or anchor) that the failure is about */
	uint8_t algorithm;		/* of the RRSIG, or of the DS */
	uint8_t key_alg;		/* DS_WRONG_ALG: the key's own algorithm */
	uint8_t labels;			/* an RRSIG's labels field, or the wildcard answer's */
	uint8_t salt_len;		/* NSEC3_ITER_LIMIT */
	uint16_t iterations;		/* NSEC3_ITER_LIMIT */
	uint16_t rcode;			/* RCODE: the answer's */
	uint8_t deny;			/* enum val_deny of a denial; 0: not a denial */
	uint8_t flags;			/* enum val_fact_flag */
	uint32_t count;			/* signatures tried, records in an RRset or an answer */
	uint32_t limit;			/* the stub's limit that was reached (rounds, seconds) */
	uint32_t inception, expiration;	/* the RRSIG's validity window */
	uint64_t clock;			/* CLOCK_UNSET: what the system clock said */
	int err;			/* an errno: TRANSPORT, FALLBACK_SETUP */
	const char *server;		/* the upstream */
	/* A phrase from outside the validator: the transport's failure,
	 * OpenSSL's, the configuration's error, how the resolver is unable. */
	const char *detail;
	const struct val_rrset *keys;	/* the DNSKEY set whose keys the sentence lists */
	const struct val_trust_ref *trust;	/* the DS or anchors that vouch, for the sentence */
	size_t ntrust;
};

/* A reason: the code, its EDE, the facts (all but the lists, the record,
 * the clock, the errno and the phrase, which only the sentence shows) and
 * the sentence rendered from them. */
struct val_reason {
	enum val_code code;
	uint16_t ede;			/* by the code, from val_reason.c's table */
	uint8_t zone[VAL_NAME_MAX], owner[VAL_NAME_MAX];	/* empty: not known */
	uint8_t other[VAL_NAME_MAX];
	uint16_t type, key_tag, ds_tag;
	uint8_t algorithm, key_alg, labels, salt_len;
	uint16_t iterations, rcode;
	uint8_t deny, flags;
	uint32_t count, limit;
	uint32_t inception, expiration;
	char server[VAL_REASON_SERVER_MAX];
	char text[VAL_WHY_MAX];		/* the sentence; use val_reason_str */
};
/* Fills r: code, its EDE, the facts (f may be NULL) and the sentence that
 * val_reason.c renders from them: the one place a reason's words live. */
void val_reason_set(struct val_reason *r, enum val_code code, const struct val_facts *f);
/* r, an insecure link's reason, made bogus by the require-secure zone req
 * that covers name: the code becomes REQUIRE_SECURE, the EDE stays the
 * link's, the sentence says both. */
void val_reason_require_secure(struct val_reason *r, const uint8_t *req, const uint8_t *name);
/* r's sentence says that the authoritative walk stopped at its named
 * limit (a phrase of stub_iter.c). */
void val_reason_walk_limit(struct val_reason *r, const char *limit);
/* r, the authoritative pass's reason, when the resolver (servers) was
 * unable (a phrase) too: the code becomes AUTH_UNREACHABLE and the
 * sentence says both. */
void val_reason_auth_unreachable(struct val_reason *r, const char *resolver, const char *unable);
/* The EDE a code stands for. */
uint16_t val_code_ede(enum val_code code);
/* "SIG_EXPIRED", for tests and logs of codes. */
const char *val_code_name(enum val_code code);
/* The one sentence a reason is rendered as, for the log line, `query`,
 * `trace` and `why` alike: "" for none. */
const char *val_reason_str(const struct val_reason *r);

/* The world as the validator sees it (STYLE.md #5) and what it concluded.
 * Initialise with val_ctx_init; the budgets run down over one lookup. */
struct val_ctx {
	uint64_t now;			/* seconds since the epoch */
	uint32_t skew;			/* VAL_SKEW_SECONDS */
	/* Policy of this lookup (false by val_ctx_init): accept RRSIGs
	 * outside their validity window (not yet valid, expired); every other
	 * check stands, an expiration before the inception included.  For
	 * the names of time servers while the host's clock is not
	 * synchronized (DESIGN.md, "Field conditions"); the caller decides. */
	bool no_time_window;
	/* Out: a signature was accepted only because of no_time_window. */
	bool time_window_skipped;
	unsigned sig_budget;		/* VAL_SIG_PER_LOOKUP_MAX */
	unsigned hash_budget;		/* VAL_NSEC3_HASH_BUDGET */
	unsigned sig_verifications;	/* done so far (statistics, tests) */
	/* The reason of the last verdict that was not secure. */
	struct val_reason reason;
	/* NULL (val_ctx_init's default: the module keeps none), or where
	 * val_validate records every link it checks (see struct val_trace). */
	struct val_trace *trace;
	/* NULL (val_ctx_init's default), or the lookup's memo of valid
	 * signatures (see struct val_memo). */
	struct val_memo *memo;
};
void val_ctx_init(struct val_ctx *vc, uint64_t now);

/* What a valid RRSIG told about the RRset it covers. */
struct val_sigok {
	uint32_t ttl;		/* min(record TTL, original TTL, expiration - now) */
	uint16_t key_tag;
	uint8_t algorithm;
	uint8_t labels;		/* RRSIG labels field */
	uint32_t inception, expiration;	/* its validity window */
	bool wildcard;		/* labels < owner's label count: expanded from
				 * "*." + the last `labels` labels, and the
				 * caller must prove no closer match exists */
};

/* ------------------------------------------------------------------ */
/* Denial of existence (RFC 4035 §5.4, RFC 6840 §4, RFC 5155 §8)        */

enum val_deny {
	VAL_DENY_NXDOMAIN = 1,	/* qname does not exist, nor a wildcard that covers it */
	VAL_DENY_NODATA,	/* qname (or the wildcard covering it) has no qtype; an
				 * empty non-terminal counts */
	VAL_DENY_NO_CLOSER,	/* an answer expanded from a wildcard: no name closer to
				 * qname than the wildcard's parent exists */
};

struct val_denial {
	enum val_deny want;
	const uint8_t *qname;
	uint16_t qtype;		/* VAL_DENY_NODATA */
	uint8_t labels;		/* VAL_DENY_NO_CLOSER: the answer RRSIG's labels field */
	bool cut_check;		/* a DS denial asked only to find where zones are cut:
				 * NSEC3 above the iteration limit is hashed anyway
				 * when the hash budget affords it (RFC 9276 lets a
				 * denial be insecure; it does not make a signed zone's
				 * names unsigned) */
	/* Out. */
	bool iter_unchecked;	/* cut_check, and the NSEC3 iterations cost more than
				 * the hash budget left: INSECURE, nothing proven */
	bool delegation;	/* NODATA for DS at a name whose NSEC/NSEC3 has NS
				 * without SOA: an unsigned delegation */
	bool optout;		/* INSECURE because an opt-out NSEC3 covers the next
				 * closer name (RFC 5155 §9.2) */
	bool wildcard;		/* NODATA proven through a wildcard: qname itself does
				 * not exist, so nothing below it does either */
};

/* ------------------------------------------------------------------ */
/* The chain of trust: a lookup's verdict from the responses gathered   */

/* One response the stub gathered, for the question (qname, qtype). */
struct val_response {
	const uint8_t *qname;
	uint16_t qtype;
	const struct val_msg *msg;	/* NULL when none could be had */
	const char *server;		/* "192.0.2.53" or "[2001:db8::53]:5353", for reasons */
	const char *failure;		/* with msg NULL: "timed out", "SERVFAIL", ... */
};

/* Trust anchors and policy, as data (DESIGN.md "Policy and configuration"). */
struct val_policy {
	const struct val_rr *const *anchors;	/* DS or DNSKEY records, any zone */
	size_t nanchors;
	const uint8_t *const *ntas;		/* negative trust anchors (RFC 7646) */
	size_t nntas;
	const uint8_t *const *require_secure;	/* insecure below these is bogus */
	size_t nrequire;
};

/* A query the validator still needs. */
struct val_need {
	uint8_t name[VAL_NAME_MAX];
	uint16_t type;
};

/* The outcome of a lookup. */
struct val_answer {
	enum val_verdict verdict;
	struct val_reason reason;	/* for anything not secure */
	uint16_t rcode;			/* 0: data or NODATA; 3: NXDOMAIN */
	const struct val_rrset *rrset;	/* the RRset of qtype at the end of the chain, or NULL;
					 * for qtype ANY the first of the name's RRsets */
	const struct val_msg *msg;	/* the message that answered the last name (every
					 * RRset of an ANY answer is in it), or NULL */
	const uint8_t *names[VAL_CNAME_MAX + 1]; /* qname, then each alias target */
	size_t nnames;			/* the last one is the canonical name */
	uint32_t ttl;			/* smallest TTL, capped by RRSIG original TTL and expiry */
	/* Names a DNAME produced (RFC 6672 §2.2): names[] may point here, so
	 * they live as long as the answer, not on val_validate's stack. */
	uint8_t synth[VAL_CNAME_MAX + 1][VAL_NAME_MAX];
};

/* Validates (qname, qtype) from the responses gathered so far.
 * Returns the verdict, with *ans filled, or VAL_UNCHECKED with the queries
 * still needed in needs (at most VAL_QUERIES_MAX; *nneeds is their number):
 * on the first call, with no responses, that is everything the chain can
 * be foreseen to need (the question, and DS and DNSKEY of every name from
 * the trust anchor down), so that the stub sends it in one round.  The
 * validator keeps no state between calls; vc's budgets run down across
 * them.  The pointers in *ans point into the responses' messages. */
enum val_verdict val_validate(struct val_ctx *vc, const struct val_policy *pol,
			      const uint8_t *qname, uint16_t qtype,
			      const struct val_response *resp, size_t nresp,
			      struct val_answer *ans, struct val_need *needs, size_t *nneeds);

/* ------------------------------------------------------------------ */
/* The trace of a walk, for people (`nss-dnssec trace`, `why`)          */

enum val_link_kind {
	VAL_LINK_ANCHOR = 1,	/* the DNSKEY set of a trust-anchor zone, vouched for by the anchors */
	VAL_LINK_DS,		/* a DS RRset (name), signed by the parent zone (zone) */
	VAL_LINK_DNSKEY,	/* a zone's DNSKEY set, vouched for by its DS RRset */
	VAL_LINK_ANSWER,	/* the RRset of the question's type */
	VAL_LINK_ALIAS,		/* a CNAME or DNAME on the way to it */
	VAL_LINK_AUTHORITY,	/* an RRset of a negative answer's authority section (its SOA) */
	VAL_LINK_DENIAL,	/* an NSEC/NSEC3 proof: no DS at name, NXDOMAIN, NODATA, or no
				 * closer match than a wildcard */
	VAL_LINK_NTA,		/* a negative trust anchor (zone) covers name */
	VAL_LINK_FETCH,		/* the response for (name, type) could not be had or used */
};

/* One link as the walk checked it.  Pointers point into the responses and
 * the policy given to val_validate, and live as long as they do. */
struct val_link {
	enum val_link_kind kind;
	enum val_verdict verdict;	/* of this link alone */
	struct val_reason reason;	/* when not secure, as in val_ctx */
	uint8_t zone[VAL_NAME_MAX];	/* whose keys sign it, that proves the denial, or the NTA */
	uint8_t name[VAL_NAME_MAX];	/* the RRset's owner, the name denied, the question fetched */
	uint16_t type;
	const struct val_rrset *set;	/* the RRset checked, or NULL (none, or not received) */
	/* ANCHOR, DNSKEY: the anchors or DS records that vouch for set, in
	 * the order tried (at most VAL_TRACE_TRUST_MAX), and which of them
	 * matched a key of set (bit i for trust[i]). */
	const struct val_rr *trust[VAL_TRACE_TRUST_MAX];
	size_t ntrust;
	uint32_t trust_matched;
	struct val_sigok sig;		/* secure ANCHOR, DS, DNSKEY, ANSWER, ALIAS: the RRSIG that verified */
	/* DENIAL: what was to be proven, and the NSEC/NSEC3 RRsets taken (each verified). */
	enum val_deny deny;
	bool delegation, optout, wildcard;
	const struct val_rrset *proof[VAL_DENIAL_RECORDS_MAX];
	size_t nproof;
	const char *server;		/* FETCH: the upstream, as val_response names it */
};

/* With vc->trace set, each val_validate call empties the trace and records
 * its walk in order, each link once (a link met again through a CNAME
 * chain is not repeated); so after the last call it holds the walk that
 * gave the verdict.  At most VAL_TRACE_MAX links: past them, the last slot
 * holds the most recent one and `dropped` counts those overwritten. */
struct val_trace {
	struct val_link link[VAL_TRACE_MAX];
	size_t n;
	size_t dropped;
	struct val_link *cur;		/* internal: the link being checked */
};
