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

# SIGTERM in a section, half way through a long text.
start
unlock
keys Down Enter
wait_for "Section 1 of 4"
keys C-n
wait_for "Section 2 of 4: Commitments"
keys Tab Tab Tab
typein 'We meet in the library'
wait_for "We meet in the library"
kill -TERM "$(tui_pid)"
wait_exit
run --passphrase-file "$PW" show "$id"
expect_out "session_structure (long text): We meet in the library"
