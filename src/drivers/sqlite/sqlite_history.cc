// The SQLite side of the shared SQL history: one parameterised statement at a time.
#include "drivers/sqlite/sqlite_connection.h"

namespace strata {

Status SqliteConnection::QueryEach(const std::string& sql, const std::vector<SqlValue>& params, const RowSink& each) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK) {
    return Error("query failed");
  }
  for (size_t i = 0; i < params.size(); ++i) {
    if (params[i]) {
      sqlite3_bind_text(stmt, static_cast<int>(i + 1), params[i]->data(), static_cast<int>(params[i]->size()),
                        SQLITE_STATIC);
    } else {
      sqlite3_bind_null(stmt, static_cast<int>(i + 1));
    }
  }
  int rc;
  Status handed = Status::Ok();
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    SqlRow row(sqlite3_column_count(stmt));
    for (int c = 0; c < static_cast<int>(row.size()); ++c) {
      if (sqlite3_column_type(stmt, c) == SQLITE_NULL) continue;
      const unsigned char* text = sqlite3_column_text(stmt, c);
      row[c] = std::string(reinterpret_cast<const char*>(text), sqlite3_column_bytes(stmt, c));
    }
    handed = each(row);
    if (!handed.ok()) break;
  }
  sqlite3_finalize(stmt);
  if (!handed.ok()) return handed;
  if (rc != SQLITE_DONE) return Error("query failed");
  return Status::Ok();
}

Result<std::vector<SqlRow>> SqliteConnection::Query(const std::string& sql, const std::vector<SqlValue>& params) {
  std::vector<SqlRow> rows;
  STRATA_RETURN_IF_ERROR(QueryEach(sql, params, [&rows](SqlRow& row) {
    rows.push_back(std::move(row));
    return Status::Ok();
  }));
  return rows;
}

}  // namespace strata
