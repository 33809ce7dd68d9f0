// Parses a single-file migration (strata, dbmate, goose or sql-migrate format) into its up and down
// sections.
//
// A marker is a line `-- strata:up` or `-- strata:down` (dbmate: `-- migrate:up` / `-- migrate:down`),
// optionally followed by options such as `transaction:false`; goose's are `-- +goose Up` / `Down` and
// sql-migrate's `-- +migrate Up` / `Down` (`-- +migrate Up notransaction`). A section runs from the line
// after its marker to the next marker or the end of the file. Before the first marker only comments and
// blank lines may stand: anything else would silently never run. Header directives (`-- strata:requires`,
// `category`, `description`, `backup`: source/directives.h) stand there too, or among the comments
// that open the up section; in any format.
//
// goose and sql-migrate also mark statements that hold semicolons (`-- +goose StatementBegin` ...
// `StatementEnd`): they stay in the text as comments, checked to pair up within a section; strata's
// dialect-aware splitter keeps such bodies whole itself. goose's `-- +goose NO TRANSACTION` makes both
// sections run outside a transaction.
#include <fmt/format.h>

#include <cctype>
#include <string>
#include <string_view>

#include "core/text.h"
#include "source/sections.h"
#include "source/directives.h"
#include "source/file_name.h"
#include "source/file_text.h"
#include "source/json_migration.h"
#include "strata/source.h"

namespace strata {
namespace {

struct Marker {
  std::string prefix;     // "strata", "migrate" (dbmate), "+goose" or "+migrate" (sql-migrate)
  std::string directive;  // "up", "down", or anything else (an error); lower-case for goose, sql-migrate
  std::string options;
};

bool WordMarkers(const std::string& prefix) { return prefix == "+goose" || prefix == "+migrate"; }

// How a marker of `prefix` is written, for messages: "-- strata:up", "-- +goose Up".
std::string MarkerText(const std::string& prefix, std::string_view directive) {
  if (!WordMarkers(prefix)) return fmt::format("-- {}:{}", prefix, directive);
  std::string word(directive);
  if (!word.empty()) word[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(word[0])));
  if (word == "Statementbegin") word = "StatementBegin";
  if (word == "Statementend") word = "StatementEnd";
  if (word == "No transaction") word = "NO TRANSACTION";
  return fmt::format("-- {} {}", prefix, word);
}

std::string MarkerWordLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "-- strata:up transaction:false" -> {strata, up, " transaction:false"}; nothing for other lines.
// Hand-written: this runs on every line of every file, where std::regex would dominate loading.
std::optional<Marker> MatchMarker(std::string_view line) {
  size_t i = line.find_first_not_of(" \t");
  if (i == std::string_view::npos || line.compare(i, 2, "--") != 0) return std::nullopt;
  i = line.find_first_not_of(" \t", i + 2);
  if (i == std::string_view::npos) return std::nullopt;
  std::string_view rest = line.substr(i);
  std::string prefix;
  // goose's and sql-migrate's `-- +goose Up`: a word after a space; goose's "NO TRANSACTION" is two.
  for (std::string_view word_prefix : {"+goose", "+migrate"}) {
    if (rest.substr(0, word_prefix.size()) != word_prefix) continue;
    std::string_view after = rest.substr(word_prefix.size());
    if (!after.empty() && after[0] != ' ' && after[0] != '\t') continue;
    size_t start = after.find_first_not_of(" \t");
    if (start == std::string_view::npos) return Marker{std::string(word_prefix), "", ""};
    after = after.substr(start);
    size_t end = after.find_last_not_of(" \t");
    after = after.substr(0, end + 1);
    std::string lowered = MarkerWordLower(after);
    if (word_prefix == "+goose") return Marker{std::string(word_prefix), lowered, ""};
    size_t space = after.find_first_of(" \t");
    return Marker{std::string(word_prefix), MarkerWordLower(after.substr(0, space)),
                  space == std::string_view::npos ? "" : std::string(after.substr(space))};
  }
  if (rest.substr(0, 7) == "strata:") {
    prefix = "strata";
  } else if (rest.substr(0, 8) == "migrate:") {
    prefix = "migrate";
  } else {
    return std::nullopt;
  }
  rest.remove_prefix(prefix.size() + 1);
  size_t end = rest.find_first_of(" \t");
  std::string directive(rest.substr(0, end));
  std::string options(end == std::string_view::npos ? "" : rest.substr(end));
  return Marker{prefix, directive, options};
}

// `-- strata:allow RULE reason` accepts a risk finding (strata lint): a comment of the section, no marker.
bool IsAnnotation(const Marker& marker) { return marker.prefix == "strata" && marker.directive == "allow"; }

// Applies `transaction:false` and friends to `section` (sql-migrate: `notransaction`).
Status ApplyOptions(const std::string& path, int line, const Marker& marker, Section& section) {
  const std::string& options = marker.options;
  if (marker.prefix == "+migrate") {
    for (size_t start = options.find_first_not_of(" \t"); start != std::string::npos;
         start = options.find_first_not_of(" \t", start)) {
      size_t end = options.find_first_of(" \t", start);
      std::string option = options.substr(start, end - start);
      start = end;
      if (option != "notransaction") {
        return InvalidMigration(path, line,
                                fmt::format("unknown option '{}' of '-- +migrate {}'; sql-migrate's only option is "
                                            "'notransaction'",
                                            option, marker.directive == "up" ? "Up" : "Down"));
      }
      section.transaction = false;
    }
    return Status::Ok();
  }
  for (size_t start = options.find_first_not_of(" \t"); start != std::string::npos;
       start = options.find_first_not_of(" \t", start)) {
    size_t end = options.find_first_of(" \t", start);
    std::string option = options.substr(start, end - start);
    start = end;
    if (option == "transaction:false") {
      section.transaction = false;
    } else if (option == "transaction:true") {
      section.transaction = true;
    } else {
      return InvalidMigration(path, line,
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
    return InvalidMigration(path, 0,
                   "not a migration file name: it must start with the version's digits and end in .sql (or .json "
                   "for MongoDB)");
  }
  if (FindInvalidUtf8(file_name) != std::string::npos) {
    return InvalidMigration(Printable(path), 0,
                   "the file name is not UTF-8 (a byte of another encoding is shown as \\xNN); rename the file: "
                   "a migration's name is stored in the history and shown in every report");
  }
  if (parsed_name->role == FileRole::kFlyway || parsed_name->role == FileRole::kFlywayUndo) {
    // Plain SQL, read as the loader reads a V file without its U file (or refuses a lone U file).
    auto set = LoadMigrations({{file_name, std::string(content)}}, slash == std::string::npos ? "" : path.substr(0, slash));
    if (!set.ok()) return set.status();
    return std::move(set->migrations[0]);
  }
  STRATA_RETURN_IF_ERROR(CheckFileText(path, content));
  content = WithoutBom(content);

  Migration m;
  m.version = parsed_name->version;
  m.name = parsed_name->name;
  m.paths = {path};
  m.checksum = Checksum(content);
  if (file_name.size() > 5 && file_name.substr(file_name.size() - 5) == ".json") {
    return ParseJsonMigration(path, content, std::move(m));
  }

  std::optional<Section> up, down;
  Section* current = nullptr;
  std::string format;  // "strata" or "migrate" once seen
  int up_line = 0, down_line = 0;
  int statement_begin = 0;      // goose, sql-migrate: the line of an open StatementBegin
  bool no_transaction = false;  // goose's `-- +goose NO TRANSACTION`
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

    auto marker = MatchMarker(line);
    if (marker && marker->prefix == "strata" && IsHeaderDirective(marker->directive)) {
      // In the header: before any marker, or before the up section's first statement.
      const bool in_up = up && current == &*up;
      const bool header = preamble_end == std::string_view::npos ||
                          (in_up && IsBlankSql(content.substr(section_start, pos - section_start)));
      if (!header) {
        return InvalidMigration(path, line_no,
                       fmt::format("'-- strata:{}' stands {}; move it to the file's header, above the first "
                                   "marker, where strata reads it",
                                   marker->directive, in_up ? "after a statement" : "in the down section"));
      }
      STRATA_RETURN_IF_ERROR(ApplyHeaderDirective(path, line_no, marker->directive, marker->options, m));
    } else if (marker && !IsAnnotation(*marker)) {
      if (!format.empty() && marker->prefix != format) {
        return InvalidMigration(path, line_no,
                       fmt::format("mixes '{}' and '{}' markers, two tools' formats; use one format per file",
                                   MarkerText(format, "up"), MarkerText(marker->prefix, marker->directive)));
      }
      if (WordMarkers(marker->prefix) && marker->directive != "up" && marker->directive != "down") {
        format = marker->prefix;
        if (preamble_end == std::string_view::npos && marker->directive != "no transaction") preamble_end = pos;
        if (marker->directive == "statementbegin") {
          if (statement_begin) {
            return InvalidMigration(path, line_no,
                                    fmt::format("a second '{} StatementBegin' before the '{} StatementEnd' of the one "
                                                "at line {}; close the first one",
                                                "-- " + format, "-- " + format, statement_begin));
          }
          if (!current) {
            return InvalidMigration(path, line_no,
                                    fmt::format("'-- {} StatementBegin' before any '-- {} Up'; put it inside a section",
                                                format, format));
          }
          statement_begin = line_no;
        } else if (marker->directive == "statementend") {
          if (!statement_begin) {
            return InvalidMigration(path, line_no,
                                    fmt::format("'-- {} StatementEnd' without a '-- {} StatementBegin' above it; add "
                                                "one where the statement starts, or remove this line",
                                                format, format));
          }
          statement_begin = 0;
        } else if (marker->directive == "no transaction" && format == "+goose") {
          no_transaction = true;
        } else {
          const char* known = format == "+goose" ? "Up, Down, StatementBegin, StatementEnd and NO TRANSACTION"
                                                 : "Up, Down (with 'notransaction'), StatementBegin and StatementEnd";
          return InvalidMigration(path, line_no,
                                  fmt::format("'-- {} {}' is not read by strata; it reads {}{}", format,
                                              marker->directive.empty() ? "(nothing)" : marker->directive, known,
                                              marker->directive.starts_with("envsub")
                                                  ? "; for values from the environment use strata's ${NAME} "
                                                    "placeholders (--set NAME=VALUE or STRATA_VAR_NAME)"
                                                  : ""));
        }
        pos = next;
        continue;
      }
      if (statement_begin) {
        return InvalidMigration(path, line_no,
                                fmt::format("'-- {} StatementBegin' at line {} has no StatementEnd before this "
                                            "section ends; add '-- {} StatementEnd' after its statement",
                                            format, statement_begin, format));
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
        return InvalidMigration(path, line_no,
                       fmt::format("unknown marker '-- {}:{}'; expected '-- {}:up' or '-- {}:down'{}", format,
                                   marker->directive, format, format,
                                   format == "strata" ? ", or in the header " + HeaderDirectiveNames() : ""));
      }
      if (*seen_line) {
        return InvalidMigration(path, line_no,
                       fmt::format("second '{}' marker (the first is at line {}); a file has one of each",
                                   MarkerText(format, marker->directive), *seen_line));
      }
      close_section(pos);
      *seen_line = line_no;
      target->emplace();
      (*target)->path = path;
      (*target)->first_line = line_no + 1;
      STRATA_RETURN_IF_ERROR(ApplyOptions(path, line_no, *marker, **target));
      current = &**target;
      section_start = next;
    }
    pos = next;
  }
  close_section(content.size());
  if (statement_begin) {
    return InvalidMigration(path, statement_begin,
                            fmt::format("'-- {} StatementBegin' has no StatementEnd; add '-- {} StatementEnd' after "
                                        "its statement",
                                        format, format));
  }

  if (!up) {
    if (WordMarkers(format)) {
      return InvalidMigration(path, 0,
                              fmt::format("no '{}' marker: strata cannot tell which statements apply the migration; "
                                          "add a line '{}' above them",
                                          MarkerText(format, "up"), MarkerText(format, "up")));
    }
    return InvalidMigration(path, 0,
                   "no '-- strata:up' marker: strata cannot tell which statements apply the migration; add a "
                   "line '-- strata:up' above them (and '-- strata:down' above the statements that undo them)");
  }
  if (no_transaction) {
    up->transaction = false;
    if (down) down->transaction = false;
  }
  std::string_view preamble = content.substr(0, preamble_end);
  if (!IsBlankSql(preamble)) {
    return InvalidMigration(path, 1,
                   fmt::format("statements before the first marker (line {}) would never run; move them under "
                               "'{}' or '{}'",
                               std::min(up_line, down_line ? down_line : up_line), MarkerText(format, "up"),
                               MarkerText(format, "down")));
  }
  m.format = format == "migrate"    ? MigrationFormat::kDbmate
             : format == "+goose"   ? MigrationFormat::kGoose
             : format == "+migrate" ? MigrationFormat::kSqlMigrate
                                    : MigrationFormat::kStrata;
  // Each batch commits by itself: a part that asks to run outside a transaction contradicts that.
  for (const auto& [section, line] : {std::pair{&up, up_line}, std::pair{&down, down_line}}) {
    if (m.batch && *section && !(*section)->transaction) {
      return InvalidMigration(path, line,
                              fmt::format("'transaction:false' on a batched migration (-- strata:batch, line {}): "
                                          "each batch is its own short transaction; remove 'transaction:false'",
                                          m.batch->line));
    }
  }
  m.up = std::move(*up);
  m.down = std::move(down);
  return m;
}

Status CheckPlainSql(const std::string& path, std::string_view content) {
  int line_no = 0;
  for (size_t pos = 0; pos < content.size();) {
    ++line_no;
    size_t eol = content.find('\n', pos);
    std::string_view line = content.substr(pos, (eol == std::string_view::npos ? content.size() : eol) - pos);
    pos = eol == std::string_view::npos ? content.size() : eol + 1;
    auto marker = MatchMarker(line);
    if (!marker || IsAnnotation(*marker) || (marker->prefix == "strata" && IsHeaderDirective(marker->directive))) {
      continue;
    }
    return InvalidMigration(path, line_no,
                            fmt::format("'{}' in a Flyway file: Flyway files are plain SQL (the whole V file is the "
                                        "up part, its U file the down part), so it is unclear which tool this file "
                                        "is for; remove the marker, or rename the file to <version>_<name>.sql to use "
                                        "the markers",
                                        MarkerText(marker->prefix, marker->directive)));
  }
  return Status::Ok();
}

}  // namespace strata
