-- 002-kind-index: find one incident's events of some kinds (its status
-- updates, its handoffs) without reading the rest of its history.
CREATE INDEX events_by_kind ON events (incident, kind, seq);
