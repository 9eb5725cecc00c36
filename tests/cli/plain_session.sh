# plain_session.sh - the screen-reader mode keeps every answer: input that
# ends midway, a refused answer kept and shown again on the next visit, a
# hangup while a question waits, a wrong passphrase typed through the
# pipe, and TERM=dumb starting it without --plain.
. "$SRCDIR/tests/plain/lib"

# The input ends after a refused answer: both answers are in the store.
printf '2\n1\nemmp\nAda Lovelace\nnot an email\n' >"$T/in"
plain --passphrase-file "$PW"
expect_rc 0 "input that ends midway"
said "Not accepted: " "The input ended. Everything answered is saved"
id=$(new_id)
show_has "$id" "Mentor: Ada Lovelace" "not accepted"

# Carrying on starts at the refused answer, as typed, and mends it.
printf '2\n1\nada@example.org\nquit\n3\n' >"$T/in"
plain --passphrase-file "$PW"
expect_rc 0 "carrying on"
said "1. $id version 1, emmp, draft: Ada Lovelace and no mentee named yet." \
	"What was typed before, not accepted: not an email." \
	"Question 2 of 6: The mentor's email address." \
	"Saved: ada@example.org." "Leaving agreement $id"
show_has "$id" "Mentor: Ada Lovelace, ada@example.org"

# A hangup while a question waits: what was answered before is kept, and
# the program ends by the signal.  The visit starts at the first answer
# missing (the mentor's phone).
mkfifo "$T/fifo"
"$MP" --store "$STORE" --passphrase-file "$PW" --plain <"$T/fifo" \
	>"$T/hup-out" 2>"$T/hup-err" &
pid=$!
exec 3>"$T/fifo"
printf '2\n1\n0115 496 0000\n' >&3
i=0
until grep -qF "Question 4 of 6: The mentee's full name." "$T/hup-out"; do
	i=$((i + 1))
	[ $i -lt 300 ] || { cp "$T/hup-out" "$T/out"; fail "no answer saved"; }
	sleep 0.1
done
kill -HUP "$pid"
hup_rc=0
wait "$pid" || hup_rc=$?
exec 3>&-
[ "$hup_rc" -eq 129 ] || fail "a hangup should end it by SIGHUP, got $hup_rc"
show_has "$id" "Mentor: Ada Lovelace, ada@example.org, 0115 496 0000"

# A wrong passphrase through the pipe is refused and asked again.
printf 'not the passphrase\ncorrect horse battery staple\n3\n' >"$T/in"
plain
expect_rc 0 "a wrong passphrase, then the right one"
said "Type the store's passphrase and press Enter. It is not shown." \
	"The store could not be opened: " "The store is open."
no_secrets

# TERM=dumb starts the plain mode when no command is given.
printf '3\n' >"$T/in"
rc=0
TERM=dumb "$MP" --store "$STORE" --passphrase-file "$PW" <"$T/in" \
	>"$T/out" 2>"$T/err" || rc=$?
expect_rc 0 "TERM=dumb"
expect_out "What would you like to do? Type 1, 2 or 3."
expect_out "Goodbye. Everything is saved."

# The typed commands, in any case: a command word given as an answer
# with a backslash, the wording again, clear (refused for a required
# answer, as the core refuses it, and kept), review (which lists what is
# missing) and goto back into a section.
cat >"$T/in" <<'IN'
1
nhs-reciprocal
\back
Daniel Okafor
yes
yes
yes
yes
Wording
5
yes
yes
Clear
Review
goto 4
once a month
1 hour
QUIT
3
IN
plain --passphrase-file "$PW"
expect_rc 0 "the typed commands"
id2=$(new_id)
said "Saved: back." \
	"Minimum notice of an amendment or cancellation, in days: not answered yet." \
	"Not accepted: Frequency of meetings: an answer is required." \
	"It was left empty before, which is not accepted." \
	"must be mended:" "'Frequency of meetings' was not accepted" \
	"Section 4 of 9: 3. Structure of mentoring session." \
	"Saved: once a month." "Leaving agreement $id2"
show_has "$id2" "Mentor: back" "Mentee: Daniel Okafor" \
	"notice_days (number, required): 5" \
	"meeting_frequency (frequency, required): once a month"

# A new store's passphrase through the pipe: typed twice; two that differ,
# or one too short, are refused and asked again.
printf '2\nfirst passphrase\nanother one\nshort\nshort\nalright now then\nalright now then\n3\n' >"$T/in"
STORE=$T/store2.mpact
plain
expect_rc 0 "a new store through the pipe"
said "Not accepted: the two passphrases differ." \
	"Not accepted: that passphrase is too short: use at least 8 characters." \
	"The store is made"
echo 'alright now then' >"$T/pw2"
run --store "$STORE" --passphrase-file "$T/pw2" list
expect_rc 0 "the new store opens with the passphrase typed twice"
