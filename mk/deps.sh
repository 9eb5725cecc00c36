#!/bin/sh
# deps.sh - make sure the Debian packages a make goal needs are installed.
#
# usage: mk/deps.sh build|check|bench|package
#
# Installs what is missing with apt-get (as root, or through sudo when it
# needs no password).  Where neither can be done it prints the one command
# to run and fails, so that the build stops with a clear next step.
set -eu

build="pkg-config libncurses-dev libsqlite3-dev libsodium-dev libyaml-dev \
	libutf8proc-dev libzxcvbn-dev libgmime-3.0-dev"
check="$build libcmocka-dev tmux minisign clang libclang-rt-dev python3 faketime strace \
	s-nail mpack ripmime"
bench="$check libsqlcipher-dev"
# The manual page and completion tests; the Debian package (make deb).
check="$check groff-base man-db bash"
package="$build groff-base man-db bash dpkg-dev debhelper fakeroot lintian"

case "${1:-build}" in
build) want=$build ;;
check) want=$check ;;
bench) want=$bench ;;
package) want=$package ;;
*) echo "usage: mk/deps.sh build|check|bench|package" >&2; exit 2 ;;
esac

if ! command -v dpkg-query >/dev/null 2>&1; then
	# Not Debian: trust pkg-config and say what is missing.
	for pc in ncursesw formw menuw panelw sqlite3 libsodium yaml-0.1 libutf8proc gmime-3.0; do
		pkg-config --exists "$pc" || {
			echo "mentorpact needs the $pc library (development files)" >&2
			exit 1
		}
	done
	exit 0
fi

missing=
for p in $want; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$status" in
	*"install ok installed"*) ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0

echo "mentorpact: installing missing packages:$missing" >&2
if [ "$(id -u)" = 0 ]; then
	as_root=
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	as_root="sudo -n"
else
	echo "mentorpact: cannot install packages without root; run:" >&2
	echo "  sudo apt-get install -y$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086
$as_root apt-get install -y -q$missing >&2 ||
	{ $as_root apt-get update -q >&2 &&
		$as_root apt-get install -y -q$missing >&2; } || {
	echo "mentorpact: apt-get failed; run:" >&2
	echo "  sudo apt-get update && sudo apt-get install -y$missing" >&2
	exit 1
}
