// Secrets and personal data in a migration's literals: SQL string literals (with the column or keyword
// they belong to) and the string values of MongoDB commands (with their member names).
#include <fmt/format.h>

#include <cctype>
#include <nlohmann/json.hpp>
#include <set>

#include "core/json_spans.h"
#include "lint/analysis.h"
#include "lint/shapes.h"
#include "lint/sql/tokens.h"

namespace strata::lint {
namespace {

bool IsPlaceholder(const std::string& value) { return value.find("${") != std::string::npos; }

class LiteralReaderImpl : public StatementReader {
 public:
  explicit LiteralReaderImpl(PartFindings& findings) : findings_(findings), scan_(findings.scan()) {}

  void Statement(const SqlStatement& s, size_t, size_t) override {
      bool data = !s.tokens.empty() && (s.tokens[0].Is("INSERT") || s.tokens[0].Is("UPDATE") || s.tokens[0].Is("REPLACE") ||
                                        s.tokens[0].Is("DELETE") ||
                                        s.tokens[0].Is("MERGE") || s.tokens[0].Is("UPSERT") || s.tokens[0].Is("WITH") ||
                                        s.tokens[0].Is("VALUES"));
      std::vector<std::string> columns = InsertColumns(s);
      size_t value_index = 0;
      int depth = 0;
      bool in_values = false;
      for (size_t i = 0; i < s.tokens.size(); ++i) {
        const Token& t = s.tokens[i];
        if (t.Is("VALUES") || t.Is("SELECT")) in_values = true, value_index = 0, depth = 0;
        if (in_values && t.IsSymbol('(')) {
          if (++depth == 1) value_index = 0;
        }
        if (in_values && t.IsSymbol(')')) --depth;
        if (in_values && depth == 1 && t.IsSymbol(',')) ++value_index;
        if (t.kind != Token::Kind::kString) continue;
        std::string value = t.StringValue();
        if (value.empty() || IsPlaceholder(value)) continue;
        std::string name;
        if (in_values && depth == 1 && value_index < columns.size()) name = columns[value_index];
        if (i >= 2 && s.tokens[i - 1].IsSymbol('=') && s.tokens[i - 2].IsName()) name = s.tokens[i - 2].Name();
        // PASSWORD 'x', IDENTIFIED BY 'x', PASSWORD = 'x'; DuckDB's CREATE SECRET (SECRET 'x').
        bool password_clause = i >= 1 && (s.tokens[i - 1].Is("PASSWORD") || s.tokens[i - 1].Is("SECRET") ||
                                          (i >= 2 && s.At(i - 2, {"IDENTIFIED", "BY"})) ||
                                          (i >= 2 && s.tokens[i - 1].IsSymbol('=') && s.tokens[i - 2].Is("PASSWORD")));
        // A key/value row: ('smtp_password', 'hunter2').
        if (in_values && depth == 1 && i >= 2 && s.tokens[i - 1].IsSymbol(',') && s.tokens[i - 2].kind == Token::Kind::kString &&
            SecretName(s.tokens[i - 2].StringValue())) {
          name = s.tokens[i - 2].StringValue();
        }
        if (i >= 2 && s.At(i - 2, {"BY", "PASSWORD"})) password_clause = false;  // MySQL's pre-hashed form
        Check(value, name, password_clause, data, t.offset);
      }
  }

  void Json() {
    auto elements = ArrayElements(scan_.section.text);
    if (!elements) return;
    size_t previous_end = 0;
    for (const JsonSpan& element : *elements) {
      findings_.Statement(previous_end, element.offset + element.length);
      previous_end = element.offset + element.length;
      nlohmann::ordered_json command = nlohmann::ordered_json::parse(scan_.section.text.substr(element.offset, element.length), nullptr, false);
      if (command.is_discarded()) continue;
      bool data = command.is_object() && !command.empty() &&
                  (command.begin().key() == "insert" || command.begin().key() == "update" || command.begin().key() == "delete" ||
                   command.begin().key() == "strata.addField");
      Walk(command, "", data, element.offset);
    }
  }

 private:
  // The column list of INSERT INTO t (a, b, ...), in order.
  static std::vector<std::string> InsertColumns(const SqlStatement& s) {
    std::vector<std::string> out;
    if (s.tokens.empty() || !(s.tokens[0].Is("INSERT") || s.tokens[0].Is("REPLACE"))) return out;
    size_t i = 0;
    while (i < s.tokens.size() && !s.tokens[i].IsSymbol('(') && !s.tokens[i].Is("VALUES") && !s.tokens[i].Is("SELECT")) ++i;
    if (i >= s.tokens.size() || !s.tokens[i].IsSymbol('(')) return out;
    for (++i; i < s.tokens.size() && !s.tokens[i].IsSymbol(')'); ++i) {
      if (s.tokens[i].IsName()) out.push_back(s.tokens[i].Name());
    }
    return out;
  }

  void Walk(const nlohmann::ordered_json& node, const std::string& key, bool data, size_t at) {
    // Index keys, field renames and projections hold field names and index kinds, not values.
    static const std::set<std::string> kStructural = {"key", "keys", "$rename", "$unset", "sort", "projection", "hint", "index"};
    if (kStructural.count(key)) return;
    if (node.is_object()) {
      for (const auto& [k, v] : node.items()) Walk(v, k, data, at);
    } else if (node.is_array()) {
      for (const auto& v : node) Walk(v, key, data, at);
    } else if (node.is_string()) {
      std::string value = node.get<std::string>();
      if (!value.empty() && !IsPlaceholder(value)) Check(value, key, false, data, at);
    }
  }

  void Check(const std::string& value, const std::string& name, bool password_clause, bool data, size_t at) {
    std::string shape = SecretShape(value);
    if (shape.empty() && (password_clause || (!name.empty() && SecretName(name))) && !LooksHashed(value) && value.size() >= 4) {
      shape = password_clause ? "a password" : fmt::format("a value for {}", name);
    }
    if (!shape.empty()) {
      findings_.Add("secret-in-literal", at, fmt::format("{} is written in the migration", shape));
      return;
    }
    if (!data) return;
    std::string personal = PersonalShape(value);
    if (!personal.empty()) findings_.Add("personal-data", at, fmt::format("{} is written in the migration", personal));
  }

  PartFindings& findings_;
  const PartScan& scan_;
};

}  // namespace

std::unique_ptr<StatementReader> LiteralReader(PartFindings& findings) { return std::make_unique<LiteralReaderImpl>(findings); }

void ReadJsonLiterals(PartFindings& findings) { LiteralReaderImpl(findings).Json(); }

}  // namespace strata::lint
