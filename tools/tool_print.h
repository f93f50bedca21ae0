/* tools/tool_print.h: records in presentation form, as `dig +short` (BIND
 * 9.18) prints them, for `nss-dnssec query`.
 *
 * Pure functions of the record: no clock, no globals.  They read only
 * rr->rdata[0 .. rr->rdlen) and write only out[0 .. cap). */
#pragma once

#include <stddef.h>
#include <stdint.h>

struct val_rr;

/* Longest RDATA text: an NSEC whose bitmap holds all 65536 types, each
 * printed as " " and at most 10 characters ("NSEC3PARAM", "TYPE65535"),
 * after a next name of at most 1021 characters.  Every other type prints
 * less (TXT and SVCB at most 4 characters per octet, generic 2.1, WKS at
 * most 65536 ports of 6). */
#define TOOL_PRINT_RDATA_MAX (12 * 65536)
/* A whole line: owner name (at most 1021 characters), TTL, class, type. */
#define TOOL_PRINT_RR_MAX (TOOL_PRINT_RDATA_MAX + 1100)

/* Writes the presentation form of rr's RDATA into out (cap octets, NUL
 * included) and returns its length.
 *
 * Known types print as dig +short prints them: hex upper case, hex and
 * base64 cut into words of 56 characters separated by a space (DS, DNSKEY,
 * RRSIG, TLSA, SSHFP, ZONEMD, OPENPGPKEY, generic), character-strings
 * quoted with \" \\ and \DDD escapes.  Every other type, and any class
 * but IN for the types whose layout is IN's (A, AAAA, WKS, SRV, NAPTR, KX,
 * PX, SVCB, HTTPS), is printed in RFC 3597 generic form `\# LEN HEX`
 * (`\# 0` when empty).  RDATA of a known type that is malformed (short,
 * trailing octets, a bad name or bitmap, or what BIND's parser refuses:
 * an empty key or digest, a DS digest of the wrong length for SHA-1/256/384,
 * a CAA tag that is not alphanumeric, SVCB keys out of order) is printed
 * in generic form too, so that every record can be shown; -EBADMSG is never
 * returned.
 *
 * -ENOSPC when the text and its NUL do not fit: out is then the empty
 * string (when cap > 0), never a truncated answer.  TOOL_PRINT_RDATA_MAX
 * always suffices. */
int tool_print_rdata(const struct val_rr *rr, char *out, size_t cap);

/* A zone-file line "owner TTL CLASS TYPE rdata", single spaces, no newline:
 * class IN or CLASS%u, type as tool_print_type.  Returns the length or
 * -ENOSPC as tool_print_rdata (TOOL_PRINT_RR_MAX always suffices). */
int tool_print_rr(const struct val_rr *rr, char *out, size_t cap);

/* Mnemonic of an RR type as BIND 9.18 knows it: val_type_str's names,
 * then the rest of BIND's table (MINFO, SSHFP, URI, DLV, ...), otherwise
 * "TYPE%u" in buf.  Returns a static string or buf. */
const char *tool_print_type(uint16_t type, char buf[16]);
