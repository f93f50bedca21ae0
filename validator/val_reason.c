/* validator/val_reason.c: a failure's reason as data.  The one table of
 * codes: the EDE each stands for (RFC 8914) and, for verify_with, how
 * telling it is among the failures of one RRset's signatures. */
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
	static const struct val_facts none;
	if (!f)
		f = &none;
	r->code = code;
	r->ede = val_code_ede(code);
	copy_name(r->zone, f->zone);
	copy_name(r->owner, f->owner);
	r->type = f->type;
	r->key_tag = f->key_tag;
	r->ds_tag = f->ds_tag;
	r->algorithm = f->algorithm;
	r->key_alg = f->key_alg;
	r->inception = f->inception;
	r->expiration = f->expiration;
	snprintf(r->server, sizeof r->server, "%s", f->server ? f->server : "");
}

void val_reason_setv(struct val_reason *r, enum val_code code, const struct val_facts *f, const char *fmt,
		     va_list ap)
{
	set_facts(r, code, f);
	vsnprintf(r->text, sizeof r->text, fmt, ap);
}

static void fmt_time(char out[20], uint32_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 20, "%Y-%m-%d %H:%M", &tm);
}

/* r's sentence, printf-style; cut at VAL_WHY_MAX like every reason. */
static void __attribute__((format(printf, 2, 3))) say(struct val_reason *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->text, sizeof r->text, fmt, ap);
	va_end(ap);
}

/* The sentence of a code rendered from r's facts alone (so far the RRSIG
 * time window of RFC 4035 §5.3.1); false for the other codes. */
static bool render(struct val_reason *r)
{
	char owner[VAL_NAME_STR_MAX], zone[VAL_NAME_STR_MAX], tb[16], t1[20], t2[20];
	val_name_str(r->owner, owner);
	val_name_str(r->zone, zone);
	const char *type = val_type_str(r->type, tb);
	switch (r->code) {
	case VAL_R_SIG_EXPIRED:
		fmt_time(t1, r->expiration);
		say(r, "RRSIG over %s %s by key %u of %s expired at %s UTC: signatures not refreshed?", owner, type,
		    r->key_tag, zone, t1);
		return true;
	case VAL_R_SIG_NOT_YET:
		fmt_time(t1, r->inception);
		say(r, "RRSIG over %s %s by key %u of %s is not valid before %s UTC: signer's clock ahead, or this "
		    "host's behind?", owner, type, r->key_tag, zone, t1);
		return true;
	case VAL_R_SIG_WINDOW_BAD:
		fmt_time(t1, r->inception);
		fmt_time(t2, r->expiration);
		say(r, "RRSIG over %s %s by key %u of %s expires (%s) before its inception (%s)", owner, type,
		    r->key_tag, zone, t2, t1);
		return true;
	default:
		return false;
	}
}

void val_reason_set(struct val_reason *r, enum val_code code, const struct val_facts *f)
{
	set_facts(r, code, f);
	if (!render(r))
		snprintf(r->text, sizeof r->text, "%s", val_code_name(code));
}

const char *val_reason_str(const struct val_reason *r)
{
	return r->text;
}

enum val_verdict val_fail(struct val_ctx *vc, enum val_verdict v, enum val_code code, const struct val_facts *f,
			  const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	val_reason_setv(&vc->reason, code, f, fmt, ap);
	va_end(ap);
	return v;
}
