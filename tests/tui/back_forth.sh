# back_forth.sh - going back and forth keeps every answer, typed or
# chosen; the section list jumps anywhere; leaving half way keeps the
# draft, which is listed by names and scheme and carries on where it was.
. "$SRCDIR/tests/tui/lib"

make_store
start
unlock
new_agreement 5
field 'Ada Lovelace'
field 'Grace Hopper'
section 1 10 "Mentoring agreement"
confirm_section
section 2 10 "Confidentiality"
typein 'Only with both our consent.'
section 3 10 "Frequency and Location of Meetings"
keys Tab Tab Space
wait_for "How the meetings will take place"
keys Down Down Enter
wait_for "< telephone >"
section 4 10 "Communication"
typein 'A reply within a week'
# Back twice and forward twice: everything is still there.
keys C-p
wait_for "Section 3 of 10"
expect_screen "< telephone >"
keys F3
wait_for "Section 2 of 10"
expect_screen "Only with both our consent."
keys F2
wait_for "Section 3 of 10"
keys C-n
wait_for "Section 4 of 10"
expect_screen "A reply within a week"
# Back from the first section: the parties.
keys C-l
wait_for "Go to a section"
keys Up Up Up Enter
wait_for "Section 1 of 10: Mentoring agreement"
expect_screen "Mentor agrees [x]     Mentee agrees [x]"
keys C-p
wait_for "The parties: who the agreement is between"
expect_screen "Grace Hopper"
# The section list jumps, and shows each section's state.
keys C-l
wait_for " 1. Mentoring agreement  (agreed)"
expect_screen " 9. Mentee goals  (answers needed)"
for _ in 1 2 3 4 5 6 7 8; do keys Down; done
keys Enter
wait_for "Section 9 of 10: Mentee goals"
typein 'First goal'
keys C-a
typein 'Second goal'
# Leave half way: the home screen lists the draft by names and scheme.
leave_and_quit "Continue: Ada Lovelace and Grace Hopper, University Mentoring Pilot (draft"
show_draft
expect_out "communication_between_meetings (long text): A reply within a week"
expect_out "confidentiality_exceptions (long text): Only with both our consent."
expect_out "meeting_format (choice, required): telephone"
expect_out "mentee_goals (list, required): First goal"

# Continue: back where they left off, answers in place.
start
unlock
keys Down Enter
wait_for "Section 2 of 10: Confidentiality"
expect_screen "Only with both our consent."
keys C-n
wait_for "< telephone >"
leave_and_quit
