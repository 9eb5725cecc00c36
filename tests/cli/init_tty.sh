# init_tty.sh - passphrases typed at a real terminal (tmux): asked twice,
# never echoed, a mismatch refused with nothing created.
. "$SRCDIR/tests/lib.sh"
command -v tmux >/dev/null || fail "tmux is not installed"
SOCK=mptest-$$
tm() { tmux -L "$SOCK" -f /dev/null "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$T"' EXIT

wait_for() { # text, then seconds
	i=0
	while [ $i -lt $((${2:-10} * 10)) ]; do
		tm capture-pane -p -t t >"$T/screen" 2>/dev/null
		grep -qF -- "$1" "$T/screen" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	cat "$T/screen" >&2
	fail "the screen never showed '$1'"
}

S=$T/tty.mpact
tm new-session -d -s t -x 100 -y 20 "env TERM=xterm-256color $MP --store $S init --kdf interactive; echo EXIT=\$?; sleep 30"
wait_for "New passphrase:"
tm send-keys -t t "purple otters dance quietly" Enter
wait_for "Repeat it:"
tm send-keys -t t "purple otters dance quietly" Enter
wait_for "EXIT=0"
grep -qF "created $S" "$T/screen" || fail "no confirmation on screen"
grep -q "otters" "$T/screen" && fail "the passphrase was echoed"
echo "purple otters dance quietly" >"$T/pw"
run --store "$S" --passphrase-file "$T/pw" check
expect_rc 0 "the passphrase typed at the terminal opens the store"
tm kill-session -t t

# A mismatch: nothing is created.
S2=$T/tty2.mpact
tm new-session -d -s t -x 100 -y 20 "env TERM=vt100 $MP --store $S2 init --kdf interactive; echo EXIT=\$?; sleep 30"
wait_for "New passphrase:"
tm send-keys -t t "purple otters dance quietly" Enter
wait_for "Repeat it:"
tm send-keys -t t "purple otters dance loudly" Enter
wait_for "EXIT=12"
grep -qF "the two passphrases differ" "$T/screen" || fail "no mismatch message"
[ ! -e "$S2" ] || fail "a mismatched passphrase created a store"
echo "passphrase entry at a terminal: ok"
