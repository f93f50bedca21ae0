/* tests/unit/test_crypto.c: key tags, DS digests and signatures against the
 * RFC vectors (tests/unit/data/, made by tests/unit/vectors/gen.py from
 * ../shared/rfc-vectors; see tests/unit/data/README.md), at the times
 * expect.tsv gives. */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#define DATA "tests/unit/data/"

static struct val_msg *load(const char *name)
{
	char path[256];
	snprintf(path, sizeof path, DATA "%s.msg", name);
	return tu_load_msg(path);
}

static const struct val_rrset *need_rrset(const struct val_msg *msg, const char *owner, uint16_t type)
{
	const struct val_rrset *set = tu_find_rrset(msg, owner, type);
	ck_assert_msg(set != NULL, "no %s type %u in the message", owner, type);
	return set;
}

static struct val_dnskey dnskey_of(const struct val_rr *rr)
{
	struct val_dnskey key;
	ck_assert_int_eq(val_rdata_dnskey(rr, &key), 0);
	return key;
}

static struct val_ds ds_of(const struct val_rr *rr)
{
	struct val_ds ds;
	ck_assert_int_eq(val_rdata_ds(rr, &ds), 0);
	return ds;
}

/* Verifies signature i of set with key (data from val_signed_data). */
static enum val_crypto verify_sig(const struct val_rrset *set, size_t i, const struct val_dnskey *key)
{
	struct val_rrsig sig;
	ck_assert_int_eq(val_rdata_rrsig(set->sigs[i], &sig), 0);
	uint8_t *data = NULL;
	size_t len = 0;
	ck_assert_int_eq(val_signed_data(&sig, set, &data, &len), 0);
	enum val_crypto r = val_verify(sig.algorithm, key->key, key->key_len, data, len,
				       sig.signature, sig.signature_len);
	free(data);
	return r;
}

/* ------------------------------------------------------------------ */
/* The offline rows of expect.tsv: one DNSKEY, one signed RRset, DSes.  */

struct example {
	const char *file;	/* tests/unit/data/FILE.msg */
	const char *zone;	/* owner of the DNSKEY and DS */
	const char *owner;	/* the signed RRset */
	uint16_t type;
	uint8_t algorithm;
	uint16_t tag;		/* key tag the RFC prints */
	const char *at;		/* expect.tsv "at" */
};

/* Checks the key tag, the window at ex->at and the RRSIG; returns the
 * verification result. */
static enum val_crypto check_example(const struct example *ex)
{
	struct val_msg *msg = load(ex->file);
	const struct val_rrset *keys = need_rrset(msg, ex->zone, VAL_T_DNSKEY);
	ck_assert_uint_eq(keys->nrr, 1);
	struct val_dnskey key = dnskey_of(keys->rrs[0]);
	ck_assert_uint_eq(key.algorithm, ex->algorithm);
	ck_assert_uint_eq(val_keytag(key.rdata, key.rdlen), ex->tag);
	ck_assert(val_alg_supported(ex->algorithm));

	const struct val_rrset *set = need_rrset(msg, ex->owner, ex->type);
	ck_assert_uint_eq(set->nsig, 1);
	struct val_rrsig sig;
	ck_assert_int_eq(val_rdata_rrsig(set->sigs[0], &sig), 0);
	ck_assert_uint_eq(sig.key_tag, ex->tag);
	ck_assert_uint_eq(sig.algorithm, ex->algorithm);
	ck_assert_int_eq(val_time_check(sig.inception, sig.expiration, tu_time(ex->at), VAL_SKEW_SECONDS),
			 VAL_TIME_OK);
	enum val_crypto r = verify_sig(set, 0, &key);
	val_msg_free(msg);
	return r;
}

/* Every DS of the file against its one DNSKEY; returns how many match and
 * asserts that the others are INVALID. */
static size_t check_example_ds(const char *file, const char *zone)
{
	struct val_msg *msg = load(file);
	const struct val_rrset *keys = need_rrset(msg, zone, VAL_T_DNSKEY);
	const struct val_rrset *dses = need_rrset(msg, zone, VAL_T_DS);
	ck_assert_uint_eq(keys->nrr, 1);
	struct val_dnskey key = dnskey_of(keys->rrs[0]);
	size_t valid = 0;
	for (size_t i = 0; i < dses->nrr; i++) {
		struct val_ds ds = ds_of(dses->rrs[i]);
		ck_assert(val_digest_supported(ds.digest_type));
		enum val_crypto r = val_ds_match(&ds, dses->owner, &key);
		ck_assert_msg(r == VAL_CRYPTO_VALID || r == VAL_CRYPTO_INVALID, "DS: %s", val_crypto_str(r));
		valid += r == VAL_CRYPTO_VALID;
	}
	val_msg_free(msg);
	return valid;
}

static const struct example rfc5702_61 = { "rfc5702-6.1", "example.net.", "www.example.net.",
					   VAL_T_A, 8, 9033, "20150101000000" };
static const struct example rfc5702_62 = { "rfc5702-6.2", "example.net.", "www.example.net.",
					   VAL_T_A, 10, 3740, "20150101000000" };
static const struct example rfc6605_61 = { "rfc6605-6.1", "example.net.", "www.example.net.",
					   VAL_T_A, 13, 55648, "20100825000000" };
static const struct example rfc6605_62 = { "rfc6605-6.2", "example.net.", "www.example.net.",
					   VAL_T_A, 14, 10771, "20100825000000" };
static const struct example rfc6605_61_flipped = { "corrupt-rfc6605-6.1-flipped-sig", "example.net.",
						   "www.example.net.", VAL_T_A, 13, 55648,
						   "20100825000000" };
static const struct example rfc8080_61_1 = { "rfc8080-6.1-1-eid4935", "example.com.", "example.com.",
					     VAL_T_MX, 15, 3613, "20150801000000" };
static const struct example rfc8080_61_2 = { "rfc8080-6.1-2-eid4935", "example.com.", "example.com.",
					     VAL_T_MX, 15, 35217, "20150801000000" };
static const struct example rfc8080_62_1 = { "rfc8080-6.2-1-eid4935", "example.com.", "example.com.",
					     VAL_T_MX, 16, 9713, "20150801000000" };
static const struct example rfc8080_62_2 = { "rfc8080-6.2-2-eid4935", "example.com.", "example.com.",
					     VAL_T_MX, 16, 38353, "20150801000000" };

START_TEST(test_rfc5702_rsasha256_512bit_rrsig_verifies)
{
	ck_assert_int_eq(check_example(&rfc5702_61), VAL_CRYPTO_VALID);
}
END_TEST

START_TEST(test_rfc5702_rsasha512_rrsig_verifies)
{
	ck_assert_int_eq(check_example(&rfc5702_62), VAL_CRYPTO_VALID);
}
END_TEST

START_TEST(test_rfc6605_p256_rrsig_verifies)
{
	ck_assert_int_eq(check_example(&rfc6605_61), VAL_CRYPTO_VALID);
}
END_TEST

START_TEST(test_rfc6605_p256_ds_sha256_matches_the_key)
{
	ck_assert_uint_eq(check_example_ds("rfc6605-6.1", "example.net."), 1);
}
END_TEST

START_TEST(test_rfc6605_p384_rrsig_verifies)
{
	ck_assert_int_eq(check_example(&rfc6605_62), VAL_CRYPTO_VALID);
}
END_TEST

START_TEST(test_rfc6605_p384_ds_sha384_matches_the_key)
{
	ck_assert_uint_eq(check_example_ds("rfc6605-6.2", "example.net."), 1);
}
END_TEST

START_TEST(test_rfc6605_p256_signature_with_one_flipped_bit_is_invalid)
{
	ck_assert_int_eq(check_example(&rfc6605_61_flipped), VAL_CRYPTO_INVALID);
}
END_TEST

START_TEST(test_rfc8080_ed25519_example_1_with_erratum_4935_verifies)
{
	ck_assert_int_eq(check_example(&rfc8080_61_1), VAL_CRYPTO_VALID);
	ck_assert_uint_eq(check_example_ds("rfc8080-6.1-1-eid4935", "example.com."), 1);
}
END_TEST

START_TEST(test_rfc8080_ed25519_example_2_with_erratum_4935_verifies)
{
	ck_assert_int_eq(check_example(&rfc8080_61_2), VAL_CRYPTO_VALID);
	ck_assert_uint_eq(check_example_ds("rfc8080-6.1-2-eid4935", "example.com."), 1);
}
END_TEST

START_TEST(test_rfc8080_ed448_example_1_with_erratum_4935_verifies)
{
	ck_assert_int_eq(check_example(&rfc8080_62_1), VAL_CRYPTO_VALID);
	ck_assert_uint_eq(check_example_ds("rfc8080-6.2-1-eid4935", "example.com."), 1);
}
END_TEST

START_TEST(test_rfc8080_ed448_example_2_with_erratum_4935_verifies)
{
	ck_assert_int_eq(check_example(&rfc8080_62_2), VAL_CRYPTO_VALID);
	ck_assert_uint_eq(check_example_ds("rfc8080-6.2-2-eid4935", "example.com."), 1);
}
END_TEST

START_TEST(test_rfc4034_key_tag_is_60485_and_sha1_ds_matches)
{
	struct val_msg *msg = load("rfc4034-5.4-ds-sha1");
	struct val_dnskey key = dnskey_of(need_rrset(msg, "dskey.example.com.", VAL_T_DNSKEY)->rrs[0]);
	ck_assert_uint_eq(val_keytag(key.rdata, key.rdlen), 60485);
	val_msg_free(msg);
	ck_assert_uint_eq(check_example_ds("rfc4034-5.4-ds-sha1", "dskey.example.com."), 1);
}
END_TEST

START_TEST(test_rfc4509_sha256_ds_matches)
{
	ck_assert_uint_eq(check_example_ds("rfc4509-2.3-ds-sha256", "dskey.example.com."), 1);
}
END_TEST

START_TEST(test_rfc4509_ds_with_its_last_digit_changed_does_not_match)
{
	ck_assert_uint_eq(check_example_ds("corrupt-rfc4509-2.3-wrong-digest", "dskey.example.com."), 0);
}
END_TEST

START_TEST(test_ds_match_ignores_the_case_of_the_owner)
{
	struct val_msg *msg = load("rfc4509-2.3-ds-sha256");
	struct val_dnskey key = dnskey_of(need_rrset(msg, "dskey.example.com.", VAL_T_DNSKEY)->rrs[0]);
	struct val_ds ds = ds_of(need_rrset(msg, "dskey.example.com.", VAL_T_DS)->rrs[0]);
	ck_assert_int_eq(val_ds_match(&ds, tu_name("DSKEY.Example.COM."), &key), VAL_CRYPTO_VALID);
	val_msg_free(msg);
}
END_TEST

START_TEST(test_ds_with_another_key_tag_or_algorithm_does_not_match)
{
	struct val_msg *msg = load("rfc4509-2.3-ds-sha256");
	struct val_dnskey key = dnskey_of(need_rrset(msg, "dskey.example.com.", VAL_T_DNSKEY)->rrs[0]);
	const uint8_t *owner = need_rrset(msg, "dskey.example.com.", VAL_T_DS)->owner;
	struct val_ds ds = ds_of(need_rrset(msg, "dskey.example.com.", VAL_T_DS)->rrs[0]);
	ds.key_tag++;
	ck_assert_int_eq(val_ds_match(&ds, owner, &key), VAL_CRYPTO_INVALID);
	ds.key_tag--;
	ds.algorithm = 8;
	ck_assert_int_eq(val_ds_match(&ds, owner, &key), VAL_CRYPTO_INVALID);
	ds.algorithm = 5;
	ck_assert_int_eq(val_ds_match(&ds, owner, &key), VAL_CRYPTO_VALID);
	val_msg_free(msg);
}
END_TEST

START_TEST(test_ds_digest_of_the_wrong_length_is_invalid)
{
	struct val_msg *msg = load("rfc4509-2.3-ds-sha256");
	struct val_dnskey key = dnskey_of(need_rrset(msg, "dskey.example.com.", VAL_T_DNSKEY)->rrs[0]);
	const uint8_t *owner = need_rrset(msg, "dskey.example.com.", VAL_T_DS)->owner;
	struct val_ds ds = ds_of(need_rrset(msg, "dskey.example.com.", VAL_T_DS)->rrs[0]);
	ds.digest_len = 20;	/* a SHA-1 length under type 2 */
	ck_assert_int_eq(val_ds_match(&ds, owner, &key), VAL_CRYPTO_INVALID);
	ds.digest_len = 0;
	ck_assert_int_eq(val_ds_match(&ds, owner, &key), VAL_CRYPTO_INVALID);
	val_msg_free(msg);
}
END_TEST

START_TEST(test_ds_digest_types_3_and_99_are_unsupported)
{
	struct val_msg *msg = load("rfc4509-2.3-ds-sha256");
	struct val_dnskey key = dnskey_of(need_rrset(msg, "dskey.example.com.", VAL_T_DNSKEY)->rrs[0]);
	const uint8_t *owner = need_rrset(msg, "dskey.example.com.", VAL_T_DS)->owner;
	struct val_ds ds = ds_of(need_rrset(msg, "dskey.example.com.", VAL_T_DS)->rrs[0]);
	static const uint8_t types[] = { 0, 3, 5, 99, 255 };
	for (size_t i = 0; i < sizeof types; i++) {
		ds.digest_type = types[i];
		ck_assert_int_eq(val_ds_match(&ds, owner, &key), VAL_CRYPTO_UNSUPPORTED);
		ck_assert(!val_digest_supported(types[i]));
	}
	val_msg_free(msg);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Key tags                                                             */

START_TEST(test_key_tags_of_every_vector_key_are_the_printed_ones)
{
	static const struct { const char *file, *zone; uint16_t tags[2]; } cases[] = {
		{ "rfc4509-2.3-ds-sha256", "dskey.example.com.", { 60485, 60485 } },
		{ "rfc5702-6.1", "example.net.", { 9033, 9033 } },
		{ "rfc5702-6.2", "example.net.", { 3740, 3740 } },
		{ "rfc6605-6.1", "example.net.", { 55648, 55648 } },
		{ "rfc6605-6.2", "example.net.", { 10771, 10771 } },
		{ "rfc8080-6.1-1-eid4935", "example.com.", { 3613, 3613 } },
		{ "rfc8080-6.1-2-eid4935", "example.com.", { 35217, 35217 } },
		{ "rfc8080-6.2-1-eid4935", "example.com.", { 9713, 9713 } },
		{ "rfc8080-6.2-2-eid4935", "example.com.", { 38353, 38353 } },
		/* RFC 4035 App. A: ZSK 38519, KSK 9465; RFC 5155: 40430, 12708 */
		{ "rfc4035-example-zone", "example.", { 38519, 9465 } },
		{ "rfc5155-example-zone", "example.", { 40430, 12708 } },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct val_msg *msg = load(cases[i].file);
		const struct val_rrset *keys = need_rrset(msg, cases[i].zone, VAL_T_DNSKEY);
		unsigned seen = 0;
		for (size_t k = 0; k < keys->nrr; k++) {
			struct val_dnskey key = dnskey_of(keys->rrs[k]);
			uint16_t tag = val_keytag(key.rdata, key.rdlen);
			ck_assert_msg(tag == cases[i].tags[0] || tag == cases[i].tags[1],
				      "%s: key tag %u", cases[i].file, tag);
			seen |= tag == cases[i].tags[0] ? 1u : 2u;
		}
		ck_assert_uint_eq(seen, keys->nrr == 1 ? 1u : 3u);
		val_msg_free(msg);
	}
}
END_TEST

START_TEST(test_key_tag_of_algorithm_1_uses_the_modulus_bits_of_appendix_b1)
{
	/* RFC 4034 App. B.1: the tag is the most significant 16 of the least
	 * significant 24 bits of the modulus, not the checksum. */
	static const uint8_t rdata[] = { 0x01, 0x00, 0x03, 0x01, 0x01, 0x03,
					 0xa1, 0xb2, 0xc3, 0xd4, 0xe5, 0xf6 };
	ck_assert_uint_eq(val_keytag(rdata, sizeof rdata), 0xd4e5);
	uint8_t other[sizeof rdata];
	memcpy(other, rdata, sizeof rdata);
	other[3] = 5;	/* the same octets under RSASHA1 use the checksum */
	ck_assert_uint_ne(val_keytag(other, sizeof other), 0xd4e5);
}
END_TEST

START_TEST(test_key_tag_of_a_short_rdata_does_not_read_past_it)
{
	static const uint8_t rdata[] = { 0x01, 0x00, 0x03, 0x01, 0xaa };
	ck_assert_uint_eq(val_keytag(rdata, sizeof rdata), 0);
	/* three octets: no algorithm field, so the checksum 0x0100 + 0x0300 */
	ck_assert_uint_eq(val_keytag(rdata, 3), 0x0400);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Whole zones: every RRSIG with the zone's DNSKEYs                     */

struct zone_result {
	size_t valid, invalid;
	char invalid_owner[VAL_NAME_STR_MAX];
	uint16_t invalid_type;
};

static struct zone_result verify_zone(const char *file, const char *at)
{
	struct zone_result res = { 0 };
	struct val_msg *msg = load(file);
	uint64_t now = tu_time(at);
	const struct val_rrset *keys = need_rrset(msg, "example.", VAL_T_DNSKEY);
	/* every RRSIG of the zone file covers a set that is present */
	ck_assert_uint_eq(msg->norphan_sigs, 0);
	for (size_t s = 0; s < msg->nsets; s++) {
		const struct val_rrset *set = &msg->sets[s];
		for (size_t i = 0; i < set->nsig; i++) {
			struct val_rrsig sig;
			ck_assert_int_eq(val_rdata_rrsig(set->sigs[i], &sig), 0);
			ck_assert(val_name_eq(sig.signer, tu_name("example.")));
			ck_assert_int_eq(val_time_check(sig.inception, sig.expiration, now, VAL_SKEW_SECONDS),
					 VAL_TIME_OK);
			const struct val_dnskey *key = NULL;
			struct val_dnskey k;
			for (size_t j = 0; j < keys->nrr && !key; j++) {
				k = dnskey_of(keys->rrs[j]);
				if (k.algorithm == sig.algorithm && val_keytag(k.rdata, k.rdlen) == sig.key_tag)
					key = &k;
			}
			ck_assert_msg(key != NULL, "no DNSKEY %u", sig.key_tag);
			enum val_crypto r = verify_sig(set, i, key);
			if (r == VAL_CRYPTO_VALID) {
				res.valid++;
				continue;
			}
			ck_assert_msg(r == VAL_CRYPTO_INVALID, "%s", val_crypto_str(r));
			res.invalid++;
			val_name_str(set->owner, res.invalid_owner);
			res.invalid_type = set->type;
		}
	}
	val_msg_free(msg);
	return res;
}

START_TEST(test_rfc4035_zone_all_27_rrsigs_verify_in_april_2004)
{
	struct zone_result r = verify_zone("rfc4035-example-zone", "20040420000000");
	ck_assert_uint_eq(r.valid, 27);
	ck_assert_uint_eq(r.invalid, 0);
}
END_TEST

START_TEST(test_rfc5155_zone_all_30_rrsigs_verify_in_2010)
{
	struct zone_result r = verify_zone("rfc5155-example-zone", "20100101000000");
	ck_assert_uint_eq(r.valid, 30);
	ck_assert_uint_eq(r.invalid, 0);
}
END_TEST

START_TEST(test_rfc4035_zone_with_a_flipped_mx_signature_bit_fails_only_that_rrsig)
{
	struct zone_result r = verify_zone("corrupt-rfc4035-flipped-sig-zone", "20040420000000");
	ck_assert_uint_eq(r.valid, 26);
	ck_assert_uint_eq(r.invalid, 1);
	ck_assert_str_eq(r.invalid_owner, "x.w.example.");
	ck_assert_uint_eq(r.invalid_type, VAL_T_MX);
}
END_TEST

START_TEST(test_rfc5155_zone_with_a_flipped_a_signature_bit_fails_only_that_rrsig)
{
	struct zone_result r = verify_zone("corrupt-rfc5155-flipped-sig-zone", "20100101000000");
	ck_assert_uint_eq(r.valid, 29);
	ck_assert_uint_eq(r.invalid, 1);
	ck_assert_str_eq(r.invalid_owner, "xx.example.");
	ck_assert_uint_eq(r.invalid_type, VAL_T_A);
}
END_TEST

/* The zone's DNSKEY set against a DS anchor file: how many keys match. */
static size_t anchor_matches(const char *zone_file, const char *ds_file)
{
	struct val_msg *zone = load(zone_file), *anchor = load(ds_file);
	const struct val_rrset *keys = need_rrset(zone, "example.", VAL_T_DNSKEY);
	const struct val_rrset *dses = need_rrset(anchor, "example.", VAL_T_DS);
	ck_assert_uint_eq(dses->nrr, 1);
	struct val_ds ds = ds_of(dses->rrs[0]);
	size_t n = 0;
	for (size_t i = 0; i < keys->nrr; i++) {
		struct val_dnskey key = dnskey_of(keys->rrs[i]);
		enum val_crypto r = val_ds_match(&ds, dses->owner, &key);
		ck_assert(r == VAL_CRYPTO_VALID || r == VAL_CRYPTO_INVALID);
		n += r == VAL_CRYPTO_VALID;
	}
	val_msg_free(anchor);
	val_msg_free(zone);
	return n;
}

START_TEST(test_rfc4035_ds_anchor_matches_exactly_the_ksk)
{
	ck_assert_uint_eq(anchor_matches("rfc4035-example-zone", "rfc4035-example-ds"), 1);
}
END_TEST

START_TEST(test_rfc5155_ds_anchor_matches_exactly_the_ksk)
{
	ck_assert_uint_eq(anchor_matches("rfc5155-example-zone", "rfc5155-example-ds"), 1);
}
END_TEST

START_TEST(test_ds_anchors_with_a_changed_digit_match_no_key)
{
	ck_assert_uint_eq(anchor_matches("rfc4035-example-zone", "corrupt-rfc4035-wrong-digest-ds"), 0);
	ck_assert_uint_eq(anchor_matches("rfc5155-example-zone", "corrupt-rfc5155-wrong-digest-ds"), 0);
}
END_TEST

START_TEST(test_dnskey_anchors_are_the_zones_ksks)
{
	static const struct { const char *zone, *anchor; uint16_t tag; } cases[] = {
		{ "rfc4035-example-zone", "rfc4035-example-anchor", 9465 },
		{ "rfc5155-example-zone", "rfc5155-example-anchor", 12708 },
	};
	for (size_t c = 0; c < 2; c++) {
		struct val_msg *zone = load(cases[c].zone), *anchor = load(cases[c].anchor);
		struct val_dnskey a = dnskey_of(need_rrset(anchor, "example.", VAL_T_DNSKEY)->rrs[0]);
		ck_assert_uint_eq(val_keytag(a.rdata, a.rdlen), cases[c].tag);
		ck_assert_uint_eq(a.flags, VAL_DNSKEY_ZONE | VAL_DNSKEY_SEP);
		const struct val_rrset *keys = need_rrset(zone, "example.", VAL_T_DNSKEY);
		size_t same = 0;
		for (size_t i = 0; i < keys->nrr; i++) {
			struct val_dnskey k = dnskey_of(keys->rrs[i]);
			same += k.rdlen == a.rdlen && memcmp(k.rdata, a.rdata, a.rdlen) == 0;
		}
		ck_assert_uint_eq(same, 1);
		val_msg_free(anchor);
		val_msg_free(zone);
	}
}
END_TEST

/* ------------------------------------------------------------------ */
/* Keys and signatures that are not right                               */

/* The RFC 5702 §6.1 example: key, signed data and signature, copied out
 * of the message so that tests can change them. */
struct rsa_example {
	uint8_t key[512];
	size_t key_len;
	uint8_t sig[512];
	size_t sig_len;
	uint8_t *data;
	size_t data_len;
};

static void load_example(const struct example *ex, struct rsa_example *out)
{
	struct val_msg *msg = load(ex->file);
	struct val_dnskey key = dnskey_of(need_rrset(msg, ex->zone, VAL_T_DNSKEY)->rrs[0]);
	const struct val_rrset *set = need_rrset(msg, ex->owner, ex->type);
	struct val_rrsig sig;
	ck_assert_int_eq(val_rdata_rrsig(set->sigs[0], &sig), 0);
	ck_assert_uint_le(key.key_len, sizeof out->key);
	ck_assert_uint_le(sig.signature_len, sizeof out->sig);
	memcpy(out->key, key.key, key.key_len);
	out->key_len = key.key_len;
	memcpy(out->sig, sig.signature, sig.signature_len);
	out->sig_len = sig.signature_len;
	ck_assert_int_eq(val_signed_data(&sig, set, &out->data, &out->data_len), 0);
	val_msg_free(msg);
}

static enum val_crypto verify_example(uint8_t alg, const struct rsa_example *e)
{
	return val_verify(alg, e->key, e->key_len, e->data, e->data_len, e->sig, e->sig_len);
}

START_TEST(test_algorithms_1_3_6_12_and_99_are_unsupported)
{
	struct rsa_example e;
	load_example(&rfc5702_61, &e);
	static const uint8_t algs[] = { 0, 1, 2, 3, 4, 6, 9, 11, 12, 17, 23, 99, 252, 253, 254, 255 };
	for (size_t i = 0; i < sizeof algs; i++) {
		ck_assert_int_eq(verify_example(algs[i], &e), VAL_CRYPTO_UNSUPPORTED);
		ck_assert(!val_alg_supported(algs[i]));
	}
	free(e.data);
}
END_TEST

START_TEST(test_every_implemented_algorithm_and_digest_is_supported_on_debian_12)
{
	static const uint8_t algs[] = { 5, 7, 8, 10, 13, 14, 15, 16 };
	for (size_t i = 0; i < sizeof algs; i++)
		ck_assert_msg(val_alg_supported(algs[i]), "algorithm %u", algs[i]);
	ck_assert(val_digest_supported(1));
	ck_assert(val_digest_supported(2));
	ck_assert(val_digest_supported(4));
}
END_TEST

START_TEST(test_algorithm_and_digest_names_are_the_rfc_8624_mnemonics)
{
	ck_assert_str_eq(val_alg_name(5), "RSASHA1");
	ck_assert_str_eq(val_alg_name(7), "RSASHA1-NSEC3-SHA1");
	ck_assert_str_eq(val_alg_name(8), "RSASHA256");
	ck_assert_str_eq(val_alg_name(10), "RSASHA512");
	ck_assert_str_eq(val_alg_name(13), "ECDSAP256SHA256");
	ck_assert_str_eq(val_alg_name(14), "ECDSAP384SHA384");
	ck_assert_str_eq(val_alg_name(15), "ED25519");
	ck_assert_str_eq(val_alg_name(16), "ED448");
	ck_assert_str_eq(val_alg_name(12), "ECC-GOST");
	ck_assert_ptr_null(val_alg_name(99));
	ck_assert_str_eq(val_digest_name(1), "SHA-1");
	ck_assert_str_eq(val_digest_name(2), "SHA-256");
	ck_assert_str_eq(val_digest_name(4), "SHA-384");
	ck_assert_ptr_null(val_digest_name(99));
	ck_assert_str_ne(val_crypto_str(VAL_CRYPTO_VALID), val_crypto_str(VAL_CRYPTO_FAILED));
	ck_assert_str_eq(val_crypto_str(VAL_CRYPTO_VALID), "valid");
}
END_TEST

START_TEST(test_rsa_key_with_exponent_length_past_the_end_is_badkey)
{
	struct rsa_example e;
	load_example(&rfc5702_61, &e);
	/* one-octet length 3 over a 2-octet key */
	static const uint8_t short1[] = { 0x03, 0x01, 0x00 };
	ck_assert_int_eq(val_verify(8, short1, sizeof short1, e.data, e.data_len, e.sig, e.sig_len),
			 VAL_CRYPTO_BADKEY);
	/* RFC 3110 §2 long form: 0, then 0x0100 octets that are not there */
	uint8_t long_form[3 + 64];
	memset(long_form, 0xab, sizeof long_form);
	long_form[0] = 0;
	long_form[1] = 0x01;
	long_form[2] = 0x00;
	ck_assert_int_eq(val_verify(8, long_form, sizeof long_form, e.data, e.data_len, e.sig, e.sig_len),
			 VAL_CRYPTO_BADKEY);
	/* the exponent length octet of the real key made one too large */
	e.key[0]++;
	ck_assert_int_eq(verify_example(8, &e), VAL_CRYPTO_BADKEY);
	free(e.data);
}
END_TEST

START_TEST(test_rsa_key_without_modulus_or_exponent_is_badkey)
{
	struct rsa_example e;
	load_example(&rfc5702_61, &e);
	static const uint8_t no_modulus[] = { 0x03, 0x01, 0x00, 0x01 };
	static const uint8_t zero_exp_len[] = { 0x00, 0x00, 0x00, 0xc1, 0x5c };
	static const uint8_t empty[] = { 0 };
	ck_assert_int_eq(val_verify(8, no_modulus, sizeof no_modulus, e.data, e.data_len, e.sig, e.sig_len),
			 VAL_CRYPTO_BADKEY);
	ck_assert_int_eq(val_verify(8, zero_exp_len, sizeof zero_exp_len, e.data, e.data_len, e.sig,
				    e.sig_len), VAL_CRYPTO_BADKEY);
	ck_assert_int_eq(val_verify(8, empty, 0, e.data, e.data_len, e.sig, e.sig_len), VAL_CRYPTO_BADKEY);
	ck_assert_int_eq(val_verify(8, empty, 1, e.data, e.data_len, e.sig, e.sig_len), VAL_CRYPTO_BADKEY);
	/* an exponent as large as the modulus */
	uint8_t big_exp[1 + 64 + 64];
	big_exp[0] = 64;
	memcpy(big_exp + 1, e.key + 4, 64);
	memcpy(big_exp + 1 + 64, e.key + 4, 64);
	ck_assert_uint_eq(e.key_len, 4 + 64);
	ck_assert_int_eq(val_verify(8, big_exp, sizeof big_exp, e.data, e.data_len, e.sig, e.sig_len),
			 VAL_CRYPTO_BADKEY);
	/* a modulus of zeros */
	uint8_t zero_mod[4 + 64] = { 0x03, 0x01, 0x00, 0x01 };
	ck_assert_int_eq(val_verify(8, zero_mod, sizeof zero_mod, e.data, e.data_len, e.sig, e.sig_len),
			 VAL_CRYPTO_BADKEY);
	free(e.data);
}
END_TEST

START_TEST(test_rsa_key_in_the_long_exponent_form_or_with_leading_zeros_still_verifies)
{
	struct rsa_example e;
	load_example(&rfc5702_61, &e);
	ck_assert_int_eq(e.key[0], 3);	/* AwEAAc...: exponent 01 00 01 */
	/* RFC 3110 §2: 0, then a two-octet length (not needed for 3 octets,
	 * but readable) */
	uint8_t key[sizeof e.key + 3];
	key[0] = 0;
	key[1] = 0;
	key[2] = 3;
	memcpy(key + 3, e.key + 1, e.key_len - 1);
	ck_assert_int_eq(val_verify(8, key, e.key_len + 2, e.data, e.data_len, e.sig, e.sig_len),
			 VAL_CRYPTO_VALID);
	/* a leading zero octet in the modulus (prohibited, harmless) */
	key[0] = 3;
	memcpy(key + 1, e.key + 1, 3);
	key[4] = 0;
	memcpy(key + 5, e.key + 4, e.key_len - 4);
	ck_assert_int_eq(val_verify(8, key, e.key_len + 1, e.data, e.data_len, e.sig, e.sig_len),
			 VAL_CRYPTO_VALID);
	free(e.data);
}
END_TEST

/* val_crypto.c keeps the keys it built (issue 18): a kept key must be
 * found only by its exact octets and algorithm, with its modulus length,
 * and keys pushed out of the cache are built again. */
START_TEST(test_a_kept_key_is_found_only_by_its_exact_octets_and_algorithm)
{
	struct rsa_example e;
	load_example(&rfc5702_61, &e);
	ck_assert_int_eq(verify_example(8, &e), VAL_CRYPTO_VALID);
	e.key[e.key_len - 1] ^= 2;	/* another modulus, same length */
	ck_assert_int_eq(verify_example(8, &e), VAL_CRYPTO_INVALID);
	e.key[e.key_len - 1] ^= 2;
	ck_assert_int_eq(verify_example(8, &e), VAL_CRYPTO_VALID);
	/* the same octets as RSA/SHA-512: another key, another hash */
	ck_assert_int_eq(verify_example(10, &e), VAL_CRYPTO_INVALID);
	e.data[0] ^= 1;
	ck_assert_int_eq(verify_example(8, &e), VAL_CRYPTO_INVALID);
	e.data[0] ^= 1;

	/* More keys than the cache holds: the modulus with 1, 2, ...
	 * leading zero octets is the same key written in other octets. */
	uint8_t key[sizeof e.key + VAL_KEY_CACHE_MAX + 2];
	for (size_t zeros = 1; zeros <= VAL_KEY_CACHE_MAX + 2; zeros++) {
		memcpy(key, e.key, 4);	/* exponent length and exponent */
		memset(key + 4, 0, zeros);
		memcpy(key + 4 + zeros, e.key + 4, e.key_len - 4);
		ck_assert_int_eq(val_verify(8, key, e.key_len + zeros, e.data, e.data_len, e.sig, e.sig_len),
				 VAL_CRYPTO_VALID);
		/* the modulus length kept with the key counts value octets */
		ck_assert_int_eq(val_verify(8, key, e.key_len + zeros, e.data, e.data_len, e.sig, e.sig_len + 1),
				 VAL_CRYPTO_BADKEY);
	}
	ck_assert_int_eq(verify_example(8, &e), VAL_CRYPTO_VALID);
	e.sig[0] ^= 1;
	ck_assert_int_eq(verify_example(8, &e), VAL_CRYPTO_INVALID);
	free(e.data);
}
END_TEST

START_TEST(test_rsa_signature_not_as_long_as_the_modulus_is_badkey)
{
	struct rsa_example e;
	load_example(&rfc5702_61, &e);
	ck_assert_uint_eq(e.sig_len, 64);
	e.sig_len = 63;
	ck_assert_int_eq(verify_example(8, &e), VAL_CRYPTO_BADKEY);
	e.sig_len = 65;
	ck_assert_int_eq(verify_example(8, &e), VAL_CRYPTO_BADKEY);
	e.sig_len = 0;
	ck_assert_int_eq(verify_example(8, &e), VAL_CRYPTO_BADKEY);
	free(e.data);
}
END_TEST

START_TEST(test_rsa_over_changed_data_or_with_the_wrong_hash_is_invalid)
{
	struct rsa_example e;
	load_example(&rfc5702_62, &e);
	ck_assert_int_eq(verify_example(10, &e), VAL_CRYPTO_VALID);
	ck_assert_int_eq(verify_example(8, &e), VAL_CRYPTO_INVALID);
	ck_assert_int_eq(verify_example(5, &e), VAL_CRYPTO_INVALID);
	e.data[e.data_len - 1] ^= 1;
	ck_assert_int_eq(verify_example(10, &e), VAL_CRYPTO_INVALID);
	free(e.data);
}
END_TEST

START_TEST(test_rsa_modulus_over_4096_bits_is_badkey)
{
	struct rsa_example e;
	load_example(&rfc5702_61, &e);
	uint8_t key[4 + 513] = { 0x03, 0x01, 0x00, 0x01 };
	memset(key + 4, 0xc5, 513);
	ck_assert_int_eq(val_verify(8, key, sizeof key, e.data, e.data_len, e.sig, e.sig_len),
			 VAL_CRYPTO_BADKEY);
	free(e.data);
}
END_TEST

START_TEST(test_ec_point_not_on_the_curve_is_badkey)
{
	struct rsa_example e;
	load_example(&rfc6605_61, &e);
	ck_assert_int_eq(verify_example(13, &e), VAL_CRYPTO_VALID);
	e.key[63] ^= 1;	/* y changed: (x, y') is off the curve */
	ck_assert_int_eq(verify_example(13, &e), VAL_CRYPTO_BADKEY);
	memset(e.key, 0, 64);	/* (0, 0) is not on P-256 either */
	ck_assert_int_eq(verify_example(13, &e), VAL_CRYPTO_BADKEY);
	memset(e.key, 0xff, 64);	/* coordinates past the field prime */
	ck_assert_int_eq(verify_example(13, &e), VAL_CRYPTO_BADKEY);
	free(e.data);
}
END_TEST

START_TEST(test_ecdsa_key_or_signature_of_the_wrong_length_is_badkey)
{
	struct rsa_example e;
	load_example(&rfc6605_62, &e);
	ck_assert_int_eq(verify_example(14, &e), VAL_CRYPTO_VALID);
	/* a P-384 key under the P-256 algorithm */
	ck_assert_int_eq(verify_example(13, &e), VAL_CRYPTO_BADKEY);
	e.sig_len = 95;
	ck_assert_int_eq(verify_example(14, &e), VAL_CRYPTO_BADKEY);
	e.sig_len = 96;
	e.key_len = 95;
	ck_assert_int_eq(verify_example(14, &e), VAL_CRYPTO_BADKEY);
	free(e.data);
}
END_TEST

START_TEST(test_ecdsa_signature_of_zeros_or_over_the_order_is_invalid)
{
	struct rsa_example e;
	load_example(&rfc6605_61, &e);
	memset(e.sig, 0, 64);	/* r = s = 0 */
	ck_assert_int_eq(verify_example(13, &e), VAL_CRYPTO_INVALID);
	memset(e.sig, 0xff, 64);	/* r, s >= n */
	ck_assert_int_eq(verify_example(13, &e), VAL_CRYPTO_INVALID);
	free(e.data);
}
END_TEST

START_TEST(test_ed25519_key_of_31_octets_is_badkey)
{
	struct rsa_example e;
	load_example(&rfc8080_61_1, &e);
	ck_assert_int_eq(verify_example(15, &e), VAL_CRYPTO_VALID);
	e.key_len = 31;
	ck_assert_int_eq(verify_example(15, &e), VAL_CRYPTO_BADKEY);
	e.key_len = 33;
	ck_assert_int_eq(verify_example(15, &e), VAL_CRYPTO_BADKEY);
	e.key_len = 32;
	e.sig_len = 63;
	ck_assert_int_eq(verify_example(15, &e), VAL_CRYPTO_BADKEY);
	free(e.data);
}
END_TEST

START_TEST(test_ed448_key_or_signature_of_the_wrong_length_is_badkey)
{
	struct rsa_example e;
	load_example(&rfc8080_62_1, &e);
	ck_assert_uint_eq(e.key_len, 57);
	ck_assert_uint_eq(e.sig_len, 114);
	ck_assert_int_eq(verify_example(16, &e), VAL_CRYPTO_VALID);
	/* an Ed448 key under Ed25519 */
	ck_assert_int_eq(verify_example(15, &e), VAL_CRYPTO_BADKEY);
	e.key_len = 56;
	ck_assert_int_eq(verify_example(16, &e), VAL_CRYPTO_BADKEY);
	e.key_len = 57;
	e.sig_len = 113;
	ck_assert_int_eq(verify_example(16, &e), VAL_CRYPTO_BADKEY);
	free(e.data);
}
END_TEST

START_TEST(test_eddsa_with_one_flipped_bit_is_invalid)
{
	struct rsa_example e;
	load_example(&rfc8080_61_2, &e);
	e.sig[10] ^= 0x10;
	ck_assert_int_eq(verify_example(15, &e), VAL_CRYPTO_INVALID);
	free(e.data);
	load_example(&rfc8080_62_2, &e);
	e.data[0] ^= 0x01;
	ck_assert_int_eq(verify_example(16, &e), VAL_CRYPTO_INVALID);
	free(e.data);
}
END_TEST

static Suite *crypto_suite(void)
{
	Suite *s = suite_create("crypto");
	TCase *tc = tcase_create("rfc-vectors");
	tcase_add_test(tc, test_rfc5702_rsasha256_512bit_rrsig_verifies);
	tcase_add_test(tc, test_rfc5702_rsasha512_rrsig_verifies);
	tcase_add_test(tc, test_rfc6605_p256_rrsig_verifies);
	tcase_add_test(tc, test_rfc6605_p256_ds_sha256_matches_the_key);
	tcase_add_test(tc, test_rfc6605_p384_rrsig_verifies);
	tcase_add_test(tc, test_rfc6605_p384_ds_sha384_matches_the_key);
	tcase_add_test(tc, test_rfc6605_p256_signature_with_one_flipped_bit_is_invalid);
	tcase_add_test(tc, test_rfc8080_ed25519_example_1_with_erratum_4935_verifies);
	tcase_add_test(tc, test_rfc8080_ed25519_example_2_with_erratum_4935_verifies);
	tcase_add_test(tc, test_rfc8080_ed448_example_1_with_erratum_4935_verifies);
	tcase_add_test(tc, test_rfc8080_ed448_example_2_with_erratum_4935_verifies);
	tcase_add_test(tc, test_rfc4034_key_tag_is_60485_and_sha1_ds_matches);
	tcase_add_test(tc, test_rfc4509_sha256_ds_matches);
	tcase_add_test(tc, test_rfc4509_ds_with_its_last_digit_changed_does_not_match);
	tcase_add_test(tc, test_key_tags_of_every_vector_key_are_the_printed_ones);
	tcase_add_test(tc, test_rfc4035_zone_all_27_rrsigs_verify_in_april_2004);
	tcase_add_test(tc, test_rfc5155_zone_all_30_rrsigs_verify_in_2010);
	tcase_add_test(tc, test_rfc4035_zone_with_a_flipped_mx_signature_bit_fails_only_that_rrsig);
	tcase_add_test(tc, test_rfc5155_zone_with_a_flipped_a_signature_bit_fails_only_that_rrsig);
	tcase_add_test(tc, test_rfc4035_ds_anchor_matches_exactly_the_ksk);
	tcase_add_test(tc, test_rfc5155_ds_anchor_matches_exactly_the_ksk);
	tcase_add_test(tc, test_ds_anchors_with_a_changed_digit_match_no_key);
	tcase_add_test(tc, test_dnskey_anchors_are_the_zones_ksks);
	suite_add_tcase(s, tc);

	tc = tcase_create("edge-cases");
	tcase_add_test(tc, test_ds_match_ignores_the_case_of_the_owner);
	tcase_add_test(tc, test_ds_with_another_key_tag_or_algorithm_does_not_match);
	tcase_add_test(tc, test_ds_digest_of_the_wrong_length_is_invalid);
	tcase_add_test(tc, test_ds_digest_types_3_and_99_are_unsupported);
	tcase_add_test(tc, test_key_tag_of_algorithm_1_uses_the_modulus_bits_of_appendix_b1);
	tcase_add_test(tc, test_key_tag_of_a_short_rdata_does_not_read_past_it);
	tcase_add_test(tc, test_algorithms_1_3_6_12_and_99_are_unsupported);
	tcase_add_test(tc, test_every_implemented_algorithm_and_digest_is_supported_on_debian_12);
	tcase_add_test(tc, test_algorithm_and_digest_names_are_the_rfc_8624_mnemonics);
	tcase_add_test(tc, test_rsa_key_with_exponent_length_past_the_end_is_badkey);
	tcase_add_test(tc, test_rsa_key_without_modulus_or_exponent_is_badkey);
	tcase_add_test(tc, test_rsa_key_in_the_long_exponent_form_or_with_leading_zeros_still_verifies);
	tcase_add_test(tc, test_a_kept_key_is_found_only_by_its_exact_octets_and_algorithm);
	tcase_add_test(tc, test_rsa_signature_not_as_long_as_the_modulus_is_badkey);
	tcase_add_test(tc, test_rsa_over_changed_data_or_with_the_wrong_hash_is_invalid);
	tcase_add_test(tc, test_rsa_modulus_over_4096_bits_is_badkey);
	tcase_add_test(tc, test_ec_point_not_on_the_curve_is_badkey);
	tcase_add_test(tc, test_ecdsa_key_or_signature_of_the_wrong_length_is_badkey);
	tcase_add_test(tc, test_ecdsa_signature_of_zeros_or_over_the_order_is_invalid);
	tcase_add_test(tc, test_ed25519_key_of_31_octets_is_badkey);
	tcase_add_test(tc, test_ed448_key_or_signature_of_the_wrong_length_is_badkey);
	tcase_add_test(tc, test_eddsa_with_one_flipped_bit_is_invalid);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(crypto_suite)
