/* stub/stub_lookup.c: one lookup.  The validator says what it needs, the
 * transport asks for all of it at once, and the loop ends with a verdict:
 * the first round carries the question(s) and the whole foreseeable chain,
 * so a lookup through a resolver that has the chain cached takes one round
 * trip (DESIGN.md, "The fast path").  Every exit is a verdict; anything
 * short of a validated result is indeterminate with a reason. */
#include <ares.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "stub.h"
#include "stub_conf_int.h"
#include "stub_int.h"

#ifndef NSS_DNSSEC_BUILD_EPOCH
#define NSS_DNSSEC_BUILD_EPOCH 0ULL
#endif

/* Every answer not yet decided is indeterminate, for the reason `code`
 * (its EDE and sentence from the validator's table) with the facts f and
 * the upstream. */
static void fail_all(struct stub_lookup *lk, enum val_code code, struct val_facts f)
{
	struct val_reason r;
	f.server = lk->servers;
	val_reason_set(&r, code, &f);
	for (size_t t = 0; t < lk->ntypes; t++) {
		if (lk->ans[t].verdict != VAL_UNCHECKED)
			continue;
		lk->ans[t].verdict = VAL_INDETERMINATE;
		lk->ans[t].reason = r;
	}
}

/* Puts q's outcome into response slot i; takes q->answer.  cause: why a
 * query without an answer got none, when the transport knows (a static
 * string: the responses outlive the lookup, for the tool's trace). */
static void set_response(struct stub_lookup *lk, size_t i, struct stub_query *q, bool from_cache, const char *cause)
{
	memcpy(lk->qnames[i], q->name, val_name_len(q->name));
	lk->resp[i] = (struct val_response){ .qname = lk->qnames[i], .qtype = q->type, .server = lk->servers };
	lk->wire[i] = q->answer;
	lk->wirelen[i] = q->alen;
	lk->from_cache[i] = from_cache;
	lk->qstatus[i] = q->status;	/* resolver_unable: which went unanswered */
	q->answer = NULL;
	if (q->status != ARES_SUCCESS) {
		lk->resp[i].failure = cause ? cause
				    : q->status == ARES_ETIMEOUT ? "no answer before the deadline (timed out)"
				    : q->status == ARES_ECANCELLED ? "not needed for the verdict (cancelled)"
								 : ares_strerror(q->status);
		return;
	}
	const char *err = NULL;
	int rc = val_msg_parse(lk->wire[i], lk->wirelen[i], &lk->msgs[i], &err);
	if (rc != 0) {
		/* Not the upstream's fault, and not to be read as such. */
		lk->resp[i].failure = rc == -ENOMEM ? "out of memory while parsing the answer"
			: err ? err : "malformed answer";
		return;
	}
	/* c-ares matched the ID and question; check again, it costs nothing. */
	if (!lk->msgs[i]->qname || !val_name_eq(lk->msgs[i]->qname, q->name) || lk->msgs[i]->qtype != q->type) {
		val_msg_free(lk->msgs[i]);
		lk->msgs[i] = NULL;
		lk->resp[i].failure = "an answer to another question";
		return;
	}
	lk->resp[i].msg = lk->msgs[i];
}

/* Adds q's outcome as the next response (see set_response). */
static void add_response(struct stub_lookup *lk, struct stub_query *q, bool from_cache, const char *cause)
{
	set_response(lk, lk->nresp++, q, from_cache, cause);
}

/* The process cache holds DS and DNSKEY responses only: they are what
 * every name of a zone shares.  Key: kind, type, lower-cased name. */
static bool cacheable_type(uint16_t type)
{
	return type == VAL_T_DS || type == VAL_T_DNSKEY;
}

static size_t response_key(uint8_t key[3 + VAL_NAME_MAX], const uint8_t *name, uint16_t type)
{
	key[0] = STUB_KEY_RESPONSE;
	key[1] = (uint8_t)(type >> 8);
	key[2] = (uint8_t)type;
	return 3 + val_name_lower(key + 3, name);
}

/* How long a response may be reused: its smallest TTL, each RRSIG's
 * original TTL and remaining validity, a SOA's negative TTL (RFC 2308
 * §5).  0 for anything that is not a plain answer or denial. */
static uint32_t response_ttl(const struct val_msg *m, uint64_t now)
{
	if ((m->rcode != 0 && m->rcode != 3) || (m->flags & VAL_F_TC) || m->nanswer + m->nauthority == 0)
		return 0;
	uint64_t ttl = STUB_CACHE_TTL_MAX;
	for (size_t i = 0; i < m->nanswer + m->nauthority; i++) {
		const struct val_rr *rr = &m->rrs[i];
		if (rr->ttl < ttl)
			ttl = rr->ttl;
		struct val_rrsig sig;
		struct val_soa soa;
		if (rr->type == VAL_T_RRSIG && val_rdata_rrsig(rr, &sig) == 0) {
			ttl = val_ttl_cap((uint32_t)ttl, &sig, now);
			if (ttl == 0)
				return 0;
		} else if (rr->type == VAL_T_SOA && val_rdata_soa(rr, &soa) == 0 && soa.minimum < ttl) {
			ttl = soa.minimum;
		}
	}
	return (uint32_t)ttl;
}

/* Answers the cacheable queries of q[0..*nq) from the cache, removing them
 * from q; the others stay, in order. */
static void from_cache(struct stub_lookup *lk, struct stub_query *q, size_t *nq)
{
	size_t keep = 0;
	for (size_t i = 0; i < *nq; i++) {
		uint8_t key[3 + VAL_NAME_MAX];
		size_t klen = response_key(key, q[i].name, q[i].type);
		if (cacheable_type(q[i].type) &&
		    stub_cache_get(key, klen, &q[i].answer, &q[i].alen) == 0) {
			q[i].status = ARES_SUCCESS;
			add_response(lk, &q[i], true, NULL);
			lk->cache_hits++;
			continue;
		}
		q[keep++] = q[i];
	}
	*nq = keep;
}

/* After the verdicts: keep what a validated chain was built from; forget
 * cached responses that took part in a failure. */
static void update_cache(struct stub_lookup *lk, uint64_t now)
{
	bool good = true;
	for (size_t t = 0; t < lk->ntypes; t++)
		good = good && (lk->ans[t].verdict == VAL_SECURE || lk->ans[t].verdict == VAL_INSECURE);
	for (size_t i = 0; i < lk->nresp; i++) {
		if (!cacheable_type(lk->resp[i].qtype) || !lk->wire[i])
			continue;
		uint8_t key[3 + VAL_NAME_MAX];
		size_t klen = response_key(key, lk->resp[i].qname, lk->resp[i].qtype);
		if (!good && lk->from_cache[i])
			stub_cache_drop(key, klen);
		else if (good && !lk->from_cache[i] && lk->resp[i].msg)
			stub_cache_put(key, klen, lk->wire[i], lk->wirelen[i], response_ttl(lk->resp[i].msg, now));
	}
}

/* While the first round is on the wire: load and start OpenSSL (about 2 ms
 * of CPU the first time in a process, nothing after).  A failure is
 * reported by val_validate(), which tries again.
 *
 * The yield first: sending the queries woke whatever reads them, and on
 * this host that may be a local forwarder (systemd-resolved, dnsmasq, the
 * benchmark's delay forwarder) that the scheduler put on our CPU.  Without
 * the yield it waited for our 2 ms of OpenSSL before passing the queries
 * on, and every answer came back 2 ms late (a packet capture of 3 lookups
 * in 5 showed it; bench/results.md).  With it, the forwarder runs first and
 * the start-up overlaps the round trip as intended. */
static void start_crypto(void)
{
	if (val_crypto_started())
		return;
	sched_yield();
	(void)val_crypto_start(NULL, 0);
}

/* A round in flight: its queries q[i] take response slots first + i, each
 * filled as soon as it is answered, so that the validator can be asked
 * whether the answers at hand already decide (DESIGN.md, "Field
 * conditions": a verdict never waits on a query it does not need). */
struct round {
	struct stub_lookup *lk;
	const struct val_policy *pol;
	const uint8_t *qname;
	size_t first;
	/* q[0..nval) are the validator's; a DNS64 discovery query may
	 * follow (not a response for the validator, and waited for: the
	 * resolver answers it, and a round that ended without it would leave
	 * the prefix unlearnt for STUB_DNS64_RETRY_S). */
	size_t nval;
	bool filled[VAL_QUERIES_MAX];
	/* NSEC3 hashing a check that decided nothing threw away, left for
	 * this lookup (signatures need no such pool: the lookup's memo
	 * remembers every result, so each is paid for once however often
	 * the chain is walked). */
	unsigned hash_left;
};

/* stub_net_round's enough(): validates the answers so far.  A type
 * decided keeps its verdict; a check that decides nothing gives back the
 * NSEC3 hashes it spent (they are not remembered) from the pool above, so
 * that a repeated check cannot exhaust the lookup's hash budget, and a
 * hostile upstream gets at most twice the hashing of the limit. */
static bool round_enough(void *arg, struct stub_query *q, size_t nq)
{
	struct round *r = arg;
	struct stub_lookup *lk = r->lk;
	struct val_response view[VAL_QUERIES_MAX];
	size_t nview = r->first;
	memcpy(view, lk->resp, r->first * sizeof view[0]);
	for (size_t i = 0; i < r->nval && i < nq; i++) {
		/* A query that failed waits for the end of the round, which
		 * knows why (the system call that failed, for its reason);
		 * until then the validator sees it as still out. */
		if (q[i].status != ARES_SUCCESS)
			continue;
		if (!r->filled[i]) {
			set_response(lk, r->first + i, &q[i], false, NULL);
			r->filled[i] = true;
		}
		view[nview++] = lk->resp[r->first + i];
	}
	bool all = true;
	for (size_t t = 0; t < lk->ntypes; t++) {
		if (lk->ans[t].verdict != VAL_UNCHECKED)
			continue;
		struct val_ctx *vc = &lk->vc[t];
		unsigned hash0 = vc->hash_budget;
		if (r->hash_left < hash0)
			vc->hash_budget = r->hash_left;
		unsigned lent = vc->hash_budget;
		struct val_need needs[VAL_QUERIES_MAX];
		size_t nneeds;
		enum val_verdict v = val_validate(vc, r->pol, r->qname, lk->types[t], view, nview, &lk->ans[t],
						  needs, &nneeds);
		unsigned spent = lent - vc->hash_budget;
		/* A verdict reached with the pool spent might be the pool's
		 * (too many hashes), not the data's: then the round goes on. */
		if (v != VAL_UNCHECKED && vc->hash_budget > 0) {
			vc->hash_budget = hash0 - spent;
			r->hash_left = r->hash_left > spent ? r->hash_left - spent : 0;
			continue;
		}
		vc->hash_budget = hash0;
		r->hash_left = r->hash_left > spent ? r->hash_left - spent : 0;
		memset(&lk->ans[t], 0, sizeof lk->ans[t]);
		all = false;
	}
	for (size_t i = r->nval; i < nq; i++)
		all = all && q[i].status != -1;
	return all;
}

/* Resets lk (zeroed by the caller) for a pass over (types, ntypes). */
static void lookup_reset(struct stub_lookup *lk, const uint16_t *types, size_t ntypes, uint64_t now,
			 bool no_window)
{
	lk->ntypes = ntypes > 2 ? 2 : ntypes;
	for (size_t t = 0; t < lk->ntypes; t++) {
		lk->types[t] = types[t];
		val_ctx_init(&lk->vc[t], now);
		lk->vc[t].memo = &lk->memo;
		lk->vc[t].no_time_window = no_window;
	}
}

static bool under_nta(const struct stub_config *c, const uint8_t *name)
{
	for (size_t i = 0; i < c->nntas; i++)
		if (val_name_is_subdomain(name, c->ntas[i]))
			return true;
	return false;
}

/* The resolver's server list as stub_net_servers shows it: the key of
 * the process memory of an unable resolver. */
static void config_servers(const struct stub_config *c, char *buf, size_t cap)
{
	size_t off = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < c->nservers && off < cap; i++)
		off += (size_t)snprintf(buf + off, cap - off, "%s%s", i ? ", " : "", c->servers[i].str);
}

static bool dnssec_type(uint16_t type)
{
	return type == VAL_T_DS || type == VAL_T_DNSKEY;
}

/* Whether the failed lookup lk shows that the resolver cannot serve the
 * DNSSEC data (issue 16: then the authoritative servers are asked): a
 * phrase saying how, or NULL.  Decided from what is absent in the
 * responses, never from the verdict's EDE alone: EDE 9 is both "DNSKEY
 * missing" (the resolver dropped it) and "the DS matches no key" (the
 * zone's fault, present and failing).  A failure the data itself causes
 * (a bad or expired signature, a DS that matches no key, an unsupported
 * algorithm) never falls back: the EDE of every failed type must be one
 * of absence (5, 9, 10, 12) or of the network (22, 23, other). */
static const char *resolver_unable(const struct stub_lookup *lk)
{
	bool failed = false;
	for (size_t t = 0; t < lk->ntypes; t++) {
		const struct val_answer *a = &lk->ans[t];
		if (a->verdict != VAL_BOGUS && a->verdict != VAL_INDETERMINATE)
			continue;
		failed = true;
		switch (a->reason.ede) {
		case EDE_OTHER: case EDE_DNSSEC_INDETERMINATE: case EDE_DNSKEY_MISSING: case EDE_RRSIGS_MISSING:
		case EDE_NSEC_MISSING: case EDE_NO_REACHABLE_AUTHORITY: case EDE_NETWORK_ERROR:
			break;
		default:
			return NULL;
		}
	}
	if (!failed)
		return NULL;
	bool other_answered = false;
	for (size_t i = 0; i < lk->nresp; i++) {
		const struct val_msg *m = lk->resp[i].msg;
		other_answered |= m && !dnssec_type(lk->resp[i].qtype) && (m->rcode == 0 || m->rcode == 3);
	}
	for (size_t i = 0; i < lk->nresp; i++) {
		const struct val_msg *m = lk->resp[i].msg;
		uint16_t qt = lk->resp[i].qtype;
		if (!m) {
			/* Cancelled queries were not needed; a failed parse is
			 * ours to report, not the resolver's inability. */
			if (dnssec_type(qt) && other_answered && lk->qstatus[i] != ARES_SUCCESS &&
			    lk->qstatus[i] != ARES_ECANCELLED)
				return "does not answer DS and DNSKEY queries";
			continue;
		}
		if (!m->has_opt || !m->opt_do)
			return "answers without EDNS or with the DO bit cleared";
		if (m->rcode != 0 && m->rcode != 3) {
			if (dnssec_type(qt) && other_answered)
				return "fails DS and DNSKEY queries";
			continue;
		}
		size_t sigs = 0, proofs = 0;
		for (size_t k = 0; k < m->nanswer + m->nauthority; k++) {
			uint16_t ty = m->rrs[k].type;
			sigs += ty == VAL_T_RRSIG;
			proofs += ty == VAL_T_NSEC || ty == VAL_T_NSEC3;
		}
		if (m->nanswer + m->nauthority > 0 && sigs == 0)
			return "strips RRSIG records";
		if (m->nanswer == 0 && proofs == 0)
			return "omits the NSEC/NSEC3 proofs of its denials";
	}
	return NULL;
}

/* Opens the transport of one pass: the resolver's channel (*net) or the
 * authoritative walk (*it), and names it in lk->servers.  false, with
 * every answer failed, when it cannot. */
static bool open_transport(const struct stub_config *c, bool use_cache, bool authoritative,
			   struct stub_lookup *lk, struct stub_net **net, struct stub_iter **it)
{
	if (authoritative) {
		*it = stub_iter_new(c, use_cache);
		if (!*it) {
			fail_all(lk, VAL_R_FALLBACK_SETUP, (struct val_facts){ .err = errno });
			return false;
		}
		snprintf(lk->servers, sizeof lk->servers, "the authoritative servers (from the root hints %.180s)",
			 c->root_hints[0] ? c->root_hints : STUB_HINTS_DEFAULT);
		return true;
	}
	*net = stub_net_new(c);
	if (!*net) {
		fail_all(lk, VAL_R_TRANSPORT, (struct val_facts){ .err = errno });
		return false;
	}
	snprintf(lk->servers, sizeof lk->servers, "%s", stub_net_servers(*net));
	return true;
}

/* What every unfinished type still needs, without duplicates, into
 * q[0..return).  *too_many when it would take the lookup past
 * VAL_QUERIES_MAX responses. */
static size_t collect_needs(struct stub_lookup *lk, const struct val_policy *pol, const uint8_t *qname,
			    struct stub_query *q, bool *too_many)
{
	size_t nq = 0;
	*too_many = false;
	for (size_t t = 0; t < lk->ntypes; t++) {
		if (lk->ans[t].verdict != VAL_UNCHECKED)
			continue;
		struct val_need needs[VAL_QUERIES_MAX];
		size_t nneeds;
		enum val_verdict v = val_validate(&lk->vc[t], pol, qname, lk->types[t], lk->resp, lk->nresp,
						  &lk->ans[t], needs, &nneeds);
		if (v != VAL_UNCHECKED)
			continue;
		for (size_t i = 0; i < nneeds; i++) {
			bool dup = false;
			for (size_t j = 0; j < nq && !dup; j++)
				dup = q[j].type == needs[i].type && val_name_eq(q[j].name, needs[i].name);
			if (dup)
				continue;
			if (lk->nresp + nq == VAL_QUERIES_MAX) {
				*too_many = true;
				return nq;
			}
			memcpy(q[nq].name, needs[i].name, val_name_len(needs[i].name));
			q[nq++].type = needs[i].type;
		}
	}
	return nq;
}

/* Whether another round may go out: not past the query limit, the round
 * limit or the deadline.  When not, every undecided answer says which. */
static bool round_allowed(const struct stub_config *c, struct stub_lookup *lk, bool too_many, unsigned vrounds,
			  uint64_t deadline)
{
	if (too_many) {
		fail_all(lk, VAL_R_QUERY_LIMIT, (struct val_facts){ 0 });
		return false;
	}
	if (vrounds == STUB_ROUNDS_MAX) {
		fail_all(lk, VAL_R_ROUNDS_LIMIT, (struct val_facts){ .limit = STUB_ROUNDS_MAX });
		return false;
	}
	if (stub_now_ms() >= deadline) {
		fail_all(lk, VAL_R_DEADLINE, (struct val_facts){ .limit = c->timeout_s });
		return false;
	}
	return true;
}

/* The first round that goes out carries ipv4only.arpa. AAAA too, without
 * CD and DO (RFC 7050, RFC 6147 §5.5), when asked for and there is room;
 * it is not a response for the validator.  Appends it to q[0..*nq). */
static void add_dns64_query(struct stub_lookup *lk, const struct stub_net *net, struct stub_query *q, size_t *nq)
{
	if (!net || !lk->dns64_ask || lk->dns64_asked || *nq >= VAL_QUERIES_MAX)
		return;
	memset(&q[*nq], 0, sizeof q[*nq]);
	memcpy(q[*nq].name, "\10ipv4only\4arpa", 15);
	q[*nq].type = VAL_T_AAAA;
	q[*nq].flags = VAL_Q_RD;
	(*nq)++;
	lk->dns64_asked = true;
}

/* Learns the DNS64 prefixes from the discovery query d's answer. */
static void take_dns64(struct stub_lookup *lk, struct stub_query *d)
{
	const char *err = NULL;
	lk->dns64_n = d->status != ARES_SUCCESS
			      ? -ETIMEDOUT
			      : stub_dns64_from_response(d->answer, d->alen, lk->dns64, STUB_DNS64_PREFIXES_MAX, &err);
	free(d->answer);
	d->answer = NULL;
}

/* Sends q[0..nq) over the transport (one of net, it) and counts what it
 * took; returns what the transport returns. */
static int send_round(struct stub_lookup *lk, struct stub_net *net, struct stub_iter *it, struct stub_query *q,
		      size_t nq, uint64_t deadline, bool first, struct round *rd)
{
	int rc;
	if (it) {
		/* The walk is many round trips: each burst counts as one. */
		unsigned q0 = stub_iter_queries(it), w0 = stub_iter_waves(it);
		if (first)
			start_crypto();
		rc = stub_iter_round(it, q, nq, deadline);
		lk->rounds += stub_iter_waves(it) - w0;
		lk->queries += stub_iter_queries(it) - q0;
	} else {
		rc = stub_net_round(net, q, nq, deadline, first ? start_crypto : NULL, round_enough, rd);
		lk->rounds++;
		lk->queries += (unsigned)nq;
	}
	return rc;
}

/* Puts the round's outcomes not yet filled into their response slots.  A
 * system call that failed (poll, getrandom, socket, sendmsg, ...; rc < 0)
 * is why the queries left without an answer got none: the validator names
 * it with the query ("... gave no answer for www.example. A: Too many open
 * files"), and decides whether the lookup still stands without them. */
static void finish_round(struct stub_lookup *lk, const struct round *rd, struct stub_query *q, size_t nq, int rc)
{
	const char *cause = NULL;
	if (rc < 0 && !(cause = strerrordesc_np(-rc)))
		cause = "system error";
	for (size_t i = 0; i < nq; i++) {
		if (!rd->filled[i])
			set_response(lk, rd->first + i, &q[i], false, q[i].status == ARES_ECANCELLED ? NULL : cause);
		lk->cancelled += q[i].status == ARES_ECANCELLED;
		free(q[i].answer);
		q[i].answer = NULL;
	}
	lk->nresp = rd->first + nq;
}

/* One pass of the lookup: through the resolver, or (authoritative) by
 * walking from the root hints (stub_iter.c).  Fills lk's verdicts. */
static int run_pass(const struct stub_config *c, const struct val_policy *pol0, const uint8_t *qname, uint64_t now,
	       bool use_cache, bool authoritative, uint64_t deadline, struct stub_lookup *lk)
{
	const struct val_policy pol = *pol0;
	struct stub_net *net = NULL;
	struct stub_iter *it = NULL;
	if (!open_transport(c, use_cache, authoritative, lk, &net, &it))
		return 0;

	/* What checks within a round may throw away, per lookup (struct round). */
	unsigned early_hash = VAL_NSEC3_HASH_BUDGET;
	struct stub_query *q = calloc(VAL_QUERIES_MAX, sizeof *q);
	unsigned vrounds = 0;	/* the validator's rounds (STUB_ROUNDS_MAX) */
	if (!q) {
		stub_net_free(net);
		stub_iter_free(it);
		fail_all(lk, VAL_R_NOMEM, (struct val_facts){ 0 });
		return -ENOMEM;
	}
	for (;;) {
		size_t nresp_before = lk->nresp;
		bool too_many;
		size_t nq = collect_needs(lk, &pol, qname, q, &too_many);
		/* Each pass adds at least one response or ends, so the loop is
		 * bounded by VAL_QUERIES_MAX even when the cache answers. */
		if (use_cache)
			from_cache(lk, q, &nq);
		if (nq == 0 && !too_many && lk->nresp > nresp_before)
			continue;
		if (nq == 0 && !too_many)
			break;
		if (!round_allowed(c, lk, too_many, vrounds, deadline))
			break;
		size_t n64 = nq;
		add_dns64_query(lk, net, q, &nq);
		struct round *rd = calloc(1, sizeof *rd);
		if (!rd) {
			fail_all(lk, VAL_R_NOMEM, (struct val_facts){ 0 });
			break;
		}
		*rd = (struct round){ .lk = lk, .pol = &pol, .qname = qname, .first = lk->nresp,
				      .hash_left = early_hash, .nval = n64 };
		for (size_t i = 0; i < nq; i++)
			q[i].why = NULL;
		int rc = send_round(lk, net, it, q, nq, deadline, vrounds == 0, rd);
		early_hash = rd->hash_left;
		vrounds++;
		if (n64 < nq) {
			take_dns64(lk, &q[n64]);
			nq = n64;
		}
		finish_round(lk, rd, q, nq, rc);
		free(rd);
	}
	/* The channel first: nothing of it may outlive what its callbacks
	 * write into (stub_net_round leaves nothing pending, and this order
	 * keeps it so should that change). */
	stub_net_free(net);
	if (it) {
		lk->iter_unreachable = stub_iter_unreachable(it);
		lk->iter_limit = stub_iter_limit(it);
	}
	stub_iter_free(it);
	free(q);
	if (use_cache)
		update_cache(lk, now);
	for (size_t t = 0; t < lk->ntypes; t++)
		lk->time_unchecked = lk->time_unchecked || lk->vc[t].time_window_skipped;
	return 0;
}

/* DESIGN.md: a clock before the build means it was never set (no RTC at
 * boot); every signature would look "not yet valid" or worse.  A time
 * server's name is what the host needs to recover from that.  true, with
 * every answer failed, when the clock is not set. */
static bool clock_unset(struct stub_lookup *lk, uint64_t now)
{
	if (now >= NSS_DNSSEC_BUILD_EPOCH)
		return false;
	fail_all(lk, VAL_R_CLOCK_UNSET, (struct val_facts){ .clock = now });
	return true;
}

/* Every answer fails: the resolver is unable (why: a phrase), and the
 * authoritative servers were found unreachable a short while ago. */
static void fail_outside_down(struct stub_lookup *lk, const char *resolver, const char *unable)
{
	snprintf(lk->servers, sizeof lk->servers, "%s", resolver);
	fail_all(lk, VAL_R_AUTH_UNREACHABLE,
		 (struct val_facts){ .detail = unable, .limit = STUB_OUTSIDE_DOWN_REMEMBER_S });
}

/* The fallback's retry: the resolver's pass in lk is thrown away, save
 * what it cost and what it learnt of DNS64, and the lookup runs again
 * against the authoritative servers (unless they are known down). */
static int fall_back(const struct stub_config *c, const struct val_policy *pol, const uint8_t *qname,
		     const uint16_t *types, size_t ntypes, uint64_t now, bool no_window, bool use_cache,
		     uint64_t deadline, const char *resolver, const char *unable, struct stub_lookup *lk)
{
	int rc = 0;
	stub_fallback_note_unable(resolver);
	unsigned q0 = lk->queries, r0 = lk->rounds, c0 = lk->cancelled;
	bool ask64 = lk->dns64_ask, asked64 = lk->dns64_asked;
	int n64 = lk->dns64_n;
	struct stub_dns64_prefix p64[STUB_DNS64_PREFIXES_MAX];
	memcpy(p64, lk->dns64, sizeof p64);
	stub_lookup_free(lk);
	memset(lk, 0, sizeof *lk);
	lk->dns64_ask = ask64;
	lk->dns64_asked = asked64;
	lk->dns64_n = n64;
	memcpy(lk->dns64, p64, sizeof p64);
	lookup_reset(lk, types, ntypes, now, no_window);
	if (stub_fallback_outside_down())
		fail_outside_down(lk, resolver, unable);
	else
		rc = run_pass(c, pol, qname, now, use_cache, true, deadline, lk);
	lk->queries += q0;
	lk->rounds += r0;
	lk->cancelled += c0;
	return rc;
}

/* The reasons of an authoritative pass's indeterminate answers say what
 * stopped it: a named limit of the walk (stub_limits.h), and, when the
 * fallback reached nothing either, the resolver's failure too. */
static void rewrite_auth_reasons(struct stub_lookup *lk, const char *resolver, const char *unable)
{
	for (size_t t = 0; lk->iter_limit && t < lk->ntypes; t++) {
		struct val_answer *a = &lk->ans[t];
		if (a->verdict != VAL_INDETERMINATE)
			continue;
		val_reason_walk_limit(&a->reason, lk->iter_limit);
	}
	/* When nothing works, the reason says both. */
	if (!lk->fell_back || !lk->iter_unreachable)
		return;
	for (size_t t = 0; t < lk->ntypes; t++) {
		struct val_answer *a = &lk->ans[t];
		if (a->verdict != VAL_INDETERMINATE)
			continue;
		val_reason_auth_unreachable(&a->reason, resolver, unable);
	}
}

int stub_lookup(const struct stub_config *c, const uint8_t *qname, const uint16_t *types, size_t ntypes,
		uint64_t now, unsigned flags, struct stub_lookup *lk)
{
	bool explicit_time = flags & STUB_LOOKUP_EXPLICIT_TIME;
	bool no_window = flags & STUB_LOOKUP_NO_TIME_WINDOW;
	bool ask64 = lk->dns64_ask;
	memset(lk, 0, sizeof *lk);
	lk->dns64_ask = ask64;
	lookup_reset(lk, types, ntypes, now, no_window);
	if (c->error[0]) {
		fail_all(lk, VAL_R_CONFIG_ERROR, (struct val_facts){ .detail = c->error });
		return 0;
	}
	if (!explicit_time && !no_window && clock_unset(lk, now))
		return 0;
	const void *arr[STUB_ANCHORS_MAX + STUB_NTAS_MAX + STUB_REQUIRE_MAX];
	struct val_policy pol;
	stub_config_policy(c, &pol, arr);

	/* A lookup at a time the user chose (--at) neither reads nor fills
	 * the cache, whose lifetimes are counted from the real clock; nor
	 * does one without the time window (what it accepted is no good to
	 * the other lookups). */
	bool use_cache = !explicit_time && !no_window;
	bool authoritative = flags & STUB_LOOKUP_AUTHORITATIVE;
	/* DESIGN.md, "Field conditions": names under a negative trust anchor
	 * and the search list's local suffixes never leave the resolver. */
	bool may_fall_back = c->auth_fallback && c->nhints > 0 && !(flags & STUB_LOOKUP_NO_FALLBACK) &&
			     !under_nta(c, qname);
	char resolver[256];
	config_servers(c, resolver, sizeof resolver);
	/* One deadline for the whole lookup, the fallback included. */
	uint64_t deadline = stub_now_ms() + (uint64_t)c->timeout_s * 1000;
	const char *unable = NULL;
	if (!authoritative && may_fall_back && stub_fallback_known_unable(resolver)) {
		authoritative = true;
		unable = "was found unable to serve DNSSEC data a short while ago";
	}
	if (authoritative && unable && stub_fallback_outside_down()) {
		fail_outside_down(lk, resolver, unable);
		lk->unable = unable;
		return 0;
	}
	/* A resolver that drops DS and DNSKEY queries would otherwise hold
	 * the whole deadline and leave the walk none: when the fallback may
	 * follow, the resolver pass ends STUB_FALLBACK_RESERVE_MS early (at
	 * most half of the deadline). */
	uint64_t resolver_deadline = deadline;
	if (!authoritative && may_fall_back) {
		uint64_t total = (uint64_t)c->timeout_s * 1000;
		resolver_deadline -= total / 2 < STUB_FALLBACK_RESERVE_MS ? total / 2 : STUB_FALLBACK_RESERVE_MS;
	}
	int rc = run_pass(c, &pol, qname, now, use_cache, authoritative, authoritative ? deadline : resolver_deadline, lk);
	if (rc == 0 && !authoritative && may_fall_back && (unable = resolver_unable(lk)) != NULL) {
		rc = fall_back(c, &pol, qname, types, ntypes, now, no_window, use_cache, deadline, resolver, unable,
			       lk);
		authoritative = true;
	}
	lk->unable = unable;
	lk->fell_back = authoritative && unable;
	if (authoritative && lk->iter_unreachable)
		stub_fallback_note_outside_down();
	if (authoritative)
		rewrite_auth_reasons(lk, resolver, unable);
	return rc;
}

void stub_lookup_free(struct stub_lookup *lk)
{
	for (size_t i = 0; i < lk->nresp; i++) {
		val_msg_free(lk->msgs[i]);
		free(lk->wire[i]);
		lk->msgs[i] = NULL;
		lk->wire[i] = NULL;
	}
	lk->nresp = 0;
}
