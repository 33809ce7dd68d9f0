#include "drivers/sqlite/sqlite_backups.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/clock.h"

namespace strata {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// "main.t" or "t" -> "t": a migration may name the schema; the catalog knows only main's tables here.
std::string Bare(const std::string& table) {
  size_t dot = table.rfind('.');
  return dot == std::string::npos ? table : table.substr(dot + 1);
}

Result<int64_t> Count(sqlite3* db, const std::string& table) {
  std::string sql = "SELECT count(*) FROM \"" + table + "\"";  // a name read from sqlite_schema, quotes doubled
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    return Status(StatusCode::kDatabaseError, fmt::format("cannot count the rows of {}: {}", table, sqlite3_errmsg(db)));
  }
  int64_t n = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
  sqlite3_finalize(stmt);
  return n;
}

std::string Quoted(const std::string& name) {
  std::string out;
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out;
}

BackupInfo InfoOf(const json& j, const std::string& id, int64_t bytes) {
  BackupInfo info;
  info.id = id;
  info.object = j.value("tables", std::string());
  info.version = j.value("version", std::string());
  info.migration = j.value("migration", std::string());
  info.created_at = j.value("created_at", std::string());
  info.rows = j.value("rows", int64_t{0});
  info.bytes = bytes;
  return info;
}

}  // namespace

Result<std::vector<BackupTarget>> SqliteBackups::ObjectsAtRisk(const Script&, std::vector<BackupTarget> found, bool) {
  std::vector<BackupTarget> out;
  for (BackupTarget& t : found) {
    sqlite3_stmt* stmt = nullptr;
    const char* sql = "SELECT name FROM sqlite_schema WHERE type = 'table' AND name = ? COLLATE NOCASE";
    if (sqlite3_prepare_v2(db_, sql, -1, &stmt, nullptr) != SQLITE_OK) {
      return Status(StatusCode::kDatabaseError, fmt::format("cannot read the tables of '{}': {}", path_, sqlite3_errmsg(db_)));
    }
    std::string bare = Bare(t.object);
    sqlite3_bind_text(stmt, 1, bare.c_str(), static_cast<int>(bare.size()), SQLITE_TRANSIENT);
    if (sqlite3_step(stmt) == SQLITE_ROW) {
      t.object = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
      out.push_back(std::move(t));
    }
    sqlite3_finalize(stmt);
  }
  return out;
}

Status SqliteBackups::Copy(sqlite3* from, sqlite3* to, const std::string& what) {
  sqlite3_backup* backup = sqlite3_backup_init(to, "main", from, "main");
  if (!backup) return Status(StatusCode::kDatabaseError, fmt::format("{}: {}", what, sqlite3_errmsg(to)));
  int rc = sqlite3_backup_step(backup, -1);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) return Status(StatusCode::kDatabaseError, fmt::format("{}: {}", what, sqlite3_errstr(rc)));
  return Status::Ok();
}

Result<std::vector<BackupInfo>> SqliteBackups::Backup(const std::string& version, const std::string& name,
                                                      const std::vector<BackupTarget>& targets) {
  auto failed = [&](const std::string& why) {
    return Status(StatusCode::kDatabaseError,
                  fmt::format("the backup before migration {} failed, so the migration did not run: {}", version, why));
  };
  std::error_code ec;
  fs::create_directories(Folder(), ec);
  if (ec) return failed(fmt::format("cannot create {}: {}", Folder(), ec.message()));
  std::string created_at = NowUtc();
  std::string stamp;  // 2026-11-22T09:30:00.123Z -> 20261122T093000123
  for (char c : created_at) {
    if (std::isdigit(static_cast<unsigned char>(c)) || c == 'T') stamp += c;
  }
  std::string id = version + "-" + stamp;
  for (int n = 2; fs::exists(Folder() + "/" + id + ".db"); ++n) id = fmt::format("{}-{}-{}", version, stamp, n);
  const std::string file = Folder() + "/" + id + ".db";

  int64_t rows = 0;
  std::string tables;
  for (const BackupTarget& t : targets) {
    auto n = Count(db_, Quoted(t.object));
    if (!n.ok()) return failed(n.status().message());
    rows += *n;
    tables += (tables.empty() ? "" : ", ") + t.object;
  }
  sqlite3* copy = nullptr;
  if (sqlite3_open_v2(file.c_str(), &copy, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    std::string why = copy ? sqlite3_errmsg(copy) : "out of memory";
    sqlite3_close(copy);
    return failed(fmt::format("cannot create {}: {}", file, why));
  }
  Status copied = Copy(db_, copy, "copying the database to " + file);
  sqlite3_close(copy);
  json meta = {{"version", version}, {"migration", name}, {"tables", tables}, {"rows", rows}, {"created_at", created_at}};
  if (copied.ok()) {
    std::ofstream out(Folder() + "/" + id + ".json");
    out << meta.dump(2) << '\n';
    if (!out.flush()) copied = Status(StatusCode::kDatabaseError, "cannot write " + Folder() + "/" + id + ".json");
  }
  if (!copied.ok()) {
    (void)Remove(id);
    return failed(copied.message());
  }
  return std::vector<BackupInfo>{InfoOf(meta, id, static_cast<int64_t>(fs::file_size(file, ec)))};
}

Result<std::vector<BackupInfo>> SqliteBackups::List() {
  std::vector<BackupInfo> out;
  std::error_code ec;
  if (!fs::is_directory(Folder(), ec)) return out;
  for (const auto& entry : fs::directory_iterator(Folder(), ec)) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path());
    json meta = json::parse(in, nullptr, false);
    if (!meta.is_object()) continue;  // not one of ours
    fs::path db = entry.path();
    db.replace_extension(".db");
    std::error_code size_error;
    auto bytes = fs::file_size(db, size_error);
    if (size_error) continue;  // its copy is gone
    out.push_back(InfoOf(meta, entry.path().stem().string(), static_cast<int64_t>(bytes)));
  }
  std::sort(out.begin(), out.end(), [](const BackupInfo& a, const BackupInfo& b) {
    return std::tie(a.created_at, a.id) < std::tie(b.created_at, b.id);
  });
  return out;
}

Result<BackupInfo> SqliteBackups::Restore(const std::string& id) {
  auto listed = List();
  if (!listed.ok()) return listed.status();
  auto it = std::find_if(listed->begin(), listed->end(), [&](const BackupInfo& b) { return b.id == id; });
  if (it == listed->end()) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("no backup '{}' in {}; `strata backups list` shows them", id, Folder()));
  }
  // The audit trail is append-only: the copy's events are a prefix of today's, and the rest is added back.
  auto events = history_.Events(0);
  if (!events.ok()) return events.status();
  sqlite3* copy = nullptr;
  const std::string file = Folder() + "/" + id + ".db";
  if (sqlite3_open_v2(file.c_str(), &copy, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(copy);
    return Status(StatusCode::kDatabaseError, fmt::format("cannot open the backup {}", file));
  }
  Status copied = Copy(copy, db_, fmt::format("restoring '{}' from {}", path_, file));
  sqlite3_close(copy);
  if (!copied.ok()) return copied;
  auto kept = history_.Events(0);
  if (!kept.ok()) return kept.status();
  for (size_t i = kept->size(); i < events->size(); ++i) STRATA_RETURN_IF_ERROR(history_.Append((*events)[i]));
  return *it;
}

Status SqliteBackups::Remove(const std::string& id) {
  std::error_code ec;
  fs::remove(Folder() + "/" + id + ".db", ec);
  if (ec) return Status(StatusCode::kDatabaseError, fmt::format("cannot remove backup {}: {}", id, ec.message()));
  fs::remove(Folder() + "/" + id + ".json", ec);
  return Status::Ok();
}

}  // namespace strata
