# diff_lines.sh - a changed text says which lines differ where it can
# (issue 13, point 2): verify --store with the signed original in the
# store lists the changed line by its number, "-" the signed line and "+"
# the received one; without a store to compare with it says plainly that
# it cannot tell which lines.
. "$SRCDIR/tests/lib.sh"
export MENTORPACT_TEMPLATE_PATH="$SRCDIR/templates"
A=$T/a.mpact # where the parties sign
B=$T/b.mpact # the programme lead's store, the original imported
echo 'correct horse battery staple' >"$T/pw"
echo 'Quartz lantern drifts over seventeen marshes' >"$T/priya-pw"
echo 'Violet otters juggle brass compasses nightly' >"$T/daniel-pw"
cd "$T"
in_a() { run --store "$A" --passphrase-file "$T/pw" "$@"; }
in_b() { run --store "$B" --passphrase-file "$T/pw" "$@"; }

in_a init --kdf interactive
expect_rc 0 "init a"
in_b init --kdf interactive
expect_rc 0 "init b"
run templates example emmp
cp "$T/out" "$T/emmp.yaml"
in_a new --scheme emmp --answers "$T/emmp.yaml"
expect_rc 0 "new emmp"
id=$(grep -Eo '^[0-9A-Z]{4}-[0-9A-Z]{4}$' "$T/out" | head -n 1)
run --store "$A" --passphrase-file "$T/pw" \
	--signing-passphrase-file "$T/priya-pw" sign "$id" --as mentor \
	--name "Priya Shah"
expect_rc 0 "sign as mentor"
run --store "$A" --passphrase-file "$T/pw" \
	--signing-passphrase-file "$T/daniel-pw" sign "$id" --as mentee \
	--name "Daniel Okafor"
expect_rc 0 "sign as mentee"
in_a export "$id" -o "$T/orig.txt"
expect_rc 0 "export"
in_b import "$T/orig.txt"
expect_rc 0 "import the original"

# One word changed in line N of a copy: "mentee" -> "Mentee" in the
# first line after the header that holds it.
n=$(awk 'NR > 12 && /mentee/ { print NR; exit }' "$T/orig.txt")
[ -n "$n" ] || fail "no line with 'mentee' to change"
awk -v n="$n" 'NR == n { sub(/mentee/, "Mentee") } { print }' \
	"$T/orig.txt" >"$T/changed.txt"
old=$(sed -n "${n}p" "$T/orig.txt")
new=$(sed -n "${n}p" "$T/changed.txt")
[ "$old" != "$new" ] || fail "the copy was not changed"

in_b verify "$T/changed.txt"
expect_rc 15 "verify the changed copy with the store"
expect_out "the text was changed after it was signed"
expect_out "Lines that differ from the store's copy of agreement $id version 1"
expect_out "  line $n - $old"
expect_out "  line $n + $new"
lines=$(grep -c '^  line ' "$T/out")
[ "$lines" -eq 2 ] || fail "expected 2 differing lines listed, got $lines"

# A whole line added after line N: listed as one "+" line, nothing "-".
awk -v n="$n" '{ print } NR == n { print "and the mentor pays for lunch" }' \
	"$T/orig.txt" >"$T/added.txt"
in_b verify "$T/added.txt"
expect_rc 15 "verify a copy with a line added"
expect_out "  line $((n + 1)) + and the mentor pays for lunch"
lines=$(grep -c '^  line ' "$T/out")
[ "$lines" -eq 1 ] || fail "expected 1 differing line listed, got $lines"

# Twelve lines changed: ten are listed (the signed ones first), and the
# rest counted.
awk -v n="$n" 'NR >= n && NR < n + 12 { $0 = $0 " X" } { print }' \
	"$T/orig.txt" >"$T/many.txt"
in_b verify "$T/many.txt"
expect_rc 15 "verify a copy with twelve lines changed"
expect_out "  line $n - $old"
expect_out "  line $((n + 9)) - "
expect_out "  ... and 14 more lines"
lines=$(grep -c '^  line ' "$T/out")
[ "$lines" -eq 10 ] || fail "expected 10 differing lines listed, got $lines"

# Without a store to compare with: it says it cannot tell which lines.
run verify "$T/changed.txt"
expect_rc 15 "verify the changed copy without a store"
expect_out "the text was changed after it was signed"
expect_out "Which lines were changed cannot be told from the signatures"
if grep -q '^  line ' "$T/out"; then fail "lines listed without a store"; fi

# A store that does not hold that agreement cannot tell either, and says why.
C=$T/c.mpact
run --store "$C" --passphrase-file "$T/pw" init --kdf interactive
expect_rc 0 "init c"
run --store "$C" --passphrase-file "$T/pw" verify "$T/changed.txt"
expect_rc 15 "verify with a store that lacks it"
expect_out "Which lines were changed cannot be told: the store has no signed copy"
if grep -q '^  line ' "$T/out"; then fail "lines listed from the wrong store"; fi

# The original still verifies with the same store (nothing listed).
in_b verify "$T/orig.txt"
expect_rc 0 "verify the original"
if grep -q 'Lines that differ' "$T/out"; then fail "a diff for an intact text"; fi
true
