#!/bin/sh
# The nsswitch.conf edit of libnss-dnssec (debian/nsswitch-hosts.sh) on many
# starting files: what `add` makes of each, what `check` says about the
# result, and that `remove` gives back the original byte for byte.  No root,
# no network; run by `make check-nsswitch-edit` and by deb-test.sh.
set -u
cd "$(dirname "$0")/../.."
S=${NSSWITCH_HOSTS:-debian/nsswitch-hosts.sh}
T=$(mktemp -d "${TMPDIR:-/tmp}/nss-dnssec-nsswitch.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
pass=0 fail=0
E='dnssec [!UNAVAIL=return]'

bad() { echo "FAIL: $name: $*"; fail=$((fail + 1)); }

# case NAME INPUT ADD_STATUS EXPECTED_AFTER_ADD CHECK_STATUS [CHECK_GREP]
#   INPUT and EXPECTED are printf formats (so \t, \r\n and a missing final
#   newline can be written); EXPECTED "=" means unchanged.  CHECK_STATUS is
#   what `check` returns on the file after `add` (0 fine, 2 warnings) and
#   CHECK_GREP a fixed string its messages must contain.
case_() {
	name=$1 in=$2 want_st=$3 want=$4 want_check=$5 grep_for=${6:-}
	f=$T/nsswitch.conf
	# shellcheck disable=SC2059
	printf "$in" >"$f"
	cp "$f" "$T/orig"
	chmod 0640 "$f"
	st=0; sh "$S" add "$f" 2>"$T/add.err" || st=$?
	[ "$st" = "$want_st" ] || bad "add returned $st, want $want_st ($(cat "$T/add.err"))"
	if [ "$want" = "=" ]; then
		cmp -s "$f" "$T/orig" || bad "add changed the file: $(cat "$f")"
	else
		# shellcheck disable=SC2059
		printf "$want" >"$T/want"
		cmp -s "$f" "$T/want" || bad "after add: got [$(cat "$f")] want [$(cat "$T/want")]"
	fi
	[ "$(stat -c %a "$f")" = 640 ] || bad "add changed the mode to $(stat -c %a "$f")"
	# Idempotent: a second add changes nothing.
	cp "$f" "$T/once"
	st=0; sh "$S" add "$f" 2>/dev/null || st=$?
	[ "$st" = 2 ] || bad "second add returned $st, want 2"
	cmp -s "$f" "$T/once" || bad "second add changed the file"
	st=0; sh "$S" check "$f" 2>"$T/check.err" || st=$?
	[ "$st" = "$want_check" ] || bad "check returned $st, want $want_check ($(cat "$T/check.err"))"
	if [ -n "$grep_for" ] && ! grep -qF -- "$grep_for" "$T/check.err"; then
		bad "check said [$(cat "$T/check.err")], want [$grep_for]"
	fi
	# The maintainer scripts remove only what add put in (it returned 0).
	if [ "$want_st" = 0 ]; then
		st=0; sh "$S" remove "$f" 2>"$T/rm.err" || st=$?
		[ "$st" = 0 ] || bad "remove returned $st, want 0 ($(cat "$T/rm.err"))"
	fi
	cmp -s "$f" "$T/orig" || bad "after remove: got [$(od -c "$f" | head -5)] want [$(od -c "$T/orig" | head -5)]"
	if [ "$fail" = "${lastfail:-0}" ]; then
		pass=$((pass + 1))
		printf 'ok   %-44s %s\n' "$name" "$(head -c 300 "$T/check.err" | tr '\n' ' ' | cut -c1-110)"
	fi
	lastfail=$fail
}

H='passwd:         files\ngroup:          files\n'
N='networks:       files\n\nprotocols:      db files\n'

case_ "Debian default" "${H}hosts:          files dns\n${N}" 0 \
	"${H}hosts:          files $E dns\n${N}" 0
case_ "minimal: files dns" "hosts: files dns\n" 0 "hosts: files $E dns\n" 0
case_ "avahi: mdns4_minimal" "hosts:          files mdns4_minimal [NOTFOUND=return] dns myhostname\n" 0 \
	"hosts:          files mdns4_minimal [NOTFOUND=return] $E dns myhostname\n" 0
case_ "mdns4_minimal, no space before [" "hosts: files mdns4_minimal[NOTFOUND=return] dns mdns4\n" 0 \
	"hosts: files mdns4_minimal[NOTFOUND=return] $E dns mdns4\n" 0
case_ "systemd-resolved before dns" "hosts: files resolve [!UNAVAIL=return] myhostname dns\n" 0 \
	"hosts: files resolve [!UNAVAIL=return] myhostname $E dns\n" 2 "resolve comes before dnssec"
case_ "mymachines resolve myhostname" "hosts: mymachines resolve [!UNAVAIL=return] files myhostname dns\n" 0 \
	"hosts: mymachines resolve [!UNAVAIL=return] files myhostname $E dns\n" 2 "resolve comes before dnssec"
case_ "dns with its own action" "hosts: files dns [NOTFOUND=return] mdns4\n" 0 \
	"hosts: files $E dns [NOTFOUND=return] mdns4\n" 0
case_ "dns twice" "hosts: files dns mdns4 dns\n" 0 "hosts: files $E dns mdns4 dns\n" 0
case_ "tabs" "hosts:\tfiles\tdns\n" 0 "hosts:\tfiles\t$E dns\n" 0
case_ "leading blank, space before colon" "  hosts :  files dns\n" 0 "  hosts :  files $E dns\n" 0
case_ "no colon (glibc accepts it)" "hosts files dns\n" 0 "hosts files $E dns\n" 0
case_ "dns first" "hosts: dns files\n" 0 "hosts: $E dns files\n" 0
case_ "CRLF line ends" "hosts: files dns\r\nnetworks: files\r\n" 0 \
	"hosts: files $E dns\r\nnetworks: files\r\n" 0
case_ "no final newline" "passwd: files\nhosts: files dns" 0 "passwd: files\nhosts: files $E dns" 0
case_ "trailing comment" "hosts: files dns # was: files mdns dns\n" 0 \
	"hosts: files $E dns # was: files mdns dns\n" 0
case_ "dns only in a trailing comment" "hosts: files myhostname # dns\n" 2 "=" 2 "dnssec is not on the hosts line"
case_ "commented-out hosts lines" "#hosts: files dns\n# hosts: files\nhosts: files dns\n" 0 \
	"#hosts: files dns\n# hosts: files\nhosts: files $E dns\n" 0
case_ "two hosts lines: the last wins" "hosts: files\nhosts: files dns\n" 0 \
	"hosts: files\nhosts: files $E dns\n" 0 "glibc uses the last one"
case_ "hostsfoo is another database" "hostsfoo: files dns\nhosts: files dns\n" 0 \
	"hostsfoo: files dns\nhosts: files $E dns\n" 0
case_ "no dns: not edited" "hosts: files myhostname\n" 2 "=" 2 "dnssec is not on the hosts line"
case_ "resolve without dns: not edited" "hosts: files resolve [!UNAVAIL=return] myhostname\n" 2 "=" 2
case_ "no hosts line: not edited" "passwd: files\n" 2 "=" 2 "no hosts line"
case_ "empty file: not edited" "" 2 "=" 2 "no hosts line"
case_ "admin's dnssec kept as is" "hosts: files $E dns\n" 2 "=" 0
case_ "admin's dnssec without action: warned" "hosts: files dnssec dns\n" 2 "=" 2 \
	"bogus answers (NOTFOUND) and indeterminate ones (TRYAGAIN) of dnssec fall through to dns"
case_ "dnssec [NOTFOUND=return]: TRYAGAIN falls through" "hosts: files dnssec [NOTFOUND=return] dns\n" 2 "=" 2 \
	"indeterminate ones (TRYAGAIN) of dnssec fall through to dns"
case_ "dnssec [NOTFOUND=return TRYAGAIN=return] is safe" "hosts: files dnssec [NOTFOUND=return TRYAGAIN=return] dns\n" 2 "=" 0
case_ "lower case, spaces in the block" "hosts: files dnssec [ !unavail = Return ] dns\n" 2 "=" 0
case_ "dnssec last: nothing to fall to" "hosts: files dnssec\n" 2 "=" 0
case_ "dnssec then only local modules" "hosts: files dnssec myhostname\n" 2 "=" 0
case_ "dnssec then resolve" "hosts: files dnssec resolve\n" 2 "=" 2 "fall through to resolve"
case_ "dns before dnssec" "hosts: files dns $E\n" 2 "=" 2 "dns comes before dnssec"
case_ "second [ block ends the line for glibc" "hosts: files dnssec [NOTFOUND=return] [TRYAGAIN=return] dns\n" 2 "=" 2 \
	"glibc ignores everything from"
case_ "[SUCCESS=continue]" "hosts: files dnssec [!UNAVAIL=return SUCCESS=continue] dns\n" 2 "=" 2 \
	"validated addresses are thrown away"
case_ "unparseable line: not edited" "hosts: files dns [NOTFOUN=return]\n" 2 "=" 2 "glibc cannot parse"
case_ "unterminated block: not edited" "hosts: files dns [NOTFOUND=return\n" 2 "=" 2 "glibc cannot parse"

# remove takes out only what add put in.
name="remove leaves an edited entry alone"
printf 'hosts: files dnssec [!UNAVAIL=return NOTFOUND=return] dns\n' >"$T/f"; cp "$T/f" "$T/o"
st=0; sh "$S" remove "$T/f" 2>/dev/null || st=$?
if [ "$st" = 2 ] && cmp -s "$T/f" "$T/o"; then pass=$((pass + 1)); echo "ok   $name"; else bad "status $st"; fi
name="remove: dnssec last on the line (dns removed by the admin)"
printf 'hosts: files %s\n' "$E" >"$T/f"
st=0; sh "$S" remove "$T/f" 2>/dev/null || st=$?
if [ "$st" = 0 ] && [ "$(cat "$T/f")" = "hosts: files" ]; then pass=$((pass + 1)); echo "ok   $name"; else bad "status $st: $(cat "$T/f")"; fi
name="a symbolic link is followed, not replaced"
printf 'hosts: files dns\n' >"$T/target"; ln -sf "$T/target" "$T/link"
st=0; sh "$S" add "$T/link" 2>/dev/null || st=$?
if [ "$st" = 0 ] && [ -L "$T/link" ] && grep -qF "$E dns" "$T/target"; then pass=$((pass + 1)); echo "ok   $name"; else bad "status $st"; fi
name="missing file"
st=0; sh "$S" add "$T/nonexistent" 2>/dev/null || st=$?
if [ "$st" = 2 ] && [ ! -e "$T/nonexistent" ]; then pass=$((pass + 1)); echo "ok   $name"; else bad "status $st"; fi
name="no temporary files left"
if [ -z "$(find "$T" -name '.nsswitch.conf.dnssec.*')" ]; then pass=$((pass + 1)); echo "ok   $name"; else bad "left: $(find "$T" -name '.nsswitch*')"; fi

echo "nsswitch edit: $pass passed, $fail failed"
[ "$fail" = 0 ]
