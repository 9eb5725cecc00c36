# walk_nhs_reciprocal.sh - NHS England's reverse and reciprocal mentoring
# programme from first start to a verified export: nine sections, a
# number, a frequency and a duration.
. "$SRCDIR/tests/tui/lib"

TUI_TERM=screen-256color start
first_run
new_agreement 4
field 'Sam Adeyemi'
field 'Morgan Blake'
section 1 9 "Learning Agreement"
confirm_section
section 2 9 "1. Goals of mentoring"
confirm_section
section 3 9 "2. Responsibilities"
keys PageDown
typein '2'
confirm_section
section 4 9 "3. Structure of mentoring session"
field 'once a month'
typein '1 hour'
confirm_section
for s in "5:4. Evaluating mentoring" "6:5. Limits to confidentiality" \
	"7:6. Mentoring records" "8:7. Ethical issues" "9:Signing"; do
	section "${s%%:*}" 9 "${s#*:}"
	confirm_section
done
expect_screen "9 of 9 agreed"
keys C-n
sign_and_export 'Sam Adeyemi' 'Morgan Blake'
