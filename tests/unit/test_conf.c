/* Unit tests of the configuration layer: nss-dnssec.conf and its drop-ins,
 * resolv.conf, trust-anchor files and the policy view
 * (stub/stub_conf.c, stub/stub_resolv.c, stub/stub_anchor.c).
 * Fixtures in tests/unit/data/conf/, copied with their modes made 0644 to
 * a temporary directory made per test, where the test runs and writes its
 * generated files. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "stub/stub.h"
#include "stub/stub_conf_int.h"
#include "testutil.h"

#define DATA "tests/unit/data/conf/"

/* ------------------------------------------------------------------ */
/* Helpers                                                              */

static char tmpdir[64];
static char cwd[1024];	/* tmpdir, where each test runs */
static char srcdir[1024];	/* the repository, where `make check` runs */

/* Copies the file or directory at the relative path src to tmpdir/src,
 * 0644 or 0755 whatever the umask: the readers refuse a file that group
 * or others can write, and a checkout made under umask 002 (or unpacked
 * from `git archive`, whose tar.umask is 002) has group-writable fixtures. */
static int copy_one(const char *src, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)ftw;
	char dst[1200], buf[8192];
	snprintf(dst, sizeof dst, "%s/%s", tmpdir, src);
	if (flag == FTW_D)
		return mkdir(dst, 0755) == 0 && chmod(dst, 0755) == 0 ? 0 : -1;
	if (flag != FTW_F || !S_ISREG(st->st_mode))
		return -1;
	int in = open(src, O_RDONLY | O_CLOEXEC);
	int out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	ssize_t n = 0;
	if (in >= 0 && out >= 0 && fchmod(out, 0644) == 0)
		while ((n = read(in, buf, sizeof buf)) > 0)
			if (write(out, buf, (size_t)n) != n) {
				n = -1;
				break;
			}
	int ok = in >= 0 && out >= 0 && n == 0;
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	return ok ? 0 : -1;
}

/* tmpdir/path's parent directories, then a copy of path if it exists. */
static void copy_tree(const char *path, bool optional)
{
	char dst[1200];
	if (optional && access(path, F_OK) != 0)
		return;
	snprintf(dst, sizeof dst, "%s/%s", tmpdir, path);
	for (char *p = dst + strlen(tmpdir) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		ck_assert_msg(mkdir(dst, 0755) == 0 || errno == EEXIST, "mkdir %s", dst);
		*p = '/';
	}
	ck_assert_msg(nftw(path, copy_one, 16, FTW_PHYS) == 0, "copying %s", path);
}

/* Each test runs in a fresh tmpdir holding a copy of the fixtures, at
 * the same relative paths. */
static void setup(void)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/test_conf.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	ck_assert_ptr_nonnull(getcwd(srcdir, sizeof srcdir));
	copy_tree("tests/unit/data/conf", false);
	copy_tree("trust-anchors", false);
	copy_tree("tests/lab/run/anchor.key", true);
	copy_tree("tests/lab/run/anchor.ds", true);
	ck_assert_int_eq(chdir(tmpdir), 0);
	ck_assert_ptr_nonnull(getcwd(cwd, sizeof cwd));
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(path);
}

static void teardown(void)
{
	if (chdir(srcdir) != 0)
		return;
	nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* A fresh configuration with the defaults (on the heap: it is large). */
static struct stub_config *new_config(void)
{
	struct stub_config *c = malloc(sizeof *c);
	ck_assert_ptr_nonnull(c);
	stub_config_init(c);
	return c;
}

static void free_config(struct stub_config *c)
{
	stub_config_free(c);
	free(c);
}

/* Writes len octets to tmpdir/name; returns the path (static storage, the
 * fourth call after overwrites). */
static const char *write_file_n(const char *name, const char *text, size_t len)
{
	static char paths[4][256];
	static unsigned next;
	char *path = paths[next++ % 4];
	snprintf(path, 256, "%s/%s", tmpdir, name);
	/* 0644 whatever the umask: the reader refuses a file that group or
	 * others can write (stub_conf_check_owner). */
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(fchmod(fd, 0644), 0);
	FILE *f = fdopen(fd, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(text, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
	return path;
}

static const char *write_file(const char *name, const char *text)
{
	return write_file_n(name, text, strlen(text));
}

/* The absolute path of a fixture (trust-anchor-file needs one). */
static const char *abs_data(const char *name)
{
	static char paths[4][1200];
	static unsigned next;
	char *path = paths[next++ % 4];
	snprintf(path, 1200, "%s/" DATA "%s", cwd, name);
	return path;
}

/* Reads text as nss-dnssec.conf (no drop-ins); returns the result. */
static int read_conf_text(struct stub_config *c, const char *text, const char **path)
{
	const char *p = write_file("nss-dnssec.conf", text);
	if (path)
		*path = p;
	return stub_config_read(c, p, NULL);
}

/* The error of a configuration read from text is exactly
 * "<tmp path>:<want>", e.g. "3: unknown keyword (colour)". */
static void expect_conf_error(const char *text, const char *want)
{
	struct stub_config *c = new_config();
	const char *path;
	int rc = read_conf_text(c, text, &path);
	char full[1024];
	snprintf(full, sizeof full, "%s:%s", path, want);
	ck_assert_msg(rc == -EINVAL, "rc %d for %s", rc, want);
	ck_assert_str_eq(c->error, full);
	free_config(c);
}

static void expect_contains(const char *s, const char *frag)
{
	ck_assert_msg(strstr(s, frag) != NULL, "\"%s\" does not contain \"%s\"", s, frag);
}

static bool has_name(uint8_t (*list)[VAL_NAME_MAX], size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (val_name_eq(list[i], tu_name(name)))
			return true;
	return false;
}

static void name_is(const uint8_t *name, const char *want)
{
	char buf[VAL_NAME_STR_MAX];
	ck_assert_str_eq(val_name_str(name, buf), want);
}

/* Loads the trust anchors of one file. */
static int load_anchor_file(struct stub_config *c, const char *path)
{
	c->nanchor_files = 0;
	snprintf(c->anchor_files[c->nanchor_files++], sizeof c->anchor_files[0], "%s", path);
	return stub_anchors_load(c);
}

/* Loads an anchor file written from text; the error must be exactly
 * "<tmp path>:<want>". */
static void expect_anchor_error(const char *text, const char *want)
{
	struct stub_config *c = new_config();
	const char *path = write_file("anchor.key", text);
	char full[1024];
	snprintf(full, sizeof full, "%s:%s", path, want);
	int rc = load_anchor_file(c, path);
	ck_assert_msg(rc == -EINVAL, "rc %d for %s", rc, want);
	ck_assert_str_eq(c->error, full);
	ck_assert_uint_eq(c->nanchors, 0);
	free_config(c);
}

static struct val_ds ds_of(const struct stub_anchor *a)
{
	struct val_ds ds;
	ck_assert_uint_eq(a->rr.type, VAL_T_DS);
	ck_assert_int_eq(val_rdata_ds(&a->rr, &ds), 0);
	return ds;
}

static struct val_dnskey key_of(const struct stub_anchor *a)
{
	struct val_dnskey key;
	ck_assert_uint_eq(a->rr.type, VAL_T_DNSKEY);
	ck_assert_int_eq(val_rdata_dnskey(&a->rr, &key), 0);
	return key;
}

/* ------------------------------------------------------------------ */
/* Defaults                                                             */

START_TEST(test_defaults_are_timeout_5_notice_glibc_resolver_values_and_builtin_ntas)
{
	struct stub_config *c = new_config();
	ck_assert_uint_eq(c->timeout_s, 5);
	ck_assert_int_eq(c->log_level, STUB_LOG_NOTICE);
	ck_assert_uint_eq(c->ndots, 1);
	ck_assert_uint_eq(c->attempts, 2);
	ck_assert_uint_eq(c->try_timeout_s, 5);
	ck_assert(!c->rotate);
	ck_assert_uint_eq(c->nservers, 0);
	ck_assert(!c->servers_from_config);
	ck_assert_uint_eq(c->nanchor_files, 0);
	ck_assert_uint_eq(c->nrequire, 0);
	ck_assert_str_eq(c->error, "");
	/* home.arpa, local, internal, localhost, 10, 172.16-31 (16), 192.168,
	 * 169.254, fe80::/10 (4), fc00::/7 (2) */
	ck_assert_uint_eq(c->nntas, 29);
	const char *want[] = {
		"home.arpa", "local", "internal", "localhost", "10.in-addr.arpa",
		"16.172.in-addr.arpa", "24.172.in-addr.arpa", "31.172.in-addr.arpa",
		"168.192.in-addr.arpa", "254.169.in-addr.arpa", "8.e.f.ip6.arpa",
		"9.e.f.ip6.arpa", "a.e.f.ip6.arpa", "b.e.f.ip6.arpa", "c.f.ip6.arpa",
		"d.f.ip6.arpa",
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		ck_assert_msg(has_name(c->ntas, c->nntas, want[i]), "%s is not built in", want[i]);
	ck_assert(!has_name(c->ntas, c->nntas, "15.172.in-addr.arpa"));
	ck_assert(!has_name(c->ntas, c->nntas, "32.172.in-addr.arpa"));
	ck_assert(!has_name(c->ntas, c->nntas, "e.f.ip6.arpa"));
	ck_assert(!has_name(c->ntas, c->nntas, "arpa"));
	free_config(c);
}
END_TEST

START_TEST(test_missing_config_file_means_every_default)
{
	struct stub_config *c = new_config();
	char path[128];
	snprintf(path, sizeof path, "%s/no-such.conf", tmpdir);
	ck_assert_int_eq(stub_config_read(c, path, NULL), 0);
	ck_assert_str_eq(c->error, "");
	ck_assert_uint_eq(c->timeout_s, 5);
	ck_assert_uint_eq(c->nntas, 29);
	free_config(c);
}
END_TEST

/* ------------------------------------------------------------------ */
/* nss-dnssec.conf: good files                                          */

START_TEST(test_every_keyword_is_read_from_a_good_file)
{
	struct stub_config *c = new_config();
	ck_assert_int_eq(stub_config_read(c, DATA "good.conf", NULL), 0);
	ck_assert_str_eq(c->error, "");
	ck_assert_uint_eq(c->nanchor_files, 2);
	ck_assert_str_eq(c->anchor_files[0], "/usr/share/dns/root.key");
	ck_assert_str_eq(c->anchor_files[1], "/usr/share/dns/root.ds");

	ck_assert(c->servers_from_config);
	ck_assert_uint_eq(c->nservers, 4);
	ck_assert_int_eq(c->servers[0].family, AF_INET);
	ck_assert_uint_eq(c->servers[0].port, 53);
	ck_assert_mem_eq(c->servers[0].addr, "\xc0\x00\x02\x35", 4);
	ck_assert_str_eq(c->servers[0].str, "192.0.2.53");
	ck_assert_uint_eq(c->servers[1].port, 5353);
	ck_assert_str_eq(c->servers[1].str, "192.0.2.54#5353");
	ck_assert_int_eq(c->servers[2].family, AF_INET6);
	ck_assert_mem_eq(c->servers[2].addr, "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x53", 16);
	ck_assert_str_eq(c->servers[2].str, "2001:db8::53");
	ck_assert_uint_eq(c->servers[3].port, 5354);
	ck_assert_str_eq(c->servers[3].str, "2001:db8::54#5354");

	/* Configured NTAs come after the built-in ones. */
	ck_assert_uint_eq(c->nntas, 30);
	name_is(c->ntas[29], "corp.example.");
	ck_assert_uint_eq(c->nrequire, 2);
	name_is(c->require_secure[0], "bank.example.");
	name_is(c->require_secure[1], ".");
	ck_assert_uint_eq(c->timeout_s, 7);
	ck_assert_int_eq(c->log_level, STUB_LOG_DEBUG);
	free_config(c);
}
END_TEST

START_TEST(test_comments_blank_lines_and_surrounding_blanks_are_ignored)
{
	struct stub_config *c = new_config();
	ck_assert_int_eq(stub_config_read(c, DATA "comments.conf", NULL), 0);
	ck_assert_str_eq(c->error, "");
	ck_assert_uint_eq(c->nservers, 1);
	/* "#5353" right after the address is the port, not a comment */
	ck_assert_str_eq(c->servers[0].str, "192.0.2.1#5353");
	ck_assert_uint_eq(c->timeout_s, 9);
	ck_assert_int_eq(c->log_level, STUB_LOG_INFO);
	free_config(c);
}
END_TEST

START_TEST(test_hash_without_a_blank_before_it_is_part_of_the_value)
{
	struct stub_config *c = new_config();
	ck_assert_int_eq(stub_config_read(c, DATA "bad-hash.conf", NULL), -EINVAL);
	ck_assert_str_eq(c->error, DATA "bad-hash.conf:7: log-level must be err, warning, notice, info or "
				   "debug (info#comment)");
	free_config(c);
}
END_TEST

START_TEST(test_file_without_final_newline_is_read_to_the_end)
{
	struct stub_config *c = new_config();
	ck_assert_int_eq(read_conf_text(c, "timeout 4\nlog-level warning", NULL), 0);
	ck_assert_uint_eq(c->timeout_s, 4);
	ck_assert_int_eq(c->log_level, STUB_LOG_WARNING);
	free_config(c);
}
END_TEST

START_TEST(test_later_timeout_and_log_level_lines_win)
{
	struct stub_config *c = new_config();
	ck_assert_int_eq(read_conf_text(c, "timeout 4\ntimeout 6\nlog-level err\nlog-level notice\n", NULL), 0);
	ck_assert_uint_eq(c->timeout_s, 6);
	ck_assert_int_eq(c->log_level, STUB_LOG_NOTICE);
	free_config(c);
}
END_TEST

/* ------------------------------------------------------------------ */
/* nss-dnssec.conf: bad lines                                           */

START_TEST(test_unknown_keyword_is_an_error_naming_file_and_line)
{
	struct stub_config *c = new_config();
	ck_assert_int_eq(stub_config_read(c, DATA "bad-keyword.conf", NULL), -EINVAL);
	/* the first error wins: line 5 is bad too */
	ck_assert_str_eq(c->error, DATA "bad-keyword.conf:4: unknown keyword (colour)");
	free_config(c);
}
END_TEST

START_TEST(test_keywords_are_case_sensitive)
{
	expect_conf_error("Timeout 5\n", "1: unknown keyword (Timeout)");
}
END_TEST

START_TEST(test_keyword_without_a_value_is_an_error)
{
	expect_conf_error("\n\ntimeout   # five\n", "3: timeout needs a value (timeout)");
	expect_conf_error("nameserver\n", "1: nameserver needs a value (nameserver)");
	expect_conf_error("trust-anchor-file\n", "1: trust-anchor-file needs a value (trust-anchor-file)");
	expect_conf_error("negative-trust-anchor\n",
			  "1: negative-trust-anchor needs a value (negative-trust-anchor)");
	expect_conf_error("require-secure\n", "1: require-secure needs a value (require-secure)");
	expect_conf_error("log-level\n", "1: log-level needs a value (log-level)");
}
END_TEST

START_TEST(test_keyword_with_two_values_is_an_error)
{
	expect_conf_error("timeout 5 6\n", "1: timeout takes one value (timeout 5 6)");
	expect_conf_error("nameserver 192.0.2.1 192.0.2.2  # two\n",
			  "1: nameserver takes one value (nameserver 192.0.2.1 192.0.2.2)");
	expect_conf_error("trust-anchor-file /a b\n", "1: trust-anchor-file takes one value (trust-anchor-file /a b)");
}
END_TEST

START_TEST(test_trust_anchor_file_must_be_an_absolute_path_that_fits)
{
	expect_conf_error("trust-anchor-file root.key\n",
			  "1: trust-anchor-file needs an absolute path (root.key)");
	char text[400] = "trust-anchor-file /";
	memset(text + 19, 'a', 256);
	strcpy(text + 19 + 256, "\n");
	struct stub_config *c = new_config();
	ck_assert_int_eq(read_conf_text(c, text, NULL), -EINVAL);
	expect_contains(c->error, ":1: trust-anchor-file path longer than 255 octets (/aaaa");
	free_config(c);
}
END_TEST

START_TEST(test_65th_trust_anchor_file_is_an_error)
{
	char text[64 * 40 + 100] = "";
	for (int i = 0; i < 65; i++)
		sprintf(text + strlen(text), "trust-anchor-file /etc/anchor%d.key\n", i);
	expect_conf_error(text, "65: more than 64 trust-anchor-file lines (/etc/anchor64.key)");
}
END_TEST

START_TEST(test_bad_nameserver_address_is_an_error)
{
	expect_conf_error("nameserver 192.0.2\n",
			  "1: nameserver: bad address, want an IPv4 or IPv6 address (192.0.2)");
	expect_conf_error("nameserver 192.0.2.256\n",
			  "1: nameserver: bad address, want an IPv4 or IPv6 address (192.0.2.256)");
	/* inet_aton() shorthand is for resolv.conf compatibility only */
	expect_conf_error("nameserver 10.1\n",
			  "1: nameserver: bad address, want an IPv4 or IPv6 address (10.1)");
	expect_conf_error("nameserver ns.example\n",
			  "1: nameserver: bad address, want an IPv4 or IPv6 address (ns.example)");
	expect_conf_error("nameserver fe80::1%eth0\n",
			  "1: nameserver: bad address, want an IPv4 or IPv6 address (fe80::1%eth0)");
	expect_conf_error("nameserver [2001:db8::1]\n",
			  "1: nameserver: bad address, want an IPv4 or IPv6 address ([2001:db8::1])");
	expect_conf_error("nameserver #53\n", "1: nameserver needs a value (nameserver)");
	expect_conf_error("nameserver x#53\n",
			  "1: nameserver: bad address, want an IPv4 or IPv6 address (x#53)");
}
END_TEST

START_TEST(test_bad_nameserver_port_is_an_error)
{
	expect_conf_error("nameserver 192.0.2.1#0\n", "1: nameserver: bad port, want 1 to 65535 (192.0.2.1#0)");
	expect_conf_error("nameserver 192.0.2.1#65536\n",
			  "1: nameserver: bad port, want 1 to 65535 (192.0.2.1#65536)");
	expect_conf_error("nameserver 192.0.2.1#\n", "1: nameserver: bad port, want 1 to 65535 (192.0.2.1#)");
	expect_conf_error("nameserver 192.0.2.1#+53\n",
			  "1: nameserver: bad port, want 1 to 65535 (192.0.2.1#+53)");
	expect_conf_error("nameserver 2001:db8::1#53#53\n",
			  "1: nameserver: bad port, want 1 to 65535 (2001:db8::1#53#53)");
	struct stub_config *c = new_config();
	ck_assert_int_eq(read_conf_text(c, "nameserver 192.0.2.1#65535\nnameserver ::1#1\n", NULL), 0);
	ck_assert_str_eq(c->servers[0].str, "192.0.2.1#65535");
	ck_assert_str_eq(c->servers[1].str, "::1#1");
	free_config(c);
}
END_TEST

START_TEST(test_ninth_nameserver_is_an_error)
{
	char text[1024] = "";
	for (int i = 1; i <= 9; i++)
		sprintf(text + strlen(text), "nameserver 192.0.2.%d\n", i);
	expect_conf_error(text, "9: more than 8 nameservers (192.0.2.9)");
	struct stub_config *c = new_config();
	*strstr(text, "nameserver 192.0.2.9") = '\0';
	ck_assert_int_eq(read_conf_text(c, text, NULL), 0);
	ck_assert_uint_eq(c->nservers, 8);
	free_config(c);
}
END_TEST

START_TEST(test_negative_trust_anchors_add_to_the_builtin_list_once_each)
{
	struct stub_config *c = new_config();
	ck_assert_int_eq(read_conf_text(c, "negative-trust-anchor Corp.Example.\n"
					   "negative-trust-anchor corp.example\n"
					   "negative-trust-anchor LOCAL\n"
					   "negative-trust-anchor lab.example\n", NULL), 0);
	ck_assert_uint_eq(c->nntas, 31);
	name_is(c->ntas[29], "corp.example.");	/* kept lower-cased */
	name_is(c->ntas[30], "lab.example.");
	ck_assert_str_eq(c->warning, "");
	free_config(c);
}
END_TEST

START_TEST(test_bad_negative_trust_anchor_name_is_an_error)
{
	expect_conf_error("negative-trust-anchor a..example\n",
			  "1: negative-trust-anchor: empty label in name (a..example)");
	char text[200] = "negative-trust-anchor ";
	memset(text + strlen(text), 'x', 64);
	strcat(text, ".example\n");
	struct stub_config *c = new_config();
	ck_assert_int_eq(read_conf_text(c, text, NULL), -EINVAL);
	expect_contains(c->error, ":1: negative-trust-anchor: label longer than 63 octets (xxxx");
	free_config(c);
}
END_TEST

START_TEST(test_negative_trust_anchor_for_the_root_is_kept_with_a_warning)
{
	struct stub_config *c = new_config();
	const char *path;
	ck_assert_int_eq(read_conf_text(c, "negative-trust-anchor .\n", &path), 0);
	ck_assert_uint_eq(c->nntas, 30);
	char want[512];
	snprintf(want, sizeof want, "%s:1: negative-trust-anchor for the root turns validation off (.)", path);
	ck_assert_str_eq(c->warning, want);
	free_config(c);
}
END_TEST

START_TEST(test_too_many_negative_trust_anchors_is_an_error)
{
	/* 29 built in + 227 configured = 256 */
	size_t cap = 300 * 40;
	char *text = malloc(cap);
	text[0] = '\0';
	for (int i = 0; i < 228; i++)
		sprintf(text + strlen(text), "negative-trust-anchor n%d.example\n", i);
	expect_conf_error(text, "228: negative-trust-anchor: more than 256 names (n227.example)");
	free(text);
}
END_TEST

START_TEST(test_dns64_prefix_lines_are_kept_in_order_and_none_turns_dns64_off)
{
	struct stub_config *c = new_config();
	/* Default: learnt (RFC 7050). */
	ck_assert_uint_eq(c->ndns64, 0);
	ck_assert(!c->dns64_off);
	ck_assert_int_eq(read_conf_text(c, "dns64-prefix 64:ff9b::/96\n"
					   "dns64-prefix 2001:db8:100::/40  # the operator's own\n"
					   "dns64-prefix 64:ff9b::/96\n", NULL), 0);
	ck_assert_str_eq(c->error, "");
	ck_assert_uint_eq(c->ndns64, 2);
	ck_assert_uint_eq(c->dns64[0].len, 96);
	ck_assert_mem_eq(c->dns64[0].addr, "\0\x64\xff\x9b", 4);
	ck_assert_uint_eq(c->dns64[1].len, 40);
	ck_assert_mem_eq(c->dns64[1].addr, "\x20\x01\x0d\xb8\x01", 5);
	ck_assert(!c->dns64_off);
	free_config(c);

	c = new_config();
	ck_assert_int_eq(read_conf_text(c, "dns64-prefix none\n", NULL), 0);
	ck_assert(c->dns64_off);
	ck_assert_uint_eq(c->ndns64, 0);
	free_config(c);
}
END_TEST

START_TEST(test_bad_dns64_prefix_is_an_error_naming_file_and_line)
{
	expect_conf_error("\ndns64-prefix 64:ff9b::/33\n",
			  "2: dns64-prefix: the length must be 32, 40, 48, 56, 64 or 96 (RFC 6052) (64:ff9b::/33)");
	expect_conf_error("dns64-prefix 64:ff9b::\n", "1: dns64-prefix: want PREFIX/LEN, e.g. 64:ff9b::/96 (64:ff9b::)");
	expect_conf_error("dns64-prefix 64:ff9b::1/96\n",
			  "1: dns64-prefix: bits set past the prefix length (64:ff9b::1/96)");
	expect_conf_error("dns64-prefix\n", "1: dns64-prefix needs a value (dns64-prefix)");
	expect_conf_error("dns64-prefix none\ndns64-prefix 64:ff9b::/96\n",
			  "2: dns64-prefix: \"none\" and a prefix cannot both be given (64:ff9b::/96)");
	expect_conf_error("dns64-prefix 64:ff9b::/96\ndns64-prefix none\n",
			  "2: dns64-prefix: \"none\" and a prefix cannot both be given (none)");
	expect_conf_error("dns64-prefix 2001:db8:1::/48\ndns64-prefix 2001:db8:2::/48\n"
			  "dns64-prefix 2001:db8:3::/48\ndns64-prefix 2001:db8:4::/48\n"
			  "dns64-prefix 2001:db8:5::/48\n",
			  "5: dns64-prefix: more than 4 prefixes (2001:db8:5::/48)");
}
END_TEST

START_TEST(test_require_secure_reads_names_and_root_means_everything)
{
	struct stub_config *c = new_config();
	ck_assert_int_eq(read_conf_text(c, "require-secure BANK.example\nrequire-secure .\n", NULL), 0);
	ck_assert_uint_eq(c->nrequire, 2);
	name_is(c->require_secure[0], "bank.example.");
	ck_assert(val_name_is_subdomain(tu_name("www.anything.test"), c->require_secure[1]));
	free_config(c);
	expect_conf_error("require-secure bank\\\n", "1: require-secure: backslash at the end of the name (bank\\)");
}
END_TEST

START_TEST(test_too_many_require_secure_names_is_an_error)
{
	char *text = malloc(300 * 40);
	text[0] = '\0';
	for (int i = 0; i < 257; i++)
		sprintf(text + strlen(text), "require-secure r%d.example\n", i);
	expect_conf_error(text, "257: require-secure: more than 256 names (r256.example)");
	free(text);
}
END_TEST

START_TEST(test_timeout_outside_1_to_30_is_an_error)
{
	expect_conf_error("timeout 0\n", "1: timeout must be 1 to 30 seconds (0)");
	expect_conf_error("timeout 31\n", "1: timeout must be 1 to 30 seconds (31)");
	expect_conf_error("timeout -1\n", "1: timeout must be 1 to 30 seconds (-1)");
	expect_conf_error("timeout 5s\n", "1: timeout must be 1 to 30 seconds (5s)");
	expect_conf_error("timeout 18446744073709551621\n",
			  "1: timeout must be 1 to 30 seconds (18446744073709551621)");
	struct stub_config *c = new_config();
	ck_assert_int_eq(read_conf_text(c, "timeout 1\n", NULL), 0);
	ck_assert_uint_eq(c->timeout_s, 1);
	ck_assert_int_eq(read_conf_text(c, "timeout 30\n", NULL), 0);
	ck_assert_uint_eq(c->timeout_s, 30);
	free_config(c);
}
END_TEST

START_TEST(test_each_log_level_is_read_and_others_are_errors)
{
	const char *names[] = { "err", "warning", "notice", "info", "debug" };
	enum stub_log_level want[] = { STUB_LOG_ERR, STUB_LOG_WARNING, STUB_LOG_NOTICE, STUB_LOG_INFO,
				       STUB_LOG_DEBUG };
	for (size_t i = 0; i < 5; i++) {
		struct stub_config *c = new_config();
		char text[64];
		snprintf(text, sizeof text, "log-level %s\n", names[i]);
		ck_assert_int_eq(read_conf_text(c, text, NULL), 0);
		ck_assert_int_eq(c->log_level, want[i]);
		free_config(c);
	}
	expect_conf_error("log-level error\n", "1: log-level must be err, warning, notice, info or debug (error)");
	expect_conf_error("log-level DEBUG\n", "1: log-level must be err, warning, notice, info or debug (DEBUG)");
}
END_TEST

START_TEST(test_line_of_4096_octets_is_read_and_4097_is_an_error)
{
	char *text = malloc(5000);
	memset(text, ' ', 4096);
	memcpy(text + 4096 - 9, "timeout 8", 9);
	strcpy(text + 4096, "\n");
	struct stub_config *c = new_config();
	ck_assert_int_eq(read_conf_text(c, text, NULL), 0);
	ck_assert_uint_eq(c->timeout_s, 8);
	free_config(c);

	text[0] = '\n';
	memset(text + 1, '#', 4097);
	strcpy(text + 4098, "\n");
	char want[200] = "2: line longer than 4096 octets (";
	memset(want + strlen(want), '#', 80);
	strcat(want, "...)");
	expect_conf_error(text, want);
	free(text);
}
END_TEST

START_TEST(test_nul_byte_is_an_error)
{
	struct stub_config *c = new_config();
	const char *path = write_file_n("nss-dnssec.conf", "timeout 5\nnameserver 192.0\0.2.1\n", 32);
	ck_assert_int_eq(stub_config_read(c, path, NULL), -EINVAL);
	char want[512];
	snprintf(want, sizeof want, "%s:2: NUL byte in the line (nameserver 192.0)", path);
	ck_assert_str_eq(c->error, want);
	free_config(c);
}
END_TEST

START_TEST(test_10000_lines_are_read_and_10001_is_an_error)
{
	char *text = malloc(10001 * 2 + 1);
	for (int i = 0; i < 10001; i++)
		memcpy(text + 2 * i, "#\n", 2);
	text[2 * 10000] = '\0';
	struct stub_config *c = new_config();
	ck_assert_int_eq(read_conf_text(c, text, NULL), 0);
	free_config(c);
	text[2 * 10000] = '\n';	/* an empty line 10001 */
	text[2 * 10000 + 1] = '\0';
	expect_conf_error(text, "10001: more than 10000 lines");
	free(text);
}
END_TEST

START_TEST(test_error_text_escapes_control_characters_and_non_ascii)
{
	expect_conf_error("log-level \x1b[31mred\xc3\xa9\n",
			  "1: log-level must be err, warning, notice, info or debug (\\x1b[31mred\\xc3\\xa9)");
}
END_TEST

START_TEST(test_config_that_is_a_directory_or_a_fifo_is_refused_without_blocking)
{
	struct stub_config *c = new_config();
	ck_assert_int_eq(stub_config_read(c, tmpdir, NULL), -EINVAL);
	char want[512];
	snprintf(want, sizeof want, "%s: cannot open: Is a directory", tmpdir);
	ck_assert_str_eq(c->error, want);
	free_config(c);

	char fifo[128];
	snprintf(fifo, sizeof fifo, "%s/fifo.conf", tmpdir);
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	c = new_config();
	ck_assert_int_eq(stub_config_read(c, fifo, NULL), -EINVAL);
	snprintf(want, sizeof want, "%s: cannot open: not a regular file", fifo);
	ck_assert_str_eq(c->error, want);
	free_config(c);
}
END_TEST

START_TEST(test_unreadable_config_is_an_error)
{
	struct stub_config *c = new_config();
	/* Root reads every mode, but not a directory as a file. */
	if (geteuid() == 0) {
		ck_assert_int_lt(stub_config_read(c, "tests/unit/data/conf", NULL), 0);
		expect_contains(c->error, "tests/unit/data/conf");
		free_config(c);
		return;
	}
	const char *path = write_file("nss-dnssec.conf", "timeout 5\n");
	ck_assert_int_eq(chmod(path, 0), 0);
	ck_assert_int_eq(stub_config_read(c, path, NULL), -EACCES);
	expect_contains(c->error, ": cannot open: Permission denied");
	free_config(c);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Drop-ins                                                             */

START_TEST(test_dropins_are_read_in_byte_order_after_the_main_file)
{
	struct stub_config *c = new_config();
	ck_assert_int_eq(stub_config_read(c, DATA "main-for-dropins.conf", DATA "dropins.d"), 0);
	ck_assert_str_eq(c->error, "");
	/* main, then 10-second.conf, then 2-third.conf ("1" < "2") */
	ck_assert_uint_eq(c->nservers, 3);
	ck_assert_str_eq(c->servers[0].str, "192.0.2.1");
	ck_assert_str_eq(c->servers[1].str, "192.0.2.10");
	ck_assert_str_eq(c->servers[2].str, "192.0.2.20");
	ck_assert_uint_eq(c->timeout_s, 20);
	/* .hidden.conf, README, *.conf.dpkg-old and *.conf~ are not read */
	ck_assert_int_eq(c->log_level, STUB_LOG_ERR);
	free_config(c);
}
END_TEST

START_TEST(test_dropins_are_not_read_without_a_dropin_dir)
{
	struct stub_config *c = new_config();
	ck_assert_int_eq(stub_config_read(c, DATA "main-for-dropins.conf", NULL), 0);
	ck_assert_uint_eq(c->nservers, 1);
	ck_assert_uint_eq(c->timeout_s, 3);
	free_config(c);
}
END_TEST

START_TEST(test_missing_main_file_and_missing_dropin_dir_are_fine)
{
	struct stub_config *c = new_config();
	char main[128], dir[128];
	snprintf(main, sizeof main, "%s/none.conf", tmpdir);
	snprintf(dir, sizeof dir, "%s/none.d", tmpdir);
	ck_assert_int_eq(stub_config_read(c, main, dir), 0);
	ck_assert_int_eq(stub_config_read(c, main, DATA "dropins.d"), 0);
	ck_assert_uint_eq(c->timeout_s, 20);
	free_config(c);
}
END_TEST

START_TEST(test_error_in_a_dropin_names_the_dropin_and_its_line)
{
	struct stub_config *c = new_config();
	ck_assert_int_eq(stub_config_read(c, DATA "main-for-dropins.conf", DATA "bad-dropin.d"), -EINVAL);
	ck_assert_str_eq(c->error, DATA "bad-dropin.d/20-broken.conf:2: log-level must be err, warning, notice, "
				   "info or debug (loud)");
	free_config(c);
}
END_TEST

START_TEST(test_symbolic_link_in_the_dropin_dir_is_an_error)
{
	char dir[128], link[256];
	snprintf(dir, sizeof dir, "%s/d", tmpdir);
	ck_assert_int_eq(mkdir(dir, 0700), 0);
	write_file("d/10-fine.conf", "timeout 4\n");
	snprintf(link, sizeof link, "%s/20-link.conf", dir);
	ck_assert_int_eq(symlink(abs_data("good.conf"), link), 0);
	struct stub_config *c = new_config();
	ck_assert_int_eq(stub_config_read(c, DATA "none.conf", dir), -EINVAL);
	char want[512];
	snprintf(want, sizeof want, "%s: a symbolic link, not a regular file", link);
	ck_assert_str_eq(c->error, want);
	free_config(c);
}
END_TEST

START_TEST(test_directory_or_fifo_named_conf_in_the_dropin_dir_is_an_error)
{
	char dir[128], sub[256];
	snprintf(dir, sizeof dir, "%s/d", tmpdir);
	ck_assert_int_eq(mkdir(dir, 0700), 0);
	snprintf(sub, sizeof sub, "%s/x.conf", dir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	struct stub_config *c = new_config();
	ck_assert_int_eq(stub_config_read(c, DATA "none.conf", dir), -EINVAL);
	char want[512];
	snprintf(want, sizeof want, "%s: not a regular file", sub);
	ck_assert_str_eq(c->error, want);
	free_config(c);

	ck_assert_int_eq(rmdir(sub), 0);
	ck_assert_int_eq(mkfifo(sub, 0600), 0);
	c = new_config();
	ck_assert_int_eq(stub_config_read(c, DATA "none.conf", dir), -EINVAL);
	ck_assert_str_eq(c->error, want);
	free_config(c);
}
END_TEST

START_TEST(test_64_dropins_are_read_and_65_is_an_error)
{
	char dir[128], name[64];
	snprintf(dir, sizeof dir, "%s/d", tmpdir);
	ck_assert_int_eq(mkdir(dir, 0700), 0);
	for (int i = 0; i < 64; i++) {
		snprintf(name, sizeof name, "d/%02d.conf", i);
		write_file(name, "timeout 2\n");
	}
	write_file("d/99.conf.disabled", "timeout 3\n"); /* does not count */
	struct stub_config *c = new_config();
	ck_assert_int_eq(stub_config_read(c, DATA "none.conf", dir), 0);
	ck_assert_uint_eq(c->timeout_s, 2);
	free_config(c);

	write_file("d/64.conf", "timeout 2\n");
	c = new_config();
	ck_assert_int_eq(stub_config_read(c, DATA "none.conf", dir), -EINVAL);
	char want[512];
	snprintf(want, sizeof want, "%s: more than 64 .conf files", dir);
	ck_assert_str_eq(c->error, want);
	free_config(c);
}
END_TEST

START_TEST(test_first_error_wins_over_a_later_one)
{
	struct stub_config *c = new_config();
	ck_assert_int_eq(stub_config_read(c, DATA "bad-keyword.conf", DATA "bad-dropin.d"), -EINVAL);
	ck_assert_str_eq(c->error, DATA "bad-keyword.conf:4: unknown keyword (colour)");
	/* a later failure does not overwrite it */
	ck_assert_int_eq(stub_config_read(c, DATA "bad-hash.conf", NULL), -EINVAL);
	ck_assert_str_eq(c->error, DATA "bad-keyword.conf:4: unknown keyword (colour)");
	free_config(c);
}
END_TEST

/* ------------------------------------------------------------------ */
/* stub_config_load and the environment                                 */

START_TEST(test_config_load_reads_the_path_of_NSS_DNSSEC_CONF_through_secure_getenv)
{
	char text[2048];
	snprintf(text, sizeof text, "trust-anchor-file %s\nnameserver 192.0.2.99#5300\ntimeout 11\n",
		 abs_data("rfc4034-5.4.key"));
	const char *path = write_file("env.conf", text);
	ck_assert_int_eq(setenv("NSS_DNSSEC_CONF", path, 1), 0);
	struct stub_config *c = new_config();
	c->timeout_s = 29; /* stub_config_load starts from the defaults */
	int rc = stub_config_load(c);
	ck_assert_msg(rc == 0, "rc %d: %s", rc, c->error);
	ck_assert_uint_eq(c->timeout_s, 11);
	ck_assert(c->servers_from_config);
	ck_assert_uint_eq(c->nservers, 1);
	ck_assert_str_eq(c->servers[0].str, "192.0.2.99#5300");
	ck_assert_uint_eq(c->nanchors, 2);
	free_config(c);

	/* and the error names that file */
	path = write_file("env.conf", "timeout 5\nbogus line\n");
	c = new_config();
	ck_assert_int_eq(stub_config_load(c), -EINVAL);
	char want[512];
	snprintf(want, sizeof want, "%s:2: unknown keyword (bogus)", path);
	ck_assert_str_eq(c->error, want);
	free_config(c);
	unsetenv("NSS_DNSSEC_CONF");
}
END_TEST

/* The module loads into calloc'd memory without clearing it again
 * (stub_config_load_zeroed): the result must be byte for byte what
 * stub_config_load makes of a structure full of garbage, pointers aside. */
START_TEST(test_config_load_zeroed_equals_config_load)
{
	char text[2048];
	snprintf(text, sizeof text,
		 "trust-anchor-file %s\nnameserver 192.0.2.99#5300\ntimeout 11\n"
		 "negative-trust-anchor broken.example\nrequire-secure bank.example\n",
		 abs_data("rfc4034-5.4.key"));
	ck_assert_int_eq(setenv("NSS_DNSSEC_CONF", write_file("zeroed.conf", text), 1), 0);
	struct stub_config *dirty = malloc(sizeof *dirty), *fresh = calloc(1, sizeof *fresh);
	ck_assert_ptr_nonnull(dirty);
	ck_assert_ptr_nonnull(fresh);
	memset(dirty, 0xa5, sizeof *dirty);
	int rc = stub_config_load(dirty);
	ck_assert_msg(rc == 0, "rc %d: %s", rc, dirty->error);
	ck_assert_int_eq(stub_config_load_zeroed(fresh), 0);
	ck_assert_uint_eq(fresh->nanchors, 2);
	ck_assert_uint_eq(fresh->nrequire, 1);
	ck_assert_uint_gt(fresh->nntas, 1);
	ck_assert_uint_eq(dirty->nanchors, fresh->nanchors);
	for (size_t i = 0; i < fresh->nanchors; i++) {
		struct stub_anchor *a = &dirty->anchors[i], *b = &fresh->anchors[i];
		ck_assert_uint_eq(a->rr.rdlen, b->rr.rdlen);
		ck_assert_mem_eq(a->rr.rdata, b->rr.rdata, b->rr.rdlen);
		ck_assert_mem_eq(a->rr.owner, b->rr.owner, sizeof a->owner);
		a->rr.owner = b->rr.owner = NULL;
		a->rr.rdata = b->rr.rdata = NULL;
	}
	/* the rdata buffers, freed by stub_config_free, by hand here */
	uint8_t *keep[STUB_ANCHORS_MAX];
	for (size_t i = 0; i < fresh->nanchors; i++) {
		free(dirty->anchors[i].rdata);
		keep[i] = fresh->anchors[i].rdata;
		dirty->anchors[i].rdata = fresh->anchors[i].rdata = NULL;
	}
	ck_assert_mem_eq(dirty, fresh, sizeof *fresh);
	for (size_t i = 0; i < fresh->nanchors; i++)
		free(keep[i]);
	free(dirty);
	free(fresh);
	unsetenv("NSS_DNSSEC_CONF");
}
END_TEST

START_TEST(test_localdomain_and_res_options_do_not_matter)
{
	ck_assert_int_eq(setenv("LOCALDOMAIN", "evil.example", 1), 0);
	ck_assert_int_eq(setenv("RES_OPTIONS", "ndots:9 attempts:1 rotate", 1), 0);
	struct stub_config *c = new_config();
	ck_assert_int_eq(stub_resolv_read(c, DATA "resolv-search-last.conf"), 0);
	ck_assert_uint_eq(c->nsearch, 2);
	name_is(c->search[0], "a.example.");
	ck_assert_uint_eq(c->ndots, 1);
	ck_assert_uint_eq(c->attempts, 2);
	ck_assert(!c->rotate);
	free_config(c);
	unsetenv("LOCALDOMAIN");
	unsetenv("RES_OPTIONS");
}
END_TEST

/* ------------------------------------------------------------------ */
/* Who may write the files (DESIGN.md: owned by root, not writable by
 * group or others)                                                     */

#define CONF_RISK "a file an unprivileged user can write could turn validation off"
#define DIR_RISK "a directory an unprivileged user can write lets them add a drop-in"
#define ANCHOR_RISK "a trust-anchor file an unprivileged user can write lets them replace the trusted keys"

/* rc and c->error are exactly "PATH: WHAT: refused (RISK)". */
static void expect_refused(const struct stub_config *c, int rc, const char *path, const char *what,
			   const char *risk)
{
	char want[1024];
	snprintf(want, sizeof want, "%s: %s: refused (%s)", path, what, risk);
	ck_assert_msg(rc == -EPERM, "rc %d: %s", rc, c->error);
	ck_assert_str_eq(c->error, want);
}

/* tmpdir/d, mode 0755 whatever the umask. */
static const char *make_dropin_dir(void)
{
	static char dir[128];
	snprintf(dir, sizeof dir, "%s/d", tmpdir);
	ck_assert_int_eq(mkdir(dir, 0755), 0);
	ck_assert_int_eq(chmod(dir, 0755), 0);
	return dir;
}

/* ------------------------------------------------------------------ */
/* Runtime drop-ins (/run/nss-dnssec.d)                                 */

START_TEST(test_runtime_dropins_add_negative_trust_anchors_and_anchor_files)
{
	const char *dir = make_dropin_dir();
	write_file("d/nm-vpn.conf", "# written by a VPN hook\nnegative-trust-anchor corp.example\n"
				    "negative-trust-anchor Intra.Corp.Example.\n");
	const char *anchor = write_file("d/anchor.key", ". IN DS 20326 8 2 "
				"E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D\n");
	char line[300];
	snprintf(line, sizeof line, "trust-anchor-file %s\n", anchor);
	write_file("d/zz-anchor.conf", line);
	struct stub_config *c = new_config();
	size_t builtin = c->nntas;
	ck_assert_int_eq(stub_config_read_runtime(c, dir), 0);
	ck_assert_str_eq(c->error, "");
	ck_assert_uint_eq(c->nntas, builtin + 2);
	char ns[VAL_NAME_STR_MAX];
	ck_assert_str_eq(val_name_str(c->ntas[builtin], ns), "corp.example.");
	ck_assert_str_eq(val_name_str(c->ntas[builtin + 1], ns), "intra.corp.example.");
	ck_assert_uint_eq(c->nanchor_files, 1);
	ck_assert_str_eq(c->anchor_files[0], anchor);
	free_config(c);
}
END_TEST

START_TEST(test_runtime_dropin_with_another_keyword_fails_closed_naming_file_and_line)
{
	static const char *const refused[] = { "nameserver 192.0.2.66", "require-secure .",
					       "timeout 30", "log-level err" };
	const char *dir = make_dropin_dir();
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		char text[128], want[512];
		snprintf(text, sizeof text, "negative-trust-anchor corp.example\n%s\n", refused[i]);
		const char *path = write_file("d/50-vpn.conf", text);
		struct stub_config *c = new_config();
		size_t builtin = c->nntas;
		ck_assert_int_eq(stub_config_read_runtime(c, dir), -EINVAL);
		char kw[32];
		snprintf(kw, sizeof kw, "%.*s", (int)strcspn(refused[i], " "), refused[i]);
		snprintf(want, sizeof want,
			 "%s:2: %s is not allowed in a runtime drop-in (only negative-trust-anchor and "
			 "trust-anchor-file) (%s)", path, kw, refused[i]);
		ck_assert_str_eq(c->error, want);
		ck_assert_uint_eq(c->nservers, 0);
		ck_assert_uint_eq(c->nrequire, 0);
		(void)builtin;
		free_config(c);
	}
	/* The same lines are fine in /etc/nss-dnssec.d. */
	struct stub_config *c = new_config();
	ck_assert_int_eq(stub_config_read(c, DATA "none.conf", dir), 0);
	free_config(c);
}
END_TEST

START_TEST(test_runtime_dropins_are_checked_like_the_others)
{
	const char *dir = make_dropin_dir();
	const char *path = write_file("d/50-vpn.conf", "negative-trust-anchor .\n");
	ck_assert_int_eq(chmod(path, 0664), 0);
	struct stub_config *c = new_config();
	int rc = stub_config_read_runtime(c, dir);
	expect_refused(c, rc, path, "mode 0664 is writable by group", CONF_RISK);
	free_config(c);

	ck_assert_int_eq(chmod(path, 0644), 0);
	ck_assert_int_eq(chmod(dir, 0777), 0);
	c = new_config();
	rc = stub_config_read_runtime(c, dir);
	expect_refused(c, rc, dir, "mode 0777 is writable by group and others", DIR_RISK);
	free_config(c);

	if (geteuid() == 0) {
		ck_assert_int_eq(chmod(dir, 0755), 0);
		ck_assert_int_eq(chown(path, 1000, 1000), 0);
		c = new_config();
		size_t nntas = c->nntas;
		rc = stub_config_read_runtime(c, dir);
		expect_refused(c, rc, path, "owned by uid 1000, not root", CONF_RISK);
		ck_assert_uint_eq(c->nntas, nntas);
		free_config(c);
	}
}
END_TEST

START_TEST(test_missing_runtime_dir_is_fine)
{
	char dir[128];
	snprintf(dir, sizeof dir, "%s/absent", tmpdir);
	struct stub_config *c = new_config();
	ck_assert_int_eq(stub_config_read_runtime(c, dir), 0);
	ck_assert_str_eq(c->error, "");
	free_config(c);
}
END_TEST

/* ------------------------------------------------------------------ */
/* time-server and the hotspot window file                              */

START_TEST(test_time_server_names_are_kept_and_cover_the_names_below)
{
	const char *path = write_file("ts.conf", "time-server pool.ntp.org\ntime-server NTP.Ubuntu.com.\n"
						 "time-server pool.ntp.org\n");
	struct stub_config *c = new_config();
	ck_assert_int_eq(stub_config_read(c, path, NULL), 0);
	ck_assert_uint_eq(c->ntime_servers, 2);
	ck_assert(stub_is_time_server(c, tu_name("2.debian.pool.ntp.org.")));
	ck_assert(stub_is_time_server(c, tu_name("pool.ntp.org.")));
	ck_assert(stub_is_time_server(c, tu_name("ntp.ubuntu.com.")));
	ck_assert(!stub_is_time_server(c, tu_name("ntp.org.")));
	ck_assert(!stub_is_time_server(c, tu_name("xpool.ntp.org.")));
	free_config(c);

	path = write_file("ts-root.conf", "time-server .\n");
	c = new_config();
	ck_assert_int_eq(stub_config_read(c, path, NULL), -EINVAL);
	ck_assert_msg(strstr(c->error, "ts-root.conf:1: time-server: the root would cover every name"), "%s", c->error);
	free_config(c);
}
END_TEST

START_TEST(test_networkmanager_vpn_ntas_is_yes_or_no)
{
	const char *path = write_file("nm.conf", "networkmanager-vpn-ntas yes\n");
	struct stub_config *c = new_config();
	ck_assert_int_eq(stub_config_read(c, path, NULL), 0);
	ck_assert(c->nm_vpn_ntas);
	free_config(c);
	path = write_file("nm2.conf", "networkmanager-vpn-ntas maybe\n");
	c = new_config();
	ck_assert_int_eq(stub_config_read(c, path, NULL), -EINVAL);
	ck_assert_msg(strstr(c->error, "nm2.conf:1: networkmanager-vpn-ntas must be yes or no"), "%s", c->error);
	free_config(c);
}
END_TEST

START_TEST(test_hotspot_window_is_open_only_for_roots_file_within_30_minutes)
{
	char path[128];
	snprintf(path, sizeof path, "%s/hotspot", tmpdir);
	uint64_t now = 1800000000, until = 0;
	ck_assert(!stub_hotspot_read(path, now, &until)); /* no file */
	ck_assert_int_eq(stub_hotspot_write(path, 5, now), 0);
	struct stat st;
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0644);
	if (geteuid() == 0) {
		ck_assert(stub_hotspot_read(path, now, &until));
		ck_assert_uint_eq(until, now + 300);
		ck_assert(stub_hotspot_read(path, now + 299, NULL));
		ck_assert(!stub_hotspot_read(path, now + 300, NULL));	/* ended */
		ck_assert(!stub_hotspot_read(path, now - 1501, NULL));	/* more than 30 min ahead */
		ck_assert(stub_hotspot_read(path, now - 1500, NULL));	/* exactly 30 */
		/* Writable by group: not honoured. */
		ck_assert_int_eq(chmod(path, 0664), 0);
		ck_assert(!stub_hotspot_read(path, now, NULL));
		ck_assert_int_eq(chmod(path, 0644), 0);
		/* Someone else's: not honoured. */
		ck_assert_int_eq(chown(path, 1000, 1000), 0);
		ck_assert(!stub_hotspot_read(path, now, NULL));
		ck_assert_int_eq(chown(path, 0, 0), 0);
		/* A symbolic link to root's file: not honoured. */
		char link[160];
		snprintf(link, sizeof link, "%s/hotspot-link", tmpdir);
		ck_assert_int_eq(symlink(path, link), 0);
		ck_assert(!stub_hotspot_read(link, now, NULL));
	} else {
		ck_assert(!stub_hotspot_read(path, now, NULL));	/* not root's */
	}
	/* Anything but "until SECONDS": closed. */
	static const char *const bad[] = { "until \n", "until 1800000100x\n", "until 1800000100\n\n",
					   "1800000100\n", "until -1\n", "until 99999999999999999999\n" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		write_file("hotspot", bad[i]);
		ck_assert_msg(!stub_hotspot_read(path, now, NULL), "%s", bad[i]);
	}
	write_file("hotspot", "until 1800000100");
	ck_assert(stub_hotspot_read(path, now, NULL) == (geteuid() == 0));
	ck_assert_int_eq(stub_hotspot_write(path, 0, now), 0);
	ck_assert_int_eq(access(path, F_OK), -1);
	ck_assert_int_eq(stub_hotspot_write(path, 0, now), 0);	/* closing twice is fine */
	ck_assert_int_eq(stub_hotspot_write(path, 31, now), -EINVAL);
}
END_TEST

START_TEST(test_dropin_owned_by_another_uid_is_refused_naming_it)
{
	if (geteuid() != 0)
		return; /* only root can give a file away */
	const char *dir = make_dropin_dir();
	const char *path = write_file("d/50-vpn.conf", "negative-trust-anchor .\n");
	ck_assert_int_eq(chown(path, 1000, 1000), 0);
	struct stub_config *c = new_config();
	size_t nntas = c->nntas;
	int rc = stub_config_read(c, DATA "none.conf", dir);
	expect_refused(c, rc, path, "owned by uid 1000, not root", CONF_RISK);
	ck_assert_uint_eq(c->nntas, nntas); /* not one line of it read */
	ck_assert_str_eq(c->warning, "");
	free_config(c);
}
END_TEST

START_TEST(test_group_writable_dropin_is_refused_naming_it)
{
	const char *dir = make_dropin_dir();
	write_file("d/10-fine.conf", "timeout 7\n");
	const char *path = write_file("d/50-vpn.conf", "negative-trust-anchor .\n");
	ck_assert_int_eq(chmod(path, 0664), 0);
	struct stub_config *c = new_config();
	int rc = stub_config_read(c, DATA "none.conf", dir);
	expect_refused(c, rc, path, "mode 0664 is writable by group", CONF_RISK);
	free_config(c);
}
END_TEST

START_TEST(test_main_file_writable_by_others_is_refused_naming_it)
{
	struct stub_config *c = new_config();
	const char *path = write_file("nss-dnssec.conf", "negative-trust-anchor .\n");
	ck_assert_int_eq(chmod(path, 0646), 0);
	int rc = stub_config_read(c, path, NULL);
	expect_refused(c, rc, path, "mode 0646 is writable by others", CONF_RISK);
	ck_assert_uint_eq(c->nconf_files, 0);
	free_config(c);

	ck_assert_int_eq(chmod(path, 0666), 0);
	c = new_config();
	rc = stub_config_read(c, path, NULL);
	expect_refused(c, rc, path, "mode 0666 is writable by group and others", CONF_RISK);
	free_config(c);
}
END_TEST

START_TEST(test_group_writable_dropin_directory_is_refused_naming_it)
{
	const char *dir = make_dropin_dir();
	write_file("d/10-fine.conf", "timeout 7\n");
	ck_assert_int_eq(chmod(dir, 0775), 0);
	struct stub_config *c = new_config();
	int rc = stub_config_read(c, DATA "main-for-dropins.conf", dir);
	expect_refused(c, rc, dir, "mode 0775 is writable by group", DIR_RISK);
	ck_assert_uint_ne(c->timeout_s, 7);
	free_config(c);

	/* sticky or not: anyone may still add a file */
	ck_assert_int_eq(chmod(dir, 01777), 0);
	c = new_config();
	rc = stub_config_read(c, DATA "none.conf", dir);
	expect_refused(c, rc, dir, "mode 1777 is writable by group and others", DIR_RISK);
	free_config(c);

	if (geteuid() != 0)
		return;
	ck_assert_int_eq(chmod(dir, 0755), 0);
	ck_assert_int_eq(chown(dir, 1000, 1000), 0);
	c = new_config();
	rc = stub_config_read(c, DATA "none.conf", dir);
	expect_refused(c, rc, dir, "owned by uid 1000, not root", DIR_RISK);
	free_config(c);
}
END_TEST

START_TEST(test_anchor_file_writable_by_others_is_refused_naming_it)
{
	const char *path = write_file("root.key", ". IN DS 20326 8 2 "
				      "E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D\n");
	ck_assert_int_eq(chmod(path, 0646), 0);
	struct stub_config *c = new_config();
	int rc = load_anchor_file(c, path);
	expect_refused(c, rc, path, "mode 0646 is writable by others", ANCHOR_RISK);
	ck_assert_uint_eq(c->nanchors, 0);
	free_config(c);

	/* a default anchor file too, and the fallback is not tried instead */
	c = new_config();
	const char *defaults[] = { path, "trust-anchors/root.key" };
	rc = stub_anchors_load_defaults(c, defaults, 2);
	expect_refused(c, rc, path, "mode 0646 is writable by others", ANCHOR_RISK);
	ck_assert_uint_eq(c->nanchors, 0);
	free_config(c);
}
END_TEST

START_TEST(test_NSS_DNSSEC_CONF_file_writable_by_group_is_refused)
{
	const char *path = write_file("env.conf", "negative-trust-anchor .\n");
	ck_assert_int_eq(chmod(path, 0620), 0);
	ck_assert_int_eq(setenv("NSS_DNSSEC_CONF", path, 1), 0);
	struct stub_config *c = new_config();
	int rc = stub_config_load(c);
	unsetenv("NSS_DNSSEC_CONF");
	expect_refused(c, rc, path, "mode 0620 is writable by group", CONF_RISK);
	free_config(c);
}
END_TEST

START_TEST(test_root_owned_0644_files_and_0755_dropin_dir_are_accepted)
{
	char text[2048];
	const char *dir = make_dropin_dir();
	write_file("d/10-vpn.conf", "negative-trust-anchor corp.example\n");
	write_file("d/20-ro.conf", "timeout 9\n");
	ck_assert_int_eq(chmod(dir, 0555), 0);	/* read-only works as well */
	snprintf(text, sizeof text, "trust-anchor-file %s/root.key\nlog-level info\n", tmpdir);
	const char *main = write_file("nss-dnssec.conf", text);
	const char *key = write_file("root.key", ". IN DS 20326 8 2 "
				     "E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D\n");
	struct stat st;
	ck_assert_int_eq(stat(main, &st), 0);
	ck_assert_uint_eq(st.st_uid, geteuid()); /* root's when run as root */
	ck_assert_uint_eq(st.st_mode & 07777, 0644);
	struct stub_config *c = new_config();
	int rc = stub_config_read(c, main, dir);
	ck_assert_msg(rc == 0, "%s", c->error);
	ck_assert_uint_eq(c->timeout_s, 9);
	ck_assert(has_name(c->ntas, c->nntas, "corp.example"));
	rc = stub_anchors_load(c);
	ck_assert_msg(rc == 0, "%s", c->error);
	ck_assert_uint_eq(c->nanchors, 1);
	free_config(c);
	ck_assert_int_eq(chmod(key, 0400), 0);
	c = new_config();
	ck_assert_int_eq(load_anchor_file(c, key), 0);
	free_config(c);
	ck_assert_int_eq(chmod(dir, 0755), 0);	/* for teardown */
}
END_TEST

/* The owner rule's exception: a user may try a file of their own
 * (nss-dnssec query --config FILE); a setuid-root program (euid 0) may
 * not.  Played by root with seteuid. */
START_TEST(test_file_of_the_effective_uid_is_accepted_when_that_is_not_root)
{
	if (geteuid() != 0)
		return; /* seteuid to another user needs root */
	const char *mine = write_file("mine.conf", "timeout 8\n");
	const char *theirs = write_file("theirs.conf", "timeout 9\n");
	ck_assert_int_eq(chown(mine, 1000, 1000), 0);
	ck_assert_int_eq(chown(theirs, 1001, 1001), 0);
	ck_assert_int_eq(chmod(tmpdir, 0711), 0);
	struct stub_config *c1 = new_config(), *c2 = new_config(), *c3 = new_config();
	ck_assert_int_eq(seteuid(1000), 0);
	int rc1 = stub_config_read(c1, mine, NULL);
	int rc2 = stub_config_read(c2, theirs, NULL);
	ck_assert_int_eq(seteuid(0), 0);	/* before any assertion can fail */
	int rc3 = stub_config_read(c3, mine, NULL);
	ck_assert_msg(rc1 == 0, "%s", c1->error);
	ck_assert_uint_eq(c1->timeout_s, 8);
	expect_refused(c2, rc2, theirs, "owned by uid 1001, not root or uid 1000 (the effective uid)",
		       CONF_RISK);
	expect_refused(c3, rc3, mine, "owned by uid 1000, not root", CONF_RISK);
	free_config(c1);
	free_config(c2);
	free_config(c3);
}
END_TEST

START_TEST(test_resolv_conf_writable_by_group_is_read_as_glibc_reads_it)
{
	const char *path = write_file("resolv.conf", "nameserver 192.0.2.7\n");
	ck_assert_int_eq(chmod(path, 0666), 0);
	struct stub_config *c = new_config();
	ck_assert_int_eq(stub_resolv_read(c, path), 0);
	ck_assert_str_eq(c->error, "");
	ck_assert_uint_eq(c->nservers, 1);
	free_config(c);
}
END_TEST

/* ------------------------------------------------------------------ */
/* resolv.conf                                                          */

START_TEST(test_resolv_conf_nameservers_search_and_options_are_read)
{
	struct stub_config *c = new_config();
	ck_assert_int_eq(stub_resolv_read(c, DATA "resolv-full.conf"), 0);
	ck_assert_str_eq(c->error, "");
	ck_assert_str_eq(c->warning, "");	/* edns0, trust-ad, single-request are glibc's and harmless */
	ck_assert(!c->servers_from_config);
	ck_assert_uint_eq(c->nservers, 3);
	ck_assert_str_eq(c->servers[0].str, "192.0.2.1");
	ck_assert_int_eq(c->servers[1].family, AF_INET6);
	ck_assert_str_eq(c->servers[1].str, "2001:db8::1");
	/* inet_aton() as glibc: 10.1 is 10.0.0.1 */
	ck_assert_str_eq(c->servers[2].str, "10.0.0.1");
	ck_assert_uint_eq(c->nsearch, 2);
	name_is(c->search[0], "example.com.");
	name_is(c->search[1], "lab.example.");
	ck_assert_uint_eq(c->ndots, 3);
	ck_assert_uint_eq(c->attempts, 4);
	ck_assert_uint_eq(c->try_timeout_s, 7);
	ck_assert(c->rotate);
	free_config(c);
}
END_TEST

START_TEST(test_later_domain_line_replaces_the_search_list_with_its_first_word)
{
	struct stub_config *c = new_config();
	ck_assert_int_eq(stub_resolv_read(c, DATA "resolv-domain-last.conf"), 0);
	ck_assert_uint_eq(c->nsearch, 1);
	name_is(c->search[0], "c.example.");
	free_config(c);
}
END_TEST

START_TEST(test_later_search_line_replaces_the_domain)
{
	struct stub_config *c = new_config();
	ck_assert_int_eq(stub_resolv_read(c, DATA "resolv-search-last.conf"), 0);
	ck_assert_uint_eq(c->nsearch, 2);
	name_is(c->search[0], "a.example.");
	name_is(c->search[1], "b.example.");
	free_config(c);
}
END_TEST

START_TEST(test_fourth_nameserver_is_ignored_with_a_warning)
{
	struct stub_config *c = new_config();
	ck_assert_int_eq(stub_resolv_read(c, DATA "resolv-four-servers.conf"), 0);
	ck_assert_uint_eq(c->nservers, 3);
	ck_assert_str_eq(c->servers[2].str, "192.0.2.3");
	ck_assert_str_eq(c->warning, DATA "resolv-four-servers.conf:4: more than 3 nameservers; glibc uses the "
				     "first 3 (192.0.2.4)");
	free_config(c);
}
END_TEST

START_TEST(test_ipv6_scope_id_is_dropped_with_a_warning)
{
	struct stub_config *c = new_config();
	ck_assert_int_eq(stub_resolv_read(c, DATA "resolv-scope.conf"), 0);
	ck_assert_uint_eq(c->nservers, 2);
	ck_assert_int_eq(c->servers[0].family, AF_INET6);
	ck_assert_str_eq(c->servers[0].str, "fe80::1");
	ck_assert_str_eq(c->servers[1].str, "2001:db8::53");
	ck_assert_str_eq(c->warning, DATA "resolv-scope.conf:1: nameserver scope id ignored (fe80::1%eth0)");
	free_config(c);
}
END_TEST

START_TEST(test_options_are_capped_as_glibc_caps_them)
{
	struct stub_config *c = new_config();
	ck_assert_int_eq(stub_resolv_read(c, DATA "resolv-caps.conf"), 0);
	ck_assert_uint_eq(c->ndots, 15);
	ck_assert_uint_eq(c->attempts, 5);
	ck_assert_uint_eq(c->try_timeout_s, 30);
	ck_assert_str_eq(c->warning, "");
	free_config(c);
}
END_TEST

START_TEST(test_attempts_0_and_timeout_0_become_1_and_ndots_0_stays)
{
	struct stub_config *c = new_config();
	ck_assert_int_eq(stub_resolv_read(c, DATA "resolv-zero.conf"), 0);
	ck_assert_uint_eq(c->attempts, 1);
	ck_assert_uint_eq(c->try_timeout_s, 1);
	ck_assert_uint_eq(c->ndots, 0);
	ck_assert_str_eq(c->warning, DATA "resolv-zero.conf:2: attempts:0 taken as 1 (attempts:0)");
	free_config(c);
}
END_TEST

START_TEST(test_unknown_option_is_ignored_with_a_warning)
{
	struct stub_config *c = new_config();
	ck_assert_int_eq(stub_resolv_read(c, DATA "resolv-unknown-option.conf"), 0);
	ck_assert_uint_eq(c->ndots, 2);	/* the options after it still count */
	ck_assert_str_eq(c->warning, DATA "resolv-unknown-option.conf:2: unknown option ignored (frobnicate)");
	free_config(c);
	c = new_config();
	ck_assert_int_eq(stub_resolv_read(c, DATA "resolv-unsupported-option.conf"), 0);
	ck_assert_str_eq(c->warning, DATA "resolv-unsupported-option.conf:2: option not supported, ignored (use-vc)");
	free_config(c);
	c = new_config();
	ck_assert_int_eq(stub_resolv_read(c, DATA "resolv-sortlist.conf"), 0);
	ck_assert_uint_eq(c->nservers, 1);
	expect_contains(c->warning, "resolv-sortlist.conf:2: sortlist is not supported, ignored (sortlist 130");
	free_config(c);
}
END_TEST

START_TEST(test_bad_option_number_is_ignored_with_a_warning)
{
	struct stub_config *c = new_config();
	const char *path = write_file("resolv.conf", "options ndots:x ndots:-1 attempts:3\n");
	ck_assert_int_eq(stub_resolv_read(c, path), 0);
	ck_assert_uint_eq(c->ndots, 1);
	ck_assert_uint_eq(c->attempts, 3);
	char want[512];
	snprintf(want, sizeof want, "%s:1: option ignored: bad number (ndots:x)", path);
	ck_assert_str_eq(c->warning, want);
	free_config(c);
}
END_TEST

START_TEST(test_seven_search_domains_keep_the_first_six_with_a_warning)
{
	struct stub_config *c = new_config();
	ck_assert_int_eq(stub_resolv_read(c, DATA "resolv-seven-search.conf"), 0);
	ck_assert_uint_eq(c->nsearch, 6);
	name_is(c->search[5], "six.example.");
	ck_assert_str_eq(c->warning, DATA "resolv-seven-search.conf:1: more than 6 search domains; the rest is "
				     "ignored (seven.example)");
	free_config(c);
}
END_TEST

START_TEST(test_indented_lines_are_ignored_as_glibc_ignores_them)
{
	struct stub_config *c = new_config();
	ck_assert_int_eq(stub_resolv_read(c, DATA "resolv-indented.conf"), 0);
	ck_assert_uint_eq(c->nservers, 1);
	ck_assert_str_eq(c->servers[0].str, "192.0.2.1");	/* "nameserver<TAB>" counts */
	ck_assert_uint_eq(c->nsearch, 1);
	name_is(c->search[0], "a.example.");
	ck_assert_str_eq(c->warning, DATA "resolv-indented.conf:2: indented line ignored, as glibc ignores it "
				     "(nameserver 192.0.2.9)");
	free_config(c);
}
END_TEST

START_TEST(test_bad_nameserver_in_resolv_conf_is_ignored_with_a_warning)
{
	struct stub_config *c = new_config();
	ck_assert_int_eq(stub_resolv_read(c, DATA "resolv-bad-nameserver.conf"), 0);
	ck_assert_uint_eq(c->nservers, 1);
	ck_assert_str_eq(c->servers[0].str, "192.0.2.7");
	ck_assert_str_eq(c->warning, DATA "resolv-bad-nameserver.conf:1: nameserver ignored: not an IPv4 or IPv6 "
				     "address (192.0.2.300)");
	free_config(c);
}
END_TEST

START_TEST(test_missing_resolv_conf_means_127_0_0_1_as_in_glibc)
{
	struct stub_config *c = new_config();
	char path[128];
	snprintf(path, sizeof path, "%s/resolv.conf", tmpdir);
	ck_assert_int_eq(stub_resolv_read(c, path), 0);
	ck_assert_str_eq(c->error, "");
	ck_assert_str_eq(c->warning, "");
	ck_assert(!c->servers_from_config);
	ck_assert_uint_eq(c->nservers, 1);
	ck_assert_str_eq(c->servers[0].str, "127.0.0.1");
	ck_assert_int_eq(c->servers[0].family, AF_INET);
	ck_assert_uint_eq(c->ndots, 1);
	free_config(c);
}
END_TEST

START_TEST(test_resolv_conf_without_nameserver_means_the_loopback)
{
	struct stub_config *c = new_config();
	ck_assert_int_eq(stub_resolv_read(c, DATA "resolv-no-nameserver.conf"), 0);
	ck_assert_uint_eq(c->nservers, 1);
	ck_assert_str_eq(c->servers[0].str, "127.0.0.1");
	ck_assert_uint_eq(c->nsearch, 1);
	ck_assert_uint_eq(c->ndots, 2);
	free_config(c);
}
END_TEST

START_TEST(test_resolv_conf_servers_are_not_used_when_the_config_names_some)
{
	struct stub_config *c = new_config();
	ck_assert_int_eq(read_conf_text(c, "nameserver 192.0.2.99#5300\n", NULL), 0);
	ck_assert_int_eq(stub_resolv_read(c, DATA "resolv-full.conf"), 0);
	ck_assert(c->servers_from_config);
	ck_assert_uint_eq(c->nservers, 1);
	ck_assert_str_eq(c->servers[0].str, "192.0.2.99#5300");
	/* the rest of resolv.conf still counts */
	ck_assert_uint_eq(c->nsearch, 2);
	ck_assert_uint_eq(c->ndots, 3);
	free_config(c);

	/* nor the loopback default */
	c = new_config();
	ck_assert_int_eq(read_conf_text(c, "nameserver 192.0.2.99\n", NULL), 0);
	ck_assert_int_eq(stub_resolv_read(c, DATA "none"), 0);
	ck_assert_uint_eq(c->nservers, 1);
	free_config(c);
}
END_TEST

START_TEST(test_no_search_line_takes_the_domain_of_the_host_name)
{
	char host[256] = "";
	ck_assert_int_eq(gethostname(host, sizeof host - 1), 0);
	const char *dot = strchr(host, '.');
	struct stub_config *c = new_config();
	ck_assert_int_eq(stub_resolv_read(c, DATA "resolv-four-servers.conf"), 0);
	if (dot && dot[1]) {
		ck_assert_uint_eq(c->nsearch, 1);
		ck_assert(val_name_eq(c->search[0], tu_name(dot + 1)));
	} else {
		ck_assert_uint_eq(c->nsearch, 0);
	}
	free_config(c);
}
END_TEST

START_TEST(test_overlong_line_or_nul_in_resolv_conf_is_an_error)
{
	struct stub_config *c = new_config();
	const char *path = write_file_n("resolv.conf", "nameserver 192.0.2.1\nsearch a\0b\n", 31);
	ck_assert_int_eq(stub_resolv_read(c, path), -EINVAL);
	char want[512];
	snprintf(want, sizeof want, "%s:2: NUL byte in the line (search a)", path);
	ck_assert_str_eq(c->error, want);
	free_config(c);
}
END_TEST

START_TEST(test_resolv_conf_that_is_a_directory_is_taken_as_missing)
{
	struct stub_config *c = new_config();
	ck_assert_int_eq(stub_resolv_read(c, tmpdir), 0);
	ck_assert_uint_eq(c->nservers, 1);
	char want[512];
	snprintf(want, sizeof want, "%s: cannot open: Is a directory; using the defaults", tmpdir);
	ck_assert_str_eq(c->warning, want);
	free_config(c);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Trust anchors                                                        */

START_TEST(test_root_key_of_dns_root_data_holds_ksk_20326_and_38696)
{
	const char *files[] = { "/usr/share/dns/root.key", "trust-anchors/root.key" };
	for (size_t f = 0; f < 2; f++) {
		if (access(files[f], R_OK) != 0 && f == 0)
			continue; /* dns-root-data not installed: the project's copy still is */
		struct stub_config *c = new_config();
		ck_assert_msg(load_anchor_file(c, files[f]) == 0, "%s: %s", files[f], c->error);
		ck_assert_uint_eq(c->nanchors, 2);
		for (size_t i = 0; i < 2; i++) {
			const struct stub_anchor *a = &c->anchors[i];
			struct val_dnskey key = key_of(a);
			ck_assert_uint_eq(key.flags, 257);
			ck_assert_uint_eq(key.protocol, 3);
			ck_assert_uint_eq(key.algorithm, 8);
			ck_assert_uint_eq(key.key_len, 260);	/* RSA-2048 in RFC 3110 form */
			ck_assert_ptr_eq(a->rr.owner, a->owner);
			ck_assert_ptr_eq(a->rr.rdata, a->rdata);
			name_is(a->rr.owner, ".");
			ck_assert_uint_eq(a->rr.rclass, VAL_C_IN);
			ck_assert_uint_eq(a->rr.section, VAL_SEC_ANSWER);
		}
		ck_assert_uint_eq(val_keytag(c->anchors[0].rdata, c->anchors[0].rr.rdlen), 20326);
		ck_assert_uint_eq(val_keytag(c->anchors[1].rdata, c->anchors[1].rr.rdlen), 38696);
		char want[300];
		snprintf(want, sizeof want, "%s:2", files[f]);
		ck_assert_str_eq(c->anchors[1].source, want);
		free_config(c);
	}
}
END_TEST

START_TEST(test_root_ds_holds_the_sha256_digests_of_both_ksks)
{
	if (access("/usr/share/dns/root.ds", R_OK) != 0)
		return;
	struct stub_config *c = new_config();
	ck_assert_int_eq(load_anchor_file(c, "/usr/share/dns/root.ds"), 0);
	ck_assert_uint_eq(c->nanchors, 2);
	struct val_ds ds0 = ds_of(&c->anchors[0]), ds1 = ds_of(&c->anchors[1]);
	ck_assert_uint_eq(ds0.key_tag, 20326);
	ck_assert_uint_eq(ds1.key_tag, 38696);
	ck_assert_uint_eq(ds0.algorithm, 8);
	ck_assert_uint_eq(ds0.digest_type, 2);
	ck_assert_uint_eq(ds0.digest_len, 32);
	ck_assert_mem_eq(ds0.digest, "\xe0\x6d\x44\xb8", 4);

	/* and they match the keys of root.key */
	struct stub_config *k = new_config();
	ck_assert_int_eq(load_anchor_file(k, "trust-anchors/root.key"), 0);
	struct val_dnskey key0 = key_of(&k->anchors[0]), key1 = key_of(&k->anchors[1]);
	ck_assert_int_eq(val_ds_match(&ds0, c->anchors[0].owner, &key0), VAL_CRYPTO_VALID);
	ck_assert_int_eq(val_ds_match(&ds1, c->anchors[1].owner, &key1), VAL_CRYPTO_VALID);
	free_config(k);
	free_config(c);
}
END_TEST

START_TEST(test_both_anchor_files_of_a_config_are_loaded_in_order)
{
	struct stub_config *c = new_config();
	c->nanchor_files = 2;
	strcpy(c->anchor_files[0], abs_data("rfc4034-5.4.key"));
	strcpy(c->anchor_files[1], "trust-anchors/root.key");
	ck_assert_int_eq(stub_anchors_load(c), 0);
	ck_assert_uint_eq(c->nanchors, 4);
	ck_assert_uint_eq(c->anchors[0].rr.type, VAL_T_DNSKEY);
	ck_assert_uint_eq(c->anchors[1].rr.type, VAL_T_DS);
	name_is(c->anchors[3].owner, ".");
	/* loading again replaces, it does not add */
	ck_assert_int_eq(stub_anchors_load(c), 0);
	ck_assert_uint_eq(c->nanchors, 4);
	free_config(c);
}
END_TEST

START_TEST(test_lab_anchor_key_and_ds_match_when_the_lab_was_built)
{
	if (access("tests/lab/run/anchor.key", R_OK) != 0 || access("tests/lab/run/anchor.ds", R_OK) != 0)
		return;
	struct stub_config *k = new_config(), *d = new_config();
	ck_assert_msg(load_anchor_file(k, "tests/lab/run/anchor.key") == 0, "%s", k->error);
	ck_assert_msg(load_anchor_file(d, "tests/lab/run/anchor.ds") == 0, "%s", d->error);
	ck_assert_uint_eq(k->nanchors, 1);
	ck_assert_uint_eq(d->nanchors, 1);
	struct val_dnskey key = key_of(&k->anchors[0]);
	struct val_ds ds = ds_of(&d->anchors[0]);
	ck_assert_uint_eq(ds.key_tag, val_keytag(k->anchors[0].rdata, k->anchors[0].rr.rdlen));
	ck_assert_int_eq(val_ds_match(&ds, d->anchors[0].owner, &key), VAL_CRYPTO_VALID);
	free_config(k);
	free_config(d);
}
END_TEST

START_TEST(test_multi_line_dnskey_and_ds_of_rfc_4034_are_read_and_match)
{
	struct stub_config *c = new_config();
	ck_assert_int_eq(load_anchor_file(c, DATA "rfc4034-5.4.key"), 0);
	ck_assert_str_eq(c->warning, "");
	ck_assert_uint_eq(c->nanchors, 2);
	struct val_dnskey key = key_of(&c->anchors[0]);
	struct val_ds ds = ds_of(&c->anchors[1]);
	ck_assert_uint_eq(key.flags, 256);
	ck_assert_uint_eq(key.algorithm, 5);
	ck_assert_uint_eq(val_keytag(c->anchors[0].rdata, c->anchors[0].rr.rdlen), 60485);
	ck_assert_uint_eq(c->anchors[0].rr.ttl, 86400);
	name_is(c->anchors[0].owner, "dskey.example.com.");
	ck_assert_str_eq(c->anchors[0].source, DATA "rfc4034-5.4.key:4");
	ck_assert_str_eq(c->anchors[1].source, DATA "rfc4034-5.4.key:14");
	ck_assert_uint_eq(ds.key_tag, 60485);
	ck_assert_uint_eq(ds.digest_type, 1);
	ck_assert_uint_eq(ds.digest_len, 20);
	ck_assert_int_eq(val_ds_match(&ds, c->anchors[1].owner, &key), VAL_CRYPTO_VALID);
	free_config(c);
}
END_TEST

START_TEST(test_owner_case_units_class_order_and_split_hex_are_understood)
{
	struct stub_config *c = new_config();
	ck_assert_msg(load_anchor_file(c, DATA "rfc4509-2.3-upper.key") == 0, "%s", c->error);
	ck_assert_uint_eq(c->nanchors, 2);
	/* owners are kept lower-cased (RFC 4034 §6.2) */
	name_is(c->anchors[0].owner, "dskey.example.com.");
	name_is(c->anchors[1].owner, "dskey.example.com.");
	ck_assert_uint_eq(c->anchors[0].rr.ttl, 86400);	/* "1d" */
	ck_assert_uint_eq(c->anchors[1].rr.ttl, 86400);	/* $TTL 1d */
	struct val_dnskey key = key_of(&c->anchors[0]);
	struct val_ds ds = ds_of(&c->anchors[1]);
	ck_assert_uint_eq(key.algorithm, 5);	/* "RSASHA1" */
	ck_assert_uint_eq(ds.digest_len, 32);
	ck_assert_int_eq(val_ds_match(&ds, c->anchors[1].owner, &key), VAL_CRYPTO_VALID);
	free_config(c);
}
END_TEST

START_TEST(test_origin_makes_relative_owners_absolute_and_blank_owner_repeats)
{
	struct stub_config *c = new_config();
	ck_assert_msg(load_anchor_file(c, DATA "origin.key") == 0, "%s", c->error);
	ck_assert_uint_eq(c->nanchors, 4);
	name_is(c->anchors[0].owner, "dskey.example.com.");
	ck_assert_uint_eq(c->anchors[0].rr.ttl, 86400);
	name_is(c->anchors[1].owner, "dskey.example.com.");	/* blank owner: the previous one */
	ck_assert_uint_eq(c->anchors[1].rr.ttl, 3600);		/* $TTL */
	name_is(c->anchors[2].owner, "example.com.");		/* "@" */
	name_is(c->anchors[3].owner, "absolute.example.net.");
	/* $ORIGIN sub (relative to example.com.), then a TXT record */
	ck_assert_str_eq(c->warning, DATA "origin.key:8: record ignored: only DS and DNSKEY records are trust "
				     "anchors (TXT)");
	free_config(c);
}
END_TEST

START_TEST(test_relative_owner_without_origin_is_taken_as_absolute)
{
	struct stub_config *c = new_config();
	const char *path = write_file("a.key", "Example DS 1 8 2 "
					      "0000000000000000000000000000000000000000000000000000000000000000\n");
	ck_assert_int_eq(load_anchor_file(c, path), 0);
	name_is(c->anchors[0].owner, "example.");
	free_config(c);
}
END_TEST

START_TEST(test_escaped_blank_and_semicolon_stay_in_the_owner_name)
{
	struct stub_config *c = new_config();
	const char *path = write_file("a.key", "a\\ b\\;c.example. DS 1 8 1 0000000000000000000000000000000000000000 ; x\n");
	ck_assert_msg(load_anchor_file(c, path) == 0, "%s", c->error);
	ck_assert_uint_eq(c->nanchors, 1);
	ck_assert(val_name_eq(c->anchors[0].owner, tu_name("a\\032b\\059c.example.")));
	ck_assert_uint_eq(val_name_labels(c->anchors[0].owner), 2);
	free_config(c);
}
END_TEST

START_TEST(test_unsupported_algorithm_and_digest_type_are_kept)
{
	struct stub_config *c = new_config();
	const char *path = write_file("a.key", ". DS 1 200 99 abcdef\n. DNSKEY 257 3 250 AAAA\n"
					      ". DS 2 PRIVATEOID 2 " "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n");
	ck_assert_msg(load_anchor_file(c, path) == 0, "%s", c->error);
	ck_assert_uint_eq(c->nanchors, 3);
	struct val_ds ds = ds_of(&c->anchors[0]);
	ck_assert_uint_eq(ds.algorithm, 200);
	ck_assert_uint_eq(ds.digest_type, 99);
	ck_assert_uint_eq(ds.digest_len, 3);
	ck_assert_uint_eq(key_of(&c->anchors[1]).algorithm, 250);
	ck_assert_uint_eq(key_of(&c->anchors[1]).key_len, 3);
	ck_assert_uint_eq(ds_of(&c->anchors[2]).algorithm, 254);
	free_config(c);
}
END_TEST

START_TEST(test_bad_base64_is_an_error_naming_the_line)
{
	expect_anchor_error("; comment\n. IN DNSKEY 257 3 8 AwEA!aaa\n",
			    "2: DNSKEY public key: not a base64 character (AwEA!aaa)");
	expect_anchor_error(". DNSKEY 257 3 8 AwE\n", "1: DNSKEY public key: base64 length is not a multiple of 4 (AwE)");
	expect_anchor_error(". DNSKEY 257 3 8 AwE= AwEA\n",
			    "1: DNSKEY public key: base64 after the padding (AwEA)");
	expect_anchor_error(". DNSKEY 257 3 8 A===\n",
			    "1: DNSKEY public key: more than two '=' of base64 padding (A===)");
	expect_anchor_error(". DNSKEY 257 3 8 AwEA AwE\n",
			    "1: DNSKEY public key: base64 length is not a multiple of 4 (AwE)");
}
END_TEST

START_TEST(test_bad_hex_is_an_error_naming_the_line)
{
	expect_anchor_error(". DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8\n",
			    "1: DS digest: odd number of hex digits "
			    "(E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8)");
	expect_anchor_error("\n\n. DS 20326 8 2 E06D44B80B8F1D39 A95C0B0D7C65D0845 XYZ\n",
			    "3: DS digest: not a hex digit (XYZ)");
	expect_anchor_error(". DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC\n",
			    "1: DS digest type 2 needs 32 octets, this one has 31 "
			    "(E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC)");
}
END_TEST

START_TEST(test_dnskey_protocol_other_than_3_is_an_error)
{
	expect_anchor_error(". DNSKEY 257 4 8 AwEAAQ==\n", "1: DNSKEY protocol must be 3 (RFC 4034 §2.1.2) (4)");
	expect_anchor_error(". DNSKEY 257 x 8 AwEAAQ==\n", "1: DNSKEY protocol must be 3 (RFC 4034 §2.1.2) (x)");
}
END_TEST

START_TEST(test_empty_key_or_digest_and_missing_fields_are_errors)
{
	expect_anchor_error(". DNSKEY 257 3 8\n", "1: DNSKEY with an empty public key (. DNSKEY 257 3 8)");
	expect_anchor_error(". DNSKEY 257 3 8 ====\n",
			    "1: DNSKEY public key: more than two '=' of base64 padding (====)");
	expect_anchor_error(". DNSKEY 257 3 8 ( ) ; nothing\n", "1: DNSKEY with an empty public key (. DNSKEY 257 3 8)");
	expect_anchor_error(". DS 20326 8 2\n", "1: DS with an empty digest (. DS 20326 8 2)");
	expect_anchor_error(". DS 20326 8\n",
			    "1: DS needs a key tag, an algorithm, a digest type and a digest (. DS 20326 8)");
	expect_anchor_error(". DNSKEY 257\n",
			    "1: DNSKEY needs flags, protocol, algorithm and a public key (. DNSKEY 257)");
	expect_anchor_error(". DS 65536 8 2 00\n", "1: DS key tag must be 0 to 65535 (65536)");
	expect_anchor_error(". DS 1 NOSUCHALG 2 00\n", "1: DS algorithm must be 0 to 255 or a mnemonic (NOSUCHALG)");
	expect_anchor_error(". DS 1 8 256 00\n", "1: DS digest type must be 0 to 255 (256)");
	expect_anchor_error(". DNSKEY 65536 3 8 AwEAAQ==\n", "1: DNSKEY flags must be 0 to 65535 (65536)");
	expect_anchor_error(". IN 3600\n", "1: record without a type (. IN 3600)");
}
END_TEST

START_TEST(test_class_other_than_in_is_an_error)
{
	expect_anchor_error(". CH DS 1 8 2 00\n", "1: trust anchors must be of class IN (CH)");
	expect_anchor_error(". 3600 CLASS3 DS 1 8 2 00\n", "1: trust anchors must be of class IN (CLASS3)");
	struct stub_config *c = new_config();
	const char *path = write_file("a.key", ". 3600 class1 DS 1 8 1 0000000000000000000000000000000000000000\n");
	ck_assert_int_eq(load_anchor_file(c, path), 0);
	free_config(c);
}
END_TEST

START_TEST(test_other_types_are_ignored_with_a_warning)
{
	struct stub_config *c = new_config();
	const char *path = write_file("a.key", ". 86400 IN NS a.root-servers.net.\n"
					      ". DNSKEY 257 3 8 AwEAAQ==\n"
					      ". RRSIG DNSKEY 8 0 172800 20260101000000 20250101000000 1 . AAAA\n");
	ck_assert_int_eq(load_anchor_file(c, path), 0);
	ck_assert_uint_eq(c->nanchors, 1);
	char want[512];
	snprintf(want, sizeof want, "%s:1: record ignored: only DS and DNSKEY records are trust anchors (NS)", path);
	ck_assert_str_eq(c->warning, want);
	free_config(c);
}
END_TEST

START_TEST(test_bad_owner_ttl_and_directives_are_errors)
{
	expect_anchor_error("a..b DS 1 8 2 00\n", "1: owner: empty label in name (a..b)");
	expect_anchor_error(". 1x DS 1 8 2 00\n", "1: bad TTL (1x)");
	expect_anchor_error(". 2147483648 DS 1 8 2 00\n", "1: bad TTL (2147483648)");
	expect_anchor_error("@ DS 1 8 2 00\n", "1: '@' without $ORIGIN (@)");
	expect_anchor_error("$INCLUDE /etc/other.key\n", "1: $INCLUDE is not supported in a trust-anchor file ($INCLUDE)");
	expect_anchor_error("$GENERATE 1-2 x DS 1 8 2 00\n", "1: unknown directive ($GENERATE)");
	expect_anchor_error("$ORIGIN\n", "1: directive takes one value ($ORIGIN)");
	expect_anchor_error("$TTL 1q\n", "1: $TTL: bad TTL (1q)");
	expect_anchor_error("  DS 1 8 2 00\n", "1: record without an owner name (DS)");
}
END_TEST

START_TEST(test_unclosed_or_stray_parenthesis_is_an_error)
{
	expect_anchor_error("; first\n. DNSKEY 257 3 8 ( AwEA\n AQ==\n", "2: '(' not closed at the end of the file");
	expect_anchor_error(". DNSKEY 257 3 8 AwEAAQ== )\n", "1: ')' without '('");
	expect_anchor_error(". DNSKEY 257 3 8 ( ( AwEAAQ== ) )\n", "1: '(' inside parentheses");
}
END_TEST

START_TEST(test_record_longer_than_4096_octets_is_an_error)
{
	size_t n = 40 * 200 + 100;
	char *text = malloc(n);
	strcpy(text, ". DNSKEY 257 3 8 (\n");
	for (int i = 0; i < 200; i++)
		strcat(text, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n");
	strcat(text, ")\n");
	expect_anchor_error(text, "1: record longer than 4096 octets");
	free(text);
}
END_TEST

START_TEST(test_65th_anchor_is_an_error)
{
	char *text = malloc(65 * 40);
	text[0] = '\0';
	for (int i = 0; i < 65; i++)
		sprintf(text + strlen(text), "t%d. DNSKEY 257 3 8 AwEAAQ==\n", i);
	expect_anchor_error(text, "65: more than 64 trust anchors");
	free(text);
}
END_TEST

START_TEST(test_file_without_anchors_is_no_usable_trust_anchor)
{
	struct stub_config *c = new_config();
	const char *path = write_file("a.key", "; nothing here\n. NS a.root-servers.net.\n");
	ck_assert_int_eq(load_anchor_file(c, path), -EINVAL);
	char want[512];
	snprintf(want, sizeof want, "no usable trust anchor: %s holds no DS or DNSKEY record", path);
	ck_assert_str_eq(c->error, want);
	free_config(c);
}
END_TEST

START_TEST(test_configured_anchor_file_that_is_missing_is_an_error)
{
	struct stub_config *c = new_config();
	char path[128];
	snprintf(path, sizeof path, "%s/missing.key", tmpdir);
	c->nanchor_files = 2;
	strcpy(c->anchor_files[0], "trust-anchors/root.key");
	strcpy(c->anchor_files[1], path);
	ck_assert_int_eq(stub_anchors_load(c), -ENOENT);
	char want[512];
	snprintf(want, sizeof want, "no usable trust anchor: %s: No such file or directory", path);
	ck_assert_str_eq(c->error, want);
	free_config(c);
}
END_TEST

START_TEST(test_default_anchor_then_fallback_then_no_usable_trust_anchor)
{
	char missing[128], empty[128];
	snprintf(missing, sizeof missing, "%s/missing.key", tmpdir);
	const char *key = "trust-anchors/root.key";
	/* the first that exists is used */
	struct stub_config *c = new_config();
	const char *both[] = { key, DATA "rfc4034-5.4.key" };
	ck_assert_int_eq(stub_anchors_load_defaults(c, both, 2), 0);
	ck_assert_uint_eq(c->nanchors, 2);
	name_is(c->anchors[0].owner, ".");
	free_config(c);
	/* a missing default: the fallback */
	c = new_config();
	const char *fallback[] = { missing, key };
	ck_assert_int_eq(stub_anchors_load_defaults(c, fallback, 2), 0);
	ck_assert_str_eq(c->anchors[0].source, "trust-anchors/root.key:1");
	free_config(c);
	/* neither */
	c = new_config();
	const char *none[] = { missing, DATA "missing.key" };
	ck_assert_int_eq(stub_anchors_load_defaults(c, none, 2), -ENOENT);
	char want[512];
	snprintf(want, sizeof want, "no usable trust anchor: %s and " DATA "missing.key are missing", missing);
	ck_assert_str_eq(c->error, want);
	free_config(c);
	/* a default that exists but is empty is not skipped */
	strcpy(empty, write_file("empty.key", "; no key\n"));
	c = new_config();
	const char *emptyfirst[] = { empty, key };
	ck_assert_int_eq(stub_anchors_load_defaults(c, emptyfirst, 2), -EINVAL);
	snprintf(want, sizeof want, "no usable trust anchor: %s holds no DS or DNSKEY record", empty);
	ck_assert_str_eq(c->error, want);
	free_config(c);
}
END_TEST

START_TEST(test_without_anchor_files_the_default_path_is_loaded)
{
	struct stub_config *c = new_config();
	int rc = stub_anchors_load(c);
	if (access(STUB_ANCHOR_DEFAULT, R_OK) == 0) {
		ck_assert_msg(rc == 0, "%s", c->error);
		ck_assert_str_eq(c->anchors[0].source, STUB_ANCHOR_DEFAULT ":1");
	} else if (access(STUB_ANCHOR_FALLBACK, R_OK) == 0) {
		ck_assert_msg(rc == 0, "%s", c->error);
		ck_assert_str_eq(c->anchors[0].source, STUB_ANCHOR_FALLBACK ":1");
	} else {
		ck_assert_int_eq(rc, -ENOENT);
		ck_assert_str_eq(c->error, "no usable trust anchor: " STUB_ANCHOR_DEFAULT " and "
			STUB_ANCHOR_FALLBACK " are missing");
	}
	free_config(c);
}
END_TEST

/* ------------------------------------------------------------------ */
/* The policy view                                                      */

START_TEST(test_policy_points_at_the_anchors_ntas_and_require_secure_names)
{
	struct stub_config *c = new_config();
	ck_assert_int_eq(read_conf_text(c, "negative-trust-anchor corp.example\nrequire-secure bank.example\n"
					   "require-secure .\n", NULL), 0);
	ck_assert_int_eq(load_anchor_file(c, "trust-anchors/root.key"), 0);
	const void **arr = calloc(STUB_ANCHORS_MAX + STUB_NTAS_MAX + STUB_REQUIRE_MAX, sizeof *arr);
	struct val_policy pol;
	stub_config_policy(c, &pol, arr);
	ck_assert_uint_eq(pol.nanchors, 2);
	ck_assert_ptr_eq(pol.anchors[0], &c->anchors[0].rr);
	ck_assert_ptr_eq(pol.anchors[1], &c->anchors[1].rr);
	ck_assert_uint_eq(pol.nntas, 30);
	ck_assert_ptr_eq(pol.ntas[0], c->ntas[0]);
	ck_assert_ptr_eq(pol.ntas[29], c->ntas[29]);
	ck_assert_uint_eq(pol.nrequire, 2);
	ck_assert_ptr_eq(pol.require_secure[0], c->require_secure[0]);
	ck_assert_ptr_eq(pol.require_secure[1], c->require_secure[1]);
	name_is(pol.require_secure[1], ".");
	free(arr);
	free_config(c);
}
END_TEST

START_TEST(test_policy_of_a_config_at_every_limit_fits_the_array)
{
	struct stub_config *c = new_config();
	c->nanchors = STUB_ANCHORS_MAX;	/* no rdata: only pointers are taken */
	c->nntas = STUB_NTAS_MAX;
	c->nrequire = STUB_REQUIRE_MAX;
	size_t n = STUB_ANCHORS_MAX + STUB_NTAS_MAX + STUB_REQUIRE_MAX;
	const void **arr = calloc(n, sizeof *arr);
	struct val_policy pol;
	stub_config_policy(c, &pol, arr);
	ck_assert_ptr_eq(pol.require_secure[STUB_REQUIRE_MAX - 1], c->require_secure[STUB_REQUIRE_MAX - 1]);
	ck_assert_ptr_eq((const void *)&pol.require_secure[STUB_REQUIRE_MAX - 1], (const void *)&arr[n - 1]);
	free(arr);
	c->nanchors = 0;
	free_config(c);
}
END_TEST

START_TEST(test_config_free_releases_the_anchors_and_can_be_repeated)
{
	struct stub_config *c = new_config();
	ck_assert_int_eq(load_anchor_file(c, "trust-anchors/root.key"), 0);
	stub_config_free(c);
	ck_assert_uint_eq(c->nanchors, 0);
	ck_assert_ptr_null(c->anchors[0].rdata);
	stub_config_free(c);
	free(c);
}
END_TEST

/* ------------------------------------------------------------------ */
/* root-hints and authoritative-fallback (stub_hints.c)                 */

static int load_hints_text(struct stub_config *c, const char *text, const char **path)
{
	const char *p = write_file("root.hints", text);
	if (path)
		*path = p;
	snprintf(c->root_hints, sizeof c->root_hints, "%s", p);
	return stub_hints_load(c);
}

static void expect_hints_error(const char *text, const char *want)
{
	struct stub_config *c = new_config();
	const char *path;
	int rc = load_hints_text(c, text, &path);
	char full[1024];
	snprintf(full, sizeof full, "%s:%s", path, want);
	ck_assert_msg(rc == -EINVAL, "rc %d for %s", rc, want);
	ck_assert_str_eq(c->error, full);
	free_config(c);
}

START_TEST(test_fallback_is_off_by_default_and_read_as_yes_or_no)
{
	struct stub_config *c = new_config();
	ck_assert(!c->auth_fallback);
	ck_assert_int_eq(read_conf_text(c, "authoritative-fallback yes\nroot-hints /x/root.hints\n", NULL), 0);
	ck_assert(c->auth_fallback);
	ck_assert_str_eq(c->root_hints, "/x/root.hints");
	free_config(c);
	expect_conf_error("authoritative-fallback maybe\n", "1: authoritative-fallback must be yes or no (maybe)");
	expect_conf_error("root-hints root.hints\n", "1: root-hints needs an absolute path (root.hints)");
}
END_TEST

START_TEST(test_hints_file_gives_the_root_servers_addresses)
{
	struct stub_config *c = new_config();
	int rc = load_hints_text(c,
				 ";  root hints\n"
				 ".                        3600000      NS    A.ROOT-SERVERS.NET.\n"
				 "A.ROOT-SERVERS.NET.      3600000      A     198.41.0.4\n"
				 "A.ROOT-SERVERS.NET.      3600000  IN  AAAA  2001:503:ba3e::2:30\n"
				 ". NS b.root-servers.net.\n"
				 "b.root-servers.net. A 170.247.170.2 ; comment\n",
				 NULL);
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(c->nhints, 3);
	ck_assert_str_eq(c->hints[0].str, "198.41.0.4");
	ck_assert_str_eq(c->hints[1].str, "2001:503:ba3e::2:30");
	ck_assert_uint_eq(c->hints[2].port, 53);
	free_config(c);
}
END_TEST

/* The hints are watched like every configuration file, each path once:
 * an open file by the fstat of its owner check, a missing one with its
 * error, so that it counts when it appears. */
static size_t watches_of(const struct stub_config *c, const char *path)
{
	size_t n = 0;
	for (size_t i = 0; i < c->nwatch; i++)
		n += strcmp(c->watch[i].path, path) == 0;
	return n;
}

START_TEST(test_hints_file_is_watched_once)
{
	struct stub_config *c = new_config();
	const char *path;
	ck_assert_int_eq(load_hints_text(c, ". NS a.\na. A 192.0.2.1\n", &path), 0);
	ck_assert_uint_eq(watches_of(c, path), 1);
	free_config(c);
	c = new_config();
	snprintf(c->root_hints, sizeof c->root_hints, "%s", "/nonexistent/root.hints");
	ck_assert_int_eq(stub_hints_load(c), -ENOENT);
	ck_assert_uint_eq(watches_of(c, "/nonexistent/root.hints"), 1);
	free_config(c);
}
END_TEST

START_TEST(test_hints_file_is_strict_and_names_file_and_line)
{
	expect_hints_error(". NS a.\n. SOA a. b. 1 2 3 4 5\n", "2: root hints: too many fields (. SOA a. b. 1 2 3 4 5)");
	expect_hints_error(". NS\n", "1: root hints: expected \"owner [TTL] [IN] TYPE RDATA\" (. NS)");
	expect_hints_error(". NS a.\n. MX a.\n", "2: root hints: only NS, A and AAAA records belong here (MX)");
	expect_hints_error("com. NS a.\n", "1: root hints: an NS record of another zone than the root (com.)");
	expect_hints_error(". NS a.\na. A 1.2.3\n", "2: root hints: not an IPv4 address (1.2.3)");
	expect_hints_error(". NS a.\nb. A 1.2.3.4\n", "2: root hints: an address of a name that no NS record names (b.)");
	expect_hints_error(". NS a\n", "1: root hints: the NS target is not an absolute domain name (a)");
	expect_hints_error(" NS a.\n", "1: root hints: the owner name is missing ( NS a.)");
	struct stub_config *c = new_config();
	ck_assert_int_eq(load_hints_text(c, "; nothing\n", NULL), -EINVAL);
	expect_contains(c->error, "no root server address");
	free_config(c);
}
END_TEST

START_TEST(test_hints_file_bounds_ns_records_and_addresses)
{
	char text[8192];
	size_t o = 0;
	for (int i = 0; i < STUB_HINTS_NS_MAX + 1; i++)
		o += (size_t)snprintf(text + o, sizeof text - o, ". NS n%d.\n", i);
	struct stub_config *c = new_config();
	ck_assert_int_eq(load_hints_text(c, text, NULL), -EINVAL);
	expect_contains(c->error, "more than 16 NS records");
	free_config(c);
	o = (size_t)snprintf(text, sizeof text, ". NS a.\n");
	for (int i = 0; i < STUB_HINTS_ADDRS_MAX + 1; i++)
		o += (size_t)snprintf(text + o, sizeof text - o, "a. A 192.0.2.%d\n", i + 1);
	c = new_config();
	ck_assert_int_eq(load_hints_text(c, text, NULL), -EINVAL);
	expect_contains(c->error, "more than 32 addresses");
	free_config(c);
}
END_TEST

START_TEST(test_hints_file_writable_by_others_is_refused)
{
	struct stub_config *c = new_config();
	const char *p = write_file("root.hints", ". NS a.\na. A 192.0.2.1\n");
	ck_assert_int_eq(chmod(p, 0666), 0);
	snprintf(c->root_hints, sizeof c->root_hints, "%s", p);
	ck_assert_int_eq(stub_hints_load(c), -EPERM);
	expect_contains(c->error, "writable by group and others: refused");
	free_config(c);
}
END_TEST


/* ------------------------------------------------------------------ */
/* The configuration for the tool (stub_config_load_override, the view) */

/* A configuration loaded with o; *rc what the load returned, *v its view. */
static struct stub_config *load_override(const struct stub_config_override *o, int *rc,
					 struct stub_config_view *v)
{
	struct stub_config *c = stub_config_new();
	ck_assert_ptr_nonnull(c);
	*rc = stub_config_load_override(c, o);
	stub_config_view(c, v);
	return c;
}

/* "/aaa...": an absolute path one octet too long for the configuration. */
static const char *too_long_path(void)
{
	static char path[STUB_CONF_PATH_MAX + 1];
	memset(path, 'a', sizeof path - 1);
	path[0] = '/';
	path[sizeof path - 1] = '\0';
	return path;
}

START_TEST(test_override_puts_servers_and_anchor_files_in_place_of_the_configured_ones)
{
	const char *conf = write_file("nss-dnssec.conf", "nameserver 192.0.2.1\n"
							 "trust-anchor-file /nonexistent/root.key\n"
							 "negative-trust-anchor corp.example\n");
	struct stub_server srv[2];
	const char *err;
	ck_assert_int_eq(stub_server_parse(&srv[0], "192.0.2.53#5353", &err), 0);
	ck_assert_int_eq(stub_server_parse(&srv[1], "2001:db8::53", &err), 0);
	char key[1200];
	snprintf(key, sizeof key, "%s/trust-anchors/root.key", cwd);
	const char *const files[] = { key };
	const struct stub_config_override o = { .config = conf, .servers = srv, .nservers = 2,
						.anchor_files = files, .nanchor_files = 1 };
	struct stub_config_view v;
	int rc;
	struct stub_config *c = load_override(&o, &rc, &v);
	ck_assert_msg(rc == 0, "%s", v.error);
	ck_assert_str_eq(v.error, "");
	ck_assert_uint_eq(v.nservers, 2);
	ck_assert_str_eq(v.servers[0].str, "192.0.2.53#5353");
	ck_assert_str_eq(v.servers[1].str, "2001:db8::53");
	ck_assert(v.servers_from_config);
	ck_assert_uint_eq(v.nanchor_files, 1);
	ck_assert_uint_eq(v.nanchors, 2);
	expect_contains(v.anchors[0].source, "/trust-anchors/root.key:");
	ck_assert_uint_eq(v.nconf_files, 1);
	ck_assert_str_eq(v.conf_files[0], conf);
	/* The built-in negative trust anchors first, then the configured one. */
	ck_assert_uint_gt(v.nntas_builtin, 0);
	ck_assert_uint_eq(v.nntas, v.nntas_builtin + 1);
	name_is(v.ntas[v.nntas_builtin], "corp.example.");
	stub_config_delete(c);
}
END_TEST

START_TEST(test_override_anchor_path_too_long_is_a_configuration_error)
{
	const char *const files[] = { too_long_path() };
	const struct stub_config_override o = { .config = write_file("nss-dnssec.conf", ""),
						.anchor_files = files, .nanchor_files = 1 };
	struct stub_config_view v;
	int rc;
	struct stub_config *c = load_override(&o, &rc, &v);
	ck_assert_int_eq(rc, -ENAMETOOLONG);
	expect_contains(v.error, ": path too long");
	stub_config_delete(c);
}
END_TEST

START_TEST(test_override_reports_the_error_of_the_configuration)
{
	const struct stub_config_override o = { .config = write_file("nss-dnssec.conf", "colour blue\n") };
	struct stub_config_view v;
	int rc;
	struct stub_config *c = load_override(&o, &rc, &v);
	ck_assert_int_eq(rc, -EINVAL);
	expect_contains(v.error, "nss-dnssec.conf:1: unknown keyword (colour)");
	ck_assert_uint_eq(v.nanchors, 0); /* it stopped there */
	stub_config_delete(c);
}
END_TEST

START_TEST(test_load_hints_reads_the_file_named_and_refuses_a_path_too_long)
{
	const char *path = write_file("root.hints", ". NS a.root-servers.net.\na.root-servers.net. A 198.41.0.4\n");
	struct stub_config *c = stub_config_new();
	struct stub_config_view v;
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(stub_config_load_hints(c, path), 0);
	stub_config_view(c, &v);
	ck_assert_uint_eq(v.nhints, 1);
	ck_assert_str_eq(v.hints[0].str, "198.41.0.4");
	ck_assert_str_eq(v.root_hints, path);
	stub_config_delete(c);

	c = stub_config_new();
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(stub_config_load_hints(c, too_long_path()), -ENAMETOOLONG);
	stub_config_view(c, &v);
	ck_assert_str_eq(v.error, ""); /* the caller says it */
	stub_config_delete(c);
	stub_config_delete(NULL);
}
END_TEST

static Suite *conf_suite(void)
{
	Suite *s = suite_create("conf");
	TCase *tc = tcase_create("nss-dnssec.conf");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_defaults_are_timeout_5_notice_glibc_resolver_values_and_builtin_ntas);
	tcase_add_test(tc, test_missing_config_file_means_every_default);
	tcase_add_test(tc, test_every_keyword_is_read_from_a_good_file);
	tcase_add_test(tc, test_comments_blank_lines_and_surrounding_blanks_are_ignored);
	tcase_add_test(tc, test_hash_without_a_blank_before_it_is_part_of_the_value);
	tcase_add_test(tc, test_file_without_final_newline_is_read_to_the_end);
	tcase_add_test(tc, test_later_timeout_and_log_level_lines_win);
	tcase_add_test(tc, test_unknown_keyword_is_an_error_naming_file_and_line);
	tcase_add_test(tc, test_keywords_are_case_sensitive);
	tcase_add_test(tc, test_keyword_without_a_value_is_an_error);
	tcase_add_test(tc, test_keyword_with_two_values_is_an_error);
	tcase_add_test(tc, test_trust_anchor_file_must_be_an_absolute_path_that_fits);
	tcase_add_test(tc, test_65th_trust_anchor_file_is_an_error);
	tcase_add_test(tc, test_bad_nameserver_address_is_an_error);
	tcase_add_test(tc, test_bad_nameserver_port_is_an_error);
	tcase_add_test(tc, test_ninth_nameserver_is_an_error);
	tcase_add_test(tc, test_negative_trust_anchors_add_to_the_builtin_list_once_each);
	tcase_add_test(tc, test_bad_negative_trust_anchor_name_is_an_error);
	tcase_add_test(tc, test_negative_trust_anchor_for_the_root_is_kept_with_a_warning);
	tcase_add_test(tc, test_too_many_negative_trust_anchors_is_an_error);
	tcase_add_test(tc, test_dns64_prefix_lines_are_kept_in_order_and_none_turns_dns64_off);
	tcase_add_test(tc, test_bad_dns64_prefix_is_an_error_naming_file_and_line);
	tcase_add_test(tc, test_require_secure_reads_names_and_root_means_everything);
	tcase_add_test(tc, test_too_many_require_secure_names_is_an_error);
	tcase_add_test(tc, test_timeout_outside_1_to_30_is_an_error);
	tcase_add_test(tc, test_each_log_level_is_read_and_others_are_errors);
	tcase_add_test(tc, test_line_of_4096_octets_is_read_and_4097_is_an_error);
	tcase_add_test(tc, test_nul_byte_is_an_error);
	tcase_add_test(tc, test_10000_lines_are_read_and_10001_is_an_error);
	tcase_add_test(tc, test_error_text_escapes_control_characters_and_non_ascii);
	tcase_add_test(tc, test_config_that_is_a_directory_or_a_fifo_is_refused_without_blocking);
	tcase_add_test(tc, test_unreadable_config_is_an_error);
	tcase_add_test(tc, test_first_error_wins_over_a_later_one);
	suite_add_tcase(s, tc);

	TCase *td = tcase_create("drop-ins and environment");
	tcase_add_checked_fixture(td, setup, teardown);
	tcase_add_test(td, test_dropins_are_read_in_byte_order_after_the_main_file);
	tcase_add_test(td, test_dropins_are_not_read_without_a_dropin_dir);
	tcase_add_test(td, test_missing_main_file_and_missing_dropin_dir_are_fine);
	tcase_add_test(td, test_error_in_a_dropin_names_the_dropin_and_its_line);
	tcase_add_test(td, test_symbolic_link_in_the_dropin_dir_is_an_error);
	tcase_add_test(td, test_directory_or_fifo_named_conf_in_the_dropin_dir_is_an_error);
	tcase_add_test(td, test_64_dropins_are_read_and_65_is_an_error);
	tcase_add_test(td, test_config_load_reads_the_path_of_NSS_DNSSEC_CONF_through_secure_getenv);
	tcase_add_test(td, test_config_load_zeroed_equals_config_load);
	tcase_add_test(td, test_localdomain_and_res_options_do_not_matter);
	suite_add_tcase(s, td);

	TCase *trd = tcase_create("field conditions: runtime drop-ins, time-server, hotspot");
	tcase_add_checked_fixture(trd, setup, teardown);
	tcase_add_test(trd, test_runtime_dropins_add_negative_trust_anchors_and_anchor_files);
	tcase_add_test(trd, test_runtime_dropin_with_another_keyword_fails_closed_naming_file_and_line);
	tcase_add_test(trd, test_runtime_dropins_are_checked_like_the_others);
	tcase_add_test(trd, test_missing_runtime_dir_is_fine);
	tcase_add_test(trd, test_time_server_names_are_kept_and_cover_the_names_below);
	tcase_add_test(trd, test_networkmanager_vpn_ntas_is_yes_or_no);
	tcase_add_test(trd, test_hotspot_window_is_open_only_for_roots_file_within_30_minutes);
	suite_add_tcase(s, trd);

	TCase *to = tcase_create("owner and mode");
	tcase_add_checked_fixture(to, setup, teardown);
	tcase_add_test(to, test_dropin_owned_by_another_uid_is_refused_naming_it);
	tcase_add_test(to, test_group_writable_dropin_is_refused_naming_it);
	tcase_add_test(to, test_main_file_writable_by_others_is_refused_naming_it);
	tcase_add_test(to, test_group_writable_dropin_directory_is_refused_naming_it);
	tcase_add_test(to, test_anchor_file_writable_by_others_is_refused_naming_it);
	tcase_add_test(to, test_NSS_DNSSEC_CONF_file_writable_by_group_is_refused);
	tcase_add_test(to, test_root_owned_0644_files_and_0755_dropin_dir_are_accepted);
	tcase_add_test(to, test_file_of_the_effective_uid_is_accepted_when_that_is_not_root);
	tcase_add_test(to, test_resolv_conf_writable_by_group_is_read_as_glibc_reads_it);
	suite_add_tcase(s, to);

	TCase *tr = tcase_create("resolv.conf");
	tcase_add_checked_fixture(tr, setup, teardown);
	tcase_add_test(tr, test_resolv_conf_nameservers_search_and_options_are_read);
	tcase_add_test(tr, test_later_domain_line_replaces_the_search_list_with_its_first_word);
	tcase_add_test(tr, test_later_search_line_replaces_the_domain);
	tcase_add_test(tr, test_fourth_nameserver_is_ignored_with_a_warning);
	tcase_add_test(tr, test_ipv6_scope_id_is_dropped_with_a_warning);
	tcase_add_test(tr, test_options_are_capped_as_glibc_caps_them);
	tcase_add_test(tr, test_attempts_0_and_timeout_0_become_1_and_ndots_0_stays);
	tcase_add_test(tr, test_unknown_option_is_ignored_with_a_warning);
	tcase_add_test(tr, test_bad_option_number_is_ignored_with_a_warning);
	tcase_add_test(tr, test_seven_search_domains_keep_the_first_six_with_a_warning);
	tcase_add_test(tr, test_indented_lines_are_ignored_as_glibc_ignores_them);
	tcase_add_test(tr, test_bad_nameserver_in_resolv_conf_is_ignored_with_a_warning);
	tcase_add_test(tr, test_missing_resolv_conf_means_127_0_0_1_as_in_glibc);
	tcase_add_test(tr, test_resolv_conf_without_nameserver_means_the_loopback);
	tcase_add_test(tr, test_resolv_conf_servers_are_not_used_when_the_config_names_some);
	tcase_add_test(tr, test_no_search_line_takes_the_domain_of_the_host_name);
	tcase_add_test(tr, test_overlong_line_or_nul_in_resolv_conf_is_an_error);
	tcase_add_test(tr, test_resolv_conf_that_is_a_directory_is_taken_as_missing);
	suite_add_tcase(s, tr);

	TCase *ta = tcase_create("trust anchors and policy");
	tcase_add_checked_fixture(ta, setup, teardown);
	tcase_add_test(ta, test_root_key_of_dns_root_data_holds_ksk_20326_and_38696);
	tcase_add_test(ta, test_root_ds_holds_the_sha256_digests_of_both_ksks);
	tcase_add_test(ta, test_both_anchor_files_of_a_config_are_loaded_in_order);
	tcase_add_test(ta, test_lab_anchor_key_and_ds_match_when_the_lab_was_built);
	tcase_add_test(ta, test_multi_line_dnskey_and_ds_of_rfc_4034_are_read_and_match);
	tcase_add_test(ta, test_owner_case_units_class_order_and_split_hex_are_understood);
	tcase_add_test(ta, test_origin_makes_relative_owners_absolute_and_blank_owner_repeats);
	tcase_add_test(ta, test_relative_owner_without_origin_is_taken_as_absolute);
	tcase_add_test(ta, test_escaped_blank_and_semicolon_stay_in_the_owner_name);
	tcase_add_test(ta, test_unsupported_algorithm_and_digest_type_are_kept);
	tcase_add_test(ta, test_bad_base64_is_an_error_naming_the_line);
	tcase_add_test(ta, test_bad_hex_is_an_error_naming_the_line);
	tcase_add_test(ta, test_dnskey_protocol_other_than_3_is_an_error);
	tcase_add_test(ta, test_empty_key_or_digest_and_missing_fields_are_errors);
	tcase_add_test(ta, test_class_other_than_in_is_an_error);
	tcase_add_test(ta, test_other_types_are_ignored_with_a_warning);
	tcase_add_test(ta, test_bad_owner_ttl_and_directives_are_errors);
	tcase_add_test(ta, test_unclosed_or_stray_parenthesis_is_an_error);
	tcase_add_test(ta, test_record_longer_than_4096_octets_is_an_error);
	tcase_add_test(ta, test_65th_anchor_is_an_error);
	tcase_add_test(ta, test_file_without_anchors_is_no_usable_trust_anchor);
	tcase_add_test(ta, test_configured_anchor_file_that_is_missing_is_an_error);
	tcase_add_test(ta, test_default_anchor_then_fallback_then_no_usable_trust_anchor);
	tcase_add_test(ta, test_without_anchor_files_the_default_path_is_loaded);
	tcase_add_test(ta, test_policy_points_at_the_anchors_ntas_and_require_secure_names);
	tcase_add_test(ta, test_policy_of_a_config_at_every_limit_fits_the_array);
	tcase_add_test(ta, test_config_free_releases_the_anchors_and_can_be_repeated);
	suite_add_tcase(s, ta);
	TCase *th = tcase_create("root hints");
	tcase_add_checked_fixture(th, setup, teardown);
	tcase_add_test(th, test_fallback_is_off_by_default_and_read_as_yes_or_no);
	tcase_add_test(th, test_hints_file_gives_the_root_servers_addresses);
	tcase_add_test(th, test_hints_file_is_watched_once);
	tcase_add_test(th, test_hints_file_is_strict_and_names_file_and_line);
	tcase_add_test(th, test_hints_file_bounds_ns_records_and_addresses);
	tcase_add_test(th, test_hints_file_writable_by_others_is_refused);
	suite_add_tcase(s, th);
	TCase *tt = tcase_create("the tool's view");
	tcase_add_checked_fixture(tt, setup, teardown);
	tcase_add_test(tt, test_override_puts_servers_and_anchor_files_in_place_of_the_configured_ones);
	tcase_add_test(tt, test_override_anchor_path_too_long_is_a_configuration_error);
	tcase_add_test(tt, test_override_reports_the_error_of_the_configuration);
	tcase_add_test(tt, test_load_hints_reads_the_file_named_and_refuses_a_path_too_long);
	suite_add_tcase(s, tt);
	return s;
}

TEST_MAIN(conf_suite)
