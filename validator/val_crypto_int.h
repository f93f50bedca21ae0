/* validator/val_crypto_int.h: what val_crypto.c shares with the other
 * validator/ files (NSEC3 hashing).  Not for stub/, tools/ or nss_dnssec/. */
#pragma once

struct evp_md_st;

/* SHA-1 as fetched once per process by val_crypto.c (RFC 5155 §5 hashes
 * NSEC3 owner names with it), or NULL when OpenSSL does not provide it in
 * this process.  The object lives as long as the process; do not free it. */
const struct evp_md_st *val_crypto_sha1(void);

/* Around every use of OpenSSL outside val_crypto.c: a read lock that
 * fork() waits for (see val_crypto.c), so a child never inherits OpenSSL's
 * locks held.  Not recursive: enter once, leave once. */
void val_crypto_enter(void);
void val_crypto_leave(void);
