/* libFuzzer target: RFC 7050 prefix discovery from a resolver's answer
 * (stub_dns64_from_response), the dns64-prefix parser, and the RFC 6052
 * round trip: every prefix learnt must give back the IPv4 address it was
 * asked to embed. */
#include <stdlib.h>
#include <string.h>

#include "stub/stub.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stub_dns64_prefix p[STUB_DNS64_PREFIXES_MAX];
	const char *err = NULL;
	int n = stub_dns64_from_response(data, size, p, STUB_DNS64_PREFIXES_MAX, &err);
	if (n > STUB_DNS64_PREFIXES_MAX || (n < 0 && !err))
		abort();
	for (int i = 0; i < n; i++) {
		static const uint8_t v4[4] = { 192, 0, 2, 33 };
		uint8_t a[16], back[4];
		stub_dns64_synth(&p[i], v4, a);
		if (!stub_dns64_extract(&p[i], a, back) || memcmp(back, v4, 4) != 0)
			abort();
	}
	/* The same octets as a dns64-prefix value. */
	char text[80];
	size_t len = size < sizeof text - 1 ? size : sizeof text - 1;
	memcpy(text, data, len);
	text[len] = '\0';
	struct stub_dns64_prefix q;
	if (stub_dns64_parse(&q, text, &err) == 0) {
		char buf[80];
		struct stub_dns64_prefix r;
		if (stub_dns64_parse(&r, stub_dns64_str(&q, buf, sizeof buf), &err) != 0 || r.len != q.len ||
		    memcmp(r.addr, q.addr, 16) != 0)
			abort();
	}
	return 0;
}
