#include "drivers/mysql/mysql_schema.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <tuple>

#include "drivers/mysql/mysql_schema_text.h"
#include "drivers/strata_tables.h"

namespace strata {
namespace {

std::string MysqlCell(const SqlRow& row, size_t column) { return column < row.size() ? row[column].value_or("") : ""; }

// `mode` without the flags that change how SHOW CREATE prints: ANSI_QUOTES, NO_*_OPTIONS and the
// compatibility modes.
std::string MysqlPrintingMode(const std::string& mode) {
  const std::string altering =
      ",ANSI_QUOTES,NO_FIELD_OPTIONS,NO_KEY_OPTIONS,NO_TABLE_OPTIONS,ANSI,ORACLE,POSTGRESQL,MSSQL,DB2,MAXDB,MYSQL323,"
      "MYSQL40,";
  std::string printing;
  for (size_t start = 0; start <= mode.size();) {
    const size_t comma = std::min(mode.find(',', start), mode.size());
    const std::string flag = mode.substr(start, comma - start);
    if (!flag.empty() && altering.find("," + flag + ",") == std::string::npos) {
      printing += (printing.empty() ? "" : ",") + flag;
    }
    start = comma + 1;
  }
  return printing;
}

// Views in an order that loads: a view after the views it reads, otherwise by name. A cycle (a name
// read that is a column's, not a view's) falls back to name order for what remains.
std::vector<SchemaObject> MysqlViewsInLoadOrder(std::vector<SchemaObject> views) {
  std::sort(views.begin(), views.end(), [](const SchemaObject& a, const SchemaObject& b) { return a.name < b.name; });
  std::set<std::string> names, emitted;
  for (const SchemaObject& v : views) names.insert(v.name);
  std::map<std::string, std::set<std::string>> reads;
  for (const SchemaObject& v : views) {
    for (const std::string& n : MysqlNamesRead(v.definition)) {
      if (n != v.name && names.count(n)) reads[v.name].insert(n);
    }
  }
  std::vector<SchemaObject> ordered;
  while (ordered.size() < views.size()) {
    const SchemaObject* next = nullptr;
    for (const SchemaObject& v : views) {
      if (emitted.count(v.name)) continue;
      if (!next) next = &v;  // the fallback: the first left by name
      const auto& needs = reads[v.name];
      if (std::all_of(needs.begin(), needs.end(), [&](const std::string& n) { return emitted.count(n) > 0; })) {
        next = &v;
        break;
      }
    }
    emitted.insert(next->name);
    ordered.push_back(*next);
  }
  return ordered;
}

}  // namespace

bool MysqlSchemaReader::Strata(const std::string& table) const {
  return IsStrataObjectName(table, history_table_);
}

Result<std::string> MysqlSchemaReader::ShowCreate(const std::string& what, const std::string& name, size_t column) {
  auto rows = queries_.Query(fmt::format("SHOW CREATE {} {}", what, names_.Quote(name)), {});
  if (!rows.ok()) return rows.status();
  if (rows->empty() || column >= (*rows)[0].size() || !(*rows)[0][column]) {
    // The server hides a routine's or event's text from an account that neither owns it nor may see it.
    return Status(StatusCode::kDatabaseError,
                  fmt::format("the server shows no definition of {} '{}'; the account needs the privilege to read it "
                              "(SHOW CREATE ROUTINE on MariaDB, SHOW_ROUTINE on MySQL, or EVENT)",
                              what, name));
  }
  return *(*rows)[0][column];
}

Result<Schema> MysqlSchemaReader::ReadSchema() {
  // SHOW CREATE prints as the session says: names in double quotes under ANSI_QUOTES, options left out
  // under NO_*_OPTIONS or a compatibility mode. The read uses the server's own form, whatever the
  // session's defaults, and gives the session its settings back.
  auto session = queries_.Query("SELECT @@session.sql_mode, @@session.sql_quote_show_create", {});
  if (!session.ok()) return session.status();
  const std::string mode = session->empty() ? "" : MysqlCell((*session)[0], 0);
  const std::string quoted = session->empty() || MysqlCell((*session)[0], 1) == "1" ? "ON" : "OFF";
  const std::string printing = MysqlPrintingMode(mode);
  const bool change = printing != mode || quoted != "ON";
  if (change) {
    STRATA_RETURN_IF_ERROR(
        queries_.Query("SET SESSION sql_quote_show_create = ON, SESSION sql_mode = ?", {printing}).status());
  }
  auto schema = ReadObjects();
  if (change) {
    Status restored =
        queries_.Query("SET SESSION sql_quote_show_create = ?, SESSION sql_mode = ?", {quoted, mode}).status();
    if (schema.ok() && !restored.ok()) return restored;
  }
  return schema;
}

Result<Schema> MysqlSchemaReader::ReadObjects() {
  auto database = queries_.Query("SELECT DATABASE()", {});
  if (!database.ok()) return database.status();
  if (database->empty() || !(*database)[0][0]) {
    return Status(StatusCode::kInvalidArgument, "the connection has no current database; name one in the URL's path");
  }
  Schema schema;
  STRATA_RETURN_IF_ERROR(ReadRoutines(schema));
  STRATA_RETURN_IF_ERROR(ReadTables(*(*database)[0][0], schema));
  STRATA_RETURN_IF_ERROR(ReadTriggers(schema));
  STRATA_RETURN_IF_ERROR(ReadEvents(schema));
  return schema;
}

Status MysqlSchemaReader::ReadRoutines(Schema& schema) {
  auto rows = queries_.Query(
      "SELECT ROUTINE_NAME, ROUTINE_TYPE FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()", {});
  if (!rows.ok()) return rows.status();
  std::vector<std::pair<std::string, std::string>> routines;  // name, type
  for (const SqlRow& row : *rows) {
    const std::string name = MysqlCell(row, 0), type = MysqlCell(row, 1);
    if (type != "FUNCTION" && type != "PROCEDURE") {
      std::string kind = type;
      std::transform(kind.begin(), kind.end(), kind.begin(), [](unsigned char c) { return std::tolower(c); });
      return Status(StatusCode::kUnsupported,
                    fmt::format("the database holds the {} '{}', a kind strata cannot dump (MariaDB packages need "
                                "sql_mode=ORACLE to load); drop it or move it to another database, or dump without "
                                "strata",
                                kind, name));
    }
    routines.emplace_back(name, type);
  }
  std::sort(routines.begin(), routines.end());
  for (const auto& [name, type] : routines) {
    auto text = ShowCreate(type, name, 2);
    if (!text.ok()) return text.status();
    std::string kind = type == "FUNCTION" ? "function" : "procedure";
    schema.objects.push_back({kind, name, MysqlWithoutDefiner(*text) + ";\n"});
  }
  return Status::Ok();
}

Status MysqlSchemaReader::ReadTables(const std::string& database, Schema& schema) {
  auto rows = queries_.Query(
      "SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()", {});
  if (!rows.ok()) return rows.status();
  std::vector<std::string> sequences, tables, views;
  for (const SqlRow& row : *rows) {
    const std::string name = MysqlCell(row, 0), type = MysqlCell(row, 1);
    if (Strata(name)) continue;
    if (type == "BASE TABLE" || type == "SYSTEM VERSIONED") {
      tables.push_back(name);
    } else if (type == "VIEW") {
      views.push_back(name);
    } else if (type == "SEQUENCE") {
      sequences.push_back(name);
    } else if (type != "TEMPORARY") {  // a session's own temporary table is no part of the database
      return Status(StatusCode::kUnsupported,
                    fmt::format("the database holds '{}', a table of type {} strata cannot dump; drop it or "
                                "move it to another database",
                                name, type));
    }
  }
  for (auto* list : {&sequences, &tables, &views}) std::sort(list->begin(), list->end());

  for (const std::string& name : sequences) {
    auto text = ShowCreate("SEQUENCE", name, 1);
    if (!text.ok()) return text.status();
    schema.objects.push_back({"sequence", name, *text + ";\n"});
  }
  std::vector<SchemaObject> indexes, foreign_keys, view_objects;
  for (const std::string& name : tables) {
    auto text = ShowCreate("TABLE", name, 1);
    if (!text.ok()) return text.status();
    auto parts = MysqlSplitTable(MysqlUnqualified(*text, database));
    if (!parts.ok()) return parts.status();
    schema.objects.push_back({"table", name, parts->create + ";\n"});
    for (const MysqlTableClause& index : parts->indexes) {
      indexes.push_back({"index", name + "." + index.name,
                         fmt::format("ALTER TABLE {} ADD {};\n", names_.Quote(name), index.clause)});
    }
    for (const MysqlTableClause& fk : parts->foreign_keys) {
      foreign_keys.push_back({"foreign key", name + "." + fk.name,
                              fmt::format("ALTER TABLE {} ADD {};\n", names_.Quote(name), fk.clause)});
    }
  }
  for (const std::string& name : views) {
    auto text = ShowCreate("VIEW", name, 1);
    if (!text.ok()) return text.status();
    view_objects.push_back({"view", name, MysqlUnqualified(MysqlWithoutDefiner(*text), database) + ";\n"});
  }
  for (auto* part : {&indexes, &foreign_keys}) {
    schema.objects.insert(schema.objects.end(), part->begin(), part->end());
  }
  for (SchemaObject& view : MysqlViewsInLoadOrder(std::move(view_objects))) schema.objects.push_back(std::move(view));
  return Status::Ok();
}

Status MysqlSchemaReader::ReadTriggers(Schema& schema) {
  auto rows = queries_.Query(
      "SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORDER, ACTION_STATEMENT "
      "FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()",
      {});
  if (!rows.ok()) return rows.status();
  // Triggers on the same table, time and event fire in ACTION_ORDER, which is the order of creation:
  // written in that order, they fire in it again (no FOLLOWS or PRECEDES naming a trigger not made yet).
  std::vector<std::tuple<std::string, std::string, std::string, long, std::string, std::string>> triggers;
  for (const SqlRow& row : *rows) {
    const std::string table = MysqlCell(row, 1);
    if (Strata(table)) continue;
    triggers.emplace_back(table, MysqlCell(row, 2), MysqlCell(row, 3), std::stol("0" + MysqlCell(row, 4)),
                          MysqlCell(row, 0), MysqlCell(row, 5));
  }
  std::sort(triggers.begin(), triggers.end());
  for (const auto& [table, timing, event, order, name, body] : triggers) {
    schema.objects.push_back({"trigger", name,
                              fmt::format("CREATE TRIGGER {} {} {} ON {} FOR EACH ROW {};\n", names_.Quote(name),
                                          timing, event, names_.Quote(table), body)});
  }
  return Status::Ok();
}

Status MysqlSchemaReader::ReadEvents(Schema& schema) {
  // An event given no STARTS starts when it is created: that time is left out, as a counter would be.
  // STARTS is in the event's time zone, CREATED in the session's.
  auto rows = queries_.Query(
      "SELECT EVENT_NAME, COALESCE(CONVERT_TZ(STARTS, TIME_ZONE, @@session.time_zone), STARTS) <=> CREATED "
      "FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE()",
      {});
  if (!rows.ok()) return rows.status();
  std::vector<std::pair<std::string, bool>> events;
  for (const SqlRow& row : *rows) events.emplace_back(MysqlCell(row, 0), MysqlCell(row, 1) == "1");
  std::sort(events.begin(), events.end());
  for (const auto& [name, started_on_creation] : events) {
    auto text = ShowCreate("EVENT", name, 3);
    if (!text.ok()) return text.status();
    std::string create = MysqlWithoutDefiner(*text);
    if (started_on_creation) create = MysqlWithoutStarts(create);
    schema.objects.push_back({"event", name, create + ";\n"});
  }
  return Status::Ok();
}

}  // namespace strata
