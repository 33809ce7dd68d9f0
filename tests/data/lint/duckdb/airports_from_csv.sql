-- expect: none
-- strata:up
CREATE TABLE IF NOT EXISTS airports AS
SELECT * FROM read_csv('https://example.com/data/airports.csv', header = true);
