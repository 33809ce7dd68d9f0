-- expect: none
-- strata:up
START TRANSACTION;
INSERT INTO roles (name, description) VALUES ('billing_admin', 'Manages invoices and refunds');
INSERT INTO role_permissions (role_name, permission) VALUES
  ('billing_admin', 'invoices.read'),
  ('billing_admin', 'invoices.void'),
  ('billing_admin', 'refunds.create');
COMMIT;

-- strata:down
DELETE FROM role_permissions WHERE role_name = 'billing_admin';
DELETE FROM roles WHERE name = 'billing_admin';
