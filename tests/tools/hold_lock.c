/*
 * hold_lock.c - open a store and hold its write lock for a while, so that
 * tests can see how another process is told the store is busy.
 *
 * usage: hold_lock STORE PASSFILE SECONDS
 * Prints "locked" once it holds the lock.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "mentorpact/secret.h"
#include "mentorpact/store.h"

int main(int argc, char **argv)
{
	struct mp_secret *pass;
	struct mp_error err;
	struct store *st;

	if (argc != 4)
		return 2;
	if (secret_read_file(argv[2], &pass, &err) != MP_OK ||
	    store_open(argv[1], pass, &st, &err) != MP_OK) {
		fprintf(stderr, "hold_lock: %s\n", err.message);
		return 1;
	}
	secret_free(pass);
	if (sqlite3_exec(store_db(st), "BEGIN EXCLUSIVE", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return 1;
	printf("locked\n");
	fflush(stdout);
	sleep((unsigned)atoi(argv[3]));
	store_close(st);
	return 0;
}
