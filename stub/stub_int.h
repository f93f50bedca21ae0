/* stub/stub_int.h: what the files of stub/ share and nothing else sees. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stub.h"
#include "stub_limits.h"
#include "validator/val_limits.h"

/* The process cache (stub_cache.c): opaque keys to opaque values.
 * stub_cache_get copies the value into *val (malloc'd, the caller frees)
 * and returns 0, or -ENOENT (absent or expired) or -ENOMEM. */
int stub_cache_get(const uint8_t *key, size_t keylen, uint8_t **val, size_t *vallen);
/* Stores a copy for ttl_s seconds (capped by STUB_CACHE_TTL_MAX; 0 stores
 * nothing), evicting the least recently used entries to stay within
 * STUB_CACHE_ENTRIES_MAX and STUB_CACHE_BYTES_MAX. */
void stub_cache_put(const uint8_t *key, size_t keylen, const uint8_t *val, size_t vallen, uint32_t ttl_s);
void stub_cache_drop(const uint8_t *key, size_t keylen);

/* Key kinds (first octet of every key). */
enum { STUB_KEY_RESPONSE = 'R', STUB_KEY_BYNAME = 'N', STUB_KEY_BYADDR = 'P',
       STUB_KEY_DELEGATION = 'D' /* the fallback's zone cuts: where to ask, never data */ };

struct stub_config;
struct stub_host;

/* The names glibc 2.36's res_nsearch tries for name, in order: the name as
 * given first when it has at least ndots dots (only that, when it ends in
 * a dot), then name + each search domain, then the name as given if not
 * tried yet.  Returns their number (at most STUB_SEARCH_MAX + 1), 0 when
 * name is not a domain name; a candidate longer than a name may be is
 * skipped, as res_nquerydomain does. */
size_t stub_search_candidates(const struct stub_config *c, const char *name,
			      uint8_t out[STUB_SEARCH_MAX + 1][VAL_NAME_MAX]);

/* A finished host lookup into the cache (bogus for STUB_CACHE_BOGUS_TTL,
 * indeterminate never) and back out, packed to its used size. */
void stub_host_cache_store(const uint8_t *key, size_t klen, const struct stub_host *h);
struct stub_host *stub_host_cache_load(const uint8_t *key, size_t klen);

/* The authoritative fallback (stub_iter.c).  One walker per lookup: it
 * remembers the zone cuts learnt, so each question starts at the deepest
 * one known; with use_cache, the cuts also go into the process cache
 * (STUB_KEY_DELEGATION, the NS TTL) and later walks start from them.  stub_iter_new: NULL with errno (EINVAL: no root hints). */
struct stub_iter;
struct stub_query;
struct stub_iter *stub_iter_new(const struct stub_config *c, bool use_cache);
void stub_iter_free(struct stub_iter *it);
/* Like stub_net_round, to the authoritative servers: each query walks
 * down the referrals to the servers of the zone that answers it; no
 * answer: an ARES_E* status and q->why.  0, or -EINVAL for too many. */
int stub_iter_round(struct stub_iter *it, struct stub_query *q, size_t nq, uint64_t deadline_ms);
/* Queries sent and bursts (round trips) so far. */
unsigned stub_iter_queries(const struct stub_iter *it);
unsigned stub_iter_waves(const struct stub_iter *it);
/* The root servers were asked and none ever answered. */
bool stub_iter_unreachable(const struct stub_iter *it);
/* The first named limit the walk hit (a phrase), or NULL. */
const char *stub_iter_limit(const struct stub_iter *it);

/* The referral reader: what the fallback takes from an authoritative
 * server's reply, untrusted octets, to a question (qname, qtype) sent to
 * the servers of zone.  STUB_REPLY_ANSWER: the reply is the question's
 * answer (authoritative, a denial, or records in the answer section) and
 * goes to the validator as it is.  STUB_REPLY_REFERRAL: *cut is the next
 * zone to ask: the NS RRset of the authority section, owned by a name
 * strictly below zone that holds qname (strictly, for a DS), at most
 * STUB_ITER_SERVERS_PER_ZONE_MAX addresses from the glue of NS names under
 * the cut (glue for other names is ignored) and as many NS names without
 * believed glue, to be resolved; never data.  STUB_REPLY_BAD: *why says
 * what was wrong (malformed, another question, lame, upward or sideways
 * referral, no usable name server).  In stub_int.h for fuzz_referral. */
enum stub_reply { STUB_REPLY_BAD = -1, STUB_REPLY_ANSWER = 0, STUB_REPLY_REFERRAL = 1 };
struct stub_cut {
	uint8_t name[VAL_NAME_MAX];
	struct stub_server servers[STUB_ITER_SERVERS_PER_ZONE_MAX];
	size_t nservers;
	uint8_t nsnames[STUB_ITER_SERVERS_PER_ZONE_MAX][VAL_NAME_MAX];
	size_t nnsnames;
	uint32_t ttl;	/* the least of the NS and glue TTLs */
};
enum stub_reply stub_iter_read_reply(const uint8_t *zone, const uint8_t *qname, uint16_t qtype, const uint8_t *buf,
				     size_t len, struct stub_cut *cut, const char **why);

/* Process memory of the fallback: a resolver (by its server list) found
 * unable, for STUB_UNABLE_REMEMBER_S; the outside found unreachable, for
 * STUB_OUTSIDE_DOWN_REMEMBER_S.  stub_fallback_forget: both, when
 * resolv.conf or the configuration changes. */
void stub_fallback_note_unable(const char *servers);
bool stub_fallback_known_unable(const char *servers);
void stub_fallback_note_outside_down(void);
bool stub_fallback_outside_down(void);
void stub_fallback_forget(void);
