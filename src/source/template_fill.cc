#include "source/template_fill.h"

#include <fmt/format.h>

#include <cctype>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>

#include "core/text.h"

namespace strata {
namespace {

// Ordered: MongoDB reads a command's name from its first key, and the file keeps the template's order.
using OrderedJson = nlohmann::ordered_json;

// A description is one line: in SQL it is a `--` comment, which a newline would end, leaving the rest
// of the text to run as SQL.
std::string OneLine(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return text;
}

struct NameParts {
  std::string table;
  std::string column;
  std::string new_column;
};

// What a conventional name says about its table and columns ("add_email_to_users").
// `text` without `prefix`, when it starts with it and something follows.
std::optional<std::string> After(const std::string& text, std::string_view prefix) {
  if (text.size() <= prefix.size() || text.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
  return text.substr(prefix.size());
}

// `text` cut at the first `word` with something on both sides (`last`: at the last one).
std::optional<std::pair<std::string, std::string>> Cut(const std::string& text, std::string_view word, bool last = false) {
  size_t at = last ? text.rfind(word) : text.find(word);
  if (at == std::string::npos || at == 0 || at + word.size() >= text.size()) return std::nullopt;
  return std::make_pair(text.substr(0, at), text.substr(at + word.size()));
}

NameParts PartsOfName(const std::string& name) {
  NameParts parts;
  if (auto rest = After(name, "rename_")) {  // rename_C_to_N[_in_T]
    if (auto cn = Cut(*rest, "_to_")) {
      parts.column = cn->first;
      parts.new_column = cn->second;
      if (auto nt = Cut(cn->second, "_in_")) parts.new_column = nt->first, parts.table = nt->second;
      return parts;
    }
  }
  std::optional<std::string> index = After(name, "index_");
  if (!index) index = After(name, "add_index_");
  if (index) {  // [add_]index_C_on_T
    if (auto ct = Cut(*index, "_on_", true)) {
      parts.column = ct->first, parts.table = ct->second;
      return parts;
    }
  }
  if (auto rest = After(name, "add_")) {  // add_C_to_T
    if (auto ct = Cut(*rest, "_to_", true)) {
      parts.column = ct->first, parts.table = ct->second;
      return parts;
    }
  }
  if (auto rest = After(name, "create_")) {  // create_T[_table|_collection]
    std::string_view table = *rest;
    for (std::string_view suffix : {"_table", "_collection"}) {
      if (table.size() > suffix.size() && table.ends_with(suffix)) table.remove_suffix(suffix.size());
    }
    parts.table = std::string(table);
  }
  return parts;
}

bool IsVariableStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsVariableChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// The placeholder opening at `at` (where "{{" stands): its name and its length; nothing when the braces
// hold no name.
std::optional<std::pair<std::string, size_t>> PlaceholderAt(std::string_view text, size_t at) {
  size_t i = at + 2;
  while (i < text.size() && text[i] == ' ') ++i;
  const size_t start = i;
  if (i >= text.size() || !IsVariableStart(text[i])) return std::nullopt;
  while (i < text.size() && IsVariableChar(text[i])) ++i;
  const size_t end = i;
  while (i < text.size() && text[i] == ' ') ++i;
  if (text.substr(i, 2) != "}}") return std::nullopt;
  return std::make_pair(std::string(text.substr(start, end - start)), i + 2 - at);
}

// `value` as the inside of a JSON string: quotes, backslashes and control characters escaped.
std::string JsonEscaped(const std::string& value) {
  std::string quoted = OrderedJson(value).dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
  return quoted.substr(1, quoted.size() - 2);
}

}  // namespace

std::map<std::string, std::string> TemplateValues(const std::string& name, const std::string& version,
                                                  const std::string& description,
                                                  const std::map<std::string, std::string>& vars) {
  NameParts parts = PartsOfName(name);
  std::string words = name;
  for (char& c : words) {
    if (c == '_') c = ' ';
  }
  std::map<std::string, std::string> values = {
      {"name", name},
      {"version", version},
      {"description", OneLine(description.empty() ? words : description)},
      {"table", parts.table.empty() ? "my_table" : parts.table},
      {"column", parts.column.empty() ? "my_column" : parts.column},
  };
  for (const auto& [key, value] : vars) values[key] = value;
  if (!values.count("new_column")) {
    // After --var: renaming `--var column=phone` defaults to phone_new, not my_column_new.
    values["new_column"] = parts.new_column.empty() ? values["column"] + "_new" : parts.new_column;
  }
  return values;
}

Result<std::string> FillTemplate(std::string_view text, const std::map<std::string, std::string>& values, bool json,
                                 const std::string& origin) {
  std::string out;
  out.reserve(text.size());
  size_t copied = 0;  // text before this offset is in `out`
  for (size_t at = text.find("{{"); at != std::string_view::npos;) {
    auto placeholder = PlaceholderAt(text, at);
    if (!placeholder) {
      at = text.find("{{", at + 1);
      continue;
    }
    const std::string& name = placeholder->first;
    auto value = values.find(name);
    if (value == values.end()) {
      return Status(StatusCode::kInvalidArgument,
                    fmt::format("{} (line {}) uses the placeholder {}, which has no value: pass --var {}=VALUE "
                                "(every template has name, version, description, table, column and new_column)",
                                origin, LineOfOffset(text, at), "{{" + name + "}}", name));
    }
    out.append(text.substr(copied, at - copied));
    out += json ? JsonEscaped(value->second) : value->second;
    copied = at + placeholder->second;
    at = text.find("{{", copied);
  }
  out.append(text.substr(copied));
  return out;
}

Result<std::string> WithDescription(std::string text, const std::string& description, bool json,
                                    const std::string& origin) {
  if (description.empty()) return text;
  const std::string one_line = OneLine(description);
  if (!json) {
    // A user template may place the line itself (`-- strata:description {{description}}`).
    std::string_view all = text;
    for (size_t pos = 0; pos < all.size();) {
      size_t eol = all.find('\n', pos);
      std::string_view line = all.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
      size_t first = line.find_first_not_of(" \t");
      if (first != std::string_view::npos && line.substr(first).starts_with("-- strata:description")) return text;
      if (eol == std::string_view::npos) break;
      pos = eol + 1;
    }
    return "-- strata:description " + one_line + "\n" + text;
  }
  OrderedJson::value_t kind = OrderedJson::value_t::discarded;
  OrderedJson doc;
  try {
    doc = OrderedJson::parse(text, nullptr, false);
    kind = doc.type();
  } catch (const OrderedJson::exception&) {  // numbers too large for any type throw even without exceptions
  }
  if (kind != OrderedJson::value_t::object) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("{} is not a JSON object once filled, so it cannot take a description; fix the "
                              "template: a MongoDB migration is {{\"up\": [...], \"down\": [...]}}",
                              origin));
  }
  auto it = doc.find("description");
  if (it != doc.end() && it->is_string() && it->get<std::string>() == one_line) return text;  // kept as written
  OrderedJson out = OrderedJson::object();
  out["description"] = one_line;
  for (const auto& [key, value] : doc.items()) {
    if (key != "description") out[key] = value;
  }
  return out.dump(2, ' ', false, OrderedJson::error_handler_t::replace) + "\n";
}

}  // namespace strata
