// The schema readers' stamps (SchemaReader::Stamp), on every SQL backend against real databases: where a
// driver has one, it stays the same while only rows change and changes with every kind of DDL the reader
// reads; where it has none, it is "". `status` trusts an unchanged stamp instead of reading the schema,
// so a DDL statement that left the stamp alone would hide drift: each kind is tried on its own.
#include <gtest/gtest.h>

#include "strata/driver.h"
#include "support/backends.h"
#include "support/schemas.h"
#include "support/temp_dir.h"

namespace strata {
namespace {

using testing::Backend;
using testing::TempDir;

// Statements each of which changes what the reader returns, one kind of object or attribute each.
std::vector<std::string> SchemaChanges(const std::string& backend) {
  if (backend == "postgres") {
    return {"CREATE TABLE extra (id int)",
            "ALTER TABLE items ADD COLUMN note text",
            "ALTER TABLE items ALTER COLUMN name SET DEFAULT 'x'",
            "ALTER TABLE items ALTER COLUMN qty DROP NOT NULL",
            "ALTER TABLE items RENAME COLUMN name TO label",
            "CREATE INDEX items_qty ON items (qty)",
            "ALTER TABLE items ADD CONSTRAINT qty_small CHECK (qty < 1000)",
            "COMMENT ON TABLE items IS 'stock'",
            "COMMENT ON COLUMN items.qty IS 'how many'",
            "CREATE VIEW big AS SELECT id FROM items WHERE qty > 10",
            "CREATE OR REPLACE VIEW big AS SELECT id FROM items WHERE qty > 20",
            "CREATE SEQUENCE tickets",
            "ALTER SEQUENCE tickets INCREMENT BY 5",
            "CREATE TYPE mood AS ENUM ('sad', 'ok')",
            "ALTER TYPE mood ADD VALUE 'happy'",
            "CREATE FUNCTION twice(i int) RETURNS int LANGUAGE sql AS $$ SELECT i * 2 $$",
            "CREATE OR REPLACE FUNCTION twice(i int) RETURNS int LANGUAGE sql AS $$ SELECT i + i $$",
            "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$",
            "CREATE TRIGGER items_touch BEFORE UPDATE ON items FOR EACH ROW EXECUTE FUNCTION touch()",
            "ALTER TABLE items DISABLE TRIGGER items_touch",
            "GRANT SELECT ON items TO PUBLIC",
            "GRANT UPDATE (qty) ON items TO PUBLIC",
            "ALTER TABLE items ENABLE ROW LEVEL SECURITY",
            "CREATE POLICY mine ON items USING (qty > 0)",
            "ALTER TABLE items RENAME TO things",
            "DROP INDEX items_qty",
            "DROP VIEW big"};
  }
  return {"CREATE TABLE extra (id int)",
          "ALTER TABLE items ADD COLUMN note TEXT",
          "ALTER TABLE items RENAME COLUMN name TO label",
          "CREATE INDEX items_qty ON items (qty)",
          "CREATE VIEW big AS SELECT id FROM items WHERE qty > 10",
          "CREATE TRIGGER items_touch AFTER UPDATE ON items BEGIN SELECT 1; END",
          "DROP TRIGGER items_touch",
          "ALTER TABLE items RENAME TO things",
          "DROP INDEX items_qty",
          "DROP VIEW big"};
}

class SchemaStampTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    url_ = testing::FreshUrl(GetParam(), dir_);
    ASSERT_FALSE(url_.empty());
    connection_ = testing::OpenConnection(url_);
    ASSERT_NE(connection_, nullptr);
    ASSERT_NE(connection_->schema(), nullptr);
    Run("CREATE TABLE items (id INTEGER PRIMARY KEY, name VARCHAR(50), qty INTEGER NOT NULL)");
  }

  void Run(const std::string& sql) {
    Status s = connection_->Execute({sql, "", 1});
    ASSERT_TRUE(s.ok()) << sql << ": " << s.ToString();
  }

  std::string Stamp() {
    auto stamp = connection_->schema()->Stamp();
    EXPECT_TRUE(stamp.ok()) << stamp.status().ToString();
    return stamp.ok() ? *stamp : "";
  }

  TempDir dir_;
  std::string url_;
  std::unique_ptr<Connection> connection_;
};

TEST_P(SchemaStampTest, RowsComeAndGoUnderTheSameStamp) {
  const std::string before = Stamp();
  ASSERT_FALSE(before.empty());
  EXPECT_EQ(Stamp(), before);
  Run("INSERT INTO items (id, name, qty) VALUES (1, 'bolt', 10), (2, 'nut', 20)");
  Run("UPDATE items SET qty = qty + 1");
  Run("DELETE FROM items WHERE id = 1");
  EXPECT_EQ(Stamp(), before);
  if (GetParam().name == "postgres") {
    Run("ANALYZE items");  // statistics are written in place
    Run("VACUUM items");
    EXPECT_EQ(Stamp(), before);
  }
}

TEST_P(SchemaStampTest, EveryKindOfDdlChangesIt) {
  std::string last = Stamp();
  for (const std::string& change : SchemaChanges(GetParam().name)) {
    Run(change);
    const std::string now = Stamp();
    EXPECT_NE(now, last) << "the stamp did not change with: " << change;
    last = now;
  }
}

// PostgreSQL: another schema of the same database (a tenant's, a test's).
TEST_P(SchemaStampTest, AnotherDatabasesDdlLeavesItAlone) {
  const std::string before = Stamp();
  TempDir other_dir;
  auto other = testing::OpenConnection(testing::FreshUrl(GetParam(), other_dir));
  ASSERT_NE(other, nullptr);
  ASSERT_TRUE(other->Execute({"CREATE TABLE elsewhere (id int)", "", 1}).ok());
  EXPECT_EQ(Stamp(), before);
}

INSTANTIATE_TEST_SUITE_P(Backends, SchemaStampTest, ::testing::ValuesIn(testing::BackendsNamed({"sqlite", "postgres"})),
                         [](const auto& info) { return info.param.name; });

// DuckDB and MariaDB have no stamp: `status` reads their schema each time.
using NoSchemaStampTest = SchemaStampTest;

TEST_P(NoSchemaStampTest, IsEmpty) { EXPECT_EQ(Stamp(), ""); }

INSTANTIATE_TEST_SUITE_P(Backends, NoSchemaStampTest, ::testing::ValuesIn(testing::BackendsNamed({"duckdb", "mariadb"})),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace strata
