# sessions.sh - the session log through the real binary: recording,
# changing and withdrawing sessions, each proved by the writer's own
# signing passphrase; what is refused and why; the log read back as a
# table and as JSON; the summary in `show`; records closed after the end.
. "$SRCDIR/tests/lib.sh"
S=$T/s.mpact
echo 'correct horse battery staple' >"$T/pw"
echo 'the mentor signs with this' >"$T/mentor"
echo 'the mentee signs with that' >"$T/mentee"
echo 'not anybody at all' >"$T/wrong"
export MENTORPACT_STORE=$S MENTORPACT_PASSPHRASE_FILE=$T/pw
run init --kdf interactive
expect_rc 0 "init"

$MP templates example nhs-reciprocal >"$T/answers.yaml"
run new --scheme nhs-reciprocal --answers "$T/answers.yaml"
expect_rc 0 "new with answers"
ID=$(cat "$T/out")
run show "$ID"
MENTOR=$(grep '^Mentor: ' "$T/out" | sed 's/^Mentor: //; s/,.*//')
MENTEE=$(grep '^Mentee: ' "$T/out" | sed 's/^Mentee: //; s/,.*//')

# Not signed yet: nothing can be recorded.
run session add "$ID" --as mentor --date 2026-01-05 \
	--signing-passphrase-file "$T/mentor"
expect_rc 13 "a session before the agreement is active"
expect_err "sessions are recorded once both have signed"

run sign "$ID" --as mentor --name "$MENTOR" --signing-passphrase-file "$T/mentor"
expect_rc 0 "the mentor signs"
run sign "$ID" --as mentee --name "$MENTEE" --signing-passphrase-file "$T/mentee"
expect_rc 0 "the mentee signs"
TODAY=$(date +%Y-%m-%d)

# Usage errors.
run session
expect_rc 2 "session with nothing to do"
run session frob "$ID"
expect_rc 2 "an unknown session command"
expect_err "unknown session command 'frob'"
run session add "$ID" --date 2026-01-05
expect_rc 2 "no --as"
expect_err "--as mentor or --as mentee"
run session add "$ID" --as mentor --date 2026-01-05 --set novalue
expect_rc 2 "--set without ="
expect_err "--set expects FIELD=VALUE"
run session edit "$ID" x --as mentor --date 2026-01-05
expect_rc 2 "a session number that is not one"

# Validation: each message says what was wrong.
add() { run session add "$ID" --signing-passphrase-file "$T/mentor" --as mentor "$@"; }
add --minutes 60
expect_rc 12 "no date"
expect_err "give the date the session was held"
add --date 2026-02-30
expect_rc 12 "a date that does not exist"
expect_err "date: '2026-02-30' is not a date"
add --date 2999-01-01
expect_rc 12 "a date in the future"
expect_err "is in the future"
add --date 2026-01-05 --minutes 0
expect_rc 12 "zero minutes"
expect_err "length: '0' is not a number of minutes from 1 to 1440"
add --date 2026-01-05 --minutes 90x
expect_rc 12 "minutes not a number"
add --date 2026-01-05 --next 2026-01-01
expect_rc 12 "next before the session"
expect_err "next: the next meeting (2026-01-01) is before this session (2026-01-05)"
add --date 2026-01-05 --set nosuch=1
expect_rc 12 "an unknown field"
expect_err "the session log has no field 'nosuch'; its fields are: actions"
run session list "$ID" --format json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["sessions"]==[] and d["held"]==0 and d["planned"]==3, d' "$T/out" ||
	fail "refused entries were recorded"

# Identity: a wrong signing passphrase is refused, and a party's
# passphrase cannot write as the other.
add --date 2026-01-05 --signing-passphrase-file "$T/wrong"
expect_rc 3 "a wrong signing passphrase"
expect_err "that is not the mentor's signing passphrase"
run session add "$ID" --as mentee --date 2026-01-05 \
	--signing-passphrase-file "$T/mentor"
expect_rc 3 "the mentor's passphrase as the mentee"

# Recorded: by the mentor, then the mentee; values read back.
printf 'Try the new handover sheet.\n\nReport back in March.\n' >"$T/actions"
add --date 05/01/2026 --minutes 60 --how video --next 2026-02-05 \
	--set-file "actions=$T/actions"
expect_rc 0 "the mentor records session 1"
expect_out "$ID: session 1 recorded by the mentor"
expect_out "1 of 3 planned sessions held"
run session add "$ID" --as mentee --date 2026-02-05 --minutes 45 \
	--how "in person" --next 2026-03-05 --set "actions=Shadow a ward round" \
	--signing-passphrase-file "$T/mentee"
expect_rc 0 "the mentee records session 2"
expect_out "2 of 3 planned sessions held"

# Only the author changes or withdraws an entry.
run session edit "$ID" 1 --as mentee --minutes 30 \
	--signing-passphrase-file "$T/mentee"
expect_rc 9 "the mentee changes the mentor's entry"
expect_err "session 1 was recorded by the mentor; only they can change or withdraw it"
run session withdraw "$ID" 2 --as mentor --signing-passphrase-file "$T/mentor"
expect_rc 9 "the mentor withdraws the mentee's entry"
run session edit "$ID" 1 --as mentor --minutes 75 --how "" \
	--signing-passphrase-file "$T/wrong"
expect_rc 3 "an edit with a wrong passphrase"
run session edit "$ID" 1 --as mentor --minutes 75 --how "" \
	--signing-passphrase-file "$T/mentor"
expect_rc 0 "the mentor changes their entry"
expect_out "$ID: session 1 changed by the mentor"
run session edit "$ID" 9 --as mentor --minutes 75 \
	--signing-passphrase-file "$T/mentor"
expect_rc 4 "a session that does not exist"

run session list "$ID"
expect_rc 0 "list"
expect_out "Action log"
expect_out "Shadow a ward round"
run show "$ID"
expect_out "Sessions:     2 held of 3 planned"
expect_out "Next meeting: 2026-03-05"

# Withdrawn: kept, flagged, not counted; no longer changed.
run session withdraw "$ID" 2 --as mentee --signing-passphrase-file "$T/mentee"
expect_rc 0 "the mentee withdraws their entry"
expect_out "1 of 3 planned sessions held"
run session edit "$ID" 2 --as mentee --minutes 50 \
	--signing-passphrase-file "$T/mentee"
expect_rc 13 "a withdrawn entry is not changed"
expect_err "session 2 was withdrawn"

run session list "$ID" --format json
expect_rc 0 "list as JSON"
python3 - "$T/out" "$TODAY" <<'PY' || fail "the JSON list is not as recorded"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["held"] == 1 and d["planned"] == 3, d
a, b = d["sessions"]
assert a == {**a, "n": 1, "author": "mentor", "date": "2026-01-05",
             "minutes": 75, "how": None, "next": "2026-02-05",
             "withdrawn": None}, a
assert a["fields"] == {"actions": "Try the new handover sheet.\n\nReport back in March."}, a
assert b["n"] == 2 and b["author"] == "mentee" and b["how"] == "in person"
assert b["withdrawn"].startswith(sys.argv[2][:4]), b
PY
run show "$ID"
expect_out "Sessions:     1 held of 3 planned"
expect_out "Next meeting: 2026-02-05"
# list: sessions held of planned, the next meeting, the form due.
run list --format csv
expect_rc 0 "list as CSV"
python3 - "$T/out" "$ID" <<'PY' || fail "the CSV list lacks the session log"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8"),
                           strict=True))
r = {row["id"]: row for row in rows}[sys.argv[2]]
assert (r["sessions_held"], r["sessions_planned"], r["next_meeting"]) == \
    ("1", "3", "2026-02-05"), r
assert r["form_due"] == r["review_due"], r
PY
run list --format json
python3 - "$T/out" "$ID" <<'PY' || fail "the JSON list lacks the session log"
import json, sys
r = {x["id"]: x for x in json.load(open(sys.argv[1]))}[sys.argv[2]]
assert r["sessions_held"] == 1 and r["sessions_planned"] == 3, r
assert r["next_meeting"] == "2026-02-05", r
PY
run list
expect_out "HELD    NEXT       FORM DUE"
expect_out "1/3     2026-02-05"
run session list "$ID" --format yaml
expect_rc 2 "an unknown format"

# The audit trail says what changed, never what was written.
run audit "$ID"
expect_out "session added"
expect_out "session changed"
expect_out "session withdrawn"
grep -q "ward round\|handover" "$T/out" && fail "the audit trail holds an entry's content"

# The minimum before an early ending: nhs-reciprocal expects 3 sessions
# and sets no planned end, so any end with fewer is early.  Refused
# without a reason, saying how many are held and the two ways on.
run end "$ID" --reason "moved away"
expect_rc 13 "an end before the minimum, without a reason"
expect_err "has 1 session recorded, and the scheme 'nhs-reciprocal' expects at least 3"
expect_err "record the sessions that were held ('session add'), or give the reason it ends early (--early-reason)"
run show "$ID"
expect_out "Status: active"
run end "$ID" --early-reason "a" --early-reason-file "$T/actions"
expect_rc 2 "both kinds of early reason"
printf 'two\nlines\n' >"$T/early"
run end "$ID" --early-reason-file "$T/early"
expect_rc 12 "an early reason of two lines"
expect_err "the reason for ending early must be one line"
echo "The mentee changed trusts after one meeting" >"$T/early"
run end "$ID" --reason "moved away" --early-reason-file "$T/early"
expect_rc 0 "an early end with a reason"
expect_out "Ended before the scheme's minimum of 3 sessions: the reason is kept"
run show "$ID"
expect_out "Status: ended"
expect_out "Ended early:  1 of the scheme's minimum of 3 sessions held; reason: The mentee changed trusts after one meeting"

# Ended: the records are closed.
run session add "$ID" --as mentor --date "$TODAY" \
	--signing-passphrase-file "$T/mentor"
expect_rc 13 "a session after the end"
expect_err "has ended: its records are closed"
run session withdraw "$ID" 1 --as mentor --signing-passphrase-file "$T/mentor"
expect_rc 13 "a withdrawal after the end"
run session list "$ID" --format json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["sessions"])==2' "$T/out" ||
	fail "the log is kept after the end"

# With the minimum held, an end needs no reason, and none is kept.
run new --scheme nhs-reciprocal --answers "$T/answers.yaml"
ID2=$(cat "$T/out")
run sign "$ID2" --as mentor --name "$MENTOR" --signing-passphrase-file "$T/mentor"
run sign "$ID2" --as mentee --name "$MENTEE" --signing-passphrase-file "$T/mentee"
expect_rc 0 "the second agreement is active"
for d in 2026-03-01 2026-04-01 2026-05-01; do
	run session add "$ID2" --as mentee --date $d \
		--signing-passphrase-file "$T/mentee"
	expect_rc 0 "a session of the second agreement"
done
expect_out "3 of 3 planned sessions held"
run end "$ID2"
expect_rc 0 "an end with the minimum held"
grep -q "Ended before" "$T/out" && fail "an end at the minimum kept as early"
run show "$ID2"
expect_out "Sessions:     3 held of 3 planned"
grep -q "Ended early" "$T/out" && fail "show says an end at the minimum was early"
exit 0
