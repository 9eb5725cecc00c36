#!/bin/sh
# run.sh - run every test and print one closing line "N passed, N failed".
#
# Called by "make check" with BUILD (the sanitized build folder) and FUZZ
# (the fuzzer build folder).  Each test is a program or a shell script;
# its output is kept only when it fails (in $BUILD/test-logs).
set -u
BUILD=${BUILD:-build/chk}
FUZZ=${FUZZ:-build/fuzz}
FUZZ_SECONDS=${FUZZ_SECONDS:-20}
MENTORPACT=$(pwd)/$BUILD/mentorpact
SRCDIR=$(pwd)
export BUILD FUZZ MENTORPACT SRCDIR FUZZ_SECONDS
# Sanitizers: any report fails the test that caused it.
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=0:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

logs=$BUILD/test-logs
rm -rf "$logs"
mkdir -p "$logs"
passed=0
failed=0
failures=

run_one() { # name, command...
	name=$1
	shift
	log=$logs/$(echo "$name" | tr '/' '_').log
	start=$(date +%s)
	if "$@" >"$log" 2>&1; then
		passed=$((passed + 1))
		printf 'ok    %-44s %ss\n' "$name" $(($(date +%s) - start))
		rm -f "$log"
	else
		failed=$((failed + 1))
		failures="$failures $name"
		printf 'FAIL  %-44s (log: %s)\n' "$name" "$log"
		tail -n 25 "$log" | sed 's/^/      /'
	fi
}

# The house rules: arrows one way between modules, no file over 800 lines.
run_one structure/layers sh mk/layers.sh "$BUILD"
for t in "$BUILD"/tests/unit/test_*; do
	[ -x "$t" ] || continue
	run_one "unit/${t##*/}" "$t"
done
for t in tests/store/*.sh tests/cli/*.sh tests/tui/*.sh; do
	[ -f "$t" ] || continue
	run_one "${t#tests/}" sh "$t"
done
for f in "$FUZZ"/fuzz_*; do
	[ -x "$f" ] || continue
	name=${f##*/}
	corpus=tests/fuzz/corpus/${name#fuzz_}
	work=$BUILD/fuzz-work/${name#fuzz_}
	rm -rf "$work"
	mkdir -p "$work"
	run_one "fuzz/$name" "$f" -max_total_time="$FUZZ_SECONDS" \
		-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$work/" "$work" "$corpus"
done

echo
[ -n "$failures" ] && echo "failed:$failures"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
