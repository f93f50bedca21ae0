/* stub/stub_conf_int.h: the configuration's layout (struct stub_config),
 * which the rest of stub/ reads, and what the configuration readers share
 * (stub_conf.c: nss-dnssec.conf and its drop-ins, stub_resolv.c:
 * resolv.conf, stub_anchor.c: trust-anchor files, stub_hints.c: the root
 * hints).  Internal to stub/ (and its tests): outside, the configuration
 * is opaque (stub.h). */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "stub.h"

/* ------------------------------------------------------------------ */
/* The configuration                                                    */

/* What identifies one state of a file: an edit in place keeps the inode
 * and may keep the size and even the mtime (cp -p, tar, rsync -t, or two
 * writes in one timestamp tick), but always moves the ctime; chmod and
 * chown move it too.  err: the errno of a file that could not be opened
 * (ENOENT), the rest then zero. */
struct stub_conf_stamp {
	int err;
	uint64_t dev, ino, size;
	int64_t mtime_s, mtime_ns, ctime_s, ctime_ns;
};
struct stub_conf_watch {
	char path[256];
	struct stub_conf_stamp st;
};

struct stub_config {
	/* nss-dnssec.conf and its drop-ins */
	char anchor_files[STUB_ANCHORS_MAX][STUB_CONF_PATH_MAX];	/* trust-anchor-file, in order */
	size_t nanchor_files;
	struct stub_server servers[STUB_SERVERS_MAX];	/* nameserver lines of the config, or resolv.conf's */
	size_t nservers;
	bool servers_from_config;			/* false: they came from resolv.conf */
	uint8_t ntas[STUB_NTAS_MAX][VAL_NAME_MAX];	/* built-in list first, then configured */
	size_t nntas;
	uint8_t require_secure[STUB_REQUIRE_MAX][VAL_NAME_MAX];
	size_t nrequire;
	unsigned timeout_s;				/* total per lookup */
	enum stub_log_level log_level;
	bool nm_vpn_ntas;	/* networkmanager-vpn-ntas: for the dispatcher hook only */
	/* time-server: at and below these, while the clock is not
	 * synchronized, signatures are accepted outside their window. */
	uint8_t time_servers[STUB_TIME_SERVERS_MAX][VAL_NAME_MAX];
	size_t ntime_servers;
	/* dns64-prefix lines; none and not off: learn them (RFC 7050). */
	struct stub_dns64_prefix dns64[STUB_DNS64_PREFIXES_MAX];
	size_t ndns64;
	bool dns64_off;					/* dns64-prefix none */
	/* authoritative-fallback yes|no (default no) and root-hints FILE
	 * (default STUB_HINTS_DEFAULT): when the resolver cannot serve DNSSEC,
	 * iterate from these servers (stub_iter.c).  The hints are loaded only
	 * when the fallback is on. */
	bool auth_fallback;
	char root_hints[STUB_CONF_PATH_MAX];
	struct stub_server hints[STUB_HINTS_ADDRS_MAX];
	size_t nhints;

	/* resolv.conf (search list expansion as glibc's dns module does it) */
	uint8_t search[STUB_SEARCH_MAX][VAL_NAME_MAX];
	size_t nsearch;
	unsigned ndots;		/* default 1 */
	unsigned attempts;	/* default 2 */
	unsigned try_timeout_s;	/* resolv.conf "timeout", default 5 */
	bool rotate;

	/* The trust anchors, loaded from anchor_files (or the defaults). */
	struct stub_anchor anchors[STUB_ANCHORS_MAX];
	size_t nanchors;

	/* The configuration files read, in order (the main file, then the
	 * drop-ins), for check-config. */
	char conf_files[STUB_CONF_FILES_MAX + 1][STUB_CONF_PATH_MAX];
	size_t nconf_files;

	/* Every file and directory the configuration was read from, or found
	 * missing, with what fstat said of the descriptor that was read (or
	 * the errno of the open): each lookup stats each path once and reads
	 * the configuration again when any of it differs (stub_host.c).
	 * watch_incomplete: a path did not fit; read again at every lookup. */
	struct stub_conf_watch watch[STUB_CONF_WATCH_MAX];
	size_t nwatch;
	bool watch_incomplete;

	/* The first problem met, "FILE:LINE: what is wrong" (empty if none).
	 * A config with an error must not be used to resolve: the module fails
	 * closed (DESIGN.md). */
	char error[512];
	/* Warnings that do not stop it (e.g. an unknown resolv.conf option). */
	char warning[512];
};

/* Defaults: timeout 5, log-level notice, ndots 1, attempts 2, timeout 5,
 * the built-in negative trust anchors (DESIGN.md: home.arpa, local,
 * internal, localhost, the RFC 1918, link-local and ULA reverse zones). */
void stub_config_init(struct stub_config *c);

/* Reads nss-dnssec.conf at path and then, when dropin_dir is not NULL,
 * every dropin_dir/ *.conf in name order.  A missing main file is fine (all
 * defaults); a missing drop-in directory is fine.  Every bad line sets
 * c->error to "FILE:LINE: ..." and returns -EINVAL (the first error wins);
 * -errno for a file that exists but cannot be read. */
int stub_config_read(struct stub_config *c, const char *path, const char *dropin_dir);

/* Reads the files of f in their order (stub_config_read, then
 * stub_config_read_runtime): 0, or the first error. */
int stub_config_read_files(struct stub_config *c, const struct stub_conf_files *f);

/* Reads the runtime drop-ins dir/ *.conf in name order (STUB_RUN_DIR; a
 * missing directory is fine), with the owner and mode checks of the
 * others.  Only negative-trust-anchor and trust-anchor-file lines are
 * allowed there: any other keyword is an error naming FILE:LINE (the
 * configuration then fails closed, as for any bad line).  0, -EINVAL or
 * -errno with c->error set. */
int stub_config_read_runtime(struct stub_config *c, const char *dir);

/* Reads resolv.conf: nameserver (IPv4, IPv6 with optional %scope), search,
 * domain, options ndots:N attempts:N timeout:N rotate (others ignored with
 * a warning).  The nameservers are used only when the configuration named
 * none.  A missing resolv.conf means 127.0.0.1, as glibc 2.36 does. */
int stub_resolv_read(struct stub_config *c, const char *path);

/* Reads the root hints file c->root_hints (or STUB_HINTS_DEFAULT when
 * none is configured) into c->hints: zone-file lines "owner [TTL] [IN] type
 * rdata" as /usr/share/dns/root.hints has them, NS records of the root and
 * A/AAAA records of the names they name, ';' comments.  Strict: any other
 * record, a malformed one, an address of a name no NS names, too many, or
 * none at all is an error naming FILE:LINE; the file must pass the owner
 * and mode checks of the other configuration files.  0 or -errno with
 * c->error set.  stub_config_load calls it when auth_fallback is on. */
int stub_hints_load(struct stub_config *c);

/* Loads the trust anchors of c->anchor_files, or, when none is configured,
 * STUB_ANCHOR_DEFAULT and if that is missing STUB_ANCHOR_FALLBACK.  Files
 * hold DS and DNSKEY records in zone-file syntax (owner [TTL] [IN] type
 * rdata, ';' comments, parentheses over several lines; what
 * /usr/share/dns/root.key and BIND's dsset files contain).  Errors name the
 * file and line.  No usable anchor at all is an error. */
int stub_anchors_load(struct stub_config *c);

/* stub_config_init, then the configuration (path from
 * secure_getenv("NSS_DNSSEC_CONF") or STUB_CONF_PATH, drop-ins from
 * STUB_CONF_DIR and then STUB_RUN_DIR only for the default path), then
 * resolv.conf, then the anchors.  0, or -errno with c->error set. */
int stub_config_load(struct stub_config *c);

/* stub_config_load for a *c that is all zero already (fresh from calloc):
 * the same result, without clearing again the 190 KiB the kernel has just
 * cleared.  Clearing them touched every page of the structure, which cost
 * each process 190 KiB of resident memory and about 70 µs before its first
 * query (bench/results.md); the tables are mostly empty. */
int stub_config_load_zeroed(struct stub_config *c);

void stub_config_free(struct stub_config *c);	/* frees anchor rdata */

/* ------------------------------------------------------------------ */
/* What the readers share                                               */

/* A bounded line reader over one open file: lines of at most
 * STUB_CONF_LINE_MAX octets, no NUL byte, at most STUB_CONF_LINES_MAX lines
 * (stub_limits.h).  Allocated by the caller, usually on the heap: the
 * module may run on a small thread stack. */
struct stub_lines {
	FILE *f;
	const char *path;	/* for messages */
	unsigned lineno;	/* of the line in `line` (1-based) */
	size_t len;		/* octets in line, newline removed */
	char line[STUB_CONF_LINE_MAX + 1];
	char text[STUB_CONF_LINE_MAX + 1];	/* scratch for the parsers */
};

/* Opens path (relative to dirfd, or AT_FDCWD) read-only and close-on-exec
 * (O_CLOEXEC, "re"), with O_NONBLOCK so that a FIFO cannot block the
 * process and O_NOCTTY, refusing a symbolic link when nofollow.  Only a
 * regular file is accepted: a directory is -EISDIR, anything else that
 * is not a regular file -ENODEV.  Returns 0 with *out, or -errno; sets no
 * message. */
int stub_conf_open(int dirfd, const char *path, bool nofollow, FILE **out);

/* What a file checked by stub_conf_check_owner is, for its message. */
enum stub_conf_kind {
	STUB_CONF_FILE,		/* nss-dnssec.conf or a drop-in */
	STUB_CONF_DROPIN_DIR,	/* the drop-in directory */
	STUB_CONF_ANCHOR_FILE,	/* a trust-anchor file */
	STUB_CONF_HINTS_FILE,	/* the root hints file */
};

/* DESIGN.md: a file the configuration is read from must be owned by root
 * (or by the effective uid when that is not root) and not writable by
 * group or others.  Checks the open descriptor fd of path (fstat: the
 * file checked is the file read).  0, or -EPERM with c->error "PATH: owned
 * by uid N, not root: refused (...)" / "PATH: mode 0664 is writable by
 * group: refused (...)"; -errno with c->error if fstat fails.  What fstat
 * said goes to c->watch (stub_conf_watch): the state judged is the state
 * read, and no path is stat'ed again for it. */
int stub_conf_check_owner(struct stub_config *c, int fd, const char *path, enum stub_conf_kind kind);

struct stat;
/* The stamp of a file from its stat, or of one that could not be opened
 * (st NULL, err its errno). */
void stub_conf_stamp_of(struct stub_conf_stamp *out, const struct stat *st, int err);
/* Adds path to c->watch with that stamp (stub_conf_stamp_of); sets
 * c->watch_incomplete when it does not fit. */
void stub_conf_watch(struct stub_config *c, const char *path, const struct stat *st, int err);

/* Readies l for f (which it does not own). */
void stub_lines_init(struct stub_lines *l, FILE *f, const char *path);
/* Reads the next line into l->line.  Returns 1, 0 at the end of the file,
 * or -EINVAL (line too long, NUL byte, too many lines) / -EIO with
 * c->error set. */
int stub_lines_next(struct stub_config *c, struct stub_lines *l);

/* Sets c->error unless an earlier error is already there (the first one
 * wins) and returns rc. */
int stub_conf_fail(struct stub_config *c, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* "FILE:LINE: <fmt> (<text>)" with text escaped (control characters and
 * non-ASCII octets as \xNN) and shortened; text NULL leaves out the
 * parenthesis.  Returns -EINVAL. */
int stub_line_fail(struct stub_config *c, const struct stub_lines *l, const char *text,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* The same for c->warning (the first warning is kept). */
void stub_line_warn(struct stub_config *c, const struct stub_lines *l, const char *text,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void stub_conf_warn(struct stub_config *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Escapes text into buf as stub_line_fail does; returns buf. */
char *stub_conf_escape(char *buf, size_t cap, const char *text);
/* The English text of an errno value (not translated: logs are read by
 * people who search for them). */
const char *stub_conf_strerror(int err);

/* Fills s and its "ADDR" or "ADDR#PORT" string (port shown when not 53). */
void stub_server_set(struct stub_server *s, int family, const void *addr, uint16_t port);

/* Decimal digits only (no sign, no space), value <= max: true with *out. */
bool stub_conf_uint(const char *s, unsigned long max, unsigned long *out);

/* stub_anchors_load without configured files, trying the given default
 * files in order: the first one that exists is used (a file that exists
 * but holds no anchor is "no usable trust anchor", not a reason to try
 * the next).  stub_anchors_load passes STUB_ANCHOR_DEFAULT and
 * STUB_ANCHOR_FALLBACK; tests pass their own. */
int stub_anchors_load_defaults(struct stub_config *c, const char *const *paths, size_t npaths);
