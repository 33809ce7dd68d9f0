// Version: a migration's version, the leading digits of its file name.
//
// Versions are compared as numbers of any length (real projects use 20-digit versions), so "001" and "1"
// are the same version and "9" < "10". The text as written is kept for display.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace strata {

class Version {
 public:
  Version() = default;
  // Returns nothing unless `text` is a non-empty string of ASCII digits.
  static std::optional<Version> Parse(std::string_view text);

  // As written in the file name, e.g. "001".
  const std::string& text() const { return text_; }
  // Without leading zeros, e.g. "1"; the identity used for comparison.
  const std::string& number() const { return number_; }

  std::strong_ordering operator<=>(const Version& other) const;
  bool operator==(const Version& other) const { return number_ == other.number_; }

 private:
  std::string text_;
  std::string number_;
};

}  // namespace strata
