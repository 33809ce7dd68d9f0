// PostgreSQL's schema reader and scratch databases, against the test server: every kind is read into the
// definition expected, the order loads into an empty database, a schema read, loaded into a scratch
// database and read again is the same byte for byte, strata's own objects stay out, an object of a kind
// that cannot be written back is an error, and scratch databases come and go.
#include <gtest/gtest.h>

#include <algorithm>

#include "strata/driver.h"
#include "support/backends.h"
#include "support/temp_dir.h"
#include "support/schemas.h"

namespace strata {
namespace {

using testing::Backend;
using testing::TempDir;

// One of every kind the reader covers, in the schema the session points at (its search_path).
constexpr const char* kEveryPostgresKind = R"sql(
CREATE EXTENSION citext WITH SCHEMA {schema};
CREATE EXTENSION hstore WITH SCHEMA public;
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TYPE pair AS (left_value integer, right_value text COLLATE "C");
CREATE TYPE floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);
CREATE DOMAIN positive AS integer DEFAULT 1 NOT NULL CONSTRAINT positive_check CHECK (VALUE > 0);
CREATE SEQUENCE ticket_seq AS integer INCREMENT BY 5 START WITH 100;
CREATE FUNCTION slugify(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lower(t) $$;
CREATE TABLE accounts (
  id bigint GENERATED ALWAYS AS IDENTITY (START WITH 10) PRIMARY KEY,
  email citext NOT NULL UNIQUE,
  name text NOT NULL DEFAULT 'anon',
  slug text GENERATED ALWAYS AS (slugify(name)) STORED,
  feeling mood,
  score positive,
  attrs public.hstore,
  during tstzrange,
  CONSTRAINT name_not_blank CHECK (name <> ''),
  CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&)
) WITH (fillfactor = 70);
CREATE TABLE orders (
  id serial PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  ticket integer DEFAULT nextval('ticket_seq'),
  total numeric(10,2),
  placed timestamptz DEFAULT '2024-01-02 03:04:05+00'
);
ALTER TABLE orders ADD CONSTRAINT total_positive CHECK (total >= 0) NOT VALID;
CREATE INDEX orders_account ON orders (account_id) INCLUDE (total) WHERE total > 0;
CREATE INDEX accounts_lower_name ON accounts USING btree (lower(name));
CREATE FUNCTION account_count() RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT count(*) FROM accounts $$;
CREATE VIEW z_base AS SELECT id, name FROM accounts;
CREATE VIEW a_top WITH (security_barrier = true) AS SELECT id FROM z_base WHERE id > 1;
CREATE MATERIALIZED VIEW order_totals AS SELECT account_id, sum(total) AS total FROM orders GROUP BY account_id;
CREATE UNIQUE INDEX order_totals_account ON order_totals (account_id);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.name := trim(NEW.name); RETURN NEW; END $$;
CREATE PROCEDURE archive(days integer) LANGUAGE plpgsql AS $$ BEGIN PERFORM days; END $$;
CREATE TRIGGER accounts_touch BEFORE INSERT OR UPDATE ON accounts FOR EACH ROW EXECUTE FUNCTION touch();
ALTER TABLE accounts ENABLE ROW LEVEL SECURITY;
CREATE POLICY positive_only ON accounts FOR SELECT TO PUBLIC USING (score > 0);
CREATE STATISTICS accounts_stats (ndistinct) ON feeling, score FROM accounts;
COMMENT ON TABLE accounts IS 'who pays';
COMMENT ON COLUMN accounts.email IS 'the login''s address';
COMMENT ON FUNCTION slugify(text) IS 'url part';
COMMENT ON TYPE mood IS 'how it feels';
GRANT SELECT ON accounts TO PUBLIC;
GRANT UPDATE (name) ON accounts TO PUBLIC;
REVOKE EXECUTE ON FUNCTION slugify(text) FROM PUBLIC;
GRANT USAGE ON SCHEMA {schema} TO PUBLIC;
COMMENT ON SCHEMA {schema} IS 'the app';
ALTER TABLE accounts DISABLE TRIGGER accounts_touch;
ALTER TABLE orders CLUSTER ON orders_pkey;
ALTER TABLE orders ALTER COLUMN total SET STATISTICS 500;
)sql";

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = 0; (at = text.find(from, at)) != std::string::npos; at += to.size()) text.replace(at, from.size(), to);
  return text;
}

class PostgresSchemaTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    url_ = testing::FreshUrl(GetParam(), dir_);
    ASSERT_FALSE(url_.empty());
    schema_ = url_.substr(url_.rfind("schema=") + 7);
    main_ = Open(url_);
    ASSERT_NE(main_, nullptr);
    ASSERT_NE(main_->schema(), nullptr);
    ASSERT_NE(main_->scratch(), nullptr);
  }
  void TearDown() override {
    if (!main_) return;
    for (const std::string& url : scratches_) EXPECT_TRUE(main_->scratch()->DropScratch(url).ok()) << url;
  }

  std::unique_ptr<Connection> Open(const std::string& url) { return testing::OpenConnection(url); }
  // A scratch database beside the test's, dropped when the test ends.
  std::string Scratch() {
    auto url = main_->scratch()->CreateScratch();
    EXPECT_TRUE(url.ok()) << url.status().ToString();
    if (!url.ok()) return "";
    scratches_.push_back(*url);
    return *url;
  }
  static void Run(Connection& connection, const std::string& sql) {
    Status s = connection.Execute({sql, "", 1});
    ASSERT_TRUE(s.ok()) << s.ToString();
  }
  static std::vector<SchemaObject> Read(Connection& connection) {
    auto schema = connection.schema()->ReadSchema();
    EXPECT_TRUE(schema.ok()) << schema.status().ToString();
    return schema.ok() ? schema->objects : std::vector<SchemaObject>{};
  }
  static std::string Cell(Connection& connection, const std::string& sql) {
    auto rows = connection.sql()->Query(sql, {});
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    return rows.ok() && !rows->empty() ? rows->front()[0].value_or("NULL") : "";
  }
  // Where (kind, name) is in `objects`; fails the test when it is missing.
  static size_t Position(const std::vector<SchemaObject>& objects, const std::string& kind, const std::string& name) {
    auto it = std::find_if(objects.begin(), objects.end(),
                           [&](const SchemaObject& o) { return o.kind == kind && o.name == name; });
    EXPECT_NE(it, objects.end()) << kind << " " << name << " was not read";
    return static_cast<size_t>(it - objects.begin());
  }
  static std::string Definition(const std::vector<SchemaObject>& objects, const std::string& kind, const std::string& name) {
    size_t at = Position(objects, kind, name);
    return at < objects.size() ? objects[at].definition : "";
  }
  static void ExpectSame(const std::vector<SchemaObject>& a, const std::vector<SchemaObject>& b) {
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].kind + " " + a[i].name, b[i].kind + " " + b[i].name) << "at " << i;
      EXPECT_EQ(a[i].definition, b[i].definition) << a[i].kind << " " << a[i].name;
    }
  }
  // A private database holding one of every kind (extensions are per database: never in the shared one).
  std::unique_ptr<Connection> EveryKind() {
    std::string url = Scratch();
    if (url.empty()) return nullptr;
    auto connection = Open(url);
    if (connection) Run(*connection, "CREATE SCHEMA " + schema_ + ";\n" + Replace(kEveryPostgresKind, "{schema}", schema_));
    return connection;
  }
  std::string S(const std::string& text) const { return Replace(text, "S.", schema_ + "."); }

  TempDir dir_;
  std::string url_;
  std::string schema_;
  std::unique_ptr<Connection> main_;
  std::vector<std::string> scratches_;
};

TEST_P(PostgresSchemaTest, ReadsEveryKind) {
  auto db = EveryKind();
  ASSERT_NE(db, nullptr);
  const std::vector<SchemaObject> objects = Read(*db);
  EXPECT_EQ(Definition(objects, "schema", schema_), "CREATE SCHEMA IF NOT EXISTS " + schema_ + ";\nCOMMENT ON SCHEMA " +
                                                       schema_ + " IS 'the app';\nGRANT USAGE ON SCHEMA " + schema_ +
                                                       " TO PUBLIC;\n");
  EXPECT_EQ(Definition(objects, "extension", "citext"),
            "CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA " + schema_ + ";\n");
  EXPECT_EQ(Definition(objects, "extension", "hstore"),
            "CREATE SCHEMA IF NOT EXISTS public;\nCREATE EXTENSION IF NOT EXISTS hstore WITH SCHEMA public;\n");
  EXPECT_EQ(Definition(objects, "type", S("S.mood")),
            S("CREATE TYPE S.mood AS ENUM ('sad', 'ok', 'happy');\nCOMMENT ON TYPE S.mood IS 'how it feels';\n"));
  EXPECT_EQ(Definition(objects, "type", S("S.pair")),
            S("CREATE TYPE S.pair AS (left_value integer, right_value text COLLATE pg_catalog.\"C\");\n"));
  EXPECT_EQ(Definition(objects, "type", S("S.floatrange")),
            S("CREATE TYPE S.floatrange AS RANGE (SUBTYPE = double precision, SUBTYPE_DIFF = float8mi, "
              "MULTIRANGE_TYPE_NAME = S.floatmultirange);\n"));
  EXPECT_EQ(Definition(objects, "domain", S("S.positive")),
            S("CREATE DOMAIN S.positive AS integer DEFAULT 1 NOT NULL CONSTRAINT positive_check CHECK ((VALUE > 0));\n"));
  EXPECT_EQ(Definition(objects, "sequence", S("S.orders_id_seq")), S("CREATE SEQUENCE S.orders_id_seq AS integer;\n"));
  EXPECT_EQ(Definition(objects, "sequence", S("S.ticket_seq")),
            S("CREATE SEQUENCE S.ticket_seq AS integer INCREMENT BY 5 START WITH 100;\n"));
  EXPECT_EQ(Definition(objects, "table", S("S.accounts")),
            S("CREATE TABLE S.accounts (\n"
              "    id bigint GENERATED ALWAYS AS IDENTITY (START WITH 10) NOT NULL,\n"
              "    email S.citext NOT NULL,\n"
              "    name text DEFAULT 'anon'::text NOT NULL,\n"
              "    slug text GENERATED ALWAYS AS (S.slugify(name)) STORED,\n"
              "    feeling S.mood,\n"
              "    score S.positive,\n"
              "    attrs public.hstore,\n"
              "    during tstzrange,\n"
              "    CONSTRAINT accounts_email_key UNIQUE (email),\n"
              "    CONSTRAINT accounts_pkey PRIMARY KEY (id),\n"
              "    CONSTRAINT name_not_blank CHECK ((name <> ''::text)),\n"
              "    CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&)\n"
              ") WITH (fillfactor=70);\n"
              "ALTER TABLE S.accounts ENABLE ROW LEVEL SECURITY;\n"
              "COMMENT ON TABLE S.accounts IS 'who pays';\n"
              "COMMENT ON COLUMN S.accounts.email IS 'the login''s address';\n"
              "GRANT SELECT ON TABLE S.accounts TO PUBLIC;\n"
              "GRANT UPDATE (name) ON TABLE S.accounts TO PUBLIC;\n"));
  EXPECT_EQ(Definition(objects, "table", S("S.orders")),
            S("CREATE TABLE S.orders (\n"
              "    id integer DEFAULT nextval('S.orders_id_seq'::regclass) NOT NULL,\n"
              "    account_id bigint NOT NULL,\n"
              "    ticket integer DEFAULT nextval('S.ticket_seq'::regclass),\n"
              "    total numeric(10,2),\n"
              "    placed timestamp with time zone DEFAULT '2024-01-02 03:04:05+00'::timestamp with time zone,\n"
              "    CONSTRAINT orders_pkey PRIMARY KEY (id)\n"
              ");\n"
              "ALTER TABLE S.orders ADD CONSTRAINT total_positive CHECK ((total >= (0)::numeric)) NOT VALID;\n"
              "ALTER TABLE ONLY S.orders ALTER COLUMN total SET STATISTICS 500;\n"
              "ALTER SEQUENCE S.orders_id_seq OWNED BY S.orders.id;\n"
              "ALTER TABLE S.orders CLUSTER ON orders_pkey;\n"));
  EXPECT_EQ(Definition(objects, "foreign key", S("orders_account_id_fkey on S.orders")),
            S("ALTER TABLE S.orders ADD CONSTRAINT orders_account_id_fkey FOREIGN KEY (account_id) REFERENCES "
              "S.accounts(id) ON DELETE CASCADE;\n"));
  EXPECT_EQ(Definition(objects, "index", "orders_account"),
            S("CREATE INDEX orders_account ON S.orders USING btree (account_id) INCLUDE (total) WHERE (total > "
              "(0)::numeric);\n"));
  EXPECT_EQ(Definition(objects, "index", "accounts_lower_name"),
            S("CREATE INDEX accounts_lower_name ON S.accounts USING btree (lower(name));\n"));
  const std::string view = Definition(objects, "view", S("S.a_top"));
  EXPECT_EQ(view.rfind(S("CREATE VIEW S.a_top WITH (security_barrier=true) AS\n SELECT "), 0), 0u) << view;
  EXPECT_NE(view.find(S("FROM S.z_base")), std::string::npos) << view;
  EXPECT_NE(Definition(objects, "materialized view", S("S.order_totals"))
                .find(S("CREATE MATERIALIZED VIEW S.order_totals AS\n SELECT orders.account_id,")),
            std::string::npos);
  EXPECT_NE(Definition(objects, "materialized view", S("S.order_totals")).find("\nWITH DATA;\n"), std::string::npos);
  EXPECT_EQ(Definition(objects, "index", "order_totals_account"),
            S("CREATE UNIQUE INDEX order_totals_account ON S.order_totals USING btree (account_id);\n"));
  EXPECT_EQ(Definition(objects, "function", S("S.slugify(t text)")),
            S("CREATE OR REPLACE FUNCTION S.slugify(t text)\n RETURNS text\n LANGUAGE sql\n IMMUTABLE\nAS $function$ "
              "SELECT lower(t) $function$;\n"
              "COMMENT ON FUNCTION S.slugify(t text) IS 'url part';\n"
              "REVOKE EXECUTE ON FUNCTION S.slugify(t text) FROM PUBLIC;\n"));
  auto procedure = std::find_if(objects.begin(), objects.end(), [](const SchemaObject& o) { return o.kind == "procedure"; });
  ASSERT_NE(procedure, objects.end());
  EXPECT_EQ(procedure->name.rfind(S("S.archive("), 0), 0u) << procedure->name;
  EXPECT_EQ(procedure->definition.rfind(S("CREATE OR REPLACE PROCEDURE S.archive("), 0), 0u) << procedure->definition;
  EXPECT_EQ(Definition(objects, "trigger", S("accounts_touch on S.accounts")),
            S("CREATE TRIGGER accounts_touch BEFORE INSERT OR UPDATE ON S.accounts FOR EACH ROW EXECUTE FUNCTION "
              "S.touch();\nALTER TABLE S.accounts DISABLE TRIGGER accounts_touch;\n"));
  EXPECT_EQ(Definition(objects, "policy", S("positive_only on S.accounts")),
            S("CREATE POLICY positive_only ON S.accounts AS PERMISSIVE FOR SELECT TO PUBLIC USING (((score)::integer > 0));\n"));
  EXPECT_EQ(Definition(objects, "statistics", S("S.accounts_stats")),
            S("CREATE STATISTICS S.accounts_stats (ndistinct) ON feeling, score FROM S.accounts;\n"));
  // The order loads: what an object needs comes first, whatever the names say.
  EXPECT_EQ(Position(objects, "schema", schema_), 0u);
  EXPECT_LT(Position(objects, "extension", "citext"), Position(objects, "table", S("S.accounts")));
  EXPECT_LT(Position(objects, "extension", "hstore"), Position(objects, "table", S("S.accounts")));
  EXPECT_LT(Position(objects, "function", S("S.slugify(t text)")), Position(objects, "table", S("S.accounts")));
  EXPECT_LT(Position(objects, "table", S("S.accounts")), Position(objects, "function", S("S.account_count()")));
  EXPECT_LT(Position(objects, "sequence", S("S.ticket_seq")), Position(objects, "table", S("S.orders")));
  EXPECT_LT(Position(objects, "table", S("S.orders")), Position(objects, "foreign key", S("orders_account_id_fkey on S.orders")));
  EXPECT_LT(Position(objects, "view", S("S.z_base")), Position(objects, "view", S("S.a_top")));
  EXPECT_LT(Position(objects, "function", S("S.touch()")), Position(objects, "trigger", S("accounts_touch on S.accounts")));
  EXPECT_LT(Position(objects, "sequence", S("S.orders_id_seq")), Position(objects, "table", S("S.orders")));
  // An identity column's sequence, and the members of extensions, are not objects of their own.
  for (const SchemaObject& o : objects) {
    EXPECT_NE(o.name, S("S.accounts_id_seq"));
    EXPECT_EQ(o.name.find("citext("), std::string::npos) << o.name;
    EXPECT_EQ(o.name.find("floatrange("), std::string::npos) << o.name;  // the range type's constructors
    EXPECT_EQ(o.definition.find("OWNER"), std::string::npos) << o.definition;
  }
}

TEST_P(PostgresSchemaTest, RoundTripsThroughAScratchDatabase) {
  auto db = EveryKind();
  ASSERT_NE(db, nullptr);
  const std::vector<SchemaObject> first = Read(*db);
  ASSERT_GT(first.size(), 20u);
  ExpectSame(first, Read(*db));  // the same object always reads the same
  auto copy = Open(Scratch());
  ASSERT_NE(copy, nullptr);
  for (const SchemaObject& o : first) {
    Status s = copy->Execute({o.definition, "", 1});
    ASSERT_TRUE(s.ok()) << o.kind << " " << o.name << ": " << s.ToString();
  }
  ExpectSame(first, Read(*copy));
}

TEST_P(PostgresSchemaTest, ReadsInsideATransactionAndLeavesTheSessionAsItWas) {
  Run(*main_, "CREATE TABLE kept (id integer)");
  const std::string path = Cell(*main_, "SELECT current_setting('search_path')");
  const std::string zone = Cell(*main_, "SELECT current_setting('TimeZone')");
  ASSERT_TRUE(main_->Begin().ok());
  Run(*main_, "CREATE TABLE in_flight (id integer)");
  std::vector<SchemaObject> objects = Read(*main_);
  EXPECT_LT(Position(objects, "table", schema_ + ".in_flight"), objects.size());
  Run(*main_, "INSERT INTO in_flight VALUES (1)");  // the transaction is still usable
  ASSERT_TRUE(main_->Rollback().ok());
  EXPECT_EQ(Cell(*main_, "SELECT current_setting('search_path')"), path);
  EXPECT_EQ(Cell(*main_, "SELECT current_setting('TimeZone')"), zone);
  objects = Read(*main_);
  ASSERT_EQ(objects.size(), 2u);
  EXPECT_EQ(objects[1].name, schema_ + ".kept");
  EXPECT_EQ(Cell(*main_, "SELECT current_setting('search_path')"), path);
}

TEST_P(PostgresSchemaTest, LeavesOutStratasOwnObjectsAndOtherSchemas) {
  ASSERT_TRUE(main_->history().Ensure().ok());
  Run(*main_, "CREATE TABLE kept (id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY)");
  TempDir other_dir;
  auto other = Open(testing::FreshUrl(GetParam(), other_dir));
  ASSERT_NE(other, nullptr);
  Run(*other, "CREATE TABLE elsewhere (id integer)");
  const std::vector<SchemaObject> objects = Read(*main_);
  ASSERT_EQ(objects.size(), 2u);
  EXPECT_EQ(objects[0].kind + " " + objects[0].name, "schema " + schema_);
  EXPECT_EQ(objects[1].kind + " " + objects[1].name, "table " + schema_ + ".kept");
  for (const SchemaObject& o : objects) EXPECT_EQ(o.definition.find("strata_migrations"), std::string::npos);
}

TEST_P(PostgresSchemaTest, AnObjectOfAnUnsupportedKindIsAnErrorNamingIt) {
  Run(*main_, "CREATE TABLE audited (id integer);\nCREATE RULE audited_keep AS ON DELETE TO audited DO INSTEAD NOTHING;");
  auto schema = main_->schema()->ReadSchema();
  ASSERT_FALSE(schema.ok());
  EXPECT_EQ(schema.status().code(), StatusCode::kUnsupported);
  EXPECT_NE(schema.status().message().find("rule audited_keep on audited"), std::string::npos) << schema.status().message();
  Run(*main_, "DROP RULE audited_keep ON audited;\nCREATE TABLE events (at date) PARTITION BY RANGE (at);");
  schema = main_->schema()->ReadSchema();
  ASSERT_FALSE(schema.ok());
  EXPECT_EQ(schema.status().code(), StatusCode::kUnsupported);
  EXPECT_NE(schema.status().message().find("partitioned table events"), std::string::npos) << schema.status().message();
  Run(*main_, "DROP TABLE events");
  EXPECT_TRUE(main_->schema()->ReadSchema().ok());
}

TEST_P(PostgresSchemaTest, ScratchDatabasesAreCreatedUsedAndDropped) {
  auto url = main_->scratch()->CreateScratch();
  ASSERT_TRUE(url.ok()) << url.status().ToString();
  EXPECT_NE(url->find("schema=" + schema_), std::string::npos) << RedactUrl(*url);
  std::string name;
  {
    auto scratch = Open(*url);
    ASSERT_NE(scratch, nullptr);
    name = Cell(*scratch, "SELECT current_database()");
    EXPECT_EQ(name.rfind("strata_scratch_", 0), 0u) << name;
    EXPECT_NE(name, Cell(*main_, "SELECT current_database()"));
    Run(*scratch, "CREATE SCHEMA " + schema_ + ";\nCREATE TABLE t (id integer);");
    EXPECT_EQ(Read(*scratch).size(), 2u);
    // Dropped even while a session is still connected to it.
    ASSERT_TRUE(main_->scratch()->DropScratch(*url).ok());
  }
  EXPECT_EQ(Cell(*main_, "SELECT count(*)::text FROM pg_database WHERE datname = '" + name + "'"), "0");
  EXPECT_TRUE(main_->scratch()->DropScratch(*url).ok());  // already gone: nothing to do
  Status refused = main_->scratch()->DropScratch(url_);
  EXPECT_EQ(refused.code(), StatusCode::kInvalidArgument) << refused.ToString();
  EXPECT_EQ(Cell(*main_, "SELECT count(*)::text FROM pg_namespace WHERE nspname = '" + schema_ + "'"), "1");
}

TEST_P(PostgresSchemaTest, ThePublicSchemaIsReadWithoutCreatingIt) {
  std::string url = Scratch();
  ASSERT_FALSE(url.empty());
  url = url.substr(0, url.find("?schema="));  // the test server's URL has no other options
  ASSERT_EQ(url.find("schema="), std::string::npos) << RedactUrl(url);
  auto db = Open(url);
  ASSERT_NE(db, nullptr);
  Run(*db, "CREATE TABLE plain (id integer)");
  const std::vector<SchemaObject> objects = Read(*db);
  ASSERT_EQ(objects.size(), 1u);
  EXPECT_EQ(objects[0].kind + " " + objects[0].name, "table public.plain");
  EXPECT_EQ(objects[0].definition, "CREATE TABLE public.plain (\n    id integer\n);\n");
}

// A role that may not create databases gets a scratch schema in the connection's database instead.
TEST_P(PostgresSchemaTest, WithoutCreateDatabaseTheScratchIsASchema) {
  const std::string role = "r_" + schema_;
  Run(*main_, "CREATE ROLE " + role + " LOGIN NOCREATEDB;\nGRANT CREATE ON DATABASE " +
                  Cell(*main_, "SELECT current_database()") + " TO " + role + ";");
  const size_t at = url_.find('@');
  ASSERT_NE(at, std::string::npos) << "the test server's URL names no user";
  const std::string role_url = url_.substr(0, url_.find("://") + 3) + role + url_.substr(at);
  {
    auto limited = Open(role_url);
    ASSERT_NE(limited, nullptr);
    auto url = limited->scratch()->CreateScratch();
    ASSERT_TRUE(url.ok()) << url.status().ToString();
    const std::string scratch_schema = url->substr(url->rfind("schema=") + 7);
    EXPECT_EQ(scratch_schema.rfind("strata_scratch_", 0), 0u) << RedactUrl(*url);
    {
      auto scratch = Open(*url);
      ASSERT_NE(scratch, nullptr);
      EXPECT_EQ(Cell(*scratch, "SELECT current_database()"), Cell(*main_, "SELECT current_database()"));
      Run(*scratch, "CREATE TABLE t (id integer)");
      EXPECT_EQ(Cell(*scratch, "SELECT to_regclass('" + scratch_schema + ".t') IS NOT NULL"), "t");
    }
    ASSERT_TRUE(limited->scratch()->DropScratch(*url).ok());
    EXPECT_EQ(Cell(*main_, "SELECT count(*)::text FROM pg_namespace WHERE nspname = '" + scratch_schema + "'"), "0");
  }
  Run(*main_, "REVOKE CREATE ON DATABASE " + Cell(*main_, "SELECT current_database()") + " FROM " + role + ";\nDROP ROLE " +
                  role + ";");
}

GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(PostgresSchemaTest);
INSTANTIATE_TEST_SUITE_P(Servers, PostgresSchemaTest, ::testing::ValuesIn(testing::BackendsNamed({"postgres"})),
                         [](const ::testing::TestParamInfo<Backend>& info) { return info.param.name; });

}  // namespace
}  // namespace strata
