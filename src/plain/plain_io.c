/*
 * plain_io.c - the conversation's input and output: whole lines out,
 * lines in byte by byte from file descriptor 0 (no stdio buffer, so that
 * a passphrase line goes straight into guarded memory and nothing of it
 * is left in an ordinary buffer), and signals that end a read.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mentorpact/secret.h"
#include "plain/plain.h"

static volatile sig_atomic_t io_signal;

static void io_on_signal(int sig)
{
	io_signal = sig;
}

void plain_io_start(void)
{
	static const int sigs[] = {SIGHUP, SIGINT, SIGTERM};
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = io_on_signal; /* no SA_RESTART: read() sees EINTR */
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}

void plain_io_finish(void)
{
	int sig = io_signal;

	fflush(stdout);
	if (sig) {
		signal(sig, SIG_DFL);
		raise(sig);
	}
}

void plain_say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fflush(stdout);
}

/* One byte from fd 0: 1, 0 at the end, -1 on a signal or an error. */
static int get_byte(unsigned char *c)
{
	for (;;) {
		ssize_t n;
		if (io_signal) /* it came between two reads */
			return -1;
		n = read(0, c, 1);
		if (n == 1)
			return 1;
		if (n == 0)
			return 0;
		if (errno != EINTR || io_signal)
			return -1;
	}
}

/* Read bytes up to a newline into buf (cap bytes, NUL kept free).
 * Returns the length, -1 at the end of input or on a signal, -2 when the
 * line did not fit (the rest of it is read and dropped). */
static long read_into(unsigned char *buf, size_t cap)
{
	size_t n = 0;
	bool over = false, any = false;
	unsigned char c;
	int r;

	while ((r = get_byte(&c)) == 1) {
		any = true;
		if (c == '\n')
			break;
		if (n + 1 < cap)
			buf[n++] = c;
		else
			over = true;
	}
	if (r < 0 || (r == 0 && !any))
		return -1;
	if (n && buf[n - 1] == '\r')
		n--;
	buf[n] = '\0';
	return over ? -2 : (long)n;
}

char *plain_read_line(struct plain *p)
{
	char *buf;
	long n;

	if (p->ended)
		return NULL;
	if (!(buf = malloc(PLAIN_LINE_MAX + 1))) {
		plain_say("Out of memory.\n");
		p->ended = true;
		return NULL;
	}
	while ((n = read_into((unsigned char *)buf, PLAIN_LINE_MAX + 1)) == -2)
		plain_say("That line is longer than %d bytes, so it was not "
			  "kept. Please type it again, shorter.\n",
			  PLAIN_LINE_MAX);
	if (n < 0) {
		free(buf);
		p->ended = true;
		return NULL;
	}
	return buf;
}

char *plain_ask(struct plain *p, const char *prompt)
{
	plain_say("%s\n", prompt);
	return plain_read_line(p);
}

/* A passphrase line from fd 0 into guarded memory. */
static enum mp_status secret_line(struct plain *p, const char *prompt,
				  struct mp_secret **out, struct mp_error *err)
{
	struct mp_secret *s;
	enum mp_status st;
	long n;

	*out = NULL;
	if ((st = secret_alloc(SECRET_PASSPHRASE_MAX + 1, &s, err)) != MP_OK)
		return st;
	plain_say("%s\n", prompt);
	n = read_into(s->data, s->cap);
	if (n == -1) {
		secret_free(s);
		p->ended = true;
		return mp_error_set(err, MP_ERR_USAGE,
				    "the input ended before the passphrase");
	}
	if (n == -2) {
		secret_free(s);
		return mp_error_set(err, MP_ERR_INVALID,
				    "that passphrase is longer than %d bytes",
				    SECRET_PASSPHRASE_MAX);
	}
	s->len = (size_t)n;
	*out = s;
	return MP_OK;
}

/* Two passphrase lines that must match. */
static enum mp_status secret_lines(struct plain *p, const char *what,
				   int confirm, struct mp_secret **out,
				   struct mp_error *err)
{
	struct mp_secret *again = NULL;
	char prompt[256];
	enum mp_status st;

	snprintf(prompt, sizeof(prompt),
		 "Type %s and press Enter. It is not shown.", what);
	if ((st = secret_line(p, prompt, out, err)) != MP_OK || !confirm)
		return st;
	st = secret_line(p, "Type it again, to be sure of it.", &again, err);
	if (st == MP_OK && !secret_equal(*out, again))
		st = mp_error_set(err, MP_ERR_INVALID,
				  "the two passphrases differ");
	secret_free(again);
	if (st != MP_OK) {
		secret_free(*out);
		*out = NULL;
	}
	return st;
}

enum mp_status plain_read_secret(struct plain *p, const char *what,
				 const char *file, int confirm,
				 struct mp_secret **out, struct mp_error *err)
{
	enum mp_status st;

	if (file)
		st = secret_read_file(file, out, err);
	else if (isatty(0)) {
		char prompt[256];
		snprintf(prompt, sizeof(prompt),
			 "Type %s (it is not shown): ", what);
		st = secret_read_tty(prompt, confirm, out, err);
	} else
		st = secret_lines(p, what, confirm, out, err);
	if (io_signal)
		p->ended = true;
	if (st == MP_OK && (*out)->len == 0) {
		secret_free(*out);
		*out = NULL;
		st = mp_error_set(err, MP_ERR_INVALID,
				  "an empty passphrase is not accepted");
	}
	return st;
}

char *plain_trim(char *s)
{
	size_t n = strlen(s), i = 0;

	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	while (s[i] == ' ' || s[i] == '\t')
		i++;
	if (i)
		memmove(s, s + i, n - i + 1);
	return s;
}

int plain_yes_no(const char *line)
{
	char w[8];
	size_t n = 0;

	while (*line == ' ')
		line++;
	while (*line && *line != ' ' && n + 1 < sizeof(w)) {
		char c = *line++;
		w[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	w[n] = '\0';
	while (*line == ' ')
		line++;
	if (*line)
		return -1;
	if (!strcmp(w, "yes") || !strcmp(w, "y"))
		return 1;
	if (!strcmp(w, "no") || !strcmp(w, "n"))
		return 0;
	return -1;
}
