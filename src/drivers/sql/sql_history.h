// The history tables of SQL databases, written once for every SQL dialect.
//
// Layout 1 (named after the history table, default strata_migrations):
//   <table>         one row per version: its latest state and the up/down text as applied
//   <table>_events  the audit trail; append-only (triggers refuse UPDATE and DELETE; on MySQL only where
//                   the account may create triggers, and on DuckDB, which has none, by convention)
//   <table>_meta    meta_key/meta_value; 'layout' is the layout's version, for later upgrades
// A driver supplies SqlQueries::Query, one parameterised statement at a time, and its HistoryDialect
// (drivers/sql/history_dialect.h): what its SQL says its own way.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "drivers/sql/history_dialect.h"
#include "strata/driver.h"
#include "strata/history.h"
#include "strata/status.h"

namespace strata {

class SqlHistory final : public HistoryStore {
 public:
  // `schema` may be empty (the connection's default). REQUIRES: `table` and `schema` are plain identifiers.
  SqlHistory(SqlQueries& runner, const HistoryDialect& dialect, std::string schema, std::string table);

  Status Ensure() override;
  Result<std::vector<HistoryRecord>> Read(bool with_texts) override;
  Status Save(HistoryRecord record) override;
  Status Delete(const std::string& version) override;
  Status Append(const HistoryEvent& event) override;
  Result<std::vector<HistoryEvent>> Events(int limit) override;

  // A value in <table>_meta ("" when absent or the table does not exist yet), and setting one.
  Result<std::string> Meta(const std::string& key) override;
  Status SetMeta(const std::string& key, const std::string& value) override;

  // Called after every successful Ensure (MySQL then records who holds the lock, which it could not
  // before the tables existed). Default: none.
  void set_after_ensure(std::function<Status()> after) { after_ensure_ = std::move(after); }

  // "schema"."table" quoted for the dialect, with `suffix` appended to the table name.
  std::string Name(const std::string& suffix = "") const { return names_.Table(suffix); }

 private:
  Result<bool> Exists(const std::string& suffix);
  Status CheckLayout();
  // Ok if the history table has strata's columns; a table of another tool's is kInvalidHistory.
  Status CheckOwnTable();

  Status Create();

  SqlQueries& runner_;
  const HistoryDialect& dialect_;
  HistoryNames names_;
  std::function<Status()> after_ensure_;
};

// True if `name` is a plain SQL identifier: letters, digits and '_', not starting with a digit.
bool IsPlainIdentifier(const std::string& name);
// kInvalidArgument unless `name` can name a SQL history table (a plain identifier): every SQL driver
// checks before it connects.
Status CheckHistoryTableName(const std::string& name);

}  // namespace strata
