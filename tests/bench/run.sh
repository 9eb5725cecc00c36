#!/bin/sh
# run.sh - "make bench": run the benchmarks and print each time with its
# ratio to plain SQLite on the same workload.  Never fails the build.
set -u
BUILD=${BUILD:-build/bench}
N=${BENCH_AGREEMENTS:-2000}
dir=$(mktemp -d "${TMPDIR:-/tmp}/mpbench.XXXXXX")
trap 'rm -rf "$dir"' EXIT

raw=$dir/results
"$BUILD/tests/bench/bench_store" "$dir" "$N" >"$raw" || echo "bench_store failed"
if [ -x "$BUILD/sqlcipher/bench_sqlcipher" ]; then
	"$BUILD/sqlcipher/bench_sqlcipher" "$dir" "$N" >>"$raw" ||
		echo "bench_sqlcipher failed"
fi

awk '
/^WORKLOAD/ { sub(/^WORKLOAD /, ""); print "Store workload: " $0 ", then a full read back and a sorted list"; next }
/^RESULT/ {
	name = $2; sync = $3
	total[name, sync] = $4 + $5 + $6
	commit[name, sync] = $4; readback[name, sync] = $5; list[name, sync] = $6
	names[name] = 1; syncs[sync] = 1
}
/^UNLOCK/ { unlock[$2] = $3; order[++u] = $2 }
END {
	split("OFF FULL", S, " ")
	for (i = 1; i <= 2; i++) {
		s = S[i]
		base = total["sqlite", s]
		if (base == "") continue
		printf "\nsynchronous=%s%s\n", s, s == "OFF" ? "  (the CPU cost of the encryption)" : ""
		printf "  %-12s %10s %10s %10s %10s %8s\n", "", "commits", "read back", "list", "total", "ratio"
		split("sqlite mentorpact sqlcipher", N, " ")
		for (j = 1; j <= 3; j++) {
			n = N[j]
			if (total[n, s] == "") continue
			printf "  %-12s %9.2fs %9.3fs %9.3fs %9.2fs %7.2fx\n", n, commit[n, s], readback[n, s], list[n, s], total[n, s], total[n, s] / base
		}
		if (s == "OFF" && total["mentorpact", s] != "")
			printf "  target: mentorpact at most 1.15x plain SQLite%s\n", total["sqlcipher", s] != "" ? " and below SQLCipher" : ""
	}
	if (u) {
		printf "\nUnlock time (Argon2id key derivation and opening), per KDF level:\n"
		for (i = 1; i <= u; i++) printf "  %-12s %7.3fs\n", order[i], unlock[order[i]]
	}
}' "$raw"
exit 0
