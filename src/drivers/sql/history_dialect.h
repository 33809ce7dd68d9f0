// What one SQL database says its own way about the history tables (drivers/sql/sql_history.h). Each SQL
// driver fills one in its own folder (e.g. drivers/postgres/postgres_dialect.cc); SqlHistory assembles
// the tables, queries and upserts from it, so a new SQL database changes no shared code.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "strata/driver.h"

namespace strata {

// The names of one history, quoted the dialect's way. `schema` may be empty (the connection's default).
class HistoryNames {
 public:
  HistoryNames(char quote, std::string schema, std::string table)
      : quote_(quote), schema_(std::move(schema)), table_(std::move(table)) {}

  // `identifier` between quote characters, each quote character inside it doubled (SQL's escape): a
  // name read from a catalog may hold one.
  std::string Quote(const std::string& identifier) const {
    std::string out(1, quote_);
    for (char c : identifier) {
      if (c == quote_) out += quote_;
      out += c;
    }
    return out + quote_;
  }
  // The history table's name with `suffix` ("_events", "_meta"), schema-qualified and quoted.
  std::string Table(const std::string& suffix = "") const {
    return schema_.empty() ? Quote(table_ + suffix) : Quote(schema_) + "." + Quote(table_ + suffix);
  }
  // A name of the schema's, like Table's: for a function or sequence beside the tables.
  std::string InSchema(const std::string& name) const {
    return schema_.empty() ? Quote(name) : Quote(schema_) + "." + Quote(name);
  }
  const std::string& schema() const { return schema_; }
  const std::string& table() const { return table_; }

 private:
  char quote_;
  std::string schema_;
  std::string table_;
};

struct HistoryDialect {
  char quote = '"';
  std::string key_text = "TEXT";   // a text column in a key (MySQL's keys need a length)
  std::string long_text = "TEXT";  // the up and down texts
  // The events' id column: its type, and how it numbers itself.
  std::function<std::string(const HistoryNames&)> event_id;
  // Statements run before the tables are created (a schema, a sequence). Default: none.
  std::function<std::vector<std::string>(const HistoryNames&)> before_tables;
  // The triggers (and their functions) that make <table>_events refuse UPDATE and DELETE. Default: none
  // (DuckDB has no triggers: the log is append-only by convention).
  std::function<std::vector<std::string>(const HistoryNames&)> append_only;
  // Whether a failed CREATE TRIGGER may be passed over: the account may not create triggers, or a run
  // cut short already did. Default: never.
  std::function<bool(const Status&)> trigger_failure_tolerated;
  // A query with one row when the table `name` exists, and its parameters.
  std::function<std::pair<std::string, std::vector<SqlValue>>(const HistoryNames&, const std::string& name)> table_exists;
  // INSERT that replaces the row with the same key (the first of `columns`).
  std::function<std::string(const std::string& table, const std::string& columns, const std::string& values)> upsert;
};

// ON CONFLICT (first column) DO UPDATE SET every other column: the upsert of PostgreSQL and SQLite 3.24+.
std::string UpsertOnConflict(const std::string& table, const std::string& columns, const std::string& values);

}  // namespace strata
