# tamper.sh - one byte flipped in each part of a store, pages swapped, the
# file cut or extended: each gives its clear error from open or check,
# never a crash and never a silent success.
. "$SRCDIR/tests/lib.sh"
echo 'correct horse battery staple' >"$T/pw"
P=4096
H=8192
run --store "$T/clean" --passphrase-file "$T/pw" init --kdf interactive
expect_rc 0 "init"
pages=$((($(stat -c %s "$T/clean") - H) / P))
[ "$pages" -ge 3 ] || fail "expected at least 3 pages, got $pages"

fresh() { cp "$T/clean" "$T/s"; }
open_store() { run --store "$T/s" --passphrase-file "$T/pw" keys list; }
check_store() { run --store "$T/s" --passphrase-file "$T/pw" check; }

# case name, then: open-code open-text check-code check-text
expect_case() {
	open_store
	[ "$rc" -eq "$2" ] || fail "$1: open exit $rc, expected $2"
	[ -z "$3" ] || grep -qF -- "$3" "$T/err" || fail "$1: open said no '$3'"
	check_store
	[ "$rc" -eq "$4" ] || fail "$1: check exit $rc, expected $4"
	grep -qF -- "$5" "$T/err" || fail "$1: check said no '$5'"
	echo "ok: $1"
}

fresh; flip "$T/s" 0
expect_case "magic, first copy" 0 "header copies of" 6 "header copies"
fresh; flip "$T/s" 0; flip "$T/s" 4096
expect_case "magic, both copies" 5 "not a mentorpact store" 5 "not a mentorpact store"
fresh; flip "$T/s" 25
expect_case "KDF opslimit, first copy" 0 "header copies of" 6 "header copies"
fresh; flip "$T/s" 33; flip "$T/s" $((4096 + 33))
expect_case "KDF memlimit, both copies" 6 "damaged in both copies" 6 "damaged in both copies"
fresh; flip "$T/s" 150
expect_case "key slot, first copy" 0 "header copies of" 6 "header copies"
fresh; flip "$T/s" 4246; flip "$T/s" 150
expect_case "key slot, both copies" 6 "damaged in both copies" 6 "damaged in both copies"
fresh; flip "$T/s" $((H + 100))
expect_case "page 1 data" 6 "page 1 failed authentication" 6 "page 1 failed authentication"
fresh; flip "$T/s" $((H + 2 * P + 1000))
expect_case "page 3 data" 0 "" 6 "page 3 failed authentication"
fresh; flip "$T/s" $((H + P + 4056 + 3))
expect_case "page 2 nonce" 0 "" 6 "page 2 failed authentication"
fresh; flip "$T/s" $((H + P + 4080 + 15))
expect_case "page 2 tag" 0 "" 6 "page 2 failed authentication"

# Pages 2 and 3 swapped.
fresh
dd if="$T/clean" of="$T/s" bs=$P skip=$((H / P + 1)) seek=$((H / P + 2)) count=1 conv=notrunc 2>/dev/null
dd if="$T/clean" of="$T/s" bs=$P skip=$((H / P + 2)) seek=$((H / P + 1)) count=1 conv=notrunc 2>/dev/null
cmp -s "$T/s" "$T/clean" && fail "swap did nothing"
expect_case "pages 2 and 3 swapped" 0 "" 6 "page 2 failed authentication"

# Page 1 of another store put in this one.
run --store "$T/other" --passphrase-file "$T/pw" init --kdf interactive
fresh
dd if="$T/other" of="$T/s" bs=$P skip=$((H / P)) seek=$((H / P)) count=1 conv=notrunc 2>/dev/null
expect_case "page 1 from another store" 6 "page 1 failed authentication" 6 "page 1 failed authentication"

# Cut mid-page; garbage appended; a whole page of garbage appended.
fresh; truncate -s $((H + P + 1234)) "$T/s"
expect_case "cut mid-page" 6 "ends part way through page 2" 6 "ends part way through page 2"
fresh; printf 'appended garbage' >>"$T/s"
expect_case "garbage appended" 6 "ends part way through page $((pages + 1))" 6 "ends part way through page $((pages + 1))"
fresh; head -c $P /dev/urandom >>"$T/s"
expect_case "a page of garbage appended" 0 "" 6 "page $((pages + 1)) failed authentication"
# Cut inside the header.
fresh; truncate -s 5000 "$T/s"
expect_case "cut inside the header" 6 "ends part way" 6 "ends part way"
fresh; truncate -s 0 "$T/s"
expect_case "emptied" 5 "not a mentorpact store" 5 "not a mentorpact store"
echo "tamper matrix: ok"
