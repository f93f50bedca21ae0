/* stub/stub_hints.c: the root hints file of the authoritative fallback
 * (root-hints, default /usr/share/dns/root.hints from dns-root-data).
 * Strict: the file has one job, naming the root servers' addresses, and
 * anything else in it is an error naming FILE:LINE, so that a wrong file
 * (a trust-anchor file, a zone) is caught by check-config rather than
 * silently giving the fallback nowhere to go.  Accepted, one record a line:
 *
 *     .                    3600000  NS    A.ROOT-SERVERS.NET.
 *     A.ROOT-SERVERS.NET.  3600000  A     198.41.0.4
 *     A.ROOT-SERVERS.NET.  3600000  AAAA  2001:503:ba3e::2:30
 *
 * owner [TTL] [IN] TYPE RDATA, names absolute, ';' comments, blank lines.
 * The addresses are kept (port 53); the TTLs are not (hints are hints: the
 * root's own NS set is what the walk trusts next, and only as a place to
 * ask, never as validated data). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "stub_conf_int.h"

struct hints_parser {
	uint8_t ns[STUB_HINTS_NS_MAX][VAL_NAME_MAX];
	size_t nns;
	struct {
		uint8_t owner[VAL_NAME_MAX];
		unsigned line;
		char text[96];
		struct stub_server s;
	} addr[STUB_HINTS_ADDRS_MAX];
	size_t naddr;
};

static bool is_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\f' || ch == '\v';
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

static bool absolute_name(const char *s, uint8_t out[VAL_NAME_MAX])
{
	const char *err;
	size_t n = strlen(s);
	return n > 0 && s[n - 1] == '.' && val_name_from_str(out, s, &err) > 0;
}

/* One line of l into hp. */
static int hints_line(struct stub_config *c, struct stub_lines *l, struct hints_parser *hp)
{
	char *p = l->line, *tok[6];
	size_t ntok = 0;
	char *semi = strchr(p, ';');
	if (semi)
		*semi = '\0';
	memcpy(l->text, p, strlen(p) + 1);
	while (*p) {
		while (is_blank(*p))
			p++;
		if (!*p)
			break;
		if (ntok == 5)
			return stub_line_fail(c, l, l->text, "root hints: too many fields");
		tok[ntok++] = p;
		while (*p && !is_blank(*p))
			p++;
		if (*p)
			*p++ = '\0';
	}
	if (ntok == 0)
		return 0;
	if (is_blank(l->line[0]))
		return stub_line_fail(c, l, l->text, "root hints: the owner name is missing");
	size_t i = 1;
	if (i < ntok && all_digits(tok[i]))
		i++;
	if (i < ntok && strcasecmp(tok[i], "IN") == 0)
		i++;
	if (ntok != i + 2)
		return stub_line_fail(c, l, l->text, "root hints: expected \"owner [TTL] [IN] TYPE RDATA\"");
	uint8_t owner[VAL_NAME_MAX];
	if (!absolute_name(tok[0], owner))
		return stub_line_fail(c, l, tok[0], "root hints: the owner is not an absolute domain name");
	const char *type = tok[i], *rdata = tok[i + 1];
	if (strcasecmp(type, "NS") == 0) {
		if (val_name_len(owner) != 1)
			return stub_line_fail(c, l, tok[0], "root hints: an NS record of another zone than the root");
		if (hp->nns == STUB_HINTS_NS_MAX)
			return stub_line_fail(c, l, rdata, "root hints: more than %d NS records", STUB_HINTS_NS_MAX);
		if (!absolute_name(rdata, hp->ns[hp->nns]))
			return stub_line_fail(c, l, rdata, "root hints: the NS target is not an absolute domain name");
		hp->nns++;
		return 0;
	}
	bool v4 = strcasecmp(type, "A") == 0, v6 = strcasecmp(type, "AAAA") == 0;
	if (!v4 && !v6)
		return stub_line_fail(c, l, type, "root hints: only NS, A and AAAA records belong here");
	if (hp->naddr == STUB_HINTS_ADDRS_MAX)
		return stub_line_fail(c, l, rdata, "root hints: more than %d addresses", STUB_HINTS_ADDRS_MAX);
	uint8_t a[16];
	if (inet_pton(v4 ? AF_INET : AF_INET6, rdata, a) != 1)
		return stub_line_fail(c, l, rdata, "root hints: not an %s address", v4 ? "IPv4" : "IPv6");
	memcpy(hp->addr[hp->naddr].owner, owner, val_name_len(owner));
	hp->addr[hp->naddr].line = l->lineno;
	snprintf(hp->addr[hp->naddr].text, sizeof hp->addr[hp->naddr].text, "%s", tok[0]);
	stub_server_set(&hp->addr[hp->naddr].s, v4 ? AF_INET : AF_INET6, a, 53);
	hp->naddr++;
	return 0;
}

int stub_hints_load(struct stub_config *c)
{
	char esc[160];
	const char *path = c->root_hints[0] ? c->root_hints : STUB_HINTS_DEFAULT;
	FILE *f;
	int rc = stub_conf_open(AT_FDCWD, path, false, &f);
	/* Watched like every configuration file, so that an edit of the hints
	 * counts at the next lookup (stub_host.c, config_unchanged): an open
	 * file by stub_conf_check_owner's fstat, one that cannot be opened
	 * here. */
	if (rc < 0) {
		stub_conf_watch(c, path, NULL, -rc);
		return stub_conf_fail(c, rc == -EISDIR || rc == -ENODEV ? -EINVAL : rc,
				      "root hints (authoritative-fallback yes): %s: cannot open: %s",
				      stub_conf_escape(esc, sizeof esc, path), stub_conf_strerror(-rc));
	}
	rc = stub_conf_check_owner(c, fileno(f), path, STUB_CONF_HINTS_FILE);
	if (rc < 0) {
		fclose(f);
		return rc;
	}
	struct stub_lines *l = malloc(sizeof *l);
	struct hints_parser *hp = calloc(1, sizeof *hp);
	if (!l || !hp) {
		rc = stub_conf_fail(c, -ENOMEM, "%s: out of memory", stub_conf_escape(esc, sizeof esc, path));
		goto out;
	}
	stub_lines_init(l, f, path);
	while ((rc = stub_lines_next(c, l)) > 0)
		if ((rc = hints_line(c, l, hp)) != 0)
			goto out;
	if (rc != 0)
		goto out;
	c->nhints = 0;
	for (size_t i = 0; i < hp->naddr; i++) {
		bool named = false;
		for (size_t j = 0; j < hp->nns && !named; j++)
			named = val_name_eq(hp->ns[j], hp->addr[i].owner);
		if (!named) {
			l->lineno = hp->addr[i].line;
			rc = stub_line_fail(c, l, hp->addr[i].text,
					    "root hints: an address of a name that no NS record names");
			goto out;
		}
		c->hints[c->nhints++] = hp->addr[i].s;
	}
	if (c->nhints == 0)
		rc = stub_conf_fail(c, -EINVAL, "%s: root hints: no root server address in the file",
				    stub_conf_escape(esc, sizeof esc, path));
out:
	free(hp);
	free(l);
	fclose(f);
	return rc;
}
