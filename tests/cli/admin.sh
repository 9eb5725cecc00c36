# admin.sh - the administrator's commands through the real binary: list
# (every filter, sort and format; CSV and JSON read back by Python's
# parsers), settings, report, reviews due, purge, subject-export and
# erase: what each says, what is left afterwards, errors and exit codes.
# Nothing waits for a date: faketime runs the binary months or a year and
# more ahead.  (test_admin proves on the decrypted pages that what purge
# and erase delete is gone from the file.)
. "$SRCDIR/tests/lib.sh"
S=$T/agreements.mpact
echo 'correct horse battery staple' >"$T/pw"
echo 'a signing passphrase' >"$T/sp"
command -v faketime >/dev/null || fail "faketime is missing (mk/deps.sh check)"

mp() { run --store "$S" --passphrase-file "$T/pw" "$@"; }

# Run mentorpact as if it were DAYS days from now.
later() { # days, arguments...
	days=$1
	shift
	rc=0
	ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" \
		faketime -f "+${days}d" "$MP" --store "$S" \
		--passphrase-file "$T/pw" "$@" >"$T/out" 2>"$T/err" \
		</dev/null || rc=$?
	if grep -q 'Sanitizer\|runtime error' "$T/err"; then
		fail "sanitizer report from: mentorpact $*"
	fi
}

# An answers file for scheme with these parties (name, email each).
answers() {
	"$MP" templates example "$1" | sed -e '/^  \(email\|phone\): /d' \
		-e "s/^  name: Priya Shah\$/  name: $2\n  email: $3/" \
		-e "s/^  name: Daniel Okafor\$/  name: $4\n  email: $5/"
}

new_agreement() { # scheme, mentor, email, mentee, email; sets $id
	answers "$@" >"$T/answers.yaml"
	mp new --scheme "$1" --answers "$T/answers.yaml"
	expect_rc 0 "new $1"
	id=$(cat "$T/out")
}

sign_both() { # id, mentor's name, mentee's name
	mp sign "$1" --as mentor --name "$2" --signing-passphrase-file "$T/sp"
	expect_rc 0 "sign $1 as mentor"
	mp sign "$1" --as mentee --name "$3" --signing-passphrase-file "$T/sp"
	expect_rc 0 "sign $1 as mentee"
}

py() { python3 -c "$@" <"$T/out" || fail "python check failed: $1"; }

run --help
for c in list purge subject-export erase settings report; do
	expect_out "  $c"
done
mp init --kdf interactive
expect_rc 0 "init"
mp list
expect_rc 0 "list an empty store"
[ "$(wc -l <"$T/out")" -eq 1 ] || fail "an empty list is more than its header"

new_agreement img-peer "Anne \"Annie\" O'Neil, Jr" annie@example.org \
	"Siobhán Ó Súilleabháin" siobhan@example.ie
A=$id
new_agreement nhs-reciprocal "Priya Shah" priya@example.org \
	"Daniel Okafor" daniel@example.org
B=$id
sign_both "$B" "Priya Shah" "Daniel Okafor"
new_agreement bsw-hub "Chen Wei" chen@example.org \
	"Zoë Ångström" zoe@example.se
C=$id

# The table: columns line up whatever the names' bytes.
mp list
expect_rc 0 "list"
for i in "$A" "$B" "$C" "Siobhán Ó" "Zoë Ångström" "REVIEW DUE"; do
	expect_out "$i"
done
py '
import sys
lines = sys.stdin.read().splitlines()
col = lines[0].index("CHANGED")
assert len(lines) == 4, lines
for l in lines[1:]:
    assert l[col:col + 2] == "20" and l[col - 1] == " ", (col, l)
'

# Filters, search, sorts, paging.
mp list --status active
expect_out "$B"
grep -q "$A" "$T/out" && fail "--status active listed a ready agreement"
mp list --scheme bsw-hub
expect_out "$C"
[ "$(wc -l <"$T/out")" -eq 2 ] || fail "--scheme listed more than one"
mp list --search suil
expect_out "$A"
[ "$(wc -l <"$T/out")" -eq 2 ] || fail "--search suil"
mp list --search "ZOE ang"
expect_out "$C"
mp list --search "o'neil"
expect_out "$A"
mp list --search "daniel@example"
expect_out "$B"
mp list --search nobody
[ "$(wc -l <"$T/out")" -eq 1 ] || fail "--search nobody found some"
mp list --sort mentor --format csv
py '
import csv, sys
rows = list(csv.reader(sys.stdin))
mentors = [r[4] for r in rows[1:]]
assert mentors == ["Anne \"Annie\" O'"'"'Neil, Jr", "Chen Wei",
                   "Priya Shah"], rows
'
mp list --sort mentor --limit 1 --offset 1
expect_out "Chen Wei"
[ "$(wc -l <"$T/out")" -eq 2 ] || fail "--limit 1 --offset 1"

# CSV by RFC 4180: CRLF, quotes doubled, commas kept in a field.
mp list --format csv
expect_rc 0 "list --format csv"
grep -q "$(printf '\r')\$" "$T/out" || fail "CSV lines must end in CRLF"
py '
import csv, sys
data = sys.stdin.buffer.read().decode("utf-8")
rows = list(csv.reader(data.splitlines(True), strict=True))
assert rows[0] == ["id", "version", "scheme", "status", "mentor",
                   "mentor_email", "mentee", "mentee_email", "created",
                   "changed", "review_due", "ended", "kept_until",
                   "sessions_held", "sessions_planned", "next_meeting",
                   "form_due"], rows[0]
assert len(rows) == 4 and all(len(r) == 17 for r in rows), rows
by = {r[2]: r for r in rows[1:]}
assert by["img-peer"][4] == "Anne \"Annie\" O'"'"'Neil, Jr", by["img-peer"]
assert by["img-peer"][6] == "Siobhán Ó Súilleabháin"
assert by["nhs-reciprocal"][3] == "active" and by["nhs-reciprocal"][10]
# the session log: none held of the 3 planned; its review form is due
assert by["nhs-reciprocal"][13:17] == ["0", "3", "", by["nhs-reciprocal"][10]]
'
mp list --format json
expect_rc 0 "list --format json"
py '
import json, sys
rows = json.load(sys.stdin)
assert len(rows) == 3, rows
by = {r["scheme"]: r for r in rows}
assert by["img-peer"]["mentor"] == "Anne \"Annie\" O'"'"'Neil, Jr"
assert by["bsw-hub"]["mentee"] == "Zoë Ångström"
assert by["nhs-reciprocal"]["version"] == 1
assert by["bsw-hub"]["review_due"] is None
assert by["nhs-reciprocal"]["sessions_held"] == 0
assert by["nhs-reciprocal"]["sessions_planned"] == 3
assert by["nhs-reciprocal"]["next_meeting"] is None
assert by["bsw-hub"]["sessions_planned"] is None
'
mp list --format json --search nobody
py 'import json, sys; assert json.load(sys.stdin) == []'

# Reviews due: none today; six months on, the active one.
mp list --review-due
[ "$(wc -l <"$T/out")" -eq 1 ] || fail "a review is due already"
later 200 list --review-due --format csv
expect_rc 0 "list --review-due, 200 days on"
py '
import csv, sys
rows = list(csv.reader(sys.stdin))
assert len(rows) == 2 and rows[1][3] == "active", rows
'

# Bad input: a message naming the problem, and the usage code.
for bad in "--status lost" "--format xml" "--sort size" "--limit -1" \
	"--offset x" "--colour" "extra"; do
	# shellcheck disable=SC2086
	mp list $bad
	expect_rc 2 "list $bad"
	expect_err "usage: mentorpact list"
done

# Settings.
mp settings
expect_rc 0 "settings"
expect_out "(none set)"
expect_out "1 year (template)"
mp settings set retention.img-peer "2 years"
expect_rc 0 "set a retention"
expect_out "retention.img-peer = 2 years"
mp settings set return-address.img-peer "IMGpeermentors@Example.COM"
expect_rc 0 "set a return address"
mp settings get return-address.img-peer
expect_out "IMGpeermentors@example.com"
mp settings
expect_out "2 years (setting)"
expect_out "return-address.img-peer"
mp settings set retention.img-peer soon
expect_rc 12 "a retention that is no duration"
expect_err "such as '1 year'"
mp settings set retention.no-such-scheme "1 year"
expect_rc 4 "an unknown scheme"
expect_err "there is no scheme 'no-such-scheme'"
mp settings set colour.img-peer blue
expect_rc 12 "an unknown setting"
expect_err "return-address.SCHEME"
mp settings frobnicate
expect_rc 2 "an unknown settings command"
mp settings set retention.img-peer
expect_rc 2 "set without a value"
mp settings unset return-address.img-peer
expect_rc 0 "unset"
mp settings unset return-address.img-peer
expect_rc 4 "unset twice"
mp settings get return-address.img-peer
expect_rc 4 "get what is not set"

# A retention setting decides the keep-until date when ending.
mp settings set retention.nhs-reciprocal "30 days"
expect_rc 0 "override the template's retention"
# (No sessions recorded of nhs-reciprocal's 3: an early ending, which
# needs its reason where the pair signed.)
mp end "$B" --by both
expect_rc 13 "an early ending without its reason"
mp end "$B" --by both --early-reason "the pair stopped meeting"
expect_rc 0 "end"
expect_out "records kept until $(date -d '+30 days' +%Y-%m-%d)"
mp settings unset retention.nhs-reciprocal
expect_out "keep-until dates of 1 ended agreement version"

# The report, in each format.
mp report
expect_rc 0 "report"
expect_out "nhs-reciprocal"
expect_out "$(date +%Y-%m)      1"
expect_out "Reviews overdue"
mp report --format csv
py '
import csv, sys
rows = list(csv.reader(sys.stdin, strict=True))
assert rows[0] == ["section", "scheme", "status", "month", "value"], rows
assert ["agreements", "nhs-reciprocal", "ended", "", "1"] in rows, rows
assert ["agreements", "img-peer", "ready", "", "1"] in rows, rows
assert any(r[0] == "signed" and r[4] == "1" for r in rows), rows
assert rows[-1][0] == "median_days_draft_to_signed", rows
assert rows[-1][4] == "0.0", rows
'
mp report --format json
py '
import json, sys
r = json.load(sys.stdin)
assert r["all"]["total"] == 3 and r["all"]["ended"] == 1, r
schemes = [s["scheme"] for s in r["schemes"]]
assert schemes == ["bsw-hub", "img-peer", "nhs-reciprocal"], schemes
assert r["median_samples"] == 1 and r["median_days_draft_to_signed"] == 0.0
assert r["signed_per_month"][0]["count"] == 1
'
mp report --format xml
expect_rc 2 "report --format xml"

lacks() { ! grep -qF -- "$1" "$T/out" || fail "stdout holds '$1'"; }

# --- a second store, for purge, subject-export and erase --------------------
S=$T/data.mpact
mp init --kdf interactive
expect_rc 0 "init the second store"
new_agreement nhs-reciprocal "Paula Purgeable" paula@example.org \
	"Max Menteeson" max@example.org
P=$id
sign_both "$P" "Paula Purgeable" "Max Menteeson"
mp end "$P" --by both --early-reason "the pair stopped meeting"
expect_rc 0 "end"
new_agreement bsw-hub "Kim Keeper" kim@example.org "Lou Keeper" lou@example.org
K=$id
sign_both "$K" "Kim Keeper" "Lou Keeper"
new_agreement img-peer "Erin Eraseme" erin@example.org "Otto Other" \
	otto@example.org
E=$id
new_agreement bsw-hub "Mo Mentor" mo@example.org "Erin Eraseme" \
	Erin@Example.org
E2=$id
sign_both "$E2" "Mo Mentor" "Erin Eraseme"

# --- purge ----------------------------------------------------------------
mp purge --dry-run
expect_rc 0 "purge --dry-run today"
expect_out "would purge 0 agreements"
later 400 purge --dry-run
expect_rc 0 "purge --dry-run, 400 days on"
expect_out "would purge 1 agreement (1 version)"
expect_out "$P"
expect_out "nothing was changed"
mp list
expect_out "$P"
mp purge extra
expect_rc 2 "purge with an argument"
later 400 purge
expect_rc 0 "purge, 400 days on"
expect_out "purged 1 agreement (1 version) and 2 signing keys"
expect_out "rewritten"
mp list
lacks "$P"
expect_out "$K"
mp audit "$P"
expect_rc 4 "audit of a purged agreement"
mp audit
expect_rc 0 "audit after purge"
expect_out "$P v1  administrator purged: scheme nhs-reciprocal; created"
expect_out "hash chain is intact"
lacks "Paula"
mp check
expect_rc 0 "check after purge"
later 400 purge
expect_out "purged 0 agreements"

# --- subject-export -----------------------------------------------------------
mp subject-export ERIN@example.org
expect_rc 0 "subject-export"
for s in "Erin Eraseme" "$E" "$E2" "Your role: mentor" "Your role: mentee" \
	"A signing key is held for you"; do
	expect_out "$s"
done
for s in Otto otto@example.org "Mo Mentor" mo@example.org Kim Paula; do
	lacks "$s"
done
expect_err "holds personal data"
mp subject-export erin@example.org -o "$T/erin.txt"
expect_rc 0 "subject-export -o"
[ ! -s "$T/out" ] || fail "subject-export -o also wrote to stdout"
[ "$(stat -c %a "$T/erin.txt")" = 600 ] || fail "the export is not 0600"
grep -q "Erin Eraseme" "$T/erin.txt" || fail "the export file lacks Erin"
mp subject-export erin@example.org -o "$T/erin.txt"
expect_rc 11 "subject-export over an existing file"
mp subject-export nobody@example.org
expect_rc 4 "subject-export of nobody"
expect_err "no agreement in this store names anyone with the address"
mp subject-export
expect_rc 2 "subject-export without EMAIL"

# --- erase ------------------------------------------------------------------
mp erase erin@example.org --dry-run
expect_rc 0 "erase --dry-run"
expect_out "Would erase"
expect_out "nothing was changed"
mp subject-export erin@example.org
expect_out "$E2"
mp erase erin@example.org --keep-signed
expect_rc 0 "erase --keep-signed"
expect_out "deleted $E version 1"
expect_out "kept    $E2 version 1"
expect_out "altered without breaking its signatures"
expect_out "deleted their signing key"
expect_out "backups"
mp subject-export erin@example.org
expect_rc 0 "subject-export after erase --keep-signed"
expect_out "$E2"
lacks "$E "
mp erase erin@example.org
expect_rc 0 "erase"
expect_out "deleted $E2 version 1"
expect_out "signing key of other parties"
mp subject-export erin@example.org
expect_rc 4 "subject-export after erase"
mp erase erin@example.org
expect_rc 4 "erase twice"
mp list --format csv
lacks "Erin"
lacks "Otto"
expect_out "$K"
mp audit
expect_rc 0 "audit after erase"
expect_out "erased: scheme bsw-hub; 1 version deleted"
lacks "Erin"
mp check
expect_rc 0 "check after erase"
mp erase
expect_rc 2 "erase without EMAIL"
echo "admin commands: ok"
