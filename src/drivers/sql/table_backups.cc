#include "drivers/sql/table_backups.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "core/clock.h"

namespace strata {

namespace {

std::vector<std::string> Lines(const SqlValue& v) {
  std::vector<std::string> out;
  if (!v) return out;
  size_t start = 0;
  while (start < v->size()) {
    size_t end = v->find('\n', start);
    if (end == std::string::npos) end = v->size();
    out.push_back(v->substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string Joined(const std::vector<std::string>& items) { return fmt::format("{}", fmt::join(items, "\n")); }

std::string Bare(const std::string& table) {
  size_t dot = table.rfind('.');
  return dot == std::string::npos ? table : table.substr(dot + 1);
}

bool Has(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

std::string TableCopier::Quote(const std::string& name) const {
  std::string out(1, quote());
  for (char c : name) {
    out += c;
    if (c == quote()) out += c;
  }
  return out + quote();
}

std::string TableCopier::QuoteQualified(const std::string& name) const {
  size_t dot = name.find('.');
  return dot == std::string::npos ? Quote(name) : Quote(name.substr(0, dot)) + "." + Quote(name.substr(dot + 1));
}

std::pair<SqlValue, std::string> TableCopier::Split(const std::string& table) {
  size_t dot = table.find('.');
  if (dot == std::string::npos) return {std::nullopt, table};
  return {table.substr(0, dot), table.substr(dot + 1)};
}

std::string TableCopier::UpdateFromCopy(const std::string& table, const std::string& copy, const std::vector<std::string>& key,
                                        const std::vector<std::string>& columns) {
  std::vector<std::string> set, match;
  for (const std::string& c : columns) set.push_back(fmt::format("{} = b_.{}", Quote(c), Quote(c)));
  for (const std::string& k : key) match.push_back(fmt::format("t_.{} = b_.{}", Quote(k), Quote(k)));
  return fmt::format("UPDATE {} AS t_ SET {} FROM {} AS b_ WHERE {}", QuoteQualified(table), fmt::join(set, ", "), Copy(copy),
                     fmt::join(match, " AND "));
}

std::string TableCopier::InsertFromCopy(const std::string& table, const std::string& copy, const std::string& columns) {
  return fmt::format("INSERT INTO {} ({}) SELECT {} FROM {}", QuoteQualified(table), columns, columns, Copy(copy));
}

Status TableBackups::Run(const std::vector<std::string>& statements) {
  for (const std::string& sql : statements) {
    auto done = queries_.Query(sql, {});
    if (!done.ok()) return done.status();
  }
  return Status::Ok();
}

Status TableBackups::EnsureCatalog() {
  return Run({fmt::format("CREATE TABLE IF NOT EXISTS {} (id {} PRIMARY KEY, object {} NOT NULL, version {} NOT NULL, "
                          "migration {}, created_at {} NOT NULL, row_count BIGINT NOT NULL, columns_list {}, "
                          "key_columns {}, definition {})",
                          names_.Table("_backups"), dialect_.key_text, dialect_.key_text, dialect_.key_text,
                          dialect_.long_text, dialect_.key_text, dialect_.long_text, dialect_.long_text, dialect_.long_text)});
}

Result<std::vector<BackupTarget>> TableBackups::ObjectsAtRisk(const Script&, std::vector<BackupTarget> found, bool) {
  std::vector<BackupTarget> out;
  for (BackupTarget& t : found) {
    auto resolved = copier_.Resolve(t.object);
    if (!resolved.ok()) return resolved.status();
    if (!*resolved) continue;  // made by the step itself, or never there: nothing to keep
    t.object = **resolved;
    if (Bare(t.object).rfind(names_.table(), 0) == 0) continue;  // strata's own
    auto same = std::find_if(out.begin(), out.end(), [&](const BackupTarget& o) { return o.object == t.object; });
    if (same == out.end()) {
      out.push_back(std::move(t));
    } else if (t.columns.empty() || same->columns.empty()) {
      same->columns.clear();  // the whole table wins over some of its columns
    } else {
      for (std::string& c : t.columns) {
        if (!Has(same->columns, c)) same->columns.push_back(std::move(c));
      }
    }
  }
  return out;
}

Result<BackupInfo> TableBackups::Take(const std::string& version, const std::string& name, const BackupTarget& target) {
  auto shape = copier_.Shape(target.object);
  if (!shape.ok()) return shape.status();
  // Columns are kept with the key that finds their rows again; without a key, the whole table is kept.
  std::vector<std::string> columns = shape->key.empty() ? std::vector<std::string>() : target.columns;
  auto taken = Entries("");
  if (!taken.ok()) return taken.status();
  std::string table = Bare(target.object);
  std::string copy = version + "_" + table.substr(0, copier_.max_name() - version.size() - 4);
  // The backup schema is shared by every history in the database: a name is free when no table has it.
  for (int n = 2;; ++n) {
    bool listed = std::any_of(taken->begin(), taken->end(), [&](const Entry& e) { return e.info.id == copy; });
    auto exists = listed ? Result<std::optional<std::string>>(std::optional<std::string>("")) : copier_.Resolve("strata_backups." + copy);
    if (!exists.ok()) return exists.status();
    if (!*exists) break;
    copy = fmt::format("{}_{}_{}", version, table.substr(0, copier_.max_name() - version.size() - 8), n);
  }
  std::vector<std::string> statements{copier_.CreateSchema()};
  if (columns.empty()) {
    std::vector<std::string> made = copier_.CopyTable(target.object, *shape, copy);
    statements.insert(statements.end(), made.begin(), made.end());
  } else {
    std::vector<std::string> kept;
    for (const std::string& c : shape->key) kept.push_back(copier_.Quote(c));
    for (const std::string& c : columns) {
      if (!Has(shape->key, c)) kept.push_back(copier_.Quote(c));
    }
    statements.push_back(fmt::format("CREATE TABLE {} AS SELECT {} FROM {}", copier_.Copy(copy), fmt::join(kept, ", "),
                                     copier_.QuoteQualified(target.object)));
  }
  STRATA_RETURN_IF_ERROR(Run(statements));
  BackupInfo info;
  info.id = copy;
  info.object = target.object;
  info.version = version;
  info.migration = name;
  info.created_at = NowUtc();
  info.columns = columns;
  auto count = queries_.Query("SELECT count(*) FROM " + copier_.Copy(copy), {});
  if (!count.ok()) return count.status();
  info.rows = !count->empty() && (*count)[0][0] ? std::stoll(*(*count)[0][0]) : 0;
  auto bytes = copier_.Bytes(copy);
  info.bytes = bytes.ok() ? *bytes : -1;
  auto recorded = queries_.Query(
      fmt::format("INSERT INTO {} (id, object, version, migration, created_at, row_count, columns_list, key_columns, "
                  "definition) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  names_.Table("_backups")),
      {info.id, info.object, info.version, info.migration, info.created_at, std::to_string(info.rows), Joined(columns),
       Joined(shape->key), shape->definition});
  if (!recorded.ok()) {
    (void)Run({"DROP TABLE IF EXISTS " + copier_.Copy(copy)});
    return recorded.status();
  }
  return info;
}

Result<std::vector<BackupInfo>> TableBackups::Backup(const std::string& version, const std::string& name,
                                                     const std::vector<BackupTarget>& targets) {
  std::vector<BackupInfo> taken;
  Status failed = EnsureCatalog();
  for (size_t i = 0; failed.ok() && i < targets.size(); ++i) {
    auto info = Take(version, name, targets[i]);
    if (info.ok()) {
      taken.push_back(std::move(*info));
    } else {
      failed = Status(info.status().code(), fmt::format("copying {}: {}", targets[i].object, info.status().message()));
    }
  }
  if (!failed.ok()) {
    for (const BackupInfo& info : taken) (void)Remove(info.id);  // a half-taken backup is no backup
    return Status(StatusCode::kDatabaseError,
                  fmt::format("the backup before migration {} failed, so the migration did not run: {}", version,
                              failed.message()));
  }
  return taken;
}

Result<std::vector<TableBackups::Entry>> TableBackups::Entries(const std::string& id) {
  auto exists = dialect_.table_exists(names_, names_.table() + "_backups");
  auto found = queries_.Query(exists.first, exists.second);
  if (!found.ok()) return found.status();
  if (found->empty()) return std::vector<Entry>();
  std::string sql = fmt::format(
      "SELECT id, object, version, migration, created_at, row_count, columns_list, key_columns, definition FROM {}{} "
      "ORDER BY created_at, id",
      names_.Table("_backups"), id.empty() ? "" : " WHERE id = ?");
  auto rows = queries_.Query(sql, id.empty() ? std::vector<SqlValue>{} : std::vector<SqlValue>{id});
  if (!rows.ok()) return rows.status();
  std::vector<Entry> out;
  for (const SqlRow& r : *rows) {
    Entry e;
    e.info.id = r[0].value_or("");
    e.info.object = r[1].value_or("");
    e.info.version = r[2].value_or("");
    e.info.migration = r[3].value_or("");
    e.info.created_at = r[4].value_or("");
    e.info.rows = r[5] ? std::stoll(*r[5]) : 0;
    e.info.columns = Lines(r[6]);
    e.key = Lines(r[7]);
    e.definition = r[8].value_or("");
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::vector<BackupInfo>> TableBackups::List() {
  auto entries = Entries("");
  if (!entries.ok()) return entries.status();
  std::vector<BackupInfo> out;
  for (Entry& e : *entries) {
    auto bytes = copier_.Bytes(e.info.id);
    e.info.bytes = bytes.ok() ? *bytes : -1;
    out.push_back(std::move(e.info));
  }
  return out;
}

Result<BackupInfo> TableBackups::Restore(const std::string& id) {
  auto entries = Entries(id);
  if (!entries.ok()) return entries.status();
  if (entries->empty()) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("no backup '{}' in {}; `strata backups list` shows them", id, names_.Table("_backups")));
  }
  const Entry& entry = entries->front();
  Status restored = entry.info.columns.empty() ? RestoreTable(entry) : RestoreColumns(entry);
  if (!restored.ok()) {
    return Status(restored.code(), fmt::format("restoring {} from backup {}: {}", entry.info.object, id, restored.message()));
  }
  return entry.info;
}

Status TableBackups::RestoreTable(const Entry& entry) {
  const std::string& table = entry.info.object;
  auto present = copier_.Resolve(table);
  if (!present.ok()) return present.status();
  const bool recreate = !*present;
  if (recreate) STRATA_RETURN_IF_ERROR(Run(copier_.Recreate(table, entry.info.id, entry.definition)));
  auto now = copier_.Shape(table);
  if (!now.ok()) return now.status();
  auto kept = copier_.Shape("strata_backups." + entry.info.id);
  if (!kept.ok()) return kept.status();
  std::vector<std::string> columns;
  for (const std::string& c : now->insertable) {
    if (Has(kept->columns, c)) columns.push_back(copier_.Quote(c));
  }
  std::vector<std::string> statements = copier_.BeforeRestore();
  statements.push_back("DELETE FROM " + copier_.QuoteQualified(table));
  statements.push_back(copier_.InsertFromCopy(table, entry.info.id, fmt::format("{}", fmt::join(columns, ", "))));
  for (const std::string& s : copier_.AfterRestore()) statements.push_back(s);
  STRATA_RETURN_IF_ERROR(connection_.Begin());
  if (Status written = Run(statements); !written.ok()) {
    (void)connection_.Rollback();
    (void)Run(copier_.AfterRestore());
    return written;
  }
  STRATA_RETURN_IF_ERROR(connection_.Commit());
  return recreate ? Run(copier_.AfterRecreate(table, entry.definition)) : Status::Ok();
}

Status TableBackups::RestoreColumns(const Entry& entry) {
  const std::string& table = entry.info.object;
  auto present = copier_.Resolve(table);
  if (!present.ok()) return present.status();
  if (!*present) {
    return Status(StatusCode::kRefused,
                  fmt::format("the table is gone: this backup holds only its columns {}; re-create the table (or restore a "
                              "backup of the whole table) first",
                              fmt::join(entry.info.columns, ", ")));
  }
  auto now = copier_.Shape(table);
  if (!now.ok()) return now.status();
  std::vector<std::string> statements;
  for (const std::string& c : entry.info.columns) {
    if (Has(now->columns, c)) continue;
    auto type = copier_.ColumnType(entry.info.id, c);
    if (!type.ok()) return type.status();
    statements.push_back(fmt::format("ALTER TABLE {} ADD COLUMN {} {}", copier_.QuoteQualified(table), copier_.Quote(c), *type));
  }
  STRATA_RETURN_IF_ERROR(Run(statements));
  STRATA_RETURN_IF_ERROR(connection_.Begin());
  if (Status written = Run({copier_.UpdateFromCopy(table, entry.info.id, entry.key, entry.info.columns)}); !written.ok()) {
    (void)connection_.Rollback();
    return written;
  }
  return connection_.Commit();
}

Status TableBackups::Remove(const std::string& id) {
  STRATA_RETURN_IF_ERROR(Run({"DROP TABLE IF EXISTS " + copier_.Copy(id)}));
  auto removed = queries_.Query(fmt::format("DELETE FROM {} WHERE id = ?", names_.Table("_backups")), {id});
  return removed.ok() ? Status::Ok() : removed.status();
}

}  // namespace strata
