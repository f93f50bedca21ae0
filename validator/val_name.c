/* validator/val_name.c: domain names in uncompressed wire form.  Callers
 * pass names that val_wire_name or val_name_from_str produced, so the label
 * walk here trusts the length octets (STYLE.md #11: asserts are for our
 * own bugs). */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "val_int.h"

size_t val_name_len(const uint8_t *name)
{
	size_t n = 0;
	while (name[n] != 0) {
		n += (size_t)name[n] + 1;
		assert(n < VAL_NAME_MAX);
	}
	return n + 1;
}

unsigned val_name_labels(const uint8_t *name)
{
	unsigned labels = 0;
	for (size_t n = 0; name[n] != 0; n += (size_t)name[n] + 1)
		labels++;
	return labels;
}

static bool label_eq(const uint8_t *a, const uint8_t *b)
{
	if (a[0] != b[0])
		return false;
	for (unsigned i = 1; i <= a[0]; i++)
		if (val_lower(a[i]) != val_lower(b[i]))
			return false;
	return true;
}

bool val_name_eq(const uint8_t *a, const uint8_t *b)
{
	for (;;) {
		if (!label_eq(a, b))
			return false;
		if (a[0] == 0)
			return true;
		a += a[0] + 1;
		b += b[0] + 1;
	}
}

const uint8_t *val_name_parent(const uint8_t *name)
{
	assert(name[0] != 0);
	return name + name[0] + 1;
}

const uint8_t *val_name_suffix(const uint8_t *name, unsigned n)
{
	unsigned labels = val_name_labels(name);
	assert(n <= labels);
	for (unsigned skip = labels - n; skip > 0; skip--)
		name += name[0] + 1;
	return name;
}

bool val_name_is_subdomain(const uint8_t *name, const uint8_t *zone)
{
	unsigned nl = val_name_labels(name), zl = val_name_labels(zone);
	if (nl < zl)
		return false;
	return val_name_eq(val_name_suffix(name, zl), zone);
}

size_t val_name_lower(uint8_t out[VAL_NAME_MAX], const uint8_t *name)
{
	size_t len = val_name_len(name);
	for (size_t i = 0; i < len;) {
		uint8_t l = name[i];
		out[i++] = l;
		for (unsigned j = 0; j < l; j++, i++)
			out[i] = val_lower(name[i]);
	}
	return len;
}

/* Offsets of the labels of name, leftmost first; returns the count. */
static unsigned label_offsets(const uint8_t *name, uint8_t off[VAL_NAME_MAX / 2 + 1])
{
	unsigned n = 0;
	for (size_t i = 0; name[i] != 0; i += (size_t)name[i] + 1)
		off[n++] = (uint8_t)i;
	return n;
}

int val_name_cmp(const uint8_t *a, const uint8_t *b)
{
	/* RFC 4034 §6.1: compare label by label from the rightmost, each
	 * label as a lower-cased octet string, a missing label sorting first. */
	uint8_t ao[VAL_NAME_MAX / 2 + 1], bo[VAL_NAME_MAX / 2 + 1];
	unsigned an = label_offsets(a, ao), bn = label_offsets(b, bo);
	while (an > 0 && bn > 0) {
		const uint8_t *la = a + ao[--an], *lb = b + bo[--bn];
		unsigned min = la[0] < lb[0] ? la[0] : lb[0];
		for (unsigned i = 1; i <= min; i++) {
			uint8_t ca = val_lower(la[i]), cb = val_lower(lb[i]);
			if (ca != cb)
				return ca < cb ? -1 : 1;
		}
		if (la[0] != lb[0])
			return la[0] < lb[0] ? -1 : 1;
	}
	return an == bn ? 0 : an < bn ? -1 : 1;
}

char *val_name_str(const uint8_t *name, char out[VAL_NAME_STR_MAX])
{
	size_t o = 0;
	if (name[0] == 0) {
		strcpy(out, ".");
		return out;
	}
	for (size_t i = 0; name[i] != 0; i += (size_t)name[i] + 1) {
		for (unsigned j = 1; j <= name[i]; j++) {
			uint8_t c = name[i + j];
			if (c <= 0x20 || c >= 0x7f) {
				o += (size_t)snprintf(out + o, 5, "\\%03u", c);
			} else {
				if (strchr(".\\\"();@$", c))
					out[o++] = '\\';
				out[o++] = (char)c;
			}
		}
		out[o++] = '.';
	}
	out[o] = '\0';
	return out;
}

size_t val_name_from_str(uint8_t out[VAL_NAME_MAX], const char *str, const char **err)
{
	size_t o = 0, label = 0; /* offset of the current label's length octet */
	*err = NULL;
	if (str[0] == '\0') {
		*err = "empty name";
		return 0;
	}
	if (strcmp(str, ".") == 0) {
		out[0] = 0;
		return 1;
	}
	out[o++] = 0;
	for (const char *p = str;; p++) {
		if (*p == '.' || *p == '\0') {
			size_t len = o - label - 1;
			if (len == 0) {
				if (*p == '\0' && p > str && p[-1] == '.') {
					o = label; /* trailing dot: drop the empty label */
					break;
				}
				*err = "empty label in name";
				return 0;
			}
			out[label] = (uint8_t)len;
			/* the end, or a trailing dot: the root label follows */
			if (*p == '\0' || p[1] == '\0')
				break;
			if (o >= VAL_NAME_MAX - 1) {
				*err = "name longer than 255 octets";
				return 0;
			}
			label = o;
			out[o++] = 0;
			continue;
		}
		unsigned c = (unsigned char)*p;
		if (c == '\\') {
			if (p[1] >= '0' && p[1] <= '9') {
				if (!(p[2] >= '0' && p[2] <= '9' && p[3] >= '0' && p[3] <= '9')) {
					*err = "\\DDD escape needs three digits";
					return 0;
				}
				c = (unsigned)(p[1] - '0') * 100 + (unsigned)(p[2] - '0') * 10 +
				    (unsigned)(p[3] - '0');
				if (c > 255) {
					*err = "\\DDD escape above 255";
					return 0;
				}
				p += 3;
			} else if (p[1] != '\0') {
				c = (unsigned char)*++p;
			} else {
				*err = "backslash at the end of the name";
				return 0;
			}
		}
		if (o - label - 1 >= VAL_LABEL_MAX) {
			*err = "label longer than 63 octets";
			return 0;
		}
		if (o >= VAL_NAME_MAX - 1) {
			*err = "name longer than 255 octets";
			return 0;
		}
		out[o++] = (uint8_t)c;
	}
	/* The root label. */
	if (o >= VAL_NAME_MAX) {
		*err = "name longer than 255 octets";
		return 0;
	}
	out[o++] = 0;
	return o;
}
