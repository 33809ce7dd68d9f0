// A tiny application for the start-up tests: embedded migrations (tests/data/embedded) plus one code
// migration, migrated on start-up with the options of the environment.
//   startup_probe URL        prints the health JSON; exit 0 when healthy
//   startup_probe --list     prints "version checksum" of every embedded migration
#include <iostream>
#include <string>
#include <vector>

#include "strata/code_migration.h"
#include "strata/source.h"
#include "strata/startup.h"

std::vector<strata::MigrationFile> probe_migrations();

namespace {

// Seeds rows with bound parameters, reads them back, and changes them in batches.
strata::CodeMigration SeedItems() {
  strata::CodeMigration m;
  m.version = "003";
  m.name = "seed_items";
  m.description = "seed probe items";
  m.code_version = "1";
  m.up = [](strata::Database& db) -> strata::Status {
    for (int i = 1; i <= 25; ++i) {
      STRATA_RETURN_IF_ERROR(
          db.Execute("INSERT INTO probe_items (id, label) VALUES (?, ?)", {std::to_string(i), "item " + std::to_string(i)}));
    }
    int seen = 0;
    STRATA_RETURN_IF_ERROR(db.ForEachRow("SELECT id FROM probe_items WHERE label LIKE ?", {"item %"},
                                         [&](const strata::SqlRow&) { return ++seen, strata::Status::Ok(); }));
    if (seen != 25) return strata::Status(strata::StatusCode::kMigrationFailed, "expected 25 items");
    return db.InBatches("UPDATE probe_items SET label = upper(label) WHERE id >= ? AND id < ?", 1, 25, 10);
  };
  m.down = [](strata::Database& db) { return db.Execute("DELETE FROM probe_items"); };
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: startup_probe URL | --list\n";
    return 2;
  }
  auto set = strata::LoadMigrations(probe_migrations());
  if (!set.ok()) {
    std::cerr << set.status().ToString() << '\n';
    return 2;
  }
  if (std::string(argv[1]) == "--list") {
    for (const auto& m : set->migrations) std::cout << m.version.text() << ' ' << m.checksum << '\n';
    return 0;
  }
  if (auto added = strata::AddCodeMigration(*set, SeedItems()); !added.ok()) {
    std::cerr << added.ToString() << '\n';
    return 2;
  }
  auto options = strata::StartupOptions::FromEnvironment();
  if (!options.ok()) {
    std::cerr << options.status().ToString() << '\n';
    return 2;
  }
  auto report = strata::MigrateOnStartup(argv[1], *set, *options);
  if (!report.ok()) {
    std::cerr << report.status().ToString() << '\n';
    return 1;
  }
  if (!report->note.empty()) std::cerr << "note: " << report->note << '\n';
  if (!report->run.status.ok()) std::cerr << report->run.status.ToString() << '\n';
  std::cout << report->health.ToJson() << '\n';
  return report->health.healthy() ? 0 : 1;
}
