/* export-page.h: a JSON export's events paged through the server, for a
 * user who cannot read the store's file (see proto.h, export request).
 *
 * The server puts each event's stored JSON text into the page as it is,
 * one per line of the page's "events" array; the pager takes the page
 * from the frame's bytes (client_raw) and writes those lines as they came,
 * without parsing them, and asks for the next page before it writes this
 * one, so the server reads while the client writes. The result is the
 * same, byte for byte, as an export read from the file.
 */
#ifndef SITREP_EXPORT_PAGE_H
#define SITREP_EXPORT_PAGE_H

#include <stdint.h>
#include <stdio.h>

#include "client.h"

struct export_pager {
	struct client *c;
	FILE *f;
	char *ref;
	int64_t upto;      /* the incident's last seq (the chain page's) */
	int64_t id;        /* the request of the page expected next */
	int first;         /* no event written yet */
	int done;          /* 1: every page written; -1: failed, why says */
	char *why;
	long pages;
	/* Called after each page (NULL: nothing), e.g. to restart a
	 * timeout: a long export is not a silent server. Once done is set
	 * it may stop the pager and close the client. */
	void (*on_page)(void *arg);
	void *page_arg;
};

/* Start paging ref's events up to upto into f through c (which must not
 * have another raw reader); the loop running c then writes them. Sets
 * every field: on_page is to be set after. */
void export_pager_start(struct export_pager *p, struct client *c,
    const char *ref, int64_t upto, FILE *f);
/* Stop reading pages; free what the pager holds (again: nothing). */
void export_pager_stop(struct export_pager *p);

#endif
