/* The chain of trust (val_validate) on real answers: every server row of the
 * RFC vectors' expect.tsv, recorded from the vectors' own NSD servers by
 * tests/unit/vectors/record_rfc.py, with the row's fixed validation time. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "testutil.h"

#define DIR "tests/unit/data/rfc-server/"

struct row {
	char bundle[64], qname[128], qtype[16], verdict[16], answer[256], at[16], anchor[64], rcode[16], what[256];
};
static struct row rows[64];
static int nrows;

static void load_index(void)
{
	if (nrows)
		return;
	FILE *f = fopen(DIR "index.tsv", "r");
	ck_assert_ptr_nonnull(f);
	char line[1024];
	while (fgets(line, sizeof line, f) && nrows < 64) {
		if (line[0] == '#')
			continue;
		line[strcspn(line, "\n")] = '\0';
		struct row *r = &rows[nrows];
		char *fields[9], *save = NULL, *p = line;
		for (int i = 0; i < 9; i++, p = NULL)
			fields[i] = strtok_r(p, "\t", &save);
		ck_assert_ptr_nonnull(fields[8]);
		snprintf(r->bundle, sizeof r->bundle, "%s", fields[0]);
		snprintf(r->qname, sizeof r->qname, "%s", fields[1]);
		snprintf(r->qtype, sizeof r->qtype, "%s", fields[2]);
		snprintf(r->verdict, sizeof r->verdict, "%s", fields[3]);
		snprintf(r->answer, sizeof r->answer, "%s", fields[4]);
		snprintf(r->at, sizeof r->at, "%s", fields[5]);
		snprintf(r->anchor, sizeof r->anchor, "%s", fields[6]);
		snprintf(r->rcode, sizeof r->rcode, "%s", fields[7]);
		snprintf(r->what, sizeof r->what, "%s", fields[8]);
		nrows++;
	}
	fclose(f);
}

static uint16_t type_of(const char *s)
{
	static const struct { const char *s; uint16_t t; } t[] = {
		{ "A", VAL_T_A }, { "AAAA", VAL_T_AAAA }, { "MX", VAL_T_MX }, { "DS", VAL_T_DS }, { "DNSKEY", VAL_T_DNSKEY },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (strcmp(s, t[i].s) == 0)
			return t[i].t;
	ck_abort_msg("unknown type %s", s);
	return 0;
}

/* RDATA as expect.tsv writes it. */
static void rdata_str(const struct val_rr *rr, char *out, size_t cap)
{
	char name[VAL_NAME_STR_MAX];
	struct val_mx mx;
	struct val_ds ds;
	if (rr->type == VAL_T_A || rr->type == VAL_T_AAAA) {
		inet_ntop(rr->type == VAL_T_A ? AF_INET : AF_INET6, rr->rdata, out, (socklen_t)cap);
	} else if (rr->type == VAL_T_MX && val_rdata_mx(rr, &mx) == 0) {
		snprintf(out, cap, "%u %s", mx.preference, val_name_str(mx.exchange, name));
	} else if (rr->type == VAL_T_DS && val_rdata_ds(rr, &ds) == 0) {
		size_t o = (size_t)snprintf(out, cap, "%u %u %u ", ds.key_tag, ds.algorithm, ds.digest_type);
		for (unsigned i = 0; i < ds.digest_len && o + 3 < cap; i++)
			o += (size_t)snprintf(out + o, cap - o, "%02X", ds.digest[i]);
	} else {
		snprintf(out, cap, "?");
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

START_TEST(test_every_rfc_vector_server_row_gives_its_expected_verdict)
{
	load_index();
	ck_assert_int_ge(nrows, 39);
	if (_i >= nrows)
		return;
	const struct row *row = &rows[_i];
	char path[256];

	/* trust anchor */
	snprintf(path, sizeof path, "tests/unit/data/%s", row->anchor);
	struct val_msg *anchor = tu_load_msg(path);
	const struct val_rr *anchors[4];
	size_t nanchors = 0;
	for (size_t i = 0; i < anchor->nrr && i < 4; i++)
		anchors[nanchors++] = &anchor->rrs[i];
	struct val_policy pol = { .anchors = anchors, .nanchors = nanchors };

	/* the recorded answers */
	snprintf(path, sizeof path, DIR "%s", row->bundle);
	struct val_msg *msgs[VAL_QUERIES_MAX];
	struct val_response resp[VAL_QUERIES_MAX];
	size_t n = tu_load_bundle(path, msgs, resp, VAL_QUERIES_MAX);

	struct val_ctx vc;
	struct val_answer ans;
	struct val_need needs[VAL_QUERIES_MAX];
	size_t nneeds;
	uint8_t qname[VAL_NAME_MAX];
	memcpy(qname, tu_name(row->qname), VAL_NAME_MAX);
	val_ctx_init(&vc, tu_time(row->at));
	enum val_verdict v = val_validate(&vc, &pol, qname, type_of(row->qtype), resp, n, &ans, needs, &nneeds);
	char need0[VAL_NAME_STR_MAX] = "";
	if (nneeds)
		val_name_str(needs[0].name, need0);
	ck_assert_msg(v != VAL_UNCHECKED, "%s %s %s: still needs %zu queries, first %s type %u", row->bundle,
		      row->qname, row->qtype, nneeds, need0, nneeds ? needs[0].type : 0);
	ck_assert_msg(strcmp(val_verdict_str(v), row->verdict) == 0, "%s %s %s at %s: %s (EDE %u: %s), expected %s (%s)",
		      row->bundle, row->qname, row->qtype, row->at, val_verdict_str(v), ans.reason.ede, val_reason_str(&ans.reason), row->verdict,
		      row->what);
	if (strcmp(row->answer, "-") != 0) {
		ck_assert_ptr_nonnull(ans.rrset);
		char strs[VAL_RRSET_RR_MAX][256], joined[1024] = "";
		char *sorted[VAL_RRSET_RR_MAX];
		for (size_t i = 0; i < ans.rrset->nrr; i++) {
			rdata_str(ans.rrset->rrs[i], strs[i], sizeof strs[i]);
			sorted[i] = strs[i];
		}
		qsort(sorted, ans.rrset->nrr, sizeof sorted[0], cmp_str);
		for (size_t i = 0; i < ans.rrset->nrr; i++)
			snprintf(joined + strlen(joined), sizeof joined - strlen(joined), "%s%s", i ? "," : "", sorted[i]);
		ck_assert_str_eq(joined, row->answer);
	} else if (v == VAL_SECURE && type_of(row->qtype) != VAL_T_DNSKEY) {
		ck_assert_ptr_null(ans.rrset); /* NXDOMAIN or NODATA */
	}
	if (strcmp(row->rcode, "NXDOMAIN") == 0 && v != VAL_BOGUS)
		ck_assert_uint_eq(ans.rcode, 3);
	for (size_t i = 0; i < n; i++)
		val_msg_free(msgs[i]);
	val_msg_free(anchor);
}
END_TEST

START_TEST(test_first_call_without_answers_asks_for_the_whole_chain_at_once)
{
	struct val_msg *anchor = tu_load_msg("tests/unit/data/rfc4035-example-anchor.msg");
	const struct val_rr *anchors[] = { &anchor->rrs[0] };
	struct val_policy pol = { .anchors = anchors, .nanchors = 1 };
	struct val_ctx vc;
	struct val_answer ans;
	struct val_need needs[VAL_QUERIES_MAX];
	size_t nneeds;
	val_ctx_init(&vc, tu_time("20040420000000"));
	uint8_t qname[VAL_NAME_MAX];
	memcpy(qname, tu_name("a.z.w.example."), VAL_NAME_MAX);
	ck_assert_int_eq(val_validate(&vc, &pol, qname, VAL_T_A, NULL, 0, &ans, needs, &nneeds), VAL_UNCHECKED);
	/* the question, DNSKEY example., and DS+DNSKEY of w, z.w, a.z.w */
	ck_assert_uint_eq(nneeds, 8);
	ck_assert(val_name_eq(needs[0].name, qname) && needs[0].type == VAL_T_A);
	ck_assert(val_name_eq(needs[1].name, tu_name("example.")) && needs[1].type == VAL_T_DNSKEY);
	ck_assert(val_name_eq(needs[2].name, tu_name("w.example.")) && needs[2].type == VAL_T_DS);
	ck_assert_uint_eq(vc.sig_verifications, 0);
	val_msg_free(anchor);
}
END_TEST

static Suite *chain_suite(void)
{
	Suite *s = suite_create("chain");
	TCase *tc = tcase_create("rfc vectors through NSD");
	tcase_add_loop_test(tc, test_every_rfc_vector_server_row_gives_its_expected_verdict, 0, 39);
	tcase_add_test(tc, test_first_call_without_answers_asks_for_the_whole_chain_at_once);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(chain_suite)
