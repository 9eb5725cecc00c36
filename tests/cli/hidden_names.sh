# hidden_names.sh - invisible format characters in names (issue 11, point
# 8): a name holding a bidirectional override or another Cf character is
# refused, naming the character; ZWJ and ZWNJ (Persian, Indic names) are
# kept; stored values holding them print as <U+XXXX> in show, CSV and
# subject-export, and as \u escapes in JSON.
. "$SRCDIR/tests/lib.sh"
export MENTORPACT_TEMPLATE_PATH="$SRCDIR/templates"
export MENTORPACT_STORE=$T/a.mpact MENTORPACT_PASSPHRASE_FILE=$T/pw
echo 'correct horse battery staple' >"$T/pw"
run init --kdf interactive
$MP templates example nhs-reciprocal >"$T/answers.yaml"
RLO=$(printf '\342\200\256')   # U+202E RIGHT-TO-LEFT OVERRIDE
ZWSP=$(printf '\342\200\213')  # U+200B ZERO WIDTH SPACE
LRI=$(printf '\342\201\246')   # U+2066 LEFT-TO-RIGHT ISOLATE
BOM=$(printf '\357\273\277')   # U+FEFF
ZWNJ=$(printf '\342\200\214')  # U+200C ZERO WIDTH NON-JOINER

# new --answers: the mentee's name with an override is refused.
sed "s/^  name: Daniel Okafor/  name: Daniel ${RLO}rofakO/" \
	"$T/answers.yaml" >"$T/rlo.yaml"
cmp -s "$T/answers.yaml" "$T/rlo.yaml" && fail "the test did not change the name"
run new --scheme nhs-reciprocal --answers "$T/rlo.yaml"
expect_rc 12 "new with U+202E in a name"
expect_err "U+202E RIGHT-TO-LEFT OVERRIDE"
expect_err "type the name again without it"
run list --format json
grep -q '"id"' "$T/out" && fail "a refused name made an agreement"

# A Persian name with ZWNJ is a name.
sed "s/^  name: Daniel Okafor/  name: Mehr${ZWNJ}ane Ahmadi/" \
	"$T/answers.yaml" >"$T/zwnj.yaml"
run new --scheme nhs-reciprocal --answers "$T/zwnj.yaml"
expect_rc 0 "new with ZWNJ in a name"
ID=$(cat "$T/out")
run list --format json
grep -q "Mehr${ZWNJ}ane Ahmadi" "$T/out" || fail "ZWNJ was not kept in the name"

# set: each hidden character is refused in a name, by name.
for c in "$RLO:U+202E RIGHT-TO-LEFT OVERRIDE" "$ZWSP:U+200B ZERO WIDTH SPACE" \
	"$LRI:U+2066 LEFT-TO-RIGHT ISOLATE" "$BOM:U+FEFF"; do
	ch=${c%%:*} what=${c#*:}
	run set "$ID" mentor.name "Priya${ch} Shah"
	expect_rc 12 "set mentor.name with $what"
	expect_err "Mentor's name"
	expect_err "contains $what"
done
run show "$ID"
expect_out "Mentor: Priya Shah"

# Stored values that may hold them (an organisation, an email address)
# print them visibly.
run set "$ID" mentor.organisation "Acme ${RLO}gnidloH"
expect_rc 0 "an organisation keeps what it is given"
run set "$ID" mentor.email "priya${RLO}@example.org"
expect_rc 0 "set mentor.email"
run show "$ID"
expect_out "Acme <U+202E>gnidloH"
grep -q "$RLO" "$T/out" && fail "show printed U+202E raw"
run list --format csv
expect_out "priya<U+202E>@example.org"
grep -q "$RLO" "$T/out" && fail "CSV printed U+202E raw"
run list --format json
expect_out 'priya\u202e@example.org'
grep -q "$RLO" "$T/out" && fail "JSON printed U+202E raw"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r[0]["mentor_email"] == "priya\u202e@example.org", r' "$T/out" ||
	fail "JSON does not read back the stored email"
run list
grep -q "$RLO" "$T/out" && fail "the table printed U+202E raw"
run subject-export "priya${RLO}@example.org"
expect_rc 0 "subject-export"
cat "$T/out" "$T"/*.txt 2>/dev/null | grep -q "$RLO" && fail "subject-export wrote U+202E raw"
echo "hidden names: ok"
