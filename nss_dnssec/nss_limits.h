/* nss_dnssec/nss_limits.h: the limits of the glibc face, each with its
 * reason (DESIGN.md, "Hard limits"; STYLE.md #6). */
#pragma once

/* Log lines (bogus and indeterminate results) per process: a burst of
 * NSS_LOG_BURST, then one every NSS_LOG_PERIOD_S / NSS_LOG_BURST seconds
 * (a token bucket: at most 10 lines in any 60 s, after the first burst).
 * A crawler behind a stripping resolver, or a program retrying a bogus
 * name in a loop, must not flood syslog, while the first failures of every
 * process still reach the admin; what was held back is counted and said in
 * the next line that gets through. */
#define NSS_LOG_BURST 10
#define NSS_LOG_PERIOD_S 60

/* Octets of one log line before syslog's own header: the reason (up to
 * VAL_WHY_MAX), the name asked (cut at NSS_LOG_NAME_MAX, an application may
 * pass anything) and the name looked up, the servers. */
#define NSS_LOG_LINE_MAX 2048
#define NSS_LOG_NAME_MAX 256

/* Longest a lookup waits for room in the log daemon's queue (a datagram
 * socket holds net.unix.max_dgram_qlen lines, 10 by default, until the
 * daemon reads them).  A busy daemon must not stall name resolution in
 * every program; a line dropped is counted in the next "suppressed". */
#define NSS_LOG_WAIT_MS 50
