# nocolor.sh - colour by default on a colour terminal; none at all when
# NO_COLOR is set and not empty; and vt100 (no colour, few keys) works
# with the letter and Ctrl keys alone.
. "$SRCDIR/tests/tui/lib"

colours() { # count the colour escapes on screen
	tm capture-pane -e -p -t mp | grep -c '\[[0-9;]*3[0-7]m\|\[[0-9;]*4[0-7]m\|[34]8;5;' || true
}

make_store
TUI_TERM=xterm-256color start
unlock
[ "$(colours)" -gt 0 ] || fail "no colour on xterm-256color"
keys q
wait_exit

TUI_ENV=NO_COLOR=1 start
unlock
expect_screen "Start a new agreement"
[ "$(colours)" = 0 ] || fail "colour with NO_COLOR set"
keys q
wait_exit

# An empty NO_COLOR does not count.
TUI_ENV=NO_COLOR= start
unlock
[ "$(colours)" -gt 0 ] || fail "an empty NO_COLOR turned colour off"
keys q
wait_exit

# vt100: no colours; Ctrl keys instead of function keys.
TUI_TERM=vt100 start
unlock
[ "$(colours)" = 0 ] || fail "colour on a vt100"
new_agreement 2
field 'Ada Lovelace'
keys C-n
wait_for "Section 1 of 4"
keys C-l
wait_for "Go to a section"
keys Escape
wait_gone "Go to a section"
keys C-r
wait_for "Review: the agreement exactly as it will be signed and sent"
expect_screen "Ada Lovelace"
keys C-x
wait_for "What would you like to do?"
keys q
wait_exit
[ "$tui_rc" = 0 ] || fail "quit on vt100 gave $tui_rc"
