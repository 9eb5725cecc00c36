# signers_screens.sh - the register of signers in the terminal UI.  The
# import screen says what the register made of each key, refuses a text
# whose mentor signed with a key that is not theirs (both fingerprints),
# and accepts the new key only when the fingerprint the person read out is
# typed, retiring the old one (read back with signers list and audit); the
# administrator's register screen lists the keys, adds one told by phone
# and retires one with a reason; the agreement view shows each
# signature's key and what the register says of it.
. "$SRCDIR/tests/tui/lib"
command -v minisign >/dev/null 2>&1 ||
	fail "minisign is not installed (mk/deps.sh check installs it)"
FORGE="python3 $SRCDIR/tests/tools/forge.py"
A=$T/a.mpact # where the parties sign
echo 'Quartz lantern drifts over seventeen marshes' >"$T/priya-pw"
echo 'Violet otters juggle brass compasses nightly' >"$T/daniel-pw"
echo 'Amber foxes whistle under crooked bridges' >"$T/amara-pw"

in_a() { run --store "$A" --passphrase-file "$PW" "$@"; }
admin() { run --passphrase-file "$PW" "$@"; }
sign_a() { # id role name passphrase-file
	run --store "$A" --passphrase-file "$PW" \
		--signing-passphrase-file "$4" sign "$1" --as "$2" --name "$3"
	expect_rc 0 "sign $1 as $2"
}
new_a() { # a new emmp agreement from its sample answers; id in $id
	run templates example emmp
	cp "$T/out" "$T/emmp.yaml"
	in_a new --scheme emmp --answers "$T/emmp.yaml"
	expect_rc 0 "new emmp"
	id=$(grep -Eo '^[0-9A-Z]{4}-[0-9A-Z]{4}$' "$T/out" | head -n 1)
}
hex() { echo "$1" | tr -d ' ' | tr A-F a-f; }
# The JSON object of the register whose fingerprint is $1 (hex), in $T/out.
entry() { grep -o "{\"fingerprint\": \"$1\"[^}]*}" "$T/out"; }

in_a init --kdf interactive
expect_rc 0 "init the parties' store"
make_store

# Agreement one: Priya and Daniel; agreement two: Priya and Amara.
new_a
one=$id
sign_a "$one" mentor "Priya Shah" "$T/priya-pw"
priya=$(sed -n 's/^Your key.s fingerprint: //p' "$T/out")
sign_a "$one" mentee "Daniel Okafor" "$T/daniel-pw"
daniel=$(sed -n 's/^Your key.s fingerprint: //p' "$T/out")
[ -n "$priya" ] && [ -n "$daniel" ] || fail "no fingerprints shown"
in_a export "$one" -o "$T/one.txt"
expect_rc 0 "export one"
new_a
two=$id
in_a set "$two" mentee.name "Amara Okafor"
in_a set "$two" mentee.email "amara.okafor@example.org"
for r in mentor mentee; do in_a confirm "$two" parties --as $r; done
sign_a "$two" mentor "Priya Shah" "$T/priya-pw"
sign_a "$two" mentee "Amara Okafor" "$T/amara-pw"
in_a export "$two" -o "$T/two.txt"
expect_rc 0 "export two"
# The mentor's key changed: agreement two re-signed with fresh keys.
$FORGE "$T/two.txt" "$T/rekeyed.txt" --keys "$T/newkeys" || fail "re-signing"
admin import "$T/one.txt"
expect_rc 0 "import one with the CLI"
admin import "$T/rekeyed.txt"
expect_rc 18 "the CLI refuses the new key"
new=$(sed -n 's/.*signed with the key \([0-9A-F ]*\), but.*/\1/p' "$T/err")
[ -n "$new" ] || fail "the CLI's refusal names no key"

# The import screen: refused, both fingerprints, and the offer.
start
unlock
keys i
wait_for "Import a signed agreement from a file"
typein "$T/rekeyed.txt"
keys Enter
wait_for "What the import did, and whose keys signed"
wait_for "NOT imported."
expect_screen "The mentor priya.shah@example.org signed with the key $new,"
expect_screen "but NOT THEIR KEY: this person is known by the key $priya."
expect_screen "If they read you $new by phone or in person, press a"
expect_screen "a accept the new key"
# A fingerprint that is not the key in the text accepts nothing.
keys a
wait_for "Fingerprint priya.shah@example.org read to you:"
typein "$daniel"
keys Enter
wait_for "That is not the key that signed"
admin signers list --format json
expect_rc 0 "signers list"
entry "$(hex "$priya")" | grep -q '"retired": null' ||
	fail "a wrong fingerprint retired Priya's key: $(cat "$T/out")"
# The fingerprint she read out: accepted, the old key retired.
keys a
wait_for "Fingerprint priya.shah@example.org read to you:"
typein "$new"
keys Enter
wait_for "Accepted the key $new; the agreement is imported."
wait_for "You accepted the key $new as priya.shah@example.org's"
expect_screen "The mentor priya.shah@example.org, key $new:"
expect_screen "accepted on purpose as theirs (recorded in the audit trail)"
expect_screen "The mentee amara.okafor@example.org, key"
expect_screen "new here, now recorded as theirs"
expect_no_screen "a accept the new key"
keys q
wait_for "What would you like to do?"
keys q
wait_exit
[ "$tui_rc" = 0 ] || fail "the terminal UI ended with $tui_rc"
admin signers list --format json
expect_rc 0 "signers list after accepting"
entry "$(hex "$priya")" | grep -q '"retired": "' ||
	fail "Priya's old key is not retired: $(cat "$T/out")"
entry "$(hex "$new")" | grep -q '"source": "accepted"' ||
	fail "the new key is not on record as accepted: $(cat "$T/out")"
admin signers list --format keys
expect_out "$new  priya.shah@example.org"
admin audit
expect_out "signer key accepted"
admin show "$two"
expect_rc 0 "show the imported agreement"
expect_out "Status: active (imported)"

# The register screen: listed, a key added by phone, one retired.
phone="0123 4567 89AB CDEF 0123 4567 89AB CDEF"
start
unlock
keys a
wait_for "Review due"
keys F1
wait_for "S opens the register of signers"
keys Enter
wait_for "Review due"
keys S
wait_for "The register of signers"
wait_for "Signer keys 1-4 of 4"
keys F1
wait_for "'a' adds a key a person read out to you"
keys Enter
wait_for "Signer keys 1-4 of 4"
expect_screen "$priya"
expect_screen "RETIRED"
expect_screen ": replaced by an accepted key;"
expect_screen "in use;  first seen"
expect_screen "in use"
keys a
wait_for "Fingerprint, as they read it to you:"
typein "not a fingerprint"
keys Enter
wait_for "is not a key's fingerprint"
keys a
wait_for "Fingerprint, as they read it to you:"
typein "$phone"
keys Enter
wait_for "Their email (or name where the scheme has none):"
typein "chen.wei@example.org"
keys Enter
wait_for "Added the key $phone for chen.wei@example.org."
wait_for "Signer keys 1-5 of 5"
# Daniel's key, second in the register, retired with a reason.
keys Down r
wait_for "Why (lost laptop"
typein "laptop lost"
keys Enter
wait_for "Retire the key $daniel of daniel.okafor@example.org?"
keys y
wait_for "Retired the key $daniel."
wait_for "laptop lost"
keys r
wait_for "was already retired on"
keys q
wait_for "Review due"
# The agreement view: each signature's key and the register's word.
keys /
typein "Daniel"
wait_for "Agreements 1-1"
keys Enter Enter
wait_for "Agreement $one v1"
keys Tab Tab
wait_for "[Signatures]"
wait_for "Key $priya"
expect_screen "The register: known: this person's key, retired on"
keys q
wait_for "Review due"
keys q
wait_for "What would you like to do?"
keys q
wait_exit
admin signers list --format keys
expect_out "$phone  chen.wei@example.org"
grep -q "$daniel" "$T/out" && fail "Daniel's retired key is still in use"
admin signers list
expect_out "RETIRED from"
expect_out "laptop lost"
admin audit
expect_out "signer key added"
expect_out "signer key retired"
exit 0
