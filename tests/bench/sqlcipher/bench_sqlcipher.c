/*
 * bench_sqlcipher.c - the same workload on SQLCipher, for comparison.
 * Built and run by "make bench" only when Debian's libsqlcipher-dev is
 * installed.  usage: bench_sqlcipher DIR AGREEMENTS
 */
#include <sqlcipher/sqlite3.h>
#include <unistd.h>

#include "bench/workload.h"

int main(int argc, char **argv)
{
	int n = argc > 2 ? atoi(argv[2]) : 2000;
	char path[4096];

	if (argc < 2 || n <= 0)
		return 2;
	for (int full = 0; full < 2; full++) {
		sqlite3 *db;
		double t[3];
		snprintf(path, sizeof(path), "%s/sqlcipher-%d.db", argv[1],
			 full);
		unlink(path);
		if (sqlite3_open(path, &db) != SQLITE_OK)
			return 1;
		wl_exec(db, "PRAGMA key = 'benchmark passphrase'");
		wl_pragmas(db, full);
		wl_commits(db, n, t);
		sqlite3_close(db);
		if (sqlite3_open(path, &db) != SQLITE_OK)
			return 1;
		wl_exec(db, "PRAGMA key = 'benchmark passphrase'");
		wl_pragmas(db, full);
		wl_reads(db, n, t);
		sqlite3_close(db);
		printf("RESULT sqlcipher %s %.3f %.3f %.3f\n",
		       full ? "FULL" : "OFF", t[0], t[1], t[2]);
		fflush(stdout);
	}
	return 0;
}
