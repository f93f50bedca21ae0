/* stub/stub_conf.c: nss-dnssec.conf and /etc/nss-dnssec.d/ *.conf, the
 * defaults and the built-in negative trust anchors (DESIGN.md, "Policy and
 * configuration"), and the helpers the other readers share
 * (stub_conf_int.h).
 *
 * The module is loaded into every process, setuid ones included: the only
 * environment variable read is NSS_DNSSEC_CONF, through secure_getenv(), so
 * that a setuid program ignores it.  Every file is opened close-on-exec,
 * must be a regular file, and is read with bounded lines, line counts and
 * file counts (stub_limits.h).  It and the drop-in directory must be owned
 * by root and not writable by group or others (stub_conf_check_owner).  A
 * bad line or a refused file is an error naming the file; the module then
 * fails closed. */
#include <arpa/inet.h>
#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "stub_conf_int.h"

/* ------------------------------------------------------------------ */
/* Shared helpers                                                       */

int stub_conf_open(int dirfd, const char *path, bool nofollow, FILE **out)
{
	*out = NULL;
	int flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | (nofollow ? O_NOFOLLOW : 0);
	int fd = openat(dirfd, path, flags);
	if (fd < 0)
		return -errno;
	struct stat st;
	int rc = 0;
	if (fstat(fd, &st) != 0)
		rc = -errno;
	else if (S_ISDIR(st.st_mode))
		rc = -EISDIR;
	else if (!S_ISREG(st.st_mode))
		rc = -ENODEV;	/* a FIFO, socket or device: nothing to read a configuration from */
	if (rc == 0) {
		*out = fdopen(fd, "re");
		if (!*out)
			rc = -errno;
	}
	if (rc != 0) {
		close(fd);
		return rc;
	}
	/* The stream is ours alone. */
	__fsetlocking(*out, FSETLOCKING_BYCALLER);
	return 0;
}

void stub_conf_stamp_of(struct stub_conf_stamp *out, const struct stat *st, int err)
{
	memset(out, 0, sizeof *out);
	if (!st) {
		out->err = err;
		return;
	}
	out->dev = st->st_dev;
	out->ino = st->st_ino;
	out->size = (uint64_t)st->st_size;
	out->mtime_s = st->st_mtim.tv_sec;
	out->mtime_ns = st->st_mtim.tv_nsec;
	out->ctime_s = st->st_ctim.tv_sec;
	out->ctime_ns = st->st_ctim.tv_nsec;
}

void stub_conf_watch(struct stub_config *c, const char *path, const struct stat *st, int err)
{
	size_t n = strlen(path);
	if (c->nwatch >= STUB_CONF_WATCH_MAX || n >= sizeof c->watch[0].path) {
		c->watch_incomplete = true;
		return;
	}
	struct stub_conf_watch *w = &c->watch[c->nwatch++];
	memcpy(w->path, path, n + 1);
	stub_conf_stamp_of(&w->st, st, err);
}

/* Who may write a file the module reads its policy from.  The module runs
 * inside setuid programs: a "negative-trust-anchor ." in a file an
 * unprivileged user can write would turn validation off for su and sudo
 * too, a trust-anchor file they can write lets them replace the root key,
 * and a drop-in directory they can write lets them add a drop-in.  So the
 * file must be owned by root and not writable by group or others.
 *
 * The owner may also be the effective uid when that is not root, so that a
 * user can try a file of their own (nss-dnssec query --config FILE): such a
 * process only weakens its own lookups.  A setuid-root program runs with
 * euid 0 and so accepts root's files only.
 *
 * fstat() on the descriptor that is then read: no window between the check
 * and the open (a symbolic link is judged by the file it leads to). */
int stub_conf_check_owner(struct stub_config *c, int fd, const char *path, enum stub_conf_kind kind)
{
	static const char *const risk[] = {
		[STUB_CONF_FILE] = "a file an unprivileged user can write could turn validation off",
		[STUB_CONF_DROPIN_DIR] = "a directory an unprivileged user can write lets them add a drop-in",
		[STUB_CONF_ANCHOR_FILE] =
			"a trust-anchor file an unprivileged user can write lets them replace the trusted keys",
		[STUB_CONF_HINTS_FILE] = ("a root hints file an unprivileged user can write lets them choose "
					  "the servers the authoritative fallback asks"),
	};
	char esc[160];
	struct stat st;
	if (fstat(fd, &st) != 0) {
		int e = errno;
		return stub_conf_fail(c, -e, "%s: cannot stat: %s", stub_conf_escape(esc, sizeof esc, path),
				      stub_conf_strerror(e));
	}
	stub_conf_watch(c, path, &st, 0);
	uid_t euid = geteuid();
	if (st.st_uid != 0 && (euid == 0 || st.st_uid != euid)) {
		if (euid == 0)
			return stub_conf_fail(c, -EPERM, "%s: owned by uid %u, not root: refused (%s)",
					      stub_conf_escape(esc, sizeof esc, path), (unsigned)st.st_uid,
					      risk[kind]);
		return stub_conf_fail(c, -EPERM,
				      "%s: owned by uid %u, not root or uid %u (the effective uid): refused (%s)",
				      stub_conf_escape(esc, sizeof esc, path), (unsigned)st.st_uid,
				      (unsigned)euid, risk[kind]);
	}
	/* A sticky directory (01777, /tmp) is no better: anyone may still add
	 * a file to it. */
	if (st.st_mode & (S_IWGRP | S_IWOTH)) {
		const char *who = (st.st_mode & S_IWGRP) == 0 ? "others"
				: (st.st_mode & S_IWOTH) == 0 ? "group" : "group and others";
		return stub_conf_fail(c, -EPERM, "%s: mode %04o is writable by %s: refused (%s)",
				      stub_conf_escape(esc, sizeof esc, path), (unsigned)(st.st_mode & 07777),
				      who, risk[kind]);
	}
	return 0;
}

const char *stub_conf_strerror(int err)
{
	if (err == ENODEV)
		return "not a regular file";
	const char *s = strerrordesc_np(err);
	return s ? s : "unknown error";
}

void stub_lines_init(struct stub_lines *l, FILE *f, const char *path)
{
	l->f = f;
	l->path = path;
	l->lineno = 0;
	l->len = 0;
	l->line[0] = '\0';
}

int stub_lines_next(struct stub_config *c, struct stub_lines *l)
{
	int ch = getc_unlocked(l->f);
	if (ch == EOF)
		goto eof;
	if (l->lineno >= STUB_CONF_LINES_MAX) {
		l->lineno++;
		l->len = 0;
		l->line[0] = '\0';
		return stub_line_fail(c, l, NULL, "more than %u lines", STUB_CONF_LINES_MAX);
	}
	l->lineno++;
	l->len = 0;
	for (; ch != EOF && ch != '\n'; ch = getc_unlocked(l->f)) {
		if (ch == '\0') {
			l->line[l->len] = '\0';
			return stub_line_fail(c, l, l->line, "NUL byte in the line");
		}
		if (l->len >= STUB_CONF_LINE_MAX) {
			l->line[l->len] = '\0';
			return stub_line_fail(c, l, l->line, "line longer than %u octets",
					      STUB_CONF_LINE_MAX);
		}
		l->line[l->len++] = (char)ch;
	}
	l->line[l->len] = '\0';
	if (ch == EOF && ferror_unlocked(l->f))
		goto eof;
	return 1;
eof:
	if (ferror_unlocked(l->f))
		return stub_conf_fail(c, -EIO, "%s: read error", l->path);
	return 0;
}

char *stub_conf_escape(char *buf, size_t cap, const char *text)
{
	/* Long enough to recognise the text, short enough for one log line. */
	const size_t shown = 80;
	size_t o = 0, i = 0;
	for (; text[i] && o + 8 < cap && i < shown; i++) {
		unsigned char ch = (unsigned char)text[i];
		if (ch >= 0x20 && ch < 0x7f)
			buf[o++] = (char)ch;
		else
			o += (size_t)snprintf(buf + o, cap - o, "\\x%02x", ch);
	}
	if (text[i] && o + 4 <= cap) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o < cap ? o : cap - 1] = '\0';
	return buf;
}

__attribute__((format(printf, 5, 0)))
static void vformat(char *out, size_t cap, const struct stub_lines *l, const char *text,
		    const char *fmt, va_list ap)
{
	char path[160], esc[400], what[256];
	vsnprintf(what, sizeof what, fmt, ap);
	stub_conf_escape(path, sizeof path, l->path);
	if (text)
		snprintf(out, cap, "%s:%u: %s (%s)", path, l->lineno, what,
			 stub_conf_escape(esc, sizeof esc, text));
	else
		snprintf(out, cap, "%s:%u: %s", path, l->lineno, what);
}

int stub_conf_fail(struct stub_config *c, int rc, const char *fmt, ...)
{
	if (c->error[0] == '\0') {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(c->error, sizeof c->error, fmt, ap);
		va_end(ap);
	}
	return rc;
}

int stub_line_fail(struct stub_config *c, const struct stub_lines *l, const char *text,
		   const char *fmt, ...)
{
	if (c->error[0] == '\0') {
		va_list ap;
		va_start(ap, fmt);
		vformat(c->error, sizeof c->error, l, text, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

void stub_line_warn(struct stub_config *c, const struct stub_lines *l, const char *text,
		    const char *fmt, ...)
{
	if (c->warning[0] == '\0') {
		va_list ap;
		va_start(ap, fmt);
		vformat(c->warning, sizeof c->warning, l, text, fmt, ap);
		va_end(ap);
	}
}

void stub_conf_warn(struct stub_config *c, const char *fmt, ...)
{
	if (c->warning[0] == '\0') {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(c->warning, sizeof c->warning, fmt, ap);
		va_end(ap);
	}
}

void stub_server_set(struct stub_server *s, int family, const void *addr, uint16_t port)
{
	char a[INET6_ADDRSTRLEN];
	memset(s, 0, sizeof *s);
	s->family = family;
	memcpy(s->addr, addr, family == AF_INET ? 4 : 16);
	s->port = port;
	inet_ntop(family, addr, a, sizeof a);
	if (port == 53)
		snprintf(s->str, sizeof s->str, "%s", a);
	else
		snprintf(s->str, sizeof s->str, "%s#%u", a, port);
}

bool stub_conf_uint(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;
	if (*s == '\0')
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		unsigned d = (unsigned)(*s - '0');
		if (d > max || v > (max - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

/* ------------------------------------------------------------------ */
/* Defaults                                                             */

/* Names under which DNSSEC cannot be expected: special-use and private
 * names that are answered locally (or not at all) and that the signed root
 * proves do not exist.  RFC 7646 negative trust anchors: insecure, not
 * bogus.  A configured trust anchor at or below one of them wins. */
static const char *const builtin_ntas[] = {
	"home.arpa",		/* RFC 8375 §7: the residential home network domain */
	"local",		/* RFC 6762 §3 (multicast DNS), RFC 6761 special-use */
	"internal",		/* ICANN board resolution 2024.07.29.06: private-use TLD (no RFC) */
	"localhost",		/* RFC 6761 §6.3 */
	/* RFC 1918 §3 private address blocks; RFC 6761 §6.1: their reverse
	 * zones are answered locally. */
	"10.in-addr.arpa",	/* RFC 1918: 10.0.0.0/8 */
	"16.172.in-addr.arpa",	/* RFC 1918: 172.16.0.0/12, one zone per /16 ... */
	"17.172.in-addr.arpa",	/* RFC 1918 */
	"18.172.in-addr.arpa",	/* RFC 1918 */
	"19.172.in-addr.arpa",	/* RFC 1918 */
	"20.172.in-addr.arpa",	/* RFC 1918 */
	"21.172.in-addr.arpa",	/* RFC 1918 */
	"22.172.in-addr.arpa",	/* RFC 1918 */
	"23.172.in-addr.arpa",	/* RFC 1918 */
	"24.172.in-addr.arpa",	/* RFC 1918 */
	"25.172.in-addr.arpa",	/* RFC 1918 */
	"26.172.in-addr.arpa",	/* RFC 1918 */
	"27.172.in-addr.arpa",	/* RFC 1918 */
	"28.172.in-addr.arpa",	/* RFC 1918 */
	"29.172.in-addr.arpa",	/* RFC 1918 */
	"30.172.in-addr.arpa",	/* RFC 1918 */
	"31.172.in-addr.arpa",	/* RFC 1918: ... up to 172.31.0.0/16 */
	"168.192.in-addr.arpa",	/* RFC 1918: 192.168.0.0/16 */
	/* Link-local: RFC 3927 169.254.0.0/16 and RFC 4291 §2.5.6 fe80::/10,
	 * listed by RFC 6762 §12 as link-local reverse-mapping domains. */
	"254.169.in-addr.arpa",	/* RFC 6762 §12: 169.254.0.0/16 */
	"8.e.f.ip6.arpa",	/* RFC 6762 §12: fe80::/12 */
	"9.e.f.ip6.arpa",	/* RFC 6762 §12: fe90::/12 */
	"a.e.f.ip6.arpa",	/* RFC 6762 §12: fea0::/12 */
	"b.e.f.ip6.arpa",	/* RFC 6762 §12: feb0::/12 */
	/* RFC 4193 §4.4: unique local addresses fc00::/7 are not to be
	 * installed in the global DNS. */
	"c.f.ip6.arpa",		/* RFC 4193: fc00::/8 */
	"d.f.ip6.arpa",		/* RFC 4193: fd00::/8 */
};

/* The defaults over a *c that is all zero. */
static void config_defaults(struct stub_config *c)
{
	c->timeout_s = STUB_TIMEOUT_DEFAULT_S;
	c->log_level = STUB_LOG_NOTICE;
	/* glibc's resolver defaults (resolv.conf(5)). */
	c->ndots = 1;
	c->attempts = 2;
	c->try_timeout_s = 5;
	for (size_t i = 0; i < sizeof builtin_ntas / sizeof builtin_ntas[0]; i++) {
		const char *err;
		size_t n = val_name_from_str(c->ntas[c->nntas], builtin_ntas[i], &err);
		assert(n > 0); /* our own table (STYLE.md #11) */
		(void)n;
		c->nntas++;
	}
}

void stub_config_init(struct stub_config *c)
{
	memset(c, 0, sizeof *c);
	config_defaults(c);
}

/* ------------------------------------------------------------------ */
/* nss-dnssec.conf                                                      */

static bool is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\f' || ch == '\v';
}

/* ADDR or ADDR#PORT: a literal IPv4 dotted quad or IPv6 address (inet_pton:
 * no inet_aton shorthand, no scope).  Shared by the nameserver keyword and
 * the tool's --server. */
int stub_server_parse(struct stub_server *s, const char *text, const char **err)
{
	char addr[INET6_ADDRSTRLEN + 1];
	unsigned long port = 53;
	uint8_t bin[16];
	int family;
	const char *hash = strchr(text, '#');
	size_t alen = hash ? (size_t)(hash - text) : strlen(text);
	if (hash && (!stub_conf_uint(hash + 1, 65535, &port) || port == 0)) {
		*err = "bad port, want 1 to 65535";
		return -EINVAL;
	}
	if (alen == 0 || alen >= sizeof addr) {
		*err = "bad address";
		return -EINVAL;
	}
	memcpy(addr, text, alen);
	addr[alen] = '\0';
	if (inet_pton(AF_INET, addr, bin) == 1)
		family = AF_INET;
	else if (inet_pton(AF_INET6, addr, bin) == 1)
		family = AF_INET6;
	else {
		*err = "bad address, want an IPv4 or IPv6 address";
		return -EINVAL;
	}
	stub_server_set(s, family, bin, (uint16_t)port);
	return 0;
}

static int kw_nameserver(struct stub_config *c, const struct stub_lines *l, char *val)
{
	struct stub_server s;
	const char *err;
	if (stub_server_parse(&s, val, &err) != 0)
		return stub_line_fail(c, l, val, "nameserver: %s", err);
	if (c->nservers >= STUB_SERVERS_MAX)
		return stub_line_fail(c, l, val, "more than %u nameservers", STUB_SERVERS_MAX);
	c->servers[c->nservers++] = s;
	c->servers_from_config = true;
	return 0;
}

static int kw_anchor_file(struct stub_config *c, const struct stub_lines *l, char *val)
{
	/* Relative to what?  The module runs in every process, each with its
	 * own working directory. */
	if (val[0] != '/')
		return stub_line_fail(c, l, val, "trust-anchor-file needs an absolute path");
	if (strlen(val) >= sizeof c->anchor_files[0])
		return stub_line_fail(c, l, val, "trust-anchor-file path longer than %zu octets",
				      sizeof c->anchor_files[0] - 1);
	if (c->nanchor_files >= STUB_ANCHORS_MAX)
		return stub_line_fail(c, l, val, "more than %u trust-anchor-file lines", STUB_ANCHORS_MAX);
	strcpy(c->anchor_files[c->nanchor_files++], val);
	return 0;
}

/* Adds a name to a list unless it is there already; names are kept lower-
 * cased, as they will be shown. */
static int add_name(struct stub_config *c, const struct stub_lines *l, const char *kw, char *val,
		    uint8_t (*list)[VAL_NAME_MAX], size_t *n, size_t max)
{
	uint8_t name[VAL_NAME_MAX];
	const char *err = NULL;
	if (val_name_from_str(name, val, &err) == 0)
		return stub_line_fail(c, l, val, "%s: %s", kw, err ? err : "bad name");
	for (size_t i = 0; i < *n; i++)
		if (val_name_eq(list[i], name))
			return 0;
	if (*n >= max)
		return stub_line_fail(c, l, val, "%s: more than %zu names", kw, max);
	val_name_lower(list[(*n)++], name);
	return 0;
}

static int kw_nta(struct stub_config *c, const struct stub_lines *l, char *val)
{
	int rc = add_name(c, l, "negative-trust-anchor", val, c->ntas, &c->nntas, STUB_NTAS_MAX);
	if (rc == 0 && strcmp(val, ".") == 0)
		stub_line_warn(c, l, val, "negative-trust-anchor for the root turns validation off");
	return rc;
}

static int kw_require(struct stub_config *c, const struct stub_lines *l, char *val)
{
	return add_name(c, l, "require-secure", val, c->require_secure, &c->nrequire,
			STUB_REQUIRE_MAX);
}

static int kw_time_server(struct stub_config *c, const struct stub_lines *l, char *val)
{
	int rc = add_name(c, l, "time-server", val, c->time_servers, &c->ntime_servers,
			  STUB_TIME_SERVERS_MAX);
	/* The relaxation would cover every name. */
	if (rc == 0 && strcmp(val, ".") == 0)
		return stub_line_fail(c, l, val, "time-server: the root would cover every name");
	return rc;
}

static int kw_timeout(struct stub_config *c, const struct stub_lines *l, char *val)
{
	unsigned long v;
	if (!stub_conf_uint(val, STUB_TIMEOUT_MAX_S, &v) || v < STUB_TIMEOUT_MIN_S)
		return stub_line_fail(c, l, val, "timeout must be %u to %u seconds",
				      STUB_TIMEOUT_MIN_S, STUB_TIMEOUT_MAX_S);
	c->timeout_s = (unsigned)v;
	return 0;
}

/* Read by the NetworkManager dispatcher hook of the Debian package, not by
 * the module; checked here so that a typo is an error like any other. */
static int kw_nm_vpn(struct stub_config *c, const struct stub_lines *l, char *val)
{
	if (strcmp(val, "yes") != 0 && strcmp(val, "no") != 0)
		return stub_line_fail(c, l, val, "networkmanager-vpn-ntas must be yes or no");
	c->nm_vpn_ntas = strcmp(val, "yes") == 0;
	return 0;
}

/* dns64-prefix PREFIX/LEN (repeatable) or "none" (DESIGN.md, "Field
 * conditions"): without either the prefix is learnt (RFC 7050). */
static int kw_dns64(struct stub_config *c, const struct stub_lines *l, char *val)
{
	bool none = strcmp(val, "none") == 0;
	if (none ? c->ndns64 > 0 : c->dns64_off)
		return stub_line_fail(c, l, val, "dns64-prefix: \"none\" and a prefix cannot both be given");
	if (none) {
		c->dns64_off = true;
		return 0;
	}
	struct stub_dns64_prefix p;
	const char *err;
	if (stub_dns64_parse(&p, val, &err) != 0)
		return stub_line_fail(c, l, val, "dns64-prefix: %s", err);
	for (size_t i = 0; i < c->ndns64; i++)
		if (c->dns64[i].len == p.len && memcmp(c->dns64[i].addr, p.addr, 16) == 0)
			return 0;
	if (c->ndns64 >= STUB_DNS64_PREFIXES_MAX)
		return stub_line_fail(c, l, val, "dns64-prefix: more than %d prefixes", STUB_DNS64_PREFIXES_MAX);
	c->dns64[c->ndns64++] = p;
	return 0;
}

/* authoritative-fallback yes|no (DESIGN.md, "Field conditions"). */
static int kw_fallback(struct stub_config *c, const struct stub_lines *l, char *val)
{
	if (strcmp(val, "yes") != 0 && strcmp(val, "no") != 0)
		return stub_line_fail(c, l, val, "authoritative-fallback must be yes or no");
	c->auth_fallback = strcmp(val, "yes") == 0;
	return 0;
}

/* root-hints FILE: read (stub_hints_load) only when the fallback is on. */
static int kw_root_hints(struct stub_config *c, const struct stub_lines *l, char *val)
{
	if (val[0] != '/')
		return stub_line_fail(c, l, val, "root-hints needs an absolute path");
	if (strlen(val) >= sizeof c->root_hints)
		return stub_line_fail(c, l, val, "root-hints: path too long");
	snprintf(c->root_hints, sizeof c->root_hints, "%s", val);
	return 0;
}

static const char *const log_levels[] = {
	[STUB_LOG_ERR] = "err", [STUB_LOG_WARNING] = "warning", [STUB_LOG_NOTICE] = "notice",
	[STUB_LOG_INFO] = "info", [STUB_LOG_DEBUG] = "debug",
};

static int kw_log_level(struct stub_config *c, const struct stub_lines *l, char *val)
{
	for (size_t i = 0; i < sizeof log_levels / sizeof log_levels[0]; i++)
		if (strcmp(val, log_levels[i]) == 0) {
			c->log_level = (enum stub_log_level)i;
			return 0;
		}
	return stub_line_fail(c, l, val, "log-level must be err, warning, notice, info or debug");
}

/* runtime: allowed in /run/nss-dnssec.d as well (DESIGN.md: what a VPN
 * or NetworkManager hook may add while a link is up; nothing there may
 * change where queries go or what is required). */
static const struct {
	const char *name;
	int (*fn)(struct stub_config *c, const struct stub_lines *l, char *val);
	bool runtime;
} keywords[] = {
	{ "trust-anchor-file", kw_anchor_file, true },
	{ "nameserver", kw_nameserver, false },
	{ "negative-trust-anchor", kw_nta, true },
	{ "require-secure", kw_require, false },
	{ "timeout", kw_timeout, false },
	{ "log-level", kw_log_level, false },
	{ "networkmanager-vpn-ntas", kw_nm_vpn, false },
	{ "time-server", kw_time_server, false },
	{ "dns64-prefix", kw_dns64, false },
	{ "authoritative-fallback", kw_fallback, false },
	{ "root-hints", kw_root_hints, false },
};

/* One line: "keyword value", '#' starting a comment where a word would
 * start (so that "192.0.2.53#5353" keeps its port).  runtime: the line is
 * from a runtime drop-in, where only the keywords marked runtime may
 * appear. */
static int conf_line(struct stub_config *c, struct stub_lines *l, bool runtime)
{
	char *p = l->line, *word[2];
	size_t nword = 0;
	/* Cut the comment and the surrounding whitespace: what is left is the
	 * text shown in messages. */
	for (char *q = p; *q; q++)
		if (*q == '#' && (q == p || is_space(q[-1]))) {
			*q = '\0';
			break;
		}
	while (is_space(*p))
		p++;
	size_t n = strlen(p);
	while (n > 0 && is_space(p[n - 1]))
		p[--n] = '\0';
	if (n == 0)
		return 0;

	char *text = l->text;
	memcpy(text, p, n + 1);
	for (char *q = p; *q;) {
		if (nword == 2)
			return stub_line_fail(c, l, text, "%s takes one value", word[0]);
		word[nword++] = q;
		while (*q && !is_space(*q))
			q++;
		if (*q)
			*q++ = '\0';
		while (is_space(*q))
			q++;
	}
	for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++) {
		if (strcmp(word[0], keywords[i].name) != 0)
			continue;
		/* Refused, not skipped: the whole configuration then fails
		 * closed with this FILE:LINE, as for any other bad line. */
		if (runtime && !keywords[i].runtime)
			return stub_line_fail(c, l, text,
					      "%s is not allowed in a runtime drop-in (only negative-trust-anchor "
					      "and trust-anchor-file)", word[0]);
		if (nword < 2)
			return stub_line_fail(c, l, text, "%s needs a value", word[0]);
		return keywords[i].fn(c, l, word[1]);
	}
	return stub_line_fail(c, l, word[0], "unknown keyword");
}

static int conf_file(struct stub_config *c, FILE *f, const char *display, bool runtime)
{
	struct stub_lines *l = malloc(sizeof *l);
	if (!l)
		return stub_conf_fail(c, -ENOMEM, "%s: out of memory", display);
	stub_lines_init(l, f, display);
	if (c->nconf_files < STUB_CONF_FILES_MAX + 1)
		snprintf(c->conf_files[c->nconf_files++], sizeof c->conf_files[0], "%s", display);
	int rc;
	while ((rc = stub_lines_next(c, l)) > 0)
		if ((rc = conf_line(c, l, runtime)) != 0)
			break;
	free(l);
	return rc;
}

static int cmp_names(const void *a, const void *b)
{
	/* Byte order, not the locale's: the order must not depend on the
	 * program that happens to resolve a name. */
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_dropin_name(const char *name)
{
	size_t n = strlen(name);
	/* Hidden files (editors, dpkg's temporaries) and names that do not end
	 * in ".conf" (foo.conf.dpkg-old, foo.conf~) are not drop-ins. */
	return name[0] != '.' && n > 5 && strcmp(name + n - 5, ".conf") == 0;
}

static int read_dropins(struct stub_config *c, const char *dir, bool runtime)
{
	char path[512], esc[160];
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOCTTY);
	if (dfd < 0) {
		if (errno == ENOENT) {
			stub_conf_watch(c, dir, NULL, ENOENT);	/* created later: seen */
			return 0;
		}
		int e = errno;
		return stub_conf_fail(c, -e, "%s: cannot open: %s", stub_conf_escape(esc, sizeof esc, dir),
				      stub_conf_strerror(e));
	}
	int rc = stub_conf_check_owner(c, dfd, dir, STUB_CONF_DROPIN_DIR);
	if (rc < 0) {
		close(dfd);
		return rc;
	}
	DIR *d = fdopendir(dfd);
	if (!d) {
		int e = errno;
		close(dfd);
		return stub_conf_fail(c, -e, "%s: cannot read: %s", stub_conf_escape(esc, sizeof esc, dir),
				      stub_conf_strerror(e));
	}
	char *names[STUB_CONF_FILES_MAX];
	size_t n = 0;
	struct dirent *e;
	errno = 0;
	while ((e = readdir(d))) {
		if (!is_dropin_name(e->d_name))
			continue;
		if (n >= STUB_CONF_FILES_MAX) {
			rc = stub_conf_fail(c, -EINVAL, "%s: more than %u .conf files",
					    stub_conf_escape(esc, sizeof esc, dir), STUB_CONF_FILES_MAX);
			goto out;
		}
		if (!(names[n] = strdup(e->d_name))) {
			rc = stub_conf_fail(c, -ENOMEM, "%s: out of memory", stub_conf_escape(esc, sizeof esc, dir));
			goto out;
		}
		n++;
		errno = 0;
	}
	if (errno != 0) {
		int err = errno;
		rc = stub_conf_fail(c, -err, "%s: cannot read: %s", stub_conf_escape(esc, sizeof esc, dir),
				    stub_conf_strerror(err));
		goto out;
	}
	qsort(names, n, sizeof names[0], cmp_names);
	for (size_t i = 0; i < n && rc == 0; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		FILE *f;
		/* Drop-ins are regular files in the directory itself: no
		 * symbolic link, no FIFO, no directory named x.conf. */
		rc = stub_conf_open(dirfd(d), names[i], true, &f);
		if (rc == -ELOOP)
			rc = stub_conf_fail(c, -EINVAL, "%s: a symbolic link, not a regular file",
					    stub_conf_escape(esc, sizeof esc, path));
		else if (rc == -EISDIR || rc == -ENODEV)
			rc = stub_conf_fail(c, -EINVAL, "%s: not a regular file",
					    stub_conf_escape(esc, sizeof esc, path));
		else if (rc < 0)
			rc = stub_conf_fail(c, rc, "%s: cannot open: %s", stub_conf_escape(esc, sizeof esc, path),
					    stub_conf_strerror(-rc));
		if (rc < 0)
			break;
		rc = stub_conf_check_owner(c, fileno(f), path, STUB_CONF_FILE);
		if (rc == 0)
			rc = conf_file(c, f, path, runtime);
		fclose(f);
	}
out:
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	closedir(d);
	return rc;
}

int stub_config_read(struct stub_config *c, const char *path, const char *dropin_dir)
{
	char esc[160];
	FILE *f;
	int rc = stub_conf_open(AT_FDCWD, path, false, &f);
	if (rc == 0) {
		rc = stub_conf_check_owner(c, fileno(f), path, STUB_CONF_FILE);
		if (rc == 0)
			rc = conf_file(c, f, path, false);
		fclose(f);
	} else if (rc == -ENOENT) {
		stub_conf_watch(c, path, NULL, ENOENT);
		rc = 0; /* no file: every default */
	} else {
		return stub_conf_fail(c, rc == -EISDIR || rc == -ENODEV ? -EINVAL : rc, "%s: cannot open: %s",
				      stub_conf_escape(esc, sizeof esc, path), stub_conf_strerror(-rc));
	}
	if (rc == 0 && dropin_dir)
		rc = read_dropins(c, dropin_dir, false);
	return rc;
}

int stub_config_read_runtime(struct stub_config *c, const char *dir)
{
	return read_dropins(c, dir, true);
}

/* ------------------------------------------------------------------ */
/* Putting it together                                                  */

void stub_conf_files(struct stub_conf_files *f, const char *path)
{
	/* DESIGN.md: the path is overridable for tests only, and never for a
	 * setuid or otherwise secure-execution process. */
	const char *env = secure_getenv("NSS_DNSSEC_CONF");
	if (!path && env && env[0] != '\0')
		path = env;
	/* A file named stands alone, as it does for the drop-ins of /etc:
	 * tests that want runtime drop-ins give the process a /run of its
	 * own (a mount namespace). */
	*f = path ? (struct stub_conf_files){ .main = path }
		  : (struct stub_conf_files){ .main = STUB_CONF_PATH, .dropin_dir = STUB_CONF_DIR,
					      .run_dir = STUB_RUN_DIR };
}

int stub_config_read_files(struct stub_config *c, const struct stub_conf_files *f)
{
	int rc = stub_config_read(c, f->main, f->dropin_dir);
	if (rc == 0 && f->run_dir)
		rc = stub_config_read_runtime(c, f->run_dir);
	return rc;
}

/* The files, over the defaults already in *c. */
static int config_read_all(struct stub_config *c)
{
	struct stub_conf_files f;
	stub_conf_files(&f, NULL);
	int rc = stub_config_read_files(c, &f);
	if (rc == 0)
		rc = stub_resolv_read(c, STUB_RESOLV_PATH);
	if (rc == 0)
		rc = stub_anchors_load(c);
	if (rc == 0 && c->auth_fallback)
		rc = stub_hints_load(c);
	return rc;
}

int stub_config_load(struct stub_config *c)
{
	stub_config_init(c);
	return config_read_all(c);
}

int stub_config_load_zeroed(struct stub_config *c)
{
	config_defaults(c);
	return config_read_all(c);
}

/* ------------------------------------------------------------------ */
/* The configuration for the tool                                       */

struct stub_config *stub_config_new(void)
{
	return calloc(1, sizeof(struct stub_config));
}

void stub_config_delete(struct stub_config *c)
{
	if (!c)
		return;
	stub_config_free(c);
	free(c);
}

/* The command line's servers and trust-anchor files in place of the
 * configuration's. */
static int config_override(struct stub_config *c, const struct stub_config_override *o)
{
	char esc[160];
	if (o->nservers > STUB_SERVERS_MAX || o->nanchor_files > STUB_ANCHORS_MAX)
		return stub_conf_fail(c, -E2BIG, "more than %d servers or %d trust-anchor files", STUB_SERVERS_MAX,
				      STUB_ANCHORS_MAX);
	for (size_t i = 0; i < o->nanchor_files; i++)
		if (strlen(o->anchor_files[i]) >= sizeof c->anchor_files[i])
			return stub_conf_fail(c, -ENAMETOOLONG, "%s: path too long",
					      stub_conf_escape(esc, sizeof esc, o->anchor_files[i]));
	if (o->nanchor_files) {
		c->nanchor_files = o->nanchor_files;
		for (size_t i = 0; i < o->nanchor_files; i++)
			strcpy(c->anchor_files[i], o->anchor_files[i]);
	}
	if (o->nservers) {
		memcpy(c->servers, o->servers, o->nservers * sizeof c->servers[0]);
		c->nservers = o->nservers;
		c->servers_from_config = true;
	}
	return 0;
}

int stub_config_load_override(struct stub_config *c, const struct stub_config_override *o)
{
	struct stub_conf_files f;
	stub_conf_files(&f, o->config);
	stub_config_free(c); /* loaded before: its anchors */
	stub_config_init(c);
	/* Each step runs while there is no error message: every reader that
	 * fails says why in c->error, and that sentence is what is reported. */
	int rc = stub_config_read_files(c, &f);
	if (!c->error[0])
		rc = config_override(c, o);
	if (!c->error[0])
		rc = stub_resolv_read(c, STUB_RESOLV_PATH);
	if (!c->error[0])
		rc = stub_anchors_load(c);
	if (!c->error[0] && c->auth_fallback)
		rc = stub_hints_load(c);
	if (!c->error[0])
		return 0;
	return rc < 0 ? rc : -EINVAL;
}

int stub_config_load_hints(struct stub_config *c, const char *path)
{
	if (strlen(path) >= sizeof c->root_hints)
		return -ENAMETOOLONG;
	strcpy(c->root_hints, path);
	return stub_hints_load(c);
}

void stub_config_view(const struct stub_config *c, struct stub_config_view *v)
{
	size_t builtin = sizeof builtin_ntas / sizeof builtin_ntas[0];
	*v = (struct stub_config_view){
		.conf_files = c->conf_files, .nconf_files = c->nconf_files,
		.servers = c->servers, .nservers = c->nservers, .servers_from_config = c->servers_from_config,
		.search = c->search, .nsearch = c->nsearch,
		.ndots = c->ndots, .attempts = c->attempts, .try_timeout_s = c->try_timeout_s, .rotate = c->rotate,
		.anchors = c->anchors, .nanchors = c->nanchors, .nanchor_files = c->nanchor_files,
		/* stub_config_init puts the built-in ones first. */
		.ntas = c->ntas, .nntas = c->nntas, .nntas_builtin = builtin < c->nntas ? builtin : c->nntas,
		.require_secure = c->require_secure, .nrequire = c->nrequire,
		.time_servers = c->time_servers, .ntime_servers = c->ntime_servers,
		.dns64 = c->dns64, .ndns64 = c->ndns64, .dns64_off = c->dns64_off,
		.nm_vpn_ntas = c->nm_vpn_ntas, .timeout_s = c->timeout_s, .log_level = c->log_level,
		.auth_fallback = c->auth_fallback, .root_hints = c->root_hints,
		.hints = c->hints, .nhints = c->nhints,
		.error = c->error, .warning = c->warning,
	};
}

void stub_config_policy(const struct stub_config *c, struct val_policy *pol, const void **arr)
{
	size_t n = 0;
	pol->anchors = (const struct val_rr *const *)(arr + n);
	pol->nanchors = c->nanchors;
	for (size_t i = 0; i < c->nanchors; i++)
		arr[n++] = &c->anchors[i].rr;
	pol->ntas = (const uint8_t *const *)(arr + n);
	pol->nntas = c->nntas;
	for (size_t i = 0; i < c->nntas; i++)
		arr[n++] = c->ntas[i];
	pol->require_secure = (const uint8_t *const *)(arr + n);
	pol->nrequire = c->nrequire;
	for (size_t i = 0; i < c->nrequire; i++)
		arr[n++] = c->require_secure[i];
}

void stub_config_free(struct stub_config *c)
{
	for (size_t i = 0; i < c->nanchors; i++) {
		free(c->anchors[i].rdata);
		c->anchors[i].rdata = NULL;
		c->anchors[i].rr.rdata = NULL;
	}
	c->nanchors = 0;
}
