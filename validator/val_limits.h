/* validator/val_limits.h: every hard limit of the validator, each with its
 * reason (DESIGN.md, "Hard limits").  Nothing else in validator/ may use a
 * bare number for one of these. */
#pragma once

/* RFC 1035 §2.3.4: a name is at most 255 octets in wire form. */
#define VAL_NAME_MAX 255
/* RFC 1035 §2.3.4: a label is at most 63 octets. */
#define VAL_LABEL_MAX 63
/* Presentation form of the longest name: every octet escaped as \DDD plus
 * the dots and the terminating NUL. */
#define VAL_NAME_STR_MAX (4 * VAL_NAME_MAX + 2)
/* A 255-octet name has at most 127 labels; more compression hops than that
 * means a pointer loop (unbound MAX_COMPRESS_PTRS, systemd jump_barrier). */
#define VAL_COMPRESS_HOPS_MAX 127

/* BIND CVE-2024-1737: huge RRsets cost quadratic time to sort and compare. */
#define VAL_RRSET_RR_MAX 64
/* BIND CVE-2024-1737: bound the work one message can cause. */
#define VAL_MSG_RRSET_MAX 256
/* A DNS message over TCP is at most 65535 octets (RFC 1035 §4.2.2). */
#define VAL_MSG_MAX 65535

/* RFC 6891 §6.2.5 and DNS Flag Day 2020: 1232 octets avoids fragmentation. */
#define VAL_EDNS_PAYLOAD 1232

/* Clock skew accepted on RRSIG inception and expiration (unbound uses at
 * least 1 h, systemd-resolved 1 h 10 min). */
#define VAL_SKEW_SECONDS 3600

/* RFC 9276 §3.2: NSEC3 iterations above this make the zone insecure. */
#define VAL_NSEC3_ITER_MAX 50
/* RFC 9276 §3.1 and the NSEC3 salt field (RFC 5155 §3.2): a salt this long
 * only costs the validator; treat like too many iterations. */
#define VAL_NSEC3_SALT_MAX 64
/* CVE-2023-50868: SHA-1 computations for NSEC3 per lookup. */
#define VAL_NSEC3_HASH_BUDGET 1024

/* KeyTrap, CVE-2023-50387: signature verifications per RRset and per
 * lookup (unbound allows 8, Knot 32). */
#define VAL_SIG_PER_RRSET_MAX 8
#define VAL_SIG_PER_LOOKUP_MAX 32
/* Signatures a lookup remembers as valid (struct val_memo), so that the A
 * and the AAAA walk, and later rounds, do not verify the same chain again:
 * every verification that can succeed within the budget fits. */
#define VAL_MEMO_MAX VAL_SIG_PER_LOOKUP_MAX
/* Key-tag collisions (PowerDNS): DNSKEYs tried for one (key tag,
 * algorithm), DS records considered per zone, RRSIGs considered per RRset. */
#define VAL_KEYS_PER_TAG_MAX 2
#define VAL_DS_PER_ZONE_MAX 8
#define VAL_RRSIG_PER_RRSET_MAX 4

/* The sentence of a verdict: zone, key tags, record and likely cause. */
#define VAL_WHY_MAX 512
/* The upstream a reason names ("[2001:db8::53]:5353", or a list): a fact
 * for tools, the sentence has it in full. */
#define VAL_REASON_SERVER_MAX 64

/* RFC 3110 §2: "For interoperability, the exponent and modulus are each
 * limited to 4096 bits in length."  Larger keys only cost us CPU. */
#define VAL_RSA_KEY_BITS_MAX 4096
/* Public keys a process keeps built for the next signature by the same
 * key (val_crypto.c, key_get): a lookup's chain has one or two per zone,
 * so 16 hold the keys of a busy program's usual zones.  Keys longer than
 * VAL_KEY_CACHE_KEY_MAX octets (RSA over 4096 bits, refused anyway) are
 * built each time.  At most 16 x 520 octets of copies. */
#define VAL_KEY_CACHE_MAX 16
#define VAL_KEY_CACHE_KEY_MAX (3 + 5 + VAL_RSA_KEY_BITS_MAX / 8)
/* RSA public exponent: OpenSSL refuses exponents over 64 bits only for
 * moduli over 3072 bits, and a 3072-bit exponent makes one verification
 * about 35 times slower (5.8 ms): within the per-lookup budget, 0.2 s of
 * CPU per lookup for a hostile zone.  Real keys use 3 or 65537; BIND
 * refuses over 35 bits (RSA_MAX_PUBEXP_BITS), and so do we (found by
 * fuzz_verify). */
#define VAL_RSA_EXPONENT_BITS_MAX 35

/* CVE-2023-50868 and DESIGN.md: NSEC3 (and NSEC) RRsets of one zone used
 * in one denial proof; a real proof needs at most 3. */
#define VAL_DENIAL_RECORDS_MAX 8

/* CNAME/DNAME steps followed in one lookup (unbound restarts 11 times; real
 * CDN chains run 3 to 5): also what stops a CNAME loop. */
#define VAL_CNAME_MAX 12
/* Upstream queries per lookup: bounds the amplification a hostile upstream
 * or a deep name can cause. */
#define VAL_QUERIES_MAX 32
/* Labels below the trust anchor whose DS and DNSKEY are asked for
 * speculatively in one round: covers real zone cuts (rarely deeper than
 * five) while a 34-label ip6.arpa name stays within VAL_QUERIES_MAX. */
#define VAL_PLAN_LABELS 8

/* Links kept in a trace (struct val_trace, for `nss-dnssec trace` and
 * `why`): every link but a negative trust anchor or a failed fetch costs at
 * least one signature verification (VAL_SIG_PER_LOOKUP_MAX), and those two
 * end the walk of one of at most VAL_CNAME_MAX + 1 names, so a walk within
 * the budgets records fewer than this.  Past it, the last slot keeps the
 * most recent link. */
#define VAL_TRACE_MAX 64
/* DS records or anchors of one zone shown per link: the most the chain
 * hands val_dnskey_verify for anchors, twice the DS it considers. */
#define VAL_TRACE_TRUST_MAX (2 * VAL_DS_PER_ZONE_MAX)
