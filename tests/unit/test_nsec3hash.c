/* tests/unit/test_nsec3hash.c: RFC 5155 §5 hashing against the Appendix A
 * zone, the SHA-1 budget, and base32hex (RFC 4648 §7). */
#include "testutil.h"

#include <errno.h>
#include <string.h>

/* RFC 5155 Appendix A: NSEC3 1 1 12 aabbccdd. */
static const uint8_t salt[] = { 0xaa, 0xbb, 0xcc, 0xdd };
#define ITERATIONS 12

/* Every name of the zone that owns an NSEC3, with its hashed label as it
 * appears as an NSEC3 owner in the zone (RFC 5155 Appendix A). */
static const struct { const char *name, *hash; } appendix_a[] = {
	{ "example.", "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom" },
	{ "a.example.", "35mthgpgcu1qg68fab165klnsnk3dpvl" },
	{ "ai.example.", "gjeqe526plbf1g8mklp59enfd789njgi" },
	{ "ns1.example.", "2t7b4g4vsa5smi47k61mv5bv1a22bojr" },
	{ "ns2.example.", "q04jkcevqvmu85r014c7dkba38o0ji5r" },
	{ "w.example.", "k8udemvp1j2f7eg6jebps17vp3n8i58h" },
	{ "*.w.example.", "r53bq7cc2uvmubfu5ocmm6pers9tk9en" },
	{ "x.w.example.", "b4um86eghhds6nea196smvmlo4ors995" },
	{ "y.w.example.", "ji6neoaepv8b5o6k4ev33abha8ht9fgc" },
	{ "x.y.w.example.", "2vptu5timamqttgl4luu9kg21e0aor3s" },
	{ "xx.example.", "t644ebqk9bibcna874givr6joj62mlhv" },
	{ "2t7b4g4vsa5smi47k61mv5bv1a22bojr.example.", "kohar7mbb8dc2ce8a9qvl8hon4k53uhi" },
};
#define NAPPENDIX (sizeof appendix_a / sizeof appendix_a[0])

static void hash_str(const char *name, char out[33])
{
	uint8_t h[VAL_NSEC3_HASH_LEN];
	unsigned budget = VAL_NSEC3_HASH_BUDGET;
	ck_assert_int_eq(val_nsec3_hash(h, 1, tu_name(name), ITERATIONS, salt, sizeof salt, &budget), 0);
	ck_assert_uint_eq(budget, VAL_NSEC3_HASH_BUDGET - ITERATIONS - 1);
	ck_assert_uint_eq(val_base32hex_encode(out, h, sizeof h), 32);
}

START_TEST(test_rfc5155_appendix_a_hashes_are_reproduced)
{
	char s[33];
	for (size_t i = 0; i < NAPPENDIX; i++) {
		hash_str(appendix_a[i].name, s);
		ck_assert_str_eq(s, appendix_a[i].hash);
	}
}
END_TEST

START_TEST(test_every_nsec3_owner_of_the_rfc5155_zone_is_the_hash_of_a_zone_name)
{
	struct val_msg *msg = tu_load_msg("tests/unit/data/rfc5155-example-zone.msg");
	size_t n = 0;
	for (size_t i = 0; i < msg->nsets; i++) {
		const struct val_rrset *set = &msg->sets[i];
		if (set->type != VAL_T_NSEC3)
			continue;
		struct val_nsec3 p;
		ck_assert_int_eq(val_rdata_nsec3(set->rrs[0], &p), 0);
		ck_assert_uint_eq(p.hash_alg, 1);
		ck_assert_uint_eq(p.iterations, ITERATIONS);
		ck_assert_uint_eq(p.salt_len, sizeof salt);
		ck_assert_mem_eq(p.salt, salt, sizeof salt);
		/* the first label of the owner is the base32hex hash */
		const uint8_t *label = set->owner;
		ck_assert_uint_eq(label[0], 32);
		uint8_t owner_hash[VAL_NSEC3_HASH_LEN];
		ck_assert_int_eq(val_base32hex_decode(owner_hash, sizeof owner_hash,
						      (const char *)label + 1, label[0]), VAL_NSEC3_HASH_LEN);
		size_t found = 0;
		for (size_t j = 0; j < NAPPENDIX; j++) {
			uint8_t h[VAL_NSEC3_HASH_LEN];
			unsigned budget = ITERATIONS + 1;
			ck_assert_int_eq(val_nsec3_hash(h, 1, tu_name(appendix_a[j].name), p.iterations,
							p.salt, p.salt_len, &budget), 0);
			found += memcmp(h, owner_hash, sizeof h) == 0;
		}
		ck_assert_uint_eq(found, 1);
		n++;
	}
	ck_assert_uint_eq(n, NAPPENDIX);
	val_msg_free(msg);
}
END_TEST

START_TEST(test_the_name_is_lower_cased_before_hashing)
{
	char lower[33], upper[33];
	hash_str("x.w.example.", lower);
	hash_str("X.W.EXAMPLE.", upper);
	ck_assert_str_eq(lower, upper);
	ck_assert_str_eq(upper, "b4um86eghhds6nea196smvmlo4ors995");
}
END_TEST

START_TEST(test_a_budget_one_short_returns_e2big_and_computes_nothing)
{
	uint8_t h[VAL_NSEC3_HASH_LEN], untouched[VAL_NSEC3_HASH_LEN];
	memset(h, 0x5a, sizeof h);
	memset(untouched, 0x5a, sizeof untouched);
	unsigned budget = ITERATIONS;	/* 13 SHA-1s needed */
	ck_assert_int_eq(val_nsec3_hash(h, 1, tu_name("example."), ITERATIONS, salt, sizeof salt, &budget),
			 -E2BIG);
	ck_assert_uint_eq(budget, ITERATIONS);
	ck_assert_mem_eq(h, untouched, sizeof h);
	budget = ITERATIONS + 1;
	ck_assert_int_eq(val_nsec3_hash(h, 1, tu_name("example."), ITERATIONS, salt, sizeof salt, &budget), 0);
	ck_assert_uint_eq(budget, 0);
	budget = 0;
	ck_assert_int_eq(val_nsec3_hash(h, 1, tu_name("example."), 0, NULL, 0, &budget), -E2BIG);
}
END_TEST

START_TEST(test_65535_iterations_are_refused_by_the_per_lookup_budget)
{
	uint8_t h[VAL_NSEC3_HASH_LEN];
	unsigned budget = VAL_NSEC3_HASH_BUDGET;
	ck_assert_int_eq(val_nsec3_hash(h, 1, tu_name("example."), 65535, salt, sizeof salt, &budget),
			 -E2BIG);
	ck_assert_uint_eq(budget, VAL_NSEC3_HASH_BUDGET);
	/* the budget is spent across calls: 1024 = 78 x 13 + 10 */
	size_t ok = 0;
	while (val_nsec3_hash(h, 1, tu_name("example."), ITERATIONS, salt, sizeof salt, &budget) == 0)
		ok++;
	ck_assert_uint_eq(ok, VAL_NSEC3_HASH_BUDGET / (ITERATIONS + 1));
	ck_assert_uint_eq(budget, VAL_NSEC3_HASH_BUDGET % (ITERATIONS + 1));
}
END_TEST

START_TEST(test_hash_algorithms_other_than_sha1_are_not_supported)
{
	uint8_t h[VAL_NSEC3_HASH_LEN];
	unsigned budget = VAL_NSEC3_HASH_BUDGET;
	ck_assert_int_eq(val_nsec3_hash(h, 0, tu_name("example."), 0, NULL, 0, &budget), -ENOTSUP);
	ck_assert_int_eq(val_nsec3_hash(h, 2, tu_name("example."), 0, NULL, 0, &budget), -ENOTSUP);
	ck_assert_uint_eq(budget, VAL_NSEC3_HASH_BUDGET);
}
END_TEST

START_TEST(test_zero_iterations_and_no_salt_is_one_sha1_of_the_name)
{
	/* H("example.") with no salt, no iterations = SHA-1(07 "example" 00) */
	static const uint8_t want[VAL_NSEC3_HASH_LEN] = {
		0x1d, 0xb8, 0xef, 0xa7, 0xdc, 0xb3, 0x48, 0xbd, 0xa7, 0x89,
		0x3f, 0xca, 0x1d, 0x8b, 0xad, 0xfd, 0xb6, 0x99, 0x6b, 0x01,
	};
	uint8_t h[VAL_NSEC3_HASH_LEN];
	unsigned budget = 1;
	ck_assert_int_eq(val_nsec3_hash(h, 1, tu_name("example."), 0, NULL, 0, &budget), 0);
	ck_assert_uint_eq(budget, 0);
	ck_assert_mem_eq(h, want, sizeof want);
}
END_TEST

/* RFC 4648 §10 test vectors, base32hex, lower case, padding dropped. */
static const struct { const char *raw, *enc; } rfc4648[] = {
	{ "", "" }, { "f", "co" }, { "fo", "cpng" }, { "foo", "cpnmu" },
	{ "foob", "cpnmuog" }, { "fooba", "cpnmuoj1" }, { "foobar", "cpnmuoj1e8" },
};

START_TEST(test_base32hex_encodes_the_rfc4648_vectors_in_lower_case)
{
	char out[32];
	for (size_t i = 0; i < sizeof rfc4648 / sizeof rfc4648[0]; i++) {
		size_t n = val_base32hex_encode(out, (const uint8_t *)rfc4648[i].raw, strlen(rfc4648[i].raw));
		ck_assert_uint_eq(n, strlen(rfc4648[i].enc));
		ck_assert_str_eq(out, rfc4648[i].enc);
	}
}
END_TEST

START_TEST(test_base32hex_decodes_the_rfc4648_vectors_in_either_case)
{
	uint8_t out[16];
	char upper[16];
	for (size_t i = 0; i < sizeof rfc4648 / sizeof rfc4648[0]; i++) {
		const char *enc = rfc4648[i].enc, *raw = rfc4648[i].raw;
		ck_assert_int_eq(val_base32hex_decode(out, sizeof out, enc, strlen(enc)), (int)strlen(raw));
		ck_assert_mem_eq(out, raw, strlen(raw));
		size_t j = 0;
		for (; enc[j]; j++)
			upper[j] = (char)(enc[j] >= 'a' && enc[j] <= 'z' ? enc[j] - 32 : enc[j]);
		ck_assert_int_eq(val_base32hex_decode(out, sizeof out, upper, j), (int)strlen(raw));
		ck_assert_mem_eq(out, raw, strlen(raw));
	}
}
END_TEST

START_TEST(test_base32hex_round_trips_every_length_and_octet)
{
	uint8_t in[40], back[40];
	char enc[(sizeof in * 8 + 4) / 5 + 1];
	for (size_t i = 0; i < sizeof in; i++)
		in[i] = (uint8_t)(i * 37 + 11);
	for (size_t len = 0; len <= sizeof in; len++) {
		size_t n = val_base32hex_encode(enc, in, len);
		ck_assert_uint_eq(n, (len * 8 + 4) / 5);
		ck_assert_uint_eq(strlen(enc), n);
		ck_assert_int_eq(val_base32hex_decode(back, sizeof back, enc, n), (int)len);
		ck_assert_mem_eq(back, in, len);
	}
	static const uint8_t ones[VAL_NSEC3_HASH_LEN] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	};
	ck_assert_uint_eq(val_base32hex_encode(enc, ones, sizeof ones), 32);
	ck_assert_str_eq(enc, "vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv");
}
END_TEST

START_TEST(test_base32hex_rejects_bad_characters_padding_and_lengths)
{
	uint8_t out[32];
	static const char *const bad[] = {
		"w",	/* past the alphabet */
		"cpnmuog=", /* padding is not used (RFC 5155 §1.3) */
		"cp ng", "cp-ng", "cp.ng", "z0",
		"c",	/* 1, 3 or 6 characters cannot end an octet */
		"cpn", "cpnmuo",
		"cp",	/* "f" is "co": the trailing bits must be zero */
		"cpnh", "cpnmv", "cpnmuoh", "cpnmuoj1e9",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(val_base32hex_decode(out, sizeof out, bad[i], strlen(bad[i])) == -EINVAL,
			      "\"%s\" accepted", bad[i]);
	/* a NUL inside the given length is a bad character too */
	ck_assert_int_eq(val_base32hex_decode(out, sizeof out, "co\0", 3), -EINVAL);
}
END_TEST

START_TEST(test_base32hex_decode_never_writes_past_cap)
{
	uint8_t out[VAL_NSEC3_HASH_LEN + 1];
	memset(out, 0xee, sizeof out);
	const char *hash = appendix_a[0].hash;	/* 32 characters, 20 octets */
	ck_assert_int_eq(val_base32hex_decode(out, VAL_NSEC3_HASH_LEN - 1, hash, 32), -EINVAL);
	ck_assert_int_eq(val_base32hex_decode(out, VAL_NSEC3_HASH_LEN, hash, 32), VAL_NSEC3_HASH_LEN);
	ck_assert_uint_eq(out[VAL_NSEC3_HASH_LEN], 0xee);
}
END_TEST

static Suite *nsec3hash_suite(void)
{
	Suite *s = suite_create("nsec3hash");
	TCase *tc = tcase_create("hash");
	tcase_add_test(tc, test_rfc5155_appendix_a_hashes_are_reproduced);
	tcase_add_test(tc, test_every_nsec3_owner_of_the_rfc5155_zone_is_the_hash_of_a_zone_name);
	tcase_add_test(tc, test_the_name_is_lower_cased_before_hashing);
	tcase_add_test(tc, test_a_budget_one_short_returns_e2big_and_computes_nothing);
	tcase_add_test(tc, test_65535_iterations_are_refused_by_the_per_lookup_budget);
	tcase_add_test(tc, test_hash_algorithms_other_than_sha1_are_not_supported);
	tcase_add_test(tc, test_zero_iterations_and_no_salt_is_one_sha1_of_the_name);
	suite_add_tcase(s, tc);
	tc = tcase_create("base32hex");
	tcase_add_test(tc, test_base32hex_encodes_the_rfc4648_vectors_in_lower_case);
	tcase_add_test(tc, test_base32hex_decodes_the_rfc4648_vectors_in_either_case);
	tcase_add_test(tc, test_base32hex_round_trips_every_length_and_octet);
	tcase_add_test(tc, test_base32hex_rejects_bad_characters_padding_and_lengths);
	tcase_add_test(tc, test_base32hex_decode_never_writes_past_cap);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(nsec3hash_suite)
