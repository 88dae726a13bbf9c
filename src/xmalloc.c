/* xmalloc.c: allocation wrappers that abort instead of returning NULL. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "xmalloc.h"

/* Report exhaustion and stop: there is no sensible way on. */
static void __attribute__((noreturn)) xmalloc_fatal(size_t n)
{
	fprintf(stderr, "sitrep: out of memory (%zu bytes)\n", n);
	abort();
}

/* Allocate size bytes (at least one). */
void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (p == NULL)
		xmalloc_fatal(size);
	return p;
}

/* Allocate n zeroed elements of size bytes. */
void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		xmalloc_fatal(n * size);
	return p;
}

/* Resize p to n elements of size bytes, checking the multiplication. */
void *xreallocarray(void *p, size_t n, size_t size)
{
	void *q;

	if (size != 0 && n > (size_t)-1 / size)
		xmalloc_fatal((size_t)-1);
	q = realloc(p, n != 0 && size != 0 ? n * size : 1);
	if (q == NULL)
		xmalloc_fatal(n * size);
	return q;
}

/* Copy a string. */
char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (p == NULL)
		xmalloc_fatal(strlen(s) + 1);
	return p;
}

/* Copy at most n bytes of a string, always terminated. */
char *xstrndup(const char *s, size_t n)
{
	char *p = strndup(s, n);

	if (p == NULL)
		xmalloc_fatal(n + 1);
	return p;
}

/* Format into a new string. */
char *xvasprintf(const char *fmt, va_list ap)
{
	char *s;

	if (vasprintf(&s, fmt, ap) < 0)
		xmalloc_fatal(0);
	return s;
}

/* Format into a new string. */
char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

/* Make jansson allocate through xmalloc (its frees stay plain free). */
void xmalloc_json_init(void)
{
	json_set_alloc_funcs(xmalloc, free);
}
