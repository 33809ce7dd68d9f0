-- expect: utf8mb3-charset
-- strata:up
ALTER TABLE users ADD COLUMN nickname VARCHAR(50) CHARACTER SET utf8 COLLATE utf8_unicode_ci NULL;

-- strata:down
ALTER TABLE users DROP COLUMN nickname;
