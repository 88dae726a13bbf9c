/* cmd-parse.c: words and values read: a line split into words the way a
 * shell splits it, incidents, seqs, names, numbers and text. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd.h"
#include "sitrep.h"
#include "text.h"
#include "xmalloc.h"

/* Read a decimal number of at most max from s (the whole of s). */
static int cmd_parse_number(const char *s, long long max, long long *out)
{
	char *end;
	long long n;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	n = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || n <= 0 || n > max)
		return -1;
	*out = n;
	return 0;
}

/* "INC-7", "inc-7" or "7" as "INC-7". */
int cmd_parse_incident(const char *arg, char **ref)
{
	long long n;

	if (strncasecmp(arg, "INC-", 4) == 0)
		arg += 4;
	if (cmd_parse_number(arg, INT_MAX, &n) != 0)
		return -1;
	*ref = xasprintf("INC-%lld", n);
	return 0;
}

/* "12" or "#12" as a seq. */
int cmd_parse_seq(const char *arg, int64_t *seq)
{
	long long n;

	if (*arg == '#')
		arg++;
	if (cmd_parse_number(arg, INT64_MAX, &n) != 0)
		return -1;
	*seq = n;
	return 0;
}

/* 1 when s is a name: 1..SR_MAX_NAME bytes, valid UTF-8, no spaces or
 * controls. */
int cmd_parse_name(const char *s)
{
	const unsigned char *p;
	size_t n = strlen(s);

	if (n == 0 || n > SR_MAX_NAME || !text_valid_utf8(s, n))
		return 0;
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p <= ' ' || *p == 0x7f)
			return 0;
	}
	return 1;
}

/* A number in [min, max]; with sev, "SEV2" and "sev2" too. */
int cmd_parse_int(const char *arg, int min, int max, int sev, int *out)
{
	long long n;

	if (sev && strncasecmp(arg, "SEV", 3) == 0)
		arg += 3;
	if (cmd_parse_number(arg, max, &n) != 0 || n < min)
		return -1;
	*out = (int)n;
	return 0;
}

/* Read standard input whole (at most a frame: the server names the text
 * limit itself). */
char *cmd_parse_stdin(char **cause)
{
	size_t len = 0, n;
	char *buf = xmalloc(SR_MAX_FRAME + 1);

	while (len < SR_MAX_FRAME &&
	    (n = fread(buf + len, 1, SR_MAX_FRAME - len, stdin)) > 0)
		len += n;
	if (ferror(stdin) || (len == SR_MAX_FRAME && fgetc(stdin) != EOF)) {
		*cause = ferror(stdin) ? xasprintf("cannot read standard "
		    "input: %s", strerror(errno)) : xasprintf("standard input "
		    "is larger than %d bytes; split it into several entries",
		    SR_MAX_FRAME);
		free(buf);
		return NULL;
	}
	buf[len] = '\0';
	return buf;
}

/* The words joined with spaces and trimmed. */
char *cmd_parse_join(int argc, char **argv, char **cause)
{
	char *text, *joined;
	int i;

	text = xstrdup(argc > 0 ? argv[0] : "");
	for (i = 1; i < argc; i++) {
		joined = xasprintf("%s %s", text, argv[i]);
		free(text);
		text = joined;
	}
	text_trim(text);
	if (*text == '\0')
		*cause = xstrdup("the text is empty");
	else if (!text_valid_utf8(text, strlen(text)))
		*cause = xstrdup("the text is not valid UTF-8");
	else
		return text;
	free(text);
	return NULL;
}

/* Append the n bytes at s to the word being built. */
static void cmd_parse_add(char **word, size_t *len, const char *s, size_t n)
{
	*word = xreallocarray(*word, *len + n + 1, 1);
	memcpy(*word + *len, s, n);
	*len += n;
	(*word)[*len] = '\0';
}

/* Read one word at *p (blanks skipped before it): its text (new string),
 * or NULL at the end of the line, or NULL and *cause for an open quote. */
static char *cmd_parse_word(const char **p, char **cause)
{
	const char *s = *p + strspn(*p, " \t");
	char *word, quote = 0;
	size_t len = 0;

	*p = s;
	if (*s == '\0')
		return NULL;
	word = xstrdup("");
	for (; *s != '\0' && (quote || (*s != ' ' && *s != '\t')); s++) {
		if (quote == 0 && (*s == '\'' || *s == '"'))
			quote = *s;
		else if (quote != 0 && *s == quote)
			quote = 0;
		else if (*s == '\\' && s[1] != '\0' && (quote == 0 ||
		    (quote == '"' && (s[1] == '"' || s[1] == '\\'))))
			cmd_parse_add(&word, &len, ++s, 1);
		else
			cmd_parse_add(&word, &len, s, 1);
	}
	*p = s;
	if (quote != 0) {
		*cause = xasprintf("a %s quote is not closed",
		    quote == '"' ? "double" : "single");
		free(word);
		return NULL;
	}
	return word;
}

/* Split a line into words, as a shell does. */
int cmd_parse_split(const char *line, int *argc, char ***argv, char **cause)
{
	char *word;

	*argc = 0;
	*argv = xcalloc(1, sizeof **argv);
	*cause = NULL;
	while ((word = cmd_parse_word(&line, cause)) != NULL) {
		*argv = xreallocarray(*argv, (size_t)*argc + 2, sizeof **argv);
		(*argv)[(*argc)++] = word;
		(*argv)[*argc] = NULL;
	}
	if (*cause == NULL)
		return 0;
	cmd_parse_free(*argc, *argv);
	*argv = NULL;
	*argc = 0;
	return -1;
}

/* Free what cmd_parse_split made. */
void cmd_parse_free(int argc, char **argv)
{
	int i;

	for (i = 0; argv != NULL && i < argc; i++)
		free(argv[i]);
	free(argv);
}
