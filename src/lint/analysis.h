// What every dialect's reader shares: the part of a migration being read, and the findings it makes.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "strata/lint.h"

namespace strata::lint {

// One part (up or down) of a migration, as a reader sees it.
struct PartScan {
  const Migration& migration;
  const Section& section;
  bool down = false;
  const LintOptions& options;
  // The part runs in one transaction on this database (its marker, and whether the database can).
  bool transactional = true;
};

// A finding before the rule's texts and the settings are applied: offsets into the part's text.
struct RawFinding {
  std::string rule;
  size_t offset = 0;
  size_t region_begin = 0;  // the statement's region, where `-- strata:allow` comments count
  size_t region_end = 0;
  std::string message;
  std::string table;   // kLock rules: the table locked; kDataLoss rules: the table losing data ("" when none)
  std::string column;  // drop-column: the column dropped
};

// Collects one part's findings and what the part creates, so that a lock on a table made by the same
// migration is not reported.
class PartFindings {
 public:
  enum class Object { kTable, kIndex, kColumn };  // a column's name is "table.column"

  // `seeded`: what counts as new from the start (for a down part: what its up part created, which the
  // down part is there to remove).
  explicit PartFindings(const PartScan& scan, std::set<std::string> seeded = {}) : scan_(scan), created_(std::move(seeded)) {}

  // The statement being read: findings made until the next call belong to it.
  void Statement(size_t region_begin, size_t region_end) {
    region_begin_ = region_begin;
    region_end_ = region_end;
  }
  void Add(std::string_view rule, size_t offset, std::string message, std::string table = "", std::string column = "");

  // Names compare in lower case; "schema.table" also matches "table".
  void Created(Object kind, const std::string& name) { created_.insert(Key(kind, name)); }
  bool IsNew(Object kind, const std::string& name) const;
  const std::set<std::string>& created() const { return created_; }

  const PartScan& scan() const { return scan_; }
  const std::vector<RawFinding>& findings() const { return findings_; }

 private:
  static std::string Key(Object kind, const std::string& name);

  const PartScan& scan_;
  std::vector<RawFinding> findings_;
  std::set<std::string> created_;
  size_t region_begin_ = 0;
  size_t region_end_ = 0;
};

struct SqlStatement;
enum class TokenDialect;

// Reads an SQL part statement by statement: the part is split and tokenized once, and every reader of
// it sees each statement in turn (PartFindings::Statement is already set to it).
class StatementReader {
 public:
  virtual ~StatementReader() = default;
  virtual void Statement(const SqlStatement& s, size_t index, size_t count) = 0;
  // After the last statement.
  virtual void Finish() {}
};

// How the token reader splits a dialect's SQL (kPostgres for PostgreSQL).
TokenDialect TokenDialectOf(Dialect dialect);

// The readers, one per dialect (src/lint/<dialect>/).
std::unique_ptr<StatementReader> PostgresReader(PartFindings& findings);
std::unique_ptr<StatementReader> MysqlReader(PartFindings& findings);
std::unique_ptr<StatementReader> SqliteReader(PartFindings& findings);
std::unique_ptr<StatementReader> DuckdbReader(PartFindings& findings);
void ReadMongodb(PartFindings& findings);

// Secrets and personal data in literals (literals.cc): SQL statements, and MongoDB commands.
std::unique_ptr<StatementReader> LiteralReader(PartFindings& findings);
void ReadJsonLiterals(PartFindings& findings);

}  // namespace strata::lint
