/* ui-cmd.c: the `:` commands (one table entry each, like tmux's cmd
 * entries), their completion, and notes typed at the input line. Every
 * command builds an event and submits it; the server's rules decide. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "text.h"
#include "when.h"
#include "xmalloc.h"
#include "ui.h"

/* One command. */
struct ui_cmd_entry {
	const char *name;
	const char *alias;
	const char *usage;
	const char *summary;
	void (*exec)(struct ui *ui, char *args);
	int needs_incident;
};

/* Take the next space-separated word of *args (NULL when none). */
static char *ui_cmd_word(char **args)
{
	char *p = *args, *w;

	while (*p == ' ')
		p++;
	if (*p == '\0') {
		*args = p;
		return NULL;
	}
	w = p;
	while (*p != '\0' && *p != ' ')
		p++;
	if (*p == ' ')
		*p++ = '\0';
	while (*p == ' ')
		p++;
	*args = p;
	return w;
}

/* A new event of kind for the open incident. */
static struct event *ui_cmd_event(struct ui *ui, enum event_kind kind)
{
	struct event *ev = event_new(kind);

	ev->incident = xstrdup(ui->incident);
	return ev;
}

/* Set a string body field. */
static void ui_cmd_set(struct event *ev, const char *field, const char *v)
{
	json_object_set_new(ev->body, field, json_string(v));
}

/* Strip trailing punctuation of a word taken as a ref or tag. */
static char *ui_cmd_token(const char *w, size_t n)
{
	while (n > 0 && strchr(".,;:!?)]", w[n - 1]) != NULL)
		n--;
	return xstrndup(w, n);
}

/* 1 when w (n bytes) reads as a reference "key:value". */
static int ui_cmd_is_ref(const char *w, size_t n)
{
	size_t i = 0;

	if (n == 0 || !islower((unsigned char)w[0]))
		return 0;
	while (i < n && (islower((unsigned char)w[i]) ||
	    isdigit((unsigned char)w[i]) || w[i] == '_' || w[i] == '-'))
		i++;
	if (i >= n - 1 || w[i] != ':' || w[i + 1] == '/')
		return 0;
	return strchr(".,;:!?", w[n - 1]) == NULL || n - i > 2;
}

/* Refs ("deploy:4711") and tags ("#db") found in text. */
void ui_cmd_entry_refs(struct event *ev, const char *text)
{
	const char *p = text, *w;
	size_t n;
	char *tok;

	while (*p != '\0') {
		while (*p == ' ')
			p++;
		w = p;
		while (*p != '\0' && *p != ' ')
			p++;
		n = (size_t)(p - w);
		if (n > 1 && w[0] == '#' && isalnum((unsigned char)w[1])) {
			if (ev->tags == NULL)
				ev->tags = json_array();
			tok = ui_cmd_token(w + 1, n - 1);
			if (*tok && json_array_size(ev->tags) < SR_MAX_REFS)
				json_array_append_new(ev->tags, json_string(tok));
			free(tok);
		} else if (ui_cmd_is_ref(w, n)) {
			if (ev->refs == NULL)
				ev->refs = json_array();
			tok = ui_cmd_token(w, n);
			if (json_array_size(ev->refs) < SR_MAX_REFS)
				json_array_append_new(ev->refs, json_string(tok));
			free(tok);
		}
	}
}

/* Submit a timeline entry of type with text, back-dated by a leading
 * "@TIME"; line is what to give back on a refusal. */
static void ui_cmd_entry(struct ui *ui, const char *type, char *text,
    const char *line)
{
	struct event *ev;
	int64_t at = 0;
	char *cause = NULL, *when;

	if (*text == '@') {
		when = ui_cmd_word(&text);
		if (when_parse(when + 1, when_now(), WHEN_PAST, &at, &cause)) {
			ui_message(ui, 1, "%s (write @14:07 or @-5m before the "
			    "text)", cause);
			free(cause);
			ui_input_restore(ui, line);
			return;
		}
	}
	if (*text == '\0') {
		ui_message(ui, 1, "nothing to record: type the text after the "
		    "time");
		return;
	}
	ev = ui_cmd_event(ui, EV_ENTRY);
	ui_cmd_set(ev, "type", type);
	ui_cmd_set(ev, "text", text);
	ui_cmd_entry_refs(ev, text);
	ev->occurred_at = at;
	ui_submit(ui, ev, line, 0);
}

/* Plain text at the input line: a note (":" lines are commands). */
void ui_cmd_note_line(struct ui *ui, const char *line)
{
	char *copy;

	if (ui->incident == NULL) {
		ui_message(ui, 1, "open an incident first (Enter on the list, "
		    "or d to declare one)");
		return;
	}
	copy = xstrdup(line);
	ui_cmd_entry(ui, "note", copy, line);
	free(copy);
}

/* :note, :obs, :action, :decision, :change, :comms: typed entries. */
static void ui_cmd_typed(struct ui *ui, char *args, const char *type)
{
	char *line = xasprintf(":%s %s", type, args);

	ui_cmd_entry(ui, type, args, ui->typed != NULL ? ui->typed : line);
	free(line);
}

static void ui_cmd_note(struct ui *ui, char *a) { ui_cmd_typed(ui, a, "note"); }
static void ui_cmd_obs(struct ui *ui, char *a) { ui_cmd_typed(ui, a, "observation"); }
static void ui_cmd_action(struct ui *ui, char *a) { ui_cmd_typed(ui, a, "action"); }
static void ui_cmd_decision(struct ui *ui, char *a) { ui_cmd_typed(ui, a, "decision"); }
static void ui_cmd_change(struct ui *ui, char *a) { ui_cmd_typed(ui, a, "change"); }
static void ui_cmd_comms(struct ui *ui, char *a) { ui_cmd_typed(ui, a, "comms"); }

/* :type TYPE TEXT */
static void ui_cmd_type(struct ui *ui, char *args)
{
	char *type = ui_cmd_word(&args);

	if (type == NULL || model_entry_type_parse(type) < 0) {
		ui_message(ui, 1, "usage: :type note|observation|action|"
		    "decision|change|comms TEXT");
		return;
	}
	ui_cmd_typed(ui, args, type);
}

/* :declare [--sev N] [--drill] TITLE (no title: the form). */
static void ui_cmd_declare(struct ui *ui, char *args)
{
	struct event *ev;
	int sev = 3, drill = 0;
	char *w;

	while (*args == '-') {
		w = ui_cmd_word(&args);
		if (strcmp(w, "--drill") == 0)
			drill = 1;
		else if (strcmp(w, "--sev") == 0 && (w = ui_cmd_word(&args)))
			sev = atoi(w);
		else
			break;
	}
	if (*args == '\0') {
		ui_form_open_declare(ui);
		return;
	}
	ev = event_new(EV_DECLARE);
	ui_cmd_set(ev, "title", args);
	json_object_set_new(ev->body, "severity", json_integer(sev));
	json_object_set_new(ev->body, "drill", json_boolean(drill));
	ui_submit(ui, ev, NULL, 1);
}

/* :open INC */
static void ui_cmd_open(struct ui *ui, char *args)
{
	char *ref = ui_cmd_word(&args), *norm;

	if (ref == NULL) {
		ui_set_view(ui, UI_VIEW_LIST);
		return;
	}
	norm = isdigit((unsigned char)ref[0]) ? xasprintf("INC-%s", ref) :
	    xstrdup(ref);
	for (char *p = norm; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	ui_open(ui, norm);
	free(norm);
}

/* :list */
static void ui_cmd_list(struct ui *ui, char *args)
{
	ui_set_view(ui, UI_VIEW_LIST);
}

/* :title TEXT */
static void ui_cmd_title(struct ui *ui, char *args)
{
	struct event *ev = ui_cmd_event(ui, EV_INCIDENT_UPDATE);

	ui_cmd_set(ev, "title", args);
	ui_submit(ui, ev, NULL, 0);
}

/* :sev N */
static void ui_cmd_sev(struct ui *ui, char *args)
{
	struct event *ev;
	int sev = atoi(args + (strncasecmp(args, "sev", 3) == 0 ? 3 : 0));

	ev = ui_cmd_event(ui, EV_INCIDENT_UPDATE);
	json_object_set_new(ev->body, "severity", json_integer(sev));
	ui_submit(ui, ev, NULL, 0);
}

/* :status STATUS [REASON] */
static void ui_cmd_status(struct ui *ui, char *args)
{
	char *st = ui_cmd_word(&args);
	struct event *ev;

	if (st == NULL) {
		ui_message(ui, 1, "usage: :status investigating|identified|"
		    "monitoring|resolved|analysis|closed [REASON]");
		return;
	}
	ev = ui_cmd_event(ui, EV_STATUS);
	ui_cmd_set(ev, "status", st);
	if (*args != '\0')
		ui_cmd_set(ev, "reason", args);
	ui_submit(ui, ev, NULL, 0);
}

/* :mark MARK [TIME] */
static void ui_cmd_mark(struct ui *ui, char *args)
{
	char *mark = ui_cmd_word(&args), *cause = NULL;
	struct event *ev;
	int64_t at = 0;

	if (mark == NULL) {
		ui_message(ui, 1, "usage: :mark impact-start|detected|mitigated|"
		    "resolved [TIME]");
		return;
	}
	if (*args != '\0' && when_parse(args, when_now(), WHEN_PAST, &at,
	    &cause) != 0) {
		ui_message(ui, 1, "%s", cause);
		free(cause);
		return;
	}
	ev = ui_cmd_event(ui, EV_MARK);
	ui_cmd_set(ev, "mark", mark);
	ev->occurred_at = at;
	ui_submit(ui, ev, NULL, 0);
}

/* :role ROLE [USER] and :release ROLE [USER]. */
static void ui_cmd_role_event(struct ui *ui, char *args, enum event_kind k)
{
	char *role = ui_cmd_word(&args), *user = ui_cmd_word(&args);
	struct event *ev;

	if (role == NULL) {
		ui_message(ui, 1, "usage: :%s deputy|scribe|ops|comms|liaison|"
		    "sme [USER]", k == EV_ROLE_ASSIGN ? "role" : "release");
		return;
	}
	ev = ui_cmd_event(ui, k);
	ui_cmd_set(ev, "role", role);
	ui_cmd_set(ev, "user", user != NULL ? user : ui->user ? ui->user : "");
	ui_submit(ui, ev, NULL, 0);
}

static void ui_cmd_role(struct ui *ui, char *a) { ui_cmd_role_event(ui, a, EV_ROLE_ASSIGN); }
static void ui_cmd_release(struct ui *ui, char *a) { ui_cmd_role_event(ui, a, EV_ROLE_RELEASE); }

/* :handoff [USER]: the form, brief pre-filled. */
static void ui_cmd_handoff(struct ui *ui, char *args)
{
	ui_form_open_handoff(ui, ui_cmd_word(&args));
}

/* A command event with an optional reason. */
static void ui_cmd_simple(struct ui *ui, enum event_kind k, char *reason,
    int need_reason)
{
	struct event *ev;

	if (need_reason && *reason == '\0') {
		ui_message(ui, 1, "say why: :%s REASON", event_kind_name(k) + 8);
		return;
	}
	ev = ui_cmd_event(ui, k);
	if (*reason != '\0')
		ui_cmd_set(ev, "reason", reason);
	ui_submit(ui, ev, NULL, 0);
}

static void ui_cmd_accept(struct ui *ui, char *a) { ui_cmd_simple(ui, EV_CMD_ACCEPT, a, 0); }
static void ui_cmd_decline(struct ui *ui, char *a) { ui_cmd_simple(ui, EV_CMD_DECLINE, a, 0); }
static void ui_cmd_withdraw(struct ui *ui, char *a) { ui_cmd_simple(ui, EV_CMD_WITHDRAW, a, 0); }
static void ui_cmd_relieve(struct ui *ui, char *a) { ui_cmd_simple(ui, EV_CMD_RELIEVE, a, 1); }

/* :update: the status update form. */
static void ui_cmd_update(struct ui *ui, char *args)
{
	ui_form_open_update(ui);
}

/* :hyp TEXT (open), :hyp N STATE [NOTE] (set), :hyp (the form). */
static void ui_cmd_hyp(struct ui *ui, char *args)
{
	struct event *ev;
	char *n, *state;

	if (*args == '\0') {
		ui_form_open_hyp(ui);
		return;
	}
	if (isdigit((unsigned char)args[0]) || (args[0] == 'H' &&
	    isdigit((unsigned char)args[1]))) {
		n = ui_cmd_word(&args);
		state = ui_cmd_word(&args);
		ev = ui_cmd_event(ui, EV_HYP_SET);
		json_object_set_new(ev->body, "id", json_integer(atoi(n +
		    (n[0] == 'H'))));
		ui_cmd_set(ev, "state", state != NULL ? state : "");
		if (*args != '\0')
			ui_cmd_set(ev, "note", args);
	} else {
		ev = ui_cmd_event(ui, EV_HYP_OPEN);
		ui_cmd_set(ev, "text", args);
	}
	ui_submit(ui, ev, NULL, 0);
}

/* A text-only event (park, factor, summary, followup). */
static void ui_cmd_text_event(struct ui *ui, enum event_kind k, char *args)
{
	struct event *ev;

	if (*args == '\0') {
		ui_message(ui, 1, "usage: :%s TEXT", event_kind_name(k));
		return;
	}
	ev = ui_cmd_event(ui, k);
	ui_cmd_set(ev, "text", args);
	ui_submit(ui, ev, NULL, 0);
}

static void ui_cmd_park(struct ui *ui, char *a) { ui_cmd_text_event(ui, EV_PARK, a); }
static void ui_cmd_factor(struct ui *ui, char *a) { ui_cmd_text_event(ui, EV_FACTOR, a); }
static void ui_cmd_followup(struct ui *ui, char *a) { ui_cmd_text_event(ui, EV_FOLLOWUP, a); }
static void ui_cmd_summary(struct ui *ui, char *a) { ui_cmd_text_event(ui, EV_SUMMARY, a); }

/* Read the SEQ of an amend/strike/annotate; 0 when missing. */
static int64_t ui_cmd_seq(char **args)
{
	char *w = ui_cmd_word(args);

	if (w == NULL)
		return 0;
	return strtoll(w + (w[0] == '#'), NULL, 10);
}

/* :amend SEQ TEXT --reason REASON */
static void ui_cmd_amend(struct ui *ui, char *args)
{
	int64_t seq = ui_cmd_seq(&args);
	char *r = strstr(args, "--reason ");
	struct event *ev;

	if (seq <= 0 || r == NULL || r == args) {
		ui_message(ui, 1, "usage: :amend SEQ NEW TEXT --reason WHY "
		    "(the seq is the #number at the end of the entry)");
		return;
	}
	*r = '\0';
	ev = ui_cmd_event(ui, EV_AMEND);
	ev->target = seq;
	ui_cmd_set(ev, "text", text_trim(args));
	ui_cmd_set(ev, "reason", r + 9);
	ui_submit(ui, ev, NULL, 0);
}

/* A command of the form SEQ TEXT: an event of kind pointing at SEQ with
 * TEXT in field; usage when either is missing. */
static void ui_cmd_targeted(struct ui *ui, char *args, enum event_kind kind,
    const char *field, const char *usage)
{
	int64_t seq = ui_cmd_seq(&args);
	struct event *ev;

	if (seq <= 0 || *args == '\0') {
		ui_message(ui, 1, "usage: %s", usage);
		return;
	}
	ev = ui_cmd_event(ui, kind);
	ev->target = seq;
	ui_cmd_set(ev, field, args);
	ui_submit(ui, ev, NULL, 0);
}

/* :strike SEQ REASON */
static void ui_cmd_strike(struct ui *ui, char *args)
{
	ui_cmd_targeted(ui, args, EV_STRIKE, "reason", ":strike SEQ WHY");
}

/* :annotate SEQ TEXT (analysis only) */
static void ui_cmd_annotate(struct ui *ui, char *args)
{
	ui_cmd_targeted(ui, args, EV_ANNOTATION, "text", ":annotate SEQ TEXT");
}

/* :snooze DURATION */
static void ui_cmd_snooze(struct ui *ui, char *args)
{
	int64_t ms;
	char *cause = NULL;
	struct event *ev;

	if (when_parse_duration(*args ? args : "15m", &ms, &cause) != 0) {
		ui_message(ui, 1, "%s", cause);
		free(cause);
		return;
	}
	ev = ui_cmd_event(ui, EV_SNOOZE);
	json_object_set_new(ev->body, "for_ms", json_integer(ms));
	ui_submit(ui, ev, NULL, 0);
}

/* :search QUERY */
static void ui_cmd_search(struct ui *ui, char *args)
{
	if (*args != '\0')
		ui_timeline_search(ui, args);
}

/* :filter [SPEC] */
static void ui_cmd_filter(struct ui *ui, char *args)
{
	char *cause = NULL, buf[256];

	if (ui_timeline_filter_set(ui, args, &cause) != 0) {
		ui_message(ui, 1, "%s", cause);
		free(cause);
		return;
	}
	ui_timeline_filter_describe(&ui->tl.filter, buf, sizeof buf);
	if (*buf == '\0')
		ui_message(ui, 0, "filter cleared");
	else
		ui_message(ui, 0, "filter: %s (:filter alone clears)",
		    buf + (*buf == ' '));
	ui_set_view(ui, UI_VIEW_TIMELINE);
}

/* :zone [ZONE]: a second time column (none: off). */
static void ui_cmd_zone(struct ui *ui, char *args)
{
	free(ui->zone2);
	ui->zone2 = *args != '\0' ? xstrdup(args) : NULL;
}

/* :view NAME */
static void ui_cmd_view(struct ui *ui, char *args)
{
	static const char *const names[] = { "timeline", "updates", "roles",
	    "hypotheses", "analysis", "list", "help" };
	int i;

	for (i = 0; i < UI_VIEW_COUNT; i++) {
		if (*args != '\0' && strncmp(names[i], args, strlen(args)) == 0) {
			ui_set_view(ui, (enum ui_view)i);
			return;
		}
	}
	ui_message(ui, 1, "views: timeline updates roles hypotheses analysis "
	    "list help");
}

static void ui_cmd_help(struct ui *ui, char *a) { ui_set_view(ui, UI_VIEW_HELP); }
static void ui_cmd_quit(struct ui *ui, char *a) { ui->quit = 1; }

/* The table; the order is the help's order. */
static const struct ui_cmd_entry ui_cmd_table[] = {
	{ "note", NULL, "note TEXT", "a note (plain text does the same)", ui_cmd_note, 1 },
	{ "obs", "observation", "obs TEXT", "an observation", ui_cmd_obs, 1 },
	{ "action", NULL, "action TEXT", "an action taken or under way", ui_cmd_action, 1 },
	{ "decision", NULL, "decision TEXT", "a decision", ui_cmd_decision, 1 },
	{ "change", NULL, "change TEXT", "a change made to a system", ui_cmd_change, 1 },
	{ "comms", NULL, "comms TEXT", "a communication sent", ui_cmd_comms, 1 },
	{ "type", NULL, "type TYPE TEXT", "an entry of any type", ui_cmd_type, 1 },
	{ "update", NULL, "update", "status update form (also u)", ui_cmd_update, 1 },
	{ "status", NULL, "status STATUS [REASON]", "change status/phase (IC)", ui_cmd_status, 1 },
	{ "sev", NULL, "sev N", "change severity (IC)", ui_cmd_sev, 1 },
	{ "title", NULL, "title TEXT", "retitle (IC)", ui_cmd_title, 1 },
	{ "mark", NULL, "mark MARK [TIME]", "impact-start, detected, mitigated, resolved", ui_cmd_mark, 1 },
	{ "role", NULL, "role ROLE [USER]", "take a role, or give one (IC)", ui_cmd_role, 1 },
	{ "release", NULL, "release ROLE [USER]", "drop a role", ui_cmd_release, 1 },
	{ "handoff", NULL, "handoff [USER]", "offer command, brief pre-filled (also h)", ui_cmd_handoff, 1 },
	{ "accept", NULL, "accept", "accept the command offered to you", ui_cmd_accept, 1 },
	{ "decline", NULL, "decline [REASON]", "decline the command offer", ui_cmd_decline, 1 },
	{ "withdraw", NULL, "withdraw", "withdraw your command offer", ui_cmd_withdraw, 1 },
	{ "relieve", NULL, "relieve REASON", "take command from an unresponsive IC", ui_cmd_relieve, 1 },
	{ "hyp", NULL, "hyp [TEXT | N STATE [NOTE]]", "open a hypothesis, or set its state (also o)", ui_cmd_hyp, 1 },
	{ "park", NULL, "park TEXT", "park an analysis thought", ui_cmd_park, 1 },
	{ "amend", NULL, "amend SEQ TEXT --reason WHY", "correct an entry", ui_cmd_amend, 1 },
	{ "strike", NULL, "strike SEQ WHY", "retract an entry", ui_cmd_strike, 1 },
	{ "snooze", NULL, "snooze [DURATION]", "snooze the update reminder (z: 15m)", ui_cmd_snooze, 1 },
	{ "factor", NULL, "factor TEXT", "contributing factor (analysis)", ui_cmd_factor, 1 },
	{ "followup", NULL, "followup TEXT", "follow-up action (analysis)", ui_cmd_followup, 1 },
	{ "annotate", NULL, "annotate SEQ TEXT", "hindsight note (analysis)", ui_cmd_annotate, 1 },
	{ "summary", NULL, "summary TEXT", "postmortem summary (analysis)", ui_cmd_summary, 1 },
	{ "declare", "new", "declare [--sev N] [--drill] [TITLE]", "declare an incident", ui_cmd_declare, 0 },
	{ "open", NULL, "open INC", "open an incident", ui_cmd_open, 0 },
	{ "list", NULL, "list", "the incident list (also L, 6)", ui_cmd_list, 0 },
	{ "search", NULL, "search QUERY", "full-text search (also /)", ui_cmd_search, 1 },
	{ "filter", NULL, "filter [type=T author=U tag=G ref=K:V]", "filter the timeline", ui_cmd_filter, 1 },
	{ "zone", NULL, "zone [ZONE]", "second time zone column", ui_cmd_zone, 0 },
	{ "view", NULL, "view NAME", "timeline updates roles hypotheses analysis list help", ui_cmd_view, 0 },
	{ "help", NULL, "help", "keys and commands (also ?, F1)", ui_cmd_help, 0 },
	{ "quit", "q", "quit", "detach (also q); the incident goes on", ui_cmd_quit, 0 },
};
#define UI_NCMDS (sizeof ui_cmd_table / sizeof ui_cmd_table[0])

/* Usage and summary of command i; NULL past the end. */
const char *ui_cmd_usage(size_t i, const char **summary)
{
	if (i >= UI_NCMDS)
		return NULL;
	*summary = ui_cmd_table[i].summary;
	return ui_cmd_table[i].usage;
}

/* Find a command by name, alias or unique prefix. */
static const struct ui_cmd_entry *ui_cmd_find(const char *name)
{
	const struct ui_cmd_entry *found = NULL;
	size_t i, n = strlen(name), hits = 0;

	for (i = 0; i < UI_NCMDS; i++) {
		if (strcmp(ui_cmd_table[i].name, name) == 0 ||
		    (ui_cmd_table[i].alias != NULL &&
		    strcmp(ui_cmd_table[i].alias, name) == 0))
			return &ui_cmd_table[i];
		if (strncmp(ui_cmd_table[i].name, name, n) == 0) {
			found = &ui_cmd_table[i];
			hits++;
		}
	}
	return hits == 1 ? found : NULL;
}

/* Run a command line (without the ':'). */
void ui_cmd_run(struct ui *ui, const char *line)
{
	char *copy = xstrdup(line), *args = copy, *name, *typed;
	const struct ui_cmd_entry *e;

	name = ui_cmd_word(&args);
	if (name == NULL)
		goto out;
	if ((e = ui_cmd_find(name)) == NULL) {
		ui_message(ui, 1, "no command \"%s\": press ? for the list, Tab "
		    "completes", name);
		goto out;
	}
	if (e->needs_incident && ui->incident == NULL) {
		ui_message(ui, 1, ":%s needs an open incident", e->name);
		goto out;
	}
	text_trim(args);
	typed = xasprintf(":%s", line);
	ui->typed = typed;
	e->exec(ui, args);
	ui->typed = NULL;
	free(typed);
out:
	free(copy);
}

/* A list of completion candidates. */
struct ui_cmd_cands {
	const char *v[64];
	size_t n;
};

/* Add a candidate (duplicates and overflow ignored). */
static void ui_cmd_cand(struct ui_cmd_cands *c, const char *s)
{
	size_t i;

	if (s == NULL || c->n == 64)
		return;
	for (i = 0; i < c->n; i++)
		if (strcmp(c->v[i], s) == 0)
			return;
	c->v[c->n++] = s;
}

/* People known: attached now, then everyone in the incident. */
static void ui_cmd_people(struct ui *ui, struct ui_cmd_cands *c)
{
	struct model_incident *inc = ui_incident(ui);
	json_t *users = json_object_get(ui->presence, "users");
	size_t i;

	for (i = 0; i < json_array_size(users); i++)
		ui_cmd_cand(c, json_string_value(json_object_get(
		    json_array_get(users, i), "user")));
	for (i = 0; inc != NULL && i < inc->npeople; i++)
		ui_cmd_cand(c, inc->people[i]);
}

/* Candidates for argument argn (1..) of command name. */
static void ui_cmd_arg_cands(struct ui *ui, const char *name, int argn,
    struct ui_cmd_cands *c)
{
	static const char *const views[] = { "timeline", "updates", "roles",
	    "hypotheses", "analysis", "list", "help" };
	const struct ui_cmd_entry *e = ui_cmd_find(name);
	int i;

	if (e == NULL)
		return;
	name = e->name;
	if (strcmp(name, "status") == 0 && argn == 1)
		for (i = 0; i < ST_COUNT; i++)
			ui_cmd_cand(c, model_status_name(i));
	else if ((!strcmp(name, "role") || !strcmp(name, "release")) && argn == 1)
		for (i = 1; i < ROLE_COUNT; i++)
			ui_cmd_cand(c, model_role_name(i));
	else if (((!strcmp(name, "role") || !strcmp(name, "release")) &&
	    argn == 2) || (!strcmp(name, "handoff") && argn == 1))
		ui_cmd_people(ui, c);
	else if (strcmp(name, "hyp") == 0 && argn == 2)
		for (i = 0; i < HYP_COUNT; i++)
			ui_cmd_cand(c, model_hyp_state_name(i));
	else if (strcmp(name, "mark") == 0 && argn == 1) {
		for (i = 0; i < MARK_COUNT; i++)
			if (i != MARK_DECLARED)
				ui_cmd_cand(c, model_mark_name(i));
	} else if (strcmp(name, "type") == 0 && argn == 1)
		for (i = 0; i < ENT_COUNT; i++)
			ui_cmd_cand(c, model_entry_type_name(i));
	else if (strcmp(name, "view") == 0 && argn == 1)
		for (i = 0; i < UI_VIEW_COUNT; i++)
			ui_cmd_cand(c, views[i]);
	else if (strcmp(name, "open") == 0 && argn == 1)
		for (i = 0; i < (int)json_array_size(ui->list); i++)
			ui_cmd_cand(c, json_string_value(json_object_get(
			    json_array_get(ui->list, i), "ref")));
}

/* Keep the candidates that start with word; returns their common prefix
 * length (0 with none). */
static size_t ui_cmd_filter_cands(struct ui_cmd_cands *c, const char *word)
{
	size_t i, k = 0, n = strlen(word), common = 0;

	for (i = 0; i < c->n; i++)
		if (strncmp(c->v[i], word, n) == 0)
			c->v[k++] = c->v[i];
	c->n = k;
	if (k == 0)
		return 0;
	common = strlen(c->v[0]);
	for (i = 1; i < k; i++) {
		size_t j = 0;
		while (j < common && c->v[i][j] == c->v[0][j])
			j++;
		common = j;
	}
	return common;
}

/* Tab at a ':' line: complete the command or its argument. */
void ui_cmd_complete(struct ui *ui)
{
	char *text = ui_input_text(&ui->in), *word, *first, *out, list[512];
	struct ui_cmd_cands c = { .n = 0 };
	size_t i, common;
	int argn = 0;

	word = strrchr(text, ' ');
	word = word != NULL ? word + 1 : text;
	for (i = 0; text[i] != '\0' && &text[i] < word; i++)
		argn += text[i] == ' ' && (i == 0 || text[i - 1] != ' ');
	first = xstrndup(text, strcspn(text, " "));
	if (argn == 0)
		for (i = 0; i < UI_NCMDS; i++)
			ui_cmd_cand(&c, ui_cmd_table[i].name);
	else
		ui_cmd_arg_cands(ui, first, argn, &c);
	common = ui_cmd_filter_cands(&c, word);
	if (c.n > 0) {
		out = xasprintf("%.*s%.*s%s", (int)(word - text), text,
		    (int)common, c.v[0], c.n == 1 ? " " : "");
		ui_input_set(&ui->in, out);
		free(out);
	}
	if (c.n > 1) {
		list[0] = '\0';
		for (i = 0; i < c.n; i++)
			snprintf(list + strlen(list), sizeof list - strlen(list),
			    "%s ", c.v[i]);
		ui_message(ui, 0, "%s", list);
	} else if (c.n == 0)
		ui_message(ui, 0, "no completion");
	free(first);
	free(text);
}
