#include "strata/version.h"

namespace strata {

std::optional<Version> Version::Parse(std::string_view text) {
  if (text.empty()) return std::nullopt;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  Version v;
  v.text_ = std::string(text);
  size_t first = text.find_first_not_of('0');
  v.number_ = first == std::string_view::npos ? "0" : std::string(text.substr(first));
  return v;
}

std::strong_ordering Version::operator<=>(const Version& other) const {
  // Without leading zeros, a longer number is larger; equal lengths compare digit by digit.
  if (number_.size() != other.number_.size()) return number_.size() <=> other.number_.size();
  int c = number_.compare(other.number_);
  return c < 0 ? std::strong_ordering::less
               : (c > 0 ? std::strong_ordering::greater : std::strong_ordering::equal);
}

}  // namespace strata
