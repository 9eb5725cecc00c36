#!/bin/sh
# deb.sh - build the Debian package from this source tree with Debian's
# own tools, in a folder of its own so that the tree stays clean.
#
# usage: mk/deb.sh OUT   (make deb: OUT is build/deb)
#
# Copies the tree (without build/, .git and the built program) to
# OUT/src/mentorpact-VERSION, runs dpkg-buildpackage -us -uc -b there, and
# leaves the .deb, .buildinfo and .changes in OUT.
set -eu
out=${1:?usage: mk/deb.sh OUT}
top=$(pwd)
version=$(sed -n 's/^#define MENTORPACT_VERSION "\(.*\)"$/\1/p' \
	include/mentorpact/version.h)
changelog=$(dpkg-parsechangelog -S Version)
if [ "$version" != "$changelog" ]; then
	echo "deb.sh: version.h says $version but debian/changelog says" \
		"$changelog; add a changelog entry (dch -v $version)" >&2
	exit 1
fi

rm -rf "$out"
src=$out/src/mentorpact-$version
mkdir -p "$src"
tar -cf - --exclude=./build --exclude=./.git --exclude=./mentorpact \
	--exclude='./*.deb' . | tar -xf - -C "$src"
(cd "$src" && dpkg-buildpackage -us -uc -b -j2) >"$out/build.log" 2>&1 || {
	tail -n 40 "$out/build.log" >&2
	echo "deb.sh: dpkg-buildpackage failed; the whole log is" \
		"$out/build.log" >&2
	exit 1
}
mv "$out"/src/mentorpact_"$version"_* "$out"/src/mentorpact-dbgsym_* \
	"$out"/ 2>/dev/null || true
ls "$out"/mentorpact_"$version"_*.deb >/dev/null
echo "deb.sh: built $(cd "$out" && ls mentorpact_*.deb) in $out" >&2
cd "$top"
