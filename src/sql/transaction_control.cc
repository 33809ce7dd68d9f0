#include "sql/transaction_control.h"

#include <fmt/format.h>

#include <cctype>
#include <vector>

namespace strata::sql {
namespace {

// The first `count` words of `text`, upper-cased, after blanks and comments.
std::vector<std::string> LeadingWords(std::string_view text, size_t count) {
  std::vector<std::string> words;
  size_t i = 0;
  while (i < text.size() && words.size() < count) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (std::isspace(c)) {
      ++i;
    } else if (text.compare(i, 2, "--") == 0 || c == '#') {
      size_t eol = text.find('\n', i);
      i = eol == std::string_view::npos ? text.size() : eol + 1;
    } else if (text.compare(i, 2, "/*") == 0) {
      size_t end = text.find("*/", i + 2);
      i = end == std::string_view::npos ? text.size() : end + 2;
    } else if (std::isalpha(c) || c == '_') {
      std::string word;
      while (i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '_')) {
        word.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(text[i++]))));
      }
      words.push_back(std::move(word));
    } else {
      break;  // punctuation: the statement's words are over
    }
  }
  return words;
}

}  // namespace

bool ChangesRowsOnly(std::string_view statement) {
  std::vector<std::string> w = LeadingWords(statement, 1);
  if (w.empty()) return false;
  for (const char* word : {"INSERT", "UPDATE", "DELETE", "REPLACE", "SELECT", "WITH"}) {
    if (w[0] == word) return true;
  }
  return false;
}

std::optional<std::string> TransactionControl(std::string_view statement) {
  std::vector<std::string> w = LeadingWords(statement, 3);
  if (w.empty()) return std::nullopt;
  const std::string& first = w[0];
  const std::string second = w.size() > 1 ? w[1] : "";
  if (first == "COMMIT" || first == "END" || first == "ABORT") {
    return second == "PREPARED" ? first + " PREPARED" : first;
  }
  if (first == "ROLLBACK") {
    // ROLLBACK [WORK|TRANSACTION] TO [SAVEPOINT] x stays inside the transaction.
    const std::string& to = second == "WORK" || second == "TRANSACTION" ? (w.size() > 2 ? w[2] : "") : second;
    if (to == "TO") return std::nullopt;
    return second == "PREPARED" ? "ROLLBACK PREPARED" : "ROLLBACK";
  }
  if (first == "BEGIN") {
    // PostgreSQL's BEGIN ATOMIC and MariaDB's BEGIN NOT ATOMIC open a body, not a transaction.
    if (second == "ATOMIC" || second == "NOT") return std::nullopt;
    return "BEGIN";
  }
  if (first == "START" && second == "TRANSACTION") return "START TRANSACTION";
  if (first == "PREPARE" && second == "TRANSACTION") return "PREPARE TRANSACTION";
  if (first == "XA") return "XA " + second;
  return std::nullopt;
}

InTransaction ClassifyInTransaction(std::string_view statement, size_t index, size_t count, std::string* keyword) {
  std::optional<std::string> control = TransactionControl(statement);
  if (!control) return InTransaction::kRun;
  if (index == 0 && (*control == "BEGIN" || *control == "START TRANSACTION")) return InTransaction::kSkip;
  if (index + 1 == count && (*control == "COMMIT" || *control == "END")) return InTransaction::kSkip;
  *keyword = *control;
  return InTransaction::kRefuse;
}

std::string OutsideTransactionHint() {
  return "this statement cannot run inside a transaction: put it in a migration of its own whose marker says "
         "'-- strata:up transaction:false' (dbmate: '-- migrate:up transaction:false'), so that it runs by itself";
}

std::string TransactionControlRefusal(const std::string& keyword) {
  return fmt::format(
      "{} inside a migration that runs in a transaction: strata opens, commits and records that transaction "
      "itself, and a {} here would {}. Remove it, or mark the section '-- strata:up transaction:false' "
      "(dbmate: '-- migrate:up transaction:false') to run its statements one by one and control transactions "
      "yourself. Nothing of this migration was kept",
      keyword, keyword,
      keyword.rfind("BEGIN", 0) == 0 || keyword.rfind("START", 0) == 0
          ? "fail or nest"
          : "end it early, leaving the history unable to say what was applied");
}

}  // namespace strata::sql
