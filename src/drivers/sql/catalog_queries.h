// CatalogFacts of an SQL database from two queries of its catalog: each SQL driver that has them names
// its queries; the rows become the role's answers here.
#pragma once

#include <functional>
#include <string>

#include "strata/driver.h"

namespace strata {

class CatalogQueries final : public CatalogFacts {
 public:
  // `version_query` returns one row with the version as text, which `version_number` turns into a
  // number; `tables_query` returns (schema, table, estimated rows) rows, and optionally a fourth column saying
  // whether the schema is on the search path (then an unqualified name means that schema's table).
  CatalogQueries(SqlQueries& queries, std::string version_query, std::function<int(const std::string&)> version_number,
                 std::string tables_query)
      : queries_(queries),
        version_query_(std::move(version_query)),
        version_number_(std::move(version_number)),
        tables_query_(std::move(tables_query)) {}

  Result<int> ServerVersion() override;
  Result<std::map<std::string, int64_t>> TableRows() override;

 private:
  SqlQueries& queries_;
  std::string version_query_;
  std::function<int(const std::string&)> version_number_;
  std::string tables_query_;
};

}  // namespace strata
