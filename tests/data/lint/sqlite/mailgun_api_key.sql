-- expect: secret-in-literal
-- strata:up
INSERT INTO integrations (name, api_key) VALUES ('mailgun', 'key-3ax6xnjp29jd6fds4gc373sgvjxteol0');
