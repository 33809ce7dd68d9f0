-- expect: secret-in-literal
-- strata:up
INSERT INTO webhooks (url, events, signing_secret)
VALUES ('https://hooks.example.com/orders', 'order.paid,order.refunded', 'whsec_9fK2mQ7xL1pR8vT3');

-- strata:down
DELETE FROM webhooks WHERE url = 'https://hooks.example.com/orders';
