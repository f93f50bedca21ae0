/* tests/unit/testutil.c: see testutil.h. */
#include "testutil.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

uint8_t *tu_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s: %s", path, strerror(errno));
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	long n = ftell(f);
	ck_assert_int_ge(n, 0);
	rewind(f);
	uint8_t *buf = malloc(n ? (size_t)n : 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

struct val_msg *tu_load_msg(const char *path)
{
	size_t len;
	uint8_t *buf = tu_read_file(path, &len);
	struct val_msg *msg = NULL;
	const char *err = NULL;
	int rc = val_msg_parse(buf, len, &msg, &err);
	ck_assert_msg(rc == 0, "%s does not parse: %s", path, err ? err : strerror(-rc));
	free(buf);
	return msg;
}

const uint8_t *tu_name(const char *str)
{
	/* A few buffers in turn, so that several names can be used in one
	 * expression. */
	static uint8_t names[8][VAL_NAME_MAX];
	static unsigned next;
	uint8_t *name = names[next++ % 8];
	const char *err = NULL;
	size_t n = val_name_from_str(name, str, &err);
	ck_assert_msg(n > 0, "bad name %s: %s", str, err ? err : "?");
	return name;
}

const struct val_rrset *tu_find_rrset(const struct val_msg *msg, const char *owner, uint16_t type)
{
	const uint8_t *name = tu_name(owner);
	for (size_t i = 0; i < msg->nsets; i++)
		if (msg->sets[i].type == type && val_name_eq(msg->sets[i].owner, name))
			return &msg->sets[i];
	return NULL;
}

uint64_t tu_time(const char *s)
{
	struct tm tm = { 0 };
	ck_assert_msg(strlen(s) == 14 && sscanf(s, "%4d%2d%2d%2d%2d%2d", &tm.tm_year, &tm.tm_mon,
		      &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) == 6, "bad time %s", s);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (uint64_t)timegm(&tm);
}

size_t tu_load_bundle(const char *path, struct val_msg **msgs, struct val_response *resp, size_t max)
{
	size_t len, n = 0;
	uint8_t *buf = tu_read_file(path, &len);
	for (size_t off = 0; off + 2 <= len && n < max;) {
		size_t mlen = (size_t)buf[off] << 8 | buf[off + 1];
		const char *err;
		ck_assert_msg(off + 2 + mlen <= len, "%s: message %zu runs past the end", path, n);
		ck_assert_int_eq(val_msg_parse(buf + off + 2, mlen, &msgs[n], &err), 0);
		resp[n] = (struct val_response){ .qname = msgs[n]->qname, .qtype = msgs[n]->qtype,
						 .msg = msgs[n], .server = "127.0.4.x" };
		n++;
		off += 2 + mlen;
	}
	free(buf);
	return n;
}
