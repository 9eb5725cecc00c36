# walk_bsw_hub.sh - the BSW Mentoring Hub scheme from first start to a
# verified export: defaults kept, long texts, yes/no toggles; then the
# start survey due 14 days after the signing, read back through `list`.
. "$SRCDIR/tests/tui/lib"

TUI_TERM=xterm-256color start
first_run
new_agreement 1
field 'Amara Okafor'
field 'Jonas Müller'
section 1 6 "The Mentoring Contract / Agreement"
confirm_section
section 2 6 "Practical Elements"
expect_screen "once a month"
expect_screen "1 hour"
keys Tab Tab
typein 'Tuesdays at four, in the practice library.'
keys Enter
typein 'Changes by email, a week ahead.'
confirm_section
section 3 6 "Professional Areas"
confirm_section
section 4 6 "Completion of assessment feedback"
confirm_section
section 5 6 "Psychological and Relational Aspects"
keys Tab
wait_for "Space changes the answer; y is yes, n is no."
keys y Tab y Tab n
wait_for "( ) yes    (x) no"
keys Space Tab
typein 'We look back at the goals every third meeting.'
confirm_section
expect_no_screen "not chosen yet"
section 6 6 "Signatures"
confirm_section
keys C-n
sign_and_export 'Amara Okafor' 'Jonas Müller'
grep -qF 'Tuesdays at four, in the practice library.' "$file" ||
	fail "the long text's first line is missing"
grep -qF 'Changes by email, a week ahead.' "$file" ||
	fail "the long text's second line is missing"
grep -qF 'Jonas Müller' "$file" || fail "the mentee's name is missing"
# Signed by both on these screens: the scheme's start survey falls due 14
# days on, as after the command line's sign.
run --passphrase-file "$PW" list --format json
expect_rc 0 "list"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert [(r["status"], r["form_due"]) for r in d] == [("active", sys.argv[2])], d' \
	"$T/out" "$(date -d '+14 days' +%F)" ||
	fail "no start survey due after signing on the screens"
