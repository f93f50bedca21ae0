/* validator/val_wire.c: the one read cursor over wire data (STYLE.md #2,
 * #3), and its mirror, the one write cursor.  After the first failure every
 * read returns 0 and changes nothing, and every put writes nothing, so
 * callers check err once after a group of reads or puts. */
#include <string.h>

#include "val_int.h"

void val_wire_init(struct val_wire *w, const uint8_t *buf, size_t len)
{
	*w = (struct val_wire){ .buf = buf, .len = len, .pos = 0, .end = len, .err = NULL };
}

static bool wire_need(struct val_wire *w, size_t n)
{
	if (w->err)
		return false;
	if (w->pos > w->end || n > w->end - w->pos) {
		w->err = w->in_rdata ? "a field runs past the end of its RDATA"
				     : "a field runs past the end of the message";
		return false;
	}
	return true;
}

uint8_t val_wire_u8(struct val_wire *w)
{
	if (!wire_need(w, 1))
		return 0;
	return w->buf[w->pos++];
}

uint16_t val_wire_u16(struct val_wire *w)
{
	if (!wire_need(w, 2))
		return 0;
	uint16_t v = val_get16(w->buf + w->pos);
	w->pos += 2;
	return v;
}

uint32_t val_wire_u32(struct val_wire *w)
{
	if (!wire_need(w, 4))
		return 0;
	uint32_t v = val_get32(w->buf + w->pos);
	w->pos += 4;
	return v;
}

const uint8_t *val_wire_bytes(struct val_wire *w, size_t n)
{
	if (!wire_need(w, n))
		return NULL;
	const uint8_t *p = w->buf + w->pos;
	w->pos += n;
	return p;
}

size_t val_wire_name(struct val_wire *w, uint8_t out[VAL_NAME_MAX], bool allow_compression)
{
	if (w->err)
		return 0;
	size_t pos = w->pos;
	/* Before the first jump labels must stay inside the current data
	 * (w->end); after a jump they must end before the pointer that led
	 * there, so every jump strictly lowers the limit and reading ends. */
	size_t limit = w->end;
	size_t resume = 0, outlen = 0;
	unsigned hops = 0;
	bool jumped = false;

	for (;;) {
		if (pos >= limit) {
			w->err = "a name runs past the end of its data";
			return 0;
		}
		uint8_t c = w->buf[pos];
		if ((c & 0xC0) == 0xC0) {
			if (!allow_compression) {
				w->err = "compression pointer in a name that must not be compressed";
				return 0;
			}
			if (pos + 1 >= limit) {
				w->err = "a compression pointer runs past the end of its data";
				return 0;
			}
			size_t target = (size_t)(c & 0x3F) << 8 | w->buf[pos + 1];
			/* STYLE.md #3: only backwards, never to itself. */
			if (target >= pos) {
				w->err = "forward compression pointer";
				return 0;
			}
			if (++hops > VAL_COMPRESS_HOPS_MAX) {
				w->err = "too many compression pointers in one name";
				return 0;
			}
			if (!jumped) {
				resume = pos + 2;
				jumped = true;
			}
			limit = pos;
			pos = target;
			continue;
		}
		if (c & 0xC0) {
			/* RFC 6891 §5: extended label types are deprecated. */
			w->err = "unknown label type (neither a label nor a pointer)";
			return 0;
		}
		/* c <= 63 here (RFC 1035 §2.3.4). */
		if ((size_t)c + 1 > limit - pos) {
			w->err = "a label runs past the end of its data";
			return 0;
		}
		if (outlen + 1 + c > VAL_NAME_MAX - (c ? 1 : 0)) {
			w->err = "name longer than 255 octets";
			return 0;
		}
		memcpy(out + outlen, w->buf + pos, (size_t)c + 1);
		outlen += (size_t)c + 1;
		pos += (size_t)c + 1;
		if (c == 0)
			break;
	}
	w->pos = jumped ? resume : pos;
	return outlen;
}

void val_wbuf_init(struct val_wbuf *b, uint8_t *buf, size_t cap)
{
	*b = (struct val_wbuf){ .buf = buf, .cap = cap, .pos = 0, .err = NULL };
}

/* Room for n more octets?  Sets b->err when there is none. */
static bool wbuf_room(struct val_wbuf *b, size_t n)
{
	if (b->err)
		return false;
	if (n > b->cap - b->pos) {
		b->err = "no room left in the output buffer";
		return false;
	}
	return true;
}

void val_wbuf_put8(struct val_wbuf *b, uint8_t v)
{
	if (wbuf_room(b, 1))
		b->buf[b->pos++] = v;
}

void val_wbuf_put16(struct val_wbuf *b, uint16_t v)
{
	if (!wbuf_room(b, 2))
		return;
	b->buf[b->pos++] = (uint8_t)(v >> 8);
	b->buf[b->pos++] = (uint8_t)v;
}

void val_wbuf_put32(struct val_wbuf *b, uint32_t v)
{
	if (!wbuf_room(b, 4))
		return;
	val_wbuf_put16(b, (uint16_t)(v >> 16));
	val_wbuf_put16(b, (uint16_t)v);
}

void val_wbuf_put_bytes(struct val_wbuf *b, const void *p, size_t n)
{
	if (!wbuf_room(b, n) || n == 0)
		return;
	memcpy(b->buf + b->pos, p, n);
	b->pos += n;
}

void val_wbuf_put_name(struct val_wbuf *b, const uint8_t *name)
{
	val_wbuf_put_bytes(b, name, val_name_len(name));
}
