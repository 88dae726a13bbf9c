/* main.c: sitrep's entry point: global options, then the verb. */
#include <locale.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cfg.h"
#include "cmd.h"
#include "sitrep.h"
#include "xmalloc.h"

/* The options before the verb besides the global ones. */
static const struct cmd_option main_options[] = {
	{ "version", 0, NULL, NULL, CMD_LINE, NULL },
	{ NULL, 0, NULL, NULL, 0, NULL }
};

/* The program itself, as the verb whose options come before the verb. */
static const struct cmd_entry main_entry = {
	"sitrep", "VERB", NULL, main_options, "", CMD_LINE, NULL, NULL, NULL,
	NULL
};

/* Read the options before the verb into *g: -1 to go on, else an exit
 * status. The values in a live until cmd_args_free. */
static int main_getopt(struct cmd_globals *g, int argc, char **argv,
    struct cmd_args *a)
{
	char *cause = NULL, *safe;

	if (cmd_args_parse(&main_entry, argc, argv, CMD_LINE | CMD_FIRST, a,
	    &cause) != 0 || cmd_args_globals(a, g, &cause) != 0) {
		safe = cmd_print_safe(cause);
		fprintf(stderr, "sitrep: %s\n`sitrep --help` lists the options "
		    "and verbs\n", safe);
		free(safe);
		free(cause);
		return SR_EXIT_USAGE;
	}
	if (cmd_args_get(a, "version") != NULL) {
		printf("sitrep %s\n", SITREP_VERSION);
		return SR_EXIT_OK;
	}
	if (a->help) {
		cmd_help_all(stdout);
		return SR_EXIT_OK;
	}
	return -1;
}

/* An environment variable is set and not empty. */
static int main_env(const char *name)
{
	const char *v = getenv(name);

	return v != NULL && *v != '\0';
}

/* Read the configuration files (sitrep(5)): their zone now, their socket
 * when nothing chose a server or store (the global options, read after
 * this, replace both). -1 after saying what is wrong. */
static int main_cfg(struct cmd_globals *g, struct cfg *cf)
{
	char *cause = NULL, *safe;

	if (cfg_load(cf, &cause) != 0 ||
	    (cf->zone != NULL && cmd_set_tz(cf->zone, &cause) != 0)) {
		safe = cmd_print_safe(cause);
		fprintf(stderr, "sitrep: %s\n", safe);
		free(safe);
		free(cause);
		return -1;
	}
	g->cfg = cf;
	if (main_env("SITREP_SOCKET") || main_env("SITREP_DB"))
		return 0;
	if (cf->socket == NULL && cf->name != NULL)
		cf->socket = cfg_shared_socket(cf->name);
	g->socket = cf->socket;
	g->socket_cfg = g->socket != NULL;
	return 0;
}

/* Set up the process, read the configuration and the global options, run
 * the verb. */
int main(int argc, char **argv)
{
	struct cmd_globals g;
	struct cmd_args a;
	struct cfg cf;
	int status;

	setlocale(LC_ALL, "");
	xmalloc_json_init();
	if (sodium_init() < 0) {
		fprintf(stderr, "sitrep: cannot initialise libsodium\n");
		return SR_EXIT_SERVER;
	}
	signal(SIGPIPE, SIG_IGN);
	memset(&g, 0, sizeof g);
	cfg_init(&cf);
	if (main_cfg(&g, &cf) != 0) {
		cfg_free(&cf);
		return SR_EXIT_USAGE;
	}
	status = main_getopt(&g, argc, argv, &a);
	if (status == -1 && a.next < argc)
		status = cmd_run(&g, argc - a.next, argv + a.next);
	else if (status == -1 && ((isatty(STDIN_FILENO) &&
	    isatty(STDOUT_FILENO)) || cmd_attach_headless()))
		status = ui_main(&g, NULL);
	else if (status == -1)
		status = cmd_ls_default(&g);
	cmd_args_free(&a);
	cfg_free(&cf);
	return status;
}
