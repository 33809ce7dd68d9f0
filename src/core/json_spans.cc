#include "core/json_spans.h"

namespace strata {
namespace {

// A recursive-descent walk that only finds where values end; values are checked elsewhere.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  void SkipBlanks() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' ||
                                   text_[pos_] == '\r')) {
      ++pos_;
    }
  }

  // Moves past one value; false if malformed.
  bool SkipValue(int depth = 0) {
    if (depth > 512 || pos_ >= text_.size()) return false;
    char c = text_[pos_];
    if (c == '"') return SkipString();
    if (c == '{' || c == '[') return SkipContainer(c == '{' ? '}' : ']', c == '{', depth);
    size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '}' && text_[pos_] != ']' &&
           text_[pos_] != ' ' && text_[pos_] != '\n' && text_[pos_] != '\r' && text_[pos_] != '\t') {
      ++pos_;
    }
    return pos_ > start;
  }

  bool SkipString() {
    for (++pos_; pos_ < text_.size(); ++pos_) {
      if (text_[pos_] == '\\') {
        ++pos_;
      } else if (text_[pos_] == '"') {
        ++pos_;
        return true;
      }
    }
    return false;
  }

  // The members or elements of the container at pos_, one level deep.
  std::optional<std::vector<JsonSpan>> Children(bool object) {
    SkipBlanks();
    if (pos_ >= text_.size() || text_[pos_] != (object ? '{' : '[')) return std::nullopt;
    std::vector<JsonSpan> out;
    if (!Walk(object ? '}' : ']', object, 0, &out)) return std::nullopt;
    return out;
  }

 private:
  bool SkipContainer(char close, bool object, int depth) { return Walk(close, object, depth, nullptr); }

  bool Walk(char close, bool object, int depth, std::vector<JsonSpan>* out) {
    ++pos_;
    SkipBlanks();
    if (pos_ < text_.size() && text_[pos_] == close) {
      ++pos_;
      return true;
    }
    for (;;) {
      JsonSpan span;
      SkipBlanks();
      if (object) {
        size_t key_start = pos_;
        if (pos_ >= text_.size() || text_[pos_] != '"' || !SkipString()) return false;
        span.key = std::string(text_.substr(key_start + 1, pos_ - key_start - 2));
        SkipBlanks();
        if (pos_ >= text_.size() || text_[pos_] != ':') return false;
        ++pos_;
        SkipBlanks();
      }
      span.offset = pos_;
      if (!SkipValue(depth + 1)) return false;
      span.length = pos_ - span.offset;
      if (out) out->push_back(std::move(span));
      SkipBlanks();
      if (pos_ >= text_.size()) return false;
      if (text_[pos_] == close) {
        ++pos_;
        return true;
      }
      if (text_[pos_] != ',') return false;
      ++pos_;
    }
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

std::optional<std::vector<JsonSpan>> ObjectMembers(std::string_view text) { return Scanner(text).Children(true); }
std::optional<std::vector<JsonSpan>> ArrayElements(std::string_view text) { return Scanner(text).Children(false); }

}  // namespace strata
