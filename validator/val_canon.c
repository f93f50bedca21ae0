/* validator/val_canon.c: canonical RR form and order (RFC 4034 §6) and the
 * data an RRSIG signs (RFC 4034 §3.1.8.1). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "val_int.h"

int val_canon_rdata(const struct val_rr *rr, uint8_t *out, size_t cap)
{
	/* Names are already decompressed, and lower-casing keeps lengths. */
	if (cap < rr->rdlen)
		return -ENOSPC;
	if (val_rdata_canon(rr->type, rr->rdata, rr->rdlen, out, val_canon_type_lowers(rr->type)) != 0)
		return -EBADMSG;
	return rr->rdlen;
}

int val_canon_rdata_cmp(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	/* RFC 4034 §6.3: octet strings, left-justified; a shorter string
	 * that is a prefix of the other sorts first. */
	size_t n = alen < blen ? alen : blen;
	int c = memcmp(a, b, n);
	if (c != 0)
		return c < 0 ? -1 : 1;
	return alen == blen ? 0 : alen < blen ? -1 : 1;
}

struct canon_rr {
	const uint8_t *data;
	uint16_t len;
};

static int canon_rr_cmp(const void *a, const void *b)
{
	const struct canon_rr *x = a, *y = b;
	return val_canon_rdata_cmp(x->data, x->len, y->data, y->len);
}

static uint8_t *put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
	return p + 2;
}

static uint8_t *put32(uint8_t *p, uint32_t v)
{
	p = put16(p, (uint16_t)(v >> 16));
	return put16(p, (uint16_t)v);
}

int val_signed_data(const struct val_rrsig *sig, const struct val_rrset *set,
		    uint8_t **out, size_t *outlen)
{
	int rc = -ENOMEM;
	uint8_t *canon = NULL, *buf = NULL;
	struct canon_rr items[VAL_RRSET_RR_MAX];
	/* "*." + a proper suffix is never longer than the owner; the two
	 * spare octets only keep the compiler's bounds check simple. */
	uint8_t owner[VAL_NAME_MAX + 2];

	*out = NULL;
	*outlen = 0;
	if (set->nrr == 0 || set->nrr > VAL_RRSET_RR_MAX)
		return -EBADMSG;

	/* RFC 4034 §3.1.3 and RFC 4035 §5.3.2: a labels field below the
	 * owner's label count means the RRset was expanded from the wildcard
	 * "*." + the rightmost `labels` labels; above it is never valid. */
	unsigned labels = val_name_labels(set->owner);
	size_t olen;
	if (sig->labels > labels)
		return -EBADMSG;
	if (sig->labels < labels) {
		const uint8_t *suffix = val_name_suffix(set->owner, sig->labels);
		owner[0] = 1;
		owner[1] = '*';
		olen = 2 + val_name_lower(owner + 2, suffix);
	} else {
		olen = val_name_lower(owner, set->owner);
	}

	size_t total_rdata = 0;
	for (size_t i = 0; i < set->nrr; i++)
		total_rdata += set->rrs[i]->rdlen;
	canon = malloc(total_rdata ? total_rdata : 1);
	if (!canon)
		goto out;
	size_t off = 0;
	for (size_t i = 0; i < set->nrr; i++) {
		int n = val_canon_rdata(set->rrs[i], canon + off, total_rdata - off);
		if (n < 0) {
			rc = -EBADMSG;
			goto out;
		}
		items[i] = (struct canon_rr){ .data = canon + off, .len = (uint16_t)n };
		off += (size_t)n;
	}
	qsort(items, set->nrr, sizeof items[0], canon_rr_cmp);

	/* RRSIG RDATA without the signature, signer lower-cased. */
	size_t size = sig->fields_len;
	for (size_t i = 0; i < set->nrr; i++)
		size += olen + 10 + items[i].len;
	buf = malloc(size);
	if (!buf)
		goto out;
	uint8_t *p = buf;
	size_t signer_off = (size_t)(sig->signer - sig->rdata);
	memcpy(p, sig->rdata, signer_off);
	p += signer_off;
	p += val_name_lower(p, sig->signer);
	if ((size_t)(p - buf) != sig->fields_len) {
		rc = -EBADMSG;
		goto out;
	}
	for (size_t i = 0; i < set->nrr; i++) {
		/* RFC 4034 §6.3: duplicate RRs are dropped. */
		if (i > 0 && canon_rr_cmp(&items[i - 1], &items[i]) == 0)
			continue;
		memcpy(p, owner, olen);
		p += olen;
		p = put16(p, set->type);
		p = put16(p, set->rclass);
		p = put32(p, sig->original_ttl);
		p = put16(p, items[i].len);
		memcpy(p, items[i].data, items[i].len);
		p += items[i].len;
	}
	*out = buf;
	*outlen = (size_t)(p - buf);
	buf = NULL;
	rc = 0;
out:
	free(canon);
	free(buf);
	return rc;
}
