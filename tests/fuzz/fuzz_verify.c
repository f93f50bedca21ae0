/* libFuzzer target: signature verification with arbitrary keys and
 * signatures, key tags and DS digests.
 *
 * Input (tests/fuzz/seeds/mk_verify_seeds.py writes seeds in this form):
 *   algorithm (1 octet), DNSKEY flags (2 octets),
 *   key, data, signature: each a 2-octet big-endian length and its octets,
 *   then what is left: a DS owner (uncompressed wire name) and a DS RDATA.
 * A field cut short by the end of the input is taken as far as it goes.
 *
 * val_verify runs with the input's algorithm and with every other
 * algorithm number that matters (the eight supported ones and a few that
 * are not), over the same octets; the DNSKEY RDATA flags|3|algorithm|key
 * gets its key tag and is matched against the DS as given, then against
 * the DS with key tag and algorithm made to agree, so the digest is
 * computed.  Aborts when a documented promise is broken (see the checks). */
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>

#include "validator/val_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok)
{
	if (!ok)
		abort();
}

struct in {
	const uint8_t *p;
	size_t left;
};

static const uint8_t *take(struct in *in, size_t *n)
{
	const uint8_t *p = in->p;
	if (*n > in->left)
		*n = in->left;
	in->p += *n;
	in->left -= *n;
	return p;
}

static const uint8_t *field(struct in *in, size_t *n)
{
	size_t two = 2;
	const uint8_t *len = take(in, &two);
	*n = two == 2 ? (size_t)(len[0] << 8 | len[1]) : 0;
	return take(in, n);
}

/* Bits of the RSA modulus of an RFC 3110 key, or 0 when the key does not
 * even have the RFC 3110 shape. */
static size_t rsa_modulus_bits(const uint8_t *key, size_t len)
{
	size_t o = 1, elen;
	if (len < 1)
		return 0;
	elen = key[0];
	if (elen == 0) {
		if (len < 3)
			return 0;
		elen = (size_t)(key[1] << 8 | key[2]);
		o = 3;
	}
	if (elen == 0 || elen >= len - o)
		return 0;
	o += elen;
	while (o < len && key[o] == 0)
		o++;
	if (o == len)
		return 0;
	size_t bits = (len - o) * 8;
	for (uint8_t top = key[o]; !(top & 0x80); top <<= 1)
		bits--;
	return bits;
}

/* RFC 4034 Appendix B, written again. */
static uint16_t keytag_again(const uint8_t *rdata, size_t len)
{
	if (len >= 4 && rdata[3] == 1)
		return len >= 7 ? (uint16_t)(rdata[len - 3] << 8 | rdata[len - 2]) : 0;
	uint32_t ac = 0;
	for (size_t i = 0; i < len; i++)
		ac += (i & 1) ? rdata[i] : (uint32_t)rdata[i] << 8;
	ac += ac >> 16 & 0xffff;
	return (uint16_t)ac;
}

static void verify(uint8_t alg, const uint8_t *key, size_t klen, const uint8_t *data, size_t dlen,
		   const uint8_t *sig, size_t slen)
{
	enum val_crypto r = val_verify(alg, key, klen, data, dlen, sig, slen);
	check(r <= VAL_CRYPTO_VALID);
	/* Our error queue stays as we found it: empty. */
	check(ERR_peek_error() == 0);
	if (!val_alg_supported(alg)) {
		check(r == VAL_CRYPTO_UNSUPPORTED);
		return;
	}
	check(val_alg_name(alg) != NULL);
	switch (alg) {
	case 5: case 7: case 8: case 10:
		/* val_limits.h: bigger keys are refused before any arithmetic */
		if (rsa_modulus_bits(key, klen) > VAL_RSA_KEY_BITS_MAX || rsa_modulus_bits(key, klen) == 0)
			check(r == VAL_CRYPTO_BADKEY);
		break;
	case 13: check(klen == 64 && slen == 64 ? 1 : r == VAL_CRYPTO_BADKEY); break;
	case 14: check(klen == 96 && slen == 96 ? 1 : r == VAL_CRYPTO_BADKEY); break;
	case 15: check(klen == 32 && slen == 64 ? 1 : r == VAL_CRYPTO_BADKEY); break;
	case 16: check(klen == 57 && slen == 114 ? 1 : r == VAL_CRYPTO_BADKEY); break;
	default: check(false); /* supported, but not in validator.h's list */
	}
}

/* H(lower(owner) | DNSKEY RDATA) == digest, with OpenSSL directly. */
static bool digest_again(const struct val_ds *ds, const uint8_t *owner, const struct val_dnskey *key)
{
	const char *mdname = ds->digest_type == 1 ? "SHA1" : ds->digest_type == 2 ? "SHA256" : "SHA384";
	static uint8_t buf[VAL_NAME_MAX + 4 + UINT16_MAX];
	uint8_t lower[VAL_NAME_MAX], md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0;
	size_t n = val_name_lower(lower, owner);
	memcpy(buf, lower, n);
	memcpy(buf + n, key->rdata, key->rdlen);
	EVP_MD *m = EVP_MD_fetch(NULL, mdname, NULL);
	check(m != NULL);
	check(EVP_Digest(buf, n + key->rdlen, md, &mdlen, m, NULL) == 1);
	EVP_MD_free(m);
	return mdlen == ds->digest_len && memcmp(md, ds->digest, mdlen) == 0;
}

static void ds_match(const struct val_ds *ds, const uint8_t *owner, const struct val_dnskey *key,
		     uint16_t tag)
{
	enum val_crypto r = val_ds_match(ds, owner, key);
	check(ERR_peek_error() == 0);
	if (!val_digest_supported(ds->digest_type)) {
		check(r == VAL_CRYPTO_UNSUPPORTED);
		return;
	}
	check(val_digest_name(ds->digest_type) != NULL);
	check(r == VAL_CRYPTO_VALID || r == VAL_CRYPTO_INVALID);
	if (ds->key_tag != tag || ds->algorithm != key->algorithm)
		check(r == VAL_CRYPTO_INVALID);
	else
		check((r == VAL_CRYPTO_VALID) == digest_again(ds, owner, key));
}

/* Large: kept off the stack. */
static uint8_t dnskey_rdata[4 + UINT16_MAX];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t algs[] = { 5, 7, 8, 10, 13, 14, 15, 16, 0, 1, 3, 6, 12, 17, 253, 255 };
	struct in in = { data, size };
	size_t n = 3, klen, dlen, slen;
	const uint8_t *head = take(&in, &n);
	if (n < 3)
		return 0;
	uint8_t alg = head[0];
	const uint8_t *key = field(&in, &klen);
	const uint8_t *msg = field(&in, &dlen);
	const uint8_t *sig = field(&in, &slen);

	verify(alg, key, klen, msg, dlen, sig, slen);
	for (size_t i = 0; i < sizeof algs; i++)
		if (algs[i] != alg)
			verify(algs[i], key, klen, msg, dlen, sig, slen);

	/* The DNSKEY: flags, protocol 3, algorithm, key. */
	(void)val_keytag(key, klen);
	if (klen > UINT16_MAX - 4)
		return 0;
	dnskey_rdata[0] = head[1];
	dnskey_rdata[1] = head[2];
	dnskey_rdata[2] = 3;
	dnskey_rdata[3] = alg;
	memcpy(dnskey_rdata + 4, key, klen);
	struct val_rr krr = { .type = VAL_T_DNSKEY, .rclass = VAL_C_IN, .rdata = dnskey_rdata,
			      .rdlen = (uint16_t)(4 + klen) };
	struct val_dnskey dnskey;
	check(val_rdata_dnskey(&krr, &dnskey) == 0 && dnskey.algorithm == alg);
	uint16_t tag = val_keytag(krr.rdata, krr.rdlen);
	check(tag == keytag_again(krr.rdata, krr.rdlen));

	/* The DS: owner, then RDATA. */
	struct val_wire w;
	uint8_t owner[VAL_NAME_MAX];
	val_wire_init(&w, in.p, in.left);
	if (val_wire_name(&w, owner, false) == 0 || w.pos > in.left || in.left - w.pos > UINT16_MAX)
		return 0;
	struct val_rr drr = { .owner = owner, .type = VAL_T_DS, .rclass = VAL_C_IN, .rdata = in.p + w.pos,
			      .rdlen = (uint16_t)(in.left - w.pos) };
	struct val_ds ds;
	if (val_rdata_ds(&drr, &ds) != 0)
		return 0;
	ds_match(&ds, owner, &dnskey, tag);
	ds.key_tag = tag;
	ds.algorithm = alg;
	ds_match(&ds, owner, &dnskey, tag);
	return 0;
}
