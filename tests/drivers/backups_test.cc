// Backups before risky steps, on every SQL backend (MongoDB's are in tests/cli/mongodb_cli_test.cc): the
// copy is taken when the risk analysis finds data loss (or the file asks), and restore brings back the
// very rows, compared row by row, after DROP TABLE, DROP COLUMN, an UPDATE of every row and TRUNCATE.
#include <gtest/gtest.h>

#include "strata/engine.h"
#include "strata/source.h"
#include "support/backends.h"
#include "support/temp_dir.h"

namespace strata {
namespace {

using testing::Backend;
using testing::TempDir;

constexpr const char* kItems =
    "-- strata:up\n"
    "CREATE TABLE items (id INTEGER PRIMARY KEY, name VARCHAR(50), qty INTEGER NOT NULL DEFAULT 0);\n"
    "INSERT INTO items (id, name, qty) VALUES (1, 'bolt', 10), (2, 'nut', 20), (3, NULL, 30);\n"
    "-- strata:down\n"
    "DROP TABLE items;\n";

class BackupsTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    url_ = testing::FreshUrl(GetParam(), dir_);
    ASSERT_FALSE(url_.empty());
    dir_.Write("m/1_items.sql", kItems);
  }
  bool sqlite() const { return GetParam().name == "sqlite"; }
  std::unique_ptr<Engine> Open(bool backups = true) {
    EngineOptions options;
    options.actor = "tester";
    options.backups = backups;
    auto engine = Engine::Open(url_, options);
    EXPECT_TRUE(engine.ok()) << engine.status().ToString();
    return engine.ok() ? std::move(*engine) : nullptr;
  }
  MigrationSet Load() {
    auto set = LoadMigrations((dir_.path() / "m").string());
    EXPECT_TRUE(set.ok()) << set.status().ToString();
    return set.ok() ? *set : MigrationSet{};
  }
  std::vector<SqlRow> Rows(Engine& engine, const std::string& columns = "id, name, qty") {
    auto rows = engine.connection().sql()->Query("SELECT " + columns + " FROM items ORDER BY id", {});
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    return rows.ok() ? *rows : std::vector<SqlRow>{};
  }
  // Applies 1 and then `risky` as 2; returns the rows before 2 ran.
  std::vector<SqlRow> UpThrough(Engine& engine, const std::string& risky) {
    UpOptions first;
    first.count = 1;
    EXPECT_TRUE(engine.Up(Load(), first)->status.ok());
    std::vector<SqlRow> before = Rows(engine);
    EXPECT_EQ(before.size(), 3u);
    dir_.Write("m/2_risky.sql", risky);
    auto report = engine.Up(Load(), {});
    EXPECT_TRUE(report.ok() && report->status.ok()) << (report.ok() ? report->status.ToString() : report.status().ToString());
    return before;
  }
  BackupInfo OnlyBackup(Engine& engine) {
    auto listed = engine.ListBackups();
    EXPECT_TRUE(listed.ok()) << listed.status().ToString();
    EXPECT_EQ(listed.ok() ? listed->size() : 0u, 1u);
    return listed.ok() && !listed->empty() ? listed->front() : BackupInfo{};
  }
  void Restore(Engine& engine, const std::string& id) {
    auto restored = engine.RestoreBackup(id);
    ASSERT_TRUE(restored.ok()) << restored.status().ToString();
  }
  bool Runs(Engine& engine, const std::string& sql) { return engine.connection().Execute({sql, "", 1}).ok(); }

  TempDir dir_;
  std::string url_;
};

TEST_P(BackupsTest, DropTableIsCopiedAndComesBackWithItsKey) {
  auto engine = Open();
  auto before = UpThrough(*engine, "-- strata:up\nDROP TABLE items;\n");
  EXPECT_FALSE(Runs(*engine, "SELECT 1 FROM items"));
  BackupInfo backup = OnlyBackup(*engine);
  EXPECT_EQ(backup.version, "2");
  EXPECT_EQ(backup.rows, 3);
  EXPECT_NE(backup.object.find("items"), std::string::npos) << backup.object;
  Restore(*engine, backup.id);
  EXPECT_EQ(Rows(*engine), before);
  EXPECT_FALSE(Runs(*engine, "INSERT INTO items (id, name, qty) VALUES (1, 'again', 1)")) << "the primary key came back";
  EXPECT_TRUE(Runs(*engine, "INSERT INTO items (id, name) VALUES (4, 'washer')")) << "the default came back";
  EXPECT_EQ(Rows(*engine, "qty").back()[0], std::optional<std::string>("0"));
}

TEST_P(BackupsTest, DroppedColumnGoesBackIntoTheRecreatedColumnByKey) {
  auto engine = Open();
  auto before = UpThrough(*engine,
                          "-- strata:up\nALTER TABLE items DROP COLUMN qty;\n"
                          "-- strata:down\nALTER TABLE items ADD COLUMN qty INTEGER DEFAULT 0;\n");
  BackupInfo backup = OnlyBackup(*engine);
  if (!sqlite()) {
    EXPECT_EQ(backup.columns, std::vector<std::string>{"qty"});  // SQLite copies the whole file
  }
  // Rows change after the migration: restoring the column leaves them be.
  ASSERT_TRUE(Runs(*engine, "UPDATE items SET name = 'renamed' WHERE id = 1"));
  ASSERT_TRUE(engine->Down(Load(), {})->status.ok());
  EXPECT_EQ(Rows(*engine, "qty")[1][0], std::optional<std::string>("0")) << "the down part re-created it empty";
  Restore(*engine, backup.id);
  auto after = Rows(*engine);
  ASSERT_EQ(after.size(), 3u);
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(after[i][2], before[i][2]) << "row " << i;
  if (!sqlite()) {
    EXPECT_EQ(after[0][1], std::optional<std::string>("renamed"));
  }
}

TEST_P(BackupsTest, DroppedColumnIsRecreatedByRestoreWhenNothingElseDid) {
  auto engine = Open();
  auto before = UpThrough(*engine, "-- strata:up\nALTER TABLE items DROP COLUMN qty;\n");
  Restore(*engine, OnlyBackup(*engine).id);
  EXPECT_EQ(Rows(*engine), before);
}

TEST_P(BackupsTest, UpdateOfEveryRowIsUndone) {
  auto engine = Open();
  auto before = UpThrough(*engine, "-- strata:up\nUPDATE items SET qty = 0, name = 'x';\n");
  BackupInfo backup = OnlyBackup(*engine);
  Restore(*engine, backup.id);
  EXPECT_EQ(Rows(*engine), before);
}

TEST_P(BackupsTest, TruncatedRowsComeBack) {
  auto engine = Open();
  auto before = UpThrough(*engine, sqlite() ? "-- strata:up\nDELETE FROM items;\n" : "-- strata:up\nTRUNCATE TABLE items;\n");
  EXPECT_TRUE(Rows(*engine).empty());
  Restore(*engine, OnlyBackup(*engine).id);
  EXPECT_EQ(Rows(*engine), before);
}

TEST_P(BackupsTest, FileAsksForABackupOfWhatItTouches) {
  auto engine = Open();
  auto before = UpThrough(*engine, "-- strata:backup\n-- strata:up\nUPDATE items SET qty = qty * 2 WHERE id > 1;\n");
  Restore(*engine, OnlyBackup(*engine).id);
  EXPECT_EQ(Rows(*engine), before);
}

TEST_P(BackupsTest, SafeStepsAndTurnedOffBackupsTakeNone) {
  {
    auto engine = Open();
    UpThrough(*engine, "-- strata:up\nUPDATE items SET qty = 1 WHERE id = 1;\n");
    auto listed = engine->ListBackups();
    ASSERT_TRUE(listed.ok()) << listed.status().ToString();
    EXPECT_TRUE(listed->empty());
  }
  dir_.Write("m/3_drop.sql", "-- strata:up\nDROP TABLE items;\n");
  auto engine = Open(/*backups=*/false);
  ASSERT_TRUE(engine->Up(Load(), {})->status.ok());
  EXPECT_TRUE(engine->ListBackups()->empty());
}

TEST_P(BackupsTest, PruneKeepsTheNewest) {
  auto engine = Open();
  UpThrough(*engine, "-- strata:up\nUPDATE items SET qty = 0;\n");
  dir_.Write("m/3_wipe.sql", "-- strata:up\nDELETE FROM items;\n");
  ASSERT_TRUE(engine->Up(Load(), {})->status.ok());
  ASSERT_EQ(engine->ListBackups()->size(), 2u);
  EXPECT_TRUE(engine->PruneBackups(std::nullopt, 5)->empty());
  EXPECT_TRUE(engine->PruneBackups(int64_t{3600}, std::nullopt)->empty()) << "none is an hour old";
  auto removed = engine->PruneBackups(std::nullopt, 1);
  ASSERT_TRUE(removed.ok()) << removed.status().ToString();
  ASSERT_EQ(removed->size(), 1u);
  EXPECT_EQ(removed->front().version, "2");
  auto left = engine->ListBackups();
  ASSERT_EQ(left->size(), 1u);
  EXPECT_EQ(left->front().version, "3");
  EXPECT_FALSE(engine->RestoreBackup(removed->front().id).ok()) << "its copy is gone";
}

INSTANTIATE_TEST_SUITE_P(Backends, BackupsTest, ::testing::ValuesIn(testing::Backends()),
                         [](const ::testing::TestParamInfo<Backend>& info) { return info.param.name; });

}  // namespace
}  // namespace strata
