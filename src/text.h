/* text.h: the one sanitizer for untrusted text, and UTF-8 helpers.
 *
 * Everything from the store passes through text_sanitize() before it reaches
 * a terminal: C0 controls (ESC shown as ^[), DEL, C1 controls, format and
 * invisible characters, and invalid UTF-8 are shown inert, never emitted.
 */
#ifndef SITREP_TEXT_H
#define SITREP_TEXT_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#define TEXT_MULTILINE 0x1 /* keep '\n' (else shown as ⏎) */
#define TEXT_ASCII 0x2     /* the terminal is not UTF-8: ASCII only */

/* A new string safe to write to a terminal: C0 as ^X (^[ for ESC), DEL as
 * ^?, tab as one space, invalid UTF-8 bytes as U+FFFD. Shown as <U+XXXX>,
 * by Unicode property: C1 controls, every format character (Cf: bidi
 * marks, embeddings, overrides and isolates, zero-width space, BOM, tags
 * …), the line and paragraph separators and every default-ignorable code
 * point (variation selectors, Hangul fillers U+115F, U+1160, U+3164,
 * U+FFA0 …). ZWJ and ZWNJ stay inside an emoji ZWJ sequence or a word of a
 * script shaped with them (not Latin, Greek or Cyrillic), and VS15/VS16
 * right after an emoji. A combining mark (or Hangul vowel/final jamo) with
 * nothing of the text before it (at the start, a line start, or after a
 * replacement) gets U+25CC as its base, so it cannot change the screen
 * cell before it. With TEXT_ASCII every code point above ASCII is
 * <U+XXXX>, an invalid byte '?' and a newline ^J: the result is ASCII.
 * The result is valid UTF-8 with no byte < 0x20 (but '\n' with
 * TEXT_MULTILINE) and no 0x7f, and sanitizing it again changes nothing. */
char *text_sanitize(const char *s, int flags);
/* TEXT_ASCII when the current locale (LC_CTYPE, nl_langinfo(CODESET)) is
 * not UTF-8, else 0: what a caller writing to the terminal adds to the
 * flags of text_sanitize. */
int text_locale_flags(void);
/* JSON text of v (json_dumps flags) in which DEL, the C1 controls and every
 * code point text_sanitize shows as <U+XXXX> (bidi and other format
 * characters, separators, default-ignorables) are escaped as \uXXXX, so
 * JSON read on a terminal is as inert as the sanitized text. New string, or
 * NULL when v cannot be encoded. Every JSON printed for a person or a pipe
 * goes through it. */
char *text_json(const json_t *v, size_t flags);
/* Print text_json(v, flags) and a newline on fp; -1 when v cannot be
 * encoded or fp fails. */
int text_json_print(FILE *fp, const json_t *v, size_t flags);
/* 1 when s[0..n) is valid UTF-8 (no overlongs, surrogates, > U+10FFFF). */
int text_valid_utf8(const char *s, size_t n);
/* Bytes of s[0..n) before the first invalid UTF-8 sequence (n when valid). */
size_t text_utf8_prefix(const char *s, size_t n);
/* Display columns of valid UTF-8 s (wcwidth; unprintable counts 1). */
size_t text_width(const char *s);
/* Trim leading/trailing white space in place; returns s. */
char *text_trim(char *s);

#endif
