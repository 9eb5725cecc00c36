# sighup.sh - a hang-up (a closed terminal) while typing keeps the draft,
# with the answer being typed saved, and the program ends cleanly; the
# same for SIGTERM.
. "$SRCDIR/tests/tui/lib"

make_store
start
unlock
new_agreement 2
field 'Ada Lovelace'
field 'ada@example.org'
typein '0115 496 00'
wait_for "0115 496 00"
kill -HUP "$(tui_pid)"
wait_exit
grep -q 'Sanitizer\|runtime error' "$T/stderr" && fail "sanitizer report"
list_drafts
expect_out '"Ada Lovelace"'
run --passphrase-file "$PW" show "$id"
expect_out "Mentor: Ada Lovelace, ada@example.org, 0115 496 00"

# Continue the draft and go to its second section.
to_commitments() {
	start
	unlock
	keys Down Enter
	wait_for "Section 1 of 4"
	keys C-n
	wait_for "Section 2 of 4: Commitments"
}

# SIGTERM in a section, half way through a long text.
to_commitments
keys Tab Tab Tab
typein 'We meet in the library'
wait_for "We meet in the library"
kill -TERM "$(tui_pid)"
wait_exit
run --passphrase-file "$PW" show "$id"
expect_out "session_structure (long text): We meet in the library"

# An answer refused (marked ✗) when the terminal is lost: what was typed
# is kept, and comes back marked ✗ with the reason when the draft is
# continued; the review lists it; correcting it drops it.
to_commitments
keys Tab
typein 'every blue moon, Zoë’s 中文 way'
keys Tab
wait_for "✗ must be a frequency"
kill -HUP "$(tui_pid)"
wait_exit
run --passphrase-file "$PW" show "$id"
expect_out "meeting_frequency (frequency, required): -"
expect_out "typed but not accepted: every blue moon, Zoë’s 中文 way"
expect_out "'How often we will meet' was not accepted: must be a frequency"
start
unlock
keys Down Enter
# Straight to the answer still refused, as it was typed.
wait_for "Section 2 of 4: Commitments"
wait_for "every blue moon, Zoë’s 中文 way"
expect_screen "How often we will meet (both) *   ✗ must be a frequency"
keys C-r
wait_for "'How often we will meet' was not accepted"
keys s
wait_for "Not ready to sign yet"
# The fourth thing listed; its number goes to it.
wait_for "4. Commitments: 'How often we will meet' was not accepted"
keys 4
wait_for "Section 2 of 4: Commitments"
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 \
	25 26 27 28 29 30; do
	keys BSpace
done
typein 'once a month'
keys Tab
wait_gone "✗"
leave_and_quit
run --passphrase-file "$PW" show "$id"
expect_out "meeting_frequency (frequency, required): once a month"
grep -q "not accepted" "$T/out" && fail "the refused text stayed"
true
