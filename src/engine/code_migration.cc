#include "strata/code_migration.h"

#include <fmt/format.h>

#include <algorithm>

#include "strata/source.h"

namespace strata {

Status Database::Execute(const std::string& sql, const std::vector<SqlValue>& params) {
  return Query(sql, params).status();
}

Result<std::vector<SqlRow>> Database::Query(const std::string& sql, const std::vector<SqlValue>& params) {
  SqlQueries* queries = connection_.sql();
  if (!queries) {
    return Status(StatusCode::kRefused,
                  fmt::format("{} has no SQL; a code migration for MongoDB runs commands with "
                              "strata::mongodb::RunCommand (strata/mongodb.h)",
                              connection_.capabilities().dialect));
  }
  return queries->Query(sql, params);
}

Status Database::ForEachRow(const std::string& sql, const std::vector<SqlValue>& params,
                            const std::function<Status(const SqlRow&)>& row) {
  auto rows = Query(sql, params);
  if (!rows.ok()) return rows.status();
  for (const SqlRow& r : *rows) STRATA_RETURN_IF_ERROR(row(r));
  return Status::Ok();
}

Status Database::InBatches(const std::string& sql, int64_t first, int64_t last, int64_t batch,
                           const std::function<void(int64_t, int64_t)>& progress) {
  if (batch <= 0) return Status(StatusCode::kInvalidArgument, "InBatches needs a batch size of at least 1");
  const int64_t total = last >= first ? last - first + 1 : 0;
  for (int64_t from = first; from <= last; from += batch) {
    int64_t to = std::min(last + 1, from + batch);
    STRATA_RETURN_IF_ERROR(Query(sql, {std::to_string(from), std::to_string(to)}).status());
    if (progress) progress(to - first, total);
    if (to > last) break;
  }
  return Status::Ok();
}

Status AddCodeMigration(MigrationSet& set, CodeMigration code) {
  auto version = Version::Parse(code.version);
  if (!version) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("code migration '{}' has version '{}': a version is digits only", code.name,
                              code.version));
  }
  if (!code.up) {
    return Status(StatusCode::kInvalidArgument, fmt::format("code migration {} {} has no up step", code.version,
                                                            code.name));
  }
  if (const Migration* existing = set.Find(*version)) {
    return Status(StatusCode::kInvalidMigration,
                  fmt::format("code migration {} {} has the version of {}; versions must be unique", code.version,
                              code.name, existing->paths.empty() ? existing->name : existing->paths[0]));
  }
  Migration m;
  m.version = *version;
  m.name = code.name;
  m.format = MigrationFormat::kCode;
  m.paths = {fmt::format("code:{}_{}", code.version, code.name)};
  m.up.text = fmt::format("-- code migration: {} (code version {})\n", code.description, code.code_version);
  m.up.path = m.paths[0];
  m.up.transaction = code.transaction;
  m.up_code = std::move(code.up);
  if (code.down) {
    m.down = m.up;
    m.down_code = std::move(code.down);
  }
  m.checksum = Checksum(fmt::format("code\n{}\n{}\n{}", code.version, code.name, code.code_version));
  auto at = std::upper_bound(set.migrations.begin(), set.migrations.end(), m.version,
                             [](const Version& v, const Migration& other) { return v < other.version; });
  set.migrations.insert(at, std::move(m));
  return Status::Ok();
}

Status AddBatchedCodeMigration(MigrationSet& set, CodeMigration code, CodeBatches batches) {
  const std::string& key = batches.spec.key;
  const bool plain_key = std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
  if (!batches.up || batches.spec.table.empty() || batches.spec.size <= 0 || !plain_key) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("batched code migration {} {} needs an up batch step, spec.table, a size above 0 and "
                              "a key that is a plain column name (or none: the table's primary key)",
                              code.version, code.name));
  }
  // The steps that run are the batches'; up and down only have to say the migration exists.
  if (!code.up) code.up = [](Database&) { return Status::Ok(); };
  if (!code.down && batches.down) code.down = [](Database&) { return Status::Ok(); };
  const std::string version = code.version;
  STRATA_RETURN_IF_ERROR(AddCodeMigration(set, std::move(code)));
  Migration& m = *std::find_if(set.migrations.begin(), set.migrations.end(),
                               [&](const Migration& x) { return x.version == *Version::Parse(version); });
  m.batch = std::move(batches.spec);
  m.batch->path = m.paths[0];
  m.up_batch_code = std::move(batches.up);
  m.down_batch_code = std::move(batches.down);
  return Status::Ok();
}

}  // namespace strata
