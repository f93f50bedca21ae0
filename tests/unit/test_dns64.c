/* DNS64 in stub/: RFC 6052 synthesis and extraction at all six prefix
 * lengths (the examples of RFC 6052 §2.4 are the vectors), prefix parsing
 * for dns64-prefix, RFC 7050 prefix discovery from an ipv4only.arpa.
 * answer, and the bound on synthesized addresses. */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "msgbuild.h"
#include "stub/stub.h"
#include "testutil.h"

static struct stub_dns64_prefix prefix(const char *text)
{
	struct stub_dns64_prefix p;
	const char *err = NULL;
	ck_assert_msg(stub_dns64_parse(&p, text, &err) == 0, "%s: %s", text, err ? err : "?");
	return p;
}

static const char *v6str(const uint8_t a[16])
{
	static char buf[INET6_ADDRSTRLEN];
	return inet_ntop(AF_INET6, a, buf, sizeof buf);
}

/* RFC 6052 §2.4, Table 1: 192.0.2.33 under each Network-Specific Prefix
 * length, and under the Well-Known Prefix. */
static const struct { const char *prefix, *addr; } rfc6052[] = {
	{ "2001:db8::/32", "2001:db8:c000:221::" },
	{ "2001:db8:100::/40", "2001:db8:1c0:2:21::" },
	{ "2001:db8:122::/48", "2001:db8:122:c000:2:2100::" },
	{ "2001:db8:122:300::/56", "2001:db8:122:3c0:0:221::" },
	{ "2001:db8:122:344::/64", "2001:db8:122:344:c0:2:2100:0" },
	{ "2001:db8:122:344::/96", "2001:db8:122:344::c000:221" },
	{ "64:ff9b::/96", "64:ff9b::c000:221" },
};
static const uint8_t v4_192_0_2_33[4] = { 192, 0, 2, 33 };

START_TEST(test_rfc6052_examples_synthesize_at_all_six_lengths)
{
	for (size_t i = 0; i < sizeof rfc6052 / sizeof rfc6052[0]; i++) {
		struct stub_dns64_prefix p = prefix(rfc6052[i].prefix);
		uint8_t out[16], want[16];
		stub_dns64_synth(&p, v4_192_0_2_33, out);
		ck_assert_int_eq(inet_pton(AF_INET6, rfc6052[i].addr, want), 1);
		ck_assert_msg(memcmp(out, want, 16) == 0, "%s: got %s, want %s", rfc6052[i].prefix, v6str(out),
			      rfc6052[i].addr);
	}
}
END_TEST

START_TEST(test_rfc6052_examples_extract_the_ipv4_address_back)
{
	for (size_t i = 0; i < sizeof rfc6052 / sizeof rfc6052[0]; i++) {
		struct stub_dns64_prefix p = prefix(rfc6052[i].prefix);
		uint8_t a[16], v4[4] = { 0 };
		ck_assert_int_eq(inet_pton(AF_INET6, rfc6052[i].addr, a), 1);
		ck_assert_msg(stub_dns64_extract(&p, a, v4), "%s", rfc6052[i].prefix);
		ck_assert_mem_eq(v4, v4_192_0_2_33, 4);
	}
}
END_TEST

START_TEST(test_address_outside_the_prefix_or_with_u_octet_set_is_not_extracted)
{
	uint8_t a[16], v4[4];
	struct stub_dns64_prefix wkp = prefix("64:ff9b::/96");
	ck_assert_int_eq(inet_pton(AF_INET6, "64:ff9c::c000:221", a), 1);
	ck_assert(!stub_dns64_extract(&wkp, a, v4));
	ck_assert_int_eq(inet_pton(AF_INET6, "2001:db8::1", a), 1);
	ck_assert(!stub_dns64_extract(&wkp, a, v4));
	/* RFC 6052 §2.2: bits 64-71 are zero in every format. */
	struct stub_dns64_prefix p48 = prefix("2001:db8:122::/48");
	ck_assert_int_eq(inet_pton(AF_INET6, "2001:db8:122:c000:102:2100::", a), 1);
	ck_assert(!stub_dns64_extract(&p48, a, v4));
	/* The /40 prefix does not cover 2001:db8:200::. */
	struct stub_dns64_prefix p40 = prefix("2001:db8:100::/40");
	ck_assert_int_eq(inet_pton(AF_INET6, "2001:db8:2c0:2:21::", a), 1);
	ck_assert(!stub_dns64_extract(&p40, a, v4));
}
END_TEST

static void expect_parse_error(const char *text, const char *want)
{
	struct stub_dns64_prefix p;
	const char *err = NULL;
	ck_assert_msg(stub_dns64_parse(&p, text, &err) == -EINVAL, "%s parsed", text);
	ck_assert_msg(err && strcmp(err, want) == 0, "%s: got \"%s\", want \"%s\"", text, err ? err : "(null)",
		      want);
}

START_TEST(test_prefix_parse_takes_the_six_lengths_only)
{
	char buf[64];
	struct stub_dns64_prefix p = prefix("64:FF9B::/96");
	ck_assert_str_eq(stub_dns64_str(&p, buf, sizeof buf), "64:ff9b::/96");
	p = prefix("2001:db8:100::/40");
	ck_assert_uint_eq(p.len, 40);
	ck_assert_str_eq(stub_dns64_str(&p, buf, sizeof buf), "2001:db8:100::/40");
	expect_parse_error("64:ff9b::", "want PREFIX/LEN, e.g. 64:ff9b::/96");
	expect_parse_error("64:ff9b::/33", "the length must be 32, 40, 48, 56, 64 or 96 (RFC 6052)");
	expect_parse_error("64:ff9b::/128", "the length must be 32, 40, 48, 56, 64 or 96 (RFC 6052)");
	expect_parse_error("64:ff9b::/096x", "the length must be 32, 40, 48, 56, 64 or 96 (RFC 6052)");
	expect_parse_error("64:ff9b::/", "the length must be 32, 40, 48, 56, 64 or 96 (RFC 6052)");
	expect_parse_error("192.0.2.0/96", "not an IPv6 prefix");
	expect_parse_error("64:ff9b::1/96", "bits set past the prefix length");
	expect_parse_error("2001:db8:100::/32", "bits set past the prefix length");
	/* RFC 6052 §2.2: with a /96 the administrator keeps bits 64-71 zero. */
	expect_parse_error("2001:db8:0:0:100::/96", "bits 64-71 must be zero (RFC 6052 section 2.2)");
}
END_TEST

/* A response to ipv4only.arpa. AAAA with the given AAAA records. */
static void ipv4only_response(struct mb *m, unsigned rcode, const char *qname, const char *const *aaaa, size_t n)
{
	mb_header(m, 1, (unsigned)n, 0, 0);
	m->b[3] = (uint8_t)(0x80 | rcode);
	mb_name(m, qname);
	mb_u16(m, VAL_T_AAAA);
	mb_u16(m, VAL_C_IN);
	for (size_t i = 0; i < n; i++) {
		uint8_t a[16];
		ck_assert_int_eq(inet_pton(AF_INET6, aaaa[i], a), 1);
		mb_name(m, "ipv4only.arpa.");
		mb_rrhead(m, VAL_T_AAAA, 3600, 16);
		mb_raw(m, a, 16);
	}
}

static struct mb m;

START_TEST(test_discovery_learns_each_prefix_length_from_the_well_known_addresses)
{
	/* 192.0.0.170 and 192.0.0.171 under each of the six formats (RFC 7050 §3). */
	static const char *const aaaa[] = {
		"64:ff9b::c000:aa", "64:ff9b::c000:ab",			/* /96, twice */
		"2001:db8:c000:aa::", "2001:db8:100:c000:0:aa00::",	/* /32, /48 */
		"2001:db8:1c0:0:aa::", "2001:db8:122:3c0:0:aa::",	/* /40, /56 */
		"2001:db8:122:344:c0:0:ab00:0",				/* /64 */
	};
	struct stub_dns64_prefix out[8];
	const char *err = NULL;
	ipv4only_response(&m, 0, "ipv4only.arpa.", aaaa, 7);
	int n = stub_dns64_from_response(m.b, m.n, out, 8, &err);
	ck_assert_msg(n == 6, "n %d (%s)", n, err ? err : "");
	static const char *const want[] = { "64:ff9b::/96", "2001:db8::/32", "2001:db8:100::/48",
					    "2001:db8:100::/40", "2001:db8:122:300::/56",
					    "2001:db8:122:344::/64" };
	for (size_t i = 0; i < 6; i++) {
		char buf[64];
		ck_assert_str_eq(stub_dns64_str(&out[i], buf, sizeof buf), want[i]);
	}
	/* At most max: the first ones. */
	ck_assert_int_eq(stub_dns64_from_response(m.b, m.n, out, 2, &err), 2);
}
END_TEST

START_TEST(test_discovery_without_a_well_known_address_finds_nothing)
{
	struct stub_dns64_prefix out[4];
	const char *err = NULL;
	/* A real AAAA (no DNS64), a WKA with a non-zero suffix, a WKA with the u octet set. */
	static const char *const aaaa[] = { "2001:db8::1", "2001:db8:c000:aa::1", "2001:db8:100:c000:100:aa00::" };
	ipv4only_response(&m, 0, "ipv4only.arpa.", aaaa, 3);
	ck_assert_int_eq(stub_dns64_from_response(m.b, m.n, out, 4, &err), 0);
	ipv4only_response(&m, 0, "ipv4only.arpa.", NULL, 0);	/* NODATA */
	ck_assert_int_eq(stub_dns64_from_response(m.b, m.n, out, 4, &err), 0);
	ipv4only_response(&m, 3, "ipv4only.arpa.", NULL, 0);	/* NXDOMAIN */
	ck_assert_int_eq(stub_dns64_from_response(m.b, m.n, out, 4, &err), 0);
}
END_TEST

START_TEST(test_discovery_refuses_another_question_a_failure_and_garbage)
{
	struct stub_dns64_prefix out[4];
	const char *err = NULL;
	static const char *const aaaa[] = { "64:ff9b::c000:aa" };
	ipv4only_response(&m, 0, "ipv4only.example.", aaaa, 1);
	ck_assert_int_eq(stub_dns64_from_response(m.b, m.n, out, 4, &err), -EBADMSG);
	ck_assert_str_eq(err, "the answer is not for ipv4only.arpa. AAAA");
	ipv4only_response(&m, 2, "ipv4only.arpa.", NULL, 0);
	ck_assert_int_eq(stub_dns64_from_response(m.b, m.n, out, 4, &err), -EBADMSG);
	ck_assert_str_eq(err, "the resolver answered SERVFAIL");
	ipv4only_response(&m, 0, "ipv4only.arpa.", aaaa, 1);
	ck_assert_int_eq(stub_dns64_from_response(m.b, m.n - 3, out, 4, &err), -EBADMSG);
}
END_TEST

START_TEST(test_synthesis_is_bounded_by_the_named_limit)
{
	/* 64 A records under two prefixes would be 128 AAAA: only the
	 * first STUB_DNS64_SYNTH_MAX are made, the first prefix first. */
	mb_header(&m, 1, VAL_RRSET_RR_MAX, 0, 0);
	mb_name(&m, "many.example.");
	mb_u16(&m, VAL_T_A);
	mb_u16(&m, VAL_C_IN);
	for (unsigned i = 0; i < VAL_RRSET_RR_MAX; i++) {
		mb_name(&m, "many.example.");
		mb_rrhead(&m, VAL_T_A, 300, 4);
		mb_u8(&m, 192); mb_u8(&m, 0); mb_u8(&m, 2); mb_u8(&m, i + 1);
	}
	struct val_msg *msg;
	const char *err;
	ck_assert_int_eq(val_msg_parse(m.b, m.n, &msg, &err), 0);
	const struct val_rrset *a = tu_find_rrset(msg, "many.example.", VAL_T_A);
	ck_assert_ptr_nonnull(a);
	struct stub_dns64_prefix p[2] = { prefix("64:ff9b::/96"), prefix("2001:db8::/32") };
	struct stub_host_addr out[2 * VAL_RRSET_RR_MAX];
	size_t n = stub_dns64_synth_rrset(p, 2, a, out, STUB_DNS64_SYNTH_MAX);
	ck_assert_uint_eq(n, STUB_DNS64_SYNTH_MAX);
	for (size_t i = 0; i < n; i++) {
		ck_assert_int_eq(out[i].family, AF_INET6);
		ck_assert_mem_eq(out[i].addr, "\0\x64\xff\x9b\0\0\0\0\0\0\0\0\xc0\0\2", 15);
	}
	/* One prefix, three records: three addresses, in the A's order. */
	ck_assert_uint_eq(stub_dns64_synth_rrset(p + 1, 1, a, out, 3), 3);
	ck_assert_str_eq(v6str(out[2].addr), "2001:db8:c000:203::");
	val_msg_free(msg);
}
END_TEST

static Suite *dns64_suite(void)
{
	Suite *s = suite_create("dns64");
	TCase *tc = tcase_create("rfc6052");
	tcase_add_test(tc, test_rfc6052_examples_synthesize_at_all_six_lengths);
	tcase_add_test(tc, test_rfc6052_examples_extract_the_ipv4_address_back);
	tcase_add_test(tc, test_address_outside_the_prefix_or_with_u_octet_set_is_not_extracted);
	tcase_add_test(tc, test_prefix_parse_takes_the_six_lengths_only);
	tcase_add_test(tc, test_synthesis_is_bounded_by_the_named_limit);
	suite_add_tcase(s, tc);
	tc = tcase_create("rfc7050");
	tcase_add_test(tc, test_discovery_learns_each_prefix_length_from_the_well_known_addresses);
	tcase_add_test(tc, test_discovery_without_a_well_known_address_finds_nothing);
	tcase_add_test(tc, test_discovery_refuses_another_question_a_failure_and_garbage);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(dns64_suite)
