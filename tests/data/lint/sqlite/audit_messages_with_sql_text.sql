-- expect: none
-- strata:up
-- DROP TABLE users;
INSERT INTO audit_messages (level, message)
VALUES ('info', 'Blocked a query: DROP TABLE users; DELETE FROM users'),
       ('info', 'UPDATE users SET admin = 1 was refused');

-- strata:down
DELETE FROM audit_messages WHERE message LIKE 'Blocked a query:%' OR message LIKE 'UPDATE users SET admin%';
