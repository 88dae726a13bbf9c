/* schema.h: the SQL migrations compiled into the binary (schema/NNN-name.sql). */
#ifndef SITREP_SCHEMA_H
#define SITREP_SCHEMA_H

/* One migration: its file name without .sql, and its SQL text. Migration
 * i (0-based) brings the store to user_version i + 1. */
struct schema_migration {
	const char *name;
	const char *sql;
};

extern const struct schema_migration schema_migrations[];
extern const int schema_count;

#endif
