#!/bin/sh
# run.sh - "make bench": run the benchmarks and print each time with its
# ratio to plain SQLite on the same workload.  Never fails the build.
set -u
BUILD=${BUILD:-build/bench}
N=${BENCH_AGREEMENTS:-2000}
dir=$(mktemp -d "${TMPDIR:-/tmp}/mpbench.XXXXXX")
trap 'rm -rf "$dir"' EXIT

# BENCH_ONLY=mail runs the mail intake alone (any other part: all).
ONLY=${BENCH_ONLY:-}
raw=$dir/results
: >"$raw"
if [ "$ONLY" != mail ]; then
	"$BUILD/tests/bench/bench_store" "$dir" "$N" >"$raw" ||
		echo "bench_store failed"
fi
if [ "$ONLY" != mail ] && [ -x "$BUILD/sqlcipher/bench_sqlcipher" ]; then
	"$BUILD/sqlcipher/bench_sqlcipher" "$dir" "$N" >>"$raw" ||
		echo "bench_sqlcipher failed"
fi

awk '
/^WORKLOAD/ { commits = $(NF - 1); sub(/^WORKLOAD /, ""); print "Store workload: " $0 ", then a full read back and a sorted list"; next }
/^RESULT/ {
	name = $2; sync = $3
	total[name, sync] = $4 + $5 + $6
	commit[name, sync] = $4; readback[name, sync] = $5; list[name, sync] = $6
	names[name] = 1; syncs[sync] = 1
}
/^UNLOCK/ { unlock[$2] = $3; order[++u] = $2 }
/^CIPHER/ { pages = $2; seal = $3 }
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
		if (s == "OFF" && pages != "" && commit["sqlite", s] > 0) {
			per = commit["sqlite", s] / commits * 1e6
			mine = (commit["mentorpact", s] - commit["sqlite", s]) / commits * 1e6
			printf "  per commit: plain SQLite %.1f us; mentorpact adds %.1f us, of which\n", per, mine
			printf "  the cipher alone (%.2f pages sealed x %.2f us, XChaCha20-Poly1305)\n", pages, seal * 1e6
			printf "  is %.1f us: a floor of %.2fx on the commits for any shim with this cipher\n", pages * seal * 1e6, 1 + pages * seal * 1e6 / per
		}
	}
	if (u) {
		printf "\nUnlock time (Argon2id key derivation and opening), per KDF level:\n"
		for (i = 1; i <= u; i++) printf "  %-12s %7.3fs\n", order[i], unlock[order[i]]
	}
}' "$raw"
# --- the signed text: export, verify, import against plain SQLite -----------
NE=${BENCH_EXPORTS:-1000}
if [ "$ONLY" != mail ] && [ -x "$BUILD/tests/bench/bench_export" ]; then
	"$BUILD/tests/bench/bench_export" "$dir" "$NE" >"$dir/export" ||
		echo "bench_export failed"
	awk '
/^EXPORT skipped/ { sub(/^EXPORT /, ""); print "\nSigned text: " $0; exit }
/^EXPORT agreements/ { n = $3; size = $4; next }
/^EXPORT / { t[$2] = $3 }
END {
	if (t["sqlite"] == "") exit
	printf "\nSigned text, per agreement (%d signed agreements of the five schemes,\n", n
	printf "%.1f KB each), against reading its 40 rows from plain SQLite:\n", size / 1024
	split("sqlite export verify import", K, " ")
	what["sqlite"] = "one agreement'"'"'s 40 rows from plain SQLite"
	what["export"] = "render_export: body and signature block"
	what["verify"] = "render_parse: both signatures checked"
	what["import"] = "verify, read the answers back, render again"
	for (i = 1; i <= 4; i++) {
		k = K[i]
		printf "  %-8s %9.3f ms %8.1fx  %s\n", k, t[k] * 1000, t[k] / t["sqlite"], what[k]
	}
}' "$dir/export"
fi
# --- mail intake: an mbox against plain files ---------------------------------
NM=${BENCH_MAIL:-1000}
if [ -x "$BUILD/tests/bench/bench_mail" ]; then
	mkdir -p "$dir/mail"
	"$BUILD/tests/bench/bench_mail" "$dir/mail" "$NM" >"$dir/mailres" ||
		echo "bench_mail failed"
	if [ -f "$dir/mail/inbox.mbox" ] && [ -x ./mentorpact ]; then
		# the real binary: one import of the mbox, one verify of the files
		echo 'bench passphrase' >"$dir/mail/pw"
		MENTORPACT_TEMPLATE_PATH=$(pwd)/templates
		export MENTORPACT_TEMPLATE_PATH
		mp="./mentorpact --store $dir/mail/s.mpact --passphrase-file $dir/mail/pw"
		$mp init --kdf interactive >/dev/null 2>&1
		t0=$(date +%s.%N)
		$mp import "$dir/mail/inbox.mbox" >/dev/null 2>&1 || echo "import failed"
		t1=$(date +%s.%N)
		# 17: intact, but no register was given to name the keys
		./mentorpact verify "$dir"/mail/plain/*.txt >/dev/null 2>&1
		rc=$?
		[ $rc -eq 0 ] || [ $rc -eq 17 ] || echo "verify failed ($rc)"
		t2=$(date +%s.%N)
		n_in=$($mp list --format json 2>/dev/null | grep -o '"id"' | wc -l)
		[ "$n_in" -eq "$NM" ] || echo "import: $n_in of $NM agreements in the store"
		echo "MAIL cli_import $(echo "($t1 - $t0) / $NM" | bc -l)" >>"$dir/mailres"
		echo "MAIL cli_verify $(echo "($t2 - $t1) / $NM" | bc -l)" >>"$dir/mailres"
	fi
	awk '
/^MAIL skipped/ { sub(/^MAIL /, ""); print "\nMail intake: " $0; exit }
/^MAIL agreements/ { n = $3; next }
/^MAIL / { t[$2] = $3 }
END {
	if (t["verify"] == "") exit
	printf "\nMail intake, per agreement (%d agreements), against render_parse:\n", n
	split("verify scan repairs import mbox", K, " ")
	what["verify"] = "render_parse of the plain file (the base)"
	what["scan"] = "mail_scan of the plain file: needs no repair"
	what["repairs"] = "mail_scan of a changed file: every candidate tried"
	what["import"] = "render_parse with the template (import, plain file)"
	what["mbox"] = "mail_scan of a 1-message-each mbox, read back"
	for (i = 1; i <= 5; i++) {
		k = K[i]
		printf "  %-8s %9.3f ms %8.2fx  %s\n", k, t[k] * 1000, t[k] / t["verify"], what[k]
	}
	if (t["cli_import"] != "") {
		printf "  the binary: import of the mbox %.3f ms, verify of the plain files\n", t["cli_import"] * 1000
		printf "  %.3f ms per agreement (%.2fx; import also unlocks and writes the store)\n", t["cli_verify"] * 1000, t["cli_import"] / t["cli_verify"]
	}
}' "$dir/mailres"
fi
# --- the terminal UI: what a keystroke or the unlock waits on ---------------
[ "$ONLY" = mail ] && exit 0
tui=$dir/tui-results
if "$BUILD/tests/bench/bench_tui" "$dir" templates/emmp.yaml 50 >"$tui"; then
	awk '
	/^TUI open/ { o = $3; po = $4 }
	/^TUI home_list/ { l = $3; pl = $4; n = $5 }
	/^TUI autosave/ { a = $3; pa = $4 }
	function row(name, x, y) {
		printf "  %-36s %8.3f ms %8.3f ms %7.2fx\n", name, x * 1000, y * 1000, (y > 0 ? x / y : 0)
	}
	END {
		printf "\nTerminal UI (%d drafts; medians of 25):\n", n
		printf "  %-36s %11s %11s %8s\n", "", "mentorpact", "plain", "ratio"
		row("unlock to home, without the KDF", (o > 0 ? o : 0) + l, po + pl)
		row("  opening the store, less the KDF", o > 0 ? o : 0, po)
		row("  the home screen'"'"'s listing", l, pl)
		row("one autosave (one commit)", a, pa)
	}' "$tui"
else
	echo "bench_tui failed"
fi
# --- the administrator's view: screens at 1,000 and 100,000 agreements ------
NA=${BENCH_ADMIN_LARGE:-100000}
if [ -x "$BUILD/tests/bench/gen_store" ] && [ -x "$BUILD/tests/bench/bench_admin" ]; then
	for n in 1000 "$NA"; do
		"$BUILD/tests/bench/gen_store" "$dir/admin-$n.mpact" "$n" ||
			echo "gen_store $n failed"
	done >"$dir/admin"
	"$BUILD/tests/bench/bench_admin" 1000 "$dir/admin-1000.mpact" \
		"$NA" "$dir/admin-$NA.mpact" >>"$dir/admin" ||
		echo "bench_admin failed"
	rm -f "$dir"/admin-*.mpact
	awk -v big="$NA" '
/^GEN / { made[$2] = $3; words[$2] = $4; size[$2] = $5 }
/^ADMIN .* screen / { first[$2, $4] = $5; best[$2, $4] = $6; rows[$2, $4] = $7
	if (!($4 in seen)) { seen[$4] = 1; order[++k] = $4 } }
/^ADMIN .* memory / { base[$2] = $4; peak[$2] = $5; kdf[$2] = $6 }
/^ADMIN .* purge / { ptime[$2] = $4; pgone[$2] = $5; ppeak[$2] = $6 }
/^ADMIN .* failed/ { print "\n" $0 }
END {
	if (!k) exit
	printf "\nAdministrator'"'"'s view: stores made by gen_store (%.1f MB and %.0f MB; made in\n", size[1000] / 1048576, size[big] / 1048576
	printf "%.1f s and %.1f s, search words folded in %.2f s and %.2f s); ms per screen\n", made[1000], made[big], words[1000], words[big]
	printf "of 50 rows, the first run after unlocking and the best of 15:\n"
	printf "  %-16s %9s %9s %9s %9s %7s\n", "", "1k first", "1k best", big / 1000 "k first", big / 1000 "k best", "ratio"
	for (i = 1; i <= k; i++) {
		s = order[i]
		r = best[1000, s] > 0 ? best[big, s] / best[1000, s] : 0
		printf "  %-16s %9.3f %9.3f %9.3f %9.3f %6.1fx%s\n", s, first[1000, s], best[1000, s], first[big, s], best[big, s], r, (r > 3 ? "  over 3x" : "")
	}
	printf "  target: the large store at most 3x the small (best runs)\n"
	printf "Memory of the view of the large store: %.1f MiB resident after unlocking,\n", base[big] / 1024
	printf "peak %.1f MiB while the screens ran (%.1f MiB more; target under 64 MiB);\n", peak[big] / 1024, (peak[big] - base[big]) / 1024
	printf "the key derivation'"'"'s own peak before that: %.1f MiB.\n", kdf[big] / 1024
	if (ptime[big] != "")
		printf "Purge (one transaction; no rewrite of the store): %d agreements of 1k in %.2f s,\npeak %.0f MiB; %d of %dk in %.1f s, peak %.0f MiB.\n", pgone[1000], ptime[1000], ppeak[1000] / 1024, pgone[big], big / 1000, ptime[big], ppeak[big] / 1024
}' "$dir/admin"
fi
# The home screen's counts of what is due by today: 1k and (by default)
# 100k agreements of ten sessions each.
if [ "$ONLY" != mail ] && [ -x "$BUILD/tests/bench/bench_due" ]; then
	"$BUILD/tests/bench/bench_due" "$dir" 1000 "$NA" >"$dir/due" ||
		echo "bench_due failed"
	awk -v big="$NA" '
/^DUE / { fill[$2] = $3; first[$2] = $4; best[$2] = $5; due[$2] = $6 + $7 + $8 }
END {
	if (best[1000] == "" || best[big] == "") exit
	r = best[1000] > 0 ? best[big] / best[1000] : 0
	printf "\nHome screen, what is due by today (records_due_counts; ten sessions per\n"
	printf "agreement, filled in %.1f s and %.1f s): ms, the first run and the best of 25:\n", fill[1000], fill[big]
	printf "  %-16s %9.3f %9.3f (%d due)\n", "1k agreements", first[1000], best[1000], due[1000]
	printf "  %-16s %9.3f %9.3f (%d due)\n", big / 1000 "k agreements", first[big], best[big], due[big]
	printf "  ratio %.2fx%s; target at most 3x\n", r, (r > 3 ? "  over 3x" : "")
}' "$dir/due"
fi
exit 0
