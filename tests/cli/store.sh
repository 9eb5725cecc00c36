# store.sh - the store's commands through the real binary: init, passwd,
# keys, check, backup, and their errors and exit codes.
. "$SRCDIR/tests/lib.sh"
S=$T/agreements.mpact
echo 'correct horse battery staple' >"$T/pw"
echo 'a second good passphrase' >"$T/pw2"
echo 'not the passphrase at all' >"$T/bad"
echo 'short' >"$T/short"

run --help
expect_rc 0 "--help"
for c in init passwd keys check backup; do expect_out "$c"; done
awk 'length($0) > 79 { bad = 1 } END { exit bad }' "$T/out" ||
	fail "--help has a line wider than 79 columns"
# Every command answers --help with its usage, and touches no store.
for c in init passwd keys check backup new set confirm show sign end review \
	recontract audit export verify import list purge subject-export \
	erase settings report signers key templates; do
	run "$c" --help
	expect_rc 0 "$c --help"
	expect_out "usage: mentorpact $c"
done
run --version
expect_rc 0 "--version"
expect_out "mentorpact 0."
run frobnicate
expect_rc 2 "unknown command"
expect_err "unknown command 'frobnicate'"

# No store yet.
run --store "$S" --passphrase-file "$T/pw" check
expect_rc 4 "check without a store"
expect_err "there is no store at $S"
# No terminal and no passphrase file: says what to do.
run --store "$S" init
expect_rc 2 "init without a terminal"
expect_err "--passphrase-file"
run --store "$S" --passphrase-file "$T/short" init --kdf interactive
expect_rc 12 "short passphrase"
expect_err "too short"
[ ! -e "$S" ] || fail "a refused init left a file"
run --store "$S" --passphrase-file "$T/pw" init --kdf fast
expect_rc 2 "bad --kdf"
expect_err "unknown --kdf level 'fast'"

# Create: 0600, in a new 0700 folder, never over an existing file.
run --store "$T/new/dir/a.mpact" --passphrase-file "$T/pw" init --kdf interactive
expect_rc 0 "init"
[ "$(stat -c %a "$T/new/dir/a.mpact")" = 600 ] || fail "store not 0600"
[ "$(stat -c %a "$T/new/dir")" = 700 ] || fail "folder not 0700"
run --store "$S" --passphrase-file "$T/pw" init --kdf interactive
expect_rc 0 "init"
expect_out "created $S"
cp "$S" "$T/before"
run --store "$S" --passphrase-file "$T/pw2" init --kdf interactive
expect_rc 11 "init over a store"
expect_err "already exists; nothing was changed"
cmp -s "$S" "$T/before" || fail "init over a store changed it"
# The default store path follows XDG_DATA_HOME.
run --passphrase-file "$T/pw" init --kdf interactive
expect_rc 0 "init at the default path"
[ -f "$XDG_DATA_HOME/mentorpact/agreements.mpact" ] || fail "default path"
MENTORPACT_STORE=$S run --passphrase-file "$T/pw" check
expect_rc 0 "MENTORPACT_STORE"
expect_out "$S: ok"

# Wrong passphrase: its own code, and the file is byte-identical.
run --store "$S" --passphrase-file "$T/bad" check
expect_rc 3 "wrong passphrase"
expect_err "wrong passphrase for $S"
cmp -s "$S" "$T/before" || fail "a wrong passphrase changed the store"

# Not a store.
echo "Dear mentor, this is a letter." >"$T/letter.txt"
run --store "$T/letter.txt" --passphrase-file "$T/pw" check
expect_rc 5 "not a store"
expect_err "is not a mentorpact store"

# Key slots.
run --store "$S" --passphrase-file "$T/pw" keys list
expect_rc 0 "keys list"
expect_out "0      in use (the passphrase just given)"
run --store "$S" --passphrase-file "$T/pw" keys add
expect_rc 2 "keys add without a new passphrase file"
run --store "$S" --passphrase-file "$T/pw" keys add --new-passphrase-file "$T/pw2"
expect_rc 0 "keys add"
expect_out "added a passphrase in key slot 1"
run --store "$S" --passphrase-file "$T/pw" keys add --new-passphrase-file "$T/pw2"
expect_rc 11 "keys add twice"
run --store "$S" --passphrase-file "$T/pw2" keys list
expect_out "1      in use (the passphrase just given)"
run --store "$S" --passphrase-file "$T/pw2" keys remove 7
expect_rc 4 "remove an unused slot"
run --store "$S" --passphrase-file "$T/pw2" keys remove x
expect_rc 2 "remove a non-number"
run --store "$S" --passphrase-file "$T/pw2" keys remove 0
expect_rc 0 "keys remove"
run --store "$S" --passphrase-file "$T/pw" check
expect_rc 3 "a removed passphrase"
run --store "$S" --passphrase-file "$T/pw2" keys remove 1
expect_rc 13 "remove the last slot"
expect_err "the only passphrase"

# passwd.
run --store "$S" --passphrase-file "$T/pw2" passwd --new-passphrase-file "$T/pw"
expect_rc 0 "passwd"
run --store "$S" --passphrase-file "$T/pw2" check
expect_rc 3 "the old passphrase after passwd"
run --store "$S" --passphrase-file "$T/pw" check
expect_rc 0 "the new passphrase after passwd"

# backup.
run --store "$S" --passphrase-file "$T/pw" backup "$T/copy.mpact"
expect_rc 0 "backup"
[ "$(stat -c %a "$T/copy.mpact")" = 600 ] || fail "backup not 0600"
run --store "$T/copy.mpact" --passphrase-file "$T/pw" check
expect_rc 0 "check the backup"
run --store "$S" --passphrase-file "$T/pw" backup "$T/copy.mpact"
expect_rc 11 "backup over a file"
run --store "$S" --passphrase-file "$T/pw" backup
expect_rc 2 "backup without DEST"

# Permission denied (as root, a read-only folder does not stop us, so use
# a folder that is not a folder).
run --store "$T/letter.txt/x.mpact" --passphrase-file "$T/pw" init
[ "$rc" -ne 0 ] || fail "init under a file succeeded"
echo "store commands: ok"
