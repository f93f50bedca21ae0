/* validator/val_chain.c: the chain of trust of one lookup (RFC 4035 §5).
 *
 * Two passes over the responses the stub gathered.  The plan pass, with no
 * cryptography, lists what the chain can be foreseen to need: the question,
 * and the DS and DNSKEY of every name from the trust anchor down to each
 * name of the answer, so that the stub sends it all in one round.  The walk
 * pass then goes top-down from the anchor: a zone cut is where the parent
 * returns a signed DS (RFC 4035 §5.2), a name is inside its parent's zone
 * where the parent proves "no DS, no NS" there, and an unsigned delegation
 * is where it proves "no DS, but NS" (never merely "no RRSIG").  Each link
 * of a CNAME/DNAME chain is validated in its own zone, and the weakest link
 * decides: enum val_verdict is ordered bogus < indeterminate < insecure <
 * secure, so the verdict is the minimum. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "val_int.h"

/* Verified RRsets and DS denials are remembered for the rest of the walk,
 * so each signature of the chain is paid for once, however many links of
 * a CNAME chain share it. */
enum { CHECKED_MAX = 2 * VAL_QUERIES_MAX };

struct checked {
	const void *key;	/* an RRset, or a message for a DS denial */
	struct val_sigok ok;
	bool delegation, nxdomain, wildcard;
};

struct walk {
	struct val_ctx *vc;
	const struct val_policy *pol;
	const struct val_response *resp;
	size_t nresp;
	struct val_need *needs;
	size_t nneeds;
	bool too_many;
	/* The plan asks for everything the chain can be foreseen to need;
	 * the walk then goes as far as the responses at hand take it.  Only
	 * a response the walk itself looked for and did not find keeps the
	 * verdict open: a verdict never waits on a query it does not need
	 * (DESIGN.md, "Field conditions"). */
	bool walking;
	bool walk_needs;
	struct checked checked[CHECKED_MAX];
	size_t nchecked;
	/* the weakest link so far */
	enum val_verdict weakest;
	struct val_reason reason;
	uint32_t ttl;
};

/* The zone a name's data lives in, as the walk found it. */
struct zone {
	const uint8_t *name;
	const struct val_rrset *keys;
	bool nonexistent;	/* the parent proved a name on the way does not exist */
	/* An NSEC3 above the iteration limit, too costly to hash, stood where
	 * a cut could lie: the data must still verify in this zone, and is
	 * then insecure at best (RFC 9276), with this reason. */
	bool capped;
	struct val_reason cap_reason;
};

static const struct val_response *find_response(const struct walk *wk, const uint8_t *name, uint16_t type)
{
	for (size_t i = 0; i < wk->nresp; i++)
		if (wk->resp[i].qtype == type && val_name_eq(wk->resp[i].qname, name))
			return &wk->resp[i];
	return NULL;
}

static void need_response(struct walk *wk, const uint8_t *name, uint16_t type)
{
	if (find_response(wk, name, type))
		return;
	if (wk->walking)
		wk->walk_needs = true;
	for (size_t i = 0; i < wk->nneeds; i++)
		if (wk->needs[i].type == type && val_name_eq(wk->needs[i].name, name))
			return;
	if (wk->nneeds == VAL_QUERIES_MAX) {
		wk->too_many = true;
		return;
	}
	memcpy(wk->needs[wk->nneeds].name, name, val_name_len(name));
	wk->needs[wk->nneeds++].type = type;
}

static const struct checked *checked_find(const struct walk *wk, const void *key)
{
	for (size_t i = 0; i < wk->nchecked; i++)
		if (wk->checked[i].key == key)
			return &wk->checked[i];
	return NULL;
}

static void checked_add(struct walk *wk, const void *key, const struct val_sigok *ok, const struct val_denial *d)
{
	if (wk->nchecked < CHECKED_MAX)
		wk->checked[wk->nchecked++] = (struct checked){ .key = key, .ok = ok ? *ok : (struct val_sigok){ 0 },
						     .delegation = d && d->delegation,
						     .nxdomain = d && d->want == VAL_DENY_NXDOMAIN,
						     .wildcard = d && d->wildcard };
}

static void ttl_cap(struct walk *wk, uint32_t ttl)
{
	if (ttl < wk->ttl)
		wk->ttl = ttl;
}

/* The weakest link decides; its reason is the one reported. */
static void merge_verdict(struct walk *wk, enum val_verdict v)
{
	if (wk->weakest != VAL_UNCHECKED && v >= wk->weakest)
		return;
	wk->weakest = v;
	if (v != VAL_SECURE) {
		wk->reason = wk->vc->reason;
	}
}

/* Records a link whose verdict v is already decided (reason in vc). */
static enum val_verdict trace_decided(struct walk *wk, enum val_link_kind kind, const uint8_t *zone, const uint8_t *name,
			     uint16_t type, const struct val_rrset *set, enum val_verdict v)
{
	val_trace_close(wk->vc, val_trace_open(wk->vc, kind, zone, name, type, set), v, NULL, NULL);
	return v;
}

static const struct val_rrset *answer_set(const struct val_msg *msg, const uint8_t *name, uint16_t type)
{
	for (size_t i = 0; i < msg->nsets; i++) {
		const struct val_rrset *s = &msg->sets[i];
		if (s->section == VAL_SEC_ANSWER && s->type == type && s->rclass == VAL_C_IN &&
		    val_name_eq(s->owner, name))
			return s;
	}
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Policy                                                               */

/* The deepest trust anchor at or above name. */
static const uint8_t *anchor_zone(const struct val_policy *pol, const uint8_t *name)
{
	const uint8_t *best = NULL;
	for (size_t i = 0; i < pol->nanchors; i++) {
		const uint8_t *z = pol->anchors[i]->owner;
		if (val_name_is_subdomain(name, z) && (!best || val_name_labels(z) > val_name_labels(best)))
			best = z;
	}
	return best;
}

/* RFC 7646: an NTA at or above name, unless a configured anchor sits at or
 * below the NTA (DESIGN.md: the admin's explicit intent wins). */
static const uint8_t *nta_for(const struct val_policy *pol, const uint8_t *name, const uint8_t *anchor)
{
	for (size_t i = 0; i < pol->nntas; i++) {
		const uint8_t *n = pol->ntas[i];
		if (val_name_is_subdomain(name, n) && !(anchor && val_name_is_subdomain(anchor, n)))
			return n;
	}
	return NULL;
}

static const uint8_t *required_for(const struct val_policy *pol, const uint8_t *name)
{
	for (size_t i = 0; i < pol->nrequire; i++)
		if (val_name_is_subdomain(name, pol->require_secure[i]))
			return pol->require_secure[i];
	return NULL;
}

/* DS records live in the parent zone (RFC 4034 §5). */
static const uint8_t *holder_zone(const uint8_t *owner, uint16_t type)
{
	return type == VAL_T_DS && owner[0] != 0 ? val_name_parent(owner) : owner;
}

/* ------------------------------------------------------------------ */
/* Plan: what the chain of `name` can be foreseen to need.              */

/* DS and DNSKEY of the names of `name` from label `from` to label `to`,
 * at most VAL_PLAN_LABELS of them; and the DS of name itself, which shows
 * the zone that holds name once the walk reaches it (inside_zone). */
static void plan_labels(struct walk *wk, const uint8_t *name, unsigned from, unsigned to)
{
	unsigned nl = val_name_labels(name);
	if (to > nl)
		to = nl;
	for (unsigned l = from; l <= to && l < from + VAL_PLAN_LABELS; l++) {
		const uint8_t *a = val_name_suffix(name, l);
		need_response(wk, a, VAL_T_DS);
		need_response(wk, a, VAL_T_DNSKEY);
	}
	if (from <= nl)
		need_response(wk, name, VAL_T_DS);
}

/* The labels of hint when it is a zone the data claims (a signer) on the
 * way from label `from` to name; else all of name's.  Only a plan: the
 * walk checks every claim. */
static unsigned plan_to(const uint8_t *name, const uint8_t *hint, unsigned from)
{
	if (hint && val_name_is_subdomain(name, hint) && val_name_labels(hint) >= from)
		return val_name_labels(hint);
	return val_name_labels(name);
}

static void plan_chain(struct walk *wk, const uint8_t *name, const uint8_t *hint)
{
	const uint8_t *az = anchor_zone(wk->pol, name);
	if (!az || nta_for(wk->pol, name, az))
		return;
	need_response(wk, az, VAL_T_DNSKEY);
	unsigned from = val_name_labels(az) + 1;
	plan_labels(wk, name, from, plan_to(name, hint, from));
}

/* The signer of set's first RRSIG at or above name, or NULL. */
static const uint8_t *signer_above(const struct val_rrset *set, const uint8_t *name)
{
	for (size_t i = 0; i < set->nsig; i++) {
		struct val_rrsig sig;
		if (val_rdata_rrsig(set->sigs[i], &sig) == 0 && val_name_is_subdomain(name, sig.signer))
			return sig.signer;
	}
	return NULL;
}

/* The owner of the SOA of a zone at or above name in msg's authority
 * section, as a negative answer for name carries (RFC 2308 §3), or NULL.
 * Only a claim: whether a proof for name is there is decided by checking
 * it. */
static const uint8_t *soa_above(const struct val_msg *msg, const uint8_t *name)
{
	for (size_t i = 0; i < msg->nsets; i++)
		if (msg->sets[i].section == VAL_SEC_AUTHORITY && msg->sets[i].type == VAL_T_SOA &&
		    val_name_is_subdomain(name, msg->sets[i].owner))
			return msg->sets[i].owner;
	return NULL;
}

/* The zone the data around a name claims to hold it: the signer of an
 * RRSIG, else the signer of the NSEC/NSEC3 of name's DS answer, else the
 * SOA of a negative answer.  A claim by whoever sent the data, used only
 * to plan which DS and DNSKEY to fetch: the zone that holds a name is
 * found by walking down from the trust anchor over the owner's labels
 * (DESIGN.md, "The zone that holds a name decides"). */
static const uint8_t *zone_hint(const struct walk *wk, const struct val_rrset *set, const uint8_t *name,
				const struct val_msg *msg)
{
	const uint8_t *z = set ? signer_above(set, name) : NULL;
	const struct val_response *r = find_response(wk, name, VAL_T_DS);
	for (size_t i = 0; !z && r && r->msg && i < r->msg->nsets; i++) {
		const struct val_rrset *s = &r->msg->sets[i];
		if (s->section == VAL_SEC_AUTHORITY && (s->type == VAL_T_NSEC || s->type == VAL_T_NSEC3))
			z = signer_above(s, name);
	}
	if (!z && msg)
		z = soa_above(msg, name);
	return z;
}

/* ------------------------------------------------------------------ */
/* Walk                                                                 */

/* The zone a response refers to, when it is a referral (RFC 1034 §4.3.2,
 * RFC 4035 §3.1.4): no answer, NS records of a zone at or above the
 * question name in the authority section and no SOA, as an authoritative
 * server sends for names below its zones.  A resolver never answers so (a
 * negative answer carries the SOA of its zone, RFC 2308 §3); for a DS at a
 * delegation the parent answers with data or with a signed denial and SOA,
 * not with NS.  NULL for anything else. */
static const uint8_t *referral_cut(const struct val_msg *msg)
{
	if (msg->rcode != 0 || msg->nanswer != 0 || (msg->flags & VAL_F_AA) || !msg->qname)
		return NULL;
	const uint8_t *cut = NULL;
	for (size_t i = 0; i < msg->nsets; i++) {
		const struct val_rrset *s = &msg->sets[i];
		if (s->section != VAL_SEC_AUTHORITY)
			continue;
		if (s->type == VAL_T_SOA)
			return NULL;
		if (s->type == VAL_T_NS && val_name_is_subdomain(msg->qname, s->owner))
			cut = s->owner;
	}
	return cut;
}

/* Can this response be used at all?  Failures of the upstream are
 * indeterminate, with the server named (DESIGN.md, verdicts). */
static enum val_verdict response_ok(struct walk *wk, const struct val_response *r)
{
	struct val_facts f = { .owner = r->qname, .type = r->qtype, .server = r->server, .detail = r->failure };
	if (!r->msg)
		return val_fail(wk->vc, VAL_INDETERMINATE, VAL_R_NO_ANSWER, &f);
	if (r->msg->rcode != 0 && r->msg->rcode != 3) {
		f.rcode = r->msg->rcode;
		return val_fail(wk->vc, VAL_INDETERMINATE, VAL_R_RCODE, &f);
	}
	/* RFC 3225 §3: a server that understands DO copies it into the answer. */
	if (!r->msg->has_opt || !r->msg->opt_do) {
		f.flags = r->msg->has_opt ? VAL_FACT_EDNS : 0;
		return val_fail(wk->vc, VAL_INDETERMINATE, VAL_R_NO_DO, &f);
	}
	if (r->msg->flags & VAL_F_TC)
		return val_fail(wk->vc, VAL_INDETERMINATE, VAL_R_TRUNCATED, &f);
	f.other = referral_cut(r->msg);
	if (f.other)
		return val_fail(wk->vc, VAL_INDETERMINATE, VAL_R_REFERRAL, &f);
	return VAL_SECURE;
}

static enum val_verdict response_usable(struct walk *wk, const struct val_response *r)
{
	enum val_verdict v = response_ok(wk, r);
	if (v != VAL_SECURE) {
		struct val_link *l = val_trace_open(wk->vc, VAL_LINK_FETCH, NULL, r->qname, r->qtype, NULL);
		if (l)
			l->server = r->server;
		val_trace_close(wk->vc, l, v, NULL, NULL);
	}
	return v;
}

/* The response for (name, type): VAL_SECURE with *out, VAL_UNCHECKED when
 * it must still be fetched, or the upstream's failure. */
static enum val_verdict response_for(struct walk *wk, const uint8_t *name, uint16_t type, const struct val_response **out)
{
	const struct val_response *r = find_response(wk, name, type);
	if (!r) {
		need_response(wk, name, type);
		return VAL_UNCHECKED;
	}
	*out = r;
	return response_usable(wk, r);
}

/* A link already verified in this walk is neither paid for nor traced
 * again. */
static enum val_verdict verify_once(struct walk *wk, enum val_link_kind kind, const struct val_rrset *set,
				    const uint8_t *zone, const struct val_rrset *keys, struct val_sigok *ok)
{
	const struct checked *m = checked_find(wk, set);
	if (m) {
		*ok = m->ok;
		return VAL_SECURE;
	}
	struct val_link *l = val_trace_open(wk->vc, kind, zone, set->owner, set->type, set);
	enum val_verdict v = val_rrset_verify(wk->vc, set, zone, keys, ok);
	val_trace_close(wk->vc, l, v, v == VAL_SECURE ? ok : NULL, NULL);
	if (v == VAL_SECURE) {
		checked_add(wk, set, ok, NULL);
		ttl_cap(wk, ok->ttl);
	}
	return v;
}

static enum val_verdict keys_once(struct walk *wk, const struct val_rrset *keys, const uint8_t *zone,
				  const struct val_rr *const *trust, size_t ntrust, bool from_anchor)
{
	if (keys && checked_find(wk, keys))
		return VAL_SECURE;
	struct val_sigok ok;
	struct val_link *l = val_trace_open(wk->vc, from_anchor ? VAL_LINK_ANCHOR : VAL_LINK_DNSKEY, zone, zone,
					    VAL_T_DNSKEY, keys);
	enum val_verdict v = val_dnskey_verify(wk->vc, keys, zone, trust, ntrust, from_anchor, &ok);
	val_trace_close(wk->vc, l, v, v == VAL_SECURE ? &ok : NULL, NULL);
	if (v == VAL_SECURE) {
		checked_add(wk, keys, &ok, NULL);
		ttl_cap(wk, ok.ttl);
	}
	return v;
}

static enum val_verdict unsigned_delegation(struct val_ctx *vc, const uint8_t *child, const uint8_t *zone)
{
	return val_fail(vc, VAL_INSECURE, VAL_R_UNSIGNED_DELEGATION,
			&(struct val_facts){ .zone = zone, .owner = child });
}

/* The first NSEC3 too costly to hash where a cut could lie decides the cap
 * (struct zone). */
static void cap_zone(struct zone *z, const struct val_ctx *vc)
{
	if (z->capped)
		return;
	z->capped = true;
	z->cap_reason = vc->reason;
}

/* Does msg carry NSEC or NSEC3 records whose RRSIG names zone as signer?
 * Only a claim: it says which zone's keys to verify them with. */
static bool proof_claims(const struct val_msg *msg, const uint8_t *zone)
{
	for (size_t i = 0; i < msg->nsets; i++) {
		const struct val_rrset *s = &msg->sets[i];
		if (s->section != VAL_SEC_AUTHORITY || (s->type != VAL_T_NSEC && s->type != VAL_T_NSEC3))
			continue;
		for (size_t k = 0; k < s->nsig; k++) {
			struct val_rrsig sig;
			if (val_rdata_rrsig(s->sigs[k], &sig) == 0 && val_name_eq(sig.signer, zone))
				return true;
		}
	}
	return false;
}

/* The labels between zone and name, at once: name's own DS answer, NODATA
 * proven by zone.  NSEC and NSEC3 records exist only for names a zone is
 * authoritative for (RFC 4035 §2.3, RFC 5155 §7.1), so one of zone's at
 * name shows that no cut lies between them.  VAL_UNCHECKED when the answer
 * is no such proof (it may be a deeper zone's: the walk then goes on label
 * by label); otherwise the proof's verdict, with *d. */
static enum val_verdict inside_zone(struct walk *wk, const uint8_t *name, const uint8_t *zone,
				    const struct val_rrset *keys, struct val_denial *d)
{
	const struct val_response *r = find_response(wk, name, VAL_T_DS);
	if (!r || !r->msg || r->msg->rcode != 0 || answer_set(r->msg, name, VAL_T_DS) ||
	    answer_set(r->msg, name, VAL_T_CNAME) || !proof_claims(r->msg, zone) || response_ok(wk, r) != VAL_SECURE)
		return VAL_UNCHECKED;
	*d = (struct val_denial){ .qname = name, .qtype = VAL_T_DS, .want = VAL_DENY_NODATA, .cut_check = true };
	enum val_verdict v = val_denial_check(wk->vc, r->msg, zone, keys, d);
	return v == VAL_SECURE || v == VAL_INSECURE ? v : VAL_UNCHECKED;
}

/* Does the NXDOMAIN answer deny prove, signed by zone, that deny_name does
 * not exist?  Then no zone cut lies between zone and deny_name: a cut is
 * an existing name of zone, and an NSEC or NSEC3 at a delegation point
 * proves nothing below it (val_denial.c), while opt-out or too many NSEC3
 * iterations are not SECURE.  So the DS queries of the names on the way
 * are not needed: a resolver that never answers them (a caching stub that
 * replays the cached NXDOMAIN packet of another question type to them)
 * does not hold the verdict.  The check leaves vc's reason as it was. */
static bool nx_proven(struct walk *wk, const struct val_msg *deny, const uint8_t *deny_name, const uint8_t *zone,
		      const struct val_rrset *keys)
{
	if (!deny || deny->rcode != 3 || !proof_claims(deny, zone))
		return false;
	struct val_ctx *vc = wk->vc;
	struct val_reason before = vc->reason;
	struct val_denial d = { .qname = deny_name, .qtype = VAL_T_A, .want = VAL_DENY_NXDOMAIN };
	if (val_denial_check(vc, deny, zone, keys, &d) == VAL_SECURE)
		return true;
	vc->reason = before;
	return false;
}

/* The walk from the closest trust anchor down to the zone that holds a
 * name: where it stands and what it was asked. */
struct descent {
	const uint8_t *name, *hint;
	const struct val_msg *deny;	/* see zone_of */
	const uint8_t *deny_name;
	struct zone *z;
	const uint8_t *zone;		/* the zone reached so far, and its keys */
	const struct val_rrset *keys;
	const uint8_t *nx_tried;	/* the last zone nx_proven was asked about */
};

/* What a step down decided: go on to the next label, stop (the zone
 * reached holds the name), or return the verdict in *v. */
enum descend { DESCEND_NEXT, DESCEND_STOP, DESCEND_RETURN };

/* The trust anchor that covers the name, its keys validated (RFC 4035
 * §5.2), negative trust anchors applied (RFC 7646).  VAL_SECURE with
 * d->zone and d->keys set, or the verdict. */
static enum val_verdict from_anchor(struct walk *wk, struct descent *d)
{
	struct val_ctx *vc = wk->vc;
	const struct val_response *r;
	enum val_verdict v;
	const uint8_t *name = d->name, *zone = anchor_zone(wk->pol, name);
	if (!zone)
		return trace_decided(wk, VAL_LINK_ANCHOR, NULL, name, VAL_T_DNSKEY, NULL,
			    val_fail(vc, VAL_INDETERMINATE, VAL_R_NO_ANCHOR, &(struct val_facts){ .owner = name }));
	const uint8_t *nta = nta_for(wk->pol, name, zone);
	if (nta) {
		d->z->name = nta;
		return trace_decided(wk, VAL_LINK_NTA, nta, name, 0, NULL,
			    val_fail(vc, VAL_INSECURE, VAL_R_NTA, &(struct val_facts){ .zone = nta, .owner = name }));
	}

	/* The anchor zone's keys.  A resolver that strips DNSSEC records
	 * shows here first: its DNSKEY set comes without RRSIG. */
	if ((v = response_for(wk, zone, VAL_T_DNSKEY, &r)) != VAL_SECURE)
		return v;
	const struct val_rrset *keys = answer_set(r->msg, zone, VAL_T_DNSKEY);
	if (!keys || keys->nsig == 0)
		return trace_decided(wk, VAL_LINK_ANCHOR, zone, zone, VAL_T_DNSKEY, keys,
			    val_fail(vc, VAL_INDETERMINATE, keys ? VAL_R_RESOLVER_STRIPS : VAL_R_RESOLVER_NO_KEYS,
				     &(struct val_facts){ .zone = zone, .owner = zone, .type = VAL_T_DNSKEY,
							  .server = r->server }));
	const struct val_rr *trust[VAL_DS_PER_ZONE_MAX * 2];
	size_t ntrust = 0;
	for (size_t i = 0; i < wk->pol->nanchors && ntrust < sizeof trust / sizeof trust[0]; i++)
		if (val_name_eq(wk->pol->anchors[i]->owner, zone))
			trust[ntrust++] = wk->pol->anchors[i];
	if ((v = keys_once(wk, keys, zone, trust, ntrust, true)) != VAL_SECURE) {
		d->z->name = zone;
		return v;
	}
	d->zone = zone;
	d->keys = keys;
	return VAL_SECURE;
}

/* Before label l is looked up: an NXDOMAIN proven by the zone reached, or
 * a denial in hand showing the name inside it, ends the walk here. */
static enum descend shortcut(struct walk *wk, struct descent *d, unsigned l, unsigned nl, enum val_verdict *v)
{
	struct val_ctx *vc = wk->vc;
	if (d->zone != d->nx_tried) {
		d->nx_tried = d->zone;
		if (nx_proven(wk, d->deny, d->deny_name, d->zone, d->keys))
			return DESCEND_STOP;
	}
	if (l >= nl)
		return DESCEND_NEXT;
	struct val_denial den;
	enum val_verdict sv = inside_zone(wk, d->name, d->zone, d->keys, &den);
	if (sv == VAL_UNCHECKED)
		return DESCEND_NEXT;
	val_trace_close(vc, val_trace_open(vc, VAL_LINK_DENIAL, d->zone, d->name, VAL_T_DS, NULL), sv, NULL, &den);
	if (sv == VAL_INSECURE && den.iter_unchecked) {
		cap_zone(d->z, vc);
		return DESCEND_STOP;
	}
	if (sv == VAL_INSECURE) { /* an opt-out span: a delegation may hide there */
		d->z->name = d->name;
		*v = sv;
		return DESCEND_RETURN;
	}
	if (den.delegation) {
		d->z->name = d->name;
		*v = unsigned_delegation(vc, d->name, d->zone);
		return DESCEND_RETURN;
	}
	return DESCEND_STOP;
}

/* RFC 4035 §5.2: a signed DS makes child a secure cut, whose keys it
 * vouches for. */
static enum descend secure_cut(struct walk *wk, struct descent *d, const uint8_t *child, const struct val_rrset *ds,
			       enum val_verdict *v)
{
	struct val_sigok ok;
	const struct val_response *kr;
	if ((*v = verify_once(wk, VAL_LINK_DS, ds, d->zone, d->keys, &ok)) != VAL_SECURE ||
	    (*v = response_for(wk, child, VAL_T_DNSKEY, &kr)) != VAL_SECURE)
		return DESCEND_RETURN;
	const struct val_rrset *ckeys = answer_set(kr->msg, child, VAL_T_DNSKEY);
	*v = keys_once(wk, ckeys, child, ds->rrs, ds->nrr, false);
	if (*v != VAL_SECURE) {
		d->z->name = child;
		return DESCEND_RETURN;
	}
	d->zone = child;
	d->keys = ckeys;
	return DESCEND_NEXT;
}

/* No DS at child: its proof says whether child is inside the zone
 * reached, an unsigned delegation, or does not exist. */
static enum descend no_ds(struct walk *wk, struct descent *d, const uint8_t *child, const struct val_msg *msg,
			  enum val_verdict *v)
{
	struct val_ctx *vc = wk->vc;
	const struct checked *m = checked_find(wk, msg);
	struct val_denial den = { .qname = child, .qtype = VAL_T_DS, .cut_check = true,
				  .want = msg->rcode == 3 ? VAL_DENY_NXDOMAIN : VAL_DENY_NODATA };
	if (m) {
		den.delegation = m->delegation;
		den.wildcard = m->wildcard;
	} else {
		struct val_link *dl = val_trace_open(vc, VAL_LINK_DENIAL, d->zone, child, VAL_T_DS, NULL);
		*v = val_denial_check(vc, msg, d->zone, d->keys, &den);
		if (*v == VAL_SECURE)
			checked_add(wk, msg, NULL, &den);
		if (*v == VAL_SECURE && den.delegation)
			*v = unsigned_delegation(vc, child, d->zone);
		val_trace_close(vc, dl, *v, NULL, &den);
		if (*v == VAL_INSECURE && den.iter_unchecked) {
			/* Whether child is a cut cannot be afforded: go on as
			 * if inside (nothing lies below a name said not to
			 * exist); the data must verify here. */
			cap_zone(d->z, vc);
			return den.want == VAL_DENY_NXDOMAIN ? DESCEND_STOP : DESCEND_NEXT;
		}
		if (*v != VAL_SECURE) {
			d->z->name = child;
			return DESCEND_RETURN;
		}
	}
	if (den.want == VAL_DENY_NXDOMAIN || (m && m->nxdomain)) {
		d->z->nonexistent = true;
		return DESCEND_STOP;
	}
	/* Covered by a wildcard: child does not exist as a node, so no cut
	 * lies at or below it; its data, if any, is synthesized in this
	 * zone. */
	if (den.wildcard)
		return DESCEND_STOP;
	if (den.delegation) { /* proven earlier in this walk */
		d->z->name = child;
		*v = unsigned_delegation(vc, child, d->zone);
		return DESCEND_RETURN;
	}
	return DESCEND_NEXT;
}

/* One label down from the zone reached, to child: what its DS response
 * says (a secure cut, an alias, or a proof of no DS). */
static enum descend step_down(struct walk *wk, struct descent *d, const uint8_t *child, const struct val_response *r,
			      enum val_verdict *v)
{
	const struct val_rrset *ds = answer_set(r->msg, child, VAL_T_DS);
	if (ds)
		return secure_cut(wk, d, child, ds, v);
	/* A name that owns a CNAME is no zone cut (RFC 1034 §3.6.2). */
	const struct val_rrset *cname = answer_set(r->msg, child, VAL_T_CNAME);
	if (cname) {
		struct val_sigok ok;
		*v = verify_once(wk, VAL_LINK_ALIAS, cname, d->zone, d->keys, &ok);
		return *v != VAL_SECURE ? DESCEND_RETURN : DESCEND_NEXT;
	}
	return no_ds(wk, d, child, r->msg, v);
}

/* Top-down from the closest trust anchor that covers name to the zone that
 * holds it (RFC 4035 §5.2), negative trust anchors applied to name itself
 * (RFC 7646).  hint: the zone the data claims, to plan the fetches.  deny:
 * an NXDOMAIN answer for deny_name (name or below it) when name is looked
 * up for a denial, else NULL (see nx_proven). */
static enum val_verdict zone_of(struct walk *wk, const uint8_t *name, const uint8_t *hint, const struct val_msg *deny,
				const uint8_t *deny_name, struct zone *z)
{
	struct descent *d = &(struct descent){ .name = name, .hint = hint, .deny = deny, .deny_name = deny_name,
					       .z = z };
	enum val_verdict v;
	*z = (struct zone){ 0 };
	if ((v = from_anchor(wk, d)) != VAL_SECURE)
		return v;
	unsigned nl = val_name_labels(name);
	for (unsigned l = val_name_labels(d->zone) + 1; l <= nl; l++) {
		enum descend s = shortcut(wk, d, l, nl, &v);
		if (s == DESCEND_NEXT) {
			const uint8_t *child = val_name_suffix(name, l);
			const struct val_response *r;
			if (!find_response(wk, child, VAL_T_DS)) {
				/* the rest of the way, in one round */
				plan_labels(wk, name, l, plan_to(name, hint, l));
				return VAL_UNCHECKED;
			}
			if ((v = response_for(wk, child, VAL_T_DS, &r)) != VAL_SECURE)
				return v;
			s = step_down(wk, d, child, r, &v);
		}
		if (s == DESCEND_RETURN)
			return v;
		if (s == DESCEND_STOP)
			break;
	}
	z->name = d->zone;
	z->keys = d->keys;
	return VAL_SECURE;
}

/* The verdict of data that verified in zone z: insecure at best when an
 * NSEC3 too costly to hash stood where a cut could lie. */
static enum val_verdict capped_verdict(struct walk *wk, const struct zone *z, enum val_verdict v)
{
	if (v != VAL_SECURE || !z->capped)
		return v;
	wk->vc->reason = z->cap_reason;
	return VAL_INSECURE;
}

/* One RRset of the answer, in the zone that holds its owner (RFC 4035
 * §5.3.1): whoever signed it, the walk decides the zone, and the RRSIG's
 * signer must be that zone. */
static enum val_verdict check_rrset(struct walk *wk, enum val_link_kind kind, const struct val_rrset *set,
				    const struct val_msg *msg)
{
	struct zone z;
	/* A CNAME owner has no other data (RFC 1034 §3.6.2, RFC 2181 §10.1),
	 * so it is neither a zone apex nor a delegation point: the zone that
	 * holds its parent holds it, and an alias costs no query of its own. */
	const uint8_t *h = set->type == VAL_T_CNAME && set->owner[0] ? val_name_parent(set->owner)
								      : holder_zone(set->owner, set->type);
	enum val_verdict v = zone_of(wk, h, zone_hint(wk, set, h, NULL), NULL, NULL, &z);
	if (v != VAL_SECURE) {
		if (v == VAL_INSECURE)
			ttl_cap(wk, set->ttl);
		return v;
	}
	if (z.nonexistent) {
		return trace_decided(wk, kind, z.name, set->owner, set->type, set,
			    val_fail(wk->vc, VAL_BOGUS, VAL_R_ABOVE_NONEXISTENT,
				     &(struct val_facts){ .zone = z.name, .owner = set->owner, .type = set->type }));
	}
	struct val_sigok ok;
	if ((v = verify_once(wk, kind, set, z.name, z.keys, &ok)) != VAL_SECURE)
		return v;
	ttl_cap(wk, set->ttl);
	if (ok.wildcard) {
		/* RFC 4035 §5.3.4: a wildcard answer needs the proof that
		 * qname itself does not exist. */
		struct val_denial d = { .want = VAL_DENY_NO_CLOSER, .qname = set->owner, .qtype = set->type,
					.labels = ok.labels };
		struct val_link *l = val_trace_open(wk->vc, VAL_LINK_DENIAL, z.name, set->owner, set->type, NULL);
		v = val_denial_check(wk->vc, msg, z.name, z.keys, &d);
		val_trace_close(wk->vc, l, v, NULL, &d);
	}
	return capped_verdict(wk, &z, v);
}

/* RFC 4035 §5.3: every RRset of a negative answer's authority section that
 * the proving zone holds must verify, its SOA included (whose TTL bounds
 * how long the denial is kept, RFC 2308).  RRsets of other zones (a
 * child's proof in a mixed answer, junk) are not used, so not judged;
 * delegation NS records are never signed (RFC 4035 §2.2); the zone's NSEC
 * and NSEC3 records were each verified by the proof (val_denial.c). */
static enum val_verdict check_authority(struct walk *wk, const struct val_msg *msg, const struct zone *z)
{
	for (size_t i = 0; i < msg->nsets; i++) {
		const struct val_rrset *s = &msg->sets[i];
		if (s->section != VAL_SEC_AUTHORITY || s->rclass != VAL_C_IN || !val_name_is_subdomain(s->owner, z->name))
			continue;
		/* The proof verified every NSEC and NSEC3 of the zone. */
		if (s->type == VAL_T_NSEC || s->type == VAL_T_NSEC3 ||
		    (s->type == VAL_T_NS && !val_name_eq(s->owner, z->name)))
			continue;
		if (val_signed_below(s, z->name))
			continue;
		struct val_sigok ok;
		enum val_verdict v = verify_once(wk, VAL_LINK_AUTHORITY, s, z->name, z->keys, &ok);
		if (v != VAL_SECURE)
			return v;
	}
	return VAL_SECURE;
}

/* The DNAME of the answer section whose owner is a proper ancestor of name. */
static const struct val_rrset *dname_above(const struct val_msg *msg, const uint8_t *name)
{
	for (size_t i = 0; i < msg->nsets; i++) {
		const struct val_rrset *s = &msg->sets[i];
		if (s->section == VAL_SEC_ANSWER && s->type == VAL_T_DNAME && !val_name_eq(s->owner, name) &&
		    val_name_is_subdomain(name, s->owner))
			return s;
	}
	return NULL;
}

/* RFC 6672 §2.2: name with the DNAME owner replaced by its target. */
static bool dname_subst(uint8_t out[VAL_NAME_MAX], const uint8_t *name, const struct val_rrset *dn)
{
	const uint8_t *target;
	if (dn->nrr != 1 || val_rdata_name(dn->rrs[0], &target) != 0)
		return false;
	unsigned keep = val_name_labels(name) - val_name_labels(dn->owner);
	size_t prefix = (size_t)(val_name_suffix(name, val_name_labels(name) - keep) - name);
	struct val_wbuf b;
	val_wbuf_init(&b, out, VAL_NAME_MAX);
	val_wbuf_put_bytes(&b, name, prefix);
	val_wbuf_put_name(&b, target);
	return !b.err;
}

/* For qtype ANY: the first RRset of the answer section at name. */
static const struct val_rrset *any_set(const struct val_msg *msg, const uint8_t *name)
{
	for (size_t i = 0; i < msg->nsets; i++) {
		const struct val_rrset *s = &msg->sets[i];
		if (s->section == VAL_SEC_ANSWER && s->rclass == VAL_C_IN && s->type != VAL_T_RRSIG &&
		    val_name_eq(s->owner, name))
			return s;
	}
	return NULL;
}

/* The set of the question's type at name, or for ANY the first of name's. */
static const struct val_rrset *data_set(const struct val_msg *msg, const uint8_t *name, uint16_t qtype)
{
	return qtype == VAL_T_ANY ? any_set(msg, name) : answer_set(msg, name, qtype);
}

/* An ANY answer is positive data: every RRset at name, each in its zone. */
static enum val_verdict check_any(struct walk *wk, const uint8_t *name, const struct val_msg *msg)
{
	enum val_verdict worst = VAL_SECURE;
	for (size_t i = 0; i < msg->nsets; i++) {
		const struct val_rrset *s = &msg->sets[i];
		if (s->section != VAL_SEC_ANSWER || s->rclass != VAL_C_IN || s->type == VAL_T_RRSIG ||
		    !val_name_eq(s->owner, name))
			continue;
		enum val_verdict v = check_rrset(wk, VAL_LINK_ANSWER, s, msg);
		merge_verdict(wk, v);
		if (v < worst)
			worst = v;
		if (v == VAL_UNCHECKED || v < VAL_INSECURE)
			break;
	}
	return worst;
}

/* Structural pass over the answer: the names a CNAME/DNAME chain will
 * lead to, so that their chains go into the first round too. */
static void plan_answer(struct walk *wk, const uint8_t *qname, uint16_t qtype, const struct val_msg *msg)
{
	uint8_t buf[VAL_CNAME_MAX + 1][VAL_NAME_MAX];
	const uint8_t *name = qname;
	for (unsigned step = 0; step <= VAL_CNAME_MAX; step++) {
		const struct val_rrset *set = data_set(msg, name, qtype);
		if (set) {
			const uint8_t *h = holder_zone(set->owner, set->type);
			plan_chain(wk, h, zone_hint(wk, set, h, NULL));
			return;
		}
		const struct val_rrset *dn = dname_above(msg, name), *cn;
		const uint8_t *target;
		if (!dn && !answer_set(msg, name, VAL_T_CNAME)) {
			const uint8_t *h = holder_zone(name, qtype);
			plan_chain(wk, h, zone_hint(wk, NULL, h, msg)); /* a denial: its zone */
			/* A chain that stops without a negative answer for its
			 * target: the target is asked for in the same round as
			 * its chain. */
			if (!val_name_eq(msg->qname, name) && !soa_above(msg, name))
				need_response(wk, name, qtype);
		}
		if (dn) {
			plan_chain(wk, dn->owner, zone_hint(wk, dn, dn->owner, NULL));
			if (!dname_subst(buf[step], name, dn))
				return;
			name = buf[step];
		} else if ((cn = answer_set(msg, name, VAL_T_CNAME)) && cn->nrr == 1 &&
			   val_rdata_name(cn->rrs[0], &target) == 0) {
			const uint8_t *h = cn->owner[0] ? val_name_parent(cn->owner) : cn->owner;
			plan_chain(wk, h, zone_hint(wk, cn, h, NULL));
			name = target;
		} else {
			return;
		}
	}
}

/* What the response says about name, for the walk to dispatch on
 * (unbound's classification of a response, before it is validated). */
enum answer_kind {
	ANSWER_POSITIVE,	/* an RRset of qtype (or, for ANY, of any type) */
	ANSWER_DNAME,		/* a DNAME above name: follow it */
	ANSWER_CNAME,		/* a CNAME at name: follow it */
	ANSWER_NODATA,		/* name exists, without qtype: prove it */
	ANSWER_NXDOMAIN,	/* name does not exist: prove it */
};

struct answer_at {
	const struct val_rrset *set, *dname, *cname;
};

static enum answer_kind classify_answer(const struct val_msg *msg, const uint8_t *name, uint16_t qtype,
				 struct answer_at *a)
{
	a->dname = dname_above(msg, name);
	a->cname = answer_set(msg, name, VAL_T_CNAME);
	a->set = data_set(msg, name, qtype);
	/* Below a DNAME the CNAME at name is synthesized, and the DNAME is
	 * the signed data (RFC 6672 §3.2): for qtype CNAME it is the answer,
	 * for ANY it is followed like any other qtype. */
	if (a->set && !(a->dname && (qtype == VAL_T_CNAME || qtype == VAL_T_ANY)))
		return ANSWER_POSITIVE;
	if (a->dname)
		return ANSWER_DNAME;
	if (a->cname)
		return ANSWER_CNAME;
	return msg->rcode == 3 ? ANSWER_NXDOMAIN : ANSWER_NODATA;
}

/* RFC 6672 §3: the DNAME is the signed data; the CNAME a resolver
 * synthesizes from it is not signed, only checked.  True: follow *name
 * (now the synthesized target, kept in synth). */
static bool follow_dname(struct walk *wk, struct val_answer *ans, const uint8_t **name, uint16_t qtype,
			 const struct val_msg *msg, const struct answer_at *a, uint8_t synth[VAL_NAME_MAX])
{
	const struct val_rrset *dn = a->dname, *cn = a->cname;
	const uint8_t *target;
	merge_verdict(wk, check_rrset(wk, VAL_LINK_ALIAS, dn, msg));
	if (!dname_subst(synth, *name, dn)) {
		merge_verdict(wk, trace_decided(wk, VAL_LINK_ALIAS, NULL, dn->owner, VAL_T_DNAME, dn,
			      val_fail(wk->vc, VAL_BOGUS, VAL_R_DNAME_TOO_LONG,
				       &(struct val_facts){ .owner = dn->owner, .type = VAL_T_DNAME, .other = *name })));
		return false;
	}
	if (cn && (cn->nrr != 1 || val_rdata_name(cn->rrs[0], &target) != 0 || !val_name_eq(target, synth))) {
		merge_verdict(wk, trace_decided(wk, VAL_LINK_ALIAS, NULL, *name, VAL_T_CNAME, cn,
			      val_fail(wk->vc, VAL_BOGUS, VAL_R_CNAME_NOT_FROM_DNAME,
				       &(struct val_facts){ .owner = *name, .type = VAL_T_CNAME, .other = dn->owner })));
		return false;
	}
	if (qtype == VAL_T_CNAME) {
		ans->rrset = cn; /* the answer, as the DNAME makes it */
		return false;
	}
	*name = synth;
	return true;
}

/* A CNAME at *name: true to follow its target. */
static bool follow_cname(struct walk *wk, const uint8_t **name, const struct val_msg *msg,
			 const struct answer_at *a)
{
	const struct val_rrset *cn = a->cname;
	const uint8_t *target;
	merge_verdict(wk, check_rrset(wk, VAL_LINK_ALIAS, cn, msg));
	if (cn->nrr != 1 || val_rdata_name(cn->rrs[0], &target) != 0) {
		merge_verdict(wk, trace_decided(wk, VAL_LINK_ALIAS, NULL, *name, VAL_T_CNAME, cn,
			      val_fail(wk->vc, VAL_BOGUS, VAL_R_CNAME_NOT_ONE,
				       &(struct val_facts){ .owner = *name, .type = VAL_T_CNAME,
							    .count = (uint32_t)cn->nrr })));
		return false;
	}
	*name = target;
	return true;
}

/* No data at the end of the chain (NODATA or NXDOMAIN): the denial must
 * be proven by the zone that would hold it. */
static void validate_negative(struct walk *wk, struct val_answer *ans, const uint8_t *name, uint16_t qtype,
			      const struct val_msg *msg, enum answer_kind kind)
{
	struct val_ctx *vc = wk->vc;
	struct zone z;
	const uint8_t *h = holder_zone(name, qtype);
	enum val_verdict v = zone_of(wk, h, zone_hint(wk, NULL, h, msg), msg, name, &z);
	if (v == VAL_SECURE) {
		struct val_denial d = { .qname = name, .qtype = qtype,
					.want = kind == ANSWER_NXDOMAIN ? VAL_DENY_NXDOMAIN : VAL_DENY_NODATA };
		struct val_link *l = val_trace_open(vc, VAL_LINK_DENIAL, z.name, name, qtype, NULL);
		v = val_denial_check(vc, msg, z.name, z.keys, &d);
		val_trace_close(vc, l, v, NULL, &d);
		if (v == VAL_SECURE || v == VAL_INSECURE) {
			enum val_verdict va = check_authority(wk, msg, &z);
			if (va != VAL_SECURE)
				v = va;
		}
		v = capped_verdict(wk, &z, v);
	}
	/* The answer for an alias's target came with the alias: when it
	 * holds no proof for the target (none at all, or records meant for
	 * something else: a wildcard's, an opt-out DS proof), ask for the
	 * target itself rather than judge the chain by them. */
	if (!val_name_eq(msg->qname, name) && (v == VAL_BOGUS || v == VAL_INDETERMINATE)) {
		need_response(wk, name, qtype);
		return;
	}
	merge_verdict(wk, v);
	ans->rcode = msg->rcode;
	for (size_t i = 0; i < msg->nsets; i++)
		if (msg->sets[i].section == VAL_SEC_AUTHORITY && msg->sets[i].type == VAL_T_SOA)
			ttl_cap(wk, msg->sets[i].ttl);
}

/* Walks the answer from qname: each link in its own zone, classified
 * then dispatched, through at most VAL_CNAME_MAX aliases. */
static void walk_answer(struct walk *wk, struct val_answer *ans, const uint8_t *qname, uint16_t qtype,
			const struct val_msg *msg)
{
	const uint8_t *name = qname;
	for (unsigned step = 0;; step++) {
		struct answer_at a;
		enum answer_kind kind = classify_answer(msg, name, qtype, &a);
		ans->msg = msg;
		switch (kind) {
		case ANSWER_POSITIVE:
			if (qtype == VAL_T_ANY)
				check_any(wk, name, msg);
			else
				merge_verdict(wk, check_rrset(wk, VAL_LINK_ANSWER, a.set, msg));
			ans->rrset = a.set;
			return;
		case ANSWER_DNAME:
			if (!follow_dname(wk, ans, &name, qtype, msg, &a, ans->synth[step]))
				return;
			break;
		case ANSWER_CNAME:
			if (!follow_cname(wk, &name, msg, &a))
				return;
			break;
		case ANSWER_NODATA:
		case ANSWER_NXDOMAIN:
			validate_negative(wk, ans, name, qtype, msg, kind);
			return;
		}
		if (wk->weakest != VAL_UNCHECKED && wk->weakest < VAL_INSECURE)
			return; /* a broken link: its target cannot be trusted */
		/* The step limit, checked before the target takes its slot. */
		if (ans->nnames == VAL_CNAME_MAX + 1) {
			merge_verdict(wk, trace_decided(wk, VAL_LINK_ALIAS, NULL, name, VAL_T_CNAME, NULL,
				      val_fail(wk->vc, VAL_BOGUS, VAL_R_CHAIN_TOO_LONG,
					       &(struct val_facts){ .owner = qname, .type = VAL_T_CNAME })));
			return;
		}
		ans->names[ans->nnames++] = name;
		/* A separate answer for the target, if the stub fetched one. */
		const struct val_response *rt = find_response(wk, name, qtype);
		if (rt) {
			enum val_verdict v = response_usable(wk, rt);
			if (v != VAL_SECURE) {
				merge_verdict(wk, v);
				return;
			}
			msg = rt->msg;
		}
	}
}

/* The lookup's verdict once the walk is done: more queries, or the
 * weakest link (insecure below a require-secure name is bogus). */
static enum val_verdict conclude_walk(struct walk *wk, const struct val_policy *pol, struct val_answer *ans,
				 const uint8_t *qname, size_t plan_nneeds)
{
	/* The walk ended without looking for a response it lacks: the
	 * planned queries still outstanding are not needed. */
	if (!wk->walk_needs && !wk->too_many)
		wk->nneeds = 0;
	/* Undecided: what the plan asks comes first, as when the walk waited
	 * for it; the walk's own needs follow once the plan is fetched (a
	 * walk over missing data may look further than it will need to). */
	else if (plan_nneeds > 0 && !wk->too_many)
		wk->nneeds = plan_nneeds;
	if (wk->nneeds > 0) {
		/* Something the plan could not foresee (a cut's keys, a CNAME
		 * target's chain): fetch it, then come back. */
		if (!wk->too_many)
			return VAL_UNCHECKED;
		merge_verdict(wk, val_fail(wk->vc, VAL_INDETERMINATE, VAL_R_QUERY_LIMIT, &(struct val_facts){ .owner = qname }));
	}
	enum val_verdict v = wk->weakest;
	for (size_t i = 0; v == VAL_INSECURE && i < ans->nnames; i++) {
		const uint8_t *req = required_for(pol, ans->names[i]);
		if (!req)
			continue;
		/* The insecure link's sentence and EDE, with the policy that
		 * makes it bogus. */
		val_reason_require_secure(&wk->reason, req, ans->names[i]);
		v = VAL_BOGUS;
	}
	if (v != VAL_SECURE)
		ans->reason = wk->reason;
	ans->ttl = wk->ttl == UINT32_MAX ? 0 : wk->ttl;
	return v;
}

enum val_verdict val_validate(struct val_ctx *vc, const struct val_policy *pol,
			      const uint8_t *qname, uint16_t qtype,
			      const struct val_response *resp, size_t nresp,
			      struct val_answer *ans, struct val_need *needs, size_t *nneeds)
{
	struct walk *wk = calloc(1, sizeof *wk);
	char crypto_why[VAL_WHY_MAX];
	enum val_verdict v;
	size_t plan_nneeds = 0;

	memset(ans, 0, sizeof *ans);
	*nneeds = 0;
	val_trace_reset(vc); /* only the last call's walk is the lookup's */
	if (!wk) {
		ans->verdict = val_fail(vc, VAL_INDETERMINATE, VAL_R_NOMEM, NULL);
		ans->reason = vc->reason;
		return ans->verdict;
	}
	*wk = (struct walk){ .vc = vc, .pol = pol, .resp = resp, .nresp = nresp, .needs = needs,
			    .ttl = UINT32_MAX };
	ans->names[ans->nnames++] = qname;

	/* Plan: the question, then everything its chain can be seen to need. */
	const struct val_response *r0 = find_response(wk, qname, qtype);
	if (!r0)
		need_response(wk, qname, qtype);
	if (r0 && r0->msg)
		plan_answer(wk, qname, qtype, r0->msg);
	else
		plan_chain(wk, holder_zone(qname, qtype), NULL);
	if (wk->too_many) {
		merge_verdict(wk, val_fail(vc, VAL_INDETERMINATE, VAL_R_QUERY_LIMIT, &(struct val_facts){ .owner = qname }));
		wk->nneeds = 0;
	} else if (!r0) {
		/* Without the question's answer there is nothing to walk. */
		*nneeds = wk->nneeds;
		free(wk);
		return ans->verdict = VAL_UNCHECKED;
	} else {
		wk->walking = true;
		plan_nneeds = wk->nneeds;
		/* Without OpenSSL nothing can be checked, and an algorithm it
		 * cannot give must not read as "unsigned": fail closed. */
		if (!val_crypto_start(crypto_why, sizeof crypto_why))
			merge_verdict(wk, val_fail(vc, VAL_INDETERMINATE, VAL_R_CRYPTO_START,
					  &(struct val_facts){ .detail = crypto_why }));
		else if ((v = response_usable(wk, r0)) != VAL_SECURE)
			merge_verdict(wk, v);
		else
			walk_answer(wk, ans, qname, qtype, r0->msg);
	}
	v = conclude_walk(wk, pol, ans, qname, plan_nneeds);
	*nneeds = wk->nneeds;
	ans->verdict = v;
	free(wk);
	return v;
}
