# plain_emmp.sh - the East Midlands scheme through the screen-reader mode,
# from the first run (no store) to a signed, exported and verified file,
# typed through a pipe.  Every passphrase comes from the pipe too; a
# refused answer, back, help and goto are used on the way.
. "$SRCDIR/tests/plain/lib"

cat >"$T/in" <<'IN'
2
correct horse battery staple
correct horse battery staple
1
emmp
Ada Lovelace
not an email
ada@example.org
0115 496 0000
back

Zoë O’Brien
zoe@example.org
0115 496 0001
help
yes
yes
6
once a month
1 hour
Online by video call.
yes
yes
goto 2




yes
yes
yes
yes
sign
Ada Lovelace
own mentor phrase
own mentor phrase
zoë o’brien
own mentee phrase
own mentee phrase

3
IN
plain
expect_rc 0 "a whole walk through a pipe"
id=$(new_id)
[ -n "$id" ] || fail "no agreement id was said"
expect_out "Type a new passphrase for the store and press Enter. It is not shown."
expect_out "Question 2 of 6: The mentor's email address."
expect_out "Not accepted: "
expect_out "What you typed is kept, so nothing is lost."
expect_out "Current answer: 0115 496 0000."
expect_out "You can type these commands instead of an answer: back,"
expect_out "Section 2 of 4: Commitments."
expect_out "The mentor agrees to:"
expect_out "Current answer: 4."
expect_out "The mentor has agreed with this section."
expect_out "Here is the whole agreement as it will be signed"
expect_out "The mentor's key fingerprint is "
expect_out "The mentee's key fingerprint is "
expect_out "Signed by both: the agreement is active."
expect_out "Saved: the signed agreement is written to agreement-$id-v1.txt."
expect_out "Goodbye. Everything is saved."
# No cursor movement nor colour: no escape character at all.
if grep -q "$(printf '\033')" "$T/out"; then
	fail "the plain mode wrote an escape sequence"
fi
no_secrets

show_has "$id" "Status: active" "sessions_planned (number, required): 6" "Ada Lovelace" "ada@example.org" \
	"0115 496 0000" "Zoë O’Brien" "zoe@example.org" "once a month" \
	"1 hour" "Online by video call."
json_has "\"id\": \"$id\"" '"status": "active"' '"mentee": "Zoë O’Brien"'
verified "$T/agreement-$id-v1.txt"
