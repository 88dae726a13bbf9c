/* client.h: the one client library, used by every verb and the terminal.
 *
 * It runs on a libuv loop owned by the caller: connect (starting the server
 * when none answers), check that the socket's directory and the server's
 * user are to be trusted, hello, subscribe, submit. Submissions stay pending
 * until acked or nacked; after a reconnect they are re-sent with the same
 * uid, so each is stored exactly once. Subscriptions resume from the last
 * seq seen. A lost server is retried with backoff and jitter, and so is one
 * stopped on purpose (kill-server), except that after that a client starts
 * a new one only once it has a submission to send. A client closed for
 * good (refused, or without reconnect) answers each pending submission
 * with a nack of code PROTO_E_CLOSED: every submission gets one answer.
 */
#ifndef SITREP_CLIENT_H
#define SITREP_CLIENT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "event.h"

enum client_state {
	CLIENT_CONNECTING = 0,
	CLIENT_CONNECTED,      /* welcome received */
	CLIENT_RECONNECTING,   /* lost the server; retrying */
	CLIENT_CLOSED
};

struct client;

/* Callbacks; any may be NULL. Events and messages are borrowed. */
struct client_cb {
	void (*on_state)(struct client *c, enum client_state state,
	    const char *why, void *arg);
	/* Asked first on every welcome, before anything is sent: a refusal
	 * of this server (new string; the client then sends nothing, closes
	 * for good and refuses what is pending), or NULL to go on. */
	char *(*on_server)(struct client *c, const json_t *welcome, void *arg);
	void (*on_welcome)(struct client *c, const json_t *welcome, void *arg);
	void (*on_event)(struct client *c, const struct event *ev, void *arg);
	void (*on_synced)(struct client *c, const char *incident, int64_t seq,
	    void *arg);
	void (*on_ack)(struct client *c, const char *uid, int64_t seq,
	    const char *incident, const json_t *warnings, void *arg);
	/* field: the body field the refusal concerns, or NULL. */
	void (*on_nack)(struct client *c, const char *uid, const char *code,
	    const char *field, const char *message, void *arg);
	/* Replies to client_request (list, page, pong) and presence, error;
	 * also the tail page of a snapshot subscription (page, "tail": true). */
	void (*on_message)(struct client *c, const json_t *msg, void *arg);
	/* The state of the incident of a snapshot subscription (NULL when
	 * there is no such incident) as of seq; events after seq follow. */
	void (*on_snapshot)(struct client *c, const char *incident, int64_t seq,
	    const json_t *state, void *arg);
};

struct client_opts {
	const char *socket;    /* socket path */
	int named;             /* the user named it (-S, $SITREP_SOCKET): it
				* may be a team server's (paths_trust_dir) */
	const char *db;        /* store the autostarted server opens */
	int autostart;         /* start `sitrep serve` when none answers */
	int reconnect;         /* keep retrying after the server goes away */
	const char *exe;       /* program to start; NULL: /proc/self/exe */
};

/* Create and connect (synchronously; autostarting if asked). Returns NULL
 * and *cause when the server cannot be reached or started. */
struct client *client_connect(uv_loop_t *loop, const struct client_opts *opts,
    const struct client_cb *cb, void *arg, char **cause);
/* Subscribe to an incident ("*": all) from seq since (0: whole history);
 * replaces the current subscription (a new subscription id). */
void client_subscribe(struct client *c, const char *incident, int64_t since);
/* Subscribe to one incident from its current state: on_snapshot, then its
 * last tail events as a page (on_message), on_synced, then live events.
 * After a reconnect the subscription resumes from the last seq seen (a new
 * snapshot only when the first one had not fully arrived). */
void client_subscribe_snapshot(struct client *c, const char *incident,
    int tail);
/* Submit ev (the client keeps it until acked/nacked; uid assigned when
 * empty). Returns the uid (owned by the client while pending). Never
 * answered from inside this call. */
const char *client_submit(struct client *c, struct event *ev);
/* Send any other request (list, search, ping); steals msg. */
void client_request(struct client *c, json_t *msg);
/* A reader of frames from their bytes, before they are parsed: 1 when it
 * took the frame (it is then not parsed or passed on), 0 to leave it to
 * the callbacks. For bulk pages whose content is written as it came. */
typedef int (*client_raw_cb)(struct client *c, const char *frame, size_t n,
    void *arg);
/* Offer every frame to raw first (NULL: no longer). */
void client_raw(struct client *c, client_raw_cb raw, void *arg);
/* Submissions sent but not yet acked or nacked. */
size_t client_pending(const struct client *c);
enum client_state client_state(const struct client *c);
/* The id of the current subscription, sent on subscribe and echoed by the
 * server on its snapshot, tail page and synced (0: none yet). Messages of
 * an earlier subscription are not passed on. */
int64_t client_subscription(const struct client *c);
/* The user the server knows us as ("" before the welcome). */
const char *client_user(const struct client *c);
/* Close; the handles finish closing on the loop (run it once more). */
void client_close(struct client *c);

#endif
