/* validator/val_crypto_int.h: what val_crypto.c shares with the other
 * validator/ files (NSEC3 hashing).  Not for stub/, tools/ or nss_dnssec/. */
#pragma once

#include <stdbool.h>

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

/* Every libcrypto function the validator calls.  The module is not linked
 * with libcrypto: val_crypto_start() loads it (dlopen) the first time a
 * lookup needs it, while that lookup's queries are on the wire, and takes
 * each function at the symbol version the headers describe.  Add a
 * function here before calling it as val_ossl.NAME(...). */
#define VAL_OSSL_FUNCTIONS(X)                                                              \
	X(BN_bin2bn) X(BN_cmp) X(BN_free) X(BN_is_zero) X(BN_new) X(BN_num_bits)           \
	X(BN_set_word) X(CRYPTO_free) X(CRYPTO_memcmp) X(ECDSA_SIG_free) X(ECDSA_SIG_new)  \
	X(ECDSA_SIG_set0) X(ERR_peek_last_error) X(ERR_pop_to_mark) X(ERR_set_mark)        \
	X(EVP_DigestFinal_ex)                                                              \
	X(EVP_DigestInit_ex2) X(EVP_DigestUpdate) X(EVP_DigestVerify)                      \
	X(EVP_DigestVerifyInit_ex) X(EVP_KEYMGMT_fetch) X(EVP_KEYMGMT_free) X(EVP_MD_CTX_free) \
	X(EVP_MD_CTX_new) X(EVP_MD_fetch) X(EVP_MD_free)               \
	X(EVP_MD_get_size) X(EVP_PKEY_CTX_free) X(EVP_PKEY_CTX_new_from_name)              \
	X(EVP_PKEY_free) X(EVP_PKEY_fromdata)                \
	X(EVP_PKEY_fromdata_init) X(EVP_PKEY_new_raw_public_key_ex)                        \
	X(EVP_PKEY_up_ref) X(EVP_SIGNATURE_fetch) X(EVP_SIGNATURE_free)        \
	X(OSSL_LIB_CTX_free) X(OSSL_LIB_CTX_new) X(OSSL_PARAM_BLD_free) X(OSSL_PARAM_BLD_new) \
	X(OSSL_PARAM_BLD_push_BN) X(OSSL_PARAM_BLD_push_octet_string)                      \
	X(OSSL_PARAM_BLD_push_utf8_string) X(OSSL_PARAM_BLD_to_param) X(OSSL_PARAM_free)   \
	X(i2d_ECDSA_SIG)

struct val_ossl {
	/* The validator's own library context: its algorithms come from
	 * OpenSSL's default provider, not from the host program's OpenSSL
	 * configuration (openssl.cnf, OPENSSL_CONF, providers it loaded). */
	OSSL_LIB_CTX *libctx;
#define VAL_OSSL_MEMBER(name) __typeof__(name) *name;
	VAL_OSSL_FUNCTIONS(VAL_OSSL_MEMBER)
#undef VAL_OSSL_MEMBER
};

/* Filled by val_crypto_start() before it first returns true, never written
 * again: read it only after a val_crypto_start() (val_crypto_enter() does
 * one) has returned true in this thread. */
extern struct val_ossl val_ossl;

/* SHA-1 as fetched once per process by val_crypto.c (RFC 5155 §5 hashes
 * NSEC3 owner names with it), or NULL when OpenSSL could not be started.
 * The object lives as long as the process; do not free it. */
const EVP_MD *val_crypto_sha1(void);

/* Around every use of OpenSSL outside val_crypto.c: starts OpenSSL if it
 * is not yet (false: it could not be, and nothing may be called), then
 * takes a read lock that fork() waits for (see val_crypto.c), so a child
 * never inherits OpenSSL's locks held.  Not recursive: leave once after
 * every enter that returned true. */
bool val_crypto_enter(void);
void val_crypto_leave(void);
