/* stub/stub_conf_int.h: what the three configuration readers of stub/
 * share (stub_conf.c: nss-dnssec.conf and its drop-ins, stub_resolv.c:
 * resolv.conf, stub_anchor.c: trust-anchor files).  Internal to stub/. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "stub.h"

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
