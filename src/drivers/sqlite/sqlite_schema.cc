#include "drivers/sqlite/sqlite_schema.h"
#include "drivers/strata_tables.h"

#include <algorithm>
#include <set>

namespace strata {
namespace {

// Load order: views and triggers name tables SQLite checks only for triggers, so tables come first,
// then their indexes, the views, and last the triggers (which may stand on a view).
int SqliteKindRank(const std::string& kind) {
  if (kind == "table") return 0;
  if (kind == "index") return 1;
  if (kind == "view") return 2;
  return 3;
}

}  // namespace

Result<std::string> SqliteSchema::Stamp() {
  auto rows = queries_.Query("PRAGMA main.schema_version", {});
  if (!rows.ok()) return rows.status();
  return rows->empty() || rows->front().empty() ? std::string() : "sqlite:" + rows->front()[0].value_or("");
}

Result<Schema> SqliteSchema::ReadSchema() {
  // Shadow tables (an FTS5 index's _data, _idx...) are created by their virtual table, and strata's own
  // tables (drivers/strata_tables.h) are left out with what stands on them (the append-only triggers).
  auto shadows = queries_.Query("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'shadow'", {});
  if (!shadows.ok()) return shadows.status();
  std::set<std::string> shadow;
  for (const SqlRow& row : *shadows) shadow.insert(row[0].value_or(""));
  auto rows = queries_.Query(
      "SELECT type, name, tbl_name, sql FROM sqlite_schema "
      "WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
      {});
  if (!rows.ok()) return rows.status();
  Schema schema;
  for (const SqlRow& row : *rows) {
    const std::string kind = row[0].value_or("");
    const std::string name = row[1].value_or("");
    const std::string table = row[2].value_or("");
    if (shadow.count(name) || shadow.count(table) || IsStrataObjectName(name, history_table_) ||
        IsStrataObjectName(table, history_table_)) {
      continue;
    }
    if (kind != "table" && kind != "index" && kind != "view" && kind != "trigger") {
      return Status(StatusCode::kUnsupported,
                    "sqlite_schema holds " + kind + " '" + name + "', a kind strata cannot dump; report it");
    }
    schema.objects.push_back({kind, name, row[3].value_or("") + ";\n"});
  }
  std::sort(schema.objects.begin(), schema.objects.end(), [](const SchemaObject& a, const SchemaObject& b) {
    return std::make_pair(SqliteKindRank(a.kind), a.name) < std::make_pair(SqliteKindRank(b.kind), b.name);
  });
  return schema;
}

}  // namespace strata
