/* nss_dnssec/nss_host.c: the glibc face of nss-dnssec (DESIGN.md, "The NSS
 * contract"): _nss_dnssec_gethostbyname{,2,3,4}_r and
 * _nss_dnssec_gethostbyaddr{,2}_r for glibc 2.36.
 *
 * Thin on purpose: stub_host_byname / stub_host_byaddr do the lookup, the
 * validation, the search list and the cache, and hand back a finished
 * result.  This file only copies that result into the caller's buffer
 * (measure, check, fill, assert: STYLE.md #7) and maps its status to what
 * glibc expects:
 *
 *   status          nss status            *h_errnop        *errnop
 *   FOUND           NSS_STATUS_SUCCESS    NETDB_SUCCESS    (as on entry)
 *   NXDOMAIN        NSS_STATUS_NOTFOUND   HOST_NOT_FOUND   ENOENT
 *   NODATA          NSS_STATUS_NOTFOUND   NO_DATA          ENOENT
 *   BOGUS           NSS_STATUS_NOTFOUND   NO_RECOVERY      EBADMSG
 *   INDETERMINATE   NSS_STATUS_TRYAGAIN   TRY_AGAIN        EAGAIN
 *   (out of memory) NSS_STATUS_TRYAGAIN   NETDB_INTERNAL   ENOMEM
 *   (buffer short)  NSS_STATUS_TRYAGAIN   NETDB_INTERNAL   ERANGE
 *
 * ENOENT is what glibc's dns and files modules leave for "not found".
 * EBADMSG ("Bad message") for bogus: the answer exists but failed
 * validation; glibc itself looks only at h_errno there (NO_RECOVERY makes
 * getaddrinfo say EAI_NONAME, never EAI_NODATA, and never fall through to
 * another module under "[!UNAVAIL=return]").  ENOMEM goes with
 * NETDB_INTERNAL so that getaddrinfo reports EAI_SYSTEM with errno ENOMEM
 * and does not take it for "try a bigger buffer" (that is ERANGE only).
 * NSS_STATUS_UNAVAIL is never returned: glibc's own UNAVAIL (the module
 * cannot be loaded) is the only way past this module (DESIGN.md).
 *
 * TTLs (nscd): *ttlp is lowered to the result's TTL when that is smaller,
 * as glibc's dns module does (nscd passes INT32_MAX and may call twice);
 * anything but addresses sets it to 0, "do not cache", as dns does for
 * negative answers.  The stub caches proven negatives itself.
 *
 * RES_USE_INET6 is deprecated and ignored (glibc 2.36 no longer honours
 * it either): gethostbyname_r is IPv4, gethostbyname2_r/3_r give exactly
 * the family asked for.
 *
 * Only host names reach the program (nss_is_hostname): a name is DNS data
 * that anyone upstream may write, `reboot`|nc.evil included, and programs
 * put h_name into shell commands and log lines.  The rules and what
 * happens to a name that breaks them are glibc 2.36's dns module's
 * (resolv/nss_dns/dns-host.c, Debian 2.36-9+deb12u14):
 *
 *   the name asked (check_name,   NOTFOUND  HOST_NOT_FOUND  ENOENT
 *     and getanswer_r's qname)    (no lookup; not logged)
 *   a CNAME target in the chain   dropped: h_name is the last host name
 *     (getanswer_r_store_alias,   of the chain, the aliases the ones
 *     gaih_getanswer_slice)       before it; the addresses stay
 *   the first PTR target          NOTFOUND  NO_RECOVERY  EBADMSG, logged
 *     (getanswer_ptr)             (glibc: UNAVAIL, which this module never
 *                                 returns: it would let "[!UNAVAIL=return]"
 *                                 pass the address on to dns)
 *   a further PTR target          dropped from the aliases (glibc gives
 *                                 only the first)
 *
 * The verdict does not matter: a secure name that is not a host name is
 * still not one. */
#include <arpa/inet.h>
#include <assert.h>
#include <errno.h>
#include <netdb.h>
#include <nss.h>
#include <stdalign.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include "nss_int.h"
#include "stub/stub.h"

/* Declares every _nss_dnssec_* prototype from glibc's own typedefs, so the
 * compiler checks the signatures below against glibc 2.36's. */
NSS_DECLARE_MODULE_FUNCTIONS(dnssec)

/* Only the entry points leave the .so (with the version script). */
#define NSS_EXPORT __attribute__((visibility("default")))

/* ------------------------------------------------------------------ */
/* The caller's buffer: a bump allocator (STYLE.md #7)                  */

struct nss_buf {
	char *base;		/* the caller's buffer */
	size_t off;		/* octets used */
	size_t len;		/* octets there are */
	bool fill;		/* false: only measure, write nothing */
};

static struct nss_buf nss_buf_measure(char *buffer)
{
	return (struct nss_buf){ .base = buffer, .len = SIZE_MAX, .fill = false };
}

static struct nss_buf nss_buf_fill(char *buffer, size_t buflen)
{
	return (struct nss_buf){ .base = buffer, .len = buflen, .fill = true };
}

/* size octets aligned to align (a power of two), or NULL when full.  The
 * padding depends on the real address, so measuring starts from the
 * caller's buffer too.  When measuring, the pointer returned is only a
 * token that must not be written through (the buffer's start). */
static void *nss_buf_take(struct nss_buf *b, size_t size, size_t align)
{
	size_t pad = (size_t)(-((uintptr_t)b->base + b->off) & (align - 1));
	if (pad > b->len - b->off || size > b->len - b->off - pad)
		return NULL;
	char *r = b->base + (b->fill ? b->off + pad : 0);
	b->off += pad + size;
	return r;
}

static char *nss_buf_string(struct nss_buf *b, const char *s)
{
	size_t n = strlen(s) + 1;
	char *r = nss_buf_take(b, n, 1);
	if (r && b->fill)
		memcpy(r, s, n);
	return r;
}

/* ------------------------------------------------------------------ */
/* Host names                                                           */

/* The octets a host name label may hold (glibc's binary_hnok): RFC 952
 * letters, digits and hyphen, and the underscore that glibc has allowed
 * since 2.26 (its bug 22409: names such as _sip._tcp are in use). */
static bool nss_hostname_octet(unsigned c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' ||
	       c == '_';
}

/* true if name, in presentation form (RFC 1035 §5.1 escapes, trailing dot
 * optional), is a host name by glibc 2.36's res_hnok: only printable ASCII
 * in the text; it parses as a domain name (labels of 1..63 octets, at most
 * 255 in all on the wire); every octet of every label, escapes decoded,
 * is a letter, digit, '-' or '_'; the first label does not start with '-'
 * (a name must not read as a program option).  "" and "." (the root) are
 * host names, as for res_hnok. */
static bool nss_is_hostname(const char *name)
{
	const unsigned char *p = (const unsigned char *)name;
	size_t wire = 1;	/* the root label's octet */
	size_t label = 0;	/* octets of the current label so far */
	bool first = true;	/* in the first label */
	if (p[0] == '.' && p[1] == '\0')
		return true;
	while (*p != '\0') {
		unsigned c = *p++;
		if (c <= ' ' || c > '~')
			return false;
		if (c == '.') {
			if (label == 0)
				return false;	/* ".x", "x..y": an empty label */
			wire += label + 1;
			label = 0;
			first = false;
			continue;
		}
		if (c == '\\') {
			if (*p >= '0' && *p <= '9') {	/* \DDD: exactly three digits */
				if (!(p[1] >= '0' && p[1] <= '9' && p[2] >= '0' && p[2] <= '9'))
					return false;
				c = (unsigned)(p[0] - '0') * 100 + (unsigned)(p[1] - '0') * 10 + (unsigned)(p[2] - '0');
				if (c > 255)
					return false;
				p += 3;
			} else {			/* \X: X itself */
				c = *p++;
				if (c <= ' ' || c > '~')
					return false;	/* also a backslash at the end */
			}
		}
		if (!nss_hostname_octet(c) || (first && label == 0 && c == '-'))
			return false;
		if (++label > 63)
			return false;
	}
	if (label > 0)
		wire += label + 1;
	return wire <= 255;
}

/* The CNAME chain names[0..n-1] (the name looked up first, the canonical
 * name last) without the names that are not host names, into out (n
 * entries at most); how many there are.  names[0] must be one: 0 if not
 * (the caller refuses the lookup, as glibc does a qname that is not). */
static size_t nss_hostname_chain(const char (*names)[VAL_NAME_STR_MAX], size_t n, const char **out)
{
	if (n == 0 || !nss_is_hostname(names[0]))
		return 0;
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (nss_is_hostname(names[i]))
			out[k++] = names[i];
	return k;
}

/* ------------------------------------------------------------------ */
/* Statuses                                                             */

/* *h_errnop, and the thread's h_errno too, as glibc's dns module leaves it
 * (its resolver sets both): CPython's socket.gethostbyaddr reads h_errno,
 * not the h_errnop it passed to gethostbyaddr_r. */
static void nss_set_herr(int *h_errnop, int v)
{
	*h_errnop = v;
	h_errno = v;
}

static enum nss_status nss_erange(int *errnop, int *h_errnop)
{
	*errnop = ERANGE;
	nss_set_herr(h_errnop, NETDB_INTERNAL);
	return NSS_STATUS_TRYAGAIN;
}

/* The name asked is not a host name: what glibc's dns module says for it
 * (check_name, getanswer_r), as for a name that does not exist.  Not
 * logged: no DNS data was refused, the program asked for a non-name. */
static enum nss_status nss_not_hostname(int *errnop, int *h_errnop, int32_t *ttlp)
{
	if (ttlp)
		*ttlp = 0;
	*errnop = ENOENT;
	nss_set_herr(h_errnop, HOST_NOT_FOUND);
	return NSS_STATUS_NOTFOUND;
}

/* Everything but addresses: the table at the top of this file.  h may be
 * NULL (out of memory).  Logs bogus and indeterminate results. */
static enum nss_status nss_failure(const struct stub_host *h, const char *asked, const char *what,
				   int *errnop, int *h_errnop, int32_t *ttlp)
{
	if (ttlp)
		*ttlp = 0;
	if (!h) {
		*errnop = ENOMEM;
		nss_set_herr(h_errnop, NETDB_INTERNAL);
		return NSS_STATUS_TRYAGAIN;
	}
	switch (h->status) {
	case STUB_HOST_NXDOMAIN:
		*errnop = ENOENT;
		nss_set_herr(h_errnop, HOST_NOT_FOUND);
		return NSS_STATUS_NOTFOUND;
	case STUB_HOST_FOUND:	/* but nothing of the family asked for */
	case STUB_HOST_NODATA:
		*errnop = ENOENT;
		nss_set_herr(h_errnop, NO_DATA);
		return NSS_STATUS_NOTFOUND;
	case STUB_HOST_BOGUS:
		nss_log_failure(h, asked, what);
		*errnop = EBADMSG;
		nss_set_herr(h_errnop, NO_RECOVERY);
		return NSS_STATUS_NOTFOUND;
	case STUB_HOST_INDETERMINATE:
		break;
	}
	/* Indeterminate, and anything unknown: fail closed, retryable. */
	nss_log_failure(h, asked, what);
	*errnop = EAGAIN;
	nss_set_herr(h_errnop, TRY_AGAIN);
	return NSS_STATUS_TRYAGAIN;
}

static void nss_set_ttl(int32_t *ttlp, uint32_t ttl)
{
	if (ttl > INT32_MAX)
		ttl = INT32_MAX;
	if (ttlp && *ttlp > (int32_t)ttl)
		*ttlp = (int32_t)ttl;
}

static size_t nss_addr_len(int family)
{
	return family == AF_INET6 ? 16 : 4;
}

static size_t nss_count_family(const struct stub_host *h, int family)
{
	size_t n = 0;
	for (size_t i = 0; i < h->naddrs; i++)
		n += h->addrs[i].family == family;
	return n;
}

/* ------------------------------------------------------------------ */
/* struct hostent                                                       */

/* What goes into a hostent: h_name, the aliases, the addresses of one
 * family (pointers into the stub_host; host names only). */
struct nss_hostent_src {
	const char *name;
	const char *const *aliases;
	size_t naliases;
	const struct stub_host_addr *addrs;	/* all of them; only family is taken */
	size_t naddrs;
	int family;
};

/* Lays out src in b: the two pointer arrays first (the buffer's own
 * alignment serves them), then the addresses (4-aligned: applications
 * cast h_addr_list[i] to struct in_addr *), then the strings.  With
 * b->fill false it only advances the cursor, so that running it twice,
 * once to measure and once to fill, gives the same layout.  false when b
 * is full. */
static bool nss_hostent_layout(struct nss_buf *b, const struct nss_hostent_src *src,
			       struct hostent *out)
{
	size_t alen = nss_addr_len(src->family);
	size_t n = 0;
	for (size_t i = 0; i < src->naddrs; i++)
		n += src->addrs[i].family == src->family;

	char **aliases = nss_buf_take(b, (src->naliases + 1) * sizeof(char *), alignof(char *));
	char **list = nss_buf_take(b, (n + 1) * sizeof(char *), alignof(char *));
	if (!aliases || !list)
		return false;
	size_t k = 0;
	for (size_t i = 0; i < src->naddrs; i++) {
		if (src->addrs[i].family != src->family)
			continue;
		char *a = nss_buf_take(b, alen, alignof(uint32_t));
		if (!a)
			return false;
		if (b->fill) {
			memcpy(a, src->addrs[i].addr, alen);
			list[k] = a;
		}
		k++;
	}
	char *name = nss_buf_string(b, src->name);
	if (!name)
		return false;
	for (size_t i = 0; i < src->naliases; i++) {
		char *a = nss_buf_string(b, src->aliases[i]);
		if (!a)
			return false;
		if (b->fill)
			aliases[i] = a;
	}
	if (b->fill) {
		aliases[src->naliases] = NULL;
		list[n] = NULL;
		out->h_name = name;
		out->h_aliases = aliases;
		out->h_addrtype = src->family;
		out->h_length = (int)alen;
		out->h_addr_list = list;
	}
	return true;
}

/* Measure, check, fill, assert.  SUCCESS, or the ERANGE triple with
 * nothing of *result touched. */
static enum nss_status nss_hostent_put(const struct nss_hostent_src *src, struct hostent *result,
				       char *buffer, size_t buflen, int *errnop, int *h_errnop)
{
	struct nss_buf m = nss_buf_measure(buffer);
	bool ok = nss_hostent_layout(&m, src, NULL);
	assert(ok);	/* measuring has no end */
	size_t need = m.off;
	if (need > buflen)
		return nss_erange(errnop, h_errnop);
	struct nss_buf b = nss_buf_fill(buffer, buflen);
	ok = nss_hostent_layout(&b, src, result);
	assert(ok && b.off == need);
	(void)ok;
	nss_set_herr(h_errnop, NETDB_SUCCESS);
	return NSS_STATUS_SUCCESS;
}

/* ------------------------------------------------------------------ */
/* By name                                                              */

NSS_EXPORT enum nss_status _nss_dnssec_gethostbyname3_r(const char *name, int af, struct hostent *result,
							char *buffer, size_t buflen, int *errnop,
							int *h_errnop, int32_t *ttlp, char **canonp)
{
	if (af != AF_INET && af != AF_INET6) {
		/* As glibc's dns module, but NOTFOUND: never UNAVAIL. */
		*errnop = EAFNOSUPPORT;
		nss_set_herr(h_errnop, NO_DATA);
		return NSS_STATUS_NOTFOUND;
	}
	if (!nss_is_hostname(name))
		return nss_not_hostname(errnop, h_errnop, ttlp);
	const char *what = af == AF_INET ? "A" : "AAAA";
	int saved_errno = errno;
	struct stub_host *h = stub_host_byname(name, af);
	nss_log_relaxed(h, name, what);
	enum nss_status st;
	if (!h || h->status != STUB_HOST_FOUND || h->nnames == 0 || nss_count_family(h, af) == 0) {
		st = nss_failure(h, name, what, errnop, h_errnop, ttlp);
		goto out;
	}
	/* names[] is the CNAME chain; of its host names, the last is the
	 * canonical name, the ones before it are the aliases (as glibc's dns
	 * module gives them). */
	const char *chain[STUB_HOST_NAMES_MAX];
	size_t nchain = nss_hostname_chain(h->names, h->nnames, chain);
	if (nchain == 0) {	/* the search list made a non-host name */
		st = nss_not_hostname(errnop, h_errnop, ttlp);
		goto out;
	}
	struct nss_hostent_src src = {
		.name = chain[nchain - 1],
		.aliases = chain,
		.naliases = nchain - 1,
		.addrs = h->addrs,
		.naddrs = h->naddrs,
		.family = af,
	};
	st = nss_hostent_put(&src, result, buffer, buflen, errnop, h_errnop);
	if (st == NSS_STATUS_SUCCESS) {
		nss_set_ttl(ttlp, h->ttl);
		if (canonp)
			*canonp = result->h_name;
		errno = saved_errno;
	}
out:
	stub_host_free(h);
	return st;
}

NSS_EXPORT enum nss_status _nss_dnssec_gethostbyname2_r(const char *name, int af, struct hostent *result,
							char *buffer, size_t buflen, int *errnop,
							int *h_errnop)
{
	return _nss_dnssec_gethostbyname3_r(name, af, result, buffer, buflen, errnop, h_errnop, NULL, NULL);
}

NSS_EXPORT enum nss_status _nss_dnssec_gethostbyname_r(const char *name, struct hostent *result,
						       char *buffer, size_t buflen, int *errnop,
						       int *h_errnop)
{
	return _nss_dnssec_gethostbyname3_r(name, AF_INET, result, buffer, buflen, errnop, h_errnop,
					    NULL, NULL);
}

/* getaddrinfo(AF_UNSPEC): A and AAAA in one lookup, as a chain of
 * gaih_addrtuple, A first.  glibc 2.36 passes *pat == NULL (getaddrinfo
 * and nscd both); earlier versions passed one tuple of their own, which
 * then holds the first address.  Only the first tuple carries the
 * canonical name (getaddrinfo takes AI_CANONNAME from it), as glibc's
 * files and dns modules do. */
static bool nss_tuples_layout(struct nss_buf *b, const struct stub_host *h, const char *canonical,
			      struct gaih_addrtuple **pat)
{
	char *canon = nss_buf_string(b, canonical);
	if (!canon)
		return false;
	struct gaih_addrtuple *first = *pat, *prev = NULL;
	for (size_t i = 0; i < h->naddrs; i++) {
		struct gaih_addrtuple *t = i == 0 ? first : NULL;
		if (!t) {
			t = nss_buf_take(b, sizeof *t, alignof(struct gaih_addrtuple));
			if (!t)
				return false;
		}
		if (!b->fill)
			continue;
		const struct stub_host_addr *a = &h->addrs[i];
		t->next = NULL;
		t->name = i == 0 ? canon : NULL;
		t->family = a->family;
		memset(t->addr, 0, sizeof t->addr);
		memcpy(t->addr, a->addr, nss_addr_len(a->family));
		t->scopeid = 0;
		if (prev)
			prev->next = t;
		else
			*pat = t;
		prev = t;
	}
	return true;
}

NSS_EXPORT enum nss_status _nss_dnssec_gethostbyname4_r(const char *name, struct gaih_addrtuple **pat,
							char *buffer, size_t buflen, int *errnop,
							int *herrnop, int32_t *ttlp)
{
	if (!nss_is_hostname(name))
		return nss_not_hostname(errnop, herrnop, ttlp);
	int saved_errno = errno;
	struct stub_host *h = stub_host_byname(name, AF_UNSPEC);
	nss_log_relaxed(h, name, "A+AAAA");
	enum nss_status st;
	if (!h || h->status != STUB_HOST_FOUND || h->nnames == 0 || h->naddrs == 0) {
		st = nss_failure(h, name, "A+AAAA", errnop, herrnop, ttlp);
		goto out;
	}
	/* The canonical name: the last host name of the CNAME chain. */
	const char *chain[STUB_HOST_NAMES_MAX];
	size_t nchain = nss_hostname_chain(h->names, h->nnames, chain);
	if (nchain == 0) {
		st = nss_not_hostname(errnop, herrnop, ttlp);
		goto out;
	}
	/* The canonical name first: strings need no alignment, so the
	 * tuples' padding is the same whether measured or filled. */
	struct nss_buf m = nss_buf_measure(buffer);
	bool ok = nss_tuples_layout(&m, h, chain[nchain - 1], pat);
	assert(ok);
	size_t need = m.off;
	if (need > buflen) {
		st = nss_erange(errnop, herrnop);
		goto out;
	}
	struct nss_buf b = nss_buf_fill(buffer, buflen);
	ok = nss_tuples_layout(&b, h, chain[nchain - 1], pat);
	assert(ok && b.off == need);
	(void)ok;
	nss_set_ttl(ttlp, h->ttl);
	nss_set_herr(herrnop, NETDB_SUCCESS);
	errno = saved_errno;
	st = NSS_STATUS_SUCCESS;
out:
	stub_host_free(h);
	return st;
}

/* ------------------------------------------------------------------ */
/* By address                                                           */

NSS_EXPORT enum nss_status _nss_dnssec_gethostbyaddr2_r(const void *addr, socklen_t len, int af,
							struct hostent *result, char *buffer,
							size_t buflen, int *errnop, int *h_errnop,
							int32_t *ttlp)
{
	/* As glibc's dns module: an IPv4-mapped (::ffff:a.b.c.d) or
	 * IPv4-compatible (::a.b.c.d, not ::1) address is looked up, and
	 * returned, as the IPv4 address it holds. */
	static const uint8_t mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	static const uint8_t tunnelled[12] = { 0 };
	static const uint8_t v6local[4] = { 0, 0, 0, 1 };
	const uint8_t *u = addr;
	if (af == AF_INET6 && len == 16 &&
	    (memcmp(u, mapped, 12) == 0 ||
	     (memcmp(u, tunnelled, 12) == 0 && memcmp(u + 12, v6local, 4) != 0))) {
		u += 12;
		af = AF_INET;
		len = 4;
	}
	if ((af != AF_INET && af != AF_INET6) || len < nss_addr_len(af)) {
		*errnop = EAFNOSUPPORT;
		nss_set_herr(h_errnop, NETDB_INTERNAL);
		return NSS_STATUS_NOTFOUND;
	}
	len = (socklen_t)nss_addr_len(af);

	int saved_errno = errno;
	struct stub_host *h = stub_host_byaddr(u, len, af);
	if (h && (h->unvalidated || h->time_unchecked)) {
		char text[INET6_ADDRSTRLEN];
		if (!inet_ntop(af, u, text, sizeof text))
			strcpy(text, "?");
		nss_log_relaxed(h, text, "PTR");
	}
	enum nss_status st;
	if (!h || h->status != STUB_HOST_FOUND || h->nptrs == 0) {
		char text[INET6_ADDRSTRLEN];
		if (!inet_ntop(af, u, text, sizeof text))
			strcpy(text, "?");
		st = nss_failure(h, text, "PTR", errnop, h_errnop, ttlp);
		goto out;
	}
	/* h_name is the first PTR target (in the order of the answer, as
	 * glibc's getanswer_ptr takes it): not a host name, the lookup is
	 * refused, as glibc refuses it.  Any further ones that are host names
	 * are aliases (glibc 2.36's dns module drops them).  The address list
	 * is the address asked about. */
	if (!nss_is_hostname(h->ptrs[0])) {
		char text[INET6_ADDRSTRLEN];
		if (!inet_ntop(af, u, text, sizeof text))
			strcpy(text, "?");
		nss_log_not_hostname(h, text, "PTR", h->ptrs[0]);
		if (ttlp)
			*ttlp = 0;
		*errnop = EBADMSG;
		nss_set_herr(h_errnop, NO_RECOVERY);
		st = NSS_STATUS_NOTFOUND;
		goto out;
	}
	const char *aliases[STUB_HOST_PTRS_MAX];
	size_t naliases = 0;
	for (size_t i = 1; i < h->nptrs; i++)
		if (nss_is_hostname(h->ptrs[i]))
			aliases[naliases++] = h->ptrs[i];
	struct stub_host_addr self = { .family = af };
	memcpy(self.addr, u, len);
	struct nss_hostent_src src = {
		.name = h->ptrs[0],
		.aliases = aliases,
		.naliases = naliases,
		.addrs = &self,
		.naddrs = 1,
		.family = af,
	};
	st = nss_hostent_put(&src, result, buffer, buflen, errnop, h_errnop);
	if (st == NSS_STATUS_SUCCESS) {
		nss_set_ttl(ttlp, h->ttl);
		errno = saved_errno;
	}
out:
	stub_host_free(h);
	return st;
}

NSS_EXPORT enum nss_status _nss_dnssec_gethostbyaddr_r(const void *addr, socklen_t len, int af,
						       struct hostent *result, char *buffer,
						       size_t buflen, int *errnop, int *h_errnop)
{
	return _nss_dnssec_gethostbyaddr2_r(addr, len, af, result, buffer, buflen, errnop, h_errnop,
					    NULL);
}
