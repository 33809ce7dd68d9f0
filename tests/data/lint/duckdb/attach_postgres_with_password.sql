-- expect: secret-in-literal
-- strata:up
INSTALL postgres;
LOAD postgres;
ATTACH 'dbname=shop host=db.internal user=etl password=Wint3r-Load-2026' AS shop_pg (TYPE POSTGRES, READ_ONLY);
