# export_private.sh - exports hold names, emails and phones (issue 11,
# point 5): they are created 0600 whatever the umask, a killed export
# leaves no temporary file, and a detached export whose target is taken
# (a dangling symbolic link too) writes nothing at all.
. "$SRCDIR/tests/lib.sh"
export MENTORPACT_TEMPLATE_PATH="$SRCDIR/templates"
export MENTORPACT_STORE=$T/a.mpact MENTORPACT_PASSPHRASE_FILE=$T/pw
echo 'correct horse battery staple' >"$T/pw"
echo 'the mentor signs with this' >"$T/mentor-pw"
echo 'the mentee signs with that' >"$T/mentee-pw"
run init --kdf interactive
expect_rc 0 "init"
$MP templates example nhs-reciprocal >"$T/answers.yaml"
run new --scheme nhs-reciprocal --answers "$T/answers.yaml"
expect_rc 0 "new"
ID=$(cat "$T/out")
run show "$ID"
MENTOR=$(grep '^Mentor: ' "$T/out" | sed 's/^Mentor: //; s/,.*//')
MENTEE=$(grep '^Mentee: ' "$T/out" | sed 's/^Mentee: //; s/,.*//')
run sign "$ID" --as mentor --name "$MENTOR" --signing-passphrase-file "$T/mentor-pw"
expect_rc 0 "sign as mentor"
run sign "$ID" --as mentee --name "$MENTEE" --signing-passphrase-file "$T/mentee-pw"
expect_rc 0 "sign as mentee"
mkdir "$T/x"
cd "$T/x"

# 0600 under umask 077 and under umask 022 alike, in a new folder 0700.
for mask in 077 022; do
	(umask $mask && run export "$ID" -o "$T/x/u$mask.txt" && [ "$rc" -eq 0 ]) ||
		fail "export under umask $mask"
	[ "$(stat -c %a "$T/x/u$mask.txt")" = 600 ] ||
		fail "umask $mask: export is $(stat -c %a "$T/x/u$mask.txt")"
	grep -qF "$MENTEE" "$T/x/u$mask.txt" || fail "umask $mask: not the text"
done
(umask 022 && run export "$ID" --detached "$T/x/det" && [ "$rc" -eq 0 ]) ||
	fail "detached export"
[ "$(stat -c %a "$T/x/det")" = 700 ] || fail "the new folder is not 0700"
for f in "$T"/x/det/*; do
	[ "$(stat -c %a "$f")" = 600 ] || fail "$f is not 0600"
done
(umask 022 && run export "$ID" -o "$T/x/u077.txt" --force && [ "$rc" -eq 0 ]) ||
	fail "export --force"
[ "$(stat -c %a "$T/x/u077.txt")" = 600 ] || fail "--force: not 0600"
echo "ok: modes"

# Killed at each write of the text: no temporary file is left behind.
if command -v strace >/dev/null &&
	strace -f -qq -o /dev/null -e trace=none true 2>/dev/null; then
	for n in 1 2 3; do
		rm -f "$T/x/killed.txt"
		ASAN_OPTIONS=detect_leaks=0 strace -f -qq -o /dev/null \
			-e trace=write,fsync \
			-e inject=fsync:signal=KILL:when=$n "$MP" export "$ID" \
			-o "$T/x/killed.txt" >/dev/null 2>&1 || true
		left=$(ls -A "$T/x" | grep -c mentorpact-export || true)
		[ "$left" -eq 0 ] || fail "a killed export left a temporary file"
	done
	echo "ok: killed exports leave nothing"
else
	echo "no strace here: the killed-export case is skipped"
fi

# A dangling symbolic link at one of the detached targets: refused before
# anything is written, and nothing is.
mkdir "$T/x/d2"
ln -s "$T/nowhere" "$T/x/d2/agreement-$ID-v1.txt.mentee.pub"
run export "$ID" --detached "$T/x/d2"
expect_rc 11 "a detached target taken by a dangling link"
expect_err "already exists; nothing was written"
[ "$(ls -A "$T/x/d2" | wc -l)" -eq 1 ] || fail "files were written: $(ls -A "$T/x/d2")"
ls -A "$T/x" | grep -q mentorpact-export && fail "a temporary file was left"
echo "export privacy: ok"
