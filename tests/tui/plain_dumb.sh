# plain_dumb.sh - on a terminal that says TERM=dumb, starting mentorpact
# with no command gives the plain conversation, not the full screen: the
# first run (passphrase typed twice, not shown), a new agreement's first
# answers, then leaving; every answer read back through the CLI.
TUI_TERM=dumb
. "$SRCDIR/tests/tui/lib"

start --store "$T/store.mpact"
wait_for "How hard should guessing the passphrase be?"
typein 2
keys Enter
wait_for "Type a new passphrase for the store (it is not shown):"
typein 'correct horse battery staple'
keys Enter
wait_for "Repeat it:"
typein 'correct horse battery staple'
keys Enter
wait_for "What would you like to do? Type 1, 2 or 3."
expect_no_screen "correct horse"
typein 1
keys Enter
wait_for "Which scheme is the agreement for?"
typein emmp
keys Enter
wait_for "Question 1 of 6: The mentor's full name."
expect_screen "No answer yet."
typein 'Ada Lovelace'
keys Enter
wait_for "Saved: Ada Lovelace."
wait_for "Question 2 of 6: The mentor's email address."
typein 'help'
keys Enter
wait_for "You can type these commands instead of an answer"
typein 'back'
keys Enter
wait_for "Current answer: Ada Lovelace."
keys Enter
wait_for "Question 2 of 6"
typein 'ada@example.org'
keys Enter
wait_for "Saved: ada@example.org."
typein quit
keys Enter
wait_for "What would you like to do?"
typein 3
keys Enter
wait_exit
[ "$tui_rc" -eq 0 ] || fail "the plain mode ended with $tui_rc"
run --store "$T/store.mpact" --passphrase-file "$PW" list --format json
expect_rc 0 "list"
expect_out '"mentor": "Ada Lovelace", "mentor_email": "ada@example.org"'
