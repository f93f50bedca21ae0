/* stub/stub_field.c: what the host's own situation decides (DESIGN.md,
 * "Field conditions"): whether the clock is synchronized (time-server
 * names), and the hotspot sign-on window.
 *
 * Neither is steered by the environment: the clock state comes from the
 * kernel (adjtimex), the window from a file only root can have written.
 * Tests change the first by interposing adjtimex() (a preloaded test
 * library: LD_PRELOAD is the dynamic loader's, ignored for setuid
 * programs, and no code of ours reads it) and the second by giving the
 * process a /run of its own (a mount namespace). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/timex.h>
#include <unistd.h>

#include "stub.h"
#include "stub_conf_int.h"
#include "stub_int.h"

bool stub_clock_unsynchronized(void)
{
	/* modes 0: read only, allowed to every process. */
	struct timex tx = { 0 };
	if (adjtimex(&tx) < 0)
		return false;
	return (tx.status & STA_UNSYNC) != 0;
}

bool stub_is_time_server(const struct stub_config *c, const uint8_t *name)
{
	for (size_t i = 0; i < c->ntime_servers; i++)
		if (val_name_is_subdomain(name, c->time_servers[i]))
			return true;
	return false;
}

bool stub_hotspot_read(const char *path, uint64_t now, uint64_t *until)
{
	char buf[STUB_HOTSPOT_FILE_MAX + 1];
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW);
	if (fd < 0)
		return false;
	struct stat st;
	ssize_t n = -1;
	/* The same rule as for the configuration files, stricter: root's
	 * file only, whatever the effective uid (a user's window would let
	 * that user weaken the lookups of su and sudo). */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == 0 &&
	    (st.st_mode & (S_IWGRP | S_IWOTH)) == 0)
		n = read(fd, buf, STUB_HOTSPOT_FILE_MAX);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	/* "until SECONDS" and an optional newline, nothing else. */
	static const char prefix[] = "until ";
	if (strncmp(buf, prefix, sizeof prefix - 1) != 0)
		return false;
	char *digits = buf + sizeof prefix - 1;
	size_t len = strcspn(digits, "\n");
	if (digits[len] == '\n' && digits[len + 1] != '\0')
		return false;
	digits[len] = '\0';
	unsigned long v;
	/* Seconds since the epoch, far beyond any window we write. */
	if (!stub_conf_uint(digits, 1UL << 40, &v))
		return false;
	uint64_t end = v;
	if (end <= now || end - now > (uint64_t)STUB_HOTSPOT_MAX_MIN * 60)
		return false;
	if (until)
		*until = end;
	return true;
}

bool stub_hotspot_open(uint64_t now, uint64_t *until)
{
	return stub_hotspot_read(STUB_HOTSPOT_PATH, now, until);
}

int stub_hotspot_write(const char *path, unsigned minutes, uint64_t now)
{
	if (minutes > STUB_HOTSPOT_MAX_MIN)
		return -EINVAL;
	if (minutes == 0)
		return unlink(path) == 0 || errno == ENOENT ? 0 : -errno;
	char tmp[512], text[64];
	if (snprintf(tmp, sizeof tmp, "%s.XXXXXX", path) >= (int)sizeof tmp)
		return -ENAMETOOLONG;
	int len = snprintf(text, sizeof text, "until %llu\n",
			   (unsigned long long)(now + (uint64_t)minutes * 60));
	int fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return -errno;
	int rc = 0;
	if (fchmod(fd, 0644) != 0 || write(fd, text, (size_t)len) != len)
		rc = errno ? -errno : -EIO;
	if (close(fd) != 0 && rc == 0)
		rc = -errno;
	if (rc == 0 && rename(tmp, path) != 0)
		rc = -errno;
	if (rc != 0)
		unlink(tmp);
	return rc;
}
