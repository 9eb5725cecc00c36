# failures.sh - each failure the file system can cause gets its own clear
# message and exit code, and changes nothing: disk full, read-only file
# system, permission denied, store busy.  The disk-full and read-only
# cases run in a private mount namespace with a tiny tmpfs.
. "$SRCDIR/tests/lib.sh"
HOLD=$SRCDIR/$BUILD/tests/tools/hold_lock
echo 'correct horse battery staple' >"$T/pw"
$MP templates example nhs-reciprocal >"$T/answers.yaml" ||
	fail "templates example"

# Store busy: another process holds the write lock longer than we wait.
run --store "$T/busy.mpact" --passphrase-file "$T/pw" init --kdf interactive
"$HOLD" "$T/busy.mpact" "$T/pw" 25 >"$T/hold" &
holder=$!
i=0
until grep -q locked "$T/hold" 2>/dev/null; do
	sleep 0.1
	i=$((i + 1))
	[ $i -lt 100 ] || fail "the lock holder never locked"
done
run --store "$T/busy.mpact" --passphrase-file "$T/pw" new --scheme nhs-reciprocal --answers "$T/answers.yaml"
kill "$holder" 2>/dev/null || true
wait "$holder" 2>/dev/null || true
expect_rc 7 "a store locked by another process"
expect_err "is busy: another mentorpact is using it"

# Permission denied: someone else's store.
as_nobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
}
if command -v setpriv >/dev/null && [ "$(id -u)" = 0 ] &&
	as_nobody "$MP" --version >/dev/null 2>&1; then
	chmod 755 "$T"
	run --store "$T/busy.mpact" --passphrase-file "$T/pw" check
	expect_rc 0 "the store is fine"
	chmod 644 "$T/pw"
	rc=0
	as_nobody "$MP" --store "$T/busy.mpact" --passphrase-file "$T/pw" check \
		>"$T/out" 2>"$T/err" </dev/null || rc=$?
	expect_rc 9 "a store the user may not read"
	expect_err "permission denied"
else
	echo "cannot run as another user here: permission case skipped"
fi

# Disk full and read-only: a 200 KiB file system of our own.
if ! unshare -m true 2>/dev/null; then
	echo "no mount namespaces here: disk-full and read-only cases skipped"
	echo "failure messages: ok"
	exit 0
fi
cat >"$T/inner.sh" <<INNER
set -eu
mount -t tmpfs -o size=800k tmpfs "$T/small"
S="$T/small/s.mpact"
"$MP" --store "\$S" --passphrase-file "$T/pw" init --kdf interactive >/dev/null
cp "\$S" "$T/before"
# Fill the rest of the disk, then try to add an agreement.
dd if=/dev/zero of="$T/small/filler" bs=4096 count=1000 2>/dev/null || true
rc=0
"$MP" --store "\$S" --passphrase-file "$T/pw" new --scheme nhs-reciprocal \
	--answers "$T/answers.yaml" >"$T/full.out" 2>"$T/full.err" || rc=\$?
echo \$rc >"$T/full.rc"
rm -f "$T/small/filler"
"$MP" --store "\$S" --passphrase-file "$T/pw" check >"$T/after-full" 2>&1 ||
	echo "check failed after disk full" >>"$T/after-full"
"$MP" --store "\$S" --passphrase-file "$T/pw" list >"$T/list-after-full" 2>&1
# Read-only.
mount -o remount,ro "$T/small"
rc=0
"$MP" --store "\$S" --passphrase-file "$T/pw" new --scheme nhs-reciprocal \
	--answers "$T/answers.yaml" >"$T/ro.out" 2>"$T/ro.err" || rc=\$?
echo \$rc >"$T/ro.rc"
umount "$T/small"
INNER
mkdir -p "$T/small"
unshare -m sh "$T/inner.sh" || fail "the mount namespace script failed"
[ "$(cat "$T/full.rc")" = 8 ] || { cat "$T/full.err"; fail "disk full: exit $(cat "$T/full.rc"), expected 8"; }
grep -q "is full; nothing was changed" "$T/full.err" || fail "disk full message"
grep -q ": ok:" "$T/after-full" || { cat "$T/after-full"; fail "the store is not intact after the disk filled"; }
[ "$(wc -l <"$T/list-after-full")" -eq 1 ] || fail "a half-made agreement was left after the disk filled"
[ "$(cat "$T/ro.rc")" = 9 ] || { cat "$T/ro.err"; fail "read-only: exit $(cat "$T/ro.rc"), expected 9"; }
grep -q "permission denied" "$T/ro.err" || fail "read-only message"
echo "failure messages: ok"
