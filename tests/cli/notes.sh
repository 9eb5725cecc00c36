# notes.sh - private notes and the CPD export through the real binary:
# sealed notes added, listed, replaced and deleted with the writer's
# signing passphrase; the mentor's notes gated by the mentee's consent in
# bsw-hub (both ways); wrong passphrases and the other party refused; the
# CPD export's content, its mode 0600 and a symbolic link refused; and
# the records in subject-export, erase (also --keep-signed) and purge.
# (test_notes proves on the decrypted pages that no note is in the clear.)
. "$SRCDIR/tests/lib.sh"
S=$T/agreements.mpact
echo 'correct horse battery staple' >"$T/pw"
echo 'the mentor signs with this' >"$T/spm"
echo 'and the mentee with another' >"$T/spe"
echo 'not anybody passphrase here' >"$T/bad"

mp() { run --store "$S" --passphrase-file "$T/pw" "$@"; }

# mentorpact with a note's text on standard input.
mpin() { # text, arguments...
	text=$1
	shift
	rc=0
	printf '%s\n' "$text" | "$MP" --store "$S" --passphrase-file "$T/pw" \
		"$@" >"$T/out" 2>"$T/err" || rc=$?
	if grep -q 'Sanitizer\|runtime error' "$T/err"; then
		fail "sanitizer report from: mentorpact $*"
	fi
	[ "$rc" -lt 128 ] || fail "killed by a signal ($rc): mentorpact $*"
}

new_agreement() { # scheme, mentor, email, mentee, email, consent; sets $id
	"$MP" templates example "$1" | sed -e '/^  email: /d' \
		-e "s/^  name: Priya Shah\$/  name: $2\n  email: $3/" \
		-e "s/^  name: Daniel Okafor\$/  name: $4\n  email: $5/" \
		-e "s/^  notes_agreed: .*/  notes_agreed: $6/" >"$T/answers.yaml"
	mp new --scheme "$1" --answers "$T/answers.yaml"
	expect_rc 0 "new $1"
	id=$(cat "$T/out")
}

sign_both() { # id, mentor's name, mentee's name
	mp sign "$1" --as mentor --name "$2" --signing-passphrase-file "$T/spm"
	expect_rc 0 "sign $1 as mentor"
	mp sign "$1" --as mentee --name "$3" --signing-passphrase-file "$T/spe"
	expect_rc 0 "sign $1 as mentee"
}

run --help
expect_out "  notes add|list|edit|delete"
expect_out "  records export"
run notes --help
expect_rc 0 "notes --help"
expect_out "notes add|list|edit|delete ID [NOTE] --as mentor|mentee"

# Bash completion reads them from the help.
complete_words() { # words typed, the last one being completed
	bash -c '. "$1/completion/mentorpact.bash"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _mentorpact
		echo "${COMPREPLY[*]}"' sh "$SRCDIR" "$MP" "$@"
}
[ "$(complete_words notes "")" = "add delete edit list" ] ||
	fail "completion of notes: $(complete_words notes "")"
[ "$(complete_words notes add X --as "")" = "mentor mentee" ] ||
	fail "completion of notes --as"
[ "$(complete_words records "")" = "export" ] ||
	fail "completion of records"
mp init --kdf interactive
expect_rc 0 "init"

# --- consent: bsw-hub, the mentee said no ---------------------------------
new_agreement bsw-hub "Nora Mentor" nora@example.org "Ned Mentee" \
	ned@example.org no
N=$id
mpin "too early" notes add "$N" --as mentee --signing-passphrase-file "$T/spe"
expect_rc 13 "a note before the agreement is active"
expect_err "only while the agreement is active"
sign_both "$N" "Nora Mentor" "Ned Mentee"
mpin "MARKER-NO-CONSENT" notes add "$N" --as mentor \
	--signing-passphrase-file "$T/spm"
expect_rc 13 "the mentor's note without the mentee's yes"
expect_err "the mentor keeps notes only when the mentee agreed to it"
expect_err "answered 'no' to \"Happy for the mentor to take notes\" (notes_agreed)"
mpin "Ned's own reflection" notes add "$N" --as mentee \
	--signing-passphrase-file "$T/spe"
expect_rc 0 "the mentee's note needs no consent"
expect_out "added note 1 of the mentee"

# --- bsw-hub, the mentee said yes ---------------------------------------
new_agreement bsw-hub "Yara Mentor" yara@example.org "Yusuf Mentee" \
	yusuf@example.org yes
Y=$id
sign_both "$Y" "Yara Mentor" "Yusuf Mentee"
mpin "MARKER-MENTOR-ONE: Yusuf is ready for the panel" notes add "$Y" \
	--as mentor --signing-passphrase-file "$T/spm"
expect_rc 0 "the mentor's note with the mentee's yes"
expect_out "added note 2 of the mentor"
printf 'MARKER-MENTOR-TWO\nsecond line\n' >"$T/note.txt"
mp notes add "$Y" --as mentor --file "$T/note.txt" \
	--signing-passphrase-file "$T/spm"
expect_rc 0 "a note from --file"
mpin "MARKER-MENTEE" notes add "$Y" --as mentee \
	--signing-passphrase-file "$T/spe"
expect_rc 0 "the mentee's note"
mp notes list "$Y" --as mentor --signing-passphrase-file "$T/spm"
expect_rc 0 "list the mentor's notes"
expect_out "--- note 2 (written "
expect_out "MARKER-MENTOR-ONE: Yusuf is ready for the panel"
expect_out "MARKER-MENTOR-TWO"
expect_out "second line"
grep -q MARKER-MENTEE "$T/out" && fail "the mentor's list shows the mentee's"

# Wrong passphrase, the other party, no text, bad numbers.
mp notes list "$Y" --as mentor --signing-passphrase-file "$T/bad"
expect_rc 3 "list with a wrong passphrase"
expect_err "wrong signing passphrase for the mentor"
grep -q MARKER "$T/out" && fail "a wrong passphrase showed a note"
mp notes list "$Y" --as mentor --signing-passphrase-file "$T/spe"
expect_rc 3 "the mentee's passphrase on the mentor's notes"
grep -q MARKER "$T/out" && fail "the other party read a note"
mpin "MARKER-INTRUDER" notes add "$Y" --as mentor \
	--signing-passphrase-file "$T/spe"
expect_rc 3 "a note written with the other party's passphrase"
mpin "" notes add "$Y" --as mentee --signing-passphrase-file "$T/spe"
expect_rc 12 "an empty note"
expect_err "the note is empty"
mp notes add "$Y" "MARKER-ARGV" --as mentee
expect_rc 2 "a note's text as an argument"
mp notes add "$Y" --signing-passphrase-file "$T/spe"
expect_rc 2 "no --as"
expect_err "--as mentor or --as mentee"
mp notes edit "$Y" --as mentor
expect_rc 2 "edit without a number"
mpin "x" notes edit "$Y" 99 --as mentor --signing-passphrase-file "$T/spm"
expect_rc 4 "edit a note that is not there"
expect_err "has no note 99 of the mentor"
mpin "x" notes edit "$Y" 4 --as mentor --signing-passphrase-file "$T/spm"
expect_rc 4 "edit the mentee's note as the mentor"

# Edit and delete, read back.
mpin "MARKER-MENTOR-EDITED" notes edit "$Y" 2 --as mentor \
	--signing-passphrase-file "$T/spm"
expect_rc 0 "edit a note"
expect_out "replaced note 2 of the mentor"
mp notes delete "$Y" 3 --as mentor --signing-passphrase-file "$T/bad"
expect_rc 3 "delete with a wrong passphrase"
mp notes delete "$Y" 3 --as mentor --signing-passphrase-file "$T/spm"
expect_rc 0 "delete a note"
mp notes list "$Y" --as mentor --signing-passphrase-file "$T/spm"
expect_rc 0 "list after edit and delete"
expect_out "MARKER-MENTOR-EDITED"
grep -q "MARKER-MENTOR-ONE\|MARKER-MENTOR-TWO" "$T/out" &&
	fail "an edited or deleted note is still listed"
mp audit "$Y"
expect_rc 0 "audit"
expect_out "note added"
expect_out "note replaced"
expect_out "note deleted"
grep -q MARKER "$T/out" && fail "the audit trail holds a note's text"

# emmp keeps notes for the mentor only.
new_agreement emmp "Eve Mentor" eve@example.org "Ezra Mentee" \
	ezra@example.org yes
M=$id
sign_both "$M" "Eve Mentor" "Ezra Mentee"
mpin "MARKER-EMMP" notes add "$M" --as mentee --signing-passphrase-file "$T/spe"
expect_rc 13 "a mentee's note where the scheme keeps none"
expect_err "the emmp scheme keeps no private notes for the mentee"
mpin "MARKER-EMMP-MENTOR" notes add "$M" --as mentor \
	--signing-passphrase-file "$T/spm"
expect_rc 0 "the emmp mentor's note"

# --- the CPD export ----------------------------------------------------------
mp records export "$Y" --as mentor --output "$T/cpd.txt" \
	--signing-passphrase-file "$T/bad"
expect_rc 3 "export with a wrong passphrase"
[ -e "$T/cpd.txt" ] && fail "a refused export left a file"
mp records export "$Y" --as mentor --output "$T/cpd.txt" \
	--signing-passphrase-file "$T/spm"
expect_rc 0 "export the mentor's records"
expect_out "wrote $T/cpd.txt"
[ "$(stat -c %a "$T/cpd.txt")" = 600 ] || fail "the export is not mode 0600"
for want in "CPD record of mentoring" "Scheme:     " "(bsw-hub)" "Agreement:  $Y version 1 (active)" \
	"Mentor:     Yara Mentor" "Mentee:     Yusuf Mentee" "Started:    " \
	"Exported by the mentor (Yara Mentor)" "No session is recorded." \
	"== Forms filled by the mentor ==" "== Private notes of the mentor ==" \
	"MARKER-MENTOR-EDITED"; do
	grep -qF -- "$want" "$T/cpd.txt" || fail "the export lacks '$want'"
done
grep -q "MARKER-MENTEE\|MARKER-MENTOR-ONE" "$T/cpd.txt" &&
	fail "the export holds another's or a replaced note"
mp records export "$Y" --as mentor --output "$T/cpd.txt" \
	--signing-passphrase-file "$T/spm"
expect_rc 2 "export over an existing file"
expect_err "exists: choose a new name"
ln -s "$T/target.txt" "$T/link.txt"
mp records export "$Y" --as mentor --output "$T/link.txt" \
	--signing-passphrase-file "$T/spm"
[ "$rc" -ne 0 ] || fail "export through a symbolic link"
[ -e "$T/target.txt" ] && fail "the export followed a symbolic link"
mp records export "$Y" --as mentee --signing-passphrase-file "$T/spe"
expect_rc 0 "export the mentee's records to standard output"
expect_out "MARKER-MENTEE"
expect_out "Exported by the mentee (Yusuf Mentee)"
grep -q "MARKER-MENTOR" "$T/out" && fail "the mentee's export shows the mentor's notes"
mp records export "$Y" --as mentee --signing-passphrase-file "$T/spm"
expect_rc 3 "the mentor's passphrase on the mentee's export"
mp records list "$Y" --as mentee
expect_rc 2 "records with another verb"

# --- subject-export, erase ---------------------------------------------------
mp subject-export yara@example.org
expect_rc 0 "subject-export of the mentor"
expect_out "Sessions you recorded:"
expect_out "Forms you filled:"
expect_out "Private notes: 1 sealed note of yours is kept here"
expect_out "mentorpact records"
grep -q MARKER "$T/out" && fail "subject-export opened a sealed note"
mp subject-export ned@example.org
expect_rc 0 "subject-export of a mentee"
expect_out "Private notes: 1 sealed note of yours is kept here"

mp erase yusuf@example.org --keep-signed --dry-run
expect_rc 0 "erase --dry-run"
expect_out "delete the records they wrote: 0 sessions, 0 form entries, 1 private note"
mp erase yusuf@example.org --keep-signed
expect_rc 0 "erase --keep-signed"
expect_out "deleted the records they wrote: 0 sessions, 0 form entries, 1 private note"
expect_out "kept    $Y version 1"
mp notes list "$Y" --as mentor --signing-passphrase-file "$T/spm"
expect_rc 0 "the other party's notes stay"
expect_out "MARKER-MENTOR-EDITED"
mp audit "$Y"
expect_out "records erased"
grep -q MARKER "$T/out" && fail "the audit trail holds a note's text"
mp erase nora@example.org
expect_rc 0 "erase the mentor of $N"
mp subject-export ned@example.org
expect_rc 4 "nothing is left of the agreement erased whole"

# --- purge: the records go with the agreement ------------------------------
mp settings set retention.emmp "1 day"
expect_rc 0 "a short retention"
mp end "$M" --by both --early-reason "the mentee changed post"
expect_rc 0 "end $M"
mp notes list "$M" --as mentor --signing-passphrase-file "$T/spm"
expect_rc 0 "notes are read after the end"
expect_out "MARKER-EMMP-MENTOR"
mpin "MARKER-LATE" notes add "$M" --as mentor --signing-passphrase-file "$T/spm"
expect_rc 13 "no note once the relationship ended"
rc=0
ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" \
	faketime -f "+40d" "$MP" --store "$S" --passphrase-file "$T/pw" purge \
	>"$T/out" 2>"$T/err" </dev/null || rc=$?
expect_rc 0 "purge 40 days on"
expect_out "purged 1 agreement"
mp subject-export eve@example.org
expect_rc 4 "nothing of the purged agreement"
mp check
expect_rc 0 "check after purge"

# --- consent taken back in a later version ---------------------------------
new_agreement bsw-hub "Wren Mentor" wren@example.org "Walt Mentee" \
	walt@example.org yes
W=$id
sign_both "$W" "Wren Mentor" "Walt Mentee"
mpin "MARKER-BEFORE" notes add "$W" --as mentor --signing-passphrase-file "$T/spm"
expect_rc 0 "the mentor's note while the mentee agrees"
mp recontract "$W"
expect_rc 0 "recontract"
mp set "$W" notes_agreed no --as mentee
expect_rc 0 "the mentee takes consent back"
mp show "$W"
for sec in $(sed -n 's/.*\[\([a-z_-]*\)\]: needs.*/\1/p' "$T/out"); do
	for r in mentor mentee; do
		mp confirm "$W" "$sec" --as "$r"
		expect_rc 0 "confirm $sec as $r"
	done
done
sign_both "$W" "Wren Mentor" "Walt Mentee"
mp list --status active --format csv
expect_out "$W"
mp show "$W"
expect_out "Status: active"
expect_out "Agreement $W version 2"
expect_out "notes_agreed (yes/no, required): no"
mpin "MARKER-AFTER" notes add "$W" --as mentor --signing-passphrase-file "$T/spm"
expect_rc 13 "no new note once consent is taken back"
expect_err "version 2 the mentee answered 'no'"
mp notes list "$W" --as mentor --signing-passphrase-file "$T/spm"
expect_rc 0 "the mentor still reads and can delete what was written"
expect_out "MARKER-BEFORE"
expect_err "warning: the mentor keeps notes only when the mentee agreed"
expect_err "delete these notes"
