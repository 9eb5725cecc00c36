# plain_img_peer.sh - the IMG Peer Mentoring scheme through the
# screen-reader mode, typed through a pipe, exported to a folder of the
# pair's choosing; every answer is read back through `show`.
. "$SRCDIR/tests/plain/lib"

cat >"$T/in" <<'IN'
2
1
3
Priya Shah
Daniel Okafor
yes
yes
email, or WhatsApp for anything urgent
email

1 hour
yes
yes
yes
yes
by email
weekday evenings between 6pm and 8pm
yes
yes
yes
yes
yes
yes
sign
Priya Shah
Daniel Okafor
signed/img-peer.txt
3
IN
plain --passphrase-file "$PW" --signing-passphrase-file "$SPW"
walked "$T/signed/img-peer.txt"
said "Section 4 of 6: Boundaries."
said "Current answer: once every 2 weeks."
said "Saved: the signed agreement is written to signed/img-peer.txt."
show_has "$id" "Priya Shah" "Daniel Okafor" \
	"email, or WhatsApp for anything urgent" \
	"mentee_contact_method (text, required): email" \
	"meeting_frequency (frequency, required): once every 2 weeks" \
	"by email" "weekday evenings between 6pm and 8pm"
