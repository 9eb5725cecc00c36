# mail.sh - the signed text survives email, and the inbox is the intake.
#
# Three agreements are made, signed and exported (one from a copy of the
# emmp template whose wording has a line starting "From "), next to an
# export made before mail intake (tests/fixtures/export-pre-mail.txt).
# mail_corpus.py (Python's email package) turns them into every way mail
# delivers them; s-nail delivers one to a local Maildir through a local
# "MTA" script, mpack packs one, ripmime and munpack unpack one.  Each
# harmless case verifies with its repair named; the same case with one
# signed word changed is refused.  A 50-message mbox is imported twice.
. "$SRCDIR/tests/lib.sh"
for tool in python3 s-nail mpack munpack ripmime minisign; do
	command -v "$tool" >/dev/null 2>&1 ||
		fail "$tool is not installed (mk/deps.sh check installs it)"
done
mkdir "$T/templates" "$T/work"
sed 's/"The mentor and mentee both agree to:"/"From today the mentor and mentee both agree to:"/' \
	"$SRCDIR/templates/emmp.yaml" >"$T/templates/emmp.yaml"
grep -q 'From today' "$T/templates/emmp.yaml" || fail "template not changed"
# img-peer without typographic quotes, so that its text fits ISO-8859-1.
sed "s/’/'/g" "$SRCDIR/templates/img-peer.yaml" >"$T/templates/img-peer.yaml"
# The changed emmp wins; the source tree's stays findable (shadowed).
export MENTORPACT_TEMPLATE_PATH="$SRCDIR/templates:$T/templates"
A=$T/a.mpact
B=$T/b.mpact
echo 'correct horse battery staple' >"$T/pw"
echo 'the mentor signs with this' >"$T/mentor-pw"
echo 'the mentee signs with that' >"$T/mentee-pw"
cd "$T/work"
in_a() { run --store "$A" --passphrase-file "$T/pw" "$@"; }
in_b() { run --store "$B" --passphrase-file "$T/pw" "$@"; }
in_a init --kdf interactive
expect_rc 0 "init a"
in_b init --kdf interactive
expect_rc 0 "init b"

party_name() {
	awk -v role="$1:" '$1 == role { p = 1; next }
		/^[a-z]/ { p = 0 }
		p && $1 == "name:" { sub(/^ *name: */, ""); print; exit }' "$2"
}

exports=
for scheme in emmp bsw-hub img-peer; do
	run templates example "$scheme"
	expect_rc 0 "templates example $scheme"
	cp "$T/out" "$T/$scheme.yaml"
	if [ "$scheme" = emmp ]; then
		# Other people than the fixture's, whose keys differ: one
		# person with two keys would be refused by the register.
		sed -i -e 's/Priya Shah/Meera Joshi/; s/priya.shah@/meera.joshi@/' \
			-e 's/Daniel Okafor/Tom Reyes/; s/daniel.okafor@/tom.reyes@/' \
			"$T/$scheme.yaml"
	fi
	if [ "$scheme" = img-peer ]; then # a name ISO-8859-1 can hold
		name=$(party_name mentor "$T/$scheme.yaml")
		sed -i "s/$name/Zoë Lefèvre/" "$T/$scheme.yaml"
	fi
	in_a new --scheme "$scheme" --answers "$T/$scheme.yaml"
	expect_rc 0 "new $scheme"
	id=$(grep -Eo '^[0-9A-Z]{4}-[0-9A-Z]{4}$' "$T/out" | head -n 1)
	in_a --signing-passphrase-file "$T/mentor-pw" sign "$id" --as mentor \
		--name "$(party_name mentor "$T/$scheme.yaml")"
	expect_rc 0 "sign $scheme as mentor"
	in_a --signing-passphrase-file "$T/mentee-pw" sign "$id" --as mentee \
		--name "$(party_name mentee "$T/$scheme.yaml")"
	expect_rc 0 "sign $scheme as mentee"
	in_a export "$id" -o "$T/$scheme.txt"
	expect_rc 0 "export $scheme"
	head -n 1 "$T/$scheme.txt" | grep -qx -- '-----BEGIN MENTORPACT AGREEMENT-----' ||
		fail "an export does not start with its start line"
	exports="$exports $T/$scheme.txt"
done
grep -q '^From today' "$T/emmp.txt" || fail "no line starting 'From '"
old=$SRCDIR/tests/fixtures/export-pre-mail.txt

# --- an export made before this change still verifies and imports ---------
run verify "$old"
expect_rc 17 "verify an export made before mail intake (intact; keys not known)"
expect_out "The text is intact"
in_b import "$old"
expect_rc 0 "import an export made before mail intake"
expect_out "imported agreement YMS1-B4KM version 1"

# --- the corpus ---------------------------------------------------------------
python3 "$SRCDIR/tests/cli/mail_corpus.py" "$T/c" $exports "$old" ||
	fail "mail_corpus.py failed"
n=0
while IFS="$(printf '\t')" read -r name expect; do
	run verify "$T/c/$name"
	expect_rc 17 "verify $name (intact; keys not known)"
	expect_out "The text is intact"
	[ "$expect" = - ] || expect_out "$expect"
	run verify "$T/c/changed/$name"
	expect_rc 15 "verify $name with a word changed"
	expect_out "the text was changed after it was signed"
	grep -q "The text is intact\|Both signatures are good" "$T/out" &&
		fail "$name: a changed text was called good"
	n=$((n + 1))
done <"$T/c/cases"
[ "$n" -ge 18 ] || fail "only $n corpus cases"

# The text around a pasted agreement is never shown as signed.
run verify "$T/c/pasted-qp.eml"
grep -q "Mentoring lead\|Here is our agreement" "$T/out" &&
	fail "unsigned text around the agreement was shown"
expect_out "Not signed: the 2 lines before and 6 after the agreement"

# --- real mail tools -----------------------------------------------------------
# s-nail, delivering to a local Maildir through a local "MTA" (no network).
mkdir -p "$T/Maildir/cur" "$T/Maildir/new" "$T/Maildir/tmp"
cat >"$T/mta" <<-EOF
	#!/bin/sh
	cat >"$T/Maildir/tmp/m.\$\$" && mv "$T/Maildir/tmp/m.\$\$" "$T/Maildir/new/\$(date +%s%N).\$\$.local"
EOF
chmod +x "$T/mta"
echo "attached" | s-nail -n -# -S mta="$T/mta" -S sendwait -s "agreement" \
	-a "$T/bsw-hub.txt" admin@example.org || fail "s-nail (attachment)"
s-nail -n -# -S mta="$T/mta" -S sendwait -s "pasted" admin@example.org \
	<"$T/img-peer.txt" || fail "s-nail (pasted)"
[ "$(ls "$T/Maildir/new" | wc -l)" -eq 2 ] || fail "s-nail delivered no mail"
run verify "$T/Maildir"
expect_rc 17 "verify the Maildir s-nail delivered to (intact; keys not known)"
expect_out "2 agreements verified, 0 did not verify"
# With the register of the store they were signed in: the parties' own.
in_a signers list --format keys
expect_rc 0 "signers list --format keys"
cp "$T/out" "$T/keys.txt"
run verify --keys "$T/keys.txt" "$T/Maildir"
expect_rc 0 "verify the Maildir with a keys file"
expect_out "this is the text the mentor and the mentee signed"

# mpack packs an export as a MIME message; munpack and ripmime unpack one.
mpack -s "agreement" -o "$T/mpack.eml" "$T/emmp.txt" >/dev/null ||
	fail "mpack"
run verify "$T/mpack.eml"
expect_rc 17 "verify an mpack message (intact; keys not known)"
expect_out "attachment emmp.txt"
mkdir "$T/munpack" "$T/ripmime"
(cd "$T/munpack" && munpack -q "$T/mpack.eml" >/dev/null) || fail "munpack"
run verify "$T/munpack/emmp.txt"
expect_rc 17 "verify what munpack saved (intact; keys not known)"
ripmime -i "$T/c/attachment.eml" -d "$T/ripmime" --no-nameless ||
	fail "ripmime"
run verify "$T/ripmime/agreement.txt"
expect_rc 17 "verify what ripmime saved (intact; keys not known)"

# --- the minisign route for a recipient -------------------------------------
run verify "$T/c/reply.eml" --extract "$T/ex"
expect_rc 17 "verify --extract (intact; keys not known)"
f=$(ls "$T/ex"/*.txt)
for role in mentor mentee; do
	minisign -Vm "$f" -x "$f.$role.minisig" -p "$f.$role.pub" \
		>"$T/ms" 2>&1 || { cat "$T/ms"; fail "minisign ($role)"; }
done
grep -q -- '-----BEGIN MENTORPACT' "$f" && fail "the extracted text is not the body"
run verify "$T/c/reply.eml" --extract "$T/ex"
expect_rc 17 "verify --extract again (intact; keys not known)"
expect_out "already written"
run verify "$T/c/changed/reply.eml" --extract "$T/ex2"
expect_rc 15 "verify --extract of a changed text"
[ ! -e "$T/ex2" ] || fail "files were extracted from a changed text"
run verify --force "$T/c/reply.eml"
expect_rc 2 "--force without --extract"

# --- the inbox as intake: 50 messages, twice ----------------------------------
in_b import "$T/c/inbox.mbox"
expect_rc 15 "import an mbox holding a tampered copy"
expect_out "Summary: 3 imported, 37 already there, 1 refused, 9 not an agreement"
expect_out "refused: $T/c/inbox.mbox, message 5"
expect_err "1 agreement was refused"
in_b import "$T/c/inbox.mbox"
expect_rc 15 "import the same mbox again"
expect_out "Summary: 0 imported, 40 already there, 1 refused, 9 not an agreement"
in_b list --format json
expect_rc 0 "list"
[ "$(grep -o '"id"' "$T/out" | wc -l)" -eq 4 ] ||
	fail "the store does not hold exactly 4 agreements"
# Many files at once, and a Maildir.
in_b import "$T/Maildir" "$T/c/attachment.eml"
expect_rc 0 "import a Maildir and a message"
expect_out "Summary: 0 imported, 3 already there, 0 refused, 0 not an agreement"
in_b import "$T/work"
expect_rc 12 "import a folder that is not a Maildir"
expect_err "is a folder but not a Maildir"
printf 'Subject: hello\n\nnothing here\n' >"$T/plain.eml"
in_b import "$T/plain.eml"
expect_rc 4 "import a message holding no agreement"
expect_out "not an agreement"
