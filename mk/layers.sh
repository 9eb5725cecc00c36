#!/bin/sh
# layers.sh - the house rules of the source tree, checked (make check).
#
#   sh mk/layers.sh [BUILD]
#
# 1. Arrows one way.  The core's modules (the folders of src/core) stand
#    in the order below, lowest first; doc/ARCHITECTURE.md draws it.  A
#    file may include and call its own module and the modules below it,
#    never one above.  Includes are read from the sources (src/core and
#    include/mentorpact); calls from the objects in BUILD (nm), when they
#    are there: every global symbol a core object needs must be defined
#    by a file of its own module or below.
# 2. Inside a module, some files are a layer of their own (FILE_RANKS):
#    the agreement model under editing, queries and reviews; the template
#    loader's parts under its one entry.  A file calls its own rank or
#    lower only.
# 3. The front ends stay above the core: nothing in src/core includes
#    src/cli, src/tui or src/plain.  TUI screens (src/tui/screen_*.c) do
#    not call each other: the router (src/tui/router.c) moves between them.
# 4. No file under src/ or include/ is over MAX_LINES lines.
#
# Prints one line per breach and exits 1 if there is any.
set -u
cd "$(dirname "$0")/.." || exit 2
BUILD=${1:-${BUILD:-build/chk}}
MAX_LINES=800

# The modules, lowest first.
MODULES="base minisign store audit template agreement render sign records admin mail"

# The module of each public header.
HEADERS="status:base secret:base unicode:base strength:base version:base
sign:minisign vfs:store header:store store:store audit:audit
template:template answers:template agreement:agreement render:render
signers:sign records:records forms:records notes:records admin:admin mail:mail"

# Ranks of files inside their module (others: 0).
FILE_RANKS="agreement/agreement_edit:1 agreement/agreement_query:1
agreement/agreement_review:1 agreement/agreement_schema:1
agreement/agreement_end:1 agreement/agreement_index:1
agreement/agreement_words:1
template/template_emit:1 template/template_parts:1
template/template_body:2 template/template_facts:2 template/template_field:2
template/template_records:2
template/template:3 template/template_path:4 template/answers:4"

# Breaches not yet paid off, one a line (see the file's head).
ALLOW=mk/layers.allow

found=$(mktemp)
table=$(mktemp)
trap 'rm -f "$found" "$table"' EXIT
breach() {
	echo "$*" >>"$found"
}

# module_rank MODULE -> its place in MODULES (1-based), 0 if unknown.
module_rank() {
	n=0
	for m in $MODULES; do
		n=$((n + 1))
		[ "$m" = "$1" ] && echo $n && return
	done
	echo 0
}

# header_module NAME -> module of include/mentorpact/NAME.h
header_module() {
	for p in $HEADERS; do
		[ "${p%%:*}" = "$1" ] && echo "${p#*:}" && return
	done
	echo "?"
}

# --- 1 and 3: includes -------------------------------------------------------

# check_includes FILE MODULE: each quoted include of FILE against MODULE.
check_includes() {
	file=$1
	mod=$2
	rank=$(module_rank "$mod")
	grep -n '^#include "' "$file" | while IFS= read -r line; do
		num=${line%%:*}
		inc=${line#*\"}
		inc=${inc%%\"*}
		case $inc in
		mentorpact/*.h)
			name=${inc#mentorpact/}
			to=$(header_module "${name%.h}")
			;;
		core/*/*)
			to=${inc#core/}
			to=${to%%/*}
			;;
		cli/* | tui/* | plain/*)
			echo "$file:$num: includes the front end's $inc"
			continue
			;;
		*/*)
			echo "$file:$num: includes $inc: use core/MODULE/FILE"
			continue
			;;
		*) # a header of the file's own folder
			to=$mod
			;;
		esac
		if [ "$to" = "?" ]; then
			echo "$file:$num: $inc belongs to no module (see HEADERS)"
		elif [ "$(module_rank "$to")" -gt "$rank" ]; then
			echo "$file:$num: $mod includes $inc of $to, above it"
		fi
	done
}

for f in src/core/*; do
	[ -f "$f" ] && breach "$f: a core file outside any module's folder"
done
for dir in src/core/*/; do
	mod=$(basename "$dir")
	[ "$(module_rank "$mod")" -eq 0 ] &&
		breach "$dir: a module not in the layer order (MODULES)"
	ls "$dir"*_internal.h >/dev/null 2>&1 ||
		breach "$dir: no internal header (${mod}_internal.h)"
	for f in "$dir"*.c "$dir"*.h; do
		[ -f "$f" ] || continue
		out=$(check_includes "$f" "$mod")
		[ -n "$out" ] && breach "$out"
	done
done
for f in include/mentorpact/*.h; do
	name=$(basename "$f" .h)
	mod=$(header_module "$name")
	if [ "$mod" = "?" ]; then
		breach "$f: a public header of no module (see HEADERS)"
		continue
	fi
	out=$(check_includes "$f" "$mod")
	[ -n "$out" ] && breach "$out"
done

# --- 1, 2 and 3: calls, from the objects ---------------------------------------

# rank_of PATH (src/core/MOD/FILE.o) -> module rank * 10 + file rank
rank_of() {
	rel=${1#src/core/}
	rel=${rel%.o}
	r=0
	for p in $FILE_RANKS; do
		[ "${p%%:*}" = "$rel" ] && r=${p#*:}
	done
	echo $(($(module_rank "${rel%%/*}") * 10 + r))
}

objs=$(cd "$BUILD" 2>/dev/null && ls src/core/*/*.o src/tui/*.o 2>/dev/null)
if [ -z "$objs" ]; then
	echo "layers.sh: no objects in $BUILD: calls not checked" >&2
else
	for o in $objs; do
		case $o in
		src/core/*) echo "R $o $(rank_of "$o")" ;;
		esac
		(cd "$BUILD" && nm -g --defined-only "$o") |
			awk -v o="$o" 'NF == 3 && $2 ~ /[TDRBCWV]/ {print "D", $3, o}'
		(cd "$BUILD" && nm -u "$o") | awk -v o="$o" '{print "U", $NF, o}'
	done >"$table"
	out=$(awk '
		$1 == "R" { rank[$2] = $3; next }
		$1 == "D" { def[$2] = $3; next }
		$1 == "U" { use[++n] = $3 " " $2 }
		function screen(f) { return f ~ /^src\/tui\/screen_/ }
		END {
			for (i = 1; i <= n; i++) {
				split(use[i], u, " ")
				from = u[1]; sym = u[2]
				if (!(sym in def) || def[sym] == from)
					continue
				to = def[sym]
				if ((from in rank) && (to in rank) &&
				    rank[to] > rank[from])
					print from ": calls " sym " of " to ", above it"
				else if ((from in rank) && !(to in rank))
					print from ": calls " sym " of the front end " to
				else if (screen(from) && screen(to))
					print from ": calls " sym " of another screen, " to
			}
		}' "$table" | sed 's/\.o\b/.c/g' | sort -u)
	[ -n "$out" ] && breach "$out"
fi

# --- 4: rooms a person can hold ---------------------------------------------------

out=$(find src include -name '*.[ch]' -exec wc -l {} + | awk -v max=$MAX_LINES \
	'$2 != "total" && $1 > max { print $2 ": over " max " lines" }')
[ -n "$out" ] && breach "$out"

# Every breach must be listed in ALLOW, and every line of ALLOW a breach.
allowed=$(grep -v '^#' "$ALLOW" 2>/dev/null | grep -v '^$' | sort -u)
new=$(sort -u "$found" | grep -vxF "$allowed")
[ -z "$allowed" ] && new=$(sort -u "$found")
gone=$(echo "$allowed" | grep -v '^$' | grep -vxF "$(sort -u "$found")")
[ -s "$found" ] || gone=$allowed
fail=0
if [ -n "$new" ]; then
	echo "$new"
	fail=1
fi
if [ -n "$gone" ]; then
	echo "$gone" | sed "s|^|paid off, remove from $ALLOW: |"
	fail=1
fi
n=$(echo "$allowed" | grep -c .)
[ $fail -eq 0 ] &&
	echo "layers: arrows one way, no file over $MAX_LINES lines," \
		"but for $n known breaches ($ALLOW)"
exit $fail
