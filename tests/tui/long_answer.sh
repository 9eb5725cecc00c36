# long_answer.sh - an answer of almost 10,000 characters (the scheme's
# limit): shown, edited and saved back without a crash and without being
# cut; going past the limit is refused, never cut silently, and what was
# typed is kept to correct later.
. "$SRCDIR/tests/tui/lib"

make_store
run --passphrase-file "$PW" new --scheme university-pilot
expect_rc 0 "new"
id=$(cat "$T/out")
long=$(awk 'BEGIN { for (i = 0; i < 999; i++) printf "word%05d ", i }')
run --passphrase-file "$PW" set "$id" other_matters "$long"
expect_rc 0 "set a 10,000-character answer"
start
unlock
open_section 8
wait_for "Section 8 of 10: Other"
# The field shows its end, where the cursor is: type there.
wait_for "word00998"
typein ' THE END'
leave_and_quit
run --passphrase-file "$PW" show "$id"
for w in word00000 word00500 word00998; do
	expect_out "$w"
done
len=$(grep -o 'word[0-9]\{5\}' "$T/out" | wc -l)
[ "$len" -eq 999 ] || fail "$len of 999 words came back"
expect_out "word00998 THE END"

# Past the limit: refused with the reason beside the answer, and leaving
# asks first.
start
unlock
open_section 8
wait_for "Section 8 of 10: Other"
typein ' and some more words to go past the limit'
keys C-s
wait_for "must be at most"
keys C-x
wait_for "An answer was not accepted"
keys n
wait_gone "An answer was not accepted"
keys C-x
wait_for "Leave anyway?"
keys y
wait_for "What would you like to do?"
keys q
wait_exit
run --passphrase-file "$PW" show "$id"
expect_out "word00998 THE END"
# What was typed past the limit is kept, as typed, to correct later.
expect_out "typed but not accepted: word00000"
expect_out "word00998 THE END and some more words to go past the limit"
