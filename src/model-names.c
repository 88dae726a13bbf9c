/* model-names.c: the names of statuses, marks, roles, hypothesis and
 * follow-up states, confidence levels and entry types, and their parsers. */
#include <stddef.h>
#include <string.h>

#include "model.h"

static const char *model_status_names[ST_COUNT] = {
	"investigating", "identified", "monitoring", "resolved", "analysis",
	"closed"
};
static const char *model_mark_names[MARK_COUNT] = {
	"impact-start", "detected", "declared", "mitigated", "resolved"
};
static const char *model_role_names[ROLE_COUNT] = {
	"commander", "deputy", "scribe", "ops", "comms", "liaison", "sme"
};
static const char *model_hyp_names[HYP_COUNT] = {
	"open", "investigating", "supported", "ruled-out", "confirmed"
};
static const char *model_conf_names[CONF_COUNT] = {
	"confirmed", "likely", "suspected", "unknown"
};
static const char *model_fu_names[FU_COUNT] = {
	"open", "in-progress", "done", "wont-do"
};
static const char *model_entry_type_names[ENT_COUNT] = {
	"note", "observation", "action", "decision", "change", "comms"
};

/* Index of s in a name table of n entries, or -1. */
static int model_lookup(const char **names, int n, const char *s)
{
	int i;

	if (s == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		if (strcmp(names[i], s) == 0)
			return i;
	}
	return -1;
}

/* Name of a recovery/analysis status. */
const char *model_status_name(enum model_status s)
{
	return (s < ST_COUNT) ? model_status_names[s] : "unknown";
}

/* Status for a name, or -1. */
int model_status_parse(const char *s)
{
	return model_lookup(model_status_names, ST_COUNT, s);
}

/* Name of a key mark. */
const char *model_mark_name(enum model_mark m)
{
	return (m < MARK_COUNT) ? model_mark_names[m] : "unknown";
}

/* Mark for a name, or -1. */
int model_mark_parse(const char *s)
{
	return model_lookup(model_mark_names, MARK_COUNT, s);
}

/* Name of a role. */
const char *model_role_name(enum model_role r)
{
	return (r < ROLE_COUNT) ? model_role_names[r] : "unknown";
}

/* Role for a name ("ic" is the commander), or -1. */
int model_role_parse(const char *s)
{
	if (s != NULL && strcmp(s, "ic") == 0)
		return ROLE_COMMANDER;
	return model_lookup(model_role_names, ROLE_COUNT, s);
}

/* Name of a hypothesis state. */
const char *model_hyp_state_name(enum model_hyp_state s)
{
	return (s < HYP_COUNT) ? model_hyp_names[s] : "unknown";
}

/* Hypothesis state for a name, or -1. */
int model_hyp_state_parse(const char *s)
{
	return model_lookup(model_hyp_names, HYP_COUNT, s);
}

/* Name of a confidence level. */
const char *model_confidence_name(enum model_confidence c)
{
	return (c < CONF_COUNT) ? model_conf_names[c] : "unknown";
}

/* Confidence for a name, or -1. */
int model_confidence_parse(const char *s)
{
	return model_lookup(model_conf_names, CONF_COUNT, s);
}

/* Name of a follow-up state. */
const char *model_followup_state_name(enum model_followup_state s)
{
	return (s < FU_COUNT) ? model_fu_names[s] : "unknown";
}

/* Follow-up state for a name ("dropped", an older name, is wont-do), or
 * -1. */
int model_followup_state_parse(const char *s)
{
	if (s != NULL && strcmp(s, "dropped") == 0)
		return FU_WONT_DO;
	return model_lookup(model_fu_names, FU_COUNT, s);
}

/* Name of an entry type. */
const char *model_entry_type_name(enum model_entry_type t)
{
	return (t < ENT_COUNT) ? model_entry_type_names[t] : "note";
}

/* Entry type for a name, or -1. */
int model_entry_type_parse(const char *s)
{
	return model_lookup(model_entry_type_names, ENT_COUNT, s);
}

/* 1 when type is one of the timeline entry types. */
int model_entry_type_valid(const char *type)
{
	return model_entry_type_parse(type) != -1;
}

static const char *model_category_names[CAT_COUNT] = {
	"", "deployment", "configuration", "integration", "capacity",
	"dependency", "detection", "process", "code"
};
static const char *model_answer_names[ANS_COUNT] = {
	"went-well", "went-wrong", "lucky", "teams", "ownership",
	"missing-info", "alerts", "slow-recovery"
};
static const char *model_answer_questions[ANS_COUNT] = {
	"What went well?",
	"What went wrong?",
	"Where did we get lucky?",
	"Where did work change teams, and what was lost on the way?",
	"Where was ownership ambiguous?",
	"What information was missing at the time?",
	"Which alerts were ignored or noisy?",
	"What made recovery slow after the cause was known?"
};
static const char *model_triage_names[TRIAGE_COUNT] = {
	"open", "factor", "followup", "dismissed"
};

/* Name of a factor category ("" for none). */
const char *model_category_name(enum model_category c)
{
	return (c < CAT_COUNT) ? model_category_names[c] : "";
}

/* Category for a name, or -1 (the empty name is none). */
int model_category_parse(const char *s)
{
	return model_lookup(model_category_names, CAT_COUNT, s);
}

/* Key of an analysis question ("went-well"). */
const char *model_answer_name(enum model_answer_key k)
{
	return (k < ANS_COUNT) ? model_answer_names[k] : "unknown";
}

/* The question itself, as asked in the analysis. */
const char *model_answer_question(enum model_answer_key k)
{
	return (k < ANS_COUNT) ? model_answer_questions[k] : "";
}

/* Question key for a name, or -1. */
int model_answer_parse(const char *s)
{
	return model_lookup(model_answer_names, ANS_COUNT, s);
}

/* Name of a triage outcome. */
const char *model_triage_name(enum model_triage t)
{
	return (t < TRIAGE_COUNT) ? model_triage_names[t] : "open";
}
