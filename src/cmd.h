/* cmd.h: the command-line verbs; each is one table entry. */
#ifndef SITREP_CMD_H
#define SITREP_CMD_H

/* Options every verb accepts, before or after it. */
struct cmd_globals {
	const char *db;        /* --db PATH */
	const char *socket;    /* -S PATH */
	const char *tz;        /* --tz ZONE */
	int verbose;           /* -v */
};

struct cmd_entry {
	const char *name;
	const char *usage;     /* "INC TEXT [--type TYPE] …" */
	const char *summary;   /* one line for `sitrep --help` */
	int (*exec)(const struct cmd_globals *g, int argc, char **argv);
};

/* The table, terminated by a NULL name. */
extern const struct cmd_entry cmd_table[];

/* Find a verb by name (exact). */
const struct cmd_entry *cmd_find(const char *name);
/* Run argv (argv[0] is the verb). Returns an SR_EXIT_* status. */
int cmd_run(const struct cmd_globals *g, int argc, char **argv);

#endif
