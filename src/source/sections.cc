// Parses a single-file migration (strata or dbmate format) into its up and down sections.
//
// A marker is a line `-- strata:up` or `-- strata:down` (dbmate: `-- migrate:up` / `-- migrate:down`),
// optionally followed by options such as `transaction:false`. A section runs from the line after its
// marker to the next marker or the end of the file. Before the first marker only comments and blank
// lines may stand: anything else would silently never run.
#include <fmt/format.h>

#include <regex>
#include <string>
#include <string_view>

#include "core/text.h"
#include "source/file_name.h"
#include "strata/source.h"

namespace strata {
namespace {

struct Marker {
  std::string prefix;     // "strata" or "migrate"
  std::string directive;  // "up", "down", or anything else (an error)
  std::string options;
};

std::optional<Marker> MatchMarker(std::string_view line) {
  // Cheap test first: std::regex is slow and most lines are SQL.
  if (line.find("strata:") == std::string_view::npos && line.find("migrate:") == std::string_view::npos) {
    return std::nullopt;
  }
  static const std::regex kMarker(R"(^\s*--\s*(strata|migrate):(\S*)(.*)$)");
  std::match_results<std::string_view::const_iterator> m;
  if (!std::regex_match(line.begin(), line.end(), m, kMarker)) return std::nullopt;
  return Marker{m[1].str(), m[2].str(), m[3].str()};
}

Status Invalid(const std::string& path, int line, std::string message) {
  Status s(StatusCode::kInvalidMigration, std::move(message));
  s.set_location({path, line});
  return s;
}

// Applies `transaction:false` and friends to `section`.
Status ApplyOptions(const std::string& path, int line, const std::string& options, Section& section) {
  static const std::regex kOption(R"(\S+)");
  for (std::sregex_iterator it(options.begin(), options.end(), kOption), end; it != end; ++it) {
    std::string option = it->str();
    if (option == "transaction:false") {
      section.transaction = false;
    } else if (option == "transaction:true") {
      section.transaction = true;
    } else {
      return Invalid(path, line,
                     fmt::format("unknown marker option '{}'; the only option is 'transaction:false'", option));
    }
  }
  return Status::Ok();
}

}  // namespace

Result<Migration> ParseMigrationFile(const std::string& path, std::string_view content) {
  size_t slash = path.find_last_of('/');
  std::string file_name = slash == std::string::npos ? path : path.substr(slash + 1);
  auto parsed_name = ParseMigrationFileName(file_name);
  if (!parsed_name) {
    return Invalid(path, 0, "not a migration file name: it must start with the version's digits and end in .sql");
  }
  if (size_t bad = FindInvalidUtf8(content); bad != std::string_view::npos) {
    return Invalid(path, LineOfOffset(content, bad),
                   fmt::format("not valid UTF-8 (byte {}); save the file as UTF-8", bad));
  }

  Migration m;
  m.version = parsed_name->version;
  m.name = parsed_name->name;
  m.paths = {path};
  m.checksum = Checksum(content);
  if (content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);  // a BOM is not SQL

  std::optional<Section> up, down;
  Section* current = nullptr;
  std::string format;  // "strata" or "migrate" once seen
  int up_line = 0, down_line = 0;
  size_t section_start = 0;
  size_t preamble_end = std::string_view::npos;

  auto close_section = [&](size_t end) {
    if (current) current->text = std::string(content.substr(section_start, end - section_start));
  };

  size_t pos = 0;
  int line_no = 0;
  while (pos < content.size()) {
    ++line_no;
    size_t eol = content.find('\n', pos);
    size_t next = eol == std::string_view::npos ? content.size() : eol + 1;
    std::string_view line = content.substr(pos, (eol == std::string_view::npos ? content.size() : eol) - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);

    if (auto marker = MatchMarker(line)) {
      if (!format.empty() && marker->prefix != format) {
        return Invalid(path, line_no,
                       fmt::format("mixes '-- {}:' and '-- {}:' markers; use one format per file", format,
                                   marker->prefix));
      }
      format = marker->prefix;
      if (preamble_end == std::string_view::npos) preamble_end = pos;
      std::optional<Section>* target;
      int* seen_line;
      if (marker->directive == "up") {
        target = &up, seen_line = &up_line;
      } else if (marker->directive == "down") {
        target = &down, seen_line = &down_line;
      } else {
        return Invalid(path, line_no,
                       fmt::format("unknown marker '-- {}:{}'; expected '-- {}:up' or '-- {}:down'", format,
                                   marker->directive, format, format));
      }
      if (*seen_line) {
        return Invalid(path, line_no,
                       fmt::format("second '-- {}:{}' marker (the first is at line {}); a file has one of each",
                                   format, marker->directive, *seen_line));
      }
      close_section(pos);
      *seen_line = line_no;
      target->emplace();
      (*target)->path = path;
      (*target)->first_line = line_no + 1;
      STRATA_RETURN_IF_ERROR(ApplyOptions(path, line_no, marker->options, **target));
      current = &**target;
      section_start = next;
    }
    pos = next;
  }
  close_section(content.size());

  if (!up) {
    return Invalid(path, 0,
                   "no '-- strata:up' marker: strata cannot tell which statements apply the migration; add a "
                   "line '-- strata:up' above them (and '-- strata:down' above the statements that undo them)");
  }
  std::string_view preamble = content.substr(0, preamble_end);
  if (!IsBlankSql(preamble)) {
    return Invalid(path, 1,
                   fmt::format("statements before the first marker (line {}) would never run; move them under "
                               "'-- {}:up' or '-- {}:down'",
                               std::min(up_line, down_line ? down_line : up_line), format, format));
  }
  m.format = format == "migrate" ? MigrationFormat::kDbmate : MigrationFormat::kStrata;
  m.up = std::move(*up);
  m.down = std::move(down);
  return m;
}

}  // namespace strata
