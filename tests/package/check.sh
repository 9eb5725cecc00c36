#!/bin/sh
# check.sh - check the Debian package that `make deb` built (make
# package-check; CI runs it after make check).
#
# usage: tests/package/check.sh OUT   (OUT: build/deb)
#
# The package's files and its dependencies (from the libraries it links);
# then it is installed with dpkg into a clean, throwaway root, which gets
# the libraries it links (and nothing else) so that the program runs
# there through chroot: --version, templates list (the installed
# templates), a store made and an agreement started, the plain mode; its
# man pages and completion are used from that root; and lintian must
# report no error (its whole report is kept in OUT/lintian.txt).
set -eu
out=${1:?usage: tests/package/check.sh OUT}
deb=$(ls "$out"/mentorpact_*.deb)
changes=$(ls "$out"/mentorpact_*.changes)
mkdir -p "$out"
root=$(cd "$out" && pwd)/root
chroot=$(command -v chroot || echo /usr/sbin/chroot)

fail() {
	echo "FAIL: $*" >&2
	exit 1
}
ok() {
	echo "ok    $*"
}

# --- what the package holds ------------------------------------------------------
dpkg-deb -c "$deb" | awk '{ print $6 }' >"$out/contents"
for f in ./usr/bin/mentorpact \
	./usr/share/man/man1/mentorpact.1.gz \
	./usr/share/man/man5/mentorpact-templates.5.gz \
	./usr/share/bash-completion/completions/mentorpact \
	./usr/share/doc/mentorpact/copyright; do
	grep -qxF "$f" "$out/contents" || fail "the package lacks $f"
done
for t in templates/*.yaml; do
	grep -qxF "./usr/share/mentorpact/$t" "$out/contents" ||
		fail "the package lacks the template $t"
done
ok "contents: the program, $(ls templates/*.yaml | wc -l) templates, two man pages, completion"

depends=$(dpkg-deb -f "$deb" Depends)
for lib in libc6 libncursesw6 libsodium23 libsqlite3-0 libyaml-0-2; do
	case " $depends," in
	*" $lib "* | *" $lib,"*) ;;
	*) fail "Depends lacks $lib: $depends" ;;
	esac
done
ok "Depends (from the linked libraries): $depends"

# --- installed into a throwaway root -------------------------------------------------
rm -rf "$root"
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" \
	"$root/tmp" "$root/dev"
: >"$root/var/lib/dpkg/status"
# The root's dpkg database knows none of the libraries; they are copied
# in below, so the dependency check is the one thing forced.
dpkg --root="$root" --log=/dev/null --force-depends -i "$deb" \
	>"$out/dpkg-install.log" 2>&1 || {
	cat "$out/dpkg-install.log" >&2
	fail "dpkg -i into $root failed"
}
dpkg --root="$root" -s mentorpact | grep -q '^Status: install ok installed' ||
	fail "dpkg does not list mentorpact as installed in $root"
ok "dpkg --root installs it"

# The libraries the program links, at the paths the loader looks in.
ldd "$root/usr/bin/mentorpact" | awk '/=> \// { print $3 } /^\t\// { print $1 }' |
	while read -r lib; do
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
for d in null urandom; do
	[ -e "$root/dev/$d" ] || cp -a "/dev/$d" "$root/dev/$d" 2>/dev/null ||
		true
done

inroot() {
	env -i HOME=/tmp PATH=/usr/bin LANG=C.UTF-8 TERM=dumb \
		"$chroot" "$root" /usr/bin/mentorpact "$@"
}
if inroot --version >"$out/run.out" 2>&1; then
	grep -qx "mentorpact $(dpkg-deb -f "$deb" Version)" "$out/run.out" ||
		fail "--version says $(cat "$out/run.out")"
	ok "in the root: $(cat "$out/run.out")"
	inroot templates list >"$out/run.out" 2>&1 ||
		fail "templates list failed: $(cat "$out/run.out")"
	for t in templates/*.yaml; do
		grep -q "/usr/share/mentorpact/$t\$" "$out/run.out" ||
			fail "templates list lacks /usr/share/mentorpact/$t"
	done
	ok "in the root: templates list finds the installed templates"
	echo 'correct horse battery staple' >"$root/tmp/pw"
	inroot --store /tmp/s.mpact --passphrase-file /tmp/pw init \
		--kdf interactive >"$out/run.out" 2>&1 &&
		inroot --store /tmp/s.mpact --passphrase-file /tmp/pw new \
			--scheme emmp >"$out/run.out" 2>&1 ||
		fail "a store and an agreement in the root: $(cat "$out/run.out")"
	id=$(cat "$out/run.out")
	printf '2\n1\nquit\n3\n' | inroot --store /tmp/s.mpact \
		--passphrase-file /tmp/pw >"$out/run.out" 2>&1 ||
		fail "the plain mode in the root: $(tail -n 5 "$out/run.out")"
	grep -qF "Agreement $id, version 1" "$out/run.out" ||
		fail "the plain mode did not open $id"
	ok "in the root: init, new, and the plain mode (TERM=dumb)"
else
	# No chroot here (a container without CAP_SYS_CHROOT): run the
	# installed binary against the same libraries in place.
	cat "$out/run.out" >&2
	echo "note: chroot is not allowed here; running $root/usr/bin/mentorpact in place" >&2
	"$root/usr/bin/mentorpact" --version | grep -qx "mentorpact .*" ||
		fail "--version failed"
	MENTORPACT_TEMPLATE_PATH=$root/usr/share/mentorpact/templates \
		"$root/usr/bin/mentorpact" templates list >"$out/run.out" ||
		fail "templates list failed"
	grep -q emmp "$out/run.out" || fail "templates list lacks emmp"
	ok "in place: --version and templates list"
fi

# --- man pages and completion from the root ------------------------------------------
page=$(MANPATH=$root/usr/share/man man -w 5 mentorpact-templates) ||
	fail "man 5 mentorpact-templates finds no page"
[ "$page" = "$root/usr/share/man/man5/mentorpact-templates.5.gz" ] ||
	fail "man found $page, not the installed page"
MANPATH=$root/usr/share/man MANWIDTH=80 man 5 mentorpact-templates \
	2>/dev/null | grep -q "WHERE TEMPLATES LIVE" ||
	fail "man 5 mentorpact-templates does not show the page"
MANPATH=$root/usr/share/man man -w 1 mentorpact >/dev/null ||
	fail "man 1 mentorpact finds no page"
ok "man 5 mentorpact-templates and man 1 mentorpact from the root"

PATH=$root/usr/bin:$PATH bash --norc --noprofile -c '
	. "$1/usr/share/bash-completion/completions/mentorpact"
	COMP_WORDS=(mentorpact templ); COMP_CWORD=1; _mentorpact
	[ "${COMPREPLY[*]}" = templates ]' bash "$root" ||
	fail "the installed completion does not complete 'templ'"
ok "the installed bash completion"

# --- lintian --------------------------------------------------------------------------
lintian_rc=0
lintian --fail-on error --display-info --pedantic "$changes" \
	>"$out/lintian.txt" 2>&1 || lintian_rc=$?
grep -v 'running with root privileges' "$out/lintian.txt" >&2 || true
[ "$lintian_rc" -eq 0 ] || fail "lintian reports errors (see $out/lintian.txt)"
if grep -q '^E:' "$out/lintian.txt"; then
	fail "lintian reports errors (see $out/lintian.txt)"
fi
ok "lintian: no errors; $(grep -c '^W:' "$out/lintian.txt" || true) warning(s), $(grep -c '^[IP]:' "$out/lintian.txt" || true) note(s) (in $out/lintian.txt)"
