# resize.sh - a resize while typing keeps what was typed and redraws; too
# small a terminal shows "please enlarge", and the screen comes back with
# the typing intact when there is room again.
. "$SRCDIR/tests/tui/lib"

make_store
start
unlock
new_agreement 2
typein 'Ada Love'
wait_for "Ada Love"
tm resize-window -t mp -x 120 -y 40
wait_for "Mentor's full name *"
typein 'lace'
wait_for "Ada Lovelace"
tm resize-window -t mp -x 70 -y 20
wait_for "Please enlarge the terminal."
wait_for "This terminal is 70 x 20."
tm resize-window -t mp -x 100 -y 30
wait_for "Mentor's full name *"
wait_for "Ada Lovelace"
keys Tab
typein 'ada@example.org'
tm resize-window -t mp -x 80 -y 24
wait_for "Mentor's email *"
wait_for "ada@example.org"
leave_and_quit
list_drafts
expect_out '"Ada Lovelace"'
expect_out '"ada@example.org"'
