/* tests/e2e/e2e_nss_buffers.c: the buffer and status contract of the NSS
 * entry points (DESIGN.md, "The NSS contract"), end to end through the lab.
 *
 * Run by check-e2e.py inside its mount namespace (nsswitch "files dnssec",
 * the lab's resolver and anchor), so that dlopen("libnss_dnssec.so.2")
 * finds the module just built.  Each argument is one case:
 *
 *   found:NAME   every byname entry point, called directly, with every
 *                buffer size from 0 up: below the size it needs
 *                NSS_STATUS_TRYAGAIN with errno ERANGE and h_errno
 *                NETDB_INTERNAL together, the result untouched and nothing
 *                written past buflen; from that size on (and misaligned)
 *                the same answer; pointers aligned; *ttlp lowered, *canonp
 *                = h_name; gethostbyname4_r with a caller-provided first
 *                tuple; then glibc's gethostbyname_r / gethostbyname2_r from
 *                a 1-octet buffer up, as an application grows it.
 *   ptr:ADDR     the same for gethostbyaddr_r / gethostbyaddr2_r.
 *   nx:NAME nodata:NAME bogus:NAME indeterminate:NAME  the status, errno
 *                and h_errno of each failure (nodata: for AF_INET).
 *   ptrnx:ADDR   no PTR there.
 *   ptrbad:ADDR  a PTR whose target is not a host name (glibc's res_hnok):
 *                NOTFOUND, NO_RECOVERY, EBADMSG, ttl 0, from both
 *                gethostbyaddr entry points, whatever the buffer.
 *   nothost:NAME a name that is not a host name: every byname entry point
 *                NOTFOUND, HOST_NOT_FOUND, ENOENT, ttl 0.
 *
 * Prints "ok ..." / "FAIL ..." lines and "N passed, M failed"; exits 1 on
 * any failure. */
#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <netdb.h>
#include <nss.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/* Largest buffer tried before giving up on finding the threshold. */
#define E2E_BUF_MAX 65536
/* Buffer sizes past the threshold, and base misalignments, tried. */
#define E2E_ABOVE 48
#define E2E_MISALIGN 8
#define E2E_CANARY 64

static unsigned passed, failed;

static void __attribute__((format(printf, 2, 3))) check(int ok, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("%s ", ok ? "ok" : "FAIL");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	if (ok)
		passed++;
	else
		failed++;
}

static nss_gethostbyname4_r *fn4;
static nss_gethostbyname3_r *fn3;
static nss_gethostbyname2_r *fn2;
static nss_gethostbyname_r *fn1;
static nss_gethostbyaddr2_r *fa2;
static nss_gethostbyaddr_r *fa1;

/* ------------------------------------------------------------------ */
/* Describing results, so that two calls can be compared                */

static void put(char *out, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void put(char *out, size_t cap, const char *fmt, ...)
{
	size_t n = strlen(out);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(out + n, cap - n, fmt, ap);
	va_end(ap);
}

static int aligned(const void *p, size_t a)
{
	return ((uintptr_t)p % a) == 0;
}

/* "name|alias,alias|af/len|addr,addr", or why it is malformed. */
static void describe_hostent(const struct hostent *he, char *out, size_t cap)
{
	out[0] = '\0';
	if (!he->h_name || !he->h_aliases || !he->h_addr_list) {
		put(out, cap, "(NULL field)");
		return;
	}
	if (!aligned(he->h_aliases, sizeof(char *)) || !aligned(he->h_addr_list, sizeof(char *)))
		put(out, cap, "(misaligned array)");
	put(out, cap, "%s|", he->h_name);
	for (char **a = he->h_aliases; *a; a++)
		put(out, cap, "%s%s", a == he->h_aliases ? "" : ",", *a);
	put(out, cap, "|%d/%d|", he->h_addrtype, he->h_length);
	for (char **a = he->h_addr_list; *a; a++) {
		char t[INET6_ADDRSTRLEN];
		if (!aligned(*a, 4))
			put(out, cap, "(misaligned address)");
		inet_ntop(he->h_addrtype, *a, t, sizeof t);
		put(out, cap, "%s%s", a == he->h_addr_list ? "" : ",", t);
	}
}

static void describe_tuples(const struct gaih_addrtuple *t, char *out, size_t cap)
{
	out[0] = '\0';
	put(out, cap, "%s|", t && t->name ? t->name : "(no canonical name)");
	for (const struct gaih_addrtuple *p = t; p; p = p->next) {
		char s[INET6_ADDRSTRLEN];
		if (!aligned(p, _Alignof(struct gaih_addrtuple)))
			put(out, cap, "(misaligned tuple)");
		if (p != t && p->name)
			put(out, cap, "(name on a later tuple)");
		inet_ntop(p->family, p->addr, s, sizeof s);
		put(out, cap, "%s%s%%%u", p == t ? "" : ",", s, p->scopeid);
	}
}

/* ------------------------------------------------------------------ */
/* One entry point, every buffer size                                   */

enum kind { K4, K3_4, K3_6, K2_4, K2_6, K1, KA2, KA1 };
static const char *const kind_name[] = {
	"gethostbyname4_r", "gethostbyname3_r(AF_INET)", "gethostbyname3_r(AF_INET6)",
	"gethostbyname2_r(AF_INET)", "gethostbyname2_r(AF_INET6)", "gethostbyname_r",
	"gethostbyaddr2_r", "gethostbyaddr_r",
};

struct call {
	enum kind kind;
	const char *name;
	uint8_t addr[16];
	socklen_t alen;
	int af;
	/* out */
	struct hostent he;
	struct gaih_addrtuple *pat;
	int err, herr;
	int32_t ttl;
	char *canon;
};

static enum nss_status call_once(struct call *c, char *buf, size_t len)
{
	c->err = 0;
	c->herr = 0;
	c->ttl = INT32_MAX;
	c->canon = NULL;
	switch (c->kind) {
	case K4: return fn4(c->name, &c->pat, buf, len, &c->err, &c->herr, &c->ttl);
	case K3_4: return fn3(c->name, AF_INET, &c->he, buf, len, &c->err, &c->herr, &c->ttl, &c->canon);
	case K3_6: return fn3(c->name, AF_INET6, &c->he, buf, len, &c->err, &c->herr, &c->ttl, &c->canon);
	case K2_4: return fn2(c->name, AF_INET, &c->he, buf, len, &c->err, &c->herr);
	case K2_6: return fn2(c->name, AF_INET6, &c->he, buf, len, &c->err, &c->herr);
	case K1: return fn1(c->name, &c->he, buf, len, &c->err, &c->herr);
	case KA2: return fa2(c->addr, c->alen, c->af, &c->he, buf, len, &c->err, &c->herr, &c->ttl);
	case KA1: return fa1(c->addr, c->alen, c->af, &c->he, buf, len, &c->err, &c->herr);
	}
	return NSS_STATUS_UNAVAIL;
}

static void describe(const struct call *c, char *out, size_t cap)
{
	if (c->kind == K4)
		describe_tuples(c->pat, out, cap);
	else
		describe_hostent(&c->he, out, cap);
}

/* From base mem + off: every size below the threshold must be the ERANGE
 * triple with the result untouched and nothing written past buflen; the
 * threshold itself succeeds.  Returns the threshold, or 0 after reporting
 * a failure. */
static char mem[E2E_BUF_MAX + E2E_MISALIGN + E2E_CANARY];

static size_t threshold(struct call *c, const char *what, size_t off, int *touched, int *overrun)
{
	static const struct hostent sentinel = { .h_name = (char *)"sentinel", .h_length = -7 };
	const char *n = c->name ? c->name : "(addr)";
	for (size_t len = 0; len <= E2E_BUF_MAX; len++) {
		memset(mem, 0xa5, off + len + E2E_CANARY);
		c->he = sentinel;
		c->pat = NULL;
		enum nss_status st = call_once(c, mem + off, len);
		for (size_t i = off + len; i < off + len + E2E_CANARY; i++)
			*overrun |= (unsigned char)mem[i] != 0xa5;
		for (size_t i = 0; i < off; i++)
			*overrun |= (unsigned char)mem[i] != 0xa5;
		if (st == NSS_STATUS_SUCCESS)
			return len;
		if (st != NSS_STATUS_TRYAGAIN || c->err != ERANGE || c->herr != NETDB_INTERNAL) {
			check(0, "%s %s: buflen %zu (base +%zu) gives status %d errno %d h_errno %d, "
			      "not TRYAGAIN/ERANGE/NETDB_INTERNAL", what, n, len, off, st, c->err, c->herr);
			return 0;
		}
		*touched |= memcmp(&c->he, &sentinel, sizeof sentinel) != 0 || c->pat != NULL;
	}
	check(0, "%s %s: no success up to %d octets", what, n, E2E_BUF_MAX);
	return 0;
}

static void buffers(struct call *c, const char *what)
{
	char first[8192], again[8192];
	int touched = 0, overrun = 0;
	const char *n = c->name ? c->name : "(addr)";

	size_t need = threshold(c, what, 0, &touched, &overrun);
	if (need == 0)
		return;
	check(1, "%s %s: succeeds with a buffer of %zu octets, ERANGE/NETDB_INTERNAL below", what, n, need);
	describe(c, first, sizeof first);
	/* describe() puts every defect in parentheses. */
	check(strchr(first, '(') == NULL, "%s %s: well-formed and aligned: %s", what, n, first);
	if (c->kind == K3_4 || c->kind == K3_6)
		check(c->canon == c->he.h_name, "%s %s: *canonp is h_name", what, n);
	if (c->kind == K4 || c->kind == K3_4 || c->kind == K3_6 || c->kind == KA2)
		check(c->ttl >= 0 && c->ttl < INT32_MAX, "%s %s: *ttlp lowered from INT32_MAX to %d", what, n,
		      (int)c->ttl);

	/* A success leaves errno as it was (glibc's dns module restores it). */
	errno = 4242;
	c->pat = NULL;
	enum nss_status st = call_once(c, mem, E2E_BUF_MAX);
	check(st == NSS_STATUS_SUCCESS && errno == 4242, "%s %s: errno as on entry after a success (%d)", what, n,
	      errno);

	/* Misaligned bases: the threshold moves by the padding only, and
	 * every size from it on gives the same answer. */
	int same = 1, close = 1;
	for (size_t off = 0; off < E2E_MISALIGN; off++) {
		size_t t = off ? threshold(c, what, off, &touched, &overrun) : need;
		if (t == 0)
			return;
		close &= t + E2E_MISALIGN > need && t < need + E2E_MISALIGN;
		for (size_t len = t; len < t + E2E_ABOVE; len++) {
			memset(mem, 0xa5, off + len + E2E_CANARY);
			c->pat = NULL;
			st = call_once(c, mem + off, len);
			for (size_t i = off + len; i < off + len + E2E_CANARY; i++)
				overrun |= (unsigned char)mem[i] != 0xa5;
			if (st != NSS_STATUS_SUCCESS) {
				same = 0;
				break;
			}
			describe(c, again, sizeof again);
			same &= strcmp(first, again) == 0;
		}
	}
	check(need > 0, "%s %s: a 0-octet buffer is too small", what, n);
	check(!touched, "%s %s: nothing of the result written while the buffer is too small", what, n);
	check(!overrun, "%s %s: nothing written outside [buffer, buffer + buflen)", what, n);
	check(close, "%s %s: misaligned bases need at most the alignment padding more", what, n);
	check(same, "%s %s: the same answer from the threshold up, at every base alignment", what, n);
}

/* glibc 2.36 passes *pat == NULL; older versions passed a tuple of their
 * own to be filled first.  Both must give the same chain. */
static void caller_tuple(const char *name)
{
	static char buf[E2E_BUF_MAX];
	struct gaih_addrtuple mine = { .family = -1 }, *pat = &mine;
	int err = 0, herr = 0;
	int32_t ttl = INT32_MAX;
	enum nss_status st = fn4(name, &pat, buf, sizeof buf, &err, &herr, &ttl);
	char a[8192], b[8192];
	if (st != NSS_STATUS_SUCCESS) {
		check(0, "gethostbyname4_r %s with a caller tuple: status %d", name, st);
		return;
	}
	check(pat == &mine, "gethostbyname4_r %s: a caller-provided first tuple is used", name);
	describe_tuples(pat, a, sizeof a);
	struct call c = { .kind = K4, .name = name };
	call_once(&c, buf, sizeof buf);
	describe_tuples(c.pat, b, sizeof b);
	check(strcmp(a, b) == 0, "gethostbyname4_r %s: the same chain with and without it (%s)", name, a);
}

/* The public functions, grown from one octet as applications do. */
static void public_growth(const char *name, int af)
{
	static char buf[E2E_BUF_MAX];
	struct hostent he, *res = NULL;
	int herr = 0, rc = -1;
	size_t len = 1;
	int saw_erange = 0, bad = 0;
	for (; len <= E2E_BUF_MAX; len *= 2) {
		rc = af == AF_INET ? gethostbyname_r(name, &he, buf, len, &res, &herr)
				   : gethostbyname2_r(name, af, &he, buf, len, &res, &herr);
		if (rc != ERANGE)
			break;
		saw_erange = 1;
		bad |= herr != NETDB_INTERNAL || res != NULL;
	}
	const char *f = af == AF_INET ? "gethostbyname_r" : "gethostbyname2_r(AF_INET6)";
	check(saw_erange && !bad, "%s %s: ERANGE with h_errno NETDB_INTERNAL from a 1-octet buffer", f, name);
	check(rc == 0 && res == &he, "%s %s: then success with %zu octets (rc %d, h_errno %d)", f, name, len,
	      rc, herr);
}

/* ------------------------------------------------------------------ */
/* Failures                                                             */

static void failure(const char *name, const char *what, int want_st, int want_herr, int want_err, int af)
{
	static char buf[E2E_BUF_MAX];
	struct call c = { .kind = af == AF_UNSPEC ? K4 : K3_4, .name = name };
	enum nss_status st = call_once(&c, buf, sizeof buf);
	check(st == want_st && c.herr == want_herr && c.err == want_err && c.ttl == 0,
	      "%s %s %s: status %d h_errno %d errno %d ttl %d (want %d %d %d 0)", kind_name[c.kind], what, name,
	      st, c.herr, c.err, (int)c.ttl, want_st, want_herr, want_err);
}

static void failures(const char *name, const char *what, int want_st, int want_herr, int want_err)
{
	failure(name, what, want_st, want_herr, want_err, AF_UNSPEC);
	failure(name, what, want_st, want_herr, want_err, AF_INET);
}

static int parse_addr(const char *s, struct call *c)
{
	if (inet_pton(AF_INET, s, c->addr) == 1) {
		c->af = AF_INET;
		c->alen = 4;
		return 0;
	}
	if (inet_pton(AF_INET6, s, c->addr) == 1) {
		c->af = AF_INET6;
		c->alen = 16;
		return 0;
	}
	return -1;
}

int main(int argc, char **argv)
{
	void *so = dlopen("libnss_dnssec.so.2", RTLD_NOW | RTLD_LOCAL);
	if (!so) {
		printf("FAIL dlopen libnss_dnssec.so.2: %s\n0 passed, 1 failed\n", dlerror());
		return 1;
	}
	fn4 = (nss_gethostbyname4_r *)dlsym(so, "_nss_dnssec_gethostbyname4_r");
	fn3 = (nss_gethostbyname3_r *)dlsym(so, "_nss_dnssec_gethostbyname3_r");
	fn2 = (nss_gethostbyname2_r *)dlsym(so, "_nss_dnssec_gethostbyname2_r");
	fn1 = (nss_gethostbyname_r *)dlsym(so, "_nss_dnssec_gethostbyname_r");
	fa2 = (nss_gethostbyaddr2_r *)dlsym(so, "_nss_dnssec_gethostbyaddr2_r");
	fa1 = (nss_gethostbyaddr_r *)dlsym(so, "_nss_dnssec_gethostbyaddr_r");
	if (!fn4 || !fn3 || !fn2 || !fn1 || !fa2 || !fa1) {
		printf("FAIL an entry point is missing\n0 passed, 1 failed\n");
		return 1;
	}
	{
		/* Any other family: NOTFOUND (never UNAVAIL), EAFNOSUPPORT. */
		static char buf[1024];
		struct hostent he;
		int err = 0, herr = 0;
		enum nss_status st = fn3("www.alg13.lab", AF_UNIX, &he, buf, sizeof buf, &err, &herr, NULL, NULL);
		check(st == NSS_STATUS_NOTFOUND && err == EAFNOSUPPORT,
		      "gethostbyname3_r(AF_UNIX): NOTFOUND, EAFNOSUPPORT (status %d errno %d)", st, err);
		uint8_t a[4] = { 127, 53, 80, 1 };
		st = fa2(a, 4, AF_UNIX, &he, buf, sizeof buf, &err, &herr, NULL);
		check(st == NSS_STATUS_NOTFOUND && err == EAFNOSUPPORT,
		      "gethostbyaddr2_r(AF_UNIX): NOTFOUND, EAFNOSUPPORT (status %d errno %d)", st, err);
		st = fa2(a, 2, AF_INET, &he, buf, sizeof buf, &err, &herr, NULL);
		check(st == NSS_STATUS_NOTFOUND && err == EAFNOSUPPORT,
		      "gethostbyaddr2_r(AF_INET, len 2): NOTFOUND, EAFNOSUPPORT (status %d errno %d)", st, err);
	}
	for (int i = 1; i < argc; i++) {
		char *arg = argv[i], *v = strchr(arg, ':');
		if (!v) {
			check(0, "argument %s: want KIND:VALUE", arg);
			continue;
		}
		*v++ = '\0';
		if (strcmp(arg, "found") == 0) {
			static const enum kind kinds[] = { K4, K3_4, K3_6, K2_4, K2_6, K1 };
			int has[K1 + 1] = { 0 };
			for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
				struct call c = { .kind = kinds[k], .name = v };
				static char probe[E2E_BUF_MAX];
				/* Only the families the name has. */
				if (call_once(&c, probe, sizeof probe) != NSS_STATUS_SUCCESS)
					continue;
				has[kinds[k]] = 1;
				buffers(&c, kind_name[kinds[k]]);
			}
			check(has[K4], "gethostbyname4_r %s: found", v);
			caller_tuple(v);
			if (has[K1])
				public_growth(v, AF_INET);
			if (has[K2_6])
				public_growth(v, AF_INET6);
		} else if (strcmp(arg, "ptr") == 0) {
			struct call c = { .kind = KA2 };
			if (parse_addr(v, &c) != 0) {
				check(0, "ptr:%s is not an address", v);
				continue;
			}
			buffers(&c, "gethostbyaddr2_r");
			c.kind = KA1;
			buffers(&c, "gethostbyaddr_r");
		} else if (strcmp(arg, "ptrnx") == 0) {
			static char buf[E2E_BUF_MAX];
			struct call c = { .kind = KA2 };
			if (parse_addr(v, &c) != 0) {
				check(0, "ptrnx:%s is not an address", v);
				continue;
			}
			enum nss_status st = call_once(&c, buf, sizeof buf);
			check(st == NSS_STATUS_NOTFOUND && c.herr == HOST_NOT_FOUND && c.ttl == 0,
			      "gethostbyaddr2_r %s: NOTFOUND, HOST_NOT_FOUND, ttl 0 (status %d h_errno %d ttl %d)", v,
			      st, c.herr, (int)c.ttl);
		} else if (strcmp(arg, "ptrbad") == 0) {
			static char buf[E2E_BUF_MAX];
			struct call c = { .kind = KA2 };
			if (parse_addr(v, &c) != 0) {
				check(0, "ptrbad:%s is not an address", v);
				continue;
			}
			static const size_t sizes[] = { 0, 64, E2E_BUF_MAX };
			for (int k = KA2; k <= KA1; k++) {
				for (size_t j = 0; j < sizeof sizes / sizeof sizes[0]; j++) {
					c.kind = (enum kind)k;
					enum nss_status st = call_once(&c, buf, sizes[j]);
					check(st == NSS_STATUS_NOTFOUND && c.herr == NO_RECOVERY && c.err == EBADMSG &&
						      (k == KA1 || c.ttl == 0),
					      "%s %s, buffer %zu: PTR not a host name: NOTFOUND, NO_RECOVERY, EBADMSG, "
					      "ttl 0 (status %d h_errno %d errno %d ttl %d)",
					      kind_name[k], v, sizes[j], st, c.herr, c.err, (int)c.ttl);
				}
			}
		} else if (strcmp(arg, "nothost") == 0) {
			static const enum kind kinds[] = { K4, K3_4, K3_6, K2_4, K2_6, K1 };
			static char buf[E2E_BUF_MAX];
			for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
				struct call c = { .kind = kinds[k], .name = v };
				enum nss_status st = call_once(&c, buf, sizeof buf);
				int has_ttl = kinds[k] == K4 || kinds[k] == K3_4 || kinds[k] == K3_6;
				check(st == NSS_STATUS_NOTFOUND && c.herr == HOST_NOT_FOUND && c.err == ENOENT &&
					      (!has_ttl || c.ttl == 0),
				      "%s %s: not a host name: NOTFOUND, HOST_NOT_FOUND, ENOENT, ttl 0 (status %d "
				      "h_errno %d errno %d ttl %d)",
				      kind_name[kinds[k]], v, st, c.herr, c.err, (int)c.ttl);
			}
		} else if (strcmp(arg, "nx") == 0) {
			failures(v, "NXDOMAIN", NSS_STATUS_NOTFOUND, HOST_NOT_FOUND, ENOENT);
		} else if (strcmp(arg, "nodata") == 0) {
			failure(v, "NODATA", NSS_STATUS_NOTFOUND, NO_DATA, ENOENT, AF_INET);
		} else if (strcmp(arg, "bogus") == 0) {
			failures(v, "bogus", NSS_STATUS_NOTFOUND, NO_RECOVERY, EBADMSG);
		} else if (strcmp(arg, "indeterminate") == 0) {
			failures(v, "indeterminate", NSS_STATUS_TRYAGAIN, TRY_AGAIN, EAGAIN);
		} else {
			check(0, "unknown case %s", arg);
		}
	}
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
