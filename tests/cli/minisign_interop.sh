#!/bin/sh
# minisign_interop.sh - signatures made by mentorpact's signing module check
# with the real minisign, and minisign's check with mentorpact's.
#
# Run by tests/run.sh with BUILD (the sanitized build folder, relative to
# SRCDIR) and SRCDIR (the repository).  Needs minisign (mk/deps.sh check
# installs it) and $BUILD/tests/tools/minisign_tool.
set -eu

SRCDIR=${SRCDIR:-$(pwd)}
BUILD=${BUILD:-build/chk}
case $BUILD in
/*) tool=$BUILD/tests/tools/minisign_tool ;;
*) tool=$SRCDIR/$BUILD/tests/tools/minisign_tool ;;
esac

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

command -v minisign >/dev/null 2>&1 ||
	fail "minisign is not installed (mk/deps.sh check installs it)"
[ -x "$tool" ] || fail "$tool is not built"
minisign -v

work=$(mktemp -d "${TMPDIR:-/tmp}/mentorpact-minisign.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM HUP
cd "$work"

# The key id as the first line of a .pub file names it.
pub_keyid() {
	sed -n '1s/^untrusted comment: minisign public key //p' "$1"
}

# Key ids without leading zeros: minisign 0.11 prints them with "%lX",
# later versions (and mentorpact) with "%016" PRIX64.
same_id() {
	[ "$(echo "$1" | sed 's/^0*//')" = "$(echo "$2" | sed 's/^0*//')" ]
}

# minisign_signs FLAG SIGFILE COMMENT KIND: sign agreement.txt with
# minisign (FLAG "-l" for legacy, or "") and check that mentorpact accepts
# the signature, reports the trusted comment and KIND (prehashed|legacy).
minisign_signs() {
	minisign -S ${1:+"$1"} -s ms.key -m agreement.txt -x "$2" -t "$3" \
		</dev/null >/dev/null
	case $4 in
	prehashed) alg=RU ;; # "ED"
	*) alg=RW ;;         # "Ed"
	esac
	sed -n 2p "$2" | grep -q "^$alg" || fail "$2: not a $4 signature"
	out=$("$tool" verify ms.pub agreement.txt "$2") ||
		fail "$2: minisign's signature was rejected"
	echo "$out"
	[ "$out" = "Trusted comment: $3
$4" ] || fail "$2: unexpected verify output: $out"
	set +e
	"$tool" verify ms.pub changed.txt "$2"
	rc=$?
	set -e
	[ "$rc" -eq 1 ] || fail "$2: a changed message gave exit $rc, not 1"
}

printf 'Mentoring agreement\n\nWe agree to meet monthly.\n' >agreement.txt

echo "== 1. mentorpact signs, minisign verifies"
mkdir mp
printf 'mentor signing passphrase\n' >mp/passphrase
"$tool" keygen mp
pub_keyid mp/key.pub | grep -Eqx '[0-9A-F]{16}' ||
	fail "key.pub comment line: $(head -n 1 mp/key.pub)"
[ "$(wc -l <mp/key.pub)" -eq 2 ] || fail "key.pub is not two lines"
comment="agreement 3f2a version 2 role mentor name Ann Smith"
comment="$comment 2025-01-31T10:00:00Z"
"$tool" sign mp agreement.txt "$comment"
[ "$(wc -l <agreement.txt.minisig)" -eq 4 ] || fail "minisig is not 4 lines"
out=$(minisign -Vm agreement.txt -x agreement.txt.minisig -p mp/key.pub) ||
	fail "minisign rejected a good signature"
echo "$out"
echo "$out" | grep -qxF "Trusted comment: $comment" ||
	fail "minisign did not print the trusted comment"
# -H accepts prehashed ("ED") signatures only.
minisign -H -Vm agreement.txt -x agreement.txt.minisig -p mp/key.pub \
	>/dev/null || fail "minisign -H: the signature is not prehashed"
out=$(minisign -Q -Vm agreement.txt -x agreement.txt.minisig -p mp/key.pub)
[ "$out" = "$comment" ] || fail "minisign -Q printed another trusted comment"
# The public key as a bare base64 string (-P).
minisign -Vm agreement.txt -x agreement.txt.minisig \
	-P "$(sed -n 2p mp/key.pub)" >/dev/null || fail "minisign -P"

cp agreement.txt changed.txt
printf 'We agree to meet weekly.\n' >>changed.txt
if minisign -Vm changed.txt -x agreement.txt.minisig -p mp/key.pub 2>err; then
	fail "minisign accepted a changed message"
fi
cat err
sed 's/^trusted comment: .*/trusted comment: role mentee/' \
	agreement.txt.minisig >tc.minisig
if minisign -Vm agreement.txt -x tc.minisig -p mp/key.pub 2>err; then
	fail "minisign accepted a changed trusted comment"
fi
cat err
grep -q "Comment signature verification failed" err ||
	fail "minisign failed for another reason than the trusted comment"

echo "== 2. minisign signs, mentorpact verifies"
minisign -G -W -p ms.pub -s ms.key </dev/null >/dev/null
minisign_signs "" ms.minisig "signed by minisign" prehashed
sed -n 2p ms.pub >ms.line
"$tool" verify ms.line agreement.txt ms.minisig >/dev/null ||
	fail "the bare key line was rejected"
# minisign's own default trusted comment holds tabs.
minisign -S -s ms.key -m agreement.txt -x default.minisig </dev/null >/dev/null
out=$("$tool" verify ms.pub agreement.txt default.minisig) ||
	fail "minisign's default trusted comment was rejected"
tab=$(printf '\t')
printf '%s\n' "$out" | grep -q "${tab}file:agreement.txt${tab}hashed\$" ||
	fail "minisign's default trusted comment: $out"

# Key ids: both tools name the same key the same way.
set +e
"$tool" verify ms.pub agreement.txt agreement.txt.minisig 2>err
rc=$?
set -e
cat err
[ "$rc" -eq 1 ] || fail "a different key gave exit $rc, not 1"
ids=$(sed -n 's/.*(key id \([0-9A-F]*\), expected \([0-9A-F]*\))$/\1 \2/p' err)
same_id "${ids% *}" "$(pub_keyid mp/key.pub)" &&
	same_id "${ids#* }" "$(pub_keyid ms.pub)" ||
	fail "key id message: $(cat err)"
if minisign -Vm agreement.txt -x agreement.txt.minisig -p ms.pub 2>err; then
	fail "minisign accepted another key's signature"
fi
cat err
same_id "$(sed -n 's/^Signature key id in .* is //p' err)" \
	"$(pub_keyid mp/key.pub)" ||
	fail "minisign names our key id differently"

echo "== 3. legacy (non-prehashed) signatures"
if minisign -h 2>&1 | grep -q -- '^-l '; then
	minisign_signs -l legacy.minisig "legacy signature" legacy
else
	echo "this minisign cannot make legacy signatures; skipped"
fi

echo "all minisign interop checks passed"
