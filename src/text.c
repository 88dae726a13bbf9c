/* text.c: the one sanitizer for untrusted text, and UTF-8 helpers.
 *
 * This is the one place that decodes UTF-8 by hand: the sanitizer must see
 * every byte and every code point itself, whatever the locale says. What
 * to show visibly is decided by Unicode properties (general category,
 * Default_Ignorable_Code_Point, emoji and script properties) read from
 * ICU, never by a list of code points that a new Unicode version would
 * outdate. ASCII, most of what is drawn, never reaches ICU.
 */
#include <langinfo.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

#include <jansson.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include "text.h"
#include "xmalloc.h"

/* Shown for '\n' when the text must stay on one line (U+23CE). */
#define TEXT_RETURN "\xe2\x8f\x8e"
/* Shown for each byte that is not valid UTF-8 (U+FFFD). */
#define TEXT_REPLACEMENT "\xef\xbf\xbd"
/* Put before a combining mark that has nothing of the text to attach to
 * (U+25CC DOTTED CIRCLE), so it cannot change the cell before it. */
#define TEXT_BASE 0x25cc
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

/* How the sanitizer shows a code point above ASCII. */
enum text_class {
	TEXT_PLAIN,  /* as it is */
	TEXT_HIDDEN, /* C1, format (Cf), separator (Zl, Zp) or default-ignorable
		      * (Hangul fillers too): always <U+XXXX> */
	TEXT_JOINER, /* ZWNJ, ZWJ: kept inside an emoji sequence or a word */
	TEXT_VS,     /* VS15, VS16: kept right after an emoji */
	TEXT_MARK    /* drawn on the cell before it, so it needs a base */
};

/* Where the sanitizer is: its output and what it wrote last. */
struct text_out {
	char *o;
	int flags;
	uint32_t last; /* the last code point written as it is; 0 at the start,
			* at a line start and after a replacement */
};

/* The class of cp (>= 0x80), by its Unicode properties. */
static enum text_class text_class(uint32_t cp)
{
	UChar32 c = (UChar32)cp;
	int8_t gc;
	int32_t hst;

	if (cp == 0x200c || cp == 0x200d)
		return TEXT_JOINER;
	if (cp == 0xfe0e || cp == 0xfe0f)
		return TEXT_VS;
	gc = u_charType(c);
	if (gc == U_CONTROL_CHAR || gc == U_FORMAT_CHAR ||
	    gc == U_LINE_SEPARATOR || gc == U_PARAGRAPH_SEPARATOR ||
	    u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT))
		return TEXT_HIDDEN;
	if (gc == U_NON_SPACING_MARK || gc == U_ENCLOSING_MARK ||
	    gc == U_COMBINING_SPACING_MARK)
		return TEXT_MARK;
	hst = u_getIntPropertyValue(c, UCHAR_HANGUL_SYLLABLE_TYPE);
	if (hst == U_HST_VOWEL_JAMO || hst == U_HST_TRAILING_JAMO)
		return TEXT_MARK;
	return TEXT_PLAIN;
}

/* 1 for a script whose words are shaped with ZWNJ/ZWJ (Arabic, the Indic
 * scripts …), not one where a joiner can only hide inside a word. */
static int text_joining_script(UScriptCode sc)
{
	return sc != USCRIPT_COMMON && sc != USCRIPT_INHERITED &&
	    sc != USCRIPT_LATIN && sc != USCRIPT_GREEK &&
	    sc != USCRIPT_CYRILLIC && sc != USCRIPT_UNKNOWN &&
	    sc != USCRIPT_INVALID_CODE;
}

/* 1 when a joiner between prev (written as it is) and next belongs there:
 * inside an emoji ZWJ sequence, or inside a word of a joining script. A
 * next that is itself shown escaped joins nothing (else the output would
 * change when sanitized again). */
static int text_joins(uint32_t prev, uint32_t next)
{
	UErrorCode err = U_ZERO_ERROR;
	UScriptCode sp, sn;

	if (prev == 0 || next < 0x80 || (text_class(next) != TEXT_PLAIN &&
	    text_class(next) != TEXT_MARK))
		return 0;
	if (u_hasBinaryProperty((UChar32)next, UCHAR_EXTENDED_PICTOGRAPHIC))
		return prev == 0xfe0f || u_hasBinaryProperty((UChar32)prev,
		    UCHAR_EXTENDED_PICTOGRAPHIC) || u_hasBinaryProperty(
		    (UChar32)prev, UCHAR_EMOJI_MODIFIER);
	sp = uscript_getScript((UChar32)prev, &err);
	sn = uscript_getScript((UChar32)next, &err);
	return U_SUCCESS(err) && sp == sn && text_joining_script(sp);
}

/* Write cp as <U+XXXX>. */
static void text_put_hidden(struct text_out *t, uint32_t cp)
{
	t->o += sprintf(t->o, "<U+%04X>", (unsigned)cp);
	t->last = 0;
}

/* Write an ASCII character, controls as ^X (see text.h). */
static void text_put_ascii(struct text_out *t, uint32_t c)
{
	if (c >= 0x20 && c != 0x7f) {
		*t->o++ = (char)c;
		t->last = c;
		return;
	}
	t->last = 0;
	if (c == '\n' && (t->flags & TEXT_MULTILINE))
		*t->o++ = '\n';
	else if (c == '\n' && !(t->flags & TEXT_ASCII)) {
		memcpy(t->o, TEXT_RETURN, 3);
		t->o += 3;
	} else if (c == '\t')
		*t->o++ = ' ';
	else {
		*t->o++ = '^';
		*t->o++ = (char)(c == 0x7f ? '?' : c + 0x40);
	}
}

/* Write a code point above ASCII (next: the one after it, or 0). */
static void text_put_cp(struct text_out *t, uint32_t cp, uint32_t next)
{
	enum text_class c;

	c = (t->flags & TEXT_ASCII) ? TEXT_HIDDEN : text_class(cp);
	if (c == TEXT_HIDDEN ||
	    (c == TEXT_JOINER && !text_joins(t->last, next)) ||
	    (c == TEXT_VS && !u_hasBinaryProperty((UChar32)t->last,
	    UCHAR_EMOJI))) {
		text_put_hidden(t, cp);
		return;
	}
	if (c == TEXT_MARK && t->last == 0)
		t->o += text_encode(t->o, TEXT_BASE);
	t->o += text_encode(t->o, cp);
	t->last = cp;
}

/* Write what stands for a byte that is not valid UTF-8. */
static void text_put_invalid(struct text_out *t)
{
	if (t->flags & TEXT_ASCII)
		*t->o++ = '?';
	else {
		memcpy(t->o, TEXT_REPLACEMENT, 3);
		t->o += 3;
	}
	t->last = 0;
}

/* The code point at s (n bytes left), or 0 at the end or a bad byte. */
static uint32_t text_peek(const unsigned char *s, size_t n)
{
	uint32_t cp;

	if (n == 0 || text_decode(s, n, &cp) == 0)
		return 0;
	return cp;
}

/* A new string safe to write to a terminal (see text.h). */
char *text_sanitize(const char *s, int flags)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, len;
	struct text_out t;
	char *out;
	uint32_t cp;

	out = t.o = xreallocarray(NULL, n + 1, TEXT_GROWTH);
	t.flags = flags;
	t.last = 0;
	while (i < n) {
		if ((len = text_decode(p + i, n - i, &cp)) == 0) {
			text_put_invalid(&t);
			i++;
			continue;
		}
		i += len;
		if (cp < 0x80)
			text_put_ascii(&t, cp);
		else
			text_put_cp(&t, cp, text_class(cp) == TEXT_JOINER ?
			    text_peek(p + i, n - i) : 0);
	}
	*t.o = '\0';
	return out;
}

/* TEXT_ASCII unless the locale's character set is UTF-8. */
int text_locale_flags(void)
{
	const char *cs = nl_langinfo(CODESET);

	if (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "UTF8") == 0)
		return 0;
	return TEXT_ASCII;
}

/* 1 when JSON text must not carry cp raw: DEL, C1 and every invisible
 * character the sanitizer may show as <U+XXXX> (jansson escapes only C0;
 * an escape is lossless, so joiners and selectors are escaped too). */
static int text_json_escaped(uint32_t cp)
{
	enum text_class c;

	if (cp < 0x80)
		return cp == 0x7f;
	c = text_class(cp);
	return c != TEXT_PLAIN && c != TEXT_MARK;
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
