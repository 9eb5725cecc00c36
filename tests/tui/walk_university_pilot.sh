# walk_university_pilot.sh - the university pilot from first start to a
# verified export: a choice from a menu, optional long texts, and a list
# of two goals grown with Ctrl-A.
. "$SRCDIR/tests/tui/lib"

TUI_TERM=xterm-256color start
first_run
new_agreement 5
field 'Li Wei 李伟'
field 'Chloé Dubois'
section 1 10 "Mentoring agreement"
confirm_section
section 2 10 "Confidentiality"
confirm_section
section 3 10 "Frequency and Location of Meetings"
expect_screen "< the mentee >"
keys Tab Tab
wait_for "< not chosen yet >"
keys Space
wait_for "How the meetings will take place"
keys Down Enter
wait_for "< face-to-face >"
confirm_section
section 4 10 "Communication"
typein 'We reply within a week.'
keys Enter
typein 'Links go by email.'
confirm_section
section 5 10 "Feedback and reflection"
confirm_section
for s in "6:Recording meetings and progress" \
	"7:Closing the Relationship" "8:Other"; do
	section "${s%%:*}" 10 "${s#*:}"
	confirm_section
done
section 9 10 "Mentee goals"
typein 'Submit a first paper by June'
keys C-a
wait_for "2."
typein 'Chair two team meetings this term'
confirm_section
section 10 10 "Signatures"
confirm_section
keys C-n
sign_and_export 'Li Wei 李伟' 'Chloé Dubois'
for t in 'face-to-face' 'We reply within a week.' 'Links go by email.' \
	'Submit a first paper by June' 'Chair two team meetings this term' \
	'Li Wei 李伟'; do
	grep -qF "$t" "$file" || fail "'$t' is missing from the file"
done
