// What the history readers share: tool names, table names, times.
#include "import/foreign_history.h"

#include <fmt/format.h>

#include <cstdio>
#include <ctime>

namespace strata {
namespace {

constexpr ImportTool kImportTools[] = {ImportTool::kFlyway, ImportTool::kGoose, ImportTool::kGolangMigrate,
                                       ImportTool::kDbmate, ImportTool::kSqlMigrate};

bool PlainTableName(const std::string& name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

// Reads `count` digits at `text[*pos]` into `*out`, advancing `*pos`.
bool ReadTimeDigits(const std::string& text, size_t* pos, int count, int* out) {
  int value = 0;
  for (int i = 0; i < count; ++i, ++*pos) {
    if (*pos >= text.size() || text[*pos] < '0' || text[*pos] > '9') return false;
    value = value * 10 + (text[*pos] - '0');
  }
  *out = value;
  return true;
}

bool ExpectTimeChar(const std::string& text, size_t* pos, char c) {
  if (*pos >= text.size() || text[*pos] != c) return false;
  ++*pos;
  return true;
}

}  // namespace

const char* ImportToolName(ImportTool tool) {
  switch (tool) {
    case ImportTool::kFlyway: return "flyway";
    case ImportTool::kGoose: return "goose";
    case ImportTool::kGolangMigrate: return "golang-migrate";
    case ImportTool::kDbmate: return "dbmate";
    case ImportTool::kSqlMigrate: return "sql-migrate";
  }
  return "unknown";
}

std::optional<ImportTool> ParseImportTool(const std::string& name) {
  for (ImportTool tool : kImportTools) {
    if (name == ImportToolName(tool)) return tool;
  }
  return std::nullopt;
}

std::string ImportToolNames() {
  std::string names;
  for (ImportTool tool : kImportTools) names += fmt::format("{}{}", names.empty() ? "" : ", ", ImportToolName(tool));
  return names;
}

const ForeignHistoryReader& ReaderFor(ImportTool tool) {
  switch (tool) {
    case ImportTool::kFlyway: return FlywayHistoryReader();
    case ImportTool::kGoose: return GooseHistoryReader();
    case ImportTool::kGolangMigrate: return GolangMigrateHistoryReader();
    case ImportTool::kDbmate: return DbmateHistoryReader();
    case ImportTool::kSqlMigrate: break;
  }
  return SqlMigrateHistoryReader();
}

std::string AsText(const std::string& column, const std::string& dialect) {
  return fmt::format("CAST({} AS {})", column, dialect == "mysql" ? "CHAR" : "TEXT");
}

std::string DefaultHistoryTable(ImportTool tool) {
  switch (tool) {
    case ImportTool::kFlyway: return "flyway_schema_history";
    case ImportTool::kGoose: return "goose_db_version";
    case ImportTool::kGolangMigrate:
    case ImportTool::kDbmate: return "schema_migrations";
    case ImportTool::kSqlMigrate: return "gorp_migrations";
  }
  return "";
}

Result<std::string> QuotedTable(const std::string& table, const std::string& dialect) {
  size_t dot = table.find('.');
  std::vector<std::string> parts = {table.substr(0, dot)};
  if (dot != std::string::npos) parts.push_back(table.substr(dot + 1));
  std::string quoted;
  for (const std::string& part : parts) {
    if (!PlainTableName(part)) {
      return Status(StatusCode::kInvalidArgument,
                    fmt::format("--table '{}' is not a table name strata reads: write NAME or SCHEMA.NAME of letters, "
                                "digits and '_'",
                                table));
    }
    const char quote = dialect == "mysql" ? '`' : '"';
    quoted += fmt::format("{}{}{}{}", quoted.empty() ? "" : ".", quote, part, quote);
  }
  return quoted;
}

std::optional<std::string> NormalizedTime(const std::string& text) {
  std::tm tm{};
  size_t pos = 0;
  int year, month, day, hour, minute, second;
  if (!ReadTimeDigits(text, &pos, 4, &year) || !ExpectTimeChar(text, &pos, '-') || !ReadTimeDigits(text, &pos, 2, &month) ||
      !ExpectTimeChar(text, &pos, '-') || !ReadTimeDigits(text, &pos, 2, &day)) {
    return std::nullopt;
  }
  if (pos >= text.size() || (text[pos] != ' ' && text[pos] != 'T')) return std::nullopt;
  ++pos;
  if (!ReadTimeDigits(text, &pos, 2, &hour) || !ExpectTimeChar(text, &pos, ':') || !ReadTimeDigits(text, &pos, 2, &minute) ||
      !ExpectTimeChar(text, &pos, ':') || !ReadTimeDigits(text, &pos, 2, &second)) {
    return std::nullopt;
  }
  int millis = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int scale = 100;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      millis += (text[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
  }
  while (pos < text.size() && text[pos] == ' ') ++pos;
  int offset_minutes = 0;
  if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    int oh = 0, om = 0;
    if (!ReadTimeDigits(text, &pos, 2, &oh)) return std::nullopt;
    if (pos < text.size() && text[pos] == ':') ++pos;
    if (pos < text.size() && text[pos] >= '0' && text[pos] <= '9' && !ReadTimeDigits(text, &pos, 2, &om)) return std::nullopt;
    offset_minutes = sign * (oh * 60 + om);
  } else if (pos < text.size() && text[pos] == 'Z') {
    ++pos;
  }
  while (pos < text.size() && text[pos] == ' ') ++pos;
  std::string rest = text.substr(pos);
  if (!rest.empty() && rest != "UTC") return std::nullopt;
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  std::time_t t = timegm(&tm) - static_cast<std::time_t>(offset_minutes) * 60;
  std::tm utc{};
  if (!gmtime_r(&t, &utc)) return std::nullopt;
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
                     utc.tm_hour, utc.tm_min, utc.tm_sec, millis);
}

Result<std::vector<SqlRow>> QueryHistoryTable(SqlQueries& sql, const std::string& query, const std::string& table,
                                              ImportTool tool) {
  auto rows = sql.Query(query, {});
  if (!rows.ok()) {
    return Status(StatusCode::kDatabaseError,
                  fmt::format("cannot read {}'s history table '{}': {}\nis this the database {} migrated? If {} was "
                              "configured with another table, name it with --table",
                              ImportToolName(tool), table, rows.status().message(), ImportToolName(tool),
                              ImportToolName(tool)));
  }
  return rows;
}

std::string ColumnText(const SqlRow& row, size_t column) {
  return column < row.size() && row[column] ? *row[column] : std::string();
}

}  // namespace strata
