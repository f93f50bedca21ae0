/* validator/val_verify.c: one RRset against a validated key set (RFC 4035
 * §5.3), and a DNSKEY RRset against the DS records or anchors that vouch
 * for it (RFC 4035 §5.2).  Every verification is counted against the
 * KeyTrap budgets of val_limits.h before it is made. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "val_int.h"

void val_ctx_init(struct val_ctx *vc, uint64_t now)
{
	*vc = (struct val_ctx){
		.now = now,
		.skew = VAL_SKEW_SECONDS,
		.sig_budget = VAL_SIG_PER_LOOKUP_MAX,
		.hash_budget = VAL_NSEC3_HASH_BUDGET,
	};
}

const char *val_verdict_str(enum val_verdict v)
{
	switch (v) {
	case VAL_SECURE: return "secure";
	case VAL_INSECURE: return "insecure";
	case VAL_BOGUS: return "bogus";
	case VAL_INDETERMINATE: return "indeterminate";
	case VAL_UNCHECKED: break;
	}
	return "unchecked";
}

const char *val_ede_str(uint16_t ede)
{
	switch (ede) {
	case EDE_OTHER: return "Other Error";
	case EDE_UNSUPPORTED_DNSKEY_ALG: return "Unsupported DNSKEY Algorithm";
	case EDE_UNSUPPORTED_DS_DIGEST: return "Unsupported DS Digest Type";
	case EDE_DNSSEC_INDETERMINATE: return "DNSSEC Indeterminate";
	case EDE_DNSSEC_BOGUS: return "DNSSEC Bogus";
	case EDE_SIGNATURE_EXPIRED: return "Signature Expired";
	case EDE_SIGNATURE_NOT_YET_VALID: return "Signature Not Yet Valid";
	case EDE_DNSKEY_MISSING: return "DNSKEY Missing";
	case EDE_RRSIGS_MISSING: return "RRSIGs Missing";
	case EDE_NO_ZONE_KEY_BIT: return "No Zone Key Bit Set";
	case EDE_NSEC_MISSING: return "NSEC Missing";
	case EDE_NO_REACHABLE_AUTHORITY: return "No Reachable Authority";
	case EDE_NETWORK_ERROR: return "Network Error";
	case EDE_INVALID_DATA: return "Invalid Data";
	case EDE_UNSUPPORTED_NSEC3_ITERATIONS: return "Unsupported NSEC3 Iterations Value";
	}
	return "Unknown";
}

/* ------------------------------------------------------------------ */
/* Why no RRSIG verified: the most telling failure wins (its rank in
 * val_reason.c's table), so that a bad signature is reported over a
 * signature by some other zone. */

static void best_reason(struct val_reason *best, enum val_code code, const struct val_facts *f)
{
	if (val_code_rank(code) <= val_code_rank(best->code))
		return;
	val_reason_set(best, code, f);
}

/* The remembered result of the check named id, or VAL_CRYPTO_FAILED (not
 * remembered). */
static enum val_crypto memo_result(const struct val_memo *m, const uint8_t id[32])
{
	for (unsigned i = 0; i < m->n && i < VAL_MEMO_MAX; i++)
		if (memcmp(m->id[i], id, 32) == 0)
			return (enum val_crypto)m->result[i];
	return VAL_CRYPTO_FAILED;
}

/* A signature that did not verify is verified once more, charged to the
 * budget, before it is held against the data.  OpenSSL 3.0 reports some
 * of its allocation failures as a plain "does not verify" with nothing on
 * its error queue (Ed25519's hash context, found by tests/fault), so only
 * a second answer that differs shows that the library, not the data,
 * failed.  The second verification counts against both limits, per
 * RRset and per lookup, like the first: forged data gets half as many
 * tries, never more work.  Honest data never gets here.  VALID on the second try is the answer; any other
 * difference is FAILED (indeterminate, never bogus). */
static enum val_crypto confirm_failure(struct val_ctx *vc, unsigned *tried, enum val_crypto first,
			       const struct val_rrsig *sig, const struct val_dnskey *key, const uint8_t *data,
			       size_t data_len)
{
	if (first == VAL_CRYPTO_VALID || first == VAL_CRYPTO_FAILED || *tried == VAL_SIG_PER_RRSET_MAX ||
	    vc->sig_budget == 0)
		return first;
	(*tried)++;
	vc->sig_budget--;
	vc->sig_verifications++;
	enum val_crypto again = val_verify(sig->algorithm, key->key, key->key_len, data, data_len,
					   sig->signature, sig->signature_len);
	if (again == first || again == VAL_CRYPTO_VALID)
		return again;
	return VAL_CRYPTO_FAILED;
}

/* One RRset's verification across its RRSIGs: the keys parsed once, the
 * facts for the reasons, the counts the limits bound, and the most
 * telling reason so far. */
struct verify {
	struct val_ctx *vc;
	const struct val_rrset *set;
	const uint8_t *zone;
	const bool *allowed;		/* NULL: every key may sign */
	size_t nkeys;
	struct val_dnskey key[VAL_RRSET_RR_MAX];
	bool key_ok[VAL_RRSET_RR_MAX];
	uint16_t tags[VAL_RRSET_RR_MAX];
	unsigned owner_labels, zone_labels, literal_labels;
	unsigned considered;		/* RRSIGs tried, VAL_RRSIG_PER_RRSET_MAX */
	unsigned tried;			/* verifications, VAL_SIG_PER_RRSET_MAX */
	struct val_facts f;
	struct val_reason why;
};

static void verify_begin(struct verify *v, struct val_ctx *vc, const struct val_rrset *set, const uint8_t *zone,
			 const struct val_rrset *keys, const bool *allowed)
{
	v->vc = vc;
	v->set = set;
	v->zone = zone;
	v->allowed = allowed;
	v->considered = v->tried = 0;
	v->nkeys = keys ? keys->nrr : 0;
	for (size_t k = 0; k < v->nkeys; k++) {
		v->key_ok[k] = val_rdata_dnskey(keys->rrs[k], &v->key[k]) == 0 && v->key[k].protocol == 3;
		v->tags[k] = v->key_ok[k] ? val_keytag(v->key[k].rdata, v->key[k].rdlen) : 0;
	}
	/* RFC 4035 §5.3.2: the owner's labels, not counting a leftmost "*":
	 * a query for the wildcard's own name gets its RRset as it is signed. */
	v->owner_labels = val_name_labels(set->owner);
	v->zone_labels = val_name_labels(zone);
	v->literal_labels = v->owner_labels - (set->owner[0] == 1 && set->owner[1] == '*');
	v->f = (struct val_facts){ .zone = zone, .owner = set->owner, .type = set->type };
	v->why = (struct val_reason){ .code = VAL_R_NONE };
}

/* The checks of RFC 4035 §5.3.1 that an RRSIG passes before any key is
 * tried.  1: a candidate; 0: not (the reason kept); -1: no more RRSIGs
 * are tried (VAL_RRSIG_PER_RRSET_MAX). */
static int rrsig_applies(struct verify *v, const struct val_rrsig *sig)
{
	v->f.key_tag = sig->key_tag;
	v->f.algorithm = sig->algorithm;
	v->f.inception = sig->inception;
	v->f.expiration = sig->expiration;
	/* "The RRSIG RR and the RRset MUST have the same owner name and the
	 * same class" and "the RRSIG RR's Type Covered field MUST equal the
	 * RRset's type": the message parser groups them so, and the caller
	 * skips other types. */
	/* "The RRSIG RR's Signer's Name field MUST be the name of the zone
	 * that contains the RRset." */
	if (!val_name_eq(sig->signer, v->zone)) {
		struct val_facts f = v->f;
		f.other = sig->signer;
		best_reason(&v->why, VAL_R_SIGNER_NOT_ZONE, &f);
		return 0;
	}
	/* "The number of labels in the RRset owner name MUST be greater than
	 * or equal to the value in the RRSIG RR's Labels field", and a
	 * signature names at least its zone's labels. */
	if (sig->labels > v->owner_labels || sig->labels < v->zone_labels) {
		struct val_facts f = v->f;
		f.labels = sig->labels;
		best_reason(&v->why, VAL_R_RRSIG_LABELS, &f);
		return 0;
	}
	/* RFC 4035 §5.2: an algorithm this host cannot verify counts as no
	 * signature (insecure is decided from the DS, not here). */
	if (!val_alg_supported(sig->algorithm)) {
		best_reason(&v->why, VAL_R_SIG_ALG_UNSUPPORTED, &v->f);
		return 0;
	}
	if (v->considered == VAL_RRSIG_PER_RRSET_MAX) {
		best_reason(&v->why, VAL_R_RRSIG_TOO_MANY, &v->f);
		return -1;
	}
	v->considered++;
	/* "The validator's notion of the current time MUST be less than or
	 * equal to the time listed in the RRSIG RR's Expiration field" and
	 * "greater than or equal to the time listed in the RRSIG RR's
	 * Inception field" (with the skew; RFC 1982 arithmetic).  The
	 * caller's policy for this lookup may waive the window (a malformed
	 * one still fails), and the caller is told that it mattered. */
	enum val_time window = val_time_check(sig->inception, sig->expiration, v->vc->now, v->vc->skew);
	if (v->vc->no_time_window && (window == VAL_TIME_EXPIRED || window == VAL_TIME_NOT_YET)) {
		v->vc->time_window_skipped = true;
		window = VAL_TIME_OK;
	}
	switch (window) {
	case VAL_TIME_OK:
		return 1;
	case VAL_TIME_EXPIRED:
		best_reason(&v->why, VAL_R_SIG_EXPIRED, &v->f);
		return 0;
	case VAL_TIME_NOT_YET:
		best_reason(&v->why, VAL_R_SIG_NOT_YET, &v->f);
		return 0;
	case VAL_TIME_BAD:
		break;
	}
	best_reason(&v->why, VAL_R_SIG_WINDOW_BAD, &v->f);
	return 0;
}

/* "The matching DNSKEY RR MUST be present in the zone's apex DNSKEY
 * RRset, and MUST have the Zone Flag bit (DNSKEY RDATA Flag bit 7) set"
 * (RFC 4034 §2.1.1); RFC 5011 §2.1: a revoked key signs nothing but its
 * own DNSKEY RRset, which it cannot vouch for either. */
static bool key_may_sign(struct verify *v, size_t k)
{
	if (!(v->key[k].flags & VAL_DNSKEY_ZONE)) {
		best_reason(&v->why, VAL_R_KEY_NOT_ZONE, &v->f);
		return false;
	}
	if (v->key[k].flags & VAL_DNSKEY_REVOKE) {
		best_reason(&v->why, VAL_R_KEY_REVOKED, &v->f);
		return false;
	}
	return true;
}

/* The KeyTrap budgets (val_limits.h): one verification of key over data,
 * paid from the RRset's tries and the lookup's budget, unless the memo
 * remembers the same check from earlier in the lookup (then it is
 * counted against the RRset's tries as it was, not paid again).  The
 * caller checked that both budgets have room. */
static enum val_crypto verify_paid(struct verify *v, const struct val_rrsig *sig, const struct val_dnskey *key,
				   const uint8_t *data, size_t data_len)
{
	struct val_ctx *vc = v->vc;
	uint8_t id[32];
	bool named = vc->memo && val_verify_id(id, sig->algorithm, key->key, key->key_len, data, data_len,
					       sig->signature, sig->signature_len) == 0;
	enum val_crypto r = named ? memo_result(vc->memo, id) : VAL_CRYPTO_FAILED;
	if (r != VAL_CRYPTO_FAILED) {
		/* A failure was tried twice (see confirm_failure()). */
		if (r != VAL_CRYPTO_VALID)
			v->tried = v->tried + 2 < VAL_SIG_PER_RRSET_MAX ? v->tried + 2 : VAL_SIG_PER_RRSET_MAX;
		return r;
	}
	v->tried++;
	vc->sig_budget--;
	vc->sig_verifications++;
	r = val_verify(sig->algorithm, key->key, key->key_len, data, data_len, sig->signature, sig->signature_len);
	r = confirm_failure(vc, &v->tried, r, sig, key, data, data_len);
	if (r != VAL_CRYPTO_FAILED && named && vc->memo->n < VAL_MEMO_MAX) {
		memcpy(vc->memo->id[vc->memo->n], id, sizeof id);
		vc->memo->result[vc->memo->n++] = (uint8_t)r;
	}
	return r;
}

/* Notes why the key did not verify the RRSIG (the facts name both: the
 * key has the RRSIG's tag and algorithm). */
static void best_reason_refused(struct verify *v, enum val_crypto r)
{
	if (r == VAL_CRYPTO_BADKEY)
		best_reason(&v->why, VAL_R_KEY_MALFORMED, &v->f);
	else if (r == VAL_CRYPTO_UNSUPPORTED)
		best_reason(&v->why, VAL_R_KEY_ALG_REFUSED, &v->f);
	else
		best_reason(&v->why, VAL_R_SIG_INVALID, &v->f);
}

/* "The RRSIG RR's Signer's Name, Algorithm, and Key Tag fields MUST match
 * the owner name, algorithm, and key tag for some DNSKEY RR in the zone's
 * apex DNSKEY RRset", and the signature verifies with one of them.
 * VAL_SECURE with *ok; VAL_BOGUS or VAL_INDETERMINATE, the verdict of the
 * RRset (budget spent, out of memory, the library failed); VAL_UNCHECKED:
 * try the next RRSIG (the reason kept). */
static enum val_verdict try_keys(struct verify *v, const struct val_rrsig *sig, struct val_sigok *ok)
{
	struct val_ctx *vc = v->vc;
	uint8_t *data = NULL;
	size_t data_len = 0;
	unsigned same_tag = 0;
	bool any_key = false;
	enum val_verdict verdict = VAL_UNCHECKED;
	for (size_t k = 0; k < v->nkeys && verdict == VAL_UNCHECKED; k++) {
		if (!v->key_ok[k] || v->tags[k] != sig->key_tag || v->key[k].algorithm != sig->algorithm)
			continue;
		any_key = true;
		if ((v->allowed && !v->allowed[k]) || !key_may_sign(v, k))
			continue;
		if (same_tag == VAL_KEYS_PER_TAG_MAX) {
			best_reason(&v->why, VAL_R_KEYS_SAME_TAG, &v->f);
			break;
		}
		same_tag++;
		if (v->tried == VAL_SIG_PER_RRSET_MAX || vc->sig_budget == 0) {
			v->f.count = v->tried;
			verdict = val_fail(vc, VAL_BOGUS, VAL_R_SIG_BUDGET, &v->f);
			break;
		}
		if (!data) {
			int rc = val_signed_data(sig, v->set, &data, &data_len);
			/* Out of memory says nothing about the data. */
			if (rc == -ENOMEM) {
				verdict = val_fail(vc, VAL_INDETERMINATE, VAL_R_NOMEM, &v->f);
				break;
			}
			if (rc != 0) {
				best_reason(&v->why, VAL_R_SIG_MALFORMED, &v->f);
				break;
			}
		}
		enum val_crypto r = verify_paid(v, sig, &v->key[k], data, data_len);
		if (r == VAL_CRYPTO_VALID) {
			*ok = (struct val_sigok){ .ttl = val_ttl_cap(v->set->ttl, sig, vc->now), .key_tag = sig->key_tag,
						  .algorithm = sig->algorithm, .labels = sig->labels,
						  .inception = sig->inception, .expiration = sig->expiration,
						  .wildcard = sig->labels < v->literal_labels };
			verdict = VAL_SECURE;
		} else if (r == VAL_CRYPTO_FAILED) {
			verdict = val_fail(vc, VAL_INDETERMINATE, VAL_R_CRYPTO_FAILED, &v->f);
		} else {
			best_reason_refused(v, r);
		}
	}
	free(data);
	if (verdict != VAL_UNCHECKED)
		return verdict;
	if (!any_key)
		best_reason(&v->why, VAL_R_KEY_NOT_IN_SET, &v->f);
	else if (v->allowed && same_tag == 0 && val_code_rank(v->why.code) < val_code_rank(VAL_R_KEY_NOT_ZONE))
		best_reason(&v->why, VAL_R_KEY_NOT_VOUCHED, &v->f);
	return VAL_UNCHECKED;
}

/* RFC 4035 §5.3: the RRset verifies with a key of `keys` whose bit is
 * set in `allowed` (NULL: every key), through one of its RRSIGs. */
static enum val_verdict verify_with(struct val_ctx *vc, const struct val_rrset *set,
				    const uint8_t *zone, const struct val_rrset *keys,
				    const bool *allowed, struct val_sigok *ok)
{
	struct verify vs, *v = &vs; /* on the stack, as big as the checks it replaces */
	verify_begin(v, vc, set, zone, keys, allowed);
	enum val_verdict verdict = VAL_UNCHECKED;
	if (set->nsig == 0)
		verdict = val_fail(vc, VAL_BOGUS, VAL_R_RRSIG_MISSING, &v->f);
	/* RFC 4035 §5.3.1: the signer is the zone that holds the RRset. */
	else if (!val_name_is_subdomain(set->owner, zone))
		verdict = val_fail(vc, VAL_BOGUS, VAL_R_OUTSIDE_ZONE, &v->f);
	for (size_t s = 0; s < set->nsig && verdict == VAL_UNCHECKED; s++) {
		struct val_rrsig sig;
		if (val_rdata_rrsig(set->sigs[s], &sig) != 0 || sig.type_covered != set->type)
			continue;
		int step = rrsig_applies(v, &sig);
		if (step < 0)
			break;
		if (step > 0)
			verdict = try_keys(v, &sig, ok);
	}
	if (verdict == VAL_UNCHECKED) {
		/* No RRSIG verified: the most telling reason. */
		if (v->why.code == VAL_R_NONE) {
			v->f = (struct val_facts){ .zone = zone, .owner = set->owner, .type = set->type };
			best_reason(&v->why, VAL_R_RRSIG_UNUSABLE, &v->f);
		}
		vc->reason = v->why;
		verdict = VAL_BOGUS;
	}
	return verdict;
}

enum val_verdict val_rrset_verify(struct val_ctx *vc, const struct val_rrset *set,
				  const uint8_t *zone, const struct val_rrset *keys,
				  struct val_sigok *ok)
{
	return verify_with(vc, set, zone, keys, NULL, ok);
}

static bool same_key(const struct val_dnskey *a, const struct val_dnskey *b)
{
	return a->protocol == b->protocol && a->algorithm == b->algorithm && a->key_len == b->key_len &&
	       memcmp(a->key, b->key, a->key_len) == 0;
}

/* RFC 4509 §3: a SHA-1 DS is ignored when the same key also has a DS with a
 * stronger supported digest. */
static bool ds_superseded(const struct val_ds *ds, const struct val_rr *const *trust, size_t ntrust)
{
	if (ds->digest_type != 1)
		return false;
	for (size_t i = 0; i < ntrust; i++) {
		struct val_ds o;
		if (trust[i]->type == VAL_T_DS && val_rdata_ds(trust[i], &o) == 0 && o.key_tag == ds->key_tag &&
		    o.algorithm == ds->algorithm && o.digest_type != 1 && val_digest_supported(o.digest_type))
			return true;
	}
	return false;
}

/* Notes in the trace (when one is kept) that trust record i matched a key. */
static void trace_match(struct val_link *link, size_t i)
{
	if (link && i < VAL_TRACE_TRUST_MAX)
		link->trust_matched |= 1u << i;
}

/* What the DS records or trust anchors of a zone say about its DNSKEY set
 * (RFC 4035 §5.2), gathered before any verdict. */
struct vouch {
	const uint8_t *zone;
	struct val_link *link;		/* the trace's, or NULL */
	size_t nkeys;
	struct val_dnskey key[VAL_RRSET_RR_MAX];
	bool key_ok[VAL_RRSET_RR_MAX];
	bool vouched[VAL_RRSET_RR_MAX];	/* a DS or anchor matches key k */
	bool any_vouched;
	unsigned ds_seen, supported, unsupported_alg, unsupported_digest;
	int wrong_alg;			/* a key whose tag a DS names with another algorithm, or -1 */
	/* The DS and anchors this host can use, for the sentences (which
	 * name no more than these fit: val_reason.c cuts the list at 119
	 * characters, and 16 of the shortest need more). */
	struct val_trust_ref named[16];
	size_t nnamed;
	struct val_facts f;
};

static void name_trust(struct vouch *t, uint16_t tag, uint8_t algorithm, bool anchor)
{
	if (t->nnamed < sizeof t->named / sizeof t->named[0])
		t->named[t->nnamed++] = (struct val_trust_ref){ .tag = tag, .algorithm = algorithm, .anchor = anchor };
}

/* Trust record i is a trust anchor in DNSKEY form: it vouches for the
 * same key in the set. */
static void vouch_by_anchor(struct vouch *t, const struct val_rr *rr, size_t i)
{
	struct val_dnskey anchor;
	if (val_rdata_dnskey(rr, &anchor) != 0)
		return;
	if (!val_alg_supported(anchor.algorithm)) {
		t->unsupported_alg++;
		return;
	}
	t->supported++;
	name_trust(t, val_keytag(anchor.rdata, anchor.rdlen), anchor.algorithm, true);
	for (size_t k = 0; k < t->nkeys; k++)
		if (t->key_ok[k] && same_key(&t->key[k], &anchor)) {
			t->vouched[k] = t->any_vouched = true;
			trace_match(t->link, i);
		}
}

/* Trust record i is the DS ds: it vouches for the keys whose digest it
 * holds.  VAL_INDETERMINATE when the crypto library failed, else
 * VAL_UNCHECKED. */
static enum val_verdict vouch_by_ds(struct val_ctx *vc, struct vouch *t, const struct val_ds *ds, size_t i)
{
	unsigned same_tag = 0;
	for (size_t k = 0; k < t->nkeys; k++) {
		if (!t->key_ok[k] || val_keytag(t->key[k].rdata, t->key[k].rdlen) != ds->key_tag)
			continue;
		if (t->key[k].algorithm != ds->algorithm) {
			t->wrong_alg = (int)k;
			t->f.ds_tag = ds->key_tag;
			t->f.algorithm = ds->algorithm;
			continue;
		}
		if (same_tag++ == VAL_KEYS_PER_TAG_MAX)
			break;
		enum val_crypto m = val_ds_match(ds, t->zone, &t->key[k]);
		if (m == VAL_CRYPTO_FAILED)
			return val_fail(vc, VAL_INDETERMINATE, VAL_R_CRYPTO_FAILED,
					&(struct val_facts){ .zone = t->zone, .owner = t->zone, .type = VAL_T_DS,
							     .ds_tag = ds->key_tag, .algorithm = ds->algorithm,
							     .flags = VAL_FACT_DS });
		if (m == VAL_CRYPTO_VALID) {
			t->vouched[k] = t->any_vouched = true;
			trace_match(t->link, i);
		}
	}
	return VAL_UNCHECKED;
}

/* Gathers what every trust record of the zone vouches for.  VAL_UNCHECKED,
 * or VAL_INDETERMINATE (the crypto library failed). */
static enum val_verdict vouch_gather(struct val_ctx *vc, struct vouch *t, const struct val_rr *const *trust,
				     size_t ntrust)
{
	for (size_t i = 0; i < ntrust; i++) {
		const struct val_rr *rr = trust[i];
		if (!val_name_eq(rr->owner, t->zone))
			continue;
		if (rr->type == VAL_T_DNSKEY) {
			vouch_by_anchor(t, rr, i);
			continue;
		}
		struct val_ds ds;
		if (rr->type != VAL_T_DS || val_rdata_ds(rr, &ds) != 0)
			continue;
		/* RFC 6840 §5.2: insecure only when no DS of a supported
		 * algorithm and digest exists.  The RRset's order is not signed,
		 * so DS this host cannot use cost nothing and never count against
		 * the limit: eight of them put first must not hide the real one. */
		if (!val_alg_supported(ds.algorithm)) {
			t->unsupported_alg++;
			continue;
		}
		if (!val_digest_supported(ds.digest_type)) {
			t->unsupported_digest++;
			continue;
		}
		if (ds_superseded(&ds, trust, ntrust))
			continue;
		if (t->ds_seen == VAL_DS_PER_ZONE_MAX)
			break;
		t->ds_seen++;
		t->supported++;
		name_trust(t, ds.key_tag, ds.algorithm, false);
		enum val_verdict v = vouch_by_ds(vc, t, &ds, i);
		if (v != VAL_UNCHECKED)
			return v;
	}
	return VAL_UNCHECKED;
}

/* The verdict when nothing vouches for a key of the set, or there is no
 * set; VAL_UNCHECKED when some key is vouched for. */
static enum val_verdict vouch_judge(struct val_ctx *vc, struct vouch *t)
{
	/* RFC 4035 §5.2 and RFC 6840 §5.2: with no DS or anchor this host can
	 * use, the zone is treated as unsigned. */
	if (t->supported == 0) {
		if (t->unsupported_alg + t->unsupported_digest == 0)
			return val_fail(vc, VAL_BOGUS, VAL_R_NO_DS, &t->f);
		return val_fail(vc, VAL_INSECURE,
				t->unsupported_alg ? VAL_R_DS_ALG_UNSUPPORTED : VAL_R_DS_DIGEST_UNSUPPORTED, &t->f);
	}
	if (t->nkeys == 0)
		return val_fail(vc, VAL_BOGUS, VAL_R_DNSKEY_NONE, &t->f);
	if (t->any_vouched)
		return VAL_UNCHECKED;
	if (t->wrong_alg >= 0) {
		const struct val_dnskey *k = &t->key[t->wrong_alg];
		t->f.key_tag = val_keytag(k->rdata, k->rdlen);
		t->f.key_alg = k->algorithm;
		return val_fail(vc, VAL_BOGUS, VAL_R_DS_WRONG_ALG, &t->f);
	}
	return val_fail(vc, VAL_BOGUS, VAL_R_DS_MATCHES_NO_KEY, &t->f);
}

/* RFC 4035 §5.2 in three steps: gather what the DS records or anchors
 * vouch for, judge a set nothing vouches for, then verify the set with the
 * keys vouched for. */
enum val_verdict val_dnskey_verify(struct val_ctx *vc, const struct val_rrset *dnskeys,
				   const uint8_t *zone, const struct val_rr *const *trust,
				   size_t ntrust, bool from_anchor, struct val_sigok *ok)
{
	struct vouch tv, *t = &tv; /* on the stack, as big as the arrays it replaces */
	t->zone = zone;
	t->nkeys = dnskeys ? dnskeys->nrr : 0;
	t->any_vouched = false;
	t->ds_seen = t->supported = t->unsupported_alg = t->unsupported_digest = 0;
	t->wrong_alg = -1;
	t->nnamed = 0;
	t->f = (struct val_facts){ .zone = zone, .owner = zone, .type = VAL_T_DNSKEY, .keys = dnskeys,
				   .trust = t->named, .flags = from_anchor ? VAL_FACT_ANCHOR : 0 };
	for (size_t k = 0; k < t->nkeys; k++) {
		t->key_ok[k] = val_rdata_dnskey(dnskeys->rrs[k], &t->key[k]) == 0;
		t->vouched[k] = false;
	}
	/* The trace shows what vouches for the set and what of it matched. */
	t->link = val_trace_cur(vc);
	if (t->link) {
		t->link->ntrust = ntrust < VAL_TRACE_TRUST_MAX ? ntrust : VAL_TRACE_TRUST_MAX;
		memcpy(t->link->trust, trust, t->link->ntrust * sizeof trust[0]);
	}

	enum val_verdict v = vouch_gather(vc, t, trust, ntrust);
	if (v != VAL_UNCHECKED)
		return v;
	t->f.ntrust = t->nnamed;
	if ((v = vouch_judge(vc, t)) != VAL_UNCHECKED)
		return v;
	v = verify_with(vc, dnskeys, zone, dnskeys, t->vouched, ok);
	if (v == VAL_SECURE || (vc->reason.code != VAL_R_KEY_NOT_IN_SET && vc->reason.code != VAL_R_KEY_NOT_VOUCHED))
		return v;
	/* No RRSIG by a key the DS names: the facts name the DS. */
	t->f.key_tag = vc->reason.key_tag;
	t->f.algorithm = vc->reason.algorithm;
	return val_fail(vc, VAL_BOGUS, VAL_R_KSK_NOT_SIGNING, &t->f);
}
