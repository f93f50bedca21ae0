/* tools/tool_trace.c: the replay that gives a lookup its trace, and `trace`
 * in text and Graphviz form (see tool_trace.h). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tools/tool_print.h"
#include "tools/tool_trace.h"

/* ------------------------------------------------------------------ */
/* The replay                                                           */

struct tool_run *tool_run_new(const struct stub_config *c, const uint8_t *qname, uint16_t qtype, uint64_t now,
			      const struct stub_lookup *lk)
{
	struct tool_run *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	*r = (struct tool_run){ .c = c, .qname = qname, .qtype = qtype, .now = now, .lk = lk };
	const void *arr[STUB_ANCHORS_MAX + STUB_NTAS_MAX + STUB_REQUIRE_MAX];
	struct val_policy pol;
	struct val_ctx vc;
	struct val_need needs[VAL_QUERIES_MAX];
	stub_config_policy(c, &pol, arr);
	val_ctx_init(&vc, now);
	vc.trace = &r->trace;
	/* Round by round: each call sees what the stub had fetched before it
	 * (every response asked for by the calls before), in the stub's order. */
	size_t have = 0, nneeds;
	for (;;) {
		enum val_verdict v = val_validate(&vc, &pol, qname, qtype, lk->resp, have, &r->replay, needs, &nneeds);
		if (v != VAL_UNCHECKED) {
			r->replayed = true;
			break;
		}
		if (nneeds == 0 || have + nneeds > lk->nresp)
			break; /* the lookup stopped here (deadline, limits) */
		have += nneeds;
	}
	return r;
}

void tool_run_free(struct tool_run *r)
{
	free(r);
}

const struct val_link *tool_decisive(const struct tool_run *r)
{
	enum val_verdict v = r->lk->ans[0].verdict;
	if (v == VAL_SECURE)
		return NULL;
	for (size_t i = 0; i < r->trace.n; i++)
		if (r->trace.link[i].verdict == v)
			return &r->trace.link[i];
	/* require-secure turns an insecure walk into bogus */
	for (size_t i = 0; v == VAL_BOGUS && i < r->trace.n; i++)
		if (r->trace.link[i].verdict == VAL_INSECURE)
			return &r->trace.link[i];
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Helpers                                                              */

const char *tool_alg_str(uint8_t alg, char buf[16])
{
	const char *s = val_alg_name(alg);
	if (s)
		return s;
	snprintf(buf, 16, "%u", alg);
	return buf;
}

const char *tool_key_role(uint16_t flags)
{
	bool revoked = flags & VAL_DNSKEY_REVOKE;
	if (!(flags & VAL_DNSKEY_ZONE))
		return "not a zone key";
	if (flags & VAL_DNSKEY_SEP)
		return revoked ? "REVOKED KSK" : "KSK";
	return revoked ? "REVOKED ZSK" : "ZSK";
}

unsigned tool_key_bits(const struct val_dnskey *k)
{
	switch (k->algorithm) {
	case 5: case 7: case 8: case 10: {
		/* RFC 3110 §2: exponent length (1 octet, or 0 and 2 octets),
		 * exponent, modulus. */
		size_t off = 1, elen = k->key_len ? k->key[0] : 0;
		if (k->key_len >= 3 && elen == 0) {
			elen = (size_t)k->key[1] << 8 | k->key[2];
			off = 3;
		}
		if (off + elen >= k->key_len)
			return 0;
		const uint8_t *m = k->key + off + elen;
		size_t mlen = k->key_len - off - elen;
		while (mlen > 0 && *m == 0)
			m++, mlen--;
		unsigned bits = (unsigned)mlen * 8;
		for (uint8_t top = mlen ? *m : 0x80; !(top & 0x80); top <<= 1)
			bits--;
		return bits;
	}
	case 13: return 256;
	case 14: return 384;
	case 15: return 256;
	case 16: return 456;
	}
	return (unsigned)k->key_len * 8;
}

char *tool_time_str(uint32_t t, char out[24])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 24, "%Y-%m-%d %H:%M UTC", &tm);
	return out;
}

const struct stub_anchor *tool_anchor_of(const struct tool_run *r, const struct val_rr *rr)
{
	struct stub_config_view v;
	stub_config_view(r->c, &v);
	for (size_t i = 0; i < v.nanchors; i++)
		if (&v.anchors[i].rr == rr)
			return &v.anchors[i];
	return NULL;
}

/* "29 days left", "expired 3 h ago", "valid in 10 days" (RFC 1982: the
 * 32-bit times nearest to now). */
static void time_left(char *out, size_t cap, const struct val_rrsig *sig, uint64_t now)
{
	int64_t left = val_time_left(sig->expiration, now);
	int64_t until = val_time_left(sig->inception, now);
	int64_t s = until > 0 ? until : left < 0 ? -left : left;
	char amount[32];
	if (s >= 2 * 86400)
		snprintf(amount, sizeof amount, "%lld days", (long long)(s / 86400));
	else if (s >= 2 * 3600)
		snprintf(amount, sizeof amount, "%lld h", (long long)(s / 3600));
	else
		snprintf(amount, sizeof amount, "%lld min", (long long)(s / 60));
	if (until > 0)
		snprintf(out, cap, "not valid for another %s", amount);
	else if (left < 0)
		snprintf(out, cap, "expired %s ago", amount);
	else
		snprintf(out, cap, "%s left", amount);
}

static const char *mark(enum val_verdict v)
{
	switch (v) {
	case VAL_SECURE: return "ok";
	case VAL_INSECURE: return "--";
	default: return "!!";
	}
}

/* The DNSKEY link that the DS records of set vouch for, if the walk got there. */
static const struct val_link *dnskey_link_of(const struct tool_run *r, const struct val_rrset *ds)
{
	for (size_t i = 0; i < r->trace.n; i++) {
		const struct val_link *l = &r->trace.link[i];
		if (l->kind == VAL_LINK_DNSKEY && l->ntrust > 0 && ds->nrr > 0 && l->trust[0] == ds->rrs[0])
			return l;
	}
	return NULL;
}

/* Whether trust record rr matched a key of l's set: "matched key 123",
 * "matches no key", "not checked". */
static void trust_status(char *out, size_t cap, const struct val_link *l, const struct val_rr *rr, uint16_t tag)
{
	size_t i = 0;
	while (l && i < l->ntrust && l->trust[i] != rr)
		i++;
	if (!l || i == l->ntrust)
		snprintf(out, cap, "not checked");
	else if (l->trust_matched & (1u << i))
		snprintf(out, cap, "matches key %u", tag);
	else
		snprintf(out, cap, "matches no key");
}

/* One line per trust record: "DS 12345/ECDSAP256SHA256/SHA-256: matches key 12345". */
static void print_trust(FILE *f, const struct tool_run *r, const struct val_link *l, const struct val_rr *rr)
{
	char alg[16], st[64];
	struct val_ds ds;
	struct val_dnskey key;
	const struct stub_anchor *a = tool_anchor_of(r, rr);
	if (rr->type == VAL_T_DS && val_rdata_ds(rr, &ds) == 0) {
		trust_status(st, sizeof st, l, rr, ds.key_tag);
		const char *dg = val_digest_name(ds.digest_type);
		fprintf(f, "        %sDS %u/%s/", a ? "anchor " : "", ds.key_tag, tool_alg_str(ds.algorithm, alg));
		if (dg)
			fprintf(f, "%s", dg);
		else
			fprintf(f, "digest %u", ds.digest_type);
		fprintf(f, ": %s%s", st,
			!val_alg_supported(ds.algorithm) || !val_digest_supported(ds.digest_type) ? " (unsupported here)" : "");
	} else if (rr->type == VAL_T_DNSKEY && val_rdata_dnskey(rr, &key) == 0) {
		uint16_t tag = val_keytag(key.rdata, key.rdlen);
		trust_status(st, sizeof st, l, rr, tag);
		fprintf(f, "        %sDNSKEY %u/%s: %s", a ? "anchor " : "", tag, tool_alg_str(key.algorithm, alg), st);
	} else {
		return;
	}
	if (a)
		fprintf(f, "  (%s)", a->source);
	fprintf(f, "\n");
}

static void print_keys(FILE *f, const struct val_rrset *set)
{
	char alg[16];
	for (size_t i = 0; set && i < set->nrr; i++) {
		struct val_dnskey k;
		if (val_rdata_dnskey(set->rrs[i], &k) != 0)
			continue;
		fprintf(f, "        DNSKEY %u %s %s %u bits\n", val_keytag(k.rdata, k.rdlen), tool_key_role(k.flags),
			tool_alg_str(k.algorithm, alg), tool_key_bits(&k));
	}
}

/* The RRSIGs over set, the one that verified marked. */
static void print_sigs(FILE *f, const struct tool_run *r, const struct val_link *l, const struct val_rrset *set)
{
	char alg[16], tb[16], t1[24], t2[24], left[64], signer[VAL_NAME_STR_MAX];
	if (set && set->nsig == 0)
		fprintf(f, "        no RRSIG\n");
	for (size_t i = 0; set && i < set->nsig; i++) {
		struct val_rrsig s;
		if (val_rdata_rrsig(set->sigs[i], &s) != 0)
			continue;
		bool used = l->verdict == VAL_SECURE && l->sig.key_tag == s.key_tag &&
			    l->sig.algorithm == s.algorithm && l->sig.expiration == s.expiration &&
			    l->sig.inception == s.inception;
		time_left(left, sizeof left, &s, r->now);
		fprintf(f, "        RRSIG %s by %s key %u/%s, %s .. %s (%s)%s\n", tool_print_type(s.type_covered, tb),
			val_name_str(s.signer, signer), s.key_tag, tool_alg_str(s.algorithm, alg),
			tool_time_str(s.inception, t1), tool_time_str(s.expiration, t2), left, used ? ": verified" : "");
	}
}

static void print_records(FILE *f, const struct val_rrset *set)
{
	char *line = malloc(TOOL_PRINT_RR_MAX);
	for (size_t i = 0; line && set && i < set->nrr; i++)
		if (tool_print_rr(set->rrs[i], line, TOOL_PRINT_RR_MAX) >= 0)
			fprintf(f, "        %.200s%s\n", line, strlen(line) > 200 ? " ..." : "");
	free(line);
}

/* What a denial link proves, in words. */
void tool_denial_str(char *out, size_t cap, const struct val_link *l)
{
	char ns[VAL_NAME_STR_MAX], zs[VAL_NAME_STR_MAX], tb[16];
	bool nsec3 = l->nproof > 0 && l->proof[0]->type == VAL_T_NSEC3;
	val_name_str(l->name, ns);
	val_name_str(l->zone, zs);
	size_t o;
	if (l->type == VAL_T_DS && l->deny == VAL_DENY_NODATA)
		o = (size_t)snprintf(out, cap, "no DS at %s", ns);
	else if (l->deny == VAL_DENY_NXDOMAIN)
		o = (size_t)snprintf(out, cap, "%s does not exist", ns);
	else if (l->deny == VAL_DENY_NO_CLOSER)
		o = (size_t)snprintf(out, cap, "no name closer to %s than the wildcard it came from", ns);
	else
		o = (size_t)snprintf(out, cap, "no %s at %s", tool_print_type(l->type, tb), ns);
	if (o >= cap)
		return;
	snprintf(out + o, cap - o, ": %s of %s%s%s%s", nsec3 ? "NSEC3" : "NSEC", zs,
		 l->optout ? " (opt-out)" : "", l->wildcard ? " (through a wildcard)" : "",
		 l->delegation ? ": an unsigned delegation" : "");
}

/* ------------------------------------------------------------------ */
/* Text                                                                 */

/* The zone a link belongs to in the listing. */
static const uint8_t *section_of(const struct val_link *l)
{
	switch (l->kind) {
	case VAL_LINK_ANCHOR: case VAL_LINK_DS: case VAL_LINK_DNSKEY: return l->name;
	case VAL_LINK_FETCH: return NULL;
	default: return l->zone;
	}
}

static void print_link(FILE *f, const struct tool_run *r, const struct val_link *l, const struct val_link *decisive)
{
	char ns[VAL_NAME_STR_MAX], zs[VAL_NAME_STR_MAX], tb[16], what[TOOL_LINE_MAX];
	val_name_str(l->name, ns);
	val_name_str(l->zone, zs);
	const char *type = tool_print_type(l->type, tb);
	switch (l->kind) {
	case VAL_LINK_ANCHOR:
		fprintf(f, "  %s  DNSKEY set of %s, vouched for by the trust anchor\n", mark(l->verdict), ns);
		for (size_t i = 0; i < l->ntrust; i++)
			print_trust(f, r, l, l->trust[i]);
		print_keys(f, l->set);
		print_sigs(f, r, l, l->set);
		break;
	case VAL_LINK_DS:
		fprintf(f, "  %s  DS of %s, signed by %s\n", mark(l->verdict), ns, zs);
		for (size_t i = 0; l->set && i < l->set->nrr; i++)
			print_trust(f, r, dnskey_link_of(r, l->set), l->set->rrs[i]);
		print_sigs(f, r, l, l->set);
		break;
	case VAL_LINK_DNSKEY:
		fprintf(f, "  %s  DNSKEY set of %s, vouched for by its DS\n", mark(l->verdict), ns);
		if (!l->set || l->set->nrr == 0)
			fprintf(f, "        no DNSKEY\n");
		print_keys(f, l->set);
		print_sigs(f, r, l, l->set);
		break;
	case VAL_LINK_ANSWER:
	case VAL_LINK_ALIAS:
	case VAL_LINK_AUTHORITY:
		fprintf(f, "  %s  %s %s%s\n", mark(l->verdict), ns, type,
			l->kind == VAL_LINK_ANSWER ? " (the answer)" : l->kind == VAL_LINK_AUTHORITY ? " (authority section)" : "");
		print_records(f, l->set);
		print_sigs(f, r, l, l->set);
		break;
	case VAL_LINK_DENIAL:
		tool_denial_str(what, sizeof what, l);
		fprintf(f, "  %s  %s\n", mark(l->verdict), what);
		for (size_t i = 0; i < l->nproof; i++)
			print_records(f, l->proof[i]);
		break;
	case VAL_LINK_NTA:
		fprintf(f, "  %s  negative trust anchor %s covers %s: not validated\n", mark(l->verdict), zs, ns);
		break;
	case VAL_LINK_FETCH:
		fprintf(f, "  %s  %s %s from %s\n", mark(l->verdict), ns, type, l->server ? l->server : "the resolver");
		break;
	}
	if (l->verdict != VAL_SECURE && l->kind != VAL_LINK_NTA)
		fprintf(f, "        ^ %s%s: EDE %u (%s): %s\n",
			l != decisive ? "" : l->verdict == VAL_INSECURE ? "INSECURE FROM HERE, " : "BROKEN LINK, ",
			val_verdict_str(l->verdict), l->reason.ede, val_ede_str(l->reason.ede), val_reason_str(&l->reason));
}

void tool_trace_text(FILE *f, const struct tool_run *r)
{
	const struct val_answer *a = &r->lk->ans[0];
	char ns[VAL_NAME_STR_MAX], tb[16], now[24];
	const struct val_link *decisive = tool_decisive(r);
	fprintf(f, "trace of %s %s at %s via %s\n", val_name_str(r->qname, ns), tool_print_type(r->qtype, tb),
		tool_time_str((uint32_t)r->now, now), r->lk->servers[0] ? r->lk->servers : "(no server)");
	fprintf(f, "verdict: %s\n", val_verdict_str(a->verdict));
	if (a->verdict != VAL_SECURE)
		fprintf(f, "reason: EDE %u (%s): %s\n", a->reason.ede, val_ede_str(a->reason.ede), a->reason.text[0] ? val_reason_str(&a->reason) : "-");
	const uint8_t *section = NULL;
	bool first = true;
	for (size_t i = 0; i < r->trace.n; i++) {
		const struct val_link *l = &r->trace.link[i];
		const uint8_t *s = section_of(l);
		if (first || (s && (!section || !val_name_eq(s, section)))) {
			fprintf(f, "\nzone %s%s\n", s ? val_name_str(s, ns) : "(none)",
				l->kind == VAL_LINK_ANCHOR ? " (trust anchor)" : "");
			section = s;
			first = false;
		}
		print_link(f, r, l, decisive);
	}
	if (r->trace.dropped)
		fprintf(f, "\n(%zu links not shown: more than %d)\n", r->trace.dropped, VAL_TRACE_MAX);
	if (!decisive && a->verdict != VAL_SECURE)
		fprintf(f, "\nthe lookup stopped before the chain: %s\n", val_reason_str(&a->reason));
	else if (r->replayed && r->replay.verdict != a->verdict)
		fprintf(f, "\n(note: the replayed walk ended %s, the lookup %s)\n", val_verdict_str(r->replay.verdict),
			val_verdict_str(a->verdict));
}

/* ------------------------------------------------------------------ */
/* Graphviz                                                             */

static const char *color(enum val_verdict v)
{
	switch (v) {
	case VAL_SECURE: return "green3";
	case VAL_INSECURE: return "grey55";
	case VAL_BOGUS: return "red";
	default: return "orange";
	}
}

/* Writes s as the inside of a DOT string. */
static void dot_str(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '\n') {
			fputs("\\n", f);
			continue;
		}
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		fputc(*s, f);
	}
}

/* The node of the link that vouches for l: the key set of the zone that
 * signed it, or for a DNSKEY set its DS; -1: the trust anchor node. */
static long parent_of(const struct tool_run *r, size_t i)
{
	const struct val_link *l = &r->trace.link[i];
	for (size_t j = i; j-- > 0;) {
		const struct val_link *p = &r->trace.link[j];
		if (l->kind == VAL_LINK_DNSKEY ? p->kind == VAL_LINK_DS && val_name_eq(p->name, l->name)
		    : l->kind == VAL_LINK_ANCHOR || l->kind == VAL_LINK_NTA
			    ? false
			    : (p->kind == VAL_LINK_DNSKEY || p->kind == VAL_LINK_ANCHOR) && val_name_eq(p->name, l->zone))
			return (long)j;
	}
	if (l->kind == VAL_LINK_FETCH && i > 0)
		return (long)i - 1;
	return -1;
}

void tool_trace_dot(FILE *f, const struct tool_run *r)
{
	char ns[VAL_NAME_STR_MAX], zs[VAL_NAME_STR_MAX], tb[16], what[TOOL_LINE_MAX];
	const struct val_link *decisive = tool_decisive(r);
	const struct val_answer *a = &r->lk->ans[0];
	fprintf(f, "digraph \"nss-dnssec trace\" {\n");
	fprintf(f, "  graph [rankdir=TB, label=\"");
	snprintf(what, sizeof what, "%s %s: %s", val_name_str(r->qname, ns), tool_print_type(r->qtype, tb),
		 val_verdict_str(a->verdict));
	dot_str(f, what);
	fprintf(f, "\", labelloc=t];\n  node [shape=box, fontname=\"monospace\", fontsize=10];\n");
	fprintf(f, "  anchor [label=\"trust anchor\", shape=ellipse];\n");
	for (size_t i = 0; i < r->trace.n; i++) {
		const struct val_link *l = &r->trace.link[i];
		val_name_str(l->name, ns);
		val_name_str(l->zone, zs);
		const char *type = tool_print_type(l->type, tb);
		switch (l->kind) {
		case VAL_LINK_ANCHOR: snprintf(what, sizeof what, "%s DNSKEY\nvouched for by the trust anchor", ns); break;
		case VAL_LINK_DS: snprintf(what, sizeof what, "%s DS\nsigned by %s", ns, zs); break;
		case VAL_LINK_DNSKEY: snprintf(what, sizeof what, "%s DNSKEY", ns); break;
		case VAL_LINK_ANSWER: case VAL_LINK_ALIAS: case VAL_LINK_AUTHORITY: snprintf(what, sizeof what, "%s %s\nin %s", ns, type, zs); break;
		case VAL_LINK_DENIAL: tool_denial_str(what, sizeof what, l); break;
		case VAL_LINK_NTA: snprintf(what, sizeof what, "negative trust anchor %s\ncovers %s", zs, ns); break;
		case VAL_LINK_FETCH: snprintf(what, sizeof what, "%s %s\nfrom %s", ns, type, l->server ? l->server : "?"); break;
		}
		if (l->kind == VAL_LINK_ANCHOR || l->kind == VAL_LINK_DNSKEY || l->kind == VAL_LINK_DS) {
			size_t o = strlen(what);
			const struct val_rrset *set = l->set;
			for (size_t k = 0; set && k < set->nrr && o + 40 < sizeof what; k++) {
				struct val_dnskey key;
				struct val_ds ds;
				if (set->type == VAL_T_DNSKEY && val_rdata_dnskey(set->rrs[k], &key) == 0)
					o += (size_t)snprintf(what + o, sizeof what - o, "\nkey %u %s alg %u",
							      val_keytag(key.rdata, key.rdlen), tool_key_role(key.flags),
							      key.algorithm);
				else if (set->type == VAL_T_DS && val_rdata_ds(set->rrs[k], &ds) == 0)
					o += (size_t)snprintf(what + o, sizeof what - o, "\nDS %u alg %u digest %u", ds.key_tag,
							      ds.algorithm, ds.digest_type);
			}
		}
		fprintf(f, "  n%zu [label=\"", i);
		dot_str(f, what);
		if (l->verdict != VAL_SECURE) {
			fprintf(f, "\n%s: EDE %u", val_verdict_str(l->verdict), l->reason.ede);
		}
		fprintf(f, "\", color=%s%s];\n", color(l->verdict), l == decisive ? ", penwidth=3" : "");
		long p = parent_of(r, i);
		if (p < 0)
			fprintf(f, "  anchor -> n%zu", i);
		else
			fprintf(f, "  n%ld -> n%zu", p, i);
		fprintf(f, " [color=%s%s];\n", color(l->verdict), l == decisive ? ", penwidth=3, label=\"broken\"" : "");
	}
	fprintf(f, "}\n");
}
