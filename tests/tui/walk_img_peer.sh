# walk_img_peer.sh - the IMG peer mentoring scheme from first start to a
# verified export: short texts for each party, a duration.
. "$SRCDIR/tests/tui/lib"

TUI_TERM=linux start
first_run
new_agreement 3
field 'Dr Priya Raman'
field 'Dr Tomás Ortega'
section 1 6 "Mentoring Agreement"
confirm_section
section 2 6 "Logistics"
field 'email, or WhatsApp for anything urgent'
field 'email'
expect_screen "once every 2 weeks"
keys Tab
typein '1 hour'
confirm_section
section 3 6 "Session preparation"
confirm_section
section 4 6 "Boundaries"
field 'by email'
field 'weekday evenings between 6pm and 8pm'
confirm_section
section 5 6 "Confidentiality"
confirm_section
section 6 6 "No blame divorce"
confirm_section
keys C-n
sign_and_export 'Dr Priya Raman' 'Dr Tomás Ortega'
grep -qF 'weekday evenings between 6pm and 8pm' "$file" ||
	fail "an answer is missing from the file"
