# notes.sh - private notes on the screens: the mentor of a BSW pair (the
# mentee said yes to notes) opens theirs with their own signing
# passphrase (the mentee's is refused), writes two notes of several
# lines, changes one and deletes the other, and exports them for their
# CPD portfolio; the command line, with the mentor's passphrase, reads
# back exactly what was kept, and no word of it is in the store's file.  Where the mentee said no, the screen says
# the mentor keeps no notes and asks no passphrase.
. "$SRCDIR/tests/tui/lib"

make_store
active bsw-hub
YES=$ID

# A second pair, whose mentee does not agree to notes.
run templates example bsw-hub
sed 's/notes_agreed: yes/notes_agreed: no/' "$T/out" >"$T/no.yaml"
grep -q 'notes_agreed: no' "$T/no.yaml" || fail "no consent field to change"
run --passphrase-file "$PW" new --scheme bsw-hub --answers "$T/no.yaml"
expect_rc 0 "new bsw-hub without consent"
NO=$(cat "$T/out")
as_party mentor sign "$NO" --as mentor --name "$MENTOR"
expect_rc 0 "the mentor signs"
as_party mentee sign "$NO" --as mentee --name "$MENTEE"
expect_rc 0 "the mentee signs"

# Continue agreement $1 (by its place among the pair's two rows: 1 or 2,
# the newest first) to its notes, as the mentor.
to_notes() {
	wait_for "What would you like to do?"
	keys Home Down
	[ "$1" = 1 ] || keys Down
	keys Enter
	wait_for "Signed by both: the relationship's records"
	keys n
	wait_for "Whose notes?"
	keys Enter
}

start
unlock
to_notes 2 # the first pair: consent given
wait_for "The mentor's signing passphrase:"
typein "$(cat "$T/mentee")"
keys Enter
wait_for "wrong signing passphrase for the mentor" 60
wait_for "The mentor's signing passphrase:"
typein "$(cat "$T/mentor")"
keys Enter
wait_for "Write a new note" 60
keys Enter
wait_for "A new note"
typein 'Mentee keen on leadership'
keys Enter
typein 'Ask about the secondment next time'
keys C-r
wait_for "Note 1 kept, sealed for the mentor."
wait_for "Mentee keen on leadership"
keys Home Enter
wait_for "A new note"
typein 'A second thought, to delete'
keys C-s
wait_for "Note 2 kept, sealed for the mentor."
# Change note 1: empty it and type it again.
keys Home Down Enter
wait_for "Changing a note"
expect_screen "Ask about the secondment next time"
keys C-u
typein 'Mentee keen on leadership'
keys Enter
typein 'Secondment: ask in March'
keys C-r
wait_for "Note 1 changed, sealed for the mentor."
# Delete note 2.
keys Home Down Down d
wait_for "Delete note 2 for good?"
keys y
wait_for "Note 2 deleted."
expect_no_screen "A second thought"
# The CPD export: a new file, 0600, with the notes opened; never over a
# file that exists.
keys x
wait_for "Save it as: cpd-$YES-mentor.txt"
keys Enter
wait_for "Wrote cpd-$YES-mentor.txt"
cpd=$T/cpd-$YES-mentor.txt
[ "$(stat -c %a "$cpd")" = 600 ] || fail "the CPD export is not 0600"
grep -q "Secondment: ask in March" "$cpd" || fail "the export lacks the note"
! grep -q "A second thought" "$cpd" || fail "the export has a deleted note"
keys x
wait_for "Save it as: cpd-$YES-mentor.txt"
keys Enter
wait_for "cpd-$YES-mentor.txt exists: choose a new name"
keys Escape
wait_for "Signed by both: the relationship's records"
keys Escape
to_notes 1 # the second pair: the mentee said no
wait_for "the mentor keeps notes only when the mentee agreed to it"
expect_screen "Signed by both: the relationship's records"
expect_no_screen "signing passphrase:"
keys Escape
wait_for "What would you like to do?"
keys q
wait_exit
[ "$tui_rc" = 0 ] || fail "the terminal UI ended with '$tui_rc'"

as_party mentor notes list "$YES" --as mentor
expect_rc 0 "the mentor's notes, read with their passphrase"
expect_out "Mentee keen on leadership"
expect_out "Secondment: ask in March"
grep -q "Ask about the secondment" "$T/out" && fail "the change was not kept"
grep -q "A second thought" "$T/out" && fail "the deleted note is still there"
as_party mentee notes list "$YES" --as mentor
[ "$rc" -ne 0 ] || fail "the mentee's passphrase opened the mentor's notes"
for f in $(find "$T/data" -type f); do
	! grep -q "Secondment" "$f" || fail "a note's words are in $f"
done
