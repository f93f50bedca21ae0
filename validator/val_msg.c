/* validator/val_msg.c: parsing a whole DNS message into records and RRsets.
 * The message is copied into the arena first, so every view lives exactly
 * as long as the struct val_msg, whatever the caller does with its buffer. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "val_int.h"

/* ------------------------------------------------------------------ */
/* Arena: chunks that never move, all freed together.                   */

struct val_arena_chunk {
	struct val_arena_chunk *next;
	size_t used, cap;
	_Alignas(max_align_t) uint8_t data[];
};

struct val_arena {
	struct val_arena_chunk *head;
};

enum { ARENA_CHUNK = 8192 };

struct val_arena *val_arena_new(void)
{
	return calloc(1, sizeof(struct val_arena));
}

void *val_arena_alloc(struct val_arena *a, size_t n)
{
	n = (n + 15) & ~(size_t)15;
	struct val_arena_chunk *c = a->head;
	if (!c || c->cap - c->used < n) {
		size_t cap = n > ARENA_CHUNK ? n : ARENA_CHUNK;
		c = malloc(sizeof *c + cap);
		if (!c)
			return NULL;
		c->used = 0;
		c->cap = cap;
		c->next = a->head;
		a->head = c;
	}
	void *p = c->data + c->used;
	c->used += n;
	return p;
}

void val_arena_free(struct val_arena *a)
{
	if (!a)
		return;
	for (struct val_arena_chunk *c = a->head, *next; c; c = next) {
		next = c->next;
		free(c);
	}
	free(a);
}

void val_msg_free(struct val_msg *msg)
{
	if (msg)
		val_arena_free(msg->arena);
}

/* ------------------------------------------------------------------ */
/* RRset grouping with a small hash table, so a message of thousands of
 * records costs linear time (BIND CVE-2024-1737). */

enum { SET_SLOTS = 2 * VAL_MSG_RRSET_MAX }; /* power of two, load <= 1/2 */

static uint32_t set_hash(const uint8_t *owner, uint16_t type, uint16_t rclass, uint8_t section)
{
	uint32_t h = 2166136261u; /* FNV-1a over the lower-cased key */
	for (size_t i = 0, len = val_name_len(owner); i < len; i++)
		h = (h ^ val_lower(owner[i])) * 16777619u;
	h = (h ^ type) * 16777619u;
	h = (h ^ rclass) * 16777619u;
	return (h ^ section) * 16777619u;
}

struct grouping {
	int16_t slot[SET_SLOTS];	/* set index + 1, 0 = empty */
	struct val_rrset *sets;
	size_t nsets, cap;	/* cap: room in sets */
};

/* Index of the set with this key, or -1; with create, adds it. */
static int find_set(struct grouping *g, const struct val_rr *rr, uint16_t type, bool create)
{
	uint32_t h = set_hash(rr->owner, type, rr->rclass, rr->section);
	for (unsigned probe = 0; probe < SET_SLOTS; probe++) {
		unsigned s = (h + probe) & (SET_SLOTS - 1);
		if (g->slot[s] == 0) {
			if (!create || g->nsets >= g->cap)
				return -1;
			struct val_rrset *set = &g->sets[g->nsets];
			*set = (struct val_rrset){ .owner = rr->owner, .type = type, .rclass = rr->rclass,
						   .section = rr->section, .ttl = rr->ttl };
			g->slot[s] = (int16_t)(++g->nsets);
			return (int)g->nsets - 1;
		}
		struct val_rrset *set = &g->sets[g->slot[s] - 1];
		if (set->type == type && set->rclass == rr->rclass && set->section == rr->section &&
		    val_name_eq(set->owner, rr->owner))
			return g->slot[s] - 1;
	}
	return -1;
}

static int group_rrsets(struct val_msg *msg, struct val_rr *rrs, const char **err)
{
	struct grouping *g = calloc(1, sizeof *g);
	size_t *set_of = calloc(msg->nrr ? msg->nrr : 1, sizeof *set_of);
	int rc = -ENOMEM;
	if (!g || !set_of)
		goto out;
	/* Every set is made by a data record, so there are never more sets
	 * than records: room for VAL_MSG_RRSET_MAX whatever the message
	 * would cost a typical answer of a few sets 14 KB (issue 18: ten
	 * messages a lookup, each touching fresh pages of the heap). */
	g->cap = msg->nrr < VAL_MSG_RRSET_MAX ? msg->nrr : VAL_MSG_RRSET_MAX;
	g->sets = val_arena_alloc(msg->arena, (g->cap ? g->cap : 1) * sizeof *g->sets);
	if (!g->sets)
		goto out;

	/* Pass 1: data records make sets and are counted. */
	for (size_t i = 0; i < msg->nrr; i++) {
		if (rrs[i].type == VAL_T_RRSIG)
			continue;
		int s = find_set(g, &rrs[i], rrs[i].type, true);
		if (s < 0) {
			*err = "more than 256 RRsets in one message";
			rc = -EBADMSG;
			goto out;
		}
		struct val_rrset *set = &g->sets[s];
		if (set->nrr == VAL_RRSET_RR_MAX) {
			*err = "an RRset of more than 64 records";
			rc = -EBADMSG;
			goto out;
		}
		set->nrr++;
		if (rrs[i].ttl < set->ttl)
			set->ttl = rrs[i].ttl;
		set_of[i] = (size_t)s;
	}
	/* Pass 2: RRSIGs find the set they cover (same owner, class,
	 * section); the others are orphans. */
	size_t norphan = 0;
	for (size_t i = 0; i < msg->nrr; i++) {
		if (rrs[i].type != VAL_T_RRSIG)
			continue;
		int s = find_set(g, &rrs[i], val_get16(rrs[i].rdata), false);
		if (s < 0) {
			set_of[i] = SIZE_MAX;
			norphan++;
		} else {
			g->sets[s].nsig++;
			set_of[i] = (size_t)s;
		}
	}
	/* Pass 3: the pointer arrays. */
	for (size_t s = 0; s < g->nsets; s++) {
		struct val_rrset *set = &g->sets[s];
		set->rrs = val_arena_alloc(msg->arena, set->nrr * sizeof *set->rrs);
		set->sigs = val_arena_alloc(msg->arena, (set->nsig ? set->nsig : 1) * sizeof *set->sigs);
		if (!set->rrs || !set->sigs)
			goto out;
		set->nrr = set->nsig = 0;
	}
	msg->orphan_sigs = val_arena_alloc(msg->arena, (norphan ? norphan : 1) * sizeof *msg->orphan_sigs);
	if (!msg->orphan_sigs)
		goto out;
	for (size_t i = 0; i < msg->nrr; i++) {
		if (set_of[i] == SIZE_MAX) {
			msg->orphan_sigs[msg->norphan_sigs++] = &rrs[i];
		} else {
			struct val_rrset *set = &g->sets[set_of[i]];
			if (rrs[i].type == VAL_T_RRSIG)
				set->sigs[set->nsig++] = &rrs[i];
			else
				set->rrs[set->nrr++] = &rrs[i];
		}
	}
	msg->sets = g->sets;
	msg->nsets = g->nsets;
	rc = 0;
out:
	free(set_of);
	free(g);
	return rc;
}

/* ------------------------------------------------------------------ */

/* The header and the question (RFC 1035 §4.1.1, §4.1.2): the section
 * counts go to counts, their sum (bounded by what len can hold) to *total. */
static int parse_header(struct val_msg *msg, struct val_wire *w, size_t len, uint16_t counts[3], size_t *total,
			const char **err)
{
	uint8_t name[VAL_NAME_MAX];
	msg->id = val_wire_u16(w);
	msg->flags = val_wire_u16(w);
	msg->qdcount = val_wire_u16(w);
	counts[0] = val_wire_u16(w);
	counts[1] = val_wire_u16(w);
	counts[2] = val_wire_u16(w);
	if (w->err) {
		*err = "message shorter than the 12-octet header";
		return -EBADMSG;
	}
	msg->rcode = msg->flags & 0x000f;
	if (msg->qdcount > 1) {
		*err = "more than one question";
		return -EBADMSG;
	}
	/* Each record takes at least 11 octets: refuse counts the message
	 * cannot hold before allocating for them. */
	*total = (size_t)counts[0] + counts[1] + counts[2];
	if (*total > (len - 12) / 11) {
		*err = "record counts larger than the message can hold";
		return -EBADMSG;
	}
	if (msg->qdcount == 1) {
		size_t n = val_wire_name(w, name, true);
		msg->qtype = val_wire_u16(w);
		msg->qclass = val_wire_u16(w);
		if (w->err) {
			*err = w->err;
			return -EBADMSG;
		}
		uint8_t *q = val_arena_alloc(msg->arena, n);
		if (!q)
			return -ENOMEM;
		msg->qname = memcpy(q, name, n);
	}
	return 0;
}

/* RFC 6891 §6.1.1: one OPT, owner root, in the additional section; its
 * class is the payload size, its TTL the extended RCODE, version and DO. */
static int parse_opt(struct val_msg *msg, struct val_wire *w, uint8_t section, const uint8_t *owner, uint16_t rclass,
		     uint32_t ttl, uint16_t rdlen, const char **err)
{
	if (section != VAL_SEC_ADDITIONAL || msg->has_opt || owner[0] != 0) {
		*err = "OPT record out of place or repeated";
		return -EBADMSG;
	}
	if (!val_wire_bytes(w, rdlen)) {
		*err = "OPT RDATA runs past the end of the message";
		return -EBADMSG;
	}
	msg->has_opt = true;
	msg->opt_payload = rclass;
	msg->rcode |= (uint16_t)((ttl >> 24) << 4);
	msg->opt_version = (uint8_t)(ttl >> 16);
	msg->opt_do = (ttl & 0x8000) != 0;
	return 0;
}

/* One resource record of section into *rr (RFC 1035 §4.1.3), its RDATA
 * checked and expanded; 1 when kept, 0 for the OPT pseudo-record, or
 * -EBADMSG/-ENOMEM. */
static int parse_rr(struct val_msg *msg, struct val_wire *w, uint8_t section, struct val_rr *rr, const char **err)
{
	uint8_t name[VAL_NAME_MAX];
	size_t n = val_wire_name(w, name, true);
	uint16_t type = val_wire_u16(w), rclass = val_wire_u16(w);
	uint32_t ttl = val_wire_u32(w);
	uint16_t rdlen = val_wire_u16(w);
	if (w->err) {
		*err = w->err;
		return -EBADMSG;
	}
	if (type == VAL_T_OPT)
		return parse_opt(msg, w, section, name, rclass, ttl, rdlen, err);
	if (type == VAL_T_RRSIG && rdlen < 2) {
		*err = "RRSIG RDATA shorter than its fields";
		return -EBADMSG;
	}
	uint8_t *owner = val_arena_alloc(msg->arena, n);
	if (!owner)
		return -ENOMEM;
	rr->owner = memcpy(owner, name, n);
	rr->type = type;
	rr->rclass = rclass;
	rr->ttl = ttl;
	rr->section = section;
	rr->rdata = val_rdata_expand(w, type, rdlen, msg->arena, &rr->rdlen);
	if (!rr->rdata) {
		*err = w->err;
		return strcmp(w->err, "out of memory") == 0 ? -ENOMEM : -EBADMSG;
	}
	return 1;
}

static int parse_message(struct val_msg *msg, const uint8_t *buf, size_t len, const char **err)
{
	struct val_wire w;
	uint16_t counts[3];
	size_t total;
	val_wire_init(&w, buf, len);
	int rc = parse_header(msg, &w, len, counts, &total, err);
	if (rc != 0)
		return rc;
	struct val_rr *rrs = val_arena_alloc(msg->arena, (total ? total : 1) * sizeof *rrs);
	if (!rrs)
		return -ENOMEM;
	size_t nrr = 0;
	for (uint8_t section = VAL_SEC_ANSWER; section <= VAL_SEC_ADDITIONAL; section++) {
		size_t kept = 0;
		for (uint16_t i = 0; i < counts[section - 1]; i++) {
			if ((rc = parse_rr(msg, &w, section, &rrs[nrr], err)) < 0)
				return rc;
			nrr += (size_t)rc;
			kept += (size_t)rc;
		}
		if (section == VAL_SEC_ANSWER)
			msg->nanswer = kept;
		else if (section == VAL_SEC_AUTHORITY)
			msg->nauthority = kept;
		else
			msg->nadditional = kept;
	}
	if (w.pos != len) {
		*err = "octets after the last record";
		return -EBADMSG;
	}
	msg->rrs = rrs;
	msg->nrr = nrr;
	return group_rrsets(msg, rrs, err);
}

int val_msg_parse(const uint8_t *buf, size_t len, struct val_msg **out, const char **err)
{
	*out = NULL;
	*err = NULL;
	if (len > VAL_MSG_MAX) {
		*err = "message longer than 65535 octets";
		return -EBADMSG;
	}
	struct val_arena *a = val_arena_new();
	if (!a)
		return -ENOMEM;
	struct val_msg *msg = val_arena_alloc(a, sizeof *msg);
	uint8_t *copy = val_arena_alloc(a, len ? len : 1);
	if (!msg || !copy) {
		val_arena_free(a);
		return -ENOMEM;
	}
	*msg = (struct val_msg){ .arena = a };
	if (len > 0)
		memcpy(copy, buf, len);
	int rc = parse_message(msg, copy, len, err);
	if (rc != 0) {
		if (rc == -ENOMEM)
			*err = "out of memory";
		val_arena_free(a);
		return rc;
	}
	*out = msg;
	return 0;
}
