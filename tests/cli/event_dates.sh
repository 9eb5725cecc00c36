# event_dates.sh - review and end dates (issue 11, point 8): a year out of
# range names the range allowed; a date in the future is refused.
. "$SRCDIR/tests/lib.sh"
export MENTORPACT_TEMPLATE_PATH="$SRCDIR/templates"
export MENTORPACT_STORE=$T/a.mpact MENTORPACT_PASSPHRASE_FILE=$T/pw
echo 'correct horse battery staple' >"$T/pw"
echo 'the mentor signs with this' >"$T/mentor-pw"
echo 'the mentee signs with that' >"$T/mentee-pw"
run init --kdf interactive
$MP templates example nhs-reciprocal >"$T/answers.yaml"
run new --scheme nhs-reciprocal --answers "$T/answers.yaml"
expect_rc 0 "new"
ID=$(cat "$T/out")
run show "$ID"
MENTOR=$(grep '^Mentor: ' "$T/out" | sed 's/^Mentor: //; s/,.*//')
MENTEE=$(grep '^Mentee: ' "$T/out" | sed 's/^Mentee: //; s/,.*//')
run sign "$ID" --as mentor --name "$MENTOR" --signing-passphrase-file "$T/mentor-pw"
run sign "$ID" --as mentee --name "$MENTEE" --signing-passphrase-file "$T/mentee-pw"
expect_rc 0 "both signed"

run end "$ID" --date 3000-01-01
expect_rc 12 "an end in 3000"
expect_err "between 1900-01-01 and 2999-12-31"
run review "$ID" --date 1899-12-31
expect_rc 12 "a review in 1899"
expect_err "'1899-12-31' is not a date between 1900-01-01 and 2999-12-31"
run show "$ID"
expect_out "Status: active"
# An end or a review is recorded once it happened: tomorrow is refused,
# naming the date and today, and nothing is recorded.
TOMORROW=$(date -d tomorrow +%Y-%m-%d)
run end "$ID" --date "$TOMORROW"
expect_rc 12 "an end tomorrow"
expect_err "the end date $TOMORROW is in the future"
run review "$ID" --date "$TOMORROW"
expect_rc 12 "a review tomorrow"
expect_err "the review date $TOMORROW is in the future"
run list --format json
grep -q '"status": *"active"' "$T/out" || fail "the end tomorrow was recorded"
run show "$ID"
expect_out "Status: active"
grep -q "$TOMORROW" "$T/out" && fail "a date in the future was recorded"
run review "$ID" --date "$(date +%Y-%m-%d)"
expect_rc 0 "a review today"
echo "event dates: ok"
