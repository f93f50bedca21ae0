/* libFuzzer target: the message parser and everything that reads what it
 * produced (typed views, canonical form, signed data, names in
 * presentation form, the query writer). */
#include <stdlib.h>

#include "validator/val_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void exercise_rr(const struct val_rr *rr)
{
	char str[VAL_NAME_STR_MAX];
	uint8_t canon[VAL_MSG_MAX];
	const uint8_t *name;
	struct val_soa soa;
	struct val_mx mx;
	struct val_ds ds;
	struct val_dnskey key;
	struct val_rrsig sig;
	struct val_nsec nsec;
	struct val_nsec3 n3;
	struct val_nsec3param p;

	val_name_str(rr->owner, str);
	val_canon_rdata(rr, canon, sizeof canon);
	if (val_rdata_name(rr, &name) == 0)
		val_name_str(name, str);
	if (val_rdata_soa(rr, &soa) == 0)
		val_name_str(soa.rname, str);
	if (val_rdata_mx(rr, &mx) == 0)
		val_name_str(mx.exchange, str);
	(void)val_rdata_ds(rr, &ds);
	(void)val_rdata_dnskey(rr, &key);
	if (val_rdata_rrsig(rr, &sig) == 0)
		val_name_str(sig.signer, str);
	if (val_rdata_nsec(rr, &nsec) == 0)
		(void)val_bitmap_has(nsec.bitmap, nsec.bitmap_len, VAL_T_DS);
	if (val_rdata_nsec3(rr, &n3) == 0)
		(void)val_bitmap_has(n3.bitmap, n3.bitmap_len, VAL_T_NS);
	(void)val_rdata_nsec3param(rr, &p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct val_msg *msg;
	const char *err;
	if (val_msg_parse(data, size, &msg, &err) != 0)
		return 0;
	for (size_t i = 0; i < msg->nrr; i++)
		exercise_rr(&msg->rrs[i]);
	for (size_t s = 0; s < msg->nsets; s++) {
		const struct val_rrset *set = &msg->sets[s];
		for (size_t i = 0; i < set->nsig; i++) {
			struct val_rrsig sig;
			uint8_t *signed_data;
			size_t len;
			if (val_rdata_rrsig(set->sigs[i], &sig) != 0)
				continue;
			if (val_signed_data(&sig, set, &signed_data, &len) == 0)
				free(signed_data);
		}
	}
	if (msg->qname) {
		uint8_t q[VAL_QUERY_MAX];
		(void)val_query_write(q, sizeof q, msg->id, msg->qname, msg->qtype, VAL_Q_RD | VAL_Q_CD | VAL_Q_DO);
	}
	val_msg_free(msg);
	return 0;
}
