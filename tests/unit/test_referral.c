/* The authoritative fallback's referral reader (stub_iter_read_reply,
 * stub/stub_int.h): what it takes from an authoritative server's reply and
 * what it refuses.  Hand-made replies (msgbuild.h) for the edges, and two
 * recorded lab referrals (tests/fuzz/corpus/fuzz_referral, written by
 * tests/fuzz/seeds/mk_referral_seeds.py: one octet, the zone's labels,
 * then the reply). */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "msgbuild.h"
#include "stub/stub_int.h"
#include "testutil.h"

static struct mb m;
static struct stub_cut cut;
static const char *why;

/* Header without RD/RA/AA (an authoritative server's referral), then the
 * question. */
static void reply(const char *qname, unsigned qtype, unsigned an, unsigned ns, unsigned ar)
{
	mb_header(&m, 1, an, ns, ar);
	m.b[2] = 0x80;	/* QR only */
	m.b[3] = 0x00;
	mb_name(&m, qname);
	mb_u16(&m, qtype);
	mb_u16(&m, VAL_C_IN);
}

static void set_aa(void) { m.b[2] |= 0x04; }
static void set_rcode(unsigned rcode) { m.b[3] = (uint8_t)((m.b[3] & 0xf0) | rcode); }

static void ns(const char *owner, const char *target, uint32_t ttl)
{
	const uint8_t *t = tu_name(target);
	size_t tl = val_name_len(t);
	uint8_t copy[VAL_NAME_MAX];
	memcpy(copy, t, tl);
	mb_name(&m, owner);
	mb_rrhead(&m, VAL_T_NS, ttl, (unsigned)tl);
	mb_raw(&m, copy, tl);
}

static void a(const char *owner, uint32_t addr, uint32_t ttl)
{
	mb_name(&m, owner);
	mb_rrhead(&m, VAL_T_A, ttl, 4);
	mb_u32(&m, addr);
}

static void aaaa(const char *owner, unsigned last, uint32_t ttl)
{
	uint8_t v6[16] = { 0x20, 0x01, 0x0d, 0xb8 };
	v6[15] = (uint8_t)last;
	mb_name(&m, owner);
	mb_rrhead(&m, VAL_T_AAAA, ttl, 16);
	mb_raw(&m, v6, 16);
}

static enum stub_reply read_as(const char *zone, const char *qname, uint16_t qtype)
{
	uint8_t z[VAL_NAME_MAX], q[VAL_NAME_MAX];
	const uint8_t *n = tu_name(zone);
	memcpy(z, n, val_name_len(n));
	n = tu_name(qname);
	memcpy(q, n, val_name_len(n));
	memset(&cut, 0xa5, sizeof cut);
	why = NULL;
	return stub_iter_read_reply(z, q, qtype, m.b, m.n, &cut, &why);
}

static bool has_server(uint32_t addr)
{
	uint8_t v4[4] = { (uint8_t)(addr >> 24), (uint8_t)(addr >> 16), (uint8_t)(addr >> 8), (uint8_t)addr };
	for (size_t i = 0; i < cut.nservers; i++)
		if (cut.servers[i].family == AF_INET && memcmp(cut.servers[i].addr, v4, 4) == 0)
			return true;
	return false;
}

static bool has_nsname(const char *name)
{
	for (size_t i = 0; i < cut.nnsnames; i++)
		if (val_name_eq(cut.nsnames[i], tu_name(name)))
			return true;
	return false;
}

START_TEST(test_in_bailiwick_glue_gives_the_next_servers)
{
	reply("www.example.com", VAL_T_A, 0, 1, 2);
	ns("example.com", "ns1.example.com", 3600);
	a("ns1.example.com", 0xc0000201, 600);
	aaaa("ns1.example.com", 0x53, 1200);
	ck_assert_int_eq(read_as("com", "www.example.com", VAL_T_A), STUB_REPLY_REFERRAL);
	ck_assert(val_name_eq(cut.name, tu_name("example.com")));
	ck_assert_uint_eq(cut.nservers, 2);
	ck_assert(has_server(0xc0000201));
	ck_assert_int_eq(cut.servers[1].family, AF_INET6);
	ck_assert_uint_eq(cut.servers[1].addr[15], 0x53);
	ck_assert_uint_eq(cut.servers[0].port, 53);
	ck_assert_uint_eq(cut.nnsnames, 0);
	/* The least TTL of the NS RRset and its glue. */
	ck_assert_uint_eq(cut.ttl, 600);
}
END_TEST

/* A reply from com's servers for qname A: two NS records (owner, target)
 * in the authority section, a glue A record for each target (192.0.2.1,
 * then addr2) in the additional section, read. */
static enum stub_reply two_ns(const char *qname, const char *owner1, const char *target1, const char *owner2,
			      const char *target2, uint32_t addr2)
{
	reply(qname, VAL_T_A, 0, 2, 2);
	ns(owner1, target1, 3600);
	ns(owner2, target2, 3600);
	a(target1, 0xc0000201, 3600);
	a(target2, addr2, 3600);
	return read_as("com", qname, VAL_T_A);
}

START_TEST(test_out_of_bailiwick_glue_is_ignored_and_its_name_resolved)
{
	/* ns.other.net's "glue" from example.com's parent would let any
	 * server point any name anywhere: only the name is kept. */
	ck_assert_int_eq(two_ns("www.example.com", "example.com", "ns1.example.com", "example.com", "ns.other.net",
				0xc6336442), STUB_REPLY_REFERRAL);
	ck_assert_uint_eq(cut.nservers, 1);
	ck_assert(has_server(0xc0000201));
	ck_assert(!has_server(0xc6336442));
	ck_assert_uint_eq(cut.nnsnames, 1);
	ck_assert(has_nsname("ns.other.net"));
}
END_TEST

START_TEST(test_glue_for_a_name_that_is_no_ns_target_is_ignored)
{
	reply("www.example.com", VAL_T_A, 0, 1, 2);
	ns("example.com", "ns1.example.com", 3600);
	a("www.example.com", 0xc6336442, 3600);	/* an "answer" smuggled as glue */
	a("ns1.example.com", 0xc0000201, 3600);
	ck_assert_int_eq(read_as("com", "www.example.com", VAL_T_A), STUB_REPLY_REFERRAL);
	ck_assert_uint_eq(cut.nservers, 1);
	ck_assert(has_server(0xc0000201));
}
END_TEST

START_TEST(test_only_the_first_ns_rrset_makes_the_cut)
{
	ck_assert_int_eq(two_ns("www.sub.example.com", "sub.example.com", "ns.sub.example.com", "example.com",
				"ns.example.com", 0xc0000202), STUB_REPLY_REFERRAL);
	ck_assert(val_name_eq(cut.name, tu_name("sub.example.com")));
	ck_assert_uint_eq(cut.nservers, 1);
	ck_assert(has_server(0xc0000201));
}
END_TEST

START_TEST(test_ns_set_larger_than_the_limit_is_cut_to_it)
{
	enum { N = STUB_ITER_SERVERS_PER_ZONE_MAX + 4 };
	char names[N][32];
	reply("www.example.com", VAL_T_A, 0, N, N);
	for (unsigned i = 0; i < N; i++) {
		snprintf(names[i], sizeof names[i], "ns%u.example.com", i);
		ns("example.com", names[i], 3600);
	}
	for (unsigned i = 0; i < N; i++)
		a(names[i], 0xc0000200 + i, 3600);
	ck_assert_int_eq(read_as("com", "www.example.com", VAL_T_A), STUB_REPLY_REFERRAL);
	ck_assert_uint_eq(cut.nservers, STUB_ITER_SERVERS_PER_ZONE_MAX);
	ck_assert_uint_le(cut.nnsnames, STUB_ITER_SERVERS_PER_ZONE_MAX);

	/* Glueless: the names, as many as the limit. */
	reply("www.example.com", VAL_T_A, 0, N, 0);
	for (unsigned i = 0; i < N; i++) {
		snprintf(names[i], sizeof names[i], "ns%u.example.net", i);
		ns("example.com", names[i], 3600);
	}
	ck_assert_int_eq(read_as("com", "www.example.com", VAL_T_A), STUB_REPLY_REFERRAL);
	ck_assert_uint_eq(cut.nservers, 0);
	ck_assert_uint_eq(cut.nnsnames, STUB_ITER_SERVERS_PER_ZONE_MAX);
}
END_TEST

START_TEST(test_referral_upward_to_itself_or_sideways_is_refused)
{
	static const char *const cuts[] = {
		"com",			/* upward: the zone asked */
		".",			/* upward: its parent */
		"example.net",		/* sideways */
		"other.example.com",	/* below, but not towards the name */
	};
	for (size_t i = 0; i < sizeof cuts / sizeof *cuts; i++) {
		reply("www.example.com", VAL_T_A, 0, 1, 0);
		ns(cuts[i], "ns.example.org", 3600);
		ck_assert_int_eq(read_as("com", "www.example.com", VAL_T_A), STUB_REPLY_BAD);
		ck_assert_ptr_nonnull(why);
		ck_assert_ptr_nonnull(strstr(why, "does not lead down"));
	}
}
END_TEST

START_TEST(test_ds_is_not_referred_to_the_child_itself)
{
	/* RFC 4035 §3.1.4.1: the parent answers a cut's DS; a referral of
	 * "DS sub.example.com" to sub.example.com's servers would ask the
	 * child for its own DS. */
	reply("sub.example.com", VAL_T_DS, 0, 1, 1);
	ns("sub.example.com", "ns.sub.example.com", 3600);
	a("ns.sub.example.com", 0xc0000201, 3600);
	ck_assert_int_eq(read_as("example.com", "sub.example.com", VAL_T_DS), STUB_REPLY_BAD);
	/* The same referral for its A is fine. */
	reply("sub.example.com", VAL_T_A, 0, 1, 1);
	ns("sub.example.com", "ns.sub.example.com", 3600);
	a("ns.sub.example.com", 0xc0000201, 3600);
	ck_assert_int_eq(read_as("example.com", "sub.example.com", VAL_T_A), STUB_REPLY_REFERRAL);
}
END_TEST

START_TEST(test_lame_reply_without_ns_is_refused)
{
	reply("www.example.com", VAL_T_A, 0, 0, 1);
	a("ns1.example.com", 0xc0000201, 3600);
	ck_assert_int_eq(read_as("com", "www.example.com", VAL_T_A), STUB_REPLY_BAD);
	ck_assert_ptr_nonnull(strstr(why, "lame"));
}
END_TEST

START_TEST(test_answers_go_to_the_validator_as_they_are)
{
	/* Authoritative, even with an NS RRset beside it. */
	reply("www.example.com", VAL_T_A, 0, 1, 0);
	set_aa();
	ns("example.com", "ns1.example.com", 3600);
	ck_assert_int_eq(read_as("com", "www.example.com", VAL_T_A), STUB_REPLY_ANSWER);
	/* A denial without AA. */
	reply("www.example.com", VAL_T_A, 0, 0, 0);
	set_rcode(3);
	ck_assert_int_eq(read_as("com", "www.example.com", VAL_T_A), STUB_REPLY_ANSWER);
	/* Records in the answer section. */
	reply("www.example.com", VAL_T_A, 1, 0, 0);
	a("www.example.com", 0xc0000201, 60);
	ck_assert_int_eq(read_as("com", "www.example.com", VAL_T_A), STUB_REPLY_ANSWER);
}
END_TEST

START_TEST(test_reply_to_another_question_or_garbage_is_refused)
{
	reply("www.example.com", VAL_T_A, 0, 1, 0);
	ns("example.com", "ns1.example.net", 3600);
	ck_assert_int_eq(read_as("com", "www.example.org", VAL_T_A), STUB_REPLY_BAD);
	ck_assert_ptr_nonnull(strstr(why, "another question"));
	ck_assert_int_eq(read_as("com", "www.example.com", VAL_T_AAAA), STUB_REPLY_BAD);
	/* The same question in other case is the same question. */
	ck_assert_int_eq(read_as("com", "WWW.Example.COM", VAL_T_A), STUB_REPLY_REFERRAL);
	/* Cut short. */
	m.n -= 3;
	ck_assert_int_eq(read_as("com", "www.example.com", VAL_T_A), STUB_REPLY_BAD);
	/* No question. */
	mb_header(&m, 0, 0, 1, 0);
	ns("example.com", "ns1.example.net", 3600);
	ck_assert_int_eq(read_as("com", "www.example.com", VAL_T_A), STUB_REPLY_BAD);
}
END_TEST

/* A recorded lab reply: the corpus file, zone from its first octet. */
static enum stub_reply read_recorded(const char *file, const char *qname, uint16_t qtype, unsigned zone_labels)
{
	size_t len;
	uint8_t *buf = tu_read_file(file, &len);
	ck_assert_uint_ge(len, 13);
	ck_assert_uint_eq(buf[0], zone_labels);
	uint8_t q[VAL_NAME_MAX];
	const uint8_t *n = tu_name(qname);
	memcpy(q, n, val_name_len(n));
	memset(&cut, 0, sizeof cut);
	why = NULL;
	enum stub_reply r = stub_iter_read_reply(val_name_suffix(q, zone_labels), q, qtype, buf + 1, len - 1, &cut, &why);
	free(buf);
	return r;
}

START_TEST(test_recorded_lab_referrals_lead_down_with_their_glue)
{
	/* The lab root (NSD) for www.sub.alg13.lab: lab., ns.lab 127.53.1.1. */
	ck_assert_int_eq(read_recorded("tests/fuzz/corpus/fuzz_referral/0b5d8c85156b4a31b44f2a0f42889aff3f9295c6",
				       "www.sub.alg13.lab", VAL_T_A, 0), STUB_REPLY_REFERRAL);
	ck_assert(val_name_eq(cut.name, tu_name("lab")));
	ck_assert_uint_eq(cut.nservers, 1);
	ck_assert(has_server(0x7f350101));
	/* alg13.lab's server for the same name: sub.alg13.lab, 127.53.3.1. */
	ck_assert_int_eq(read_recorded("tests/fuzz/corpus/fuzz_referral/367abb1783bf8a0e7bf504ed7484903eacf17757",
				       "www.sub.alg13.lab", VAL_T_A, 2), STUB_REPLY_REFERRAL);
	ck_assert(val_name_eq(cut.name, tu_name("sub.alg13.lab")));
	ck_assert(has_server(0x7f350301));
}
END_TEST

static Suite *referral_suite(void)
{
	Suite *s = suite_create("referral");
	TCase *tc = tcase_create("take");
	tcase_add_test(tc, test_in_bailiwick_glue_gives_the_next_servers);
	tcase_add_test(tc, test_out_of_bailiwick_glue_is_ignored_and_its_name_resolved);
	tcase_add_test(tc, test_glue_for_a_name_that_is_no_ns_target_is_ignored);
	tcase_add_test(tc, test_only_the_first_ns_rrset_makes_the_cut);
	tcase_add_test(tc, test_ns_set_larger_than_the_limit_is_cut_to_it);
	tcase_add_test(tc, test_recorded_lab_referrals_lead_down_with_their_glue);
	suite_add_tcase(s, tc);
	tc = tcase_create("refuse");
	tcase_add_test(tc, test_referral_upward_to_itself_or_sideways_is_refused);
	tcase_add_test(tc, test_ds_is_not_referred_to_the_child_itself);
	tcase_add_test(tc, test_lame_reply_without_ns_is_refused);
	tcase_add_test(tc, test_answers_go_to_the_validator_as_they_are);
	tcase_add_test(tc, test_reply_to_another_question_or_garbage_is_refused);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(referral_suite)
