// Grouping files by version, pairing golang-migrate halves, parsing.
#include "source/loader.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "core/parallel.h"
#include "source/directives.h"
#include "source/file_name.h"
#include "source/file_text.h"
#include "source/sections.h"

namespace strata {
namespace {

struct NamedFile {
  MigrationFileName name;
  std::string path;  // origin/name, for messages
  size_t index;      // for the reader
  std::string content;
};

// One version's files: one, or the halves of a pair; in path order.
struct VersionFiles {
  Version version;
  std::vector<NamedFile> files;
};

// A golang-migrate pair, or Flyway's V file with its U (undo) file when there is one.
Result<Migration> ParsePair(const NamedFile& up, const NamedFile* down, MigrationFormat format) {
  for (const NamedFile* f : {&up, down}) {
    if (f) STRATA_RETURN_IF_ERROR(CheckFileText(f->path, f->content));
    // A Flyway file is plain SQL: another tool's marker in it means it was not written for Flyway.
    if (f && format == MigrationFormat::kFlyway) STRATA_RETURN_IF_ERROR(CheckPlainSql(f->path, f->content));
  }
  Migration m;
  m.version = up.name.version;
  m.name = up.name.name;
  m.format = format;
  m.paths = {up.path};
  m.up.text = WithoutBom(up.content);
  m.up.path = up.path;
  std::string hashed = m.up.text;
  if (down) {
    m.paths.push_back(down->path);
    m.down.emplace();
    m.down->text = WithoutBom(down->content);
    m.down->path = down->path;
    // The NUL keeps "a"+"bc" and "ab"+"c" apart.
    hashed += '\0';
    hashed += m.down->text;
    // golang-migrate and Flyway pair halves by version and direction only; say so when names disagree.
    if (down->name.name != up.name.name) {
      m.notes.push_back(fmt::format("up and down files have different names ('{}', '{}'); paired by version",
                                    up.name.name, down->name.name));
    }
  }
  m.checksum = Checksum(hashed);
  // The up file's header says what the pair requires, its category and description.
  STRATA_RETURN_IF_ERROR(ReadHeaderDirectives(up.path, m.up.text, m));
  return m;
}

Result<Migration> LoadVersion(const Version& version, const std::vector<NamedFile>& files) {
  const NamedFile *single = nullptr, *up = nullptr, *down = nullptr, *flyway = nullptr, *undo = nullptr;
  for (const NamedFile& f : files) {
    if (f.name.role == FileRole::kSingle) single = &f;
    if (f.name.role == FileRole::kUp) up = &f;
    if (f.name.role == FileRole::kDown) down = &f;
    if (f.name.role == FileRole::kFlyway) flyway = &f;
    if (f.name.role == FileRole::kFlywayUndo) undo = &f;
  }
  bool pair = files.size() == 2 && ((up && down) || (flyway && undo));
  if (files.size() > 1 && !pair) {
    std::string list;
    for (const NamedFile& f : files) list += fmt::format("\n  {}", f.path);
    return Status(StatusCode::kInvalidMigration,
                  fmt::format("version {} is used by {} files; versions must be unique, rename all but one:{}",
                              version.text(), files.size(), list));
  }
  if (single) return ParseMigrationFile(single->path, single->content);
  if (flyway) return ParsePair(*flyway, undo, MigrationFormat::kFlyway);
  if (undo) {
    return Status(StatusCode::kInvalidMigration,
                  fmt::format("{}: a Flyway undo file without its versioned file; add V{}__{}.sql or remove the undo file",
                              undo->path, undo->name.version.text(), undo->name.name));
  }
  if (!up) {
    return Status(StatusCode::kInvalidMigration,
                  fmt::format("{}: a down file without its up file; add the matching .up.sql file", down->path));
  }
  return ParsePair(*up, down, MigrationFormat::kGolangMigrate);
}

// Where a migration's format shows: its first marker's line, or line 1 for formats told by the name.
std::string FormatOrigin(const Migration& m) {
  const bool marked = m.format != MigrationFormat::kFlyway && m.format != MigrationFormat::kGolangMigrate;
  return fmt::format("{}:{}", m.paths[0], marked ? std::max(1, m.up.first_line - 1) : 1);
}

// Flyway, goose and sql-migrate files each mean their own tool; two tools in one directory leave it
// unclear whose rules (and whose history) apply, so that is refused. strata's own format goes with any.
Status CheckOneTool(const MigrationSet& set) {
  auto another_tool = [](MigrationFormat f) {
    return f != MigrationFormat::kStrata && f != MigrationFormat::kCode && f != MigrationFormat::kMongoJson;
  };
  auto new_tool = [](MigrationFormat f) {
    return f == MigrationFormat::kFlyway || f == MigrationFormat::kGoose || f == MigrationFormat::kSqlMigrate;
  };
  const Migration* first = nullptr;
  for (const Migration& m : set.migrations) {
    if (!another_tool(m.format)) continue;
    if (!first) {
      first = &m;
    } else if (m.format != first->format && (new_tool(m.format) || new_tool(first->format))) {
      return Status(StatusCode::kInvalidMigration,
                    fmt::format("the directory mixes two tools' formats: {} is {}, {} is {}; keep one tool's files "
                                "(convert the others, or write new migrations in strata's format, '-- strata:up')\n"
                                "nothing was applied",
                                FormatOrigin(*first), MigrationFormatName(first->format), FormatOrigin(m),
                                MigrationFormatName(m.format)));
    }
  }
  return Status::Ok();
}

}  // namespace

const Migration* MigrationSet::Find(const Version& version) const {
  auto it = std::lower_bound(migrations.begin(), migrations.end(), version,
                             [](const Migration& m, const Version& v) { return m.version < v; });
  return it != migrations.end() && it->version == version ? &*it : nullptr;
}

Result<MigrationSet> LoadNamedFiles(const std::vector<std::string>& names, const std::string& origin,
                                    const std::function<Result<std::string>(size_t, const std::string&)>& read,
                                    FactsCache* cache, bool facts_only) {
  std::vector<NamedFile> named;
  named.reserve(names.size());
  std::vector<std::string> warnings;
  std::vector<std::string> refused;  // files that cannot be read and must not be skipped
  for (size_t i = 0; i < names.size(); ++i) {
    // A name may be a path in a subfolder (2026/11/<version>_x.sql): the file's own name says what it is.
    const size_t slash = names[i].rfind('/');
    const std::string file_name = slash == std::string::npos ? names[i] : names[i].substr(slash + 1);
    const std::string folder = slash == std::string::npos ? origin
                               : origin.empty()           ? names[i].substr(0, slash)
                                                          : origin + "/" + names[i].substr(0, slash);
    auto name = ParseMigrationFileName(file_name);
    if (auto repeatable = WhyRepeatableIsRefused(file_name)) {
      refused.push_back(folder.empty() ? *repeatable : folder + "/" + *repeatable);
      continue;
    }
    if (!name) {
      if (auto why = WhyNotAMigration(file_name)) warnings.push_back(folder.empty() ? *why : folder + "/" + *why);
      continue;
    }
    named.push_back({std::move(*name), origin.empty() ? names[i] : origin + "/" + names[i], i, ""});
  }
  // Grouped by the version's number, so "001" and "1" collide as they should; sorted rather than put in a
  // map, which would allocate a node per file. In version order, the parsed migrations need no sorting.
  std::sort(named.begin(), named.end(), [](const NamedFile& a, const NamedFile& b) {
    return a.name.version.number() != b.name.version.number() ? a.name.version < b.name.version : a.path < b.path;
  });
  std::vector<VersionFiles> groups;
  groups.reserve(named.size());
  for (NamedFile& file : named) {
    if (groups.empty() || groups.back().version.number() != file.name.version.number()) {
      groups.push_back({file.name.version, {}});
    }
    groups.back().files.push_back(std::move(file));
  }
  std::vector<NamedFile>().swap(named);

  // Filled in place: a second array of migrations would double the peak memory of a large set.
  MigrationSet set;
  set.directory = origin;
  std::sort(warnings.begin(), warnings.end());
  set.warnings = std::move(warnings);
  set.migrations.resize(groups.size());
  std::vector<std::optional<Status>> failures(groups.size());
  ParallelFor(groups.size(), 256, [&](size_t g) {
    std::vector<NamedFile>& files = groups[g].files;
    std::sort(files.begin(), files.end(), [](const NamedFile& a, const NamedFile& b) { return a.path < b.path; });
    if (cache) {
      std::vector<std::string> paths;
      for (const NamedFile& f : files) paths.push_back(f.path);
      if (std::optional<Migration> known = cache->Find(paths)) {
        known->version = groups[g].version;
        set.migrations[g] = std::move(*known);
        return;
      }
    }
    for (NamedFile& f : files) {
      auto content = read(f.index, f.path);
      if (!content.ok()) {
        failures[g] = content.status();
        return;
      }
      f.content = std::move(*content);
    }
    auto migration = LoadVersion(groups[g].version, files);
    if (migration.ok()) {
      if (cache) cache->Remember(*migration);
      if (facts_only) {
        std::string().swap(migration->up.text);
        if (migration->down) std::string().swap(migration->down->text);
        migration->text_read = false;
      }
      set.migrations[g] = std::move(*migration);
    } else {
      failures[g] = migration.status();
    }
    std::vector<NamedFile>().swap(files);
  });

  std::vector<std::string> errors = std::move(refused);
  for (const auto& failure : failures) {
    if (failure) errors.push_back(failure->ToString());
  }
  if (!errors.empty()) {
    std::sort(errors.begin(), errors.end());
    std::string message = errors.size() == 1 ? errors[0] : fmt::format("{} migration files are invalid:", errors.size());
    if (errors.size() > 1) {
      for (const auto& e : errors) message += "\n  " + e;
    }
    message += "\nnothing was applied; fix the file(s) and run again";
    return Status(StatusCode::kInvalidMigration, message);
  }
  STRATA_RETURN_IF_ERROR(CheckOneTool(set));
  return set;
}

Result<MigrationSet> LoadMigrations(const std::vector<MigrationFile>& files, const std::string& origin) {
  std::vector<std::string> names;
  names.reserve(files.size());
  for (const MigrationFile& file : files) names.push_back(file.name);
  return LoadNamedFiles(names, origin,
                        [&](size_t i, const std::string&) -> Result<std::string> { return files[i].content; });
}

}  // namespace strata
