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
#define STUB_CONF_LINE_MAX 4096		/* octets in one line of any file we read */
#define STUB_CONF_LINES_MAX 10000	/* lines in one file */

/* Rounds of queries in one lookup: the first burst carries everything the
 * chain can be foreseen to need; later rounds are for CNAME targets and
 * cuts that could not be (DESIGN.md, "The fast path"). */
#define STUB_ROUNDS_MAX 6
/* Sockets one lookup's channel may hold open (UDP per server and family,
 * TCP after truncation). */
#define STUB_FDS_MAX 16
