# admin_table.sh - the administrator's table: opened from the home screen,
# sorted by each column and reversed, filtered by status, scheme and
# review due, searched as the name is typed; a resize keeps the filters;
# an agreement opened read-only shows its text, versions, signatures and
# audit entries; a name holding a bidi control is refused.  The
# agreements are made with the CLI.
. "$SRCDIR/tests/tui/lib"
TUI_TERM=xterm-256color
echo 'a signing passphrase' >"$T/spw"

mp() { run --passphrase-file "$PW" "$@"; }

# A new agreement of scheme between mentor and mentee, filled from the
# scheme's sample answers; its id in $id.
agreement() { # scheme, mentor, mentee
	"$MP" templates example "$1" | sed -e "s/Priya Shah/$2/" \
		-e "s/Daniel Okafor/$3/" >"$T/answers.yaml"
	mp new --scheme "$1" --answers "$T/answers.yaml"
	expect_rc 0 "new $1"
	id=$(cat "$T/out")
}

# The row (screen line) an agreement is on; fails when it is not shown.
row() {
	n=$(screen | grep -n "^ $1 " | cut -d: -f1)
	[ -n "$n" ] || { screen >&2; fail "$1 is not in the table"; }
	echo "$n"
}

# The ids given are shown in this order, from the top.
in_order() {
	prev=0
	for i in "$@"; do
		n=$(row "$i")
		[ "$n" -gt "$prev" ] || { screen >&2; fail "$* are not in order"; }
		prev=$n
	done
}

make_store
# Each a second apart, so that "last change" orders them: c, b, a.
agreement bsw-hub 'Zoe Abbott' 'Yusuf Bell'
a=$id
sleep 1
agreement nhs-reciprocal 'Alice Carter' 'Bob Dunn'
b=$id
for r in mentor:'Alice Carter' mentee:'Bob Dunn'; do
	mp --signing-passphrase-file "$T/spw" sign "$b" --as "${r%%:*}" \
		--name "${r#*:}"
	expect_rc 0 "sign $b as ${r%%:*}"
done
sleep 1
agreement img-peer 'Maria Evans' 'Noah Fox'
c=$id
ids_sorted=$(printf '%s\n' "$a" "$b" "$c" | sort | tr '\n' ' ')
ac_sorted=$(printf '%s\n' "$a" "$c" | sort | tr '\n' ' ')

start
unlock
keys a
wait_for "mentorpact: the administrator's view"
wait_for "0 reviews overdue, 0 records due for purging"
wait_for "Agreements 1-3, sorted by last change (newest first)"
expect_screen " $b  nhs-reciprocal"
in_order "$c" "$b" "$a"

# Sorting: Tab goes to review due, o on to the id, then scheme, mentor.
keys Tab
wait_for "sorted by review due (soonest first)"
# Only b has a review date (signed by both; its scheme reviews at six
# months); those without one follow, by id.
# shellcheck disable=SC2086
in_order "$b" $ac_sorted
keys o
wait_for "sorted by id (A to Z)"
# shellcheck disable=SC2086
in_order $ids_sorted
keys Tab Tab
wait_for "sorted by mentor (A to Z)"
in_order "$b" "$c" "$a"
keys r
wait_for "Agreements 1-3 of 3, sorted by mentor (Z to A)"
in_order "$a" "$c" "$b"
keys r BTab
wait_for "sorted by scheme (A to Z)"
in_order "$a" "$c" "$b"

# Filters: status (any -> draft -> ready ...), scheme, review due.
keys f
wait_for "Status: draft"
wait_for "No agreement matches"
keys f
wait_for "Status: ready"
in_order "$a" "$c"
expect_no_screen " $b "
# A resize keeps the filter and the sort.
tm resize-window -t mp -x 80 -y 24
wait_for "sorted by scheme (A to Z)"
expect_screen "Status: ready"
in_order "$a" "$c"
tm resize-window -t mp -x 100 -y 30
keys f f f
wait_for "Status: ended"
wait_for "No agreement matches"
keys f
wait_for "Status: any"
keys c
wait_for "Scheme: bsw-hub"
row "$a" >/dev/null
expect_no_screen " $c "
keys c c
wait_for "Scheme: img-peer"
row "$c" >/dev/null
expect_no_screen " $a "
keys c
wait_for "Scheme: nhs-reciprocal"
row "$b" >/dev/null
expect_no_screen " $c "
keys c
wait_for "Scheme: university-pilot"
wait_for "No agreement matches"
keys c
wait_for "Scheme: any"
keys d
wait_for "Review due only: yes"
wait_for "No agreement matches" # b's first review is months away
keys d
wait_for "Review due only: no"
in_order "$a" "$c" "$b"

# Search as the name is typed; Esc clears it.
keys /
typein 'carte'
wait_for "Search: carte"
wait_for "Agreements 1-1"
row "$b" >/dev/null
keys Escape
wait_for "Agreements 1-3"
keys s
typein 'Noah'
wait_for "Agreements 1-1"
row "$c" >/dev/null
keys Enter

# Open it: the text, its versions, signatures and audit entries.
keys Enter
wait_for "Agreement $c v1 (ready)"
expect_screen "[Text]"
expect_screen "Maria Evans (mentor) and Noah Fox (mentee); review due -"
expect_screen "(Not signed yet: the text as it stands now.)"
keys Tab
wait_for "[Versions]"
expect_screen "Version 1 (newest): ready"
expect_screen "Reviews held: none recorded"
keys Tab
wait_for "[Signatures]"
expect_screen "The mentor has not signed."
keys Tab
wait_for "[Audit]"
expect_screen "filled from an answers file"
expect_screen "its hash chain is intact"
# Actions refused by its state say why and change nothing.
keys v
wait_for "Reviews are recorded for active agreements; this one is ready."
keys x
wait_for "Only an active agreement (signed by both) can be ended"
keys q
wait_for "Search: Noah"
keys q
wait_for "What would you like to do?"
keys q
wait_exit
[ "$tui_rc" = 0 ] || fail "quit gave $tui_rc"
mp show "$c"
expect_rc 0 "show $c"
expect_out "Status: ready"

# A right-to-left override can no longer reach a name (issue 11: names
# refuse invisible format characters; tests/cli/hidden_names.sh covers the
# CLI's output of values stored before), so nothing holding one is drawn.
rlo=$(printf '\342\200\256')
"$MP" templates example emmp | sed -e "s/Priya Shah/Eve ${rlo}liveE/" \
	>"$T/answers.yaml"
grep -q "$rlo" "$T/answers.yaml" || fail "the test did not put U+202E in"
mp new --scheme emmp --answers "$T/answers.yaml"
expect_rc 12 "new with U+202E in the mentor's name"
expect_err "U+202E RIGHT-TO-LEFT OVERRIDE"
