# small.sh - started in a terminal below 80x24, the program says to
# enlarge it and carries on when it is; Ctrl-C there leaves cleanly.
. "$SRCDIR/tests/tui/lib"

make_store
start
tm resize-window -t mp -x 60 -y 20
wait_for "Please enlarge the terminal."
expect_screen "mentorpact needs at least 80 columns and 24 rows."
tm resize-window -t mp -x 80 -y 24
wait_for "Unlock the store"
tm resize-window -t mp -x 79 -y 24
wait_for "This terminal is 79 x 24."
keys C-c
wait_exit
[ "$tui_rc" = 0 ] || fail "Ctrl-C gave $tui_rc"
