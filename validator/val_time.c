/* validator/val_time.c: the RRSIG validity window (validator.h, "Signature
 * validity window"). */
#include "val_int.h"

/* RFC 4034 §3.1.5: the 32-bit inception and expiration fields wrap (in
 * 2106) and "all comparisons involving these fields MUST use Serial number
 * arithmetic" (RFC 1982).  So each field stands for the one 64-bit time
 * congruent to it modulo 2^32 that lies within 2^31 seconds of now
 * (RFC 1982 §3.2: at exactly 2^31 apart the order is undefined; the
 * int32_t cast puts that case in the past). */
int64_t val_time_left(uint32_t t, uint64_t now)
{
	return (int32_t)(t - (uint32_t)now);
}

uint32_t val_ttl_cap(uint32_t ttl, const struct val_rrsig *sig, uint64_t now)
{
	int64_t left = val_time_left(sig->expiration, now);
	if (sig->original_ttl < ttl)
		ttl = sig->original_ttl;
	if (left < 0)
		left = 0;
	return (uint64_t)left < ttl ? (uint32_t)left : ttl;
}

enum val_time val_time_check(uint32_t inception, uint32_t expiration, uint64_t now, uint32_t skew)
{
	/* RFC 1982 §3.2: expiration must follow (or equal) inception; at
	 * 2^31 apart their order is undefined, so that window is bad too. */
	uint32_t span = expiration - inception;
	if (span >= UINT32_C(0x80000000))
		return VAL_TIME_BAD;

	/* Times beyond int64_t are 292 billion years away; clamp so the
	 * arithmetic below stays defined. */
	int64_t t = now > (uint64_t)INT64_MAX - UINT32_MAX ? INT64_MAX - UINT32_MAX : (int64_t)now;
	int64_t inc = t + val_time_left(inception, (uint64_t)t), exp = t + val_time_left(expiration, (uint64_t)t);
	/* RFC 4035 §5.3.1: the validation time must be in the window; the
	 * skew widens it on both sides for clocks that are slightly off. */
	if (t + skew < inc)
		return VAL_TIME_NOT_YET;
	if (t - skew > exp)
		return VAL_TIME_EXPIRED;
	return VAL_TIME_OK;
}
