# plain_bsw_hub.sh - the BSW Mentoring Hub scheme through the
# screen-reader mode, typed through a pipe, passphrases from files: every
# answer is read back through `show`, and the export verifies; the start
# survey falls due 14 days after the signing (`list`).
. "$SRCDIR/tests/plain/lib"

cat >"$T/in" <<'IN'
2
1
bsw-hub
Priya Shah
Daniel Okafor
yes
yes
once every 2 weeks

The first Tuesday of each month at 4pm, online.
yes
yes
yes
yes
yes
yes
My family circumstances.
yes
no
yes
We rate progress from 1 to 10 at each session.
yes
yes
yes
yes
sign
Priya Shah
daniel okafor

3
IN
plain --passphrase-file "$PW" --signing-passphrase-file "$SPW"
walked
said "Section 5 of 6: Psychological and Relational Aspects."
said "Question 5 of 5: How we will measure progress."
said "Answer yes or no."
said "Current answer: 1 hour."
show_has "$id" "Priya Shah" "Daniel Okafor" \
	"meeting_frequency (frequency, required): once every 2 weeks" \
	"meeting_length (duration, required): 1 hour" \
	"The first Tuesday of each month at 4pm, online." \
	"My family circumstances." "challenge_agreed (yes/no, required): no" \
	"We rate progress from 1 to 10 at each session."
# Signed by both in this mode: the scheme's start survey falls due 14 days
# on, as after the command line's sign.
run --store "$STORE" --passphrase-file "$PW" list --format json
expect_rc 0 "list"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert [(r["id"], r["form_due"]) for r in d] == [(sys.argv[2], sys.argv[3])], d' \
	"$T/out" "$id" "$(date -d '+14 days' +%F)" ||
	fail "no start survey due after signing in the plain mode"
