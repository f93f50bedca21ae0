/* stub/stub_anchor.c: trust-anchor files (DESIGN.md, "Policy and
 * configuration"): DS and DNSKEY records in zone-file syntax (RFC 1035
 * §5.1), what /usr/share/dns/root.key, BIND's dsset- files and
 * dnssec-keygen's K*.key files hold:
 *
 *     OWNER [TTL] [CLASS] TYPE RDATA      (TTL and class in either order)
 *
 * ';' starts a comment, parentheses continue a record over several lines, a
 * line that starts with a blank repeats the previous owner, a backslash
 * escapes the next character of a name.  $ORIGIN is honoured (relative
 * owners and "@"; without it a relative owner is taken as absolute), $TTL
 * is read and only sets the TTL recorded (anchors do not expire by TTL),
 * $INCLUDE and other directives are errors.  Class IN only.  Types other
 * than DS and DNSKEY are ignored with a warning.  Unsupported algorithms
 * and digest types are kept: the validator decides what they mean (RFC
 * 4035 §5.2: insecure).  Malformed records are errors naming file and
 * line, and a file not owned by root or writable by group or others is
 * refused (stub_conf_check_owner); the module then fails closed. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "stub_conf_int.h"

/* RFC 2181 §8: a TTL is an unsigned 31-bit number. */
#define ANCHOR_TTL_MAX 0x7fffffffUL
/* RFC 4034 §2.1.2: "The Protocol Field MUST have value 3". */
#define DNSKEY_PROTOCOL 3

/* A record may span lines but its text, comments and blanks removed, must
 * fit in one line's worth (STUB_CONF_LINE_MAX): a 4096-bit RSA key takes
 * under 700 octets of base64. */
#define REC_MAX STUB_CONF_LINE_MAX

struct anchor_parser {
	struct stub_config *c;
	struct stub_lines *l;
	unsigned start;		/* line where the current record began */
	bool owner_omitted;	/* it began with a blank */
	int depth;		/* open parenthesis */
	const char *whole;	/* the record's text, for messages */
	size_t len;
	char rec[REC_MAX + 2];
	char *tok[REC_MAX / 2 + 1];
	uint8_t origin[VAL_NAME_MAX];
	bool have_origin;
	uint8_t prev[VAL_NAME_MAX];
	bool have_prev;
	uint32_t default_ttl;
	uint8_t rdata[4 + REC_MAX];
};

static bool is_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\f' || ch == '\v';
}

/* "FILE:LINE: ..." naming the line where the record began. */
static int rec_fail(struct anchor_parser *ap, const char *text, const char *what)
{
	unsigned now = ap->l->lineno;
	ap->l->lineno = ap->start;
	int rc = stub_line_fail(ap->c, ap->l, text, "%s", what);
	ap->l->lineno = now;
	return rc;
}

static void rec_warn(struct anchor_parser *ap, const char *text, const char *what)
{
	unsigned now = ap->l->lineno;
	ap->l->lineno = ap->start;
	stub_line_warn(ap->c, ap->l, text, "%s", what);
	ap->l->lineno = now;
}

/* A name ending in an unescaped dot is absolute. */
static bool is_absolute(const char *s)
{
	size_t n = strlen(s), bs = 0;
	if (n == 0 || s[n - 1] != '.')
		return false;
	while (bs + 1 < n && s[n - 2 - bs] == '\\')
		bs++;
	return bs % 2 == 0;
}

static int parse_name(struct anchor_parser *ap, const char *s, uint8_t out[VAL_NAME_MAX],
		      const char *what)
{
	char msg[128];
	const char *err = NULL;
	if (strcmp(s, "@") == 0) {
		if (!ap->have_origin)
			return rec_fail(ap, s, "'@' without $ORIGIN");
		memcpy(out, ap->origin, val_name_len(ap->origin));
		return 0;
	}
	size_t n = val_name_from_str(out, s, &err);
	if (n == 0) {
		snprintf(msg, sizeof msg, "%s: %s", what, err ? err : "bad name");
		return rec_fail(ap, s, msg);
	}
	if (!ap->have_origin || is_absolute(s))
		return 0;
	/* The origin replaces the root label that ends the relative name. */
	struct val_wbuf b;
	val_wbuf_init(&b, out + n - 1, VAL_NAME_MAX - (n - 1));
	val_wbuf_put_name(&b, ap->origin);
	if (b.err) {
		snprintf(msg, sizeof msg, "%s: name longer than 255 octets with $ORIGIN", what);
		return rec_fail(ap, s, msg);
	}
	return 0;
}

/* A TTL: seconds, or BIND's units (1h30m, 2d, 1w); at most 2^31 - 1. */
static bool parse_ttl(const char *s, uint32_t *out)
{
	unsigned long total = 0;
	if (stub_conf_uint(s, ANCHOR_TTL_MAX, &total)) {
		*out = (uint32_t)total;
		return true;
	}
	if (*s == '\0')
		return false;
	for (const char *p = s; *p;) {
		unsigned long n = 0, mult;
		bool digits = false;
		for (; *p >= '0' && *p <= '9'; p++) {
			n = n * 10 + (unsigned long)(*p - '0');
			if (n > ANCHOR_TTL_MAX)
				return false;
			digits = true;
		}
		switch (tolower((unsigned char)*p)) {
		case 's': mult = 1; break;
		case 'm': mult = 60; break;
		case 'h': mult = 3600; break;
		case 'd': mult = 86400; break;
		case 'w': mult = 604800; break;
		default: return false;
		}
		if (!digits || n > (ANCHOR_TTL_MAX - total) / mult)
			return false;
		total += n * mult;
		p++;
	}
	*out = (uint32_t)total;
	return true;
}

static bool is_class(const char *s)
{
	static const char *const classes[] = { "IN", "CH", "CS", "HS", "NONE", "ANY" };
	for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++)
		if (strcasecmp(s, classes[i]) == 0)
			return true;
	unsigned long v;
	return strncasecmp(s, "CLASS", 5) == 0 && stub_conf_uint(s + 5, 65535, &v);
}

/* An algorithm number, or its mnemonic (RFC 4034 §A.1, IANA). */
static bool parse_alg(const char *s, uint8_t *out)
{
	unsigned long v;
	if (stub_conf_uint(s, 255, &v)) {
		*out = (uint8_t)v;
		return true;
	}
	for (unsigned a = 0; a < 256; a++) {
		const char *name = val_alg_name((uint8_t)a);
		if (name && strcasecmp(s, name) == 0) {
			*out = (uint8_t)a;
			return true;
		}
	}
	return false;
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch = (char)tolower((unsigned char)ch);
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

/* The hex of tokens tok[0..n), blanks between them ignored (RFC 4034
 * §5.3).  Returns the octets written to out, or -1 with *why. */
static long decode_hex(char *const *tok, size_t n, uint8_t *out, const char **why, const char **bad)
{
	size_t digits = 0;
	for (size_t t = 0; t < n; t++)
		for (const char *p = tok[t]; *p; p++) {
			int v = hexval(*p);
			if (v < 0) {
				*why = "DS digest: not a hex digit";
				*bad = tok[t];
				return -1;
			}
			if (digits % 2 == 0)
				out[digits / 2] = (uint8_t)(v << 4);
			else
				out[digits / 2] |= (uint8_t)v;
			digits++;
		}
	if (digits % 2 != 0) {
		*why = "DS digest: odd number of hex digits";
		*bad = tok[n - 1];
		return -1;
	}
	return (long)(digits / 2);
}

static int b64val(char ch)
{
	if (ch >= 'A' && ch <= 'Z')
		return ch - 'A';
	if (ch >= 'a' && ch <= 'z')
		return ch - 'a' + 26;
	if (ch >= '0' && ch <= '9')
		return ch - '0' + 52;
	if (ch == '+')
		return 62;
	if (ch == '/')
		return 63;
	return -1;
}

/* RFC 4648 §4 base64 of tokens tok[0..n), padded, blanks between tokens
 * ignored (RFC 4034 §2.2). */
static long decode_base64(char *const *tok, size_t n, uint8_t *out, const char **why, const char **bad)
{
	size_t chars = 0, pad = 0, o = 0;
	uint32_t acc = 0;
	unsigned bits = 0;
	for (size_t t = 0; t < n; t++)
		for (const char *p = tok[t]; *p; p++) {
			*bad = tok[t];
			chars++;
			if (*p == '=') {
				pad++;
				continue;
			}
			int v = b64val(*p);
			if (v < 0) {
				*why = "DNSKEY public key: not a base64 character";
				return -1;
			}
			if (pad) {
				*why = "DNSKEY public key: base64 after the padding";
				return -1;
			}
			acc = (acc << 6) | (uint32_t)v;
			bits += 6;
			if (bits >= 8) {
				bits -= 8;
				out[o++] = (uint8_t)(acc >> bits);
				acc &= (1u << bits) - 1;
			}
		}
	if (pad > 2) {
		*why = "DNSKEY public key: more than two '=' of base64 padding";
		return -1;
	}
	if (chars % 4 != 0) {
		*why = "DNSKEY public key: base64 length is not a multiple of 4";
		return -1;
	}
	return (long)o;
}

static size_t expected_digest_len(uint8_t digest_type)
{
	switch (digest_type) {
	case 1: return 20;	/* RFC 4034 §5.1.4: SHA-1 */
	case 2: return 32;	/* RFC 4509 §2.1: SHA-256 */
	case 3: return 32;	/* RFC 5933 §2: GOST R 34.11-94 */
	case 4: return 48;	/* RFC 6605 §2: SHA-384 */
	default: return 0;	/* unknown: the validator calls it unsupported */
	}
}

static int add_anchor(struct anchor_parser *ap, const uint8_t *owner, uint16_t type, uint32_t ttl,
		      size_t rdlen)
{
	struct stub_config *c = ap->c;
	char msg[64];
	if (c->nanchors >= STUB_ANCHORS_MAX) {
		snprintf(msg, sizeof msg, "more than %u trust anchors", STUB_ANCHORS_MAX);
		return rec_fail(ap, NULL, msg);
	}
	struct stub_anchor *a = &c->anchors[c->nanchors];
	a->rdata = malloc(rdlen);
	if (!a->rdata)
		return stub_conf_fail(c, -ENOMEM, "%s: out of memory", ap->l->path);
	memcpy(a->rdata, ap->rdata, rdlen);
	/* RFC 4034 §6.2: the canonical owner is lower case; DS digests are
	 * computed over it. */
	val_name_lower(a->owner, owner);
	a->rr = (struct val_rr){
		.owner = a->owner, .type = type, .rclass = VAL_C_IN, .ttl = ttl,
		.rdata = a->rdata, .rdlen = (uint16_t)rdlen, .section = VAL_SEC_ANSWER,
	};
	char path[100];
	snprintf(a->source, sizeof a->source, "%s:%u", stub_conf_escape(path, sizeof path, ap->l->path),
		 ap->start);
	c->nanchors++;
	return 0;
}

static int rdata_ds(struct anchor_parser *ap, const uint8_t *owner, uint32_t ttl, char **f, size_t n)
{
	unsigned long tag, dt;
	uint8_t alg;
	const char *why = NULL, *bad = NULL;
	char msg[128];
	if (n < 3)
		return rec_fail(ap, ap->whole, "DS needs a key tag, an algorithm, a digest type and a digest");
	if (!stub_conf_uint(f[0], 65535, &tag))
		return rec_fail(ap, f[0], "DS key tag must be 0 to 65535");
	if (!parse_alg(f[1], &alg))
		return rec_fail(ap, f[1], "DS algorithm must be 0 to 255 or a mnemonic");
	if (!stub_conf_uint(f[2], 255, &dt))
		return rec_fail(ap, f[2], "DS digest type must be 0 to 255");
	if (n == 3)
		return rec_fail(ap, ap->whole, "DS with an empty digest");
	long dlen = decode_hex(f + 3, n - 3, ap->rdata + 4, &why, &bad);
	if (dlen < 0)
		return rec_fail(ap, bad, why);
	size_t want = expected_digest_len((uint8_t)dt);
	if (want && (size_t)dlen != want) {
		snprintf(msg, sizeof msg, "DS digest type %lu needs %zu octets, this one has %ld", dt, want, dlen);
		return rec_fail(ap, f[3], msg);
	}
	ap->rdata[0] = (uint8_t)(tag >> 8);
	ap->rdata[1] = (uint8_t)tag;
	ap->rdata[2] = alg;
	ap->rdata[3] = (uint8_t)dt;
	return add_anchor(ap, owner, VAL_T_DS, ttl, 4 + (size_t)dlen);
}

static int rdata_dnskey(struct anchor_parser *ap, const uint8_t *owner, uint32_t ttl, char **f, size_t n)
{
	unsigned long flags, proto;
	uint8_t alg;
	const char *why = NULL, *bad = NULL;
	if (n < 3)
		return rec_fail(ap, ap->whole, "DNSKEY needs flags, protocol, algorithm and a public key");
	if (!stub_conf_uint(f[0], 65535, &flags))
		return rec_fail(ap, f[0], "DNSKEY flags must be 0 to 65535");
	if (!stub_conf_uint(f[1], 255, &proto) || proto != DNSKEY_PROTOCOL)
		return rec_fail(ap, f[1], "DNSKEY protocol must be 3 (RFC 4034 §2.1.2)");
	if (!parse_alg(f[2], &alg))
		return rec_fail(ap, f[2], "DNSKEY algorithm must be 0 to 255 or a mnemonic");
	long klen = n > 3 ? decode_base64(f + 3, n - 3, ap->rdata + 4, &why, &bad) : 0;
	if (klen < 0)
		return rec_fail(ap, bad, why);
	if (klen == 0)
		return rec_fail(ap, ap->whole, "DNSKEY with an empty public key");
	ap->rdata[0] = (uint8_t)(flags >> 8);
	ap->rdata[1] = (uint8_t)flags;
	ap->rdata[2] = (uint8_t)proto;
	ap->rdata[3] = alg;
	return add_anchor(ap, owner, VAL_T_DNSKEY, ttl, 4 + (size_t)klen);
}

static int parse_directive(struct anchor_parser *ap, char **tok, size_t ntok)
{
	if (strcmp(tok[0], "$ORIGIN") == 0 || strcmp(tok[0], "$TTL") == 0) {
		if (ntok != 2)
			return rec_fail(ap, ap->whole, "directive takes one value");
		if (tok[0][1] == 'T') {
			if (!parse_ttl(tok[1], &ap->default_ttl))
				return rec_fail(ap, tok[1], "$TTL: bad TTL");
			return 0;
		}
		uint8_t name[VAL_NAME_MAX];
		int rc = parse_name(ap, tok[1], name, "$ORIGIN");
		if (rc == 0) {
			memcpy(ap->origin, name, val_name_len(name));
			ap->have_origin = true;
		}
		return rc;
	}
	if (strcmp(tok[0], "$INCLUDE") == 0)
		return rec_fail(ap, tok[0], "$INCLUDE is not supported in a trust-anchor file");
	return rec_fail(ap, tok[0], "unknown directive");
}

static int parse_record(struct anchor_parser *ap)
{
	/* The record's text without the blanks around it, for messages. */
	size_t ntok = 0, from = 0, to = ap->len;
	while (to > 0 && ap->rec[to - 1] == ' ')
		to--;
	while (from < to && ap->rec[from] == ' ')
		from++;
	memcpy(ap->l->text, ap->rec + from, to - from);
	ap->l->text[to - from] = '\0';
	ap->whole = ap->l->text;
	for (char *p = ap->rec; *p;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		ap->tok[ntok++] = p;
		while (*p && *p != ' ')
			p += p[0] == '\\' && p[1] ? 2 : 1; /* "a\ b" is one word */
		if (*p)
			*p++ = '\0';
	}
	if (ntok == 0)
		return 0;
	char **tok = ap->tok;
	uint8_t owner[VAL_NAME_MAX];
	size_t i = 0;
	int rc;
	if (!ap->owner_omitted) {
		if (tok[0][0] == '$')
			return parse_directive(ap, tok, ntok);
		if ((rc = parse_name(ap, tok[0], owner, "owner")) != 0)
			return rc;
		i = 1;
	} else {
		if (!ap->have_prev)
			return rec_fail(ap, tok[0], "record without an owner name");
		memcpy(owner, ap->prev, val_name_len(ap->prev));
	}
	memcpy(ap->prev, owner, val_name_len(owner));
	ap->have_prev = true;

	uint32_t ttl = ap->default_ttl;
	bool have_ttl = false, have_class = false;
	while (i < ntok) {
		if (!have_ttl && isdigit((unsigned char)tok[i][0])) {
			if (!parse_ttl(tok[i], &ttl))
				return rec_fail(ap, tok[i], "bad TTL");
			have_ttl = true;
		} else if (!have_class && is_class(tok[i])) {
			if (strcasecmp(tok[i], "IN") != 0 && strcasecmp(tok[i], "CLASS1") != 0)
				return rec_fail(ap, tok[i], "trust anchors must be of class IN");
			have_class = true;
		} else {
			break;
		}
		i++;
	}
	if (i >= ntok)
		return rec_fail(ap, ap->whole, "record without a type");
	const char *type = tok[i++];
	if (strcasecmp(type, "DS") == 0)
		return rdata_ds(ap, owner, ttl, tok + i, ntok - i);
	if (strcasecmp(type, "DNSKEY") == 0)
		return rdata_dnskey(ap, owner, ttl, tok + i, ntok - i);
	rec_warn(ap, type, "record ignored: only DS and DNSKEY records are trust anchors");
	return 0;
}

static int rec_append(struct anchor_parser *ap, char ch)
{
	if (ap->len >= REC_MAX)
		return rec_fail(ap, NULL, "record longer than 4096 octets");
	ap->rec[ap->len++] = ch;
	ap->rec[ap->len] = '\0';
	return 0;
}

static int anchor_line(struct anchor_parser *ap)
{
	const char *p = ap->l->line;
	int rc;
	if (ap->depth == 0) {
		ap->len = 0;
		ap->rec[0] = '\0';
		ap->start = ap->l->lineno;
		ap->owner_omitted = is_blank(p[0]);
	}
	for (; *p && *p != ';'; p++) {
		char ch = *p;
		if (ch == '\\') {
			if ((rc = rec_append(ap, ch)) != 0)
				return rc;
			if (p[1] && (rc = rec_append(ap, *++p)) != 0)
				return rc;
			continue;
		}
		if (ch == '(') {
			if (ap->depth > 0)
				return rec_fail(ap, NULL, "'(' inside parentheses");
			ap->depth++;
			ch = ' ';
		} else if (ch == ')') {
			if (ap->depth == 0)
				return stub_line_fail(ap->c, ap->l, NULL, "')' without '('");
			ap->depth--;
			ch = ' ';
		} else if (is_blank(ch)) {
			ch = ' ';
		}
		if ((rc = rec_append(ap, ch)) != 0)
			return rc;
	}
	if ((rc = rec_append(ap, ' ')) != 0)
		return rc;
	return ap->depth == 0 ? parse_record(ap) : 0;
}

/* Reads one file.  -ENOENT / -ENOTDIR for a missing file, without a
 * message (the caller knows whether that is fine). */
static int anchor_file(struct stub_config *c, const char *path)
{
	char esc[160];
	FILE *f;
	int rc = stub_conf_open(AT_FDCWD, path, false, &f);
	if (rc == -ENOENT || rc == -ENOTDIR) {
		stub_conf_watch(c, path, NULL, -rc);	/* a default that appears later */
		return rc;
	}
	if (rc < 0)
		return stub_conf_fail(c, rc == -EISDIR || rc == -ENODEV ? -EINVAL : rc,
				      "no usable trust anchor: %s: cannot open: %s",
				      stub_conf_escape(esc, sizeof esc, path), stub_conf_strerror(-rc));
	/* Refused, not skipped for the next default: that would fail open. */
	rc = stub_conf_check_owner(c, fileno(f), path, STUB_CONF_ANCHOR_FILE);
	if (rc < 0) {
		fclose(f);
		return rc;
	}
	struct stub_lines *l = malloc(sizeof *l);
	struct anchor_parser *ap = calloc(1, sizeof *ap);
	if (!l || !ap) {
		rc = stub_conf_fail(c, -ENOMEM, "%s: out of memory", stub_conf_escape(esc, sizeof esc, path));
		goto out;
	}
	stub_lines_init(l, f, path);
	ap->c = c;
	ap->l = l;
	while ((rc = stub_lines_next(c, l)) > 0)
		if ((rc = anchor_line(ap)) != 0)
			goto out;
	if (rc == 0 && ap->depth > 0)
		rc = rec_fail(ap, NULL, "'(' not closed at the end of the file");
out:
	free(ap);
	free(l);
	fclose(f);
	return rc;
}

/* "a, b and c" into buf. */
static void join_paths(char *buf, size_t cap, const char *const *paths, size_t n)
{
	char esc[160];
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n && o < cap; i++)
		o += (size_t)snprintf(buf + o, cap - o, "%s%s", i == 0 ? "" : i + 1 == n ? " and " : ", ",
				      stub_conf_escape(esc, sizeof esc, paths[i]));
}

static int load_defaults(struct stub_config *c, const char *const *paths, size_t npaths)
{
	char list[400];
	stub_config_free(c);
	for (size_t i = 0; i < npaths; i++) {
		int rc = anchor_file(c, paths[i]);
		if (rc == -ENOENT || rc == -ENOTDIR)
			continue;
		if (rc < 0)
			return rc;
		if (c->nanchors == 0) {
			join_paths(list, sizeof list, paths + i, 1);
			return stub_conf_fail(c, -EINVAL, "no usable trust anchor: %s holds no DS or DNSKEY record",
					      list);
		}
		return 0;
	}
	join_paths(list, sizeof list, paths, npaths);
	return stub_conf_fail(c, -ENOENT, "no usable trust anchor: %s %s missing", list,
			      npaths == 1 ? "is" : "are");
}

int stub_anchors_load_defaults(struct stub_config *c, const char *const *paths, size_t npaths)
{
	int rc = load_defaults(c, paths, npaths);
	if (rc < 0)
		stub_config_free(c); /* a failure leaves no anchor behind */
	return rc;
}

static int load_configured(struct stub_config *c)
{
	char list[400], esc[160];
	stub_config_free(c);
	const char *paths[STUB_ANCHORS_MAX];
	for (size_t i = 0; i < c->nanchor_files; i++) {
		paths[i] = c->anchor_files[i];
		int rc = anchor_file(c, paths[i]);
		if (rc == -ENOENT || rc == -ENOTDIR)
			return stub_conf_fail(c, rc, "no usable trust anchor: %s: %s",
					      stub_conf_escape(esc, sizeof esc, paths[i]), stub_conf_strerror(-rc));
		if (rc < 0)
			return rc;
	}
	if (c->nanchors == 0) {
		join_paths(list, sizeof list, paths, c->nanchor_files);
		return stub_conf_fail(c, -EINVAL, "no usable trust anchor: %s %s no DS or DNSKEY record", list,
				      c->nanchor_files == 1 ? "holds" : "hold");
	}
	return 0;
}

int stub_anchors_load(struct stub_config *c)
{
	if (c->nanchor_files == 0) {
		const char *const defaults[] = { STUB_ANCHOR_DEFAULT, STUB_ANCHOR_FALLBACK };
		return stub_anchors_load_defaults(c, defaults, 2);
	}
	int rc = load_configured(c);
	if (rc < 0)
		stub_config_free(c); /* a failure leaves no anchor behind */
	return rc;
}
