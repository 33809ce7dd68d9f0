// `strata backups` end to end on SQLite, as a user runs it: what `list` shows, the switches that turn
// backups off, a backup that fails, one before a down step, `prune`, and the errors of bad input. The
// restores themselves are compared row by row on every backend in tests/drivers/backups_test.cc.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "strata/driver.h"
#include "support/strata_process.h"
#include "support/temp_dir.h"

namespace strata {
namespace {

using nlohmann::json;
using testing::Contains;
using testing::Outcome;
using testing::ReadFile;
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
  // Each migration's status as `status --json` reports it: "001 applied, 002 pending".
  std::string States() {
    Outcome o = strata_({"--json", "status"});
    EXPECT_EQ(o.exit_code, 0) << o.err;
    const json status = json::parse(o.out, nullptr, false);
    std::string out;
    for (const json& m : status["migrations"]) {
      out += (out.empty() ? "" : ", ") + m["version"].get<std::string>() + " " + m["status"].get<std::string>();
    }
    return out;
  }
  // The first column of every row, comma-separated, read by a session of the test's own; "(error)" when
  // the query fails (a table that is gone).
  std::string Values(const std::string& sql) {
    const std::string url = "sqlite:" + (dir_.path() / "app.db").string();
    auto c = (*FindDriver(url))->Connect(url, {});
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    if (!c.ok()) return "";
    auto rows = (*c)->sql()->Query(sql, {});
    if (!rows.ok()) return "(error)";
    std::string out;
    for (const SqlRow& row : *rows) out += (out.empty() ? "" : ",") + row[0].value_or("NULL");
    return out;
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

TEST_F(BackupsCliTest, AFailedBackupStopsTheStepAndKeepsTheEarlierOnes) {
  // A file where the folder of copies goes: the copy of the database cannot be made.
  dir_.Write("app.db.strata-backups", "not a folder\n");
  Outcome up = strata_({"up"});
  EXPECT_EQ(up.exit_code, 1) << up.out << up.err;
  EXPECT_TRUE(Contains(up.err, "the backup before migration 002 failed, so the migration did not run")) << up.err;
  EXPECT_TRUE(Contains(up.err, "app.db.strata-backups")) << up.err;
  EXPECT_TRUE(Contains(up.out, "not run: the backup before it failed")) << up.out;
  EXPECT_EQ(Values("SELECT email FROM users ORDER BY id"), "a@example.com,b@example.com") << "002 must not run";
  EXPECT_EQ(States(), "001 applied, 002 pending");
  EXPECT_EQ(ReadFile(dir_.path() / "app.db.strata-backups"), "not a folder\n");

  std::filesystem::remove(dir_.path() / "app.db.strata-backups");
  Outcome again = strata_({"up"});
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_EQ(States(), "001 applied, 002 applied");
  EXPECT_EQ(Backups().size(), 1u);
}

TEST_F(BackupsCliTest, DownCopiesBeforeADestructiveDownPartAndRestoreBringsTheRowsBack) {
  // A down part that drops more than its up part made: users, with its rows, existed before 002.
  dir_.Write("db/migrations/002_drop_email.sql",
             "-- strata:up\nCREATE VIEW emails AS SELECT email FROM users;\n"
             "-- strata:down\nDROP VIEW emails;\nDROP TABLE users;\n");
  ASSERT_EQ(strata_({"up"}).exit_code, 0);
  EXPECT_TRUE(Backups().empty()) << "nothing is at risk going up";
  // A row added after the up: the copy is of the database as the down step finds it.
  ASSERT_EQ(Values("INSERT INTO users VALUES (3, 'c@example.com') RETURNING id"), "3");

  Outcome down = strata_({"down"});
  ASSERT_EQ(down.exit_code, 0) << down.out << down.err;
  EXPECT_TRUE(Contains(down.out, "backed up users to 002-")) << down.out;
  EXPECT_EQ(Values("SELECT count(*) FROM users"), "(error)") << "the down part ran";
  EXPECT_EQ(States(), "001 applied, 002 reverted");
  json list = Backups();
  ASSERT_EQ(list.size(), 1u) << list;
  EXPECT_EQ(list[0]["version"], "002");
  EXPECT_EQ(list[0]["rows"], 3);

  Outcome restored = strata_({"backups", "restore", list[0]["id"].get<std::string>()});
  ASSERT_EQ(restored.exit_code, 0) << restored.out << restored.err;
  EXPECT_TRUE(Contains(restored.out, "so that migration is applied again")) << restored.out;
  EXPECT_EQ(Values("SELECT id || ' ' || email FROM users ORDER BY id"),
            "1 a@example.com,2 b@example.com,3 c@example.com");
  EXPECT_EQ(States(), "001 applied, 002 applied") << "the copy was taken while 002 was applied";
}

TEST_F(BackupsCliTest, PruneOlderThanRemovesOnlyTheOldCopy) {
  dir_.Write("db/migrations/003_drop_users.sql", "-- strata:up\nDROP TABLE users;\n");
  ASSERT_EQ(strata_({"up"}).exit_code, 0);
  json list = Backups();
  ASSERT_EQ(list.size(), 2u) << list;
  ASSERT_EQ(list[0]["version"], "002");
  const std::string old_id = list[0]["id"].get<std::string>();
  const std::string new_id = list[1]["id"].get<std::string>();
  // A copy's time is the created_at of the .json beside it: 002's is set back to 2020, as if kept since.
  const std::filesystem::path folder = dir_.path() / "app.db.strata-backups";
  json meta = json::parse(ReadFile(folder / (old_id + ".json")), nullptr, false);
  ASSERT_TRUE(meta.contains("created_at")) << meta;
  meta["created_at"] = "2020-01-01T00:00:00.000Z";
  std::ofstream(folder / (old_id + ".json")) << meta.dump(2) << '\n';
  EXPECT_GT(Backups()[0]["age_seconds"].get<int64_t>(), 30 * 86400) << Backups();

  Outcome pruned = strata_({"backups", "prune", "--older-than", "30d"});
  ASSERT_EQ(pruned.exit_code, 0) << pruned.out << pruned.err;
  EXPECT_TRUE(Contains(pruned.out, "deleted 1 backup")) << pruned.out;
  EXPECT_TRUE(Contains(pruned.out, old_id)) << pruned.out;
  list = Backups();
  ASSERT_EQ(list.size(), 1u) << list;
  EXPECT_EQ(list[0]["id"], new_id);
  EXPECT_FALSE(std::filesystem::exists(folder / (old_id + ".db")));
  EXPECT_FALSE(std::filesystem::exists(folder / (old_id + ".json")));
  EXPECT_TRUE(std::filesystem::exists(folder / (new_id + ".db")));
  EXPECT_TRUE(Contains(strata_({"backups", "prune", "--older-than", "30d"}).out, "no backup to delete"));
}

}  // namespace
}  // namespace strata
