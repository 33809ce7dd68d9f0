-- expect: personal-data
-- strata:up
INSERT INTO people (id, full_name, ssn) VALUES (1, 'Robert Miller', '536-22-8714');
