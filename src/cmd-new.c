/* cmd-new.c: `sitrep new`, declare an incident. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "sitrep.h"
#include "xmalloc.h"

static const struct option cmd_new_options[] = {
	{ "sev", required_argument, NULL, 's' },
	{ "severity", required_argument, NULL, 's' },
	{ "drill", no_argument, NULL, 'd' },
	{ "restricted", required_argument, NULL, 'R' },
	{ NULL, 0, NULL, 0 }
};

/* Declare the incident and say who commands it. */
static int cmd_new_declare(const struct cmd_globals *g, const char *title,
    int sev, int drill, const char *restricted)
{
	struct event *ev = cmd_event(EV_DECLARE, NULL);
	char *inc = NULL, *safe;
	int64_t seq;
	int status;

	json_object_set_new(ev->body, "title", json_string(title));
	json_object_set_new(ev->body, "severity", json_integer(sev));
	json_object_set_new(ev->body, "drill", json_boolean(drill));
	if (restricted != NULL)
		json_object_set_new(ev->body, "restricted",
		    json_string(restricted));
	status = cmd_session_submit_once(g, ev, &seq, &inc);
	if (status != SR_EXIT_OK)
		return status;
	safe = cmd_print_safe(title);
	printf("%s declared (SEV%d%s%s%s): %s — you are the incident "
	    "commander\n", inc, sev, drill ? ", DRILL" : "",
	    restricted != NULL ? ", restricted to " : "",
	    restricted != NULL ? restricted : "", safe);
	free(safe);
	free(inc);
	return SR_EXIT_OK;
}

/* sitrep new TITLE… [--sev N] [--drill] */
int cmd_new_exec(const struct cmd_globals *g0, int argc, char **argv)
{
	struct cmd_globals g = *g0;
	int ch, sev = 3, drill = 0, status;
	char *title, *cause;
	const char *restricted = NULL;

	while ((ch = cmd_getopt(argc, argv, "s:", cmd_new_options, &g)) != -1) {
		switch (ch) {
		case 'h':
			return cmd_help(argv[0]);
		case 's':
			if (cmd_parse_int(optarg, 1, 4, 1, &sev) != 0)
				return cmd_usage_error(argv[0], "the severity "
				    "is 1 (worst) to 4, or SEV1 to SEV4");
			break;
		case 'd':
			drill = 1;
			break;
		case 'R':
			restricted = optarg;
			break;
		default:
			return cmd_usage(argv[0]);
		}
	}
	if (optind >= argc)
		return cmd_usage_error(argv[0], "give the incident a title");
	if ((title = cmd_parse_text(argc - optind, argv + optind, &cause)) == NULL) {
		status = cmd_usage_error(argv[0], "%s", cause);
		free(cause);
		return status;
	}
	status = cmd_new_declare(&g, title, sev, drill, restricted);
	free(title);
	return status;
}
