/* tools/nss-dnssec.c: the nss-dnssec command (DESIGN.md, "The command-line
 * tool").  `query` validates any name and type with the module's own engine
 * and says what it found, for people or (--short) for scripts. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "stub/stub.h"
#include "tools/tool_print.h"
#include "validator/validator.h"

/* Exit statuses, one per verdict (documented in --help). */
enum {
	EXIT_SECURE = 0, EXIT_INSECURE = 1, EXIT_BOGUS = 2, EXIT_INDETERMINATE = 3,
	EXIT_USAGE = 64, EXIT_CONFIG = 78,
};

static void usage(FILE *f)
{
	fputs("usage: nss-dnssec query [options] NAME [TYPE]\n"
	      "       nss-dnssec --version | --help\n"
	      "\n"
	      "DNSSEC validation on the host for glibc's name service switch.\n"
	      "\n"
	      "query validates NAME (TYPE: A by default; any mnemonic or TYPEnnn) with the\n"
	      "module's own engine, from the trust anchor down, and reports the verdict,\n"
	      "its reason and the answer.\n"
	      "  --server ADDR[#PORT]  ask this server instead of resolv.conf's (repeatable;\n"
	      "                        an authoritative server works too)\n"
	      "  --anchor FILE         use these trust anchors (DS or DNSKEY lines) instead of\n"
	      "                        the configured ones (repeatable; any zone)\n"
	      "  --at YYYYmmddHHMMSS   validate signatures as of this UTC time\n"
	      "  --config FILE         read this configuration instead of /etc/nss-dnssec.conf\n"
	      "  --short               the verdict on line 1, then one RDATA per line\n"
	      "\n"
	      "Not implemented yet: why, trace, check-config.\n"
	      "\n"
	      "exit status: 0 secure, 1 insecure, 2 bogus, 3 indeterminate,\n"
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

static int exit_for(enum val_verdict v)
{
	switch (v) {
	case VAL_SECURE: return EXIT_SECURE;
	case VAL_INSECURE: return EXIT_INSECURE;
	case VAL_BOGUS: return EXIT_BOGUS;
	default: return EXIT_INDETERMINATE;
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
			for (size_t i = 0; i < a->rrset->nrr; i++)
				if (tool_print_rdata(a->rrset->rrs[i], line, TOOL_PRINT_RR_MAX) >= 0)
					printf("%s\n", line);
		free(line);
		return;
	}
	char ns[VAL_NAME_STR_MAX];
	printf("verdict: %s\n", val_verdict_str(a->verdict));
	if (a->verdict != VAL_SECURE)
		printf("reason: EDE %u (%s): %s\n", a->ede, val_ede_str(a->ede), a->why[0] ? a->why : "-");
	if (a->nnames > 1) {
		printf("chain:");
		for (size_t i = 0; i < a->nnames; i++)
			printf("%s %s", i ? " ->" : "", val_name_str(a->names[i], ns));
		printf("\n");
	}
	if (a->verdict == VAL_SECURE || a->verdict == VAL_INSECURE) {
		if (a->rrset) {
			printf("answer (TTL %u):\n", a->ttl);
			for (size_t i = 0; i < a->rrset->nrr; i++)
				if (tool_print_rr(a->rrset->rrs[i], line, TOOL_PRINT_RR_MAX) >= 0)
					printf("  %s\n", line);
		} else {
			printf("answer: %s (TTL %u)\n", a->rcode == 3 ? "the name does not exist (NXDOMAIN)"
								      : "no record of that type (NODATA)", a->ttl);
		}
	}
	printf("cost: %u queries in %u round%s to %s; %u signature%s verified\n", lk->queries, lk->rounds,
	       lk->rounds == 1 ? "" : "s", lk->servers, lk->vc[0].sig_verifications,
	       lk->vc[0].sig_verifications == 1 ? "" : "s");
	free(line);
}

static int cmd_query(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "server", required_argument, NULL, 's' }, { "anchor", required_argument, NULL, 'a' },
		{ "at", required_argument, NULL, 't' },     { "config", required_argument, NULL, 'c' },
		{ "short", no_argument, NULL, 'S' },        { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static struct stub_config c;
	struct stub_server servers[STUB_SERVERS_MAX];
	const char *anchors[STUB_ANCHORS_MAX];
	size_t nservers = 0, nanchors = 0;
	const char *config = NULL;
	bool short_form = false, explicit_time = false;
	uint64_t now = (uint64_t)time(NULL);
	const char *err;
	int o;

	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (o) {
		case 's':
			if (nservers == STUB_SERVERS_MAX) {
				fprintf(stderr, "nss-dnssec: --server %s: at most %d servers\n", optarg, STUB_SERVERS_MAX);
				return EXIT_USAGE;
			}
			if (stub_server_parse(&servers[nservers], optarg, &err) != 0) {
				fprintf(stderr, "nss-dnssec: --server %s: %s (ADDR or ADDR#PORT)\n", optarg, err);
				return EXIT_USAGE;
			}
			nservers++;
			break;
		case 'a':
			if (nanchors == STUB_ANCHORS_MAX || strlen(optarg) >= sizeof c.anchor_files[0]) {
				fprintf(stderr, "nss-dnssec: --anchor %s: too many or too long\n", optarg);
				return EXIT_USAGE;
			}
			anchors[nanchors++] = optarg;
			break;
		case 't':
			if (parse_time(optarg, &now) != 0) {
				fprintf(stderr, "nss-dnssec: --at %s: want YYYYmmddHHMMSS (UTC)\n", optarg);
				return EXIT_USAGE;
			}
			explicit_time = true;
			break;
		case 'c':
			config = optarg;
			break;
		case 'S':
			short_form = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc || argc - optind > 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	uint8_t qname[VAL_NAME_MAX];
	if (val_name_from_str(qname, argv[optind], &err) == 0) {
		fprintf(stderr, "nss-dnssec: %s: %s\n", argv[optind], err);
		return EXIT_USAGE;
	}
	uint16_t qtype = VAL_T_A;
	if (argc - optind == 2 && parse_type(argv[optind + 1], &qtype) != 0) {
		fprintf(stderr, "nss-dnssec: %s: not an RR type\n", argv[optind + 1]);
		return EXIT_USAGE;
	}

	/* The module's configuration, then what the command line replaces. */
	stub_config_init(&c);
	if (!config)
		config = secure_getenv("NSS_DNSSEC_CONF");
	if (config)
		stub_config_read(&c, config, NULL);
	else
		stub_config_read(&c, STUB_CONF_PATH, STUB_CONF_DIR);
	if (nanchors) {
		c.nanchor_files = nanchors;
		for (size_t i = 0; i < nanchors; i++)
			snprintf(c.anchor_files[i], sizeof c.anchor_files[i], "%s", anchors[i]);
	}
	if (nservers) {
		memcpy(c.servers, servers, nservers * sizeof servers[0]);
		c.nservers = nservers;
		c.servers_from_config = true;
	}
	if (!c.error[0])
		stub_resolv_read(&c, STUB_RESOLV_PATH);
	if (!c.error[0])
		stub_anchors_load(&c);
	if (c.error[0]) {
		fprintf(stderr, "nss-dnssec: %s\n", c.error);
		stub_config_free(&c);
		return EXIT_CONFIG;
	}

	struct stub_lookup *lk = calloc(1, sizeof *lk);
	if (!lk || stub_lookup(&c, qname, &qtype, 1, now, explicit_time, lk) != 0) {
		fprintf(stderr, "nss-dnssec: out of memory\n");
		free(lk);
		stub_config_free(&c);
		return EXIT_INDETERMINATE;
	}
	print_answer(lk, short_form);
	int status = exit_for(lk->ans[0].verdict);
	stub_lookup_free(lk);
	free(lk);
	stub_config_free(&c);
	return status;
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
	usage(stderr);
	return EXIT_USAGE;
}
