/* validator/val_trace.c: the optional record of a walk (struct val_trace),
 * for the tool's `trace` and `why`.  The module never sets vc->trace, so
 * each call here is one NULL test for it. */
#include <string.h>

#include "val_int.h"

void val_trace_reset(struct val_ctx *vc)
{
	if (!vc->trace)
		return;
	vc->trace->n = 0;
	vc->trace->dropped = 0;
	vc->trace->cur = NULL;
}

struct val_link *val_trace_open(struct val_ctx *vc, enum val_link_kind kind, const uint8_t *zone,
				const uint8_t *name, uint16_t type, const struct val_rrset *set)
{
	struct val_trace *t = vc->trace;
	if (!t)
		return NULL;
	struct val_link *l;
	if (t->n < VAL_TRACE_MAX) {
		l = &t->link[t->n++];
	} else {
		/* Full: the most recent link is the one a failed walk ends on. */
		l = &t->link[VAL_TRACE_MAX - 1];
		t->dropped++;
	}
	memset(l, 0, sizeof *l);
	l->kind = kind;
	l->verdict = VAL_UNCHECKED;
	if (zone)
		memcpy(l->zone, zone, val_name_len(zone));
	if (name)
		memcpy(l->name, name, val_name_len(name));
	l->type = type;
	l->set = set;
	t->cur = l;
	return l;
}

struct val_link *val_trace_cur(const struct val_ctx *vc)
{
	return vc->trace ? vc->trace->cur : NULL;
}

void val_trace_close(struct val_ctx *vc, struct val_link *l, enum val_verdict v,
		     const struct val_sigok *ok, const struct val_denial *d)
{
	if (!l)
		return;
	l->verdict = v;
	if (v != VAL_SECURE) {
		l->reason = vc->reason;
	}
	if (ok)
		l->sig = *ok;
	if (d) {
		l->deny = d->want;
		l->delegation = d->delegation;
		l->optout = d->optout;
		l->wildcard = d->wildcard;
	}
	vc->trace->cur = NULL;
}
