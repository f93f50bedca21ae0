#!/bin/sh
# Installs, from Debian 12's archive, everything nss-dnssec needs to build,
# test and run its lab.  Used by the README's first command and by .ci/run.
#
# The lab runs its own nsd and unbound on loopback addresses, so the
# distribution's services must not start on port 53 when the packages are
# installed: a policy-rc.d that refuses service starts is put in place for
# the install if the machine does not already have one, and removed after.
set -eu
if [ "$(id -u)" != 0 ]; then
	echo "install-deps.sh: must run as root (apt-get install)" >&2
	exit 1
fi
PACKAGES="build-essential pkg-config clang libclang-rt-14-dev
  libc-ares-dev libssl-dev check dns-root-data
  nsd unbound bind9-utils bind9-dnsutils ldnsutils knot-dnsutils
  python3 python3-dnspython python3-cryptography iproute2 procps curl graphviz
  debhelper dpkg-dev fakeroot lintian
  hyperfine unbound-host getdns-utils dnsmasq-base
  libboost-context1.74.0 libcurl4 libfstrm0 libluajit2-5.1-2 libsnmp40 libsodium23
  valgrind strace time gdb libc6-dbg libfaketime
  libaudit1 libcap2 libselinux1 libsystemd0 libsystemd-shared"

created_policy=
if [ ! -e /usr/sbin/policy-rc.d ]; then
	printf '#!/bin/sh\n# nss-dnssec install-deps.sh: no service starts during the install\nexit 101\n' \
		> /usr/sbin/policy-rc.d
	chmod 0755 /usr/sbin/policy-rc.d
	created_policy=1
fi
cleanup() { [ -z "$created_policy" ] || rm -f /usr/sbin/policy-rc.d; }
trap cleanup EXIT INT TERM

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $PACKAGES

# nscd and unscd, for tests/e2e/check-nscd.py: unpacked into NSCD_ROOT, not
# installed.  The two packages conflict (both ship /usr/sbin/nscd), and an
# installed one is enabled at boot by its postinst (update-rc.d defaults,
# deb-systemd-helper enable; the policy-rc.d above only stops the start
# now): it would then answer every program of the host, the tests'
# namespaces included.  dpkg-deb -x runs no maintainer script: no daemon
# starts, no user is created, nothing in /etc changes.  The libraries they
# need are in PACKAGES.  glibc's nscd uses glibc's private symbols: it must
# be the installed libc6's own version.
# pdns-recursor, for the lab's misbehaving resolvers (tests/lab/up.sh runs
# $NSCD_ROOT/pdns-recursor/usr/sbin/pdns_recursor with dnssec=off), the same
# way: installed, its postinst would enable a recursor on port 53 of the host
# at the next boot.  Its libraries are in PACKAGES.  dnsmasq-base is
# installed: it ships the program only, no service.
# systemd-resolved and libnss-resolve, bench/run.sh's peer (bench/resolved.sh
# runs the daemon in a mount namespace of its own), the same way into one
# directory: installed, their maintainer scripts would point
# /etc/resolv.conf at resolved and enable it.  The daemon links systemd's
# private libsystemd-shared-252.so (in PACKAGES): it must be that package's
# own version.
NSCD_ROOT=/opt/nss-dnssec-tests
dl=$(mktemp -d)
! id _apt >/dev/null 2>&1 || chown _apt "$dl"
(cd "$dl" && apt-get download -qq "nscd=$(dpkg-query -W -f '${Version}' libc6)" unscd pdns-recursor)
for p in nscd unscd pdns-recursor; do
	rm -rf "${NSCD_ROOT:?}/$p"
	mkdir -p "$NSCD_ROOT/$p"
	dpkg-deb -x "$dl"/"${p}"_*.deb "$NSCD_ROOT/$p"
	dpkg-deb -f "$dl"/"${p}"_*.deb Version >"$NSCD_ROOT/$p/VERSION"
done
# Only the bench needs it: an archive that no longer carries the installed
# libsystemd-shared's version leaves the bench without this peer (it says
# so), not the tests without their dependencies.
sd=$(dpkg-query -W -f '${Version}' libsystemd-shared)
rm -rf "${NSCD_ROOT:?}/systemd-resolved"
if (cd "$dl" && apt-get download -qq "systemd-resolved=$sd" "libnss-resolve=$sd"); then
	mkdir -p "$NSCD_ROOT/systemd-resolved"
	for p in systemd-resolved libnss-resolve; do
		dpkg-deb -x "$dl"/"${p}"_*.deb "$NSCD_ROOT/systemd-resolved"
	done
	echo "$sd" >"$NSCD_ROOT/systemd-resolved/VERSION"
else
	echo "install-deps: systemd-resolved $sd cannot be downloaded: make bench will lack that peer" >&2
fi
rm -rf "$dl"
