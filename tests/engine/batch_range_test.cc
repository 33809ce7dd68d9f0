// Key ranges added to batched statements (engine/batch_range.h): each accepted shape with the statement
// strata runs, each refused one with its line. Pure: no database.
#include <gtest/gtest.h>

#include "engine/batch_range.h"

namespace strata {
namespace {

using lint::TokenDialect;

struct RangeCase {
  const char* statement;
  TokenDialect dialect;
  const char* table;
  const char* first;  // Statement(true, "id")
  const char* next;   // Statement(false, "id"); "" when the same as `first` with '>' for '>='
};

const RangeCase kRanges[] = {
    {"UPDATE users SET email = lower(email) WHERE email <> lower(email);", TokenDialect::kPostgres, "users",
     "UPDATE users SET email = lower(email) WHERE ( email <> lower(email)\n) AND users.id >= ? AND users.id <= ?", ""},
    {"UPDATE users SET n = n + 1", TokenDialect::kSqlite, "users",
     "UPDATE users SET n = n + 1 WHERE users.id >= ? AND users.id <= ?", ""},
    // An OR stays inside its parentheses; RETURNING stays after the range.
    {"UPDATE public.users u SET n = 1 WHERE a = 1 OR b = 2 RETURNING id", TokenDialect::kPostgres, "public.users",
     "UPDATE public.users u SET n = 1 WHERE ( a = 1 OR b = 2\n) AND u.id >= ? AND u.id <= ? RETURNING id", ""},
    // A WHERE inside a subquery is not the statement's.
    {"UPDATE t AS x SET n = (SELECT max(v) FROM s WHERE s.t_id = x.id)", TokenDialect::kPostgres, "t",
     "UPDATE t AS x SET n = (SELECT max(v) FROM s WHERE s.t_id = x.id) WHERE x.id >= ? AND x.id <= ?", ""},
    {"UPDATE t SET n = 0 FROM s WHERE s.id = t.id", TokenDialect::kPostgres, "t",
     "UPDATE t SET n = 0 FROM s WHERE ( s.id = t.id\n) AND t.id >= ? AND t.id <= ?", ""},
    {"UPDATE `order` SET n = 0 ORDER BY id LIMIT 10", TokenDialect::kMysql, "`order`",
     "UPDATE `order` SET n = 0 WHERE `order`.id >= ? AND `order`.id <= ? ORDER BY id LIMIT 10", ""},
    {"UPDATE OR IGNORE t SET n = 0", TokenDialect::kSqlite, "t", "UPDATE OR IGNORE t SET n = 0 WHERE t.id >= ? AND t.id <= ?",
     ""},
    {"DELETE FROM events WHERE created < '2020-01-01'", TokenDialect::kPostgres, "events",
     "DELETE FROM events WHERE ( created < '2020-01-01'\n) AND events.id >= ? AND events.id <= ?",
     "DELETE FROM events WHERE ( created < '2020-01-01'\n) AND events.id > ? AND events.id <= ?"},
    {"DELETE FROM \"Events\" e USING s WHERE s.id = e.s_id", TokenDialect::kPostgres, "\"Events\"",
     "DELETE FROM \"Events\" e USING s WHERE ( s.id = e.s_id\n) AND e.id >= ? AND e.id <= ?", ""},
    {"DELETE FROM t", TokenDialect::kDuckdb, "t", "DELETE FROM t WHERE t.id >= ? AND t.id <= ?", ""},
    // A 'WHERE' in a string is no clause.
    {"DELETE FROM t WHERE note = 'x WHERE y'", TokenDialect::kMysql, "t",
     "DELETE FROM t WHERE ( note = 'x WHERE y'\n) AND t.id >= ? AND t.id <= ?", ""},
    {"INSERT INTO archive (id, v) SELECT id, v FROM src WHERE v > 0", TokenDialect::kPostgres, "src",
     "INSERT INTO archive (id, v) SELECT id, v FROM src WHERE ( v > 0\n) AND src.id >= ? AND src.id <= ?", ""},
    {"INSERT INTO a SELECT s.id, count(*) FROM src s JOIN o ON o.s = s.id GROUP BY s.id", TokenDialect::kSqlite, "src",
     "INSERT INTO a SELECT s.id, count(*) FROM src s JOIN o ON o.s = s.id WHERE s.id >= ? AND s.id <= ? GROUP BY s.id", ""},
    {"INSERT INTO a SELECT id FROM src ON CONFLICT (id) DO UPDATE SET n = 1 WHERE a.n = 0", TokenDialect::kPostgres,
     "src",
     "INSERT INTO a SELECT id FROM src WHERE src.id >= ? AND src.id <= ? ON CONFLICT (id) DO UPDATE SET n = 1 WHERE a.n = 0",
     ""},
    {"INSERT INTO a SELECT id FROM src WHERE v = 1 ON DUPLICATE KEY UPDATE n = n + 1", TokenDialect::kMysql, "src",
     "INSERT INTO a SELECT id FROM src WHERE ( v = 1\n) AND src.id >= ? AND src.id <= ? ON DUPLICATE KEY UPDATE n = n + 1",
     ""},
};

TEST(BatchRangeTest, AddsTheRangeAtTheTopLevel) {
  for (const RangeCase& c : kRanges) {
    SCOPED_TRACE(c.statement);
    auto range = KeyRange::Read(Section{std::string("-- a comment\n") + c.statement + "\n", "m.sql", 3, true}, c.dialect);
    ASSERT_TRUE(range.ok()) << range.status().ToString();
    EXPECT_EQ(range->table(), c.table);
    EXPECT_EQ(range->Statement(true, "id"), c.first);
    std::string next = *c.next ? c.next : c.first;
    if (!*c.next) next.replace(next.find(">="), 2, ">");
    EXPECT_EQ(range->Statement(false, "id"), next);
  }
}

struct RefusedCase {
  const char* text;
  int line;           // the line named, the section starting at line 10
  const char* words;  // what the message says
};

const RefusedCase kRefused[] = {
    {"UPDATE t SET n = 1;\nDELETE FROM t;\n", 11, "2 statements"},
    {"\n\nCREATE INDEX i ON t (n);\n", 12, "a statement that starts with CREATE"},
    {"WITH x AS (SELECT 1) UPDATE t SET n = 1;\n", 10, "starts with WITH"},
    {"INSERT INTO t VALUES (1), (2);\n", 10, "an INSERT without SELECT"},
    {"INSERT INTO t SELECT 1;\n", 10, "without FROM"},
    {"INSERT INTO t SELECT id FROM (SELECT 1 AS id) s;\n", 10, "FROM a subquery"},
    {"INSERT INTO t SELECT id FROM a UNION SELECT id FROM b;\n", 10, "a SELECT with UNION"},
    {"DELETE t1 FROM t1 JOIN t2 ON t1.id = t2.id;\n", 10, "multi-table form"},
    {"-- only a comment\n", 10, "0 statements"},
};

TEST(BatchRangeTest, RefusesWhatItCannotRangeWithTheLine) {
  for (const RefusedCase& c : kRefused) {
    SCOPED_TRACE(c.text);
    auto range = KeyRange::Read(Section{c.text, "db/m.sql", 10, true}, TokenDialect::kMysql);
    ASSERT_FALSE(range.ok());
    EXPECT_EQ(range.status().code(), StatusCode::kInvalidMigration);
    ASSERT_TRUE(range.status().location());
    EXPECT_EQ(range.status().location()->line, c.line);
    EXPECT_NE(range.status().message().find(c.words), std::string::npos) << range.status().message();
    EXPECT_NE(range.status().message().find("docs/batched-migrations.md"), std::string::npos);
  }
}

TEST(BatchRangeTest, PlainNames) {
  EXPECT_TRUE(IsPlainName("id"));
  EXPECT_TRUE(IsPlainName("user_id2"));
  EXPECT_FALSE(IsPlainName("2id"));
  EXPECT_FALSE(IsPlainName("id; DROP TABLE t"));
  EXPECT_FALSE(IsPlainName(""));
}

}  // namespace
}  // namespace strata
