-- strata:up
CREATE TABLE probe_items (id INTEGER PRIMARY KEY, label VARCHAR(40) NOT NULL);

-- strata:down
DROP TABLE probe_items;
