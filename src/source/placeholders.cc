#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <optional>

#include "core/text.h"
#include "strata/source.h"

namespace strata {
namespace {

bool IsNameStart(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool IsNameChar(char c) { return IsNameStart(c) || (c >= '0' && c <= '9'); }

// Whether the text so far ends inside a JSON string, followed piece by piece.
struct JsonStringState {
  bool in_string = false;
  bool escaped = false;
  void Advance(std::string_view piece) {
    for (char c : piece) {
      if (!in_string) {
        in_string = c == '"';
      } else if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    }
  }
};

// `value` as the content of a JSON string (quotes, backslashes and control characters escaped), or
// nothing when it is not UTF-8.
std::optional<std::string> JsonStringContent(const std::string& value) {
  try {
    std::string quoted = nlohmann::json(value).dump();
    return quoted.substr(1, quoted.size() - 2);
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

// `value` written back as exactly one JSON scalar, or nothing when it is anything else (an object, an
// array, two values, a fragment that would close what surrounds it).
std::optional<std::string> JsonScalar(const std::string& value) {
  nlohmann::json parsed = nlohmann::json::parse(value, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_primitive()) return std::nullopt;
  try {
    return parsed.dump();
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

}  // namespace

Result<std::string> FillPlaceholders(const Section& section, const std::map<std::string, std::string>& variables,
                                     PlaceholderSyntax syntax) {
  const std::string& text = section.text;
  auto fail = [&](size_t offset, std::string message) {
    Status s(StatusCode::kInvalidArgument, std::move(message));
    s.set_location({section.path, section.first_line + LineOfOffset(text, offset) - 1});
    return s;
  };
  std::string out;
  out.reserve(text.size());
  JsonStringState json;  // only followed for PlaceholderSyntax::kJson
  size_t i = 0;
  while (i < text.size()) {
    size_t dollar = text.find('$', i);
    if (dollar == std::string::npos) {
      out.append(text, i, std::string::npos);
      break;
    }
    out.append(text, i, dollar - i);
    if (syntax == PlaceholderSyntax::kJson) json.Advance(std::string_view(text).substr(i, dollar - i));
    if (text.compare(dollar, 3, "$${") == 0) {
      out += "${";
      i = dollar + 3;
      continue;
    }
    if (text.compare(dollar, 2, "${") != 0) {
      out += '$';
      i = dollar + 1;
      continue;
    }
    size_t name_start = dollar + 2;
    size_t name_end = name_start;
    while (name_end < text.size() && IsNameChar(text[name_end])) ++name_end;
    if (name_end == name_start || !IsNameStart(text[name_start]) || name_end >= text.size() ||
        text[name_end] != '}') {
      return fail(dollar,
                  "malformed placeholder: write ${NAME} with NAME of letters, digits and '_', or $${ for a literal ${");
    }
    std::string name = text.substr(name_start, name_end - name_start);
    auto value = variables.find(name);
    if (value == variables.end()) {
      return fail(dollar, fmt::format("placeholder ${{{0}}} is not set; pass --set {0}=VALUE, add it under [vars] "
                                      "in strata.toml, or set STRATA_VAR_{0}",
                                      name));
    }
    i = name_end + 1;
    if (syntax == PlaceholderSyntax::kSql) {
      out += value->second;
      continue;
    }
    if (json.in_string) {
      auto escaped = JsonStringContent(value->second);
      if (!escaped) {
        return fail(dollar, fmt::format("the value of placeholder ${{{}}} is not valid UTF-8, so it cannot be put in "
                                        "a JSON string; nothing was applied",
                                        name));
      }
      out += *escaped;
      continue;
    }
    auto scalar = JsonScalar(value->second);
    if (!scalar) {
      return fail(dollar, fmt::format("placeholder ${{{0}}} stands where a JSON value goes, so its value must be one "
                                      "JSON number, true, false, null or a \"string\", and it is not (write "
                                      "\"${{{0}}}\" to fill it as text); nothing was applied",
                                      name));
    }
    out += *scalar;
  }
  return out;
}

}  // namespace strata
