# walk_emmp.sh - the East Midlands scheme from first start (no store) to a
# signed, exported and verified file, typed as a pair would.
. "$SRCDIR/tests/tui/lib"

start
first_run
new_agreement 2
expect_screen "Mentor's full name *"
field 'Ada Lovelace'
field 'ada@example.org'
field '0115 496 0000'
field 'Zoë O’Brien'
field 'zoe@example.org'
field '0115 496 0001'
section 1 4 "This agreement is between"
expect_screen "[the mentor's details: below]"
expect_screen "Zoë O’Brien"
confirm_section
section 2 4 "Commitments"
expect_screen "The mentor agrees to:"
keys PageDown
wait_for "The mentee agrees to:"
keys PageDown PageDown
wait_for "The mentor and mentee both agree to:"
expect_screen "Number of sessions we plan (both) *"
keys Tab
field 'once a month'
typein '1 hour'
confirm_section
section 3 4 "Confidentiality"
expect_screen "please inform the appropriate authorities"
confirm_section
section 4 4 "Signatures"
confirm_section
expect_screen "4 of 4 agreed"
keys C-n
sign_and_export 'Ada Lovelace' 'zoë o’brien'
grep -qF 'Zoë O’Brien' "$file" || fail "the mentee's name is not in the file"
grep -qF 'ada@example.org' "$file" || fail "the mentor's email is missing"
