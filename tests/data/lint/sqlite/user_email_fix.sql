-- expect: personal-data
-- strata:up
UPDATE users SET email = 'sophie.dubois@orange.fr' WHERE id = 4182;
