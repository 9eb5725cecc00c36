# forms.sh - each seed scheme's forms filled in the terminal, as a pair
# would: every form open to the pair (at the start, after a session, at
# each stage, at a review, at the end), each person's own, submitted
# with their signing passphrase; then every answer is read back through
# the binary (form list, form show, report evaluation, as JSON).  On the
# way: a refused answer kept as typed across a kill -9 and shown again;
# a submission refused while an answer is missing, and with the other
# person's passphrase; a meeting recorded, changed and withdrawn on the
# session log screen; an ended agreement listed while its closing form
# is open.
. "$SRCDIR/tests/tui/lib"
make_store
# What the test types into each form, one answer a line, in the order
# of the questions: a rating is a number, the rest text.
answers_of() {
	case $1 in
	start_survey) printf '%s\n' 3 "Hopes of the $2" ;;
	end_survey) printf '%s\n' 8 "What the $2 achieved" ;;
	session_feedback) printf '%s\n' 4 "Feedback from the $2" ;;
	feedback_evaluation) printf '%s\n' "Going well: the $2's goals" \
		"Better: more time" "One learning point" ;;
	programme_evaluation) printf '%s\n' 5 "The $2 evaluates" ;;
	after_session) printf '%s\n' 5 "Useful because of the $2's plan" \
		"More practice" "Positive" "Trying a new approach" ;;
	closing) printf '%s\n' "The $2's learning to date" ;;
	*) fail "no answers for form $1" ;;
	esac
}

# Continue the home screen's first agreement whose line has $1 (a
# scheme's name, a status) to the screen of its records.
to_records() {
	wait_for "What would you like to do?"
	line=$(screen | grep -n "Continue: .*$1" | head -n 1 | cut -d: -f1)
	[ -n "$line" ] || { screen >&2; fail "no '$1' is listed"; }
	keys Home
	i=5 # the menu's first row
	while [ "$i" -lt "$line" ]; do
		keys Down
		i=$((i + 1))
	done
	keys Enter
	wait_for "Signed by both: the relationship's records"
}

# The same, on to the list of its forms.
to_forms() {
	to_records "$1"
	keys f
	wait_for "Forms: each person's own, at each occasion"
}

# From a forms list, back through the records' screen and home, and
# quit: the program ends well.
leave_records() {
	keys Escape
	wait_for "Signed by both"
	keys q
	wait_for "What would you like to do?"
	keys q
	wait_exit
	[ "$tui_rc" = 0 ] || fail "the terminal UI ended with '$tui_rc'"
}

# Open the list's entry $1 (from 0).
open_entry() {
	keys Home
	i=0
	while [ "$i" -lt "$1" ]; do
		keys Down
		i=$((i + 1))
	done
	keys Enter
}

# Submit the form on screen as $1 (mentor or mentee).
submit_as() {
	keys C-r
	wait_for "Submit the $1's answers"
	keys y
	wait_for "The $1's signing passphrase:"
	typein "$(cat "$T/$1")"
	keys Enter
	wait_for "Submitted: the $1's"
}

# Fill and submit, on the forms list of agreement $1, every form not yet
# submitted, in the order the binary lists them.
fill_all() {
	run --passphrase-file "$PW" form list "$1" --format json
	expect_rc 0 "form list $1"
	python3 -c '
import json, sys
for i, s in enumerate(json.load(open(sys.argv[1]))):
    if s["state"] != "submitted":
        print(i, s["form"], s["role"])' "$T/out" >"$T/slots"
	[ -s "$T/slots" ] || fail "no form open for $1"
	while read -r n form role; do
		open_entry "$n"
		wait_for "The $role's answers"
		answers_of "$form" "$role" >"$T/typed"
		while IFS= read -r v; do
			keys C-u
			typein "$v"
			keys Tab
		done <"$T/typed"
		submit_as "$role"
	done <"$T/slots"
}

# Every form of agreement $1 is submitted, each answer as typed, and the
# ratings are counted in the evaluation.
check_all() {
	run --passphrase-file "$PW" form list "$1" --format json
	cp "$T/out" "$T/list.json"
	python3 -c '
import json, sys
slots = json.load(open(sys.argv[1]))
left = [s for s in slots if s["state"] != "submitted"]
assert slots and not left, left
for s in slots:
    print(s["form"], s["role"], s["occasion"])' "$T/list.json" >"$T/all"
	while read -r form role occasion; do
		as_party "$role" form show "$1" "$form" --as "$role" \
			--occasion "$occasion" --format json
		expect_rc 0 "form show $form $role $occasion"
		answers_of "$form" "$role" >"$T/typed"
		python3 -c '
import json, sys
e = json.load(open(sys.argv[1]))
typed = open(sys.argv[2]).read().splitlines()
got = list(e["answers"].values())
assert e["state"] == "submitted", e
assert got == typed, (got, typed)
assert e["refused"] == {}, e' "$T/out" "$T/typed" ||
			fail "$form ($role, $occasion) was not saved as typed"
	done <"$T/all"
}

active bsw-hub
BSW=$ID
active nhs-reciprocal
NHS=$ID
active university-pilot
UNI=$ID
HELD=$(date -d '-3 days' +%Y-%m-%d)
NEXT=$(date -d '+25 days' +%Y-%m-%d)
as_party mentee session add "$BSW" --as mentee --date "$HELD" --minutes 45
expect_rc 0 "a BSW session, whose feedback opens"
as_party mentor review "$NHS"
expect_rc 0 "an NHS review, whose feedback form opens"

start
unlock

# --- the session log screen: record, change, withdraw ---------------------
to_records "University Mentoring Pilot"
keys l
wait_for "Recording meetings and progress: Activity Log: 0 held of 3 planned"
keys Enter
wait_for "a new meeting"
keys C-u
typein "$(date -d '+2 days' +%Y-%m-%d)" # not held yet: refused
keys Tab
typein 60
keys Tab
typein 'in person'
keys Tab
typein "$NEXT"
keys Tab
typein 'We planned the first term'
keys C-r
wait_for "is in the future"
expect_screen "Date of the meeting (both) *   ✗"
keys BTab BTab BTab BTab C-u
typein "$HELD"
keys C-r
wait_for "Who records this meeting?"
keys Down Enter
wait_for "The mentee's signing passphrase:"
typein "$(cat "$T/mentor")" # the other person's: refused
keys Enter
wait_for "not the mentee's signing passphrase"
typein "$(cat "$T/mentee")"
keys Enter
wait_for "Session 1 recorded by the mentee."
wait_for "1 held of 3 planned"
# Change it: the mentee, who recorded it, moves the next meeting on.
keys Down Enter
wait_for "session 1, recorded by the mentee"
keys Tab Tab Tab C-u
typein "$(date -d '+30 days' +%Y-%m-%d)"
keys C-r
wait_for "The mentee's signing passphrase:"
typein "$(cat "$T/mentee")"
keys Enter
wait_for "Session 1 changed by the mentee."
run --passphrase-file "$PW" session list "$UNI" --format json
python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))["sessions"]
assert len(s) == 1, s
e = s[0]
assert (e["date"], e["minutes"], e["how"], e["next"], e["author"]) == \
    (sys.argv[2], 60, "in person", sys.argv[3], "mentee"), e
assert e["fields"]["progress"] == "We planned the first term", e
assert e["withdrawn"] is None, e' "$T/out" "$HELD" \
	"$(date -d '+30 days' +%Y-%m-%d)" ||
	fail "the session recorded on the screen was not saved as typed"

# --- forms: a refused answer survives a kill -9 ----------------------------
keys Escape
wait_for "Signed by both: the relationship's records"
keys f
wait_for "Forms: each person's own, at each occasion"
expect_screen "Feedback and reflection after the session, after session 1: the mentee's (not started)"
run --passphrase-file "$PW" form list "$UNI" --format json
n=$(python3 -c '
import json, sys
print([i for i, s in enumerate(json.load(open(sys.argv[1])))
       if s["form"] == "after_session"][0])' "$T/out")
open_entry "$n"
wait_for "The mentee's answers"
typein 9 # the scale is 1 to 5
keys Tab
wait_for "Not accepted (kept as typed)"
expect_screen "How useful was our meeting for you? (mentee) *   ✗"
typein 'Useful because'
keys C-r
wait_for "Not yet:"
kill -9 "$(tui_pid)"
wait_exit
as_party mentee form show "$UNI" after_session --as mentee --format json
python3 -c '
import json, sys
e = json.load(open(sys.argv[1]))
assert e["state"] == "draft", e
assert e["refused"]["useful"]["typed"] == "9", e
assert e["answers"]["useful_why"] == "Useful because", e' "$T/out" ||
	fail "the refused rating and the next answer were not kept"

start
unlock
to_forms "University Mentoring Pilot"
open_entry "$n"
wait_for "The mentee's answers"
expect_screen "How useful was our meeting for you? (mentee) *   ✗"
expect_screen "Useful because"
# Meanwhile the mentor, at another terminal on the same store, starts
# theirs: both are kept.
as_party mentor form fill "$UNI" closing --as mentor 'learning=Typed elsewhere'
expect_rc 0 "the mentor fills a form while the mentee's is open"
keys C-u
typein 4
keys Tab
wait_for "saved"
keys Escape
wait_for "Closing the Relationship: the mentor's (draft, saved"
as_party mentee form show "$UNI" after_session --as mentee --format json
python3 -c '
import json, sys
e = json.load(open(sys.argv[1]))
assert e["answers"]["useful"] == "4" and e["refused"] == {}, e' "$T/out" ||
	fail "the corrected rating was not saved"

# --- every form of each seed, filled and submitted ---------------------------
fill_all "$UNI"
keys Escape
wait_for "Signed by both"
keys Escape
to_forms "NHS England Reverse"
fill_all "$NHS"
keys Escape
wait_for "Signed by both"
keys Escape
to_forms "BSW Mentoring Hub"
fill_all "$BSW"
# A submitted form opens to be read.
open_entry 0
wait_for "(submitted)"
expect_screen "Submitted answers are final"
expect_screen "Hopes of the mentor"
keys Escape
wait_for "Forms: each person's own, at each occasion"
leave_records

for id in "$UNI" "$NHS" "$BSW"; do
	check_all "$id"
done
run --passphrase-file "$PW" report evaluation --format json
expect_rc 0 "the evaluation"
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
text = json.dumps(d)
# ratings typed: university 5 (mentee, after session), NHS 5 at each of
# four stages by both, BSW 3 at the start and 8 at the end by both
for needle in ["after_session", "programme_evaluation", "start_survey"]:
    assert needle in text, needle
assert "Useful because" not in text, "free text of a form not shared"
assert "Hopes of the mentor" in text, "free text of a shared form"
' "$T/out" || fail "the evaluation does not count the forms filled"

# --- an ended agreement stays listed while its closing form is open ----------
# The first BSW pair submitted everything, so once ended it leaves the
# home screen; a second pair, ended at once, keeps its survey at the end.
run --passphrase-file "$PW" end "$BSW" --reason 'the programme closed'
expect_rc 0 "end the first BSW agreement"
active bsw-hub
run --passphrase-file "$PW" end "$ID" --reason 'the mentee moved away'
expect_rc 0 "end the second BSW agreement"
start
unlock
wait_for "BSW Mentoring Hub Scheme (ended; a form is open"
[ "$(screen | grep -c 'BSW Mentoring Hub Scheme')" = 1 ] ||
	{ screen >&2; fail "an ended agreement with nothing open is listed"; }
to_forms "ended; a form is open"
expect_screen "Assessment survey at the end: the mentor's (not started)"
expect_no_screen "Assessment survey at the start"
open_entry 0
wait_for "The mentor's answers"
typein 2
keys Tab
typein 'Less than hoped'
keys Tab
# The mentee's passphrase does not submit the mentor's form.
keys C-r
wait_for "Submit the mentor's answers"
keys y
wait_for "The mentor's signing passphrase:"
typein "$(cat "$T/mentee")"
keys Enter
wait_for "wrong signing passphrase for the mentor"
as_party mentor form list "$ID" --as mentor --format json
python3 -c '
import json, sys
assert all(s["state"] != "submitted" for s in json.load(open(sys.argv[1])))
' "$T/out" || fail "a form was submitted with the other party's passphrase"
typein "$(cat "$T/mentor")"
keys Enter
wait_for "Submitted: the mentor's"
leave_records
as_party mentor form show "$ID" end_survey --as mentor --format json
python3 -c '
import json, sys
e = json.load(open(sys.argv[1]))
assert e["state"] == "submitted", e
assert e["answers"] == {"progress": "2", "achieved": "Less than hoped"}, e
' "$T/out" || fail "the survey at the end was not kept as typed"
