/* The trace recorder (struct val_trace): what val_validate records about
 * each link it checks.  The chains are signed here, with Ed25519 keys
 * from fixed seeds (RFC 8032 signatures are deterministic), so every run
 * sees the same bytes:
 *
 *     test.            trust anchor (its key as a DNSKEY anchor)
 *     a.test.          DS in test.
 *     b.a.test.        DS in a.test.; www.b.a.test. A 192.0.2.1
 *
 * Each zone has one key, flags 257, that signs everything of the zone.
 * Responses are what a resolver returns to DO+CD queries (OPT with DO).
 * Signatures are valid 20250101 .. 20350101; the tests run at 20260101. */
#include <openssl/evp.h>
#include <string.h>

#include "msgbuild.h"
#include "testutil.h"

#define NOW "20260101000000"
#define INCEPTION "20250101000000"
#define EXPIRATION "20350101000000"

struct key {
	EVP_PKEY *pkey;
	uint8_t rdata[4 + 32];	/* DNSKEY RDATA: flags 257, protocol 3, algorithm 15, key */
	uint16_t tag;
};

static void key_make(struct key *k, uint8_t seed_byte)
{
	uint8_t seed[32];
	memset(seed, seed_byte, sizeof seed);
	k->pkey = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, seed, sizeof seed);
	ck_assert_ptr_nonnull(k->pkey);
	size_t len = 32;
	k->rdata[0] = 1;
	k->rdata[1] = 1;
	k->rdata[2] = 3;
	k->rdata[3] = 15;
	ck_assert_int_eq(EVP_PKEY_get_raw_public_key(k->pkey, k->rdata + 4, &len), 1);
	k->tag = val_keytag(k->rdata, sizeof k->rdata);
}

/* One record to put in a message, signed by `signer` with `key` unless key
 * is NULL. */
struct rec {
	const char *owner;
	uint16_t type;
	const uint8_t *rdata;
	size_t rdlen;
	const struct key *key;
	const char *signer;
	uint8_t labels;		/* RRSIG labels field; 0: the owner's label count */
};

static void put_rr(struct mb *m, const uint8_t *owner, uint16_t type, const uint8_t *rdata, size_t rdlen)
{
	mb_raw(m, owner, val_name_len(owner));
	mb_rrhead(m, type, 3600, (unsigned)rdlen);
	mb_raw(m, rdata, rdlen);
}

/* The record and, when signed, its RRSIG (RFC 4034 §3.1.8.1: RRSIG RDATA
 * without the signature, then the one record in canonical form; every
 * owner here is lower case already). */
static void put_rec(struct mb *m, const struct rec *r)
{
	uint8_t owner[VAL_NAME_MAX];
	memcpy(owner, tu_name(r->owner), VAL_NAME_MAX);
	put_rr(m, owner, r->type, r->rdata, r->rdlen);
	if (!r->key)
		return;
	struct mb *sig = calloc(1, sizeof *sig);
	ck_assert_ptr_nonnull(sig);
	mb_u16(sig, r->type);
	mb_u8(sig, 15);
	mb_u8(sig, r->labels ? r->labels : val_name_labels(owner));
	mb_u32(sig, 3600);
	mb_u32(sig, (uint32_t)tu_time(EXPIRATION));
	mb_u32(sig, (uint32_t)tu_time(INCEPTION));
	mb_u16(sig, r->key->tag);
	mb_name(sig, r->signer);
	size_t fields = sig->n;
	struct mb *data = calloc(1, sizeof *data);
	ck_assert_ptr_nonnull(data);
	mb_raw(data, sig->b, fields);
	put_rr(data, owner, r->type, r->rdata, r->rdlen);
	size_t siglen = 64;
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	ck_assert_int_eq(EVP_DigestSignInit(md, NULL, NULL, NULL, r->key->pkey), 1);
	ck_assert_int_eq(EVP_DigestSign(md, sig->b + fields, &siglen, data->b, data->n), 1);
	EVP_MD_CTX_free(md);
	sig->n += siglen;
	put_rr(m, owner, VAL_T_RRSIG, sig->b, sig->n);
	free(sig);
	free(data);
}

/* A response to (qname, qtype): answer and authority records, then OPT
 * with DO.  rcode 3 is NXDOMAIN. */
static struct val_msg *response(const char *qname, uint16_t qtype, unsigned rcode, const struct rec *an, size_t nan,
				const struct rec *ns, size_t nns)
{
	struct mb *m = calloc(1, sizeof *m);
	ck_assert_ptr_nonnull(m);
	mb_header(m, 1, 0, 0, 1);
	m->b[3] = (uint8_t)(0x90 | rcode); /* RA CD, RCODE */
	mb_name(m, qname);
	mb_u16(m, qtype);
	mb_u16(m, VAL_C_IN);
	unsigned count[2] = { 0, 0 };
	for (size_t i = 0; i < nan + nns; i++) {
		const struct rec *r = i < nan ? &an[i] : &ns[i - nan];
		put_rec(m, r);
		count[i < nan ? 0 : 1] += r->key ? 2 : 1;
	}
	m->b[6] = (uint8_t)(count[0] >> 8), m->b[7] = (uint8_t)count[0];
	m->b[8] = (uint8_t)(count[1] >> 8), m->b[9] = (uint8_t)count[1];
	mb_u8(m, 0); /* OPT: root owner, payload 1232, DO */
	mb_rrhead_c(m, VAL_T_OPT, 1232, 0x8000, 0);
	struct val_msg *msg = NULL;
	const char *err = NULL;
	ck_assert_msg(val_msg_parse(m->b, m->n, &msg, &err) == 0, "built message does not parse: %s", err);
	free(m);
	return msg;
}

/* DS RDATA for key k of zone (digest type 2, SHA-256 over owner | DNSKEY). */
static void ds_make(uint8_t out[4 + 32], const char *zone, const struct key *k)
{
	uint8_t buf[VAL_NAME_MAX + sizeof k->rdata];
	const uint8_t *owner = tu_name(zone);
	size_t n = val_name_len(owner);
	memcpy(buf, owner, n);
	memcpy(buf + n, k->rdata, sizeof k->rdata);
	out[0] = (uint8_t)(k->tag >> 8);
	out[1] = (uint8_t)k->tag;
	out[2] = 15;
	out[3] = 2;
	unsigned int len = 32;
	ck_assert_int_eq(EVP_Digest(buf, n + sizeof k->rdata, out + 4, &len, EVP_sha256(), NULL), 1);
}

/* ------------------------------------------------------------------ */
/* The lab in a test                                                    */

struct world {
	struct key test, a, b, old;
	struct val_msg *msgs[200];
	struct val_response resp[200];
	size_t n;
	struct val_msg *anchor_msg;
	const struct val_rr *anchors[1];
	struct val_policy pol;
	struct val_ctx vc;
	struct val_trace *trace;
	struct val_answer ans;
};

static void add(struct world *w, const char *qname, uint16_t qtype, unsigned rcode, const struct rec *an, size_t nan,
		const struct rec *ns, size_t nns)
{
	ck_assert_uint_lt(w->n, 200);
	struct val_msg *m = response(qname, qtype, rcode, an, nan, ns, nns);
	w->msgs[w->n] = m;
	w->resp[w->n] = (struct val_response){ .qname = m->qname, .qtype = qtype, .msg = m, .server = "192.0.2.53" };
	w->n++;
}

static void keys_and_anchor(struct world *w)
{
	key_make(&w->test, 1);
	key_make(&w->a, 2);
	key_make(&w->b, 3);
	key_make(&w->old, 4);
	struct rec anchor = { "test.", VAL_T_DNSKEY, w->test.rdata, sizeof w->test.rdata, NULL, NULL, 0 };
	w->anchor_msg = response("test.", VAL_T_DNSKEY, 0, &anchor, 1, NULL, 0);
	w->anchors[0] = &w->anchor_msg->rrs[0];
	w->pol = (struct val_policy){ .anchors = w->anchors, .nanchors = 1 };
	w->trace = calloc(1, sizeof *w->trace);
	ck_assert_ptr_nonnull(w->trace);
}

/* The chain of www.b.a.test. A; ds_b_key: the key b.a.test.'s DS is made
 * from (w->b, or w->old for a KSK rolled without a DS update); bad_answer:
 * the answer is signed by the wrong key (the RRSIG does not verify). */
static void chain(struct world *w, const struct key *ds_b_key, bool bad_answer)
{
	static const uint8_t addr[4] = { 192, 0, 2, 1 };
	uint8_t ds_a[36], ds_b[36];
	keys_and_anchor(w);
	ds_make(ds_a, "a.test.", &w->a);
	ds_make(ds_b, "b.a.test.", ds_b_key);
	const struct rec www = { "www.b.a.test.", VAL_T_A, addr, 4, &w->b, "b.a.test.", 0 };
	/* the old key's tag, so that the RRSIG names a key of the set */
	struct key forged = w->old;
	forged.tag = w->b.tag;
	const struct rec www_bad = { "www.b.a.test.", VAL_T_A, addr, 4, &forged, "b.a.test.", 0 };
	add(w, "www.b.a.test.", VAL_T_A, 0, bad_answer ? &www_bad : &www, 1, NULL, 0);
	const struct rec k_test = { "test.", VAL_T_DNSKEY, w->test.rdata, 36, &w->test, "test.", 0 };
	add(w, "test.", VAL_T_DNSKEY, 0, &k_test, 1, NULL, 0);
	const struct rec r_ds_a = { "a.test.", VAL_T_DS, ds_a, 36, &w->test, "test.", 0 };
	add(w, "a.test.", VAL_T_DS, 0, &r_ds_a, 1, NULL, 0);
	const struct rec k_a = { "a.test.", VAL_T_DNSKEY, w->a.rdata, 36, &w->a, "a.test.", 0 };
	add(w, "a.test.", VAL_T_DNSKEY, 0, &k_a, 1, NULL, 0);
	const struct rec r_ds_b = { "b.a.test.", VAL_T_DS, ds_b, 36, &w->a, "a.test.", 0 };
	add(w, "b.a.test.", VAL_T_DS, 0, &r_ds_b, 1, NULL, 0);
	const struct rec k_b = { "b.a.test.", VAL_T_DNSKEY, w->b.rdata, 36, &w->b, "b.a.test.", 0 };
	add(w, "b.a.test.", VAL_T_DNSKEY, 0, &k_b, 1, NULL, 0);
	/* www.b.a.test. NSEC b.a.test. (A RRSIG NSEC): no DS, no NS at the
	 * owner, so b.a.test. holds it (the zone comes from the owner, never
	 * from the RRSIG's signer) */
	static const uint8_t bitmap[] = { 0, 6, 0x40, 0, 0, 0, 0, 0x03 };
	uint8_t nsec[VAL_NAME_MAX + sizeof bitmap];
	size_t nl = val_name_len(tu_name("b.a.test."));
	memcpy(nsec, tu_name("b.a.test."), nl);
	memcpy(nsec + nl, bitmap, sizeof bitmap);
	const struct rec ds_www = { "www.b.a.test.", VAL_T_NSEC, nsec, nl + sizeof bitmap, &w->b, "b.a.test.", 0 };
	add(w, "www.b.a.test.", VAL_T_DS, 0, NULL, 0, &ds_www, 1);
}

static enum val_verdict run(struct world *w, const char *qname, uint16_t qtype)
{
	struct val_need needs[VAL_QUERIES_MAX];
	size_t nneeds;
	uint8_t q[VAL_NAME_MAX];
	memcpy(q, tu_name(qname), VAL_NAME_MAX);
	if (w->vc.now == 0) {
		val_ctx_init(&w->vc, tu_time(NOW));
		w->vc.trace = w->trace;
	}
	enum val_verdict v = val_validate(&w->vc, &w->pol, q, qtype, w->resp, w->n, &w->ans, needs, &nneeds);
	char ns[VAL_NAME_STR_MAX] = "";
	if (nneeds)
		val_name_str(needs[0].name, ns);
	ck_assert_msg(nneeds == 0, "still needs %zu queries, the first %s type %u", nneeds, ns,
		      nneeds ? needs[0].type : 0);
	return v;
}

static void world_free(struct world *w)
{
	for (size_t i = 0; i < w->n; i++)
		val_msg_free(w->msgs[i]);
	val_msg_free(w->anchor_msg);
	EVP_PKEY_free(w->test.pkey);
	EVP_PKEY_free(w->a.pkey);
	EVP_PKEY_free(w->b.pkey);
	EVP_PKEY_free(w->old.pkey);
	free(w->trace);
}

static size_t count(const struct val_trace *t, enum val_link_kind kind, const char *name)
{
	size_t n = 0;
	for (size_t i = 0; i < t->n; i++)
		n += t->link[i].kind == kind && val_name_eq(t->link[i].name, tu_name(name));
	return n;
}

static void assert_link(const struct val_link *l, enum val_link_kind kind, const char *zone, const char *name,
			uint16_t type, enum val_verdict v)
{
	char zs[VAL_NAME_STR_MAX], ns[VAL_NAME_STR_MAX];
	ck_assert_msg(l->kind == kind && val_name_eq(l->zone, tu_name(zone)) && val_name_eq(l->name, tu_name(name)) &&
			      l->type == type && l->verdict == v,
		      "link kind %u zone %s name %s type %u verdict %s (%s), expected kind %u %s %s %u %s", l->kind,
		      val_name_str(l->zone, zs), val_name_str(l->name, ns), l->type, val_verdict_str(l->verdict), val_reason_str(&l->reason),
		      kind, zone, name, type, val_verdict_str(v));
}

/* ------------------------------------------------------------------ */

START_TEST(test_context_keeps_no_trace_unless_given_one)
{
	struct val_ctx vc;
	memset(&vc, 0xff, sizeof vc);
	val_ctx_init(&vc, 1);
	ck_assert_ptr_null(vc.trace);
}
END_TEST

START_TEST(test_secure_chain_records_one_ds_and_one_dnskey_link_per_zone_in_order)
{
	struct world *w = calloc(1, sizeof *w);
	chain(w, &w->b, false);
	ck_assert_int_eq(run(w, "www.b.a.test.", VAL_T_A), VAL_SECURE);
	const struct val_trace *t = w->trace;
	ck_assert_uint_eq(t->n, 7);
	ck_assert_uint_eq(t->dropped, 0);
	assert_link(&t->link[0], VAL_LINK_ANCHOR, "test.", "test.", VAL_T_DNSKEY, VAL_SECURE);
	assert_link(&t->link[1], VAL_LINK_DS, "test.", "a.test.", VAL_T_DS, VAL_SECURE);
	assert_link(&t->link[2], VAL_LINK_DNSKEY, "a.test.", "a.test.", VAL_T_DNSKEY, VAL_SECURE);
	assert_link(&t->link[3], VAL_LINK_DS, "a.test.", "b.a.test.", VAL_T_DS, VAL_SECURE);
	assert_link(&t->link[4], VAL_LINK_DNSKEY, "b.a.test.", "b.a.test.", VAL_T_DNSKEY, VAL_SECURE);
	/* the owner's DS denial: b.a.test. holds www.b.a.test. */
	assert_link(&t->link[5], VAL_LINK_DENIAL, "b.a.test.", "www.b.a.test.", VAL_T_DS, VAL_SECURE);
	assert_link(&t->link[6], VAL_LINK_ANSWER, "b.a.test.", "www.b.a.test.", VAL_T_A, VAL_SECURE);
	for (const char *const *z = (const char *const[]){ "a.test.", "b.a.test.", NULL }; *z; z++) {
		ck_assert_uint_eq(count(t, VAL_LINK_DS, *z), 1);
		ck_assert_uint_eq(count(t, VAL_LINK_DNSKEY, *z), 1);
	}
	/* What vouched for each key set, and what matched. */
	ck_assert_uint_eq(t->link[0].ntrust, 1);
	ck_assert_ptr_eq(t->link[0].trust[0], w->anchors[0]);
	ck_assert_uint_eq(t->link[0].trust_matched, 1);
	ck_assert_uint_eq(t->link[2].ntrust, 1);
	ck_assert_ptr_eq(t->link[2].trust[0], t->link[1].set->rrs[0]); /* the DS RRset of the link before */
	ck_assert_uint_eq(t->link[2].trust_matched, 1);
	ck_assert_uint_eq(t->link[4].trust_matched, 1);
	/* The RRSIG that verified each link, with its window. */
	ck_assert_uint_eq(t->link[0].sig.key_tag, w->test.tag);
	ck_assert_uint_eq(t->link[1].sig.key_tag, w->test.tag);
	ck_assert_uint_eq(t->link[3].sig.key_tag, w->a.tag);
	ck_assert_uint_eq(t->link[6].sig.key_tag, w->b.tag);
	ck_assert_uint_eq(t->link[6].sig.algorithm, 15);
	ck_assert_uint_eq(t->link[6].sig.inception, (uint32_t)tu_time(INCEPTION));
	ck_assert_uint_eq(t->link[6].sig.expiration, (uint32_t)tu_time(EXPIRATION));
	ck_assert_ptr_eq(t->link[6].set, w->ans.rrset);
	for (size_t i = 0; i < t->n; i++)
		ck_assert_msg(t->link[i].reason.text[0] == '\0' && t->link[i].reason.ede == 0, "secure link %zu has a reason", i);
	world_free(w);
	free(w);
}
END_TEST

START_TEST(test_ds_matching_no_key_marks_exactly_the_dnskey_link_of_that_zone)
{
	struct world *w = calloc(1, sizeof *w);
	chain(w, &w->old, false); /* b.a.test.'s KSK rolled, its parent still has the old DS */
	ck_assert_int_eq(run(w, "www.b.a.test.", VAL_T_A), VAL_BOGUS);
	const struct val_trace *t = w->trace;
	ck_assert_uint_eq(t->n, 5); /* the walk stops at the broken link: no answer link */
	size_t broken = 0;
	for (size_t i = 0; i < t->n; i++)
		broken += t->link[i].verdict != VAL_SECURE;
	ck_assert_uint_eq(broken, 1);
	const struct val_link *l = &t->link[4];
	assert_link(l, VAL_LINK_DNSKEY, "b.a.test.", "b.a.test.", VAL_T_DNSKEY, VAL_BOGUS);
	ck_assert_uint_eq(l->reason.ede, EDE_DNSKEY_MISSING);
	ck_assert_str_eq(val_reason_str(&l->reason), val_reason_str(&w->ans.reason));
	ck_assert_uint_eq(l->ntrust, 1);
	ck_assert_uint_eq(l->trust_matched, 0);
	struct val_ds ds;
	ck_assert_int_eq(val_rdata_ds(l->trust[0], &ds), 0);
	ck_assert_uint_eq(ds.key_tag, w->old.tag);
	world_free(w);
	free(w);
}
END_TEST

START_TEST(test_bad_answer_signature_marks_exactly_the_answer_link)
{
	struct world *w = calloc(1, sizeof *w);
	chain(w, &w->b, true);
	ck_assert_int_eq(run(w, "www.b.a.test.", VAL_T_A), VAL_BOGUS);
	const struct val_trace *t = w->trace;
	ck_assert_uint_eq(t->n, 7);
	for (size_t i = 0; i < 6; i++)
		ck_assert_int_eq(t->link[i].verdict, VAL_SECURE);
	assert_link(&t->link[6], VAL_LINK_ANSWER, "b.a.test.", "www.b.a.test.", VAL_T_A, VAL_BOGUS);
	ck_assert_msg(strstr(val_reason_str(&t->link[6].reason), "does not verify"), "why: %s", val_reason_str(&t->link[6].reason));
	world_free(w);
	free(w);
}
END_TEST

START_TEST(test_each_call_replaces_the_trace_with_its_own_walk)
{
	struct world *w = calloc(1, sizeof *w);
	chain(w, &w->b, false);
	ck_assert_int_eq(run(w, "www.b.a.test.", VAL_T_A), VAL_SECURE);
	ck_assert_int_eq(run(w, "www.b.a.test.", VAL_T_A), VAL_SECURE);
	ck_assert_uint_eq(w->trace->n, 7);
	/* a call that still needs data leaves only what it walked: nothing */
	struct val_need needs[VAL_QUERIES_MAX];
	size_t nneeds;
	uint8_t q[VAL_NAME_MAX];
	memcpy(q, tu_name("www.b.a.test."), VAL_NAME_MAX);
	ck_assert_int_eq(val_validate(&w->vc, &w->pol, q, VAL_T_A, NULL, 0, &w->ans, needs, &nneeds), VAL_UNCHECKED);
	ck_assert_uint_eq(w->trace->n, 0);
	world_free(w);
	free(w);
}
END_TEST

START_TEST(test_nxdomain_records_the_denial_link_with_the_nsec_that_proved_it)
{
	struct world *w = calloc(1, sizeof *w);
	chain(w, &w->b, false);
	/* b.a.test. NSEC www.b.a.test. (NS SOA RRSIG NSEC DNSKEY): covers
	 * nope.b.a.test. and the wildcard *.b.a.test. */
	uint8_t nsec[64];
	const uint8_t *next = tu_name("www.b.a.test.");
	size_t nl = val_name_len(next);
	memcpy(nsec, next, nl);
	static const uint8_t bitmap[] = { 0, 7, 0x22, 0, 0, 0, 0, 0x03, 0x80 };
	memcpy(nsec + nl, bitmap, sizeof bitmap);
	const struct rec proof = { "b.a.test.", VAL_T_NSEC, nsec, nl + sizeof bitmap, &w->b, "b.a.test.", 0 };
	add(w, "nope.b.a.test.", VAL_T_A, 3, NULL, 0, &proof, 1);
	add(w, "nope.b.a.test.", VAL_T_DS, 3, NULL, 0, &proof, 1);
	add(w, "nope.b.a.test.", VAL_T_DNSKEY, 3, NULL, 0, &proof, 1);
	ck_assert_int_eq(run(w, "nope.b.a.test.", VAL_T_A), VAL_SECURE);
	ck_assert_uint_eq(w->ans.rcode, 3);
	const struct val_trace *t = w->trace;
	/* anchor, DS+DNSKEY a, DS+DNSKEY b, then the NXDOMAIN proof.  The
	 * DS answer of nope is not looked at: b.a.test.'s proof that nope
	 * does not exist already shows that no cut lies there. */
	ck_assert_uint_eq(t->n, 6);
	ck_assert_uint_eq(count(t, VAL_LINK_DENIAL, "nope.b.a.test."), 1);
	const struct val_link *l = &t->link[5];
	assert_link(l, VAL_LINK_DENIAL, "b.a.test.", "nope.b.a.test.", VAL_T_A, VAL_SECURE);
	ck_assert_int_eq(l->deny, VAL_DENY_NXDOMAIN);
	ck_assert_uint_eq(l->nproof, 1);
	ck_assert_uint_eq(l->proof[0]->type, VAL_T_NSEC);
	ck_assert(val_name_eq(l->proof[0]->owner, tu_name("b.a.test.")));
	ck_assert(!l->delegation && !l->optout);
	world_free(w);
	free(w);
}
END_TEST

START_TEST(test_cname_chain_through_one_zone_records_each_link_once)
{
	struct world *w = calloc(1, sizeof *w);
	chain(w, &w->b, false);
	static const uint8_t addr[4] = { 192, 0, 2, 1 };
	const uint8_t *target = tu_name("www.b.a.test.");
	const struct rec an[] = {
		{ "alias.b.a.test.", VAL_T_CNAME, target, val_name_len(target), &w->b, "b.a.test.", 0 },
		{ "www.b.a.test.", VAL_T_A, addr, 4, &w->b, "b.a.test.", 0 },
	};
	add(w, "alias.b.a.test.", VAL_T_A, 0, an, 2, NULL, 0);
	ck_assert_int_eq(run(w, "alias.b.a.test.", VAL_T_A), VAL_SECURE);
	const struct val_trace *t = w->trace;
	/* the chain of b.a.test. once, though both links live there; a CNAME
	 * owner is never a cut, so only the target's DS denial is a link */
	ck_assert_uint_eq(t->n, 8);
	ck_assert_uint_eq(count(t, VAL_LINK_ANCHOR, "test."), 1);
	ck_assert_uint_eq(count(t, VAL_LINK_DNSKEY, "b.a.test."), 1);
	assert_link(&t->link[5], VAL_LINK_ALIAS, "b.a.test.", "alias.b.a.test.", VAL_T_CNAME, VAL_SECURE);
	assert_link(&t->link[6], VAL_LINK_DENIAL, "b.a.test.", "www.b.a.test.", VAL_T_DS, VAL_SECURE);
	assert_link(&t->link[7], VAL_LINK_ANSWER, "b.a.test.", "www.b.a.test.", VAL_T_A, VAL_SECURE);
	world_free(w);
	free(w);
}
END_TEST

/* More links than the trace holds: a name 70 labels below b.a.test.,
 * whose own DS answer comes with an unsigned NSEC, so that the walk
 * cannot take the owner's proof at once and proves "no DS here" at every
 * label, then fails at the owner. */
START_TEST(test_trace_holds_at_most_its_limit_and_keeps_the_last_link)
{
	struct world *w = calloc(1, sizeof *w);
	chain(w, &w->b, false);
	enum { DEEP = 70 };
	char name[DEEP * 2 + 16] = "b.a.test.";
	static const uint8_t addr[4] = { 192, 0, 2, 2 };
	for (int i = 0; i < DEEP; i++) {
		char next[sizeof name];
		snprintf(next, sizeof next, "x.%s", name);
		memcpy(name, next, sizeof name);
		/* NSEC at the name itself (A RRSIG NSEC): no DS, no NS */
		static const uint8_t bitmap[] = { 0, 6, 0x40, 0, 0, 0, 0, 0x03 };
		uint8_t nsec[VAL_NAME_MAX + sizeof bitmap];
		const uint8_t *nx = tu_name("zz.b.a.test.");
		size_t nl = val_name_len(nx);
		memcpy(nsec, nx, nl);
		memcpy(nsec + nl, bitmap, sizeof bitmap);
		const struct rec proof = { name, VAL_T_NSEC, nsec, nl + sizeof bitmap, i + 1 < DEEP ? &w->b : NULL,
					   i + 1 < DEEP ? "b.a.test." : NULL, 0 };
		add(w, name, VAL_T_DS, 0, NULL, 0, &proof, 1);
		/* asked for by the plan, never used: no zone cut here */
		size_t k = w->n++;
		w->msgs[k] = NULL;
		w->resp[k] = (struct val_response){ .qname = w->msgs[k - 1]->qname, .qtype = VAL_T_DNSKEY,
						    .failure = "not needed" };
	}
	const struct rec unsigned_a = { name, VAL_T_A, addr, 4, NULL, NULL, 0 };
	add(w, name, VAL_T_A, 0, &unsigned_a, 1, NULL, 0);
	val_ctx_init(&w->vc, tu_time(NOW));
	w->vc.trace = w->trace;
	w->vc.sig_budget = 1000; /* past the KeyTrap budget, to reach the trace's limit */
	ck_assert_int_eq(run(w, name, VAL_T_A), VAL_BOGUS);
	const struct val_trace *t = w->trace;
	/* anchor, DS+DNSKEY a, DS+DNSKEY b, DEEP denials, the last broken */
	ck_assert_uint_eq(t->n, VAL_TRACE_MAX);
	ck_assert_uint_eq(t->dropped, 5 + DEEP - VAL_TRACE_MAX);
	assert_link(&t->link[0], VAL_LINK_ANCHOR, "test.", "test.", VAL_T_DNSKEY, VAL_SECURE);
	assert_link(&t->link[VAL_TRACE_MAX - 2], VAL_LINK_DENIAL, "b.a.test.",
		    name + 2 * (DEEP - (VAL_TRACE_MAX - 2 - 5) - 1), VAL_T_DS, VAL_SECURE);
	assert_link(&t->link[VAL_TRACE_MAX - 1], VAL_LINK_DENIAL, "b.a.test.", name, VAL_T_DS, VAL_BOGUS);
	ck_assert_uint_eq(t->link[VAL_TRACE_MAX - 1].reason.ede, EDE_RRSIGS_MISSING);
	world_free(w);
	free(w);
}
END_TEST

/* The NXDOMAIN answer of nope.b.a.test. A, proven by b.a.test.'s NSEC. */
static void nope_nxdomain(struct world *w, struct rec *proof, uint8_t nsec[64])
{
	chain(w, &w->b, false);
	const uint8_t *next = tu_name("www.b.a.test.");
	size_t nl = val_name_len(next);
	static const uint8_t bitmap[] = { 0, 7, 0x22, 0, 0, 0, 0, 0x03, 0x80 };
	memcpy(nsec, next, nl);
	memcpy(nsec + nl, bitmap, sizeof bitmap);
	*proof = (struct rec){ "b.a.test.", VAL_T_NSEC, nsec, nl + sizeof bitmap, &w->b, "b.a.test.", 0 };
	add(w, "nope.b.a.test.", VAL_T_A, 3, NULL, 0, proof, 1);
}

/* Issue 16: a caching stub replays the NXDOMAIN packet of nope's A
 * question to its DS query; c-ares drops it, the DS is never answered.
 * The verdict needs no DS of nope and must not wait for it. */
START_TEST(test_nxdomain_is_decided_while_the_ds_of_the_missing_name_is_still_out)
{
	struct world *w = calloc(1, sizeof *w);
	struct rec proof;
	uint8_t nsec[64];
	nope_nxdomain(w, &proof, nsec);
	/* run() fails the test if anything is still needed */
	ck_assert_int_eq(run(w, "nope.b.a.test.", VAL_T_A), VAL_SECURE);
	ck_assert_uint_eq(w->ans.rcode, 3);
	world_free(w);
	free(w);
}
END_TEST

START_TEST(test_nxdomain_stands_when_the_ds_of_the_missing_name_got_no_answer)
{
	struct world *w = calloc(1, sizeof *w);
	struct rec proof;
	uint8_t nsec[64];
	nope_nxdomain(w, &proof, nsec);
	w->resp[w->n++] = (struct val_response){ .qname = tu_name("nope.b.a.test."), .qtype = VAL_T_DS,
						 .server = "192.0.2.53", .failure = "no answer (timed out)" };
	ck_assert_int_eq(run(w, "nope.b.a.test.", VAL_T_A), VAL_SECURE);
	ck_assert_uint_eq(w->ans.rcode, 3);
	world_free(w);
	free(w);
}
END_TEST

/* The NXDOMAIN shortcut proves only what the zone signed: an answer
 * whose NSEC does not verify is still bogus, DS or not. */
START_TEST(test_nxdomain_with_a_bad_proof_is_bogus_without_the_ds_too)
{
	struct world *w = calloc(1, sizeof *w);
	chain(w, &w->b, false);
	uint8_t nsec[64];
	const uint8_t *next = tu_name("www.b.a.test.");
	size_t nl = val_name_len(next);
	static const uint8_t bitmap[] = { 0, 7, 0x22, 0, 0, 0, 0, 0x03, 0x80 };
	memcpy(nsec, next, nl);
	memcpy(nsec + nl, bitmap, sizeof bitmap);
	struct key forged = w->old;
	forged.tag = w->b.tag;
	const struct rec proof = { "b.a.test.", VAL_T_NSEC, nsec, nl + sizeof bitmap, &forged, "b.a.test.", 0 };
	add(w, "nope.b.a.test.", VAL_T_A, 3, NULL, 0, &proof, 1);
	w->resp[w->n++] = (struct val_response){ .qname = tu_name("nope.b.a.test."), .qtype = VAL_T_DS,
						 .server = "192.0.2.53", .failure = "no answer (timed out)" };
	enum val_verdict v = run(w, "nope.b.a.test.", VAL_T_A);
	ck_assert_msg(v == VAL_BOGUS || v == VAL_INDETERMINATE, "verdict %d: %s", v, val_reason_str(&w->ans.reason));
	ck_assert_int_ne(v, VAL_SECURE);
	world_free(w);
	free(w);
}
END_TEST

/* An authoritative server used as upstream answers a DNSKEY query for a
 * zone below it with a referral (NS, no SOA, no answer): the data could
 * not be had from it, which is indeterminate, not "no DNSKEY" (bogus). */
START_TEST(test_a_referral_is_indeterminate_and_says_so)
{
	struct world *w = calloc(1, sizeof *w);
	chain(w, &w->b, false);
	size_t i;
	for (i = 0; i < w->n; i++)
		if (w->resp[i].qtype == VAL_T_DNSKEY && val_name_eq(w->resp[i].qname, tu_name("b.a.test.")))
			break;
	ck_assert_uint_lt(i, w->n);
	val_msg_free(w->msgs[i]);
	const uint8_t *nsname = tu_name("ns.b.a.test.");
	const struct rec ns = { "b.a.test.", VAL_T_NS, nsname, val_name_len(nsname), NULL, NULL, 0 };
	w->msgs[i] = response("b.a.test.", VAL_T_DNSKEY, 0, NULL, 0, &ns, 1);
	w->resp[i].qname = w->msgs[i]->qname;
	w->resp[i].msg = w->msgs[i];
	ck_assert_int_eq(run(w, "www.b.a.test.", VAL_T_A), VAL_INDETERMINATE);
	ck_assert_msg(strstr(val_reason_str(&w->ans.reason), "with a referral to b.a.test.") != NULL, "%s", val_reason_str(&w->ans.reason));
	ck_assert_msg(strstr(val_reason_str(&w->ans.reason), "192.0.2.53") != NULL, "%s", val_reason_str(&w->ans.reason));
	world_free(w);
	free(w);
}
END_TEST

static Suite *trace_suite(void)
{
	Suite *s = suite_create("trace");
	TCase *tc = tcase_create("val_validate with a trace");
	tcase_add_test(tc, test_context_keeps_no_trace_unless_given_one);
	tcase_add_test(tc, test_secure_chain_records_one_ds_and_one_dnskey_link_per_zone_in_order);
	tcase_add_test(tc, test_ds_matching_no_key_marks_exactly_the_dnskey_link_of_that_zone);
	tcase_add_test(tc, test_bad_answer_signature_marks_exactly_the_answer_link);
	tcase_add_test(tc, test_each_call_replaces_the_trace_with_its_own_walk);
	tcase_add_test(tc, test_nxdomain_records_the_denial_link_with_the_nsec_that_proved_it);
	tcase_add_test(tc, test_cname_chain_through_one_zone_records_each_link_once);
	tcase_add_test(tc, test_trace_holds_at_most_its_limit_and_keeps_the_last_link);
	tcase_add_test(tc, test_nxdomain_is_decided_while_the_ds_of_the_missing_name_is_still_out);
	tcase_add_test(tc, test_nxdomain_stands_when_the_ds_of_the_missing_name_got_no_answer);
	tcase_add_test(tc, test_nxdomain_with_a_bad_proof_is_bogus_without_the_ds_too);
	tcase_add_test(tc, test_a_referral_is_indeterminate_and_says_so);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(trace_suite)
