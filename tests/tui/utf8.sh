# utf8.sh - names and answers in UTF-8 (é ’ Ω 中文) are typed, shown and
# saved exactly; control characters and escape sequences typed or pasted
# never reach the terminal or the store.
. "$SRCDIR/tests/tui/lib"

make_store
start
unlock
new_agreement 5
field 'Zoë O’Brien Ω'
field '王小明'
wait_for "王小明"
expect_screen "Zoë O’Brien Ω"
section 1 10 "Mentoring agreement"
section 2 10 "Confidentiality"
typein 'Café notes: ok ✓'
keys Enter
typein 'Ω and 中文 too'
# A pasted escape sequence and a bell: refused, with a word why.
typein "$(printf 'x\033[31mred\007')"
wait_for "That character cannot go into an answer"
keys C-s
wait_for "saved"
leave_and_quit "Continue: Zoë O’Brien Ω and 王小明"
show_draft
expect_out "Mentor: Zoë O’Brien Ω"
expect_out "Mentee: 王小明"
expect_out "confidentiality_exceptions (long text): Café notes: ok ✓"
expect_out "Ω and 中文 too"
grep -q "$(printf '\033')" "$T/out" && fail "an escape reached the store"
grep -q "$(printf '\007')" "$T/out" && fail "a bell reached the store"
grep -qF "x[31mred" "$T/out" || fail "the printable rest of the paste is lost"
