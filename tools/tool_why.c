/* tools/tool_why.c: `nss-dnssec why`: the link that decided a verdict, in
 * the words of the operator who has to fix it.  Each case of the lab's
 * broken zones (tests/lab/README.md) has its own advice; what tells them
 * apart is the link's kind, its EDE code and what the records show. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "tools/tool_print.h"
#include "tools/tool_trace.h"

/* A growing paragraph. */
struct para {
	char text[2048];
	size_t len;
};

static void __attribute__((format(printf, 2, 3))) add(struct para *p, const char *fmt, ...)
{
	if (p->len >= sizeof p->text - 1)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(p->text + p->len, sizeof p->text - p->len, fmt, ap);
	va_end(ap);
	p->len += n > 0 ? (size_t)n : 0;
	if (p->len >= sizeof p->text)
		p->len = sizeof p->text - 1;
}

/* Prints "label: text" wrapped at 78 columns, continuation lines indented. */
static void print_wrapped(FILE *f, const char *label, const char *text)
{
	size_t col = (size_t)fprintf(f, "%s:", label);
	while (*text) {
		while (*text == ' ')
			text++;
		size_t w = strcspn(text, " ");
		if (w == 0)
			break;
		if (col + 1 + w > 78 && col > 2) {
			fprintf(f, "\n ");
			col = 1;
		}
		col += (size_t)fprintf(f, " %.*s", (int)w, text);
		text += w;
	}
	fprintf(f, "\n");
}

static bool signs_set(const struct val_rrset *set, uint16_t tag, uint8_t algorithm)
{
	for (size_t s = 0; s < set->nsig; s++) {
		struct val_rrsig sig;
		if (val_rdata_rrsig(set->sigs[s], &sig) == 0 && sig.key_tag == tag && sig.algorithm == algorithm)
			return true;
	}
	return false;
}

/* "123 KSK, 456 ZSK" of a DNSKEY set; with ksk_only, the tags of the keys
 * that act as its KSK: those with the SEP flag that sign the set, or, when
 * none has the flag, every key that signs it. */
static void keys_str(char *out, size_t cap, const struct val_rrset *set, bool ksk_only)
{
	size_t o = 0;
	out[0] = '\0';
	for (int pass = 0; pass < 2 && o == 0; pass++) {
		for (size_t i = 0; set && i < set->nrr && o + 32 < cap; i++) {
			struct val_dnskey k;
			if (val_rdata_dnskey(set->rrs[i], &k) != 0)
				continue;
			uint16_t tag = val_keytag(k.rdata, k.rdlen);
			if (ksk_only && (!signs_set(set, tag, k.algorithm) || (pass == 0 && !(k.flags & VAL_DNSKEY_SEP))))
				continue;
			o += (size_t)snprintf(out + o, cap - o, "%s%u%s%s", o ? ", " : "", tag, ksk_only ? "" : " ",
					      ksk_only ? "" : tool_key_role(k.flags));
		}
		if (!ksk_only)
			break;
	}
}

/* "12345" or "12345, 23456": the key tags the trust records of l name. */
static void trust_tags(char *out, size_t cap, const struct val_link *l)
{
	size_t o = 0;
	out[0] = '\0';
	for (size_t i = 0; i < l->ntrust && o + 8 < cap; i++) {
		struct val_ds ds;
		struct val_dnskey k;
		if (l->trust[i]->type == VAL_T_DS && val_rdata_ds(l->trust[i], &ds) == 0)
			o += (size_t)snprintf(out + o, cap - o, "%s%u", o ? ", " : "", ds.key_tag);
		else if (val_rdata_dnskey(l->trust[i], &k) == 0)
			o += (size_t)snprintf(out + o, cap - o, "%s%u", o ? ", " : "", val_keytag(k.rdata, k.rdlen));
	}
}

/* The RRSIG of l's set that the record's description names: one whose
 * signer is not the zone (wrongkey), else the first. */
static bool first_sig(const struct val_link *l, struct val_rrsig *sig, bool *foreign)
{
	*foreign = false;
	for (size_t i = 0; l->set && i < l->set->nsig; i++) {
		if (val_rdata_rrsig(l->set->sigs[i], sig) != 0)
			continue;
		if (!val_name_eq(sig->signer, l->zone)) {
			*foreign = true;
			return true;
		}
	}
	return l->set && l->set->nsig > 0 && val_rdata_rrsig(l->set->sigs[0], sig) == 0;
}

/* Advice common to a signature whose window does not hold: the RRSIG the
 * validator named (its key tag and window are the reason's facts). */
static bool advise_time(struct para *p, const struct val_link *l, const char *zs, const char *what)
{
	char t[24];
	const struct val_reason *r = &l->reason;
	if (r->code == VAL_R_SIG_EXPIRED) {
		add(p, "Re-sign %s: the RRSIG over %s by key %u expired at %s. The zone's re-signing job (cron, "
		       "dnssec-policy, the signer's service) has stopped or its output is not loaded; fix it so that "
		       "signatures are refreshed well before they expire.", zs, what, r->key_tag,
		    tool_time_str(r->expiration, t));
		return true;
	}
	if (r->code == VAL_R_SIG_NOT_YET) {
		add(p, "The RRSIG over %s by key %u of %s is valid only from %s: the signer's clock is ahead, or this "
		       "host's clock is behind. Check both clocks (date -u, timedatectl, NTP), then re-sign %s with the "
		       "correct time.", what, r->key_tag, zs, tool_time_str(r->inception, t), zs);
		return true;
	}
	return false;
}

/* A DNSKEY set that its DS (or the trust anchor) does not vouch for. */
static void advise_keys(struct para *p, const struct tool_run *r, const struct val_link *l, const char *zs)
{
	char ps[VAL_NAME_STR_MAX], tags[128], ksks[128], all[256], alg[16], alg2[16];
	bool anchor = l->kind == VAL_LINK_ANCHOR;
	const char *parent = l->name[0] ? val_name_str(val_name_parent(l->name), ps) : "the root";
	trust_tags(tags, sizeof tags, l);
	keys_str(ksks, sizeof ksks, l->set, true);
	keys_str(all, sizeof all, l->set, false);
	const struct val_reason *why = &l->reason;
	char what[TOOL_LINE_MAX];
	snprintf(what, sizeof what, "the DNSKEY set of %s", zs);

	if (l->verdict == VAL_INDETERMINATE) {
		add(p, "The resolver %s does not pass DNSSEC records (it returned the keys of %s %s). Use a "
		       "resolver that answers queries with the DO bit with RRSIGs, or name one with `nameserver` in "
		       "/etc/nss-dnssec.conf.", r->lk->servers, zs, l->set ? "without RRSIG" : "empty");
		return;
	}
	if (anchor && (!l->set || l->set->nrr == 0 || l->trust_matched == 0)) {
		const struct stub_anchor *a = l->ntrust ? tool_anchor_of(r, l->trust[0]) : NULL;
		add(p, "The trust anchor for %s (key %s%s%s) matches none of the zone's keys (%s). If the zone "
		       "rolled its KSK, update the trust-anchor file (for the root: the dns-root-data package) to key %s; "
		       "if the anchor is right, the resolver returns other keys than the zone's.", zs, tags,
		    a ? ", " : "", a ? a->source : "", all[0] ? all : "none", ksks[0] ? ksks : "?");
		return;
	}
	if (!l->set || l->set->nrr == 0) {
		add(p, "%s publishes no DNSKEY, but its parent %s still has a DS for key %s, so every name in it is "
		       "bogus. If signing was switched off on purpose, remove the DS at the registrar of %s (the parent "
		       "%s) and only unsign after the old DS has expired from caches; otherwise sign %s again with the "
		       "key the DS names.", zs, parent, tags, zs, parent, zs);
		return;
	}
	if (why->code == VAL_R_DS_WRONG_ALG) {
		add(p, "The DS for key %u at %s says algorithm %s, but key %u of %s is algorithm %s (%u): the DS "
		       "was made or typed in with the wrong algorithm field. Replace the DS at the registrar of %s (the "
		       "parent %s) with one made from the key itself (dnssec-dsfromkey, or the registrar's form with "
		       "algorithm %u).", why->ds_tag, parent, tool_alg_str(why->algorithm, alg), why->key_tag, zs,
		    tool_alg_str(why->key_alg, alg2), why->key_alg, zs, parent, why->key_alg);
		return;
	}
	if (l->trust_matched == 0) {
		add(p, "The KSK of %s was rolled without updating the DS at the parent: %s still publishes a DS "
		       "for key %s, which %s no longer has (its keys: %s). Publish a DS for key %s at the registrar of "
		       "%s (the parent %s), e.g. from dnssec-dsfromkey, or re-add the old KSK %s to %s and sign the "
		       "DNSKEY set with it until the new DS is served; remove the old DS only after that.", zs, parent,
		    tags, zs, all, ksks[0] ? ksks : "(the new KSK)", zs, parent, tags, zs);
		return;
	}
	if (advise_time(p, l, zs, what))
		return;
	/* A DS matched a key: that key did not sign the set (or its
	 * signature does not verify). */
	if (why->code == VAL_R_KSK_NOT_SIGNING) {
		add(p, "Sign the DNSKEY set of %s with the KSK the DS at %s names (key %s): it is signed only by %s, "
		       "so the signer ran without the KSK's private key (offline, lost, or not found by "
		       "dnssec-signzone/dnssec-policy). Make the KSK available to the signer and re-sign; if its "
		       "private key is lost, roll the KSK: new KSK, new DS at the registrar of %s (the parent %s).",
		    zs, parent, tags, ksks[0] ? ksks : "other keys", zs, parent);
		return;
	}
	add(p, "The RRSIG over the DNSKEY set of %s by key %s does not verify: re-sign %s. If the zone's own "
	       "servers serve a set that verifies (dig +dnssec +cd DNSKEY %s @server), the resolver or the "
	       "path altered it.", zs, tags, zs, zs);
}

/* Zone data (an answer, a CNAME, a DS RRset in the parent) whose RRSIG fails. */
static void advise_rrset(struct para *p, const struct val_link *l, const char *zs)
{
	char ns[VAL_NAME_STR_MAX], tb[16], what[TOOL_LINE_MAX], ss[VAL_NAME_STR_MAX];
	snprintf(what, sizeof what, "%s %s", val_name_str(l->name, ns), tool_print_type(l->type, tb));
	struct val_rrsig sig;
	bool foreign;
	bool have = first_sig(l, &sig, &foreign);
	if (advise_time(p, l, zs, what))
		return;
	enum val_code code = l->reason.code;
	if (!have || code == VAL_R_RRSIG_MISSING || code == VAL_R_RRSIG_UNUSABLE) {
		add(p, "%s is signed, but %s carries no RRSIG: re-sign %s (the signer skipped this RRset, or it "
		       "was added to the signed zone by hand without re-signing). If the zone's own servers show the "
		       "RRSIG (dig +dnssec %s @server), something between strips it.", zs, what, zs, what);
		return;
	}
	if (foreign) {
		add(p, "%s is signed by %s (key %u), not by its own zone %s: the record and its RRSIG were copied "
		       "from %s's signed data, or signed with the wrong key. Sign it with the keys of %s (re-sign %s "
		       "from its unsigned source).", what, val_name_str(sig.signer, ss), sig.key_tag, zs, ss, zs, zs);
		return;
	}
	if (code == VAL_R_KEY_NOT_IN_SET || code == VAL_R_KEY_NOT_VOUCHED) {
		add(p, "%s is signed by key %u, which %s does not publish: publish that key in the DNSKEY set of %s "
		       "or re-sign with a published one (a ZSK removed before its signatures expired?).", what,
		    l->reason.key_tag, zs, zs);
		return;
	}
	if (code == VAL_R_KEY_NOT_ZONE) {
		add(p, "%s is signed by key %u, which is not a zone key: re-sign %s with its ZSK.", what,
		    l->reason.key_tag, zs);
		return;
	}
	add(p, "The RRSIG over %s by key %u of %s does not verify: the data or the signature changed after "
	       "signing. Re-sign %s and reload it on every server; compare what the zone's own servers answer "
	       "(dig +dnssec %s @server) with what the resolver returns: if only the resolver's answer differs, "
	       "it (or something on the path) altered or forged it.", what, sig.key_tag, zs, zs, what);
}

static void advise(struct para *p, const struct tool_run *r, const struct val_link *l)
{
	char zs[VAL_NAME_STR_MAX], ns[VAL_NAME_STR_MAX], tb[16];
	val_name_str(l->zone, zs);
	val_name_str(l->name, ns);
	if (l->verdict == VAL_INSECURE && r->lk->ans[0].verdict == VAL_BOGUS) {
		add(p, "require-secure covers %s, but the chain shows it unsigned. Sign the zone and publish its DS "
		       "at the parent, or remove the require-secure line.", ns);
		return;
	}
	switch (l->kind) {
	case VAL_LINK_ANCHOR:
	case VAL_LINK_DNSKEY:
		if (!l->zone[0] && l->kind == VAL_LINK_ANCHOR && !l->set && l->verdict == VAL_INDETERMINATE)
			add(p, "Configure a trust anchor that covers %s (trust-anchor-file in /etc/nss-dnssec.conf, "
			       "or install dns-root-data).", ns);
		else
			advise_keys(p, r, l, zs);
		return;
	case VAL_LINK_DS:
		add(p, "The DS of %s is data of its parent %s, so the fault is there or on the way. ", ns, zs);
		advise_rrset(p, l, zs);
		return;
	case VAL_LINK_ANSWER:
	case VAL_LINK_ALIAS:
	case VAL_LINK_AUTHORITY:
		advise_rrset(p, l, zs);
		return;
	case VAL_LINK_DENIAL:
		if (l->deny == VAL_DENY_NXDOMAIN)
			add(p, "The answer says %s does not exist", ns);
		else
			add(p, "The answer says %s has no %s", ns, tool_print_type(l->type, tb));
		add(p, ", but no valid NSEC/NSEC3 of %s proves it. If the zone's own servers return the proof (dig "
		       "+dnssec %s %s @server), the resolver drops the NSEC records or the answer was forged on the "
		       "way; otherwise re-sign %s (its NSEC/NSEC3 chain is incomplete).", zs, ns,
		    tool_print_type(l->type, tb), zs);
		return;
	case VAL_LINK_FETCH:
		add(p, "The resolver %s did not give a usable answer for %s %s. Check that it answers DNSSEC "
		       "queries: dig +dnssec +cd %s %s @%s. If it strips RRSIG/DS/DNSKEY or drops CD/DO queries, use "
		       "another resolver (nameserver lines in /etc/nss-dnssec.conf or /etc/resolv.conf); if it times "
		       "out, check the network and that UDP and TCP port 53 are allowed.", l->server ? l->server : "?",
		    ns, tool_print_type(l->type, tb), ns, tool_print_type(l->type, tb),
		    l->server ? l->server : "server");
		return;
	case VAL_LINK_NTA:
		add(p, "A negative trust anchor switches validation off for %s: remove it from the configuration "
		       "when the zone is fixed.", zs);
		return;
	}
}

/* The broken link in words: zone, record, key tags. */
static void describe(struct para *p, const struct val_link *l)
{
	char zs[VAL_NAME_STR_MAX], ns[VAL_NAME_STR_MAX], ss[VAL_NAME_STR_MAX], tb[16], keys[256], tags[128];
	val_name_str(l->zone, zs);
	val_name_str(l->name, ns);
	struct val_rrsig sig;
	bool foreign;
	switch (l->kind) {
	case VAL_LINK_ANCHOR:
	case VAL_LINK_DNSKEY:
		keys_str(keys, sizeof keys, l->set, false);
		trust_tags(tags, sizeof tags, l);
		add(p, "zone %s, record %s DNSKEY (keys %s), vouched for by %s %s", ns, ns, keys[0] ? keys : "none",
		    l->kind == VAL_LINK_ANCHOR ? "the trust anchor, key" : "the DS at the parent for key",
		    tags[0] ? tags : "?");
		return;
	case VAL_LINK_DS:
	case VAL_LINK_ANSWER:
	case VAL_LINK_ALIAS:
	case VAL_LINK_AUTHORITY:
		add(p, "zone %s, record %s %s", zs, ns, tool_print_type(l->type, tb));
		if (first_sig(l, &sig, &foreign))
			add(p, ", RRSIG by %s key %u", val_name_str(sig.signer, ss), sig.key_tag);
		else
			add(p, ", no RRSIG");
		return;
	case VAL_LINK_DENIAL:
		add(p, "zone %s, the denial for %s %s", zs, ns, tool_print_type(l->type, tb));
		return;
	case VAL_LINK_FETCH:
		add(p, "the resolver %s, the answer for %s %s", l->server ? l->server : "?", ns, tool_print_type(l->type, tb));
		return;
	case VAL_LINK_NTA:
		add(p, "the negative trust anchor %s, covering %s", zs, ns);
		return;
	}
}

/* A secure or insecure name: why it is so. */
static void not_failing(struct para *p, const struct tool_run *r)
{
	char ns[VAL_NAME_STR_MAX], zs[VAL_NAME_STR_MAX], alg[16];
	const struct val_answer *a = &r->lk->ans[0];
	if (a->verdict == VAL_SECURE) {
		add(p, "secure: every link verified from the trust anchor:");
		for (size_t i = 0; i < r->trace.n; i++) {
			const struct val_link *l = &r->trace.link[i];
			val_name_str(l->name, ns);
			if (l->kind == VAL_LINK_ANCHOR)
				add(p, " %s (anchor, key %u)", ns, l->sig.key_tag);
			else if (l->kind == VAL_LINK_DNSKEY)
				add(p, " -> %s (key %u)", ns, l->sig.key_tag);
			else if (l->kind == VAL_LINK_ANSWER || l->kind == VAL_LINK_ALIAS)
				add(p, " -> %s signed by key %u/%s of %s", ns, l->sig.key_tag,
				    tool_alg_str(l->sig.algorithm, alg), val_name_str(l->zone, zs));
			else if (l->kind == VAL_LINK_DENIAL && l->type != VAL_T_DS) {
				char d[TOOL_LINE_MAX];
				tool_denial_str(d, sizeof d, l);
				add(p, " -> %s", d);
			}
		}
		return;
	}
	const struct val_link *l = tool_decisive(r);
	if (!l) {
		add(p, "insecure: %s", val_reason_str(&a->reason));
		return;
	}
	val_name_str(l->zone, zs);
	val_name_str(l->name, ns);
	bool nsec3 = l->nproof > 0 && l->proof[0]->type == VAL_T_NSEC3;
	if (l->kind == VAL_LINK_DENIAL && l->type == VAL_T_DS && (l->delegation || l->optout))
		add(p, "insecure: %s proves there is no DS for %s (%s): the zone is unsigned, so its data cannot be "
		       "validated and is used as it is.", zs, ns, l->optout ? "NSEC3 opt-out" : nsec3 ? "NSEC3" : "NSEC");
	else if (l->kind == VAL_LINK_DENIAL && l->optout)
		add(p, "insecure: the proof for %s rests on an opt-out NSEC3 of %s, which may hide unsigned "
		       "delegations (RFC 5155 section 9.2).", ns, zs);
	else if (l->reason.code == VAL_R_NSEC3_ITER_LIMIT)
		add(p, "insecure: %s", val_reason_str(&l->reason));
	else if (l->kind == VAL_LINK_NTA)
		add(p, "insecure: the negative trust anchor %s covers %s, so it is not validated.", zs, ns);
	else if (l->reason.code == VAL_R_DS_ALG_UNSUPPORTED || l->reason.code == VAL_R_DS_DIGEST_UNSUPPORTED)
		add(p, "insecure: %s is signed only with %s this host does not implement, which counts as unsigned "
		       "(RFC 4035 section 5.2, RFC 6840 section 5.2).", ns,
		    l->reason.code == VAL_R_DS_DIGEST_UNSUPPORTED ? "a DS digest type" : "an algorithm");
	else
		add(p, "insecure: %s", val_reason_str(&l->reason));
}

void tool_why(FILE *f, const struct tool_run *r)
{
	const struct val_answer *a = &r->lk->ans[0];
	char ns[VAL_NAME_STR_MAX], tb[16];
	struct para *p = calloc(1, sizeof *p);
	if (!p)
		return;
	fprintf(f, "%s %s\n", val_name_str(r->qname, ns), tool_print_type(r->qtype, tb));
	fprintf(f, "verdict: %s\n", val_verdict_str(a->verdict));
	const struct val_link *l = tool_decisive(r);
	if (a->verdict == VAL_SECURE || (a->verdict == VAL_INSECURE && l)) {
		not_failing(p, r);
		print_wrapped(f, "not failing", p->text);
		if (a->verdict == VAL_INSECURE)
			fprintf(f, "reason: EDE %u (%s): %s\n", a->reason.ede, val_ede_str(a->reason.ede), val_reason_str(&a->reason));
		free(p);
		return;
	}
	if (l) {
		describe(p, l);
		print_wrapped(f, "broken link", p->text);
	}
	fprintf(f, "reason: EDE %u (%s): %s\n", a->reason.ede, val_ede_str(a->reason.ede), a->reason.text[0] ? val_reason_str(&a->reason) : "-");
	p->len = 0;
	p->text[0] = '\0';
	if (l)
		advise(p, r, l);
	else if (a->reason.code == VAL_R_CLOCK_UNSET)
		add(p, "Set the system clock (timedatectl, NTP): signatures cannot be checked against a clock "
		       "before this software was built.");
	else if (a->verdict == VAL_INSECURE)
		add(p, "Nothing is broken: %s", val_reason_str(&a->reason));
	else
		add(p, "The lookup could not get the data it needs from %s. Check that the resolver answers (dig "
		       "+dnssec +cd %s %s @server) within the timeout, and that UDP and TCP port 53 are allowed.",
		    r->lk->servers[0] ? r->lk->servers : "the resolver", ns, tb);
	print_wrapped(f, "what to do", p->text);
	free(p);
}
