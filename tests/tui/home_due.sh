# home_due.sh - the home screen counts what is due by today: meetings
# agreed in the session log, forms not yet submitted, reviews; nothing is
# shown while nothing is due, and the counts follow the log's changes.
. "$SRCDIR/tests/tui/lib"
echo 'the mentor signs with this' >"$T/mentor"
echo 'the mentee signs with that' >"$T/mentee"
mp() {
	who=$1
	shift
	run --passphrase-file "$PW" --signing-passphrase-file "$T/$who" "$@"
}

make_store
# An active agreement of a scheme ($1); its id in $ID.
active() {
	run templates example "$1"
	cp "$T/out" "$T/answers.yaml"
	run --passphrase-file "$PW" new --scheme "$1" --answers "$T/answers.yaml"
	expect_rc 0 "new $1"
	ID=$(cat "$T/out")
	run --passphrase-file "$PW" show "$ID"
	mentor=$(grep '^Mentor: ' "$T/out" | sed 's/^Mentor: //; s/,.*//')
	mentee=$(grep '^Mentee: ' "$T/out" | sed 's/^Mentee: //; s/,.*//')
	mp mentor sign "$ID" --as mentor --name "$mentor"
	expect_rc 0 "the mentor signs"
	mp mentee sign "$ID" --as mentee --name "$mentee"
	expect_rc 0 "the mentee signs"
}
active nhs-reciprocal
NHS=$ID
active bsw-hub
BSW=$ID

# Signed today: the first forms and reviews fall due later.
start
unlock
expect_no_screen "Due by today"
keys q
wait_exit

HELD=$(date -d '-10 days' +%Y-%m-%d)
NEXT=$(date -d '-3 days' +%Y-%m-%d)
LATER=$(date -d '+20 days' +%Y-%m-%d)
# A meeting agreed for three days ago; a session whose feedback (due 7
# days after it) nobody has submitted.
mp mentor session add "$NHS" --as mentor --date "$HELD" --next "$NEXT"
expect_rc 0 "a session with a next meeting past"
mp mentee session add "$BSW" --as mentee --date "$HELD" --minutes 50
expect_rc 0 "a session whose feedback is due"
start
unlock
wait_for "Due by today: 1 meeting, 1 form, 0 reviews"
keys q
wait_exit

# The next meeting moved on: one meeting fewer; the BSW session withdrawn:
# its feedback is no longer due.
mp mentor session edit "$NHS" 1 --as mentor --next "$LATER"
expect_rc 0 "the next meeting moved"
mp mentee session withdraw "$BSW" 1 --as mentee
expect_rc 0 "the session withdrawn"
run --passphrase-file "$PW" session list "$NHS" --format json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["sessions"][0]["next"]==sys.argv[2], d' "$T/out" "$LATER" ||
	fail "the next meeting was not moved"
start
unlock
expect_no_screen "Due by today"
keys q
wait_exit
