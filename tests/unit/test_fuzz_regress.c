/* What the libFuzzer targets found, kept as unit tests: each reproducer is
 * also a file of its target's corpus (tests/fuzz/corpus/<target>/), which
 * `make check-replay` runs through the target itself; here the same octets
 * go through the public API, so the failure names what broke.
 *
 * Found so far (5-minute runs of fuzz_rdata, fuzz_verify, fuzz_validate;
 * a 12-minute run of fuzz_referral, 9.06 million inputs, whose edge cases
 * are tests/unit/test_referral.c): no crash, no leak, no timeout.  One input is slow by design rather than
 * by libFuzzer's clock: an RSA key whose exponent is as long as its
 * 3072-bit modulus costs some 35 times a normal verification (OpenSSL
 * refuses exponents over 64 bits only for moduli over 3072 bits). */
#include <string.h>
#include <time.h>

#include "testutil.h"

#define CORPUS "tests/fuzz/corpus/"

/* A fuzz_verify input: algorithm, flags, then key, data and signature,
 * each with a 2-octet length (tests/fuzz/fuzz_verify.c). */
struct verify_input {
	uint8_t algorithm;
	const uint8_t *key, *data, *sig;
	size_t key_len, data_len, sig_len;
};

static const uint8_t *field(const uint8_t **p, const uint8_t *end, size_t *len)
{
	ck_assert_int_ge(end - *p, 2);
	*len = (size_t)((*p)[0] << 8 | (*p)[1]);
	*p += 2;
	ck_assert_uint_le(*len, (size_t)(end - *p));
	const uint8_t *f = *p;
	*p += *len;
	return f;
}

static struct verify_input verify_input(const uint8_t *buf, size_t len)
{
	struct verify_input in;
	const uint8_t *p = buf + 3, *end = buf + len;
	ck_assert_uint_ge(len, 3);
	in.algorithm = buf[0];
	in.key = field(&p, end, &in.key_len);
	in.data = field(&p, end, &in.data_len);
	in.sig = field(&p, end, &in.sig_len);
	return in;
}

START_TEST(test_rsa_key_with_an_exponent_as_long_as_its_3072_bit_modulus_is_refused_as_a_key)
{
	size_t len;
	uint8_t *buf = tu_read_file(CORPUS "fuzz_verify/slow-rsa3072-exponent-as-long-as-modulus", &len);
	struct verify_input in = verify_input(buf, len);
	ck_assert_uint_eq(in.key_len, 3 + 384 + 384);
	/* Every RSA algorithm, as fuzz_verify does: the exponent is over
	 * VAL_RSA_EXPONENT_BITS_MAX, so the key is refused before any
	 * arithmetic (it cost 5.8 ms per verification before the limit). */
	static const uint8_t rsa[] = { 5, 7, 8, 10 };
	for (size_t i = 0; i < sizeof rsa; i++) {
		enum val_crypto r = val_verify(rsa[i], in.key, in.key_len, in.data, in.data_len, in.sig, in.sig_len);
		ck_assert_msg(r == VAL_CRYPTO_BADKEY, "algorithm %u: %s", rsa[i], val_crypto_str(r));
	}
	free(buf);
}
END_TEST

static Suite *fuzz_regress_suite(void)
{
	Suite *s = suite_create("fuzz regressions");
	TCase *tc = tcase_create("fuzz_verify");
	tcase_add_test(tc, test_rsa_key_with_an_exponent_as_long_as_its_3072_bit_modulus_is_refused_as_a_key);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(fuzz_regress_suite)
