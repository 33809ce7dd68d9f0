#include "source/directives.h"
#include "source/file_text.h"
#include "strata/startup.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <charconv>

#include <algorithm>
#include <optional>
#include <utility>

namespace strata {
namespace {

constexpr std::string_view kDirectives[] = {"requires", "category", "description", "backup", "baseline", "batch"};

std::string_view Trim(std::string_view text) {
  size_t first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  size_t last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

// "-- strata:requires 1, 2" -> {"requires", "1, 2"}; nothing for a line that is no `-- strata:` comment.
std::optional<std::pair<std::string_view, std::string_view>> StrataComment(std::string_view line) {
  line = Trim(line);
  if (line.substr(0, 2) != "--") return std::nullopt;
  line = Trim(line.substr(2));
  if (line.substr(0, 7) != "strata:") return std::nullopt;
  line.remove_prefix(7);
  size_t end = line.find_first_of(" \t");
  if (end == std::string_view::npos) return std::make_pair(line, std::string_view());
  return std::make_pair(line.substr(0, end), Trim(line.substr(end)));
}

constexpr char kBatchExample[] = "'-- strata:batch size=10000 sleep=50ms key=id'";

Status BatchError(const std::string& path, int line, const std::string& what) {
  return InvalidMigration(path, line, fmt::format("{}; write e.g. {} (docs/batched-migrations.md)", what, kBatchExample));
}

// A whole positive number in `text`, or nothing.
std::optional<int64_t> PositiveNumber(std::string_view text) {
  int64_t n = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (error != std::errc() || end != text.data() + text.size() || n <= 0) return std::nullopt;
  return n;
}

// `-- strata:batch size=N sleep=D key=COLUMN max-lag=D max-threads-running=N`, each optional and once.
Status SetBatch(const std::string& path, int line, std::string_view arguments, Migration& m) {
  if (m.batch) return BatchError(path, line, fmt::format("a second '-- strata:batch' (the first is at line {})", m.batch->line));
  BatchSpec spec;
  spec.path = path;
  spec.line = line;
  std::vector<std::string_view> seen;
  for (size_t start = arguments.find_first_not_of(" \t"); start != std::string_view::npos;
       start = arguments.find_first_not_of(" \t", start)) {
    size_t end = arguments.find_first_of(" \t", start);
    std::string_view word = arguments.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    start = end;
    size_t eq = word.find('=');
    if (eq == std::string_view::npos || eq == 0 || eq + 1 == word.size()) {
      return BatchError(path, line, fmt::format("'{}' is not a name=value parameter of '-- strata:batch'", word));
    }
    std::string_view name = word.substr(0, eq), value = word.substr(eq + 1);
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
      return BatchError(path, line, fmt::format("'{}' is given twice", name));
    }
    seen.push_back(name);
    if (name == "size" || name == "max-threads-running") {
      auto n = PositiveNumber(value);
      if (!n || (name == "max-threads-running" && *n > 100000)) {
        return BatchError(path, line, fmt::format("{}={} is not a positive whole number", name, value));
      }
      if (name == "size") spec.size = *n;
      else spec.max_threads_running = static_cast<int>(*n);
    } else if (name == "sleep" || name == "max-lag") {
      auto d = ParseDuration(std::string(value));
      if (!d.ok()) {
        return BatchError(path, line, fmt::format("{}={} is not a duration (500ms, 2s, 1m)", name, value));
      }
      (name == "sleep" ? spec.sleep : spec.max_lag) = *d;
    } else if (name == "key") {
      const bool plain = std::all_of(value.begin(), value.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
      });
      if (!plain || (value[0] >= '0' && value[0] <= '9')) {
        return BatchError(path, line, fmt::format("key={} is not a plain column name (letters, digits and '_')", value));
      }
      spec.key = std::string(value);
    } else {
      return BatchError(path, line,
                        fmt::format("unknown parameter '{}' of '-- strata:batch'; it takes size, sleep, key, max-lag "
                                    "and max-threads-running",
                                    name));
    }
  }
  m.batch = std::move(spec);
  return Status::Ok();
}

}  // namespace

bool IsHeaderDirective(std::string_view directive) {
  return std::find(std::begin(kDirectives), std::end(kDirectives), directive) != std::end(kDirectives);
}

std::string HeaderDirectiveNames() {
  std::string names;
  for (std::string_view d : kDirectives) names += fmt::format("{}'-- strata:{}'", names.empty() ? "" : ", ", d);
  return names;
}

Status AddRequirements(const std::string& path, int line, std::string_view list, Migration& m) {
  bool any = false;
  for (size_t start = list.find_first_not_of(", \t"); start != std::string_view::npos;
       start = list.find_first_not_of(", \t", start)) {
    size_t end = list.find_first_of(", \t", start);
    std::string_view token = list.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    start = end;
    any = true;
    auto version = Version::Parse(token);
    if (!version) {
      return InvalidMigration(path, line,
                     fmt::format("requires '{}', which is not a version: write the versions of the required "
                                 "migrations as their file names start, digits only, separated by commas (e.g. "
                                 "'-- strata:requires 20261101090000, 20261102100000')",
                                 token));
    }
    if (*version == m.version) {
      return InvalidMigration(
          path, line,
          fmt::format("migration {} requires itself; remove {} from its requirements", m.version.text(), token));
    }
    if (std::find(m.requirements.begin(), m.requirements.end(), *version) == m.requirements.end()) {
      m.requirements.push_back(*version);
    }
  }
  if (!any) {
    return InvalidMigration(path, line,
                   "requires no version: list the versions of the migrations this one needs, separated by commas "
                   "(e.g. '-- strata:requires 20261101090000, 20261102100000'), or remove the line");
  }
  return Status::Ok();
}

Status SetCategory(const std::string& path, int line, std::string_view category, Migration& m) {
  const std::vector<std::string>& allowed = MigrationCategories();
  if (std::find(allowed.begin(), allowed.end(), category) == allowed.end()) {
    return InvalidMigration(
        path, line,
        fmt::format("unknown category '{}'; a migration's category is one of {}", category, fmt::join(allowed, ", ")));
  }
  if (!m.category.empty() && m.category != category) {
    return InvalidMigration(path, line,
                   fmt::format("a second category '{}' (the file already says '{}'); a migration has one category",
                               category, m.category));
  }
  m.category = std::string(category);
  return Status::Ok();
}

Status ApplyHeaderDirective(const std::string& path, int line, std::string_view directive, std::string_view argument,
                            Migration& m) {
  argument = Trim(argument);
  if (directive == "requires") return AddRequirements(path, line, argument, m);
  if (directive == "category") {
    if (argument.empty()) {
      return InvalidMigration(path, line,
                     fmt::format("'-- strata:category' names no category; write one of {}",
                                 fmt::join(MigrationCategories(), ", ")));
    }
    return SetCategory(path, line, argument, m);
  }
  if (directive == "description") {
    if (argument.empty()) {
      return InvalidMigration(path, line, "'-- strata:description' has no text; write what the migration does after it");
    }
    // A long description may run over several lines, each with the directive.
    m.description += (m.description.empty() ? "" : " ") + std::string(argument);
    return Status::Ok();
  }
  if (directive == "batch") return SetBatch(path, line, argument, m);
  if (directive == "baseline") {
    if (!argument.empty()) {
      return InvalidMigration(path, line,
                              fmt::format("'-- strata:baseline' takes nothing after it (found '{}'): the baseline "
                                          "stands for every migration up to its own version",
                                          argument));
    }
    m.baseline = true;
    return Status::Ok();
  }
  // backup
  if (!argument.empty()) {
    return InvalidMigration(path, line,
                   fmt::format("'-- strata:backup' takes nothing after it (found '{}'); strata finds what the "
                               "migration touches itself",
                               argument));
  }
  m.backup = true;
  return Status::Ok();
}

Status ReadHeaderDirectives(const std::string& path, std::string_view text, Migration& m) {
  bool header = true;
  int line_no = 0;
  for (size_t pos = 0; pos < text.size();) {
    ++line_no;
    size_t eol = text.find('\n', pos);
    std::string_view line = text.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
    pos = eol == std::string_view::npos ? text.size() : eol + 1;
    std::string_view trimmed = Trim(line);
    auto comment = StrataComment(trimmed);
    if (header && !trimmed.empty() && trimmed.substr(0, 2) != "--") header = false;
    if (!header && !comment) {
      // Past the header only a misplaced directive matters: skip ahead to the next `strata:` at once.
      size_t next = text.find("strata:", pos);
      if (next == std::string_view::npos) break;
      size_t line_start = text.rfind('\n', next);
      line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
      if (line_start >= pos) {
        for (size_t i = pos; i < line_start; ++i) line_no += text[i] == '\n';
        pos = line_start;
      }
      continue;
    }
    if (!comment || comment->first == "allow") continue;  // `-- strata:allow`: a lint annotation
    if (!IsHeaderDirective(comment->first)) {
      if (!header) continue;
      return InvalidMigration(path, line_no,
                     fmt::format("unknown directive '-- strata:{}'; a golang-migrate file's header may hold {}",
                                 comment->first, HeaderDirectiveNames()));
    }
    if (!header) {
      return InvalidMigration(path, line_no,
                     fmt::format("'-- strata:{}' stands after the first statement; move it to the comments at the "
                                 "top of the file, where strata reads it",
                                 comment->first));
    }
    STRATA_RETURN_IF_ERROR(ApplyHeaderDirective(path, line_no, comment->first, comment->second, m));
  }
  return Status::Ok();
}

}  // namespace strata
