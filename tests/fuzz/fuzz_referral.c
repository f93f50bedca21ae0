/* libFuzzer target: the authoritative fallback's referral reader
 * (stub_iter_read_reply), what turns an authoritative server's reply,
 * untrusted octets, into the next servers to ask.  Input: one octet that
 * picks the zone the question was sent to (that many of the question's
 * last labels; 0 is the root), then the reply.  The question is the
 * reply's own when it parses (so the reader gets past the question
 * check), else www.example. A.
 *
 * What must hold of a referral: the cut lies strictly below the zone and
 * holds the question's name (strictly, for a DS); at most
 * STUB_ITER_SERVERS_PER_ZONE_MAX addresses and as many NS names, at least
 * one of either; every address is glue of the additional section owned by
 * a name under the cut (out-of-bailiwick glue is never believed). */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "stub/stub_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Whether addr is the rdata of an A/AAAA record of m's additional section
 * owned by a name at or under cut. */
static bool glue_under(const struct val_msg *m, const uint8_t *cut, const struct stub_server *s)
{
	size_t alen = s->family == AF_INET ? 4 : 16;
	for (size_t i = m->nanswer + m->nauthority; i < m->nrr; i++) {
		const struct val_rr *rr = &m->rrs[i];
		if (rr->type == (s->family == AF_INET ? VAL_T_A : VAL_T_AAAA) && rr->rdlen == alen &&
		    memcmp(rr->rdata, s->addr, alen) == 0 && val_name_is_subdomain(rr->owner, cut))
			return true;
	}
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t fallback_qname[] = "\3www\7example";
	if (size < 1)
		return 0;
	unsigned zone_labels = data[0];
	const uint8_t *buf = data + 1;
	size_t len = size - 1;

	struct val_msg *m = NULL;
	const char *err;
	uint8_t qname[VAL_NAME_MAX];
	uint16_t qtype = VAL_T_A;
	memcpy(qname, fallback_qname, sizeof fallback_qname);
	if (val_msg_parse(buf, len, &m, &err) == 0 && m->qname) {
		memcpy(qname, m->qname, val_name_len(m->qname));
		qtype = m->qtype;
	}
	unsigned ql = val_name_labels(qname);
	const uint8_t *zone = val_name_suffix(qname, zone_labels % (ql + 1));

	struct stub_cut *cut = malloc(sizeof *cut);
	if (!cut) {
		val_msg_free(m);
		return 0;
	}
	const char *why = NULL;
	enum stub_reply r = stub_iter_read_reply(zone, qname, qtype, buf, len, cut, &why);
	if (r == STUB_REPLY_BAD && !why)
		abort();
	if (r == STUB_REPLY_REFERRAL) {
		if (!m)
			abort();	/* a referral from octets that do not parse */
		if (val_name_len(cut->name) > VAL_NAME_MAX || val_name_labels(cut->name) <= val_name_labels(zone) ||
		    !val_name_is_subdomain(cut->name, zone) || !val_name_is_subdomain(qname, cut->name) ||
		    (qtype == VAL_T_DS && val_name_eq(qname, cut->name)))
			abort();
		if (cut->nservers > STUB_ITER_SERVERS_PER_ZONE_MAX || cut->nnsnames > STUB_ITER_SERVERS_PER_ZONE_MAX ||
		    cut->nservers + cut->nnsnames == 0)
			abort();
		for (size_t i = 0; i < cut->nservers; i++)
			if ((cut->servers[i].family != AF_INET && cut->servers[i].family != AF_INET6) ||
			    cut->servers[i].port != 53 || !glue_under(m, cut->name, &cut->servers[i]))
				abort();
		for (size_t i = 0; i < cut->nnsnames; i++)
			if (val_name_len(cut->nsnames[i]) > VAL_NAME_MAX)
				abort();
	}
	free(cut);
	val_msg_free(m);
	return 0;
}
