-- expect: personal-data
-- strata:up
INSERT INTO contacts (name, phone) VALUES ('Chloé Martin', '+33 6 71 84 22 90');
