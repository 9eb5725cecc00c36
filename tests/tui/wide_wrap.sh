# wide_wrap.sh - a long answer mixing ASCII, é, ’, Ω and 中文 (double
# width), typed into a multi-line field so that it wraps several times in
# the middle of words and of runs of wide characters, with line breaks
# typed with Enter, is saved exactly as typed, at an odd and an even
# field width (the field is the pane's width less 5).
. "$SRCDIR/tests/tui/lib"

make_store
run --passphrase-file "$PW" new --scheme university-pilot
expect_rc 0 "new"
id=$(cat "$T/out")

l1='Café notes: Zoë O’Brien Ω met 王小明 on Tuesday; they agreed 中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文 then a'
l2='Supercalifragilisticexpialidocious-éΩ’-antidisestablishmentarianism-pneumonoultramicroscopicsilicovolcanoconiosis-中文x中文y中文z中文-Ω’é-again'
l3='short line'
l4='x中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文 end.'

# The answer as show prints it: the first line after its label, the
# others indented by six spaces.
answer() {
	awk '/^   confidentiality_exceptions \(long text\): /{
		sub(/^   confidentiality_exceptions \(long text\): /, ""); p=1
		print; next }
	p && /^      /{ sub(/^      /, ""); print; next }
	{ p=0 }' "$T/out"
}

for cols in 100 99; do
	TUI_COLS=$cols start
	unlock
	open_section 2
	wait_for "Section 2 of 10: Confidentiality"
	for l in "$l1" "$l2" "$l3"; do
		typein "$l"
		keys Enter
	done
	typein "$l4"
	wait_for "end."
	keys C-s
	wait_for "saved"
	leave_and_quit
	run --passphrase-file "$PW" show "$id"
	expect_rc 0 "show"
	printf '%s\n%s\n%s\n%s\n' "$l1" "$l2" "$l3" "$l4" >"$T/want"
	answer >"$T/got"
	cmp -s "$T/want" "$T/got" || {
		diff "$T/want" "$T/got" >&2 || true
		fail "at $cols columns the answer came back changed"
	}
	# Clear it for the next width.
	run --passphrase-file "$PW" set "$id" confidentiality_exceptions ""
	expect_rc 0 "clear the answer"
done
