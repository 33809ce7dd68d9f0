// Table-driven: each case is a script and the statements its database's own client would send.
#include "sql/splitter.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace strata::sql {
namespace {

struct Case {
  const char* name;
  Dialect dialect;
  std::string script;
  std::vector<std::string> statements;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

std::vector<std::string> Split(const Case& c) {
  std::vector<std::string> out;
  for (const StatementSpan& s : SplitStatements(c.script, c.dialect)) out.push_back(c.script.substr(s.offset, s.length));
  return out;
}

class SplitterTest : public ::testing::TestWithParam<Case> {};

TEST_P(SplitterTest, SplitsLikeTheDatabaseClient) { EXPECT_EQ(Split(GetParam()), GetParam().statements); }

const Dialect kPg = Dialect::kPostgres;
const Dialect kMy = Dialect::kMysql;

INSTANTIATE_TEST_SUITE_P(
    Cases, SplitterTest,
    ::testing::Values(
        Case{"Simple", kPg, "CREATE TABLE a (id int);\nINSERT INTO a VALUES (1);", {"CREATE TABLE a (id int)", "INSERT INTO a VALUES (1)"}},
        Case{"BlankAndCommentsDropped", kPg, "  -- only\n/* comment; */\n;\n\nSELECT 1; -- tail", {"SELECT 1"}},
        Case{"StringsAndIdentifiers", kPg, "SELECT 'a;b', 'it''s;', \"we;ird\";SELECT 2",
             {"SELECT 'a;b', 'it''s;', \"we;ird\"", "SELECT 2"}},
        Case{"EscapeString", kPg, "SELECT E'\\';', 'x\\';SELECT 3", {"SELECT E'\\';', 'x\\'", "SELECT 3"}},
        Case{"DollarQuotes", kPg,
             "CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql;\n"
             "DO $body$ BEGIN PERFORM 'x;'; END $body$;\nSELECT $1, a$b$ FROM t;",
             {"CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql",
              "DO $body$ BEGIN PERFORM 'x;'; END $body$", "SELECT $1, a$b$ FROM t"}},
        Case{"NestedBlockComments", kPg, "/* a /* b; */ c; */ SELECT 1; SELECT 2",
             {"SELECT 1", "SELECT 2"}},
        Case{"BeginAtomic", kPg,
             "CREATE FUNCTION g(a int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN a > 0 THEN 1 END; "
             "SELECT 2; END;\nSELECT 3;",
             {"CREATE FUNCTION g(a int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN a > 0 THEN 1 END; "
              "SELECT 2; END",
              "SELECT 3"}},
        Case{"TransactionKeywordsAreStatements", kPg, "BEGIN; SELECT 1; END;", {"BEGIN", "SELECT 1", "END"}},
        Case{"MysqlCommentsAndStrings", kMy, "# hash; comment\nSELECT 'a\\';b', \"c;d\", `e;f`; -- x;\nSELECT 2;--not a comment\n;",
             {"SELECT 'a\\';b', \"c;d\", `e;f`", "SELECT 2", "--not a comment"}},
        Case{"MysqlDelimiter", kMy,
             "DELIMITER //\nCREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END//\nDELIMITER ;\nCALL p();",
             {"CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END", "CALL p()"}},
        Case{"MysqlBeginEndWithoutDelimiter", kMy,
             "CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN\n  IF NEW.a < 0 THEN SET NEW.a = 0; END IF;\n"
             "  WHILE 0 DO SET @x = 1; END WHILE;\n  SET NEW.b = CASE WHEN NEW.a > 1 THEN 1 ELSE 2 END;\nEND;\nINSERT INTO x VALUES (1);",
             {"CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN\n  IF NEW.a < 0 THEN SET NEW.a = 0; END IF;\n"
              "  WHILE 0 DO SET @x = 1; END WHILE;\n  SET NEW.b = CASE WHEN NEW.a > 1 THEN 1 ELSE 2 END;\nEND",
              "INSERT INTO x VALUES (1)"}},
        Case{"MysqlEndCaseAndEndForCloseTheirOwnBlocks", kMy,
             "CREATE PROCEDURE p(x INT) BEGIN\n  CASE x WHEN 1 THEN SELECT 1; ELSE SELECT 2; END CASE;\n"
             "  FOR i IN 1..3 DO SELECT i; END FOR;\nEND;\nCALL p(1);",
             {"CREATE PROCEDURE p(x INT) BEGIN\n  CASE x WHEN 1 THEN SELECT 1; ELSE SELECT 2; END CASE;\n"
              "  FOR i IN 1..3 DO SELECT i; END FOR;\nEND",
              "CALL p(1)"}},
        Case{"MysqlExecutableComments", kMy, "/*!40101 SET NAMES utf8mb4 */;\n/* plain; */ SELECT 1;",
             {"/*!40101 SET NAMES utf8mb4 */", "SELECT 1"}},
        Case{"MysqlDelimiterRightAfterEnd", kMy,
             "CREATE TABLE a (i INT);\nDELIMITER $$\nCREATE TRIGGER t AFTER INSERT ON a FOR EACH ROW BEGIN\n"
             "  INSERT INTO b VALUES (NEW.i); INSERT INTO c VALUES (NEW.i);\nEND$$\nDELIMITER ;\nSELECT $x$y;",
             {"CREATE TABLE a (i INT)",
              "CREATE TRIGGER t AFTER INSERT ON a FOR EACH ROW BEGIN\n"
              "  INSERT INTO b VALUES (NEW.i); INSERT INTO c VALUES (NEW.i);\nEND",
              "SELECT $x$y"}},
        Case{"MysqlDelimiterAfterAName", kMy, "DELIMITER $$\nSELECT a$$\nSELECT b $$", {"SELECT a", "SELECT b"}},
        Case{"MysqlPlainBeginIsATransaction", kMy, "BEGIN; INSERT INTO a VALUES (1); COMMIT;",
             {"BEGIN", "INSERT INTO a VALUES (1)", "COMMIT"}}),
    [](const ::testing::TestParamInfo<Case>& info) { return std::string(info.param.name); });

TEST(SplitterOffsets, PointIntoTheScript) {
  std::string script = "-- c\n\n  SELECT 1;\nSELECT\n 2 ;";
  auto spans = SplitStatements(script, Dialect::kPostgres);
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[0].offset, script.find("SELECT 1"));
  EXPECT_EQ(spans[1].offset, script.find("SELECT\n"));
  EXPECT_EQ(script.substr(spans[1].offset, spans[1].length), "SELECT\n 2");
}

}  // namespace
}  // namespace strata::sql
