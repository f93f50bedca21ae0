/* bench/crypto_floor.c: the floor of a validated lookup in a fresh
 * process (issue 18): what nss-dnssec must do at minimum, and nothing of
 * the module itself.
 *
 *   crypto_floor        dlopen libcrypto.so.3 with the flags of
 *                       validator/val_crypto.c (RTLD_NOW | RTLD_LOCAL), make
 *                       the same library context (OSSL_LIB_CTX_new: no
 *                       configuration file, the default provider loaded on
 *                       first fetch), build one ECDSA P-256 and one
 *                       RSA-2048 public key from their DNSSEC wire form as
 *                       the module does (EVP_PKEY_fromdata; r|s turned into
 *                       DER), verify one signature with each, exit 0 (1 if
 *                       anything fails, with a line on stderr)
 *   crypto_floor -n     exit at once: the empty process of the same binary
 *   crypto_floor -v     the floor, then the microseconds of each step
 *   crypto_floor -c E,R,KE,KR
 *                       the chain's floor: E ECDSA P-256 and R RSA-2048
 *                       verifications with KE and KR keys, each key built
 *                       from its wire form, instead of one of each;
 *                       bench/run.sh counts them in a lookup of the name
 *                       (callgrind), so that what the chain of that name
 *                       must cost in OpenSSL is not counted as the
 *                       module's own cost
 *
 * bench/run.sh times it beside getent through dns and through dnssec in
 * the same rounds of bench/paired; dnssec - dns - (floor - empty) is the
 * module's own cost.  The keys and signatures are fixed data (made once with
 * python3-cryptography, recorded below), so no key is generated here. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/opensslv.h>
#include <openssl/param_build.h>

#define STR_(x) #x
#define STR(x) STR_(x)
#define LIBCRYPTO_SONAME "libcrypto.so." STR(OPENSSL_SHLIB_VERSION)
#define LIBCRYPTO_SYMVER "OPENSSL_" STR(OPENSSL_VERSION_MAJOR) ".0.0"

/* The message both signatures sign (SHA-256), the P-256 key as RFC 6605
 * puts it in a DNSKEY (x|y) and its signature as in an RRSIG (r|s), the
 * RSA-2048 modulus (exponent 65537) and its PKCS #1 v1.5 signature. */
static const char floor_msg[] = "nss-dnssec bench/crypto_floor.c: one signed message\n";
static const uint8_t ec_key[64] = {
	0xee, 0x4d, 0x7c, 0x80, 0x88, 0x97, 0x75, 0x1f, 0x11, 0x5b, 0x12, 0x77,
	0x68, 0x55, 0xf4, 0xf5, 0x8e, 0x44, 0x61, 0x05, 0x53, 0x92, 0x8b, 0x6d,
	0xde, 0xd8, 0x3e, 0xb0, 0xb9, 0x31, 0x22, 0x9b, 0x4f, 0xc5, 0x1b, 0xe2,
	0x5e, 0x1e, 0x17, 0x92, 0xaa, 0x5d, 0xe9, 0x7d, 0xd2, 0x23, 0x20, 0x34,
	0x9c, 0x5a, 0x77, 0x4c, 0x9b, 0x6c, 0x50, 0x93, 0xdf, 0x8e, 0x21, 0x52,
	0x83, 0x82, 0x52, 0xed,
};
static const uint8_t ec_sig[64] = {
	0xd1, 0x35, 0x67, 0xa9, 0x41, 0xe6, 0xff, 0x2d, 0x30, 0x57, 0x6e, 0xd0,
	0xa1, 0x6a, 0xbd, 0xca, 0xd1, 0x9b, 0x7f, 0x84, 0x19, 0x5f, 0x21, 0xc2,
	0xfd, 0x91, 0x33, 0x84, 0xb2, 0x71, 0xa3, 0x6c, 0x41, 0xfc, 0x7e, 0x8b,
	0xcc, 0x01, 0x21, 0x9d, 0xe9, 0x40, 0x31, 0xa4, 0x9a, 0xe1, 0x50, 0x89,
	0x64, 0x0e, 0xf4, 0x21, 0x39, 0xb7, 0x6e, 0x36, 0xa2, 0xbc, 0x66, 0x7c,
	0x4b, 0xae, 0x2c, 0xa2,
};
static const uint8_t rsa_n[256] = {
	0xb7, 0xa0, 0xd7, 0xdc, 0xe2, 0x2f, 0x82, 0xaf, 0x2f, 0x4b, 0x85, 0x84,
	0x56, 0xb2, 0xb2, 0xa6, 0x14, 0x74, 0x88, 0x20, 0xab, 0xbc, 0xa2, 0x0e,
	0x03, 0x96, 0x43, 0xf8, 0xa3, 0x10, 0xad, 0x0f, 0xc5, 0x67, 0x8b, 0x72,
	0x49, 0xdd, 0x59, 0xba, 0xde, 0xa9, 0xb5, 0xed, 0x46, 0xcd, 0xef, 0x81,
	0x53, 0x64, 0x6c, 0x00, 0x2c, 0x80, 0xc2, 0x16, 0x4d, 0x4a, 0x5b, 0x1d,
	0x4a, 0x06, 0x13, 0xd8, 0xfe, 0xfc, 0x7a, 0x17, 0x3f, 0xdf, 0x35, 0xc0,
	0x6b, 0xac, 0xb5, 0x90, 0x7a, 0xc3, 0xd5, 0x77, 0xce, 0x73, 0xf5, 0x8e,
	0x9f, 0x4c, 0x4a, 0xab, 0x4f, 0xd1, 0xb0, 0xc8, 0x4a, 0xed, 0xda, 0x3a,
	0x5c, 0x39, 0xda, 0xd0, 0x41, 0x5a, 0x13, 0xb7, 0xd4, 0x2a, 0x45, 0xce,
	0x55, 0x17, 0x0a, 0x9e, 0xa6, 0x91, 0x22, 0x58, 0xca, 0x13, 0xb5, 0xe3,
	0x14, 0x40, 0x7d, 0xdd, 0xec, 0x86, 0x2e, 0x67, 0x9f, 0xd5, 0xa0, 0x28,
	0x36, 0xc3, 0x91, 0x0b, 0x7b, 0x87, 0xa6, 0xc0, 0x42, 0x41, 0x66, 0x5d,
	0x5a, 0xa9, 0x48, 0x9a, 0x5a, 0x0f, 0x8c, 0x37, 0x4e, 0x7e, 0xc4, 0xcf,
	0xd2, 0xd4, 0xe0, 0xbf, 0x5f, 0xfc, 0xba, 0x13, 0x1d, 0x9a, 0xa8, 0x9e,
	0xc6, 0x80, 0x2c, 0x3d, 0x3b, 0x0d, 0x23, 0x3f, 0xf8, 0x5b, 0xf4, 0x02,
	0xd7, 0xe6, 0x71, 0xcd, 0x7a, 0x79, 0x2b, 0x70, 0x77, 0xac, 0xb8, 0x9a,
	0x9e, 0x21, 0x0e, 0x98, 0x3c, 0xac, 0xcf, 0x34, 0x62, 0xa2, 0x26, 0xd9,
	0x80, 0xe0, 0x8b, 0x5f, 0x58, 0xba, 0xac, 0x0f, 0x17, 0x3d, 0x95, 0x6e,
	0xe6, 0x31, 0x1f, 0x58, 0x5a, 0x95, 0x11, 0xfc, 0x6d, 0x25, 0x8c, 0x52,
	0xb6, 0xdc, 0x99, 0x0a, 0xb5, 0x6b, 0x4d, 0x07, 0xdd, 0x35, 0xe6, 0x02,
	0xcb, 0x5c, 0x64, 0x4d, 0x30, 0xd2, 0x99, 0x97, 0xc9, 0x1d, 0x10, 0x53,
	0xbf, 0xb5, 0xd4, 0x49,
};
static const uint8_t rsa_sig[256] = {
	0x76, 0x54, 0x23, 0xa5, 0x55, 0xb5, 0x1c, 0x7a, 0x0d, 0xca, 0x44, 0x38,
	0x20, 0xa8, 0x0a, 0xea, 0xeb, 0x9c, 0x7f, 0x91, 0x72, 0x57, 0xde, 0xbd,
	0x37, 0xfb, 0x35, 0xf9, 0xbf, 0xcb, 0xfd, 0x1c, 0x36, 0xff, 0x73, 0x8d,
	0xa5, 0xd1, 0xaa, 0xf3, 0x29, 0x09, 0x27, 0x41, 0x34, 0x41, 0xd0, 0x95,
	0xb2, 0x50, 0x54, 0x42, 0x2a, 0x69, 0x07, 0x08, 0x6b, 0xba, 0x3f, 0xf7,
	0xfd, 0xad, 0xf6, 0x46, 0xc3, 0x66, 0x12, 0x5f, 0x09, 0x5a, 0x02, 0x5a,
	0xde, 0x89, 0x13, 0x64, 0xf8, 0x3c, 0x20, 0xb2, 0xe1, 0x47, 0xc5, 0x04,
	0xe0, 0x96, 0x8f, 0x13, 0xa7, 0xff, 0x54, 0x41, 0xee, 0x2a, 0xe9, 0x39,
	0xcc, 0x0a, 0xf0, 0x05, 0x68, 0xe1, 0x0f, 0xbe, 0x41, 0x2e, 0x0f, 0x04,
	0x4e, 0x0b, 0x7b, 0x88, 0x88, 0xfe, 0xb1, 0x67, 0x11, 0x1f, 0xfb, 0xe4,
	0x42, 0xc6, 0x62, 0xee, 0x2c, 0x4d, 0x73, 0xd6, 0x6d, 0x80, 0x43, 0x4e,
	0x70, 0x24, 0xf4, 0x0e, 0xb3, 0x95, 0xb7, 0x55, 0x34, 0xe1, 0xed, 0x3b,
	0xa6, 0x02, 0x77, 0x4f, 0x5f, 0x11, 0x89, 0x5c, 0x6d, 0xf0, 0x9d, 0x42,
	0xdc, 0x12, 0x1b, 0x5b, 0x71, 0xa9, 0xb2, 0xfd, 0x23, 0x9e, 0x63, 0x3b,
	0x59, 0xa9, 0x53, 0x01, 0x57, 0x5b, 0xe3, 0x72, 0x59, 0xe0, 0x06, 0x52,
	0x8a, 0xc9, 0x19, 0xcf, 0x1d, 0xd9, 0xca, 0x33, 0x3f, 0xc1, 0x8e, 0xa2,
	0xa2, 0x48, 0x01, 0x91, 0x2a, 0x7b, 0xc9, 0xb4, 0x80, 0x37, 0x61, 0x5f,
	0x19, 0x32, 0xbe, 0xe2, 0xc5, 0x6a, 0xf2, 0xd8, 0xe9, 0x4c, 0xcb, 0xc9,
	0xa9, 0xcf, 0xd5, 0xd5, 0x04, 0xda, 0xda, 0xc7, 0xe5, 0x8f, 0xb1, 0xec,
	0x3c, 0x0e, 0x3c, 0x8c, 0x3e, 0x30, 0xe7, 0xb7, 0x10, 0x8a, 0x63, 0xd7,
	0x6e, 0xb4, 0x0c, 0x77, 0x79, 0xa6, 0x01, 0xe3, 0x57, 0x36, 0x91, 0xcf,
	0x4b, 0x43, 0xb2, 0x55,
};

#define FUNCTIONS(X)                                                                            \
	X(BN_bin2bn) X(BN_free) X(BN_set_word) X(BN_new) X(CRYPTO_free) X(ECDSA_SIG_new)     \
	X(ECDSA_SIG_free) X(ECDSA_SIG_set0) X(EVP_DigestVerify) X(EVP_DigestVerifyInit_ex)    \
	X(EVP_MD_CTX_free) X(EVP_MD_CTX_new) X(EVP_PKEY_CTX_free) X(EVP_PKEY_CTX_new_from_name) \
	X(EVP_PKEY_free) X(EVP_PKEY_fromdata) X(EVP_PKEY_fromdata_init) X(OSSL_LIB_CTX_new)   \
	X(OSSL_PARAM_BLD_free) X(OSSL_PARAM_BLD_new) X(OSSL_PARAM_BLD_push_BN)                \
	X(OSSL_PARAM_BLD_push_octet_string) X(OSSL_PARAM_BLD_push_utf8_string)               \
	X(OSSL_PARAM_BLD_to_param) X(OSSL_PARAM_free) X(i2d_ECDSA_SIG)

static struct {
#define MEMBER(name) __typeof__(name) *name;
	FUNCTIONS(MEMBER)
#undef MEMBER
} o;
static OSSL_LIB_CTX *libctx;

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

/* The public key of keytype from params; NULL on failure. */
static EVP_PKEY *key_from(const char *keytype, OSSL_PARAM_BLD *bld)
{
	OSSL_PARAM *params = o.OSSL_PARAM_BLD_to_param(bld);
	EVP_PKEY_CTX *pctx = o.EVP_PKEY_CTX_new_from_name(libctx, keytype, NULL);
	EVP_PKEY *pkey = NULL;
	if (params && pctx && o.EVP_PKEY_fromdata_init(pctx) == 1)
		(void)o.EVP_PKEY_fromdata(pctx, &pkey, EVP_PKEY_PUBLIC_KEY, params);
	o.EVP_PKEY_CTX_free(pctx);
	o.OSSL_PARAM_free(params);
	return pkey;
}

/* 1 when sig is pkey's SHA-256 signature of floor_msg. */
static int verify(EVP_PKEY *pkey, const uint8_t *sig, size_t sig_len)
{
	EVP_MD_CTX *md = o.EVP_MD_CTX_new();
	int ok = md && o.EVP_DigestVerifyInit_ex(md, NULL, "SHA256", libctx, NULL, pkey, NULL) == 1 &&
		 o.EVP_DigestVerify(md, sig, sig_len, (const uint8_t *)floor_msg, strlen(floor_msg)) == 1;
	o.EVP_MD_CTX_free(md);
	return ok;
}

/* The P-256 key from its DNSKEY wire form (RFC 6605 §4: x|y; OpenSSL
 * wants the SEC1 point 0x04|x|y); NULL on failure. */
static EVP_PKEY *ecdsa_key(void)
{
	uint8_t point[1 + sizeof ec_key];
	point[0] = POINT_CONVERSION_UNCOMPRESSED;
	memcpy(point + 1, ec_key, sizeof ec_key);
	OSSL_PARAM_BLD *bld = o.OSSL_PARAM_BLD_new();
	EVP_PKEY *pkey = NULL;
	if (bld && o.OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) &&
	    o.OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point, sizeof point))
		pkey = key_from("EC", bld);
	o.OSSL_PARAM_BLD_free(bld);
	return pkey;
}

/* 1 when the recorded ECDSA signature verifies with pkey. */
static int ecdsa_verify(EVP_PKEY *pkey)
{
	/* RFC 6605 §4: r|s, verified in DER. */
	ECDSA_SIG *es = o.ECDSA_SIG_new();
	BIGNUM *r = o.BN_bin2bn(ec_sig, 32, NULL), *s = o.BN_bin2bn(ec_sig + 32, 32, NULL);
	uint8_t *der = NULL;
	int len = 0, ok = 0;
	if (es && r && s && o.ECDSA_SIG_set0(es, r, s)) {
		r = s = NULL;
		len = o.i2d_ECDSA_SIG(es, &der);
	}
	if (pkey && len > 0)
		ok = verify(pkey, der, (size_t)len);
	o.CRYPTO_free(der, OPENSSL_FILE, OPENSSL_LINE);
	o.BN_free(r);
	o.BN_free(s);
	o.ECDSA_SIG_free(es);
	return ok;
}

/* The RSA-2048 key from its modulus and exponent; NULL on failure. */
static EVP_PKEY *rsa_key(void)
{
	BIGNUM *n = o.BN_bin2bn(rsa_n, sizeof rsa_n, NULL), *e = o.BN_new();
	OSSL_PARAM_BLD *bld = o.OSSL_PARAM_BLD_new();
	EVP_PKEY *pkey = NULL;
	if (n && e && bld && o.BN_set_word(e, 65537) && o.OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) &&
	    o.OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e))
		pkey = key_from("RSA", bld);
	o.OSSL_PARAM_BLD_free(bld);
	o.BN_free(e);
	o.BN_free(n);
	return pkey;
}

/* At most this many keys and verifications of each kind with -c: more
 * than any chain the lookup's budget lets through (validator/val_limits.h). */
#define FLOOR_COUNT_MAX 64

/* nsig verifications with nkey keys, each key built afresh from the wire
 * form and used for its share of the signatures, as the chain uses a
 * zone's ZSK for several RRsets; 1 when all verify. */
static int run(EVP_PKEY *(*build)(void), int (*check)(EVP_PKEY *), unsigned nsig, unsigned nkey)
{
	EVP_PKEY *keys[FLOOR_COUNT_MAX] = { NULL };
	int ok = 1;
	for (unsigned i = 0; i < nkey && ok; i++)
		ok = (keys[i] = build()) != NULL;
	for (unsigned i = 0; i < nsig && ok; i++)
		ok = check(keys[i % nkey]);
	for (unsigned i = 0; i < nkey; i++)
		o.EVP_PKEY_free(keys[i]);
	return ok;
}

static int rsa_verify(EVP_PKEY *pkey)
{
	return verify(pkey, rsa_sig, sizeof rsa_sig);
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "-n") == 0)
		return 0;
	int verbose = argc == 2 && strcmp(argv[1], "-v") == 0;
	unsigned n_ec = 1, n_rsa = 1, k_ec = 1, k_rsa = 1;
	if (argc == 3 && strcmp(argv[1], "-c") == 0) {
		char end;
		if (sscanf(argv[2], "%u,%u,%u,%u%c", &n_ec, &n_rsa, &k_ec, &k_rsa, &end) != 4 ||
		    n_ec > FLOOR_COUNT_MAX || n_rsa > FLOOR_COUNT_MAX || k_ec > n_ec || k_rsa > n_rsa ||
		    (n_ec && !k_ec) || (n_rsa && !k_rsa)) {
			fprintf(stderr,
				"crypto_floor: -c %s: want ECDSA,RSA,ECDSA_KEYS,RSA_KEYS: signatures 0 to %d, "
				"keys 1 to the signatures (0 with none)\n",
				argv[2], FLOOR_COUNT_MAX);
			return 2;
		}
	} else if (argc > 1 && !verbose) {
		fprintf(stderr, "usage: crypto_floor [-n | -v | -c ECDSA,RSA,ECDSA_KEYS,RSA_KEYS]\n");
		return 2;
	}
	double t0 = now_us();
	void *h = dlopen(LIBCRYPTO_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		fprintf(stderr, "crypto_floor: %s\n", dlerror());
		return 1;
	}
#define LOAD(name)                                                                              \
	if (!(*(void **)&o.name = dlvsym(h, #name, LIBCRYPTO_SYMVER))) {                       \
		fprintf(stderr, "crypto_floor: %s has no %s\n", LIBCRYPTO_SONAME, #name);      \
		return 1;                                                                      \
	}
	FUNCTIONS(LOAD)
#undef LOAD
	double t1 = now_us();
	if (!(libctx = o.OSSL_LIB_CTX_new())) {
		fprintf(stderr, "crypto_floor: no library context\n");
		return 1;
	}
	double t2 = now_us();
	int ec_ok = run(ecdsa_key, ecdsa_verify, n_ec, k_ec);
	double t3 = now_us();
	int rsa_ok = run(rsa_key, rsa_verify, n_rsa, k_rsa);
	double t4 = now_us();
	if (!ec_ok || !rsa_ok) {
		fprintf(stderr, "crypto_floor: the recorded %s signature does not verify\n", ec_ok ? "RSA" : "ECDSA");
		return 1;
	}
	if (verbose)
		printf("dlopen_us=%.0f libctx_us=%.0f ecdsa_us=%.0f rsa_us=%.0f total_us=%.0f\n", t1 - t0, t2 - t1,
		       t3 - t2, t4 - t3, t4 - t0);
	return 0;
}
