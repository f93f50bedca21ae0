/* bench/crypto_start.c: what OpenSSL costs a process, measured inside it.
 *
 *   crypto_start NAME    prints start_us (val_crypto_start: dlopen of
 *                        libcrypto, the validator's library context, the
 *                        algorithm table) and lookup_us (a cold lookup of
 *                        NAME, A and AAAA, with OpenSSL already started: the
 *                        part that stays on the critical path)
 *
 * Linked with the internal library (not through NSS), so that the start can
 * be timed apart from the lookup; the configuration comes from
 * NSS_DNSSEC_CONF and resolv.conf as in the module. */
#include "stub/stub.h"
#include "validator/validator.h"

#include <stdio.h>
#include <sys/socket.h>
#include <time.h>

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: crypto_start NAME\n");
		return 2;
	}
	char why[256];
	double t0 = now_us();
	if (!val_crypto_start(why, sizeof why)) {
		fprintf(stderr, "crypto_start: %s\n", why);
		return 1;
	}
	double t1 = now_us();
	struct stub_host *h = stub_host_byname(argv[1], AF_UNSPEC);
	double t2 = now_us();
	int ok = h && h->status == STUB_HOST_FOUND;
	stub_host_free(h);
	printf("start_us=%.0f lookup_us=%.0f ok=%d\n", t1 - t0, t2 - t1, ok);
	return ok ? 0 : 1;
}
