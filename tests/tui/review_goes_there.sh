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


# A party detail: the mentee's email is missing.  Enter lands on that
# detail itself, not on the section's first answer (the mentor's name),
# and what is typed there is the mentee's email.
run --passphrase-file "$PW" new --scheme emmp
expect_rc 0 "new emmp"
id=$(cat "$T/out")
run --passphrase-file "$PW" set "$id" mentor.name "Ada Byron"
run --passphrase-file "$PW" set "$id" mentor.email "ada@example.org"
run --passphrase-file "$PW" set "$id" mentor.phone "+44 20 7946 0000"
run --passphrase-file "$PW" set "$id" mentee.name "Ana Lima"
run --passphrase-file "$PW" set "$id" mentee.phone "+44 20 7946 0001"
start --passphrase-file "$PW"
wait_for "What would you like to do?"
keys Down Enter
wait_for "Section "
keys C-r
wait_for "1. the mentee's email is not given"
keys Enter
wait_for "This agreement is between"
typein "ana.lima@example.org"
wait_for "ana.lima@example.org"
leave_and_quit
run --passphrase-file "$PW" show "$id"
expect_out "Mentor: Ada Byron, ada@example.org, +44 20 7946 0000"
expect_out "Mentee: Ana Lima, ana.lima@example.org, +44 20 7946 0001"
