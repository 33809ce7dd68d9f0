-- expect: delete-without-where, irreversible-down
-- strata:up
DELETE FROM notifications;

-- strata:down
INSERT INTO notifications (user_id, kind, body, created_at)
SELECT id, 'welcome', 'Welcome back!', now() FROM users WHERE deleted_at IS NULL;
