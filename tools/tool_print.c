/* tools/tool_print.c: records in presentation form, as `dig +short` prints
 * them.  The reference is BIND 9.18's dig (lib/dns/rdata/): every expected
 * string of tests/unit/test_print.c was checked against its output.  Where
 * dnspython's to_text() differs (lower-case hex, base64 cut every 32
 * characters, quoted SVCB values), we follow dig, which is what users
 * compare our output with.
 *
 * Every read goes through the wire cursor of validator.h (STYLE.md #2) over
 * rdata[0 .. rdlen); the first failure sticks and turns the record into
 * RFC 3597 generic form.  Output goes through a cursor whose "full" sticks
 * the same way. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "tools/tool_print.h"
#include "validator/validator.h"

/* dig +short cuts hex and base64 into words of 56 characters, separated by
 * one space (BIND 9.18, observed: DS, DNSKEY, RRSIG, TLSA, generic). */
#define PRINT_WORD 56
/* BIND's WKS parser: a bitmap covers at most the 65536 ports. */
#define PRINT_WKS_BITMAP_MAX 8192

/* Types the printer knows that val_type_str does not name. */
enum {
	T_WKS = VAL_T_WKS, T_SSHFP = 44, T_TLSA = 52, T_SMIMEA = 53, T_CDS = 59,
	T_CDNSKEY = 60, T_OPENPGPKEY = 61, T_CSYNC = 62, T_ZONEMD = 63,
	T_SVCB = 64, T_HTTPS = 65, T_SPF = 99, T_URI = 256, T_CAA = 257,
};

/* ------------------------------------------------------------------ */
/* Output cursor                                                        */

struct out {
	char *buf;
	size_t cap, len;	/* len < cap whenever cap > 0: room for the NUL */
	bool full;		/* sticky: nothing is written after it */
};

static void put(struct out *o, const char *s, size_t n)
{
	if (o->full)
		return;
	if (o->cap == 0 || n >= o->cap - o->len) {
		o->full = true;
		return;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static void put_c(struct out *o, char c) { put(o, &c, 1); }
static void put_s(struct out *o, const char *s) { put(o, s, strlen(s)); }

__attribute__((format(printf, 2, 3)))
static void put_f(struct out *o, const char *fmt, ...)
{
	char b[64];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(b, sizeof b, fmt, ap);
	va_end(ap);
	if (n > 0)
		put(o, b, (size_t)n < sizeof b ? (size_t)n : sizeof b - 1);
}

/* Characters of one hex or base64 field, cut into words of `width`
 * characters (0: never cut). */
struct words {
	struct out *o;
	size_t n, width;
};

static void word_c(struct words *wd, char c)
{
	if (wd->width && wd->n > 0 && wd->n % wd->width == 0)
		put_c(wd->o, ' ');
	put_c(wd->o, c);
	wd->n++;
}

static void put_hex(struct out *o, const uint8_t *p, size_t n, size_t width)
{
	static const char hex[] = "0123456789ABCDEF";
	struct words wd = { o, 0, width };
	for (size_t i = 0; i < n && !o->full; i++) {
		word_c(&wd, hex[p[i] >> 4]);
		word_c(&wd, hex[p[i] & 15]);
	}
}

static void put_base64(struct out *o, const uint8_t *p, size_t n, size_t width)
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	struct words wd = { o, 0, width };
	for (size_t i = 0; i < n && !o->full; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		word_c(&wd, b64[v >> 18 & 63]);
		word_c(&wd, b64[v >> 12 & 63]);
		word_c(&wd, i + 1 < n ? b64[v >> 6 & 63] : '=');
		word_c(&wd, i + 2 < n ? b64[v & 63] : '=');
	}
}

/* One octet inside double quotes (RFC 1035 §5.1, BIND txt_totext): '"' and
 * '\' take a backslash, octets outside 0x20..0x7e are \DDD. */
static void put_qchar(struct out *o, uint8_t c)
{
	if (c < 0x20 || c >= 0x7f) {
		put_f(o, "\\%03u", c);
		return;
	}
	if (c == '"' || c == '\\')
		put_c(o, '\\');
	put_c(o, (char)c);
}

static void put_qstring(struct out *o, const uint8_t *p, size_t n)
{
	put_c(o, '"');
	for (size_t i = 0; i < n && !o->full; i++)
		put_qchar(o, p[i]);
	put_c(o, '"');
}

/* RFC 4034 §3.2: YYYYMMDDHHmmSS in UTC.  BIND takes the 32-bit value in
 * the 2^32-second era closest to the current time; a pure function takes
 * it as seconds since 1970, as dnspython does.  The two agree for times
 * within 68 years of now. */
static void put_time(struct out *o, uint32_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm)) {
		put_f(o, "%u", t);
		return;
	}
	put_f(o, "%04d%02d%02d%02d%02d%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
	      tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* ------------------------------------------------------------------ */
/* Fields read from the RDATA                                           */

static size_t rest(const struct val_wire *w)
{
	return w->pos < w->end ? w->end - w->pos : 0;
}

static void f_u8(struct out *o, struct val_wire *w)
{
	uint8_t v = val_wire_u8(w);
	if (!w->err)
		put_f(o, "%u", v);
}

static void f_u16(struct out *o, struct val_wire *w)
{
	uint16_t v = val_wire_u16(w);
	if (!w->err)
		put_f(o, "%u", v);
}

static void f_u32(struct out *o, struct val_wire *w)
{
	uint32_t v = val_wire_u32(w);
	if (!w->err)
		put_f(o, "%u", v);
}

/* Names in RDATA are uncompressed by now (val_msg_parse expands them), so
 * a compression pointer here is malformed. */
static void f_name(struct out *o, struct val_wire *w)
{
	uint8_t name[VAL_NAME_MAX];
	char str[VAL_NAME_STR_MAX];
	if (val_wire_name(w, name, false) > 0)
		put_s(o, val_name_str(name, str));
}

/* <character-string>: length octet and data, quoted. */
static void f_string(struct out *o, struct val_wire *w)
{
	uint8_t n = val_wire_u8(w);
	const uint8_t *p = val_wire_bytes(w, n);
	if (p)
		put_qstring(o, p, n);
}

static void f_addr(struct out *o, struct val_wire *w, int af)
{
	char s[INET6_ADDRSTRLEN];
	const uint8_t *p = val_wire_bytes(w, af == AF_INET ? 4 : 16);
	if (p && inet_ntop(af, p, s, sizeof s))
		put_s(o, s);
}

/* The remaining octets, which BIND requires to be at least one. */
static const uint8_t *f_rest(struct val_wire *w, size_t *n, const char *what)
{
	*n = rest(w);
	if (*n == 0 && !w->err) {
		w->err = what;
		return NULL;
	}
	return val_wire_bytes(w, *n);
}

/* RFC 4034 §4.1.2 type bitmap up to the end: " TYPE" for each type set. */
static void f_bitmap(struct out *o, struct val_wire *w)
{
	size_t n = rest(w);
	const uint8_t *b = val_wire_bytes(w, n);
	if (!b)
		return;
	if (val_bitmap_check(b, n) != 0) {
		w->err = "malformed type bitmap";
		return;
	}
	for (size_t i = 0; i < n && !o->full; i += 2 + (size_t)b[i + 1])
		for (unsigned j = 0; j < b[i + 1]; j++)
			for (unsigned k = 0; k < 8; k++)
				if (b[i + 2 + j] & (0x80 >> k)) {
					char buf[16];
					put_c(o, ' ');
					put_s(o, tool_print_type((uint16_t)(b[i] << 8 | (j * 8 + k)), buf));
				}
}

/* ------------------------------------------------------------------ */
/* Types                                                                */

static void p_ds(struct out *o, struct val_wire *w)
{
	size_t n;
	f_u16(o, w); put_c(o, ' ');
	f_u8(o, w); put_c(o, ' ');
	uint8_t dt = val_wire_u8(w);
	put_f(o, "%u ", dt);
	const uint8_t *d = f_rest(w, &n, "empty DS digest");
	/* BIND refuses digests of the wrong length for the types it knows:
	 * SHA-1, SHA-256, SHA-384 (RFC 3658, 4509, 6605). */
	size_t want = dt == 1 ? 20 : dt == 2 ? 32 : dt == 4 ? 48 : 0;
	if (d && want && n != want)
		w->err = "DS digest of the wrong length for its type";
	if (d)
		put_hex(o, d, n, PRINT_WORD);
}

static void p_dnskey(struct out *o, struct val_wire *w)
{
	size_t n;
	f_u16(o, w); put_c(o, ' ');
	f_u8(o, w); put_c(o, ' ');
	f_u8(o, w); put_c(o, ' ');
	const uint8_t *k = f_rest(w, &n, "empty public key");
	if (k)
		put_base64(o, k, n, PRINT_WORD);
}

static void p_rrsig(struct out *o, struct val_wire *w)
{
	char buf[16];
	size_t n;
	uint16_t covered = val_wire_u16(w);
	if (!w->err)
		put_s(o, tool_print_type(covered, buf));
	put_c(o, ' '); f_u8(o, w);		/* algorithm */
	put_c(o, ' '); f_u8(o, w);		/* labels */
	put_c(o, ' '); f_u32(o, w);		/* original TTL */
	uint32_t exp = val_wire_u32(w), inc = val_wire_u32(w);
	put_c(o, ' '); put_time(o, exp);
	put_c(o, ' '); put_time(o, inc);
	put_c(o, ' '); f_u16(o, w);		/* key tag */
	put_c(o, ' '); f_name(o, w);		/* signer */
	put_c(o, ' ');
	const uint8_t *s = f_rest(w, &n, "empty signature");
	if (s)
		put_base64(o, s, n, PRINT_WORD);
}

/* RFC 5155 §3.3: salt in hex, "-" when empty; hash in base32hex (dig:
 * upper case, never cut). */
static void f_salt(struct out *o, struct val_wire *w)
{
	uint8_t n = val_wire_u8(w);
	const uint8_t *p = val_wire_bytes(w, n);
	if (p && n == 0)
		put_c(o, '-');
	else if (p)
		put_hex(o, p, n, 0);
}

static void p_nsec3(struct out *o, struct val_wire *w, bool param)
{
	f_u8(o, w); put_c(o, ' ');
	f_u8(o, w); put_c(o, ' ');
	f_u16(o, w); put_c(o, ' ');
	f_salt(o, w);
	if (param)
		return;
	uint8_t n = val_wire_u8(w);
	const uint8_t *h = val_wire_bytes(w, n);
	if (h && n == 0)
		w->err = "NSEC3 next hashed owner of length 0";
	if (w->err)
		return;
	char b32[(255 * 8 + 4) / 5 + 1];
	size_t len = val_base32hex_encode(b32, h, n);
	for (size_t i = 0; i < len; i++)
		if (b32[i] >= 'a' && b32[i] <= 'z')
			b32[i] = (char)(b32[i] - 'a' + 'A');
	put_c(o, ' ');
	put(o, b32, len);
	f_bitmap(o, w);
}

/* ASCII only, whatever the locale. */
static bool is_alnum(uint8_t c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* RFC 8659 §4.1: flags, tag (1..15 alphanumerics, BIND allows up to 255),
 * value as one quoted string. */
static void p_caa(struct out *o, struct val_wire *w)
{
	f_u8(o, w);
	uint8_t n = val_wire_u8(w);
	const uint8_t *tag = val_wire_bytes(w, n);
	if (!tag)
		return;
	if (n == 0)
		w->err = "empty CAA tag";
	for (size_t i = 0; i < n; i++)
		if (!is_alnum(tag[i]))
			w->err = "CAA tag not alphanumeric";
	put_c(o, ' ');
	put(o, (const char *)tag, n);
	put_c(o, ' ');
	size_t vlen = rest(w);
	const uint8_t *v = val_wire_bytes(w, vlen);
	if (v)
		put_qstring(o, v, vlen);
}

static void p_wks(struct out *o, struct val_wire *w)
{
	f_addr(o, w, AF_INET);
	put_c(o, ' ');
	f_u8(o, w);
	size_t n = rest(w);
	const uint8_t *b = val_wire_bytes(w, n);
	if (b && n > PRINT_WKS_BITMAP_MAX)
		w->err = "WKS bitmap past port 65535";
	if (w->err)
		return;
	for (size_t i = 0; i < n && !o->full; i++)
		for (unsigned k = 0; k < 8; k++)
			if (b[i] & (0x80 >> k))
				put_f(o, " %zu", i * 8 + k);
}

/* ---- SVCB and HTTPS (RFC 9460 §2.1, §7) ---- */

static const char *svc_key_name(uint16_t key, char buf[16])
{
	/* The keys BIND 9.18 names; others (dohpath, 7, included) are keyNNNNN. */
	static const char *const names[] = { "mandatory", "alpn", "no-default-alpn", "port",
					     "ipv4hint", "ech", "ipv6hint" };
	if (key < sizeof names / sizeof names[0])
		return names[key];
	snprintf(buf, 16, "key%u", key);
	return buf;
}

/* An alpn-id inside the quoted list: RFC 9460 Appendix A.1 escapes ','
 * and '\' with a backslash, then the quoted string escapes that
 * backslash again (dig: "h2\\,x"). */
static void put_alpn_id(struct out *o, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n && !o->full; i++) {
		if (p[i] == ',' || p[i] == '\\')
			put_qchar(o, '\\');
		put_qchar(o, p[i]);
	}
}

static void p_svc_value(struct out *o, struct val_wire *w, uint16_t key, const uint8_t *v, size_t n)
{
	char buf[INET6_ADDRSTRLEN];
	size_t i;
	switch (key) {
	case 0: /* mandatory: a list of keys */
		if (n == 0 || n % 2) {
			w->err = "malformed SVCB mandatory";
			return;
		}
		for (i = 0; i < n; i += 2) {
			put_c(o, i ? ',' : '=');
			put_s(o, svc_key_name((uint16_t)(v[i] << 8 | v[i + 1]), buf));
		}
		break;
	case 1: /* alpn: non-empty alpn-ids */
		if (n == 0) {
			w->err = "empty SVCB alpn";
			return;
		}
		put_s(o, "=\"");
		for (i = 0; i < n; i += 1 + (size_t)v[i]) {
			if (v[i] == 0 || v[i] > n - i - 1) {
				w->err = "malformed SVCB alpn";
				return;
			}
			if (i)
				put_c(o, ',');
			put_alpn_id(o, v + i + 1, v[i]);
		}
		put_c(o, '"');
		break;
	case 2: /* no-default-alpn: no value */
		if (n != 0)
			w->err = "SVCB no-default-alpn with a value";
		break;
	case 3: /* port */
		if (n != 2) {
			w->err = "malformed SVCB port";
			return;
		}
		put_f(o, "=%u", (unsigned)(v[0] << 8 | v[1]));
		break;
	case 4: /* ipv4hint */
	case 6: /* ipv6hint */ {
		int af = key == 4 ? AF_INET : AF_INET6;
		size_t alen = key == 4 ? 4 : 16;
		if (n == 0 || n % alen) {
			w->err = "malformed SVCB address hint";
			return;
		}
		for (i = 0; i < n; i += alen) {
			put_c(o, i ? ',' : '=');
			if (inet_ntop(af, v + i, buf, sizeof buf))
				put_s(o, buf);
		}
		break;
	}
	case 5: /* ech: base64, never cut */
		if (n == 0) {
			w->err = "empty SVCB ech";
			return;
		}
		put_c(o, '=');
		put_base64(o, v, n, 0);
		break;
	default: /* keyNNNNN="value", or the bare key when empty */
		if (n) {
			put_c(o, '=');
			put_qstring(o, v, n);
		}
		break;
	}
}

static void p_svcb(struct out *o, struct val_wire *w)
{
	char buf[16];
	int last = -1;
	f_u16(o, w); put_c(o, ' ');
	f_name(o, w);
	while (!w->err && rest(w) > 0) {
		uint16_t key = val_wire_u16(w), n = val_wire_u16(w);
		const uint8_t *v = val_wire_bytes(w, n);
		if (!v)
			return;
		/* RFC 9460 §2.2: keys in strictly increasing order. */
		if ((int)key <= last) {
			w->err = "SVCB keys out of order";
			return;
		}
		last = key;
		put_c(o, ' ');
		put_s(o, svc_key_name(key, buf));
		p_svc_value(o, w, key, v, n);
	}
}

static void p_zonemd(struct out *o, struct val_wire *w)
{
	size_t n;
	f_u32(o, w); put_c(o, ' ');
	f_u8(o, w); put_c(o, ' ');
	uint8_t alg = val_wire_u8(w);
	put_f(o, "%u ", alg);
	const uint8_t *d = f_rest(w, &n, "empty ZONEMD digest");
	/* RFC 8976 §2.2.4: SHA-384 48 octets, SHA-512 64, others at least 12. */
	size_t want = alg == 1 ? 48 : alg == 2 ? 64 : 0;
	if (d && (want ? n != want : n < 12))
		w->err = "ZONEMD digest of the wrong length";
	if (d)
		put_hex(o, d, n, PRINT_WORD);
}

/* The types whose RDATA is defined for class IN only (RFC 1035 §3.4, RFC
 * 2163, RFC 2230, RFC 2782, RFC 3403, RFC 9460); false for another class
 * or type. */
static bool print_class_in(const struct val_rr *rr, struct out *o, struct val_wire *w)
{
	switch (rr->type) {
	case VAL_T_A: case VAL_T_AAAA: case VAL_T_KX: case VAL_T_PX: case T_WKS: case VAL_T_SRV:
	case VAL_T_NAPTR: case T_SVCB: case T_HTTPS:
		if (rr->rclass != VAL_C_IN)
			return false;
		break;
	default:
		return false;
	}
	switch (rr->type) {
	case VAL_T_A:
	case VAL_T_AAAA:
		f_addr(o, w, rr->type == VAL_T_A ? AF_INET : AF_INET6);
		break;
	case VAL_T_KX:
	case VAL_T_PX:
		f_u16(o, w); put_c(o, ' ');
		f_name(o, w);
		if (rr->type == VAL_T_PX) {
			put_c(o, ' ');
			f_name(o, w);
		}
		break;
	case T_WKS:
		p_wks(o, w);
		break;
	case VAL_T_SRV:
		for (int i = 0; i < 3; i++) {
			f_u16(o, w);
			put_c(o, ' ');
		}
		f_name(o, w);
		break;
	case VAL_T_NAPTR:
		f_u16(o, w); put_c(o, ' ');
		f_u16(o, w);
		for (int i = 0; i < 3; i++) {
			put_c(o, ' ');
			f_string(o, w);
		}
		put_c(o, ' ');
		f_name(o, w);
		break;
	default: /* SVCB, HTTPS */
		p_svcb(o, w);
		break;
	}
	return true;
}

/* RFC 1035's types and those shaped like them (names, numbers and
 * character-strings), any class; false for another type. */
static bool print_rfc1035(const struct val_rr *rr, struct out *o, struct val_wire *w)
{
	switch (rr->type) {
	case VAL_T_NS: case VAL_T_MD: case VAL_T_MF: case VAL_T_CNAME: case VAL_T_MB:
	case VAL_T_MG: case VAL_T_MR: case VAL_T_PTR: case VAL_T_DNAME:
		f_name(o, w);
		break;
	case VAL_T_SOA:
		f_name(o, w); put_c(o, ' ');
		f_name(o, w);
		for (int i = 0; i < 5; i++) {
			put_c(o, ' ');
			f_u32(o, w);
		}
		break;
	case VAL_T_MINFO:
	case VAL_T_RP:
		f_name(o, w); put_c(o, ' ');
		f_name(o, w);
		break;
	case VAL_T_MX:
	case VAL_T_AFSDB:
	case VAL_T_RT:
		f_u16(o, w); put_c(o, ' ');
		f_name(o, w);
		break;
	case VAL_T_TXT:
	case T_SPF:
		/* One or more <character-string>s (RFC 1035 §3.3.14). */
		do {
			if (w->pos > 0)
				put_c(o, ' ');
			f_string(o, w);
		} while (!w->err && rest(w) > 0);
		break;
	case VAL_T_HINFO:
		f_string(o, w); put_c(o, ' ');
		f_string(o, w);
		break;
	default:
		return false;
	}
	return true;
}

/* DNSSEC's types (RFC 4034, RFC 5155, RFC 7344, RFC 7477); false for
 * another type. */
static bool print_dnssec(const struct val_rr *rr, struct out *o, struct val_wire *w)
{
	switch (rr->type) {
	case VAL_T_DS:
	case T_CDS:
		p_ds(o, w);
		break;
	case VAL_T_KEY:
	case VAL_T_DNSKEY:
	case T_CDNSKEY:
		p_dnskey(o, w);
		break;
	case VAL_T_SIG:
	case VAL_T_RRSIG:
		p_rrsig(o, w);
		break;
	case VAL_T_NSEC:
		f_name(o, w);
		f_bitmap(o, w);
		break;
	case VAL_T_NSEC3:
	case VAL_T_NSEC3PARAM:
		p_nsec3(o, w, rr->type == VAL_T_NSEC3PARAM);
		break;
	case T_CSYNC:
		f_u32(o, w); put_c(o, ' ');
		f_u16(o, w);
		f_bitmap(o, w);
		break;
	default:
		return false;
	}
	return true;
}

/* Keys, certificates and later types, any class; false for another type. */
static bool print_later(const struct val_rr *rr, struct out *o, struct val_wire *w)
{
	const uint8_t *p;
	size_t n;
	switch (rr->type) {
	case T_TLSA:
	case T_SMIMEA:
	case T_SSHFP:
		f_u8(o, w); put_c(o, ' ');
		f_u8(o, w); put_c(o, ' ');
		if (rr->type != T_SSHFP) {
			f_u8(o, w);
			put_c(o, ' ');
		}
		p = f_rest(w, &n, "empty certificate data or fingerprint");
		if (p)
			put_hex(o, p, n, PRINT_WORD);
		break;
	case T_OPENPGPKEY:
		p = f_rest(w, &n, "empty OpenPGP key");
		if (p)
			put_base64(o, p, n, PRINT_WORD);
		break;
	case T_ZONEMD:
		p_zonemd(o, w);
		break;
	case T_URI:
		f_u16(o, w); put_c(o, ' ');
		f_u16(o, w); put_c(o, ' ');
		n = rest(w);
		p = val_wire_bytes(w, n);
		if (p)
			put_qstring(o, p, n);
		break;
	case T_CAA:
		p_caa(o, w);
		break;
	default:
		return false;
	}
	return true;
}

/* Prints rr natively into o, reading w; false when the type (in this
 * class) is printed in generic form. */
static bool print_known(const struct val_rr *rr, struct out *o, struct val_wire *w)
{
	return print_class_in(rr, o, w) || print_rfc1035(rr, o, w) || print_dnssec(rr, o, w) ||
	       print_later(rr, o, w);
}

/* ------------------------------------------------------------------ */
/* Public functions                                                     */

static int finish(struct out *o)
{
	if (o->full) {
		if (o->cap > 0)
			o->buf[0] = '\0';
		return -ENOSPC;
	}
	o->buf[o->len] = '\0';
	return (int)o->len;
}

int tool_print_rdata(const struct val_rr *rr, char *out, size_t cap)
{
	static const uint8_t none[1];
	const uint8_t *rdata = rr->rdlen ? rr->rdata : none;
	struct out o = { .buf = out, .cap = cap };
	struct val_wire w;
	val_wire_init(&w, rdata, rr->rdlen);
	w.in_rdata = true;
	/* The native printer reads the whole RDATA even once o is full, so
	 * that a malformed record is told from a long one. */
	bool native = print_known(rr, &o, &w);
	if (!native || w.err || w.pos != w.end) {
		/* RFC 3597 §5: unknown types, and known ones we cannot read. */
		o = (struct out){ .buf = out, .cap = cap };
		put_f(&o, "\\# %u", (unsigned)rr->rdlen);
		if (rr->rdlen) {
			put_c(&o, ' ');
			put_hex(&o, rdata, rr->rdlen, PRINT_WORD);
		}
	}
	return finish(&o);
}

int tool_print_rr(const struct val_rr *rr, char *out, size_t cap)
{
	char name[VAL_NAME_STR_MAX], tbuf[16];
	struct out o = { .buf = out, .cap = cap };
	put_s(&o, val_name_str(rr->owner, name));
	put_f(&o, " %u ", rr->ttl);
	if (rr->rclass == VAL_C_IN)
		put_s(&o, "IN ");
	else
		put_f(&o, "CLASS%u ", rr->rclass);
	put_s(&o, tool_print_type(rr->type, tbuf));
	put_c(&o, ' ');
	if (o.full)
		return finish(&o);
	int n = tool_print_rdata(rr, out + o.len, cap - o.len);
	if (n < 0) {
		out[0] = '\0';
		return n;
	}
	return (int)o.len + n;
}

const char *tool_print_type(uint16_t type, char buf[16])
{
	/* BIND 9.18's mnemonics that val_type_str leaves as TYPE%u. */
	static const struct { uint16_t type; const char *name; } more[] = {
		{ 3, "MD" }, { 4, "MF" }, { 7, "MB" }, { 8, "MG" }, { 9, "MR" }, { 10, "NULL" },
		{ 11, "WKS" }, { 14, "MINFO" }, { 19, "X25" }, { 20, "ISDN" }, { 21, "RT" },
		{ 22, "NSAP" }, { 23, "NSAP-PTR" }, { 24, "SIG" }, { 25, "KEY" }, { 26, "PX" },
		{ 27, "GPOS" }, { 29, "LOC" }, { 30, "NXT" }, { 31, "EID" }, { 32, "NIMLOC" },
		{ 34, "ATMA" }, { 37, "CERT" }, { 38, "A6" }, { 40, "SINK" }, { 42, "APL" },
		{ 44, "SSHFP" }, { 45, "IPSECKEY" }, { 49, "DHCID" }, { 53, "SMIMEA" },
		{ 55, "HIP" }, { 56, "NINFO" }, { 57, "RKEY" }, { 58, "TALINK" },
		{ 61, "OPENPGPKEY" }, { 62, "CSYNC" }, { 63, "ZONEMD" }, { 66, "DSYNC" },
		{ 67, "HHIT" }, { 68, "BRID" }, { 100, "UINFO" }, { 101, "UID" }, { 102, "GID" },
		{ 103, "UNSPEC" }, { 104, "NID" }, { 105, "L32" }, { 106, "L64" }, { 107, "LP" },
		{ 108, "EUI48" }, { 109, "EUI64" }, { 249, "TKEY" }, { 250, "TSIG" },
		{ 251, "IXFR" }, { 252, "AXFR" }, { 253, "MAILB" }, { 254, "MAILA" },
		{ 256, "URI" }, { 258, "AVC" }, { 259, "DOA" }, { 260, "AMTRELAY" },
		{ 261, "RESINFO" }, { 262, "WALLET" }, { 32768, "TA" }, { 32769, "DLV" },
	};
	const char *s = val_type_str(type, buf);
	if (s != buf)
		return s;
	for (size_t i = 0; i < sizeof more / sizeof more[0]; i++)
		if (more[i].type == type)
			return more[i].name;
	return buf;
}
