/* validator/val_canon.c: canonical RR form and order (RFC 4034 §6) and the
 * data an RRSIG signs (RFC 4034 §3.1.8.1). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "val_int.h"

/* Appends rr's RDATA in canonical form to out: rdlen octets, as names are
 * already decompressed and lower-casing keeps lengths. */
static int canon_rdata_put(const struct val_rr *rr, struct val_wbuf *out)
{
	return val_rdata_canon(rr->type, rr->rdata, rr->rdlen, out, val_canon_type_lowers(rr->type));
}

int val_canon_rdata(const struct val_rr *rr, uint8_t *out, size_t cap)
{
	if (cap < rr->rdlen)
		return -ENOSPC;
	struct val_wbuf b;
	val_wbuf_init(&b, out, rr->rdlen);
	if (canon_rdata_put(rr, &b) != 0)
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
	struct val_wbuf cb;
	val_wbuf_init(&cb, canon, total_rdata);
	for (size_t i = 0; i < set->nrr; i++) {
		size_t start = cb.pos;
		if (canon_rdata_put(set->rrs[i], &cb) != 0) {
			rc = -EBADMSG;
			goto out;
		}
		items[i] = (struct canon_rr){ .data = canon + start, .len = (uint16_t)(cb.pos - start) };
	}
	qsort(items, set->nrr, sizeof items[0], canon_rr_cmp);

	/* RRSIG RDATA without the signature, signer lower-cased. */
	size_t size = sig->fields_len;
	for (size_t i = 0; i < set->nrr; i++)
		size += olen + 10 + items[i].len;
	buf = malloc(size);
	if (!buf)
		goto out;
	struct val_wbuf b;
	val_wbuf_init(&b, buf, size);
	uint8_t signer[VAL_NAME_MAX];
	val_wbuf_put_bytes(&b, sig->rdata, (size_t)(sig->signer - sig->rdata));
	val_wbuf_put_bytes(&b, signer, val_name_lower(signer, sig->signer));
	if (b.err || b.pos != sig->fields_len) {
		rc = -EBADMSG;
		goto out;
	}
	for (size_t i = 0; i < set->nrr; i++) {
		/* RFC 4034 §6.3: duplicate RRs are dropped. */
		if (i > 0 && canon_rr_cmp(&items[i - 1], &items[i]) == 0)
			continue;
		val_wbuf_put_bytes(&b, owner, olen);
		val_wbuf_put16(&b, set->type);
		val_wbuf_put16(&b, set->rclass);
		val_wbuf_put32(&b, sig->original_ttl);
		val_wbuf_put16(&b, items[i].len);
		val_wbuf_put_bytes(&b, items[i].data, items[i].len);
	}
	if (b.err) {
		rc = -EBADMSG;	/* never: size counts every RR, duplicates too */
		goto out;
	}
	*out = buf;
	*outlen = b.pos;
	buf = NULL;
	rc = 0;
out:
	free(canon);
	free(buf);
	return rc;
}
