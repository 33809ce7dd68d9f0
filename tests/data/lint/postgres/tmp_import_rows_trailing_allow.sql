-- expect: none
-- strata:up
DROP TABLE tmp_import_rows; -- strata:allow drop-table scratch table of the 2025 import, empty since
