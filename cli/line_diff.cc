#include "cli/line_diff.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace strata::cli {
namespace {

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    size_t eol = text.find('\n');
    lines.push_back(text.substr(0, eol));
    if (eol == std::string_view::npos) break;
    text.remove_prefix(eol + 1);
  }
  return lines;
}

struct Edit {
  char kind;  // ' ', '-', '+'
  std::string_view line;
};

// Longest common subsequence by dynamic programming, walked forwards into edits.
std::vector<Edit> Edits(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
  const size_t n = a.size(), m = b.size();
  std::vector<uint32_t> lcs((n + 1) * (m + 1), 0);
  auto at = [&](size_t i, size_t j) -> uint32_t& { return lcs[i * (m + 1) + j]; };
  for (size_t i = n; i-- > 0;) {
    for (size_t j = m; j-- > 0;) at(i, j) = a[i] == b[j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
  }
  std::vector<Edit> edits;
  size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] == b[j]) {
      edits.push_back({' ', a[i++]});
      ++j;
    } else if (j < m && (i == n || at(i, j + 1) >= at(i + 1, j))) {
      edits.push_back({'+', b[j++]});
    } else {
      edits.push_back({'-', a[i++]});
    }
  }
  return edits;
}

}  // namespace

std::string UnifiedDiff(std::string_view from, std::string_view to, const std::string& from_name,
                        const std::string& to_name) {
  if (from == to) return "";
  std::vector<std::string_view> a = Lines(from), b = Lines(to);
  std::string out = fmt::format("--- {}\n+++ {}\n", from_name, to_name);
  constexpr size_t kMaxCells = 16'000'000;  // 64 MB of table at most
  if ((a.size() + 1) * (b.size() + 1) > kMaxCells) {
    return out + fmt::format("(texts of {} and {} lines differ; too long to compare line by line)\n", a.size(),
                             b.size());
  }
  std::vector<Edit> edits = Edits(a, b);
  constexpr size_t kContext = 3;
  size_t k = 0;
  while (k < edits.size()) {
    if (edits[k].kind == ' ') {
      ++k;
      continue;
    }
    // A hunk: from kContext lines before this change to kContext lines after the last change that is
    // at most 2 * kContext unchanged lines from the next.
    size_t begin = k >= kContext ? k - kContext : 0;
    size_t end = k;
    for (size_t unchanged = 0; end < edits.size() && unchanged <= 2 * kContext; ++end) {
      unchanged = edits[end].kind == ' ' ? unchanged + 1 : 0;
    }
    while (end > k && edits[end - 1].kind == ' ') --end;
    end = std::min(edits.size(), end + kContext);
    size_t from_line = 1, to_line = 1;
    for (size_t e = 0; e < begin; ++e) {
      from_line += edits[e].kind != '+';
      to_line += edits[e].kind != '-';
    }
    size_t from_count = 0, to_count = 0;
    std::string body;
    for (size_t e = begin; e < end; ++e) {
      from_count += edits[e].kind != '+';
      to_count += edits[e].kind != '-';
      body += fmt::format("{}{}\n", edits[e].kind, edits[e].line);
    }
    out += fmt::format("@@ -{},{} +{},{} @@\n{}", from_count ? from_line : from_line - 1, from_count,
                       to_count ? to_line : to_line - 1, to_count, body);
    k = end;
  }
  return out;
}

}  // namespace strata::cli
