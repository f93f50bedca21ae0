#!/bin/sh
# The module must export nothing but _nss_dnssec_* (DESIGN.md, version
# script + -fvisibility=hidden).  Prints the offenders and fails if any.
set -eu
so=${1:?usage: check-exports.sh libnss_dnssec.so.2}
syms=$(nm -D --defined-only "$so" | awk '{print $NF}')
bad=$(printf '%s\n' "$syms" | grep -v -e '^_nss_dnssec_' -e '^$' || true)
n=$(printf '%s\n' "$syms" | grep -c '^_nss_dnssec_' || true)
if [ -n "$bad" ]; then
	echo "check-exports: $so exports symbols outside _nss_dnssec_*:" >&2
	printf '  %s\n' $bad >&2
	exit 1
fi
echo "check-exports: $so exports $n symbols, all _nss_dnssec_*"
