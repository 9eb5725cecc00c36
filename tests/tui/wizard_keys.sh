# wizard_keys.sh - what a pair typing a new scheme lost before (issue 12),
# each read back through the CLI: End after double-width text, the focus
# across resizes, keys typed on the "please enlarge" screen, typing over a
# default and Ctrl-U, F6/F7 to agree from an answer, the scheme's words
# following the answers, F1 and ?, and a message going with its state.
. "$SRCDIR/tests/tui/lib"
export MENTORPACT_TEMPLATE_PATH="$SRCDIR/templates:$SRCDIR/tests/tui/schemes"

make_store
run --passphrase-file "$PW" new --scheme typing-test
expect_rc 0 "new"
id=$(cat "$T/out")

start --passphrase-file "$PW"
wait_for "What would you like to do?"
keys Down Enter
wait_for "Section 1 of 1: Answers"
tm set -g window-size manual

# End after double-width text, in a line and in a list item.
typein 'my 中文 rota'
keys Home
typein 'before '
keys End Left Left Left Left
typein 'first '
# The scheme's words show the answer as typed, before it is saved.
wait_for "We meet before my 中文 first rota."
keys Tab Tab
typein 'my 中文 rota'
keys Home
typein 'before '
keys End Left Left Left Left
typein 'first '
keys Tab
# The default 4 is replaced by what is typed first.
typein '5'
keys Tab
# A resize with the focus in the date: the focus stays there.
tm resize-window -t mp -x 90 -y 28
wait_for "A date"
tm resize-window -t mp -x 100 -y 30
typein '2025-03-'
# Too small: the keys typed meanwhile are kept.
tm resize-window -t mp -x 70 -y 20
wait_for "Please enlarge the terminal."
typein '31'
tm resize-window -t mp -x 100 -y 30
wait_for "A choice"
keys Up Up Up
# The long text: m and e are typed as text; F6 and F7 agree from here.
typein 'by phone me'
keys F6
wait_for "The mentor agrees with section 1."
keys F7
wait_for "The mentee agrees with section 1."
leave_and_quit
run --passphrase-file "$PW" show "$id"
expect_rc 0 "show"
expect_out "line (text): before my 中文 first rota"
expect_out "items (list): before my 中文 first rota"
expect_out "count (number): 5"
expect_out "when (date): 2025-03-31"
expect_out "long (long text): by phone me"
expect_out "confirmed by mentor and mentee"
if grep -q "rota  " "$T/out"; then fail "spaces were saved after the text"; fi

# Ctrl-U clears; F1 and ? (on a choice) open the help; a message goes
# with the next key.
start --passphrase-file "$PW"
wait_for "What would you like to do?"
keys Down Enter
wait_for "Section 1 of 1: Answers"
keys F1
wait_for "Keys here:"
expect_screen "Ctrl-U"
keys Enter
wait_for "Section 1 of 1: Answers"
keys Tab Tab Tab C-u
typein '7'
keys Tab Tab
wait_for "Space or Enter shows the choices"
typein '?'
wait_for "Keys here:"
keys Escape
wait_for "Section 1 of 1: Answers"
keys Tab Tab Tab
wait_for "That was the last answer here"
keys Left
wait_gone "That was the last answer here"
leave_and_quit
run --passphrase-file "$PW" show "$id"
expect_out "count (number): 7"
