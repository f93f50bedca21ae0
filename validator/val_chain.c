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
enum { MEMO_MAX = 2 * VAL_QUERIES_MAX };

struct memo {
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
	struct memo memo[MEMO_MAX];
	size_t nmemo;
	/* the weakest link so far */
	enum val_verdict acc;
	uint16_t ede;
	char why[VAL_WHY_MAX];
	uint32_t ttl;
};

/* The zone a name's data lives in, as the walk found it. */
struct zone {
	const uint8_t *name;
	const struct val_rrset *keys;
	bool nonexistent;	/* the parent proved a name on the way does not exist */
};

static const struct val_response *find_response(const struct walk *w, const uint8_t *name, uint16_t type)
{
	for (size_t i = 0; i < w->nresp; i++)
		if (w->resp[i].qtype == type && val_name_eq(w->resp[i].qname, name))
			return &w->resp[i];
	return NULL;
}

static void need(struct walk *w, const uint8_t *name, uint16_t type)
{
	if (find_response(w, name, type))
		return;
	for (size_t i = 0; i < w->nneeds; i++)
		if (w->needs[i].type == type && val_name_eq(w->needs[i].name, name))
			return;
	if (w->nneeds == VAL_QUERIES_MAX) {
		w->too_many = true;
		return;
	}
	memcpy(w->needs[w->nneeds].name, name, val_name_len(name));
	w->needs[w->nneeds++].type = type;
}

static const struct memo *memo_get(const struct walk *w, const void *key)
{
	for (size_t i = 0; i < w->nmemo; i++)
		if (w->memo[i].key == key)
			return &w->memo[i];
	return NULL;
}

static void memo_put(struct walk *w, const void *key, const struct val_sigok *ok, const struct val_denial *d)
{
	if (w->nmemo < MEMO_MAX)
		w->memo[w->nmemo++] = (struct memo){ .key = key, .ok = ok ? *ok : (struct val_sigok){ 0 },
						     .delegation = d && d->delegation,
						     .nxdomain = d && d->want == VAL_DENY_NXDOMAIN,
						     .wildcard = d && d->wildcard };
}

static void ttl_cap(struct walk *w, uint32_t ttl)
{
	if (ttl < w->ttl)
		w->ttl = ttl;
}

/* The weakest link decides; its reason is the one reported. */
static void merge(struct walk *w, enum val_verdict v)
{
	if (w->acc != VAL_UNCHECKED && v >= w->acc)
		return;
	w->acc = v;
	if (v != VAL_SECURE) {
		w->ede = w->vc->ede;
		memcpy(w->why, w->vc->why, sizeof w->why);
	}
}

/* Records a link whose verdict v is already decided (reason in vc). */
static enum val_verdict note(struct walk *w, enum val_link_kind kind, const uint8_t *zone, const uint8_t *name,
			     uint16_t type, const struct val_rrset *set, enum val_verdict v)
{
	val_trace_close(w->vc, val_trace_open(w->vc, kind, zone, name, type, set), v, NULL, NULL);
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
static const uint8_t *holder(const uint8_t *owner, uint16_t type)
{
	return type == VAL_T_DS && owner[0] != 0 ? val_name_parent(owner) : owner;
}

/* ------------------------------------------------------------------ */
/* Plan: what the chain of `name` can be foreseen to need.              */

/* DS and DNSKEY of the names of `name` from label `from` on, at most
 * VAL_PLAN_LABELS of them. */
static void plan_labels(struct walk *w, const uint8_t *name, unsigned from)
{
	unsigned nl = val_name_labels(name);
	for (unsigned l = from; l <= nl && l < from + VAL_PLAN_LABELS; l++) {
		const uint8_t *a = val_name_suffix(name, l);
		need(w, a, VAL_T_DS);
		need(w, a, VAL_T_DNSKEY);
	}
}

static void plan_chain(struct walk *w, const uint8_t *name)
{
	const uint8_t *az = anchor_zone(w->pol, name);
	if (!az || nta_for(w->pol, name, az))
		return;
	need(w, az, VAL_T_DNSKEY);
	plan_labels(w, name, val_name_labels(az) + 1);
}

/* The zone a signed RRset claims: the signer of its first RRSIG that is at
 * or above the name holding it.  The walk then checks the claim: the
 * signer must turn out to be the zone the DS chain leads to (RFC 4035
 * §5.3.1), or the RRset is bogus.  Unsigned RRsets are held by their own
 * name, and the walk must go all the way down to prove them unsigned. */
static const uint8_t *claimed_zone(const struct val_rrset *set)
{
	const uint8_t *name = holder(set->owner, set->type);
	for (size_t i = 0; i < set->nsig; i++) {
		struct val_rrsig sig;
		if (val_rdata_rrsig(set->sigs[i], &sig) == 0 && val_name_is_subdomain(name, sig.signer))
			return sig.signer;
	}
	return name;
}

/* ------------------------------------------------------------------ */
/* Walk                                                                 */

/* Can this response be used at all?  Failures of the upstream are
 * indeterminate, with the server named (DESIGN.md, verdicts). */
static enum val_verdict response_ok(struct walk *w, const struct val_response *r)
{
	char ns[VAL_NAME_STR_MAX], tb[16];
	const char *server = r->server ? r->server : "the resolver";
	const char *type = val_type_str(r->qtype, tb);
	val_name_str(r->qname, ns);
	if (!r->msg)
		return val_fail(w->vc, VAL_INDETERMINATE, EDE_NETWORK_ERROR, "%s gave no answer for %s %s: %s",
				server, ns, type, r->failure ? r->failure : "no response");
	if (r->msg->rcode != 0 && r->msg->rcode != 3)
		return val_fail(w->vc, VAL_INDETERMINATE, EDE_NO_REACHABLE_AUTHORITY,
				"%s answered %s %s with RCODE %u", server, ns, type, r->msg->rcode);
	/* RFC 3225 §3: a server that understands DO copies it into the answer. */
	if (!r->msg->has_opt || !r->msg->opt_do)
		return val_fail(w->vc, VAL_INDETERMINATE, EDE_DNSSEC_INDETERMINATE,
				"%s answered %s %s without %s: it does not return DNSSEC records; cannot validate",
				server, ns, type, r->msg->has_opt ? "the DO bit" : "EDNS");
	if (r->msg->flags & VAL_F_TC)
		return val_fail(w->vc, VAL_INDETERMINATE, EDE_NETWORK_ERROR, "%s sent a truncated answer for %s %s",
				server, ns, type);
	return VAL_SECURE;
}

static enum val_verdict usable(struct walk *w, const struct val_response *r)
{
	enum val_verdict v = response_ok(w, r);
	if (v != VAL_SECURE) {
		struct val_link *l = val_trace_open(w->vc, VAL_LINK_FETCH, NULL, r->qname, r->qtype, NULL);
		if (l)
			l->server = r->server;
		val_trace_close(w->vc, l, v, NULL, NULL);
	}
	return v;
}

/* The response for (name, type): VAL_SECURE with *out, VAL_UNCHECKED when
 * it must still be fetched, or the upstream's failure. */
static enum val_verdict get(struct walk *w, const uint8_t *name, uint16_t type, const struct val_response **out)
{
	const struct val_response *r = find_response(w, name, type);
	if (!r) {
		need(w, name, type);
		return VAL_UNCHECKED;
	}
	*out = r;
	return usable(w, r);
}

/* A link already verified in this walk is neither paid for nor traced
 * again. */
static enum val_verdict verify_once(struct walk *w, enum val_link_kind kind, const struct val_rrset *set,
				    const uint8_t *zone, const struct val_rrset *keys, struct val_sigok *ok)
{
	const struct memo *m = memo_get(w, set);
	if (m) {
		*ok = m->ok;
		return VAL_SECURE;
	}
	struct val_link *l = val_trace_open(w->vc, kind, zone, set->owner, set->type, set);
	enum val_verdict v = val_rrset_verify(w->vc, set, zone, keys, ok);
	val_trace_close(w->vc, l, v, v == VAL_SECURE ? ok : NULL, NULL);
	if (v == VAL_SECURE) {
		memo_put(w, set, ok, NULL);
		ttl_cap(w, ok->ttl);
	}
	return v;
}

static enum val_verdict keys_once(struct walk *w, const struct val_rrset *keys, const uint8_t *zone,
				  const struct val_rr *const *trust, size_t ntrust, bool from_anchor)
{
	if (keys && memo_get(w, keys))
		return VAL_SECURE;
	struct val_sigok ok;
	struct val_link *l = val_trace_open(w->vc, from_anchor ? VAL_LINK_ANCHOR : VAL_LINK_DNSKEY, zone, zone,
					    VAL_T_DNSKEY, keys);
	enum val_verdict v = val_dnskey_verify(w->vc, keys, zone, trust, ntrust, from_anchor, &ok);
	val_trace_close(w->vc, l, v, v == VAL_SECURE ? &ok : NULL, NULL);
	if (v == VAL_SECURE) {
		memo_put(w, keys, &ok, NULL);
		ttl_cap(w, ok.ttl);
	}
	return v;
}

static enum val_verdict unsigned_delegation(struct val_ctx *vc, const char *child, const char *zone)
{
	return val_fail(vc, VAL_INSECURE, EDE_OTHER,
			"%s is delegated from %s without a DS, proven by a signed denial: an unsigned zone", child, zone);
}

/* Top-down from the trust anchor to the zone that holds name. */
static enum val_verdict zone_of(struct walk *w, const uint8_t *name, struct zone *z)
{
	struct val_ctx *vc = w->vc;
	char ns[VAL_NAME_STR_MAX], zs[VAL_NAME_STR_MAX], cs[VAL_NAME_STR_MAX];
	const struct val_response *r;
	enum val_verdict v;

	*z = (struct zone){ 0 };
	val_name_str(name, ns);
	const uint8_t *zone = anchor_zone(w->pol, name);
	if (!zone)
		return note(w, VAL_LINK_ANCHOR, NULL, name, VAL_T_DNSKEY, NULL,
			    val_fail(vc, VAL_INDETERMINATE, EDE_DNSSEC_INDETERMINATE,
				     "no trust anchor covers %s: check the trust-anchor-file lines of the configuration",
				     ns));
	const uint8_t *nta = nta_for(w->pol, name, zone);
	if (nta) {
		z->name = nta;
		return note(w, VAL_LINK_NTA, nta, name, 0, NULL,
			    val_fail(vc, VAL_INSECURE, EDE_OTHER, "negative trust anchor %s covers %s: not validated",
				     val_name_str(nta, zs), ns));
	}
	val_name_str(zone, zs);

	/* The anchor zone's keys.  A resolver that strips DNSSEC records
	 * shows here first: its DNSKEY set comes without RRSIG. */
	if ((v = get(w, zone, VAL_T_DNSKEY, &r)) != VAL_SECURE)
		return v;
	const struct val_rrset *keys = answer_set(r->msg, zone, VAL_T_DNSKEY);
	if (!keys || keys->nsig == 0)
		return note(w, VAL_LINK_ANCHOR, zone, zone, VAL_T_DNSKEY, keys,
			    val_fail(vc, VAL_INDETERMINATE, keys ? EDE_RRSIGS_MISSING : EDE_DNSKEY_MISSING,
				     "%s returned the DNSKEY set of trust anchor %s %s: it does not pass DNSSEC records; cannot validate",
				     r->server ? r->server : "the resolver", zs, keys ? "without RRSIG" : "empty"));
	const struct val_rr *trust[VAL_DS_PER_ZONE_MAX * 2];
	size_t ntrust = 0;
	for (size_t i = 0; i < w->pol->nanchors && ntrust < sizeof trust / sizeof trust[0]; i++)
		if (val_name_eq(w->pol->anchors[i]->owner, zone))
			trust[ntrust++] = w->pol->anchors[i];
	if ((v = keys_once(w, keys, zone, trust, ntrust, true)) != VAL_SECURE) {
		z->name = zone;
		return v;
	}

	unsigned nl = val_name_labels(name);
	for (unsigned l = val_name_labels(zone) + 1; l <= nl; l++) {
		const uint8_t *child = val_name_suffix(name, l);
		val_name_str(child, cs);
		if (!find_response(w, child, VAL_T_DS)) {
			plan_labels(w, name, l); /* the rest of the way, in one round */
			return VAL_UNCHECKED;
		}
		if ((v = get(w, child, VAL_T_DS, &r)) != VAL_SECURE)
			return v;
		const struct val_rrset *ds = answer_set(r->msg, child, VAL_T_DS);
		if (ds) {
			/* RFC 4035 §5.2: a signed DS makes child a secure cut. */
			struct val_sigok ok;
			if ((v = verify_once(w, VAL_LINK_DS, ds, zone, keys, &ok)) != VAL_SECURE)
				return v;
			const struct val_response *kr;
			if ((v = get(w, child, VAL_T_DNSKEY, &kr)) != VAL_SECURE)
				return v;
			const struct val_rrset *ckeys = answer_set(kr->msg, child, VAL_T_DNSKEY);
			v = keys_once(w, ckeys, child, ds->rrs, ds->nrr, false);
			if (v != VAL_SECURE) {
				z->name = child;
				return v;
			}
			zone = child;
			keys = ckeys;
			val_name_str(zone, zs);
			continue;
		}
		/* A name that owns a CNAME is no zone cut (RFC 1034 §3.6.2). */
		const struct val_rrset *cname = answer_set(r->msg, child, VAL_T_CNAME);
		if (cname) {
			struct val_sigok ok;
			if ((v = verify_once(w, VAL_LINK_ALIAS, cname, zone, keys, &ok)) != VAL_SECURE)
				return v;
			continue;
		}
		const struct memo *m = memo_get(w, r->msg);
		struct val_denial d = { .qname = child, .qtype = VAL_T_DS,
					.want = r->msg->rcode == 3 ? VAL_DENY_NXDOMAIN : VAL_DENY_NODATA };
		if (m) {
			d.delegation = m->delegation;
			d.wildcard = m->wildcard;
		} else {
			struct val_link *dl = val_trace_open(vc, VAL_LINK_DENIAL, zone, child, VAL_T_DS, NULL);
			v = val_denial_check(vc, r->msg, zone, keys, &d);
			if (v == VAL_SECURE)
				memo_put(w, r->msg, NULL, &d);
			if (v == VAL_SECURE && d.delegation)
				v = unsigned_delegation(vc, cs, zs);
			val_trace_close(vc, dl, v, NULL, &d);
			if (v != VAL_SECURE) {
				z->name = child;
				return v;
			}
		}
		if (d.want == VAL_DENY_NXDOMAIN || (m && m->nxdomain)) {
			z->nonexistent = true;
			break;
		}
		/* Covered by a wildcard: child does not exist as a node, so no
		 * cut lies at or below it; its data, if any, is synthesized in
		 * this zone. */
		if (d.wildcard)
			break;
		if (d.delegation) { /* proven earlier in this walk */
			z->name = child;
			return unsigned_delegation(vc, cs, zs);
		}
	}
	z->name = zone;
	z->keys = keys;
	return VAL_SECURE;
}

/* One RRset of the answer, in the zone that holds it. */
static enum val_verdict check_rrset(struct walk *w, enum val_link_kind kind, const struct val_rrset *set,
				    const struct val_msg *msg)
{
	struct zone z;
	/* RFC 7646: a negative trust anchor covers names, whoever signed them. */
	const uint8_t *h = holder(set->owner, set->type);
	const uint8_t *zname = nta_for(w->pol, h, anchor_zone(w->pol, h)) ? h : claimed_zone(set);
	enum val_verdict v = zone_of(w, zname, &z);
	if (v != VAL_SECURE) {
		if (v == VAL_INSECURE)
			ttl_cap(w, set->ttl);
		return v;
	}
	if (z.nonexistent) {
		char os[VAL_NAME_STR_MAX];
		return note(w, kind, z.name, set->owner, set->type, set,
			    val_fail(w->vc, VAL_BOGUS, EDE_DNSSEC_BOGUS,
				     "%s has data although its parent zone proves a name above it does not exist",
				     val_name_str(set->owner, os)));
	}
	struct val_sigok ok;
	if ((v = verify_once(w, kind, set, z.name, z.keys, &ok)) != VAL_SECURE)
		return v;
	ttl_cap(w, set->ttl);
	if (!ok.wildcard)
		return VAL_SECURE;
	/* RFC 4035 §5.3.4: a wildcard answer needs the proof that qname
	 * itself does not exist. */
	struct val_denial d = { .want = VAL_DENY_NO_CLOSER, .qname = set->owner, .labels = ok.labels };
	struct val_link *l = val_trace_open(w->vc, VAL_LINK_DENIAL, z.name, set->owner, set->type, NULL);
	v = val_denial_check(w->vc, msg, z.name, z.keys, &d);
	val_trace_close(w->vc, l, v, NULL, &d);
	return v;
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
	size_t tlen = val_name_len(target);
	if (prefix + tlen > VAL_NAME_MAX)
		return false;
	memcpy(out, name, prefix);
	memcpy(out + prefix, target, tlen);
	return true;
}

/* Does msg carry a denial for its last name: NSEC or NSEC3 records in the
 * authority section (RFC 4035 §3.1.3)? */
static bool has_denial(const struct val_msg *msg)
{
	for (size_t i = 0; i < msg->nsets; i++)
		if (msg->sets[i].section == VAL_SEC_AUTHORITY &&
		    (msg->sets[i].type == VAL_T_NSEC || msg->sets[i].type == VAL_T_NSEC3))
			return true;
	return false;
}

/* Structural pass over the answer: the names a CNAME/DNAME chain will
 * lead to, so that their chains go into the first round too. */
static void plan_answer(struct walk *w, const uint8_t *qname, uint16_t qtype, const struct val_msg *msg)
{
	uint8_t buf[VAL_CNAME_MAX + 1][VAL_NAME_MAX];
	const uint8_t *name = qname;
	for (unsigned step = 0; step <= VAL_CNAME_MAX; step++) {
		const struct val_rrset *set = answer_set(msg, name, qtype);
		if (set) {
			plan_chain(w, claimed_zone(set));
			return;
		}
		const struct val_rrset *dn = dname_above(msg, name), *cn;
		const uint8_t *target;
		if (!dn && !answer_set(msg, name, VAL_T_CNAME)) {
			plan_chain(w, holder(name, qtype)); /* a denial: its zone */
			/* A chain that stops without data or denial: the target
			 * is asked for in the same round as its chain. */
			if (!val_name_eq(msg->qname, name) && msg->rcode == 0 && !has_denial(msg))
				need(w, name, qtype);
		}
		if (dn) {
			plan_chain(w, claimed_zone(dn));
			if (!dname_subst(buf[step], name, dn))
				return;
			name = buf[step];
		} else if ((cn = answer_set(msg, name, VAL_T_CNAME)) && cn->nrr == 1 &&
			   val_rdata_name(cn->rrs[0], &target) == 0) {
			plan_chain(w, claimed_zone(cn));
			name = target;
		} else {
			return;
		}
	}
}

enum val_verdict val_validate(struct val_ctx *vc, const struct val_policy *pol,
			      const uint8_t *qname, uint16_t qtype,
			      const struct val_response *resp, size_t nresp,
			      struct val_answer *ans, struct val_need *needs, size_t *nneeds)
{
	struct walk *w = calloc(1, sizeof *w);
	char ns[VAL_NAME_STR_MAX], ns2[VAL_NAME_STR_MAX];
	enum val_verdict v;

	memset(ans, 0, sizeof *ans);
	*nneeds = 0;
	val_trace_reset(vc); /* only the last call's walk is the lookup's */
	if (!w)
		return val_fail(vc, VAL_INDETERMINATE, EDE_OTHER, "out of memory");
	*w = (struct walk){ .vc = vc, .pol = pol, .resp = resp, .nresp = nresp, .needs = needs,
			    .ttl = UINT32_MAX };
	ans->names[ans->nnames++] = qname;

	/* Plan: the question, then everything its chain can be seen to need. */
	const struct val_response *r0 = find_response(w, qname, qtype);
	if (!r0)
		need(w, qname, qtype);
	if (r0 && r0->msg)
		plan_answer(w, qname, qtype, r0->msg);
	else
		plan_chain(w, holder(qname, qtype));
	if (w->too_many) {
		merge(w, val_fail(vc, VAL_INDETERMINATE, EDE_OTHER,
				  "validating %s needs more than %d upstream queries", val_name_str(qname, ns),
				  VAL_QUERIES_MAX));
		w->nneeds = 0;
		goto verdict;
	}
	if (w->nneeds > 0) {
		v = VAL_UNCHECKED;
		goto done;
	}

	/* Without OpenSSL nothing can be checked, and an algorithm it cannot
	 * give must not read as "unsigned": fail closed. */
	char crypto_why[VAL_WHY_MAX];
	if (!val_crypto_start(crypto_why, sizeof crypto_why)) {
		merge(w, val_fail(vc, VAL_INDETERMINATE, EDE_OTHER, "OpenSSL could not be started: %s",
				  crypto_why));
		goto verdict;
	}

	/* Walk the answer: each link in its own zone. */
	if ((v = usable(w, r0)) != VAL_SECURE) {
		merge(w, v);
		goto verdict;
	}
	const struct val_msg *msg = r0->msg;
	const uint8_t *name = qname;
	uint8_t (*synth)[VAL_NAME_MAX] = ans->synth;
	for (unsigned step = 0;; step++) {
		const struct val_rrset *set = answer_set(msg, name, qtype);
		if (set) {
			merge(w, check_rrset(w, VAL_LINK_ANSWER, set, msg));
			ans->rrset = set;
			break;
		}
		const struct val_rrset *dn = dname_above(msg, name), *cn = answer_set(msg, name, VAL_T_CNAME);
		const uint8_t *target;
		if (dn) {
			/* RFC 6672 §3: the DNAME is the signed data; the CNAME a
			 * resolver synthesizes from it is not signed, only checked. */
			merge(w, check_rrset(w, VAL_LINK_ALIAS, dn, msg));
			if (!dname_subst(synth[step], name, dn)) {
				merge(w, note(w, VAL_LINK_ALIAS, NULL, dn->owner, VAL_T_DNAME, dn,
					      val_fail(vc, VAL_BOGUS, EDE_INVALID_DATA,
						       "the DNAME at %s turns %s into a name longer than 255 octets",
						       val_name_str(dn->owner, ns), val_name_str(name, ns2))));
				break;
			}
			if (cn && (cn->nrr != 1 || val_rdata_name(cn->rrs[0], &target) != 0 ||
				   !val_name_eq(target, synth[step]))) {
				merge(w, note(w, VAL_LINK_ALIAS, NULL, name, VAL_T_CNAME, cn,
					      val_fail(vc, VAL_BOGUS, EDE_DNSSEC_BOGUS,
						       "the CNAME at %s does not follow from the DNAME at %s",
						       val_name_str(name, ns), val_name_str(dn->owner, ns2))));
				break;
			}
			name = synth[step];
		} else if (cn) {
			merge(w, check_rrset(w, VAL_LINK_ALIAS, cn, msg));
			if (cn->nrr != 1 || val_rdata_name(cn->rrs[0], &target) != 0) {
				merge(w, note(w, VAL_LINK_ALIAS, NULL, name, VAL_T_CNAME, cn,
					      val_fail(vc, VAL_BOGUS, EDE_INVALID_DATA, "CNAME RRset at %s has %zu records",
						       val_name_str(name, ns), cn->nrr)));
				break;
			}
			name = target;
		} else if (!val_name_eq(msg->qname, name) && msg->rcode == 0 && !has_denial(msg)) {
			/* The upstream stopped at the CNAME/DNAME: neither data
			 * nor a denial for the target.  Ask for the target
			 * itself (its chain was planned with the answer). */
			need(w, name, qtype);
			break;
		} else {
			/* No data at the end of the chain: the denial must be
			 * proven by the zone that would hold it. */
			struct zone z;
			v = zone_of(w, holder(name, qtype), &z);
			if (v == VAL_SECURE) {
				struct val_denial d = { .qname = name, .qtype = qtype,
							.want = msg->rcode == 3 ? VAL_DENY_NXDOMAIN : VAL_DENY_NODATA };
				struct val_link *l = val_trace_open(vc, VAL_LINK_DENIAL, z.name, name, qtype, NULL);
				v = val_denial_check(vc, msg, z.name, z.keys, &d);
				val_trace_close(vc, l, v, NULL, &d);
			}
			merge(w, v);
			ans->rcode = msg->rcode;
			for (size_t i = 0; i < msg->nsets; i++)
				if (msg->sets[i].section == VAL_SEC_AUTHORITY && msg->sets[i].type == VAL_T_SOA)
					ttl_cap(w, msg->sets[i].ttl);
			break;
		}
		if (w->acc != VAL_UNCHECKED && w->acc < VAL_INSECURE)
			break; /* a broken link: its target cannot be trusted */
		/* The step limit, checked before the target takes its slot. */
		if (ans->nnames == VAL_CNAME_MAX + 1) {
			merge(w, note(w, VAL_LINK_ALIAS, NULL, name, VAL_T_CNAME, NULL,
				      val_fail(vc, VAL_BOGUS, EDE_INVALID_DATA,
					       "the CNAME/DNAME chain from %s is longer than %d steps (a loop?)",
					       val_name_str(qname, ns), VAL_CNAME_MAX)));
			break;
		}
		ans->names[ans->nnames++] = name;
		/* A separate answer for the target, if the stub fetched one. */
		const struct val_response *rt = find_response(w, name, qtype);
		if (rt) {
			if ((v = usable(w, rt)) != VAL_SECURE) {
				merge(w, v);
				break;
			}
			msg = rt->msg;
		}
	}

verdict:
	if (w->nneeds > 0) {
		/* Something the plan could not foresee (a cut's keys, a CNAME
		 * target's chain): fetch it, then come back. */
		v = w->too_many ? val_fail(vc, VAL_INDETERMINATE, EDE_OTHER,
					   "validating %s needs more than %d upstream queries",
					   val_name_str(qname, ns), VAL_QUERIES_MAX)
				: VAL_UNCHECKED;
		if (v == VAL_UNCHECKED)
			goto done;
		merge(w, v);
	}
	v = w->acc;
	if (v == VAL_INSECURE) {
		for (size_t i = 0; i < ans->nnames; i++) {
			const uint8_t *req = required_for(pol, ans->names[i]);
			if (!req)
				continue;
			char rs[VAL_NAME_STR_MAX];
			snprintf(w->why + strlen(w->why), sizeof w->why - strlen(w->why),
				 "; but require-secure %s covers %s", val_name_str(req, rs),
				 val_name_str(ans->names[i], ns));
			v = VAL_BOGUS;
			break;
		}
	}
	ans->ede = v == VAL_SECURE ? 0 : w->ede;
	snprintf(ans->why, sizeof ans->why, "%s", v == VAL_SECURE ? "" : w->why);
	ans->ttl = w->ttl == UINT32_MAX ? 0 : w->ttl;
done:
	*nneeds = w->nneeds;
	ans->verdict = v;
	free(w);
	return v;
}
