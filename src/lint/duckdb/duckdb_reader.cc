// DuckDB: statements read as tokens (PostgreSQL's lexical rules); type changes rewrite the table.
#include <fmt/format.h>

#include "lint/sql/token_reader.h"

namespace strata::lint {
namespace {

class DuckdbReaderImpl : public TokenReader {
 public:
  explicit DuckdbReaderImpl(PartFindings& findings) : TokenReader(findings, TokenDialect::kDuckdb) {}

 private:
  void AlterClause(const std::string& table, const SqlStatement& s, size_t begin, size_t end) override {
    if (CommonAlterClause(table, s, begin, end)) return;
    size_t at = s.tokens[begin].offset;
    if (s.At(begin, {"DROP"}) && !s.At(begin, {"DROP", "CONSTRAINT"})) {
      size_t name_at = s.At(begin + 1, {"COLUMN"}) ? begin + 2 : begin + 1;
      if (s.At(name_at, {"IF", "EXISTS"})) name_at += 2;
      DropColumn(table, s.NameAt(name_at), at);
      return;
    }
    if (!s.At(begin, {"ALTER"})) return;
    size_t name_at = s.At(begin + 1, {"COLUMN"}) ? begin + 2 : begin + 1;
    std::string column = s.NameAt(name_at);
    size_t type = s.Find("TYPE", name_at);
    if (type < end && type + 1 < end) {
      const Token& t = s.tokens[type + 1];
      findings_.Add("column-type-change", at, fmt::format("{}.{} becomes {}: DuckDB rewrites the column", table, column, t.text), table);
      bool limited = type + 2 < end && s.tokens[type + 2].IsSymbol('(');
      if (limited || t.Is("SMALLINT") || t.Is("TINYINT") || t.Is("INTEGER") || t.Is("INT") || t.Is("INT4") || t.Is("REAL")) {
        findings_.Add("narrow-column-type", at, fmt::format("{}.{} becomes {}: values that do not fit fail", table, column, t.text), table);
      }
    }
  }
};

}  // namespace

std::unique_ptr<StatementReader> DuckdbReader(PartFindings& findings) { return std::make_unique<DuckdbReaderImpl>(findings); }

}  // namespace strata::lint
