# plain_nhs_reciprocal.sh - the NHS England reciprocal scheme through the
# screen-reader mode, typed through a pipe; its nine sections each
# confirmed by both; every answer read back through `show`.
. "$SRCDIR/tests/plain/lib"

cat >"$T/in" <<'IN'
2
1
nhs-reciprocal
Priya Shah
Daniel Okafor
yes
yes
yes
yes
3
yes
yes
once every 3 weeks
90 minutes
yes
yes
yes
yes
yes
yes
yes
yes
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
said "Section 9 of 9: Signing."
said "Question 1 of 1: Minimum notice of an amendment or cancellation, in days."
show_has "$id" "Priya Shah" "Daniel Okafor" \
	"notice_days (number, required): 3" \
	"once every 3 weeks" "90 minutes"
