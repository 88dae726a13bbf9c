/* ui-export.c: :export in the terminal. The document is written by
 * `sitrep export` itself, run as a child process on the terminal's socket
 * and store with -o FILE (INC-n.FORMAT in the working directory unless
 * -o names one), so it is the very document the command line writes,
 * written atomically and never over an existing file without --force;
 * the terminal stays live meanwhile and says on the message line where
 * the document went, or why there is none. A login confined to the
 * terminal (attach --from-ssh) writes no files. */
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "export.h"
#include "xmalloc.h"
#include "ui.h"

/* What the child says on stderr that is kept for the message line. */
#define UI_EXPORT_ERR 2048
/* Most words of the child's command line. */
#define UI_EXPORT_ARGS 16

/* One export under way. */
struct ui_export {
	struct ui *ui;
	uv_process_t proc;
	uv_pipe_t err;
	char said[UI_EXPORT_ERR];  /* the child's stderr, cut to fit */
	size_t nsaid;
	char *path;                /* where the document goes */
	char *what;                /* "INC-3 (html)" */
	int open;                  /* handles not closed yet */
	int exited;
	int64_t status;
};

/* Free an export once both its handles are closed. */
static void ui_export_closed(uv_handle_t *h)
{
	struct ui_export *x = h->data;

	if (--x->open > 0)
		return;
	free(x->path);
	free(x->what);
	free(x);
}

/* Close an export's handles (the child, if running, goes on alone). */
static void ui_export_close(struct ui_export *x)
{
	if (!uv_is_closing((uv_handle_t *)&x->proc))
		uv_close((uv_handle_t *)&x->proc, ui_export_closed);
	if (!uv_is_closing((uv_handle_t *)&x->err))
		uv_close((uv_handle_t *)&x->err, ui_export_closed);
}

/* The last line the child said, without the program's prefix. */
static const char *ui_export_reason(struct ui_export *x)
{
	char *end = x->said + x->nsaid, *line;
	static const char prefix[] = "sitrep export: ";

	while (end > x->said && (end[-1] == '\n' || end[-1] == ' '))
		end--;
	*end = '\0';
	line = strrchr(x->said, '\n');
	line = line != NULL ? line + 1 : x->said;
	if (strncmp(line, prefix, sizeof prefix - 1) == 0)
		line += sizeof prefix - 1;
	else if (strncmp(line, "sitrep: ", 8) == 0)
		line += 8;
	return *line != '\0' ? line : "it ended without saying why";
}

/* Both the child and its stderr are done: say how it went. */
static void ui_export_done(struct ui_export *x)
{
	struct ui *ui = x->ui;

	if (ui->export == x)
		ui->export = NULL;
	if (x->status == 0)
		ui_message(ui, 0, "exported %s to %s", x->what, x->path);
	else
		ui_message(ui, 1, "export of %s failed: %s", x->what,
		    ui_export_reason(x));
	ui_export_close(x);
}

/* The child ended. */
static void ui_export_exit_cb(uv_process_t *p, int64_t status, int sig)
{
	struct ui_export *x = p->data;

	x->exited = 1;
	x->status = sig != 0 ? 128 + sig : status;
	if (uv_is_closing((uv_handle_t *)&x->err) ||
	    !uv_is_active((uv_handle_t *)&x->err))
		ui_export_done(x);
}

/* Room for what the child says. */
static void ui_export_alloc_cb(uv_handle_t *h, size_t size, uv_buf_t *buf)
{
	struct ui_export *x = h->data;
	size_t room = sizeof x->said - 1 - x->nsaid;

	/* Full: keep the newest words, which say why. */
	if (room < 256) {
		memmove(x->said, x->said + 512, x->nsaid - 512);
		x->nsaid -= 512;
		room += 512;
	}
	buf->base = x->said + x->nsaid;
	buf->len = room;
}

/* The child said something on stderr (or closed it). */
static void ui_export_read_cb(uv_stream_t *s, ssize_t n, const uv_buf_t *buf)
{
	struct ui_export *x = s->data;

	if (n > 0) {
		x->nsaid += (size_t)n;
		return;
	}
	if (n == 0)
		return;
	uv_read_stop(s);
	if (x->exited)
		ui_export_done(x);
}

/* The document's path: -o FILE, else INC-n.FORMAT here; absolute when
 * the working directory is known, so the message says where it is. */
static char *ui_export_path(const char *output, const char *ref,
    const char *format)
{
	char dir[PATH_MAX];
	char *name = output != NULL ? xstrdup(output) :
	    xasprintf("%s.%s", ref, format);
	char *path;

	if (*name == '/' || getcwd(dir, sizeof dir) == NULL)
		return name;
	path = xasprintf("%s/%s", dir, name);
	free(name);
	return path;
}

/* The child's command line (argv, NULL-terminated; the strings are
 * borrowed). */
static void ui_export_argv(const struct ui *ui, char *exe,
    const struct cmd_args *a, const char *format, const char *path,
    char **argv)
{
	const struct cmd_globals *g = ui->g;
	const char *tz = cmd_args_get(a, "tz");
	int n = 0;

	argv[n++] = exe;
	if (g->socket != NULL && !g->socket_cfg) {
		argv[n++] = "-S";
		argv[n++] = (char *)g->socket;
	}
	if (g->db != NULL) {
		argv[n++] = "--db";
		argv[n++] = (char *)g->db;
	}
	if (tz != NULL || g->tz != NULL) {
		argv[n++] = "--tz";
		argv[n++] = (char *)(tz != NULL ? tz : g->tz);
	}
	argv[n++] = "export";
	argv[n++] = ui->incident;
	argv[n++] = "--format";
	argv[n++] = (char *)format;
	argv[n++] = "-o";
	argv[n++] = (char *)path;
	if (cmd_args_get(a, "force") != NULL)
		argv[n++] = "--force";
	argv[n] = NULL;
}

/* Start the child; 0, or a libuv error (x is then the caller's). */
static int ui_export_spawn(struct ui_export *x, char **argv)
{
	uv_process_options_t o;
	uv_stdio_container_t io[3];
	int r;

	memset(&o, 0, sizeof o);
	io[0].flags = UV_IGNORE;
	io[1].flags = UV_IGNORE;
	io[2].flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE;
	io[2].data.stream = (uv_stream_t *)&x->err;
	o.file = argv[0];
	o.args = argv;
	o.stdio = io;
	o.stdio_count = 3;
	o.exit_cb = ui_export_exit_cb;
	/* Its own session: a hangup of the terminal does not stop it. */
	o.flags = UV_PROCESS_DETACHED;
	x->proc.data = x->err.data = x;
	if ((r = uv_pipe_init(x->ui->loop, &x->err, 0)) != 0)
		return r;
	/* A failed spawn leaves its handle to be closed too. */
	x->open = 2;
	if ((r = uv_spawn(x->ui->loop, &x->proc, &o)) != 0)
		return r;
	/* Without its words the outcome could not be told: stop it. */
	if ((r = uv_read_start((uv_stream_t *)&x->err, ui_export_alloc_cb,
	    ui_export_read_cb)) != 0)
		uv_process_kill(&x->proc, SIGTERM);
	return r;
}

/* Run `sitrep export` for the open incident as the : line a asked. */
static void ui_export_start(struct ui *ui, const struct cmd_args *a,
    const struct export_format *fmt)
{
	const char *ref = ui->incident;
	struct ui_export *x = xcalloc(1, sizeof *x);
	char exe[PATH_MAX], *argv[UI_EXPORT_ARGS];
	size_t size = sizeof exe;
	int r;

	x->ui = ui;
	x->path = ui_export_path(cmd_args_get(a, "output"), ref, fmt->name);
	x->what = xasprintf("%s (%s)", ref, fmt->name);
	if ((r = uv_exepath(exe, &size)) == 0) {
		ui_export_argv(ui, exe, a, fmt->name, x->path, argv);
		r = ui_export_spawn(x, argv);
	}
	if (r != 0) {
		ui_message(ui, 1, "cannot run the export of %s: %s", x->what,
		    uv_strerror(r));
		if (x->open > 0)
			ui_export_close(x);
		else {
			free(x->path);
			free(x->what);
			free(x);
		}
		return;
	}
	ui->export = x;
	ui_message(ui, 0, "exporting %s to %s …", x->what, x->path);
}

/* :export [--format F] [-o FILE] [--force] [--tz ZONE] */
int ui_export_cmd(struct ui *ui, const struct cmd_args *a)
{
	const char *format = cmd_args_get(a, "format");
	const struct export_format *fmt;

	if (ui->g->confined) {
		ui_message(ui, 1, "this login opens the incident terminal only "
		    "(sshd's ForceCommand), so it writes no files on this host; "
		    "export where you may run sitrep, e.g. over a forwarded "
		    "socket (sitrep-attach(1))");
		return 1;
	}
	if (ui->export != NULL) {
		ui_message(ui, 1, "an export is still being written; wait for "
		    "it to finish");
		return 1;
	}
	fmt = export_format_find(format != NULL ? format : "md");
	if (fmt == NULL) {
		ui_message(ui, 1, ":export: --format is %s, not \"%s\"",
		    export_format_names(), format);
		return 1;
	}
	ui_export_start(ui, a, fmt);
	return 1;
}

/* When the terminal ends: let a running export finish on its own. */
void ui_export_leave(struct ui *ui)
{
	if (ui->export == NULL)
		return;
	ui->export->exited = 1;
	ui_export_close(ui->export);
	ui->export = NULL;
}
