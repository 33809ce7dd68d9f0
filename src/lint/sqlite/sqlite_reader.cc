// SQLite: statements read as tokens (trigger bodies stay whole); what SQLite refuses in ALTER TABLE and
// in a transaction, and the copy-and-rename rebuild.
#include <fmt/format.h>

#include "lint/sql/token_reader.h"

namespace strata::lint {
namespace {

class SqliteReaderImpl : public TokenReader {
 public:
  explicit SqliteReaderImpl(PartFindings& findings) : TokenReader(findings, TokenDialect::kSqlite) {}

 private:
  void AlterClause(const std::string& table, const SqlStatement& s, size_t begin, size_t end) override {
    // RENAME TO aside, then a new table under the old name: the rebuild done the other way round.
    if (s.At(begin, {"RENAME", "TO"}) && RecreatedLater(table, s.end)) {
      findings_.Add("table-rebuild", s.tokens[begin].offset, fmt::format("{} is renamed aside and made again", table), table);
      return;
    }
    if (CommonAlterClause(table, s, begin, end)) return;
    size_t at = s.tokens[begin].offset;
    if (s.At(begin, {"DROP"})) {
      size_t name_at = s.At(begin + 1, {"COLUMN"}) ? begin + 2 : begin + 1;
      DropColumn(table, s.NameAt(name_at), at);
      return;
    }
    if (!s.At(begin, {"ADD"})) return;
    size_t name_at = s.At(begin + 1, {"COLUMN"}) ? begin + 2 : begin + 1;
    std::string column = s.NameAt(name_at);
    for (size_t j = name_at; j < end; ++j) {
      std::string refused;
      if (s.At(j, {"PRIMARY", "KEY"}) || s.tokens[j].Is("UNIQUE")) refused = "a PRIMARY KEY or UNIQUE column";
      if (s.tokens[j].Is("STORED")) refused = "a STORED generated column";
      if (s.tokens[j].Is("DEFAULT") && j + 1 < end &&
          (s.tokens[j + 1].Is("CURRENT_TIMESTAMP") || s.tokens[j + 1].Is("CURRENT_TIME") || s.tokens[j + 1].Is("CURRENT_DATE") ||
           s.tokens[j + 1].IsSymbol('('))) {
        refused = "a column whose default is not a constant";
      }
      if (!refused.empty()) {
        findings_.Add("add-column-refused", at, fmt::format("ALTER TABLE {} ADD COLUMN {}: SQLite cannot add {}", table, column, refused));
        return;
      }
    }
  }

  bool RecreatedLater(const std::string& table, size_t after) const {
    bool found = false;
    ForEachStatement(text_.substr(after), TokenDialect::kSqlite, [&](const SqlStatement& later, size_t, size_t) {
      size_t t = later.Find("TABLE");
      found = found || (later.At(0, {"CREATE"}) && t != std::string::npos && t < 4 && TableAt(later, t + 1) == table);
    });
    return found;
  }

  void OtherStatement(const SqlStatement& s) override {
    const Token& first = s.tokens[0];
    if (first.Is("VACUUM")) {
      if (scan_.transactional) {
        findings_.Add("statement-refuses-transaction", s.offset, "VACUUM cannot run in a transaction");
      } else if (s.Find("INTO") == std::string::npos) {
        findings_.Add("vacuum-database", s.offset, "VACUUM rewrites the whole database file");
      }
      return;
    }
    if (first.Is("PRAGMA") && s.tokens.size() > 1 && scan_.transactional) {
      std::string name = s.tokens[1].Upper();
      if (s.tokens.size() > 3 && s.tokens[2].IsSymbol('.')) name = s.tokens[3].Upper();  // schema.pragma
      if (name == "FOREIGN_KEYS") {
        findings_.Add("pragma-foreign-keys-in-transaction", s.offset, "PRAGMA foreign_keys has no effect inside a transaction");
      } else if (name == "JOURNAL_MODE" && (s.Find("WAL") != std::string::npos || s.tokens.size() > 3)) {
        findings_.Add("statement-refuses-transaction", s.offset, "the journal mode cannot change inside a transaction");
      }
    }
  }
};

}  // namespace

std::unique_ptr<StatementReader> SqliteReader(PartFindings& findings) { return std::make_unique<SqliteReaderImpl>(findings); }

}  // namespace strata::lint
