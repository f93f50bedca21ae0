/* stub/stub_resolv.c: /etc/resolv.conf read as glibc 2.36 reads it
 * (resolv/res_init.c, res_vinit_1 and res_setoptions), so that the module
 * asks the same servers and expands the same search list as the `dns`
 * module would:
 *  - a keyword counts only at the very start of a line and followed by a
 *    space or tab; ';' or '#' in the first column is a comment; other lines
 *    are ignored;
 *  - `domain` and `search` each replace the search list of any earlier
 *    `domain` or `search` line; `domain` keeps its first word only;
 *  - `nameserver`: the first word, an inet_aton() IPv4 address or an IPv6
 *    address with an optional %scope; glibc uses the first MAXNS (3);
 *  - `options ndots:N timeout:N attempts:N rotate`, capped as glibc caps
 *    them;
 *  - no nameserver at all: the local host; no search list: the domain of
 *    the host name.
 * Unlike glibc, the environment (LOCALDOMAIN, RES_OPTIONS) is never read:
 * the module runs inside setuid programs.  What glibc would take but this
 * module cannot use is ignored with a warning (c->warning). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <resolv.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <unistd.h>

#include "stub_conf_int.h"

/* glibc caps ndots at RES_MAXNDOTS (STUB_NDOTS_MAX), attempts at
 * RES_MAXRETRY (STUB_ATTEMPTS_MAX) and timeout at RES_MAXRETRANS, and uses
 * MAXNS nameservers (resolv.h). */
_Static_assert(STUB_NDOTS_MAX == RES_MAXNDOTS, "glibc's ndots cap");
_Static_assert(STUB_ATTEMPTS_MAX == RES_MAXRETRY, "glibc's attempts cap");
_Static_assert(STUB_SEARCH_MAX == MAXDNSRCH, "glibc's search list in _res");
_Static_assert(STUB_SERVERS_MAX >= MAXNS, "room for resolv.conf's servers");

/* MATCH() of res_init.c: the keyword, then a space or a tab. */
static bool match_keyword(char *line, const char *kw, char **rest)
{
	size_t n = strlen(kw);
	if (strncmp(line, kw, n) != 0 || (line[n] != ' ' && line[n] != '\t'))
		return false;
	char *p = line + n;
	while (*p == ' ' || *p == '\t')
		p++;
	*rest = p;
	return true;
}

/* Splits off the next word (space or tab separated, as glibc splits);
 * returns NULL at the end. */
static char *next_word(char **p)
{
	char *s = *p;
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '\0') {
		*p = s;
		return NULL;
	}
	char *w = s;
	while (*s && *s != ' ' && *s != '\t')
		s++;
	if (*s)
		*s++ = '\0';
	*p = s;
	return w;
}

struct resolv_state {
	bool use_servers;	/* the configuration named no nameserver */
	size_t nservers;	/* valid nameserver lines so far */
	bool had_search;	/* a search or domain line was seen */
};

static void set_search(struct stub_config *c, const struct stub_lines *l, char *words)
{
	c->nsearch = 0;
	char *w;
	while ((w = next_word(&words))) {
		uint8_t name[VAL_NAME_MAX];
		const char *err = NULL;
		if (c->nsearch >= STUB_SEARCH_MAX) {
			stub_line_warn(c, l, w, "more than %u search domains; the rest is ignored",
				       STUB_SEARCH_MAX);
			return;
		}
		if (val_name_from_str(name, w, &err) == 0) {
			stub_line_warn(c, l, w, "search domain ignored: %s", err ? err : "bad name");
			continue;
		}
		val_name_lower(c->search[c->nsearch++], name);
	}
}

static void parse_nameserver(struct stub_config *c, struct resolv_state *st, const struct stub_lines *l,
		       char *rest)
{
	char *w = next_word(&rest);
	uint8_t bin[16];
	int family;
	if (!w)
		return; /* glibc: nothing to parse, nothing added */
	/* __inet_aton_exact: inet_aton() with nothing after the address
	 * (it accepts "127.1" and "0x7f.1" as glibc does). */
	struct in_addr a4;
	if (strpbrk(w, "\r\n\v\f") == NULL && inet_aton(w, &a4) != 0) {
		family = AF_INET;
		memcpy(bin, &a4, 4);
	} else {
		char *scope = strchr(w, '%');
		if (scope)
			*scope = '\0';
		if (w[0] == '\0' || inet_pton(AF_INET6, w, bin) != 1) {
			if (scope)
				*scope = '%';
			stub_line_warn(c, l, w, "nameserver ignored: not an IPv4 or IPv6 address");
			return;
		}
		family = AF_INET6;
		if (scope) {
			/* c-ares 1.18.1 cannot be given a scope id, so a
			 * link-local server would not be reachable anyway:
			 * say so rather than fail in the dark. */
			*scope = '%';
			stub_line_warn(c, l, w, "nameserver scope id ignored");
		}
	}
	if (st->nservers >= MAXNS) {
		stub_line_warn(c, l, w, "more than %d nameservers; glibc uses the first %d", MAXNS, MAXNS);
		return;
	}
	st->nservers++;
	if (st->use_servers)
		stub_server_set(&c->servers[c->nservers++], family, bin, 53);
}

/* The value of "name:N" as glibc's atoi() would read it when it is a
 * plain number; false (and a warning) for anything else. */
static bool option_value(struct stub_config *c, const struct stub_lines *l, const char *word,
			 const char *v, unsigned long cap, unsigned long *out)
{
	unsigned long n = 0;
	if (*v == '\0')
		goto bad;
	for (; *v; v++) {
		if (*v < '0' || *v > '9')
			goto bad;
		if (n <= cap)	/* saturate: anything above the cap is the cap */
			n = n * 10 + (unsigned long)(*v - '0');
	}
	*out = n > cap ? cap : n;
	return true;
bad:
	stub_line_warn(c, l, word, "option ignored: bad number");
	return false;
}

static void parse_options(struct stub_config *c, const struct stub_lines *l, char *rest)
{
	/* Known to glibc and without effect on what this module does (it
	 * always sends EDNS0, never trusts the AD bit, and reads the
	 * configuration when it is loaded). */
	static const char *const harmless[] = {
		"edns0", "single-request", "single-request-reopen", "no-reload", "trust-ad",
	};
	/* Known to glibc, changing what the `dns` module does, not done here. */
	static const char *const unsupported[] = {
		"use-vc", "no-tld-query", "no_tld_query", "no-aaaa",
	};
	char *w;
	while ((w = next_word(&rest))) {
		unsigned long v;
		if (strncmp(w, "ndots:", 6) == 0) {
			if (option_value(c, l, w, w + 6, STUB_NDOTS_MAX, &v))
				c->ndots = (unsigned)v;
		} else if (strncmp(w, "timeout:", 8) == 0) {
			/* glibc's res_send waits at least one second. */
			if (option_value(c, l, w, w + 8, RES_MAXRETRANS, &v))
				c->try_timeout_s = v ? (unsigned)v : 1;
		} else if (strncmp(w, "attempts:", 9) == 0) {
			if (option_value(c, l, w, w + 9, STUB_ATTEMPTS_MAX, &v)) {
				/* glibc would send nothing at all. */
				if (v == 0)
					stub_line_warn(c, l, w, "attempts:0 taken as 1");
				c->attempts = v ? (unsigned)v : 1;
			}
		} else if (strcmp(w, "rotate") == 0) {
			c->rotate = true;
		} else {
			bool known = false;
			for (size_t i = 0; i < sizeof harmless / sizeof harmless[0]; i++)
				known |= strcmp(w, harmless[i]) == 0;
			for (size_t i = 0; !known && i < sizeof unsupported / sizeof unsupported[0]; i++)
				if (strcmp(w, unsupported[i]) == 0) {
					stub_line_warn(c, l, w, "option not supported, ignored");
					known = true;
				}
			if (!known)
				stub_line_warn(c, l, w, "unknown option ignored");
		}
	}
}

static int resolv_line(struct stub_config *c, struct resolv_state *st, struct stub_lines *l)
{
	char *line = l->line, *rest;
	if (line[0] == ';' || line[0] == '#')
		return 0;
	if (match_keyword(line, "domain", &rest)) {
		char *w = next_word(&rest);
		if (w) {
			st->had_search = true;
			set_search(c, l, w);
		}
	} else if (match_keyword(line, "search", &rest)) {
		if (*rest) {
			st->had_search = true;
			set_search(c, l, rest);
		}
	} else if (match_keyword(line, "nameserver", &rest)) {
		parse_nameserver(c, st, l, rest);
	} else if (match_keyword(line, "options", &rest)) {
		parse_options(c, l, rest);
	} else if (match_keyword(line, "sortlist", &rest)) {
		stub_line_warn(c, l, line, "sortlist is not supported, ignored");
	} else {
		char *p = line;
		while (*p == ' ' || *p == '\t')
			p++;
		if (p != line && (match_keyword(p, "nameserver", &rest) || match_keyword(p, "search", &rest) ||
				  match_keyword(p, "domain", &rest) || match_keyword(p, "options", &rest)))
			stub_line_warn(c, l, p, "indented line ignored, as glibc ignores it");
	}
	return 0;
}

/* glibc's domain_from_hostname(): the part after the first dot. */
static void search_from_hostname(struct stub_config *c)
{
	char host[256];
	host[sizeof host - 1] = '\0';
	if (gethostname(host, sizeof host - 1) != 0)
		return;
	char *dot = strchr(host, '.');
	uint8_t name[VAL_NAME_MAX];
	const char *err;
	if (dot && dot[1] != '\0' && val_name_from_str(name, dot + 1, &err) != 0)
		val_name_lower(c->search[c->nsearch++], name);
}

int stub_resolv_read(struct stub_config *c, const char *path)
{
	struct resolv_state st = { .use_servers = !c->servers_from_config };
	char esc[160];
	int rc = 0;
	FILE *f;
	if (st.use_servers)
		c->nservers = 0;
	c->nsearch = 0;
	int orc = stub_conf_open(AT_FDCWD, path, false, &f);
	struct stat fst;
	if (orc == 0 && fstat(fileno(f), &fst) == 0)
		stub_conf_watch(c, path, &fst, 0);
	else
		stub_conf_watch(c, path, NULL, orc == 0 ? errno : -orc);
	if (orc == 0) {
		struct stub_lines *l = malloc(sizeof *l);
		if (!l) {
			fclose(f);
			return stub_conf_fail(c, -ENOMEM, "%s: out of memory", path);
		}
		stub_lines_init(l, f, path);
		while ((rc = stub_lines_next(c, l)) > 0)
			resolv_line(c, &st, l);
		free(l);
		fclose(f);
		if (rc < 0)
			return rc;
	} else {
		switch (-orc) {
		case ENOENT:
			break;
		case EACCES: case EISDIR: case ELOOP: case ENOTDIR: case EPERM:
			/* What glibc takes as "no resolv.conf". */
			stub_conf_warn(c, "%s: cannot open: %s; using the defaults",
				       stub_conf_escape(esc, sizeof esc, path), stub_conf_strerror(-orc));
			break;
		default:
			return stub_conf_fail(c, orc == -ENODEV ? -EINVAL : orc, "%s: cannot open: %s",
					      stub_conf_escape(esc, sizeof esc, path),
					      stub_conf_strerror(-orc));
		}
	}
	if (st.use_servers && c->nservers == 0) {
		/* No usable nameserver: the local host, over IPv4 and IPv6. */
		stub_server_set(&c->servers[c->nservers++], AF_INET, &(struct in_addr){ htonl(INADDR_LOOPBACK) }, 53);
	}
	if (!st.had_search)
		search_from_hostname(c);
	return 0;
}
