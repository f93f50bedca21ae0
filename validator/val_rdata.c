/* validator/val_rdata.c: RDATA layouts, decompression, canonical names and
 * typed views.  One table of layouts drives the parser's structure check,
 * the decompression of RFC 3597 §4's compressible types and the canonical
 * form of RFC 4034 §6.2, so the three cannot disagree. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "val_int.h"

/* Layout letters:
 *   c s l a  1, 2, 4, 16 octets
 *   N        a name that may be compressed (RFC 1035 types, and those
 *            RFC 3597 §4 says receivers should decompress)
 *   n        a name that is never compressed (RFC 3597 §4, RFC 4034)
 *   T        a <character-string>: length octet and data
 *   X        one or more <character-string>s up to the end (TXT)
 *   C H      length octet and data; H must not be empty (NSEC3 hash)
 *   R        the remaining octets, possibly none
 *   M        the remaining octets as a type bitmap (RFC 4034 §4.1.2)
 * Types not listed are opaque (RFC 3597). */
static const char *rdata_layout(uint16_t type)
{
	switch (type) {
	case VAL_T_A: return "l";
	case VAL_T_NS: case VAL_T_MD: case VAL_T_MF: case VAL_T_CNAME:
	case VAL_T_MB: case VAL_T_MG: case VAL_T_MR: case VAL_T_PTR:
		return "N";
	case VAL_T_SOA: return "NNlllll";
	case VAL_T_MINFO: return "NN";
	case VAL_T_MX: return "sN";
	case VAL_T_TXT: return "X";
	case VAL_T_HINFO: return "TT";
	case VAL_T_RP: return "NN";
	case VAL_T_AFSDB: return "sN";
	case VAL_T_RT: return "sN";
	case VAL_T_SIG: return "scclllsNR";
	case VAL_T_PX: return "sNN";
	case VAL_T_AAAA: return "a";
	case VAL_T_NXT: return "NR";
	case VAL_T_SRV: return "sssN";
	case VAL_T_NAPTR: return "ssTTTN";
	case VAL_T_KX: return "sn";
	case VAL_T_DNAME: return "n";
	case VAL_T_DS: return "sccR";
	case VAL_T_DNSKEY: return "sccR";
	case VAL_T_RRSIG: return "scclllsnR";
	case VAL_T_NSEC: return "nM";
	case VAL_T_NSEC3: return "ccsCHM";
	case VAL_T_NSEC3PARAM: return "ccsC";
	default: return NULL;
	}
}

bool val_canon_type_lowers(uint16_t type)
{
	/* RFC 4034 §6.2 item 3, corrected by RFC 6840 §5.1: names in NSEC
	 * RDATA keep their case; HINFO holds no names.  A6 is historic and
	 * parsed as opaque here, so it has nothing to lower. */
	switch (type) {
	case VAL_T_NS: case VAL_T_MD: case VAL_T_MF: case VAL_T_CNAME:
	case VAL_T_SOA: case VAL_T_MB: case VAL_T_MG: case VAL_T_MR:
	case VAL_T_PTR: case VAL_T_MINFO: case VAL_T_MX: case VAL_T_RP:
	case VAL_T_AFSDB: case VAL_T_RT: case VAL_T_SIG: case VAL_T_PX:
	case VAL_T_NXT: case VAL_T_NAPTR: case VAL_T_KX: case VAL_T_SRV:
	case VAL_T_DNAME: case VAL_T_A6: case VAL_T_RRSIG:
		return true;
	default:
		return false;
	}
}

/* Appends what a read returned; a failed read (p NULL) adds nothing. */
static void emit_read(struct val_wbuf *out, const void *p, size_t n)
{
	if (out && p)
		val_wbuf_put_bytes(out, p, n);
}

/* Reads one RDATA of the given layout from w (up to w->end), copying it to
 * out (when not NULL) with names expanded and, if lower, lower-cased. */
static void rdata_walk(const char *layout, struct val_wire *w, bool compressed, bool lower,
		       struct val_wbuf *out)
{
	uint8_t name[VAL_NAME_MAX];
	for (const char *f = layout; *f && !w->err; f++) {
		size_t n;
		uint8_t l;
		switch (*f) {
		case 'c': emit_read(out, val_wire_bytes(w, 1), 1); break;
		case 's': emit_read(out, val_wire_bytes(w, 2), 2); break;
		case 'l': emit_read(out, val_wire_bytes(w, 4), 4); break;
		case 'a': emit_read(out, val_wire_bytes(w, 16), 16); break;
		case 'N':
		case 'n':
			n = val_wire_name(w, name, compressed && *f == 'N');
			if (n == 0)
				break;
			if (lower)
				val_name_lower(name, name);
			emit_read(out, name, n);
			break;
		case 'X':
			do {
				l = val_wire_u8(w);
				if (w->err)
					break; /* nothing past a failed read */
				emit_read(out, &l, 1);
				emit_read(out, val_wire_bytes(w, l), l);
			} while (!w->err && w->pos < w->end);
			break;
		case 'T':
		case 'C':
		case 'H':
			l = val_wire_u8(w);
			if (w->err)
				break;
			if (*f == 'H' && l == 0)
				w->err = "NSEC3 next hashed owner of length 0";
			emit_read(out, &l, 1);
			emit_read(out, val_wire_bytes(w, l), l);
			break;
		case 'M':
			n = w->end - w->pos;
			if (val_bitmap_check(w->buf + w->pos, n) != 0)
				w->err = "malformed type bitmap";
			emit_read(out, val_wire_bytes(w, n), n);
			break;
		case 'R':
			n = w->end - w->pos;
			emit_read(out, val_wire_bytes(w, n), n);
			break;
		}
	}
	if (!w->err && w->pos != w->end)
		w->err = "octets after the last field of an RDATA";
}

const uint8_t *val_rdata_expand(struct val_wire *w, uint16_t type, uint16_t rdlen,
				struct val_arena *a, uint16_t *out_len)
{
	const char *layout = rdata_layout(type);
	size_t start = w->pos, saved_end = w->end;
	if (w->err)
		return NULL;
	if (rdlen > w->end - w->pos) {
		w->err = "RDLENGTH runs past the end of the message";
		return NULL;
	}
	if (!layout) {
		*out_len = rdlen;
		return val_wire_bytes(w, rdlen);
	}
	size_t names = 0;
	for (const char *f = layout; *f; f++)
		names += *f == 'N';
	struct val_wbuf out = { 0 };
	if (names > 0) {
		/* Each compressed name can grow to VAL_NAME_MAX octets. */
		size_t cap = (size_t)rdlen + names * VAL_NAME_MAX;
		uint8_t *buf = val_arena_alloc(a, cap);
		if (!buf) {
			w->err = "out of memory";
			return NULL;
		}
		val_wbuf_init(&out, buf, cap);
	}
	w->end = start + rdlen;
	w->in_rdata = true;
	rdata_walk(layout, w, true, false, names > 0 ? &out : NULL);
	w->end = saved_end;
	w->in_rdata = false;
	if (w->err)
		return NULL;
	if (names == 0) {
		*out_len = rdlen;
		return w->buf + start;
	}
	if (out.err) {
		w->err = out.err;	/* never: cap is the most it can grow to */
		return NULL;
	}
	if (out.pos > UINT16_MAX) {
		w->err = "RDATA longer than 65535 octets once decompressed";
		return NULL;
	}
	*out_len = (uint16_t)out.pos;
	return out.buf;
}

int val_rdata_canon(uint16_t type, const uint8_t *rdata, uint16_t rdlen, struct val_wbuf *out, bool lower)
{
	const char *layout = rdata_layout(type);
	if (!layout) {
		val_wbuf_put_bytes(out, rdata, rdlen);
		return out->err ? -EBADMSG : 0;
	}
	struct val_wire w;
	val_wire_init(&w, rdata, rdlen);
	w.in_rdata = true;
	rdata_walk(layout, &w, false, lower, out);
	return w.err || out->err ? -EBADMSG : 0;
}

/* ------------------------------------------------------------------ */
/* Typed views.  They read the expanded RDATA (no compression pointers). */

#define VIEW_BEGIN(rr, want)                                          \
	struct val_wire w;                                                \
	if ((rr)->type != (want))                                     \
		return -EINVAL;                                       \
	val_wire_init(&w, (rr)->rdata, (rr)->rdlen)
#define VIEW_END() return (w.err || w.pos != w.end) ? -EBADMSG : 0

/* Names inside rdata: val_wire_name copies, but views must point into the
 * RDATA, so check with a copy and return the in-place pointer. */
static const uint8_t *view_name(struct val_wire *w)
{
	uint8_t tmp[VAL_NAME_MAX];
	const uint8_t *p = w->buf + w->pos;
	return val_wire_name(w, tmp, false) ? p : NULL;
}

int val_rdata_name(const struct val_rr *rr, const uint8_t **name)
{
	switch (rr->type) {
	case VAL_T_NS: case VAL_T_CNAME: case VAL_T_DNAME: case VAL_T_PTR:
	case VAL_T_MB: case VAL_T_MD: case VAL_T_MF: case VAL_T_MG: case VAL_T_MR:
		break;
	default:
		return -EINVAL;
	}
	struct val_wire w;
	val_wire_init(&w, rr->rdata, rr->rdlen);
	*name = view_name(&w);
	VIEW_END();
}

int val_rdata_soa(const struct val_rr *rr, struct val_soa *soa)
{
	VIEW_BEGIN(rr, VAL_T_SOA);
	soa->mname = view_name(&w);
	soa->rname = view_name(&w);
	soa->serial = val_wire_u32(&w);
	soa->refresh = val_wire_u32(&w);
	soa->retry = val_wire_u32(&w);
	soa->expire = val_wire_u32(&w);
	soa->minimum = val_wire_u32(&w);
	VIEW_END();
}

int val_rdata_mx(const struct val_rr *rr, struct val_mx *mx)
{
	VIEW_BEGIN(rr, VAL_T_MX);
	mx->preference = val_wire_u16(&w);
	mx->exchange = view_name(&w);
	VIEW_END();
}

int val_rdata_ds(const struct val_rr *rr, struct val_ds *ds)
{
	VIEW_BEGIN(rr, VAL_T_DS);
	ds->key_tag = val_wire_u16(&w);
	ds->algorithm = val_wire_u8(&w);
	ds->digest_type = val_wire_u8(&w);
	ds->digest_len = (uint16_t)(w.end - (w.pos < w.end ? w.pos : w.end));
	ds->digest = val_wire_bytes(&w, ds->digest_len);
	VIEW_END();
}

int val_rdata_dnskey(const struct val_rr *rr, struct val_dnskey *key)
{
	VIEW_BEGIN(rr, VAL_T_DNSKEY);
	key->flags = val_wire_u16(&w);
	key->protocol = val_wire_u8(&w);
	key->algorithm = val_wire_u8(&w);
	key->key_len = (uint16_t)(w.end - (w.pos < w.end ? w.pos : w.end));
	key->key = val_wire_bytes(&w, key->key_len);
	key->rdata = rr->rdata;
	key->rdlen = rr->rdlen;
	VIEW_END();
}

int val_rdata_rrsig(const struct val_rr *rr, struct val_rrsig *sig)
{
	VIEW_BEGIN(rr, VAL_T_RRSIG);
	sig->type_covered = val_wire_u16(&w);
	sig->algorithm = val_wire_u8(&w);
	sig->labels = val_wire_u8(&w);
	sig->original_ttl = val_wire_u32(&w);
	sig->expiration = val_wire_u32(&w);
	sig->inception = val_wire_u32(&w);
	sig->key_tag = val_wire_u16(&w);
	sig->signer = view_name(&w);
	sig->fields_len = (uint16_t)w.pos;
	sig->signature_len = (uint16_t)(w.end - (w.pos < w.end ? w.pos : w.end));
	sig->signature = val_wire_bytes(&w, sig->signature_len);
	sig->rdata = rr->rdata;
	VIEW_END();
}

int val_rdata_nsec(const struct val_rr *rr, struct val_nsec *nsec)
{
	VIEW_BEGIN(rr, VAL_T_NSEC);
	nsec->next = view_name(&w);
	nsec->bitmap_len = (uint16_t)(w.end - (w.pos < w.end ? w.pos : w.end));
	nsec->bitmap = val_wire_bytes(&w, nsec->bitmap_len);
	if (!w.err && val_bitmap_check(nsec->bitmap, nsec->bitmap_len) != 0)
		return -EBADMSG;
	VIEW_END();
}

int val_rdata_nsec3(const struct val_rr *rr, struct val_nsec3 *n3)
{
	VIEW_BEGIN(rr, VAL_T_NSEC3);
	n3->hash_alg = val_wire_u8(&w);
	n3->flags = val_wire_u8(&w);
	n3->iterations = val_wire_u16(&w);
	n3->salt_len = val_wire_u8(&w);
	n3->salt = val_wire_bytes(&w, n3->salt_len);
	n3->hash_len = val_wire_u8(&w);
	n3->next_hash = val_wire_bytes(&w, n3->hash_len);
	if (!w.err && n3->hash_len == 0)
		return -EBADMSG;
	n3->bitmap_len = (uint16_t)(w.end - (w.pos < w.end ? w.pos : w.end));
	n3->bitmap = val_wire_bytes(&w, n3->bitmap_len);
	if (!w.err && val_bitmap_check(n3->bitmap, n3->bitmap_len) != 0)
		return -EBADMSG;
	VIEW_END();
}

int val_rdata_nsec3param(const struct val_rr *rr, struct val_nsec3param *p)
{
	VIEW_BEGIN(rr, VAL_T_NSEC3PARAM);
	p->hash_alg = val_wire_u8(&w);
	p->flags = val_wire_u8(&w);
	p->iterations = val_wire_u16(&w);
	p->salt_len = val_wire_u8(&w);
	p->salt = val_wire_bytes(&w, p->salt_len);
	VIEW_END();
}

int val_bitmap_check(const uint8_t *bitmap, size_t len)
{
	/* RFC 4034 §4.1.2: window blocks in increasing order, each with a
	 * bitmap of 1 to 32 octets. */
	int last_window = -1;
	size_t i = 0;
	while (i < len) {
		if (len - i < 2)
			return -EBADMSG;
		uint8_t window = bitmap[i], blen = bitmap[i + 1];
		if ((int)window <= last_window || blen == 0 || blen > 32 || blen > len - i - 2)
			return -EBADMSG;
		last_window = window;
		i += 2 + (size_t)blen;
	}
	return 0;
}

bool val_bitmap_has(const uint8_t *bitmap, size_t len, uint16_t type)
{
	uint8_t want = (uint8_t)(type >> 8), bit = (uint8_t)(type & 0xff);
	for (size_t i = 0; i + 2 <= len; i += 2 + (size_t)bitmap[i + 1]) {
		uint8_t window = bitmap[i], blen = bitmap[i + 1];
		if (blen > len - i - 2)
			return false;
		if (window == want)
			return bit / 8 < blen && (bitmap[i + 2 + bit / 8] & (0x80 >> (bit % 8)));
		if (window > want)
			return false;
	}
	return false;
}

const char *val_type_str(uint16_t type, char buf[16])
{
	static const struct { uint16_t type; const char *name; } names[] = {
		{ VAL_T_A, "A" }, { VAL_T_NS, "NS" }, { VAL_T_CNAME, "CNAME" }, { VAL_T_SOA, "SOA" },
		{ VAL_T_PTR, "PTR" }, { VAL_T_HINFO, "HINFO" }, { VAL_T_MX, "MX" }, { VAL_T_TXT, "TXT" },
		{ VAL_T_RP, "RP" }, { VAL_T_AFSDB, "AFSDB" }, { VAL_T_AAAA, "AAAA" }, { VAL_T_SRV, "SRV" },
		{ VAL_T_NAPTR, "NAPTR" }, { VAL_T_KX, "KX" }, { VAL_T_DNAME, "DNAME" }, { VAL_T_OPT, "OPT" },
		{ VAL_T_DS, "DS" }, { VAL_T_RRSIG, "RRSIG" }, { VAL_T_NSEC, "NSEC" }, { VAL_T_DNSKEY, "DNSKEY" },
		{ VAL_T_NSEC3, "NSEC3" }, { VAL_T_NSEC3PARAM, "NSEC3PARAM" }, { 52, "TLSA" }, { 59, "CDS" },
		{ 60, "CDNSKEY" }, { 64, "SVCB" }, { 65, "HTTPS" }, { 99, "SPF" }, { VAL_T_ANY, "ANY" },
		{ 257, "CAA" },
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (names[i].type == type)
			return names[i].name;
	snprintf(buf, 16, "TYPE%u", type);
	return buf;
}
