# forms.sh - the scheme's forms through the real binary: each seed
# scheme's forms listed, filled (a refused answer saves nothing) and
# submitted with the party's signing passphrase, read back with
# 'form show --format json'; a submitted form final; and the evaluation
# report read by Python's csv and json parsers, with the free text of
# forms not shared with the programme never in it.
. "$SRCDIR/tests/lib.sh"
S=$T/agreements.mpact
echo 'correct horse battery staple' >"$T/pw"
echo 'a signing passphrase' >"$T/sp"
echo 'not the signing passphrase' >"$T/wrong"

mp() { run --store "$S" --passphrase-file "$T/pw" "$@"; }
mps() { run --store "$S" --passphrase-file "$T/pw" \
	--signing-passphrase-file "$T/sp" "$@"; }
py() { python3 -c "$@" <"$T/out" || fail "python check failed: $1"; }

answers() { # scheme
	"$MP" templates example "$1"
}

active() { # scheme; sets $id
	answers "$1" >"$T/answers.yaml"
	mp new --scheme "$1" --answers "$T/answers.yaml"
	expect_rc 0 "new $1"
	id=$(cat "$T/out")
	mps sign "$id" --as mentor --name "Priya Shah"
	expect_rc 0 "sign $id as mentor"
	mps sign "$id" --as mentee --name "Daniel Okafor"
	expect_rc 0 "sign $id as mentee"
}

state() { # id form occasion role -> prints the state from the JSON
	mp form show "$1" "$2" --occasion "$3" --as "$4" --format json
	expect_rc 0 "form show $*"
	python3 -c 'import json,sys; print(json.load(sys.stdin)["state"])' \
		<"$T/out"
}

run form --help
expect_out "form list ID"
run --help
expect_out "  form list ID"
expect_out "report [evaluation [--scheme ID]]"
for w in "form fill" "form submit" "form show" "form list" \
	"report evaluation"; do
	grep -q "^\.BI\{0,1\} \"\{0,1\}$w" "$SRCDIR/doc/mentorpact.1" ||
		grep -q "^\.B $w" "$SRCDIR/doc/mentorpact.1" ||
		fail "the man page lacks '$w'"
done
mp init --kdf interactive
expect_rc 0 "init"

# --- bsw-hub: start, end and session forms, all shared ------------------
active bsw-hub
B=$id
mp form list "$B" --format json
expect_rc 0 "form list"
py '
import json, sys
rows = json.load(sys.stdin)
have = sorted((r["form"], r["occasion"], r["role"], r["state"]) for r in rows)
assert have == [("end_survey", "end", "mentee", "not started"),
                ("end_survey", "end", "mentor", "not started"),
                ("start_survey", "start", "mentee", "not started"),
                ("start_survey", "start", "mentor", "not started")], have
'
mp form list "$B" --as mentee
expect_out "start_survey"
expect_out "not started"
# No session yet: no session feedback is open.
mp form fill "$B" session_feedback --as mentee session_rating=3
expect_rc 4 "session feedback before any session"
expect_err "open occasions: none yet"

# A refused answer on the command line saves nothing, and says why.
mp form fill "$B" start_survey --as mentee progress=11 "hopes=To lead."
expect_rc 12 "a rating off the scale"
expect_err "nothing was saved"
[ "$(state "$B" start_survey start mentee)" = "not started" ] ||
	fail "a refused fill saved something"
mp form fill "$B" start_survey --as mentee nosuch=1
expect_rc 12 "no such question"
expect_err "has no question 'nosuch'"
mp form fill "$B" start_survey --as mentee progress=4
expect_rc 0 "fill one answer"
[ "$(state "$B" start_survey start mentee)" = "draft" ] || fail "not a draft"
mp form submit "$B" start_survey --as mentee --signing-passphrase-file "$T/sp"
expect_rc 12 "submit without the required answer"
expect_err "'What you hope to achieve through mentoring' is required"
printf 'hopes=BSW-SHARED-HOPE, "quoted", and a comma\n' >"$T/hopes"
mp form fill "$B" start_survey --as mentee --from "$T/hopes"
expect_rc 0 "fill from a file"
run --store "$S" --passphrase-file "$T/pw" --signing-passphrase-file \
	"$T/wrong" form submit "$B" start_survey --as mentee
expect_rc 3 "submit with the wrong signing passphrase"
run --store "$S" --passphrase-file "$T/pw" --signing-passphrase-file \
	"$T/pw" form submit "$B" start_survey --as mentee
expect_rc 3 "submit with the store's passphrase"
mps form submit "$B" start_survey --as mentee
expect_rc 0 "submit"
expect_out "submitted by the mentee"
mp form show "$B" start_survey --as mentee --format json
py '
import json, sys
e = json.load(sys.stdin)
assert e["state"] == "submitted", e
assert e["answers"] == {"progress": "4",
    "hopes": "BSW-SHARED-HOPE, \"quoted\", and a comma"}, e
assert e["refused"] == {}, e
'
mp form fill "$B" start_survey --as mentee progress=5
expect_rc 13 "a submitted form changes"
mps form submit "$B" start_survey --as mentee
expect_rc 13 "submitted twice"
mp form fill "$B" start_survey --as mentor progress=7 hopes=BSW-MENTOR-HOPE
expect_rc 0 "the mentor's own entry"
mps form submit "$B" start_survey --as mentor
expect_rc 0 "the mentor submits"
# Ended: the end survey stays open, the start survey is closed.
mp end "$B"
expect_rc 0 "end"
mp form fill "$B" end_survey --as mentor progress=9 achieved=BSW-ACHIEVED
expect_rc 0 "end survey after the ending"
mps form submit "$B" end_survey --as mentor
expect_rc 0 "submit the end survey"

# --- nhs-reciprocal: a form at each review (not shared) and at stages ---
active nhs-reciprocal
N=$id
mp form list "$N" --as mentee --format json
py '
import json, sys
rows = json.load(sys.stdin)
assert [r["occasion"] for r in rows if r["form"] == "programme_evaluation"] \
    == ["enrolment", "induction and training", "mid-point",
        "end of programme"], rows
assert not [r for r in rows if r["form"] == "feedback_evaluation"], rows
'
mp review "$N"
expect_rc 0 "review"
mp form list "$N" --as mentee --format json
review=$(python3 -c 'import json,sys; print([r["occasion"] for r in
	json.load(sys.stdin) if r["form"] == "feedback_evaluation"][0])' \
	<"$T/out")
mp form fill "$N" feedback_evaluation --as mentee going_well=NHS-PRIVATE-1 \
	differently=NHS-PRIVATE-2 learning_point=NHS-PRIVATE-3
expect_rc 0 "fill the review's form"
mps form submit "$N" feedback_evaluation --occasion "$review" --as mentee
expect_rc 0 "submit the review's form"
mp form fill "$N" feedback_evaluation --as mentor going_well=x
expect_rc 4 "the mentee's form filled by the mentor"
mp form fill "$N" programme_evaluation --occasion mid-point --as mentor \
	effectiveness=4 feedback=NHS-SHARED
expect_rc 0 "fill a stage's form"
mps form submit "$N" programme_evaluation --occasion mid-point --as mentor
expect_rc 0 "submit a stage's form"
mp form fill "$N" programme_evaluation --occasion nowhere --as mentor \
	effectiveness=4
expect_rc 4 "an unknown stage"
expect_err "open occasions: enrolment, induction and training"

# --- university-pilot: the closing form, due at the end -------------------
active university-pilot
U=$id
mp form fill "$U" closing --as mentee learning=UNI-PRIVATE-LEARNING
expect_rc 0 "closing reflection"
mps form submit "$U" closing --as mentee
expect_rc 0 "submit the closing reflection"
[ "$(state "$U" closing end mentee)" = submitted ] || fail "not submitted"

# --- the evaluation ------------------------------------------------------
mp report evaluation --format csv
expect_rc 0 "report evaluation csv"
grep -q "PRIVATE" "$T/out" && fail "free text of a form not shared"
py '
import csv, sys
data = sys.stdin.buffer.read().decode()
assert data.endswith("\r\n") and "\n" not in data.replace("\r\n", ""), data
rows = list(csv.reader(data.splitlines()))
assert rows[0] == ["section", "scheme", "form", "stage", "question",
                   "value", "count", "role"], rows[0]
def cnt(*key):
    return [r[6] for r in rows if tuple(r[:6]) == key]
assert cnt("submitted", "bsw-hub", "start_survey", "start", "", "") == ["2"]
assert cnt("answers", "bsw-hub", "start_survey", "start", "progress",
           "4") == ["1"]
assert cnt("answers", "bsw-hub", "start_survey", "start", "progress",
           "10") == ["0"]
pts = [r[5] for r in rows if r[:5] == ["answers", "bsw-hub",
       "start_survey", "start", "progress"]]
assert pts == [str(i) for i in range(1, 11)], pts
assert cnt("submitted", "nhs-reciprocal", "feedback_evaluation", "review",
           "", "") == ["1"]
assert cnt("answers", "nhs-reciprocal", "programme_evaluation",
           "mid-point", "effectiveness", "4") == ["1"]
assert cnt("submitted", "university-pilot", "closing", "end", "",
           "") == ["1"]
texts = sorted((r[1], r[2], r[4], r[5], r[7]) for r in rows
               if r[0] == "text")
assert texts == [
    ("bsw-hub", "end_survey", "achieved", "BSW-ACHIEVED", "mentor"),
    ("bsw-hub", "start_survey", "hopes", "BSW-MENTOR-HOPE", "mentor"),
    ("bsw-hub", "start_survey", "hopes",
     "BSW-SHARED-HOPE, \"quoted\", and a comma", "mentee"),
    ("nhs-reciprocal", "programme_evaluation", "feedback", "NHS-SHARED",
     "mentor")], texts
'
mp report evaluation --format json --scheme nhs-reciprocal
expect_rc 0 "report evaluation json"
grep -q "PRIVATE" "$T/out" && fail "free text of a form not shared (json)"
py '
import json, sys
r = json.load(sys.stdin)
assert {c["scheme"] for c in r["counts"]} == {"nhs-reciprocal"}, r
eff = [c for c in r["counts"] if c.get("question") == "effectiveness"]
assert [(c["value"], c["count"]) for c in eff] == \
    [("1", 0), ("2", 0), ("3", 0), ("4", 1), ("5", 0)], eff
assert eff[0]["label"].startswith("The programme"), eff
assert r["texts"] == [{"scheme": "nhs-reciprocal",
    "form": "programme_evaluation", "stage": "mid-point", "role": "mentor",
    "question": "feedback", "text": "NHS-SHARED"}], r["texts"]
'
mp report evaluation
expect_rc 0 "report evaluation table"
expect_out "start_survey: Assessment survey at the start, stage start: 2 submitted"
expect_out "BSW-MENTOR-HOPE"
grep -q "PRIVATE" "$T/out" && fail "free text of a form not shared (table)"
mp report evaluation --scheme nosuch
expect_rc 2 "an unknown scheme"
# The audit trail names forms and questions, never the answers.
mp audit "$N"
expect_out "form submitted"
grep -q "NHS-" "$T/out" && fail "an answer in the audit trail"
echo "forms.sh: ok"
