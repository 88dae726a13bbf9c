/* text.h: the one sanitizer for untrusted text, and UTF-8 helpers.
 *
 * Everything from the store passes through text_sanitize() before it reaches
 * a terminal: C0 controls (ESC shown as ^[), DEL, C1 controls, bidi
 * overrides and isolates, and invalid UTF-8 are shown inert, never emitted.
 */
#ifndef SITREP_TEXT_H
#define SITREP_TEXT_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#define TEXT_MULTILINE 0x1 /* keep '\n' (else shown as ⏎) */

/* A new string safe to write to a terminal: C0 as ^X (^[ for ESC), DEL as
 * ^?, tab as one space, C1 and bidi/format controls (U+200E/F, U+202A–E,
 * U+2066–9, U+061C) as <U+XXXX>, invalid UTF-8 bytes as U+FFFD. Also shown
 * as <U+XXXX>: other invisibles that can hide or reorder text (U+00AD,
 * U+180E, U+200B, U+2028/9, U+2060–F, U+FEFF, U+FFF9–B, tags U+E0000–7F);
 * ZWNJ/ZWJ (U+200C/D) are kept for scripts and emoji. The result is valid
 * UTF-8 with no byte < 0x20 (but '\n' with TEXT_MULTILINE) and no 0x7f. */
char *text_sanitize(const char *s, int flags);
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
