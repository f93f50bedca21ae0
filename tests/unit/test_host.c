/* The host layer of stub/: search-list expansion as glibc 2.36's
 * res_nsearch does it, and the process cache (bound, LRU order, packing of
 * finished lookups, threads, fork). */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "stub/stub.h"
#include "stub/stub_conf_int.h" /* configurations made by hand */
#include "stub/stub_int.h"
#include "testutil.h"

static struct stub_config conf;

static void setup_search(unsigned ndots, const char *const *domains, size_t n)
{
	stub_config_init(&conf);
	conf.ndots = ndots;
	conf.nsearch = n;
	for (size_t i = 0; i < n; i++)
		memcpy(conf.search[i], tu_name(domains[i]), VAL_NAME_MAX);
}

/* Candidates as presentation names joined by spaces. */
static const char *cands(const char *name)
{
	static char out[4096];
	uint8_t c[STUB_SEARCH_MAX + 1][VAL_NAME_MAX];
	size_t n = stub_search_candidates(&conf, name, c);
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		char s[VAL_NAME_STR_MAX];
		strcat(out, i ? " " : "");
		strcat(out, val_name_str(c[i], s));
	}
	return out;
}

static const char *const two[] = { "corp.example.", "example.org." };

START_TEST(test_search_fewer_dots_than_ndots_tries_the_list_first)
{
	setup_search(1, two, 2);
	ck_assert_str_eq(cands("www"), "www.corp.example. www.example.org. www.");
}
END_TEST

START_TEST(test_search_enough_dots_tries_the_name_first)
{
	setup_search(1, two, 2);
	ck_assert_str_eq(cands("www.lab"), "www.lab. www.lab.corp.example. www.lab.example.org.");
}
END_TEST

START_TEST(test_search_trailing_dot_is_absolute)
{
	setup_search(1, two, 2);
	ck_assert_str_eq(cands("www."), "www.");
	ck_assert_str_eq(cands("www.lab."), "www.lab.");
}
END_TEST

START_TEST(test_search_ndots_counts_label_separators_only)
{
	setup_search(2, two, 1);
	/* One dot: below ndots 2, so the list comes first. */
	ck_assert_str_eq(cands("a.b"), "a.b.corp.example. a.b.");
	/* An escaped dot is inside a label. */
	ck_assert_str_eq(cands("a\\.b"), "a\\.b.corp.example. a\\.b.");
	ck_assert_str_eq(cands("a.b.c"), "a.b.c. a.b.c.corp.example.");
}
END_TEST

START_TEST(test_search_without_list_tries_the_name_only)
{
	setup_search(1, two, 0);
	ck_assert_str_eq(cands("www"), "www.");
}
END_TEST

START_TEST(test_search_skips_candidates_over_255_octets)
{
	static const char *const longdom[] = { "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa."
					       "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa."
					       "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.",
					       "ok." };
	setup_search(1, longdom, 2);
	char name[80];
	memset(name, 'b', 63);
	strcpy(name + 63, ".c");
	/* 63+1 + 1+1 + 192 + 1 > 255: the first domain is skipped. */
	char want[200];
	snprintf(want, sizeof want, "%s. %s.ok.", name, name);
	ck_assert_str_eq(cands(name), want);
}
END_TEST

START_TEST(test_search_not_a_name_gives_nothing)
{
	setup_search(1, two, 2);
	ck_assert_str_eq(cands("a..b"), "");
}
END_TEST

/* ---- cache ---- */

static void key_of(uint8_t key[16], unsigned i)
{
	memset(key, 0, 16);
	key[0] = 'T';
	memcpy(key + 1, &i, sizeof i);
}

START_TEST(test_cache_put_get_drop)
{
	stub_cache_flush();
	uint8_t key[16], *val;
	size_t len;
	key_of(key, 1);
	ck_assert_int_eq(stub_cache_get(key, 16, &val, &len), -ENOENT);
	stub_cache_put(key, 16, (const uint8_t *)"hello", 5, 60);
	ck_assert_int_eq(stub_cache_get(key, 16, &val, &len), 0);
	ck_assert_uint_eq(len, 5);
	ck_assert_int_eq(memcmp(val, "hello", 5), 0);
	free(val);
	/* A TTL of 0 stores nothing; a new value replaces the old. */
	key_of(key, 2);
	stub_cache_put(key, 16, (const uint8_t *)"x", 1, 0);
	ck_assert_int_eq(stub_cache_get(key, 16, &val, &len), -ENOENT);
	key_of(key, 1);
	stub_cache_put(key, 16, (const uint8_t *)"bye", 3, 60);
	ck_assert_int_eq(stub_cache_get(key, 16, &val, &len), 0);
	ck_assert_uint_eq(len, 3);
	free(val);
	stub_cache_drop(key, 16);
	ck_assert_int_eq(stub_cache_get(key, 16, &val, &len), -ENOENT);
	struct stub_cache_stats s;
	stub_cache_stats(&s);
	ck_assert_uint_eq(s.entries, 0);
	ck_assert_uint_eq(s.bytes, 0);
}
END_TEST

/* A flush empties every chain, long ones included (more entries than
 * buckets), and the cache works afterwards: a bucket left pointing at a
 * freed entry would be found by the gets below (and by ASan). */
START_TEST(test_cache_flush_forgets_everything)
{
	stub_cache_flush();
	uint8_t key[16], *val;
	size_t len;
	const unsigned n = STUB_CACHE_BUCKETS + STUB_CACHE_BUCKETS / 2;
	for (unsigned i = 0; i < n; i++) {
		key_of(key, i);
		stub_cache_put(key, 16, (const uint8_t *)"v", 1, 600);
	}
	struct stub_cache_stats st;
	stub_cache_stats(&st);
	ck_assert_uint_eq(st.entries, n);
	stub_cache_flush();
	stub_cache_stats(&st);
	ck_assert_uint_eq(st.entries, 0);
	ck_assert_uint_eq(st.bytes, 0);
	for (unsigned i = 0; i < n; i++) {
		key_of(key, i);
		ck_assert_int_eq(stub_cache_get(key, 16, &val, &len), -ENOENT);
	}
	key_of(key, 3);
	stub_cache_put(key, 16, (const uint8_t *)"w", 1, 600);
	ck_assert_int_eq(stub_cache_get(key, 16, &val, &len), 0);
	ck_assert_int_eq(val[0], 'w');
	free(val);
	stub_cache_stats(&st);
	ck_assert_uint_eq(st.entries, 1);
}
END_TEST

START_TEST(test_cache_entry_expires)
{
	stub_cache_flush();
	uint8_t key[16], *val;
	size_t len;
	key_of(key, 7);
	stub_cache_put(key, 16, (const uint8_t *)"v", 1, 1);
	ck_assert_int_eq(stub_cache_get(key, 16, &val, &len), 0);
	free(val);
	usleep(1100 * 1000);
	ck_assert_int_eq(stub_cache_get(key, 16, &val, &len), -ENOENT);
}
END_TEST

START_TEST(test_cache_stays_within_its_bounds_and_evicts_least_recent)
{
	stub_cache_flush();
	uint8_t key[16], *val;
	size_t len;
	static uint8_t blob[1000];
	/* Key 0 is read after every insert, so it stays recent. */
	key_of(key, 0);
	stub_cache_put(key, 16, blob, sizeof blob, 600);
	for (unsigned i = 1; i < 3 * STUB_CACHE_ENTRIES_MAX; i++) {
		key_of(key, i);
		stub_cache_put(key, 16, blob, (i % 7) * 100, 600);
		key_of(key, 0);
		ck_assert_int_eq(stub_cache_get(key, 16, &val, &len), 0);
		free(val);
		struct stub_cache_stats s;
		stub_cache_stats(&s);
		ck_assert_uint_le(s.entries, STUB_CACHE_ENTRIES_MAX);
		ck_assert_uint_le(s.bytes, STUB_CACHE_BYTES_MAX);
	}
	struct stub_cache_stats s;
	stub_cache_stats(&s);
	ck_assert_uint_gt(s.evictions, 0);
	/* The oldest of the others are gone, the newest is there. */
	key_of(key, 1);
	ck_assert_int_eq(stub_cache_get(key, 16, &val, &len), -ENOENT);
	key_of(key, 3 * STUB_CACHE_ENTRIES_MAX - 1);
	ck_assert_int_eq(stub_cache_get(key, 16, &val, &len), 0);
	free(val);
	/* An entry over STUB_CACHE_ENTRY_MAX is not kept. */
	uint8_t *big = calloc(1, STUB_CACHE_ENTRY_MAX);
	key_of(key, 99999999);
	stub_cache_put(key, 16, big, STUB_CACHE_ENTRY_MAX, 600);
	free(big);
	ck_assert_int_eq(stub_cache_get(key, 16, &val, &len), -ENOENT);
}
END_TEST

START_TEST(test_cache_packs_and_unpacks_a_host_result)
{
	stub_cache_flush();
	struct stub_host *h = calloc(1, sizeof *h);
	h->status = STUB_HOST_FOUND;
	h->verdict = VAL_SECURE;
	h->ttl = 300;
	snprintf(h->servers, sizeof h->servers, "127.53.53.1");
	snprintf(h->qname, sizeof h->qname, "alias.example");
	h->nnames = 2;
	snprintf(h->names[0], sizeof h->names[0], "alias.example");
	snprintf(h->names[1], sizeof h->names[1], "www.example");
	h->naddrs = 2;
	h->addrs[0] = (struct stub_host_addr){ .family = AF_INET, .addr = { 192, 0, 2, 1 } };
	h->addrs[1] = (struct stub_host_addr){ .family = AF_INET6, .addr = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 } };
	const uint8_t key[] = "Nkey";
	stub_host_cache_store(key, sizeof key, h);
	struct stub_host *g = stub_host_cache_load(key, sizeof key);
	ck_assert_ptr_nonnull(g);
	ck_assert(g->from_cache);
	ck_assert_int_eq(g->status, STUB_HOST_FOUND);
	ck_assert_int_eq(g->verdict, VAL_SECURE);
	ck_assert_uint_eq(g->ttl, 300);
	ck_assert_str_eq(g->servers, "127.53.53.1");
	ck_assert_str_eq(g->qname, "alias.example");
	ck_assert_uint_eq(g->nnames, 2);
	ck_assert_str_eq(g->names[1], "www.example");
	ck_assert_uint_eq(g->naddrs, 2);
	ck_assert_int_eq(memcmp(&g->addrs[1], &h->addrs[1], sizeof h->addrs[1]), 0);
	ck_assert_int_eq(g->addrs[0].family, AF_INET);
	/* Packed to its used size, not the struct's. */
	struct stub_cache_stats s;
	stub_cache_stats(&s);
	ck_assert_uint_lt(s.bytes, 300);
	/* Indeterminate results are never kept; bogus ones are. */
	h->status = STUB_HOST_INDETERMINATE;
	const uint8_t key2[] = "Nkey2";
	stub_host_cache_store(key2, sizeof key2, h);
	ck_assert_ptr_null(stub_host_cache_load(key2, sizeof key2));
	h->status = STUB_HOST_BOGUS;
	stub_host_cache_store(key2, sizeof key2, h);
	struct stub_host *b = stub_host_cache_load(key2, sizeof key2);
	ck_assert_ptr_nonnull(b);
	ck_assert_int_eq(b->status, STUB_HOST_BOGUS);
	free(b);
	free(g);
	free(h);
}
END_TEST

START_TEST(test_cache_is_empty_in_a_forked_child)
{
	stub_cache_flush();
	uint8_t key[16];
	key_of(key, 5);
	stub_cache_put(key, 16, (const uint8_t *)"v", 1, 60);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct stub_cache_stats s;
		stub_cache_stats(&s);
		uint8_t *val;
		size_t len;
		/* Empty, and usable (the lock is not left held). */
		stub_cache_put(key, 16, (const uint8_t *)"w", 1, 60);
		_exit(s.entries == 0 && stub_cache_get(key, 16, &val, &len) == 0 ? 0 : 1);
	}
	int st;
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	struct stub_cache_stats s;
	stub_cache_stats(&s);
	ck_assert_uint_eq(s.entries, 1);	/* the parent keeps its own */
}
END_TEST

static void *hammer(void *arg)
{
	unsigned base = (unsigned)(uintptr_t)arg;
	uint8_t key[16], *val;
	size_t len;
	for (unsigned i = 0; i < 20000; i++) {
		key_of(key, base + i % 500);
		if (i % 3 == 0)
			stub_cache_put(key, 16, (const uint8_t *)&i, sizeof i, 60);
		else if (stub_cache_get(key, 16, &val, &len) == 0)
			free(val);
		if (i % 1000 == 0)
			stub_cache_drop(key, 16);
	}
	return NULL;
}

START_TEST(test_cache_threads)
{
	stub_cache_flush();
	pthread_t t[8];
	for (unsigned i = 0; i < 8; i++)
		ck_assert_int_eq(pthread_create(&t[i], NULL, hammer, (void *)(uintptr_t)(i * 250)), 0);
	for (unsigned i = 0; i < 8; i++)
		pthread_join(t[i], NULL);
	struct stub_cache_stats s;
	stub_cache_stats(&s);
	ck_assert_uint_le(s.entries, 8 * 250 + 500);
	ck_assert_uint_gt(s.hits, 0);
}
END_TEST

/* ---- lookups that end before any answer ---- */

START_TEST(test_clock_before_the_build_is_indeterminate_clock_not_set)
{
	stub_config_init(&conf);
	conf.nservers = 1;
	stub_server_parse(&conf.servers[0], "127.0.0.1#9", &(const char *){ NULL });
	struct stub_lookup *lk = calloc(1, sizeof *lk);
	uint16_t t = VAL_T_A;
	/* 2001-09-09: long before any build of this code. */
	ck_assert_int_eq(stub_lookup(&conf, tu_name("www.example."), &t, 1, 1000000000, false, lk), 0);
	ck_assert_int_eq(lk->ans[0].verdict, VAL_INDETERMINATE);
	ck_assert_int_eq(lk->ans[0].reason.code, VAL_R_CLOCK_UNSET);
	ck_assert_ptr_nonnull(strstr(val_reason_str(&lk->ans[0].reason), "2001-09-09"));
	ck_assert_uint_eq(lk->queries, 0);
	stub_lookup_free(lk);
	/* The same time given explicitly (--at) is taken as meant: the lookup
	 * goes to the network (port 9 on loopback refuses, so it fails there). */
	ck_assert_int_eq(stub_lookup(&conf, tu_name("www.example."), &t, 1, 1000000000, true, lk), 0);
	ck_assert_int_ne(lk->ans[0].reason.code, VAL_R_CLOCK_UNSET);
	ck_assert_uint_gt(lk->queries, 0);
	stub_lookup_free(lk);
	free(lk);
}
END_TEST

/* The datagrams waiting on fd, each a query of the lookup (read without
 * blocking: the lookup has ended). */
static unsigned queries_received(int fd)
{
	unsigned n = 0;
	uint8_t buf[512];
	while (recv(fd, buf, sizeof buf, MSG_DONTWAIT) > 0)
		n++;
	return n;
}

START_TEST(test_a_server_that_never_answers_ends_at_the_deadline_named)
{
	/* A UDP socket on loopback that reads nothing and answers nothing. */
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(0x7f000001) };
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	socklen_t sl = sizeof sa;
	getsockname(fd, (struct sockaddr *)&sa, &sl);
	char server[64];
	snprintf(server, sizeof server, "127.0.0.1#%u", ntohs(sa.sin_port));
	stub_config_init(&conf);
	conf.nservers = 1;
	ck_assert_int_eq(stub_server_parse(&conf.servers[0], server, &(const char *){ NULL }), 0);
	/* c-ares alone would try 4 times, waiting 0.5 + 1 + 2 + 4 s (the
	 * first try gets half the deadline, stub_net_new, and each pass
	 * doubles it); the lookup's one deadline of 1 s ends it during the
	 * second try. */
	conf.timeout_s = 1;
	conf.attempts = 4;
	struct stub_lookup *lk = calloc(1, sizeof *lk);
	uint16_t t = VAL_T_A;
	ck_assert_int_eq(stub_lookup(&conf, tu_name("www.example."), &t, 1, (uint64_t)time(NULL), false, lk), 0);
	ck_assert_int_eq(lk->ans[0].verdict, VAL_INDETERMINATE);
	ck_assert_int_eq(lk->ans[0].reason.code, VAL_R_NO_ANSWER); /* timed out, at the deadline */
	ck_assert_ptr_nonnull(strstr(lk->ans[0].reason.server, server));
	/* The deadline holds: one round of one query, cut short before
	 * c-ares used its tries (not attempts x timeout).  A count, not a
	 * time: a slow machine cannot make it pass or fail. */
	ck_assert_uint_eq(lk->rounds, 1);
	ck_assert_uint_eq(lk->queries, 1);
	unsigned tries = queries_received(fd);
	ck_assert_uint_ge(tries, 1);
	ck_assert_uint_lt(tries, conf.attempts);
	stub_lookup_free(lk);
	free(lk);
	close(fd);
}
END_TEST

static Suite *host_suite(void)
{
	Suite *s = suite_create("host");
	TCase *tc = tcase_create("search");
	tcase_add_test(tc, test_search_fewer_dots_than_ndots_tries_the_list_first);
	tcase_add_test(tc, test_search_enough_dots_tries_the_name_first);
	tcase_add_test(tc, test_search_trailing_dot_is_absolute);
	tcase_add_test(tc, test_search_ndots_counts_label_separators_only);
	tcase_add_test(tc, test_search_without_list_tries_the_name_only);
	tcase_add_test(tc, test_search_skips_candidates_over_255_octets);
	tcase_add_test(tc, test_search_not_a_name_gives_nothing);
	suite_add_tcase(s, tc);
	tc = tcase_create("cache");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_cache_put_get_drop);
	tcase_add_test(tc, test_cache_flush_forgets_everything);
	tcase_add_test(tc, test_cache_entry_expires);
	tcase_add_test(tc, test_cache_stays_within_its_bounds_and_evicts_least_recent);
	tcase_add_test(tc, test_cache_packs_and_unpacks_a_host_result);
	tcase_add_test(tc, test_cache_is_empty_in_a_forked_child);
	tcase_add_test(tc, test_cache_threads);
	suite_add_tcase(s, tc);
	tc = tcase_create("lookup");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_clock_before_the_build_is_indeterminate_clock_not_set);
	tcase_add_test(tc, test_a_server_that_never_answers_ends_at_the_deadline_named);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(host_suite)
