# export_verify.sh - export, verify and import through the real binary:
# for every scheme, an agreement made from its sample answers is signed
# by both, exported, verified, imported into a second store and exported
# again byte for byte; the detached files verify with minisign; changed
# files get their own message and exit code.
. "$SRCDIR/tests/lib.sh"
command -v minisign >/dev/null 2>&1 ||
	fail "minisign is not installed (mk/deps.sh check installs it)"
export MENTORPACT_TEMPLATE_PATH="$SRCDIR/templates"
A=$T/a.mpact
B=$T/b.mpact
echo 'correct horse battery staple' >"$T/pw"
echo 'the mentor signs with this' >"$T/mentor-pw"
echo 'the mentee signs with that' >"$T/mentee-pw"
mkdir "$T/work" "$T/again"
cd "$T/work"

in_a() { run --store "$A" --passphrase-file "$T/pw" "$@"; }
in_b() { run --store "$B" --passphrase-file "$T/pw" "$@"; }

in_a init --kdf interactive
expect_rc 0 "init a"
in_b init --kdf interactive
expect_rc 0 "init b"

# The party's name in a sample answers file: role, file.
party_name() {
	awk -v role="$1:" '$1 == role { p = 1; next }
		/^[a-z]/ { p = 0 }
		p && $1 == "name:" { sub(/^ *name: */, ""); print; exit }' "$2"
}

for scheme in emmp university-pilot bsw-hub img-peer nhs-reciprocal; do
	run templates example "$scheme"
	expect_rc 0 "templates example $scheme"
	answers=$T/$scheme.yaml
	cp "$T/out" "$answers"
	in_a new --scheme "$scheme" --answers "$answers"
	expect_rc 0 "new $scheme"
	id=$(grep -Eo '^[0-9A-Z]{4}-[0-9A-Z]{4}$' "$T/out" | head -n 1)
	[ -n "$id" ] || fail "new $scheme printed no id"
	mentor=$(party_name mentor "$answers")
	mentee=$(party_name mentee "$answers")

	# Not signed yet: nothing to export.
	in_a export "$id" -o "$T/unsigned.txt"
	expect_rc 13 "export of an unsigned agreement"
	expect_err "is not signed yet"
	[ ! -e "$T/unsigned.txt" ] || fail "a refused export left a file"

	in_a --signing-passphrase-file "$T/mentor-pw" sign "$id" --as mentor \
		--name "$mentor"
	expect_rc 0 "sign $scheme as mentor"
	in_a --signing-passphrase-file "$T/mentee-pw" sign "$id" --as mentee \
		--name "$mentee"
	expect_rc 0 "sign $scheme as mentee"

	file=$T/agreement-$id-v1.txt
	in_a export "$id" -o "$file"
	expect_rc 0 "export $scheme"
	[ "$(stat -c %a "$file")" = 600 ] || fail "export is not 0600"
	awk 'length($0) > 72 * 4 { exit 1 }' "$file" || fail "absurd line"
	python3 - "$file" <<-'EOF' || fail "$scheme: a line over 72 columns"
		import sys, unicodedata
		for n, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
		    line = line.rstrip("\n")
		    cols = sum(0 if unicodedata.combining(c) else
		               2 if unicodedata.east_asian_width(c) in "WF" else 1
		               for c in line)
		    if cols > 72:
		        sys.exit("line %d has %d columns" % (n, cols))
	EOF
	# No register: intact, but nobody can say whose keys they are.
	run verify "$file"
	expect_rc 17 "verify $scheme without a register"
	expect_out "The text is intact"
	expect_out "the keys are not known here"
	grep -q "Both signatures are good" "$T/out" &&
		fail "unknown keys presented as the parties' signatures"
	in_a verify "$file"
	expect_rc 0 "verify $scheme with the store's register"
	expect_out "agreement $id version 1"
	expect_out "(template $scheme)"
	expect_out "mentor  good      $mentor, signed "
	expect_out "mentee  good      $mentee, signed "
	expect_out "known: this person's key"
	expect_out "Both signatures are good"

	# Into the administrator's store, and out again: the same bytes.
	in_b import "$file"
	expect_rc 0 "import $scheme"
	expect_out "imported agreement $id version 1"
	in_b import "$file"
	expect_rc 0 "import $scheme again"
	expect_out "already in the store; nothing was added"
	cd "$T/again"
	in_b export "$id"
	expect_rc 0 "export $scheme from the second store"
	cd "$T/work"
	cmp "$file" "$T/again/agreement-$id-v1.txt" ||
		fail "$scheme: the re-export differs from the imported file"

	# Detached: minisign checks each signature on its own.
	in_b export "$id" --detached "$T/det-$scheme"
	expect_rc 0 "export --detached $scheme"
	base=$T/det-$scheme/agreement-$id-v1.txt
	for role in mentor mentee; do
		minisign -Vm "$base" -x "$base.$role.minisig" \
			-p "$base.$role.pub" >"$T/ms" 2>&1 ||
			{ cat "$T/ms"; fail "minisign rejected the $role's signature"; }
		grep -q "^Trusted comment: mentorpact agreement:$id version:1 role:$role " \
			"$T/ms" || fail "minisign's trusted comment: $(cat "$T/ms")"
	done
	# The detached text is the body: the file less its block.
	# (less the start line, which is not signed)
	sed '1d;/^-----BEGIN MENTORPACT SIGNATURES-----$/,$d' "$file" |
		cmp -s - "$base" || fail "$scheme: detached text is not the body"
done

# Never over an existing file without --force; with it, in place.
before=$(cksum <"$file")
echo "someone else's file" >"$T/taken.txt"
in_b export "$id" -o "$T/taken.txt"
expect_rc 11 "export over an existing file"
expect_err "already exists; nothing was written"
[ "$(cat "$T/taken.txt")" = "someone else's file" ] || fail "overwritten"
in_b export "$id" --detached "$T/det-nhs-reciprocal"
expect_rc 11 "detached export over existing files"
in_b export "$id" -o "$T/taken.txt" --force
expect_rc 0 "export --force"
cmp -s "$T/taken.txt" "$file" || fail "--force did not replace the file"
ls -a "$T" | grep -q '\.mentorpact-export\.' && fail "temporary file left"
in_b export "$id" -o -
expect_rc 0 "export to standard output"
cmp -s "$T/out" "$file" || fail "export -o - differs"
[ "$(cksum <"$file")" = "$before" ] || fail "the exported file changed"

# --- what verify says about changed files ---------------------------------
sed 's/Daniel Okafor/Daniel Okafur/' "$file" >"$T/changed.txt"
run verify "$T/changed.txt"
expect_rc 15 "verify a changed body"
expect_out "the text was changed after it was signed"
expect_out "mentor  NOT GOOD"
expect_err "does not verify"

sed 's/$/\r/' "$file" >"$T/crlf.txt"
in_a verify "$T/crlf.txt"
expect_rc 0 "verify CR LF line endings (undone, and named)"
expect_out "Verified after putting back LF line endings"
sed 's/Daniel Okafor/Daniel Okafur/' "$T/crlf.txt" >"$T/crlf-changed.txt"
run verify "$T/crlf-changed.txt"
expect_rc 15 "verify CR LF line endings and a changed name"
expect_out "the text was changed after it was signed"
tr -d '\r' <"$T/crlf.txt" >"$T/fixed.txt"
in_a verify "$T/fixed.txt"
expect_rc 0 "verify with line endings put back"

{ cat "$file"; printf -- '-- \nSent from my phone\n'; } >"$T/trailing.txt"
in_a verify "$T/trailing.txt"
expect_rc 0 "verify with text after the END line (not signed, and said)"
expect_out "Not signed: the 0 lines before and 2 after the agreement"
grep -q "Sent from my phone" "$T/out" && fail "unsigned text was shown"

sed '/^-----BEGIN MENTORPACT SIGNATURES-----$/,$d' "$file" >"$T/bare.txt"
run verify "$T/bare.txt"
expect_rc 15 "verify without a signature block"
expect_out "there is no signature block"

sed '/^mentee signature:$/,$d' "$file" >"$T/cut.txt"
run verify "$T/cut.txt"
expect_rc 15 "verify a cut block"
expect_out "cut short"

# run reads /dev/null: standard input is checked by hand.
rc=0
"$MP" verify - <"$file" >"$T/out" 2>"$T/err" || rc=$?
expect_rc 17 "verify from standard input (no register)"
expect_out "The text is intact"
run verify "$T/no-such-file.txt"
expect_rc 4 "verify a missing file"
run verify
expect_rc 2 "verify without a file"
in_a verify "$file" "$T/trailing.txt"
expect_rc 0 "verify two files"
expect_out "2 agreements verified, 0 did not verify"
run verify "$file" "$T/changed.txt"
expect_rc 15 "verify two files, one changed"
expect_err "1 of the 2 agreements found do not verify"

# A tampered file is never imported.
C=$T/c.mpact
run --store "$C" --passphrase-file "$T/pw" init --kdf interactive
run --store "$C" --passphrase-file "$T/pw" import "$T/changed.txt"
expect_rc 15 "import a changed file"
expect_err "nothing was imported"
run --store "$C" --passphrase-file "$T/pw" list --format csv
expect_rc 0 "list"
grep -q "$id" "$T/out" && fail "a tampered file was imported"

# The template a file names must be installed with the same hash.  A copy
# of the binary outside the source tree sees only MENTORPACT_TEMPLATE_PATH.
mkdir -p "$T/bin" "$T/edited" "$T/orig"
cp "$MP" "$T/bin/mentorpact"
sed 's/^version: "1"$/version: "1 (edited)"/' "$SRCDIR/templates/nhs-reciprocal.yaml" \
	>"$T/edited/nhs-reciprocal.yaml"
cp "$SRCDIR/templates/nhs-reciprocal.yaml" "$T/orig/"
MP=$T/bin/mentorpact
MENTORPACT_TEMPLATE_PATH=$T/edited run --store "$C" --passphrase-file "$T/pw" \
	import "$file"
expect_rc 4 "import without the template"
expect_err "no installed template has that hash; install that template"
# An older copy shadowed by a newer one still serves.
MENTORPACT_TEMPLATE_PATH=$T/orig:$T/edited run --store "$C" \
	--passphrase-file "$T/pw" import "$file"
expect_rc 0 "import with the template shadowed"
echo "export, verify and import: all checks passed"
