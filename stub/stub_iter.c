/* stub/stub_iter.c: the authoritative fallback (issue 16, DESIGN.md "Field
 * conditions").  When the resolver cannot serve DNSSEC, the validator's
 * questions are asked of the authoritative servers instead: each one walks
 * from the root hints down the referrals (NS and glue; NS names without
 * glue resolved the same way, nesting bounded), UDP with EDNS 1232 and DO
 * (c-ares retries over TCP when an answer is truncated), the next server of
 * the zone when one times out.  Nothing learnt here is trusted: referrals
 * and glue only say where to ask next, and every answer goes to the same
 * validator as the resolver's would.  Every walk is bounded by the named
 * limits of stub_limits.h and by the lookup's deadline.
 *
 * The questions of one validator round walk together: at each step, the
 * questions waiting on the same zone go to its servers in one burst, and of
 * those that can only get a referral there, one per next zone goes (the
 * others follow it down). */
#include <ares.h>
#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "stub.h"
#include "stub_conf_int.h"
#include "stub_int.h"

_Static_assert(STUB_ITER_SERVERS_PER_ZONE_MAX <= STUB_SERVERS_MAX, "one channel per zone's servers");

/* A zone cut learnt from the hints or a referral: where to ask. */
struct iter_zone {
	uint8_t name[VAL_NAME_MAX];
	struct stub_server servers[STUB_ITER_SERVERS_PER_ZONE_MAX];
	size_t nservers;
	/* NS names without glue, resolved when the zone is needed and has no
	 * address. */
	uint8_t nsnames[STUB_ITER_SERVERS_PER_ZONE_MAX][VAL_NAME_MAX];
	size_t nnsnames;
	bool resolving;	/* its NS names are being resolved (no cycle) */
	bool dead;	/* none of its servers answered */
};

struct stub_iter {
	const struct stub_config *c;
	struct iter_zone zones[STUB_ITER_ZONES_MAX];
	size_t nzones;
	unsigned queries, waves, ns_names;
	bool root_answered;	/* a root server answered something */
	bool root_silent;	/* the root servers were asked and none answered */
	const char *limit;	/* the first limit hit, for the reason */
	bool use_cache;		/* cuts from and into the process cache */
	struct stub_cut cut;	/* the referral being read */
};

/* A question on its walk. */
struct iter_q {
	struct stub_query *q;
	unsigned depth;		/* referrals followed */
	bool done;
};

static bool is_dnssec_parent_type(uint16_t type)
{
	return type == VAL_T_DS;
}

/* The deepest zone known that may answer (name, type): the deepest at or
 * above name, strictly above for DS (RFC 4035 §3.1.4.1: the parent
 * answers the DS of a cut).  -1: none (no root: cannot happen once set up). */
static int deepest_zone(const struct stub_iter *it, const uint8_t *name, uint16_t type)
{
	int best = -1;
	unsigned best_labels = 0;
	for (size_t i = 0; i < it->nzones; i++) {
		const uint8_t *z = it->zones[i].name;
		if (!val_name_is_subdomain(name, z))
			continue;
		if (is_dnssec_parent_type(type) && val_name_eq(name, z) && val_name_len(z) > 1)
			continue;
		unsigned l = val_name_labels(z);
		if (best < 0 || l > best_labels) {
			best = (int)i;
			best_labels = l;
		}
	}
	return best;
}

static int find_zone(const struct stub_iter *it, const uint8_t *name)
{
	for (size_t i = 0; i < it->nzones; i++)
		if (val_name_eq(it->zones[i].name, name))
			return (int)i;
	return -1;
}

/* The process cache keeps the zone cuts learnt (their servers'
 * addresses, for the NS RRset's TTL), so that later walks start at the
 * deepest cut known.  Only where to ask: nothing in it is believed as
 * data, every answer is validated. */
enum { PACKED_SERVER = 17 };	/* family octet, 16 address octets */

static size_t delegation_key(uint8_t key[1 + VAL_NAME_MAX], const uint8_t *zone)
{
	key[0] = STUB_KEY_DELEGATION;
	return 1 + val_name_lower(key + 1, zone);
}

static void delegation_store(const struct iter_zone *z, uint32_t ttl)
{
	uint8_t key[1 + VAL_NAME_MAX], val[STUB_ITER_SERVERS_PER_ZONE_MAX * PACKED_SERVER];
	size_t klen = delegation_key(key, z->name);
	struct val_wbuf b;
	val_wbuf_init(&b, val, sizeof val);
	for (size_t i = 0; i < z->nservers; i++) {
		val_wbuf_put8(&b, z->servers[i].family == AF_INET ? 4 : 6);
		val_wbuf_put_bytes(&b, z->servers[i].addr, 16);
	}
	if (z->nservers > 0 && !b.err)
		stub_cache_put(key, klen, val, b.pos, ttl);
}

/* Adds the deepest cached cut above (name, type) that is deeper than the
 * deepest one known, if any. */
static void delegation_recall(struct stub_iter *it, const uint8_t *name, uint16_t type, int known)
{
	if (it->nzones == STUB_ITER_ZONES_MAX)
		return;
	unsigned have = known >= 0 ? val_name_labels(it->zones[known].name) : 0;
	unsigned top = val_name_labels(name) - (type == VAL_T_DS ? 1 : 0);
	for (unsigned l = top; l > have; l--) {
		const uint8_t *cut = val_name_suffix(name, l);
		uint8_t key[1 + VAL_NAME_MAX], *val;
		size_t vlen;
		if (stub_cache_get(key, delegation_key(key, cut), &val, &vlen) != 0)
			continue;
		struct iter_zone *z = &it->zones[it->nzones];
		memset(z, 0, sizeof *z);
		memcpy(z->name, cut, val_name_len(cut));
		for (size_t i = 0; i + PACKED_SERVER <= vlen && z->nservers < STUB_ITER_SERVERS_PER_ZONE_MAX;
		     i += PACKED_SERVER)
			if (val[i] == 4 || val[i] == 6)
				stub_server_set(&z->servers[z->nservers++], val[i] == 4 ? AF_INET : AF_INET6,
						val + i + 1, 53);
		free(val);
		if (z->nservers > 0)
			it->nzones++;
		return;
	}
}

struct stub_iter *stub_iter_new(const struct stub_config *c, bool use_cache)
{
	if (c->nhints == 0) {
		errno = EINVAL;
		return NULL;
	}
	struct stub_iter *it = calloc(1, sizeof *it);
	if (!it)
		return NULL;
	it->c = c;
	it->use_cache = use_cache;
	struct iter_zone *root = &it->zones[it->nzones++];
	root->name[0] = 0;
	for (size_t i = 0; i < c->nhints && root->nservers < STUB_ITER_SERVERS_PER_ZONE_MAX; i++)
		root->servers[root->nservers++] = c->hints[i];
	return it;
}

void stub_iter_free(struct stub_iter *it)
{
	free(it);
}

unsigned stub_iter_queries(const struct stub_iter *it)
{
	return it->queries;
}

unsigned stub_iter_waves(const struct stub_iter *it)
{
	return it->waves;
}

bool stub_iter_unreachable(const struct stub_iter *it)
{
	return it->root_silent && !it->root_answered;
}

const char *stub_iter_limit(const struct stub_iter *it)
{
	return it->limit;
}

static void fail_q(struct iter_q *x, int status, const char *why)
{
	x->done = true;
	x->q->status = status;
	x->q->why = why;
	free(x->q->answer);
	x->q->answer = NULL;
	x->q->alen = 0;
}

static void hit_limit(struct stub_iter *it, const char *what)
{
	if (!it->limit)
		it->limit = what;
}

/* Whether a query for (name, type) sent to zone z's servers can get its
 * answer there rather than a referral: the zone's own apex, or a DS of a
 * child of z. */
static bool answerable_at(const uint8_t *zone, const uint8_t *name, uint16_t type)
{
	if (is_dnssec_parent_type(type))
		return val_name_len(name) > 1 && val_name_eq(val_name_parent(name), zone);
	return val_name_eq(name, zone);
}

/* Adds the addresses of the A/AAAA records owned by target in m's
 * additional section (glue) to c; true if any. */
static bool take_glue(struct stub_cut *c, const struct val_msg *m, const uint8_t *target)
{
	bool any = false;
	for (size_t i = m->nanswer + m->nauthority; i < m->nrr; i++) {
		const struct val_rr *rr = &m->rrs[i];
		if (c->nservers == STUB_ITER_SERVERS_PER_ZONE_MAX)
			break;
		if ((rr->type != VAL_T_A || rr->rdlen != 4) && (rr->type != VAL_T_AAAA || rr->rdlen != 16))
			continue;
		if (!val_name_eq(rr->owner, target))
			continue;
		stub_server_set(&c->servers[c->nservers++], rr->type == VAL_T_A ? AF_INET : AF_INET6, rr->rdata, 53);
		any = true;
	}
	return any;
}

/* The referral in m (no answer) to (qname, qtype) asked of zone's
 * servers, into *c (see stub_iter_read_reply). */
static enum stub_reply read_referral(const uint8_t *zone, const struct val_msg *m, const uint8_t *qname,
				     uint16_t qtype, struct stub_cut *c, const char **why)
{
	const uint8_t *cut = NULL;
	for (size_t i = m->nanswer; i < m->nanswer + m->nauthority; i++) {
		const struct val_rr *rr = &m->rrs[i];
		if (rr->type == VAL_T_NS) {
			cut = rr->owner;
			break;
		}
	}
	if (!cut) {
		*why = "an authoritative server gave neither an answer nor a referral (lame server)";
		return STUB_REPLY_BAD;
	}
	if (val_name_labels(cut) <= val_name_labels(zone) || !val_name_is_subdomain(cut, zone) ||
	    !val_name_is_subdomain(qname, cut) || (is_dnssec_parent_type(qtype) && val_name_eq(qname, cut))) {
		*why = "a referral that does not lead down towards the name (referral loop or lame server)";
		return STUB_REPLY_BAD;
	}
	memset(c, 0, sizeof *c);
	memcpy(c->name, cut, val_name_len(cut));
	for (size_t i = m->nanswer; i < m->nanswer + m->nauthority; i++) {
		const struct val_rr *rr = &m->rrs[i];
		if (rr->type != VAL_T_NS || !val_name_eq(rr->owner, cut))
			continue;
		/* RFC 1035 type: the parser decompressed and checked the name. */
		const uint8_t *target = rr->rdata;
		if (val_name_len(target) != rr->rdlen)
			continue;
		/* Glue is only believed for names under the cut (in
		 * bailiwick); the others are resolved from the root. */
		if (val_name_is_subdomain(target, cut) && take_glue(c, m, target))
			continue;
		if (c->nnsnames < STUB_ITER_SERVERS_PER_ZONE_MAX)
			memcpy(c->nsnames[c->nnsnames++], target, val_name_len(target));
	}
	if (c->nservers == 0 && c->nnsnames == 0) {
		*why = "a referral without usable name servers";
		return STUB_REPLY_BAD;
	}
	c->ttl = UINT32_MAX;
	for (size_t i = m->nanswer; i < m->nrr; i++)
		if (m->rrs[i].ttl < c->ttl && (m->rrs[i].type == VAL_T_NS || m->rrs[i].type == VAL_T_A ||
					       m->rrs[i].type == VAL_T_AAAA))
			c->ttl = m->rrs[i].ttl;
	return STUB_REPLY_REFERRAL;
}

enum stub_reply stub_iter_read_reply(const uint8_t *zone, const uint8_t *qname, uint16_t qtype, const uint8_t *buf,
				     size_t len, struct stub_cut *cut, const char **why)
{
	struct val_msg *m = NULL;
	const char *err;
	if (val_msg_parse(buf, len, &m, &err) != 0 || !m->qname || !val_name_eq(m->qname, qname) ||
	    m->qtype != qtype) {
		val_msg_free(m);
		*why = "an authoritative server sent a malformed answer or one to another question";
		return STUB_REPLY_BAD;
	}
	/* An answer: authoritative, or a denial, or records for the
	 * question; it goes to the validator as it is. */
	enum stub_reply r = (m->flags & VAL_F_AA) || m->rcode != 0 || m->nanswer > 0
		? STUB_REPLY_ANSWER : read_referral(zone, m, qname, qtype, cut, why);
	val_msg_free(m);
	return r;
}

/* The zone of the cut read into it->cut: known, or learnt (and into the
 * process cache).  Returns its index, or -1 with *why. */
static int take_referral(struct stub_iter *it, const char **why)
{
	const struct stub_cut *c = &it->cut;
	int known = find_zone(it, c->name);
	if (known >= 0)
		return known;
	if (it->nzones == STUB_ITER_ZONES_MAX) {
		hit_limit(it, "zone cuts per lookup");
		*why = "more zone cuts than one lookup may learn";
		return -1;
	}
	struct iter_zone *z = &it->zones[it->nzones];
	memset(z, 0, sizeof *z);
	memcpy(z->name, c->name, sizeof z->name);
	memcpy(z->servers, c->servers, sizeof z->servers);
	z->nservers = c->nservers;
	memcpy(z->nsnames, c->nsnames, sizeof z->nsnames);
	z->nnsnames = c->nnsnames;
	if (it->use_cache)
		delegation_store(z, c->ttl);
	return (int)it->nzones++;
}

static void walk_queries(struct stub_iter *it, struct iter_q *x, size_t n, uint64_t deadline, unsigned nest);

/* Gives zone zi addresses by resolving its NS names (A, then AAAA of the
 * same walk), one nest deeper; bounded by STUB_ITER_NS_NAMES_MAX per lookup
 * and STUB_ITER_NEST_MAX. */
static void resolve_ns_names(struct stub_iter *it, size_t zi, uint64_t deadline, unsigned nest)
{
	struct iter_zone *z = &it->zones[zi];
	if (nest >= STUB_ITER_NEST_MAX) {
		hit_limit(it, "nesting of name-server lookups");
		return;
	}
	z->resolving = true;
	while (z->nnsnames > 0 && z->nservers == 0) {
		if (it->ns_names == STUB_ITER_NS_NAMES_MAX) {
			hit_limit(it, "name-server names resolved per lookup");
			break;
		}
		it->ns_names++;
		struct stub_query q[2];
		struct iter_q x[2];
		memset(q, 0, sizeof q);
		const uint8_t *name = z->nsnames[--z->nnsnames];
		for (size_t i = 0; i < 2; i++) {
			memcpy(q[i].name, name, val_name_len(name));
			q[i].type = i == 0 ? VAL_T_A : VAL_T_AAAA;
			q[i].status = -1;
			x[i] = (struct iter_q){ .q = &q[i] };
		}
		walk_queries(it, x, 2, deadline, nest + 1);
		z = &it->zones[zi];	/* still there: zones are only appended */
		for (size_t i = 0; i < 2; i++) {
			struct val_msg *m = NULL;
			const char *err;
			if (q[i].status == ARES_SUCCESS && val_msg_parse(q[i].answer, q[i].alen, &m, &err) == 0) {
				for (size_t k = 0; k < m->nanswer && z->nservers < STUB_ITER_SERVERS_PER_ZONE_MAX; k++) {
					const struct val_rr *rr = &m->rrs[k];
					if (rr->type == q[i].type && rr->rdlen == (q[i].type == VAL_T_A ? 4 : 16))
						stub_server_set(&z->servers[z->nservers++],
								q[i].type == VAL_T_A ? AF_INET : AF_INET6, rr->rdata, 53);
				}
				val_msg_free(m);
			}
			free(q[i].answer);
		}
	}
	z->resolving = false;
}

/* Sends the queries x[0..n) of one zone's burst to zone zi's servers and
 * moves each along: an answer ends its walk, a referral adds a zone. */
static void send_burst(struct stub_iter *it, size_t zi, struct iter_q **x, size_t n, uint64_t deadline)
{
	/* On the heap: the module may run on small thread stacks, and walks
	 * nest (STUB_ITER_NEST_MAX). */
	struct stub_query *q = calloc(n, sizeof *q);
	struct iter_zone *z = &it->zones[zi];
	struct stub_net *net = q ? stub_net_new_servers(z->servers, z->nservers, STUB_ITER_TRY_MS, 1, false) : NULL;
	if (!net) {
		free(q);
		for (size_t i = 0; i < n; i++)
			fail_q(x[i], ARES_ENOMEM, "cannot set up a channel to the authoritative servers");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		memset(&q[i], 0, sizeof q[i]);
		memcpy(q[i].name, x[i]->q->name, val_name_len(x[i]->q->name));
		q[i].type = x[i]->q->type;
		/* Not RD: authoritative servers answer what they hold. */
		q[i].flags = VAL_Q_CD | VAL_Q_DO;
	}
	it->queries += (unsigned)n;
	it->waves++;
	(void)stub_net_round(net, q, n, deadline, NULL, NULL, NULL);
	stub_net_free(net);
	z = &it->zones[zi];
	bool answered = false;
	for (size_t i = 0; i < n; i++) {
		struct iter_q *xi = x[i];
		if (q[i].status != ARES_SUCCESS) {
			fail_q(xi, q[i].status, q[i].status == ARES_ETIMEOUT
					? "the authoritative servers did not answer (timed out)"
					: "the authoritative servers gave no usable answer");
			free(q[i].answer);
			continue;
		}
		answered = true;
		const char *why = NULL;
		int next = -1;
		enum stub_reply r = stub_iter_read_reply(z->name, q[i].name, q[i].type, q[i].answer, q[i].alen,
							 &it->cut, &why);
		if (r == STUB_REPLY_ANSWER) {
			free(xi->q->answer);
			xi->q->answer = q[i].answer;
			xi->q->alen = q[i].alen;
			xi->q->status = ARES_SUCCESS;
			xi->done = true;
			continue;
		}
		free(q[i].answer);
		if (r == STUB_REPLY_REFERRAL) {
			if (xi->depth == STUB_ITER_DEPTH_MAX) {
				hit_limit(it, "referrals followed per query");
				why = "more referrals than a walk may follow (referral depth)";
			} else {
				next = take_referral(it, &why);
			}
		}
		if (next < 0) {
			fail_q(xi, ARES_EBADRESP, why);
			continue;
		}
		xi->depth++;
		z = &it->zones[zi];
	}
	if (zi == 0) {
		if (answered)
			it->root_answered = true;
		else
			it->root_silent = true;
	}
	if (!answered)
		z->dead = true;
	free(q);
}

/* Walks x[0..n) down to their answers.  Bounded: every pass sends at least
 * one query (at most STUB_ITER_QUERIES_MAX in all) or ends at least one
 * walk. */
static void walk_queries(struct stub_iter *it, struct iter_q *x, size_t n, uint64_t deadline, unsigned nest)
{
	for (;;) {
		size_t first = 0;
		while (first < n && x[first].done)
			first++;
		if (first == n)
			return;
		if (stub_now_ms() >= deadline) {
			for (size_t i = first; i < n; i++)
				if (!x[i].done)
					fail_q(&x[i], ARES_ETIMEOUT, "no answer from the authoritative servers before the deadline");
			return;
		}
		int zi = deepest_zone(it, x[first].q->name, x[first].q->type);
		if (it->use_cache) {
			delegation_recall(it, x[first].q->name, x[first].q->type, zi);
			zi = deepest_zone(it, x[first].q->name, x[first].q->type);
		}
		if (zi < 0) {
			fail_q(&x[first], ARES_EBADRESP, "no zone known above the name");
			continue;
		}
		struct iter_zone *z = &it->zones[zi];
		if (z->nservers == 0 && z->nnsnames > 0 && !z->resolving && !z->dead)
			resolve_ns_names(it, (size_t)zi, deadline, nest);
		z = &it->zones[zi];
		/* The burst: every walk waiting on this zone; of those that can
		 * only be referred on, one per next label. */
		struct iter_q *burst[VAL_QUERIES_MAX];
		struct { uint8_t name[VAL_NAME_MAX]; } *keys = malloc(VAL_QUERIES_MAX * sizeof *keys);
		size_t nb = 0, nkeys = 0;
		if (!keys) {
			for (size_t i = first; i < n; i++)
				if (!x[i].done)
					fail_q(&x[i], ARES_ENOMEM, "out of memory");
			return;
		}
		for (size_t i = first; i < n; i++) {
			if (x[i].done || deepest_zone(it, x[i].q->name, x[i].q->type) != zi)
				continue;
			if (z->nservers == 0 || z->dead) {
				fail_q(&x[i], ARES_ECONNREFUSED, z->dead
					? "the authoritative servers of a zone on the way did not answer"
					: "no address for the name servers of a zone on the way");
				continue;
			}
			if (it->queries + nb >= STUB_ITER_QUERIES_MAX) {
				hit_limit(it, "queries to authoritative servers per lookup");
				fail_q(&x[i], ARES_EBADRESP, "more queries to authoritative servers than one lookup may send");
				continue;
			}
			const uint8_t *name = x[i].q->name;
			/* A name not below the zone (only "DS .", asked of the
			 * root) can only be answered there. */
			if (val_name_labels(name) > val_name_labels(z->name) &&
			    !answerable_at(z->name, name, x[i].q->type)) {
				unsigned below = val_name_labels(name) - val_name_labels(z->name) - 1;
				const uint8_t *key = val_name_suffix(name, val_name_labels(name) - below);
				bool dup = false;
				for (size_t k = 0; k < nkeys && !dup; k++)
					dup = val_name_eq(keys[k].name, key);
				if (dup)
					continue;
				memcpy(keys[nkeys++].name, key, val_name_len(key));
			}
			if (nb < VAL_QUERIES_MAX)
				burst[nb++] = &x[i];
		}
		free(keys);
		if (nb > 0)
			send_burst(it, (size_t)zi, burst, nb, deadline);
	}
}

int stub_iter_round(struct stub_iter *it, struct stub_query *q, size_t nq, uint64_t deadline_ms)
{
	struct iter_q x[VAL_QUERIES_MAX];
	if (nq > VAL_QUERIES_MAX)
		return -EINVAL;
	for (size_t i = 0; i < nq; i++) {
		q[i].status = -1;
		q[i].answer = NULL;
		q[i].alen = 0;
		q[i].why = NULL;
		x[i] = (struct iter_q){ .q = &q[i] };
	}
	walk_queries(it, x, nq, deadline_ms, 0);
	return 0;
}

/* ------------------------------------------------------------------ */
/* What the process remembers (DESIGN.md, "Field conditions")          */

/* The resolver (a hash of its server list) found unable, and until when;
 * until when the root hints did not answer.  Atomics rather than a lock:
 * a race costs one lookup the wrong path, and fork() needs no care. */
static _Atomic uint64_t unable_hash, unable_until_ms, outside_down_until_ms;

static uint64_t servers_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 0x100000001b3ULL;
	return h | 1;
}

void stub_fallback_note_unable(const char *servers)
{
	atomic_store(&unable_hash, servers_hash(servers));
	atomic_store(&unable_until_ms, stub_now_ms() + STUB_UNABLE_REMEMBER_S * 1000ULL);
}

bool stub_fallback_known_unable(const char *servers)
{
	return atomic_load(&unable_hash) == servers_hash(servers) && stub_now_ms() < atomic_load(&unable_until_ms);
}

void stub_fallback_note_outside_down(void)
{
	atomic_store(&outside_down_until_ms, stub_now_ms() + STUB_OUTSIDE_DOWN_REMEMBER_S * 1000ULL);
}

bool stub_fallback_outside_down(void)
{
	return stub_now_ms() < atomic_load(&outside_down_until_ms);
}

void stub_fallback_forget(void)
{
	atomic_store(&unable_hash, 0);
	atomic_store(&unable_until_ms, 0);
	atomic_store(&outside_down_until_ms, 0);
}
