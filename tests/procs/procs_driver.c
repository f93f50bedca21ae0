/* tests/procs/procs_driver.c: the module inside a process (issue 10,
 * "Processes"): many threads, fork(), descriptors and memory over many
 * lookups.  Run by check-procs.py inside check-e2e.py's mount namespace
 * (nsswitch "files dnssec", the lab's honest resolver and anchor, the
 * module under test in the multiarch directory), so that getaddrinfo()
 * reaches the module exactly as after "make install".
 *
 *   procs_driver stress CASES THREADS N
 *       every case once, then THREADS threads doing N lookups each: a random
 *       case through getaddrinfo() or, for one family, gethostbyname2_r()
 *       from a random small heap buffer grown on ERANGE as an application
 *       does it; every result compared with the case's expected outcome.
 *   procs_driver fork CASES THREADS CHILDREN DEADLINE_MS INFLIGHT OKNAME OKADDRS BADNAME
 *       THREADS threads resolving random cases while the main thread forks
 *       CHILDREN times (INFLIGHT children at once at most); each child
 *       calls the module's _nss_dnssec_gethostbyname4_r for OKNAME (must
 *       give exactly OKADDRS) and BADNAME (bogus: NOTFOUND, NO_RECOVERY)
 *       and _exit()s.  A child still running after DEADLINE_MS is hung:
 *       its stacks are printed (gdb) and it is killed.
 *   procs_driver resources CASES N THREADS
 *       descriptors, threads and RSS after the first lookup, after N
 *       lookups (THREADS threads) and after N more.
 *   procs_driver nofile CASES
 *       RLIMIT_NOFILE 16, the table filled with descriptors but k free
 *       (k = 0..12): lookups may fail (EAI_AGAIN, EAI_SYSTEM) but never
 *       crash, hang or answer wrongly, and leave no descriptor behind.
 *   procs_driver nofile-first CASES
 *       the process's very first lookup made with no descriptor free, then
 *       lookups with the table freed again.
 *   procs_driver highfd CASES
 *       every descriptor up to 1100 taken (dup2), so that every socket
 *       the lookups open is above FD_SETSIZE: lookups still give the right
 *       answers (c-ares driven by poll(), not select()).
 *
 * CASES is a file of lines "NAME<TAB>FAMILY<TAB>KIND<TAB>ADDRS": FAMILY
 * unspec, inet or inet6; KIND ok, nx, nodata, bogus or indeterminate; ADDRS
 * comma-separated (ok) or "-".  "%r" in NAME is replaced by 12 random hex
 * digits at every use, so that such a case misses the process cache and
 * goes to the network and through the validator every time.
 *
 * Prints "ok ..." / "FAIL ..." / "info ..." lines; exits 1 on any failure. */
#include <arpa/inet.h>
#include <dlfcn.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <nss.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CASES_MAX 1024
/* nofile-first: a name the lab signs, and its address. */
#define SECURE_NAME "www.alg13.lab"
#define SECURE_ADDRS "127.53.10.13"
#define ADDRS_MAX 64
#define DESC_MAX 2048
/* Mismatches printed in full; the rest are only counted. */
#define SHOW_MAX 20

enum kind { K_OK, K_NX, K_NODATA, K_BOGUS, K_INDETERMINATE };
static const char *const kind_names[] = { "ok", "nx", "nodata", "bogus", "indeterminate" };

struct pcase {
	char name[256];
	int family;
	enum kind kind;
	char addrs[DESC_MAX];	/* sorted, comma-joined */
	bool random;		/* "%r" in the name: a fresh name at every use */
};

static struct pcase cases[CASES_MAX];
static size_t ncases;
static atomic_uint failures, shown;
/* Lookups of random-label names, and how many of those ended
 * indeterminate (EAI_AGAIN, TRY_AGAIN): the lab's NSD limits responses to
 * 200 a second per zone and kind (response rate limiting, on by default in
 * Debian's NSD 4.6), so a burst of fresh names can make the ISP resolver
 * answer SERVFAIL, which the module rightly reports as indeterminate.
 * Allowed up to TRANSIENT_MAX_PCT, counted and reported; never for a name
 * that the caches hold, and never a wrong answer. */
static atomic_ulong random_lookups, transient;
#define TRANSIENT_MAX_PCT 5

static void __attribute__((format(printf, 1, 2))) fail(const char *fmt, ...)
{
	atomic_fetch_add(&failures, 1);
	if (atomic_fetch_add(&shown, 1) >= SHOW_MAX)
		return;
	char line[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	printf("FAIL %s\n", line);
	fflush(stdout);
}

static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* xorshift64*: one state per thread, no locks. */
static uint64_t rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dULL;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorts a comma-separated list in place. */
static void sort_list(char *s)
{
	char copy[DESC_MAX], *parts[ADDRS_MAX];
	size_t n = 0;
	snprintf(copy, sizeof copy, "%s", s);
	for (char *save, *t = strtok_r(copy, ",", &save); t && n < ADDRS_MAX; t = strtok_r(NULL, ",", &save))
		parts[n++] = t;
	qsort(parts, n, sizeof parts[0], cmp_str);
	size_t off = 0;
	s[0] = '\0';
	for (size_t i = 0; i < n; i++)
		off += (size_t)snprintf(s + off, DESC_MAX - off, "%s%s", i ? "," : "", parts[i]);
}

static int load_cases(const char *path)
{
	FILE *f = fopen(path, "re");
	if (!f) {
		printf("FAIL cannot open %s: %s\n", path, strerror(errno));
		return -1;
	}
	char line[4096];
	while (fgets(line, sizeof line, f) && ncases < CASES_MAX) {
		line[strcspn(line, "\n")] = '\0';
		char *save, *name = strtok_r(line, "\t", &save), *fam = strtok_r(NULL, "\t", &save);
		char *kind = strtok_r(NULL, "\t", &save), *addrs = strtok_r(NULL, "\t", &save);
		if (!name || !fam || !kind || !addrs)
			continue;
		struct pcase *c = &cases[ncases];
		snprintf(c->name, sizeof c->name, "%s", name);
		c->family = strcmp(fam, "inet") == 0 ? AF_INET : strcmp(fam, "inet6") == 0 ? AF_INET6 : AF_UNSPEC;
		c->kind = K_INDETERMINATE;
		for (size_t k = 0; k < sizeof kind_names / sizeof kind_names[0]; k++)
			if (strcmp(kind, kind_names[k]) == 0)
				c->kind = (enum kind)k;
		snprintf(c->addrs, sizeof c->addrs, "%s", strcmp(addrs, "-") == 0 ? "" : addrs);
		c->random = strstr(c->name, "%r") != NULL;
		sort_list(c->addrs);
		ncases++;
	}
	fclose(f);
	if (ncases == 0) {
		printf("FAIL no cases in %s\n", path);
		return -1;
	}
	return 0;
}

/* The case's name with "%r" replaced by random hex digits. */
static void case_name(const struct pcase *c, char *out, size_t cap, uint64_t *rs)
{
	const char *p = strstr(c->name, "%r");
	if (!p) {
		snprintf(out, cap, "%s", c->name);
		return;
	}
	snprintf(out, cap, "%.*sr%012llx%s", (int)(p - c->name), c->name,
		 (unsigned long long)(rnd(rs) & 0xffffffffffffULL), p + 2);
}

static const char *fam_str(int family)
{
	return family == AF_INET ? "AF_INET" : family == AF_INET6 ? "AF_INET6" : "AF_UNSPEC";
}

/* ------------------------------------------------------------------ */
/* One lookup, checked                                                  */

static int gai_want(enum kind k)
{
	switch (k) {
	case K_OK: return 0;
	case K_NX: case K_BOGUS: return EAI_NONAME;
	case K_NODATA: return EAI_NODATA;
	default: return EAI_AGAIN;
	}
}

static int herr_want(enum kind k)
{
	switch (k) {
	case K_OK: return NETDB_SUCCESS;
	case K_NX: return HOST_NOT_FOUND;
	case K_NODATA: return NO_DATA;
	case K_BOGUS: return NO_RECOVERY;
	default: return TRY_AGAIN;
	}
}

/* getaddrinfo(name, family): 0 when the outcome is the case's.  With
 * allow_fail, EAI_AGAIN, EAI_SYSTEM and EAI_MEMORY are accepted too (the
 * descriptor tests); *got_rc tells which it was. */
static int check_gai(const struct pcase *c, const char *name, bool allow_fail, int *got_rc)
{
	struct addrinfo hints = { .ai_family = c->family, .ai_socktype = SOCK_STREAM }, *res = NULL;
	int rc = getaddrinfo(name, NULL, &hints, &res);
	int err = errno;
	if (got_rc)
		*got_rc = rc;
	char got[DESC_MAX] = "";
	size_t off = 0;
	for (struct addrinfo *a = res; a; a = a->ai_next) {
		char t[INET6_ADDRSTRLEN];
		const void *p = a->ai_family == AF_INET ? (const void *)&((struct sockaddr_in *)a->ai_addr)->sin_addr
							: (const void *)&((struct sockaddr_in6 *)a->ai_addr)->sin6_addr;
		inet_ntop(a->ai_family, p, t, sizeof t);
		off += (size_t)snprintf(got + off, sizeof got - off, "%s%s", off ? "," : "", t);
		if (off >= sizeof got)
			off = sizeof got - 1;
	}
	if (res)
		freeaddrinfo(res);
	sort_list(got);
	if (allow_fail && (rc == EAI_AGAIN || rc == EAI_SYSTEM || rc == EAI_MEMORY))
		return 0;
	if (c->random) {
		atomic_fetch_add(&random_lookups, 1);
		if (rc == EAI_AGAIN && c->kind != K_INDETERMINATE) {
			atomic_fetch_add(&transient, 1);
			return 0;
		}
	}
	if (rc != gai_want(c->kind) || (rc == 0 && strcmp(got, c->addrs) != 0)) {
		fail("getaddrinfo(%s, %s): %s (%d%s%s) [%s]; want %s [%s]", name, fam_str(c->family),
		     rc ? gai_strerror(rc) : "ok", rc, rc == EAI_SYSTEM ? ", " : "",
		     rc == EAI_SYSTEM ? strerror(err) : "", got, kind_names[c->kind], c->addrs);
		return -1;
	}
	return 0;
}

/* gethostbyname2_r as an application calls it: from a small buffer of
 * random size, grown by a random step after each ERANGE.  The buffer is
 * malloc'd with its exact size each time, so that a write past it is
 * caught by the sanitizers and valgrind. */
static int check_ghbn2(const struct pcase *c, const char *name, uint64_t *rs, unsigned long *eranges)
{
	size_t len = 1 + rnd(rs) % 160;
	for (int tries = 0;; tries++) {
		char *buf = malloc(len);
		struct hostent he, *result = NULL;
		int herr = 0;
		if (!buf) {
			fail("malloc(%zu)", len);
			return -1;
		}
		int rc = gethostbyname2_r(name, c->family, &he, buf, len, &result, &herr);
		if (rc == ERANGE) {
			free(buf);
			(*eranges)++;
			if (herr != NETDB_INTERNAL) {
				fail("gethostbyname2_r(%s, %s, %zu octets): ERANGE with h_errno %d, want NETDB_INTERNAL",
				     name, fam_str(c->family), len, herr);
				return -1;
			}
			if (tries > 2000) {
				fail("gethostbyname2_r(%s): still ERANGE at %zu octets", name, len);
				return -1;
			}
			len += 1 + rnd(rs) % 96;
			continue;
		}
		char got[DESC_MAX] = "";
		size_t off = 0;
		if (result) {
			for (char **a = result->h_addr_list; *a; a++) {
				char t[INET6_ADDRSTRLEN];
				inet_ntop(result->h_addrtype, *a, t, sizeof t);
				off += (size_t)snprintf(got + off, sizeof got - off, "%s%s", off ? "," : "", t);
				if (off >= sizeof got)
					off = sizeof got - 1;
			}
		}
		sort_list(got);
		if (c->random) {
			atomic_fetch_add(&random_lookups, 1);
			if (rc == EAGAIN && !result && herr == TRY_AGAIN && c->kind != K_INDETERMINATE) {
				atomic_fetch_add(&transient, 1);
				free(buf);
				return 0;
			}
		}
		bool good = c->kind == K_OK ? rc == 0 && result && result->h_addrtype == c->family &&
						  strcmp(got, c->addrs) == 0
					    : rc == 0 && !result && herr == herr_want(c->kind);
		if (!good)
			fail("gethostbyname2_r(%s, %s, %zu octets): rc %d, %s, h_errno %d [%s]; want %s h_errno %d [%s]",
			     name, fam_str(c->family), len, rc, result ? "a result" : "no result", herr, got,
			     kind_names[c->kind], herr_want(c->kind), c->addrs);
		free(buf);
		return good ? 0 : -1;
	}
}

struct worker {
	pthread_t t;
	unsigned idx;
	unsigned long n;		/* lookups to do (stress, resources) */
	atomic_bool *stop;		/* or until this is set (fork) */
	uint64_t rs;
	unsigned long done, gai, ghbn, eranges;
};

static void one_lookup(struct worker *w)
{
	const struct pcase *c = &cases[rnd(&w->rs) % ncases];
	char name[300];
	case_name(c, name, sizeof name, &w->rs);
	if (c->family != AF_UNSPEC && rnd(&w->rs) % 2) {
		check_ghbn2(c, name, &w->rs, &w->eranges);
		w->ghbn++;
	} else {
		check_gai(c, name, false, NULL);
		w->gai++;
	}
	w->done++;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	if (w->stop) {
		while (!atomic_load(w->stop))
			one_lookup(w);
	} else {
		for (unsigned long i = 0; i < w->n; i++)
			one_lookup(w);
	}
	return NULL;
}

static struct worker *start_workers(unsigned n, unsigned long each, atomic_bool *stop, uint64_t seed)
{
	struct worker *w = calloc(n, sizeof *w);
	if (!w)
		abort();
	for (unsigned i = 0; i < n; i++) {
		w[i].idx = i;
		w[i].n = each;
		w[i].stop = stop;
		w[i].rs = seed ^ (0x9e3779b97f4a7c15ULL * (i + 1));
		int rc = pthread_create(&w[i].t, NULL, worker_main, &w[i]);
		if (rc != 0) {
			printf("FAIL pthread_create: %s\n", strerror(rc));
			exit(1);
		}
	}
	return w;
}

static void join_workers(struct worker *w, unsigned n, struct worker *sum)
{
	memset(sum, 0, sizeof *sum);
	for (unsigned i = 0; i < n; i++) {
		pthread_join(w[i].t, NULL);
		sum->done += w[i].done;
		sum->gai += w[i].gai;
		sum->ghbn += w[i].ghbn;
		sum->eranges += w[i].eranges;
	}
	free(w);
}

/* Each case once, in this thread, by both methods it has. */
static void verify_pass(uint64_t *rs)
{
	unsigned long eranges = 0;
	for (size_t i = 0; i < ncases; i++) {
		char name[300];
		case_name(&cases[i], name, sizeof name, rs);
		check_gai(&cases[i], name, false, NULL);
		if (cases[i].family != AF_UNSPEC)
			check_ghbn2(&cases[i], name, rs, &eranges);
	}
}

/* The random-name lookups that ended indeterminate: "ok" within the
 * allowance, and the figures. */
static bool transient_check(void)
{
	unsigned long n = atomic_load(&random_lookups), t = atomic_load(&transient);
	bool ok = t * 100 <= n * TRANSIENT_MAX_PCT;
	printf("%s random-label lookups: %lu, of which %lu indeterminate (NSD's rate limit in the lab; at most %d%%)\n",
	       ok ? "ok" : "FAIL", n, t, TRANSIENT_MAX_PCT);
	return ok;
}

static uint64_t seed_from_env(void)
{
	const char *s = getenv("PROCS_SEED");
	uint64_t seed = s ? strtoull(s, NULL, 0) : (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	printf("info seed %llu (PROCS_SEED to repeat)\n", (unsigned long long)seed);
	return seed ? seed : 1;
}

/* ------------------------------------------------------------------ */
/* stress                                                               */

static int cmd_stress(unsigned threads, unsigned long n)
{
	uint64_t seed = seed_from_env(), rs = seed;
	uint64_t t0 = now_ms();
	verify_pass(&rs);
	unsigned vfail = atomic_load(&failures);
	printf("%s every case once (%zu cases): %u mismatches\n", vfail ? "FAIL" : "ok", ncases, vfail);
	uint64_t t1 = now_ms();
	struct worker sum;
	struct worker *w = start_workers(threads, n, NULL, seed);
	join_workers(w, threads, &sum);
	uint64_t t2 = now_ms();
	unsigned f = atomic_load(&failures) - vfail;
	printf("%s stress %u threads x %lu lookups: %lu done (%lu getaddrinfo, %lu gethostbyname2_r, "
	       "%lu ERANGE retries), %u mismatches, %.1f s (verify pass %.1f s)\n",
	       f == 0 && sum.done == threads * n && sum.eranges > 0 ? "ok" : "FAIL", threads, n, sum.done, sum.gai,
	       sum.ghbn, sum.eranges, f, (double)(t2 - t1) / 1000, (double)(t1 - t0) / 1000);
	printf("info stress-figures threads=%u per_thread=%lu done=%lu gai=%lu ghbn=%lu eranges=%lu mismatches=%u "
	       "random=%lu transient=%lu seconds=%.1f\n", threads, n, sum.done, sum.gai, sum.ghbn, sum.eranges, f,
	       atomic_load(&random_lookups), atomic_load(&transient), (double)(t2 - t1) / 1000);
	bool tok = transient_check();
	fflush(stdout);
	return atomic_load(&failures) || sum.eranges == 0 || !tok ? 1 : 0;
}

/* ------------------------------------------------------------------ */
/* fork                                                                 */

static nss_gethostbyname4_r *fn4;

/* In the child: only the module's entry point (see e2e_fork.py: glibc's
 * own getaddrinfo() and syslog() locks are not reset by fork()). */
static int child_lookup(const char *name, char *got, size_t cap, int *herr)
{
	static char buf[65536];
	struct gaih_addrtuple *pat = NULL;
	int err = 0;
	*herr = 0;
	enum nss_status st = fn4(name, &pat, buf, sizeof buf, &err, herr, NULL);
	got[0] = '\0';
	size_t off = 0;
	for (struct gaih_addrtuple *t = st == NSS_STATUS_SUCCESS ? pat : NULL; t; t = t->next) {
		char s[INET6_ADDRSTRLEN];
		inet_ntop(t->family, t->addr, s, sizeof s);
		off += (size_t)snprintf(got + off, cap - off, "%s%s", off ? "," : "", s);
		if (off >= cap)
			off = cap - 1;
	}
	sort_list(got);
	return st;
}

static int child_main(const char *okname, const char *okaddrs, const char *badname)
{
	char got[DESC_MAX];
	int herr;
	if (child_lookup(okname, got, sizeof got, &herr) != NSS_STATUS_SUCCESS)
		return 3;
	if (strcmp(got, okaddrs) != 0)
		return 4;
	if (child_lookup(badname, got, sizeof got, &herr) != NSS_STATUS_NOTFOUND || herr != NO_RECOVERY)
		return 5;
	return 0;
}

struct child {
	pid_t pid;
	uint64_t start;
};

static void gdb_stacks(pid_t pid)
{
	char cmd[256], line[512];
	snprintf(cmd, sizeof cmd, "gdb -p %d -batch -ex 'thread apply all bt' 2>&1 | grep -E '^(#|Thread)' | head -60",
		 (int)pid);
	printf("info stacks of hung child %d:\n", (int)pid);
	FILE *p = popen(cmd, "r");
	while (p && fgets(line, sizeof line, p)) {
		line[strcspn(line, "\n")] = '\0';
		printf("info   %.200s\n", line);	/* frames print signatures in full */
	}
	if (p)
		pclose(p);
}

static int cmd_fork(unsigned threads, unsigned children, unsigned deadline_ms, unsigned inflight_max,
		    const char *okname, const char *okaddrs_in, const char *badname)
{
	char okaddrs[DESC_MAX];
	snprintf(okaddrs, sizeof okaddrs, "%s", okaddrs_in);
	sort_list(okaddrs);
	/* The module is loaded before any thread: the same object glibc's NSS
	 * dlopen()s (one soname, one copy). */
	void *so = dlopen("libnss_dnssec.so.2", RTLD_NOW | RTLD_LOCAL);
	fn4 = so ? (nss_gethostbyname4_r *)dlsym(so, "_nss_dnssec_gethostbyname4_r") : NULL;
	if (!fn4) {
		printf("FAIL dlopen/dlsym libnss_dnssec.so.2: %s\n", dlerror());
		return 1;
	}
	uint64_t seed = seed_from_env();
	/* No warm-up: the first children are forked while the threads make
	 * the process's first lookups (configuration, c-ares, OpenSSL's
	 * first fetches), the most lock-heavy moment; the rest while they
	 * resolve names from the caches and, through the validator, fresh
	 * ones. */
	atomic_bool stop = false;
	struct worker *w = start_workers(threads, 0, &stop, seed);
	struct child *inflight = calloc(inflight_max, sizeof *inflight);
	unsigned started = 0, finished = 0, good = 0, hung = 0, wrong = 0, stacks = 0;
	unsigned codes[256] = { 0 };
	uint64_t max_ms = 0, sum_ms = 0, t0 = now_ms();
	size_t ninflight = 0;
	while (finished < children) {
		while (started < children && ninflight < inflight_max) {
			pid_t pid = fork();
			if (pid < 0) {
				printf("FAIL fork: %s\n", strerror(errno));
				atomic_fetch_add(&failures, 1);
				children = started;
				break;
			}
			if (pid == 0)
				_exit(child_main(okname, okaddrs, badname));
			inflight[ninflight++] = (struct child){ .pid = pid, .start = now_ms() };
			started++;
		}
		for (size_t i = 0; i < ninflight;) {
			int st;
			pid_t r = waitpid(inflight[i].pid, &st, WNOHANG);
			uint64_t ms = now_ms() - inflight[i].start;
			if (r == 0 && ms <= deadline_ms) {
				i++;
				continue;
			}
			if (r == 0) {
				printf("FAIL child %d hung for %llu ms; killed\n", (int)inflight[i].pid,
				       (unsigned long long)ms);
				if (stacks++ < 2)
					gdb_stacks(inflight[i].pid);
				kill(inflight[i].pid, SIGKILL);
				waitpid(inflight[i].pid, &st, 0);
				hung++;
			} else if (WIFEXITED(st) && WEXITSTATUS(st) == 0) {
				good++;
			} else {
				wrong++;
				codes[WIFEXITED(st) ? WEXITSTATUS(st) : 128 + (WTERMSIG(st) & 127)]++;
			}
			if (ms > max_ms)
				max_ms = ms;
			sum_ms += ms;
			finished++;
			inflight[i] = inflight[--ninflight];
		}
		struct timespec ts = { 0, 1000000 };
		nanosleep(&ts, NULL);
	}
	uint64_t t1 = now_ms();
	atomic_store(&stop, true);
	struct worker sum;
	join_workers(w, threads, &sum);
	free(inflight);
	printf("info fork-figures children=%u correct=%u hung=%u wrong=%u max_ms=%llu mean_ms=%.1f seconds=%.1f "
	       "thread_lookups=%lu\n", children, good, hung, wrong, (unsigned long long)max_ms,
	       finished ? (double)sum_ms / finished : 0.0, (double)(t1 - t0) / 1000, sum.done);
	for (int c = 0; c < 256; c++)
		if (codes[c])
			printf("info %u children ended with %s %d (3: secure name not found, 4: wrong addresses, "
			       "5: bogus name not refused as such, 128+n: signal n)\n", codes[c],
			       c >= 128 ? "code" : "exit", c);
	printf("%s fork %u times while %u threads resolve: %u children correct, %u hung (> %u ms), %u wrong\n",
	       good == children && children > 0 ? "ok" : "FAIL", children, threads, good, hung, deadline_ms, wrong);
	unsigned tf = atomic_load(&failures);
	printf("%s the %u threads' %lu lookups during the forks: %u mismatches\n", tf ? "FAIL" : "ok", threads,
	       sum.done, tf);
	bool tok = transient_check();
	return good == children && children > 0 && tf == 0 && tok ? 0 : 1;
}

/* ------------------------------------------------------------------ */
/* resources                                                            */

static int count_dir(const char *path)
{
	DIR *d = opendir(path);
	if (!d)
		return -1;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n - (strcmp(path, "/proc/self/fd") == 0);	/* opendir's own */
}

static long rss_kb(void)
{
	FILE *f = fopen("/proc/self/status", "re");
	char line[256];
	long v = -1;
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "VmRSS: %ld kB", &v) == 1)
			break;
	if (f)
		fclose(f);
	return v;
}

/* /proc/self/task right after pthread_join may still list a thread that
 * is on its way out: wait up to a second for it to settle. */
static int count_tasks_settled(int want)
{
	int n = count_dir("/proc/self/task");
	for (int i = 0; i < 100 && n != want; i++) {
		struct timespec ts = { 0, 10000000 };
		nanosleep(&ts, NULL);
		n = count_dir("/proc/self/task");
	}
	return n;
}

static void list_fds(const char *when)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char p[300], t[256];
		snprintf(p, sizeof p, "/proc/self/fd/%s", e->d_name);
		ssize_t n = readlink(p, t, sizeof t - 1);
		t[n > 0 ? n : 0] = '\0';
		printf("info fd %s %s -> %s\n", when, e->d_name, t);
	}
	if (d)
		closedir(d);
}

static int cmd_resources(unsigned long n, unsigned threads)
{
	uint64_t seed = seed_from_env(), rs = seed;
	const struct pcase *first = &cases[0];
	char name[300];
	case_name(first, name, sizeof name, &rs);
	check_gai(first, name, false, NULL);
	int fd0 = count_dir("/proc/self/fd"), task0 = count_dir("/proc/self/task");
	long rss0 = rss_kb();
	struct worker sum;
	uint64_t t0 = now_ms();
	join_workers(start_workers(threads, n / threads, NULL, seed), threads, &sum);
	int fd1 = count_dir("/proc/self/fd"), task1 = count_tasks_settled(task0);
	long rss1 = rss_kb();
	unsigned long done1 = sum.done;
	join_workers(start_workers(threads, n / threads, NULL, seed ^ 0x5555), threads, &sum);
	int fd2 = count_dir("/proc/self/fd"), task2 = count_tasks_settled(task0);
	long rss2 = rss_kb();
	uint64_t t1 = now_ms();
	unsigned f = atomic_load(&failures);
	printf("info resources-figures lookups=%lu threads=%u fds0=%d fds1=%d fds2=%d tasks0=%d tasks1=%d tasks2=%d "
	       "rss0_kb=%ld rss1_kb=%ld rss2_kb=%ld mismatches=%u seconds=%.1f\n",
	       done1, threads, fd0, fd1, fd2, task0, task1, task2, rss0, rss1, rss2, f, (double)(t1 - t0) / 1000);
	if (fd1 != fd0 || fd2 != fd0)
		list_fds("after");
	printf("%s %lu lookups in %u threads: every result as expected (%u mismatches)\n", f ? "FAIL" : "ok",
	       done1, threads, f);
	bool tok = transient_check();
	return f || !tok ? 1 : 0;
}

/* ------------------------------------------------------------------ */
/* descriptor limits                                                    */

/* Lookups of cases with fresh names, failures allowed; counts. */
static void limited_lookups(uint64_t *rs, unsigned rounds, unsigned *ok, unsigned *failed_soft)
{
	for (unsigned r = 0; r < rounds; r++) {
		for (size_t i = 0; i < ncases; i++) {
			char name[300];
			int rc;
			case_name(&cases[i], name, sizeof name, rs);
			if (check_gai(&cases[i], name, true, &rc) == 0) {
				if (rc == EAI_AGAIN || rc == EAI_SYSTEM || rc == EAI_MEMORY)
					(*failed_soft)++;
				else
					(*ok)++;
			}
		}
	}
}

/* Open descriptors, counted without opening one (the table may be full). */
static int count_fds_probe(void)
{
	struct rlimit lim;
	getrlimit(RLIMIT_NOFILE, &lim);
	int top = lim.rlim_cur > 65536 ? 65536 : (int)lim.rlim_cur, n = 0;
	for (int fd = 0; fd < top; fd++)
		n += fcntl(fd, F_GETFD) != -1;
	return n;
}

static int fill_fds(int *fds, int cap)
{
	int n = 0;
	while (n < cap) {
		int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			break;
		fds[n++] = fd;
	}
	return n;
}

static int cmd_nofile(bool first)
{
	uint64_t seed = seed_from_env(), rs = seed;
	struct rlimit old, lim;
	getrlimit(RLIMIT_NOFILE, &old);
	lim = old;
	lim.rlim_cur = 16;
	if (setrlimit(RLIMIT_NOFILE, &lim) != 0) {
		printf("FAIL setrlimit(RLIMIT_NOFILE, 16): %s\n", strerror(errno));
		return 1;
	}
	int fds[64];
	int base = count_fds_probe();
	if (first) {
		/* The module's very first call in this process made with the
		 * table full (so it cannot read its configuration), through its
		 * entry point: glibc's getaddrinfo() would not even get there
		 * (it cannot read nsswitch.conf then, and falls back to its
		 * built-in "dns files").  Then the table is freed: the next
		 * lookups must work, a transient EMFILE must not stick. */
		void *so = dlopen("libnss_dnssec.so.2", RTLD_NOW | RTLD_LOCAL);
		fn4 = so ? (nss_gethostbyname4_r *)dlsym(so, "_nss_dnssec_gethostbyname4_r") : NULL;
		if (!fn4) {
			printf("FAIL dlopen/dlsym libnss_dnssec.so.2: %s\n", dlerror());
			return 1;
		}
		int nf = fill_fds(fds, 64);
		char got[DESC_MAX];
		int herr;
		uint64_t t0 = now_ms();
		int st0 = child_lookup(SECURE_NAME, got, sizeof got, &herr);
		uint64_t ms = now_ms() - t0;
		for (int i = 0; i < nf; i++)
			close(fds[i]);
		printf("info nofile-first: the module's first lookup with no descriptor free: status %d, h_errno %d, "
		       "%llu ms\n", st0, herr, (unsigned long long)ms);
		int st1 = child_lookup(SECURE_NAME, got, sizeof got, &herr);
		bool ok1 = st1 == NSS_STATUS_SUCCESS && strcmp(got, SECURE_ADDRS) == 0;
		printf("%s then, with descriptors free again, _nss_dnssec_gethostbyname4_r(%s): status %d h_errno %d "
		       "[%s], want SUCCESS [%s]\n", ok1 ? "ok" : "FAIL", SECURE_NAME, st1, herr, got, SECURE_ADDRS);
		unsigned ok2 = 0, soft2 = 0;
		limited_lookups(&rs, 1, &ok2, &soft2);
		int after = count_fds_probe();
		printf("info nofile-first-figures first_status=%d then_status=%d then_ok=%u then_failed=%u "
		       "fds_before=%d fds_after=%d\n", st0, st1, ok2, soft2, base, after);
		printf("%s and getaddrinfo() then: %u of %zu lookups answered, %u failed (EAI_AGAIN etc.), %u wrong\n",
		       soft2 == 0 && atomic_load(&failures) == 0 ? "ok" : "FAIL", ok2, ncases, soft2,
		       atomic_load(&failures));
		printf("%s no descriptor left behind (%d before, %d after)\n", after == base ? "ok" : "FAIL", base,
		       after);
		if (after != base)
			list_fds("after");
		return ok1 && soft2 == 0 && after == base && atomic_load(&failures) == 0 ? 0 : 1;
	}
	/* Warm: the configuration is loaded, glibc's NSS set up. */
	unsigned ok = 0, soft = 0;
	limited_lookups(&rs, 1, &ok, &soft);
	printf("info RLIMIT_NOFILE 16, nothing else open: %u answered, %u failed\n", ok, soft);
	bool good = soft == 0;
	for (int freeslots = 0; freeslots <= 12; freeslots++) {
		int nf = fill_fds(fds, 64);
		for (int i = 0; i < freeslots && nf > 0; i++)
			close(fds[--nf]);
		int before = count_fds_probe();
		ok = soft = 0;
		uint64_t t0 = now_ms();
		limited_lookups(&rs, 2, &ok, &soft);
		uint64_t ms = now_ms() - t0;
		int after = count_fds_probe();
		for (int i = 0; i < nf; i++)
			close(fds[i]);
		printf("info nofile free=%d answered=%u failed=%u ms=%llu fds_before=%d fds_after=%d\n", freeslots, ok,
		       soft, (unsigned long long)ms, before, after);
		if (after != before) {
			printf("FAIL %d descriptors free: %d open before the lookups, %d after\n", freeslots, before,
			       after);
			good = false;
		}
	}
	int after = count_fds_probe();
	ok = soft = 0;
	limited_lookups(&rs, 1, &ok, &soft);
	printf("%s RLIMIT_NOFILE 16 with 0..12 descriptors free: no crash, no wrong answer (%u), no descriptor "
	       "left behind; then all %u answered again (%u failed)\n",
	       good && soft == 0 && atomic_load(&failures) == 0 && after == base ? "ok" : "FAIL",
	       atomic_load(&failures), ok, soft);
	return good && soft == 0 && atomic_load(&failures) == 0 && after == base ? 0 : 1;
}

static int cmd_highfd(void)
{
	enum { TOP = 1100 };
	uint64_t seed = seed_from_env(), rs = seed;
	struct rlimit lim;
	getrlimit(RLIMIT_NOFILE, &lim);
	if (lim.rlim_cur < 4096) {
		lim.rlim_cur = lim.rlim_max < 4096 ? lim.rlim_max : 4096;
		setrlimit(RLIMIT_NOFILE, &lim);
	}
	int taken = 0;
	for (int fd = 3; fd <= TOP; fd++) {
		if (fcntl(fd, F_GETFD) != -1)
			continue;
		if (dup2(0, fd) != fd) {
			printf("FAIL dup2(0, %d): %s\n", fd, strerror(errno));
			return 1;
		}
		taken++;
	}
	int probe = open("/dev/null", O_RDONLY | O_CLOEXEC);
	int base = count_dir("/proc/self/fd");
	unsigned ok = 0, soft = 0;
	limited_lookups(&rs, 3, &ok, &soft);
	/* and in threads */
	struct worker sum;
	join_workers(start_workers(4, 200, NULL, seed), 4, &sum);
	int after = count_dir("/proc/self/fd");
	unsigned f = atomic_load(&failures);
	printf("info highfd-figures taken=%d lowest_free=%d lookups=%u failed=%u thread_lookups=%lu mismatches=%u "
	       "fds_before=%d fds_after=%d\n", taken, probe, ok, soft, sum.done, f, base, after);
	printf("%s every descriptor up to %d taken (new ones from %d): %u lookups answered, %u failed, %lu more in "
	       "4 threads, %u wrong; %d descriptors before, %d after\n",
	       soft == 0 && f == 0 && probe > TOP && after == base ? "ok" : "FAIL", TOP, probe, ok, soft, sum.done, f,
	       base, after);
	bool tok = transient_check();
	return soft == 0 && f == 0 && probe > TOP && after == base && tok ? 0 : 1;
}

static void usage(void)
{
	fprintf(stderr, "usage: procs_driver stress|fork|resources|nofile|nofile-first|highfd CASES ...\n");
	exit(64);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 3)
		usage();
	if (load_cases(argv[2]) != 0)
		return 1;
	const char *cmd = argv[1];
	if (strcmp(cmd, "stress") == 0 && argc == 5)
		return cmd_stress((unsigned)atoi(argv[3]), strtoul(argv[4], NULL, 10));
	if (strcmp(cmd, "fork") == 0 && argc == 10)
		return cmd_fork((unsigned)atoi(argv[3]), (unsigned)atoi(argv[4]), (unsigned)atoi(argv[5]),
				(unsigned)atoi(argv[6]), argv[7], argv[8], argv[9]);
	if (strcmp(cmd, "resources") == 0 && argc == 5)
		return cmd_resources(strtoul(argv[3], NULL, 10), (unsigned)atoi(argv[4]));
	if (strcmp(cmd, "nofile") == 0 && argc == 3)
		return cmd_nofile(false);
	if (strcmp(cmd, "nofile-first") == 0 && argc == 3)
		return cmd_nofile(true);
	if (strcmp(cmd, "highfd") == 0 && argc == 3)
		return cmd_highfd();
	usage();
}
