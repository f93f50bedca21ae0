/* stub/stub_lookup.c: one lookup.  The validator says what it needs, the
 * transport asks for all of it at once, and the loop ends with a verdict:
 * the first round carries the question(s) and the whole foreseeable chain,
 * so a lookup through a resolver that has the chain cached takes one round
 * trip (DESIGN.md, "The fast path").  Every exit is a verdict; anything
 * short of a validated result is indeterminate with a reason. */
#include <ares.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "stub.h"

#ifndef NSS_DNSSEC_BUILD_EPOCH
#define NSS_DNSSEC_BUILD_EPOCH 0ULL
#endif

static void __attribute__((format(printf, 3, 4)))
fail_all(struct stub_lookup *lk, uint16_t ede, const char *fmt, ...)
{
	char why[VAL_WHY_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	for (size_t t = 0; t < lk->ntypes; t++) {
		if (lk->ans[t].verdict != VAL_UNCHECKED)
			continue;
		lk->ans[t].verdict = VAL_INDETERMINATE;
		lk->ans[t].ede = ede;
		snprintf(lk->ans[t].why, sizeof lk->ans[t].why, "%s", why);
	}
}

static void add_response(struct stub_lookup *lk, const struct stub_query *q)
{
	size_t i = lk->nresp++;
	memcpy(lk->qnames[i], q->name, val_name_len(q->name));
	lk->resp[i] = (struct val_response){ .qname = lk->qnames[i], .qtype = q->type, .server = lk->servers };
	if (q->status != ARES_SUCCESS) {
		lk->resp[i].failure = q->status == ARES_ETIMEOUT ? "no answer before the deadline (timed out)"
								  : ares_strerror(q->status);
		return;
	}
	const char *err = NULL;
	if (val_msg_parse(q->answer, q->alen, &lk->msgs[i], &err) != 0) {
		lk->resp[i].failure = err ? err : "malformed answer";
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

int stub_lookup(const struct stub_config *c, const uint8_t *qname, const uint16_t *types, size_t ntypes,
		uint64_t now, bool explicit_time, struct stub_lookup *lk)
{
	memset(lk, 0, sizeof *lk);
	lk->ntypes = ntypes > 2 ? 2 : ntypes;
	for (size_t t = 0; t < lk->ntypes; t++) {
		lk->types[t] = types[t];
		val_ctx_init(&lk->vc[t], now);
	}
	if (c->error[0]) {
		fail_all(lk, EDE_OTHER, "configuration error, not resolving: %s", c->error);
		return 0;
	}
	/* DESIGN.md: a clock before the build means it was never set (no RTC at
	 * boot); every signature would look "not yet valid" or worse. */
	if (!explicit_time && now < NSS_DNSSEC_BUILD_EPOCH) {
		time_t t = (time_t)now;
		char when[32];
		strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", gmtime(&t));
		fail_all(lk, EDE_DNSSEC_INDETERMINATE,
			 "system clock not set: it says %s, before this software was built", when);
		return 0;
	}
	const void *arr[STUB_ANCHORS_MAX + STUB_NTAS_MAX + STUB_REQUIRE_MAX];
	struct val_policy pol;
	stub_config_policy(c, &pol, arr);

	struct stub_net *net = stub_net_new(c);
	if (!net) {
		fail_all(lk, EDE_OTHER, "cannot set up the resolver channel: %s", strerror(errno));
		return 0;
	}
	snprintf(lk->servers, sizeof lk->servers, "%s", stub_net_servers(net));
	uint64_t deadline = stub_now_ms() + (uint64_t)c->timeout_s * 1000;

	struct stub_query *q = calloc(VAL_QUERIES_MAX, sizeof *q);
	if (!q) {
		stub_net_free(net);
		fail_all(lk, EDE_OTHER, "out of memory");
		return -ENOMEM;
	}
	for (;;) {
		/* What every unfinished type still needs, without duplicates. */
		size_t nq = 0;
		bool too_many = false;
		for (size_t t = 0; t < lk->ntypes; t++) {
			if (lk->ans[t].verdict != VAL_UNCHECKED)
				continue;
			struct val_need needs[VAL_QUERIES_MAX];
			size_t nneeds;
			enum val_verdict v = val_validate(&lk->vc[t], &pol, qname, lk->types[t], lk->resp, lk->nresp,
							  &lk->ans[t], needs, &nneeds);
			if (v != VAL_UNCHECKED)
				continue;
			for (size_t i = 0; i < nneeds; i++) {
				bool dup = false;
				for (size_t j = 0; j < nq && !dup; j++)
					dup = q[j].type == needs[i].type && val_name_eq(q[j].name, needs[i].name);
				if (dup)
					continue;
				if (lk->queries + nq == VAL_QUERIES_MAX) {
					too_many = true;
					break;
				}
				memcpy(q[nq].name, needs[i].name, val_name_len(needs[i].name));
				q[nq++].type = needs[i].type;
			}
		}
		if (nq == 0 && !too_many)
			break;
		if (too_many) {
			fail_all(lk, EDE_OTHER, "validation needs more than %d queries to %s", VAL_QUERIES_MAX,
				 lk->servers);
			break;
		}
		if (lk->rounds == STUB_ROUNDS_MAX) {
			fail_all(lk, EDE_OTHER, "validation still needs data after %d rounds of queries to %s",
				 STUB_ROUNDS_MAX, lk->servers);
			break;
		}
		if (stub_now_ms() >= deadline) {
			fail_all(lk, EDE_NO_REACHABLE_AUTHORITY, "%s did not answer within the %u s deadline",
				 lk->servers, c->timeout_s);
			break;
		}
		int rc = stub_net_round(net, q, nq, deadline);
		lk->rounds++;
		lk->queries += (unsigned)nq;
		for (size_t i = 0; i < nq; i++) {
			if (rc == 0)
				add_response(lk, &q[i]);
			free(q[i].answer);
			q[i].answer = NULL;
		}
		if (rc != 0) {
			fail_all(lk, EDE_NETWORK_ERROR, "talking to %s failed: %s", lk->servers, strerror(-rc));
			break;
		}
	}
	free(q);
	stub_net_free(net);
	return 0;
}

void stub_lookup_free(struct stub_lookup *lk)
{
	for (size_t i = 0; i < lk->nresp; i++)
		val_msg_free(lk->msgs[i]);
	lk->nresp = 0;
}
