/* sitrep.h: limits and constants shared by every part of the core. */
#ifndef SITREP_SITREP_H
#define SITREP_SITREP_H

#include <stddef.h>
#include <stdint.h>

#ifndef SITREP_VERSION
#define SITREP_VERSION "0.0.0"
#endif

/* Limits enforced by the server; each refusal names the limit. */
#define SR_MAX_FRAME (1024 * 1024)  /* bytes of JSON in one frame */
#define SR_MAX_TEXT 16384           /* bytes in one text field */
#define SR_MAX_TITLE 200            /* bytes in an incident title */
#define SR_MAX_REFS 32              /* refs or tags on one event */
#define SR_MAX_NAME 64              /* bytes in a ref/tag/user/role name */
#define SR_MAX_CLIENTS 4096         /* connected clients per server */
#define SR_MAX_QUEUE (8 * 1024 * 1024) /* bytes queued to one client */
#define SR_MAX_RATE 1000            /* submissions a second per client,
                                     * in bursts of up to twice that */

/* A client-chosen event uid: 128 random bits as 32 lower-case hex digits. */
#define SR_UID_LEN 32

/* Exit statuses of every verb (documented in sitrep(1)). */
#define SR_EXIT_OK 0       /* done */
#define SR_EXIT_REFUSED 1  /* refused by a rule; the message says why */
#define SR_EXIT_USAGE 2    /* usage error */
#define SR_EXIT_SERVER 3   /* cannot reach/start the server or open the store */

#endif
