/* validator/val_reason.c: a failure's reason as data.  The one table of
 * codes: the EDE each stands for (RFC 8914) and, for verify_with, how
 * telling it is among the failures of one RRset's signatures; and the one
 * renderer that turns a code and its facts into the sentence people read
 * in the log, `query`, `trace` and `why`. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "val_int.h"

struct val_reason_row {
	const char *name;
	uint16_t ede;
	/* Among the reasons one RRSIG after another fails for, the higher
	 * wins (a bad signature says more than a signature by some other
	 * zone); 0: not such a reason. */
	uint8_t rank;
};

#define R(code, ede, rank) [VAL_R_##code] = { #code, EDE_##ede, rank }
static const struct val_reason_row VAL_REASONS[VAL_R_COUNT] = {
	R(NONE, OTHER, 0),
	R(RRSIG_MISSING, RRSIGS_MISSING, 0),
	R(OUTSIDE_ZONE, DNSSEC_BOGUS, 0),
	R(SIG_ALG_UNSUPPORTED, UNSUPPORTED_DNSKEY_ALG, 1),
	R(KEY_ALG_REFUSED, UNSUPPORTED_DNSKEY_ALG, 1),
	R(SIGNER_NOT_ZONE, DNSSEC_BOGUS, 2),
	R(RRSIG_UNUSABLE, RRSIGS_MISSING, 2),
	R(RRSIG_LABELS, DNSSEC_BOGUS, 3),
	R(RRSIG_TOO_MANY, DNSSEC_BOGUS, 4),
	R(KEYS_SAME_TAG, DNSSEC_BOGUS, 4),
	R(KEY_NOT_IN_SET, DNSKEY_MISSING, 5),
	R(KEY_NOT_VOUCHED, DNSKEY_MISSING, 5),
	R(KEY_NOT_ZONE, NO_ZONE_KEY_BIT, 6),
	R(KEY_REVOKED, DNSSEC_BOGUS, 6),
	R(SIG_EXPIRED, SIGNATURE_EXPIRED, 7),
	R(SIG_NOT_YET, SIGNATURE_NOT_YET_VALID, 7),
	R(SIG_WINDOW_BAD, DNSSEC_BOGUS, 7),
	R(KEY_MALFORMED, DNSSEC_BOGUS, 8),
	R(SIG_MALFORMED, DNSSEC_BOGUS, 9),
	R(SIG_INVALID, DNSSEC_BOGUS, 9),
	R(SIG_BUDGET, DNSSEC_BOGUS, 0),
	R(CRYPTO_FAILED, OTHER, 0),
	R(NO_DS, DNSKEY_MISSING, 0),
	R(DS_ALG_UNSUPPORTED, UNSUPPORTED_DNSKEY_ALG, 0),
	R(DS_DIGEST_UNSUPPORTED, UNSUPPORTED_DS_DIGEST, 0),
	R(DNSKEY_NONE, DNSKEY_MISSING, 0),
	R(DS_WRONG_ALG, DNSKEY_MISSING, 0),
	R(DS_MATCHES_NO_KEY, DNSKEY_MISSING, 0),
	R(KSK_NOT_SIGNING, DNSSEC_BOGUS, 0),
	R(DENIAL_MISSING, NSEC_MISSING, 0),
	R(DENIAL_TOO_MANY, DNSSEC_BOGUS, 0),
	R(DENIAL_NOT_ONE, DNSSEC_BOGUS, 0),
	R(DENIAL_MALFORMED, INVALID_DATA, 0),
	R(NSEC_NEXT_OUTSIDE, DNSSEC_BOGUS, 0),
	R(NSEC3_WILDCARD, DNSSEC_BOGUS, 0),
	R(NSEC3_PARAMS_DIFFER, DNSSEC_BOGUS, 0),
	R(NSEC3_NONE_USABLE, NSEC_MISSING, 0),
	R(NSEC3_ITER_LIMIT, UNSUPPORTED_NSEC3_ITERATIONS, 0),
	R(TYPE_EXISTS, DNSSEC_BOGUS, 0),
	R(TYPE_IS_CNAME, DNSSEC_BOGUS, 0),
	R(DS_AT_APEX, DNSSEC_BOGUS, 0),
	R(PARENT_SIDE, DNSSEC_BOGUS, 0),
	R(WILDCARD_NODATA_MISSING, NSEC_MISSING, 0),
	R(NAME_EXISTS, DNSSEC_BOGUS, 0),
	R(EMPTY_NONTERMINAL, DNSSEC_BOGUS, 0),
	R(WILDCARD_EXISTS, DNSSEC_BOGUS, 0),
	R(WILDCARD_NOT_DENIED, NSEC_MISSING, 0),
	R(CLOSER_NAME, DNSSEC_BOGUS, 0),
	R(NOT_COVERED, NSEC_MISSING, 0),
	R(HASH_BUDGET, DNSSEC_BOGUS, 0),
	R(SHA1_UNAVAILABLE, OTHER, 0),
	R(CE_IS_CUT, DNSSEC_BOGUS, 0),
	R(NEXT_CLOSER_MISSING, NSEC_MISSING, 0),
	R(NO_CLOSEST_ENCLOSER, NSEC_MISSING, 0),
	R(OPTOUT, OTHER, 0),
	R(NAME_TOO_LONG, DNSSEC_BOGUS, 0),
	R(WILDCARD_LABELS, DNSSEC_BOGUS, 0),
	R(NO_CLOSER_MISSING, NSEC_MISSING, 0),
	R(DENY_KIND, OTHER, 0),
	R(NO_ANSWER, NETWORK_ERROR, 0),
	R(RCODE, NO_REACHABLE_AUTHORITY, 0),
	R(NO_DO, DNSSEC_INDETERMINATE, 0),
	R(TRUNCATED, NETWORK_ERROR, 0),
	R(REFERRAL, NO_REACHABLE_AUTHORITY, 0),
	R(UNSIGNED_DELEGATION, OTHER, 0),
	R(NO_ANCHOR, DNSSEC_INDETERMINATE, 0),
	R(NTA, OTHER, 0),
	R(RESOLVER_STRIPS, RRSIGS_MISSING, 0),
	R(RESOLVER_NO_KEYS, DNSKEY_MISSING, 0),
	R(ABOVE_NONEXISTENT, DNSSEC_BOGUS, 0),
	R(DNAME_TOO_LONG, INVALID_DATA, 0),
	R(CNAME_NOT_FROM_DNAME, DNSSEC_BOGUS, 0),
	R(CNAME_NOT_ONE, INVALID_DATA, 0),
	R(CHAIN_TOO_LONG, INVALID_DATA, 0),
	R(QUERY_LIMIT, OTHER, 0),
	R(CRYPTO_START, OTHER, 0),
	R(REQUIRE_SECURE, OTHER, 0), /* the EDE is that of the insecure link */
	R(NOMEM, OTHER, 0),
	R(CONFIG_ERROR, OTHER, 0),
	R(CLOCK_UNSET, DNSSEC_INDETERMINATE, 0),
	R(TRANSPORT, OTHER, 0),
	R(ROUNDS_LIMIT, OTHER, 0),
	R(DEADLINE, NO_REACHABLE_AUTHORITY, 0),
	R(FALLBACK_SETUP, OTHER, 0),
	R(AUTH_UNREACHABLE, NO_REACHABLE_AUTHORITY, 0),
};
#undef R

static const struct val_reason_row *row(enum val_code code)
{
	return (unsigned)code < VAL_R_COUNT && VAL_REASONS[code].name ? &VAL_REASONS[code] : &VAL_REASONS[0];
}

uint16_t val_code_ede(enum val_code code)
{
	return row(code)->ede;
}

const char *val_code_name(enum val_code code)
{
	return row(code)->name;
}

unsigned val_code_rank(enum val_code code)
{
	return row(code)->rank;
}

static void copy_name(uint8_t out[VAL_NAME_MAX], const uint8_t *name)
{
	if (name)
		memcpy(out, name, val_name_len(name));
	else
		out[0] = 0;
}

static void set_facts(struct val_reason *r, enum val_code code, const struct val_facts *f)
{
	r->code = code;
	r->ede = val_code_ede(code);
	copy_name(r->zone, f->zone);
	copy_name(r->owner, f->owner);
	copy_name(r->other, f->other);
	r->type = f->type;
	r->key_tag = f->key_tag;
	r->ds_tag = f->ds_tag;
	r->algorithm = f->algorithm;
	r->key_alg = f->key_alg;
	r->labels = f->labels;
	r->salt_len = f->salt_len;
	r->iterations = f->iterations;
	r->rcode = f->rcode;
	r->deny = f->deny;
	r->flags = f->flags;
	r->count = f->count;
	r->limit = f->limit;
	r->inception = f->inception;
	r->expiration = f->expiration;
	snprintf(r->server, sizeof r->server, "%s", f->server ? f->server : "");
}

/* ------------------------------------------------------------------ */
/* The sentences.  Each renders one code from its facts; the words are
 * those the failing sites printed before the reason became data, so the
 * log, `query`, `trace` and `why` read as they did. */

/* What a sentence needs of the facts, as text. */
struct words {
	const struct val_facts *f;
	char *out;
	size_t cap;
	char owner[VAL_NAME_STR_MAX], zone[VAL_NAME_STR_MAX], other[VAL_NAME_STR_MAX], record[VAL_NAME_STR_MAX];
	char tb[16];
	const char *type;		/* "(any type)" for a denial's NXDOMAIN */
	const char *nsec;		/* "NSEC" or "NSEC3" */
	const char *server;		/* "the resolver" when not known */
};

static void name_or(char out[VAL_NAME_STR_MAX], const uint8_t *name)
{
	if (name)
		val_name_str(name, out);
	else
		snprintf(out, VAL_NAME_STR_MAX, "?");
}

/* The sentence, printf-style; cut at the caller's capacity (VAL_WHY_MAX)
 * like every reason. */
static void __attribute__((format(printf, 2, 3))) say(struct words *w, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(w->out, w->cap, fmt, ap);
	va_end(ap);
}

static void fmt_time(char out[20], uint32_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 20, "%Y-%m-%d %H:%M", &tm);
}

/* One RRset and its RRSIGs, before any key is tried (RFC 4035 §5.3). */
static bool say_rrset(struct words *w, enum val_code code)
{
	const struct val_facts *f = w->f;
	const char *o = w->owner, *t = w->type, *z = w->zone;
	char t1[20], t2[20];
	switch (code) {
	case VAL_R_RRSIG_MISSING:
		say(w, "%s %s has no RRSIG, but zone %s is signed", o, t, z);
		break;
	case VAL_R_RRSIG_UNUSABLE:
		say(w, "%s %s has no usable RRSIG", o, t);
		break;
	case VAL_R_OUTSIDE_ZONE:
		if (f->deny)
			say(w, "%s is not inside zone %s", o, z);
		else
			say(w, "%s %s is not inside zone %s", o, t, z);
		break;
	case VAL_R_SIGNER_NOT_ZONE:
		say(w, "%s %s is signed by %s (key %u), not by its zone %s", o, t, w->other, f->key_tag, z);
		break;
	case VAL_R_RRSIG_LABELS:
		say(w, "RRSIG over %s %s has labels field %u, outside %u..%u", o, t, f->labels,
		    f->zone ? val_name_labels(f->zone) : 0, f->owner ? val_name_labels(f->owner) : 0);
		break;
	case VAL_R_SIG_ALG_UNSUPPORTED:
		say(w, "%s %s is signed only with algorithm %u, which this host does not support", o, t, f->algorithm);
		break;
	case VAL_R_RRSIG_TOO_MANY:
		say(w, "%s %s has more than %d candidate RRSIGs; the rest were not tried", o, t,
		    VAL_RRSIG_PER_RRSET_MAX);
		break;
	case VAL_R_SIG_EXPIRED:
		fmt_time(t1, f->expiration);
		say(w, "RRSIG over %s %s by key %u of %s expired at %s UTC: signatures not refreshed?", o, t,
		    f->key_tag, z, t1);
		break;
	case VAL_R_SIG_NOT_YET:
		fmt_time(t1, f->inception);
		say(w, "RRSIG over %s %s by key %u of %s is not valid before %s UTC: signer's clock ahead, or this "
		    "host's behind?", o, t, f->key_tag, z, t1);
		break;
	case VAL_R_SIG_WINDOW_BAD:
		fmt_time(t1, f->inception);
		fmt_time(t2, f->expiration);
		say(w, "RRSIG over %s %s by key %u of %s expires (%s) before its inception (%s)", o, t, f->key_tag,
		    z, t2, t1);
		break;
	default:
		return false;
	}
	return true;
}

/* One RRSIG against the keys that may have made it (RFC 4035 §5.3.1,
 * the KeyTrap budgets of val_limits.h). */
static bool say_rrsig_key(struct words *w, enum val_code code)
{
	const struct val_facts *f = w->f;
	const char *o = w->owner, *t = w->type, *z = w->zone;
	switch (code) {
	case VAL_R_KEY_NOT_ZONE:
		say(w, "DNSKEY %u of %s that signs %s %s lacks the Zone Key bit", f->key_tag, z, o, t);
		break;
	case VAL_R_KEY_REVOKED:
		say(w, "DNSKEY %u of %s that signs %s %s is revoked", f->key_tag, z, o, t);
		break;
	case VAL_R_KEYS_SAME_TAG:
		say(w, "more than %d DNSKEYs of %s share key tag %u; the rest were not tried", VAL_KEYS_PER_TAG_MAX,
		    z, f->key_tag);
		break;
	case VAL_R_SIG_BUDGET:
		say(w, "signature budget spent on %s %s (%u tried for it, %d per lookup): too many signatures to try",
		    o, t, f->count, VAL_SIG_PER_LOOKUP_MAX);
		break;
	case VAL_R_SIG_MALFORMED:
		say(w, "RRSIG over %s %s cannot be checked (malformed data)", o, t);
		break;
	case VAL_R_CRYPTO_FAILED:
		if (f->flags & VAL_FACT_DS)
			say(w, "DS %u/%u of %s cannot be checked: the crypto library failed (out of memory)",
			    f->ds_tag, f->algorithm, z);
		else
			say(w, "RRSIG over %s %s by key %u of %s cannot be checked: the crypto library failed (out "
			    "of memory)", o, t, f->key_tag, z);
		break;
	case VAL_R_KEY_MALFORMED:
		say(w, "DNSKEY %u/%u of %s is malformed", f->key_tag, f->algorithm, z);
		break;
	case VAL_R_KEY_ALG_REFUSED:
		say(w, "algorithm %u of DNSKEY %u of %s is refused by this host's crypto library", f->algorithm,
		    f->key_tag, z);
		break;
	case VAL_R_SIG_INVALID: {
		const char *alg = val_alg_name(f->algorithm);
		say(w, "RRSIG over %s %s by key %u/%s of %s does not verify: data or signature altered", o, t,
		    f->key_tag, alg ? alg : "?", z);
		break;
	}
	case VAL_R_KEY_NOT_IN_SET:
		say(w, "RRSIG over %s %s names key %u/%u, which is not in the DNSKEY set of %s", o, t, f->key_tag,
		    f->algorithm, z);
		break;
	case VAL_R_KEY_NOT_VOUCHED:
		say(w, "%s %s is signed by key %u, which no DS or trust anchor names", o, t, f->key_tag);
		break;
	default:
		return false;
	}
	return true;
}

/* "23456/8 KSK, 34567/8": the keys of a DNSKEY set. */
static void key_list(char *out, size_t cap, const struct val_rrset *keys)
{
	size_t o = 0;
	out[0] = '\0';
	for (size_t k = 0; keys && k < keys->nrr && o + 24 < cap; k++) {
		struct val_dnskey key;
		if (val_rdata_dnskey(keys->rrs[k], &key) != 0)
			continue;
		o += (size_t)snprintf(out + o, cap - o, "%s%u/%u%s", o ? ", " : "",
				      val_keytag(key.rdata, key.rdlen), key.algorithm,
				      (key.flags & VAL_DNSKEY_SEP) ? " KSK" : "");
	}
	if (o == 0)
		snprintf(out, cap, "none");
}

/* "DS 1234/8, DS 2345/13" or "anchor 1234/8,anchor 2345/13": what vouches
 * for a DNSKEY set, cut at cap. */
static void trust_list(char *out, size_t cap, const struct val_trust_ref *trust, size_t n)
{
	size_t o = 0;
	out[0] = '\0';
	for (size_t i = 0; i < n && o + 1 < cap; i++) {
		const char *sep = o == 0 ? "" : trust[i].anchor ? "," : ", ";
		o += (size_t)snprintf(out + o, cap - o, "%s%s %u/%u", sep, trust[i].anchor ? "anchor" : "DS",
				      trust[i].tag, trust[i].algorithm);
	}
}

/* "the parent zone example.": where the DS or anchors of zone are. */
static void trust_where(char out[VAL_NAME_STR_MAX + 32], const struct val_facts *f)
{
	if (f->flags & VAL_FACT_ANCHOR)
		snprintf(out, VAL_NAME_STR_MAX + 32, "the trust anchor file");
	else if (!f->zone || f->zone[0] == 0)
		snprintf(out, VAL_NAME_STR_MAX + 32, "the parent");
	else
		val_name_str(val_name_parent(f->zone), out + snprintf(out, VAL_NAME_STR_MAX + 32, "the parent zone "));
}

/* A DNSKEY set against its DS or anchors (RFC 4035 §5.2). */
static bool say_keys(struct words *w, enum val_code code)
{
	const struct val_facts *f = w->f;
	const char *z = w->zone;
	bool anchor = f->flags & VAL_FACT_ANCHOR;
	char where[VAL_NAME_STR_MAX + 32], have[200], named[120];
	trust_where(where, f);
	key_list(have, sizeof have, f->keys);
	trust_list(named, sizeof named, f->trust, f->ntrust);
	switch (code) {
	case VAL_R_NO_DS:
		say(w, "no DS or trust anchor for %s", z);
		break;
	case VAL_R_DS_ALG_UNSUPPORTED:
	case VAL_R_DS_DIGEST_UNSUPPORTED:
		say(w, "every DS of %s uses an algorithm or digest type this host does not support: treated as "
		    "unsigned", z);
		break;
	case VAL_R_DNSKEY_NONE:
		say(w, "%s has no DNSKEY although %s has %s: %s", z, where, named,
		    anchor ? "the resolver returns no keys, or the anchor is stale"
			   : "zone unsigned but DS still published?");
		break;
	case VAL_R_DS_WRONG_ALG:
		say(w, "%s names no DNSKEY of %s (keys %s); key %u has that tag but algorithm %u: DS made with the "
		    "wrong algorithm?", named, z, have, f->key_tag, f->key_alg);
		break;
	case VAL_R_DS_MATCHES_NO_KEY:
		say(w, "%s in %s matches no DNSKEY of %s (keys %s): %s", named, where, z, have,
		    anchor ? "the KSK was rolled and the trust anchor not updated?"
			   : "KSK rolled without updating the DS at the parent?");
		break;
	case VAL_R_KSK_NOT_SIGNING:
		say(w, "the DNSKEY set of %s is not signed by the key that %s names (keys %s): the KSK must sign the "
		    "DNSKEY set", z, named, have);
		break;
	default:
		return false;
	}
	return true;
}

/* What an opt-out proof was for (RFC 5155 §9.2). */
static const char *optout_what(const struct val_facts *f)
{
	switch (f->deny) {
	case VAL_DENY_NXDOMAIN: return "the NXDOMAIN for";
	case VAL_DENY_NO_CLOSER: return "the wildcard answer for";
	default: return (f->flags & VAL_FACT_WILDCARD) ? "the wildcard NODATA for" : "the absence of a DS at";
	}
}

/* The checks of a denial's records (RFC 4035 §5.4, RFC 5155 §8). */
static bool say_records(struct words *w, enum val_code code)
{
	const struct val_facts *f = w->f;
	const char *o = w->owner, *t = w->type, *z = w->zone;
	const char *what = (f->flags & VAL_FACT_WILDCARD) ? "wildcard" : "the";
	switch (code) {
	case VAL_R_DENIAL_MISSING:
		say(w, "no NSEC or NSEC3 of zone %s in the answer for %s %s: denial without proof", z, o, t);
		break;
	case VAL_R_DENIAL_TOO_MANY:
		say(w, "%u %s records of zone %s in one answer, more than the %d a proof may use", f->count, w->nsec,
		    z, VAL_DENIAL_RECORDS_MAX);
		break;
	case VAL_R_DENIAL_NOT_ONE:
		say(w, "%s %s has %u records, not one", w->record, w->nsec, f->count);
		break;
	case VAL_R_DENIAL_MALFORMED:
		say(w, "malformed %s", w->nsec);
		break;
	case VAL_R_NSEC_NEXT_OUTSIDE:
		say(w, "the NSEC at %s names %s as next, outside zone %s", w->record, w->other, z);
		break;
	case VAL_R_NSEC3_WILDCARD:
		say(w, "NSEC3 %s was expanded from a wildcard", w->record);
		break;
	case VAL_R_NSEC3_PARAMS_DIFFER:
		say(w, "NSEC3 records of zone %s in one answer use different parameters", z);
		break;
	case VAL_R_NSEC3_NONE_USABLE:
		say(w, "no usable NSEC3 of zone %s (unknown hash algorithm or flags) for %s %s", z, o, t);
		break;
	case VAL_R_NSEC3_ITER_LIMIT:
		say(w, "zone %s uses NSEC3 with %u iterations and a %u-octet salt, above the limits of %d and %d "
		    "(RFC 9276): %s", z, f->iterations, f->salt_len, VAL_NSEC3_ITER_MAX, VAL_NSEC3_SALT_MAX,
		    (f->flags & VAL_FACT_CUT) ? "too costly to check whether a zone cut lies at that name"
					      : "treated as unsigned");
		break;
	case VAL_R_TYPE_EXISTS:
		say(w, "%s %s at %s lists %s: the data exists, the denial for %s is forged", what, w->nsec, w->record,
		    t, o);
		break;
	case VAL_R_TYPE_IS_CNAME:
		say(w, "%s %s at %s lists CNAME: %s %s should have been a CNAME answer", what, w->nsec, w->record, o,
		    t);
		break;
	case VAL_R_DS_AT_APEX:
		say(w, "the %s of %s has SOA: it is the apex of zone %s, whose DS only the parent can deny", w->nsec,
		    o, z);
		break;
	case VAL_R_PARENT_SIDE:
		say(w, "the record at %s is the parent side of a delegation and proves nothing about %s", o, t);
		break;
	default:
		return false;
	}
	return true;
}

/* What a denial's records prove or fail to (RFC 4035 §5.4, RFC 5155 §8). */
static bool say_denial(struct words *w, enum val_code code)
{
	const struct val_facts *f = w->f;
	const char *o = w->owner, *t = w->type, *z = w->zone;
	switch (code) {
	case VAL_R_WILDCARD_NODATA_MISSING:
		say(w, "%s does not exist, and no %s of zone %s shows the wildcard %s without %s", o, w->nsec, z,
		    w->other, t);
		break;
	case VAL_R_NAME_EXISTS:
		if (f->flags & VAL_FACT_NSEC3)
			say(w, "an NSEC3 of zone %s shows that %s exists", z, o);
		else
			say(w, "an NSEC of zone %s shows that %s exists: the NXDOMAIN is forged", z, o);
		break;
	case VAL_R_EMPTY_NONTERMINAL:
		say(w, "%s is an empty non-terminal of zone %s: it exists, the NXDOMAIN is forged", o, z);
		break;
	case VAL_R_WILDCARD_EXISTS:
		say(w, "wildcard %s exists, so %s %s should have been answered from it", w->other, o, t);
		break;
	case VAL_R_WILDCARD_NOT_DENIED:
		say(w, "no %s of zone %s proves that wildcard %s does not exist", w->nsec, z, w->other);
		break;
	case VAL_R_CLOSER_NAME:
		say(w, "the NSEC of zone %s shows a name closer to %s than the wildcard the answer came from", z, o);
		break;
	case VAL_R_NOT_COVERED:
		say(w, "no NSEC of zone %s covers %s: %s %s is not proven", z, o,
		    f->deny == VAL_DENY_NXDOMAIN ? "NXDOMAIN for" : "denial of",
		    f->deny == VAL_DENY_NO_CLOSER ? "wildcard answer" : t);
		break;
	case VAL_R_HASH_BUDGET:
		say(w, "NSEC3 hash budget of %d computations spent proving %s %s", VAL_NSEC3_HASH_BUDGET, o, t);
		break;
	case VAL_R_SHA1_UNAVAILABLE:
		say(w, "SHA-1 for NSEC3 is not available on this host");
		break;
	case VAL_R_CE_IS_CUT:
		say(w, "the NSEC3 of %s is a delegation or DNAME and proves nothing below it", w->other);
		break;
	case VAL_R_NEXT_CLOSER_MISSING:
		say(w, "no NSEC3 of zone %s covers the next closer name of %s", z, o);
		break;
	case VAL_R_NO_CLOSEST_ENCLOSER:
		say(w, "no NSEC3 of zone %s proves a closest encloser of %s", z, o);
		break;
	case VAL_R_OPTOUT:
		say(w, "%s %s rests on an opt-out NSEC3 of zone %s: unsigned delegations may hide there (RFC 5155 "
		    "§9.2)", optout_what(f), o, z);
		break;
	case VAL_R_NAME_TOO_LONG:
		say(w, "name too long");
		break;
	case VAL_R_WILDCARD_LABELS:
		say(w, "wildcard labels field %u does not fit %s", f->labels, o);
		break;
	case VAL_R_NO_CLOSER_MISSING:
		say(w, "no NSEC3 of zone %s proves that no name closer to %s than the wildcard exists", z, o);
		break;
	case VAL_R_DENY_KIND:
		say(w, "unknown denial kind");
		break;
	default:
		return false;
	}
	return true;
}

/* The upstream's answers and the chain through them (val_chain.c). */
static bool say_chain(struct words *w, enum val_code code)
{
	const struct val_facts *f = w->f;
	const char *o = w->owner, *t = w->type, *z = w->zone, *s = w->server;
	switch (code) {
	case VAL_R_NO_ANSWER:
		say(w, "%s gave no answer for %s %s: %s", s, o, t, f->detail ? f->detail : "no response");
		break;
	case VAL_R_RCODE:
		say(w, "%s answered %s %s with RCODE %u", s, o, t, f->rcode);
		break;
	case VAL_R_NO_DO:
		say(w, "%s answered %s %s without %s: it does not return DNSSEC records; cannot validate", s, o, t,
		    (f->flags & VAL_FACT_EDNS) ? "the DO bit" : "EDNS");
		break;
	case VAL_R_TRUNCATED:
		say(w, "%s sent a truncated answer for %s %s", s, o, t);
		break;
	case VAL_R_REFERRAL:
		say(w, "%s answered %s %s with a referral to %s, not an answer: it is an authoritative server, not a "
		    "resolver; cannot validate through it", s, o, t, w->other);
		break;
	case VAL_R_UNSIGNED_DELEGATION:
		say(w, "%s is delegated from %s without a DS, proven by a signed denial: an unsigned zone", o, z);
		break;
	case VAL_R_NO_ANCHOR:
		say(w, "no trust anchor covers %s: check the trust-anchor-file lines of the configuration", o);
		break;
	case VAL_R_NTA:
		say(w, "negative trust anchor %s covers %s: not validated", z, o);
		break;
	case VAL_R_RESOLVER_STRIPS:
	case VAL_R_RESOLVER_NO_KEYS:
		say(w, "%s returned the DNSKEY set of trust anchor %s %s: it does not pass DNSSEC records; cannot "
		    "validate", s, z, code == VAL_R_RESOLVER_STRIPS ? "without RRSIG" : "empty");
		break;
	case VAL_R_ABOVE_NONEXISTENT:
		say(w, "%s has data although its parent zone proves a name above it does not exist", o);
		break;
	case VAL_R_DNAME_TOO_LONG:
		say(w, "the DNAME at %s turns %s into a name longer than 255 octets", o, w->other);
		break;
	case VAL_R_CNAME_NOT_FROM_DNAME:
		say(w, "the CNAME at %s does not follow from the DNAME at %s", o, w->other);
		break;
	case VAL_R_CNAME_NOT_ONE:
		say(w, "CNAME RRset at %s has %u records", o, f->count);
		break;
	case VAL_R_CHAIN_TOO_LONG:
		say(w, "the CNAME/DNAME chain from %s is longer than %d steps (a loop?)", o, VAL_CNAME_MAX);
		break;
	case VAL_R_CRYPTO_START:
		say(w, "OpenSSL could not be started: %s", f->detail ? f->detail : "?");
		break;
	case VAL_R_REQUIRE_SECURE:
		say(w, "require-secure %s covers %s", z, o);
		break;
	default:
		return false;
	}
	return true;
}

/* The lookup around the validator (stub_lookup.c): its upstream, its
 * limits, the host. */
static bool say_lookup(struct words *w, enum val_code code)
{
	const struct val_facts *f = w->f;
	const char *s = w->server;
	switch (code) {
	case VAL_R_QUERY_LIMIT:
		/* The stub counts the lookup's queries to its upstream; the
		 * validator those one name needs. */
		if (f->server)
			say(w, "validation needs more than %d queries to %s", VAL_QUERIES_MAX, s);
		else
			say(w, "validating %s needs more than %d upstream queries", w->owner, VAL_QUERIES_MAX);
		break;
	case VAL_R_NOMEM:
		if (f->type)
			say(w, "RRSIG over %s %s cannot be checked: out of memory", w->owner, w->type);
		else
			say(w, "out of memory");
		break;
	case VAL_R_CONFIG_ERROR:
		say(w, "configuration error, not resolving: %s", f->detail ? f->detail : "?");
		break;
	case VAL_R_CLOCK_UNSET: {
		time_t t = (time_t)f->clock;
		struct tm tm;
		char when[32];
		gmtime_r(&t, &tm);
		strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &tm);
		say(w, "system clock not set: it says %s, before this software was built", when);
		break;
	}
	case VAL_R_TRANSPORT:
		say(w, "cannot set up the resolver channel: %s", strerror(f->err));
		break;
	case VAL_R_ROUNDS_LIMIT:
		say(w, "validation still needs data after %u rounds of queries to %s", f->limit, s);
		break;
	case VAL_R_DEADLINE:
		say(w, "%s did not answer within the %u s deadline", s, f->limit);
		break;
	case VAL_R_FALLBACK_SETUP:
		say(w, "cannot set up the authoritative fallback: %s", f->err == EINVAL ? "no root hints" : strerror(f->err));
		break;
	case VAL_R_AUTH_UNREACHABLE:
		say(w, "the resolver %s %s, and the authoritative servers could not be reached (none answered within "
		    "the last %u s)", s, f->detail ? f->detail : "?", f->limit);
		break;
	default:
		return false;
	}
	return true;
}

/* The one renderer: the sentence of code from the facts f alone, into
 * out (cap octets).  NONE renders as "". */
static void render(char *out, size_t cap, enum val_code code, const struct val_facts *f)
{
	struct words ws, *w = &ws; /* on the stack: a reason is rendered when memory runs out too */
	w->f = f;
	w->out = out;
	w->cap = cap;
	name_or(w->owner, f->owner);
	name_or(w->zone, f->zone);
	name_or(w->other, f->other);
	name_or(w->record, f->record);
	w->type = f->type == 0 && f->deny ? "(any type)" : val_type_str(f->type, w->tb);
	w->nsec = (f->flags & VAL_FACT_NSEC3) ? "NSEC3" : "NSEC";
	w->server = f->server ? f->server : "the resolver";
	out[0] = '\0';
	if (code != VAL_R_NONE && !say_rrset(w, code) && !say_rrsig_key(w, code) && !say_keys(w, code) && !say_records(w, code) &&
	    !say_denial(w, code) && !say_chain(w, code) && !say_lookup(w, code))
		snprintf(out, cap, "%s", val_code_name(code));
}

void val_reason_set(struct val_reason *r, enum val_code code, const struct val_facts *f)
{
	static const struct val_facts none;
	if (!f)
		f = &none;
	set_facts(r, code, f);
	render(r->text, sizeof r->text, code, f);
}

void val_reason_require_secure(struct val_reason *r, const uint8_t *req, const uint8_t *name)
{
	char policy[VAL_WHY_MAX];
	render(policy, sizeof policy, VAL_R_REQUIRE_SECURE, &(struct val_facts){ .zone = req, .owner = name });
	size_t len = strnlen(r->text, sizeof r->text);
	/* Cut at VAL_WHY_MAX like every reason. */
	if (snprintf(r->text + len, sizeof r->text - len, "; but %s", policy) < 0)
		r->text[len] = '\0';
	r->code = VAL_R_REQUIRE_SECURE;
}

void val_reason_walk_limit(struct val_reason *r, const char *limit)
{
	size_t len = strnlen(r->text, sizeof r->text);
	snprintf(r->text + len, sizeof r->text - len, " (the authoritative walk stopped at its limit of %s)", limit);
}

void val_reason_auth_unreachable(struct val_reason *r, const char *resolver, const char *unable)
{
	char why[VAL_WHY_MAX];
	/* Cut at VAL_WHY_MAX like every reason. */
	if (snprintf(why, sizeof why, "the resolver %s %s, and the authoritative servers could not be reached: %s",
		     resolver, unable, r->text) < 0)
		return;
	memcpy(r->text, why, sizeof r->text);
	r->code = VAL_R_AUTH_UNREACHABLE;
	r->ede = val_code_ede(VAL_R_AUTH_UNREACHABLE);
}

const char *val_reason_str(const struct val_reason *r)
{
	return r->text;
}

enum val_verdict val_fail(struct val_ctx *vc, enum val_verdict v, enum val_code code, const struct val_facts *f)
{
	val_reason_set(&vc->reason, code, f);
	return v;
}
