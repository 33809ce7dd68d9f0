#include "cli/schema_differences.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "cli/line_diff.h"

namespace strata::cli {
namespace {

std::string Indented(const std::string& text, const std::string& indent) {
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out += indent + text.substr(start, end - start) + "\n";
    start = end + 1;
  }
  return out;
}

}  // namespace

std::string RenderDifferences(const std::vector<SchemaDifference>& differences, const std::string& expected_name,
                              const std::string& actual_name, const std::string& indent) {
  std::string out;
  for (const SchemaDifference& d : differences) {
    using Change = SchemaDifference::Change;
    switch (d.change) {
      case Change::kMissing:
        out += fmt::format("{}missing {} {}: {} lacks\n", indent, d.kind, d.name, actual_name);
        out += Indented(d.expected, indent + "    ");
        break;
      case Change::kExtra:
        out += fmt::format("{}extra {} {}: {} holds besides\n", indent, d.kind, d.name, actual_name);
        out += Indented(d.actual, indent + "    ");
        break;
      case Change::kChanged:
        out += fmt::format("{}changed {} {}:\n", indent, d.kind, d.name);
        out += Indented(UnifiedDiff(d.expected, d.actual, expected_name, actual_name), indent + "    ");
        break;
    }
  }
  return out;
}

nlohmann::json DifferencesJson(const std::vector<SchemaDifference>& differences) {
  nlohmann::json out = nlohmann::json::array();
  for (const SchemaDifference& d : differences) {
    nlohmann::json j = {{"change", SchemaChangeName(d.change)}, {"kind", d.kind}, {"name", d.name}};
    j["expected"] = d.expected.empty() ? nlohmann::json() : nlohmann::json(d.expected);
    j["actual"] = d.actual.empty() ? nlohmann::json() : nlohmann::json(d.actual);
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace strata::cli
