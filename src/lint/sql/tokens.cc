#include "lint/sql/tokens.h"

#include <cctype>

#include "sql/splitter.h"

namespace strata::lint {
namespace {

// ASCII classes inline: the tokenizer runs over every byte of every migration.
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }
bool IsWordStart(char c) { return IsAlpha(c) || c == '_' || (c & 0x80); }
bool IsWordChar(char c) { return IsWordStart(c) || IsDigit(c) || c == '$'; }

class Tokenizer {
 public:
  Tokenizer(std::string_view script, TokenDialect dialect) : s_(script), dialect_(dialect) {}

  std::vector<Token> Run(size_t begin, size_t end) {
    std::vector<Token> out;
    size_t i = begin;
    while (i < end) {
      char c = s_[i];
      char next = i + 1 < end ? s_[i + 1] : '\0';
      size_t start = i;
      Token::Kind kind = Token::Kind::kSymbol;
      if (IsSpace(c)) {
        ++i;
        continue;
      }
      if ((c == '-' && next == '-') || (c == '#' && dialect_ == TokenDialect::kMysql)) {
        while (i < end && s_[i] != '\n') ++i;
        continue;
      }
      if (c == '/' && next == '*') {
        if (dialect_ == TokenDialect::kMysql && i + 2 < end && s_[i + 2] == '!') {
          i += 3;  // MySQL runs the body of /*! ... */: its words count
          while (i < end && IsDigit(s_[i])) ++i;
          continue;
        }
        size_t close = s_.find("*/", i + 2);
        i = close == std::string_view::npos || close + 2 > end ? end : close + 2;
        continue;
      }
      if (c == '*' && next == '/' && dialect_ == TokenDialect::kMysql) {  // the end of /*! ... */
        i += 2;
        continue;
      }
      if (c == '\'') {
        bool prefixed = !out.empty() && out.back().offset + out.back().text.size() == i && out.back().Is("E");
        bool escapes = dialect_ == TokenDialect::kMysql || prefixed;
        if (prefixed) {
          out.pop_back();
          start = i - 1;
        }
        i = Quoted(i, end, '\'', escapes);
        kind = Token::Kind::kString;
      } else if (c == '"') {
        i = Quoted(i, end, '"', dialect_ == TokenDialect::kMysql);
        kind = dialect_ == TokenDialect::kMysql ? Token::Kind::kString : Token::Kind::kQuotedName;
      } else if (c == '`' && (dialect_ == TokenDialect::kMysql || dialect_ == TokenDialect::kSqlite)) {
        i = Quoted(i, end, '`', false);
        kind = Token::Kind::kQuotedName;
      } else if (c == '[' && dialect_ == TokenDialect::kSqlite) {
        size_t close = s_.find(']', i);
        i = close == std::string_view::npos || close >= end ? end : close + 1;
        kind = Token::Kind::kQuotedName;
      } else if (c == '$' && dialect_ != TokenDialect::kMysql && DollarTagEnd(i, end) != 0) {
        size_t tag_end = DollarTagEnd(i, end);
        std::string_view tag = s_.substr(i, tag_end - i);
        size_t close = s_.find(tag, tag_end);
        i = close == std::string_view::npos || close + tag.size() > end ? end : close + tag.size();
        kind = Token::Kind::kString;
      } else if (IsDigit(c) || (c == '.' && IsDigit(next))) {
        while (i < end && (IsAlpha(s_[i]) || IsDigit(s_[i]) || s_[i] == '.' || s_[i] == '_')) ++i;
        kind = Token::Kind::kNumber;
      } else if (IsWordStart(c)) {
        while (i < end && IsWordChar(s_[i])) ++i;
        kind = Token::Kind::kWord;
      } else {
        ++i;
      }
      Token t;
      t.kind = kind;
      t.text = s_.substr(start, i - start);
      t.offset = start;
      out.push_back(t);
    }
    return out;
  }

 private:
  size_t Quoted(size_t i, size_t end, char quote, bool escapes) const {
    ++i;
    while (i < end) {
      if (escapes && s_[i] == '\\') {
        i += 2;
        continue;
      }
      if (s_[i] == quote) {
        if (i + 1 < end && s_[i + 1] == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      ++i;
    }
    return end;
  }

  // The end of a dollar-quote tag ($$ or $name$) at `i`, or 0.
  size_t DollarTagEnd(size_t i, size_t end) const {
    if (i > 0 && IsWordChar(s_[i - 1])) return 0;
    size_t j = i + 1;
    while (j < end && (IsAlpha(s_[j]) || IsDigit(s_[j]) || s_[j] == '_')) ++j;
    if (j < end && s_[j] == '$' && (j == i + 1 || !IsDigit(s_[i + 1]))) return j + 1;
    return 0;
  }

  std::string_view s_;
  TokenDialect dialect_;
};

sql::Dialect SplitterDialect(TokenDialect dialect) {
  switch (dialect) {
    case TokenDialect::kMysql:
      return sql::Dialect::kMysql;
    case TokenDialect::kSqlite:
      return sql::Dialect::kSqlite;
    default:
      return sql::Dialect::kPostgres;
  }
}

}  // namespace

bool Token::Is(std::string_view word) const {
  if (kind != Kind::kWord || text.size() != word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(text[i])) != word[i]) return false;
  }
  return true;
}

std::string Token::Upper() const {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string Token::Name() const {
  if (kind == Kind::kQuotedName) {
    char close = text.front() == '[' ? ']' : text.front();
    std::string_view body = text.substr(1, text.size() >= 2 && text.back() == close ? text.size() - 2 : text.size() - 1);
    std::string out;
    for (size_t i = 0; i < body.size(); ++i) {
      if (body[i] == close && i + 1 < body.size() && body[i + 1] == close) ++i;
      out += body[i];
    }
    return out;
  }
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string Token::StringValue() const {
  std::string_view body = text;
  if (!body.empty() && (body.front() == 'E' || body.front() == 'e')) body.remove_prefix(1);
  if (!body.empty() && body.front() == '$') {
    size_t tag_end = body.find('$', 1);
    if (tag_end == std::string_view::npos || body.size() < 2 * (tag_end + 1)) return std::string(body);
    return std::string(body.substr(tag_end + 1, body.size() - 2 * (tag_end + 1)));
  }
  if (body.size() < 2) return std::string(body);
  char quote = body.front();
  std::string out;
  for (size_t i = 1; i + 1 < body.size(); ++i) {
    if (body[i] == quote && body[i + 1] == quote) ++i;
    out += body[i];
  }
  return out;
}

bool SqlStatement::At(size_t i, std::initializer_list<std::string_view> words) const {
  for (std::string_view w : words) {
    if (i >= tokens.size() || !tokens[i].Is(w)) return false;
    ++i;
  }
  return true;
}

size_t SqlStatement::Find(std::string_view word, size_t from) const {
  for (size_t i = from; i < tokens.size(); ++i) {
    if (tokens[i].Is(word)) return i;
  }
  return std::string_view::npos;
}

size_t SqlStatement::SkipParens(size_t open) const {
  int depth = 0;
  for (size_t i = open; i < tokens.size(); ++i) {
    if (tokens[i].IsSymbol('(')) ++depth;
    if (tokens[i].IsSymbol(')') && --depth == 0) return i + 1;
  }
  return std::string_view::npos;
}

std::string SqlStatement::NameAt(size_t i, size_t* after) const {
  std::string name;
  while (i < tokens.size() && tokens[i].IsName()) {
    name += tokens[i].Name();
    ++i;
    if (i + 1 < tokens.size() && tokens[i].IsSymbol('.') && tokens[i + 1].IsName()) {
      name += '.';
      ++i;
    } else {
      break;
    }
  }
  if (after) *after = i;
  return name;
}

void ForEachStatement(std::string_view script, TokenDialect dialect,
                      const std::function<void(const SqlStatement&, size_t index, size_t count)>& visit,
                      bool tokenize) {
  Tokenizer tokenizer(script, dialect);
  std::vector<sql::StatementSpan> spans = sql::SplitStatements(script, SplitterDialect(dialect));
  size_t previous_end = 0;
  SqlStatement statement;
  for (size_t i = 0; i < spans.size(); ++i) {
    statement.region_begin = previous_end;
    statement.offset = spans[i].offset;
    statement.end = spans[i].offset + spans[i].length;
    if (tokenize) statement.tokens = tokenizer.Run(statement.offset, statement.end);
    previous_end = statement.end;
    visit(statement, i, spans.size());
  }
}

}  // namespace strata::lint
