/* Unit tests of the wire reader, message parser, names and query writer. */
#include <errno.h>
#include <string.h>

#include "msgbuild.h"
#include "testutil.h"


static int parse(struct mb *m, struct val_msg **msg, const char **err)
{
	return val_msg_parse(m->b, m->n, msg, err);
}

static void expect_malformed(struct mb *m, const char *why)
{
	struct val_msg *msg = (void *)1;
	const char *err = NULL;
	ck_assert_int_eq(parse(m, &msg, &err), -EBADMSG);
	ck_assert_ptr_null(msg);
	ck_assert_ptr_nonnull(err);
	ck_assert_msg(strstr(err, why) != NULL, "error \"%s\" does not mention \"%s\"", err, why);
}

START_TEST(test_compressed_answer_is_grouped_into_rrsets_with_their_rrsig)
{
	struct mb m;
	mb_header(&m, 1, 3, 0, 1);
	mb_name(&m, "www.example.com"); mb_u16(&m, VAL_T_A); mb_u16(&m, VAL_C_IN);
	/* two A records owned by a pointer to the question name (offset 12) */
	for (int i = 0; i < 2; i++) {
		mb_u16(&m, 0xC00C); mb_rrhead(&m, VAL_T_A, 300 - i, 4); mb_u32(&m, 0xC0000201 + i);
	}
	/* RRSIG over A, signer example.com (uncompressed) */
	mb_u16(&m, 0xC00C);
	const uint8_t *signer = tu_name("example.com");
	mb_rrhead(&m, VAL_T_RRSIG, 300, 18 + (unsigned)val_name_len(signer) + 3);
	mb_u16(&m, VAL_T_A); mb_u8(&m, 13); mb_u8(&m, 3); mb_u32(&m, 300);
	mb_u32(&m, 2000000000); mb_u32(&m, 1000000000); mb_u16(&m, 4711);
	mb_raw(&m, signer, val_name_len(signer)); mb_raw(&m, "sig", 3);
	/* OPT: payload 1232, extended rcode 1 (BADVERS = 16 total), DO */
	mb_u8(&m, 0); mb_u16(&m, VAL_T_OPT); mb_u16(&m, 1232); mb_u32(&m, 0x01008000); mb_u16(&m, 0);

	struct val_msg *msg;
	const char *err;
	ck_assert_int_eq(parse(&m, &msg, &err), 0);
	ck_assert_uint_eq(msg->id, 0x1234);
	ck_assert(val_name_eq(msg->qname, tu_name("WWW.example.COM")));
	ck_assert_uint_eq(msg->nrr, 3);
	ck_assert_uint_eq(msg->nanswer, 3);
	ck_assert(msg->has_opt && msg->opt_do);
	ck_assert_uint_eq(msg->opt_payload, 1232);
	ck_assert_uint_eq(msg->rcode, 16);
	ck_assert_uint_eq(msg->nsets, 1);
	ck_assert_uint_eq(msg->sets[0].nrr, 2);
	ck_assert_uint_eq(msg->sets[0].nsig, 1);
	ck_assert_uint_eq(msg->sets[0].ttl, 299);
	ck_assert_uint_eq(msg->norphan_sigs, 0);
	struct val_rrsig sig;
	ck_assert_int_eq(val_rdata_rrsig(msg->sets[0].sigs[0], &sig), 0);
	ck_assert_uint_eq(sig.key_tag, 4711);
	ck_assert(val_name_eq(sig.signer, signer));
	ck_assert_uint_eq(sig.signature_len, 3);
	ck_assert_uint_eq(sig.fields_len, 18 + val_name_len(signer));
	val_msg_free(msg);
}
END_TEST

START_TEST(test_rrsig_without_its_rrset_is_kept_as_an_orphan)
{
	struct mb m;
	mb_header(&m, 0, 1, 0, 0);
	mb_name(&m, "a.example");
	mb_rrhead(&m, VAL_T_RRSIG, 60, 18 + 9 + 1);
	mb_u16(&m, VAL_T_AAAA); mb_u8(&m, 8); mb_u8(&m, 2); mb_u32(&m, 60);
	mb_u32(&m, 2); mb_u32(&m, 1); mb_u16(&m, 1); mb_name(&m, "example"); mb_u8(&m, 0);
	struct val_msg *msg;
	const char *err;
	ck_assert_int_eq(parse(&m, &msg, &err), 0);
	ck_assert_uint_eq(msg->nsets, 0);
	ck_assert_uint_eq(msg->norphan_sigs, 1);
	val_msg_free(msg);
}
END_TEST

START_TEST(test_compression_pointer_to_itself_is_malformed)
{
	struct mb m;
	mb_header(&m, 1, 0, 0, 0);
	mb_u16(&m, 0xC00C); mb_u16(&m, 1); mb_u16(&m, 1);
	expect_malformed(&m, "forward compression pointer");
}
END_TEST

START_TEST(test_compression_loop_between_two_names_is_malformed)
{
	/* Question name "a" + pointer to offset 16; at 16 a pointer back to
	 * 12: the walk 12 -> 16 is forward, so it is refused before looping. */
	struct mb m;
	mb_header(&m, 1, 1, 0, 0);
	mb_u8(&m, 1); mb_u8(&m, 'a'); mb_u16(&m, 0xC010);
	mb_u16(&m, 1); mb_u16(&m, 1);
	mb_u16(&m, 0xC00C); mb_rrhead(&m, VAL_T_A, 1, 4); mb_u32(&m, 1);
	expect_malformed(&m, "forward compression pointer");
}
END_TEST

START_TEST(test_forward_compression_pointer_is_malformed)
{
	struct mb m;
	mb_header(&m, 1, 0, 0, 0);
	mb_u16(&m, 0xC020); mb_u16(&m, 1); mb_u16(&m, 1);
	while (m.n < 0x30) mb_u8(&m, 0);
	expect_malformed(&m, "forward compression pointer");
}
END_TEST

START_TEST(test_a_chain_of_backward_pointers_is_followed)
{
	/* "x" -> "y" -> "z" -> root, each later name pointing to the one before. */
	struct mb m;
	mb_header(&m, 1, 2, 0, 0);
	mb_name(&m, "z"); mb_u16(&m, VAL_T_A); mb_u16(&m, 1);            /* z. at 12 */
	size_t y = m.n; mb_u8(&m, 1); mb_u8(&m, 'y'); mb_u16(&m, 0xC00C);  /* y.z. */
	mb_rrhead(&m, VAL_T_A, 1, 4); mb_u32(&m, 1);
	mb_u8(&m, 1); mb_u8(&m, 'x'); mb_u16(&m, 0xC000 | (unsigned)y);    /* x.y.z. */
	mb_rrhead(&m, VAL_T_A, 1, 4); mb_u32(&m, 2);
	struct val_msg *msg;
	const char *err;
	ck_assert_int_eq(parse(&m, &msg, &err), 0);
	ck_assert(val_name_eq(msg->rrs[1].owner, tu_name("x.y.z")));
	val_msg_free(msg);
}
END_TEST

START_TEST(test_rdlength_past_the_end_is_malformed)
{
	struct mb m;
	mb_header(&m, 0, 1, 0, 0);
	mb_name(&m, "a"); mb_rrhead(&m, VAL_T_TXT, 1, 10); mb_u8(&m, 3); mb_raw(&m, "abc", 3);
	expect_malformed(&m, "RDLENGTH runs past the end");
}
END_TEST

START_TEST(test_rdata_shorter_than_its_type_is_malformed)
{
	struct mb m;
	mb_header(&m, 0, 1, 0, 0);
	mb_name(&m, "a"); mb_rrhead(&m, VAL_T_A, 1, 3); mb_raw(&m, "abc", 3);
	expect_malformed(&m, "past the end of its RDATA");
}
END_TEST

START_TEST(test_rdata_longer_than_its_type_is_malformed)
{
	struct mb m;
	mb_header(&m, 0, 1, 0, 0);
	mb_name(&m, "a"); mb_rrhead(&m, VAL_T_A, 1, 5); mb_raw(&m, "abcde", 5);
	expect_malformed(&m, "octets after the last field");
}
END_TEST

static void long_name(struct mb *m, size_t octets)
{
	/* labels of 63 until the total (with root) reaches `octets` */
	size_t left = octets - 1;
	while (left > 0) {
		size_t l = left - 1 > 63 ? 63 : left - 1;
		mb_u8(m, (unsigned)l);
		for (size_t i = 0; i < l; i++) mb_u8(m, 'a');
		left -= l + 1;
	}
	mb_u8(m, 0);
}

START_TEST(test_name_of_255_octets_is_accepted)
{
	struct mb m;
	mb_header(&m, 1, 0, 0, 0);
	long_name(&m, 255); mb_u16(&m, 1); mb_u16(&m, 1);
	struct val_msg *msg;
	const char *err;
	ck_assert_int_eq(parse(&m, &msg, &err), 0);
	ck_assert_uint_eq(val_name_len(msg->qname), 255);
	val_msg_free(msg);
}
END_TEST

START_TEST(test_name_of_256_octets_is_malformed)
{
	struct mb m;
	mb_header(&m, 1, 0, 0, 0);
	long_name(&m, 256); mb_u16(&m, 1); mb_u16(&m, 1);
	expect_malformed(&m, "longer than 255");
}
END_TEST

START_TEST(test_name_over_255_octets_through_pointers_is_malformed)
{
	/* 200 octets of labels, then a second name of 100 octets pointing to the first. */
	struct mb m;
	mb_header(&m, 1, 1, 0, 0);
	long_name(&m, 200); mb_u16(&m, 1); mb_u16(&m, 1);
	for (int i = 0; i < 99; i += 33) { mb_u8(&m, 32); for (int j = 0; j < 32; j++) mb_u8(&m, 'b'); }
	mb_u16(&m, 0xC00C);
	mb_rrhead(&m, VAL_T_A, 1, 4); mb_u32(&m, 1);
	expect_malformed(&m, "longer than 255");
}
END_TEST

START_TEST(test_label_of_64_octets_is_malformed)
{
	struct mb m;
	mb_header(&m, 1, 0, 0, 0);
	mb_u8(&m, 64); for (int i = 0; i < 64; i++) mb_u8(&m, 'a');
	mb_u8(&m, 0); mb_u16(&m, 1); mb_u16(&m, 1);
	expect_malformed(&m, "unknown label type");
}
END_TEST

START_TEST(test_header_only_message_with_zero_counts_parses)
{
	struct mb m;
	mb_header(&m, 0, 0, 0, 0);
	struct val_msg *msg;
	const char *err;
	ck_assert_int_eq(parse(&m, &msg, &err), 0);
	ck_assert_ptr_null(msg->qname);
	ck_assert_uint_eq(msg->nrr, 0);
	ck_assert_uint_eq(msg->nsets, 0);
	val_msg_free(msg);
}
END_TEST

START_TEST(test_counts_of_65535_in_a_short_message_are_malformed)
{
	struct mb m;
	mb_header(&m, 0, 65535, 65535, 65535);
	expect_malformed(&m, "record counts larger");
}
END_TEST

START_TEST(test_truncated_header_is_malformed)
{
	struct mb m;
	mb_header(&m, 0, 0, 0, 0);
	m.n = 11;
	expect_malformed(&m, "12-octet header");
	m.n = 0;
	expect_malformed(&m, "12-octet header");
}
END_TEST

START_TEST(test_two_questions_are_malformed)
{
	struct mb m;
	mb_header(&m, 2, 0, 0, 0);
	expect_malformed(&m, "more than one question");
}
END_TEST

START_TEST(test_second_opt_record_is_malformed)
{
	struct mb m;
	mb_header(&m, 0, 0, 0, 2);
	for (int i = 0; i < 2; i++) { mb_u8(&m, 0); mb_u16(&m, VAL_T_OPT); mb_u16(&m, 1232); mb_u32(&m, 0); mb_u16(&m, 0); }
	expect_malformed(&m, "OPT record");
}
END_TEST

START_TEST(test_opt_record_in_the_answer_is_malformed)
{
	struct mb m;
	mb_header(&m, 0, 1, 0, 0);
	mb_u8(&m, 0); mb_u16(&m, VAL_T_OPT); mb_u16(&m, 1232); mb_u32(&m, 0); mb_u16(&m, 0);
	expect_malformed(&m, "OPT record");
}
END_TEST

START_TEST(test_octets_after_the_last_record_are_malformed)
{
	struct mb m;
	mb_header(&m, 0, 0, 0, 0);
	mb_u8(&m, 0);
	expect_malformed(&m, "octets after the last record");
}
END_TEST

static void many_a(struct mb *m, unsigned n, bool distinct_owners)
{
	mb_header(m, 0, n, 0, 0);
	for (unsigned i = 0; i < n; i++) {
		mb_u8(m, 2); mb_u8(m, 'a' + (distinct_owners ? i / 26 % 26 : 0)); mb_u8(m, 'a' + (distinct_owners ? i % 26 : 0)); mb_u8(m, 0);
		mb_rrhead(m, VAL_T_A, 1, 4); mb_u32(m, i);
	}
}

START_TEST(test_rrset_of_64_records_is_accepted_and_65_is_malformed)
{
	struct mb m;
	struct val_msg *msg;
	const char *err;
	many_a(&m, VAL_RRSET_RR_MAX, false);
	ck_assert_int_eq(parse(&m, &msg, &err), 0);
	ck_assert_uint_eq(msg->sets[0].nrr, VAL_RRSET_RR_MAX);
	val_msg_free(msg);
	many_a(&m, VAL_RRSET_RR_MAX + 1, false);
	expect_malformed(&m, "more than 64 records");
}
END_TEST

START_TEST(test_message_of_257_rrsets_is_malformed)
{
	struct mb m;
	struct val_msg *msg;
	const char *err;
	many_a(&m, VAL_MSG_RRSET_MAX, true);
	ck_assert_int_eq(parse(&m, &msg, &err), 0);
	ck_assert_uint_eq(msg->nsets, VAL_MSG_RRSET_MAX);
	val_msg_free(msg);
	many_a(&m, VAL_MSG_RRSET_MAX + 1, true);
	expect_malformed(&m, "more than 256 RRsets");
}
END_TEST

START_TEST(test_names_in_soa_and_mx_rdata_are_decompressed)
{
	struct mb m;
	mb_header(&m, 1, 2, 0, 0);
	mb_name(&m, "example"); mb_u16(&m, VAL_T_SOA); mb_u16(&m, 1);
	mb_u16(&m, 0xC00C); mb_rrhead(&m, VAL_T_SOA, 1, 2 + 8 + 20);
	mb_u16(&m, 0xC00C); mb_u8(&m, 5); mb_raw(&m, "hostm", 5); mb_u16(&m, 0xC00C);
	for (int i = 0; i < 5; i++) mb_u32(&m, (uint32_t)i + 1);
	mb_u16(&m, 0xC00C); mb_rrhead(&m, VAL_T_MX, 1, 4); mb_u16(&m, 10); mb_u16(&m, 0xC00C);
	struct val_msg *msg;
	const char *err;
	ck_assert_int_eq(parse(&m, &msg, &err), 0);
	struct val_soa soa;
	ck_assert_int_eq(val_rdata_soa(&msg->rrs[0], &soa), 0);
	ck_assert(val_name_eq(soa.mname, tu_name("example")));
	ck_assert(val_name_eq(soa.rname, tu_name("hostm.example")));
	ck_assert_uint_eq(soa.minimum, 5);
	struct val_mx mx;
	ck_assert_int_eq(val_rdata_mx(&msg->rrs[1], &mx), 0);
	ck_assert_uint_eq(mx.preference, 10);
	ck_assert(val_name_eq(mx.exchange, tu_name("example")));
	ck_assert_uint_eq(msg->rrs[1].rdlen, 2 + 9);
	val_msg_free(msg);
}
END_TEST

START_TEST(test_compressed_rrsig_signer_is_malformed)
{
	struct mb m;
	mb_header(&m, 1, 1, 0, 0);
	mb_name(&m, "example"); mb_u16(&m, VAL_T_A); mb_u16(&m, 1);
	mb_u16(&m, 0xC00C); mb_rrhead(&m, VAL_T_RRSIG, 1, 18 + 2 + 1);
	mb_u16(&m, VAL_T_A); mb_u8(&m, 8); mb_u8(&m, 1); mb_u32(&m, 1); mb_u32(&m, 2); mb_u32(&m, 1); mb_u16(&m, 1);
	mb_u16(&m, 0xC00C); mb_u8(&m, 0);
	expect_malformed(&m, "must not be compressed");
}
END_TEST

START_TEST(test_nsec_with_descending_bitmap_windows_is_malformed)
{
	struct mb m;
	mb_header(&m, 0, 1, 0, 0);
	mb_name(&m, "a"); mb_rrhead(&m, VAL_T_NSEC, 1, 3 + 6);
	mb_name(&m, "b"); mb_u8(&m, 1); mb_u8(&m, 1); mb_u8(&m, 0x80); mb_u8(&m, 0); mb_u8(&m, 1); mb_u8(&m, 0x40);
	expect_malformed(&m, "type bitmap");
}
END_TEST

START_TEST(test_bitmap_reports_exactly_the_types_it_holds)
{
	/* window 0: A(1) NS(2) RRSIG(46) NSEC(47); window 1: CAA(257) */
	uint8_t bm[] = { 0, 6, 0x60, 0, 0, 0, 0, 0x03, 1, 1, 0x40 };
	ck_assert_int_eq(val_bitmap_check(bm, sizeof bm), 0);
	ck_assert(val_bitmap_has(bm, sizeof bm, VAL_T_A));
	ck_assert(val_bitmap_has(bm, sizeof bm, VAL_T_NS));
	ck_assert(val_bitmap_has(bm, sizeof bm, VAL_T_RRSIG));
	ck_assert(val_bitmap_has(bm, sizeof bm, VAL_T_NSEC));
	ck_assert(val_bitmap_has(bm, sizeof bm, 257));
	ck_assert(!val_bitmap_has(bm, sizeof bm, VAL_T_AAAA));
	ck_assert(!val_bitmap_has(bm, sizeof bm, VAL_T_DS));
	ck_assert(!val_bitmap_has(bm, sizeof bm, 256));
	ck_assert(!val_bitmap_has(bm, sizeof bm, 600));
	uint8_t zero_len[] = { 0, 0 };
	ck_assert_int_eq(val_bitmap_check(zero_len, sizeof zero_len), -EBADMSG);
	uint8_t too_long[] = { 0, 33 };
	ck_assert_int_eq(val_bitmap_check(too_long, sizeof too_long), -EBADMSG);
	ck_assert_int_eq(val_bitmap_check(NULL, 0), 0);
}
END_TEST

START_TEST(test_query_has_rd_cd_and_an_11_octet_opt_with_do_last)
{
	uint8_t buf[VAL_QUERY_MAX];
	int n = val_query_write(buf, sizeof buf, 0xbeef, tu_name("www.example.com"), VAL_T_AAAA,
				VAL_Q_RD | VAL_Q_CD | VAL_Q_DO);
	static const uint8_t want[] = {
		0xbe, 0xef, 0x01, 0x10, 0, 1, 0, 0, 0, 0, 0, 1,
		3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0,
		0, 28, 0, 1,
		0, 0, 41, 0x04, 0xd0, 0, 0, 0x80, 0, 0, 0,
	};
	ck_assert_int_eq(n, (int)sizeof want);
	ck_assert_mem_eq(buf, want, sizeof want);

	/* and our own parser reads it back */
	struct val_msg *msg;
	const char *err;
	ck_assert_int_eq(val_msg_parse(buf, (size_t)n, &msg, &err), 0);
	ck_assert(msg->has_opt && msg->opt_do && msg->opt_payload == VAL_EDNS_PAYLOAD);
	ck_assert_uint_eq(msg->flags & (VAL_F_RD | VAL_F_CD), VAL_F_RD | VAL_F_CD);
	val_msg_free(msg);
}
END_TEST

START_TEST(test_query_into_a_short_buffer_is_refused)
{
	uint8_t buf[20];
	ck_assert_int_eq(val_query_write(buf, sizeof buf, 1, tu_name("www.example.com"), VAL_T_A, VAL_Q_DO), -ENOSPC);
	/* 12 + 17 + 4 octets fit exactly without the OPT, not with it */
	uint8_t exact[33];
	ck_assert_int_eq(val_query_write(exact, sizeof exact, 1, tu_name("www.example.com"), VAL_T_A, VAL_Q_DO), -ENOSPC);
	ck_assert_int_eq(val_query_write(exact, sizeof exact, 1, tu_name("www.example.com"), VAL_T_A, VAL_Q_RD), 33);
}
END_TEST

START_TEST(test_names_sort_in_rfc4034_canonical_order)
{
	/* RFC 4034 §6.1, the example list in order. */
	static const char *order[] = {
		"example", "a.example", "yljkjljk.a.example", "Z.a.example",
		"zABC.a.EXAMPLE", "z.example", "\\001.z.example", "*.z.example", "\\200.z.example",
	};
	size_t n = sizeof order / sizeof order[0];
	for (size_t i = 0; i + 1 < n; i++) {
		uint8_t a[VAL_NAME_MAX], b[VAL_NAME_MAX];
		const char *err;
		ck_assert_uint_gt(val_name_from_str(a, order[i], &err), 0);
		ck_assert_uint_gt(val_name_from_str(b, order[i + 1], &err), 0);
		ck_assert_msg(val_name_cmp(a, b) < 0, "%s should sort before %s", order[i], order[i + 1]);
		ck_assert_int_gt(val_name_cmp(b, a), 0);
		ck_assert_int_eq(val_name_cmp(a, a), 0);
	}
	ck_assert_int_eq(val_name_cmp(tu_name("Z.A.example"), tu_name("z.a.EXAMPLE")) == 0, 1);
}
END_TEST

START_TEST(test_presentation_names_round_trip_with_escapes)
{
	static const char *names[] = { ".", "example.", "a\\.b.example.", "\\000\\255x.", "*.w.example.", "a\\\\b.c." };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		uint8_t w[VAL_NAME_MAX];
		char s[VAL_NAME_STR_MAX];
		const char *err;
		ck_assert_uint_gt(val_name_from_str(w, names[i], &err), 0);
		ck_assert_str_eq(val_name_str(w, s), names[i]);
	}
	uint8_t w[VAL_NAME_MAX];
	const char *err;
	ck_assert_uint_eq(val_name_from_str(w, "a..b", &err), 0);
	ck_assert_str_eq(err, "empty label in name");
	ck_assert_uint_eq(val_name_from_str(w, "\\256.", &err), 0);
	ck_assert_uint_eq(val_name_from_str(w, "example", &err), 9);
	ck_assert_uint_eq(val_name_from_str(w, "example.", &err), 9);
	char l64[80];
	memset(l64, 'a', 64);
	l64[64] = '\0';
	ck_assert_uint_eq(val_name_from_str(w, l64, &err), 0);
	ck_assert_str_eq(err, "label longer than 63 octets");
}
END_TEST

START_TEST(test_subdomain_parent_suffix_and_label_count)
{
	const uint8_t *n = tu_name("a.b.example");
	uint8_t copy[VAL_NAME_MAX];
	memcpy(copy, n, val_name_len(n));
	ck_assert_uint_eq(val_name_labels(copy), 3);
	ck_assert_uint_eq(val_name_labels(tu_name(".")), 0);
	ck_assert(val_name_is_subdomain(copy, tu_name("B.example")));
	ck_assert(val_name_is_subdomain(copy, tu_name(".")));
	ck_assert(val_name_is_subdomain(copy, copy));
	ck_assert(!val_name_is_subdomain(copy, tu_name("b.example.com")));
	ck_assert(!val_name_is_subdomain(tu_name("example"), tu_name("xexample")));
	ck_assert(val_name_eq(val_name_parent(copy), tu_name("b.example")));
	ck_assert(val_name_eq(val_name_suffix(copy, 1), tu_name("example")));
	ck_assert(val_name_eq(val_name_suffix(copy, 0), tu_name(".")));
}
END_TEST

/* A set of TXT/A records and a fake RRSIG to look at the signed data. */
static struct val_msg *wildcard_msg(void)
{
	static struct mb m;
	mb_header(&m, 0, 4, 0, 0);
	for (int i = 0; i < 3; i++) {
		mb_name(&m, "A.Z.W.Example"); mb_rrhead(&m, VAL_T_A, 100, 4);
		mb_u32(&m, i == 2 ? 0xC0000201 : 0xC0000202 - (uint32_t)i); /* .2, .1, .1 again */
	}
	mb_name(&m, "a.z.w.example");
	mb_rrhead(&m, VAL_T_RRSIG, 100, 18 + 9 + 2);
	mb_u16(&m, VAL_T_A); mb_u8(&m, 8); mb_u8(&m, 2); mb_u32(&m, 3600);
	mb_u32(&m, 2); mb_u32(&m, 1); mb_u16(&m, 7); mb_name(&m, "EXAMPLE"); mb_u16(&m, 0xabcd);
	struct val_msg *msg;
	const char *err;
	ck_assert_int_eq(val_msg_parse(m.b, m.n, &msg, &err), 0);
	return msg;
}

START_TEST(test_signed_data_rebuilds_the_wildcard_owner_sorts_and_drops_duplicates)
{
	struct val_msg *msg = wildcard_msg();
	const struct val_rrset *set = &msg->sets[0];
	ck_assert_uint_eq(set->nrr, 3);
	struct val_rrsig sig;
	ck_assert_int_eq(val_rdata_rrsig(set->sigs[0], &sig), 0);
	uint8_t *data;
	size_t len;
	ck_assert_int_eq(val_signed_data(&sig, set, &data, &len), 0);
	/* RRSIG fields with the signer lower-cased */
	ck_assert_uint_eq(len, 18 + 9 + 2 * (13 + 10 + 4));
	ck_assert_mem_eq(data + 18, "\007example\000", 9);
	const uint8_t *rr = data + 27;
	static const uint8_t owner[] = "\001*\001w\007example"; /* + the NUL: root */
	ck_assert_mem_eq(rr, owner, 13);
	/* type A, class IN, original TTL 3600, rdlen 4, 192.0.2.1 first */
	ck_assert_mem_eq(rr + 13, "\000\001\000\001\000\000\016\020\000\004\300\000\002\001", 14);
	ck_assert_mem_eq(rr + 27 + 13 + 10, "\300\000\002\002", 4);
	free(data);

	/* labels above the owner's count can never be valid */
	sig.labels = 5;
	ck_assert_int_eq(val_signed_data(&sig, set, &data, &len), -EBADMSG);
	ck_assert_ptr_null(data);
	val_msg_free(msg);
}
END_TEST

START_TEST(test_canonical_rdata_lowers_names_in_mx_but_not_in_nsec)
{
	struct mb m;
	mb_header(&m, 0, 2, 0, 0);
	mb_name(&m, "x"); mb_rrhead(&m, VAL_T_MX, 1, 2 + 9); mb_u16(&m, 1); mb_name(&m, "EXAMPLE");
	mb_name(&m, "x"); mb_rrhead(&m, VAL_T_NSEC, 1, 9 + 3); mb_name(&m, "EXAMPLE"); mb_u8(&m, 0); mb_u8(&m, 1); mb_u8(&m, 0x40);
	struct val_msg *msg;
	const char *err;
	ck_assert_int_eq(val_msg_parse(m.b, m.n, &msg, &err), 0);
	uint8_t out[64];
	ck_assert_int_eq(val_canon_rdata(&msg->rrs[0], out, sizeof out), 11);
	ck_assert_mem_eq(out + 2, "\007example", 8);
	ck_assert_int_eq(val_canon_rdata(&msg->rrs[1], out, sizeof out), 12);
	ck_assert_mem_eq(out, "\007EXAMPLE", 8);
	ck_assert(val_canon_type_lowers(VAL_T_RRSIG));
	ck_assert(!val_canon_type_lowers(VAL_T_NSEC));
	ck_assert(!val_canon_type_lowers(VAL_T_HINFO));
	val_msg_free(msg);
}
END_TEST

/* ------------------------------------------------------------------ */
/* The write cursor                                                     */

START_TEST(test_write_cursor_puts_in_network_byte_order_and_fits_exactly)
{
	uint8_t buf[11];
	memset(buf, 0xEE, sizeof buf);
	struct val_wbuf b;
	val_wbuf_init(&b, buf, sizeof buf);
	val_wbuf_put8(&b, 0x01);
	val_wbuf_put16(&b, 0x0203);
	val_wbuf_put32(&b, 0x04050607);
	val_wbuf_put_name(&b, (const uint8_t *)"\1a");
	ck_assert_ptr_null(b.err);
	ck_assert_uint_eq(b.pos, 10);
	const uint8_t want[] = { 1, 2, 3, 4, 5, 6, 7, 1, 'a', 0 };
	ck_assert_mem_eq(buf, want, sizeof want);
	/* One octet left: a put8 fills the buffer to its last octet... */
	val_wbuf_put8(&b, 0x42);
	ck_assert_ptr_null(b.err);
	ck_assert_uint_eq(b.pos, sizeof buf);
	ck_assert_uint_eq(buf[10], 0x42);
	/* ...and the next one does not fit. */
	val_wbuf_put8(&b, 0);
	ck_assert_ptr_nonnull(b.err);
	ck_assert_uint_eq(b.pos, sizeof buf);
}
END_TEST

START_TEST(test_write_cursor_overflow_sets_the_error_and_writes_nothing_past_cap)
{
	uint8_t buf[8];
	memset(buf, 0xEE, sizeof buf);
	struct val_wbuf b;
	val_wbuf_init(&b, buf, 5);
	val_wbuf_put16(&b, 0x0102);
	val_wbuf_put32(&b, 0x03040506);	/* 4 octets into 3: refused whole */
	ck_assert_ptr_nonnull(b.err);
	ck_assert_uint_eq(b.pos, 2);
	ck_assert_uint_eq(buf[2], 0xEE);
	ck_assert_uint_eq(buf[5], 0xEE);
	/* A name too long for what is left is refused whole too. */
	val_wbuf_init(&b, buf, 5);
	val_wbuf_put_name(&b, (const uint8_t *)"\7example");
	ck_assert_ptr_nonnull(b.err);
	ck_assert_uint_eq(b.pos, 0);
	for (size_t i = 0; i < sizeof buf; i++)
		ck_assert_msg(i < 2 || buf[i] == 0xEE, "wrote buf[%zu] past the failed put", i);
	/* Nothing fits in a buffer of capacity 0, not even one octet. */
	val_wbuf_init(&b, NULL, 0);
	val_wbuf_put8(&b, 1);
	ck_assert_ptr_nonnull(b.err);
	ck_assert_uint_eq(b.pos, 0);
}
END_TEST

START_TEST(test_write_cursor_puts_after_an_error_do_nothing)
{
	uint8_t buf[8];
	memset(buf, 0xEE, sizeof buf);
	struct val_wbuf b;
	val_wbuf_init(&b, buf, sizeof buf);
	val_wbuf_put8(&b, 1);
	val_wbuf_put_bytes(&b, buf, sizeof buf);	/* 8 into 7: the error */
	const char *first = b.err;
	ck_assert_ptr_nonnull(first);
	/* Each of these would fit, but the error sticks. */
	val_wbuf_put8(&b, 2);
	val_wbuf_put16(&b, 3);
	val_wbuf_put32(&b, 4);
	val_wbuf_put_bytes(&b, "x", 1);
	val_wbuf_put_name(&b, (const uint8_t *)"");
	ck_assert_ptr_eq(b.err, first);
	ck_assert_uint_eq(b.pos, 1);
	ck_assert_uint_eq(buf[0], 1);
	for (size_t i = 1; i < sizeof buf; i++)
		ck_assert_msg(buf[i] == 0xEE, "a put after the error wrote buf[%zu]", i);
}
END_TEST

static Suite *wire_suite(void)
{
	Suite *s = suite_create("wire");
	TCase *tc = tcase_create("parser");
	tcase_add_test(tc, test_compressed_answer_is_grouped_into_rrsets_with_their_rrsig);
	tcase_add_test(tc, test_rrsig_without_its_rrset_is_kept_as_an_orphan);
	tcase_add_test(tc, test_compression_pointer_to_itself_is_malformed);
	tcase_add_test(tc, test_compression_loop_between_two_names_is_malformed);
	tcase_add_test(tc, test_forward_compression_pointer_is_malformed);
	tcase_add_test(tc, test_a_chain_of_backward_pointers_is_followed);
	tcase_add_test(tc, test_rdlength_past_the_end_is_malformed);
	tcase_add_test(tc, test_rdata_shorter_than_its_type_is_malformed);
	tcase_add_test(tc, test_rdata_longer_than_its_type_is_malformed);
	tcase_add_test(tc, test_name_of_255_octets_is_accepted);
	tcase_add_test(tc, test_name_of_256_octets_is_malformed);
	tcase_add_test(tc, test_name_over_255_octets_through_pointers_is_malformed);
	tcase_add_test(tc, test_label_of_64_octets_is_malformed);
	tcase_add_test(tc, test_header_only_message_with_zero_counts_parses);
	tcase_add_test(tc, test_counts_of_65535_in_a_short_message_are_malformed);
	tcase_add_test(tc, test_truncated_header_is_malformed);
	tcase_add_test(tc, test_two_questions_are_malformed);
	tcase_add_test(tc, test_second_opt_record_is_malformed);
	tcase_add_test(tc, test_opt_record_in_the_answer_is_malformed);
	tcase_add_test(tc, test_octets_after_the_last_record_are_malformed);
	tcase_add_test(tc, test_rrset_of_64_records_is_accepted_and_65_is_malformed);
	tcase_add_test(tc, test_message_of_257_rrsets_is_malformed);
	tcase_add_test(tc, test_names_in_soa_and_mx_rdata_are_decompressed);
	tcase_add_test(tc, test_compressed_rrsig_signer_is_malformed);
	tcase_add_test(tc, test_nsec_with_descending_bitmap_windows_is_malformed);
	tcase_add_test(tc, test_bitmap_reports_exactly_the_types_it_holds);
	suite_add_tcase(s, tc);
	TCase *tq = tcase_create("query, names, canonical form");
	tcase_add_test(tq, test_query_has_rd_cd_and_an_11_octet_opt_with_do_last);
	tcase_add_test(tq, test_query_into_a_short_buffer_is_refused);
	tcase_add_test(tq, test_names_sort_in_rfc4034_canonical_order);
	tcase_add_test(tq, test_presentation_names_round_trip_with_escapes);
	tcase_add_test(tq, test_subdomain_parent_suffix_and_label_count);
	tcase_add_test(tq, test_signed_data_rebuilds_the_wildcard_owner_sorts_and_drops_duplicates);
	tcase_add_test(tq, test_canonical_rdata_lowers_names_in_mx_but_not_in_nsec);
	suite_add_tcase(s, tq);
	TCase *tw = tcase_create("write cursor");
	tcase_add_test(tw, test_write_cursor_puts_in_network_byte_order_and_fits_exactly);
	tcase_add_test(tw, test_write_cursor_overflow_sets_the_error_and_writes_nothing_past_cap);
	tcase_add_test(tw, test_write_cursor_puts_after_an_error_do_nothing);
	suite_add_tcase(s, tw);
	return s;
}

TEST_MAIN(wire_suite)
