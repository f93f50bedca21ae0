/* tools/tool_probe.c: `nss-dnssec probe` (issue 16).  Tests each
 * configured resolver the way the module needs it, one line per check,
 * then whether the authoritative servers of the root hints answer.  Every
 * query goes through the stub's transport (stub_net.c) and every answer
 * through the validator's message parser; every round has a deadline
 * (STUB_PROBE_*), and each server gets the same fixed set of queries.
 *
 * The probe only looks at what comes back (OPT, DO, CD, RRSIGs, proofs);
 * it validates nothing: whether signatures verify is `nss-dnssec query`. */
#include <arpa/inet.h>
#include <ares.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

#include "stub/stub.h"
#include "tools/tool_print.h"
#include "tools/tool_probe.h"
#include "validator/validator.h"

/* The queries of one server, in the order they are sent. */
enum {
	Q_PRIME,	/* round 1, no EDNS: a missing name, for the resolver's cache */
	Q_SOA,		/* round 2, RD+CD+DO: ZONE SOA, a positive answer */
	Q_DNSKEY,	/* ZONE DNSKEY */
	Q_DS,		/* ZONE DS: the DS RRset, or a NODATA proof */
	Q_FRESH,	/* another missing name, asked for the first time */
	Q_CACHED,	/* the primed name again, now with DO */
	Q_BOGUS,	/* --bogus NAME A with CD */
	Q_AAAA,		/* --aaaa NAME AAAA */
	Q_LARGE,	/* --large NAME TYPE */
	Q_TCP,		/* round 3, over TCP: ZONE SOA */
	Q_COUNT
};
_Static_assert(Q_COUNT <= STUB_PROBE_QUERIES_MAX, "the probe sends each server at most STUB_PROBE_QUERIES_MAX");

/* One answer, parsed (msg NULL: why says what happened). */
struct probe_ans {
	struct val_msg *msg;
	size_t len;		/* octets received */
	char why[96];
};

struct probe {
	FILE *f;
	unsigned fails;
};

static void line(struct probe *p, const char *check, const char *result, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* "  check   ok|FAIL|skip  detail": fixed columns, for people and grep. */
static void line(struct probe *p, const char *check, const char *result, const char *fmt, ...)
{
	va_list ap;
	fprintf(p->f, "  %-8s %-5s ", check, result);
	va_start(ap, fmt);
	vfprintf(p->f, fmt, ap);
	va_end(ap);
	fputc('\n', p->f);
	p->fails += strcmp(result, "FAIL") == 0;
}

/* The first RRset of (owner, type) in section sec, or NULL. */
static const struct val_rrset *find_set(const struct val_msg *m, uint8_t sec, const uint8_t *owner, uint16_t type)
{
	for (size_t i = 0; i < m->nsets; i++) {
		const struct val_rrset *s = &m->sets[i];
		if (s->section == sec && s->type == type && (!owner || val_name_eq(s->owner, owner)))
			return s;
	}
	return NULL;
}

/* NSEC or NSEC3 records with their RRSIGs in the authority section. */
static bool has_proof(const struct val_msg *m, uint16_t *type)
{
	for (size_t i = 0; i < m->nsets; i++) {
		const struct val_rrset *s = &m->sets[i];
		if (s->section == VAL_SEC_AUTHORITY && (s->type == VAL_T_NSEC || s->type == VAL_T_NSEC3) && s->nsig) {
			*type = s->type;
			return true;
		}
	}
	return false;
}

static const char *rcode_str(uint16_t rcode)
{
	static const char *const names[] = { "NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED" };
	return rcode < sizeof names / sizeof names[0] ? names[rcode] : "another rcode";
}

/* Takes q's outcome into *a: parsed, checked against the question. */
static void take(struct probe_ans *a, struct stub_query *q)
{
	*a = (struct probe_ans){ .len = q->alen };
	if (q->status != ARES_SUCCESS) {
		snprintf(a->why, sizeof a->why, "%s",
			 q->status == ARES_ETIMEOUT ? "no answer within the deadline"
			 : q->status == ARES_ESERVFAIL ? "SERVFAIL"
			 : q->status == ARES_EREFUSED ? "REFUSED"
			 : q->status == ARES_ENOTIMP ? "NOTIMP"
			 : q->status == ARES_EFORMERR ? "FORMERR"
						     : ares_strerror(q->status));
		return;
	}
	const char *err = NULL;
	if (val_msg_parse(q->answer, q->alen, &a->msg, &err) != 0) {
		snprintf(a->why, sizeof a->why, "malformed answer: %s", err ? err : "out of memory");
		a->msg = NULL;
		return;
	}
	if (!a->msg->qname || !val_name_eq(a->msg->qname, q->name) || a->msg->qtype != q->type) {
		snprintf(a->why, sizeof a->why, "an answer to another question");
		val_msg_free(a->msg);
		a->msg = NULL;
	}
}

/* A label no zone has, "nss-dnssec-probe-" and 8 random hex digits, under
 * zone.  0, or -1 with errno set (ENAMETOOLONG: zone leaves no room). */
static int random_name(uint8_t out[VAL_NAME_MAX], const uint8_t *zone)
{
	uint32_t r;
	if (getrandom(&r, sizeof r, 0) != (ssize_t)sizeof r)
		return -1;	/* errno says why */
	char label[32];
	int n = snprintf(label, sizeof label, "nss-dnssec-probe-%08x", r);
	struct val_wbuf b;
	val_wbuf_init(&b, out, VAL_NAME_MAX);
	val_wbuf_put8(&b, (uint8_t)n);
	val_wbuf_put_bytes(&b, label, (size_t)n);
	val_wbuf_put_name(&b, zone);
	if (b.err) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

/* One round to one channel: the queries q[from..to) with their flags. */
static void round_trip(struct stub_net *net, struct stub_query *q, size_t from, size_t to, struct probe_ans *a)
{
	if (from == to)
		return;
	stub_net_round(net, q + from, to - from, stub_now_ms() + STUB_PROBE_QUERY_MS, NULL, NULL, NULL);
	for (size_t i = from; i < to; i++) {
		take(&a[i], &q[i]);
		free(q[i].answer);
		q[i].answer = NULL;
	}
}

/* The checks of one positive answer: an RRset of the question with RRSIGs.
 * Returns the set or NULL, with *why filled. */
static const struct val_rrset *signed_answer(const struct probe_ans *a, const uint8_t *owner, uint16_t type,
					     char *why, size_t cap)
{
	if (!a->msg) {
		snprintf(why, cap, "%s", a->why);
		return NULL;
	}
	const struct val_rrset *s = find_set(a->msg, VAL_SEC_ANSWER, owner, type);
	if (a->msg->rcode != 0)
		snprintf(why, cap, "%s", rcode_str(a->msg->rcode));
	else if (!s)
		snprintf(why, cap, "NOERROR without the records");
	else if (!s->nsig)
		snprintf(why, cap, "%zu record%s without RRSIG", s->nrr, s->nrr == 1 ? "" : "s");
	else
		return s;
	return NULL;
}

/* The questions of one probe, in the order of the Q_* slots. */
static void probe_questions(struct stub_query q[Q_COUNT], const struct tool_probe_args *args)
{
	const uint8_t *zone = args->zone;
	unsigned dnssec = VAL_Q_RD | VAL_Q_CD | VAL_Q_DO;
	q[Q_PRIME].type = VAL_T_A;
	q[Q_PRIME].flags = VAL_Q_RD;
	memcpy(q[Q_CACHED].name, q[Q_PRIME].name, val_name_len(q[Q_PRIME].name));
	memcpy(q[Q_SOA].name, zone, val_name_len(zone));
	memcpy(q[Q_DNSKEY].name, zone, val_name_len(zone));
	memcpy(q[Q_DS].name, zone, val_name_len(zone));
	memcpy(q[Q_TCP].name, zone, val_name_len(zone));
	q[Q_SOA].type = VAL_T_SOA;
	q[Q_DNSKEY].type = VAL_T_DNSKEY;
	q[Q_DS].type = VAL_T_DS;
	q[Q_FRESH].type = q[Q_CACHED].type = VAL_T_A;
	q[Q_TCP].type = VAL_T_SOA;
	/* The optional ones are sent all the same (to the zone, as a SOA
	 * query), so that every probe of a server costs the same. */
	const uint8_t *opt_name[3] = { args->has_bogus ? args->bogus : zone, args->has_aaaa ? args->aaaa : zone,
				       args->has_large ? args->large : zone };
	uint16_t opt_type[3] = { args->has_bogus ? VAL_T_A : VAL_T_SOA, args->has_aaaa ? VAL_T_AAAA : VAL_T_SOA,
				 args->has_large ? args->large_type : VAL_T_SOA };
	for (size_t i = 0; i < 3; i++) {
		memcpy(q[Q_BOGUS + i].name, opt_name[i], val_name_len(opt_name[i]));
		q[Q_BOGUS + i].type = opt_type[i];
	}
	for (size_t i = Q_SOA; i < Q_COUNT; i++)
		q[i].flags = dnssec;
}

/* The header checks: EDNS, DO and CD as the answers show them. */
static void check_flags(struct probe *p, const struct probe_ans *a, const struct tool_probe_args *args,
			const char *zs)
{
	char ns[VAL_NAME_STR_MAX];
	/* EDNS: an OPT record in the answer to a query that had one. */
	const struct val_msg *soa = a[Q_SOA].msg;
	if (!soa)
		line(p, "edns", "FAIL", "%s SOA: %s", zs, a[Q_SOA].why);
	else if (!soa->has_opt)
		line(p, "edns", "FAIL", "no OPT record in the answer (EDNS not supported)");
	else
		line(p, "edns", soa->opt_payload < 512 ? "FAIL" : "ok", "OPT in the answer, buffer size %u%s",
		     soa->opt_payload, soa->opt_payload < 512 ? " (below 512)" : "");

	/* RFC 3225 §3: the DO bit is copied into the response. */
	if (!soa || !soa->has_opt)
		line(p, "do", "FAIL", "no OPT record, so no DO bit");
	else
		line(p, "do", soa->opt_do ? "ok" : "FAIL", "%s", soa->opt_do ? "DO set in the answer" : "DO cleared in the answer");

	/* RFC 4035 §3.2.2: CD is copied into the response; with --bogus, a
	 * validating resolver must hand over the failing data. */
	if (args->has_bogus) {
		const struct val_msg *m = a[Q_BOGUS].msg;
		val_name_str(args->bogus, ns);
		if (!m)
			line(p, "cd", "FAIL", "%s A with CD: %s (the resolver validates and ignores CD)", ns, a[Q_BOGUS].why);
		else if (m->rcode != 0 || !find_set(m, VAL_SEC_ANSWER, NULL, VAL_T_A))
			line(p, "cd", "FAIL", "%s A with CD: %s without the records", ns, rcode_str(m->rcode));
		else
			line(p, "cd", "ok", "%s A with CD: the failing records come back", ns);
	} else if (!soa) {
		line(p, "cd", "FAIL", "no answer to look at");
	} else {
		line(p, "cd", soa->flags & VAL_F_CD ? "ok" : "FAIL", "CD %s in the answer (no --bogus NAME to try)",
		     soa->flags & VAL_F_CD ? "copied" : "not copied");
	}
}

/* The zone's signed data: SOA and DNSKEY with RRSIG, and its DS (the
 * signed DS RRset, or, for the root or an unsigned child, a NODATA with
 * its NSEC/NSEC3 proof). */
static void check_zone_data(struct probe *p, const struct probe_ans *a, const uint8_t *zone, const char *zs)
{
	char why[128];
	/* A positive answer with its RRSIGs. */
	if (signed_answer(&a[Q_SOA], zone, VAL_T_SOA, why, sizeof why))
		line(p, "rrsig", "ok", "%s SOA with RRSIG", zs);
	else
		line(p, "rrsig", "FAIL", "%s SOA: %s", zs, why);

	if (signed_answer(&a[Q_DNSKEY], zone, VAL_T_DNSKEY, why, sizeof why))
		line(p, "dnskey", "ok", "%s DNSKEY with RRSIG", zs);
	else
		line(p, "dnskey", "FAIL", "%s DNSKEY: %s", zs, why);

	uint16_t pt = 0;
	const struct val_msg *ds = a[Q_DS].msg;
	if (signed_answer(&a[Q_DS], zone, VAL_T_DS, why, sizeof why))
		line(p, "ds", "ok", "%s DS with RRSIG", zs);
	else if (ds && ds->rcode == 0 && !find_set(ds, VAL_SEC_ANSWER, zone, VAL_T_DS) && has_proof(ds, &pt))
		line(p, "ds", "ok", "%s DS: no DS, proven by %s", zs, pt == VAL_T_NSEC ? "NSEC" : "NSEC3");
	else if (ds && ds->rcode == 0 && !find_set(ds, VAL_SEC_ANSWER, zone, VAL_T_DS))
		line(p, "ds", "FAIL", "%s DS: NOERROR without DS and without NSEC/NSEC3 proof", zs);
	else
		line(p, "ds", "FAIL", "%s DS: %s", zs, why);
}

/* A denial: NXDOMAIN with NSEC or NSEC3 and their RRSIGs.  Returns
 * whether it came with its proof. */
static bool check_denial(struct probe *p, const struct probe_ans *a, const struct stub_query *q)
{
	char ns[VAL_NAME_STR_MAX];
	uint16_t pt = 0;
	const struct val_msg *nx = a[Q_FRESH].msg;
	val_name_str(q[Q_FRESH].name, ns);
	bool fresh_ok = nx && nx->rcode == 3 && has_proof(nx, &pt);
	if (!nx)
		line(p, "denial", "FAIL", "%s A: %s", ns, a[Q_FRESH].why);
	else if (nx->rcode != 3)
		line(p, "denial", "FAIL", "%s A: %s, want NXDOMAIN", ns, rcode_str(nx->rcode));
	else if (!fresh_ok)
		line(p, "denial", "FAIL", "%s A: NXDOMAIN without NSEC/NSEC3 proof", ns);
	else
		line(p, "denial", "ok", "%s A: NXDOMAIN with %s proof", ns, pt == VAL_T_NSEC ? "NSEC" : "NSEC3");
	return fresh_ok;
}

/* TCP: the same SOA question over a TCP connection; and, with --large,
 * an answer over 1232 octets: truncated over UDP, then whole over TCP. */
static void check_tcp(struct probe *p, const struct probe_ans *a, const struct tool_probe_args *args, const char *zs)
{
	char ns[VAL_NAME_STR_MAX], why[128];
	const uint8_t *zone = args->zone;
	if (signed_answer(&a[Q_TCP], zone, VAL_T_SOA, why, sizeof why))
		line(p, "tcp", "ok", "%s SOA over TCP with RRSIG", zs);
	else if (a[Q_TCP].msg && a[Q_TCP].msg->rcode == 0 && find_set(a[Q_TCP].msg, VAL_SEC_ANSWER, zone, VAL_T_SOA))
		line(p, "tcp", "ok", "%s SOA over TCP (%s)", zs, why);	/* the RRSIG is rrsig's line */
	else
		line(p, "tcp", "FAIL", "%s SOA over TCP: %s", zs, why);

	if (!args->has_large) {
		line(p, "large", "skip", "no --large NAME TYPE");
		return;
	}
	char tbuf[16];
	const char *ts = tool_print_type(args->large_type, tbuf);
	val_name_str(args->large, ns);
	if (!signed_answer(&a[Q_LARGE], args->large, args->large_type, why, sizeof why))
		line(p, "large", "FAIL", "%s %s: %s", ns, ts, why);
	else if (a[Q_LARGE].len <= VAL_EDNS_PAYLOAD)
		line(p, "large", "FAIL", "%s %s: %zu octets, not over %u (is it large?)", ns, ts, a[Q_LARGE].len,
		     VAL_EDNS_PAYLOAD);
	else
		line(p, "large", "ok", "%s %s: %zu octets with RRSIG", ns, ts, a[Q_LARGE].len);
}

/* A name the resolver has cached from a plain query must come back with
 * its proof, as a fresh one does (fresh_ok: it did; home routers answer
 * DO queries from a cache that kept no DNSSEC records). */
static void check_cached(struct probe *p, const struct probe_ans *a, const struct stub_query *q, bool fresh_ok)
{
	char ns[VAL_NAME_STR_MAX];
	uint16_t pt = 0;
	const struct val_msg *cm = a[Q_CACHED].msg;
	bool cached_ok = cm && cm->rcode == 3 && has_proof(cm, &pt);
	val_name_str(q[Q_CACHED].name, ns);
	if (!a[Q_PRIME].msg)
		line(p, "cached", "FAIL", "%s A without EDNS: %s", ns, a[Q_PRIME].why);
	else if (!cm)
		line(p, "cached", "FAIL", "%s A again with DO: %s", ns, a[Q_CACHED].why);
	else if (cached_ok == fresh_ok)
		line(p, "cached", "ok", "%s A again with DO: the same as a fresh name (%s, %s proof)", ns,
		     rcode_str(cm->rcode), cached_ok ? "with" : "without");
	else
		line(p, "cached", "FAIL", "%s A again with DO: %s %s proof, a fresh name %s", ns, rcode_str(cm->rcode),
		     cached_ok ? "with" : "without", fresh_ok ? "with proof" : "without");
}

/* With --aaaa: a signed AAAA answer, not filtered away. */
static void check_aaaa(struct probe *p, const struct probe_ans *a, const struct tool_probe_args *args)
{
	char ns[VAL_NAME_STR_MAX], why[128];
	uint16_t pt = 0;
	if (!args->has_aaaa) {
		line(p, "aaaa", "skip", "no --aaaa NAME");
		return;
	}
	val_name_str(args->aaaa, ns);
	if (signed_answer(&a[Q_AAAA], args->aaaa, VAL_T_AAAA, why, sizeof why))
		line(p, "aaaa", "ok", "%s AAAA with RRSIG", ns);
	else if (a[Q_AAAA].msg && a[Q_AAAA].msg->rcode == 0 &&
		 !find_set(a[Q_AAAA].msg, VAL_SEC_ANSWER, args->aaaa, VAL_T_AAAA) && !has_proof(a[Q_AAAA].msg, &pt))
		line(p, "aaaa", "FAIL", "%s AAAA: NOERROR without records and without proof (filtered)", ns);
	else
		line(p, "aaaa", "FAIL", "%s AAAA: %s", ns, why);
}

/* Probes one server; returns the number of failed checks. */
static unsigned probe_server(FILE *f, const struct stub_server *srv, const char *from, const struct tool_probe_args *args)
{
	struct probe p = { .f = f };
	char zs[VAL_NAME_STR_MAX];
	struct stub_query q[Q_COUNT];
	struct probe_ans a[Q_COUNT];
	struct stub_net *udp = NULL, *tcp = NULL;
	uint64_t t0 = stub_now_ms();

	fprintf(f, "server %s (from %s), zone %s:\n", srv->str, from, val_name_str(args->zone, zs));
	memset(q, 0, sizeof q);
	memset(a, 0, sizeof a);
	/* One server, two tries within the round's deadline: a lost UDP
	 * packet is not a broken resolver. */
	udp = stub_net_new_servers(srv, 1, STUB_PROBE_QUERY_MS / 2, 2, false);
	tcp = stub_net_new_flags(srv, 1, STUB_PROBE_QUERY_MS / 2, 2, false, STUB_NET_TCP);
	if (!udp || !tcp || random_name(q[Q_PRIME].name, args->zone) || random_name(q[Q_FRESH].name, args->zone)) {
		line(&p, "setup", "FAIL", "cannot set up the queries: %s", strerror(errno));
		goto out;
	}
	probe_questions(q, args);

	/* Round 1 primes the resolver's cache the way a plain program (no
	 * EDNS) does; round 2 asks everything the module would; round 3 TCP. */
	round_trip(udp, q, Q_PRIME, Q_PRIME + 1, a);
	round_trip(udp, q, Q_SOA, Q_TCP, a);
	round_trip(tcp, q, Q_TCP, Q_COUNT, a);

	check_flags(&p, a, args, zs);
	check_zone_data(&p, a, args->zone, zs);
	bool fresh_ok = check_denial(&p, a, q);
	check_tcp(&p, a, args, zs);
	check_cached(&p, a, q, fresh_ok);
	check_aaaa(&p, a, args);

out:
	fprintf(f, "  verdict: %s (%u check%s failed, %llu ms)\n",
		p.fails ? "lookups cannot validate through this server" : "lookups validate through this server",
		p.fails, p.fails == 1 ? "" : "s", (unsigned long long)(stub_now_ms() - t0));
	for (size_t i = 0; i < Q_COUNT; i++)
		val_msg_free(a[i].msg);
	stub_net_free(udp);
	stub_net_free(tcp);
	return p.fails;
}

/* ------------------------------------------------------------------ */
/* Root hints                                                           */

/* DNSKEY . to each hint address, without RD; returns how many answered
 * with the signed root DNSKEY RRset. */
static int probe_hints(FILE *f, const char *path)
{
	/* Read as the module reads it (stub_hints_load: strict, FILE:LINE
	 * errors, the owner and mode checks), so that what the probe tries is
	 * what the fallback would use. */
	struct stub_config *c = stub_config_new();
	struct stub_config_view v;
	fprintf(f, "root hints %s (the authoritative fallback):\n", path);
	if (!c) {
		fprintf(f, "  out of memory\n");
		return 0;
	}
	int rc = stub_config_load_hints(c, path);
	stub_config_view(c, &v);
	if (rc < 0) {
		fprintf(f, "  %s\n", v.error[0] ? v.error : "path too long");
		stub_config_delete(c);
		return 0;
	}
	size_t n = v.nhints < STUB_PROBE_HINTS_MAX ? v.nhints : STUB_PROBE_HINTS_MAX;
	struct stub_server hints[STUB_PROBE_HINTS_MAX];
	memcpy(hints, v.hints, n * sizeof hints[0]);
	stub_config_delete(c);
	int good = 0;
	uint64_t end = stub_now_ms() + STUB_PROBE_HINTS_MS;
	for (size_t i = 0; i < n; i++) {
		uint64_t t0 = stub_now_ms();
		if (t0 >= end) {
			fprintf(f, "  %-15s not tried (%d ms for all the hints spent)\n", hints[i].str, STUB_PROBE_HINTS_MS);
			continue;
		}
		struct stub_net *net = stub_net_new_servers(&hints[i], 1, STUB_PROBE_HINT_MS, 1, false); /* one try */
		struct stub_query q = { .name = { 0 }, .type = VAL_T_DNSKEY, .flags = VAL_Q_DO };
		struct probe_ans a = { 0 };
		char why[128];
		if (!net) {
			fprintf(f, "  %-15s FAIL  %s\n", hints[i].str, strerror(errno));
			continue;
		}
		uint64_t deadline = t0 + STUB_PROBE_HINT_MS < end ? t0 + STUB_PROBE_HINT_MS : end;
		stub_net_round(net, &q, 1, deadline, NULL, NULL, NULL);
		take(&a, &q);
		free(q.answer);
		stub_net_free(net);
		bool ok = signed_answer(&a, (const uint8_t *)"", VAL_T_DNSKEY, why, sizeof why) != NULL;
		fprintf(f, "  %-15s %-5s DNSKEY . %s (%llu ms)\n", hints[i].str, ok ? "ok" : "FAIL", ok ? "with RRSIG" : why,
			(unsigned long long)(stub_now_ms() - t0));
		good += ok;
		val_msg_free(a.msg);
	}
	return good;
}

int tool_probe(FILE *f, const struct stub_config *conf, const struct tool_probe_args *args)
{
	struct stub_config_view c;
	size_t bad = 0;
	stub_config_view(conf, &c);
	for (size_t i = 0; i < c.nservers; i++)
		bad += probe_server(f, &c.servers[i], args->servers_from, args) != 0;
	const char *path = args->hints ? args->hints : c.root_hints[0] ? c.root_hints : STUB_HINTS_DEFAULT;
	int hints = probe_hints(f, path);
	int rc = bad == 0 ? TOOL_PROBE_RESOLVER
		 : hints > 0 && c.auth_fallback ? TOOL_PROBE_FALLBACK : TOOL_PROBE_NOTHING;
	const char *result =
		rc == TOOL_PROBE_RESOLVER ? "lookups validate through the resolver"
		: rc == TOOL_PROBE_FALLBACK ? "lookups validate only through the authoritative fallback (the resolver "
					      "cannot serve DNSSEC, the root servers answer)"
		: hints > 0 ? "lookups cannot validate (the resolver cannot serve DNSSEC; the root servers answer, but "
			      "authoritative-fallback is off in the configuration)"
			    : "lookups cannot validate (the resolver cannot serve DNSSEC and the root servers do not answer)";
	fprintf(f, "result: %s (exit %d)\n", result, rc);
	return rc;
}
