# slow_inputs.sh - inputs under the size limits that used to take minutes
# (issue 11, point 2): each is refused or handled in time linear in its
# size, checked as a ratio against a same-size input of linear shape
# measured in the same run (never against wall-clock constants).
. "$SRCDIR/tests/lib.sh"
echo 'correct horse battery staple' >"$T/pw"
export MENTORPACT_STORE=$T/s.mpact MENTORPACT_PASSPHRASE_FILE=$T/pw
run init --kdf interactive
expect_rc 0 "init"

now_ms() { echo $(($(date +%s%N) / 1000000)); }
# timed NAME CMD...: runs mentorpact, sets $ms to its time in milliseconds.
timed() {
	name=$1
	shift
	t0=$(now_ms)
	run "$@"
	ms=$(($(now_ms) - t0))
	[ "$ms" -gt 0 ] || ms=1
	echo "$name: ${ms} ms (exit $rc)"
}
# within SLOW_MS LINEAR_MS WHAT: at most 10 times (+ 1 s of slack for
# start-up noise on a loaded machine).
within() {
	[ "$1" -le $((10 * $2 + 1000)) ] ||
		fail "$3 took $1 ms, over 10x the linear input's $2 ms"
}

# Answers files: lists and mappings nested 100k deep (200-400 KB) against
# a flat list of the same size.
python3 - "$T" <<'PY'
import sys
t, n = sys.argv[1], 100000
head = 'scheme: nhs-reciprocal\nanswers:\n  goal: '
open(t + '/flow.yaml', 'w').write(head + '[' * n + ']' * n + '\n')
open(t + '/flat.yaml', 'w').write(head + '[' + '1,' * (n - 1) + '1]\n')
open(t + '/maps.yaml', 'w').write(head + '{a: ' * n + '}' * n + '\n')
open(t + '/flatmap.yaml', 'w').write(head + '{' + ', '.join('k%d: 1' % i for i in range(n // 3)) + '}\n')
PY
timed "flat list" new --scheme nhs-reciprocal --answers "$T/flat.yaml"
lin=$ms
timed "lists nested 100k deep" new --scheme nhs-reciprocal --answers "$T/flow.yaml"
expect_rc 12 "deep lists"
expect_err "flow.yaml:3:"
expect_err "nested more than 32 deep"
within "$ms" "$lin" "lists nested 100k deep"
timed "flat mapping" new --scheme nhs-reciprocal --answers "$T/flatmap.yaml"
lin=$ms
timed "mappings nested 100k deep" new --scheme nhs-reciprocal --answers "$T/maps.yaml"
expect_rc 12 "deep mappings"
expect_err "nested more than 32 deep"
within "$ms" "$lin" "mappings nested 100k deep"

# A 100 KB template nested 50k deep on the template path: new (which
# reads every template on the path) stays as quick as with a flat one.
mkdir "$T/tpl" "$T/tplflat"
python3 - "$T" <<'PY'
import sys
t, n = sys.argv[1], 50000
open(t + '/tpl/deep.yaml', 'w').write('format: 1\nid: deep\nx: ' + '[' * n + ']' * n + '\n')
open(t + '/tplflat/flat.yaml', 'w').write('format: 1\nid: flat\nx: [' + '1,' * (n - 1) + '1]\n')
PY
MENTORPACT_TEMPLATE_PATH="$T/tplflat:$SRCDIR/templates"
export MENTORPACT_TEMPLATE_PATH
timed "new beside a flat bad template" new --scheme nhs-reciprocal
expect_rc 0 "new beside a flat bad template"
lin=$ms
MENTORPACT_TEMPLATE_PATH="$T/tpl:$SRCDIR/templates"
timed "new beside a deep template" new --scheme nhs-reciprocal
expect_rc 0 "new beside a deep template"
within "$ms" "$lin" "new beside a deep template"
run templates check "$T/tpl/deep.yaml"
expect_rc 1 "templates check of the deep template"
expect_err "deep.yaml:3:"
expect_err "nested more than 32 deep"

# The text wrapper: a paragraph naming {f} 3000 times over a 1000-character
# answer without a space (one 3-million-character word, split into lines)
# against the same answer cut into short words.
python3 - "$T" <<'PY'
import sys
t = sys.argv[1]
open(t + '/tpl/wrap-test.yaml', 'w').write('''format: 1
id: wrap-test
name: Wrap test
organisation: Test scheme
version: "1"
source: Written for a test.
description: A paragraph that repeats one long answer.
parties:
  mentor:
    ask: [name]
  mentee:
    ask: [name]
sections:
  - id: s
    title: Section
    confirm: both
    body:
      - paragraph: "%s"
      - field: f
        label: F
        type: text
        max_length: 10000
        who: both
''' % ('{f}' * 3000))
PY
echo 'the mentor signs with this' >"$T/m1"
# wrap_case ANSWER: a ready agreement whose f is ANSWER; $ID names it.
wrap_case() {
	run new --scheme wrap-test
	expect_rc 0 "new wrap-test"
	ID=$(cat "$T/out")
	run set "$ID" mentor.name Ann
	run set "$ID" mentee.name Bo
	run set "$ID" f "$1"
	expect_rc 0 "set f"
	run confirm "$ID" s --as mentor
	run confirm "$ID" s --as mentee
	expect_out "ready"
}
word=$(printf '%01000d' 0 | tr 0 x)
words=$(printf '%01000d' 0 | tr 0 x | sed 's/xxxxxxxxx./xxxxxxxxx /g; s/ $/x/')
wrap_case "$words"
timed "sign, short words" sign "$ID" --as mentor --name Ann --signing-passphrase-file "$T/m1"
expect_rc 0 "sign, short words"
lin=$ms
wrap_case "$word"
timed "sign, one long word" sign "$ID" --as mentor --name Ann --signing-passphrase-file "$T/m1"
expect_rc 0 "sign, one long word"
within "$ms" "$lin" "signing a 3-million-character word"
echo "slow inputs: ok"
