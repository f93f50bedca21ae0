/* tools/nss-dnssec.c: the nss-dnssec command.  Today it only knows
 * --version and --help; query, why, trace and check-config come with the
 * lookup engine (DESIGN.md, "The command-line tool"). */
#include <stdio.h>
#include <string.h>

#include "validator/validator.h"

enum { EXIT_USAGE = 64 };

static void usage(FILE *f)
{
	fputs("usage: nss-dnssec --version | --help\n"
	      "\n"
	      "DNSSEC validation on the host for glibc's name service switch.\n"
	      "This build has the validator's primitives only: the query, why,\n"
	      "trace and check-config commands are not implemented yet.\n"
	      "\n"
	      "exit status: 0 success, 64 usage error\n", f);
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
	usage(stderr);
	return EXIT_USAGE;
}
