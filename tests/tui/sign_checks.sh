# sign_checks.sh - signing as a pair types it (issue 12): a name typed with
# a straight apostrophe matches the recorded "Zoë O’Connor", and the name
# signed is the one recorded; a weak signing passphrase, and one equal to the store's,
# are refused with the reason, while its strength shows as it is typed.
# The mentee types her name decomposed (NFD: "e" then U+0301), as some
# input methods send it, for the recorded "Renée Dubois"; a "?" typed at
# a prompt or in a passphrase is text, not a call for help.
. "$SRCDIR/tests/tui/lib"
export MENTORPACT_TEMPLATE_PATH="$SRCDIR/templates:$SRCDIR/tests/tui/schemes"

make_store
run --passphrase-file "$PW" new --scheme typing-test
expect_rc 0 "new"
id=$(cat "$T/out")
run --passphrase-file "$PW" set "$id" mentor.name "Zoë O’Connor"
expect_rc 0 "set the mentor's name"
run --passphrase-file "$PW" set "$id" mentee.name "Renée Dubois"
expect_rc 0 "set the mentee's name"
for who in mentor mentee; do
	run --passphrase-file "$PW" confirm "$id" answers --as $who
	expect_rc 0 "confirm as $who"
done

start --passphrase-file "$PW"
wait_for "What would you like to do?"
keys Down Enter
wait_for "Section 1 of 1: Answers"
keys C-r
wait_for "Ready to sign"
keys s
wait_for "Signing: the mentor"
# A straight apostrophe for the recorded typographic one.
typein "Zoë O'Connor"
keys Enter
wait_for "I have read the agreement and agree to it [ ]"
keys Space
wait_for "agree to it [x]"
keys Enter
wait_for "New signing passphrase:"
typein 'abc'
wait_for "Strength: very weak"
keys Enter
wait_for "shorter than"
typein 'correct horse battery staple'
keys Enter
wait_for "store"
typein 'velvet tractor orbit lagoon 47'
wait_for "Strength: strong"
keys Enter
wait_for "Type it again:"
typein 'velvet tractor orbit lagoon 47'
keys Enter
wait_for "Signing: the mentee" 60
# "?" is typed into the name: it does not open the help.
typein "?"
sleep 0.3
screen | grep -qF "Keys everywhere" && fail "? at the name prompt opened the help"
keys BSpace
typein "$(printf 'Rene\314\201e Dubois')"
keys Enter
wait_for "I have read the agreement and agree to it [ ]"
keys Space
wait_for "agree to it [x]"
keys Enter
wait_for "New signing passphrase:"
typein 'quartz? meadow violin 93 harbour'
keys Enter
wait_for "Type it again:"
typein 'quartz? meadow violin 93 harbour'
keys Enter
wait_for "In which form?" 60
keys Escape
sleep 0.5
keys C-x
wait_for "What would you like to do?"
keys q
wait_exit
run --passphrase-file "$PW" show "$id"
expect_out "Status: active"
expect_out "mentor: Zoë O’Connor, 20"
expect_out "mentee: Renée Dubois, 20"
