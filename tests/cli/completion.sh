# completion.sh - the bash completion script, loaded in bash and asked for
# commands, options, option values, template ids, and agreement ids
# (only when a --passphrase-file opens the store; never a prompt).
. "$SRCDIR/tests/lib.sh"
command -v bash >/dev/null || fail "bash is needed for this test"
export MENTORPACT_TEMPLATE_PATH="$SRCDIR/templates"

# A mentorpact on PATH that notes each run's arguments, then runs the
# binary under test.
mkdir "$T/bin"
cat >"$T/bin/mentorpact" <<WRAP
#!/bin/sh
echo "\$*" >>"$T/calls"
exec "$MP" "\$@"
WRAP
chmod +x "$T/bin/mentorpact"
echo 'correct horse battery staple' >"$T/pw"
run --store "$T/s.mpact" --passphrase-file "$T/pw" init --kdf interactive
expect_rc 0 init
run --store "$T/s.mpact" --passphrase-file "$T/pw" new --scheme emmp
expect_rc 0 new
id=$(cat "$T/out")

# complete_words WORD...: what completing the last word offers, one a line.
complete_words() {
	PATH="$T/bin:$PATH" bash --norc --noprofile -c '
		. "$1/completion/mentorpact.bash"
		shift
		COMP_WORDS=("$@")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_mentorpact
		printf "%s\n" "${COMPREPLY[@]}"' bash "$SRCDIR" "$@" \
		</dev/null >"$T/out" 2>"$T/err" || fail "bash failed: $*"
}

offers() { # each word must be among the offers
	for w; do
		grep -qx -- "$w" "$T/out" || fail "completion lacks '$w'"
	done
}

complete_words mentorpact te
offers templates
[ "$(wc -l <"$T/out")" -eq 1 ] || fail "'te' should offer templates alone"
complete_words mentorpact ''
offers init new show sign export verify list templates
complete_words mentorpact list --st
offers --status
complete_words mentorpact list --format ''
offers table csv json
complete_words mentorpact init --kdf m
offers moderate
complete_words mentorpact templates ''
offers list show check example
complete_words mentorpact templates show ''
offers bsw-hub emmp img-peer nhs-reciprocal university-pilot
complete_words mentorpact new --scheme u
offers university-pilot
complete_words mentorpact sign X --as ''
offers mentor mentee
complete_words mentorpact --
offers --store --passphrase-file --plain --version

# Agreement ids: from the store only through a passphrase file.
rm -f "$T/calls"
complete_words mentorpact --store "$T/s.mpact" show ''
! grep -q . "$T/out" || fail "ids were offered without a passphrase file"
if grep -q 'list' "$T/calls" 2>/dev/null; then
	fail "completion opened the store without a passphrase file"
fi
complete_words mentorpact --store "$T/s.mpact" --passphrase-file "$T/pw" \
	show ''
offers "$id"
grep -q -- "--passphrase-file $T/pw --store $T/s.mpact list" "$T/calls" ||
	fail "the ids did not come from the store"
