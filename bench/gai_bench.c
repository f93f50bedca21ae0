/* bench/gai_bench.c: getaddrinfo in a loop, inside one process, through
 * whatever /etc/nsswitch.conf says (bench/run.sh runs it once with
 * `hosts: files dns` and once with `hosts: files dnssec`).
 *
 *   gai_bench cold NAME              first lookup of the process, in µs, and
 *                                    the process's peak RSS after it, split
 *                                    into what the process owns
 *                                    (Private_Dirty: heap, stacks, relocated
 *                                    data) and libcrypto's resident file
 *                                    pages (page cache, shared)
 *   gai_bench warm NAME N            N lookups of one name after a first: median µs
 *   gai_bench threads NAME T K       T threads x K lookups: lookups per second
 *   gai_bench distinct SUFFIX N      N distinct names n0.SUFFIX ...: µs per
 *                                    lookup and the peak RSS in KiB after
 *
 * Prints one line of key=value pairs; exits 1 if any lookup failed (a
 * benchmark of failures measures nothing). */
#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int lookup(const char *name)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM }, *res;
	int rc = getaddrinfo(name, NULL, &hints, &res);
	if (rc == 0)
		freeaddrinfo(res);
	return rc;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

struct job {
	const char *name;
	long k;
	int failures;
};

static void *worker(void *arg)
{
	struct job *j = arg;
	for (long i = 0; i < j->k; i++)
		j->failures += lookup(j->name) != 0;
	return NULL;
}

static long max_rss_kib(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/* Sum of the "field:" lines of the mappings in /proc/self/smaps whose path
 * contains `within` (every mapping when it is NULL), in KiB; -1 if the
 * file cannot be read. */
static long smaps_kib(const char *field, const char *within)
{
	FILE *f = fopen("/proc/self/smaps", "re");
	if (!f)
		return -1;
	char line[512];
	size_t flen = strlen(field);
	long sum = 0, kib;
	int counting = within == NULL;
	while (fgets(line, sizeof line, f)) {
		if (strncmp(line, field, flen) == 0 && line[flen] == ':') {
			if (counting && sscanf(line + flen + 1, "%ld", &kib) == 1)
				sum += kib;
		} else if (within && strchr(line, '-') && strchr(line, '-') < strchr(line, ' ')) {
			/* a mapping's header line: "start-end perms offset dev inode path" */
			counting = strstr(line, within) != NULL;
		}
	}
	fclose(f);
	return sum;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "cold") == 0) {
		double t0 = now_us();
		int rc = lookup(argv[2]);
		double us = now_us() - t0;
		printf("cold_us=%.0f max_rss_kib=%ld private_dirty_kib=%ld libcrypto_rss_kib=%ld rc=%d\n", us,
		       max_rss_kib(), smaps_kib("Private_Dirty", NULL), smaps_kib("Rss", "/libcrypto.so"), rc);
		return rc != 0;
	}
	if (argc == 4 && strcmp(argv[1], "warm") == 0) {
		long n = atol(argv[3]);
		if (n < 1 || n > 1000000 || lookup(argv[2]) != 0)
			return 1;
		double *t = malloc((size_t)n * sizeof *t);
		int failures = 0;
		for (long i = 0; i < n; i++) {
			double t0 = now_us();
			failures += lookup(argv[2]) != 0;
			t[i] = now_us() - t0;
		}
		qsort(t, (size_t)n, sizeof *t, cmp_double);
		printf("warm_median_us=%.1f warm_min_us=%.1f warm_max_us=%.1f failures=%d\n", t[n / 2], t[0],
		       t[n - 1], failures);
		free(t);
		return failures != 0;
	}
	if (argc == 5 && strcmp(argv[1], "threads") == 0) {
		int nt = atoi(argv[3]);
		long k = atol(argv[4]);
		if (nt < 1 || nt > 64 || k < 1 || lookup(argv[2]) != 0)
			return 1;
		pthread_t th[64];
		struct job jobs[64];
		double t0 = now_us();
		for (int i = 0; i < nt; i++) {
			jobs[i] = (struct job){ .name = argv[2], .k = k };
			pthread_create(&th[i], NULL, worker, &jobs[i]);
		}
		int failures = 0;
		for (int i = 0; i < nt; i++) {
			pthread_join(th[i], NULL);
			failures += jobs[i].failures;
		}
		double secs = (now_us() - t0) / 1e6;
		printf("threads=%d lookups=%ld per_second=%.0f failures=%d\n", nt, nt * k, (double)(nt * k) / secs,
		       failures);
		return failures != 0;
	}
	if (argc == 4 && strcmp(argv[1], "distinct") == 0) {
		long n = atol(argv[3]);
		if (n < 1 || n > 100000)
			return 1;
		int failures = 0;
		double t0 = now_us();
		for (long i = 0; i < n; i++) {
			char name[256];
			snprintf(name, sizeof name, "n%u.%s", (unsigned)i, argv[2]);
			int rc = lookup(name);
			if (rc != 0 && failures++ < 5)
				fprintf(stderr, "gai_bench: %s: %s\n", name, gai_strerror(rc));
		}
		printf("distinct=%ld us_per_lookup=%.0f max_rss_kib=%ld failures=%d\n", n, (now_us() - t0) / (double)n,
		       max_rss_kib(), failures);
		return failures != 0;
	}
	fprintf(stderr, "usage: gai_bench cold NAME | warm NAME N | threads NAME T K | distinct SUFFIX N\n");
	return 64;
}
