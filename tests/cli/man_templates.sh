# man_templates.sh - mentorpact-templates(5) is in step with
# doc/templates.md: the page in the tree is exactly what mk/md2man.py
# writes from the guide, groff reads it without a warning, and every part
# of the guide is a section of the page.
. "$SRCDIR/tests/lib.sh"
page=$SRCDIR/doc/mentorpact-templates.5
guide=$SRCDIR/doc/templates.md

python3 "$SRCDIR/mk/md2man.py" "$guide" >"$T/page.5" ||
	fail "mk/md2man.py failed"
cmp -s "$T/page.5" "$page" || {
	diff -u "$page" "$T/page.5" | head -n 40 >&2
	fail "doc/mentorpact-templates.5 is out of step with doc/templates.md: run 'make man'"
}

groff -k -man -Tutf8 -ww -z "$page" 2>"$T/err" || fail "groff failed"
[ ! -s "$T/err" ] || fail "groff warns about the page"

MANWIDTH=80 man -l "$page" >"$T/out" 2>"$T/err" || fail "man -l failed"
expect_out "MENTORPACT-TEMPLATES(5)"
expect_out "mentorpact-templates - scheme templates"
sed -n 's/^## //p' "$guide" | grep -v '^Contents$' >"$T/parts"
[ "$(wc -l <"$T/parts")" -ge 10 ] || fail "the guide's parts were not found"
while IFS= read -r part; do
	up=$(printf '%s\n' "$part" | tr '[:lower:]' '[:upper:]')
	grep -qxF "       $up" "$T/out" || grep -qxF "$up" "$T/out" ||
		fail "the page lacks the guide's part '$part'"
done <"$T/parts"
# Every key of the guide's tables is a tag of the page.
sed -n 's/^| `\([a-z_/]*\)` |.*/\1/p' "$guide" | sort -u >"$T/keys"
[ "$(wc -l <"$T/keys")" -ge 20 ] || fail "the guide's keys were not found"
while IFS= read -r key; do
	grep -qx "       $key.*" "$T/out" || fail "the page lacks the key '$key'"
done <"$T/keys"
