/* kind-people.c: who holds what: role.assign, role.release and the
 * handoff of command (command.offer, .accept, .decline, .withdraw,
 * .relieve). Exactly one commander at any moment: command changes hands
 * only on an accept or a relieve. */
#include <stdlib.h>
#include <string.h>

#include "kind-int.h"
#include "xmalloc.h"

/* role.assign / role.release {role, user}: "dana takes scribe". */
static char *kind_role_describe(const struct event *ev,
    const struct model_incident *inc)
{
	return xasprintf("%s %s %s", kind_str(ev, "user"),
	    ev->kind == EV_ROLE_ASSIGN ? "takes" : "releases",
	    kind_str(ev, "role"));
}

/* The role and user of a role event; user defaults to the actor (and is
 * written into the body). */
static int kind_role_args(struct rules_ctx *c, struct event *ev, int *role,
    const char **user)
{
	const char *name = event_str(ev, "role");

	*role = model_role_parse(name);
	if (*role < 0)
		return rules_refuse(c, "role", "unknown role \"%s\"; the roles "
		    "are deputy, scribe, ops, comms, liaison and sme",
		    name ? name : "");
	if (*role == ROLE_COMMANDER)
		return rules_refuse(c, "role", "command changes hands only by a "
		    "handoff that the new commander accepts");
	if (json_object_get(ev->body, "user") == NULL)
		json_object_set_new(ev->body, "user", json_string(ev->actor));
	*user = event_str(ev, "user");
	if (!rules_name_ok(*user))
		return rules_refuse(c, "user", "a user name is 1 to %d "
		    "characters without spaces", SR_MAX_NAME);
	return 0;
}

/* The commander assigns anyone; anyone takes an empty role (or sme) for
 * themselves. */
static int kind_role_assign_check(struct rules_ctx *c, struct event *ev)
{
	const struct model_incident *inc = c->inc;
	const char *user, *rname, *holder;
	int r;

	if (kind_role_args(c, ev, &r, &user) != 0)
		return -1;
	rname = model_role_name((enum model_role)r);
	if (model_holds(inc, user, (enum model_role)r))
		return rules_refuse(c, "user", "%s already holds %s on %s", user,
		    rname, inc->ref);
	if (strcmp(user, ev->actor) != 0 && rules_person(c, "user", user) != 0)
		return -1;
	if (rules_is_ic(inc, ev))
		return 0;
	if (strcmp(user, ev->actor) != 0)
		return rules_refuse(c, "user", "only the incident commander (%s) "
		    "can assign roles to others; you can take an empty role "
		    "yourself", rules_ic(inc));
	holder = rules_holder(inc, (enum model_role)r);
	if (r != ROLE_SME && holder != NULL)
		return rules_refuse(c, "role", "%s on %s is held by %s; ask %s "
		    "to release it, or the commander (%s) to reassign it",
		    rname, inc->ref, holder, holder, rules_ic(inc));
	return 0;
}

/* A role given to someone (single-holder roles change hands). */
static void kind_role_assign_fold(struct model *m, struct model_incident *inc,
    const struct event *ev)
{
	int r = model_role_parse(event_str(ev, "role"));
	const char *user = event_str(ev, "user");

	if (user == NULL)
		user = ev->actor;
	if (r <= ROLE_COMMANDER || user == NULL || *user == '\0' ||
	    model_holds(inc, user, (enum model_role)r))
		return;
	if (r != ROLE_SME)
		model_stint_end(inc, (enum model_role)r, NULL, ev);
	model_stint_start(inc, (enum model_role)r, user, ev);
}

const struct kind kind_role_assign = {
	.kind = EV_ROLE_ASSIGN,
	.name = "role.assign",
	.marker = "ROLE",
	.flags = 0,
	.describe = kind_role_describe,
	.check = kind_role_assign_check,
	.fold = kind_role_assign_fold,
};

/* By the holder or the commander, of a role the user holds. */
static int kind_role_release_check(struct rules_ctx *c, struct event *ev)
{
	const struct model_incident *inc = c->inc;
	const char *user, *rname;
	int r;

	if (kind_role_args(c, ev, &r, &user) != 0)
		return -1;
	rname = model_role_name((enum model_role)r);
	if (!model_holds(inc, user, (enum model_role)r))
		return rules_refuse(c, "role", "%s does not hold %s on %s", user,
		    rname, inc->ref);
	if (strcmp(user, ev->actor) != 0 && !rules_is_ic(inc, ev))
		return rules_refuse(c, "user", "only %s or the incident "
		    "commander (%s) can release %s from %s", user,
		    rules_ic(inc), user, rname);
	return 0;
}

/* A role dropped. */
static void kind_role_release_fold(struct model *m,
    struct model_incident *inc, const struct event *ev)
{
	int r = model_role_parse(event_str(ev, "role"));
	const char *user = event_str(ev, "user");

	if (user == NULL)
		user = ev->actor;
	if (r <= ROLE_COMMANDER || user == NULL)
		return;
	model_stint_end(inc, (enum model_role)r, user, ev);
}

const struct kind kind_role_release = {
	.kind = EV_ROLE_RELEASE,
	.name = "role.release",
	.marker = "ROLE",
	.flags = 0,
	.describe = kind_role_describe,
	.check = kind_role_release_check,
	.fold = kind_role_release_fold,
};

/* command.offer {to, brief}: "offers command to bo". */
static char *kind_offer_describe(const struct event *ev,
    const struct model_incident *inc)
{
	return xasprintf("offers command to %s", kind_str(ev, "to"));
}

/* The commander offers command to someone else, one offer at a time; an
 * empty brief is pre-filled from the state. */
static int kind_offer_check(struct rules_ctx *c, struct event *ev)
{
	const struct model_incident *inc = c->inc;
	const char *to = event_str(ev, "to");
	char *brief;

	if (!rules_is_ic(inc, ev))
		return rules_refuse(c, NULL, "only the incident commander can "
		    "offer command of %s; the commander is %s (when %s does "
		    "not answer, relieve them with a reason)", inc->ref,
		    rules_ic(inc), rules_ic(inc));
	if (to == NULL || *to == '\0')
		return rules_refuse(c, "to", "say who should take command");
	if (!rules_name_ok(to))
		return rules_refuse(c, "to", "a user name is 1 to %d characters "
		    "without spaces or control characters", SR_MAX_NAME);
	if (strcmp(to, ev->actor) == 0)
		return rules_refuse(c, "to", "you are already the commander of "
		    "%s", inc->ref);
	if (rules_person(c, "to", to) != 0)
		return -1;
	if (inc->offer.to != NULL)
		return rules_refuse(c, "to", "command of %s is already offered "
		    "to %s; withdraw that offer first", inc->ref, inc->offer.to);
	if (rules_text(c, ev, "brief", 0, "") != 0)
		return -1;
	if (rules_blank(event_str(ev, "brief"))) {
		brief = model_brief(inc, ev->recorded_at);
		json_object_set_new(ev->body, "brief", json_string(brief));
		free(brief);
	}
	return 0;
}

/* A command offer now outstanding. */
static void kind_offer_fold(struct model *m, struct model_incident *inc,
    const struct event *ev)
{
	const char *to = event_str(ev, "to");

	if (to == NULL || *to == '\0')
		return;
	model_offer_clear(inc);
	model_person(inc, to);
	inc->offer.from = model_dup(ev->actor);
	inc->offer.to = xstrdup(to);
	inc->offer.brief = model_dup(event_str(ev, "brief"));
	inc->offer.seq = ev->seq;
	inc->offer.at = model_when(ev);
}

const struct kind kind_offer = {
	.kind = EV_CMD_OFFER,
	.name = "command.offer",
	.marker = "CMD",
	.flags = KIND_LOUD | KIND_HANDOFF,
	.describe = kind_offer_describe,
	.check = kind_offer_check,
	.fold = kind_offer_fold,
};

/* command.accept {}: "accepts command: now the incident commander". */
static char *kind_accept_describe(const struct event *ev,
    const struct model_incident *inc)
{
	return xstrdup("accepts command: now the incident commander");
}

/* Accept or decline: only the person offered command. */
static int kind_answer_check(struct rules_ctx *c, struct event *ev)
{
	const struct model_incident *inc = c->inc;
	const char *verb = (ev->kind == EV_CMD_ACCEPT) ? "accept" : "decline";

	if (inc->offer.to == NULL)
		return rules_refuse(c, NULL, "there is no pending command offer "
		    "on %s to %s", inc->ref, verb);
	if (strcmp(inc->offer.to, ev->actor) != 0)
		return rules_refuse(c, NULL, "the command offer on %s is for %s; "
		    "only %s can %s it", inc->ref, inc->offer.to, inc->offer.to,
		    verb);
	return rules_text(c, ev, "reason", 0, "");
}

/* Command passes to the person offered it. */
static void kind_accept_fold(struct model *m, struct model_incident *inc,
    const struct event *ev)
{
	char *to, *brief;

	if (inc->offer.to == NULL)
		return;
	to = xstrdup(inc->offer.to);
	brief = model_dup(inc->offer.brief);
	model_command_to(inc, to, brief, ev);
	free(brief);
	free(to);
}

const struct kind kind_accept = {
	.kind = EV_CMD_ACCEPT,
	.name = "command.accept",
	.marker = "CMD",
	.flags = KIND_LOUD | KIND_HANDOFF,
	.describe = kind_accept_describe,
	.check = kind_answer_check,
	.fold = kind_accept_fold,
};

/* command.decline {reason?}: "declines command: reason". */
static char *kind_decline_describe(const struct event *ev,
    const struct model_incident *inc)
{
	const char *reason = event_str(ev, "reason");

	return xasprintf("declines command%s%s", reason ? ": " : "",
	    reason ? reason : "");
}

/* The offer goes away; command stays where it is. */
static void kind_offer_gone_fold(struct model *m, struct model_incident *inc,
    const struct event *ev)
{
	model_offer_clear(inc);
}

const struct kind kind_decline = {
	.kind = EV_CMD_DECLINE,
	.name = "command.decline",
	.marker = "CMD",
	.flags = KIND_LOUD | KIND_HANDOFF,
	.describe = kind_decline_describe,
	.check = kind_answer_check,
	.fold = kind_offer_gone_fold,
};

/* command.withdraw {}: "withdraws the command offer". */
static char *kind_withdraw_describe(const struct event *ev,
    const struct model_incident *inc)
{
	return xstrdup("withdraws the command offer");
}

/* The commander takes back an outstanding offer. */
static int kind_withdraw_check(struct rules_ctx *c, struct event *ev)
{
	const struct model_incident *inc = c->inc;

	if (inc->offer.to == NULL)
		return rules_refuse(c, NULL, "there is no pending command offer "
		    "on %s to withdraw", inc->ref);
	if (!rules_is_ic(inc, ev))
		return rules_refuse(c, NULL, "only the incident commander (%s) "
		    "can withdraw the command offer on %s", rules_ic(inc),
		    inc->ref);
	return 0;
}

const struct kind kind_withdraw = {
	.kind = EV_CMD_WITHDRAW,
	.name = "command.withdraw",
	.marker = "CMD",
	.flags = KIND_LOUD | KIND_HANDOFF,
	.describe = kind_withdraw_describe,
	.check = kind_withdraw_check,
	.fold = kind_offer_gone_fold,
};

/* command.relieve {reason}: "relieves the commander: reason". */
static char *kind_relieve_describe(const struct event *ev,
    const struct model_incident *inc)
{
	return xasprintf("relieves the commander: %s", kind_str(ev, "reason"));
}

/* Someone else takes command, with a reason. */
static int kind_relieve_check(struct rules_ctx *c, struct event *ev)
{
	if (rules_is_ic(c->inc, ev))
		return rules_refuse(c, NULL, "you are already the commander of "
		    "%s; to hand over, offer command to someone", c->inc->ref);
	return rules_text(c, ev, "reason", 1, "relieving the commander needs "
	    "a reason, e.g. 'no answer for 20 minutes'");
}

/* The reliever takes command. */
static void kind_relieve_fold(struct model *m, struct model_incident *inc,
    const struct event *ev)
{
	model_command_to(inc, ev->actor, NULL, ev);
}

const struct kind kind_relieve = {
	.kind = EV_CMD_RELIEVE,
	.name = "command.relieve",
	.marker = "CMD",
	.flags = KIND_LOUD | KIND_HANDOFF,
	.describe = kind_relieve_describe,
	.check = kind_relieve_check,
	.fold = kind_relieve_fold,
};
