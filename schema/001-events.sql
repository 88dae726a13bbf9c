-- 001-events: the append-only, hash-chained event log and its text index.
CREATE TABLE events (
	seq         INTEGER PRIMARY KEY,          -- store-wide, increasing
	uid         TEXT    NOT NULL UNIQUE       -- client-chosen, for idempotence
	            CHECK (length(uid) = 32),
	incident    TEXT    NOT NULL,             -- "INC-<n>"
	kind        TEXT    NOT NULL,
	actor       TEXT    NOT NULL,             -- OS user behind the connection
	occurred_at INTEGER NOT NULL,             -- ms since epoch, UTC
	recorded_at INTEGER NOT NULL,             -- server clock at commit
	target      INTEGER,                      -- seq pointed at, or NULL
	body        TEXT    NOT NULL,             -- JSON object
	refs        TEXT,                         -- JSON array or NULL
	tags        TEXT,                         -- JSON array or NULL
	hash        BLOB    NOT NULL              -- BLAKE2b-256 chain hash
	            CHECK (length(hash) = 32)
);
CREATE INDEX events_by_incident ON events (incident, seq);

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
	SELECT RAISE(ABORT, 'sitrep events are append-only: corrections are new entries');
END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
	SELECT RAISE(ABORT, 'sitrep events are append-only: nothing is ever deleted');
END;

-- Full-text search over the text of entries, amendments, hypotheses,
-- parked thoughts, updates and analysis; rowid is the event's seq.
CREATE VIRTUAL TABLE event_text USING fts5 (text, content='', tokenize='unicode61');
CREATE TRIGGER events_index_text AFTER INSERT ON events
WHEN NEW.kind IN ('entry', 'entry.amend', 'hypothesis.open', 'park', 'factor',
                  'followup', 'annotation', 'summary', 'update', 'incident.declare')
BEGIN
	INSERT INTO event_text (rowid, text) VALUES (NEW.seq,
		coalesce(json_extract(NEW.body, '$.title'), '') || ' ' ||
		coalesce(json_extract(NEW.body, '$.text'), '') || ' ' ||
		coalesce(json_extract(NEW.body, '$.impact'), '') || ' ' ||
		coalesce(json_extract(NEW.body, '$.known'), '') || ' ' ||
		coalesce(json_extract(NEW.body, '$.unknown'), '') || ' ' ||
		coalesce(json_extract(NEW.body, '$.actions'), '') || ' ' ||
		coalesce(json_extract(NEW.body, '$.needs'), '') || ' ' ||
		coalesce(json_extract(NEW.body, '$.reason'), '') || ' ' ||
		coalesce(NEW.refs, '') || ' ' ||
		coalesce(NEW.tags, ''));
END;
