/* text.c: the one sanitizer for untrusted text, and UTF-8 helpers.
 *
 * This is the one place that decodes UTF-8 by hand: the sanitizer must see
 * every byte and every code point itself, whatever the locale says.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <jansson.h>

#include "text.h"
#include "xmalloc.h"

/* Shown for '\n' when the text must stay on one line (U+23CE). */
#define TEXT_RETURN "\xe2\x8f\x8e"
/* Shown for each byte that is not valid UTF-8 (U+FFFD). */
#define TEXT_REPLACEMENT "\xef\xbf\xbd"
/* Output bytes per input byte, at most ("\xc2\x85" → "<U+0085>"). */
#define TEXT_GROWTH 4

/* Decode the sequence at s (n > 0 bytes left): its length and *cp, or 0 when
 * it is not valid UTF-8 (overlong, surrogate, > U+10FFFF, truncated). */
static size_t text_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c = s[0];
	size_t len, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		c &= 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		c &= 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		c &= 0x07;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* Write cp (a valid scalar value) as UTF-8 at o; returns the bytes written. */
static size_t text_encode(char *o, uint32_t cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* 1 for an invisible format character that can reorder, hide or smuggle
 * text: bidi marks, embeddings, overrides and isolates, zero-width space,
 * invisible operators, line/paragraph separators, BOM, tags. ZWNJ and ZWJ
 * (U+200C/D) are kept: scripts and emoji sequences need them. */
static int text_is_format(uint32_t cp)
{
	return cp == 0x00ad ||			/* soft hyphen */
	    cp == 0x061c ||			/* Arabic letter mark */
	    cp == 0x180e ||			/* Mongolian vowel separator */
	    cp == 0x200b ||			/* zero width space */
	    cp == 0x200e || cp == 0x200f ||	/* LRM, RLM */
	    (cp >= 0x2028 && cp <= 0x202e) ||	/* LS, PS, LRE … RLO */
	    (cp >= 0x2060 && cp <= 0x206f) ||	/* WJ, invisibles, isolates */
	    cp == 0xfeff ||			/* BOM, ZWNBSP */
	    (cp >= 0xfff9 && cp <= 0xfffb) ||	/* interlinear annotation */
	    (cp >= 0x1d173 && cp <= 0x1d17a) ||	/* musical format controls */
	    (cp >= 0xe0000 && cp <= 0xe007f);	/* tags */
}

/* Write the inert form of code point cp at o; returns the bytes written. */
static size_t text_sanitize_cp(char *o, uint32_t cp, int flags)
{
	if (cp == '\n') {
		if (flags & TEXT_MULTILINE) {
			*o = '\n';
			return 1;
		}
		memcpy(o, TEXT_RETURN, 3);
		return 3;
	}
	if (cp == '\t') {
		*o = ' ';
		return 1;
	}
	if (cp < 0x20 || cp == 0x7f) {
		o[0] = '^';
		o[1] = (char)(cp == 0x7f ? '?' : cp + 0x40);
		return 2;
	}
	if ((cp >= 0x80 && cp <= 0x9f) || text_is_format(cp))
		return (size_t)sprintf(o, "<U+%04X>", (unsigned)cp);
	return text_encode(o, cp);
}

/* A new string safe to write to a terminal (see text.h). */
char *text_sanitize(const char *s, int flags)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, len;
	char *out, *o;
	uint32_t cp;

	out = o = xreallocarray(NULL, n + 1, TEXT_GROWTH);
	while (i < n) {
		len = text_decode(p + i, n - i, &cp);
		if (len == 0) {
			memcpy(o, TEXT_REPLACEMENT, 3);
			o += 3;
			i++;
			continue;
		}
		o += text_sanitize_cp(o, cp, flags);
		i += len;
	}
	*o = '\0';
	return out;
}

/* 1 when JSON text must not carry cp raw: DEL, C1 and every invisible
 * format character the sanitizer would show (jansson escapes only C0). */
static int text_json_escaped(uint32_t cp)
{
	return cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) || text_is_format(cp);
}

/* Write cp as one JSON escape (a surrogate pair above U+FFFF) at o;
 * returns the bytes written. */
static size_t text_json_escape(char *o, uint32_t cp)
{
	if (cp < 0x10000)
		return (size_t)sprintf(o, "\\u%04X", (unsigned)cp);
	cp -= 0x10000;
	return (size_t)sprintf(o, "\\u%04X\\u%04X",
	    (unsigned)(0xd800 + (cp >> 10)), (unsigned)(0xdc00 + (cp & 0x3ff)));
}

/* JSON text of v, safe for a terminal (see text.h). */
char *text_json(const json_t *v, size_t flags)
{
	char *raw = json_dumps(v, flags), *out, *o;
	const unsigned char *p = (const unsigned char *)raw;
	size_t n, i = 0, len;
	uint32_t cp;

	if (raw == NULL)
		return NULL;
	n = strlen(raw);
	out = o = xreallocarray(NULL, n + 1, 6);
	while (i < n) {
		len = text_decode(p + i, n - i, &cp);
		if (len > 0 && text_json_escaped(cp))
			o += text_json_escape(o, cp);
		else {
			len = len > 0 ? len : 1; /* jansson writes valid UTF-8 */
			memcpy(o, p + i, len);
			o += len;
		}
		i += len;
	}
	*o = '\0';
	free(raw);
	return out;
}

/* Print text_json(v) and a newline on fp. */
int text_json_print(FILE *fp, const json_t *v, size_t flags)
{
	char *s = text_json(v, flags);
	int r;

	if (s == NULL)
		return -1;
	r = fprintf(fp, "%s\n", s);
	free(s);
	return r < 0 ? -1 : 0;
}

/* Bytes of s[0..n) before the first invalid UTF-8 sequence (n when valid). */
size_t text_utf8_prefix(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, len;
	uint32_t cp;

	while (i < n) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		len = text_decode(p + i, n - i, &cp);
		if (len == 0)
			return i;
		i += len;
	}
	return n;
}

/* 1 when s[0..n) is valid UTF-8. */
int text_valid_utf8(const char *s, size_t n)
{
	return text_utf8_prefix(s, n) == n;
}

/* Display columns of s: wcwidth of each code point, 1 when unprintable. */
size_t text_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, len, width = 0;
	uint32_t cp;
	int w;

	while (i < n) {
		len = text_decode(p + i, n - i, &cp);
		if (len == 0) {
			width++;
			i++;
			continue;
		}
		w = wcwidth((wchar_t)cp);
		width += w < 0 ? 1 : (size_t)w;
		i += len;
	}
	return width;
}

/* 1 for ASCII white space (the locale plays no part). */
static int text_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	    c == '\f';
}

/* Trim leading and trailing white space in place; returns s. */
char *text_trim(char *s)
{
	size_t start = 0, end = strlen(s);

	while (start < end && text_is_space(s[start]))
		start++;
	while (end > start && text_is_space(s[end - 1]))
		end--;
	memmove(s, s + start, end - start);
	s[end - start] = '\0';
	return s;
}
