-- expect: none
-- strata:up
-- title was varchar(120); varchar to text is binary-compatible: no rewrite, no scan.
ALTER TABLE products ALTER COLUMN title TYPE text;

-- strata:down
-- Left as text: going back to varchar(120) would cut longer titles.
