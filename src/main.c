/* main.c: sitrep's entry point: global options, then the verb. */
#include <getopt.h>
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

#define MAIN_OPT_DB 0x100
#define MAIN_OPT_TZ 0x101
#define MAIN_OPT_VERSION 0x102

static const struct option main_options[] = {
	{ "db", required_argument, NULL, MAIN_OPT_DB },
	{ "socket", required_argument, NULL, 'S' },
	{ "tz", required_argument, NULL, MAIN_OPT_TZ },
	{ "verbose", no_argument, NULL, 'v' },
	{ "version", no_argument, NULL, MAIN_OPT_VERSION },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/* Report a bad global option; returns SR_EXIT_USAGE. */
static int main_usage(int ch, int argc, char **argv)
{
	cmd_option_error(NULL, ch, argc, argv);
	fprintf(stderr, "`sitrep --help` lists the options and verbs\n");
	return SR_EXIT_USAGE;
}

/* Read the options before the verb: -1 to go on, else an exit status. */
static int main_getopt(struct cmd_globals *g, int argc, char **argv)
{
	char *cause, *safe;
	int ch;

	opterr = 0;
	while ((ch = getopt_long(argc, argv, "+:S:vh", main_options,
	    NULL)) != -1) {
		switch (ch) {
		case MAIN_OPT_DB:
			if (g->socket_cfg)
				g->socket = NULL;
			g->socket_cfg = 0;
			g->db = optarg;
			break;
		case 'S':
			g->socket_cfg = 0;
			g->socket = optarg;
			break;
		case MAIN_OPT_TZ:
			if (cmd_set_tz(optarg, &cause) != 0) {
				safe = cmd_print_safe(cause);
				fprintf(stderr, "sitrep: %s\n", safe);
				free(safe);
				free(cause);
				return SR_EXIT_USAGE;
			}
			g->tz = optarg;
			break;
		case 'v':
			g->verbose++;
			break;
		case MAIN_OPT_VERSION:
			printf("sitrep %s\n", SITREP_VERSION);
			return SR_EXIT_OK;
		case 'h':
			cmd_help_all(stdout);
			return SR_EXIT_OK;
		default:
			return main_usage(ch, argc, argv);
		}
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
 * when nothing chose a server or store. -1 after saying what is wrong. */
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
	if (main_cfg(&g, &cf) != 0)
		status = SR_EXIT_USAGE;
	else if ((status = main_getopt(&g, argc, argv)) != -1)
		;
	else if (optind >= argc && isatty(STDIN_FILENO) &&
	    isatty(STDOUT_FILENO))
		status = ui_main(&g, NULL);
	else if (optind >= argc)
		status = cmd_ls_default(&g);
	else
		status = cmd_run(&g, argc - optind, argv + optind);
	cfg_free(&cf);
	return status;
}
