/* tests/unit/msgbuild.h: a tiny DNS message builder for hand-made wire
 * tests (test_wire.c, test_wire_edges.c): bytes appended in order. */
#pragma once

#include <string.h>

#include "testutil.h"

struct mb {
	uint8_t b[70000];
	size_t n;
};

static inline void mb_u8(struct mb *m, unsigned v) { m->b[m->n++] = (uint8_t)v; }
static inline void mb_u16(struct mb *m, unsigned v) { mb_u8(m, v >> 8); mb_u8(m, v & 0xff); }
static inline void mb_u32(struct mb *m, uint32_t v) { mb_u16(m, v >> 16); mb_u16(m, v & 0xffff); }
static inline void mb_raw(struct mb *m, const void *p, size_t n) { memcpy(m->b + m->n, p, n); m->n += n; }
static inline void mb_name(struct mb *m, const char *s)
{
	const uint8_t *n = tu_name(s);
	mb_raw(m, n, val_name_len(n));
}
/* Header: ID 0x1234, a response (QR RD RA), the four counts. */
static inline void mb_header(struct mb *m, unsigned qd, unsigned an, unsigned ns, unsigned ar)
{
	m->n = 0;
	mb_u16(m, 0x1234); mb_u16(m, 0x8180);
	mb_u16(m, qd); mb_u16(m, an); mb_u16(m, ns); mb_u16(m, ar);
}
/* RR header after the owner: type, class, ttl, rdlength. */
static inline void mb_rrhead_c(struct mb *m, unsigned type, unsigned rclass, uint32_t ttl, unsigned rdlen)
{
	mb_u16(m, type); mb_u16(m, rclass); mb_u32(m, ttl); mb_u16(m, rdlen);
}
static inline void mb_rrhead(struct mb *m, unsigned type, uint32_t ttl, unsigned rdlen)
{
	mb_rrhead_c(m, type, VAL_C_IN, ttl, rdlen);
}
