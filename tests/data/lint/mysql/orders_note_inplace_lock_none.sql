-- expect: column-type-change, algorithm-unhonoured
-- strata:up
ALTER TABLE orders MODIFY note TEXT, ALGORITHM=INPLACE, LOCK=NONE;
