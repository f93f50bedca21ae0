/* tests/unit/test_denial.c: val_denial_check on recorded responses with a
 * fixed clock, one table row per case: the made-up signed zones of
 * tests/unit/data/attack/ (see its README.md, made by
 * tests/unit/vectors/gen_attacks.py) and the RFC 4035 / RFC 5155 Appendix B
 * responses.  A row names the response, the zone whose keys must sign the
 * proof and the question, then what the check must conclude: the verdict,
 * the reason's code, EDE and facts, and what it spent.  One loop test runs
 * every row; a new case is a new row. */
#include <stdio.h>
#include <string.h>

#include "testutil.h"

/* Where a row's response and keys come from, and the clock it runs at. */
enum source {
	ATTACK,		/* tests/unit/data/attack/<file>.msg, keys from
			 * <zone>-dnskey.msg with the zone's KSK as anchor */
	RFC4035,	/* tests/unit/data/<file>.msg, the example. zone's
			 * keys from its DNSKEY anchor */
	RFC5155,
};

/* A count a row asserts: between lo and hi; not asserted when !on. */
struct range {
	bool on;
	unsigned lo, hi;
};
#define EQ(n) { .on = true, .lo = (n), .hi = (n) }
#define BETWEEN(a, b) { .on = true, .lo = (a), .hi = (b) }

/* A flag of struct val_denial a row asserts. */
enum flag { UNASSERTED = 0, SET, CLEAR };

struct denial_case {
	const char *name;	/* what it shows, as a sentence */
	/* The inputs. */
	enum source src;
	const char *file;
	const char *zone;	/* ATTACK: the zone that must sign the proof */
	enum val_deny want;
	const char *qname;
	uint16_t qtype;
	uint8_t labels;		/* VAL_DENY_NO_CLOSER: the answer RRSIG's labels */
	uint8_t answer_labels;	/* nonzero: take labels from the answer RRset
				 * (qname/qtype) of the response, whose RRSIG
				 * must verify as a wildcard expansion with
				 * this labels field */
	unsigned hash_budget;	/* 0: VAL_NSEC3_HASH_BUDGET */
	/* What val_denial_check must conclude.  Secure: no reason and no
	 * opt-out.  Otherwise the reason's code, its EDE and facts: the
	 * owner it is about and the row's zone.  No sentence: a rewording
	 * changes no test. */
	enum val_verdict verdict;
	enum val_code code;
	uint16_t ede;
	const char *owner;
	uint16_t type;		/* the reason's type; 0: not asserted */
	const char *inception, *expiration;	/* the RRSIG's; NULL: not asserted */
	bool key_tag;		/* the reason names a key tag */
	enum flag optout, delegation;
	struct range sigs;	/* signatures verified */
	struct range hashes;	/* NSEC3 hashes spent (SHA-1 computations) */
};

static const struct denial_case cases[] = {
	/* ---------------------------------------------------------------- */
	/* NSEC: nsec.test.                                                  */
	{ .name = "nsec nxdomain with the wildcard proof is secure",
	  .src = ATTACK, .file = "nsec-nxdomain", .zone = "nsec.test.",
	  .want = VAL_DENY_NXDOMAIN, .qname = "nope.nsec.test.", .qtype = VAL_T_A,
	  .verdict = VAL_SECURE, .delegation = CLEAR, .sigs = EQ(2), .hashes = EQ(0) },
	{ .name = "nsec nodata whose bitmap lacks the type is secure",
	  .src = ATTACK, .file = "nsec-nodata", .zone = "nsec.test.",
	  .want = VAL_DENY_NODATA, .qname = "a.nsec.test.", .qtype = VAL_T_MX,
	  .verdict = VAL_SECURE, .delegation = CLEAR, .sigs = EQ(1) },
	{ .name = "nsec nodata at an empty non-terminal is secure",
	  .src = ATTACK, .file = "nsec-nodata-ent", .zone = "nsec.test.",
	  .want = VAL_DENY_NODATA, .qname = "ent.nsec.test.", .qtype = VAL_T_A,
	  .verdict = VAL_SECURE },
	/* The NSEC of a.nsec.test. read as an NXDOMAIN proof for that name. */
	{ .name = "nsec nxdomain for a name its nsec shows is bogus",
	  .src = ATTACK, .file = "nsec-nodata", .zone = "nsec.test.",
	  .want = VAL_DENY_NXDOMAIN, .qname = "a.nsec.test.", .qtype = VAL_T_A,
	  .verdict = VAL_BOGUS, .code = VAL_R_NAME_EXISTS, .ede = EDE_DNSSEC_BOGUS, .owner = "a.nsec.test." },
	{ .name = "nsec nxdomain for an empty non-terminal is bogus",
	  .src = ATTACK, .file = "nsec-nodata-ent", .zone = "nsec.test.",
	  .want = VAL_DENY_NXDOMAIN, .qname = "ent.nsec.test.", .qtype = VAL_T_A,
	  .verdict = VAL_BOGUS, .code = VAL_R_EMPTY_NONTERMINAL, .ede = EDE_DNSSEC_BOGUS, .owner = "ent.nsec.test." },
	{ .name = "nsec wildcard answer with its no closer proof is secure",
	  .src = ATTACK, .file = "nsec-wildcard-answer", .zone = "nsec.test.",
	  .want = VAL_DENY_NO_CLOSER, .qname = "y.w.nsec.test.", .qtype = VAL_T_A, .answer_labels = 3,
	  .verdict = VAL_SECURE },
	/* The same proof read as if the answer came from *.nsec.test.: the
	 * NSEC shows w.nsec.test. exists, closer than that wildcard. */
	{ .name = "nsec wildcard answer claimed from a shorter wildcard is bogus",
	  .src = ATTACK, .file = "nsec-wildcard-answer", .zone = "nsec.test.",
	  .want = VAL_DENY_NO_CLOSER, .qname = "y.w.nsec.test.", .qtype = VAL_T_A, .labels = 2,
	  .verdict = VAL_BOGUS, .code = VAL_R_CLOSER_NAME, .ede = EDE_DNSSEC_BOGUS, .owner = "y.w.nsec.test." },
	{ .name = "nsec wildcard nodata is secure",
	  .src = ATTACK, .file = "nsec-wildcard-nodata", .zone = "nsec.test.",
	  .want = VAL_DENY_NODATA, .qname = "y.w.nsec.test.", .qtype = VAL_T_MX,
	  .verdict = VAL_SECURE, .sigs = EQ(2) },
	{ .name = "nsec ds nodata at an unsigned delegation is secure and flags the delegation",
	  .src = ATTACK, .file = "nsec-ds-unsigned-delegation", .zone = "nsec.test.",
	  .want = VAL_DENY_NODATA, .qname = "sub.nsec.test.", .qtype = VAL_T_DS,
	  .verdict = VAL_SECURE, .delegation = SET },
	{ .name = "nsec replayed from another zone is bogus nsec missing without crypto",
	  .src = ATTACK, .file = "nsec-replayed-from-other", .zone = "nsec.test.",
	  .want = VAL_DENY_NXDOMAIN, .qname = "nope.nsec.test.", .qtype = VAL_T_A,
	  .verdict = VAL_BOGUS, .code = VAL_R_DENIAL_MISSING, .ede = EDE_NSEC_MISSING, .owner = "nope.nsec.test.",
	  .sigs = EQ(0) },
	{ .name = "nsec renamed into the zone from another zone is bogus naming the real signer",
	  .src = ATTACK, .file = "nsec-replayed-renamed", .zone = "nsec.test.",
	  .want = VAL_DENY_NXDOMAIN, .qname = "nope.nsec.test.", .qtype = VAL_T_A,
	  .verdict = VAL_BOGUS, .code = VAL_R_SIGNER_NOT_ZONE, .ede = EDE_DNSSEC_BOGUS, .owner = "b.ent.nsec.test.",
	  .sigs = EQ(0) },
	{ .name = "nsec wildcard answer without proof is bogus nsec missing",
	  .src = ATTACK, .file = "nsec-wildcard-no-proof", .zone = "nsec.test.",
	  .want = VAL_DENY_NO_CLOSER, .qname = "y.w.nsec.test.", .qtype = VAL_T_A, .labels = 3,
	  .verdict = VAL_BOGUS, .code = VAL_R_DENIAL_MISSING, .ede = EDE_NSEC_MISSING, .owner = "y.w.nsec.test." },
	/* NSEC *.w.nsec.test. (A RRSIG NSEC) expanded to x.w.nsec.test., which
	 * exists with a TXT record: read as the wildcard's NSEC it covers
	 * nothing up to x.w.nsec.test.  The expanded NSEC does verify. */
	{ .name = "wildcard expanded nsec cannot deny a type at the name it was expanded to",
	  .src = ATTACK, .file = "nsec-wildcard-expanded-as-denial", .zone = "nsec.test.",
	  .want = VAL_DENY_NODATA, .qname = "x.w.nsec.test.", .qtype = VAL_T_TXT,
	  .verdict = VAL_BOGUS, .code = VAL_R_NOT_COVERED, .ede = EDE_NSEC_MISSING, .owner = "x.w.nsec.test.",
	  .sigs = EQ(1) },
	{ .name = "nsec at a delegation proves nothing below the cut",
	  .src = ATTACK, .file = "nsec-delegation-denies-below-cut", .zone = "nsec.test.",
	  .want = VAL_DENY_NXDOMAIN, .qname = "host.sub.nsec.test.", .qtype = VAL_T_A,
	  .verdict = VAL_BOGUS, .code = VAL_R_NOT_COVERED, .ede = EDE_NSEC_MISSING, .owner = "host.sub.nsec.test." },
	{ .name = "nsec at a delegation denies only the ds",
	  .src = ATTACK, .file = "nsec-delegation-nodata-a", .zone = "nsec.test.",
	  .want = VAL_DENY_NODATA, .qname = "sub.nsec.test.", .qtype = VAL_T_A,
	  .verdict = VAL_BOGUS, .code = VAL_R_PARENT_SIDE, .ede = EDE_DNSSEC_BOGUS, .owner = "sub.nsec.test.",
	  .delegation = CLEAR },
	{ .name = "nsec at a dname proves nothing below it",
	  .src = ATTACK, .file = "nsec-dname-denies-below", .zone = "nsec.test.",
	  .want = VAL_DENY_NXDOMAIN, .qname = "x.dname.nsec.test.", .qtype = VAL_T_A,
	  .verdict = VAL_BOGUS, .code = VAL_R_NOT_COVERED, .ede = EDE_NSEC_MISSING, .owner = "x.dname.nsec.test." },
	{ .name = "nsec nxdomain without the wildcard proof is bogus nsec missing",
	  .src = ATTACK, .file = "nsec-nxdomain-no-wildcard-proof", .zone = "nsec.test.",
	  .want = VAL_DENY_NXDOMAIN, .qname = "nope.nsec.test.", .qtype = VAL_T_A,
	  .verdict = VAL_BOGUS, .code = VAL_R_WILDCARD_NOT_DENIED, .ede = EDE_NSEC_MISSING, .owner = "nope.nsec.test." },
	{ .name = "nsec nodata whose nsec lists the type is bogus",
	  .src = ATTACK, .file = "nsec-nodata-type-listed", .zone = "nsec.test.",
	  .want = VAL_DENY_NODATA, .qname = "a.nsec.test.", .qtype = VAL_T_TXT,
	  .verdict = VAL_BOGUS, .code = VAL_R_TYPE_EXISTS, .ede = EDE_DNSSEC_BOGUS, .owner = "a.nsec.test." },
	{ .name = "expired nsec signatures are bogus ede 7 with the date",
	  .src = ATTACK, .file = "nsec-nxdomain-expired", .zone = "nsec.test.",
	  .want = VAL_DENY_NXDOMAIN, .qname = "nope.nsec.test.", .qtype = VAL_T_A,
	  .verdict = VAL_BOGUS, .code = VAL_R_SIG_EXPIRED, .ede = EDE_SIGNATURE_EXPIRED, .owner = "b.ent.nsec.test.",
	  .type = VAL_T_NSEC, .expiration = "20250101000000", .sigs = EQ(0) },
	{ .name = "not yet valid nsec signatures are bogus ede 8",
	  .src = ATTACK, .file = "nsec-nxdomain-not-yet-valid", .zone = "nsec.test.",
	  .want = VAL_DENY_NXDOMAIN, .qname = "nope.nsec.test.", .qtype = VAL_T_A,
	  .verdict = VAL_BOGUS, .code = VAL_R_SIG_NOT_YET, .ede = EDE_SIGNATURE_NOT_YET_VALID, .owner = "b.ent.nsec.test.",
	  .inception = "20270101000000", .sigs = EQ(0) },
	{ .name = "nsec signed only by a revoked key is bogus naming the key",
	  .src = ATTACK, .file = "nsec-nxdomain-revoked-key", .zone = "nsec.test.",
	  .want = VAL_DENY_NXDOMAIN, .qname = "nope.nsec.test.", .qtype = VAL_T_A,
	  .verdict = VAL_BOGUS, .code = VAL_R_KEY_REVOKED, .ede = EDE_DNSSEC_BOGUS, .owner = "b.ent.nsec.test.",
	  .key_tag = true, .sigs = EQ(0) },
	{ .name = "nsec signed only by a key without the zone bit is bogus ede 11",
	  .src = ATTACK, .file = "nsec-nxdomain-no-zone-bit", .zone = "nsec.test.",
	  .want = VAL_DENY_NXDOMAIN, .qname = "nope.nsec.test.", .qtype = VAL_T_A,
	  .verdict = VAL_BOGUS, .code = VAL_R_KEY_NOT_ZONE, .ede = EDE_NO_ZONE_KEY_BIT, .owner = "b.ent.nsec.test.",
	  .sigs = EQ(0) },
	/* Checked as the parent's proof: the NSEC is the child's (signed by
	 * it), so the parent has offered no proof at all. */
	{ .name = "child apex nsec offered as the parents ds proof is no proof",
	  .src = ATTACK, .file = "nsec-child-apex-as-ds-proof", .zone = "nsec.test.",
	  .want = VAL_DENY_NODATA, .qname = "child.nsec.test.", .qtype = VAL_T_DS,
	  .verdict = VAL_BOGUS, .code = VAL_R_DENIAL_MISSING, .ede = EDE_NSEC_MISSING, .owner = "child.nsec.test.",
	  .sigs = EQ(0) },
	/* Checked as the child's (the zone of the SOA beside it): an apex
	 * record speaks for the child, and the DS lives in the parent. */
	{ .name = "child apex nsec cannot deny the childs own ds",
	  .src = ATTACK, .file = "nsec-child-apex-as-ds-proof", .zone = "child.nsec.test.",
	  .want = VAL_DENY_NODATA, .qname = "child.nsec.test.", .qtype = VAL_T_DS,
	  .verdict = VAL_BOGUS, .code = VAL_R_DS_AT_APEX, .ede = EDE_DNSSEC_BOGUS, .owner = "child.nsec.test.",
	  .delegation = CLEAR },

	/* ---------------------------------------------------------------- */
	/* NSEC3: nsec3.test. (salt cafe, 5 iterations: 6 SHA-1 per name)    */
	/* H(nope) twice at most, H(apex), H(*.apex) */
	{ .name = "nsec3 nxdomain with closest encloser next closer and wildcard is secure",
	  .src = ATTACK, .file = "nsec3-nxdomain", .zone = "nsec3.test.",
	  .want = VAL_DENY_NXDOMAIN, .qname = "nope.nsec3.test.", .qtype = VAL_T_A,
	  .verdict = VAL_SECURE, .sigs = EQ(3), .hashes = BETWEEN(3 * 6, 4 * 6) },
	{ .name = "nsec3 nodata whose bitmap lacks the type is secure",
	  .src = ATTACK, .file = "nsec3-nodata", .zone = "nsec3.test.",
	  .want = VAL_DENY_NODATA, .qname = "a.nsec3.test.", .qtype = VAL_T_MX,
	  .verdict = VAL_SECURE, .delegation = CLEAR, .hashes = EQ(6) },
	{ .name = "nsec3 nodata at an empty non-terminal is secure",
	  .src = ATTACK, .file = "nsec3-nodata-ent", .zone = "nsec3.test.",
	  .want = VAL_DENY_NODATA, .qname = "ent.nsec3.test.", .qtype = VAL_T_A,
	  .verdict = VAL_SECURE },
	/* RFC 5155 §7.1: empty non-terminals have an NSEC3 of their own. */
	{ .name = "nsec3 nxdomain for an empty non-terminal is bogus",
	  .src = ATTACK, .file = "nsec3-nodata-ent", .zone = "nsec3.test.",
	  .want = VAL_DENY_NXDOMAIN, .qname = "ent.nsec3.test.", .qtype = VAL_T_A,
	  .verdict = VAL_BOGUS, .code = VAL_R_NAME_EXISTS, .ede = EDE_DNSSEC_BOGUS, .owner = "ent.nsec3.test." },
	{ .name = "nsec3 wildcard answer with its next closer proof is secure",
	  .src = ATTACK, .file = "nsec3-wildcard-answer", .zone = "nsec3.test.",
	  .want = VAL_DENY_NO_CLOSER, .qname = "y.w.nsec3.test.", .qtype = VAL_T_A, .answer_labels = 3,
	  .verdict = VAL_SECURE, .hashes = EQ(6) },
	{ .name = "nsec3 wildcard nodata is secure",
	  .src = ATTACK, .file = "nsec3-wildcard-nodata", .zone = "nsec3.test.",
	  .want = VAL_DENY_NODATA, .qname = "y.w.nsec3.test.", .qtype = VAL_T_MX,
	  .verdict = VAL_SECURE, .sigs = EQ(3) },
	{ .name = "nsec3 ds nodata at an unsigned delegation is secure and flags the delegation",
	  .src = ATTACK, .file = "nsec3-ds-unsigned-delegation", .zone = "nsec3.test.",
	  .want = VAL_DENY_NODATA, .qname = "sub.nsec3.test.", .qtype = VAL_T_DS,
	  .verdict = VAL_SECURE, .delegation = SET },
	/* Neither opt-out nor a wildcard without DS: nothing proves it. */
	{ .name = "nsec3 ds nodata without a match outside opt out is bogus",
	  .src = ATTACK, .file = "nsec3-ds-nodata-without-optout", .zone = "nsec3.test.",
	  .want = VAL_DENY_NODATA, .qname = "nope.nsec3.test.", .qtype = VAL_T_DS,
	  .verdict = VAL_BOGUS, .code = VAL_R_WILDCARD_NODATA_MISSING, .ede = EDE_NSEC_MISSING,
	  .owner = "nope.nsec3.test.", .delegation = CLEAR, .optout = CLEAR },
	{ .name = "nsec3 replayed from another zone is bogus nsec missing without crypto",
	  .src = ATTACK, .file = "nsec3-replayed-from-other", .zone = "nsec3.test.",
	  .want = VAL_DENY_NXDOMAIN, .qname = "nope.nsec3.test.", .qtype = VAL_T_A,
	  .verdict = VAL_BOGUS, .code = VAL_R_DENIAL_MISSING, .ede = EDE_NSEC_MISSING, .owner = "nope.nsec3.test.",
	  .sigs = EQ(0), .hashes = EQ(0) },
	{ .name = "nsec3 renamed into the zone from another zone is bogus naming the real signer",
	  .src = ATTACK, .file = "nsec3-replayed-renamed", .zone = "nsec3.test.",
	  .want = VAL_DENY_NXDOMAIN, .qname = "nope.nsec3.test.", .qtype = VAL_T_A,
	  .verdict = VAL_BOGUS, .code = VAL_R_SIGNER_NOT_ZONE, .ede = EDE_DNSSEC_BOGUS,
	  .owner = "lopk879q7on6p2bjbr5v2fcd9l0oek39.nsec3.test.", .hashes = EQ(0) },
	/* As the parent's proof: the child's NSEC3 live one label too deep. */
	{ .name = "child nsec3 offered as the parents ds proof is no proof",
	  .src = ATTACK, .file = "nsec3-child-apex-as-ds-proof", .zone = "nsec3.test.",
	  .want = VAL_DENY_NODATA, .qname = "child.nsec3.test.", .qtype = VAL_T_DS,
	  .verdict = VAL_BOGUS, .code = VAL_R_DENIAL_MISSING, .ede = EDE_NSEC_MISSING, .owner = "child.nsec3.test.",
	  .sigs = EQ(0) },
	/* As the child's (the zone of the SOA beside it): the apex NSEC3 has
	 * SOA, it cannot speak for the DS, which lives in the parent. */
	{ .name = "child apex nsec3 cannot deny the childs own ds",
	  .src = ATTACK, .file = "nsec3-child-apex-as-ds-proof", .zone = "child.nsec3.test.",
	  .want = VAL_DENY_NODATA, .qname = "child.nsec3.test.", .qtype = VAL_T_DS,
	  .verdict = VAL_BOGUS, .code = VAL_R_DS_AT_APEX, .ede = EDE_DNSSEC_BOGUS, .owner = "child.nsec3.test.",
	  .delegation = CLEAR },
	{ .name = "nsec3 records with mixed parameters are bogus before any hashing",
	  .src = ATTACK, .file = "nsec3-mixed-params", .zone = "nsec3.test.",
	  .want = VAL_DENY_NXDOMAIN, .qname = "nope.nsec3.test.", .qtype = VAL_T_A,
	  .verdict = VAL_BOGUS, .code = VAL_R_NSEC3_PARAMS_DIFFER, .ede = EDE_DNSSEC_BOGUS, .owner = "nope.nsec3.test.",
	  .hashes = EQ(0) },
	{ .name = "nsec3 wildcard answer without proof is bogus nsec missing",
	  .src = ATTACK, .file = "nsec3-wildcard-no-proof", .zone = "nsec3.test.",
	  .want = VAL_DENY_NO_CLOSER, .qname = "y.w.nsec3.test.", .qtype = VAL_T_A, .labels = 3,
	  .verdict = VAL_BOGUS, .code = VAL_R_DENIAL_MISSING, .ede = EDE_NSEC_MISSING, .owner = "y.w.nsec3.test." },
	{ .name = "nsec3 nxdomain without the wildcard proof is bogus nsec missing",
	  .src = ATTACK, .file = "nsec3-nxdomain-no-wildcard-proof", .zone = "nsec3.test.",
	  .want = VAL_DENY_NXDOMAIN, .qname = "nope.nsec3.test.", .qtype = VAL_T_A,
	  .verdict = VAL_BOGUS, .code = VAL_R_WILDCARD_NOT_DENIED, .ede = EDE_NSEC_MISSING, .owner = "nope.nsec3.test." },
	{ .name = "nsec3 nodata whose nsec3 lists the type is bogus",
	  .src = ATTACK, .file = "nsec3-nodata-type-listed", .zone = "nsec3.test.",
	  .want = VAL_DENY_NODATA, .qname = "a.nsec3.test.", .qtype = VAL_T_TXT,
	  .verdict = VAL_BOGUS, .code = VAL_R_TYPE_EXISTS, .ede = EDE_DNSSEC_BOGUS, .owner = "a.nsec3.test." },
	{ .name = "nsec3 at a delegation is no closest encloser for names below it",
	  .src = ATTACK, .file = "nsec3-delegation-denies-below-cut", .zone = "nsec3.test.",
	  .want = VAL_DENY_NXDOMAIN, .qname = "host.sub.nsec3.test.", .qtype = VAL_T_A,
	  .verdict = VAL_BOGUS, .code = VAL_R_CE_IS_CUT, .ede = EDE_DNSSEC_BOGUS, .owner = "host.sub.nsec3.test." },
	{ .name = "eight nsec3 rrsets the limit are secure",
	  .src = ATTACK, .file = "nsec3-eight-records", .zone = "nsec3.test.",
	  .want = VAL_DENY_NXDOMAIN, .qname = "nope.nsec3.test.", .qtype = VAL_T_A,
	  .verdict = VAL_SECURE, .sigs = EQ(VAL_DENIAL_RECORDS_MAX) },
	{ .name = "nine nsec3 rrsets are bogus before any signature or hash",
	  .src = ATTACK, .file = "nsec3-nine-records", .zone = "nsec3.test.",
	  .want = VAL_DENY_NXDOMAIN, .qname = "nope.nsec3.test.", .qtype = VAL_T_A,
	  .verdict = VAL_BOGUS, .code = VAL_R_DENIAL_TOO_MANY, .ede = EDE_DNSSEC_BOGUS, .owner = "nope.nsec3.test.",
	  .sigs = EQ(0), .hashes = EQ(0) },
	/* The proof needs 3 or 4 hashes of 6 SHA-1 each; room for 2 (and 5
	 * SHA-1 over): nothing is spent on the hash that does not fit. */
	{ .name = "nsec3 proof beyond the hash budget is bogus",
	  .src = ATTACK, .file = "nsec3-nxdomain", .zone = "nsec3.test.",
	  .want = VAL_DENY_NXDOMAIN, .qname = "nope.nsec3.test.", .qtype = VAL_T_A, .hash_budget = 2 * 6 + 5,
	  .verdict = VAL_BOGUS, .code = VAL_R_HASH_BUDGET, .ede = EDE_DNSSEC_BOGUS, .owner = "nope.nsec3.test.",
	  .hashes = EQ(2 * 6) },

	/* ---------------------------------------------------------------- */
	/* Opt-out: optout.test.                                             */
	{ .name = "optout nxdomain is insecure with optout set",
	  .src = ATTACK, .file = "optout-nxdomain", .zone = "optout.test.",
	  .want = VAL_DENY_NXDOMAIN, .qname = "nope.optout.test.", .qtype = VAL_T_A,
	  .verdict = VAL_INSECURE, .code = VAL_R_OPTOUT, .ede = EDE_OTHER, .owner = "nope.optout.test.",
	  .optout = SET, .delegation = CLEAR },
	/* No NSEC3 showed NS at ins1: opt-out says only "maybe a delegation". */
	{ .name = "optout ds nodata for an unsigned delegation is insecure with optout set",
	  .src = ATTACK, .file = "optout-ds-unsigned-delegation", .zone = "optout.test.",
	  .want = VAL_DENY_NODATA, .qname = "ins1.optout.test.", .qtype = VAL_T_DS,
	  .verdict = VAL_INSECURE, .code = VAL_R_OPTOUT, .ede = EDE_OTHER, .owner = "ins1.optout.test.",
	  .optout = SET, .delegation = CLEAR },
	{ .name = "optout zone nodata with a matching nsec3 is secure",
	  .src = ATTACK, .file = "optout-nodata", .zone = "optout.test.",
	  .want = VAL_DENY_NODATA, .qname = "a.optout.test.", .qtype = VAL_T_MX,
	  .verdict = VAL_SECURE },

	/* ---------------------------------------------------------------- */
	/* RFC 9276 limits                                                   */
	{ .name = "nsec3 with 65535 iterations is insecure ede 27 after its rrsig verified",
	  .src = ATTACK, .file = "iter65535-nxdomain", .zone = "iter65535.test.",
	  .want = VAL_DENY_NXDOMAIN, .qname = "nope.iter65535.test.", .qtype = VAL_T_A,
	  .verdict = VAL_INSECURE, .code = VAL_R_NSEC3_ITER_LIMIT, .ede = EDE_UNSUPPORTED_NSEC3_ITERATIONS,
	  .owner = "nope.iter65535.test.", .optout = CLEAR, .sigs = EQ(2), .hashes = EQ(0) },
	{ .name = "nsec3 with 65535 iterations and a broken rrsig is bogus not insecure",
	  .src = ATTACK, .file = "iter65535-nxdomain-bad-rrsig", .zone = "iter65535.test.",
	  .want = VAL_DENY_NXDOMAIN, .qname = "nope.iter65535.test.", .qtype = VAL_T_A,
	  .verdict = VAL_BOGUS, .code = VAL_R_SIG_INVALID, .ede = EDE_DNSSEC_BOGUS,
	  .owner = "1em193d0j1fq7dnudu61mpo9q7iv3291.iter65535.test.", .type = VAL_T_NSEC3, .hashes = EQ(0) },
	{ .name = "nsec3 with a 255 octet salt is insecure ede 27 after its rrsig verified",
	  .src = ATTACK, .file = "salt255-nxdomain", .zone = "salt255.test.",
	  .want = VAL_DENY_NXDOMAIN, .qname = "nope.salt255.test.", .qtype = VAL_T_A,
	  .verdict = VAL_INSECURE, .code = VAL_R_NSEC3_ITER_LIMIT, .ede = EDE_UNSUPPORTED_NSEC3_ITERATIONS,
	  .owner = "nope.salt255.test.", .sigs = EQ(1), .hashes = EQ(0) },
	{ .name = "nsec3 with a 255 octet salt and a broken rrsig is bogus not insecure",
	  .src = ATTACK, .file = "salt255-nxdomain-bad-rrsig", .zone = "salt255.test.",
	  .want = VAL_DENY_NXDOMAIN, .qname = "nope.salt255.test.", .qtype = VAL_T_A,
	  .verdict = VAL_BOGUS, .code = VAL_R_SIG_INVALID, .ede = EDE_DNSSEC_BOGUS,
	  .owner = "93b4toec0caqjumjpmjo81vfljaqufap.salt255.test.", .hashes = EQ(0) },

	/* ---------------------------------------------------------------- */
	/* RFC 4035 and RFC 5155 Appendix B: the example. zone               */
	{ .name = "rfc4035 b2 nxdomain is secure",
	  .src = RFC4035, .file = "rfc4035-B.2",
	  .want = VAL_DENY_NXDOMAIN, .qname = "ml.example.", .qtype = VAL_T_A,
	  .verdict = VAL_SECURE },
	{ .name = "rfc4035 b3 nodata is secure",
	  .src = RFC4035, .file = "rfc4035-B.3",
	  .want = VAL_DENY_NODATA, .qname = "ns1.example.", .qtype = VAL_T_MX,
	  .verdict = VAL_SECURE, .delegation = CLEAR },
	{ .name = "rfc4035 b5 no ds for b example is secure at a delegation",
	  .src = RFC4035, .file = "rfc4035-B.5",
	  .want = VAL_DENY_NODATA, .qname = "b.example.", .qtype = VAL_T_DS,
	  .verdict = VAL_SECURE, .delegation = SET },
	{ .name = "rfc4035 b6 wildcard answer with labels 2 is secure",
	  .src = RFC4035, .file = "rfc4035-B.6",
	  .want = VAL_DENY_NO_CLOSER, .qname = "a.z.w.example.", .qtype = VAL_T_MX, .answer_labels = 2,
	  .verdict = VAL_SECURE },
	{ .name = "rfc4035 b7 wildcard nodata is secure",
	  .src = RFC4035, .file = "rfc4035-B.7",
	  .want = VAL_DENY_NODATA, .qname = "a.z.w.example.", .qtype = VAL_T_AAAA,
	  .verdict = VAL_SECURE },
	/* The DS query sent to the child: its proof belongs to the parent. */
	{ .name = "rfc4035 b8 apex nsec cannot deny the zones own ds",
	  .src = RFC4035, .file = "rfc4035-B.8",
	  .want = VAL_DENY_NODATA, .qname = "example.", .qtype = VAL_T_DS,
	  .verdict = VAL_BOGUS, .code = VAL_R_DS_AT_APEX, .ede = EDE_DNSSEC_BOGUS, .owner = "example." },
	{ .name = "rfc5155 b1 nxdomain in an opt out span is insecure",
	  .src = RFC5155, .file = "rfc5155-B.1",
	  .want = VAL_DENY_NXDOMAIN, .qname = "a.c.x.w.example.", .qtype = VAL_T_A,
	  .verdict = VAL_INSECURE, .code = VAL_R_OPTOUT, .ede = EDE_OTHER, .owner = "a.c.x.w.example.",
	  .optout = SET },
	{ .name = "rfc5155 b2 nodata is secure",
	  .src = RFC5155, .file = "rfc5155-B.2",
	  .want = VAL_DENY_NODATA, .qname = "ns1.example.", .qtype = VAL_T_MX,
	  .verdict = VAL_SECURE },
	{ .name = "rfc5155 b2 1 nodata at an empty non-terminal is secure",
	  .src = RFC5155, .file = "rfc5155-B.2.1",
	  .want = VAL_DENY_NODATA, .qname = "y.w.example.", .qtype = VAL_T_A,
	  .verdict = VAL_SECURE },
	{ .name = "rfc5155 b3 no ds for c example in an opt out span is insecure",
	  .src = RFC5155, .file = "rfc5155-B.3",
	  .want = VAL_DENY_NODATA, .qname = "c.example.", .qtype = VAL_T_DS,
	  .verdict = VAL_INSECURE, .code = VAL_R_OPTOUT, .ede = EDE_OTHER, .owner = "c.example.",
	  .optout = SET },
	{ .name = "rfc5155 b4 wildcard answer with an opt out next closer is insecure",
	  .src = RFC5155, .file = "rfc5155-B.4",
	  .want = VAL_DENY_NO_CLOSER, .qname = "a.z.w.example.", .qtype = VAL_T_MX, .answer_labels = 2,
	  .verdict = VAL_INSECURE, .code = VAL_R_OPTOUT, .ede = EDE_OTHER, .owner = "a.z.w.example.",
	  .optout = SET },
	{ .name = "rfc5155 b5 wildcard nodata with an opt out next closer is insecure",
	  .src = RFC5155, .file = "rfc5155-B.5",
	  .want = VAL_DENY_NODATA, .qname = "a.z.w.example.", .qtype = VAL_T_AAAA,
	  .verdict = VAL_INSECURE, .code = VAL_R_OPTOUT, .ede = EDE_OTHER, .owner = "a.z.w.example.",
	  .optout = SET },
	{ .name = "rfc5155 b6 apex nsec3 cannot deny the zones own ds",
	  .src = RFC5155, .file = "rfc5155-B.6",
	  .want = VAL_DENY_NODATA, .qname = "example.", .qtype = VAL_T_DS,
	  .verdict = VAL_BOGUS, .code = VAL_R_DS_AT_APEX, .ede = EDE_DNSSEC_BOGUS, .owner = "example." },
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

/* The row's clock (the attack zones' signatures are valid 2025..2035)
 * and zone. */
static const char *case_now(const struct denial_case *c)
{
	return c->src == RFC4035 ? "20040420000000" : c->src == RFC5155 ? "20100101000000" : "20260101000000";
}

static const char *case_zone(const struct denial_case *c)
{
	return c->src == ATTACK ? c->zone : "example.";
}

/* The zone's DNSKEY RRset, validated in a context of its own (so that the
 * denial check's counters start at zero): an attack zone's from
 * <zone>-dnskey.msg with its KSK as the trust anchor, example.'s from the
 * RFC's zone file and its DNSKEY anchor.  *hold keeps the keys' message
 * (and *anchor the anchor's, or NULL): free both. */
static const struct val_rrset *case_keys(const struct denial_case *c, struct val_msg **hold,
					 struct val_msg **anchor)
{
	char path[256];
	const char *zone = case_zone(c);
	const struct val_rr *trust;
	*anchor = NULL;
	if (c->src == ATTACK) {
		snprintf(path, sizeof path, "tests/unit/data/attack/%.*s-dnskey.msg", (int)strlen(zone) - 1, zone);
		*hold = tu_load_msg(path);
	} else {
		unsigned rfc = c->src == RFC4035 ? 4035 : 5155;
		snprintf(path, sizeof path, "tests/unit/data/rfc%u-example-zone.msg", rfc);
		*hold = tu_load_msg(path);
		snprintf(path, sizeof path, "tests/unit/data/rfc%u-example-anchor.msg", rfc);
		*anchor = tu_load_msg(path);
	}
	const struct val_rrset *keys = tu_find_rrset(*hold, zone, VAL_T_DNSKEY);
	ck_assert_msg(keys != NULL, "%s: no DNSKEY RRset of %s", c->name, zone);
	trust = *anchor ? &(*anchor)->rrs[0] : key_with_flags(keys, VAL_DNSKEY_ZONE | VAL_DNSKEY_SEP);
	struct val_ctx vc;
	struct val_sigok ok;
	val_ctx_init(&vc, tu_time(case_now(c)));
	enum val_verdict v = val_dnskey_verify(&vc, keys, tu_name(zone), &trust, 1, true, &ok);
	ck_assert_msg(v == VAL_SECURE, "%s: DNSKEY of %s: %s (%s)", c->name, zone, val_verdict_str(v),
		      vc.reason.text);
	return keys;
}

/* The labels field of the RRSIG that makes the answer (qname/qtype) of
 * msg a wildcard expansion: it must verify, and be one. */
static uint8_t answer_labels(const struct denial_case *c, const struct val_msg *msg, const struct val_rrset *keys)
{
	struct val_ctx vc;
	struct val_sigok ok;
	val_ctx_init(&vc, tu_time(case_now(c)));
	const struct val_rrset *set = tu_find_rrset(msg, c->qname, c->qtype);
	ck_assert_msg(set != NULL, "%s: no answer RRset %s in %s", c->name, c->qname, c->file);
	enum val_verdict v = val_rrset_verify(&vc, set, tu_name(case_zone(c)), keys, &ok);
	ck_assert_msg(v == VAL_SECURE, "%s: the answer: %s (%s)", c->name, val_verdict_str(v), vc.reason.text);
	ck_assert_msg(ok.wildcard, "%s: the answer is no wildcard expansion", c->name);
	return ok.labels;
}

static void check_range(const struct denial_case *c, const char *what, struct range want, unsigned got)
{
	if (!want.on)
		return;
	if (want.lo == want.hi)
		ck_assert_msg(got == want.lo, "%s: %s %u, wanted %u", c->name, what, got, want.lo);
	else
		ck_assert_msg(got >= want.lo && got <= want.hi, "%s: %s %u, wanted %u to %u", c->name, what,
			      got, want.lo, want.hi);
}

static void check_flag(const struct denial_case *c, const char *what, enum flag want, bool got)
{
	if (want != UNASSERTED)
		ck_assert_msg(got == (want == SET), "%s: %s %s, wanted %s", c->name, what, got ? "set" : "clear",
			      want == SET ? "set" : "clear");
}

START_TEST(test_denial_case)
{
	const struct denial_case *c = &cases[_i];
	char path[256];
	struct val_msg *hold, *anchor;
	const struct val_rrset *keys = case_keys(c, &hold, &anchor);
	snprintf(path, sizeof path, c->src == ATTACK ? "tests/unit/data/attack/%s.msg" : "tests/unit/data/%s.msg",
		 c->file);
	struct val_msg *msg = tu_load_msg(path);
	uint8_t zone[VAL_NAME_MAX], qname[VAL_NAME_MAX];
	name_copy(zone, case_zone(c));
	name_copy(qname, c->qname);
	struct val_denial d = { .want = c->want, .qname = qname, .qtype = c->qtype, .labels = c->labels };
	if (c->answer_labels) {
		d.labels = answer_labels(c, msg, keys);
		ck_assert_msg(d.labels == c->answer_labels, "%s: the answer's RRSIG has labels %u, wanted %u",
			      c->name, d.labels, c->answer_labels);
	}
	struct val_ctx vc;
	val_ctx_init(&vc, tu_time(case_now(c)));
	if (c->hash_budget)
		vc.hash_budget = c->hash_budget;
	unsigned budget = vc.hash_budget;
	enum val_verdict v = val_denial_check(&vc, msg, zone, keys, &d);
	const struct val_reason *r = &vc.reason;

	ck_assert_msg(v == c->verdict, "%s: %s (EDE %u: %s), wanted %s", c->name, val_verdict_str(v), r->ede,
		      r->text, val_verdict_str(c->verdict));
	ck_assert_msg(r->code == c->code, "%s: reason %s, wanted %s (%s)", c->name, val_code_name(r->code),
		      val_code_name(c->code), r->text);
	if (c->verdict == VAL_SECURE) {
		ck_assert_msg(!d.optout, "%s: secure with opt-out set", c->name);
	} else {
		char o[VAL_NAME_STR_MAX], z[VAL_NAME_STR_MAX];
		ck_assert_msg(r->ede == c->ede, "%s: EDE %u, wanted %u (%s)", c->name, r->ede, c->ede, r->text);
		ck_assert_msg(val_name_eq(r->owner, tu_name(c->owner)), "%s: reason about %s, wanted %s", c->name,
			      val_name_str(r->owner, o), c->owner);
		ck_assert_msg(val_name_eq(r->zone, zone), "%s: reason names zone %s, wanted %s", c->name,
			      val_name_str(r->zone, z), case_zone(c));
	}
	if (c->type)
		ck_assert_msg(r->type == c->type, "%s: reason about type %u, wanted %u", c->name, r->type, c->type);
	if (c->inception)
		ck_assert_msg(r->inception == tu_time(c->inception), "%s: inception %u, wanted %s", c->name,
			      r->inception, c->inception);
	if (c->expiration)
		ck_assert_msg(r->expiration == tu_time(c->expiration), "%s: expiration %u, wanted %s", c->name,
			      r->expiration, c->expiration);
	if (c->key_tag)
		ck_assert_msg(r->key_tag != 0, "%s: the reason names no key tag", c->name);
	check_flag(c, "opt-out", c->optout, d.optout);
	check_flag(c, "delegation", c->delegation, d.delegation);
	check_range(c, "signatures verified", c->sigs, vc.sig_verifications);
	check_range(c, "NSEC3 hashes spent", c->hashes, budget - vc.hash_budget);
	val_msg_free(msg);
	val_msg_free(anchor);
	val_msg_free(hold);
}
END_TEST

static Suite *denial_suite(void)
{
	Suite *s = suite_create("denial");
	TCase *tc = tcase_create("cases");
	tcase_add_loop_test(tc, test_denial_case, 0, (int)(sizeof cases / sizeof cases[0]));
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(denial_suite)
