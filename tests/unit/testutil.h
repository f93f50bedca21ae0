/* tests/unit/testutil.h: shared helpers of the Check unit tests.
 * Each tests/unit/test_*.c is its own binary: it defines its suite and ends
 * in TEST_MAIN(suite_function). */
#pragma once

#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "validator/val_int.h" /* the unit tests reach the validator's internals */

/* Reads a whole file (path relative to the repository root, where `make
 * check` runs) into a malloc'd buffer; aborts the test on failure. */
uint8_t *tu_read_file(const char *path, size_t *len);
/* tu_read_file + val_msg_parse; aborts the test when parsing fails. */
struct val_msg *tu_load_msg(const char *path);
/* Wire name from presentation form; aborts on a bad name.  Returns a
 * pointer to static storage that the eighth call after overwrites. */
const uint8_t *tu_name(const char *str);
/* First RRset in msg with that owner (presentation) and type, or NULL. */
const struct val_rrset *tu_find_rrset(const struct val_msg *msg, const char *owner, uint16_t type);
/* A recorded bundle (tests/unit/vectors/record_rfc.py: a 2-octet length and
 * a message, repeated) as responses to the questions the messages carry.
 * Fills at most max of msgs (free each with val_msg_free) and resp; returns
 * how many. */
size_t tu_load_bundle(const char *path, struct val_msg **msgs, struct val_response *resp, size_t max);
/* UTC time "YYYYmmddHHMMSS" as seconds since the epoch. */
uint64_t tu_time(const char *yyyymmddhhmmss);

#define TEST_MAIN(suite_fn)                                             \
	int main(void)                                                  \
	{                                                               \
		SRunner *sr = srunner_create(suite_fn());               \
		srunner_run_all(sr, CK_ENV);                            \
		int failed = srunner_ntests_failed(sr);                 \
		srunner_free(sr);                                       \
		return failed ? EXIT_FAILURE : EXIT_SUCCESS;            \
	}
