-- expect: personal-data
-- strata:up
INSERT INTO customers (first_name, last_name, email, phone) VALUES
  ('Lukas', 'Meyer', 'lukas.meyer@web.de', '+49 151 23456789');
