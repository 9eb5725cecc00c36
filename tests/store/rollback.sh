# rollback.sh - a store rolled back to an older copy of its file is named
# as such against an audit head kept outside it (issue 11, point 9); an
# intact store passes; a head from another store is refused.
. "$SRCDIR/tests/lib.sh"
export MENTORPACT_TEMPLATE_PATH="$SRCDIR/templates"
export MENTORPACT_STORE=$T/a.mpact MENTORPACT_PASSPHRASE_FILE=$T/pw
echo 'correct horse battery staple' >"$T/pw"
run init --kdf interactive
$MP templates example nhs-reciprocal >"$T/answers.yaml"
run new --scheme nhs-reciprocal --answers "$T/answers.yaml"
expect_rc 0 "new"
ID=$(cat "$T/out")

# The head is one line naming the entry count.
run audit --head
expect_rc 0 "audit --head"
expect_out "mentorpact audit head: entry 2, chain "
[ "$(wc -l <"$T/out")" -eq 1 ] || fail "the head is not one line"
cp "$T/out" "$T/head-old"
cp "$T/a.mpact" "$T/old.mpact"

# Changes, then the head kept three ways: audit --head, backup, report.
for v in 3 4 5; do
	run set "$ID" notice_days "$v"
	expect_rc 0 "set notice_days $v"
done
run audit --head
cp "$T/out" "$T/head"
N=$(sed 's/.*entry \([0-9]*\),.*/\1/' "$T/head")
[ "$N" -gt 2 ] || fail "the head did not move with the changes ($N)"
run backup "$T/bk.mpact"
expect_rc 0 "backup"
expect_out "$(cat "$T/head")"
cp "$T/out" "$T/backup-out"
run report
expect_rc 0 "report"
expect_out "$(cat "$T/head")"
cp "$T/out" "$T/report-out"

# Intact: every kept form passes, and an older head is in the chain too.
for h in head backup-out report-out head-old; do
	run audit --check-head "$T/$h"
	expect_rc 0 "intact store against $h"
	expect_out "it was not rolled back"
done
run audit --check-head "$(cat "$T/head")"
expect_rc 0 "the head given as its line"

# Rolled back: the old file put back still passes audit on its own, but
# not against the kept head.
cp "$T/old.mpact" "$T/a.mpact"
run audit
expect_rc 0 "the old copy's chain is intact on its own"
for h in head backup-out report-out; do
	run audit --check-head "$T/$h"
	expect_rc 15 "rolled-back store against $h"
	expect_err "the store was rolled back"
	expect_err "so $((N - 2)) entries are missing"
done
run show "$ID"
expect_out "notice_days (number, required): 2"
# Rolled back and then written again past the kept entry count.
for v in 6 7 8 9; do run set "$ID" notice_days "$v"; done
run audit --check-head "$T/head"
expect_rc 15 "rolled back and written since"
expect_err "rolled back and written since: its entry $N is not the one"

# Another store's head is refused as not this store's.
MENTORPACT_STORE=$T/b.mpact run init --kdf interactive
MENTORPACT_STORE=$T/b.mpact run new --scheme nhs-reciprocal --answers "$T/answers.yaml"
MENTORPACT_STORE=$T/b.mpact run audit --check-head "$T/head"
expect_rc 12 "a head from another store"
expect_err "this audit head is not this store's"
# No head, or a changed one.
echo "nothing here" >"$T/junk"
run audit --check-head "$T/junk"
expect_rc 12 "a file without a head"
expect_err "no audit head found"
sed 's/chain \(.\)/chain x/' "$T/head" >"$T/cut"
run audit --check-head "$T/cut"
expect_rc 12 "a changed head"
expect_err "the audit head is cut or changed"
echo "rollback: ok"
