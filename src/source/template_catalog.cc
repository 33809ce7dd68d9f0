#include "source/template_catalog.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "source/file_text.h"
#include "source/templates.h"
#include "strata/source.h"

namespace strata {
namespace {

namespace fs = std::filesystem;

// MongoDB's migrations are JSON command files; every other database's are SQL.
bool IsJson(const std::string& dialect) { return dialect == "mongodb"; }
std::string Extension(const std::string& dialect) { return IsJson(dialect) ? ".json" : ".sql"; }

struct UserTemplate {
  std::string name;
  std::string path;
};

// The user templates in `directory`, by name; none when it does not exist. Files of the other kind
// (.json beside an SQL database) are not templates for this database and are left out.
Result<std::vector<UserTemplate>> UserTemplates(const std::string& directory, const std::string& dialect) {
  std::vector<UserTemplate> out;
  std::error_code ec;
  if (directory.empty() || !fs::exists(directory, ec)) return out;
  if (!fs::is_directory(directory, ec)) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("the templates directory '{}' is a file, not a directory; move it, or name another "
                              "with --templates-dir",
                              directory));
  }
  fs::directory_iterator it(directory, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const fs::path& path = it->path();
    std::string file = path.filename().string();
    if (file.empty() || file[0] == '.' || path.extension() != Extension(dialect)) continue;
    std::error_code type_error;
    if (!it->is_regular_file(type_error)) continue;
    out.push_back({path.stem().string(), (fs::path(directory) / file).string()});
  }
  if (ec)
    return Status(StatusCode::kIoError, fmt::format("cannot list the templates in '{}': {}", directory, ec.message()));
  std::sort(out.begin(), out.end(), [](const UserTemplate& a, const UserTemplate& b) { return a.name < b.name; });
  return out;
}

// A template file's text, held to the rules of a migration file's (UTF-8, no NUL, LF or CRLF): what
// it holds becomes one.
Result<std::string> ReadTemplate(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in.is_open()) return Status(StatusCode::kIoError, fmt::format("cannot read the template '{}'", path));
  std::stringstream content;
  content << in.rdbuf();
  std::string text = content.str();
  STRATA_RETURN_IF_ERROR(CheckFileText(path, text));
  return std::string(WithoutBom(text));
}

// A user template's one line for `--list`: its first `--` comment before any statement (SQL), or its
// "description" when that is not a placeholder (JSON).
std::string UserSummary(const std::string& text, bool json) {
  if (json) {
    nlohmann::json doc;
    try {
      doc = nlohmann::json::parse(text, nullptr, false);
    } catch (const nlohmann::json::exception&) {
    }
    if (doc.is_object() && doc.contains("description") && doc["description"].is_string()) {
      std::string description = doc["description"].get<std::string>();
      if (description.find("{{") == std::string::npos) return description.substr(0, description.find('\n'));
    }
    return "(no summary: give the template a \"description\")";
  }
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos) continue;
    if (line.compare(first, 2, "--") != 0) break;  // a statement: the summary would come before it
    size_t words = line.find_first_not_of(" \t-", first);
    if (words == std::string::npos || line.compare(words, 7, "strata:") == 0) continue;
    return line.substr(words);
  }
  return "(no summary: start the template with a -- comment)";
}

}  // namespace

std::string TemplatesDirectoryFor(const std::string& migrations_directory) {
  fs::path migrations(migrations_directory);
  if (!migrations.has_filename()) migrations = migrations.parent_path();  // "db/migrations/"
  return (migrations.parent_path() / "templates").string();
}

Result<std::vector<MigrationTemplateInfo>> ListMigrationTemplates(const std::string& dialect,
                                                                  const std::string& templates_directory) {
  std::map<std::string, MigrationTemplateInfo> by_name;
  for (const BuiltinTemplate& t : BuiltinTemplates(dialect)) by_name[t.name] = {t.name, t.summary, "", false};
  auto user = UserTemplates(templates_directory, dialect);
  if (!user.ok()) return user.status();
  for (const UserTemplate& u : *user) {
    auto text = ReadTemplate(u.path);
    if (!text.ok()) return text.status();
    bool builtin = by_name.count(u.name) > 0;
    by_name[u.name] = {u.name, UserSummary(*text, IsJson(dialect)), u.path, builtin};
  }
  std::vector<MigrationTemplateInfo> out;
  for (auto& [name, info] : by_name) out.push_back(std::move(info));
  return out;
}

Result<ResolvedTemplate> ResolveTemplate(const std::string& dialect, const std::string& directory,
                                         const std::string& name) {
  auto user = UserTemplates(directory, dialect);
  if (!user.ok()) return user.status();
  for (const UserTemplate& u : *user) {
    if (u.name != name) continue;
    auto text = ReadTemplate(u.path);
    if (!text.ok()) return text.status();
    return ResolvedTemplate{name, std::move(*text), u.path, IsJson(dialect)};
  }
  if (const BuiltinTemplate* t = FindBuiltinTemplate(dialect, name)) {
    return ResolvedTemplate{name, t->text, fmt::format("the built-in {} template {}", dialect, name), IsJson(dialect)};
  }
  auto all = ListMigrationTemplates(dialect, directory);
  std::string names;
  if (all.ok()) {
    for (const MigrationTemplateInfo& t : *all) names += (names.empty() ? "" : ", ") + t.name;
  }
  return Status(StatusCode::kInvalidArgument,
                fmt::format("no template '{}' for {}; the templates are: {} (`strata new --list` describes them; "
                            "a template of your own is a file {}/<name>{})",
                            name, dialect, names.empty() ? "none" : names, directory, Extension(dialect)));
}

}  // namespace strata
