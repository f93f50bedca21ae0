/* nss_dnssec/nss_int.h: what the files of nss_dnssec/ share and nothing
 * else sees. */
#pragma once

struct stub_host;

/* One line to the system log (/dev/log, facility daemon, severity
 * warning) for a bogus or indeterminate result h of a lookup of asked (the
 * name or address as the application gave it) for what ("A", "AAAA",
 * "A+AAAA", "PTR"): program and PID, the name, the verdict, "EDE n (text)",
 * the reason and the servers asked.  Rate-limited per process
 * (NSS_LOG_BURST per NSS_LOG_PERIOD_S).  Never writes to stdout or stderr,
 * never touches the program's syslog state (no openlog, no syslog(3)),
 * waits at most NSS_LOG_WAIT_MS for the log daemon.  Lock-free, so fork()
 * in another thread cannot leave it locked in the child.  errno is
 * preserved. */
void nss_log_failure(const struct stub_host *h, const char *asked, const char *what);

/* One line, rate-limited with the others, for a lookup refused because a
 * name in its answer is not a host name (nss_host.c): the name or address
 * asked, what ("PTR"), the offending name as received (RFC 1035 escapes)
 * and the verdict and servers of h.  errno is preserved. */
void nss_log_not_hostname(const struct stub_host *h, const char *asked, const char *what, const char *bad);

/* One line, rate-limited with the others, for a result that was not
 * validated in full (nothing for any other h): one given through the
 * hotspot window (h->unvalidated: the verdict and reason that validation
 * gave, and the window's end), or one validated without the signature
 * validity window (h->time_unchecked: a time server's name while the
 * clock is unsynchronized).  errno is preserved. */
void nss_log_relaxed(const struct stub_host *h, const char *asked, const char *what);
