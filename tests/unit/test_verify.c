/* Unit tests of val_rrset_verify and val_dnskey_verify on the RFC 4035 and
 * RFC 5155 example zones (recorded wire data, fixed clock). */
#include <errno.h>
#include <string.h>

#include "testutil.h"

#define RFC4035_NOW "20040420000000"
#define RFC5155_NOW "20100101000000"

/* The zone's DNSKEY RRset validated from the trust anchor file. */
static void keys_from(struct val_ctx *vc, const struct val_msg *zone, const char *anchor_path,
		      enum val_verdict want)
{
	struct val_msg *anchor = tu_load_msg(anchor_path);
	const struct val_rr *trust[4];
	ck_assert_uint_ge(anchor->nrr, 1);
	for (size_t i = 0; i < anchor->nrr && i < 4; i++)
		trust[i] = &anchor->rrs[i];
	const struct val_rrset *keys = tu_find_rrset(zone, "example.", VAL_T_DNSKEY);
	ck_assert_ptr_nonnull(keys);
	struct val_sigok ok;
	enum val_verdict v = val_dnskey_verify(vc, keys, tu_name("example."), trust, anchor->nrr, true, &ok);
	ck_assert_msg(v == want, "DNSKEY verdict %s (%s), wanted %s", val_verdict_str(v), vc->reason.text,
		      val_verdict_str(want));
	val_msg_free(anchor);
}

/* Verifies every signed RRset of a zone message; returns how many were
 * secure and sets *bogus to how many were not. */
static unsigned verify_zone(struct val_ctx *vc, const struct val_msg *zone, unsigned *bogus)
{
	const struct val_rrset *keys = tu_find_rrset(zone, "example.", VAL_T_DNSKEY);
	unsigned secure = 0;
	*bogus = 0;
	for (size_t s = 0; s < zone->nsets; s++) {
		if (zone->sets[s].nsig == 0)
			continue; /* delegation NS and glue are not signed */
		struct val_sigok ok;
		if (val_rrset_verify(vc, &zone->sets[s], tu_name("example."), keys, &ok) == VAL_SECURE)
			secure++;
		else
			++*bogus;
	}
	return secure;
}

START_TEST(test_rfc4035_dnskey_set_is_secure_from_the_dnskey_anchor_and_the_ds_anchor)
{
	struct val_ctx vc;
	struct val_msg *zone = tu_load_msg("tests/unit/data/rfc4035-example-zone.msg");
	val_ctx_init(&vc, tu_time(RFC4035_NOW));
	keys_from(&vc, zone, "tests/unit/data/rfc4035-example-anchor.msg", VAL_SECURE);
	val_ctx_init(&vc, tu_time(RFC4035_NOW));
	keys_from(&vc, zone, "tests/unit/data/rfc4035-example-ds.msg", VAL_SECURE);
	ck_assert_uint_eq(vc.sig_verifications, 1);
	val_msg_free(zone);
}
END_TEST

START_TEST(test_rfc5155_dnskey_set_is_secure_from_the_dnskey_anchor_and_the_ds_anchor)
{
	struct val_ctx vc;
	struct val_msg *zone = tu_load_msg("tests/unit/data/rfc5155-example-zone.msg");
	val_ctx_init(&vc, tu_time(RFC5155_NOW));
	keys_from(&vc, zone, "tests/unit/data/rfc5155-example-anchor.msg", VAL_SECURE);
	val_ctx_init(&vc, tu_time(RFC5155_NOW));
	keys_from(&vc, zone, "tests/unit/data/rfc5155-example-ds.msg", VAL_SECURE);
	val_msg_free(zone);
}
END_TEST

START_TEST(test_ds_anchor_with_a_changed_digit_is_bogus_dnskey_missing_naming_the_keys)
{
	struct val_ctx vc;
	struct val_msg *zone = tu_load_msg("tests/unit/data/rfc4035-example-zone.msg");
	val_ctx_init(&vc, tu_time(RFC4035_NOW));
	keys_from(&vc, zone, "tests/unit/data/corrupt-rfc4035-wrong-digest-ds.msg", VAL_BOGUS);
	ck_assert_uint_eq(vc.reason.ede, EDE_DNSKEY_MISSING);
	ck_assert_msg(strstr(vc.reason.text, "DS 9465/5") && strstr(vc.reason.text, "9465/5 KSK") && strstr(vc.reason.text, "38519/5") &&
		      strstr(vc.reason.text, "in the trust anchor file") && strstr(vc.reason.text, "trust anchor not updated"), "why: %s", vc.reason.text);
	ck_assert_uint_eq(vc.sig_verifications, 0);
	val_msg_free(zone);
}
END_TEST

START_TEST(test_every_signed_rrset_of_the_rfc4035_zone_is_secure_in_april_2004)
{
	struct val_ctx vc;
	struct val_msg *zone = tu_load_msg("tests/unit/data/rfc4035-example-zone.msg");
	val_ctx_init(&vc, tu_time(RFC4035_NOW));
	vc.sig_budget = 1000; /* a whole zone, not one lookup */
	unsigned bogus;
	unsigned secure = verify_zone(&vc, zone, &bogus);
	ck_assert_uint_eq(bogus, 0);
	/* 27 RRSIGs: the DNSKEY set has two, so 26 RRsets */
	ck_assert_uint_eq(secure, 26);
	val_msg_free(zone);
}
END_TEST

START_TEST(test_every_signed_rrset_of_the_rfc5155_zone_is_secure_in_2010)
{
	struct val_ctx vc;
	struct val_msg *zone = tu_load_msg("tests/unit/data/rfc5155-example-zone.msg");
	val_ctx_init(&vc, tu_time(RFC5155_NOW));
	vc.sig_budget = 1000;
	unsigned bogus;
	unsigned secure = verify_zone(&vc, zone, &bogus);
	ck_assert_uint_eq(bogus, 0);
	ck_assert_uint_eq(secure, 30); /* 30 RRSIGs, one over the DNSKEY set */
	val_msg_free(zone);
}
END_TEST

START_TEST(test_rrset_after_expiry_is_bogus_signature_expired_with_the_date)
{
	struct val_ctx vc;
	struct val_msg *zone = tu_load_msg("tests/unit/data/rfc4035-example-zone.msg");
	val_ctx_init(&vc, tu_time("20200101000000"));
	const struct val_rrset *keys = tu_find_rrset(zone, "example.", VAL_T_DNSKEY);
	struct val_sigok ok;
	ck_assert_int_eq(val_rrset_verify(&vc, tu_find_rrset(zone, "xx.example.", VAL_T_A), tu_name("example."), keys, &ok),
			 VAL_BOGUS);
	ck_assert_uint_eq(vc.reason.ede, EDE_SIGNATURE_EXPIRED);
	ck_assert_msg(strstr(vc.reason.text, "expired at 2004-05-09 18:36 UTC"), "why: %s", vc.reason.text);
	ck_assert_uint_eq(vc.sig_verifications, 0);
	val_msg_free(zone);
}
END_TEST

START_TEST(test_rrset_before_inception_is_bogus_signature_not_yet_valid)
{
	struct val_ctx vc;
	struct val_msg *zone = tu_load_msg("tests/unit/data/rfc4035-example-zone.msg");
	val_ctx_init(&vc, tu_time("20040401000000"));
	const struct val_rrset *keys = tu_find_rrset(zone, "example.", VAL_T_DNSKEY);
	struct val_sigok ok;
	ck_assert_int_eq(val_rrset_verify(&vc, tu_find_rrset(zone, "xx.example.", VAL_T_A), tu_name("example."), keys, &ok),
			 VAL_BOGUS);
	ck_assert_uint_eq(vc.reason.ede, EDE_SIGNATURE_NOT_YET_VALID);
	val_msg_free(zone);
}
END_TEST

START_TEST(test_without_the_time_window_expired_and_not_yet_valid_rrsigs_verify_and_say_so)
{
	struct val_ctx vc;
	struct val_msg *zone = tu_load_msg("tests/unit/data/rfc4035-example-zone.msg");
	const struct val_rrset *keys = tu_find_rrset(zone, "example.", VAL_T_DNSKEY);
	struct val_sigok ok;
	static const char *const times[] = { "20200101000000", "20040401000000" };
	for (size_t i = 0; i < 2; i++) {
		val_ctx_init(&vc, tu_time(times[i]));
		ck_assert(!vc.no_time_window); /* never the default */
		vc.no_time_window = true;
		ck_assert_int_eq(val_rrset_verify(&vc, tu_find_rrset(zone, "xx.example.", VAL_T_A), tu_name("example."),
						  keys, &ok), VAL_SECURE);
		ck_assert(vc.time_window_skipped);
		ck_assert_uint_eq(vc.sig_verifications, 1);
	}
	/* In the window, nothing was skipped. */
	val_ctx_init(&vc, tu_time(RFC4035_NOW));
	vc.no_time_window = true;
	ck_assert_int_eq(val_rrset_verify(&vc, tu_find_rrset(zone, "xx.example.", VAL_T_A), tu_name("example."), keys, &ok),
			 VAL_SECURE);
	ck_assert(!vc.time_window_skipped);
	val_msg_free(zone);
}
END_TEST

START_TEST(test_without_the_time_window_a_bad_signature_is_still_bogus)
{
	struct val_ctx vc;
	struct val_msg *zone = tu_load_msg("tests/unit/data/corrupt-rfc4035-flipped-sig-zone.msg");
	val_ctx_init(&vc, tu_time("20200101000000"));
	vc.no_time_window = true;
	const struct val_rrset *keys = tu_find_rrset(zone, "example.", VAL_T_DNSKEY);
	struct val_sigok ok;
	ck_assert_int_eq(val_rrset_verify(&vc, tu_find_rrset(zone, "x.w.example.", VAL_T_MX), tu_name("example."), keys, &ok),
			 VAL_BOGUS);
	ck_assert_msg(strstr(vc.reason.text, "does not verify"), "why: %s", vc.reason.text);
	val_msg_free(zone);
}
END_TEST

START_TEST(test_flipped_signature_bit_is_bogus_and_named_while_the_rest_stays_secure)
{
	struct val_ctx vc;
	struct val_msg *zone = tu_load_msg("tests/unit/data/corrupt-rfc4035-flipped-sig-zone.msg");
	val_ctx_init(&vc, tu_time(RFC4035_NOW));
	const struct val_rrset *keys = tu_find_rrset(zone, "example.", VAL_T_DNSKEY);
	struct val_sigok ok;
	ck_assert_int_eq(val_rrset_verify(&vc, tu_find_rrset(zone, "x.w.example.", VAL_T_MX), tu_name("example."), keys, &ok),
			 VAL_BOGUS);
	ck_assert_uint_eq(vc.reason.ede, EDE_DNSSEC_BOGUS);
	ck_assert_msg(strstr(vc.reason.text, "x.w.example. MX") && strstr(vc.reason.text, "does not verify"), "why: %s", vc.reason.text);
	ck_assert_int_eq(val_rrset_verify(&vc, tu_find_rrset(zone, "xx.example.", VAL_T_A), tu_name("example."), keys, &ok),
			 VAL_SECURE);
	val_msg_free(zone);
}
END_TEST

START_TEST(test_wildcard_owner_asked_for_itself_is_secure_and_no_expansion)
{
	/* RFC 4035 §5.3.2: the labels field is compared with the owner's
	 * labels not counting a leftmost "*", so *.w.example MX with labels 2
	 * is the RRset as signed, not a synthesis needing a no-closer proof
	 * (expansions are checked in test_denial and the lab's wildcard rows). */
	struct val_ctx vc;
	struct val_msg *zone = tu_load_msg("tests/unit/data/rfc4035-example-zone.msg");
	val_ctx_init(&vc, tu_time(RFC4035_NOW));
	const struct val_rrset *keys = tu_find_rrset(zone, "example.", VAL_T_DNSKEY);
	const struct val_rrset *wild = tu_find_rrset(zone, "*.w.example.", VAL_T_MX);
	ck_assert_ptr_nonnull(wild);
	struct val_sigok ok;
	ck_assert_int_eq(val_rrset_verify(&vc, wild, tu_name("example."), keys, &ok), VAL_SECURE);
	/* "*" counts as a label of the owner but not in the labels field */
	ck_assert_uint_eq(ok.labels, 2);
	ck_assert(!ok.wildcard);
	val_msg_free(zone);
}
END_TEST

START_TEST(test_rrset_checked_against_another_zone_names_the_real_signer)
{
	struct val_ctx vc;
	struct val_msg *zone = tu_load_msg("tests/unit/data/rfc4035-example-zone.msg");
	val_ctx_init(&vc, tu_time(RFC4035_NOW));
	const struct val_rrset *keys = tu_find_rrset(zone, "example.", VAL_T_DNSKEY);
	struct val_sigok ok;
	ck_assert_int_eq(val_rrset_verify(&vc, tu_find_rrset(zone, "x.w.example.", VAL_T_MX), tu_name("w.example."), keys, &ok),
			 VAL_BOGUS);
	ck_assert_msg(strstr(vc.reason.text, "signed by example. (key 38519), not by its zone w.example."), "why: %s", vc.reason.text);
	ck_assert_int_eq(val_rrset_verify(&vc, tu_find_rrset(zone, "xx.example.", VAL_T_A), tu_name("com."), keys, &ok),
			 VAL_BOGUS);
	ck_assert_msg(strstr(vc.reason.text, "not inside zone com."), "why: %s", vc.reason.text);
	val_msg_free(zone);
}
END_TEST

START_TEST(test_rrset_without_rrsig_is_bogus_rrsigs_missing)
{
	struct val_ctx vc;
	struct val_msg *zone = tu_load_msg("tests/unit/data/rfc4035-example-zone.msg");
	val_ctx_init(&vc, tu_time(RFC4035_NOW));
	const struct val_rrset *keys = tu_find_rrset(zone, "example.", VAL_T_DNSKEY);
	const struct val_rrset *glue = tu_find_rrset(zone, "ns1.a.example.", VAL_T_A);
	ck_assert_ptr_nonnull(glue);
	struct val_sigok ok;
	ck_assert_int_eq(val_rrset_verify(&vc, glue, tu_name("example."), keys, &ok), VAL_BOGUS);
	ck_assert_uint_eq(vc.reason.ede, EDE_RRSIGS_MISSING);
	val_msg_free(zone);
}
END_TEST

/* KeyTrap (CVE-2023-50387): 100 DNSKEYs that share one key tag and 100
 * RRSIGs naming it.  Without limits that is 10 000 RSA verifications. */
static uint16_t keytag_fold(uint32_t ac) { return (uint16_t)((ac + (ac >> 16)) & 0xffff); }

/* Builds keytrap.example. A with nsigs RRSIGs and nkeys DNSKEYs (RSASHA256,
 * 1024-bit moduli of junk) that all share key tag 4711. */
static size_t build_keytrap(uint8_t *msgbuf, int nkeys, int nsigs)
{
	enum { MODLEN = 128 };
	size_t n = 12;
	const uint8_t *owner = tu_name("keytrap.example.");
	size_t olen = val_name_len(owner);
	uint16_t target = 4711;
	memset(msgbuf, 0, 12);
	msgbuf[2] = 0x80;
	msgbuf[6] = (uint8_t)((1 + nkeys + nsigs) >> 8);
	msgbuf[7] = (uint8_t)(1 + nkeys + nsigs);
#define PUT16(v) do { msgbuf[n++] = (uint8_t)((v) >> 8); msgbuf[n++] = (uint8_t)(v); } while (0)
#define PUT32(v) do { PUT16((uint32_t)(v) >> 16); PUT16((v) & 0xffff); } while (0)
	memcpy(msgbuf + n, owner, olen); n += olen;
	PUT16(VAL_T_A); PUT16(1); PUT32(60); PUT16(4); PUT32(0xC0000201);
	for (int i = 0; i < nsigs; i++) {
		memcpy(msgbuf + n, owner, olen); n += olen;
		PUT16(VAL_T_RRSIG); PUT16(1); PUT32(60); PUT16(18 + olen + MODLEN);
		PUT16(VAL_T_A); msgbuf[n++] = 8; msgbuf[n++] = 2; PUT32(60);
		PUT32(tu_time("20300101000000")); PUT32(tu_time("20200101000000")); PUT16(target);
		memcpy(msgbuf + n, owner, olen); n += olen;
		memset(msgbuf + n, i, MODLEN); n += MODLEN;
	}
	for (int i = 0; i < nkeys; i++) {
		memcpy(msgbuf + n, owner, olen); n += olen;
		size_t rdlen = 4 + 4 + MODLEN;
		PUT16(VAL_T_DNSKEY); PUT16(1); PUT32(60); PUT16(rdlen);
		uint8_t *rd = msgbuf + n;
		rd[0] = 1; rd[1] = 0; rd[2] = 3; rd[3] = 8;		/* ZONE, protocol 3, RSASHA256 */
		rd[4] = 3; rd[5] = 1; rd[6] = 0; rd[7] = 1;		/* exponent 65537 */
		for (int j = 0; j < MODLEN; j++) rd[8 + j] = (uint8_t)(0x80 | (i * 7 + j * 13));
		/* the last two octets make the key tag `target` (RFC 4034 App. B) */
		rd[rdlen - 2] = rd[rdlen - 1] = 0;
		uint32_t ac = 0;
		for (size_t j = 0; j < rdlen; j++) ac += (j & 1) ? rd[j] : (uint32_t)rd[j] << 8;
		uint32_t v;
		for (v = 0; v < 65536 && keytag_fold(ac + v) != target; v++)
			;
		ck_assert_uint_lt(v, 65536);
		rd[rdlen - 2] = (uint8_t)(v >> 8); rd[rdlen - 1] = (uint8_t)v;
		ck_assert_uint_eq(val_keytag(rd, rdlen), target);
		n += rdlen;
	}
#undef PUT16
#undef PUT32
	return n;
}

START_TEST(test_100_keys_sharing_a_tag_are_refused_by_the_parser_before_any_crypto)
{
	static uint8_t buf[65535];
	size_t n = build_keytrap(buf, 100, 100);
	struct val_msg *msg;
	const char *err;
	ck_assert_int_eq(val_msg_parse(buf, n, &msg, &err), -EBADMSG);
	ck_assert_str_eq(err, "an RRset of more than 64 records");
}
END_TEST

START_TEST(test_64_keys_sharing_a_tag_with_100_signatures_stop_at_the_verification_limit)
{
	static uint8_t buf[65535];
	size_t n = build_keytrap(buf, VAL_RRSET_RR_MAX, 100);
	struct val_msg *msg;
	const char *err;
	ck_assert_int_eq(val_msg_parse(buf, n, &msg, &err), 0);
	const struct val_rrset *keys = tu_find_rrset(msg, "keytrap.example.", VAL_T_DNSKEY);
	const struct val_rrset *a = tu_find_rrset(msg, "keytrap.example.", VAL_T_A);
	ck_assert_uint_eq(a->nsig, 100);
	ck_assert_uint_eq(keys->nrr, VAL_RRSET_RR_MAX);
	struct val_ctx vc;
	struct val_sigok ok;
	val_ctx_init(&vc, tu_time("20250101000000"));
	ck_assert_int_eq(val_rrset_verify(&vc, a, tu_name("keytrap.example."), keys, &ok), VAL_BOGUS);
	/* 4 RRSIGs considered x 2 keys per tag, and never more than 8 */
	ck_assert_uint_le(vc.sig_verifications, VAL_SIG_PER_RRSET_MAX);
	ck_assert_uint_eq(vc.sig_verifications, VAL_RRSIG_PER_RRSET_MAX * VAL_KEYS_PER_TAG_MAX);
	ck_assert_uint_eq(vc.sig_budget, VAL_SIG_PER_LOOKUP_MAX - vc.sig_verifications);
	/* the same RRset again with a nearly spent lookup budget stops there */
	vc.sig_budget = 3;
	unsigned before = vc.sig_verifications;
	ck_assert_int_eq(val_rrset_verify(&vc, a, tu_name("keytrap.example."), keys, &ok), VAL_BOGUS);
	ck_assert_uint_eq(vc.sig_verifications - before, 3);
	ck_assert_msg(strstr(vc.reason.text, "too many signatures"), "why: %s", vc.reason.text);
	val_msg_free(msg);
}
END_TEST


/* RFC 4035 §5.3.1: the labels field may not be below the signer's label
 * count.  The real xx.example. A and its RRSIG, the labels field set to 0. */
START_TEST(test_rrsig_labels_below_the_signers_count_is_bogus_before_any_crypto)
{
	struct msgbuf { uint8_t b[4096]; size_t n; } m = { .n = 12 };
	struct val_msg *zone = tu_load_msg("tests/unit/data/rfc4035-example-zone.msg");
	const struct val_rrset *set = tu_find_rrset(zone, "xx.example.", VAL_T_A);
	const struct val_rr *rr = set->rrs[0], *sig = set->sigs[0];
	memset(m.b, 0, 12);
	m.b[2] = 0x80;
	m.b[7] = 2; /* ANCOUNT */
	const uint8_t *owner = tu_name("xx.example.");
	size_t olen = val_name_len(owner);
	const struct val_rr *rrs[2] = { rr, sig };
	for (int i = 0; i < 2; i++) {
		memcpy(m.b + m.n, owner, olen);
		m.n += olen;
		uint8_t head[10] = { 0, (uint8_t)rrs[i]->type, 0, 1, 0, 0, 0x0e, 0x10,
				     (uint8_t)(rrs[i]->rdlen >> 8), (uint8_t)rrs[i]->rdlen };
		memcpy(m.b + m.n, head, 10);
		m.n += 10;
		memcpy(m.b + m.n, rrs[i]->rdata, rrs[i]->rdlen);
		if (i == 1)
			m.b[m.n + 3] = 0; /* labels field */
		m.n += rrs[i]->rdlen;
	}
	struct val_msg *msg;
	const char *err;
	ck_assert_int_eq(val_msg_parse(m.b, m.n, &msg, &err), 0);
	struct val_ctx vc;
	struct val_sigok ok;
	val_ctx_init(&vc, tu_time(RFC4035_NOW));
	ck_assert_int_eq(val_rrset_verify(&vc, tu_find_rrset(msg, "xx.example.", VAL_T_A), tu_name("example."),
					  tu_find_rrset(zone, "example.", VAL_T_DNSKEY), &ok), VAL_BOGUS);
	ck_assert_msg(strstr(vc.reason.text, "labels field 0, outside 1..2"), "why: %s", vc.reason.text);
	ck_assert_uint_eq(vc.sig_verifications, 0);
	val_msg_free(msg);
	val_msg_free(zone);
}
END_TEST

static Suite *verify_suite(void)
{
	Suite *s = suite_create("verify");
	TCase *tc = tcase_create("rrsets and keys");
	tcase_add_test(tc, test_rfc4035_dnskey_set_is_secure_from_the_dnskey_anchor_and_the_ds_anchor);
	tcase_add_test(tc, test_rfc5155_dnskey_set_is_secure_from_the_dnskey_anchor_and_the_ds_anchor);
	tcase_add_test(tc, test_ds_anchor_with_a_changed_digit_is_bogus_dnskey_missing_naming_the_keys);
	tcase_add_test(tc, test_every_signed_rrset_of_the_rfc4035_zone_is_secure_in_april_2004);
	tcase_add_test(tc, test_every_signed_rrset_of_the_rfc5155_zone_is_secure_in_2010);
	tcase_add_test(tc, test_rrset_after_expiry_is_bogus_signature_expired_with_the_date);
	tcase_add_test(tc, test_without_the_time_window_expired_and_not_yet_valid_rrsigs_verify_and_say_so);
	tcase_add_test(tc, test_without_the_time_window_a_bad_signature_is_still_bogus);
	tcase_add_test(tc, test_rrset_before_inception_is_bogus_signature_not_yet_valid);
	tcase_add_test(tc, test_flipped_signature_bit_is_bogus_and_named_while_the_rest_stays_secure);
	tcase_add_test(tc, test_wildcard_owner_asked_for_itself_is_secure_and_no_expansion);
	tcase_add_test(tc, test_rrset_checked_against_another_zone_names_the_real_signer);
	tcase_add_test(tc, test_rrset_without_rrsig_is_bogus_rrsigs_missing);
	tcase_add_test(tc, test_rrsig_labels_below_the_signers_count_is_bogus_before_any_crypto);
	tcase_add_test(tc, test_100_keys_sharing_a_tag_are_refused_by_the_parser_before_any_crypto);
	tcase_add_test(tc, test_64_keys_sharing_a_tag_with_100_signatures_stop_at_the_verification_limit);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(verify_suite)
