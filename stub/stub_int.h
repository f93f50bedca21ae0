/* stub/stub_int.h: what the files of stub/ share and nothing else sees. */
#pragma once

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
enum { STUB_KEY_RESPONSE = 'R', STUB_KEY_BYNAME = 'N', STUB_KEY_BYADDR = 'P' };

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
