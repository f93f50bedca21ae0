#!/bin/sh
# nsswitch-hosts: puts `dnssec [!UNAVAIL=return]` on the hosts line of
# nsswitch.conf, takes it out again, and says what is wrong with a hosts line
# that lets names past the validation.  POSIX sh + awk (mawk or gawk).
#
#   nsswitch-hosts add    [FILE]   insert before the first `dns`; 0 edited,
#                                  2 left alone (a reason on stderr), 1 error
#   nsswitch-hosts remove [FILE]   take out exactly `dnssec [!UNAVAIL=return]`;
#                                  0 edited, 2 not there, 1 error
#   nsswitch-hosts check  [FILE]   warnings on stderr; 0 fine, 2 warnings
#
# FILE defaults to ${DPKG_ROOT}/etc/nsswitch.conf.  The maintainer scripts of
# libnss-dnssec carry a copy of this file (debian/rules substitutes it for
# #NSSWITCH_HOSTS#, with NSSWITCH_HOSTS_LIB=1 so that only the functions are
# defined): postrm runs after the package's files are gone.
#
# The rules followed are glibc 2.36's (nss/nss_database.c process_line,
# nss/nss_action_parse.c):
# - a line is `[ws]DATABASE[ws or :]...`; the LAST hosts line wins;
# - sources are separated by white space; a source name ends at white space
#   or `[`; at most one `[...]` block follows it, holding
#   `[!]STATUS=ACTION` items (case-insensitive; STATUS one of SUCCESS
#   NOTFOUND UNAVAIL TRYAGAIN, ACTION return continue merge); a second
#   `[` where a source name should start ends the line (what follows is
#   ignored); an unknown word in a block is a parse error;
# - defaults: SUCCESS=return, everything else continue; `!S=A` sets every
#   status but S to A.
# So `dnssec [!UNAVAIL=return]` returns on SUCCESS, NOTFOUND and TRYAGAIN and
# continues only on UNAVAIL, which glibc reports when the module cannot be
# loaded or has no lookup function.  libnss_dnssec returns NOTFOUND for bogus
# (and proven NXDOMAIN/NODATA), TRYAGAIN for indeterminate, never UNAVAIL: no
# verdict of the module ever reaches a module after it.
#
# glibc 2.36 has no comments on a service line (`#` would be a module name
# that does not load, i.e. UNAVAIL); like Debian's dh_installnss we stop at a
# word that starts with `#` and never edit after it.

NSSWITCH_HOSTS_ENTRY='dnssec [!UNAVAIL=return]'

# The awk program.  Input: the file.  Variables: mode (add, remove, check).
# Output on stdout: the new file (add, remove); on stderr: "W:" warnings and
# "I:" notes, one per line.  Exit status: 0 edited / fine, 2 not edited /
# warnings.
nsswitch_hosts_awk='
function ws(c) { return c == " " || c == "\t" || c == "\r" || c == "\f" || c == "\v" || c == "\n" }
function note(kind, msg) { printf "%s:%s\n", kind, msg > "/dev/stderr" }
# Parses the sources of line s (the text after "hosts:") into
# M_name[1..nm], M_act[i, STATUS], M_start[i] (offset of the name in s),
# M_end[i] (offset just after the name and its block).  Sets perr to a
# reason when glibc would refuse the line, trunc when glibc stops early.
function parse(s,    i, n, c, start, name, not, st, act, save, k, done) {
	nm = 0; perr = ""; trunc = ""
	n = length(s); i = 1
	while (1) {
		while (i <= n && ws(substr(s, i, 1))) i++
		if (i > n) return
		start = i
		while (i <= n && !ws(substr(s, i, 1)) && substr(s, i, 1) != "[") i++
		if (i == start) { trunc = substr(s, i); return }
		name = substr(s, start, i - start)
		if (substr(name, 1, 1) == "#") { trunc = substr(s, start); return }
		nm++
		M_name[nm] = name; M_start[nm] = start
		M_act[nm, "SUCCESS"] = "RETURN"; M_act[nm, "NOTFOUND"] = "CONTINUE"
		M_act[nm, "UNAVAIL"] = "CONTINUE"; M_act[nm, "TRYAGAIN"] = "CONTINUE"
		M_block[nm] = ""
		while (i <= n && ws(substr(s, i, 1))) i++
		if (i <= n && substr(s, i, 1) == "[") {
			k = i
			i++
			while (i <= n && ws(substr(s, i, 1))) i++
			done = 0
			while (!done) {
				not = 0
				if (substr(s, i, 1) == "!") { not = 1; i++ }
				start = i
				while (i <= n && !ws(substr(s, i, 1)) && substr(s, i, 1) != "=" && substr(s, i, 1) != "]") i++
				st = toupper(substr(s, start, i - start))
				if (st != "SUCCESS" && st != "NOTFOUND" && st != "UNAVAIL" && st != "TRYAGAIN") {
					perr = "unknown status \"" substr(s, start, i - start) "\" after " name; return
				}
				while (i <= n && ws(substr(s, i, 1))) i++
				if (substr(s, i, 1) != "=") { perr = "no \"=\" after " st " in the block of " name; return }
				i++
				while (i <= n && ws(substr(s, i, 1))) i++
				start = i
				while (i <= n && !ws(substr(s, i, 1)) && substr(s, i, 1) != "=" && substr(s, i, 1) != "]") i++
				act = toupper(substr(s, start, i - start))
				if (act != "RETURN" && act != "CONTINUE" && act != "MERGE") {
					perr = "unknown action \"" substr(s, start, i - start) "\" after " name; return
				}
				if (not) {
					save = M_act[nm, st]
					M_act[nm, "SUCCESS"] = act; M_act[nm, "NOTFOUND"] = act
					M_act[nm, "UNAVAIL"] = act; M_act[nm, "TRYAGAIN"] = act
					M_act[nm, st] = save
				} else
					M_act[nm, st] = act
				while (i <= n && ws(substr(s, i, 1))) i++
				if (i > n) { perr = "unterminated [ after " name; return }
				if (substr(s, i, 1) == "]") done = 1
			}
			i++
			M_block[nm] = substr(s, k, i - k)
		}
		M_end[nm] = i
	}
}
# Modules that answer only names of this host, its containers or .local: a
# name they know was never a DNS question.
function local_only(m) {
	return m == "files" || m == "myhostname" || m == "mymachines" || m ~ /^mdns[46]?(_minimal)?$/
}
# Where the sources start on a hosts line, or 0 if it is not one.
function hosts_offset(line,    i, n) {
	n = length(line); i = 1
	while (i <= n && ws(substr(line, i, 1))) i++
	if (substr(line, i, 5) != "hosts") return 0
	i += 5
	if (i > n || !(ws(substr(line, i, 1)) || substr(line, i, 1) == ":")) return 0
	while (i <= n && (ws(substr(line, i, 1)) || substr(line, i, 1) == ":")) i++
	return i
}
function check(line, off,    s, i, k, d, before, after, falls) {
	s = substr(line, off)
	parse(s)
	if (perr != "") { note("W", "glibc cannot parse the hosts line (" perr "): " line); return 1 }
	warned = 0
	if (trunc != "" && substr(trunc, 1, 1) == "[") {
		note("W", "glibc ignores everything from \"" trunc "\" on the hosts line (one [...] per source)")
		warned = 1
	}
	d = 0
	for (i = 1; i <= nm; i++)
		if (M_name[i] == "dnssec") { if (d) { note("I", "dnssec appears more than once on the hosts line; the first one decides"); break } d = i }
	if (!d) { note("I", "dnssec is not on the hosts line: host names are not validated"); return 1 }
	for (i = 1; i < d; i++) {
		if (M_name[i] == "dns") { note("W", "dns comes before dnssec on the hosts line: every name dns finds is answered unvalidated; move dnssec before dns"); warned = 1 }
		else if (M_name[i] == "resolve") { note("W", "resolve comes before dnssec on the hosts line: every name systemd-resolved finds is answered without nss-dnssec (validated by systemd-resolved only if resolved.conf says DNSSEC=yes); dnssec validates only when systemd-resolved is not running. To validate every name here, move \"" entry "\" before resolve"); warned = 1 }
		else if (M_act[i, "NOTFOUND"] != "CONTINUE" && M_act[i, "UNAVAIL"] != "CONTINUE" && M_act[i, "TRYAGAIN"] != "CONTINUE" && !local_only(M_name[i])) {
			note("W", M_name[i] " before dnssec returns on every status: dnssec is never asked"); warned = 1
		}
	}
	if (M_act[d, "SUCCESS"] != "RETURN") { note("W", "dnssec [SUCCESS=" tolower(M_act[d, "SUCCESS"]) "]: validated addresses are thrown away for what the next module says"); warned = 1 }
	after = ""
	for (i = d + 1; i <= nm; i++) if (!local_only(M_name[i])) after = after (after == "" ? "" : ", ") M_name[i]
	if (after != "") {
		falls = ""
		if (M_act[d, "NOTFOUND"] == "CONTINUE") falls = "bogus answers (NOTFOUND)"
		if (M_act[d, "TRYAGAIN"] == "CONTINUE") falls = falls (falls == "" ? "" : " and ") "indeterminate ones (TRYAGAIN)"
		if (falls != "") {
			note("W", "on the hosts line, " falls " of dnssec fall through to " after ", which resolves them unvalidated: write dnssec [!UNAVAIL=return]")
			warned = 1
		}
	}
	if (M_act[d, "UNAVAIL"] == "RETURN")
		note("I", "dnssec [UNAVAIL=return]: when the module cannot be loaded (package removed), no host name resolves")
	return warned
}
{ lines[NR] = $0; if (hosts_offset($0)) { nh++; last = NR } }
END {
	status = 2
	if (mode == "check") {
		if (!last) { note("I", "no hosts line in " file ": host names are not validated"); exit 2 }
		if (nh > 1) note("I", "several hosts lines in " file ": glibc uses the last one, line " last)
		exit check(lines[last], hosts_offset(lines[last])) ? 2 : 0
	}
	if (!last) note("W", "no hosts line in " file "; not edited. To validate host names, add: hosts: files " entry " dns")
	else {
		line = lines[last]; off = hosts_offset(line); s = substr(line, off)
		parse(s)
		if (perr != "") note("W", "glibc cannot parse the hosts line of " file " (" perr "); not edited")
		else if (mode == "add") {
			for (i = 1; i <= nm; i++) if (M_name[i] == "dnssec") break
			if (i <= nm) note("I", "dnssec is already on the hosts line of " file "; not edited")
			else {
				for (i = 1; i <= nm; i++) if (M_name[i] == "dns") break
				if (i > nm) note("W", "no dns on the hosts line of " file "; not edited (host names are not validated). To validate them, put \"" entry "\" where DNS names are resolved, before any module that resolves them")
				else {
					p = off + M_start[i] - 1
					lines[last] = substr(line, 1, p - 1) entry " " substr(line, p)
					status = 0
				}
			}
		} else {
			for (i = 1; i <= nm; i++)
				if (M_name[i] == "dnssec" && M_block[i] == "[!UNAVAIL=return]" && \
				    substr(s, M_start[i], M_end[i] - M_start[i]) == entry) break
			if (i > nm) note("I", "no \"" entry "\" on the hosts line of " file "; not edited")
			else {
				p = off + M_start[i] - 1; q = off + M_end[i] - 1
				if (i < nm) {
					# We inserted "ENTRY " right before the next source.
					if (substr(line, q, 1) == " ") q++
				} else {
					# Last on the line: take the white space before it.
					while (p > off && ws(substr(line, p - 1, 1))) p--
				}
				lines[last] = substr(line, 1, p - 1) substr(line, q)
				status = 0
			}
		}
	}
	if (status == 0)
		for (i = 1; i <= NR; i++) print lines[i]
	exit status
}'

# Prints the awk notes as messages; returns nothing useful.
nsswitch_hosts_say() {
	while IFS= read -r l; do
		case $l in
		W:*) echo "libnss-dnssec: warning: ${l#W:}" >&2 ;;
		I:*) echo "libnss-dnssec: ${l#I:}" >&2 ;;
		?*) echo "libnss-dnssec: $l" >&2 ;;
		esac
	done
}

# nsswitch_hosts MODE FILE: see the top of this file.
nsswitch_hosts() {
	_m=$1
	_f=${2:-${DPKG_ROOT:-}/etc/nsswitch.conf}
	case $_m in add|remove|check) ;; *) echo "nsswitch-hosts: unknown mode $_m" >&2; return 1 ;; esac
	if [ ! -e "$_f" ]; then
		echo "libnss-dnssec: $_f does not exist; not edited" >&2
		return 2
	fi
	# Edit what a symbolic link points to, not the link.
	if [ -L "$_f" ]; then
		_f=$(readlink -f "$_f") || return 1
	fi
	_d=$(dirname "$_f")
	_t=$(mktemp "$_d/.nsswitch.conf.dnssec.XXXXXX") || return 1
	_n=$(mktemp "${TMPDIR:-/tmp}/nsswitch-hosts.XXXXXX") || { rm -f "$_t"; return 1; }
	_st=0
	awk -v mode="$_m" -v file="$_f" -v entry="$NSSWITCH_HOSTS_ENTRY" "$nsswitch_hosts_awk" "$_f" \
		>"$_t" 2>"$_n" || _st=$?
	nsswitch_hosts_say <"$_n"
	rm -f "$_n"
	if [ "$_st" -ne 0 ] || [ "$_m" = check ]; then
		rm -f "$_t"
		[ "$_st" -le 2 ] || _st=1
		return "$_st"
	fi
	# awk ends every line with a newline: keep a missing final one missing.
	if [ -s "$_f" ] && [ "$(tail -c 1 "$_f" | od -An -c | tr -d ' ')" != '\n' ]; then
		_c=$(wc -c <"$_t")
		head -c $((_c - 1)) "$_t" >"$_t.n" && mv "$_t.n" "$_t" || { rm -f "$_t" "$_t.n"; return 1; }
	fi
	# Same owner and mode, then an atomic rename.
	chmod --reference="$_f" "$_t" 2>/dev/null || chmod 0644 "$_t"
	chown --reference="$_f" "$_t" 2>/dev/null || true
	if ! mv "$_t" "$_f"; then
		rm -f "$_t"
		return 1
	fi
	return 0
}

if [ -z "${NSSWITCH_HOSTS_LIB:-}" ]; then
	case ${1:-} in
	add|remove|check) nsswitch_hosts "$@"; exit $? ;;
	*)
		echo "usage: nsswitch-hosts add|remove|check [FILE]   (default \${DPKG_ROOT}/etc/nsswitch.conf)" >&2
		exit 64 ;;
	esac
fi
