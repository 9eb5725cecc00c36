# hardening.sh - the edges an adversary tried (issue 11): symlinked stores,
# a FIFO as the store, and a header whose key-derivation settings were
# raised with a freshly computed checksum.
. "$SRCDIR/tests/lib.sh"
echo 'correct horse battery staple' >"$T/pw"
run --store "$T/full.mpact" --passphrase-file "$T/pw" init --kdf interactive
expect_rc 0 "init"
run --store "$T/full.mpact" --passphrase-file "$T/pw" new --scheme nhs-reciprocal
expect_rc 0 "new"
ID=$(cat "$T/out")
run --store "$T/full.mpact" --passphrase-file "$T/pw" set "$ID" mentee.name Grace
expect_rc 0 "set"

# 1. A symlink to the store, a symlinked folder, init under a symlinked
# XDG_DATA_HOME: each works like the real path.
ln -s "$T/full.mpact" "$T/link.mpact"
run --store "$T/link.mpact" --passphrase-file "$T/pw" list
expect_rc 0 "list through a symlinked store"
expect_out "Grace"
mkdir "$T/real"
ln -s "$T/real" "$T/linkdir"
run --store "$T/linkdir/s.mpact" --passphrase-file "$T/pw" init --kdf interactive
expect_rc 0 "init in a symlinked folder"
[ -f "$T/real/s.mpact" ] || fail "the store is not in the real folder"
run --store "$T/linkdir/s.mpact" --passphrase-file "$T/pw" new --scheme nhs-reciprocal
expect_rc 0 "new through a symlinked folder"
run --store "$T/linkdir/s.mpact" --passphrase-file "$T/pw" set "$(cat "$T/out")" mentee.name Bo
expect_rc 0 "set through a symlinked folder"
run --store "$T/real/s.mpact" --passphrase-file "$T/pw" list --format json
expect_rc 0 "list by the real path"
expect_out '"Bo"'
mkdir "$T/xdg-real"
ln -s "$T/xdg-real" "$T/xdg"
rc=0
XDG_DATA_HOME="$T/xdg" "$MP" --passphrase-file "$T/pw" init --kdf interactive \
	>"$T/out" 2>"$T/err" </dev/null || rc=$?
expect_rc 0 "init under a symlinked XDG_DATA_HOME"
[ -s "$T/xdg-real/mentorpact/agreements.mpact" ] || fail "no store under XDG_DATA_HOME"
rc=0
XDG_DATA_HOME="$T/xdg" "$MP" --passphrase-file "$T/pw" list \
	>"$T/out" 2>"$T/err" </dev/null || rc=$?
expect_rc 0 "list under a symlinked XDG_DATA_HOME"
echo "ok: symlinks"

# 8. A FIFO named as the store is refused at once, not waited on.
mkfifo "$T/fifo"
run --store "$T/fifo" --passphrase-file "$T/pw" list &
pid=$!
i=0
while kill -0 "$pid" 2>/dev/null && [ $i -lt 200 ]; do
	sleep 0.1
	i=$((i + 1))
done
if kill -0 "$pid" 2>/dev/null; then
	kill "$pid"
	fail "a FIFO as the store hangs"
fi
rc=0
wait "$pid" || rc=$?
run --store "$T/fifo" --passphrase-file "$T/pw" list
expect_rc 5 "a FIFO as the store"
expect_err "not a regular file"
echo "ok: FIFO"

# 3. The header's KDF settings raised, checksum recomputed: refused at once
# as an altered header (exit 6), never paid for, never "wrong passphrase".
# set_header FILE OFFSET SIZE VALUE: write a little-endian field in both
# copies and recompute each copy's BLAKE2b-256.
set_header() {
	python3 - "$@" <<'PY'
import hashlib, struct, sys
path, off, size, val = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
b = bytearray(open(path, 'rb').read())
for base in (0, 4096):
    b[base + off:base + off + size] = val.to_bytes(size, 'little')
    b[base + 4064:base + 4096] = hashlib.blake2b(bytes(b[base:base + 4064]), digest_size=32).digest()
open(path, 'r+b').write(bytes(b[:8192]))
PY
}
header_case() { # name offset size value
	cp "$T/full.mpact" "$T/h.mpact"
	set_header "$T/h.mpact" "$2" "$3" "$4"
	start=$(date +%s)
	run --store "$T/h.mpact" --passphrase-file "$T/pw" list
	[ $(($(date +%s) - start)) -le 5 ] || fail "$1: took over 5 s"
	expect_rc 6 "$1"
	expect_err "asks for Argon2id"
	expect_err "altered or is damaged"
	grep -q "wrong passphrase" "$T/err" && fail "$1: said wrong passphrase"
	run --store "$T/h.mpact" --passphrase-file "$T/pw" check
	expect_rc 6 "$1: check"
	expect_err "asks for Argon2id"
	echo "ok: header $1"
}
header_case "opslimit 2^32" 24 8 4294967296
header_case "opslimit 3 at the interactive level" 24 8 3
header_case "memlimit 1 GiB at the interactive level" 32 8 1073741824
header_case "memlimit 2^40" 32 8 1099511627776
header_case "level 7" 40 4 7
# An honest-looking level change (all three fields of "sensitive") costs
# the documented maximum and names the level in its message.
cp "$T/full.mpact" "$T/h.mpact"
set_header "$T/h.mpact" 24 8 4
set_header "$T/h.mpact" 32 8 1073741824
set_header "$T/h.mpact" 40 4 2
run --store "$T/h.mpact" --passphrase-file "$T/pw" list
expect_rc 3 "a store moved to the sensitive level"
expect_err "asks for the sensitive key-derivation level"
# The untouched store still opens, and a wrong passphrase is still that.
run --store "$T/full.mpact" --passphrase-file "$T/pw" list
expect_rc 0 "the original still opens"
echo 'not it' >"$T/bad"
run --store "$T/full.mpact" --passphrase-file "$T/bad" list
expect_rc 3 "wrong passphrase"
expect_err "wrong passphrase for"

# 4. A backup killed at each of its writes never leaves a file at its
# destination (only DEST.partial-XXXXXXXX), and the next backup works.
if command -v strace >/dev/null &&
	strace -f -qq -o /dev/null -e trace=none true 2>/dev/null; then
	# LeakSanitizer cannot run under ptrace.
	ASAN_OPTIONS=detect_leaks=0 strace -f -qq -o "$T/trace" -e trace=pwrite64,write "$MP" \
		--store "$T/full.mpact" --passphrase-file "$T/pw" \
		backup "$T/count.mpact" >/dev/null 2>&1 ||
		fail "backup under strace"
	writes=$(grep -c 'write' "$T/trace")
	[ "$writes" -ge 3 ] || fail "only $writes writes counted"
	n=1
	while [ "$n" -le "$writes" ]; do
		rm -f "$T"/b.mpact*
		rc=0
		ASAN_OPTIONS=detect_leaks=0 strace -f -qq -o /dev/null \
			-e trace=pwrite64,write -e inject=pwrite64,write:signal=KILL:when=$n "$MP" \
			--store "$T/full.mpact" --passphrase-file "$T/pw" \
			backup "$T/b.mpact" >/dev/null 2>&1 || rc=$?
		if [ -e "$T/b.mpact" ]; then
			# Only a complete, checked copy may have the name.
			run --store "$T/b.mpact" --passphrase-file "$T/pw" list
			expect_rc 0 "backup killed at write $n: the copy"
			expect_out "Grace"
		else
			run --store "$T/full.mpact" --passphrase-file "$T/pw" \
				backup "$T/b.mpact"
			expect_rc 0 "backup again after a kill at write $n"
		fi
		run --store "$T/b.mpact" --passphrase-file "$T/pw" check
		expect_rc 0 "check of the backup after a kill at write $n"
		n=$((n + 1))
	done
	echo "ok: backup killed at each of its $writes writes"
else
	echo "no strace here: the killed-backup case is skipped"
fi
echo "hardening (store): ok"
