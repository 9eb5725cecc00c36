# agreements.sh - making, changing, signing, reviewing, ending and
# re-contracting an agreement through the real binary, with each command's
# exit codes.
. "$SRCDIR/tests/lib.sh"
S=$T/a.mpact
echo 'correct horse battery staple' >"$T/pw"
echo 'the mentor signs with this' >"$T/mentor"
echo 'the mentee signs with that' >"$T/mentee"
export MENTORPACT_STORE=$S MENTORPACT_PASSPHRASE_FILE=$T/pw
run init --kdf interactive
expect_rc 0 "init"

run new
expect_rc 2 "new without a scheme"
run new --scheme no-such-scheme
expect_rc 4 "an unknown scheme"
expect_err "there is no scheme 'no-such-scheme'"

# A new draft holds the scheme's defaults.
run new --scheme nhs-reciprocal
expect_rc 0 "new"
ID=$(cat "$T/out")
run show "$ID"
expect_rc 0 "show"
expect_out "Status: draft"
expect_out "Before it can be signed:"
run sign "$ID" --as mentor --name "Anyone" --signing-passphrase-file "$T/mentor"
expect_rc 13 "signing a draft"
expect_err "is not ready to sign"

# Answers are checked and normalised; bad ones name the field and rule.
run set "$ID" mentor.name "Siobhán O’Neill"
expect_rc 0 "set a name"
run set "$ID" mentee.name "Tomasz Nowak"
expect_rc 0 "set a name"
run set "$ID" no_such_field "x"
expect_rc 4 "an unknown field"
run set "$ID" notice_days "soon"
[ "$rc" -eq 12 ] || [ "$rc" -eq 4 ] || fail "a bad value: exit $rc"
# A refused command changes nothing: unlike the terminal UI, which keeps
# what was typed, set keeps no refused text (it is still in the shell).
run set "$ID" mentor.email "siobhan at example"
expect_rc 12 "a bad email address"
run show "$ID"
grep -q "not accepted" "$T/out" && fail "set kept a refused answer"
run set "$ID"
expect_rc 2 "set without a value"
run show nope
expect_rc 4 "an id that is not one"

# Fill it from the example answers instead, confirmed by both.
$MP templates example nhs-reciprocal >"$T/answers.yaml"
run new --scheme nhs-reciprocal --answers "$T/answers.yaml"
expect_rc 0 "new with answers"
ID=$(cat "$T/out")
run show "$ID"
expect_out "Status: ready"
MENTOR=$(grep '^Mentor: ' "$T/out" | sed 's/^Mentor: //; s/,.*//')
MENTEE=$(grep '^Mentee: ' "$T/out" | sed 's/^Mentee: //; s/,.*//')

# Confirmations: withdrawing one makes it a draft again.
SEC=$(grep -o '\[[a-z_-]*\]' "$T/out" | head -1 | tr -d '[]')
run confirm "$ID" "$SEC" --as mentor --withdraw
expect_rc 0 "withdraw a confirmation"
expect_out "$ID: draft"
run confirm "$ID" "$SEC" --as mentor
expect_out "$ID: ready"
run confirm "$ID" no-such-section --as mentor
expect_rc 4 "an unknown section"
run confirm "$ID" "$SEC" --as nobody
expect_rc 2 "an unknown role"

# Signing: the typed name must match; the passphrase is the signer's own.
run sign "$ID" --as mentor --name "Someone Else" --signing-passphrase-file "$T/mentor"
expect_rc 12 "a name that does not match"
run sign "$ID" --as mentor --name "$MENTOR" --signing-passphrase-file "$T/mentor"
expect_rc 0 "the mentor signs"
expect_out "waiting for the other signature"
run sign "$ID" --as mentor --name "$MENTOR" --signing-passphrase-file "$T/mentor"
expect_rc 13 "signing twice"
# The mentee's first signature makes the mentee's key; the mentor's
# passphrase cannot then sign as the mentor elsewhere.
run sign "$ID" --as mentee --name "$MENTEE" --signing-passphrase-file "$T/mentee"
expect_rc 0 "the mentee signs"
expect_out "signed by both: the agreement is active"
run set "$ID" mentor.name "Someone Else"
expect_rc 13 "changing an active agreement"
expect_err "can never change"

# A second agreement between the same people: a wrong signing
# passphrase for an existing key fails cleanly.
run new --scheme nhs-reciprocal --answers "$T/answers.yaml"
ID2=$(cat "$T/out")
run sign "$ID2" --as mentor --name "$MENTOR" --signing-passphrase-file "$T/mentee"
expect_rc 3 "the wrong signing passphrase"
expect_err "wrong signing passphrase"

# Reviews, ending, re-contracting.
run review "$ID" --date 2001-01-01
expect_rc 12 "a review before the start"
run review "$ID" --note "Goals on track."
expect_rc 0 "review"
expect_out "review recorded; next review due"
run recontract "$ID"
expect_rc 0 "recontract"
expect_out "version 2 made from version 1"
run recontract "$ID"
expect_rc 13 "re-contracting the new draft"
run show "$ID"
expect_out "version 2"
run end "$ID2"
expect_rc 13 "ending a draft"
expect_err "only an active agreement"
run audit "$ID"
expect_rc 0 "audit"
expect_out "signed"
expect_out "reviewed"
expect_out "re-contracted"
expect_out "hash chain is intact"
grep -q "$MENTOR" "$T/out" && fail "the audit trail shows a name"
echo "agreement commands: ok"
