/* stub/stub.h: the one public header of stub/, the lookup engine:
 * configuration, resolv.conf, the c-ares transport, the lookup loop and the
 * per-process cache (DESIGN.md, "Layers"). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stub_limits.h"
#include "validator/validator.h"

/* ------------------------------------------------------------------ */
/* Configuration (DESIGN.md, "Policy and configuration")                */

#define STUB_CONF_PATH "/etc/nss-dnssec.conf"
#define STUB_CONF_DIR "/etc/nss-dnssec.d"
/* Runtime drop-ins (VPN and NetworkManager hooks), read after STUB_CONF_DIR. */
#define STUB_RUN_DIR "/run/nss-dnssec.d"
#define STUB_RESOLV_PATH "/etc/resolv.conf"
/* The hotspot sign-on window (nss-dnssec hotspot): root's file, its end. */
#define STUB_HOTSPOT_PATH "/run/nss-dnssec-hotspot"
#define STUB_ANCHOR_DEFAULT "/usr/share/dns/root.key"
/* root-hints: the default of dns-root-data, for the authoritative fallback. */
#define STUB_HINTS_DEFAULT "/usr/share/dns/root.hints"
#ifndef STUB_ANCHOR_FALLBACK
#define STUB_ANCHOR_FALLBACK "/usr/share/nss-dnssec/root.key"
#endif

struct stub_server {
	int family;		/* AF_INET or AF_INET6 */
	uint8_t addr[16];	/* network order; 4 octets used for AF_INET */
	uint16_t port;		/* host order; 53 unless given */
	char str[64];		/* "192.0.2.53", "192.0.2.53#5353", "2001:db8::1" for messages */
};

/* A trust anchor: a DS or DNSKEY record and where it was read. */
struct stub_anchor {
	struct val_rr rr;	/* owner and rdata point into the arrays below */
	uint8_t owner[VAL_NAME_MAX];
	uint8_t *rdata;		/* malloc'd */
	char source[128];	/* "/usr/share/dns/root.key:1" */
};

/* An RFC 6052 §2.2 prefix: len is 32, 40, 48, 56, 64 or 96; the bits past
 * len and bits 64-71 (the "u" octet) are zero. */
struct stub_dns64_prefix {
	uint8_t addr[16];
	uint8_t len;
};

enum stub_log_level { STUB_LOG_ERR, STUB_LOG_WARNING, STUB_LOG_NOTICE, STUB_LOG_INFO, STUB_LOG_DEBUG };

/* The configuration (struct stub_config) is private to stub/: its layout
 * and the readers that fill it are in stub_conf_int.h.  Outside stub/ it
 * is made, loaded and read through the functions below, and passed as it
 * is to stub_lookup, stub_net_new and the others that take one. */
struct stub_config;

/* Parses "ADDR" or "ADDR#PORT" (IPv4 or IPv6 literal, port 1-65535, 53 by
 * default) into *s.  0, or -EINVAL with *err a fixed phrase. */
int stub_server_parse(struct stub_server *s, const char *text, const char **err);

/* The configuration files and the order they are read in, written once
 * for the module, its cache's fingerprint and the tool: the main file
 * (`path` when not NULL, the tool's --config; else
 * secure_getenv("NSS_DNSSEC_CONF") when set, for tests, never for a
 * secure-execution process; else STUB_CONF_PATH), then, for the default
 * path only, the drop-ins of STUB_CONF_DIR and STUB_RUN_DIR. */
struct stub_conf_files {
	const char *main;
	const char *dropin_dir;		/* NULL with a main file named */
	const char *run_dir;		/* NULL with a main file named */
};
void stub_conf_files(struct stub_conf_files *f, const char *path);

/* ------------------------------------------------------------------ */
/* The configuration for the tool (stub_conf.c)                         */

/* What a command line puts in place of what the files say (NULL and 0:
 * keep theirs).  At most STUB_SERVERS_MAX servers and STUB_ANCHORS_MAX
 * anchor files, each path shorter than STUB_CONF_PATH_MAX: more or longer
 * is a configuration error. */
struct stub_config_override {
	const char *config;			/* --config: this file alone (stub_conf_files) */
	const struct stub_server *servers;	/* --server: instead of the nameserver lines
						 * and resolv.conf's */
	size_t nservers;
	const char *const *anchor_files;	/* --anchor: instead of the trust-anchor-file lines */
	size_t nanchor_files;
};

/* An empty configuration, to load; NULL with errno ENOMEM.
 * stub_config_delete frees it and what it holds (NULL is fine).  (unbound's
 * config_create and config_delete) */
struct stub_config *stub_config_new(void);
void stub_config_delete(struct stub_config *c);

/* Loads c (from stub_config_new) the way stub_config_load does, with o's
 * overrides put in once the configuration files are read: the defaults,
 * the files of stub_conf_files(o->config), the overrides, resolv.conf, the
 * trust anchors, and the root hints when authoritative-fallback is on.  It
 * stops at the first error.  0, or -errno with the error ("FILE:LINE: what
 * is wrong") in the view's error. */
int stub_config_load_override(struct stub_config *c, const struct stub_config_override *o);

/* Reads the root hints file at path into c as the configured one is read
 * (stub_hints_load: strict, FILE:LINE errors, owner and mode checks), for
 * nss-dnssec probe --root-hints.  0, or -errno with the view's error set;
 * -ENAMETOOLONG without one for a path of STUB_CONF_PATH_MAX octets or
 * more. */
int stub_config_load_hints(struct stub_config *c, const char *path);

/* What a configuration amounts to, for nss-dnssec check-config and the
 * commands that show part of it (probe, query's DNS64 line, the anchors'
 * FILE:LINE in trace and why).  Read-only views into c, valid until c is
 * loaded again or deleted.  Names are wire format. */
struct stub_config_view {
	/* The configuration files read: the main file, then the drop-ins. */
	const char (*conf_files)[STUB_CONF_PATH_MAX];
	size_t nconf_files;
	/* The servers lookups ask: from the configuration (nameserver lines,
	 * or the --server override) or else from resolv.conf. */
	const struct stub_server *servers;
	size_t nservers;
	bool servers_from_config;
	/* resolv.conf's search list and options. */
	const uint8_t (*search)[VAL_NAME_MAX];
	size_t nsearch;
	unsigned ndots, attempts, try_timeout_s;
	bool rotate;
	/* The trust anchors loaded; nanchor_files 0: from the default files. */
	const struct stub_anchor *anchors;
	size_t nanchors;
	size_t nanchor_files;
	/* Negative trust anchors: the first nntas_builtin are built in. */
	const uint8_t (*ntas)[VAL_NAME_MAX];
	size_t nntas, nntas_builtin;
	const uint8_t (*require_secure)[VAL_NAME_MAX];
	size_t nrequire;
	const uint8_t (*time_servers)[VAL_NAME_MAX];
	size_t ntime_servers;
	/* dns64-prefix: the prefixes, or none and off, or none (learn them). */
	const struct stub_dns64_prefix *dns64;
	size_t ndns64;
	bool dns64_off;
	bool nm_vpn_ntas;
	unsigned timeout_s;		/* per lookup */
	enum stub_log_level log_level;
	/* authoritative-fallback, root-hints ("": the default) and the hints
	 * read (only when the fallback is on, or by stub_config_load_hints). */
	bool auth_fallback;
	const char *root_hints;
	const struct stub_server *hints;
	size_t nhints;
	const char *error;		/* the first error, "" when none */
	const char *warning;		/* the first warning, "" when none */
};
void stub_config_view(const struct stub_config *c, struct stub_config_view *v);

/* The policy view the validator takes (pointers into c and arr, which must
 * hold STUB_ANCHORS_MAX + STUB_NTAS_MAX + STUB_REQUIRE_MAX pointers). */
void stub_config_policy(const struct stub_config *c, struct val_policy *pol, const void **arr);


/* ------------------------------------------------------------------ */
/* DNS64 (RFC 6147 §5.5, RFC 7050, RFC 6052; stub_dns64.c)              */

/* Parses "PREFIX/LEN" (an IPv6 literal, LEN one of RFC 6052's six).  0, or
 * -EINVAL with *err a fixed phrase. */
int stub_dns64_parse(struct stub_dns64_prefix *p, const char *text, const char **err);
/* "64:ff9b::/96" into buf (at least INET6_ADDRSTRLEN + 4 octets); buf. */
char *stub_dns64_str(const struct stub_dns64_prefix *p, char *buf, size_t cap);
/* RFC 6052 §2.2: the IPv4-embedded IPv6 address of v4 under p. */
void stub_dns64_synth(const struct stub_dns64_prefix *p, const uint8_t v4[4], uint8_t out[16]);
/* The reverse: true with v4 filled when v6 lies under p (its first len bits
 * are p's and its u octet is zero). */
bool stub_dns64_extract(const struct stub_dns64_prefix *p, const uint8_t v6[16], uint8_t v4[4]);
/* RFC 7050 §3: the prefixes in a response to "ipv4only.arpa. AAAA" (the
 * AAAA records of ipv4only.arpa. in its answer section that embed
 * 192.0.0.170 or 192.0.0.171 at exactly one of the six positions, with a
 * zero u octet and suffix), without duplicates, at most max.  Returns their
 * number, 0 for a response that holds none, or -EBADMSG (with *err) for one
 * that is malformed, answers another question or is not NOERROR/NXDOMAIN. */
int stub_dns64_from_response(const uint8_t *buf, size_t len, struct stub_dns64_prefix *out, size_t max,
			     const char **err);
/* Asks c's servers "ipv4only.arpa. AAAA" with RD only (a DNS64 does not
 * synthesize for a query with CD and DO, RFC 6147 §5.5) and learns the
 * prefixes from the answer.  ipv4only.arpa. is unsigned by design; the
 * prefix only decides where the host connects, what is synthesized under
 * it comes from validated A records.  Returns the number found (0: the
 * resolver answered, no DNS64), or -errno when no usable answer came
 * (why says what happened, for the log). */
int stub_dns64_discover(const struct stub_config *c, struct stub_dns64_prefix *out, size_t max,
			char *why, size_t whycap);

/* ------------------------------------------------------------------ */
/* Transport (c-ares 1.18, DESIGN.md's c-ares section)                  */

/* One query of a round: what to ask, and what came back. */
struct stub_query {
	uint8_t name[VAL_NAME_MAX];
	uint16_t type;
	unsigned flags;		/* VAL_Q_* to send; 0: RD, CD and DO (every validated query) */
	uint16_t id;		/* ours, from getrandom() */
	int status;		/* ARES_SUCCESS or an ARES_E* code */
	uint8_t *answer;	/* malloc'd, alen octets, when status is ARES_SUCCESS */
	size_t alen;
	const char *why;	/* static: why there is no answer, when known (fallback) */
};

struct stub_net;

/* One c-ares channel for one lookup: servers and every option passed
 * explicitly (c-ares reads neither resolv.conf nor the environment), EDNS
 * payload 1232, sockets CLOEXEC|NONBLOCK, sends with MSG_NOSIGNAL.
 * NULL with errno set on failure. */
struct stub_net *stub_net_new(const struct stub_config *c);
/* The same for an explicit server list (1 .. STUB_SERVERS_MAX, tried in
 * order unless rotate), try_ms per try and tries passes over the list:
 * the authoritative fallback's channel to one zone's servers, the
 * probe's to one server. */
struct stub_net *stub_net_new_servers(const struct stub_server *servers, size_t nservers, unsigned try_ms,
				      unsigned tries, bool rotate);
/* stub_net_new_servers with STUB_NET_* flags: STUB_NET_TCP sends every
 * query over TCP (nss-dnssec probe checks that the resolver serves TCP;
 * lookups use UDP and c-ares' TCP retry of a truncated answer). */
enum { STUB_NET_TCP = 1 << 0 };
struct stub_net *stub_net_new_flags(const struct stub_server *servers, size_t nservers, unsigned try_ms,
				    unsigned tries, bool rotate, unsigned flags);
void stub_net_free(struct stub_net *n);
/* A comma-separated list of the channel's servers, for messages. */
const char *stub_net_servers(const struct stub_net *n);
/* Sends every query at once and waits, with poll(), until all are answered
 * or the monotonic clock reaches deadline_ms.  Unanswered queries get
 * ARES_ETIMEOUT.  meanwhile (may be NULL) is called once, after the queries
 * are sent and before the wait: work that would otherwise follow the
 * round trip.  enough (may be NULL) is called with arg whenever more
 * queries have finished (status no longer -1) while others are still out,
 * at most once per query: when it returns true the round ends there and
 * the queries still out are cancelled (status ARES_ECANCELLED).  A query
 * enough() has seen finished keeps its answer and status.  Returns 0, or
 * -errno when the channel fails. */
int stub_net_round(struct stub_net *n, struct stub_query *q, size_t nq, uint64_t deadline_ms,
		   void (*meanwhile)(void), bool (*enough)(void *arg, struct stub_query *q, size_t nq), void *arg);
/* Milliseconds on CLOCK_MONOTONIC. */
uint64_t stub_now_ms(void);

/* ------------------------------------------------------------------ */
/* Lookups                                                              */

/* A validated lookup of one name for one or two types (A and AAAA for
 * AF_UNSPEC), sharing one channel and one set of chain queries. */
struct stub_lookup {
	size_t ntypes;
	uint16_t types[2];
	struct val_answer ans[2];	/* per type; pointers into msgs */
	struct val_ctx vc[2];		/* per type: each is a lookup for the validator */
	struct val_memo memo;		/* valid signatures, shared by both types and all rounds */
	uint8_t qnames[VAL_QUERIES_MAX][VAL_NAME_MAX]; /* questions asked, for resp[].qname */
	/* What it took.  cancelled: queries sent but no longer needed when the
	 * answers at hand decided the verdict (never waited for). */
	unsigned queries, rounds, cancelled;
	/* The answers gathered (owned). */
	struct val_response resp[VAL_QUERIES_MAX];
	struct val_msg *msgs[VAL_QUERIES_MAX];
	uint8_t *wire[VAL_QUERIES_MAX];	/* the octets received (owned), for the cache */
	size_t wirelen[VAL_QUERIES_MAX];
	bool from_cache[VAL_QUERIES_MAX];
	size_t nresp;
	unsigned cache_hits;		/* responses taken from the process cache */
	bool time_unchecked;		/* NO_TIME_WINDOW, and a signature outside its
					 * window was accepted */
	char servers[256];
	/* The authoritative fallback: fell_back when the answers came from the
	 * authoritative servers; unable says why the resolver was not used
	 * (a fixed phrase, NULL when it was). */
	bool fell_back;
	const char *unable;
	bool iter_unreachable;	/* the root servers never answered */
	const char *iter_limit;	/* the first named limit of the walk hit, or NULL */
	/* The transport's status (ARES_*) of each response. */
	int qstatus[VAL_QUERIES_MAX];
	/* RFC 7050 discovery riding along the first round, so that learning
	 * the DNS64 prefix costs no round trip of its own.  In (kept by
	 * stub_lookup): dns64_ask.  Out: dns64_asked when it went out, and
	 * then dns64_n prefixes (-errno: no usable answer). */
	bool dns64_ask, dns64_asked;
	int dns64_n;
	struct stub_dns64_prefix dns64[STUB_DNS64_PREFIXES_MAX];
};

/* Resolves and validates (qname, types).  DS and DNSKEY questions are
 * answered from the process cache when it holds them (and validated again
 * like fresh ones); when every type ends secure or insecure, the DS and
 * DNSKEY responses fetched go into the cache, and when one ends bogus or
 * indeterminate, the cached responses it used are dropped, so a poisoned
 * entry costs at most one failed lookup.  now: seconds since the epoch for
 * signature windows; flags STUB_LOOKUP_*: EXPLICIT_TIME says it came from
 * the user (--at), so the "clock not set" check is skipped; NO_TIME_WINDOW
 * is the per-lookup policy for time servers (lk->time_unchecked then says
 * whether it mattered).  Always fills *lk with a verdict
 * (anything short of a result is indeterminate with a reason); returns 0, or
 * -ENOMEM.  Free with stub_lookup_free. */
enum {
	STUB_LOOKUP_EXPLICIT_TIME = 1 << 0,	/* now is the user's (--at) */
	STUB_LOOKUP_NO_TIME_WINDOW = 1 << 1,	/* a time server's name while the clock
						 * is unsynchronized: signatures are
						 * accepted outside their validity window
						 * and the "clock not set" check is
						 * skipped; nothing is put in the cache */
	/* The authoritative fallback (authoritative-fallback yes, stub_iter.c):
	 * AUTHORITATIVE asks the authoritative servers from the root hints
	 * straight away (with or without the configuration's yes); without
	 * it, a lookup the resolver could not serve (it showed it cannot
	 * deliver the DNSSEC data: no OPT or DO cleared, RRSIG/DNSKEY/DS/NSEC
	 * absent, DNSSEC-type queries failing while others are answered) is
	 * done again that way when the configuration says yes, unless
	 * NO_FALLBACK (a search-list candidate: local names never leave the
	 * resolver) or the name is under a negative trust anchor. */
	STUB_LOOKUP_AUTHORITATIVE = 1 << 2,
	STUB_LOOKUP_NO_FALLBACK = 1 << 3,
};
int stub_lookup(const struct stub_config *c, const uint8_t *qname, const uint16_t *types, size_t ntypes,
		uint64_t now, unsigned flags, struct stub_lookup *lk);
void stub_lookup_free(struct stub_lookup *lk);

/* ------------------------------------------------------------------ */
/* Host lookups: what the NSS module calls (stub_host.c)                */

/* How a host lookup ended, as the NSS module maps it (DESIGN.md,
 * "Verdicts" and "The NSS contract"). */
enum stub_host_status {
	STUB_HOST_FOUND = 1,	/* secure or insecure addresses / names */
	STUB_HOST_NXDOMAIN,	/* proven: no such name (secure or insecure) */
	STUB_HOST_NODATA,	/* proven: the name exists, no record of that family */
	STUB_HOST_BOGUS,	/* refused: the reason is in why */
	STUB_HOST_INDETERMINATE,/* could not be had: timeouts, a resolver that strips
				 * DNSSEC, clock not set, config error */
};

struct stub_host_addr {
	int family;		/* AF_INET or AF_INET6 */
	uint8_t addr[16];	/* network order */
};

#define STUB_HOST_ADDRS_MAX (2 * VAL_RRSET_RR_MAX)	/* one A and one AAAA RRset */

/* The AAAA a DNS64 makes of an A RRset (RFC 6147 §5.1.7): each A record
 * under each prefix, the first prefix first, at most max (callers pass
 * STUB_DNS64_SYNTH_MAX or less).  Returns how many went into out. */
size_t stub_dns64_synth_rrset(const struct stub_dns64_prefix *p, size_t np, const struct val_rrset *a,
			      struct stub_host_addr *out, size_t max);
#define STUB_HOST_NAMES_MAX (VAL_CNAME_MAX + 1)
#define STUB_HOST_PTRS_MAX VAL_RRSET_RR_MAX

/* The result of a host lookup (heap-allocated: about 80 KiB, and the
 * module may run on small thread stacks).  Names are in presentation form
 * (RFC 1035 escapes) without the trailing dot, as glibc's dns module gives
 * them. */
struct stub_host {
	/* Scalars first: the cache packs everything before names[] as is. */
	enum stub_host_status status;
	enum val_verdict verdict;	/* the weakest over the types asked */
	uint16_t ede;			/* BOGUS / INDETERMINATE: EDE code ... */
	uint32_t ttl;			/* FOUND/NXDOMAIN/NODATA: seconds it may be kept */
	/* What it took (for the log line and the tool). */
	unsigned queries, rounds;
	bool from_cache;		/* the whole answer came from the process cache */
	/* FOUND (or NXDOMAIN, NODATA) although validation failed: the
	 * resolver's answer, given through the hotspot window that is open
	 * until hotspot_until; verdict, ede and why say what failed. */
	bool unvalidated;
	uint64_t hotspot_until;
	/* Validated without the signature validity window: a time server's
	 * name while the clock is unsynchronized (ttl capped). */
	bool time_unchecked;
	char servers[256];
	char why[VAL_WHY_MAX];		/* ... and the sentence */
	char qname[VAL_NAME_STR_MAX];	/* the name looked up (after search-list expansion) */
	/* byname: the CNAME chain, names[0] the name looked up, the last the
	 * canonical name; aliases are names[0 .. nnames-2]. */
	char names[STUB_HOST_NAMES_MAX][VAL_NAME_STR_MAX];
	size_t nnames;
	struct stub_host_addr addrs[STUB_HOST_ADDRS_MAX]; /* A first, then AAAA; byaddr: the address */
	size_t naddrs;
	/* byaddr: the PTR targets, in the order received. */
	char ptrs[STUB_HOST_PTRS_MAX][VAL_NAME_STR_MAX];
	size_t nptrs;
};

/* Looks up the addresses of name (a host name as an application gives it:
 * relative names go through resolv.conf's search list and ndots exactly as
 * glibc's dns module does it; a trailing dot makes it absolute) for family
 * AF_INET, AF_INET6 or AF_UNSPEC (both, in one burst), with the process
 * configuration (stub_config_load, re-read when its files change) and the
 * process cache.  Returns a result to free with stub_host_free, or NULL
 * with errno ENOMEM.  Every other outcome is a status in the result. */
struct stub_host *stub_host_byname(const char *name, int family);
/* PTR of an IPv4 (len 4) or IPv6 (len 16) address in in-addr.arpa or
 * ip6.arpa, validated like any other lookup. */
struct stub_host *stub_host_byaddr(const void *addr, size_t len, int family);
void stub_host_free(struct stub_host *h);

/* The process cache (stub_cache.c): validated answers and the DS/DNSKEY
 * responses of chains that validated, bounded by STUB_CACHE_BYTES_MAX,
 * thread-safe, emptied in the child after fork().  Exposed for tests and
 * the benchmarks. */
struct stub_cache_stats { size_t entries, bytes, hits, misses, evictions; };
void stub_cache_stats(struct stub_cache_stats *s);

/* ------------------------------------------------------------------ */
/* Field conditions (stub_field.c)                                      */

/* Whether the kernel says the clock is not synchronized (adjtimex():
 * STA_UNSYNC).  False when it cannot be asked: no relaxation then. */
bool stub_clock_unsynchronized(void);
/* Whether name is at or below a time-server name of c. */
bool stub_is_time_server(const struct stub_config *c, const uint8_t *name);

/* Whether the hotspot window of STUB_HOTSPOT_PATH is open at now: a
 * regular file (no symbolic link) owned by root, not writable by group or
 * others, holding "until SECONDS" with now < SECONDS <= now +
 * STUB_HOTSPOT_MAX_MIN minutes.  Anything else is a closed window.
 * *until (may be NULL) gets the end. */
bool stub_hotspot_open(uint64_t now, uint64_t *until);
/* The same for a file at path (tests). */
bool stub_hotspot_read(const char *path, uint64_t now, uint64_t *until);
/* Opens the window for minutes (1 .. STUB_HOTSPOT_MAX_MIN) from now, or
 * closes it (minutes 0), at path: written to a temporary file in the same
 * directory, mode 0644, then renamed.  0 or -errno. */
int stub_hotspot_write(const char *path, unsigned minutes, uint64_t now);
void stub_cache_flush(void);
