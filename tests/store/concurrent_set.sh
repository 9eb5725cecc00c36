# concurrent_set.sh - two set commands on different fields of one
# agreement at the same time (issue 11, point 7): both land, every time.
. "$SRCDIR/tests/lib.sh"
export MENTORPACT_TEMPLATE_PATH="$SRCDIR/templates"
export MENTORPACT_STORE=$T/a.mpact MENTORPACT_PASSPHRASE_FILE=$T/pw
echo 'correct horse battery staple' >"$T/pw"
run init --kdf interactive
expect_rc 0 "init"
run new --scheme nhs-reciprocal
expect_rc 0 "new"
ID=$(cat "$T/out")
i=1
while [ $i -le 24 ]; do
	"$MP" set "$ID" mentor.name "Mentor $i" >"$T/o1" 2>"$T/e1" </dev/null &
	p1=$!
	"$MP" set "$ID" mentee.name "Mentee $i" >"$T/o2" 2>"$T/e2" </dev/null &
	p2=$!
	r1=0
	r2=0
	wait $p1 || r1=$?
	wait $p2 || r2=$?
	[ $r1 -eq 0 ] || fail "round $i: the mentor's set failed ($r1): $(cat "$T/e1")"
	[ $r2 -eq 0 ] || fail "round $i: the mentee's set failed ($r2): $(cat "$T/e2")"
	run show "$ID"
	expect_out "Mentor $i"
	expect_out "Mentee $i"
	i=$((i + 1))
done
run audit "$ID"
expect_rc 0 "audit"
echo "concurrent sets on different fields: ok"
