# due_import.sh - what is due for an agreement imported into another
# store (a programme lead's), read through `list --format json`: the
# dates are worked out on import from the agreement alone (doc/templates.md
# section 15, "What is due"): its review date, and neither a form nor a
# meeting, for the pair's sessions and forms stay in the store where they
# signed, and a store without either party's key keeps none.  The
# exporter's store keeps its own, from its records, and importing its own
# export back changes nothing; re-contracting clears them until the next
# version is signed.
. "$SRCDIR/tests/lib.sh"
A=$T/pair.mpact
B=$T/lead.mpact
echo 'correct horse battery staple' >"$T/pw"
echo 'a signing passphrase' >"$T/sp"
in_a() { run --store "$A" --passphrase-file "$T/pw" "$@"; }
sig_a() { in_a --signing-passphrase-file "$T/sp" "$@"; }
in_b() { run --store "$B" --passphrase-file "$T/pw" "$@"; }
due() { # the store's list as id: review_due form_due next_meeting, a line each
	python3 -c '
import json, sys
for r in json.load(open(sys.argv[1])):
    print("%s: %s %s %s" % (r["id"], r["review_due"] or "-",
                            r["form_due"] or "-", r["next_meeting"] or "-"))
' "$T/out" || fail "list --format json is not JSON"
}
TODAY=$(date +%F)
WEEK=$(date -d '+7 days' +%F)
FORTNIGHT=$(date -d '+14 days' +%F)
NEXT=$(date -d '+10 days' +%F)

in_a init --kdf interactive
expect_rc 0 "init the pair's store"
in_b init --kdf interactive
expect_rc 0 "init the lead's store"
active() { # scheme -> $id, signed by both in the pair's store
	signed_by_both "$1" "Priya Shah" "Daniel Okafor" "$T/sp" \
		--store "$A" --passphrase-file "$T/pw"
}
active bsw-hub # a start survey, due 14 days on; no review date
BSW=$id
active nhs-reciprocal # a review date, and its form due then
NHS=$id
in_a list --format json
expect_rc 0 "list in the pair's store"
due >"$T/signed"
REVIEW=$(sed -n "s/^$NHS: \([^ ]*\) .*/\1/p" "$T/signed")
[ "$REVIEW" != - ] || fail "no review date for $NHS"
grep -qx "$BSW: - $FORTNIGHT -" "$T/signed" ||
	fail "bsw-hub after signing: $(cat "$T/signed")"

# The pair's records move their own dates on: the start survey submitted
# by both, a session with its next meeting, its feedback due a week on.
for r in mentor mentee; do
	in_a form fill "$BSW" start_survey --as $r progress=5 hopes=HOPE
	expect_rc 0 "fill the start survey as $r"
	sig_a form submit "$BSW" start_survey --as $r
	expect_rc 0 "submit the start survey as $r"
done
sig_a session add "$BSW" --as mentor --date "$TODAY" --next "$NEXT"
expect_rc 0 "a session"
sig_a session add "$NHS" --as mentee --date "$TODAY" --next "$NEXT"
expect_rc 0 "a session"
in_a list --format json
due >"$T/pair"
grep -qx "$BSW: - $WEEK $NEXT" "$T/pair" || fail "bsw-hub with records: $(cat "$T/pair")"
grep -qx "$NHS: $REVIEW [^ ]* $NEXT" "$T/pair" ||
	fail "nhs-reciprocal with records: $(cat "$T/pair")"

# Exported and imported into the lead's store: worked out from the
# agreement alone, as when it was signed.
for ag in "$BSW" "$NHS"; do
	in_a export "$ag" -o "$T/$ag.txt"
	expect_rc 0 "export $ag"
done
in_b import "$T/$BSW.txt" "$T/$NHS.txt"
expect_rc 0 "import into the lead's store"
in_b list --format json
expect_rc 0 "list in the lead's store"
due >"$T/lead"
sort "$T/lead" >"$T/lead.sorted"
printf '%s\n' "$BSW: - - -" "$NHS: $REVIEW - -" | sort >"$T/want"
cmp -s "$T/want" "$T/lead.sorted" ||
	fail "imported: $(cat "$T/lead"), not only the review: $(cat "$T/want")"
python3 -c '
import json, sys
for r in json.load(open(sys.argv[1])):
    assert r["status"] == "active" and r["sessions_held"] == 0, r
' "$T/out" || fail "the lead's store holds sessions"

# The exporter's store keeps its own dates; its own export imported back
# is already there and changes nothing.
in_a list --format json
due | diff "$T/pair" - >/dev/null || fail "exporting changed what is due"
in_a import "$T/$BSW.txt"
expect_rc 0 "import the pair's own export back"
expect_out "already in the store; nothing was added"
in_a list --format json
due | diff "$T/pair" - >/dev/null ||
	fail "importing its own export changed what is due: $(due)"

# Re-contracting: while the next version is drafted the records are
# closed, so nothing of it falls due.
in_a recontract "$BSW"
expect_rc 0 "re-contract the BSW agreement"
in_a list --format json
due | grep -qx "$BSW: - - -" ||
	fail "due while re-contracting: $(due)"
echo "due_import.sh: ok"
