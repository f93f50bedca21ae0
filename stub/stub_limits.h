/* stub/stub_limits.h: the limits of the lookup engine, each with its
 * reason (DESIGN.md, "Hard limits"). */
#pragma once

/* DESIGN.md: 5 s is glibc's default; the configuration may set 1 to 30. */
#define STUB_TIMEOUT_DEFAULT_S 5
#define STUB_TIMEOUT_MIN_S 1
#define STUB_TIMEOUT_MAX_S 30

/* glibc's resolv.conf: MAXNS 3 nameservers, MAXDNSRCH 6 search domains,
 * ndots capped at 15, attempts at 5, timeout at 30 s.  nss-dnssec.conf may
 * name more servers than resolv.conf can. */
#define STUB_SERVERS_MAX 8
#define STUB_SEARCH_MAX 6
#define STUB_NDOTS_MAX 15
#define STUB_ATTEMPTS_MAX 5

/* Configuration sizes: bounded, so that a runaway file cannot exhaust a
 * process that merely resolves a name. */
#define STUB_ANCHORS_MAX 64
#define STUB_NTAS_MAX 256
#define STUB_REQUIRE_MAX 256
#define STUB_CONF_FILES_MAX 64		/* files in /etc/nss-dnssec.d */
/* A path the configuration keeps (trust-anchor-file, root-hints, the
 * files read), NUL included: room for any sensible path under /etc, /usr
 * or /run, and the tool's --anchor is held to it too. */
#define STUB_CONF_PATH_MAX 256
/* Files a configuration depends on and that each lookup checks for a
 * change (stub_host.c): nss-dnssec.conf, the two drop-in directories and
 * their drop-ins, resolv.conf, the trust-anchor files and the two default
 * anchor paths.  More (a path longer than the watch entry) only means the
 * configuration is read again at every lookup. */
#define STUB_CONF_WATCH_MAX (1 + 2 + 2 * STUB_CONF_FILES_MAX + 1 + STUB_ANCHORS_MAX + 2)
#define STUB_CONF_LINE_MAX 4096		/* octets in one line of any file we read */
#define STUB_CONF_LINES_MAX 10000	/* lines in one file */

/* Rounds of queries in one lookup: the first burst carries everything the
 * chain can be foreseen to need; later rounds are for CNAME targets and
 * cuts that could not be (DESIGN.md, "The fast path"). */
#define STUB_ROUNDS_MAX 6
/* Shortest wait for one server before the next is tried: a loopback or
 * LAN resolver answers from cache in well under this, a distant one in
 * one round trip. */
#define STUB_TRY_MIN_MS 300
/* Sockets one lookup's channel may hold open (UDP per server and family,
 * TCP after truncation). */
#define STUB_FDS_MAX 16
/* Datagrams one receive call takes from a UDP socket (recvmmsg; issue 18):
 * c-ares reads until the socket would block, one datagram per call, and a
 * first round is about ten queries, their answers waiting together.  The
 * batch lives as long as the channel, STUB_RECV_DGRAM_MAX octets a slot. */
#define STUB_RECV_BATCH 16
/* c-ares 1.18.1 reads a UDP answer into MAXENDSSZ + 1 = 4097 octets: a
 * slot of the batch is as large, so that a datagram is cut where c-ares
 * would cut it (a read of more is made alone, with recvfrom). */
#define STUB_RECV_DGRAM_MAX 4097

/* The process cache (stub_cache.c).  Bounded so that a program resolving
 * many distinct names keeps a flat memory profile (issue 9: peak RSS within
 * 3 MiB of plain dns): about 1 MiB holds the chains of a few hundred zones
 * and a few thousand finished lookups. */
#define STUB_CACHE_BYTES_MAX (1024 * 1024)
#define STUB_CACHE_ENTRIES_MAX 8192
/* Hash chains: 1024 heads are 8 KiB, two pages, which a fresh process's
 * first lookup touches at its few gets and puts wherever the hashes fall
 * (4096 were eight pages and cost it about nine page faults, issue 18);
 * the byte bound keeps the chains short (a few hundred entries fit). */
#define STUB_CACHE_BUCKETS 1024
/* One entry may not take more than this (a 64-record RRset of large RSA
 * keys with signatures is about 40 KiB; bigger is not worth keeping). */
#define STUB_CACHE_ENTRY_MAX (64 * 1024)
/* Longest a cached entry lives, whatever the TTLs say: a long-running
 * process revalidates its chains at least hourly. */
#define STUB_CACHE_TTL_MAX 3600
/* A bogus result is kept this long only, so that a program retrying in a
 * loop does not hammer the upstream, while a repaired zone (or an attack
 * that stopped) is seen again within seconds. */
#define STUB_CACHE_BOGUS_TTL 5

/* time-server names (DESIGN.md, "Field conditions"): a bounded list, like
 * the other name lists of the configuration. */
#define STUB_TIME_SERVERS_MAX 64
/* An answer validated without the signature validity window (a time
 * server's name while the clock is unsynchronized) is kept at most this
 * long, in the process cache and by nscd (ttlp): once the clock is set,
 * the name is validated in full again within a minute. */
#define STUB_UNSYNC_TTL_MAX 60

/* nss-dnssec hotspot [MINUTES]: the sign-on window is 5 minutes unless
 * given, 30 at most; a window file that claims more is not honoured (a
 * clock set back after it was written would otherwise stretch it). */
#define STUB_HOTSPOT_DEFAULT_MIN 5
#define STUB_HOTSPOT_MAX_MIN 30
/* An unvalidated answer given through the window is kept this long at most
 * (never in the process cache; this is the ttlp nscd gets), so that
 * nothing of it outlives the window by more. */
#define STUB_HOTSPOT_TTL_MAX 10
/* Octets of the window file read: "until SECONDS\n" and a margin. */
#define STUB_HOTSPOT_FILE_MAX 64

/* DNS64 (RFC 6147 §5.5, RFC 7050, RFC 6052; stub_dns64.c).  Prefixes a
 * configuration may name or discovery may learn: RFC 7050 §3 allows several,
 * networks use one or two. */
#define STUB_DNS64_PREFIXES_MAX 4
/* AAAA synthesized for one name: what one AAAA RRset may hold, so that the
 * A records times the prefixes never outgrow the result's AAAA half. */
#define STUB_DNS64_SYNTH_MAX VAL_RRSET_RR_MAX
/* A discovery that got no answer (timeout, SERVFAIL) is tried again after
 * this long; an answer, with or without a prefix, holds until the
 * configuration or resolv.conf changes. */
#define STUB_DNS64_RETRY_S 60

/* The authoritative fallback (stub_iter.c, DESIGN.md "Field conditions"):
 * when the resolver cannot serve DNSSEC, the lookup iterates from the root
 * hints itself.  Each bound keeps a hostile or broken authoritative server
 * from turning one lookup into a flood or an endless walk. */
/* Root hints: 13 root servers with one IPv4 and one IPv6 address each fit
 * with room; a file that names more is not a root hints file. */
#define STUB_HINTS_NS_MAX 16
#define STUB_HINTS_ADDRS_MAX 32
/* Referrals followed for one query: the deepest real delegation chains
 * (reverse IPv6 trees cut every few nibbles) stay under 12; a referral
 * loop ends here (unbound's max-referral depth is of this order). */
#define STUB_ITER_DEPTH_MAX 12
/* NS names without glue resolved per lookup: each costs a walk of its own,
 * and a zone with endless glueless NS names must not cost endless walks. */
#define STUB_ITER_NS_NAMES_MAX 8
/* Nesting of those walks (an NS name whose zone's NS names need resolving
 * in turn ...): 2 covers real out-of-bailiwick setups (unbound: 3 for
 * target fetches), deeper nests are how resolver-exhaustion attacks work. */
#define STUB_ITER_NEST_MAX 2
/* Servers of one zone tried (and kept per zone): a server that times out
 * hands over to the next; more than 8 is no longer redundancy. */
#define STUB_ITER_SERVERS_PER_ZONE_MAX 8
/* Zone cuts one lookup remembers (its delegations: each query's walk
 * starts at the deepest one known). */
#define STUB_ITER_ZONES_MAX 32
/* Queries one lookup may send to authoritative servers: the validator's
 * own queries (VAL_QUERIES_MAX) each walked down a few referrals, plus the
 * NS-name walks.  Iterating a 4-label name asks each level once per
 * distinct next label, so 128 leaves a wide margin over the lab's 4-label
 * names (about 30) while bounding the amplification of a hostile server. */
#define STUB_ITER_QUERIES_MAX 128
/* One try at one authoritative server: a server farther than this is
 * rarely the only one of its zone; the next one is asked. */
#define STUB_ITER_TRY_MS 800
/* A resolver found unable to serve DNSSEC is not asked again for this
 * long: later lookups go straight to the authoritative servers.  Then it
 * is tried again (it may have been fixed, or the network changed without
 * resolv.conf changing); a change of resolv.conf forgets it at once. */
#define STUB_UNABLE_REMEMBER_S 300
/* When the root hints do not answer (port 53 to the outside blocked, a
 * captive portal), the process stops trying for this long: one bounded
 * attempt, not a wait per lookup. */
#define STUB_OUTSIDE_DOWN_REMEMBER_S 60
/* Of the lookup's deadline, what the resolver pass leaves to the walk when
 * the fallback may follow (at most half): a resolver that never answers
 * DS and DNSKEY queries would otherwise spend it all waiting for them.  A
 * cold walk is 4 to 6 rounds (bench/results.md, "fallback"): 2 s covers
 * them at up to 300 ms a round. */
#define STUB_FALLBACK_RESERVE_MS 2000
/* nss-dnssec probe (tools/tool_probe.c, issue 16).  Each round of queries
 * to one server waits at most this long: a resolver that needs more than
 * 3 s for one answer is as good as absent for a 5 s lookup. */
#define STUB_PROBE_QUERY_MS 3000
/* Queries the probe sends one server, all told: the priming query, the
 * DNSSEC round (SOA, DNSKEY, DS, two denials, --bogus, --aaaa, --large)
 * and the TCP query.  A fixed number, so a probe costs each server the same. */
#define STUB_PROBE_QUERIES_MAX 10
/* Addresses read from a root hints file: 13 root servers, A and AAAA. */
#define STUB_PROBE_HINTS_MAX 26
/* One DNSKEY . query to one hint address: a root server answers on the
 * other side of the world in well under this. */
#define STUB_PROBE_HINT_MS 1000
/* All the hint queries together: when port 53 to the outside is blocked,
 * the probe says so in this long, not after one timeout per address. */
#define STUB_PROBE_HINTS_MS 6000
