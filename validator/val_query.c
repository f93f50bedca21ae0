/* validator/val_query.c: the queries we hand to c-ares' ares_send (DESIGN.md,
 * c-ares section): our own ID, RD and CD as asked, and with VAL_Q_DO an
 * EDNS0 OPT RR of exactly 11 octets as the last record. */
#include <errno.h>

#include "val_int.h"

int val_query_write(uint8_t *buf, size_t cap, uint16_t id, const uint8_t *qname,
		    uint16_t qtype, unsigned flags)
{
	/* qname comes from val_wire_name or val_name_from_str: well formed by
	 * construction (its buffer length is not known here to check it). */
	uint16_t hflags = 0;
	if (flags & VAL_Q_RD)
		hflags |= VAL_F_RD;
	if (flags & VAL_Q_CD)
		hflags |= VAL_F_CD;
	bool edns = flags & VAL_Q_DO;

	struct val_wbuf b;
	val_wbuf_init(&b, buf, cap);
	val_wbuf_put16(&b, id);
	val_wbuf_put16(&b, hflags);
	val_wbuf_put16(&b, 1);			/* QDCOUNT */
	val_wbuf_put16(&b, 0);			/* ANCOUNT */
	val_wbuf_put16(&b, 0);			/* NSCOUNT */
	val_wbuf_put16(&b, edns ? 1 : 0);	/* ARCOUNT */
	val_wbuf_put_name(&b, qname);
	val_wbuf_put16(&b, qtype);
	val_wbuf_put16(&b, VAL_C_IN);
	if (edns) {
		/* RFC 6891 §6.1.2: root owner, TYPE 41, CLASS = payload size,
		 * TTL = extended RCODE 0, version 0, DO (RFC 3225), RDLEN 0. */
		val_wbuf_put8(&b, 0);
		val_wbuf_put16(&b, VAL_T_OPT);
		val_wbuf_put16(&b, VAL_EDNS_PAYLOAD);
		val_wbuf_put32(&b, 0x8000);
		val_wbuf_put16(&b, 0);
	}
	if (b.err)
		return -ENOSPC;
	return (int)b.pos;
}
