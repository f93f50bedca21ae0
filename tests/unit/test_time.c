/* tests/unit/test_time.c: the RRSIG validity window, RFC 4034 §3.1.5 with
 * RFC 1982 serial arithmetic, at fixed times. */
#include "testutil.h"

/* RFC 4035 Appendix A: every RRSIG has this window. */
#define RFC4035_INCEPTION "20040409183619"
#define RFC4035_EXPIRATION "20040509183619"

static uint32_t field(const char *t)
{
	return (uint32_t)tu_time(t);
}

#define SKEW VAL_SKEW_SECONDS
#define TWO32 (UINT64_C(1) << 32)

START_TEST(test_inside_the_window_is_ok)
{
	ck_assert_int_eq(val_time_check(field(RFC4035_INCEPTION), field(RFC4035_EXPIRATION),
					tu_time("20040420000000"), SKEW), VAL_TIME_OK);
	/* RFC 5155 Appendix A at the time expect.tsv uses */
	ck_assert_int_eq(val_time_check(field("20051021000000"), field("20150420235959"),
					tu_time("20100101000000"), SKEW), VAL_TIME_OK);
}
END_TEST

START_TEST(test_one_second_past_expiration_plus_skew_is_expired)
{
	uint32_t inc = field(RFC4035_INCEPTION), exp = field(RFC4035_EXPIRATION);
	ck_assert_int_eq(val_time_check(inc, exp, (uint64_t)exp + SKEW + 1, SKEW), VAL_TIME_EXPIRED);
	/* expect.tsv: xx.example A at 2020 (RFC 4035) and 2016 (RFC 5155) */
	ck_assert_int_eq(val_time_check(inc, exp, tu_time("20200101000000"), SKEW), VAL_TIME_EXPIRED);
	ck_assert_int_eq(val_time_check(field("20051021000000"), field("20150420235959"),
					tu_time("20160101000000"), SKEW), VAL_TIME_EXPIRED);
}
END_TEST

START_TEST(test_exactly_at_the_skew_boundaries_is_ok)
{
	uint32_t inc = field(RFC4035_INCEPTION), exp = field(RFC4035_EXPIRATION);
	ck_assert_int_eq(val_time_check(inc, exp, (uint64_t)exp + SKEW, SKEW), VAL_TIME_OK);
	ck_assert_int_eq(val_time_check(inc, exp, (uint64_t)inc - SKEW, SKEW), VAL_TIME_OK);
	/* without skew the fields themselves are inside (RFC 4035 §5.3.1:
	 * "less than or equal", "greater than or equal") */
	ck_assert_int_eq(val_time_check(inc, exp, exp, 0), VAL_TIME_OK);
	ck_assert_int_eq(val_time_check(inc, exp, inc, 0), VAL_TIME_OK);
	ck_assert_int_eq(val_time_check(inc, exp, (uint64_t)exp + 1, 0), VAL_TIME_EXPIRED);
	ck_assert_int_eq(val_time_check(inc, exp, (uint64_t)inc - 1, 0), VAL_TIME_NOT_YET);
}
END_TEST

START_TEST(test_before_inception_minus_skew_is_not_yet_valid)
{
	uint32_t inc = field(RFC4035_INCEPTION), exp = field(RFC4035_EXPIRATION);
	ck_assert_int_eq(val_time_check(inc, exp, (uint64_t)inc - SKEW - 1, SKEW), VAL_TIME_NOT_YET);
	/* expect.tsv: xx.example A at 20040401000000 */
	ck_assert_int_eq(val_time_check(inc, exp, tu_time("20040401000000"), SKEW), VAL_TIME_NOT_YET);
}
END_TEST

START_TEST(test_expiration_before_inception_is_bad)
{
	uint32_t inc = field(RFC4035_INCEPTION), exp = field(RFC4035_EXPIRATION);
	ck_assert_int_eq(val_time_check(exp, inc, tu_time("20040420000000"), SKEW), VAL_TIME_BAD);
	ck_assert_int_eq(val_time_check(inc, inc - 1, inc, SKEW), VAL_TIME_BAD);
	/* RFC 1982 §3.2: 2^31 apart the order is undefined: bad too */
	ck_assert_int_eq(val_time_check(0, UINT32_C(0x80000000), 1000, SKEW), VAL_TIME_BAD);
	/* one second less is the longest window there is */
	ck_assert_int_eq(val_time_check(0, UINT32_C(0x7fffffff), 1000, SKEW), VAL_TIME_OK);
	/* a one-second window is a window */
	ck_assert_int_eq(val_time_check(inc, inc, inc, 0), VAL_TIME_OK);
}
END_TEST

START_TEST(test_window_across_the_2106_wrap_uses_serial_arithmetic)
{
	/* inception a day before 2^32 seconds (2106-02-07), expiration a
	 * day after: numerically smaller, but later (RFC 4034 §3.1.5). */
	uint32_t inc = (uint32_t)(TWO32 - 86400), exp = 86400;
	ck_assert_int_eq(val_time_check(inc, exp, TWO32 + 10, SKEW), VAL_TIME_OK);
	ck_assert_int_eq(val_time_check(inc, exp, TWO32 - 10, SKEW), VAL_TIME_OK);
	ck_assert_int_eq(val_time_check(inc, exp, TWO32 + 86400 + SKEW, SKEW), VAL_TIME_OK);
	ck_assert_int_eq(val_time_check(inc, exp, TWO32 + 86400 + SKEW + 1, SKEW), VAL_TIME_EXPIRED);
	ck_assert_int_eq(val_time_check(inc, exp, TWO32 - 86400 - SKEW - 1, SKEW), VAL_TIME_NOT_YET);
	/* after the wrap, a window entirely in 2106 */
	ck_assert_int_eq(val_time_check(100, 200, TWO32 + 150, 0), VAL_TIME_OK);
	ck_assert_int_eq(val_time_check(100, 200, TWO32 + 201, 0), VAL_TIME_EXPIRED);
	ck_assert_int_eq(val_time_check(100, 200, TWO32 + 99, 0), VAL_TIME_NOT_YET);
}
END_TEST

START_TEST(test_now_near_the_epoch_does_not_underflow)
{
	ck_assert_int_eq(val_time_check(0, 100, 0, SKEW), VAL_TIME_OK);
	ck_assert_int_eq(val_time_check(SKEW + 10, SKEW + 20, 0, SKEW), VAL_TIME_NOT_YET);
	/* A clock at the end of uint64_t is nonsense, but the arithmetic
	 * stays defined (UBSan watches); serial arithmetic has no "far
	 * past", so any verdict will do. */
	enum val_time t = val_time_check(0, 10, UINT64_MAX, SKEW);
	ck_assert(t == VAL_TIME_OK || t == VAL_TIME_NOT_YET || t == VAL_TIME_EXPIRED);
}
END_TEST

START_TEST(test_time_left_reads_the_field_nearest_to_now_across_the_2106_wrap)
{
	uint64_t now = 0x100000000ULL - 100; /* 100 s before the 32-bit wrap */
	ck_assert_int_eq(val_time_left(50, now), 150);	/* 50 s after the wrap */
	ck_assert_int_eq(val_time_left(0xFFFFFF00u, now), -156);
	ck_assert_int_eq(val_time_left(1000, 1000), 0);
}
END_TEST

START_TEST(test_ttl_cap_is_the_smallest_of_ttl_original_ttl_and_time_left)
{
	struct val_rrsig sig = { .original_ttl = 3600, .expiration = 10000 };
	ck_assert_uint_eq(val_ttl_cap(300, &sig, 1000), 300);		/* the record's TTL */
	ck_assert_uint_eq(val_ttl_cap(86400, &sig, 1000), 3600);	/* the original TTL */
	ck_assert_uint_eq(val_ttl_cap(86400, &sig, 9000), 1000);	/* what is left */
	ck_assert_uint_eq(val_ttl_cap(86400, &sig, 10000), 0);		/* expires now */
	ck_assert_uint_eq(val_ttl_cap(86400, &sig, 20000), 0);		/* expired */
	sig.expiration = 50; /* after the wrap, seen from before it */
	ck_assert_uint_eq(val_ttl_cap(86400, &sig, 0x100000000ULL - 100), 150);
}
END_TEST

static Suite *time_suite(void)
{
	Suite *s = suite_create("time");
	TCase *tc = tcase_create("window");
	tcase_add_test(tc, test_inside_the_window_is_ok);
	tcase_add_test(tc, test_one_second_past_expiration_plus_skew_is_expired);
	tcase_add_test(tc, test_exactly_at_the_skew_boundaries_is_ok);
	tcase_add_test(tc, test_before_inception_minus_skew_is_not_yet_valid);
	tcase_add_test(tc, test_expiration_before_inception_is_bad);
	tcase_add_test(tc, test_window_across_the_2106_wrap_uses_serial_arithmetic);
	tcase_add_test(tc, test_now_near_the_epoch_does_not_underflow);
	tcase_add_test(tc, test_time_left_reads_the_field_nearest_to_now_across_the_2106_wrap);
	tcase_add_test(tc, test_ttl_cap_is_the_smallest_of_ttl_original_ttl_and_time_left);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(time_suite)
