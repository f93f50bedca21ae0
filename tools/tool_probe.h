/* tools/tool_probe.h: `nss-dnssec probe` (tool_probe.c). */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "validator/val_limits.h"

struct stub_config;

/* Where the root hints come from unless --root-hints says otherwise
 * (Debian's dns-root-data). */

/* Exit statuses of the probe (documented in --help and nss-dnssec(8)). */
enum {
	TOOL_PROBE_RESOLVER = 0,	/* lookups validate through the resolver(s) */
	TOOL_PROBE_FALLBACK = 1,	/* only through the authoritative servers */
	TOOL_PROBE_NOTHING = 2,		/* not at all */
};

/* What to ask.  Names are wire format; has_* false: that check is skipped
 * (and says so). */
struct tool_probe_args {
	uint8_t zone[VAL_NAME_MAX];	/* --name, default the root */
	uint8_t bogus[VAL_NAME_MAX];	/* --bogus: a name that fails validation */
	uint8_t aaaa[VAL_NAME_MAX];	/* --aaaa: a signed name with AAAA records */
	uint8_t large[VAL_NAME_MAX];	/* --large NAME TYPE: an answer over 1232 octets */
	uint16_t large_type;
	bool has_bogus, has_aaaa, has_large;
	const char *hints;		/* --root-hints; NULL: the configuration's root-hints */
	const char *servers_from;	/* "--server", "/etc/resolv.conf", ... */
};

/* Probes each of c's servers, then the root hints, printing one line per
 * check to f.  Returns a TOOL_PROBE_* status. */
int tool_probe(FILE *f, const struct stub_config *c, const struct tool_probe_args *a);
