# tests/deb: the Debian packages (debian/), built and tried out.
#
#   make check-nsswitch-edit   the nsswitch.conf edit of the maintainer scripts
#                              on many starting files (no root; part of make check)
#   make deb                   dpkg-buildpackage -us -uc -b on a copy of the
#                              tree; the .debs and lintian's report land in
#                              $(DEB_OUT) (default $(O)/deb)
#   make deb-test              deb, lintian, then install, purge and getent
#                              through the installed module in an overlay of the
#                              live system (root; starts the lab under its lock)
#
# Nothing is written outside $(DEB_OUT) and a temporary directory: the build
# runs on a copy (dpkg-buildpackage writes ../*.deb), the installs happen in
# an overlayfs of / in a private mount namespace.

DEB_OUT ?= $(O)/deb

.PHONY: check-nsswitch-edit deb deb-test
check-nsswitch-edit:
	tests/deb/test-nsswitch.sh

deb:
	DEB_OUT=$(DEB_OUT) tests/deb/deb-test.sh --build-only

deb-test:
	DEB_OUT=$(DEB_OUT) O=$(O) LAB_LOCK=$(LAB_LOCK) tests/deb/deb-test.sh

CHECK_TARGETS += check-nsswitch-edit
