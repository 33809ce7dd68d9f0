// MySQL's and MariaDB's way with the history tables (drivers/sql/history_dialect.h).
#include <fmt/format.h>

#include <cstdio>

#include "drivers/mysql/mysql_connection.h"

namespace strata {
namespace {

SqlValue NullIfEmpty(const std::string& s) { return s.empty() ? SqlValue() : SqlValue(s); }

}  // namespace

const HistoryDialect& MysqlHistoryDialect() {
  static const HistoryDialect dialect = [] {
    HistoryDialect d;
    d.quote = '`';
    d.key_text = "VARCHAR(191)";  // a key needs a length; 191 four-byte characters fit InnoDB's 767 bytes
    d.long_text = "LONGTEXT";
    d.event_id = [](const HistoryNames&) { return std::string("BIGINT AUTO_INCREMENT PRIMARY KEY"); };
    d.append_only = [](const HistoryNames& n) {
      std::vector<std::string> ddl;
      for (const char* op : {"update", "delete"}) {
        ddl.push_back(fmt::format("CREATE TRIGGER {} BEFORE {} ON {} FOR EACH ROW SIGNAL SQLSTATE '45000' SET "
                                  "MESSAGE_TEXT = 'the strata event log is append-only'",
                                  n.Quote(n.table() + "_events_no_" + op), op, n.Table("_events")));
      }
      return ddl;
    };
    // With binary logging on, MySQL lets only privileged accounts create triggers: the log then stays
    // append-only by convention, and the history works all the same. A run killed half-way through the
    // creation (MySQL's DDL is not transactional) left a trigger behind: MySQL has no CREATE TRIGGER IF
    // NOT EXISTS before 8.0.29, so an existing one is taken as made.
    d.trigger_failure_tolerated = [](const Status& failed) {
      const std::string& m = failed.message();
      return m.find("SUPER") != std::string::npos || m.find("denied") != std::string::npos ||
             m.find("already exists") != std::string::npos;
    };
    d.table_exists = [](const HistoryNames& n, const std::string& name) {
      return std::pair<std::string, std::vector<SqlValue>>{
          "SELECT 1 FROM information_schema.tables WHERE table_schema = COALESCE(?, DATABASE()) AND table_name = ?",
          {NullIfEmpty(n.schema()), name}};
    };
    d.upsert = [](const std::string& table, const std::string& columns, const std::string& values) {
      return fmt::format("REPLACE INTO {} ({}) VALUES ({})", table, columns, values);
    };
    return d;
  }();
  return dialect;
}

const LeaseDialect& MysqlLeaseDialect() {
  static const LeaseDialect dialect = [] {
    LeaseDialect d;
    d.timestamp_type = "DATETIME(6)";  // in UTC, as UTC_TIMESTAMP gives it
    d.now = "UTC_TIMESTAMP(6)";
    d.now_plus_ms = "UTC_TIMESTAMP(6) + INTERVAL (? * 1000) MICROSECOND";
    d.ms_until_expiry = "TIMESTAMPDIFF(MICROSECOND, UTC_TIMESTAMP(6), expires_at) DIV 1000";
    d.iso_time = [](const std::string& column) {
      return fmt::format("DATE_FORMAT({}, '%Y-%m-%dT%H:%i:%s.%fZ')", column);
    };
    d.insert_if_missing = " ON DUPLICATE KEY UPDATE id = id";
    return d;
  }();
  return dialect;
}

CatalogQueries MysqlCatalogQueries(SqlQueries& queries) {
  // "10.11.6-MariaDB-log" -> 101106, "8.0.34" -> 80034.
  auto number = [](const std::string& text) {
    int major = 0, minor = 0, patch = 0;
    if (std::sscanf(text.c_str(), "%d.%d.%d", &major, &minor, &patch) < 2) return 0;
    return major * 10000 + minor * 100 + patch;
  };
  return CatalogQueries(queries, "SELECT VERSION()", number,
                        "SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_ROWS FROM information_schema.TABLES "
                        "WHERE TABLE_SCHEMA = DATABASE()");
}

const KeyRangeDialect& MysqlKeyRangeDialect() {
  static const KeyRangeDialect dialect = [] {
    KeyRangeDialect d;
    d.primary_key_query =
        "SELECT column_name FROM information_schema.key_column_usage WHERE table_schema = DATABASE() AND "
        "table_name = ? AND constraint_name = 'PRIMARY'";
    d.threads_running_query = "SHOW GLOBAL STATUS LIKE 'Threads_running'";
    d.threads_running_column = 1;  // (Variable_name, Value)
    return d;
  }();
  return dialect;
}

}  // namespace strata
