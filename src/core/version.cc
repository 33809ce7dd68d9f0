#include "strata/version.h"

namespace strata {
namespace {

// Compares two numbers written without leading zeros: a longer one is larger; equal lengths compare
// digit by digit. Any length works, so 20-digit versions never overflow.
std::strong_ordering CompareVersionNumbers(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return a.size() <=> b.size();
  int c = a.compare(b);
  return c < 0 ? std::strong_ordering::less : (c > 0 ? std::strong_ordering::greater : std::strong_ordering::equal);
}

// The part of `number` before its first '.', and `number` advanced past it (and the dot).
std::string_view NextVersionPart(std::string_view& number) {
  size_t dot = number.find('.');
  std::string_view part = number.substr(0, dot);
  number = dot == std::string_view::npos ? std::string_view() : number.substr(dot + 1);
  return part;
}

}  // namespace

std::optional<Version> Version::Parse(std::string_view text) {
  if (text.empty() || text.front() == '.' || text.back() == '.') return std::nullopt;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '.' && text[i + 1] != '.') continue;  // a single dot between parts (Flyway's 1.2.3)
    if (c < '0' || c > '9') return std::nullopt;
  }
  Version v;
  v.text_ = std::string(text);
  // Each part without its leading zeros; trailing zero parts dropped, so 1.0 is 1 (as in Flyway).
  std::string_view rest = text;
  while (!rest.empty()) {
    std::string_view part = NextVersionPart(rest);
    size_t first = part.find_first_not_of('0');
    if (!v.number_.empty()) v.number_ += '.';
    v.number_ += first == std::string_view::npos ? "0" : part.substr(first);
  }
  while (v.number_.size() > 2 && v.number_.ends_with(".0")) v.number_.resize(v.number_.size() - 2);
  return v;
}

std::strong_ordering Version::operator<=>(const Version& other) const {
  // Part by part, numerically; a version that runs out of parts first is the smaller (1 < 1.1). A
  // version without dots is one part, so plain versions compare exactly as numbers.
  std::string_view a = number_, b = other.number_;
  while (!a.empty() || !b.empty()) {
    if (a.empty()) return std::strong_ordering::less;
    if (b.empty()) return std::strong_ordering::greater;
    std::strong_ordering c = CompareVersionNumbers(NextVersionPart(a), NextVersionPart(b));
    if (c != 0) return c;
  }
  return std::strong_ordering::equal;
}

}  // namespace strata
