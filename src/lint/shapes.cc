#include "lint/shapes.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace strata::lint {
namespace {

bool Digit(char c) { return c >= '0' && c <= '9'; }
bool Upper(char c) { return c >= 'A' && c <= 'Z'; }
bool Alpha(char c) { return Upper(c) || (c >= 'a' && c <= 'z'); }
bool Alnum(char c) { return Alpha(c) || Digit(c); }
bool TokenChar(char c) { return Alnum(c) || c == '_' || c == '-'; }
bool Space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// How many characters from `i` satisfy `pred`.
template <typename Pred>
size_t RunOf(std::string_view s, size_t i, Pred pred) {
  size_t n = 0;
  while (i + n < s.size() && pred(s[i + n])) ++n;
  return n;
}

// Each occurrence of `needle`, with the word boundary before it when `boundary`.
template <typename Check>
bool AnyAt(std::string_view s, std::string_view needle, bool boundary, Check check) {
  for (size_t at = s.find(needle); at != std::string_view::npos; at = s.find(needle, at + 1)) {
    if (boundary && at > 0 && TokenChar(s[at - 1])) continue;
    if (check(at + needle.size())) return true;
  }
  return false;
}

bool PrivateKey(std::string_view s) {
  size_t begin = s.find("-----BEGIN ");
  return begin != std::string_view::npos && s.find("PRIVATE KEY-----", begin) != std::string_view::npos;
}

bool AwsKey(std::string_view s) {
  auto check = [&](size_t i) {
    size_t n = RunOf(s, i, [](char c) { return Digit(c) || Upper(c); });
    return n == 16 && (i + n == s.size() || !Alnum(s[i + n]));
  };
  return AnyAt(s, "AKIA", true, check) || AnyAt(s, "ASIA", true, check);
}

bool GithubToken(std::string_view s) {
  for (char kind : std::string_view("pousr")) {
    std::string prefix = std::string("gh") + kind + "_";
    if (AnyAt(s, prefix, true, [&](size_t i) { return RunOf(s, i, Alnum) >= 36; })) return true;
  }
  return AnyAt(s, "github_pat_", true, [&](size_t i) { return RunOf(s, i, [](char c) { return Alnum(c) || c == '_'; }) >= 22; });
}

bool SlackToken(std::string_view s) {
  for (char kind : std::string_view("abposr")) {
    std::string prefix = std::string("xox") + kind + "-";
    if (AnyAt(s, prefix, true, [&](size_t i) { return RunOf(s, i, [](char c) { return Alnum(c) || c == '-'; }) >= 10; })) return true;
  }
  return false;
}

bool StripeKey(std::string_view s) {
  for (std::string_view prefix : {"sk_live_", "sk_test_", "rk_live_", "rk_test_"}) {
    if (AnyAt(s, prefix, true, [&](size_t i) { return RunOf(s, i, Alnum) >= 16; })) return true;
  }
  return false;
}

bool GoogleKey(std::string_view s) {
  return AnyAt(s, "AIza", true, [&](size_t i) { return RunOf(s, i, TokenChar) == 35; });
}

bool Jwt(std::string_view s) {
  return AnyAt(s, "eyJ", true, [&](size_t i) {
    size_t header = RunOf(s, i, TokenChar);
    size_t dot = i + header;
    if (header < 10 || dot >= s.size() || s.compare(dot, 4, ".eyJ") != 0) return false;
    size_t payload = RunOf(s, dot + 4, TokenChar);
    size_t second = dot + 4 + payload;
    return payload >= 10 && second < s.size() && s[second] == '.' && RunOf(s, second + 1, TokenChar) >= 10;
  });
}

// scheme://user:password@host, the password not a placeholder.
bool UrlPassword(std::string_view s) {
  return AnyAt(s, "://", false, [&](size_t i) {
    size_t user = RunOf(s, i, [](char c) { return c != '/' && c != ':' && c != '@' && !Space(c); });
    size_t colon = i + user;
    if (user == 0 || colon >= s.size() || s[colon] != ':') return false;
    size_t pass = RunOf(s, colon + 1, [](char c) { return c != '@' && c != '/' && c != '$' && !Space(c); });
    size_t at = colon + 1 + pass;
    return pass >= 3 && at < s.size() && s[at] == '@';
  });
}

// key=value connection strings: password=...
bool DsnPassword(std::string_view s) {
  std::string lower = Lower(s);
  return AnyAt(lower, "password", false, [&](size_t i) {
    size_t start = i - 8;
    if (start > 0 && !Space(lower[start - 1]) && lower[start - 1] != ';') return false;
    i += RunOf(lower, i, Space);
    if (i >= lower.size() || lower[i] != '=') return false;
    ++i;
    i += RunOf(lower, i, Space);
    return RunOf(lower, i, [](char c) { return !Space(c) && c != ';' && c != '\'' && c != '"' && c != '$'; }) >= 3;
  });
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

bool ReservedDomain(const std::string& domain) {
  for (std::string_view reserved : {"example.com", "example.org", "example.net", "localhost"}) {
    if (domain == reserved || (domain.size() > reserved.size() && domain.compare(domain.size() - reserved.size(), reserved.size(), reserved) == 0 &&
                               domain[domain.size() - reserved.size() - 1] == '.')) {
      return true;
    }
  }
  for (std::string_view tld : {".test", ".example", ".invalid", ".localhost", ".local"}) {
    if (domain.size() > tld.size() && domain.compare(domain.size() - tld.size(), tld.size(), tld) == 0) return true;
  }
  return false;
}

bool RoleAccount(const std::string& local) {
  static const std::array<std::string_view, 19> kRoles = {"admin",  "administrator", "root",     "support",  "info",
                                                          "contact", "hello",        "noreply",  "no-reply", "postmaster",
                                                          "webmaster", "security",   "billing",  "sales",    "team",
                                                          "ops",    "system",        "bot",      "abuse"};
  return std::find(kRoles.begin(), kRoles.end(), local) != kRoles.end();
}

bool Email(std::string_view s) {
  auto local_char = [](char c) { return Alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'; };
  for (size_t at = s.find('@'); at != std::string_view::npos; at = s.find('@', at + 1)) {
    size_t begin = at;
    while (begin > 0 && local_char(s[begin - 1])) --begin;
    size_t end = at + 1 + RunOf(s, at + 1, [](char c) { return Alnum(c) || c == '-' || c == '.'; });
    std::string local = Lower(s.substr(begin, at - begin));
    std::string domain = Lower(s.substr(at + 1, end - at - 1));
    while (!domain.empty() && domain.back() == '.') domain.pop_back();
    size_t dot = domain.rfind('.');
    if (local.empty() || dot == std::string::npos || dot == 0) continue;
    std::string tld = domain.substr(dot + 1);
    if (tld.size() < 2 || !std::all_of(tld.begin(), tld.end(), Alpha)) continue;
    if (!ReservedDomain(domain) && !RoleAccount(local)) return true;
  }
  return false;
}

// ddd-dd-dddd with US SSN's impossible areas and groups excluded.
bool Ssn(std::string_view s) {
  for (size_t i = 0; i + 11 <= s.size(); ++i) {
    if (i > 0 && (Digit(s[i - 1]) || s[i - 1] == '-')) continue;
    std::string_view c = s.substr(i, 11);
    bool shape = Digit(c[0]) && Digit(c[1]) && Digit(c[2]) && c[3] == '-' && Digit(c[4]) && Digit(c[5]) && c[6] == '-' &&
                 Digit(c[7]) && Digit(c[8]) && Digit(c[9]) && Digit(c[10]);
    if (!shape || (i + 11 < s.size() && (Digit(s[i + 11]) || s[i + 11] == '-'))) continue;
    std::string_view area = c.substr(0, 3), group = c.substr(4, 2), serial = c.substr(7, 4);
    if (area == "000" || area == "666" || area[0] == '9' || group == "00" || serial == "0000") continue;
    return true;
  }
  return false;
}

// Runs of 13 to 19 digits, single spaces or dashes between them, that pass the Luhn check.
bool Card(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (!Digit(s[i]) || (i > 0 && Digit(s[i - 1]))) continue;
    std::string digits;
    size_t j = i;
    while (j < s.size() && digits.size() < 20) {
      if (Digit(s[j])) {
        digits += s[j++];
      } else if ((s[j] == ' ' || s[j] == '-') && j + 1 < s.size() && Digit(s[j + 1])) {
        ++j;
      } else {
        break;
      }
    }
    if (digits.size() >= 13 && digits.size() <= 19 && (j == s.size() || !Digit(s[j])) &&
        digits.find_first_not_of(digits[0]) != std::string::npos && Luhn(digits)) {
      return true;
    }
    i = j;
  }
  return false;
}

// +CC followed by 8 to 14 more digits in groups (spaces, dots, dashes, parentheses); not 555 numbers.
bool Phone(std::string_view s) {
  for (size_t plus = s.find('+'); plus != std::string_view::npos; plus = s.find('+', plus + 1)) {
    if (plus > 0 && (Alnum(s[plus - 1]) || s[plus - 1] == '+')) continue;
    size_t j = plus + 1;
    std::string digits;
    while (j < s.size() && (Digit(s[j]) || s[j] == ' ' || s[j] == '.' || s[j] == '-' || s[j] == '(' || s[j] == ')')) {
      if (Digit(s[j])) digits += s[j];
      ++j;
    }
    if (j < s.size() && Alnum(s[j])) continue;
    if (digits.size() >= 9 && digits.size() <= 15 && s.substr(plus, j - plus).find("555") == std::string_view::npos) return true;
  }
  return false;
}

// Two letters, two check digits, then 11 to 30 letters or digits (spaces every four allowed), mod 97 = 1.
bool Iban(std::string_view s) {
  for (size_t i = 0; i + 15 <= s.size(); ++i) {
    if (!Upper(s[i]) || !Upper(s[i + 1]) || !Digit(s[i + 2]) || !Digit(s[i + 3]) || (i > 0 && Alnum(s[i - 1]))) continue;
    std::string compact;
    size_t j = i;
    while (j < s.size() && compact.size() < 34 && (Upper(s[j]) || Digit(s[j]) || (s[j] == ' ' && j + 1 < s.size() && Alnum(s[j + 1])))) {
      if (s[j] != ' ') compact += s[j];
      ++j;
    }
    if (compact.size() < 15) continue;
    std::string moved = compact.substr(4) + compact.substr(0, 4);
    int remainder = 0;
    for (char c : moved) remainder = (Digit(c) ? remainder * 10 + (c - '0') : remainder * 100 + (c - 'A' + 10)) % 97;
    if (remainder == 1) return true;
  }
  return false;
}

}  // namespace

std::string SecretShape(std::string_view s) {
  if (s.size() < 10) return "";  // no shape below is shorter
  if (PrivateKey(s)) return "a private key";
  if (AwsKey(s)) return "an AWS access key";
  if (GithubToken(s)) return "a GitHub token";
  if (SlackToken(s)) return "a Slack token";
  if (StripeKey(s)) return "a Stripe key";
  if (GoogleKey(s)) return "a Google API key";
  if (Jwt(s)) return "a JSON Web Token";
  if (UrlPassword(s)) return "a URL with a password";
  if (DsnPassword(s)) return "a connection string with a password";
  return "";
}

bool LooksHashed(std::string_view v) {
  auto hex = [](std::string_view h, bool upper_only) {
    return std::all_of(h.begin(), h.end(), [&](char c) { return Digit(c) || (c >= 'A' && c <= 'F') || (!upper_only && c >= 'a' && c <= 'f'); });
  };
  if (v.size() == 60 && v.rfind("$2", 0) == 0) return true;  // bcrypt
  for (std::string_view prefix : {"$argon2", "SCRAM-SHA-256$", "$1$", "$5$", "$6$", "pbkdf2_", "sha256$"}) {
    if (v.rfind(prefix, 0) == 0) return true;
  }
  if (v.size() == 35 && v.rfind("md5", 0) == 0 && hex(v.substr(3), false)) return true;
  if (v.size() == 41 && v[0] == '*' && hex(v.substr(1), true)) return true;
  return v.size() >= 32 && hex(v, false);
}

bool SecretName(std::string_view raw) {
  if (raw.size() > 64) return false;  // a name, not a value
  std::string name = Lower(raw);
  static const std::array<std::string_view, 19> kWords = {
      "password", "passwd", "pass", "pwd", "secret", "api_key", "apikey", "access_key", "accesskey", "secret_key",
      "secretkey", "private_key", "privatekey", "token", "auth_token", "access_token", "refresh_token", "bearer", "apitoken"};
  for (std::string_view word : kWords) {
    if (name.size() < word.size() || name.compare(name.size() - word.size(), word.size(), word) != 0) continue;
    size_t before = name.size() - word.size();
    if (before == 0 || name[before - 1] == '_' || name[before - 1] == '.' || name[before - 1] == '-') return true;
  }
  return false;
}

std::string PersonalShape(std::string_view s) {
  if (s.find('@') != std::string_view::npos && Email(s)) return "an e-mail address";
  if (std::count_if(s.begin(), s.end(), Digit) < 9) return "";
  if (Ssn(s)) return "a US social security number";
  if (Card(s)) return "a payment card number";
  if (Phone(s)) return "a phone number";
  if (Iban(s)) return "a bank account number (IBAN)";
  return "";
}

}  // namespace strata::lint
