# restore.sh - the README's backup and restore, as an IT team would do it:
# a backup taken while the store is in use, checked, and put back in the
# store's place; the store then holds what it held at the backup.
. "$SRCDIR/tests/lib.sh"
export MENTORPACT_TEMPLATE_PATH="$SRCDIR/templates"
echo 'correct horse battery staple' >"$T/pw"
mp() { run --passphrase-file "$T/pw" "$@"; }
dir=$XDG_DATA_HOME/mentorpact

mp init --kdf interactive
expect_rc 0 init
mp new --scheme emmp
expect_rc 0 new
id=$(cat "$T/out")
mp set "$id" mentor.name "Ada Lovelace"
expect_rc 0 "set before the backup"
mkdir "$T/backups"
mp backup "$T/backups/agreements.mpact"
expect_rc 0 backup
mp --store "$T/backups/agreements.mpact" check
expect_rc 0 "check the backup"
mp set "$id" mentor.name "Grace Hopper"
expect_rc 0 "set after the backup"

# The README's steps.
(
	cd "$dir"
	mv agreements.mpact agreements.mpact.old
	[ ! -e agreements.mpact-journal ] || mv agreements.mpact-journal old-journal
	cp -p "$T/backups/agreements.mpact" agreements.mpact
) || fail "the restore steps failed"
[ "$(stat -c %a "$dir/agreements.mpact")" = 600 ] ||
	fail "the restored store is not 0600"
mp check
expect_rc 0 "check the restored store"
mp show "$id"
expect_rc 0 "show after the restore"
expect_out "Mentor: Ada Lovelace"
! grep -q "Grace Hopper" "$T/out" || fail "the restore kept a later change"
