#include "sql/splitter.h"

#include <cctype>
#include <string>

namespace strata::sql {
namespace {

bool IsIdentChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$'; }

bool KeywordAt(std::string_view s, size_t i, std::string_view word) {
  if (i + word.size() > s.size()) return false;
  for (size_t k = 0; k < word.size(); ++k) {
    if (std::toupper(static_cast<unsigned char>(s[i + k])) != word[k]) return false;
  }
  return i + word.size() == s.size() || !IsIdentChar(s[i + word.size()]);
}

size_t SkipSpace(std::string_view s, size_t i) {
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  return i;
}

class Splitter {
 public:
  Splitter(std::string_view s, Dialect d) : s_(s), mysql_(d == Dialect::kMysql), sqlite_(d == Dialect::kSqlite) {}

  std::vector<StatementSpan> Run() {
    size_t i = 0;
    while (i < s_.size()) {
      if (at_line_start_ && mysql_ && TryDelimiterCommand(i)) continue;
      char c = s_[i];
      if (c == '\n') {
        at_line_start_ = true;
        ++i;
        continue;
      }
      if (!std::isspace(static_cast<unsigned char>(c))) at_line_start_ = false;
      if (depth_ == 0 && s_.compare(i, delimiter_.size(), delimiter_) == 0) {
        Finish(i);
        i += delimiter_.size();
        start_ = i;
        continue;
      }
      i = Token(i);
    }
    Finish(s_.size());
    return out_;
  }

 private:
  // Consumes one token starting at `i`; returns the index after it.
  size_t Token(size_t i) {
    char c = s_[i];
    char next = i + 1 < s_.size() ? s_[i + 1] : '\0';
    if (LineCommentAt(i)) return LineEnd(i);
    if (ExecutableCommentAt(i)) return i + 3;  // its body is SQL; its "*/" is skipped as plain text
    if (c == '/' && next == '*') return BlockCommentEnd(i);
    if (c == '\'') {
      bool escapes = mysql_ || (!sqlite_ && i > 0 && (s_[i - 1] == 'E' || s_[i - 1] == 'e') && (i < 2 || !IsIdentChar(s_[i - 2])));
      return Quoted(i, '\'', escapes);
    }
    if (c == '"') return Quoted(i, '"', mysql_);
    if (c == '`' && mysql_) return Quoted(i, '`', false);
    if (c == '$' && !mysql_ && !sqlite_ && (i == 0 || !IsIdentChar(s_[i - 1]))) {
      if (size_t end = DollarQuoted(i); end != 0) return end;
    }
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      if (i > 0 && IsIdentChar(s_[i - 1])) return i + 1;
      Word(i);
      return WordEnd(i);
    }
    return i + 1;
  }

  // A word ends where an identifier does, or where the delimiter starts: MySQL allows '$' in names, yet
  // its client ends `END$$` at the `$$` of `DELIMITER $$`.
  size_t WordEnd(size_t i) const {
    while (i < s_.size() && IsIdentChar(s_[i]) && !(mysql_ && delimiter_ != ";" && s_.compare(i, delimiter_.size(), delimiter_) == 0)) ++i;
    return i;
  }

  std::string UpperWord(size_t i) const {
    std::string w(s_.substr(i, WordEnd(i) - i));
    for (char& c : w) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return w;
  }

  // Keeps count of routine bodies.
  void Word(size_t i) {
    std::string w = UpperWord(i);
    if (first_word_.empty()) {
      first_word_ = w;
      routine_ = false;
    } else if (first_word_ == "CREATE" && !routine_ && mysql_ &&
               (w == "PROCEDURE" || w == "FUNCTION" || w == "TRIGGER" || w == "EVENT")) {
      routine_ = true;
    } else if (first_word_ == "CREATE" && !routine_ && sqlite_ && w == "TRIGGER") {
      routine_ = true;
    }
    if (sqlite_) {
      if (!routine_) return;
      if (w == "BEGIN" || (w == "CASE" && depth_ > 0)) ++depth_;
      if (w == "END" && depth_ > 0) --depth_;
      return;
    }
    if (mysql_) {
      if (!routine_) return;
      if (w == "CASE" && end_case_) {
        end_case_ = false;  // the CASE of "END CASE" closes, it opens nothing
      } else if (w == "BEGIN" || (w == "CASE" && depth_ > 0)) {
        ++depth_;
      } else if (w == "END" && depth_ > 0) {
        // END IF / LOOP / WHILE / REPEAT / FOR close what opened without a count; END CASE closes a CASE.
        std::string after = UpperWord(SkipSpace(s_, i + 3));
        if (after != "IF" && after != "LOOP" && after != "WHILE" && after != "REPEAT" && after != "FOR") --depth_;
        end_case_ = after == "CASE";
      }
      return;
    }
    if (w == "BEGIN" && KeywordAt(s_, SkipSpace(s_, i + 5), "ATOMIC")) {
      ++depth_;
    } else if (w == "CASE" && depth_ > 0) {
      ++depth_;
    } else if (w == "END" && depth_ > 0) {
      --depth_;
    }
  }

  // MySQL needs a blank after "--" ("--1" is minus minus one) and also takes "#".
  bool LineCommentAt(size_t i) const {
    if (mysql_ && s_[i] == '#') return true;
    if (s_.compare(i, 2, "--") != 0) return false;
    return !mysql_ || i + 2 >= s_.size() || std::isspace(static_cast<unsigned char>(s_[i + 2]));
  }

  // MySQL runs the body of /*! ... */ (mysqldump writes them), so it is no comment.
  bool ExecutableCommentAt(size_t i) const { return mysql_ && s_.compare(i, 3, "/*!") == 0; }

  size_t LineEnd(size_t i) const {
    size_t eol = s_.find('\n', i);
    return eol == std::string_view::npos ? s_.size() : eol;
  }

  size_t BlockCommentEnd(size_t i) {
    int nesting = 0;
    while (i < s_.size()) {
      if (s_.compare(i, 2, "/*") == 0) {
        ++nesting;
        i += 2;
      } else if (s_.compare(i, 2, "*/") == 0) {
        i += 2;
        if (--nesting == 0 || mysql_) return i;
      } else {
        ++i;
      }
    }
    return s_.size();
  }

  size_t Quoted(size_t i, char quote, bool backslash_escapes) {
    ++i;
    while (i < s_.size()) {
      if (backslash_escapes && s_[i] == '\\') {
        i += 2;
      } else if (s_[i] == quote) {
        if (i + 1 < s_.size() && s_[i + 1] == quote) {
          i += 2;
        } else {
          return i + 1;
        }
      } else {
        ++i;
      }
    }
    return s_.size();
  }

  // After a `$tag$ ... $tag$` body, or 0 when `$` does not open one (a parameter such as $1).
  size_t DollarQuoted(size_t i) {
    size_t j = i + 1;
    while (j < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[j])) || s_[j] == '_')) ++j;
    if (j >= s_.size() || s_[j] != '$') return 0;
    if (j > i + 1 && std::isdigit(static_cast<unsigned char>(s_[i + 1]))) return 0;
    std::string_view tag = s_.substr(i, j - i + 1);
    size_t close = s_.find(tag, j + 1);
    return close == std::string_view::npos ? s_.size() : close + tag.size();
  }

  // `DELIMITER x` alone on a line: changes the delimiter, ends any statement before it.
  bool TryDelimiterCommand(size_t& i) {
    size_t k = i;
    while (k < s_.size() && (s_[k] == ' ' || s_[k] == '\t')) ++k;
    if (!KeywordAt(s_, k, "DELIMITER")) return false;
    size_t eol = LineEnd(k);
    std::string_view rest = s_.substr(k + 9, eol - k - 9);
    size_t a = rest.find_first_not_of(" \t\r");
    if (a == std::string_view::npos) return false;
    size_t b = rest.find_first_of(" \t\r", a);
    Finish(i);
    delimiter_ = std::string(rest.substr(a, b == std::string_view::npos ? std::string_view::npos : b - a));
    i = eol;
    start_ = eol;
    return true;
  }

  void Finish(size_t end) {
    // Trim blanks and comments at the front; drop pieces with nothing else.
    size_t i = start_;
    for (;;) {
      i = SkipSpace(s_, i);
      if (i >= end) break;
      if (LineCommentAt(i)) {
        i = LineEnd(i);
      } else if (s_.compare(i, 2, "/*") == 0 && !ExecutableCommentAt(i)) {
        i = BlockCommentEnd(i);
      } else {
        break;
      }
    }
    size_t last = end;
    while (last > i && std::isspace(static_cast<unsigned char>(s_[last - 1]))) --last;
    if (i < last) out_.push_back({i, last - i});
    start_ = end;
    first_word_.clear();
    routine_ = false;
    depth_ = 0;
    end_case_ = false;
  }

  std::string_view s_;
  bool mysql_;
  bool sqlite_;
  std::string delimiter_ = ";";
  std::vector<StatementSpan> out_;
  size_t start_ = 0;
  int depth_ = 0;
  bool end_case_ = false;  // the word before was END, closing a CASE statement
  std::string first_word_;
  bool routine_ = false;
  bool at_line_start_ = true;
};

}  // namespace

std::vector<StatementSpan> SplitStatements(std::string_view script, Dialect dialect) {
  return Splitter(script, dialect).Run();
}

}  // namespace strata::sql
