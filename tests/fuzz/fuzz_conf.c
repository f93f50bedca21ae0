/* libFuzzer target: the four configuration readers (nss-dnssec.conf,
 * resolv.conf, trust-anchor files, the root hints file) on the same input, written to a memfd
 * and read back through /proc/self/fd like any file, then the policy view
 * of what was read. */
#include <stdio.h>
#include <sys/socket.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "stub/stub.h"
#include "stub/stub_conf_int.h" /* the configuration readers' own results */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Large: kept off the stack, reused for every input. */
static struct stub_config conf;
static const void *policy_arr[STUB_ANCHORS_MAX + STUB_NTAS_MAX + STUB_REQUIRE_MAX];

static void use(const struct stub_config *c)
{
	struct val_policy pol;
	stub_config_policy(c, &pol, policy_arr);
	for (size_t i = 0; i < pol.nanchors; i++) {
		const struct val_rr *rr = pol.anchors[i];
		struct val_ds ds;
		struct val_dnskey key;
		if (rr->type == VAL_T_DNSKEY && val_rdata_dnskey(rr, &key) == 0)
			(void)val_keytag(rr->rdata, rr->rdlen);
		else if (rr->type == VAL_T_DS && val_rdata_ds(rr, &ds) != 0)
			abort(); /* the reader built an RDATA the validator cannot read */
	}
	/* the messages are NUL-terminated */
	if (strlen(c->error) >= sizeof c->error || strlen(c->warning) >= sizeof c->warning)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = memfd_create("fuzz_conf", MFD_CLOEXEC);
	if (fd < 0)
		return 0;
	/* a memfd is 0777: the parser refuses files others can write */
	(void)fchmod(fd, 0644);
	size_t off = 0;
	while (off < size) {
		ssize_t n = write(fd, data + off, size - off);
		if (n <= 0) {
			close(fd);
			return 0;
		}
		off += (size_t)n;
	}
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);

	stub_config_init(&conf);
	(void)stub_config_read(&conf, path, NULL);
	use(&conf);

	stub_config_init(&conf);
	(void)stub_resolv_read(&conf, path);
	use(&conf);

	stub_config_init(&conf);
	snprintf(conf.anchor_files[0], sizeof conf.anchor_files[0], "%s", path);
	conf.nanchor_files = 1;
	(void)stub_anchors_load(&conf);
	use(&conf);
	stub_config_free(&conf);

	stub_config_init(&conf);
	snprintf(conf.root_hints, sizeof conf.root_hints, "%s", path);
	int rc = stub_hints_load(&conf);
	if (conf.nhints > STUB_HINTS_ADDRS_MAX || (rc == 0 && conf.nhints == 0) || (rc != 0 && !conf.error[0]))
		abort();
	for (size_t i = 0; i < conf.nhints; i++)
		if (conf.hints[i].port != 53 || (conf.hints[i].family != AF_INET && conf.hints[i].family != AF_INET6))
			abort();
	use(&conf);

	close(fd);
	return 0;
}
