#include "lint/allow.h"

#include <cctype>

namespace strata::lint {

std::vector<Allow> AllowComments(std::string_view text) {
  constexpr std::string_view kMarker = "strata:allow";
  std::vector<Allow> out;
  for (size_t at = text.find(kMarker); at != std::string_view::npos; at = text.find(kMarker, at + kMarker.size())) {
    size_t line_start = text.rfind('\n', at);
    line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
    std::string_view before = text.substr(line_start, at - line_start);
    size_t last = std::string_view::npos;
    for (std::string_view o : {"--", "#", "/*"}) {
      size_t p = before.rfind(o);
      if (p != std::string_view::npos && (last == std::string_view::npos || p > last)) last = p;
    }
    if (last == std::string_view::npos || before.substr(last).find_first_not_of("-#/* \t") != std::string_view::npos) continue;
    size_t eol = text.find('\n', at);
    std::string_view rest = text.substr(at + kMarker.size(), (eol == std::string_view::npos ? text.size() : eol) - at - kMarker.size());
    size_t rule_begin = rest.find_first_not_of(" \t");
    if (rule_begin == std::string_view::npos || rule_begin == 0) continue;
    size_t rule_end = rest.find_first_of(" \t\r", rule_begin);
    std::string rule(rest.substr(rule_begin, rule_end == std::string_view::npos ? std::string_view::npos : rule_end - rule_begin));
    std::string reason = rule_end == std::string_view::npos ? "" : std::string(rest.substr(rule_end));
    if (size_t close = reason.find("*/"); close != std::string::npos) reason.erase(close);
    reason.erase(0, reason.find_first_not_of(" \t"));
    while (!reason.empty() && std::isspace(static_cast<unsigned char>(reason.back()))) reason.pop_back();
    out.push_back({rule, reason, last + line_start});
  }
  return out;
}

std::vector<Allow> FileAllows(const Migration& m) {
  std::vector<Allow> out;
  for (const auto& [rule, reason] : m.allowed) out.push_back({rule, reason, 0});
  return out;
}

}  // namespace strata::lint
