#include <regex>
#include <string>

#include "strata/driver.h"

namespace strata {

std::string RedactUrl(const std::string& url) {
  // scheme://user:password@host -> scheme://user:***@host
  static const std::regex kUserInfo(R"(^([A-Za-z][A-Za-z0-9+.-]*://[^:/@?#]*):[^@/?#]*@)");
  std::string out = std::regex_replace(url, kUserInfo, "$1:***@", std::regex_constants::format_first_only);
  // password=... in a query string
  static const std::regex kQueryPassword(R"(([?&](password|pass|pwd)=)[^&#]*)", std::regex::icase);
  return std::regex_replace(out, kQueryPassword, "$1***");
}

}  // namespace strata
