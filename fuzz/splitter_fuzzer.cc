// Each dialect's statement splitter on any text. Invariants, not only "no crash": the statements come
// in order, within the text, never overlapping, each starting at a token (no leading blank) and ending
// at one (no trailing blank); and a statement split alone again is still one statement, itself
// (PostgreSQL: no client command changes how the text after it splits).
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "sql/splitter.h"

using strata::sql::Dialect;
using strata::sql::SplitStatements;
using strata::sql::StatementSpan;

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  for (Dialect dialect : {Dialect::kPostgres, Dialect::kMysql}) {
    size_t end_of_last = 0;
    for (const StatementSpan& s : SplitStatements(text, dialect)) {
      Check(s.length > 0);
      Check(s.offset >= end_of_last);
      Check(s.offset + s.length <= text.size());
      Check(!std::isspace(static_cast<unsigned char>(text[s.offset])));
      Check(!std::isspace(static_cast<unsigned char>(text[s.offset + s.length - 1])));
      end_of_last = s.offset + s.length;
      if (dialect == Dialect::kPostgres) {
        std::string_view statement = text.substr(s.offset, s.length);
        auto again = SplitStatements(statement, dialect);
        Check(again.size() == 1 && again[0].offset == 0 && again[0].length == statement.size());
      }
    }
  }
  return 0;
}
