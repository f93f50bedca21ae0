/* tests/fault/fault_zone.c: a signed upstream in the test process.
 *
 *     test.        trust anchor (a DS of its key, written to a file)
 *     a.test.      DS in test.
 *     www.a.test.  A 192.0.2.1, AAAA 2001:db8::1;  ftp.a.test.  A 192.0.2.2
 *
 * Each zone has one Ed25519 key (fixed seeds; RFC 8032 signatures are
 * deterministic) that signs everything of the zone, valid from a day ago
 * for 30 days; the names that hold no DS or DNSKEY deny them with their
 * NSEC.  The answers are built once, as a resolver gives them to
 * DO+CD queries (OPT with DO), and served over UDP on 127.0.0.1 by a
 * process of its own that is never armed, so that no fault touches it. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fault.h"
#include "validator/validator.h"

struct key {
	EVP_PKEY *pkey;
	uint8_t rdata[4 + 32];	/* flags 257, protocol 3, algorithm 15, key */
	uint16_t tag;
};

struct buf {
	uint8_t b[1400];
	size_t n;
};

static void put(struct buf *m, const void *p, size_t n)
{
	if (m->n + n <= sizeof m->b)
		memcpy(m->b + m->n, p, n);
	m->n += n;
}

static void put8(struct buf *m, unsigned v)
{
	uint8_t o = (uint8_t)v;
	put(m, &o, 1);
}

static void put16(struct buf *m, unsigned v)
{
	put8(m, v >> 8);
	put8(m, v);
}

static void put32(struct buf *m, uint32_t v)
{
	put16(m, v >> 16);
	put16(m, v & 0xffff);
}

static void put_name(struct buf *m, const uint8_t *name)
{
	put(m, name, val_name_len(name));
}

static int key_make(struct key *k, uint8_t seed_byte)
{
	uint8_t seed[32];
	memset(seed, seed_byte, sizeof seed);
	k->pkey = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, seed, sizeof seed);
	size_t len = 32;
	if (!k->pkey || EVP_PKEY_get_raw_public_key(k->pkey, k->rdata + 4, &len) != 1)
		return -1;
	k->rdata[0] = 1;
	k->rdata[1] = 1;
	k->rdata[2] = 3;
	k->rdata[3] = 15;
	k->tag = val_keytag(k->rdata, sizeof k->rdata);
	return 0;
}

/* A record of the zone; signed by key (signer its zone) unless key is NULL. */
struct rec {
	const char *owner;
	uint16_t type;
	const uint8_t *rdata;
	size_t rdlen;
	const struct key *key;
	const char *signer;
};

static uint32_t inception, expiration;

static void put_rr(struct buf *m, const uint8_t *owner, uint16_t type, const uint8_t *rdata, size_t rdlen)
{
	put_name(m, owner);
	put16(m, type);
	put16(m, VAL_C_IN);
	put32(m, 3600);
	put16(m, (unsigned)rdlen);
	put(m, rdata, rdlen);
}

/* The record, then its RRSIG (RFC 4034 §3.1.8.1: the RRSIG RDATA without
 * the signature, then the one record in canonical form; every name here
 * is lower case). */
static int put_rec(struct buf *m, const struct rec *r)
{
	uint8_t owner[VAL_NAME_MAX], signer[VAL_NAME_MAX];
	const char *err;
	if (!val_name_from_str(owner, r->owner, &err))
		return -1;
	put_rr(m, owner, r->type, r->rdata, r->rdlen);
	if (!r->key)
		return 0;
	if (!val_name_from_str(signer, r->signer, &err))
		return -1;
	struct buf sig = { .n = 0 }, data = { .n = 0 };
	put16(&sig, r->type);
	put8(&sig, 15);
	put8(&sig, val_name_labels(owner));
	put32(&sig, 3600);
	put32(&sig, expiration);
	put32(&sig, inception);
	put16(&sig, r->key->tag);
	put_name(&sig, signer);
	put(&data, sig.b, sig.n);
	put_rr(&data, owner, r->type, r->rdata, r->rdlen);
	size_t siglen = 64;
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	int ok = md && EVP_DigestSignInit(md, NULL, NULL, NULL, r->key->pkey) == 1 &&
		 sig.n + siglen <= sizeof sig.b &&
		 EVP_DigestSign(md, sig.b + sig.n, &siglen, data.b, data.n) == 1;
	EVP_MD_CTX_free(md);
	if (!ok)
		return -1;
	sig.n += siglen;
	put_rr(m, owner, VAL_T_RRSIG, sig.b, sig.n);
	return 0;
}

/* DS RDATA of key k of zone: digest type 2, SHA-256 over owner | DNSKEY. */
static int ds_make(uint8_t out[4 + 32], const char *zone, const struct key *k)
{
	uint8_t owner[VAL_NAME_MAX], in[VAL_NAME_MAX + sizeof k->rdata];
	const char *err;
	if (!val_name_from_str(owner, zone, &err))
		return -1;
	size_t n = val_name_len(owner);
	memcpy(in, owner, n);
	memcpy(in + n, k->rdata, sizeof k->rdata);
	out[0] = (uint8_t)(k->tag >> 8);
	out[1] = (uint8_t)k->tag;
	out[2] = 15;
	out[3] = 2;
	unsigned len = 32;
	return EVP_Digest(in, n + sizeof k->rdata, out + 4, &len, EVP_sha256(), NULL) == 1 ? 0 : -1;
}

/* ------------------------------------------------------------------ */
/* The answers                                                          */

#define ANSWERS_MAX 16

static struct answer {
	uint8_t qname[VAL_NAME_MAX];
	uint16_t qtype;
	struct buf msg;
} answers[ANSWERS_MAX];
static size_t nanswers;

/* The response to (qname, qtype): the records an (each with its RRSIG) in
 * the answer section, ns in the authority section, an OPT with DO. */
static int add_response(const char *qname, uint16_t qtype, const struct rec *an, size_t nan, const struct rec *ns,
			size_t nns)
{
	if (nanswers == ANSWERS_MAX)
		return -1;
	struct answer *a = &answers[nanswers++];
	const char *err;
	if (!val_name_from_str(a->qname, qname, &err))
		return -1;
	a->qtype = qtype;
	struct buf *m = &a->msg;
	unsigned count[2] = { 0, 0 };
	for (size_t i = 0; i < nan + nns; i++)
		count[i >= nan] += (i < nan ? an[i].key : ns[i - nan].key) ? 2 : 1;
	put16(m, 0);		/* ID: the query's */
	put16(m, 0x8180);	/* QR RD RA; CD copied from the query */
	put16(m, 1);
	put16(m, count[0]);
	put16(m, count[1]);
	put16(m, 1);
	put_name(m, a->qname);
	put16(m, qtype);
	put16(m, VAL_C_IN);
	for (size_t i = 0; i < nan + nns; i++)
		if (put_rec(m, i < nan ? &an[i] : &ns[i - nan]) != 0)
			return -1;
	put8(m, 0);		/* OPT: root, payload 1232, DO */
	put16(m, VAL_T_OPT);
	put16(m, 1232);
	put32(m, 0x8000);
	put16(m, 0);
	return m->n <= sizeof m->b ? 0 : -1;
}

/* NSEC RDATA (RFC 4034 §4.1): the next name, then window 0 of the type
 * bitmap (every type here is below 256). */
static size_t nsec_make(uint8_t *out, const char *next, const uint16_t *types, size_t ntypes)
{
	const char *err;
	size_t n = val_name_from_str(out, next, &err);
	unsigned len = 0;
	uint8_t bits[32] = { 0 };
	for (size_t i = 0; i < ntypes; i++) {
		bits[types[i] / 8] |= (uint8_t)(0x80 >> (types[i] % 8));
		if (types[i] / 8 + 1u > len)
			len = types[i] / 8 + 1u;
	}
	out[n++] = 0;
	out[n++] = (uint8_t)len;
	memcpy(out + n, bits, len);
	return n + len;
}

int zone_build(const char *anchor_path)
{
	static const uint8_t a1[4] = { 192, 0, 2, 1 }, a2[4] = { 192, 0, 2, 2 };
	static const uint8_t aaaa[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	/* The DNS64's synthesized answer for ipv4only.arpa. (RFC 7050), unsigned
	 * as in the real tree: lookups learn 64:ff9b::/96 in their first round. */
	static const uint8_t wka[16] = { 0, 0x64, 0xff, 0x9b, [12] = 192, 0, 0, 170 };
	static const uint16_t t_www[] = { VAL_T_A, VAL_T_AAAA, VAL_T_RRSIG, VAL_T_NSEC };
	static const uint16_t t_ftp[] = { VAL_T_A, VAL_T_RRSIG, VAL_T_NSEC };
	struct key test, a;
	uint8_t ds_test[36], ds_a[36], soa[2 * VAL_NAME_MAX + 20], nsec_www[VAL_NAME_MAX + 34], nsec_ftp[VAL_NAME_MAX + 34];
	time_t now = time(NULL);
	inception = (uint32_t)(now - 86400);
	expiration = (uint32_t)(now + 30 * 86400);
	if (key_make(&test, 1) != 0 || key_make(&a, 2) != 0 || ds_make(ds_test, "test.", &test) != 0 ||
	    ds_make(ds_a, "a.test.", &a) != 0)
		return -1;
	/* SOA a.test.: ns.a.test. hostmaster.a.test. 1 3600 600 86400 300 */
	const char *err;
	size_t soalen = val_name_from_str(soa, "ns.a.test.", &err);
	soalen += val_name_from_str(soa + soalen, "hostmaster.a.test.", &err);
	static const uint8_t soa_nums[20] = { 0, 0, 0, 1, 0, 0, 0x0e, 0x10, 0, 0, 0x02, 0x58,
					      0, 0x01, 0x51, 0x80, 0, 0, 0x01, 0x2c };
	memcpy(soa + soalen, soa_nums, sizeof soa_nums);
	soalen += sizeof soa_nums;
	size_t nwww = nsec_make(nsec_www, "a.test.", t_www, sizeof t_www / sizeof t_www[0]);
	size_t nftp = nsec_make(nsec_ftp, "www.a.test.", t_ftp, sizeof t_ftp / sizeof t_ftp[0]);

	const struct rec k_test = { "test.", VAL_T_DNSKEY, test.rdata, sizeof test.rdata, &test, "test." };
	const struct rec r_ds_a = { "a.test.", VAL_T_DS, ds_a, sizeof ds_a, &test, "test." };
	const struct rec k_a = { "a.test.", VAL_T_DNSKEY, a.rdata, sizeof a.rdata, &a, "a.test." };
	const struct rec www_a = { "www.a.test.", VAL_T_A, a1, sizeof a1, &a, "a.test." };
	const struct rec www_aaaa = { "www.a.test.", VAL_T_AAAA, aaaa, sizeof aaaa, &a, "a.test." };
	const struct rec ftp_a = { "ftp.a.test.", VAL_T_A, a2, sizeof a2, &a, "a.test." };
	const struct rec ipv4only = { "ipv4only.arpa.", VAL_T_AAAA, wka, sizeof wka, NULL, NULL };
	/* No DS, no DNSKEY at www and ftp: the NSEC of the name, with the SOA. */
	const struct rec no_www[] = { { "a.test.", VAL_T_SOA, soa, soalen, &a, "a.test." },
				      { "www.a.test.", VAL_T_NSEC, nsec_www, nwww, &a, "a.test." } };
	const struct rec no_ftp[] = { { "a.test.", VAL_T_SOA, soa, soalen, &a, "a.test." },
				      { "ftp.a.test.", VAL_T_NSEC, nsec_ftp, nftp, &a, "a.test." } };
	int rc = add_response("test.", VAL_T_DNSKEY, &k_test, 1, NULL, 0) |
		 add_response("a.test.", VAL_T_DS, &r_ds_a, 1, NULL, 0) |
		 add_response("a.test.", VAL_T_DNSKEY, &k_a, 1, NULL, 0) |
		 add_response("www.a.test.", VAL_T_A, &www_a, 1, NULL, 0) |
		 add_response("www.a.test.", VAL_T_AAAA, &www_aaaa, 1, NULL, 0) |
		 add_response("ftp.a.test.", VAL_T_A, &ftp_a, 1, NULL, 0) |
		 add_response("www.a.test.", VAL_T_DS, NULL, 0, no_www, 2) |
		 add_response("www.a.test.", VAL_T_DNSKEY, NULL, 0, no_www, 2) |
		 add_response("ftp.a.test.", VAL_T_DS, NULL, 0, no_ftp, 2) |
		 add_response("ftp.a.test.", VAL_T_DNSKEY, NULL, 0, no_ftp, 2) |
		 add_response("ipv4only.arpa.", VAL_T_AAAA, &ipv4only, 1, NULL, 0);
	EVP_PKEY_free(test.pkey);
	EVP_PKEY_free(a.pkey);
	if (rc != 0)
		return -1;

	FILE *f = fopen(anchor_path, "w");
	if (!f)
		return -1;
	fprintf(f, "; the anchor of the fault-injection zone\ntest. IN DS %u 15 2 ", test.tag);
	for (size_t i = 4; i < sizeof ds_test; i++)
		fprintf(f, "%02X", ds_test[i]);
	fprintf(f, "\n");
	return fclose(f) == 0 ? 0 : -1;
}

/* ------------------------------------------------------------------ */
/* The server                                                           */

/* A process of its own, not a thread: the runs fork, and LeakSanitizer
 * in a child must not look for a thread the child does not have. */
static pid_t server = -1;
static atomic_uint *unknown;	/* shared with the server process */

unsigned zone_unknown(void)
{
	return unknown ? atomic_load(unknown) : 0;
}

/* The question of a query: the name (uncompressed, as our stub writes it)
 * and the type; 0 or -1. */
static int question(const uint8_t *q, size_t len, uint8_t name[VAL_NAME_MAX], uint16_t *type)
{
	size_t off = 12, n = 0;
	if (len < 12)
		return -1;
	for (;;) {
		if (off >= len || n + q[off] + 1 > VAL_NAME_MAX || (q[off] & 0xc0))
			return -1;
		uint8_t l = q[off];
		memcpy(name + n, q + off, (size_t)l + 1);
		n += (size_t)l + 1;
		off += (size_t)l + 1;
		if (l == 0)
			break;
	}
	if (off + 4 > len)
		return -1;
	*type = (uint16_t)(q[off] << 8 | q[off + 1]);
	return 0;
}

static void __attribute__((noreturn)) serve(int fd)
{
	for (;;) {
		uint8_t q[1500], name[VAL_NAME_MAX], r[1500];
		struct sockaddr_in from;
		socklen_t fromlen = sizeof from;
		ssize_t len = recvfrom(fd, q, sizeof q, 0, (struct sockaddr *)&from, &fromlen);
		uint16_t type;
		if (len < 0 || question(q, (size_t)len, name, &type) != 0)
			continue;
		const struct answer *a = NULL;
		for (size_t i = 0; i < nanswers && !a; i++)
			if (answers[i].qtype == type && val_name_eq(answers[i].qname, name))
				a = &answers[i];
		size_t rlen;
		if (a) {
			memcpy(r, a->msg.b, a->msg.n);
			rlen = a->msg.n;
		} else {
			/* SERVFAIL with the question: the test forgot an answer. */
			char s[VAL_NAME_STR_MAX];
			fprintf(stderr, "fault: the zone has no answer for %s type %u\n", val_name_str(name, s), type);
			atomic_fetch_add(unknown, 1);
			rlen = 12 + val_name_len(name) + 4;
			memcpy(r, q, rlen);
			r[2] = 0x81;
			r[3] = 0x82;
			memset(r + 6, 0, 6);
		}
		r[0] = q[0];
		r[1] = q[1];
		r[3] = (uint8_t)(r[3] | (q[3] & 0x10));	/* CD */
		/* Twice, as a network may deliver it: when c-ares drops the
		 * first copy (it could not allocate while reading it), the
		 * second is there at once, not after a retry a timeout later. */
		sendto(fd, r, rlen, 0, (struct sockaddr *)&from, fromlen);
		sendto(fd, r, rlen, 0, (struct sockaddr *)&from, fromlen);
	}
}

uint16_t zone_serve(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof sa;
	void *shared = mmap(NULL, sizeof *unknown, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED)
		return 0;
	unknown = shared;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &len) != 0) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	pid_t parent = getpid();
	server = fork();
	if (server == 0) {
		/* Gone with the test, however it ends. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(0);
		serve(fd);
	}
	close(fd);
	return server > 0 ? ntohs(sa.sin_port) : 0;
}

void zone_stop(void)
{
	if (server <= 0)
		return;
	kill(server, SIGKILL);
	waitpid(server, NULL, 0);
	server = -1;
}
