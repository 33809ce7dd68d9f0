-- expect: drop-not-null
-- strata:up
-- users.email is VARCHAR(255) NOT NULL today: only the NOT NULL goes, the type stays.
ALTER TABLE users MODIFY email VARCHAR(255) NULL;
