# secrets_process.sh - secrets in memory and in the process list (issue
# 11, point 6): no core file from a signal during sign, and values read
# from standard input or a file rather than given as arguments.
. "$SRCDIR/tests/lib.sh"
export MENTORPACT_TEMPLATE_PATH="$SRCDIR/templates"
export MENTORPACT_STORE=$T/a.mpact MENTORPACT_PASSPHRASE_FILE=$T/pw
echo 'correct horse battery staple' >"$T/pw"
run init --kdf interactive
expect_rc 0 "init"
$MP templates example nhs-reciprocal >"$T/answers.yaml"
run new --scheme nhs-reciprocal --answers "$T/answers.yaml"
expect_rc 0 "new"
ID=$(cat "$T/out")
run show "$ID"
MENTOR=$(grep '^Mentor: ' "$T/out" | sed 's/^Mentor: //; s/,.*//')

# SIGQUIT while sign waits for the signing passphrase (the store open,
# names and answers in memory), with core files allowed by the shell and
# by the sanitizer: the process dies without a core.
mkfifo "$T/fifo"
mkdir "$T/cwd"
python3 - "$MP" "$ID" "$MENTOR" "$T" <<'PY' || fail "core dump test"
import os, resource, signal, sys, time
mp, aid, name, t = sys.argv[1:5]
resource.setrlimit(resource.RLIMIT_CORE,
                   (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
env = dict(os.environ, ASAN_OPTIONS='disable_coredump=0:detect_leaks=0')
pid = os.fork()
if pid == 0:
    os.chdir(t + '/cwd')
    fd = os.open('/dev/null', os.O_RDWR)
    for i in (0, 1, 2):
        os.dup2(fd, i)
    os.execve(mp, [mp, '--signing-passphrase-file', t + '/fifo', 'sign',
                   aid, '--as', 'mentor', '--name', name], env)
time.sleep(2)
limits = open('/proc/%d/limits' % pid).read()
os.kill(pid, signal.SIGQUIT)
_, status = os.waitpid(pid, 0)
core = [l for l in limits.splitlines() if l.startswith('Max core')][0]
print(core)
if not os.WIFSIGNALED(status):
    sys.exit('sign was not stopped by the signal')
if os.WCOREDUMP(status) or os.listdir(t + '/cwd'):
    sys.exit('a core was dumped')
if core.split()[4] != '0':
    sys.exit('core files still allowed: ' + core)
PY
echo "ok: no core file"

# Values from standard input and from a file; the argument form still works.
printf 'Ada Lovelace\n' | "$MP" set "$ID" mentor.name --value-file - >"$T/out" 2>"$T/err" ||
	fail "set --value-file -: $(cat "$T/err")"
run show "$ID"
expect_rc 0 "show"
grep -q 'Ada Lovelace' "$T/out" || fail "the name from standard input"
printf 'Grace Hopper\n' >"$T/name"
run set "$ID" mentee.name --value-file "$T/name"
expect_rc 0 "set --value-file FILE"
run show "$ID"
grep -q 'Grace Hopper' "$T/out" || fail "the name from a file"
printf 'a\0b' >"$T/nul"
run set "$ID" mentee.name --value-file "$T/nul"
expect_rc 12 "a value with a NUL byte"
expect_err "NUL byte"
run set "$ID" mentee.name --value-file "$T/missing"
expect_rc 4 "a value file that is not there"
run set "$ID" mentee.name Someone --value-file "$T/name"
expect_rc 2 "a value and --value-file"
# A value that begins with '-' is a value, not an option.
run set "$ID" notice_days -0
expect_rc 12 "notice_days -0 is checked as a number"
grep -q "unknown option" "$T/err" && fail "-0 taken for an option"
run set "$ID" notice_days -- 5
expect_rc 0 "set after --"
run set "$ID" notice_days 7 --bogus
expect_rc 2 "an unknown option"
expect_err "unknown option '--bogus'"

# Review notes and end reasons from a file.
printf 'We met and it went well.\n' >"$T/note"
run review "$ID" --note-file "$T/note"
[ "$rc" -eq 0 ] || [ "$rc" -eq 13 ] || fail "review --note-file: exit $rc"
run review "$ID" --note x --note-file "$T/note"
expect_rc 2 "--note and --note-file"
printf 'No blame: moved away.\n' >"$T/reason"
run end "$ID" --reason x --reason-file "$T/reason"
expect_rc 2 "--reason and --reason-file"
echo "secrets in the process: ok"
