// dump -> load -> dump through the `strata` binary, on every SQL backend, for a set of migrations that makes
// one of every object kind the backend's schema reader covers (the kinds of each driver's every-kind test,
// tests/drivers/<backend>/<backend>_schema_test.cc, which check each definition alone): the whole file,
// header and all, comes back byte for byte from a database that only loaded it. The migrations also leave
// what a dump must not carry (rows, counters, a definer, the database's name), order traps (a view on a
// view whose name sorts first, a foreign key cycle, a table on a later table) and names and strings a
// statement splitter could trip on (quoted names with spaces, ';', '--' and END inside strings).
//
// DuckDB keeps a used sequence's next value as its START once the file is reopened (the original START is
// gone): its dump names that value, which the loaded copy then keeps as its own START.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "strata/driver.h"
#include "support/backends.h"
#include "support/schemas.h"
#include "support/strata_process.h"
#include "support/temp_dir.h"

namespace strata {
namespace {

using testing::Backend;
using testing::Contains;
using testing::Outcome;
using testing::Strata;
using testing::TempDir;

// A migration file: its name under db/migrations and its text.
using MigrationFile = std::pair<std::string, std::string>;

// What each backend's migrations make, and what its dump must then hold (a sign of each kind).
struct EveryKindSet {
  std::vector<MigrationFile> migrations;
  std::vector<std::string> in_dump;
};

std::string Substitute(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = 0; (at = text.find(from, at)) != std::string::npos; at += to.size()) {
    text.replace(at, from.size(), to);
  }
  return text;
}

EveryKindSet SqliteEveryKind() {
  return {{{"001_tables.sql",
            "-- strata:up\n"
            "CREATE TABLE a_books (\n"
            "  id INTEGER PRIMARY KEY,\n"
            "  author_id INTEGER NOT NULL REFERENCES z_authors (id) ON DELETE CASCADE,\n"
            "  title TEXT NOT NULL,\n"
            "  price REAL DEFAULT 0.0 CHECK (price >= 0),\n"
            "  title_lower TEXT GENERATED ALWAYS AS (lower(title)) VIRTUAL,\n"
            "  title_length INTEGER AS (length(title)) STORED\n"
            ");\n"
            "CREATE TABLE z_authors (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL COLLATE NOCASE,\n"
            "  CONSTRAINT authors_name UNIQUE (name));\n"
            "CREATE TABLE tags (name TEXT PRIMARY KEY, weight INTEGER) WITHOUT ROWID;\n"
            "CREATE TABLE counts (n INTEGER NOT NULL, label TEXT) STRICT;\n"
            "CREATE UNIQUE INDEX books_title ON a_books (author_id, title);\n"
            "CREATE INDEX books_cheap ON a_books (price) WHERE price < 10;\n"
            "CREATE INDEX books_title_lower ON a_books (lower(title));\n"
            "INSERT INTO z_authors (name) VALUES ('Ann');\n"
            "INSERT INTO a_books (author_id, title, price) VALUES (1, 'Dune', 5);\n"},
           {"002_views.sql",
            "-- strata:up\n"
            "CREATE VIEW a_cheap_titles AS SELECT title FROM z_cheap_books;\n"
            "CREATE VIEW z_cheap_books AS SELECT * FROM a_books WHERE price < 10;\n"
            "CREATE VIRTUAL TABLE book_search USING fts5(title, body, tokenize = 'porter');\n"
            "CREATE TRIGGER books_search AFTER INSERT ON a_books BEGIN\n"
            "  INSERT INTO book_search (rowid, title) VALUES (new.id, new.title);\n"
            "END;\n"
            "CREATE TRIGGER cheap_insert INSTEAD OF INSERT ON z_cheap_books BEGIN\n"
            "  INSERT INTO a_books (author_id, title, price) VALUES (new.author_id, new.title, new.price);\n"
            "END;\n"
            "INSERT INTO book_search (title, body) VALUES ('Dune', 'sand');\n"
            "ANALYZE;\n"},
           {"003_names.sql",
            "-- strata:up\n"
            "CREATE TABLE \"Order Items\" (id INTEGER PRIMARY KEY, note TEXT DEFAULT 'a; b -- c /* d */');\n"
            "CREATE TABLE renamed_later (id INTEGER PRIMARY KEY, book_id INTEGER REFERENCES a_books (id));\n"
            "ALTER TABLE renamed_later RENAME TO \"shelf\";\n"
            "ALTER TABLE shelf ADD COLUMN label TEXT DEFAULT 'x;y';\n"
            "CREATE VIEW \"Notes; Semicolons\" AS SELECT note, 'END; -- not a comment' AS tail FROM \"Order Items\";\n"
            "CREATE TRIGGER items_log AFTER UPDATE OF note ON \"Order Items\" WHEN new.note <> 'END;' BEGIN\n"
            "  UPDATE \"Order Items\" SET note = 'BEGIN; END;' WHERE id = new.id AND note = ';';\n"
            "  DELETE FROM shelf WHERE label = 'CASE END';\n"
            "END;\n"}},
          {"-- table a_books\n", "-- table book_search\n", "USING fts5", "WITHOUT ROWID", ") STRICT",
           "-- index books_cheap\n", "-- view a_cheap_titles\n", "-- trigger cheap_insert\n", "-- table Order Items\n",
           "-- trigger items_log\n"}};
}

EveryKindSet DuckdbEveryKind() {
  return {
      {{"001_types.sql",
        "-- strata:up\n"
        "CREATE SCHEMA sales;\n"
        "CREATE TYPE mood AS ENUM ('sad', 'ok', 'it''s fine');\n"
        "CREATE TYPE sales.point AS STRUCT(x INTEGER, y INTEGER);\n"
        "COMMENT ON TYPE sales.point IS 'a place';\n"
        "CREATE SEQUENCE sales.order_ids START 100 INCREMENT BY 5 MAXVALUE 100000 CYCLE;\n"
        "COMMENT ON SEQUENCE sales.order_ids IS 'ids';\n"
        "CREATE MACRO b_rating() AS 3;\n"},
       {"002_tables.sql",
        "-- strata:up\n"
        "CREATE TABLE z_people (id INTEGER PRIMARY KEY, email VARCHAR NOT NULL, rating INTEGER DEFAULT b_rating(),\n"
        "  feeling mood);\n"
        "COMMENT ON TABLE z_people IS 'who buys';\n"
        "COMMENT ON COLUMN z_people.email IS 'where to write';\n"
        "CREATE TABLE a_orders (id INTEGER PRIMARY KEY DEFAULT nextval('sales.order_ids'),\n"
        "  person INTEGER REFERENCES z_people (id), total DECIMAL(10, 2) CHECK (total >= 0), place sales.point);\n"
        "INSERT INTO z_people (id, email) VALUES (1, 'a@example.com');\n"
        "INSERT INTO a_orders (person, total) VALUES (1, 10), (1, 20);\n"},
       {"003_macros_and_views.sql",
        "-- strata:up\n"
        "CREATE MACRO a_people_count() AS (SELECT count(*) FROM z_people);\n"
        "CREATE MACRO sales.plus(a, b := 1) AS a + b, (a, b, c) AS a + b + c;\n"
        "COMMENT ON MACRO sales.plus IS 'adds';\n"
        "CREATE MACRO sales.recent(n := 10) AS TABLE SELECT * FROM a_orders ORDER BY id DESC LIMIT n;\n"
        "CREATE VIEW z_base AS SELECT id, email FROM z_people;\n"
        "CREATE VIEW a_summary AS SELECT count(*) AS people, a_people_count() AS counted FROM z_base;\n"
        "COMMENT ON VIEW a_summary IS 'one row';\n"
        "CREATE VIEW sales.top AS SELECT * FROM sales.recent(5);\n"
        "CREATE UNIQUE INDEX people_email ON z_people (lower(email));\n"
        "CREATE INDEX orders_total ON a_orders (total, person);\n"
        "COMMENT ON INDEX orders_total IS 'by size';\n"},
       {"004_names.sql",
        "-- strata:up\n"
        "CREATE TABLE \"Order Items\" (id INTEGER, \"Note\" VARCHAR COLLATE NOCASE DEFAULT 'a; b -- c',\n"
        "  tags VARCHAR[], attrs MAP(VARCHAR, INTEGER), doubled INTEGER GENERATED ALWAYS AS (id * 2) VIRTUAL,\n"
        "  PRIMARY KEY (id), UNIQUE (\"Note\"));\n"
        "CREATE VIEW \"Notes; Semicolons\" AS SELECT \"Note\", 'END; -- x' AS tail FROM \"Order Items\";\n"
        "CREATE MACRO sales.ended(s) AS s || ';';\n"}},
      {"-- schema sales\n", "-- type main.mood\n", "-- type sales.point\n", "-- sequence sales.order_ids\n",
       "-- macro sales.plus\n", "-- table macro sales.recent\n", "-- table main.a_orders\n", "-- view sales.top\n",
       "-- index main.people_email\n", "COMMENT ON INDEX", "-- table main.Order Items\n", "GENERATED ALWAYS AS"}};
}

// `role` is a role the test made, `schema` the one strata is pointed at.
EveryKindSet PostgresEveryKind(const std::string& role, const std::string& schema) {
  EveryKindSet every = {
      {{"001_types.sql",
        "-- strata:up\n"
        "CREATE EXTENSION citext;\n"
        "CREATE EXTENSION hstore WITH SCHEMA public;\n"
        "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');\n"
        "CREATE TYPE pair AS (left_value integer, right_value text COLLATE \"C\");\n"
        "CREATE TYPE floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);\n"
        "CREATE DOMAIN positive AS integer DEFAULT 1 NOT NULL CONSTRAINT positive_check CHECK (VALUE > 0);\n"
        "CREATE SEQUENCE ticket_seq AS integer INCREMENT BY 5 START WITH 100;\n"
        "SELECT nextval('ticket_seq');\n"
        "CREATE FUNCTION slugify(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lower(t) $$;\n"},
       {"002_tables.sql",
        "-- strata:up\n"
        "CREATE TABLE accounts (\n"
        "  id bigint GENERATED ALWAYS AS IDENTITY (START WITH 10) PRIMARY KEY,\n"
        "  email citext NOT NULL UNIQUE,\n"
        "  name text NOT NULL DEFAULT 'anon',\n"
        "  slug text GENERATED ALWAYS AS (slugify(name)) STORED,\n"
        "  feeling mood,\n"
        "  score positive,\n"
        "  home pair,\n"
        "  attrs public.hstore,\n"
        "  settings jsonb NOT NULL DEFAULT '{}',\n"
        "  during tstzrange,\n"
        "  CONSTRAINT name_not_blank CHECK (name <> ''),\n"
        "  CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&)\n"
        ") WITH (fillfactor = 70);\n"
        "CREATE TABLE orders (\n"
        "  id serial PRIMARY KEY,\n"
        "  account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,\n"
        "  ticket integer DEFAULT nextval('ticket_seq'),\n"
        "  total numeric(10,2),\n"
        "  placed timestamptz DEFAULT '2024-01-02 03:04:05+00',\n"
        "  CONSTRAINT one_ticket UNIQUE (account_id, ticket)\n"
        ");\n"
        "ALTER TABLE orders ADD CONSTRAINT total_positive CHECK (total >= 0) NOT VALID;\n"
        "CREATE INDEX orders_account ON orders (account_id) INCLUDE (total) WHERE total > 0;\n"
        "CREATE INDEX accounts_lower_name ON accounts (lower(name));\n"
        "CREATE INDEX accounts_settings ON accounts USING gin (settings);\n"
        "CREATE INDEX accounts_attrs ON accounts USING gin (attrs);\n"
        "CREATE INDEX accounts_name_hash ON accounts USING hash (name);\n"
        "CREATE INDEX orders_placed ON orders USING brin (placed) WITH (pages_per_range = 32);\n"
        "INSERT INTO accounts (email, score) VALUES ('a@example.com', 2);\n"
        "INSERT INTO orders (account_id, total) VALUES (10, 5);\n"
        "ALTER TABLE orders CLUSTER ON orders_pkey;\n"
        "ALTER TABLE orders ALTER COLUMN total SET STATISTICS 500;\n"},
       {"003_code.sql",
        "-- strata:up\n"
        "CREATE FUNCTION account_count() RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT count(*) FROM accounts $$;\n"
        "CREATE VIEW z_base AS SELECT id, name FROM accounts;\n"
        "CREATE VIEW a_top WITH (security_barrier = true) AS SELECT id FROM z_base WHERE id > 1;\n"
        "CREATE MATERIALIZED VIEW order_totals AS\n"
        "  SELECT account_id, sum(total) AS total FROM orders GROUP BY account_id;\n"
        "CREATE UNIQUE INDEX order_totals_account ON order_totals (account_id);\n"
        "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        "BEGIN\n  NEW.name := trim(NEW.name);\n  RETURN NEW;\nEND\n$$;\n"
        "CREATE PROCEDURE archive(days integer) LANGUAGE plpgsql AS $$ BEGIN PERFORM days; END $$;\n"
        "CREATE TRIGGER accounts_touch BEFORE INSERT OR UPDATE ON accounts FOR EACH ROW EXECUTE FUNCTION touch();\n"
        "CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW WHEN (OLD.total IS DISTINCT FROM NEW.total)\n"
        "  EXECUTE FUNCTION touch();\n"
        "ALTER TABLE orders DISABLE TRIGGER orders_touch;\n"
        "ALTER TABLE accounts ENABLE ROW LEVEL SECURITY;\n"
        "CREATE POLICY positive_only ON accounts FOR SELECT TO PUBLIC USING (score > 0);\n"
        "CREATE POLICY own_orders ON orders AS RESTRICTIVE FOR ALL TO {role} USING (account_id > 0)\n"
        "  WITH CHECK (total >= 0);\n"
        "CREATE STATISTICS accounts_stats (ndistinct) ON feeling, score FROM accounts;\n"},
       {"004_comments_and_grants.sql",
        "-- strata:up\n"
        "COMMENT ON SCHEMA {schema} IS 'the app';\n"
        "COMMENT ON TYPE mood IS 'how it feels';\n"
        "COMMENT ON DOMAIN positive IS 'above zero';\n"
        "COMMENT ON SEQUENCE ticket_seq IS 'tickets';\n"
        "COMMENT ON TABLE accounts IS 'who pays';\n"
        "COMMENT ON COLUMN accounts.email IS 'the login''s address';\n"
        "COMMENT ON CONSTRAINT name_not_blank ON accounts IS 'a name';\n"
        "COMMENT ON INDEX orders_placed IS 'by time';\n"
        "COMMENT ON VIEW z_base IS 'names';\n"
        "COMMENT ON MATERIALIZED VIEW order_totals IS 'sums';\n"
        "COMMENT ON FUNCTION slugify(text) IS 'url part';\n"
        "COMMENT ON PROCEDURE archive(integer) IS 'moves old rows';\n"
        "COMMENT ON TRIGGER accounts_touch ON accounts IS 'trims';\n"
        "COMMENT ON POLICY positive_only ON accounts IS 'scored';\n"
        "GRANT USAGE ON SCHEMA {schema} TO {role};\n"
        "GRANT USAGE ON TYPE mood TO {role};\n"
        "GRANT USAGE ON DOMAIN positive TO {role};\n"
        "GRANT USAGE, SELECT ON SEQUENCE ticket_seq TO {role};\n"
        "GRANT SELECT, INSERT ON accounts TO {role};\n"
        "GRANT UPDATE (name) ON accounts TO {role};\n"
        "GRANT SELECT ON accounts TO PUBLIC;\n"
        "GRANT SELECT ON z_base TO {role} WITH GRANT OPTION;\n"
        "GRANT SELECT ON order_totals TO {role};\n"
        "REVOKE EXECUTE ON FUNCTION slugify(text) FROM PUBLIC;\n"
        "GRANT EXECUTE ON FUNCTION slugify(text) TO {role};\n"
        "GRANT EXECUTE ON PROCEDURE archive(integer) TO {role};\n"},
       {"005_names_and_options.sql",
        "-- strata:up\n"
        "ALTER TYPE mood ADD VALUE 'meh' BEFORE 'ok';\n"
        "CREATE TABLE \"Line Items\" (\n"
        "  id integer GENERATED BY DEFAULT AS IDENTITY (SEQUENCE NAME line_item_ids INCREMENT BY 2) PRIMARY KEY,\n"
        "  order_id integer REFERENCES orders (id) MATCH FULL ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED,\n"
        "  \"Note\" text COLLATE \"C\" DEFAULT 'a; b -- c' CHECK (\"Note\" <> 'x') NO INHERIT,\n"
        "  body text,\n"
        "  dropped integer\n"
        ");\n"
        "ALTER TABLE \"Line Items\" DROP COLUMN dropped;\n"
        "ALTER TABLE \"Line Items\" ALTER COLUMN body SET STORAGE EXTERNAL;\n"
        "ALTER TABLE \"Line Items\" REPLICA IDENTITY FULL;\n"
        "CREATE UNLOGGED TABLE scratchpad (k text PRIMARY KEY, v text);\n"
        "CREATE INDEX line_items_note ON \"Line Items\" (\"Note\" DESC NULLS LAST, body text_pattern_ops);\n"
        "ALTER DOMAIN positive ADD CONSTRAINT below_million CHECK (VALUE < 1000000) NOT VALID;\n"
        "CREATE FUNCTION add_tax(amount numeric, rate numeric DEFAULT 0.2, OUT total numeric, OUT tax numeric)\n"
        "  LANGUAGE sql IMMUTABLE AS $$ SELECT amount * (1 + rate), amount * rate $$;\n"
        "CREATE FUNCTION one() RETURNS bigint LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog\n"
        "  AS 'SELECT 1::bigint';\n"
        "CREATE VIEW \"Notes; Semicolons\" AS SELECT \"Note\", 'END; -- x' AS tail FROM \"Line Items\";\n"
        "ALTER VIEW \"Notes; Semicolons\" ALTER COLUMN tail SET DEFAULT 'y';\n"
        "CREATE FUNCTION items_instead() RETURNS trigger LANGUAGE plpgsql AS $body$\n"
        "BEGIN\n  INSERT INTO \"Line Items\" (\"Note\") VALUES (NEW.\"Note\");\n  RETURN NEW;\nEND\n$body$;\n"
        "CREATE TRIGGER notes_insert INSTEAD OF INSERT ON \"Notes; Semicolons\" FOR EACH ROW\n"
        "  EXECUTE FUNCTION items_instead();\n"
        "COMMENT ON TABLE \"Line Items\" IS E'two\\nlines, ''quoted'' ';\n"}},
      {"-- schema {schema}\n",
       "-- extension citext\n",
       "-- extension hstore\n",
       "-- type {schema}.mood\n",
       "-- type {schema}.pair\n",
       "-- type {schema}.floatrange\n",
       "-- domain {schema}.positive\n",
       "-- sequence {schema}.ticket_seq\n",
       "GENERATED ALWAYS AS IDENTITY",
       "GENERATED ALWAYS AS ({schema}.slugify",
       "EXCLUDE USING gist",
       "-- foreign key orders_account_id_fkey on {schema}.orders\n",
       "INCLUDE (total) WHERE",
       "USING gin (settings)",
       "USING hash (name)",
       "USING brin (placed)",
       "-- view {schema}.a_top\n",
       "-- materialized view {schema}.order_totals\n",
       "-- procedure {schema}.archive(",
       "-- trigger accounts_touch on {schema}.accounts\n",
       "-- policy own_orders on {schema}.orders\n",
       "-- statistics {schema}.accounts_stats\n",
       "COMMENT ON POLICY",
       "GRANT SELECT ON TABLE {schema}.z_base TO {role}",
       "GRANT EXECUTE ON PROCEDURE",
       "-- table {schema}.\"Line Items\"\n",
       "DEFERRABLE INITIALLY DEFERRED",
       "SET STORAGE EXTERNAL",
       "REPLICA IDENTITY FULL",
       "CREATE UNLOGGED TABLE",
       "NOT VALID",
       "-- trigger notes_insert on {schema}.\"Notes; Semicolons\"\n"}};
  for (MigrationFile& m : every.migrations)
    m.second = Substitute(Substitute(m.second, "{role}", role), "{schema}", schema);
  for (std::string& sign : every.in_dump) sign = Substitute(Substitute(sign, "{role}", role), "{schema}", schema);
  return every;
}

EveryKindSet MariadbEveryKind() {
  return {
      {{"001_routines_and_tables.sql",
        "-- strata:up\n"
        "CREATE SEQUENCE order_numbers START WITH 100 INCREMENT BY 5;\n"
        "CREATE FUNCTION order_tax(amount DECIMAL(10,2)) RETURNS DECIMAL(10,2) DETERMINISTIC RETURN amount * 0.2;\n"
        "CREATE PROCEDURE close_orders(IN below INT)\n"
        "BEGIN\n"
        "  DECLARE n INT DEFAULT 0;\n"
        "  IF below > 0 THEN\n"
        "    DELETE FROM orders WHERE id < below;\n"
        "  END IF;\n"
        "  WHILE n < 2 DO SET n = n + 1; END WHILE;\n"
        "END;\n"
        "CREATE TABLE customers (\n"
        "  id INT AUTO_INCREMENT PRIMARY KEY,\n"
        "  email VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,\n"
        "  name VARCHAR(50) NOT NULL DEFAULT 'anonymous',\n"
        "  name_upper VARCHAR(50) AS (UPPER(name)) VIRTUAL,\n"
        "  name_length INT AS (CHAR_LENGTH(name)) PERSISTENT,\n"
        "  referrer_id INT NULL,\n"
        "  CONSTRAINT email_has_at CHECK (email LIKE '%@%'),\n"
        "  UNIQUE KEY customers_email (email)\n"
        ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='people, who buy';\n"
        "ALTER TABLE customers ADD CONSTRAINT customers_referrer FOREIGN KEY (referrer_id) REFERENCES customers (id);\n"
        "CREATE TABLE orders (\n"
        "  id INT AUTO_INCREMENT PRIMARY KEY,\n"
        "  number BIGINT NOT NULL DEFAULT (NEXT VALUE FOR order_numbers),\n"
        "  customer_id INT NOT NULL,\n"
        "  total DECIMAL(10,2) NOT NULL CHECK (total >= 0),\n"
        "  note TEXT,\n"
        "  KEY orders_total (total DESC, customer_id),\n"
        "  FULLTEXT KEY orders_note (note),\n"
        "  CONSTRAINT orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE\n"
        ");\n"
        "CREATE TABLE a_side (id INT PRIMARY KEY, b_id INT);\n"
        "CREATE TABLE b_side (id INT PRIMARY KEY, a_id INT,\n"
        "  CONSTRAINT b_to_a FOREIGN KEY (a_id) REFERENCES a_side (id));\n"
        "ALTER TABLE a_side ADD CONSTRAINT a_to_b FOREIGN KEY (b_id) REFERENCES b_side (id);\n"
        "CREATE TABLE counters (n INT NOT NULL AUTO_INCREMENT, label VARCHAR(10) NOT NULL, PRIMARY KEY (label),\n"
        "  KEY counters_n (n)) ENGINE=MyISAM;\n"
        "CREATE TABLE readings (id INT NOT NULL, taken DATE NOT NULL, PRIMARY KEY (id, taken))\n"
        "  PARTITION BY RANGE (YEAR(taken)) (PARTITION p2025 VALUES LESS THAN (2026),\n"
        "  PARTITION pmax VALUES LESS THAN MAXVALUE);\n"
        "CREATE TABLE prices (id INT PRIMARY KEY, amount INT) WITH SYSTEM VERSIONING;\n"
        "INSERT INTO customers (email) VALUES ('a@example.com'), ('b@example.com');\n"
        "INSERT INTO orders (customer_id, total) VALUES (1, 150), (2, 20);\n"
        "INSERT INTO counters (label) VALUES ('x'), ('y');\n"},
       {"002_views_triggers_events.sql",
        "-- strata:up\n"
        "CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 100;\n"
        "CREATE VIEW a_big_order_ids AS SELECT id FROM big_orders;\n"
        "CREATE ALGORITHM=MERGE SQL SECURITY INVOKER VIEW customer_names AS\n"
        "  SELECT name FROM customers WHERE id > 0 WITH CHECK OPTION;\n"
        "CREATE VIEW taxed AS SELECT id, order_tax(total) AS tax FROM orders;\n"
        "CREATE TRIGGER z_first BEFORE INSERT ON orders FOR EACH ROW SET NEW.note = COALESCE(NEW.note, 'new');\n"
        "CREATE TRIGGER a_second BEFORE INSERT ON orders FOR EACH ROW\n"
        "BEGIN\n"
        "  IF NEW.total < 0 THEN SET NEW.total = 0; END IF;\n"
        "END;\n"
        "CREATE TRIGGER p_before_all BEFORE INSERT ON orders FOR EACH ROW PRECEDES z_first\n"
        "  SET NEW.total = NEW.total + 0;\n"
        "CREATE TRIGGER customers_audit AFTER UPDATE ON customers FOR EACH ROW SET @changed = OLD.id;\n"
        "CREATE EVENT purge_notes ON SCHEDULE EVERY 1 DAY DISABLE DO DELETE FROM orders WHERE note = 'old';\n"
        "SET time_zone = '+02:00';\n"
        "CREATE EVENT purge_elsewhere ON SCHEDULE EVERY 1 HOUR DISABLE DO DELETE FROM orders WHERE note = 'far';\n"
        "SET time_zone = DEFAULT;\n"
        "CREATE EVENT yearly ON SCHEDULE EVERY 1 YEAR STARTS '2030-01-01 00:00:00' DISABLE\n"
        "  DO BEGIN UPDATE orders SET note = 'y'; DELETE FROM orders WHERE total = 0; END;\n"},
       {"003_names.sql",
        "-- strata:up\n"
        "CREATE TABLE `Order Items` (\n"
        "  id INT NOT NULL PRIMARY KEY,\n"
        "  note VARCHAR(40) DEFAULT 'a; b -- c' COMMENT 'it''s; a note',\n"
        "  secret INT INVISIBLE,\n"
        "  updated TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,\n"
        "  place POINT NOT NULL,\n"
        "  KEY note_prefix (note(10)),\n"
        "  SPATIAL KEY place_index (place)\n"
        ") ENGINE=InnoDB;\n"
        "CREATE VIEW `Notes; Semicolons` AS SELECT note, 'END; -- x' AS tail FROM `Order Items`;\n"
        "CREATE PROCEDURE tricky()\n"
        "BEGIN\n"
        "  -- a comment; with a semicolon\n"
        "  SELECT 'a;b' INTO @x;\n"
        "  SELECT \"END;\" INTO @y;\n"
        "END;\n"
        "CREATE TRIGGER items_one BEFORE INSERT ON `Order Items` FOR EACH ROW SET NEW.note = 'one;';\n"
        "CREATE TRIGGER items_two BEFORE INSERT ON `Order Items` FOR EACH ROW FOLLOWS items_one\n"
        "  SET NEW.secret = 2;\n"}},
      {"-- sequence order_numbers\n", "-- function order_tax\n", "-- procedure close_orders\n",
       "CHARACTER SET ascii COLLATE ascii_bin", "GENERATED ALWAYS AS (ucase(`name`)) VIRTUAL", "STORED",
       "-- index orders.orders_note\n", "-- foreign key a_side.a_to_b\n", "CHECK (`email` like '%@%')",
       "PARTITION BY RANGE", "WITH SYSTEM VERSIONING", "-- view a_big_order_ids\n", "-- trigger p_before_all\n",
       "-- event yearly\n", "-- table Order Items\n", "SPATIAL KEY", "INVISIBLE", "-- procedure tricky\n"}};
}

std::string DumpFileText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class DumpEveryKindTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    const std::string fresh = testing::FreshUrl(GetParam(), dir_);
    ASSERT_FALSE(fresh.empty());
    if (GetParam().name != "postgres") {
      url_ = fresh;
      return;
    }
    // Extensions belong to a database, not to a schema: the migrations run in a database of their own
    // (still pointed at the fresh schema), and a role for the grants comes and goes with the test.
    url_ = second_.New(fresh, "first");
    ASSERT_FALSE(url_.empty());
    admin_ = testing::OpenConnection(fresh);
    ASSERT_NE(admin_, nullptr);
    role_ = "strata_every_kind_" + std::to_string(std::random_device()() % 1000000);
    Run(*admin_, "CREATE ROLE " + role_ + " NOLOGIN;");
  }
  void TearDown() override {
    if (role_.empty()) return;
    // The role's privileges go with DROP OWNED in each database that granted some, then the role.
    for (const std::string& url : {url_, loaded_}) {
      if (url.empty()) continue;
      auto connection = testing::OpenConnection(url);
      if (connection) Run(*connection, "DROP OWNED BY " + role_ + ";");
    }
    Run(*admin_, "DROP ROLE " + role_ + ";");
  }
  static void Run(Connection& connection, const std::string& sql) {
    Script script;
    script.text = sql;
    Status done = connection.Execute(script);
    EXPECT_TRUE(done.ok()) << done.ToString();
  }
  EveryKindSet Migrations() const {
    const std::string& name = GetParam().name;
    if (name == "sqlite") return SqliteEveryKind();
    if (name == "duckdb") return DuckdbEveryKind();
    if (name == "mariadb") return MariadbEveryKind();
    return PostgresEveryKind(role_, url_.substr(url_.rfind("schema=") + 7));
  }

  TempDir dir_;
  Strata strata_{dir_.path()};
  testing::SecondDatabases second_{dir_.path()};
  std::string url_;
  std::string loaded_;  // the database the dump is loaded into
  std::unique_ptr<Connection> admin_;
  std::string role_;
};

TEST_P(DumpEveryKindTest, LoadedDumpDumpsTheSameBytes) {
  const EveryKindSet every = Migrations();
  for (const MigrationFile& m : every.migrations) dir_.Write("db/migrations/" + m.first, m.second);
  strata_.env["DATABASE_URL"] = url_;
  Outcome up = strata_({"up"});
  ASSERT_EQ(up.exit_code, 0) << up.out << up.err;
  Outcome dumped = strata_({"dump", "--out", "schema.sql"});
  ASSERT_EQ(dumped.exit_code, 0) << dumped.out << dumped.err;
  const std::string first = DumpFileText(dir_.path() / "schema.sql");
  const std::string latest = every.migrations.back().first.substr(0, 3);
  EXPECT_EQ(first.rfind("-- strata:dump version=" + latest + " database=", 0), 0u) << first;
  for (const std::string& sign : every.in_dump) EXPECT_TRUE(Contains(first, sign)) << "no " << sign << " in\n" << first;

  loaded_ = second_.New(url_, "loaded");
  ASSERT_FALSE(loaded_.empty());
  Outcome loaded = strata_({"--url", loaded_, "load", "schema.sql"});
  ASSERT_EQ(loaded.exit_code, 0) << loaded.out << loaded.err;
  Outcome again = strata_({"--url", loaded_, "dump"});
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_EQ(again.out, first);
}

INSTANTIATE_TEST_SUITE_P(Backends, DumpEveryKindTest, ::testing::ValuesIn(testing::Backends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace strata
