# lib.sh - shared helpers for the shell tests; source it.
#
# Gives: $T (a private temp folder, removed on exit), $MP (the binary),
# run (runs mentorpact, keeping stdout in $T/out, stderr in $T/err and
# the exit code in $rc), expect_rc, expect_out, expect_err, fail, flip,
# signed_by_both.
set -eu
MP=${MENTORPACT:?run through make check (MENTORPACT unset)}
T=$(mktemp -d "${TMPDIR:-/tmp}/mptest.XXXXXX")
trap 'rm -rf "$T"' EXIT
export HOME="$T/home" XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config"
mkdir -p "$HOME"
unset MENTORPACT_STORE MENTORPACT_PASSPHRASE_FILE

fail() {
	echo "FAIL: $*" >&2
	echo "--- stdout:" >&2
	cat "$T/out" >&2 2>/dev/null || true
	echo "--- stderr:" >&2
	cat "$T/err" >&2 2>/dev/null || true
	exit 1
}

run() {
	rc=0
	"$MP" "$@" >"$T/out" 2>"$T/err" </dev/null || rc=$?
	# A sanitizer report or a signal is never an acceptable outcome.
	if grep -q 'Sanitizer\|runtime error' "$T/err"; then
		fail "sanitizer report from: mentorpact $*"
	fi
	[ "$rc" -lt 128 ] || fail "killed by a signal ($rc): mentorpact $*"
}

expect_rc() { # code, then the command's description
	[ "$rc" -eq "$1" ] || fail "expected exit $1, got $rc: $2"
}

expect_out() {
	grep -qF -- "$1" "$T/out" || fail "stdout lacks '$1'"
}

expect_err() {
	grep -qF -- "$1" "$T/err" || fail "stderr lacks '$1'"
}

# Flip every bit of the byte at offset $2 of file $1.
flip() {
	b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
	printf "$(printf '\\%03o' $((b ^ 255)))" |
		dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}

# A new agreement of a scheme from its example answers (`templates
# example`), the mentor and the mentee named as given, signed by both with
# the signing passphrase in a file; the options after it go before each
# command (--store, --passphrase-file).  Its id in $id.
signed_by_both() { # scheme mentor mentee signing-passphrase-file option...
	sbb_scheme=$1 sbb_mentor=$2 sbb_mentee=$3 sbb_pass=$4
	shift 4
	"$MP" templates example "$sbb_scheme" |
		sed -e "s/Priya Shah/$sbb_mentor/" -e "s/Daniel Okafor/$sbb_mentee/" \
			>"$T/example.yaml"
	run "$@" new --scheme "$sbb_scheme" --answers "$T/example.yaml"
	expect_rc 0 "new $sbb_scheme"
	id=$(cat "$T/out")
	run "$@" --signing-passphrase-file "$sbb_pass" sign "$id" --as mentor \
		--name "$sbb_mentor"
	expect_rc 0 "sign $id as the mentor"
	run "$@" --signing-passphrase-file "$sbb_pass" sign "$id" --as mentee \
		--name "$sbb_mentee"
	expect_rc 0 "sign $id as the mentee"
}
