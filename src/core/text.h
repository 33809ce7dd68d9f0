// Small pure helpers over text: UTF-8 validity, line numbers, line-ending normalisation.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace strata {

// Byte offset of the first invalid UTF-8 sequence, or npos if `text` is valid UTF-8.
size_t FindInvalidUtf8(std::string_view text);

// 1-based line number of byte `offset` in `text`.
int LineOfOffset(std::string_view text, size_t offset);

// Line numbers of increasing offsets in one text, each found from the last: linear over a whole
// script, where LineOfOffset per statement would be quadratic.
class LineCounter {
 public:
  explicit LineCounter(std::string_view text) : text_(text) {}
  // 1-based line of byte `offset`. REQUIRES: offsets passed in increasing order (a smaller one restarts).
  int Line(size_t offset);

 private:
  std::string_view text_;
  size_t offset_ = 0;
  int line_ = 1;
};

// CRLF and lone CR become LF.
std::string NormalizeLineEndings(std::string_view text);

// True if `text` holds nothing but whitespace and SQL comments (`--` and `/* */`).
bool IsBlankSql(std::string_view text);

// The first line of a statement, cut to 80 characters: how error messages quote it.
std::string StatementExcerpt(std::string_view statement);

// `text` safe to print on a terminal and in JSON: control characters other than LF and tab (a CR would
// move the cursor back over what was printed) and bytes that are not UTF-8 written as \r or \xNN.
std::string Printable(std::string_view text);

}  // namespace strata
