/* validator/val_crypto_int.h: what val_crypto.c shares with the other
 * validator/ files (NSEC3 hashing).  Not for stub/, tools/ or nss_dnssec/. */
#pragma once

struct evp_md_st;

/* SHA-1 as fetched once per process by val_crypto.c (RFC 5155 §5 hashes
 * NSEC3 owner names with it), or NULL when OpenSSL does not provide it in
 * this process.  The object lives as long as the process; do not free it. */
const struct evp_md_st *val_crypto_sha1(void);
