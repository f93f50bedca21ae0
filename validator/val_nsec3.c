/* validator/val_nsec3.c: NSEC3 owner hashing and base32hex (validator.h,
 * "NSEC3 hashing"). */
#include "val_crypto_int.h"
#include "val_int.h"

#include <assert.h>
#include <errno.h>
#include <limits.h>


int val_nsec3_hash(uint8_t out[VAL_NSEC3_HASH_LEN], uint8_t hash_alg, const uint8_t *name,
		   uint16_t iterations, const uint8_t *salt, size_t salt_len,
		   unsigned *budget)
{
	assert(budget != NULL);
	/* RFC 5155 §11: hash algorithm 1 (SHA-1) is the only one defined. */
	if (hash_alg != 1)
		return -ENOTSUP;
	/* CVE-2023-50868: one SHA-1 for the name plus one per iteration,
	 * refused whole before any of them is computed. */
	unsigned cost = (unsigned)iterations + 1;
	if (*budget < cost)
		return -E2BIG;
	const EVP_MD *sha1 = val_crypto_sha1();
	if (!sha1)
		return -ENOTSUP;
	*budget -= cost;

	int rc = -ENOMEM;
	uint8_t lower[VAL_NAME_MAX];
	unsigned int len = 0;
	if (!val_crypto_enter())
		return -ENOTSUP;	/* not reached: val_crypto_sha1() started it */
	val_ossl.ERR_set_mark();
	EVP_MD_CTX *ctx = val_ossl.EVP_MD_CTX_new();
	if (!ctx)
		goto out;
	/* RFC 5155 §5: IH(salt, x, 0) = H(x || salt) over the canonical
	 * (lower-cased, RFC 4034 §6.2) owner name;
	 * IH(salt, x, k) = H(IH(salt, x, k-1) || salt). */
	size_t nlen = val_name_lower(lower, name);
	if (val_ossl.EVP_DigestInit_ex2(ctx, sha1, NULL) != 1 || val_ossl.EVP_DigestUpdate(ctx, lower, nlen) != 1 ||
	    val_ossl.EVP_DigestUpdate(ctx, salt, salt_len) != 1 || val_ossl.EVP_DigestFinal_ex(ctx, out, &len) != 1)
		goto out;
	for (unsigned i = 0; i < iterations; i++)
		if (val_ossl.EVP_DigestInit_ex2(ctx, sha1, NULL) != 1 ||
		    val_ossl.EVP_DigestUpdate(ctx, out, VAL_NSEC3_HASH_LEN) != 1 ||
		    val_ossl.EVP_DigestUpdate(ctx, salt, salt_len) != 1 ||
		    val_ossl.EVP_DigestFinal_ex(ctx, out, &len) != 1)
			goto out;
	assert(len == VAL_NSEC3_HASH_LEN);
	rc = 0;
out:
	val_ossl.EVP_MD_CTX_free(ctx);
	val_ossl.ERR_pop_to_mark();
	val_crypto_leave();
	return rc;
}

/* RFC 4648 §7, "Extended Hex" alphabet; RFC 5155 §3.3 writes it in lower
 * case in owner names. */
static const char b32hex[] = "0123456789abcdefghijklmnopqrstuv";

size_t val_base32hex_encode(char *out, const uint8_t *in, size_t len)
{
	size_t n = 0;
	unsigned acc = 0, bits = 0;
	for (size_t i = 0; i < len; i++) {
		acc = (acc << 8 | in[i]) & 0xfff;
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			out[n++] = b32hex[(acc >> bits) & 0x1f];
		}
	}
	/* RFC 4648 §6: the last group is padded with zero bits; RFC 5155
	 * §1.3 drops the "=" padding. */
	if (bits > 0)
		out[n++] = b32hex[(acc << (5 - bits)) & 0x1f];
	out[n] = '\0';
	return n;
}

static int b32hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'v')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'V')
		return c - 'A' + 10;
	return -1;
}

/* Output that does not fit in cap is -EINVAL too: for the NSEC3 code a
 * label longer than a hash is simply not a hash. */
int val_base32hex_decode(uint8_t *out, size_t cap, const char *in, size_t len)
{
	size_t n = 0;
	unsigned acc = 0, bits = 0;
	if (cap > INT_MAX)
		cap = INT_MAX;
	for (size_t i = 0; i < len; i++) {
		int v = b32hex_value(in[i]);
		if (v < 0)
			return -EINVAL;	/* includes "=" padding */
		acc = (acc << 5 | (unsigned)v) & 0x1fff;
		bits += 5;
		if (bits >= 8) {
			bits -= 8;
			if (n == cap)
				return -EINVAL;
			out[n++] = (uint8_t)(acc >> bits);
		}
	}
	/* RFC 4648 §3.5: the bits left over must be fewer than one
	 * character's worth and all zero (canonical encoding). */
	if (bits >= 5 || (acc & ((1u << bits) - 1)) != 0)
		return -EINVAL;
	return (int)n;
}
