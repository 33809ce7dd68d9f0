-- expect: int-primary-key, serial-column, varchar-length, char-column, timestamp-without-time-zone
-- strata:up
CREATE TYPE ticket_priority AS ENUM ('low', 'normal', 'high', 'urgent');

CREATE TABLE support_tickets (
    id serial PRIMARY KEY,
    subject varchar(200) NOT NULL,
    country_code char(2),
    priority ticket_priority NOT NULL DEFAULT 'normal',
    opened_at timestamp NOT NULL DEFAULT now(),
    closed_at timestamptz
);
CREATE INDEX support_tickets_opened_at_idx ON support_tickets (opened_at);

-- strata:down
DROP TABLE support_tickets;
DROP TYPE ticket_priority;
