/* server-int.h: the server's private structures, shared by server.c,
 * server-client.c and server-acl.c (nothing outside the server includes it).
 *
 * One struct server owns everything: the loop, the listening socket, the
 * store, the folded model, the clients and the batch of submissions waiting
 * for the group commit. Clients are reference-counted: the pipe handle, the
 * close timer, every queued write and every batched submission hold a
 * reference, and the client is freed when the last one goes. Callbacks check
 * the dead and closing flags first.
 */
#ifndef SITREP_SERVER_INT_H
#define SITREP_SERVER_INT_H

#include <sys/queue.h>
#include <sys/types.h>

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <uv.h>

#include "event.h"
#include "model.h"
#include "proto.h"
#include "server.h"
#include "sitrep.h"
#include "store.h"

#define SERVER_READ_SIZE (64 * 1024)   /* the one read buffer */
#define SERVER_PAGE 256                /* events per history page */
#define SERVER_HIGH_WATER (256 * 1024) /* history pauses above this queue */
#define SERVER_FLUSH_MS 2000           /* a closing client's last words */
#define SERVER_SLOW_RESERVE (64 * 1024) /* queue room kept for "too slow" */
#define SERVER_SLOW_GRACE_MS 60000     /* a slow client's time to read its
                                        * queue and "too slow" */
#define SERVER_DECODER_KEEP 16384      /* decoder bytes kept while idle */
#define SERVER_SEARCH_LIMIT 50         /* default search page */
#define SERVER_SEARCH_MAX 500          /* largest search page */
#define SERVER_SEARCH_SPARE 4          /* hits asked for per hit wanted,
                                        * for those left out as unseen */
#define SERVER_TAIL 200                /* events of a snapshot's tail page */
#define SERVER_HISTORY_MAX 1000        /* largest tail or history page */
#define SERVER_PAGE_BYTES (512 * 1024) /* a tail or history page's JSON,
                                        * well below SR_MAX_FRAME; a
                                        * replay page stops there too */

#define SERVER_FOLD_EVERY 2048         /* events folded between checkpoints */
#define SERVER_FOLD_CHUNK 1024         /* entries per stored index chunk */

/* What the server knows of one incident's checkpoint (server-fold.c). */
struct server_fold_inc {
	size_t saved;            /* entries in its stored index */
	size_t pending;          /* events folded since its checkpoint */
	size_t *dirty;           /* stored chunks changed since (an older
	                          * entry amended or struck) */
	size_t ndirty;
	int partial;             /* its index is still the sparse one of its
	                          * stored state (nothing folded since) */
};

/* The checkpoints of the fold. */
struct server_fold {
	struct server_fold_inc *incs; /* by position in model.incidents */
	size_t nincs;
	size_t pending;          /* events folded since the last checkpoint */
	size_t partial;          /* incidents whose index is not read yet */
	int rewrite;             /* the next checkpoint replaces them all */
};
struct server_import;

/* One encoded frame (or page of frames) shared by every write of it. */
struct server_buf {
	unsigned refs;
	size_t len;
	unsigned char *data;
};

/* One write in flight to one client. */
struct server_write {
	uv_write_t req;
	struct server_buf *buf;
	struct server_client *c;
};

/* What became of a submission. */
enum server_result {
	SERVER_PENDING = 0,  /* waiting for the group commit */
	SERVER_STORED,       /* appended in this batch */
	SERVER_DUPLICATE,    /* its uid was already stored */
	SERVER_REFUSED       /* nack: code and message */
};

/* One submission of the current batch. */
struct server_sub {
	struct server_client *c;  /* holds a reference */
	struct event *ev;         /* NULL when refused at intake */
	char uid[SR_UID_LEN + 1];
	enum server_result result;
	const char *code;
	const char *field;       /* body field a refusal concerns, or NULL */
	char *message;
	int64_t seq;
	char *incident;
	json_t *warnings;
	int64_t retry_ms;        /* refused by the rate limit: when to retry */
};

/* What a connection may do (server-acl.c). */
enum server_access {
	SERVER_ACCESS_NONE = 0,  /* not admitted (yet) */
	SERVER_ACCESS_RO,        /* an observer: reads only */
	SERVER_ACCESS_RW         /* a responder */
};

/* Whether the peer is in a group, learnt once per connection. */
struct server_acl_seen {
	char *group;
	int member;
};

/* One connection. */
struct server_client {
	struct server *srv;
	uv_pipe_t pipe;
	uv_timer_t timer;        /* bounds the flush of a closing client */
	uv_shutdown_t shutdown;
	unsigned refs;
	unsigned timer_on : 1;
	unsigned closing : 1;    /* no more reads; last words queued */
	unsigned dead : 1;       /* uv_close called */
	unsigned welcomed : 1;
	unsigned replaying : 1;  /* history being sent; live events held back */
	unsigned slow : 1;       /* dropped as too slow; "too slow" queued */
	uid_t uid;
	gid_t gid;
	pid_t pid;
	char *user;
	struct proto_decoder dec;
	char *sub;               /* subscription: "INC-7", "*" or NULL */
	int64_t cursor;          /* last seq sent on the subscription */
	json_t *sub_id;          /* subscribe's id, echoed (NULL: none) */
	uint64_t active;         /* uv_now() of the last message */
	int64_t tokens;          /* submissions it may make now, in
	                          * thousandths (the rate limit's bucket) */
	uint64_t tokens_at;      /* uv_now() when the bucket was filled */
	struct server_import *imp; /* an import in progress, or NULL */
	TAILQ_ENTRY(server_client) entry;
	enum server_access access;
	struct server_acl_seen *seen; /* groups of restricted incidents */
	size_t nseen;
	int64_t since;           /* when_now() at the welcome */
	int terminal;            /* said "attach": a terminal, not a verb */
};
TAILQ_HEAD(server_clients, server_client);

struct server {
	const struct server_opts *opts;
	uv_loop_t loop;
	uv_pipe_t listener;
	uv_signal_t sigterm;
	uv_signal_t sigint;
	uv_check_t check;
	struct store *st;
	char *store_ro;          /* open read-only (disk full at start): why */
	struct model model;
	struct server_fold fold;
	char *dir;               /* the socket directory */
	uid_t uid;               /* the server's own user */
	char *user;
	int grouped;             /* --group given */
	gid_t gid;
	FILE *log;               /* -v */
	int detach_fd;           /* >= 0: tell the waiting parent we listen */
	int looping;             /* the loop was initialized */
	int bound;               /* the socket file is ours to unlink */
	ino_t ino;               /* its inode, to unlink only our own */
	int stopping;
	struct server_clients clients;
	size_t nclients;
	size_t max_clients;      /* the limits in force (opts or defaults) */
	int64_t max_rate;
	size_t max_queue;
	struct server_sub *batch;
	size_t nbatch;
	size_t batchcap;
	char readbuf[SERVER_READ_SIZE];
	/* The access list beyond the server's user, root and --group. */
	int observing;           /* --observers given */
	gid_t observers_gid;
	uid_t *allow;            /* --allow users */
	size_t nallow;
	uid_t *observer;         /* --observer users */
	size_t nobserver;
};

/* server.c */
void server_log(struct server *srv, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
struct server_buf *server_buf_new(json_t *msg);
void server_buf_unref(struct server_buf *b);
void server_queue(struct server *srv, struct server_sub *sub);
void server_stop(struct server *srv, const char *why);
void server_broadcast(struct server *srv, const struct event *ev);

/* server-client.c */
void server_client_accept(struct server *srv);
void server_client_write(struct server_client *c, struct server_buf *b);
void server_client_send(struct server_client *c, json_t *msg);
void server_client_error(struct server_client *c, const char *code,
    const char *message, int fatal);
void server_client_close(struct server_client *c, int flush);
void server_client_unref(struct server_client *c);
void server_client_live(struct server_client *c, const struct event *ev,
    const struct model_incident *inc, struct server_buf *b);
json_t *server_client_reply(const json_t *req, const char *type);
int server_client_seq_ok(const json_t *v);
void server_client_refuse(struct server_client *c, const json_t *req,
    const char *code, const char *message);

/* server-export.c, server-import.c: an incident's record out and in. */
void server_export_request(struct server_client *c, json_t *msg);
void server_import_request(struct server_client *c, json_t *msg);
void server_import_free(struct server_import *imp);

/* server-fold.c */
int server_fold_start(struct server *srv, char **cause);
void server_fold_reload(struct server *srv);
struct model_incident *server_fold_need(struct server *srv, const char *ref);
void server_fold_target(struct server *srv, const struct event *ev);
void server_fold_apply(struct server *srv, const struct event *ev);
int server_fold_save(struct server *srv, int now, char **cause);
void server_fold_stop(struct server *srv);
void server_fold_free(struct server *srv);

/* server-presence.c */
void server_presence(struct server *srv);
void server_presence_who(struct server_client *c, json_t *req);
void server_presence_attach(struct server_client *c, json_t *req);

/* server-verify.c */
void server_verify_request(struct server_client *c, json_t *msg);

/* server-acl.c */
int server_acl_init(struct server *srv, char **cause);
void server_acl_free(struct server *srv);
int server_acl_peer(struct server_client *c, char **cause);
int server_acl_check(struct server *srv, struct server_client *c,
    char **why);
int server_acl_owner(const struct server *srv, const struct server_client *c);
void server_acl_forget(struct server_client *c);
char *server_acl_observer_why(const struct server_client *c);
const char *server_acl_access_name(const struct server_client *c);
struct rules_people;
void server_acl_people(struct server_client *c, struct rules_people *p);
int server_acl_visible(struct server_client *c,
    const struct model_incident *inc);
int server_acl_visible_ref(struct server_client *c, const char *ref);

#endif
