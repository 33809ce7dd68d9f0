#include "drivers/sql/catalog_queries.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace strata {

Result<int> CatalogQueries::ServerVersion() {
  auto rows = queries_.Query(version_query_, {});
  if (!rows.ok()) return rows.status();
  if (rows->empty() || rows->front().empty() || !rows->front()[0]) {
    return Status(StatusCode::kDatabaseError, "the server did not say its version");
  }
  return version_number_(*rows->front()[0]);
}

Result<std::map<std::string, int64_t>> CatalogQueries::TableRows() {
  auto rows = queries_.Query(tables_query_, {});
  if (!rows.ok()) return rows.status();
  std::map<std::string, int64_t> out;
  auto lower = [](std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
  };
  // An unqualified name is the table the search path finds, when the query says which those are
  // (a fourth column, true or false); otherwise the largest of that name, to err towards caution.
  std::map<std::string, int64_t> in_path;
  for (const SqlRow& row : *rows) {
    if (row.size() < 3 || !row[0] || !row[1]) continue;
    int64_t n = row[2] ? std::atoll(row[2]->c_str()) : 0;
    out[lower(*row[0] + "." + *row[1])] = n;
    if (row.size() > 3 && row[3] && (*row[3] == "true" || *row[3] == "t" || *row[3] == "1")) {
      in_path.emplace(lower(*row[1]), n);
    }
    auto [it, inserted] = out.emplace(lower(*row[1]), n);
    if (!inserted) it->second = std::max(it->second, n);
  }
  for (const auto& [table, n] : in_path) out[table] = n;
  return out;
}

}  // namespace strata
