/*
 * secret.c - guarded memory and passphrase entry.
 *
 * Passphrases are read byte by byte straight into sodium_malloc memory, so
 * no copy ever sits in a stdio buffer or on the heap.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "mentorpact/secret.h"
#include "base_internal.h"

enum mp_status secret_init(struct mp_error *err)
{
	if (sodium_init() < 0)
		return mp_error_set(err, MP_ERR_INTERNAL,
				    "libsodium could not be initialised");
	return MP_OK;
}

void secret_protect_process(void)
{
	struct rlimit none = {0, 0};

	setrlimit(RLIMIT_CORE, &none);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

enum mp_status secret_alloc(size_t cap, struct mp_secret **out,
			    struct mp_error *err)
{
	struct mp_secret *s;

	*out = NULL;
	if (secret_init(err) != MP_OK)
		return err ? err->status : MP_ERR_INTERNAL;
	s = sodium_malloc(sizeof(*s));
	if (!s)
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	s->data = sodium_malloc(cap ? cap : 1);
	if (!s->data) {
		sodium_free(s);
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	}
	sodium_memzero(s->data, cap ? cap : 1);
	s->len = 0;
	s->cap = cap ? cap : 1;
	*out = s;
	return MP_OK;
}

enum mp_status secret_from(const void *data, size_t len,
			   struct mp_secret **out, struct mp_error *err)
{
	enum mp_status st = secret_alloc(len + 1, out, err);

	if (st != MP_OK)
		return st;
	memcpy((*out)->data, data, len);
	(*out)->len = len;
	return MP_OK;
}

void secret_free(struct mp_secret *s)
{
	if (!s)
		return;
	sodium_free(s->data); /* sodium_free wipes before unmapping */
	sodium_free(s);
}

int secret_equal(const struct mp_secret *a, const struct mp_secret *b)
{
	return a->len == b->len && sodium_memcmp(a->data, b->data, a->len) == 0;
}

/*
 * Read one line from fd into a fresh secret.  Returns MP_OK, or
 * MP_ERR_INVALID for an empty or too long line; *interrupted is set when a
 * signal cut the read short.
 */
static enum mp_status read_line(int fd, const char *what,
				volatile sig_atomic_t *interrupted,
				struct mp_secret **out, struct mp_error *err)
{
	struct mp_secret *s;
	enum mp_status st;
	unsigned char c;

	st = secret_alloc(SECRET_PASSPHRASE_MAX + 1, &s, err);
	if (st != MP_OK)
		return st;
	for (;;) {
		ssize_t n = read(fd, &c, 1);
		if (n < 0 && errno == EINTR) {
			if (interrupted && *interrupted)
				break;
			continue;
		}
		if (n < 0) {
			secret_free(s);
			return mp_error_set(err, MP_ERR_IO,
					    "cannot read the %s: %s", what,
					    strerror(errno));
		}
		if (n == 0 || c == '\n')
			break;
		if (s->len == SECRET_PASSPHRASE_MAX) {
			secret_free(s);
			return mp_error_set(err, MP_ERR_INVALID,
					    "the %s is longer than %d bytes",
					    what, SECRET_PASSPHRASE_MAX);
		}
		s->data[s->len++] = c;
	}
	if (s->len > 0 && s->data[s->len - 1] == '\r')
		s->data[--s->len] = '\0';
	if (interrupted && *interrupted) {
		secret_free(s);
		return mp_error_set(err, MP_ERR_FAILED, "interrupted");
	}
	if (s->len == 0) {
		secret_free(s);
		return mp_error_set(err, MP_ERR_INVALID,
				    "the %s is empty; a passphrase is needed",
				    what);
	}
	*out = s;
	return MP_OK;
}

enum mp_status secret_read_file(const char *path, struct mp_secret **out,
				struct mp_error *err)
{
	enum mp_status st;
	int fd;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return mp_error_set(err, errno == ENOENT ? MP_ERR_NOT_FOUND
				    : errno == EACCES ? MP_ERR_PERM
						      : MP_ERR_IO,
				    "cannot open passphrase file %s: %s", path,
				    strerror(errno));
	st = read_line(fd, "passphrase file", NULL, out, err);
	close(fd);
	return st;
}

static volatile sig_atomic_t tty_signal;

static void tty_on_signal(int sig)
{
	tty_signal = sig;
}

/* Prompt on fd with echo off; restore the terminal whatever happens. */
static enum mp_status tty_prompt(int fd, const char *prompt,
				 struct mp_secret **out, struct mp_error *err)
{
	struct termios old, quiet;
	enum mp_status st;
	int have_termios = tcgetattr(fd, &old) == 0;

	if (write(fd, prompt, strlen(prompt)) < 0)
		return mp_error_set(err, MP_ERR_IO, "cannot write to the terminal");
	if (have_termios) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
		quiet.c_lflag |= ICANON;
		tcsetattr(fd, TCSAFLUSH, &quiet);
	}
	st = read_line(fd, "passphrase", &tty_signal, out, err);
	if (have_termios)
		tcsetattr(fd, TCSAFLUSH, &old);
	if (write(fd, "\n", 1) < 0) {
		/* the prompt's line is cosmetic */
	}
	return st;
}

enum mp_status secret_read_tty(const char *prompt, int confirm,
			       struct mp_secret **out, struct mp_error *err)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
	struct sigaction sa, old[3];
	struct mp_secret *again = NULL;
	enum mp_status st;
	int fd;

	*out = NULL;
	fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return mp_error_set(err, MP_ERR_USAGE,
				    "no terminal to ask for the passphrase; "
				    "use --passphrase-file FILE");
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = tty_on_signal; /* no SA_RESTART: read() sees EINTR */
	sigemptyset(&sa.sa_mask);
	tty_signal = 0;
	for (int i = 0; i < 3; i++)
		sigaction(sigs[i], &sa, &old[i]);

	st = tty_prompt(fd, prompt, out, err);
	if (st == MP_OK && confirm) {
		st = tty_prompt(fd, "Repeat it: ", &again, err);
		if (st == MP_OK && !secret_equal(*out, again))
			st = mp_error_set(err, MP_ERR_INVALID,
					  "the two passphrases differ; "
					  "nothing was changed");
		secret_free(again);
	}
	close(fd);
	for (int i = 0; i < 3; i++)
		sigaction(sigs[i], &old[i], NULL);
	if (st != MP_OK) {
		secret_free(*out);
		*out = NULL;
	}
	if (tty_signal)
		raise(tty_signal); /* the terminal is restored: now act on it */
	return st;
}
