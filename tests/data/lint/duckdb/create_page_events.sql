-- expect: none
-- strata:up
CREATE TABLE page_events (
  event_id BIGINT PRIMARY KEY,
  session_id VARCHAR NOT NULL,
  url VARCHAR NOT NULL,
  occurred_at TIMESTAMPTZ NOT NULL,
  properties JSON
);
CREATE INDEX page_events_session_idx ON page_events (session_id);

-- strata:down
DROP TABLE page_events;
