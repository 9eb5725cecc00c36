# signers.sh - who signed: the register of signers, through the real
# binary.  A forgery re-signed with stock minisign keys is never presented
# as the parties' signature and is refused where the mentor's key is
# known; a new key for a known email is refused, then accepted on purpose
# (and audited); a retired key refuses a later text and keeps an earlier
# one valid; a key carried to a second store signs there with the same
# fingerprint; a reworded clause is named by section; one person never
# signs both roles; an erased person cannot be signed for again.
. "$SRCDIR/tests/lib.sh"
command -v minisign >/dev/null 2>&1 ||
	fail "minisign is not installed (mk/deps.sh check installs it)"
export MENTORPACT_TEMPLATE_PATH="$SRCDIR/templates"
FORGE="python3 $SRCDIR/tests/tools/forge.py"
A=$T/a.mpact # where the parties sign
B=$T/b.mpact # the programme lead's store
echo 'correct horse battery staple' >"$T/pw"
echo 'Quartz lantern drifts over seventeen marshes' >"$T/priya-pw"
echo 'Violet otters juggle brass compasses nightly' >"$T/daniel-pw"
echo 'Amber foxes whistle under crooked bridges' >"$T/amara-pw"
cd "$T"

in_a() { run --store "$A" --passphrase-file "$T/pw" "$@"; }
in_b() { run --store "$B" --passphrase-file "$T/pw" "$@"; }
sign_a() { # id role name passphrase-file
	run --store "$A" --passphrase-file "$T/pw" \
		--signing-passphrase-file "$4" sign "$1" --as "$2" --name "$3"
}
new_a() { # scheme: a new agreement from its sample answers; id in $id
	run templates example "$1"
	cp "$T/out" "$T/$1.yaml"
	in_a new --scheme "$1" --answers "$T/$1.yaml"
	expect_rc 0 "new $1"
	id=$(grep -Eo '^[0-9A-Z]{4}-[0-9A-Z]{4}$' "$T/out" | head -n 1)
}
reconfirm() { # id: the parties' section, confirmed again by both
	in_a confirm "$1" parties --as mentor
	in_a confirm "$1" parties --as mentee
}
fingerprint() { sed -n 's/^Your key.s fingerprint: //p' "$T/out"; }

in_a init --kdf interactive
expect_rc 0 "init a"
in_b init --kdf interactive
expect_rc 0 "init b"

# A weak signing passphrase, or the store's own, never makes a key.
new_a emmp
one=$id
echo 'abc' >"$T/weak-pw"
sign_a "$one" mentor "Priya Shah" "$T/weak-pw"
expect_rc 12 "a weak signing passphrase"
expect_err "must be strong"
sign_a "$one" mentor "Priya Shah" "$T/pw"
expect_rc 12 "the store's passphrase as signing passphrase"
expect_err "the store's passphrase"

# Agreement 1: Priya and Daniel sign; each is shown their fingerprint.
sign_a "$one" mentor "Priya Shah" "$T/priya-pw"
expect_rc 0 "sign 1 as mentor"
expect_out "Give it to your programme lead"
priya=$(fingerprint)
[ -n "$priya" ] || fail "no fingerprint shown after signing"
sign_a "$one" mentee "Daniel Okafor" "$T/daniel-pw"
expect_rc 0 "sign 1 as mentee"
in_a export "$one" -o "$T/one.txt"
expect_rc 0 "export 1"
in_b import "$T/one.txt"
expect_rc 0 "import 1 into the lead's store"
expect_out "new to this store, now recorded as theirs"
in_b signers list
expect_rc 0 "signers list"
expect_out "$priya  priya.shah@example.org (Priya Shah)"
expect_out "imported"

# Agreement 2: the same mentor with another mentee.
new_a emmp
two=$id
in_a set "$two" mentee.name "Amara Okafor"
in_a set "$two" mentee.email "amara.okafor@example.org"
reconfirm "$two"
sign_a "$two" mentor "Priya Shah" "$T/priya-pw"
expect_rc 0 "sign 2 as mentor"
[ "$(fingerprint)" = "$priya" ] || fail "one person, two keys in one store"
sign_a "$two" mentee "Amara Okafor" "$T/amara-pw"
expect_rc 0 "sign 2 as mentee"
in_a export "$two" -o "$T/two.txt"

# The forgery: one answer changed, both signatures redone with fresh
# minisign keys, same id, version, names and trusted comments.
$FORGE "$T/two.txt" "$T/forged.txt" --replace "once every 2 months" \
	"once a year" --keys "$T/forger" || fail "forging"
run verify "$T/forged.txt"
expect_rc 17 "verify the forgery without a register"
expect_out "the keys are not known here"
grep -q "the mentor and the mentee signed" "$T/out" &&
	fail "the forgery was presented as the parties' signature"
in_b verify "$T/forged.txt"
expect_rc 18 "verify the forgery with the lead's register"
expect_out "NOT THEIR KEY"
in_b import "$T/forged.txt"
expect_rc 18 "import the forgery where the mentor's key is known"
expect_err "--accept-key"
expect_err "$priya"
forged_fp=$(sed -n 's/.*signed with the key \([0-9A-F ]*\), but.*/\1/p' "$T/err")
[ -n "$forged_fp" ] || fail "the refusal does not name the new key"
in_b import "$T/two.txt"
expect_rc 0 "the genuine text is then accepted"

# A keys file made from the register judges like the store.
in_b signers list --format keys
cp "$T/out" "$T/keys.txt"
run verify --keys "$T/keys.txt" "$T/two.txt"
expect_rc 0 "verify with a keys file"
expect_out "Both signatures are good"
run verify --keys "$T/keys.txt" "$T/forged.txt"
expect_rc 18 "the forgery against a keys file"

# A new key for a known email, accepted on purpose (in a third store
# that knows agreement 1 only), and audited.
C=$T/c.mpact
run --store "$C" --passphrase-file "$T/pw" init --kdf interactive
run --store "$C" --passphrase-file "$T/pw" import "$T/one.txt"
expect_rc 0 "import 1 into c"
run --store "$C" --passphrase-file "$T/pw" import --accept-key "$forged_fp" \
	"$T/forged.txt"
expect_rc 0 "accept the new key on purpose"
expect_out "accepted on purpose"
run --store "$C" --passphrase-file "$T/pw" audit
expect_out "signer key accepted"
run --store "$C" --passphrase-file "$T/pw" signers list
expect_out "RETIRED from"
run --store "$C" --passphrase-file "$T/pw" import --accept-key zz "$T/two.txt"
expect_rc 2 "a bad fingerprint"

# Retiring Priya's key: earlier texts stay valid, later ones are refused.
in_b signers retire "$priya" --reason "laptop lost"
expect_rc 0 "retire"
in_b signers retire "$priya"
expect_rc 13 "retire twice"
in_b verify "$T/one.txt"
expect_rc 0 "a text signed before the key was retired"
expect_out "retired on"
sleep 1
new_a emmp
three=$id
in_a set "$three" mentee.name "Chen Wei"
in_a set "$three" mentee.email "chen.wei@example.org"
reconfirm "$three"
sign_a "$three" mentor "Priya Shah" "$T/priya-pw"
sign_a "$three" mentee "Chen Wei" "$T/amara-pw"
expect_rc 0 "sign 3"
in_a export "$three" -o "$T/three.txt"
in_b import "$T/three.txt"
expect_rc 18 "a text signed after the key was retired"
expect_err "RETIRED"

# Adding a key received by phone before any agreement arrives.
in_b signers add "$priya" priya.shah@example.org
expect_rc 11 "a key already in the register"
in_b signers add "0000 1111 2222 3333 4444 5555 6666 7777" \
	chen.wei@example.org --name "Chen Wei"
expect_rc 0 "signers add"
in_b signers list --format json
expect_out '"fingerprint": "00001111222233334444555566667777"'
in_b signers add "8888 1111 2222 3333 4444 5555 6666 7777" chen.wei@example.org
expect_rc 18 "a second key in use for one person"

# One person, one key: Priya carries hers to a second laptop's store.
D=$T/d.mpact
in_a key export priya.shah@example.org -o "$T/priya.key"
expect_rc 0 "key export"
[ "$(stat -c %a "$T/priya.key")" = 600 ] || fail "the key file is not 0600"
grep -q "^sealed: " "$T/priya.key" || fail "no sealed key in the key file"
run --store "$D" --passphrase-file "$T/pw" init --kdf interactive
run --store "$D" --passphrase-file "$T/pw" \
	--signing-passphrase-file "$T/amara-pw" key import "$T/priya.key"
expect_rc 3 "key import with the wrong passphrase"
run --store "$D" --passphrase-file "$T/pw" \
	--signing-passphrase-file "$T/priya-pw" key import "$T/priya.key"
expect_rc 0 "key import"
run templates example emmp
cp "$T/out" "$T/d.yaml"
run --store "$D" --passphrase-file "$T/pw" new --scheme emmp --answers "$T/d.yaml"
did=$(grep -Eo '^[0-9A-Z]{4}-[0-9A-Z]{4}$' "$T/out" | head -n 1)
run --store "$D" --passphrase-file "$T/pw" \
	--signing-passphrase-file "$T/priya-pw" sign "$did" --as mentor \
	--name "Priya Shah"
expect_rc 0 "sign in the second store with the carried key"
[ "$(fingerprint)" = "$priya" ] || fail "the carried key has another fingerprint"

# A clause of the scheme's wording changed and re-signed: named by section.
$FORGE "$T/one.txt" "$T/reworded.txt" \
	--replace "Show consideration for mentor’s time." \
	"Show consideration for mentee’s time." || fail "rewording"
run verify "$T/reworded.txt"
expect_rc 15 "verify a reworded clause"
expect_out 'the wording of section "Commitments" differs'
in_b import "$T/reworded.txt"
expect_rc 12 "import a reworded clause"
expect_err 'section "Commitments"'

# One key for both roles is never a good text.
$FORGE "$T/one.txt" "$T/onekey.txt" --one-key || fail "one key"
run verify "$T/onekey.txt"
expect_rc 15 "one key signed both roles"
expect_out "made with the same key"

# One party signing both roles: by editing an email...
new_a emmp
four=$id
in_a set "$four" mentee.email "Priya.Shah@example.org"
reconfirm "$four"
sign_a "$four" mentee "Daniel Okafor" "$T/priya-pw"
expect_rc 12 "the mentee's email edited to the mentor's"
expect_err "one person cannot sign for both"
# ... or a name with extra spaces, where the scheme has no email.
new_a bsw-hub
five=$id
in_a set "$five" mentee.name "Priya  Shah"
sign_a "$five" mentee "Priya  Shah" "$T/amara-pw"
expect_rc 12 "a name with extra spaces"
expect_err "one person cannot sign for both"
# ... or a known person's name typed with other spacing and a new key.
in_a set "$five" mentee.name "Daniel Okafor"
sign_a "$five" mentee "Daniel Okafor" "$T/daniel-pw"
expect_rc 0 "Daniel signs the bsw-hub agreement"
new_a bsw-hub
six=$id
in_a set "$six" mentee.name "Daniel  OKAFOR"
sign_a "$six" mentee "Daniel  OKAFOR" "$T/amara-pw"
expect_rc 18 "another key for a known name"
expect_err "by the key"

# After erase --keep-signed, nobody signs as the erased person again.
in_a erase amara.okafor@example.org --keep-signed
expect_rc 0 "erase"
expect_out "the register of signers keeps"
new_a emmp
seven=$id
in_a set "$seven" mentee.name "Amara Okafor"
in_a set "$seven" mentee.email "amara.okafor@example.org"
reconfirm "$seven"
echo 'Tangerine walruses debate silent orchestras' >"$T/admin-pw"
sign_a "$seven" mentee "Amara Okafor" "$T/admin-pw"
expect_rc 18 "a new key for an erased person"
expect_err "was erased from this store"

# Two first signatures of one new person at once: both succeed, or one
# is told to sign again.
new_a emmp
p1=$id
new_a emmp
p2=$id
for x in "$p1" "$p2"; do
	in_a set "$x" mentee.name "Noor Haddad"
	in_a set "$x" mentee.email "noor.haddad@example.org"
	reconfirm "$x"
done
echo 'Crimson herons measure quiet glaciers' >"$T/noor-pw"
for x in "$p1" "$p2"; do
	"$MP" --store "$A" --passphrase-file "$T/pw" \
		--signing-passphrase-file "$T/noor-pw" sign "$x" --as mentee \
		--name "Noor Haddad" >"$T/race-$x.out" 2>"$T/race-$x.err" &
done
wait
for x in "$p1" "$p2"; do
	in_a show "$x"
	if ! grep -q "mentee: Noor Haddad, 20" "$T/out"; then
		grep -q "Sign again" "$T/race-$x.err" ||
			fail "a first signature at once failed unclearly: $(cat "$T/race-$x.err")"
	fi
	grep -q "UNIQUE constraint" "$T/race-$x.err" && fail "raw SQL error"
done
true
