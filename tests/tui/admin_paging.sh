# admin_paging.sh - the administrator's table reads one screen at a
# time: 30 agreements in a 30-row terminal show 24 at once; moving past
# the last row scrolls, PgDn and PgUp (Ctrl-F and Ctrl-B on a vt100) turn
# pages, both ways round, and the reversed order counts them.  Run on a
# vt100 with NO_COLOR set: no colour, and the letter and Ctrl keys do
# everything.
. "$SRCDIR/tests/tui/lib"
TUI_TERM=vt100
TUI_ENV=NO_COLOR=1

make_store
i=0
while [ $i -lt 30 ]; do
	run --passphrase-file "$PW" new --scheme emmp
	expect_rc 0 "new $i"
	i=$((i + 1))
done
run --passphrase-file "$PW" list --sort id --format csv
expect_rc 0 "list by id"
sed -n '2,$s/^"\([^"]*\)".*/\1/p' "$T/out" >"$T/ids"
[ "$(wc -l <"$T/ids")" = 30 ] || fail "not 30 agreements"
nth() { sed -n "${1}p" "$T/ids"; }

# The row an id is on, counted from the table's first row (1).
row() {
	n=$(screen | grep -n "^ $1 " | cut -d: -f1)
	[ -n "$n" ] || { screen >&2; fail "$1 is not in the table"; }
	echo $((n - 4))
}

start
unlock
keys a
wait_for "Agreements 1-24 (more below)"
tm capture-pane -e -p -t mp | grep -q '\[[0-9;]*3[0-7]m' &&
	fail "colour with NO_COLOR set"
keys o o # last change -> review due -> id
wait_for "Agreements 1-24 (more below), sorted by id (A to Z)"
[ "$(row "$(nth 1)")" = 1 ] || fail "the first id is not first"
[ "$(row "$(nth 24)")" = 24 ] || fail "the 24th id is not last"
expect_no_screen " $(nth 25) "

# Down past the last row scrolls by one; a page turns 24 rows.
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24; do
	keys Down
done
wait_for "Agreements 2-25 (more below)"
[ "$(row "$(nth 25)")" = 24 ] || fail "the 25th id is not at the bottom"
keys C-f
wait_for "Agreements 26-30, sorted"
[ "$(row "$(nth 30)")" = 5 ] || fail "the last page is not the last ids"
keys C-b
wait_for "Agreements 2-25 (more below)"
keys C-b
wait_for "Agreements 1-24 (more below)"

# Reversed: counted, and read from the other end.
keys r
wait_for "Agreements 1-24 of 30, sorted by id (Z to A)"
[ "$(row "$(nth 30)")" = 1 ] || fail "reversed, the last id is not first"
keys C-f
wait_for "Agreements 25-30 of 30"
[ "$(row "$(nth 1)")" = 6 ] || fail "reversed, the first id is not last"
keys C-f Enter # on the last page, PgDn chooses its last row
wait_for "Agreement $(nth 1) v1 (draft)"
keys Tab
wait_for "[Versions]"
keys q
wait_for "Agreements 25-30 of 30"
keys q
wait_for "What would you like to do?"
keys q
wait_exit
[ "$tui_rc" = 0 ] || fail "quit gave $tui_rc"
