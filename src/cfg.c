/* cfg.c: the configuration files, sitrep(5).
 *
 * A small, strict reader: each line is blank, a # comment, or one
 * "key = value". Unknown keys, a missing "=", an empty value, a value of
 * the wrong form and a key said twice in one file are errors that name
 * the file and the line; nothing is guessed.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cfg.h"
#include "sitrep.h"
#include "text.h"
#include "users.h"
#include "when.h"
#include "xmalloc.h"

#define CFG_MAX_BYTES (256 * 1024) /* a config file larger is refused */
#define CFG_MAX_NAME 32
#define CFG_RUNDIR "/run/sitrep"
#define CFG_STATEDIR "/var/lib/sitrep"

/* One line being read: where, for messages. */
struct cfg_line {
	const char *path;
	int number;
	const char *key;
	const char *value;
};

/* How a key's value is read into the configuration. */
struct cfg_key {
	const char *name;
	int (*set)(struct cfg *cf, const struct cfg_line *l,
	    char **cause);
	int list;  /* may be given more than once */
};

/* An empty configuration. */
void cfg_init(struct cfg *cf)
{
	memset(cf, 0, sizeof *cf);
	cf->bell = -1;
}

/* Free a list of strings. */
static void cfg_free_list(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Release what cf holds. */
void cfg_free(struct cfg *cf)
{
	free(cf->name);
	free(cf->group);
	free(cf->observers);
	cfg_free_list(cf->allow, cf->nallow);
	cfg_free_list(cf->observer, cf->nobserver);
	free(cf->socket);
	free(cf->zone);
	free(cf->zone2);
	cfg_init(cf);
}

/* Refuse line l: "PATH:LINE: message". Returns -1. */
static int cfg_error(const struct cfg_line *l, char **cause,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int cfg_error(const struct cfg_line *l, char **cause,
    const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	*cause = xasprintf("%s:%d: %s", l->path, l->number, msg);
	free(msg);
	return -1;
}

/* Replace *dst with a copy of the line's value. */
static void cfg_set_str(char **dst, const struct cfg_line *l)
{
	free(*dst);
	*dst = xstrdup(l->value);
}

/* 1 when name may name a shared server. */
int cfg_name_ok(const char *name)
{
	size_t i, n = strlen(name);

	if (n == 0 || n > CFG_MAX_NAME || name[0] == '.')
		return 0;
	for (i = 0; i < n; i++) {
		if (!isalnum((unsigned char)name[i]) && name[i] != '.' &&
		    name[i] != '_' && name[i] != '-')
			return 0;
	}
	return 1;
}

/* name = NAME: the shared server's name. */
static int cfg_set_name(struct cfg *cf, const struct cfg_line *l,
    char **cause)
{
	if (!cfg_name_ok(l->value))
		return cfg_error(l, cause, "name is 1 to %d letters, digits, "
		    "dots, dashes or underscores (it names /run/sitrep/NAME "
		    "and /var/lib/sitrep/NAME.db), such as: name = ops",
		    CFG_MAX_NAME);
	cfg_set_str(&cf->name, l);
	return 0;
}

/* 1 when s is a user or group name as the databases spell them. */
static int cfg_word_ok(const char *s)
{
	if (*s == '\0' || strlen(s) > SR_MAX_NAME)
		return 0;
	for (; *s != '\0'; s++) {
		if (isspace((unsigned char)*s) || iscntrl((unsigned char)*s) ||
		    *s == ',' || *s == ':')
			return 0;
	}
	return 1;
}

/* group = GROUP or observers = GROUP: one group name. */
static int cfg_set_group(struct cfg *cf, const struct cfg_line *l,
    char **cause)
{
	if (!cfg_word_ok(l->value))
		return cfg_error(l, cause, "%s takes one group name, such as: "
		    "%s = oncall", l->key, l->key);
	cfg_set_str(strcmp(l->key, "group") == 0 ? &cf->group :
	    &cf->observers, l);
	return 0;
}

/* allow = USER or observer = USER: one more user of a list. */
static int cfg_set_user(struct cfg *cf, const struct cfg_line *l,
    char **cause)
{
	char ***v = &cf->allow;
	size_t *n = &cf->nallow;

	if (!cfg_word_ok(l->value))
		return cfg_error(l, cause, "%s takes one user name per line, "
		    "such as: %s = alice", l->key, l->key);
	if (strcmp(l->key, "observer") == 0) {
		v = &cf->observer;
		n = &cf->nobserver;
	}
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = xstrdup(l->value);
	return 0;
}

/* One of the server's limits: its key, its range, whether it is a size. */
struct cfg_limit_def {
	const char *key;
	long min;
	long max;
	int size;     /* bytes: K and M may follow the number */
};

/* The server's limits. */
static const struct cfg_limit_def cfg_limits[] = {
	{ "max-clients", 1, SR_MAX_CLIENTS, 0 },
	{ "max-rate", 1, CFG_RATE_MAX, 0 },
	{ "max-queue", CFG_QUEUE_MIN, CFG_QUEUE_MAX, 1 },
};
#define CFG_NLIMITS (sizeof cfg_limits / sizeof cfg_limits[0])

/* A size as sitrep(5) writes it. */
char *cfg_size_text(long n)
{
	if (n > 0 && n % (1024 * 1024) == 0)
		return xasprintf("%ldM", n / (1024 * 1024));
	if (n > 0 && n % 1024 == 0)
		return xasprintf("%ldK", n / 1024);
	return xasprintf("%ld", n);
}

/* The number of value: digits, then (for a size) K or M; -1 when it is
 * not one or is too large for a long. */
static long cfg_limit_number(const char *value, int size)
{
	long n, unit = 1;
	char *end;

	if (!isdigit((unsigned char)*value))
		return -1;
	errno = 0;
	n = strtol(value, &end, 10);
	if (size && (*end == 'K' || *end == 'k'))
		unit = 1024;
	else if (size && (*end == 'M' || *end == 'm'))
		unit = 1024 * 1024;
	if (unit > 1)
		end++;
	if (errno != 0 || *end != '\0' || n > LONG_MAX / unit)
		return -1;
	return n * unit;
}

/* Read value as limit key; the message names label and the range. */
int cfg_limit(const char *key, const char *label, const char *value,
    long *n, char **cause)
{
	const struct cfg_limit_def *d = NULL;
	char *lo, *hi;
	size_t i;

	for (i = 0; i < CFG_NLIMITS && d == NULL; i++)
		if (strcmp(cfg_limits[i].key, key) == 0)
			d = &cfg_limits[i];
	if (d == NULL) {
		*cause = xasprintf("%s is not one of the server's limits",
		    label);
		return -1;
	}
	*n = cfg_limit_number(value, d->size);
	if (*n >= d->min && *n <= d->max)
		return 0;
	if (!d->size) {
		*cause = xasprintf("%s is a number from %ld to %ld", label,
		    d->min, d->max);
		return -1;
	}
	lo = cfg_size_text(d->min);
	hi = cfg_size_text(d->max);
	*cause = xasprintf("%s is a size from %s to %s: bytes, or a number "
	    "of KiB or MiB followed by K or M, such as 16M", label, lo, hi);
	free(lo);
	free(hi);
	return -1;
}

/* max-clients, max-rate or max-queue = N: one of the server's limits. */
static int cfg_set_limit(struct cfg *cf, const struct cfg_line *l,
    char **cause)
{
	char *why = NULL;
	long n;

	if (cfg_limit(l->key, l->key, l->value, &n, &why) != 0) {
		cfg_error(l, cause, "%s", why);
		free(why);
		return -1;
	}
	if (strcmp(l->key, "max-clients") == 0)
		cf->max_clients = (int)n;
	else if (strcmp(l->key, "max-rate") == 0)
		cf->max_rate = (int)n;
	else
		cf->max_queue = n;
	return 0;
}

/* socket = PATH: an absolute path. */
static int cfg_set_socket(struct cfg *cf, const struct cfg_line *l,
    char **cause)
{
	if (l->value[0] != '/')
		return cfg_error(l, cause, "socket is an absolute path, such "
		    "as: socket = /run/sitrep/ops/socket");
	cfg_set_str(&cf->socket, l);
	return 0;
}

/* zone = ZONE or second-zone = ZONE: a time zone this system knows. */
static int cfg_set_zone(struct cfg *cf, const struct cfg_line *l,
    char **cause)
{
	if (!when_zone_valid(l->value))
		return cfg_error(l, cause, "unknown time zone \"%s\"; use a "
		    "name such as UTC or Europe/Berlin", l->value);
	cfg_set_str(strcmp(l->key, "zone") == 0 ? &cf->zone : &cf->zone2,
	    l);
	return 0;
}

/* bell = yes | no. */
static int cfg_set_bell(struct cfg *cf, const struct cfg_line *l,
    char **cause)
{
	if (strcmp(l->value, "yes") == 0)
		cf->bell = 1;
	else if (strcmp(l->value, "no") == 0)
		cf->bell = 0;
	else
		return cfg_error(l, cause, "bell is yes or no");
	return 0;
}

/* Every key, as sitrep(5) lists them. */
static const struct cfg_key cfg_keys[] = {
	{ "name", cfg_set_name, 0 },
	{ "group", cfg_set_group, 0 },
	{ "observers", cfg_set_group, 0 },
	{ "allow", cfg_set_user, 1 },
	{ "observer", cfg_set_user, 1 },
	{ "max-clients", cfg_set_limit, 0 },
	{ "max-rate", cfg_set_limit, 0 },
	{ "max-queue", cfg_set_limit, 0 },
	{ "socket", cfg_set_socket, 0 },
	{ "zone", cfg_set_zone, 0 },
	{ "second-zone", cfg_set_zone, 0 },
	{ "bell", cfg_set_bell, 0 },
};
#define CFG_NKEYS (sizeof cfg_keys / sizeof cfg_keys[0])

/* The key called name, or NULL. */
static const struct cfg_key *cfg_find(const char *name)
{
	size_t i;

	for (i = 0; i < CFG_NKEYS; i++) {
		if (strcmp(cfg_keys[i].name, name) == 0)
			return &cfg_keys[i];
	}
	return NULL;
}

/* Split line s (modified) into key and value, both trimmed; -1 when it
 * has no "=". */
static int cfg_split(char *s, struct cfg_line *l)
{
	char *eq = strchr(s, '=');

	if (eq == NULL)
		return -1;
	*eq = '\0';
	l->key = text_trim(s);
	l->value = text_trim(eq + 1);
	return 0;
}

/* Read one line (modified); seen marks the keys said so far in this file. */
static int cfg_line(struct cfg *cf, struct cfg_line *l, char *s,
    unsigned char *seen, char **cause)
{
	const struct cfg_key *k;
	char *safe;
	int r;

	s = text_trim(s);
	if (*s == '\0' || *s == '#')
		return 0;
	if (cfg_split(s, l) != 0)
		return cfg_error(l, cause, "expected \"key = value\" (or a "
		    "comment starting with #)");
	if ((k = cfg_find(l->key)) == NULL) {
		safe = text_sanitize(l->key, text_locale_flags());
		r = cfg_error(l, cause, "unknown key \"%s\"; the keys are "
		    "name, group, observers, allow, observer, max-clients, "
		    "max-rate, max-queue, socket, zone, second-zone and bell "
		    "(see sitrep(5))", safe);
		free(safe);
		return r;
	}
	if (*l->value == '\0')
		return cfg_error(l, cause, "%s has no value", l->key);
	if (!k->list && seen[k - cfg_keys]++)
		return cfg_error(l, cause, "%s is already set earlier in "
		    "this file; say it once", l->key);
	return k->set(cf, l, cause);
}

/* Read the text of one file into cf. */
int cfg_parse(struct cfg *cf, const char *path, const char *text,
    char **cause)
{
	unsigned char seen[CFG_NKEYS] = { 0 };
	struct cfg_line l = { path, 0, NULL, NULL };
	char *copy = xstrdup(text), *s = copy, *nl;
	int r = 0;

	if (!text_valid_utf8(text, strlen(text))) {
		*cause = xasprintf("%s: not valid UTF-8 text", path);
		free(copy);
		return -1;
	}
	while (r == 0 && *s != '\0') {
		l.number++;
		if ((nl = strchr(s, '\n')) != NULL)
			*nl = '\0';
		r = cfg_line(cf, &l, s, seen, cause);
		s = nl != NULL ? nl + 1 : s + strlen(s);
	}
	free(copy);
	return r;
}

/* The whole of the regular file fd (path for messages): new string, or
 * NULL and *cause. */
static char *cfg_slurp(int fd, const char *path, char **cause)
{
	struct stat sb;
	char *buf;
	ssize_t n;
	size_t len = 0;

	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    sb.st_size > CFG_MAX_BYTES) {
		*cause = xasprintf("%s: not a regular file of at most %d KB",
		    path, CFG_MAX_BYTES / 1024);
		return NULL;
	}
	buf = xmalloc((size_t)sb.st_size + 1);
	while (len < (size_t)sb.st_size && (n = read(fd, buf + len,
	    (size_t)sb.st_size - len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*cause = xasprintf("%s: %s", path, strerror(errno));
			free(buf);
			return NULL;
		}
		len += (size_t)n;
	}
	buf[len] = '\0';
	if (memchr(buf, '\0', len) != NULL) {
		*cause = xasprintf("%s: a NUL byte; this is not a text file",
		    path);
		free(buf);
		return NULL;
	}
	return buf;
}

/* Read the file at path into cf; a missing file is fine. */
int cfg_read(struct cfg *cf, const char *path, char **cause)
{
	char *text;
	int fd, r;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	text = cfg_slurp(fd, path, cause);
	close(fd);
	if (text == NULL)
		return -1;
	r = cfg_parse(cf, path, text, cause);
	free(text);
	return r;
}

/* An environment variable when set and not empty, else NULL. */
static const char *cfg_env(const char *name)
{
	const char *v = getenv(name);

	return v != NULL && *v != '\0' ? v : NULL;
}

/* The user's file. */
char *cfg_user_path(void)
{
	const char *xdg = cfg_env("XDG_CONFIG_HOME");
	const char *home = cfg_env("HOME");
	char *pwhome, *path;

	if (xdg != NULL && *xdg == '/')
		return xasprintf("%s/sitrep/config", xdg);
	if (home != NULL)
		return xasprintf("%s/.config/sitrep/config", home);
	if ((pwhome = users_home(getuid())) == NULL)
		return NULL;
	path = xasprintf("%s/.config/sitrep/config", pwhome);
	free(pwhome);
	return path;
}

/* Read $SITREP_CONFIG, else the system's file then the user's. */
int cfg_load(struct cfg *cf, char **cause)
{
	char *user;
	int r;

	if (cfg_env("SITREP_CONFIG") != NULL)
		return cfg_read(cf, cfg_env("SITREP_CONFIG"), cause);
	if (cfg_read(cf, SITREP_SYSCONF, cause) != 0)
		return -1;
	if ((user = cfg_user_path()) == NULL)
		return 0;
	r = cfg_read(cf, user, cause);
	free(user);
	return r;
}

/* The socket of shared server name. */
char *cfg_shared_socket(const char *name)
{
	const char *dir = cfg_env("SITREP_RUNDIR");

	return xasprintf("%s/%s/socket", dir != NULL ? dir : CFG_RUNDIR,
	    name);
}

/* The store of shared server name. */
char *cfg_shared_db(const char *name)
{
	const char *dir = cfg_env("SITREP_STATEDIR");

	return xasprintf("%s/%s.db", dir != NULL ? dir : CFG_STATEDIR,
	    name);
}
