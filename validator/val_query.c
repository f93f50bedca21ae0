/* validator/val_query.c: the queries we hand to c-ares' ares_send (DESIGN.md,
 * c-ares section): our own ID, RD and CD as asked, and with VAL_Q_DO an
 * EDNS0 OPT RR of exactly 11 octets as the last record. */
#include <errno.h>
#include <string.h>

#include "val_int.h"

int val_query_write(uint8_t *buf, size_t cap, uint16_t id, const uint8_t *qname,
		    uint16_t qtype, unsigned flags)
{
	/* qname comes from wire_name or val_name_from_str: well formed by
	 * construction (its buffer length is not known here to check it). */
	size_t nlen = val_name_len(qname);

	size_t need = 12 + nlen + 4 + ((flags & VAL_Q_DO) ? 11 : 0);
	if (cap < need)
		return -ENOSPC;

	uint16_t hflags = 0;
	if (flags & VAL_Q_RD)
		hflags |= VAL_F_RD;
	if (flags & VAL_Q_CD)
		hflags |= VAL_F_CD;
	uint8_t *p = buf;
	*p++ = (uint8_t)(id >> 8);
	*p++ = (uint8_t)id;
	*p++ = (uint8_t)(hflags >> 8);
	*p++ = (uint8_t)hflags;
	static const uint8_t counts[] = { 0, 1, 0, 0, 0, 0, 0, 0 }; /* QD AN NS AR */
	memcpy(p, counts, sizeof counts);
	p += sizeof counts;
	if (flags & VAL_Q_DO)
		buf[11] = 1; /* ARCOUNT */
	memcpy(p, qname, nlen);
	p += nlen;
	*p++ = (uint8_t)(qtype >> 8);
	*p++ = (uint8_t)qtype;
	*p++ = 0;
	*p++ = VAL_C_IN;
	if (flags & VAL_Q_DO) {
		/* RFC 6891 §6.1.2: root owner, TYPE 41, CLASS = payload size,
		 * TTL = extended RCODE 0, version 0, DO (RFC 3225), RDLEN 0. */
		*p++ = 0;
		*p++ = 0;
		*p++ = VAL_T_OPT;
		*p++ = (uint8_t)(VAL_EDNS_PAYLOAD >> 8);
		*p++ = (uint8_t)(VAL_EDNS_PAYLOAD & 0xff);
		*p++ = 0;
		*p++ = 0;
		*p++ = 0x80;
		*p++ = 0;
		*p++ = 0;
		*p++ = 0;
	}
	return (int)(p - buf);
}
