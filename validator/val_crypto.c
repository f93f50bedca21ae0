/* validator/val_crypto.c: key tags, DS digests and signature verification
 * through OpenSSL 3 EVP (validator.h, "Keys, digests and signatures").
 *
 * OpenSSL is loaded and started lazily: the module is not linked with
 * libcrypto, nothing runs at load time, and val_crypto_start() dlopens it,
 * makes the validator's own library context and fills the algorithm table
 * below once per process.  The stub calls it while the first queries of a
 * lookup are on the wire, so that the millisecond it costs (mapping and
 * relocating libcrypto, starting its default provider) overlaps the round
 * trip instead of adding to it. */
#include "val_crypto_int.h"
#include "val_int.h"

#include <assert.h>
#include <errno.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/opensslv.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define STR_(x) #x
#define STR(x) STR_(x)

/* The library and symbol version the headers we were built with describe:
 * libcrypto.so.3, functions at OPENSSL_3.0.0. */
#define LIBCRYPTO_SONAME "libcrypto.so." STR(OPENSSL_SHLIB_VERSION)
#define LIBCRYPTO_SYMVER "OPENSSL_" STR(OPENSSL_VERSION_MAJOR) ".0.0"

/* The message digests we use, fetched once. */
enum md_id { MD_SHA1, MD_SHA256, MD_SHA384, MD_SHA512, MD_COUNT, MD_NONE = -1 };
static const char *const md_fetch_names[MD_COUNT] = {
	[MD_SHA1] = "SHA1", [MD_SHA256] = "SHA256",
	[MD_SHA384] = "SHA384", [MD_SHA512] = "SHA512",
};

enum key_kind { KIND_RSA = 1, KIND_ECDSA, KIND_EDDSA };

/* One DNSKEY algorithm we implement. */
struct alg_desc {
	uint8_t number;
	enum key_kind kind;
	enum md_id md;		/* MD_NONE for EdDSA: RFC 8032 PureEdDSA hashes itself */
	const char *keytype;	/* OpenSSL key management name */
	const char *sigtype;	/* OpenSSL signature name */
	const char *group;	/* ECDSA: OpenSSL curve name */
	size_t key_len;		/* ECDSA, EdDSA: exact public key octets */
	size_t sig_len;		/* ECDSA, EdDSA: exact signature octets */
	bool required;		/* RFC 8624 §3.1: MUST implement, and no policy forbids */
};

static const struct alg_desc alg_descs[] = {
	/* RFC 3110, RFC 5155 §2 (7 is 5 with NSEC3), RFC 5702 */
	{ 5, KIND_RSA, MD_SHA1, "RSA", "RSA", NULL, 0, 0, false },
	{ 7, KIND_RSA, MD_SHA1, "RSA", "RSA", NULL, 0, 0, false },
	{ 8, KIND_RSA, MD_SHA256, "RSA", "RSA", NULL, 0, 0, true },
	{ 10, KIND_RSA, MD_SHA512, "RSA", "RSA", NULL, 0, 0, false },
	/* RFC 6605 §4: key x|y, signature r|s, each half the field size */
	{ 13, KIND_ECDSA, MD_SHA256, "EC", "ECDSA", "prime256v1", 64, 64, true },
	{ 14, KIND_ECDSA, MD_SHA384, "EC", "ECDSA", "secp384r1", 96, 96, false },
	/* RFC 8080 §3, §4: RFC 8032 public keys and signatures */
	{ 15, KIND_EDDSA, MD_NONE, "ED25519", "ED25519", NULL, 32, 64, false },
	{ 16, KIND_EDDSA, MD_NONE, "ED448", "ED448", NULL, 57, 114, false },
};

/* The validator's globals (validator.h), with key_slots below: libcrypto's
 * functions and what OpenSSL gives us in this process.  Filled by
 * crypto_load() under start_lock before `started` is set, never freed (they
 * live as long as the process); only alg_state is written afterwards, once
 * per algorithm and atomically, so readers need no lock once
 * val_crypto_start() has returned true. */
struct val_ossl val_ossl;
static struct {
	EVP_MD *md[MD_COUNT];		/* NULL: not available here */
	/* ALG_YES or ALG_NO once probed: the required algorithms by
	 * crypto_load, the others at their first use (alg_ok), since a
	 * process whose chains use only algorithms 8 and 13 never needs to
	 * know (issue 18: each probe fetches OpenSSL's key management and
	 * signature, and RSA builds a key).  Written under start_lock, read
	 * without it. */
	_Atomic int8_t alg_state[ARRAY_SIZE(alg_descs)];
	int8_t rsa_probed[MD_COUNT];	/* rsa_probe() + 2 for that digest; 0: not yet */
} tab;
enum { ALG_UNKNOWN = 0, ALG_YES, ALG_NO };
static atomic_bool started;
static pthread_mutex_t start_lock = PTHREAD_MUTEX_INITIALIZER;

static const struct alg_desc *alg_find(uint8_t algorithm)
{
	for (size_t i = 0; i < ARRAY_SIZE(alg_descs); i++)
		if (alg_descs[i].number == algorithm)
			return &alg_descs[i];
	return NULL;
}

/* RFC 4034 §5.1.3, RFC 4509 §2.2, RFC 6605 §2: DS digest types. */
static enum md_id ds_md(uint8_t digest_type)
{
	switch (digest_type) {
	case 1: return MD_SHA1;
	case 2: return MD_SHA256;
	case 4: return MD_SHA384;
	default: return MD_NONE;
	}
}

/* A provider may refuse signature digests in EVP_DigestVerifyInit rather
 * than when fetching (the FIPS provider refuses SHA-1 signatures), so RSA
 * is probed with a dummy 2048-bit public key: no verification is done,
 * only OpenSSL's "would you" answer is recorded.  Returns 1 (yes), 0 (no)
 * or -1 (the probe itself could not be built: no memory). */
static int rsa_probe(const char *mdname)
{
	const struct val_ossl *o = &val_ossl;
	int ok = -1;
	uint8_t n_bin[256];
	memset(n_bin, 0xff, sizeof n_bin);
	BIGNUM *n = o->BN_bin2bn(n_bin, sizeof n_bin, NULL), *e = o->BN_new();
	OSSL_PARAM_BLD *bld = o->OSSL_PARAM_BLD_new();
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *pctx = o->EVP_PKEY_CTX_new_from_name(o->libctx, "RSA", NULL);
	EVP_PKEY *pkey = NULL;
	EVP_MD_CTX *mdctx = o->EVP_MD_CTX_new();
	if (!n || !e || !bld || !pctx || !mdctx || !o->BN_set_word(e, 65537))
		goto out;
	if (!o->OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) ||
	    !o->OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e) ||
	    !(params = o->OSSL_PARAM_BLD_to_param(bld)))
		goto out;
	if (o->EVP_PKEY_fromdata_init(pctx) != 1 ||
	    o->EVP_PKEY_fromdata(pctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) != 1)
		goto out;
	ok = o->EVP_DigestVerifyInit_ex(mdctx, NULL, mdname, o->libctx, NULL, pkey, NULL) == 1;
out:
	o->EVP_MD_CTX_free(mdctx);
	o->EVP_PKEY_free(pkey);
	o->EVP_PKEY_CTX_free(pctx);
	o->OSSL_PARAM_free(params);
	o->OSSL_PARAM_BLD_free(bld);
	o->BN_free(e);
	o->BN_free(n);
	return ok;
}

/* 1: OpenSSL implements and allows the algorithm here; 0: it does not;
 * -1: we could not find out (no memory). */
static int alg_probe(const struct alg_desc *d)
{
	const struct val_ossl *o = &val_ossl;
	if (d->md != MD_NONE && !tab.md[d->md])
		return 0;
	EVP_KEYMGMT *km = o->EVP_KEYMGMT_fetch(o->libctx, d->keytype, NULL);
	EVP_SIGNATURE *sig = o->EVP_SIGNATURE_fetch(o->libctx, d->sigtype, NULL);
	int ok = km && sig;
	o->EVP_SIGNATURE_free(sig);
	o->EVP_KEYMGMT_free(km);
	if (ok && d->kind == KIND_RSA) {
		/* One probe per digest: algorithms 5 and 7 are both RSA with
		 * SHA-1, and each probe builds a key (issue 18: start-up). */
		if (!tab.rsa_probed[d->md])
			tab.rsa_probed[d->md] = (int8_t)(rsa_probe(md_fetch_names[d->md]) + 2);
		ok = tab.rsa_probed[d->md] - 2;
	}
	return ok;
}

/* fork() while another thread is inside OpenSSL would leave the child
 * with OpenSSL's internal locks held by a thread that does not exist in
 * it, and the child's first lookup would hang (the e2e fork test found
 * this).  Every OpenSSL call of the validator, loading it included, holds
 * this lock for reading; fork() takes it for writing (pthread_atfork), so
 * it happens between crypto operations, never during one.  Writers are
 * preferred, so that threads verifying in a loop cannot hold a fork off for
 * ever; a read lock is never taken twice by one thread. */
static pthread_rwlock_t fork_guard = PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP;

static void fork_prepare(void)
{
	pthread_rwlock_wrlock(&fork_guard);
}

static void fork_parent(void)
{
	pthread_rwlock_unlock(&fork_guard);
}

static void fork_child(void)
{
	/* The lock belongs to the parent's forking thread, whose ID the
	 * child's thread does not have: start over with a fresh one. */
	static const pthread_rwlock_t fresh = PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP;
	memcpy(&fork_guard, &fresh, sizeof fresh);
}

/* Registered when the library is loaded, not at the first start: glibc
 * runs the prepare handlers of a fork with its handler list unlocked, so
 * a handler registered by another thread while a fork is under way is
 * missed by that fork, and the thread could then take start_lock and
 * OpenSSL's locks into the child (the process suite saw a child hang on
 * start_lock once in about 7000 forks). */
__attribute__((constructor)) static void fork_register(void)
{
	pthread_atfork(fork_prepare, fork_parent, fork_child);
}

/* Undoes what a failed crypto_load() did, so that the next lookup tries
 * again from the start (libcrypto itself stays mapped: it is NODELETE). */
static void crypto_unload(void)
{
	if (val_ossl.libctx) {
		for (size_t i = 0; i < MD_COUNT; i++)
			val_ossl.EVP_MD_free(tab.md[i]);
		val_ossl.OSSL_LIB_CTX_free(val_ossl.libctx);
	}
	memset(&tab, 0, sizeof tab);
	memset(&val_ossl, 0, sizeof val_ossl);
}

/* Loads libcrypto, makes our library context and fills the table.  Under
 * start_lock and the fork guard.  Fails, with the reason in why, when
 * libcrypto cannot be loaded, lacks a function, or cannot give the digests
 * and algorithms RFC 8624 requires (SHA-1, SHA-256, algorithms 8 and 13):
 * then nothing can be validated, and the validator says so (indeterminate)
 * rather than treat every zone as unsigned. */
static bool crypto_load(char *why, size_t whylen)
{
	void *h = dlopen(LIBCRYPTO_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		const char *e = dlerror();
		snprintf(why, whylen, "%s", e ? e : LIBCRYPTO_SONAME ": cannot be loaded");
		return false;
	}
#define VAL_OSSL_LOAD(name)                                                                     \
	if (!(*(void **)&val_ossl.name = dlvsym(h, #name, LIBCRYPTO_SYMVER))) {                \
		snprintf(why, whylen, "%s has no %s@%s", LIBCRYPTO_SONAME, #name, LIBCRYPTO_SYMVER); \
		crypto_unload();                                                               \
		return false;                                                                  \
	}
	VAL_OSSL_FUNCTIONS(VAL_OSSL_LOAD)
#undef VAL_OSSL_LOAD
	const struct val_ossl *o = &val_ossl;
	/* A library context of our own: no configuration file is read into
	 * it, and what the host program does to OpenSSL's default context
	 * (providers, default properties, its own openssl.cnf) does not change
	 * what DNSSEC accepts. */
	if (!(val_ossl.libctx = o->OSSL_LIB_CTX_new())) {
		snprintf(why, whylen, "OpenSSL could not make a library context (out of memory?)");
		crypto_unload();
		return false;
	}
	o->ERR_set_mark();
	for (size_t i = 0; i < MD_COUNT; i++)
		tab.md[i] = o->EVP_MD_fetch(o->libctx, md_fetch_names[i], NULL);
	bool ok = true;
	for (size_t i = 0; i < ARRAY_SIZE(alg_descs) && ok; i++) {
		if (!alg_descs[i].required)
			continue;
		int r = alg_probe(&alg_descs[i]);
		atomic_store(&tab.alg_state[i], r == 1 ? ALG_YES : ALG_NO);
		if (r != 1) {
			snprintf(why, whylen, "%s: OpenSSL %s algorithm %u (%s)", LIBCRYPTO_SONAME,
				 r < 0 ? "ran out of memory probing" : "does not provide the required",
				 alg_descs[i].number, val_alg_name(alg_descs[i].number));
			ok = false;
		}
	}
	if (ok && (!tab.md[MD_SHA1] || !tab.md[MD_SHA256])) {
		snprintf(why, whylen, "%s: OpenSSL does not provide SHA-1 and SHA-256", LIBCRYPTO_SONAME);
		ok = false;
	}
	/* Leave the host program's OpenSSL error queue as we found it. */
	o->ERR_pop_to_mark();
	if (!ok)
		crypto_unload();
	return ok;
}

bool val_crypto_started(void)
{
	return atomic_load_explicit(&started, memory_order_acquire);
}

bool val_crypto_start(char *why, size_t whylen)
{
	if (atomic_load_explicit(&started, memory_order_acquire))
		return true;
	char discard[1];
	if (!why || whylen == 0) {
		why = discard;
		whylen = sizeof discard;
	}
	pthread_rwlock_rdlock(&fork_guard);
	pthread_mutex_lock(&start_lock);
	bool ok = atomic_load_explicit(&started, memory_order_relaxed) || crypto_load(why, whylen);
	if (ok)
		atomic_store_explicit(&started, true, memory_order_release);
	pthread_mutex_unlock(&start_lock);
	pthread_rwlock_unlock(&fork_guard);
	return ok;
}

bool val_crypto_enter(void)
{
	if (!val_crypto_start(NULL, 0))
		return false;
	pthread_rwlock_rdlock(&fork_guard);
	return true;
}

void val_crypto_leave(void)
{
	pthread_rwlock_unlock(&fork_guard);
}

const EVP_MD *val_crypto_sha1(void)
{
	return val_crypto_start(NULL, 0) ? tab.md[MD_SHA1] : NULL;
}

const char *val_crypto_str(enum val_crypto r)
{
	switch (r) {
	case VAL_CRYPTO_FAILED: return "internal failure";
	case VAL_CRYPTO_INVALID: return "does not verify";
	case VAL_CRYPTO_BADKEY: return "malformed key or signature";
	case VAL_CRYPTO_UNSUPPORTED: return "unsupported algorithm";
	case VAL_CRYPTO_VALID: return "valid";
	}
	return "unknown result";
}

uint16_t val_keytag(const uint8_t *rdata, size_t rdlen)
{
	/* RFC 4034 Appendix B.1: for algorithm 1 (RSA/MD5) the tag is the
	 * most significant 16 of the least significant 24 bits of the
	 * modulus, i.e. the third- and second-last octets of the RDATA. */
	if (rdlen >= 4 && rdata[3] == 1)
		return rdlen >= 4 + 3 ? val_get16(rdata + rdlen - 3) : 0;
	/* RFC 4034 Appendix B: ones-complement-like sum of 16-bit words. */
	uint32_t ac = 0;
	for (size_t i = 0; i < rdlen; i++)
		ac += (i & 1) ? rdata[i] : (uint32_t)rdata[i] << 8;
	ac += (ac >> 16) & 0xffff;
	return (uint16_t)(ac & 0xffff);
}

/* Does OpenSSL implement and allow d here?  The caller holds the fork
 * guard (val_crypto_enter).  A probe that ran out of memory is tried
 * again next time. */
static bool alg_ok(const struct alg_desc *d)
{
	_Atomic int8_t *state = &tab.alg_state[d - alg_descs];
	int8_t known = atomic_load(state);
	if (known != ALG_UNKNOWN)
		return known == ALG_YES;
	pthread_mutex_lock(&start_lock);
	if ((known = atomic_load(state)) == ALG_UNKNOWN) {
		val_ossl.ERR_set_mark();
		int r = alg_probe(d);
		val_ossl.ERR_pop_to_mark();
		known = r == 1 ? ALG_YES : r == 0 ? ALG_NO : ALG_UNKNOWN;
		atomic_store(state, known);
	}
	pthread_mutex_unlock(&start_lock);
	return known == ALG_YES;
}

bool val_alg_supported(uint8_t algorithm)
{
	const struct alg_desc *d = alg_find(algorithm);
	if (!d || !val_crypto_enter())
		return false;
	bool ok = alg_ok(d);
	val_crypto_leave();
	return ok;
}

bool val_digest_supported(uint8_t digest_type)
{
	enum md_id m = ds_md(digest_type);
	if (m == MD_NONE)
		return false;
	return val_crypto_start(NULL, 0) && tab.md[m] != NULL;
}

const char *val_alg_name(uint8_t algorithm)
{
	/* RFC 8624 §3.1 / the IANA "DNS Security Algorithm Numbers" mnemonics */
	switch (algorithm) {
	case 1: return "RSAMD5";
	case 2: return "DH";
	case 3: return "DSA";
	case 5: return "RSASHA1";
	case 6: return "DSA-NSEC3-SHA1";
	case 7: return "RSASHA1-NSEC3-SHA1";
	case 8: return "RSASHA256";
	case 10: return "RSASHA512";
	case 12: return "ECC-GOST";
	case 13: return "ECDSAP256SHA256";
	case 14: return "ECDSAP384SHA384";
	case 15: return "ED25519";
	case 16: return "ED448";
	case 252: return "INDIRECT";
	case 253: return "PRIVATEDNS";
	case 254: return "PRIVATEOID";
	default: return NULL;
	}
}

const char *val_digest_name(uint8_t digest_type)
{
	/* RFC 8624 §3.3 */
	switch (digest_type) {
	case 1: return "SHA-1";
	case 2: return "SHA-256";
	case 3: return "GOST R 34.11-94";
	case 4: return "SHA-384";
	default: return NULL;
	}
}

/* Whether the last OpenSSL error (after our ERR_set_mark) is an
 * allocation that failed.  Not every one is reported so: val_verify.c's
 * confirm() catches the rest. */
static bool out_of_memory(void)
{
	unsigned long e = val_ossl.ERR_peek_last_error();
	return e != 0 && ERR_GET_REASON(e) == ERR_R_MALLOC_FAILURE;
}

/* The DS check leaves flags (Zone Key bit, RFC 4034 §5.2) and revocation
 * to the caller: it only says whether this digest names this key. */

static enum val_crypto ds_match(const struct val_ds *ds, const uint8_t *owner, const struct val_dnskey *key)
{
	enum md_id m = ds_md(ds->digest_type);
	if (m == MD_NONE)
		return VAL_CRYPTO_UNSUPPORTED;
	const EVP_MD *md = tab.md[m];
	if (!md)
		return VAL_CRYPTO_UNSUPPORTED;
	/* RFC 4034 §5.1.1, §5.1.2: the DS names the key by tag and algorithm. */
	if (ds->key_tag != val_keytag(key->rdata, key->rdlen) || ds->algorithm != key->algorithm)
		return VAL_CRYPTO_INVALID;
	if (ds->digest_len != (size_t)val_ossl.EVP_MD_get_size(md))
		return VAL_CRYPTO_INVALID;

	enum val_crypto rc = VAL_CRYPTO_FAILED;
	uint8_t name[VAL_NAME_MAX], digest[EVP_MAX_MD_SIZE];
	unsigned int dlen = 0;
	val_ossl.ERR_set_mark();
	EVP_MD_CTX *ctx = val_ossl.EVP_MD_CTX_new();
	if (!ctx)
		goto out;
	/* RFC 4034 §5.1.4: digest = H(canonical owner | DNSKEY RDATA); the
	 * canonical owner is lower-cased (§6.2). */
	size_t nlen = val_name_lower(name, owner);
	if (val_ossl.EVP_DigestInit_ex2(ctx, md, NULL) != 1 || val_ossl.EVP_DigestUpdate(ctx, name, nlen) != 1 ||
	    val_ossl.EVP_DigestUpdate(ctx, key->rdata, key->rdlen) != 1 ||
	    val_ossl.EVP_DigestFinal_ex(ctx, digest, &dlen) != 1)
		goto out;
	assert(dlen == ds->digest_len);
	rc = val_ossl.CRYPTO_memcmp(digest, ds->digest, dlen) == 0 ? VAL_CRYPTO_VALID : VAL_CRYPTO_INVALID;
out:
	if (rc != VAL_CRYPTO_VALID && out_of_memory())
		rc = VAL_CRYPTO_FAILED;
	val_ossl.EVP_MD_CTX_free(ctx);
	val_ossl.ERR_pop_to_mark();
	return rc;
}

/* The key builders and the ECDSA signature conversion below return
 * VAL_CRYPTO_VALID when what they were given is well formed (and *out is
 * set), else the verdict val_verify() returns. */

/* RFC 3110 §2: exponent length (one octet, or zero and two octets),
 * exponent, modulus; big-endian unsigned integers. */
static enum val_crypto rsa_key(EVP_PKEY **out, size_t *mod_octets, const uint8_t *key, size_t key_len)
{
	enum val_crypto rc = VAL_CRYPTO_FAILED;
	BIGNUM *n = NULL, *e = NULL;
	OSSL_PARAM_BLD *bld = NULL;
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *pctx = NULL;

	struct val_wire w;
	val_wire_init(&w, key, key_len);
	size_t elen = val_wire_u8(&w);
	if (elen == 0)
		elen = val_wire_u16(&w);
	const uint8_t *exp = val_wire_bytes(&w, elen);
	if (w.err || elen == 0 || w.pos >= key_len) {
		/* exponent length past the key, or no modulus at all */
		rc = VAL_CRYPTO_BADKEY;
		goto out;
	}
	const uint8_t *mod = key + w.pos;
	size_t mlen = key_len - w.pos;

	/* Leading zero octets are prohibited by RFC 3110 §2 but harmless:
	 * BN_bin2bn skips them, and the sizes below count value bits. */
	if (!(n = val_ossl.BN_bin2bn(mod, (int)mlen, NULL)) || !(e = val_ossl.BN_bin2bn(exp, (int)elen, NULL)))
		goto out;
	/* An exponent not below the modulus is no RSA key (OpenSSL would
	 * only fail the verification later). */
	if (val_ossl.BN_is_zero(n) || val_ossl.BN_is_zero(e) || val_ossl.BN_num_bits(n) > VAL_RSA_KEY_BITS_MAX ||
	    val_ossl.BN_num_bits(e) > VAL_RSA_EXPONENT_BITS_MAX || val_ossl.BN_cmp(e, n) >= 0) {
		rc = VAL_CRYPTO_BADKEY;
		goto out;
	}
	if (!(bld = val_ossl.OSSL_PARAM_BLD_new()) || !val_ossl.OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) ||
	    !val_ossl.OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e) ||
	    !(params = val_ossl.OSSL_PARAM_BLD_to_param(bld)))
		goto out;
	if (!(pctx = val_ossl.EVP_PKEY_CTX_new_from_name(val_ossl.libctx, "RSA", NULL)) ||
	    val_ossl.EVP_PKEY_fromdata_init(pctx) != 1)
		goto out;
	if (val_ossl.EVP_PKEY_fromdata(pctx, out, EVP_PKEY_PUBLIC_KEY, params) != 1) {
		rc = VAL_CRYPTO_BADKEY;
		goto out;
	}
	*mod_octets = ((size_t)val_ossl.BN_num_bits(n) + 7) / 8;
	rc = VAL_CRYPTO_VALID;
out:
	val_ossl.EVP_PKEY_CTX_free(pctx);
	val_ossl.OSSL_PARAM_free(params);
	val_ossl.OSSL_PARAM_BLD_free(bld);
	val_ossl.BN_free(e);
	val_ossl.BN_free(n);
	return rc;
}

/* RFC 6605 §4: the key is x|y; OpenSSL wants the SEC1 uncompressed point
 * 0x04|x|y.  A point off the curve makes EVP_PKEY_fromdata fail: decoding
 * the point sets its affine coordinates, which OpenSSL refuses for a point
 * not on the curve (test_crypto's off-curve key).  An uncompressed point is
 * never the point at infinity.  A separate EVP_PKEY_public_check_quick
 * cost 48,000 instructions per key and found nothing more (issue 18). */
static enum val_crypto ecdsa_key(EVP_PKEY **out, const struct alg_desc *d, const uint8_t *key,
				 size_t key_len)
{
	enum val_crypto rc = VAL_CRYPTO_FAILED;
	uint8_t point[1 + 96];
	OSSL_PARAM_BLD *bld = NULL;
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *pctx = NULL;

	if (key_len != d->key_len) {
		rc = VAL_CRYPTO_BADKEY;
		goto out;
	}
	assert(key_len < sizeof point);
	point[0] = POINT_CONVERSION_UNCOMPRESSED;
	memcpy(point + 1, key, key_len);
	if (!(bld = val_ossl.OSSL_PARAM_BLD_new()) ||
	    !val_ossl.OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, d->group, 0) ||
	    !val_ossl.OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point, key_len + 1) ||
	    !(params = val_ossl.OSSL_PARAM_BLD_to_param(bld)))
		goto out;
	if (!(pctx = val_ossl.EVP_PKEY_CTX_new_from_name(val_ossl.libctx, "EC", NULL)) || val_ossl.EVP_PKEY_fromdata_init(pctx) != 1)
		goto out;
	if (val_ossl.EVP_PKEY_fromdata(pctx, out, EVP_PKEY_PUBLIC_KEY, params) != 1) {
		rc = VAL_CRYPTO_BADKEY;
		goto out;
	}
	rc = VAL_CRYPTO_VALID;
out:
	val_ossl.EVP_PKEY_CTX_free(pctx);
	val_ossl.OSSL_PARAM_free(params);
	val_ossl.OSSL_PARAM_BLD_free(bld);
	return rc;
}

/* RFC 6605 §4: the signature is r|s, each half of it; OpenSSL verifies the
 * DER form (SEQUENCE of two INTEGERs).  *der is OPENSSL_malloc'd. */
static enum val_crypto ecdsa_sig_der(uint8_t **der, size_t *der_len, const uint8_t *sig, size_t half)
{
	enum val_crypto rc = VAL_CRYPTO_FAILED;
	ECDSA_SIG *es = val_ossl.ECDSA_SIG_new();
	BIGNUM *r = val_ossl.BN_bin2bn(sig, (int)half, NULL), *s = val_ossl.BN_bin2bn(sig + half, (int)half, NULL);
	if (!es || !r || !s || !val_ossl.ECDSA_SIG_set0(es, r, s))
		goto out;
	r = s = NULL;	/* es owns them now */
	int len = val_ossl.i2d_ECDSA_SIG(es, der);
	if (len <= 0)
		goto out;
	*der_len = (size_t)len;
	rc = VAL_CRYPTO_VALID;
out:
	val_ossl.BN_free(s);
	val_ossl.BN_free(r);
	val_ossl.ECDSA_SIG_free(es);
	return rc;
}

/* The public key of one DNSKEY RDATA as OpenSSL wants it; *mod_octets
 * is the RSA modulus length (0 for the others). */
static enum val_crypto key_build(EVP_PKEY **out, size_t *mod_octets, const struct alg_desc *d,
				 const uint8_t *key, size_t key_len)
{
	switch (d->kind) {
	case KIND_RSA:
		return rsa_key(out, mod_octets, key, key_len);
	case KIND_ECDSA:
		return ecdsa_key(out, d, key, key_len);
	case KIND_EDDSA:
		/* RFC 8080 §3: 32 (Ed25519) or 57 (Ed448) octet keys. */
		if (key_len != d->key_len)
			return VAL_CRYPTO_BADKEY;
		*out = val_ossl.EVP_PKEY_new_raw_public_key_ex(val_ossl.libctx, d->keytype, NULL, key, key_len);
		return *out ? VAL_CRYPTO_VALID : VAL_CRYPTO_BADKEY;
	}
	return VAL_CRYPTO_FAILED;
}

/* Keys already built, for the next signature by the same key (issue 18):
 * OpenSSL 3 takes 100,000 to 150,000 instructions to import a public key,
 * about a third of an RSA verification, and a zone's ZSK signs every
 * answer of the zone: the answer, its denial, the SOA beside it, and the
 * next lookup's.  Only keys that OpenSSL accepted are kept, by their exact
 * RDATA key octets and algorithm; a key built from other octets is another
 * key.  The least recently used slot is replaced.  The lock is taken only
 * under the fork guard (val_verify), so a fork never copies it held; an
 * EVP_PKEY is shared between threads only for verifying, which OpenSSL
 * allows, and each user holds its own reference. */
static struct key_slot {
	uint8_t algorithm;
	uint16_t len;
	uint8_t key[VAL_KEY_CACHE_KEY_MAX];
	EVP_PKEY *pkey;
	size_t mod_octets;
	uint64_t used;		/* key_clock when last used; 0: empty */
} key_slots[VAL_KEY_CACHE_MAX];
static uint64_t key_clock;
static pthread_mutex_t key_lock = PTHREAD_MUTEX_INITIALIZER;

/* *out holds a reference of its own: the caller frees it. */
static enum val_crypto key_get(EVP_PKEY **out, size_t *mod_octets, const struct alg_desc *d,
			       const uint8_t *key, size_t key_len)
{
	bool cacheable = key_len <= VAL_KEY_CACHE_KEY_MAX;
	if (cacheable) {
		pthread_mutex_lock(&key_lock);
		for (size_t i = 0; i < VAL_KEY_CACHE_MAX; i++) {
			struct key_slot *k = &key_slots[i];
			if (k->used && k->algorithm == d->number && k->len == key_len &&
			    memcmp(k->key, key, key_len) == 0 && val_ossl.EVP_PKEY_up_ref(k->pkey) == 1) {
				k->used = ++key_clock;
				*out = k->pkey;
				*mod_octets = k->mod_octets;
				pthread_mutex_unlock(&key_lock);
				return VAL_CRYPTO_VALID;
			}
		}
		pthread_mutex_unlock(&key_lock);
	}
	enum val_crypto rc = key_build(out, mod_octets, d, key, key_len);
	if (rc != VAL_CRYPTO_VALID || !cacheable)
		return rc;
	pthread_mutex_lock(&key_lock);
	struct key_slot *victim = &key_slots[0];
	for (size_t i = 1; i < VAL_KEY_CACHE_MAX && victim->used; i++)
		if (key_slots[i].used < victim->used)
			victim = &key_slots[i];
	/* No reference for the cache (out of memory): the key is not kept. */
	if (val_ossl.EVP_PKEY_up_ref(*out) == 1) {
		EVP_PKEY *old = victim->used ? victim->pkey : NULL;
		victim->algorithm = d->number;
		victim->len = (uint16_t)key_len;
		memcpy(victim->key, key, key_len);
		victim->pkey = *out;
		victim->mod_octets = *mod_octets;
		victim->used = ++key_clock;
		val_ossl.EVP_PKEY_free(old);
	}
	pthread_mutex_unlock(&key_lock);
	return rc;
}

/* Signature lengths: a signature whose length is impossible for the
 * algorithm and key (ECDSA other than 2 x field size, EdDSA other than 64
 * or 114 octets, RSA other than the modulus length, RFC 3110 §3) is
 * VAL_CRYPTO_BADKEY ("key or signature malformed"), decided before any
 * math; a well-formed signature that does not verify is INVALID. */
static enum val_crypto verify_signature(uint8_t algorithm, const uint8_t *key, size_t key_len, const uint8_t *data,
			      size_t data_len, const uint8_t *sig, size_t sig_len)
{
	/* RFC 8624 §3.1: 1, 3, 6, 12 (and anything unknown) are not
	 * implemented: the caller treats them as unsigned. */
	const struct alg_desc *d = alg_find(algorithm);
	if (!d)
		return VAL_CRYPTO_UNSUPPORTED;
	if (!alg_ok(d))
		return VAL_CRYPTO_UNSUPPORTED;

	enum val_crypto rc = VAL_CRYPTO_FAILED;
	/* EdDSA: no digest (RFC 8032 PureEdDSA hashes the data itself). */
	const char *mdname = d->md == MD_NONE ? NULL : md_fetch_names[d->md];
	EVP_PKEY *pkey = NULL;
	EVP_MD_CTX *mdctx = NULL;
	uint8_t *der = NULL;
	const uint8_t *s = sig;
	size_t slen = sig_len, mod_octets = 0;
	val_ossl.ERR_set_mark();

	rc = key_get(&pkey, &mod_octets, d, key, key_len);
	if (rc != VAL_CRYPTO_VALID)
		goto out;
	switch (d->kind) {
	case KIND_RSA:
		if (sig_len != mod_octets) {
			rc = VAL_CRYPTO_BADKEY;
			goto out;
		}
		break;
	case KIND_ECDSA:
		if (sig_len != d->sig_len) {
			rc = VAL_CRYPTO_BADKEY;
			goto out;
		}
		rc = ecdsa_sig_der(&der, &slen, sig, sig_len / 2);
		if (rc != VAL_CRYPTO_VALID)
			goto out;
		s = der;
		break;
	case KIND_EDDSA:
		if (sig_len != d->sig_len) {
			rc = VAL_CRYPTO_BADKEY;
			goto out;
		}
		break;
	}

	rc = VAL_CRYPTO_FAILED;
	if (!(mdctx = val_ossl.EVP_MD_CTX_new()))
		goto out;
	/* A refusal here is OpenSSL's policy speaking (a forbidden digest, a
	 * key size the FIPS provider will not use): unsupported, not bogus. */
	if (val_ossl.EVP_DigestVerifyInit_ex(mdctx, NULL, mdname, val_ossl.libctx, NULL, pkey, NULL) != 1) {
		rc = VAL_CRYPTO_UNSUPPORTED;
		goto out;
	}
	rc = val_ossl.EVP_DigestVerify(mdctx, s, slen, data, data_len) == 1 ? VAL_CRYPTO_VALID
								   : VAL_CRYPTO_INVALID;
out:
	/* Out of memory is neither the key's fault nor the signature's. */
	if (rc != VAL_CRYPTO_VALID && out_of_memory())
		rc = VAL_CRYPTO_FAILED;
	val_ossl.EVP_MD_CTX_free(mdctx);
	val_ossl.CRYPTO_free(der, OPENSSL_FILE, OPENSSL_LINE);
	val_ossl.EVP_PKEY_free(pkey);
	/* Leave the host program's OpenSSL error queue as we found it. */
	val_ossl.ERR_pop_to_mark();
	return rc;
}

int val_verify_id(uint8_t id[32], uint8_t algorithm, const uint8_t *key, size_t key_len,
		  const uint8_t *data, size_t data_len, const uint8_t *sig, size_t sig_len)
{
	if (!val_crypto_enter())
		return -EIO;
	const struct val_ossl *o = &val_ossl;
	/* Lengths first, so that no two different calls hash the same. */
	uint8_t head[1 + 3 * 8];
	uint64_t lens[3] = { key_len, sig_len, data_len };
	head[0] = algorithm;
	for (size_t i = 0; i < 3; i++)
		for (size_t b = 0; b < 8; b++)
			head[1 + i * 8 + b] = (uint8_t)(lens[i] >> (56 - 8 * b));
	int rc = -EIO;
	unsigned int len = 0;
	o->ERR_set_mark();
	EVP_MD_CTX *ctx = o->EVP_MD_CTX_new();
	if (ctx && o->EVP_DigestInit_ex2(ctx, tab.md[MD_SHA256], NULL) == 1 &&
	    o->EVP_DigestUpdate(ctx, head, sizeof head) == 1 && o->EVP_DigestUpdate(ctx, key, key_len) == 1 &&
	    o->EVP_DigestUpdate(ctx, sig, sig_len) == 1 && o->EVP_DigestUpdate(ctx, data, data_len) == 1 &&
	    o->EVP_DigestFinal_ex(ctx, id, &len) == 1 && len == 32)
		rc = 0;
	o->EVP_MD_CTX_free(ctx);
	o->ERR_pop_to_mark();
	val_crypto_leave();
	return rc;
}

/* The public entry points hold the fork guard around OpenSSL. */
enum val_crypto val_ds_match(const struct val_ds *ds, const uint8_t *owner, const struct val_dnskey *key)
{
	if (!val_crypto_enter())
		return VAL_CRYPTO_FAILED;
	enum val_crypto r = ds_match(ds, owner, key);
	val_crypto_leave();
	return r;
}

enum val_crypto val_verify(uint8_t algorithm, const uint8_t *key, size_t key_len,
			   const uint8_t *data, size_t data_len,
			   const uint8_t *sig, size_t sig_len)
{
	if (!val_crypto_enter())
		return VAL_CRYPTO_FAILED;
	enum val_crypto r = verify_signature(algorithm, key, key_len, data, data_len, sig, sig_len);
	val_crypto_leave();
	return r;
}
