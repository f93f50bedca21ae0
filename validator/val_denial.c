/* validator/val_denial.c: proofs of non-existence with NSEC (RFC 4035
 * §5.4, RFC 6840 §4) and NSEC3 (RFC 5155 §8).  Every NSEC/NSEC3 RRset a
 * proof may use is verified first with the zone's keys; at most
 * VAL_DENIAL_RECORDS_MAX of them, so a message stuffed with records costs a
 * bounded number of verifications and hashes. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "val_int.h"

struct nrec {
	const struct val_rrset *set;
	const uint8_t *owner;		/* NSEC: the wildcard owner if it was expanded */
	uint8_t owner_buf[VAL_NAME_MAX + 2];
	const uint8_t *bitmap;
	uint16_t bitmap_len;
	const uint8_t *next;		/* NSEC */
	struct val_nsec3 n3;		/* NSEC3 */
	uint8_t hash[VAL_NSEC3_HASH_LEN]; /* NSEC3: owner's hash */
};

struct proof {
	struct val_ctx *vc;
	const uint8_t *zone;
	struct val_facts f;	/* zone, the name denied, its type and the denial's kind */
	struct nrec rec[VAL_DENIAL_RECORDS_MAX];
	size_t n;
	bool nsec3;
	/* NSEC3: the one parameter set of the proof */
	uint16_t iterations;
	const uint8_t *salt;
	uint8_t salt_len;
};

/* val_fail with the proof's facts and the names its sentence adds: other
 * (a wildcard, an NSEC's next name, a closest encloser) and record (the
 * NSEC or NSEC3 it is about); either may be NULL. */
static enum val_verdict fail_at(struct proof *p, enum val_verdict v, enum val_code code, const uint8_t *other,
				const uint8_t *record)
{
	struct val_facts f = p->f;
	f.other = other;
	f.record = record;
	return val_fail(p->vc, v, code, &f);
}

static bool bitmap_has_type(const struct nrec *r, uint16_t type)
{
	return val_bitmap_has(r->bitmap, r->bitmap_len, type);
}

/* A delegation point (NS without SOA) or a DNAME owner: RFC 6840 §4.1 and
 * RFC 5155 §8.3, such a record proves nothing about names below it. */
static bool is_cut(const struct nrec *r)
{
	return (bitmap_has_type(r, VAL_T_NS) && !bitmap_has_type(r, VAL_T_SOA)) || bitmap_has_type(r, VAL_T_DNAME);
}

/* Labels that a and b share, counted from the root. */
static unsigned common_labels(const uint8_t *a, const uint8_t *b)
{
	unsigned la = val_name_labels(a), lb = val_name_labels(b), n = la < lb ? la : lb;
	while (n > 0 && !val_name_eq(val_name_suffix(a, n), val_name_suffix(b, n)))
		n--;
	return n;
}

/* "*." + name; false when that would exceed VAL_NAME_MAX. */
static bool wildcard_of(uint8_t out[VAL_NAME_MAX], const uint8_t *name)
{
	struct val_wbuf b;
	val_wbuf_init(&b, out, VAL_NAME_MAX);
	val_wbuf_put8(&b, 1);
	val_wbuf_put8(&b, '*');
	val_wbuf_put_name(&b, name);
	return !b.err;
}

/* ------------------------------------------------------------------ */

/* Is set an NSEC or NSEC3 RRset (type want) of the proving zone?  NSEC
 * owners lie in the zone, NSEC3 owners are one label below its apex.  A set
 * signed only by a zone below ours is the child's (a mixed answer, e.g. a
 * CNAME into a child's NXDOMAIN) and is left to the child's proof; a set
 * signed by anything else, or unsigned, is ours and must verify. */
static bool proof_owns(const struct proof *p, const struct val_rrset *set, uint16_t want)
{
	if (set->section != VAL_SEC_AUTHORITY || set->type != want)
		return false;
	if (want == VAL_T_NSEC3 ? !(val_name_labels(set->owner) == val_name_labels(p->zone) + 1 &&
				    val_name_eq(val_name_parent(set->owner), p->zone))
				: !val_name_is_subdomain(set->owner, p->zone))
		return false;
	return !val_signed_below(set, p->zone);
}

bool val_signed_below(const struct val_rrset *set, const uint8_t *zone)
{
	bool below = set->nsig > 0;
	for (size_t i = 0; i < set->nsig && below; i++) {
		struct val_rrsig sig;
		below = val_rdata_rrsig(set->sigs[i], &sig) == 0 && !val_name_eq(sig.signer, zone) &&
			val_name_is_subdomain(sig.signer, zone);
	}
	return below;
}

/* The SHA-1 computations a proof for qname may need: one name per label
 * from the zone down, the next closer name and the wildcard (RFC 5155 §8.3,
 * §8.4), each costing iterations + 1. */
static unsigned long n3_cost(const struct proof *p, const uint8_t *qname)
{
	unsigned long names = val_name_labels(qname) - val_name_labels(p->zone) + 2u;
	return names * ((unsigned long)p->iterations + 1u);
}

/* An NSEC of the zone, its RRSIG verified (ok), as record r. */
static enum val_verdict take_nsec(struct proof *p, const struct val_rrset *set, const struct val_sigok *ok,
				  struct nrec *r)
{
	struct val_nsec nsec_rd;
	if (val_rdata_nsec(set->rrs[0], &nsec_rd) != 0)
		return val_fail(p->vc, VAL_BOGUS, VAL_R_DENIAL_MALFORMED, &p->f);
	/* RFC 4034 §4.1.1: the next owner name is in the zone (the last NSEC
	 * names the apex).  One that leaves it would "cover" names of other
	 * zones. */
	if (!val_name_is_subdomain(nsec_rd.next, p->zone))
		return fail_at(p, VAL_BOGUS, VAL_R_NSEC_NEXT_OUTSIDE, nsec_rd.next, set->owner);
	r->next = nsec_rd.next;
	r->bitmap = nsec_rd.bitmap;
	r->bitmap_len = nsec_rd.bitmap_len;
	/* RFC 4035 §5.3.4: an NSEC expanded from a wildcard is the NSEC of
	 * the wildcard owner, and proves only that. */
	if (ok->wildcard) {
		/* Always fits: the suffix has fewer labels than the owner. */
		wildcard_of(r->owner_buf, val_name_suffix(set->owner, ok->labels));
		r->owner = r->owner_buf;
	}
	return VAL_SECURE;
}

/* An NSEC3 of the zone, its RRSIG verified (ok), as record r.
 * VAL_SECURE when taken, VAL_UNCHECKED when ignored (RFC 5155 §8.1, §8.2:
 * an unknown hash algorithm or flags), else the verdict. */
static enum val_verdict take_nsec3(struct proof *p, const struct val_rrset *set, const struct val_sigok *ok,
				   struct nrec *r, bool *have_params)
{
	if (ok->wildcard)
		return fail_at(p, VAL_BOGUS, VAL_R_NSEC3_WILDCARD, NULL, set->owner);
	struct val_nsec3 *n3 = &r->n3;
	if (val_rdata_nsec3(set->rrs[0], n3) != 0)
		return val_fail(p->vc, VAL_BOGUS, VAL_R_DENIAL_MALFORMED, &p->f);
	if (n3->hash_alg != 1 || (n3->flags & ~VAL_NSEC3_OPTOUT) || n3->hash_len != VAL_NSEC3_HASH_LEN)
		return VAL_UNCHECKED;
	if (val_base32hex_decode(r->hash, sizeof r->hash, (const char *)set->owner + 1, set->owner[0]) !=
	    VAL_NSEC3_HASH_LEN)
		return VAL_UNCHECKED;
	/* DESIGN.md: all NSEC3 of one proof share one parameter set. */
	if (!*have_params) {
		p->iterations = n3->iterations;
		p->salt = n3->salt;
		p->salt_len = n3->salt_len;
		*have_params = true;
	} else if (n3->iterations != p->iterations || n3->salt_len != p->salt_len ||
		   memcmp(n3->salt, p->salt, p->salt_len) != 0) {
		return val_fail(p->vc, VAL_BOGUS, VAL_R_NSEC3_PARAMS_DIFFER, &p->f);
	}
	r->bitmap = n3->bitmap;
	r->bitmap_len = n3->bitmap_len;
	return VAL_SECURE;
}

/* RFC 9276 §3.2: insecure above the limits, decided only once the
 * records' signatures verified.  Not for finding zone cuts: that the
 * zone's denials are insecure does not make its names unsigned, so the
 * proof is made if the hash budget affords it (a few names, once per
 * lookup), and otherwise the caller learns that nothing was proven. */
static enum val_verdict iterations_allowed(struct proof *p, struct val_denial *d)
{
	if (!p->nsec3 || (p->iterations <= VAL_NSEC3_ITER_MAX && p->salt_len <= VAL_NSEC3_SALT_MAX))
		return VAL_SECURE;
	if (d->cut_check && n3_cost(p, d->qname) <= p->vc->hash_budget)
		return VAL_SECURE;
	d->iter_unchecked = d->cut_check;
	p->f.iterations = p->iterations;
	p->f.salt_len = p->salt_len;
	if (d->cut_check)
		p->f.flags |= VAL_FACT_CUT;
	return val_fail(p->vc, VAL_INSECURE, VAL_R_NSEC3_ITER_LIMIT, &p->f);
}

/* The NSEC or NSEC3 records of the zone in msg (NSEC3 when there is any),
 * each verified with keys, into p->rec. */
static enum val_verdict collect_records(struct proof *p, const struct val_msg *msg, const struct val_rrset *keys,
				struct val_denial *d)
{
	struct val_ctx *vc = p->vc;
	size_t nsec = 0, nsec3 = 0;

	for (size_t s = 0; s < msg->nsets; s++) {
		nsec += proof_owns(p, &msg->sets[s], VAL_T_NSEC);
		nsec3 += proof_owns(p, &msg->sets[s], VAL_T_NSEC3);
	}
	if (nsec + nsec3 == 0)
		return val_fail(vc, VAL_BOGUS, VAL_R_DENIAL_MISSING, &p->f);
	p->nsec3 = nsec3 > 0;
	if (p->nsec3)
		p->f.flags |= VAL_FACT_NSEC3;
	uint16_t want = p->nsec3 ? VAL_T_NSEC3 : VAL_T_NSEC;
	if ((p->nsec3 ? nsec3 : nsec) > VAL_DENIAL_RECORDS_MAX) {
		p->f.count = (uint32_t)(p->nsec3 ? nsec3 : nsec);
		return val_fail(vc, VAL_BOGUS, VAL_R_DENIAL_TOO_MANY, &p->f);
	}

	bool have_params = false;
	for (size_t s = 0; s < msg->nsets; s++) {
		const struct val_rrset *set = &msg->sets[s];
		if (!proof_owns(p, set, want))
			continue;
		struct val_sigok ok;
		enum val_verdict v = val_rrset_verify(vc, set, p->zone, keys, &ok);
		if (v != VAL_SECURE)
			return v == VAL_INDETERMINATE ? v : VAL_BOGUS; /* the reason is in vc */
		struct val_link *link = val_trace_cur(vc);
		if (link && link->nproof < VAL_DENIAL_RECORDS_MAX)
			link->proof[link->nproof++] = set;
		if (set->nrr != 1) {
			p->f.count = (uint32_t)set->nrr;
			return fail_at(p, VAL_BOGUS, VAL_R_DENIAL_NOT_ONE, NULL, set->owner);
		}
		struct nrec *r = &p->rec[p->n];
		r->set = set;
		r->owner = set->owner;
		v = want == VAL_T_NSEC ? take_nsec(p, set, &ok, r) : take_nsec3(p, set, &ok, r, &have_params);
		if (v == VAL_SECURE)
			p->n++;
		else if (v != VAL_UNCHECKED)
			return v;
	}
	if (p->n == 0)
		return val_fail(vc, VAL_BOGUS, VAL_R_NSEC3_NONE_USABLE, &p->f);
	return iterations_allowed(p, d);
}

/* ------------------------------------------------------------------ */
/* NSEC                                                                 */

static const struct nrec *nsec_match(const struct proof *p, const uint8_t *name)
{
	for (size_t i = 0; i < p->n; i++)
		if (val_name_eq(p->rec[i].owner, name))
			return &p->rec[i];
	return NULL;
}

/* RFC 4034 §4.1.1: owner < name < next, the last NSEC wrapping to the apex. */
static bool nsec_covers(const struct nrec *r, const uint8_t *name)
{
	if (val_name_cmp(r->owner, name) >= 0)
		return false;
	if (val_name_cmp(r->owner, r->next) < 0)
		return val_name_cmp(name, r->next) < 0;
	return true;
}

static const struct nrec *nsec_cover(const struct proof *p, const uint8_t *name)
{
	for (size_t i = 0; i < p->n; i++) {
		const struct nrec *r = &p->rec[i];
		if (!nsec_covers(r, name))
			continue;
		if (val_name_is_subdomain(name, r->owner) && is_cut(r))
			continue;
		return r;
	}
	return NULL;
}

/* The closest encloser that a covering NSEC implies (RFC 4035 §5.4). */
static unsigned nsec_ce_labels(const struct proof *p, const struct nrec *r, const uint8_t *name)
{
	unsigned a = common_labels(name, r->owner), b = common_labels(name, r->next);
	unsigned ce = a > b ? a : b, zl = val_name_labels(p->zone);
	return ce < zl ? zl : ce;
}

/* The record r (the wildcard's, or the name's own) lists neither qtype
 * nor CNAME. */
static enum val_verdict type_absent(struct proof *p, const struct nrec *r, bool wildcard, uint16_t qtype)
{
	enum val_code code = bitmap_has_type(r, qtype) ? VAL_R_TYPE_EXISTS : bitmap_has_type(r, VAL_T_CNAME) ? VAL_R_TYPE_IS_CNAME : VAL_R_NONE;
	if (code == VAL_R_NONE)
		return VAL_SECURE;
	if (wildcard)
		p->f.flags |= VAL_FACT_WILDCARD;
	return fail_at(p, VAL_BOGUS, code, NULL, r->owner);
}

/* The record at qname says "no qtype here". */
static enum val_verdict exact_nodata(struct proof *p, const struct nrec *r, struct val_denial *d)
{
	/* RFC 4035 §5.2, RFC 6840 §4.4: a DS lives on the parent side of its
	 * cut; a record with SOA is the child's apex and says nothing of it. */
	if (d->qtype == VAL_T_DS && bitmap_has_type(r, VAL_T_SOA) && val_name_labels(p->zone) > 0)
		return val_fail(p->vc, VAL_BOGUS, VAL_R_DS_AT_APEX, &p->f);
	enum val_verdict v = type_absent(p, r, false, d->qtype);
	if (v != VAL_SECURE)
		return v;
	bool cut = bitmap_has_type(r, VAL_T_NS) && !bitmap_has_type(r, VAL_T_SOA);
	/* RFC 4035 §5.4, RFC 6840 §4.1: the parent's record at a delegation
	 * speaks for the DS only; the child's data lives in the child. */
	if (cut && d->qtype != VAL_T_DS)
		return val_fail(p->vc, VAL_BOGUS, VAL_R_PARENT_SIDE, &p->f);
	d->delegation = cut;
	return VAL_SECURE;
}

static enum val_verdict nsec_prove(struct proof *p, struct val_denial *d)
{
	struct val_ctx *vc = p->vc;
	const uint8_t *q = d->qname;
	const struct nrec *m = nsec_match(p, q), *c;
	uint8_t wild[VAL_NAME_MAX];

	switch (d->want) {
	case VAL_DENY_NODATA:
		if (m)
			return exact_nodata(p, m, d);
		c = nsec_cover(p, q);
		if (!c)
			break;
		/* An empty non-terminal: the next name lies below qname. */
		if (val_name_is_subdomain(c->next, q) && !val_name_eq(c->next, q))
			return VAL_SECURE;
		/* RFC 4035 §3.1.3.4: NODATA through the wildcard. */
		if (!wildcard_of(wild, val_name_suffix(q, nsec_ce_labels(p, c, q))))
			break;
		m = nsec_match(p, wild);
		if (!m)
			return fail_at(p, VAL_BOGUS, VAL_R_WILDCARD_NODATA_MISSING, wild, NULL);
		d->wildcard = true;
		return type_absent(p, m, true, d->qtype);
	case VAL_DENY_NXDOMAIN:
		if (m)
			return val_fail(vc, VAL_BOGUS, VAL_R_NAME_EXISTS, &p->f);
		c = nsec_cover(p, q);
		if (!c)
			break;
		if (val_name_is_subdomain(c->next, q))
			return val_fail(vc, VAL_BOGUS, VAL_R_EMPTY_NONTERMINAL, &p->f);
		if (!wildcard_of(wild, val_name_suffix(q, nsec_ce_labels(p, c, q))))
			break;
		if (nsec_match(p, wild))
			return fail_at(p, VAL_BOGUS, VAL_R_WILDCARD_EXISTS, wild, NULL);
		if (!nsec_cover(p, wild))
			return fail_at(p, VAL_BOGUS, VAL_R_WILDCARD_NOT_DENIED, wild, NULL);
		return VAL_SECURE;
	case VAL_DENY_NO_CLOSER:
		c = nsec_cover(p, q);
		if (!c)
			break;
		if (nsec_ce_labels(p, c, q) != d->labels)
			return val_fail(vc, VAL_BOGUS, VAL_R_CLOSER_NAME, &p->f);
		return VAL_SECURE;
	}
	return val_fail(vc, VAL_BOGUS, VAL_R_NOT_COVERED, &p->f);
}

/* ------------------------------------------------------------------ */
/* NSEC3                                                                */

static enum val_verdict n3_hash(struct proof *p, const uint8_t *name, uint8_t out[VAL_NSEC3_HASH_LEN])
{
	int rc = val_nsec3_hash(out, 1, name, p->iterations, p->salt, p->salt_len, &p->vc->hash_budget);
	if (rc == 0)
		return VAL_SECURE;
	if (rc == -E2BIG)
		return val_fail(p->vc, VAL_BOGUS, VAL_R_HASH_BUDGET, &p->f);
	return val_fail(p->vc, VAL_INDETERMINATE, VAL_R_SHA1_UNAVAILABLE, &p->f);
}

static const struct nrec *n3_match(const struct proof *p, const uint8_t h[VAL_NSEC3_HASH_LEN])
{
	for (size_t i = 0; i < p->n; i++)
		if (memcmp(p->rec[i].hash, h, VAL_NSEC3_HASH_LEN) == 0)
			return &p->rec[i];
	return NULL;
}

static const struct nrec *n3_cover(const struct proof *p, const uint8_t h[VAL_NSEC3_HASH_LEN])
{
	for (size_t i = 0; i < p->n; i++) {
		const struct nrec *r = &p->rec[i];
		int lo = memcmp(r->hash, h, VAL_NSEC3_HASH_LEN);
		int hi = memcmp(h, r->n3.next_hash, VAL_NSEC3_HASH_LEN);
		bool wraps = memcmp(r->hash, r->n3.next_hash, VAL_NSEC3_HASH_LEN) >= 0;
		if (wraps ? (lo < 0 || hi < 0) : (lo < 0 && hi < 0))
			return r;
	}
	return NULL;
}

/* RFC 5155 §8.3: the closest provable encloser of qname and the NSEC3 that
 * covers the next closer name. */
static enum val_verdict n3_closest_encloser(struct proof *p, const uint8_t *q, unsigned *ce_labels,
					    const struct nrec **nc_cover)
{
	unsigned ql = val_name_labels(q), zl = val_name_labels(p->zone);
	uint8_t h[VAL_NSEC3_HASH_LEN];
	for (unsigned l = ql + 1; l-- > zl;) {
		const uint8_t *ce = val_name_suffix(q, l);
		if (n3_hash(p, ce, h) != VAL_SECURE)
			return VAL_BOGUS;
		const struct nrec *m = n3_match(p, h);
		if (!m)
			continue;
		if (l == ql)
			return val_fail(p->vc, VAL_BOGUS, VAL_R_NAME_EXISTS, &p->f);
		if (is_cut(m))
			return fail_at(p, VAL_BOGUS, VAL_R_CE_IS_CUT, ce, NULL);
		if (n3_hash(p, val_name_suffix(q, l + 1), h) != VAL_SECURE)
			return VAL_BOGUS;
		*nc_cover = n3_cover(p, h);
		if (!*nc_cover)
			return val_fail(p->vc, VAL_BOGUS, VAL_R_NEXT_CLOSER_MISSING, &p->f);
		*ce_labels = l;
		return VAL_SECURE;
	}
	return val_fail(p->vc, VAL_BOGUS, VAL_R_NO_CLOSEST_ENCLOSER, &p->f);
}

/* RFC 5155 §9.2: the proof rests on an opt-out span (for a wildcard
 * NODATA when wildcard). */
static enum val_verdict optout_insecure(struct proof *p, struct val_denial *d, bool wildcard)
{
	d->optout = true;
	if (wildcard)
		p->f.flags |= VAL_FACT_WILDCARD;
	return val_fail(p->vc, VAL_INSECURE, VAL_R_OPTOUT, &p->f);
}

static enum val_verdict n3_prove(struct proof *p, struct val_denial *d)
{
	struct val_ctx *vc = p->vc;
	const uint8_t *q = d->qname;
	uint8_t h[VAL_NSEC3_HASH_LEN], wild[VAL_NAME_MAX];
	const struct nrec *m, *nc = NULL;
	unsigned ce = 0;

	switch (d->want) {
	case VAL_DENY_NODATA:
		if (n3_hash(p, q, h) != VAL_SECURE)
			return VAL_BOGUS;
		m = n3_match(p, h);
		if (m)
			return exact_nodata(p, m, d); /* empty non-terminals have their own NSEC3 */
		if (n3_closest_encloser(p, q, &ce, &nc) != VAL_SECURE)
			return VAL_BOGUS;
		/* RFC 5155 §8.6: no DS, inside an opt-out span.  Otherwise a DS
		 * query, like any other, may be answered from a wildcard (§8.7). */
		if (d->qtype == VAL_T_DS && (nc->n3.flags & VAL_NSEC3_OPTOUT))
			return optout_insecure(p, d, false);
		/* RFC 5155 §8.7: wildcard NODATA. */
		if (!wildcard_of(wild, val_name_suffix(q, ce)))
			return val_fail(vc, VAL_BOGUS, VAL_R_NAME_TOO_LONG, &p->f);
		if (n3_hash(p, wild, h) != VAL_SECURE)
			return VAL_BOGUS; /* the reason is in vc */
		m = n3_match(p, h);
		if (!m)
			return fail_at(p, VAL_BOGUS, VAL_R_WILDCARD_NODATA_MISSING, wild, NULL);
		if (type_absent(p, m, true, d->qtype) != VAL_SECURE)
			return VAL_BOGUS;
		d->wildcard = true;
		return (nc->n3.flags & VAL_NSEC3_OPTOUT) ? optout_insecure(p, d, true) : VAL_SECURE;
	case VAL_DENY_NXDOMAIN:
		/* RFC 5155 §8.4 */
		if (n3_closest_encloser(p, q, &ce, &nc) != VAL_SECURE)
			return VAL_BOGUS;
		if (!wildcard_of(wild, val_name_suffix(q, ce)))
			return val_fail(vc, VAL_BOGUS, VAL_R_NAME_TOO_LONG, &p->f);
		if (n3_hash(p, wild, h) != VAL_SECURE)
			return VAL_BOGUS; /* the reason is in vc */
		if (n3_match(p, h))
			return fail_at(p, VAL_BOGUS, VAL_R_WILDCARD_EXISTS, wild, NULL);
		if (!n3_cover(p, h))
			return fail_at(p, VAL_BOGUS, VAL_R_WILDCARD_NOT_DENIED, wild, NULL);
		return (nc->n3.flags & VAL_NSEC3_OPTOUT) ? optout_insecure(p, d, false) : VAL_SECURE;
	case VAL_DENY_NO_CLOSER:
		/* RFC 5155 §8.8: the next closer name below the wildcard's parent. */
		if (d->labels >= val_name_labels(q)) {
			p->f.labels = d->labels;
			return val_fail(vc, VAL_BOGUS, VAL_R_WILDCARD_LABELS, &p->f);
		}
		if (n3_hash(p, val_name_suffix(q, d->labels + 1u), h) != VAL_SECURE)
			return VAL_BOGUS;
		nc = n3_cover(p, h);
		if (!nc)
			return val_fail(vc, VAL_BOGUS, VAL_R_NO_CLOSER_MISSING, &p->f);
		return (nc->n3.flags & VAL_NSEC3_OPTOUT) ? optout_insecure(p, d, false) : VAL_SECURE;
	}
	return val_fail(vc, VAL_BOGUS, VAL_R_DENY_KIND, &p->f);
}

enum val_verdict val_denial_check(struct val_ctx *vc, const struct val_msg *msg, const uint8_t *zone,
				  const struct val_rrset *keys, struct val_denial *d)
{
	struct proof *p = calloc(1, sizeof *p);
	if (!p)
		return val_fail(vc, VAL_INDETERMINATE, VAL_R_NOMEM, NULL);
	p->vc = vc;
	p->zone = zone;
	p->f = (struct val_facts){ .zone = zone, .owner = d->qname,
				   .type = d->want == VAL_DENY_NXDOMAIN ? 0 : d->qtype, .deny = (uint8_t)d->want };
	d->delegation = d->optout = d->wildcard = d->iter_unchecked = false;

	enum val_verdict v;
	if (!val_name_is_subdomain(d->qname, zone))
		v = val_fail(vc, VAL_BOGUS, VAL_R_OUTSIDE_ZONE, &p->f);
	else if ((v = collect_records(p, msg, keys, d)) == VAL_SECURE)
		v = p->nsec3 ? n3_prove(p, d) : nsec_prove(p, d);
	free(p);
	return v;
}
