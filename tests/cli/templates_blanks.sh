# templates_blanks.sh - every blank of the five seed agreements has a
# field (or party detail, or signature) that answers it in its template.
#
# tests/templates/seed-blanks.tsv lists each blank: the seed, its line, the
# template, the blank's text and what answers it.  This checks each row
# against the seed and against `templates show`, then scans the seeds for
# anything that looks like a blank and fails on one the table leaves out.
. "$SRCDIR/tests/lib.sh"
TABLE=$SRCDIR/tests/templates/seed-blanks.tsv
SEEDS=$SRCDIR/tests/templates/seeds
TAB=$(printf '\t')

# Lines of a seed that look like blanks: "(Insert)", dotted runs, "Date",
# "Signed", "Signature:", a number alone ("1."), or a line ending in ':'.
blank_lines() {
	{
		grep -n -e '(Insert)' -e '…' -e '\.\.\.' -e 'Date' -e 'Signed' \
			-e 'Signature:' "$1" || true
		grep -n -E '^[[:space:]]*[0-9]+\.[[:space:]]*$' "$1" || true
		grep -n -E ':[[:space:]]*$' "$1" || true
	} | cut -d: -f1 | sort -n | uniq
}

# What answers a blank must exist in the template's outline.
check_answer() { # template, answer
	outline=$T/$1.outline
	[ -f "$outline" ] || {
		run templates show "$1"
		expect_rc 0 "templates show $1"
		cp "$T/out" "$outline"
	}
	case $2 in
	-) return 0 ;;
	mentor.* | mentee.*) kind=detail ;;
	signature.*) kind=signature ;;
	*) kind=field ;;
	esac
	grep -qE "^  $kind +$2( |\$)" "$outline" ||
		fail "$1 has no $kind '$2'"
}

rows=0
while IFS=$TAB read -r seed line tpl text answer; do
	case $seed in '#'* | '') continue ;; esac
	[ -f "$SEEDS/$seed" ] || fail "no seed $seed"
	sed -n "${line}p" "$SEEDS/$seed" | grep -qF -- "$text" ||
		fail "$seed:$line does not read '$text'"
	check_answer "$tpl" "$answer"
	rows=$((rows + 1))
done <"$TABLE"
for f in "$SEEDS"/*.txt; do
	seed=${f##*/}
	[ -n "$(grep "^$seed$TAB" "$TABLE")" ] || fail "$seed is not in the table"
	for n in $(blank_lines "$f"); do
		grep -q "^$seed$TAB$n$TAB" "$TABLE" ||
			fail "$seed:$n looks like a blank but is not in the table: $(sed -n "${n}p" "$f")"
	done
done

# The seeds are the shared ones, unchanged (when shared/ is beside us).
if [ -d "$SRCDIR/../shared/seeds" ]; then
	for f in "$SRCDIR"/../shared/seeds/*.txt; do
		cmp -s "$f" "$SEEDS/${f##*/}" || fail "${f##*/} differs from shared/seeds"
	done
fi
[ "$rows" -ge 80 ] || fail "only $rows rows read from $TABLE"
echo "$rows blanks answered"
