/* export-json.c: the JSON export (sitrep-export(5)) written and read back.
 *
 * The file is one JSON object: format, version, sitrep, exported_at, zone,
 * incident (its metadata), chain (the hash of the event before each event
 * that does not follow the one before it in the file), then events, the
 * incident's events verbatim in seq order, one per line, written as they
 * come (export-chain.c checks the chain, export-reader.c reads a file).
 *
 * Every JSON text written escapes DEL, the C1 controls and every invisible
 * or format character the sanitizer would show (bidi overrides …) as
 * \uXXXX: the file is safe to print on a terminal and reads back equal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "sitrep.h"
#include "text.h"
#include "xmalloc.h"

/* The bytes of the UTF-8 sequence starting with lead byte c (1 for a byte
 * that cannot start one). */
static size_t export_json_seqlen(unsigned char c)
{
	if (c >= 0xf0 && c <= 0xf4)
		return 4;
	if (c >= 0xe0)
		return c <= 0xef ? 3 : 1;
	return c >= 0xc2 ? 2 : 1;
}

/* The code point of the n-byte sequence at s. */
static uint32_t export_json_decode(const unsigned char *s, size_t n)
{
	if (n == 2)
		return (uint32_t)(s[0] & 0x1f) << 6 | (s[1] & 0x3f);
	if (n == 3)
		return (uint32_t)(s[0] & 0x0f) << 12 |
		    (uint32_t)(s[1] & 0x3f) << 6 | (s[2] & 0x3f);
	return (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3f) << 12 |
	    (uint32_t)(s[2] & 0x3f) << 6 | (s[3] & 0x3f);
}

/* 1 when the sanitizer would not show the n-byte character at s as it is
 * (C1, bidi and other format characters): JSON must escape it. */
static int export_json_unsafe(const unsigned char *s, size_t n)
{
	char one[5], *safe;
	int unsafe;

	memcpy(one, s, n);
	one[n] = '\0';
	safe = text_sanitize(one, 0);
	unsafe = strcmp(safe, one) != 0;
	free(safe);
	return unsafe;
}

/* Append cp as \uXXXX (a surrogate pair above U+FFFF) at o; returns the
 * bytes written. */
static size_t export_json_escape(char *o, uint32_t cp)
{
	if (cp < 0x10000)
		return (size_t)sprintf(o, "\\u%04X", (unsigned)cp);
	cp -= 0x10000;
	return (size_t)sprintf(o, "\\u%04X\\u%04X",
	    (unsigned)(0xd800 + (cp >> 10)), (unsigned)(0xdc00 + (cp & 0x3ff)));
}

/* JSON text s[0..n) with DEL, C1 and format characters escaped. */
static char *export_json_safe(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	char *out = xreallocarray(NULL, n + 1, 6), *o = out;
	size_t i = 0, len;

	while (i < n) {
		if (p[i] < 0x7f) {
			*o++ = (char)p[i++];
			continue;
		}
		len = export_json_seqlen(p[i]);
		if (p[i] == 0x7f || len == 1 || i + len > n)
			len = 1;
		if (p[i] == 0x7f || (len > 1 && export_json_unsafe(p + i, len)))
			o += export_json_escape(o, p[i] == 0x7f ? 0x7f :
			    export_json_decode(p + i, len));
		else {
			memcpy(o, p + i, len);
			o += len;
		}
		i += len;
	}
	*o = '\0';
	return out;
}

/* Compact JSON of v, escaped for terminals: the one function every JSON
 * of an export goes through. */
char *export_json_dump(const json_t *v)
{
	char *raw = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY), *safe;

	if (raw == NULL)
		return NULL;
	safe = export_json_safe(raw, strlen(raw));
	free(raw);
	return safe;
}

/* Write "key":value and sep; -1 when v cannot be encoded. */
static int export_json_member(FILE *f, const char *key, json_t *v,
    const char *sep)
{
	char *s = export_json_dump(v);

	json_decref(v);
	if (s == NULL)
		return -1;
	fprintf(f, "\"%s\":%s%s", key, s, sep);
	free(s);
	return 0;
}

/* The head of the file, up to "events":[ and a newline. */
int export_json_head(FILE *f, const json_t *incident, const char *zone,
    int64_t now, const json_t *previous)
{
	json_t *chain = json_pack("{s:s, s:O}", "hash", "BLAKE2b-256",
	    "previous", previous);

	fputc('{', f);
	if (export_json_member(f, "format", json_string(EXPORT_JSON_FORMAT),
	    ",") != 0 || export_json_member(f, "version",
	    json_integer(EXPORT_JSON_VERSION), ",") != 0 ||
	    export_json_member(f, "sitrep", json_string(SITREP_VERSION),
	    ",") != 0 || export_json_member(f, "exported_at",
	    json_integer(now), ",") != 0 || export_json_member(f, "zone",
	    json_string(zone), ",\n") != 0 || export_json_member(f,
	    "incident", json_incref((json_t *)incident), ",\n") != 0 ||
	    export_json_member(f, "chain", chain, ",\n") != 0)
		return -1;
	fputs("\"events\":[\n", f);
	return 0;
}

/* One event on its line. */
int export_json_line(FILE *f, const char *json, size_t n, int first)
{
	char *s = export_json_safe(json, n);

	if (!first)
		fputs(",\n", f);
	fputs(s, f);
	free(s);
	return ferror(f) ? -1 : 0;
}

/* The end of the file. */
int export_json_tail(FILE *f)
{
	fputs("\n]}\n", f);
	return ferror(f) ? -1 : 0;
}
