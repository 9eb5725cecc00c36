# home_due.sh - the home screen counts what is due by today: meetings
# agreed in the session log, forms not yet submitted, reviews; nothing is
# shown while nothing is due, and the counts follow the log's changes.
. "$SRCDIR/tests/tui/lib"
make_store
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
as_party mentor session add "$NHS" --as mentor --date "$HELD" --next "$NEXT"
expect_rc 0 "a session with a next meeting past"
as_party mentee session add "$BSW" --as mentee --date "$HELD" --minutes 50
expect_rc 0 "a session whose feedback is due"
start
unlock
wait_for "Due by today: 1 meeting, 1 form, 0 reviews"
keys q
wait_exit

# The next meeting moved on: one meeting fewer; the BSW session withdrawn:
# its feedback is no longer due.
as_party mentor session edit "$NHS" 1 --as mentor --next "$LATER"
expect_rc 0 "the next meeting moved"
as_party mentee session withdraw "$BSW" 1 --as mentee
expect_rc 0 "the session withdrawn"
run --passphrase-file "$PW" session list "$NHS" --format json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["sessions"][0]["next"]==sys.argv[2], d' "$T/out" "$LATER" ||
	fail "the next meeting was not moved"
start
unlock
expect_no_screen "Due by today"
keys q
wait_exit
