/* tools/nss-dnssec.c: the nss-dnssec command (DESIGN.md, "The command-line
 * tool").  `query` validates any name and type with the module's own engine
 * and says what it found, for people or (--short) for scripts; `why`
 * explains a failure and what to do about it; `trace` shows every link from
 * the trust anchor down (also as a Graphviz graph); `check-config` shows
 * what the configuration amounts to.  Every command takes the same
 * --server/--anchor/--at/--config options.  `hotspot` opens and closes
 * the sign-on window (root only; DESIGN.md, "Field conditions"). */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "stub/stub.h"
#include "tools/tool_print.h"
#include "tools/tool_probe.h"
#include "tools/tool_trace.h"
#include "validator/validator.h"

static void usage(FILE *f)
{
	fputs("usage: nss-dnssec query [options] [--short] NAME [TYPE]\n"
	      "       nss-dnssec why [options] NAME [TYPE]\n"
	      "       nss-dnssec trace [options] [--format text|dot] NAME [TYPE]\n"
	      "       nss-dnssec check-config [options]\n"
	      "       nss-dnssec hotspot [MINUTES|off]\n"
	      "       nss-dnssec probe [options] [--name ZONE] [--bogus NAME] [--aaaa NAME]\n"
	      "                        [--large NAME TYPE] [--root-hints FILE]\n"
	      "       nss-dnssec --version | --help\n"
	      "\n"
	      "DNSSEC validation on the host for glibc's name service switch.\n"
	      "\n"
	      "query         validates NAME (TYPE: A by default; any mnemonic or TYPEnnn) with\n"
	      "              the module's own engine, from the trust anchor down, and reports\n"
	      "              the verdict, its reason and the answer\n"
	      "  --short     the verdict on line 1, then one RDATA per line\n"
	      "why           names the one broken link of a failing NAME (zone, record, key\n"
	      "              tags, EDE) and what to do about it; for a name that does not\n"
	      "              fail, why it is secure or insecure\n"
	      "trace         every link from the trust anchor down: DS, DNSKEY, RRSIG\n"
	      "              validity, CNAME steps, denial proofs; the broken link marked\n"
	      "  --format F  text (default) or dot (a Graphviz digraph: dot -Tsvg)\n"
	      "check-config  reads the configuration, resolv.conf and the trust anchors and\n"
	      "              shows what a lookup would use, or the FILE:LINE of an error\n"
	      "hotspot       (root) for MINUTES (default 5, at most 30) lookups that fail\n"
	      "              validation get the resolver's answer, each one logged, so that\n"
	      "              a captive portal's sign-on page can be reached; \"off\" ends it\n"
	      "probe         tests each resolver the way the module needs it (EDNS, DO, CD,\n"
	      "              RRSIG, DS, DNSKEY, denial proofs, TCP, large and cached answers),\n"
	      "              one line each, then whether the root hints' servers answer\n"
	      "  --name ZONE   a signed zone to ask about (default: the root)\n"
	      "  --bogus NAME  a name that fails validation, to see CD honoured\n"
	      "  --aaaa NAME   a signed name with AAAA records, to see them kept\n"
	      "  --large NAME TYPE  an answer over 1232 octets, to see it whole\n"
	      "  --root-hints FILE  default: the configuration's root-hints, or " STUB_HINTS_DEFAULT "\n"
	      "\n"
	      "options of every command:\n"
	      "  --server ADDR[#PORT]  ask this server instead of resolv.conf's (repeatable;\n"
	      "                        an authoritative server works too)\n"
	      "  --anchor FILE         use these trust anchors (DS or DNSKEY lines) instead of\n"
	      "                        the configured ones (repeatable; any zone)\n"
	      "  --at YYYYmmddHHMMSS   validate signatures as of this UTC time\n"
	      "  --config FILE         read this configuration instead of /etc/nss-dnssec.conf\n"
	      "\n"
	      "exit status: 0 secure, 1 insecure, 2 bogus, 3 indeterminate (check-config,\n"
	      "             hotspot: 0; hotspot: 1 not root or the file cannot be written;\n"
	      "             probe: 0 lookups validate through the resolver, 1 only through\n"
	      "             the authoritative fallback, 2 not at all),\n"
	      "             64 usage error, 78 configuration error\n", f);
}

static int parse_type(const char *s, uint16_t *type)
{
	if (strncasecmp(s, "TYPE", 4) == 0 && s[4]) {
		char *end;
		unsigned long v = strtoul(s + 4, &end, 10);
		if (*end == '\0' && v <= 65535) {
			*type = (uint16_t)v;
			return 0;
		}
	}
	for (unsigned t = 1; t <= 65535; t++) {
		char buf[16];
		if (strcasecmp(s, tool_print_type((uint16_t)t, buf)) == 0) {
			*type = (uint16_t)t;
			return 0;
		}
	}
	return -EINVAL;
}

static int parse_time(const char *s, uint64_t *out)
{
	struct tm tm = { 0 };
	if (strlen(s) != 14 || sscanf(s, "%4d%2d%2d%2d%2d%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
				       &tm.tm_min, &tm.tm_sec) != 6)
		return -EINVAL;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	time_t t = timegm(&tm);
	if (t < 0)
		return -EINVAL;
	*out = (uint64_t)t;
	return 0;
}

/* Exit statuses, one per verdict (documented in --help). */
enum {
	EXIT_SECURE = 0, EXIT_INSECURE = 1, EXIT_BOGUS = 2, EXIT_INDETERMINATE = 3,
	EXIT_USAGE = 64, EXIT_CONFIG = 78,
};

static int exit_for(enum val_verdict v)
{
	switch (v) {
	case VAL_SECURE: return EXIT_SECURE;
	case VAL_INSECURE: return EXIT_INSECURE;
	case VAL_BOGUS: return EXIT_BOGUS;
	default: return EXIT_INDETERMINATE;
	}
}

/* ------------------------------------------------------------------ */
/* What every command shares: options, question, configuration         */

/* Options a command may take besides the common ones. */
enum { OPT_SHORT = 1 << 0, OPT_FORMAT = 1 << 1, OPT_PROBE = 1 << 2 };

struct opts {
	struct stub_server servers[STUB_SERVERS_MAX];	/* --server: replace resolv.conf's */
	size_t nservers;
	const char *anchors[STUB_ANCHORS_MAX];		/* --anchor: replace the configured ones */
	size_t nanchors;
	const char *config;				/* --config, or NULL */
	uint64_t now;					/* --at, or the clock */
	bool explicit_time;
	bool short_form;				/* query --short */
	bool dot;					/* trace --format dot */
	struct tool_probe_args probe;			/* probe's own options */
};

/* --server ADDR[#PORT] (arg): one more server.  0, or -1 with the
 * message written. */
static int opt_server(struct opts *o, const char *arg)
{
	const char *err;
	if (o->nservers == STUB_SERVERS_MAX) {
		fprintf(stderr, "nss-dnssec: --server %s: at most %d servers\n", arg, STUB_SERVERS_MAX);
		return -1;
	}
	if (stub_server_parse(&o->servers[o->nservers], arg, &err) != 0) {
		fprintf(stderr, "nss-dnssec: --server %s: %s (ADDR or ADDR#PORT)\n", arg, err);
		return -1;
	}
	o->nservers++;
	return 0;
}

/* probe's --name, --bogus, --aaaa and --large NAME TYPE (c: the option's
 * letter, optarg the NAME; --large takes TYPE from argv[optind]).  0, or
 * -1 with the message written. */
static int opt_probe_name(struct opts *o, int c, int argc, char **argv)
{
	const char *err;
	uint8_t *name = c == 'n' ? o->probe.zone : c == 'b' ? o->probe.bogus
		      : c == '6' ? o->probe.aaaa : o->probe.large;
	if (val_name_from_str(name, optarg, &err) == 0) {
		fprintf(stderr, "nss-dnssec: %s: %s\n", optarg, err);
		return -1;
	}
	o->probe.has_bogus |= c == 'b';
	o->probe.has_aaaa |= c == '6';
	if (c == 'L') {	/* --large NAME TYPE: the type is the next word */
		if (optind >= argc || parse_type(argv[optind], &o->probe.large_type) != 0) {
			fprintf(stderr, "nss-dnssec: --large %s: want NAME TYPE\n", optarg);
			return -1;
		}
		optind++;
		o->probe.has_large = true;
	}
	return 0;
}

/* Parses the options of a command that accepts `extra` (OPT_*) besides the
 * common ones.  Returns -1 to go on (argv[optind] is the first operand), or
 * the exit status (--help, a usage error). */
static int parse_opts(int argc, char **argv, unsigned extra, struct opts *o)
{
	static const struct option opts[] = {
		{ "server", required_argument, NULL, 's' }, { "anchor", required_argument, NULL, 'a' },
		{ "at", required_argument, NULL, 't' },     { "config", required_argument, NULL, 'c' },
		{ "short", no_argument, NULL, 'S' },        { "format", required_argument, NULL, 'f' },
		{ "name", required_argument, NULL, 'n' },   { "bogus", required_argument, NULL, 'b' },
		{ "aaaa", required_argument, NULL, '6' },   { "large", required_argument, NULL, 'L' },
		{ "root-hints", required_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },         { NULL, 0, NULL, 0 },
	};
	int c;

	*o = (struct opts){ .now = (uint64_t)time(NULL), .probe.hints = NULL };
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (opt_server(o, optarg) != 0)
				return EXIT_USAGE;
			break;
		case 'a':
			if (o->nanchors == STUB_ANCHORS_MAX ||
			    strlen(optarg) >= STUB_CONF_PATH_MAX) {
				fprintf(stderr, "nss-dnssec: --anchor %s: too many or too long\n", optarg);
				return EXIT_USAGE;
			}
			o->anchors[o->nanchors++] = optarg;
			break;
		case 't':
			if (parse_time(optarg, &o->now) != 0) {
				fprintf(stderr, "nss-dnssec: --at %s: want YYYYmmddHHMMSS (UTC)\n", optarg);
				return EXIT_USAGE;
			}
			o->explicit_time = true;
			break;
		case 'c':
			o->config = optarg;
			break;
		case 'S':
			if (!(extra & OPT_SHORT))
				goto bad;
			o->short_form = true;
			break;
		case 'f':
			if (!(extra & OPT_FORMAT))
				goto bad;
			if (strcmp(optarg, "dot") != 0 && strcmp(optarg, "text") != 0) {
				fprintf(stderr, "nss-dnssec: --format %s: want text or dot\n", optarg);
				return EXIT_USAGE;
			}
			o->dot = strcmp(optarg, "dot") == 0;
			break;
		case 'n': case 'b': case '6': case 'L':
			if (!(extra & OPT_PROBE))
				goto bad;
			if (opt_probe_name(o, c, argc, argv) != 0)
				return EXIT_USAGE;
			break;
		case 'H':
			if (!(extra & OPT_PROBE))
				goto bad;
			o->probe.hints = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			goto bad;
		}
	}
	return -1;
bad:
	if (c == 'S' || c == 'f')
		fprintf(stderr, "nss-dnssec %s: no option %s\n", argv[0], c == 'S' ? "--short" : "--format");
	usage(stderr);
	return EXIT_USAGE;
}

/* NAME [TYPE] from the operands.  0, or the exit status. */
static int parse_question(int argc, char **argv, uint8_t qname[VAL_NAME_MAX], uint16_t *qtype)
{
	const char *err;
	if (optind >= argc || argc - optind > 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (val_name_from_str(qname, argv[optind], &err) == 0) {
		fprintf(stderr, "nss-dnssec: %s: %s\n", argv[optind], err);
		return EXIT_USAGE;
	}
	*qtype = VAL_T_A;
	if (argc - optind == 2 && parse_type(argv[optind + 1], qtype) != 0) {
		fprintf(stderr, "nss-dnssec: %s: not an RR type\n", argv[optind + 1]);
		return EXIT_USAGE;
	}
	return 0;
}

/* The module's configuration, with what the command line replaces
 * (stub_config_load_override).  0 with *c to delete, or the exit status:
 * EXIT_CONFIG with the FILE:LINE error printed. */
static int load_config(const struct opts *o, struct stub_config **c)
{
	const struct stub_config_override ov = {
		.config = o->config,
		.servers = o->servers, .nservers = o->nservers,
		.anchor_files = o->anchors, .nanchor_files = o->nanchors,
	};
	*c = stub_config_new();
	if (!*c) {
		fprintf(stderr, "nss-dnssec: out of memory\n");
		return EXIT_INDETERMINATE;
	}
	if (stub_config_load_override(*c, &ov) != 0) {
		struct stub_config_view v;
		stub_config_view(*c, &v);
		fprintf(stderr, "nss-dnssec: %s\n", v.error);
		stub_config_delete(*c);
		*c = NULL;
		return EXIT_CONFIG;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* query                                                                */

/* The RRsets of the answer: the one of the question's type, or for ANY
 * every RRset at its owner, each validated (val_validate). */
static void print_sets(const struct stub_lookup *lk, char *line, bool short_form)
{
	const struct val_answer *a = &lk->ans[0];
	const struct val_msg *msg = a->msg;
	bool any = lk->types[0] == VAL_T_ANY && msg;
	size_t n = any ? msg->nsets : 1;
	for (size_t k = 0; k < n; k++) {
		const struct val_rrset *set = any ? &msg->sets[k] : a->rrset;
		if (any && (set->section != VAL_SEC_ANSWER || set->type == VAL_T_RRSIG ||
			    !val_name_eq(set->owner, a->rrset->owner)))
			continue;
		for (size_t i = 0; i < set->nrr; i++) {
			if (short_form ? tool_print_rdata(set->rrs[i], line, TOOL_PRINT_RR_MAX) < 0
				       : tool_print_rr(set->rrs[i], line, TOOL_PRINT_RR_MAX) < 0)
				continue;
			printf(short_form ? "%s\n" : "  %s\n", line);
		}
	}
}

static void print_answer(const struct stub_lookup *lk, bool short_form)
{
	const struct val_answer *a = &lk->ans[0];
	char *line = malloc(TOOL_PRINT_RR_MAX);
	if (!line)
		return;
	if (short_form) {
		printf("%s\n", val_verdict_str(a->verdict));
		if (a->rrset && (a->verdict == VAL_SECURE || a->verdict == VAL_INSECURE))
			print_sets(lk, line, true);
		free(line);
		return;
	}
	char ns[VAL_NAME_STR_MAX];
	printf("verdict: %s\n", val_verdict_str(a->verdict));
	if (a->verdict != VAL_SECURE)
		printf("reason: EDE %u (%s): %s\n", a->reason.ede, val_ede_str(a->reason.ede), a->reason.text[0] ? val_reason_str(&a->reason) : "-");
	if (a->nnames > 1) {
		printf("chain:");
		for (size_t i = 0; i < a->nnames; i++)
			printf("%s %s", i ? " ->" : "", val_name_str(a->names[i], ns));
		printf("\n");
	}
	if (a->verdict == VAL_SECURE || a->verdict == VAL_INSECURE) {
		if (a->rrset) {
			printf("answer (TTL %u):\n", a->ttl);
			print_sets(lk, line, false);
		} else {
			printf("answer: %s (TTL %u)\n", a->rcode == 3 ? "the name does not exist (NXDOMAIN)"
								      : "no record of that type (NODATA)", a->ttl);
		}
	}
	printf("cost: %u queries in %u round%s to %s", lk->queries, lk->rounds, lk->rounds == 1 ? "" : "s",
	       lk->servers);
	if (lk->cancelled)
		printf(", %u cancelled (not needed for the verdict)", lk->cancelled);
	printf("; %u signature%s verified\n", lk->vc[0].sig_verifications,
	       lk->vc[0].sig_verifications == 1 ? "" : "s");
	if (lk->unable)
		printf("fallback: the resolver %s: the authoritative servers were asked (cost above: both)\n",
		       lk->unable);
	free(line);
}

/* After an AAAA answer, one line on what the module would make of it
 * behind a DNS64 (RFC 6147 §5.5), the way stub_host.c decides: only for a
 * secure or insecure NODATA, with a prefix (configured or learnt), from a
 * secure or insecure A RRset. */
static void print_dns64(const struct stub_config *c, const struct opts *o, const uint8_t *qname,
			const struct stub_lookup *lk)
{
	const struct val_answer *a = &lk->ans[0];
	if (a->verdict != VAL_SECURE && a->verdict != VAL_INSECURE) {
		printf("dns64: nothing synthesized: the AAAA answer is %s\n", val_verdict_str(a->verdict));
		return;
	}
	if (a->rcode == 3) {
		printf("dns64: nothing synthesized: the name does not exist\n");
		return;
	}
	if (a->rrset) {
		printf("dns64: nothing synthesized: the name has AAAA records\n");
		return;
	}
	struct stub_config_view v;
	stub_config_view(c, &v);
	if (v.dns64_off) {
		printf("dns64: nothing synthesized: off (dns64-prefix none)\n");
		return;
	}
	struct stub_dns64_prefix p[STUB_DNS64_PREFIXES_MAX];
	char source[512] = "configured (dns64-prefix)";
	int np = (int)v.ndns64;
	memcpy(p, v.dns64, v.ndns64 * sizeof p[0]);
	if (np == 0)
		np = stub_dns64_discover(c, p, STUB_DNS64_PREFIXES_MAX, source, sizeof source);
	if (np <= 0) {
		printf("dns64: nothing synthesized: no DNS64 prefix (%s)\n",
		       np == 0 ? "the resolver gives none for ipv4only.arpa." : source);
		return;
	}
	struct stub_lookup *lka = calloc(1, sizeof *lka);
	struct stub_host_addr *out = calloc(STUB_DNS64_SYNTH_MAX, sizeof *out);
	uint16_t type = VAL_T_A;
	if (!lka || !out || stub_lookup(c, qname, &type, 1, o->now, o->explicit_time ? STUB_LOOKUP_EXPLICIT_TIME : 0, lka) != 0) {
		printf("dns64: out of memory\n");
		goto out;
	}
	const struct val_answer *aa = &lka->ans[0];
	if (aa->verdict != VAL_SECURE && aa->verdict != VAL_INSECURE) {
		printf("dns64: nothing synthesized: the A answer is %s: %s\n", val_verdict_str(aa->verdict),
		       aa->reason.text[0] ? val_reason_str(&aa->reason) : "-");
		goto out;
	}
	if (!aa->rrset || aa->rcode != 0) {
		printf("dns64: nothing synthesized: no A records either\n");
		goto out;
	}
	size_t n = stub_dns64_synth_rrset(p, (size_t)np, aa->rrset, out, STUB_DNS64_SYNTH_MAX);
	bool insecure = a->verdict == VAL_INSECURE || aa->verdict == VAL_INSECURE;
	printf("dns64: the module would synthesize");
	for (size_t i = 0; i < n; i++) {
		char text[INET6_ADDRSTRLEN];
		printf("%s %s", i ? "," : "", inet_ntop(AF_INET6, out[i].addr, text, sizeof text));
	}
	/* RFC 6147 §5.1.7: the smaller of the A's TTL and the NODATA's. */
	printf(" (%s, TTL %u, from the A records under", insecure ? "insecure" : "secure",
	       aa->ttl < a->ttl ? aa->ttl : a->ttl);
	for (int i = 0; i < np; i++) {
		char text[INET6_ADDRSTRLEN + 8];
		printf("%s %s", i ? "," : "", stub_dns64_str(&p[i], text, sizeof text));
	}
	printf(", %s)\n", source);
out:
	if (lka)
		stub_lookup_free(lka);
	free(lka);
	free(out);
}

/* The lookup of a question command: options, operands, configuration, the
 * lookup itself.  Returns -1 with *lk and *cp filled (the caller frees
 * both), or the exit status. */
static int lookup(int argc, char **argv, unsigned extra, struct opts *o, struct stub_config **cp,
		  uint8_t qname[VAL_NAME_MAX], uint16_t *qtype, struct stub_lookup **lk)
{
	int rc = parse_opts(argc, argv, extra, o);
	if (rc >= 0)
		return rc;
	if ((rc = parse_question(argc, argv, qname, qtype)) != 0)
		return rc;
	if ((rc = load_config(o, cp)) != 0)
		return rc;
	const struct stub_config *c = *cp;
	/* What the module does for this name (DESIGN.md, "Field
	 * conditions"): a time server's name while the clock is not
	 * synchronized is validated without the signatures' validity window.
	 * Not with --at: the user gave the time. */
	unsigned flags = o->explicit_time ? STUB_LOOKUP_EXPLICIT_TIME : 0;
	if (!o->explicit_time && stub_is_time_server(c, qname) && stub_clock_unsynchronized())
		flags |= STUB_LOOKUP_NO_TIME_WINDOW;
	*lk = calloc(1, sizeof **lk);
	if (!*lk || stub_lookup(c, qname, qtype, 1, o->now, flags, *lk) != 0) {
		fprintf(stderr, "nss-dnssec: out of memory\n");
		free(*lk);
		stub_config_delete(*cp);
		return EXIT_INDETERMINATE;
	}
	if ((*lk)->time_unchecked)
		fprintf(stderr, "nss-dnssec: note: %s is under a time-server name and the clock is not synchronized: "
			"the signatures' validity window was not checked (the module does the same)\n", argv[optind]);
	return -1;
}

static int cmd_query(int argc, char **argv)
{
	struct stub_config *c;
	struct opts o;
	struct stub_lookup *lk;
	uint8_t qname[VAL_NAME_MAX];
	uint16_t qtype;
	int rc = lookup(argc, argv, OPT_SHORT, &o, &c, qname, &qtype, &lk);
	if (rc >= 0)
		return rc;
	print_answer(lk, o.short_form);
	if (qtype == VAL_T_AAAA && !o.short_form)
		print_dns64(c, &o, qname, lk);
	rc = exit_for(lk->ans[0].verdict);
	stub_lookup_free(lk);
	free(lk);
	stub_config_delete(c);
	return rc;
}

/* ------------------------------------------------------------------ */
/* why, trace                                                           */

static int cmd_explain(int argc, char **argv, bool trace)
{
	struct stub_config *c;
	struct opts o;
	struct stub_lookup *lk;
	uint8_t qname[VAL_NAME_MAX];
	uint16_t qtype;
	int rc = lookup(argc, argv, trace ? OPT_FORMAT : 0, &o, &c, qname, &qtype, &lk);
	if (rc >= 0)
		return rc;
	struct tool_run *r = tool_run_new(c, qname, qtype, o.now, lk);
	if (!r) {
		fprintf(stderr, "nss-dnssec: out of memory\n");
		rc = EXIT_INDETERMINATE;
	} else {
		if (!trace)
			tool_why(stdout, r);
		else if (o.dot)
			tool_trace_dot(stdout, r);
		else
			tool_trace_text(stdout, r);
		rc = exit_for(lk->ans[0].verdict);
	}
	tool_run_free(r);
	stub_lookup_free(lk);
	free(lk);
	stub_config_delete(c);
	return rc;
}

/* ------------------------------------------------------------------ */
/* check-config                                                         */

static const char *log_level_str(enum stub_log_level l)
{
	static const char *const names[] = { "err", "warning", "notice", "info", "debug" };
	return (size_t)l < sizeof names / sizeof names[0] ? names[l] : "?";
}

static bool file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* The drop-ins read (the configuration records every file it reads). */
static void print_dropins(const struct stub_config_view *v, const char *dir)
{
	size_t n = 0, dlen = strlen(dir);
	for (size_t i = 0; i < v->nconf_files; i++) {
		if (strncmp(v->conf_files[i], dir, dlen) == 0 && v->conf_files[i][dlen] == '/') {
			printf("  %s: read\n", v->conf_files[i]);
			n++;
		}
	}
	if (n == 0)
		printf("  %s/: %s\n", dir, file_exists(dir) ? "no .conf files" : "not present");
}

static void print_names(const char *what, const uint8_t (*names)[VAL_NAME_MAX], size_t from, size_t to)
{
	char ns[VAL_NAME_STR_MAX];
	printf("  %s:", what);
	if (from == to)
		printf(" none");
	for (size_t i = from; i < to; i++)
		printf(" %s", val_name_str(names[i], ns));
	printf("\n");
}

static void print_hotspot(void)
{
	uint64_t now = (uint64_t)time(NULL), until;
	if (!stub_hotspot_open(now, &until)) {
		printf("hotspot: closed\n");
		return;
	}
	char when[32];
	time_t t = (time_t)until;
	strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", gmtime(&t));
	printf("hotspot: OPEN until %s (%llu s left): lookups that fail validation get the resolver's answer\n",
	       when, (unsigned long long)(until - now));
}

/* The options of a command without operands (extra as parse_opts), then
 * the configuration into *c.  -1 to go on (the caller deletes *c), or the
 * exit status. */
static int opts_no_operands(int argc, char **argv, unsigned extra, struct opts *o, struct stub_config **c)
{
	int rc = parse_opts(argc, argv, extra, o);
	if (rc >= 0)
		return rc;
	if (optind != argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if ((rc = load_config(o, c)) != 0)
		return rc;
	return -1;
}

/* check-config: where the servers come from, and the resolver options. */
static void print_conf_servers(const struct stub_config_view *c, const struct opts *o)
{
	const char *from = o->nservers ? "--server"
			   : c->servers_from_config ? "nameserver lines of the configuration"
			   : file_exists(STUB_RESOLV_PATH) ? STUB_RESOLV_PATH
							   : "built-in default: " STUB_RESOLV_PATH " is missing";
	printf("servers (from %s):\n", from);
	for (size_t i = 0; i < c->nservers; i++)
		printf("  %s\n", c->servers[i].str);
	printf("resolver options (%s):\n", STUB_RESOLV_PATH);
	print_names("search", c->search, 0, c->nsearch);
	printf("  ndots %u, timeout %u s per try, attempts %u%s\n", c->ndots, c->try_timeout_s, c->attempts,
	       c->rotate ? ", rotate" : "");
}

/* check-config: each trust anchor, with the file it came from. */
static void print_conf_anchors(const struct stub_config_view *c, const struct opts *o)
{
	char ns[VAL_NAME_STR_MAX];
	printf("trust anchors (%s):\n", o->nanchors ? "--anchor" : c->nanchor_files ? "trust-anchor-file lines"
										  : "the default files");
	for (size_t i = 0; i < c->nanchors; i++) {
		const struct val_rr *rr = &c->anchors[i].rr;
		char alg[16];
		struct val_ds ds;
		struct val_dnskey key;
		val_name_str(rr->owner, ns);
		if (rr->type == VAL_T_DS && val_rdata_ds(rr, &ds) == 0)
			printf("  %s DS key %u, algorithm %s, digest %s  (%s)\n", ns, ds.key_tag,
			       tool_alg_str(ds.algorithm, alg), val_digest_name(ds.digest_type) ? val_digest_name(ds.digest_type) : "unknown",
			       c->anchors[i].source);
		else if (rr->type == VAL_T_DNSKEY && val_rdata_dnskey(rr, &key) == 0)
			printf("  %s DNSKEY key %u, algorithm %s, flags %u  (%s)\n", ns, val_keytag(key.rdata, key.rdlen),
			       tool_alg_str(key.algorithm, alg), key.flags, c->anchors[i].source);
	}
}

/* check-config: the names with a policy of their own (negative trust
 * anchors, require-secure, time servers) and the clock's state. */
static void print_conf_policy_names(const struct stub_config_view *c)
{
	char ns[VAL_NAME_STR_MAX];
	printf("negative trust anchors:\n");
	print_names("built-in", c->ntas, 0, c->nntas_builtin);
	print_names("configured", c->ntas, c->nntas_builtin, c->nntas);
	printf("require-secure:");
	if (c->nrequire == 0)
		printf(" none");
	for (size_t i = 0; i < c->nrequire; i++)
		printf(" %s", val_name_str(c->require_secure[i], ns));
	printf("\ntime-server:");
	if (c->ntime_servers == 0)
		printf(" none");
	for (size_t i = 0; i < c->ntime_servers; i++)
		printf(" %s", val_name_str(c->time_servers[i], ns));
	printf("\n  the clock is %s\n", stub_clock_unsynchronized()
		   ? "not synchronized (adjtimex): these names are validated without the signature validity window"
		   : "synchronized (adjtimex): every name is validated in full");
}

/* check-config: the DNS64 prefixes, or where they come from. */
static void print_conf_dns64(const struct stub_config_view *c)
{
	if (c->dns64_off) {
		printf("dns64: off (dns64-prefix none)\n");
	} else if (c->ndns64 == 0) {
		printf("dns64: learnt from the resolver (ipv4only.arpa., RFC 7050)\n");
	} else {
		printf("dns64:");
		for (size_t i = 0; i < c->ndns64; i++) {
			char text[INET6_ADDRSTRLEN + 8];
			printf("%s %s", i ? "," : "", stub_dns64_str(&c->dns64[i], text, sizeof text));
		}
		printf(" (dns64-prefix)\n");
	}
}

static int cmd_check_config(int argc, char **argv)
{
	struct stub_config *conf;
	struct stub_config_view c;
	struct opts o;
	int rc = opts_no_operands(argc, argv, 0, &o, &conf);
	if (rc >= 0)
		return rc;
	stub_config_view(conf, &c);
	struct stub_conf_files f;
	stub_conf_files(&f, o.config);
	printf("configuration:\n");
	printf("  %s: %s\n", f.main, file_exists(f.main) ? "read" : "not present: every default");
	if (f.dropin_dir)
		print_dropins(&c, f.dropin_dir);
	if (f.run_dir)
		print_dropins(&c, f.run_dir);

	print_conf_servers(&c, &o);
	print_conf_anchors(&c, &o);
	print_conf_policy_names(&c);
	print_hotspot();
	printf("networkmanager-vpn-ntas: %s\n", c.nm_vpn_ntas ? "yes" : "no");
	printf("timeout: %u s per lookup\n", c.timeout_s);
	printf("log-level: %s\n", log_level_str(c.log_level));
	print_conf_dns64(&c);
	printf("authoritative-fallback: %s\n", c.auth_fallback ? "yes" : "no");
	printf("root-hints: %s%s\n", c.root_hints[0] ? c.root_hints : STUB_HINTS_DEFAULT,
	       c.auth_fallback ? "" : " (not read: the fallback is off)");
	for (size_t i = 0; i < c.nhints; i++)
		printf("  %s\n", c.hints[i].str);
	if (c.warning[0])
		printf("warning: %s\n", c.warning);
	printf("configuration ok\n");
	stub_config_delete(conf);
	return 0;
}

/* ------------------------------------------------------------------ */
/* hotspot                                                              */

/* Decimal digits only, value <= max. */
static bool tool_uint(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;
	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (max - (unsigned long)(*s - '0')) / 10)
			return false;
		v = v * 10 + (unsigned long)(*s - '0');
	}
	*out = v;
	return true;
}

static int cmd_hotspot(int argc, char **argv)
{
	unsigned long minutes = STUB_HOTSPOT_DEFAULT_MIN;
	if (argc > 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (argc == 2 && strcmp(argv[1], "off") == 0) {
		minutes = 0;
	} else if (argc == 2 && (!tool_uint(argv[1], STUB_HOTSPOT_MAX_MIN, &minutes) || minutes == 0)) {
		fprintf(stderr, "nss-dnssec: hotspot: %s: want 1 to %d minutes, or off\n", argv[1],
			STUB_HOTSPOT_MAX_MIN);
		return EXIT_USAGE;
	}
	/* The module honours root's file only; say so before trying. */
	if (geteuid() != 0) {
		fprintf(stderr, "nss-dnssec: hotspot: only root can open or close the sign-on window\n");
		return 1;
	}
	uint64_t now = (uint64_t)time(NULL);
	int rc = stub_hotspot_write(STUB_HOTSPOT_PATH, (unsigned)minutes, now);
	if (rc != 0) {
		fprintf(stderr, "nss-dnssec: hotspot: %s: %s\n", STUB_HOTSPOT_PATH, strerror(-rc));
		return 1;
	}
	if (minutes == 0) {
		printf("hotspot: closed; every lookup is validated again\n");
		return 0;
	}
	char when[32];
	time_t t = (time_t)(now + minutes * 60);
	strftime(when, sizeof when, "%H:%M:%S UTC", gmtime(&t));
	printf("hotspot: open for %lu minute%s, until %s: lookups that fail validation get the resolver's\n"
	       "answer, each one logged; \"nss-dnssec hotspot off\" ends it sooner\n",
	       minutes, minutes == 1 ? "" : "s", when);
	return 0;
}

/* ------------------------------------------------------------------ */
/* probe                                                                */

static int cmd_probe(int argc, char **argv)
{
	struct stub_config *c;
	struct stub_config_view v;
	struct opts o;
	int rc = opts_no_operands(argc, argv, OPT_PROBE, &o, &c);
	if (rc >= 0)
		return rc;
	stub_config_view(c, &v);
	o.probe.servers_from = o.nservers ? "--server" : v.servers_from_config ? "the configuration" : STUB_RESOLV_PATH;
	rc = tool_probe(stdout, c, &o.probe);
	stub_config_delete(c);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "--version") == 0) {
		printf("nss-dnssec %s\n", NSS_DNSSEC_VERSION);
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return 0;
	}
	if (argc >= 2 && strcmp(argv[1], "query") == 0)
		return cmd_query(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "why") == 0)
		return cmd_explain(argc - 1, argv + 1, false);
	if (argc >= 2 && strcmp(argv[1], "trace") == 0)
		return cmd_explain(argc - 1, argv + 1, true);
	if (argc >= 2 && strcmp(argv[1], "check-config") == 0)
		return cmd_check_config(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "hotspot") == 0)
		return cmd_hotspot(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "probe") == 0)
		return cmd_probe(argc - 1, argv + 1);
	usage(stderr);
	return EXIT_USAGE;
}
