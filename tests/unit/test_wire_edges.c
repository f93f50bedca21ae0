/* tests/unit/test_wire_edges.c: edge cases of the wire reader, message
 * parser, names, typed views, canonical form and query writer that the
 * other unit tests do not cover (many found in review). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "msgbuild.h"
#include "testutil.h"

/* A whole RRSIG RR (owner, class, covered type, labels; signer example,
 * two octets of signature). */
static void mb_rrsig(struct mb *m, const char *owner, unsigned rclass, unsigned covered, unsigned labels)
{
	mb_name(m, owner);
	mb_rrhead_c(m, VAL_T_RRSIG, rclass, 60, 18 + 9 + 2);
	mb_u16(m, covered); mb_u8(m, 8); mb_u8(m, labels); mb_u32(m, 60);
	mb_u32(m, 2); mb_u32(m, 1); mb_u16(m, 1); mb_name(m, "example"); mb_u16(m, 0xabcd);
}
static void mb_a(struct mb *m, const char *owner, unsigned rclass, uint32_t addr)
{
	mb_name(m, owner); mb_rrhead_c(m, VAL_T_A, rclass, 60, 4); mb_u32(m, addr);
}

static int parse(struct mb *m, struct val_msg **msg, const char **err)
{
	return val_msg_parse(m->b, m->n, msg, err);
}

static struct val_msg *parse_ok(struct mb *m)
{
	struct val_msg *msg = NULL;
	const char *err = NULL;
	int rc = parse(m, &msg, &err);
	ck_assert_msg(rc == 0, "parse failed: %s", err ? err : "?");
	return msg;
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

/* Wire form of a name of `octets` octets (root included): labels of 63
 * octets of `c`, the last one shorter. */
static size_t long_wire_name(uint8_t *out, size_t octets, uint8_t c)
{
	size_t left = octets - 1, o = 0;
	while (left > 0) {
		size_t l = left - 1 > 63 ? 63 : left - 1;
		out[o++] = (uint8_t)l;
		memset(out + o, c, l);
		o += l;
		left -= l + 1;
	}
	out[o++] = 0;
	return o;
}

/* ------------------------------------------------------------------ */
/* Presentation names                                                   */

START_TEST(test_name_of_255_octets_round_trips_through_presentation_form)
{
	/* val_name_str always ends in ".", so every maximal name must be
	 * read back with its trailing dot. */
	uint8_t w[VAL_NAME_MAX], back[VAL_NAME_MAX];
	char s[VAL_NAME_STR_MAX];
	const char *err = NULL;
	ck_assert_uint_eq(long_wire_name(w, 255, 'a'), 255);
	val_name_str(w, s);
	size_t n = val_name_from_str(back, s, &err);
	ck_assert_msg(n == 255, "\"%s\" (255 octets) read back as %zu octets: %s", s, n, err ? err : "");
	ck_assert_mem_eq(back, w, 255);
}
END_TEST

START_TEST(test_name_of_255_octets_is_read_with_or_without_the_trailing_dot)
{
	char s[300];
	uint8_t w[VAL_NAME_MAX];
	const char *err = NULL;
	/* 63.63.63.61 = 4 + 250 + root = 255 octets */
	size_t o = 0;
	for (int l = 0; l < 4; l++) {
		int len = l < 3 ? 63 : 61;
		memset(s + o, 'a' + l, (size_t)len);
		o += (size_t)len;
		s[o++] = '.';
	}
	s[o - 1] = '\0';
	ck_assert_uint_eq(val_name_from_str(w, s, &err), 255);
	s[o - 1] = '.';
	s[o] = '\0';
	size_t n = val_name_from_str(w, s, &err);
	ck_assert_msg(n == 255, "with the trailing dot: %zu octets (%s)", n, err ? err : "");
}
END_TEST

START_TEST(test_name_of_256_octets_in_presentation_form_is_refused)
{
	char s[300];
	uint8_t w[VAL_NAME_MAX];
	const char *err = NULL;
	/* 63.63.63.62 = 4 + 251 + root = 256 octets */
	size_t o = 0;
	for (int l = 0; l < 4; l++) {
		int len = l < 3 ? 63 : 62;
		memset(s + o, 'a', (size_t)len);
		o += (size_t)len;
		s[o++] = '.';
	}
	s[o] = '\0';
	ck_assert_uint_eq(val_name_from_str(w, s, &err), 0);
	ck_assert_str_eq(err, "name longer than 255 octets");
	s[o - 1] = '\0';
	ck_assert_uint_eq(val_name_from_str(w, s, &err), 0);
	ck_assert_str_eq(err, "name longer than 255 octets");
}
END_TEST

START_TEST(test_maximal_all_escaped_name_fits_the_presentation_buffer_and_round_trips)
{
	/* Every octet printed as \DDD: the worst case for VAL_NAME_STR_MAX. */
	uint8_t w[VAL_NAME_MAX], back[VAL_NAME_MAX];
	char s[VAL_NAME_STR_MAX + 16];
	memset(s, 'X', sizeof s);
	long_wire_name(w, 254, 0xff);
	val_name_str(w, s);
	size_t len = strlen(s);
	ck_assert_uint_lt(len, VAL_NAME_STR_MAX);
	ck_assert_uint_eq(len, 249 * 4 + 4); /* 63+63+63+60 octets, 4 dots */
	ck_assert_int_eq(s[VAL_NAME_STR_MAX], 'X');
	const char *err = NULL;
	ck_assert_uint_eq(val_name_from_str(back, s, &err), 254);
	ck_assert_mem_eq(back, w, 254);
}
END_TEST

START_TEST(test_presentation_specials_are_escaped_and_read_back)
{
	/* one label holding every character RFC 1035 §5.1 gives a meaning */
	const uint8_t w[] = { 11, '.', '\\', '"', '(', ')', ';', '@', '$', ' ', 0x7f, 'A', 0 };
	char s[VAL_NAME_STR_MAX];
	ck_assert_str_eq(val_name_str(w, s), "\\.\\\\\\\"\\(\\)\\;\\@\\$\\032\\127A.");
	uint8_t back[VAL_NAME_MAX];
	const char *err = NULL;
	ck_assert_uint_eq(val_name_from_str(back, s, &err), sizeof w);
	ck_assert_mem_eq(back, w, sizeof w);
}
END_TEST

START_TEST(test_bad_escapes_in_presentation_names_are_refused)
{
	uint8_t w[VAL_NAME_MAX];
	const char *err = NULL;
	ck_assert_uint_eq(val_name_from_str(w, "a\\", &err), 0);
	ck_assert_str_eq(err, "backslash at the end of the name");
	ck_assert_uint_eq(val_name_from_str(w, "a\\25", &err), 0);
	ck_assert_str_eq(err, "\\DDD escape needs three digits");
	ck_assert_uint_eq(val_name_from_str(w, "a\\2", &err), 0);
	ck_assert_uint_eq(val_name_from_str(w, "\\999", &err), 0);
	ck_assert_str_eq(err, "\\DDD escape above 255");
	ck_assert_uint_eq(val_name_from_str(w, "", &err), 0);
	ck_assert_uint_eq(val_name_from_str(w, "..", &err), 0);
	ck_assert_uint_eq(val_name_from_str(w, ".a", &err), 0);
	/* \065 is 'A', and an escaped dot is a label character */
	ck_assert_uint_eq(val_name_from_str(w, "\\065\\.b.", &err), 5);
	ck_assert_mem_eq(w, "\003A.b\000", 5);
	/* a label of 63 escaped octets is fine, 64 is not */
	char s[64 * 4 + 2];
	for (int i = 0; i < 63; i++) memcpy(s + 4 * i, "\\255", 4);
	s[63 * 4] = '\0';
	ck_assert_uint_eq(val_name_from_str(w, s, &err), 65);
	memcpy(s + 63 * 4, "\\255", 5);
	ck_assert_uint_eq(val_name_from_str(w, s, &err), 0);
	ck_assert_str_eq(err, "label longer than 63 octets");
}
END_TEST

START_TEST(test_canonical_name_order_compares_octets_not_signed_chars_and_ignores_case)
{
	ck_assert_int_lt(val_name_cmp(tu_name("a.example"), tu_name("\\200.example")), 0);
	ck_assert_int_lt(val_name_cmp(tu_name("\\000.example"), tu_name("\\000\\000.example")), 0);
	ck_assert_int_eq(val_name_cmp(tu_name("ABC.Example"), tu_name("abc.EXAMPLE")), 0);
	/* 'Z' lowers to 'z' (0x7a), so it sorts after '_' (0x5f) */
	ck_assert_int_gt(val_name_cmp(tu_name("Z.example"), tu_name("_.example")), 0);
	ck_assert_int_lt(val_name_cmp(tu_name("."), tu_name("example")), 0);
	/* rightmost labels first: "b" < "z", whatever the label count */
	ck_assert_int_lt(val_name_cmp(tu_name("a.b"), tu_name("z")), 0);
}
END_TEST

START_TEST(test_canonical_name_order_handles_127_labels)
{
	uint8_t a[VAL_NAME_MAX], b[VAL_NAME_MAX];
	size_t o = 0;
	for (int i = 0; i < 127; i++) { a[o++] = 1; a[o++] = 'a'; }
	a[o++] = 0;
	ck_assert_uint_eq(o, 255);
	memcpy(b, a, sizeof a);
	b[0 + 1] = 'b'; /* leftmost label differs */
	ck_assert_uint_eq(val_name_labels(a), 127);
	ck_assert_int_lt(val_name_cmp(a, b), 0);
	ck_assert_int_gt(val_name_cmp(b, a), 0);
	ck_assert_int_eq(val_name_cmp(a, a), 0);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Wire reader                                                          */

START_TEST(test_wire_errors_stick_and_later_reads_change_nothing)
{
	const uint8_t buf[] = { 1, 2, 3 };
	struct val_wire w;
	val_wire_init(&w, buf, sizeof buf);
	ck_assert_uint_eq(val_wire_u16(&w), 0x0102);
	ck_assert_uint_eq(val_wire_u16(&w), 0);
	ck_assert_ptr_nonnull(w.err);
	const char *first = w.err;
	ck_assert_uint_eq(w.pos, 2);
	ck_assert_uint_eq(val_wire_u8(&w), 0);
	ck_assert_ptr_null(val_wire_bytes(&w, 0));
	uint8_t name[VAL_NAME_MAX];
	ck_assert_uint_eq(val_wire_name(&w, name, true), 0);
	ck_assert_uint_eq(w.pos, 2);
	ck_assert_ptr_eq(w.err, first);
}
END_TEST

START_TEST(test_wire_bytes_of_a_huge_count_fails_without_wrapping)
{
	const uint8_t buf[] = { 1, 2, 3, 4 };
	struct val_wire w;
	val_wire_init(&w, buf, sizeof buf);
	(void)val_wire_u8(&w);
	ck_assert_ptr_null(val_wire_bytes(&w, SIZE_MAX));
	ck_assert_ptr_nonnull(w.err);
	ck_assert_uint_eq(w.pos, 1);
	val_wire_init(&w, buf, sizeof buf);
	ck_assert_ptr_nonnull(val_wire_bytes(&w, 4));
	ck_assert_ptr_nonnull(val_wire_bytes(&w, 0));
	ck_assert_ptr_null(w.err);
}
END_TEST

START_TEST(test_wire_name_stops_at_the_cursor_end_not_the_buffer_end)
{
	/* "\1a\0" but the cursor may only read the first two octets */
	const uint8_t buf[] = { 1, 'a', 0 };
	struct val_wire w;
	uint8_t name[VAL_NAME_MAX];
	val_wire_init(&w, buf, sizeof buf);
	w.end = 2;
	ck_assert_uint_eq(val_wire_name(&w, name, true), 0);
	ck_assert_ptr_nonnull(w.err);
	val_wire_init(&w, buf, sizeof buf);
	ck_assert_uint_eq(val_wire_name(&w, name, false), 3);
	ck_assert_uint_eq(w.pos, 3);
}
END_TEST

START_TEST(test_wire_name_resumes_after_the_first_pointer)
{
	/* "\1b\0" at 0, then "\1a" + pointer to 0 at 3; a byte after */
	const uint8_t buf[] = { 1, 'b', 0, 1, 'a', 0xC0, 0x00, 0x77 };
	struct val_wire w;
	uint8_t name[VAL_NAME_MAX];
	val_wire_init(&w, buf, sizeof buf);
	w.pos = 3;
	ck_assert_uint_eq(val_wire_name(&w, name, true), 5);
	ck_assert_mem_eq(name, "\001a\001b\000", 5);
	ck_assert_uint_eq(w.pos, 7);
	ck_assert_uint_eq(val_wire_u8(&w), 0x77);
	/* and without compression allowed the pointer is an error */
	val_wire_init(&w, buf, sizeof buf);
	w.pos = 3;
	ck_assert_uint_eq(val_wire_name(&w, name, false), 0);
	ck_assert_str_eq(w.err, "compression pointer in a name that must not be compressed");
}
END_TEST

/* Records whose owner reaches the root question name (offset 12) through
 * `hops` pointers: hops - 1 of them in the RDATA of a NULL record. */
static void pointer_chain(struct mb *m, unsigned hops)
{
	mb_header(m, 1, 2, 0, 0);
	mb_u8(m, 0); mb_u16(m, VAL_T_A); mb_u16(m, 1); /* question "." at 12 */
	unsigned chain = hops - 1;
	mb_u8(m, 0); mb_rrhead(m, VAL_T_NULL, 1, 2 * chain);
	size_t base = m->n;
	for (unsigned i = 0; i < chain; i++)
		mb_u16(m, 0xC000 | (unsigned)(i == 0 ? 12 : base + 2 * (i - 1)));
	mb_u16(m, 0xC000 | (unsigned)(base + 2 * (chain - 1)));
	mb_rrhead(m, VAL_T_A, 1, 4); mb_u32(m, 1);
}

START_TEST(test_chain_of_127_pointers_is_followed_and_128_is_malformed)
{
	struct mb m;
	pointer_chain(&m, VAL_COMPRESS_HOPS_MAX);
	struct val_msg *msg = parse_ok(&m);
	ck_assert_uint_eq(msg->rrs[1].owner[0], 0);
	val_msg_free(msg);
	pointer_chain(&m, VAL_COMPRESS_HOPS_MAX + 1);
	expect_malformed(&m, "too many compression pointers");
}
END_TEST

START_TEST(test_compression_pointer_may_point_into_the_header)
{
	/* Offset 6 is the high octet of ANCOUNT (0x0001): a root name.  Odd,
	 * but backwards and inside the message. */
	struct mb m;
	mb_header(&m, 0, 1, 0, 0);
	mb_u16(&m, 0xC006); mb_rrhead(&m, VAL_T_A, 1, 4); mb_u32(&m, 1);
	struct val_msg *msg = parse_ok(&m);
	ck_assert_uint_eq(msg->rrs[0].owner[0], 0);
	val_msg_free(msg);
}
END_TEST

START_TEST(test_name_in_rdata_cannot_run_past_its_rdlength)
{
	/* NS with RDLENGTH 3 whose name "\3abc\0" runs into the next record */
	struct mb m;
	mb_header(&m, 0, 2, 0, 0);
	mb_name(&m, "x"); mb_rrhead(&m, VAL_T_NS, 1, 3); mb_u8(&m, 3); mb_raw(&m, "abc", 3); mb_u8(&m, 0);
	mb_rrhead(&m, VAL_T_A, 1, 4); mb_u32(&m, 1);
	expect_malformed(&m, "past the end of its data");
}
END_TEST

START_TEST(test_compression_pointer_split_by_the_rdlength_is_malformed)
{
	struct mb m;
	mb_header(&m, 1, 1, 0, 0);
	mb_name(&m, "example"); mb_u16(&m, 1); mb_u16(&m, 1);
	mb_u16(&m, 0xC00C); mb_rrhead(&m, VAL_T_CNAME, 1, 1); mb_u8(&m, 0xC0); mb_u8(&m, 0x0C);
	expect_malformed(&m, "compression pointer runs past the end");
}
END_TEST

START_TEST(test_pointer_into_the_middle_of_the_same_name_is_refused)
{
	/* "\1a" then a pointer to 12 (itself: the name's start) from 14 */
	struct mb m;
	mb_header(&m, 1, 0, 0, 0);
	mb_u8(&m, 1); mb_u8(&m, 'a'); mb_u16(&m, 0xC00C); mb_u16(&m, 1); mb_u16(&m, 1);
	expect_malformed(&m, "name runs past the end");
}
END_TEST

/* ------------------------------------------------------------------ */
/* Message parser                                                       */

START_TEST(test_message_longer_than_65535_octets_is_refused)
{
	static uint8_t big[VAL_MSG_MAX + 1];
	struct val_msg *msg = (void *)1;
	const char *err = NULL;
	ck_assert_int_eq(val_msg_parse(big, sizeof big, &msg, &err), -EBADMSG);
	ck_assert_ptr_null(msg);
	ck_assert_str_eq(err, "message longer than 65535 octets");
}
END_TEST

START_TEST(test_empty_message_without_a_buffer_is_malformed_without_undefined_behaviour)
{
	/* A stub may hand over (NULL, 0) for an empty answer; memcpy(copy,
	 * NULL, 0) is undefined (UBSan: nonnull argument). */
	struct val_msg *msg = (void *)1;
	const char *err = NULL;
	ck_assert_int_eq(val_msg_parse(NULL, 0, &msg, &err), -EBADMSG);
	ck_assert_ptr_null(msg);
	ck_assert_str_eq(err, "message shorter than the 12-octet header");
}
END_TEST

START_TEST(test_rrsig_rdata_of_one_octet_or_short_fields_is_malformed)
{
	struct mb m;
	mb_header(&m, 0, 1, 0, 0);
	mb_name(&m, "a"); mb_rrhead(&m, VAL_T_RRSIG, 1, 1); mb_u8(&m, 0);
	expect_malformed(&m, "RRSIG RDATA shorter");
	/* the 18 fixed octets without a signer */
	mb_header(&m, 0, 1, 0, 0);
	mb_name(&m, "a"); mb_rrhead(&m, VAL_T_RRSIG, 1, 18);
	mb_u16(&m, VAL_T_A); mb_u8(&m, 8); mb_u8(&m, 1); mb_u32(&m, 1); mb_u32(&m, 2); mb_u32(&m, 1); mb_u16(&m, 1);
	expect_malformed(&m, "past the end of its data");
}
END_TEST

START_TEST(test_txt_needs_one_string_but_it_may_be_empty)
{
	struct mb m;
	mb_header(&m, 0, 1, 0, 0);
	mb_name(&m, "a"); mb_rrhead(&m, VAL_T_TXT, 1, 0);
	expect_malformed(&m, "past the end of its RDATA");
	mb_header(&m, 0, 1, 0, 0);
	mb_name(&m, "a"); mb_rrhead(&m, VAL_T_TXT, 1, 1); mb_u8(&m, 0);
	struct val_msg *msg = parse_ok(&m);
	ck_assert_uint_eq(msg->rrs[0].rdlen, 1);
	val_msg_free(msg);
}
END_TEST

START_TEST(test_nsec3_with_an_empty_next_hash_is_malformed)
{
	struct mb m;
	mb_header(&m, 0, 1, 0, 0);
	mb_name(&m, "a"); mb_rrhead(&m, VAL_T_NSEC3, 1, 6);
	mb_u8(&m, 1); mb_u8(&m, 0); mb_u16(&m, 0); mb_u8(&m, 0); mb_u8(&m, 0);
	expect_malformed(&m, "NSEC3 next hashed owner of length 0");
}
END_TEST

START_TEST(test_nsec_bitmap_with_a_partial_window_header_is_malformed)
{
	struct mb m;
	mb_header(&m, 0, 1, 0, 0);
	mb_name(&m, "a"); mb_rrhead(&m, VAL_T_NSEC, 1, 3 + 3 + 1);
	mb_name(&m, "b"); mb_u8(&m, 0); mb_u8(&m, 1); mb_u8(&m, 0x40); mb_u8(&m, 1);
	expect_malformed(&m, "type bitmap");
}
END_TEST

START_TEST(test_opt_with_a_compressed_root_owner_is_accepted_and_counts_nowhere)
{
	struct mb m;
	mb_header(&m, 1, 0, 0, 2);
	mb_u8(&m, 0); mb_u16(&m, VAL_T_A); mb_u16(&m, 1); /* "." at 12 */
	mb_a(&m, "x", VAL_C_IN, 1);
	mb_u16(&m, 0xC00C); mb_u16(&m, VAL_T_OPT); mb_u16(&m, 4096); mb_u32(&m, 0x00000000);
	mb_u16(&m, 4); mb_u32(&m, 0x000a0000); /* an option: not looked at */
	struct val_msg *msg = parse_ok(&m);
	ck_assert(msg->has_opt && !msg->opt_do);
	ck_assert_uint_eq(msg->opt_payload, 4096);
	ck_assert_uint_eq(msg->nrr, 1);
	ck_assert_uint_eq(msg->nadditional, 1);
	val_msg_free(msg);
}
END_TEST

START_TEST(test_sig_with_a_compressed_signer_is_decompressed)
{
	/* SIG (24) is one of RFC 3597 §4's "should decompress" types. */
	struct mb m;
	mb_header(&m, 1, 1, 0, 0);
	mb_name(&m, "Example"); mb_u16(&m, VAL_T_SIG); mb_u16(&m, 1);
	mb_u16(&m, 0xC00C); mb_rrhead(&m, VAL_T_SIG, 1, 18 + 2 + 3);
	mb_u16(&m, VAL_T_A); mb_u8(&m, 8); mb_u8(&m, 1); mb_u32(&m, 1); mb_u32(&m, 2); mb_u32(&m, 1); mb_u16(&m, 1);
	mb_u16(&m, 0xC00C); mb_raw(&m, "sig", 3);
	struct val_msg *msg = parse_ok(&m);
	ck_assert_uint_eq(msg->rrs[0].rdlen, 18 + 9 + 3);
	ck_assert_mem_eq(msg->rrs[0].rdata + 18, "\007Example\000sig", 12);
	uint8_t out[64];
	ck_assert_int_eq(val_canon_rdata(&msg->rrs[0], out, sizeof out), 30);
	ck_assert_mem_eq(out + 18, "\007example\000sig", 12);
	val_msg_free(msg);
}
END_TEST

START_TEST(test_largest_decompressed_rdata_is_accepted_with_its_full_length)
{
	/* question: a 255-octet name; answer: SIG whose signer points at it
	 * and whose signature fills the message to 65535 octets. */
	struct mb m;
	uint8_t longname[VAL_NAME_MAX];
	mb_header(&m, 1, 1, 0, 0);
	mb_raw(&m, longname, long_wire_name(longname, 255, 'q')); mb_u16(&m, 1); mb_u16(&m, 1);
	mb_u8(&m, 0);
	size_t rdlen = VAL_MSG_MAX - m.n - 10;
	mb_rrhead_c(&m, VAL_T_SIG, 1, 0, (unsigned)rdlen);
	mb_u16(&m, VAL_T_A); mb_u8(&m, 8); mb_u8(&m, 1); mb_u32(&m, 1); mb_u32(&m, 2); mb_u32(&m, 1); mb_u16(&m, 1);
	mb_u16(&m, 0xC00C);
	while (m.n < VAL_MSG_MAX) mb_u8(&m, 0x5a);
	struct val_msg *msg = parse_ok(&m);
	ck_assert_uint_eq(msg->rrs[0].rdlen, rdlen - 2 + 255);
	ck_assert_mem_eq(msg->rrs[0].rdata + 18, longname, 255);
	val_msg_free(msg);
}
END_TEST

/* ------------------------------------------------------------------ */
/* RRset grouping                                                       */

START_TEST(test_rrsig_attaches_to_its_set_whatever_the_owner_case)
{
	struct mb m;
	mb_header(&m, 0, 2, 0, 0);
	mb_a(&m, "www.example", VAL_C_IN, 1);
	mb_rrsig(&m, "WWW.EXAMPLE", VAL_C_IN, VAL_T_A, 2);
	struct val_msg *msg = parse_ok(&m);
	ck_assert_uint_eq(msg->nsets, 1);
	ck_assert_uint_eq(msg->sets[0].nsig, 1);
	ck_assert_uint_eq(msg->norphan_sigs, 0);
	val_msg_free(msg);
}
END_TEST

START_TEST(test_rrsig_in_another_section_or_class_or_for_another_type_is_an_orphan)
{
	struct mb m;
	mb_header(&m, 0, 4, 1, 0);
	mb_a(&m, "www.example", VAL_C_IN, 1);
	mb_rrsig(&m, "www.example", 3 /* CH */, VAL_T_A, 2);
	mb_rrsig(&m, "www.example", VAL_C_IN, VAL_T_AAAA, 2);
	mb_rrsig(&m, "www.example", VAL_C_IN, VAL_T_RRSIG, 2);
	mb_rrsig(&m, "www.example", VAL_C_IN, VAL_T_A, 2); /* authority */
	struct val_msg *msg = parse_ok(&m);
	ck_assert_uint_eq(msg->nsets, 1);
	ck_assert_uint_eq(msg->sets[0].nsig, 0);
	ck_assert_uint_eq(msg->norphan_sigs, 4);
	ck_assert_uint_eq(msg->orphan_sigs[3]->section, VAL_SEC_AUTHORITY);
	val_msg_free(msg);
}
END_TEST

START_TEST(test_same_rrset_in_two_sections_makes_two_sets_each_with_its_rrsig)
{
	struct mb m;
	mb_header(&m, 0, 2, 2, 0);
	mb_a(&m, "www.example", VAL_C_IN, 1);
	mb_rrsig(&m, "www.example", VAL_C_IN, VAL_T_A, 2);
	mb_rrsig(&m, "www.example", VAL_C_IN, VAL_T_A, 2);
	mb_a(&m, "www.example", VAL_C_IN, 2);
	struct val_msg *msg = parse_ok(&m);
	ck_assert_uint_eq(msg->nsets, 2);
	ck_assert_uint_eq(msg->sets[0].section, VAL_SEC_ANSWER);
	ck_assert_uint_eq(msg->sets[1].section, VAL_SEC_AUTHORITY);
	ck_assert_uint_eq(msg->sets[0].nsig, 1);
	ck_assert_uint_eq(msg->sets[1].nsig, 1);
	ck_assert_ptr_eq(msg->sets[1].sigs[0], &msg->rrs[2]);
	val_msg_free(msg);
}
END_TEST

START_TEST(test_interleaved_records_group_in_order_of_first_appearance)
{
	struct mb m;
	mb_header(&m, 0, 5, 0, 0);
	mb_rrsig(&m, "b.example", VAL_C_IN, VAL_T_A, 2); /* before its data */
	mb_a(&m, "b.example", VAL_C_IN, 1);
	mb_a(&m, "a.example", VAL_C_IN, 2);
	mb_a(&m, "B.example", VAL_C_IN, 3);
	mb_a(&m, "a.example", 3, 4); /* other class: own set */
	struct val_msg *msg = parse_ok(&m);
	ck_assert_uint_eq(msg->nsets, 3);
	ck_assert(val_name_eq(msg->sets[0].owner, tu_name("b.example")));
	ck_assert_uint_eq(msg->sets[0].nrr, 2);
	ck_assert_ptr_eq(msg->sets[0].rrs[1], &msg->rrs[3]);
	ck_assert_uint_eq(msg->sets[0].nsig, 1);
	ck_assert(val_name_eq(msg->sets[1].owner, tu_name("a.example")));
	ck_assert_uint_eq(msg->sets[1].nrr, 1);
	ck_assert_uint_eq(msg->sets[2].rclass, 3);
	val_msg_free(msg);
}
END_TEST

START_TEST(test_256_sets_with_rrsigs_of_which_one_misses_stay_linear_and_correct)
{
	/* 256 sets fill half the hash table; an RRSIG covering a 257th owner
	 * must still end as an orphan rather than loop or attach wrongly. */
	struct mb m;
	mb_header(&m, 0, VAL_MSG_RRSET_MAX + 2, 0, 0);
	char owner[8];
	for (unsigned i = 0; i < VAL_MSG_RRSET_MAX; i++) {
		snprintf(owner, sizeof owner, "%c%c", 'a' + i / 26 % 26, 'a' + i % 26);
		mb_a(&m, owner, VAL_C_IN, i);
	}
	mb_rrsig(&m, "zz", VAL_C_IN, VAL_T_A, 1);
	mb_rrsig(&m, "aa", VAL_C_IN, VAL_T_A, 1);
	struct val_msg *msg = parse_ok(&m);
	ck_assert_uint_eq(msg->nsets, VAL_MSG_RRSET_MAX);
	ck_assert_uint_eq(msg->norphan_sigs, 1);
	ck_assert_uint_eq(msg->sets[0].nsig, 1);
	val_msg_free(msg);
}
END_TEST

START_TEST(test_duplicate_records_count_towards_the_64_record_limit)
{
	struct mb m;
	mb_header(&m, 0, VAL_RRSET_RR_MAX + 1, 0, 0);
	for (unsigned i = 0; i <= VAL_RRSET_RR_MAX; i++)
		mb_a(&m, "a", VAL_C_IN, 1);
	expect_malformed(&m, "more than 64 records");
}
END_TEST

/* ------------------------------------------------------------------ */
/* Typed views on records that did not come from the parser             */

static struct val_rr hand_rr(uint16_t type, const uint8_t *rdata, uint16_t rdlen)
{
	return (struct val_rr){ .owner = (const uint8_t *)"", .type = type, .rclass = VAL_C_IN,
				.rdata = rdata, .rdlen = rdlen, .section = VAL_SEC_ANSWER };
}

START_TEST(test_typed_views_refuse_malformed_rdata_from_elsewhere)
{
	/* RRSIG whose signer is a compression pointer */
	uint8_t sig_rd[18 + 2 + 1] = { 0, 1, 8, 1 };
	sig_rd[18] = 0xC0;
	struct val_rr rr = hand_rr(VAL_T_RRSIG, sig_rd, sizeof sig_rd);
	struct val_rrsig sig;
	ck_assert_int_eq(val_rdata_rrsig(&rr, &sig), -EBADMSG);
	ck_assert_ptr_null(sig.signer);
	/* SOA cut after the serial */
	const uint8_t soa_rd[] = { 0, 0, 0, 0, 0, 1 };
	rr = hand_rr(VAL_T_SOA, soa_rd, sizeof soa_rd);
	struct val_soa soa;
	ck_assert_int_eq(val_rdata_soa(&rr, &soa), -EBADMSG);
	/* DNSKEY of three octets */
	const uint8_t key_rd[] = { 1, 0, 3 };
	rr = hand_rr(VAL_T_DNSKEY, key_rd, sizeof key_rd);
	struct val_dnskey key;
	ck_assert_int_eq(val_rdata_dnskey(&rr, &key), -EBADMSG);
	/* NSEC3 with a salt running past the RDATA */
	const uint8_t n3_rd[] = { 1, 0, 0, 0, 200, 1, 2 };
	rr = hand_rr(VAL_T_NSEC3, n3_rd, sizeof n3_rd);
	struct val_nsec3 n3;
	ck_assert_int_eq(val_rdata_nsec3(&rr, &n3), -EBADMSG);
	/* NSEC3PARAM with an octet after the salt */
	const uint8_t p_rd[] = { 1, 0, 0, 0, 1, 0xaa, 0xbb };
	rr = hand_rr(VAL_T_NSEC3PARAM, p_rd, sizeof p_rd);
	struct val_nsec3param p;
	ck_assert_int_eq(val_rdata_nsec3param(&rr, &p), -EBADMSG);
	/* NSEC whose next name has no root label inside the RDATA */
	const uint8_t nsec_rd[] = { 3, 'a', 'b', 'c' };
	rr = hand_rr(VAL_T_NSEC, nsec_rd, sizeof nsec_rd);
	struct val_nsec nsec;
	ck_assert_int_eq(val_rdata_nsec(&rr, &nsec), -EBADMSG);
	/* a view of the wrong type */
	ck_assert_int_eq(val_rdata_rrsig(&rr, &sig), -EINVAL);
	const uint8_t *name;
	ck_assert_int_eq(val_rdata_name(&rr, &name), -EINVAL);
}
END_TEST

START_TEST(test_typed_view_pointers_stay_inside_the_rdata)
{
	const uint8_t rd[] = { 1, 0, 0, 5, 2, 0xaa, 0xbb, 3, 1, 2, 3, 0, 1, 0x20 };
	struct val_rr rr = hand_rr(VAL_T_NSEC3, rd, sizeof rd);
	struct val_nsec3 n3;
	ck_assert_int_eq(val_rdata_nsec3(&rr, &n3), 0);
	ck_assert_uint_eq(n3.iterations, 5);
	ck_assert_ptr_eq(n3.salt, rd + 5);
	ck_assert_ptr_eq(n3.next_hash, rd + 8);
	ck_assert_ptr_eq(n3.bitmap, rd + 11);
	ck_assert_ptr_eq(n3.bitmap + n3.bitmap_len, rd + sizeof rd);
	ck_assert(val_bitmap_has(n3.bitmap, n3.bitmap_len, VAL_T_NS));
	/* DS with an empty digest: the pointer is the RDATA's end */
	const uint8_t ds_rd[] = { 0x12, 0x34, 8, 2 };
	rr = hand_rr(VAL_T_DS, ds_rd, sizeof ds_rd);
	struct val_ds ds;
	ck_assert_int_eq(val_rdata_ds(&rr, &ds), 0);
	ck_assert_uint_eq(ds.digest_len, 0);
	ck_assert_ptr_eq(ds.digest, ds_rd + 4);
}
END_TEST

START_TEST(test_bitmap_lookup_of_a_type_beyond_the_window_length_is_false)
{
	uint8_t bm[3 + 2 + 32] = { 0, 1, 0xff, 2, 32 };
	bm[sizeof bm - 1] = 0x01; /* type 2 * 256 + 255 */
	ck_assert_int_eq(val_bitmap_check(bm, sizeof bm), 0);
	ck_assert(val_bitmap_has(bm, sizeof bm, 7));
	ck_assert(!val_bitmap_has(bm, sizeof bm, 8));
	ck_assert(!val_bitmap_has(bm, sizeof bm, 255));
	ck_assert(val_bitmap_has(bm, sizeof bm, 2 * 256 + 255));
	ck_assert(!val_bitmap_has(bm, sizeof bm, 256));
	ck_assert(!val_bitmap_has(bm, sizeof bm, 65535));
	const uint8_t same_window_twice[] = { 1, 1, 0x80, 1, 1, 0x80 };
	ck_assert_int_eq(val_bitmap_check(same_window_twice, sizeof same_window_twice), -EBADMSG);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Canonical form and signed data                                       */

START_TEST(test_canonical_rdata_of_truncated_nsec3param_writes_nothing_past_cap)
{
	/* "ccsC" with the salt length missing: a failed length read must not
	 * be emitted.  The caller gave exactly rdlen octets. */
	const uint8_t rd[] = { 1, 0, 0, 10 };
	struct val_rr rr = hand_rr(VAL_T_NSEC3PARAM, rd, sizeof rd);
	uint8_t out[16];
	memset(out, 0xEE, sizeof out);
	ck_assert_int_eq(val_canon_rdata(&rr, out, sizeof rd), -EBADMSG);
	ck_assert_msg(out[sizeof rd] == 0xEE, "val_canon_rdata wrote out[%zu] with cap %zu", sizeof rd, sizeof rd);
}
END_TEST

START_TEST(test_canonical_rdata_of_empty_hinfo_or_txt_writes_nothing_with_cap_zero)
{
	const uint8_t rd[1] = { 0 };
	uint16_t types[] = { VAL_T_HINFO, VAL_T_TXT, VAL_T_NAPTR };
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
		struct val_rr rr = hand_rr(types[i], rd, 0);
		uint8_t out[4];
		memset(out, 0xEE, sizeof out);
		ck_assert_int_eq(val_canon_rdata(&rr, out, 0), -EBADMSG);
		ck_assert_msg(out[0] == 0xEE, "type %u: wrote out[0] with cap 0", types[i]);
	}
}
END_TEST

START_TEST(test_canonical_rdata_of_a_compressed_name_from_elsewhere_is_refused)
{
	/* MX whose exchange is a compression pointer: no message to expand
	 * it against, so canonical form must refuse it. */
	const uint8_t rd[] = { 0, 10, 0xC0, 0x0C };
	struct val_rr rr = hand_rr(VAL_T_MX, rd, sizeof rd);
	uint8_t out[8];
	ck_assert_int_eq(val_canon_rdata(&rr, out, sizeof out), -EBADMSG);
	struct val_mx mx;
	ck_assert_int_eq(val_rdata_mx(&rr, &mx), -EBADMSG);
	ck_assert_ptr_null(mx.exchange);
}
END_TEST

START_TEST(test_canonical_rdata_into_a_short_buffer_is_refused)
{
	const uint8_t rd[] = { 1, 2, 3, 4 };
	struct val_rr rr = hand_rr(VAL_T_A, rd, sizeof rd);
	uint8_t out[4];
	ck_assert_int_eq(val_canon_rdata(&rr, out, 3), -ENOSPC);
	ck_assert_int_eq(val_canon_rdata(&rr, out, 4), 4);
}
END_TEST

START_TEST(test_canonical_rdata_lowers_srv_naptr_rp_dname_and_rrsig_but_not_txt_or_hinfo)
{
	struct mb m;
	mb_header(&m, 0, 7, 0, 0);
	mb_name(&m, "x"); mb_rrhead(&m, VAL_T_SRV, 1, 6 + 3); mb_u16(&m, 1); mb_u16(&m, 2); mb_u16(&m, 3); mb_name(&m, "A");
	mb_name(&m, "x"); mb_rrhead(&m, VAL_T_NAPTR, 1, 4 + 2 + 1 + 1 + 3); mb_u16(&m, 1); mb_u16(&m, 2);
	mb_u8(&m, 1); mb_u8(&m, 'S'); mb_u8(&m, 0); mb_u8(&m, 0); mb_name(&m, "B");
	mb_name(&m, "x"); mb_rrhead(&m, VAL_T_RP, 1, 6); mb_name(&m, "C"); mb_name(&m, "D");
	mb_name(&m, "x"); mb_rrhead(&m, VAL_T_DNAME, 1, 3); mb_name(&m, "E");
	mb_name(&m, "x"); mb_rrhead(&m, VAL_T_TXT, 1, 2); mb_u8(&m, 1); mb_u8(&m, 'F');
	mb_name(&m, "x"); mb_rrhead(&m, VAL_T_HINFO, 1, 4); mb_u8(&m, 1); mb_u8(&m, 'G'); mb_u8(&m, 1); mb_u8(&m, 'H');
	mb_name(&m, "x"); mb_rrhead(&m, VAL_T_KX, 1, 2 + 3); mb_u16(&m, 1); mb_name(&m, "I");
	struct val_msg *msg = parse_ok(&m);
	uint8_t out[64];
	ck_assert_int_eq(val_canon_rdata(&msg->rrs[0], out, sizeof out), 9);
	ck_assert_mem_eq(out + 6, "\001a\000", 3);
	ck_assert_int_eq(val_canon_rdata(&msg->rrs[1], out, sizeof out), 11);
	ck_assert_mem_eq(out + 4, "\001S\000\000\001b\000", 7); /* flags keep their case */
	ck_assert_int_eq(val_canon_rdata(&msg->rrs[2], out, sizeof out), 6);
	ck_assert_mem_eq(out, "\001c\000\001d\000", 6);
	ck_assert_int_eq(val_canon_rdata(&msg->rrs[3], out, sizeof out), 3);
	ck_assert_mem_eq(out, "\001e\000", 3);
	ck_assert_int_eq(val_canon_rdata(&msg->rrs[4], out, sizeof out), 2);
	ck_assert_mem_eq(out, "\001F", 2);
	ck_assert_int_eq(val_canon_rdata(&msg->rrs[5], out, sizeof out), 4);
	ck_assert_mem_eq(out, "\001G\001H", 4);
	ck_assert_int_eq(val_canon_rdata(&msg->rrs[6], out, sizeof out), 5);
	ck_assert_mem_eq(out + 2, "\001i\000", 3);
	val_msg_free(msg);
}
END_TEST

START_TEST(test_canonical_rdata_order_puts_a_prefix_first)
{
	const uint8_t a[] = { 1, 2 }, b[] = { 1, 2, 0 }, c[] = { 1, 3 };
	ck_assert_int_lt(val_canon_rdata_cmp(a, 2, b, 3), 0);
	ck_assert_int_gt(val_canon_rdata_cmp(b, 3, a, 2), 0);
	ck_assert_int_lt(val_canon_rdata_cmp(b, 3, c, 2), 0);
	ck_assert_int_eq(val_canon_rdata_cmp(a, 2, a, 2), 0);
	ck_assert_int_lt(val_canon_rdata_cmp(a, 0, a, 2), 0);
	const uint8_t hi[] = { 0x80 }, lo[] = { 0x7f };
	ck_assert_int_gt(val_canon_rdata_cmp(hi, 1, lo, 1), 0);
}
END_TEST

/* One set of `owner` A records and an RRSIG with the given labels field. */
static struct val_msg *signed_set(struct mb *m, const uint8_t *owner, size_t olen, unsigned labels)
{
	mb_header(m, 0, 2, 0, 0);
	mb_raw(m, owner, olen); mb_rrhead(m, VAL_T_A, 100, 4); mb_u32(m, 0xC0000201);
	mb_raw(m, owner, olen); mb_rrhead(m, VAL_T_RRSIG, 100, 18 + 1 + 2);
	mb_u16(m, VAL_T_A); mb_u8(m, 8); mb_u8(m, labels); mb_u32(m, 3600);
	mb_u32(m, 2); mb_u32(m, 1); mb_u16(m, 7); mb_u8(m, 0); mb_u16(m, 0xabcd);
	return parse_ok(m);
}

START_TEST(test_sig_labels_zero_on_root_owner_is_handled)
{
	struct mb m;
	struct val_msg *msg = signed_set(&m, (const uint8_t *)"", 1, 0);
	struct val_rrsig sig;
	ck_assert_int_eq(val_rdata_rrsig(msg->sets[0].sigs[0], &sig), 0);
	uint8_t *data;
	size_t len;
	ck_assert_int_eq(val_signed_data(&sig, &msg->sets[0], &data, &len), 0);
	ck_assert_uint_eq(len, 19 + 1 + 10 + 4);
	ck_assert_mem_eq(data + 19, "\000\000\001\000\001\000\000\016\020\000\004\300\000\002\001", 15);
	free(data);
	sig.labels = 1;
	ck_assert_int_eq(val_signed_data(&sig, &msg->sets[0], &data, &len), -EBADMSG);
	val_msg_free(msg);
}
END_TEST

START_TEST(test_sig_labels_zero_on_a_deep_owner_signs_the_root_wildcard)
{
	struct mb m;
	const uint8_t *owner = tu_name("A.B.example");
	struct val_msg *msg = signed_set(&m, owner, val_name_len(owner), 0);
	struct val_rrsig sig;
	ck_assert_int_eq(val_rdata_rrsig(msg->sets[0].sigs[0], &sig), 0);
	uint8_t *data;
	size_t len;
	ck_assert_int_eq(val_signed_data(&sig, &msg->sets[0], &data, &len), 0);
	ck_assert_uint_eq(len, 19 + 3 + 10 + 4);
	ck_assert_mem_eq(data + 19, "\001*\000\000\001", 5);
	free(data);
	val_msg_free(msg);
}
END_TEST

START_TEST(test_wildcard_rebuild_of_a_255_octet_owner_stays_within_255_octets)
{
	struct mb m;
	uint8_t owner[VAL_NAME_MAX];
	size_t olen = long_wire_name(owner, 255, 'W');
	unsigned labels = val_name_labels(owner);
	for (unsigned l = 0; l <= labels; l++) {
		struct val_msg *msg = signed_set(&m, owner, olen, l);
		struct val_rrsig sig;
		ck_assert_int_eq(val_rdata_rrsig(msg->sets[0].sigs[0], &sig), 0);
		uint8_t *data;
		size_t len;
		ck_assert_int_eq(val_signed_data(&sig, &msg->sets[0], &data, &len), 0);
		const uint8_t *name = data + 19;
		size_t nlen = val_name_len(name);
		ck_assert_uint_le(nlen, VAL_NAME_MAX);
		ck_assert_uint_eq(len, 19 + nlen + 10 + 4);
		ck_assert_uint_eq(val_name_labels(name), l == labels ? l : l + 1);
		if (l < labels)
			ck_assert_mem_eq(name, "\001*", 2);
		ck_assert_uint_eq(name[nlen - 2], l == 0 ? '*' : 'w'); /* lower-cased */
		free(data);
		val_msg_free(msg);
	}
}
END_TEST

START_TEST(test_signed_data_of_an_unexpanded_wildcard_owner_keeps_the_star)
{
	/* owner "*.example" with labels 1: "*." + "example" again */
	struct mb m;
	const uint8_t *owner = tu_name("*.Example");
	struct val_msg *msg = signed_set(&m, owner, val_name_len(owner), 1);
	struct val_rrsig sig;
	ck_assert_int_eq(val_rdata_rrsig(msg->sets[0].sigs[0], &sig), 0);
	uint8_t *data;
	size_t len;
	ck_assert_int_eq(val_signed_data(&sig, &msg->sets[0], &data, &len), 0);
	ck_assert_mem_eq(data + 19, "\001*\007example\000", 11);
	free(data);
	val_msg_free(msg);
}
END_TEST

START_TEST(test_signed_data_drops_duplicates_that_differ_only_in_name_case)
{
	/* Two MX records equal in canonical form (RFC 4034 §6.2, §6.3). */
	struct mb m;
	mb_header(&m, 0, 3, 0, 0);
	mb_name(&m, "x"); mb_rrhead(&m, VAL_T_MX, 1, 2 + 3); mb_u16(&m, 1); mb_name(&m, "M");
	mb_name(&m, "x"); mb_rrhead(&m, VAL_T_MX, 1, 2 + 3); mb_u16(&m, 1); mb_name(&m, "m");
	mb_name(&m, "x"); mb_rrhead(&m, VAL_T_RRSIG, 1, 18 + 1 + 1);
	mb_u16(&m, VAL_T_MX); mb_u8(&m, 8); mb_u8(&m, 1); mb_u32(&m, 9);
	mb_u32(&m, 2); mb_u32(&m, 1); mb_u16(&m, 7); mb_u8(&m, 0); mb_u8(&m, 0xab);
	struct val_msg *msg = parse_ok(&m);
	ck_assert_uint_eq(msg->sets[0].nrr, 2);
	struct val_rrsig sig;
	ck_assert_int_eq(val_rdata_rrsig(msg->sets[0].sigs[0], &sig), 0);
	uint8_t *data;
	size_t len;
	ck_assert_int_eq(val_signed_data(&sig, &msg->sets[0], &data, &len), 0);
	ck_assert_uint_eq(len, 19 + 3 + 10 + 5);
	ck_assert_mem_eq(data + 19 + 3 + 10, "\000\001\001m\000", 5);
	free(data);
	val_msg_free(msg);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Query writer                                                         */

START_TEST(test_query_for_a_255_octet_name_fills_val_query_max_and_parses_back)
{
	uint8_t name[VAL_NAME_MAX];
	long_wire_name(name, 255, 'q');
	uint8_t buf[VAL_QUERY_MAX];
	int n = val_query_write(buf, sizeof buf, 7, name, VAL_T_DS, VAL_Q_DO);
	ck_assert_int_eq(n, VAL_QUERY_MAX);
	ck_assert_int_eq(val_query_write(buf, VAL_QUERY_MAX - 1, 7, name, VAL_T_DS, VAL_Q_DO), -ENOSPC);
	struct val_msg *msg;
	const char *err;
	ck_assert_int_eq(val_msg_parse(buf, (size_t)n, &msg, &err), 0);
	ck_assert_uint_eq(msg->qtype, VAL_T_DS);
	ck_assert_uint_eq(msg->qclass, VAL_C_IN);
	ck_assert_uint_eq(msg->flags, 0);
	ck_assert_mem_eq(msg->qname, name, 255);
	val_msg_free(msg);
	/* no flags: header flags zero, no OPT, ARCOUNT 0 */
	n = val_query_write(buf, sizeof buf, 7, tu_name("."), VAL_T_NS, 0);
	ck_assert_int_eq(n, 12 + 1 + 4);
	ck_assert_uint_eq(buf[2] | buf[3] | buf[10] | buf[11], 0);
}
END_TEST

static Suite *review_suite(void)
{
	Suite *s = suite_create("wire edges");
	TCase *tn = tcase_create("names");
	tcase_add_test(tn, test_name_of_255_octets_round_trips_through_presentation_form);
	tcase_add_test(tn, test_name_of_255_octets_is_read_with_or_without_the_trailing_dot);
	tcase_add_test(tn, test_name_of_256_octets_in_presentation_form_is_refused);
	tcase_add_test(tn, test_maximal_all_escaped_name_fits_the_presentation_buffer_and_round_trips);
	tcase_add_test(tn, test_presentation_specials_are_escaped_and_read_back);
	tcase_add_test(tn, test_bad_escapes_in_presentation_names_are_refused);
	tcase_add_test(tn, test_canonical_name_order_compares_octets_not_signed_chars_and_ignores_case);
	tcase_add_test(tn, test_canonical_name_order_handles_127_labels);
	suite_add_tcase(s, tn);
	TCase *tw = tcase_create("wire reader and parser");
	tcase_add_test(tw, test_wire_errors_stick_and_later_reads_change_nothing);
	tcase_add_test(tw, test_wire_bytes_of_a_huge_count_fails_without_wrapping);
	tcase_add_test(tw, test_wire_name_stops_at_the_cursor_end_not_the_buffer_end);
	tcase_add_test(tw, test_wire_name_resumes_after_the_first_pointer);
	tcase_add_test(tw, test_chain_of_127_pointers_is_followed_and_128_is_malformed);
	tcase_add_test(tw, test_compression_pointer_may_point_into_the_header);
	tcase_add_test(tw, test_name_in_rdata_cannot_run_past_its_rdlength);
	tcase_add_test(tw, test_compression_pointer_split_by_the_rdlength_is_malformed);
	tcase_add_test(tw, test_pointer_into_the_middle_of_the_same_name_is_refused);
	tcase_add_test(tw, test_message_longer_than_65535_octets_is_refused);
	tcase_add_test(tw, test_empty_message_without_a_buffer_is_malformed_without_undefined_behaviour);
	tcase_add_test(tw, test_rrsig_rdata_of_one_octet_or_short_fields_is_malformed);
	tcase_add_test(tw, test_txt_needs_one_string_but_it_may_be_empty);
	tcase_add_test(tw, test_nsec3_with_an_empty_next_hash_is_malformed);
	tcase_add_test(tw, test_nsec_bitmap_with_a_partial_window_header_is_malformed);
	tcase_add_test(tw, test_opt_with_a_compressed_root_owner_is_accepted_and_counts_nowhere);
	tcase_add_test(tw, test_sig_with_a_compressed_signer_is_decompressed);
	tcase_add_test(tw, test_largest_decompressed_rdata_is_accepted_with_its_full_length);
	suite_add_tcase(s, tw);
	TCase *tg = tcase_create("rrset grouping");
	tcase_add_test(tg, test_rrsig_attaches_to_its_set_whatever_the_owner_case);
	tcase_add_test(tg, test_rrsig_in_another_section_or_class_or_for_another_type_is_an_orphan);
	tcase_add_test(tg, test_same_rrset_in_two_sections_makes_two_sets_each_with_its_rrsig);
	tcase_add_test(tg, test_interleaved_records_group_in_order_of_first_appearance);
	tcase_add_test(tg, test_256_sets_with_rrsigs_of_which_one_misses_stay_linear_and_correct);
	tcase_add_test(tg, test_duplicate_records_count_towards_the_64_record_limit);
	suite_add_tcase(s, tg);
	TCase *tv = tcase_create("typed views");
	tcase_add_test(tv, test_typed_views_refuse_malformed_rdata_from_elsewhere);
	tcase_add_test(tv, test_typed_view_pointers_stay_inside_the_rdata);
	tcase_add_test(tv, test_bitmap_lookup_of_a_type_beyond_the_window_length_is_false);
	suite_add_tcase(s, tv);
	TCase *tc = tcase_create("canonical form and query");
	tcase_add_test(tc, test_canonical_rdata_of_truncated_nsec3param_writes_nothing_past_cap);
	tcase_add_test(tc, test_canonical_rdata_of_empty_hinfo_or_txt_writes_nothing_with_cap_zero);
	tcase_add_test(tc, test_canonical_rdata_of_a_compressed_name_from_elsewhere_is_refused);
	tcase_add_test(tc, test_canonical_rdata_into_a_short_buffer_is_refused);
	tcase_add_test(tc, test_canonical_rdata_lowers_srv_naptr_rp_dname_and_rrsig_but_not_txt_or_hinfo);
	tcase_add_test(tc, test_canonical_rdata_order_puts_a_prefix_first);
	tcase_add_test(tc, test_sig_labels_zero_on_root_owner_is_handled);
	tcase_add_test(tc, test_sig_labels_zero_on_a_deep_owner_signs_the_root_wildcard);
	tcase_add_test(tc, test_wildcard_rebuild_of_a_255_octet_owner_stays_within_255_octets);
	tcase_add_test(tc, test_signed_data_of_an_unexpanded_wildcard_owner_keeps_the_star);
	tcase_add_test(tc, test_signed_data_drops_duplicates_that_differ_only_in_name_case);
	tcase_add_test(tc, test_query_for_a_255_octet_name_fills_val_query_max_and_parses_back);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(review_suite)
