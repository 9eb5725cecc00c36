# review_goes_there.sh - the review's "Enter goes there" puts the focus on
# the answer that is missing, not on its section's first answer (issue 12).
. "$SRCDIR/tests/tui/lib"

make_store
run --passphrase-file "$PW" new --scheme university-pilot
expect_rc 0 "new"
id=$(cat "$T/out")
run --passphrase-file "$PW" set "$id" mentor.name "Ada Byron"
run --passphrase-file "$PW" set "$id" mentee.name "Ana Lima"
start --passphrase-file "$PW"
wait_for "What would you like to do?"
keys Down Enter
wait_for "Section "
keys C-r
wait_for "1. Frequency and Location of Meetings: 'How the meetings will take place' is not answered"
keys Enter
wait_for "Section 3 of 10"
# The focus is on the choice: Right picks its first answer.
keys Right
wait_for "< online >"
leave_and_quit
run --passphrase-file "$PW" show "$id"
expect_out "meeting_format (choice, required): online"
expect_out "min_meetings (number, required): 3"

