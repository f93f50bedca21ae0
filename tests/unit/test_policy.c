/* Policy and the remaining limits of val_validate: negative trust anchors
 * (RFC 7646), require-secure, the CNAME step limit and the DS-per-zone
 * limit, on the recorded RFC answers and hand-built messages. */
#include <string.h>

#include "msgbuild.h"
#include "testutil.h"

#define DIR "tests/unit/data/rfc-server/"

struct bundle {
	struct val_msg *msgs[VAL_QUERIES_MAX];
	struct val_response resp[VAL_QUERIES_MAX];
	size_t n;
	struct val_msg *anchor;
	const struct val_rr *anchors[4];
	size_t nanchors;
};

static void load(struct bundle *b, const char *bundle, const char *anchor)
{
	memset(b, 0, sizeof *b);
	b->anchor = tu_load_msg(anchor);
	for (size_t i = 0; i < b->anchor->nrr && i < 4; i++)
		b->anchors[b->nanchors++] = &b->anchor->rrs[i];
	b->n = tu_load_bundle(bundle, b->msgs, b->resp, VAL_QUERIES_MAX);
}

static void unload(struct bundle *b)
{
	for (size_t i = 0; i < b->n; i++)
		val_msg_free(b->msgs[i]);
	val_msg_free(b->anchor);
}

static enum val_verdict validate(struct bundle *b, struct val_policy *pol, const char *at, const char *qname,
				 uint16_t qtype, struct val_answer *ans)
{
	struct val_ctx vc;
	struct val_need needs[VAL_QUERIES_MAX];
	size_t nneeds;
	uint8_t q[VAL_NAME_MAX];
	memcpy(q, tu_name(qname), VAL_NAME_MAX);
	pol->anchors = b->anchors;
	pol->nanchors = b->nanchors;
	val_ctx_init(&vc, tu_time(at));
	enum val_verdict v = val_validate(&vc, pol, q, qtype, b->resp, b->n, ans, needs, &nneeds);
	ck_assert_uint_eq(nneeds, 0);
	return v;
}

START_TEST(test_negative_trust_anchor_below_the_anchor_makes_the_name_insecure)
{
	struct bundle b;
	load(&b, DIR "row01.bundle", "tests/unit/data/rfc4035-example-anchor.msg"); /* x.w.example MX */
	uint8_t nta[VAL_NAME_MAX];
	memcpy(nta, tu_name("w.example."), VAL_NAME_MAX);
	const uint8_t *ntas[] = { nta };
	struct val_policy pol = { .ntas = ntas, .nntas = 1 };
	struct val_answer ans;
	ck_assert_int_eq(validate(&b, &pol, "20040420000000", "x.w.example.", VAL_T_MX, &ans), VAL_INSECURE);
	ck_assert_msg(strstr(val_reason_str(&ans.reason), "negative trust anchor w.example. covers x.w.example."), "why: %s", val_reason_str(&ans.reason));
	ck_assert_ptr_nonnull(ans.rrset); /* the data, unvalidated, as RFC 7646 says */
	/* even at a time when every signature has expired */
	ck_assert_int_eq(validate(&b, &pol, "20200101000000", "x.w.example.", VAL_T_MX, &ans), VAL_INSECURE);
	unload(&b);
}
END_TEST

START_TEST(test_trust_anchor_at_or_below_a_negative_trust_anchor_wins)
{
	struct bundle b;
	load(&b, DIR "row01.bundle", "tests/unit/data/rfc4035-example-anchor.msg");
	uint8_t nta[VAL_NAME_MAX];
	memcpy(nta, tu_name("example."), VAL_NAME_MAX); /* the anchor sits at the NTA */
	const uint8_t *ntas[] = { nta };
	struct val_policy pol = { .ntas = ntas, .nntas = 1 };
	struct val_answer ans;
	ck_assert_int_eq(validate(&b, &pol, "20040420000000", "x.w.example.", VAL_T_MX, &ans), VAL_SECURE);
	ck_assert_int_eq(validate(&b, &pol, "20200101000000", "x.w.example.", VAL_T_MX, &ans), VAL_BOGUS);
	unload(&b);
}
END_TEST

START_TEST(test_require_secure_turns_an_insecure_answer_into_bogus)
{
	struct bundle b;
	load(&b, DIR "row20.bundle", "tests/unit/data/rfc5155-example-anchor.msg"); /* c.example DS, opt-out */
	uint8_t req[VAL_NAME_MAX];
	memcpy(req, tu_name("example."), VAL_NAME_MAX);
	const uint8_t *reqs[] = { req };
	struct val_policy none = { 0 }, pol = { .require_secure = reqs, .nrequire = 1 };
	struct val_answer ans;
	ck_assert_int_eq(validate(&b, &none, "20100101000000", "c.example.", VAL_T_DS, &ans), VAL_INSECURE);
	ck_assert_int_eq(validate(&b, &pol, "20100101000000", "c.example.", VAL_T_DS, &ans), VAL_BOGUS);
	ck_assert_msg(strstr(val_reason_str(&ans.reason), "opt-out") && strstr(val_reason_str(&ans.reason), "require-secure example. covers c.example."),
		      "why: %s", val_reason_str(&ans.reason));
	unload(&b);
}
END_TEST

START_TEST(test_require_secure_leaves_a_secure_answer_alone)
{
	struct bundle b;
	load(&b, DIR "row01.bundle", "tests/unit/data/rfc4035-example-anchor.msg");
	uint8_t req[VAL_NAME_MAX];
	memcpy(req, tu_name("."), VAL_NAME_MAX);
	const uint8_t *reqs[] = { req };
	struct val_policy pol = { .require_secure = reqs, .nrequire = 1 };
	struct val_answer ans;
	ck_assert_int_eq(validate(&b, &pol, "20040420000000", "x.w.example.", VAL_T_MX, &ans), VAL_SECURE);
	unload(&b);
}
END_TEST

/* a.loop.example CNAME b.loop.example, and back: inside a negative trust
 * anchor, so no signature is needed and only the step limit can stop it. */
START_TEST(test_cname_loop_stops_at_the_step_limit_as_bogus_invalid_data)
{
	static struct mb m;
	mb_header(&m, 1, 2, 0, 1);
	m.b[2] |= 0x00; /* QR set by mb_header */
	mb_name(&m, "a.loop.example."); mb_u16(&m, VAL_T_A); mb_u16(&m, VAL_C_IN);
	const char *names[2][2] = { { "a.loop.example.", "b.loop.example." }, { "b.loop.example.", "a.loop.example." } };
	for (int i = 0; i < 2; i++) {
		mb_name(&m, names[i][0]);
		mb_rrhead(&m, VAL_T_CNAME, 60, (unsigned)val_name_len(tu_name(names[i][1])));
		mb_name(&m, names[i][1]);
	}
	mb_u8(&m, 0); mb_u16(&m, VAL_T_OPT); mb_u16(&m, 1232); mb_u32(&m, 0x8000); mb_u16(&m, 0);
	struct val_msg *msg;
	const char *err;
	ck_assert_int_eq(val_msg_parse(m.b, m.n, &msg, &err), 0);
	struct val_response resp = { .qname = msg->qname, .qtype = VAL_T_A, .msg = msg, .server = "test" };

	struct val_msg *anchor = tu_load_msg("tests/unit/data/rfc4035-example-anchor.msg");
	const struct val_rr *anchors[] = { &anchor->rrs[0] };
	uint8_t nta[VAL_NAME_MAX];
	memcpy(nta, tu_name("loop.example."), VAL_NAME_MAX);
	const uint8_t *ntas[] = { nta };
	struct val_policy pol = { .anchors = anchors, .nanchors = 1, .ntas = ntas, .nntas = 1 };
	struct val_ctx vc;
	struct val_answer ans;
	struct val_need needs[VAL_QUERIES_MAX];
	size_t nneeds;
	uint8_t q[VAL_NAME_MAX];
	memcpy(q, tu_name("a.loop.example."), VAL_NAME_MAX);
	val_ctx_init(&vc, tu_time("20250101000000"));
	ck_assert_int_eq(val_validate(&vc, &pol, q, VAL_T_A, &resp, 1, &ans, needs, &nneeds), VAL_BOGUS);
	ck_assert_uint_eq(ans.reason.ede, EDE_INVALID_DATA);
	ck_assert_msg(strstr(val_reason_str(&ans.reason), "longer than 12 steps"), "why: %s", val_reason_str(&ans.reason));
	ck_assert_uint_eq(ans.nnames, VAL_CNAME_MAX + 1);
	val_msg_free(anchor);
	val_msg_free(msg);
}
END_TEST

/* Nine DS records for example.: eight with a wrong digest, then the right
 * one.  Only VAL_DS_PER_ZONE_MAX are considered, so the ninth is never
 * reached; put first, it validates. */
static enum val_verdict nine_ds(bool right_one_first, struct val_ctx *vc)
{
	struct val_msg *zone = tu_load_msg("tests/unit/data/rfc4035-example-zone.msg");
	struct val_msg *good = tu_load_msg("tests/unit/data/rfc4035-example-ds.msg");
	const struct val_rr *ds = &good->rrs[0];
	static struct mb m;
	mb_header(&m, 0, 9, 0, 0);
	for (int i = 0; i < 9; i++) {
		bool right = right_one_first ? i == 0 : i == 8;
		mb_name(&m, "example.");
		mb_rrhead(&m, VAL_T_DS, 3600, ds->rdlen);
		size_t at = m.n;
		mb_raw(&m, ds->rdata, ds->rdlen);
		if (!right)
			m.b[at + ds->rdlen - 1] ^= (uint8_t)(i + 1); /* a wrong digest, and no duplicates */
	}
	struct val_msg *set;
	const char *err;
	ck_assert_int_eq(val_msg_parse(m.b, m.n, &set, &err), 0);
	const struct val_rr *trust[9];
	for (int i = 0; i < 9; i++)
		trust[i] = &set->rrs[i];
	struct val_sigok ok;
	val_ctx_init(vc, tu_time("20040420000000"));
	enum val_verdict v = val_dnskey_verify(vc, tu_find_rrset(zone, "example.", VAL_T_DNSKEY), tu_name("example."),
					       trust, 9, false, &ok);
	val_msg_free(set);
	val_msg_free(good);
	val_msg_free(zone);
	return v;
}

START_TEST(test_a_ninth_ds_of_one_zone_is_never_considered)
{
	struct val_ctx vc;
	ck_assert_int_eq(nine_ds(true, &vc), VAL_SECURE);
	ck_assert_int_eq(nine_ds(false, &vc), VAL_BOGUS);
	ck_assert_uint_eq(vc.reason.ede, EDE_DNSKEY_MISSING);
	ck_assert_uint_eq(vc.sig_verifications, 0);
}
END_TEST


/* A CNAME chain through three deep names in three zones: the plan for their
 * chains needs more than VAL_QUERIES_MAX queries, which is indeterminate
 * before anything is sent. */
START_TEST(test_a_lookup_needing_more_than_32_queries_is_indeterminate)
{
	static struct mb m;
	static const char *chain[] = { "q.a.b.c.d.e.f.one.", "q.a.b.c.d.e.f.two.", "q.a.b.c.d.e.f.three.",
				       "q.a.b.c.d.e.f.four." };
	mb_header(&m, 1, 3, 0, 1);
	mb_name(&m, chain[0]); mb_u16(&m, VAL_T_A); mb_u16(&m, VAL_C_IN);
	for (int i = 0; i < 3; i++) {
		mb_name(&m, chain[i]);
		mb_rrhead(&m, VAL_T_CNAME, 60, (unsigned)val_name_len(tu_name(chain[i + 1])));
		mb_name(&m, chain[i + 1]);
	}
	mb_u8(&m, 0); mb_u16(&m, VAL_T_OPT); mb_u16(&m, 1232); mb_u32(&m, 0x8000); mb_u16(&m, 0);
	struct val_msg *msg;
	const char *err;
	ck_assert_int_eq(val_msg_parse(m.b, m.n, &msg, &err), 0);
	struct val_response resp = { .qname = msg->qname, .qtype = VAL_T_A, .msg = msg, .server = "test" };
	/* a root anchor, in DS form (its digest does not matter here) */
	static struct mb a;
	mb_header(&a, 0, 1, 0, 0);
	mb_u8(&a, 0); mb_rrhead(&a, VAL_T_DS, 60, 4 + 32); mb_u16(&a, 20326); mb_u8(&a, 8); mb_u8(&a, 2);
	for (int i = 0; i < 32; i++) mb_u8(&a, (unsigned)i);
	struct val_msg *anchor;
	ck_assert_int_eq(val_msg_parse(a.b, a.n, &anchor, &err), 0);
	const struct val_rr *anchors[] = { &anchor->rrs[0] };
	struct val_policy pol = { .anchors = anchors, .nanchors = 1 };
	struct val_ctx vc;
	struct val_answer ans;
	struct val_need needs[VAL_QUERIES_MAX];
	size_t nneeds;
	uint8_t q[VAL_NAME_MAX];
	memcpy(q, tu_name(chain[0]), VAL_NAME_MAX);
	val_ctx_init(&vc, tu_time("20250101000000"));
	ck_assert_int_eq(val_validate(&vc, &pol, q, VAL_T_A, &resp, 1, &ans, needs, &nneeds), VAL_INDETERMINATE);
	ck_assert_uint_eq(nneeds, 0);
	ck_assert_msg(strstr(val_reason_str(&ans.reason), "more than 32 upstream queries"), "why: %s", val_reason_str(&ans.reason));
	ck_assert_uint_eq(vc.sig_verifications, 0);
	val_msg_free(anchor);
	val_msg_free(msg);
}
END_TEST

static Suite *policy_suite(void)
{
	Suite *s = suite_create("policy");
	TCase *tc = tcase_create("policy and limits");
	tcase_add_test(tc, test_negative_trust_anchor_below_the_anchor_makes_the_name_insecure);
	tcase_add_test(tc, test_trust_anchor_at_or_below_a_negative_trust_anchor_wins);
	tcase_add_test(tc, test_require_secure_turns_an_insecure_answer_into_bogus);
	tcase_add_test(tc, test_require_secure_leaves_a_secure_answer_alone);
	tcase_add_test(tc, test_cname_loop_stops_at_the_step_limit_as_bogus_invalid_data);
	tcase_add_test(tc, test_a_ninth_ds_of_one_zone_is_never_considered);
	tcase_add_test(tc, test_a_lookup_needing_more_than_32_queries_is_indeterminate);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(policy_suite)
