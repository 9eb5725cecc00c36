# templates.sh - `mentorpact templates` through the real binary: the five
# schemes check, their outlines match the golden files, each bad template
# and bad answers file gets exactly its expected messages, every sample
# answers file passes, and usage errors and unknown ids get their codes.
. "$SRCDIR/tests/lib.sh"
unset MENTORPACT_TEMPLATE_PATH
cd "$SRCDIR"
IDS="emmp university-pilot bsw-hub img-peer nhs-reciprocal"

# The five templates are valid, together and one by one.
run templates check templates/*.yaml
expect_rc 0 "templates check templates/*.yaml"
for id in $IDS; do
	expect_out "templates/$id.yaml: a valid template for scheme '$id'"
done
[ ! -s "$T/err" ] || fail "valid templates printed errors"

# Each outline is its golden file, byte for byte.
for id in $IDS; do
	run templates show "$id"
	expect_rc 0 "templates show $id"
	diff -u "tests/golden/templates/$id.txt" "$T/out" >"$T/diff" ||
		fail "templates show $id differs from its golden file: $(cat "$T/diff")"
done

# The list names each scheme with its counts and the file in use.
run templates list
expect_rc 0 "templates list"
for id in $IDS; do
	grep -qE "^$id +.* [0-9]+ +[0-9]+  $SRCDIR/templates/$id.yaml\$" "$T/out" ||
		fail "templates list lacks $id"
done

# Every bad template: exit 1 and exactly the expected messages.
n=0
for f in tests/templates/bad/*.yaml; do
	run templates check "$f"
	expect_rc 1 "templates check $f"
	diff -u "${f%.yaml}.expected" "$T/err" >"$T/diff" ||
		fail "$f: messages differ: $(cat "$T/diff")"
	[ ! -s "$T/out" ] || fail "$f: a bad template printed to stdout"
	n=$((n + 1))
done
[ "$n" -ge 20 ] || fail "only $n bad templates"

# One bad file among good ones makes the whole check fail.
run templates check templates/emmp.yaml tests/templates/bad/13-default-out-of-range.yaml
expect_rc 1 "a good and a bad template"
expect_out "templates/emmp.yaml: a valid template"
run templates check "$T/no-such-file.yaml"
expect_rc 1 "a missing file"
expect_err "cannot read $T/no-such-file.yaml: No such file or directory"

# Each scheme's sample answers pass, from a file and through a pipe.
for id in $IDS; do
	run templates example "$id"
	expect_rc 0 "templates example $id"
	expect_out "scheme: $id"
	cp "$T/out" "$T/$id-answers.yaml"
	run templates check "$T/$id-answers.yaml"
	expect_rc 0 "the sample answers for $id"
	expect_out "valid answers for scheme '$id'"
	"$MP" templates example "$id" | "$MP" templates check /dev/stdin \
		>"$T/out" 2>"$T/err" || fail "piped sample for $id: $(cat "$T/err")"
done

# The guide's complete example, and its answers file, pass the check.
guide_block() { # the first yaml block after the heading that starts "## $1"
	awk -v h="## $1" 'index($0, h) == 1 { s = 1 }
		s && /^```yaml$/ { f = 1; next }
		f && /^```$/ { exit }
		f' doc/templates.md
}
guide_block 12. >"$T/guide.yaml"
guide_block 13. >"$T/guide-answers.yaml"
[ -s "$T/guide.yaml" ] && [ -s "$T/guide-answers.yaml" ] ||
	fail "no example found in doc/templates.md"
run templates check "$T/guide.yaml" "$T/guide-answers.yaml"
expect_rc 0 "the examples of doc/templates.md"
expect_out "valid answers for scheme 'riverside-circle'"
grep -q '^records:$' "$T/guide.yaml" || fail "the guide's example has no records"

# Records in an outline: the session log, notes, each form and its
# questions, for the guide's example and for the schemes.
mkdir -p "$T/guide-dir"
cp "$T/guide.yaml" "$T/guide-dir/"
MENTORPACT_TEMPLATE_PATH=$T/guide-dir run templates show riverside-circle
expect_rc 0 "templates show riverside-circle"
expect_out '  sessions offered       6'
expect_out '  list        numbered, 2 items: Before the first session:'
expect_out '  session log            "Coaching log", an entry per meeting'
expect_out '  built in               date, length, how, next'
expect_out "  private notes          kept by the mentor and the mentee, each their own; the mentor's only after the mentee answers yes to 'notes_ok'"
expect_out 'form 1 of 3: session_feedback "Feedback after the session", filled by the mentee, due after each session'
expect_out '              scale 1 to 5; 1: not useful; 5: very useful'
expect_out 'form 3 of 3: circle_evaluation "The circle'"'"'s evaluation", filled by the mentor and the mentee, each their own, due at stages'
expect_out '  stage       2. three months'
expect_out '  shared                 yes: free-text answers go to the programme too'
run templates show nhs-reciprocal
expect_out '  stage       4. end of programme'
expect_out 'form 1 of 2: feedback_evaluation "Feedback evaluation form", filled by the mentee, due at review'
run templates show bsw-hub
expect_out "the mentor's only after the mentee answers yes to 'notes_agreed'"

# Answers files: the good one passes, each bad one gets its messages.
run templates check tests/templates/answers/good-partial.yaml
expect_rc 0 "good-partial answers"
for f in tests/templates/answers/bad-*.yaml; do
	run templates check "$f"
	expect_rc 1 "templates check $f"
	diff -u "${f%.yaml}.expected" "$T/err" >"$T/diff" ||
		fail "$f: messages differ: $(cat "$T/diff")"
done

# Unknown ids and usage errors.
for sub in show example; do
	run templates "$sub" no-such-scheme
	expect_rc 4 "templates $sub of an unknown id"
	expect_err "no template 'no-such-scheme'; 'mentorpact templates list'"
done
run templates
expect_rc 2 "templates alone"
expect_err "usage: mentorpact templates list|show ID|check FILE...|example ID"
run templates show
expect_rc 2 "show without an id"
expect_err "wrong number of arguments for 'templates show'"
run templates check
expect_rc 2 "check without a file"
run templates frob
expect_rc 2 "an unknown subcommand"
expect_err "unknown subcommand 'frob'"
run templates --help
expect_rc 0 "templates --help"
expect_out "usage: mentorpact templates"
