#include <fmt/format.h>

#include "core/text.h"
#include "strata/source.h"

namespace strata {
namespace {

bool IsNameStart(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool IsNameChar(char c) { return IsNameStart(c) || (c >= '0' && c <= '9'); }

}  // namespace

Result<std::string> FillPlaceholders(const Section& section,
                                     const std::map<std::string, std::string>& variables) {
  const std::string& text = section.text;
  auto fail = [&](size_t offset, std::string message) {
    Status s(StatusCode::kInvalidArgument, std::move(message));
    s.set_location({section.path, section.first_line + LineOfOffset(text, offset) - 1});
    return s;
  };
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    size_t dollar = text.find('$', i);
    if (dollar == std::string::npos) {
      out.append(text, i, std::string::npos);
      break;
    }
    out.append(text, i, dollar - i);
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
    out += value->second;
    i = name_end + 1;
  }
  return out;
}

}  // namespace strata
