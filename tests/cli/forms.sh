# forms.sh - the scheme's forms through the real binary: each seed
# scheme's forms listed, filled (a refused answer saves nothing) and
# submitted with the party's signing passphrase, read back with
# 'form show --format json'; a submitted form final; and the evaluation
# report read by Python's csv and json parsers, with the free text of
# forms not shared with the programme never in it; and, in every seed
# scheme, each form due after a session filled and submitted after
# `session add`, counted in the evaluation, and no longer listed or due
# once its session is withdrawn.
. "$SRCDIR/tests/lib.sh"
S=$T/agreements.mpact
echo 'correct horse battery staple' >"$T/pw"
echo 'a signing passphrase' >"$T/sp"
echo 'not the signing passphrase' >"$T/wrong"

mp() { run --store "$S" --passphrase-file "$T/pw" "$@"; }
mps() { run --store "$S" --passphrase-file "$T/pw" \
	--signing-passphrase-file "$T/sp" "$@"; }
py() { python3 -c "$@" <"$T/out" || fail "python check failed: $1"; }

active() { # scheme; sets $id
	signed_by_both "$1" "Priya Shah" "Daniel Okafor" "$T/sp" \
		--store "$S" --passphrase-file "$T/pw"
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
# --- forms due after each session, in every seed scheme that has them -----
# The forms come from `templates show`, so that a seed scheme given such a
# form later is covered too.  After `session add` each is listed for the
# session, filled with answers of its questions' types and submitted by
# each party who fills it, and read back; the evaluation counts it under
# the stage "session"; what is due follows; a withdrawn session's open form
# is no longer listed.
cat >"$T/after.py" <<'PY'
# templates show SCHEME on stdin -> JSON: the forms due after each session
# with who fills them, whether shared, and their questions; whether a form
# is due at start.
import json, re, sys
out = {"start": False, "forms": []}
form = None
for line in sys.stdin.read().splitlines():
    m = re.match(r'form \d+ of \d+: (\S+) ".*", filled by (.*), due (.*)$',
                 line)
    if m:
        out["start"] |= m.group(3) == "at start"
        form = None
        if m.group(3) == "after each session":
            form = {"id": m.group(1), "shared": False, "fields": [],
                    "who": [r for r in ("mentor", "mentee")
                            if "the " + r in m.group(2)]}
            out["forms"].append(form)
        continue
    if form is None:
        continue
    if line.startswith("  shared "):
        form["shared"] = line.split()[1] == "yes:"
    m = re.match(r'  field\s+(\S+)\s+(.+?)\s{2,}(?:mentor|mentee|both)\s', line)
    if m:
        form["fields"].append({"id": m.group(1), "type": m.group(2)})
    m = re.match(r'\s+scale (\d+) to (\d+)', line)
    if m:
        form["fields"][-1]["top"] = m.group(2)
json.dump(out, sys.stdout)
PY
# The fill arguments for a form (QUESTION=ANSWER each), by the questions'
# types: a rating its top, a text a marker, yes/no yes.
answers_for() { # forms-JSON form role tag
	python3 -c '
import json, sys
d, form, role, tag = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
f = [f for f in d["forms"] if f["id"] == form][0]
args = []
for q in f["fields"]:
    if q["type"] == "rating":
        args.append(q["id"] + "=" + q["top"])
    elif q["type"] in ("long text", "text"):
        args.append(q["id"] + "=" + tag + "-" + q["id"] + "-" + role)
    elif q["type"] == "yes/no":
        args.append(q["id"] + "=yes")
    else:
        sys.exit("forms.sh cannot answer a question of type " + q["type"])
print(" ".join(args))
' "$1" "$2" "$3" "$4" || fail "no answers for $2"
}
due_form() { # id -> its form_due in list --format json, "-" for none
	mp list --format json
	expect_rc 0 "list"
	python3 -c 'import json,sys; print([r["form_due"] or "-" for r in json.load(open(sys.argv[1])) if r["id"] == sys.argv[2]][0])' \
		"$T/out" "$1"
}
listed() { # id role occasion -> form:state of each form listed for it
	mp form list "$1" --as "$2" --format json
	expect_rc 0 "form list $1"
	python3 -c 'import json,sys; print(" ".join(sorted(r["form"] + ":" + r["state"] for r in json.load(open(sys.argv[1])) if r["occasion"] == sys.argv[2])))' \
		"$T/out" "$3"
}
TODAY=$(date +%F)
WEEK=$(date -d '+7 days' +%F)
FORTNIGHT=$(date -d '+14 days' +%F)
covered=
for yaml in "$SRCDIR"/templates/*.yaml; do
	grep -q '^records:' "$yaml" || continue
	scheme=$(basename "$yaml" .yaml)
	run templates show "$scheme"
	expect_rc 0 "templates show $scheme"
	forms=$(python3 "$T/after.py" <"$T/out") || fail "reading $scheme's forms"
	names=$(python3 -c 'import json,sys; print(" ".join(f["id"] for f in json.loads(sys.argv[1])["forms"]))' "$forms")
	[ -n "$names" ] || continue
	start=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["start"])' "$forms")
	active "$scheme"
	mps session add "$id" --as mentor --date "$TODAY"
	expect_rc 0 "session 1 of $scheme"
	[ "$(due_form "$id")" = "$WEEK" ] ||
		fail "$scheme: the session's forms are not due 7 days on"
	for form in $names; do
		who=$(python3 -c 'import json,sys; print(" ".join([f for f in json.loads(sys.argv[1])["forms"] if f["id"] == sys.argv[2]][0]["who"]))' "$forms" "$form")
		for role in $who; do
			listed "$id" "$role" 1 | grep -q "$form:not started" ||
				fail "$scheme: $form not listed for session 1 ($role)"
			set -- $(answers_for "$forms" "$form" "$role" "AFTER-$scheme")
			mp form fill "$id" "$form" --as "$role" --occasion 1 "$@"
			expect_rc 0 "$scheme: fill $form as $role"
			mps form submit "$id" "$form" --as "$role" --occasion 1
			expect_rc 0 "$scheme: submit $form as $role"
			mp form show "$id" "$form" --as "$role" --occasion 1 \
				--format json
			expect_rc 0 "$scheme: form show $form"
			python3 -c '
import json, sys
e = json.load(open(sys.argv[1]))
want = dict(a.split("=", 1) for a in sys.argv[2:])
assert e["state"] == "submitted" and e["stage"] == "session", e
assert {k: v for k, v in e["answers"].items() if v is not None} == want, e
' "$T/out" "$@" || fail "$scheme: $form as $role read back wrong"
			listed "$id" "$role" 1 | grep -q "$form:submitted" ||
				fail "$scheme: $form not listed as submitted"
		done
		mp report evaluation --format json --scheme "$scheme"
		expect_rc 0 "report evaluation $scheme"
		python3 -c '
import json, sys
r, forms, form, scheme = json.load(open(sys.argv[1])), json.loads(sys.argv[2]), sys.argv[3], sys.argv[4]
f = [f for f in forms["forms"] if f["id"] == form][0]
mine = [c for c in r["counts"] if c["form"] == form and c["stage"] == "session"]
assert [c["count"] for c in mine if "question" not in c] == [len(f["who"])], mine
for q in f["fields"]:
    if q["type"] == "rating":
        got = {c["value"]: c["count"] for c in mine if c.get("question") == q["id"]}
        assert got[q["top"]] == len(f["who"]) and sum(got.values()) == len(f["who"]), got
texts = sorted((t["role"], t["question"]) for t in r["texts"] if t["form"] == form)
free = [q["id"] for q in f["fields"] if q["type"] in ("long text", "text")]
want = sorted((w, q) for w in f["who"] for q in free) if f["shared"] else []
assert texts == want, (texts, want)
assert f["shared"] or "AFTER-" + scheme not in json.dumps(r), r
' "$T/out" "$forms" "$form" "$scheme" ||
			fail "$scheme: the evaluation of $form is wrong"
	done
	# All submitted: no longer due (what else is due stays).
	[ "$start" = True ] && want=$FORTNIGHT || want=-
	[ "$(due_form "$id")" = "$want" ] ||
		fail "$scheme: submitted forms still due ($(due_form "$id"), not $want)"
	# A second session, a draft begun for it, then the session withdrawn:
	# its forms are no longer listed, nor due, nor can they be filled.
	mps session add "$id" --as mentee --date "$TODAY"
	expect_rc 0 "session 2 of $scheme"
	form=${names%% *}
	role=$(python3 -c 'import json,sys; print([f for f in json.loads(sys.argv[1])["forms"] if f["id"] == sys.argv[2]][0]["who"][0])' "$forms" "$form")
	listed "$id" "$role" 2 | grep -q "$form:not started" ||
		fail "$scheme: $form not listed for session 2"
	set -- $(answers_for "$forms" "$form" "$role" "DRAFT-$scheme")
	mp form fill "$id" "$form" --as "$role" --occasion 2 "$1"
	expect_rc 0 "$scheme: a draft for session 2"
	listed "$id" "$role" 2 | grep -q "$form:draft" ||
		fail "$scheme: the draft for session 2 is not listed"
	[ "$(due_form "$id")" = "$WEEK" ] || fail "$scheme: session 2's forms not due"
	mps session withdraw "$id" 2 --as mentee
	expect_rc 0 "withdraw session 2 of $scheme"
	[ -z "$(listed "$id" "$role" 2)" ] ||
		fail "$scheme: a withdrawn session's form is still listed"
	[ -n "$(listed "$id" "$role" 1)" ] || fail "$scheme: session 1's forms went"
	[ "$(due_form "$id")" = "$want" ] ||
		fail "$scheme: a withdrawn session's form is still due"
	mp form fill "$id" "$form" --as "$role" --occasion 2 "$1"
	expect_rc 4 "$scheme: fill a withdrawn session's form"
	covered="$covered $scheme"
done
[ "$covered" = " bsw-hub university-pilot" ] ||
	fail "forms due after each session found in:$covered"
echo "forms.sh: ok"
