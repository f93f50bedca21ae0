/* tests/unit/test_denial.c: val_denial_check on recorded responses with a
 * fixed clock: the made-up signed zones of tests/unit/data/attack/ (see its
 * README.md, made by tests/unit/vectors/gen_attacks.py), one test per case,
 * and the RFC 4035 / RFC 5155 Appendix B responses. */
#include <stdio.h>
#include <string.h>

#include "testutil.h"

#define NOW "20260101000000"
#define RFC4035_NOW "20040420000000"
#define RFC5155_NOW "20100101000000"

/* One denial check: the inputs, and what val_denial_check said. */
struct run {
	const char *file;	/* under tests/unit/data/attack/, without ".msg" */
	const char *zone;	/* the zone that must sign the proof */
	enum val_deny want;
	const char *qname;
	uint16_t qtype;
	uint8_t labels;
	/* Out. */
	enum val_verdict v;
	struct val_ctx vc;
	struct val_denial d;
};

static void name_copy(uint8_t out[VAL_NAME_MAX], const char *str)
{
	const uint8_t *n = tu_name(str);
	memcpy(out, n, val_name_len(n));
}

/* The first DNSKEY of keys with exactly these flags. */
static const struct val_rr *key_with_flags(const struct val_rrset *keys, uint16_t flags)
{
	for (size_t i = 0; i < keys->nrr; i++) {
		struct val_dnskey k;
		if (val_rdata_dnskey(keys->rrs[i], &k) == 0 && k.flags == flags)
			return keys->rrs[i];
	}
	ck_abort_msg("no DNSKEY with flags %u", flags);
	return NULL;
}

/* The DNSKEY RRset of zone from <zone>-dnskey.msg, validated with the
 * zone's KSK as the trust anchor (in a context of its own, so that the
 * denial check's counters start at zero). */
static struct val_msg *zone_keys(const char *zone, const struct val_rrset **keys)
{
	char path[256];
	snprintf(path, sizeof path, "tests/unit/data/attack/%.*s-dnskey.msg", (int)strlen(zone) - 1, zone);
	struct val_msg *m = tu_load_msg(path);
	*keys = tu_find_rrset(m, zone, VAL_T_DNSKEY);
	ck_assert_ptr_nonnull(*keys);
	const struct val_rr *ksk = key_with_flags(*keys, VAL_DNSKEY_ZONE | VAL_DNSKEY_SEP);
	struct val_ctx vc;
	struct val_sigok ok;
	val_ctx_init(&vc, tu_time(NOW));
	enum val_verdict v = val_dnskey_verify(&vc, *keys, tu_name(zone), &ksk, 1, true, &ok);
	ck_assert_msg(v == VAL_SECURE, "DNSKEY of %s: %s (%s)", zone, val_verdict_str(v), vc.reason.text);
	return m;
}

static void run_with(struct run *r, unsigned hash_budget)
{
	char path[256];
	uint8_t zone[VAL_NAME_MAX], qname[VAL_NAME_MAX];
	const struct val_rrset *keys;
	struct val_msg *km = zone_keys(r->zone, &keys);
	snprintf(path, sizeof path, "tests/unit/data/attack/%s.msg", r->file);
	struct val_msg *msg = tu_load_msg(path);
	name_copy(zone, r->zone);
	name_copy(qname, r->qname);
	r->d = (struct val_denial){ .want = r->want, .qname = qname, .qtype = r->qtype, .labels = r->labels };
	val_ctx_init(&r->vc, tu_time(NOW));
	if (hash_budget)
		r->vc.hash_budget = hash_budget;
	r->v = val_denial_check(&r->vc, msg, zone, keys, &r->d);
	r->d.qname = NULL;
	val_msg_free(msg);
	val_msg_free(km);
}

static void run(struct run *r)
{
	run_with(r, 0);
}

/* The labels field of the RRSIG that makes owner/type of a response a
 * wildcard expansion (it must verify, and be one). */
static uint8_t wildcard_labels(const char *file, const char *zone, const char *owner, uint16_t type)
{
	char path[256];
	const struct val_rrset *keys;
	struct val_msg *km = zone_keys(zone, &keys);
	snprintf(path, sizeof path, "tests/unit/data/attack/%s.msg", file);
	struct val_msg *msg = tu_load_msg(path);
	struct val_ctx vc;
	struct val_sigok ok;
	val_ctx_init(&vc, tu_time(NOW));
	const struct val_rrset *set = tu_find_rrset(msg, owner, type);
	ck_assert_ptr_nonnull(set);
	ck_assert_msg(val_rrset_verify(&vc, set, tu_name(zone), keys, &ok) == VAL_SECURE, "%s", vc.reason.text);
	ck_assert(ok.wildcard);
	val_msg_free(msg);
	val_msg_free(km);
	return ok.labels;
}

#define ASSERT_VERDICT(r, want)                                                        \
	ck_assert_msg((r).v == (want), "%s: %s (EDE %u: %s), wanted %s", (r).file,     \
		      val_verdict_str((r).v), (r).vc.reason.ede, (r).vc.reason.text, val_verdict_str(want))
/* Not secure: the verdict, the EDE, the reason's code and the facts it
 * names: the owner it is about and the run's zone.  No sentence: a
 * rewording changes no test. */
#define ASSERT_REASON(r, want, ede_, code_, owner_)                                    \
	do {                                                                           \
		char o_[VAL_NAME_STR_MAX], z_[VAL_NAME_STR_MAX];                       \
		ASSERT_VERDICT(r, want);                                               \
		ck_assert_msg((r).vc.reason.code == (code_), "%s: reason %s, wanted %s (%s)", \
			      (r).file, val_code_name((r).vc.reason.code), val_code_name(code_), \
			      (r).vc.reason.text);                                     \
		ck_assert_msg((r).vc.reason.ede == (ede_), "%s: EDE %u, wanted %u (%s)", \
			      (r).file, (r).vc.reason.ede, (unsigned)(ede_), (r).vc.reason.text); \
		ck_assert_msg(val_name_eq((r).vc.reason.owner, tu_name(owner_)),      \
			      "%s: reason about %s, wanted %s", (r).file,              \
			      val_name_str((r).vc.reason.owner, o_), owner_);          \
		ck_assert_msg(val_name_eq((r).vc.reason.zone, tu_name((r).zone)),     \
			      "%s: reason names zone %s, wanted %s", (r).file,         \
			      val_name_str((r).vc.reason.zone, z_), (r).zone);         \
	} while (0)
#define ASSERT_SECURE(r)                                                               \
	do {                                                                           \
		ASSERT_VERDICT(r, VAL_SECURE);                                         \
		ck_assert(!(r).d.optout);                                              \
		ck_assert_int_eq((r).vc.reason.code, VAL_R_NONE);                      \
	} while (0)
#define HASHES_SPENT(r) (VAL_NSEC3_HASH_BUDGET - (r).vc.hash_budget)

/* ------------------------------------------------------------------ */
/* NSEC: nsec.test.                                                     */

START_TEST(test_nsec_nxdomain_with_the_wildcard_proof_is_secure)
{
	struct run r = { .file = "nsec-nxdomain", .zone = "nsec.test.",
			 .want = VAL_DENY_NXDOMAIN, .qname = "nope.nsec.test.", .qtype = VAL_T_A };
	run(&r);
	ASSERT_SECURE(r);
	ck_assert(!r.d.delegation);
	ck_assert_uint_eq(r.vc.sig_verifications, 2);
	ck_assert_uint_eq(HASHES_SPENT(r), 0);
}
END_TEST

START_TEST(test_nsec_nodata_whose_bitmap_lacks_the_type_is_secure)
{
	struct run r = { .file = "nsec-nodata", .zone = "nsec.test.",
			 .want = VAL_DENY_NODATA, .qname = "a.nsec.test.", .qtype = VAL_T_MX };
	run(&r);
	ASSERT_SECURE(r);
	ck_assert(!r.d.delegation);
	ck_assert_uint_eq(r.vc.sig_verifications, 1);
}
END_TEST

START_TEST(test_nsec_nodata_at_an_empty_non_terminal_is_secure)
{
	struct run r = { .file = "nsec-nodata-ent", .zone = "nsec.test.",
			 .want = VAL_DENY_NODATA, .qname = "ent.nsec.test.", .qtype = VAL_T_A };
	run(&r);
	ASSERT_SECURE(r);
}
END_TEST

START_TEST(test_nsec_nxdomain_for_a_name_its_nsec_shows_is_bogus)
{
	/* The NSEC of a.nsec.test. read as an NXDOMAIN proof for that name. */
	struct run r = { .file = "nsec-nodata", .zone = "nsec.test.",
			 .want = VAL_DENY_NXDOMAIN, .qname = "a.nsec.test.", .qtype = VAL_T_A };
	run(&r);
	ASSERT_REASON(r, VAL_BOGUS, EDE_DNSSEC_BOGUS, VAL_R_NAME_EXISTS, "a.nsec.test.");
}
END_TEST

START_TEST(test_nsec_nxdomain_for_an_empty_non_terminal_is_bogus)
{
	struct run r = { .file = "nsec-nodata-ent", .zone = "nsec.test.",
			 .want = VAL_DENY_NXDOMAIN, .qname = "ent.nsec.test.", .qtype = VAL_T_A };
	run(&r);
	ASSERT_REASON(r, VAL_BOGUS, EDE_DNSSEC_BOGUS, VAL_R_EMPTY_NONTERMINAL, "ent.nsec.test.");
}
END_TEST

START_TEST(test_nsec_wildcard_answer_with_its_no_closer_proof_is_secure)
{
	uint8_t labels = wildcard_labels("nsec-wildcard-answer", "nsec.test.", "y.w.nsec.test.", VAL_T_A);
	ck_assert_uint_eq(labels, 3);
	struct run r = { .file = "nsec-wildcard-answer", .zone = "nsec.test.",
			 .want = VAL_DENY_NO_CLOSER, .qname = "y.w.nsec.test.", .qtype = VAL_T_A,
			 .labels = labels };
	run(&r);
	ASSERT_SECURE(r);
}
END_TEST

START_TEST(test_nsec_wildcard_answer_claimed_from_a_shorter_wildcard_is_bogus)
{
	/* The same proof read as if the answer came from *.nsec.test.: the
	 * NSEC shows w.nsec.test. exists, closer than that wildcard. */
	struct run r = { .file = "nsec-wildcard-answer", .zone = "nsec.test.",
			 .want = VAL_DENY_NO_CLOSER, .qname = "y.w.nsec.test.", .qtype = VAL_T_A, .labels = 2 };
	run(&r);
	ASSERT_REASON(r, VAL_BOGUS, EDE_DNSSEC_BOGUS, VAL_R_CLOSER_NAME, "y.w.nsec.test.");
}
END_TEST

START_TEST(test_nsec_wildcard_nodata_is_secure)
{
	struct run r = { .file = "nsec-wildcard-nodata", .zone = "nsec.test.",
			 .want = VAL_DENY_NODATA, .qname = "y.w.nsec.test.", .qtype = VAL_T_MX };
	run(&r);
	ASSERT_SECURE(r);
	ck_assert_uint_eq(r.vc.sig_verifications, 2);
}
END_TEST

START_TEST(test_nsec_ds_nodata_at_an_unsigned_delegation_is_secure_and_flags_the_delegation)
{
	struct run r = { .file = "nsec-ds-unsigned-delegation", .zone = "nsec.test.",
			 .want = VAL_DENY_NODATA, .qname = "sub.nsec.test.", .qtype = VAL_T_DS };
	run(&r);
	ASSERT_SECURE(r);
	ck_assert(r.d.delegation);
}
END_TEST

START_TEST(test_nsec_replayed_from_another_zone_is_bogus_nsec_missing_without_crypto)
{
	struct run r = { .file = "nsec-replayed-from-other", .zone = "nsec.test.",
			 .want = VAL_DENY_NXDOMAIN, .qname = "nope.nsec.test.", .qtype = VAL_T_A };
	run(&r);
	ASSERT_REASON(r, VAL_BOGUS, EDE_NSEC_MISSING, VAL_R_DENIAL_MISSING, "nope.nsec.test.");
	ck_assert_uint_eq(r.vc.sig_verifications, 0);
}
END_TEST

START_TEST(test_nsec_renamed_into_the_zone_from_another_zone_is_bogus_naming_the_real_signer)
{
	struct run r = { .file = "nsec-replayed-renamed", .zone = "nsec.test.",
			 .want = VAL_DENY_NXDOMAIN, .qname = "nope.nsec.test.", .qtype = VAL_T_A };
	run(&r);
	ASSERT_REASON(r, VAL_BOGUS, EDE_DNSSEC_BOGUS, VAL_R_SIGNER_NOT_ZONE, "b.ent.nsec.test.");
	ck_assert_uint_eq(r.vc.sig_verifications, 0);
}
END_TEST

START_TEST(test_nsec_wildcard_answer_without_proof_is_bogus_nsec_missing)
{
	struct run r = { .file = "nsec-wildcard-no-proof", .zone = "nsec.test.",
			 .want = VAL_DENY_NO_CLOSER, .qname = "y.w.nsec.test.", .qtype = VAL_T_A, .labels = 3 };
	run(&r);
	ASSERT_REASON(r, VAL_BOGUS, EDE_NSEC_MISSING, VAL_R_DENIAL_MISSING, "y.w.nsec.test.");
}
END_TEST

START_TEST(test_wildcard_expanded_nsec_cannot_deny_a_type_at_the_name_it_was_expanded_to)
{
	/* NSEC *.w.nsec.test. (A RRSIG NSEC) expanded to x.w.nsec.test.,
	 * which exists with a TXT record: read as the wildcard's NSEC it
	 * covers nothing up to x.w.nsec.test. */
	struct run r = { .file = "nsec-wildcard-expanded-as-denial", .zone = "nsec.test.",
			 .want = VAL_DENY_NODATA, .qname = "x.w.nsec.test.", .qtype = VAL_T_TXT };
	run(&r);
	ASSERT_REASON(r, VAL_BOGUS, EDE_NSEC_MISSING, VAL_R_NOT_COVERED, "x.w.nsec.test.");
	ck_assert_uint_eq(r.vc.sig_verifications, 1); /* the expanded NSEC does verify */
}
END_TEST

START_TEST(test_nsec_at_a_delegation_proves_nothing_below_the_cut)
{
	struct run r = { .file = "nsec-delegation-denies-below-cut", .zone = "nsec.test.",
			 .want = VAL_DENY_NXDOMAIN, .qname = "host.sub.nsec.test.", .qtype = VAL_T_A };
	run(&r);
	ASSERT_REASON(r, VAL_BOGUS, EDE_NSEC_MISSING, VAL_R_NOT_COVERED, "host.sub.nsec.test.");
}
END_TEST

START_TEST(test_nsec_at_a_delegation_denies_only_the_ds)
{
	struct run r = { .file = "nsec-delegation-nodata-a", .zone = "nsec.test.",
			 .want = VAL_DENY_NODATA, .qname = "sub.nsec.test.", .qtype = VAL_T_A };
	run(&r);
	ASSERT_REASON(r, VAL_BOGUS, EDE_DNSSEC_BOGUS, VAL_R_PARENT_SIDE, "sub.nsec.test.");
	ck_assert(!r.d.delegation);
}
END_TEST

START_TEST(test_nsec_at_a_dname_proves_nothing_below_it)
{
	struct run r = { .file = "nsec-dname-denies-below", .zone = "nsec.test.",
			 .want = VAL_DENY_NXDOMAIN, .qname = "x.dname.nsec.test.", .qtype = VAL_T_A };
	run(&r);
	ASSERT_REASON(r, VAL_BOGUS, EDE_NSEC_MISSING, VAL_R_NOT_COVERED, "x.dname.nsec.test.");
}
END_TEST

START_TEST(test_nsec_nxdomain_without_the_wildcard_proof_is_bogus_nsec_missing)
{
	struct run r = { .file = "nsec-nxdomain-no-wildcard-proof", .zone = "nsec.test.",
			 .want = VAL_DENY_NXDOMAIN, .qname = "nope.nsec.test.", .qtype = VAL_T_A };
	run(&r);
	ASSERT_REASON(r, VAL_BOGUS, EDE_NSEC_MISSING, VAL_R_WILDCARD_NOT_DENIED, "nope.nsec.test.");
}
END_TEST

START_TEST(test_nsec_nodata_whose_nsec_lists_the_type_is_bogus)
{
	struct run r = { .file = "nsec-nodata-type-listed", .zone = "nsec.test.",
			 .want = VAL_DENY_NODATA, .qname = "a.nsec.test.", .qtype = VAL_T_TXT };
	run(&r);
	ASSERT_REASON(r, VAL_BOGUS, EDE_DNSSEC_BOGUS, VAL_R_TYPE_EXISTS, "a.nsec.test.");
}
END_TEST

START_TEST(test_expired_nsec_signatures_are_bogus_ede_7_with_the_date)
{
	struct run r = { .file = "nsec-nxdomain-expired", .zone = "nsec.test.",
			 .want = VAL_DENY_NXDOMAIN, .qname = "nope.nsec.test.", .qtype = VAL_T_A };
	run(&r);
	ASSERT_REASON(r, VAL_BOGUS, EDE_SIGNATURE_EXPIRED, VAL_R_SIG_EXPIRED, "b.ent.nsec.test.");
	ck_assert_uint_eq(r.vc.reason.type, VAL_T_NSEC);
	ck_assert_uint_eq(r.vc.reason.expiration, tu_time("20250101000000"));
	ck_assert_uint_eq(r.vc.sig_verifications, 0);
}
END_TEST

START_TEST(test_not_yet_valid_nsec_signatures_are_bogus_ede_8)
{
	struct run r = { .file = "nsec-nxdomain-not-yet-valid", .zone = "nsec.test.",
			 .want = VAL_DENY_NXDOMAIN, .qname = "nope.nsec.test.", .qtype = VAL_T_A };
	run(&r);
	ASSERT_REASON(r, VAL_BOGUS, EDE_SIGNATURE_NOT_YET_VALID, VAL_R_SIG_NOT_YET, "b.ent.nsec.test.");
	ck_assert_uint_eq(r.vc.reason.inception, tu_time("20270101000000"));
	ck_assert_uint_eq(r.vc.sig_verifications, 0);
}
END_TEST

START_TEST(test_nsec_signed_only_by_a_revoked_key_is_bogus)
{
	struct run r = { .file = "nsec-nxdomain-revoked-key", .zone = "nsec.test.",
			 .want = VAL_DENY_NXDOMAIN, .qname = "nope.nsec.test.", .qtype = VAL_T_A };
	run(&r);
	ASSERT_REASON(r, VAL_BOGUS, EDE_DNSSEC_BOGUS, VAL_R_KEY_REVOKED, "b.ent.nsec.test.");
	ck_assert_uint_ne(r.vc.reason.key_tag, 0); /* the revoked key's */
	ck_assert_uint_eq(r.vc.sig_verifications, 0);
}
END_TEST

START_TEST(test_nsec_signed_only_by_a_key_without_the_zone_bit_is_bogus_ede_11)
{
	struct run r = { .file = "nsec-nxdomain-no-zone-bit", .zone = "nsec.test.",
			 .want = VAL_DENY_NXDOMAIN, .qname = "nope.nsec.test.", .qtype = VAL_T_A };
	run(&r);
	ASSERT_REASON(r, VAL_BOGUS, EDE_NO_ZONE_KEY_BIT, VAL_R_KEY_NOT_ZONE, "b.ent.nsec.test.");
	ck_assert_uint_eq(r.vc.sig_verifications, 0);
}
END_TEST

START_TEST(test_child_apex_nsec_cannot_deny_the_childs_own_ds)
{
	/* Checked as the parent's proof: the NSEC is the child's (signed by
	 * it), so the parent has offered no proof at all. */
	struct run r = { .file = "nsec-child-apex-as-ds-proof", .zone = "nsec.test.",
			 .want = VAL_DENY_NODATA, .qname = "child.nsec.test.", .qtype = VAL_T_DS };
	run(&r);
	ASSERT_REASON(r, VAL_BOGUS, EDE_NSEC_MISSING, VAL_R_DENIAL_MISSING, "child.nsec.test.");
	ck_assert_uint_eq(r.vc.sig_verifications, 0);
	/* Checked as the child's (the zone of the SOA beside it): an apex
	 * record speaks for the child, and the DS lives in the parent. */
	struct run c = { .file = "nsec-child-apex-as-ds-proof", .zone = "child.nsec.test.",
			 .want = VAL_DENY_NODATA, .qname = "child.nsec.test.", .qtype = VAL_T_DS };
	run(&c);
	ASSERT_REASON(c, VAL_BOGUS, EDE_DNSSEC_BOGUS, VAL_R_DS_AT_APEX, "child.nsec.test.");
	ck_assert(!c.d.delegation);
}
END_TEST

/* ------------------------------------------------------------------ */
/* NSEC3: nsec3.test. (salt cafe, 5 iterations: 6 SHA-1 per name)       */

START_TEST(test_nsec3_nxdomain_with_closest_encloser_next_closer_and_wildcard_is_secure)
{
	struct run r = { .file = "nsec3-nxdomain", .zone = "nsec3.test.",
			 .want = VAL_DENY_NXDOMAIN, .qname = "nope.nsec3.test.", .qtype = VAL_T_A };
	run(&r);
	ASSERT_SECURE(r);
	ck_assert_uint_eq(r.vc.sig_verifications, 3);
	/* H(nope) twice at most, H(apex), H(*.apex) */
	ck_assert_uint_ge(HASHES_SPENT(r), 3 * 6);
	ck_assert_uint_le(HASHES_SPENT(r), 4 * 6);
}
END_TEST

START_TEST(test_nsec3_nodata_whose_bitmap_lacks_the_type_is_secure)
{
	struct run r = { .file = "nsec3-nodata", .zone = "nsec3.test.",
			 .want = VAL_DENY_NODATA, .qname = "a.nsec3.test.", .qtype = VAL_T_MX };
	run(&r);
	ASSERT_SECURE(r);
	ck_assert(!r.d.delegation);
	ck_assert_uint_eq(HASHES_SPENT(r), 6);
}
END_TEST

START_TEST(test_nsec3_nodata_at_an_empty_non_terminal_is_secure)
{
	struct run r = { .file = "nsec3-nodata-ent", .zone = "nsec3.test.",
			 .want = VAL_DENY_NODATA, .qname = "ent.nsec3.test.", .qtype = VAL_T_A };
	run(&r);
	ASSERT_SECURE(r);
}
END_TEST

START_TEST(test_nsec3_nxdomain_for_an_empty_non_terminal_is_bogus)
{
	/* RFC 5155 §7.1: empty non-terminals have an NSEC3 of their own. */
	struct run r = { .file = "nsec3-nodata-ent", .zone = "nsec3.test.",
			 .want = VAL_DENY_NXDOMAIN, .qname = "ent.nsec3.test.", .qtype = VAL_T_A };
	run(&r);
	ASSERT_REASON(r, VAL_BOGUS, EDE_DNSSEC_BOGUS, VAL_R_NAME_EXISTS, "ent.nsec3.test.");
}
END_TEST

START_TEST(test_nsec3_wildcard_answer_with_its_next_closer_proof_is_secure)
{
	uint8_t labels = wildcard_labels("nsec3-wildcard-answer", "nsec3.test.", "y.w.nsec3.test.", VAL_T_A);
	ck_assert_uint_eq(labels, 3);
	struct run r = { .file = "nsec3-wildcard-answer", .zone = "nsec3.test.",
			 .want = VAL_DENY_NO_CLOSER, .qname = "y.w.nsec3.test.", .qtype = VAL_T_A,
			 .labels = labels };
	run(&r);
	ASSERT_SECURE(r);
	ck_assert_uint_eq(HASHES_SPENT(r), 6);
}
END_TEST

START_TEST(test_nsec3_wildcard_nodata_is_secure)
{
	struct run r = { .file = "nsec3-wildcard-nodata", .zone = "nsec3.test.",
			 .want = VAL_DENY_NODATA, .qname = "y.w.nsec3.test.", .qtype = VAL_T_MX };
	run(&r);
	ASSERT_SECURE(r);
	ck_assert_uint_eq(r.vc.sig_verifications, 3);
}
END_TEST

START_TEST(test_nsec3_ds_nodata_at_an_unsigned_delegation_is_secure_and_flags_the_delegation)
{
	struct run r = { .file = "nsec3-ds-unsigned-delegation", .zone = "nsec3.test.",
			 .want = VAL_DENY_NODATA, .qname = "sub.nsec3.test.", .qtype = VAL_T_DS };
	run(&r);
	ASSERT_SECURE(r);
	ck_assert(r.d.delegation);
}
END_TEST

START_TEST(test_nsec3_ds_nodata_without_a_match_outside_opt_out_is_bogus)
{
	struct run r = { .file = "nsec3-ds-nodata-without-optout", .zone = "nsec3.test.",
			 .want = VAL_DENY_NODATA, .qname = "nope.nsec3.test.", .qtype = VAL_T_DS };
	run(&r);
	/* neither opt-out nor a wildcard without DS: nothing proves it */
	ASSERT_REASON(r, VAL_BOGUS, EDE_NSEC_MISSING, VAL_R_WILDCARD_NODATA_MISSING, "nope.nsec3.test.");
	ck_assert(!r.d.delegation && !r.d.optout);
}
END_TEST

START_TEST(test_nsec3_replayed_from_another_zone_is_bogus_nsec_missing_without_crypto)
{
	struct run r = { .file = "nsec3-replayed-from-other", .zone = "nsec3.test.",
			 .want = VAL_DENY_NXDOMAIN, .qname = "nope.nsec3.test.", .qtype = VAL_T_A };
	run(&r);
	ASSERT_REASON(r, VAL_BOGUS, EDE_NSEC_MISSING, VAL_R_DENIAL_MISSING, "nope.nsec3.test.");
	ck_assert_uint_eq(r.vc.sig_verifications, 0);
	ck_assert_uint_eq(HASHES_SPENT(r), 0);
}
END_TEST

START_TEST(test_nsec3_renamed_into_the_zone_from_another_zone_is_bogus_naming_the_real_signer)
{
	struct run r = { .file = "nsec3-replayed-renamed", .zone = "nsec3.test.",
			 .want = VAL_DENY_NXDOMAIN, .qname = "nope.nsec3.test.", .qtype = VAL_T_A };
	run(&r);
	ASSERT_REASON(r, VAL_BOGUS, EDE_DNSSEC_BOGUS, VAL_R_SIGNER_NOT_ZONE, "lopk879q7on6p2bjbr5v2fcd9l0oek39.nsec3.test.");
	ck_assert_uint_eq(HASHES_SPENT(r), 0);
}
END_TEST

START_TEST(test_child_nsec3_offered_as_the_parents_ds_proof_is_bogus)
{
	/* As the parent's proof: the child's NSEC3 live one label too deep. */
	struct run r = { .file = "nsec3-child-apex-as-ds-proof", .zone = "nsec3.test.",
			 .want = VAL_DENY_NODATA, .qname = "child.nsec3.test.", .qtype = VAL_T_DS };
	run(&r);
	ASSERT_REASON(r, VAL_BOGUS, EDE_NSEC_MISSING, VAL_R_DENIAL_MISSING, "child.nsec3.test.");
	ck_assert_uint_eq(r.vc.sig_verifications, 0);
	/* As the child's (the zone of the SOA beside it): the apex NSEC3 has
	 * SOA, it cannot speak for the DS, which lives in the parent. */
	struct run c = { .file = "nsec3-child-apex-as-ds-proof", .zone = "child.nsec3.test.",
			 .want = VAL_DENY_NODATA, .qname = "child.nsec3.test.", .qtype = VAL_T_DS };
	run(&c);
	ASSERT_REASON(c, VAL_BOGUS, EDE_DNSSEC_BOGUS, VAL_R_DS_AT_APEX, "child.nsec3.test.");
	ck_assert(!c.d.delegation);
}
END_TEST

START_TEST(test_nsec3_records_with_mixed_parameters_are_bogus_before_any_hashing)
{
	struct run r = { .file = "nsec3-mixed-params", .zone = "nsec3.test.",
			 .want = VAL_DENY_NXDOMAIN, .qname = "nope.nsec3.test.", .qtype = VAL_T_A };
	run(&r);
	ASSERT_REASON(r, VAL_BOGUS, EDE_DNSSEC_BOGUS, VAL_R_NSEC3_PARAMS_DIFFER, "nope.nsec3.test.");
	ck_assert_uint_eq(HASHES_SPENT(r), 0);
}
END_TEST

START_TEST(test_nsec3_wildcard_answer_without_proof_is_bogus_nsec_missing)
{
	struct run r = { .file = "nsec3-wildcard-no-proof", .zone = "nsec3.test.",
			 .want = VAL_DENY_NO_CLOSER, .qname = "y.w.nsec3.test.", .qtype = VAL_T_A, .labels = 3 };
	run(&r);
	ASSERT_REASON(r, VAL_BOGUS, EDE_NSEC_MISSING, VAL_R_DENIAL_MISSING, "y.w.nsec3.test.");
}
END_TEST

START_TEST(test_nsec3_nxdomain_without_the_wildcard_proof_is_bogus_nsec_missing)
{
	struct run r = { .file = "nsec3-nxdomain-no-wildcard-proof", .zone = "nsec3.test.",
			 .want = VAL_DENY_NXDOMAIN, .qname = "nope.nsec3.test.", .qtype = VAL_T_A };
	run(&r);
	ASSERT_REASON(r, VAL_BOGUS, EDE_NSEC_MISSING, VAL_R_WILDCARD_NOT_DENIED, "nope.nsec3.test.");
}
END_TEST

START_TEST(test_nsec3_nodata_whose_nsec3_lists_the_type_is_bogus)
{
	struct run r = { .file = "nsec3-nodata-type-listed", .zone = "nsec3.test.",
			 .want = VAL_DENY_NODATA, .qname = "a.nsec3.test.", .qtype = VAL_T_TXT };
	run(&r);
	ASSERT_REASON(r, VAL_BOGUS, EDE_DNSSEC_BOGUS, VAL_R_TYPE_EXISTS, "a.nsec3.test.");
}
END_TEST

START_TEST(test_nsec3_at_a_delegation_is_no_closest_encloser_for_names_below_it)
{
	struct run r = { .file = "nsec3-delegation-denies-below-cut", .zone = "nsec3.test.",
			 .want = VAL_DENY_NXDOMAIN, .qname = "host.sub.nsec3.test.", .qtype = VAL_T_A };
	run(&r);
	ASSERT_REASON(r, VAL_BOGUS, EDE_DNSSEC_BOGUS, VAL_R_CE_IS_CUT, "host.sub.nsec3.test.");
}
END_TEST

START_TEST(test_eight_nsec3_rrsets_the_limit_are_secure)
{
	struct run r = { .file = "nsec3-eight-records", .zone = "nsec3.test.",
			 .want = VAL_DENY_NXDOMAIN, .qname = "nope.nsec3.test.", .qtype = VAL_T_A };
	run(&r);
	ASSERT_SECURE(r);
	ck_assert_uint_eq(r.vc.sig_verifications, VAL_DENIAL_RECORDS_MAX);
}
END_TEST

START_TEST(test_nine_nsec3_rrsets_are_bogus_before_any_signature_or_hash)
{
	struct run r = { .file = "nsec3-nine-records", .zone = "nsec3.test.",
			 .want = VAL_DENY_NXDOMAIN, .qname = "nope.nsec3.test.", .qtype = VAL_T_A };
	run(&r);
	ASSERT_REASON(r, VAL_BOGUS, EDE_DNSSEC_BOGUS, VAL_R_DENIAL_TOO_MANY, "nope.nsec3.test.");
	ck_assert_uint_eq(r.vc.sig_verifications, 0);
	ck_assert_uint_eq(HASHES_SPENT(r), 0);
}
END_TEST

START_TEST(test_nsec3_proof_beyond_the_hash_budget_is_bogus)
{
	/* The proof needs 3 or 4 hashes of 6 SHA-1 each; leave room for 2. */
	struct run r = { .file = "nsec3-nxdomain", .zone = "nsec3.test.",
			 .want = VAL_DENY_NXDOMAIN, .qname = "nope.nsec3.test.", .qtype = VAL_T_A };
	run_with(&r, 2 * 6 + 5);
	ASSERT_REASON(r, VAL_BOGUS, EDE_DNSSEC_BOGUS, VAL_R_HASH_BUDGET, "nope.nsec3.test.");
	ck_assert_uint_eq(r.vc.hash_budget, 5); /* nothing spent on the hash that did not fit */
}
END_TEST

/* ------------------------------------------------------------------ */
/* Opt-out: optout.test.                                                */

START_TEST(test_optout_nxdomain_is_insecure_with_optout_set)
{
	struct run r = { .file = "optout-nxdomain", .zone = "optout.test.",
			 .want = VAL_DENY_NXDOMAIN, .qname = "nope.optout.test.", .qtype = VAL_T_A };
	run(&r);
	ASSERT_REASON(r, VAL_INSECURE, EDE_OTHER, VAL_R_OPTOUT, "nope.optout.test.");
	ck_assert(r.d.optout);
	ck_assert(!r.d.delegation);
}
END_TEST

START_TEST(test_optout_ds_nodata_for_an_unsigned_delegation_is_insecure_with_optout_set)
{
	struct run r = { .file = "optout-ds-unsigned-delegation", .zone = "optout.test.",
			 .want = VAL_DENY_NODATA, .qname = "ins1.optout.test.", .qtype = VAL_T_DS };
	run(&r);
	ASSERT_REASON(r, VAL_INSECURE, EDE_OTHER, VAL_R_OPTOUT, "ins1.optout.test.");
	ck_assert(r.d.optout);
	/* no NSEC3 showed NS at ins1: opt-out says only "maybe a delegation" */
	ck_assert(!r.d.delegation);
}
END_TEST

START_TEST(test_optout_zone_nodata_with_a_matching_nsec3_is_secure)
{
	struct run r = { .file = "optout-nodata", .zone = "optout.test.",
			 .want = VAL_DENY_NODATA, .qname = "a.optout.test.", .qtype = VAL_T_MX };
	run(&r);
	ASSERT_SECURE(r);
}
END_TEST

/* ------------------------------------------------------------------ */
/* RFC 9276 limits                                                      */

START_TEST(test_nsec3_with_65535_iterations_is_insecure_ede_27_after_its_rrsig_verified)
{
	struct run r = { .file = "iter65535-nxdomain", .zone = "iter65535.test.",
			 .want = VAL_DENY_NXDOMAIN, .qname = "nope.iter65535.test.", .qtype = VAL_T_A };
	run(&r);
	ASSERT_REASON(r, VAL_INSECURE, EDE_UNSUPPORTED_NSEC3_ITERATIONS, VAL_R_NSEC3_ITER_LIMIT, "nope.iter65535.test.");
	ck_assert_uint_eq(r.vc.sig_verifications, 2);
	ck_assert_uint_eq(r.vc.hash_budget, VAL_NSEC3_HASH_BUDGET); /* no hashing at all */
	ck_assert(!r.d.optout);
}
END_TEST

START_TEST(test_nsec3_with_65535_iterations_and_a_broken_rrsig_is_bogus_not_insecure)
{
	struct run r = { .file = "iter65535-nxdomain-bad-rrsig", .zone = "iter65535.test.",
			 .want = VAL_DENY_NXDOMAIN, .qname = "nope.iter65535.test.", .qtype = VAL_T_A };
	run(&r);
	ASSERT_REASON(r, VAL_BOGUS, EDE_DNSSEC_BOGUS, VAL_R_SIG_INVALID, "1em193d0j1fq7dnudu61mpo9q7iv3291.iter65535.test.");
	ck_assert_uint_eq(r.vc.reason.type, VAL_T_NSEC3);
	ck_assert_uint_eq(r.vc.hash_budget, VAL_NSEC3_HASH_BUDGET);
}
END_TEST

START_TEST(test_nsec3_with_a_255_octet_salt_is_insecure_ede_27_after_its_rrsig_verified)
{
	struct run r = { .file = "salt255-nxdomain", .zone = "salt255.test.",
			 .want = VAL_DENY_NXDOMAIN, .qname = "nope.salt255.test.", .qtype = VAL_T_A };
	run(&r);
	ASSERT_REASON(r, VAL_INSECURE, EDE_UNSUPPORTED_NSEC3_ITERATIONS, VAL_R_NSEC3_ITER_LIMIT, "nope.salt255.test.");
	ck_assert_uint_eq(r.vc.sig_verifications, 1);
	ck_assert_uint_eq(r.vc.hash_budget, VAL_NSEC3_HASH_BUDGET);
}
END_TEST

START_TEST(test_nsec3_with_a_255_octet_salt_and_a_broken_rrsig_is_bogus_not_insecure)
{
	struct run r = { .file = "salt255-nxdomain-bad-rrsig", .zone = "salt255.test.",
			 .want = VAL_DENY_NXDOMAIN, .qname = "nope.salt255.test.", .qtype = VAL_T_A };
	run(&r);
	ASSERT_REASON(r, VAL_BOGUS, EDE_DNSSEC_BOGUS, VAL_R_SIG_INVALID, "93b4toec0caqjumjpmjo81vfljaqufap.salt255.test.");
	ck_assert_uint_eq(r.vc.hash_budget, VAL_NSEC3_HASH_BUDGET);
}
END_TEST

/* ------------------------------------------------------------------ */
/* RFC 4035 and RFC 5155 Appendix B                                     */

struct rfc_run {
	const char *file;	/* tests/unit/data/<file>.msg */
	const char *zone;	/* "example." (set by rfc_run) */
	enum val_deny want;
	const char *qname;
	uint16_t qtype;
	/* Out. */
	enum val_verdict v;
	struct val_ctx vc;
	struct val_denial d;
};

/* The example. zone's keys validated from its DNSKEY anchor; with
 * d.want VAL_DENY_NO_CLOSER the labels come from the answer's RRSIG. */
static void rfc_run(struct rfc_run *r, unsigned rfc)
{
	char path[256];
	const char *now = rfc == 4035 ? RFC4035_NOW : RFC5155_NOW;
	r->zone = "example.";
	snprintf(path, sizeof path, "tests/unit/data/rfc%u-example-zone.msg", rfc);
	struct val_msg *zone = tu_load_msg(path);
	snprintf(path, sizeof path, "tests/unit/data/rfc%u-example-anchor.msg", rfc);
	struct val_msg *anchor = tu_load_msg(path);
	const struct val_rr *trust = &anchor->rrs[0];
	const struct val_rrset *keys = tu_find_rrset(zone, "example.", VAL_T_DNSKEY);
	struct val_sigok ok;
	val_ctx_init(&r->vc, tu_time(now));
	ck_assert_int_eq(val_dnskey_verify(&r->vc, keys, tu_name("example."), &trust, 1, true, &ok), VAL_SECURE);

	snprintf(path, sizeof path, "tests/unit/data/%s.msg", r->file);
	struct val_msg *msg = tu_load_msg(path);
	uint8_t example[VAL_NAME_MAX], qname[VAL_NAME_MAX];
	name_copy(example, "example.");
	name_copy(qname, r->qname);
	r->d = (struct val_denial){ .want = r->want, .qname = qname, .qtype = r->qtype };
	val_ctx_init(&r->vc, tu_time(now));
	if (r->want == VAL_DENY_NO_CLOSER) {
		const struct val_rrset *ans = tu_find_rrset(msg, r->qname, r->qtype);
		ck_assert_ptr_nonnull(ans);
		ck_assert_int_eq(val_rrset_verify(&r->vc, ans, example, keys, &ok), VAL_SECURE);
		ck_assert(ok.wildcard);
		r->d.labels = ok.labels;
	}
	r->v = val_denial_check(&r->vc, msg, example, keys, &r->d);
	r->d.qname = NULL;
	val_msg_free(msg);
	val_msg_free(anchor);
	val_msg_free(zone);
}

START_TEST(test_rfc4035_b2_nxdomain_is_secure)
{
	struct rfc_run r = { .file = "rfc4035-B.2",
			 .want = VAL_DENY_NXDOMAIN, .qname = "ml.example.", .qtype = VAL_T_A };
	rfc_run(&r, 4035);
	ASSERT_SECURE(r);
}
END_TEST

START_TEST(test_rfc4035_b3_nodata_is_secure)
{
	struct rfc_run r = { .file = "rfc4035-B.3",
			 .want = VAL_DENY_NODATA, .qname = "ns1.example.", .qtype = VAL_T_MX };
	rfc_run(&r, 4035);
	ASSERT_SECURE(r);
	ck_assert(!r.d.delegation);
}
END_TEST

START_TEST(test_rfc4035_b5_no_ds_for_b_example_is_secure_at_a_delegation)
{
	struct rfc_run r = { .file = "rfc4035-B.5",
			 .want = VAL_DENY_NODATA, .qname = "b.example.", .qtype = VAL_T_DS };
	rfc_run(&r, 4035);
	ASSERT_SECURE(r);
	ck_assert(r.d.delegation);
}
END_TEST

START_TEST(test_rfc4035_b6_wildcard_answer_with_labels_2_is_secure)
{
	struct rfc_run r = { .file = "rfc4035-B.6",
			 .want = VAL_DENY_NO_CLOSER, .qname = "a.z.w.example.", .qtype = VAL_T_MX };
	rfc_run(&r, 4035);
	ck_assert_uint_eq(r.d.labels, 2);
	ASSERT_SECURE(r);
}
END_TEST

START_TEST(test_rfc4035_b7_wildcard_nodata_is_secure)
{
	struct rfc_run r = { .file = "rfc4035-B.7",
			 .want = VAL_DENY_NODATA, .qname = "a.z.w.example.", .qtype = VAL_T_AAAA };
	rfc_run(&r, 4035);
	ASSERT_SECURE(r);
}
END_TEST

START_TEST(test_rfc4035_b8_apex_nsec_cannot_deny_the_zones_own_ds)
{
	/* The DS query sent to the child: its proof belongs to the parent. */
	struct rfc_run r = { .file = "rfc4035-B.8",
			 .want = VAL_DENY_NODATA, .qname = "example.", .qtype = VAL_T_DS };
	rfc_run(&r, 4035);
	ASSERT_REASON(r, VAL_BOGUS, EDE_DNSSEC_BOGUS, VAL_R_DS_AT_APEX, "example.");
}
END_TEST

START_TEST(test_rfc5155_b1_nxdomain_in_an_opt_out_span_is_insecure)
{
	struct rfc_run r = { .file = "rfc5155-B.1",
			 .want = VAL_DENY_NXDOMAIN, .qname = "a.c.x.w.example.", .qtype = VAL_T_A };
	rfc_run(&r, 5155);
	ASSERT_REASON(r, VAL_INSECURE, EDE_OTHER, VAL_R_OPTOUT, "a.c.x.w.example.");
	ck_assert(r.d.optout);
}
END_TEST

START_TEST(test_rfc5155_b2_nodata_is_secure)
{
	struct rfc_run r = { .file = "rfc5155-B.2",
			 .want = VAL_DENY_NODATA, .qname = "ns1.example.", .qtype = VAL_T_MX };
	rfc_run(&r, 5155);
	ASSERT_SECURE(r);
}
END_TEST

START_TEST(test_rfc5155_b2_1_nodata_at_an_empty_non_terminal_is_secure)
{
	struct rfc_run r = { .file = "rfc5155-B.2.1",
			 .want = VAL_DENY_NODATA, .qname = "y.w.example.", .qtype = VAL_T_A };
	rfc_run(&r, 5155);
	ASSERT_SECURE(r);
}
END_TEST

START_TEST(test_rfc5155_b3_no_ds_for_c_example_in_an_opt_out_span_is_insecure)
{
	struct rfc_run r = { .file = "rfc5155-B.3",
			 .want = VAL_DENY_NODATA, .qname = "c.example.", .qtype = VAL_T_DS };
	rfc_run(&r, 5155);
	ASSERT_REASON(r, VAL_INSECURE, EDE_OTHER, VAL_R_OPTOUT, "c.example.");
	ck_assert(r.d.optout);
}
END_TEST

START_TEST(test_rfc5155_b4_wildcard_answer_with_an_opt_out_next_closer_is_insecure)
{
	struct rfc_run r = { .file = "rfc5155-B.4",
			 .want = VAL_DENY_NO_CLOSER, .qname = "a.z.w.example.", .qtype = VAL_T_MX };
	rfc_run(&r, 5155);
	ck_assert_uint_eq(r.d.labels, 2);
	ASSERT_REASON(r, VAL_INSECURE, EDE_OTHER, VAL_R_OPTOUT, "a.z.w.example.");
	ck_assert(r.d.optout);
}
END_TEST

START_TEST(test_rfc5155_b5_wildcard_nodata_with_an_opt_out_next_closer_is_insecure)
{
	struct rfc_run r = { .file = "rfc5155-B.5",
			 .want = VAL_DENY_NODATA, .qname = "a.z.w.example.", .qtype = VAL_T_AAAA };
	rfc_run(&r, 5155);
	ASSERT_REASON(r, VAL_INSECURE, EDE_OTHER, VAL_R_OPTOUT, "a.z.w.example.");
	ck_assert(r.d.optout);
}
END_TEST

START_TEST(test_rfc5155_b6_apex_nsec3_cannot_deny_the_zones_own_ds)
{
	struct rfc_run r = { .file = "rfc5155-B.6",
			 .want = VAL_DENY_NODATA, .qname = "example.", .qtype = VAL_T_DS };
	rfc_run(&r, 5155);
	ASSERT_REASON(r, VAL_BOGUS, EDE_DNSSEC_BOGUS, VAL_R_DS_AT_APEX, "example.");
}
END_TEST

static Suite *denial_suite(void)
{
	Suite *s = suite_create("denial");
	TCase *tc = tcase_create("nsec");
	tcase_add_test(tc, test_nsec_nxdomain_with_the_wildcard_proof_is_secure);
	tcase_add_test(tc, test_nsec_nodata_whose_bitmap_lacks_the_type_is_secure);
	tcase_add_test(tc, test_nsec_nodata_at_an_empty_non_terminal_is_secure);
	tcase_add_test(tc, test_nsec_nxdomain_for_a_name_its_nsec_shows_is_bogus);
	tcase_add_test(tc, test_nsec_nxdomain_for_an_empty_non_terminal_is_bogus);
	tcase_add_test(tc, test_nsec_wildcard_answer_with_its_no_closer_proof_is_secure);
	tcase_add_test(tc, test_nsec_wildcard_answer_claimed_from_a_shorter_wildcard_is_bogus);
	tcase_add_test(tc, test_nsec_wildcard_nodata_is_secure);
	tcase_add_test(tc, test_nsec_ds_nodata_at_an_unsigned_delegation_is_secure_and_flags_the_delegation);
	tcase_add_test(tc, test_nsec_replayed_from_another_zone_is_bogus_nsec_missing_without_crypto);
	tcase_add_test(tc, test_nsec_renamed_into_the_zone_from_another_zone_is_bogus_naming_the_real_signer);
	tcase_add_test(tc, test_nsec_wildcard_answer_without_proof_is_bogus_nsec_missing);
	tcase_add_test(tc, test_wildcard_expanded_nsec_cannot_deny_a_type_at_the_name_it_was_expanded_to);
	tcase_add_test(tc, test_nsec_at_a_delegation_proves_nothing_below_the_cut);
	tcase_add_test(tc, test_nsec_at_a_delegation_denies_only_the_ds);
	tcase_add_test(tc, test_nsec_at_a_dname_proves_nothing_below_it);
	tcase_add_test(tc, test_nsec_nxdomain_without_the_wildcard_proof_is_bogus_nsec_missing);
	tcase_add_test(tc, test_nsec_nodata_whose_nsec_lists_the_type_is_bogus);
	tcase_add_test(tc, test_expired_nsec_signatures_are_bogus_ede_7_with_the_date);
	tcase_add_test(tc, test_not_yet_valid_nsec_signatures_are_bogus_ede_8);
	tcase_add_test(tc, test_nsec_signed_only_by_a_revoked_key_is_bogus);
	tcase_add_test(tc, test_nsec_signed_only_by_a_key_without_the_zone_bit_is_bogus_ede_11);
	tcase_add_test(tc, test_child_apex_nsec_cannot_deny_the_childs_own_ds);
	suite_add_tcase(s, tc);

	tc = tcase_create("nsec3");
	tcase_add_test(tc, test_nsec3_nxdomain_with_closest_encloser_next_closer_and_wildcard_is_secure);
	tcase_add_test(tc, test_nsec3_nodata_whose_bitmap_lacks_the_type_is_secure);
	tcase_add_test(tc, test_nsec3_nodata_at_an_empty_non_terminal_is_secure);
	tcase_add_test(tc, test_nsec3_nxdomain_for_an_empty_non_terminal_is_bogus);
	tcase_add_test(tc, test_nsec3_wildcard_answer_with_its_next_closer_proof_is_secure);
	tcase_add_test(tc, test_nsec3_wildcard_nodata_is_secure);
	tcase_add_test(tc, test_nsec3_ds_nodata_at_an_unsigned_delegation_is_secure_and_flags_the_delegation);
	tcase_add_test(tc, test_nsec3_ds_nodata_without_a_match_outside_opt_out_is_bogus);
	tcase_add_test(tc, test_nsec3_replayed_from_another_zone_is_bogus_nsec_missing_without_crypto);
	tcase_add_test(tc, test_nsec3_renamed_into_the_zone_from_another_zone_is_bogus_naming_the_real_signer);
	tcase_add_test(tc, test_child_nsec3_offered_as_the_parents_ds_proof_is_bogus);
	tcase_add_test(tc, test_nsec3_records_with_mixed_parameters_are_bogus_before_any_hashing);
	tcase_add_test(tc, test_nsec3_wildcard_answer_without_proof_is_bogus_nsec_missing);
	tcase_add_test(tc, test_nsec3_nxdomain_without_the_wildcard_proof_is_bogus_nsec_missing);
	tcase_add_test(tc, test_nsec3_nodata_whose_nsec3_lists_the_type_is_bogus);
	tcase_add_test(tc, test_nsec3_at_a_delegation_is_no_closest_encloser_for_names_below_it);
	tcase_add_test(tc, test_eight_nsec3_rrsets_the_limit_are_secure);
	tcase_add_test(tc, test_nine_nsec3_rrsets_are_bogus_before_any_signature_or_hash);
	tcase_add_test(tc, test_nsec3_proof_beyond_the_hash_budget_is_bogus);
	suite_add_tcase(s, tc);

	tc = tcase_create("opt-out and RFC 9276 limits");
	tcase_add_test(tc, test_optout_nxdomain_is_insecure_with_optout_set);
	tcase_add_test(tc, test_optout_ds_nodata_for_an_unsigned_delegation_is_insecure_with_optout_set);
	tcase_add_test(tc, test_optout_zone_nodata_with_a_matching_nsec3_is_secure);
	tcase_add_test(tc, test_nsec3_with_65535_iterations_is_insecure_ede_27_after_its_rrsig_verified);
	tcase_add_test(tc, test_nsec3_with_65535_iterations_and_a_broken_rrsig_is_bogus_not_insecure);
	tcase_add_test(tc, test_nsec3_with_a_255_octet_salt_is_insecure_ede_27_after_its_rrsig_verified);
	tcase_add_test(tc, test_nsec3_with_a_255_octet_salt_and_a_broken_rrsig_is_bogus_not_insecure);
	suite_add_tcase(s, tc);

	tc = tcase_create("rfc 4035 and 5155 appendix B");
	tcase_add_test(tc, test_rfc4035_b2_nxdomain_is_secure);
	tcase_add_test(tc, test_rfc4035_b3_nodata_is_secure);
	tcase_add_test(tc, test_rfc4035_b5_no_ds_for_b_example_is_secure_at_a_delegation);
	tcase_add_test(tc, test_rfc4035_b6_wildcard_answer_with_labels_2_is_secure);
	tcase_add_test(tc, test_rfc4035_b7_wildcard_nodata_is_secure);
	tcase_add_test(tc, test_rfc4035_b8_apex_nsec_cannot_deny_the_zones_own_ds);
	tcase_add_test(tc, test_rfc5155_b1_nxdomain_in_an_opt_out_span_is_insecure);
	tcase_add_test(tc, test_rfc5155_b2_nodata_is_secure);
	tcase_add_test(tc, test_rfc5155_b2_1_nodata_at_an_empty_non_terminal_is_secure);
	tcase_add_test(tc, test_rfc5155_b3_no_ds_for_c_example_in_an_opt_out_span_is_insecure);
	tcase_add_test(tc, test_rfc5155_b4_wildcard_answer_with_an_opt_out_next_closer_is_insecure);
	tcase_add_test(tc, test_rfc5155_b5_wildcard_nodata_with_an_opt_out_next_closer_is_insecure);
	tcase_add_test(tc, test_rfc5155_b6_apex_nsec3_cannot_deny_the_zones_own_ds);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(denial_suite)
