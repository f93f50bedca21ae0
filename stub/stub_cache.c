/* stub/stub_cache.c: the per-process cache (DESIGN.md, "The fast path").
 *
 * Two kinds of entries share one table, one LRU list and one memory bound:
 *  - the DS and DNSKEY responses of chains that validated, as the wire
 *    octets the upstream sent, so that the next lookup in the same zones
 *    asks the network only for its own question.  They are validated again
 *    at every use: the cache saves round trips, it never vouches for data;
 *  - finished host lookups (struct stub_host, packed), so that a program
 *    that resolves the same name in a loop pays a hash lookup.
 *
 * Every entry expires by the monotonic clock; the TTL is the caller's
 * (already capped by the RRSIG original TTL and expiration) and capped
 * again by STUB_CACHE_TTL_MAX.  One mutex guards everything; it is taken
 * around fork() and the child starts with an empty cache, so a child never
 * inherits a lock held by a thread that does not exist in it. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "stub.h"
#include "stub_int.h"

struct entry {
	struct entry *hnext;		/* hash chain */
	struct entry *lprev, *lnext;	/* LRU list, most recent first */
	uint64_t hash;
	uint64_t expires_ms;		/* CLOCK_MONOTONIC */
	size_t keylen, vallen;
	uint8_t data[];			/* key, then value */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static struct entry *buckets[STUB_CACHE_BUCKETS];
static struct entry *lru_head, *lru_tail;
static size_t n_entries, n_bytes;
static size_t n_hits, n_misses, n_evictions;
static uint64_t seed;

static void clear_locked(void)
{
	/* Every chain holds at least one entry of the LRU list: emptying the
	 * buckets of those entries empties them all, and leaves the pages of
	 * an unused table untouched (a memset of all of it cost a fresh
	 * process 32 KiB and tens of microseconds at its first lookup). */
	struct entry *e = lru_head;
	while (e) {
		struct entry *next = e->lnext;
		buckets[e->hash % STUB_CACHE_BUCKETS] = NULL;
		free(e);
		e = next;
	}
	lru_head = lru_tail = NULL;
	n_entries = n_bytes = 0;
	n_hits = n_misses = n_evictions = 0;
}

static void atfork_prepare(void)
{
	pthread_mutex_lock(&lock);
}

static void atfork_parent(void)
{
	pthread_mutex_unlock(&lock);
}

static void atfork_child(void)
{
	/* The forking thread holds the lock (prepare), and it is the only
	 * thread of the child: unlocking is legal. */
	clear_locked();
	pthread_mutex_unlock(&lock);
}

static void init_once(void)
{
	/* The seed keeps names chosen by whoever controls the queries from
	 * piling into one chain; the chains are short anyway (bounded by
	 * STUB_CACHE_ENTRIES_MAX), so a failed getrandom only costs spread. */
	if (getrandom(&seed, sizeof seed, GRND_NONBLOCK) != (ssize_t)sizeof seed)
		seed = 0x9e3779b97f4a7c15ULL;
	pthread_atfork(atfork_prepare, atfork_parent, atfork_child);
}

static uint64_t hash_key(const uint8_t *key, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL ^ seed;	/* FNV-1a, seeded */
	for (size_t i = 0; i < len; i++) {
		h ^= key[i];
		h *= 0x100000001b3ULL;
	}
	return h ^ (h >> 29);
}

static size_t entry_cost(const struct entry *e)
{
	return sizeof *e + e->keylen + e->vallen;
}

static void lru_unlink(struct entry *e)
{
	if (e->lprev)
		e->lprev->lnext = e->lnext;
	else
		lru_head = e->lnext;
	if (e->lnext)
		e->lnext->lprev = e->lprev;
	else
		lru_tail = e->lprev;
	e->lprev = e->lnext = NULL;
}

static void lru_push_front(struct entry *e)
{
	e->lprev = NULL;
	e->lnext = lru_head;
	if (lru_head)
		lru_head->lprev = e;
	lru_head = e;
	if (!lru_tail)
		lru_tail = e;
}

static void remove_locked(struct entry *e)
{
	struct entry **pp = &buckets[e->hash % STUB_CACHE_BUCKETS];
	while (*pp && *pp != e)
		pp = &(*pp)->hnext;
	if (*pp)
		*pp = e->hnext;
	lru_unlink(e);
	n_entries--;
	n_bytes -= entry_cost(e);
	free(e);
}

static struct entry *find_locked(const uint8_t *key, size_t keylen, uint64_t h)
{
	for (struct entry *e = buckets[h % STUB_CACHE_BUCKETS]; e; e = e->hnext)
		if (e->hash == h && e->keylen == keylen && memcmp(e->data, key, keylen) == 0)
			return e;
	return NULL;
}

int stub_cache_get(const uint8_t *key, size_t keylen, uint8_t **val, size_t *vallen)
{
	pthread_once(&once, init_once);
	uint64_t h = hash_key(key, keylen), now = stub_now_ms();
	int rc = -ENOENT;
	pthread_mutex_lock(&lock);
	struct entry *e = find_locked(key, keylen, h);
	if (e && e->expires_ms <= now) {
		remove_locked(e);
		e = NULL;
	}
	if (e) {
		uint8_t *copy = malloc(e->vallen ? e->vallen : 1);
		if (!copy) {
			rc = -ENOMEM;
		} else {
			memcpy(copy, e->data + e->keylen, e->vallen);
			*val = copy;
			*vallen = e->vallen;
			lru_unlink(e);
			lru_push_front(e);
			n_hits++;
			rc = 0;
		}
	} else {
		n_misses++;
	}
	pthread_mutex_unlock(&lock);
	return rc;
}

void stub_cache_put(const uint8_t *key, size_t keylen, const uint8_t *val, size_t vallen, uint32_t ttl_s)
{
	if (ttl_s > STUB_CACHE_TTL_MAX)
		ttl_s = STUB_CACHE_TTL_MAX;
	if (ttl_s == 0 || sizeof(struct entry) + keylen + vallen > STUB_CACHE_ENTRY_MAX)
		return;
	pthread_once(&once, init_once);
	struct entry *e = malloc(sizeof *e + keylen + vallen);
	if (!e)
		return;		/* a cache that cannot grow is only slower */
	*e = (struct entry){ .hash = hash_key(key, keylen), .keylen = keylen, .vallen = vallen,
			     .expires_ms = stub_now_ms() + (uint64_t)ttl_s * 1000 };
	memcpy(e->data, key, keylen);
	memcpy(e->data + keylen, val, vallen);

	pthread_mutex_lock(&lock);
	struct entry *old = find_locked(key, keylen, e->hash);
	if (old)
		remove_locked(old);
	/* Make room: least recently used first (expired entries are found
	 * lazily by lookups; the bound holds either way). */
	while (lru_tail && (n_entries + 1 > STUB_CACHE_ENTRIES_MAX ||
			    n_bytes + entry_cost(e) > STUB_CACHE_BYTES_MAX)) {
		remove_locked(lru_tail);
		n_evictions++;
	}
	struct entry **b = &buckets[e->hash % STUB_CACHE_BUCKETS];
	e->hnext = *b;
	*b = e;
	lru_push_front(e);
	n_entries++;
	n_bytes += entry_cost(e);
	pthread_mutex_unlock(&lock);
}

void stub_cache_drop(const uint8_t *key, size_t keylen)
{
	pthread_once(&once, init_once);
	uint64_t h = hash_key(key, keylen);
	pthread_mutex_lock(&lock);
	struct entry *e = find_locked(key, keylen, h);
	if (e)
		remove_locked(e);
	pthread_mutex_unlock(&lock);
}

void stub_cache_flush(void)
{
	pthread_once(&once, init_once);
	pthread_mutex_lock(&lock);
	clear_locked();
	pthread_mutex_unlock(&lock);
}

void stub_cache_stats(struct stub_cache_stats *s)
{
	pthread_once(&once, init_once);
	pthread_mutex_lock(&lock);
	*s = (struct stub_cache_stats){ .entries = n_entries, .bytes = n_bytes, .hits = n_hits,
					.misses = n_misses, .evictions = n_evictions };
	pthread_mutex_unlock(&lock);
}
