-- expect: none
-- strata:up
INSERT OR IGNORE INTO tags (name) VALUES ('bug'), ('feature'), ('question');
