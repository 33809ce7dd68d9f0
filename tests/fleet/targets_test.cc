// Targets lists: entries made URLs, files checked line by line, and the run log --resume reads.
#include <gtest/gtest.h>

#include <fstream>

#include "fleet/run_log.h"
#include "strata/fleet.h"
#include "strata/source.h"
#include "support/temp_dir.h"

namespace strata {
namespace {

using testing::TempDir;

std::string UrlOf(const std::string& base, const std::string& entry) {
  auto url = FleetTargetUrl(base, entry);
  return url.ok() ? *url : "error: " + url.status().message();
}

TEST(FleetTargetUrlTest, SchemaNamesBecomeTheBaseDatabasesSchemaOrDatabase) {
  EXPECT_EQ(UrlOf("postgres://u:pw@h:5432/app", "tenant_1"), "postgres://u:pw@h:5432/app?schema=tenant_1");
  // The base's own schema is replaced, its other options kept.
  EXPECT_EQ(UrlOf("postgres://h/app?sslmode=disable&schema=public", "t2"), "postgres://h/app?sslmode=disable&schema=t2");
  EXPECT_EQ(UrlOf("postgres://h/app?search_path=a,b", "t3"), "postgres://h/app?schema=t3");
  EXPECT_EQ(UrlOf("mysql://u:pw@h:3306/main?connect_timeout=5", "tenant_1"),
            "mysql://u:pw@h:3306/tenant_1?connect_timeout=5");
  EXPECT_EQ(UrlOf("mariadb://h", "t"), "mariadb://h/t");
  EXPECT_EQ(UrlOf("mongodb://h1,h2/?replicaSet=rs", "t"), "mongodb://h1,h2/t?replicaSet=rs");
}

TEST(FleetTargetUrlTest, UrlsStayAsTheyAreAndPathsAreFiles) {
  EXPECT_EQ(UrlOf("postgres://h/app", "postgres://other/db?schema=x"), "postgres://other/db?schema=x");
  EXPECT_EQ(UrlOf("sqlite:main.db", "tenants/a.db"), "sqlite:tenants/a.db");
  EXPECT_EQ(UrlOf("sqlite3:main.db", "a.db"), "sqlite3:a.db");
  EXPECT_EQ(UrlOf("", "tenants/a.db"), "sqlite:tenants/a.db");  // SQLite is the default database
  EXPECT_EQ(UrlOf("", "sqlite:x.db"), "sqlite:x.db");
}

TEST(FleetTargetUrlTest, WhatCannotBeATargetSaysWhatToWrite) {
  EXPECT_EQ(UrlOf("sqlite:main.db", "tenant_1"),
            "error: 'tenant_1' is a schema name, but sqlite has no schemas: write the database file's path (e.g. "
            "tenants/tenant_1.db) or its URL (sqlite:tenants/tenant_1.db)");
  EXPECT_NE(UrlOf("", "tenant_1").find("give the database with --url"), std::string::npos);
  EXPECT_NE(UrlOf("postgres://h/app", "1bad").find("neither a URL nor a schema name"), std::string::npos);
  EXPECT_NE(UrlOf("postgres://h/app", "a;drop").find("neither a URL nor a schema name"), std::string::npos);
  EXPECT_NE(UrlOf("postgres://h/app", "nosuch://x").find("not a database URL strata knows"), std::string::npos);
  // A password in a refused URL is not repeated.
  EXPECT_EQ(UrlOf("", "nosuch://u:secret@x").find("secret"), std::string::npos);
}

TEST(ParseFleetTargetsTest, CommentsAndBlankLinesAreSkippedAndLinesKept) {
  auto targets = ParseFleetTargets("# tenants\n\n  t1  \nt2 # the big one\r\n\t# off: t3\npostgres://u:pw@h/x\n",
                                   "fleet.txt", "postgres://h/app");
  ASSERT_TRUE(targets.ok()) << targets.status().ToString();
  ASSERT_EQ(targets->size(), 3u);
  EXPECT_EQ((*targets)[0].name, "t1");
  EXPECT_EQ((*targets)[0].url, "postgres://h/app?schema=t1");
  EXPECT_EQ((*targets)[0].origin, "fleet.txt:3");
  EXPECT_EQ((*targets)[1].name, "t2");
  EXPECT_EQ((*targets)[1].origin, "fleet.txt:4");
  EXPECT_EQ((*targets)[2].name, "postgres://u:***@h/x");  // names are printed: no password
  EXPECT_EQ((*targets)[2].url, "postgres://u:pw@h/x");
}

TEST(ParseFleetTargetsTest, ErrorsNameTheFileAndLine) {
  auto repeated = ParseFleetTargets("t1\nt2\n\nt1\n", "fleet.txt", "postgres://h/app");
  ASSERT_FALSE(repeated.ok());
  EXPECT_EQ(repeated.status().message(), "fleet.txt:4: 't1' is the same target as line 1: list each target once");
  // The same target written two ways is repeated too.
  auto same = ParseFleetTargets("t1\npostgres://h/app?schema=t1\n", "f", "postgres://h/app");
  ASSERT_FALSE(same.ok());
  EXPECT_NE(same.status().message().find("f:2: "), std::string::npos);
  auto schema_on_sqlite = ParseFleetTargets("a.db\ntenant_1\n", "fleet.txt", "sqlite:main.db");
  ASSERT_FALSE(schema_on_sqlite.ok());
  EXPECT_EQ(schema_on_sqlite.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(schema_on_sqlite.status().message().rfind("fleet.txt:2: 'tenant_1' is a schema name, but sqlite", 0), 0u)
      << schema_on_sqlite.status().message();
}

TEST(ReadFleetTargetsTest, MissingAndEmptyFilesAreErrors) {
  TempDir dir;
  auto missing = ReadFleetTargets((dir.path() / "nope.txt").string(), "");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kIoError);
  EXPECT_NE(missing.status().message().find("nope.txt': No such file"), std::string::npos);
  auto empty = ReadFleetTargets(dir.Write("empty.txt", "# nothing yet\n\n").string(), "");
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.status().message().find("empty.txt: lists no targets"), std::string::npos);
}

FleetTarget Target(const std::string& url) { return {url, url, "test"}; }
TargetResult Finished(const std::string& url, TargetOutcome outcome) {
  TargetResult r;
  r.target = Target(url);
  r.outcome = outcome;
  return r;
}

TEST(FleetRunLogTest, ResumeKnowsWhatTheLastRunsFinished) {
  TempDir dir;
  const std::string path = (dir.path() / "fleet.state").string();
  {
    auto log = FleetRunLog::Start(path, "key1");
    ASSERT_TRUE(log.ok()) << log.status().ToString();
    ASSERT_TRUE(log->Record(Finished("sqlite:a.db", TargetOutcome::kDone)).ok());
    ASSERT_TRUE(log->Record(Finished("sqlite:b.db", TargetOutcome::kFailed)).ok());
    ASSERT_TRUE(log->Record(Finished("postgres://u:secret@h/x", TargetOutcome::kDone)).ok());
    ASSERT_TRUE(log->Record(Finished("sqlite:c.db", TargetOutcome::kNotStarted)).ok());
  }
  EXPECT_EQ(testing::ReadFile(path).find("secret"), std::string::npos);  // no password in the state file
  {
    auto log = FleetRunLog::Continue(path, "key1");
    ASSERT_TRUE(log.ok()) << log.status().ToString();
    EXPECT_TRUE(log->IsDone(Target("sqlite:a.db")));
    EXPECT_FALSE(log->IsDone(Target("sqlite:b.db")));
    EXPECT_FALSE(log->IsDone(Target("sqlite:c.db")));
    EXPECT_TRUE(log->IsDone(Target("postgres://u:secret@h/x")));
    // The resumed run finishes b; a third run knows a and b both done.
    ASSERT_TRUE(log->Record(Finished("sqlite:b.db", TargetOutcome::kDone)).ok());
  }
  auto third = FleetRunLog::Continue(path, "key1");
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->done().size(), 3u);
}

TEST(FleetRunLogTest, ARunKilledMidLineAndChangedMigrationsAreHandled) {
  TempDir dir;
  const std::string path = dir.Write("fleet.state", "strata-fleet-run 1 key1\ndone sqlite:a.db\ndone sqlite:b").string();
  auto log = FleetRunLog::Continue(path, "key1");
  ASSERT_TRUE(log.ok());
  EXPECT_TRUE(log->IsDone(Target("sqlite:a.db")));
  EXPECT_FALSE(log->IsDone(Target("sqlite:b")));  // torn: the kill came before the line was whole
  auto changed = FleetRunLog::Continue(path, "key2");
  ASSERT_FALSE(changed.ok());
  EXPECT_NE(changed.status().message().find("the migrations changed since the fleet run"), std::string::npos);
  auto none = FleetRunLog::Continue((dir.path() / "none.state").string(), "key1");
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().message().find("there is no fleet run to resume"), std::string::npos);
  auto other = FleetRunLog::Continue(dir.Write("other.txt", "hello\n").string(), "key1");
  ASSERT_FALSE(other.ok());
  EXPECT_NE(other.status().message().find("other.txt:1: not a strata fleet run's state file"), std::string::npos);
}

TEST(FleetRunLogTest, TheKeyFollowsVersionsAndChecksums) {
  MigrationSet set;
  auto m = ParseMigrationFile("7_a.sql", "-- strata:up\nCREATE TABLE a (id int);\n");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  set.migrations.push_back(*m);
  const std::string one = MigrationSetKey(set);
  EXPECT_EQ(one, MigrationSetKey(set));
  set.migrations[0].checksum = Checksum("changed");
  EXPECT_NE(one, MigrationSetKey(set));
}

}  // namespace
}  // namespace strata
