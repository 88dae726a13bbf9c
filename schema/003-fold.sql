-- 003-fold: checkpoints of the server's fold, so that a server starts from
-- the state of each incident instead of folding the whole history. Written
-- by the server in the same transaction as the events they cover, and
-- checked against the chain when read: a head that does not match the
-- event it names, or another fold version, makes the server fold the
-- events again and rewrite them. Not part of the record: `sitrep verify`
-- ignores them, and deleting every row only costs one full fold.
CREATE TABLE fold_head (
	id       INTEGER PRIMARY KEY CHECK (id = 1),  -- one row
	version  INTEGER NOT NULL,                    -- MODEL_FOLD_VERSION
	seq      INTEGER NOT NULL,                    -- every event up to here
	hash     BLOB    NOT NULL                     -- the chain hash at seq
	         CHECK (length(hash) = 32)
);
-- The state of each incident as of fold_head.seq (model_state_json).
CREATE TABLE fold_incidents (
	incident TEXT    PRIMARY KEY,                 -- "INC-7"
	number   INTEGER NOT NULL,                    -- 7: the order to load
	state    TEXT    NOT NULL
);
-- Each incident's entry index (model-index.c) in chunks of a fixed number
-- of entries, so a checkpoint rewrites only the chunks that changed.
CREATE TABLE fold_entries (
	incident TEXT    NOT NULL,
	chunk    INTEGER NOT NULL,
	data     BLOB    NOT NULL,
	PRIMARY KEY (incident, chunk)
);
