// Filling a template of `strata new --template`: its {{NAME}} placeholders, and the description in the
// file's header.
//
// The placeholders every template may use:
//   {{name}}         the migration's name as in its file name: add_email_to_users
//   {{version}}      its version: 20261122093000, or 003 with --sequential
//   {{description}}  --description; else the name with each '_' read as a space
//   {{table}}        the table (MongoDB: the collection)
//   {{column}}       the column (MongoDB: the field)
//   {{new_column}}   a column's (field's) new name, for renames
// Table and columns come from --var table=... (and so on), else from a name that says them:
//   add_C_to_T, rename_C_to_N[_in_T], [add_]index_C_on_T, create_T[_table|_collection]
// else they are my_table, my_column and <column>_new: a file that plainly wants editing, never an
// error. A user template may use any other {{NAME}}; it then needs --var NAME=VALUE.
//
// `{{` that does not open a placeholder (`{{ 1 }}`, JSON's `[{{`) is left as written; run-time
// placeholders (`${NAME}`, source.h's FillPlaceholders) are a different syntax and stay for `up`.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "strata/status.h"

namespace strata {

// The values of the placeholders above for migration `name` (as in its file name) at `version`.
// `vars` (--var) win over the defaults and may add placeholders of their own.
std::map<std::string, std::string> TemplateValues(const std::string& name, const std::string& version,
                                                  const std::string& description,
                                                  const std::map<std::string, std::string>& vars);

// `text` with every {{NAME}} (spaces inside the braces allowed) replaced by `values`[NAME]: as written
// in SQL, as the content of a JSON string with `json` (a template puts its placeholders inside
// strings, and a value can then never change the document's structure). A placeholder without a value
// is kInvalidArgument naming `origin` (the template's file, or which built-in), the line, and the
// --var that would give it one.
Result<std::string> FillTemplate(std::string_view text, const std::map<std::string, std::string>& values, bool json,
                                 const std::string& origin);

// `text` (a filled template) with `description` in its header: SQL gets a first line
// `-- strata:description TEXT` unless it has such a line already; JSON gets a top-level "description"
// member (set, or first when missing). An empty `description` changes nothing. JSON that does not parse
// is kInvalidArgument naming `origin`.
Result<std::string> WithDescription(std::string text, const std::string& description, bool json,
                                    const std::string& origin);

}  // namespace strata
