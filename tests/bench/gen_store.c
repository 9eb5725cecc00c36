/*
 * gen_store.c - make a store of N realistic agreements for the
 * administrator's benchmark (bench_admin.c), quickly: one transaction of
 * SQL written straight into the tables, as bench code may (the core only
 * ever writes through its own functions).
 *
 * Each agreement is of one of the five schemes, between two people drawn
 * from lists of names (accents included; two in five surnames are common
 * ones, the rest one of 1,920 rarer ones), with their addresses, every
 * field answered with the template's sample answer, confirmations, and,
 * once signed, the scheme's real signed text (render_body) and two
 * signatures; dates spread over three years; statuses in a plausible mix.
 * Then the search words are folded (agreement_search_sync), timed apart.
 *
 * usage: gen_store PATH N    (run from the source tree: it loads the
 * templates in templates/; passphrase "benchmark passphrase", KDF
 * interactive)
 * Prints "GEN n seconds-inserting seconds-search-words bytes".
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mentorpact/admin.h"
#include "mentorpact/agreement.h"
#include "mentorpact/audit.h"
#include "mentorpact/render.h"
#include "mentorpact/secret.h"
#include "mentorpact/store.h"
#include "mentorpact/template.h"

#define SCHEMES 5

static const char *const scheme_files[SCHEMES] = {
    "templates/bsw-hub.yaml", "templates/emmp.yaml", "templates/img-peer.yaml",
    "templates/nhs-reciprocal.yaml", "templates/university-pilot.yaml"};

/* Names as written, and as an address spells them. */
static const char *const firsts[][2] = {
    {"Amara", "amara"},	    {"Ben", "ben"},	  {"Chloë", "chloe"},
    {"Dev", "dev"},	    {"Elif", "elif"},	  {"Femi", "femi"},
    {"Gwen", "gwen"},	    {"Hamza", "hamza"},	  {"Ifeoma", "ifeoma"},
    {"Jakub", "jakub"},	    {"Kiran", "kiran"},	  {"Lucía", "lucia"},
    {"Mei", "mei"},	    {"Niamh", "niamh"},	  {"Olu", "olu"},
    {"Priya", "priya"},	    {"Quinn", "quinn"},	  {"Rhys", "rhys"},
    {"Siobhán", "siobhan"}, {"Tomasz", "tomasz"}, {"Uma", "uma"},
    {"Vikram", "vikram"},   {"Wen", "wen"},	  {"Yusuf", "yusuf"},
    {"Zoë", "zoe"},	    {"Aoife", "aoife"},	  {"Bilal", "bilal"},
    {"Cerys", "cerys"},	    {"Daniel", "daniel"}, {"Ewa", "ewa"},
    {"Farah", "farah"},	    {"Grace", "grace"},
};
static const char *const lasts[][2] = {
    {"Okafor", "okafor"},
    {"Jones", "jones"},
    {"Patel", "patel"},
    {"Nowak", "nowak"},
    {"Oduya", "oduya"},
    {"Smith", "smith"},
    {"Ó Súilleabháin", "osuilleabhain"},
    {"Williams", "williams"},
    {"Khan", "khan"},
    {"Evans", "evans"},
    {"Chen", "chen"},
    {"Müller", "muller"},
    {"Roberts", "roberts"},
    {"Adeyemi", "adeyemi"},
    {"Hughes", "hughes"},
    {"Kowalski", "kowalski"},
    {"Ahmed", "ahmed"},
    {"Brown", "brown"},
    {"Nguyen", "nguyen"},
    {"García", "garcia"},
    {"Taylor", "taylor"},
    {"Davies", "davies"},
    {"Ali", "ali"},
    {"Thomas", "thomas"},
    {"Murphy", "murphy"},
    {"Wilson", "wilson"},
    {"Singh", "singh"},
    {"Owusu", "owusu"},
    {"Price", "price"},
    {"Lewis", "lewis"},
    {"Mensah", "mensah"},
    {"Walker", "walker"},
    {"Ivanova", "ivanova"},
    {"Lee", "lee"},
    {"Morgan", "morgan"},
    {"Rahman", "rahman"},
    {"Byrne", "byrne"},
    {"Hall", "hall"},
    {"Novák", "novak"},
    {"Begum", "begum"},
};
/* Most people's surnames are rarer than those above: made of parts. */
static const char *const heads[] = {"Ash",  "Brad",  "Carr", "Dun",   "Ed",
				    "Fair", "Gold",  "Hart", "Kings", "Lang",
				    "Mar",  "North", "Oak",  "Pem",   "Rad",
				    "Stan", "Thorn", "Wake", "Whit",  "Yar"};
static const char *const middles[] = {"ble", "bor",   "den", "er",
				      "ham", "ing",   "ley", "mo",
				      "ner", "ridge", "s",   "well"};
static const char *const tails[] = {"",	    "by",  "dale", "field",
				    "ford", "ton", "wood", "worth"};
static const char *const domains[] = {
    "nhs.net",	 "example.ac.uk", "trust.example.org",
    "gmail.com", "outlook.com",	  "university.example"};

#define N_FIRSTS  (sizeof(firsts) / sizeof(firsts[0]))
#define N_LASTS	  (sizeof(lasts) / sizeof(lasts[0]))
#define N_DOMAINS (sizeof(domains) / sizeof(domains[0]))
#define N_OF(a)	  (sizeof(a) / sizeof(a[0]))

struct scheme {
	struct template *tpl;
	char hash[TPL_HASH_HEX + 1];
	char *body; /* a real signed text of the scheme */
};

enum {
	Q_AGREEMENT,
	Q_VALUE,
	Q_CONFIRM,
	Q_SIGNATURE,
	Q_STATUS,
	Q_ENTRY,
	Q_ANSWER,
	Q_SUBMIT,
	Q_COUNT
};

static const char *const sql[Q_COUNT] = {
    "INSERT INTO agreements(id, version, scheme, template_hash, status,"
    " mentor_name, mentor_email, mentor_phone, mentor_organisation,"
    " mentee_name, mentee_email, created, changed, started, signed_on,"
    " review_due, planned_end, ended, ended_by, kept_until, body)"
    " VALUES(?1, 1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
    " ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
    "INSERT INTO agreement_values(agreement, field, value)"
    " VALUES(?1, ?2, ?3)",
    "INSERT INTO confirmations(agreement, section, role, at)"
    " VALUES(?1, ?2, ?3, ?4)",
    "INSERT INTO signatures(agreement, role, name, signed_at, pubkey,"
    " minisig) VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
    /* last, as the schema's triggers keep signed answers unchanged */
    "UPDATE agreements SET status = ?2 WHERE rowid = ?1",
    /* the forms, once the agreement is active (records_schema.c) */
    "INSERT INTO form_entries(agreement, scheme, form, stage, occasion,"
    " role, created, updated) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
    "INSERT INTO form_values(entry, field, value, tallied)"
    " VALUES(?1, ?2, ?3, ?4)",
    "UPDATE form_entries SET submitted = updated WHERE rowid = ?1",
};

/* Sessions each pair filled a form after (the benchmark). */
#define FORM_SESSIONS 10

static void die(const char *what, const char *why)
{
	fprintf(stderr, "gen_store: %s: %s\n", what, why);
	exit(1);
}

static unsigned long long rng = 0x9e3779b97f4a7c15ull;

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* "YYYY-MM-DD" of a day counted from 2023-01-01. */
static void day_of(int day, char out[11])
{
	struct tm tm = {.tm_year = 123, .tm_mday = 1 + day, .tm_hour = 12};

	mktime(&tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* A signed text of the scheme, from its sample answers. */
static void sample_body(struct scheme *s)
{
	struct agreement ag = {.version = 1};
	const struct template *t = s->tpl;
	struct mp_error err;
	size_t len;

	snprintf(ag.id, sizeof(ag.id), "BNCH-0001");
	snprintf(ag.tpl_hash, sizeof(ag.tpl_hash), "%s", s->hash);
	ag.tpl = s->tpl;
	ag.parties[0].details[TPL_DETAIL_NAME] = "Priya Shah";
	ag.parties[1].details[TPL_DETAIL_NAME] = "Daniel Okafor";
	ag.values = calloc(t->n_fields + 1, sizeof(char *));
	if (!ag.values)
		die("memory", "out of memory");
	for (size_t i = 0; i < t->n_fields; i++)
		ag.values[i] = t->fields[i]->example ? t->fields[i]->example
						     : t->fields[i]->def;
	if (render_body(&ag, &s->body, &len, &err) != MP_OK)
		die("render_body", err.message);
	free(ag.values);
}

static void load_schemes(sqlite3 *db, struct scheme *s)
{
	struct mp_error err;
	char *canonical;
	size_t len;
	sqlite3_stmt *q;

	sqlite3_prepare_v2(db, "INSERT INTO templates VALUES(?1, ?2, ?3)", -1,
			   &q, NULL);
	for (int i = 0; i < SCHEMES; i++) {
		if (template_load_file(scheme_files[i], &s[i].tpl, NULL,
				       &err) != MP_OK ||
		    template_hash(s[i].tpl, s[i].hash, &err) != MP_OK ||
		    template_canonical(s[i].tpl, &canonical, &len, &err) !=
			MP_OK)
			die(scheme_files[i], err.message);
		sample_body(&s[i]);
		sqlite3_bind_text(q, 1, s[i].hash, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, s[i].tpl->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 3, canonical, (int)len, SQLITE_TRANSIENT);
		if (sqlite3_step(q) != SQLITE_DONE)
			die("templates", sqlite3_errmsg(db));
		sqlite3_reset(q);
		free(canonical);
	}
	sqlite3_finalize(q);
}

/* An id "XXXX-XXXX" unique to i. */
static void id_of(unsigned i, char out[AG_ID_SIZE])
{
	static const char abc[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	unsigned long long x = (i + 1) * 0x9e3779b1ull % 1099511627776ull;

	for (int k = 8; k >= 0; k--) {
		if (k == 4) {
			out[k] = '-';
			continue;
		}
		out[k] = abc[x % 32];
		x /= 32;
	}
	out[9] = '\0';
}

struct person {
	char name[96], email[128];
};

/* A surname: two in five from the common list, the rest made up (1,920
 * of them), as written and as an address spells it. */
static void surname(char *name, char *plain, size_t size)
{
	unsigned l = rnd(N_LASTS);
	size_t n;

	if (rnd(5) < 2) {
		snprintf(name, size, "%s", lasts[l][0]);
		snprintf(plain, size, "%s", lasts[l][1]);
		return;
	}
	snprintf(name, size, "%s%s%s", heads[rnd(N_OF(heads))],
		 middles[rnd(N_OF(middles))], tails[rnd(N_OF(tails))]);
	for (n = 0; name[n] && n + 1 < size; n++)
		plain[n] = (char)(name[n] | 0x20);
	plain[n] = '\0';
}

static void person(struct person *p, unsigned n)
{
	unsigned f = rnd(N_FIRSTS);
	char last[64], plain[64];

	surname(last, plain, sizeof(last));
	snprintf(p->name, sizeof(p->name), "%s %s", firsts[f][0], last);
	snprintf(p->email, sizeof(p->email), "%s.%s%u@%s", firsts[f][1], plain,
		 n % 100, domains[rnd(N_DOMAINS)]);
}

/* What happened to one agreement, and when. */
struct life {
	enum ag_status status;
	char created[32], changed[32], signed_on[11], review[11], planned[11],
	    ended[11], kept[11];
};

static void live(const struct scheme *s, struct life *l)
{
	const struct tpl_facts *f = &s->tpl->facts;
	int made = (int)rnd(1000), signed_day = made + 1 + (int)rnd(40);
	int r = (int)rnd(100), end_day = signed_day + 60 + (int)rnd(300);
	char day[11];

	l->status = r < 15   ? AG_DRAFT
		    : r < 20 ? AG_READY
		    : r < 25 ? AG_SIGNED
		    : r < 70 ? AG_ACTIVE
			     : AG_ENDED;
	day_of(made, day);
	snprintf(l->created, sizeof(l->created), "%sT%02u:%02u:00Z", day,
		 8 + rnd(10), rnd(60));
	l->signed_on[0] = l->review[0] = l->planned[0] = '\0';
	l->ended[0] = l->kept[0] = '\0';
	if (l->status >= AG_ACTIVE) {
		day_of(signed_day, l->signed_on);
		if (f->review_interval.unit != TPL_UNIT_NONE)
			day_of(signed_day + 182, l->review);
		if (f->planned_duration.unit != TPL_UNIT_NONE)
			day_of(signed_day + 120, l->planned);
	}
	if (l->status == AG_ENDED) {
		day_of(end_day, l->ended);
		if (f->retention_after_end.unit != TPL_UNIT_NONE)
			day_of(end_day + 365, l->kept);
	}
	day_of(l->status == AG_ENDED	? end_day
	       : l->status >= AG_SIGNED ? signed_day
					: made,
	       day);
	snprintf(l->changed, sizeof(l->changed), "%sT%02u:%02u:%02uZ", day,
		 8 + rnd(10), rnd(60), rnd(60));
}

static void bind_or_null(sqlite3_stmt *q, int i, const char *v)
{
	if (v && *v)
		sqlite3_bind_text(q, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(q, i);
}

static void step(sqlite3 *db, sqlite3_stmt *q)
{
	if (sqlite3_step(q) != SQLITE_DONE)
		die("insert", sqlite3_errmsg(db));
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
}

static sqlite3_int64 insert_row(sqlite3 *db, sqlite3_stmt *q, unsigned i,
				const struct scheme *s, const struct life *l,
				const struct person p[2])
{
	char id[AG_ID_SIZE], phone[32];

	id_of(i, id);
	snprintf(phone, sizeof(phone), "+44 7700 9%05u", rnd(100000));
	bind_or_null(q, 1, id);
	bind_or_null(q, 2, s->tpl->id);
	bind_or_null(q, 3, s->hash);
	bind_or_null(q, 4, "draft");
	bind_or_null(q, 5, p[0].name);
	bind_or_null(q, 6, p[0].email);
	bind_or_null(q, 7, i % 3 ? NULL : phone);
	bind_or_null(q, 8, i % 2 ? "NHS England" : NULL);
	bind_or_null(q, 9, p[1].name);
	bind_or_null(q, 10, p[1].email);
	bind_or_null(q, 11, l->created);
	bind_or_null(q, 12, l->changed);
	bind_or_null(q, 13, l->signed_on);
	bind_or_null(q, 14, l->review);
	bind_or_null(q, 15, l->planned);
	bind_or_null(q, 16, l->ended);
	bind_or_null(q, 17, *l->ended ? "both" : NULL);
	bind_or_null(q, 18, l->kept);
	bind_or_null(q, 19, l->status >= AG_SIGNED ? s->body : NULL);
	step(db, q);
	return sqlite3_last_insert_rowid(db);
}

static void insert_children(sqlite3 *db, sqlite3_stmt **q, sqlite3_int64 row,
			    const struct scheme *s, const struct life *l,
			    const struct person p[2])
{
	const struct template *t = s->tpl;
	static const char *const roles[2] = {"mentor", "mentee"};

	for (size_t k = 0; k < t->n_fields; k++) {
		const char *v = t->fields[k]->example ? t->fields[k]->example
						      : t->fields[k]->def;
		sqlite3_bind_int64(q[Q_VALUE], 1, row);
		bind_or_null(q[Q_VALUE], 2, t->fields[k]->id);
		bind_or_null(q[Q_VALUE], 3, v ? v : "As we agreed.");
		step(db, q[Q_VALUE]);
	}
	for (size_t k = 0; l->status >= AG_READY && k < t->n_sections; k++)
		for (int r = 0; r < 2; r++) {
			if (!(t->sections[k].confirm & (1u << r)))
				continue;
			sqlite3_bind_int64(q[Q_CONFIRM], 1, row);
			bind_or_null(q[Q_CONFIRM], 2, t->sections[k].id);
			bind_or_null(q[Q_CONFIRM], 3, roles[r]);
			bind_or_null(q[Q_CONFIRM], 4, l->created);
			step(db, q[Q_CONFIRM]);
		}
	for (int r = 0; l->status >= AG_SIGNED && r < 2; r++) {
		if (r == 1 && l->status == AG_SIGNED)
			break;
		sqlite3_bind_int64(q[Q_SIGNATURE], 1, row);
		bind_or_null(q[Q_SIGNATURE], 2, roles[r]);
		bind_or_null(q[Q_SIGNATURE], 3, p[r].name);
		bind_or_null(q[Q_SIGNATURE], 4, l->changed);
		bind_or_null(q[Q_SIGNATURE], 5,
			     "untrusted comment: mentorpact public key\n"
			     "RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn"
			     "73Y7GFO3\n");
		bind_or_null(q[Q_SIGNATURE], 6,
			     "untrusted comment: mentorpact agreement\n"
			     "RUQf6LRCGA9i559r3g7V1qNyJDApGip8MfqcadIgT9CuhV3E"
			     "UH2CoAyk5pMqk2F3yTZ9l4ySpq8MVr9h76FCRGXQTAXnr3Dp"
			     "HQu9XFq3IwI=\ntrusted comment: mentorpact "
			     "agreement\nbxmUp1IzYsGTwIhvXL3uOuwnOM9BfFNhL0W5E"
			     "1cf2Tz5dzVMzXQRdoYiL9zwGvbNLWh4dRPRkLr3Yk4NR1Y1Bg"
			     "==\n");
		step(db, q[Q_SIGNATURE]);
	}
}

/* One party's entry of form f at occasion, every question answered,
 * submitted: the tally triggers count it. */
static void insert_entry(sqlite3 *db, sqlite3_stmt **q, const char *id,
			 const struct template *t, const struct tpl_form *f,
			 const char *occasion, const char *role,
			 const char *when)
{
	sqlite3_int64 row;

	bind_or_null(q[Q_ENTRY], 1, id);
	bind_or_null(q[Q_ENTRY], 2, t->id);
	bind_or_null(q[Q_ENTRY], 3, f->id);
	bind_or_null(q[Q_ENTRY], 4,
		     f->due == TPL_DUE_SESSION	? "session"
		     : f->due == TPL_DUE_REVIEW ? "review"
						: occasion);
	bind_or_null(q[Q_ENTRY], 5, occasion);
	bind_or_null(q[Q_ENTRY], 6, role);
	bind_or_null(q[Q_ENTRY], 7, when);
	step(db, q[Q_ENTRY]);
	row = sqlite3_last_insert_rowid(db);
	for (size_t k = 0; k < f->n_questions; k++) {
		const struct tpl_field *fq = f->questions[k];
		char v[32];
		int counted = 1;
		if (fq->type == TPL_RATING)
			snprintf(v, sizeof(v), "%lld",
				 fq->min +
				     (long long)rnd(
					 (unsigned)(fq->max - fq->min + 1)));
		else if (fq->type == TPL_YES_NO)
			snprintf(v, sizeof(v), "%s", rnd(2) ? "yes" : "no");
		else if (fq->type == TPL_CHOICE)
			snprintf(v, sizeof(v), "%.31s",
				 fq->choices[rnd((unsigned)fq->n_choices)]);
		else
			counted = 0;
		sqlite3_bind_int64(q[Q_ANSWER], 1, row);
		bind_or_null(q[Q_ANSWER], 2, fq->id);
		bind_or_null(q[Q_ANSWER], 3, counted ? v : "As we found.");
		sqlite3_bind_int(q[Q_ANSWER], 4, counted);
		step(db, q[Q_ANSWER]);
	}
	sqlite3_bind_int64(q[Q_SUBMIT], 1, row);
	step(db, q[Q_SUBMIT]);
}

/* Every form of the scheme an active pair fills: at the start, after
 * each of FORM_SESSIONS sessions, at each stage and review; an ended
 * pair's forms due at the end.  Each party submits their own. */
static void insert_forms(sqlite3 *db, sqlite3_stmt **q, unsigned i,
			 const struct scheme *s, const struct life *l)
{
	static const char *const roles[2] = {"mentor", "mentee"};
	const struct tpl_records *rec = &s->tpl->records;
	char id[AG_ID_SIZE], occ[24];

	if (l->status != AG_ACTIVE && l->status != AG_ENDED)
		return;
	id_of(i, id);
	for (size_t k = 0; k < rec->n_forms; k++) {
		const struct tpl_form *f = &rec->forms[k];
		size_t n = f->due == TPL_DUE_SESSION  ? FORM_SESSIONS
			   : f->due == TPL_DUE_STAGES ? f->n_stages
						      : 1;
		if ((f->due == TPL_DUE_END) != (l->status == AG_ENDED))
			continue;
		for (size_t o = 0; o < n; o++) {
			const char *occasion = occ;
			if (f->due == TPL_DUE_SESSION)
				snprintf(occ, sizeof(occ), "%zu", o + 1);
			else if (f->due == TPL_DUE_STAGES)
				occasion = f->stages[o];
			else if (f->due == TPL_DUE_REVIEW)
				occasion =
				    *l->review ? l->review : l->signed_on;
			else
				occasion =
				    f->due == TPL_DUE_START ? "start" : "end";
			for (int r = 0; r < 2; r++)
				if (f->who & (1u << r))
					insert_entry(db, q, id, s->tpl, f,
						     occasion, roles[r],
						     l->changed);
		}
	}
}

static void generate(struct store *st, unsigned n, struct scheme *s)
{
	sqlite3 *db = store_db(st);
	sqlite3_stmt *q[Q_COUNT];
	struct mp_error err;

	for (int k = 0; k < Q_COUNT; k++)
		if (sqlite3_prepare_v2(db, sql[k], -1, &q[k], NULL) !=
		    SQLITE_OK)
			die("prepare", sqlite3_errmsg(db));
	for (unsigned i = 0; i < n; i++) {
		const struct scheme *sc = &s[rnd(SCHEMES)];
		struct person p[2];
		struct life l;
		sqlite3_int64 row;
		char id[AG_ID_SIZE];
		person(&p[0], i);
		person(&p[1], i + 7);
		live(sc, &l);
		row = insert_row(db, q[Q_AGREEMENT], i, sc, &l, p);
		insert_children(db, q, row, sc, &l, p);
		sqlite3_bind_int64(q[Q_STATUS], 1, row);
		bind_or_null(q[Q_STATUS], 2, agreement_status_name(l.status));
		step(db, q[Q_STATUS]);
		insert_forms(db, q, i, sc, &l);
		id_of(i, id);
		if (audit_append(st, id, 1, "pair", "created", sc->tpl->id,
				 &err) != MP_OK)
			die("audit", err.message);
	}
	for (int k = 0; k < Q_COUNT; k++)
		sqlite3_finalize(q[k]);
}

int main(int argc, char **argv)
{
	struct scheme schemes[SCHEMES];
	struct mp_secret *pw;
	struct mp_error err;
	struct store *st;
	unsigned n = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 10) : 0;
	double t0, t1, t2;
	FILE *f;
	long size = 0;

	if (argc != 3 || n == 0) {
		fprintf(stderr, "usage: gen_store PATH N\n");
		return 2;
	}
	unlink(argv[1]);
	if (secret_from("benchmark passphrase", 20, &pw, &err) != MP_OK ||
	    store_create(argv[1], pw, STORE_KDF_INTERACTIVE, &st, &err) !=
		MP_OK)
		die(argv[1], err.message);
	t0 = now();
	if (store_begin(st, &err) != MP_OK)
		die("begin", err.message);
	load_schemes(store_db(st), schemes);
	generate(st, n, schemes);
	if (store_commit(st, &err) != MP_OK)
		die("commit", err.message);
	t1 = now();
	if (agreement_search_sync(st, &err) != MP_OK)
		die("search words", err.message);
	t2 = now();
	store_close(st);
	secret_free(pw);
	for (int i = 0; i < SCHEMES; i++) {
		template_free(schemes[i].tpl);
		free(schemes[i].body);
	}
	if ((f = fopen(argv[1], "rb"))) {
		fseek(f, 0, SEEK_END);
		size = ftell(f);
		fclose(f);
	}
	printf("GEN %u %.2f %.2f %ld\n", n, t1 - t0, t2 - t1, size);
	return 0;
}
