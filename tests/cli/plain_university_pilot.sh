# plain_university_pilot.sh - the University Mentoring Pilot through the
# screen-reader mode, typed through a pipe: choices by number, a list of
# goals one item a line, optional answers skipped; every answer read back
# through `show`.
. "$SRCDIR/tests/plain/lib"

cat >"$T/in" <<'IN'
2
1
university-pilot
Priya Shah
Daniel Okafor
yes
yes

yes
yes

2
4
yes
yes
We reply within a week.
skip

yes
yes
Ten minutes at the end of each session.
yes
yes
yes
yes
yes
yes

yes
yes
Submit a paper by June.
Chair two team meetings.

yes
yes
yes
yes
sign
Priya Shah
Daniel Okafor

3
IN
plain --passphrase-file "$PW" --signing-passphrase-file "$SPW"
walked
said "Choose one, by its number or its words: 1. the mentee; 2. the mentor; 3. both of us."
said "Item 2, or an empty line to end the list:"
# The goals' own help, and of the program's words only the key to end.
said "Help: Two goals, one a line: make each specific and achievable" \
	"An empty line ends the list."
grep -qF "A list: type one item a line" "$T/said" &&
	fail "the program's words on lists doubled the goals' own help"
said "Saved: Submit a paper by June.; Chair two team meetings."
said "Section 10 of 10: Signatures."
show_has "$id" "Priya Shah" "Daniel Okafor" \
	"min_meetings (number, required): 3" \
	"meetings_arranged_by (choice, required): the mentor" \
	"a mix of online, face-to-face and telephone" \
	"We reply within a week." \
	"Ten minutes at the end of each session." \
	"Submit a paper by June." "Chair two team meetings."
