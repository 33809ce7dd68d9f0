-- expect: none
-- strata:up
INSERT INTO role_permissions (role_id, permission)
SELECT r.id, p.code
  FROM roles r
 CROSS JOIN (VALUES ('invoices.read'), ('invoices.void'), ('refunds.create')) AS p(code)
 WHERE r.name = 'admin'
ON CONFLICT (role_id, permission) DO NOTHING;

-- strata:down
DELETE FROM role_permissions
 WHERE permission IN ('invoices.read', 'invoices.void', 'refunds.create')
   AND role_id = (SELECT id FROM roles WHERE name = 'admin');
