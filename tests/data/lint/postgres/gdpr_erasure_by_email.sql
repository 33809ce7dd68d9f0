-- expect: personal-data
-- strata:up
-- Erasure request #4471.
DELETE FROM newsletter_subscribers WHERE email = 'tomasz.nowak@wp.pl';
