# import_review.sh - the review lists what is missing and jumps to it; an
# agreement signed elsewhere (with the CLI) is opened at its export
# screen; the import screen keeps a signed file in another store, and
# refuses one whose text was changed.
. "$SRCDIR/tests/tui/lib"
echo 'a signing passphrase' >"$T/spw"

make_store
# The review, before anything is answered: problems, and a jump.
start
unlock
new_agreement 3
keys C-r
wait_for "Review: the agreement exactly as it will be signed and sent"
wait_for "Still to do before signing"
expect_screen "1. the mentor's name is not given"
keys s
wait_for "Not ready to sign yet"
wait_for "3. Logistics: 'Mentor' is not answered"
keys Tab Enter
wait_for "Section 1 of 6: Mentoring Agreement"
keys C-r
wait_for "Still to do before signing"
keys 3
wait_for "Section 2 of 6: Logistics"
expect_screen "Mentor (mentor) *"
keys C-x
wait_for "What would you like to do?"
keys q
wait_exit

# Signed with the CLI: the interface opens it at the export screen.  (The
# home screen lists the most recently changed first, to the second: wait
# one, so that it comes before the draft above.)
sleep 1
run templates example img-peer
cp "$T/out" "$T/answers.yaml"
run --passphrase-file "$PW" new --scheme img-peer --answers "$T/answers.yaml"
expect_rc 0 "new --answers"
id=$(cat "$T/out")
for r in mentor mentee; do
	name=$(sed -n "/^$r:/{n;s/^  name: //p}" "$T/answers.yaml")
	run --passphrase-file "$PW" --signing-passphrase-file "$T/spw" \
		sign "$id" --as $r --name "$name"
	expect_rc 0 "sign as $r"
done
run --passphrase-file "$PW" settings set return-address.img-peer \
	organisers@example.org
expect_rc 0 "set the return address"
start
unlock
wait_for "Continue: Priya Shah and Daniel Okafor, IMG Peer Mentoring (signed by both"
keys Up Up Up Up
keys Down Enter
# A signed agreement opens on its records: the log, the forms, export.
wait_for "Signed by both: the relationship's records"
expect_screen "Mentoring sessions: 0 sessions held."
keys x
wait_for "In which form?"
keys Down Enter
wait_for "Into the folder:"
keys Enter
wait_for "Exported: the signed agreement is ready to send"
expect_screen "The scheme asks the mentor to send it to the scheme organisers"
expect_screen "(organisers@example.org)"
expect_screen "in the mentee."
expect_screen "agreement-$id-v1.txt.mentee.pub"
expect_screen "Send the text and its signature files as attachments."
screen | grep -q "minisign -Vm .*agreement-$id-v1.txt -x .*agreement-$id-v1.txt.mentor.minisig" ||
	fail "no minisign command on the screen"
keys Enter
wait_for "What would you like to do?"
keys q
wait_exit
f=$T/agreement-$id-v1.txt
for r in mentor mentee; do
	minisign -Vm "$f" -x "$f.$r.minisig" -p "$f.$r.pub" >"$T/minisign.out" 2>&1 ||
		fail "minisign does not verify the $r's signature: $(cat "$T/minisign.out")"
done
run --passphrase-file "$PW" export "$id" -o "$T/signed.txt"
expect_rc 0 "export with the CLI"

# Import into another store through the interface.
export XDG_DATA_HOME=$T/other
make_store
sed 's/Priya Shah/Priya Shaw/' "$T/signed.txt" >"$T/changed.txt"
# An administrator's mbox: the agreement twice (attached, then quoted in a
# reply) and a message that holds none.
python3 - "$T/signed.txt" "$T/inbox.mbox" <<-'PY'
	import mailbox, sys
	from email.message import EmailMessage
	text = open(sys.argv[1], encoding="utf-8").read()
	box = mailbox.mbox(sys.argv[2])
	m = EmailMessage(); m["Subject"] = "signed"; m.set_content("Attached.\n")
	m.add_attachment(text.encode(), maintype="text", subtype="plain",
	                 filename="agreement.txt")
	box.add(m)
	m = EmailMessage(); m["Subject"] = "Re: signed"
	m.set_content("Thanks!\n" + "".join("> " + l for l in text.splitlines(True)))
	box.add(m)
	m = EmailMessage(); m["Subject"] = "lunch"; m.set_content("Noon?\n")
	box.add(m)
	box.close()
PY
start
unlock
keys i
wait_for "Import a signed agreement from a file"
typein "$T/changed.txt"
keys Enter
wait_for "Not imported"
keys q
wait_for "What would you like to do?"
keys i
wait_for "Import a signed agreement from a file"
typein "$T/signed.txt"
keys Enter
wait_for "Imported agreement $id, signed by both."
# The results say what the register made of each key: both new here.
wait_for "The mentor Priya Shah, key"
expect_screen "new here, now recorded as theirs"
keys q
wait_for "Continue: Priya Shah and Daniel Okafor"
keys i
wait_for "A saved email, an mbox or a Maildir folder works too"
typein "$T/inbox.mbox"
keys Enter
wait_for "Imported 0, already there 2, refused 0, not an agreement 1."
expect_screen "already in the store; nothing was added"
keys q
wait_for "What would you like to do?"
keys q
wait_exit
run --passphrase-file "$PW" show "$id"
expect_rc 0 "show the imported agreement"
expect_out "Status: active (imported)"
