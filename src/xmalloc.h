/* xmalloc.h: allocation that never returns NULL (aborts on exhaustion). */
#ifndef SITREP_XMALLOC_H
#define SITREP_XMALLOC_H

#include <stdarg.h>
#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
/* Make jansson allocate through xmalloc too (once, before any JSON), so no
 * json_* constructor returns NULL for want of memory. */
void xmalloc_json_init(void);

#endif
