// `strata backups` end to end on SQLite, as a user runs it: what `list` shows, the switches that turn
// backups off, `prune`, and the errors of bad input. The restores themselves are compared row by row on
// every backend in tests/drivers/backups_test.cc.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/strata_process.h"
#include "support/temp_dir.h"

namespace strata {
namespace {

using nlohmann::json;
using testing::Outcome;
using testing::Strata;
using testing::TempDir;

class BackupsCliTest : public ::testing::Test {
 protected:
  BackupsCliTest() : strata_(dir_.path()) {
    strata_.env["DATABASE_URL"] = "sqlite:app.db";
    dir_.Write("db/migrations/001_users.sql",
               "-- strata:up\nCREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);\n"
               "INSERT INTO users VALUES (1, 'a@example.com'), (2, 'b@example.com');\n");
    dir_.Write("db/migrations/002_drop_email.sql", "-- strata:up\nALTER TABLE users DROP COLUMN email;\n");
  }
  json Backups() {
    Outcome o = strata_({"--json", "backups", "list"});
    EXPECT_EQ(o.exit_code, 0) << o.err;
    return json::parse(o.out, nullptr, false)["backups"];
  }

  TempDir dir_;
  Strata strata_;
};

TEST_F(BackupsCliTest, UpCopiesBeforeTheDropAndListShowsSizeAndAge) {
  Outcome up = strata_({"up"});
  ASSERT_EQ(up.exit_code, 0) << up.err;
  EXPECT_NE(up.out.find("backed up users to 002-"), std::string::npos) << up.out;
  json list = Backups();
  ASSERT_EQ(list.size(), 1u) << list;
  EXPECT_EQ(list[0]["version"], "002");
  EXPECT_EQ(list[0]["rows"], 2);
  EXPECT_GT(list[0]["bytes"].get<int64_t>(), 0);
  EXPECT_GE(list[0]["age_seconds"].get<int64_t>(), 0);
  Outcome table = strata_({"backups", "list"});
  EXPECT_NE(table.out.find("SIZE"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("KiB"), std::string::npos) << table.out;

  Outcome restored = strata_({"backups", "restore", list[0]["id"].get<std::string>()});
  ASSERT_EQ(restored.exit_code, 0) << restored.err;
  EXPECT_NE(restored.out.find("pending again"), std::string::npos) << restored.out;
  EXPECT_NE(strata_({"status"}).out.find("1 pending"), std::string::npos);
}

TEST_F(BackupsCliTest, NoBackupFlagAndEnvironmentTurnThemOff) {
  strata_.env["BACKUP_ENABLED"] = "false";
  ASSERT_EQ(strata_({"up"}).exit_code, 0);
  EXPECT_TRUE(Backups().empty());
  strata_.env.erase("BACKUP_ENABLED");
  strata_.env["DATABASE_URL"] = "sqlite:second.db";
  ASSERT_EQ(strata_({"--no-backup", "up"}).exit_code, 0);
  EXPECT_TRUE(Backups().empty());

  strata_.env["BACKUP_ENABLED"] = "perhaps";
  Outcome bad = strata_({"status"});
  EXPECT_EQ(bad.exit_code, 2) << bad.out << bad.err;
  EXPECT_NE(bad.err.find("BACKUP_ENABLED='perhaps'"), std::string::npos) << bad.err;
}

TEST_F(BackupsCliTest, ARuleTurnedOffSilencesTheReportNotTheCopy) {
  dir_.Write("strata.toml", "[lint.rules]\ndrop-column = \"off\"\n");
  Outcome up = strata_({"up"});
  ASSERT_EQ(up.exit_code, 0) << up.err;
  EXPECT_EQ(up.err.find("drop-column"), std::string::npos) << up.err;
  EXPECT_EQ(Backups().size(), 1u);
}

TEST_F(BackupsCliTest, PruneAndItsErrors) {
  ASSERT_EQ(strata_({"up"}).exit_code, 0);
  Outcome nothing = strata_({"backups", "prune"});
  EXPECT_EQ(nothing.exit_code, 2);
  EXPECT_NE(nothing.err.find("--older-than 30d, --keep 10"), std::string::npos) << nothing.err;
  Outcome bad = strata_({"backups", "prune", "--older-than", "soon"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("'soon' is not a duration"), std::string::npos) << bad.err;
  EXPECT_NE(strata_({"backups", "prune", "--older-than", "30d"}).out.find("no backup to delete"), std::string::npos);
  Outcome pruned = strata_({"backups", "prune", "--keep", "0"});
  EXPECT_EQ(pruned.exit_code, 0) << pruned.err;
  EXPECT_NE(pruned.out.find("deleted 1 backup"), std::string::npos) << pruned.out;
  EXPECT_TRUE(Backups().empty());
  Outcome unknown = strata_({"backups", "restore", "nope"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("backups list"), std::string::npos) << unknown.err;
}

}  // namespace
}  // namespace strata
