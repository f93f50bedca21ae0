/* nss_dnssec/nss_log.c: one syslog line per refused lookup, rate-limited.
 *
 * DESIGN.md ("Verdicts"): every bogus or indeterminate result leaves one
 * log line with its reason, so that the admin can tell a bogus zone from a
 * resolver that cannot serve DNSSEC, an unset clock or a missing anchor.
 * The module runs inside every program of the host, so it must behave as a
 * guest: it must not change the program's syslog state (no openlog(): that
 * would replace the program's ident and options), write nothing on stdout or
 * stderr, never hold a lookup up for the log daemon, and take no lock that
 * fork() could leave held.
 *
 * Hence one datagram of our own to /dev/log per line, not syslog(3):
 * glibc 2.36's syslog() holds a private lock (syslog_lock) that fork() does
 * not reset, so a child forked while another thread of the program was in
 * syslog() hangs in its first syslog() call (tests/e2e/e2e_fork.py caught
 * exactly that); syslog() also obeys the program's LOG_PERROR (a copy on
 * stderr) and LOG_CONS (/dev/console), and blocks as long as the daemon
 * is slow (NSS_LOG_WAIT_MS at most here; a line that still finds no room is
 * counted with the suppressed ones).
 * The line is what syslog() would send, without the timestamp, which the
 * daemon adds on receipt (RFC 3164 §4.3.2; rsyslog and journald do):
 * "<28>PROGRAM: nss-dnssec: PROGRAM[PID]: ...", facility daemon, severity
 * warning. */
#include <errno.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "nss_int.h"
#include "nss_limits.h"
#include "stub/stub.h"

/* The token bucket as GCRA (the generic cell rate algorithm, ITU-T I.371):
 * one word, the "theoretical arrival time" of the next line on the
 * monotonic clock, updated with compare-and-swap.  A line may go when that
 * time is at most LOG_TOLERANCE_MS ahead of now; each line pushes it
 * LOG_INTERVAL_MS further.  That is NSS_LOG_BURST lines at once, then one
 * per interval.  Lock-free, so a fork() in another thread cannot leave
 * the child with a held lock; the child inherits the parent's budget. */
#define LOG_INTERVAL_MS ((uint64_t)NSS_LOG_PERIOD_S * 1000 / NSS_LOG_BURST)
#define LOG_TOLERANCE_MS (LOG_INTERVAL_MS * (NSS_LOG_BURST - 1))

static _Atomic uint64_t log_tat_ms;
static _Atomic uint64_t log_suppressed;

static bool log_take_token(void)
{
	uint64_t now = stub_now_ms();
	uint64_t tat = atomic_load(&log_tat_ms);
	for (;;) {
		uint64_t start = tat > now ? tat : now;
		if (start - now > LOG_TOLERANCE_MS)
			return false;
		if (atomic_compare_exchange_weak(&log_tat_ms, &tat, start + LOG_INTERVAL_MS))
			return true;
	}
}

/* The log daemon would pass control characters through to log files and
 * terminals; an application may hand us any bytes as a name, and the
 * configuration's error message quotes a file.  Anything but printable
 * ASCII becomes '?'. */
static void log_sanitize(char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c >= 0x7f)
			*s = '?';
	}
}

/* Sends one line to the log daemon; false if it did not take it (no
 * daemon, or its queue still full after NSS_LOG_WAIT_MS).  /dev/log is a
 * datagram socket with rsyslog and journald; a stream socket (syslog-ng may
 * use one) takes the line with a NUL after it, as glibc sends it.  Connected
 * first, so that poll() can wait for room in the daemon's queue. */
static bool log_send(const char *line, size_t len)
{
	static const struct sockaddr_un dev_log = { .sun_family = AF_UNIX, .sun_path = _PATH_LOG };
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return false;
	int rc = connect(fd, (const struct sockaddr *)&dev_log, sizeof dev_log);
	if (rc != 0 && errno == EPROTOTYPE) {
		close(fd);
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
		if (fd < 0)
			return false;
		rc = connect(fd, (const struct sockaddr *)&dev_log, sizeof dev_log);
		len++;	/* the NUL that ends a record on a stream */
	}
	bool ok = false;
	if (rc == 0) {
		ssize_t n = send(fd, line, len, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			struct pollfd p = { .fd = fd, .events = POLLOUT };
			if (poll(&p, 1, NSS_LOG_WAIT_MS) == 1)
				n = send(fd, line, len, MSG_DONTWAIT | MSG_NOSIGNAL);
		}
		ok = n == (ssize_t)len;
	}
	close(fd);
	return ok;
}

/* Inside a host-wide cache the process is the daemon, not the program that
 * asked, and neither daemon tells its NSS modules who that was: glibc's nscd
 * calls them in its own threads, unscd in a worker it execs as
 * "worker_nscd" per cache miss (tests/e2e/check-nscd.py).  The line then
 * says "via nscd[PID]" or "via unscd[PID]". */
static const char *log_via(const char *prog)
{
	if (strcmp(prog, "nscd") == 0)
		return "nscd";
	if (strcmp(prog, "worker_nscd") == 0)
		return "unscd";
	return NULL;
}

/* "<28>PROGRAM: nss-dnssec: PROGRAM[PID]: " (or "... via nscd[PID]: ")
 * then text, sanitised. */
static void log_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void log_line(const char *fmt, ...)
{
	const char *prog = program_invocation_short_name;
	const char *via = log_via(prog);
	char line[NSS_LOG_LINE_MAX];
	int n = snprintf(line, sizeof line, "<%d>%.64s: nss-dnssec: %s%.64s[%ld]: ", LOG_DAEMON | LOG_WARNING,
			 prog, via ? "via " : "", via ? via : prog, (long)getpid());
	if (n < 0 || (size_t)n >= sizeof line)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
	va_end(ap);
	log_sanitize(strchr(line, '>') + 1);	/* after "<28>" */
	if (!log_send(line, strlen(line)))
		atomic_fetch_add(&log_suppressed, 1);
}

/* Takes a token of the bucket, first saying how many lines were held back
 * since the last one that went; false if this line must be held back. */
static bool log_begin(void)
{
	if (!log_take_token()) {
		atomic_fetch_add(&log_suppressed, 1);
		return false;
	}
	uint64_t held = atomic_exchange(&log_suppressed, 0);
	if (held > 0)
		log_line("%llu line%s suppressed (at most %d per %d s)", (unsigned long long)held,
			 held == 1 ? "" : "s", NSS_LOG_BURST, NSS_LOG_PERIOD_S);
	return true;
}

/* "www (as www.expired.lab)" when the search list changed the name. */
static void log_name(char *out, size_t cap, const struct stub_host *h, const char *asked)
{
	if (h->qname[0] && strcasecmp(h->qname, asked) != 0)
		snprintf(out, cap, "%.*s (as %.*s)", NSS_LOG_NAME_MAX, asked, NSS_LOG_NAME_MAX, h->qname);
	else
		snprintf(out, cap, "%.*s", NSS_LOG_NAME_MAX, asked);
}

void nss_log_failure(const struct stub_host *h, const char *asked, const char *what)
{
	int saved_errno = errno;	/* the caller's *errnop is set after; leave errno alone */
	if (!log_begin())
		goto out;
	char name[2 * NSS_LOG_NAME_MAX + 16];
	log_name(name, sizeof name, h, asked);
	log_line("%s %s: %s, EDE %u (%s): %s; servers %s%s", name, what, val_verdict_str(h->verdict),
		 (unsigned)h->ede, val_ede_str(h->ede), h->why[0] ? h->why : "no reason recorded",
		 h->servers[0] ? h->servers : "(none)", h->from_cache ? " (cached)" : "");
out:
	errno = saved_errno;
}

void nss_log_not_hostname(const struct stub_host *h, const char *asked, const char *what, const char *bad)
{
	int saved_errno = errno;
	if (!log_begin())
		goto out;
	char name[2 * NSS_LOG_NAME_MAX + 16];
	log_name(name, sizeof name, h, asked);
	/* The offending name in quotes, as received (RFC 1035 escapes; what
	 * is left of control characters log_sanitize turns into '?'). */
	log_line("%s %s: refused, not a host name: \"%.*s\" (%s data): a name given to programs may only "
		 "hold letters, digits, '-' and '_', as glibc's dns module requires; servers %s%s",
		 name, what, NSS_LOG_NAME_MAX, bad, val_verdict_str(h->verdict),
		 h->servers[0] ? h->servers : "(none)", h->from_cache ? " (cached)" : "");
out:
	errno = saved_errno;
}

void nss_log_relaxed(const struct stub_host *h, const char *asked, const char *what)
{
	if (!h || (!h->unvalidated && !h->time_unchecked))
		return;
	int saved_errno = errno;
	if (!log_begin())
		goto out;
	char name[2 * NSS_LOG_NAME_MAX + 16];
	log_name(name, sizeof name, h, asked);
	const char *servers = h->servers[0] ? h->servers : "(none)";
	if (h->unvalidated) {
		char until[32];
		struct tm tm;
		time_t t = (time_t)h->hotspot_until;
		if (!gmtime_r(&t, &tm) || !strftime(until, sizeof until, "%Y-%m-%d %H:%M:%S UTC", &tm))
			snprintf(until, sizeof until, "?");
		log_line("%s %s: UNVALIDATED answer of the resolver given through the hotspot window (open until "
			 "%s; \"nss-dnssec hotspot off\" closes it): %s, EDE %u (%s): %s; servers %s",
			 name, what, until, val_verdict_str(h->verdict), (unsigned)h->ede, val_ede_str(h->ede),
			 h->why[0] ? h->why : "no reason recorded", servers);
	} else {
		log_line("%s %s: %s, validity window not checked: clock unsynchronized (adjtimex STA_UNSYNC) "
			 "and the name is a time-server; every other check made, kept %d s at most; servers %s%s",
			 name, what, val_verdict_str(h->verdict), STUB_UNSYNC_TTL_MAX, servers,
			 h->from_cache ? " (cached)" : "");
	}
out:
	errno = saved_errno;
}
