/* server-presence.c: who is attached, told to everyone attached.
 *
 * One entry per user: since when they are connected (their earliest
 * connection), how long they have been idle (their least idle one),
 * responder or observer, whether one of their connections is a terminal
 * (it said "attach"), and the incident their terminal shows. A subscriber
 * gets the list on every change; `who` asks for it. The incident is left
 * out for whoever does not see it (a restricted incident), so presence
 * never tells of one; the list is then encoded for each such reader.
 */
#include <stdlib.h>
#include <string.h>

#include "server-int.h"
#include "xmalloc.h"

/* The entry of user in users, or NULL. */
static json_t *server_presence_find(json_t *users, const char *user)
{
	json_t *u;
	size_t i;

	json_array_foreach(users, i, u) {
		if (strcmp(json_string_value(json_object_get(u, "user")),
		    user) == 0)
			return u;
	}
	return NULL;
}

/* The incident connection c shows, when the reader sees it: its
 * subscription to one incident (a terminal's wins). NULL: none to tell.
 * *hidden set when one was left out for the reader. */
static const char *server_presence_incident(struct server_client *c,
    struct server_client *reader, int *hidden)
{
	const struct model_incident *inc;

	if (c->sub == NULL || strcmp(c->sub, "*") == 0)
		return NULL;
	inc = model_find(&c->srv->model, c->sub);
	if (inc == NULL)
		return NULL;
	if (reader != NULL ? server_acl_visible(reader, inc) :
	    inc->restricted == NULL)
		return inc->ref;
	*hidden = 1;
	return NULL;
}

/* Add connection c to users as reader (NULL: anyone) may see it. */
static void server_presence_add(json_t *users, struct server_client *c,
    struct server_client *reader, uint64_t now, int *hidden)
{
	json_t *u = server_presence_find(users, c->user);
	json_int_t idle = (json_int_t)(now - c->active);
	const char *inc = server_presence_incident(c, reader, hidden);

	if (u == NULL) {
		u = json_pack("{s:s, s:s, s:I, s:I, s:b}", "user", c->user,
		    "access", server_acl_access_name(c), "since",
		    (json_int_t)c->since, "idle_ms", idle, "terminal",
		    c->terminal);
		json_array_append_new(users, u);
	} else {
		if (idle < json_integer_value(json_object_get(u, "idle_ms")))
			json_object_set_new(u, "idle_ms", json_integer(idle));
		if (c->since < json_integer_value(json_object_get(u, "since")))
			json_object_set_new(u, "since", json_integer(c->since));
		if (c->terminal)
			json_object_set_new(u, "terminal", json_true());
	}
	if (inc != NULL && (c->terminal ||
	    json_object_get(u, "incident") == NULL))
		json_object_set_new(u, "incident", json_string(inc));
}

/* presence {users}: as reader sees it (NULL: as anyone sees it, *hidden
 * set when that left an incident out). */
static json_t *server_presence_msg(struct server *srv,
    struct server_client *reader, int *hidden)
{
	struct server_client *c;
	uint64_t now = uv_now(&srv->loop);
	json_t *users = json_array(), *msg;

	TAILQ_FOREACH(c, &srv->clients, entry) {
		if (c->welcomed && !c->closing)
			server_presence_add(users, c, reader, now, hidden);
	}
	msg = proto_msg("presence");
	json_object_set_new(msg, "users", users);
	return msg;
}

/* Tell every subscriber who is connected, where and how long idle. */
void server_presence(struct server *srv)
{
	struct server_client *c, *next;
	struct server_buf *b;
	int hidden = 0, unused = 0;

	b = server_buf_new(server_presence_msg(srv, NULL, &hidden));
	for (c = TAILQ_FIRST(&srv->clients); c != NULL; c = next) {
		next = TAILQ_NEXT(c, entry);
		if (c->sub == NULL || c->closing)
			continue;
		if (hidden)
			server_client_send(c, server_presence_msg(srv, c,
			    &unused));
		else
			server_client_write(c, b);
	}
	server_buf_unref(b);
}

/* who {id} → presence {id, users}: as the asker sees it. */
void server_presence_who(struct server_client *c, json_t *req)
{
	json_t *msg, *id = json_object_get(req, "id");
	int unused = 0;

	msg = server_presence_msg(c->srv, c, &unused);
	if (id != NULL)
		json_object_set(msg, "id", id);
	server_client_send(c, msg);
}

/* attach {}: the connection is a terminal; everyone learns it joined. */
void server_presence_attach(struct server_client *c, json_t *req)
{
	c->terminal = 1;
	server_presence(c->srv);
}
