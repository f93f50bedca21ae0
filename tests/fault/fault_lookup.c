/* tests/fault/fault_lookup.c: every system call and allocation of a lookup
 * made to fail in turn (issue 20, item 11).
 *
 * One run is what a process does when it resolves: read a configuration
 * with drop-ins, resolv.conf and anchors (stub_config_read and friends,
 * as check-config does), then three host lookups through the NSS entry
 * (stub_host_byname): www.a.test. A+AAAA cold, ftp.a.test. A with the
 * chain from the process cache, www.a.test. again from the result cache.
 * Each run makes one call fail: for each wrapped function F (fault_wrap.c)
 * and N = 1, 2, ... the N-th call of F fails (and, for the "from"
 * families, every later one too), until a run makes fewer than N calls of
 * F.  Each time:
 *
 *   - no crash (ASan and UBSan under SANITIZE=1, signals in both builds;
 *     the run that crashed is named);
 *   - no leak: after the run, the result cache flushed and the process
 *     configuration replaced, no allocation made during the run is live
 *     (LeakSanitizer looks again at exit under SANITIZE=1);
 *   - no descriptor left open (or closed);
 *   - each lookup either gives the right answer, secure (the fault was
 *     survived: a retry, a non-essential path), or, only when a failure
 *     was injected, is indeterminate with a reason that names what failed
 *     ("out of memory", "Too many open files", ...), or returns NULL with
 *     ENOMEM for an allocation (the NSS layer says TRYAGAIN/ENOMEM).  Never
 *     bogus, never a proven denial, never other addresses.  The
 *     configuration is read completely or not at all, with the reason.
 *
 * The runs share this process (quick, and a leak or stale state of one
 * shows in the next), except those of dlopen and dlvsym, each in a child:
 * libcrypto, once started, stays started.
 *
 * The upstream is a signed zone served by a process of the test
 * (fault_zone.c), on 127.0.0.1.
 *
 *   fault_lookup [-v] [FUNCTION...]   only the families of those functions
 */
#include <ares.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fault.h"
#include "stub/stub.h"
#include "stub/stub_conf_int.h" /* the configuration readers' own results */

#if defined(__SANITIZE_ADDRESS__)
#define FAULT_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FAULT_ASAN 1
#endif
#endif
#ifdef FAULT_ASAN
#include <sanitizer/asan_interface.h>
#endif

static bool verbose;
static char dir[64], conf_a[128], conf_b[128], dropins[128], resolv[128], anchor[128];

/* ------------------------------------------------------------------ */
/* Files                                                                */

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f) == 0 ? 0 : -1;
}

static int make_dir(void)
{
	snprintf(dir, sizeof dir, "/tmp/nss-dnssec-fault.XXXXXX");
	if (!mkdtemp(dir) || chmod(dir, 0755) != 0)
		return -1;
	snprintf(anchor, sizeof anchor, "%s/anchor.key", dir);
	return 0;
}

static int make_files(uint16_t port)
{
	char text[512], path[256];
	snprintf(conf_a, sizeof conf_a, "%s/a.conf", dir);
	snprintf(conf_b, sizeof conf_b, "%s/b.conf", dir);
	snprintf(dropins, sizeof dropins, "%s/conf.d", dir);
	snprintf(resolv, sizeof resolv, "%s/resolv.conf", dir);
	snprintf(text, sizeof text,
		 "# the fault-injection upstream\ntrust-anchor-file %s\nnameserver 127.0.0.1#%u\ntimeout 3\n",
		 anchor, port);
	if (write_file(conf_a, text) != 0 || write_file(conf_b, text) != 0 || mkdir(dropins, 0755) != 0)
		return -1;
	snprintf(path, sizeof path, "%s/10-nta.conf", dropins);
	if (write_file(path, "negative-trust-anchor corp.example\n") != 0)
		return -1;
	snprintf(path, sizeof path, "%s/20-secure.conf", dropins);
	if (write_file(path, "require-secure bank.example\n") != 0)
		return -1;
	return write_file(resolv, "nameserver 127.0.0.2\nsearch example.org\noptions ndots:2 attempts:3\n");
}

static void remove_files(void)
{
	char path[256];
	snprintf(path, sizeof path, "%s/10-nta.conf", dropins);
	unlink(path);
	snprintf(path, sizeof path, "%s/20-secure.conf", dropins);
	unlink(path);
	rmdir(dropins);
	unlink(conf_a);
	unlink(conf_b);
	unlink(resolv);
	unlink(anchor);
	rmdir(dir);
}

/* The open descriptors, as a bit set of the first 1024. */
struct fdset {
	uint64_t bits[16];
	bool over;
};

static void fds_now(struct fdset *s)
{
	memset(s, 0, sizeof *s);
	DIR *d = opendir("/proc/self/fd");
	if (!d) {
		s->over = true;
		return;
	}
	int self = dirfd(d);
	struct dirent *e;
	while ((e = readdir(d))) {
		int fd = atoi(e->d_name);
		if (e->d_name[0] == '.' || fd == self)
			continue;
		if (fd >= 1024)
			s->over = true;
		else
			s->bits[fd / 64] |= 1ULL << (fd % 64);
	}
	closedir(d);
}

/* ------------------------------------------------------------------ */
/* Judging one outcome                                                  */

/* What a run reports to the parent. */
struct report {
	unsigned calls;		/* of the planned function */
	bool injected;
	unsigned secure, indeterminate, enomem;	/* outcomes of the 4 parts */
	char why[VAL_WHY_MAX];	/* the first indeterminate reason */
	char problem[VAL_WHY_MAX + 128];	/* empty: passed */
};

static void problem(struct report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(struct report *r, const char *fmt, ...)
{
	if (r->problem[0])
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->problem, sizeof r->problem, fmt, ap);
	va_end(ap);
}

/* Does why name the failure of fn (with errno err)? */
static bool names_failure(const char *why, enum fault_fn fn, int err)
{
	if (strstr(why, strerror(err)))
		return true;
	if (fault_fns[fn].alloc && (strstr(why, "out of memory") || strstr(why, "Out of memory")))
		return true;
	if ((fn == FN_DLOPEN || fn == FN_DLVSYM) && strstr(why, "OpenSSL could not be started"))
		return true;
	if (fn == FN_READ && strstr(why, "read error"))
		return true;
	return false;
}

static void indeterminate(struct report *r, const struct fault_plan *p, const char *what, const char *why)
{
	r->indeterminate++;
	if (!r->why[0])
		snprintf(r->why, sizeof r->why, "%s", why);
	int err = p->err ? p->err : fault_fns[p->fn].err;
	if (!fault_injected())
		problem(r, "%s: failed without an injected failure: %s", what, why);
	else if (!names_failure(why, p->fn, err))
		problem(r, "%s: the reason does not name the failure (%s): %s", what,
		      strerror(err), why);
}

struct want {
	size_t n;
	struct stub_host_addr a[2];
};

static void judge_host(struct report *r, const struct fault_plan *p, const char *what, const struct stub_host *h,
		       int err, const struct want *w)
{
	if (!h) {
		if (err == ENOMEM && fault_injected() && fault_fns[p->fn].alloc)
			r->enomem++;
		else
			problem(r, "%s: NULL with errno %s", what, strerror(err));
		return;
	}
	if (h->status == STUB_HOST_INDETERMINATE && h->verdict == VAL_INDETERMINATE) {
		indeterminate(r, p, what, h->why);
		return;
	}
	bool same = h->status == STUB_HOST_FOUND && h->verdict == VAL_SECURE && h->naddrs == w->n;
	for (size_t i = 0; same && i < w->n; i++)
		same = h->addrs[i].family == w->a[i].family &&
		       memcmp(h->addrs[i].addr, w->a[i].addr, w->a[i].family == AF_INET ? 4 : 16) == 0;
	if (same)
		r->secure++;
	else
		problem(r, "%s: status %d, verdict %s, %zu addresses: %s", what,
		      (int)h->status, val_verdict_str(h->verdict), h->naddrs, h->why);
}

/* The configuration as check-config reads it: the file, its drop-ins,
 * resolv.conf, the anchors. */
static void config_part(struct report *r, const struct fault_plan *p, struct stub_config *c)
{
	stub_config_init(c);
	size_t builtin_ntas = c->nntas;
	int rc = stub_config_read(c, conf_a, dropins);
	if (rc == 0)
		rc = stub_resolv_read(c, resolv);
	if (rc == 0)
		rc = stub_anchors_load(c);
	if (rc != 0 || c->error[0]) {
		if (!c->error[0])
			problem(r, "configuration: %s without a message", strerror(-rc));
		else if (rc == 0)
			problem(r, "configuration: an error but success: %s", c->error);
		else
			indeterminate(r, p, "configuration", c->error);
	} else if (c->nservers != 1 || c->nanchors != 1 || c->nntas != builtin_ntas + 1 || c->nrequire != 1 ||
		   c->nsearch != 1 || c->ndots != 2 || c->attempts != 3) {
		problem(r, "configuration: read without error but incomplete: %zu servers, %zu anchors, "
			   "%zu NTAs, %zu require-secure, %zu search domains, ndots %u, attempts %u",
			c->nservers, c->nanchors, c->nntas, c->nrequire, c->nsearch, c->ndots, c->attempts);
	} else {
		r->secure++;
	}
	stub_config_free(c);
}

static void run(const struct fault_plan *p, struct report *r)
{
	static const struct want www = { 2, { { AF_INET, { 192, 0, 2, 1 } },
					      { AF_INET6, { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 } } } };
	static const struct want ftp = { 1, { { AF_INET, { 192, 0, 2, 2 } } } };
	struct fdset before, after;
	struct stub_config *c = calloc(1, sizeof *c);
	if (!c) {
		problem(r, "test: out of memory");
		return;
	}
	fds_now(&before);
	/* Another file than the last run's: the configuration is read again. */
	setenv("NSS_DNSSEC_CONF", conf_b, 1);

	fault_set_plan(p);
	fault_arm(true);
	config_part(r, p, c);
	struct stub_host *h1 = stub_host_byname("www.a.test.", AF_UNSPEC);
	int e1 = errno;
	struct stub_host *h2 = stub_host_byname("ftp.a.test.", AF_INET);
	int e2 = errno;
	struct stub_host *h3 = stub_host_byname("www.a.test.", AF_UNSPEC);
	int e3 = errno;
	fault_arm(false);
	r->calls = fault_calls(p->fn);
	r->injected = fault_injected();

	judge_host(r, p, "www.a.test. A+AAAA", h1, e1, &www);
	judge_host(r, p, "ftp.a.test. A", h2, e2, &ftp);
	judge_host(r, p, "www.a.test. A+AAAA again", h3, e3, &www);
	stub_host_free(h1);
	stub_host_free(h2);
	stub_host_free(h3);
	free(c);

	/* What may outlive a lookup: the process configuration (replaced
	 * here by another file's, read without faults; a name that is no
	 * name reads it and stops) and the cache (emptied). */
	stub_cache_flush();
	setenv("NSS_DNSSEC_CONF", conf_a, 1);
	stub_host_free(stub_host_byname("a..b", AF_INET));
	stub_cache_flush();
	size_t bytes, live = fault_live_allocs(&bytes);
	if (live)
		problem(r, "leak: %zu allocations (%zu octets) made during the run are still live", live, bytes);
	fault_forget_allocs();
	fds_now(&after);
	for (int fd = 0; fd < 1024; fd++)
		if ((after.bits[fd / 64] ^ before.bits[fd / 64]) & (1ULL << (fd % 64)))
			problem(r, "descriptor %d %s", fd,
				after.bits[fd / 64] & (1ULL << (fd % 64)) ? "left open" : "closed by the run");
	if (after.over != before.over)
		problem(r, "descriptors: more than 1024 open");
}

/* ------------------------------------------------------------------ */
/* Running                                                              */

/* The run under way, for a crash report. */
static char current[192];

static void say_current(void)
{
	if (current[0]) {
		ssize_t w = write(STDERR_FILENO, current, strlen(current));
		(void)w;
	}
}

/* A test program's handler (the module has none): which failure it was,
 * then the default action. */
static void on_crash(int sig)
{
	say_current();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* One run in this process; the crypto families run in a child instead
 * (run_child), since libcrypto, once started, stays started. */
static bool run_here(const struct fault_plan *p, struct report *r)
{
	memset(r, 0, sizeof *r);
	alarm(30);	/* a lookup that hangs is a failure too */
	run(p, r);
	alarm(0);
	return true;
}

/* One run in a child; false when it died without reporting. */
static bool run_child(const struct fault_plan *p, struct report *r)
{
	int fds[2];
	memset(r, 0, sizeof *r);
	if (pipe2(fds, O_CLOEXEC) != 0) {
		snprintf(r->problem, sizeof r->problem, "test: pipe: %s", strerror(errno));
		return false;
	}
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[0]);
		run_here(p, r);
		ssize_t w = write(fds[1], r, sizeof *r);
		/* No LeakSanitizer run at exit: the parent's covers the code. */
		_exit(w == (ssize_t)sizeof *r ? 0 : 3);
	}
	close(fds[1]);
	if (pid < 0) {
		close(fds[0]);
		snprintf(r->problem, sizeof r->problem, "test: fork: %s", strerror(errno));
		return false;
	}
	ssize_t n = read(fds[0], r, sizeof *r);
	close(fds[0]);
	int st;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (n == (ssize_t)sizeof *r && WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return true;
	memset(r, 0, sizeof *r);
	if (WIFSIGNALED(st))
		snprintf(r->problem, sizeof r->problem, "crashed: %s", strsignal(WTERMSIG(st)));
	else
		snprintf(r->problem, sizeof r->problem, "died with exit status %d (a sanitizer report is above)",
			 WEXITSTATUS(st));
	return false;
}

/* ------------------------------------------------------------------ */
/* The families                                                         */

struct family {
	enum fault_fn fn;
	bool from_on;
	int err;		/* 0: the function's usual one */
	/* totals */
	unsigned runs, injected, passed, failed, secure, indeterminate, enomem;
	char whys[3][VAL_WHY_MAX];
};

/* dlopen and dlvsym first, each run in a child: libcrypto is started once
 * per process, and the parent starts it after them.  The order of the
 * others does not matter. */
#define FAMILY(f, from, e) { .fn = (f), .from_on = (from), .err = (e) }
static struct family families[] = {
	FAMILY(FN_DLOPEN, true, 0),
	FAMILY(FN_DLOPEN, false, 0),
	/* Every symbol in turn; "once" would only show the next start
	 * attempt succeed, as dlopen's "once" does. */
	FAMILY(FN_DLVSYM, true, 0),
	FAMILY(FN_MALLOC, false, 0),
	FAMILY(FN_MALLOC, true, 0),
	FAMILY(FN_CALLOC, false, 0),
	FAMILY(FN_CALLOC, true, 0),
	FAMILY(FN_STRDUP, false, 0),
	/* Not "from" for c-ares: an answer it cannot allocate for while
	 * reading it is dropped without a word (c-ares 1.18), and every
	 * later one too; each such run would only wait for the deadline. */
	FAMILY(FN_ARES_MALLOC, false, 0),
	FAMILY(FN_ARES_REALLOC, false, 0),
	/* libcrypto's allocations while it verifies (it is started before). */
	FAMILY(FN_OPENSSL_MALLOC, false, 0),
	FAMILY(FN_OPENSSL_REALLOC, false, 0),
	FAMILY(FN_GETRANDOM, false, 0),
	FAMILY(FN_GETRANDOM, true, 0),
	FAMILY(FN_SOCKET, false, 0),
	FAMILY(FN_SOCKET, true, 0),
	FAMILY(FN_CONNECT, false, 0),
	FAMILY(FN_CONNECT, true, 0),
	FAMILY(FN_SENDMSG, false, 0),
	FAMILY(FN_SENDMSG, true, 0),
	FAMILY(FN_RECVFROM, false, 0),
	FAMILY(FN_RECVFROM, true, 0),
	FAMILY(FN_RECVMMSG, false, 0),
	FAMILY(FN_RECVMMSG, true, 0),
	FAMILY(FN_POLL, false, 0),
	FAMILY(FN_POLL, true, 0),
	FAMILY(FN_POLL, false, EINTR),
	FAMILY(FN_OPEN, false, 0),
	FAMILY(FN_OPENAT, false, 0),
	FAMILY(FN_FSTAT, false, 0),
	FAMILY(FN_STAT, false, 0),
	FAMILY(FN_FDOPEN, false, 0),
	FAMILY(FN_FDOPENDIR, false, 0),
	FAMILY(FN_READDIR, false, 0),
	FAMILY(FN_READ, false, 0),
	FAMILY(FN_GETHOSTNAME, false, 0),
};
#define NFAMILIES (sizeof families / sizeof families[0])

static bool crypto_family(const struct family *f)
{
	return f->fn == FN_DLOPEN || f->fn == FN_DLVSYM;
}

static const char *family_name(const struct family *f, char *buf, size_t cap)
{
	snprintf(buf, cap, "%s%s%s%s", fault_fns[f->fn].name, f->err ? " " : "",
		 f->err ? strerrorname_np(f->err) : "", f->from_on ? " (and every later call)" : "");
	return buf;
}

static void add_why(struct family *f, const char *why)
{
	for (size_t i = 0; i < 3; i++) {
		if (strcmp(f->whys[i], why) == 0)
			return;
		if (!f->whys[i][0]) {
			snprintf(f->whys[i], sizeof f->whys[i], "%s", why);
			return;
		}
	}
}

static void run_family(struct family *f)
{
	char name[96];
	family_name(f, name, sizeof name);
	uint64_t t0 = stub_now_ms();
	for (unsigned at = 1; at < 10000; at++) {
		struct fault_plan p = { .fn = f->fn, .at = at, .from_on = f->from_on, .err = f->err };
		struct report r;
		snprintf(current, sizeof current, "fault: the run that failed %s call #%u did not end\n", name, at);
		bool reported = crypto_family(f) ? run_child(&p, &r) : run_here(&p, &r);
		f->runs++;
		/* The run that did not reach call `at` ends the family: it ran
		 * without a failure, and must have passed. */
		bool last = reported && r.calls < at;
		if (!last)
			f->injected++;
		if (r.problem[0]) {
			f->failed++;
			printf("FAIL %s #%u: %s\n", name, at, r.problem);
		} else {
			f->passed++;
			f->secure += r.secure;
			f->indeterminate += r.indeterminate;
			f->enomem += r.enomem;
			if (r.why[0])
				add_why(f, r.why);
			if (verbose)
				printf("ok   %s #%u: %u secure, %u indeterminate, %u ENOMEM%s%s\n", name, at, r.secure,
				       r.indeterminate, r.enomem, r.why[0] ? ": " : "", r.why);
		}
		if (last)
			break;
	}
	current[0] = '\0';
	printf("fault: %-40s %4u injected: %u secure, %u indeterminate, %u NULL/ENOMEM", name, f->injected,
	       f->secure, f->indeterminate, f->enomem);
	printf(" (%.1f s)\n", (double)(stub_now_ms() - t0) / 1000);
	for (size_t i = 0; i < 3 && f->whys[i][0]; i++)
		printf("         e.g. \"%s\"\n", f->whys[i]);
}

static bool selected(const struct family *f, int argc, char **argv)
{
	if (argc == 0)
		return true;
	for (int i = 0; i < argc; i++)
		if (strcmp(argv[i], fault_fns[f->fn].name) == 0)
			return true;
	return false;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "-v") == 0) {
		verbose = true;
		argc--;
		argv++;
	}
	argc--;
	argv++;
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGSEGV, on_crash);
	signal(SIGBUS, on_crash);
	signal(SIGABRT, on_crash);
	signal(SIGALRM, on_crash);
#ifdef FAULT_ASAN
	__asan_set_death_callback(say_current);
#endif
	if (fault_libs_init() != 0) {
		fprintf(stderr, "fault: cannot route the allocations of c-ares and OpenSSL\n");
		return 2;
	}
	uint16_t port = 0;
	if (make_dir() != 0 || zone_build(anchor) != 0 || !(port = zone_serve()) || make_files(port) != 0) {
		fprintf(stderr, "fault: cannot set up the zone: %s\n", strerror(errno));
		zone_stop();
		remove_files();
		return 2;
	}

	uint64_t start = stub_now_ms();
	unsigned injected = 0, passed = 0, failed = 0;
	bool fns[FN_COUNT] = { false };
	bool crypto_started = false;
	for (size_t i = 0; i < NFAMILIES; i++) {
		struct family *f = &families[i];
		if (!crypto_started && !crypto_family(f)) {
			/* Started once here, for every later run. */
			char why[VAL_WHY_MAX];
			if (!val_crypto_start(why, sizeof why)) {
				printf("FAIL OpenSSL could not be started: %s\n", why);
				failed++;
				break;
			}
			crypto_started = true;
		}
		if (!selected(f, argc, argv))
			continue;
		run_family(f);
		fns[f->fn] = fns[f->fn] || f->injected > 0;
		injected += f->injected;
		passed += f->passed;
		failed += f->failed;
	}
	unsigned nfns = 0;
	for (size_t i = 0; i < FN_COUNT; i++)
		nfns += fns[i];
	if (zone_unknown()) {
		printf("FAIL the zone was asked %u questions it has no answer for\n", zone_unknown());
		failed++;
	}
	zone_stop();
	remove_files();
	printf("fault: %u functions failed in turn, %u injected failures, %.1f s\n", nfns, injected,
	       (double)(stub_now_ms() - start) / 1000);
	printf("fault: %u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
