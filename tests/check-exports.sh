#!/bin/sh
# The module must export glibc's six hosts entry points and nothing else
# (DESIGN.md: version script + -fvisibility=hidden; nss_dnssec/nss_host.c).
# Prints the offenders (extra symbols, missing entry points) and fails if any.
set -eu
so=${1:?usage: check-exports.sh libnss_dnssec.so.2}
want="_nss_dnssec_gethostbyname4_r _nss_dnssec_gethostbyname3_r
_nss_dnssec_gethostbyname2_r _nss_dnssec_gethostbyname_r
_nss_dnssec_gethostbyaddr2_r _nss_dnssec_gethostbyaddr_r"
# Defined functions only ("T"): an entry point that is a data object or
# undefined is as good as missing.
syms=$(nm -D --defined-only "$so" | awk '{print $NF}')
funcs=$(nm -D --defined-only "$so" | awk '$2 == "T" {print $NF}')
st=0
bad=$(printf '%s\n' "$syms" | grep -v -e '^_nss_dnssec_' -e '^$' || true)
if [ -n "$bad" ]; then
	echo "check-exports: $so exports symbols outside _nss_dnssec_*:" >&2
	printf '  %s\n' $bad >&2
	st=1
fi
for f in $want; do
	if ! printf '%s\n' "$funcs" | grep -qx -- "$f"; then
		echo "check-exports: $so does not export the entry point $f" >&2
		st=1
	fi
done
n=$(printf '%s\n' "$syms" | grep -c '^_nss_dnssec_' || true)
[ $st -eq 0 ] || exit 1
echo "check-exports: $so exports $n symbols, all _nss_dnssec_*, the 6 entry points among them"
