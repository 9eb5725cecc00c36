# import_due.sh - an agreement imported through the terminal UI has what
# is due worked out, as the command line's import does: an NHS agreement
# signed elsewhere, imported into a programme lead's store on the import
# screen, has its review due as signed, and no form, since a lead's store
# keeps none (`list --format json`), so the home screen counts nothing
# due.
. "$SRCDIR/tests/tui/lib"
echo 'a signing passphrase' >"$T/spw"
A=$T/pair.mpact
B=$T/lead.mpact
in_a() { run --store "$A" --passphrase-file "$PW" "$@"; }

in_a init --kdf interactive
expect_rc 0 "init the pair's store"
signed_by_both nhs-reciprocal "Priya Shah" "Daniel Okafor" "$T/spw" --store "$A" \
	--passphrase-file "$PW"
in_a export "$id" -o "$T/signed.txt"
expect_rc 0 "export"

run --store "$B" --passphrase-file "$PW" init --kdf interactive
expect_rc 0 "init the lead's store"
start --store "$B"
unlock
keys i
wait_for "Import a signed agreement from a file"
typein "$T/signed.txt"
keys Enter
wait_for "Imported agreement $id, signed by both."
keys q
wait_for "What would you like to do?"
keys q
wait_exit
[ "$tui_rc" = 0 ] || fail "quit gave $tui_rc"
in_a list --format json
REVIEW=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["review_due"])' "$T/out")
[ -n "$REVIEW" ] && [ "$REVIEW" != None ] || fail "no review date when signed"
run --store "$B" --passphrase-file "$PW" list --format json
expect_rc 0 "list in the lead's store"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert [(r["id"], r["status"], r["review_due"], r["form_due"]) for r in d] == [(sys.argv[2], "active", sys.argv[3], None)], d' \
	"$T/out" "$id" "$REVIEW" ||
	fail "not the review alone due after importing on the screens"
start --store "$B"
unlock
expect_no_screen "Due by today"
keys q
wait_exit
