/* stub/stub_host.c: host lookups as the NSS module needs them.
 *
 * One call turns an application's name (or address) into a finished
 * result: the process configuration (loaded once, re-read when one of its
 * files changes), the search list and ndots of resolv.conf applied as
 * glibc's dns module applies them, A and AAAA asked together, the verdicts
 * of both combined so that nothing weaker than "secure or provably
 * insecure" ever yields addresses, and the process cache. */
#include <arpa/inet.h>
#include <errno.h>
#include <stddef.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>

#include "stub.h"
#include "stub_conf_int.h"
#include "stub_int.h"

/* ------------------------------------------------------------------ */
/* The process configuration                                            */

struct shared_config {
	struct stub_config c;
	unsigned refs;		/* lookups using it, plus one while current */
	bool reread;		/* read again at the next lookup, whatever its files say */
	/* The main file it was read from: NSS_DNSSEC_CONF may name another
	 * one in the same process (tests/fault switches between two). */
	char conf_path[256];
	/* DNS64 prefixes learnt from the resolver (RFC 7050), under
	 * config_lock: they live as long as this configuration, so a change
	 * of resolv.conf (a new network) forgets them. */
	bool dns64_known;		/* the resolver answered: ndns64 prefixes (maybe 0) */
	uint64_t dns64_retry_ms;	/* no answer: not asked again before then */
	struct stub_dns64_prefix dns64[STUB_DNS64_PREFIXES_MAX];
	size_t ndns64;
};

static pthread_mutex_t config_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t config_once = PTHREAD_ONCE_INIT;
static struct shared_config *current;

/* fork() while another thread holds config_lock must not leave the child
 * with it held (the e2e fork test hung a child here): take it around
 * fork(), release it on both sides.  The child keeps the configuration; a
 * reference a vanished thread held only means it is never freed. */
static void config_fork_prepare(void)
{
	pthread_mutex_lock(&config_lock);
}

static void config_fork_release(void)
{
	pthread_mutex_unlock(&config_lock);
}

static void config_register(void)
{
	pthread_atfork(config_fork_prepare, config_fork_release, config_fork_release);
}

/* The main configuration file: DESIGN.md, overridable for tests only,
 * never in a setuid or otherwise secure-execution process. */
static const char *config_path(void)
{
	struct stub_conf_files f;
	stub_conf_files(&f, NULL);
	return f.main;
}

/* true when every file the configuration was read from (c->watch, filled
 * by the readers from the fstat of what they read, in stub_conf.c) is as
 * it was: one stat per path.  Checked at every lookup, with no throttle:
 * an administrator's edit counts from the next lookup on (libnss_dnssec(8),
 * "Configuration changes").  The drop-in directories are watched too: their
 * mtime moves when a drop-in is added, removed or renamed; the drop-ins
 * themselves catch an edit in place (same inode, same size, perhaps the
 * same mtime: the ctime moves). */
static bool config_unchanged(const struct shared_config *s)
{
	const struct stub_config *c = &s->c;
	if (c->watch_incomplete || strcmp(s->conf_path, config_path()) != 0)
		return false;
	for (size_t i = 0; i < c->nwatch; i++) {
		struct stat st;
		struct stub_conf_stamp now;
		if (stat(c->watch[i].path, &st) == 0)
			stub_conf_stamp_of(&now, &st, 0);
		else
			stub_conf_stamp_of(&now, NULL, errno);
		if (memcmp(&now, &c->watch[i].st, sizeof now) != 0)
			return false;
	}
	return true;
}

static void config_put(struct shared_config *s)
{
	pthread_mutex_lock(&config_lock);
	bool last = --s->refs == 0;
	pthread_mutex_unlock(&config_lock);
	if (last) {
		stub_config_free(&s->c);
		free(s);
	}
}

/* The current configuration, with a reference for the caller, re-read when
 * its files changed (and then the cache is emptied: its entries were made
 * under other anchors or servers).  A configuration with an error is
 * returned too: lookups then fail closed with its message.  NULL only when
 * out of memory. */
static struct shared_config *config_get(void)
{
	pthread_once(&config_once, config_register);
	pthread_mutex_lock(&config_lock);
	struct shared_config *s = current;
	if (s && !s->reread && config_unchanged(s)) {
		s->refs++;
		pthread_mutex_unlock(&config_lock);
		return s;
	}
	pthread_mutex_unlock(&config_lock);

	/* Read outside the lock; if two threads race, both read and the last
	 * one wins, which is harmless. */
	struct shared_config *fresh = calloc(1, sizeof *fresh);
	if (!fresh)
		return NULL;
	const char *path = config_path();
	stub_config_load_zeroed(&fresh->c);
	/* A configuration that failed to load is read again at the next
	 * lookup: the failure may be passing (no descriptor free, EMFILE),
	 * and its files' stat data would not change (tests/procs found a
	 * daemon that never resolved again after one such failure). */
	fresh->reread = fresh->c.error[0] != '\0' || strlen(path) >= sizeof fresh->conf_path;
	snprintf(fresh->conf_path, sizeof fresh->conf_path, "%s", path);
	fresh->refs = 2;	/* current, and the caller */

	pthread_mutex_lock(&config_lock);
	struct shared_config *old = current;
	current = fresh;
	pthread_mutex_unlock(&config_lock);
	if (old)
		config_put(old);
	stub_cache_flush();
	/* A new resolv.conf is a new network: what the fallback remembered of
	 * the old one (an unable resolver, an unreachable outside) is gone. */
	stub_fallback_forget();
	return fresh;
}

/* ------------------------------------------------------------------ */
/* DNS64 prefixes (RFC 6147 §5.5, RFC 7050)                             */

/* true when the prefixes to synthesize under are settled, with *np of
 * them in out: none when "dns64-prefix none" or the configuration is
 * broken, the configured ones, those learnt from the resolver, or none
 * for now after a discovery that got no answer (tried again after
 * STUB_DNS64_RETRY_S).  false: the resolver is still to be asked. */
static bool dns64_settled(struct shared_config *s, struct stub_dns64_prefix out[STUB_DNS64_PREFIXES_MAX],
			  size_t *np)
{
	const struct stub_config *c = &s->c;
	*np = 0;
	if (c->dns64_off || c->error[0])
		return true;
	if (c->ndns64) {
		memcpy(out, c->dns64, c->ndns64 * sizeof out[0]);
		*np = c->ndns64;
		return true;
	}
	uint64_t now = stub_now_ms();
	pthread_mutex_lock(&config_lock);
	bool known = s->dns64_known, settled = known || now < s->dns64_retry_ms;
	if (known) {
		*np = s->ndns64;
		memcpy(out, s->dns64, s->ndns64 * sizeof out[0]);
	}
	pthread_mutex_unlock(&config_lock);
	return settled;
}

/* Keeps what a discovery gave (n prefixes, or -errno: no answer).
 * Racing threads may both ask: the answers agree and the last is kept. */
static void dns64_learnt(struct shared_config *s, int n, const struct stub_dns64_prefix *p)
{
	pthread_mutex_lock(&config_lock);
	if (n >= 0) {
		s->dns64_known = true;
		s->ndns64 = (size_t)n;
		memcpy(s->dns64, p, s->ndns64 * sizeof p[0]);
	} else {
		s->dns64_retry_ms = stub_now_ms() + (uint64_t)STUB_DNS64_RETRY_S * 1000;
	}
	pthread_mutex_unlock(&config_lock);
}

/* The prefixes, asking the resolver for ipv4only.arpa. (RFC 7050) when
 * they are not settled yet. */
static size_t dns64_prefixes(struct shared_config *s, struct stub_dns64_prefix out[STUB_DNS64_PREFIXES_MAX])
{
	size_t n;
	if (dns64_settled(s, out, &n))
		return n;
	char why[512];
	int rc = stub_dns64_discover(&s->c, out, STUB_DNS64_PREFIXES_MAX, why, sizeof why);
	dns64_learnt(s, rc, out);
	return rc > 0 ? (size_t)rc : 0;
}

/* ------------------------------------------------------------------ */
/* Results                                                              */

/* A fresh result: the scalars, the three strings and the counts zeroed,
 * not the arrays (about 78 KiB, zeroed at every lookup, cache hits
 * included, they were most of what a cached lookup cost: 88,364
 * instructions against 3,709 without it, callgrind, bench/profile.sh).  Every reader of names,
 * addrs and ptrs stops at nnames, naddrs and nptrs; every writer fills a
 * slot before it counts it. */
static struct stub_host *host_new(void)
{
	struct stub_host *h = malloc(sizeof *h);
	if (!h)
		return NULL;
	memset(h, 0, offsetof(struct stub_host, names));
	h->nnames = h->naddrs = h->nptrs = 0;
	return h;
}

void stub_host_free(struct stub_host *h)
{
	free(h);
}

static void name_out(char out[VAL_NAME_STR_MAX], const uint8_t *name)
{
	val_name_str(name, out);
	size_t n = strlen(out);
	if (n > 1 && out[n - 1] == '.')	/* glibc's dns module drops it; "." stays */
		out[n - 1] = '\0';
}

/* Combines a finished lookup of one candidate name into h.  Bogus beats
 * indeterminate beats anything else: an answer with one family forged is
 * refused as a whole, never given half. */
static void take_lookup(struct stub_host *h, const struct stub_lookup *lk, bool ptr)
{
	snprintf(h->servers, sizeof h->servers, "%s", lk->servers);
	h->naddrs = h->nptrs = h->nnames = 0;	/* only the last candidate's */
	h->unvalidated = h->time_unchecked = false;
	h->hotspot_until = 0;
	h->queries += lk->queries;
	h->rounds += lk->rounds;
	const struct val_answer *failed = NULL;
	enum val_verdict weakest = VAL_SECURE;
	for (size_t t = 0; t < lk->ntypes; t++) {
		const struct val_answer *a = &lk->ans[t];
		if (a->verdict == VAL_BOGUS && (!failed || failed->verdict != VAL_BOGUS))
			failed = a;
		else if (a->verdict != VAL_SECURE && a->verdict != VAL_INSECURE && !failed)
			failed = a;
		if (a->verdict == VAL_INSECURE)
			weakest = VAL_INSECURE;
	}
	if (failed) {
		h->verdict = failed->verdict == VAL_BOGUS ? VAL_BOGUS : VAL_INDETERMINATE;
		h->status = failed->verdict == VAL_BOGUS ? STUB_HOST_BOGUS : STUB_HOST_INDETERMINATE;
		h->ede = failed->reason.ede;
		snprintf(h->why, sizeof h->why, "%s",
			 failed->reason.text[0] ? val_reason_str(&failed->reason) : "no reason recorded");
		return;
	}
	h->verdict = weakest;
	h->ttl = STUB_CACHE_TTL_MAX;
	bool all_nx = true;
	for (size_t t = 0; t < lk->ntypes; t++) {
		const struct val_answer *a = &lk->ans[t];
		if (a->ttl < h->ttl)
			h->ttl = a->ttl;
		all_nx = all_nx && a->rcode == 3;
		if (h->nnames == 0 || (a->rrset && h->naddrs + h->nptrs == 0)) {
			h->nnames = 0;
			for (size_t i = 0; i < a->nnames && i < STUB_HOST_NAMES_MAX; i++)
				name_out(h->names[h->nnames++], a->names[i]);
		}
		if (!a->rrset || a->rcode != 0)
			continue;
		for (size_t i = 0; i < a->rrset->nrr; i++) {
			const struct val_rr *rr = a->rrset->rrs[i];
			const uint8_t *target;
			if (ptr && rr->type == VAL_T_PTR && val_rdata_name(rr, &target) == 0 &&
			    h->nptrs < STUB_HOST_PTRS_MAX) {
				name_out(h->ptrs[h->nptrs++], target);
			} else if (rr->type == VAL_T_A && rr->rdlen == 4 && h->naddrs < STUB_HOST_ADDRS_MAX) {
				h->addrs[h->naddrs].family = AF_INET;
				memcpy(h->addrs[h->naddrs++].addr, rr->rdata, 4);
			} else if (rr->type == VAL_T_AAAA && rr->rdlen == 16 && h->naddrs < STUB_HOST_ADDRS_MAX) {
				h->addrs[h->naddrs].family = AF_INET6;
				memcpy(h->addrs[h->naddrs++].addr, rr->rdata, 16);
			}
		}
	}
	if (h->naddrs + h->nptrs > 0)
		h->status = STUB_HOST_FOUND;
	else
		h->status = all_nx ? STUB_HOST_NXDOMAIN : STUB_HOST_NODATA;
}

/* true when name is at or below a require-secure name of c: the admin's
 * word that it must validate, which no window lifts. */
static bool required_secure(const struct stub_config *c, const uint8_t *name)
{
	for (size_t i = 0; i < c->nrequire; i++)
		if (val_name_is_subdomain(name, c->require_secure[i]))
			return true;
	return false;
}

/* The hotspot window is open and validation refused (qname, types): h
 * gets what the resolver answered to the questions themselves (the A,
 * AAAA or PTR records of their answer sections, whatever their owner: the
 * resolver's CNAME chain is not ours to check either), or its NXDOMAIN or
 * NODATA.  Nothing when a question got no usable answer (timeout,
 * SERVFAIL): h keeps its failure.  The verdict and reason stay, for the
 * log line. */
static void take_unvalidated(struct stub_host *h, const struct stub_config *c, const struct stub_lookup *lk,
			     const uint8_t *qname, bool ptr, uint64_t now, uint64_t until)
{
	size_t naddrs = 0, nptrs = 0, answered = 0, nx = 0;
	struct stub_host_addr addrs[STUB_HOST_ADDRS_MAX];
	uint32_t ttl = STUB_HOTSPOT_TTL_MAX;
	for (size_t t = 0; t < lk->ntypes; t++) {
		const struct val_msg *m = NULL;
		for (size_t i = 0; i < lk->nresp && !m; i++)
			if (lk->resp[i].qtype == lk->types[t] && lk->resp[i].msg && val_name_eq(lk->resp[i].qname, qname))
				m = lk->resp[i].msg;
		if (!m || (m->rcode != 0 && m->rcode != 3))
			return;
		answered++;
		nx += m->rcode == 3;
		for (size_t i = 0; i < m->nanswer; i++) {
			const struct val_rr *rr = &m->rrs[i];
			const uint8_t *target;
			/* Nor does a resolver's CNAME chain lead through it. */
			if (required_secure(c, rr->owner))
				return;
			if (rr->type != lk->types[t])
				continue;
			if (rr->ttl < ttl)
				ttl = rr->ttl;
			if (ptr && rr->type == VAL_T_PTR && val_rdata_name(rr, &target) == 0 && nptrs < STUB_HOST_PTRS_MAX)
				name_out(h->ptrs[nptrs++], target);
			else if (((rr->type == VAL_T_A && rr->rdlen == 4) || (rr->type == VAL_T_AAAA && rr->rdlen == 16)) &&
				 naddrs < STUB_HOST_ADDRS_MAX) {
				addrs[naddrs].family = rr->type == VAL_T_A ? AF_INET : AF_INET6;
				memcpy(addrs[naddrs++].addr, rr->rdata, rr->rdlen);
			}
		}
	}
	if (answered != lk->ntypes)
		return;
	h->unvalidated = true;
	h->hotspot_until = until;
	h->nptrs = nptrs;
	h->naddrs = naddrs;
	memcpy(h->addrs, addrs, naddrs * sizeof addrs[0]);
	h->nnames = 1;
	name_out(h->names[0], qname);
	h->status = naddrs + nptrs > 0 ? STUB_HOST_FOUND : nx == lk->ntypes ? STUB_HOST_NXDOMAIN : STUB_HOST_NODATA;
	/* Not beyond the window, and not for long in any case. */
	h->ttl = until - now < ttl ? (uint32_t)(until - now) : ttl;
}

/* true when a is a proven "no record of this type" for an existing name. */
static bool is_nodata(const struct val_answer *a)
{
	return (a->verdict == VAL_SECURE || a->verdict == VAL_INSECURE) && a->rcode == 0 && !a->rrset;
}

/* RFC 6147 §5.5: a validating stub behind a DNS64 synthesizes itself.
 * Appends to h (a FOUND result) the AAAA made of the A RRset a, the
 * verdict and TTL already being the weakest and smallest of the A and the
 * AAAA NODATA (RFC 6147 §5.1.7: the smaller of the A's TTL and the
 * negative answer's). */
static void synth_append(struct stub_host *h, const struct stub_dns64_prefix *p, size_t np,
			 const struct val_rrset *a)
{
	size_t room = STUB_HOST_ADDRS_MAX - h->naddrs;
	h->naddrs += stub_dns64_synth_rrset(p, np, a, h->addrs + h->naddrs,
					    room < STUB_DNS64_SYNTH_MAX ? room : STUB_DNS64_SYNTH_MAX);
}

/* AF_INET6 and its AAAA is NODATA: with a DNS64 prefix, the A of the same
 * name is looked up and validated, and what it gives decides: addresses
 * synthesized from a secure or insecure A, the A's failure when it is bogus
 * or indeterminate (the IPv6 address would be made of it), and the NODATA
 * as it was when there is no A either. */
static int synth_from_a(struct stub_host *h, const struct stub_config *c, const uint8_t *qname,
			const struct stub_dns64_prefix *p, size_t np, unsigned flags)
{
	struct stub_lookup *lk = calloc(1, sizeof *lk);
	struct stub_host *ha = host_new();
	int rc = -ENOMEM;
	if (!lk || !ha)
		goto out;
	uint16_t type = VAL_T_A;
	rc = stub_lookup(c, qname, &type, 1, (uint64_t)time(NULL), flags, lk);
	take_lookup(ha, lk, false);
	if (lk->time_unchecked && ha->ttl > STUB_UNSYNC_TTL_MAX)
		ha->ttl = STUB_UNSYNC_TTL_MAX;
	h->queries += ha->queries;
	h->rounds += ha->rounds;
	if (ha->status == STUB_HOST_BOGUS || ha->status == STUB_HOST_INDETERMINATE) {
		h->status = ha->status;
		h->verdict = ha->verdict;
		h->ede = ha->ede;
		snprintf(h->why, sizeof h->why, "%s", ha->why);
		h->naddrs = 0;
	} else if (ha->status == STUB_HOST_FOUND && lk->ans[0].rrset) {
		h->status = STUB_HOST_FOUND;
		if (ha->verdict == VAL_INSECURE)
			h->verdict = VAL_INSECURE;
		if (ha->ttl < h->ttl)
			h->ttl = ha->ttl;
		h->time_unchecked = lk->time_unchecked;
		h->nnames = ha->nnames;
		memcpy(h->names, ha->names, ha->nnames * sizeof h->names[0]);
		h->naddrs = 0;
		synth_append(h, p, np, lk->ans[0].rrset);
	}
out:
	if (lk)
		stub_lookup_free(lk);
	free(lk);
	free(ha);
	return rc;
}

/* One validated lookup of (qname, types) into h; with sc, AAAA are
 * synthesized where a DNS64 would (see synth_append, synth_from_a). */
static int lookup_one(struct stub_host *h, struct shared_config *sc, const uint8_t *qname,
		      const uint16_t *types, size_t ntypes, bool ptr, unsigned flags)
{
	const struct stub_config *c = &sc->c;
	struct stub_lookup *lk = calloc(1, sizeof *lk);
	if (!lk)
		return -ENOMEM;
	name_out(h->qname, qname);
	uint64_t now = (uint64_t)time(NULL);
	/* DESIGN.md, "Field conditions": a time server's name while the
	 * kernel says the clock is not synchronized.  The kernel is asked
	 * only for those names. */
	if (stub_is_time_server(c, qname) && stub_clock_unsynchronized())
		flags |= STUB_LOOKUP_NO_TIME_WINDOW;
	struct stub_dns64_prefix p[STUB_DNS64_PREFIXES_MAX];
	size_t np;
	/* A lookup that may end in a NODATA for AAAA learns the prefix in its
	 * first round, when it is still to be learnt. */
	lk->dns64_ask = !ptr && types[ntypes - 1] == VAL_T_AAAA && !dns64_settled(sc, p, &np);
	int rc = stub_lookup(c, qname, types, ntypes, now, flags, lk);
	if (lk->dns64_asked)
		dns64_learnt(sc, lk->dns64_n, lk->dns64);
	take_lookup(h, lk, ptr);
	h->time_unchecked = lk->time_unchecked && h->status == STUB_HOST_FOUND;
	if (lk->time_unchecked && h->ttl > STUB_UNSYNC_TTL_MAX)
		h->ttl = STUB_UNSYNC_TTL_MAX;
	if (ptr || rc != 0) {
		/* nothing to synthesize */
	} else if (ntypes == 2 && types[1] == VAL_T_AAAA && h->status == STUB_HOST_FOUND &&
		   is_nodata(&lk->ans[1]) && lk->ans[0].rrset && (np = dns64_prefixes(sc, p)) > 0) {
		synth_append(h, p, np, lk->ans[0].rrset);
	} else if (ntypes == 1 && types[0] == VAL_T_AAAA && h->status == STUB_HOST_NODATA &&
		   is_nodata(&lk->ans[0]) && (np = dns64_prefixes(sc, p)) > 0) {
		rc = synth_from_a(h, c, qname, p, np, flags);
	}
	uint64_t until;
	/* Only what validation refused goes through the window; a
	 * configuration error is not validation's refusal. */
	if ((h->status == STUB_HOST_BOGUS || h->status == STUB_HOST_INDETERMINATE) && !c->error[0] &&
	    !required_secure(c, qname) && stub_hotspot_open(now, &until))
		take_unvalidated(h, c, lk, qname, ptr, now, until);
	stub_lookup_free(lk);
	free(lk);
	return rc;
}

/* ------------------------------------------------------------------ */
/* The cache of finished lookups                                        */

/* Packed form, so that a cached lookup costs about its own size: four
 * 32-bit scalars, three counts and the flags, the used addresses (family octet and 16
 * octets), then servers, why, qname, the names and the PTR targets as
 * NUL-terminated strings. */
enum { PACK_SCALARS = 8, PACK_ADDR = 17 };
enum { PACK_TIME_UNCHECKED = 1 };

void stub_host_cache_store(const uint8_t *key, size_t klen, const struct stub_host *h)
{
	uint32_t ttl;
	switch (h->status) {
	case STUB_HOST_FOUND:
	case STUB_HOST_NXDOMAIN:
	case STUB_HOST_NODATA:
		ttl = h->ttl;
		break;
	case STUB_HOST_BOGUS:
		ttl = STUB_CACHE_BOGUS_TTL;
		break;
	default:
		return;		/* indeterminate: the next try may reach the upstream */
	}
	/* Through the hotspot window: asked again each time (it may close). */
	if (h->unvalidated)
		return;
	const char *strs[3 + STUB_HOST_NAMES_MAX + STUB_HOST_PTRS_MAX];
	size_t nstrs = 0;
	strs[nstrs++] = h->servers;
	strs[nstrs++] = h->why;
	strs[nstrs++] = h->qname;
	for (size_t i = 0; i < h->nnames; i++)
		strs[nstrs++] = h->names[i];
	for (size_t i = 0; i < h->nptrs; i++)
		strs[nstrs++] = h->ptrs[i];
	size_t len = PACK_SCALARS * 4 + h->naddrs * PACK_ADDR;
	for (size_t i = 0; i < nstrs; i++)
		len += strlen(strs[i]) + 1;
	uint8_t *buf = malloc(len);
	if (!buf)
		return;
	/* The scalars in host order: the cache never leaves the process. */
	uint32_t sc[PACK_SCALARS] = { h->status, h->verdict, h->ede, h->ttl, (uint32_t)h->nnames,
				      (uint32_t)h->naddrs, (uint32_t)h->nptrs,
				      h->time_unchecked ? PACK_TIME_UNCHECKED : 0 };
	struct val_wbuf b;
	val_wbuf_init(&b, buf, len);
	val_wbuf_put_bytes(&b, sc, sizeof sc);
	for (size_t i = 0; i < h->naddrs; i++) {
		val_wbuf_put8(&b, (uint8_t)h->addrs[i].family);
		val_wbuf_put_bytes(&b, h->addrs[i].addr, 16);
	}
	for (size_t i = 0; i < nstrs; i++)
		val_wbuf_put_bytes(&b, strs[i], strlen(strs[i]) + 1);
	/* len counted every octet: a mismatch is our bug, and then nothing is
	 * cached rather than something half written. */
	if (!b.err && b.pos == len)
		stub_cache_put(key, klen, buf, len, ttl);
	free(buf);
}

/* Copies the next NUL-terminated string of [*p, end) into out (cap
 * octets); false when there is none or it does not fit. */
static bool unpack_str(const uint8_t **p, const uint8_t *end, char *out, size_t cap)
{
	size_t n = strnlen((const char *)*p, (size_t)(end - *p));
	if (*p + n >= end || n >= cap)
		return false;
	memcpy(out, *p, n + 1);
	*p += n + 1;
	return true;
}

/* Unpacks a cached result, checking every count and length (the cache is
 * ours, but a mistake here would be a read past a heap block). */
struct stub_host *stub_host_cache_load(const uint8_t *key, size_t klen)
{
	uint8_t *buf;
	size_t len;
	if (stub_cache_get(key, klen, &buf, &len) != 0)
		return NULL;
	struct stub_host *h = NULL;
	uint32_t sc[PACK_SCALARS];
	const uint8_t *p = buf + sizeof sc, *end = buf + len;
	if (len < sizeof sc)
		goto out;
	memcpy(sc, buf, sizeof sc);
	if (sc[4] > STUB_HOST_NAMES_MAX || sc[5] > STUB_HOST_ADDRS_MAX || sc[6] > STUB_HOST_PTRS_MAX ||
	    (size_t)(end - p) < sc[5] * PACK_ADDR || !(h = host_new()))
		goto out;
	h->status = sc[0];
	h->verdict = sc[1];
	h->ede = (uint16_t)sc[2];
	h->ttl = sc[3];
	h->nnames = sc[4];
	h->naddrs = sc[5];
	h->nptrs = sc[6];
	h->time_unchecked = sc[7] & PACK_TIME_UNCHECKED;
	for (size_t i = 0; i < h->naddrs; i++) {
		h->addrs[i].family = *p++;
		memcpy(h->addrs[i].addr, p, 16);
		p += 16;
	}
	bool ok = unpack_str(&p, end, h->servers, sizeof h->servers) &&
		  unpack_str(&p, end, h->why, sizeof h->why) && unpack_str(&p, end, h->qname, sizeof h->qname);
	for (size_t i = 0; ok && i < h->nnames; i++)
		ok = unpack_str(&p, end, h->names[i], sizeof h->names[i]);
	for (size_t i = 0; ok && i < h->nptrs; i++)
		ok = unpack_str(&p, end, h->ptrs[i], sizeof h->ptrs[i]);
	if (!ok) {
		free(h);
		h = NULL;
		goto out;
	}
	h->from_cache = true;
out:
	free(buf);
	return h;
}

/* A lookup refused before it starts (not a name, not an address). */
static struct stub_host *host_refused(const char *why)
{
	struct stub_host *h = host_new();
	if (h) {
		h->verdict = VAL_UNCHECKED;
		h->status = STUB_HOST_NXDOMAIN;
		snprintf(h->why, sizeof h->why, "%s", why);
	}
	return h;
}

/* The common start of a lookup under key: the configuration and the
 * cache.  0 with *sc referenced and *h a fresh result to fill; or 1 with
 * *h the finished answer: the cached one, or NULL (errno ENOMEM). */
static int host_begin(const uint8_t *key, size_t klen, struct shared_config **sc, struct stub_host **h)
{
	if (!(*sc = config_get())) {
		*h = NULL;
		errno = ENOMEM;
		return 1;
	}
	if ((*h = stub_host_cache_load(key, klen))) {
		/* A refusal kept from before the hotspot window opened must
		 * not keep the resolver's answer out. */
		if ((*h)->status != STUB_HOST_BOGUS || !stub_hotspot_open((uint64_t)time(NULL), NULL)) {
			config_put(*sc);
			return 1;
		}
		free(*h);
	}
	if (!(*h = host_new())) {
		config_put(*sc);
		errno = ENOMEM;
		return 1;
	}
	(*h)->verdict = VAL_UNCHECKED;
	return 0;
}

/* ------------------------------------------------------------------ */
/* By name                                                              */

/* Counts the dots of a presentation name that are label separators
 * (an escaped "\." is part of a label), and says if it ends in one. */
static unsigned count_dots(const char *name, bool *trailing)
{
	unsigned dots = 0;
	*trailing = false;
	for (const char *p = name; *p; p++) {
		if (*p == '\\' && p[1]) {
			p++;
			continue;
		}
		if (*p == '.') {
			dots++;
			*trailing = p[1] == '\0';
		}
	}
	return dots;
}

size_t stub_search_candidates(const struct stub_config *c, const char *name,
			      uint8_t out[STUB_SEARCH_MAX + 1][VAL_NAME_MAX])
{
	bool trailing;
	unsigned dots = count_dots(name, &trailing);
	const char *err;
	size_t n = 0;
	uint8_t as_is[VAL_NAME_MAX];
	size_t as_is_len = val_name_from_str(as_is, name, &err);
	if (as_is_len == 0)
		return 0;
	bool tried = false;
	if (dots >= c->ndots || trailing) {
		memcpy(out[n++], as_is, as_is_len);
		tried = true;
		if (trailing)
			return n;
	}
	size_t rel = as_is_len - 1;	/* without the root label */
	for (size_t i = 0; i < c->nsearch; i++) {
		size_t dlen = val_name_len(c->search[i]);
		if (rel + dlen > VAL_NAME_MAX)
			continue;
		memcpy(out[n], as_is, rel);
		memcpy(out[n] + rel, c->search[i], dlen);
		n++;
	}
	if (!tried)
		memcpy(out[n++], as_is, as_is_len);
	return n;
}

static size_t byname_key(uint8_t *key, const char *name, int family)
{
	size_t n = strnlen(name, VAL_NAME_STR_MAX);
	key[0] = STUB_KEY_BYNAME;
	key[1] = (uint8_t)family;
	for (size_t i = 0; i < n; i++)
		key[2 + i] = (uint8_t)((name[i] >= 'A' && name[i] <= 'Z') ? name[i] + 32 : name[i]);
	return 2 + n;
}

struct stub_host *stub_host_byname(const char *name, int family)
{
	uint16_t types[2];
	size_t ntypes;
	switch (family) {
	case AF_INET: types[0] = VAL_T_A; ntypes = 1; break;
	case AF_INET6: types[0] = VAL_T_AAAA; ntypes = 1; break;
	default: types[0] = VAL_T_A; types[1] = VAL_T_AAAA; ntypes = 2; family = AF_UNSPEC; break;
	}
	if (!name || !name[0] || strnlen(name, VAL_NAME_STR_MAX) == VAL_NAME_STR_MAX)
		return host_refused("not a domain name");
	uint8_t key[2 + VAL_NAME_STR_MAX];
	size_t klen = byname_key(key, name, family);
	struct shared_config *sc;
	struct stub_host *h;
	if (host_begin(key, klen, &sc, &h))
		return h;
	const struct stub_config *c = &sc->c;

	uint8_t (*cand)[VAL_NAME_MAX] = malloc((STUB_SEARCH_MAX + 1) * sizeof *cand);
	if (!cand) {
		config_put(sc);
		free(h);
		errno = ENOMEM;
		return NULL;
	}
	/* With a configuration error, one lookup: stub_lookup fails closed
	 * with the configuration's message. */
	size_t ncand = stub_search_candidates(c, name, cand);
	if (ncand == 0) {
		h->status = STUB_HOST_NXDOMAIN;
		snprintf(h->why, sizeof h->why, "\"%s\" is not a domain name", name);
		goto done;
	}
	bool nodata = false;
	uint8_t as_is[VAL_NAME_MAX];
	const char *err;
	size_t as_is_len = val_name_from_str(as_is, name, &err);
	for (size_t i = 0; i < ncand; i++) {
		/* DESIGN.md, "Field conditions": a name made with a search
		 * domain is a local name; it never leaves the resolver. */
		unsigned flags = as_is_len > 0 && val_name_eq(cand[i], as_is) ? 0 : STUB_LOOKUP_NO_FALLBACK;
		if (lookup_one(h, sc, cand[i], types, ntypes, false, flags) == -ENOMEM) {
			free(cand);
			config_put(sc);
			free(h);
			errno = ENOMEM;
			return NULL;
		}
		/* glibc goes on after "no such name" and "no such data", and
		 * so do we; a bogus or indeterminate candidate ends the search
		 * (going on would let a forger choose which name answers). */
		if (h->status != STUB_HOST_NXDOMAIN && h->status != STUB_HOST_NODATA)
			break;
		nodata = nodata || h->status == STUB_HOST_NODATA;
	}
	if (h->status == STUB_HOST_NXDOMAIN && nodata)
		h->status = STUB_HOST_NODATA;	/* res_nsearch: NO_DATA wins */
	stub_host_cache_store(key, klen, h);
done:
	free(cand);
	config_put(sc);
	return h;
}

/* ------------------------------------------------------------------ */
/* By address                                                           */

/* 4.3.2.1.in-addr.arpa. or the 32 nibbles of ip6.arpa. (RFC 3596 §2.5). */
static size_t reverse_name(uint8_t out[VAL_NAME_MAX], const uint8_t *addr, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	struct val_wbuf b;
	val_wbuf_init(&b, out, VAL_NAME_MAX);
	if (len == 4) {
		for (size_t i = 4; i-- > 0;) {
			char label[4];
			int l = snprintf(label, sizeof label, "%u", addr[i]);
			val_wbuf_put8(&b, (uint8_t)l);
			val_wbuf_put_bytes(&b, label, (size_t)l);
		}
		val_wbuf_put_name(&b, (const uint8_t *)"\7in-addr\4arpa");
	} else {
		for (size_t i = 16; i-- > 0;) {
			val_wbuf_put8(&b, 1);
			val_wbuf_put8(&b, (uint8_t)hex[addr[i] & 0xf]);
			val_wbuf_put8(&b, 1);
			val_wbuf_put8(&b, (uint8_t)hex[addr[i] >> 4]);
		}
		val_wbuf_put_name(&b, (const uint8_t *)"\3ip6\4arpa");
	}
	/* At most 4 * 4 + 14 or 16 * 4 + 10 octets: always fits. */
	return b.pos;
}

struct stub_host *stub_host_byaddr(const void *addr, size_t len, int family)
{
	if (!((family == AF_INET && len == 4) || (family == AF_INET6 && len == 16)))
		return host_refused("not an IPv4 or IPv6 address");
	uint8_t key[2 + 16];
	key[0] = STUB_KEY_BYADDR;
	key[1] = (uint8_t)family;
	memcpy(key + 2, addr, len);
	struct shared_config *sc;
	struct stub_host *h;
	if (host_begin(key, 2 + len, &sc, &h))
		return h;
	uint8_t qname[VAL_NAME_MAX];
	reverse_name(qname, addr, len);
	/* RFC 6147 §5.3.1: an address under a DNS64 prefix stands for the IPv4
	 * address it embeds; its PTR is the IPv4 address's, validated as such
	 * (the DNS64's answer for ip6.arpa is synthesized, and unsigned under a
	 * signed ip6.arpa). */
	struct stub_dns64_prefix p[STUB_DNS64_PREFIXES_MAX];
	size_t np = len == 16 ? dns64_prefixes(sc, p) : 0;
	for (size_t i = 0; i < np; i++) {
		uint8_t v4[4];
		if (stub_dns64_extract(&p[i], addr, v4)) {
			reverse_name(qname, v4, 4);
			break;
		}
	}
	uint16_t type = VAL_T_PTR;
	if (lookup_one(h, sc, qname, &type, 1, true, 0) == -ENOMEM) {
		config_put(sc);
		free(h);
		errno = ENOMEM;
		return NULL;
	}
	h->naddrs = 1;
	h->addrs[0].family = family;
	memcpy(h->addrs[0].addr, addr, len);
	stub_host_cache_store(key, 2 + len, h);
	config_put(sc);
	return h;
}
