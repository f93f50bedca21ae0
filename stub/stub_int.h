/* stub/stub_int.h: what the files of stub/ share and nothing else sees. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

/* Process memory of the fallback: a resolver (by its server list) found
 * unable, for STUB_UNABLE_REMEMBER_S; the outside found unreachable, for
 * STUB_OUTSIDE_DOWN_REMEMBER_S.  stub_fallback_forget: both, when
 * resolv.conf or the configuration changes. */
void stub_fallback_note_unable(const char *servers);
bool stub_fallback_known_unable(const char *servers);
void stub_fallback_note_outside_down(void);
bool stub_fallback_outside_down(void);
void stub_fallback_forget(void);
