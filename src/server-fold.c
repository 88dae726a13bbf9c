/* server-fold.c: the server's fold of the store, started from checkpoints.
 *
 * Folding the whole history at every start makes the start grow with the
 * store (about 2 s for a million events). So the server keeps checkpoints
 * of its fold in the store (schema/003-fold.sql): each incident's state
 * (model_state_json) and its entry index (model-index.c) in chunks of
 * SERVER_FOLD_CHUNK entries, all as of one event, the head. They are
 * written inside a group commit's transaction once SERVER_FOLD_EVERY events
 * have been folded since the last one (and when the server stops), so they
 * can never disagree with the events, and a start folds at most that many
 * events again, whatever the length of the history.
 *
 * At start the head is checked against the chain: the event it names must
 * carry its hash, and the fold version must be this program's. Otherwise
 * (and for a store without checkpoints, such as one written by an older
 * sitrep, or after events were added by other means) every event is folded
 * once and the checkpoints are written anew.
 *
 * The entry index is what grows with an incident's history; it holds the
 * targets of amendments, strikes and annotations (their author and kind,
 * whether struck) and the flags of every page. A state read from a
 * checkpoint has only the sparse index a snapshot has, so its whole index
 * is read from its chunks the first time an entry of it may be needed: an
 * event of the incident is checked or folded, one of its entries is
 * targeted, a page of its history is sent. Until then nothing changes the
 * incident, so its stored index is exactly the one it lacks. A start thus
 * reads one state per incident, the indexes of the incidents the events
 * after the head touch, and folds those events; old entries stay exact.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "server-int.h"
#include "xmalloc.h"

/* The bookkeeping of the incident at position i of the model. */
static struct server_fold_inc *server_fold_at(struct server *srv, size_t i)
{
	struct server_fold *f = &srv->fold;

	if (i >= f->nincs) {
		f->incs = xreallocarray(f->incs, i + 1, sizeof *f->incs);
		memset(f->incs + f->nincs, 0, (i + 1 - f->nincs) *
		    sizeof *f->incs);
		f->nincs = i + 1;
	}
	return &f->incs[i];
}

/* The position of inc in the model (it is there). */
static size_t server_fold_pos(const struct server *srv,
    const struct model_incident *inc)
{
	const struct model *m = &srv->model;
	size_t i;

	if (inc->number > 0 && (size_t)inc->number <= m->nincidents &&
	    m->incidents[inc->number - 1] == inc)
		return (size_t)inc->number - 1;
	for (i = 0; i < m->nincidents && m->incidents[i] != inc; i++)
		;
	return i;
}

/* The bookkeeping of inc. */
static struct server_fold_inc *server_fold_of(struct server *srv,
    const struct model_incident *inc)
{
	return server_fold_at(srv, server_fold_pos(srv, inc));
}

/* Forget the model and the bookkeeping. */
static void server_fold_reset(struct server *srv)
{
	size_t i;

	for (i = 0; i < srv->fold.nincs; i++)
		free(srv->fold.incs[i].dirty);
	free(srv->fold.incs);
	memset(&srv->fold, 0, sizeof srv->fold);
	model_free(&srv->model);
	model_init(&srv->model);
}

/* Note a stored chunk that changed since the checkpoint. */
static void server_fold_dirty(struct server_fold_inc *fi, size_t chunk)
{
	size_t i;

	for (i = 0; i < fi->ndirty; i++)
		if (fi->dirty[i] == chunk)
			return;
	fi->dirty = xreallocarray(fi->dirty, fi->ndirty + 1,
	    sizeof *fi->dirty);
	fi->dirty[fi->ndirty++] = chunk;
}

/* Fold one event (its incident's index already whole) and note what the
 * next checkpoint must write. */
void server_fold_apply(struct server *srv, const struct event *ev)
{
	struct model_incident *inc;
	const struct model_entry *e;
	struct server_fold_inc *fi;

	model_apply(&srv->model, ev);
	srv->fold.pending++;
	if ((inc = model_find(&srv->model, ev->incident)) == NULL)
		return;
	fi = server_fold_of(srv, inc);
	fi->pending++;
	if (ev->target > 0 && (e = model_entry_find(inc, ev->target)) != NULL &&
	    (size_t)(e - inc->entries) < fi->saved)
		server_fold_dirty(fi, (size_t)(e - inc->entries) /
		    SERVER_FOLD_CHUNK);
}

/* Fold every event of one incident up to the model's last seq. */
static int server_fold_one_cb(const struct event *ev, void *arg)
{
	void **a = arg;
	struct model *scratch = a[0];
	const int64_t *upto = a[1];

	if (ev->seq > *upto)
		return 1;
	model_apply(scratch, ev);
	return 0;
}

/* The index of inc cannot be read: fold the incident again from its
 * events and put the result in its place. Returns the new incident. */
static struct model_incident *server_fold_again(struct server *srv,
    struct model_incident *inc, const char *why)
{
	struct server_fold_inc *fi = server_fold_of(srv, inc);
	struct model scratch;
	void *arg[2] = { &scratch, &srv->model.last_seq };
	char *cause = NULL;

	server_log(srv, "%s: %s; folding its events again", inc->ref, why);
	model_init(&scratch);
	if (store_scan(srv->st, inc->ref, 0, 0, server_fold_one_cb, arg,
	    &cause) < 0 || model_find(&scratch, inc->ref) == NULL) {
		server_log(srv, "%s cannot be folded again: %s", inc->ref,
		    cause != NULL ? cause : "its declaration is missing");
		free(cause);
		model_free(&scratch);
		return inc;
	}
	inc = model_find(&scratch, inc->ref);
	scratch.nincidents = 0;
	model_free(&scratch);
	model_add_incident(&srv->model, inc);
	fi->saved = 0;
	fi->pending++;
	srv->fold.pending++;
	return inc;
}

/* The incident ref with its whole entry index (read from its checkpoint
 * the first time), or NULL when there is no such incident. */
struct model_incident *server_fold_need(struct server *srv, const char *ref)
{
	struct model_incident *inc = model_find(&srv->model, ref);
	struct server_fold_inc *fi;
	unsigned char *data = NULL;
	char *cause = NULL;
	size_t len = 0;

	if (inc == NULL || !(fi = server_fold_of(srv, inc))->partial)
		return inc;
	fi->partial = 0;
	srv->fold.partial--;
	if (store_fold_index(srv->st, inc->ref, &data, &len, &cause) != 0 ||
	    model_index_decode(inc, data, len, &cause) != 0)
		inc = server_fold_again(srv, inc, cause);
	free(cause);
	free(data);
	return inc;
}

/* Find the incident of the event at seq. */
static int server_fold_owner_cb(const struct event *ev, void *arg)
{
	*(char **)arg = xstrdup(ev->incident != NULL ? ev->incident : "");
	return 1;
}

/* Before ev is checked: the index of the incident its target is in, so a
 * target in another incident is named as such. */
void server_fold_target(struct server *srv, const struct event *ev)
{
	char *owner = NULL, *cause = NULL;

	if (ev->target <= 0 || srv->fold.partial == 0)
		return;
	if (store_scan(srv->st, NULL, ev->target - 1, 1, server_fold_owner_cb,
	    &owner, &cause) < 0) {
		server_log(srv, "cannot look up entry %" PRId64 ": %s",
		    ev->target, cause);
		free(cause);
		return;
	}
	if (owner != NULL)
		server_fold_need(srv, owner);
	free(owner);
}

/* Write one chunk of inc's index. */
static int server_fold_chunk(struct server *srv,
    const struct model_incident *inc, size_t chunk, char **cause)
{
	size_t from = chunk * SERVER_FOLD_CHUNK, n = inc->nentries - from;
	unsigned char *buf;
	int r;

	if (from >= inc->nentries)
		return 0;
	if (n > SERVER_FOLD_CHUNK)
		n = SERVER_FOLD_CHUNK;
	buf = xmalloc(n * MODEL_INDEX_ENTRY);
	model_index_encode(inc, from, n, buf);
	r = store_fold_put_chunk(srv->st, inc->ref, chunk, buf,
	    n * MODEL_INDEX_ENTRY, cause);
	free(buf);
	return r;
}

/* Write inc's state and the chunks of its index that changed. */
static int server_fold_write(struct server *srv, struct model_incident *inc,
    struct server_fold_inc *fi, char **cause)
{
	json_t *state = model_state_json(inc);
	char *text = json_dumps(state, JSON_COMPACT);
	size_t i, c;
	int r;

	json_decref(state);
	r = store_fold_put_state(srv->st, inc->ref, inc->number, text, cause);
	free(text);
	for (i = 0; r == 0 && i < fi->ndirty; i++)
		r = server_fold_chunk(srv, inc, fi->dirty[i], cause);
	for (c = fi->saved / SERVER_FOLD_CHUNK; r == 0 &&
	    c * SERVER_FOLD_CHUNK < inc->nentries; c++)
		r = server_fold_chunk(srv, inc, c, cause);
	return r;
}

/* Events between checkpoints. */
static size_t server_fold_every(const struct server *srv)
{
	return srv->opts->fold_every > 0 ? (size_t)srv->opts->fold_every :
	    SERVER_FOLD_EVERY;
}

/* Inside the open transaction, after its events: write a checkpoint when
 * SERVER_FOLD_EVERY events were folded since the last one (or now). */
int server_fold_save(struct server *srv, int now, char **cause)
{
	struct server_fold *f = &srv->fold;
	struct server_fold_inc *fi;
	size_t i;

	if (f->pending == 0 || (!now && f->pending < server_fold_every(srv)))
		return 0;
	if (f->rewrite && store_fold_clear(srv->st, cause) != 0)
		return -1;
	for (i = 0; i < srv->model.nincidents; i++) {
		fi = server_fold_at(srv, i);
		if ((fi->pending == 0 && fi->ndirty == 0 && !f->rewrite) ||
		    fi->partial)
			continue;
		if (server_fold_write(srv, srv->model.incidents[i], fi,
		    cause) != 0)
			return -1;
		fi->saved = srv->model.incidents[i]->nentries;
		fi->pending = fi->ndirty = 0;
	}
	if (store_fold_set_head(srv->st, MODEL_FOLD_VERSION, cause) != 0)
		return -1;
	server_log(srv, "checkpoint of the fold at #%" PRId64 " (%zu events "
	    "since the last)", store_last_seq(srv->st), f->pending);
	f->pending = 0;
	f->rewrite = 0;
	return 0;
}

/* Write a checkpoint now in a transaction of its own (errors logged). */
static void server_fold_save_now(struct server *srv)
{
	char *cause = NULL;

	if (srv->store_ro != NULL || srv->fold.pending == 0)
		return;
	if (store_begin(srv->st, &cause) == 0 &&
	    server_fold_save(srv, 1, &cause) == 0 &&
	    store_commit(srv->st, &cause) == 0)
		return;
	server_log(srv, "cannot write a checkpoint of the fold: %s", cause);
	free(cause);
	store_rollback(srv->st);
}

/* Fold one stored event (reading its incident's index first). */
static int server_fold_replay_cb(const struct event *ev, void *arg)
{
	struct server *srv = arg;

	if (ev->kind != EV_DECLARE)
		server_fold_need(srv, ev->incident);
	server_fold_apply(srv, ev);
	return 0;
}

/* Fold every event of the store from scratch, then write the checkpoints
 * anew (a store without usable ones). */
static int server_fold_all(struct server *srv, const char *why,
    char **cause)
{
	size_t i;

	server_log(srv, "folding all %" PRId64 " events: %s",
	    store_last_seq(srv->st), why);
	server_fold_reset(srv);
	if (store_scan(srv->st, NULL, 0, 0, server_fold_replay_cb, srv,
	    cause) < 0)
		return -1;
	for (i = 0; i < srv->model.nincidents; i++)
		server_fold_at(srv, i)->pending++;
	srv->fold.rewrite = 1;
	srv->fold.pending++;
	server_fold_save_now(srv);
	return 0;
}

/* Take one stored state into the model, its index still to be read. */
static int server_fold_state_cb(const char *incident, const char *state,
    void *arg)
{
	struct server *srv = ((void **)arg)[0];
	char **why = ((void **)arg)[1];
	struct model_incident *inc;
	json_error_t err;
	json_t *js = json_loads(state, 0, &err);

	if (js == NULL) {
		*why = xasprintf("the state of %s is not JSON (%s)", incident,
		    err.text);
		return 1;
	}
	if (!json_is_string(json_object_get(js, "ref")) ||
	    strcmp(json_string_value(json_object_get(js, "ref")),
	    incident) != 0 || model_find(&srv->model, incident) != NULL) {
		*why = xasprintf("the state stored for %s is another's",
		    incident);
		json_decref(js);
		return 1;
	}
	inc = model_state_from_json(js, why);
	json_decref(js);
	if (inc == NULL)
		return 1;
	model_add_incident(&srv->model, inc);
	server_fold_of(srv, inc)->partial = 1;
	server_fold_of(srv, inc)->saved = inc->nentries +
	    inc->nentries_elsewhere;
	srv->fold.partial++;
	return 0;
}

/* Why the stored head cannot be started from, or NULL when it can. New
 * string; *cause set (and NULL returned) when the store fails. */
static char *server_fold_stale(struct server *srv,
    const struct store_fold_head *h, int found, char **cause)
{
	unsigned char hash[32];
	int r;

	if (!found)
		return xstrdup("the store has no checkpoint of the fold");
	if (h->version != MODEL_FOLD_VERSION)
		return xasprintf("its checkpoint is of fold version %d, this "
		    "sitrep folds with version %d", h->version,
		    MODEL_FOLD_VERSION);
	if (h->seq > store_last_seq(srv->st))
		return xasprintf("its checkpoint is at #%" PRId64 ", past the "
		    "last event #%" PRId64, h->seq, store_last_seq(srv->st));
	if (h->seq == 0)
		return NULL;
	if ((r = store_fold_hash_at(srv->st, h->seq, hash, cause)) < 0)
		return NULL;
	if (r == 0 || memcmp(hash, h->hash, sizeof hash) != 0)
		return xasprintf("its checkpoint does not match event #%"
		    PRId64 " of the chain", h->seq);
	return NULL;
}

/* Start from the checkpoints: the states, then the events after them. */
static int server_fold_resume(struct server *srv,
    const struct store_fold_head *h, char **why, char **cause)
{
	void *arg[2] = { srv, why };
	int64_t after;

	if (store_fold_states(srv->st, server_fold_state_cb, arg, cause) < 0)
		return -1;
	if (*why != NULL)
		return 0;
	srv->model.last_seq = h->seq;
	after = store_last_seq(srv->st) - h->seq;
	if (store_scan(srv->st, NULL, h->seq, 0, server_fold_replay_cb, srv,
	    cause) < 0)
		return -1;
	server_log(srv, "fold: %zu incidents from the checkpoint at #%" PRId64
	    ", %" PRId64 " events after it", srv->model.nincidents, h->seq,
	    after);
	return 0;
}

/* At start: the fold of the store, from its checkpoints when they can be
 * trusted, else from every event. -1 and *cause when the store fails. */
int server_fold_start(struct server *srv, char **cause)
{
	struct store_fold_head h;
	char *why = NULL;
	int found, r;

	if ((found = store_fold_head(srv->st, &h, cause)) < 0)
		return -1;
	if (!found && store_last_seq(srv->st) == 0)
		return 0;
	why = server_fold_stale(srv, &h, found, cause);
	if (why == NULL && *cause != NULL)
		return -1;
	if (why == NULL && server_fold_resume(srv, &h, &why, cause) != 0)
		return -1;
	if (why == NULL)
		return 0;
	r = server_fold_all(srv, why, cause);
	free(why);
	return r;
}

/* After a failed commit: fold the store again, so memory matches it. */
void server_fold_reload(struct server *srv)
{
	char *cause = NULL;

	server_fold_reset(srv);
	if (server_fold_start(srv, &cause) != 0) {
		server_log(srv, "cannot reload the store: %s", cause);
		free(cause);
	}
}

/* The server stops: write what was folded since the last checkpoint. */
void server_fold_stop(struct server *srv)
{
	server_fold_save_now(srv);
}

/* Release the fold. */
void server_fold_free(struct server *srv)
{
	server_fold_reset(srv);
	model_free(&srv->model);
}
