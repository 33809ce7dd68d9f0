-- expect: none
-- strata:up
ALTER TABLE users ADD UNIQUE INDEX uq_users_email (email), ALGORITHM=INPLACE, LOCK=NONE;
