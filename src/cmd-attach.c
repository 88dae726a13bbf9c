/* cmd-attach.c: `sitrep attach [INC]`, the full-screen terminal. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cmd.h"
#include "sitrep.h"

/* 1 when the test hooks ask for the headless terminal: SITREP_UI_KEYS
 * set, or SITREP_UI_DUMP set and not empty (sitrep-attach(1)). */
int cmd_attach_headless(void)
{
	const char *dump = getenv("SITREP_UI_DUMP");

	return getenv("SITREP_UI_KEYS") != NULL || (dump != NULL &&
	    *dump != '\0');
}

/* sitrep attach [INC]: open the terminal on INC, or on the incident list. */
int cmd_attach_exec(const struct cmd_globals *g, struct cmd_args *a)
{
	if (a->argc > 1)
		return cmd_usage_error(a->entry->name, "attach takes at most "
		    "one incident");
	if (!cmd_attach_headless() && (!isatty(STDIN_FILENO) ||
	    !isatty(STDOUT_FILENO))) {
		fprintf(stderr, "sitrep: attach needs a terminal; `sitrep "
		    "show` and `sitrep tail` work without one\n");
		return SR_EXIT_USAGE;
	}
	return ui_main(g, a->argc == 1 ? a->argv[0] : NULL);
}
