/* stub/stub_dns64.c: what a validating stub needs on an IPv6-only network
 * with DNS64 (RFC 6147 §5.5): the IPv4-embedded address formats of RFC 6052,
 * and the prefix learnt per RFC 7050 from the resolver's answer for
 * ipv4only.arpa.  The synthesis itself is done by stub_host.c, from A
 * records that validated. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <ares.h>

#include "stub.h"
#include "stub_conf_int.h"

/* RFC 6052 §2.2, Figure 1: where the four octets of the IPv4 address go
 * for each prefix length.  Octet 8 (bits 64-71, "u") is always skipped. */
static const struct {
	uint8_t len;
	uint8_t at[4];
} formats[] = {
	{ 32, { 4, 5, 6, 7 } },
	{ 40, { 5, 6, 7, 9 } },
	{ 48, { 6, 7, 9, 10 } },
	{ 56, { 7, 9, 10, 11 } },
	{ 64, { 9, 10, 11, 12 } },
	{ 96, { 12, 13, 14, 15 } },
};
#define NFORMATS (sizeof formats / sizeof formats[0])
#define U_OCTET 8

static int format_of(unsigned len)
{
	for (size_t i = 0; i < NFORMATS; i++)
		if (formats[i].len == len)
			return (int)i;
	return -1;
}

/* true when the first len bits of a and b agree. */
static bool same_prefix(const uint8_t *a, const uint8_t *b, unsigned len)
{
	return memcmp(a, b, len / 8) == 0;	/* every RFC 6052 length is whole octets */
}

int stub_dns64_parse(struct stub_dns64_prefix *p, const char *text, const char **err)
{
	const char *slash = strchr(text, '/');
	char addr[INET6_ADDRSTRLEN + 1];
	unsigned long len;
	if (!slash) {
		*err = "want PREFIX/LEN, e.g. 64:ff9b::/96";
		return -EINVAL;
	}
	size_t alen = (size_t)(slash - text);
	if (alen == 0 || alen >= sizeof addr) {
		*err = "not an IPv6 prefix";
		return -EINVAL;
	}
	memcpy(addr, text, alen);
	addr[alen] = '\0';
	if (inet_pton(AF_INET6, addr, p->addr) != 1) {
		*err = "not an IPv6 prefix";
		return -EINVAL;
	}
	if (!stub_conf_uint(slash + 1, 128, &len) || format_of((unsigned)len) < 0) {
		*err = "the length must be 32, 40, 48, 56, 64 or 96 (RFC 6052)";
		return -EINVAL;
	}
	p->len = (uint8_t)len;
	for (size_t i = len / 8; i < 16; i++)
		if (p->addr[i]) {
			*err = "bits set past the prefix length";
			return -EINVAL;
		}
	/* RFC 6052 §2.2: "When using a /96 Network-Specific Prefix, the
	 * administrators MUST ensure that the bits 64 to 71 are set to zero." */
	if (p->addr[U_OCTET]) {
		*err = "bits 64-71 must be zero (RFC 6052 section 2.2)";
		return -EINVAL;
	}
	return 0;
}

char *stub_dns64_str(const struct stub_dns64_prefix *p, char *buf, size_t cap)
{
	char a[INET6_ADDRSTRLEN];
	if (!inet_ntop(AF_INET6, p->addr, a, sizeof a))
		strcpy(a, "?");
	snprintf(buf, cap, "%s/%u", a, p->len);
	return buf;
}

void stub_dns64_synth(const struct stub_dns64_prefix *p, const uint8_t v4[4], uint8_t out[16])
{
	int f = format_of(p->len);
	memset(out, 0, 16);	/* u octet and suffix zero (RFC 6052 §2.2) */
	if (f < 0)
		return;		/* parse and discovery never make one */
	memcpy(out, p->addr, p->len / 8);
	for (size_t i = 0; i < 4; i++)
		out[formats[f].at[i]] = v4[i];
}

bool stub_dns64_extract(const struct stub_dns64_prefix *p, const uint8_t v6[16], uint8_t v4[4])
{
	int f = format_of(p->len);
	if (f < 0 || !same_prefix(v6, p->addr, p->len) || v6[U_OCTET] != 0)
		return false;
	for (size_t i = 0; i < 4; i++)
		v4[i] = v6[formats[f].at[i]];
	return true;
}

size_t stub_dns64_synth_rrset(const struct stub_dns64_prefix *p, size_t np, const struct val_rrset *a,
			      struct stub_host_addr *out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < np; i++)
		for (size_t j = 0; j < a->nrr; j++) {
			const struct val_rr *rr = a->rrs[j];
			if (rr->type != VAL_T_A || rr->rdlen != 4)
				continue;
			if (n == max)
				return n;
			out[n].family = AF_INET6;
			stub_dns64_synth(&p[i], rr->rdata, out[n].addr);
			n++;
		}
	return n;
}

/* RFC 7050 §2.1: the Well-Known IPv4-only Addresses of ipv4only.arpa. */
static const uint8_t wka[2][4] = { { 192, 0, 0, 170 }, { 192, 0, 0, 171 } };

/* The prefix of a, when a embeds a WKA in one of the six formats with a
 * zero u octet and a zero suffix.  With the suffix zero a match is unique:
 * a longer format's last IPv4 octet lies in a shorter one's suffix, which
 * would then not be zero (the ambiguity RFC 7050 §3 warns of needs a
 * non-zero suffix). */
static bool wka_prefix(const uint8_t a[16], struct stub_dns64_prefix *p)
{
	if (a[U_OCTET] != 0)
		return false;
	for (size_t f = 0; f < NFORMATS; f++) {
		const uint8_t *at = formats[f].at;
		uint8_t v4[4] = { a[at[0]], a[at[1]], a[at[2]], a[at[3]] };
		if (memcmp(v4, wka[0], 4) != 0 && memcmp(v4, wka[1], 4) != 0)
			continue;
		bool zero = true;
		for (size_t i = (size_t)at[3] + 1; i < 16; i++)
			zero = zero && a[i] == 0;
		if (!zero)
			continue;
		memset(p, 0, sizeof *p);
		p->len = formats[f].len;
		memcpy(p->addr, a, p->len / 8);
		return true;
	}
	return false;
}

static const uint8_t ipv4only[] = "\10ipv4only\4arpa";

int stub_dns64_from_response(const uint8_t *buf, size_t len, struct stub_dns64_prefix *out, size_t max,
			     const char **err)
{
	struct val_msg *msg;
	int rc = val_msg_parse(buf, len, &msg, err);
	if (rc != 0) {
		if (rc == -ENOMEM)
			*err = "out of memory";
		return -EBADMSG;
	}
	int n = 0;
	if (!(msg->flags & VAL_F_QR) || !msg->qname || !val_name_eq(msg->qname, ipv4only) ||
	    msg->qtype != VAL_T_AAAA || msg->qclass != VAL_C_IN) {
		*err = "the answer is not for ipv4only.arpa. AAAA";
		n = -EBADMSG;
		goto out;
	}
	if (msg->rcode == 3)	/* NXDOMAIN: no DNS64 in the path */
		goto out;
	if (msg->rcode != 0) {
		*err = msg->rcode == 2 ? "the resolver answered SERVFAIL" : "the resolver answered an error";
		n = -EBADMSG;
		goto out;
	}
	/* Bounded by the message's records (val_msg_parse's limits). */
	for (size_t i = 0; i < msg->nanswer && (size_t)n < max; i++) {
		const struct val_rr *rr = &msg->rrs[i];
		struct stub_dns64_prefix p;
		if (rr->type != VAL_T_AAAA || rr->rclass != VAL_C_IN || rr->rdlen != 16 ||
		    !val_name_eq(rr->owner, ipv4only) || !wka_prefix(rr->rdata, &p))
			continue;
		bool dup = false;
		for (int j = 0; j < n && !dup; j++)
			dup = out[j].len == p.len && memcmp(out[j].addr, p.addr, 16) == 0;
		if (!dup)
			out[n++] = p;
	}
out:
	val_msg_free(msg);
	return n;
}

int stub_dns64_discover(const struct stub_config *c, struct stub_dns64_prefix *out, size_t max,
			char *why, size_t whycap)
{
	struct stub_net *net = stub_net_new(c);
	if (!net) {
		int e = errno ? errno : ENOMEM;
		snprintf(why, whycap, "cannot set up the resolver channel: %s", strerror(e));
		return -e;
	}
	struct stub_query q = { .type = VAL_T_AAAA, .flags = VAL_Q_RD };
	memcpy(q.name, ipv4only, sizeof ipv4only);
	int rc = stub_net_round(net, &q, 1, stub_now_ms() + (uint64_t)c->timeout_s * 1000, NULL, NULL, NULL);
	const char *err = NULL;
	if (q.status != ARES_SUCCESS) {
		snprintf(why, whycap, "%s gave no answer for ipv4only.arpa. AAAA%s%s", stub_net_servers(net),
			 rc < 0 ? ": " : "", rc < 0 ? strerror(-rc) : "");
		rc = -ETIMEDOUT;
	} else if ((rc = stub_dns64_from_response(q.answer, q.alen, out, max, &err)) < 0) {
		snprintf(why, whycap, "%s: ipv4only.arpa. AAAA: %s", stub_net_servers(net), err);
	} else {
		snprintf(why, whycap, "learnt from %s (ipv4only.arpa., RFC 7050)", stub_net_servers(net));
	}
	free(q.answer);
	stub_net_free(net);
	return rc;
}
