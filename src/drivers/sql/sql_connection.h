// What every SQL driver's connection shares: the history store, SqlHistory, which works through the
// driver's Query. A SQL driver derives from this and supplies its session (lock, transactions,
// statements), its Query and its HistoryDialect.
#pragma once

#include <string>
#include <vector>

#include "drivers/sql/sql_history.h"
#include "strata/driver.h"

namespace strata {

class SqlConnection : public Connection, public SqlQueries {
 public:
  HistoryStore& history() override { return history_; }
  SqlQueries* sql() override { return this; }

 protected:
  // REQUIRES: `schema` and `table` are plain identifiers (or `schema` is empty).
  SqlConnection(const HistoryDialect& dialect, std::string schema, std::string table)
      : history_(*this, dialect, std::move(schema), std::move(table)) {}

  SqlHistory history_;
};

}  // namespace strata
