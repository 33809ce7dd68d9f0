// The built-in templates of `strata new --template`: for each database dialect, the safe way to write
// the common changes (a table, a column, an index, a backfill, seed rows; on MongoDB the helpers for
// fields, transforms and indexes). A template is a migration file with {{placeholders}}
// (source/template_fill.h fills them). Each one, filled, passes `strata lint` with no error on its
// database: tests/source/templates_test.cc checks every one.
#pragma once

#include <span>
#include <string_view>

namespace strata {

struct BuiltinTemplate {
  const char* name;     // "add-index": what `--template` takes
  const char* summary;  // one line, for `strata new --list`
  bool reversible;      // has a down part
  const char* text;     // a strata .sql file, or a MongoDB .json file for "mongodb"
};

// The templates of `dialect` ("postgres", "mysql", "sqlite", "duckdb", "mongodb": lint::DialectName's
// names), sorted by name; none for any other name.
std::span<const BuiltinTemplate> BuiltinTemplates(std::string_view dialect);

// The template `name` of `dialect`, or nullptr.
const BuiltinTemplate* FindBuiltinTemplate(std::string_view dialect, std::string_view name);

}  // namespace strata
