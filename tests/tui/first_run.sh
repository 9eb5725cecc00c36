# first_run.sh - the first-run screen refuses a short passphrase and two
# that differ, then makes a 0600 store; the unlock screen says when a
# passphrase is wrong, lets them try again, and gives up after five.
. "$SRCDIR/tests/tui/lib"
S=$XDG_DATA_HOME/mentorpact/agreements.mpact

start
wait_for "First, make the store that keeps your agreements."
expect_screen "$S"
typein 'short'
keys Enter
wait_for "Too short: use at least 8 characters"
typein 'correct horse battery staple'
keys Enter
wait_for "Strength: strong"
typein 'correct horse battery stable'
keys Enter
wait_for "The two passphrases differ"
[ ! -e "$S" ] || fail "a refused passphrase made a store"
first_run
[ "$(stat -c %a "$S")" = 600 ] || fail "the store is not 0600"
keys q
wait_exit
[ "$tui_rc" = 0 ] || fail "quit gave $tui_rc"
# The CLI opens it with the same passphrase.
run --passphrase-file "$PW" check
expect_rc 0 "check the store the first-run screen made"

# Unlock: a wrong passphrase is said so, then the right one opens it.
start
wait_for "Unlock the store"
typein 'not the passphrase'
keys Enter
wait_for "Wrong passphrase (try 1 of 5)."
expect_no_screen "not the passphrase" # never echoed
unlock
keys q
wait_exit
[ "$tui_rc" = 0 ] || fail "quit gave $tui_rc"

# Five wrong tries: the store stays locked and the program says why.
start
for n in 1 2 3 4 5; do
	wait_for "Unlock the store"
	typein "wrong $n"
	keys Enter
	[ $n = 5 ] || wait_for "Wrong passphrase (try $n of 5)."
done
wait_exit
[ "$tui_rc" = 3 ] || fail "five wrong passphrases gave $tui_rc, not 3"
grep -q "wrong passphrase 5 times" "$T/stderr" || fail "no message"
