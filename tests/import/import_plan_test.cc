// What `strata import` would record from another tool's history, and every disagreement it refuses,
// without a database: the readers' output (ForeignHistory) against files and strata's history.
#include "import/import_plan.h"

#include <gtest/gtest.h>

#include "import/foreign_history.h"
#include "strata/source.h"

namespace strata {
namespace {

MigrationSet ImportFiles(std::vector<MigrationFile> files) {
  auto set = LoadMigrations(files, "db");
  EXPECT_TRUE(set.ok()) << set.status().ToString();
  return set.ok() ? std::move(*set) : MigrationSet();
}

std::vector<std::string> ImportVersions(const std::vector<ImportEntry>& entries) {
  std::vector<std::string> out;
  for (const ImportEntry& e : entries) out.push_back(e.migration->version.text());
  return out;
}

std::string JoinedRefusals(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  return out;
}

TEST(ImportPlanTest, RecordsWhatTheToolAppliedInItsOrderAndSkipsWhatStrataHas) {
  MigrationSet set = ImportFiles({{"V1__a.sql", "SELECT 1;"}, {"V1.1__b.sql", "SELECT 2;"}, {"V2__c.sql", "SELECT 3;"}});
  ForeignHistory foreign;
  foreign.applied = {{"1.1", "", "2026-01-02T00:00:00.000Z", "alice", "row 2"},
                     {"1", "", "2026-01-01T00:00:00.000Z", "alice", "row 1"}};
  HistoryRecord imported;
  imported.version = "1.1";
  ImportPlan plan = PlanImport(ImportTool::kFlyway, set, foreign, {imported});
  EXPECT_TRUE(plan.refusals.empty()) << JoinedRefusals(plan.refusals);
  EXPECT_EQ(ImportVersions(plan.to_record), (std::vector<std::string>{"1"}));
  EXPECT_EQ(plan.to_record[0].applied_at, "2026-01-01T00:00:00.000Z");
  EXPECT_EQ(ImportVersions(plan.already), (std::vector<std::string>{"1.1"}));
  ASSERT_EQ(plan.not_applied.size(), 1u);
  EXPECT_EQ(plan.not_applied[0]->version.text(), "2");
}

TEST(ImportPlanTest, AppliedThroughCoversEveryEarlierFile) {
  MigrationSet set = ImportFiles({{"1_a.up.sql", "SELECT 1;"}, {"2_b.up.sql", "SELECT 2;"}, {"3_c.up.sql", "SELECT 3;"}});
  ForeignHistory foreign;
  foreign.applied_through = "2";
  foreign.applied_through_where = "schema_migrations version 2";
  ImportPlan plan = PlanImport(ImportTool::kGolangMigrate, set, foreign, {});
  EXPECT_TRUE(plan.refusals.empty()) << JoinedRefusals(plan.refusals);
  EXPECT_EQ(ImportVersions(plan.to_record), (std::vector<std::string>{"1", "2"}));
}

TEST(ImportPlanTest, SqlMigrateRowsNameFiles) {
  MigrationSet set = ImportFiles({{"1_init.sql", "-- +migrate Up\nSELECT 1;"}, {"2_more.sql", "-- +migrate Up\nSELECT 2;"}});
  ForeignHistory foreign;
  foreign.applied = {{"", "1_init.sql", "", "", "gorp_migrations id 1_init.sql"}};
  ImportPlan plan = PlanImport(ImportTool::kSqlMigrate, set, foreign, {});
  EXPECT_EQ(ImportVersions(plan.to_record), (std::vector<std::string>{"1"}));
}

TEST(ImportPlanTest, DisagreementsAreEachRefused) {
  MigrationSet set = ImportFiles({{"1_a.sql", "-- +goose Up\nSELECT 1;"}, {"2_b.sql", "-- +goose Up\nSELECT 2;"}});
  ForeignHistory foreign;
  foreign.applied = {{"1", "", "", "", "goose_db_version id 2"},
                     {"2", "", "", "", "goose_db_version id 3"},
                     {"7", "", "", "", "goose_db_version id 4"}};
  foreign.refusals = {"from the table itself"};
  HistoryRecord failed;
  failed.version = "2";
  failed.status = MigrationStatus::kFailed;
  ImportPlan plan = PlanImport(ImportTool::kGoose, set, foreign, {failed});
  const std::string said = JoinedRefusals(plan.refusals);
  EXPECT_NE(said.find("from the table itself"), std::string::npos);
  EXPECT_NE(said.find("goose_db_version id 4: goose applied version 7, but no file in db has it"), std::string::npos)
      << said;
  EXPECT_NE(said.find("strata's history has it failed"), std::string::npos) << said;

  ForeignHistory through;
  through.applied_through = "5";
  through.applied_through_where = "schema_migrations version 5";
  EXPECT_NE(JoinedRefusals(PlanImport(ImportTool::kGolangMigrate, set, through, {}).refusals)
                .find("golang-migrate is at version 5, but no file in db has that version"),
            std::string::npos);

  // ImportFiles of a third tool: not the directory the tool applied.
  ForeignHistory dbmate;
  dbmate.applied = {{"1", "", "", "", "schema_migrations version 1"}};
  EXPECT_NE(JoinedRefusals(PlanImport(ImportTool::kDbmate, set, dbmate, {}).refusals).find("db/1_a.sql is in goose's format"),
            std::string::npos);
}

TEST(ImportPlanTest, TimesAreNormalisedToUtc) {
  EXPECT_EQ(NormalizedTime("2026-12-04 21:30:00"), "2026-12-04T21:30:00.000Z");
  EXPECT_EQ(NormalizedTime("2026-12-04 21:30:00.123456+01"), "2026-12-04T20:30:00.123Z");
  EXPECT_EQ(NormalizedTime("2026-12-04T00:30:00Z"), "2026-12-04T00:30:00.000Z");
  EXPECT_EQ(NormalizedTime("2026-12-04 23:30:00.5-02:30"), "2026-12-05T02:00:00.500Z");
  EXPECT_EQ(NormalizedTime("2026-12-04 21:30:00.123456789+00:00"), "2026-12-04T21:30:00.123Z");
  EXPECT_EQ(NormalizedTime("2026-12-04 21:30:00 +0000 UTC"), "2026-12-04T21:30:00.000Z");
  EXPECT_FALSE(NormalizedTime("yesterday"));
  EXPECT_FALSE(NormalizedTime("2026-12-04"));
}

TEST(ImportPlanTest, TableNamesAreCheckedAndQuoted) {
  EXPECT_EQ(*QuotedTable("flyway_schema_history", "postgres"), "\"flyway_schema_history\"");
  EXPECT_EQ(*QuotedTable("app.goose_db_version", "mysql"), "`app`.`goose_db_version`");
  EXPECT_FALSE(QuotedTable("x; DROP TABLE y", "sqlite").ok());
  EXPECT_FALSE(QuotedTable("a.b.c", "sqlite").ok());
  EXPECT_FALSE(QuotedTable("", "sqlite").ok());
}

}  // namespace
}  // namespace strata
