/* proto.h: the wire protocol between clients and the server.
 *
 * A frame is a 4-byte big-endian length, then that many bytes of one UTF-8
 * JSON object with a "type" string. Bump PROTO_MAJOR on any incompatible
 * change: a peer of another major version is refused with a message.
 *
 * Messages (client → server):
 *   hello     {proto, client}
 *   subscribe {id?, incident ("INC-7" or "*"), since, snapshot?, tail?}
 *             since > 0 (a resume): every event after since, then live.
 *             snapshot true with since 0 (a fresh attach to one incident):
 *             snapshot, then page {tail: true} of its last tail events
 *             (default 200, at most 1000), then synced, then live; the
 *             older history is not replayed. A subscribe replaces the
 *             connection's subscription; id (the subscription id, chosen
 *             by the client, a new one per subscribe) is echoed on its
 *             snapshot, its tail page and its synced, so a client that
 *             switches A → B → A quickly can tell the answers of its
 *             latest subscription from those of an earlier one still on
 *             the wire (events carry no id: match them by incident).
 *   unsubscribe {}
 *   submit    {event: <event JSON without seq/actor/recorded_at/hash>}
 *   list      {id, all}            → list  {id, incidents: [...], more}:
 *             summaries, newest first, as many as fit in 512 KB
 *   search    {id, query, incident?, limit?} → page {id, events: [...]}
 *   history   {id, incident, before | after, limit?}
 *             with kinds: [names] (and before): the newest events of
 *             those kinds only (a terminal's updates and handoffs views)
 *                                  → page {id, incident, events, more}:
 *             the newest limit (default 256, at most 1000) events with
 *             seq < before (0: no bound, the newest events), or when after
 *             is present (it wins over before) the first limit events with
 *             seq > after (0: the incident's first events); oldest first;
 *             more: further ones may exist (older ones with before, newer
 *             ones with after)
 *   export    {id, incident, part, after, upto} → export {id, incident,
 *             part, last, more, …}: one page of an incident's record for
 *             sitrep export --format json, read after seq after up to seq
 *             upto. part "chain": previous [{seq, hash}], the hash of the
 *             store's event before each of the incident's events that
 *             does not follow its own event before it (and before its
 *             first); the first page (upto 0) also carries summary
 *             (model_incident_summary_json), db (the store's path: a
 *             client that can read the file reads the events from it) and
 *             upto, the incident's last seq then, which every later page
 *             is asked with. part
 *             "events": events [the events as event_to_json with the
 *             hash, put into the frame from the store's text unparsed,
 *             one a line: a reader may split the page at its newlines
 *             without parsing it, export-page.h; events is the frame's
 *             last key] and count. last: the seq read up to; more: ask
 *             again after last (a client may ask before it writes what
 *             it got)
 *   import    {id, incident, first, events: [...], previous: [{seq, hash}]}
 *                                  → imported {id, incident, stored,
 *             skipped, last}: one batch (first: true for the first) of an
 *             exported incident appended verbatim (the server's own user
 *             or root only; server-import.c); incident is its reference
 *             here, skipped counts events already stored (by uid)
 *   ping      {id}                 → pong  {id}
 *   verify    {id}                 → verified {id, ok, events, broken_at?}:
 *             the hash chain recomputed (sitrep verify), told as the
 *             client sees the store (restricted incidents it does not see
 *             are not counted)
 *   who       {id}                 → presence {id, users}: who is attached
 *   attach    {}                   this connection is a terminal (presence)
 *   shutdown  {}                   (kill-server; the server's own user or root)
 * Messages (server → client):
 *   welcome   {proto, server, user, access ("rw"|"ro"), last_seq, db}
 *   event     {event}              (history, then live, seq order)
 *   snapshot  {id?, incident, seq, state} the incident's folded state
 *             (model_state_json; null when there is no such incident) as
 *             of seq, the store's last seq; live events follow from there
 *   page      {id?, incident, events, more, tail?} (the tail of a
 *             snapshot, with the subscription's id, or the answer to
 *             history with the request's id): the events carry the
 *             server's flags of each entry ("struck", "amended", "late":
 *             true), so a client draws old entries without folding them
 *   synced    {id?, incident, seq} history sent; live from here (id: the
 *             subscription's)
 *   ack       {uid, seq, incident, warnings: [...]}
 *   nack      {uid, code, field?, message, retry_ms?}: field names the
 *             body field the refusal concerns ("impact", "reason", …; "at"
 *             for occurred_at, "target" for the target), so each client
 *             can word the fix in its own terms; retry_ms (code "limit",
 *             too many submissions a second): when to try again
 *   presence  {id?, users: [{user, access ("rw"|"ro"), since (ms since
 *             the epoch), idle_ms, terminal, incident?}]}: one entry per
 *             user connected; incident: the one their terminal shows,
 *             left out when the reader does not see it
 *   error     {code, message}      (fatal ones are followed by a close;
 *             "slow": the client's queue reached the limit, nothing more
 *             is sent, and the connection closes once it has read this;
 *             it reconnects and resumes from the last seq it saw)
 */
#ifndef SITREP_PROTO_H
#define SITREP_PROTO_H

#include <jansson.h>
#include <stddef.h>

#define PROTO_MAJOR 1
#define PROTO_MINOR 3 /* 1: snapshot, tail and history pages; 2: the
                       * subscription id, history after 0; 3: export,
                       * import */

/* Error/nack codes (stable strings). */
#define PROTO_E_PROTO "protocol"    /* malformed frame or message */
#define PROTO_E_VERSION "version"   /* other major version */
#define PROTO_E_LIMIT "limit"       /* a size or count limit */
#define PROTO_E_ACCESS "access"     /* not allowed to connect or write */
#define PROTO_E_RULE "rule"         /* refused by a rule */
#define PROTO_E_INVALID "invalid"   /* bad field in a submission */
#define PROTO_E_STORE "store"       /* disk full, I/O error, … */
#define PROTO_E_SLOW "slow"         /* outbound queue overflowed */
#define PROTO_E_SHUTDOWN "shutdown" /* server stopping */
#define PROTO_E_CLOSED "closed"     /* (the client's own nack) not sent: the
                                     * connection closed for good */

/* An incremental decoder: feed bytes as they come (split or coalesced),
 * take whole messages out. */
struct proto_decoder {
	unsigned char *buf;
	size_t len;
	size_t cap;
	size_t max; /* largest accepted payload; SR_MAX_FRAME by default */
	size_t off; /* start of the bytes not yet taken: buf[off..len) */
};

void proto_decoder_init(struct proto_decoder *d);
void proto_decoder_free(struct proto_decoder *d);
/* Append n bytes. */
void proto_decoder_feed(struct proto_decoder *d, const void *data, size_t n);
/* Take the next message: 1 and *msg (new reference) when one is whole, 0
 * when more bytes are needed, -1 and *cause when the stream is broken
 * (oversized frame, invalid UTF-8, invalid JSON, not an object, no type).
 * After -1 the connection must be closed. */
int proto_decoder_next(struct proto_decoder *d, json_t **msg, char **cause);
/* The next frame's payload as it came, not parsed and not taken: 1 with
 * *frame and *n (valid until the next feed) when a whole frame within the
 * limit is there, else 0 (proto_decoder_next says what is wrong). For a
 * reader that handles some frames from their bytes; proto_decoder_skip()
 * then drops the frame. */
int proto_decoder_peek(const struct proto_decoder *d, const char **frame,
    size_t *n);
void proto_decoder_skip(struct proto_decoder *d);

/* Encode msg as one frame (length prefix + compact JSON); *len set. NULL
 * only when jansson cannot encode msg (not an object). */
unsigned char *proto_encode(const json_t *msg, size_t *len);

/* New message {"type": type}. */
json_t *proto_msg(const char *type);
/* {"type":"error","code":…,"message":…} */
json_t *proto_error(const char *code, const char *message);
/* {"type":"nack","uid":…,"code":…,"field":…,"message":…}; field may be
 * NULL (then absent). */
json_t *proto_nack(const char *uid, const char *code, const char *field,
    const char *message);
/* The "type" of a message, or "" when missing. */
const char *proto_type(const json_t *msg);

#endif
