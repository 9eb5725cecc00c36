# admin_actions.sh - what the administrator does from an agreement, 400
# days on (faketime): the home line counts the reviews overdue and the
# records due for purging; a review is recorded (a bad date refused
# first), the relationship ended, the signed text exported, version 2
# started, an agreement deleted after its id is typed, and a purge
# confirmed after its dry run.  The CLI checks each afterwards.
. "$SRCDIR/tests/tui/lib"
TUI_TERM=xterm-256color
command -v faketime >/dev/null || fail "faketime is missing (mk/deps.sh check)"
echo 'a signing passphrase' >"$T/spw"

mp() { run --passphrase-file "$PW" "$@"; }

# A new nhs-reciprocal agreement (review at six months, records kept a
# year after the end) between mentor and mentee; its id in $id.
agreement() { # mentor, mentee
	"$MP" templates example nhs-reciprocal |
		sed -e "s/Priya Shah/$1/" -e "s/Daniel Okafor/$2/" \
			>"$T/answers.yaml"
	mp new --scheme nhs-reciprocal --answers "$T/answers.yaml"
	expect_rc 0 "new"
	id=$(cat "$T/out")
}

sign_both() { # id, mentor, mentee
	mp --signing-passphrase-file "$T/spw" sign "$1" --as mentor --name "$2"
	expect_rc 0 "sign $1 as mentor"
	mp --signing-passphrase-file "$T/spw" sign "$1" --as mentee --name "$3"
	expect_rc 0 "sign $1 as mentee"
}

# Rub out a date of ten characters in the line being typed.
rub() {
	keys BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace \
		BSpace
}

make_store
agreement 'Ruth Gale' 'Sam Hale' # ended today: due for purging in 400 days
p=$id
sign_both "$p" 'Ruth Gale' 'Sam Hale'
# (no sessions of the scheme's minimum: an early ending, with its reason)
mp end "$p" --by both --early-reason "the pair stopped meeting"
expect_rc 0 "end $p"
agreement 'Alice Carter' 'Bob Dunn' # active: its review is overdue then
q=$id
sign_both "$q" 'Alice Carter' 'Bob Dunn'
agreement 'Lena Ivers' 'Omar Jay' # active: to start version 2 of
v=$id
sign_both "$v" 'Lena Ivers' 'Omar Jay'
agreement 'Maria Evans' 'Noah Fox' # a draft to delete
r=$id

# The interface runs 400 days on.
cat >"$T/later" <<EOT
#!/bin/sh
ASAN_OPTIONS="\${ASAN_OPTIONS:-}:verify_asan_link_order=0" exec faketime -f +400d "$MENTORPACT" "\$@"
EOT
chmod +x "$T/later"
MP=$T/later start
unlock
keys a
wait_for "2 reviews overdue, 1 record due for purging"
keys d
wait_for "Review due only: yes"
wait_for "Agreements 1-2"
row() { screen | grep -c "^ $1 " || true; }
[ "$(row "$q")" = 1 ] && [ "$(row "$v")" = 1 ] ||
	fail "the reviews due are not $q and $v"
keys d
wait_for "Review due only: no"
keys /
typein 'carter'
wait_for "Agreements 1-1"
keys Enter Enter
wait_for "Agreement $q v1 (active)"

# A review: a bad date is refused with the core's message, then one in
# DD/MM/YYYY form is recorded with a note.
held=$(date -d '+30 days' +%d/%m/%Y)
held_iso=$(date -d '+30 days' +%F)
next=$(date -d "$held_iso +6 months" +%F)
keys v
wait_for "Record a review"
wait_for "Held on:"
rub
typein '2027-13-45'
keys Enter
wait_for "Note (optional):"
keys Enter
wait_for "'2027-13-45' is not a date"
wait_for "Held on:" # asked again, with what was typed
rub
typein "$held"
keys Enter
wait_for "Note (optional):"
typein 'Going well; goals on track'
keys Enter
wait_for "Review recorded; the next is due $next."
keys Tab
wait_for "[Versions]"
expect_screen "$held_iso (recorded"
expect_screen "Going well; goals on track"

# End it, on a date typed, by the mentor, with a reason.
ended=$(date -d '+60 days' +%F)
keys x
wait_for "End the relationship"
wait_for "Ended on:"
rub
typein "$ended"
keys Enter
wait_for "Who ended it?"
keys Down Enter
wait_for "Reason (optional):"
typein 'moved to another trust'
keys Enter
# (no sessions recorded of the scheme's minimum: the reason it ends early)
wait_for "Not ended: 0 sessions recorded"
wait_for "Why it ends early:"
typein 'the mentor left the trust'
keys Enter
wait_for "Ended on $ended by mentor, before the scheme's minimum"
wait_for "Agreement $q v1 (ended)"
expect_screen "Ended $ended by mentor: moved to another trust"

# Export the signed text.
keys e
wait_for "In which form?"
keys Enter
wait_for "Save it as:"
keys Enter
wait_for "Exported to agreement-$q-v1.txt."
keys q
wait_for "Search: carter"

# Start version 2 of another.
keys / Escape /
typein 'ivers'
wait_for "Agreements 1-1"
keys Enter Enter
wait_for "Agreement $v v1 (active)"
keys R
wait_for "Start version 2 of $v"
keys y
wait_for "Version 2 started as a draft"
wait_for "Agreement $v v2 (draft)"
keys q
wait_for "Search: ivers"

# Delete: a wrong id changes nothing; the right one deletes.
keys / Escape /
typein 'Noah'
wait_for "Agreements 1-1"
keys Enter Enter
wait_for "Agreement $r v1 (ready)"
keys D
wait_for "Type $r to delete it:"
typein 'XXXX-XXXX'
keys Enter
wait_for "'XXXX-XXXX' is not $r; nothing was deleted."
keys D
wait_for "Type $r to delete it:"
typein "$(echo "$r" | tr 'A-Z' 'a-z')"
keys Enter
wait_for "Agreement $r was deleted, every version."
wait_for "No agreement matches"
keys / Escape

# Purge: the dry run lists what would go; then it goes.
keys p
wait_for "Purge: agreements past their keep-until date"
wait_for "A dry run: nothing has changed yet."
expect_screen "$p  nhs-reciprocal   ended"
wait_for "Purge $p now? This cannot be undone."
keys y
wait_for "Purged 1 agreement (1 version)"
wait_for "0 reviews overdue, 0 records due for purging" # q ended, v redrafted
expect_no_screen " $p "
keys q
wait_for "What would you like to do?"
keys q
wait_exit
[ "$tui_rc" = 0 ] || fail "quit gave $tui_rc"

# What the CLI finds afterwards.
mp show "$v"
expect_rc 0 "show $v"
expect_out "Agreement $v version 2"
expect_out "Status: draft"
mp show "$q"
expect_rc 0 "show $q"
expect_out "Status: ended"
mp audit "$q"
expect_rc 0 "audit $q"
expect_out "administrator reviewed: $held_iso"
expect_out "ended"
grep -q "exported" "$T/out" || fail "no export in the audit trail"
run verify "$T/agreement-$q-v1.txt"
expect_rc 17 "verify the exported text without a register"
expect_out "the keys are not known here"
mp verify --register "$T/agreement-$q-v1.txt"
expect_rc 0 "verify the exported text with the store's register"
expect_out "this is the text the mentor and the mentee signed"
mp show "$r"
expect_rc 4 "show the deleted agreement"
mp audit "$p"
expect_rc 4 "audit of the purged agreement"
mp list --format csv
expect_rc 0 "list"
grep -q "$p" "$T/out" && fail "the purged agreement is still listed"
grep -q "$r" "$T/out" && fail "the deleted agreement is still listed"
true
