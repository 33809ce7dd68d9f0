// What every SQL driver's connection shares: the history, kept by SqlHistory through the driver's
// Query. A SQL driver derives from this and supplies its session: lock, transactions, statements, Query.
#pragma once

#include <string>
#include <vector>

#include "drivers/sql/sql_history.h"
#include "strata/driver.h"

namespace strata {

class SqlConnection : public Connection {
 public:
  Status EnsureHistory() override { return history_.Ensure(); }
  Result<std::vector<HistoryRecord>> ReadHistory(bool with_texts) override { return history_.Read(with_texts); }
  Status SaveRecord(HistoryRecord record) override { return history_.Save(std::move(record)); }
  Status DeleteRecord(const std::string& version) override { return history_.Delete(version); }
  Status AppendEvent(const HistoryEvent& event) override { return history_.Append(event); }
  Result<std::vector<HistoryEvent>> ReadEvents(int limit) override { return history_.Events(limit); }

 protected:
  // REQUIRES: `schema` and `table` are plain identifiers (or `schema` is empty).
  SqlConnection(const HistoryDialect& dialect, std::string schema, std::string table)
      : history_(*this, dialect, std::move(schema), std::move(table)) {}

  SqlHistory history_;
};

}  // namespace strata
