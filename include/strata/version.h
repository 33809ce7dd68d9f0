// Version: a migration's version, the leading digits of its file name.
//
// Versions are compared as numbers of any length (real projects use 20-digit versions), so "001" and "1"
// are the same version and "9" < "10". The text as written is kept for display.
// Flyway's versions are dotted ("1.1", "2.0.3"): they compare part by part, each part as a number, so
// 1.9 < 1.10 < 2; a missing part counts as zero, so "1.0" and "1" are the same version, as in Flyway.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace strata {

class Version {
 public:
  Version() = default;
  // Returns nothing unless `text` is a non-empty string of ASCII digits, or such strings joined by
  // single dots.
  static std::optional<Version> Parse(std::string_view text);

  // As written in the file name, e.g. "001".
  const std::string& text() const { return text_; }
  // Without leading zeros (in each part) and trailing zero parts, e.g. "1", "1.2"; the identity used
  // for comparison.
  const std::string& number() const { return number_; }

  std::strong_ordering operator<=>(const Version& other) const;
  bool operator==(const Version& other) const { return number_ == other.number_; }

 private:
  std::string text_;
  std::string number_;
};

}  // namespace strata
