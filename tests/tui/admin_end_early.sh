# admin_end_early.sh - the administrator's End and the scheme's minimum
# of sessions (nhs-reciprocal: at least 3 before an early ending).  With
# 2 sessions recorded, the end is refused with the count until a reason
# is given (an empty one is refused again); the view then shows the early
# ending, and the CLI reads it back with the count, the next meeting no
# longer due.  In another store that only imported the agreement (no
# party's key there), the end goes through without the question.
. "$SRCDIR/tests/tui/lib"
echo 'the pair sign with this' >"$T/signing"
B=$T/lead.mpact
mp() { run --passphrase-file "$PW" "$@"; }
mps() { mp --signing-passphrase-file "$T/signing" "$@"; }
in_b() { run --store "$B" --passphrase-file "$PW" "$@"; }
json() { # a Python expression on the JSON in $T/out as d
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert $1, d" \
		"$T/out" || fail "json check failed: $1"
}

# An active nhs-reciprocal agreement between mentor $1 and mentee $2; its
# id in $id.
active() {
	signed_by_both nhs-reciprocal "$1" "$2" "$T/signing" \
		--passphrase-file "$PW"
}

# From the home screen: the administrator's view of the one agreement
# whose people match $1.
open_admin() {
	keys a
	wait_for "Agreements 1-"
	keys /
	typein "$1"
	wait_for "Agreements 1-1"
	keys Enter Enter
	wait_for "Agreement $2 v1 (active)"
}

make_store
TODAY=$(date +%F)
NEXT=$(date -d '+14 days' +%F)
active 'Ruth Gale' 'Sam Hale'
E=$id
mps session add "$E" --as mentor --date "$TODAY" --minutes 45
expect_rc 0 "the first session"
mps session add "$E" --as mentee --date "$TODAY" --next "$NEXT"
expect_rc 0 "the second session, with the next meeting"
mp list --format json
json "[r for r in d if r['id'] == '$E'][0]['next_meeting'] == '$NEXT'"
active 'Alice Carter' 'Bob Dunn' # to be imported by the programme lead
L=$id
mp export "$L" -o "$T/lead.txt"
expect_rc 0 "export $L"

# --- where the pair keep their records: the rule applies -----------------
start
unlock
open_admin gale "$E"
keys x
wait_for "End the relationship"
wait_for "Ended on: $TODAY"
keys Enter
wait_for "Who ended it?"
keys Enter
wait_for "Reason (optional):"
typein 'moved to another trust'
keys Enter
wait_for "Not ended: 2 sessions recorded, and the scheme 'nhs-reciprocal' expects at least 3"
expect_screen "Sessions recorded: 2 of the scheme's minimum of 3."
wait_for "Why it ends early:"
expect_screen "Reason (optional): moved to another trust" # kept, not asked again
keys Enter # no reason: refused again
wait_for "Why it ends early:"
expect_screen "Agreement $E v1 (active)"
typein 'the mentee moved abroad'
keys Enter
wait_for "Ended on $TODAY by both, before the scheme's minimum of 3 sessions: the reason is kept."
wait_for "Agreement $E v1 (ended)"
keys Tab
wait_for "[Versions]"
expect_screen "Ended $TODAY by both: moved to another trust"
expect_screen "Ended early: 2 of the scheme's minimum of 3 sessions held; reason: the mentee moved abroad"
# The records as the programme lead sees them: counts, dates and states.
keys Tab Tab Tab
wait_for "[Records]"
expect_screen "Sessions held: 2"
expect_screen "(at least 3 before an early ending)"
expect_screen "Forms (their answers stay with the pair):"
expect_screen "programme_evaluation"
keys q
wait_for "Search: gale"
keys q
wait_for "What would you like to do?"
keys q
wait_exit
[ "$tui_rc" = 0 ] || fail "quit gave $tui_rc"

mp show "$E"
expect_rc 0 "show $E"
expect_out "Status: ended"
expect_out "Ended early:  2 of the scheme's minimum of 3 sessions held; reason: the mentee moved abroad"
# Ended: the next meeting agreed is no longer due.
mp list --format json
json "[r for r in d if r['id'] == '$E'][0]['next_meeting'] in ('', None)"
json "[r for r in d if r['id'] == '$E'][0]['status'] == 'ended'"
mp audit "$E"
expect_rc 0 "audit $E"
expect_out "ended"
grep -q "abroad" "$T/out" && fail "the reason is in the audit trail"

# --- a programme lead's store of imported agreements: no question ----------
in_b init --kdf interactive
expect_rc 0 "init the lead's store"
in_b import "$T/lead.txt"
expect_rc 0 "import $L"
start --store "$B"
unlock
open_admin carter "$L"
keys x
wait_for "Ended on: $TODAY"
keys Enter
wait_for "Who ended it?"
keys Enter
wait_for "Reason (optional):"
keys Enter
wait_for "Ended on $TODAY by both; its records are kept until"
wait_for "Agreement $L v1 (ended)"
expect_no_screen "Why it ends early:"
keys q
wait_for "Search: carter"
keys q
wait_for "What would you like to do?"
keys q
wait_exit
[ "$tui_rc" = 0 ] || fail "quit gave $tui_rc"
in_b show "$L"
expect_rc 0 "show $L in the lead's store"
expect_out "Status: ended"
grep -q "Ended early" "$T/out" && fail "an early ending kept where no sessions are"
# The pair's own store still has it active.
mp show "$L"
expect_out "Status: active"
true
