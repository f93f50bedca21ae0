/* libFuzzer target: one RDATA outside any message, then inside one.
 *
 * Input: RR type (2 octets, big-endian), then the RDATA.  The record gets a
 * fixed mixed-case owner and goes through every typed view (under its own
 * type and under each view's type), the canonical form, the type bitmap
 * helpers and, when the RDATA reads as an RRSIG, the data that RRSIG signs
 * over a small RRset made from the input.  Then the same record is wrapped
 * into a one-answer response for the message parser's layout checks.
 *
 * Besides "no crash, no leak", it aborts when two ways of reading the same
 * octets disagree (see the checks below): the parser, the canonical form and
 * the views share one layout table (val_rdata.c), so they must agree. */
#include <stdlib.h>
#include <string.h>

#include "validator/val_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* "WwW.Example.COM.": mixed case, so canonical forms lower something. */
static const uint8_t owner[] = "\3WwW\7Example\3COM";	/* + the NUL root label */

/* Room for the RDATA wrapped in a response: header, question, answer. */
enum { WRAP_OVERHEAD = 12 + sizeof owner + 4 + 2 + 10 };

static uint8_t canon[VAL_MSG_MAX], canon2[VAL_MSG_MAX], wrapped[VAL_MSG_MAX];

static void check(bool ok)
{
	if (!ok)
		abort();
}

static uint8_t ascii_lower(uint8_t c)
{
	return c >= 'A' && c <= 'Z' ? (uint8_t)(c + 32) : c;
}

/* Every typed view over rr, with rr's type forced to the view's. */
static void views(const struct val_rr *rr)
{
	char str[VAL_NAME_STR_MAX];
	struct val_rr v = *rr;
	const uint8_t *name;
	struct val_soa soa;
	struct val_mx mx;
	struct val_ds ds;
	struct val_dnskey key;
	struct val_rrsig sig;
	struct val_nsec nsec;
	struct val_nsec3 n3;
	struct val_nsec3param p;

	static const uint16_t name_types[] = { VAL_T_NS, VAL_T_CNAME, VAL_T_DNAME, VAL_T_PTR };
	for (size_t i = 0; i < sizeof name_types / sizeof name_types[0]; i++) {
		v.type = name_types[i];
		if (val_rdata_name(&v, &name) == 0)
			val_name_str(name, str);
	}
	v.type = VAL_T_SOA;
	if (val_rdata_soa(&v, &soa) == 0) {
		val_name_str(soa.mname, str);
		val_name_str(soa.rname, str);
	}
	v.type = VAL_T_MX;
	if (val_rdata_mx(&v, &mx) == 0)
		val_name_str(mx.exchange, str);
	v.type = VAL_T_DS;
	if (val_rdata_ds(&v, &ds) == 0)
		check(ds.digest_len == v.rdlen - 4);
	v.type = VAL_T_DNSKEY;
	if (val_rdata_dnskey(&v, &key) == 0) {
		check(key.key_len == v.rdlen - 4);
		(void)val_keytag(key.rdata, key.rdlen);
	}
	v.type = VAL_T_RRSIG;
	if (val_rdata_rrsig(&v, &sig) == 0) {
		val_name_str(sig.signer, str);
		check(sig.fields_len + sig.signature_len == v.rdlen);
	}
	v.type = VAL_T_NSEC;
	if (val_rdata_nsec(&v, &nsec) == 0) {
		val_name_str(nsec.next, str);
		check(val_bitmap_check(nsec.bitmap, nsec.bitmap_len) == 0);
		(void)val_bitmap_has(nsec.bitmap, nsec.bitmap_len, VAL_T_DS);
	}
	v.type = VAL_T_NSEC3;
	if (val_rdata_nsec3(&v, &n3) == 0) {
		check(n3.hash_len > 0);
		check(val_bitmap_check(n3.bitmap, n3.bitmap_len) == 0);
		(void)val_bitmap_has(n3.bitmap, n3.bitmap_len, VAL_T_NS);
	}
	v.type = VAL_T_NSEC3PARAM;
	(void)val_rdata_nsec3param(&v, &p);
}

/* The view of rr's own type; -EINVAL for types without one. */
static int own_view(const struct val_rr *rr)
{
	union {
		const uint8_t *name;
		struct val_soa soa;
		struct val_mx mx;
		struct val_ds ds;
		struct val_dnskey key;
		struct val_rrsig sig;
		struct val_nsec nsec;
		struct val_nsec3 n3;
		struct val_nsec3param p;
	} u;
	switch (rr->type) {
	case VAL_T_NS: case VAL_T_CNAME: case VAL_T_DNAME: case VAL_T_PTR:
	case VAL_T_MB: case VAL_T_MD: case VAL_T_MF: case VAL_T_MG: case VAL_T_MR:
		return val_rdata_name(rr, &u.name);
	case VAL_T_SOA: return val_rdata_soa(rr, &u.soa);
	case VAL_T_MX: return val_rdata_mx(rr, &u.mx);
	case VAL_T_DS: return val_rdata_ds(rr, &u.ds);
	case VAL_T_DNSKEY: return val_rdata_dnskey(rr, &u.key);
	case VAL_T_RRSIG: return val_rdata_rrsig(rr, &u.sig);
	case VAL_T_NSEC: return val_rdata_nsec(rr, &u.nsec);
	case VAL_T_NSEC3: return val_rdata_nsec3(rr, &u.n3);
	case VAL_T_NSEC3PARAM: return val_rdata_nsec3param(rr, &u.p);
	default: return -1;
	}
}

/* The whole RDATA read as a type bitmap: when it checks, val_bitmap_has
 * must answer every type of every window as the bits say. */
static void bitmap(const uint8_t *b, size_t len)
{
	if (val_bitmap_check(b, len) != 0) {
		(void)val_bitmap_has(b, len, VAL_T_A);
		(void)val_bitmap_has(b, len, 0xffff);
		return;
	}
	bool window_seen[256] = { false };
	unsigned windows = 0;
	for (size_t i = 0; i < len && windows < 4; i += 2 + (size_t)b[i + 1], windows++) {
		uint8_t window = b[i], blen = b[i + 1];
		window_seen[window] = true;
		for (unsigned bit = 0; bit < 256 && bit <= blen * 8U; bit++) {
			bool set = bit / 8 < blen && (b[i + 2 + bit / 8] & (0x80 >> (bit % 8)));
			check(val_bitmap_has(b, len, (uint16_t)(window << 8 | bit)) == set);
		}
	}
	if (windows == 4)
		return; /* the rest were not looked at */
	for (unsigned window = 0; window < 256; window += 17)
		if (!window_seen[window])
			check(!val_bitmap_has(b, len, (uint16_t)(window << 8 | 1)));
}

/* Canonical form: same length, each octet kept or an ASCII capital
 * lower-cased (and nothing lower-cased for types that keep case),
 * idempotent, and equal to itself in canonical order. */
static bool canonical(const struct val_rr *rr)
{
	int n = val_canon_rdata(rr, canon, rr->rdlen);
	if (rr->rdlen > 0)
		check(val_canon_rdata(rr, canon, rr->rdlen - 1U) < 0);
	if (n < 0)
		return false;
	check((size_t)n == rr->rdlen);
	bool lowers = val_canon_type_lowers(rr->type);
	for (size_t i = 0; i < rr->rdlen; i++)
		check(canon[i] == rr->rdata[i] || (lowers && canon[i] == ascii_lower(rr->rdata[i])));
	struct val_rr c = *rr;
	c.rdata = canon;
	check(val_canon_rdata(&c, canon2, sizeof canon2) == n);
	check(memcmp(canon, canon2, (size_t)n) == 0);
	check(val_canon_rdata_cmp(canon, (size_t)n, canon2, (size_t)n) == 0);
	int ab = val_canon_rdata_cmp(rr->rdata, rr->rdlen, canon, (size_t)n);
	int ba = val_canon_rdata_cmp(canon, (size_t)n, rr->rdata, rr->rdlen);
	check(ab == -ba);
	if (n > 0) /* a proper prefix sorts first */
		check(val_canon_rdata_cmp(canon, (size_t)n - 1, canon, (size_t)n) < 0);
	return true;
}

/* When the RDATA reads as an RRSIG: the data it signs over an RRset of the
 * type it covers, made of the signature octets cut in two, plus a
 * duplicate (RFC 4034 §6.3 drops it). */
static void signed_data(const struct val_rr *rr)
{
	struct val_rr v = *rr;
	struct val_rrsig sig;
	v.type = VAL_T_RRSIG;
	if (val_rdata_rrsig(&v, &sig) != 0)
		return;
	size_t half = sig.signature_len / 2;
	struct val_rr rrs[3];
	for (int i = 0; i < 3; i++)
		rrs[i] = (struct val_rr){ .owner = owner, .type = sig.type_covered, .rclass = VAL_C_IN,
					  .ttl = 3600, .section = VAL_SEC_ANSWER };
	rrs[0].rdata = sig.signature;
	rrs[0].rdlen = (uint16_t)half;
	rrs[1].rdata = sig.signature + half;
	rrs[1].rdlen = (uint16_t)(sig.signature_len - half);
	rrs[2] = rrs[0];
	const struct val_rr *ptrs[3] = { &rrs[0], &rrs[1], &rrs[2] };
	struct val_rrset set = { .owner = owner, .type = sig.type_covered, .rclass = VAL_C_IN,
				 .section = VAL_SEC_ANSWER, .ttl = 3600, .rrs = ptrs, .nrr = 3 };
	uint8_t *out;
	size_t len;
	int rc = val_signed_data(&sig, &set, &out, &len);
	if (sig.labels > val_name_labels(owner))
		check(rc != 0);
	if (rc == 0) {
		/* RRSIG fields first, then at least one record */
		check(len > sig.fields_len && out != NULL);
		free(out);
	} else {
		check(out == NULL);
	}
}

/* The record as the only answer of a response, owner compressed to the
 * question name.  What the canonical form accepts (no compression pointers,
 * layout right) the parser must accept unchanged; whatever the parser
 * accepts must have a canonical form and a working view. */
static void in_message(const struct val_rr *rr, bool canon_ok)
{
	size_t o = 0;
	static const uint8_t header[12] = { 0, 0, 0x84, 0, 0, 1, 0, 1, 0, 0, 0, 0 };
	if (rr->rdlen > sizeof wrapped - WRAP_OVERHEAD)
		return;
	memcpy(wrapped, header, sizeof header);
	o = sizeof header;
	memcpy(wrapped + o, owner, sizeof owner);
	o += sizeof owner;
	wrapped[o++] = (uint8_t)(rr->type >> 8);
	wrapped[o++] = (uint8_t)rr->type;
	wrapped[o++] = 0;
	wrapped[o++] = VAL_C_IN;
	wrapped[o++] = 0xc0; /* pointer to the question name */
	wrapped[o++] = 12;
	wrapped[o++] = (uint8_t)(rr->type >> 8);
	wrapped[o++] = (uint8_t)rr->type;
	wrapped[o++] = 0;
	wrapped[o++] = VAL_C_IN;
	memcpy(wrapped + o, "\0\0\x0e\x10", 4);
	o += 4;
	wrapped[o++] = (uint8_t)(rr->rdlen >> 8);
	wrapped[o++] = (uint8_t)rr->rdlen;
	memcpy(wrapped + o, rr->rdata, rr->rdlen);
	o += rr->rdlen;

	struct val_msg *msg;
	const char *err;
	int rc = val_msg_parse(wrapped, o, &msg, &err);
	if (rc != 0) {
		check(msg == NULL && err != NULL);
		check(!canon_ok || rr->type == VAL_T_OPT);
		return;
	}
	check(msg->nrr == 1 && msg->qname && val_name_eq(msg->qname, owner));
	const struct val_rr *p = &msg->rrs[0];
	check(val_name_eq(p->owner, owner));
	if (canon_ok)
		check(p->rdlen == rr->rdlen && memcmp(p->rdata, rr->rdata, rr->rdlen) == 0);
	check(val_canon_rdata(p, canon2, sizeof canon2) == p->rdlen);
	int view = own_view(p);
	check(view == 0 || view == -1);
	views(p);
	if (rr->type == VAL_T_RRSIG) {
		check(msg->nsets == 0 && msg->norphan_sigs == 1);
	} else {
		check(msg->nsets == 1 && msg->sets[0].nrr == 1);
	}
	val_msg_free(msg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char buf[16];
	if (size < 2 || size - 2 > UINT16_MAX)
		return 0;
	struct val_rr rr = { .owner = owner, .type = (uint16_t)(data[0] << 8 | data[1]), .rclass = VAL_C_IN,
			     .ttl = 3600, .rdata = data + 2, .rdlen = (uint16_t)(size - 2),
			     .section = VAL_SEC_ANSWER };
	check(val_type_str(rr.type, buf) != NULL);
	views(&rr);
	(void)own_view(&rr);
	bitmap(rr.rdata, rr.rdlen);
	bool canon_ok = canonical(&rr);
	signed_data(&rr);
	in_message(&rr, canon_ok);
	return 0;
}
