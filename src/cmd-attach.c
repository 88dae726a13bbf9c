/* cmd-attach.c: `sitrep attach [INC]`, the full-screen terminal; from a
 * laptop over ssh (--via), and as sshd's ForceCommand on a jump host
 * (--from-ssh). */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "sitrep.h"
#include "xmalloc.h"

/* 1 when the test hooks ask for the headless terminal: SITREP_UI_KEYS
 * set, or SITREP_UI_DUMP set and not empty (sitrep-attach(1)). */
int cmd_attach_headless(void)
{
	const char *dump = getenv("SITREP_UI_DUMP");

	return getenv("SITREP_UI_KEYS") != NULL || (dump != NULL &&
	    *dump != '\0');
}


#define CMD_ATTACH_MAX_WORDS 32   /* of $SITREP_SSH */

/* 1 when host may follow ssh's options: [user@]host, nothing that ssh
 * could read as an option or a second word. */
static int cmd_attach_host_ok(const char *host)
{
	if (*host == '\0' || *host == '-' || strlen(host) > 255)
		return 0;
	for (; *host != '\0'; host++) {
		if (isspace((unsigned char)*host) ||
		    iscntrl((unsigned char)*host))
			return 0;
	}
	return 1;
}

/* Split $SITREP_SSH (default "ssh") into argv words, then -t, host and
 * the remote command. Returns the number of words. */
static int cmd_attach_ssh_argv(char *words, const char *host,
    const char *remote, char **argv)
{
	char *save = NULL, *w;
	int n = 0;

	for (w = strtok_r(words, " \t", &save); w != NULL &&
	    n < CMD_ATTACH_MAX_WORDS; w = strtok_r(NULL, " \t", &save))
		argv[n++] = w;
	argv[n++] = (char *)"-t";
	argv[n++] = (char *)host;
	argv[n++] = (char *)remote;
	argv[n] = NULL;
	return n;
}

/* --via HOST [INC]: run `sitrep attach [INC]` on HOST over `ssh -t`.
 * Returns only when ssh cannot be run. */
static int cmd_attach_via(const char *verb, const char *host,
    const char *inc)
{
	char *argv[CMD_ATTACH_MAX_WORDS + 4], *words, *remote;
	const char *ssh = getenv("SITREP_SSH");

	if (!cmd_attach_host_ok(host))
		return cmd_usage_error(verb, "--via takes [USER@]HOST, such as "
		    "alice@bastion");
	words = xstrdup(ssh != NULL && *ssh != '\0' ? ssh : "ssh");
	remote = xasprintf("sitrep attach%s%s", inc != NULL ? " " : "",
	    inc != NULL ? inc : "");
	if (cmd_attach_ssh_argv(words, host, remote, argv) < 4) {
		free(remote);
		free(words);
		return cmd_usage_error(verb, "SITREP_SSH names no program");
	}
	fflush(stdout);
	execvp(argv[0], argv);
	fprintf(stderr, "sitrep: cannot run %s to reach %s: %s\n", argv[0],
	    host, strerror(errno));
	free(remote);
	free(words);
	return SR_EXIT_SERVER;
}

/* Skip one word of s (and the blanks after it); the word's length in *n. */
static const char *cmd_attach_word(const char *s, size_t *n)
{
	*n = strcspn(s, " \t");
	s += *n;
	return s + strspn(s, " \t");
}

/* --from-ssh: what the ssh client asked for ($SSH_ORIGINAL_COMMAND):
 * nothing, or "[sitrep] [attach] [INC]". 0 and *ref (NULL: the list, else
 * a new string), or the exit status after saying what is allowed. */
static int cmd_attach_from_ssh(const char *verb, char **ref)
{
	const char *cmd = getenv("SSH_ORIGINAL_COMMAND"), *p, *next;
	char *word = NULL;
	size_t n;

	*ref = NULL;
	p = cmd != NULL ? cmd + strspn(cmd, " \t") : "";
	next = cmd_attach_word(p, &n);
	if (n > 0 && (n == 6 || (n > 6 && p[n - 7] == '/')) &&
	    strncmp(p + n - 6, "sitrep", 6) == 0)
		p = next;
	next = cmd_attach_word(p, &n);
	if (n == 6 && strncmp(p, "attach", 6) == 0)
		p = next;
	next = cmd_attach_word(p, &n);
	if (n > 0)
		word = xstrndup(p, n);
	if (*next == '\0' && (word == NULL ||
	    cmd_parse_incident(word, ref) == 0)) {
		free(word);
		return 0;
	}
	free(word);
	fprintf(stderr, "sitrep: this login opens the incident terminal only: "
	    "ask for nothing, or for `sitrep attach INC`\n");
	return SR_EXIT_USAGE;
}

/* sitrep attach [--via HOST | --from-ssh] [INC]: open the terminal on
 * INC, or on the incident list. */
int cmd_attach_exec(const struct cmd_globals *g, struct cmd_args *a)
{
	const char *via = cmd_args_get(a, "via");
	int from_ssh = cmd_args_get(a, "from-ssh") != NULL, status;
	char *ref = NULL, *cause = NULL;
	struct cmd_globals lg;

	if (a->argc > 1 || (from_ssh && a->argc > 0))
		return cmd_usage_error(a->entry->name, "attach takes at most "
		    "one incident");
	if (a->argc == 1 && (ref = cmd_args_incident(a, 0, &cause)) == NULL) {
		status = cmd_usage_error(a->entry->name, "%s", cause);
		free(cause);
		return status;
	}
	if (via != NULL) {
		status = cmd_attach_via(a->entry->name, via, ref);
		free(ref);
		return status;
	}
	if (from_ssh && (status = cmd_attach_from_ssh(a->entry->name,
	    &ref)) != 0)
		return status;
	if (!cmd_attach_headless() && (!isatty(STDIN_FILENO) ||
	    !isatty(STDOUT_FILENO))) {
		fprintf(stderr, "sitrep: attach needs a terminal (over ssh: "
		    "ssh -t); `sitrep show` and `sitrep tail` work without "
		    "one\n");
		free(ref);
		return SR_EXIT_USAGE;
	}
	lg = *g;
	lg.confined = from_ssh;
	status = ui_main(&lg, ref);
	free(ref);
	return status;
}
