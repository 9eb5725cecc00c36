/*
 * unicode.h - display widths, normalisation and name matching, from one
 * Unicode library (utf8proc) so that every part of mentorpact agrees.
 *
 * The wizard's editor, the exported text's 72-column wrapping and the
 * check of a typed name against a party's name all ask here, so a
 * character can never take two columns in one place and one in another,
 * and "Zoë O’Connor" typed with a straight apostrophe, or in decomposed
 * form, is the same person everywhere.
 */
#ifndef MENTORPACT_UNICODE_H
#define MENTORPACT_UNICODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The columns a code point takes on a terminal: 0 for combining marks and
 * zero-width format characters, 2 for East Asian wide and full-width
 * characters and emoji, 1 otherwise.  Control characters and code points
 * that are not characters count 1: mentorpact never prints them raw, it
 * shows them as <U+XXXX> or refuses them, and 1 keeps a cursor moving.
 */
int uc_cp_width(uint32_t cp);

/*
 * The columns the first n bytes of s take.  A byte that does not start
 * valid UTF-8 counts as one column.  Linear in n.
 */
size_t uc_width(const char *s, size_t n);

/*
 * s (NUL-terminated UTF-8) in Unicode normalisation form C, newly
 * allocated; NULL when s is not valid UTF-8 or memory ran out.
 */
char *uc_nfc(const char *s);

/*
 * The key under which two spellings of one name compare equal, newly
 * allocated, or NULL when name is not valid UTF-8 or memory ran out.
 * It forgives what people type differently for the same name and nothing
 * more:
 *   - typographic apostrophes and quotes (’ ‘ ‛ ʼ ′ “ ” „ ″) against ' and ";
 *   - composed against decomposed letters (NFC against NFD), and
 *     compatibility forms (full-width letters, ligatures): NFKC;
 *   - letter case (Unicode case folding, so "STRASSE" is "strasse");
 *   - invisible format characters (zero-width spaces and joiners, soft
 *     hyphens, direction marks);
 *   - leading, trailing and repeated spaces of any kind (tabs, no-break).
 * Accents are kept: "Zoe" and "Zoë" are different names.  Linear in the
 * length of name.
 */
char *uc_name_key(const char *name);

/*
 * Whether a and b are the same name under uc_name_key.  A name with no
 * letters left (empty or only spaces) matches nothing, not even itself,
 * and neither does invalid UTF-8.
 */
bool uc_names_match(const char *a, const char *b);

/*
 * Whether cp is an invisible format character (Unicode category Cf: the
 * bidirectional overrides and isolates U+202A-U+202E and U+2066-U+2069,
 * zero-width spaces, direction marks, U+FEFF, soft hyphen...) other than
 * U+200C ZERO WIDTH NON-JOINER and U+200D ZERO WIDTH JOINER, which names
 * in Persian and Indic scripts need.  Such a character in a name can make
 * it print as another name, so names refuse them and output shows them.
 */
bool uc_hidden(uint32_t cp);

/*
 * The first code point of s (NUL-terminated UTF-8) for which uc_hidden
 * holds, or 0 when none.  Bytes that are not valid UTF-8 are skipped.
 * Linear in the length of s.
 */
uint32_t uc_first_hidden(const char *s);

/*
 * "U+202E RIGHT-TO-LEFT OVERRIDE" for cp into buf (size bytes): its
 * number and, for the characters people meet in pasted names, its
 * Unicode name.
 */
void uc_describe(uint32_t cp, char *buf, size_t size);

/*
 * A malloc'd copy of s with each uc_hidden code point written as
 * "<U+XXXX>", so that a name stored before names refused them prints as
 * what it holds; NULL when out of memory (s NULL gives NULL too).
 * Linear in the length of s.
 */
char *uc_reveal(const char *s);

#endif
