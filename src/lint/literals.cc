// Secrets and personal data in a migration's literals: SQL string literals (with the column or keyword
// they belong to) and the string values of MongoDB commands (with their member names).
#include <fmt/format.h>

#include <cctype>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "core/json_spans.h"
#include "lint/analysis.h"
#include "lint/sql/tokens.h"

namespace strata::lint {
namespace {

bool IsPlaceholder(const std::string& value) { return value.find("${") != std::string::npos; }

// A value already hashed (bcrypt, argon2, SCRAM, MySQL's *hex, md5hex, long hex digests) is no secret.
bool LooksHashed(const std::string& v) {
  static const std::regex kHashed(R"(^(\$2[abxy]\$\d\d\$.{53}|\$argon2.*|SCRAM-SHA-256\$.*|md5[0-9a-f]{32}|\*[0-9A-F]{40}|[0-9a-fA-F]{32,}|\$[156]\$.*)$)");
  return std::regex_match(v, kHashed);
}

// Secrets recognisable by their shape alone.
std::string SecretShape(const std::string& v) {
  static const std::vector<std::pair<std::regex, const char*>> kShapes = {
      {std::regex(R"(-----BEGIN [A-Z ]*PRIVATE KEY-----)"), "a private key"},
      {std::regex(R"(\b(AKIA|ASIA)[0-9A-Z]{16}\b)"), "an AWS access key"},
      {std::regex(R"(\bgh[pousr]_[A-Za-z0-9]{36,}\b|\bgithub_pat_[A-Za-z0-9_]{22,})"), "a GitHub token"},
      {std::regex(R"(\bxox[abposr]-[A-Za-z0-9-]{10,})"), "a Slack token"},
      {std::regex(R"(\b[sr]k_(live|test)_[A-Za-z0-9]{16,})"), "a Stripe key"},
      {std::regex(R"(\bAIza[0-9A-Za-z_-]{35}\b)"), "a Google API key"},
      {std::regex(R"(\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,})"), "a JSON Web Token"},
      {std::regex(R"(\b[a-z][a-z0-9+.-]*://[^/:@\s]+:([^@/\s$]{3,})@)"), "a URL with a password"},
      {std::regex(R"((^|[\s;])password\s*=\s*[^\s;'"$]{3,})", std::regex::icase), "a connection string with a password"},
  };
  for (const auto& [shape, what] : kShapes) {
    if (std::regex_search(v, shape)) return what;
  }
  return "";
}

// A column or member name that holds a secret.
bool SecretName(std::string name) {
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // The secret word ends the name: smtp_password, api_key, refresh_token (not token_type, password_hash).
  static const std::regex kName(R"((^|[_.-])(pass(word)?|passwd|pwd|secret|api_?key|apikey|access_?key|secret_?key|private_?key|token|auth_?token|access_?token|refresh_?token|bearer)$)");
  return std::regex_search(name, kName);
}

bool Luhn(const std::string& digits) {
  int sum = 0;
  bool twice = false;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    int d = *it - '0';
    if (twice) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
    twice = !twice;
  }
  return sum % 10 == 0;
}

bool Iban(const std::string& v) {
  std::string s;
  for (char c : v) {
    if (c != ' ') s += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  if (s.size() < 15 || s.size() > 34) return false;
  std::string moved = s.substr(4) + s.substr(0, 4);
  int remainder = 0;
  for (char c : moved) {
    int value = std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : std::isalpha(static_cast<unsigned char>(c)) ? c - 'A' + 10 : -1;
    if (value < 0) return false;
    remainder = (value >= 10 ? remainder * 100 + value : remainder * 10 + value) % 97;
  }
  return remainder == 1;
}

// What personal data `v` looks like, or "".
std::string PersonalShape(const std::string& v) {
  static const std::regex kEmail(R"(([A-Za-z0-9._%+-]+)@((?:[A-Za-z0-9-]+\.)+([A-Za-z]{2,})))");
  std::smatch m;
  if (std::regex_search(v, m, kEmail)) {
    std::string local = m[1].str(), domain = m[2].str(), tld = m[3].str();
    for (char& c : local) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (char& c : domain) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    static const std::regex kReserved(R"((^|\.)(example\.(com|org|net)|localhost)$|\.(test|example|invalid|localhost|local)$)");
    static const std::regex kRole(R"(^(admin|administrator|root|support|info|contact|hello|noreply|no-reply|postmaster|webmaster|security|billing|sales|team|ops|system|bot)$)");
    if (!std::regex_search(domain, kReserved) && !std::regex_match(local, kRole)) return "an e-mail address";
  }
  static const std::regex kSsn(R"((^|[^\d-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}($|[^\d-]))");
  if (std::regex_search(v, kSsn)) return "a US social security number";
  static const std::regex kCard(R"((^|[^\d])(\d[ -]?){12,18}\d($|[^\d]))");
  if (std::regex_search(v, m, kCard)) {
    std::string digits;
    for (char c : m.str()) {
      if (std::isdigit(static_cast<unsigned char>(c))) digits += c;
    }
    if (digits.size() >= 13 && digits.size() <= 19 && Luhn(digits) && digits.find_first_not_of(digits[0]) != std::string::npos) {
      return "a payment card number";
    }
  }
  static const std::regex kPhone(R"((^|[^\w+])\+\d{1,3}([ .-]?\(?\d{1,4}\)?){2,5}($|[^\d]))");
  if (std::regex_search(v, m, kPhone)) {
    int digits = 0;
    for (char c : m.str()) digits += std::isdigit(static_cast<unsigned char>(c)) ? 1 : 0;
    if (digits >= 9 && digits <= 15 && m.str().find("555") == std::string::npos) return "a phone number";
  }
  static const std::regex kIban(R"(\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b)");
  if (std::regex_search(v, m, kIban) && Iban(m.str())) return "a bank account number (IBAN)";
  return "";
}

class LiteralReader {
 public:
  explicit LiteralReader(PartFindings& findings) : findings_(findings), scan_(findings.scan()) {}

  void Sql(TokenDialect dialect) {
    for (const SqlStatement& s : ReadStatements(scan_.section.text, dialect)) {
      findings_.Statement(s.region_begin, s.end);
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

void ReadLiterals(PartFindings& findings) {
  LiteralReader reader(findings);
  switch (findings.scan().options.dialect) {
    case Dialect::kPostgres:
      return reader.Sql(TokenDialect::kPostgres);
    case Dialect::kMysql:
      return reader.Sql(TokenDialect::kMysql);
    case Dialect::kSqlite:
      return reader.Sql(TokenDialect::kSqlite);
    case Dialect::kDuckdb:
      return reader.Sql(TokenDialect::kDuckdb);
    case Dialect::kMongodb:
      return reader.Json();
  }
}

}  // namespace strata::lint
