/* tests/e2e/fake_adjtimex.c: a test-only preload library that answers
 * adjtimex() with the synchronization state the test asks for, so that
 * the module's time-server rule (DESIGN.md, "Field conditions") can be
 * tested without touching the host's clock.
 *
 * FAKE_ADJTIMEX=unsync: STA_UNSYNC set and TIME_ERROR returned, as the
 * kernel says before anything has set the clock; sync: STA_UNSYNC clear
 * and TIME_OK, as after an NTP client has.  Only a read (modes 0) is
 * answered; anything else, or no FAKE_ADJTIMEX, fails with EPERM: this
 * library must never change a clock.
 *
 * The module itself has no seam: it asks the kernel.  This library
 * interposes that one call in the test's programs through LD_PRELOAD,
 * which is the dynamic loader's (ignored for setuid programs) and which
 * no code of nss-dnssec reads. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timex.h>

int adjtimex(struct timex *tx)
{
	const char *want = getenv("FAKE_ADJTIMEX");
	if (tx->modes != 0 || !want) {
		errno = EPERM;
		return -1;
	}
	memset(tx, 0, sizeof *tx);
	if (strcmp(want, "unsync") == 0) {
		tx->status = STA_UNSYNC;
		return TIME_ERROR;
	}
	if (strcmp(want, "sync") == 0) {
		tx->status = STA_PLL;
		return TIME_OK;
	}
	errno = EPERM;
	return -1;
}
