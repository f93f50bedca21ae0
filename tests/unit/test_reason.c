/* tests/unit/test_reason.c: the table of failure codes (val_reason.c). */
#include <string.h>

#include "testutil.h"

START_TEST(test_every_code_has_a_row_with_its_own_name)
{
	for (int c = 1; c < VAL_R_COUNT; c++) {
		const char *name = val_code_name((enum val_code)c);
		ck_assert_msg(strcmp(name, "NONE") != 0, "code %d has no row in VAL_REASONS", c);
		for (int d = 1; d < c; d++)
			ck_assert_msg(strcmp(name, val_code_name((enum val_code)d)) != 0, "codes %d and %d share %s",
				      d, c, name);
	}
}
END_TEST

START_TEST(test_a_code_outside_the_table_reads_as_none)
{
	ck_assert_str_eq(val_code_name(VAL_R_COUNT), "NONE");
	ck_assert_str_eq(val_code_name((enum val_code)-1), "NONE");
	ck_assert_uint_eq(val_code_ede(VAL_R_COUNT), EDE_OTHER);
}
END_TEST

START_TEST(test_codes_carry_the_ede_of_rfc_8914)
{
	ck_assert_uint_eq(val_code_ede(VAL_R_SIG_EXPIRED), EDE_SIGNATURE_EXPIRED);
	ck_assert_uint_eq(val_code_ede(VAL_R_SIG_NOT_YET), EDE_SIGNATURE_NOT_YET_VALID);
	ck_assert_uint_eq(val_code_ede(VAL_R_DS_MATCHES_NO_KEY), EDE_DNSKEY_MISSING);
	ck_assert_uint_eq(val_code_ede(VAL_R_RRSIG_MISSING), EDE_RRSIGS_MISSING);
	ck_assert_uint_eq(val_code_ede(VAL_R_KEY_NOT_ZONE), EDE_NO_ZONE_KEY_BIT);
	ck_assert_uint_eq(val_code_ede(VAL_R_DENIAL_MISSING), EDE_NSEC_MISSING);
	ck_assert_uint_eq(val_code_ede(VAL_R_NSEC3_ITER_LIMIT), EDE_UNSUPPORTED_NSEC3_ITERATIONS);
	ck_assert_uint_eq(val_code_ede(VAL_R_CLOCK_UNSET), EDE_DNSSEC_INDETERMINATE);
}
END_TEST

START_TEST(test_a_bad_signature_outranks_a_foreign_signer)
{
	/* verify_with reports the most telling of an RRset's failures. */
	ck_assert_uint_gt(val_code_rank(VAL_R_SIG_INVALID), val_code_rank(VAL_R_SIGNER_NOT_ZONE));
	ck_assert_uint_gt(val_code_rank(VAL_R_SIG_EXPIRED), val_code_rank(VAL_R_KEY_NOT_IN_SET));
	ck_assert_uint_gt(val_code_rank(VAL_R_KEY_NOT_ZONE), val_code_rank(VAL_R_KEY_NOT_VOUCHED));
	ck_assert_uint_eq(val_code_rank(VAL_R_NONE), 0);
}
END_TEST

/* RFC 4035 §5.3.1's time window: the sentence is rendered from the facts
 * alone, byte for byte what the failing site used to print. */
START_TEST(test_time_window_reasons_are_rendered_from_their_facts)
{
	struct val_reason r;
	struct val_facts f = { .zone = tu_name("example."), .owner = tu_name("www.example."), .type = VAL_T_A,
			       .key_tag = 12345, .algorithm = 13, .inception = 1084127760, .expiration = 1084127760 };
	val_reason_set(&r, VAL_R_SIG_EXPIRED, &f);
	ck_assert_uint_eq(r.ede, EDE_SIGNATURE_EXPIRED);
	ck_assert_str_eq(val_reason_str(&r), "RRSIG over www.example. A by key 12345 of example. expired at "
					     "2004-05-09 18:36 UTC: signatures not refreshed?");
	val_reason_set(&r, VAL_R_SIG_NOT_YET, &f);
	ck_assert_uint_eq(r.ede, EDE_SIGNATURE_NOT_YET_VALID);
	ck_assert_str_eq(val_reason_str(&r), "RRSIG over www.example. A by key 12345 of example. is not valid before "
					     "2004-05-09 18:36 UTC: signer's clock ahead, or this host's behind?");
	f.expiration = 1000000000;
	val_reason_set(&r, VAL_R_SIG_WINDOW_BAD, &f);
	ck_assert_str_eq(val_reason_str(&r), "RRSIG over www.example. A by key 12345 of example. expires "
					     "(2001-09-09 01:46) before its inception (2004-05-09 18:36)");
	ck_assert_uint_eq(r.key_tag, 12345);
	ck_assert_uint_eq(r.expiration, 1000000000);
}
END_TEST

static Suite *reason_suite(void)
{
	Suite *s = suite_create("reason");
	TCase *tc = tcase_create("table");
	tcase_add_test(tc, test_every_code_has_a_row_with_its_own_name);
	tcase_add_test(tc, test_a_code_outside_the_table_reads_as_none);
	tcase_add_test(tc, test_codes_carry_the_ede_of_rfc_8914);
	tcase_add_test(tc, test_a_bad_signature_outranks_a_foreign_signer);
	tcase_add_test(tc, test_time_window_reasons_are_rendered_from_their_facts);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(reason_suite)
