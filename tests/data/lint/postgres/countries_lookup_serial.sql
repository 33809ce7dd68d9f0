-- expect: int-primary-key, serial-column, char-column, varchar-length
-- strata:up
CREATE TABLE countries (
    id serial PRIMARY KEY,
    iso_code char(2) NOT NULL UNIQUE,
    name varchar(100) NOT NULL
);
INSERT INTO countries (iso_code, name) VALUES ('DE', 'Germany'), ('FR', 'France'), ('PL', 'Poland');

-- strata:down
DROP TABLE countries;
