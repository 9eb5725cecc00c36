# verify_messages.sh - verify names what is wrong with bad input (issue 11,
# point 8): a signature whose base64 is corrupted is "not valid base64"
# (not "empty"), and a binary file is "not a text file" (not "line endings
# rewritten as CR LF").
. "$SRCDIR/tests/lib.sh"
export MENTORPACT_TEMPLATE_PATH="$SRCDIR/templates"
export MENTORPACT_STORE=$T/a.mpact MENTORPACT_PASSPHRASE_FILE=$T/pw
echo 'correct horse battery staple' >"$T/pw"
echo 'velvet tractor orbit lagoon 47' >"$T/mentor-pw"
echo 'quartz meadow ember violin 83' >"$T/mentee-pw"
run init --kdf interactive
$MP templates example nhs-reciprocal >"$T/answers.yaml"
run new --scheme nhs-reciprocal --answers "$T/answers.yaml"
expect_rc 0 "new"
ID=$(cat "$T/out")
run show "$ID"
MENTOR=$(grep '^Mentor: ' "$T/out" | sed 's/^Mentor: //; s/,.*//')
MENTEE=$(grep '^Mentee: ' "$T/out" | sed 's/^Mentee: //; s/,.*//')
run sign "$ID" --as mentor --name "$MENTOR" --signing-passphrase-file "$T/mentor-pw"
run sign "$ID" --as mentee --name "$MENTEE" --signing-passphrase-file "$T/mentee-pw"
expect_rc 0 "both signed"
run export "$ID" -o "$T/ok.txt"
expect_rc 0 "export"
run --store "$T/a.mpact" --passphrase-file "$T/pw" verify "$T/ok.txt"
expect_rc 0 "the export verifies"

# A character base64 does not use in the first line of the mentor's
# signature, and every letter of it replaced.
awk 'p { $0 = substr($0, 1, 10) "!" substr($0, 12); p = 0 }
	/^mentor signature:$/ { p = 1 } { print }' "$T/ok.txt" >"$T/bang.txt"
awk 'p { gsub(/[A-Za-z]/, "#"); p = 0 }
	/^mentor signature:$/ { p = 1 } { print }' "$T/ok.txt" >"$T/hash.txt"
for f in bang hash; do
	cmp -s "$T/ok.txt" "$T/$f.txt" && fail "$f: the test did not corrupt it"
	run verify "$T/$f.txt"
	expect_rc 15 "verify with corrupted base64 ($f)"
	expect_out "mentor's part of the signature block is damaged: its signature is damaged: it is not valid base64"
	grep -q 'it is empty' "$T/out" && fail "$f: corrupted base64 described as empty"
done
# A signature label with nothing under it is still "empty".
awk 'p { p = 0; next } /^mentor signature:$/ { p = 1 } { print }' \
	"$T/ok.txt" | awk 'p && /^[A-Za-z0-9+\/=]+$/ { next } { p = 0 }
	/^mentor signature:$/ { p = 1 } { print }' >"$T/empty.txt"
run verify "$T/empty.txt"
expect_rc 15 "verify with an empty signature"
expect_out "its signature is damaged: it is empty"

# Random bytes, with and without a CR LF in them, and a program.
head -c 4096 /dev/urandom >"$T/random.bin"
{ printf 'x\000'; head -c 2000 /dev/urandom; printf '\r\n'; head -c 2000 /dev/urandom; } >"$T/crlf.bin"
cp "$(command -v sh)" "$T/program.bin"
for f in random crlf program; do
	run verify "$T/$f.bin"
	expect_rc 15 "verify $f bytes"
	expect_out "this is not a text file"
	expect_out "so it is not a mentorpact agreement"
	grep -q 'CR LF' "$T/out" && fail "$f: binary described as CR LF"
done
# A text that is not an agreement keeps its own reason, without CR LF.
printf 'hello\r\nworld\r\n' >"$T/hello.txt"
run verify "$T/hello.txt"
expect_rc 15 "verify a CR LF text without a block"
expect_out "there is no signature block"
grep -q 'CR LF' "$T/out" && fail "a text without a block described as CR LF"
# Damage to the mentee's signature alone is the mentee's: the mentor's
# signature still holds, and no repair of the text may be reported
# instead ("changed after the mentor signed it" was said before).
for n in 1 4; do
	awk -v n=$n 'p && c == n { $0 = substr($0, 1, 10) \
		(substr($0, 11, 1) == "A" ? "B" : "A") substr($0, 12) }
		p { c++ } /^mentee signature:$/ { p = 1; c = 1 }
		/^-----END/ { p = 0 } { print }' "$T/ok.txt" >"$T/mentee$n.txt"
	cmp -s "$T/ok.txt" "$T/mentee$n.txt" && fail "line $n: not corrupted"
	run verify "$T/mentee$n.txt"
	expect_rc 15 "verify with the mentee's signature damaged (line $n)"
	expect_out "the mentee's signature"
	grep -q '^  mentor  good' "$T/out" ||
		fail "line $n: the mentor's signature is no longer good"
	grep -q 'after the mentor signed' "$T/out" &&
		fail "line $n: the mentee's damage blamed on the mentor"
done
echo "verify messages: ok"
