/* tests/unit/test_reason.c: the table of failure codes (val_reason.c). */
#include <errno.h>
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

/* Every code renders a sentence of its own from a filled facts struct:
 * none is empty, none prints a NULL, none falls back to its code's name. */
START_TEST(test_every_code_renders_a_sentence_from_its_facts)
{
	struct val_msg *zone = tu_load_msg("tests/unit/data/rfc4035-example-zone.msg");
	ck_assert_ptr_nonnull(zone);
	const struct val_trust_ref trust[] = { { .tag = 9465, .algorithm = 5 }, { .tag = 7976, .algorithm = 15 } };
	uint8_t flags[] = { 0, VAL_FACT_NSEC3 | VAL_FACT_WILDCARD | VAL_FACT_ANCHOR | VAL_FACT_DS | VAL_FACT_CUT |
				    VAL_FACT_EDNS };
	for (int c = 1; c < VAL_R_COUNT; c++) {
		for (size_t i = 0; i < sizeof flags; i++) {
			struct val_facts f = {
				.zone = tu_name("example."), .owner = tu_name("www.example."),
				.other = tu_name("*.example."), .record = tu_name("a.example."), .type = VAL_T_A,
				.key_tag = 38519, .ds_tag = 9465, .algorithm = 5, .key_alg = 8, .labels = 2,
				.salt_len = 8, .iterations = 200, .rcode = 2, .deny = VAL_DENY_NODATA,
				.flags = flags[i], .count = 9, .limit = 30, .inception = 1081539377,
				.expiration = 1084131377, .clock = 1000000000, .err = ENOMEM,
				.server = "192.0.2.53", .detail = "a phrase",
				.keys = tu_find_rrset(zone, "example.", VAL_T_DNSKEY), .trust = trust, .ntrust = 2,
			};
			struct val_reason r;
			const char *name = val_code_name((enum val_code)c);
			val_reason_set(&r, (enum val_code)c, &f);
			const char *text = val_reason_str(&r);
			ck_assert_msg(text[0] != '\0', "%s renders as nothing", name);
			ck_assert_msg(!strstr(text, "(null)"), "%s renders a NULL: %s", name, text);
			ck_assert_msg(strcmp(text, name) != 0, "%s has no sentence", name);
			ck_assert_msg(strlen(text) < sizeof r.text - 1, "%s is cut: %s", name, text);
		}
	}
	val_msg_free(zone);
}
END_TEST

/* Sentences as main rendered them at the place of failure, before the
 * reason became data (taken from the reasons its unit tests produced):
 * the renderer keeps every word. */
START_TEST(test_sentences_read_as_they_did_before_the_renderer)
{
	struct val_msg *zone = tu_load_msg("tests/unit/data/rfc4035-example-zone.msg");
	const struct val_rrset *keys = tu_find_rrset(zone, "example.", VAL_T_DNSKEY);
	ck_assert_ptr_nonnull(keys);
	const struct val_trust_ref one_ds[] = { { .tag = 9465, .algorithm = 5 } };
	const struct val_trust_ref eight_ds[8] = { [0 ... 7] = { .tag = 9465, .algorithm = 5 } };
	const struct val_trust_ref anchor[] = { { .tag = 9465, .algorithm = 5, .anchor = true } };
	/* The names as text: tu_name has but a few buffers. */
	const struct {
		enum val_code code;
		const char *zone, *owner, *other, *record;
		struct val_facts f;
		const char *want;
	} cases[] = {
		{ VAL_R_SIGNER_NOT_ZONE, "nsec.test.", "b.ent.nsec.test.", "other.test.", NULL,
		  { .type = VAL_T_NSEC, .key_tag = 5249 },
		  "b.ent.nsec.test. NSEC is signed by other.test. (key 5249), not by its zone nsec.test." },
		{ VAL_R_RRSIG_LABELS, "example.", "xx.example.", NULL, NULL, { .type = VAL_T_A, .labels = 0 },
		  "RRSIG over xx.example. A has labels field 0, outside 1..2" },
		{ VAL_R_SIG_BUDGET, "keytrap.example.", "keytrap.example.", NULL, NULL, { .type = VAL_T_A, .count = 8 },
		  "signature budget spent on keytrap.example. A (8 tried for it, 32 per lookup): too many signatures "
		  "to try" },
		{ VAL_R_SIG_INVALID, "keytrap.example.", "keytrap.example.", NULL, NULL,
		  { .type = VAL_T_A, .key_tag = 4711, .algorithm = 8 },
		  "RRSIG over keytrap.example. A by key 4711/RSASHA256 of keytrap.example. does not verify: data or "
		  "signature altered" },
		{ VAL_R_DS_MATCHES_NO_KEY, "example.", "example.", NULL, NULL,
		  { .type = VAL_T_DNSKEY, .keys = keys, .trust = one_ds, .ntrust = 1, .flags = VAL_FACT_ANCHOR },
		  "DS 9465/5 in the trust anchor file matches no DNSKEY of example. (keys 9465/5 KSK, 38519/5): the KSK "
		  "was rolled and the trust anchor not updated?" },
		{ VAL_R_DS_MATCHES_NO_KEY, "example.", "example.", NULL, NULL,
		  { .type = VAL_T_DNSKEY, .keys = keys, .trust = eight_ds, .ntrust = 8 },
		  "DS 9465/5, DS 9465/5, DS 9465/5, DS 9465/5, DS 9465/5, DS 9465/5, DS 9465/5, DS 9465/5 in the parent "
		  "zone . matches no DNSKEY of example. (keys 9465/5 KSK, 38519/5): KSK rolled without updating the DS "
		  "at the parent?" },
		{ VAL_R_KSK_NOT_SIGNING, "example.", "example.", NULL, NULL,
		  { .type = VAL_T_DNSKEY, .keys = keys, .trust = anchor, .ntrust = 1, .flags = VAL_FACT_ANCHOR },
		  "the DNSKEY set of example. is not signed by the key that anchor 9465/5 names (keys 9465/5 KSK, "
		  "38519/5): the KSK must sign the DNSKEY set" },
		{ VAL_R_NSEC3_ITER_LIMIT, "iter65535.test.", "nope.iter65535.test.", NULL, NULL,
		  { .iterations = 65535, .salt_len = 0, .deny = VAL_DENY_NXDOMAIN, .flags = VAL_FACT_NSEC3 },
		  "zone iter65535.test. uses NSEC3 with 65535 iterations and a 0-octet salt, above the limits of 50 and "
		  "64 (RFC 9276): treated as unsigned" },
		{ VAL_R_DENIAL_TOO_MANY, "nsec3.test.", "nope.nsec3.test.", NULL, NULL,
		  { .count = 9, .deny = VAL_DENY_NXDOMAIN, .flags = VAL_FACT_NSEC3 },
		  "9 NSEC3 records of zone nsec3.test. in one answer, more than the 8 a proof may use" },
		{ VAL_R_TYPE_EXISTS, "nsec3.test.", "a.nsec3.test.", NULL, "025boitf81i64juhretqivqgg30f44a1.nsec3.test.",
		  { .type = VAL_T_TXT, .deny = VAL_DENY_NODATA, .flags = VAL_FACT_NSEC3 },
		  "the NSEC3 at 025boitf81i64juhretqivqgg30f44a1.nsec3.test. lists TXT: the data exists, the denial for "
		  "a.nsec3.test. is forged" },
		{ VAL_R_NOT_COVERED, "nsec.test.", "host.sub.nsec.test.", NULL, NULL, { .deny = VAL_DENY_NXDOMAIN },
		  "no NSEC of zone nsec.test. covers host.sub.nsec.test.: NXDOMAIN for (any type) is not proven" },
		{ VAL_R_OPTOUT, "example.", "a.z.w.example.", NULL, NULL,
		  { .type = VAL_T_A, .deny = VAL_DENY_NODATA, .flags = VAL_FACT_NSEC3 | VAL_FACT_WILDCARD },
		  "the wildcard NODATA for a.z.w.example. rests on an opt-out NSEC3 of zone example.: unsigned "
		  "delegations may hide there (RFC 5155 §9.2)" },
		{ VAL_R_WILDCARD_NODATA_MISSING, "example.", "z.w.example.", "*.w.example.", NULL,
		  { .type = VAL_T_DNSKEY, .deny = VAL_DENY_NODATA },
		  "z.w.example. does not exist, and no NSEC of zone example. shows the wildcard *.w.example. without "
		  "DNSKEY" },
		{ VAL_R_NO_DO, NULL, "x.w.example.", NULL, NULL,
		  { .type = VAL_T_DS, .server = "192.0.2.53", .flags = VAL_FACT_EDNS },
		  "192.0.2.53 answered x.w.example. DS without the DO bit: it does not return DNSSEC records; cannot "
		  "validate" },
		{ VAL_R_RCODE, NULL, "ns1.exampre.", NULL, NULL, { .type = VAL_T_A, .server = "192.0.2.53", .rcode = 4080 },
		  "192.0.2.53 answered ns1.exampre. A with RCODE 4080" },
		{ VAL_R_REFERRAL, NULL, "b.a.test.", "b.a.test.", NULL, { .type = VAL_T_DNSKEY, .server = "192.0.2.53" },
		  "192.0.2.53 answered b.a.test. DNSKEY with a referral to b.a.test., not an answer: it is an "
		  "authoritative server, not a resolver; cannot validate through it" },
		{ VAL_R_QUERY_LIMIT, NULL, "q.a.b.c.d.e.f.one.", NULL, NULL, { 0 },
		  "validating q.a.b.c.d.e.f.one. needs more than 32 upstream queries" },
		{ VAL_R_CLOCK_UNSET, NULL, NULL, NULL, NULL, { .clock = 1000000000, .server = "192.0.2.53" },
		  "system clock not set: it says 2001-09-09 01:46 UTC, before this software was built" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct val_reason r;
		struct val_facts f = cases[i].f;
		f.zone = cases[i].zone ? tu_name(cases[i].zone) : NULL;
		f.owner = cases[i].owner ? tu_name(cases[i].owner) : NULL;
		f.other = cases[i].other ? tu_name(cases[i].other) : NULL;
		f.record = cases[i].record ? tu_name(cases[i].record) : NULL;
		val_reason_set(&r, cases[i].code, &f);
		ck_assert_msg(strcmp(val_reason_str(&r), cases[i].want) == 0, "%s:\n got  %s\n want %s",
			      val_code_name(cases[i].code), val_reason_str(&r), cases[i].want);
	}
	val_msg_free(zone);
}
END_TEST

/* The compositions: an insecure link made bogus by require-secure keeps
 * its EDE and its words. */
START_TEST(test_require_secure_adds_its_words_to_the_insecure_reason)
{
	struct val_reason r;
	val_reason_set(&r, VAL_R_NTA, &(struct val_facts){ .zone = tu_name("w.example."),
							      .owner = tu_name("x.w.example.") });
	val_reason_require_secure(&r, tu_name("example."), tu_name("x.w.example."));
	ck_assert_int_eq(r.code, VAL_R_REQUIRE_SECURE);
	ck_assert_uint_eq(r.ede, EDE_OTHER);
	ck_assert_str_eq(val_reason_str(&r), "negative trust anchor w.example. covers x.w.example.: not validated; "
					     "but require-secure example. covers x.w.example.");
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
	tcase_add_test(tc, test_every_code_renders_a_sentence_from_its_facts);
	tcase_add_test(tc, test_sentences_read_as_they_did_before_the_renderer);
	tcase_add_test(tc, test_require_secure_adds_its_words_to_the_insecure_reason);
	tcase_add_test(tc, test_time_window_reasons_are_rendered_from_their_facts);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(reason_suite)
