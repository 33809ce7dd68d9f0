// Table-driven: which statements begin or end a transaction, and what a driver does with them inside
// strata's own.
#include "sql/transaction_control.h"

#include <gtest/gtest.h>

namespace strata::sql {
namespace {

struct Case {
  const char* statement;
  const char* control;  // "" when it is no transaction control
};

TEST(TransactionControl, RecognisesEveryDialectsSpelling) {
  const Case cases[] = {
      {"COMMIT", "COMMIT"},
      {"commit work", "COMMIT"},
      {"  -- done\n  COMMIT TRANSACTION", "COMMIT"},
      {"/* x */ END", "END"},
      {"end transaction", "END"},
      {"ABORT", "ABORT"},
      {"ROLLBACK", "ROLLBACK"},
      {"rollback work", "ROLLBACK"},
      {"ROLLBACK TO SAVEPOINT s", ""},
      {"ROLLBACK TRANSACTION TO s", ""},
      {"ROLLBACK TO s", ""},
      {"BEGIN", "BEGIN"},
      {"BEGIN TRANSACTION", "BEGIN"},
      {"BEGIN IMMEDIATE", "BEGIN"},
      {"begin work", "BEGIN"},
      {"BEGIN ATOMIC SELECT 1; END", ""},
      {"BEGIN NOT ATOMIC SELECT 1; END", ""},
      {"START TRANSACTION", "START TRANSACTION"},
      {"start transaction read only", "START TRANSACTION"},
      {"COMMIT PREPARED 'x'", "COMMIT PREPARED"},
      {"ROLLBACK PREPARED 'x'", "ROLLBACK PREPARED"},
      {"PREPARE TRANSACTION 'x'", "PREPARE TRANSACTION"},
      {"XA START 'x'", "XA START"},
      {"SAVEPOINT s", ""},
      {"RELEASE SAVEPOINT s", ""},
      {"CREATE TABLE commits (id int)", ""},
      {"INSERT INTO t VALUES ('COMMIT')", ""},
      {"ENDPOINT", ""},
      {"# mysql comment\nCOMMIT", "COMMIT"},
      {"", ""},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(TransactionControl(c.statement).value_or(""), c.control) << c.statement;
  }
}

TEST(TransactionControl, AWrapperIsSkippedAnythingElseRefused) {
  std::string keyword;
  EXPECT_EQ(ClassifyInTransaction("BEGIN", 0, 3, &keyword), InTransaction::kSkip);
  EXPECT_EQ(ClassifyInTransaction("START TRANSACTION", 0, 3, &keyword), InTransaction::kSkip);
  EXPECT_EQ(ClassifyInTransaction("COMMIT", 2, 3, &keyword), InTransaction::kSkip);
  EXPECT_EQ(ClassifyInTransaction("END", 2, 3, &keyword), InTransaction::kSkip);
  EXPECT_EQ(ClassifyInTransaction("CREATE TABLE a (i int)", 1, 3, &keyword), InTransaction::kRun);
  EXPECT_EQ(ClassifyInTransaction("COMMIT", 1, 3, &keyword), InTransaction::kRefuse);
  EXPECT_EQ(keyword, "COMMIT");
  EXPECT_EQ(ClassifyInTransaction("BEGIN", 1, 3, &keyword), InTransaction::kRefuse);
  EXPECT_EQ(ClassifyInTransaction("ROLLBACK", 2, 3, &keyword), InTransaction::kRefuse);
  EXPECT_EQ(keyword, "ROLLBACK");
  EXPECT_NE(TransactionControlRefusal("ROLLBACK").find("transaction:false"), std::string::npos);
}

// Only statements that certainly do not commit implicitly on MySQL count as row changes: a DDL among
// them would commit a progress record that names the wrong statement.
TEST(TransactionControl, RowChangesAreToldFromWhatMayCommitImplicitly) {
  for (const char* rows : {"INSERT INTO t VALUES (1)", "  -- note\nupdate t SET a = 1", "/* x */ DELETE FROM t",
                           "REPLACE INTO t VALUES (1)", "select 1", "WITH c AS (SELECT 1) UPDATE t SET a = 1",
                           "# hash comment\nInsert into t values (2)"}) {
    EXPECT_TRUE(ChangesRowsOnly(rows)) << rows;
  }
  for (const char* other : {"CREATE TABLE t (a int)", "ALTER TABLE t ADD b int", "DROP TABLE t", "TRUNCATE t",
                            "RENAME TABLE a TO b", "GRANT SELECT ON t TO u", "LOCK TABLES t WRITE",
                            "SET autocommit = 1", "CALL migrate()", "DO 1", "INSERTX", "(SELECT 1)", "", "-- only\n"}) {
    EXPECT_FALSE(ChangesRowsOnly(other)) << other;
  }
}

}  // namespace
}  // namespace strata::sql
